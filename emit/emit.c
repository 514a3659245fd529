/*
 * emit/emit.c: a change set -> SQL in its catalogs' dialect.
 */
#include "emit/emit.h"
#include "util/banned.h"

void emit_change(const struct changeset *cs, const struct change *ch,
		 struct strbuf *out)
{
	if (cs->to->dialect == SQL_MYSQL)
		emit_mysql_change(ch, out);
	else
		emit_pg_change(ch, out);
}

void emit_changeset(const struct changeset *cs, struct strbuf *out)
{
	for (size_t i = 0; i < cs->nchanges; i++)
		emit_change(cs, &cs->changes[i], out);
}
