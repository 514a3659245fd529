/*
 * schemadiff.h: the engine, as a program that embeds schemadiff (and the
 * tests, and cli/) calls it. One entry point per operation, each of the
 * same shape:
 *
 *   int ops_NAME(const struct ops_NAME_opts *o, struct ops_NAME_result *out,
 *                struct sd_error *err);
 *   void ops_NAME_result_release(struct ops_NAME_result *out);
 *
 * Options in, result out: 0 on success, else a negative SD_ERR_* with err
 * filled (FILE:LINE:COL, message, hint). An operation never prints, never
 * exits and never reads argv or the environment beyond what libpq and the
 * MySQL client read for a connection. What it would say while it runs
 * (progress, waiting for a lock, warnings, each version migrate applies)
 * goes to the caller's event callback, if any; the caller decides how to
 * show it. Callbacks of ops_drift() come from several threads at once.
 *
 * Memory: a result owns what it holds (catalogs, change sets, text).
 * Every connection an operation opens is closed before it returns, except
 * the ones ops_load() hands over in its result.
 * Call the result's release function whether the operation failed or not;
 * on a zeroed result it does nothing. Results may point into their own
 * members only, never into the options.
 *
 * Layers: parser/drivers -> model -> diff -> emit -> ops -> cli. Nothing
 * here includes cli/.
 */
#ifndef SCHEMADIFF_H
#define SCHEMADIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "drivers/driver.h"
#include "drivers/tempserver.h"
#include "emit/report.h"
#include "model/catalog.h"
#include "parser/spec/project.h"
#include "parser/spec/spec.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/version.h"

/* The version of this build (git describe or the VERSION file, set at
 * build time), as --version prints it and the history table records it as
 * tool_version. */
#define SCHEMADIFF_VERSION sd_version

/* --- events ------------------------------------------------------------- */

enum ops_event_kind {
	OPS_EVENT_PROGRESS,	/* a step done or about to be done */
	OPS_EVENT_NOTE,		/* something the user should know (not wrong) */
	OPS_EVENT_WARNING,	/* something that may be wrong */
	OPS_EVENT_ERROR,	/* a line that explains a failure, before the
				 * operation returns its error */
	OPS_EVENT_HINT,		/* what to do about the error just told */
	OPS_EVENT_LOCK_WAIT,	/* another run holds the deploy lock: waiting */
	OPS_EVENT_STATS,	/* figures (ops_events.stats set) */
	OPS_EVENT_SQL,		/* the plan's SQL, before it runs (apply) */
	OPS_EVENT_VERSION_APPLIED,	/* migrate: one version committed */
	OPS_EVENT_STEP,		/* one statement done: index of total, the
				 * statement (message), its duration */
};

struct ops_event {
	enum ops_event_kind kind;
	/* one or more lines, without a trailing newline and without the
	 * "schemadiff: " prefix (for OPS_EVENT_SQL: the SQL, each statement
	 * ending in ";\n") */
	const char *message;
	const char *file;	/* WARNING: where, when known, else NULL */
	int line, col;		/* WARNING: 1-based; 0 when unknown */
	const char *version;	/* VERSION_APPLIED: the version */
	size_t count;		/* VERSION_APPLIED: its statements */
	long long duration_ms;	/* VERSION_APPLIED: how long it took */
	size_t index, total;	/* STEP: 1-based, of total */
	double seconds;		/* STEP: how long the statement took */
};

/* Where an operation's events go; on_event NULL: nowhere. The warnings
 * of the stages an operation calls (parser, schema root reader, drivers)
 * come this way too, while the operation runs. */
struct ops_events {
	void (*on_event)(void *ctx, const struct ops_event *ev);
	void *ctx;
	bool stats;		/* also send OPS_EVENT_STATS figures */
};

/* --- changes and their hazards --------------------------------------------- */

/* Hazard bits (diff/hazards.h): OPS_HZ_DELETES_DATA ... */
#define OPS_HZ_DELETES_DATA 0x1u
#define OPS_HZ_REWRITES_TABLE 0x2u
#define OPS_HZ_BLOCKS_WRITES 0x4u
#define OPS_HZ_BLOCKS_READS 0x8u
#define OPS_HZ_VALIDATES 0x10u
#define OPS_HZ_BUILDS_INDEX 0x20u
#define OPS_HZ_BREAKS_DEPENDENTS 0x40u
#define OPS_HZ_NOT_TRANSACTIONAL 0x80u
#define OPS_HZ_IRREVERSIBLE 0x100u
/* What apply refuses unless allowed: data loss, as before hazards (every
 * change that deletes data is irreversible too; a new enum value is
 * irreversible without deleting anything, and stays allowed). */
#define OPS_HZ_DEFAULT_DENY OPS_HZ_DELETES_DATA
/* online mode's default lock_timeout, and the table size above which
 * apply goes online by itself */
#define OPS_DDL_LOCK_TIMEOUT_MS 5000L
#define OPS_ONLINE_THRESHOLD_BYTES (100LL << 20)

