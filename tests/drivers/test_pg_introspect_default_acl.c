/*
 * tests/drivers/test_pg_introspect_default_acl.c: default privileges read
 * from a real server (SD_TEST_PG_URL; without it every test fails, saying
 * so): the rows of pg_default_acl as struct sd_default_acl objects (the
 * connected user's rows with role NULL, the owner's own entries left out,
 * rows equal to no row skipped), parsing the same SQL gives the same
 * model, and the round trip: parse -> emit -> execute -> introspect, then
 * diff against the introspection of the same SQL run directly is empty
 * both ways; a change between two databases converges.
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

TestSuite(pg_introspect_default_acl, .fini = fini, .timeout = 300);

static const char roles[] =
	"DO $$ BEGIN\n"
	"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sd_tda_r')\n"
	"THEN CREATE ROLE sd_tda_r; END IF;\n"
	"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sd_tda_o')\n"
	"THEN CREATE ROLE sd_tda_o; END IF;\n"
	"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
	"'sd-tda \"Q\"')\n"
	"THEN CREATE ROLE \"sd-tda \"\"Q\"\"\"; END IF;\n"
	"END $$;\n";

/* The statements come before the objects, and the schemas before the
 * statements, so that the server (which runs them in order) and a desired
 * load (which applies default privileges to every object but schemas)
 * agree. */
static const char schema_sql[] =
	"CREATE SCHEMA s;\n"
	"CREATE SCHEMA \"Odd s\";\n"
	"ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;\n"
	"ALTER DEFAULT PRIVILEGES GRANT USAGE ON TYPES TO sd_tda_r;\n"
	"ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT, INSERT ON TABLES\n"
	"  TO sd_tda_r WITH GRANT OPTION;\n"
	"ALTER DEFAULT PRIVILEGES IN SCHEMA \"Odd s\" GRANT USAGE ON "
	"SEQUENCES\n  TO \"sd-tda \"\"Q\"\"\";\n"
	"ALTER DEFAULT PRIVILEGES FOR ROLE sd_tda_o GRANT SELECT ON TABLES\n"
	"  TO sd_tda_r, sd_tda_o;\n"
	"ALTER DEFAULT PRIVILEGES FOR ROLE sd_tda_o IN SCHEMA s GRANT ALL\n"
	"  ON SEQUENCES TO PUBLIC;\n"
	/* only the owner's entries change: no row in the model */
	"ALTER DEFAULT PRIVILEGES FOR ROLE sd_tda_o REVOKE ALL ON SCHEMAS\n"
	"  FROM sd_tda_o;\n"
	"ALTER DEFAULT PRIVILEGES GRANT CREATE ON SCHEMAS TO sd_tda_r;\n"
	"CREATE TABLE s.t (id integer);\n"
	"CREATE SEQUENCE \"Odd s\".q;\n"
	"CREATE TABLE \"Odd s\".ser (id serial);\n"
	"CREATE TYPE s.e AS ENUM ('a');\n"
	"CREATE DOMAIN s.d AS integer;\n";

static const char want_defacls[] =
	"-|-|f:\n"
	"-|-|n: sd_tda_r CREATE\n"
	"-|sd_tda_o|r: sd_tda_r SELECT\n"
	"-|-|T: PUBLIC USAGE sd_tda_r USAGE\n"
	"Odd s|-|S: sd-tda \"Q\" USAGE\n"
	"s|sd_tda_o|S: PUBLIC SELECT PUBLIC UPDATE PUBLIC USAGE\n"
	"s|-|r: sd_tda_r INSERT* sd_tda_r SELECT*\n";

/* Every default ACL of a catalog in catalog order (schema, then name:
 * objtype's word and role), one line per object: "schema|role|objtype:
 * grantee privilege[*] ..." ("-" for NULL). */
