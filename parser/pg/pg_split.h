/*
 * parser/pg/pg_split.h: a PostgreSQL script split into its statements, each
 * with its place in the file, for executing version files one statement at
 * a time (drivers run what this returns; the catalog is not involved).
 *
 * Memory: a struct pg_script owns an arena holding the statements' text;
 * pg_script_release() frees it.
 */
#ifndef SD_PG_SPLIT_H
#define SD_PG_SPLIT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/error.h"

struct pg_stmt {
	const char *sql;	/* from its first token to its end, without
				 * the closing ';' (NUL-terminated copy) */
	size_t offset;		/* byte offset of the first token in the file */
	int line;		/* 1-based line and column of the first token */
	int col;
};

struct pg_script {
	struct arena arena;
	struct pg_stmt *stmts;
	size_t nstmts;
};

#define PG_SCRIPT_INIT { ARENA_INIT, NULL, 0 }

/* Split sql (the text of `file`, named in messages) with libpg_query's
 * parser-based splitter: semicolons in strings, comments, dollar-quoted
 * bodies and CREATE RULE (...; ...) do not split. Empty statements and
 * comment-only tails are dropped. out must be PG_SCRIPT_INIT (or released).
 * SD_ERR_SYNTAX with FILE:LINE:COL of the offending token. */
int pg_split(const char *file, const char *sql, struct pg_script *out,
	     struct sd_error *err);
void pg_script_release(struct pg_script *s);

/* A statement's place in a text as libpg_query's parser gives it: loc is
 * where the previous statement ended (blanks and comments before its first
 * token included), len runs to just before its closing ';' or to the end
 * of the text. */
struct pg_span {
	size_t loc;
	size_t len;
};

/* A syntax error found by pg_split_spans(). */
struct pg_split_error {
	bool has_pos;		/* the parser said where */
	size_t offset;		/* then: byte offset of the token in the text */
	char msg[256];
};

/* The window pg_split_spans() parses at a time, unless told otherwise. */
#define PG_SPLIT_WINDOW (64 * 1024)

/*
 * psql meta-commands (a backslash starting a line, outside literals,
 * quoted names, comments and dollar quotes), as dumps and install scripts
 * hold them. Those that change nothing in the database a file builds
 * (\restrict and \unrestrict that pg_dump 15.14+ writes, \set, \echo,
 * \pset, \encoding, ...) are blanked out: *masked is a malloc'd copy of
 * sql with each such line's bytes turned into spaces (lengths and line
 * breaks kept, so positions stay those of sql), or NULL when sql has none.
 * Those that change what runs or where (\i, \connect, \if, \copy, \q,
 * ...) are refused: SD_ERR_UNSUPPORTED with *e at the backslash.
 */
int pg_psql_meta(const char *sql, char **masked, struct pg_split_error *e);

/* Split sql into statement spans with libpg_query's parser, as
 * pg_query_split_with_parser() does for the whole text, but parsing a
 * window of about `window` bytes (0: PG_SPLIT_WINDOW) at a time so that
 * the parse tree of a large file is never held whole: a window ends after
 * a likely statement end; every statement but the window's last is taken,
 * and the next window starts at that last one (so a badly guessed end
 * costs a retry with a wider window, never a wrong split). A statement
 * longer than the window widens it.
 *
 * Memory: *out is malloc'd (the caller frees it, also after an error);
 * libpg_query's memory is released before each window's next.
 * Returns 0, or SD_ERR_SYNTAX with *e filled (statements before the error
 * may be in *out). */
int pg_split_spans(const char *sql, size_t window, struct pg_span **out,
		   size_t *nout, struct pg_split_error *e);

/* NULL when stmt may run inside a transaction block; otherwise why not
 * ("CREATE INDEX CONCURRENTLY cannot run inside a transaction block").
 * Covers VACUUM, CREATE/DROP DATABASE, CREATE/DROP TABLESPACE, ALTER
 * SYSTEM, CONCURRENTLY forms of CREATE/DROP/REINDEX INDEX and DETACH
 * PARTITION, ALTER TYPE ... ADD VALUE before PostgreSQL 12 (server_version
 * as PQserverVersion gives it; 0: unknown, taken as current), and
 * transaction control (BEGIN, COMMIT, ROLLBACK, ...), which would break a
 * version's atomicity. The returned string is static. */
const char *pg_stmt_no_transaction(const char *stmt, int server_version);

/* Byte offset of the 1-based character position pos in text (UTF-8), as
 * the server and libpg_query count error positions. */
size_t pg_char_to_byte(const char *text, int pos);

#endif
