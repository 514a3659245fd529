/*
 * tests/drivers/test_pg_driver.c: the driver layer against a real
 * PostgreSQL server: choosing a driver, password redaction, connect errors,
 * exec and server messages, transactions, the deploy lock from two
 * sessions (with a timeout), and the history table round trip.
 *
 * Needs a server: run under tests/harness/with-pg.sh (make check does),
 * which exports SD_TEST_PG_URL. Without it the server tests FAIL, saying
 * so; they never pass silently. Each test works in a database of its own.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/driver.h"
#include "parser/spec/spec.h"
#include "util/strbuf.h"
#include "tests/lib/pg_testdb.h"

#include "util/banned.h"

/* A fresh database named for the test; *url_out gets its URL. */
static struct sd_conn *fresh_db(const char *name, struct strbuf *url_out)
{
	struct sd_conn *admin = NULL, *c = NULL;
	struct sd_error err = { 0 };
	struct strbuf sql = STRBUF_INIT;
	const char *base = testdb_url();
	const char *slash = strrchr(base, '/');

	cr_assert_eq(sd_driver_connect(base, &admin, &err), 0, "%s", err.msg);
	strbuf_addf(&sql, "DROP DATABASE IF EXISTS %s", name);
	cr_assert_eq(admin->drv->exec(admin, sql.buf, NULL, &err), 0, "%s", err.msg);
	strbuf_reset(&sql);
	strbuf_addf(&sql, "CREATE DATABASE %s", name);
	cr_assert_eq(admin->drv->exec(admin, sql.buf, NULL, &err), 0, "%s", err.msg);
	admin->drv->close(admin);
	strbuf_add(url_out, base, (size_t)(slash + 1 - base));
	strbuf_addstr(url_out, name);
	cr_assert_eq(sd_driver_connect(url_out->buf, &c, &err), 0, "%s", err.msg);
	strbuf_release(&sql);
	return c;
}

static void redacts(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	sd_redact_url(in, &sb);
	cr_expect_str_eq(sb.buf, want, "redact(%s)", in);
	strbuf_release(&sb);
}

Test(redact, urls_and_conninfo)
{
	redacts("postgres://app:s3cret@db.example:5433/prod",
		"postgres://app:***@db.example:5433/prod");
	redacts("postgresql://app@db/prod", "postgresql://app@db/prod");
	redacts("postgres://app:p@ss@db/prod", "postgres://app:***@db/prod");
	redacts("postgres://db/prod?user=app&password=x1&sslmode=require",
		"postgres://db/prod?user=app&password=***&sslmode=require");
	redacts("postgres://a:b@h/d?password=c", "postgres://a:***@h/d?password=***");
	redacts("mysql://root:pw@localhost/app", "mysql://root:***@localhost/app");
	redacts("host=db dbname=app password=s3cret user=me",
		"host=db dbname=app password=*** user=me");
	redacts("host=db password = 'se cret\\' x' dbname=app",
		"host=db password=*** dbname=app");
	redacts("password=abc", "password=***");
	redacts("host=db passwordx=1", "host=db passwordx=1");
	redacts("", "(environment)");
	redacts(NULL, "(environment)");
}

Test(redact, text)
{
	struct strbuf sb = STRBUF_INIT;

	sd_redact_text("bad uri postgres://u:pw@h and pw again", "pw", &sb);
	cr_expect_str_eq(sb.buf, "bad uri postgres://u:***@h and *** again");
	strbuf_reset(&sb);
	sd_redact_text("plain", NULL, &sb);
	cr_expect_str_eq(sb.buf, "plain");
	strbuf_release(&sb);
}

