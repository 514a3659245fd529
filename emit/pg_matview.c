/*
 * emit/pg_matview.c: CREATE MATERIALIZED VIEW (WITH DATA, the default) and
 * DROP MATERIALIZED VIEW. Writes into the caller's strbuf.
 */
#include "emit/pg_internal.h"

#include "util/banned.h"

void emit_create_matview(const struct change *ch, struct strbuf *out)
{
	const struct sd_matview *mv = (const struct sd_matview *)ch->new_obj;

	strbuf_addstr(out, "CREATE MATERIALIZED VIEW ");
	pg_add_name(out, ch->new_obj);
	if (mv->ncolumns) {
		strbuf_addstr(out, " (");
		for (size_t i = 0; i < mv->ncolumns; i++) {
			if (i)
				strbuf_addstr(out, ", ");
			sql_quote_ident(out, SQL_POSTGRES, mv->columns[i]);
		}
		strbuf_addch(out, ')');
	}
	strbuf_addstr(out, " AS ");
	strbuf_addstr(out, mv->query ? mv->query : "");
	strbuf_addstr(out, ";\n");
}

void emit_drop_matview(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "DROP MATERIALIZED VIEW ");
	pg_add_name(out, ch->old_obj);
	strbuf_addstr(out, ";\n");
}
