/*
 * tests/ops/test_ops_offline.c: the engine's operations that need no
 * server, called through schemadiff.h: ops_load() of SQL files, folders
 * and a schema root at a version; ops_plan() writing a version directory
 * (and refusing an existing version, and a dry run that writes nothing);
 * ops_diff() of two sets of files.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <string.h>

#include "schemadiff.h"
#include "diff/diff.h"
#include "tests/lib/ops_testlib.h"

#include "util/banned.h"

static const char *const v1 = "CREATE TABLE t (id int PRIMARY KEY);\n";
static const char *const v2 =
	"CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL);\n"
	"CREATE INDEX t_name ON t (name);\n";

Test(ops_load, files_folder_and_root_at_version)
{
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT, at1 = STRBUF_INIT;
	struct strbuf file = STRBUF_INIT;
	const char *const versions[] = { v1, v2 };
	struct ops_load_opts o = { 0 };
	struct ops_load_result res;
	struct sd_error err = { 0 };
	const struct sd_table *t;

	ops_tmp_dir(&dir);
	ops_make_root(dir.buf, "postgresql", versions, 2, &root);
	ops_write(dir.buf, "schema/a.sql", "CREATE TABLE a (x int);\n");
	ops_write(dir.buf, "schema/b.sql", "CREATE VIEW v AS SELECT x FROM a;\n");

	/* a folder and a root at version 1, at once */
	strbuf_addf(&file, "%s/schema", dir.buf);
	strbuf_addf(&at1, "%s@1", root.buf);
	o.sources[0] = file.buf;
	o.sources[1] = at1.buf;
	o.nsources = 2;
	o.dialect = OPS_DIALECT_AUTO;
	cr_assert_eq(ops_load(&o, &res, &err), 0, "%s", err.msg);
	cr_expect_eq(res.dialect, SQL_POSTGRES);
	cr_expect_null(res.conns[0]);
	cr_expect_null(res.conns[1]);
	cr_expect_not_null(catalog_find(res.catalogs[0], SD_TABLE, "public", "a"));
	cr_expect_not_null(catalog_find(res.catalogs[0], SD_VIEW, "public", "v"));
	t = catalog_find(res.catalogs[1], SD_TABLE, "public", "t");
	cr_assert_not_null(t, "version 1 has table t");
	cr_expect_eq(t->ncolumns, 1, "version 1 of t has one column");
	cr_expect_null(catalog_find(res.catalogs[1], SD_INDEX, "public", "t_name"));
	ops_load_result_release(&res);

	/* the root without a version: the latest */
	o.sources[0] = root.buf;
	o.nsources = 1;
	cr_assert_eq(ops_load(&o, &res, &err), 0, "%s", err.msg);
	t = catalog_find(res.catalogs[0], SD_TABLE, "public", "t");
	cr_assert_not_null(t);
	cr_expect_eq(t->ncolumns, 2);
	cr_expect_not_null(catalog_find(res.catalogs[0], SD_INDEX, "public", "t_name"));
	ops_load_result_release(&res);

	/* a version the root does not have */
	strbuf_reset(&at1);
	strbuf_addf(&at1, "%s@7", root.buf);
	o.sources[0] = at1.buf;
	cr_expect_neq(ops_load(&o, &res, &err), 0);
	cr_expect(strstr(err.msg, "version \"7\" is not in the version-history"),
		  "%s", err.msg);
	ops_load_result_release(&res);

	/* a syntax error: file, line and column */
	ops_write(dir.buf, "bad.sql", "CREATE TABLE ok (x int);\nCREATE TABEL t (x int);\n");
	strbuf_reset(&file);
	strbuf_addf(&file, "%s/bad.sql", dir.buf);
	o.sources[0] = file.buf;
	cr_expect_neq(ops_load(&o, &res, &err), 0);
	cr_expect_str_eq(err.file, file.buf);
	cr_expect_eq(err.line, 2);
	cr_expect_gt(err.col, 0);
	ops_load_result_release(&res);

	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
	strbuf_release(&at1);
	strbuf_release(&file);
}

