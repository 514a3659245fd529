/*
 * parser/mysql/mysql_internal.h: shared between the files of parser/mysql:
 * the tokenizer's output (statements as token arrays with positions) and
 * the interpreter's context.
 *
 * Memory: tokens, statements and every scratch string live in the
 * context's tmp arena (or the arena handed to my_lex()), released when a
 * load or replay ends. What the catalog keeps is copied into its arena.
 */
#ifndef SD_MYSQL_INTERNAL_H
#define SD_MYSQL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "model/catalog.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/vec.h"

enum my_toktype {
	MT_EOF,		/* end of the statement (sentinel) */
	MT_WORD,	/* a bare word: keyword or identifier */
	MT_QIDENT,	/* `backquoted` identifier; text: unquoted */
	MT_STRING,	/* '...' or "..."; text: the value */
	MT_NUMBER,	/* as written */
	MT_HEXBIT,	/* x'..', b'..', 0x..: as written */
	MT_VAR,		/* @v, @@v, @'host' */
	MT_OP,		/* punctuation and operators */
};

struct my_token {
	enum my_toktype type;
	const char *text;	/* NUL-terminated (see enum my_toktype) */
	size_t off, end;	/* bytes [off, end) of the file's text */
	int line, col;		/* 1-based */
};

struct my_stmt {
	struct my_token *toks;	/* ntoks tokens, then an MT_EOF */
	size_t ntoks;
	const char *file;
	const char *sql;	/* the whole file's text */
	size_t off, end;	/* the statement's text, without delimiter */
	int line, col;
	int phase;		/* desired loads: enum my_phase */
	size_t order;
	/* the last SET sql_mode before it in its file (kept form,
	 * sd_mysql_sql_mode()); NULL: not said */
	const char *sql_mode;
	/* the last SET character_set_client / collation_connection (or
	 * NAMES) before it in its file, lower case; NULL: not said */
	const char *cs_client, *coll_connection;
};

/* Tokenize sql (named file in messages) into statements, appended to
 * stmts (struct my_stmt * allocated in a). DELIMITER lines change the
 * delimiter and are left out; the contents of versioned comments
 * (slash-star-bang, and MariaDB's slash-star-M-bang) are read as SQL
 * when target runs them (its flavor's rules and version), else they are
 * plain comments; target NULL: every version up to 129999 runs.
 * SD_ERR_SYNTAX on an unterminated string or comment. */
int my_lex(struct arena *a, const char *file, const char *sql,
	   const struct sd_mysql_target *target, struct vec *stmts,
	   struct sd_error *err);

struct my_ctx {
	struct catalog *cat;
	struct sd_error *err;
	bool script;		/* a version script (else a desired set) */
	struct arena tmp;
	struct my_stmt *st;	/* the statement being applied */
	size_t pos;		/* its current token */
	/* table name -> struct vec * of its struct sd_index (malloc'd) */
	struct strmap tindex;
	struct vec touched;	/* tables changed by the statement */
	/* names (the constraints' own pointers) of the foreign keys the
	 * statement named explicitly: their implicit index takes the
	 * name */
	struct vec named_fks;
	/* the database a CREATE DATABASE or USE named (a dump's target),
	 * with where; NULL when none did */
	const char *db;
	const char *db_file;
	int db_line;
};

/* The sql_mode a routine, trigger or event the current statement creates
 * runs with: the last SET sql_mode before it in its file, else NULL. */
const char *my_sql_mode(struct my_ctx *ctx);
/* The same of its client character set and connection collation. */
const char *my_cs_client(struct my_ctx *ctx);
const char *my_coll_connection(struct my_ctx *ctx);

/* Tokens. */
struct my_token *my_tok(struct my_ctx *ctx);
struct my_token *my_peek(struct my_ctx *ctx, size_t ahead);
bool my_is(const struct my_token *t, const char *kw);
bool my_is_op(const struct my_token *t, const char *op);
bool my_accept(struct my_ctx *ctx, const char *kw);
bool my_accept_op(struct my_ctx *ctx, const char *op);
int my_expect(struct my_ctx *ctx, const char *kw);
int my_expect_op(struct my_ctx *ctx, const char *op);
/* An identifier (bare word or backquoted); *out in tmp. what names it in
 * the message when something else is found. */
/* The longest object name MySQL and MariaDB accept, in characters. */
#define MY_MAX_NAME 64
/* An identifier (bare or `quoted`); over MY_MAX_NAME characters is an
 * error at its position. */
