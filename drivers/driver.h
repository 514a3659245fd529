/*
 * drivers/driver.h: one interface to every database engine. A struct
 * sd_driver is a table of operations; each engine (pg.c now, mysql.c later)
 * fills one, and sd_driver_connect() picks it from the connection string.
 * Engine specifics (SQL text, client library calls) stay in the engine's
 * file; cli/ talks to a database only through these operations.
 *
 * Memory: a struct sd_conn is made by connect and released by close (which
 * also ends the lock session, if any). A struct sd_history owns an arena
 * with its rows; sd_history_release() frees it. Nothing returned points into
 * a client library's result: results are copied and released at once.
 *
 * Errors: operations return 0 or a negative SD_ERR_* and fill struct
 * sd_error; they never print or exit. A password never appears in an error
 * message (see sd_redact_url()).
 */
#ifndef SD_DRIVER_H
#define SD_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/error.h"
#include "util/sqlquote.h"
#include "util/strbuf.h"

struct sd_driver;
struct catalog;
struct schema_root;
struct spec_version;

/* A connection. Each driver embeds this as the first member of its own
 * struct and keeps its client handles there. */
struct sd_conn {
	const struct sd_driver *drv;
};

/* One row of the history table (schemadiff.schemadiff_history on
 * PostgreSQL). Strings live in the owning struct sd_history's arena (when
 * read) or are the caller's (when recorded). */
struct sd_history_row {
	const char *schema_name;
	const char *version;
	const char *checksum;
	const char *applied_at;	/* as the server prints it; NULL when
				 * recording (the server's now()) */
	long long duration_ms;
	const char *applied_by;	/* NULL when recording: the driver uses the
				 * database user and the client's host name */
	const char *tool_version;
	const char *outcome;	/* "applied" or "baseline"; engines without
				 * transactional DDL, and PostgreSQL versions
				 * with online steps, also "running" and
				 * "failed" (see history_progress) */
	/* those: statements of the version that completed (all of them
	 * when applied), and for "failed" the server's message for the
	 * statement that failed; 0 / NULL otherwise */
	long long statements_done;
	const char *error;
};

/* A history row's figures as text and this host's name: the drivers'
 * INSERT parameters for the history and the log of reverts. */
struct sd_history_text {
	char duration[32], done[32], host[256];
};
void sd_history_text(const struct sd_history_row *row,
		     struct sd_history_text *t);

struct sd_history {
	struct arena arena;
	int exists;		/* 0: the history table does not exist yet */
	struct sd_history_row *rows;	/* sorted by version value */
	size_t nrows;
};

#define SD_HISTORY_INIT { ARENA_INIT, 0, NULL, 0 }

void sd_history_release(struct sd_history *h);
/* The row whose version equals version by value, or NULL. */
const struct sd_history_row *sd_history_find(const struct sd_history *h,
					     const char *version);

/* Wait forever for the deploy lock (sd_driver.lock's timeout_ms). */
#define SD_LOCK_WAIT_FOREVER (-1L)

struct sd_driver {
	const char *name;	/* the schema root's system-type it serves */
	enum sql_dialect dialect;	/* of the catalogs it reads */
	/* 1: a DDL statement can be rolled back (PostgreSQL); 0: each one
	 * commits at once (MySQL, MariaDB): begin/commit/rollback then only
	 * frame the history row, and runs record their progress */
	int transactional_ddl;

	/* Connect. url: whatever the engine's users write (for PostgreSQL a
	 * libpq conninfo or postgres:// URL; "" or NULL: the environment).
	 * SD_ERR_DB with the address redacted when the server cannot be
	 * reached or refuses. */
	int (*connect)(const char *url, struct sd_conn **out,
		       struct sd_error *err);
	/* Release everything, the lock session included. NULL is fine. */
	void (*close)(struct sd_conn *c);

