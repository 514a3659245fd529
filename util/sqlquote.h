/*
 * util/sqlquote.h: the one place where identifiers and literals become SQL
 * text, per dialect. Every name and string that reaches emitted SQL goes
 * through these functions.
 */
#ifndef SD_SQLQUOTE_H
#define SD_SQLQUOTE_H

#include <stddef.h>

#include "strbuf.h"

enum sql_dialect {
	SQL_POSTGRES,
	SQL_MYSQL,
};

/* Append ident, quoted only where the server would need it (PostgreSQL's
 * quote_ident rules: lower-case letters, digits, underscores, '$' after the
 * first character, not a non-unreserved keyword). MySQL always backquotes. */
void sql_quote_ident(struct strbuf *out, enum sql_dialect d, const char *ident);
/* Append schema.name, each part quoted; schema may be NULL. */
void sql_quote_qualified(struct strbuf *out, enum sql_dialect d,
			 const char *schema, const char *name);
/* Append `(a, b, c)`: each name quoted as an identifier. */
void sql_quote_ident_list(struct strbuf *out, enum sql_dialect d,
			  const char *const *names, size_t n);
/* Append a string literal ('...' with quotes doubled; PostgreSQL uses E''
 * when the text holds a backslash). */
void sql_quote_literal(struct strbuf *out, enum sql_dialect d, const char *s);
/* 1 if ident must be quoted in PostgreSQL. */
int pg_ident_needs_quotes(const char *ident);

#endif
