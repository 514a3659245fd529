/*
 * parser/pg/pg_view.c: CREATE [OR REPLACE] VIEW, the query stored as the
 * deparser prints it, with a dependency on every relation it reads. Strings
 * live in the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

int parse_view(struct pg_ctx *ctx, PgQuery__ViewStmt *s)
{
	PgQuery__RangeVar *rv = s->view;
	struct strbuf q = STRBUF_INIT, msg = STRBUF_INIT;
	struct sd_object *old;
	struct sd_view *v;
	const char *schema;
	char check = SD_CHECK_NONE;
	PgQuery__Node **opts = NULL;
	size_t nopts = 0;
	const char **relopts = NULL;
	size_t nrelopts = 0;
	int ret;

	if (rv->relpersistence && rv->relpersistence[0] == 't')
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported statement CREATE TEMPORARY VIEW");
	if (!(schema = pg_creation_schema(ctx, rv->schemaname)))
		return ctx->err ? ctx->err->code : SD_ERR;
	if ((ret = pg_check_schema(ctx, schema, rv->location)))
		return ret;
	for (size_t i = 0; i < s->n_options; i++) {
		const PgQuery__DefElem *d;
		const char *val;
		if (s->options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		d = s->options[i]->def_elem;
		val = pg_defelem_str(d);
		if (!strcmp(d->defname, "check_option") && val) {
			check = !strcmp(val, "local") ? SD_CHECK_LOCAL
						      : SD_CHECK_CASCADED;
		} else if (!strcmp(d->defname, "security_barrier") ||
			   !strcmp(d->defname, "security_invoker")) {
			/* reloptions (check_option is kept apart) */
			if (!opts)
				opts = arena_alloc(&ctx->cat->arena,
						   s->n_options * sizeof(*opts));
			opts[nopts++] = s->options[i];
		} else {
			return pg_error(ctx, SD_ERR_UNSUPPORTED, d->location,
					"unsupported view option %s",
					d->defname);
		}
	}
	if (nopts && (ret = pg_reloptions(ctx, opts, nopts, false, &relopts,
					  &nrelopts)))
		return ret;
	if (s->with_check_option ==
	    PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION)
		check = SD_CHECK_LOCAL;
	else if (s->with_check_option ==
		 PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION)
		check = SD_CHECK_CASCADED;
	old = pg_find_rel(ctx, schema, rv->relname, &schema);
	if (old && (!s->replace || old->kind != SD_VIEW)) {
		if (s->replace)
			return pg_error(ctx, SD_ERR, rv->location,
					"\"%s\" is not a view", rv->relname);
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" already exists",
				pg_qname(ctx, schema, rv->relname));
	}
	if (!old && pg_relname_taken(ctx, schema, rv->relname))
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" already exists",
				pg_qname(ctx, schema, rv->relname));
	pg_canon_view_query(ctx, s->query);
	if ((ret = pg_deparse_stmt(s->query, &q, &msg))) {
		ret = pg_error(ctx, ret, -1, "cannot deparse view query: %s",
			       msg.buf);
		goto out;
	}
	if (old) {
		v = (struct sd_view *)old;
		v->base.ndeps = 0;
	} else {
		v = catalog_add(ctx->cat, SD_VIEW, schema, rv->relname);
	}
	pg_set_origin(ctx, &v->base);
	pg_dep_schema(ctx, &v->base);
	v->query = catalog_strdup(ctx->cat, q.buf);
	v->columns = s->n_aliases ? pg_name_list(ctx, s->aliases, s->n_aliases)
				  : NULL;
	v->ncolumns = s->n_aliases;
	v->check_option = check;
	v->options = relopts;
	v->noptions = nrelopts;
	pg_query_deps(ctx, &v->base, s->query);
	pg_query_colreads(ctx, &v->reads, s->query);
out:
	strbuf_release(&q);
	strbuf_release(&msg);
	return ret;
}

/* SET (...) / RESET (...) of a view: check_option is kept apart from
 * the other options, as CREATE VIEW keeps it; RESET (check_option) is no
 * check option. */
static int view_set_options(struct pg_ctx *ctx, struct sd_view *v,
			    PgQuery__AlterTableCmd *cmd)
{
	bool reset = cmd->subtype ==
		     PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions;
	PgQuery__Node **defs = NULL, **opts;
	size_t ndefs = 0, nopts = 0;

	if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_LIST) {
		defs = cmd->def->list->items;
		ndefs = cmd->def->list->n_items;
	}
	opts = arena_alloc(&ctx->cat->arena, (ndefs + 1) * sizeof(*opts));
	for (size_t i = 0; i < ndefs; i++) {
		const PgQuery__DefElem *d;
		const char *val;

		if (defs[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		d = defs[i]->def_elem;
		val = pg_defelem_str(d);
		if (!strcmp(d->defname, "check_option")) {
			if (reset)
				v->check_option = SD_CHECK_NONE;
			else if (val && !strcmp(val, "local"))
				v->check_option = SD_CHECK_LOCAL;
			else if (val && !strcmp(val, "cascaded"))
				v->check_option = SD_CHECK_CASCADED;
			else
				return pg_error(ctx, SD_ERR, d->location,
						"invalid value for enum option "
						"\"check_option\": %s",
						val ? val : "");
		} else if (!strcmp(d->defname, "security_barrier") ||
			   !strcmp(d->defname, "security_invoker")) {
			opts[nopts++] = defs[i];
		} else {
			return pg_error(ctx, SD_ERR, d->location,
					"unrecognized parameter \"%s\"",
					d->defname);
		}
	}
	if (!nopts)
		return 0;
	return pg_reloptions(ctx, opts, nopts, reset, &v->options,
			     &v->noptions);
}

static bool options_cmd(const PgQuery__Node *n)
{
	return n->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
	       (n->alter_table_cmd->subtype ==
			PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions ||
		n->alter_table_cmd->subtype ==
			PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions ||
		n->alter_table_cmd->subtype ==
			PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner);
}

int pg_alter_view_options(struct pg_ctx *ctx, PgQuery__AlterTableStmt *s,
			  struct sd_object *rel)
{
	int ret;

	for (size_t i = 0; i < s->n_cmds; i++)
		if (!options_cmd(s->cmds[i]))
			return 1;
	for (size_t i = 0; i < s->n_cmds; i++) {
		PgQuery__AlterTableCmd *cmd;

		if (s->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		cmd = s->cmds[i]->alter_table_cmd;
		if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner)
			continue;
		if (rel->kind == SD_MATVIEW)
			ret = pg_matview_set_options(
				ctx, (struct sd_matview *)rel, cmd);
		else
			ret = view_set_options(ctx, (struct sd_view *)rel, cmd);
		if (ret)
			return ret;
	}
	return 0;
}