/* One change of a plan, for reviewers and machines (--format json). */
struct ops_change {
	const char *kind;	/* "add-column" (static) */
	char *object;		/* "add column public.t.c" */
	char *sql;		/* its statement(s), each ending in ";\n" */
	unsigned hazards;	/* OPS_HZ_* */
	char *hazards_text;	/* "rewrites-table, blocks-writes (ACCESS
				 * EXCLUSIVE lock, held for a time
				 * proportional to the table)" or "none" */
	const char *lock;	/* "ACCESS EXCLUSIVE" ... or NULL (static) */
	bool proportional;	/* the lock is held for a time that grows
				 * with the table */
	/* live plans: the table the cost grows with, and what the server
	 * knows of it (-1: unknown or not asked) */
	char *table;		/* "public.t" or NULL */
	char *table_schema, *table_name;	/* its parts */
	long long table_bytes, table_rows;
	/* online mode: run outside the plan's transaction (CONCURRENTLY,
	 * VALIDATE) */
	bool online_step;
};

struct ops_changes {
	struct ops_change *items;
	size_t n;
};

void ops_changes_release(struct ops_changes *c);
/* Parse "KIND,KIND..." (hazard names, "all", "none") into OPS_HZ_* bits;
 * SD_ERR naming an unknown word. */
int ops_hazard_parse(const char *list, unsigned *mask, struct sd_error *err);
/* "deletes-data, rewrites-table" for a mask ("none" when 0). */
void ops_hazard_format(unsigned mask, struct strbuf *out);
/* The changes as JSON: an array of {"kind", "object", "sql", "hazards"
 * (names), "lock", "lock_duration" ("brief", "table" or null), "table",
 * "table_bytes", "table_rows"} objects, appended to out. */
void ops_changes_json(const struct ops_changes *c, struct strbuf *out);

/* --- runtime: timeouts and cancel, for the whole process --------------------- */

/* Every connection an operation opens gives up after ms (0: the default,
 * 10 s). */
void ops_set_connect_timeout(long ms);
/*
 * Ask the running operation(s) to stop: safe to call from a signal
 * handler (it sets a flag and sends PostgreSQL cancel requests). The
 * operation stops at its next check and returns SD_ERR_CANCELLED (or the
 * error of the statement it cancelled), after rolling back its
 * transaction, releasing the deploy lock and dropping scratch databases;
 * its error message says what state the database is in. Only the first
 * request counts.
 */
void ops_cancel(int signo);
/* The signal given to ops_cancel(), or 0. */
int ops_cancel_signal(void);
/* Once, before the first operation: one malloc arena for every thread
 * (catalogs are built in one thread and used in another; per-thread
 * arenas keep what each freed resident apart, 9 MB of a 40 MB peak). */
void ops_runtime_init(void);

/* --- load: sources into catalogs ------------------------------------------ */

/* Read SQL of sources that are neither a database nor a schema root as:
 * a database's dialect, else a schema root's, else PostgreSQL. */
#define OPS_DIALECT_AUTO (-1)

/*
 * A source names a catalog:
 *   PATH.sql or FOLDER     desired-state SQL (a folder: every *.sql in it)
 *   ROOT or ROOT@VERSION   a schema root (folder with schema.json) replayed
 *                          to VERSION (latest when omitted)
 *   URL                    a live database (postgres://, mysql://, a libpq
 *                          conninfo string), introspected
 * Two sources are loaded at once: a database is read while files are
 * parsed.
 */
struct ops_load_opts {
	const char *sources[2];
	size_t nsources;	/* 1 or 2 */
	int dialect;		/* enum sql_dialect or OPS_DIALECT_AUTO */
	struct ops_events events;
	/* PostgreSQL files and roots: the server version they are read
	 * and diffed for (server_version_num; 0: a root's "target-version",
	 * else unknown) */
	int pg_version;
};

struct ops_load_result {
	struct catalog *catalogs[2];	/* per source */
	struct sd_conn *conns[2];	/* per source: open when it is a
					 * database, else NULL */
	int dialect;		/* the dialect files were read in */
};

int ops_load(const struct ops_load_opts *o, struct ops_load_result *out,
	     struct sd_error *err);
void ops_load_result_release(struct ops_load_result *out);

/* Replay a schema root up to `upto` (NULL: latest) into a new catalog
 * the caller frees. */
int ops_load_root(const struct schema_root *root, const char *upto,
		  struct catalog **out, struct sd_error *err);
/* A history offline replay cannot follow (DO, CALL) is replayed on the
 * server dev_url names, else on a throwaway one; what is used is said on
 * ev. Set once per run (NULL keeps what was set). */
void ops_replay_server_set(const char *dev_url, const struct ops_events *ev);
/* 1 if s names a database (a URL or a libpq conninfo string) rather than
 * a file or folder. */
