/*
 * model/event.c: the canonical text of a MySQL event, shared by the
 * parser, the driver (to fill sd_event.definition) and emit/ (ALTER
 * EVENT). Appends to a caller-owned strbuf.
 */
#include "model/catalog.h"

#include <string.h>

#include "util/banned.h"

void sd_event_format(struct strbuf *out, const char *verb,
		     const struct sd_event *ev)
{
	strbuf_addf(out, "%s EVENT ", verb);
	sql_quote_ident(out, SQL_MYSQL, ev->base.name);
	strbuf_addstr(out, " ON SCHEDULE ");
	if (ev->at) {
		strbuf_addf(out, "AT %s", ev->at);
	} else {
		strbuf_addf(out, "EVERY %s %s", ev->every ? ev->every : "",
			    ev->unit ? ev->unit : "");
		if (ev->starts)
			strbuf_addf(out, " STARTS %s", ev->starts);
		if (ev->ends)
			strbuf_addf(out, " ENDS %s", ev->ends);
	}
	strbuf_addstr(out, ev->preserve ? " ON COMPLETION PRESERVE"
					: " ON COMPLETION NOT PRESERVE");
	strbuf_addstr(out, ev->status == SD_EVENT_DISABLED ? " DISABLE"
			   : ev->status == SD_EVENT_SLAVESIDE_DISABLED
				   ? " DISABLE ON SLAVE"
				   : " ENABLE");
	if (ev->base.comment || !strcmp(verb, "ALTER")) {
		strbuf_addstr(out, " COMMENT ");
		sql_quote_literal(out, SQL_MYSQL,
				  ev->base.comment ? ev->base.comment : "");
	}
	strbuf_addstr(out, " DO ");
	strbuf_addstr(out, ev->body ? ev->body : "");
}
