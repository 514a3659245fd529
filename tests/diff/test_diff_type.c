/*
 * tests/diff/test_diff_type.c: the diff and the SQL of domains, composite
 * types and range types (diff/diff_domain.c, diff/diff_composite.c,
 * diff/diff_type.c, emit/pg_domain.c, emit/pg_composite.c,
 * emit/pg_type.c). Both sides come through the parser; the plan is
 * compared as text.
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

/* The plan from a to b, and whether any change is destructive. */
static void expect_plan(const char *a, const char *b, const char *want,
			bool destructive)
{
	struct catalog *ca = load(a), *cb = load(b);
	struct changeset *cs;
	struct sd_error err;
	struct strbuf out = STRBUF_INIT;
	bool d = false;

	sd_error_clear(&err);
	cr_assert_eq(diff_catalogs(ca, cb, &cs, &err), 0, "%s", err.msg);
	emit_pg_changeset(cs, &out);
	for (size_t i = 0; i < cs->nchanges; i++)
		d |= !!(cs->changes[i].flags & CHANGE_DESTRUCTIVE);
	cr_expect_str_eq(out.buf, want);
	cr_expect_eq(d, destructive);
	strbuf_release(&out);
	changeset_free(cs);
	catalog_free(ca);
	catalog_free(cb);
}

TestSuite(diff_type);

Test(diff_type, create_in_dependency_order)
{
	expect_plan("",
		    "CREATE TABLE t (a d2, c comp);\n"
		    "CREATE DOMAIN d2 AS d1 CHECK (VALUE <> 5);\n"
		    "CREATE DOMAIN d1 AS int NOT NULL DEFAULT 1;\n"
		    "CREATE TYPE comp AS (x d1, y text COLLATE \"C\");\n"
		    "CREATE TYPE r AS RANGE (subtype = float8);\n",
		    "CREATE DOMAIN public.d1 AS integer DEFAULT 1 NOT NULL;\n"
		    "CREATE TYPE public.comp AS (x public.d1, y text COLLATE "
		    "\"C\");\n"
		    "CREATE DOMAIN public.d2 AS public.d1 CONSTRAINT d2_check "
		    "CHECK (value <> 5);\n"
		    "CREATE TYPE public.r AS RANGE (SUBTYPE = double precision, "
		    "MULTIRANGE_TYPE_NAME = public.r_multirange);\n"
		    "CREATE TABLE public.t (\n"
		    "    a public.d2,\n"
		    "    c public.comp\n"
		    ");\n",
		    false);
}

Test(diff_type, drop_after_tables)
{
	expect_plan("CREATE DOMAIN d AS int;\nCREATE TABLE t (a d);\n", "",
		    "DROP TABLE public.t;\nDROP DOMAIN public.d;\n", true);
}

Test(diff_type, alter_domain)
{
	expect_plan("CREATE DOMAIN d AS int DEFAULT 1 CHECK (VALUE > 0)"
		    " CONSTRAINT keep CHECK (VALUE < 10);\n"
		    "ALTER DOMAIN d ADD CONSTRAINT nv CHECK (VALUE <> 3)"
		    " NOT VALID;\n",
		    "CREATE DOMAIN d AS int NOT NULL CHECK (VALUE > 1)"
		    " CONSTRAINT keep CHECK (VALUE < 10)"
		    " CONSTRAINT nv CHECK (VALUE <> 3);\n",
		    "ALTER DOMAIN public.d DROP CONSTRAINT d_check;\n"
		    "ALTER DOMAIN public.d DROP DEFAULT;\n"
		    "ALTER DOMAIN public.d SET NOT NULL;\n"
		    "ALTER DOMAIN public.d ADD CONSTRAINT d_check CHECK "
		    "(value > 1);\n"
		    "ALTER DOMAIN public.d VALIDATE CONSTRAINT nv;\n",
		    false);
}

Test(diff_type, domain_remade_when_base_changes)
{
	expect_plan("CREATE DOMAIN d AS int;\n", "CREATE DOMAIN d AS bigint;\n",
		    "DROP DOMAIN public.d;\n"
		    "CREATE DOMAIN public.d AS bigint;\n",
		    true);
}

Test(diff_type, new_domain_not_valid_check_added_apart)
{
	expect_plan("",
		    "CREATE DOMAIN d AS int;\n"
		    "ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE > 0) NOT "
		    "VALID;\n",
		    "CREATE DOMAIN public.d AS integer;\n"
		    "ALTER DOMAIN public.d ADD CONSTRAINT c CHECK (value > 0) "
		    "NOT VALID;\n",
		    false);
}

Test(diff_type, composite_attributes)
{
	expect_plan("CREATE TYPE c AS (a int, b text, c int);\n",
		    "CREATE TYPE c AS (a bigint, c int, x text COLLATE \"C\");\n",
		    "ALTER TYPE public.c ALTER ATTRIBUTE a TYPE bigint;\n"
		    "ALTER TYPE public.c DROP ATTRIBUTE b;\n"
		    "ALTER TYPE public.c ADD ATTRIBUTE x text COLLATE \"C\";\n",
		    true);
	expect_plan("CREATE TYPE c AS (a int, b text);\n",
		    "CREATE TYPE c AS (b text, a int);\n",
		    "DROP TYPE public.c;\n"
		    "CREATE TYPE public.c AS (b text, a integer);\n",
		    true);
}

Test(diff_type, range_remade_on_any_change)
{
	expect_plan("CREATE TYPE r AS RANGE (subtype = float8);\n",
		    "CREATE TYPE r AS RANGE (subtype = float8);\n", "", false);
	expect_plan("CREATE TYPE r AS RANGE (subtype = float8);\n",
		    "CREATE TYPE r AS RANGE (subtype = float8,"
		    " subtype_diff = float8mi);\n",
		    "DROP TYPE public.r;\n"
		    "CREATE TYPE public.r AS RANGE (SUBTYPE = double precision, "
		    "SUBTYPE_DIFF = float8mi, MULTIRANGE_TYPE_NAME = "
		    "public.r_multirange);\n",
		    true);
}

Test(diff_type, kind_change_remakes)
{
	expect_plan("CREATE TYPE x AS ENUM ('a');\n",
		    "CREATE DOMAIN x AS text;\n",
		    "DROP TYPE public.x;\n"
		    "CREATE DOMAIN public.x AS text;\n",
		    true);
}
