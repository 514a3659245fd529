/*
 * parser/pg/pg_comment.c: COMMENT ON TABLE / VIEW / INDEX / SEQUENCE / TYPE
 * / SCHEMA / EXTENSION / COLUMN / CONSTRAINT ... IS '...' | NULL. An empty
 * comment removes it, as the server does. Text lives in the catalog's
 * arena.
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

static int comment_kind(PgQuery__ObjectType t)
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

/* A table and the last name of a list [schema.]table.last. */
static int table_and_member(struct pg_ctx *ctx, PgQuery__Node *o,
			    struct sd_table **t, const char **member)
{
	const char *schema, *name, *found;
	PgQuery__Node **items;
	size_t n;
	int ret;

	if (o->node_case != PG_QUERY__NODE__NODE_LIST || o->list->n_items < 2)
		return pg_error(ctx, SD_ERR, -1, "invalid object name");
	items = o->list->items;
	n = o->list->n_items;
	*member = pg_str(items[n - 1]);
	if ((ret = pg_qualified(ctx, items, n - 1, &schema, &name)))
		return ret;
	*t = pg_find(ctx, SD_TABLE, schema, name, &found);
	if (!*t)
		return pg_error(ctx, SD_ERR, -1,
				"relation \"%s\" does not exist",
				pg_qname(ctx, found, name));
	return 0;
}

int parse_comment(struct pg_ctx *ctx, PgQuery__CommentStmt *s)
{
	const char *text = s->comment && *s->comment
				   ? catalog_strdup(ctx->cat, s->comment)
				   : NULL;
	const char *schema = NULL, *name = NULL, *found = NULL, *member;
	struct sd_table *t;
	struct sd_object *obj;
	PgQuery__Node *o = s->object;
	int kind, ret;

	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
		struct sd_column *col;
		if ((ret = pg_comment_relcol(ctx, o, text)) != 1)
			return ret;	/* parser/pg/pg_viewcol.c */
		if ((ret = table_and_member(ctx, o, &t, &member)))
			return ret;
		col = table_find_column(t, member);
		if (!col)
			return pg_error(ctx, SD_ERR, -1,
					"column \"%s\" of relation \"%s\" does "
					"not exist", member, t->base.name);
		col->comment = text;
		return 0;
	}
	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT) {
		struct sd_constraint *c;
		if ((ret = table_and_member(ctx, o, &t, &member)))
			return ret;
		c = table_find_constraint(t, member);
		if (!c)
			return pg_error(ctx, SD_ERR, -1,
					"constraint \"%s\" for table \"%s\" "
					"does not exist", member, t->base.name);
		c->comment = text;
		return 0;
	}
	kind = comment_kind(s->objtype);
	if (kind < 0) {
		const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(
			&pg_query__object_type__descriptor, (int)s->objtype);
		const char *n = v ? v->name : "OBJECT";
		if (!strncmp(n, "OBJECT_", 7))
			n += 7;
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported statement COMMENT ON %s", n);
	}
	if (o->node_case == PG_QUERY__NODE__NODE_LIST)
		ret = pg_qualified(ctx, o->list->items, o->list->n_items,
				   &schema, &name);
	else if (o->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
		ret = pg_qualified(ctx, o->type_name->names,
				   o->type_name->n_names, &schema, &name);
	else
		ret = (name = pg_str(o)) ? 0
			: pg_error(ctx, SD_ERR, -1, "invalid object name");
	if (ret)
		return ret;
	if (kind == SD_SCHEMA || kind == SD_EXTENSION) {
		if (kind == SD_SCHEMA && !pg_schema_managed(ctx, name))
			/* external: not modelled (see pg_schema.c) */
			return pg_check_schema(ctx, name, -1);
		obj = catalog_find(ctx->cat, kind, NULL, name);
	} else {
		obj = pg_find(ctx, kind, schema, name, &found);
	}
	if (!obj) {
		if (kind == SD_INDEX) {
			/* an index behind a constraint: not modelled apart */
			if (found && pg_relname_taken(ctx, found, name))
				return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
						"unsupported comment on the "
						"index of constraint \"%s\"",
						name);
		}
		return pg_error(ctx, SD_ERR, -1, "%s \"%s\" does not exist",
				sd_kind_name(kind), pg_qname(ctx, found, name));
	}
	obj->comment = text;
	return 0;
}
