/*
 * drivers/pg_introspect_replident.h: the introspection of what a table
 * says about its own indexes and triggers (REPLICA IDENTITY, trigger
 * enable states), called from the kinds table of drivers/pg_introspect.c
 * once tables, indexes and triggers are read: a query (its $1 is the
 * history schema's name) and a reader that sets the fields of the objects
 * already in the catalog.
 *
 * Memory: strings are copied into the catalog's arena; the caller owns and
 * clears the result.
 */
#ifndef SD_PG_INTROSPECT_REPLIDENT_H
#define SD_PG_INTROSPECT_REPLIDENT_H

#include <libpq-fe.h>

#include "model/catalog.h"
#include "util/error.h"

/* Tables whose relreplident is not DEFAULT, with their indisreplident
 * index. */
extern const char pg_sql_replidents[];
int introspect_replident(struct catalog *cat, const PGresult *res,
			 struct sd_error *err);
/* Triggers whose tgenabled is not 'O'. */
extern const char pg_sql_trigger_states[];
int introspect_trigger_state(struct catalog *cat, const PGresult *res,
			     struct sd_error *err);

#endif
