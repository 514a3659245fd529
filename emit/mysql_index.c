/*
 * emit/mysql_index.c: indexes, written inside CREATE TABLE
 * (`UNIQUE KEY \`u\` (\`a\`)`) or as ALTER TABLE ADD INDEX / DROP INDEX,
 * and a changed index as DROP INDEX and ADD INDEX in one ALTER TABLE.
 * Writes into the caller's strbuf.
 */
#include "emit/mysql_internal.h"

#include <string.h>

#include "util/banned.h"

void mysql_add_index_def(struct strbuf *out, const struct sd_index *ix,
			 bool inline_key)
{
	const char *m = ix->method ? ix->method : "btree";

	if (!strcmp(m, "fulltext"))
		strbuf_addstr(out, "FULLTEXT ");
	else if (!strcmp(m, "spatial"))
		strbuf_addstr(out, "SPATIAL ");
	else if (ix->unique)
		strbuf_addstr(out, "UNIQUE ");
	strbuf_addstr(out, inline_key ? "KEY " : "INDEX ");
	sql_quote_ident(out, SQL_MYSQL, ix->ixname ? ix->ixname
						   : ix->base.name);
	strbuf_addstr(out, " (");
	for (size_t i = 0; i < ix->nelems; i++) {
		const struct sd_index_elem *e = &ix->elems[i];
		if (i)
			strbuf_addstr(out, ", ");
		if (e->column) {
			sql_quote_ident(out, SQL_MYSQL, e->column);
		} else {
			strbuf_addch(out, '(');
			strbuf_addstr(out, e->expr ? e->expr : "");
			strbuf_addch(out, ')');
		}
		if (e->sub_part)
			strbuf_addf(out, "(%u)", e->sub_part);
		if (e->desc)
			strbuf_addstr(out, " DESC");
	}
	strbuf_addch(out, ')');
	if (!strcmp(m, "hash"))
		strbuf_addstr(out, " USING HASH");
	if (ix->base.comment) {
		strbuf_addstr(out, " COMMENT ");
		sql_quote_literal(out, SQL_MYSQL, ix->base.comment);
	}
}

static void add_drop(struct strbuf *out, const struct sd_index *ix)
{
	strbuf_addstr(out, "DROP INDEX ");
	sql_quote_ident(out, SQL_MYSQL, ix->ixname ? ix->ixname
						   : ix->base.name);
}

void mysql_index_clause(const struct change *ch, struct strbuf *out)
{
	const struct sd_index *o = (const struct sd_index *)ch->old_obj;
	const struct sd_index *n = (const struct sd_index *)ch->new_obj;

	if (o)
		add_drop(out, o);
	if (o && n)
		strbuf_addstr(out, ", ");
	if (n) {
		strbuf_addstr(out, "ADD ");
		mysql_add_index_def(out, n, false);
	}
}

void mysql_alter_index(const struct change *ch, struct strbuf *out)
{
	const struct sd_index *ix = (const struct sd_index *)(ch->new_obj
							      ? ch->new_obj
							      : ch->old_obj);

	strbuf_addstr(out, "ALTER TABLE ");
	sql_quote_qualified(out, SQL_MYSQL, ix->base.schema, ix->table);
	strbuf_addch(out, ' ');
	mysql_index_clause(ch, out);
	strbuf_addstr(out, ";\n");
}
