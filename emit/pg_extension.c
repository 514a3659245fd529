/*
 * emit/pg_extension.c: CREATE, DROP and ALTER EXTENSION (UPDATE TO a
 * version, SET SCHEMA). Writes into the caller's strbuf.
 */
#include "emit/pg_internal.h"

#include "util/banned.h"

void emit_create_extension(const struct change *ch, struct strbuf *out)
{
	const struct sd_extension *e = (const struct sd_extension *)ch->new_obj;

	strbuf_addstr(out, "CREATE EXTENSION ");
	pg_add_name(out, ch->new_obj);
	if (e->ext_schema) {
		strbuf_addstr(out, " WITH SCHEMA ");
		sql_quote_ident(out, SQL_POSTGRES, e->ext_schema);
	}
	if (e->version) {
		strbuf_addstr(out, " VERSION ");
		sql_quote_literal(out, SQL_POSTGRES, e->version);
	}
	strbuf_addstr(out, ";\n");
}

void emit_drop_extension(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "DROP EXTENSION ");
	pg_add_name(out, ch->old_obj);
	strbuf_addstr(out, ";\n");
}

void emit_alter_extension(const struct change *ch, struct strbuf *out)
{
	const struct sd_extension *e = (const struct sd_extension *)ch->new_obj;

	strbuf_addstr(out, "ALTER EXTENSION ");
	pg_add_name(out, ch->new_obj);
	if (ch->detail == CHANGE_EXT_SCHEMA) {
		strbuf_addstr(out, " SET SCHEMA ");
		sql_quote_ident(out, SQL_POSTGRES, e->ext_schema);
	} else {
		strbuf_addstr(out, " UPDATE");
		if (e->version) {
			strbuf_addstr(out, " TO ");
			sql_quote_literal(out, SQL_POSTGRES, e->version);
		}
	}
	strbuf_addstr(out, ";\n");
}
