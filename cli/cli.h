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

#define EXIT_OK 0
#define EXIT_DIFF 1
#define EXIT_ERROR 2
#define EXIT_USAGE 129

#define SCHEMADIFF_VERSION "0.1.0"

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
 * On success *out is a new catalog the caller frees.
 */
int cli_load_source(const char *source, struct catalog **out,
		    struct sd_error *err);
/* Replay a schema root up to `upto` (NULL: latest) into a new catalog. */
int cli_load_root(const struct schema_root *root, const char *upto,
		  struct catalog **out, struct sd_error *err);
/* Load desired SQL files/folders into a new catalog. */
int cli_load_desired(const char *const *paths, size_t n,
		     struct catalog **out, struct sd_error *err);

#endif
