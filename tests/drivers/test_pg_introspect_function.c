/*
 * tests/drivers/test_pg_introspect_function.c: functions, procedures and
 * triggers read from a real server (drivers/pg_introspect_function.c), and
 * the round trips: introspect -> emit -> execute -> introspect is empty;
 * parse -> emit -> execute -> introspect equals the same SQL loaded
 * directly.
 *
 * The server: SD_TEST_PG_URL (tests/harness/with-pg.sh sets it). Without
 * it every test fails, saying so. Databases are named after the process
 * and dropped in the suite's fini.
 *
 * Memory: each test frees its catalogs, change sets and buffers; libpq
 * results are cleared at once.
 */
#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diff/diff.h"
#include "drivers/pg_introspect.h"
#include "emit/emit.h"
#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/error.h"
#include "util/strbuf.h"

#include "util/banned.h"

#define MAX_DBS 4

static struct {
	char name[64];
	PGconn *conn;
} dbs[MAX_DBS];
static int ndbs;

static const char *pg_url(void)
{
	const char *url = getenv("SD_TEST_PG_URL");

	if (!url || !*url)
		cr_assert_fail("SD_TEST_PG_URL is not set: these tests need a "
			       "PostgreSQL server; run them under "
			       "tests/harness/with-pg.sh");
	return url;
}

static void quiet(void *arg, const char *msg)
{
}

static PGconn *connect_to(const char *dbname)
{
	const char *keys[] = { "dbname", "dbname", NULL };
	const char *vals[] = { pg_url(), dbname, NULL };
	PGconn *conn;

	if (!dbname)
		keys[1] = NULL;
	conn = PQconnectdbParams(keys, vals, 1);
	cr_assert(PQstatus(conn) == CONNECTION_OK, "cannot connect: %s",
		  PQerrorMessage(conn));
	PQsetNoticeProcessor(conn, quiet, NULL);
	return conn;
}

static void exec_ok(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);
	char msg[2048];

	snprintf(msg, sizeof(msg), "%s", PQresultErrorMessage(res));
	PQclear(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK &&
	    st != PGRES_EMPTY_QUERY)
		cr_assert_fail("SQL failed: %s\n--- SQL ---\n%.4000s", msg, sql);
}

static PGconn *new_db(const char *tag)
{
	struct strbuf sql = STRBUF_INIT;
	PGconn *admin;
	int i = ndbs;

	cr_assert(ndbs < MAX_DBS);
	snprintf(dbs[i].name, sizeof(dbs[i].name), "sd_tf_%ld_%s",
		 (long)getpid(), tag);
	admin = connect_to(NULL);
	strbuf_addf(&sql, "DROP DATABASE IF EXISTS %s", dbs[i].name);
	exec_ok(admin, sql.buf);
	strbuf_reset(&sql);
	strbuf_addf(&sql, "CREATE DATABASE %s", dbs[i].name);
	exec_ok(admin, sql.buf);
	PQfinish(admin);
	strbuf_release(&sql);
	ndbs++;
	dbs[i].conn = connect_to(dbs[i].name);
	return dbs[i].conn;
}

static void drop_dbs(void)
{
	PGconn *admin = NULL;

	for (int i = 0; i < ndbs; i++) {
		struct strbuf sql = STRBUF_INIT;

		if (dbs[i].conn)
			PQfinish(dbs[i].conn);
		if (!admin && getenv("SD_TEST_PG_URL"))
			admin = connect_to(NULL);
		if (admin) {
			strbuf_addf(&sql, "DROP DATABASE IF EXISTS %s",
				    dbs[i].name);
			PQclear(PQexec(admin, sql.buf));
		}
		strbuf_release(&sql);
	}
	if (admin)
		PQfinish(admin);
	ndbs = 0;
}

TestSuite(pg_introspect_function, .fini = drop_dbs);

static struct catalog *introspect(PGconn *conn)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err = { 0 };

	cr_assert_eq(pg_introspect(conn, cat, NULL, &err), 0, "%s", err.msg);
	return cat;
}

/* The SQL that turns a into b. */
static void plan(const struct catalog *a, const struct catalog *b,
		 struct strbuf *out)
{
	struct changeset *cs = NULL;
	struct sd_error err = { 0 };

	cr_assert_eq(diff_catalogs(a, b, &cs, &err), 0, "%s", err.msg);
	emit_pg_changeset(cs, out);
	changeset_free(cs);
}

