/*
 * parser/mysql/mysql_routine.c: CREATE VIEW, TRIGGER, FUNCTION and
 * PROCEDURE for the MySQL parser, and their DROPs. View queries are
 * re-printed canonically; trigger and routine bodies are kept as written
 * (trimmed), as the server's ACTION_STATEMENT and ROUTINE_DEFINITION are
 * (docs/mysql.md).
 *
 * Memory: scratch in ctx->tmp; the catalog keeps copies in its arena.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "parser/mysql/mysql_internal.h"
#include "util/banned.h"

static const char *cat_str(struct my_ctx *ctx, const char *s)
{
	return catalog_strdup(ctx->cat, s);
}

static bool or_replace(struct my_ctx *ctx)
{
	return ctx->st->ntoks > 2 && my_is(&ctx->st->toks[1], "or") &&
	       my_is(&ctx->st->toks[2], "replace");
}

static int defined_twice(struct my_ctx *ctx, const struct my_token *at,
			 const char *what, const char *name,
			 const struct sd_object *o)
{
	if (!ctx->script && o->file)
		return my_error(ctx, at, SD_ERR,
				"%s `%s` is defined twice: here and at %s:%d",
				what, name, o->file, o->line);
	return my_error(ctx, at, SD_ERR, "%s `%s` already exists", what,
			name);
}

/* The rest of the statement, as written, trimmed. */
static const char *rest_of_stmt(struct my_ctx *ctx)
{
	struct my_token *t = my_tok(ctx);
	size_t end = ctx->st->end;

	if (t->type == MT_EOF)
		return "";
	if (end < t->off)
		end = t->off;
	/* a body inside a versioned comment ends before the closer */
	if (end - t->off >= 2 && ctx->st->sql[end - 1] == '/' &&
	    ctx->st->sql[end - 2] == '*' &&
	    ctx->st->toks[ctx->st->ntoks - 1].end <= end - 2)
		end = ctx->st->toks[ctx->st->ntoks - 1].end;
	while (end > t->off && (ctx->st->sql[end - 1] == ' ' ||
				ctx->st->sql[end - 1] == '\t' ||
				ctx->st->sql[end - 1] == '\n' ||
				ctx->st->sql[end - 1] == '\r'))
		end--;
	return arena_strndup(&ctx->tmp, ctx->st->sql + t->off, end - t->off);
}

const char *my_rest_of_stmt(struct my_ctx *ctx)
{
	return rest_of_stmt(ctx);
}

static bool is_name(const struct my_token *t)
{
	return t->type == MT_WORD || t->type == MT_QIDENT;
}

static bool is_relation(struct my_ctx *ctx, const char *name)
{
	return catalog_find(ctx->cat, SD_TABLE, NULL, name) ||
	       catalog_find(ctx->cat, SD_VIEW, NULL, name);
}

/* Is tk[i] a string's character set introducer naming the connection's
 * set (SET NAMES, character_set_client; else utf8mb4), where that is
 * utf8mb4, the set of schemadiff's own connection? _utf8mb4'x' is then
 * 'x', and VIEW_DEFINITION prints it so. Another session's introducer
 * (SET NAMES latin1, _latin1'x') is kept: a version script is replayed
 * and run in utf8mb4, where it means something else than without. */
static bool connection_introducer(struct my_ctx *ctx,
				  const struct my_token *tk, size_t i,
				  size_t end)
{
	const char *cs = my_cs_client(ctx) ? my_cs_client(ctx) : "utf8mb4";

	return tk[i].type == MT_WORD && tk[i].text[0] == '_' &&
	       i + 1 < end && tk[i + 1].type == MT_STRING &&
	       !strcasecmp(cs, "utf8mb4") &&
	       !strcasecmp(tk[i].text + 1, "utf8mb4");
}

/* The tokens [start, end) of a view's query without the qualifier of
 * its own database and (intro: true) without the introducers
 * connection_introducer() names, into kept; their count. *stripped: an
 * introducer was left out. */
