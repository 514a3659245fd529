/*
 * tests/parser/test_pg18.c: the DDL that PostgreSQL 16, 17 and 18 added,
 * through the DDL interpreter (parser/pg/) into the model, and the SQL
 * the diff writes for it: virtual generated columns and SET EXPRESSION,
 * named / NO INHERIT / NOT VALID NOT NULL (column, table, ALTER and
 * domain forms), NOT ENFORCED, WITHOUT OVERLAPS and PERIOD, STORAGE in a
 * column definition and SET STORAGE DEFAULT, the 16 literal forms, IS
 * JSON and the SQL/JSON functions, ICU rules and the builtin provider,
 * MAINTAIN; the errors the server gives for their misuse.
 *
 * Memory: each test frees its catalogs and buffers.
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
	int rc = pg_replay_script(cat, "t.sql", sql, &err);

	cr_assert_eq(rc, 0, "load failed: %d:%d: %s", err.line, err.col,
		     err.msg);
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

static struct sd_column *col(struct catalog *cat, const char *table,
			     const char *name)
{
	struct sd_table *t = catalog_find(cat, SD_TABLE, "public", table);

	cr_assert_not_null(t, "no table %s", table);
	cr_assert_not_null(table_find_column(t, name), "no column %s", name);
	return table_find_column(t, name);
}

static struct sd_constraint *con(struct catalog *cat, const char *table,
				 const char *name)
{
	struct sd_table *t = catalog_find(cat, SD_TABLE, "public", table);

	cr_assert_not_null(t, "no table %s", table);
	cr_assert_not_null(table_find_constraint(t, name), "no constraint %s",
			   name);
	return table_find_constraint(t, name);
}

static void expect_in(const char *text, const char *part)
{
	cr_expect(strstr(text, part) != NULL, "\"%s\" not in:\n%s", part,
		  text);
}

Test(pg18, generated_columns_virtual_and_stored)
{
	struct catalog *cat = load(
		"CREATE TABLE t (a int,"
		" v int GENERATED ALWAYS AS (a * 2) VIRTUAL,"
		" d int GENERATED ALWAYS AS (a * 3),"
		" s int GENERATED ALWAYS AS (a * 4) STORED);"
		"ALTER TABLE t ALTER COLUMN v SET EXPRESSION AS (a * 5);"
		"ALTER TABLE t ALTER COLUMN s SET EXPRESSION AS (a + 1);");
	struct strbuf out = STRBUF_INIT;
	struct sd_error err = { 0 };

	cr_expect(col(cat, "t", "v")->gen_virtual);
	cr_expect(col(cat, "t", "d")->gen_virtual, "the default is VIRTUAL");
	cr_expect(!col(cat, "t", "s")->gen_virtual);
	cr_expect_str_eq(col(cat, "t", "v")->generated, "a * 5");
	cr_expect_str_eq(col(cat, "t", "s")->generated, "a + 1");
	catalog_free(cat);

	/* a virtual column's expression is altered in place; stored and
	 * virtual swap by drop and add */
	plan("CREATE TABLE t (a int, v int GENERATED ALWAYS AS (a) VIRTUAL,"
	     " s int GENERATED ALWAYS AS (a) STORED);",
	     "CREATE TABLE t (a int, v int GENERATED ALWAYS AS (a + 1),"
	     " s int GENERATED ALWAYS AS (a) VIRTUAL);", &out);
	expect_in(out.buf, "ALTER COLUMN v SET EXPRESSION AS (a + 1);");
	expect_in(out.buf, "DROP COLUMN s;");
	expect_in(out.buf, "ADD COLUMN s integer GENERATED ALWAYS AS (a) "
			   "VIRTUAL;");
	cr_expect(!strstr(out.buf, "DROP COLUMN v"), "%s", out.buf);
	strbuf_release(&out);

	cr_expect_eq(load_err("CREATE TABLE t (a int, v int GENERATED ALWAYS"
			      " AS (a) VIRTUAL);\n"
			      "ALTER TABLE t ALTER COLUMN v DROP EXPRESSION;",
			      &err), SD_ERR);
	expect_in(err.msg, "not supported for virtual generated columns");
	cr_expect_eq(load_err("CREATE TABLE t (a int);\n"
			      "ALTER TABLE t ALTER COLUMN a SET EXPRESSION "
			      "AS (1);", &err), SD_ERR);
	expect_in(err.msg, "is not a generated column");
}

