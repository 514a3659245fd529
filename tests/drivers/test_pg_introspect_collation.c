/*
 * tests/drivers/test_pg_introspect_collation.c: introspection of user
 * collations (drivers/pg_introspect_collation.c) and of column storage
 * (drivers/pg_introspect.c) against a real server: spot checks (fields,
 * the column's dependency on its collation, pg_catalog's collations left
 * out, a storage recorded only where it is not the type's own), and the
 * round trips `apply` relies on: introspect A, create it in B from the
 * emitted SQL, introspect B, diff A B empty; the parsed SQL created for
 * real reads back as A does.
 *
 * The server: SD_TEST_PG_URL (tests/harness/with-pg.sh sets it). Without
 * it every test fails, saying so. Databases are named after the process
 * and dropped in the suite's fini.
 *
 * Memory: each test frees its catalogs, change sets and buffers.
 */
#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <string.h>

#include "diff/diff.h"
#include "emit/emit.h"
#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "tests/lib/pg_testdb.h"

#include "util/banned.h"

static const char schema_sql[] =
	"CREATE SCHEMA s;\n"
	"CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2',"
	" deterministic = false);\n"
	"CREATE COLLATION s.\"Posix\" (locale = 'POSIX');\n"
	"CREATE COLLATION mixed (lc_collate = 'C', lc_ctype = 'POSIX');\n"
	"CREATE COLLATION copy FROM ci;\n"
	"COMMENT ON COLLATION ci IS 'case-insensitive';\n"
	"CREATE TABLE t (id int, email text COLLATE ci,"
	" code varchar(10) COLLATE s.\"Posix\", plain text COLLATE \"C\","
	" big text, n numeric, j jsonb);\n"
	"CREATE INDEX t_email ON t (email);\n"
	"CREATE INDEX t_code_ci ON t (code COLLATE ci);\n"
	"ALTER TABLE t ALTER COLUMN big SET STORAGE EXTERNAL;\n"
	"ALTER TABLE t ALTER COLUMN n SET STORAGE EXTENDED;\n"
	"ALTER TABLE t ALTER COLUMN j SET STORAGE EXTENDED;\n"
	"ALTER TABLE t ALTER COLUMN id SET STORAGE PLAIN;\n";

TestSuite(pg_introspect_collation, .fini = testdb_drop_all, .timeout = 300);

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

