/*
 * tests/parser/test_pg_function.c: functions, procedures and triggers in
 * the PostgreSQL DDL interpreter (parser/pg/pg_function.c), and their diff
 * and emitted SQL (diff/diff_function.c, emit/pg_function.c), offline.
 *
 * Memory: each test frees its catalogs, change sets and buffers.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "diff/diff.h"
#include "emit/emit.h"
#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/strbuf.h"

#include "util/banned.h"

static struct catalog *load(const char *sql)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err = { 0 };
	int rc = pg_load_desired_text(cat, "t.sql", sql, &err);

	cr_assert_eq(rc, 0, "load failed: %s", err.msg);
	return cat;
}

static int load_err(const char *sql, struct sd_error *err)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	int rc = pg_replay_script(cat, "v.sql", sql, err);

	catalog_free(cat);
	return rc;
}

/* The SQL that turns a into b. */
static void plan(const char *a, const char *b, struct strbuf *out)
{
	struct catalog *ca = load(a), *cb = load(b);
	struct changeset *cs = NULL;
	struct sd_error err = { 0 };

	cr_assert_eq(diff_catalogs(ca, cb, &cs, &err), 0, "diff: %s",
		     err.msg);
	emit_pg_changeset(cs, out);
	changeset_free(cs);
	catalog_free(ca);
	catalog_free(cb);
}

static bool has_dep(const struct sd_object *o, const char *key)
{
	for (size_t i = 0; i < o->ndeps; i++)
		if (!strcmp(o->deps[i], key))
			return true;
	return false;
}

Test(pg_function, signature_and_overloads)
{
	struct catalog *cat = load(
		"CREATE TYPE mood AS ENUM ('a');\n"
		"CREATE FUNCTION add(a int, b text DEFAULT 'x') RETURNS int "
		"LANGUAGE sql AS $$ SELECT 1 $$;\n"
		"CREATE FUNCTION add(a mood) RETURNS SETOF int "
		"LANGUAGE sql AS $$ SELECT 1 $$;\n"
		"CREATE FUNCTION rt() RETURNS TABLE(id int, n text) "
		"LANGUAGE sql AS $$ SELECT 1, 'a' $$;\n"
		"CREATE PROCEDURE p(a int, OUT b int) LANGUAGE plpgsql "
		"AS $$ BEGIN b := a; END $$;\n");
	struct sd_function *f;

	f = catalog_find(cat, SD_FUNCTION, "public", "add(integer, text)");
	cr_assert_not_null(f);
	cr_assert_str_eq(f->fname, "add");
	cr_assert_str_eq(f->identity_args, "integer, text");
	cr_assert_str_eq(f->args, "a integer, b text DEFAULT 'x'");
	cr_assert_str_eq(f->result, "integer");
	cr_assert(!f->is_procedure);
	cr_assert(strstr(f->definition,
			 "CREATE OR REPLACE FUNCTION public.add("));
	cr_assert(strstr(f->definition, "$$ SELECT 1 $$"));

	f = catalog_find(cat, SD_FUNCTION, "public", "add(public.mood)");
	cr_assert_not_null(f);
	cr_assert_str_eq(f->result, "SETOF integer");
	cr_assert(has_dep(&f->base, "type:public.mood"));

	f = catalog_find(cat, SD_FUNCTION, "public", "rt()");
	cr_assert_not_null(f);
	cr_assert_str_eq(f->result, "TABLE(id integer, n text)");

	/* a procedure's OUT arguments are part of its signature */
	f = catalog_find(cat, SD_FUNCTION, "public", "p(integer, integer)");
	cr_assert_not_null(f);
	cr_assert(f->is_procedure);
	cr_assert_null(f->result);
	catalog_free(cat);
}

