/*
 * drivers/pg_introspect_type.h: the introspection of domains, composite
 * types and range types, called from the kinds table of
 * drivers/pg_introspect.c: for each, a query (its $1 is the history
 * schema's name) and a reader that turns its rows into catalog objects.
 * Enum types are read by drivers/pg_introspect.c itself.
 *
 * Memory: strings are copied into the catalog's arena; the caller owns and
 * clears the result.
 */
#ifndef SD_PG_INTROSPECT_TYPE_H
#define SD_PG_INTROSPECT_TYPE_H

#include <libpq-fe.h>

#include "model/catalog.h"
#include "util/error.h"

/* Domains with their CHECK constraints (one row per check). */
extern const char pg_sql_domains[];
int introspect_domain(struct catalog *cat, const PGresult *res,
		      struct sd_error *err);
/* Composite types (not the row types of tables), one row per attribute. */
extern const char pg_sql_composites[];
int introspect_composite(struct catalog *cat, const PGresult *res,
			 struct sd_error *err);
/* Range types (their multiranges are part of them). */
extern const char pg_sql_ranges[];
int introspect_range(struct catalog *cat, const PGresult *res,
		     struct sd_error *err);
/* Functions and sequences that domain checks and defaults use (read
 * after the functions). */
extern const char pg_sql_domain_deps[];
int introspect_domain_dep(struct catalog *cat, const PGresult *res,
			  struct sd_error *err);

#endif
