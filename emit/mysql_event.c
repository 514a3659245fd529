/*
 * emit/mysql_event.c: events. CREATE EVENT is the definition as the
 * catalog holds it; a changed event is one ALTER EVENT restating every
 * clause (COMMENT '' removes a comment; a schedule without STARTS starts
 * at the time of the ALTER, as at creation). Writes into the caller's
 * strbuf.
 */
#include "emit/mysql_internal.h"

#include "util/banned.h"

void mysql_create_event(const struct change *ch, struct strbuf *out)
{
	const struct sd_event *ev = (const struct sd_event *)ch->new_obj;

	mysql_session_begin(out, ev->sql_mode,
			sd_mysql_client_charset(ev->cs_client, ev->definition),
			ev->coll_connection);
	strbuf_addstr(out, ev->definition);
	strbuf_addstr(out, ";\n");
	mysql_session_end(out, ev->sql_mode,
			sd_mysql_client_charset(ev->cs_client, ev->definition),
			ev->coll_connection);
}

void mysql_alter_event(const struct change *ch, struct strbuf *out)
{
	const struct sd_event *ev = (const struct sd_event *)ch->new_obj;

	mysql_session_begin(out, ev->sql_mode,
			sd_mysql_client_charset(ev->cs_client, ev->definition),
			ev->coll_connection);
	sd_event_format(out, "ALTER", ev);
	strbuf_addstr(out, ";\n");
	mysql_session_end(out, ev->sql_mode,
			sd_mysql_client_charset(ev->cs_client, ev->definition),
			ev->coll_connection);
}

void mysql_drop_event(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "DROP EVENT ");
	mysql_add_name(out, ch->old_obj);
	strbuf_addstr(out, ";\n");
}