int ops_is_url(const char *s);
/* 1 if source names a schema root (DIR or DIR@VERSION). */
int ops_source_is_root(const char *source);
/* Lines of a file, without comments ('#' to the end) and blanks, each a
 * malloc'd string appended to out (a vec of char *). */
struct vec;
int ops_read_lines(const char *path, struct vec *out, struct sd_error *err);

/* --- ignore rules: objects other tools own (ops/ignore.c) ------------------ */

/* Patterns as drift has them (README "Ignore rules"): GLOB on the
 * qualified name (schema.name; the bare name for schemas and
 * extensions) or KIND:GLOB, fnmatch(3) globs; from patterns and from
 * files (one a line, '#' comments). An ignored table takes its indexes,
 * triggers and policies along. Zeroed: nothing is ignored. */
struct ops_ignore {
	const char *const *patterns;
	size_t npatterns;
	const char *const *files;
	size_t nfiles;
};

/* --- diff: any two sources -> SQL ------------------------------------------ */

struct ops_diff_opts {
	const char *from, *to;	/* sources, as ops_load() takes them */
	int dialect;		/* enum sql_dialect or OPS_DIALECT_AUTO */
	struct ops_ignore ignore;	/* left out of both sides */
	struct ops_events events;
	/* PostgreSQL, no side live: the server version the SQL is for
	 * (160000 for 16; 0: a schema root's "target-version", else SQL
	 * every version runs); a live side's server decides otherwise */
	int target_version;
};

/* When one side is a database, the other is compared in that server's
 * canonical form (created in a scratch database and read back). */
struct ops_diff_result {
	struct catalog *from, *to;	/* as compared */
	struct changeset *changes;	/* points into from and to */
	struct strbuf sql;	/* the SQL that turns from into to */
	bool differs;
	struct ops_changes list;	/* the changes with their hazards (and
					 * table sizes when FROM is live) */
};

int ops_diff(const struct ops_diff_opts *o, struct ops_diff_result *out,
	     struct sd_error *err);
void ops_diff_result_release(struct ops_diff_result *out);

/* --- inspect: a live database as declarative SQL --------------------------- */

struct ops_inspect_opts {
	const char *url;	/* NULL or "": the PG* environment */
	/* when set: write out_dir/<schema>.sql (out_dir must be missing or
	 * empty), through a temporary folder renamed into place */
	const char *out_dir;
	struct ops_ignore ignore;	/* objects not printed */
	struct ops_events events;
};

struct ops_inspect_result {
	struct catalog *live;
	struct catalog *empty;	/* the other side of changes */
	struct changeset *changes;	/* diff(empty, live) */
	struct strbuf sql;	/* the create script (out_dir NULL) */
	size_t nfiles;		/* files written (out_dir set) */
};

int ops_inspect(const struct ops_inspect_opts *o,
		struct ops_inspect_result *out, struct sd_error *err);
void ops_inspect_result_release(struct ops_inspect_result *out);

/* --- verify: versions proved on a real server ------------------------------- */

/*
 * A throwaway server (drivers/tempserver.h: sd_tempserver_start(),
 * sd_tempserver_url(), sd_tempserver_stop()) or the user's --dev-url:
 * a fresh database there gets the versions' files, statement by statement,
 * is read back and compared with the catalog replayed offline.
 */
enum ops_verify_mode {
	OPS_VERIFY_OFF = 0,	/* the offline proof only */
	OPS_VERIFY_AUTO,	/* on a server when one can be started or
				 * --dev-url names one; else say so */
	OPS_VERIFY_ON,		/* on a server, or fail */
};

struct ops_verify_opts {
	const char *schema_root;
	const char *upto;	/* NULL: the latest */
	const char *dev_url;	/* NULL: a throwaway server of our own */
	bool required;		/* fail when no server can be started */
	long timeout_ms;	/* our own server's startup; 0: default */
	struct ops_events events;
};

struct ops_verify_result {
	bool verified;
	struct strbuf server;	/* "PostgreSQL 15.8": who verified it */
	struct strbuf skipped;	/* not verified: why (no server binaries) */
	struct strbuf unreached;	/* what differs, when it failed so */
};

int ops_verify(const struct ops_verify_opts *o, struct ops_verify_result *out,
	       struct sd_error *err);
void ops_verify_result_release(struct ops_verify_result *out);

/* --- sum: schemadiff.sum, conflicts between branches ------------------------ */

/* The integrity file in a schema root: one line per version (version,
 * checksum of its files, chain hash over the versions up to it); see
 * ops/sum.c. Written by plan (and validate --fix-sum); read by validate
 * and migrate, which refuse a root that does not match it. */
#define OPS_SUM_FILE "schemadiff.sum"

struct ops_sum_check {
	bool present;		/* the root has the file */
	size_t nproblems;
	size_t nedited;		/* versions whose files changed since (a
				 * warning, not a problem: migrate checks
				 * applied ones against the history) */
	/* index into root->versions of the first version whose line is
	 * missing or does not chain (root->nversions: none) */
	size_t first_stale;
};

