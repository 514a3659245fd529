/*
 * drivers/pg_introspect_collation.h: the introspection of user collations,
 * called from the kinds table of drivers/pg_introspect.c: a query (its $1
 * is the history schema's name) and a reader that turns its rows into
 * catalog objects.
 *
 * Memory: strings are copied into the catalog's arena; the caller owns and
 * clears the result.
 */
#ifndef SD_PG_INTROSPECT_COLLATION_H
#define SD_PG_INTROSPECT_COLLATION_H

#include <libpq-fe.h>

#include "model/catalog.h"
#include "util/error.h"

/* Collations outside pg_catalog that no extension owns. */
extern const char pg_sql_collations[];
int introspect_collation(struct catalog *cat, const PGresult *res,
			 struct sd_error *err);

#endif
