/*
 * drivers/pg_introspect_inhcol.h: the introspection of the defaults and
 * NOT NULL that partitions and inheritance children have of their own on
 * the columns they inherit (struct sd_table.inh_columns), called from the
 * kinds table of drivers/pg_introspect.c once tables and columns are read.
 *
 * Memory: strings are copied into the catalog's arena; the caller owns and
 * clears the result.
 */
#ifndef SD_PG_INTROSPECT_INHCOL_H
#define SD_PG_INTROSPECT_INHCOL_H

#include <libpq-fe.h>

#include "model/catalog.h"
#include "util/error.h"

/* Inherited columns (attislocal false) whose default or NOT NULL is not
 * what the table's parents give. */
extern const char pg_sql_inh_columns[];
int introspect_inh_column(struct catalog *cat, const PGresult *res,
			  struct sd_error *err);

#endif