/* 0 when the file matches the root, or when there is none (an older root:
 * a note says so); SD_ERR_CONFLICT at the file naming each version that
 * does not match (added on two branches, planned on top of other versions,
 * missing), SD_ERR_SYNTAX for a line that is not "VERSION CHECKSUM CHAIN". */
int ops_sum_check(const struct schema_root *root, const struct ops_events *ev,
		  struct ops_sum_check *out, struct sd_error *err);
/* Write root->dir/schemadiff.sum for the root as it is (atomically). */
int ops_sum_write(const struct schema_root *root, struct sd_error *err);
/* The file's text for root, appended to out. */
void ops_sum_text(const struct schema_root *root, struct strbuf *out);

/* --- plan: a new version of a schema root ---------------------------------- */

struct ops_plan_opts {
	const char *schema_root;
	const char *const *desired;	/* SQL files or folders */
	size_t ndesired;
	const char *version;	/* NULL: the next version of the scheme */
	enum ops_version_scheme {
		OPS_VERSION_SEQUENTIAL = 0,	/* the integer part plus one */
		OPS_VERSION_TIMESTAMP,	/* UTC now as YYYYMMDD.HHMMSS */
	} version_scheme;
	/* re-plan the versions not applied anywhere on top of the ones that
	 * came from another branch: those from rebase_from on, or (NULL)
	 * from the first that schemadiff.sum does not chain; each is
	 * replayed on top of the others and planned again as a new version
	 * (in order, renumbered), then a last one reaches the desired files
	 * if they differ (ops/rebase.c) */
	bool rebase;
	const char *rebase_from;
	bool dry_run;		/* compute and prove, write nothing */
	/* the proof on a server (ops_verify() does it for a whole root) */
	enum ops_verify_mode verify;
	const char *dev_url;	/* the server to prove on; NULL: our own */
	long server_timeout_ms;	/* our own server's startup; 0: default */
	/* PostgreSQL: the version holds online mode's steps (ops/online.c)
	 * in files of their own, named in version.json's "steps" */
	bool online;
	/* PostgreSQL: the server version the plan is for (160000 for 16;
	 * 0: not checked): features it lacks are refused
	 * (emit/pg_features.h) */
	int target_version;
	/* left out of the history's catalog and of the desired files */
	struct ops_ignore ignore;
	/* demo-data files copied into the new version (version.json's
	 * "demo"); without one, a change to a table that earlier versions'
	 * demo data fills is a warning (ops/demo.c) */
	const char *const *demo_files;
	size_t ndemo_files;
	/* a project's other roots: when an object of the desired files
	 * depends on one that they lack and one of these roots has, the new
	 * version requires that root's version (version.json "requires") */
	const struct ops_plan_root_ref *others;
	size_t nothers;
	struct ops_events events;
};

/* Another root of a project, as plan sees it: its name, latest version
 * and the catalog of that version (NULL: nothing to require). */
struct ops_plan_root_ref {
	const char *name;
	const char *version;
	const struct catalog *cat;
};

/*
 * plan = diff(root @ latest, desired) -> SQL -> proof (replaying it on the
 * history gives exactly the desired catalog) -> version directory. New
 * PostgreSQL enum values go into a version of their own (enum_version),
 * written first, as migrate runs each version in one transaction.
 */
struct ops_plan_result {
	bool no_changes;	/* the latest version already matches */
	char *current;		/* the root's current version, or NULL */
	char *version;		/* the version of sql */
	char *enum_version;	/* the version of enum_sql, or NULL */
	struct strbuf sql;
	struct strbuf enum_sql;	/* empty unless enum_version */
	size_t nchanges;	/* in sql */
	size_t nenum;		/* in enum_sql */
	size_t ndestructive;	/* changes that can lose data */
	bool proved;		/* replaying gives the desired catalog */
	bool written;		/* the version dir(s) are in place */
	/* set when the proof failed: what still differs after replaying */
	struct strbuf unreached;
	bool verified;		/* also proved on a server ... */
	char *verified_by;	/* ... of this version ("PostgreSQL 15.8") */
	char *verify_skipped;	/* why not, when verify was AUTO */
	/* the version's down script (down.sql), proved offline: replaying
	 * it after the version gives the previous version back */
	bool has_down;
	bool down_verified;	/* ... and on the server that verified */
	struct strbuf down_sql;
	size_t ndown_destructive;	/* its changes that can lose data */
	/* every change (enum values first when split), with its hazards */
	struct ops_changes changes;
	size_t nhazards;	/* changes with a hazard worth reviewing */
	unsigned hazards;	/* the union of every change's OPS_HZ_* */
	/* --rebase: the versions taken out ("4, 5"), or NULL, and the new
	 * versions planned again from them and the desired files ("6, 7";
	 * NULL: none) */
	char *rebased;
	char *rebased_as;
	bool sum_written;	/* schemadiff.sum is the root's now */
	/* online: the steps after revisions.sql (step-N.sql), each with
	 * its SQL; sql then holds only the transactional part */
	size_t nsteps;
	struct strbuf steps_sql;	/* every step file, in order */
	/* tables the version changes that earlier demo data fills, with no
	 * demo file in the version: one "TABLE (VERSION/FILE, ...)" a line */
	size_t ndemo_warnings;
	struct strbuf demo_warnings;
	/* others given: the roots the version requires ("billing 3"), or
	 * NULL */
	char *requires;
};

