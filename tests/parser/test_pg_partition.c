/*
 * tests/parser/test_pg_partition.c: partitioned tables, partitions and
 * inheritance in the parser (parser/pg/pg_partition.c): the partition key
 * and bound texts as the server prints them, only local columns on
 * partitions and children, dependencies on parents, and the ALTER TABLE
 * forms of version scripts (ATTACH / DETACH PARTITION, INHERIT / NO
 * INHERIT).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/error.h"
#include "util/strbuf.h"

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

/* Replay a script onto cat; returns the error code. */
static int replay(struct catalog *cat, const char *sql, struct sd_error *err)
{
	sd_error_clear(err);
	return pg_replay_script(cat, "v.sql", sql, err);
}

static bool has_dep(const struct sd_object *o, const char *key)
{
	for (size_t i = 0; i < o->ndeps; i++)
		if (!strcmp(o->deps[i], key))
			return true;
	return false;
}

static struct sd_table *table(struct catalog *cat, const char *name)
{
	struct sd_table *t = catalog_find(cat, SD_TABLE, "public", name);

	cr_assert(t, "no table %s", name);
	return t;
}

TestSuite(pg_partition);

Test(pg_partition, partition_keys_as_the_server_prints_them)
{
	struct catalog *cat = load(
		"CREATE TABLE r (a int, b text) PARTITION BY RANGE (a, b);\n"
		"CREATE TABLE l (a int, \"B\" text)\n"
		"  PARTITION BY list (\"B\");\n"
		"CREATE TABLE h (a int, s text) PARTITION BY HASH (s "
		"text_pattern_ops);\n"
		"CREATE TABLE e (a int, s text) PARTITION BY LIST (lower(s));\n"
		"CREATE TABLE x (a int, s text) PARTITION BY RANGE ((a + 1), "
		"s COLLATE \"C\");\n"
		"CREATE TABLE p (a int);\n");

	cr_expect_str_eq(table(cat, "r")->partkey, "RANGE (a, b)");
	cr_expect_str_eq(table(cat, "l")->partkey, "LIST (\"B\")");
	cr_expect_str_eq(table(cat, "h")->partkey,
			 "HASH (s text_pattern_ops)");
	cr_expect_str_eq(table(cat, "e")->partkey, "LIST (lower(s))");
	cr_expect_str_eq(table(cat, "x")->partkey,
			 "RANGE ((a + 1), s COLLATE \"C\")");
	cr_expect_null(table(cat, "p")->partkey);
	cr_expect_eq(table(cat, "r")->ncolumns, 2);
	catalog_free(cat);
}

Test(pg_partition, bounds_as_the_server_prints_them)
{
	/* partitions before their parents: desired files are a set */
	struct catalog *cat = load(
		"CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (MINVALUE, "
		"'a') TO (10, MAXVALUE);\n"
		"CREATE TABLE r2 PARTITION OF r FOR VALUES FROM ('2024-01-01'"
		"::date, 'x') TO (-5, 'it''s');\n"
		"CREATE TABLE r (a int, b text) PARTITION BY RANGE (a, b);\n"
		"CREATE TABLE l (a int) PARTITION BY LIST (a);\n"
		"CREATE TABLE l1 PARTITION OF l FOR VALUES IN (1, -2, NULL);\n"
		"CREATE TABLE ld PARTITION OF l DEFAULT;\n"
		"CREATE TABLE h (a int) PARTITION BY HASH (a);\n"
		"CREATE TABLE h0 PARTITION OF h FOR VALUES WITH (MODULUS 4, "
		"REMAINDER 3);\n"
		"CREATE TABLE b (f bool, n numeric) PARTITION BY LIST (f);\n"
		"CREATE TABLE b1 PARTITION OF b\n"
		"  FOR VALUES IN (true, false);\n");
	struct sd_table *r1 = table(cat, "r1");

	cr_expect_str_eq(r1->partbound,
			 "FOR VALUES FROM (MINVALUE, 'a') TO (10, MAXVALUE)");
	cr_expect_str_eq(r1->part_parent_schema, "public");
	cr_expect_str_eq(r1->part_parent, "r");
	cr_expect(has_dep(&r1->base, "rel:public.r"));
	cr_expect_str_eq(table(cat, "r2")->partbound,
			 "FOR VALUES FROM ('2024-01-01', 'x') TO ('-5', "
			 "'it''s')");
	cr_expect_str_eq(table(cat, "l1")->partbound,
			 "FOR VALUES IN (1, '-2', NULL)");
	cr_expect_str_eq(table(cat, "ld")->partbound, "DEFAULT");
	cr_expect_str_eq(table(cat, "h0")->partbound,
			 "FOR VALUES WITH (modulus 4, remainder 3)");
	cr_expect_str_eq(table(cat, "b1")->partbound,
			 "FOR VALUES IN (true, false)");
	catalog_free(cat);
}