	/* Run one statement. On a server error: SD_ERR_DB, err->msg holds the
	 * server's message (and its detail on following lines, "detail: "),
	 * err->hint the server's hint; *errpos (when not NULL) the 1-based
	 * character position the server gave within sql, or 0. */
	int (*exec)(struct sd_conn *c, const char *sql, int *errpos,
		    struct sd_error *err);
	int (*begin)(struct sd_conn *c, struct sd_error *err);
	int (*commit)(struct sd_conn *c, struct sd_error *err);
	/* Roll back; also fine when the connection is already lost. */
	int (*rollback)(struct sd_conn *c, struct sd_error *err);

	/* Take the deploy lock named `name` (the schema name) on a session of
	 * its own, opened here and held until unlock or close; so the lock
	 * outlives a failure of the main session, and ends with the process.
	 * timeout_ms: SD_LOCK_WAIT_FOREVER, 0 (try once) or milliseconds.
	 * SD_ERR_CONFLICT when another session holds it past the timeout:
	 * `another schemadiff run holds the lock for schema "NAME"`. */
	int (*lock)(struct sd_conn *c, const char *name, long timeout_ms,
		    struct sd_error *err);
	/* Release the lock and end the lock session. No-op when not held. */
	int (*unlock)(struct sd_conn *c, struct sd_error *err);
	/* Check, on the main session, that the lock session still holds
	 * the lock taken by lock (it may have been killed, or its network
	 * cut): SD_ERR_CONFLICT saying so when it does not. No-op when no
	 * lock was taken. */
	int (*lock_check)(struct sd_conn *c, struct sd_error *err);

	/* Create the history table (and its schema) when missing. */
	int (*history_ensure)(struct sd_conn *c, struct sd_error *err);
	/* Read the rows of schema_name into out (which must be
	 * SD_HISTORY_INIT); a missing table gives no rows, out->exists = 0. */
	int (*history_read)(struct sd_conn *c, const char *schema_name,
			    struct sd_history *out, struct sd_error *err);
	/* Insert one row, inside the caller's transaction. */
	int (*history_record)(struct sd_conn *c,
			      const struct sd_history_row *row,
			      struct sd_error *err);
	/* Delete the row (schema_name, version: as recorded), inside the
	 * caller's transaction: the version was undone (migrate down). */
	int (*history_forget)(struct sd_conn *c, const char *schema_name,
			      const char *version, struct sd_error *err);
	/* The version was undone (migrate down): delete its history row and
	 * append to the log of reverts (schemadiff_reverts, beside the
	 * history table; created when missing), inside the caller's
	 * transaction. row: schema_name, version, checksum (of its files),
	 * duration_ms and statements_done (of the down), tool_version;
	 * applied_by NULL: the database user and the client's host name. */
	int (*history_revert)(struct sd_conn *c,
			      const struct sd_history_row *row,
			      struct sd_error *err);
	/* The reverts of schema_name, oldest first, as rows whose applied_at
	 * and applied_by say when and by whom the version was undone,
	 * outcome "reverted"; no table: no rows, out->exists = 0. */
	int (*history_reverts_read)(struct sd_conn *c, const char *schema_name,
				    struct sd_history *out,
				    struct sd_error *err);
	/* Engines whose DDL is not transactional (transactional_ddl 0):
	 * insert or update the row (schema_name, version) at once, in its
	 * own autocommitted statement, with outcome "running" before the
	 * first statement of a version, statements_done after each one,
	 * then "applied" or "failed" (with error). PostgreSQL: for the
	 * versions with online steps (version.json's "steps"), the first
	 * row inside the version's transaction, then one per step. */
	int (*history_progress)(struct sd_conn *c,
				const struct sd_history_row *row,
				struct sd_error *err);

	/* *found = 1 when the database holds a table, view, sequence, type or
	 * function outside the system schemas, the history schema and
	 * extensions; then `example` gets one of them ("table public.t"). */
	int (*has_user_objects)(struct sd_conn *c, int *found,
				struct strbuf *example, struct sd_error *err);
	/* Server version as text ("PostgreSQL 15.18") and as a number
	 * (150018). Either output may be NULL. */
	int (*server_version)(struct sd_conn *c, struct strbuf *text, int *num,
			      struct sd_error *err);