int ops_plan(const struct ops_plan_opts *o, struct ops_plan_result *out,
	     struct sd_error *err);
void ops_plan_result_release(struct ops_plan_result *out);

/* --- apply: desired-state deploy --------------------------------------------- */

/* The name of the deploy lock that apply takes (migrate takes the schema
 * root's name). */
#define OPS_APPLY_LOCK_NAME "apply"

struct ops_apply_opts {
	const char *url;	/* NULL or "": the PG* environment */
	const char *const *desired;
	size_t ndesired;
	bool dry_run;
	bool allow_destructive;	/* = allow deletes-data and irreversible */
	/* Hazards refused: deny_hazards when deny_hazards_set, else
	 * OPS_HZ_DEFAULT_DENY; less allow_hazards (OPS_HZ_* bits). */
	unsigned allow_hazards, deny_hazards;
	bool deny_hazards_set;
	/* PostgreSQL online mode (ops/online.c): always when online; else
	 * when a change online mode would run differently is on a table of
	 * at least online_threshold_bytes (0: OPS_ONLINE_THRESHOLD_BYTES;
	 * negative: never). MySQL: ALGORITHM=INSTANT, then INPLACE with
	 * LOCK=NONE; a table of at least the threshold is not copied unless
	 * rewrites-table is allowed. */
	bool online;
	long long online_threshold_bytes;
	long ddl_lock_timeout_ms;	/* online: 0: OPS_DDL_LOCK_TIMEOUT_MS */
	long statement_timeout_ms;	/* online: per step; 0: none */
	int ddl_lock_retries;	/* online: after a lock timeout (0: the
				 * default, 5; negative: none) */
	long lock_timeout_ms;	/* SD_LOCK_WAIT_FOREVER, 0, or ms */
	/* left out of the live and the desired side: never changed */
	struct ops_ignore ignore;
	struct ops_events events;
};

/*
 * Introspect, diff against the desired files (normalized through the
 * server), refuse destructive changes unless allowed, then execute in one
 * transaction under the deploy lock (statement by statement where DDL is
 * not transactional); before COMMIT the database is read again and must
 * equal the desired schema. The SQL is sent as OPS_EVENT_SQL before
 * anything runs.
 */
struct ops_apply_result {
	bool no_changes;
	size_t nchanges;
	struct strbuf sql;	/* the plan */
	/* the changes with a hazard that is not allowed, one "OBJECT:
	 * HAZARDS" a line; SD_ERR_CONFLICT is returned unless dry_run */
	struct strbuf refused;
	size_t nrefused;
	bool applied;
	double duration_ms;	/* of the execution */
	struct ops_changes changes;	/* with hazards and table sizes */
	bool online;		/* ran (or would run) in online mode */
	size_t nsteps;		/* online: steps after the transaction */
};

int ops_apply(const struct ops_apply_opts *o, struct ops_apply_result *out,
	      struct sd_error *err);
void ops_apply_result_release(struct ops_apply_result *out);

/* --- migrate: run pending versions ----------------------------------------- */

struct ops_migrate_opts {
	const char *url;	/* NULL or "": the PG* environment */
	const char *schema_root;
	const char *to;		/* NULL: the latest */
	const char *baseline;	/* record this version without running it */
	bool dry_run;		/* plan only: no lock, no history table */
	bool retry_failed;	/* a version that stopped part way: from its
				 * first statement again */
	bool allow_destructive;	/* --to below the current version: run
				 * down scripts that delete data */
	/* Hazards (version.json's "hazards" key, written by plan) that
	 * refuse a pending version: deny_hazards less allow_hazards. The
	 * default refuses nothing: a version was reviewed when planned. */
	unsigned deny_hazards, allow_hazards;
	/* > 0: a version that stopped part way goes on at this statement
	 * (1-based), as the user decided */
	size_t resume_at;
	long lock_timeout_ms;	/* the deploy lock's wait */
	/* > 0: a statement waiting longer for a table lock fails (its
	 * version rolls back): lock_timeout / lock_wait_timeout */
	long ddl_lock_timeout_ms;
	/* a version's online steps (plan --online), as apply --online runs
	 * them: statement_timeout per step (0: none); tries again after a
	 * lock timeout (0: the default, 5; negative: none) */
	long statement_timeout_ms;
	int ddl_lock_retries;
	/* each version's demo-data files after it (and first those of the
	 * versions the database already has that are not loaded yet) */
	bool demo;
	/* a project run (ops_fleet): --to below the database's version
	 * does nothing (the version is one the root must reach); and a
	 * clustered root's databases after the first (cluster_follower)
	 * do not run version.json's "cluster-once" files, which ran on
	 * cluster_first (set for every database of a cluster): the history
	 * row's error column notes where they ran, on every database */
	bool no_downgrade;
	/* other roots of the project live in this database too: objects
	 * without a history row of this root are not a reason to refuse */
	bool shared_database;
	bool cluster_follower;
	const char *cluster_first;	/* redacted URL, for the note */
	struct ops_events events;
};

