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

#include "diff/diff.h"
#include "drivers/pg_introspect.h"
#include "emit/emit.h"
#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "tests/lib/pg_testdb.h"

#include "util/banned.h"

TestSuite(pg_introspect_function, .fini = testdb_drop_all);

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
	/* SQL-standard bodies, bound to what they read when created */
	"CREATE TABLE app.items (price numeric);\n"
	"CREATE FUNCTION app.total() RETURNS numeric LANGUAGE sql STABLE "
	"BEGIN ATOMIC SELECT sum(price) FROM app.items; END;\n"
	"CREATE FUNCTION app.first_price() RETURNS numeric LANGUAGE sql "
	"RETURN (SELECT min(price) FROM app.items);\n"
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
	PGconn *a = testdb_create("sd_tf", "read");
	struct catalog *cat;
	struct sd_function *f;
	struct sd_trigger *t;
	struct sd_object *tab;

	testdb_exec(a, schema_sql);
	cat = testdb_introspect(a);

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
	f = catalog_find(cat, SD_FUNCTION, "app", "total()");
	cr_assert_not_null(f);
	cr_assert(strstr(f->definition, "BEGIN ATOMIC"), "%s", f->definition);
	cr_assert(has_dep(&f->base, "rel:app.items"));
	f = catalog_find(cat, SD_FUNCTION, "app", "first_price()");
	cr_assert_not_null(f);
	cr_assert(has_dep(&f->base, "rel:app.items"));
	catalog_free(cat);
}

Test(pg_introspect_function, round_trips)
{
	PGconn *a = testdb_create("sd_tf", "rta");
	PGconn *b = testdb_create("sd_tf", "rtb");
	PGconn *c = testdb_create("sd_tf", "rtc");
	struct catalog *empty = catalog_new(SQL_POSTGRES), *parsed;
	struct catalog *ca, *cb, *cc;
	struct strbuf sql = STRBUF_INIT, again = STRBUF_INIT;
	struct sd_error err = { 0 };

	/* live -> emit -> live */
	testdb_exec(a, schema_sql);
	ca = testdb_introspect(a);
	plan(empty, ca, &sql);
	testdb_exec(b, sql.buf);
	cb = testdb_introspect(b);
	plan(ca, cb, &again);
	cr_assert_str_eq(again.buf, "", "not converged:\n%s", again.buf);

	/* parsed -> emit -> live equals the same SQL loaded directly */
	parsed = catalog_new(SQL_POSTGRES);
	cr_assert_eq(pg_load_desired_text(parsed, "s.sql", schema_sql, &err),
		     0, "%s", err.msg);
	strbuf_reset(&sql);
	plan(empty, parsed, &sql);
	testdb_exec(c, sql.buf);
	cc = testdb_introspect(c);
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
