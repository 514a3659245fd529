/*
 * tests/diff/test_diff_viewcol.c: column comments of views, materialized
 * views and composite types, and views' column defaults, through the
 * parser (parser/pg/pg_viewcol.c: desired sets in any order, version
 * scripts, the errors), the diff (diff/diff_viewcol.c) and the SQL
 * (emit/pg_comment.c, emit/pg_table.c's ALTER VIEW). The plan is compared
 * as text.
 *
 * Memory: each test frees its catalogs, change set and buffer.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "diff/diff.h"
#include "emit/emit.h"
#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/error.h"

#include "util/banned.h"

static struct catalog *load(const char *sql)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;

	sd_error_clear(&err);
	cr_assert_eq(pg_load_desired_text(cat, "t.sql", sql, &err), 0,
		     "load failed: %s", err.msg);
	return cat;
}

static void expect_plan(const char *a, const char *b, const char *want)
{
	struct catalog *ca = load(a), *cb = load(b);
	struct changeset *cs;
	struct sd_error err;
	struct strbuf out = STRBUF_INIT;

	sd_error_clear(&err);
	cr_assert_eq(diff_catalogs(ca, cb, &cs, &err), 0, "%s", err.msg);
	emit_pg_changeset(cs, &out);
	cr_expect_str_eq(out.buf, want, "\n--- got:\n%s--- want:\n%s",
			 out.buf, want);
	strbuf_release(&out);
	changeset_free(cs);
	catalog_free(ca);
	catalog_free(cb);
}

static void expect_load_error(const char *sql, const char *msg)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;

	sd_error_clear(&err);
	cr_assert_neq(pg_load_desired_text(cat, "t.sql", sql, &err), 0);
	cr_expect(strstr(err.msg, msg), "message: %s", err.msg);
	catalog_free(cat);
}

#define BASE "CREATE TABLE t (id int PRIMARY KEY, n text);\n" \
	     "CREATE VIEW v AS SELECT id, n FROM t;\n" \
	     "CREATE MATERIALIZED VIEW mv AS SELECT id FROM t;\n" \
	     "CREATE TYPE ct AS (a int, b text);\n"

TestSuite(diff_viewcol);

Test(diff_viewcol, parsed_in_any_order_as_pg_dump_writes_them)
{
	/* the comments and defaults come before the objects: a set */
	struct catalog *cat = load(
		"COMMENT ON COLUMN v.n IS 'name';\n"
		"ALTER TABLE ONLY public.v ALTER COLUMN n SET DEFAULT 'x'::text;\n"
		"ALTER VIEW v ALTER COLUMN id SET DEFAULT 0;\n"
		"COMMENT ON COLUMN public.mv.id IS 'mv id';\n"
		"COMMENT ON COLUMN ct.b IS 'attr';\n" BASE);
	const struct sd_view *v = catalog_find(cat, SD_VIEW, "public", "v");
	const struct sd_matview *mv =
		catalog_find(cat, SD_MATVIEW, "public", "mv");
	const struct sd_type *ct = catalog_find(cat, SD_TYPE, "public", "ct");
	const struct sd_column *c;

	cr_assert(v && mv && ct);
	cr_assert_eq(v->notes.n, 2);
	c = viewcols_find(&v->notes, "n");
	cr_assert(c);
	cr_expect_str_eq(c->comment, "name");
	/* a constant's cast is the view column's type: left out, so that
	 * 'x' written by hand compares equal (parser/pg/pg_viewcol.c) */
	cr_expect_str_eq(c->default_expr, "'x'");
	c = viewcols_find(&v->notes, "id");
	cr_assert(c);
	cr_expect_null(c->comment);
	cr_expect_str_eq(c->default_expr, "0");
	c = viewcols_find(&mv->notes, "id");
	cr_assert(c);
	cr_expect_str_eq(c->comment, "mv id");
	cr_expect_str_eq(type_find_attr(ct, "b")->comment, "attr");
	cr_expect_null(type_find_attr(ct, "a")->comment);
	catalog_free(cat);
}

Test(diff_viewcol, replayed_script_sets_and_drops)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;
	const struct sd_view *v;
	const struct sd_column *c;

	sd_error_clear(&err);
	cr_assert_eq(pg_replay_script(cat, "1.sql",
				      BASE
				      "ALTER VIEW v ALTER COLUMN n SET DEFAULT 'a';\n"
				      "COMMENT ON COLUMN v.n IS 'c';\n"
				      "ALTER VIEW v ALTER COLUMN n DROP DEFAULT;\n"
				      "COMMENT ON COLUMN v.n IS '';\n",
				      &err),
		     0, "%s", err.msg);
	v = catalog_find(cat, SD_VIEW, "public", "v");
	c = viewcols_find(&v->notes, "n");
	cr_assert(c);
	cr_expect_null(c->comment);
	cr_expect_null(c->default_expr);
	catalog_free(cat);
}

