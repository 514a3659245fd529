/*
 * parser/pg/pg_sequence.c: CREATE SEQUENCE and ALTER SEQUENCE, filled to
 * explicit values the way the server fills them (init_params()). Also makes
 * the sequences of serial columns. Strings live in the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

static void type_bounds(const char *type, int64_t *min, int64_t *max)
{
	if (!strcmp(type, "smallint")) {
		*min = -32768;
		*max = 32767;
	} else if (!strcmp(type, "integer")) {
		*min = -2147483647 - 1;
		*max = 2147483647;
	} else {
		*min = INT64_MIN;
		*max = INT64_MAX;
	}
}

struct sd_sequence *pg_new_sequence(struct pg_ctx *ctx, const char *schema,
				    const char *name, const char *type)
{
	struct sd_sequence *seq;
	int64_t tmin, tmax;

	if (pg_relname_taken(ctx, schema, name))
		return NULL;
	seq = catalog_add(ctx->cat, SD_SEQUENCE, schema, name);
	pg_set_origin(ctx, &seq->base);
	pg_dep_schema(ctx, &seq->base);
	seq->type = catalog_strdup(ctx->cat, type);
	type_bounds(type, &tmin, &tmax);
	seq->increment = 1;
	seq->minvalue = 1;
	seq->maxvalue = tmax;
	seq->start = 1;
	seq->cache = 1;
	return seq;
}

static int owned_by(struct pg_ctx *ctx, struct sd_sequence *seq,
		    const PgQuery__DefElem *d)
{
	const PgQuery__Node *a = d->arg;
	PgQuery__Node **items;
	size_t n;
	const char *table, *column, *schema;
	struct sd_table *t;

	if (!a || a->node_case != PG_QUERY__NODE__NODE_LIST)
		return pg_error(ctx, SD_ERR, d->location, "invalid OWNED BY");
	items = a->list->items;
	n = a->list->n_items;
	if (n == 1 && pg_str(items[0]) && !strcmp(pg_str(items[0]), "none")) {
		seq->owned_table = seq->owned_column = NULL;
		return 0;
	}
	if (n < 2)
		return pg_error(ctx, SD_ERR, d->location,
				"invalid OWNED BY option");
	table = pg_str(items[n - 2]);
	column = pg_str(items[n - 1]);
	schema = n > 2 ? pg_str(items[n - 3]) : NULL;
	if (schema && strcmp(schema, seq->base.schema))
		return pg_error(ctx, SD_ERR, d->location,
				"sequence must be in same schema as table it "
				"is linked to");
	t = catalog_find(ctx->cat, SD_TABLE, seq->base.schema, table);
	if (ctx->script) {
		if (!t)
			return pg_error(ctx, SD_ERR, d->location,
					"relation \"%s\" does not exist",
					pg_qname(ctx, seq->base.schema, table));
		if (!table_find_column(t, column))
			return pg_error(ctx, SD_ERR, d->location,
					"column \"%s\" of relation \"%s\" does "
					"not exist", column, table);
	}
	seq->owned_table = catalog_strdup(ctx->cat, table);
	seq->owned_column = catalog_strdup(ctx->cat, column);
	catalog_add_dep(ctx->cat, &seq->base,
			catalog_key(ctx->cat, SD_TABLE, seq->base.schema,
				    table));
	return 0;
}

int pg_sequence_options(struct pg_ctx *ctx, struct sd_sequence *seq,
			PgQuery__Node **opts, size_t nopts, bool create)
{
	const PgQuery__DefElem *as = NULL, *inc = NULL, *min = NULL,
			       *max = NULL, *start = NULL, *cache = NULL,
			       *cycle = NULL, *owned = NULL;
	int64_t omin, omax, nmin, nmax, v;
	bool reset_min = false, reset_max = false;
	int ret;

	for (size_t i = 0; i < nopts; i++) {
		const PgQuery__DefElem *d;
		if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		d = opts[i]->def_elem;
		if (!strcmp(d->defname, "as"))
			as = d;
		else if (!strcmp(d->defname, "increment"))
			inc = d;
		else if (!strcmp(d->defname, "minvalue"))
			min = d;
		else if (!strcmp(d->defname, "maxvalue"))
			max = d;
		else if (!strcmp(d->defname, "start"))
			start = d;
		else if (!strcmp(d->defname, "cache"))
			cache = d;
		else if (!strcmp(d->defname, "cycle"))
			cycle = d;
		else if (!strcmp(d->defname, "owned_by"))
			owned = d;
		else if (!strcmp(d->defname, "restart"))
			;	/* the current value is not modelled */
		else
			return pg_error(ctx, SD_ERR_UNSUPPORTED, d->location,
					"unsupported sequence option %s",
					d->defname);
	}
	type_bounds(seq->type, &omin, &omax);
	if (as) {
		struct strbuf type = STRBUF_INIT;
		const char *dep;
		enum pg_serial serial;

		if (!as->arg ||
		    as->arg->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
			return pg_error(ctx, SD_ERR, as->location,
					"invalid AS option");
		ret = pg_format_type(ctx, as->arg->type_name, &type, &dep,
				     &serial);
		if (!ret && strcmp(type.buf, "smallint") &&
		    strcmp(type.buf, "integer") && strcmp(type.buf, "bigint"))
			ret = pg_error(ctx, SD_ERR, as->location,
				       "sequence type must be smallint, "
				       "integer, or bigint");
		if (!ret) {
			reset_max = seq->maxvalue == omax;
			reset_min = seq->minvalue == omin;
			seq->type = catalog_strdup(ctx->cat, type.buf);
		}
		strbuf_release(&type);
		if (ret)
			return ret;
	}
	type_bounds(seq->type, &nmin, &nmax);
	if (inc) {
		if ((ret = pg_defelem_int(ctx, inc, &v)))
			return ret;
		if (!v)
			return pg_error(ctx, SD_ERR, inc->location,
					"INCREMENT must not be zero");
		seq->increment = v;
	}
	if (max && max->arg) {
		if ((ret = pg_defelem_int(ctx, max, &v)))
			return ret;
		seq->maxvalue = v;
	} else if (create || max || reset_max) {
		seq->maxvalue = seq->increment > 0 ? nmax : -1;
	}
	if (min && min->arg) {
		if ((ret = pg_defelem_int(ctx, min, &v)))
			return ret;
		seq->minvalue = v;
	} else if (create || min || reset_min) {
		seq->minvalue = seq->increment > 0 ? 1 : nmin;
	}
	if (start) {
		if ((ret = pg_defelem_int(ctx, start, &v)))
			return ret;
		seq->start = v;
	} else if (create) {
		seq->start = seq->increment > 0 ? seq->minvalue
						: seq->maxvalue;
	}
	if (cache) {
		if ((ret = pg_defelem_int(ctx, cache, &v)))
			return ret;
		if (v < 1)
			return pg_error(ctx, SD_ERR, cache->location,
					"CACHE (%lld) must be greater than zero",
					(long long)v);
		seq->cache = v;
	}
	if (cycle)
		seq->cycle = !cycle->arg ||
			     (cycle->arg->node_case ==
				      PG_QUERY__NODE__NODE_BOOLEAN &&
			      cycle->arg->boolean->boolval) ||
			     (cycle->arg->node_case ==
				      PG_QUERY__NODE__NODE_INTEGER &&
			      cycle->arg->integer->ival);
	if (seq->minvalue >= seq->maxvalue)
		return pg_error(ctx, SD_ERR, -1,
				"MINVALUE (%lld) must be less than MAXVALUE "
				"(%lld)", (long long)seq->minvalue,
				(long long)seq->maxvalue);
	if (seq->start < seq->minvalue || seq->start > seq->maxvalue)
		return pg_error(ctx, SD_ERR, -1,
				"START value (%lld) cannot be outside the "
				"sequence bounds", (long long)seq->start);
	if (owned && (ret = owned_by(ctx, seq, owned)))
		return ret;
	return 0;
}

