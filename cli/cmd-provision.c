/*
 * cli/cmd-provision.c: `schemadiff provision` creates a fresh database at a
 * version of a schema root from the catalog the root replays to, and
 * records the versions up to it (ops_provision(), see ops/provision.c).
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "util/banned.h"

static const char provision_usage[] =
	"usage: schemadiff provision --url URL --schema-root DIR [--version V] [--dry-run]\n"
	"                            [--lock-timeout DURATION] [--demo] [--from URL]\n"
	"\n"
	"Bring an empty database to a version of the schema root in one step: the\n"
	"root is replayed offline and the resulting schema is created directly (no\n"
	"version runs, so one that created what a later one dropped, such as an\n"
	"extension the server lacks, does not matter); every version up to it is\n"
	"recorded as applied, so migrate continues from there.\n"
	"\n"
	"  --url URL                the database (empty: no objects, no history)\n"
	"  --schema-root DIR        the schema root\n"
	"  --version V              the version to create (default: the latest)\n"
	"  --dry-run                print the SQL; change nothing\n"
	"  --demo                   load each version's demo data after it (the versions\n"
	"                           then run in order, as migrate runs them)\n"
	"  --from URL               take the schema from this live database (inspected)\n"
	"                           instead of the root; the root (optional) gives the\n"
	"                           versions to record, up to the one URL records, and\n"
	"                           the demo data\n"
	"  --lock-timeout DURATION  give up when another run holds the lock longer\n"
	"                           than DURATION (500ms, 5s, 2m; default: wait)\n"
	"  --env NAME, --config FILE\n"
	"                           every root and database of a project\n"
	"                           (schemadiff.json): see\n"
	"                           schemadiff provision --env NAME -h\n"
	"  -h, --help               show this help\n"
	"\n"
	"A database that is not empty is refused.\n"
	"Exit: 0 provisioned, 2 error, 129 usage.\n";

int cmd_provision(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "schema-root", required_argument, NULL, 'r' },
		{ "version", required_argument, NULL, 'v' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "lock-timeout", required_argument, NULL, 'l' },
		{ "demo", no_argument, NULL, 'D' },
		{ "from", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ops_provision_opts o = { 0 };
	struct ops_provision_result res = { 0 };
	struct sd_error err = { 0 };
	int c, rc = EXIT_ERROR;

	o.url = "";
	o.lock_timeout_ms = SD_LOCK_WAIT_FOREVER;
	if (cli_project_wanted(argc, argv))
		return cli_project_run(OPS_FLEET_PROVISION, argc, argv);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			o.url = optarg;
			break;
		case 'r':
			o.schema_root = optarg;
			break;
		case 'v':
			o.version = optarg;
			break;
		case 'n':
			o.dry_run = true;
			break;
		case 'D':
			o.demo = true;
			break;
		case 'F':
			o.from_url = optarg;
			break;
		case 'l':
			if (cli_duration_opt("lock-timeout", optarg, false,
					     &o.lock_timeout_ms))
				return cli_usage(provision_usage, 1);
			break;
		case 'h':
			return cli_usage(provision_usage, 0);
		default:
			return cli_usage(provision_usage, 1);
		}
	}
	if ((!o.schema_root && !o.from_url) || optind < argc) {
		fputs(optind < argc ?
		      "schemadiff: error: provision takes no arguments besides its options\n" :
		      "schemadiff: error: provision needs --schema-root\n", stderr);
		return cli_usage(provision_usage, 1);
	}
	cli_events(&o.events);
	if (ops_provision(&o, &res, &err)) {
		cli_report(&err);
	} else {
		if (o.dry_run)
			fputs(res.sql.buf, stdout);
		else if (o.demo && !o.from_url)
			fprintf(stderr, "schemadiff: provisioned version %s with demo data (%zu version%s run) in %.0f ms\n",
				res.version, res.nrecorded,
				res.nrecorded == 1 ? "" : "s", res.duration_ms);
		else
			fprintf(stderr, "schemadiff: provisioned %s%s (%zu change%s, %zu version%s recorded%s) in %.0f ms\n",
				res.version ? "version " : "the --from database's schema",
				res.version ? res.version : "", res.nchanges,
				res.nchanges == 1 ? "" : "s", res.nrecorded,
				res.nrecorded == 1 ? "" : "s",
				res.ndemo_versions ? ", demo data loaded" : "",
				res.duration_ms);
		rc = EXIT_OK;
	}
	ops_provision_result_release(&res);
	return rc;
}
