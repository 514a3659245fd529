/*
 * drivers/pg.c: the PostgreSQL driver (libpq). Everything PostgreSQL-
 * specific about live databases lives here: connection strings, the
 * history table's SQL, the advisory lock, the catalog queries.
 *
 * Memory: a struct pg_conn (malloc'd) owns its two PGconn handles (the main
 * session and, while the deploy lock is wanted, the lock session) and
 * copies of the connection string; pg_close() frees it all. Every PGresult
 * is copied out and PQclear'd before the function that made it returns.
 * Values reach SQL only as parameters (PQexecParams); the SQL text here is
 * fixed.
 *
 * Cancel: every open session has a PGcancel in a table of slots that the
 * cancel hook (called from a signal handler) walks with PQcancel, which is
 * safe there. Statements (pg_exec) are sent asynchronously and waited for
 * with poll, so that a thread's deadline bounds them on the client side
 * too: a server that stops answering cannot hang a run.
 */
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drivers/driver.h"
#include "drivers/pg_introspect.h"
#include "util/sqlquote.h"
#include "util/strbuf.h"
#include "parser/spec/spec.h"
#include "util/banned.h"

#define PG_APP_NAME "schemadiff"
#define PG_LOCK_APP_NAME "schemadiff lock"
#define SQLSTATE_LOCK_NOT_AVAILABLE "55P03"
#define SQLSTATE_QUERY_CANCELED "57014"

struct pg_conn {
	struct sd_conn base;	/* first: sd_conn * <-> pg_conn * */
	PGconn *conn;		/* the main session */
	PGconn *lock_conn;	/* the lock session, or NULL */
	int lock_pid;		/* the lock session's backend pid */
	int cancel_slot;	/* of conn in cancel_slots, or -1 */
	int lock_cancel_slot;	/* of lock_conn, or -1 */
	char *url;		/* as given, to open the lock session */
	char *password;		/* from url, to scrub from messages; or NULL */
	char *lock_name;	/* set while the lock is held */
	int64_t lock_key;
};

static struct pg_conn *pg(struct sd_conn *c)
{
	return (struct pg_conn *)c;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d)
		abort();
	return d;
}

/* libpq's connection-level message: lines joined, trimmed, scrubbed. */
static void conn_message(const struct pg_conn *pc, PGconn *conn,
			 struct strbuf *out)
{
	struct strbuf raw = STRBUF_INIT;
	const char *p = conn ? PQerrorMessage(conn) : "out of memory";

	for (; *p; p++) {
		if (*p == '\n' || *p == '\t') {
			while (p[1] == '\n' || p[1] == '\t' || p[1] == ' ')
				p++;
			if (p[1])
				strbuf_addch(&raw, ' ');
		} else {
			strbuf_addch(&raw, *p);
		}
	}
	strbuf_rtrim(&raw);
	sd_redact_text(raw.buf, pc ? pc->password : NULL, out);
	strbuf_release(&raw);
}

/*
 * Fill err from a failed result (or, with no result fields, from the
 * connection): the server's primary message, "detail: " lines, its hint.
 * what: a prefix naming our own action ("reading the history"), or NULL.
 */
static int set_result_error(struct pg_conn *pc, PGconn *conn,
			    const PGresult *res, const char *what,
			    int *errpos, struct sd_error *err)
{
	const char *primary = NULL, *detail = NULL, *hint = NULL, *pos = NULL;
	struct strbuf msg = STRBUF_INIT;
	int ret;

	if (res) {
		primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
		hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
		pos = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
	}
	if (what)
		strbuf_addf(&msg, "%s: ", what);
	if (primary) {
		strbuf_addstr(&msg, primary);
	} else if (conn) {
		/* No fields: libpq's own text, such as "FATAL:  terminating
		 * connection due to administrator command\nserver closed the
		 * connection unexpectedly...": its first line, no severity. */
		const char *p = PQerrorMessage(conn);
		size_t n;

		if (!strncmp(p, "FATAL:  ", 8) || !strncmp(p, "ERROR:  ", 8))
			p += 8;
		n = strcspn(p, "\n");
		strbuf_add(&msg, p, n);
		if (!n)
			strbuf_addstr(&msg, "unknown error");
	} else {
		strbuf_addstr(&msg, "out of memory");
	}
	if (conn && PQstatus(conn) == CONNECTION_BAD)
		strbuf_addstr(&msg, " (the connection to the server was lost)");
	if (detail)
		strbuf_addf(&msg, "\ndetail: %s", detail);
	ret = sd_error_set(err, SD_ERR_DB, NULL, 0, 0, "%s", msg.buf);
	if (hint)
		sd_error_hint(err, "%s", hint);
	if (errpos)
		*errpos = pos ? atoi(pos) : 0;
	strbuf_release(&msg);
	return ret;
}