int my_ident(struct my_ctx *ctx, const char *what, const char **out);
/* [db.]name: the database part is dropped (one database). */
int my_qname(struct my_ctx *ctx, const char *what, const char **out);
/* SD_ERR_SYNTAX at the current token: "expected WHAT, found `tok`". */
int my_expected(struct my_ctx *ctx, const char *what);
/* An error at token t (NULL: the statement's start). */
int my_error(struct my_ctx *ctx, const struct my_token *t, int code,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Skip an optional `=`. */
void my_opt_eq(struct my_ctx *ctx);
/* Skip a balanced (...) group starting at the current `(`. */
int my_skip_parens(struct my_ctx *ctx);
/* Set where obj was defined (the current statement). */
void my_place(struct my_ctx *ctx, struct sd_object *obj);

/* Expressions (mysql_expr.c). */
/* Print tokens [from, to) in the canonical spelling (see docs/mysql.md):
 * identifiers backquoted, keywords and function names in lower case,
 * one spacing. */
void my_print_tokens(struct strbuf *out, const struct my_token *toks,
		     size_t from, size_t to);
/* `(` expr `)`: the inner expression printed canonically into out. */
int my_paren_expr(struct my_ctx *ctx, struct strbuf *out);
/* A DEFAULT value (after the keyword) for a column of type type. */
int my_default(struct my_ctx *ctx, const char *type, struct strbuf *out);
/* A column type with its modifiers (UNSIGNED, ZEROFILL, CHARACTER SET,
 * COLLATE, BINARY), canonical (docs/mysql.md). *charset, *collation:
 * as written (NULL when not), in tmp. *json set for JSON; *serial for
 * SERIAL. */
struct my_type {
	const char *type;
	const char *charset, *collation;
	bool json, serial;
};
int my_type(struct my_ctx *ctx, struct my_type *ty);
/* Charsets: the default collation of a charset; the charset of a
 * collation; utf8 -> utf8mb3. Results in tmp. */
const char *my_charset_norm(struct my_ctx *ctx, const char *cs);
const char *my_default_collation(struct my_ctx *ctx, const char *cs);
const char *my_collation_norm(struct my_ctx *ctx, const char *coll);
const char *my_collation_charset(struct my_ctx *ctx, const char *coll);
bool my_type_is_text(const char *type);
bool my_type_is_numeric(const char *type);
/* Copy into tmp, lower-cased. */
const char *my_lower(struct my_ctx *ctx, const char *s);

/* Tables (mysql_table.c). */
int my_create_table(struct my_ctx *ctx);
int my_create_table_like(struct my_ctx *ctx);
int my_alter_table(struct my_ctx *ctx);
int my_create_index(struct my_ctx *ctx);
int my_drop_index(struct my_ctx *ctx);
int my_drop_table(struct my_ctx *ctx, bool view);
int my_rename_table(struct my_ctx *ctx);
/* A table option's value after an optional `=`; *out in tmp. */
int my_option_value(struct my_ctx *ctx, const char **out);
/* An engine as the server spells it (InnoDB, MyISAM, MEMORY ...). */
const char *my_engine_name(const char *e);
/* Implicit foreign-key indexes of a table (see docs/mysql.md). */
void my_fk_indexes(struct my_ctx *ctx, struct sd_table *t);
void my_index_map_release(struct my_ctx *ctx);
void my_touch(struct my_ctx *ctx, struct sd_table *t);

/* Partitioning (mysql_partition.c), at PARTITION BY, ADD / DROP /
 * COALESCE PARTITION: t->partkey as SHOW CREATE TABLE prints it. */
int my_partition_clause(struct my_ctx *ctx, struct sd_table *t);
int my_add_partitions(struct my_ctx *ctx, struct sd_table *t);
int my_drop_partitions(struct my_ctx *ctx, struct sd_table *t);
int my_coalesce_partitions(struct my_ctx *ctx, struct sd_table *t);

/* Views, triggers, routines (mysql_routine.c). */
int my_create_view(struct my_ctx *ctx);
/* A simple view's query [start, end) of tk in the text the server keeps
 * (mysql_view.c), appended to out: true; false (out untouched) when the
 * query is not one it knows the server's form of. aliases: the view's
 * column list (naliases names), or none. */
bool my_view_server_form(struct catalog *cat, const struct my_token *tk,
			 size_t start, size_t end, const char *const *aliases,
			 size_t naliases, struct strbuf *out);
/* Record what each view reads: a dependency on every table or view its
 * query names (after a desired set is complete, after each script). */
void my_view_deps(struct catalog *cat);
int my_create_trigger(struct my_ctx *ctx);
int my_create_routine(struct my_ctx *ctx, bool procedure);
int my_drop_other(struct my_ctx *ctx, enum sd_kind kind);
/* Skip DEFINER = user@host. */
void my_skip_definer(struct my_ctx *ctx);
/* The rest of the statement from the current token, as written, trimmed
 * (a body); in tmp. */
const char *my_rest_of_stmt(struct my_ctx *ctx);

/* Events (mysql_event.c): after CREATE .. EVENT, after ALTER .. EVENT,
 * at EVENT of DROP EVENT. */
int my_create_event(struct my_ctx *ctx);
int my_alter_event(struct my_ctx *ctx);
int my_drop_event(struct my_ctx *ctx);

#endif
