/*
 * emit/pg_collation.c: CREATE and DROP COLLATION. The options are written
 * in one order (provider, then locale or lc_collate and lc_ctype, then
 * deterministic when false), locale for libc only when lc_collate and
 * lc_ctype are the same, so that the text is the same whoever filled the
 * catalog. Writes into the caller's strbuf.
 */
#include "emit/pg_internal.h"

#include <string.h>

#include "util/banned.h"

void emit_create_collation(const struct change *ch, struct strbuf *out)
{
	const struct sd_collation *c =
		(const struct sd_collation *)ch->new_obj;

	strbuf_addstr(out, "CREATE COLLATION ");
	pg_add_name(out, ch->new_obj);
	if (c->provider == 'i' || c->provider == 'b') {
		strbuf_addstr(out, c->provider == 'i'
					   ? " (provider = icu, locale = "
					   : " (provider = builtin, locale = ");
		sql_quote_literal(out, SQL_POSTGRES,
				  c->locale ? c->locale : "");
		if (c->rules) {
			strbuf_addstr(out, ", rules = ");
			sql_quote_literal(out, SQL_POSTGRES, c->rules);
		}
	} else if (c->lc_collate && c->lc_ctype &&
		   !strcmp(c->lc_collate, c->lc_ctype)) {
		strbuf_addstr(out, " (provider = libc, locale = ");
		sql_quote_literal(out, SQL_POSTGRES,
				  c->lc_collate ? c->lc_collate : "");
	} else {
		strbuf_addstr(out, " (provider = libc, lc_collate = ");
		sql_quote_literal(out, SQL_POSTGRES,
				  c->lc_collate ? c->lc_collate : "");
		strbuf_addstr(out, ", lc_ctype = ");
		sql_quote_literal(out, SQL_POSTGRES,
				  c->lc_ctype ? c->lc_ctype : "");
	}
	if (!c->deterministic)
		strbuf_addstr(out, ", deterministic = false");
	strbuf_addstr(out, ");\n");
}

void emit_drop_collation(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "DROP COLLATION ");
	pg_add_name(out, ch->old_obj);
	strbuf_addstr(out, ";\n");
}
