/*
 * tests/emit/test_pg_features.c: the PostgreSQL feature table
 * (emit/pg_features.c) without a server. Catalogs come from SQL where the
 * parser reads the feature; the features of 17 and 18 that the parser
 * (libpg_query 15) cannot read yet are set on the model fields that
 * introspection and, later, the parser fill. Each feature is refused on
 * the version before it, with its name, both versions and where it is
 * used, and accepted from its version on; version 0 checks nothing.
 *
 * Memory: each test frees its catalogs.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "emit/pg_features.h"
#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/error.h"

#include "util/banned.h"

static struct catalog *parse(const char *sql)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;

	sd_error_clear(&err);
	cr_assert_eq(pg_load_desired_text(cat, "t.sql", sql, &err), 0, "%s",
		     err.msg);
	return cat;
}

/* cat needs exactly `since`: refused on the version before, with a
 * message holding name and where, accepted from since on. */
static void needs(struct catalog *cat, int since, const char *name,
		  const char *where)
{
	struct sd_error err;
	const char *got = NULL;

	sd_error_clear(&err);
	cr_expect_eq(pg_features_check(cat, since - 10000, "the desired schema",
				       &err),
		     SD_ERR_UNSUPPORTED, "not refused on %d", since - 10000);
	cr_expect(strstr(err.msg, name), "%s", err.msg);
	cr_expect(strstr(err.msg, where), "%s", err.msg);
	cr_expect(strstr(err.msg, "in the desired schema"), "%s", err.msg);
	sd_error_clear(&err);
	cr_expect_eq(pg_features_check(cat, since, NULL, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(pg_features_check(cat, 180004, NULL, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(pg_features_check(cat, 0, NULL, &err), 0);
	cr_expect_eq(pg_features_needed(cat, &got), since);
	cr_expect_not_null(got);
	catalog_free(cat);
}

static struct sd_table *table(struct catalog *cat, const char *name)
{
	struct sd_table *t = catalog_find(cat, SD_TABLE, "public", name);
	cr_assert_not_null(t);
	return t;
}

Test(pg_features, plain_schema_runs_everywhere)
{
	struct catalog *cat = parse(
		"CREATE TABLE t (a int PRIMARY KEY, b text NOT NULL,"
		" c int GENERATED ALWAYS AS (a * 2) STORED CHECK (c > 0));"
		"CREATE UNIQUE INDEX ON t (b);"
		"CREATE DOMAIN d AS int NOT NULL;"
		"GRANT ALL ON t TO PUBLIC;");
	struct sd_error err;

	sd_error_clear(&err);
	cr_expect_eq(pg_features_check(cat, 130000, NULL, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(pg_features_needed(cat, NULL), 130000);
	catalog_free(cat);
}

Test(pg_features, compression_14)
{
	needs(parse("CREATE TABLE t (a int, b text COMPRESSION pglz);"),
	      140000, "COMPRESSION", "column public.t.b");
}

Test(pg_features, nulls_not_distinct_15)
{
	needs(parse("CREATE TABLE t (a int);"
		    "CREATE UNIQUE INDEX ti ON t (a) NULLS NOT DISTINCT;"),
	      150000, "NULLS NOT DISTINCT", "index public.ti");
	needs(parse("CREATE TABLE t (a int,"
		    " CONSTRAINT u UNIQUE NULLS NOT DISTINCT (a));"),
	      150000, "NULLS NOT DISTINCT", "constraint u on public.t");
}

Test(pg_features, security_invoker_15)
{
	needs(parse("CREATE TABLE t (a int);"
		    "CREATE VIEW v WITH (security_invoker = true) AS SELECT a FROM t;"),
	      150000, "security_invoker views", "view public.v");
}

Test(pg_features, maintain_17)
{
	struct catalog *cat = parse("CREATE TABLE t (a int);");

	object_grant(cat, &table(cat, "t")->base, "r", NULL, "MAINTAIN",
		     false);
	needs(cat, 170000, "MAINTAIN", "public.t");
}

Test(pg_features, collations_16_17)
{
	struct catalog *cat = parse("CREATE COLLATION c (provider = icu,"
				    " locale = 'und');");
	struct sd_collation *c = catalog_find(cat, SD_COLLATION, "public",
					      "c");

	cr_assert_not_null(c);
	c->rules = "&a < g";
	needs(cat, 160000, "ICU collation rules", "collation public.c");
	cat = parse("CREATE COLLATION c (provider = icu, locale = 'und');");
	c = catalog_find(cat, SD_COLLATION, "public", "c");
	c->provider = 'b';
	needs(cat, 170000, "builtin collation", "collation public.c");
}

Test(pg_features, domain_not_null_name_17)
{
	struct catalog *cat = parse("CREATE DOMAIN d AS int NOT NULL;");
	struct sd_type *d = catalog_find(cat, SD_TYPE, "public", "d");

	cr_assert_not_null(d);
	d->not_null_name = "d_nn";
	needs(cat, 170000, "domain NOT NULL", "domain public.d");
}

Test(pg_features, features_of_18)
{
	struct catalog *cat;
	struct sd_table *t;

	cat = parse("CREATE TABLE t (a int, v int GENERATED ALWAYS AS (a + 1)"
		    " STORED);");
	table_find_column(table(cat, "t"), "v")->gen_virtual = true;
	needs(cat, 180000, "virtual generated columns", "column public.t.v");

	cat = parse("CREATE TABLE t (a int NOT NULL);");
	table_find_column(table(cat, "t"), "a")->not_null_name = "a_nn";
	needs(cat, 180000, "NOT NULL constraints", "column public.t.a");
	cat = parse("CREATE TABLE t (a int NOT NULL);");
	table_find_column(table(cat, "t"), "a")->not_null_no_inherit = true;
	needs(cat, 180000, "NOT NULL constraints", "column public.t.a");

	cat = parse("CREATE TABLE t (a int CONSTRAINT k CHECK (a > 0));");
	table(cat, "t")->constraints[0].not_enforced = true;
	needs(cat, 180000, "NOT ENFORCED", "constraint k on public.t");

	cat = parse("CREATE TABLE t (a int, r int4range,"
		    " CONSTRAINT p PRIMARY KEY (a, r));");
	t = table(cat, "t");
	t->constraints[0].without_overlaps = true;
	needs(cat, 180000, "WITHOUT OVERLAPS", "constraint p on public.t");

	cat = parse("CREATE TABLE p (a int PRIMARY KEY);"
		    "CREATE TABLE t (a int CONSTRAINT f REFERENCES p);");
	table(cat, "t")->constraints[0].period = true;
	needs(cat, 180000, "PERIOD", "constraint f on public.t");
}

Test(pg_features, oldest_need_is_named_first)
{
	struct catalog *cat = parse("CREATE TABLE t (a int, b text"
				    " COMPRESSION pglz, v int GENERATED ALWAYS"
				    " AS (a + 1) STORED);");
	struct sd_error err;

	table_find_column(table(cat, "t"), "v")->gen_virtual = true;
	sd_error_clear(&err);
	cr_expect_neq(pg_features_check(cat, 130000, NULL, &err), 0);
	cr_expect(strstr(err.msg, "need PostgreSQL 14; the target is 13"),
		  "%s", err.msg);
	sd_error_clear(&err);
	cr_expect_neq(pg_features_check(cat, 170000, NULL, &err), 0);
	cr_expect(strstr(err.msg, "virtual generated columns need PostgreSQL"
				  " 18; the target is 17"),
		  "%s", err.msg);
	cr_expect_eq(pg_features_needed(cat, NULL), 180000);
	catalog_free(cat);
}
