/*
 * tests/emit/test_versiondir.c: emit_version_dir() on a scratch copy of
 * fixtures/spec/good: the result reads back with the new version current,
 * unknown keys and history order are kept, and a refused write (existing
 * folder, same value spelled differently, invalid version) changes nothing
 * and leaves no temporary files.
 *
 * Run from the repository root. Each test removes its temporary folder.
 */
#define _GNU_SOURCE	/* nftw */
#include <criterion/criterion.h>
#include <dirent.h>
#include <ftw.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit/versiondir.h"
#include "parser/spec/spec.h"
#include "util/strbuf.h"
#include "util/banned.h"

static char tmpdir[64];
static struct strbuf rootdir = STRBUF_INIT;

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	return remove(path);
}

/* Every path under the root, relative to it, sorted: one per line. */
static void list_tree(struct strbuf *out)
{
	struct strbuf cmd = STRBUF_INIT;
	char line[1024];
	FILE *f;

	strbuf_addf(&cmd, "cd '%s' && find . | LC_ALL=C sort", rootdir.buf);
	f = popen(cmd.buf, "r");
	cr_assert_not_null(f);
	strbuf_reset(out);
	while (fgets(line, sizeof(line), f))
		strbuf_addstr(out, line);
	cr_assert_eq(pclose(f), 0);
	strbuf_release(&cmd);
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void copy_good(void)
{
	struct strbuf cmd = STRBUF_INIT;

	memcpy(tmpdir, "/tmp/sd-versiondir-XXXXXX", sizeof("/tmp/sd-versiondir-XXXXXX"));
	cr_assert_not_null(mkdtemp(tmpdir));
	strbuf_reset(&rootdir);
	strbuf_addf(&rootdir, "%s/app", tmpdir);
	strbuf_addf(&cmd, "cp -R fixtures/spec/good '%s'", rootdir.buf);
	cr_assert_eq(system(cmd.buf), 0, "copy the good fixture");
	strbuf_release(&cmd);
}

static void remove_copy(void)
{
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	strbuf_release(&rootdir);
}

static void read_file(const char *rel, struct strbuf *out)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/%s", rootdir.buf, rel);
	strbuf_reset(out);
	cr_assert_eq(strbuf_read_file(out, path.buf), 0, "read %s", path.buf);
	strbuf_release(&path);
}

static struct schema_root *read_root(void)
{
	struct schema_root *root = NULL;
	struct sd_error err;

	cr_assert_eq(spec_read(rootdir.buf, &root, &err), 0, "%s: %s",
		     err.file, err.msg);
	return root;
}

TestSuite(versiondir, .init = copy_good, .fini = remove_copy);

Test(versiondir, writes_new_version)
{
	struct schema_root *root = read_root();
	struct sd_error err;
	struct strbuf text = STRBUF_INIT, before = STRBUF_INIT;
	struct strbuf after = STRBUF_INIT;
	const char *sql = "CREATE TABLE n (id int);";

	list_tree(&before);
	cr_assert_eq(emit_version_dir(root, "11", sql, &err), 0, "%s", err.msg);
	spec_free(root);

	read_file("11/revisions.sql", &text);
	cr_assert_str_eq(text.buf, "CREATE TABLE n (id int);\n");
	read_file("11/version.json", &text);
	cr_assert_str_eq(text.buf,
			 "{\n  \"db-schema-spec\": \"1.1\",\n  \"schema\": \"app\",\n"
			 "  \"version\": \"11\",\n  \"source\": [\n    \"revisions.sql\"\n  ]\n}\n");
	read_file("schema.json", &text);
	cr_assert_str_eq(text.buf,
			 "{\n"
			 "  \"db-schema-spec\": \"1.1\",\n"
			 "  \"name\": \"app\",\n"
			 "  \"system-type\": \"postgresql\",\n"
			 "  \"current-version\": \"11\",\n"
			 "  \"version-history\": {\n"
			 "    \"10\": \"10\",\n"
			 "    \"1\": \"1\",\n"
			 "    \"2\": \"2020/v2\",\n"
			 "    \"11\": \"11\"\n"
			 "  },\n"
			 "  \"x-owner\": {\n"
			 "    \"team\": \"db\"\n"
			 "  }\n"
			 "}\n");

	/* Readable again, with the new version current and last. */
	root = read_root();
	cr_assert_str_eq(root->current_version, "11");
	cr_assert_eq(root->nversions, 4);
	cr_assert_str_eq(root->versions[3].version, "11");
	cr_assert_str_eq(root->versions[3].sources[0], "revisions.sql");
	spec_free(root);

	/* Exactly the new folder and its two files appeared: no temporary
	 * file or folder is left. */
	list_tree(&after);
	cr_assert_eq(count_lines(after.buf), count_lines(before.buf) + 3,
		     "before:\n%s\nafter:\n%s", before.buf, after.buf);
	cr_assert(strstr(after.buf, "./11\n./11/revisions.sql\n./11/version.json\n"),
		  "%s", after.buf);
	cr_assert_null(strstr(after.buf, "tmp"), "%s", after.buf);
	strbuf_release(&text);
	strbuf_release(&before);
	strbuf_release(&after);
}

Test(versiondir, next_version_and_older_version)
{
	struct schema_root *root = read_root();
	struct strbuf next = STRBUF_INIT, text = STRBUF_INIT;
	struct sd_error err;

	spec_next_version(root, &next);
	cr_assert_str_eq(next.buf, "11");
	/* A version below the current one is added to the history but does
	 * not move current-version back. */
	cr_assert_eq(emit_version_dir(root, "1.5", "", &err), 0, "%s", err.msg);
	spec_free(root);
	read_file("1.5/revisions.sql", &text);
	cr_assert_str_eq(text.buf, "");
	root = read_root();
	cr_assert_str_eq(root->current_version, "10");
	cr_assert_eq(root->nversions, 4);
	cr_assert_str_eq(root->versions[1].version, "1.5");
	spec_free(root);
	strbuf_release(&next);
	strbuf_release(&text);
}

