/*
 * tests/ops/test_ops_demo.c: demo data and ignore rules through the engine
 * (issue 16 items 4 and 5). Offline: version.json's "demo" key as
 * spec_read reads it (checksums, errors at their JSON path), the INSERT
 * targets the parsers find, plan's warning and --demo-file, the catalog
 * filter of ignore rules. On the harness's PostgreSQL server: provision
 * with demo data, ops_demo on a database at a version (exactly the demo
 * data up to it, nothing the second time), apply with an ignored table.
 */
#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schemadiff.h"
#include "ops/ops_internal.h"
#include "parser/front/front.h"
#include "parser/pg/pg_parser.h"
#include "tests/lib/ops_testlib.h"
#include "tests/lib/pg_testdb.h"
#include "util/vec.h"

#include "util/banned.h"

TestSuite(ops_demo, .fini = testdb_drop_all, .timeout = 180);

/* Plan the desired text as the next version of root, with a demo file
 * (NULL: none); the result into res. */
static int plan_with(const char *dir, const char *root, const char *sql,
		     const char *demo, bool dry_run,
		     struct ops_plan_result *res, struct sd_error *err)
{
	struct strbuf file = STRBUF_INIT, dfile = STRBUF_INIT;
	const char *paths[1], *demos[1];
	struct ops_plan_opts o = { 0 };
	int rc;

	ops_write(dir, "desired.sql", sql);
	strbuf_addf(&file, "%s/desired.sql", dir);
	paths[0] = file.buf;
	o.schema_root = root;
	o.desired = paths;
	o.ndesired = 1;
	o.dry_run = dry_run;
	if (demo) {
		ops_write(dir, "demo/demo.sql", demo);
		strbuf_addf(&dfile, "%s/demo/demo.sql", dir);
		demos[0] = dfile.buf;
		o.demo_files = demos;
		o.ndemo_files = 1;
	}
	rc = ops_plan(&o, res, err);
	strbuf_release(&file);
	strbuf_release(&dfile);
	return rc;
}

static const char v1[] = "CREATE TABLE c (id int PRIMARY KEY, name text NOT NULL);";
static const char d1[] = "INSERT INTO c (id, name) VALUES (1, 'Ada'), (2, 'Brian');\n";
static const char v2[] = "CREATE TABLE c (id int PRIMARY KEY, name text NOT NULL, email text);\n"
			 "CREATE TABLE o (id int PRIMARY KEY, c_id int NOT NULL REFERENCES c (id), total int NOT NULL);";
static const char d2[] = "UPDATE c SET email = lower(name) || '@example.com';\n"
			 "INSERT INTO public.o VALUES (10, 1, 5), (11, 2, 7);\n";

/* A root with versions 1 and 2, each with its demo file. */
static void demo_root(const char *dir, struct strbuf *root)
{
	struct ops_plan_result res = { 0 };
	struct sd_error err = { 0 };

	strbuf_addf(root, "%s/root", dir);
	cr_assert_eq(spec_init(root->buf, "app", "postgresql", &err), 0, "%s", err.msg);
	cr_assert_eq(plan_with(dir, root->buf, v1, d1, false, &res, &err), 0, "%s", err.msg);
	cr_assert(res.written);
	ops_plan_result_release(&res);
	cr_assert_eq(plan_with(dir, root->buf, v2, d2, false, &res, &err), 0, "%s", err.msg);
	cr_assert(res.written);
	ops_plan_result_release(&res);
}

static char *pg_value(const char *url, const char *sql)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r;
	char *v;

	cr_assert_eq(PQstatus(c), CONNECTION_OK, "%s", PQerrorMessage(c));
	r = PQexec(c, sql);
	cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQerrorMessage(c));
	v = strdup(PQgetisnull(r, 0, 0) ? "(null)" : PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
	return v;
}

static void expect_value(const char *url, const char *sql, const char *want)
{
	char *got = pg_value(url, sql);

	cr_expect_str_eq(got, want, "%s", sql);
	free(got);
}

