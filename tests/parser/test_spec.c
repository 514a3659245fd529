/*
 * tests/parser/test_spec.c: the db-schema-spec 1.1 reader (parser/spec/):
 * a good root, version order by exact decimal value, every bad input as its
 * own fixture under fixtures/spec/bad-<name>/ (error code, message, file,
 * line and column), the examples' `command` spelling, replay into a
 * catalog, and spec_init.
 *
 * Run from the repository root (make check does): fixtures are found at
 * fixtures/spec/. Temporary folders are removed by each test.
 */
#define _GNU_SOURCE	/* nftw */
#include <criterion/criterion.h>
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/catalog.h"
#include "parser/spec/spec.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/banned.h"

#define FIX "fixtures/spec/"

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	return remove(path);
}

static void rm_tree(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

/* Read a root that must fail: code, a message substring and the file the
 * error names (by suffix). */
static void expect_bad(const char *name, int code, const char *substr,
		       const char *file_suffix)
{
	struct schema_root *root = (void *)1;
	struct sd_error err;
	struct strbuf dir = STRBUF_INIT;
	int ret;

	sd_error_clear(&err);
	strbuf_addf(&dir, FIX "%s", name);
	ret = spec_read(dir.buf, &root, &err);
	cr_assert_eq(ret, code, "%s: returned %d, want %d (%s)", name, ret,
		     code, err.msg);
	cr_assert_eq(err.code, code);
	cr_assert_null(root, "%s: no root on error", name);
	cr_assert(strstr(err.msg, substr), "%s: message [%s] lacks [%s]", name,
		  err.msg, substr);
	cr_assert(ends_with(err.file, file_suffix),
		  "%s: file [%s] does not end with [%s]", name, err.file,
		  file_suffix);
	strbuf_release(&dir);
}

/* Tests must not print warnings from fixtures meant to warn. */
static struct strbuf warnings = STRBUF_INIT;

static void capture_warning(const char *file, int line, int col,
			    const char *msg)
{
	strbuf_addf(&warnings, "%s: %s\n", file ? file : "", msg);
}

static void warn_setup(void)
{
	strbuf_reset(&warnings);
	sd_set_warn_handler(capture_warning);
}

static void warn_teardown(void)
{
	sd_set_warn_handler(NULL);
	strbuf_release(&warnings);
}

TestSuite(spec, .init = warn_setup, .fini = warn_teardown);

Test(spec, good_root)
{
	struct schema_root *root = NULL;
	struct sd_error err;
	const struct spec_version *v;

	cr_assert_eq(spec_read(FIX "good", &root, &err), 0, "%s", err.msg);
	cr_assert_str_eq(root->name, "app");
	cr_assert_str_eq(root->system_type, "postgresql");
	cr_assert_str_eq(root->current_version, "10");
	cr_assert_str_eq(root->dir, FIX "good");
	cr_assert_eq(root->nversions, 3);
	/* Numeric order, not file order ("10" is first in the file) nor
	 * string order. */
	cr_assert_str_eq(root->versions[0].version, "1");
	cr_assert_str_eq(root->versions[1].version, "2");
	cr_assert_str_eq(root->versions[2].version, "10");
	v = &root->versions[1];
	cr_assert_str_eq(v->path, "2020/v2");
	cr_assert_str_eq(v->dir, FIX "good/2020/v2");
	cr_assert_eq(v->nsources, 2);
	cr_assert_str_eq(v->sources[0], "a.sql");
	cr_assert_str_eq(v->sources[1], "b.sql");
	cr_assert_eq(strlen(v->checksum), 64);
	cr_assert_str_neq(v->checksum, root->versions[0].checksum);
	cr_assert_not_null(root->schema_json);
	cr_assert_eq(spec_find_version(root, "2.0"), v, "found by value");
	cr_assert_eq(spec_find_version(root, "10.000"), &root->versions[2]);
	cr_assert_null(spec_find_version(root, "3"));
	cr_assert_null(spec_find_version(root, "x"));
	cr_assert_str_eq(warnings.buf, "");
	spec_free(root);
}

Test(spec, checksum_definition)
{
	/* SPEC_CHECKSUM in spec.h, computed here by hand for version 1 of
	 * the good root: "revisions.sql" NUL, 8-byte big-endian length,
	 * bytes. */
	static const char sql[] = "CREATE TABLE t (id int);\n";
	unsigned char len[8] = { 0, 0, 0, 0, 0, 0, 0, sizeof(sql) - 1 };
	unsigned char d[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE];
	struct sha256_ctx ctx;
	struct schema_root *root = NULL;
	struct sd_error err;

	sha256_init(&ctx);
	sha256_update(&ctx, "revisions.sql", sizeof("revisions.sql"));
	sha256_update(&ctx, len, sizeof(len));
	sha256_update(&ctx, sql, sizeof(sql) - 1);
	sha256_final(&ctx, d);
	sha256_hex(d, hex);
	cr_assert_eq(spec_read(FIX "good", &root, &err), 0, "%s", err.msg);
	cr_assert_str_eq(root->versions[0].checksum, hex);
	spec_free(root);
}

Test(spec, fresh_root)
{
	struct schema_root *root = NULL;
	struct sd_error err;
	struct strbuf sb = STRBUF_INIT;

	cr_assert_eq(spec_read(FIX "fresh", &root, &err), 0, "%s", err.msg);
	cr_assert_eq(root->nversions, 0);
	cr_assert_str_eq(root->current_version, "");
	spec_next_version(root, &sb);
	cr_assert_str_eq(sb.buf, "1");
	strbuf_release(&sb);
	spec_free(root);
}

/* Our optional key: the PostgreSQL version a root's plans are for. */
Test(spec, target_version)
{
	struct schema_root *root = NULL;
	struct sd_error err;

	cr_assert_eq(spec_read(FIX "target-version", &root, &err), 0, "%s",
		     err.msg);
	cr_assert_eq(root->pg_target_version, 170000);
	spec_free(root);
	cr_assert_eq(spec_read(FIX "fresh", &root, &err), 0, "%s", err.msg);
	cr_assert_eq(root->pg_target_version, 0);
	spec_free(root);
}

Test(spec, command_accepted_with_warning)
{
	struct schema_root *root = NULL;
	struct sd_error err;

	cr_assert_eq(spec_read(FIX "command", &root, &err), 0, "%s", err.msg);
	cr_assert_eq(root->nversions, 1);
	cr_assert_str_eq(root->versions[0].version, "1.0");
	cr_assert_eq(root->versions[0].nsources, 1);
	cr_assert_str_eq(root->versions[0].sources[0], "revisions.sql");
	cr_assert(strstr(warnings.buf, "command/1.0/version.json: $.command: read \"command\" as \"source\""),
		  "warnings: [%s]", warnings.buf);
	/* The matching system-type key and the unknown key are no news. */
	cr_assert_not(strstr(warnings.buf, "system-type"));
	spec_free(root);
}

/* ---- versions as exact decimals ---- */

Test(spec_version, valid)
{
	cr_assert(spec_version_valid("1"));
	cr_assert(spec_version_valid("0"));
	cr_assert(spec_version_valid("007"));
	cr_assert(spec_version_valid("1.10"));
	cr_assert(spec_version_valid("20.043001"));
	cr_assert_not(spec_version_valid(""));
	cr_assert_not(spec_version_valid(NULL));
	cr_assert_not(spec_version_valid("1."));
	cr_assert_not(spec_version_valid(".5"));
	cr_assert_not(spec_version_valid("1.2.3"));
	cr_assert_not(spec_version_valid("v1"));
	cr_assert_not(spec_version_valid("-1"));
	cr_assert_not(spec_version_valid("1e3"));
	cr_assert_not(spec_version_valid(" 1"));
	cr_assert_not(spec_version_valid("1/2"));
}

Test(spec_version, order)
{
	/* Each is less than the next. */
	static const char *const asc[] = {
		"0", "0.5", "1", "1.09", "1.1", "1.2", "1.2000001", "2",
		"9.99999", "10", "19.081501", "20.043001", "100",
		"99999999999999999999999999", "100000000000000000000000000",
	};
	size_t n = sizeof(asc) / sizeof(*asc);

	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(spec_version_cmp(asc[i], asc[i]), 0);
		for (size_t j = i + 1; j < n; j++) {
			cr_assert_lt(spec_version_cmp(asc[i], asc[j]), 0,
				     "%s < %s", asc[i], asc[j]);
			cr_assert_gt(spec_version_cmp(asc[j], asc[i]), 0,
				     "%s > %s", asc[j], asc[i]);
		}
	}
}