Test(pg18, not_null_constraints)
{
	struct catalog *cat = load(
		"CREATE TABLE t (a int CONSTRAINT a_nn NOT NULL,"
		" b int NOT NULL NO INHERIT,"
		" c int CONSTRAINT t_c_not_null NOT NULL,"
		" d int, e int, f int,"
		" CONSTRAINT d_nn NOT NULL d);"
		"ALTER TABLE t ADD CONSTRAINT e_nn NOT NULL e NOT VALID;"
		"ALTER TABLE t ADD CONSTRAINT f_nn NOT NULL f NOT VALID;"
		"ALTER TABLE t VALIDATE CONSTRAINT f_nn;"
		"CREATE DOMAIN dn AS int CONSTRAINT dn_present NOT NULL;"
		"CREATE DOMAIN dd AS int CONSTRAINT dd_not_null NOT NULL;");
	struct sd_type *d;
	struct strbuf out = STRBUF_INIT;

	cr_expect_str_eq(col(cat, "t", "a")->not_null_name, "a_nn");
	cr_expect(col(cat, "t", "b")->not_null_no_inherit);
	cr_expect_null(col(cat, "t", "c")->not_null_name,
		       "the default name is no name of its own");
	cr_expect(col(cat, "t", "d")->not_null);
	cr_expect_str_eq(col(cat, "t", "d")->not_null_name, "d_nn");
	cr_expect(col(cat, "t", "e")->not_null_not_valid);
	cr_expect(!col(cat, "t", "f")->not_null_not_valid);
	d = catalog_find(cat, SD_TYPE, "public", "dn");
	cr_assert_not_null(d);
	cr_expect_str_eq(d->not_null_name, "dn_present");
	d = catalog_find(cat, SD_TYPE, "public", "dd");
	cr_assert_not_null(d);
	cr_expect_null(d->not_null_name);
	catalog_free(cat);

	/* dropped by its name */
	cat = load("CREATE TABLE t (a int CONSTRAINT a_nn NOT NULL, b int "
		   "NOT NULL);"
		   "ALTER TABLE t DROP CONSTRAINT a_nn;"
		   "ALTER TABLE t DROP CONSTRAINT t_b_not_null;");
	cr_expect(!col(cat, "t", "a")->not_null);
	cr_expect(!col(cat, "t", "b")->not_null);
	catalog_free(cat);

	plan("CREATE TABLE t (a int CONSTRAINT a_nn NOT NULL, b int NOT NULL,"
	     " c int);",
	     "CREATE TABLE t (a int CONSTRAINT a_present NOT NULL,"
	     " b int NOT NULL NO INHERIT, c int);"
	     "ALTER TABLE t ADD CONSTRAINT c_nn NOT NULL c NOT VALID;", &out);
	expect_in(out.buf, "RENAME CONSTRAINT a_nn TO a_present;");
	expect_in(out.buf, "DROP CONSTRAINT t_b_not_null, ADD NOT NULL b NO "
			   "INHERIT;");
	expect_in(out.buf, "ADD CONSTRAINT c_nn NOT NULL c NOT VALID;");
	strbuf_reset(&out);
	plan("", "CREATE TABLE t (a int CONSTRAINT a_nn NOT NULL NO INHERIT,"
		 " b int);"
		 "ALTER TABLE t ADD CONSTRAINT b_nn NOT NULL b NOT VALID;",
	     &out);
	expect_in(out.buf, "a integer CONSTRAINT a_nn NOT NULL NO INHERIT");
	expect_in(out.buf, "ALTER TABLE public.t ADD CONSTRAINT b_nn NOT NULL "
			   "b NOT VALID;");
	strbuf_reset(&out);
	plan("CREATE DOMAIN d AS int NOT NULL;",
	     "CREATE DOMAIN d AS int CONSTRAINT d_nn NOT NULL;", &out);
	expect_in(out.buf, "ALTER DOMAIN public.d RENAME CONSTRAINT d_not_null "
			   "TO d_nn;");
	strbuf_release(&out);
}

