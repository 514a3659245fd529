/*
 * tests/ops/test_ops_fleet.c: ops_fleet() over a project on the real
 * PostgreSQL server of tests/harness/with-pg.sh: three roots (billing on
 * three databases; core and app sharing one) whose versions require each
 * other's, run in
 * one order that honours every requires (checked on the order and on the
 * sequence of VERSION_APPLIED events), a rerun that changes nothing, a
 * database that cannot be reached (the others go on with keep_going, the
 * root that requires it is blocked), and a cycle refused before anything
 * runs.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "schemadiff.h"
#include "tests/lib/ops_testlib.h"
#include "tests/lib/pg_testdb.h"
#include "util/banned.h"

TestSuite(ops_fleet, .fini = testdb_drop_all, .timeout = 180);

/* root NAME at dir/db/NAME with versions 1..n of sql[i], version i
 * requiring req[i] (a JSON object text, or NULL) */
static void root(const char *dir, const char *name, const char *const *sql,
		 const char *const *req, size_t n)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, hist = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&path);
		strbuf_reset(&text);
		strbuf_addf(&path, "db/%s/%zu/revisions.sql", name, i + 1);
		ops_write(dir, path.buf, sql[i]);
		strbuf_reset(&path);
		strbuf_addf(&path, "db/%s/%zu/version.json", name, i + 1);
		strbuf_addf(&text, "{\"db-schema-spec\": \"1.1\", \"schema\": \"%s\", \"version\": \"%zu\", \"source\": [\"revisions.sql\"]%s%s}\n",
			    name, i + 1, req[i] ? ", \"requires\": " : "",
			    req[i] ? req[i] : "");
		ops_write(dir, path.buf, text.buf);
		strbuf_addf(&hist, "%s\"%zu\": \"%zu\"", i ? ", " : "", i + 1, i + 1);
	}
	strbuf_reset(&path);
	strbuf_reset(&text);
	strbuf_addf(&path, "db/%s/schema.json", name);
	strbuf_addf(&text, "{\"db-schema-spec\": \"1.1\", \"name\": \"%s\", \"system-type\": \"postgresql\", \"current-version\": \"%zu\", \"version-history\": {%s}}\n",
		    name, n, hist.buf);
	ops_write(dir, path.buf, text.buf);
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&hist);
}

/* The project: app (1 requires billing 2), billing on b[0..2] (2 requires
 * core 1), core; read into *p. */
static void project(const char *dir, const char *const *b, const char *core,
		    const char *app, struct sd_project **p)
{
	static const char *const bsql[] = { "CREATE TABLE inv (id int);", "ALTER TABLE inv ADD COLUMN paid int;" };
	static const char *const breq[] = { NULL, "{\"core\": \"1\"}" };
	static const char *const csql[] = { "CREATE TABLE users (id int);", "CREATE TABLE teams (id int);" };
	static const char *const creq[] = { NULL, NULL };
	static const char *const asql[] = { "CREATE TABLE pages (id int);" };
	static const char *const areq[] = { "{\"billing\": \"2\"}" };
	struct strbuf text = STRBUF_INIT, file = STRBUF_INIT;
	struct sd_error err = { 0 };

	root(dir, "billing", bsql, breq, 2);
	root(dir, "core", csql, creq, 2);
	root(dir, "app", asql, areq, 1);
	strbuf_addf(&text, "{\"schemadiff-project\": 1,\n"
		    " \"roots\": {\"app\": {\"path\": \"db/app\"}, \"billing\": {\"path\": \"db/billing\"}, \"core\": {\"path\": \"db/core\"}},\n"
		    " \"environments\": {\"test\": {\"app\": \"%s\", \"billing\": [\"%s\", \"%s\", \"%s\"], \"core\": \"%s\"}}}\n",
		    app, b[0], b[1], b[2], core);
	ops_write(dir, "schemadiff.json", text.buf);
	strbuf_addf(&file, "%s/schemadiff.json", dir);
	cr_assert_eq(project_read(file.buf, p, &err), 0, "%s", err.msg);
	strbuf_release(&text);
	strbuf_release(&file);
}

/* "root version" of each VERSION_APPLIED event, consecutive repeats
 * collapsed, joined with ", " */
