/*
 * emit/versiondir.h: write a new version into a schema root, atomically.
 *
 * The version root (revisions.sql and version.json) is written into a
 * temporary folder beside its final place and renamed there; schema.json
 * (current-version, version-history; other keys kept as they were) is written
 * to a temporary file and renamed over the old one. An existing version
 * folder is never overwritten. If any step fails, nothing stays behind.
 */
#ifndef SD_VERSIONDIR_H
#define SD_VERSIONDIR_H

#include "parser/spec/spec.h"
#include "util/error.h"

/* Add `version` to root with one source file, revisions.sql, holding sql.
 * The version root is `<root dir>/<version>`; sql gets a final newline if
 * it lacks one. current-version moves to version only if version is greater.
 * On success root is not updated in memory: read it again to see the new
 * version. Errors: SD_ERR (version not a number), SD_ERR_CONFLICT (the
 * version exists, by value; `<root dir>/<version>` exists; or schema.json
 * changed since root was read), SD_ERR_IO; the root is then unchanged. */
int emit_version_dir(const struct schema_root *root, const char *version,
		     const char *sql, struct sd_error *err);

/* The reverse of a version (our optional `down` key): sql goes to
 * down.sql, named in version.json's "down"; deletes_data adds
 * "down-hazards": ["deletes-data"]. */
struct emit_version_down {
	const char *sql;	/* NULL: no down */
	int deletes_data;
	/* our optional `renames` key: one "KIND\tFROM\tTO" a line, or
	 * NULL / "" for none */
	const char *renames;
	/* our optional `demo` key: demo-data files written beside the
	 * sources and listed under "demo" (not in `source`) */
	const struct version_file *demo;
	size_t ndemo;
};

/* emit_version_dir() with a down script beside revisions.sql. */
int emit_version_dir_down(const struct schema_root *root, const char *version,
			  const char *sql, const struct emit_version_down *down,
			  struct sd_error *err);

/* One source file of a version: its name in the version root and text. */
struct version_file {
	const char *name;	/* "revisions.sql", "2-online.sql" */
	const char *sql;
};

/* emit_version_dir() with several source files (listed in `source` in
 * this order), a down script when down is not NULL, and, when extra is
 * not NULL, the keys of the JSON object text extra added to version.json
 * after the spec's own (our optional keys: "hazards", "steps"). */
int emit_version_dir_files(const struct schema_root *root,
			   const char *version,
			   const struct version_file *files, size_t nfiles,
			   const struct emit_version_down *down,
			   const char *extra, struct sd_error *err);

/* Take versions out of a schema root (plan --rebase): schema.json loses
 * them from version-history and gets root->current_version (which the
 * caller has set), then each one's folder loses its version.json, source
 * and down files and is removed when nothing else is in it. root's
 * schema_json becomes the new one. SD_ERR_CONFLICT when schema.json
 * changed since root was read; SD_ERR_IO. */
int emit_versions_drop(struct schema_root *root,
		       const struct spec_version *drop, size_t ndrop,
		       struct sd_error *err);

/* schemadiff squash: version root->versions[idx] becomes a baseline in
 * place of the versions before it. Its folder gets revisions.sql = sql
 * (the create script), from-<K>.sql = upgrades[i] for each version K =
 * versions[i] (i < idx), and a version.json whose `squashed` key lists
 * the versions up to it with the checksums they had; the old folders go
 * and schema.json loses the versions before it. The new folder is built
 * under a temporary name and swapped in; schema.json is written to a
 * temporary file and renamed. SD_ERR_CONFLICT when schema.json changed
 * since root was read; SD_ERR_IO. */
int emit_squash(const struct schema_root *root, size_t idx, const char *sql,
		const char *const *upgrades, struct sd_error *err);

#endif
