/*
 * parser/pg/pg_viewcol.c: what the columns of relations other than tables
 * carry: COMMENT ON COLUMN on a view, a materialized view or a composite
 * type's attribute, and ALTER VIEW (or ALTER TABLE naming a view) ...
 * ALTER COLUMN c SET DEFAULT expr / DROP DEFAULT. Views and materialized
 * views keep them in struct sd_viewcols (model/viewcol.c), composite types
 * on their attributes. Text lives in the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

/* A view's column: its explicit column names, when it has them, are the
 * only ones; else the query's output columns, which are not known offline
 * (a `*`), so any name is taken. */
/* A constant's cast in a view column's default is the column's type,
 * which the files do not say (the server adds it: 'n/a'::text): the
 * constant is kept without it, so that a default written by hand and
 * inspect's compare equal offline. */
static PgQuery__Node *viewcol_default(PgQuery__Node *e)
{
	PgQuery__Node *arg;

	if (e->node_case != PG_QUERY__NODE__NODE_TYPE_CAST ||
	    !(arg = e->type_cast->arg) ||
	    arg->node_case != PG_QUERY__NODE__NODE_A_CONST ||
	    arg->a_const->isnull)
		return e;
	return arg;
}

static int view_has_column(const struct sd_object *obj, const char *col)
{
	const char **cols = NULL;
	size_t n = 0;

	if (obj->kind == SD_VIEW) {
		cols = ((const struct sd_view *)obj)->columns;
		n = ((const struct sd_view *)obj)->ncolumns;
	} else if (obj->kind == SD_MATVIEW) {
		cols = ((const struct sd_matview *)obj)->columns;
		n = ((const struct sd_matview *)obj)->ncolumns;
	}
	if (!cols)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(cols[i], col))
			return 1;
	return 0;
}

static int no_column(struct pg_ctx *ctx, const char *col, const char *rel)
{
	return pg_error(ctx, SD_ERR, -1,
			"column \"%s\" of relation \"%s\" does not exist", col,
			rel);
}

int pg_comment_relcol(struct pg_ctx *ctx, PgQuery__Node *o, const char *text)
{
	const char *schema, *name, *found, *member;
	struct sd_object *obj;
	struct sd_type *ty;
	PgQuery__Node **items;
	size_t n;
	int ret;

	if (o->node_case != PG_QUERY__NODE__NODE_LIST || o->list->n_items < 2)
		return 1;
	items = o->list->items;
	n = o->list->n_items;
	member = pg_str(items[n - 1]);
	if (!member || (ret = pg_qualified(ctx, items, n - 1, &schema, &name)))
		return 1;	/* the table path says what is wrong */
	obj = pg_find_rel(ctx, schema, name, &found);
	if (obj && (obj->kind == SD_VIEW || obj->kind == SD_MATVIEW)) {
		if (!view_has_column(obj, member))
			return no_column(ctx, member, obj->name);
		viewcols_get(ctx->cat, object_viewcols(obj), member)->comment =
			text;
		return 0;
	}
	if (obj)
		return 1;
	ty = pg_find(ctx, SD_TYPE, schema, name, &found);
	if (ty && ty->typtype == SD_TYPTYPE_COMPOSITE) {
		struct sd_column *a = type_find_attr(ty, member);
		if (!a)
			return no_column(ctx, member, ty->base.name);
		a->comment = text;
		return 0;
	}
	return 1;
}

int pg_alter_view_columns(struct pg_ctx *ctx, PgQuery__AlterTableStmt *s)
{
	PgQuery__RangeVar *rv = s->relation;
	struct sd_object *obj;
	struct sd_viewcols *notes;
	const char *schema;
	bool defaults = false;
	int ret;

	for (size_t i = 0; i < s->n_cmds; i++)
		if (s->cmds[i]->node_case ==
			    PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
		    s->cmds[i]->alter_table_cmd->subtype ==
			    PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault)
			defaults = true;
	if (!defaults || !rv)
		return 1;
	obj = pg_find_rel(ctx, rv->schemaname, rv->relname, &schema);
	if (!obj) {
		if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_VIEW)
			return 1;	/* ALTER TABLE: its own message */
		if (s->missing_ok)
			return 0;
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, rv->relname));
	}
	if (obj->kind != SD_VIEW) {
		if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_VIEW)
			return 1;
		return pg_error(ctx, SD_ERR, rv->location,
				"\"%s\" is not a view", rv->relname);
	}
	notes = object_viewcols(obj);
	for (size_t i = 0; i < s->n_cmds; i++) {
		PgQuery__AlterTableCmd *cmd;
		struct sd_column *c;

		if (s->cmds[i]->node_case !=
		    PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		cmd = s->cmds[i]->alter_table_cmd;
		if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner)
			continue;	/* owners: not modelled */
		if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault) {
			const ProtobufCEnumValue *v =
				protobuf_c_enum_descriptor_get_value(
					&pg_query__alter_table_type__descriptor,
					(int)cmd->subtype);
			const char *n = v ? v->name : "?";

			if (!strncmp(n, "AT_", 3))
				n += 3;
			return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
					"unsupported statement ALTER VIEW (%s)",
					n);
		}
		if (!cmd->name || !view_has_column(obj, cmd->name))
			return no_column(ctx, cmd->name ? cmd->name : "",
					 obj->name);
		c = viewcols_get(ctx->cat, notes, cmd->name);
		if (!cmd->def) {
			c->default_expr = NULL;
			continue;
		}
		if ((ret = pg_deparse_default(ctx, viewcol_default(cmd->def),
					      &c->default_expr)))
			return ret;
		pg_expr_deps(ctx, obj, cmd->def);
	}
	return 0;
}
