/*
 * parser/pg/pg_matview.c: CREATE MATERIALIZED VIEW [IF NOT EXISTS] name
 * [(columns)] [WITH (storage parameters)] AS query [WITH [NO] DATA], and
 * ALTER MATERIALIZED VIEW ... SET / RESET (...). The query is stored as the
 * deparser prints it, with a dependency on every relation it reads; WITH
 * [NO] DATA is a state of the data, not of the schema, and is not kept.
 * Strings live in the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

int parse_matview(struct pg_ctx *ctx, PgQuery__CreateTableAsStmt *s)
{
	PgQuery__IntoClause *into = s->into;
	PgQuery__RangeVar *rv = into ? into->rel : NULL;
	struct strbuf q = STRBUF_INIT, msg = STRBUF_INIT;
	struct sd_matview *mv;
	const char *schema;
	int ret;

	if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW)
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported statement CREATE TABLE AS");
	if (!rv || !s->query)
		return pg_error(ctx, SD_ERR, -1,
				"invalid CREATE MATERIALIZED VIEW");
	if ((into->table_space_name && *into->table_space_name) ||
	    (into->access_method && *into->access_method))
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported clause of CREATE MATERIALIZED "
				"VIEW (USING or TABLESPACE)");
	if (!(schema = pg_creation_schema(ctx, rv->schemaname)))
		return ctx->err ? ctx->err->code : SD_ERR;
	if ((ret = pg_check_schema(ctx, schema, rv->location)))
		return ret;
	if (pg_relname_taken(ctx, schema, rv->relname)) {
		if (s->if_not_exists)
			return 0;
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" already exists",
				pg_qname(ctx, schema, rv->relname));
	}
	if ((ret = pg_deparse_stmt(s->query, &q, &msg))) {
		ret = pg_error(ctx, ret, -1,
			       "cannot deparse materialized view query: %s",
			       msg.buf);
		goto out;
	}
	mv = catalog_add(ctx->cat, SD_MATVIEW, schema, rv->relname);
	if (!mv) {
		ret = pg_error(ctx, SD_ERR, rv->location,
			       "relation \"%s\" already exists",
			       pg_qname(ctx, schema, rv->relname));
		goto out;
	}
	pg_set_origin(ctx, &mv->base);
	pg_dep_schema(ctx, &mv->base);
	mv->query = catalog_strdup(ctx->cat, q.buf);
	mv->columns = into->n_col_names
			      ? pg_name_list(ctx, into->col_names,
					     into->n_col_names)
			      : NULL;
	mv->ncolumns = into->n_col_names;
	if (into->n_options &&
	    (ret = pg_reloptions(ctx, into->options, into->n_options, false,
				 &mv->reloptions, &mv->nreloptions)))
		goto out;
	pg_query_deps(ctx, &mv->base, s->query);
	pg_query_colreads(ctx, &mv->reads, s->query);
out:
	strbuf_release(&q);
	strbuf_release(&msg);
	return ret;
}

int pg_matview_set_options(struct pg_ctx *ctx, struct sd_matview *mv,
			   PgQuery__AlterTableCmd *cmd)
{
	PgQuery__Node **defs = NULL;
	size_t ndefs = 0;

	if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_LIST) {
		defs = cmd->def->list->items;
		ndefs = cmd->def->list->n_items;
	}
	return pg_reloptions(ctx, defs, ndefs,
			     cmd->subtype ==
				     PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions,
			     &mv->reloptions, &mv->nreloptions);
}
