/*
 * tests/parser/test_pg_collation.c: collations and column storage in the
 * PostgreSQL DDL interpreter (parser/pg/pg_collation.c, pg_alter.c):
 * CREATE COLLATION in its forms (options, FROM a user or built-in
 * collation, IF NOT EXISTS), RENAME, DROP and COMMENT, COLLATE clauses
 * that name a user collation (qualified, and a dependency), desired files
 * in any order, errors with their position; SET STORAGE and what counts
 * as the type's own storage.
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

static struct sd_collation *coll(struct catalog *cat, const char *schema,
				 const char *name)
{
	struct sd_collation *c = catalog_find(cat, SD_COLLATION, schema, name);

	cr_assert(c, "collation %s.%s not found", schema, name);
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

TestSuite(pg_collation);

Test(pg_collation, create_forms)
{
	struct catalog *cat = load(
		"CREATE SCHEMA s;\n"
		"CREATE COLLATION ci (provider = icu, locale ="
		" 'und-u-ks-level2', deterministic = false, version = '1');\n"
		"CREATE COLLATION s.\"Byte\" (locale = 'C');\n"
		"CREATE COLLATION mixed (LC_COLLATE = 'C', LC_CTYPE = 'POSIX',"
		" provider = libc);\n"
		"CREATE COLLATION ci2 FROM ci;\n"
		"CREATE COLLATION p FROM pg_catalog.\"POSIX\";\n"
		"CREATE COLLATION g FROM \"de-x-icu\";\n"
		"CREATE COLLATION IF NOT EXISTS ci (locale = 'C');\n"
		"COMMENT ON COLLATION s.\"Byte\" IS 'bytes';\n", false);
	struct sd_collation *c = coll(cat, "public", "ci");

	cr_expect_eq(c->provider, 'i');
	cr_expect(!c->deterministic);
	expect_str(c->locale, "und-u-ks-level2");
	cr_expect(!c->lc_collate && !c->lc_ctype);
	c = coll(cat, "s", "Byte");
	cr_expect_eq(c->provider, 'c');
	cr_expect(c->deterministic);
	expect_str(c->lc_collate, "C");
	expect_str(c->lc_ctype, "C");
	expect_str(c->base.comment, "bytes");
	cr_expect(has_dep(&c->base, "schema:s"));
	c = coll(cat, "public", "mixed");
	expect_str(c->lc_collate, "C");
	expect_str(c->lc_ctype, "POSIX");
	c = coll(cat, "public", "ci2");
	cr_expect_eq(c->provider, 'i');
	cr_expect(!c->deterministic);
	expect_str(c->locale, "und-u-ks-level2");
	c = coll(cat, "public", "p");
	cr_expect_eq(c->provider, 'c');
	expect_str(c->lc_collate, "POSIX");
	c = coll(cat, "public", "g");
	cr_expect_eq(c->provider, 'i');
	expect_str(c->locale, "de");
	catalog_free(cat);
}

Test(pg_collation, column_uses_collation)
{
	/* desired files: the table may come first */
	struct catalog *cat = load(
		"CREATE TABLE t (a text COLLATE ci, b text COLLATE \"C\","
		" c text COLLATE s.\"Byte\","
		" d text COLLATE pg_catalog.\"POSIX\");\n"
		"CREATE DOMAIN d AS text COLLATE ci;\n"
		"CREATE COLLATION ci (provider = icu, locale = 'und');\n"
		"CREATE SCHEMA s;\n"
		"CREATE COLLATION s.\"Byte\" (locale = 'C');\n", false);
	struct sd_table *t = catalog_find(cat, SD_TABLE, "public", "t");
	struct sd_type *d = catalog_find(cat, SD_TYPE, "public", "d");

	cr_assert(t && d);
	expect_str(table_find_column(t, "a")->collation, "public.ci");
	expect_str(table_find_column(t, "b")->collation, "\"C\"");
	expect_str(table_find_column(t, "c")->collation, "s.\"Byte\"");
	expect_str(table_find_column(t, "d")->collation, "\"POSIX\"");
	cr_expect(has_dep(&t->base, "collation:public.ci"));
	cr_expect(has_dep(&t->base, "collation:s.\"Byte\""));
	expect_str(d->collation, "public.ci");
	cr_expect(has_dep(&d->base, "collation:public.ci"));
	catalog_free(cat);
}

Test(pg_collation, rename_and_drop)
{
	struct catalog *cat = load(
		"CREATE COLLATION c1 (locale = 'C');\n"
		"CREATE TABLE t (a text COLLATE c1);\n"
		"ALTER COLLATION c1 RENAME TO c2;\n"
		"CREATE COLLATION gone (locale = 'POSIX');\n"
		"DROP COLLATION gone;\n"
		"DROP COLLATION IF EXISTS never;\n"
		"ALTER COLLATION c2 REFRESH VERSION;\n", true);
	struct sd_table *t = catalog_find(cat, SD_TABLE, "public", "t");

	cr_expect(!catalog_find(cat, SD_COLLATION, "public", "c1"));
	coll(cat, "public", "c2");
	cr_expect(!catalog_find(cat, SD_COLLATION, "public", "gone"));
	cr_assert(t);
	expect_str(table_find_column(t, "a")->collation, "public.c2");
	cr_expect(has_dep(&t->base, "collation:public.c2"));
	cr_expect(!has_dep(&t->base, "collation:public.c1"));
	catalog_free(cat);
}