static char *defacls(const struct catalog *cat)
{
	struct strbuf sb = STRBUF_INIT;
	struct vec objs = VEC_INIT;

	catalog_list(cat, SD_DEFAULT_ACL, &objs);
	for (size_t i = 0; i < objs.len; i++) {
		const struct sd_default_acl *d = objs.items[i];
		strbuf_addf(&sb, "%s|%s|%c:",
			    d->base.schema ? d->base.schema : "-",
			    d->role ? d->role : "-", d->objtype);
		for (size_t k = 0; k < d->base.ngrants; k++) {
			const struct sd_grant *g = &d->base.grants[k];
			strbuf_addf(&sb, " %s %s%s",
				    g->grantee ? g->grantee : "PUBLIC",
				    g->privilege, g->grant_option ? "*" : "");
		}
		strbuf_addch(&sb, '\n');
	}
	vec_release(&objs);
	return strbuf_detach(&sb, NULL);
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

static struct catalog *parse(const char *sql)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err = { 0 };

	cr_assert_eq(pg_load_desired_text(cat, "d.sql", sql, &err), 0,
		     "%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
	return cat;
}

Test(pg_introspect_default_acl, reads_rows)
{
	PGconn *conn = testdb_create("sd_tda", "read");
	struct catalog *cat;
	char *got;

	testdb_exec(conn, roles);
	testdb_exec(conn, schema_sql);
	cat = testdb_introspect(conn);
	got = defacls(cat);
	cr_assert_str_eq(got, want_defacls, "\n--- got:\n%s--- want:\n%s",
			 got, want_defacls);
	free(got);
	catalog_free(cat);
}

Test(pg_introspect_default_acl, parsed_equals_introspected)
{
	PGconn *conn = testdb_create("sd_tda", "same");
	struct catalog *live, *parsed = parse(schema_sql);
	char *got;

	got = defacls(parsed);
	cr_assert_str_eq(got, want_defacls, "\n--- parsed:\n%s", got);
	free(got);
	testdb_exec(conn, roles);
	testdb_exec(conn, schema_sql);
	live = testdb_introspect(conn);
	/* the objects' own privileges (from the defaults) agree too */
	{
		const struct sd_object *o = catalog_find(live, SD_SEQUENCE,
							 "Odd s", "ser_id_seq");
		cr_assert(o && o->ngrants == 1 &&
			  !strcmp(o->grants[0].grantee, "sd-tda \"Q\""),
			  "a serial's sequence gets the defaults");
		o = catalog_find(live, SD_TYPE, "s", "d");
		cr_assert(o && o->acl_set && o->ngrants == 2,
			  "a domain gets the defaults");
	}
	got = plan(live, parsed);
	cr_assert_str_eq(got, "", "introspected -> parsed:\n%s", got);
	free(got);
	got = plan(parsed, live);
	cr_assert_str_eq(got, "", "parsed -> introspected:\n%s", got);
	free(got);
	catalog_free(live);
	catalog_free(parsed);
}

Test(pg_introspect_default_acl, round_trip_through_the_parser)
{
	PGconn *a = testdb_create("sd_tda", "a");
	PGconn *b = testdb_create("sd_tda", "b");
	struct catalog *parsed = parse(schema_sql), *ca, *cb;
	struct catalog *empty = catalog_new(SQL_POSTGRES);
	char *sql, *again;

	testdb_exec(a, roles);
	testdb_exec(a, schema_sql);
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

Test(pg_introspect_default_acl, changes_converge)
{
	/* from one set of default privileges to another on a live
	 * database: the plan runs, and introspecting again finds nothing
	 * left to do */
	PGconn *conn = testdb_create("sd_tda", "conv");
	struct catalog *live, *want, *after;
	char *sql, *again;
	static const char desired[] =
		"CREATE SCHEMA s;\n"
		"CREATE SCHEMA \"Odd s\";\n"
		"CREATE SCHEMA n;\n"
		"ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON TABLES "
		"TO sd_tda_r;\n"
		"ALTER DEFAULT PRIVILEGES IN SCHEMA n GRANT UPDATE ON "
		"SEQUENCES TO sd_tda_r;\n"
		"ALTER DEFAULT PRIVILEGES FOR ROLE sd_tda_o GRANT SELECT ON "
		"TABLES TO \"sd-tda \"\"Q\"\"\" WITH GRANT OPTION;\n"
		"ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO "
		"sd_tda_r;\n"
		"CREATE TABLE s.t (id integer);\n"
		"CREATE TABLE n.u (id integer);\n"
		"CREATE SEQUENCE \"Odd s\".q;\n"
		"CREATE TYPE s.e AS ENUM ('a');\n"
		"CREATE SCHEMA later;\n";

	testdb_exec(conn, roles);
	testdb_exec(conn, schema_sql);
	live = testdb_introspect(conn);
	want = parse(desired);
	sql = plan(live, want);
	cr_assert(strstr(sql, "ALTER DEFAULT PRIVILEGES FOR ROLE sd_tda_o "
			      "GRANT SELECT ON TABLES TO \"sd-tda \"\"Q\"\"\" "
			      "WITH GRANT OPTION;\n"), "%s", sql);
	testdb_exec(conn, sql);
	after = testdb_introspect(conn);
	again = plan(after, want);
	cr_assert_str_eq(again, "", "after applying:\n%s\n--- applied ---\n%s",
			 again, sql);
	free(again);
	/* a table created now gets the new default privileges */
	testdb_exec(conn, "CREATE TABLE n.v (id integer);\n"
			  "CREATE SEQUENCE n.w;\n");
	{
		PGresult *res = PQexec(conn,
			"SELECT has_table_privilege('sd_tda_r', 'n.v', "
			"'SELECT'), has_sequence_privilege('sd_tda_r', 'n.w', "
			"'UPDATE'), has_sequence_privilege('sd_tda_r', 'n.w', "
			"'SELECT')");
		cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK);
		cr_expect_str_eq(PQgetvalue(res, 0, 0), "f");
		cr_expect_str_eq(PQgetvalue(res, 0, 1), "t");
		cr_expect_str_eq(PQgetvalue(res, 0, 2), "f");
		PQclear(res);
	}
	free(sql);
	catalog_free(after);
	catalog_free(want);
	catalog_free(live);
}