static size_t keep_tokens(struct my_ctx *ctx, size_t start, size_t end,
			  bool intro, struct my_token *kept, bool *stripped)
{
	const struct my_token *tk = ctx->st->toks;
	size_t n = 0;

	for (size_t i = start; i < end; i++) {
		bool dot_before = i > start && my_is_op(&tk[i - 1], ".");

		if (intro && connection_introducer(ctx, tk, i, end)) {
			*stripped = true;
			continue;
		}
		if (!dot_before && i + 2 < end && is_name(&tk[i]) &&
		    my_is_op(&tk[i + 1], ".") && is_name(&tk[i + 2])) {
			bool three = i + 4 < end && my_is_op(&tk[i + 3], ".") &&
				     is_name(&tk[i + 4]);
			if (three || (is_relation(ctx, tk[i + 2].text) &&
				      !is_relation(ctx, tk[i].text))) {
				i++;
				continue;
			}
		}
		kept[n++] = tk[i];
	}
	return n;
}

/* A view's query, canonical, without the qualifier of its own database
 * (`db`.`t`, `db`.`t`.`c`), as docs/mysql.md keeps VIEW_DEFINITION: a
 * two-part name loses its first part when the second names a table or
 * view and the first does not; a string's introducer of the
 * connection's character set is left out, as VIEW_DEFINITION leaves it
 * out. When one was, and the query keeps its token print, *written gets
 * the text with the introducers (what goes to a server, so that SHOW
 * CREATE VIEW shows them as the client's load does); else it is left
 * empty. */
static void print_query(struct my_ctx *ctx, struct strbuf *out,
			struct strbuf *written, size_t start, size_t end,
			const char *const *cols, size_t ncols,
			bool *cols_folded)
{
	struct my_token *kept = arena_alloc(&ctx->tmp,
					    (end - start + 1) * sizeof(*kept));
	bool stripped = false;
	size_t n = keep_tokens(ctx, start, end, true, kept, &stripped);

	/* the server's form when the query is simple enough to know it
	 * (mysql_view.c); the column list is then in the AS names */
	*cols_folded = my_view_server_form(ctx->cat, kept, 0, n, cols, ncols,
					   out);
	if (*cols_folded)
		return;
	my_print_tokens(out, kept, 0, n);
	if (stripped) {
		n = keep_tokens(ctx, start, end, false, kept, &stripped);
		my_print_tokens(written, kept, 0, n);
	}
}

static int create_view(struct my_ctx *ctx, const char *algorithm,
		       const char *security)
{
	struct my_token *at;
	struct sd_view *v;
	struct sd_object *old;
	struct strbuf q = STRBUF_INIT, w = STRBUF_INIT;
	struct vec cols = VEC_INIT;
	bool folded;
	const char *name;
	size_t start, end;
	int ret;

	if (my_is(my_tok(ctx), "if") && my_is(my_peek(ctx, 1), "not"))
		ctx->pos += 3;
	at = my_tok(ctx);
	if ((ret = my_qname(ctx, "a view name", &name)))
		return ret;
	if (my_accept_op(ctx, "(")) {
		do {
			const char *c;
			if ((ret = my_ident(ctx, "a column name", &c)))
				goto out;
			vec_push(&cols, (void *)c);
		} while (my_accept_op(ctx, ","));
		if ((ret = my_expect_op(ctx, ")")))
			goto out;
	}
	if ((ret = my_expect(ctx, "as")))
		goto out;
	start = ctx->pos;
	end = ctx->st->ntoks;
	/* WITH [CASCADED|LOCAL] CHECK OPTION at the end */
	{
		char check = 0;
		struct my_token *tk = ctx->st->toks;
		if (end >= 3 && my_is(&tk[end - 1], "option") &&
		    my_is(&tk[end - 2], "check")) {
			check = SD_CHECK_CASCADED;
			end -= 2;
			if (my_is(&tk[end - 1], "local")) {
				check = SD_CHECK_LOCAL;
				end--;
			} else if (my_is(&tk[end - 1], "cascaded")) {
				end--;
			}
			if (end > start && my_is(&tk[end - 1], "with"))
				end--;
		}
		if (start >= end) {
			ret = my_expected(ctx, "a query");
			goto out;
		}
		print_query(ctx, &q, &w, start, end,
			    (const char *const *)cols.items, cols.len, &folded);
		if (folded)
			cols.len = 0;
		ctx->pos = ctx->st->ntoks;
		old = catalog_lookup(ctx->cat, catalog_key(ctx->cat, SD_VIEW,
							   NULL, name));
		if (old && old->kind == SD_VIEW && ctx->script &&
		    or_replace(ctx))
			catalog_remove(ctx->cat, old);
		else if (old) {
			ret = defined_twice(ctx, at, "view", name, old);
			goto out;
		}
		v = catalog_add(ctx->cat, SD_VIEW, NULL, name);
		if (!v) {
			ret = my_error(ctx, at, SD_ERR, "`%s` already exists",
				       name);
			goto out;
		}
		my_place(ctx, &v->base);
		v->check_option = check;
	}
	v->query = cat_str(ctx, q.buf);
	if (w.len)
		v->written = cat_str(ctx, w.buf);
	if (cols.len) {
		v->ncolumns = cols.len;
		v->columns = arena_alloc(&ctx->cat->arena,
					 cols.len * sizeof(char *));
		for (size_t i = 0; i < cols.len; i++)
			v->columns[i] = cat_str(ctx, cols.items[i]);
	}
	if (algorithm || security) {
		v->options = arena_alloc(&ctx->cat->arena, 2 * sizeof(char *));
		if (algorithm)
			v->options[v->noptions++] = arena_printf(
				&ctx->cat->arena, "algorithm=%s", algorithm);
		if (security)
			v->options[v->noptions++] = "sql_security=INVOKER";
	}
out:
	strbuf_release(&q);
	strbuf_release(&w);
	vec_release(&cols);
	return ret;
}