Test(spec_version, equal_spellings)
{
	cr_assert_eq(spec_version_cmp("1.1", "1.10"), 0);
	cr_assert_eq(spec_version_cmp("2", "2.0"), 0);
	cr_assert_eq(spec_version_cmp("2.000", "2"), 0);
	cr_assert_eq(spec_version_cmp("007", "7"), 0);
	cr_assert_eq(spec_version_cmp("0", "0.0"), 0);
	cr_assert_eq(spec_version_cmp("00.10", "0.1"), 0);
	/* No floating point: these differ only past double precision. */
	cr_assert_lt(spec_version_cmp("1.00000000000000000001", "1.00000000000000000002"), 0);
}

static void expect_next(const char *const *versions, size_t n,
			const char *want)
{
	struct schema_root root;
	struct spec_version v[8];
	struct strbuf sb = STRBUF_INIT;

	memset(&root, 0, sizeof(root));
	memset(v, 0, sizeof(v));
	for (size_t i = 0; i < n; i++)
		v[i].version = versions[i];
	root.versions = v;
	root.nversions = n;
	strbuf_addstr(&sb, "[");
	spec_next_version(&root, &sb);
	cr_assert_str_eq(sb.buf + 1, want, "after %s", n ? versions[n - 1] : "nothing");
	cr_assert_eq(sb.buf[0], '[', "appends");
	strbuf_release(&sb);
}

