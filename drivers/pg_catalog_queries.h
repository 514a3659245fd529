/*
 * drivers/pg_catalog_queries.h: the catalog queries of PostgreSQL
 * introspection (drivers/pg_introspect*.c) by server version, 13 to 18.
 *
 * A query names each catalog column that some supported version lacks by a
 * marker, {{name}}; pg_catalog_query() writes the query for one server
 * version, each marker replaced by the column on versions that have it and
 * by a constant of the same type with the meaning "not there" before. The
 * table of markers (drivers/pg_catalog_queries.c) is the one place that
 * knows which version added what.
 */
#ifndef SD_PG_CATALOG_QUERIES_H
#define SD_PG_CATALOG_QUERIES_H

#include "util/error.h"
#include "util/strbuf.h"

/* The oldest server introspection reads (server_version_num). */
#define PG_CATALOG_MIN_VERSION 130000

/* sql with every marker replaced for server_version (as PQserverVersion()
 * gives it), into out (reset first). A marker the table lacks, or a server
 * older than PG_CATALOG_MIN_VERSION, is an error (SD_ERR_UNSUPPORTED for
 * the server). */
int pg_catalog_query(struct strbuf *out, const char *sql, int server_version,
		     struct sd_error *err);

/* What marker name stands for on server_version; NULL: no such marker. */
const char *pg_catalog_column(const char *name, int server_version);

#endif
