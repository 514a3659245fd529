/*
 * cli/main.c: the subcommand table and the entry point. The table and each
 * command's -h text are also the source of the man pages and the shell
 * completions (scripts/gen-man.sh, scripts/gen-completion.sh).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "parser/pg/pg_parser.h"
#include "util/banned.h"

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "plan", cmd_plan, "write a new version that reaches the desired schema" },
	{ "diff", cmd_diff, "print the SQL that turns one source into another" },
	{ "validate", cmd_validate, "check a schema root against db-schema-spec 1.1" },
	{ "init", cmd_init, "create an empty schema root" },
	{ "apply", cmd_apply, "bring a live database to the desired schema" },
	{ "inspect", cmd_inspect, "write a live database's schema as SQL files" },
	{ "migrate", cmd_migrate, "run the versions a live database has not had yet" },
	{ "status", cmd_status, "show a live database's version, pending versions and mismatches" },
	{ "squash", cmd_squash, "replace the versions up to one with a single baseline version" },
	{ "provision", cmd_provision, "create a fresh database at a version straight from the schema" },
	{ "demo", cmd_demo, "load the demo data of the versions up to a live database's" },
	{ "drift", cmd_drift, "check that live databases are what their recorded version says" },
	{ "help", cmd_help, "list the commands" },
	{ "version", cmd_version, "print the version of schemadiff" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void print_commands(FILE *out)
{
	fputs("usage: schemadiff <command> [options]\n\n"
	      "commands:\n", out);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
	fputs("\nschemadiff <command> -h shows the options of a command.\n"
	      "\nEvery command also takes:\n"
	      "  --connect-timeout DURATION  give up on a server that does not answer\n"
	      "                              (default 10s)\n"
	      "  --progress                  print each statement as it runs, on standard\n"
	      "                              error (default when it is a terminal)\n"
	      "SIGINT and SIGTERM stop a run cleanly: the transaction rolled back, the\n"
	      "deploy lock released, scratch databases dropped; exit 130 / 143.\n",
	      out);
}

static const char help_usage[] =
"usage: schemadiff help [COMMAND]\n"
"\n"
"Without COMMAND, list the commands; with one, show its options, as\n"
"schemadiff COMMAND -h does.\n"
"\n"
"  -h, --help   show this help\n"
"\n"
"Exit: 0 done, 129 usage (an unknown command).\n";

static const char version_usage[] =
"usage: schemadiff version\n"
"\n"
"Print the version of schemadiff (schemadiff --version does the same): the\n"
"git describe of the build, or the release.\n"
"\n"
"  -h, --help   show this help\n"
"\n"
"Exit: 0 done, 129 usage.\n";

static int is_help_flag(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

/* help: the table; help CMD: CMD -h. */
static int cmd_help(int argc, char **argv)
{
	const struct command *c;
	char *args[3];

	if (argc < 2) {
		print_commands(stdout);
		return EXIT_OK;
	}
	if (argc > 2)
		return cli_usage(help_usage, 1);
	if (is_help_flag(argv[1]) || !strcmp(argv[1], "help"))
		return cli_usage(help_usage, 0);
	c = find_command(argv[1]);
	if (!c) {
		fprintf(stderr, "schemadiff: error: unknown command \"%s\"\n\n",
			argv[1]);
		return cli_usage(help_usage, 1);
	}
	args[0] = argv[1];
	args[1] = "-h";
	args[2] = NULL;
	return c->fn(2, args);
}

static int cmd_version(int argc, char **argv)
{
	if (argc == 2 && is_help_flag(argv[1]))
		return cli_usage(version_usage, 0);
	if (argc > 1)
		return cli_usage(version_usage, 1);
	printf("schemadiff %s\n", SCHEMADIFF_VERSION);
	return EXIT_OK;
}

static void on_signal(int signo)
{
	/* async-signal-safe: sets a flag and sends PQcancel requests */
	ops_cancel(signo);
}

static void install_signal_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a blocking wait returns to be checked */
	sa.sa_flags = SA_RESETHAND;	/* a second signal ends the process */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/*
 * Options every command takes, taken out of argv before the command's own
 * getopt sees it (up to a "--"); and every password in a connection
 * string of argv overwritten in place, so that ps and /proc/PID/cmdline do
 * not show it (the command gets a copy). -1 with a message on a bad value.
 */
static int take_common_options(int *argc, char **argv)
{
	/* the copies live as long as the process: kept here, reachable */
	static char **copies;
	int out = 1, ncopies = 0;

	copies = calloc((size_t)*argc + 1, sizeof(*copies));
	if (!copies)
		abort();

	for (int i = 1; i < *argc; i++) {
		const char *v = NULL;

		if (!strcmp(argv[i], "--")) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (!strcmp(argv[i], "--progress")) {
			cli_progress = 1;
			continue;
		}
		if (!strcmp(argv[i], "--connect-timeout")) {
			if (i + 1 >= *argc) {
				fprintf(stderr, "schemadiff: error: --connect-timeout needs a value\n");
				return -1;
			}
			v = argv[++i];
		} else if (!strncmp(argv[i], "--connect-timeout=", 18)) {
			v = argv[i] + 18;
		}
		if (v) {
			long ms = cli_parse_duration(v);

			if (ms < 0 || (ms == 0 && strcmp(v, "0"))) {
				fprintf(stderr, "schemadiff: error: invalid --connect-timeout \"%s\": use a number and a unit, such as 500ms, 5s or 2m\n",
					v);
				return -1;
			}
			ops_set_connect_timeout(ms);
			continue;
		}
		if (strstr(argv[i], "password") || strstr(argv[i], "://")) {
			char *copy = strdup(argv[i]);

			if (!copy)
				abort();
			if (sd_scrub_password(argv[i]))
				argv[i] = copies[ncopies++] = copy;
			else
				free(copy);
		}
		argv[out++] = argv[i];
	}
	argv[out] = NULL;
	*argc = out;
	return 0;
}

int main(int argc, char **argv)
{
	const struct command *c;
	int rc, sig;

	if (argc < 2) {
		print_commands(stdout);
		return cli_finish(EXIT_OK);
	}
	if (is_help_flag(argv[1])) {
		print_commands(stdout);
		return cli_finish(EXIT_OK);
	}
	if (!strcmp(argv[1], "--version"))
		return cli_finish(cmd_version(argc - 1, argv + 1));
	c = find_command(argv[1]);
	if (c) {
		if (take_common_options(&argc, argv))
			return EXIT_USAGE;
		cli_progress = cli_progress || isatty(2);
		ops_runtime_init();
		install_signal_handlers();
		rc = c->fn(argc - 1, argv + 1);
		pg_parser_cleanup();
		/* interrupted: 128 + the signal, as a shell reports it */
		sig = ops_cancel_signal();
		if (sig && rc != EXIT_OK)
			return 128 + sig;
		return cli_finish(rc);
	}
	fprintf(stderr, "schemadiff: error: unknown command \"%s\"\n\n",
		argv[1]);
	print_commands(stderr);
	return EXIT_USAGE;
}
