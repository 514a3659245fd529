/*
 * emit/pg_opaque.c: the kinds carried as SQL text (struct sd_opaque):
 * CREATE is the definition as written or as the server rendered it, DROP
 * is DROP <objtype> identity. Writes into the caller's strbuf.
 */
#include "emit/pg_internal.h"

#include "util/banned.h"

void emit_create_opaque(const struct change *ch, struct strbuf *out)
{
	const struct sd_opaque *op = (const struct sd_opaque *)ch->new_obj;

	strbuf_addstr(out, op->definition);
	strbuf_addstr(out, ";\n");
}

void emit_drop_opaque(const struct change *ch, struct strbuf *out)
{
	const struct sd_opaque *op = (const struct sd_opaque *)ch->old_obj;

	strbuf_addstr(out, "DROP ");
	strbuf_addstr(out, op->objtype);
	strbuf_addch(out, ' ');
	strbuf_addstr(out, op->identity);
	strbuf_addstr(out, ";\n");
}
