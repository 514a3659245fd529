/*
 * parser/mysql/mysql_parser.c: the driver of the MySQL parser. Reads
 * files, tokenizes them (mysql_lex.c), and applies each statement to the
 * catalog: in phase order for desired files (a set: tables, then ALTERs,
 * indexes, views, routines, triggers), in file order for version scripts.
 * Dispatches each statement to its parse verb (mysql_table.c,
 * mysql_routine.c), and holds the token helpers they share.
 *
 * Memory: file texts, tokens and scratch strings live in the context's tmp
 * arena (or malloc'd strbufs for file texts) until the load or replay
 * ends; what the catalog keeps is copied into its arena.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/mysql/mysql_internal.h"
#include "parser/mysql/mysql_parser.h"
#include "util/fileio.h"
#include "util/text.h"
#include "util/sqlfiles.h"
#include "util/sqlinclude.h"
#include "util/banned.h"

/* Phases of a desired load. */
enum my_phase {
	PH_TABLE,
	PH_ALTER,
	PH_INDEX,
	PH_TABLE_LIKE,	/* a copy of the table as the set defines it */
	PH_VIEW,
	PH_ROUTINE,
	PH_TRIGGER,
	PH_OTHER,
};

struct my_token *my_tok(struct my_ctx *ctx)
{
	/* a parse step may skip a token it assumed: stay on the end */
	if (ctx->pos > ctx->st->ntoks)
		ctx->pos = ctx->st->ntoks;
	return &ctx->st->toks[ctx->pos];
}

struct my_token *my_peek(struct my_ctx *ctx, size_t ahead)
{
	size_t i = ctx->pos + ahead;
	return &ctx->st->toks[i > ctx->st->ntoks ? ctx->st->ntoks : i];
}

bool my_is(const struct my_token *t, const char *kw)
{
	return t->type == MT_WORD && !strcasecmp(t->text, kw);
}

bool my_is_op(const struct my_token *t, const char *op)
{
	return t->type == MT_OP && !strcmp(t->text, op);
}

bool my_accept(struct my_ctx *ctx, const char *kw)
{
	if (!my_is(my_tok(ctx), kw))
		return false;
	ctx->pos++;
	return true;
}

bool my_accept_op(struct my_ctx *ctx, const char *op)
{
	if (!my_is_op(my_tok(ctx), op))
		return false;
	ctx->pos++;
	return true;
}

int my_error(struct my_ctx *ctx, const struct my_token *t, int code,
	     const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	int ret;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	ret = sd_error_set(ctx->err, code, ctx->st->file,
			   t ? t->line : ctx->st->line,
			   t ? t->col : ctx->st->col, "%s", msg.buf);
	strbuf_release(&msg);
	return ret;
}

int my_expected(struct my_ctx *ctx, const char *what)
{
	struct my_token *t = my_tok(ctx);
	size_t n;

	if (t->type == MT_EOF)
		return my_error(ctx, t, SD_ERR_SYNTAX,
				"expected %s, found the end of the statement",
				what);
	n = t->end - t->off;
	return my_error(ctx, t, SD_ERR_SYNTAX, "expected %s, found `%.*s%s`",
			what, (int)(n > 40 ? 40 : n), ctx->st->sql + t->off,
			n > 40 ? "..." : "");
}

