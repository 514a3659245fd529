/*
 * tests/parser/test_pg_stmts.c: statements of real schemas that were
 * refused or not compared (issue 17, item 12), through parse, diff and
 * emit: REPLICA IDENTITY, trigger enable states, view and materialized
 * view options, ADD ... USING INDEX in a desired set, ALTER INDEX ...
 * ATTACH PARTITION, serial <-> identity and `-- schemadiff:using` type
 * conversions. The live convergence of each is tests/cli/live_pgstmts.sh.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "diff/diff.h"
#include "emit/emit.h"
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

/* The SQL that turns `from` into `to` (both desired sets), and the
 * conversions check's verdict in *check. */
static void plan(const char *from, const char *to, struct strbuf *out,
		 int *check)
{
	struct catalog *a = load(from), *b = load(to);
	struct changeset *cs = NULL;
	struct sd_error err;

	sd_error_clear(&err);
	cr_assert_eq(diff_catalogs(a, b, &cs, &err), 0, "%s", err.msg);
	emit_changeset(cs, out);
	if (check)
		*check = diff_check_conversions(cs, &err);
	changeset_free(cs);
	catalog_free(a);
	catalog_free(b);
}

static void expect_line(const struct strbuf *sql, const char *line)
{
	cr_expect(strstr(sql->buf, line) != NULL, "no \"%s\" in:\n%s", line,
		  sql->buf);
}

TestSuite(pg_stmts);

Test(pg_stmts, replica_identity_parsed_and_checked)
{
	struct catalog *cat = load(
		"CREATE TABLE t (id int NOT NULL, k int NOT NULL);\n"
		"CREATE UNIQUE INDEX t_k ON t (k);\n"
		"ALTER TABLE t REPLICA IDENTITY USING INDEX t_k;\n"
		"CREATE TABLE u (id int PRIMARY KEY);\n"
		"ALTER TABLE u REPLICA IDENTITY FULL;\n");
	struct sd_table *t = catalog_find(cat, SD_TABLE, "public", "t");
	struct sd_table *u = catalog_find(cat, SD_TABLE, "public", "u");
	struct catalog *bad = catalog_new(SQL_POSTGRES);
	struct sd_error err;

	cr_assert(t && u);
	cr_expect_eq(t->replident, 'i');
	cr_expect_str_eq(t->replident_index, "t_k");
	cr_expect_eq(u->replident, 'f');
	sd_error_clear(&err);
	cr_expect_neq(pg_load_desired_text(bad, "b.sql",
		"CREATE TABLE x (id int);\n"
		"CREATE INDEX x_i ON x (id);\n"
		"ALTER TABLE x REPLICA IDENTITY USING INDEX x_i;\n", &err), 0);
	cr_expect(strstr(err.msg, "cannot use non-unique index \"x_i\"") != NULL,
		  "%s", err.msg);
	cr_expect_eq(err.line, 3);
	catalog_free(bad);
	catalog_free(cat);
}

Test(pg_stmts, replica_identity_and_trigger_states_planned)
{
	static const char from[] =
		"CREATE TABLE t (id int PRIMARY KEY);\n"
		"CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS "
		"$$BEGIN RETURN NEW; END$$;\n"
		"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW "
		"EXECUTE FUNCTION f();\n";
	struct strbuf sql = STRBUF_INIT;
	struct strbuf to = STRBUF_INIT;

	strbuf_addstr(&to, from);
	strbuf_addstr(&to, "ALTER TABLE t REPLICA IDENTITY USING INDEX t_pkey;\n"
			   "ALTER TABLE t DISABLE TRIGGER USER;\n");
	plan(from, to.buf, &sql, NULL);
	expect_line(&sql, "ALTER TABLE public.t REPLICA IDENTITY USING INDEX t_pkey;\n");
	expect_line(&sql, "ALTER TABLE public.t DISABLE TRIGGER tr;\n");
	strbuf_reset(&sql);
	plan(to.buf, from, &sql, NULL);
	cr_expect_str_eq(sql.buf, "ALTER TABLE public.t REPLICA IDENTITY DEFAULT;\n"
				  "ALTER TABLE public.t ENABLE TRIGGER tr;\n");
	strbuf_reset(&sql);
	plan(to.buf, to.buf, &sql, NULL);
	cr_expect_str_eq(sql.buf, "");
	strbuf_release(&sql);
	strbuf_release(&to);
}

Test(pg_stmts, view_and_matview_options)
{
	static const char a[] =
		"CREATE TABLE t (id int);\n"
		"CREATE VIEW v AS SELECT id FROM t;\n"
		"ALTER VIEW v SET (security_barrier = true, check_option = local);\n"
		"CREATE MATERIALIZED VIEW mv WITH (fillfactor = 70) AS SELECT id FROM t;\n";
	static const char b[] =
		"CREATE TABLE t (id int);\n"
		"CREATE VIEW v WITH (security_barrier = true) AS SELECT id FROM t "
		"WITH LOCAL CHECK OPTION;\n"
		"CREATE MATERIALIZED VIEW mv AS SELECT id FROM t;\n"
		"ALTER MATERIALIZED VIEW mv SET (fillfactor = 50);\n"
		"ALTER MATERIALIZED VIEW mv RESET (fillfactor);\n"
		"ALTER MATERIALIZED VIEW mv SET (fillfactor = 70);\n";
	struct strbuf sql = STRBUF_INIT;

	/* the same schema written two ways */
	plan(a, b, &sql, NULL);
	cr_expect_str_eq(sql.buf, "");
	strbuf_reset(&sql);
	plan("CREATE TABLE t (id int);\n"
	     "CREATE MATERIALIZED VIEW mv AS SELECT id FROM t;\n", a, &sql, NULL);
	expect_line(&sql, "ALTER MATERIALIZED VIEW public.mv SET (fillfactor='70');\n");
	cr_expect(!strstr(sql.buf, "DROP MATERIALIZED VIEW"), "%s", sql.buf);
	strbuf_release(&sql);
}

