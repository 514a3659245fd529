/*
 * drivers/mysql.c: the MySQL / MariaDB driver (MariaDB Connector/C,
 * libmariadb). Everything MySQL-specific about live databases lives here
 * and in mysql_introspect.c: connection URLs, the history table's SQL, the
 * deploy lock (GET_LOCK), scratch databases. See docs/mysql.md.
 *
 * Memory: a struct my_conn (malloc'd) owns its two MYSQL handles (the main
 * session and, while the deploy lock is wanted, the lock session) and the
 * decoded parts of its URL; myd_close() frees it all. Results are copied
 * out (struct mysd_rows) and freed before the function that made them
 * returns. Values reach SQL only as parameters of prepared statements or,
 * for names in DDL, through sql_quote_ident(); the rest of the SQL text
 * here is fixed.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <mysql.h>
#include <mysqld_error.h>
#include <errmsg.h>

#include "drivers/driver.h"
#include "drivers/mysql_internal.h"
#include "parser/spec/spec.h"
#include "util/sqlquote.h"
#include "util/banned.h"

/* Lock names longer than this are hashed (MySQL's limit is 64). */
#define MY_LOCK_NAME_MAX 64

/* The parts of a mysql:// URL, decoded; NULL when not given. */
struct my_params {
	char *user;
	char *password;
	char *host;
	unsigned port;
	char *db;
	char *socket;
};

struct my_conn {
	struct sd_conn base;	/* first: sd_conn * <-> my_conn * */
	MYSQL *h;		/* the main session */
	MYSQL *lock_h;		/* the lock session, or NULL */
	char *url;		/* as given, for messages (redacted) */
	struct my_params p;
	char *lock_name;	/* GET_LOCK's name while the lock is held */
	unsigned long long lock_conn_id;	/* the lock session's id */
};

static struct my_conn *my(struct sd_conn *c)
{
	return (struct my_conn *)c;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d)
		abort();
	return d;
}

static char *xstrdup_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void params_release(struct my_params *p)
{
	free(p->user);
	free(p->password);
	free(p->host);
	free(p->db);
	free(p->socket);
	memset(p, 0, sizeof(*p));
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A percent-decoded copy of s[0..n), or NULL when an escape is broken. */
static char *decode(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi = -1, lo = -1;

			if (i + 2 < n) {
				hi = hexval((unsigned char)s[i + 1]);
				lo = hexval((unsigned char)s[i + 2]);
			}
			if (hi < 0 || lo < 0) {
				strbuf_release(&sb);
				return NULL;
			}
			strbuf_addch(&sb, hi * 16 + lo);
			i += 2;
		} else {
			strbuf_addch(&sb, s[i]);
		}
	}
	return strbuf_detach(&sb, NULL);
}

static int bad_url(const char *url, const char *why, struct sd_error *err)
{
	struct strbuf red = STRBUF_INIT;
	int ret;

	sd_redact_url(url, &red);
	ret = sd_error_set(err, SD_ERR, NULL, 0, 0,
			   "invalid connection string %s: %s", red.buf, why);
	sd_error_hint(err, "write mysql://user[:password]@host[:port]/database[?socket=/path]");
	strbuf_release(&red);
	return ret;
}

/*
 * mysql://user[:password]@host[:port]/database[?socket=/path] (mariadb://
 * too), every part percent-decoded. The password, when missing, comes
 * from MYSQL_PWD (else from the option files, through the library).
 */
static int parse_url(const char *url, struct my_params *p,
		     struct sd_error *err)
{
	const char *auth, *end, *at = NULL, *hp, *colon, *q;
	char *port = NULL;

	memset(p, 0, sizeof(*p));
	if (!strncasecmp(url, "mysql://", 8))
		auth = url + 8;
	else if (!strncasecmp(url, "mariadb://", 10))
		auth = url + 10;
	else
		return bad_url(url, "not a mysql:// or mariadb:// URL", err);
	end = auth + strcspn(auth, "/?#");
	for (const char *s = auth; s < end; s++)
		if (*s == '@')
			at = s;	/* the last '@': a raw '@' in a password */
	hp = auth;
	if (at) {
		colon = memchr(auth, ':', (size_t)(at - auth));
		p->user = decode(auth, (size_t)((colon ? colon : at) - auth));
		if (colon)
			p->password = decode(colon + 1,
					     (size_t)(at - colon - 1));
		if (!p->user || (colon && !p->password))
			goto bad_escape;
		if (!*p->user) {
			free(p->user);
			p->user = NULL;
		}
		hp = at + 1;
	}
	if (*hp == '[') {	/* [IPv6]:port */
		const char *rb = memchr(hp, ']', (size_t)(end - hp));

		if (!rb)
			goto bad_host;
		p->host = decode(hp + 1, (size_t)(rb - hp - 1));
		colon = rb + 1 < end && rb[1] == ':' ? rb + 1 : NULL;
		if (rb + 1 < end && !colon)
			goto bad_host;
	} else {
		colon = memchr(hp, ':', (size_t)(end - hp));
		p->host = decode(hp, (size_t)((colon ? colon : end) - hp));
	}
	if (!p->host)
		goto bad_escape;
	if (!*p->host) {
		free(p->host);
		p->host = NULL;
	}
	if (colon) {
		char *e;
		long v;

		port = decode(colon + 1, (size_t)(end - colon - 1));
		v = port ? strtol(port, &e, 10) : -1;
		if (!port || !*port || *e || v <= 0 || v > 65535) {
			free(port);
			params_release(p);
			return bad_url(url, "the port is not a number from 1 to 65535",
				       err);
		}
		p->port = (unsigned)v;
		free(port);
	}
	if (*end != '/')
		goto no_db;
	q = end + 1 + strcspn(end + 1, "?#");
	p->db = decode(end + 1, (size_t)(q - end - 1));
	if (!p->db)
		goto bad_escape;
	if (!*p->db)
		goto no_db;
	if (*q == '?') {
		const char *s = q + 1;

		while (*s && *s != '#') {
			size_t n = strcspn(s, "&#");

			if (n >= 7 && !strncmp(s, "socket=", 7)) {
				free(p->socket);
				p->socket = decode(s + 7, n - 7);
				if (!p->socket)
					goto bad_escape;
				if (!*p->socket) {	/* the default */
					free(p->socket);
					p->socket = NULL;
				}
			} else if (n) {
				struct strbuf why = STRBUF_INIT;
				int ret;

				strbuf_addf(&why, "unknown parameter \"%.*s\" (only socket= is known)",
					    (int)strcspn(s, "=&#"), s);
				params_release(p);
				ret = bad_url(url, why.buf, err);
				strbuf_release(&why);
				return ret;
			}
			s += n;
			if (*s == '&')
				s++;
		}
	}
	if (!p->password && getenv("MYSQL_PWD") && *getenv("MYSQL_PWD"))
		p->password = xstrdup(getenv("MYSQL_PWD"));
	return 0;

bad_escape:
	params_release(p);
	return bad_url(url, "a broken %-escape", err);
bad_host:
	params_release(p);
	return bad_url(url, "a broken [address]", err);
no_db:
	params_release(p);
	return bad_url(url, "no database: add /DATABASE after the host", err);
}

