/*
 * util/sqlfiles.h: the SQL files that desired-state paths name, for both
 * parsers.
 *
 * Memory: the paths appended to out are malloc'd; the caller frees each
 * (and releases the vec).
 */
#ifndef SD_SQLFILES_H
#define SD_SQLFILES_H

#include <stddef.h>

#include "util/error.h"
#include "util/vec.h"

/* Append each path to out: a file as it is, a folder as every *.sql file
 * below it (recursively, dot files left out), sorted by path. SD_ERR_IO
 * naming the path that cannot be read. */
int sd_sql_files(const char *const *paths, size_t n, struct vec *out,
		 struct sd_error *err);

#endif