int my_expect(struct my_ctx *ctx, const char *kw)
{
	struct strbuf w = STRBUF_INIT;
	int ret;

	if (my_accept(ctx, kw))
		return 0;
	for (const char *p = kw; *p; p++)
		strbuf_addch(&w, *p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	ret = my_expected(ctx, w.buf);
	strbuf_release(&w);
	return ret;
}

int my_expect_op(struct my_ctx *ctx, const char *op)
{
	char what[16];

	if (my_accept_op(ctx, op))
		return 0;
	snprintf(what, sizeof(what), "`%s`", op);
	return my_expected(ctx, what);
}

int my_ident(struct my_ctx *ctx, const char *what, const char **out)
{
	struct my_token *t = my_tok(ctx);

	if (t->type == MT_WORD || t->type == MT_QIDENT) {
		size_t chars = 0;

		/* the server's limit (MySQL manual, "Identifier Length
		 * Limits"; MariaDB alike): 64 characters for every object
		 * name read here, tables, columns, indexes, constraints,
		 * views, routines, triggers, events, partitions */
		for (const char *p = t->text; *p; p++)
			chars += ((unsigned char)*p & 0xC0) != 0x80;
		if (chars > MY_MAX_NAME)
			return my_error(ctx, t, SD_ERR_SYNTAX,
					"name \"%.*s...\" is %zu characters long: MySQL and MariaDB allow at most %d for %s",
					(int)sd_utf8_cut(t->text, strlen(t->text), 24),
					t->text, chars, MY_MAX_NAME, what);
		*out = t->text;
		ctx->pos++;
		return 0;
	}
	return my_expected(ctx, what);
}

int my_qname(struct my_ctx *ctx, const char *what, const char **out)
{
	int ret = my_ident(ctx, what, out);

	if (!ret && my_is_op(my_tok(ctx), ".")) {
		ctx->pos++;
		ret = my_ident(ctx, what, out);
	}
	return ret;
}

void my_opt_eq(struct my_ctx *ctx)
{
	my_accept_op(ctx, "=");
}

int my_skip_parens(struct my_ctx *ctx)
{
	int depth = 0;
	int ret;

	if ((ret = my_expect_op(ctx, "(")))
		return ret;
	for (;;) {
		struct my_token *t = my_tok(ctx);
		if (t->type == MT_EOF)
			return my_expected(ctx, "`)`");
		ctx->pos++;
		if (my_is_op(t, "("))
			depth++;
		else if (my_is_op(t, ")") && depth-- == 0)
			return 0;
	}
}

void my_place(struct my_ctx *ctx, struct sd_object *obj)
{
	obj->file = ctx->st->file;
	obj->line = ctx->st->line;
}

void my_skip_definer(struct my_ctx *ctx)
{
	if (!my_accept(ctx, "definer"))
		return;
	my_opt_eq(ctx);
	if (my_tok(ctx)->type != MT_EOF)
		ctx->pos++;
	if (my_tok(ctx)->type == MT_VAR)
		ctx->pos++;
	if (my_is_op(my_tok(ctx), "(") && my_is_op(my_peek(ctx, 1), ")"))
		ctx->pos += 2;
}

void my_touch(struct my_ctx *ctx, struct sd_table *t)
{
	for (size_t i = 0; i < ctx->touched.len; i++)
		if (ctx->touched.items[i] == t)
			return;
	vec_push(&ctx->touched, t);
}

static void ctx_init(struct my_ctx *ctx, struct catalog *cat,
		     struct sd_error *err, bool script)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->cat = cat;
	ctx->err = err;
	ctx->script = script;
	arena_init(&ctx->tmp);
	strmap_init(&ctx->tindex);
	for (size_t i = 0; i < cat->nall; i++) {
		struct sd_index *ix = (struct sd_index *)cat->all[i];
		struct vec *v;
		if (ix->base.kind != SD_INDEX ||
		    catalog_lookup(cat, ix->base.key) != &ix->base)
			continue;
		v = strmap_get(&ctx->tindex, ix->table);
		if (!v) {
			v = calloc(1, sizeof(*v));
			if (!v)
				abort();
			strmap_put(&ctx->tindex, ix->table, v);
		}
		vec_push(v, ix);
	}
}

static void ctx_release(struct my_ctx *ctx)
{
	my_index_map_release(ctx);
	vec_release(&ctx->touched);
	vec_release(&ctx->named_fks);
	arena_release(&ctx->tmp);
}