static pthread_once_t library_once = PTHREAD_ONCE_INIT;

static void library_init(void)
{
	/* Once, before any thread makes a handle (drift connects from
	 * several threads). */
	mysql_library_init(0, NULL, NULL);
}

/*
 * The connect timeout (whole seconds, at least 1) bounds the connection and
 * its handshake; read and write timeouts bound each statement only when
 * the thread has a deadline (drift's --target-timeout): a migrate's ALTER
 * TABLE may rightly run for an hour.
 */
static void set_timeouts(MYSQL *h)
{
	unsigned ct = (unsigned)((sd_next_connect_timeout_ms() + 999) / 1000);
	double left = sd_deadline_left();

	mysql_options(h, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	if (left < 1e8) {
		unsigned rw = (unsigned)left + 1;

		mysql_options(h, MYSQL_OPT_READ_TIMEOUT, &rw);
		mysql_options(h, MYSQL_OPT_WRITE_TIMEOUT, &rw);
	}
}

/* A new session with p's parameters on database db; NULL (with err set)
 * when it cannot connect. what names the session in the message. */
static MYSQL *open_session(const struct my_conn *mc, const struct my_params *p,
			   const char *db, const char *what,
			   struct sd_error *err)
{
	MYSQL *h;

	pthread_once(&library_once, library_init);
	h = mysql_init(NULL);
	if (!h) {
		sd_error_set(err, SD_ERR_DB, NULL, 0, 0, "out of memory");
		return NULL;
	}
	/* [client] and [client-mariadb] of the option files apply, as for
	 * the mariadb command; the URL's values win over them */
	mysql_options(h, MYSQL_READ_DEFAULT_GROUP, "client");
	mysql_options(h, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	set_timeouts(h);
	if (!mysql_real_connect(h, p->host, p->user, p->password, db, p->port,
				p->socket, 0)) {
		struct strbuf red = STRBUF_INIT, msg = STRBUF_INIT;
		struct strbuf clean = STRBUF_INIT;

		sd_redact_url(mc->url, &red);
		strbuf_addf(&msg, "ERROR %u (%s): %s", mysql_errno(h),
			    mysql_sqlstate(h), mysql_error(h));
		sd_redact_text(msg.buf, p->password, &clean);
		sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
			     "cannot connect%s to %s: %s", what, red.buf,
			     clean.buf);
		strbuf_release(&red);
		strbuf_release(&msg);
		strbuf_release(&clean);
		mysql_close(h);
		return NULL;
	}
	return h;
}

static void myd_close(struct sd_conn *c)
{
	struct my_conn *mc;

	if (!c)
		return;
	mc = my(c);
	if (mc->lock_h)
		mysql_close(mc->lock_h);	/* ends the lock with it */
	if (mc->h)
		mysql_close(mc->h);
	params_release(&mc->p);
	free(mc->url);
	free(mc->lock_name);
	free(mc);
}

static int myd_connect(const char *url, struct sd_conn **out,
		      struct sd_error *err)
{
	struct my_conn *mc = calloc(1, sizeof(*mc));
	int ret;

	if (!mc)
		abort();
	*out = NULL;
	mc->base.drv = &sd_driver_mysql;
	mc->url = xstrdup(url);
	ret = parse_url(mc->url, &mc->p, err);
	if (ret)
		goto out_free;
	mc->h = open_session(mc, &mc->p, mc->p.db, "", err);
	if (!mc->h) {
		ret = SD_ERR_DB;
		goto out_free;
	}
	*out = &mc->base;
	return 0;

out_free:
	myd_close(&mc->base);
	return ret;
}

static int run(struct my_conn *mc, MYSQL *h, const char *what,
	       const char *sql, size_t nparams, const char *const *params,
	       struct mysd_rows *out, struct sd_error *err)
{
	return mysd_query(h, what, mc->p.password, sql, nparams, params, out,
			err);
}

static int myd_exec(struct sd_conn *c, const char *sql, int *errpos,
		   struct sd_error *err)
{
	struct my_conn *mc = my(c);
	struct strbuf text = STRBUF_INIT;
	int ret;

	/* The server gives a line ("at line 3"), not a position. */
	if (errpos)
		*errpos = 0;
	/* after a cancel request nothing new starts; the statement in
	 * flight (it cannot be cancelled from a signal handler) ends */
	ret = sd_cancel_check(err);
	if (ret)
		return ret;
	/* sent as the client sends it (mysd_client_text()) */
	mysd_client_text(sql, &text);
	ret = run(mc, mc->h, NULL, text.buf, 0, NULL, NULL, err);
	strbuf_release(&text);
	return ret;
}

static int myd_begin(struct sd_conn *c, struct sd_error *err)
{
	return run(my(c), my(c)->h, "START TRANSACTION", "START TRANSACTION",
		   0, NULL, NULL, err);
}

static int myd_commit(struct sd_conn *c, struct sd_error *err)
{
	return run(my(c), my(c)->h, "COMMIT", "COMMIT", 0, NULL, NULL, err);
}

static int myd_rollback(struct sd_conn *c, struct sd_error *err)
{
	struct my_conn *mc = my(c);
	unsigned code;

	if (!mysql_rollback(mc->h))
		return 0;
	code = mysql_errno(mc->h);
	/* A lost session's transaction is already rolled back. */
	if (code == CR_SERVER_GONE_ERROR || code == CR_SERVER_LOST ||
	    code == ER_CONNECTION_KILLED)
		return 0;
	return mysd_set_error(mc->h, "ROLLBACK", mc->p.password, err);
}

static int lock_busy(const char *name, struct sd_error *err)
{
	sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
		     "another schemadiff run holds the lock for schema \"%s\"",
		     name);
	sd_error_hint(err, "wait for it to finish, or raise --deploy-lock-timeout");
	return SD_ERR_CONFLICT;
}