static void applied_sequence(const struct ops_rec *rec, struct strbuf *out)
{
	char last[128] = "";

	for (size_t i = 0; i < rec->n; i++) {
		char cur[128];
		const char *sp;

		if (rec->kinds[i] != OPS_EVENT_VERSION_APPLIED)
			continue;
		sp = strchr(rec->messages[i], ' ');
		snprintf(cur, sizeof(cur), "%.*s %s",
			 (int)(sp - rec->messages[i]), rec->messages[i],
			 rec->versions[i]);
		if (!strcmp(cur, last))
			continue;
		strbuf_addf(out, "%s%s", out->len ? ", " : "", cur);
		snprintf(last, sizeof(last), "%s", cur);
	}
}

Test(ops_fleet, migrate_in_dependency_order_then_nothing)
{
	struct strbuf dir = STRBUF_INIT, b[3] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT },
		      core = STRBUF_INIT, app = STRBUF_INIT, seq = STRBUF_INIT,
		      order = STRBUF_INIT;
	const char *bu[3];
	struct sd_project *p = NULL;
	struct ops_fleet_opts o = { 0 };
	struct ops_fleet_result r = { 0 };
	struct sd_error err = { 0 };
	struct ops_rec rec;

	ops_pg_db("fleet_b1", &b[0]);
	ops_pg_db("fleet_b2", &b[1]);
	ops_pg_db("fleet_b3", &b[2]);
	for (int i = 0; i < 3; i++)
		bu[i] = b[i].buf;
	/* core and app share a database (pg_testdb holds four per test):
	 * the history keeps each root's versions apart */
	ops_pg_db("fleet_core", &core);
	strbuf_addstr(&app, core.buf);
	ops_tmp_dir(&dir);
	project(dir.buf, bu, core.buf, app.buf, &p);

	ops_rec_init(&rec);
	o.project = p;
	o.env = "test";
	o.action = OPS_FLEET_MIGRATE;
	o.jobs = 3;
	o.events = ops_rec_events(&rec);
	cr_assert_eq(ops_fleet(&o, &r, &err), 0, "%s", err.msg);
	for (size_t i = 0; i < r.norder; i++)
		strbuf_addf(&order, "%s%s %s", i ? ", " : "", r.order[i].root,
			    r.order[i].version);
	cr_expect_str_eq(order.buf, "billing 1, core 1, billing 2, app 1, core 2");
	applied_sequence(&rec, &seq);
	cr_expect_str_eq(seq.buf, order.buf);
	cr_assert_eq(r.ntargets, 5);
	cr_expect_eq(r.counts[OPS_FLEET_DONE], 5);
	for (size_t i = 0; i < r.ntargets; i++) {
		cr_expect_str_eq(r.targets[i].after, r.targets[i].latest, "%s %s",
				 r.targets[i].root, r.targets[i].url);
		cr_expect_null(r.targets[i].before);
	}
	cr_expect_eq(r.targets[1].applied, 2, "billing's first database got both versions");
	ops_fleet_result_release(&r);
	ops_rec_release(&rec);

	/* again: every database is up to date, nothing applied */
	ops_rec_init(&rec);
	o.events = ops_rec_events(&rec);
	cr_assert_eq(ops_fleet(&o, &r, &err), 0, "%s", err.msg);
	cr_expect_eq(r.counts[OPS_FLEET_UP_TO_DATE], 5);
	cr_expect_eq(ops_rec_find(&rec, OPS_EVENT_VERSION_APPLIED, NULL), -1);
	ops_fleet_result_release(&r);
	ops_rec_release(&rec);

	/* status: each database's version */
	o.action = OPS_FLEET_STATUS;
	o.events.on_event = NULL;
	cr_assert_eq(ops_fleet(&o, &r, &err), 0, "%s", err.msg);
	cr_expect_eq(r.counts[OPS_FLEET_UP_TO_DATE], 5);
	cr_expect_str_eq(r.targets[0].after, "1");
	ops_fleet_result_release(&r);

	project_free(p);
	ops_tmp_remove(dir.buf);
	for (int i = 0; i < 3; i++)
		strbuf_release(&b[i]);
	strbuf_release(&core);
	strbuf_release(&app);
	strbuf_release(&dir);
	strbuf_release(&seq);
	strbuf_release(&order);
}