struct ops_migrate_file {
	const char *path;	/* version dir / source file */
	const char *const *stmts;	/* without the final ';' */
	size_t nstmts;
};

struct ops_migrate_version {
	const char *version;
	const struct ops_migrate_file *files;
	size_t nfiles;
};

struct ops_migrate_mismatch {
	const char *version;
	const char *files;	/* "DIR/a.sql, DIR/b.sql" */
	const char *recorded, *current;	/* checksums */
};

struct ops_migrate_result {
	const char *current;	/* recorded version before the run, or NULL */
	const char *baseline;	/* --baseline, as the root spells it */
	/* the versions to run (dry run) or run, in order */
	struct ops_migrate_version *versions;
	size_t nversions;
	size_t napplied;	/* committed by this run */
	bool downgrade;		/* --to was below: down scripts ran */
	size_t nreverted;	/* versions undone by this run */
	const char *at;		/* the database's version now, or NULL */
	/* SD_ERR_CONFLICT with these set: versions changed after they were
	 * applied; nothing ran */
	struct ops_migrate_mismatch *mismatches;
	size_t nmismatches;
	/* a version failed: which, and (engines without transactional DDL)
	 * how far it got */
	const char *failed;
	bool failed_rolled_back;	/* PostgreSQL: nothing of it remains */
	size_t failed_done;	/* statements of it completed */
	size_t failed_from;	/* statement it started at (resumed) */
	const char *engine;	/* the server's engine name ("MariaDB") */
	struct ops_migrate_priv *priv;
};

int ops_migrate(const struct ops_migrate_opts *o,
		struct ops_migrate_result *out, struct sd_error *err);
void ops_migrate_result_release(struct ops_migrate_result *out);

/* --- squash: versions up to V as one baseline ------------------------------ */

struct ops_squash_opts {
	const char *schema_root;
	const char *to;		/* V: the version that becomes the baseline */
	bool dry_run;		/* compute and prove, write nothing */
	struct ops_events events;
};

/*
 * Version V's folder gets the create script of the catalog at V
 * (revisions.sql, proved offline), from-K.sql for each older version K
 * (the source files of the versions after K up to V, as they were) and
 * the `squashed` key; the older versions' folders and history entries go;
 * schemadiff.sum is written again. migrate accepts the old versions'
 * history rows and V's old checksum, and brings a database at K up
 * through from-K.sql.
 */
struct ops_squash_result {
	char *version;		/* V */
	size_t nsquashed;	/* versions it stands for, V included */
	struct strbuf sql;	/* the create script */
	size_t nchanges;
	bool written;
};

int ops_squash(const struct ops_squash_opts *o, struct ops_squash_result *out,
	       struct sd_error *err);
void ops_squash_result_release(struct ops_squash_result *out);

/* --- provision: a fresh database at a version ------------------------------ */

struct ops_provision_opts {
	const char *url;	/* NULL or "": the PG* environment */
	const char *schema_root;
	const char *version;	/* NULL: the latest */
	bool dry_run;		/* the SQL only: nothing runs */
	/* a database with history or objects: not an error, nothing done
	 * (not_empty set); migrate --provision */
	bool only_if_empty;
	long lock_timeout_ms;
	/* with each version's demo data: the versions then run in order,
	 * as migrate runs them, each version's demo files after it */
	bool demo;
	/* the schema of this live database (inspected) rather than the
	 * root's; the root (optional then) gives the versions to record
	 * (up to the one from_url's history records) and the demo data */
	const char *from_url;
	struct ops_events events;
};

/*
 * The root replayed offline to the version; its create script
 * (diff(empty, catalog)) run on the empty database in one transaction
 * with every version up to it recorded as applied. Refused (SD_ERR_CONFLICT) on a database with history
 * or objects of its own.
 */
struct ops_provision_result {
	char *version;		/* the version provisioned */
	char *engine;		/* the server's engine name */
	struct strbuf sql;	/* the create script */
	size_t nchanges;
	size_t nrecorded;	/* versions recorded as applied */
	bool not_empty;		/* the database had history or objects */
	bool provisioned;
	double duration_ms;
	/* demo: the versions whose demo data was loaded, and their files */
	size_t ndemo_versions, ndemo_files;
};

int ops_provision(const struct ops_provision_opts *o,
		  struct ops_provision_result *out, struct sd_error *err);
