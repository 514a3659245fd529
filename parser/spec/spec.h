/*
 * parser/spec/spec.h: a db-schema-spec 1.1 schema root (schema.json and one
 * version.json per version), read and validated against the spec's text, and
 * replayed into a catalog.
 *
 * Memory: a struct schema_root owns an arena with everything it holds;
 * spec_free() releases it. The parsed schema.json is kept (jansson) so that
 * unknown keys survive when emit/ rewrites it.
 */
#ifndef SD_SPEC_H
#define SD_SPEC_H

#include <stddef.h>

#include "model/catalog.h"
#include "util/arena.h"
#include "util/error.h"

struct spec_version {
	const char *version;	/* as written in schema.json */
	const char *path;	/* version root, relative to the schema root */
	const char *dir;	/* schema root joined with path */
	const char **sources;	/* paths relative to the version root */
	size_t nsources;
	const char *checksum;	/* hex SHA-256 over the source files, in order */
};

struct schema_root {
	struct arena arena;
	const char *dir;	/* the schema root folder */
	const char *name;
	const char *system_type;	/* "postgresql", "mysql", "mariadb" */
	const char *current_version;
	struct spec_version *versions;	/* sorted by numeric value */
	size_t nversions;
	void *schema_json;	/* json_t *: the parsed schema.json */
};

/* Read and validate DIR/schema.json and each version.json. Accepts the
 * spec examples' `command` for `source`, an extra `system-type` key in
 * version.json, with a warning (sd_warn). 0, or SD_ERR_SPEC / SD_ERR_IO
 * with file (and, for JSON, line and column) and the JSON path of the
 * problem in the message. */
int spec_read(const char *dir, struct schema_root **out, struct sd_error *err);
void spec_free(struct schema_root *root);

/* Compare two version strings by exact decimal value (no floating point):
 * <0, 0, >0. Both must be valid (spec_version_valid). */
int spec_version_cmp(const char *a, const char *b);
/* 1 if s is a valid version: digits, optionally '.' and more digits. */
int spec_version_valid(const char *s);
/* The default next version: one more than the last version's last integer
 * component ("3" -> "4", "1.9" -> "1.10" is refused elsewhere as it equals
 * 1.1... so: "20.043001" -> "20.043002"); "1" when there is none. */
void spec_next_version(const struct schema_root *root, struct strbuf *out);
/* The version entry, or NULL. */
const struct spec_version *spec_find_version(const struct schema_root *root,
					     const char *version);

/* Replay versions in order into cat, up to and including `upto` (NULL: all).
 * Each source file goes through the dialect's script interpreter. */
int spec_replay(const struct schema_root *root, const char *upto,
		struct catalog *cat, struct sd_error *err);

/* Create a new, empty schema root (schema.json with no versions). Refuses
 * to touch an existing schema.json. */
int spec_init(const char *dir, const char *name, const char *system_type,
	      struct sd_error *err);

#endif