Test(ops_fleet, unreachable_shard_keep_going_blocks_dependents)
{
	struct strbuf dir = STRBUF_INIT, b[2] = { STRBUF_INIT, STRBUF_INIT },
		      core = STRBUF_INIT, app = STRBUF_INIT;
	const char *bu[3];
	struct sd_project *p = NULL;
	struct ops_fleet_opts o = { 0 };
	struct ops_fleet_result r = { 0 };
	struct sd_error err = { 0 };

	ops_pg_db("fleet_b1", &b[0]);
	ops_pg_db("fleet_b3", &b[1]);
	ops_pg_db("fleet_core", &core);
	strbuf_addstr(&app, core.buf);
	bu[0] = b[0].buf;
	bu[1] = "postgresql://postgres@127.0.0.1:9/down";	/* discard: closed */
	bu[2] = b[1].buf;
	ops_tmp_dir(&dir);
	project(dir.buf, bu, core.buf, app.buf, &p);
	o.project = p;
	o.env = "test";
	o.action = OPS_FLEET_MIGRATE;
	o.jobs = 2;
	o.keep_going = true;
	cr_assert_eq(ops_fleet(&o, &r, &err), 0, "%s", err.msg);
	/* targets: app, billing x3, core */
	cr_expect_eq(r.targets[2].state, OPS_FLEET_FAILED);
	cr_expect_not_null(r.targets[2].error);
	cr_expect_eq(r.targets[1].state, OPS_FLEET_DONE);
	cr_expect_eq(r.targets[3].state, OPS_FLEET_DONE);
	cr_expect_eq(r.targets[4].state, OPS_FLEET_DONE);
	cr_expect_eq(r.targets[0].state, OPS_FLEET_BLOCKED);
	cr_expect(r.targets[0].error && strstr(r.targets[0].error, "requires billing 2"),
		  "%s", r.targets[0].error ? r.targets[0].error : "(none)");
	cr_expect_null(r.stopped);
	ops_fleet_result_release(&r);

	/* without keep_going the run stops at the failure */
	o.keep_going = false;
	cr_assert_eq(ops_fleet(&o, &r, &err), 0, "%s", err.msg);
	cr_expect_eq(r.targets[2].state, OPS_FLEET_FAILED);
	cr_expect_not_null(r.stopped);
	ops_fleet_result_release(&r);

	project_free(p);
	ops_tmp_remove(dir.buf);
	strbuf_release(&b[0]);
	strbuf_release(&b[1]);
	strbuf_release(&core);
	strbuf_release(&app);
	strbuf_release(&dir);
}

Test(ops_fleet, cycle_refused_before_anything_runs)
{
	static const char *const sql[] = { "CREATE TABLE a (id int);" };
	static const char *const xreq[] = { "{\"y\": \"1\"}" };
	static const char *const yreq[] = { "{\"x\": \"1\"}" };
	struct strbuf dir = STRBUF_INIT, file = STRBUF_INIT;
	struct sd_project *p = NULL;
	struct ops_fleet_opts o = { 0 };
	struct ops_fleet_result r = { 0 };
	struct sd_error err = { 0 };

	ops_tmp_dir(&dir);
	root(dir.buf, "x", sql, xreq, 1);
	root(dir.buf, "y", sql, yreq, 1);
	ops_write(dir.buf, "schemadiff.json",
		  "{\"schemadiff-project\": 1, \"roots\": {\"x\": {\"path\": \"db/x\"}, \"y\": {\"path\": \"db/y\"}},\n"
		  " \"environments\": {\"e\": {\"x\": \"postgresql://postgres@127.0.0.1:9/x\", \"y\": \"postgresql://postgres@127.0.0.1:9/y\"}}}\n");
	strbuf_addf(&file, "%s/schemadiff.json", dir.buf);
	cr_assert_eq(project_read(file.buf, &p, &err), 0, "%s", err.msg);
	o.project = p;
	o.env = "e";
	o.action = OPS_FLEET_MIGRATE;
	cr_expect_eq(ops_fleet(&o, &r, &err), SD_ERR_SPEC);
	cr_expect(strstr(err.msg, "cycle: x 1 requires y 1; y 1 requires x 1") != NULL, "%s", err.msg);
	cr_expect(strstr(err.file, "version.json") != NULL);
	cr_expect_eq(r.ntargets, 2);
	cr_expect_eq(r.counts[OPS_FLEET_DONE], 0);
	ops_fleet_result_release(&r);
	project_free(p);
	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&file);
}
