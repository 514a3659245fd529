/*
 * tests/ops/test_ops_mysql.c: the engine's live operations against the
 * real MariaDB server of tests/harness/with-mariadb.sh, through
 * schemadiff.h: ops_apply() statement by statement (DDL is not
 * transactional there; then nothing left: idempotence), ops_migrate() with
 * the history row recording each statement's completion, and a failed
 * version that stops part way and says how far it got, then resumes.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "schemadiff.h"
#include "drivers/driver.h"
#include "tests/lib/mysql_testdb.h"
#include "tests/lib/ops_testlib.h"

#include "util/banned.h"

TestSuite(ops_mysql, .fini = mysql_testdb_drop_all, .timeout = 120);

Test(ops_mysql, apply_then_nothing_left)
{
	struct strbuf url = STRBUF_INIT, dir = STRBUF_INIT, desired = STRBUF_INIT;
	const char *paths[1];
	struct ops_apply_opts o = { 0 };
	struct ops_apply_result res;
	struct ops_diff_opts d = { 0 };
	struct ops_diff_result dr;
	struct ops_rec rec;
	struct sd_error err = { 0 };

	ops_mysql_db("apply", &url);
	ops_exec(url.buf, "CREATE TABLE t (id int PRIMARY KEY)");
	ops_tmp_dir(&dir);
	ops_write(dir.buf, "desired.sql",
		  "CREATE TABLE t (id int PRIMARY KEY, name varchar(40) NOT NULL DEFAULT 'x', KEY t_name (name));\n"
		  "CREATE TABLE u (id int PRIMARY KEY, t_id int, CONSTRAINT u_t FOREIGN KEY (t_id) REFERENCES t (id));\n");
	strbuf_addf(&desired, "%s/desired.sql", dir.buf);
	paths[0] = desired.buf;
	ops_rec_init(&rec);
	o.url = url.buf;
	o.desired = paths;
	o.ndesired = 1;
	o.lock_timeout_ms = 5000;
	o.events = ops_rec_events(&rec);
	cr_assert_eq(ops_apply(&o, &res, &err), 0, "%s\n%s", err.msg, err.hint);
	cr_expect(res.applied);
	cr_expect_geq(res.nchanges, 2);
	cr_expect(strstr(res.sql.buf, "CREATE TABLE"), "%s", res.sql.buf);
	ops_apply_result_release(&res);
	cr_expect_geq(ops_rec_find(&rec, OPS_EVENT_NOTE, "DDL is not transactional"), 0);
	cr_expect_geq(ops_rec_find(&rec, OPS_EVENT_SQL, NULL), 0);
	ops_rec_release(&rec);

	o.events.on_event = NULL;
	cr_assert_eq(ops_apply(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(res.no_changes, "still to do:\n%s", res.sql.buf);
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

Test(ops_mysql, migrate_records_progress_and_resumes)
{
	struct strbuf url = STRBUF_INIT, dir = STRBUF_INIT, root = STRBUF_INIT;
	const char *const versions[] = { "CREATE TABLE t (id int PRIMARY KEY);\n" };
	struct ops_migrate_opts o = { 0 };
	struct ops_migrate_result res;
	struct sd_conn *c = NULL;
	struct sd_history h = SD_HISTORY_INIT;
	struct sd_error err = { 0 };

	ops_mysql_db("migrate", &url);
	ops_tmp_dir(&dir);
	ops_make_root(dir.buf, "mysql", versions, 1, &root);
	/* version 2: three statements, the second fails the first time */
	ops_write(dir.buf, "desired.sql", "CREATE TABLE t (id int PRIMARY KEY);\nCREATE TABLE a (x int);\n");
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
	ops_write(root.buf, "2/revisions.sql",
		  "CREATE TABLE a (x int);\nINSERT INTO b VALUES (1);\nCREATE TABLE c (y int);\n");

	o.url = url.buf;
	o.schema_root = root.buf;
	o.lock_timeout_ms = 5000;
	cr_expect_neq(ops_migrate(&o, &res, &err), 0);
	cr_expect_eq(res.napplied, 1);
	cr_expect_str_eq(res.failed, "2");
	cr_expect(!res.failed_rolled_back);
	cr_expect_eq(res.failed_done, 1, "statement 1 completed and stays");
	cr_expect_eq(res.failed_from, 0);
	cr_expect_eq(err.line, 2);
	ops_migrate_result_release(&res);

	cr_assert_eq(sd_driver_connect(url.buf, &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c->drv->history_read(c, "app", &h, &err), 0, "%s", err.msg);
	cr_assert_eq(h.nrows, 2);
	cr_expect_str_eq(h.rows[1].version, "2");
	cr_expect_str_eq(h.rows[1].outcome, "failed");
	cr_expect_eq(h.rows[1].statements_done, 1);
	sd_history_release(&h);

	/* fix the cause; the run resumes at statement 2 (statement 1, whose
	 * table exists now, does not run again) */
	cr_assert_eq(c->drv->exec(c, "CREATE TABLE b (z int)", NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(ops_migrate(&o, &res, &err), 0, "%s", err.msg);
	cr_expect_eq(res.napplied, 1);
	cr_expect_str_eq(res.at, "2");
	ops_migrate_result_release(&res);
	cr_assert_eq(c->drv->history_read(c, "app", &h, &err), 0, "%s", err.msg);
	cr_assert_eq(h.nrows, 2);
	cr_expect_str_eq(h.rows[1].outcome, "applied");
	cr_expect_eq(h.rows[1].statements_done, 3);
	sd_history_release(&h);
	c->drv->close(c);

	ops_tmp_remove(dir.buf);
	strbuf_release(&url);
	strbuf_release(&dir);
	strbuf_release(&root);
}