/* The statement's first words decide its phase (desired loads). */
static int phase_of(struct my_stmt *st)
{
	struct my_token *t = st->toks;
	size_t i = 1;

	if (my_is(&t[0], "alter") && st->ntoks > 1 &&
	    (my_is(&t[1], "event") || my_is(&t[1], "definer"))) {
		/* ALTER EVENT: after the CREATE EVENTs */
		for (size_t k = 1; k < st->ntoks && k < 8; k++)
			if (my_is(&t[k], "event"))
				return PH_OTHER;
	}
	if (my_is(&t[0], "alter") || my_is(&t[0], "rename"))
		return PH_ALTER;
	if (!my_is(&t[0], "create"))
		return PH_OTHER;
	while (i < st->ntoks) {
		struct my_token *w = &t[i];
		if (my_is(w, "table")) {
			/* CREATE TABLE x LIKE y, CREATE TABLE x (LIKE y) */
			for (size_t k = i + 1; k < st->ntoks && k < i + 8; k++)
				if (my_is(&t[k], "like"))
					return PH_TABLE_LIKE;
			return PH_TABLE;
		}
		if (my_is(w, "index"))
			return PH_INDEX;
		if (my_is(w, "view"))
			return PH_VIEW;
		if (my_is(w, "function") || my_is(w, "procedure"))
			return PH_ROUTINE;
		if (my_is(w, "trigger") || my_is(w, "event"))
			return PH_TRIGGER;
		if (my_is(w, "definer")) {
			i += 2;
			while (i < st->ntoks && t[i].type == MT_VAR)
				i++;
			continue;
		}
		i++;
	}
	return PH_OTHER;
}

/* Statements that read or change data, transactions, privileges and the
 * server's state: not part of a schema. A dump holds them (LOCK TABLES,
 * INSERT ... UNLOCK TABLES), and so do schema files with their seed rows;
 * both are skipped. */
static bool is_data_stmt(const struct my_token *t)
{
	static const char *const data[] = {
		"insert", "update", "delete", "replace", "select", "load",
		"truncate", "lock", "unlock", "start", "begin", "commit",
		"rollback", "flush", "analyze", "optimize", "grant", "revoke",
		"handler", "savepoint", "release", "xa", "set", NULL
	};
	for (size_t i = 0; data[i]; i++)
		if (my_is(t, data[i]))
			return true;
	return false;
}

static int skip_stmt(struct my_ctx *ctx)
{
	ctx->pos = ctx->st->ntoks;
	return 0;
}

/* The session variables a routine, trigger or event keeps from the
 * session it is created in. */
enum { SESS_MODE, SESS_CS_CLIENT, SESS_COLL_CONNECTION, SESS__N };

/* Which of them a SET names (sql_mode, @@sql_mode, @@session.sql_mode,
 * @@local.sql_mode and the same of character_set_client and
 * collation_connection), else -1. */
static int session_var(const struct my_token *t)
{
	static const char *const names[SESS__N] = {
		"sql_mode", "character_set_client", "collation_connection"
	};
	const char *n = t->text;

	if (t->type == MT_VAR) {
		if (strncmp(n, "@@", 2))
			return -1;
		n += 2;
		if (!strncasecmp(n, "session.", 8))
			n += 8;
		else if (!strncasecmp(n, "local.", 6))
			n += 6;
	} else if (t->type != MT_WORD) {
		return -1;
	}
	for (int i = 0; i < SESS__N; i++)
		if (!strcasecmp(n, names[i]))
			return i;
	return -1;
}

/* A character set or collation name as a SET writes it (a word, a
 * `name` or a 'string'), else NULL (DEFAULT, @saved_cs_client). */
static const char *set_name(const struct my_token *t)
{
	if (t->type != MT_WORD && t->type != MT_QIDENT && t->type != MT_STRING)
		return NULL;
	if (t->type == MT_WORD && my_is(t, "default"))
		return NULL;
	return t->text;
}

/* Past the value of one assignment: up to the next `,` outside
 * parentheses, or the end. */
