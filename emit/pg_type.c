/*
 * emit/pg_type.c: CREATE TYPE ... AS ENUM, DROP TYPE and ALTER TYPE ...
 * ADD VALUE. Writes into the caller's strbuf.
 */
#include "emit/pg_internal.h"

#include "util/banned.h"

void emit_create_type(const struct change *ch, struct strbuf *out)
{
	const struct sd_type *t = (const struct sd_type *)ch->new_obj;

	strbuf_addstr(out, "CREATE TYPE ");
	pg_add_name(out, ch->new_obj);
	strbuf_addstr(out, " AS ENUM (");
	for (size_t i = 0; i < t->nlabels; i++) {
		if (i)
			strbuf_addstr(out, ", ");
		sql_quote_literal(out, SQL_POSTGRES, t->labels[i]);
	}
	strbuf_addstr(out, ");\n");
}

void emit_drop_type(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "DROP TYPE ");
	pg_add_name(out, ch->old_obj);
	strbuf_addstr(out, ";\n");
}

void emit_alter_type(const struct change *ch, struct strbuf *out)
{
	const struct sd_type *t = (const struct sd_type *)ch->new_obj;

	strbuf_addstr(out, "ALTER TYPE ");
	pg_add_name(out, ch->new_obj);
	strbuf_addstr(out, " ADD VALUE ");
	sql_quote_literal(out, SQL_POSTGRES, t->labels[ch->index]);
	if (ch->ref_label) {
		strbuf_addstr(out, ch->label_before ? " BEFORE " : " AFTER ");
		sql_quote_literal(out, SQL_POSTGRES, ch->ref_label);
	}
	strbuf_addstr(out, ";\n");
}
