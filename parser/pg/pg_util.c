/*
 * parser/pg/pg_util.c: errors with positions, name resolution through the
 * search path, and PostgreSQL's choice of default names. Strings returned
 * live in the catalog's arena (or the context's scratch arena).
 */
#include "parser/pg/pg_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

int pg_skip_space(const char *sql, int loc)
{
	size_t i = loc < 0 ? 0 : (size_t)loc;

	for (;;) {
		while (sql[i] == ' ' || sql[i] == '\t' || sql[i] == '\n' ||
		       sql[i] == '\r' || sql[i] == '\f')
			i++;
		if (sql[i] == '-' && sql[i + 1] == '-') {
			while (sql[i] && sql[i] != '\n')
				i++;
		} else if (sql[i] == '/' && sql[i + 1] == '*') {
			int depth = 1;
			i += 2;
			while (sql[i] && depth) {
				if (sql[i] == '/' && sql[i + 1] == '*') {
					depth++;
					i++;
				} else if (sql[i] == '*' && sql[i + 1] == '/') {
					depth--;
					i++;
				}
				i++;
			}
		} else {
			return (int)i;
		}
	}
}

int pg_error(struct pg_ctx *ctx, int code, int loc, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	int line = 0, col = 0;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ctx->sql) {
		int off = loc >= 0 ? ctx->loc_base + loc
				   : pg_skip_space(ctx->sql, ctx->stmt_loc);
		sd_text_position(ctx->sql, (size_t)off, &line, &col);
	}
	return sd_error_set(ctx->err, code, ctx->file, line, col, "%s", msg);
}

const char *pg_str(const PgQuery__Node *n)
{
	if (n && n->node_case == PG_QUERY__NODE__NODE_STRING)
		return n->string->sval;
	return NULL;
}

const char *pg_qname(struct pg_ctx *ctx, const char *schema,
		     const char *name)
{
	if (!schema)
		return arena_strdup(&ctx->tmp, name);
	return arena_printf(&ctx->tmp, "%s.%s", schema, name);
}

const char *pg_creation_schema(struct pg_ctx *ctx, const char *given)
{
	if (given && *given)
		return given;
	if (ctx->path && ctx->path->n)
		return ctx->path->names[0];
	pg_error(ctx, SD_ERR, -1, "no schema has been selected to create in");
	return NULL;
}

void *pg_find(struct pg_ctx *ctx, enum sd_kind kind, const char *schema,
	      const char *name, const char **schema_out)
{
	void *obj;

	if (schema && *schema) {
		*schema_out = schema;
		return ctx->cat ? catalog_find(ctx->cat, kind, schema, name)
				: NULL;
	}
	*schema_out = ctx->path && ctx->path->n ? ctx->path->names[0]
						: "public";
	if (!ctx->cat || !ctx->path)
		return NULL;
	for (size_t i = 0; i < ctx->path->n; i++) {
		obj = catalog_find(ctx->cat, kind, ctx->path->names[i], name);
		if (obj) {
			*schema_out = ctx->path->names[i];
			return obj;
		}
	}
	return NULL;
}

static struct sd_object *rel_in(struct pg_ctx *ctx, const char *schema,
				const char *name)
{
	struct strbuf key = STRBUF_INIT;
	struct sd_object *obj;

	sd_key_format(&key, SD_TABLE, schema, name);
	obj = catalog_lookup(ctx->cat, key.buf);
	strbuf_release(&key);
	return obj;
}

struct sd_object *pg_find_rel(struct pg_ctx *ctx, const char *schema,
			      const char *name, const char **schema_out)
{
	struct sd_object *obj;

	if (schema && *schema) {
		*schema_out = schema;
		return rel_in(ctx, schema, name);
	}
	*schema_out = ctx->path && ctx->path->n ? ctx->path->names[0]
						: "public";
	for (size_t i = 0; ctx->path && i < ctx->path->n; i++) {
		obj = rel_in(ctx, ctx->path->names[i], name);
		if (obj) {
			*schema_out = ctx->path->names[i];
			return obj;
		}
	}
	return NULL;
}

