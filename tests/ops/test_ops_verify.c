/*
 * tests/ops/test_ops_verify.c: versions proved on a real server. The
 * throwaway server (drivers/tempserver.c) starts, answers and leaves
 * nothing behind; ops_plan() with verify refuses, writing nothing, a type
 * that does not exist, a function that does not exist and a default of
 * the wrong type, on our own PostgreSQL and on the harness's servers named
 * as --dev-url (PostgreSQL and MariaDB); a good plan names the server that
 * verified it; without server binaries the offline proof stands and the
 * result says why; the down script of a verified plan runs after it on
 * the same database and gives the version before back (PostgreSQL and
 * MariaDB); ops_verify() proves a whole root.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "schemadiff.h"
#include "tests/lib/ops_testlib.h"
#include "tests/lib/pg_testdb.h"
#include "tests/lib/mysql_testdb.h"

#include "util/banned.h"

TestSuite(plan_verify, .fini = mysql_testdb_drop_all);

static int dir_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

Test(tempserver, postgresql_starts_answers_and_is_removed, .timeout = 120)
{
	struct sd_tempserver *s = NULL;
	struct sd_conn *c = NULL;
	struct sd_error err = { 0 };
	struct strbuf v = STRBUF_INIT, dir = STRBUF_INIT;
	int num = 0;

	cr_assert_eq(sd_tempserver_start(SQL_POSTGRES, 0, &s, &err), 0, "%s", err.msg);
	strbuf_addstr(&dir, sd_tempserver_dir(s));
	cr_expect(dir_exists(dir.buf));
	cr_assert_eq(sd_driver_connect(sd_tempserver_url(s), &c, &err), 0, "%s", err.msg);
	cr_expect_eq(c->drv->exec(c, "CREATE TABLE x (id int)", NULL, &err), 0, "%s", err.msg);
	cr_expect_eq(c->drv->server_version(c, &v, &num, &err), 0);
	cr_expect(!strncmp(v.buf, "PostgreSQL ", 11), "%s", v.buf);
	c->drv->close(c);
	sd_tempserver_stop(s);
	cr_expect(!dir_exists(dir.buf), "%s is removed", dir.buf);
	strbuf_release(&v);
	strbuf_release(&dir);
}

Test(tempserver, missing_binaries_are_named)
{
	struct sd_tempserver *s = NULL;
	struct sd_error err = { 0 };
	struct strbuf why = STRBUF_INIT;

	setenv("SCHEMADIFF_PG_BIN", "/nonexistent/bin", 1);
	cr_expect_eq(sd_tempserver_available(SQL_POSTGRES, &why), 0);
	cr_expect(strstr(why.buf, "no PostgreSQL server installed"), "%s", why.buf);
	cr_expect_eq(sd_tempserver_start(SQL_POSTGRES, 0, &s, &err), SD_ERR_UNSUPPORTED);
	cr_expect_null(s);
	strbuf_release(&why);
}

struct planned {
	int rc;
	struct sd_error err;
	struct ops_plan_result res;
	int wrote;
};

/* Plan desired (one file) on a fresh root of system_type whose version 1
 * is base; verify as given. */
static void plan_one(const char *system_type, const char *base,
		     const char *desired, enum ops_verify_mode mode,
		     const char *dev_url, struct planned *p)
{
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT, file = STRBUF_INIT;
	const char *const versions[] = { base };
	const char *paths[1];
	struct ops_plan_opts o = { 0 };
	struct schema_root *sr = NULL;

	memset(p, 0, sizeof(*p));
	ops_tmp_dir(&dir);
	ops_make_root(dir.buf, system_type, versions, 1, &root);
	ops_write(dir.buf, "desired.sql", desired);
	strbuf_addf(&file, "%s/desired.sql", dir.buf);
	paths[0] = file.buf;
	o.schema_root = root.buf;
	o.desired = paths;
	o.ndesired = 1;
	o.verify = mode;
	o.dev_url = dev_url;
	p->rc = ops_plan(&o, &p->res, &p->err);
	p->wrote = ops_exists(root.buf, "2");
	cr_assert_eq(spec_read(root.buf, &sr, &p->err), 0);
	if (sr->nversions != 1)
		p->wrote = 1;
	spec_free(sr);
	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
	strbuf_release(&file);
}