Test(diff_viewcol, errors_name_what_is_missing)
{
	expect_load_error(BASE "COMMENT ON COLUMN ct.zz IS 'x';",
			  "column \"zz\" of relation \"ct\" does not exist");
	expect_load_error("CREATE VIEW w (a) AS SELECT 1;"
			  "COMMENT ON COLUMN w.b IS 'x';",
			  "column \"b\" of relation \"w\" does not exist");
	expect_load_error("CREATE VIEW w (a) AS SELECT 1;"
			  "ALTER VIEW w ALTER COLUMN b SET DEFAULT 1;",
			  "column \"b\" of relation \"w\" does not exist");
	expect_load_error("ALTER VIEW nope ALTER COLUMN b SET DEFAULT 1;",
			  "relation \"public.nope\" does not exist");
	expect_load_error("COMMENT ON COLUMN nope.b IS 'x';",
			  "does not exist");
}

Test(diff_viewcol, set_changed_and_removed)
{
	expect_plan(BASE "COMMENT ON COLUMN v.n IS 'old';"
			 "ALTER VIEW v ALTER COLUMN id SET DEFAULT 1;"
			 "COMMENT ON COLUMN ct.a IS 'a';",
		    BASE "COMMENT ON COLUMN v.id IS 'id';"
			 "ALTER VIEW v ALTER COLUMN n SET DEFAULT 'z';"
			 "COMMENT ON COLUMN mv.id IS 'm';"
			 "COMMENT ON COLUMN ct.b IS 'b';",
		    "ALTER VIEW public.v ALTER COLUMN n SET DEFAULT 'z';\n"
		    "ALTER VIEW public.v ALTER COLUMN id DROP DEFAULT;\n"
		    "COMMENT ON COLUMN public.ct.a IS NULL;\n"
		    "COMMENT ON COLUMN public.ct.b IS 'b';\n"
		    "COMMENT ON COLUMN public.mv.id IS 'm';\n"
		    "COMMENT ON COLUMN public.v.n IS NULL;\n"
		    "COMMENT ON COLUMN public.v.id IS 'id';\n");
}

Test(diff_viewcol, unchanged_is_empty)
{
	const char *s = BASE "COMMENT ON COLUMN v.n IS 'c';"
			     "ALTER VIEW v ALTER COLUMN n SET DEFAULT 'z';"
			     "COMMENT ON COLUMN mv.id IS 'm';"
			     "COMMENT ON COLUMN ct.b IS 'b';";

	expect_plan(s, s, "");
}

Test(diff_viewcol, view_made_again_gets_them_back)
{
	expect_plan("CREATE TABLE t (id int, n int);"
		    "CREATE VIEW v AS SELECT id, n FROM t;"
		    "CREATE MATERIALIZED VIEW mv AS SELECT n FROM t;"
		    "COMMENT ON COLUMN v.n IS 'c';"
		    "ALTER VIEW v ALTER COLUMN n SET DEFAULT 5;"
		    "COMMENT ON COLUMN mv.n IS 'm';",
		    "CREATE TABLE t (id int, n bigint);"
		    "CREATE VIEW v AS SELECT id, n FROM t;"
		    "CREATE MATERIALIZED VIEW mv AS SELECT n FROM t;"
		    "COMMENT ON COLUMN v.n IS 'c';"
		    "ALTER VIEW v ALTER COLUMN n SET DEFAULT 5;"
		    "COMMENT ON COLUMN mv.n IS 'm';",
		    "DROP MATERIALIZED VIEW public.mv;\n"
		    "DROP VIEW public.v;\n"
		    "ALTER TABLE public.t ALTER COLUMN n TYPE bigint USING "
		    "n::bigint;\n"
		    "CREATE MATERIALIZED VIEW public.mv AS SELECT n FROM t;\n"
		    "CREATE VIEW public.v AS SELECT id, n FROM t;\n"
		    "ALTER VIEW public.v ALTER COLUMN n SET DEFAULT 5;\n"
		    "COMMENT ON COLUMN public.mv.n IS 'm';\n"
		    "COMMENT ON COLUMN public.v.n IS 'c';\n");
}

Test(diff_viewcol, created_with_their_objects)
{
	expect_plan("",
		    "CREATE TYPE ct AS (a int, b text);"
		    "COMMENT ON COLUMN ct.b IS 'b';"
		    "CREATE VIEW v AS SELECT 1 AS one;"
		    "ALTER VIEW v ALTER COLUMN one SET DEFAULT 2;"
		    "COMMENT ON COLUMN v.one IS 'o';",
		    "CREATE TYPE public.ct AS (a integer, b text);\n"
		    "CREATE VIEW public.v AS SELECT 1 AS one;\n"
		    "ALTER VIEW public.v ALTER COLUMN one SET DEFAULT 2;\n"
		    "COMMENT ON COLUMN public.ct.b IS 'b';\n"
		    "COMMENT ON COLUMN public.v.one IS 'o';\n");
}
