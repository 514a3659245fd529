/*
 * cli/cmd-inspect.c: `schemadiff inspect` writes a live database's schema
 * as declarative SQL that plan and apply accept (ops_inspect(), see
 * ops/inspect.c): on standard output, or with --out DIR one file per
 * schema.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "util/banned.h"

static const char inspect_usage[] =
	"usage: schemadiff inspect --url URL [--out DIR] [--ignore PATTERN...]\n"
	"                          [--ignore-file FILE]\n"
	"\n"
	"Print the schema of a live database as declarative SQL (CREATE\n"
	"statements that plan and apply accept), or write it to DIR, one file\n"
	"per schema.\n"
	"\n"
	"  --url URL    the database: postgres:// URL or libpq conninfo\n"
	"  --out DIR    write DIR/<schema>.sql files; DIR must not exist or be empty\n"
	CLI_IGNORE_USAGE
	"                           (not printed)\n"
	"  -h, --help   show this help\n"
	"\n"
	"Exit: 0 done, 2 error, 129 usage.\n";

int cmd_inspect(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "out", required_argument, NULL, 'o' },
		CLI_IGNORE_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ops_inspect_opts o = { 0 };
	struct ops_inspect_result res = { 0 };
	struct sd_error err = { 0 };
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_ignore_opt(c, optarg))
			continue;
		switch (c) {
		case 'u':
			o.url = optarg;
			break;
		case 'o':
			o.out_dir = optarg;
			break;
		case 'h':
			return cli_usage(inspect_usage, 0);
		default:
			return cli_usage(inspect_usage, 1);
		}
	}
	if (optind < argc)
		return cli_usage(inspect_usage, 1);
	cli_events(&o.events);
	cli_ignore_fill(&o.ignore);
	if (ops_inspect(&o, &res, &err)) {
		rc = cli_report(&err);
	} else {
		if (!o.out_dir)
			fputs(res.sql.buf, stdout);
		rc = EXIT_OK;
	}
	ops_inspect_result_release(&res);
	return rc;
}
