/*
 * cli/cmd-plan.c: `schemadiff plan` writes a new version that brings the
 * schema root's latest version to the desired SQL files (ops_plan(), see
 * ops/plan.c): the SQL to standard output, messages to standard error.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/vec.h"
#include "util/banned.h"

static const char plan_usage[] =
	"usage: schemadiff plan --schema-root DIR --desired PATH... [--version V] [--dry-run]\n"
	"                       [--verify | --no-verify] [--dev-url URL]\n"
	"                       [--check] [--format text|json]\n"
	"                       [--version-scheme sequential|timestamp] [--rebase]\n"
	"                       [--rebase-from V] [--online] [--target-version N]\n"
	"                       [--demo-file FILE...]\n"
	"                       [--ignore PATTERN...] [--ignore-file FILE]\n"
	"\n"
	"Write a new version to the schema root that turns its latest version into\n"
	"the schema described by the desired SQL files (files or folders of *.sql).\n"
	"\n"
	"  --schema-root DIR   the schema root (a folder with schema.json)\n"
	"  --desired PATH      desired SQL file or folder; may repeat\n"
	"  --version V         the new version (default: the last version's integer\n"
	"                      part plus one, or 1)\n"
	"  --version-scheme S  sequential (default) or timestamp: UTC now as\n"
	"                      YYYYMMDD.HHMMSS, which two branches rarely pick alike\n"
	"  --rebase            after a merge: the versions that schemadiff.sum does\n"
	"                      not chain, which no database may have applied, each\n"
	"                      replayed and planned again on top of the others as a\n"
	"                      new version (renumbered, proved), then the rest of\n"
	"                      the desired files\n"
	"  --rebase-from V     --rebase of V and the versions of its branch after\n"
	"                      it (by schemadiff.sum's chains): name the first of\n"
	"                      yours when they sort before the other branch's\n"
	"  --dry-run           print the SQL, write nothing\n"
	"  --verify            also run the history and the new version on a real\n"
	"                      server and compare (default when server binaries are\n"
	"                      installed; then required)\n"
	"  --no-verify         the offline proof only\n"
	"  --dev-url URL       the server to verify on (an empty database or a role\n"
	"                      that may create databases); default: a throwaway\n"
	"                      server started from the installed binaries\n"
	"  --check             write nothing; exit 1 when a new version would be\n"
	"                      written (for CI)\n"
	"  --format FMT        text (the SQL, default) or json (the changes with\n"
	"                      their kind, object, SQL and hazards)\n"
	"  --target-version N  PostgreSQL: the server major version (13-18) the plan\n"
	"                      is for; features it lacks are refused, and the SQL\n"
	"                      is written for it (default: schema.json's\n"
	"                      \"target-version\", else SQL every version runs; see\n"
	"                      docs/pg-versions.md)\n"
	"  --online            PostgreSQL: the version holds online mode's steps\n"
	"                      (CREATE INDEX CONCURRENTLY, NOT VALID then VALIDATE,\n"
	"                      ...) in files of their own that migrate runs after\n"
	"                      the version's transaction, each on its own\n"
	"  --demo-file FILE    a demo-data file (inserts) for the new version, copied\n"
	"                      into it and listed under version.json's \"demo\"; may\n"
	"                      repeat. Without one, plan warns about each table the\n"
	"                      version changes that earlier demo data fills\n"
	CLI_IGNORE_USAGE
	"                           (in the history and the desired files alike)\n"
	"  --config FILE       plan every root of a project file (schemadiff.json,\n"
	"                      the default without --schema-root): see\n"
	"                      schemadiff plan --config FILE -h\n"
	"  -h, --help          show this help\n"
	"\n"
	"$SCHEMADIFF_VERIFY=off|on changes the default of --verify.\n"
	"plan writes schemadiff.sum beside schema.json and refuses a root that does\n"
	"not match it (see validate).\n"
	"The SQL goes to standard output; messages and each change's hazards to\n"
	"standard error; revisions.sql has the hazards as comments, version.json\n"
	"under \"hazards\".\n"
	"Exit: 0 written or nothing to do, 1 --check found changes, 2 error,\n"
	"129 usage.\n";

/* --verify by default, unless $SCHEMADIFF_VERIFY says off (or on). */
static enum ops_verify_mode verify_default(void)
{
	const char *v = getenv("SCHEMADIFF_VERIFY");

	if (v && !strcmp(v, "off"))
		return OPS_VERIFY_OFF;
	if (v && !strcmp(v, "on"))
		return OPS_VERIFY_ON;
	return OPS_VERIFY_AUTO;
}

