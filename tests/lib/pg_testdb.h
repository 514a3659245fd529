/*
 * tests/lib/pg_testdb.h: scaffolding shared by the tests that need a live
 * PostgreSQL server: its URL (SD_TEST_PG_URL, set by
 * tests/harness/with-pg.sh; without it the test fails, saying so),
 * connections, running SQL with the server's message in the failure,
 * loading a fixture file, introspecting, and scratch databases named
 * after the process (so that tests run in parallel) that are dropped in
 * the suite's fini.
 *
 * Memory: the registry of scratch databases owns their names and
 * connections; testdb_drop_all() closes every connection and drops every
 * database it made. Connections from testdb_connect() belong to the caller
 * (PQfinish). libpq results are cleared at once.
 */
#ifndef SD_TESTS_PG_TESTDB_H
#define SD_TESTS_PG_TESTDB_H

#include <libpq-fe.h>
#include <stddef.h>

#include "model/catalog.h"

/* The server's URL; fails the test when SD_TEST_PG_URL is unset or empty. */
const char *testdb_url(void);

/*
 * A connection to the server's default database (dbname NULL) or to dbname
 * on the same server, with notices silenced; fails the test when it cannot
 * connect. The caller owns it.
 */
PGconn *testdb_connect(const char *dbname);

/* Run sql; 0, or -1 with the server's message in msg (size bytes). */
int testdb_exec_sql(PGconn *conn, const char *sql, char *msg, size_t size);

/* Run sql; fails the test with the server's message and the SQL. */
void testdb_exec(PGconn *conn, const char *sql);

/* Run the SQL file at path (relative to the repository root); fails the
 * test when it cannot be read or the server refuses it. */
void testdb_load_file(PGconn *conn, const char *path);

/*
 * A new empty database "<prefix>_<pid>_<tag>" (dropped first if it
 * exists), connected. The registry owns the connection: do not PQfinish
 * it; testdb_drop_all() does. At most 4 per test.
 */
PGconn *testdb_create(const char *prefix, const char *tag);

/* pg_introspect() of the database conn is connected to, into a new catalog
 * the caller frees; fails the test with the error when it fails. */
struct catalog *testdb_introspect(PGconn *conn);

/* The suite's fini: close the connections and drop (WITH (FORCE)) every
 * database testdb_create() made in this process; never fails. */
void testdb_drop_all(void);

#endif