Test(ops_plan, writes_a_version_dir_and_proves_it)
{
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT, desired = STRBUF_INIT;
	const char *const versions[] = { v1 };
	const char *paths[1];
	struct ops_plan_opts o = { 0 };
	struct ops_plan_result res;
	struct sd_error err = { 0 };
	struct schema_root *sr = NULL;

	ops_tmp_dir(&dir);
	ops_make_root(dir.buf, "postgresql", versions, 1, &root);
	ops_write(dir.buf, "desired.sql", v2);
	strbuf_addf(&desired, "%s/desired.sql", dir.buf);
	paths[0] = desired.buf;
	o.schema_root = root.buf;
	o.desired = paths;
	o.ndesired = 1;

	/* a dry run computes and proves, and writes nothing */
	o.dry_run = true;
	cr_assert_eq(ops_plan(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(res.proved);
	cr_expect(!res.written);
	cr_expect_str_eq(res.version, "2");
	cr_expect_str_eq(res.current, "1");
	cr_expect_eq(res.nchanges, 2, "add column, create index");
	cr_expect(strstr(res.sql.buf, "ADD COLUMN name text NOT NULL"), "%s", res.sql.buf);
	cr_expect(strstr(res.sql.buf, "CREATE INDEX t_name"), "%s", res.sql.buf);
	cr_expect(!ops_exists(root.buf, "2"));
	ops_plan_result_release(&res);

	o.dry_run = false;
	cr_assert_eq(ops_plan(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(res.written);
	cr_expect(ops_exists(root.buf, "2/revisions.sql"));
	cr_expect(ops_exists(root.buf, "2/version.json"));
	ops_plan_result_release(&res);
	cr_assert_eq(spec_read(root.buf, &sr, &err), 0, "%s", err.msg);
	cr_expect_eq(sr->nversions, 2);
	cr_expect_str_eq(sr->current_version, "2");
	spec_free(sr);

	/* again: nothing to do */
	cr_assert_eq(ops_plan(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(res.no_changes);
	cr_expect(!res.written);
	ops_plan_result_release(&res);

	/* an existing version is refused, nothing written */
	ops_write(dir.buf, "desired.sql", "CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL, x int);\n");
	o.version = "2";
	cr_expect_neq(ops_plan(&o, &res, &err), 0);
	cr_expect(strstr(err.msg, "version \"2\" already exists"), "%s", err.msg);
	cr_expect(!res.written);
	ops_plan_result_release(&res);

	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
	strbuf_release(&desired);
}

Test(ops_diff, two_file_sources)
{
	struct strbuf dir = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	struct ops_diff_opts o = { 0 };
	struct ops_diff_result res;
	struct sd_error err = { 0 };

	ops_tmp_dir(&dir);
	ops_write(dir.buf, "a.sql", v1);
	ops_write(dir.buf, "b.sql", v2);
	strbuf_addf(&a, "%s/a.sql", dir.buf);
	strbuf_addf(&b, "%s/b.sql", dir.buf);
	o.from = a.buf;
	o.to = b.buf;
	o.dialect = OPS_DIALECT_AUTO;
	cr_assert_eq(ops_diff(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(res.differs);
	cr_expect_eq(res.changes->nchanges, 2);
	cr_expect(strstr(res.sql.buf, "ALTER TABLE"), "%s", res.sql.buf);
	ops_diff_result_release(&res);

	o.to = a.buf;
	cr_assert_eq(ops_diff(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(!res.differs);
	cr_expect_eq(res.sql.len, 0);
	ops_diff_result_release(&res);

	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&a);
	strbuf_release(&b);
}

Test(ops_events, stage_warnings_come_as_events)
{
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT, vj = STRBUF_INIT;
	struct strbuf text = STRBUF_INIT, desired = STRBUF_INIT;
	const char *const versions[] = { v1 };
	const char *paths[1];
	struct ops_plan_opts o = { 0 };
	struct ops_plan_result res;
	struct ops_rec rec;
	struct sd_error err = { 0 };
	char *key;
	int i;

	ops_tmp_dir(&dir);
	ops_make_root(dir.buf, "postgresql", versions, 1, &root);
	/* the spec's examples spell "source" as "command": read, with a
	 * warning that names the file */
	strbuf_addf(&vj, "%s/1/version.json", root.buf);
	cr_assert_eq(strbuf_read_file(&text, vj.buf), 0);
	key = strstr(text.buf, "\"source\"");
	cr_assert_not_null(key, "%s", text.buf);
	strbuf_reset(&vj);
	strbuf_add(&vj, text.buf, (size_t)(key - text.buf));
	strbuf_addf(&vj, "\"command\"%s", key + strlen("\"source\""));
	ops_write(root.buf, "1/version.json", vj.buf);

	ops_write(dir.buf, "desired.sql", v2);
	strbuf_addf(&desired, "%s/desired.sql", dir.buf);
	paths[0] = desired.buf;
	ops_rec_init(&rec);
	o.schema_root = root.buf;
	o.desired = paths;
	o.ndesired = 1;
	o.dry_run = true;
	o.events = ops_rec_events(&rec);
	cr_assert_eq(ops_plan(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(res.proved);
	ops_plan_result_release(&res);
	i = ops_rec_find(&rec, OPS_EVENT_WARNING, "$.command: read \"command\" as \"source\"");
	cr_assert_geq(i, 0, "no warning event (%zu events)", rec.n);
	cr_expect(strstr(rec.messages[i], "1/version.json: $.command"), "%s",
		  rec.messages[i]);
	ops_rec_release(&rec);

	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
	strbuf_release(&vj);
	strbuf_release(&text);
	strbuf_release(&desired);
}

/* Issue #14: SIGINT or SIGTERM while a plan runs (ops_cancel() from the
 * handler) writes no version, and says so; the schema root is as before.
 * (Criterion runs each test in a process of its own: the flag stays
 * here.) */
Test(ops_plan, cancelled_writes_nothing)
{
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT, desired = STRBUF_INIT;
	const char *const versions[] = { v1 };
	const char *paths[1];
	struct ops_plan_opts o = { 0 };
	struct ops_plan_result res;
	struct sd_error err = { 0 };
	struct schema_root *sr = NULL;

	ops_tmp_dir(&dir);
	ops_make_root(dir.buf, "postgresql", versions, 1, &root);
	ops_write(dir.buf, "desired.sql", v2);
	strbuf_addf(&desired, "%s/desired.sql", dir.buf);
	paths[0] = desired.buf;
	o.schema_root = root.buf;
	o.desired = paths;
	o.ndesired = 1;
	o.verify = OPS_VERIFY_OFF;

	ops_cancel(SIGINT);
	cr_expect_eq(ops_plan(&o, &res, &err), SD_ERR_CANCELLED);
	cr_expect(strstr(err.msg, "interrupted by SIGINT: no version was written"),
		  "%s", err.msg);
	cr_expect(!res.written);
	cr_expect(!ops_exists(root.buf, "2"));
	ops_plan_result_release(&res);
	cr_assert_eq(spec_read(root.buf, &sr, &err), 0, "%s", err.msg);
	cr_expect_eq(sr->nversions, 1);
	cr_expect_str_eq(sr->current_version, "1");
	spec_free(sr);

	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
	strbuf_release(&desired);
}
