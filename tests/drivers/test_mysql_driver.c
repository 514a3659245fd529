/*
 * tests/drivers/test_mysql_driver.c: the MySQL / MariaDB driver against a
 * real server: URLs (parsing, percent-decoding, redaction), connect
 * errors, exec and the server's messages, transactions, the deploy lock
 * from two connections, the history table (record and progress),
 * has_user_objects, scratch databases, and introspection of a rich schema
 * (events too) into the canonical form of docs/mysql.md with a fixed
 * number of queries.
 *
 * Needs a server: run under tests/harness/with-mariadb.sh (make check
 * does), which exports SD_TEST_MYSQL_URL. Without it the server tests
 * FAIL, saying so; they never pass silently. Each test works in databases
 * of its own.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diff/diff.h"
#include "drivers/driver.h"
#include "drivers/mysql_internal.h"
#include "emit/emit.h"
#include "model/catalog.h"
#include "parser/mysql/mysql_parser.h"
#include "tests/lib/mysql_testdb.h"
#include "util/vec.h"
#include "util/strbuf.h"

#include "util/banned.h"

TestSuite(mysql_driver, .fini = mysql_testdb_drop_all, .timeout = 120);

/* A fresh database for the test and a driver connection to it; *db gets
 * its name, url (when not NULL) its URL. */
