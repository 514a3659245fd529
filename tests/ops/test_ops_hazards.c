/*
 * tests/ops/test_ops_hazards.c: hazards and online mode through the
 * engine (schemadiff.h) on the harness's real PostgreSQL: ops_apply()
 * lists each change with its hazards and its table's size, refuses what
 * deny_hazards names (nothing changed) and not what allow_hazards lets
 * through, a dry run never refuses; online mode builds the index
 * CONCURRENTLY and validates constraints after the transaction, goes
 * online by itself above the size threshold, and leaves nothing to do.
 *
 * Memory: each test releases its results and removes its folder; the
 * databases are dropped by the suite's fini.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "schemadiff.h"
#include "tests/lib/ops_testlib.h"
#include "tests/lib/pg_testdb.h"

#include "util/banned.h"

TestSuite(ops_hazards, .fini = testdb_drop_all, .timeout = 120);

static const char *const desired_sql =
	"CREATE TABLE p (id int PRIMARY KEY);\n"
	"CREATE TABLE t (id int PRIMARY KEY, pid int REFERENCES p (id),\n"
	"  v int NOT NULL, CONSTRAINT v_pos CHECK (v > 0));\n"
	"CREATE INDEX t_v ON t (v);\n";

static const struct ops_change *find(const struct ops_changes *c,
				     const char *kind)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->items[i].kind, kind))
			return &c->items[i];
	return NULL;
}

static void setup(const char *tag, struct strbuf *url, struct strbuf *dir,
		  struct strbuf *desired)
{
	ops_pg_db(tag, url);
	ops_exec(url->buf, "CREATE TABLE p (id int PRIMARY KEY);"
			   "INSERT INTO p SELECT generate_series(1, 10);"
			   "CREATE TABLE t (id int PRIMARY KEY, pid int, v int);"
			   "INSERT INTO t SELECT g, g % 10 + 1, g FROM generate_series(1, 5000) g;"
			   "ANALYZE t");
	ops_tmp_dir(dir);
	ops_write(dir->buf, "desired.sql", desired_sql);
	strbuf_addf(desired, "%s/desired.sql", dir->buf);
}

Test(ops_hazards, apply_lists_refuses_and_allows)
{
	struct strbuf url = STRBUF_INIT, dir = STRBUF_INIT, desired = STRBUF_INIT;
	const char *paths[1];
	struct ops_apply_opts o = { 0 };
	struct ops_apply_result res;
	struct sd_error err = { 0 };
	const struct ops_change *ix, *nn;

	setup("hz", &url, &dir, &desired);
	paths[0] = desired.buf;
	o.url = url.buf;
	o.desired = paths;
	o.ndesired = 1;
	o.lock_timeout_ms = 5000;
	o.online_threshold_bytes = -1;

	/* a dry run lists the hazards and sizes, and refuses nothing */
	o.dry_run = true;
	o.deny_hazards = OPS_HZ_BLOCKS_WRITES;
	o.deny_hazards_set = true;
	cr_assert_eq(ops_apply(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(!res.online);
	ix = find(&res.changes, "create-index");
	nn = find(&res.changes, "alter-column-not-null");
	cr_assert(ix && nn);
	cr_expect_eq(ix->hazards, OPS_HZ_BLOCKS_WRITES | OPS_HZ_BUILDS_INDEX);
	cr_expect_str_eq(ix->lock, "SHARE");
	cr_expect(ix->proportional);
	cr_expect_eq(ix->table_rows, 5000);
	cr_expect_gt(ix->table_bytes, 0);
	cr_expect(nn->hazards & OPS_HZ_VALIDATES);
	cr_expect_eq(res.nrefused, 4, "%s", res.refused.buf);
	ops_apply_result_release(&res);

	/* denied: refused, nothing changed */
	o.dry_run = false;
	cr_assert_neq(ops_apply(&o, &res, &err), 0);
	cr_expect_eq(err.code, SD_ERR_CONFLICT);
	cr_expect(strstr(err.msg, "hazards not allowed (blocks-writes)"), "%s", err.msg);
	cr_expect(!res.applied);
	ops_apply_result_release(&res);

	/* allowed: applied, then nothing left */
	o.allow_hazards = OPS_HZ_BLOCKS_WRITES;
	cr_assert_eq(ops_apply(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(res.applied);
	ops_apply_result_release(&res);
	cr_assert_eq(ops_apply(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(res.no_changes);
	ops_apply_result_release(&res);

	ops_tmp_remove(dir.buf);
	strbuf_release(&url);
	strbuf_release(&dir);
	strbuf_release(&desired);
}

Test(ops_hazards, online_by_threshold)
{
	struct strbuf url = STRBUF_INIT, dir = STRBUF_INIT, desired = STRBUF_INIT;
	const char *paths[1];
	struct ops_apply_opts o = { 0 };
	struct ops_apply_result res;
	struct sd_error err = { 0 };
	struct ops_rec rec;
	const struct ops_change *ix;

	setup("hzon", &url, &dir, &desired);
	paths[0] = desired.buf;
	o.url = url.buf;
	o.desired = paths;
	o.ndesired = 1;
	o.lock_timeout_ms = 5000;
	o.online_threshold_bytes = 1024;	/* t is bigger: online */
	o.ddl_lock_timeout_ms = 2000;
	ops_rec_init(&rec);
	o.events = ops_rec_events(&rec);

	cr_assert_eq(ops_apply(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(res.online);
	cr_expect(res.applied);
	cr_expect_eq(res.nsteps, 5, "validate the not-null check; set not null and drop it; validate the check; validate the fk; the index: %zu", res.nsteps);
	cr_expect(strstr(res.sql.buf, "CREATE INDEX CONCURRENTLY t_v"), "%s", res.sql.buf);
	cr_expect(strstr(res.sql.buf, "NOT VALID;"), "%s", res.sql.buf);
	ix = find(&res.changes, "create-index");
	cr_assert(ix);
	cr_expect(ix->online_step);
	cr_expect_eq(ix->hazards & (OPS_HZ_BLOCKS_WRITES | OPS_HZ_BLOCKS_READS), 0);
	cr_expect(ops_rec_find(&rec, OPS_EVENT_NOTE, "at least the --online-threshold") >= 0);
	ops_apply_result_release(&res);

	cr_assert_eq(ops_apply(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(res.no_changes);
	ops_apply_result_release(&res);

	ops_rec_release(&rec);
	ops_tmp_remove(dir.buf);
	strbuf_release(&url);
	strbuf_release(&dir);
	strbuf_release(&desired);
}