Test(pg_function, trigger_and_comments)
{
	struct catalog *cat = load(
		"COMMENT ON TRIGGER tr ON t IS 'on insert';\n"
		"CREATE TRIGGER tr BEFORE INSERT OR UPDATE OF a ON t FOR EACH "
		"ROW WHEN (NEW.a > 0) EXECUTE PROCEDURE f('x');\n"
		"CREATE TABLE t (a int);\n"
		"CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS "
		"$$ BEGIN RETURN NEW; END $$;\n"
		"COMMENT ON FUNCTION f() IS 'fn';\n");
	struct sd_trigger *t = catalog_find(cat, SD_TRIGGER, "public", "t.tr");
	struct sd_function *f = catalog_find(cat, SD_FUNCTION, "public",
					     "f()");

	cr_assert_not_null(t);
	cr_assert_not_null(f);
	cr_assert_str_eq(t->table, "t");
	cr_assert_str_eq(t->tgname, "tr");
	cr_assert_str_eq(t->base.comment, "on insert");
	cr_assert_str_eq(f->base.comment, "fn");
	cr_assert(strstr(t->definition, "ON public.t"), "%s", t->definition);
	cr_assert(strstr(t->definition, "public.f('x')"), "%s",
		  t->definition);
	cr_assert(has_dep(&t->base, "rel:public.t"));
	cr_assert(has_dep(&t->base, "function:public.\"f()\""));
	catalog_free(cat);
}

Test(pg_function, callers_depend_on_functions)
{
	struct catalog *cat = load(
		"CREATE TABLE t (id text DEFAULT gen_id() CHECK (ok(id)));\n"
		"CREATE FUNCTION gen_id() RETURNS text LANGUAGE sql AS "
		"$$ SELECT 'a' $$;\n"
		"CREATE FUNCTION ok(s text) RETURNS bool LANGUAGE sql AS "
		"$$ SELECT true $$;\n"
		"CREATE FUNCTION unused() RETURNS bool LANGUAGE sql AS "
		"$$ SELECT true $$;\n");
	struct sd_object *t = catalog_find(cat, SD_TABLE, "public", "t");

	cr_assert(has_dep(t, "function:public.\"gen_id()\""));
	cr_assert(has_dep(t, "function:public.\"ok(text)\""));
	cr_assert(!has_dep(t, "function:public.\"unused()\""));
	catalog_free(cat);
}

Test(pg_function, drop_in_scripts)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err = { 0 };
	int rc = pg_replay_script(
		cat, "v.sql",
		"CREATE TABLE t (a int);\n"
		"CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS "
		"$$ BEGIN RETURN NEW; END $$;\n"
		"CREATE FUNCTION g(int) RETURNS int LANGUAGE sql AS "
		"$$ SELECT 1 $$;\n"
		"CREATE TRIGGER tr AFTER DELETE ON t FOR EACH STATEMENT "
		"EXECUTE FUNCTION f();\n"
		"DROP TRIGGER tr ON t;\n"
		"DROP FUNCTION f;\n"
		"DROP FUNCTION IF EXISTS nothere(int);\n"
		"DROP FUNCTION g(integer);\n",
		&err);

	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_assert_null(catalog_find(cat, SD_TRIGGER, "public", "t.tr"));
	cr_assert_null(catalog_find(cat, SD_FUNCTION, "public", "f()"));
	cr_assert_null(catalog_find(cat, SD_FUNCTION, "public", "g(integer)"));
	catalog_free(cat);

	cr_assert_neq(load_err("DROP FUNCTION nothere(int);", &err), 0);
	cr_assert(strstr(err.msg, "does not exist"), "%s", err.msg);
	cr_assert_neq(load_err("CREATE FUNCTION f() RETURNS int LANGUAGE sql "
			       "AS $$ SELECT 1 $$;\n"
			       "CREATE FUNCTION f() RETURNS int LANGUAGE sql "
			       "AS $$ SELECT 2 $$;\n", &err), 0);
	cr_assert(strstr(err.msg, "already exists"), "%s", err.msg);
}

