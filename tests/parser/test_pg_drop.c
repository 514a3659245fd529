/*
 * tests/parser/test_pg_drop.c: what a DROP takes along in a replayed
 * script (parser/pg/pg_drop.c, pg_drop_object() and its index,
 * parser/pg/pg_refs.c): indexes, owned sequences, policies, partitions,
 * dependent views and foreign keys, also when the objects were made,
 * renamed or moved between two DROPs, and over a long run of DROPs.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/error.h"
#include "util/strbuf.h"

#include "util/banned.h"

static void run(struct catalog *cat, const char *sql)
{
	struct sd_error err;
	int ret;

	sd_error_clear(&err);
	ret = pg_replay_script(cat, "v.sql", sql, &err);
	cr_assert_eq(ret, 0, "replay failed: %d:%d: %s", err.line, err.col,
		     err.msg);
}

static bool has(struct catalog *cat, enum sd_kind kind, const char *schema,
		const char *name)
{
	return catalog_find(cat, kind, schema, name) != NULL;
}

Test(pg_drop, follows_renames_between_drops)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);

	run(cat, "CREATE TABLE zz0 (x int); CREATE TABLE zz1 (x int);"
		 "CREATE TABLE a (id int PRIMARY KEY);"
		 "CREATE INDEX a_i ON a (id);"
		 "CREATE TABLE b (id int); CREATE INDEX b_i ON b (id);"
		 "CREATE SCHEMA s;"
		 "DROP TABLE zz0;"
		 "ALTER TABLE b RENAME TO c;"
		 "DROP TABLE zz1;"
		 "ALTER TABLE a SET SCHEMA s;"
		 "DROP TABLE c;");
	cr_assert(!has(cat, SD_TABLE, "public", "c"));
	cr_assert(!has(cat, SD_INDEX, "public", "b_i"));
	cr_assert(has(cat, SD_TABLE, "s", "a"));
	cr_assert(has(cat, SD_INDEX, "s", "a_i"));
	run(cat, "DROP TABLE s.a;");
	cr_assert(!has(cat, SD_INDEX, "s", "a_i"));
	cr_assert_eq(catalog_count(cat), 1);	/* schema s */
	catalog_free(cat);
}

Test(pg_drop, takes_what_was_made_after_an_earlier_drop)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);

	run(cat, "CREATE TABLE zz2 (x int); CREATE TABLE zz3 (x int);"
		 "CREATE TABLE p (id int);"
		 "CREATE TABLE keep (id int);"
		 "DROP TABLE zz2;"
		 "CREATE INDEX p_i ON p (id);"
		 "CREATE POLICY pol ON p USING (true);"
		 "CREATE SEQUENCE p_s OWNED BY p.id;"
		 "CREATE TABLE pp (at date) PARTITION BY RANGE (at);"
		 "DROP TABLE zz3;"
		 "CREATE TABLE pp1 PARTITION OF pp "
		 "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
		 "CREATE POLICY kpol ON keep USING (true);"
		 "DROP TABLE p, pp;");
	cr_assert(!has(cat, SD_INDEX, "public", "p_i"));
	cr_assert(!has(cat, SD_POLICY, "public", "p.pol"));
	cr_assert(!has(cat, SD_SEQUENCE, "public", "p_s"));
	cr_assert(!has(cat, SD_TABLE, "public", "pp1"));
	cr_assert(has(cat, SD_TABLE, "public", "keep"));
	cr_assert(has(cat, SD_POLICY, "public", "keep.kpol"));
	cr_assert_eq(catalog_count(cat), 2);
	catalog_free(cat);
}

Test(pg_drop, cascade_in_a_run_of_drops)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_table *u;

	run(cat, "CREATE VIEW zv AS SELECT 1 AS x;"
		 "CREATE TABLE t (id int PRIMARY KEY);"
		 "CREATE TABLE o (id int PRIMARY KEY);"
		 "CREATE VIEW v AS SELECT id FROM t;"
		 "CREATE VIEW vv AS SELECT id FROM v;"
		 "CREATE VIEW ov AS SELECT id FROM o;"
		 "CREATE TABLE u (t_id int REFERENCES t, o_id int REFERENCES o);"
		 "DROP VIEW zv;"
		 "DROP TABLE t CASCADE;");
	cr_assert(!has(cat, SD_VIEW, "public", "v"));
	cr_assert(!has(cat, SD_VIEW, "public", "vv"));
	cr_assert(has(cat, SD_VIEW, "public", "ov"));
	u = catalog_find(cat, SD_TABLE, "public", "u");
	cr_assert(u);
	cr_assert_eq(u->nconstraints, 1);
	cr_assert_str_eq(u->constraints[0].ref_table, "o");
	/* a view made after the run began, then the run goes on */
	run(cat, "CREATE VIEW ov2 AS SELECT id FROM ov;"
		 "CREATE VIEW zv2 AS SELECT 1 AS x;"
		 "DROP VIEW zv2; DROP TABLE o CASCADE;");
	cr_assert(!has(cat, SD_VIEW, "public", "ov"));
	cr_assert(!has(cat, SD_VIEW, "public", "ov2"));
	cr_assert(has(cat, SD_TABLE, "public", "u"));
	cr_assert_eq(u->nconstraints, 0);
	catalog_free(cat);
}