static struct sd_collation *coll(struct catalog *cat, const char *schema,
				 const char *name)
{
	struct sd_collation *c = catalog_find(cat, SD_COLLATION, schema, name);

	cr_assert(c, "collation %s.%s not introspected", schema, name);
	return c;
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

Test(pg_introspect_collation, fields)
{
	PGconn *a = testdb_create("sd_tc", "fields");
	struct catalog *cat;
	struct sd_collation *c;
	struct sd_table *t;
	struct sd_index *ix;
	struct vec all = VEC_INIT;

	testdb_exec(a, schema_sql);
	cat = testdb_introspect(a);

	c = coll(cat, "public", "ci");
	cr_expect_eq(c->provider, 'i');
	cr_expect(!c->deterministic);
	expect_str(c->locale, "und-u-ks-level2");
	cr_expect(!c->lc_collate && !c->lc_ctype);
	expect_str(c->base.comment, "case-insensitive");
	c = coll(cat, "s", "Posix");
	cr_expect_eq(c->provider, 'c');
	cr_expect(c->deterministic);
	expect_str(c->lc_collate, "POSIX");
	expect_str(c->lc_ctype, "POSIX");
	cr_expect(!c->locale);
	cr_expect(has_dep(&c->base, "schema:s"));
	c = coll(cat, "public", "mixed");
	expect_str(c->lc_collate, "C");
	expect_str(c->lc_ctype, "POSIX");
	c = coll(cat, "public", "copy");
	cr_expect_eq(c->provider, 'i');
	expect_str(c->locale, "und-u-ks-level2");
	catalog_list(cat, SD_COLLATION, &all);
	cr_expect_eq(all.len, 4, "only user collations: got %zu", all.len);
	vec_release(&all);

	t = catalog_find(cat, SD_TABLE, "public", "t");
	cr_assert(t);
	expect_str(table_find_column(t, "email")->collation, "public.ci");
	expect_str(table_find_column(t, "code")->collation, "s.\"Posix\"");
	expect_str(table_find_column(t, "plain")->collation, "\"C\"");
	cr_expect(has_dep(&t->base, "collation:public.ci"));
	cr_expect(has_dep(&t->base, "collation:s.\"Posix\""));
	ix = catalog_find(cat, SD_INDEX, "public", "t_code_ci");
	cr_assert(ix);
	expect_str(ix->elems[0].collation, "public.ci");
	cr_expect(has_dep(&ix->base, "collation:public.ci"));

	/* storage: only where it is not the type's own */
	expect_str(table_find_column(t, "big")->storage, "external");
	expect_str(table_find_column(t, "n")->storage, "extended");
	cr_expect(!table_find_column(t, "j")->storage);
	cr_expect(!table_find_column(t, "id")->storage);
	cr_expect(!table_find_column(t, "email")->storage);
	catalog_free(cat);
}

Test(pg_introspect_collation, round_trip_introspected)
{
	PGconn *a = testdb_create("sd_tc", "rta"), *b;
	struct catalog *empty = catalog_new(SQL_POSTGRES), *cat, *back;
	struct strbuf sql = STRBUF_INIT, again = STRBUF_INIT;
	struct strbuf rest = STRBUF_INIT;

	testdb_exec(a, schema_sql);
	cat = testdb_introspect(a);
	plan(empty, cat, &sql);
	/* the collations come before the table that uses them */
	cr_expect(strstr(sql.buf, "CREATE COLLATION public.ci") &&
		  strstr(sql.buf, "CREATE COLLATION public.ci") <
			  strstr(sql.buf, "CREATE TABLE public.t"),
		  "order: %s", sql.buf);
	cr_expect(strstr(sql.buf, "CREATE COLLATION public.mixed (provider = "
				  "libc, lc_collate = 'C', lc_ctype = "
				  "'POSIX');"), "%s", sql.buf);
	cr_expect(strstr(sql.buf, "ALTER TABLE public.t ALTER COLUMN big SET "
				  "STORAGE EXTERNAL;"), "%s", sql.buf);
	b = testdb_create("sd_tc", "rtb");
	testdb_exec(b, sql.buf);
	back = testdb_introspect(b);
	plan(cat, back, &rest);
	cr_expect_str_eq(rest.buf, "", "differences after the round trip");
	plan(empty, back, &again);
	cr_expect_str_eq(again.buf, sql.buf);
	strbuf_release(&sql);
	strbuf_release(&again);
	strbuf_release(&rest);
	catalog_free(back);
	catalog_free(cat);
	catalog_free(empty);
}

Test(pg_introspect_collation, parsed_converges)
{
	struct catalog *parsed = catalog_new(SQL_POSTGRES), *empty, *ca, *cb;
	struct strbuf sql = STRBUF_INIT, rest = STRBUF_INIT;
	struct sd_error err;
	PGconn *a = testdb_create("sd_tc", "pa"), *b;

	sd_error_clear(&err);
	cr_assert_eq(pg_load_desired_text(parsed, "t.sql", schema_sql, &err),
		     0, "%s", err.msg);
	testdb_exec(a, schema_sql);
	ca = testdb_introspect(a);
	/* the parsed catalog equals the server's directly ... */
	plan(ca, parsed, &rest);
	cr_expect_str_eq(rest.buf, "", "parsed and introspected differ");
	strbuf_reset(&rest);
	/* ... and created for real reads back as A does */
	empty = catalog_new(SQL_POSTGRES);
	plan(empty, parsed, &sql);
	b = testdb_create("sd_tc", "pb");
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

/* A collation made again while an indexed column with rows uses it: the
 * plan runs on the server and converges. */
Test(pg_introspect_collation, remade_in_use)
{
	static const char desired[] =
		"CREATE COLLATION ci (provider = icu, locale = 'und',"
		" deterministic = true);\n"
		"CREATE TABLE t (id int, email text COLLATE ci);\n"
		"CREATE INDEX t_email ON t (email);\n"
		"CREATE INDEX t_id_ci ON t ((id::text) COLLATE ci);\n"
		"CREATE VIEW v AS SELECT email FROM t;\n";
	struct catalog *parsed = catalog_new(SQL_POSTGRES), *live, *after,
		       *want;
	struct strbuf sql = STRBUF_INIT, rest = STRBUF_INIT;
	struct sd_error err;
	PGconn *a = testdb_create("sd_tc", "rm"), *b;

	testdb_exec(a, "CREATE COLLATION ci (provider = icu, locale ="
		       " 'und-u-ks-level2', deterministic = false);\n"
		       "CREATE TABLE t (id int, email text COLLATE ci);\n"
		       "CREATE INDEX t_email ON t (email);\n"
		       "CREATE INDEX t_id_ci ON t ((id::text) COLLATE ci);\n"
		       "CREATE VIEW v AS SELECT email FROM t;\n"
		       "INSERT INTO t VALUES (1, 'A'), (2, 'a');\n");
	sd_error_clear(&err);
	cr_assert_eq(pg_load_desired_text(parsed, "d.sql", desired, &err), 0,
		     "%s", err.msg);
	live = testdb_introspect(a);
	plan(live, parsed, &sql);
	cr_expect(strstr(sql.buf, "ALTER TABLE public.t ALTER COLUMN email "
				  "TYPE text;"), "%s", sql.buf);
	cr_expect(strstr(sql.buf, "DROP VIEW public.v;"), "%s", sql.buf);
	cr_expect(strstr(sql.buf, "DROP INDEX public.t_id_ci;"), "%s",
		  sql.buf);
	testdb_exec(a, sql.buf);
	after = testdb_introspect(a);
	/* views read back as the server prints them: compare with the
	 * desired schema as the server holds it */
	b = testdb_create("sd_tc", "rmw");
	testdb_exec(b, desired);
	want = testdb_introspect(b);
	plan(after, want, &rest);
	cr_expect_str_eq(rest.buf, "", "not converged after: %s", sql.buf);
	strbuf_release(&sql);
	strbuf_release(&rest);
	catalog_free(parsed);
	catalog_free(live);
	catalog_free(after);
	catalog_free(want);
}