/* GET_LOCK's name for a schema: "schemadiff:<name>", or the lock key in
 * hex when that is too long for the server. */
static void lock_name(const char *name, struct strbuf *out)
{
	strbuf_addf(out, "schemadiff:%s", name);
	if (out->len > MY_LOCK_NAME_MAX) {
		strbuf_reset(out);
		strbuf_addf(out, "schemadiff:%016llx",
			    (unsigned long long)sd_lock_key(name));
	}
}

static int myd_lock(struct sd_conn *c, const char *name, long timeout_ms,
		   struct sd_error *err)
{
	struct my_conn *mc = my(c);
	struct strbuf lname = STRBUF_INIT;
	struct mysd_rows rows = MYSD_ROWS_INIT;
	char timeout[32];
	const char *params[2];
	const char *v;
	int ret;

	if (mc->lock_name)
		return 0;	/* already held by this run */
	if (!mc->lock_h) {
		mc->lock_h = open_session(mc, &mc->p, mc->p.db,
					  " (lock session)", err);
		if (!mc->lock_h)
			return SD_ERR_DB;
	}
	lock_name(name, &lname);
	/* GET_LOCK waits in slices of at most a second, so that a cancel
	 * request is seen while waiting */
	for (long waited = 0;; waited += 1000) {
		long slice = timeout_ms < 0 ? 1000 : timeout_ms - waited;

		if (slice > 1000)
			slice = 1000;
		if (slice < 0)
			slice = 0;
		snprintf(timeout, sizeof(timeout), "%ld.%03ld", slice / 1000,
			 slice % 1000);
		params[0] = lname.buf;
		params[1] = timeout;
		ret = run(mc, mc->lock_h, "taking the deploy lock",
			  "SELECT GET_LOCK(?, CAST(? AS DECIMAL(12,3)))", 2,
			  params, &rows, err);
		if (ret)
			goto out;
		v = rows.nrows == 1 ? mysd_cell(&rows, 0, 0) : NULL;
		if (v && !strcmp(v, "1")) {
			mc->lock_name = strbuf_detach(&lname, NULL);
		} else if (v && !strcmp(v, "0")) {
			mysd_rows_release(&rows);
			if (sd_cancel_signal()) {
				ret = sd_cancel_check(err);
				goto out;
			}
			if (timeout_ms >= 0 && waited + slice >= timeout_ms) {
				ret = lock_busy(name, err);
				goto out;
			}
			continue;
		} else {
			ret = sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
					   "taking the deploy lock: GET_LOCK failed");
		}
		mysd_rows_release(&rows);
		break;
	}
	if (!ret) {
		ret = run(mc, mc->lock_h, "reading the lock session's id",
			  "SELECT CONNECTION_ID()", 0, NULL, &rows, err);
		if (!ret && rows.nrows == 1 && mysd_cell(&rows, 0, 0))
			mc->lock_conn_id = strtoull(mysd_cell(&rows, 0, 0),
						    NULL, 10);
		mysd_rows_release(&rows);
	}
out:
	strbuf_release(&lname);
	return ret;
}

static int myd_unlock(struct sd_conn *c, struct sd_error *err)
{
	struct my_conn *mc = my(c);
	const char *params[1];
	int ret = 0;

	if (!mc->lock_h)
		return 0;
	if (mc->lock_name) {
		params[0] = mc->lock_name;
		ret = run(mc, mc->lock_h, "releasing the deploy lock",
			  "SELECT RELEASE_LOCK(?)", 1, params, NULL, err);
	}
	/* Ending the session releases the lock in any case. */
	mysql_close(mc->lock_h);
	mc->lock_h = NULL;
	free(mc->lock_name);
	mc->lock_name = NULL;
	return ret;
}

/* IS_USED_LOCK gives the id of the session holding a lock: ours, or
 * the lock was lost (the session was killed, or its network cut). */
static int myd_lock_check(struct sd_conn *c, struct sd_error *err)
{
	struct my_conn *mc = my(c);
	struct mysd_rows rows = MYSD_ROWS_INIT;
	const char *params[1];
	const char *v;
	int ret, held;

	if (!mc->lock_name)
		return 0;
	ret = sd_cancel_check(err);
	if (ret)
		return ret;
	params[0] = mc->lock_name;
	ret = run(mc, mc->h, "checking the deploy lock",
		  "SELECT IS_USED_LOCK(?)", 1, params, &rows, err);
	if (ret)
		return ret;
	v = rows.nrows == 1 ? mysd_cell(&rows, 0, 0) : NULL;
	held = v && strtoull(v, NULL, 10) == mc->lock_conn_id;
	mysd_rows_release(&rows);
	if (held)
		return 0;
	sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
		     "the deploy lock \"%s\" was lost (its session, connection %llu, ended or was killed): stopping before the next statement",
		     mc->lock_name, mc->lock_conn_id);
	sd_error_hint(err, "another run may have taken the lock since; run again once it is done");
	return SD_ERR_CONFLICT;
}

