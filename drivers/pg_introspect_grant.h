/*
 * drivers/pg_introspect_grant.h: the introspection of privileges (GRANT),
 * called from the kinds table of drivers/pg_introspect.c once every object
 * is read: one query per catalog (pg_class, pg_attribute, pg_namespace,
 * pg_type, pg_proc; $1 is the history schema's name), each read by
 * introspect_grant() into the grant lists of the objects already in the
 * catalog. The owner's own privileges are left out (ownership is not
 * modelled); objects not in the catalog are skipped.
 *
 * Memory: strings are copied into the catalog's arena; the caller owns and
 * clears the results.
 */
#ifndef SD_PG_INTROSPECT_GRANT_H
#define SD_PG_INTROSPECT_GRANT_H

#include <libpq-fe.h>

#include "model/catalog.h"
#include "util/error.h"

extern const char pg_sql_grants_rel[];	/* tables, views, sequences ... */
extern const char pg_sql_grants_column[];
extern const char pg_sql_grants_schema[];
extern const char pg_sql_grants_type[];
extern const char pg_sql_grants_function[];
/* what the owner lost (SD_GRANTEE_OWNER rows) */
extern const char pg_sql_grants_owner_rel[];
extern const char pg_sql_grants_owner_schema[];
extern const char pg_sql_grants_owner_type[];
extern const char pg_sql_grants_owner_function[];
int introspect_grant(struct catalog *cat, const PGresult *res,
		     struct sd_error *err);

#endif
