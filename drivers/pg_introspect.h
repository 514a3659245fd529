/*
 * drivers/pg_introspect.h: read a live PostgreSQL database (15 and later)
 * into the in-memory catalog: schemas, extensions, enum types, sequences,
 * tables with their columns and constraints, indexes and views, with
 * comments and dependency edges.
 *
 * Memory: every string kept is copied into the catalog's arena; each libpq
 * result is released as soon as its rows are copied. The caller owns the
 * connection and the catalog.
 */
#ifndef SD_PG_INTROSPECT_H
#define SD_PG_INTROSPECT_H

#include <libpq-fe.h>

#include "model/catalog.h"
#include "util/error.h"

/*
 * Read every user object of the connected database into cat (which must be
 * empty, dialect SQL_POSTGRES). Runs inside its own READ ONLY REPEATABLE
 * READ transaction (a savepoint when the connection is already inside a
 * transaction) with search_path set to '' locally, so that format_type,
 * pg_get_expr, pg_get_constraintdef, pg_get_indexdef and pg_get_viewdef
 * qualify every user object and no built-in one.
 *
 * Skips the system schemas (pg_catalog, information_schema, pg_toast*,
 * pg_temp*), the `schemadiff` schema (the history table), the public schema
 * itself (it exists in every new database; objects in it are read),
 * extensions made by initdb (plpgsql), and objects that belong to
 * extensions (pg_depend deptype 'e').
 *
 * *nqueries, if non-NULL, receives the number of catalog queries sent: a
 * fixed number, independent of the number of objects.
 *
 * Returns 0, or SD_ERR_DB with the server's message in err (also when the
 * connection is inside a failed transaction), SD_ERR when cat is not
 * empty, SD_ERR_UNSUPPORTED for a server older than 15.
 */
int pg_introspect(PGconn *conn, struct catalog *cat, unsigned *nqueries,
		  struct sd_error *err);

/* PQexecParams (nparams 0: PQexec) bounded by the calling thread's
 * deadline (drivers/pg.c): NULL when the server did not answer in time
 * (or the connection broke). */
PGresult *pg_exec_bounded(PGconn *conn, const char *sql, int nparams,
			  const char *const *params);

/* The statistics targets of index columns (ALTER INDEX ... ALTER COLUMN
 * n SET STATISTICS), after indexes (drivers/pg_introspect_index_stats.c). */
int pg_introspect_index_stats(PGconn *conn, struct catalog *cat,
			      const char *history_schema, unsigned *nqueries,
			      struct sd_error *err);
/* The kinds carried as SQL text (struct sd_opaque), and a warning for
 * each user object of a kind not carried at all; inside pg_introspect()'s
 * transaction and settings (drivers/pg_introspect_opaque.c). */
int pg_introspect_opaque(PGconn *conn, struct catalog *cat,
			 const char *history_schema, unsigned *nqueries,
			 struct sd_error *err);

#endif
