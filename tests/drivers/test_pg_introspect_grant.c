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
#include <unistd.h>

#include "diff/diff.h"
#include "drivers/pg_introspect.h"
#include "emit/emit.h"
#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/error.h"
#include "util/strbuf.h"

#include "util/banned.h"

#define MAX_DBS 4

static struct {
	char name[64];
	PGconn *conn;
} dbs[MAX_DBS];
static int ndbs;

static const char *pg_url(void)
{
	const char *url = getenv("SD_TEST_PG_URL");

	if (!url || !*url)
		cr_assert_fail("SD_TEST_PG_URL is not set: these tests need a "
			       "PostgreSQL server; run them under "
			       "tests/harness/with-pg.sh");
	return url;
}

static void quiet(void *arg, const char *msg)
{
}

static PGconn *connect_to(const char *dbname)
{
	const char *keys[] = { "dbname", "dbname", NULL };
	const char *vals[] = { pg_url(), dbname, NULL };
	PGconn *conn;

	if (!dbname)
		keys[1] = NULL;
	conn = PQconnectdbParams(keys, vals, 1);
	cr_assert(PQstatus(conn) == CONNECTION_OK, "cannot connect: %s",
		  PQerrorMessage(conn));
	PQsetNoticeProcessor(conn, quiet, NULL);
	return conn;
}

static void exec_ok(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);
	char msg[2048];

	snprintf(msg, sizeof(msg), "%s", PQresultErrorMessage(res));
	PQclear(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK &&
	    st != PGRES_EMPTY_QUERY)
		cr_assert_fail("SQL failed: %s\n--- SQL ---\n%.4000s", msg,
			       sql);
}

static PGconn *new_db(const char *tag)
{
	PGconn *admin;
	struct strbuf sql = STRBUF_INIT;
	int i = ndbs;

	cr_assert(ndbs < MAX_DBS);
	snprintf(dbs[i].name, sizeof(dbs[i].name), "sd_tg_%ld_%s",
		 (long)getpid(), tag);
	admin = connect_to(NULL);
	strbuf_addf(&sql, "DROP DATABASE IF EXISTS %s", dbs[i].name);
	exec_ok(admin, sql.buf);
	strbuf_reset(&sql);
	strbuf_addf(&sql, "CREATE DATABASE %s", dbs[i].name);
	exec_ok(admin, sql.buf);
	PQfinish(admin);
	strbuf_release(&sql);
	ndbs++;
	dbs[i].conn = connect_to(dbs[i].name);
	return dbs[i].conn;
}

static void drop_dbs(void)
{
	PGconn *admin = NULL;

	for (int i = 0; i < ndbs; i++) {
		struct strbuf sql = STRBUF_INIT;

		if (dbs[i].conn)
			PQfinish(dbs[i].conn);
		dbs[i].conn = NULL;
		if (!admin) {
			const char *keys[] = { "dbname", NULL };
			const char *vals[] = { getenv("SD_TEST_PG_URL"), NULL };
			admin = PQconnectdbParams(keys, vals, 1);
		}
		strbuf_addf(&sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)",
			    dbs[i].name);
		PQclear(PQexec(admin, sql.buf));
		strbuf_release(&sql);
	}
	ndbs = 0;
	if (admin)
		PQfinish(admin);
	pg_parser_cleanup();
}

TestSuite(pg_introspect_grant, .fini = drop_dbs, .timeout = 300);

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

static struct catalog *introspect(PGconn *conn)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err = { 0 };
	int ret = pg_introspect(conn, cat, NULL, &err);

	cr_assert_eq(ret, 0, "pg_introspect: %d: %s", ret, err.msg);
	return cat;
}

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
	PGconn *conn = new_db("read");
	struct catalog *cat;
	struct sd_matview *mv;

	exec_ok(conn, roles);
	exec_ok(conn, schema_sql);
	cat = introspect(conn);
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
	PGconn *a = new_db("a"), *b = new_db("b");
	struct catalog *parsed = catalog_new(SQL_POSTGRES), *ca, *cb;
	struct catalog *empty = catalog_new(SQL_POSTGRES);
	struct sd_error err = { 0 };
	char *sql, *again;

	exec_ok(a, roles);
	exec_ok(a, schema_sql);
	cr_assert_eq(pg_load_desired_text(parsed, "d.sql", schema_sql, &err),
		     0, "%s", err.msg);
	sql = plan(empty, parsed);
	exec_ok(b, sql);
	ca = introspect(a);
	cb = introspect(b);
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
