/*
 * cli/cmd-squash.c: `schemadiff squash` replaces a schema root's versions
 * up to V with one baseline version (ops_squash(), see ops/squash.c).
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "util/banned.h"

static const char squash_usage[] =
	"usage: schemadiff squash --schema-root DIR --to V [--dry-run]\n"
	"\n"
	"Replace the versions up to V with one baseline version V that creates the\n"
	"schema at V directly, so that new databases do not replay the history.\n"
	"Databases at V or past it continue unchanged with migrate (the baseline\n"
	"lists the versions it replaces and their checksums); a database at an\n"
	"older version K gets from-K.sql, the old versions' files after K.\n"
	"\n"
	"  --schema-root DIR   the schema root\n"
	"  --to V              the version that becomes the baseline\n"
	"  --dry-run           print the baseline's SQL, write nothing\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit: 0 done, 2 error, 129 usage.\n";

int cmd_squash(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "schema-root", required_argument, NULL, 'r' },
		{ "to", required_argument, NULL, 't' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ops_squash_opts o = { 0 };
	struct ops_squash_result res = { 0 };
	struct sd_error err = { 0 };
	int c, rc = EXIT_ERROR;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			o.schema_root = optarg;
			break;
		case 't':
			o.to = optarg;
			break;
		case 'n':
			o.dry_run = true;
			break;
		case 'h':
			return cli_usage(squash_usage, 0);
		default:
			return cli_usage(squash_usage, 1);
		}
	}
	if (!o.schema_root || !o.to || optind < argc) {
		fputs("schemadiff: error: squash needs --schema-root and --to, and no other arguments\n",
		      stderr);
		return cli_usage(squash_usage, 1);
	}
	cli_events(&o.events);
	if (ops_squash(&o, &res, &err)) {
		cli_report(&err);
	} else {
		if (o.dry_run) {
			fputs(res.sql.buf, stdout);
			fprintf(stderr, "schemadiff: dry run: version %s as a baseline of %zu versions, not written\n",
				res.version, res.nsquashed);
		}
		rc = EXIT_OK;
	}
	ops_squash_result_release(&res);
	return rc;
}
