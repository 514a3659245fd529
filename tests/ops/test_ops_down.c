/*
 * tests/ops/test_ops_down.c: downgrade on the harness's real servers
 * (PostgreSQL and MariaDB). ops_plan() writes each version's down.sql,
 * proved offline, with down-hazards when undoing deletes data; then
 * ops_migrate() up, --to below refused while a down deletes data and
 * --allow-destructive is not given (nothing changed), down one version and
 * then another (each time the database equals the root at that version,
 * its history says so, its log of reverts and status record the undone
 * version, the data of columns that stay is kept), and up again to a
 * database equal to the latest version (the log keeps the undos).
 */
#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "schemadiff.h"
#include "tests/lib/ops_testlib.h"
#include "tests/lib/pg_testdb.h"
#include "tests/lib/mysql_testdb.h"

#include "util/banned.h"

static void drop_all(void)
{
	testdb_drop_all();
	mysql_testdb_drop_all();
}

TestSuite(ops_down, .fini = drop_all, .timeout = 180);

/* Plan `desired` as the next version of root (offline proof only). */
static void plan(const char *dir, const char *root, const char *desired,
		 bool want_deletes_data)
{
	struct strbuf file = STRBUF_INIT;
	const char *paths[1];
	struct ops_plan_opts o = { 0 };
	struct ops_plan_result res;
	struct sd_error err = { 0 };

	ops_write(dir, "desired.sql", desired);
	strbuf_addf(&file, "%s/desired.sql", dir);
	paths[0] = file.buf;
	o.schema_root = root;
	o.desired = paths;
	o.ndesired = 1;
	cr_assert_eq(ops_plan(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(res.written);
	cr_expect(res.has_down, "version %s has a down script", res.version);
	cr_expect_eq(res.ndown_destructive > 0, want_deletes_data,
		     "version %s: down deletes data: %zu", res.version,
		     res.ndown_destructive);
	ops_plan_result_release(&res);
	strbuf_release(&file);
}

/* The database at url equals root@version. */
static void expect_at(const char *url, const char *root, const char *version)
{
	struct strbuf at = STRBUF_INIT;
	struct ops_diff_opts o = { 0 };
	struct ops_diff_result res;
	struct sd_error err = { 0 };
	struct sd_history h = SD_HISTORY_INIT;
	struct sd_conn *c = NULL;

	strbuf_addf(&at, "%s@%s", root, version);
	o.from = url;
	o.to = at.buf;
	o.dialect = OPS_DIALECT_AUTO;
	cr_assert_eq(ops_diff(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(!res.differs, "the database is not version %s:\n%s", version,
		  res.sql.buf);
	ops_diff_result_release(&res);
	cr_assert_eq(sd_driver_connect(url, &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c->drv->history_read(c, "app", &h, &err), 0, "%s", err.msg);
	cr_expect(h.nrows > 0);
	if (h.nrows)
		cr_expect_str_eq(h.rows[h.nrows - 1].version, version);
	sd_history_release(&h);
	c->drv->close(c);
	strbuf_release(&at);
}

/* The log of reverts of url holds these versions, oldest first ("3 2"),
 * each with when and by whom; status reports the same. */
static void expect_reverts(const char *url, const char *root,
			   const char *want)
{
	struct strbuf got = STRBUF_INIT;
	struct sd_history h = SD_HISTORY_INIT;
	struct sd_error err = { 0 };
	struct sd_conn *c = NULL;
	struct ops_status_opts so = { 0 };
	struct ops_status_result sr;

	cr_assert_eq(sd_driver_connect(url, &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c->drv->history_reverts_read(c, "app", &h, &err), 0,
		     "%s", err.msg);
	for (size_t i = 0; i < h.nrows; i++) {
		strbuf_addf(&got, "%s%s", i ? " " : "", h.rows[i].version);
		cr_expect_str_eq(h.rows[i].outcome, "reverted");
		cr_expect(h.rows[i].applied_at && strlen(h.rows[i].applied_at) >= 19,
			  "when: %s", h.rows[i].applied_at);
		cr_expect(h.rows[i].applied_by && *h.rows[i].applied_by);
		cr_expect_str_eq(h.rows[i].tool_version, SCHEMADIFF_VERSION);
		cr_expect_eq(strlen(h.rows[i].checksum), 64);
	}
	cr_expect_str_eq(got.buf, want, "reverted: \"%s\", expected \"%s\"",
			 got.buf, want);
	sd_history_release(&h);
	c->drv->close(c);

	so.url = url;
	so.schema_root = root;
	cr_assert_eq(ops_status(&so, &sr, &err), 0, "%s", err.msg);
	cr_expect_eq(sr.reverts.nrows, *want ? (strlen(want) + 1) / 2 : 0);
	ops_status_result_release(&sr);
	strbuf_release(&got);
}

static int migrate(const char *url, const char *root, const char *to,
		   bool allow, struct ops_migrate_result *res,
		   struct sd_error *err)
{
	struct ops_migrate_opts o = { 0 };

	o.url = url;
	o.schema_root = root;
	o.to = to;
	o.allow_destructive = allow;
	o.lock_timeout_ms = 5000;
	return ops_migrate(&o, res, err);
}

/* The whole round on one engine; value() reads "keep" of row 1. */
static void round_trip(const char *system_type, const char *const d[3],
		       const char *url, const char *insert,
		       char *(*value)(const char *url))
{
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT;
	struct ops_migrate_result res;
	struct sd_error err = { 0 };
	char *v;

	ops_tmp_dir(&dir);
	strbuf_addf(&root, "%s/app", dir.buf);
	cr_assert_eq(spec_init(root.buf, "app", system_type, &err), 0, "%s", err.msg);
	plan(dir.buf, root.buf, d[0], true);
	plan(dir.buf, root.buf, d[1], true);
	plan(dir.buf, root.buf, d[2], false);
	cr_expect(ops_exists(root.buf, "2/down.sql"));

	cr_assert_eq(migrate(url, root.buf, NULL, false, &res, &err), 0, "%s", err.msg);
	cr_expect_eq(res.napplied, 3);
	ops_migrate_result_release(&res);
	ops_exec(url, insert);

	/* to 1 undoes version 2, which drops a column: refused */
	cr_expect_eq(migrate(url, root.buf, "1", false, &res, &err), SD_ERR_CONFLICT);
	cr_expect(strstr(err.msg, "undoing version 2 deletes data"), "%s", err.msg);
	ops_migrate_result_release(&res);
	expect_at(url, root.buf, "3");

	cr_assert_eq(migrate(url, root.buf, "2", false, &res, &err), 0, "%s", err.msg);
	cr_expect(res.downgrade);
	cr_expect_eq(res.nreverted, 1);
	ops_migrate_result_release(&res);
	expect_at(url, root.buf, "2");
	expect_reverts(url, root.buf, "3");

	cr_assert_eq(migrate(url, root.buf, "1", true, &res, &err), 0, "%s", err.msg);
	cr_expect_eq(res.nreverted, 1);
	ops_migrate_result_release(&res);
	expect_at(url, root.buf, "1");
	expect_reverts(url, root.buf, "3 2");
	v = value(url);
	cr_expect(v && !strcmp(v, "k"), "the data of a column that stays is kept: %s",
		  v ? v : "(null)");
	free(v);

	/* up again */
	cr_assert_eq(migrate(url, root.buf, NULL, false, &res, &err), 0, "%s", err.msg);
	cr_expect_eq(res.napplied, 2);
	ops_migrate_result_release(&res);
	expect_at(url, root.buf, "3");
	expect_reverts(url, root.buf, "3 2");
	v = value(url);
	cr_expect(v && !strcmp(v, "k"), "%s", v ? v : "(null)");
	free(v);

	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
}

static char *pg_value(const char *url)
{
	struct strbuf db = STRBUF_INIT;
	PGconn *c;
	PGresult *r;
	char *v = NULL;

	strbuf_addstr(&db, strrchr(url, '/') + 1);
	c = testdb_connect(db.buf);
	r = PQexec(c, "SELECT keep FROM t WHERE id = 1");
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		v = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
	strbuf_release(&db);
	return v;
}

static const char *my_db;

static char *my_value(const char *url)
{
	MYSQL *h = mysql_testdb_connect(my_db);
	char *v = mysql_testdb_value(h, "SELECT keep FROM t WHERE id = 1");

	mysql_close(h);
	(void)url;
	return v;
}

Test(ops_down, postgresql_down_and_up_again)
{
	static const char *const d[3] = {
		"CREATE TABLE t (id int PRIMARY KEY, keep text);\n",
		"CREATE TABLE t (id int PRIMARY KEY, keep text, name text);\n"
		"CREATE TABLE u (x int);\n",
		"CREATE TABLE t (id int PRIMARY KEY, keep text DEFAULT 'd', name text);\n"
		"CREATE TABLE u (x int);\n"
		"CREATE INDEX t_keep ON t (keep);\n",
	};
	struct strbuf url = STRBUF_INIT;

	ops_pg_db("down", &url);
	round_trip("postgresql", d, url.buf,
		   "INSERT INTO t VALUES (1, 'k', 'n'); INSERT INTO u VALUES (7)",
		   pg_value);
	strbuf_release(&url);
}

Test(ops_down, mariadb_down_and_up_again)
{
	static const char *const d[3] = {
		"CREATE TABLE t (id int PRIMARY KEY, keep varchar(20));\n",
		"CREATE TABLE t (id int PRIMARY KEY, keep varchar(20), name varchar(20));\n"
		"CREATE TABLE u (x int);\n",
		"CREATE TABLE t (id int PRIMARY KEY, keep varchar(20) DEFAULT 'd', name varchar(20), KEY t_keep (keep));\n"
		"CREATE TABLE u (x int);\n",
	};
	struct strbuf url = STRBUF_INIT;

	mysql_testdb_create("ops", "down", "", &my_db);
	mysql_testdb_db_url(my_db, &url);
	round_trip("mysql", d, url.buf,
		   "INSERT INTO t VALUES (1, 'k', 'n')", my_value);
	strbuf_release(&url);
}