	/* Read every user object of the database into cat (empty, of the
	 * engine's dialect), in one consistent snapshot. *nqueries (when not
	 * NULL) gets the number of catalog queries sent: a fixed number,
	 * whatever the number of objects. */
	int (*introspect)(struct sd_conn *c, struct catalog *cat,
			  unsigned *nqueries, struct sd_error *err);

	/* A new, empty scratch database on the same server, and a connection
	 * to it: where a parsed catalog is created for real so that the
	 * server prints it in its own canonical form. The caller always ends
	 * with scratch_drop (which closes `scratch` and drops the database,
	 * also after a failure). SD_ERR_UNSUPPORTED when the role may not
	 * create databases (nothing was tried). */
	int (*scratch_create)(struct sd_conn *c, struct sd_conn **scratch,
			      struct sd_error *err);
	int (*scratch_drop)(struct sd_conn *c, struct sd_conn *scratch,
			    struct sd_error *err);
	/* Drop the leftover scratch databases of dead runs (scratch_create
	 * does it too), for a run that needs no scratch database; NULL when
	 * the driver has none to sweep */
	void (*scratch_sweep)(struct sd_conn *c);

	/* Another session on c's database with c's credentials (closed
	 * with close), for work sent side by side; NULL where the engine
	 * gains nothing from it. */
	int (*session)(struct sd_conn *c, struct sd_conn **out,
		       struct sd_error *err);

	/* The session's search path as a list of schema names, ", "
	 * separated, each quoted as an identifier, "$user" resolved: how the
	 * session resolves unqualified names. */
	int (*search_path)(struct sd_conn *c, struct strbuf *out,
			   struct sd_error *err);

	/* What the server knows of n tables' sizes, in one query: bytes[i]
	 * the total size on disk of schemas[i].names[i] (indexes and TOAST
	 * included), rows[i] its row estimate (the planner's), -1 each when
	 * unknown (no such table, never analyzed). schemas[i] NULL: the
	 * current database (MySQL). For hazards of live plans
	 * (ops/hazards.c). */
	int (*table_sizes)(struct sd_conn *c, size_t n,
			   const char *const *schemas,
			   const char *const *names, long long *bytes,
			   long long *rows, struct sd_error *err);
};

/*
 * Runtime limits and cancellation, process-wide (set by the program before
 * it starts an operation):
 * - connect timeout: every session a driver opens gives up after it
 *   (libpq connect_timeout; MySQL connect, read and write timeouts);
 *   0: the default, SD_CONNECT_TIMEOUT_DEFAULT_MS.
 * - a deadline of the calling thread (sd_deadline_set, seconds on the
 *   monotonic clock, 0: none): connections and statements of that thread
 *   are bounded by what is left of it (drift's --target-timeout).
 * - cancel: sd_cancel_request() may be called from a signal handler; it
 *   records the signal and asks the server to cancel every statement in
 *   flight (PQcancel). Drivers and operations then stop at the next check
 *   with SD_ERR_CANCELLED; clean-up (ROLLBACK, unlock, dropping scratch
 *   databases) still runs.
 */
#define SD_CONNECT_TIMEOUT_DEFAULT_MS 10000L
void sd_set_connect_timeout(long ms);
long sd_connect_timeout_ms(void);
void sd_deadline_set(double at);
/* Seconds left before this thread's deadline; a large number without. */
double sd_deadline_left(void);
/* The timeout (ms) for the next connection of this thread: the connect
 * timeout, or less when the thread's deadline is nearer. */
long sd_next_connect_timeout_ms(void);
void sd_cancel_request(int signo);
/* The signal of the cancel request, or 0. */
int sd_cancel_signal(void);
/* SD_ERR_CANCELLED (err filled) after a cancel request, else 0. */
int sd_cancel_check(struct sd_error *err);
/* Drivers register a function that sd_cancel_request() calls (from a
 * signal handler: async-signal-safe only). */
