/*
 * emit/mysql_index.c: indexes, written inside CREATE TABLE
 * (`UNIQUE KEY \`u\` (\`a\`)`) or as ALTER TABLE ADD INDEX / DROP INDEX,
 * and a changed index as DROP INDEX and ADD INDEX in one ALTER TABLE (one
 * that changes only in being IGNORED as ALTER INDEX ... [NOT] IGNORED).
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
	if (ix->hidden)
		strbuf_addf(out, " %s", ix->hidden);
}

static void add_drop(struct strbuf *out, const struct sd_index *ix)
{
	strbuf_addstr(out, "DROP INDEX ");
	sql_quote_ident(out, SQL_MYSQL, ix->ixname ? ix->ixname
						   : ix->base.name);
}

/* Whether o and n differ only in being IGNORED (INVISIBLE): their
 * definitions, written without that word, are the same text. */
static bool only_hidden_differs(const struct sd_index *o,
				const struct sd_index *n)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	bool same;

	if (!o->hidden == !n->hidden)
		return false;
	mysql_add_index_def(&a, o, false);
	mysql_add_index_def(&b, n, false);
	if (o->hidden)
		strbuf_setlen(&a, a.len - strlen(o->hidden) - 1);
	if (n->hidden)
		strbuf_setlen(&b, b.len - strlen(n->hidden) - 1);
	same = !strcmp(a.buf, b.buf);
	strbuf_release(&a);
	strbuf_release(&b);
	return same;
}

void mysql_index_clause(const struct change *ch, struct strbuf *out)
{
	const struct sd_index *o = (const struct sd_index *)ch->old_obj;
	const struct sd_index *n = (const struct sd_index *)ch->new_obj;

	/* MariaDB takes a DROP and ADD of the same definition in one ALTER
	 * for nothing, IGNORED included (10.11): the flag is altered alone */
	if (o && n && only_hidden_differs(o, n)) {
		const char *word = n->hidden ? n->hidden
				   : !strcmp(o->hidden, "INVISIBLE") ? "VISIBLE"
								      : "NOT IGNORED";
		strbuf_addstr(out, "ALTER INDEX ");
		sql_quote_ident(out, SQL_MYSQL, n->ixname ? n->ixname
							  : n->base.name);
		strbuf_addf(out, " %s", word);
		return;
	}
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