static int result_ok(const PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

/* Run fixed SQL with text parameters; *out gets the result on success
 * (the caller PQclears it), or NULL is allowed when the caller does not
 * want it. */
static int run(struct pg_conn *pc, PGconn *conn, const char *what,
	       const char *sql, int nparams, const char *const *params,
	       PGresult **out, struct sd_error *err)
{
	PGresult *res = PQexecParams(conn, sql, nparams, NULL, params, NULL,
				     NULL, 0);
	int ret;

	if (!res || !result_ok(res)) {
		ret = set_result_error(pc, conn, res, what, NULL, err);
		PQclear(res);
		return ret;
	}
	if (out)
		*out = res;
	else
		PQclear(res);
	return 0;
}

/* Server notices: WARNINGs go to the warning sink, the rest is dropped
 * (NOTICEs such as "already exists, skipping" are noise here). */
static void notice_receiver(void *arg, const PGresult *res)
{
	const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

	if (sev && msg && !strcmp(sev, "WARNING"))
		sd_warn(NULL, 0, 0, "server warning: %s", msg);
}

static void pg_cancel_all(void);

static void pg_cancel_hook_install(void)
{
	sd_cancel_hook(pg_cancel_all);
}

/* The sessions a cancel request reaches. */
#define PG_CANCEL_SLOTS 256
static PGcancel *cancel_slots[PG_CANCEL_SLOTS];

/* Called from a signal handler: PQcancel only (async-signal-safe). */
static void pg_cancel_all(void)
{
	char buf[256];

	for (int i = 0; i < PG_CANCEL_SLOTS; i++) {
		PGcancel *cn = __atomic_load_n(&cancel_slots[i], __ATOMIC_ACQUIRE);
		if (cn)
			PQcancel(cn, buf, sizeof(buf));
	}
}

static int cancel_register(PGconn *conn)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	PGcancel *cn = PQgetCancel(conn);

	pthread_once(&once, pg_cancel_hook_install);
	if (!cn)
		return -1;
	for (int i = 0; i < PG_CANCEL_SLOTS; i++) {
		PGcancel *none = NULL;
		if (__atomic_compare_exchange_n(&cancel_slots[i], &none, cn, 0,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return i;
	}
	PQfreeCancel(cn);	/* full: this session is not cancelled */
	return -1;
}

static void cancel_unregister(int slot)
{
	PGcancel *cn;

	if (slot < 0)
		return;
	cn = __atomic_exchange_n(&cancel_slots[slot], NULL, __ATOMIC_ACQ_REL);
	PQfreeCancel(cn);
}

static PGconn *open_session(const char *url, const char *app)
{
	/* expand_dbname: dbname may be a whole conninfo string or URL; an
	 * empty one is ignored, so PG* variables, service files and .pgpass
	 * apply as libpq applies them. connect_timeout (whole seconds, at
	 * least 2 for libpq) bounds the whole start-up, authentication
	 * included: a server that accepts and never answers. */
	char timeout[32];
	const char *const keys[] = { "dbname", "fallback_application_name",
				     "connect_timeout", NULL };
	const char *const vals[] = { url, app, timeout, NULL };
	long ms = sd_next_connect_timeout_ms();
	PGconn *conn;

	snprintf(timeout, sizeof(timeout), "%ld", ms < 2000 ? 2 : (ms + 999) / 1000);
	conn = PQconnectdbParams(keys, vals, 1);

	if (conn && PQstatus(conn) == CONNECTION_OK)
		PQsetNoticeReceiver(conn, notice_receiver, NULL);
	return conn;
}

static int connect_error(struct pg_conn *pc, PGconn *conn,
			 const char *session, struct sd_error *err)
{
	struct strbuf red = STRBUF_INIT, msg = STRBUF_INIT;
	int ret;

	sd_redact_url(pc->url, &red);
	conn_message(pc, conn, &msg);
	ret = sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
			   "cannot connect%s to %s: %s", session, red.buf,
			   msg.buf);
	if (!*pc->url)
		sd_error_hint(err, "no --url: the connection comes from the PG* environment variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGSERVICE)");
	strbuf_release(&red);
	strbuf_release(&msg);
	return ret;
}

static void pg_close(struct sd_conn *c)
{
	struct pg_conn *pc;

	if (!c)
		return;
	pc = pg(c);
	cancel_unregister(pc->cancel_slot);
	cancel_unregister(pc->lock_cancel_slot);
	if (pc->lock_conn)
		PQfinish(pc->lock_conn);	/* ends the lock with the session */
	if (pc->conn)
		PQfinish(pc->conn);
	free(pc->url);
	free(pc->password);
	free(pc->lock_name);
	free(pc);
}

static int pg_connect(const char *url, struct sd_conn **out,
		      struct sd_error *err)
{
	struct pg_conn *pc = calloc(1, sizeof(*pc));
	PQconninfoOption *opts;
	char *perr = NULL;
	int ret;

	if (!pc)
		abort();
	pc->base.drv = &sd_driver_pg;
	pc->cancel_slot = -1;
	pc->lock_cancel_slot = -1;
	pc->url = xstrdup(url);
	if (*pc->url) {
		opts = PQconninfoParse(pc->url, &perr);
		if (!opts) {
			struct strbuf red = STRBUF_INIT;
			sd_redact_url(pc->url, &red);
			ret = sd_error_set(err, SD_ERR, NULL, 0, 0,
					   "invalid connection string %s: %s",
					   red.buf, "cannot be parsed");
			strbuf_release(&red);
			PQfreemem(perr);
			goto out_free;
		}
		for (PQconninfoOption *o = opts; o->keyword; o++)
			if (!strcmp(o->keyword, "password") && o->val && *o->val)
				pc->password = xstrdup(o->val);
		PQconninfoFree(opts);
	}
	pc->conn = open_session(pc->url, PG_APP_NAME);
	if (!pc->conn || PQstatus(pc->conn) != CONNECTION_OK) {
		ret = connect_error(pc, pc->conn, "", err);
		goto out_free;
	}
	pc->cancel_slot = cancel_register(pc->conn);
	*out = &pc->base;
	return 0;

out_free:
	pg_close(&pc->base);
	return ret;
}

/*
 * Wait until conn has a whole result to give (PQgetResult will not
 * block), bounded by the thread's deadline. 0: ready; SD_ERR_TIMEOUT:
 * the deadline passed (the statement was cancelled, and the session
 * given up when even that got no answer); SD_ERR_DB: the connection
 * broke (PQgetResult then says how).
 */
static int wait_result(PGconn *conn, struct sd_error *err)
{
	int cancelled = 0;

	for (;;) {
		struct pollfd pfd = { PQsocket(conn), POLLIN, 0 };
		double left = sd_deadline_left();
		int ms, n;

		if (!PQconsumeInput(conn))
			return SD_ERR_DB;
		if (!PQisBusy(conn))
			return 0;
		if (left <= 0) {
			char buf[256];
			PGcancel *cn;

			if (cancelled)
				return sd_error_set(err, SD_ERR_TIMEOUT, NULL, 0, 0,
						    "the server did not answer before the deadline (--target-timeout)");
			/* ask once, then give it a second to answer */
			cn = PQgetCancel(conn);
			if (cn) {
				PQcancel(cn, buf, sizeof(buf));
				PQfreeCancel(cn);
			}
			cancelled = 1;
			sd_deadline_set(0);
			ms = 1000;
		} else {
			ms = left > 3600 ? 3600000 : (int)(left * 1000) + 1;
		}
		if (cancelled && left > 0)
			ms = 1000;
		n = poll(&pfd, 1, ms);
		if (n < 0 && errno != EINTR)
			return SD_ERR_DB;
		if (n == 0 && cancelled) {
			PQconsumeInput(conn);
			if (PQisBusy(conn))
				return sd_error_set(err, SD_ERR_TIMEOUT, NULL, 0, 0,
						    "the server did not answer before the deadline (--target-timeout), nor to a cancel request");
			return 0;
		}
	}
}

/* The next result of the statement in flight; *timeout set (and err
 * filled) when the deadline passed first. */
static PGresult *next_result(PGconn *conn, int *timeout, struct sd_error *err)
{
	int rc = wait_result(conn, err);

	if (rc == SD_ERR_TIMEOUT) {
		*timeout = 1;
		return NULL;
	}
	return PQgetResult(conn);
}

PGresult *pg_exec_bounded(PGconn *conn, const char *sql, int nparams,
			  const char *const *params)
{
	PGresult *res = NULL, *next;
	int timeout = 0;

	if (nparams ? !PQsendQueryParams(conn, sql, nparams, NULL, params,
					  NULL, NULL, 0)
		    : !PQsendQuery(conn, sql))
		return NULL;
	while ((next = next_result(conn, &timeout, NULL))) {
		if (res && !result_ok(res)) {
			PQclear(next);
			continue;
		}
		PQclear(res);
		res = next;
	}
	if (timeout) {
		PQclear(res);
		return NULL;
	}
	return res;
}

static int pg_exec(struct sd_conn *c, const char *sql, int *errpos,
		   struct sd_error *err)
{
	struct pg_conn *pc = pg(c);
	PGresult *res = NULL, *next;
	int ret = 0, timeout = 0;

	if (errpos)
		*errpos = 0;
	/* after a cancel request nothing new starts */
	ret = sd_cancel_check(err);
	if (ret)
		return ret;
	if (!PQsendQuery(pc->conn, sql))
		return set_result_error(pc, pc->conn, NULL, NULL, errpos, err);
	/* As PQexec: every result is read; the first error wins, else the
	 * last result. A COPY is ended (its data is not in the file). */
	while ((next = next_result(pc->conn, &timeout, err))) {
		ExecStatusType st = PQresultStatus(next);

		if (st == PGRES_COPY_IN) {
			PQputCopyEnd(pc->conn, "COPY ... FROM STDIN is not supported in version files");
			PQclear(next);
			continue;
		}
		if (st == PGRES_COPY_OUT) {
			char *buf;
			while (PQgetCopyData(pc->conn, &buf, 0) > 0)
				PQfreemem(buf);
			PQclear(next);
			continue;
		}
		if (res && !result_ok(res)) {
			PQclear(next);
			continue;
		}
		PQclear(res);
		res = next;
	}
	if (timeout) {
		PQclear(res);
		return SD_ERR_TIMEOUT;
	}
	if (!res || !result_ok(res)) {
		const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

		if (sd_cancel_signal() && state &&
		    !strcmp(state, SQLSTATE_QUERY_CANCELED))
			ret = sd_cancel_check(err);
		else
			ret = set_result_error(pc, pc->conn, res, NULL, errpos, err);
	}
	PQclear(res);
	return ret;
}

/*
 * Every transaction that applies changes (apply, migrate, the trial run of
 * the desired schema) runs with check_function_bodies off, as pg_dump's
 * output does: a LANGUAGE sql function may use a table that the same
 * change set creates after it. Bodies are checked when first called.
 */
static int pg_begin(struct sd_conn *c, struct sd_error *err)
{
	struct pg_conn *pc = pg(c);
	int ret;

	ret = run(pc, pc->conn, "BEGIN", "BEGIN", 0, NULL, NULL, err);
	if (!ret)
		ret = run(pc, pc->conn, "SET LOCAL check_function_bodies",
			  "SET LOCAL check_function_bodies = off", 0, NULL,
			  NULL, err);
	return ret;
}

static int pg_commit(struct sd_conn *c, struct sd_error *err)
{
	struct pg_conn *pc = pg(c);
	PGresult *res = NULL;
	int ret;

	ret = run(pc, pc->conn, "COMMIT", "COMMIT", 0, NULL, &res, err);
	if (ret)
		return ret;
	/* COMMIT of a failed transaction "succeeds" as ROLLBACK. */
	if (!strcmp(PQcmdStatus(res), "ROLLBACK"))
		ret = sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
				   "COMMIT: the server rolled the transaction back");
	PQclear(res);
	return ret;
}

