/*
 * tests/ops/test_ops_pg.c: the engine's live operations against the real
 * PostgreSQL server of tests/harness/with-pg.sh, called through
 * schemadiff.h and checked on their result structs (and on the database
 * itself): ops_load() of a URL, ops_inspect(), ops_diff() with one side
 * live, ops_apply() (then nothing left to do: idempotence; destructive
 * changes refused), ops_migrate() (the history table it records; a failed
 * version rolled back), ops_status(), ops_drift() of a clean and a drifted
 * database, and the progress events an operation sends.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "schemadiff.h"
#include "diff/diff.h"
#include "drivers/driver.h"
#include "tests/lib/ops_testlib.h"
#include "tests/lib/pg_testdb.h"

#include "util/banned.h"

TestSuite(ops_pg, .fini = testdb_drop_all, .timeout = 120);

static const char *const v1 = "CREATE TABLE t (id int PRIMARY KEY);\n";
static const char *const v2 =
	"CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL DEFAULT 'x');\n"
	"CREATE INDEX t_name ON t (name);\n";

/* The history rows of schema "app" at url. */
static void read_history(const char *url, struct sd_history *h)
{
	struct sd_conn *c = NULL;
	struct sd_error err = { 0 };

	cr_assert_eq(sd_driver_connect(url, &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c->drv->history_read(c, "app", h, &err), 0, "%s", err.msg);
	c->drv->close(c);
}

Test(ops_pg, load_url_and_inspect)
{
	struct strbuf url = STRBUF_INIT;
	struct ops_load_opts lo = { 0 };
	struct ops_load_result lr;
	struct ops_inspect_opts io = { 0 };
	struct ops_inspect_result ir;
	struct sd_error err = { 0 };
	const struct sd_table *t;

	ops_pg_db("load", &url);
	ops_exec(url.buf, "CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL)");
	lo.sources[0] = url.buf;
	lo.nsources = 1;
	lo.dialect = OPS_DIALECT_AUTO;
	cr_assert_eq(ops_load(&lo, &lr, &err), 0, "%s", err.msg);
	cr_expect_not_null(lr.conns[0], "a database source keeps its connection");
	t = catalog_find(lr.catalogs[0], SD_TABLE, "public", "people");
	cr_assert_not_null(t);
	cr_expect_eq(t->ncolumns, 2);
	ops_load_result_release(&lr);

	io.url = url.buf;
	cr_assert_eq(ops_inspect(&io, &ir, &err), 0, "%s", err.msg);
	cr_expect_not_null(catalog_find(ir.live, SD_TABLE, "public", "people"));
	cr_expect(strstr(ir.sql.buf, "CREATE TABLE public.people"), "%s", ir.sql.buf);
	cr_expect_eq(ir.nfiles, 0);
	ops_inspect_result_release(&ir);
	strbuf_release(&url);
}

Test(ops_pg, inspect_out_dir)
{
	struct strbuf url = STRBUF_INIT, dir = STRBUF_INIT, out = STRBUF_INIT;
	struct ops_inspect_opts io = { 0 };
	struct ops_inspect_result ir;
	struct sd_error err = { 0 };

	ops_pg_db("inspectdir", &url);
	ops_exec(url.buf, "CREATE SCHEMA billing; CREATE TABLE billing.inv (id int); CREATE TABLE t (x int)");
	ops_tmp_dir(&dir);
	strbuf_addf(&out, "%s/out", dir.buf);
	io.url = url.buf;
	io.out_dir = out.buf;
	cr_assert_eq(ops_inspect(&io, &ir, &err), 0, "%s", err.msg);
	cr_expect_eq(ir.nfiles, 2);
	cr_expect(ops_exists(out.buf, "billing.sql"));
	cr_expect(ops_exists(out.buf, "public.sql"));
	ops_inspect_result_release(&ir);
	/* a folder that is not empty is refused before anything is read */
	cr_expect_neq(ops_inspect(&io, &ir, &err), 0);
	cr_expect(strstr(err.msg, "exists and is not empty"), "%s", err.msg);
	ops_inspect_result_release(&ir);
	ops_tmp_remove(dir.buf);
	strbuf_release(&url);
	strbuf_release(&dir);
	strbuf_release(&out);
}

Test(ops_pg, apply_then_nothing_left)
{
	struct strbuf url = STRBUF_INIT, dir = STRBUF_INIT, desired = STRBUF_INIT;
	const char *paths[1];
	struct ops_apply_opts o = { 0 };
	struct ops_apply_result res;
	struct ops_diff_opts d = { 0 };
	struct ops_diff_result dr;
	struct sd_error err = { 0 };

	ops_pg_db("apply", &url);
	ops_exec(url.buf, "CREATE TABLE t (id int PRIMARY KEY, old int)");
	ops_tmp_dir(&dir);
	ops_write(dir.buf, "desired.sql", v2);
	strbuf_addf(&desired, "%s/desired.sql", dir.buf);
	paths[0] = desired.buf;
	o.url = url.buf;
	o.desired = paths;
	o.ndesired = 1;
	o.lock_timeout_ms = 5000;

	/* dropping column old is destructive: refused, nothing changed */
	cr_assert_neq(ops_apply(&o, &res, &err), 0);
	cr_expect_eq(res.nrefused, 1);
	cr_expect(strstr(res.refused.buf, "old"), "%s", res.refused.buf);
	cr_expect(!res.applied);
	ops_apply_result_release(&res);

	/* a dry run changes nothing either */
	o.allow_destructive = true;
	o.dry_run = true;
	cr_assert_eq(ops_apply(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(!res.applied);
	cr_expect_eq(res.nchanges, 3, "drop old, add name, create index");
	ops_apply_result_release(&res);

	o.dry_run = false;
	cr_assert_eq(ops_apply(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(res.applied);
	cr_expect_eq(res.nchanges, 3);
	cr_expect(strstr(res.sql.buf, "DROP COLUMN old"), "%s", res.sql.buf);
	ops_apply_result_release(&res);

	/* idempotence: nothing left, by apply and by diff */
	cr_assert_eq(ops_apply(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(res.no_changes);
	cr_expect(!res.applied);
	ops_apply_result_release(&res);
	d.from = url.buf;
	d.to = desired.buf;
	d.dialect = OPS_DIALECT_AUTO;
	cr_assert_eq(ops_diff(&d, &dr, &err), 0, "%s", err.msg);
	cr_expect(!dr.differs, "still differs:\n%s", dr.sql.buf);
	ops_diff_result_release(&dr);

	ops_tmp_remove(dir.buf);
	strbuf_release(&url);
	strbuf_release(&dir);
	strbuf_release(&desired);
}

Test(ops_pg, diff_live_against_files)
{
	struct strbuf url = STRBUF_INIT, dir = STRBUF_INIT, file = STRBUF_INIT;
	struct ops_diff_opts d = { 0 };
	struct ops_diff_result dr;
	struct sd_error err = { 0 };

	ops_pg_db("diff", &url);
	/* the server's form ('x'::text, = ANY (ARRAY[...])) against ours */
	ops_exec(url.buf, "CREATE TABLE t (id int PRIMARY KEY, s text DEFAULT 'x' CHECK (s IN ('x', 'y')))");
	ops_tmp_dir(&dir);
	ops_write(dir.buf, "same.sql", "CREATE TABLE t (id int PRIMARY KEY, s text DEFAULT 'x' CHECK (s IN ('x', 'y')));\n");
	strbuf_addf(&file, "%s/same.sql", dir.buf);
	d.from = url.buf;
	d.to = file.buf;
	d.dialect = OPS_DIALECT_AUTO;
	cr_assert_eq(ops_diff(&d, &dr, &err), 0, "%s", err.msg);
	cr_expect(!dr.differs, "perpetual diff:\n%s", dr.sql.buf);
	ops_diff_result_release(&dr);

	ops_write(dir.buf, "more.sql", "CREATE TABLE t (id int PRIMARY KEY, s text DEFAULT 'x' CHECK (s IN ('x', 'y')), n int);\n");
	strbuf_reset(&file);
	strbuf_addf(&file, "%s/more.sql", dir.buf);
	d.to = file.buf;
	cr_assert_eq(ops_diff(&d, &dr, &err), 0, "%s", err.msg);
	cr_expect(dr.differs);
	cr_expect_eq(dr.changes->nchanges, 1);
	cr_expect(strstr(dr.sql.buf, "ADD COLUMN n integer"), "%s", dr.sql.buf);
	ops_diff_result_release(&dr);

	ops_tmp_remove(dir.buf);
	strbuf_release(&url);
	strbuf_release(&dir);
	strbuf_release(&file);
}

Test(ops_pg, migrate_records_history_and_status)
{
	struct strbuf url = STRBUF_INIT, dir = STRBUF_INIT, root = STRBUF_INIT;
	const char *const versions[] = { v1, v2 };
	struct ops_migrate_opts o = { 0 };
	struct ops_migrate_result res;
	struct ops_status_opts so = { 0 };
	struct ops_status_result sr;
	struct sd_history h = SD_HISTORY_INIT;
	struct sd_error err = { 0 };

	ops_pg_db("migrate", &url);
	ops_tmp_dir(&dir);
	ops_make_root(dir.buf, "postgresql", versions, 2, &root);

	/* status before: nothing applied, two pending */
	so.url = url.buf;
	so.schema_root = root.buf;
	cr_assert_eq(ops_status(&so, &sr, &err), 0, "%s", err.msg);
	cr_expect(!sr.history.exists);
	cr_expect_null(sr.plan.current);
	cr_expect_eq(sr.plan.npending, 2);
	cr_expect(!sr.untracked);
	cr_expect_str_eq(sr.root->name, "app");
	cr_expect(strstr(sr.server.buf, "PostgreSQL"), "%s", sr.server.buf);
	ops_status_result_release(&sr);

	/* a dry run to version 1: the plan, no history table */
	o.url = url.buf;
	o.schema_root = root.buf;
	o.lock_timeout_ms = 5000;
	o.to = "1";
	o.dry_run = true;
	cr_assert_eq(ops_migrate(&o, &res, &err), 0, "%s", err.msg);
	cr_assert_eq(res.nversions, 1);
	cr_expect_str_eq(res.versions[0].version, "1");
	cr_assert_eq(res.versions[0].nfiles, 1);
	cr_expect_eq(res.versions[0].files[0].nstmts, 1);
	cr_expect(strstr(res.versions[0].files[0].stmts[0], "CREATE TABLE"),
		  "%s", res.versions[0].files[0].stmts[0]);
	cr_expect_eq(res.napplied, 0);
	ops_migrate_result_release(&res);
	read_history(url.buf, &h);
	cr_expect(!h.exists, "a dry run creates no history table");
	sd_history_release(&h);

	/* run everything */
	o.to = NULL;
	o.dry_run = false;
	cr_assert_eq(ops_migrate(&o, &res, &err), 0, "%s", err.msg);
	cr_expect_eq(res.napplied, 2);
	cr_expect_null(res.current);
	cr_expect_str_eq(res.at, "2");
	ops_migrate_result_release(&res);
	read_history(url.buf, &h);
	cr_assert(h.exists);
	cr_assert_eq(h.nrows, 2);
	cr_expect_str_eq(h.rows[0].version, "1");
	cr_expect_str_eq(h.rows[1].version, "2");
	cr_expect_str_eq(h.rows[1].outcome, "applied");
	cr_expect_str_eq(h.rows[1].tool_version, SCHEMADIFF_VERSION);
	cr_expect_eq(strlen(h.rows[1].checksum), 64);
	sd_history_release(&h);

	/* again: nothing to do */
	cr_assert_eq(ops_migrate(&o, &res, &err), 0, "%s", err.msg);
	cr_expect_eq(res.napplied, 0);
	cr_expect_eq(res.nversions, 0);
	cr_expect_str_eq(res.current, "2");
	ops_migrate_result_release(&res);

	/* status after: up to date */
	cr_assert_eq(ops_status(&so, &sr, &err), 0, "%s", err.msg);
	cr_expect(sr.history.exists);
	cr_expect_str_eq(sr.plan.current, "2");
	cr_expect_eq(sr.plan.npending, 0);
	cr_expect_eq(sr.plan.nmismatch, 0);
	ops_status_result_release(&sr);

	/* a version changed after it was applied: a mismatch, nothing runs */
	ops_write(root.buf, "1/revisions.sql", "CREATE TABLE t (id bigint PRIMARY KEY);\n");
	cr_assert_eq(ops_status(&so, &sr, &err), 0, "%s", err.msg);
	cr_expect_eq(sr.plan.nmismatch, 1);
	ops_status_result_release(&sr);
	cr_expect_neq(ops_migrate(&o, &res, &err), 0);
	cr_assert_eq(res.nmismatches, 1);
	cr_expect_str_eq(res.mismatches[0].version, "1");
	cr_expect(strstr(res.mismatches[0].files, "revisions.sql"), "%s",
		  res.mismatches[0].files);
	ops_migrate_result_release(&res);

	ops_tmp_remove(dir.buf);
	strbuf_release(&url);
	strbuf_release(&dir);
	strbuf_release(&root);
}

Test(ops_pg, migrate_failed_version_rolls_back)
{
	struct strbuf url = STRBUF_INIT, dir = STRBUF_INIT, root = STRBUF_INIT;
	const char *const versions[] = { v1 };
	struct ops_migrate_opts o = { 0 };
	struct ops_migrate_result res;
	struct sd_history h = SD_HISTORY_INIT;
	struct sd_error err = { 0 };

	ops_pg_db("migfail", &url);
	ops_tmp_dir(&dir);
	ops_make_root(dir.buf, "postgresql", versions, 1, &root);
	/* version 2 by hand: its second statement fails */
	ops_write(dir.buf, "desired.sql", "CREATE TABLE t (id int PRIMARY KEY);\nCREATE TABLE u (x int);\n");
	{
		struct ops_plan_opts po = { 0 };
		struct ops_plan_result pr;
		struct strbuf d = STRBUF_INIT;
		const char *paths[1];

		strbuf_addf(&d, "%s/desired.sql", dir.buf);
		paths[0] = d.buf;
		po.schema_root = root.buf;
		po.desired = paths;
		po.ndesired = 1;
		cr_assert_eq(ops_plan(&po, &pr, &err), 0, "%s", err.msg);
		ops_plan_result_release(&pr);
		strbuf_release(&d);
	}
	ops_write(root.buf, "2/revisions.sql", "CREATE TABLE u (x int);\nINSERT INTO nowhere VALUES (1);\n");

	o.url = url.buf;
	o.schema_root = root.buf;
	o.lock_timeout_ms = 5000;
	cr_expect_neq(ops_migrate(&o, &res, &err), 0);
	cr_expect_eq(res.napplied, 1);
	cr_expect_str_eq(res.failed, "2");
	cr_expect(res.failed_rolled_back);
	cr_expect_str_eq(res.at, "1");
	cr_expect(strstr(err.file, "2/revisions.sql"), "%s", err.file);
	cr_expect_eq(err.line, 2);
	cr_expect(strstr(err.msg, "nowhere"), "%s", err.msg);
	ops_migrate_result_release(&res);
	read_history(url.buf, &h);
	cr_expect_eq(h.nrows, 1, "only version 1 is recorded");
	sd_history_release(&h);

	ops_tmp_remove(dir.buf);
	strbuf_release(&url);
	strbuf_release(&dir);
	strbuf_release(&root);
}

Test(ops_pg, drift_clean_and_drifted)
{
	struct strbuf clean = STRBUF_INIT, drifted = STRBUF_INIT;
	struct strbuf fresh = STRBUF_INIT, dir = STRBUF_INIT, root = STRBUF_INIT;
	const char *const versions[] = { v1, v2 };
	const char *urls[3];
	struct ops_migrate_opts mo = { 0 };
	struct ops_migrate_result mr;
	struct ops_drift_opts o = { 0 };
	struct ops_drift_result res;
	struct sd_error err = { 0 };
	const struct drift_target *t;
	bool saw_column = false;

	ops_pg_db("driftclean", &clean);
	ops_pg_db("driftdrifted", &drifted);
	ops_pg_db("driftfresh", &fresh);
	ops_tmp_dir(&dir);
	ops_make_root(dir.buf, "postgresql", versions, 2, &root);
	mo.schema_root = root.buf;
	mo.lock_timeout_ms = 5000;
	mo.url = clean.buf;
	cr_assert_eq(ops_migrate(&mo, &mr, &err), 0, "%s", err.msg);
	ops_migrate_result_release(&mr);
	mo.url = drifted.buf;
	cr_assert_eq(ops_migrate(&mo, &mr, &err), 0, "%s", err.msg);
	ops_migrate_result_release(&mr);
	ops_exec(drifted.buf, "ALTER TABLE t ADD COLUMN extra int; DROP INDEX t_name");

	urls[0] = clean.buf;
	urls[1] = drifted.buf;
	urls[2] = fresh.buf;
	o.schema_root = root.buf;
	o.urls = urls;
	o.nurls = 3;
	o.jobs = 2;
	cr_assert_eq(ops_drift(&o, &res, &err), 0, "%s", err.msg);
	cr_assert_eq(res.ntargets, 3);
	cr_expect_eq(res.counts.targets, 3);
	cr_expect_eq(res.counts.drifted, 2, "the drifted one and the one without history");
	cr_expect_eq(res.counts.errors, 0);

	t = &res.targets[0];
	cr_expect_null(t->error, "%s", t->error);
	cr_expect_str_eq(t->version, "2");
	cr_expect_eq(t->nobjects, 0);
	cr_expect(!drift_target_drifted(t));
	cr_expect_gt(t->nmatching, 0);

	t = &res.targets[1];
	cr_expect_null(t->error, "%s", t->error);
	cr_expect(drift_target_drifted(t));
	cr_assert_eq(t->nobjects, 2, "table t different, index t_name missing");
	for (size_t i = 0; i < t->nobjects; i++) {
		const struct drift_object *ob = &t->objects[i];
		if (!strcmp(ob->kind, "index")) {
			cr_expect_eq(ob->status, DRIFT_MISSING);
			cr_expect_str_eq(ob->name, "t_name");
			cr_expect(strstr(ob->sql, "CREATE INDEX t_name"), "%s", ob->sql);
		} else {
			cr_expect_str_eq(ob->kind, "table");
			cr_expect_eq(ob->status, DRIFT_DIFFERENT);
			for (size_t j = 0; j < ob->ndetails; j++)
				if (strstr(ob->details[j], "column extra"))
					saw_column = true;
		}
	}
	cr_expect(saw_column, "the unexpected column is named");

	t = &res.targets[2];
	cr_expect(t->no_history);
	cr_expect_null(t->version);
	ops_drift_result_release(&res);

	ops_tmp_remove(dir.buf);
	strbuf_release(&clean);
	strbuf_release(&drifted);
	strbuf_release(&fresh);
	strbuf_release(&dir);
	strbuf_release(&root);
}

Test(ops_pg, events_report_progress)
{
	struct strbuf url = STRBUF_INIT, dir = STRBUF_INIT, root = STRBUF_INIT;
	const char *const versions[] = { v1, v2 };
	struct ops_migrate_opts o = { 0 };
	struct ops_migrate_result res;
	struct ops_rec rec;
	struct sd_conn *holder = NULL;
	struct sd_error err = { 0 };
	int i1, i2, done;

	ops_pg_db("events", &url);
	ops_tmp_dir(&dir);
	ops_make_root(dir.buf, "postgresql", versions, 2, &root);
	ops_rec_init(&rec);
	o.url = url.buf;
	o.schema_root = root.buf;
	o.events = ops_rec_events(&rec);

	/* another run holds the lock: migrate says it waits, then times out */
	cr_assert_eq(sd_driver_connect(url.buf, &holder, &err), 0, "%s", err.msg);
	cr_assert_eq(holder->drv->lock(holder, "app", 0, &err), 0, "%s", err.msg);
	o.lock_timeout_ms = 300;
	cr_expect_neq(ops_migrate(&o, &res, &err), 0);
	cr_expect_eq(err.code, SD_ERR_CONFLICT, "%s", err.msg);
	ops_migrate_result_release(&res);
	cr_expect_geq(ops_rec_find(&rec, OPS_EVENT_LOCK_WAIT, "waiting for the lock of schema \"app\""), 0);
	holder->drv->close(holder);

	/* free: one event per version, in order, then where it is */
	o.lock_timeout_ms = 5000;
	cr_assert_eq(ops_migrate(&o, &res, &err), 0, "%s", err.msg);
	ops_migrate_result_release(&res);
	i1 = ops_rec_find(&rec, OPS_EVENT_VERSION_APPLIED, "applied version 1 (1 statement,");
	i2 = ops_rec_find(&rec, OPS_EVENT_VERSION_APPLIED, "applied version 2 (2 statements,");
	done = ops_rec_find(&rec, OPS_EVENT_PROGRESS, "the database is at version 2");
	cr_assert_geq(i1, 0);
	cr_assert_geq(i2, 0);
	cr_expect_lt(i1, i2);
	cr_expect_lt(i2, done);
	cr_expect_str_eq(rec.versions[i2], "2");
	ops_rec_release(&rec);

	ops_tmp_remove(dir.buf);
	strbuf_release(&url);
	strbuf_release(&dir);
	strbuf_release(&root);
}
