/*
 * parser/pg/pg_index_stats.c: ALTER INDEX ... ALTER COLUMN n SET
 * STATISTICS target (pg_dump writes it for expression columns whose
 * target was set): kept on the index column (struct sd_index_elem).
 * Strings live in the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <stdio.h>

#include "util/banned.h"

int pg_alter_index_stats(struct pg_ctx *ctx, PgQuery__AlterTableStmt *s)
{
	PgQuery__RangeVar *rv = s->relation;
	struct sd_index *ix;
	const char *schema;
	bool any = false;

	for (size_t i = 0; i < s->n_cmds; i++) {
		PgQuery__AlterTableType t = s->cmds[i]->alter_table_cmd->subtype;

		if (t == PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics)
			any = true;
		else if (t != PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner)
			return 1;
	}
	if (!any)
		return 1;
	ix = pg_find(ctx, SD_INDEX, rv->schemaname, rv->relname, &schema);
	if (!ix) {
		if (s->missing_ok)
			return 0;
		return pg_error(ctx, SD_ERR, rv->location,
				"index \"%s\" does not exist",
				pg_qname(ctx, schema, rv->relname));
	}
	for (size_t i = 0; i < s->n_cmds; i++) {
		PgQuery__AlterTableCmd *cmd = s->cmds[i]->alter_table_cmd;
		char num[32];
		long v;

		if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics)
			continue;
		if (cmd->name && *cmd->name)
			return pg_error(ctx, SD_ERR, rv->location,
					"cannot refer to index column \"%s\" "
					"by name; use its number",
					cmd->name);
		if (cmd->num < 1 || (size_t)cmd->num > ix->nelems)
			return pg_error(ctx, SD_ERR, rv->location,
					"column number %d of index \"%s\" "
					"does not exist", cmd->num,
					rv->relname);
		if (ix->elems[cmd->num - 1].column)
			return pg_error(ctx, SD_ERR, rv->location,
					"cannot alter statistics on "
					"non-expression column %d of index "
					"\"%s\"", cmd->num, rv->relname);
		if (!cmd->def ||
		    cmd->def->node_case != PG_QUERY__NODE__NODE_INTEGER)
			return pg_error(ctx, SD_ERR_UNSUPPORTED, rv->location,
					"SET STATISTICS needs an integer");
		v = cmd->def->integer->ival;
		snprintf(num, sizeof(num), "%ld", v);
		ix->elems[cmd->num - 1].statistics =
			v < 0 ? NULL : catalog_strdup(ctx->cat, num);
	}
	return 0;
}