static void skip_set_value(struct my_ctx *ctx)
{
	int depth = 0;

	for (; ctx->pos < ctx->st->ntoks; ctx->pos++) {
		struct my_token *t = my_tok(ctx);
		if (my_is_op(t, "("))
			depth++;
		else if (my_is_op(t, ")"))
			depth--;
		else if (!depth && my_is_op(t, ","))
			return;
	}
}

/*
 * What a SET says of the session the next routines, triggers and events
 * of the file are created in, as a dump writes it before each: [SESSION |
 * LOCAL] sql_mode = 'x', character_set_client = cs, collation_connection
 * = coll (or their @@ forms; = or :=), NAMES cs [COLLATE coll] (both; the
 * collation the set's default when not given). said[i] is set for each
 * variable assigned and val[i] to its kept form, NULL for a value that
 * is not a literal (the dump's restore from @saved_sql_mode, DEFAULT).
 * false for a statement that is no SET. The current statement is st,
 * from its first token.
 */
static bool set_session(struct my_ctx *ctx, bool said[SESS__N],
			const char *val[SESS__N])
{
	bool any = false;

	if (!my_accept(ctx, "set"))
		return false;
	for (;;) {
		struct my_token *t;
		int var;

		if (my_is(my_tok(ctx), "session") || my_is(my_tok(ctx), "local"))
			ctx->pos++;
		t = my_tok(ctx);
		if (t->type == MT_WORD && my_is(t, "names")) {
			const char *cs, *coll = NULL;

			ctx->pos++;
			cs = set_name(my_tok(ctx));
			ctx->pos++;
			if (my_accept(ctx, "collate")) {
				coll = set_name(my_tok(ctx));
				ctx->pos++;
			}
			cs = my_charset_norm(ctx, cs);
			coll = coll ? my_collation_norm(ctx, coll)
				    : cs ? my_default_collation(ctx, cs) : NULL;
			said[SESS_CS_CLIENT] = said[SESS_COLL_CONNECTION] = true;
			val[SESS_CS_CLIENT] = cs ? catalog_strdup(ctx->cat, cs)
						 : NULL;
			val[SESS_COLL_CONNECTION] =
				cs && coll ? catalog_strdup(ctx->cat, coll) : NULL;
			any = true;
		} else if ((var = session_var(t)) >= 0) {
			const struct my_token *v;

			ctx->pos++;
			if (!my_accept_op(ctx, "=") && !my_accept_op(ctx, ":="))
				return any;
			v = my_tok(ctx);
			ctx->pos++;
			said[var] = true;
			if (var == SESS_MODE)
				val[var] = v->type == MT_STRING
					   ? sd_mysql_sql_mode(ctx->cat, v->text)
					   : NULL;
			else if (!set_name(v))
				val[var] = NULL;
			else
				val[var] = catalog_strdup(ctx->cat,
					var == SESS_CS_CLIENT
					? my_charset_norm(ctx, set_name(v))
					: my_collation_norm(ctx, set_name(v)));
			/* an expression: not a value kept */
			if (ctx->pos < ctx->st->ntoks &&
			    !my_is_op(my_tok(ctx), ",")) {
				val[var] = NULL;
				skip_set_value(ctx);
			}
			any = true;
		} else {
			/* another variable (SET @saved_cs_client = ...,
			 * FOREIGN_KEY_CHECKS = 0) */
			skip_set_value(ctx);
		}
		if (!my_accept_op(ctx, ","))
			return any;
	}
}

/* Each statement's session (sql_mode, client character set, connection
 * collation), in file order (before a desired load sorts them by kind);
 * a new file starts with nothing said. */