Test(ops_demo, demo_key_checksums_and_sum)
{
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT;
	struct strbuf path = STRBUF_INIT;
	struct schema_root *sr = NULL;
	struct sd_error err = { 0 };
	struct ops_sum_check sc;
	const struct spec_version *v;
	char *checksum, *sum;

	ops_tmp_dir(&dir);
	demo_root(dir.buf, &root);
	cr_assert_eq(spec_read(root.buf, &sr, &err), 0, "%s", err.msg);
	v = &sr->versions[0];
	cr_assert_eq(v->ndemos, 1);
	cr_expect_str_eq(v->demos[0], "demo.sql");
	cr_assert_not_null(v->demo_checksum);
	cr_expect_str_neq(v->sum_checksum, v->checksum);
	cr_expect_eq(ops_sum_check(sr, NULL, &sc, &err), 0, "%s", err.msg);
	cr_expect_eq(sc.nedited, 0);
	checksum = strdup(v->checksum);
	sum = strdup(v->sum_checksum);
	spec_free(sr);
	sr = NULL;

	/* an edited demo file: the history's checksum stays, the sum's
	 * line no longer matches (a warning: edited) */
	strbuf_addf(&path, "%s/1", root.buf);
	ops_write(path.buf, "demo.sql", "INSERT INTO c (id, name) VALUES (3, 'Cy');\n");
	cr_assert_eq(spec_read(root.buf, &sr, &err), 0, "%s", err.msg);
	cr_expect_str_eq(sr->versions[0].checksum, checksum);
	cr_expect_str_neq(sr->versions[0].sum_checksum, sum);
	cr_expect_eq(ops_sum_check(sr, NULL, &sc, &err), 0, "%s", err.msg);
	cr_expect_eq(sc.nedited, 1);
	spec_free(sr);
	sr = NULL;

	/* a missing demo file and a bad key: errors at their JSON path */
	ops_write(path.buf, "version.json",
		  "{\"db-schema-spec\": \"1.1\", \"schema\": \"app\", \"version\": \"1\", \"source\": [\"revisions.sql\"], \"demo\": [\"nope.sql\"]}\n");
	cr_expect_neq(spec_read(root.buf, &sr, &err), 0);
	cr_expect(strstr(err.msg, "$.demo[0]: demo file \"nope.sql\" does not exist") != NULL, "%s", err.msg);
	ops_write(path.buf, "version.json",
		  "{\"db-schema-spec\": \"1.1\", \"schema\": \"app\", \"version\": \"1\", \"source\": [\"revisions.sql\"], \"demo\": \"demo.sql\"}\n");
	cr_expect_neq(spec_read(root.buf, &sr, &err), 0);
	cr_expect(strstr(err.msg, "$.demo: \"demo\" must be an array") != NULL, "%s", err.msg);
	ops_write(path.buf, "version.json",
		  "{\"db-schema-spec\": \"1.1\", \"schema\": \"app\", \"version\": \"1\", \"source\": [\"revisions.sql\"], \"demo\": [\"../x.sql\"]}\n");
	cr_expect_neq(spec_read(root.buf, &sr, &err), 0);
	cr_expect(strstr(err.msg, "must be a relative path inside its version root") != NULL, "%s", err.msg);
	free(checksum);
	free(sum);
	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
	strbuf_release(&path);
}

static void expect_targets(enum sql_dialect d, const char *sql,
			   const char *want)
{
	struct vec t = VEC_INIT;
	struct strbuf got = STRBUF_INIT;
	struct sd_error err = { 0 };

	cr_assert_eq(front_insert_targets(d, "demo.sql", sql, &t, &err), 0,
		     "%s", err.msg);
	for (size_t i = 0; i < t.len; i++) {
		strbuf_addf(&got, "%s%s", i ? "," : "", (char *)t.items[i]);
		free(t.items[i]);
	}
	cr_expect_str_eq(got.buf, want, "%s", sql);
	vec_release(&t);
	strbuf_release(&got);
}

