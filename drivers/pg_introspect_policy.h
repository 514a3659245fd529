/*
 * drivers/pg_introspect_policy.h: the introspection of row level security
 * (policies, the ENABLE / FORCE flags of tables), storage parameters of
 * tables and indexes, and the sequence options of identity columns,
 * called from the kinds table of drivers/pg_introspect.c: for each, a
 * query (its $1 is the history schema's name) and a reader that turns its
 * rows into catalog objects or fills objects already read.
 *
 * Memory: strings are copied into the catalog's arena; the caller owns and
 * clears the results.
 */
#ifndef SD_PG_INTROSPECT_POLICY_H
#define SD_PG_INTROSPECT_POLICY_H

#include <libpq-fe.h>

#include "model/catalog.h"
#include "util/error.h"

/* Identity columns' sequences (pg_depend deptype 'i'); after columns. */
extern const char pg_sql_identities[];
int introspect_identity(struct catalog *cat, const PGresult *res,
			struct sd_error *err);
/* Tables' reloptions and row level security flags; after tables. */
extern const char pg_sql_table_options[];
int introspect_table_options(struct catalog *cat, const PGresult *res,
			     struct sd_error *err);
/* Indexes' reloptions; after indexes. */
extern const char pg_sql_index_options[];
int introspect_index_options(struct catalog *cat, const PGresult *res,
			     struct sd_error *err);
/* Policies; after tables (and functions). */
extern const char pg_sql_policies[];
int introspect_policy(struct catalog *cat, const PGresult *res,
		      struct sd_error *err);

#endif
