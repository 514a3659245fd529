/*
 * tests/parser/test_pg_inhcol.c: the defaults and NOT NULL a partition or
 * inheritance child has of its own on columns it inherits
 * (parser/pg/pg_inhcol.c, model/inhcol.c): PARTITION OF (col WITH OPTIONS
 * ...), in a desired set also before its parent; ALTER TABLE [ONLY] on a
 * parent and on a child, ATTACH and DETACH in scripts, as the server
 * keeps them.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/error.h"

#include "util/banned.h"

static struct catalog *load(const char *sql)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;
	int ret;

	sd_error_clear(&err);
	ret = pg_load_desired_text(cat, "t.sql", sql, &err);
	cr_assert_eq(ret, 0, "load failed: %s:%d:%d: %s", err.file, err.line,
		     err.col, err.msg);
	return cat;
}

static int replay(struct catalog *cat, const char *sql, struct sd_error *err)
{
	sd_error_clear(err);
	return pg_replay_script(cat, "v.sql", sql, err);
}

static struct sd_table *table(struct catalog *cat, const char *name)
{
	struct sd_table *t = catalog_find(cat, SD_TABLE, "public", name);

	cr_assert(t, "no table %s", name);
	return t;
}

/* "default/notnull" of t's column as t has it, "-" for no default */
static const char *value(struct catalog *cat, const char *t,
			 const char *col, char *buf, size_t len)
{
	const char *def;
	bool nn;

	cr_assert(table_column_effective(cat, table(cat, t), col, &def, &nn),
		  "%s has no column %s", t, col);
	snprintf(buf, len, "%s/%s", def ? def : "-", nn ? "t" : "f");
	return buf;
}

#define expect_value(cat, t, col, want)                                  \
	do {                                                             \
		char b_[128];                                            \
		cr_expect_str_eq(value(cat, t, col, b_, sizeof(b_)), want, \
				 "%s.%s", t, col);                       \
	} while (0)

TestSuite(pg_inhcol);

Test(pg_inhcol, partition_of_with_options_also_before_its_parent)
{
	struct catalog *cat = load(
		"CREATE TABLE c PARTITION OF p (v WITH OPTIONS DEFAULT 5,\n"
		"  w NOT NULL, x WITH OPTIONS DEFAULT 1, PRIMARY KEY (id))\n"
		"  FOR VALUES IN ('a');\n"
		"CREATE TABLE p (id int NOT NULL, k text, v int DEFAULT 1,\n"
		"  w text DEFAULT 'w', x int DEFAULT 1) PARTITION BY LIST (k);\n");
	struct sd_table *c = table(cat, "c");

	cr_expect_eq(c->ncolumns, 0);
	/* x is what the parent gives: no entry */
	cr_expect_eq(c->ninh_columns, 2);
	expect_value(cat, "c", "v", "5/f");
	expect_value(cat, "c", "w", "'w'::text/t");
	expect_value(cat, "c", "x", "1/f");
	expect_value(cat, "c", "id", "-/t");
	cr_expect(table_find_constraint(c, "c_pkey"));
	catalog_free(cat);
}

