/*
 * drivers/pg_introspect_viewcol.h: the comments on the columns of views,
 * materialized views and composite types (pg_description, objsubid > 0)
 * and the column defaults of views (pg_attrdef), called from the kinds
 * table of drivers/pg_introspect.c after views and composite types.
 *
 * Memory: strings are copied into the catalog's arena; the caller owns and
 * clears the result.
 */
#ifndef SD_PG_INTROSPECT_VIEWCOL_H
#define SD_PG_INTROSPECT_VIEWCOL_H

#include <libpq-fe.h>

#include "model/catalog.h"
#include "util/error.h"

extern const char pg_sql_viewcols[];
int introspect_viewcol(struct catalog *cat, const PGresult *res,
		       struct sd_error *err);

#endif