static void stmt_modes(struct my_ctx *ctx, struct vec *stmts)
{
	const char *cur[SESS__N] = { NULL }, *file = NULL;

	for (size_t i = 0; i < stmts->len; i++) {
		struct my_stmt *st = stmts->items[i];
		bool said[SESS__N] = { false };
		const char *val[SESS__N] = { NULL };

		if (!file || !st->file || strcmp(file, st->file))
			memset(cur, 0, sizeof(cur));
		file = st->file;
		ctx->st = st;
		ctx->pos = 0;
		if (st->ntoks && set_session(ctx, said, val))
			for (int k = 0; k < SESS__N; k++)
				if (said[k])
					cur[k] = val[k];
		st->sql_mode = cur[SESS_MODE];
		st->cs_client = cur[SESS_CS_CLIENT];
		st->coll_connection = cur[SESS_COLL_CONNECTION];
	}
	ctx->st = NULL;
	ctx->pos = 0;
}

const char *my_sql_mode(struct my_ctx *ctx)
{
	return ctx->st ? ctx->st->sql_mode : NULL;
}

const char *my_cs_client(struct my_ctx *ctx)
{
	return ctx->st ? ctx->st->cs_client : NULL;
}

const char *my_coll_connection(struct my_ctx *ctx)
{
	return ctx->st ? ctx->st->coll_connection : NULL;
}

/* The options of CREATE/ALTER DATABASE (the current token is the first):
 * [DEFAULT] CHARACTER SET/CHARSET [=] cs, [DEFAULT] COLLATE [=] coll are
 * the database's default, kept in the catalog unless `keep` is false
 * (CREATE DATABASE IF NOT EXISTS: the server applies them only to a
 * database it creates, and the target exists, so they say nothing about
 * it: its default is left as it is, as the client's load leaves it); the
 * others (COMMENT) are not schema and skipped. */
static int database_options(struct my_ctx *ctx, bool keep)
{
	const char *cs = NULL, *coll = NULL;
	int ret;

	while (ctx->pos < ctx->st->ntoks) {
		struct my_token *tk = my_tok(ctx);
		if (my_is(tk, "default"))
			tk = my_tok(ctx) + 1, ctx->pos++;
		if (my_accept(ctx, "charset") ||
		    (my_is(tk, "character") &&
		     my_is(my_peek(ctx, 1), "set"))) {
			if (my_is(tk, "character"))
				ctx->pos += 2;
			if ((ret = my_option_value(ctx, &cs)))
				return ret;
		} else if (my_accept(ctx, "collate")) {
			if ((ret = my_option_value(ctx, &coll)))
				return ret;
		} else {
			ctx->pos++;
		}
	}
	if (cs && !strcasecmp(cs, "default"))
		cs = NULL;
	if (coll && !strcasecmp(coll, "default"))
		coll = NULL;
	cs = my_charset_norm(ctx, cs);
	coll = my_collation_norm(ctx, coll);
	if (coll && !cs)
		cs = my_collation_charset(ctx, coll);
	if (cs && !coll)
		coll = my_default_collation(ctx, cs);
	if (cs && keep) {
		ctx->cat->mysql_db_charset =
			arena_strdup(&ctx->cat->arena, cs);
		ctx->cat->mysql_db_collation =
			arena_strdup(&ctx->cat->arena, coll);
	}
	return 0;
}

/* CREATE DATABASE [IF NOT EXISTS] name ... or USE name (the current token
 * is the name's first): a dump of one database names its target this
 * way, and the statements are taken as naming the database schemadiff
 * works on. A second database is an error: a schema root holds one. */
static int name_database(struct my_ctx *ctx, bool keep)
{
	struct my_token *at = my_tok(ctx);
	const char *name = NULL;
	int ret;

	if ((ret = my_ident(ctx, "a database name", &name)))
		return ret;
	if (!ctx->db) {
		ctx->db = arena_strdup(&ctx->tmp, name);
		ctx->db_file = ctx->st->file;
		ctx->db_line = at->line;
	} else if (strcmp(ctx->db, name)) {
		return my_error(ctx, at, SD_ERR_UNSUPPORTED,
				"a second database `%s` (`%s` is named at "
				"%s:%d): a schema root holds one database",
				name, ctx->db, ctx->db_file, ctx->db_line);
	}
	return database_options(ctx, keep);
}

