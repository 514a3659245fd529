/*
 * util/sqlquote.c: see sqlquote.h. The keyword list is PostgreSQL 15's
 * pg_get_keywords() where catcode <> 'U' (every keyword quote_ident quotes).
 */
#include "sqlquote.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const char *const pg_keywords[] = {
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc",
	"asymmetric", "authorization", "between", "bigint", "binary", "bit",
	"boolean", "both", "case", "cast", "char", "character", "check",
	"coalesce", "collate", "collation", "column", "concurrently",
	"constraint", "create", "cross", "current_catalog", "current_date",
	"current_role", "current_schema", "current_time", "current_timestamp",
	"current_user", "dec", "decimal", "default", "deferrable", "desc",
	"distinct", "do", "else", "end", "except", "exists", "extract",
	"false", "fetch", "float", "for", "foreign", "freeze", "from",
	"full", "grant", "greatest", "group", "grouping", "having", "ilike",
	"in", "initially", "inner", "inout", "int", "integer", "intersect",
	"interval", "into", "is", "isnull", "join", "lateral", "leading",
	"least", "left", "like", "limit", "localtime", "localtimestamp",
	"national", "natural", "nchar", "none", "normalize", "not", "notnull",
	"null", "nullif", "numeric", "offset", "on", "only", "or", "order",
	"out", "outer", "overlaps", "overlay", "placing", "position",
	"precision", "primary", "real", "references", "returning", "right",
	"row", "select", "session_user", "setof", "similar", "smallint",
	"some", "substring", "symmetric", "table", "tablesample", "then",
	"time", "timestamp", "to", "trailing", "treat", "trim", "true",
	"union", "unique", "user", "using", "values", "varchar", "variadic",
	"verbose", "when", "where", "window", "with", "xmlattributes",
	"xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces",
	"xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable"
};

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
