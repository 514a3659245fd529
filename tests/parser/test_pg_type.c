/*
 * tests/parser/test_pg_type.c: domains, composite types and range types in
 * the PostgreSQL DDL interpreter (parser/pg/pg_domain.c, pg_composite.c,
 * pg_range.c): CREATE, ALTER, RENAME, DROP and COMMENT, default constraint
 * names, dependencies.
 *
 * Memory: each test frees its catalog.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/error.h"

#include "util/banned.h"

static struct catalog *load(const char *sql, bool script)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;
	int ret;

	sd_error_clear(&err);
	ret = script ? pg_replay_script(cat, "t.sql", sql, &err)
		     : pg_load_desired_text(cat, "t.sql", sql, &err);
	cr_assert_eq(ret, 0, "load failed: %s", err.msg);
	return cat;
}

static int load_fails(const char *sql, struct sd_error *err)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	int ret;

	sd_error_clear(err);
	ret = pg_replay_script(cat, "t.sql", sql, err);
	catalog_free(cat);
	return ret;
}

static struct sd_type *type(struct catalog *cat, const char *schema,
			    const char *name)
{
	struct sd_type *t = catalog_find(cat, SD_TYPE, schema, name);

	cr_assert(t, "type %s.%s not found", schema, name);
	return t;
}

static bool has_dep(const struct sd_object *obj, const char *key)
{
	for (size_t i = 0; i < obj->ndeps; i++)
		if (!strcmp(obj->deps[i], key))
			return true;
	return false;
}

#define expect_str(got, want) \
	cr_expect((got) && !strcmp((got), (want)), "%s: got %s, want %s", \
		  #got, (got) ? (got) : "NULL", (want))

TestSuite(pg_type);

Test(pg_type, create_domain)
{
	struct catalog *cat = load(
		"CREATE SCHEMA s;\n"
		"CREATE DOMAIN s.pos AS int DEFAULT 1 NOT NULL\n"
		"  CHECK (VALUE > 0) CONSTRAINT small CHECK (VALUE < 100)\n"
		"  CHECK (VALUE <> 7);\n"
		"CREATE DOMAIN d2 AS s.pos COLLATE \"C\";\n"
		"CREATE DOMAIN t AS varchar(20) NULL;\n"
		"COMMENT ON DOMAIN t IS 'text';\n", false);
	struct sd_type *d = type(cat, "s", "pos"), *d2, *t;

	cr_expect_eq(d->typtype, SD_TYPTYPE_DOMAIN);
	expect_str(d->base_type, "integer");
	expect_str(d->default_expr, "1");
	cr_expect(d->not_null);
	cr_assert_eq(d->nchecks, 3);
	expect_str(d->checks[0].name, "pos_check");
	expect_str(d->checks[0].expr, "value > 0");
	expect_str(d->checks[1].name, "small");
	expect_str(d->checks[2].name, "pos_check1");
	cr_expect(has_dep(&d->base, "schema:s"));
	d2 = type(cat, "public", "d2");
	expect_str(d2->base_type, "s.pos");
	expect_str(d2->collation, "\"C\"");
	cr_expect(has_dep(&d2->base, "type:s.pos"));
	t = type(cat, "public", "t");
	expect_str(t->base_type, "character varying(20)");
	cr_expect(!t->not_null);
	expect_str(t->base.comment, "text");
	catalog_free(cat);
}

Test(pg_type, domain_check_names_share_the_schema)
{
	/* a table check took d_check: the domain's becomes d_check1 */
	struct catalog *cat = load(
		"CREATE TABLE d (a int, b int, CHECK (a > b));\n"
		"CREATE DOMAIN d AS int CHECK (VALUE > 0);\n", true);
	struct sd_type *d = type(cat, "public", "d");

	cr_assert_eq(d->nchecks, 1);
	expect_str(d->checks[0].name, "d_check1");
	catalog_free(cat);
}

Test(pg_type, alter_domain)
{
	struct catalog *cat = load(
		"CREATE DOMAIN d AS int DEFAULT 1 CHECK (VALUE > 0);\n"
		"ALTER DOMAIN d SET DEFAULT 2;\n"
		"ALTER DOMAIN d SET NOT NULL;\n"
		"ALTER DOMAIN d ADD CONSTRAINT lim CHECK (VALUE < 9) NOT VALID;\n"
		"ALTER DOMAIN d ADD CHECK (VALUE <> 3);\n"
		"ALTER DOMAIN d DROP CONSTRAINT d_check;\n"
		"ALTER DOMAIN d RENAME CONSTRAINT d_check1 TO not3;\n"
		"ALTER DOMAIN d DROP CONSTRAINT IF EXISTS nope;\n", true);
	struct sd_type *d = type(cat, "public", "d");

	expect_str(d->default_expr, "2");
	cr_expect(d->not_null);
	cr_assert_eq(d->nchecks, 2);
	expect_str(d->checks[0].name, "lim");
	cr_expect(d->checks[0].not_valid);
	expect_str(d->checks[1].name, "not3");
	catalog_free(cat);

	cat = load("CREATE DOMAIN d AS int NOT NULL DEFAULT 1;\n"
		   "ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE > 0) NOT VALID;\n"
		   "ALTER DOMAIN d VALIDATE CONSTRAINT c;\n"
		   "ALTER DOMAIN d DROP DEFAULT;\n"
		   "ALTER DOMAIN d DROP NOT NULL;\n"
		   "ALTER DOMAIN d RENAME TO e;\n", true);
	d = type(cat, "public", "e");
	cr_expect(!d->default_expr);
	cr_expect(!d->not_null);
	cr_expect(!d->checks[0].not_valid);
	catalog_free(cat);
}

