/*
 * cli/cli.h: what the subcommands share: the command table's functions,
 * error printing, usage handling, and printing the engine's events.
 * The work itself is done by ops/ (schemadiff.h); cli/ parses arguments,
 * calls it, formats the result and chooses the exit code:
 *   0 done / no differences, 1 differences found (--exit-code, drift),
 *   2 error, 129 usage.
 */
#ifndef SD_CLI_H
#define SD_CLI_H

#include "schemadiff.h"

#define EXIT_OK 0
#define EXIT_DIFF 1
#define EXIT_ERROR 2
#define EXIT_USAGE 129

int cmd_plan(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_apply(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_drift(int argc, char **argv);
int cmd_provision(int argc, char **argv);
int cmd_squash(int argc, char **argv);
int cmd_demo(int argc, char **argv);
/* The project form of migrate, apply, status and drift (cli/cmd-project.c):
 * wanted with --env or --config, or without --schema-root and --url inside
 * a project; and init --project. */
int cli_project_wanted(int argc, char **argv);
int cli_project_run(enum ops_fleet_action action, int argc, char **argv);
int cli_init_project(int argc, char **argv);
int cli_project_plan(int argc, char **argv);

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
/* "500ms", "5s", "2m", "1h", "0" -> milliseconds; -2 when invalid. */
long cli_parse_duration(const char *s);
/* A duration option's value (--OPT ARG, cli_parse_duration's forms; 0
 * refused when positive) in milliseconds into *out: 0, or -1 after
 * printing what is wrong. */
int cli_duration_opt(const char *opt, const char *arg, bool positive,
		     long *out);
/* --ddl-lock-retries N (0 to 100; stored as the ops/ options want it: 0
 * becomes -1, none): 0, or -1 after printing what is wrong. */
int cli_parse_ddl_lock_retries(const char *arg, int *out);
/* After cli_events(): leave the plan's SQL out of stdout (which then
 * carries JSON). */
void cli_events_no_sql(struct ops_events *ev);
/* -W: read a password from /dev/tty without echo (as psql -W) and hand
 * it to libpq and the MariaDB client through this process's environment
 * (PGPASSWORD, MYSQL_PWD), never argv; EXIT_ERROR (told) without a
 * terminal. A password in the URL still wins. */
int cli_password_prompt(void);
/* "500MB", "2GB", "10kB", "123" (bytes) -> bytes; -2 when invalid. */
long long cli_parse_size(const char *s);
/* An event sink that prints the engine's events as schemadiff always
 * has: messages to stderr ("schemadiff: ...", "schemadiff: warning: ...",
 * "hint: ..."), a plan's SQL to stdout; figures when SCHEMADIFF_STATS is
 * set (and not 0). */
void cli_events(struct ops_events *ev);
/* Print {"format": format, "version": 1, head's keys..., "changes": [...]}
 * to stdout (head may be NULL; it is not released). */
struct json_t;
int cli_print_json_changes(const char *format, struct json_t *head,
			   const struct ops_changes *changes);
/* --format text|json: *json set; EXIT_ERROR (told) for anything else. */
int cli_parse_format_json(const char *arg, bool *json);
/* Print OPS_EVENT_STEP progress lines (--progress, or stderr is a
 * terminal); set by main. */
extern int cli_progress;

/* --ignore PATTERN and --ignore-file FILE (cli/ignore.c): put
 * CLI_IGNORE_OPTIONS in a getopt_long table and CLI_IGNORE_USAGE in the
 * usage; cli_ignore_opt() takes the option (true when it was one of them,
 * arg kept as it is, for the life of the process), cli_ignore_fill()
 * hands them to the engine. */
#include "util/vec.h"
#define CLI_OPT_IGNORE 0x1001
#define CLI_OPT_IGNORE_FILE 0x1002
#define CLI_IGNORE_OPTIONS \
	{ "ignore", required_argument, NULL, CLI_OPT_IGNORE }, \
	{ "ignore-file", required_argument, NULL, CLI_OPT_IGNORE_FILE }
#define CLI_IGNORE_USAGE \
	"  --ignore PATTERN         leave objects that match alone: GLOB on the qualified\n" \
	"                           name (schema.name) or KIND:GLOB (table:audit.*);\n" \
	"                           may repeat\n" \
	"  --ignore-file FILE       ignore patterns, one a line ('#' comments)\n"
bool cli_ignore_opt(int c, char *arg);
void cli_ignore_fill(struct ops_ignore *out);

#endif
