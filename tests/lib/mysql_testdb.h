/*
 * tests/lib/mysql_testdb.h: scaffolding shared by the tests that need a
 * live MariaDB / MySQL server: its URL (SD_TEST_MYSQL_URL, set by
 * tests/harness/with-mariadb.sh, mysql://user@host:port/; without it the
 * test fails, saying so), connections, running SQL (several statements at
 * once) with the server's message in the failure, single values, and
 * per-test databases named after the process (tests run in parallel)
 * that are dropped in the suite's fini.
 *
 * Memory: the registry of test databases owns their names and
 * connections; mysql_testdb_drop_all() closes every connection and drops
 * every database it made. Connections from mysql_testdb_connect() belong
 * to the caller (mysql_close). Results are freed at once; strings
 * returned are the caller's (free).
 */
#ifndef SD_TESTS_MYSQL_TESTDB_H
#define SD_TESTS_MYSQL_TESTDB_H

#include <mysql.h>
#include <stddef.h>

#include "model/catalog.h"
#include "util/strbuf.h"

/* The server's URL without a database (mysql://root@127.0.0.1:PORT/);
 * fails the test when SD_TEST_MYSQL_URL is unset or empty. */
const char *mysql_testdb_url(void);

/* Append the URL of database db on the test server to out. */
void mysql_testdb_db_url(const char *db, struct strbuf *out);

/* A connection to db (NULL: none selected), utf8mb4, several statements
 * per call allowed; fails the test when it cannot connect. */
MYSQL *mysql_testdb_connect(const char *db);

/* Run sql (one or more statements; no DELIMITER lines); 0, or -1 with the
 * server's message in msg (size bytes). */
int mysql_testdb_exec_sql(MYSQL *h, const char *sql, char *msg, size_t size);

/* Run sql; fails the test with the server's message and the SQL. */
void mysql_testdb_exec(MYSQL *h, const char *sql);

/* The first column of the first row of a query, malloc'd; NULL for SQL
 * NULL or no row. Fails the test when the server refuses the query. */
char *mysql_testdb_value(MYSQL *h, const char *sql);

/*
 * A new empty database "<prefix>_<pid>_<tag>" (dropped first if it
 * exists; options: "" or e.g. "CHARACTER SET latin1"), connected. The
 * registry owns the connection and the name: do not close it;
 * mysql_testdb_drop_all() does. *name (when not NULL) gets the database's
 * name. At most 8 per test.
 */
MYSQL *mysql_testdb_create(const char *prefix, const char *tag,
			   const char *options, const char **name);

/* The suite's fini: close the connections and drop every database
 * mysql_testdb_create() made in this process; never fails. */
void mysql_testdb_drop_all(void);

#endif
