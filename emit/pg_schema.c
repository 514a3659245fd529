/*
 * emit/pg_schema.c: CREATE SCHEMA and DROP SCHEMA. Writes into the
 * caller's strbuf.
 */
#include "emit/pg_internal.h"

#include "util/banned.h"

void emit_create_schema(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "CREATE SCHEMA ");
	pg_add_name(out, ch->new_obj);
	strbuf_addstr(out, ";\n");
}

void emit_drop_schema(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "DROP SCHEMA ");
	pg_add_name(out, ch->old_obj);
	strbuf_addstr(out, ";\n");
}
