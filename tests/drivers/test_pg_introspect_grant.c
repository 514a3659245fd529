/*
 * tests/drivers/test_pg_introspect_grant.c: privileges and materialized
 * views read from a real server (SD_TEST_PG_URL; without it every test
 * fails, saying so): the grant lists introspection fills (the owner's own
 * privileges left out, PUBLIC, column privileges, grant options, the
 * defaults of functions and types), and the round trip: parse -> emit ->
 * execute -> introspect, then diff against the introspection of the same
 * SQL run directly is empty, and emitting again changes nothing.
 *
 * Memory: each test frees its catalogs, change sets and buffers; libpq
 * results are cleared at once; the databases are dropped in the fini.
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

static void fini(void)
{
	testdb_drop_all();
	pg_parser_cleanup();
}

TestSuite(pg_introspect_grant, .fini = fini, .timeout = 300);

static const char roles[] =
	"DO $$ BEGIN\n"
	"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sd_tg_r')\n"
	"THEN CREATE ROLE sd_tg_r; END IF;\n"
	"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sd-tg \"Q\"')\n"
	"THEN CREATE ROLE \"sd-tg \"\"Q\"\"\"; END IF;\n"
	"END $$;\n";

static const char schema_sql[] =
	"CREATE SCHEMA s;\n"
	"CREATE TABLE s.t (id serial PRIMARY KEY, a text, b text);\n"
	"CREATE TYPE s.e AS ENUM ('x');\n"
	"CREATE FUNCTION s.f(x integer) RETURNS integer LANGUAGE sql\n"
	"  AS $$ SELECT x $$;\n"
	"CREATE MATERIALIZED VIEW s.mv AS SELECT id, a FROM s.t WITH NO DATA;\n"
	"CREATE UNIQUE INDEX mv_id ON s.mv (id);\n"
	"CREATE VIEW s.v AS SELECT id FROM s.mv;\n"
	"COMMENT ON MATERIALIZED VIEW s.mv IS 'm';\n"
	"GRANT SELECT, INSERT ON s.t TO sd_tg_r WITH GRANT OPTION;\n"
	"GRANT UPDATE (a, b) ON s.t TO \"sd-tg \"\"Q\"\"\";\n"
	"GRANT SELECT ON s.mv, s.v TO PUBLIC;\n"
	"GRANT USAGE ON SEQUENCE s.t_id_seq TO sd_tg_r;\n"
	"GRANT USAGE, CREATE ON SCHEMA s TO sd_tg_r;\n"
	"REVOKE EXECUTE ON FUNCTION s.f(int) FROM PUBLIC;\n"
	"GRANT EXECUTE ON FUNCTION s.f(int) TO sd_tg_r;\n"
	"REVOKE USAGE ON TYPE s.e FROM PUBLIC;\n";

static char *grants(const struct catalog *cat, enum sd_kind kind,
		    const char *schema, const char *name)
{
	const struct sd_object *obj = catalog_find(cat, kind, schema, name);
	struct strbuf sb = STRBUF_INIT;

	cr_assert(obj, "%s not introspected", name);
	strbuf_addstr(&sb, obj->acl_set ? "set:" : "default:");
	for (size_t i = 0; i < obj->ngrants; i++) {
		const struct sd_grant *g = &obj->grants[i];
		strbuf_addf(&sb, " %s/%s/%s%s",
			    g->grantee ? g->grantee : "PUBLIC",
			    g->column ? g->column : "-", g->privilege,
			    g->grant_option ? "*" : "");
	}
	return strbuf_detach(&sb, NULL);
}

static void expect(const struct catalog *cat, enum sd_kind kind,
		   const char *schema, const char *name, const char *want)
{
	char *got = grants(cat, kind, schema, name);

	cr_assert_str_eq(got, want, "%s: got %s, want %s", name, got, want);
	free(got);
}

static char *plan(const struct catalog *from, const struct catalog *to)
{
	struct changeset *cs;
	struct sd_error err = { 0 };
	struct strbuf sb = STRBUF_INIT;

	cr_assert_eq(diff_catalogs(from, to, &cs, &err), 0, "%s", err.msg);
	emit_pg_changeset(cs, &sb);
	changeset_free(cs);
	return strbuf_detach(&sb, NULL);
}

Test(pg_introspect_grant, reads_grants_and_matviews)
{
	PGconn *conn = testdb_create("sd_tg", "read");
	struct catalog *cat;
	struct sd_matview *mv;

	testdb_exec(conn, roles);
	testdb_exec(conn, schema_sql);
	cat = testdb_introspect(conn);
	expect(cat, SD_TABLE, "s", "t",
	       "set: sd-tg \"Q\"/a/UPDATE sd-tg \"Q\"/b/UPDATE"
	       " sd_tg_r/-/INSERT* sd_tg_r/-/SELECT*");
	expect(cat, SD_MATVIEW, "s", "mv", "set: PUBLIC/-/SELECT");
	expect(cat, SD_VIEW, "s", "v", "set: PUBLIC/-/SELECT");
	expect(cat, SD_SEQUENCE, "s", "t_id_seq", "set: sd_tg_r/-/USAGE");
	expect(cat, SD_SCHEMA, NULL, "s",
	       "set: sd_tg_r/-/CREATE sd_tg_r/-/USAGE");
	expect(cat, SD_FUNCTION, "s", "f(integer)", "set: sd_tg_r/-/EXECUTE");
	expect(cat, SD_TYPE, "s", "e", "set:");
	mv = catalog_find(cat, SD_MATVIEW, "s", "mv");
	cr_assert_str_eq(mv->base.comment, "m");
	cr_assert(catalog_find(cat, SD_INDEX, "s", "mv_id"));
	catalog_free(cat);
}

Test(pg_introspect_grant, round_trip_through_the_parser)
{
	PGconn *a = testdb_create("sd_tg", "a");
	PGconn *b = testdb_create("sd_tg", "b");
	struct catalog *parsed = catalog_new(SQL_POSTGRES), *ca, *cb;
	struct catalog *empty = catalog_new(SQL_POSTGRES);
	struct sd_error err = { 0 };
	char *sql, *again;

	testdb_exec(a, roles);
	testdb_exec(a, schema_sql);
	cr_assert_eq(pg_load_desired_text(parsed, "d.sql", schema_sql, &err),
		     0, "%s", err.msg);
	sql = plan(empty, parsed);
	testdb_exec(b, sql);
	ca = testdb_introspect(a);
	cb = testdb_introspect(b);
	again = plan(ca, cb);
	cr_assert_str_eq(again, "", "introspect(SQL) vs introspect(emit(parse"
		       "(SQL))):\n%s\n--- emitted ---\n%s", again, sql);
	free(again);
	again = plan(cb, ca);
	cr_assert_str_eq(again, "", "%s", again);
	free(again);
	free(sql);
	catalog_free(ca);
	catalog_free(cb);
	catalog_free(parsed);
	catalog_free(empty);
}
