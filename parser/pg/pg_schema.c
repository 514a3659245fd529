/*
 * parser/pg/pg_schema.c: CREATE SCHEMA and CREATE EXTENSION. The public
 * schema, and any schema the files use but do not create, is external: it
 * exists and is not an object of the catalog (see pg_check_schema). Strings
 * live in the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

/* Objects made in a schema before it was created (while it was external)
 * depend on it from now on. */
static void adopt_objects(struct pg_ctx *ctx, struct sd_object *sch)
{
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_object *o = ctx->cat->all[i];
		if (o != sch && o->schema && !strcmp(o->schema, sch->name) &&
		    catalog_lookup(ctx->cat, o->key) == o)
			catalog_add_dep(ctx->cat, o, sch->key);
	}
}

int parse_schema(struct pg_ctx *ctx, PgQuery__CreateSchemaStmt *s)
{
	const char *name = s->schemaname;
	const struct pg_path *saved = ctx->path;
	struct pg_path inner;
	struct sd_schema *sch;
	int ret = 0;

	if ((!name || !*name) && s->authrole && s->authrole->rolename)
		name = s->authrole->rolename;
	if (!name || !*name)
		return pg_error(ctx, SD_ERR, -1, "schema name missing");
	if (!strcmp(name, "public")) {
		/* always there unless dropped (see pg_check_schema) */
		if (ctx->script && !s->if_not_exists &&
		    !strmap_contains(&ctx->gone_schemas, name))
			return pg_error(ctx, SD_ERR, -1,
					"schema \"%s\" already exists", name);
	} else if (pg_schema_managed(ctx, name)) {
		if (!s->if_not_exists)
			return pg_error(ctx, SD_ERR, -1,
					"schema \"%s\" already exists", name);
		return 0;
	} else {
		/* an external schema referenced so far becomes managed */
		sch = catalog_add(ctx->cat, SD_SCHEMA, NULL, name);
		pg_set_origin(ctx, &sch->base);
		adopt_objects(ctx, &sch->base);
	}
	pg_schema_gone(ctx, name, false);
	/* CREATE SCHEMA s CREATE TABLE ...: elements go into s */
	inner.names = &name;
	inner.n = 1;
	ctx->path = &inner;
	for (size_t i = 0; i < s->n_schema_elts && !ret; i++) {
		PgQuery__Node *e = s->schema_elts[i];
		switch (e->node_case) {
		case PG_QUERY__NODE__NODE_CREATE_STMT:
			ret = parse_table(ctx, e->create_stmt);
			break;
		case PG_QUERY__NODE__NODE_INDEX_STMT:
			ret = parse_index(ctx, e->index_stmt);
			break;
		case PG_QUERY__NODE__NODE_VIEW_STMT:
			ret = parse_view(ctx, e->view_stmt);
			break;
		case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
			ret = parse_sequence(ctx, e->create_seq_stmt);
			break;
		default:
			ret = pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				       "unsupported element in CREATE SCHEMA");
			break;
		}
	}
	ctx->path = saved;
	return ret;
}

int parse_extension(struct pg_ctx *ctx, PgQuery__CreateExtensionStmt *s)
{
	struct sd_extension *ext;

	/* plpgsql is in every database (initdb makes it; introspection
	 * leaves it out): CREATE EXTENSION plpgsql, and the parameterless
	 * CREATE LANGUAGE plpgsql that the grammar turns into it, name what
	 * is there; a script fails on it as the server does */
	if (!strcmp(s->extname, "plpgsql")) {
		if (ctx->script && !s->if_not_exists)
			return pg_error(ctx, SD_ERR, -1,
					"extension \"plpgsql\" already exists");
		return 0;
	}
	if (catalog_find(ctx->cat, SD_EXTENSION, NULL, s->extname)) {
		if (s->if_not_exists)
			return 0;
		return pg_error(ctx, SD_ERR, -1,
				"extension \"%s\" already exists", s->extname);
	}
	ext = catalog_add(ctx->cat, SD_EXTENSION, NULL, s->extname);
	pg_set_origin(ctx, &ext->base);
	for (size_t i = 0; i < s->n_options; i++) {
		const PgQuery__DefElem *d;
		const char *v;

		if (s->options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		d = s->options[i]->def_elem;
		v = pg_defelem_str(d);
		if (!strcmp(d->defname, "schema") && v) {
			ext->ext_schema = catalog_strdup(ctx->cat, v);
			if (catalog_find(ctx->cat, SD_SCHEMA, NULL, v))
				catalog_add_dep(ctx->cat, &ext->base,
						catalog_key(ctx->cat, SD_SCHEMA,
							    NULL, v));
		} else if (!strcmp(d->defname, "new_version") && v) {
			ext->version = catalog_strdup(ctx->cat, v);
		}
		/* cascade, old_version: no catalog change */
	}
	return 0;
}