Test(ops_demo, insert_targets)
{
	expect_targets(SQL_POSTGRES,
		       "INSERT INTO a VALUES (1);\n"
		       "insert into s.\"B\" (x) select 1;\n"
		       "UPDATE c SET x = 1;\n"
		       "WITH n AS (INSERT INTO d VALUES (1) RETURNING *) SELECT * FROM n;\n"
		       "INSERT INTO e VALUES ('; INSERT INTO f VALUES (1)');\n",
		       "public.a,s.B,public.d,public.e");
	expect_targets(SQL_MYSQL,
		       "INSERT INTO a VALUES (1);\n"
		       "insert ignore `b` (x) values (1);\n"
		       "REPLACE INTO db.c VALUES (1);\n"
		       "UPDATE d SET x = 1;\n"
		       "INSERT LOW_PRIORITY e SET x = 'INSERT INTO f';\n",
		       "a,b,db.c,e");
}

Test(ops_demo, plan_warning)
{
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT;
	struct ops_plan_result res = { 0 };
	struct sd_error err = { 0 };
	static const char v3[] =
		"CREATE TABLE c (id int PRIMARY KEY, name text NOT NULL, email text, phone text);\n"
		"CREATE TABLE o (id int PRIMARY KEY, c_id int NOT NULL REFERENCES c (id), total int NOT NULL);\n"
		"CREATE TABLE x (id int);";

	ops_tmp_dir(&dir);
	demo_root(dir.buf, &root);
	cr_assert_eq(plan_with(dir.buf, root.buf, v3, NULL, true, &res, &err), 0, "%s", err.msg);
	cr_expect_eq(res.ndemo_warnings, 1);
	cr_expect_str_eq(res.demo_warnings.buf, "public.c (1/demo.sql)\n");
	ops_plan_result_release(&res);
	/* with a demo file the version is written without a warning */
	cr_assert_eq(plan_with(dir.buf, root.buf, v3, "UPDATE c SET phone = '1';\n",
			       false, &res, &err), 0, "%s", err.msg);
	cr_expect_eq(res.ndemo_warnings, 0);
	cr_expect(res.written);
	ops_plan_result_release(&res);
	cr_expect(ops_exists(root.buf, "3/demo.sql"));
	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
}

Test(ops_demo, ignore_filter)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err = { 0 };
	const char *p1[] = { "table:audit.*", "public.tmp_*" };
	const char *bad[] = { "tabel:x" };
	struct ops_ignore ig = { p1, 2, NULL, 0 };
	struct ops_ignore ibad = { bad, 1, NULL, 0 };

	cr_assert_eq(pg_load_desired_text(cat, "d.sql",
					  "CREATE SCHEMA audit;\n"
					  "CREATE TABLE audit.log (id int, what text);\n"
					  "CREATE INDEX log_what ON audit.log (what);\n"
					  "CREATE TABLE tmp_x (id int);\n"
					  "CREATE TABLE keep (id int, v int);\n"
					  "CREATE INDEX keep_v ON keep (v);\n", &err),
		     0, "%s", err.msg);
	cr_assert_not_null(catalog_find(cat, SD_TABLE, "audit", "log"));
	cr_assert_eq(ops_ignore_apply(&ig, &cat, 1, &err), 0, "%s", err.msg);
	cr_expect_null(catalog_find(cat, SD_TABLE, "audit", "log"));
	cr_expect_null(catalog_find(cat, SD_INDEX, "audit", "log_what"));
	cr_expect_null(catalog_find(cat, SD_TABLE, "public", "tmp_x"));
	cr_expect_not_null(catalog_find(cat, SD_TABLE, "public", "keep"));
	cr_expect_not_null(catalog_find(cat, SD_INDEX, "public", "keep_v"));
	cr_expect_not_null(catalog_find(cat, SD_SCHEMA, NULL, "audit"));
	cr_expect_neq(ops_ignore_apply(&ibad, &cat, 1, &err), 0);
	cr_expect(strstr(err.msg, "\"tabel\" is no object kind") != NULL, "%s", err.msg);
	catalog_free(cat);
}