static const char base_sql[] =
	"CREATE TABLE t (a int, v text DEFAULT mk());\n"
	"CREATE FUNCTION mk() RETURNS text LANGUAGE sql AS $$ SELECT 'a' $$;\n"
	"CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS "
	"$$ BEGIN RETURN NEW; END $$;\n"
	"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION "
	"trg();\n";

Test(pg_function, create_order)
{
	struct strbuf out = STRBUF_INIT;
	const char *mk, *tab, *trg;

	plan("", base_sql, &out);
	mk = strstr(out.buf, "FUNCTION public.mk()");
	tab = strstr(out.buf, "CREATE TABLE public.t");
	trg = strstr(out.buf, "CREATE TRIGGER tr");
	cr_assert(mk && tab && trg, "%s", out.buf);
	cr_assert(mk < tab && tab < trg, "%s", out.buf);

	strbuf_reset(&out);
	plan(base_sql, "", &out);
	cr_assert(strstr(out.buf, "DROP TRIGGER tr ON public.t;") <
			  strstr(out.buf, "DROP FUNCTION public.trg();"),
		  "%s", out.buf);
	strbuf_release(&out);
}

Test(pg_function, replace_or_remake)
{
	struct strbuf out = STRBUF_INIT;

	/* a new body: CREATE OR REPLACE, the trigger stays */
	plan(base_sql,
	     "CREATE TABLE t (a int, v text DEFAULT mk());\n"
	     "CREATE FUNCTION mk() RETURNS text LANGUAGE sql AS $$ SELECT 'a' $$;\n"
	     "CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS "
	     "$$ BEGIN RETURN NULL; END $$;\n"
	     "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE "
	     "FUNCTION trg();\n",
	     &out);
	cr_assert(strstr(out.buf, "CREATE OR REPLACE FUNCTION public.trg()"),
		  "%s", out.buf);
	cr_assert_null(strstr(out.buf, "DROP"), "%s", out.buf);
	cr_assert_null(strstr(out.buf, "TRIGGER"), "%s", out.buf);

	/* a new result type: drop and create, and the trigger with it */
	strbuf_reset(&out);
	plan("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS "
	     "$$ SELECT 1 $$;\n",
	     "CREATE FUNCTION f(a int) RETURNS bigint LANGUAGE sql AS "
	     "$$ SELECT 1 $$;\n",
	     &out);
	cr_assert(strstr(out.buf, "DROP FUNCTION public.f(integer);\n"
				  "CREATE OR REPLACE FUNCTION public.f("),
		  "%s", out.buf);

	/* a renamed argument: drop and create */
	strbuf_reset(&out);
	plan("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS "
	     "$$ SELECT 1 $$;\n",
	     "CREATE FUNCTION f(b int) RETURNS int LANGUAGE sql AS "
	     "$$ SELECT 1 $$;\n",
	     &out);
	cr_assert(strstr(out.buf, "DROP FUNCTION public.f(integer);"), "%s",
		  out.buf);

	/* a trigger's function changes its signature: the trigger is
	 * dropped first and created after */
	strbuf_reset(&out);
	plan(base_sql,
	     "CREATE TABLE t (a int, v text DEFAULT mk());\n"
	     "CREATE FUNCTION mk() RETURNS text LANGUAGE sql AS $$ SELECT 'a' $$;\n"
	     "CREATE PROCEDURE trgp() LANGUAGE sql AS $$ SELECT 1 $$;\n"
	     "CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql "
	     "SECURITY DEFINER AS $$ BEGIN RETURN NEW; END $$;\n"
	     "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE "
	     "FUNCTION trg();\n"
	     "COMMENT ON TRIGGER tr ON t IS 'x';\n",
	     &out);
	cr_assert(strstr(out.buf, "DROP TRIGGER tr ON public.t;"), "%s",
		  out.buf);
	cr_assert(strstr(out.buf, "CREATE PROCEDURE") ||
			  strstr(out.buf, "PROCEDURE public.trgp()"),
		  "%s", out.buf);
	cr_assert(strstr(out.buf,
			 "COMMENT ON TRIGGER tr ON public.t IS 'x';"),
		  "%s", out.buf);
	strbuf_release(&out);
}