static const char history_exists_sql[] =
	"SELECT COUNT(*) FROM information_schema.TABLES"
	" WHERE TABLE_SCHEMA = DATABASE()"
	" AND BINARY TABLE_NAME = '" MY_HISTORY_TABLE "'";

/* Binary collation: versions and schema names compare byte for byte. */
static const char history_create_sql[] =
	"CREATE TABLE IF NOT EXISTS " MY_HISTORY_TABLE " (\n"
	"    schema_name varchar(255) NOT NULL,\n"
	"    version varchar(255) NOT NULL,\n"
	"    checksum varchar(255) NOT NULL,\n"
	"    applied_at datetime(3) NOT NULL DEFAULT utc_timestamp(3),\n"
	"    duration_ms bigint NOT NULL,\n"
	"    applied_by varchar(255) NOT NULL,\n"
	"    tool_version varchar(64) NOT NULL,\n"
	"    outcome varchar(16) NOT NULL,\n"
	"    statements_done bigint NOT NULL DEFAULT 0,\n"
	"    error text,\n"
	"    PRIMARY KEY (schema_name, version),\n"
	"    CONSTRAINT schemadiff_history_outcome CHECK (outcome IN"
	" ('applied', 'baseline', 'running', 'failed'))\n"
	") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
	" COMMENT='versions applied by schemadiff migrate: one row per schema and version'";

static int history_exists(struct my_conn *mc, int *exists,
			  struct sd_error *err)
{
	struct mysd_rows rows = MYSD_ROWS_INIT;
	int ret;

	ret = run(mc, mc->h, "reading the history", history_exists_sql, 0,
		  NULL, &rows, err);
	if (ret)
		return ret;
	*exists = rows.nrows == 1 && mysd_cell(&rows, 0, 0) &&
		  strcmp(mysd_cell(&rows, 0, 0), "0");
	mysd_rows_release(&rows);
	return 0;
}

static int myd_history_ensure(struct sd_conn *c, struct sd_error *err)
{
	struct my_conn *mc = my(c);
	int exists, ret;

	/* Check first: a user without CREATE can still use a history
	 * table that exists. */
	ret = history_exists(mc, &exists, err);
	if (ret || exists)
		return ret;
	return run(mc, mc->h, "creating the history table " MY_HISTORY_TABLE,
		   history_create_sql, 0, NULL, NULL, err);
}

static int row_cmp(const void *a, const void *b)
{
	const struct sd_history_row *x = a, *y = b;
	int vx = spec_version_valid(x->version);
	int vy = spec_version_valid(y->version);

	if (vx && vy)
		return spec_version_cmp(x->version, y->version);
	if (vx != vy)
		return vx ? -1 : 1;	/* invalid ones last */
	return strcmp(x->version, y->version);
}

static int myd_history_read(struct sd_conn *c, const char *schema_name,
			   struct sd_history *out, struct sd_error *err)
{
	static const char sql[] =
		"SELECT schema_name, version, checksum,"
		" CONCAT(DATE_FORMAT(applied_at, '%Y-%m-%dT%H:%i:%s.'),"
		"  LPAD(FLOOR(MICROSECOND(applied_at) / 1000), 3, '0'), 'Z'),"
		" duration_ms, applied_by, tool_version, outcome,"
		" statements_done, error"
		" FROM " MY_HISTORY_TABLE " WHERE schema_name = ?";
	struct my_conn *mc = my(c);
	const char *params[1] = { schema_name };
	struct mysd_rows rows = MYSD_ROWS_INIT;
	int ret;

	arena_init(&out->arena);
	out->rows = NULL;
	out->nrows = 0;
	ret = history_exists(mc, &out->exists, err);
	if (ret || !out->exists)
		return ret;
	ret = run(mc, mc->h, "reading the history", sql, 1, params, &rows, err);
	if (ret)
		return ret;
	out->rows = arena_alloc(&out->arena,
				(rows.nrows + 1) * sizeof(*out->rows));
	for (size_t i = 0; i < rows.nrows; i++) {
		struct sd_history_row *r = &out->rows[i];
		struct arena *a = &out->arena;
		const char *v;

		r->schema_name = arena_strdup(a, mysd_cell(&rows, i, 0));
		r->version = arena_strdup(a, mysd_cell(&rows, i, 1));
		r->checksum = arena_strdup(a, mysd_cell(&rows, i, 2));
		r->applied_at = arena_strdup(a, mysd_cell(&rows, i, 3));
		v = mysd_cell(&rows, i, 4);
		r->duration_ms = v ? strtoll(v, NULL, 10) : 0;
		r->applied_by = arena_strdup(a, mysd_cell(&rows, i, 5));
		r->tool_version = arena_strdup(a, mysd_cell(&rows, i, 6));
		r->outcome = arena_strdup(a, mysd_cell(&rows, i, 7));
		v = mysd_cell(&rows, i, 8);
		r->statements_done = v ? strtoll(v, NULL, 10) : 0;
		r->error = arena_strdup(a, mysd_cell(&rows, i, 9));
	}
	out->nrows = rows.nrows;
	mysd_rows_release(&rows);
	qsort(out->rows, out->nrows, sizeof(*out->rows), row_cmp);
	return 0;
}

/* The values of a history row for INSERT: 10 parameters, in the column
 * order of row_insert_sql; the buffers are the caller's. */