void ops_provision_result_release(struct ops_provision_result *out);

/* --- demo: demo data of a schema root (ops/demo.c) ------------------------- */

/* The history rows of demo data: schema_name is the root's name and this
 * suffix, version the version whose demo files were loaded, checksum
 * theirs (spec_version.demo_checksum). */
#define OPS_DEMO_SUFFIX ":demo"

struct ops_demo_opts {
	const char *url;	/* NULL or "": the PG* environment */
	const char *schema_root;
	long lock_timeout_ms;
	struct ops_events events;
};

/*
 * Into a database at a version of the root: the demo files of every
 * version up to it that are not loaded yet, in order, each version's in
 * one transaction with its history row; a second run loads nothing.
 */
struct ops_demo_result {
	char *at;		/* the database's version */
	size_t nloaded;		/* versions whose demo data was loaded now */
	size_t nfiles, nstatements;	/* ... their files and statements */
	size_t nalready;	/* versions loaded before */
	struct strbuf loaded;	/* "1, 3" */
	char *engine;
};

int ops_demo(const struct ops_demo_opts *o, struct ops_demo_result *out,
	     struct sd_error *err);
void ops_demo_result_release(struct ops_demo_result *out);

/* --- status: where a database stands ---------------------------------------- */

struct ops_status_opts {
	const char *url;	/* NULL or "": the PG* environment */
	const char *schema_root;
	bool no_sum_check;	/* do not read schemadiff.sum */
	struct ops_events events;
};

/* Reading only: no lock, no history table created. */
struct ops_status_result {
	struct schema_root *root;
	struct sd_history history;
	/* versions undone by migrate --to, oldest first (rows: applied_at
	 * and applied_by say when and by whom they were undone) */
	struct sd_history reverts;
	struct sd_history_plan plan;	/* indexes into root->versions */
	struct strbuf database;	/* the URL, password redacted */
	struct strbuf server;	/* "PostgreSQL 15.8" */
	bool untracked;		/* no history, but user objects exist */
	struct strbuf example;	/* one of them */
	/* "FILE:LINE:COL: message" when the root does not match its
	 * schemadiff.sum (ops_sum_check); empty: it matches, has none, or
	 * was not checked */
	struct strbuf sum_error;
};

int ops_status(const struct ops_status_opts *o, struct ops_status_result *out,
	       struct sd_error *err);
void ops_status_result_release(struct ops_status_result *out);

/* --- drift: is each database what its recorded version says? ---------------- */

#define OPS_DRIFT_MAX_JOBS 64

struct ops_drift_opts {
	const char *schema_root;
	const char *const *urls;
	size_t nurls;		/* 0: one, the PG* environment */
	const char *const *ignore;	/* GLOB or KIND:GLOB */
	size_t nignore;
	unsigned jobs;		/* databases at once; 0: 4 */
	bool pending_is_drift;
	/* > 0: each database's check ends by then (its connections and
	 * statements are bounded), a late one an error in its target */
	long target_timeout_ms;
	bool no_sum_check;	/* do not read schemadiff.sum */
	struct ops_events events;
};

/*
 * Per database: the expected schema is the schema root replayed up to its
 * recorded version (once per version), normalized through the target's
 * server; each change of diff(live, expected) is filed under its object.
 * A database that cannot be checked has its error in its target; the
 * operation itself fails only when the schema root cannot be read.
 */
struct ops_drift_result {
	struct schema_root *root;
	struct drift_target *targets;	/* one per URL, in order */
	size_t ntargets;
	struct drift_counts counts;
};

/* Unless no_sum_check, a root that does not match its schemadiff.sum adds
 * one more target after the databases: url "DIR/schemadiff.sum", error the
 * mismatch (so every report format shows it as an error row). */
int ops_drift(const struct ops_drift_opts *o, struct ops_drift_result *out,
	      struct sd_error *err);
void ops_drift_result_release(struct ops_drift_result *out);

/* --- fleet: every root and database of a project environment ---------------- */

enum ops_fleet_action {
	OPS_FLEET_MIGRATE,	/* pending versions, in dependency order */
	OPS_FLEET_APPLY,	/* each root's desired files (roots with "desired") */
	OPS_FLEET_STATUS,	/* where each database stands; reading only */
	OPS_FLEET_DRIFT,	/* each database against its recorded version */
	OPS_FLEET_PROVISION,	/* each empty database at its root's latest
				 * version, a root after the roots it requires */
};

#define OPS_FLEET_MAX_JOBS 64