static const char *const pg_base = "CREATE TABLE t (id int PRIMARY KEY);\n";

Test(plan_verify, own_server_refuses_a_typo_in_a_type, .timeout = 120)
{
	struct planned p;

	plan_one("postgresql", pg_base,
		 "CREATE TABLE t (id int PRIMARY KEY, name txet);\n",
		 OPS_VERIFY_ON, NULL, &p);
	cr_expect_neq(p.rc, 0);
	cr_expect(p.res.proved, "the offline proof passed");
	cr_expect(!p.res.verified);
	cr_expect(!p.res.written && !p.wrote, "nothing was written");
	cr_expect(strstr(p.err.msg, "version 2: type \"public.txet\" does not exist"),
		  "%s", p.err.msg);
	cr_expect(strstr(p.err.file, "2/revisions.sql"), "%s", p.err.file);
	cr_expect_gt(p.err.line, 0);
	ops_plan_result_release(&p.res);
}

Test(plan_verify, dev_url_refuses_missing_function_and_wrong_default, .timeout = 120)
{
	struct planned p;

	plan_one("postgresql", pg_base,
		 "CREATE TABLE t (id int PRIMARY KEY, n int DEFAULT no_such_fn());\n",
		 OPS_VERIFY_ON, testdb_url(), &p);
	cr_expect_neq(p.rc, 0);
	cr_expect(!p.wrote);
	cr_expect(strstr(p.err.msg, "function no_such_fn() does not exist"), "%s", p.err.msg);
	ops_plan_result_release(&p.res);

	plan_one("postgresql", pg_base,
		 "CREATE TABLE t (id int PRIMARY KEY, born date DEFAULT 42);\n",
		 OPS_VERIFY_ON, testdb_url(), &p);
	cr_expect_neq(p.rc, 0);
	cr_expect(!p.wrote);
	cr_expect(strstr(p.err.msg, "default expression is of type integer"), "%s", p.err.msg);
	ops_plan_result_release(&p.res);

	/* a view over a function the history never created */
	plan_one("postgresql", pg_base,
		 "CREATE TABLE t (id int PRIMARY KEY);\n"
		 "CREATE VIEW v AS SELECT missing_fn(id) AS x FROM t;\n",
		 OPS_VERIFY_ON, testdb_url(), &p);
	cr_expect_neq(p.rc, 0);
	cr_expect(!p.wrote);
	ops_plan_result_release(&p.res);

	/* a good plan is written and names the server */
	plan_one("postgresql", pg_base,
		 "CREATE TABLE t (id int PRIMARY KEY, name text DEFAULT 'x');\n"
		 "CREATE FUNCTION f(i int) RETURNS int LANGUAGE sql AS 'SELECT i + 1';\n",
		 OPS_VERIFY_ON, testdb_url(), &p);
	cr_expect_eq(p.rc, 0, "%s", p.err.msg);
	cr_expect(p.res.verified);
	cr_expect(p.wrote);
	cr_expect(p.res.verified_by && !strncmp(p.res.verified_by, "PostgreSQL 1", 12),
		  "%s", p.res.verified_by ? p.res.verified_by : "(null)");
	/* its down script ran on the same database after it and gave
	 * version 1 back */
	cr_expect(p.res.has_down);
	cr_expect(p.res.down_verified, "the down script is proved on the server");
	ops_plan_result_release(&p.res);

	/* without --verify the down is proved offline only */
	plan_one("postgresql", pg_base,
		 "CREATE TABLE t (id int PRIMARY KEY, name text DEFAULT 'x');\n",
		 OPS_VERIFY_OFF, NULL, &p);
	cr_expect_eq(p.rc, 0, "%s", p.err.msg);
	cr_expect(p.res.has_down && !p.res.down_verified);
	ops_plan_result_release(&p.res);
}