/* Run emit_version_dir expecting it to fail with code and a message
 * substring, and check that nothing under the root changed. */
static void expect_refused(struct schema_root *root, const char *version,
			   int code, const char *substr)
{
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	struct strbuf tree_before = STRBUF_INIT, tree_after = STRBUF_INIT;
	struct sd_error err;

	read_file("schema.json", &before);
	list_tree(&tree_before);
	sd_error_clear(&err);
	cr_assert_eq(emit_version_dir(root, version, "CREATE TABLE z (id int);", &err),
		     code, "%s: %s", version, err.msg);
	cr_assert(strstr(err.msg, substr), "message [%s] lacks [%s]", err.msg,
		  substr);
	read_file("schema.json", &after);
	cr_assert_str_eq(after.buf, before.buf, "schema.json unchanged");
	list_tree(&tree_after);
	cr_assert_str_eq(tree_after.buf, tree_before.buf, "no file added or removed");
	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&tree_before);
	strbuf_release(&tree_after);
}

Test(versiondir, refuses_existing_version)
{
	struct schema_root *root = read_root();

	expect_refused(root, "2", SD_ERR_CONFLICT,
		       "$.version-history[\"2\"]: version \"2\" already exists");
	expect_refused(root, "2.0", SD_ERR_CONFLICT,
		       "version \"2.0\" already exists, written \"2\"");
	expect_refused(root, "10.00", SD_ERR_CONFLICT,
		       "already exists, written \"10\"");
	spec_free(root);
}

Test(versiondir, refuses_existing_folder)
{
	struct schema_root *root = read_root();
	struct strbuf path = STRBUF_INIT;

	/* An empty folder: rename(2) would replace it; we must not. */
	strbuf_addf(&path, "%s/12", rootdir.buf);
	cr_assert_eq(mkdir(path.buf, 0777), 0);
	expect_refused(root, "12", SD_ERR_CONFLICT,
		       "/12\" already exists: not overwriting it");
	/* A file of that name. */
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/13", rootdir.buf);
	fclose(fopen(path.buf, "w"));
	expect_refused(root, "13", SD_ERR_CONFLICT, "already exists");
	spec_free(root);
	strbuf_release(&path);
}

Test(versiondir, refuses_stale_root)
{
	struct schema_root *root = read_root();
	struct schema_root *other = read_root();
	struct sd_error err;

	/* Another writer adds 11 after root was read: writing 12 from the
	 * stale root would drop 11 from the history. */
	cr_assert_eq(emit_version_dir(other, "11", "SELECT 1;", &err), 0, "%s", err.msg);
	expect_refused(root, "12", SD_ERR_CONFLICT,
		       "changed since it was read");
	spec_free(other);
	spec_free(root);
}

Test(versiondir, refuses_invalid_version)
{
	struct schema_root *root = read_root();

	expect_refused(root, "v3", SD_ERR, "version \"v3\" is not a number");
	expect_refused(root, "../x", SD_ERR, "is not a number");
	expect_refused(root, "", SD_ERR, "is not a number");
	spec_free(root);
}

Test(versiondir, schema_json_failure_removes_version_folder)
{
	struct schema_root *root = read_root();
	struct strbuf path = STRBUF_INIT, tree_before = STRBUF_INIT;
	struct strbuf tree_after = STRBUF_INIT;
	struct sd_error err;

	/* Make the schema.json step fail: a folder sits where its temporary
	 * file goes (permissions would not stop a test run as root). */
	strbuf_addf(&path, "%s/schema.json.tmp-%ld", rootdir.buf,
		    (long)getpid());
	cr_assert_eq(mkdir(path.buf, 0777), 0);
	list_tree(&tree_before);
	cr_assert_eq(emit_version_dir(root, "11", "SELECT 1;", &err), SD_ERR_IO);
	cr_assert(strstr(err.msg, "cannot write"), "%s", err.msg);
	list_tree(&tree_after);
	cr_assert_str_eq(tree_after.buf, tree_before.buf,
			 "the version folder was removed again");
	rmdir(path.buf);
	spec_free(root);
	strbuf_release(&path);
	strbuf_release(&tree_before);
	strbuf_release(&tree_after);
}

Test(versiondir, fresh_root)
{
	struct strbuf fresh = STRBUF_INIT, text = STRBUF_INIT;
	struct schema_root *root = NULL;
	struct sd_error err;

	strbuf_addf(&fresh, "%s/fresh", tmpdir);
	cr_assert_eq(spec_init(fresh.buf, "shop", "postgresql", &err), 0, "%s", err.msg);
	cr_assert_eq(spec_read(fresh.buf, &root, &err), 0, "%s", err.msg);
	spec_next_version(root, &text);
	cr_assert_str_eq(text.buf, "1");
	cr_assert_eq(emit_version_dir(root, text.buf, "CREATE TABLE t (id int);\n", &err), 0,
		     "%s", err.msg);
	spec_free(root);
	cr_assert_eq(spec_read(fresh.buf, &root, &err), 0, "%s", err.msg);
	cr_assert_str_eq(root->current_version, "1");
	cr_assert_eq(root->nversions, 1);
	cr_assert_str_eq(root->versions[0].path, "1");
	spec_free(root);
	strbuf_release(&fresh);
	strbuf_release(&text);
}
