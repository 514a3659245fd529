/*
 * cli/cli.h: what the subcommands share: the command table, error printing,
 * usage handling and loading a "source" (SQL files, a folder, a schema root
 * at a version) into a catalog.
 *
 * Only cli/ prints to the user and decides exit codes:
 *   0 done / no differences, 1 differences found (--exit-code, drift),
 *   2 error, 129 usage.
 */
#ifndef SD_CLI_H
#define SD_CLI_H

#include "model/catalog.h"
#include "parser/spec/spec.h"
#include "util/error.h"
#include "util/version.h"

#define EXIT_OK 0
#define EXIT_DIFF 1
#define EXIT_ERROR 2
#define EXIT_USAGE 129

/* git describe or the VERSION file, set at build time (util/version.h) */
#define SCHEMADIFF_VERSION sd_version

int cmd_plan(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_status(int argc, char **argv);

/* Print `schemadiff: error: FILE:LINE:COL: message` (and the hint) to
 * stderr; returns EXIT_ERROR. */
int cli_report(const struct sd_error *err);
/* Print `schemadiff: error: message`; returns EXIT_ERROR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print usage to stdout (help: exit 0) or stderr (misuse: exit 129) and
 * return the exit code. */
int cli_usage(const char *usage, int misuse);
/* Check stdout for write errors before a successful exit. */
int cli_finish(int code);

/*
 * A source names a catalog:
 *   PATH.sql or FOLDER     desired-state SQL (a folder: every *.sql in it)
 *   ROOT or ROOT@VERSION   a schema root (folder with schema.json) replayed
 *                          to VERSION (latest when omitted)
 * SQL is read in `dialect`; a schema root has its own (its system-type).
 * On success *out is a new catalog the caller frees.
 */
int cli_load_source(const char *source, enum sql_dialect dialect,
		    struct catalog **out, struct sd_error *err);
/* Replay a schema root up to `upto` (NULL: latest) into a new catalog. */
int cli_load_root(const struct schema_root *root, const char *upto,
		  struct catalog **out, struct sd_error *err);
/* Load desired SQL files/folders into a new catalog. */
int cli_load_desired(const char *const *paths, size_t n,
		     enum sql_dialect dialect, struct catalog **out,
		     struct sd_error *err);
/* The same, each file starting from search_path (NULL: public). */
int cli_load_desired_path(const char *const *paths, size_t n,
			  const char *search_path, enum sql_dialect dialect,
			  struct catalog **out, struct sd_error *err);
/* Connect to url and check that the database is of root's dialect
 * (SD_ERR_UNSUPPORTED naming both, in `where` when given, otherwise; the
 * connection is closed then). */
struct sd_conn;
int cli_connect_root(const char *url, const struct schema_root *root,
		     const char *where, struct sd_conn **out,
		     struct sd_error *err);
/* The dialect of a schema root's system-type. */
enum sql_dialect cli_root_dialect(const struct schema_root *root);
/* 1 if source names a schema root (DIR or DIR@VERSION). */
int cli_source_is_root(const char *source);
struct sd_conn;
/* Parse the desired files again as conn's session resolves unqualified
 * names (its search_path), when that is not just public; *cat is
 * replaced. */
int cli_reload_for_session(struct sd_conn *conn, const char *const *paths,
			   size_t n, struct catalog **cat,
			   struct sd_error *err);

struct sd_conn;
struct changeset;

/* 1 if s names a database (a URL or a libpq conninfo string) rather than
 * a file or folder. */
int cli_is_url(const char *s);
int cli_connect(const char *url, struct sd_conn **out, struct sd_error *err);
/* Run SQL text that may hold several statements: as one string where the
 * driver takes that (PostgreSQL), else split and run one by one. */
int cli_exec_script(struct sd_conn *conn, enum sql_dialect dialect,
		    const char *sql, struct sd_error *err);
/* cli_execute() for engines whose DDL is not transactional (cli/
 * live_nontx.c): statement by statement, saying which were applied when
 * one fails; ALTER TABLE tries ALGORITHM=INSTANT, then INPLACE. */
int cli_execute_nontx(struct sd_conn *conn, const struct changeset *cs,
		      int (*verify)(struct sd_conn *, void *,
				    struct sd_error *),
		      void *verify_arg, struct sd_error *err);
/* The server error number in a MySQL driver message, or 0. */
int cli_mysql_errno(const char *msg);
/* The dialect of the database a URL names (no connection is made). */
int cli_url_dialect(const char *url, enum sql_dialect *out,
		    struct sd_error *err);
/* Read the live database into a new catalog. */
int cli_introspect(struct sd_conn *conn, struct catalog **out,
		   unsigned *nqueries, struct sd_error *err);
/* Create `parsed` in a scratch database on conn's server and read it back:
 * the server's own canonical form of the parsed catalog (see cli/live.c).
 * When the role may not create databases and `live` (conn's database, as
 * introspected) is given, the same is done in a transaction on conn's
 * database that is rolled back. */
int cli_normalize(struct sd_conn *conn, const struct catalog *live,
		  const struct catalog *parsed, struct catalog **out,
		  struct sd_error *err);
/* cli_normalize(), after which the caller lets go of *parsed (set to
 * NULL) on success: it is freed when the result holds nothing of it (a
 * catalog read back from the server: all of it for PostgreSQL, as the
 * peak memory of a large apply counts every catalog alive), else
 * handed to *out (MySQL lists unchanged objects as parsed). */
int cli_normalize_take(struct sd_conn *conn, const struct catalog *live,
		       struct catalog **parsed, struct catalog **out,
		       struct sd_error *err);
/* A source that may also be a URL: then *conn is its connection (the
 * caller closes it) and *out its introspected catalog. */
int cli_load_live_or_parsed(const char *source, enum sql_dialect dialect,
			    struct sd_conn **conn,
			    struct catalog **out, struct sd_error *err);
/* cli_load_live_or_parsed() of two sources at once: a database is read
 * while files are parsed (on another thread). On an error, *err is the
 * first source's when both fail; conn[] and out[] hold what loaded, for
 * the caller to close and free either way. */
int cli_load_two(const char *const source[2], enum sql_dialect dialect,
		 struct sd_conn *conn[2], struct catalog *out[2],
		 struct sd_error *err);
/* Execute a change set in one transaction (new enum values first, in one
 * of their own); verify, when given, runs before COMMIT and may fail the
 * run, which then rolls back. */
int cli_execute(struct sd_conn *conn, const struct changeset *cs,
		int (*verify)(struct sd_conn *, void *, struct sd_error *),
		void *verify_arg, struct sd_error *err);

/* "500ms", "5s", "2m", "1h", "0" -> milliseconds; -2 when invalid. */
long cli_parse_duration(const char *s);
/* Take the deploy lock `name`: at once if free, else say that we wait and
 * wait up to timeout_ms (SD_LOCK_WAIT_FOREVER: no limit; 0: fail). */
int cli_take_lock(struct sd_conn *db, const char *name, long timeout_ms,
		  struct sd_error *err);

/* Schemas that parsed objects live in but the parsed files never create
 * exist outside them (as public does): where the live database has them,
 * add them to `parsed` so that the diff keeps them. */
void cli_adopt_external_schemas(struct catalog *parsed,
				const struct catalog *live);

int cmd_apply(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_drift(int argc, char **argv);

#endif
