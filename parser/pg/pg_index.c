/*
 * parser/pg/pg_index.c: CREATE INDEX, with the server's default index names
 * and canonical NULLS ordering. Strings live in the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

static const char *qualified_list(struct pg_ctx *ctx, PgQuery__Node **names,
				  size_t n)
{
	/* opclasses and collations: pg_catalog is implied */
	return pg_format_collation(ctx, names, n);
}

static int index_elem(struct pg_ctx *ctx, struct sd_table *t,
		      PgQuery__IndexElem *ie, struct sd_index_elem *e,
		      struct vec *names)
{
	const char *name;
	int ret;

	if (ie->name && *ie->name) {
		if (t && !pg_table_has_column(ctx, t, ie->name))
			return pg_error(ctx, SD_ERR, -1,
					"column \"%s\" does not exist",
					ie->name);
		e->column = catalog_strdup(ctx->cat, ie->name);
		name = e->column;
	} else {
		pg_canon_index_expr(ctx, t, &ie->expr);
		if ((ret = pg_deparse_expr(ctx, ie->expr, &e->expr)))
			return ret;
		name = pg_figure_colname(ie->expr);
		if (!name)
			name = "expr";
	}
	if (names)
		vec_push(names, (void *)name);
	if (ie->n_collation)
		e->collation = pg_collation_sql(ctx, NULL, ie->collation,
						ie->n_collation);
	if (ie->n_opclass)
		e->opclass = qualified_list(ctx, ie->opclass, ie->n_opclass);
	if (ie->n_opclassopts)
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported operator class options");
	e->desc = ie->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
	if (ie->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_USING)
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported ordering USING in an index");
	/* DESC defaults to NULLS FIRST, ASC to NULLS LAST */
	if (ie->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST &&
	    !e->desc)
		e->nulls = 'f';
	else if (ie->nulls_ordering ==
			 PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST &&
		 e->desc)
		e->nulls = 'l';
	return 0;
}

int parse_index(struct pg_ctx *ctx, PgQuery__IndexStmt *s)
{
	PgQuery__RangeVar *rv = s->relation;
	struct sd_table *t;
	struct sd_object *rel;	/* t, or a materialized view */
	struct sd_index *ix;
	const char *schema, *name;
	struct sd_index_elem *elems;
	const char **incl;
	struct vec names = VEC_INIT;
	int ret = 0;

	t = pg_find(ctx, SD_TABLE, rv->schemaname, rv->relname, &schema);
	rel = t ? &t->base : pg_find(ctx, SD_MATVIEW, rv->schemaname,
				     rv->relname, &schema);
	if (!rel) {
		if (pg_find_rel(ctx, rv->schemaname, rv->relname, &schema))
			return pg_error(ctx, SD_ERR_UNSUPPORTED, rv->location,
					"unsupported index on \"%s\": not a "
					"table",
					pg_qname(ctx, schema, rv->relname));
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, rv->relname));
	}
	schema = rel->schema;
	if (s->n_exclude_op_names)
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported exclusion index");
	elems = arena_alloc(&ctx->cat->arena,
			    (s->n_index_params ? s->n_index_params : 1) *
				    sizeof(*elems));
	for (size_t i = 0; i < s->n_index_params && !ret; i++) {
		if (s->index_params[i]->node_case !=
		    PG_QUERY__NODE__NODE_INDEX_ELEM) {
			ret = pg_error(ctx, SD_ERR, -1, "invalid index element");
			break;
		}
		ret = index_elem(ctx, t, s->index_params[i]->index_elem,
				 &elems[i], &names);
	}
	if (ret)
		goto out;
	incl = pg_name_list(ctx, s->index_including_params,
			    s->n_index_including_params);
	for (size_t i = 0; i < s->n_index_including_params; i++) {
		if (t && !pg_table_has_column(ctx, t, incl[i])) {
			ret = pg_error(ctx, SD_ERR, -1,
				       "column \"%s\" does not exist", incl[i]);
			goto out;
		}
		vec_push(&names, (void *)incl[i]);
	}
	if (s->idxname && *s->idxname) {
		name = s->idxname;
		if (pg_relname_taken(ctx, schema, name)) {
			if (s->if_not_exists)
				goto out;
			ret = pg_error(ctx, SD_ERR, -1,
				       "relation \"%s\" already exists",
				       pg_qname(ctx, schema, name));
			goto out;
		}
	} else {
		struct strbuf add = STRBUF_INIT;
		pg_index_name_addition(&names, &add);
		name = pg_choose_name(ctx, schema, rel->name, add.buf, "idx",
				      true, false);
		strbuf_release(&add);
	}
	ix = catalog_add(ctx->cat, SD_INDEX, schema, name);
	pg_set_origin(ctx, &ix->base);
	catalog_add_dep(ctx->cat, &ix->base, rel->key);
	ix->table = rel->name;
	ix->method = catalog_strdup(ctx->cat, s->access_method &&
						      *s->access_method
					      ? s->access_method
					      : "btree");
	ix->unique = s->unique;
	ix->nulls_not_distinct = s->nulls_not_distinct;
	ix->elems = elems;
	ix->nelems = s->n_index_params;
	for (size_t i = 0; i < ix->nelems; i++)
		pg_collation_dep(ctx, &ix->base, elems[i].collation);
	ix->include = incl;
	ix->ninclude = s->n_index_including_params;
	if (s->where_clause) {
		pg_canon_index_expr(ctx, t, &s->where_clause);
		ret = pg_deparse_expr(ctx, s->where_clause, &ix->predicate);
	}
	if (!ret)
		ret = pg_reloptions(ctx, s->options, s->n_options, false,
				    &ix->reloptions, &ix->nreloptions);
out:
	vec_release(&names);
	return ret;
}