int pg_qualified(struct pg_ctx *ctx, PgQuery__Node **items, size_t n,
		 const char **schema, const char **name)
{
	*schema = NULL;
	*name = NULL;
	if (n == 1) {
		*name = pg_str(items[0]);
	} else if (n == 2) {
		*schema = pg_str(items[0]);
		*name = pg_str(items[1]);
	} else if (n == 3) {
		/* database.schema.name: the database is the current one */
		*schema = pg_str(items[1]);
		*name = pg_str(items[2]);
	}
	if (!*name)
		return pg_error(ctx, SD_ERR, -1, "improper qualified name");
	return 0;
}

void pg_note_conname(struct pg_ctx *ctx, const char *schema,
		     const char *name)
{
	struct strbuf key = STRBUF_INIT;

	strbuf_addf(&key, "%s\037%s", schema, name);
	strmap_put(&ctx->connames, key.buf, (void *)1);
	strbuf_release(&key);
}

bool pg_conname_taken(struct pg_ctx *ctx, const char *schema,
		      const char *name, bool index_backed_only)
{
	struct strbuf key = STRBUF_INIT;
	bool maybe;

	strbuf_addf(&key, "%s\037%s", schema, name);
	maybe = strmap_contains(&ctx->connames, key.buf);
	strbuf_release(&key);
	if (!maybe)
		return false;
	/* the filter keeps names of dropped constraints: check for real */
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_object *obj = ctx->cat->all[i];
		struct sd_table *t = (struct sd_table *)obj;
		struct sd_constraint *c;

		if (obj->kind != SD_TABLE || strcmp(obj->schema, schema) ||
		    catalog_lookup(ctx->cat, obj->key) != obj)
			continue;
		c = table_find_constraint(t, name);
		if (c && (!index_backed_only || c->type == SD_CON_PRIMARY ||
			  c->type == SD_CON_UNIQUE || c->type == SD_CON_EXCLUDE))
			return true;
	}
	/* domain checks share the schema's constraint names */
	return !index_backed_only &&
	       pg_domain_conname_taken(ctx, schema, name);
}

bool pg_relname_taken(struct pg_ctx *ctx, const char *schema,
		      const char *name)
{
	/* index-backed constraints own a relation (their index) too */
	return rel_in(ctx, schema, name) ||
	       pg_conname_taken(ctx, schema, name, true);
}

const char *pg_choose_name(struct pg_ctx *ctx, const char *schema,
			   const char *name1, const char *name2,
			   const char *label, bool is_rel,
			   bool is_constraint)
{
	struct strbuf sb = STRBUF_INIT;
	const char *res;

	for (int pass = 0;; pass++) {
		bool taken;

		strbuf_reset(&sb);
		pg_default_name(&sb, name1, name2, label, pass);
		if (is_rel)
			taken = pg_relname_taken(ctx, schema, sb.buf) ||
				(is_constraint &&
				 pg_conname_taken(ctx, schema, sb.buf, false));
		else
			taken = pg_conname_taken(ctx, schema, sb.buf, false);
		if (!taken)
			break;
	}
	res = catalog_strdup(ctx->cat, sb.buf);
	strbuf_release(&sb);
	return res;
}

const char *pg_defelem_str(const PgQuery__DefElem *d)
{
	const PgQuery__Node *a = d->arg;

	if (!a)
		return NULL;
	switch (a->node_case) {
	case PG_QUERY__NODE__NODE_STRING:
		return a->string->sval;
	case PG_QUERY__NODE__NODE_FLOAT:
		return a->float_->fval;
	case PG_QUERY__NODE__NODE_TYPE_NAME:
		if (a->type_name->n_names)
			return pg_str(a->type_name->names[
				a->type_name->n_names - 1]);
		return NULL;
	default:
		return NULL;
	}
}

