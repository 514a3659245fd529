/*
 * parser/pg/pg_function.c: functions, procedures and triggers.
 * CREATE [OR REPLACE] FUNCTION/PROCEDURE, CREATE [CONSTRAINT] TRIGGER,
 * DROP FUNCTION/PROCEDURE/ROUTINE/TRIGGER, COMMENT ON FUNCTION/PROCEDURE/
 * TRIGGER, and the late pass that records which tables, indexes, views
 * and domains call a function (so that the function is created first).
 *
 * A function's definition is the statement as the deparser prints it, made
 * CREATE OR REPLACE and schema-qualified; the body string is kept as
 * written. A trigger's definition is its statement with the table and the
 * function schema-qualified. Both are compared as text: offline both sides
 * come through here, live both sides are read back from a server.
 *
 * Memory: the parse tree is the driver's (names swapped in for a deparse
 * are put back before returning); everything kept is in the catalog's
 * arena.
 */
#include "parser/pg/pg_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/sqlquote.h"
#include "util/strbuf.h"
#include "util/banned.h"

static bool param_in_identity(PgQuery__FunctionParameterMode m, bool proc)
{
	switch (m) {
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT:
		return proc;	/* procedures: OUT is in the signature */
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE:
		return false;
	default:
		return true;
	}
}

static const char *mode_word(PgQuery__FunctionParameterMode m)
{
	switch (m) {
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT:
		return "OUT ";
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT:
		return "INOUT ";
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC:
		return "VARIADIC ";
	default:
		return "";
	}
}

/* Canonical type text of tn into out; a user type's key is recorded as a
 * dependency of obj (when obj is set and the type is in the catalog). */
static int fn_type(struct pg_ctx *ctx, const PgQuery__TypeName *tn,
		   struct strbuf *out, struct sd_object *obj)
{
	enum pg_serial serial;
	const char *dep = NULL;
	int ret;

	if (tn->setof)
		strbuf_addstr(out, "SETOF ");
	if ((ret = pg_format_type(ctx, tn, out, &dep, &serial)))
		return ret;
	/* a type not made yet may be a row type of a relation made later
	 * in a desired set: pg_resolve_rowtype_deps() */
	if (obj && dep)
		catalog_add_dep(ctx->cat, obj, dep);
	return 0;
}