Test(pg_stmts, using_index_in_any_order)
{
	struct catalog *cat = load(
		"ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_i;\n"
		"CREATE TABLE t (id int NOT NULL);\n"
		"CREATE UNIQUE INDEX t_i ON t (id);\n");
	struct sd_table *t = catalog_find(cat, SD_TABLE, "public", "t");

	cr_assert(t);
	cr_assert_eq(t->nconstraints, 1);
	cr_expect_str_eq(t->constraints[0].name, "t_pkey");
	cr_expect_eq(t->constraints[0].type, SD_CON_PRIMARY);
	cr_expect_null(catalog_find(cat, SD_INDEX, "public", "t_i"));
	catalog_free(cat);
}

Test(pg_stmts, index_attached_not_dropped)
{
	static const char a[] =
		"CREATE TABLE p (id int, k int) PARTITION BY RANGE (k);\n"
		"CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);\n"
		"CREATE INDEX pi ON ONLY p (id);\n"
		"CREATE INDEX p1i ON p1 (id);\n";
	struct strbuf b = STRBUF_INIT, sql = STRBUF_INIT;

	strbuf_addstr(&b, a);
	strbuf_addstr(&b, "ALTER INDEX pi ATTACH PARTITION p1i;\n");
	plan(a, b.buf, &sql, NULL);
	cr_expect_str_eq(sql.buf, "ALTER INDEX public.pi ATTACH PARTITION public.p1i;\n");
	strbuf_release(&sql);
	strbuf_release(&b);
}

Test(pg_stmts, serial_to_identity_keeps_the_sequence_name)
{
	struct strbuf sql = STRBUF_INIT;
	const char *drop, *add;

	plan("CREATE TABLE t (id serial);\n",
	     "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY);\n",
	     &sql, NULL);
	drop = strstr(sql.buf, "DROP SEQUENCE public.t_id_seq;");
	add = strstr(sql.buf, "ADD GENERATED BY DEFAULT AS IDENTITY");
	cr_assert(drop && add, "%s", sql.buf);
	cr_expect(drop < add, "the old sequence goes first:\n%s", sql.buf);
	strbuf_release(&sql);
}

Test(pg_stmts, type_conversion_hint_or_error)
{
	struct strbuf sql = STRBUF_INIT;
	int check;

	plan("CREATE TABLE e (at bigint, n text, v varchar(5));\n",
	     "CREATE TABLE e (\n"
	     "  at timestamptz, -- schemadiff:using to_timestamp(at)\n"
	     "  -- schemadiff:using nullif(n, '')::integer\n"
	     "  n integer,\n"
	     "  v varchar(10)\n"
	     ");\n", &sql, &check);
	cr_expect_eq(check, 0);
	expect_line(&sql, "ALTER COLUMN at TYPE timestamp with time zone USING to_timestamp(at);");
	expect_line(&sql, "ALTER COLUMN n TYPE integer USING nullif(n, '')::integer;");
	expect_line(&sql, "ALTER COLUMN v TYPE character varying(10) USING v::character varying(10);");
	strbuf_reset(&sql);
	plan("CREATE TABLE e (at bigint);\n", "CREATE TABLE e (at timestamp);\n",
	     &sql, &check);
	cr_expect_neq(check, 0, "no assignment cast from bigint to timestamp");
	strbuf_reset(&sql);
	plan("CREATE TABLE e (a int, b text);\n",
	     "CREATE TABLE e (a bigint, b varchar(3));\n", &sql, &check);
	cr_expect_eq(check, 0, "integer -> bigint, text -> varchar are assignments");
	strbuf_release(&sql);
}

/* CREATE TABLE (LIKE ...): on PostgreSQL 18 the copied NOT NULL
 * constraints keep the source's names (<source>_<col>_not_null unless
 * named); before 18 NOT NULL has no name. */
Test(pg_stmts, like_not_null_names_by_version)
{
	static const char sql[] =
		"CREATE TABLE lo (id int NOT NULL, b int CONSTRAINT b_nn NOT NULL, c int);\n"
		"CREATE TABLE lt (LIKE lo);\n";
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;
	const struct sd_table *t;

	sd_error_clear(&err);
	cat->pg_version = 180000;
	cr_assert_eq(pg_load_desired_text(cat, "t.sql", sql, &err), 0, "%s",
		     err.msg);
	t = catalog_find(cat, SD_TABLE, "public", "lt");
	cr_assert(t);
	cr_assert_str_eq(t->columns[0].not_null_name, "lo_id_not_null");
	cr_assert_str_eq(t->columns[1].not_null_name, "b_nn");
	cr_assert_null(t->columns[2].not_null_name);
	catalog_free(cat);

	cat = load(sql);
	t = catalog_find(cat, SD_TABLE, "public", "lt");
	cr_assert(t);
	cr_assert_null(t->columns[0].not_null_name);
	catalog_free(cat);
}