Test(pg18, not_enforced_and_temporal_keys)
{
	struct catalog *cat = load(
		"CREATE TABLE r (id int, during tstzrange,"
		" PRIMARY KEY (id, during WITHOUT OVERLAPS));"
		"CREATE TABLE b (id int, room int, during tstzrange, n int,"
		" CONSTRAINT n_pos CHECK (n > 0) NOT ENFORCED,"
		" CONSTRAINT b_fk FOREIGN KEY (room, PERIOD during)"
		" REFERENCES r (id, PERIOD during) NOT ENFORCED);"
		"ALTER TABLE b ADD CONSTRAINT n_small CHECK (n < 10) NOT VALID;"
		"ALTER TABLE b ALTER CONSTRAINT b_fk ENFORCED;");
	struct sd_constraint *k = con(cat, "r", "r_pkey");
	struct strbuf out = STRBUF_INIT;
	struct sd_error err = { 0 };

	cr_expect(k->without_overlaps);
	k = con(cat, "b", "n_pos");
	cr_expect(k->not_enforced);
	cr_expect(!k->not_valid);
	k = con(cat, "b", "n_small");
	cr_expect(!k->not_enforced);
	cr_expect(k->not_valid);
	k = con(cat, "b", "b_fk");
	cr_expect(k->period);
	cr_expect(!k->not_enforced, "ALTER CONSTRAINT ... ENFORCED");
	catalog_free(cat);

	plan("CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0));",
	     "CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0) NOT ENFORCED);"
	     "CREATE TABLE r (id int, during tstzrange,"
	     " UNIQUE (id, during WITHOUT OVERLAPS));", &out);
	expect_in(out.buf, "DROP CONSTRAINT c;");
	expect_in(out.buf, "ADD CONSTRAINT c CHECK (a > 0) NOT ENFORCED;");
	expect_in(out.buf, "CONSTRAINT r_id_during_key UNIQUE (id, during "
			   "WITHOUT OVERLAPS)");
	strbuf_release(&out);

	cr_expect_eq(load_err("CREATE TABLE r (id int, p tstzrange,"
			      " PRIMARY KEY (id, p WITHOUT OVERLAPS));"
			      "CREATE TABLE b (id int, p tstzrange,"
			      " FOREIGN KEY (id, PERIOD p) REFERENCES r (id, p));",
			      &err), SD_ERR);
	expect_in(err.msg, "PERIOD on the referencing table but not the "
			   "referenced table");
}

Test(pg18, storage_in_column_definition)
{
	struct catalog *cat = load(
		"CREATE TABLE t (a text STORAGE EXTERNAL, b text STORAGE "
		"EXTENDED, c text STORAGE DEFAULT, d text STORAGE MAIN);"
		"ALTER TABLE t ALTER COLUMN d SET STORAGE DEFAULT;");
	struct sd_error err = { 0 };

	cr_expect_str_eq(col(cat, "t", "a")->storage, "external");
	cr_expect_null(col(cat, "t", "b")->storage, "text's own storage");
	cr_expect_null(col(cat, "t", "c")->storage);
	cr_expect_null(col(cat, "t", "d")->storage);
	catalog_free(cat);
	cr_expect_eq(load_err("CREATE TABLE t (a text STORAGE squashed);",
			      &err), SD_ERR);
	expect_in(err.msg, "invalid storage type \"squashed\"");
}