static int pg_rollback(struct sd_conn *c, struct sd_error *err)
{
	struct pg_conn *pc = pg(c);

	/* A lost session's transaction is already rolled back. */
	if (PQstatus(pc->conn) != CONNECTION_OK)
		return 0;
	return run(pc, pc->conn, "ROLLBACK", "ROLLBACK", 0, NULL, NULL, err);
}

static int lock_busy(const char *name, struct sd_error *err)
{
	sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
		     "another schemadiff run holds the lock for schema \"%s\"",
		     name);
	sd_error_hint(err, "wait for it to finish, or raise --deploy-lock-timeout");
	return SD_ERR_CONFLICT;
}

static int pg_lock(struct sd_conn *c, const char *name, long timeout_ms,
		   struct sd_error *err)
{
	struct pg_conn *pc = pg(c);
	char key[32], timeout[32];
	const char *params[1] = { key };
	const char *tparams[1] = { timeout };
	PGresult *res = NULL;
	int ret;

	if (pc->lock_name)
		return 0;	/* already held by this run */
	if (!pc->lock_conn) {
		pc->lock_conn = open_session(pc->url, PG_LOCK_APP_NAME);
		if (!pc->lock_conn || PQstatus(pc->lock_conn) != CONNECTION_OK) {
			ret = connect_error(pc, pc->lock_conn, " (lock session)", err);
			PQfinish(pc->lock_conn);
			pc->lock_conn = NULL;
			return ret;
		}
		pc->lock_cancel_slot = cancel_register(pc->lock_conn);
	}
	pc->lock_key = sd_lock_key(name);
	snprintf(key, sizeof(key), "%lld", (long long)pc->lock_key);
	if (timeout_ms == 0) {
		ret = run(pc, pc->lock_conn, "taking the deploy lock",
			  "SELECT pg_try_advisory_lock($1::bigint)", 1, params,
			  &res, err);
		if (ret)
			return ret;
		ret = strcmp(PQgetvalue(res, 0, 0), "t") ? lock_busy(name, err) : 0;
		PQclear(res);
		if (ret)
			return ret;
	} else {
		/* lock_timeout bounds the wait of pg_advisory_lock; 0 is
		 * no limit. */
		snprintf(timeout, sizeof(timeout), "%ldms",
			 timeout_ms < 0 ? 0L : timeout_ms);
		ret = run(pc, pc->lock_conn, "setting lock_timeout",
			  "SELECT set_config('lock_timeout', $1, false)", 1,
			  tparams, NULL, err);
		if (ret)
			return ret;
		res = PQexecParams(pc->lock_conn,
				   "SELECT pg_advisory_lock($1::bigint)", 1,
				   NULL, params, NULL, NULL, 0);
		if (!res || !result_ok(res)) {
			const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
			if (sd_cancel_signal())
				ret = sd_cancel_check(err);
			else if (state && (!strcmp(state, SQLSTATE_LOCK_NOT_AVAILABLE) ||
				      !strcmp(state, SQLSTATE_QUERY_CANCELED)))
				ret = lock_busy(name, err);
			else
				ret = set_result_error(pc, pc->lock_conn, res,
						       "taking the deploy lock",
						       NULL, err);
			PQclear(res);
			return ret;
		}
		PQclear(res);
	}
	pc->lock_name = xstrdup(name);
	pc->lock_pid = PQbackendPID(pc->lock_conn);
	return 0;
}