Test(pg_type, domain_errors)
{
	struct sd_error err;

	cr_expect_neq(load_fails("CREATE DOMAIN d AS int;\n"
				 "ALTER DOMAIN d DROP CONSTRAINT x;", &err), 0);
	cr_expect(strstr(err.msg, "constraint \"x\" of domain \"d\" does "
				  "not exist"), "%s", err.msg);
	cr_expect_neq(load_fails("CREATE TYPE e AS ENUM ('a');\n"
				 "ALTER DOMAIN e SET NOT NULL;", &err), 0);
	cr_expect(strstr(err.msg, "is not a domain"), "%s", err.msg);
	cr_expect_neq(load_fails("CREATE DOMAIN d AS int CONSTRAINT c "
				 "CHECK (VALUE > 0) CONSTRAINT c CHECK "
				 "(VALUE > 1);", &err), 0);
	cr_expect(strstr(err.msg, "already exists"), "%s", err.msg);
}

Test(pg_type, drop_domain_and_column_dependency)
{
	struct catalog *cat = load(
		"CREATE DOMAIN d AS int;\n"
		"CREATE TABLE t (a d);\n", false);
	struct sd_table *t = catalog_find(cat, SD_TABLE, "public", "t");

	cr_assert(t);
	expect_str(t->columns[0].type, "public.d");
	cr_expect(has_dep(&t->base, "type:public.d"));
	catalog_free(cat);
	cat = load("CREATE DOMAIN d AS int;\nDROP DOMAIN d;\n", true);
	cr_expect(!catalog_find(cat, SD_TYPE, "public", "d"));
	catalog_free(cat);
}

Test(pg_type, composite)
{
	struct catalog *cat = load(
		"CREATE TYPE c AS (a int, b text COLLATE \"C\", e mood[]);\n"
		"CREATE TYPE mood AS ENUM ('x');\n"
		"ALTER TYPE c ADD ATTRIBUTE z numeric(5,2);\n"
		"ALTER TYPE c DROP ATTRIBUTE IF EXISTS nope;\n"
		"ALTER TYPE c ALTER ATTRIBUTE a TYPE bigint;\n"
		"ALTER TYPE c RENAME ATTRIBUTE b TO bb;\n"
		"ALTER TYPE c DROP ATTRIBUTE e;\n", false);
	struct sd_type *c = type(cat, "public", "c");

	cr_expect_eq(c->typtype, SD_TYPTYPE_COMPOSITE);
	cr_assert_eq(c->nattrs, 3);
	expect_str(c->attrs[0].type, "bigint");
	expect_str(c->attrs[1].name, "bb");
	expect_str(c->attrs[1].collation, "\"C\"");
	expect_str(c->attrs[2].name, "z");
	expect_str(c->attrs[2].type, "numeric(5,2)");
	cr_expect(has_dep(&c->base, "type:public.mood"));
	catalog_free(cat);
}

Test(pg_type, range)
{
	struct catalog *cat = load(
		"CREATE TYPE floatrange AS RANGE (subtype = float8,"
		" subtype_diff = float8mi);\n"
		"CREATE TYPE s2 AS RANGE (SUBTYPE = text, COLLATION = \"C\","
		" subtype_opclass = text_pattern_ops,"
		" multirange_type_name = many_s2);\n", false);
	struct sd_type *r = type(cat, "public", "floatrange"), *s2;

	cr_expect_eq(r->typtype, SD_TYPTYPE_RANGE);
	expect_str(r->base_type, "double precision");
	expect_str(r->subtype_diff, "float8mi");
	expect_str(r->multirange, "floatmultirange");
	cr_expect(!r->collation && !r->subtype_opclass && !r->canonical);
	s2 = type(cat, "public", "s2");
	expect_str(s2->collation, "\"C\"");
	expect_str(s2->subtype_opclass, "text_pattern_ops");
	expect_str(s2->multirange, "many_s2");
	catalog_free(cat);
}

Test(pg_type, multirange_names)
{
	struct strbuf sb = STRBUF_INIT;

	pg_multirange_name(&sb, "daterange2");
	cr_expect_str_eq(sb.buf, "datemultirange2");
	strbuf_reset(&sb);
	pg_multirange_name(&sb, "span");
	cr_expect_str_eq(sb.buf, "span_multirange");
	strbuf_release(&sb);
}

Test(pg_type, renamed_type_followed)
{
	struct catalog *cat = load(
		"CREATE SCHEMA s;\n"
		"CREATE DOMAIN a AS int;\n"
		"CREATE DOMAIN b AS a;\n"
		"CREATE TYPE c AS (x a, y a[]);\n"
		"CREATE TYPE r AS RANGE (subtype = a);\n"
		"ALTER DOMAIN a RENAME TO aa;\n"
		"ALTER DOMAIN aa SET SCHEMA s;\n", true);

	expect_str(type(cat, "public", "b")->base_type, "s.aa");
	expect_str(type(cat, "public", "c")->attrs[0].type, "s.aa");
	expect_str(type(cat, "public", "c")->attrs[1].type, "s.aa[]");
	expect_str(type(cat, "public", "r")->base_type, "s.aa");
	cr_expect(has_dep(&type(cat, "public", "b")->base, "type:s.aa"));
	catalog_free(cat);
}