int cmd_plan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "schema-root", required_argument, NULL, 'r' },
		{ "desired", required_argument, NULL, 'd' },
		{ "version", required_argument, NULL, 'v' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "verify", no_argument, NULL, 'V' },
		{ "no-verify", no_argument, NULL, 'N' },
		{ "dev-url", required_argument, NULL, 'u' },
		{ "check", no_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "version-scheme", required_argument, NULL, 's' },
		{ "rebase", no_argument, NULL, 'R' },
		{ "rebase-from", required_argument, NULL, 'F' },
		{ "online", no_argument, NULL, 'O' },
		{ "target-version", required_argument, NULL, 'T' },
		{ "demo-file", required_argument, NULL, 'M' },
		CLI_IGNORE_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ops_plan_opts o = { 0 };
	struct ops_plan_result res = { 0 };
	struct vec desired = VEC_INIT, demo_files = VEC_INIT;
	struct sd_error err = { 0 };
	int c, rc = EXIT_ERROR, failed;
	bool check = false, json = false;

	o.verify = verify_default();
	if (cli_project_wanted(argc, argv))
		return cli_project_plan(argc, argv);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_ignore_opt(c, optarg))
			continue;
		switch (c) {
		case 'r':
			o.schema_root = optarg;
			break;
		case 'd':
			vec_push(&desired, optarg);
			break;
		case 'v':
			o.version = optarg;
			break;
		case 'n':
			o.dry_run = true;
			break;
		case 'V':
			o.verify = OPS_VERIFY_ON;
			break;
		case 'N':
			o.verify = OPS_VERIFY_OFF;
			break;
		case 'u':
			o.dev_url = optarg;
			ops_replay_server_set(optarg, NULL);
			break;
		case 'c':
			check = o.dry_run = true;
			break;
		case 'f':
			if (cli_parse_format_json(optarg, &json)) {
				rc = cli_usage(plan_usage, 1);
				goto out;
			}
			break;
		case 's':
			if (!strcmp(optarg, "timestamp")) {
				o.version_scheme = OPS_VERSION_TIMESTAMP;
			} else if (!strcmp(optarg, "sequential")) {
				o.version_scheme = OPS_VERSION_SEQUENTIAL;
			} else {
				fprintf(stderr, "schemadiff: error: --version-scheme: \"%s\" is neither sequential nor timestamp\n",
					optarg);
				rc = cli_usage(plan_usage, 1);
				goto out;
			}
			break;
		case 'R':
			o.rebase = true;
			break;
		case 'F':
			o.rebase = true;
			o.rebase_from = optarg;
			break;
		case 'O':
			o.online = true;
			break;
		case 'T': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 13 || v > 99) {
				rc = cli_usage(plan_usage, 1);
				goto out;
			}
			o.target_version = (int)v * 10000;
			break;
		}
		case 'M':
			vec_push(&demo_files, optarg);
			break;
		case 'h':
			rc = cli_usage(plan_usage, 0);
			goto out;
		default:
			rc = cli_usage(plan_usage, 1);
			goto out;
		}
	}
	for (; optind < argc; optind++)
		vec_push(&desired, argv[optind]);
	if (o.dev_url && o.verify == OPS_VERIFY_OFF) {
		fputs("schemadiff: error: --dev-url and --no-verify contradict each other\n",
		      stderr);
		rc = cli_usage(plan_usage, 1);
		goto out;
	}
	if (!o.schema_root || !desired.len) {
		fputs("schemadiff: error: plan needs --schema-root and --desired\n",
		      stderr);
		rc = cli_usage(plan_usage, 1);
		goto out;
	}
	o.desired = (const char *const *)desired.items;
	o.ndesired = desired.len;
	o.demo_files = (const char *const *)demo_files.items;
	o.ndemo_files = demo_files.len;
	cli_events(&o.events);
	cli_ignore_fill(&o.ignore);

	failed = ops_plan(&o, &res, &err);
	if (json && (res.proved || (!failed && res.no_changes))) {
		json_t *head = json_pack("{s:b, s:s?, s:s?, s:s?, s:b}",
					 "no_changes", res.no_changes,
					 "current", res.current,
					 "new_version", res.version,
					 "enum_version", res.enum_version,
					 "written", res.written);
		cli_print_json_changes("schemadiff-plan", head, &res.changes);
		json_decref(head);
	} else if (res.proved) {
		if (res.enum_version)
			printf("-- version %s\n%s\n-- version %s\n",
			       res.enum_version, res.enum_sql.buf, res.version);
		fputs(res.sql.buf, stdout);
		fputs(res.steps_sql.buf, stdout);
	}
	if (failed) {
		if (res.unreached.len)
			fprintf(stderr, "schemadiff: error: %s\n"
				"still different after replaying it:\n%s",
				err.msg, res.unreached.buf);
		else
			cli_report(&err);
		goto out;
	}
	if (res.rebased)
		fprintf(stderr, "schemadiff: rebase: version%s %s planned again on top of the others%s%s\n",
			strchr(res.rebased, ',') ? "s" : "", res.rebased,
			res.rebased_as ? " as " : "",
			res.rebased_as ? res.rebased_as : "");
	if (res.no_changes)
		fprintf(stderr, "schemadiff: no changes: version %s already matches the desired schema\n",
			res.current ? res.current : "(none)");
	else if (check)
		fprintf(stderr, "schemadiff: check: version %s (%zu changes) would be written\n",
			res.version, res.nchanges);
	else if (o.dry_run)
		fprintf(stderr, "schemadiff: dry run: version %s (%zu changes) not written\n",
			res.version, res.nchanges);
	rc = check && !res.no_changes ? EXIT_DIFF : EXIT_OK;
	rc = cli_finish(rc);
out:
	ops_plan_result_release(&res);
	vec_release(&desired);
	vec_release(&demo_files);
	return rc;
}