/* The deploy lock is a session-level advisory lock of the lock session,
 * released only by pg_unlock() or the session's end: it is held as long
 * as that session answers. One round trip on the lock session, whatever
 * the number of locks the deploy's transaction holds (pg_locks reads
 * every lock of the server: asked before each statement, it made a
 * migrate of thousands of tables quadratic). */
static int pg_lock_check(struct sd_conn *c, struct sd_error *err)
{
	struct pg_conn *pc = pg(c);
	PGresult *res;
	int ret;
	bool held = false;

	if (!pc->lock_name)
		return 0;
	ret = sd_cancel_check(err);
	if (ret)
		return ret;
	if (pc->lock_conn && PQstatus(pc->lock_conn) == CONNECTION_OK) {
		res = PQexec(pc->lock_conn, "SELECT 1");
		held = res && PQresultStatus(res) == PGRES_TUPLES_OK;
		PQclear(res);
	}
	if (held)
		return 0;
	sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
		     "the deploy lock of schema \"%s\" was lost (its session, backend %d, ended or was terminated): stopping before the next statement",
		     pc->lock_name, pc->lock_pid);
	sd_error_hint(err, "another run may have taken the lock since; run again once it is done");
	return SD_ERR_CONFLICT;
}

static int pg_unlock(struct sd_conn *c, struct sd_error *err)
{
	struct pg_conn *pc = pg(c);
	char key[32];
	const char *params[1] = { key };
	int ret = 0;

	if (!pc->lock_conn)
		return 0;
	if (pc->lock_name && PQstatus(pc->lock_conn) == CONNECTION_OK) {
		snprintf(key, sizeof(key), "%lld", (long long)pc->lock_key);
		ret = run(pc, pc->lock_conn, "releasing the deploy lock",
			  "SELECT pg_advisory_unlock($1::bigint)", 1, params,
			  NULL, err);
	}
	/* Ending the session releases the lock in any case. */
	cancel_unregister(pc->lock_cancel_slot);
	pc->lock_cancel_slot = -1;
	PQfinish(pc->lock_conn);
	pc->lock_conn = NULL;
	free(pc->lock_name);
	pc->lock_name = NULL;
	return ret;
}

static const char history_exists_sql[] =
	"SELECT to_regclass('schemadiff.schemadiff_history') IS NOT NULL";

static const char history_create_sql[] =
	"CREATE SCHEMA IF NOT EXISTS schemadiff;\n"
	"CREATE TABLE IF NOT EXISTS schemadiff.schemadiff_history (\n"
	"    schema_name text NOT NULL,\n"
	"    version text NOT NULL,\n"
	"    checksum text NOT NULL,\n"
	"    applied_at timestamptz NOT NULL DEFAULT now(),\n"
	"    duration_ms bigint NOT NULL,\n"
	"    applied_by text NOT NULL,\n"
	"    tool_version text NOT NULL,\n"
	"    outcome text NOT NULL CHECK (outcome IN ('applied', 'baseline',"
	" 'running', 'failed')),\n"
	"    statements_done bigint NOT NULL DEFAULT 0,\n"
	"    error text,\n"
	"    PRIMARY KEY (schema_name, version)\n"
	");\n"
	"COMMENT ON TABLE schemadiff.schemadiff_history IS "
	"'versions applied by schemadiff migrate: one row per schema and version'";

static int history_exists(struct pg_conn *pc, int *exists, struct sd_error *err)
{
	PGresult *res = NULL;
	int ret;

	ret = run(pc, pc->conn, "reading the history", history_exists_sql, 0,
		  NULL, &res, err);
	if (ret)
		return ret;
	*exists = !strcmp(PQgetvalue(res, 0, 0), "t");
	PQclear(res);
	return 0;
}

static int pg_history_ensure(struct sd_conn *c, struct sd_error *err)
{
	struct pg_conn *pc = pg(c);
	PGresult *res;
	int exists, ret;

	/* Check first: a user without CREATE on the database can still use
	 * a history table that exists. */
	ret = history_exists(pc, &exists, err);
	if (ret || exists)
		return ret;
	res = PQexec(pc->conn, history_create_sql);	/* fixed text */
	if (!res || !result_ok(res))
		ret = set_result_error(pc, pc->conn, res,
				       "creating the history table schemadiff.schemadiff_history",
				       NULL, err);
	PQclear(res);
	return ret;
}

static int row_cmp(const void *a, const void *b)
{
	const struct sd_history_row *x = a, *y = b;
	int vx = spec_version_valid(x->version), vy = spec_version_valid(y->version);

	if (vx && vy)
		return spec_version_cmp(x->version, y->version);
	if (vx != vy)
		return vx ? -1 : 1;	/* invalid ones last */
	return strcmp(x->version, y->version);
}

static int pg_history_read(struct sd_conn *c, const char *schema_name,
			   struct sd_history *out, struct sd_error *err)
{
	static const char sql[] =
		"SELECT schema_name, version, checksum,"
		" to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),"
		" duration_ms, applied_by, tool_version, outcome,"
		/* tables made before online steps lack the last two */
		" coalesce((to_jsonb(h)->>'statements_done')::bigint, 0),"
		" to_jsonb(h)->>'error'"
		" FROM schemadiff.schemadiff_history h WHERE schema_name = $1";
	struct pg_conn *pc = pg(c);
	const char *params[1] = { schema_name };
	PGresult *res = NULL;
	int ret, n;