/* After CREATE [OR REPLACE]: ALGORITHM, DEFINER, SQL SECURITY, then VIEW,
 * TRIGGER, FUNCTION, PROCEDURE or EVENT. */
int my_create_view(struct my_ctx *ctx)
{
	const char *algorithm = NULL, *security = NULL;
	struct my_token *t;

	for (;;) {
		if (my_accept(ctx, "algorithm")) {
			my_opt_eq(ctx);
			t = my_tok(ctx);
			if (my_is(t, "merge"))
				algorithm = "MERGE";
			else if (my_is(t, "temptable"))
				algorithm = "TEMPTABLE";
			else if (!my_is(t, "undefined"))
				return my_expected(ctx, "UNDEFINED, MERGE or "
						   "TEMPTABLE");
			ctx->pos++;
		} else if (my_is(my_tok(ctx), "definer")) {
			my_skip_definer(ctx);
		} else if (my_is(my_tok(ctx), "sql") &&
			   my_is(my_peek(ctx, 1), "security")) {
			ctx->pos += 2;
			t = my_tok(ctx);
			if (my_is(t, "invoker"))
				security = "INVOKER";
			else if (!my_is(t, "definer"))
				return my_expected(ctx, "DEFINER or INVOKER");
			ctx->pos++;
		} else {
			break;
		}
	}
	if (my_accept(ctx, "view"))
		return create_view(ctx, algorithm, security);
	if (my_accept(ctx, "trigger"))
		return my_create_trigger(ctx);
	if (my_accept(ctx, "function"))
		return my_create_routine(ctx, false);
	if (my_accept(ctx, "procedure"))
		return my_create_routine(ctx, true);
	if (my_is(my_tok(ctx), "aggregate"))
		return my_error(ctx, my_tok(ctx), SD_ERR_UNSUPPORTED,
				"CREATE AGGREGATE FUNCTION is not supported");
	if (my_accept(ctx, "event"))
		return my_create_event(ctx);
	return my_expected(ctx, "TABLE, INDEX, VIEW, TRIGGER, FUNCTION, "
			   "PROCEDURE or EVENT");
}

/* After TRIGGER: [IF NOT EXISTS] name BEFORE|AFTER event ON t FOR EACH
 * ROW [FOLLOWS|PRECEDES x] body */