Test(driver, choice)
{
	const struct sd_driver *d = NULL;
	struct sd_error err = { 0 };

	cr_expect_eq(sd_driver_for_url("postgres://h/d", &d, &err), 0);
	cr_expect_eq(d, &sd_driver_pg);
	cr_expect_eq(sd_driver_for_url("POSTGRESQL://h/d", &d, &err), 0);
	cr_expect_eq(sd_driver_for_url("host=x dbname=y", &d, &err), 0);
	cr_expect_eq(d, &sd_driver_pg);
	cr_expect_eq(sd_driver_for_url("", &d, &err), 0);
	cr_expect_neq(sd_driver_pg.introspect, NULL);
	cr_expect_neq(sd_driver_pg.scratch_create, NULL);
	cr_expect_neq(sd_driver_pg.search_path, NULL);
	cr_expect_eq(sd_driver_for_url("mysql://root:pw@h/d", &d, &err), 0);
	cr_expect_eq(d, &sd_driver_mysql);
	cr_expect_eq(sd_driver_for_url("mariadb://root:pw@h/d", &d, &err), 0);
	cr_expect_eq(d, &sd_driver_mysql);
	cr_expect_eq(sd_driver_for_url("oracle://h/d", &d, &err), SD_ERR);
}

Test(driver, lock_key_is_stable)
{
	/* Documented in README: FNV-1a 64 of "schemadiff:" + name. Two runs
	 * of different versions must agree, so the value is pinned. */
	cr_expect_eq(sd_lock_key("app"), sd_lock_key("app"));
	cr_expect_neq(sd_lock_key("app"), sd_lock_key("app2"));
	cr_expect_eq(sd_lock_key("app"), 8951479316066447956LL);	/* 0x7c3a0b02d065b254 */
}

Test(pg, connect_errors_are_redacted)
{
	struct sd_conn *c = NULL;
	struct sd_error err = { 0 };

	(void)testdb_url();
	cr_assert_neq(sd_driver_connect("postgres://u:topsecret@127.0.0.1:1/x",
					&c, &err), 0);
	cr_expect_null(c);
	cr_expect_eq(err.code, SD_ERR_DB);
	cr_expect(strstr(err.msg, "cannot connect to postgres://u:***@127.0.0.1:1/x"),
		  "%s", err.msg);
	cr_expect(!strstr(err.msg, "topsecret"), "%s", err.msg);
	cr_assert_neq(sd_driver_connect("host=127.0.0.1 port=1 password=topsecret",
					&c, &err), 0);
	cr_expect(strstr(err.msg, "password=***"), "%s", err.msg);
	cr_expect(!strstr(err.msg, "topsecret"), "%s", err.msg);
	cr_assert_neq(sd_driver_connect("postgres://u:topsecret@[bad/x", &c, &err), 0);
	cr_expect(!strstr(err.msg, "topsecret"), "%s", err.msg);
}

Test(pg, exec_and_server_messages)
{
	struct strbuf url = STRBUF_INIT, ver = STRBUF_INIT;
	struct sd_conn *c = fresh_db("sd_t_exec", &url);
	struct sd_error err = { 0 };
	int pos = -1, num = 0;

	cr_expect_eq(c->drv->exec(c, "CREATE TABLE t (x int)", &pos, &err), 0);
	cr_expect_eq(c->drv->exec(c, "INSERT INTO t VALUES (-1)", &pos, &err), 0);
	cr_expect_eq(c->drv->exec(c, "SELECT * FROM t", &pos, &err), 0);
	cr_expect_eq(c->drv->exec(c, "ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0)",
				  &pos, &err), SD_ERR_DB);
	cr_expect(strstr(err.msg, "violated by some row"), "%s", err.msg);
	cr_expect_eq(c->drv->exec(c, "SELECT nope FROM t", &pos, &err), SD_ERR_DB);
	cr_expect(strstr(err.msg, "column \"nope\" does not exist"), "%s", err.msg);
	cr_expect_eq(pos, 8);
	cr_expect_eq(c->drv->exec(c, "CREATE TABLE u (a int PRIMARY KEY)", NULL, &err), 0);
	cr_expect_eq(c->drv->exec(c, "INSERT INTO u VALUES (1), (1)", NULL, &err), SD_ERR_DB);
	cr_expect(strstr(err.msg, "\ndetail: Key (a)=(1) already exists."), "%s", err.msg);
	cr_expect_eq(c->drv->exec(c, "COPY t FROM STDIN", NULL, &err), SD_ERR_DB);
	cr_expect(strstr(err.msg, "not supported"), "%s", err.msg);
	cr_expect_eq(c->drv->exec(c, "SELECT 1", NULL, &err), 0, "%s", err.msg);
	cr_expect_eq(c->drv->server_version(c, &ver, &num, &err), 0);
	cr_expect(num >= 100000, "%d", num);
	cr_expect(!strncmp(ver.buf, "PostgreSQL ", 11), "%s", ver.buf);
	c->drv->close(c);
	strbuf_release(&url);
	strbuf_release(&ver);
}