	arena_init(&out->arena);
	out->rows = NULL;
	out->nrows = 0;
	ret = history_exists(pc, &out->exists, err);
	if (ret || !out->exists)
		return ret;
	ret = run(pc, pc->conn, "reading the history", sql, 1, params, &res,
		  err);
	if (ret)
		return ret;
	n = PQntuples(res);
	out->rows = arena_alloc(&out->arena, (size_t)(n + 1) * sizeof(*out->rows));
	for (int i = 0; i < n; i++) {
		struct sd_history_row *r = &out->rows[i];
		r->schema_name = arena_strdup(&out->arena, PQgetvalue(res, i, 0));
		r->version = arena_strdup(&out->arena, PQgetvalue(res, i, 1));
		r->checksum = arena_strdup(&out->arena, PQgetvalue(res, i, 2));
		r->applied_at = arena_strdup(&out->arena, PQgetvalue(res, i, 3));
		r->duration_ms = strtoll(PQgetvalue(res, i, 4), NULL, 10);
		r->applied_by = arena_strdup(&out->arena, PQgetvalue(res, i, 5));
		r->tool_version = arena_strdup(&out->arena, PQgetvalue(res, i, 6));
		r->outcome = arena_strdup(&out->arena, PQgetvalue(res, i, 7));
		r->statements_done = strtoll(PQgetvalue(res, i, 8), NULL, 10);
		r->error = PQgetisnull(res, i, 9) ? NULL :
			   arena_strdup(&out->arena, PQgetvalue(res, i, 9));
	}
	out->nrows = (size_t)n;
	PQclear(res);
	qsort(out->rows, out->nrows, sizeof(*out->rows), row_cmp);
	return 0;
}

static int pg_history_record(struct sd_conn *c,
			     const struct sd_history_row *row,
			     struct sd_error *err)
{
	static const char sql[] =
		"INSERT INTO schemadiff.schemadiff_history"
		" (schema_name, version, checksum, applied_at, duration_ms,"
		"  applied_by, tool_version, outcome)"
		" VALUES ($1, $2, $3, now(), $4::bigint,"
		"  CASE WHEN $5::text IS NOT NULL THEN $5::text"
		"       WHEN $6::text = '' THEN current_user::text"
		"       ELSE current_user || '@' || $6::text END,"
		"  $7, $8)";
	struct pg_conn *pc = pg(c);
	struct sd_history_text tx;
	const char *params[8];

	sd_history_text(row, &tx);
	params[0] = row->schema_name;
	params[1] = row->version;
	params[2] = row->checksum;
	params[3] = tx.duration;
	params[4] = row->applied_by;	/* NULL: SQL NULL */
	params[5] = tx.host;
	params[6] = row->tool_version;
	params[7] = row->outcome;
	return run(pc, pc->conn, "recording the version in the history", sql,
		   8, params, NULL, err);
}

/*
 * Versions with online steps (version.json's "steps") record their
 * progress: a history table made before them gets the columns and
 * outcomes for it, once, when the first such version runs.
 */
static const char history_upgrade_sql[] =
	"ALTER TABLE schemadiff.schemadiff_history"
	" ADD COLUMN IF NOT EXISTS statements_done bigint NOT NULL DEFAULT 0,"
	" ADD COLUMN IF NOT EXISTS error text,"
	" DROP CONSTRAINT IF EXISTS schemadiff_history_outcome_check,"
	" ADD CONSTRAINT schemadiff_history_outcome_check CHECK (outcome IN"
	" ('applied', 'baseline', 'running', 'failed'))";

static int pg_history_progress(struct sd_conn *c,
			       const struct sd_history_row *row,
			       struct sd_error *err)
{
	static const char has_sql[] =
		"SELECT 1 FROM pg_attribute WHERE attrelid ="
		" 'schemadiff.schemadiff_history'::regclass"
		" AND attname = 'statements_done' AND NOT attisdropped";
	static const char sql[] =
		"INSERT INTO schemadiff.schemadiff_history AS h"
		" (schema_name, version, checksum, applied_at, duration_ms,"
		"  applied_by, tool_version, outcome, statements_done, error)"
		" VALUES ($1, $2, $3, now(), $4::bigint,"
		"  CASE WHEN $5::text IS NOT NULL THEN $5::text"
		"       WHEN $6::text = '' THEN current_user::text"
		"       ELSE current_user || '@' || $6::text END,"
		"  $7, $8, $9::bigint, $10)"
		" ON CONFLICT (schema_name, version) DO UPDATE SET"
		" checksum = EXCLUDED.checksum, applied_at = EXCLUDED.applied_at,"
		" duration_ms = EXCLUDED.duration_ms,"
		" applied_by = EXCLUDED.applied_by,"
		" tool_version = EXCLUDED.tool_version,"
		" outcome = EXCLUDED.outcome,"
		" statements_done = EXCLUDED.statements_done,"
		" error = EXCLUDED.error";
	struct pg_conn *pc = pg(c);
	struct sd_history_text tx;
	const char *params[10];
	PGresult *res = NULL;
	int ret;

	ret = run(pc, pc->conn, "reading the history", has_sql, 0, NULL, &res,
		  err);
	if (ret)
		return ret;
	if (!PQntuples(res))
		ret = run(pc, pc->conn, "adding progress columns to the history table",
			  history_upgrade_sql, 0, NULL, NULL, err);
	PQclear(res);
	if (ret)
		return ret;
	sd_history_text(row, &tx);
	params[0] = row->schema_name;
	params[1] = row->version;
	params[2] = row->checksum;
	params[3] = tx.duration;
	params[4] = row->applied_by;
	params[5] = tx.host;
	params[6] = row->tool_version;
	params[7] = row->outcome;
	params[8] = tx.done;
	params[9] = row->error;
	return run(pc, pc->conn, "recording progress in the history", sql,
		   10, params, NULL, err);
}

static int pg_history_forget(struct sd_conn *c, const char *schema_name,
			     const char *version, struct sd_error *err)
{
	static const char sql[] =
		"DELETE FROM schemadiff.schemadiff_history"
		" WHERE schema_name = $1 AND version = $2";
	struct pg_conn *pc = pg(c);
	const char *params[2] = { schema_name, version };

	return run(pc, pc->conn, "removing the undone version from the history",
		   sql, 2, params, NULL, err);
}