int my_create_trigger(struct my_ctx *ctx)
{
	struct my_token *at;
	const char *name, *tname, *timing, *event, *body;
	struct sd_object *old;
	struct sd_table *t;
	struct sd_trigger *tg;
	struct strbuf def = STRBUF_INIT;
	const char *full;
	int ret;

	if (my_is(my_tok(ctx), "if") && my_is(my_peek(ctx, 1), "not"))
		ctx->pos += 3;
	at = my_tok(ctx);
	if ((ret = my_qname(ctx, "a trigger name", &name)))
		return ret;
	if (my_is(my_tok(ctx), "before") || my_is(my_tok(ctx), "after"))
		timing = my_is(my_tok(ctx), "before") ? "BEFORE" : "AFTER";
	else
		return my_expected(ctx, "BEFORE or AFTER");
	ctx->pos++;
	if (my_is(my_tok(ctx), "insert"))
		event = "INSERT";
	else if (my_is(my_tok(ctx), "update"))
		event = "UPDATE";
	else if (my_is(my_tok(ctx), "delete"))
		event = "DELETE";
	else
		return my_expected(ctx, "INSERT, UPDATE or DELETE");
	ctx->pos++;
	if ((ret = my_expect(ctx, "on")) ||
	    (ret = my_qname(ctx, "a table name", &tname)) ||
	    (ret = my_expect(ctx, "for")) || (ret = my_expect(ctx, "each")) ||
	    (ret = my_expect(ctx, "row")))
		return ret;
	if (my_is(my_tok(ctx), "follows") || my_is(my_tok(ctx), "precedes")) {
		struct my_token *o = my_tok(ctx);
		const char *other;
		ctx->pos++;
		if ((ret = my_ident(ctx, "a trigger name", &other)))
			return ret;
		sd_warn(ctx->st->file, o->line, o->col,
			"%s `%s` is not modelled: triggers of one timing "
			"and event are created in file order", o->text,
			other);
	}
	if (my_tok(ctx)->type == MT_EOF)
		return my_expected(ctx, "a trigger body");
	body = rest_of_stmt(ctx);
	ctx->pos = ctx->st->ntoks;
	t = catalog_find(ctx->cat, SD_TABLE, NULL, tname);
	if (!t)
		return my_error(ctx, at, SD_ERR,
				"trigger `%s` is on table `%s`, which does not "
				"exist", name, tname);
	full = arena_printf(&ctx->tmp, "%s.%s", tname, name);
	old = catalog_lookup(ctx->cat, catalog_key(ctx->cat, SD_TRIGGER, NULL,
						   full));
	if (old && ctx->script && or_replace(ctx))
		catalog_remove(ctx->cat, old);
	else if (old)
		return defined_twice(ctx, at, "trigger", name, old);
	tg = catalog_add(ctx->cat, SD_TRIGGER, NULL, full);
	if (!tg)
		return my_error(ctx, at, SD_ERR, "trigger `%s` already exists",
				name);
	my_place(ctx, &tg->base);
	tg->sql_mode = my_sql_mode(ctx);
	tg->cs_client = my_cs_client(ctx);
	tg->coll_connection = my_coll_connection(ctx);
	tg->table = t->base.name;
	tg->tgname = cat_str(ctx, name);
	strbuf_addstr(&def, "CREATE TRIGGER ");
	sql_quote_ident(&def, SQL_MYSQL, name);
	strbuf_addf(&def, " %s %s ON ", timing, event);
	sql_quote_ident(&def, SQL_MYSQL, tname);
	strbuf_addf(&def, " FOR EACH ROW %s", body);
	tg->definition = cat_str(ctx, def.buf);
	catalog_add_dep(ctx->cat, &tg->base, t->base.key);
	strbuf_release(&def);
	return 0;
}

/* A parameter or RETURNS type, canonical, with an explicit CHARSET. */
static int routine_type(struct my_ctx *ctx, struct strbuf *out)
{
	struct my_type ty;
	int ret = my_type(ctx, &ty);

	if (ret)
		return ret;
	strbuf_addstr(out, ty.type);
	if (ty.charset)
		strbuf_addf(out, " CHARSET %s", my_charset_norm(ctx,
								ty.charset));
	if (ty.collation)
		strbuf_addf(out, " COLLATE %s",
			    my_collation_norm(ctx, ty.collation));
	return 0;
}

