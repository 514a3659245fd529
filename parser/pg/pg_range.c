/*
 * parser/pg/pg_range.c: CREATE TYPE ... AS RANGE (SUBTYPE = ..., ...). A
 * range type is a struct sd_type with typtype 'r': base_type is the
 * subtype; the options are kept as SQL text (names quoted, pg_catalog
 * left out); multirange is the name given or the one the server chooses.
 *
 * Memory: every string kept is copied into the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

/* A (possibly qualified) name given as an option's argument, as SQL. */
static const char *option_name(struct pg_ctx *ctx, const PgQuery__DefElem *d)
{
	const PgQuery__Node *a = d->arg;
	PgQuery__Node **names = NULL;
	size_t n = 0;

	if (!a)
		return NULL;
	switch (a->node_case) {
	case PG_QUERY__NODE__NODE_TYPE_NAME:
		names = a->type_name->names;
		n = a->type_name->n_names;
		break;
	case PG_QUERY__NODE__NODE_LIST:
		names = a->list->items;
		n = a->list->n_items;
		break;
	case PG_QUERY__NODE__NODE_STRING: {
		struct strbuf sb = STRBUF_INIT;
		const char *res;
		sql_quote_ident(&sb, SQL_POSTGRES, a->string->sval);
		res = catalog_strdup(ctx->cat, sb.buf);
		strbuf_release(&sb);
		return res;
	}
	default:
		return NULL;
	}
	/* pg_format_collation: the same rules (pg_catalog. dropped) */
	return pg_format_collation(ctx, names, n);
}

int parse_range(struct pg_ctx *ctx, PgQuery__CreateRangeStmt *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *schema, *name, *dep, *mr_schema = NULL, *mr_name = NULL;
	enum pg_serial serial;
	struct sd_type *t;
	int ret;

	if ((ret = pg_new_name(ctx, s->type_name, s->n_type_name, &schema,
			       &name)) ||
	    (ret = pg_add_type(ctx, schema, name, SD_TYPTYPE_RANGE, -1, &t)))
		return ret;
	for (size_t i = 0; i < s->n_params; i++) {
		PgQuery__DefElem *d;
		const char *opt;

		if (s->params[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		d = s->params[i]->def_elem;
		opt = d->defname ? d->defname : "";
		if (!strcmp(opt, "subtype")) {
			if (!d->arg || d->arg->node_case !=
					       PG_QUERY__NODE__NODE_TYPE_NAME) {
				ret = pg_error(ctx, SD_ERR, d->location,
					       "invalid subtype");
				goto out;
			}
			strbuf_reset(&sb);
			if ((ret = pg_format_type(ctx, d->arg->type_name, &sb,
						  &dep, &serial)))
				goto out;
			t->base_type = catalog_strdup(ctx->cat, sb.buf);
			if (dep)
				catalog_add_dep(ctx->cat, &t->base, dep);
		} else if (!strcmp(opt, "subtype_opclass")) {
			t->subtype_opclass = option_name(ctx, d);
		} else if (!strcmp(opt, "collation")) {
			t->collation = option_name(ctx, d);
		} else if (!strcmp(opt, "canonical")) {
			t->canonical = option_name(ctx, d);
		} else if (!strcmp(opt, "subtype_diff")) {
			t->subtype_diff = option_name(ctx, d);
		} else if (!strcmp(opt, "multirange_type_name")) {
			const PgQuery__Node *a = d->arg;
			if (a && a->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
				ret = pg_qualified(ctx, a->type_name->names,
						   a->type_name->n_names,
						   &mr_schema, &mr_name);
			else if (a && a->node_case ==
					      PG_QUERY__NODE__NODE_LIST)
				ret = pg_qualified(ctx, a->list->items,
						   a->list->n_items,
						   &mr_schema, &mr_name);
			else
				mr_name = pg_defelem_str(d);
			if (ret)
				goto out;
		} else {
			ret = pg_error(ctx, SD_ERR, d->location,
				       "type attribute \"%s\" not recognized",
				       opt);
			goto out;
		}
	}
	if (!t->base_type) {
		ret = pg_error(ctx, SD_ERR, -1,
			       "type attribute \"subtype\" is required");
		goto out;
	}
	/* the multirange goes to the range's schema unless qualified; only
	 * its name is kept, so a multirange elsewhere is not modelled */
	strbuf_reset(&sb);
	if (mr_name)
		strbuf_addstr(&sb, mr_name);
	else
		pg_multirange_name(&sb, name);
	t->multirange = catalog_strdup(ctx->cat, sb.buf);
	(void)mr_schema;
out:
	strbuf_release(&sb);
	return ret;
}