static struct sd_conn *fresh(const char *tag, const char *options,
			     const char **db, struct strbuf *url)
{
	struct strbuf u = STRBUF_INIT;
	struct sd_conn *c = NULL;
	struct sd_error err = { 0 };

	mysql_testdb_create("sd_my", tag, options, db);
	mysql_testdb_db_url(*db, &u);
	cr_assert_eq(sd_driver_connect(u.buf, &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c->drv, &sd_driver_mysql);
	if (url)
		strbuf_addstr(url, u.buf);
	strbuf_release(&u);
	return c;
}

static long long count(MYSQL *h, const char *sql)
{
	char *v = mysql_testdb_value(h, sql);
	long long n = v ? strtoll(v, NULL, 10) : -1;

	free(v);
	return n;
}

Test(mysql_driver, choice)
{
	const struct sd_driver *d = NULL;
	struct sd_error err = { 0 };

	cr_expect_eq(sd_driver_for_url("mysql://root:pw@h/d", &d, &err), 0);
	cr_expect_eq(d, &sd_driver_mysql);
	cr_expect_eq(sd_driver_for_url("MariaDB://h/d", &d, &err), 0);
	cr_expect_eq(d, &sd_driver_mysql);
	cr_expect_str_eq(sd_driver_mysql.name, "mysql");
	cr_expect_eq(sd_driver_mysql.dialect, SQL_MYSQL);
	cr_expect_eq(sd_driver_mysql.transactional_ddl, 0);
	cr_expect_not_null(sd_driver_mysql.history_progress);
	cr_expect_not_null(sd_driver_mysql.introspect);
	cr_expect_not_null(sd_driver_mysql.scratch_create);
}

/* connect must fail with code and a message containing want, never the
 * password "topsecret" */
static void connect_fails(const char *url, int code, const char *want)
{
	struct sd_conn *c = NULL;
	struct sd_error err = { 0 };

	cr_expect_eq(sd_driver_connect(url, &c, &err), code, "%s: %s", url,
		     err.msg);
	cr_expect_null(c);
	cr_expect(strstr(err.msg, want), "%s: want \"%s\" in: %s", url, want,
		  err.msg);
	cr_expect(!strstr(err.msg, "topsecret"), "password in: %s", err.msg);
	if (c)
		c->drv->close(c);
}

Test(mysql_driver, bad_urls)
{
	connect_fails("mysql://u:topsecret@127.0.0.1:3306/", SD_ERR,
		      "invalid connection string mysql://u:***@127.0.0.1:3306/: no database");
	connect_fails("mysql://u:topsecret@127.0.0.1:3306", SD_ERR, "no database");
	connect_fails("mysql://u:topsecret@127.0.0.1:99999/db", SD_ERR,
		      "the port is not a number");
	connect_fails("mysql://u:topsecret@127.0.0.1:x/db", SD_ERR,
		      "the port is not a number");
	connect_fails("mysql://u:topsecret@h/db?sslmode=on", SD_ERR,
		      "unknown parameter \"sslmode\"");
	connect_fails("mysql://u:topsecret@h/d%zzb", SD_ERR, "broken %-escape");
	connect_fails("mysql://u:top%secret@h/db", SD_ERR, "broken %-escape");
	connect_fails("mariadb://u:topsecret@[::1/db", SD_ERR, "broken [address]");
}

Test(mysql_driver, connect_errors_are_redacted)
{
	struct strbuf url = STRBUF_INIT;

	(void)mysql_testdb_url();
	connect_fails("mysql://u:topsecret@127.0.0.1:1/x", SD_ERR_DB,
		      "cannot connect to mysql://u:***@127.0.0.1:1/x: ERROR 2002");
	/* a wrong password: the server refuses, the message hides it */
	strbuf_addf(&url, "mysql://root:topsecret@127.0.0.1:%s/mysql",
		    getenv("SD_TEST_MYSQL_PORT"));
	connect_fails(url.buf, SD_ERR_DB, "ERROR 1045 (28000): Access denied for user 'root'");
	/* the database must exist */
	strbuf_reset(&url);
	mysql_testdb_db_url("sd_no_such_db", &url);
	connect_fails(url.buf, SD_ERR_DB, "ERROR 1049 (42000): Unknown database 'sd_no_such_db'");
	strbuf_release(&url);
}

Test(mysql_driver, url_decoding_socket_and_mysql_pwd)
{
	const char *db;
	MYSQL *h = mysql_testdb_create("sd_my", "url", NULL, &db);
	struct strbuf url = STRBUF_INIT, sql = STRBUF_INIT, sp = STRBUF_INIT;
	struct sd_conn *c = NULL;
	struct sd_error err = { 0 };
	const char *port = getenv("SD_TEST_MYSQL_PORT");
	const char *sock = getenv("SD_TEST_MYSQL_SOCKET");

	cr_assert_not_null(port);
	cr_assert_not_null(sock);
	strbuf_addf(&sql, "DROP USER IF EXISTS 'sd u%ld'@'%%';"
		    "CREATE USER 'sd u%ld'@'%%' IDENTIFIED BY 'p@ss:w/rd%%';"
		    "GRANT ALL ON `%s`.* TO 'sd u%ld'@'%%'",
		    (long)getpid(), (long)getpid(), db, (long)getpid());
	mysql_testdb_exec(h, sql.buf);
	/* user and password percent-encoded, the last '@' ends them */
	strbuf_addf(&url, "mysql://sd%%20u%ld:p%%40ss%%3Aw%%2Frd%%25@127.0.0.1:%s/%s",
		    (long)getpid(), port, db);
	cr_assert_eq(sd_driver_connect(url.buf, &c, &err), 0, "%s", err.msg);
	cr_expect_eq(c->drv->search_path(c, &sp, &err), 0);
	strbuf_reset(&sql);
	strbuf_addf(&sql, "`%s`", db);
	cr_expect_str_eq(sp.buf, sql.buf);
	c->drv->close(c);
	c = NULL;
	/* MYSQL_PWD when the URL has no password */
	strbuf_reset(&url);
	strbuf_addf(&url, "mysql://sd%%20u%ld@127.0.0.1:%s/%s", (long)getpid(),
		    port, db);
	setenv("MYSQL_PWD", "p@ss:w/rd%", 1);
	cr_expect_eq(sd_driver_connect(url.buf, &c, &err), 0, "%s", err.msg);
	if (c)
		c->drv->close(c);
	c = NULL;
	setenv("MYSQL_PWD", "topsecret", 1);
	connect_fails(url.buf, SD_ERR_DB, "Access denied");
	unsetenv("MYSQL_PWD");
	/* the Unix socket: host localhost, ?socket= */
	strbuf_reset(&url);
	strbuf_addf(&url, "mariadb://root@localhost/%s?socket=%s", db, sock);
	cr_expect_eq(sd_driver_connect(url.buf, &c, &err), 0, "%s", err.msg);
	if (c)
		c->drv->close(c);
	strbuf_reset(&sql);
	strbuf_addf(&sql, "DROP USER 'sd u%ld'@'%%'", (long)getpid());
	mysql_testdb_exec(h, sql.buf);
	strbuf_release(&url);
	strbuf_release(&sql);
	strbuf_release(&sp);
}

Test(mysql_driver, exec_and_server_messages)
{
	const char *db;
	struct sd_conn *c = fresh("exec", NULL, &db, NULL);
	struct sd_error err = { 0 };
	struct strbuf ver = STRBUF_INIT;
	int pos = -1, num = 0;

	cr_expect_eq(c->drv->exec(c, "CREATE TABLE t (x int PRIMARY KEY)", &pos, &err), 0,
		     "%s", err.msg);
	cr_expect_eq(pos, 0);
	cr_expect_eq(c->drv->exec(c, "INSERT INTO t VALUES (1)", NULL, &err), 0);
	cr_expect_eq(c->drv->exec(c, "SELECT * FROM t", NULL, &err), 0);
	cr_expect_eq(c->drv->exec(c, "CREATE TABEL u (x int)", &pos, &err), SD_ERR_DB);
	cr_expect(!strncmp(err.msg, "ERROR 1064 (42000): You have an error in your SQL syntax",
			   strlen("ERROR 1064 (42000): You have an error in your SQL syntax")),
		  "%s", err.msg);
	cr_expect(strstr(err.msg, "near 'TABEL u (x int)' at line 1"), "%s", err.msg);
	cr_expect_eq(c->drv->exec(c, "INSERT INTO t VALUES (1)", NULL, &err), SD_ERR_DB);
	cr_expect_str_eq(err.msg, "ERROR 1062 (23000): Duplicate entry '1' for key 'PRIMARY'");
	cr_expect_eq(c->drv->exec(c, "SELECT nope FROM t", NULL, &err), SD_ERR_DB);
	cr_expect_str_eq(err.msg, "ERROR 1054 (42S22): Unknown column 'nope' in 'SELECT'");
	cr_expect_eq(c->drv->exec(c, "SELECT 1", NULL, &err), 0);
	/* a CALL with result sets: all consumed, the session stays usable */
	cr_expect_eq(c->drv->exec(c, "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END",
				  NULL, &err), 0, "%s", err.msg);
	cr_expect_eq(c->drv->exec(c, "CALL p()", NULL, &err), 0, "%s", err.msg);
	cr_expect_eq(c->drv->exec(c, "SELECT 1", NULL, &err), 0, "%s", err.msg);
	cr_expect_eq(c->drv->server_version(c, &ver, &num, &err), 0);
	cr_expect(!strncmp(ver.buf, "MariaDB 10.", 11), "%s", ver.buf);
	cr_expect(!strchr(ver.buf, '-'), "%s", ver.buf);
	cr_expect(num >= 100000 && num < 1000000, "%d", num);
	{
		/* "MariaDB 10.11.19" and 101119 agree */
		unsigned a = 0, b = 0, d = 0;

		cr_expect_eq(sscanf(ver.buf, "MariaDB %u.%u.%u", &a, &b, &d), 3);
		cr_expect_eq((unsigned)num, a * 10000 + b * 100 + d);
	}
	c->drv->close(c);
	strbuf_release(&ver);
}

Test(mysql_driver, transactions)
{
	const char *db;
	struct sd_conn *c = fresh("tx", NULL, &db, NULL);
	MYSQL *h = mysql_testdb_connect(db);
	struct sd_error err = { 0 };

	cr_assert_eq(c->drv->exec(c, "CREATE TABLE t (x int) ENGINE=InnoDB", NULL, &err), 0);
	cr_assert_eq(c->drv->begin(c, &err), 0, "%s", err.msg);
	cr_assert_eq(c->drv->exec(c, "INSERT INTO t VALUES (1)", NULL, &err), 0);
	cr_assert_eq(c->drv->rollback(c, &err), 0, "%s", err.msg);
	cr_expect_eq(count(h, "SELECT COUNT(*) FROM t"), 0);
	cr_assert_eq(c->drv->begin(c, &err), 0);
	cr_assert_eq(c->drv->exec(c, "INSERT INTO t VALUES (1)", NULL, &err), 0);
	/* not visible to another session before COMMIT */
	cr_expect_eq(count(h, "SELECT COUNT(*) FROM t"), 0);
	cr_assert_eq(c->drv->commit(c, &err), 0, "%s", err.msg);
	cr_expect_eq(count(h, "SELECT COUNT(*) FROM t"), 1);
	/* DDL commits at once: ROLLBACK cannot undo it */
	cr_assert_eq(c->drv->begin(c, &err), 0);
	cr_assert_eq(c->drv->exec(c, "CREATE TABLE kept (x int)", NULL, &err), 0);
	cr_assert_eq(c->drv->rollback(c, &err), 0);
	cr_expect_eq(c->drv->exec(c, "SELECT * FROM kept", NULL, &err), 0, "%s", err.msg);
	mysql_close(h);
	c->drv->close(c);
}

Test(mysql_driver, lock_from_two_connections)
{
	const char *db;
	struct strbuf url = STRBUF_INIT;
	struct sd_conn *a = fresh("lock", NULL, &db, &url), *b = NULL;
	struct sd_error err = { 0 };

	cr_assert_eq(sd_driver_connect(url.buf, &b, &err), 0, "%s", err.msg);
	cr_assert_eq(a->drv->lock(a, "app", SD_LOCK_WAIT_FOREVER, &err), 0, "%s", err.msg);
	/* taking it again in the same run is fine */
	cr_assert_eq(a->drv->lock(a, "app", 0, &err), 0, "%s", err.msg);
	/* held: b cannot take it, neither at once nor within 100 ms */
	cr_expect_eq(b->drv->lock(b, "app", 0, &err), SD_ERR_CONFLICT);
	cr_expect_str_eq(err.msg, "another schemadiff run holds the lock for schema \"app\"");
	cr_expect_eq(b->drv->lock(b, "app", 100, &err), SD_ERR_CONFLICT, "%s", err.msg);
	/* another name is another lock */
	cr_expect_eq(b->drv->lock(b, "other", 0, &err), 0, "%s", err.msg);
	cr_expect_eq(b->drv->unlock(b, &err), 0);
	/* names longer than the server's limit of 64 still lock */
	cr_expect_eq(a->drv->lock(a, "app", 0, &err), 0);
	cr_expect_eq(b->drv->lock(b, "a_schema_name_that_is_much_longer_than_sixty_four_characters_in_all",
				  0, &err), 0, "%s", err.msg);
	cr_expect_eq(b->drv->unlock(b, &err), 0);
	/* the main session of a is free: the lock is on a session of its own */
	cr_expect_eq(a->drv->exec(a, "SELECT 1", NULL, &err), 0);
	cr_expect_eq(a->drv->exec(a, "SELECT IF(IS_USED_LOCK('schemadiff:app') = CONNECTION_ID(), 1, 0) INTO @x",
				  NULL, &err), 0, "%s", err.msg);
	/* released on unlock */
	cr_expect_eq(a->drv->unlock(a, &err), 0);
	cr_expect_eq(a->drv->unlock(a, &err), 0);	/* not held: no-op */
	cr_expect_eq(b->drv->lock(b, "app", 0, &err), 0, "%s", err.msg);
	/* and on close */
	b->drv->close(b);
	cr_expect_eq(a->drv->lock(a, "app", 1000, &err), 0, "%s", err.msg);
	a->drv->close(a);
	strbuf_release(&url);
}

Test(mysql_driver, history_round_trip)
{
	const char *db;
	struct sd_conn *c = fresh("hist", NULL, &db, NULL);
	MYSQL *h = mysql_testdb_connect(db);
	struct sd_error err = { 0 };
	struct sd_history hist = SD_HISTORY_INIT;
	struct sd_history_row row = { 0 };
	struct strbuf ex = STRBUF_INIT, by = STRBUF_INIT;
	const char *versions[] = { "10", "2", "1.5", "3" };
	char host[256] = "";
	int found = -1;

	cr_assert_eq(c->drv->history_read(c, "app", &hist, &err), 0, "%s", err.msg);
	cr_expect_eq(hist.exists, 0);
	cr_expect_eq(hist.nrows, 0);
	sd_history_release(&hist);
	cr_assert_eq(c->drv->history_ensure(c, &err), 0, "%s", err.msg);
	cr_assert_eq(c->drv->history_ensure(c, &err), 0, "%s", err.msg);
	cr_expect_eq(count(h, "SELECT COUNT(*) FROM information_schema.TABLES"
			      " WHERE TABLE_SCHEMA = DATABASE()"
			      " AND TABLE_NAME = 'schemadiff_history'"), 1);
	/* the history table is not a user object */
	cr_assert_eq(c->drv->has_user_objects(c, &found, &ex, &err), 0, "%s", err.msg);
	cr_expect_eq(found, 0);

	row.schema_name = "app";
	row.checksum = "abc";
	row.duration_ms = 42;
	row.tool_version = "0.1.0";
	row.outcome = "applied";
	row.statements_done = 3;
	for (size_t i = 0; i < 4; i++) {
		row.version = versions[i];
		cr_assert_eq(c->drv->history_record(c, &row, &err), 0, "%s", err.msg);
	}
	row.schema_name = "other";
	row.outcome = "baseline";
	row.applied_by = "me";
	row.statements_done = 0;
	cr_assert_eq(c->drv->history_record(c, &row, &err), 0, "%s", err.msg);
	/* primary key (schema_name, version) */
	cr_expect_eq(c->drv->history_record(c, &row, &err), SD_ERR_DB);
	cr_expect(strstr(err.msg, "ERROR 1062"), "%s", err.msg);
	/* outcomes are checked */
	row.version = "99";
	row.outcome = "weird";
	cr_expect_eq(c->drv->history_record(c, &row, &err), SD_ERR_DB);

	cr_assert_eq(c->drv->history_read(c, "app", &hist, &err), 0, "%s", err.msg);
	cr_expect_eq(hist.exists, 1);
	cr_assert_eq(hist.nrows, 4);
	cr_expect_str_eq(hist.rows[0].version, "1.5");
	cr_expect_str_eq(hist.rows[1].version, "2");
	cr_expect_str_eq(hist.rows[2].version, "3");
	cr_expect_str_eq(hist.rows[3].version, "10");
	cr_expect_str_eq(hist.rows[0].schema_name, "app");
	cr_expect_str_eq(hist.rows[0].checksum, "abc");
	cr_expect_eq(hist.rows[0].duration_ms, 42);
	cr_expect_eq(hist.rows[0].statements_done, 3);
	cr_expect_null(hist.rows[0].error);
	cr_expect_str_eq(hist.rows[0].outcome, "applied");
	cr_expect_str_eq(hist.rows[0].tool_version, "0.1.0");
	if (gethostname(host, sizeof(host) - 1))
		host[0] = '\0';
	strbuf_addf(&by, "%s%s%s", getenv("SD_TEST_MYSQL_USER") ?
		    getenv("SD_TEST_MYSQL_USER") : "root", *host ? "@" : "", host);
	cr_expect_str_eq(hist.rows[0].applied_by, by.buf);
	/* 2026-11-21T09:14:03.123Z */
	cr_expect_eq(strlen(hist.rows[0].applied_at), 24, "%s", hist.rows[0].applied_at);
	cr_expect_eq(hist.rows[0].applied_at[10], 'T');
	cr_expect_eq(hist.rows[0].applied_at[23], 'Z');
	cr_expect_not_null(sd_history_find(&hist, "1.50"));
	cr_expect_null(sd_history_find(&hist, "4"));
	sd_history_release(&hist);
	cr_assert_eq(c->drv->history_read(c, "other", &hist, &err), 0);
	cr_assert_eq(hist.nrows, 1);
	cr_expect_str_eq(hist.rows[0].applied_by, "me");
	cr_expect_str_eq(hist.rows[0].outcome, "baseline");
	sd_history_release(&hist);

	/* a history row in a rolled-back transaction is gone */
	cr_assert_eq(c->drv->begin(c, &err), 0);
	row.schema_name = "app";
	row.version = "11";
	row.outcome = "applied";
	row.applied_by = NULL;
	cr_assert_eq(c->drv->history_record(c, &row, &err), 0, "%s", err.msg);
	cr_assert_eq(c->drv->rollback(c, &err), 0);
	cr_assert_eq(c->drv->history_read(c, "app", &hist, &err), 0);
	cr_expect_eq(hist.nrows, 4);
	sd_history_release(&hist);

	/* progress: running, statements done, failed, then applied, each at
	 * once and upserted by (schema_name, version) */
	row.version = "12";
	row.outcome = "running";
	row.statements_done = 0;
	cr_assert_eq(c->drv->history_progress(c, &row, &err), 0, "%s", err.msg);
	cr_expect_eq(count(h, "SELECT statements_done FROM schemadiff_history"
			      " WHERE version = '12' AND outcome = 'running'"), 0);
	row.statements_done = 2;
	cr_assert_eq(c->drv->history_progress(c, &row, &err), 0, "%s", err.msg);
	cr_expect_eq(count(h, "SELECT statements_done FROM schemadiff_history"
			      " WHERE version = '12' AND outcome = 'running'"), 2);
	row.outcome = "failed";
	row.error = "ERROR 1050 (42S01): Table 't' already exists";
	cr_assert_eq(c->drv->history_progress(c, &row, &err), 0, "%s", err.msg);
	cr_assert_eq(c->drv->history_read(c, "app", &hist, &err), 0);
	cr_assert_eq(hist.nrows, 5);
	cr_expect_str_eq(hist.rows[4].version, "12");
	cr_expect_str_eq(hist.rows[4].outcome, "failed");
	cr_expect_eq(hist.rows[4].statements_done, 2);
	cr_expect_str_eq(hist.rows[4].error, "ERROR 1050 (42S01): Table 't' already exists");
	sd_history_release(&hist);
	row.outcome = "applied";
	row.error = NULL;
	row.statements_done = 5;
	row.checksum = "def";
	cr_assert_eq(c->drv->history_progress(c, &row, &err), 0, "%s", err.msg);
	cr_assert_eq(c->drv->history_read(c, "app", &hist, &err), 0);
	cr_assert_eq(hist.nrows, 5);
	cr_expect_str_eq(hist.rows[4].outcome, "applied");
	cr_expect_str_eq(hist.rows[4].checksum, "def");
	cr_expect_eq(hist.rows[4].statements_done, 5);
	cr_expect_null(hist.rows[4].error);
	sd_history_release(&hist);
	cr_expect_eq(count(h, "SELECT COUNT(*) FROM schemadiff_history"), 6);

	mysql_close(h);
	c->drv->close(c);
	strbuf_release(&ex);
	strbuf_release(&by);
}

Test(mysql_driver, has_user_objects)
{
	const char *db;
	struct sd_conn *c = fresh("objs", NULL, &db, NULL);
	struct sd_error err = { 0 };
	struct strbuf ex = STRBUF_INIT, want = STRBUF_INIT;
	int found = -1;

	cr_assert_eq(c->drv->has_user_objects(c, &found, &ex, &err), 0, "%s", err.msg);
	cr_expect_eq(found, 0);
	cr_expect_str_eq(ex.buf, "");
	cr_assert_eq(c->drv->exec(c, "CREATE PROCEDURE p() SELECT 1", NULL, &err), 0,
		     "%s", err.msg);
	cr_assert_eq(c->drv->has_user_objects(c, &found, &ex, &err), 0, "%s", err.msg);
	cr_expect_eq(found, 1);
	strbuf_addf(&want, "procedure %s.p", db);
	cr_expect_str_eq(ex.buf, want.buf);
	cr_assert_eq(c->drv->exec(c, "CREATE TABLE a (x int)", NULL, &err), 0);
	strbuf_reset(&ex);
	strbuf_reset(&want);
	cr_assert_eq(c->drv->has_user_objects(c, &found, &ex, &err), 0);
	strbuf_addf(&want, "table %s.a", db);
	cr_expect_str_eq(ex.buf, want.buf);
	c->drv->close(c);
	strbuf_release(&ex);
	strbuf_release(&want);
}

Test(mysql_driver, scratch_databases)
{
	const char *db;
	struct strbuf url = STRBUF_INIT, sql = STRBUF_INIT, sp = STRBUF_INIT;
	struct sd_conn *c = fresh("scr", "CHARACTER SET latin1 COLLATE latin1_bin",
				  &db, &url);
	struct sd_conn *s = NULL, *lim = NULL;
	struct sd_error err = { 0 };
	MYSQL *h = mysql_testdb_connect(NULL);
	char *v;

	cr_assert_eq(c->drv->scratch_create(c, &s, &err), 0, "%s", err.msg);
	cr_assert_not_null(s);
	cr_assert_eq(s->drv->search_path(s, &sp, &err), 0);
	/* `schemadiff_scratch_<pid>_<n>` */
	cr_expect(!strncmp(sp.buf, "`schemadiff_scratch_", 20), "%s", sp.buf);
	strbuf_addf(&sql, "SELECT CONCAT(DEFAULT_CHARACTER_SET_NAME, ' ', DEFAULT_COLLATION_NAME)"
		    " FROM information_schema.SCHEMATA WHERE CONCAT('`', SCHEMA_NAME, '`') = '%s'",
		    sp.buf);
	v = mysql_testdb_value(h, sql.buf);
	cr_expect_str_eq(v ? v : "(none)", "latin1 latin1_bin");
	free(v);
	/* a connection to it that works */
	cr_expect_eq(s->drv->exec(s, "CREATE TABLE t (x int)", NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(c->drv->scratch_drop(c, s, &err), 0, "%s", err.msg);
	v = mysql_testdb_value(h, sql.buf);
	cr_expect_null(v, "scratch database still there");
	free(v);
	/* a user who may not create databases: SD_ERR_UNSUPPORTED */
	strbuf_reset(&sql);
	strbuf_addf(&sql, "DROP USER IF EXISTS 'sd_lim%ld'@'%%';"
		    "CREATE USER 'sd_lim%ld'@'%%' IDENTIFIED BY 'topsecret';"
		    "GRANT ALL ON `%s`.* TO 'sd_lim%ld'@'%%'",
		    (long)getpid(), (long)getpid(), db, (long)getpid());
	mysql_testdb_exec(h, sql.buf);
	strbuf_reset(&url);
	strbuf_addf(&url, "mysql://sd_lim%ld:topsecret@127.0.0.1:%s/%s",
		    (long)getpid(), getenv("SD_TEST_MYSQL_PORT"), db);
	cr_assert_eq(sd_driver_connect(url.buf, &lim, &err), 0, "%s", err.msg);
	s = NULL;
	cr_expect_eq(lim->drv->scratch_create(lim, &s, &err), SD_ERR_UNSUPPORTED,
		     "%s", err.msg);
	cr_expect_null(s);
	cr_expect(strstr(err.msg, "user may not create a scratch database"), "%s", err.msg);
	cr_expect(strstr(err.msg, "ERROR 1044"), "%s", err.msg);
	cr_expect(!strstr(err.msg, "topsecret"), "%s", err.msg);
	lim->drv->close(lim);
	strbuf_reset(&sql);
	strbuf_addf(&sql, "DROP USER 'sd_lim%ld'@'%%'", (long)getpid());
	mysql_testdb_exec(h, sql.buf);
	mysql_close(h);
	c->drv->close(c);
	strbuf_release(&url);
	strbuf_release(&sql);
	strbuf_release(&sp);
}

/* --- introspection ------------------------------------------------------- */

static const char rich_sql[] =
	"CREATE TABLE parent (id int NOT NULL AUTO_INCREMENT PRIMARY KEY,"
	" code varchar(20) NOT NULL, UNIQUE KEY uq_code (code))"
	" ENGINE=InnoDB COMMENT='the parent';\n"
	"CREATE TABLE t (\n"
	"  id bigint unsigned NOT NULL AUTO_INCREMENT,\n"
	"  a int NOT NULL DEFAULT 0 COMMENT 'col a',\n"
	"  b varchar(255) CHARACTER SET latin1 COLLATE latin1_bin DEFAULT 'it''s',\n"
	"  c decimal(10,2) DEFAULT 1.50,\n"
	"  d datetime(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),\n"
	"  e timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),\n"
	"  f enum('x','Y') DEFAULT 'x',\n"
	"  g set('p','q'),\n"
	"  h json,\n"
	"  i int GENERATED ALWAYS AS (a + 1) VIRTUAL,\n"
	"  j int AS (a * 2) STORED,\n"
	"  k int INVISIBLE,\n"
	"  l tinyint(1) DEFAULT '1',\n"
	"  m int(10) unsigned zerofill,\n"
	"  n text,\n"
	"  o double, p float, q varbinary(16), r bit(1), s year, u char,\n"
	"  v int CHECK (v > 0),\n"
	"  w varchar(5) COLLATE utf8mb4_unicode_ci DEFAULT 'NULL',\n"
	"  parent_id int,\n"
	"  pt point NOT NULL,\n"
	"  PRIMARY KEY (id),\n"
	"  UNIQUE KEY (a),\n"
	"  KEY idx_bc (b(10), c DESC),\n"
	"  KEY (a, c),\n"
	"  FULLTEXT KEY ft_n (n),\n"
	"  SPATIAL KEY sp (pt),\n"
	"  KEY hx (a) COMMENT 'ix comment',\n"
	"  CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id)"
	"   ON DELETE CASCADE ON UPDATE SET NULL,\n"
	"  CONSTRAINT chk_a CHECK (a >= 0),\n"
	"  CHECK (c < 100)\n"
	") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
	" ROW_FORMAT=DYNAMIC COMMENT='rich table';\n"
	"CREATE TABLE child2 (x int, y int, z int,"
	" FOREIGN KEY (x) REFERENCES parent(id),"
	" FOREIGN KEY (y) REFERENCES parent(id) ON DELETE NO ACTION,"
	" KEY yz (y, z))"
	" CHARSET latin1 ROW_FORMAT=COMPRESSED;\n"
	"CREATE TABLE mem (a int, KEY USING HASH (a)) ENGINE=MEMORY;\n"
	"CREATE TABLE `a``b` (x int);\n"
	"CREATE VIEW v AS SELECT id, a FROM t WHERE a > 0"
	" WITH CASCADED CHECK OPTION;\n"
	"CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW v2 AS"
	" SELECT p.id, 'x`y' AS s FROM parent p JOIN t ON t.parent_id = p.id"
	" JOIN `a``b` ab ON ab.x = p.id WITH LOCAL CHECK OPTION;\n"
	"CREATE VIEW v3 AS SELECT * FROM v2;\n"
	"CREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW SET NEW.a = NEW.a + 1;\n"
	"CREATE TABLE pt (a int NOT NULL, b int) PARTITION BY RANGE (a)"
	" (PARTITION p0 VALUES LESS THAN (10),"
	" PARTITION p1 VALUES LESS THAN MAXVALUE);\n"
	"CREATE TABLE ph (a int) PARTITION BY HASH (a) PARTITIONS 3;\n"
	"CREATE TABLE pl (a int) PARTITION BY LIST COLUMNS (a)"
	" (PARTITION l0 VALUES IN (1,2) COMMENT 'low', PARTITION l1 VALUES IN (3));\n";

static const char rich_function[] =
	"CREATE FUNCTION f(x int, y varchar(10)) RETURNS int(11)"
	" DETERMINISTIC NO SQL COMMENT 'it''s f' RETURN x + 1";
static const char rich_procedure[] =
	"CREATE PROCEDURE pr(IN a int, OUT b varchar(10), INOUT c decimal(5,2))"
	" SQL SECURITY INVOKER BEGIN SELECT a INTO b; END";

static struct catalog *introspect(struct sd_conn *c, unsigned *nq)
{
	struct catalog *cat = catalog_new(SQL_MYSQL);
	struct sd_error err = { 0 };

	cr_assert_eq(c->drv->introspect(c, cat, nq, &err), 0, "introspect: %s",
		     err.msg);
	return cat;
}

static const struct sd_column *col(const struct sd_table *t, const char *name)
{
	const struct sd_column *c = table_find_column(t, name);

	cr_assert_not_null(c, "no column %s.%s", t->base.name, name);
	return c;
}

static void str_is(const char *got, const char *want, const char *what)
{
	if (!want)
		cr_expect_null(got, "%s: want NULL, got \"%s\"", what, got);
	else if (!got)
		cr_expect_fail("%s: want \"%s\", got NULL", what, want);
	else
		cr_expect_str_eq(got, want, "%s", what);
}

/* type, not_null, default, on_update, charset, collation, comment */
static void column_is(const struct sd_table *t, const char *name,
		      const char *type, bool not_null, const char *def,
		      const char *on_update, const char *charset,
		      const char *collation, const char *comment)
{
	const struct sd_column *c = col(t, name);
	struct strbuf w = STRBUF_INIT;

	strbuf_addf(&w, "%s.%s", t->base.name, name);
	str_is(c->type, type, w.buf);
	cr_expect_eq(c->not_null, not_null, "%s not_null", w.buf);
	str_is(c->default_expr, def, w.buf);
	str_is(c->on_update, on_update, w.buf);
	str_is(c->charset, charset, w.buf);
	str_is(c->collation, collation, w.buf);
	str_is(c->comment, comment, w.buf);
	strbuf_release(&w);
}

static const struct sd_index *index_of(struct catalog *cat, const char *name)
{
	const struct sd_index *ix = catalog_find(cat, SD_INDEX, NULL, name);

	cr_assert_not_null(ix, "no index %s", name);
	return ix;
}

static bool has_dep(const struct sd_object *o, const char *key)
{
	for (size_t i = 0; i < o->ndeps; i++)
		if (!strcmp(o->deps[i], key))
			return true;
	return false;
}

Test(mysql_driver, introspect_rich_schema)
{
	const char *db;
	struct sd_conn *c = fresh("rich", "CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
				  &db, NULL);
	MYSQL *h = mysql_testdb_connect(db);
	struct sd_error err = { 0 };
	struct catalog *cat;
	const struct sd_table *t, *p, *c2, *mem, *ab, *pt, *ph, *pl;
	const struct sd_constraint *k;
	const struct sd_index *ix;
	const struct sd_view *v;
	const struct sd_trigger *tg;
	const struct sd_function *fn;
	struct vec all = VEC_INIT;
	unsigned nq = 0;

	mysql_testdb_exec(h, rich_sql);
	mysql_testdb_exec(h, rich_function);
	mysql_testdb_exec(h, rich_procedure);
	cr_assert_eq(c->drv->history_ensure(c, &err), 0, "%s", err.msg);
	cat = introspect(c, &nq);
	cr_expect_eq(cat->dialect, SQL_MYSQL);

	/* 8 tables (not the history table), 3 views, 1 trigger, 2
	 * routines and the indexes */
	catalog_list(cat, SD_TABLE, &all);
	cr_expect_eq(all.len, 8, "%zu tables", all.len);
	vec_release(&all);
	cr_expect_null(catalog_find(cat, SD_TABLE, NULL, "schemadiff_history"));

	/* table options */
	t = catalog_find(cat, SD_TABLE, NULL, "t");
	cr_assert_not_null(t);
	cr_expect_null(t->base.schema);
	str_is(t->base.key, "rel:t", "key");
	str_is(t->engine, "InnoDB", "t engine");
	str_is(t->charset, "utf8mb4", "t charset");
	str_is(t->collation, "utf8mb4_bin", "t collation");
	str_is(t->row_format, "DYNAMIC", "t row_format");
	str_is(t->base.comment, "rich table", "t comment");
	cr_expect_null(t->partkey);
	p = catalog_find(cat, SD_TABLE, NULL, "parent");
	cr_assert_not_null(p);
	str_is(p->base.comment, "the parent", "parent comment");
	str_is(p->collation, "utf8mb4_general_ci", "parent collation (the database's)");
	cr_expect_null(p->row_format);
	c2 = catalog_find(cat, SD_TABLE, NULL, "child2");
	cr_assert_not_null(c2);
	str_is(c2->charset, "latin1", "child2 charset");
	str_is(c2->collation, "latin1_swedish_ci", "child2 collation");
	str_is(c2->row_format, "COMPRESSED", "child2 row_format");
	cr_expect_null(c2->base.comment);
	mem = catalog_find(cat, SD_TABLE, NULL, "mem");
	cr_assert_not_null(mem);
	str_is(mem->engine, "MEMORY", "mem engine");
	ab = catalog_find(cat, SD_TABLE, NULL, "a`b");
	cr_assert_not_null(ab, "table a`b");

	/* columns, in order, every attribute */
	cr_assert_eq(t->ncolumns, 25);
	cr_expect_str_eq(t->columns[0].name, "id");
	cr_expect_str_eq(t->columns[24].name, "pt");
	column_is(t, "id", "bigint(20) unsigned", true, NULL, NULL, NULL, NULL, NULL);
	cr_expect(col(t, "id")->auto_increment);
	cr_expect(!col(t, "a")->auto_increment);
	column_is(t, "a", "int(11)", true, "0", NULL, NULL, NULL, "col a");
	column_is(t, "b", "varchar(255)", false, "'it''s'", NULL, "latin1",
		  "latin1_bin", NULL);
	column_is(t, "c", "decimal(10,2)", false, "1.50", NULL, NULL, NULL, NULL);
	column_is(t, "d", "datetime(3)", false, "current_timestamp(3)",
		  "current_timestamp(3)", NULL, NULL, NULL);
	column_is(t, "e", "timestamp", true, "current_timestamp()",
		  "current_timestamp()", NULL, NULL, NULL);
	column_is(t, "f", "enum('x','Y')", false, "'x'", NULL, NULL, NULL, NULL);
	column_is(t, "g", "set('p','q')", false, NULL, NULL, NULL, NULL, NULL);
	/* JSON: longtext, collation utf8mb4_bin like the table: none */
	column_is(t, "h", "longtext", false, NULL, NULL, NULL, NULL, NULL);
	column_is(t, "i", "int(11)", false, NULL, NULL, NULL, NULL, NULL);
	str_is(col(t, "i")->generated, "`a` + 1", "i generated");
	cr_expect(col(t, "i")->gen_virtual);
	str_is(col(t, "j")->generated, "`a` * 2", "j generated");
	cr_expect(!col(t, "j")->gen_virtual);
	cr_expect_null(col(t, "a")->generated);
	cr_expect(!col(t, "a")->gen_virtual);
	cr_expect(col(t, "k")->invisible);
	cr_expect(!col(t, "a")->invisible);
	column_is(t, "l", "tinyint(1)", false, "1", NULL, NULL, NULL, NULL);
	column_is(t, "m", "int(10) unsigned zerofill", false, NULL, NULL, NULL, NULL, NULL);
	column_is(t, "n", "text", false, NULL, NULL, NULL, NULL, NULL);
	column_is(t, "o", "double", false, NULL, NULL, NULL, NULL, NULL);
	column_is(t, "p", "float", false, NULL, NULL, NULL, NULL, NULL);
	column_is(t, "q", "varbinary(16)", false, NULL, NULL, NULL, NULL, NULL);
	column_is(t, "r", "bit(1)", false, NULL, NULL, NULL, NULL, NULL);
	column_is(t, "s", "year(4)", false, NULL, NULL, NULL, NULL, NULL);
	column_is(t, "u", "char(1)", false, NULL, NULL, NULL, NULL, NULL);
	/* the string 'NULL' is not DEFAULT NULL */
	column_is(t, "w", "varchar(5)", false, "'NULL'", NULL, "utf8mb4",
		  "utf8mb4_unicode_ci", NULL);
	column_is(t, "pt", "point", true, NULL, NULL, NULL, NULL, NULL);

	/* primary key, foreign key, table and column checks */
	k = table_find_constraint(t, "PRIMARY");
	cr_assert_not_null(k);
	cr_expect_eq(k->type, SD_CON_PRIMARY);
	cr_assert_eq(k->ncolumns, 1);
	cr_expect_str_eq(k->columns[0], "id");
	cr_expect_str_eq(t->constraints[0].name, "PRIMARY");
	k = table_find_constraint(t, "fk_parent");
	cr_assert_not_null(k);
	cr_expect_eq(k->type, SD_CON_FOREIGN);
	cr_assert_eq(k->ncolumns, 1);
	cr_expect_str_eq(k->columns[0], "parent_id");
	cr_expect_null(k->ref_schema);
	cr_expect_str_eq(k->ref_table, "parent");
	cr_assert_eq(k->nref_columns, 1);
	cr_expect_str_eq(k->ref_columns[0], "id");
	cr_expect_eq(k->on_delete, SD_FK_CASCADE);
	cr_expect_eq(k->on_update, SD_FK_SET_NULL);
	cr_expect(has_dep(&t->base, "rel:parent"), "FK dependency");
	k = table_find_constraint(t, "chk_a");
	cr_assert_not_null(k);
	cr_expect_eq(k->type, SD_CON_CHECK);
	str_is(k->expr, "`a` >= 0", "chk_a");
	cr_expect_eq(k->ncolumns, 0);
	k = table_find_constraint(t, "CONSTRAINT_1");
	cr_assert_not_null(k, "unnamed table check");
	str_is(k->expr, "`c` < 100", "CONSTRAINT_1");
	cr_expect_eq(k->ncolumns, 0);
	k = table_find_constraint(t, "v");
	cr_assert_not_null(k, "column check");
	str_is(k->expr, "`v` > 0", "column check v");
	cr_assert_eq(k->ncolumns, 1);
	cr_expect_str_eq(k->columns[0], "v");
	k = table_find_constraint(t, "h");
	cr_assert_not_null(k, "JSON check");
	str_is(k->expr, "json_valid(`h`)", "json check");
	cr_assert_eq(k->ncolumns, 1);
	cr_expect_str_eq(k->columns[0], "h");
	cr_expect_eq(t->nconstraints, 6);
	/* unnamed foreign keys; RESTRICT when not given; NO ACTION */
	k = table_find_constraint(c2, "child2_ibfk_1");
	cr_assert_not_null(k);
	cr_expect_eq(k->on_delete, SD_FK_RESTRICT);
	cr_expect_eq(k->on_update, SD_FK_RESTRICT);
	k = table_find_constraint(c2, "child2_ibfk_2");
	cr_assert_not_null(k);
	cr_expect_eq(k->on_delete, SD_FK_NO_ACTION);
	cr_expect_str_eq(k->columns[0], "y");
	cr_expect_null(table_find_constraint(c2, "PRIMARY"));

	/* indexes: unique, prefix, desc, implicit names, fulltext, spatial,
	 * comment, the implicit FK index, hash on MEMORY */
	ix = index_of(cat, "t.a");
	str_is(ix->ixname, "a", "t.a ixname");
	str_is(ix->table, "t", "t.a table");
	cr_expect(ix->unique);
	str_is(ix->method, "btree", "t.a method");
	cr_assert_eq(ix->nelems, 1);
	cr_expect_str_eq(ix->elems[0].column, "a");
	cr_expect(has_dep(&ix->base, "rel:t"), "index -> table");
	ix = index_of(cat, "t.a_2");
	cr_expect(!ix->unique);
	cr_assert_eq(ix->nelems, 2);
	cr_expect_str_eq(ix->elems[1].column, "c");
	ix = index_of(cat, "t.idx_bc");
	cr_assert_eq(ix->nelems, 2);
	cr_expect_str_eq(ix->elems[0].column, "b");
	cr_expect_eq(ix->elems[0].sub_part, 10);
	cr_expect(!ix->elems[0].desc);
	cr_expect_eq(ix->elems[1].sub_part, 0);
	cr_expect(ix->elems[1].desc);
	ix = index_of(cat, "t.ft_n");
	str_is(ix->method, "fulltext", "fulltext");
	cr_expect(!ix->elems[0].desc);
	ix = index_of(cat, "t.sp");
	str_is(ix->method, "spatial", "spatial");
	cr_expect_eq(ix->elems[0].sub_part, 0);
	ix = index_of(cat, "t.hx");
	str_is(ix->base.comment, "ix comment", "index comment");
	cr_expect_null(index_of(cat, "t.a")->base.comment);
	ix = index_of(cat, "t.fk_parent");
	cr_expect_str_eq(ix->elems[0].column, "parent_id");
	index_of(cat, "child2.x");
	index_of(cat, "child2.yz");	/* starts with y: y's FK needs no index of its own */
	cr_expect_null(catalog_find(cat, SD_INDEX, NULL, "child2.y"));
	ix = index_of(cat, "mem.a");
	str_is(ix->method, "hash", "MEMORY hash");
	ix = index_of(cat, "parent.uq_code");
	cr_expect(ix->unique);
	cr_expect_null(catalog_find(cat, SD_INDEX, NULL, "t.PRIMARY"));

	/* views: qualifier stripped, check option, options, dependencies */
	v = catalog_find(cat, SD_VIEW, NULL, "v");
	cr_assert_not_null(v);
	str_is(v->query, "select `t`.`id` AS `id`,`t`.`a` AS `a` from `t` where `t`.`a` > 0",
	       "v query");
	cr_expect_eq(v->check_option, SD_CHECK_CASCADED);
	cr_expect_eq(v->noptions, 0);
	cr_expect(has_dep(&v->base, "rel:t"));
	v = catalog_find(cat, SD_VIEW, NULL, "v2");
	cr_assert_not_null(v);
	str_is(v->query, "select `p`.`id` AS `id`,'x`y' AS `s` from ((`parent` `p` join `t`"
	       " on(`t`.`parent_id` = `p`.`id`)) join `a``b` `ab` on(`ab`.`x` = `p`.`id`))",
	       "v2 query");
	cr_expect_eq(v->check_option, SD_CHECK_LOCAL);
	cr_assert_eq(v->noptions, 2);
	cr_expect_str_eq(v->options[0], "algorithm=MERGE");
	cr_expect_str_eq(v->options[1], "sql_security=INVOKER");
	cr_expect(has_dep(&v->base, "rel:parent"));
	cr_expect(has_dep(&v->base, "rel:t"));
	cr_expect(has_dep(&v->base, "rel:\"a`b\""), "dep on a`b");
	v = catalog_find(cat, SD_VIEW, NULL, "v3");
	cr_assert_not_null(v);
	cr_expect_eq(v->check_option, SD_CHECK_NONE);
	cr_expect(has_dep(&v->base, "rel:v2"), "view -> view");

	/* trigger */
	tg = catalog_find(cat, SD_TRIGGER, NULL, "t.tg");
	cr_assert_not_null(tg);
	str_is(tg->table, "t", "trigger table");
	str_is(tg->tgname, "tg", "trigger name");
	str_is(tg->definition,
	       "CREATE TRIGGER `tg` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.a = NEW.a + 1",
	       "trigger definition");
	cr_expect(has_dep(&tg->base, "rel:t"));

	/* routines */
	fn = catalog_find(cat, SD_FUNCTION, NULL, "f");
	cr_assert_not_null(fn);
	str_is(fn->fname, "f", "fname");
	str_is(fn->identity_args, "", "identity_args");
	cr_expect(!fn->is_procedure);
	str_is(fn->args, "`x` int(11), `y` varchar(10)", "f args");
	str_is(fn->result, "int(11)", "f result");
	str_is(fn->definition,
	       "CREATE FUNCTION `f`(`x` int(11), `y` varchar(10)) RETURNS int(11)\n"
	       "DETERMINISTIC\nNO SQL\nCOMMENT 'it''s f'\nRETURN x + 1",
	       "f definition");
	fn = catalog_find(cat, SD_FUNCTION, NULL, "pr");
	cr_assert_not_null(fn);
	cr_expect(fn->is_procedure);
	cr_expect_null(fn->result);
	str_is(fn->args, "IN `a` int(11), OUT `b` varchar(10), INOUT `c` decimal(5,2)",
	       "pr args");
	str_is(fn->definition,
	       "CREATE PROCEDURE `pr`(IN `a` int(11), OUT `b` varchar(10), INOUT `c` decimal(5,2))\n"
	       "SQL SECURITY INVOKER\nBEGIN SELECT a INTO b; END",
	       "pr definition");

	/* partitioning, as SHOW CREATE TABLE prints it */
	pt = catalog_find(cat, SD_TABLE, NULL, "pt");
	cr_assert_not_null(pt);
	str_is(pt->partkey, "PARTITION BY RANGE (`a`)\n"
	       "(PARTITION `p0` VALUES LESS THAN (10) ENGINE = InnoDB,\n"
	       " PARTITION `p1` VALUES LESS THAN MAXVALUE ENGINE = InnoDB)",
	       "pt partkey");
	ph = catalog_find(cat, SD_TABLE, NULL, "ph");
	cr_assert_not_null(ph);
	str_is(ph->partkey, "PARTITION BY HASH (`a`)\nPARTITIONS 3", "ph partkey");
	pl = catalog_find(cat, SD_TABLE, NULL, "pl");
	cr_assert_not_null(pl);
	str_is(pl->partkey, "PARTITION BY LIST  COLUMNS(`a`)\n"
	       "(PARTITION `l0` VALUES IN (1,2) COMMENT = 'low' ENGINE = InnoDB,\n"
	       " PARTITION `l1` VALUES IN (3) ENGINE = InnoDB)",
	       "pl partkey");
	cr_expect_null(pt->base.comment);
	str_is(pt->row_format, NULL, "partitioned: no row_format");

	catalog_free(cat);
	mysql_close(h);
	c->drv->close(c);
}

/* The partitioning clause that SHOW CREATE TABLE prints for table, from
 * the "PARTITION BY" on, without the version comment. */
static char *show_partitions(MYSQL *h, const char *table)
{
	struct strbuf sql = STRBUF_INIT;
	MYSQL_RES *res;
	MYSQL_ROW row;
	char *out = NULL;

	strbuf_addf(&sql, "SHOW CREATE TABLE `%s`", table);
	cr_assert(!mysql_real_query(h, sql.buf, sql.len), "%s", mysql_error(h));
	res = mysql_store_result(h);
	cr_assert_not_null(res);
	row = mysql_fetch_row(res);
	cr_assert(row && row[1]);
	if (strstr(row[1], "PARTITION BY")) {
		out = strdup(strstr(row[1], "PARTITION BY"));
		cr_assert_not_null(out);
	}
	mysql_free_result(res);
	strbuf_release(&sql);
	return out;
}

Test(mysql_driver, introspect_partitions_as_show_create)
{
	static const char *const tables[] = {
		"CREATE TABLE prc (a int, b varchar(5)) PARTITION BY RANGE COLUMNS(a,b)"
		" (PARTITION x0 VALUES LESS THAN (5,'m') COMMENT 'c1',"
		" PARTITION x1 VALUES LESS THAN (MAXVALUE, MAXVALUE))",
		"CREATE TABLE pl (a int) PARTITION BY LIST (a)"
		" (PARTITION l0 VALUES IN (1,2), PARTITION l1 VALUES IN (3, NULL))",
		"CREATE TABLE pk (a int PRIMARY KEY) PARTITION BY KEY (a) PARTITIONS 2",
		"CREATE TABLE plh (a int) PARTITION BY LINEAR HASH (a) PARTITIONS 2",
		"CREATE TABLE pnamed (a int) PARTITION BY HASH (a) (PARTITION one, PARTITION two)",
		"CREATE TABLE psub (a int, b int) PARTITION BY RANGE (a)"
		" SUBPARTITION BY HASH (b) SUBPARTITIONS 2"
		" (PARTITION r0 VALUES LESS THAN (10), PARTITION r1 VALUES LESS THAN MAXVALUE)",
		"CREATE TABLE psubn (a int, b int) PARTITION BY RANGE (a)"
		" SUBPARTITION BY KEY (b)"
		" (PARTITION r0 VALUES LESS THAN (10) (SUBPARTITION s0, SUBPARTITION s1),"
		" PARTITION r1 VALUES LESS THAN MAXVALUE (SUBPARTITION s2, SUBPARTITION s3))",
		"CREATE TABLE pmy (a int) ENGINE=Aria PARTITION BY HASH (a + 1) PARTITIONS 2",
	};
	static const char *const names[] = {
		"prc", "pl", "pk", "plh", "pnamed", "psub", "psubn", "pmy",
	};
	const char *db;
	struct sd_conn *c = fresh("parts", NULL, &db, NULL);
	MYSQL *h = mysql_testdb_connect(db);
	struct catalog *cat;

	for (size_t i = 0; i < sizeof(tables) / sizeof(*tables); i++)
		mysql_testdb_exec(h, tables[i]);
	cat = introspect(c, NULL);
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		const struct sd_table *t = catalog_find(cat, SD_TABLE, NULL, names[i]);
		char *want = show_partitions(h, names[i]);

		cr_assert_not_null(t, "%s", names[i]);
		cr_assert_not_null(want);
		str_is(t->partkey, want, names[i]);
		free(want);
	}
	catalog_free(cat);
	mysql_close(h);
	c->drv->close(c);
}

Test(mysql_driver, introspect_fixed_number_of_queries)
{
	const char *db1, *db2;
	struct sd_conn *one = fresh("q1", NULL, &db1, NULL);
	struct sd_conn *many = fresh("q50", NULL, &db2, NULL);
	MYSQL *h1 = mysql_testdb_connect(db1), *h2 = mysql_testdb_connect(db2);
	struct strbuf sql = STRBUF_INIT;
	struct catalog *cat;
	unsigned n1 = 0, n50 = 0;
	struct vec all = VEC_INIT;

	mysql_testdb_exec(h1, "CREATE TABLE t0 (a int PRIMARY KEY, b int, KEY (b), CHECK (b > 0))");
	for (int i = 0; i < 50; i++)
		strbuf_addf(&sql, "CREATE TABLE t%d (a int PRIMARY KEY, b int, KEY (b),"
			    " CHECK (b > 0)%s);\n", i,
			    i ? ", FOREIGN KEY (b) REFERENCES t0 (a)" : "");
	strbuf_addstr(&sql, "CREATE VIEW v AS SELECT * FROM t1;"
		      "CREATE TRIGGER tg BEFORE INSERT ON t2 FOR EACH ROW SET NEW.b = 1;"
		      "CREATE PROCEDURE p() SELECT 1;"
		      "CREATE EVENT ev ON SCHEDULE EVERY 1 DAY DO SELECT 1;");
	mysql_testdb_exec(h2, sql.buf);
	cat = introspect(one, &n1);
	catalog_free(cat);
	cat = introspect(many, &n50);
	catalog_list(cat, SD_TABLE, &all);
	cr_expect_eq(all.len, 50);
	vec_release(&all);
	catalog_free(cat);
	cr_expect(n1 > 0);
	cr_expect_eq(n1, n50, "1 table: %u queries, 50 tables: %u", n1, n50);
	cr_expect_eq(n50, 14, "%u queries", n50);
	mysql_close(h1);
	mysql_close(h2);
	one->drv->close(one);
	many->drv->close(many);
	strbuf_release(&sql);
}

/* Events, written as the corpus and mysqldump write them. */
static const char events_sql[] =
	"CREATE TABLE t (a int, created_at datetime)\n"
	"DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;\n"
	"CREATE DEFINER=CURRENT_USER EVENT daily ON SCHEDULE EVERY 1 DAY\n"
	"COMMENT 'it''s daily'\n"
	"DO DELETE FROM t WHERE created_at < NOW() - INTERVAL 30 DAY;\n"
	"CREATE EVENT compound ON SCHEDULE EVERY '1 4' DAY_HOUR\n"
	"STARTS '2030-01-01' ENDS '2031-01-01 10:00'\n"
	"ON COMPLETION PRESERVE DISABLE ON SLAVE\n"
	"DO BEGIN\n  DELETE FROM t;\n  DELETE FROM t WHERE a = 1;\nEND;\n"
	"CREATE EVENT once ON SCHEDULE AT '2035-01-01 00:00:00' DISABLE\n"
	"DO SELECT 1;\n"
	"CREATE EVENT hourly ON SCHEDULE EVERY '2' HOUR DO SELECT 2;\n";

/* The server's form is the parser's (docs/mysql.md): the same SQL
 * introspected and parsed gives equal events; a STARTS not given (the
 * creation time, or the time of an ALTER that set the schedule) is left
 * out, one given is kept. */
Test(mysql_driver, introspect_events_as_the_parser_reads_them)
{
	const char *db;
	struct sd_conn *c = fresh("ev", NULL, &db, NULL);
	MYSQL *h = mysql_testdb_connect(db);
	struct catalog *live, *parsed = catalog_new(SQL_MYSQL);
	struct changeset *cs = NULL;
	struct sd_error err = { 0 };
	struct sd_event *e;
	struct strbuf sql = STRBUF_INIT;

	mysql_testdb_exec(h, events_sql);
	/* the schedule set again a second later: STARTS is the ALTER's
	 * time, no longer the creation time */
	sleep(1);
	mysql_testdb_exec(h, "ALTER EVENT hourly ON SCHEDULE EVERY 3 HOUR;"
			  "ALTER EVENT daily COMMENT 'it''s daily'");
	live = introspect(c, NULL);
	e = catalog_find(live, SD_EVENT, NULL, "daily");
	cr_assert_not_null(e);
	str_is(e->base.comment, "it's daily", "daily comment");
	str_is(e->starts, NULL, "daily starts");
	str_is(e->definition,
	       "CREATE EVENT `daily` ON SCHEDULE EVERY 1 DAY ON COMPLETION NOT "
	       "PRESERVE ENABLE COMMENT 'it''s daily' DO DELETE FROM t WHERE "
	       "created_at < NOW() - INTERVAL 30 DAY", "daily");
	e = catalog_find(live, SD_EVENT, NULL, "compound");
	cr_assert_not_null(e);
	str_is(e->definition,
	       "CREATE EVENT `compound` ON SCHEDULE EVERY '1 4' DAY_HOUR "
	       "STARTS '2030-01-01 00:00:00' ENDS '2031-01-01 10:00:00' ON "
	       "COMPLETION PRESERVE DISABLE ON SLAVE DO BEGIN\n  DELETE FROM "
	       "t;\n  DELETE FROM t WHERE a = 1;\nEND", "compound");
	e = catalog_find(live, SD_EVENT, NULL, "once");
	cr_assert_not_null(e);
	str_is(e->definition,
	       "CREATE EVENT `once` ON SCHEDULE AT '2035-01-01 00:00:00' ON "
	       "COMPLETION NOT PRESERVE DISABLE DO SELECT 1", "once");
	e = catalog_find(live, SD_EVENT, NULL, "hourly");
	cr_assert_not_null(e);
	str_is(e->definition,
	       "CREATE EVENT `hourly` ON SCHEDULE EVERY 3 HOUR ON COMPLETION "
	       "NOT PRESERVE ENABLE DO SELECT 2", "hourly");

	strbuf_addstr(&sql, events_sql);
	strbuf_addstr(&sql, "ALTER EVENT hourly ON SCHEDULE EVERY 3 HOUR;\n");
	cr_assert_eq(mysql_replay_script(parsed, "ev.sql", sql.buf, &err), 0,
		     "%d:%d: %s", err.line, err.col, err.msg);
	cr_assert_eq(diff_catalogs(live, parsed, &cs, &err), 0, "%s", err.msg);
	if (!changeset_empty(cs)) {
		struct strbuf d = STRBUF_INIT;
		changeset_describe(cs, &d);
		cr_expect_fail("introspected and parsed differ:\n%s", d.buf);
		strbuf_release(&d);
	}
	changeset_free(cs);
	strbuf_release(&sql);
	catalog_free(live);
	catalog_free(parsed);
	mysql_close(h);
	c->drv->close(c);
}

/* The emitted migration runs on the server (ALTER EVENT with a compound
 * body, DROP, CREATE) and the database then reads back as the desired
 * events. */
Test(mysql_driver, event_migration_runs_and_reads_back)
{
	static const char desired_sql[] =
		"CREATE TABLE t (a int, created_at datetime)\n"
		"DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;\n"
		"CREATE EVENT daily ON SCHEDULE EVERY 2 HOUR\n"
		"ON COMPLETION PRESERVE DISABLE\n"
		"DO BEGIN\n  DELETE FROM t;\n  SELECT 1;\nEND;\n"
		"CREATE EVENT compound ON SCHEDULE EVERY '1 4' DAY_HOUR\n"
		"STARTS '2030-01-01' ENDS '2031-01-01 10:00'\n"
		"ON COMPLETION PRESERVE DISABLE ON SLAVE\n"
		"DO BEGIN\n  DELETE FROM t;\n  DELETE FROM t WHERE a = 1;\n"
		"END;\n"
		"CREATE EVENT added ON SCHEDULE AT '2036-02-03 04:05:06' "
		"COMMENT 'new' DO SELECT 3;\n";
	const char *db;
	struct sd_conn *c = fresh("evm", NULL, &db, NULL);
	MYSQL *h = mysql_testdb_connect(db);
	struct catalog *live, *desired = catalog_new(SQL_MYSQL);
	struct changeset *cs = NULL;
	struct sd_error err = { 0 };
	struct strbuf sql = STRBUF_INIT;

	mysql_testdb_exec(h, events_sql);
	cr_assert_eq(mysql_load_desired_text(desired, "d.sql", desired_sql,
					     &err), 0, "%s", err.msg);
	live = introspect(c, NULL);
	cr_assert_eq(diff_catalogs(live, desired, &cs, &err), 0, "%s",
		     err.msg);
	emit_changeset(cs, &sql);
	changeset_free(cs);
	cr_expect(strstr(sql.buf, "DROP EVENT `once`;\n"), "%s", sql.buf);
	cr_expect(strstr(sql.buf, "DROP EVENT `hourly`;\n"), "%s", sql.buf);
	cr_expect(strstr(sql.buf, "ALTER EVENT `daily` ON SCHEDULE EVERY 2 "
			 "HOUR ON COMPLETION PRESERVE DISABLE COMMENT '' DO "
			 "BEGIN\n"), "%s", sql.buf);
	cr_expect(!strstr(sql.buf, "`compound`"), "%s", sql.buf);
	mysql_testdb_exec(h, sql.buf);
	catalog_free(live);
	live = introspect(c, NULL);
	cr_assert_eq(diff_catalogs(live, desired, &cs, &err), 0, "%s",
		     err.msg);
	if (!changeset_empty(cs)) {
		struct strbuf d = STRBUF_INIT;
		changeset_describe(cs, &d);
		cr_expect_fail("after the migration:\n%s", d.buf);
		strbuf_release(&d);
	}
	changeset_free(cs);
	strbuf_release(&sql);
	catalog_free(live);
	catalog_free(desired);
	mysql_close(h);
	c->drv->close(c);
}

/* Simple views as users write them: the parser writes the text the
 * server keeps (mysql_view.c), so the database read back equals the
 * files without a scratch database; views it does not rewrite read back
 * different (they go through the scratch database), which the second
 * half checks so that the first half is not passing by accident. */
static const char simple_views_sql[] =
	"CREATE TABLE t (id int, a int, b varchar(10), c int);\n"
	"CREATE VIEW v1 AS SELECT * FROM t;\n"
	"CREATE VIEW v2 AS SELECT id, a x FROM t AS q WHERE id > 10 AND "
	"b = 'x' ORDER BY a DESC LIMIT 5;\n"
	"CREATE VIEW v3 AS SELECT t.id FROM t WHERE a = 1 OR b = \"y\" AND "
	"c IS NOT NULL;\n"
	"CREATE VIEW v4 (p, q) AS SELECT ID, t.A FROM t ORDER BY a ASC, b "
	"LIMIT 2, 3;\n"
	"CREATE VIEW v5 AS SELECT x.* FROM t x WHERE x.a = 'q' OR a <= -2.5 "
	"AND a >= 1.50;\n"
	"CREATE VIEW v6 AS SELECT DISTINCT a FROM t WHERE b LIKE 'a%' AND a "
	"BETWEEN 1 AND 3 AND c != 2 AND b IS NULL;\n";

Test(mysql_driver, simple_views_read_back_as_parsed)
{
	const char *db;
	struct sd_conn *c = fresh("sv", NULL, &db, NULL);
	MYSQL *h = mysql_testdb_connect(db);
	struct catalog *live, *parsed = catalog_new(SQL_MYSQL);
	struct vec views = VEC_INIT;
	struct sd_error err = { 0 };

	mysql_testdb_exec(h, simple_views_sql);
	live = introspect(c, NULL);
	cr_assert_eq(mysql_load_desired_text(parsed, "sv.sql",
					     simple_views_sql, &err), 0,
		     "%d:%d: %s", err.line, err.col, err.msg);
	catalog_list(parsed, SD_VIEW, &views);
	cr_expect_eq(views.len, 6);
	for (size_t i = 0; i < views.len; i++) {
		const struct sd_view *p = views.items[i];
		const struct sd_view *l = catalog_find(live, SD_VIEW, NULL,
						       p->base.name);
		cr_assert_not_null(l, "%s", p->base.name);
		str_is(p->query, l->query, p->base.name);
		cr_expect_eq(p->ncolumns, 0, "%s", p->base.name);
	}
	vec_release(&views);
	catalog_free(live);
	catalog_free(parsed);

	/* a function in the select list: not rewritten, and different */
	mysql_testdb_exec(h, "CREATE VIEW w AS SELECT count(*) FROM t");
	live = introspect(c, NULL);
	parsed = catalog_new(SQL_MYSQL);
	cr_assert_eq(mysql_load_desired_text(parsed, "w.sql",
		"CREATE TABLE t (id int, a int, b varchar(10), c int);\n"
		"CREATE VIEW w AS SELECT count(*) FROM t;\n", &err), 0, "%s",
		     err.msg);
	str_is(((struct sd_view *)catalog_find(parsed, SD_VIEW, NULL, "w"))
		       ->query, "select count(*) from `t`", "w parsed");
	str_is(((struct sd_view *)catalog_find(live, SD_VIEW, NULL, "w"))
		       ->query, "select count(0) AS `count(*)` from `t`",
	       "w live");
	catalog_free(live);
	catalog_free(parsed);
	mysql_close(h);
	c->drv->close(c);
}

/*
 * Issue #20: foreign key rules were looked up in a map keyed by a reused
 * buffer; once "table\037fk" outgrew it (names of growing length, most
 * over 64 characters) earlier keys pointed at freed memory and, on a
 * database of some thousand tables, most rules came back as RESTRICT.
 * 1,100 tables, each with a foreign key, the names from 8 to 64
 * characters: every rule is read back, and the database diffs empty
 * against the very SQL it was loaded from.
 */
#define MANY_TABLES 1100

Test(mysql_driver, many_tables_long_fk_names_read_back, .timeout = 600)
{
	const char *db;
	struct sd_conn *c = fresh("fkmany",
				  "CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
				  &db, NULL);
	MYSQL *h = mysql_testdb_connect(db);
	struct strbuf sql = STRBUF_INIT;
	struct catalog *live, *parsed = catalog_new(SQL_MYSQL);
	struct changeset *cs = NULL;
	struct vec tables = VEC_INIT;
	struct sd_error err = { 0 };
	size_t nfk = 0, ncascade = 0, nsetnull = 0, nlong = 0;

	strbuf_addstr(&sql, "CREATE TABLE parent_table_with_a_long_name (\n"
			    "  id int NOT NULL,\n  PRIMARY KEY (id)\n"
			    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
			    " COLLATE=utf8mb4_general_ci;\n");
	for (int i = 0; i < MANY_TABLES; i++) {
		const char *upd = i % 2 ? "CASCADE" : "SET NULL";
		strbuf_addf(&sql,
			    "CREATE TABLE child_table_with_a_longer_name_%04d (\n"
			    "  id int NOT NULL,\n  parent_id int DEFAULT NULL,\n"
			    "  PRIMARY KEY (id),\n"
			    "  KEY fk_idx_%04d (parent_id),\n"
			    "  CONSTRAINT fk_%04d_%.*s"
			    " FOREIGN KEY (parent_id) REFERENCES parent_table_with_a_long_name (id)"
			    " ON DELETE CASCADE ON UPDATE %s\n"
			    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
			    " COLLATE=utf8mb4_general_ci;\n",
			    i, i, i, i % 57,
			    "references_parent_table_with_a_long_name_and_more_words",
			    upd);
	}
	/* one round trip per 100 tables keeps the load quick */
	{
		const char *p = sql.buf;
		for (int i = 0; *p; i++) {
			const char *end = p;
			for (int k = 0; k < 100 && *end; k++) {
				const char *semi = strstr(end, ";\n");
				end = semi ? semi + 2 : end + strlen(end);
			}
			char *chunk = strndup(p, (size_t)(end - p));
			mysql_testdb_exec(h, chunk);
			free(chunk);
			p = end;
		}
	}
	live = introspect(c, NULL);
	catalog_list(live, SD_TABLE, &tables);
	cr_assert_eq(tables.len, MANY_TABLES + 1);
	for (size_t i = 0; i < tables.len; i++) {
		const struct sd_table *t = tables.items[i];
		for (size_t k = 0; k < t->nconstraints; k++) {
			const struct sd_constraint *fk = &t->constraints[k];
			if (fk->type != SD_CON_FOREIGN)
				continue;
			nfk++;
			nlong += strlen(t->base.name) + strlen(fk->name) > 64;
			ncascade += fk->on_delete == SD_FK_CASCADE;
			nsetnull += fk->on_update == SD_FK_SET_NULL;
		}
	}
	cr_assert_eq(nfk, MANY_TABLES);
	cr_assert_gt(nlong, MANY_TABLES / 2);
	cr_assert_eq(ncascade, MANY_TABLES, "%zu of %d ON DELETE CASCADE read back",
		     ncascade, MANY_TABLES);
	cr_assert_eq(nsetnull, MANY_TABLES / 2);
	cr_assert_eq(mysql_load_desired_text(parsed, "many.sql", sql.buf, &err), 0,
		     "%d:%d: %s", err.line, err.col, err.msg);
	cr_assert_eq(diff_catalogs(live, parsed, &cs, &err), 0, "%s", err.msg);
	if (!changeset_empty(cs)) {
		struct strbuf d = STRBUF_INIT;
		changeset_describe(cs, &d);
		cr_assert_fail("no-op diff is not empty:\n%.2000s", d.buf);
	}
	changeset_free(cs);
	vec_release(&tables);
	catalog_free(live);
	catalog_free(parsed);
	strbuf_release(&sql);
	mysql_close(h);
	c->drv->close(c);
}

/* The server's flavor and version from VERSION(), and the catalog
 * queries each server has (issue 12: MySQL 8's information_schema differs
 * from MariaDB's). No server needed: the selection is checked here, the
 * MariaDB queries on a server by the tests above. */
Test(mysql_queries, server_target_from_version_text)
{
	struct {
		const char *text;
		enum sd_mysql_flavor flavor;
		long version;
	} cases[] = {
		{ "10.11.19-MariaDB-0+deb12u1", SD_FLAVOR_MARIADB, 101119 },
		{ "5.5.5-10.6.16-MariaDB-log", SD_FLAVOR_MARIADB, 100616 },
		{ "11.4.2-MariaDB", SD_FLAVOR_MARIADB, 110402 },
		{ "8.0.36", SD_FLAVOR_MYSQL, 80036 },
		{ "8.4.0-commercial", SD_FLAVOR_MYSQL, 80400 },
		{ "5.7.44-log", SD_FLAVOR_MYSQL, 50744 },
		{ "", SD_FLAVOR_MYSQL, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct sd_mysql_target t;

		mysd_server_target(cases[i].text, &t);
		cr_expect_eq(t.flavor, cases[i].flavor, "%s", cases[i].text);
		cr_expect_eq(t.version, cases[i].version, "%s: %ld",
			     cases[i].text, t.version);
	}
}

Test(mysql_queries, catalog_queries_by_server)
{
	struct sd_mysql_target mariadb = { SD_FLAVOR_MARIADB, 101119 };
	struct sd_mysql_target my84 = { SD_FLAVOR_MYSQL, 80400 };
	struct sd_mysql_target my8016 = { SD_FLAVOR_MYSQL, 80016 };
	struct sd_mysql_target my8015 = { SD_FLAVOR_MYSQL, 80015 };
	struct sd_mysql_target my8012 = { SD_FLAVOR_MYSQL, 80012 };
	const char *q;

	/* MariaDB: CHECK_CONSTRAINTS has TABLE_NAME and LEVEL; no
	 * functional key parts */
	q = mysd_catalog_query(&mariadb, MYSD_Q_CHECKS);
	cr_expect(strstr(q, "LEVEL") && !strstr(q, "TABLE_CONSTRAINTS"),
		  "%s", q);
	q = mysd_catalog_query(&mariadb, MYSD_Q_INDEXES);
	cr_expect(!strstr(q, "EXPRESSION") && strstr(q, "STATISTICS"),
		  "%s", q);
	/* MySQL 8.0.16 and later: the table of a check from
	 * TABLE_CONSTRAINTS */
	for (int k = 0; k < 2; k++) {
		q = mysd_catalog_query(k ? &my8016 : &my84, MYSD_Q_CHECKS);
		cr_expect(strstr(q, "JOIN information_schema.TABLE_CONSTRAINTS")
			  && strstr(q, "CONSTRAINT_TYPE = 'CHECK'") &&
			  !strstr(q, "LEVEL"), "%s", q);
	}
	/* MySQL before 8.0.16: no checks to read */
	q = mysd_catalog_query(&my8015, MYSD_Q_CHECKS);
	cr_expect(!strstr(q, "CHECK_CONSTRAINTS") && strstr(q, "WHERE FALSE"),
		  "%s", q);
	/* functional key parts from 8.0.13 on */
	q = mysd_catalog_query(&my84, MYSD_Q_INDEXES);
	cr_expect(strstr(q, "EXPRESSION"), "%s", q);
	q = mysd_catalog_query(&my8012, MYSD_Q_INDEXES);
	cr_expect(!strstr(q, "EXPRESSION"), "%s", q);
}

/* The database's default character set and collation are read (issue 12),
 * and a table created there without its own character set compares equal
 * to the file that wrote it without one: diff resolves it against the
 * live database's default. */
Test(mysql_driver, introspect_database_default_charset)
{
	const char *db;
	struct sd_conn *c = fresh("dbcs", "CHARACTER SET utf8mb4 "
				  "COLLATE utf8mb4_unicode_ci", &db, NULL);
	MYSQL *h = mysql_testdb_connect(db);
	struct catalog *live, *file = catalog_new(SQL_MYSQL);
	struct changeset *cs = NULL;
	struct sd_error err = { 0 };
	const struct sd_table *t;
	unsigned nq = 0;
	static const char sql[] =
		"CREATE TABLE t (id int PRIMARY KEY, name varchar(20), "
		"code char(2) BINARY)";

	mysql_testdb_exec(h, sql);
	live = introspect(c, &nq);
	str_is(live->mysql_db_charset, "utf8mb4", "database charset");
	str_is(live->mysql_db_collation, "utf8mb4_unicode_ci",
	       "database collation");
	t = catalog_find(live, SD_TABLE, NULL, "t");
	cr_assert(t);
	str_is(t->charset, "utf8mb4", "t charset");
	str_is(t->collation, "utf8mb4_unicode_ci", "t collation");
	cr_assert_eq(mysql_load_desired_text(file, "t.sql", sql, &err), 0,
		     "%s", err.msg);
	cr_assert_null(file->mysql_db_charset);
	cr_assert_eq(diff_catalogs(live, file, &cs, &err), 0, "%s", err.msg);
	cr_expect_eq(cs->nchanges, 0, "live -> file: %zu changes",
		     cs->nchanges);
	changeset_free(cs);
	cs = NULL;
	cr_assert_eq(diff_catalogs(file, live, &cs, &err), 0, "%s", err.msg);
	cr_expect_eq(cs->nchanges, 0, "file -> live: %zu changes",
		     cs->nchanges);
	changeset_free(cs);
	catalog_free(file);
	catalog_free(live);
	mysql_close(h);
	c->drv->close(c);
}

/* A routine's, trigger's and event's sql_mode (issue 12): a dump's SET
 * sql_mode is what the server reads back after the emitted SQL runs, a
 * different mode live is a change, and a file that does not say agrees
 * with any. */
static const char modes_sql[] =
	"CREATE TABLE t (a int);\n"
	"/*!50003 SET @saved_sql_mode = @@sql_mode */ ;\n"
	"/*!50003 SET sql_mode = 'NO_ENGINE_SUBSTITUTION,ANSI_QUOTES' */ ;\n"
	"DELIMITER ;;\n"
	"CREATE PROCEDURE p() BEGIN SELECT 1; END ;;\n"
	"CREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1 ;;\n"
	"CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1 ;;\n"
	"DELIMITER ;\n"
	"/*!50003 SET sql_mode = @saved_sql_mode */ ;\n"
	"CREATE FUNCTION f() RETURNS int RETURN 1;\n";

static struct changeset *diff_of(const struct catalog *a,
				 const struct catalog *b)
{
	struct changeset *cs = NULL;
	struct sd_error err = { 0 };

	cr_assert_eq(diff_catalogs(a, b, &cs, &err), 0, "%s", err.msg);
	return cs;
}

Test(mysql_driver, sql_mode_of_routines_round_trip)
{
	const char *db;
	struct sd_conn *c = fresh("mode", NULL, &db, NULL);
	MYSQL *h = mysql_testdb_connect(db);
	struct catalog *live, *file = catalog_new(SQL_MYSQL);
	struct catalog *empty = catalog_new(SQL_MYSQL), *other;
	struct changeset *cs;
	struct strbuf sql = STRBUF_INIT;
	struct sd_error err = { 0 };
	const struct sd_function *f;
	const struct sd_trigger *tg;
	const struct sd_event *e;
	unsigned nq = 0;
	const char *want = "ANSI_QUOTES,NO_ENGINE_SUBSTITUTION";

	cr_assert_eq(mysql_load_desired_text(file, "d.sql", modes_sql, &err),
		     0, "%s", err.msg);
	cs = diff_of(empty, file);
	emit_changeset(cs, &sql);
	changeset_free(cs);
	mysql_testdb_exec(h, sql.buf);
	live = introspect(c, &nq);
	f = catalog_find(live, SD_FUNCTION, NULL, "p");
	tg = catalog_find(live, SD_TRIGGER, NULL, "t.tg");
	e = catalog_find(live, SD_EVENT, NULL, "e");
	cr_assert(f && tg && e);
	str_is(f->sql_mode, want, "procedure's mode");
	str_is(tg->sql_mode, want, "trigger's mode");
	str_is(e->sql_mode, want, "event's mode");
	/* restored after: f was created with the session's own */
	f = catalog_find(live, SD_FUNCTION, NULL, "f");
	cr_assert(f && f->sql_mode);
	cr_expect_str_neq(f->sql_mode, want);
	cs = diff_of(live, file);
	cr_expect_eq(cs->nchanges, 0, "live -> file: %zu changes",
		     cs->nchanges);
	changeset_free(cs);
	/* the same file with another mode: the three are changed */
	other = catalog_new(SQL_MYSQL);
	strbuf_reset(&sql);
	{
		const char *m = strstr(modes_sql, "ANSI_QUOTES");
		cr_assert(m);
		strbuf_add(&sql, modes_sql, (size_t)(m - modes_sql));
		strbuf_addstr(&sql, "PIPES_AS_CONCAT");
		strbuf_addstr(&sql, m + strlen("ANSI_QUOTES"));
	}
	cr_assert_eq(mysql_load_desired_text(other, "d.sql", sql.buf, &err),
		     0, "%s", err.msg);
	cs = diff_of(live, other);
	strbuf_reset(&sql);
	changeset_describe(cs, &sql);
	/* a trigger is dropped and created again */
	cr_expect_str_eq(sql.buf, "drop trigger \"t.tg\"\n"
			 "replace function p\n"
			 "create trigger \"t.tg\"\n"
			 "alter event e\n");
	/* and run, they read back with the new mode: nothing left */
	strbuf_reset(&sql);
	emit_changeset(cs, &sql);
	changeset_free(cs);
	mysql_testdb_exec(h, sql.buf);
	catalog_free(live);
	live = introspect(c, &nq);
	cs = diff_of(live, other);
	strbuf_reset(&sql);
	changeset_describe(cs, &sql);
	cr_expect_str_eq(sql.buf, "", "after the migration:\n%s", sql.buf);
	f = catalog_find(live, SD_FUNCTION, NULL, "p");
	e = catalog_find(live, SD_EVENT, NULL, "e");
	cr_assert(f && e);
	str_is(f->sql_mode, "NO_ENGINE_SUBSTITUTION,PIPES_AS_CONCAT",
	       "procedure's new mode");
	str_is(e->sql_mode, "NO_ENGINE_SUBSTITUTION,PIPES_AS_CONCAT",
	       "event's new mode (ALTER EVENT)");
	changeset_free(cs);
	catalog_free(other);
	strbuf_release(&sql);
	catalog_free(live);
	catalog_free(file);
	catalog_free(empty);
	mysql_close(h);
	c->drv->close(c);
}

/* Table options kept as key=value (issue 12): what the parser keeps of a
 * file is what introspection reads of the table the emitted SQL made, and
 * a changed option is planned, run, and reads back. */
static const char table_options_sql[] =
	"CREATE TABLE a (x int) KEY_BLOCK_SIZE=8 STATS_PERSISTENT=1 "
	"STATS_AUTO_RECALC=DEFAULT stats_sample_pages=20 PACK_KEYS=0 "
	"CHECKSUM=1 MAX_ROWS=100 MIN_ROWS=2 AVG_ROW_LENGTH=10 "
	"DELAY_KEY_WRITE=1 AUTO_INCREMENT=5;\n"
	"CREATE TABLE b (x int) ENGINE=InnoDB PAGE_COMPRESSED=1 "
	"PAGE_COMPRESSION_LEVEL=3;\n"
	"CREATE TABLE c (x int) ENGINE=Aria TRANSACTIONAL=1 PAGE_CHECKSUM=1;\n";

Test(mysql_driver, table_options_round_trip)
{
	const char *db;
	struct sd_conn *c = fresh("topt", NULL, &db, NULL);
	MYSQL *h = mysql_testdb_connect(db);
	struct catalog *live, *file = catalog_new(SQL_MYSQL);
	struct catalog *empty = catalog_new(SQL_MYSQL);
	struct catalog *other = catalog_new(SQL_MYSQL);
	struct changeset *cs;
	struct strbuf sql = STRBUF_INIT;
	struct sd_error err = { 0 };
	const struct sd_table *t;
	unsigned nq = 0;

	cr_assert_eq(mysql_load_desired_text(file, "d.sql", table_options_sql,
					     &err), 0, "%s", err.msg);
	t = catalog_find(file, SD_TABLE, NULL, "a");
	cr_assert(t);
	str_is(t->options, "AVG_ROW_LENGTH=10 CHECKSUM=1 DELAY_KEY_WRITE=1 "
	       "KEY_BLOCK_SIZE=8 MAX_ROWS=100 MIN_ROWS=2 PACK_KEYS=0 "
	       "STATS_PERSISTENT=1 STATS_SAMPLE_PAGES=20", "parsed options");
	cs = diff_of(empty, file);
	emit_changeset(cs, &sql);
	changeset_free(cs);
	mysql_testdb_exec(h, sql.buf);
	live = introspect(c, &nq);
	t = catalog_find(live, SD_TABLE, NULL, "b");
	cr_assert(t);
	str_is(t->options, "PAGE_COMPRESSED=1 PAGE_COMPRESSION_LEVEL=3",
	       "engine-defined options read back");
	cs = diff_of(live, file);
	strbuf_reset(&sql);
	changeset_describe(cs, &sql);
	cr_expect_str_eq(sql.buf, "", "live -> file:\n%s", sql.buf);
	changeset_free(cs);
	/* one option changed, one dropped: planned, run, read back */
	strbuf_reset(&sql);
	strbuf_addstr(&sql, table_options_sql);
	{
		char *k = strstr(sql.buf, "KEY_BLOCK_SIZE=8 ");
		char *pk = strstr(sql.buf, "PACK_KEYS=0");
		cr_assert(k && pk);
		memset(k, ' ', strlen("KEY_BLOCK_SIZE=8"));
		pk[strlen("PACK_KEYS=")] = '1';
	}
	cr_assert_eq(mysql_load_desired_text(other, "e.sql", sql.buf, &err),
		     0, "%s", err.msg);
	cs = diff_of(live, other);
	strbuf_reset(&sql);
	emit_changeset(cs, &sql);
	changeset_free(cs);
	cr_expect(strstr(sql.buf, "KEY_BLOCK_SIZE=0") &&
		  strstr(sql.buf, "PACK_KEYS=1"), "%s", sql.buf);
	mysql_testdb_exec(h, sql.buf);
	catalog_free(live);
	live = introspect(c, &nq);
	cs = diff_of(live, other);
	strbuf_reset(&sql);
	changeset_describe(cs, &sql);
	cr_expect_str_eq(sql.buf, "", "after the migration:\n%s", sql.buf);
	changeset_free(cs);
	strbuf_release(&sql);
	catalog_free(other);
	catalog_free(live);
	catalog_free(file);
	catalog_free(empty);
	mysql_close(h);
	c->drv->close(c);
}
