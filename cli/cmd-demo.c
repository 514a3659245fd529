/*
 * cli/cmd-demo.c: `schemadiff demo` loads the demo data of a schema root
 * (version.json's `demo` files) into a database already at a version
 * (ops_demo(), see ops/demo.c).
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "util/banned.h"

static const char demo_usage[] =
	"usage: schemadiff demo --url URL --schema-root DIR [--lock-timeout DURATION]\n"
	"\n"
	"Load the demo data of the schema root into a database at a version: the\n"
	"demo files (version.json's \"demo\") of every version up to the one the\n"
	"database is at, in order, each version's in one transaction with a row in\n"
	"the history table (schema name NAME:demo), so that each loads once; a\n"
	"second run loads nothing.\n"
	"\n"
	"  --url URL                the database\n"
	"  --schema-root DIR        the schema root\n"
	"  --lock-timeout DURATION  give up when another run holds the lock longer\n"
	"                           than DURATION (500ms, 5s, 2m; default: wait)\n"
	"  -h, --help               show this help\n"
	"\n"
	"Exit: 0 done (or nothing to load), 2 error, 129 usage.\n";

int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "schema-root", required_argument, NULL, 'r' },
		{ "lock-timeout", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ops_demo_opts o = { 0 };
	struct ops_demo_result res = { 0 };
	struct sd_error err = { 0 };
	int c, rc = EXIT_ERROR;

	o.url = "";
	o.lock_timeout_ms = SD_LOCK_WAIT_FOREVER;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			o.url = optarg;
			break;
		case 'r':
			o.schema_root = optarg;
			break;
		case 'l':
			if (cli_duration_opt("lock-timeout", optarg, false,
					     &o.lock_timeout_ms))
				return cli_usage(demo_usage, 1);
			break;
		case 'h':
			return cli_usage(demo_usage, 0);
		default:
			return cli_usage(demo_usage, 1);
		}
	}
	if (!o.schema_root || optind < argc) {
		fputs(optind < argc ?
		      "schemadiff: error: demo takes no arguments besides its options\n" :
		      "schemadiff: error: demo needs --schema-root\n", stderr);
		return cli_usage(demo_usage, 1);
	}
	cli_events(&o.events);
	if (ops_demo(&o, &res, &err)) {
		cli_report(&err);
	} else {
		if (res.nloaded)
			fprintf(stderr, "schemadiff: loaded the demo data of version%s %s (%zu file%s, %zu statement%s); the database is at version %s\n",
				res.nloaded == 1 ? "" : "s", res.loaded.buf,
				res.nfiles, res.nfiles == 1 ? "" : "s",
				res.nstatements, res.nstatements == 1 ? "" : "s",
				res.at);
		else
			fprintf(stderr, "schemadiff: no demo data to load: the database is at version %s (%zu version%s' demo data loaded before)\n",
				res.at, res.nalready, res.nalready == 1 ? "" : "s");
		rc = EXIT_OK;
	}
	ops_demo_result_release(&res);
	return cli_finish(rc);
}