/* "name(types)" for a list of TypeName nodes (DROP/COMMENT ON FUNCTION). */
static int identity_of(struct pg_ctx *ctx, const char *fname,
		       PgQuery__Node **types, size_t n, struct strbuf *out)
{
	int ret;

	strbuf_addstr(out, fname);
	strbuf_addch(out, '(');
	for (size_t i = 0; i < n; i++) {
		if (types[i]->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
			continue;
		if (i)
			strbuf_addstr(out, ", ");
		if ((ret = fn_type(ctx, types[i]->type_name, out, NULL)))
			return ret;
	}
	strbuf_addch(out, ')');
	return 0;
}

/* Deparse a statement node with its name list replaced by `names` (and a
 * RangeVar's schema by `rv_schema`), then put the tree back. */
static int deparse_with(PgQuery__Node *stmt, PgQuery__Node ***slot,
			size_t *nslot, PgQuery__Node **names, size_t nnames,
			PgQuery__RangeVar *rv, const char *rv_schema,
			struct strbuf *out, struct strbuf *msg)
{
	PgQuery__Node **old_names = *slot;
	size_t old_n = *nslot;
	char *old_schema = rv ? rv->schemaname : NULL;
	int ret;

	*slot = names;
	*nslot = nnames;
	if (rv)
		rv->schemaname = (char *)rv_schema;
	ret = pg_deparse_stmt(stmt, out, msg);
	*slot = old_names;
	*nslot = old_n;
	if (rv)
		rv->schemaname = old_schema;
	return ret;
}

/*
 * The text of a BEGIN ATOMIC body as written (from BEGIN to the
 * statement's end), into out: for a body the deparser cannot print
 * (libpg_query 15 printed none; 18 prints them, so this is the fallback
 * when deparsing the whole statement fails). The
 * scanner finds the keywords, so that strings and comments that hold
 * them do not count. 0, or SD_ERR_SYNTAX when there is none.
 */
static int atomic_body_text(struct pg_ctx *ctx, struct strbuf *out)
{
	const char *stmt = ctx->sql + ctx->stmt_loc;
	char *text = strndup(stmt, (size_t)ctx->stmt_len);
	PgQueryScanResult res;
	PgQuery__ScanResult *scan = NULL;
	int from = -1;

	if (!text)
		abort();
	res = pg_query_scan(text);
	if (!res.error)
		scan = pg_query__scan_result__unpack(NULL, res.pbuf.len,
						     (const uint8_t *)
							     res.pbuf.data);
	for (size_t i = 0; scan && i + 1 < scan->n_tokens && from < 0; i++)
		if (scan->tokens[i]->token == PG_QUERY__TOKEN__BEGIN_P &&
		    scan->tokens[i + 1]->token == PG_QUERY__TOKEN__ATOMIC)
			from = scan->tokens[i]->start;
	if (from >= 0) {
		size_t end = (size_t)ctx->stmt_len;
		while (end > (size_t)from &&
		       (strchr(" \t\r\n;", text[end - 1])))
			end--;
		strbuf_add(out, text + from, end - (size_t)from);
	}
	if (scan)
		pg_query__scan_result__free_unpacked(scan, NULL);
	pg_query_free_scan_result(res);
	free(text);
	return from >= 0 ? 0 : pg_error(ctx, SD_ERR_SYNTAX, -1,
					"no BEGIN ATOMIC body found");
}

/* Where a function option goes in the canonical statement (the order
 * pg_get_functiondef() prints them in); -1: an option that states the
 * default (VOLATILE, CALLED ON NULL INPUT, SECURITY INVOKER, NOT
 * LEAKPROOF, PARALLEL UNSAFE, COST 100 of a SQL or PL function, ROWS
 * 1000), left out as the server leaves it out. */
static int option_rank(const PgQuery__DefElem *d, const char *language,
		       bool returns_set)
{
	static const char *const order[] = {
		"language", "transform", "window", "volatility", "strict",
		"security", "leakproof", "parallel", "cost", "rows",
		"support", "set", "as",
	};
	const PgQuery__Node *a = d->arg;
	const char *v = a && a->node_case == PG_QUERY__NODE__NODE_STRING
				? a->string->sval : NULL;
	bool off = a && a->node_case == PG_QUERY__NODE__NODE_BOOLEAN &&
		   !a->boolean->boolval;
	long n = a && a->node_case == PG_QUERY__NODE__NODE_INTEGER
			 ? a->integer->ival
			 : a && a->node_case == PG_QUERY__NODE__NODE_FLOAT
				   ? strtol(a->float_->fval, NULL, 10) : -1;

	if (!d->defname)
		return (int)(sizeof(order) / sizeof(*order));
	if ((!strcmp(d->defname, "volatility") && v &&
	     !strcmp(v, "volatile")) ||
	    (!strcmp(d->defname, "parallel") && v && !strcmp(v, "unsafe")) ||
	    ((!strcmp(d->defname, "strict") ||
	      !strcmp(d->defname, "security") ||
	      !strcmp(d->defname, "leakproof") ||
	      !strcmp(d->defname, "window")) && off) ||
	    (!strcmp(d->defname, "cost") && n == 100 && language &&
	     strcmp(language, "c") && strcmp(language, "internal")) ||
	    (!strcmp(d->defname, "rows") && n == 1000 && returns_set))
		return -1;
	for (size_t i = 0; i < sizeof(order) / sizeof(*order); i++)
		if (!strcmp(d->defname, order[i]))
			return (int)i;
	return (int)(sizeof(order) / sizeof(*order));
}

/* s's options in canonical order, defaults left out: a malloc'd array
 * (*n long) to put in s->options while it is deparsed, so that two
 * spellings of one function (AS before LANGUAGE or after, 'sql' quoted,
 * VOLATILE said or not) read alike. */
static PgQuery__Node **canonical_options(const PgQuery__CreateFunctionStmt *s,
					 size_t *n)
{
	PgQuery__Node **out = malloc((s->n_options + 1) * sizeof(*out));
	int *rank = malloc((s->n_options + 1) * sizeof(*rank));
	const char *language = NULL;
	bool returns_set = s->return_type && s->return_type->setof;

	if (!out || !rank)
		abort();
	for (size_t i = 0; i < s->n_options; i++) {
		const PgQuery__Node *o = s->options[i];
		if (o->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
		    o->def_elem->defname &&
		    !strcmp(o->def_elem->defname, "language") &&
		    o->def_elem->arg &&
		    o->def_elem->arg->node_case == PG_QUERY__NODE__NODE_STRING)
			language = o->def_elem->arg->string->sval;
	}
	*n = 0;
	for (size_t i = 0; i < s->n_options; i++) {
		PgQuery__Node *o = s->options[i];
		int r = o->node_case == PG_QUERY__NODE__NODE_DEF_ELEM
				? option_rank(o->def_elem, language,
					      returns_set)
				: 99;
		size_t j;

		if (r < 0)
			continue;
		/* insertion sort: stable, so repeated SETs keep their
		 * order */
		for (j = *n; j > 0 && rank[j - 1] > r; j--) {
			out[j] = out[j - 1];
			rank[j] = rank[j - 1];
		}
		out[j] = o;
		rank[j] = r;
		(*n)++;
	}
	free(rank);
	return out;
}

int parse_function(struct pg_ctx *ctx, PgQuery__CreateFunctionStmt *s)
{
	struct strbuf ident = STRBUF_INIT, args = STRBUF_INIT;
	struct strbuf result = STRBUF_INIT, def = STRBUF_INIT;
	struct strbuf msg = STRBUF_INIT;
	PgQuery__Node wrap = PG_QUERY__NODE__INIT;
	PgQuery__String sschema = PG_QUERY__STRING__INIT;
	PgQuery__String sname = PG_QUERY__STRING__INIT;
	PgQuery__Node nschema = PG_QUERY__NODE__INIT;
	PgQuery__Node nname = PG_QUERY__NODE__INIT;
	PgQuery__Node *names[2] = { &nschema, &nname };
	const char *schema = NULL, *fname = NULL;
	struct sd_function *f, *old;
	bool replace = s->replace, table_ret = false;
	PgQuery__Node **written_options;
	size_t nident = 0, n_written_options;
	int ret;

	if ((ret = pg_qualified(ctx, s->funcname, s->n_funcname, &schema,
				&fname)))
		return ret;
	if (!(schema = pg_creation_schema(ctx, schema)))
		return ctx->err ? ctx->err->code : SD_ERR;
	if ((ret = pg_check_schema(ctx, schema, -1)))
		return ret;

	strbuf_addstr(&ident, fname);
	strbuf_addch(&ident, '(');
	for (size_t i = 0; i < s->n_parameters; i++) {
		PgQuery__FunctionParameter *p;

		if (s->parameters[i]->node_case !=
		    PG_QUERY__NODE__NODE_FUNCTION_PARAMETER)
			continue;
		p = s->parameters[i]->function_parameter;
		if (p->mode ==
		    PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE) {
			strbuf_addstr(&result, table_ret ? ", " : "TABLE(");
			table_ret = true;
			if (p->name && *p->name) {
				sql_quote_ident(&result, SQL_POSTGRES, p->name);
				strbuf_addch(&result, ' ');
			}
			if ((ret = fn_type(ctx, p->arg_type, &result, NULL)))
				goto out;
			continue;
		}
		if (param_in_identity(p->mode, s->is_procedure)) {
			if (nident++)
				strbuf_addstr(&ident, ", ");
			if ((ret = fn_type(ctx, p->arg_type, &ident, NULL)))
				goto out;
		}
		if (args.len)
			strbuf_addstr(&args, ", ");
		strbuf_addstr(&args, mode_word(p->mode));
		if (p->name && *p->name) {
			sql_quote_ident(&args, SQL_POSTGRES, p->name);
			strbuf_addch(&args, ' ');
		}
		if ((ret = fn_type(ctx, p->arg_type, &args, NULL)))
			goto out;
		if (p->defexpr) {
			const char *d;
			if ((ret = pg_deparse_expr(ctx, p->defexpr, &d)))
				goto out;
			strbuf_addf(&args, " DEFAULT %s", d);
		}
	}
	strbuf_addch(&ident, ')');
	if (table_ret)
		strbuf_addch(&result, ')');
	else if (s->return_type &&
		 (ret = fn_type(ctx, s->return_type, &result, NULL)))
		goto out;

	old = pg_find(ctx, SD_FUNCTION, schema, ident.buf, &schema);
	if (old && !replace) {
		ret = pg_error(ctx, SD_ERR, -1,
			       "function \"%s\" already exists with same "
			       "argument types",
			       pg_qname(ctx, schema, ident.buf));
		goto out;
	}
	if (old && old->is_procedure != (bool)s->is_procedure) {
		ret = pg_error(ctx, SD_ERR, -1,
			       "cannot change routine kind of \"%s\"",
			       pg_qname(ctx, schema, ident.buf));
		goto out;
	}

	/* the statement as CREATE OR REPLACE schema.name(...) */
	sschema.sval = (char *)schema;
	sname.sval = (char *)fname;
	nschema.node_case = PG_QUERY__NODE__NODE_STRING;
	nschema.string = &sschema;
	nname.node_case = PG_QUERY__NODE__NODE_STRING;
	nname.string = &sname;
	wrap.node_case = PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT;
	wrap.create_function_stmt = s;
	s->replace = true;
	written_options = s->options;
	n_written_options = s->n_options;
	{
		size_t n;
		PgQuery__Node **opts = canonical_options(s, &n);

		s->options = opts;
		s->n_options = n;
	}
	ret = deparse_with(&wrap, &s->funcname, &s->n_funcname, names, 2,
			   NULL, NULL, &def, &msg);
	if (ret && s->sql_body &&
	    s->sql_body->node_case == PG_QUERY__NODE__NODE_LIST) {
		/* BEGIN ATOMIC ... END: the header deparsed, the body as
		 * written; the server's text of both comes back from
		 * pg_get_functiondef() when it is compared live */
		PgQuery__Node *body = s->sql_body;

		strbuf_reset(&def);
		strbuf_reset(&msg);
		s->sql_body = NULL;
		ret = deparse_with(&wrap, &s->funcname, &s->n_funcname, names,
				   2, NULL, NULL, &def, &msg);
		s->sql_body = body;
		if (!ret) {
			strbuf_addch(&def, ' ');
			ret = atomic_body_text(ctx, &def);
			if (ret) {
				s->replace = replace;
				free(s->options);
				s->options = written_options;
				s->n_options = n_written_options;
				goto out;
			}
		}
	}
	s->replace = replace;
	free(s->options);
	s->options = written_options;
	s->n_options = n_written_options;
	if (ret) {
		ret = pg_error(ctx, ret, -1, "cannot deparse function: %s",
			       msg.buf);
		goto out;
	}

	if (old) {
		f = old;
		f->base.ndeps = 0;
	} else {
		f = catalog_add(ctx->cat, SD_FUNCTION, schema, ident.buf);
	}
	pg_set_origin(ctx, &f->base);
	pg_dep_schema(ctx, &f->base);
	f->fname = catalog_strdup(ctx->cat, fname);
	f->is_procedure = s->is_procedure;
	/* identity without the name */
	f->identity_args = catalog_strdup(ctx->cat,
					  ident.buf + strlen(fname) + 1);
	((char *)f->identity_args)[strlen(f->identity_args) - 1] = '\0';
	f->args = catalog_strdup(ctx->cat, args.buf);
	f->result = s->is_procedure ? NULL : catalog_strdup(ctx->cat,
							    result.buf);
	f->definition = catalog_strdup(ctx->cat, def.buf);
	/* a SQL-standard body (RETURN, BEGIN ATOMIC) is bound when the
	 * function is created: what it reads must exist first */
	if (s->sql_body) {
		pg_query_deps(ctx, &f->base, s->sql_body);
		/* and the columns it reads: only their changes remake it */
		pg_query_colreads(ctx, &f->reads, s->sql_body);
	}
	/* user types of the signature */
	for (size_t i = 0; i < s->n_parameters; i++) {
		struct strbuf scratch = STRBUF_INIT;
		if (s->parameters[i]->node_case ==
		    PG_QUERY__NODE__NODE_FUNCTION_PARAMETER)
			fn_type(ctx, s->parameters[i]->function_parameter
					     ->arg_type, &scratch, &f->base);
		strbuf_release(&scratch);
	}
	if (s->return_type) {
		struct strbuf scratch = STRBUF_INIT;
		fn_type(ctx, s->return_type, &scratch, &f->base);
		strbuf_release(&scratch);
	}
out:
	strbuf_release(&ident);
	strbuf_release(&args);
	strbuf_release(&result);
	strbuf_release(&def);
	strbuf_release(&msg);
	return ret;
}

/* A function by (schema, name) and optional argument types. With
 * args_unspecified, the only function of that name (error when several).
 * Returns 0 with *out NULL when there is none. */
static int find_function(struct pg_ctx *ctx, PgQuery__ObjectWithArgs *owa,
			 struct sd_function **out, const char **schema_out,
			 const char **name_out)
{
	const char *schema = NULL, *fname = NULL;
	struct strbuf ident = STRBUF_INIT;
	int ret;

	*out = NULL;
	if ((ret = pg_qualified(ctx, owa->objname, owa->n_objname, &schema,
				&fname)))
		return ret;
	*name_out = fname;
	if (owa->args_unspecified) {
		struct sd_function *found = NULL;
		const struct pg_path one = { &schema, 1 };
		const struct pg_path *path = schema ? &one : ctx->path;

		*schema_out = schema ? schema : "public";
		for (size_t p = 0; path && p < path->n && !found; p++) {
			for (size_t i = 0; i < ctx->cat->nall; i++) {
				struct sd_function *f =
					(struct sd_function *)ctx->cat->all[i];
				if (f->base.kind != SD_FUNCTION ||
				    catalog_lookup(ctx->cat, f->base.key) !=
					    &f->base ||
				    strcmp(f->base.schema, path->names[p]) ||
				    strcmp(f->fname, fname))
					continue;
				if (found)
					return pg_error(ctx, SD_ERR, -1,
							"function name \"%s\" "
							"is not unique",
							fname);
				found = f;
			}
		}
		*out = found;
		return 0;
	}
	if ((ret = identity_of(ctx, fname, owa->objargs, owa->n_objargs,
			       &ident)))
		goto out;
	*out = pg_find(ctx, SD_FUNCTION, schema, ident.buf, schema_out);
out:
	strbuf_release(&ident);
	return ret;
}

/* Drop a function's triggers too? The server refuses without CASCADE;
 * with CASCADE, they go. */
static void drop_function(struct pg_ctx *ctx, struct sd_function *f,
			  bool cascade)
{
	if (cascade) {
		for (size_t i = 0; i < ctx->cat->nall; i++) {
			struct sd_object *o = ctx->cat->all[i];
			if (o->kind != SD_TRIGGER ||
			    catalog_lookup(ctx->cat, o->key) != o)
				continue;
			for (size_t d = 0; d < o->ndeps; d++)
				if (!strcmp(o->deps[d], f->base.key)) {
					catalog_remove(ctx->cat, o);
					break;
				}
		}
	}
	catalog_remove(ctx->cat, &f->base);
}

/* A trigger from a name list [schema.]table.trigger. */
static int find_trigger(struct pg_ctx *ctx, const PgQuery__Node *list,
			struct sd_trigger **out, const char **what)
{
	PgQuery__Node **items;
	size_t n;
	const char *schema = NULL, *table = NULL, *tgname;
	struct strbuf name = STRBUF_INIT;
	struct sd_object *rel;
	int ret;

	*out = NULL;
	if (list->node_case != PG_QUERY__NODE__NODE_LIST || !list->list->n_items)
		return pg_error(ctx, SD_ERR, -1, "unexpected trigger name");
	items = list->list->items;
	n = list->list->n_items;
	tgname = pg_str(items[n - 1]);
	*what = tgname;
	if ((ret = pg_qualified(ctx, items, n - 1, &schema, &table)))
		return ret;
	rel = pg_find_rel(ctx, schema, table, &schema);
	strbuf_addf(&name, "%s.%s", table, tgname ? tgname : "");
	if (rel)
		*out = catalog_find(ctx->cat, SD_TRIGGER, rel->schema,
				    name.buf);
	strbuf_release(&name);
	return 0;
}

int parse_drop_function(struct pg_ctx *ctx, PgQuery__DropStmt *s)
{
	bool cascade = s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	int ret;

	for (size_t i = 0; i < s->n_objects; i++) {
		const PgQuery__Node *o = s->objects[i];

		if (s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER) {
			struct sd_trigger *t;
			const char *what = NULL;
			if ((ret = find_trigger(ctx, o, &t, &what)))
				return ret;
			if (t)
				catalog_remove(ctx->cat, &t->base);
			else if (!s->missing_ok && ctx->script)
				return pg_error(ctx, SD_ERR, -1,
						"trigger \"%s\" does not exist",
						what ? what : "");
		} else {
			struct sd_function *f;
			const char *schema, *name = NULL;
			if (o->node_case !=
			    PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
				return pg_error(ctx, SD_ERR, -1,
						"unexpected function name");
			if ((ret = find_function(ctx, o->object_with_args, &f,
						 &schema, &name)))
				return ret;
			if (f)
				drop_function(ctx, f, cascade);
			else if (!s->missing_ok && ctx->script)
				return pg_error(ctx, SD_ERR, -1,
						"function %s does not exist",
						pg_qname(ctx, schema, name));
		}
	}
	return 0;
}

int parse_comment_function(struct pg_ctx *ctx, PgQuery__CommentStmt *s)
{
	struct sd_object *obj = NULL;
	const char *what = "", *schema = NULL;
	int ret;

	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER) {
		struct sd_trigger *t;
		if ((ret = find_trigger(ctx, s->object, &t, &what)))
			return ret;
		obj = t ? &t->base : NULL;
	} else {
		struct sd_function *f = NULL;
		if (s->object->node_case !=
		    PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
			return pg_error(ctx, SD_ERR, -1,
					"unexpected function name");
		if ((ret = find_function(ctx, s->object->object_with_args, &f,
					 &schema, &what)))
			return ret;
		obj = f ? &f->base : NULL;
	}
	if (!obj)
		return pg_error(ctx, SD_ERR, -1, "%s \"%s\" does not exist",
				s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER
					? "trigger" : "function",
				what ? what : "");
	obj->comment = s->comment && *s->comment
			       ? catalog_strdup(ctx->cat, s->comment)
			       : NULL;
	return 0;
}

int parse_trigger(struct pg_ctx *ctx, PgQuery__CreateTrigStmt *s)
{
	PgQuery__RangeVar *rv = s->relation;
	struct strbuf name = STRBUF_INIT, def = STRBUF_INIT;
	struct strbuf msg = STRBUF_INIT, fkey = STRBUF_INIT;
	PgQuery__Node wrap = PG_QUERY__NODE__INIT;
	PgQuery__String sschema = PG_QUERY__STRING__INIT;
	PgQuery__String sname = PG_QUERY__STRING__INIT;
	PgQuery__Node nschema = PG_QUERY__NODE__INIT;
	PgQuery__Node nname = PG_QUERY__NODE__INIT;
	PgQuery__Node *names[2] = { &nschema, &nname };
	const char *schema, *fschema = NULL, *fname = NULL;
	struct sd_object *rel;
	struct sd_trigger *t;
	struct sd_function *f;
	bool replace = s->replace, builtin;
	int ret;

	rel = pg_find_rel(ctx, rv->schemaname, rv->relname, &schema);
	if (!rel || (rel->kind != SD_TABLE && rel->kind != SD_VIEW))
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, rv->relname));
	schema = rel->schema;
	if ((ret = pg_qualified(ctx, s->funcname, s->n_funcname, &fschema,
				&fname)))
		return ret;
	strbuf_addf(&fkey, "%s()", fname);
	/* a name no managed function has but pg_catalog's does
	 * (tsvector_update_trigger) is pg_catalog's: the server prints it
	 * bare */
	builtin = fschema && !strcmp(fschema, "pg_catalog");
	f = builtin ? NULL
		    : pg_find(ctx, SD_FUNCTION, fschema, fkey.buf, &fschema);
	if (!f && s->n_funcname == 1 && pg_catalog_has_function(fname))
		builtin = true;
	if (f)
		fschema = f->base.schema;

	strbuf_addf(&name, "%s.%s", rel->name, s->trigname);
	t = catalog_find(ctx->cat, SD_TRIGGER, schema, name.buf);
	if (t && (!replace || t->constraint || s->isconstraint)) {
		ret = pg_error(ctx, SD_ERR, -1,
			       "trigger \"%s\" for relation \"%s\" already "
			       "exists", s->trigname, rel->name);
		goto out;
	}

	sschema.sval = (char *)fschema;
	sname.sval = (char *)fname;
	nschema.node_case = PG_QUERY__NODE__NODE_STRING;
	nschema.string = &sschema;
	nname.node_case = PG_QUERY__NODE__NODE_STRING;
	nname.string = &sname;
	wrap.node_case = PG_QUERY__NODE__NODE_CREATE_TRIG_STMT;
	wrap.create_trig_stmt = s;
	s->replace = false;
	ret = deparse_with(&wrap, &s->funcname, &s->n_funcname,
			   builtin ? names + 1 : names, builtin ? 1 : 2, rv,
			   schema, &def, &msg);
	s->replace = replace;
	if (ret) {
		ret = pg_error(ctx, ret, -1, "cannot deparse trigger: %s",
			       msg.buf);
		goto out;
	}
	if (!t)
		t = catalog_add(ctx->cat, SD_TRIGGER, schema, name.buf);
	t->base.ndeps = 0;
	pg_set_origin(ctx, &t->base);
	t->table = catalog_strdup(ctx->cat, rel->name);
	t->tgname = catalog_strdup(ctx->cat, s->trigname);
	t->constraint = s->isconstraint;
	t->definition = catalog_strdup(ctx->cat, def.buf);
	catalog_add_dep(ctx->cat, &t->base, rel->key);
	if (!builtin)
		catalog_add_dep(ctx->cat, &t->base,
				f ? f->base.key
				  : catalog_key(ctx->cat, SD_FUNCTION,
						fschema, fkey.buf));
out:
	strbuf_release(&name);
	strbuf_release(&def);
	strbuf_release(&msg);
	strbuf_release(&fkey);
	return ret;
}

