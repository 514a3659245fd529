/*
 * model/format_options.c: canonical text of storage parameters (WITH
 * (...)), identity column options and exclusion constraints, shared by
 * diff/ (comparison) and emit/ (output). Writes into caller-owned strbufs;
 * sd_identity_defaults() fills a column in place.
 */
#include "model/catalog.h"

#include <string.h>

#include "util/banned.h"

void sd_reloptions_format(struct strbuf *out, const char *const *opts,
			  size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(opts[i], '=');
		const char *value = eq ? eq + 1 : "";

		if (i)
			strbuf_addstr(out, ", ");
		if (eq)
			strbuf_add(out, opts[i], (size_t)(eq - opts[i]));
		else
			strbuf_addstr(out, opts[i]);
		strbuf_addch(out, '=');
		/* flatten_reloptions: bare when quote_identifier() would
		 * leave it alone, else a literal */
		if (*value && !pg_ident_needs_quotes(value))
			strbuf_addstr(out, value);
		else
			sql_quote_literal(out, SQL_POSTGRES, value);
	}
}

static void type_bounds(const char *type, int64_t *min, int64_t *max)
{
	if (type && !strcmp(type, "smallint")) {
		*min = -32768;
		*max = 32767;
	} else if (type && !strcmp(type, "integer")) {
		*min = -2147483647 - 1;
		*max = 2147483647;
	} else {
		*min = INT64_MIN;
		*max = INT64_MAX;
	}
}

void sd_identity_defaults(struct sd_column *c, const char *table)
{
	int64_t tmin, tmax;

	(void)table;
	type_bounds(c->type, &tmin, &tmax);
	if (!c->id_increment)
		c->id_increment = 1;
	c->id_minvalue = c->id_increment > 0 ? 1 : tmin;
	c->id_maxvalue = c->id_increment > 0 ? tmax : -1;
	c->id_start = c->id_increment > 0 ? c->id_minvalue : c->id_maxvalue;
	c->id_cache = 1;
	c->id_cycle = false;
}

void sd_identity_format(struct strbuf *out, const char *schema,
			const char *table, const struct sd_column *c)
{
	struct strbuf def = STRBUF_INIT, opts = STRBUF_INIT;
	int64_t tmin, tmax, inc = c->id_increment ? c->id_increment : 1;

	if (!c->id_increment)
		return;	/* options not filled in: the defaults */
	type_bounds(c->type, &tmin, &tmax);
	if (c->id_seqname && table) {
		pg_default_name(&def, table, c->name, "seq", 0);
		if (strcmp(def.buf, c->id_seqname)) {
			strbuf_addstr(&opts, " SEQUENCE NAME ");
			sql_quote_qualified(&opts, SQL_POSTGRES, schema,
					    c->id_seqname);
		}
	}
	if (inc != 1)
		strbuf_addf(&opts, " INCREMENT BY %lld", (long long)inc);
	if (c->id_minvalue != (inc > 0 ? 1 : tmin))
		strbuf_addf(&opts, " MINVALUE %lld", (long long)c->id_minvalue);
	if (c->id_maxvalue != (inc > 0 ? tmax : -1))
		strbuf_addf(&opts, " MAXVALUE %lld", (long long)c->id_maxvalue);
	if (c->id_start != (inc > 0 ? c->id_minvalue : c->id_maxvalue))
		strbuf_addf(&opts, " START WITH %lld", (long long)c->id_start);
	if (c->id_cache > 1)
		strbuf_addf(&opts, " CACHE %lld", (long long)c->id_cache);
	if (c->id_cycle)
		strbuf_addstr(&opts, " CYCLE");
	if (opts.len) {
		strbuf_addstr(out, " (");
		strbuf_addstr(out, opts.buf + 1);
		strbuf_addch(out, ')');
	}
	strbuf_release(&opts);
	strbuf_release(&def);
}

static void add_elem(struct strbuf *out, enum sql_dialect d,
		     const struct sd_index_elem *e)
{
	if (e->column)
		sql_quote_ident(out, d, e->column);
	else
		sd_format_index_expr(out, e->expr ? e->expr : "");
	if (e->collation) {
		strbuf_addstr(out, " COLLATE ");
		strbuf_addstr(out, e->collation);
	}
	if (e->opclass) {
		strbuf_addch(out, ' ');
		strbuf_addstr(out, e->opclass);
	}
	if (e->desc)
		strbuf_addstr(out, " DESC");
	if (e->nulls == 'f')
		strbuf_addstr(out, " NULLS FIRST");
	else if (e->nulls == 'l')
		strbuf_addstr(out, " NULLS LAST");
}

void sd_exclusion_format(struct strbuf *out, enum sql_dialect d,
			 const struct sd_constraint *c)
{
	strbuf_addstr(out, "EXCLUDE USING ");
	strbuf_addstr(out, c->excl_method ? c->excl_method : "btree");
	strbuf_addstr(out, " (");
	for (size_t i = 0; i < c->nexcl; i++) {
		if (i)
			strbuf_addstr(out, ", ");
		add_elem(out, d, &c->excl_elems[i]);
		strbuf_addstr(out, " WITH ");
		strbuf_addstr(out, c->excl_ops[i]);
	}
	strbuf_addch(out, ')');
	if (c->ninclude) {
		strbuf_addstr(out, " INCLUDE (");
		for (size_t i = 0; i < c->ninclude; i++) {
			if (i)
				strbuf_addstr(out, ", ");
			sql_quote_ident(out, d, c->include[i]);
		}
		strbuf_addch(out, ')');
	}
	if (c->excl_where) {
		strbuf_addstr(out, " WHERE (");
		strbuf_addstr(out, c->excl_where);
		strbuf_addch(out, ')');
	}
}
