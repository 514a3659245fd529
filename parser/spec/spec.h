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
	const char *checksum;	/* hex SHA-256 over the source files, in order
				 * (see SPEC_CHECKSUM below) */
	/* our optional keys: `down` (files that undo the version, relative
	 * to the version root; none: it cannot be undone) and
	 * `down-hazards` holding "deletes-data" */
	const char **downs;
	size_t ndowns;
	int down_deletes_data;
	/* our optional `squashed` key (schemadiff squash): this version is
	 * a baseline in place of these older versions (and of itself as it
	 * was), with the checksums they had and, for each below it, the file
	 * (relative to the version root) that brings a database at it here */
	struct spec_squashed {
		const char *version, *checksum;
		const char *upgrade;	/* NULL for the version itself */
	} *squashed;
	size_t nsquashed;
	/* our optional `demo` key: demo-data files (relative to the version
	 * root, run in order after the version's schema; see ops/demo.c),
	 * with their own checksum (SPEC_CHECKSUM's construction over them).
	 * sum_checksum is what schemadiff.sum records: checksum when there
	 * are none, else SHA-256 of checksum "\ndemo\n" demo_checksum, so
	 * that the file covers demo data without changing the checksum the
	 * history table records. */
	const char **demos;
	size_t ndemos;
	const char *demo_checksum;	/* NULL when ndemos is 0 */
	const char *sum_checksum;
};

/*
 * SPEC_CHECKSUM: a version's checksum is the lower-case hex SHA-256 of,
 * for each entry of `source` in order:
 *   the entry exactly as written in version.json (UTF-8 bytes), one NUL
 *   byte, the file's length in bytes as an 8-byte big-endian unsigned
 *   integer, then the file's bytes.
 * A version with no source files has the SHA-256 of the empty string.
 * Renaming, reordering or editing any file changes it. It is recorded in a
 * database's history table, so this definition must never change.
 */

struct schema_root {
	struct arena arena;
	const char *dir;	/* the schema root folder */
	const char *name;
	const char *system_type;	/* "postgresql", "mysql", "mariadb" */
	const char *current_version;	/* "" in a fresh root (no versions) */
	struct spec_version *versions;	/* sorted by numeric value */
	size_t nversions;
	void *schema_json;	/* json_t *: the parsed schema.json */
	/* PostgreSQL: our optional key "target-version" (the server major
	 * version the root's plans are for) as server_version_num, 170000
	 * for 17; 0: not given */
	int pg_target_version;
};

/* Read and validate DIR/schema.json and each version.json. Accepts the
 * spec examples' `command` for `source` (with a warning through sd_warn), and
 * an extra `system-type` key in version.json (ignored when it matches
 * schema.json's, an error when it differs). Unknown keys are kept in
 * schema_json and otherwise ignored.
 *
 * A fresh root has `"version-history": {}` and `"current-version": ""`;
 * "" is accepted only when the history is empty (the key itself is always
 * required). Otherwise current-version must equal (by value) a version in the
 * history. version.json's `schema` must equal schema.json's `name` and its
 * `version` must equal (by value) the history key that points at it: both
 * are errors, not warnings, as a mismatch means the folder belongs to some
 * other schema or version. Each version's source files must exist; they are
 * read once to compute the checksum. History and source paths must be
 * relative with no ".." component, and must not lead out of the schema root
 * through a symlink.
 *
 * 0, or SD_ERR_SPEC / SD_ERR_IO (SD_ERR_SYNTAX for invalid JSON, with line
 * and column; SD_ERR_UNSUPPORTED for a system-type other than "postgresql",
 * "mysql", "mariadb") with err->file set and the message starting with the
 * JSON path of the problem: `$.version-history["3"]: version root "3" has no
 * version.json`. */
int spec_read(const char *dir, struct schema_root **out, struct sd_error *err);
void spec_free(struct schema_root *root);

/* Compare two version strings by exact decimal value (no floating point):
 * <0, 0, >0. Both must be valid (spec_version_valid). */
int spec_version_cmp(const char *a, const char *b);
/* 1 if s is a valid version: digits, optionally '.' and more digits. */
int spec_version_valid(const char *s);
/* The default next version: one more than the integer part (the digits
 * before the decimal point) of the greatest version: "3" -> "4",
 * "1.9" -> "2", "20.043001" -> "21", "007" -> "8"; "1" when there is none.
 * Bumping the fraction instead is ambiguous ("1.9" -> "1.10" equals 1.1),
 * so it is never done. Appends to out. */
void spec_next_version(const struct schema_root *root, struct strbuf *out);
/* The version entry equal to version by value ("2.0" finds "2"), or NULL. */
const struct spec_version *spec_find_version(const struct schema_root *root,
					     const char *version);

/* The `squashed` entry equal to version by value in any version of root,
 * or NULL; *owner (when given) gets the baseline version that holds it. */
const struct spec_squashed *spec_find_squashed(const struct schema_root *root,
					       const char *version,
					       const struct spec_version **owner);

/* Replay versions in order into cat, up to and including `upto` (NULL: all;
 * compared by value). Each source file goes through the dialect's script
 * interpreter (pg_replay_script), named in messages as the schema root
 * joined with the version path and the source entry. Stops at the first
 * error and returns it; cat is then partly changed and should be discarded.
 * SD_ERR when upto is not in the history; SD_ERR_UNSUPPORTED for mysql and
 * mariadb when there is something to replay. */
int spec_replay(const struct schema_root *root, const char *upto,
		struct catalog *cat, struct sd_error *err);

/* Create a new, empty schema root: DIR (and its parents) when missing, and
 * DIR/schema.json with db-schema-spec "1.1", name, system-type
 * ("postgresql", "mysql" or "mariadb": anything else is SD_ERR_UNSUPPORTED),
 * current-version "" and version-history {}. Written to a temporary file
 * and moved into place; SD_ERR_CONFLICT when DIR/schema.json exists. */
int spec_init(const char *dir, const char *name, const char *system_type,
	      struct sd_error *err);

#endif
