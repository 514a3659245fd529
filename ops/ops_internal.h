/*
 * ops/ops_internal.h: what the operations in ops/ share and a program
 * embedding the engine does not need: loading sources, connecting,
 * introspecting, normalizing through a scratch database, executing change
 * sets and scripts, the deploy lock, and sending events.
 *
 * Memory: catalogs and connections returned here belong to the caller
 * (catalog_free, drv->close). Nothing here prints or exits; what a user
 * should see goes through the struct ops_events given.
 */
#ifndef SD_OPS_INTERNAL_H
#define SD_OPS_INTERNAL_H

#include "schemadiff.h"

struct changeset;
struct sd_conn;

/* Send an event of kind with a printf-formatted message (no newline). */
void ops_emit(const struct ops_events *ev, enum ops_event_kind kind,
	      const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Send ev as it is (ev->kind, ev->message ...). */
void ops_emit_event(const struct ops_events *ev, const struct ops_event *e);
/* While an operation runs, this thread's sd_warn() go to ev as
 * OPS_EVENT_WARNING; ops_warn_end() puts back what *saved holds. */
void ops_warn_begin(const struct ops_events *ev, struct sd_warn_sink *saved);
void ops_warn_end(const struct sd_warn_sink *saved);
/* Seconds on the monotonic clock. */
double ops_now(void);

/* --- ops/runtime.c -------------------------------------------------------- */

/* "SIGINT", "SIGTERM" or "a signal": what ops_cancel() was given. */
const char *ops_signal_name(void);
/* OPS_EVENT_STEP: statement index (1-based) of total done in seconds. */
void ops_emit_step(const struct ops_events *ev, size_t index, size_t total,
		   const char *stmt, double seconds);

/* --- ops/load.c ----------------------------------------------------------- */

/* One source (see struct ops_load_opts) into a new catalog; files only,
 * not databases. */
int ops_load_source(const char *source, enum sql_dialect dialect,
		    struct catalog **out, struct sd_error *err);
/* Desired SQL files/folders into a new catalog, each file starting from
 * search_path (NULL: public). */
int ops_load_desired(const char *const *paths, size_t n,
		     const char *search_path, enum sql_dialect dialect,
		     struct catalog **out, struct sd_error *err);
/* Parse the desired files again as conn's session resolves unqualified
 * names (its search_path), when that is not just public; *cat is
 * replaced. */
int ops_reload_for_session(struct sd_conn *conn, const char *const *paths,
			   size_t n, struct catalog **cat,
			   struct sd_error *err);
/* The dialect of a schema root's system-type. */
enum sql_dialect ops_root_dialect(const struct schema_root *root);
/* The dialect of the database a URL names (no connection is made). */
int ops_url_dialect(const char *url, enum sql_dialect *out,
		    struct sd_error *err);
/* Connect to url and check that the database is of root's dialect
 * (SD_ERR_UNSUPPORTED naming both, in `where` when given; the connection
 * is closed then). */
int ops_connect_root(const char *url, const struct schema_root *root,
		     const char *where, struct sd_conn **out,
		     struct sd_error *err);
/* Read the live database into a new catalog. */
int ops_introspect(struct sd_conn *conn, const struct ops_events *ev,
		   struct catalog **out, struct sd_error *err);
/* Schemas that parsed objects live in but the parsed files never create
 * exist outside them (as public does): where the live database has them,
 * add them to `parsed` so that the diff keeps them. */
void ops_adopt_external_schemas(struct catalog *parsed,
				const struct catalog *live);

/* --- ops/normalize.c ------------------------------------------------------ */

/* Create `parsed` in a scratch database on conn's server and read it back:
 * the server's own canonical form of the parsed catalog. When the role
 * may not create databases and `live` (conn's database, as introspected)
 * is given, the same is done in a transaction on conn's database that is
 * rolled back. */
int ops_normalize(struct sd_conn *conn, const struct catalog *live,
		  const struct catalog *parsed, const struct ops_events *ev,
		  struct catalog **out, struct sd_error *err);
/* ops_normalize(), after which *parsed is let go of (set to NULL) on
 * success: freed when the result holds nothing of it, else handed to
 * *out (MySQL lists unchanged objects as parsed). */
int ops_normalize_take(struct sd_conn *conn, const struct catalog *live,
		       struct catalog **parsed, const struct ops_events *ev,
		       struct catalog **out, struct sd_error *err);

/* --- ops/execute.c -------------------------------------------------------- */

typedef int (*ops_verify_fn)(struct sd_conn *conn, void *arg,
			     struct sd_error *err);

/* Execute a change set in one transaction (new enum values first, in one
 * of their own); verify, when given, runs before COMMIT and may fail the
 * run, which then rolls back. Engines without transactional DDL: statement
 * by statement, saying which were applied when one fails. */
int ops_execute(struct sd_conn *conn, const struct changeset *cs,
		ops_verify_fn verify, void *verify_arg,
		const struct ops_events *ev, struct sd_error *err);
/* Run SQL text that may hold several statements: as one string where the
 * driver takes that (PostgreSQL), else split and run one by one. */
int ops_exec_script(struct sd_conn *conn, enum sql_dialect dialect,
		    const char *sql, struct sd_error *err);
/* Before a statement and before COMMIT: SD_ERR_CANCELLED after a cancel
 * request, SD_ERR_CONFLICT when the deploy lock taken on conn was lost. */
int ops_may_go_on(struct sd_conn *conn, struct sd_error *err);
/* The server error number in a MySQL driver message, or 0. */
int ops_mysql_errno(const char *msg);
/* Take the deploy lock `name`: at once if free, else say that we wait
 * (OPS_EVENT_LOCK_WAIT) and wait up to timeout_ms (SD_LOCK_WAIT_FOREVER:
 * no limit; 0: fail). */
int ops_take_lock(struct sd_conn *db, const char *name, long timeout_ms,
		  const struct ops_events *ev, struct sd_error *err);

#endif
