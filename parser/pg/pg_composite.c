/*
 * parser/pg/pg_composite.c: CREATE TYPE ... AS (attributes), ALTER TYPE ...
 * ADD / DROP / ALTER ATTRIBUTE and RENAME ATTRIBUTE. A composite type is a
 * struct sd_type with typtype 'c'; its attributes are struct sd_column
 * with a name, a type and a collation only.
 *
 * Memory: every string kept is copied into the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

/* Fill an attribute's type and collation from a ColumnDef. */
static int attr_type(struct pg_ctx *ctx, struct sd_type *t,
		     struct sd_column *a, const PgQuery__ColumnDef *cd)
{
	struct strbuf type = STRBUF_INIT;
	const char *dep;
	enum pg_serial serial;
	int ret;

	if ((ret = pg_format_type(ctx, cd->type_name, &type, &dep, &serial)))
		goto out;
	if (serial) {
		ret = pg_error(ctx, SD_ERR, cd->location,
			       "type \"serial\" does not exist");
		goto out;
	}
	a->type = catalog_strdup(ctx->cat, type.buf);
	a->collation = cd->coll_clause
			       ? pg_collation_sql(ctx, &t->base,
						  cd->coll_clause->collname,
						  cd->coll_clause->n_collname)
			       : NULL;
	if (dep)
		catalog_add_dep(ctx->cat, &t->base, dep);
out:
	strbuf_release(&type);
	return ret;
}

static int add_attr(struct pg_ctx *ctx, struct sd_type *t,
		    const PgQuery__ColumnDef *cd)
{
	struct sd_column *a;

	if (!cd->type_name)
		return pg_error(ctx, SD_ERR, cd->location,
				"attribute \"%s\" has no type", cd->colname);
	if (type_find_attr(t, cd->colname))
		return pg_error(ctx, SD_ERR, cd->location,
				"column \"%s\" specified more than once",
				cd->colname);
	for (size_t i = 0; i < cd->n_constraints; i++)
		if (cd->constraints[i]->node_case ==
		    PG_QUERY__NODE__NODE_CONSTRAINT)
			return pg_error(ctx, SD_ERR, cd->location,
					"constraints are not supported on "
					"composite types");
	a = type_add_attr(ctx->cat, t, cd->colname);
	return attr_type(ctx, t, a, cd);
}

int parse_composite(struct pg_ctx *ctx, PgQuery__CompositeTypeStmt *s)
{
	PgQuery__RangeVar *rv = s->typevar;
	const char *schema;
	struct sd_type *t;
	int ret;

	if (!(schema = pg_creation_schema(ctx, rv->schemaname &&
						       *rv->schemaname
					       ? rv->schemaname : NULL)))
		return ctx->err ? ctx->err->code : SD_ERR;
	if ((ret = pg_check_schema(ctx, schema, rv->location)))
		return ret;
	if ((ret = pg_add_type(ctx, schema, rv->relname, SD_TYPTYPE_COMPOSITE,
			       rv->location, &t)))
		return ret;
	for (size_t i = 0; i < s->n_coldeflist; i++) {
		if (s->coldeflist[i]->node_case !=
		    PG_QUERY__NODE__NODE_COLUMN_DEF)
			continue;
		if ((ret = add_attr(ctx, t, s->coldeflist[i]->column_def)))
			return ret;
	}
	return 0;
}

static int find_composite(struct pg_ctx *ctx, PgQuery__RangeVar *rv,
			  bool missing_ok, struct sd_type **out)
{
	const char *found;
	struct sd_type *t;

	*out = NULL;
	t = pg_find(ctx, SD_TYPE, rv->schemaname && *rv->schemaname
					  ? rv->schemaname : NULL,
		    rv->relname, &found);
	if (!t) {
		if (missing_ok)
			return 0;
		return pg_error(ctx, SD_ERR, rv->location,
				"type \"%s\" does not exist",
				pg_qname(ctx, found, rv->relname));
	}
	if (t->typtype != SD_TYPTYPE_COMPOSITE)
		return pg_error(ctx, SD_ERR, rv->location,
				"\"%s\" is not a composite type",
				rv->relname);
	*out = t;
	return 0;
}

static int alter_cmd(struct pg_ctx *ctx, struct sd_type *t,
		     PgQuery__AlterTableCmd *cmd)
{
	struct sd_column *a;

	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
		if (!cmd->def ||
		    cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
			return pg_error(ctx, SD_ERR, -1, "invalid attribute");
		return add_attr(ctx, t, cmd->def->column_def);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
		if (!type_find_attr(t, cmd->name)) {
			if (cmd->missing_ok)
				return 0;
			return pg_error(ctx, SD_ERR, -1,
					"column \"%s\" of relation \"%s\" "
					"does not exist", cmd->name,
					t->base.name);
		}
		type_remove_attr(t, cmd->name);
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
		a = type_find_attr(t, cmd->name);
		if (!a)
			return pg_error(ctx, SD_ERR, -1,
					"column \"%s\" of relation \"%s\" "
					"does not exist", cmd->name,
					t->base.name);
		if (!cmd->def ||
		    cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
			return pg_error(ctx, SD_ERR, -1, "invalid attribute");
		return attr_type(ctx, t, a, cmd->def->column_def);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
		return 0;	/* ownership is not modelled */
	default:
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported statement ALTER TYPE");
	}
}

int parse_alter_composite(struct pg_ctx *ctx, PgQuery__AlterTableStmt *s)
{
	struct sd_type *t;
	int ret;

	if ((ret = find_composite(ctx, s->relation, s->missing_ok, &t)) || !t)
		return ret;
	for (size_t i = 0; i < s->n_cmds; i++) {
		if (s->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		if ((ret = alter_cmd(ctx, t, s->cmds[i]->alter_table_cmd)))
			return ret;
	}
	return 0;
}

int pg_rename_attribute(struct pg_ctx *ctx, PgQuery__RenameStmt *s)
{
	struct sd_column *a;
	struct sd_type *t;
	int ret;

	if (!s->relation)
		return pg_error(ctx, SD_ERR, -1, "invalid type name");
	if ((ret = find_composite(ctx, s->relation, s->missing_ok, &t)) || !t)
		return ret;
	a = type_find_attr(t, s->subname);
	if (!a)
		return pg_error(ctx, SD_ERR, -1,
				"column \"%s\" does not exist", s->subname);
	if (type_find_attr(t, s->newname))
		return pg_error(ctx, SD_ERR, -1,
				"column \"%s\" of relation \"%s\" already "
				"exists", s->newname, t->base.name);
	a->name = catalog_strdup(ctx->cat, s->newname);
	return 0;
}