/*
 * The log of reverts: one row each time migrate undid a version (its
 * history row is deleted so that a later migrate applies it again; this
 * row keeps when, by whom and with what it was undone). Ours, beside the
 * history table; the spec does not describe either.
 */
static const char reverts_create_sql[] =
	"CREATE SCHEMA IF NOT EXISTS schemadiff;\n"
	"CREATE TABLE IF NOT EXISTS schemadiff.schemadiff_reverts (\n"
	"    schema_name text NOT NULL,\n"
	"    version text NOT NULL,\n"
	"    checksum text NOT NULL,\n"
	"    reverted_at timestamptz NOT NULL DEFAULT now(),\n"
	"    duration_ms bigint NOT NULL,\n"
	"    reverted_by text NOT NULL,\n"
	"    tool_version text NOT NULL,\n"
	"    statements bigint NOT NULL\n"
	");\n"
	"COMMENT ON TABLE schemadiff.schemadiff_reverts IS "
	"'versions undone by schemadiff migrate --to: one row per undo'";

static int pg_history_revert(struct sd_conn *c,
			     const struct sd_history_row *row,
			     struct sd_error *err)
{
	static const char exists_sql[] =
		"SELECT to_regclass('schemadiff.schemadiff_reverts') IS NOT NULL";
	static const char sql[] =
		"INSERT INTO schemadiff.schemadiff_reverts"
		" (schema_name, version, checksum, reverted_at, duration_ms,"
		"  reverted_by, tool_version, statements)"
		" VALUES ($1, $2, $3, now(), $4::bigint,"
		"  CASE WHEN $5::text IS NOT NULL THEN $5::text"
		"       WHEN $6::text = '' THEN current_user::text"
		"       ELSE current_user || '@' || $6::text END,"
		"  $7, $8::bigint)";
	struct pg_conn *pc = pg(c);
	struct sd_history_text tx;
	const char *params[8];
	PGresult *res = NULL;
	int ret;

	ret = run(pc, pc->conn, "reading the log of reverts", exists_sql, 0,
		  NULL, &res, err);
	if (ret)
		return ret;
	if (strcmp(PQgetvalue(res, 0, 0), "t")) {
		PQclear(res);
		res = PQexec(pc->conn, reverts_create_sql);	/* fixed text */
		if (!res || !result_ok(res))
			ret = set_result_error(pc, pc->conn, res,
					       "creating the log of reverts schemadiff.schemadiff_reverts",
					       NULL, err);
	}
	PQclear(res);
	if (!ret)
		ret = pg_history_forget(c, row->schema_name, row->version, err);
	if (ret)
		return ret;
	sd_history_text(row, &tx);
	params[0] = row->schema_name;
	params[1] = row->version;
	params[2] = row->checksum;
	params[3] = tx.duration;
	params[4] = row->applied_by;
	params[5] = tx.host;
	params[6] = row->tool_version;
	params[7] = tx.done;
	return run(pc, pc->conn, "recording the undone version", sql, 8,
		   params, NULL, err);
}

static int pg_history_reverts_read(struct sd_conn *c, const char *schema_name,
				   struct sd_history *out, struct sd_error *err)
{
	static const char exists_sql[] =
		"SELECT to_regclass('schemadiff.schemadiff_reverts') IS NOT NULL";
	static const char sql[] =
		"SELECT version, checksum,"
		" to_char(reverted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),"
		" duration_ms, reverted_by, tool_version, statements"
		" FROM schemadiff.schemadiff_reverts WHERE schema_name = $1"
		" ORDER BY reverted_at, ctid";
	struct pg_conn *pc = pg(c);
	const char *params[1] = { schema_name };
	PGresult *res = NULL;
	int ret, n;

	arena_init(&out->arena);
	out->rows = NULL;
	out->nrows = 0;
	ret = run(pc, pc->conn, "reading the log of reverts", exists_sql, 0,
		  NULL, &res, err);
	if (ret)
		return ret;
	out->exists = !strcmp(PQgetvalue(res, 0, 0), "t");
	PQclear(res);
	if (!out->exists)
		return 0;
	ret = run(pc, pc->conn, "reading the log of reverts", sql, 1, params,
		  &res, err);
	if (ret)
		return ret;
	n = PQntuples(res);
	out->rows = arena_alloc(&out->arena, (size_t)(n + 1) * sizeof(*out->rows));
	for (int i = 0; i < n; i++) {
		struct sd_history_row *r = &out->rows[i];

		r->schema_name = arena_strdup(&out->arena, schema_name);
		r->version = arena_strdup(&out->arena, PQgetvalue(res, i, 0));
		r->checksum = arena_strdup(&out->arena, PQgetvalue(res, i, 1));
		r->applied_at = arena_strdup(&out->arena, PQgetvalue(res, i, 2));
		r->duration_ms = strtoll(PQgetvalue(res, i, 3), NULL, 10);
		r->applied_by = arena_strdup(&out->arena, PQgetvalue(res, i, 4));
		r->tool_version = arena_strdup(&out->arena, PQgetvalue(res, i, 5));
		r->outcome = "reverted";
		r->statements_done = strtoll(PQgetvalue(res, i, 6), NULL, 10);
	}
	out->nrows = (size_t)n;
	PQclear(res);
	return 0;
}

static int pg_has_user_objects(struct sd_conn *c, int *found,
			       struct strbuf *example, struct sd_error *err)
{
	/* Tables, views, sequences, types and functions outside the system
	 * schemas, our history schema and any extension. */
	static const char sql[] =
		"SELECT o.kind, o.nspname, o.name FROM ("
		" SELECT CASE c.relkind WHEN 'v' THEN 'view'"
		"  WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'"
		"  WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind,"
		"  n.nspname, c.relname::text AS name, c.oid,"
		"  'pg_class'::regclass AS cls"
		" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
		" WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
		" UNION ALL"
		" SELECT 'type', n.nspname, t.typname::text, t.oid,"
		"  'pg_type'::regclass"
		" FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
		" WHERE t.typtype IN ('e', 'd', 'r')"
		"  OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class r"
		"      WHERE r.oid = t.typrelid AND r.relkind = 'c'))"
		" UNION ALL"
		" SELECT CASE p.prokind WHEN 'p' THEN 'procedure'"
		"  WHEN 'a' THEN 'aggregate' ELSE 'function' END,"
		"  n.nspname, p.proname::text, p.oid, 'pg_proc'::regclass"
		" FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
		") o"
		" WHERE o.nspname NOT IN ('pg_catalog', 'information_schema', 'schemadiff')"
		"  AND o.nspname NOT LIKE 'pg\\_toast%'"
		"  AND o.nspname NOT LIKE 'pg\\_temp\\_%'"
		"  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = o.cls"
		"   AND d.objid = o.oid AND d.deptype = 'e')"
		" ORDER BY o.nspname, o.name, o.kind LIMIT 1";
	struct pg_conn *pc = pg(c);
	PGresult *res = NULL;
	int ret;

