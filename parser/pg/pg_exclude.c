/*
 * parser/pg/pg_exclude.c: EXCLUDE constraints (in CREATE TABLE and ALTER
 * TABLE ADD CONSTRAINT): method, elements with their operators, INCLUDE,
 * WHERE, deferrability, and the server's default name (t_a_b_excl).
 * Strings live in the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

/* An operator name list as the server prints it in a definition. */
static const char *operator_name(struct pg_ctx *ctx, PgQuery__Node *ops)
{
	const char *schema = NULL, *op = NULL;
	PgQuery__Node **items;
	size_t n;

	if (!ops || ops->node_case != PG_QUERY__NODE__NODE_LIST)
		return NULL;
	items = ops->list->items;
	n = ops->list->n_items;
	if (!n)
		return NULL;
	op = pg_str(items[n - 1]);
	if (n > 1)
		schema = pg_str(items[n - 2]);
	if (!op)
		return NULL;
	if (schema && strcmp(schema, "pg_catalog")) {
		struct strbuf sb = STRBUF_INIT;
		const char *res;

		strbuf_addstr(&sb, "OPERATOR(");
		sql_quote_ident(&sb, SQL_POSTGRES, schema);
		strbuf_addf(&sb, ".%s)", op);
		res = catalog_strdup(ctx->cat, sb.buf);
		strbuf_release(&sb);
		return res;
	}
	return catalog_strdup(ctx->cat, op);
}

static int excl_elem(struct pg_ctx *ctx, struct sd_table *t,
		     PgQuery__IndexElem *ie, struct sd_index_elem *e,
		     struct vec *names)
{
	const char *name;
	int ret;

	if (ie->name && *ie->name) {
		if (!table_find_column(t, ie->name))
			return pg_error(ctx, SD_ERR, -1,
					"column \"%s\" named in key does not "
					"exist", ie->name);
		e->column = catalog_strdup(ctx->cat, ie->name);
		name = e->column;
	} else {
		if ((ret = pg_deparse_expr(ctx, ie->expr, &e->expr)))
			return ret;
		name = pg_figure_colname(ie->expr);
		if (!name)
			name = "expr";
	}
	vec_push(names, (void *)name);
	if (ie->n_collation)
		e->collation = pg_collation_sql(ctx, NULL, ie->collation,
						ie->n_collation);
	if (ie->n_opclass)
		e->opclass = pg_format_collation(ctx, ie->opclass,
						 ie->n_opclass);
	if (ie->n_opclassopts ||
	    ie->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_USING)
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported element option in an EXCLUDE "
				"constraint");
	e->desc = ie->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
	if (ie->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST &&
	    !e->desc)
		e->nulls = 'f';
	else if (ie->nulls_ordering ==
			 PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST &&
		 e->desc)
		e->nulls = 'l';
	return 0;
}

int pg_add_exclusion(struct pg_ctx *ctx, struct sd_table *t,
		     PgQuery__Constraint *c, int loc)
{
	struct vec names = VEC_INIT;
	struct sd_index_elem *elems;
	const char **ops, **incl, *name, *where = NULL;
	struct sd_constraint *con;
	size_t n = c->n_exclusions;
	int ret = 0;

	if (c->n_options || (c->indexspace && *c->indexspace) ||
	    (c->indexname && *c->indexname))
		return pg_error(ctx, SD_ERR_UNSUPPORTED, loc,
				"unsupported EXCLUDE constraint with storage "
				"parameters, tablespace or index");
	elems = arena_alloc(&ctx->cat->arena, (n ? n : 1) * sizeof(*elems));
	ops = arena_alloc(&ctx->cat->arena, (n ? n : 1) * sizeof(*ops));
	for (size_t i = 0; i < n && !ret; i++) {
		PgQuery__Node *pair = c->exclusions[i];
		PgQuery__Node **it;

		if (pair->node_case != PG_QUERY__NODE__NODE_LIST ||
		    pair->list->n_items != 2 ||
		    pair->list->items[0]->node_case !=
			    PG_QUERY__NODE__NODE_INDEX_ELEM) {
			ret = pg_error(ctx, SD_ERR, loc,
				       "invalid EXCLUDE element");
			break;
		}
		it = pair->list->items;
		ret = excl_elem(ctx, t, it[0]->index_elem, &elems[i], &names);
		if (!ret && !(ops[i] = operator_name(ctx, it[1])))
			ret = pg_error(ctx, SD_ERR, loc,
				       "invalid EXCLUDE operator");
	}
	if (ret)
		goto out;
	incl = pg_name_list(ctx, c->including, c->n_including);
	for (size_t i = 0; i < c->n_including; i++) {
		if (!table_find_column(t, incl[i])) {
			ret = pg_error(ctx, SD_ERR, loc,
				       "column \"%s\" named in key does not "
				       "exist", incl[i]);
			goto out;
		}
		vec_push(&names, (void *)incl[i]);
	}
	if (c->where_clause &&
	    (ret = pg_deparse_expr(ctx, c->where_clause, &where)))
		goto out;
	if (c->conname && *c->conname) {
		name = c->conname;
		if (pg_relname_taken(ctx, t->base.schema, name)) {
			ret = pg_error(ctx, SD_ERR, loc,
				       "relation \"%s\" already exists",
				       pg_qname(ctx, t->base.schema, name));
			goto out;
		}
	} else {
		struct strbuf add = STRBUF_INIT;
		pg_index_name_addition(&names, &add);
		name = pg_choose_name(ctx, t->base.schema, t->base.name,
				      add.buf, "excl", true, true);
		strbuf_release(&add);
	}
	if (table_find_constraint(t, name)) {
		ret = pg_error(ctx, SD_ERR, loc,
			       "constraint \"%s\" for relation \"%s\" already "
			       "exists", name, t->base.name);
		goto out;
	}
	con = table_add_constraint(ctx->cat, t, name);
	con->type = SD_CON_EXCLUDE;
	con->excl_method = catalog_strdup(ctx->cat,
					  c->access_method && *c->access_method
						  ? c->access_method
						  : "btree");
	con->excl_elems = elems;
	con->excl_ops = ops;
	con->nexcl = n;
	con->include = incl;
	con->ninclude = c->n_including;
	con->excl_where = where;
	con->deferrable = c->deferrable;
	con->deferred = c->initdeferred;
	pg_note_conname(ctx, t->base.schema, name);
out:
	vec_release(&names);
	return ret;
}