int pg_defelem_int(struct pg_ctx *ctx, const PgQuery__DefElem *d,
		   int64_t *out)
{
	const PgQuery__Node *a = d->arg;
	const char *s;
	char *end;

	if (a && a->node_case == PG_QUERY__NODE__NODE_INTEGER) {
		*out = a->integer->ival;
		return 0;
	}
	s = pg_defelem_str(d);
	if (!s)
		return pg_error(ctx, SD_ERR, d->location,
				"%s requires a numeric value", d->defname);
	errno = 0;
	*out = strtoll(s, &end, 10);
	if (errno || *end)
		return pg_error(ctx, SD_ERR, d->location,
				"value \"%s\" is out of range for %s", s,
				d->defname);
	return 0;
}

void pg_dep_schema(struct pg_ctx *ctx, struct sd_object *obj)
{
	/* public (and any schema the files do not create) is assumed */
	if (obj->schema && catalog_find(ctx->cat, SD_SCHEMA, NULL, obj->schema))
		catalog_add_dep(ctx->cat, obj,
				catalog_key(ctx->cat, SD_SCHEMA, NULL,
					    obj->schema));
}

void pg_set_origin(struct pg_ctx *ctx, struct sd_object *obj)
{
	obj->file = ctx->file;
	obj->line = ctx->stmt_line;
}

bool pg_schema_managed(struct pg_ctx *ctx, const char *schema)
{
	return catalog_find(ctx->cat, SD_SCHEMA, NULL, schema) != NULL;
}

void pg_schema_gone(struct pg_ctx *ctx, const char *schema, bool gone)
{
	if (gone) {
		strmap_put(&ctx->gone_schemas, schema, (void *)1);
	} else {
		strmap_remove(&ctx->gone_schemas, schema);
	}
}

int pg_check_schema(struct pg_ctx *ctx, const char *schema, int loc)
{
	if (!strmap_contains(&ctx->gone_schemas, schema) ||
	    pg_schema_managed(ctx, schema))
		return 0;
	return pg_error(ctx, SD_ERR, loc, "schema \"%s\" does not exist",
			schema);
}

int pg_new_name(struct pg_ctx *ctx, PgQuery__Node **items, size_t n,
		const char **schema, const char **name)
{
	int ret;

	if ((ret = pg_qualified(ctx, items, n, schema, name)))
		return ret;
	if (!(*schema = pg_creation_schema(ctx, *schema)))
		return ctx->err ? ctx->err->code : SD_ERR;
	return pg_check_schema(ctx, *schema, -1);
}

int pg_add_type(struct pg_ctx *ctx, const char *schema, const char *name,
		char typtype, int loc, struct sd_type **out)
{
	struct sd_type *t = catalog_add(ctx->cat, SD_TYPE, schema, name);

	*out = t;
	if (!t)
		return pg_error(ctx, SD_ERR, loc, "type \"%s\" already exists",
				pg_qname(ctx, schema, name));
	pg_set_origin(ctx, &t->base);
	pg_dep_schema(ctx, &t->base);
	t->typtype = typtype;
	return 0;
}

const char **pg_name_list(struct pg_ctx *ctx, PgQuery__Node **items,
			  size_t n)
{
	const char **out = arena_alloc(&ctx->cat->arena,
				       (n ? n : 1) * sizeof(*out));

	for (size_t i = 0; i < n; i++) {
		const char *s = pg_str(items[i]);
		if (!s && items[i]->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM)
			s = items[i]->index_elem->name;
		out[i] = catalog_strdup(ctx->cat, s ? s : "");
	}
	return out;
}

void pg_rekey_deps(struct pg_ctx *ctx, const char *old_key,
		   const char *new_key)
{
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_object *obj = ctx->cat->all[i];
		for (size_t j = 0; j < obj->ndeps; j++)
			if (!strcmp(obj->deps[j], old_key))
				obj->deps[j] = new_key;
	}
}