	*found = 0;
	ret = run(pc, pc->conn, "looking for existing objects", sql, 0, NULL,
		  &res, err);
	if (ret)
		return ret;
	if (PQntuples(res) > 0) {
		*found = 1;
		if (example)
			strbuf_addf(example, "%s %s.%s", PQgetvalue(res, 0, 0),
				    PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
	}
	PQclear(res);
	return 0;
}

static int pg_server_version(struct sd_conn *c, struct strbuf *text, int *num,
			     struct sd_error *err)
{
	struct pg_conn *pc = pg(c);
	const char *v = PQparameterStatus(pc->conn, "server_version");

	if (num)
		*num = PQserverVersion(pc->conn);
	if (text)
		strbuf_addf(text, "PostgreSQL %s", v ? v : "(unknown)");
	return 0;
}

static int pg_introspect_op(struct sd_conn *c, struct catalog *cat,
			    unsigned *nqueries, struct sd_error *err)
{
	return pg_introspect(pg(c)->conn, cat, nqueries, err);
}

/* Drop the scratch databases whose owner is gone (driver.h); failures
 * are warnings: they do not stop this run. */
static void pg_scratch_sweep(struct pg_conn *pc)
{
	static const char sql[] =
		"SELECT datname, shobj_description(oid, 'pg_database')"
		" FROM pg_database WHERE datname LIKE 'schemadiff\\_scratch\\_%'";
	struct strbuf drop = STRBUF_INIT;
	PGresult *res = NULL;

	if (run(pc, pc->conn, "listing scratch databases", sql, 0, NULL, &res,
		NULL))
		return;
	for (int i = 0; i < PQntuples(res); i++) {
		struct sd_error e = { 0 };

		if (PQgetisnull(res, i, 1) ||
		    !sd_scratch_owner_gone(PQgetvalue(res, i, 1)))
			continue;
		strbuf_reset(&drop);
		strbuf_addstr(&drop, "DROP DATABASE IF EXISTS ");
		sql_quote_ident(&drop, SQL_POSTGRES, PQgetvalue(res, i, 0));
		strbuf_addstr(&drop, " WITH (FORCE)");
		if (run(pc, pc->conn, "dropping a leftover scratch database",
			drop.buf, 0, NULL, NULL, &e))
			sd_warn(NULL, 0, 0, "%s", e.msg);
		else
			sd_warn(NULL, 0, 0, "dropped the leftover scratch database %s of a run that is gone",
				PQgetvalue(res, i, 0));
	}
	PQclear(res);
	strbuf_release(&drop);
}

/* May the role create (and so drop) scratch databases? */
static int pg_may_create_db(struct pg_conn *pc)
{
	PGresult *res = PQexec(pc->conn, "SELECT rolcreatedb OR rolsuper FROM pg_roles "
					 "WHERE rolname = current_user");
	int may = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
		  !strcmp(PQgetvalue(res, 0, 0), "t");

	PQclear(res);
	return may;
}

/*
 * Scratch databases get a unique name and their owner in a comment
 * (driver.h); they are made from template0 (nothing of the user's
 * template1 leaks in) and dropped WITH (FORCE) by scratch_drop. Leftovers
 * of runs that are gone are swept first.
 */
static int pg_scratch_create(struct sd_conn *c, struct sd_conn **scratch,
			     struct sd_error *err)
{
	struct pg_conn *pc = pg(c), *sc;
	struct strbuf name = STRBUF_INIT, sql = STRBUF_INIT;
	/* function bodies unchecked, as in pg_begin(): the scratch database
	 * runs the desired schema outside a transaction */
	const char *keys[] = { "dbname", "dbname", "fallback_application_name",
			       "options", "connect_timeout", NULL };
	char timeout[32];
	const char *vals[] = { pc->url, NULL, PG_APP_NAME,
			       "-c check_function_bodies=off", timeout, NULL };
	long ms = sd_next_connect_timeout_ms();
	int ret, may;

	may = pg_may_create_db(pc);
	if (!may)
		return sd_error_set(err, SD_ERR_UNSUPPORTED, NULL, 0, 0,
				    "role may not create a scratch database (no CREATEDB)");
	snprintf(timeout, sizeof(timeout), "%ld", ms < 2000 ? 2 : (ms + 999) / 1000);
	pg_scratch_sweep(pc);
	sd_scratch_name(&name);
	strbuf_addstr(&sql, "CREATE DATABASE ");
	sql_quote_ident(&sql, SQL_POSTGRES, name.buf);
	strbuf_addstr(&sql, " TEMPLATE template0");
	ret = run(pc, pc->conn, "create a scratch database", sql.buf, 0, NULL, NULL, err);
	if (ret) {
		sd_error_hint(err, "normalizing the desired schema needs a scratch database on the server: grant CREATEDB to this role");
		goto out;
	}
	/* who owns it, for the sweep of a later run */
	strbuf_reset(&sql);
	strbuf_addstr(&sql, "COMMENT ON DATABASE ");
	sql_quote_ident(&sql, SQL_POSTGRES, name.buf);
	strbuf_addstr(&sql, " IS ");
	{
		struct strbuf owner = STRBUF_INIT;

		sd_scratch_owner(&owner);
		sql_quote_literal(&sql, SQL_POSTGRES, owner.buf);
		strbuf_release(&owner);
	}
	run(pc, pc->conn, "recording the scratch database's owner", sql.buf,
	    0, NULL, NULL, NULL);
	sc = calloc(1, sizeof(*sc));
	if (!sc)
		abort();
	sc->base.drv = &sd_driver_pg;
	sc->cancel_slot = sc->lock_cancel_slot = -1;
	sc->url = xstrdup(name.buf);
	if (pc->password)
		sc->password = xstrdup(pc->password);
	/* the same server and credentials; only the database differs (a
	 * later dbname overrides the one inside an expanded URL) */
	vals[1] = name.buf;
	sc->conn = PQconnectdbParams(keys, vals, 1);
	if (!sc->conn || PQstatus(sc->conn) != CONNECTION_OK) {
		ret = connect_error(sc, sc->conn, " to the scratch database", err);
		pg_close(&sc->base);
		strbuf_reset(&sql);
		strbuf_addstr(&sql, "DROP DATABASE IF EXISTS ");
		sql_quote_ident(&sql, SQL_POSTGRES, name.buf);
		strbuf_addstr(&sql, " WITH (FORCE)");
		run(pc, pc->conn, "drop the scratch database", sql.buf, 0, NULL, NULL, NULL);
		goto out;
	}
	PQsetNoticeReceiver(sc->conn, notice_receiver, NULL);
	sc->cancel_slot = cancel_register(sc->conn);
	*scratch = &sc->base;
out:
	strbuf_release(&name);
	strbuf_release(&sql);
	return ret;
}

/* driver.h's scratch_sweep: as scratch_create sweeps, for a role that
 * may create databases */
static void pg_scratch_sweep_hook(struct sd_conn *c)
{
	struct pg_conn *pc = pg(c);

	if (pg_may_create_db(pc))
		pg_scratch_sweep(pc);
}

static int pg_scratch_drop(struct sd_conn *c, struct sd_conn *scratch,
			   struct sd_error *err)
{
	struct pg_conn *pc = pg(c);
	struct strbuf sql = STRBUF_INIT;
	int ret;

