/*
 * emit/pg_matview.c: CREATE MATERIALIZED VIEW (WITH DATA, the default),
 * ALTER MATERIALIZED VIEW ... RESET / SET (storage parameters) and DROP
 * MATERIALIZED VIEW. Writes into the caller's strbuf.
 */
#include "emit/pg_internal.h"

#include <string.h>

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
	if (mv->nreloptions) {
		strbuf_addstr(out, " WITH (");
		sd_reloptions_format(out, mv->reloptions, mv->nreloptions);
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

/* All the old parameters reset and the new ones set, in one statement,
 * so that the server keeps the new order (as for tables). */
void emit_alter_matview_options(const struct change *ch, struct strbuf *out)
{
	const struct sd_matview *o = (const struct sd_matview *)ch->old_obj;
	const struct sd_matview *n = (const struct sd_matview *)ch->new_obj;

	strbuf_addstr(out, "ALTER MATERIALIZED VIEW ");
	pg_add_name(out, ch->new_obj);
	if (o->nreloptions) {
		strbuf_addstr(out, " RESET (");
		for (size_t i = 0; i < o->nreloptions; i++) {
			const char *eq = strchr(o->reloptions[i], '=');
			if (i)
				strbuf_addstr(out, ", ");
			strbuf_add(out, o->reloptions[i],
				   eq ? (size_t)(eq - o->reloptions[i])
				      : strlen(o->reloptions[i]));
		}
		strbuf_addch(out, ')');
	}
	if (n->nreloptions) {
		strbuf_addstr(out, o->nreloptions ? ", SET (" : " SET (");
		sd_reloptions_format(out, n->reloptions, n->nreloptions);
		strbuf_addch(out, ')');
	}
	strbuf_addstr(out, ";\n");
}