/* --- the late pass: who calls which function --- */

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '$' ||
	       (unsigned char)c >= 0x80;
}

/* Does text call name (quoted as needed): `name(` not preceded by an
 * identifier character (a `schema.` prefix must be f's schema)? */
static bool text_calls(const char *text, const struct sd_function *f,
		       const char *qname)
{
	size_t n = strlen(qname);
	const char *p = text;

	if (!text)
		return false;
	while ((p = strstr(p, qname))) {
		const char *after = p + n;
		bool ok = p == text || (!ident_char(p[-1]) && p[-1] != '"');

		while (*after == ' ')
			after++;
		if (ok && *after == '(') {
			if (p > text && p[-1] == '.') {
				struct strbuf sch = STRBUF_INIT;
				size_t sl;
				bool same;
				sql_quote_ident(&sch, SQL_POSTGRES,
						f->base.schema);
				sl = sch.len;
				same = (size_t)(p - 1 - text) >= sl &&
				       !strncmp(p - 1 - sl, sch.buf, sl);
				strbuf_release(&sch);
				if (same)
					return true;
			} else {
				return true;
			}
		}
		p += n;
	}
	return false;
}

static void note_calls(struct pg_ctx *ctx, struct sd_object *obj,
		       const char *text, struct vec *funcs,
		       struct strbuf *qn)
{
	for (size_t i = 0; i < funcs->len; i++) {
		const struct sd_function *f = funcs->items[i];
		strbuf_reset(qn);
		sql_quote_ident(qn, SQL_POSTGRES, f->fname);
		if (text_calls(text, f, qn->buf))
			catalog_add_dep(ctx->cat, obj, f->base.key);
	}
}