void sd_cancel_hook(void (*fn)(void));

/*
 * Scratch databases: a unique name (schemadiff_scratch_<pid>_<random>) and
 * an owner record the driver stores with the database (COMMENT ON
 * DATABASE, MariaDB's database comment): "schemadiff scratch host=H
 * pid=P pstart=S created=EPOCH". A later run sweeps the ones whose owner
 * is gone: same host and that process no longer runs (pid gone, or another
 * process with that pid), or created more than a day ago.
 */
#define SD_SCRATCH_PREFIX "schemadiff_scratch_"
void sd_scratch_name(struct strbuf *out);
void sd_scratch_owner(struct strbuf *out);
/* 1 when the owner recorded in comment is gone (see above); 0 when it
 * may still run or the comment is not ours. */
int sd_scratch_owner_gone(const char *comment);

extern const struct sd_driver sd_driver_pg;
extern const struct sd_driver sd_driver_mysql;

/* The driver for a connection string: postgres://, postgresql://, a libpq
 * conninfo string or ""/NULL (environment) -> PostgreSQL; mysql:// and
 * mariadb:// -> MySQL / MariaDB (drivers/mysql.c); any other scheme://
 * -> SD_ERR. */
int sd_driver_for_url(const char *url, const struct sd_driver **out,
		      struct sd_error *err);
/* sd_driver_for_url() and then its connect. */
int sd_driver_connect(const char *url, struct sd_conn **out,
		      struct sd_error *err);

/*
 * Append url with its password replaced by "***": URL userinfo
 * (`scheme://user:secret@host` -> `scheme://user:***@host`), a URL query
 * parameter (`?password=secret` -> `?password=***`) and conninfo
 * (`password=secret`, `password = 'se cret'` -> `password=***`). Anything
 * else is copied as it is. NULL or "" appends "(environment)".
 */
void sd_redact_url(const char *url, struct strbuf *out);
/* Overwrite, in place, every password that sd_redact_url() would hide
 * with 'x' (the string keeps its length); returns the number of
 * passwords found. For argv: ps and /proc/PID/cmdline then show no
 * secret. */
int sd_scrub_password(char *url);
/* Append text with every occurrence of secret replaced by "***" (secret
 * NULL or "": copied as it is). For client-library messages that may echo
 * a connection string. */
void sd_redact_text(const char *text, const char *secret, struct strbuf *out);

/* The deploy lock key of a name: 64-bit FNV-1a over "schemadiff:" and the
 * name's bytes, as a signed integer (pg_advisory_lock(bigint)). Stable:
 * changing it would let an old and a new schemadiff run at once. */
int64_t sd_lock_key(const char *name);

/*
 * A schema root compared with a database's history: what status reports and
 * what migrate runs. Indexes are into root->versions. malloc'd arrays;
 * sd_history_plan_release() frees them (the rows point into the history,
 * the versions into the root: keep both alive).
 */
struct sd_history_plan {
	const char *current;	/* greatest recorded version, or NULL */
	const char *baseline;	/* greatest version recorded as baseline */
	size_t *applied;	/* recorded and in the root */
	size_t napplied;
	size_t *pending;	/* above current: to run, in order */
	size_t npending;
	size_t *mismatch;	/* recorded with another checksum */
	size_t nmismatch;
	size_t *skipped;	/* not recorded, below current, above the
				 * baseline: added out of order */
	size_t nskipped;
	const struct sd_history_row **unknown;	/* recorded, not in root */
	size_t nunknown;
	/* engines without transactional DDL: the version that stopped part
	 * way ("failed" or "running"), listed in pending; NULL when none */
	const struct sd_history_row *incomplete;
};

/* 1 when a history row is of a version that stopped part way. */
int sd_history_row_incomplete(const struct sd_history_row *r);

void sd_history_plan_build(const struct schema_root *root,
			   const struct sd_history *h,
			   struct sd_history_plan *plan);
void sd_history_plan_release(struct sd_history_plan *plan);

#endif