Test(spec_version, next)
{
	const char *a[] = { "1", "2", "3" };
	const char *b[] = { "1.9" };
	const char *c[] = { "19.081501", "20.043001" };
	const char *d[] = { "99" };
	const char *e[] = { "007" };
	const char *f[] = { "0.5" };
	const char *g[] = { "1999.99" };

	expect_next(a, 0, "1");
	expect_next(a, 3, "4");
	expect_next(b, 1, "2");
	expect_next(c, 2, "21");
	expect_next(d, 1, "100");
	expect_next(e, 1, "8");
	expect_next(f, 1, "1");
	expect_next(g, 1, "2000");
	expect_next(NULL, 0, "1");
}

Test(spec_version, next_null_root)
{
	struct strbuf sb = STRBUF_INIT;

	spec_next_version(NULL, &sb);
	cr_assert_str_eq(sb.buf, "1");
	strbuf_release(&sb);
}

/* ---- bad roots: one fixture each ---- */

TestSuite(spec_bad, .init = warn_setup, .fini = warn_teardown);

Test(spec_bad, missing_root_dir)
{
	expect_bad("does-not-exist", SD_ERR_IO, "cannot read schema root", "does-not-exist");
}

Test(spec_bad, no_schema_json)
{
	expect_bad("bad-no-schema-json", SD_ERR_SPEC,
		   "schema root \"" FIX "bad-no-schema-json\" has no schema.json",
		   "bad-no-schema-json/schema.json");
}

Test(spec_bad, invalid_json_schema)
{
	struct schema_root *root = NULL;
	struct sd_error err;
	struct strbuf sb = STRBUF_INIT;

	expect_bad("bad-json-schema", SD_ERR_SYNTAX, "invalid json: ",
		   "bad-json-schema/schema.json");
	spec_read(FIX "bad-json-schema", &root, &err);
	/* The missing comma: "system-type" on line 4 is unexpected. */
	cr_assert_eq(err.line, 4, "line %d", err.line);
	cr_assert_eq(err.col, 15, "col %d", err.col);
	sd_error_format(&err, &sb);
	cr_assert(strstr(sb.buf, "bad-json-schema/schema.json:4:15: invalid json: "),
		  "%s", sb.buf);
	strbuf_release(&sb);
}