/* After FUNCTION / PROCEDURE. */
int my_create_routine(struct my_ctx *ctx, bool procedure)
{
	struct my_token *at;
	struct strbuf args = STRBUF_INIT, result = STRBUF_INIT;
	struct strbuf def = STRBUF_INIT;
	const char *name, *comment = NULL, *data = NULL, *body;
	bool deterministic = false, invoker = false;
	struct sd_object *old;
	struct sd_function *f;
	int ret;

	if (my_is(my_tok(ctx), "if") && my_is(my_peek(ctx, 1), "not"))
		ctx->pos += 3;
	at = my_tok(ctx);
	if ((ret = my_qname(ctx, "a routine name", &name)) ||
	    (ret = my_expect_op(ctx, "(")))
		goto out;
	if (!my_is_op(my_tok(ctx), ")")) {
		do {
			const char *mode = "IN", *pname;
			if (my_accept(ctx, "in"))
				mode = "IN";
			else if (my_accept(ctx, "out"))
				mode = "OUT";
			else if (my_accept(ctx, "inout"))
				mode = "INOUT";
			if ((ret = my_ident(ctx, "a parameter name", &pname)))
				goto out;
			if (args.len)
				strbuf_addstr(&args, ", ");
			if (procedure)
				strbuf_addf(&args, "%s ", mode);
			sql_quote_ident(&args, SQL_MYSQL, pname);
			strbuf_addch(&args, ' ');
			if ((ret = routine_type(ctx, &args)))
				goto out;
		} while (my_accept_op(ctx, ","));
	}
	if ((ret = my_expect_op(ctx, ")")))
		goto out;
	if (!procedure) {
		if ((ret = my_expect(ctx, "returns")) ||
		    (ret = routine_type(ctx, &result)))
			goto out;
	}
	for (;;) {
		struct my_token *t = my_tok(ctx);
		if (my_accept(ctx, "comment")) {
			if (my_tok(ctx)->type != MT_STRING) {
				ret = my_expected(ctx, "a string");
				goto out;
			}
			comment = my_tok(ctx)->text;
			ctx->pos++;
		} else if (my_accept(ctx, "language")) {
			ctx->pos++;
		} else if (my_accept(ctx, "deterministic")) {
			deterministic = true;
		} else if (my_is(t, "not") &&
			   my_is(my_peek(ctx, 1), "deterministic")) {
			ctx->pos += 2;
			deterministic = false;
		} else if (my_is(t, "contains") &&
			   my_is(my_peek(ctx, 1), "sql")) {
			ctx->pos += 2;
			data = NULL;
		} else if (my_is(t, "no") && my_is(my_peek(ctx, 1), "sql")) {
			ctx->pos += 2;
			data = "NO SQL";
		} else if (my_is(t, "reads") && my_is(my_peek(ctx, 1), "sql")) {
			ctx->pos += 3;
			data = "READS SQL DATA";
		} else if (my_is(t, "modifies") &&
			   my_is(my_peek(ctx, 1), "sql")) {
			ctx->pos += 3;
			data = "MODIFIES SQL DATA";
		} else if (my_is(t, "sql") &&
			   my_is(my_peek(ctx, 1), "security")) {
			ctx->pos += 2;
			invoker = my_is(my_tok(ctx), "invoker");
			ctx->pos++;
		} else {
			break;
		}
	}
	if (my_tok(ctx)->type == MT_EOF) {
		ret = my_expected(ctx, "a routine body");
		goto out;
	}
	body = rest_of_stmt(ctx);
	ctx->pos = ctx->st->ntoks;
	old = catalog_lookup(ctx->cat, catalog_key(ctx->cat, SD_FUNCTION, NULL,
						   name));
	if (old && ctx->script && or_replace(ctx)) {
		catalog_remove(ctx->cat, old);
	} else if (old) {
		ret = defined_twice(ctx, at, procedure ? "procedure" :
				    "function", name, old);
		goto out;
	}
	f = catalog_add(ctx->cat, SD_FUNCTION, NULL, name);
	if (!f) {
		ret = my_error(ctx, at, SD_ERR, "`%s` already exists", name);
		goto out;
	}
	f->sql_mode = my_sql_mode(ctx);
	f->cs_client = my_cs_client(ctx);
	f->coll_connection = my_coll_connection(ctx);
	my_place(ctx, &f->base);
	f->fname = f->base.name;
	f->is_procedure = procedure;
	f->identity_args = "";
	f->args = cat_str(ctx, args.buf);
	f->result = procedure ? NULL : cat_str(ctx, result.buf);
	strbuf_addf(&def, "CREATE %s ", procedure ? "PROCEDURE" : "FUNCTION");
	sql_quote_ident(&def, SQL_MYSQL, name);
	strbuf_addf(&def, "(%s)", args.buf);
	if (!procedure)
		strbuf_addf(&def, " RETURNS %s", result.buf);
	if (deterministic)
		strbuf_addstr(&def, "\nDETERMINISTIC");
	if (data)
		strbuf_addf(&def, "\n%s", data);
	if (invoker)
		strbuf_addstr(&def, "\nSQL SECURITY INVOKER");
	if (comment && *comment) {
		strbuf_addstr(&def, "\nCOMMENT ");
		sql_quote_literal(&def, SQL_MYSQL, comment);
	}
	strbuf_addf(&def, "\n%s", body);
	f->definition = cat_str(ctx, def.buf);
out:
	strbuf_release(&args);
	strbuf_release(&result);
	strbuf_release(&def);
	return ret;
}