int parse_sequence(struct pg_ctx *ctx, PgQuery__CreateSeqStmt *s)
{
	PgQuery__RangeVar *rv = s->sequence;
	struct sd_sequence *seq;
	const char *schema;
	int ret;

	if (rv->relpersistence && rv->relpersistence[0] == 't')
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported statement CREATE TEMPORARY "
				"SEQUENCE");
	if (!(schema = pg_creation_schema(ctx, rv->schemaname)))
		return ctx->err ? ctx->err->code : SD_ERR;
	if ((ret = pg_check_schema(ctx, schema, rv->location)))
		return ret;
	seq = pg_new_sequence(ctx, schema, rv->relname, "bigint");
	if (!seq) {
		if (s->if_not_exists)
			return 0;
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" already exists",
				pg_qname(ctx, schema, rv->relname));
	}
	return pg_sequence_options(ctx, seq, s->options, s->n_options, true);
}

int parse_alter_sequence(struct pg_ctx *ctx, PgQuery__AlterSeqStmt *s)
{
	PgQuery__RangeVar *rv = s->sequence;
	struct sd_sequence *seq;
	const char *schema;

	seq = pg_find(ctx, SD_SEQUENCE, rv->schemaname, rv->relname, &schema);
	if (!seq) {
		if (s->missing_ok)
			return 0;
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, rv->relname));
	}
	return pg_sequence_options(ctx, seq, s->options, s->n_options, false);
}
