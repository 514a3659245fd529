/*
 * emit/pg_view.c: CREATE [OR REPLACE] VIEW and DROP VIEW. Writes into the
 * caller's strbuf.
 */
#include "emit/pg_internal.h"

#include "util/banned.h"

void emit_create_view(const struct change *ch, struct strbuf *out)
{
	const struct sd_view *v = (const struct sd_view *)ch->new_obj;

	strbuf_addstr(out, ch->type == CH_REPLACE_VIEW
				   ? "CREATE OR REPLACE VIEW " : "CREATE VIEW ");
	pg_add_name(out, ch->new_obj);
	if (v->ncolumns) {
		strbuf_addstr(out, " (");
		for (size_t i = 0; i < v->ncolumns; i++) {
			if (i)
				strbuf_addstr(out, ", ");
			sql_quote_ident(out, SQL_POSTGRES, v->columns[i]);
		}
		strbuf_addch(out, ')');
	}
	if (v->noptions) {
		strbuf_addstr(out, " WITH (");
		sd_reloptions_format(out, v->options, v->noptions);
		strbuf_addch(out, ')');
	}
	strbuf_addstr(out, " AS ");
	strbuf_addstr(out, v->query ? v->query : "");
	if (v->check_option == SD_CHECK_CASCADED)
		strbuf_addstr(out, " WITH CASCADED CHECK OPTION");
	else if (v->check_option == SD_CHECK_LOCAL)
		strbuf_addstr(out, " WITH LOCAL CHECK OPTION");
	strbuf_addstr(out, ";\n");
}

void emit_drop_view(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "DROP VIEW ");
	pg_add_name(out, ch->old_obj);
	strbuf_addstr(out, ";\n");
}