Test(spec_bad, invalid_json_version)
{
	struct schema_root *root = NULL;
	struct sd_error err;

	expect_bad("bad-json-version", SD_ERR_SYNTAX, "invalid json: ",
		   "bad-json-version/1/version.json");
	spec_read(FIX "bad-json-version", &root, &err);
	cr_assert_eq(err.line, 5, "line %d", err.line);
	cr_assert_gt(err.col, 0);
}

Test(spec_bad, not_an_object)
{
	expect_bad("bad-not-object", SD_ERR_SPEC,
		   "$: expected a json object, found an array", "schema.json");
}

Test(spec_bad, missing_keys)
{
	static const char *const keys[] = {
		"db-schema-spec", "name", "system-type", "current-version",
		"version-history",
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		struct strbuf name = STRBUF_INIT, msg = STRBUF_INIT;

		strbuf_addf(&name, "bad-missing-%s", keys[i]);
		strbuf_addf(&msg, "$.%s: required key \"%s\" is missing",
			    keys[i], keys[i]);
		expect_bad(name.buf, SD_ERR_SPEC, msg.buf, "/schema.json");
		strbuf_release(&name);
		strbuf_release(&msg);
	}
}

Test(spec_bad, wrong_types)
{
	expect_bad("bad-type-name", SD_ERR_SPEC,
		   "$.name: \"name\" must be a string, not a number", "schema.json");
	expect_bad("bad-type-history", SD_ERR_SPEC,
		   "$.version-history: \"version-history\" must be an object, not an array",
		   "schema.json");
	expect_bad("bad-type-current", SD_ERR_SPEC,
		   "$.current-version: \"current-version\" must be a string, not a number",
		   "schema.json");
	expect_bad("bad-type-path", SD_ERR_SPEC,
		   "$.version-history[\"1\"]: the path of version \"1\" must be a string, not a number",
		   "schema.json");
}

Test(spec_bad, spec_release)
{
	expect_bad("bad-spec-release", SD_ERR_SPEC,
		   "$.db-schema-spec: unsupported db-schema-spec \"2.0\"",
		   "bad-spec-release/schema.json");
	expect_bad("bad-version-spec-release", SD_ERR_SPEC,
		   "$.db-schema-spec: unsupported db-schema-spec \"1.0\"",
		   "bad-version-spec-release/1/version.json");
}

Test(spec_bad, system_type)
{
	expect_bad("bad-system-type", SD_ERR_UNSUPPORTED,
		   "$.system-type: unsupported system-type \"mongo\"", "schema.json");
	expect_bad("bad-version-system-type", SD_ERR_SPEC,
		   "$.system-type: system-type \"mysql\" does not match \"postgresql\" in schema.json",
		   "bad-version-system-type/1/version.json");
}

Test(spec_bad, target_version)
{
	expect_bad("bad-target-version", SD_ERR_SPEC,
		   "$.target-version: \"target-version\" must be a PostgreSQL major version from 13",
		   "bad-target-version/schema.json");
	expect_bad("bad-target-version-mysql", SD_ERR_SPEC,
		   "$.target-version: \"target-version\" is for PostgreSQL roots",
		   "bad-target-version-mysql/schema.json");
}

Test(spec_bad, duplicate_key)
{
	struct schema_root *root = NULL;
	struct sd_error err;

	expect_bad("bad-dup-key", SD_ERR_SPEC,
		   "duplicate key: a json object holds the same key twice (near '\"1\"')",
		   "bad-dup-key/schema.json");
	spec_read(FIX "bad-dup-key", &root, &err);
	cr_assert_eq(err.line, 8, "line %d", err.line);
}

