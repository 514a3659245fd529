/*
 * drivers/pg_introspect_internal.h: what the per-kind introspection files
 * (drivers/pg_introspect*.c) share and nothing else includes: the SQL
 * fragments that pick user objects out of pg_catalog, reading values out of
 * a result row, and turning the server's text (arrays, CHECK definitions,
 * qualified names) into catalog form.
 *
 * Memory: strings that are kept are copied into the catalog's arena; the
 * results belong to the caller, who clears them. Values from val()
 * point into the result and live as long as it does. The value readers are
 * short (val, dupval, boolval ...): every row reader calls them.
 */
#ifndef SD_PG_INTROSPECT_INTERNAL_H
#define SD_PG_INTROSPECT_INTERNAL_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "model/catalog.h"
#include "util/error.h"

/*
 * SQL fragments. $1 is always the history schema's name (a parameter, not
 * pasted text). pg_* schemas are reserved for the system, so one LIKE
 * covers pg_catalog, pg_toast*, pg_temp_* and pg_toast_temp_*.
 */
#define USER_NS(nspname) \
	"(" nspname " NOT LIKE 'pg\\_%' AND " nspname " <> " \
	"'information_schema' AND " nspname " <> $1)"
#define NOT_EXT(catalog, oid) \
	"NOT EXISTS (SELECT 1 FROM pg_depend xdep WHERE xdep.classid = '" \
	catalog "'::regclass AND xdep.objid = " oid \
	" AND xdep.deptype = 'e')"
/* The comment on an object (objsubid 0) or a column: a join, not a
 * per-row obj_description() call. */
#define COMMENT_JOIN(alias, catalog, oid, subid) \
	"LEFT JOIN pg_description " alias " ON " alias ".objoid = " oid \
	" AND " alias ".classoid = '" catalog "'::regclass AND " alias \
	".objsubid = " subid "\n"
/* Plain and partitioned tables, partitions among them. */
#define USER_TABLE(c, n) \
	c ".relkind IN ('r', 'p') AND " \
	USER_NS(n ".nspname") " AND " NOT_EXT("pg_class", c ".oid")

/* The value at (row, col), NULL for SQL NULL. */
static inline const char *val(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/* The value at (row, col) copied into the catalog's arena; NULL stays
 * NULL. */
static inline const char *dupval(struct catalog *cat,
				      const PGresult *res, int row, int col)
{
	return catalog_strdup(cat, val(res, row, col));
}

/* A boolean column: true for 't', false for 'f' and NULL. */
static inline bool boolval(const PGresult *res, int row, int col)
{
	const char *v = val(res, row, col);
	return v && v[0] == 't';
}

/* A "char" column; 0 for NULL. */
static inline char charval(const PGresult *res, int row, int col)
{
	const char *v = val(res, row, col);
	return v ? v[0] : 0;
}

/* An integer column; 0 for NULL. */
static inline int64_t intval(const PGresult *res, int row, int col)
{
	const char *v = val(res, row, col);
	return v ? strtoll(v, NULL, 10) : 0;
}

/*
 * Parse a one-dimensional array literal as array_out() prints it
 * ({a,"b c","x\"y"}) into an arena array of strings; NULL elements become
 * "". *n gets the count. A NULL or empty text gives no elements (NULL).
 */
const char **pgix_text_array(struct catalog *cat, const char *text,
			     size_t *n);

/*
 * Index of the ')' matching the '(' at s[open], skipping string literals
 * and quoted identifiers (the server prints standard-conforming strings:
 * quotes doubled, no backslash escapes); -1 when unbalanced.
 */
long pgix_match_paren(const char *s, size_t open);

/*
 * The expression of a CHECK: pg_get_constraintdef() prints
 * `CHECK (<expr>)[ NO INHERIT][ NOT VALID]`; con->expr gets <expr>, in
 * the arena. Returns 0, or SD_ERR_DB with err set when def has another
 * shape.
 */
int pgix_check_expr(struct catalog *cat, struct sd_constraint *con,
		    const char *def, struct sd_error *err);

/* "name" or "schema.name", quoted as the server quotes them, in the
 * arena; pg_catalog is implied (it is always searched), as the parser
 * writes it. NULL when name is NULL. */
const char *pgix_qualified_sql(struct catalog *cat, const char *schema,
			       const char *name);

/* The query of a view or materialized view as pg_get_viewdef() prints it,
 * without surrounding white space and the final ';', in the arena. */
const char *pgix_view_query(struct catalog *cat, const char *def);

/* A dependency of obj on the object kind schema.name (its key). */
void pgix_add_dep(struct catalog *cat, struct sd_object *obj,
		  enum sd_kind kind, const char *schema, const char *name);

/* The dependency of obj on the collation schema.name that a COLLATE
 * uses, when it is a user collation of the catalog (read before the
 * objects that use it); nothing for pg_catalog's or an extension's. */
void pgix_dep_collation(struct catalog *cat, struct sd_object *obj,
			const char *schema, const char *name);

/* The schema dependency, as the parser records it: only on a schema that
 * is an object of the catalog (public never is). */
void pgix_dep_schema(struct catalog *cat, struct sd_object *obj);

#endif
