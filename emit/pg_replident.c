/*
 * emit/pg_replident.c: ALTER TABLE ... REPLICA IDENTITY and ALTER TABLE
 * ... ENABLE / DISABLE TRIGGER (the changes of diff/diff_replident.c).
 * Writes into the caller's strbuf.
 */
#include "emit/pg_internal.h"

#include "util/banned.h"

void emit_alter_replica_identity(const struct change *ch, struct strbuf *out)
{
	const struct sd_table *t = (const struct sd_table *)ch->new_obj;

	strbuf_addstr(out, "ALTER TABLE ");
	pg_add_name(out, ch->new_obj);
	strbuf_addstr(out, " REPLICA IDENTITY ");
	switch (t->replident) {
	case 'f':
		strbuf_addstr(out, "FULL");
		break;
	case 'n':
		strbuf_addstr(out, "NOTHING");
		break;
	case 'i':
		strbuf_addstr(out, "USING INDEX ");
		sql_quote_ident(out, SQL_POSTGRES, t->replident_index);
		break;
	default:
		strbuf_addstr(out, "DEFAULT");
		break;
	}
	strbuf_addstr(out, ";\n");
}

void emit_alter_trigger_state(const struct change *ch, struct strbuf *out)
{
	const struct sd_trigger *tg = (const struct sd_trigger *)ch->new_obj;

	strbuf_addstr(out, "ALTER TABLE ");
	sql_quote_qualified(out, SQL_POSTGRES, tg->base.schema, tg->table);
	switch (tg->enabled) {
	case 'D':
		strbuf_addstr(out, " DISABLE TRIGGER ");
		break;
	case 'R':
		strbuf_addstr(out, " ENABLE REPLICA TRIGGER ");
		break;
	case 'A':
		strbuf_addstr(out, " ENABLE ALWAYS TRIGGER ");
		break;
	default:
		strbuf_addstr(out, " ENABLE TRIGGER ");
		break;
	}
	sql_quote_ident(out, SQL_POSTGRES, tg->tgname);
	strbuf_addstr(out, ";\n");
}
