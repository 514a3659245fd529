/*
 * tests/lib/pg_testdb.c: scaffolding for the tests that need a live
 * PostgreSQL server (see pg_testdb.h).
 *
 * Memory: dbs[] holds the names and connections of the scratch databases
 * this test process made, until testdb_drop_all(); every libpq result is
 * cleared at once.
 */
#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "drivers/pg_introspect.h"
#include "tests/lib/pg_testdb.h"
#include "util/error.h"
#include "util/strbuf.h"

#include "util/banned.h"

#define MAX_DBS 4

static struct {
	char name[64];
	PGconn *conn;
} dbs[MAX_DBS];
static int ndbs;

const char *testdb_url(void)
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

PGconn *testdb_connect(const char *dbname)
{
	const char *keys[] = { "dbname", "dbname", NULL };
	const char *vals[] = { testdb_url(), dbname, NULL };
	PGconn *conn;

	if (!dbname)
		keys[1] = NULL;
	conn = PQconnectdbParams(keys, vals, 1);
	cr_assert(PQstatus(conn) == CONNECTION_OK, "cannot connect: %s",
		  PQerrorMessage(conn));
	PQsetNoticeProcessor(conn, quiet, NULL);
	return conn;
}

int testdb_exec_sql(PGconn *conn, const char *sql, char *msg, size_t size)
{
	PGresult *res = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);
	int ret = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK &&
	    st != PGRES_EMPTY_QUERY) {
		snprintf(msg, size, "%s", PQresultErrorMessage(res));
		ret = -1;
	}
	PQclear(res);
	return ret;
}

void testdb_exec(PGconn *conn, const char *sql)
{
	char msg[2048];

	if (testdb_exec_sql(conn, sql, msg, sizeof(msg)))
		cr_assert_fail("SQL failed: %s\n--- SQL ---\n%.4000s", msg,
			       sql);
}

void testdb_load_file(PGconn *conn, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char msg[2048];
	int ret;

	cr_assert(!strbuf_read_file(&sb, path),
		  "cannot read %s (run from the repository root)", path);
	ret = testdb_exec_sql(conn, sb.buf, msg, sizeof(msg));
	strbuf_release(&sb);
	cr_assert(!ret, "%s: %s", path, msg);
}

PGconn *testdb_create(const char *prefix, const char *tag)
{
	struct strbuf sql = STRBUF_INIT;
	PGconn *admin;
	int i = ndbs;

	cr_assert(ndbs < MAX_DBS);
	snprintf(dbs[i].name, sizeof(dbs[i].name), "%s_%ld_%s", prefix,
		 (long)getpid(), tag);
	admin = testdb_connect(NULL);
	strbuf_addf(&sql, "DROP DATABASE IF EXISTS %s", dbs[i].name);
	testdb_exec(admin, sql.buf);
	strbuf_reset(&sql);
	strbuf_addf(&sql, "CREATE DATABASE %s", dbs[i].name);
	testdb_exec(admin, sql.buf);
	PQfinish(admin);
	strbuf_release(&sql);
	ndbs++;
	dbs[i].conn = testdb_connect(dbs[i].name);
	return dbs[i].conn;
}

struct catalog *testdb_introspect(PGconn *conn)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;
	int ret;

	sd_error_clear(&err);
	ret = pg_introspect(conn, cat, NULL, &err);
	cr_assert_eq(ret, 0, "pg_introspect: %d: %s", ret, err.msg);
	return cat;
}

void testdb_drop_all(void)
{
	const char *keys[] = { "dbname", NULL };
	const char *vals[] = { getenv("SD_TEST_PG_URL"), NULL };
	PGconn *admin;

	for (int i = 0; i < ndbs; i++) {
		if (dbs[i].conn)
			PQfinish(dbs[i].conn);
		dbs[i].conn = NULL;
	}
	if (!ndbs || !vals[0] || !*vals[0]) {
		ndbs = 0;
		return;
	}
	admin = PQconnectdbParams(keys, vals, 1);
	for (int i = 0; i < ndbs; i++) {
		struct strbuf sql = STRBUF_INIT;

		strbuf_addf(&sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)",
			    dbs[i].name);
		PQclear(PQexec(admin, sql.buf));
		strbuf_release(&sql);
	}
	PQfinish(admin);
	ndbs = 0;
}
