/*
 * tests/parser/test_pg_grant.c: privileges and materialized views through
 * the parser (GRANT / REVOKE into grant lists, CREATE MATERIALIZED VIEW and
 * its indexes) and on through diff and emit (the SQL a change of
 * privileges or of a materialized view gives).
 *
 * Memory: each test frees its catalogs, change sets and buffers.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
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
	int ret = pg_load_desired_text(cat, "d.sql", sql, &err);

	cr_assert_eq(ret, 0, "load failed: %s:%d:%d: %s", err.file, err.line,
		     err.col, err.msg);
	return cat;
}

/* The grants of an object, one "grantee column privilege[*]" per line. */
static char *grants_of(const char *sql, enum sd_kind kind, const char *schema,
		       const char *name)
{
	struct catalog *cat = load(sql);
	struct sd_object *obj = catalog_find(cat, kind, schema, name);
	struct strbuf sb = STRBUF_INIT;

	cr_assert(obj, "%s not found", name);
	for (size_t i = 0; i < obj->ngrants; i++) {
		const struct sd_grant *g = &obj->grants[i];
		strbuf_addf(&sb, "%s %s %s%s\n",
			    g->grantee ? g->grantee : "PUBLIC",
			    g->column ? g->column : "-", g->privilege,
			    g->grant_option ? "*" : "");
	}
	catalog_free(cat);
	return strbuf_detach(&sb, NULL);
}

static void expect_grants(const char *sql, enum sd_kind kind,
			  const char *schema, const char *name,
			  const char *expected)
{
	char *got = grants_of(sql, kind, schema, name);

	cr_assert_str_eq(got, expected, "\n--- got:\n%s--- expected:\n%s",
			 got, expected);
	free(got);
}

/* The SQL that turns a into b. */
static void expect_plan(const char *a, const char *b, const char *expected)
{
	struct catalog *ca = load(a), *cb = load(b);
	struct changeset *cs;
	struct sd_error err = { 0 };
	struct strbuf sb = STRBUF_INIT;

	cr_assert_eq(diff_catalogs(ca, cb, &cs, &err), 0, "%s", err.msg);
	emit_pg_changeset(cs, &sb);
	cr_assert_str_eq(sb.buf, expected, "\n--- got:\n%s--- expected:\n%s",
			 sb.buf, expected);
	strbuf_release(&sb);
	changeset_free(cs);
	catalog_free(ca);
	catalog_free(cb);
}

static void expect_error(const char *sql, int code, const char *msg)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err = { 0 };
	int ret = pg_load_desired_text(cat, "d.sql", sql, &err);

	cr_assert_eq(ret, code, "code %d, want %d (%s)", ret, code, err.msg);
	cr_assert_str_eq(err.msg, msg);
	catalog_free(cat);
}

static void fini(void)
{
	pg_parser_cleanup();
}

TestSuite(pg_grant, .fini = fini);

#define T "CREATE TABLE t (id int, a text, b text);\n"

Test(pg_grant, privileges_grantees_and_options)
{
	expect_grants(T "GRANT select, INSERT ON TABLE t TO app_user, "
			"\"user-with-dash\", PUBLIC;\n"
			"GRANT SELECT ON t TO \"CamelCaseUser\" "
			"WITH GRANT OPTION;\n",
		      SD_TABLE, "public", "t",
		      "PUBLIC - INSERT\nPUBLIC - SELECT\n"
		      "CamelCaseUser - SELECT*\n"
		      "app_user - INSERT\napp_user - SELECT\n"
		      "user-with-dash - INSERT\nuser-with-dash - SELECT\n");
}

Test(pg_grant, all_privileges_and_revoke)
{
	expect_grants(T "GRANT ALL PRIVILEGES ON t TO r WITH GRANT OPTION;\n"
			"REVOKE TRUNCATE, TRIGGER ON t FROM r;\n"
			"REVOKE GRANT OPTION FOR DELETE ON t FROM r CASCADE;\n",
		      SD_TABLE, "public", "t",
		      "r - DELETE\nr - INSERT*\nr - REFERENCES*\n"
		      "r - SELECT*\nr - UPDATE*\n");
}