/* The SQL-standard body (RETURN ..., BEGIN ATOMIC ... END) of a CREATE
 * FUNCTION text as the parser keeps it, or NULL for a string body. */
static const char *sql_standard_body(const char *def)
{
	const char *lang, *p;

	if (!def || !(lang = strstr(def, " LANGUAGE sql")))
		return NULL;
	p = lang + strlen(" LANGUAGE sql");
	if (strstr(p, " AS $") || strstr(p, " AS '") || strstr(p, " AS E'"))
		return NULL;
	if ((p = strstr(lang, " BEGIN ATOMIC")) || (p = strstr(lang, " RETURN ")))
		return p;
	return NULL;
}

/* note_calls(), leaving out obj itself (a body does not call itself). */
static void note_calls_but(struct pg_ctx *ctx, struct sd_object *obj,
			   const char *text, struct vec *funcs,
			   struct strbuf *qn)
{
	for (size_t i = 0; i < funcs->len; i++) {
		const struct sd_function *f = funcs->items[i];
		if (&f->base == obj)
			continue;
		strbuf_reset(qn);
		sql_quote_ident(qn, SQL_POSTGRES, f->fname);
		if (text_calls(text, f, qn->buf))
			catalog_add_dep(ctx->cat, obj, f->base.key);
	}
}

