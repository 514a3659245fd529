/*
 * emit/pg_features.h: which PostgreSQL version the SQL read into a
 * catalog needs.
 *
 * The parser records, while it reads desired files and version files,
 * each feature newer than PostgreSQL 13 that the SQL uses and where
 * (catalog.pg_uses; one table of features, parser/pg/pg_features.c).
 * pg_features_check() refuses, before anything is written or run, the
 * ones the target server lacks, with the place of the first use, so that
 * syntax the target rejects is refused by name instead of failing
 * halfway.
 */
#ifndef SD_EMIT_PG_FEATURES_H
#define SD_EMIT_PG_FEATURES_H

#include <stddef.h>

#include "model/catalog.h"
#include "util/error.h"

/* 0 when the SQL read into cat uses nothing that a server of
 * target_version (server_version_num, 160000 for 16; 0: unknown, nothing
 * is checked) lacks; else SD_ERR_UNSUPPORTED with err at the first use of
 * the oldest feature the target lacks:
 * "t.sql:3:25: a virtual generated column needs PostgreSQL 18; the
 * target is 17". */
int pg_features_check(const struct catalog *cat, int target_version,
		      struct sd_error *err);

/* The same for SQL that runs as it is written (version files replayed
 * by migrate: also what emit/ would write for every version, such as
 * 0x10 or STORAGE in a column definition), after the first skip uses
 * (pg_features_count() of a catalog that read the same files up to some
 * point: what a history's later versions add). */
int pg_features_check_scripts(const struct catalog *cat, size_t skip,
			      int target_version, struct sd_error *err);

/* How many uses cat holds. */
size_t pg_features_count(const struct catalog *cat);

/* The minimum server_version_num cat needs (130000 when it needs nothing
 * newer than the oldest supported server); the feature's name in *name
 * when not NULL. */
int pg_features_needed(const struct catalog *cat, const char **name);

#endif
