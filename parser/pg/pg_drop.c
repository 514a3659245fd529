/*
 * parser/pg/pg_drop.c: DROP TABLE / VIEW / INDEX / SEQUENCE / TYPE / SCHEMA
 * / EXTENSION / COLLATION [IF EXISTS] [CASCADE]. Dropped objects are
 * unlinked from the catalog (their memory stays in its arena).
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

static int drop_kind(PgQuery__ObjectType t)
{
	switch (t) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: return SD_TABLE;
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW: return SD_VIEW;
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: return SD_MATVIEW;
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: return SD_INDEX;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: return SD_SEQUENCE;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: return SD_TYPE;
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: return SD_TYPE;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: return SD_SCHEMA;
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: return SD_EXTENSION;
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION: return SD_COLLATION;
	default: return -1;
	}
}

/* The constraint whose index is schema.name, or NULL. */
static struct sd_constraint *index_constraint(struct pg_ctx *ctx,
					      const char *schema,
					      const char *name,
					      struct sd_table **table)
{
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_table *t = (struct sd_table *)ctx->cat->all[i];
		struct sd_constraint *c;
		if (t->base.kind != SD_TABLE ||
		    catalog_lookup(ctx->cat, t->base.key) != &t->base ||
		    strcmp(t->base.schema, schema))
			continue;
		c = table_find_constraint(t, name);
		if (c && (c->type == SD_CON_PRIMARY ||
			  c->type == SD_CON_UNIQUE)) {
			*table = t;
			return c;
		}
	}
	return NULL;
}

static bool schema_has_objects(struct pg_ctx *ctx, const char *schema)
{
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_object *o = ctx->cat->all[i];
		/* default privileges go with their schema */
		if (o->schema && !strcmp(o->schema, schema) &&
		    o->kind != SD_DEFAULT_ACL &&
		    catalog_lookup(ctx->cat, o->key) == o)
			return true;
	}
	return false;
}

/* DROP SCHEMA of an external schema (one the files use but do not
 * create): its objects go, and it exists no more. */
static int drop_external_schema(struct pg_ctx *ctx, PgQuery__DropStmt *s,
				const char *name)
{
	bool cascade = s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;

	if (strmap_contains(&ctx->gone_schemas, name))
		return s->missing_ok ? 0 : pg_check_schema(ctx, name, -1);
	if (!cascade && ctx->script && schema_has_objects(ctx, name))
		return pg_error(ctx, SD_ERR, -1,
				"cannot drop schema %s because other objects "
				"depend on it", name);
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_object *o = ctx->cat->all[i];
		if (o->schema && !strcmp(o->schema, name))
			pg_drop_object(ctx, o, cascade);
	}
	pg_schema_gone(ctx, name, true);
	return 0;
}

/* A live object that depends on obj (a table whose column uses a
 * collation), or NULL. */
static struct sd_object *first_user(struct pg_ctx *ctx,
				    const struct sd_object *obj)
{
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_object *o = ctx->cat->all[i];
		if (catalog_lookup(ctx->cat, o->key) != o)
			continue;
		for (size_t j = 0; j < o->ndeps; j++)
			if (!strcmp(o->deps[j], obj->key))
				return o;
	}
	return NULL;
}

static int drop_one(struct pg_ctx *ctx, PgQuery__DropStmt *s,
		    enum sd_kind kind, PgQuery__Node *o)
{
	const char *schema = NULL, *name = NULL, *found = NULL;
	bool cascade = s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	struct sd_object *obj, *user;
	int ret;

	if (o->node_case == PG_QUERY__NODE__NODE_LIST) {
		if ((ret = pg_qualified(ctx, o->list->items, o->list->n_items,
					&schema, &name)))
			return ret;
	} else if (o->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
		if ((ret = pg_qualified(ctx, o->type_name->names,
					o->type_name->n_names, &schema,
					&name)))
			return ret;
	} else {
		name = pg_str(o);
	}
	if (!name)
		return pg_error(ctx, SD_ERR, -1, "invalid object name");
	if (kind == SD_SCHEMA && !pg_schema_managed(ctx, name))
		return drop_external_schema(ctx, s, name);
	if (kind == SD_SCHEMA || kind == SD_EXTENSION) {
		obj = catalog_find(ctx->cat, kind, NULL, name);
		found = NULL;
	} else {
		obj = pg_find(ctx, kind, schema, name, &found);
	}
	if (!obj) {
		struct sd_table *t;
		struct sd_object *rel;
		if (kind == SD_INDEX && found &&
		    index_constraint(ctx, found, name, &t))
			return pg_error(ctx, SD_ERR, -1,
					"cannot drop index %s because "
					"constraint %s on table %s requires it",
					name, name, t->base.name);
		if (s->missing_ok)
			return 0;
		if (kind != SD_SCHEMA && kind != SD_EXTENSION &&
		    kind != SD_TYPE &&
		    (rel = pg_find_rel(ctx, schema, name, &found)))
			return pg_error(ctx, SD_ERR, -1,
					"\"%s\" is not a %s", name,
					sd_kind_name(kind));
		return pg_error(ctx, SD_ERR, -1, "%s \"%s\" does not exist",
				sd_kind_name(kind),
				pg_qname(ctx, found, name));
	}
	if (kind == SD_COLLATION && !cascade && ctx->script &&
	    (user = first_user(ctx, obj)))
		return pg_error(ctx, SD_ERR, -1,
				"cannot drop collation %s because other "
				"objects depend on it (%s %s)", name,
				sd_kind_name(user->kind), user->name);
	if (kind == SD_SCHEMA && !cascade && ctx->script &&
	    schema_has_objects(ctx, name))
		return pg_error(ctx, SD_ERR, -1,
				"cannot drop schema %s because other objects "
				"depend on it", name);
	pg_drop_object(ctx, obj, cascade);
	if (kind == SD_SCHEMA)
		pg_schema_gone(ctx, name, true);
	return 0;
}

int parse_drop(struct pg_ctx *ctx, PgQuery__DropStmt *s)
{
	int kind = drop_kind(s->remove_type);
	int ret;

	if (kind < 0) {
		const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(
			&pg_query__object_type__descriptor, (int)s->remove_type);
		const char *n = v ? v->name : "OBJECT";
		if (!strncmp(n, "OBJECT_", 7))
			n += 7;
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported statement DROP %s", n);
	}
	for (size_t i = 0; i < s->n_objects; i++)
		if ((ret = drop_one(ctx, s, (enum sd_kind)kind, s->objects[i])))
			return ret;
	return 0;
}
