/*
 * drivers/pg_introspect_default_acl.h: the introspection of default
 * privileges (ALTER DEFAULT PRIVILEGES): one query over pg_default_acl
 * ($1 is the history schema's name), read by introspect_default_acl()
 * into struct sd_default_acl objects, as model/catalog.h describes them:
 * the connected user's rows with role NULL, the owner role's own entries
 * left out, rows that hold only what no row means skipped.
 *
 * Memory: strings are copied into the catalog's arena; the caller owns and
 * clears the result.
 */
#ifndef SD_PG_INTROSPECT_DEFAULT_ACL_H
#define SD_PG_INTROSPECT_DEFAULT_ACL_H

#include <libpq-fe.h>

#include "model/catalog.h"
#include "util/error.h"

extern const char pg_sql_default_acls[];
int introspect_default_acl(struct catalog *cat, const PGresult *res,
			   struct sd_error *err);

#endif