Test(pg_grant, columns)
{
	expect_grants(T "GRANT SELECT (id, a), UPDATE (b) ON t TO r;\n"
			"GRANT INSERT ON t TO r;\n",
		      SD_TABLE, "public", "t",
		      "r - INSERT\nr a SELECT\nr b UPDATE\nr id SELECT\n");
	/* a table-level REVOKE takes the column privileges along */
	expect_grants(T "GRANT SELECT (id, a), UPDATE (b) ON t TO r;\n"
			"REVOKE SELECT ON t FROM r;\n",
		      SD_TABLE, "public", "t", "r b UPDATE\n");
	/* dropped and renamed columns (a script: in order) */
	{
		struct catalog *cat = catalog_new(SQL_POSTGRES);
		struct sd_error err = { 0 };
		struct sd_table *t;

		cr_assert_eq(pg_replay_script(cat, "v.sql",
			T "GRANT SELECT (id, a) ON t TO r;\n"
			"ALTER TABLE t DROP COLUMN a;\n"
			"ALTER TABLE t RENAME COLUMN id TO key;\n", &err), 0,
			"%s", err.msg);
		t = catalog_find(cat, SD_TABLE, "public", "t");
		cr_assert_eq(t->base.ngrants, 1);
		cr_assert_str_eq(t->base.grants[0].column, "key");
		catalog_free(cat);
	}
	expect_error(T "GRANT SELECT (nope) ON t TO r;\n", SD_ERR,
		     "column \"nope\" of relation \"t\" does not exist");
	expect_error(T "GRANT EXECUTE ON t TO r;\n", SD_ERR,
		     "invalid privilege type EXECUTE for table");
}

Test(pg_grant, sequences_schemas_all_in_schema)
{
	const char *sql =
		"CREATE SCHEMA s;\n"
		"CREATE TABLE s.a (id serial);\n"
		"CREATE VIEW s.v AS SELECT id FROM s.a;\n"
		"GRANT ALL ON ALL TABLES IN SCHEMA s TO w;\n"
		"GRANT ALL ON ALL SEQUENCES IN SCHEMA s TO w;\n"
		"GRANT USAGE ON SCHEMA s, public TO \"My User\";\n";

	expect_grants(sql, SD_VIEW, "s", "v",
		      "w - DELETE\nw - INSERT\nw - REFERENCES\nw - SELECT\n"
		      "w - TRIGGER\nw - TRUNCATE\nw - UPDATE\n");
	expect_grants(sql, SD_SEQUENCE, "s", "a_id_seq",
		      "w - SELECT\nw - UPDATE\nw - USAGE\n");
	expect_grants(sql, SD_SCHEMA, NULL, "s", "My User - USAGE\n");
}

Test(pg_grant, kind_defaults)
{
	/* types and functions start with USAGE / EXECUTE to PUBLIC */
	expect_grants("CREATE TYPE e AS ENUM ('a');\n"
		      "GRANT USAGE ON TYPE e TO r;\n",
		      SD_TYPE, "public", "e", "PUBLIC - USAGE\nr - USAGE\n");
	expect_grants("CREATE TYPE e AS ENUM ('a');\n"
		      "REVOKE USAGE ON TYPE e FROM PUBLIC;\n",
		      SD_TYPE, "public", "e", "");
	expect_plan("CREATE TYPE e AS ENUM ('a');\n",
		    "CREATE TYPE e AS ENUM ('a');\n"
		    "REVOKE ALL ON TYPE e FROM PUBLIC;\n",
		    "REVOKE USAGE ON TYPE public.e FROM PUBLIC;\n");
}