Test(pg_partition, partitions_hold_only_their_own_parts)
{
	struct catalog *cat = load(
		"CREATE TABLE m (id int NOT NULL, region text NOT NULL,\n"
		"  PRIMARY KEY (id, region)) PARTITION BY RANGE (id);\n"
		"CREATE TABLE m1 PARTITION OF m (CONSTRAINT pos CHECK (id > 0),"
		"\n  UNIQUE (region, id)) FOR VALUES FROM (0) TO (10)\n"
		"  PARTITION BY LIST (region);\n"
		"CREATE TABLE m1_eu PARTITION OF m1 FOR VALUES IN ('eu');\n"
		"CREATE INDEX m1_eu_r ON m1_eu (region);\n");
	struct sd_table *m1 = table(cat, "m1");
	struct sd_table *eu = table(cat, "m1_eu");

	cr_expect_eq(m1->ncolumns, 0);
	cr_assert_eq(m1->nconstraints, 2);
	cr_expect_str_eq(m1->constraints[0].name, "pos");
	cr_expect_str_eq(m1->constraints[1].name, "m1_region_id_key");
	cr_expect_str_eq(m1->partkey, "LIST (region)");
	cr_expect_str_eq(eu->part_parent, "m1");
	cr_expect_eq(eu->ncolumns, 0);
	cr_expect(catalog_find(cat, SD_INDEX, "public", "m1_eu_r"));
	catalog_free(cat);
}

Test(pg_partition, inherits_keeps_local_columns_and_parent_keys)
{
	struct catalog *cat = load(
		"CREATE SCHEMA s;\n"
		"CREATE TABLE c (extra int, name text) INHERITS (s.p, q);\n"
		"CREATE TABLE s.p (id int, name text);\n"
		"CREATE TABLE q (tag text);\n");
	struct sd_table *c = table(cat, "c");

	cr_assert_eq(c->ninherits, 2);
	cr_expect_str_eq(c->inherits[0], "rel:s.p");
	cr_expect_str_eq(c->inherits[1], "rel:public.q");
	cr_expect(has_dep(&c->base, "rel:s.p"));
	cr_expect(has_dep(&c->base, "rel:public.q"));
	cr_assert_eq(c->ncolumns, 2);
	cr_expect_str_eq(c->columns[0].name, "extra");
	cr_expect_str_eq(c->columns[1].name, "name");
	cr_expect_null(c->part_parent);
	catalog_free(cat);
}

Test(pg_partition, errors_point_at_the_statement)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;

	sd_error_clear(&err);
	cr_assert_neq(pg_load_desired_text(cat, "bad.sql",
					   "CREATE TABLE t (a int);\n"
					   "CREATE TABLE r (a int)\n"
					   "  PARTITION BY RANGE (nope);\n",
					   &err), 0);
	cr_expect(strstr(err.msg, "column \"nope\" named in partition key "
			 "does not exist"), "%s", err.msg);
	cr_expect_str_eq(err.file, "bad.sql");
	cr_expect_eq(err.line, 3);
	cr_expect_eq(err.col, 23, "col %d", err.col);
	catalog_free(cat);

	cat = load("CREATE TABLE t (a int);\n");
	cr_expect_neq(replay(cat, "CREATE TABLE p PARTITION OF t "
				  "FOR VALUES IN (1);\n", &err), 0);
	cr_expect(strstr(err.msg, "table \"t\" is not partitioned"), "%s",
		  err.msg);
	catalog_free(cat);

	cat = load("CREATE TABLE t (a int);\n");
	cr_expect_neq(replay(cat, "CREATE TABLE p PARTITION OF nope "
				  "FOR VALUES IN (1);\n", &err), 0);
	cr_expect(strstr(err.msg, "relation \"public.nope\" does not exist"),
		  "%s", err.msg);
	catalog_free(cat);
}

Test(pg_partition, attach_and_detach_in_scripts)
{
	struct catalog *cat = load(
		"CREATE TABLE t (id int NOT NULL, k int,\n"
		"  CONSTRAINT t_k CHECK (k >= 0)) PARTITION BY LIST (k);\n"
		"CREATE TABLE t1 (id int NOT NULL, k int,\n"
		"  CONSTRAINT t_k CHECK (k >= 0));\n");
	struct sd_error err;
	struct sd_table *t1;

	cr_assert_eq(replay(cat, "ALTER TABLE t ATTACH PARTITION t1 FOR "
				 "VALUES IN (1, 2);\n", &err), 0, "%s",
		     err.msg);
	t1 = table(cat, "t1");
	cr_expect_str_eq(t1->part_parent, "t");
	cr_expect_str_eq(t1->partbound, "FOR VALUES IN (1, 2)");
	cr_expect_eq(t1->ncolumns, 0);
	cr_expect_eq(t1->nconstraints, 0);

	cr_assert_eq(replay(cat, "ALTER TABLE t DETACH PARTITION t1 "
				 "CONCURRENTLY;\n"
				 "ALTER TABLE t DETACH PARTITION t1 "
				 "FINALIZE;\n", &err), 0, "%s", err.msg);
	t1 = table(cat, "t1");
	cr_expect_null(t1->part_parent);
	cr_expect_null(t1->partbound);
	cr_assert_eq(t1->ncolumns, 2);
	cr_expect_str_eq(t1->columns[0].name, "id");
	cr_expect(t1->columns[0].not_null);
	cr_assert_eq(t1->nconstraints, 1);
	cr_expect_str_eq(t1->constraints[0].expr, "k >= 0");

	cr_expect_neq(replay(cat, "CREATE TABLE t2 (id int, k int, z int);\n"
				  "ALTER TABLE t ATTACH PARTITION t2 "
				  "DEFAULT;\n", &err), 0);
	cr_expect(strstr(err.msg, "contains column \"z\" not found in "
			 "parent"), "%s", err.msg);
	catalog_free(cat);
}

