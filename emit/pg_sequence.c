/*
 * emit/pg_sequence.c: CREATE SEQUENCE (options that differ from the
 * server's defaults only), DROP SEQUENCE, ALTER SEQUENCE (options that
 * changed, or OWNED BY). Writes into the caller's strbuf.
 */
#include "emit/pg_internal.h"

#include <inttypes.h>
#include <string.h>

#include "util/banned.h"

struct seq_defaults {
	int64_t increment, minvalue, maxvalue, start, cache;
};

/* The values PostgreSQL gives options left out (DefineSequence). */
static void seq_defaults(const struct sd_sequence *s, struct seq_defaults *d)
{
	int64_t tmin = INT64_MIN, tmax = INT64_MAX;

	if (s->type && !strcmp(s->type, "integer")) {
		tmin = INT32_MIN;
		tmax = INT32_MAX;
	} else if (s->type && !strcmp(s->type, "smallint")) {
		tmin = INT16_MIN;
		tmax = INT16_MAX;
	}
	d->increment = 1;
	d->cache = 1;
	if (s->increment < 0) {
		d->minvalue = tmin;
		d->maxvalue = -1;
		d->start = s->maxvalue;
	} else {
		d->minvalue = 1;
		d->maxvalue = tmax;
		d->start = s->minvalue;
	}
}

static bool is_bigint(const char *type)
{
	return !type || !strcmp(type, "bigint");
}

void emit_create_sequence(const struct change *ch, struct strbuf *out)
{
	const struct sd_sequence *s = (const struct sd_sequence *)ch->new_obj;
	struct seq_defaults d;

	seq_defaults(s, &d);
	strbuf_addstr(out, "CREATE SEQUENCE ");
	pg_add_name(out, ch->new_obj);
	if (!is_bigint(s->type))
		strbuf_addf(out, " AS %s", s->type);
	if (s->increment && s->increment != d.increment)
		strbuf_addf(out, " INCREMENT BY %" PRId64, s->increment);
	if (s->minvalue != d.minvalue)
		strbuf_addf(out, " MINVALUE %" PRId64, s->minvalue);
	if (s->maxvalue != d.maxvalue)
		strbuf_addf(out, " MAXVALUE %" PRId64, s->maxvalue);
	if (s->start != d.start)
		strbuf_addf(out, " START WITH %" PRId64, s->start);
	if (s->cache && s->cache != d.cache)
		strbuf_addf(out, " CACHE %" PRId64, s->cache);
	if (s->cycle)
		strbuf_addstr(out, " CYCLE");
	strbuf_addstr(out, ";\n");
}

void emit_drop_sequence(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "DROP SEQUENCE ");
	pg_add_name(out, ch->old_obj);
	strbuf_addstr(out, ";\n");
}

static void alter_options(const struct sd_sequence *o,
			  const struct sd_sequence *n, struct strbuf *out)
{
	if (strcmp(o->type ? o->type : "bigint", n->type ? n->type : "bigint"))
		strbuf_addf(out, " AS %s", n->type ? n->type : "bigint");
	if (o->increment != n->increment)
		strbuf_addf(out, " INCREMENT BY %" PRId64, n->increment);
	if (o->minvalue != n->minvalue)
		strbuf_addf(out, " MINVALUE %" PRId64, n->minvalue);
	if (o->maxvalue != n->maxvalue)
		strbuf_addf(out, " MAXVALUE %" PRId64, n->maxvalue);
	if (o->start != n->start)
		strbuf_addf(out, " START WITH %" PRId64, n->start);
	if (o->cache != n->cache)
		strbuf_addf(out, " CACHE %" PRId64, n->cache);
	if (o->cycle != n->cycle)
		strbuf_addstr(out, n->cycle ? " CYCLE" : " NO CYCLE");
}

void emit_alter_sequence(const struct change *ch, struct strbuf *out)
{
	const struct sd_sequence *n = (const struct sd_sequence *)ch->new_obj;

	strbuf_addstr(out, "ALTER SEQUENCE ");
	pg_add_name(out, ch->new_obj);
	if (ch->detail == CHANGE_SEQ_OWNED) {
		strbuf_addstr(out, " OWNED BY ");
		if (n->owned_table) {
			sql_quote_qualified(out, SQL_POSTGRES, n->base.schema,
					    n->owned_table);
			strbuf_addch(out, '.');
			sql_quote_ident(out, SQL_POSTGRES, n->owned_column);
		} else {
			strbuf_addstr(out, "NONE");
		}
	} else if (ch->old_obj) {
		alter_options((const struct sd_sequence *)ch->old_obj, n, out);
	}
	strbuf_addstr(out, ";\n");
	if ((ch->flags & CHANGE_SEQ_CONTINUE) && n->increment > 0) {
		/* the column's rows already hold values */
		struct strbuf seq = STRBUF_INIT, arg = STRBUF_INIT;
		struct strbuf rel = STRBUF_INIT;

		pg_add_name(&seq, ch->new_obj);
		sql_quote_literal(&arg, SQL_POSTGRES, seq.buf);
		sql_quote_qualified(&rel, SQL_POSTGRES, n->base.schema,
				    n->owned_table);
		pg_add_setval_past_rows(out, arg.buf, rel.buf, n->owned_column,
					n->start);
		strbuf_release(&rel);
		strbuf_release(&arg);
		strbuf_release(&seq);
	}
}

void pg_add_setval_past_rows(struct strbuf *out, const char *seq_arg,
			     const char *rel, const char *column,
			     int64_t start)
{
	strbuf_addf(out, "SELECT setval(%s, max(", seq_arg);
	sql_quote_ident(out, SQL_POSTGRES, column);
	strbuf_addf(out, ")) FROM %s HAVING max(", rel);
	sql_quote_ident(out, SQL_POSTGRES, column);
	strbuf_addf(out, ") >= %" PRId64 ";\n", start);
}