void pg_resolve_function_deps(struct pg_ctx *ctx)
{
	struct vec funcs = VEC_INIT, objs = VEC_INIT;
	struct strbuf qn = STRBUF_INIT;

	catalog_list(ctx->cat, SD_FUNCTION, &funcs);
	catalog_list(ctx->cat, -1, &objs);
	for (size_t i = 0; i < objs.len; i++) {
		struct sd_object *o = objs.items[i];

		switch (o->kind) {
		case SD_TABLE: {
			struct sd_table *t = (struct sd_table *)o;
			for (size_t c = 0; c < t->ncolumns; c++) {
				note_calls(ctx, o, t->columns[c].default_expr,
					   &funcs, &qn);
				note_calls(ctx, o, t->columns[c].generated,
					   &funcs, &qn);
			}
			for (size_t c = 0; c < t->nconstraints; c++)
				note_calls(ctx, o, t->constraints[c].expr,
					   &funcs, &qn);
			break;
		}
		case SD_INDEX: {
			struct sd_index *ix = (struct sd_index *)o;
			for (size_t e = 0; e < ix->nelems; e++)
				note_calls(ctx, o, ix->elems[e].expr, &funcs,
					   &qn);
			note_calls(ctx, o, ix->predicate, &funcs, &qn);
			break;
		}
		case SD_TYPE: {
			/* domains: DEFAULT and CHECK */
			struct sd_type *ty = (struct sd_type *)o;
			note_calls(ctx, o, ty->default_expr, &funcs, &qn);
			for (size_t c = 0; c < ty->nchecks; c++)
				note_calls(ctx, o, ty->checks[c].expr, &funcs,
					   &qn);
			break;
		}
		case SD_VIEW:
			note_calls(ctx, o, ((struct sd_view *)o)->query,
				   &funcs, &qn);
			break;
		case SD_FUNCTION: {
			/* a SQL-standard body is bound at creation: what it
			 * calls must exist first (a string body is not, and
			 * may recurse) */
			const char *body = sql_standard_body(
				((struct sd_function *)o)->definition);
			if (body)
				note_calls_but(ctx, o, body, &funcs, &qn);
			break;
		}
		case SD_TRIGGER: {
			/* a trigger whose table went away goes with it */
			struct sd_trigger *t = (struct sd_trigger *)o;
			if (!catalog_find(ctx->cat, SD_TABLE, o->schema,
					  t->table) &&
			    !catalog_find(ctx->cat, SD_VIEW, o->schema,
					  t->table))
				catalog_remove(ctx->cat, o);
			break;
		}
		default:
			break;
		}
	}
	strbuf_release(&qn);
	vec_release(&funcs);
	vec_release(&objs);
}