#define ROW_VALUES \
	" VALUES (?, ?, ?, utc_timestamp(3), CAST(? AS SIGNED)," \
	"  COALESCE(?, CASE WHEN ? = '' THEN SUBSTRING_INDEX(USER(), '@', 1)" \
	"   ELSE CONCAT(SUBSTRING_INDEX(USER(), '@', 1), '@', ?) END)," \
	"  ?, ?, CAST(? AS SIGNED), ?)"
#define ROW_COLUMNS \
	" (schema_name, version, checksum, applied_at, duration_ms," \
	"  applied_by, tool_version, outcome, statements_done, error)"

static int record(struct my_conn *mc, const struct sd_history_row *row,
		  const char *sql, const char *what, struct sd_error *err)
{
	struct sd_history_text tx;
	const char *params[11];

	sd_history_text(row, &tx);
	params[0] = row->schema_name;
	params[1] = row->version;
	params[2] = row->checksum;
	params[3] = tx.duration;
	params[4] = row->applied_by;	/* NULL: the user and host */
	params[5] = tx.host;
	params[6] = tx.host;
	params[7] = row->tool_version;
	params[8] = row->outcome;
	params[9] = tx.done;
	params[10] = row->error;
	return run(mc, mc->h, what, sql, 11, params, NULL, err);
}

static int myd_history_record(struct sd_conn *c,
			     const struct sd_history_row *row,
			     struct sd_error *err)
{
	static const char sql[] =
		"INSERT INTO " MY_HISTORY_TABLE ROW_COLUMNS ROW_VALUES;

	return record(my(c), row, sql, "recording the version in the history",
		      err);
}

static int myd_history_progress(struct sd_conn *c,
			       const struct sd_history_row *row,
			       struct sd_error *err)
{
	static const char sql[] =
		"INSERT INTO " MY_HISTORY_TABLE ROW_COLUMNS ROW_VALUES
		" ON DUPLICATE KEY UPDATE checksum = VALUES(checksum),"
		" applied_at = VALUES(applied_at),"
		" duration_ms = VALUES(duration_ms),"
		" applied_by = VALUES(applied_by),"
		" tool_version = VALUES(tool_version),"
		" outcome = VALUES(outcome),"
		" statements_done = VALUES(statements_done),"
		" error = VALUES(error)";

	return record(my(c), row, sql, "recording progress in the history",
		      err);
}

static int myd_history_forget(struct sd_conn *c, const char *schema_name,
			      const char *version, struct sd_error *err)
{
	static const char sql[] =
		"DELETE FROM " MY_HISTORY_TABLE
		" WHERE schema_name = ? AND version = ?";
	struct my_conn *mc = my(c);
	const char *params[2] = { schema_name, version };

	return run(mc, mc->h, "removing the undone version from the history",
		   sql, 2, params, NULL, err);
}

/* The log of reverts (see pg.c): one row each time migrate undid a
 * version, whose history row is deleted. */
static const char reverts_exists_sql[] =
	"SELECT COUNT(*) FROM information_schema.TABLES"
	" WHERE TABLE_SCHEMA = DATABASE()"
	" AND BINARY TABLE_NAME = '" MY_REVERTS_TABLE "'";

static const char reverts_create_sql[] =
	"CREATE TABLE IF NOT EXISTS " MY_REVERTS_TABLE " (\n"
	"    schema_name varchar(255) NOT NULL,\n"
	"    version varchar(255) NOT NULL,\n"
	"    checksum varchar(255) NOT NULL,\n"
	"    reverted_at datetime(3) NOT NULL DEFAULT utc_timestamp(3),\n"
	"    duration_ms bigint NOT NULL,\n"
	"    reverted_by varchar(255) NOT NULL,\n"
	"    tool_version varchar(64) NOT NULL,\n"
	"    statements bigint NOT NULL,\n"
	"    seq bigint NOT NULL AUTO_INCREMENT PRIMARY KEY\n"
	") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
	" COMMENT='versions undone by schemadiff migrate --to: one row per undo'";

static int reverts_exist(struct my_conn *mc, int *exists, struct sd_error *err)
{
	struct mysd_rows rows = MYSD_ROWS_INIT;
	int ret;

	ret = run(mc, mc->h, "reading the log of reverts", reverts_exists_sql,
		  0, NULL, &rows, err);
	if (ret)
		return ret;
	*exists = rows.nrows == 1 && mysd_cell(&rows, 0, 0) &&
		  strcmp(mysd_cell(&rows, 0, 0), "0");
	mysd_rows_release(&rows);
	return 0;
}

static int myd_history_revert(struct sd_conn *c,
			      const struct sd_history_row *row,
			      struct sd_error *err)
{
	static const char sql[] =
		"INSERT INTO " MY_REVERTS_TABLE
		" (schema_name, version, checksum, reverted_at, duration_ms,"
		"  reverted_by, tool_version, statements)"
		" VALUES (?, ?, ?, utc_timestamp(3), CAST(? AS SIGNED),"
		"  COALESCE(?, CASE WHEN ? = '' THEN SUBSTRING_INDEX(USER(), '@', 1)"
		"   ELSE CONCAT(SUBSTRING_INDEX(USER(), '@', 1), '@', ?) END),"
		"  ?, CAST(? AS SIGNED))";
	struct my_conn *mc = my(c);
	struct sd_history_text tx;
	const char *params[9];
	int exists, ret;

	/* CREATE TABLE commits what the transaction holds: the down's
	 * statements, which MySQL committed one by one anyway */
	ret = reverts_exist(mc, &exists, err);
	if (!ret && !exists)
		ret = run(mc, mc->h, "creating the log of reverts " MY_REVERTS_TABLE,
			  reverts_create_sql, 0, NULL, NULL, err);
	if (!ret)
		ret = myd_history_forget(c, row->schema_name, row->version, err);
	if (ret)
		return ret;
	sd_history_text(row, &tx);
	params[0] = row->schema_name;
	params[1] = row->version;
	params[2] = row->checksum;
	params[3] = tx.duration;
	params[4] = row->applied_by;
	params[5] = tx.host;
	params[6] = tx.host;
	params[7] = row->tool_version;
	params[8] = tx.done;
	return run(mc, mc->h, "recording the undone version", sql, 9, params,
		   NULL, err);
}