Test(pg_collation, errors)
{
	struct sd_error err;

	cr_expect_neq(load_fails("CREATE COLLATION c (locale = 'C');\n"
				 "CREATE COLLATION c (locale = 'C');\n",
				 &err), 0);
	cr_expect(strstr(err.msg, "collation \"c\" already exists"), "%s",
		  err.msg);
	cr_expect_eq(err.line, 2);
	cr_expect_neq(load_fails("CREATE COLLATION c (provider = icu);\n",
				 &err), 0);
	cr_expect(strstr(err.msg, "\"locale\" must be specified"), "%s",
		  err.msg);
	cr_expect_neq(load_fails("CREATE COLLATION c (locale = 'C',\n"
				 "  deterministic = false);\n", &err), 0);
	cr_expect(strstr(err.msg, "nondeterministic"), "%s", err.msg);
	cr_expect_neq(load_fails("\nCREATE COLLATION c (locale = 'C',"
				 " colour = 'red');\n", &err), 0);
	cr_expect(strstr(err.msg, "attribute \"colour\" not recognized"),
		  "%s", err.msg);
	cr_expect_eq(err.line, 2);
	cr_expect_gt(err.col, 1);
	cr_expect_neq(load_fails("CREATE COLLATION c (locale = 'C',"
				 " lc_ctype = 'C');\n", &err), 0);
	cr_expect(strstr(err.msg, "LOCALE cannot be specified together"),
		  "%s", err.msg);
	cr_expect_neq(load_fails("CREATE COLLATION c FROM \"en_US\";\n",
				 &err), 0);
	cr_expect(strstr(err.msg, "depend on the server"), "%s", err.msg);
	cr_expect_neq(load_fails("CREATE COLLATION c (locale = 'C');\n"
				 "CREATE TABLE t (a text COLLATE c);\n"
				 "DROP COLLATION c;\n", &err), 0);
	cr_expect(strstr(err.msg, "cannot drop collation c because other "
				  "objects depend on it (table t)"),
		  "%s", err.msg);
	cr_expect_eq(err.line, 3);
	cr_expect_neq(load_fails("DROP COLLATION nope;\n", &err), 0);
	cr_expect(strstr(err.msg, "collation \"public.nope\" does not exist"),
		  "%s", err.msg);
	cr_expect_neq(load_fails("ALTER COLLATION nope RENAME TO x;\n", &err),
		      0);
	cr_expect(strstr(err.msg, "does not exist"), "%s", err.msg);
	cr_expect_neq(load_fails("ALTER COLLATION nope REFRESH VERSION;\n",
				 &err), 0);
	cr_expect(strstr(err.msg, "collation \"public.nope\" does not exist"),
		  "%s", err.msg);
}

Test(pg_collation, storage)
{
	struct catalog *cat = load(
		"CREATE TABLE t (a int, b text, c numeric(10,2), d jsonb,"
		" e text, f varchar(5)[]);\n"
		"ALTER TABLE t ALTER COLUMN a SET STORAGE PLAIN,\n"
		"  ALTER COLUMN b SET STORAGE EXTERNAL,\n"
		"  ALTER COLUMN c SET STORAGE EXTENDED,\n"
		"  ALTER COLUMN d SET STORAGE EXTENDED,\n"
		"  ALTER COLUMN e SET STORAGE MAIN,\n"
		"  ALTER COLUMN f SET STORAGE main;\n"
		"ALTER TABLE t ALTER COLUMN e TYPE varchar(10);\n", true);
	struct sd_table *t = catalog_find(cat, SD_TABLE, "public", "t");

	cr_assert(t);
	cr_expect(!table_find_column(t, "a")->storage);
	expect_str(table_find_column(t, "b")->storage, "external");
	expect_str(table_find_column(t, "c")->storage, "extended");
	cr_expect(!table_find_column(t, "d")->storage);
	/* a new type brings its own storage */
	cr_expect(!table_find_column(t, "e")->storage);
	expect_str(table_find_column(t, "f")->storage, "main");
	catalog_free(cat);
}

Test(pg_collation, type_storage)
{
	expect_str(sd_pg_type_storage("integer"), "plain");
	expect_str(sd_pg_type_storage("timestamp(3) with time zone"),
		   "plain");
	expect_str(sd_pg_type_storage("interval day to second"), "plain");
	expect_str(sd_pg_type_storage("numeric(10,2)"), "main");
	expect_str(sd_pg_type_storage("inet"), "main");
	expect_str(sd_pg_type_storage("integer[]"), "extended");
	expect_str(sd_pg_type_storage("character varying(20)"), "extended");
	expect_str(sd_pg_type_storage("public.mytype"), "extended");
}
