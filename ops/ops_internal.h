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
struct change;
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
 * not databases. pg_version: see ops_load_desired_for() (0: a schema
 * root's "target-version"). */
int ops_load_source(const char *source, enum sql_dialect dialect,
		    int pg_version, struct catalog **out,
		    struct sd_error *err);
/* Desired SQL files/folders into a new catalog, each file starting from
 * search_path (NULL: public); MySQL versioned comments run by target's
 * rules (NULL: MariaDB 10.11). */
int ops_load_desired(const char *const *paths, size_t n,
		     const char *search_path, enum sql_dialect dialect,
		     const struct sd_mysql_target *target,
		     struct catalog **out, struct sd_error *err);
/* ops_load_desired() and ops_load_root() for a PostgreSQL target version
 * (catalog.pg_version, server_version_num; 0: unknown): what SQL means
 * there (GRANT ALL holds MAINTAIN on 17+) and what the diff writes for it
 * (changeset.pg_version). */
int ops_load_desired_for(const char *const *paths, size_t n,
			 enum sql_dialect dialect,
			 const struct sd_mysql_target *target, int pg_version,
			 struct catalog **out, struct sd_error *err);
int ops_load_root_for(const struct schema_root *root, const char *upto,
		      int pg_version, struct catalog **out,
		      struct sd_error *err);
/* Parse the desired files again by the rules of the server live was read
 * from (MySQL versioned comments: flavor and version), when they are not
 * the ones *cat was parsed by; *cat is replaced. */
int ops_reload_for_target(const struct catalog *live,
			  const char *const *paths, size_t n,
			  struct catalog **cat, struct sd_error *err);
/* Parse the desired files again as conn's session resolves unqualified
 * names (its search_path), when that is not just public, and for the
 * server's version when it changes what SQL means (PostgreSQL 17+: GRANT
 * ALL holds MAINTAIN); *cat is replaced. */
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
 * rolled back. With `live`, only what differs from it goes to the scratch
 * database; the rest is taken from live (PostgreSQL) or from parsed
 * (MySQL): both must outlive *out. */
int ops_normalize(struct sd_conn *conn, const struct catalog *live,
		  const struct catalog *parsed, const struct ops_events *ev,
		  struct catalog **out, struct sd_error *err);
/* MySQL: give the scratch database the default character set and
 * collation that parsed states (parsed->mysql_db_charset must be set). */
int ops_scratch_default(struct sd_conn *scratch,
			const struct catalog *parsed, struct sd_error *err);
/* --- ops/view_server.c --------------------------------------------------- */

/* Does cs replace a view that both sides have (its text differs)? */
bool ops_views_differ_offline(const struct changeset *cs);
/* MySQL: the views cs replaces, created on server's scratch databases as
 * each side defines them (ops_normalize(), with what they read) and read
 * back: a view whose two server texts agree takes current's definition
 * in want (*nsame counts them), so that diffing again replaces only the
 * views that really differ. A failure of the server leaves want as it
 * was. */
int ops_views_through_server(struct sd_conn *server,
			     const struct catalog *current,
			     struct catalog *want, const struct changeset *cs,
			     const struct ops_events *ev, size_t *nsame,
			     struct sd_error *err);

/* --- ops/live_canon.c ----------------------------------------------------- */

/* A live PostgreSQL catalog as the parser reads its create script: the
 * offline canonical form, in which desired objects that already are as
 * they are live compare equal. */
int ops_live_canonical(const struct catalog *live, struct catalog **out,
		       struct sd_error *err);

/* ops_normalize(), after which *parsed is let go of (set to NULL) on
 * success: freed when the result holds nothing of it, else handed to
 * *out (with `live`, the result lists objects of *parsed and of live:
 * live must outlive *out). */
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
/* MySQL online mode: ALTER TABLE tries INSTANT, then INPLACE with
 * LOCK=NONE; before the server would copy the table, may_copy (when set)
 * is asked and may refuse (0, with err set). */
struct ops_exec_opts {
	bool lock_none;
	int (*may_copy)(void *arg, const char *stmt, struct sd_error *err);
	void *arg;
	/* run before the changes, in the first transaction (the renames
	 * that the desired files declare); NULL or "": none */
	const char *pre_sql;
};
/* ops_execute() with those options (xo NULL: none). */
int ops_execute_ex(struct sd_conn *conn, const struct changeset *cs,
		   ops_verify_fn verify, void *verify_arg,
		   const struct ops_events *ev, const struct ops_exec_opts *xo,
		   struct sd_error *err);
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

/* --- ops/downgrade.c ------------------------------------------------------- */

/* migrate --to below the database's version: undo the recorded versions
 * above `to`, newest first, each with its down script in one transaction
 * that also removes its history row. Refused before anything runs when a
 * version has no down, is not in the root, or deletes data without
 * o->allow_destructive. *at: the version the database is at; *nreverted:
 * versions undone. Call under the deploy lock. */
int ops_migrate_down(const struct ops_migrate_opts *o, struct sd_conn *db,
		     const struct schema_root *root,
		     const struct sd_history *hist,
		     const struct spec_version *to, const char **at,
		     size_t *nreverted, struct sd_error *err);

/* --- ops/rename.c ---------------------------------------------------------- */

/* Renames that the desired files declare (-- schemadiff:renamed-from OLD)
 * and that apply to the latest version. */
struct ops_renames {
	size_t n;
	struct strbuf sql;	/* the renames, in order */
	struct strbuf down_sql;	/* their reverse, in reverse order */
	struct strbuf json;	/* one "KIND\tFROM\tTO" a line */
	bool types;		/* a type or schema is among them (what new
				 * enum values may name) */
};

/* Read the hints of the desired paths, keep those that apply to cats[0]
 * (the old name there, the new one not), and replay each rename onto
 * every catalog of cats (named `file` in messages); PostgreSQL key
 * constraints of a renamed table or column follow the names of `want`. */
int ops_renames_plan(const char *const *paths, size_t n,
		     struct catalog *const *cats, size_t ncats,
		     const struct catalog *want, const char *file,
		     struct ops_renames *out, struct sd_error *err);
void ops_renames_release(struct ops_renames *r);
/* ops_renames_plan() with the renames a version recorded (the "renames"
 * key of the version.json at path) in place of the desired files' hints
 * (plan --rebase planning that version again). */
int ops_renames_plan_version(const char *path, struct catalog *const *cats,
			     size_t ncats, const struct catalog *want,
			     const char *file, struct ops_renames *out,
			     struct sd_error *err);

/* --- ops/plan.c, ops/rebase.c ---------------------------------------------- */

/* What one plan works on besides its options (zero: the root at
 * o->schema_root and the desired files). */
struct ops_plan_input {
	const char *dir;	/* the root read and written (plan --rebase:
				 * a copy of it); messages name o->schema_root */
	struct catalog *want;	/* the target in place of the desired files
				 * (the caller's: not freed) */
	const char *renames_from;	/* a version.json whose renames to
					 * plan, in place of the hints */
	const char *extra;	/* JSON object text: keys version.json gets
				 * too (carried from the version planned
				 * again) */
	bool staged;		/* dir is a copy: no sum check, no "wrote" */
};

/* plan --rebase: which of root's versions from versions[from] on are of
 * its branch, by schemadiff.sum's chains: take[i] for versions[from], each
 * later one whose line chains on the one before it taken, and each that
 * has no line (written without plan); false for the later ones whose
 * lines chain elsewhere (the other branch's). Without the file, or a line
 * for versions[from], every version from it on. take has nversions. When
 * versions[from] was planned on a version of its branch whose folder now
 * holds another (two branches wrote the same number; the merge kept the
 * other's), that version goes to lost. */
void ops_sum_branch(const struct schema_root *root, size_t from, bool *take,
		    struct strbuf *lost);

/* One plan (ops_plan() without --rebase): see schemadiff.h. */
void ops_plan_result_init(struct ops_plan_result *out);
int ops_plan_run(const struct ops_plan_opts *o, const struct ops_plan_input *in,
		 struct ops_plan_result *out, struct sd_error *err);
/* plan --rebase (ops/rebase.c). */
int ops_plan_rebase(const struct ops_plan_opts *o, struct ops_plan_result *out,
		    struct sd_error *err);

/* --- ops/verify.c ---------------------------------------------------------- */

/* A server to prove versions on: the user's dev_url, or a throwaway one
 * of our own (temp set). */
struct ops_server {
	struct sd_tempserver *temp;
	struct sd_conn *conn;
	struct strbuf version;	/* "PostgreSQL 15.8" */
};

/* A script not yet written: version, file it will be (for messages),
 * text. */
struct ops_script {
	const char *version, *file, *sql;
};

int ops_server_open(enum sql_dialect d, const char *dev_url, long timeout_ms,
		    const struct ops_events *ev, struct ops_server *out,
		    struct sd_error *err);
void ops_server_close(struct ops_server *s);
/* The root's versions up to upto (NULL: all) on conn, statement by
 * statement; a refused one at its FILE:LINE:COL. */
int ops_run_history(struct sd_conn *conn, enum sql_dialect d,
		    const struct schema_root *root, const char *upto,
		    struct sd_error *err);
/* The desired files and folders (paths) run on conn as scripts, in
 * order, statement by statement; a refused one at its FILE:LINE:COL. */
int ops_run_files(struct sd_conn *conn, enum sql_dialect d,
		  const char *const *paths, size_t n, struct sd_error *err);

/* --- ops/replay_server.c -------------------------------------------------- */

/* root up to upto replayed on a server, in the offline form, after
 * offline replay stopped with why (SD_ERR_NEEDS_SERVER). */
int ops_replay_on_server(const struct schema_root *root, const char *upto,
			 const struct sd_error *why, struct catalog **out,
			 struct sd_error *err);
/* Desired files that offline loading cannot follow (they call a function
 * they define, which may make objects: why) loaded on a server as psql
 * runs them, in the offline form. */
int ops_desired_on_server(const char *const *paths, size_t n,
			  const struct sd_error *why, struct catalog **out,
			  struct sd_error *err);
/* On a fresh scratch database of srv: root's versions up to upto (NULL:
 * all), then extra, statement by statement; read back and compared with
 * want (normalized through srv; want gains the schemas it uses but does
 * not create). SD_ERR_CONFLICT with what differs in unreached; a failing
 * statement at its FILE:LINE:COL. */
int ops_verify_replay(struct ops_server *srv, const struct schema_root *root,
		      const char *upto, const struct ops_script *extra,
		      size_t nextra, struct catalog *want,
		      const struct ops_events *ev, struct strbuf *unreached,
		      struct sd_error *err);
/* The same, but on success the scratch database is kept for
 * ops_verify_then() (*scratch; NULL after a failure, which drops it). */
int ops_verify_replay_keep(struct ops_server *srv,
			   const struct schema_root *root, const char *upto,
			   const struct ops_script *extra, size_t nextra,
			   struct catalog *want, const struct ops_events *ev,
			   struct strbuf *unreached, struct sd_conn **scratch,
			   struct sd_error *err);
/* Then, on that scratch database: scripts, statement by statement, read
 * back and compared with want (a down script must give the version before
 * back), as ops_verify_replay() does. The scratch database is dropped. */
int ops_verify_then(struct ops_server *srv, struct sd_conn *scratch,
		    const struct ops_script *scripts, size_t n,
		    struct catalog *want, const struct ops_events *ev,
		    struct strbuf *unreached, struct sd_error *err);

/* --- ops/hazards.c -------------------------------------------------------- */

/* The changes of cs with their SQL and hazards, into out (released with
 * ops_changes_release()). */
void ops_changes_from(const struct changeset *cs, struct ops_changes *out);
/* "-- hazards: ...\n" for a change with a hazard worth a reviewer's eye
 * (more than not-transactional); nothing otherwise. */
void ops_change_comment(const struct ops_change *c, struct strbuf *out);
/* The SQL of changes [from, to), each with its comment when asked. */
void ops_changes_sql(const struct ops_changes *c, size_t from, size_t to,
		     bool comments, struct strbuf *out);
/* One OPS_EVENT_NOTE "hazard: OBJECT: HAZARDS" per such change; returns
 * how many. */
size_t ops_changes_report(const struct ops_changes *c,
			  const struct ops_events *ev);
/* The changes with a hazard in deny, one "OBJECT: HAZARDS" line each,
 * into out; returns how many. */
size_t ops_changes_refused(const struct ops_changes *c, unsigned deny,
			   struct strbuf *out);
/* {"hazards": [...], "steps": steps_json} for version.json (the changes
 * [from, to) that have a hazard; steps_json NULL: no "steps" key), as
 * JSON object text appended to out. */
void ops_hazards_version_json(const struct ops_changes *c, size_t from,
			      size_t to, const char *steps_json,
			      struct strbuf *out);
/* Fill table_bytes and table_rows of the changes that name a table, from
 * conn's server. */
int ops_changes_sizes(struct sd_conn *conn, struct ops_changes *c,
		      struct sd_error *err);

/* --- ops/online.c --------------------------------------------------------- */

#include "util/vec.h"

/* A statement that runs after the plan's transaction, on its own. */
struct online_step {
	char *what;		/* the change it is part of, for messages */
	char *sql;		/* one statement, or several in one
				 * transaction when `transaction` */
	char *cleanup;		/* run after a failure (drop an invalid
				 * index), or NULL */
	bool transaction;
	/* online_split: the "-- hazards: ..." line of the step as online
	 * mode runs it, or NULL when it has none worth a line */
	char *hazards;
};

struct online_split {
	struct vec enum_stmts;	/* char *: new enum values, first */
	struct vec tx_stmts;	/* char *: the plan's transaction */
	struct vec tx_hazards;	/* char *, one per tx_stmts: its "--
				 * hazards: ..." line, or NULL */
	struct online_step *steps;	/* after COMMIT, in order */
	size_t nsteps, alloc;
};

struct online_opts {
	long lock_timeout_ms;	/* lock_timeout of every DDL statement */
	long statement_timeout_ms;	/* per step; 0: none */
	int retries;		/* after a lock timeout, with pauses of
				 * 0.5 s, 1 s, 2 s ... */
};

/* The online options from a command's: ddl_lock_timeout_ms 0 is
 * OPS_DDL_LOCK_TIMEOUT_MS; ddl_lock_retries 0 is 5, negative none (apply
 * and migrate share these meanings). */
void online_opts_init(struct online_opts *oo, long ddl_lock_timeout_ms,
		      long statement_timeout_ms, int ddl_lock_retries);
/* 1 when online mode runs the change differently (PostgreSQL: an index
 * on an existing table, a key, foreign key or check that would scan, SET
 * NOT NULL that would scan). */
bool online_rewrites(const struct changeset *cs, const struct change *ch);
/* The hazards of c (ops_changes_from(cs)) as online mode runs them: a
 * rewritten change no longer blocks for the time of a scan (apply
 * --online, plan --online). */
void online_hazards(const struct changeset *cs, const struct catalog *live,
		    struct ops_changes *c);
/* Split cs (live: the database as introspected) into out. */
void online_split(const struct changeset *cs, const struct catalog *live,
		  struct online_split *out);
void online_split_release(struct online_split *s);
/* Run a split on conn: enum values, the transaction, then each step,
 * with lock_timeout and retries (see ops/online.c). */
int online_execute(struct sd_conn *conn, const struct online_split *s,
		   const struct online_opts *o, const struct ops_events *ev,
		   struct sd_error *err);
/* One step on conn (lock_timeout already set): retried after a lock
 * timeout; after a failure its cleanup (if any) runs. */
int online_run_step(struct sd_conn *conn, const struct online_step *st,
		    const struct online_opts *o, const struct ops_events *ev,
		    struct sd_error *err);

/* --- ops/ignore.c ---------------------------------------------------------- */

struct vec;
/* The patterns of ig, its files read (one a line, '#' comments), as
 * malloc'd strings appended to out; SD_ERR for a pattern whose KIND: is
 * no object kind, or that is empty. */
int ops_ignore_patterns(const struct ops_ignore *ig, struct vec *out,
			struct sd_error *err);
/* Take out of cat what the patterns match (drift_ignored()), with the
 * indexes, triggers and policies of a matched table; returns how many. */
size_t ops_ignore_catalog(struct catalog *cat, const char *const *pats,
			  size_t n);
/* Both: ig read once, each catalog of cats (NULL entries skipped)
 * filtered. 0 at once when ig holds nothing. */
int ops_ignore_apply(const struct ops_ignore *ig, struct catalog *const *cats,
		     size_t ncats, struct sd_error *err);

/* --- ops/demo.c ------------------------------------------------------------ */

/* On db (under the deploy lock, its history table there): the demo files
 * of root's versions [0, upto) not loaded yet (history rows of
 * NAME OPS_DEMO_SUFFIX), in order, each version's in one transaction with
 * its row; counts into out (its strbuf initialised). A failing statement
 * stops at its FILE:LINE:COL (the server's error position when given). */
int ops_demo_load_upto(struct sd_conn *db, const struct schema_root *root,
		       size_t upto, const struct ops_events *ev,
		       struct ops_demo_result *out, struct sd_error *err);
/* plan: the tables the changes of cs change (columns added, dropped,
 * retyped, NOT NULL added) that demo files of root's versions insert
 * into, when the new version has no demo file (has_demo false): one
 * OPS_EVENT_WARNING each and one line "TABLE (FILES)" in out; *n how
 * many. */
int ops_demo_plan_check(const struct schema_root *root,
			const struct changeset *cs, bool has_demo,
			const struct ops_events *ev, struct strbuf *out,
			size_t *n, struct sd_error *err);

#endif
