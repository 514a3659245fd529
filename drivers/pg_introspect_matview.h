/*
 * drivers/pg_introspect_matview.h: the introspection of materialized
 * views, called from the kinds table of drivers/pg_introspect.c: a query
 * (its $1 is the history schema's name) and a reader that turns its rows
 * into catalog objects. What they read and their indexes come with the
 * view dependencies and indexes of drivers/pg_introspect.c.
 *
 * Memory: strings are copied into the catalog's arena; the caller owns and
 * clears the result.
 */
#ifndef SD_PG_INTROSPECT_MATVIEW_H
#define SD_PG_INTROSPECT_MATVIEW_H

#include <libpq-fe.h>

#include "model/catalog.h"
#include "util/error.h"

/* Materialized views outside extensions (read after tables, before
 * indexes). */
extern const char pg_sql_matviews[];
int introspect_matview(struct catalog *cat, const PGresult *res,
		       struct sd_error *err);

#endif
