/*
 * tests/drivers/test_pg_introspect_type.c: introspection of domains,
 * composite types and range types against a real server
 * (drivers/pg_introspect_type.c): spot checks, and the round trips that
 * `apply` relies on: introspect A, create it all in B from the emitted SQL,
 * introspect B, diff A B empty; the same from the parsed SQL; a second
 * emit of the introspected catalog gives the same SQL.
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

static const char schema_sql[] =
	"CREATE SCHEMA s;\n"
	"CREATE TYPE mood AS ENUM ('sad', 'ok');\n"
	"CREATE SEQUENCE seq;\n"
	"CREATE FUNCTION is_even(i integer) RETURNS boolean"
	" LANGUAGE sql IMMUTABLE AS 'SELECT i % 2 = 0';\n"
	"CREATE DOMAIN s.pos AS integer DEFAULT 1 NOT NULL"
	" CHECK (VALUE > 0) CONSTRAINT small CHECK (VALUE < 1000);\n"
	"CREATE DOMAIN even AS s.pos CHECK (is_even(VALUE));\n"
	"CREATE DOMAIN ci AS text COLLATE \"C\" DEFAULT 'x';\n"
	"CREATE DOMAIN \"Odd Name\" AS varchar(10)[];\n"
	"CREATE DOMAIN ticket AS bigint DEFAULT nextval('seq');\n"
	"CREATE DOMAIN feeling AS mood;\n"
	"ALTER DOMAIN ci ADD CONSTRAINT nv CHECK (VALUE <> '') NOT VALID;\n"
	"COMMENT ON DOMAIN ci IS 'case sensitive';\n"
	"CREATE TYPE pair AS (a even, b text COLLATE \"POSIX\","
	" c numeric(8,2), d mood[]);\n"
	"CREATE TYPE nothing AS ();\n"
	"COMMENT ON TYPE pair IS 'two';\n"
	"CREATE TYPE floatrange AS RANGE (subtype = float8,"
	" subtype_diff = float8mi);\n"
	"CREATE TYPE s.textr AS RANGE (subtype = text, collation = \"C\","
	" subtype_opclass = text_pattern_ops,"
	" multirange_type_name = s.many_text);\n"
	"CREATE TABLE t (a even, b pair, c floatrange, d floatmultirange,"
	" e ci, f ticket);\n"
	"CREATE TABLE typed_row (x int);\n";

TestSuite(pg_introspect_type, .fini = testdb_drop_all, .timeout = 300);

/* The SQL that turns a into b. */
static void plan(const struct catalog *a, const struct catalog *b,
		 struct strbuf *out)
{
	struct changeset *cs;
	struct sd_error err;

	sd_error_clear(&err);
	cr_assert_eq(diff_catalogs(a, b, &cs, &err), 0, "diff: %s", err.msg);
	emit_pg_changeset(cs, out);
	changeset_free(cs);
}