Test(pg18, literals_json_and_at_local)
{
	struct catalog *cat = load(
		"CREATE TABLE t (a int DEFAULT 0x10, b int DEFAULT 0o17,"
		" c int DEFAULT 0b101, d int DEFAULT 1_000,"
		" j jsonb CHECK (j IS JSON OBJECT),"
		" n int GENERATED ALWAYS AS (JSON_VALUE(j, '$.n' RETURNING int))"
		" STORED,"
		" o jsonb DEFAULT JSON_OBJECT('k' VALUE 1), ts timestamptz);"
		"CREATE VIEW v AS SELECT ts AT LOCAL AS lt, x.* FROM t,"
		" JSON_TABLE(j, '$.items[*]' COLUMNS (i int PATH '$.i')) x;");
	const struct sd_table *t = catalog_find(cat, SD_TABLE, "public", "t");
	const struct sd_view *v = catalog_find(cat, SD_VIEW, "public", "v");

	cr_expect_str_eq(col(cat, "t", "a")->default_expr, "16");
	cr_expect_str_eq(col(cat, "t", "b")->default_expr, "15");
	cr_expect_str_eq(col(cat, "t", "c")->default_expr, "5");
	cr_expect_str_eq(col(cat, "t", "d")->default_expr, "1000");
	cr_assert_not_null(t);
	cr_assert_eq(t->nconstraints, 1);
	expect_in(t->constraints[0].expr, "IS JSON OBJECT");
	expect_in(col(cat, "t", "n")->generated, "RETURNING int");
	expect_in(col(cat, "t", "o")->default_expr, "JSON_OBJECT(");
	cr_assert_not_null(v);
	expect_in(v->query, "AT LOCAL");
	expect_in(v->query, "JSON_TABLE(");
	catalog_free(cat);
}

Test(pg18, collations_and_maintain)
{
	struct catalog *cat = load(
		"CREATE COLLATION ci (provider = icu, locale = 'und',"
		" rules = '&a < b');"
		"CREATE COLLATION cb (provider = builtin, locale = 'C.UTF-8');"
		"CREATE TABLE t (a int);"
		"GRANT MAINTAIN ON t TO r;");
	const struct sd_collation *c = catalog_find(cat, SD_COLLATION,
						    "public", "ci");
	const struct sd_table *t = catalog_find(cat, SD_TABLE, "public", "t");
	struct strbuf out = STRBUF_INIT;
	struct sd_error err = { 0 };
	bool maintain = false;

	cr_assert_not_null(c);
	cr_expect_str_eq(c->rules, "&a < b");
	c = catalog_find(cat, SD_COLLATION, "public", "cb");
	cr_assert_not_null(c);
	cr_expect_eq(c->provider, 'b');
	cr_expect_str_eq(c->locale, "C.UTF-8");
	cr_assert_not_null(t);
	for (size_t i = 0; i < t->base.ngrants; i++)
		maintain |= !strcmp(t->base.grants[i].privilege, "MAINTAIN");
	cr_expect(maintain);
	catalog_free(cat);

	plan("CREATE COLLATION ci (provider = icu, locale = 'und');",
	     "CREATE COLLATION ci (provider = icu, locale = 'und',"
	     " rules = '&a < b');"
	     "CREATE COLLATION cb (provider = builtin, locale = 'C');", &out);
	expect_in(out.buf, "CREATE COLLATION public.ci (provider = icu, "
			   "locale = 'und', rules = '&a < b');");
	expect_in(out.buf, "CREATE COLLATION public.cb (provider = builtin, "
			   "locale = 'C');");
	strbuf_release(&out);

	cr_expect_eq(load_err("CREATE COLLATION x (provider = libc, "
			      "locale = 'C', rules = '&a < b');", &err),
		     SD_ERR);
	expect_in(err.msg, "ICU rules cannot be specified");
	cr_expect_eq(load_err("CREATE COLLATION x (provider = builtin, "
			      "locale = 'de_DE');", &err), SD_ERR);
	expect_in(err.msg, "for builtin provider");
}