Test(ops_demo, provision_and_demo_live)
{
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT;
	struct strbuf url = STRBUF_INIT, url2 = STRBUF_INIT;
	struct ops_provision_opts po = { 0 };
	struct ops_provision_result pr = { 0 };
	struct ops_migrate_opts mo = { 0 };
	struct ops_migrate_result mr = { 0 };
	struct ops_demo_opts dopt = { 0 };
	struct ops_demo_result dr = { 0 };
	struct sd_error err = { 0 };

	ops_tmp_dir(&dir);
	demo_root(dir.buf, &root);

	/* a fresh database at the latest version with all demo data */
	ops_pg_db("demo_prov", &url);
	po.url = url.buf;
	po.schema_root = root.buf;
	po.demo = true;
	po.lock_timeout_ms = SD_LOCK_WAIT_FOREVER;
	cr_assert_eq(ops_provision(&po, &pr, &err), 0, "%s", err.msg);
	cr_expect(pr.provisioned);
	cr_expect_str_eq(pr.version, "2");
	ops_provision_result_release(&pr);
	expect_value(url.buf, "SELECT string_agg(c.name || ':' || c.email || ':' || o.total, ',' ORDER BY o.id) FROM c JOIN o ON o.c_id = c.id",
		     "Ada:ada@example.com:5,Brian:brian@example.com:7");

	/* a database at version 1: the demo data up to 1, then nothing */
	ops_pg_db("demo_at1", &url2);
	mo.url = url2.buf;
	mo.schema_root = root.buf;
	mo.to = "1";
	mo.lock_timeout_ms = SD_LOCK_WAIT_FOREVER;
	cr_assert_eq(ops_migrate(&mo, &mr, &err), 0, "%s", err.msg);
	ops_migrate_result_release(&mr);
	dopt.url = url2.buf;
	dopt.schema_root = root.buf;
	dopt.lock_timeout_ms = SD_LOCK_WAIT_FOREVER;
	cr_assert_eq(ops_demo(&dopt, &dr, &err), 0, "%s", err.msg);
	cr_expect_str_eq(dr.at, "1");
	cr_expect_eq(dr.nloaded, 1);
	cr_expect_eq(dr.nstatements, 1);
	cr_expect_str_eq(dr.loaded.buf, "1");
	ops_demo_result_release(&dr);
	expect_value(url2.buf, "SELECT string_agg(name, ',' ORDER BY id) FROM c", "Ada,Brian");
	cr_assert_eq(ops_demo(&dopt, &dr, &err), 0, "%s", err.msg);
	cr_expect_eq(dr.nloaded, 0);
	cr_expect_eq(dr.nalready, 1);
	ops_demo_result_release(&dr);
	expect_value(url2.buf, "SELECT count(*) FROM c", "2");

	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
	strbuf_release(&url);
	strbuf_release(&url2);
}

Test(ops_demo, apply_ignores_a_table)
{
	struct strbuf dir = STRBUF_INIT, url = STRBUF_INIT, file = STRBUF_INIT;
	struct ops_apply_opts o = { 0 };
	struct ops_apply_result res = { 0 };
	struct sd_error err = { 0 };
	const char *pats[] = { "table:public.audit_*" };
	const char *paths[1];

	ops_tmp_dir(&dir);
	ops_pg_db("demo_ignore", &url);
	ops_exec(url.buf, "CREATE TABLE audit_log (id int PRIMARY KEY); CREATE TABLE items (id int PRIMARY KEY)");
	ops_write(dir.buf, "app.sql", "CREATE TABLE items (id int PRIMARY KEY, name text);\n");
	strbuf_addf(&file, "%s/app.sql", dir.buf);
	paths[0] = file.buf;
	o.url = url.buf;
	o.desired = paths;
	o.ndesired = 1;
	o.allow_destructive = true;
	o.lock_timeout_ms = SD_LOCK_WAIT_FOREVER;
	o.ignore.patterns = pats;
	o.ignore.npatterns = 1;
	cr_assert_eq(ops_apply(&o, &res, &err), 0, "%s", err.msg);
	cr_expect(res.applied);
	cr_expect_eq(res.nchanges, 1);
	cr_expect_null(strstr(res.sql.buf, "audit_log"), "%s", res.sql.buf);
	ops_apply_result_release(&res);
	expect_value(url.buf, "SELECT string_agg(table_name || '.' || column_name, ',' ORDER BY table_name, column_name) FROM information_schema.columns WHERE table_schema = 'public'",
		     "audit_log.id,items.id,items.name");
	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&url);
	strbuf_release(&file);
}