struct ops_fleet_opts {
	const struct sd_project *project;
	const char *env;	/* the environment (required) */
	enum ops_fleet_action action;
	unsigned jobs;		/* databases of one root at once; 0: 4 */
	/* migrate, apply: the first `canary` databases of a clustered root
	 * go first, and a failure among them stops the run */
	size_t canary;
	/* after a failure, go on with every database that does not depend
	 * on the failed one (default: start nothing more) */
	bool keep_going;
	/* what each database's run takes besides its URL, root and files
	 * (NULL: the defaults): migrate's to, url, schema_root and cluster
	 * fields are set per database; apply's url and desired files */
	const struct ops_migrate_opts *migrate;
	const struct ops_apply_opts *apply;
	bool pending_is_drift;	/* drift */
	long target_timeout_ms;	/* drift */
	/* load each root's demo data too (provision; migrate takes it in
	 * its own options) */
	bool demo;
	bool dry_run;		/* provision: the SQL only */
	struct ops_events events;
};

/* What happened to one database (or, for status and drift, where it is). */
enum ops_fleet_state {
	OPS_FLEET_DONE,		/* migrate/apply changed it */
	OPS_FLEET_UP_TO_DATE,	/* nothing to do / clean */
	OPS_FLEET_BEHIND,	/* status, drift: versions pending */
	OPS_FLEET_DRIFTED,	/* drift: differs from its version */
	OPS_FLEET_FAILED,	/* an error (error set) */
	OPS_FLEET_BLOCKED,	/* not run: a version it needs is missing on
				 * a database it depends on (error says which) */
	OPS_FLEET_NOT_RUN,	/* not run: the run stopped before */
};

/* "migrated", "up to date", "behind", "drifted", "failed", "blocked",
 * "not run" (migrate; apply says "applied") */
const char *ops_fleet_state_name(enum ops_fleet_state s,
				 enum ops_fleet_action action);

struct ops_fleet_target {
	const char *root;	/* the project's name of the root */
	const char *url;	/* redacted */
	size_t index;		/* among its root's databases (0: the first) */
	bool canary;		/* ran in a canary phase */
	enum ops_fleet_state state;
	const char *latest;	/* the root's latest version */
	const char *before;	/* its version before the run, or NULL */
	const char *after;	/* its version now (status, drift: as read) */
	size_t applied;		/* migrate: versions this run applied;
				 * apply: changes */
	size_t pending;		/* versions not applied (status, drift) */
	size_t differences;	/* drift: objects that differ */
	long long duration_ms;
	const char *error;	/* FAILED, BLOCKED: why */
};

/* One version of the dependency order (migrate). */
struct ops_fleet_step {
	const char *root, *version;
};

struct ops_fleet_result {
	struct arena arena;	/* everything below */
	struct ops_fleet_target *targets;	/* roots in the project's
						 * order, then URLs */
	size_t ntargets;
	struct ops_fleet_step *order;	/* every version of every root, in
					 * an order honouring each requires */
	size_t norder;
	size_t counts[OPS_FLEET_NOT_RUN + 1];	/* targets per state */
	const char *stopped;	/* why the run stopped early, or NULL */
};

/*
 * Run an action on every database of a project environment. The roots are
 * read, their versions' `requires` checked (a root or version that does
 * not exist, a cycle: SD_ERR_SPEC naming them, nothing run) and put in one
 * order; migrate then brings every root's databases, `jobs` at once (each
 * with its own connection), up to each version in that order, a version of
 * one root waiting until every database of the roots it requires has the
 * version it requires. Events are each database's own, their message
 * prefixed with "ROOT URL: ". Returns 0 when the run could be planned (the
 * outcome of each database is in its target), else the error.
 */
int ops_fleet(const struct ops_fleet_opts *o, struct ops_fleet_result *out,
	      struct sd_error *err);
void ops_fleet_result_release(struct ops_fleet_result *out);

/* init --project: dir/schemadiff.json naming the roots (none: "app"),
 * each an empty schema root at dir/db-schema/NAME (system_type; NULL:
 * postgresql) with desired files in dir/schema/NAME, and a "dev"
 * environment giving each root url (NULL: a local database named by
 * ${DATABASE_NAME}). SD_ERR_CONFLICT, nothing written, when the project
 * file or one of the schema roots exists. */
struct ops_project_init_opts {
	const char *dir;	/* NULL: "." */
	const char *const *roots;
	size_t nroots;
	const char *system_type;
	const char *url;
};
int ops_project_init(const struct ops_project_init_opts *o,
		     struct sd_error *err);

/* plan over a project: each root with "desired" files, a root after those
 * whose objects its desired files use; each new version requires the
 * latest versions of the other roots it uses (ops_plan_opts.others).
 * Stops at the first root that fails (err). */
struct ops_project_plan_opts {
	const struct sd_project *project;
	const struct ops_plan_opts *plan;	/* the rest of each root's plan */
	struct ops_events events;
};
struct ops_project_plan_root {
	const char *name;
	struct ops_plan_result result;
};
struct ops_project_plan_result {
	struct ops_project_plan_root *roots;	/* in the order planned */
	size_t n;
};
int ops_project_plan(const struct ops_project_plan_opts *o,
		     struct ops_project_plan_result *out, struct sd_error *err);
void ops_project_plan_result_release(struct ops_project_plan_result *out);

#endif