	if (!scratch)
		return 0;
	strbuf_addstr(&sql, "DROP DATABASE IF EXISTS ");
	sql_quote_ident(&sql, SQL_POSTGRES, pg(scratch)->url);
	strbuf_addstr(&sql, " WITH (FORCE)");
	pg_close(scratch);
	ret = run(pc, pc->conn, "drop the scratch database", sql.buf, 0, NULL, NULL, err);
	strbuf_release(&sql);
	return ret;
}

static int pg_search_path(struct sd_conn *c, struct strbuf *out,
			  struct sd_error *err)
{
	struct pg_conn *pc = pg(c);
	PGresult *res;
	int ret = 0;

	res = PQexec(pc->conn,
		     /* "$user" counts only when that schema exists, as
		      * the server skips it otherwise */
		     "SELECT coalesce(string_agg(CASE WHEN btrim(s) = '\"$user\"' "
		     "THEN quote_ident(current_user) ELSE btrim(s) END, ', ' "
		     "ORDER BY n), '') FROM unnest(string_to_array("
		     "current_setting('search_path'), ',')) WITH ORDINALITY AS u(s, n) "
		     "WHERE btrim(s) <> '' AND (btrim(s) <> '\"$user\"' OR EXISTS "
		     "(SELECT 1 FROM pg_namespace WHERE nspname = current_user))");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		ret = set_result_error(pc, pc->conn, res, "read the search_path",
				       NULL, err);
	else
		strbuf_addstr(out, PQgetvalue(res, 0, 0));
	PQclear(res);
	return ret;
}

static int pg_table_sizes(struct sd_conn *c, size_t n,
			  const char *const *schemas, const char *const *names,
			  long long *bytes, long long *rows, struct sd_error *err)
{
	struct pg_conn *pc = pg(c);
	struct strbuf arr[2] = { STRBUF_INIT, STRBUF_INIT };
	const char *params[2];
	PGresult *res = NULL;
	int ret;

	/* two text[] parameters, each element quoted as an array literal
	 * element: "..." with \ and " escaped */
	for (int k = 0; k < 2; k++) {
		strbuf_addch(&arr[k], '{');
		for (size_t i = 0; i < n; i++) {
			const char *v = k ? names[i]
					  : schemas[i] ? schemas[i] : "public";
			strbuf_addstr(&arr[k], i ? ",\"" : "\"");
			for (; *v; v++) {
				if (*v == '"' || *v == '\\')
					strbuf_addch(&arr[k], '\\');
				strbuf_addch(&arr[k], *v);
			}
			strbuf_addch(&arr[k], '"');
		}
		strbuf_addch(&arr[k], '}');
		params[k] = arr[k].buf;
	}
	for (size_t i = 0; i < n; i++)
		bytes[i] = rows[i] = -1;
	ret = run(pc, pc->conn, "read the tables' sizes",
		  "SELECT q.i, pg_total_relation_size(c.oid), c.reltuples::bigint "
		  "FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q(s, n, i) "
		  "JOIN pg_namespace ns ON ns.nspname = q.s "
		  "JOIN pg_class c ON c.relnamespace = ns.oid AND c.relname = q.n",
		  2, params, &res, err);
	strbuf_release(&arr[0]);
	strbuf_release(&arr[1]);
	if (ret)
		return ret;
	for (int r = 0; r < PQntuples(res); r++) {
		long long i = strtoll(PQgetvalue(res, r, 0), NULL, 10) - 1;
		if (i < 0 || (size_t)i >= n)
			continue;
		bytes[i] = strtoll(PQgetvalue(res, r, 1), NULL, 10);
		rows[i] = strtoll(PQgetvalue(res, r, 2), NULL, 10);
	}
	PQclear(res);
	return 0;
}

const struct sd_driver sd_driver_pg = {
	.name = "postgresql",
	.dialect = SQL_POSTGRES,
	.transactional_ddl = 1,
	.connect = pg_connect,
	.close = pg_close,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.lock = pg_lock,
	.unlock = pg_unlock,
	.lock_check = pg_lock_check,
	.history_ensure = pg_history_ensure,
	.history_read = pg_history_read,
	.history_record = pg_history_record,
	.history_forget = pg_history_forget,
	.history_revert = pg_history_revert,
	.history_reverts_read = pg_history_reverts_read,
	.history_progress = pg_history_progress,
	.has_user_objects = pg_has_user_objects,
	.server_version = pg_server_version,
	.introspect = pg_introspect_op,
	.scratch_create = pg_scratch_create,
	.scratch_drop = pg_scratch_drop,
	.scratch_sweep = pg_scratch_sweep_hook,
	.search_path = pg_search_path,
	.table_sizes = pg_table_sizes,
};