Test(pg_grant, plan_revoke_and_grant)
{
	expect_plan(T "GRANT SELECT ON t TO \"user-with-dash\";\n"
		      "GRANT UPDATE (a) ON t TO \"user-with-dash\";\n"
		      "GRANT SELECT ON t TO c WITH GRANT OPTION;\n"
		      "GRANT DELETE ON t TO gone;\n",
		    T "GRANT SELECT (a), UPDATE (a, b) ON t TO "
		      "\"user-with-dash\";\n"
		      "GRANT SELECT ON t TO c;\n"
		      "GRANT INSERT ON t TO c WITH GRANT OPTION;\n"
		      "GRANT SELECT, INSERT ON t TO PUBLIC;\n",
		    "GRANT INSERT, SELECT ON TABLE public.t TO PUBLIC;\n"
		    "REVOKE GRANT OPTION FOR SELECT ON TABLE public.t FROM c;\n"
		    "GRANT INSERT ON TABLE public.t TO c WITH GRANT OPTION;\n"
		    "REVOKE DELETE ON TABLE public.t FROM gone;\n"
		    "REVOKE SELECT ON TABLE public.t FROM \"user-with-dash\";\n"
		    "GRANT SELECT (a), UPDATE (b) ON TABLE public.t TO "
		    "\"user-with-dash\";\n");
}

Test(pg_grant, plan_regrants_recreated_objects)
{
	/* a view that changes is dropped and created: its grants again */
	expect_plan(T "CREATE VIEW v AS SELECT id FROM t;\n"
		      "GRANT SELECT ON v TO r;\n",
		    T "CREATE VIEW v AS SELECT id, a FROM t;\n"
		      "GRANT SELECT ON v TO r;\n",
		    "DROP VIEW public.v;\n"
		    "CREATE VIEW public.v AS SELECT id, a FROM t;\n"
		    "GRANT SELECT ON TABLE public.v TO r;\n");
}

Test(pg_grant, matview_parse_and_index)
{
	struct catalog *cat = load(
		"CREATE INDEX mv_a ON mv (a);\n"
		"CREATE MATERIALIZED VIEW mv (x, a) AS SELECT id, a FROM t "
		"WITH NO DATA;\n" T
		"COMMENT ON MATERIALIZED VIEW mv IS 'm';\n"
		"REFRESH MATERIALIZED VIEW mv;\n");
	struct sd_matview *mv = catalog_find(cat, SD_MATVIEW, "public", "mv");
	struct sd_index *ix = catalog_find(cat, SD_INDEX, "public", "mv_a");

	cr_assert(mv);
	cr_assert_str_eq(mv->query, "SELECT id, a FROM t");
	cr_assert_eq(mv->ncolumns, 2);
	cr_assert_str_eq(mv->columns[0], "x");
	cr_assert_str_eq(mv->base.comment, "m");
	cr_assert(ix);
	cr_assert_str_eq(ix->table, "mv");
	catalog_free(cat);
	expect_error("CREATE TABLE x AS SELECT 1;\n", SD_ERR_UNSUPPORTED,
		     "unsupported statement CREATE TABLE AS");
}

Test(pg_grant, plan_matview_recreated_with_indexes_and_grants)
{
	expect_plan(T "CREATE MATERIALIZED VIEW mv AS SELECT id FROM t;\n"
		      "CREATE INDEX mv_id ON mv (id);\n"
		      "GRANT SELECT ON mv TO r;\n"
		      "CREATE VIEW v AS SELECT id FROM mv;\n",
		    T "CREATE MATERIALIZED VIEW mv AS SELECT id, a FROM t;\n"
		      "CREATE INDEX mv_id ON mv (id);\n"
		      "GRANT SELECT ON mv TO r;\n"
		      "CREATE VIEW v AS SELECT id FROM mv;\n",
		    "DROP VIEW public.v;\n"
		    "DROP MATERIALIZED VIEW public.mv;\n"
		    "CREATE MATERIALIZED VIEW public.mv AS SELECT id, a FROM "
		    "t;\n"
		    "CREATE INDEX mv_id ON public.mv USING btree (id);\n"
		    "CREATE VIEW public.v AS SELECT id FROM mv;\n"
		    "GRANT SELECT ON TABLE public.mv TO r;\n");
	expect_plan(T "CREATE MATERIALIZED VIEW mv AS SELECT id FROM t;\n"
		      "CREATE INDEX mv_id ON mv (id);\n",
		    T,
		    "DROP MATERIALIZED VIEW public.mv;\n");
}