Test(spec_bad, duplicate_value)
{
	expect_bad("bad-dup-value", SD_ERR_SPEC,
		   "$.version-history[\"1.10\"]: duplicate version: \"1.10\" has the same value as \"1.1\"",
		   "schema.json");
	expect_bad("bad-dup-int", SD_ERR_SPEC,
		   "$.version-history[\"2.0\"]: duplicate version: \"2.0\" has the same value as \"2\"",
		   "schema.json");
}

Test(spec_bad, version_not_a_number)
{
	expect_bad("bad-version-not-number", SD_ERR_SPEC,
		   "$.version-history[\"v2\"]: version \"v2\" is not a number",
		   "schema.json");
}

Test(spec_bad, current_version)
{
	expect_bad("bad-current-not-in-history", SD_ERR_SPEC,
		   "$.current-version: current-version \"5\" is not in version-history",
		   "schema.json");
	expect_bad("bad-current-empty", SD_ERR_SPEC,
		   "$.current-version: current-version is empty but version-history is not",
		   "schema.json");
}

Test(spec_bad, no_version_json)
{
	expect_bad("bad-no-version-json", SD_ERR_SPEC,
		   "$.version-history[\"3\"]: version root \"3\" has no version.json",
		   "bad-no-version-json/schema.json");
	expect_bad("bad-no-version-root", SD_ERR_SPEC,
		   "$.version-history[\"3\"]: version root \"3\" does not exist",
		   "bad-no-version-root/schema.json");
}

Test(spec_bad, history_path_outside)
{
	expect_bad("bad-path-dotdot", SD_ERR_SPEC,
		   "$.version-history[\"1\"]: version root \"../good/1\" must be a relative path inside the schema root",
		   "schema.json");
	expect_bad("bad-path-absolute", SD_ERR_SPEC,
		   "$.version-history[\"1\"]: version root \"/tmp\" must be a relative path inside the schema root",
		   "schema.json");
	expect_bad("bad-path-symlink", SD_ERR_SPEC,
		   "$.version-history[\"1\"]: version root \"link\" leads outside the schema root",
		   "schema.json");
}

Test(spec_bad, version_json_missing_keys)
{
	static const char *const keys[] = {
		"db-schema-spec", "schema", "version", "source",
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		struct strbuf name = STRBUF_INIT, msg = STRBUF_INIT;

		strbuf_addf(&name, "bad-version-missing-%s", keys[i]);
		strbuf_addf(&msg, "$.%s: required key \"%s\" is missing",
			    keys[i], keys[i]);
		expect_bad(name.buf, SD_ERR_SPEC, msg.buf, "/1/version.json");
		strbuf_release(&name);
		strbuf_release(&msg);
	}
}

Test(spec_bad, version_json_source_type)
{
	expect_bad("bad-version-source-type", SD_ERR_SPEC,
		   "$.source: \"source\" must be an array of strings, not a string",
		   "1/version.json");
}

Test(spec_bad, version_json_mismatch)
{
	expect_bad("bad-schema-mismatch", SD_ERR_SPEC,
		   "$.schema: schema \"other\" does not match the name \"app\" in schema.json",
		   "bad-schema-mismatch/1/version.json");
	expect_bad("bad-version-mismatch", SD_ERR_SPEC,
		   "$.version: version \"2\" does not match \"1\" in schema.json's version-history",
		   "bad-version-mismatch/1/version.json");
}

Test(spec_bad, source_files)
{
	expect_bad("bad-missing-source", SD_ERR_SPEC,
		   "$.source[0]: source file \"missing.sql\" does not exist",
		   "bad-missing-source/1/version.json");
	expect_bad("bad-source-dotdot", SD_ERR_SPEC,
		   "$.source[0]: source \"../../good/1/revisions.sql\" must be a relative path inside its version root",
		   "1/version.json");
	expect_bad("bad-source-symlink", SD_ERR_SPEC,
		   "$.source[0]: source \"revisions.sql\" leads outside the schema root",
		   "1/version.json");
	expect_bad("bad-source-and-command", SD_ERR_SPEC,
		   "$.command: both \"source\" and \"command\" are present",
		   "1/version.json");
}