static int myd_history_reverts_read(struct sd_conn *c, const char *schema_name,
				    struct sd_history *out,
				    struct sd_error *err)
{
	static const char sql[] =
		"SELECT version, checksum,"
		" CONCAT(DATE_FORMAT(reverted_at, '%Y-%m-%dT%H:%i:%s.'),"
		"  LPAD(FLOOR(MICROSECOND(reverted_at) / 1000), 3, '0'), 'Z'),"
		" duration_ms, reverted_by, tool_version, statements"
		" FROM " MY_REVERTS_TABLE " WHERE schema_name = ? ORDER BY seq";
	struct my_conn *mc = my(c);
	const char *params[1] = { schema_name };
	struct mysd_rows rows = MYSD_ROWS_INIT;
	int ret;

	arena_init(&out->arena);
	out->rows = NULL;
	out->nrows = 0;
	ret = reverts_exist(mc, &out->exists, err);
	if (ret || !out->exists)
		return ret;
	ret = run(mc, mc->h, "reading the log of reverts", sql, 1, params,
		  &rows, err);
	if (ret)
		return ret;
	out->rows = arena_alloc(&out->arena,
				(rows.nrows + 1) * sizeof(*out->rows));
	for (size_t i = 0; i < rows.nrows; i++) {
		struct sd_history_row *r = &out->rows[i];
		struct arena *a = &out->arena;
		const char *v;

		r->schema_name = arena_strdup(a, schema_name);
		r->version = arena_strdup(a, mysd_cell(&rows, i, 0));
		r->checksum = arena_strdup(a, mysd_cell(&rows, i, 1));
		r->applied_at = arena_strdup(a, mysd_cell(&rows, i, 2));
		v = mysd_cell(&rows, i, 3);
		r->duration_ms = v ? strtoll(v, NULL, 10) : 0;
		r->applied_by = arena_strdup(a, mysd_cell(&rows, i, 4));
		r->tool_version = arena_strdup(a, mysd_cell(&rows, i, 5));
		r->outcome = "reverted";
		v = mysd_cell(&rows, i, 6);
		r->statements_done = v ? strtoll(v, NULL, 10) : 0;
	}
	out->nrows = rows.nrows;
	mysd_rows_release(&rows);
	return 0;
}

static int myd_has_user_objects(struct sd_conn *c, int *found,
			       struct strbuf *example, struct sd_error *err)
{
	/* Tables, views, sequences, routines and events of the current
	 * database, less the history table. */
	static const char sql[] =
		"SELECT o.kind, DATABASE(), o.name FROM ("
		" SELECT CASE TABLE_TYPE WHEN 'VIEW' THEN 'view'"
		"  WHEN 'SEQUENCE' THEN 'sequence' ELSE 'table' END AS kind,"
		"  TABLE_NAME AS name FROM information_schema.TABLES"
		"  WHERE TABLE_SCHEMA = DATABASE()"
		"  AND BINARY TABLE_NAME NOT IN ('" MY_HISTORY_TABLE "', '" MY_REVERTS_TABLE "')"
		" UNION ALL SELECT LOWER(ROUTINE_TYPE), ROUTINE_NAME"
		"  FROM information_schema.ROUTINES"
		"  WHERE ROUTINE_SCHEMA = DATABASE()"
		" UNION ALL SELECT 'event', EVENT_NAME"
		"  FROM information_schema.EVENTS"
		"  WHERE EVENT_SCHEMA = DATABASE()"
		") o ORDER BY BINARY o.name, o.kind LIMIT 1";
	struct my_conn *mc = my(c);
	struct mysd_rows rows = MYSD_ROWS_INIT;
	int ret;

	*found = 0;
	ret = run(mc, mc->h, "looking for existing objects", sql, 0, NULL,
		  &rows, err);
	if (ret)
		return ret;
	if (rows.nrows > 0) {
		*found = 1;
		if (example)
			strbuf_addf(example, "%s %s.%s",
				    mysd_cell(&rows, 0, 0),
				    mysd_cell(&rows, 0, 1),
				    mysd_cell(&rows, 0, 2));
	}
	mysd_rows_release(&rows);
	return 0;
}

static int myd_server_version(struct sd_conn *c, struct strbuf *text, int *num,
			     struct sd_error *err)
{
	struct my_conn *mc = my(c);
	const char *info = mysql_get_server_info(mc->h);

	if (num)
		*num = (int)mysql_get_server_version(mc->h);
	if (text) {
		int maria = info && strstr(info, "MariaDB");

		/* "10.11.19-MariaDB-0+deb12u1" -> "MariaDB 10.11.19"; old
		 * servers prefix "5.5.5-" for replication's sake */
		if (maria && !strncmp(info, "5.5.5-", 6))
			info += 6;
		strbuf_addf(text, "%s %.*s", maria ? "MariaDB" : "MySQL",
			    info ? (int)strcspn(info, "-") : 9,
			    info ? info : "(unknown)");
	}
	return 0;
}

/* Sessions that read the catalog beside the connection's own: the
 * information_schema queries of thousands of tables each take the server
 * a few hundred milliseconds of one core. */
#define MY_INTROSPECT_SESSIONS 2

static int myd_introspect_op(struct sd_conn *c, struct catalog *cat,
			    unsigned *nqueries, struct sd_error *err)
{
	struct my_conn *mc = my(c);
	MYSQL *more[MY_INTROSPECT_SESSIONS];
	size_t nmore = 0;
	int ret;

	/* a session that cannot be opened only makes the reading slower */
	while (nmore < MY_INTROSPECT_SESSIONS) {
		struct sd_error ignored = { 0 };
		MYSQL *h = open_session(mc, &mc->p, mc->p.db, "", &ignored);
		if (!h)
			break;
		more[nmore++] = h;
	}
	ret = mysql_introspect(mc->h, more, nmore, cat, nqueries, err);
	while (nmore)
		mysql_close(more[--nmore]);
	return ret;
}