Test(pg_inhcol, parent_changes_reach_children_unless_only)
{
	struct catalog *cat = load(
		"CREATE TABLE p (k text, v int DEFAULT 1, w int)\n"
		"  PARTITION BY LIST (k);\n"
		"CREATE TABLE a PARTITION OF p FOR VALUES IN ('a');\n"
		"CREATE TABLE b PARTITION OF p (v WITH OPTIONS DEFAULT 2)\n"
		"  FOR VALUES IN ('b');\n");
	struct sd_error err;

	/* ONLY: the children keep what they have */
	cr_assert_eq(replay(cat, "ALTER TABLE ONLY p ALTER v SET DEFAULT 7;\n",
			    &err), 0, "%s", err.msg);
	expect_value(cat, "p", "v", "7/f");
	expect_value(cat, "a", "v", "1/f");
	expect_value(cat, "b", "v", "2/f");
	/* without: every child takes it */
	cr_assert_eq(replay(cat, "ALTER TABLE p ALTER v SET DEFAULT 8;\n",
			    &err), 0, "%s", err.msg);
	expect_value(cat, "a", "v", "8/f");
	expect_value(cat, "b", "v", "8/f");
	cr_expect_eq(table(cat, "a")->ninh_columns, 0);
	cr_expect_eq(table(cat, "b")->ninh_columns, 0);
	/* a child's own, and back to the parent's */
	cr_assert_eq(replay(cat, "ALTER TABLE ONLY a ALTER v DROP DEFAULT;\n"
				 "ALTER TABLE a ALTER w SET NOT NULL;\n",
			    &err), 0, "%s", err.msg);
	expect_value(cat, "a", "v", "-/f");
	expect_value(cat, "a", "w", "-/t");
	cr_assert_eq(replay(cat, "ALTER TABLE a ALTER v SET DEFAULT 8;\n"
				 "ALTER TABLE a ALTER w DROP NOT NULL;\n",
			    &err), 0, "%s", err.msg);
	cr_expect_eq(table(cat, "a")->ninh_columns, 0);
	/* NOT NULL the parent has stays */
	cr_assert_eq(replay(cat, "ALTER TABLE p ALTER w SET NOT NULL;\n",
			    &err), 0, "%s", err.msg);
	expect_value(cat, "b", "w", "-/t");
	cr_expect_neq(replay(cat, "ALTER TABLE b ALTER w DROP NOT NULL;\n",
			     &err), 0);
	cr_expect(strstr(err.msg, "column \"w\" is marked NOT NULL in parent "
			 "table"), "%s", err.msg);
	catalog_free(cat);
}

Test(pg_inhcol, attach_keeps_and_detach_gives_back)
{
	struct catalog *cat = load(
		"CREATE TABLE p (k text, v int DEFAULT 1) PARTITION BY LIST (k);\n"
		"CREATE TABLE s (k text NOT NULL, v int DEFAULT 3);\n"
		"CREATE TABLE u (k text, v int);\n");
	struct sd_error err;
	struct sd_column *c;

	cr_assert_eq(replay(cat,
			    "ALTER TABLE p ATTACH PARTITION s FOR VALUES IN ('s');\n"
			    "ALTER TABLE p ATTACH PARTITION u FOR VALUES IN ('u');\n",
			    &err), 0, "%s", err.msg);
	cr_expect_eq(table(cat, "s")->ncolumns, 0);
	expect_value(cat, "s", "v", "3/f");
	expect_value(cat, "s", "k", "-/t");
	expect_value(cat, "u", "v", "-/f");
	cr_assert_eq(replay(cat, "ALTER TABLE p DETACH PARTITION s;\n", &err),
		     0, "%s", err.msg);
	cr_expect_eq(table(cat, "s")->ninh_columns, 0);
	c = table_find_column(table(cat, "s"), "v");
	cr_assert(c);
	cr_expect_str_eq(c->default_expr, "3");
	c = table_find_column(table(cat, "s"), "k");
	cr_assert(c);
	cr_expect(c->not_null);
	catalog_free(cat);
}

Test(pg_inhcol, unknown_or_typed_columns_are_errors)
{
	struct catalog *cat = load(
		"CREATE TABLE p (k text, v int) PARTITION BY LIST (k);\n");
	struct sd_error err;

	cr_expect_neq(replay(cat, "CREATE TABLE c PARTITION OF p (nope NOT NULL)"
				  " FOR VALUES IN ('a');\n", &err), 0);
	cr_expect(strstr(err.msg, "column \"nope\" does not exist"), "%s",
		  err.msg);
	catalog_free(cat);
	cat = load("CREATE TABLE p (k text, v int) PARTITION BY LIST (k);\n");
	cr_expect_neq(replay(cat, "CREATE TABLE c PARTITION OF p (v WITH "
				  "OPTIONS DEFAULT 1, v NOT NULL) FOR VALUES "
				  "IN ('a');\n", &err), 0);
	cr_expect(strstr(err.msg, "specified more than once"), "%s", err.msg);
	catalog_free(cat);
}