static long long count(struct sd_conn *c, const char *table)
{
	/* exec gives no rows: count through an error-free probe table */
	struct sd_error err = { 0 };
	struct strbuf sql = STRBUF_INIT;
	long long n;

	for (n = 0; n < 100; n++) {
		strbuf_reset(&sql);
		strbuf_addf(&sql, "DO $$ BEGIN IF (SELECT count(*) FROM %s) <> %lld THEN RAISE EXCEPTION 'no'; END IF; END $$",
			    table, n);
		if (!c->drv->exec(c, sql.buf, NULL, &err))
			break;
	}
	strbuf_release(&sql);
	return n;
}

Test(pg, transactions)
{
	struct strbuf url = STRBUF_INIT;
	struct sd_conn *c = fresh_db("sd_t_tx", &url);
	struct sd_error err = { 0 };

	cr_assert_eq(c->drv->exec(c, "CREATE TABLE t (x int)", NULL, &err), 0);
	cr_assert_eq(c->drv->begin(c, &err), 0);
	cr_assert_eq(c->drv->exec(c, "INSERT INTO t VALUES (1)", NULL, &err), 0);
	cr_assert_eq(c->drv->rollback(c, &err), 0);
	cr_expect_eq(count(c, "t"), 0);
	cr_assert_eq(c->drv->begin(c, &err), 0);
	cr_assert_eq(c->drv->exec(c, "INSERT INTO t VALUES (1)", NULL, &err), 0);
	cr_assert_eq(c->drv->commit(c, &err), 0);
	cr_expect_eq(count(c, "t"), 1);
	/* a failed transaction does not commit */
	cr_assert_eq(c->drv->begin(c, &err), 0);
	cr_assert_eq(c->drv->exec(c, "INSERT INTO t VALUES (2)", NULL, &err), 0);
	cr_assert_neq(c->drv->exec(c, "SELECT 1/0", NULL, &err), 0);
	cr_expect_neq(c->drv->commit(c, &err), 0);
	cr_expect(strstr(err.msg, "rolled"), "%s", err.msg);
	cr_expect_eq(count(c, "t"), 1);
	/* DDL is transactional too */
	cr_assert_eq(c->drv->begin(c, &err), 0);
	cr_assert_eq(c->drv->exec(c, "CREATE TABLE gone (x int)", NULL, &err), 0);
	cr_assert_eq(c->drv->rollback(c, &err), 0);
	cr_expect_neq(c->drv->exec(c, "SELECT * FROM gone", NULL, &err), 0);
	c->drv->close(c);
	strbuf_release(&url);
}