/* ---- replay ---- */

static struct schema_root *read_ok(const char *dir)
{
	struct schema_root *root = NULL;
	struct sd_error err;

	cr_assert_eq(spec_read(dir, &root, &err), 0, "%s: %s", dir, err.msg);
	return root;
}

static int has_table(struct catalog *cat, const char *name)
{
	return catalog_find(cat, SD_TABLE, "public", name) != NULL;
}

Test(spec_replay, all_versions_in_order)
{
	struct schema_root *root = read_ok(FIX "good");
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;

	cr_assert_eq(spec_replay(root, NULL, cat, &err), 0, "%s: %s", err.file, err.msg);
	cr_assert(has_table(cat, "t"));
	cr_assert(has_table(cat, "a"));
	cr_assert(has_table(cat, "b"));
	cr_assert(has_table(cat, "u"));
	catalog_free(cat);
	spec_free(root);
}

Test(spec_replay, upto)
{
	struct schema_root *root = read_ok(FIX "good");
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;

	cr_assert_eq(spec_replay(root, "2.0", cat, &err), 0, "%s", err.msg);
	cr_assert(has_table(cat, "t"));
	cr_assert(has_table(cat, "b"));
	cr_assert_not(has_table(cat, "u"));
	catalog_free(cat);

	cat = catalog_new(SQL_POSTGRES);
	cr_assert_eq(spec_replay(root, "1", cat, &err), 0, "%s", err.msg);
	cr_assert(has_table(cat, "t"));
	cr_assert_not(has_table(cat, "a"));
	catalog_free(cat);

	cat = catalog_new(SQL_POSTGRES);
	cr_assert_eq(spec_replay(root, "7", cat, &err), SD_ERR);
	cr_assert(strstr(err.msg, "version \"7\" is not in the version history of schema \"app\""),
		  "%s", err.msg);
	cr_assert_not(has_table(cat, "t"), "nothing replayed");
	catalog_free(cat);
	spec_free(root);
}

Test(spec_replay, stops_at_first_error)
{
	struct schema_root *root = read_ok(FIX "replay-error");
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;
	int ret;

	sd_error_clear(&err);
	ret = spec_replay(root, NULL, cat, &err);
	cr_assert_lt(ret, 0);
	cr_assert_str_eq(err.file, FIX "replay-error/2/revisions.sql");
	cr_assert_eq(err.line, 2, "line %d", err.line);
	cr_assert(strstr(err.msg, "TABEL"), "%s", err.msg);
	catalog_free(cat);
	spec_free(root);
}

Test(spec_replay, fresh_root_is_empty)
{
	struct schema_root *root = read_ok(FIX "fresh");
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;

	cr_assert_eq(spec_replay(root, NULL, cat, &err), 0);
	cr_assert_eq(catalog_count(cat), 0);
	catalog_free(cat);
	spec_free(root);
}

Test(spec_replay, dialect_mismatch)
{
	struct schema_root *root = read_ok(FIX "mysql");
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;

	cr_assert_eq(spec_replay(root, NULL, cat, &err), SD_ERR);
	cr_assert_str_eq(err.msg, "a mysql schema root cannot be replayed into a catalog of another dialect");
	catalog_free(cat);
	spec_free(root);
}

/* ---- spec_init ---- */

