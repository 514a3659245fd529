/*
 * drivers/pg_introspect_util.c: the helpers that the per-kind
 * introspection files share (see drivers/pg_introspect_internal.h).
 *
 * Memory: everything kept is copied into the catalog's arena; scratch
 * buffers are released before returning.
 */
#include "drivers/pg_introspect_internal.h"

#include <string.h>

#include "util/sqlquote.h"
#include "util/strbuf.h"

#include "util/banned.h"

const char **pgix_text_array(struct catalog *cat, const char *text,
			     size_t *n)
{
	struct strbuf el = STRBUF_INIT;
	const char **out;
	size_t cap = 1, i = 0;
	const char *p;

	*n = 0;
	if (!text || text[0] != '{' || text[1] == '}')
		return NULL;
	for (p = text; *p; p++)
		if (*p == ',')
			cap++;
	out = arena_alloc(&cat->arena, cap * sizeof(*out));
	p = text + 1;
	while (*p && *p != '}' && i < cap) {
		strbuf_reset(&el);
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				strbuf_addch(&el, *p);
			}
			if (*p == '"')
				p++;
		} else {
			while (*p && *p != ',' && *p != '}')
				strbuf_addch(&el, *p++);
			if (!strcmp(el.buf, "NULL"))
				strbuf_reset(&el);
		}
		out[i++] = catalog_strdup(cat, el.buf);
		if (*p == ',')
			p++;
	}
	strbuf_release(&el);
	*n = i;
	return out;
}

long pgix_match_paren(const char *s, size_t open)
{
	int depth = 0;

	for (size_t i = open; s[i]; i++) {
		char q;
		switch (s[i]) {
		case '\'':
		case '"':
			q = s[i];
			for (i++; s[i]; i++) {
				if (s[i] == q && s[i + 1] == q)
					i++;
				else if (s[i] == q)
					break;
			}
			if (!s[i])
				return -1;
			break;
		case '(':
			depth++;
			break;
		case ')':
			if (--depth == 0)
				return (long)i;
			break;
		default:
			break;
		}
	}
	return -1;
}

int pgix_check_expr(struct catalog *cat, struct sd_constraint *con,
		    const char *def, struct sd_error *err)
{
	static const char prefix[] = "CHECK (";
	long close;

	if (!def || strncmp(def, prefix, sizeof(prefix) - 1) ||
	    (close = pgix_match_paren(def, sizeof(prefix) - 2)) < 0)
		return sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
				    "unexpected definition of check "
				    "constraint \"%s\": %s", con->name,
				    def ? def : "(null)");
	con->expr = arena_strndup(&cat->arena, def + sizeof(prefix) - 1,
				  (size_t)close - (sizeof(prefix) - 1));
	return 0;
}

const char *pgix_qualified_sql(struct catalog *cat, const char *schema,
			       const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	const char *res;

	if (!name)
		return NULL;
	sql_quote_qualified(&sb, SQL_POSTGRES,
			    schema && strcmp(schema, "pg_catalog") ? schema
								    : NULL,
			    name);
	res = catalog_strdup(cat, sb.buf);
	strbuf_release(&sb);
	return res;
}

const char *pgix_view_query(struct catalog *cat, const char *def)
{
	size_t start = 0, end;

	if (!def)
		return NULL;
	end = strlen(def);
	while (start < end && strchr(" \t\r\n", def[start]))
		start++;
	while (end > start && strchr(" \t\r\n", def[end - 1]))
		end--;
	if (end > start && def[end - 1] == ';')
		end--;
	while (end > start && strchr(" \t\r\n", def[end - 1]))
		end--;
	return arena_strndup(&cat->arena, def + start, end - start);
}

void pgix_add_dep(struct catalog *cat, struct sd_object *obj,
		  enum sd_kind kind, const char *schema, const char *name)
{
	struct strbuf key = STRBUF_INIT;

	sd_key_format(&key, kind, schema, name);
	catalog_add_dep(cat, obj, key.buf);
	strbuf_release(&key);
}

void pgix_dep_collation(struct catalog *cat, struct sd_object *obj,
			const char *schema, const char *name)
{
	if (schema && name && catalog_find(cat, SD_COLLATION, schema, name))
		pgix_add_dep(cat, obj, SD_COLLATION, schema, name);
}

void pgix_dep_schema(struct catalog *cat, struct sd_object *obj)
{
	if (obj->schema && catalog_find(cat, SD_SCHEMA, NULL, obj->schema))
		pgix_add_dep(cat, obj, SD_SCHEMA, NULL, obj->schema);
}