static int access_denied(unsigned code)
{
	return code == ER_DBACCESS_DENIED_ERROR ||
	       code == ER_ACCESS_DENIED_ERROR ||
	       code == ER_TABLEACCESS_DENIED_ERROR ||
	       code == ER_SPECIFIC_ACCESS_DENIED_ERROR;
}

/*
 * Scratch databases are named schemadiff_scratch_<pid>_<n>, with the
 * target database's default character set and collation (so that columns
 * without their own read back alike), and dropped by scratch_drop.
 */
/* A my_conn with mc's parameters on database db (copied), no session
 * yet. */
static struct my_conn *conn_like(const struct my_conn *mc, const char *db)
{
	struct my_conn *nc = calloc(1, sizeof(*nc));

	if (!nc)
		abort();
	nc->base.drv = &sd_driver_mysql;
	nc->url = xstrdup(mc->url);
	nc->p.user = xstrdup_null(mc->p.user);
	nc->p.password = xstrdup_null(mc->p.password);
	nc->p.host = xstrdup_null(mc->p.host);
	nc->p.port = mc->p.port;
	nc->p.socket = xstrdup_null(mc->p.socket);
	nc->p.db = xstrdup_null(db);
	return nc;
}

static int myd_session(struct sd_conn *c, struct sd_conn **out,
		       struct sd_error *err)
{
	struct my_conn *mc = my(c), *nc = conn_like(mc, mc->p.db);

	*out = NULL;
	nc->h = open_session(mc, &nc->p, nc->p.db, "", err);
	if (!nc->h) {
		myd_close(&nc->base);
		return SD_ERR_DB;
	}
	*out = &nc->base;
	return 0;
}

/* Drop the scratch databases whose owner is gone (driver.h), as the
 * database comment (MariaDB 10.5+) records it; servers without database
 * comments have none to sweep. Failures are warnings. */
static void myd_scratch_sweep(struct my_conn *mc)
{
	struct mysd_rows rows = MYSD_ROWS_INIT;
	struct strbuf drop = STRBUF_INIT;

	if (run(mc, mc->h, "listing scratch databases",
		"SELECT SCHEMA_NAME, SCHEMA_COMMENT FROM information_schema.SCHEMATA"
		" WHERE SCHEMA_NAME LIKE 'schemadiff\\_scratch\\_%'", 0, NULL,
		&rows, NULL))
		return;
	for (size_t i = 0; i < rows.nrows; i++) {
		struct sd_error e = { 0 };
		const char *name = mysd_cell(&rows, i, 0);

		if (!name || !sd_scratch_owner_gone(mysd_cell(&rows, i, 1)))
			continue;
		strbuf_reset(&drop);
		strbuf_addstr(&drop, "DROP DATABASE IF EXISTS ");
		sql_quote_ident(&drop, SQL_MYSQL, name);
		if (run(mc, mc->h, "dropping a leftover scratch database",
			drop.buf, 0, NULL, NULL, &e))
			sd_warn(NULL, 0, 0, "%s", e.msg);
		else
			sd_warn(NULL, 0, 0, "dropped the leftover scratch database %s of a run that is gone",
				name);
	}
	mysd_rows_release(&rows);
	strbuf_release(&drop);
}

static int myd_scratch_create(struct sd_conn *c, struct sd_conn **scratch,
			     struct sd_error *err)
{
	struct my_conn *mc = my(c), *sc;
	struct strbuf name = STRBUF_INIT, sql = STRBUF_INIT;
	struct mysd_rows rows = MYSD_ROWS_INIT;
	int ret;

	*scratch = NULL;
	ret = run(mc, mc->h, "reading the database's character set",
		  "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME"
		  " FROM information_schema.SCHEMATA"
		  " WHERE SCHEMA_NAME = DATABASE()", 0, NULL, &rows, err);
	if (ret)
		return ret;
	myd_scratch_sweep(mc);
	sd_scratch_name(&name);
	strbuf_addstr(&sql, "CREATE DATABASE ");
	sql_quote_ident(&sql, SQL_MYSQL, name.buf);
	if (rows.nrows == 1 && mysd_cell(&rows, 0, 0) &&
	    mysd_cell(&rows, 0, 1)) {
		strbuf_addstr(&sql, " CHARACTER SET ");
		sql_quote_ident(&sql, SQL_MYSQL, mysd_cell(&rows, 0, 0));
		strbuf_addstr(&sql, " COLLATE ");
		sql_quote_ident(&sql, SQL_MYSQL, mysd_cell(&rows, 0, 1));
	}
	mysd_rows_release(&rows);
	{
		/* the owner, for a later run's sweep: MariaDB 10.5+ keeps a
		 * database comment; others refuse the clause (then made
		 * without it) */
		struct strbuf owner = STRBUF_INIT, with = STRBUF_INIT;

		sd_scratch_owner(&owner);
		strbuf_addf(&with, "%s COMMENT ", sql.buf);
		sql_quote_literal(&with, SQL_MYSQL, owner.buf);
		if (!mysql_real_query(mc->h, with.buf, with.len))
			strbuf_reset(&sql);
		strbuf_release(&owner);
		strbuf_release(&with);
	}
	if (sql.len && mysql_real_query(mc->h, sql.buf, sql.len)) {
		unsigned code = mysql_errno(mc->h);

		mysd_set_error(mc->h, NULL, mc->p.password, err);
		if (access_denied(code)) {
			struct strbuf msg = STRBUF_INIT;

			strbuf_addstr(&msg, err->msg);
			ret = sd_error_set(err, SD_ERR_UNSUPPORTED, NULL, 0, 0,
					   "user may not create a scratch database: %s",
					   msg.buf);
			strbuf_release(&msg);
		} else {
			struct strbuf msg = STRBUF_INIT;

			strbuf_addstr(&msg, err->msg);
			ret = sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
					   "creating a scratch database: %s",
					   msg.buf);
			strbuf_release(&msg);
		}
		sd_error_hint(err, "normalizing the desired schema needs a scratch database on the server: GRANT CREATE, DROP ON `schemadiff\\_scratch\\_%%`.* to this user");
		goto out;
	}
	sc = conn_like(mc, name.buf);
	sc->h = open_session(mc, &sc->p, sc->p.db, " to the scratch database",
			     err);
	if (!sc->h) {
		ret = SD_ERR_DB;
		strbuf_reset(&sql);
		strbuf_addstr(&sql, "DROP DATABASE IF EXISTS ");
		sql_quote_ident(&sql, SQL_MYSQL, sc->p.db);
		run(mc, mc->h, "drop the scratch database", sql.buf, 0, NULL,
		    NULL, NULL);
		myd_close(&sc->base);
		goto out;
	}
	*scratch = &sc->base;
