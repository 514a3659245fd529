/*
 * emit/pg_index.c: CREATE [UNIQUE] INDEX and DROP INDEX. Writes into the
 * caller's strbuf.
 */
#include "emit/pg_internal.h"

#include "util/banned.h"

void emit_create_index(const struct change *ch, struct strbuf *out)
{
	const struct sd_index *ix = (const struct sd_index *)ch->new_obj;

	strbuf_addstr(out, ix->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	sql_quote_ident(out, SQL_POSTGRES, ix->base.name);
	strbuf_addstr(out, " ON ");
	sql_quote_qualified(out, SQL_POSTGRES, ix->base.schema, ix->table);
	strbuf_addch(out, ' ');
	sd_index_format_body(out, SQL_POSTGRES, ix);
	strbuf_addstr(out, ";\n");
}

void emit_drop_index(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "DROP INDEX ");
	pg_add_name(out, ch->old_obj);
	strbuf_addstr(out, ";\n");
}

void emit_attach_index(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "ALTER INDEX ");
	pg_add_name(out, ch->new_obj);
	strbuf_addstr(out, " ATTACH PARTITION ");
	pg_add_name(out, ch->old_obj);
	strbuf_addstr(out, ";\n");
}