Test(plan_verify, mariadb_dev_url, .timeout = 120)
{
	struct planned p;
	struct strbuf url = STRBUF_INIT;

	ops_mysql_db("verify", &url);
	plan_one("mysql", "CREATE TABLE t (id int PRIMARY KEY);\n",
		 "CREATE TABLE t (id int PRIMARY KEY, f int DEFAULT (nofunc(1)));\n",
		 OPS_VERIFY_ON, url.buf, &p);
	cr_expect_neq(p.rc, 0);
	cr_expect(!p.wrote);
	cr_expect(strstr(p.err.msg, "nofunc"), "%s", p.err.msg);
	ops_plan_result_release(&p.res);

	plan_one("mysql", "CREATE TABLE t (id int PRIMARY KEY);\n",
		 "CREATE TABLE t (id int PRIMARY KEY, n varchar(20) NOT NULL DEFAULT 'a');\n",
		 OPS_VERIFY_ON, url.buf, &p);
	cr_expect_eq(p.rc, 0, "%s", p.err.msg);
	cr_expect(p.res.verified);
	cr_expect(p.wrote);
	cr_expect(p.res.verified_by && strstr(p.res.verified_by, "MariaDB"), "%s",
		  p.res.verified_by ? p.res.verified_by : "(null)");
	cr_expect(p.res.has_down && p.res.down_verified,
		  "the down script is proved on MariaDB");
	ops_plan_result_release(&p.res);
	strbuf_release(&url);
}

Test(plan_verify, without_binaries_the_offline_proof_stands)
{
	struct planned p;

	setenv("SCHEMADIFF_PG_BIN", "/nonexistent/bin", 1);
	plan_one("postgresql", pg_base,
		 "CREATE TABLE t (id int PRIMARY KEY, name text);\n",
		 OPS_VERIFY_AUTO, NULL, &p);
	cr_expect_eq(p.rc, 0, "%s", p.err.msg);
	cr_expect(p.wrote);
	cr_expect(!p.res.verified);
	cr_expect(p.res.verify_skipped && strstr(p.res.verify_skipped, "no PostgreSQL server"),
		  "%s", p.res.verify_skipped ? p.res.verify_skipped : "(null)");
	ops_plan_result_release(&p.res);

	/* required: an error */
	plan_one("postgresql", pg_base,
		 "CREATE TABLE t (id int PRIMARY KEY, name text);\n",
		 OPS_VERIFY_ON, NULL, &p);
	cr_expect_eq(p.rc, SD_ERR_UNSUPPORTED);
	cr_expect(!p.wrote);
	ops_plan_result_release(&p.res);
}

Test(ops_verify, a_whole_root_on_the_dev_server, .timeout = 120)
{
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT;
	const char *const versions[] = {
		"CREATE TYPE mood AS ENUM ('a', 'b');\n"
		"CREATE TABLE t (id int PRIMARY KEY, m mood DEFAULT 'a');\n",
		"CREATE TYPE mood AS ENUM ('a', 'b');\n"
		"CREATE TABLE t (id int PRIMARY KEY, m mood DEFAULT 'a', n text);\n"
		"CREATE INDEX t_n ON t (lower(n));\n",
	};
	struct ops_verify_opts o = { 0 };
	struct ops_verify_result res;
	struct sd_error err = { 0 };

	ops_tmp_dir(&dir);
	ops_make_root(dir.buf, "postgresql", versions, 2, &root);
	o.schema_root = root.buf;
	o.dev_url = testdb_url();
	o.required = true;
	cr_assert_eq(ops_verify(&o, &res, &err), 0, "%s\n%s", err.msg, res.unreached.buf);
	cr_expect(res.verified);
	cr_expect(!strncmp(res.server.buf, "PostgreSQL", 10), "%s", res.server.buf);
	ops_verify_result_release(&res);

	/* a version edited by hand to something the server refuses */
	ops_write(root.buf, "2/revisions.sql", "ALTER TABLE t ADD COLUMN n txet;\n");
	cr_expect_neq(ops_verify(&o, &res, &err), 0);
	cr_expect(strstr(err.msg, "version 2:"), "%s", err.msg);
	cr_expect_eq(err.line, 1);
	ops_verify_result_release(&res);
	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
}
