/*
 * emit/pg_features.h: which PostgreSQL version a desired catalog needs.
 *
 * One table (emit/pg_features.c) lists each feature that not every
 * supported server (13 to 18) has: its name for messages, the version
 * that added it, and how to find it in the model. pg_features_check()
 * runs the whole table over a catalog before anything is written or run,
 * so that syntax the target rejects is refused by name instead of failing
 * halfway. A new feature is one row.
 */
#ifndef SD_EMIT_PG_FEATURES_H
#define SD_EMIT_PG_FEATURES_H

#include "model/catalog.h"
#include "util/error.h"

/* 0 when every object of cat can be written for a server of
 * target_version (server_version_num, 160000 for 16; 0: unknown, nothing
 * is checked); else SD_ERR_UNSUPPORTED and a message naming the first
 * feature in the table that the target lacks and where it is used:
 * "virtual generated columns need PostgreSQL 18; the target is 17
 * (column public.t.v)". what: the source, for the message ("the desired
 * schema", "version 3"); NULL: none. */
int pg_features_check(const struct catalog *cat, int target_version,
		      const char *what, struct sd_error *err);

/* The minimum server_version_num cat needs (130000 when it needs nothing
 * newer than the oldest supported server); the feature's name in *name
 * when not NULL. */
int pg_features_needed(const struct catalog *cat, const char **name);

#endif