static int apply_stmt(struct my_ctx *ctx)
{
	struct my_token *t = my_tok(ctx);
	int ret;

	if (my_accept(ctx, "use"))
		return name_database(ctx, true);
	if (is_data_stmt(t))
		return skip_stmt(ctx);
	if (my_is(t, "call") || my_is(t, "do"))
		return ctx->script ? skip_stmt(ctx) :
		       my_error(ctx, t, SD_ERR_UNSUPPORTED,
				"desired files hold schema statements only, "
				"found `%s`", t->text);
	if (my_accept(ctx, "create")) {
		/* OR REPLACE: the verbs read it from the statement's
		 * tokens */
		if (my_is(my_tok(ctx), "or") &&
		    my_is(my_peek(ctx, 1), "replace"))
			ctx->pos += 2;
		if (my_accept(ctx, "database") || my_accept(ctx, "schema")) {
			bool keep = true;

			if (my_is(my_tok(ctx), "if")) {
				ctx->pos++;
				if ((ret = my_expect(ctx, "not")) ||
				    (ret = my_expect(ctx, "exists")))
					return ret;
				keep = false;
			}
			return name_database(ctx, keep);
		}
		{
			/* objects a schema root does not hold, or not yet:
			 * named, not a syntax error */
			static const char *const other[] = {
				"sequence", "user", "role", "server", "package",
				"tablespace", "logfile", NULL
			};
			for (size_t i = 0; other[i]; i++)
				if (my_is(my_tok(ctx), other[i]))
					return my_error(ctx, my_tok(ctx),
							SD_ERR_UNSUPPORTED,
							"CREATE %s is not "
							"supported",
							my_tok(ctx)->text);
		}
		if (my_accept(ctx, "temporary"))
			return my_error(ctx, t, SD_ERR_UNSUPPORTED,
					"CREATE TEMPORARY TABLE is not part of "
					"a schema");
		if (my_is(my_tok(ctx), "table")) {
			size_t save = ctx->pos;
			for (size_t k = 1; k < 8; k++)
				if (my_is(my_peek(ctx, k), "like")) {
					ctx->pos = save;
					return my_create_table_like(ctx);
				}
			return my_create_table(ctx);
		}
		if (my_is(my_tok(ctx), "unique") ||
		    my_is(my_tok(ctx), "fulltext") ||
		    my_is(my_tok(ctx), "spatial") ||
		    my_is(my_tok(ctx), "vector") ||
		    my_is(my_tok(ctx), "index"))
			return my_create_index(ctx);
		/* ALGORITHM = x, DEFINER = y, SQL SECURITY z: views and
		 * routines */
		return my_create_view(ctx);
	}
	if (my_accept(ctx, "alter")) {
		if (my_is(my_tok(ctx), "definer")) {
			size_t save = ctx->pos;
			my_skip_definer(ctx);
			if (!my_is(my_tok(ctx), "event"))
				ctx->pos = save;
		}
		if (my_accept(ctx, "event"))
			return my_alter_event(ctx);
		if (my_is(my_tok(ctx), "table") ||
		    my_is(my_tok(ctx), "online") ||
		    my_is(my_tok(ctx), "ignore"))
			return my_alter_table(ctx);
		if (my_accept(ctx, "database") || my_accept(ctx, "schema")) {
			/* ALTER DATABASE [name] options: the name, when
			 * given, is the one database of the set */
			struct my_token *w = my_tok(ctx);
			if (ctx->pos < ctx->st->ntoks &&
			    !my_is(w, "default") && !my_is(w, "character") &&
			    !my_is(w, "charset") && !my_is(w, "collate") &&
			    !my_is(w, "comment") && !my_is(w, "upgrade"))
				return name_database(ctx, true);
			return database_options(ctx, true);
		}
		if (my_is(my_tok(ctx), "view") || my_is(my_tok(ctx), "definer") ||
		    my_is(my_tok(ctx), "algorithm") ||
		    my_is(my_tok(ctx), "sql"))
			return my_error(ctx, t, SD_ERR_UNSUPPORTED,
					"ALTER VIEW is not supported: write "
					"CREATE OR REPLACE VIEW");
		if (my_is(my_tok(ctx), "procedure") ||
		    my_is(my_tok(ctx), "function"))
			return my_error(ctx, t, SD_ERR_UNSUPPORTED,
					"ALTER %s is not supported: write "
					"the routine again (DROP and CREATE)",
					my_tok(ctx)->text);
		return my_error(ctx, t, SD_ERR_UNSUPPORTED,
				"unsupported statement ALTER %s",
				my_tok(ctx)->text);
	}
	if (my_is(t, "drop") && !ctx->script) {
		/* mysqldump writes DROP ... IF EXISTS before each CREATE:
		 * nothing to keep; any other DROP has no place in a set */
		for (size_t i = 1; i + 1 < ctx->st->ntoks && i < 4; i++)
			if (my_is(&ctx->st->toks[i], "if") &&
			    my_is(&ctx->st->toks[i + 1], "exists"))
				return skip_stmt(ctx);
		return my_error(ctx, t, SD_ERR_UNSUPPORTED,
				"DROP in a desired file: desired files hold "
				"the objects to keep");
	}
	if (my_accept(ctx, "drop")) {
		struct my_token *w = my_tok(ctx);
		my_accept(ctx, "temporary");
		if (my_is(w, "table") || my_is(w, "tables"))
			return my_drop_table(ctx, false);
		if (my_is(w, "view"))
			return my_drop_table(ctx, true);
		if (my_is(w, "index"))
			return my_drop_index(ctx);
		if (my_is(w, "trigger"))
			return my_drop_other(ctx, SD_TRIGGER);
		if (my_is(w, "function") || my_is(w, "procedure"))
			return my_drop_other(ctx, SD_FUNCTION);
		if (my_is(w, "event"))
			return my_drop_event(ctx);
		if (my_is(w, "database") || my_is(w, "schema"))
			return ctx->script ? skip_stmt(ctx) :
			       my_error(ctx, t, SD_ERR_UNSUPPORTED,
					"DROP DATABASE in a desired file");
		return my_error(ctx, t, SD_ERR_UNSUPPORTED,
				"unsupported statement DROP %s", w->text);
	}
	if (my_accept(ctx, "rename"))
		return my_rename_table(ctx);
	return my_error(ctx, t, SD_ERR_UNSUPPORTED,
			"unsupported statement `%s`", t->text);
}