Test(pg_function, unchanged_is_empty)
{
	struct strbuf out = STRBUF_INIT;

	plan(base_sql, base_sql, &out);
	cr_assert_str_eq(out.buf, "");
	strbuf_release(&out);
}

/* SQL-standard bodies: BEGIN ATOMIC is deparsed like the rest (libpg_query
 * 18; 15 could not print it and the body was kept as written), so two
 * spellings of one body compare equal; what a body reads is a
 * dependency, so it is created after the table even when written before
 * it; a body string inside the body does not confuse the scan. */
Test(pg_function, sql_standard_bodies)
{
	struct catalog *cat = load(
		"CREATE FUNCTION total() RETURNS numeric LANGUAGE sql STABLE\n"
		"BEGIN ATOMIC\n"
		"  SELECT sum(price) FROM items WHERE note <> 'begin atomic';\n"
		"END;\n"
		"CREATE FUNCTION twice(x int) RETURNS int LANGUAGE sql "
		"RETURN x * 2;\n"
		"CREATE TABLE items (price numeric, note text);\n");
	struct sd_function *f = catalog_find(cat, SD_FUNCTION, "public",
					     "total()");
	struct strbuf out = STRBUF_INIT;

	cr_assert_not_null(f);
	cr_assert_str_eq(f->definition,
			 "CREATE OR REPLACE FUNCTION public.total() RETURNS "
			 "numeric LANGUAGE sql STABLE BEGIN ATOMIC "
			 "SELECT sum(price) FROM items WHERE note <> "
			 "'begin atomic'; END");
	cr_assert(has_dep(&f->base, "rel:public.items"));
	f = catalog_find(cat, SD_FUNCTION, "public", "twice(integer)");
	cr_assert_not_null(f);
	cr_assert(strstr(f->definition, "RETURN x * 2"), "%s", f->definition);
	catalog_free(cat);

	plan("", "CREATE PROCEDURE clear() LANGUAGE sql BEGIN ATOMIC "
		 "DELETE FROM items; END;\n"
		 "CREATE TABLE items (price numeric);\n", &out);
	cr_assert(strstr(out.buf, "CREATE TABLE public.items") <
			  strstr(out.buf, "PROCEDURE public.clear()"),
		  "%s", out.buf);
	strbuf_release(&out);
}

/* A partitioned table made again (its key changes) takes its triggers
 * with it: they are created again after it. */
Test(pg_function, triggers_of_a_remade_table)
{
	static const char fn[] =
		"CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS "
		"$$ BEGIN RETURN NEW; END $$;\n";
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, out = STRBUF_INIT;
	const char *table, *trigger;

	strbuf_addf(&a, "%sCREATE TABLE p (id int, k int) PARTITION BY RANGE "
		    "(k);\nCREATE TRIGGER tr BEFORE INSERT ON p FOR EACH ROW "
		    "EXECUTE FUNCTION trg();\n", fn);
	strbuf_addf(&b, "%sCREATE TABLE p (id int, k int) PARTITION BY RANGE "
		    "(id);\nCREATE TRIGGER tr BEFORE INSERT ON p FOR EACH ROW "
		    "EXECUTE FUNCTION trg();\n", fn);
	plan(a.buf, b.buf, &out);
	table = strstr(out.buf, "CREATE TABLE public.p");
	trigger = strstr(out.buf, "CREATE TRIGGER tr");
	cr_assert(table && trigger && table < trigger, "%s", out.buf);
	cr_assert(strstr(out.buf, "DROP TRIGGER tr ON public.p;") <
			  strstr(out.buf, "DROP TABLE public.p;"),
		  "%s", out.buf);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&out);
}