Test(pg_drop, schema_cascade_after_other_drops)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);

	run(cat, "CREATE TABLE zz4 (x int);"
		 "CREATE SCHEMA s; CREATE TABLE s.a (id int);"
		 "DROP TABLE zz4;"
		 "CREATE TABLE s.b (id int); CREATE VIEW s.v AS SELECT 1 AS x;"
		 "CREATE TABLE keep (id int);"
		 "DROP TABLE s.a; DROP SCHEMA s CASCADE;");
	cr_assert(!has(cat, SD_TABLE, "s", "b"));
	cr_assert(!has(cat, SD_VIEW, "s", "v"));
	cr_assert(!has(cat, SD_SCHEMA, NULL, "s"));
	cr_assert(has(cat, SD_TABLE, "public", "keep"));
	catalog_free(cat);
}

/* A down.sql: many tables, each with indexes, a view and a foreign key to
 * the one before, dropped one statement at a time in reverse order. */
Test(pg_drop, long_run_of_drops)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct strbuf up = STRBUF_INIT, down = STRBUF_INIT;
	const int n = 300;

	for (int i = 0; i < n; i++) {
		strbuf_addf(&up, "CREATE TABLE t%d (id serial PRIMARY KEY%s);",
			    i, i ? ", p int" : "");
		if (i)
			strbuf_addf(&up, "ALTER TABLE t%d ADD FOREIGN KEY (p) "
				    "REFERENCES t%d;", i, i - 1);
		strbuf_addf(&up, "CREATE INDEX t%d_a ON t%d (id);"
			    "CREATE VIEW v%d AS SELECT id FROM t%d;", i, i, i, i);
	}
	run(cat, up.buf);
	cr_assert_eq(catalog_count(cat), (size_t)n * 4);	/* t, seq, ix, v */
	for (int i = n; i-- > 0;)
		strbuf_addf(&down, "DROP VIEW v%d; DROP TABLE t%d;", i, i);
	run(cat, down.buf);
	cr_assert_eq(catalog_count(cat), 0);
	strbuf_release(&up);
	strbuf_release(&down);
	catalog_free(cat);
}

/* ALTER TABLE ... DROP COLUMN takes the indexes, owned sequences and
 * foreign keys of other tables that use the column, also in a run of them
 * with other statements between, and in one statement that adds a column
 * between two drops. */
Test(pg_drop, drop_column_runs)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_table *r;

	run(cat, "CREATE TABLE t (id int PRIMARY KEY, a int UNIQUE, b int, "
		 "c serial);"
		 "CREATE TABLE r (id int, t_a int REFERENCES t (a), "
		 "t_id int REFERENCES t (id));"
		 "CREATE INDEX t_b ON t (b); CREATE INDEX t_ab ON t (id) "
		 "WHERE b > 0;"
		 "CREATE TABLE zz (x int, y int);"
		 "ALTER TABLE zz DROP COLUMN y;"
		 "ALTER TABLE t DROP COLUMN a;");
	r = catalog_find(cat, SD_TABLE, "public", "r");
	cr_assert_eq(r->nconstraints, 1);
	cr_assert_str_eq(r->constraints[0].ref_columns[0], "id");
	run(cat, "ALTER TABLE zz DROP COLUMN x;"
		 "CREATE INDEX t_b2 ON t ((b + 1));"
		 "ALTER TABLE t DROP COLUMN b;"
		 "ALTER TABLE t DROP COLUMN c;");
	cr_assert(!has(cat, SD_INDEX, "public", "t_b"));
	cr_assert(!has(cat, SD_INDEX, "public", "t_ab"));
	cr_assert(!has(cat, SD_INDEX, "public", "t_b2"));
	cr_assert(!has(cat, SD_SEQUENCE, "public", "t_c_seq"));
	run(cat, "ALTER TABLE zz ADD COLUMN q int;"
		 "ALTER TABLE zz DROP COLUMN q;"
		 "ALTER TABLE t DROP COLUMN id, ADD COLUMN s serial, "
		 "DROP COLUMN s;");
	cr_assert(!has(cat, SD_SEQUENCE, "public", "t_s_seq"));
	cr_assert_eq(r->nconstraints, 0);
	catalog_free(cat);
}