/* DROP TRIGGER / FUNCTION / PROCEDURE [IF EXISTS] name */
int my_drop_other(struct my_ctx *ctx, enum sd_kind kind)
{
	struct my_token *at;
	bool procedure = my_is(my_tok(ctx), "procedure");
	bool ie = false;
	const char *name;
	struct sd_object *o = NULL;
	int ret;

	ctx->pos++;
	if (my_is(my_tok(ctx), "if") && my_is(my_peek(ctx, 1), "exists")) {
		ctx->pos += 2;
		ie = true;
	}
	at = my_tok(ctx);
	if ((ret = my_qname(ctx, "a name", &name)))
		return ret;
	if (kind == SD_TRIGGER) {
		for (size_t i = 0; i < ctx->cat->nall && !o; i++) {
			struct sd_trigger *tg =
				(struct sd_trigger *)ctx->cat->all[i];
			if (tg->base.kind == SD_TRIGGER &&
			    !strcmp(tg->tgname, name) &&
			    catalog_lookup(ctx->cat, tg->base.key) ==
				    &tg->base)
				o = &tg->base;
		}
	} else {
		struct sd_function *f = catalog_find(ctx->cat, SD_FUNCTION,
						     NULL, name);
		if (f && f->is_procedure == procedure)
			o = &f->base;
	}
	if (!o)
		return ie ? 0 : my_error(ctx, at, SD_ERR,
					 "%s `%s` does not exist",
					 kind == SD_TRIGGER ? "trigger" :
					 procedure ? "procedure" : "function",
					 name);
	catalog_remove(ctx->cat, o);
	return 0;
}

/* Add dep to the relation named by the identifier [s, s + n), if any. */
static void view_dep(struct catalog *cat, struct sd_view *v, const char *s,
		     size_t n)
{
	struct strbuf name = STRBUF_INIT;
	struct sd_object *o;

	strbuf_add(&name, s, n);
	o = catalog_find(cat, SD_TABLE, NULL, name.buf);
	if (!o)
		o = catalog_find(cat, SD_VIEW, NULL, name.buf);
	if (o && o != &v->base)
		catalog_add_dep(cat, &v->base, o->key);
	strbuf_release(&name);
}

void my_view_deps(struct catalog *cat)
{
	struct vec views = VEC_INIT;

	catalog_list(cat, SD_VIEW, &views);
	for (size_t i = 0; i < views.len; i++) {
		struct sd_view *v = views.items[i];
		const char *p = v->query;

		while (p && *p) {
			if (*p == '\'' || *p == '"') {
				char q = *p++;
				while (*p && *p != q)
					p += (*p == '\\' && p[1]) ? 2 : 1;
				if (*p)
					p++;
			} else if (*p == '`') {
				const char *s = ++p;
				while (*p && *p != '`')
					p++;
				view_dep(cat, v, s, (size_t)(p - s));
				if (*p)
					p++;
			} else if (isalpha((unsigned char)*p) || *p == '_') {
				const char *s = p;
				while (isalnum((unsigned char)*p) || *p == '_' ||
				       *p == '$')
					p++;
				view_dep(cat, v, s, (size_t)(p - s));
			} else {
				p++;
			}
		}
	}
	vec_release(&views);
}
