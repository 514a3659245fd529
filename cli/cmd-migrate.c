/*
 * cli/cmd-migrate.c: `schemadiff migrate` runs the versions of a schema root
 * that a live database has not had yet (ops_migrate(), see ops/migrate.c):
 * options in; the SQL of --dry-run to standard output; progress, and where
 * a failed run stopped, to standard error; the exit code.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "util/banned.h"

static const char migrate_usage[] =
	"usage: schemadiff migrate --url URL --schema-root DIR [--to VERSION] [--dry-run]\n"
	"                          [--deploy-lock-timeout DURATION] [--ddl-lock-timeout DURATION]\n"
	"                          [--ddl-lock-retries N] [--statement-timeout DURATION]\n"
	"                          [--baseline VERSION] [--retry-failed] [--resume-at N]\n"
	"                          [--allow-destructive] [--deny-hazards KIND,...]\n"
	"                          [--allow-hazards KIND,...] [--provision] [--demo] [-W]\n"
	"\n"
	"Run the versions of the schema root that the database has not had yet, in\n"
	"order. PostgreSQL: each version runs in one transaction with its history\n"
	"row (schemadiff.schemadiff_history): it commits whole or not at all.\n"
	"MySQL/MariaDB DDL is not transactional: statements commit one by one and\n"
	"the history row (schemadiff_history) records how many completed; after a\n"
	"failure, migrate resumes after the last completed statement.\n"
	"\n"
	"  --url URL                postgres://user@host/db or a libpq connection string\n"
	"                           (empty or absent: the PG* environment variables),\n"
	"                           or mysql://user@host:port/db\n"
	"  --schema-root DIR        the schema root (a folder with schema.json)\n"
	"  --to VERSION             stop after this version (default: the latest); below\n"
	"                           the database's version: run the down scripts of the\n"
	"                           versions above it, newest first, each in its own\n"
	"                           transaction, and remove them from the history\n"
	"  --allow-destructive      --to below: run down scripts that delete data\n"
	"  --provision              an empty database (no objects, no history): create\n"
	"                           the schema at --to (or the latest) directly, as\n"
	"                           schemadiff provision does, instead of running\n"
	"                           every version\n"
	"  --demo                   load each version's demo data after it (and first\n"
	"                           the demo data the database's versions lack)\n"
	"  --dry-run                print the versions and SQL that would run; change nothing\n"
	"  --deploy-lock-timeout DURATION\n"
	"                           give up when another run holds the deploy lock longer\n"
	"                           than DURATION (500ms, 5s, 2m; default: wait);\n"
	"                           --lock-timeout is the old name\n"
	"  --ddl-lock-timeout DURATION\n"
	"                           a statement that waits longer than DURATION for a\n"
	"                           table lock (another session reading or writing it)\n"
	"                           fails, and its version is rolled back (PostgreSQL\n"
	"                           lock_timeout, MariaDB lock_wait_timeout; default: 0,\n"
	"                           the server's setting); a version's online steps\n"
	"                           (plan --online) wait at most this long (default\n"
	"                           5s), as apply --online's do\n"
	"  --ddl-lock-retries N     online steps: try again N times after a lock\n"
	"                           timeout, with pauses of 0.5 s, 1 s, 2 s ...\n"
	"                           (default 5; 0: never)\n"
	"  --statement-timeout DURATION\n"
	"                           bound each online step (default: none)\n"
	"  --baseline VERSION       the database has no history but already is at\n"
	"                           VERSION: record it without running it, then go on\n"
	"  --retry-failed           MySQL/MariaDB: run a version that stopped part way\n"
	"                           again from its first statement (default: resume\n"
	"                           after its last completed statement)\n"
	"  --deny-hazards LIST      refuse pending versions whose version.json lists\n"
	"                           these hazards (written by plan; default: none\n"
	"                           refused, the versions were reviewed)\n"
	"  --allow-hazards LIST     take these out of --deny-hazards\n"
	"  -W, --password           prompt for the password on the terminal (no echo)\n"
	"  --resume-at N            MySQL/MariaDB: go on with a version that stopped part\n"
	"                           way at its statement N, as you decided (when migrate\n"
	"                           cannot tell whether a data statement completed)\n"
	"  --env NAME, --config FILE\n"
	"                           act on every root and database of a project\n"
	"                           (schemadiff.json, the default without --schema-root\n"
	"                           and --url); with --jobs N, --canary N, --continue:\n"
	"                           see schemadiff migrate --env NAME -h\n"
	"  -h, --help               show this help\n"
	"\n"
	"The SQL of --dry-run goes to standard output; messages to standard error.\n"
	"Exit: 0 done or nothing to do, 2 error (nothing of the failed version\n"
	"remains), 129 usage.\n";

/* Print the plan of a dry run: the SQL to stdout, a summary to stderr. */
static void print_dry_run(const struct ops_migrate_result *r)
{
	if (r->baseline)
		printf("-- version %s: recorded as the baseline, not run\n\n",
		       r->baseline);
	for (size_t i = 0; i < r->nversions; i++) {
		const struct ops_migrate_version *v = &r->versions[i];

		printf("-- version %s\n", v->version);
		for (size_t j = 0; j < v->nfiles; j++) {
			printf("-- %s\n", v->files[j].path);
			for (size_t k = 0; k < v->files[j].nstmts; k++)
				printf("%s;\n", v->files[j].stmts[k]);
		}
		putchar('\n');
	}
	fprintf(stderr, "schemadiff: dry run: database at version %s; %zu version%s would run",
		r->current ? r->current : "(none)", r->nversions,
		r->nversions == 1 ? "" : "s");
	for (size_t i = 0; i < r->nversions; i++)
		fprintf(stderr, "%s%s", i ? ", " : ": ", r->versions[i].version);
	fputs("; nothing was changed\n", stderr);
}

