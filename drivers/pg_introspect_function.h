/*
 * drivers/pg_introspect_function.h: the introspection of functions,
 * procedures and triggers, called from the kinds table of
 * drivers/pg_introspect.c: for each, a query (its $1 is the history
 * schema's name) and a reader that turns its rows into catalog objects.
 *
 * Memory: strings are copied into the catalog's arena; the caller owns and
 * clears the results.
 */
#ifndef SD_PG_INTROSPECT_FUNCTION_H
#define SD_PG_INTROSPECT_FUNCTION_H

#include <libpq-fe.h>

#include "model/catalog.h"
#include "util/error.h"

/* Functions and procedures (not aggregates or window functions), outside
 * extensions. Read after types, before tables. */
extern const char pg_sql_functions[];
int introspect_function(struct catalog *cat, const PGresult *res,
			struct sd_error *err);
/* The user types a function's signature uses (after functions). */
extern const char pg_sql_function_deps[];
int introspect_function_dep(struct catalog *cat, const PGresult *res,
			    struct sd_error *err);
/* The columns each SQL-standard body reads (pg_depend refobjsubid), a
 * row with a NULL column for one that reads none (after functions). */
extern const char pg_sql_function_reads[];
int introspect_function_reads(struct catalog *cat, const PGresult *res,
			      struct sd_error *err);
/* Tables, indexes, views and domains that call a function in a default,
 * check, generated column, index expression or query (after views). */
extern const char pg_sql_function_users[];
int introspect_function_user(struct catalog *cat, const PGresult *res,
			     struct sd_error *err);
/* Triggers that are not internal (after functions and tables). */
extern const char pg_sql_triggers[];
int introspect_trigger(struct catalog *cat, const PGresult *res,
		       struct sd_error *err);

#endif
