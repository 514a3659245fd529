/*
 * util/sqlquote.c: see sqlquote.h. The keyword list, pg_keywords[], is the
 * linked libpg_query's own: every keyword that is not unreserved (those
 * PostgreSQL's quote_ident quotes), sorted, generated at build time into
 * build/gen/pg_keywords.h by scripts/gen_pg_keywords.c.
 */
#include "sqlquote.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

#include "gen/pg_keywords.h"

static int kwcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int pg_ident_needs_quotes(const char *ident)
{
	const char *p = ident;

	if (!*p)
		return 1;
	if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
		return 1;
	for (p++; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '$'))
			return 1;
	}
	return bsearch(&ident, pg_keywords,
		       sizeof(pg_keywords) / sizeof(pg_keywords[0]),
		       sizeof(pg_keywords[0]), kwcmp) != NULL;
}

static void add_quoted(struct strbuf *out, const char *s, char q)
{
	strbuf_addch(out, q);
	for (; *s; s++) {
		if (*s == q)
			strbuf_addch(out, q);
		strbuf_addch(out, *s);
	}
	strbuf_addch(out, q);
}

void sql_quote_ident(struct strbuf *out, enum sql_dialect d, const char *ident)
{
	if (d == SQL_MYSQL)
		add_quoted(out, ident, '`');
	else if (pg_ident_needs_quotes(ident))
		add_quoted(out, ident, '"');
	else
		strbuf_addstr(out, ident);
}

void sql_quote_qualified(struct strbuf *out, enum sql_dialect d,
			 const char *schema, const char *name)
{
	if (schema) {
		sql_quote_ident(out, d, schema);
		strbuf_addch(out, '.');
	}
	sql_quote_ident(out, d, name);
}

void sql_quote_literal(struct strbuf *out, enum sql_dialect d, const char *s)
{
	if (d == SQL_MYSQL) {
		strbuf_addch(out, '\'');
		for (; *s; s++) {
			if (*s == '\'' || *s == '\\')
				strbuf_addch(out, *s == '\'' ? '\'' : '\\');
			strbuf_addch(out, *s);
		}
		strbuf_addch(out, '\'');
		return;
	}
	if (strchr(s, '\\')) {
		strbuf_addch(out, 'E');
		strbuf_addch(out, '\'');
		for (; *s; s++) {
			if (*s == '\'' || *s == '\\')
				strbuf_addch(out, *s);
			strbuf_addch(out, *s);
		}
		strbuf_addch(out, '\'');
		return;
	}
	add_quoted(out, s, '\'');
}

void sql_quote_ident_list(struct strbuf *out, enum sql_dialect d,
			  const char *const *names, size_t n)
{
	strbuf_addch(out, '(');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(out, ", ");
		sql_quote_ident(out, d, names[i]);
	}
	strbuf_addch(out, ')');
}