static struct sd_type *type(struct catalog *cat, const char *schema,
			    const char *name)
{
	struct sd_type *t = catalog_find(cat, SD_TYPE, schema, name);

	cr_assert(t, "type %s.%s not introspected", schema, name);
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

Test(pg_introspect_type, fields)
{
	PGconn *a = testdb_create("sd_tt", "fields");
	struct catalog *cat;
	struct sd_type *t;

	testdb_exec(a, schema_sql);
	cat = testdb_introspect(a);

	t = type(cat, "s", "pos");
	cr_expect_eq(t->typtype, SD_TYPTYPE_DOMAIN);
	expect_str(t->base_type, "integer");
	expect_str(t->default_expr, "1");
	cr_expect(t->not_null);
	cr_assert_eq(t->nchecks, 2);
	expect_str(t->checks[0].name, "pos_check");
	expect_str(t->checks[0].expr, "(VALUE > 0)");
	expect_str(t->checks[1].name, "small");
	cr_expect(has_dep(&t->base, "schema:s"));
	t = type(cat, "public", "even");
	expect_str(t->base_type, "s.pos");
	cr_expect(has_dep(&t->base, "type:s.pos"));
	cr_expect(has_dep(&t->base, "function:public.\"is_even(integer)\""),
		  "no dependency on is_even");
	t = type(cat, "public", "ci");
	expect_str(t->collation, "\"C\"");
	expect_str(t->base.comment, "case sensitive");
	cr_assert_eq(t->nchecks, 1);
	cr_expect(t->checks[0].not_valid);
	t = type(cat, "public", "Odd Name");
	expect_str(t->base_type, "character varying(10)[]");
	cr_expect(!t->collation);
	cr_expect(has_dep(&type(cat, "public", "ticket")->base,
			  "rel:public.seq"));
	cr_expect(has_dep(&type(cat, "public", "feeling")->base,
			  "type:public.mood"));

	t = type(cat, "public", "pair");
	cr_expect_eq(t->typtype, SD_TYPTYPE_COMPOSITE);
	cr_assert_eq(t->nattrs, 4);
	expect_str(t->attrs[0].type, "public.even");
	expect_str(t->attrs[1].collation, "\"POSIX\"");
	expect_str(t->attrs[2].type, "numeric(8,2)");
	expect_str(t->attrs[3].type, "public.mood[]");
	cr_expect(has_dep(&t->base, "type:public.mood"));
	expect_str(t->base.comment, "two");
	cr_expect_eq(type(cat, "public", "nothing")->nattrs, 0);
	cr_expect(!catalog_find(cat, SD_TYPE, "public", "typed_row"),
		  "the row type of a table is no type of its own");

	t = type(cat, "public", "floatrange");
	cr_expect_eq(t->typtype, SD_TYPTYPE_RANGE);
	expect_str(t->base_type, "double precision");
	expect_str(t->subtype_diff, "float8mi");
	expect_str(t->multirange, "floatmultirange");
	cr_expect(!t->subtype_opclass && !t->collation && !t->canonical);
	t = type(cat, "s", "textr");
	expect_str(t->subtype_opclass, "text_pattern_ops");
	expect_str(t->collation, "\"C\"");
	expect_str(t->multirange, "many_text");
	cr_expect(!catalog_find(cat, SD_TYPE, "public", "floatmultirange"));
	cr_expect(!catalog_find(cat, SD_FUNCTION, "public",
				"floatrange(double precision, double "
				"precision)"),
		  "a range's constructor is part of the type");
	catalog_free(cat);
}

/* Emit what a catalog holds into an empty database and read it back: the
 * same catalog (no differences), and the same SQL a second time. */
static void round_trip(const struct catalog *src, const char *tag)
{
	struct catalog *empty = catalog_new(SQL_POSTGRES), *back;
	struct strbuf sql = STRBUF_INIT, again = STRBUF_INIT;
	struct strbuf rest = STRBUF_INIT;
	PGconn *b = testdb_create("sd_tt", tag);

	plan(empty, src, &sql);
	testdb_exec(b, sql.buf);
	back = testdb_introspect(b);
	plan(src, back, &rest);
	cr_expect_str_eq(rest.buf, "", "differences after the round trip");
	plan(empty, back, &again);
	cr_expect_str_eq(again.buf, sql.buf);
	strbuf_release(&sql);
	strbuf_release(&again);
	strbuf_release(&rest);
	catalog_free(back);
	catalog_free(empty);
}

Test(pg_introspect_type, round_trip_introspected)
{
	PGconn *a = testdb_create("sd_tt", "rta");
	struct catalog *cat;

	testdb_exec(a, schema_sql);
	cat = testdb_introspect(a);
	round_trip(cat, "rtb");
	catalog_free(cat);
}

Test(pg_introspect_type, parsed_converges)
{
	struct catalog *parsed = catalog_new(SQL_POSTGRES), *empty, *ca, *cb;
	struct strbuf sql = STRBUF_INIT, rest = STRBUF_INIT;
	struct sd_error err;
	PGconn *a = testdb_create("sd_tt", "pa"), *b;

	sd_error_clear(&err);
	cr_assert_eq(pg_load_desired_text(parsed, "t.sql", schema_sql, &err),
		     0, "%s", err.msg);
	testdb_exec(a, schema_sql);
	ca = testdb_introspect(a);
	/* the parsed catalog created for real reads back as A does */
	empty = catalog_new(SQL_POSTGRES);
	plan(empty, parsed, &sql);
	b = testdb_create("sd_tt", "pb");
	testdb_exec(b, sql.buf);
	cb = testdb_introspect(b);
	plan(ca, cb, &rest);
	cr_expect_str_eq(rest.buf, "", "parsed and loaded differ");
	strbuf_release(&sql);
	strbuf_release(&rest);
	catalog_free(parsed);
	catalog_free(empty);
	catalog_free(ca);
	catalog_free(cb);
}