Test(pg_partition, inherit_and_no_inherit_in_scripts)
{
	struct catalog *cat = load(
		"CREATE TABLE p (id int, CONSTRAINT p_id CHECK (id > 0));\n"
		"CREATE TABLE c (x int) INHERITS (p);\n"
		"CREATE TABLE d (y int);\n");
	struct sd_error err;
	struct sd_table *c, *d;

	cr_assert_eq(replay(cat, "ALTER TABLE c NO INHERIT p;\n", &err), 0,
		     "%s", err.msg);
	c = table(cat, "c");
	cr_expect_eq(c->ninherits, 0);
	/* what was inherited is the table's own now */
	cr_assert_eq(c->ncolumns, 2);
	cr_expect(table_find_column(c, "id"));
	cr_expect(table_find_constraint(c, "p_id"));

	cr_expect_neq(replay(cat, "ALTER TABLE d INHERIT p;\n", &err), 0);
	cr_expect(strstr(err.msg, "child table is missing column \"id\""),
		  "%s", err.msg);
	cr_assert_eq(replay(cat, "ALTER TABLE d ADD COLUMN id int;\n"
				 "ALTER TABLE d INHERIT p;\n", &err), 0,
		     "%s", err.msg);
	d = table(cat, "d");
	cr_assert_eq(d->ninherits, 1);
	cr_expect_str_eq(d->inherits[0], "rel:public.p");
	cr_expect_eq(d->ncolumns, 2);
	catalog_free(cat);
}

Test(pg_partition, rename_and_drop_follow_the_parent)
{
	struct catalog *cat = load(
		"CREATE TABLE t (a int) PARTITION BY RANGE (a);\n"
		"CREATE TABLE t1 PARTITION OF t FOR VALUES FROM (0) TO (5);\n"
		"CREATE TABLE p (a int);\n"
		"CREATE TABLE c () INHERITS (p);\n");
	struct sd_error err;

	cr_assert_eq(replay(cat, "ALTER TABLE t RENAME TO u;\n"
				 "ALTER TABLE p RENAME TO q;\n", &err), 0,
		     "%s", err.msg);
	cr_expect_str_eq(table(cat, "t1")->part_parent, "u");
	cr_expect_str_eq(table(cat, "c")->inherits[0], "rel:public.q");
	cr_assert_eq(replay(cat, "DROP TABLE u;\nDROP TABLE q CASCADE;\n",
			    &err), 0, "%s", err.msg);
	cr_expect_null(catalog_find(cat, SD_TABLE, "public", "t1"));
	cr_expect_null(catalog_find(cat, SD_TABLE, "public", "c"));
	catalog_free(cat);
}

Test(pg_partition, attached_partition_index_is_no_object)
{
	struct catalog *cat = load(
		"CREATE TABLE t (a int) PARTITION BY RANGE (a);\n"
		"CREATE TABLE t1 PARTITION OF t FOR VALUES FROM (0) TO (5);\n"
		"CREATE INDEX t_a ON ONLY t (a);\n");
	struct catalog *set = load(
		"ALTER INDEX t_a ATTACH PARTITION t1_a;\n"
		"CREATE INDEX t1_a ON t1 (a);\n"
		"CREATE INDEX t_a ON ONLY t (a);\n"
		"CREATE TABLE t1 PARTITION OF t FOR VALUES FROM (0) TO (5);\n"
		"CREATE TABLE t (a int) PARTITION BY RANGE (a);\n");
	struct sd_error err;

	/* desired files: in any order */
	cr_expect(catalog_find(set, SD_INDEX, "public", "t_a"));
	cr_expect_null(catalog_find(set, SD_INDEX, "public", "t1_a"));
	catalog_free(set);
	cr_assert_eq(replay(cat, "CREATE INDEX t1_a ON t1 (a);\n"
				 "ALTER INDEX t_a ATTACH PARTITION t1_a;\n",
			    &err), 0, "%s", err.msg);
	cr_expect(catalog_find(cat, SD_INDEX, "public", "t_a"));
	cr_expect_null(catalog_find(cat, SD_INDEX, "public", "t1_a"));
	cr_expect_neq(replay(cat, "CREATE TABLE u (a int);\n"
				  "CREATE INDEX u_a ON u (a);\n"
				  "ALTER INDEX t_a ATTACH PARTITION u_a;\n",
			     &err), 0);
	cr_expect(strstr(err.msg, "cannot attach index \"u_a\""), "%s",
		  err.msg);
	catalog_free(cat);
}