/* For GRANT / REVOKE ON FUNCTION (parser/pg/pg_grant.c). */
int pg_find_function(struct pg_ctx *ctx, PgQuery__ObjectWithArgs *owa,
		     struct sd_function **out, const char **schema_out,
		     const char **name_out)
{
	return find_function(ctx, owa, out, schema_out, name_out);
}

/* ALTER FUNCTION ... RENAME TO: the same function under the new name; its
 * definition's header names it anew (the body, which the server keeps
 * as it is, too). */
int pg_rename_function(struct pg_ctx *ctx, PgQuery__RenameStmt *s)
{
	struct strbuf ident = STRBUF_INIT, from = STRBUF_INIT, def = STRBUF_INIT;
	struct sd_function *f;
	const char *schema, *name, *old_key, *p;
	int ret;

	if (!s->object ||
	    s->object->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
		return pg_error(ctx, SD_ERR, -1, "invalid function name");
	ret = find_function(ctx, s->object->object_with_args, &f, &schema,
			    &name);
	if (ret)
		return ret;
	if (!f)
		return s->missing_ok ? 0 :
		       pg_error(ctx, SD_ERR, -1, "function %s does not exist",
				pg_qname(ctx, schema, name));
	strbuf_addf(&ident, "%s(%s)", s->newname, f->identity_args);
	old_key = f->base.key;
	if (catalog_rename(ctx->cat, &f->base, NULL, ident.buf)) {
		ret = pg_error(ctx, SD_ERR, -1,
			       "function %s(%s) already exists in schema \"%s\"",
			       s->newname, f->identity_args, f->base.schema);
		goto out;
	}
	sql_quote_qualified(&from, SQL_POSTGRES, f->base.schema, f->fname);
	strbuf_addch(&from, '(');
	p = strstr(f->definition, from.buf);
	if (p) {
		strbuf_add(&def, f->definition, (size_t)(p - f->definition));
		sql_quote_qualified(&def, SQL_POSTGRES, f->base.schema,
				    s->newname);
		strbuf_addstr(&def, p + from.len - 1);
		f->definition = catalog_strdup(ctx->cat, def.buf);
	}
	f->fname = catalog_strdup(ctx->cat, s->newname);
	pg_rekey_deps(ctx, old_key, f->base.key);
out:
	strbuf_release(&ident);
	strbuf_release(&from);
	strbuf_release(&def);
	return ret;
}