Test(pg, lock_from_two_sessions)
{
	struct strbuf url = STRBUF_INIT;
	struct sd_conn *a = fresh_db("sd_t_lock", &url), *b = NULL;
	struct sd_error err = { 0 };

	cr_assert_eq(sd_driver_connect(url.buf, &b, &err), 0, "%s", err.msg);
	cr_assert_eq(a->drv->lock(a, "app", SD_LOCK_WAIT_FOREVER, &err), 0, "%s", err.msg);
	/* held: b cannot take it, neither at once nor within 100 ms */
	cr_expect_eq(b->drv->lock(b, "app", 0, &err), SD_ERR_CONFLICT);
	cr_expect(strstr(err.msg, "another schemadiff run holds the lock for schema \"app\""),
		  "%s", err.msg);
	cr_expect_eq(b->drv->lock(b, "app", 100, &err), SD_ERR_CONFLICT, "%s", err.msg);
	/* another name is another lock */
	cr_expect_eq(b->drv->lock(b, "other", 0, &err), 0, "%s", err.msg);
	cr_expect_eq(b->drv->unlock(b, &err), 0);
	/* the main session of a is free: the lock is on its own session */
	cr_expect_eq(a->drv->exec(a, "SELECT 1", NULL, &err), 0);
	cr_expect_eq(a->drv->unlock(a, &err), 0);
	cr_expect_eq(b->drv->lock(b, "app", 1000, &err), 0, "%s", err.msg);
	/* close releases it too */
	b->drv->close(b);
	cr_expect_eq(a->drv->lock(a, "app", 1000, &err), 0, "%s", err.msg);
	a->drv->close(a);
	strbuf_release(&url);
}