Test(spec_init, creates_fresh_root)
{
	char tmpl[] = "/tmp/sd-spec-init-XXXXXX";
	char *tmp = mkdtemp(tmpl);
	struct strbuf dir = STRBUF_INIT, text = STRBUF_INIT, again = STRBUF_INIT;
	struct schema_root *root = NULL;
	struct sd_error err;
	DIR *d;
	struct dirent *de;
	int n = 0;

	cr_assert_not_null(tmp);
	strbuf_addf(&dir, "%s/db/app", tmp);
	cr_assert_eq(spec_init(dir.buf, "app", "postgresql", &err), 0, "%s", err.msg);
	cr_assert_eq(spec_read(dir.buf, &root, &err), 0, "%s", err.msg);
	cr_assert_str_eq(root->name, "app");
	cr_assert_str_eq(root->current_version, "");
	cr_assert_eq(root->nversions, 0);
	spec_free(root);

	strbuf_addf(&dir, "/schema.json");
	cr_assert_eq(strbuf_read_file(&text, dir.buf), 0);
	cr_assert_str_eq(text.buf,
			 "{\n  \"db-schema-spec\": \"1.1\",\n  \"name\": \"app\",\n"
			 "  \"system-type\": \"postgresql\",\n  \"current-version\": \"\",\n"
			 "  \"version-history\": {}\n}\n");
	strbuf_setlen(&dir, dir.len - strlen("/schema.json"));

	/* Never over an existing schema.json; nothing changes. */
	cr_assert_eq(spec_init(dir.buf, "other", "mysql", &err), SD_ERR_CONFLICT);
	cr_assert(strstr(err.msg, "already exists"), "%s", err.msg);
	strbuf_addf(&dir, "/schema.json");
	cr_assert_eq(strbuf_read_file(&again, dir.buf), 0);
	cr_assert_str_eq(again.buf, text.buf);
	strbuf_setlen(&dir, dir.len - strlen("/schema.json"));

	/* No temporary file left behind. */
	d = opendir(dir.buf);
	cr_assert_not_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	cr_assert_eq(n, 1, "only schema.json");

	rm_tree(tmp);
	strbuf_release(&dir);
	strbuf_release(&text);
	strbuf_release(&again);
}

Test(spec_init, refuses_bad_arguments)
{
	char tmpl[] = "/tmp/sd-spec-init-XXXXXX";
	char *tmp = mkdtemp(tmpl);
	struct strbuf dir = STRBUF_INIT;
	struct sd_error err;
	struct stat st;

	cr_assert_not_null(tmp);
	strbuf_addf(&dir, "%s/app", tmp);
	cr_assert_eq(spec_init(dir.buf, "app", "mongo", &err), SD_ERR_UNSUPPORTED);
	cr_assert(strstr(err.msg, "unsupported system-type \"mongo\""), "%s", err.msg);
	cr_assert_eq(spec_init(dir.buf, "", "mysql", &err), SD_ERR);
	cr_assert_neq(stat(dir.buf, &st), 0, "nothing created");
	cr_assert_eq(spec_init(dir.buf, "app", "mariadb", &err), 0, "%s", err.msg);
	rm_tree(tmp);
	strbuf_release(&dir);
}

/* A root without versions still names its server (issue 12): the first
 * plan on a `mysql` root loads the desired files by MySQL's
 * versioned-comment rules, a `mariadb` root by MariaDB's. */
Test(spec_init, empty_root_names_its_server)
{
	static const char *const types[] = { "mysql", "mariadb" };
	static const enum sd_mysql_flavor want[] = {
		SD_FLAVOR_MYSQL, SD_FLAVOR_MARIADB
	};
	char tmpl[] = "/tmp/sd-spec-target-XXXXXX";
	char *tmp = mkdtemp(tmpl);

	cr_assert_not_null(tmp);
	for (size_t i = 0; i < 2; i++) {
		struct strbuf dir = STRBUF_INIT;
		struct schema_root *root = NULL;
		struct catalog *cat = catalog_new(SQL_MYSQL);
		struct sd_error err;

		cat->mysql_target.flavor = want[1 - i];
		strbuf_addf(&dir, "%s/%s", tmp, types[i]);
		cr_assert_eq(spec_init(dir.buf, "app", types[i], &err), 0,
			     "%s", err.msg);
		cr_assert_eq(spec_read(dir.buf, &root, &err), 0, "%s", err.msg);
		cr_assert_eq(spec_replay(root, NULL, cat, &err), 0, "%s",
			     err.msg);
		cr_expect_eq(cat->mysql_target.flavor, want[i], "%s", types[i]);
		catalog_free(cat);
		spec_free(root);
		strbuf_release(&dir);
	}
	rm_tree(tmp);
}