/* Why migrate stopped, after the error itself. */
static void print_failure(const struct ops_migrate_result *r)
{
	if (r->nmismatches) {
		for (size_t i = 0; i < r->nmismatches; i++) {
			const struct ops_migrate_mismatch *m = &r->mismatches[i];
			fprintf(stderr, "schemadiff: error: %s: checksum mismatch: version %s was changed after it was applied (recorded %.12s, now %.12s)\n",
				m->files, m->version, m->recorded, m->current);
		}
		fputs("hint: restore the files of the applied versions as they were, and put changes in a new version\n",
		      stderr);
		return;
	}
	if (!r->failed)
		return;
	if (!r->failed_rolled_back) {
		size_t ok = r->failed_done, from = r->failed_from;

		fprintf(stderr, "schemadiff: version %s stopped after %zu of its statements (%zu run now%s); they stay applied: %s DDL cannot be rolled back\n",
			r->failed, ok, ok - from,
			from ? ", after the earlier run" : "", r->engine);
		fprintf(stderr, "hint: fix the cause and run migrate again: it resumes at statement %zu of version %s (--retry-failed: from its first statement)\n",
			ok + 1, r->failed);
		return;
	}
	fprintf(stderr, "schemadiff: version %s was rolled back; the database is at version %s",
		r->failed, r->at ? r->at : "(none)");
	if (r->napplied)
		fprintf(stderr, " (this run committed %zu version%s before it)",
			r->napplied, r->napplied == 1 ? "" : "s");
	fputc('\n', stderr);
}

int cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "schema-root", required_argument, NULL, 'r' },
		{ "to", required_argument, NULL, 't' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "deploy-lock-timeout", required_argument, NULL, 'l' },
		{ "lock-timeout", required_argument, NULL, 'l' },	/* old name */
		{ "ddl-lock-timeout", required_argument, NULL, 'L' },
		{ "ddl-lock-retries", required_argument, NULL, 'N' },
		{ "statement-timeout", required_argument, NULL, 'S' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "retry-failed", no_argument, NULL, 'R' },
		{ "allow-destructive", no_argument, NULL, 'D' },
		{ "deny-hazards", required_argument, NULL, 'Z' },
		{ "allow-hazards", required_argument, NULL, 'A' },
		{ "password", no_argument, NULL, 'W' },
		{ "resume-at", required_argument, NULL, 'E' },
		{ "provision", no_argument, NULL, 'P' },
		{ "demo", no_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ops_migrate_opts o = { 0 };
	struct ops_migrate_result res = { 0 };
	struct sd_error err = { 0 };
	int c, idx = 0, rc = EXIT_ERROR, provision = 0;
	bool prompt = false;

	o.url = "";
	o.lock_timeout_ms = SD_LOCK_WAIT_FOREVER;
	if (cli_project_wanted(argc, argv))
		return cli_project_run(OPS_FLEET_MIGRATE, argc, argv);
	optind = 1;
	while ((c = getopt_long(argc, argv, "hW", opts, &idx)) != -1) {
		switch (c) {
		case 'u':
			o.url = optarg;
			break;
		case 'r':
			o.schema_root = optarg;
			break;
		case 't':
			o.to = optarg;
			break;
		case 'n':
			o.dry_run = true;
			break;
		case 'l':
			if (cli_duration_opt(opts[idx].name, optarg, false,
					     &o.lock_timeout_ms))
				return cli_usage(migrate_usage, 1);
			break;
		case 'L':
			if (cli_duration_opt("ddl-lock-timeout", optarg, false,
					     &o.ddl_lock_timeout_ms))
				return cli_usage(migrate_usage, 1);
			break;
		case 'N':
			if (cli_parse_ddl_lock_retries(optarg,
						       &o.ddl_lock_retries))
				return cli_usage(migrate_usage, 1);
			break;
		case 'S':
			if (cli_duration_opt("statement-timeout", optarg, false,
					     &o.statement_timeout_ms))
				return cli_usage(migrate_usage, 1);
			break;
		case 'b':
			o.baseline = optarg;
			break;
		case 'R':
			o.retry_failed = true;
			break;
		case 'D':
			o.allow_destructive = true;
			break;
		case 'Z':
		case 'A': {
			unsigned mask;
			if (ops_hazard_parse(optarg, &mask, &err)) {
				cli_report(&err);
				return cli_usage(migrate_usage, 1);
			}
			if (c == 'Z')
				o.deny_hazards |= mask;
			else
				o.allow_hazards |= mask;
			break;
		}
		case 'W':
			prompt = true;
			break;
		case 'E': {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*end || v < 1) {
				fprintf(stderr, "schemadiff: error: invalid --resume-at \"%s\": a statement number, from 1\n",
					optarg);
				return cli_usage(migrate_usage, 1);
			}
			o.resume_at = (size_t)v;
			break;
		}
		case 'M':
			o.demo = true;
			break;
		case 'P':
			provision = 1;
			break;
		case 'h':
			return cli_usage(migrate_usage, 0);
		default:
			return cli_usage(migrate_usage, 1);
		}
	}
	if (!o.schema_root || optind < argc) {
		fputs(optind < argc ?
		      "schemadiff: error: migrate takes no arguments besides its options\n" :
		      "schemadiff: error: migrate needs --schema-root\n", stderr);
		return cli_usage(migrate_usage, 1);
	}
	if (prompt && cli_password_prompt())
		return EXIT_ERROR;
	cli_events(&o.events);
	if (provision && !o.dry_run) {
		struct ops_provision_opts po = { 0 };
		struct ops_provision_result pr = { 0 };

		po.url = o.url;
		po.schema_root = o.schema_root;
		po.version = o.to;
		po.only_if_empty = true;
		po.demo = o.demo;
		po.lock_timeout_ms = o.lock_timeout_ms;
		po.events = o.events;
		if (ops_provision(&po, &pr, &err)) {
			ops_provision_result_release(&pr);
			return cli_report(&err);
		}
		if (pr.provisioned)
			fprintf(stderr, "schemadiff: provisioned version %s (%zu version%s recorded) in %.0f ms\n",
				pr.version, pr.nrecorded,
				pr.nrecorded == 1 ? "" : "s", pr.duration_ms);
		ops_provision_result_release(&pr);
	}
	if (ops_migrate(&o, &res, &err)) {
		if (!res.nmismatches)
			cli_report(&err);
		/* an interrupted run's message says where it stopped */
		if (err.code != SD_ERR_CANCELLED)
			print_failure(&res);
	} else {
		if (o.dry_run && !res.downgrade)
			print_dry_run(&res);
		rc = EXIT_OK;
	}
	ops_migrate_result_release(&res);
	return rc;
}