out:
	strbuf_release(&name);
	strbuf_release(&sql);
	return ret;
}

static int myd_scratch_drop(struct sd_conn *c, struct sd_conn *scratch,
			   struct sd_error *err)
{
	struct my_conn *mc = my(c);
	struct strbuf sql = STRBUF_INIT;
	int ret;

	if (!scratch)
		return 0;
	strbuf_addstr(&sql, "DROP DATABASE IF EXISTS ");
	sql_quote_ident(&sql, SQL_MYSQL, my(scratch)->p.db);
	myd_close(scratch);
	ret = run(mc, mc->h, "drop the scratch database", sql.buf, 0, NULL,
		  NULL, err);
	strbuf_release(&sql);
	return ret;
}

static int myd_search_path(struct sd_conn *c, struct strbuf *out,
			  struct sd_error *err)
{
	struct my_conn *mc = my(c);
	struct mysd_rows rows = MYSD_ROWS_INIT;
	int ret;

	ret = run(mc, mc->h, "read the current database", "SELECT DATABASE()",
		  0, NULL, &rows, err);
	if (ret)
		return ret;
	if (rows.nrows == 1 && mysd_cell(&rows, 0, 0))
		sql_quote_ident(out, SQL_MYSQL, mysd_cell(&rows, 0, 0));
	mysd_rows_release(&rows);
	return 0;
}

static int myd_table_sizes(struct sd_conn *c, size_t n,
			   const char *const *schemas,
			   const char *const *names, long long *bytes,
			   long long *rows, struct sd_error *err)
{
	struct my_conn *mc = my(c);
	struct mysd_rows r = MYSD_ROWS_INIT;
	struct strbuf sql = STRBUF_INIT;
	const char **params = calloc(2 * n + 1, sizeof(*params));
	size_t np = 0;
	int ret;

	if (!params)
		abort();
	/* (schema, name) pairs as parameters; a NULL schema is the current
	 * database */
	strbuf_addstr(&sql, "SELECT TABLE_SCHEMA, TABLE_NAME, DATA_LENGTH + INDEX_LENGTH, "
			    "TABLE_ROWS, TABLE_SCHEMA = DATABASE() FROM information_schema.TABLES WHERE ");
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(&sql, i ? " OR " : "");
		if (schemas[i]) {
			strbuf_addstr(&sql, "(TABLE_SCHEMA = ? AND TABLE_NAME = ?)");
			params[np++] = schemas[i];
		} else {
			strbuf_addstr(&sql, "(TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?)");
		}
		params[np++] = names[i];
	}
	for (size_t i = 0; i < n; i++)
		bytes[i] = rows[i] = -1;
	ret = run(mc, mc->h, "read the tables' sizes", sql.buf, np, params,
		  &r, err);
	strbuf_release(&sql);
	free(params);
	if (ret)
		return ret;
	for (size_t k = 0; k < r.nrows; k++) {
		const char *s = mysd_cell(&r, k, 0), *t = mysd_cell(&r, k, 1);
		const char *b = mysd_cell(&r, k, 2), *rw = mysd_cell(&r, k, 3);
		const char *cur = mysd_cell(&r, k, 4);

		for (size_t i = 0; s && t && i < n; i++) {
			if (strcmp(names[i], t) ||
			    (schemas[i] ? strcmp(schemas[i], s)
					: !(cur && !strcmp(cur, "1"))))
				continue;
			bytes[i] = b ? strtoll(b, NULL, 10) : -1;
			rows[i] = rw ? strtoll(rw, NULL, 10) : -1;
		}
	}
	mysd_rows_release(&r);
	return 0;
}

const struct sd_driver sd_driver_mysql = {
	.name = "mysql",
	.dialect = SQL_MYSQL,
	.transactional_ddl = 0,
	.connect = myd_connect,
	.close = myd_close,
	.exec = myd_exec,
	.begin = myd_begin,
	.commit = myd_commit,
	.rollback = myd_rollback,
	.lock = myd_lock,
	.unlock = myd_unlock,
	.lock_check = myd_lock_check,
	.history_ensure = myd_history_ensure,
	.history_read = myd_history_read,
	.history_record = myd_history_record,
	.history_forget = myd_history_forget,
	.history_revert = myd_history_revert,
	.history_reverts_read = myd_history_reverts_read,
	.history_progress = myd_history_progress,
	.has_user_objects = myd_has_user_objects,
	.server_version = myd_server_version,
	.introspect = myd_introspect_op,
	.scratch_create = myd_scratch_create,
	.scratch_drop = myd_scratch_drop,
	.session = myd_session,
	.search_path = myd_search_path,
	.table_sizes = myd_table_sizes,
};
