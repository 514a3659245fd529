/*
 * cli/cmd-diff.c: `schemadiff diff FROM TO` prints the SQL that turns the
 * FROM source into the TO source (ops_diff(), see ops/diff.c and
 * ops/load.c for sources).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "parser/front/front.h"
#include "util/banned.h"

static const char diff_usage[] =
	"usage: schemadiff diff [--exit-code] [--dialect D] [--format text|json]\n"
	"                       [--ignore PATTERN...] [--ignore-file FILE]\n"
	"                       [--target-version N] FROM TO\n"
	"\n"
	"Print the SQL that turns FROM into TO. A source is a SQL file, a folder of\n"
	"SQL files, a schema root as DIR or DIR@VERSION (replayed offline to that\n"
	"version, the latest when omitted), or a live database (postgres:// URL or\n"
	"libpq conninfo). When one side is live, the other is compared in the\n"
	"server's canonical form (created in a scratch database and read back).\n"
	"\n"
	"  --exit-code   exit 1 when there are differences\n"
	"  --dialect D   postgresql (default) or mysql: how to read SQL files when\n"
	"                no side is a database or a schema root\n"
	"  --format FMT  text (the SQL, default) or json (the changes with their\n"
	"                kind, object, SQL and hazards)\n"
	"  --target-version N  PostgreSQL, no side a database: the server major\n"
	"                version (13-18) the SQL is for (default: a schema root's\n"
	"                \"target-version\", else SQL every version runs)\n"
	"  -W, --password prompt for the password on the terminal (no echo)\n"
	CLI_IGNORE_USAGE
	"                           (left out of both sides)\n"
	"  -h, --help    show this help\n"
	"\n"
	"Exit: 0 done (or no differences), 1 differences with --exit-code,\n"
	"2 error, 129 usage.\n";

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "exit-code", no_argument, NULL, 'e' },
		{ "dialect", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "password", no_argument, NULL, 'W' },
		{ "target-version", required_argument, NULL, 'T' },
		CLI_IGNORE_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ops_diff_opts o = { 0 };
	struct ops_diff_result res = { 0 };
	struct sd_error err = { 0 };
	int exit_code = 0, c, rc;
	bool json = false;
	bool prompt = false;

	o.dialect = OPS_DIALECT_AUTO;
	optind = 1;
	while ((c = getopt_long(argc, argv, "hW", opts, NULL)) != -1) {
		if (cli_ignore_opt(c, optarg))
			continue;
		switch (c) {
		case 'e':
			exit_code = 1;
			break;
		case 'd':
			o.dialect = front_dialect_of(optarg);
			if (o.dialect < 0) {
				cli_error("--dialect: unknown dialect \"%s\" (expected postgresql or mysql)",
					  optarg);
				return cli_usage(diff_usage, 1);
			}
			break;
		case 'f':
			if (cli_parse_format_json(optarg, &json))
				return cli_usage(diff_usage, 1);
			break;
		case 'W':
			prompt = true;
			break;
		case 'T': {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*end || v < 13 || v > 99)
				return cli_usage(diff_usage, 1);
			o.target_version = (int)v * 10000;
			break;
		}
		case 'h':
			return cli_usage(diff_usage, 0);
		default:
			return cli_usage(diff_usage, 1);
		}
	}
	if (argc - optind != 2) {
		fputs("schemadiff: error: diff needs two sources, FROM and TO\n",
		      stderr);
		return cli_usage(diff_usage, 1);
	}
	o.from = argv[optind];
	o.to = argv[optind + 1];
	if (prompt && cli_password_prompt())
		return EXIT_ERROR;
	cli_events(&o.events);
	cli_ignore_fill(&o.ignore);
	if (ops_diff(&o, &res, &err)) {
		rc = cli_report(&err);
	} else {
		if (json) {
			json_t *head = json_pack("{s:b}", "differs", res.differs);
			cli_print_json_changes("schemadiff-diff", head, &res.list);
			json_decref(head);
		} else {
			fputs(res.sql.buf, stdout);
		}
		rc = cli_finish((exit_code && res.differs) ? EXIT_DIFF : EXIT_OK);
	}
	ops_diff_result_release(&res);
	return rc;
}