Test(pg, history_round_trip)
{
	struct strbuf url = STRBUF_INIT, ex = STRBUF_INIT;
	struct sd_conn *c = fresh_db("sd_t_hist", &url);
	struct sd_error err = { 0 };
	struct sd_history h = SD_HISTORY_INIT;
	struct sd_history_row row = { 0 };
	const char *versions[] = { "10", "2", "1.5", "3" };
	int found = -1;

	cr_assert_eq(c->drv->history_read(c, "app", &h, &err), 0, "%s", err.msg);
	cr_expect_eq(h.exists, 0);
	cr_expect_eq(h.nrows, 0);
	sd_history_release(&h);
	cr_assert_eq(c->drv->has_user_objects(c, &found, &ex, &err), 0, "%s", err.msg);
	cr_expect_eq(found, 0);

	cr_assert_eq(c->drv->history_ensure(c, &err), 0, "%s", err.msg);
	cr_assert_eq(c->drv->history_ensure(c, &err), 0, "%s", err.msg);
	/* the history schema is not a user object */
	cr_assert_eq(c->drv->has_user_objects(c, &found, &ex, &err), 0);
	cr_expect_eq(found, 0);

	row.schema_name = "app";
	row.checksum = "abc";
	row.duration_ms = 42;
	row.tool_version = "0.1.0";
	row.outcome = "applied";
	for (size_t i = 0; i < 4; i++) {
		row.version = versions[i];
		cr_assert_eq(c->drv->history_record(c, &row, &err), 0, "%s", err.msg);
	}
	row.schema_name = "other";
	row.outcome = "baseline";
	row.applied_by = "me";
	cr_assert_eq(c->drv->history_record(c, &row, &err), 0, "%s", err.msg);
	/* primary key (schema_name, version) */
	cr_expect_eq(c->drv->history_record(c, &row, &err), SD_ERR_DB);

	cr_assert_eq(c->drv->history_read(c, "app", &h, &err), 0, "%s", err.msg);
	cr_expect_eq(h.exists, 1);
	cr_assert_eq(h.nrows, 4);
	/* by value, not as text */
	cr_expect_str_eq(h.rows[0].version, "1.5");
	cr_expect_str_eq(h.rows[1].version, "2");
	cr_expect_str_eq(h.rows[2].version, "3");
	cr_expect_str_eq(h.rows[3].version, "10");
	cr_expect_str_eq(h.rows[0].checksum, "abc");
	cr_expect_eq(h.rows[0].duration_ms, 42);
	cr_expect_str_eq(h.rows[0].outcome, "applied");
	cr_expect_str_eq(h.rows[0].tool_version, "0.1.0");
	cr_expect(!strncmp(h.rows[0].applied_by, "postgres", 8), "%s", h.rows[0].applied_by);
	cr_expect(strlen(h.rows[0].applied_at) >= 20, "%s", h.rows[0].applied_at);
	cr_expect_not_null(sd_history_find(&h, "1.50"));
	cr_expect_null(sd_history_find(&h, "4"));
	sd_history_release(&h);

	cr_assert_eq(c->drv->history_read(c, "other", &h, &err), 0);
	cr_assert_eq(h.nrows, 1);
	cr_expect_str_eq(h.rows[0].applied_by, "me");
	cr_expect_str_eq(h.rows[0].outcome, "baseline");
	sd_history_release(&h);

	/* a history row in a rolled-back transaction is gone */
	cr_assert_eq(c->drv->begin(c, &err), 0);
	row.schema_name = "app";
	row.version = "11";
	row.outcome = "applied";
	cr_assert_eq(c->drv->history_record(c, &row, &err), 0, "%s", err.msg);
	cr_assert_eq(c->drv->rollback(c, &err), 0);
	cr_assert_eq(c->drv->history_read(c, "app", &h, &err), 0);
	cr_expect_eq(h.nrows, 4);
	sd_history_release(&h);

	/* user objects: a table, a type, a function each count */
	cr_assert_eq(c->drv->exec(c, "CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
				  NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(c->drv->has_user_objects(c, &found, &ex, &err), 0);
	cr_expect_eq(found, 1);
	cr_expect_str_eq(ex.buf, "function public.f");
	c->drv->close(c);
	strbuf_release(&url);
	strbuf_release(&ex);
}

/*
 * Issue #20: a password is hidden in every spelling libpq and the MariaDB
 * client accept, as a property: each secret below, planted in each form
 * (URL userinfo raw or percent-encoded, a query key in any case or
 * percent-encoded, sslpassword, conninfo bare or quoted), never appears in
 * the redacted text, and neither does its percent-encoded form; the host
 * and the parameters around it are kept.
 */
static void pct(const char *s, struct strbuf *out)
{
	for (; *s; s++) {
		if (isalnum((unsigned char)*s))
			strbuf_addch(out, *s);
		else
			strbuf_addf(out, "%%%02X", (unsigned char)*s);
	}
}

static void never_shown(const char *in, const char *secret)
{
	struct strbuf sb = STRBUF_INIT, enc = STRBUF_INIT;

	sd_redact_url(in, &sb);
	pct(secret, &enc);
	cr_assert_null(strstr(sb.buf, secret), "\"%s\" shown in %s (from %s)",
		       secret, sb.buf, in);
	cr_assert_null(strstr(sb.buf, enc.buf), "\"%s\" shown in %s", enc.buf,
		       sb.buf);
	cr_assert_not_null(strstr(sb.buf, "***"), "%s", sb.buf);
	strbuf_release(&sb);
	strbuf_release(&enc);
}

Test(redact, every_spelling_is_hidden)
{
	static const char *secrets[] = {
		"Zq9secretX", "Zq9?sec#ret/X", "Zq9@sec@retX", "Zq9:sec&ret=X",
		"Zq9 sec%ret+X", "Zq9/sec?ret#X@", "Zq9;sec'retX",
	};
	static const char *schemes[] = {
		"postgres", "postgresql", "mysql", "mariadb", "POSTGRES",
	};
	static const char *keys[] = {
		"password", "PASSWORD", "Password", "pass%77ord", "%70assword",
		"%70%61%73%73%77%6f%72%64", "sslpassword", "ssl%70assword",
		"SSLPASSWORD", "pwd", "passwd",
	};
	struct strbuf in = STRBUF_INIT, enc = STRBUF_INIT;
	size_t cases = 0;

	for (size_t s = 0; s < sizeof(secrets) / sizeof(*secrets); s++) {
		const char *pw = secrets[s];
		bool quoteless = !strpbrk(pw, " '");

		strbuf_reset(&enc);
		pct(pw, &enc);
		for (size_t c = 0; c < sizeof(schemes) / sizeof(*schemes); c++) {
			const char *sc = schemes[c];
			/* userinfo, raw and percent-encoded, with and without
			 * a port, path and query after it */
			strbuf_reset(&in);
			strbuf_addf(&in, "%s://app:%s@db.example:5433/prod?sslmode=require", sc, pw);
			never_shown(in.buf, pw);
			strbuf_reset(&in);
			strbuf_addf(&in, "%s://app:%s@db/prod", sc, enc.buf);
			never_shown(in.buf, pw);
			strbuf_reset(&in);
			strbuf_addf(&in, "%s://app:%s@[::1]", sc, pw);
			never_shown(in.buf, pw);
			cases += 3;
			for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++) {
				strbuf_reset(&in);
				strbuf_addf(&in, "%s://db/prod?user=app&%s=%s&sslmode=require",
					    sc, keys[k], enc.buf);
				never_shown(in.buf, pw);
				strbuf_reset(&in);
				strbuf_addf(&in, "%s://u:%s@db?%s=%s", sc, enc.buf,
					    keys[k], enc.buf);
				never_shown(in.buf, pw);
				if (!strchr(pw, '&')) {
					strbuf_reset(&in);
					strbuf_addf(&in, "%s://db/prod?%s=%s", sc, keys[k], pw);
					never_shown(in.buf, pw);
				}
				cases += 3;
			}
		}
		/* conninfo: bare (when it can be), quoted, spaces around = */
		for (size_t k = 0; k < 2; k++) {
			const char *key = k ? "sslpassword" : "password";
			struct strbuf q = STRBUF_INIT;

			for (const char *p = pw; *p; p++) {
				if (*p == '\'' || *p == '\\')
					strbuf_addch(&q, '\\');
				strbuf_addch(&q, *p);
			}
			if (quoteless) {
				strbuf_reset(&in);
				strbuf_addf(&in, "host=db %s=%s dbname=app", key, pw);
				never_shown(in.buf, pw);
			}
			strbuf_reset(&in);
			strbuf_addf(&in, "host=db %s = '%s' dbname=app", key, q.buf);
			never_shown(in.buf, pw);
			strbuf_reset(&in);
			strbuf_addf(&in, "%s='%s'", key, q.buf);
			never_shown(in.buf, pw);
			cases += 3;
			strbuf_release(&q);
		}
	}
	cr_assert_gt(cases, 500);
	/* what is not secret is kept */
	redacts("postgres://app:Zq9/x?y#z@db:5433/prod?sslmode=require",
		"postgres://app:***@db:5433/prod?sslmode=require");
	redacts("mysql://root:a@b/c@localhost/app", "mysql://root:***@localhost/app");
	redacts("postgres://db/prod?pass%77ord=x&sslmode=require",
		"postgres://db/prod?pass%77ord=***&sslmode=require");
	redacts("postgres://db/prod?password=a#b&x=1",
		"postgres://db/prod?password=***&x=1");
	redacts("host=db sslpassword=k dbname=app",
		"host=db sslpassword=*** dbname=app");
	strbuf_release(&in);
	strbuf_release(&enc);
}

/* Found by tests/fuzz/fuzz_url: "://" inside a conninfo value made the
 * string a URL of an unknown kind, and the message quoted everything
 * before it, password included. */
Test(redact, scheme_inside_a_conninfo_value)
{
	const struct sd_driver *d = NULL;
	struct sd_error err = { 0 };

	cr_assert_eq(sd_driver_for_url("host=db password = 'postgres://x' dbname=p",
				       &d, &err), 0, "%s", err.msg);
	cr_assert_eq(d, &sd_driver_pg);
	cr_assert_neq(sd_driver_for_url("u:Zq9secret@x://h/db", &d, &err), 0);
	cr_assert_null(strstr(err.msg, "Zq9secret"), "%s", err.msg);
	cr_assert_neq(sd_driver_for_url("oracle://u:Zq9secret@h/db", &d, &err), 0);
	cr_assert_null(strstr(err.msg, "Zq9secret"), "%s", err.msg);
	cr_assert_not_null(strstr(err.msg, "\"oracle\""), "%s", err.msg);
}