static int apply_one(struct my_ctx *ctx, struct my_stmt *st)
{
	int ret;

	ctx->st = st;
	ctx->pos = 0;
	ctx->touched.len = 0;
	if (ctx->script)
		ctx->named_fks.len = 0;
	ret = apply_stmt(ctx);
	if (!ret && my_tok(ctx)->type != MT_EOF)
		ret = my_expected(ctx, "the end of the statement");
	/* InnoDB adds foreign keys' indexes as each statement ends; a
	 * desired set gets them once complete (apply_desired) */
	if (!ret && ctx->script)
		for (size_t i = 0; i < ctx->touched.len; i++)
			my_fk_indexes(ctx, ctx->touched.items[i]);
	return ret;
}

static int cmp_phase(const void *pa, const void *pb)
{
	const struct my_stmt *a = *(const struct my_stmt *const *)pa;
	const struct my_stmt *b = *(const struct my_stmt *const *)pb;

	if (a->phase != b->phase)
		return a->phase < b->phase ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int apply_desired(struct my_ctx *ctx, struct vec *stmts)
{
	struct vec tables = VEC_INIT;
	int ret;

	stmt_modes(ctx, stmts);
	for (size_t i = 0; i < stmts->len; i++) {
		struct my_stmt *st = stmts->items[i];
		st->phase = phase_of(st);
		st->order = i;
	}
	vec_sort(stmts, cmp_phase);
	for (size_t i = 0; i < stmts->len; i++)
		if ((ret = apply_one(ctx, stmts->items[i])))
			return ret;
	catalog_list(ctx->cat, SD_TABLE, &tables);
	for (size_t i = 0; i < tables.len; i++)
		my_fk_indexes(ctx, tables.items[i]);
	vec_release(&tables);
	my_view_deps(ctx->cat);
	return 0;
}

/* Lex sql (the text of file) into stmts, with the files it includes as
 * the mysql client would run them (util/sqlinclude.h): each piece under
 * its own file's name, its text in ctx->tmp (as long as the tokens). */
static int lex_with_includes(struct my_ctx *ctx, const char *file,
			     const char *sql, struct vec *stmts)
{
	struct sd_sql_pieces pieces = SD_SQL_PIECES_INIT;
	int ret = sd_sql_includes(true, file, sql, &pieces, ctx->err);

	for (size_t i = 0; i < pieces.n && !ret; i++) {
		const struct sd_sql_piece *pc = &pieces.items[i];
		const char *fname = catalog_strdup(ctx->cat, pc->file);
		const char *text = arena_strndup(&ctx->tmp, pc->text,
						 strlen(pc->text));

		ret = my_lex(&ctx->tmp, fname, text, &ctx->cat->mysql_target,
			     stmts, ctx->err);
	}
	sd_sql_pieces_release(&pieces);
	return ret;
}

int mysql_load_desired_text(struct catalog *cat, const char *file,
			    const char *sql, struct sd_error *err)
{
	struct my_ctx ctx;
	struct vec stmts = VEC_INIT;
	const char *fname = catalog_strdup(cat, file ? file : "");
	int ret;

	ctx_init(&ctx, cat, err, false);
	ret = lex_with_includes(&ctx, fname, sql, &stmts);
	if (!ret)
		ret = apply_desired(&ctx, &stmts);
	vec_release(&stmts);
	ctx_release(&ctx);
	return ret;
}

int mysql_replay_script(struct catalog *cat, const char *file,
			const char *sql, struct sd_error *err)
{
	struct my_ctx ctx;
	struct vec stmts = VEC_INIT;
	const char *fname = catalog_strdup(cat, file ? file : "");
	int ret;

	ctx_init(&ctx, cat, err, true);
	ret = lex_with_includes(&ctx, fname, sql, &stmts);
	if (!ret)
		stmt_modes(&ctx, &stmts);
	for (size_t i = 0; i < stmts.len && !ret; i++)
		ret = apply_one(&ctx, stmts.items[i]);
	if (!ret)
		my_view_deps(cat);
	vec_release(&stmts);
	ctx_release(&ctx);
	return ret;
}

int mysql_load_desired(struct catalog *cat, const char *const *paths,
		       size_t npaths, struct sd_error *err)
{
	struct my_ctx ctx;
	struct vec files = VEC_INIT, stmts = VEC_INIT;
	int ret = 0;

	ctx_init(&ctx, cat, err, false);
	ret = sd_sql_files(paths, npaths, &files, err);
	for (size_t i = 0; i < files.len && !ret; i++) {
		struct strbuf text = STRBUF_INIT;
		const char *fname = catalog_strdup(cat, files.items[i]);

		if (!(ret = sd_read_file(&text, fname, err)))
			ret = lex_with_includes(&ctx, fname, text.buf, &stmts);
		strbuf_release(&text);
	}
	if (!ret)
		ret = apply_desired(&ctx, &stmts);
	for (size_t i = 0; i < files.len; i++)
		free(files.items[i]);
	vec_release(&files);
	vec_release(&stmts);
	ctx_release(&ctx);
	return ret;
}