static const char schema_sql[] =
	"CREATE SCHEMA app;\n"
	"CREATE TYPE app.mood AS ENUM ('a', 'b');\n"
	"CREATE FUNCTION app.gen() RETURNS text LANGUAGE plpgsql VOLATILE "
	"AS $$ BEGIN RETURN 'x'; END; $$;\n"
	"CREATE TABLE app.t (id int, m app.mood, v text DEFAULT app.gen());\n"
	"CREATE FUNCTION app.add(a int, b int DEFAULT 2) RETURNS int "
	"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 5 "
	"AS $$ SELECT a + b $$;\n"
	"CREATE FUNCTION app.add(a app.mood) RETURNS app.mood LANGUAGE sql "
	"AS $$ SELECT a $$;\n"
	"CREATE FUNCTION app.rows() RETURNS TABLE(id int, n text) "
	"LANGUAGE sql SET search_path = app AS $$ SELECT 1, 'a' $$;\n"
	"CREATE PROCEDURE app.p(IN a int, INOUT b int) LANGUAGE plpgsql "
	"SECURITY DEFINER AS $$ BEGIN b := a; END $$;\n"
	"CREATE FUNCTION app.trg() RETURNS trigger LANGUAGE plpgsql AS "
	"$$ BEGIN RETURN NEW; END $$;\n"
	"CREATE TRIGGER tr BEFORE INSERT OR UPDATE OF id ON app.t FOR EACH ROW "
	"WHEN (NEW.id > 0) EXECUTE FUNCTION app.trg();\n"
	"CREATE CONSTRAINT TRIGGER ct AFTER INSERT ON app.t DEFERRABLE "
	"INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.trg();\n"
	"COMMENT ON FUNCTION app.add(int, int) IS 'adds';\n"
	"COMMENT ON TRIGGER tr ON app.t IS 'trig';\n";

static bool has_dep(const struct sd_object *o, const char *key)
{
	for (size_t i = 0; i < o->ndeps; i++)
		if (!strcmp(o->deps[i], key))
			return true;
	return false;
}

Test(pg_introspect_function, read_back)
{
	PGconn *a = new_db("read");
	struct catalog *cat;
	struct sd_function *f;
	struct sd_trigger *t;
	struct sd_object *tab;

	exec_ok(a, schema_sql);
	cat = introspect(a);

	f = catalog_find(cat, SD_FUNCTION, "app", "add(integer, integer)");
	cr_assert_not_null(f);
	cr_assert_str_eq(f->args, "a integer, b integer DEFAULT 2");
	cr_assert_str_eq(f->result, "integer");
	cr_assert_str_eq(f->base.comment, "adds");
	cr_assert(strstr(f->definition, "CREATE OR REPLACE FUNCTION app.add"));
	f = catalog_find(cat, SD_FUNCTION, "app", "add(app.mood)");
	cr_assert_not_null(f);
	cr_assert(has_dep(&f->base, "type:app.mood"));
	f = catalog_find(cat, SD_FUNCTION, "app", "p(integer, integer)");
	cr_assert_not_null(f);
	cr_assert(f->is_procedure);

	t = catalog_find(cat, SD_TRIGGER, "app", "t.tr");
	cr_assert_not_null(t);
	cr_assert_str_eq(t->base.comment, "trig");
	cr_assert(has_dep(&t->base, "rel:app.t"));
	cr_assert(has_dep(&t->base, "function:app.\"trg()\""));
	t = catalog_find(cat, SD_TRIGGER, "app", "t.ct");
	cr_assert_not_null(t);
	cr_assert(t->constraint);

	tab = catalog_find(cat, SD_TABLE, "app", "t");
	cr_assert(has_dep(tab, "function:app.\"gen()\""));
	catalog_free(cat);
}

Test(pg_introspect_function, round_trips)
{
	PGconn *a = new_db("rta"), *b = new_db("rtb"), *c = new_db("rtc");
	struct catalog *empty = catalog_new(SQL_POSTGRES), *parsed;
	struct catalog *ca, *cb, *cc;
	struct strbuf sql = STRBUF_INIT, again = STRBUF_INIT;
	struct sd_error err = { 0 };

	/* live -> emit -> live */
	exec_ok(a, schema_sql);
	ca = introspect(a);
	plan(empty, ca, &sql);
	exec_ok(b, sql.buf);
	cb = introspect(b);
	plan(ca, cb, &again);
	cr_assert_str_eq(again.buf, "", "not converged:\n%s", again.buf);

	/* parsed -> emit -> live equals the same SQL loaded directly */
	parsed = catalog_new(SQL_POSTGRES);
	cr_assert_eq(pg_load_desired_text(parsed, "s.sql", schema_sql, &err),
		     0, "%s", err.msg);
	strbuf_reset(&sql);
	plan(empty, parsed, &sql);
	exec_ok(c, sql.buf);
	cc = introspect(c);
	strbuf_reset(&again);
	plan(ca, cc, &again);
	cr_assert_str_eq(again.buf, "", "parsed differs:\n%s", again.buf);

	catalog_free(empty);
	catalog_free(parsed);
	catalog_free(ca);
	catalog_free(cb);
	catalog_free(cc);
	strbuf_release(&sql);
	strbuf_release(&again);
}
