/*
 * tests/lib/mysql_testdb.c: scaffolding for the tests that need a live
 * MariaDB / MySQL server (see mysql_testdb.h).
 *
 * Memory: dbs[] holds the names and connections of the test databases
 * this process made, until mysql_testdb_drop_all(); every result is freed
 * at once.
 */
#include <criterion/criterion.h>
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/lib/mysql_testdb.h"
#include "util/strbuf.h"

#include "util/banned.h"

#define MAX_DBS 8

static struct {
	char name[64];
	MYSQL *h;
} dbs[MAX_DBS];
static int ndbs;

const char *mysql_testdb_url(void)
{
	const char *url = getenv("SD_TEST_MYSQL_URL");

	if (!url || !*url)
		cr_assert_fail("SD_TEST_MYSQL_URL is not set: these tests need a "
			       "MariaDB server; run them under "
			       "tests/harness/with-mariadb.sh");
	return url;
}

void mysql_testdb_db_url(const char *db, struct strbuf *out)
{
	const char *base = mysql_testdb_url();

	strbuf_addstr(out, base);
	if (!out->len || out->buf[out->len - 1] != '/')
		strbuf_addch(out, '/');
	strbuf_addstr(out, db);
}

/* user, host and port of the harness's URL, mysql://user@host:port/ */
static void url_parts(char *user, char *host, unsigned *port)
{
	const char *url = mysql_testdb_url();

	*port = 0;
	cr_assert(sscanf(url, "mysql://%63[^@]@%63[^:/]:%u", user, host, port) >= 2,
		  "SD_TEST_MYSQL_URL: cannot read %s as mysql://user@host:port/", url);
}

MYSQL *mysql_testdb_connect(const char *db)
{
	char user[64], host[64];
	unsigned port;
	MYSQL *h = mysql_init(NULL);

	url_parts(user, host, &port);
	cr_assert_not_null(h);
	mysql_options(h, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	cr_assert_not_null(mysql_real_connect(h, host, user, NULL, db, port,
					      NULL, CLIENT_MULTI_STATEMENTS),
			   "cannot connect: %s", mysql_error(h));
	return h;
}

int mysql_testdb_exec_sql(MYSQL *h, const char *sql, char *msg, size_t size)
{
	int more;

	if (mysql_real_query(h, sql, strlen(sql)))
		goto fail;
	do {
		MYSQL_RES *res = mysql_store_result(h);

		if (res)
			mysql_free_result(res);
		else if (mysql_field_count(h))
			goto fail;
		more = mysql_next_result(h);
		if (more > 0)
			goto fail;
	} while (more == 0);
	return 0;
fail:
	snprintf(msg, size, "ERROR %u: %s", mysql_errno(h), mysql_error(h));
	return -1;
}

void mysql_testdb_exec(MYSQL *h, const char *sql)
{
	char msg[2048];

	if (mysql_testdb_exec_sql(h, sql, msg, sizeof(msg)))
		cr_assert_fail("SQL failed: %s\n--- SQL ---\n%.4000s", msg, sql);
}

char *mysql_testdb_value(MYSQL *h, const char *sql)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	char *v = NULL;

	cr_assert(!mysql_real_query(h, sql, strlen(sql)), "%s: %s", sql,
		  mysql_error(h));
	res = mysql_store_result(h);
	cr_assert_not_null(res, "%s: no result: %s", sql, mysql_error(h));
	row = mysql_fetch_row(res);
	if (row && row[0]) {
		v = strdup(row[0]);
		cr_assert_not_null(v);
	}
	mysql_free_result(res);
	return v;
}

MYSQL *mysql_testdb_create(const char *prefix, const char *tag,
			   const char *options, const char **name)
{
	struct strbuf sql = STRBUF_INIT;
	MYSQL *admin;
	int i = ndbs;

	cr_assert(ndbs < MAX_DBS);
	snprintf(dbs[i].name, sizeof(dbs[i].name), "%s_%ld_%s", prefix,
		 (long)getpid(), tag);
	admin = mysql_testdb_connect(NULL);
	strbuf_addf(&sql, "DROP DATABASE IF EXISTS `%s`; CREATE DATABASE `%s` %s",
		    dbs[i].name, dbs[i].name, options ? options : "");
	mysql_testdb_exec(admin, sql.buf);
	mysql_close(admin);
	strbuf_release(&sql);
	ndbs++;
	dbs[i].h = mysql_testdb_connect(dbs[i].name);
	if (name)
		*name = dbs[i].name;
	return dbs[i].h;
}

void mysql_testdb_drop_all(void)
{
	char user[64], host[64];
	unsigned port = 0;
	const char *url = getenv("SD_TEST_MYSQL_URL");
	MYSQL *admin;

	for (int i = 0; i < ndbs; i++) {
		if (dbs[i].h)
			mysql_close(dbs[i].h);
		dbs[i].h = NULL;
	}
	if (!ndbs || !url ||
	    sscanf(url, "mysql://%63[^@]@%63[^:/]:%u", user, host, &port) < 2) {
		ndbs = 0;
		return;
	}
	admin = mysql_init(NULL);
	if (admin && mysql_real_connect(admin, host, user, NULL, NULL, port,
					NULL, 0)) {
		for (int i = 0; i < ndbs; i++) {
			struct strbuf sql = STRBUF_INIT;

			strbuf_addf(&sql, "DROP DATABASE IF EXISTS `%s`",
				    dbs[i].name);
			mysql_real_query(admin, sql.buf, sql.len);
			strbuf_release(&sql);
		}
	}
	if (admin)
		mysql_close(admin);
	ndbs = 0;
}
