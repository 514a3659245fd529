/*
 * cli/cmd-apply.c: `schemadiff apply` deploys the desired SQL files to a
 * live database (ops_apply(), see ops/apply.c): options in, the plan's SQL
 * to standard output, messages to standard error, the exit code.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/vec.h"
#include "util/banned.h"

static const char apply_usage[] =
	"usage: schemadiff apply --url URL --desired PATH... [--dry-run]\n"
	"                        [--allow-destructive] [--allow-hazards KIND,...]\n"
	"                        [--deny-hazards KIND,...] [--online]\n"
	"                        [--online-threshold SIZE] [--ddl-lock-timeout DURATION]\n"
	"                        [--ddl-lock-retries N] [--statement-timeout DURATION]\n"
	"                        [--format text|json]\n"
	"                        [--deploy-lock-timeout DURATION]\n"
	"                        [--ignore PATTERN...] [--ignore-file FILE]\n"
	"\n"
	"Bring a live database to the schema of the desired SQL files (files or\n"
	"folders of *.sql), in one transaction, under the deploy lock.\n"
	"\n"
	"  --url URL               the database: postgres:// URL or libpq conninfo;\n"
	"                          PG* variables, service files and .pgpass apply\n"
	"  --desired PATH          desired SQL file or folder; may repeat\n"
	"  --dry-run               print the SQL and each change's hazards, change\n"
	"                          nothing; exit 1 when there is something to do\n"
	"  --allow-destructive     allow changes that can lose data (dropping a\n"
	"                          table, column, schema, type; narrowing a type):\n"
	"                          --allow-hazards deletes-data,irreversible\n"
	"  --allow-hazards LIST    allow these hazards (deletes-data, rewrites-table,\n"
	"                          blocks-writes, blocks-reads, validates,\n"
	"                          builds-index, breaks-dependents, not-transactional,\n"
	"                          irreversible, all)\n"
	"  --deny-hazards LIST     refuse these hazards (default: deletes-data)\n"
	"  --online                PostgreSQL: CREATE INDEX CONCURRENTLY, NOT VALID +\n"
	"                          VALIDATE, SET NOT NULL through a validated check,\n"
	"                          lock_timeout with retries; MySQL: no table copy\n"
	"                          above the threshold unless rewrites-table is allowed\n"
	"  --online-threshold SIZE go online by itself when a change that online\n"
	"                          mode runs differently is on a table of SIZE or\n"
	"                          more (default 100MB; 0 or none: never)\n"
	"  --ddl-lock-timeout DURATION  online: give up waiting for a table's lock\n"
	"                          after DURATION and retry (default 5s)\n"
	"  --ddl-lock-retries N    online: tries again N times after a lock timeout,\n"
	"                          pausing 0.5 s, 1 s, 2 s ... (default 5)\n"
	"  --statement-timeout DURATION online: bound each step (default: none)\n"
	"  --format FMT            text (the SQL, default) or json (the changes with\n"
	"                          kind, object, SQL, hazards and table sizes)\n"
	"  --deploy-lock-timeout DURATION\n"
	"                          give up waiting for another deploy after\n"
	"                          DURATION (500ms, 5s, 2m); default: wait\n"
	"                          (--lock-timeout: the old name)\n"
	"  -W, --password          prompt for the password on the terminal (no echo)\n"
	CLI_IGNORE_USAGE
	"                           (never created, changed or dropped)\n"
	"  --env NAME, --config FILE\n"
	"                          act on every root and database of a project\n"
	"                          (schemadiff.json, the default without --schema-root\n"
	"                          and --url); with --jobs N, --canary N, --continue:\n"
	"                          see schemadiff apply --env NAME -h\n"
	"  -h, --help              show this help\n"
	"\n"
	"The plan's SQL goes to standard output; messages to standard error.\n"
	"Exit: 0 applied or nothing to do, 1 --dry-run found changes, 2 error\n"
	"(nothing was changed), 129 usage.\n";

int cmd_apply(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "desired", required_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "allow-destructive", no_argument, NULL, 'D' },
		{ "deploy-lock-timeout", required_argument, NULL, 'l' },
		{ "lock-timeout", required_argument, NULL, 'l' },	/* old name */
		{ "allow-hazards", required_argument, NULL, 'A' },
		{ "deny-hazards", required_argument, NULL, 'Z' },
		{ "online", no_argument, NULL, 'o' },
		{ "online-threshold", required_argument, NULL, 'T' },
		{ "ddl-lock-timeout", required_argument, NULL, 'L' },
		{ "statement-timeout", required_argument, NULL, 'S' },
		{ "ddl-lock-retries", required_argument, NULL, 'N' },
		{ "format", required_argument, NULL, 'f' },
		{ "password", no_argument, NULL, 'W' },
		CLI_IGNORE_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ops_apply_opts o = { 0 };
	struct ops_apply_result res = { 0 };
	struct vec desired = VEC_INIT;
	struct sd_error err = { 0 };
	int c, idx = 0, rc = EXIT_ERROR, failed;
	bool json = false;
	bool prompt = false;
	unsigned mask;

	o.lock_timeout_ms = SD_LOCK_WAIT_FOREVER;
	if (cli_project_wanted(argc, argv))
		return cli_project_run(OPS_FLEET_APPLY, argc, argv);
	optind = 1;
	while ((c = getopt_long(argc, argv, "hW", opts, &idx)) != -1) {
		if (cli_ignore_opt(c, optarg))
			continue;
		switch (c) {
		case 'u':
			o.url = optarg;
			break;
		case 'd':
			vec_push(&desired, optarg);
			break;
		case 'n':
			o.dry_run = true;
			break;
		case 'D':
			o.allow_destructive = true;
			break;
		case 'l':
			if (cli_duration_opt(opts[idx].name, optarg, false,
					     &o.lock_timeout_ms)) {
				rc = cli_usage(apply_usage, 1);
				goto out;
			}
			break;
		case 'A':
		case 'Z':
			if (ops_hazard_parse(optarg, &mask, &err)) {
				cli_report(&err);
				rc = cli_usage(apply_usage, 1);
				goto out;
			}
			if (c == 'A') {
				o.allow_hazards |= mask;
			} else {
				o.deny_hazards |= mask;
				o.deny_hazards_set = true;
			}
			break;
		case 'o':
			o.online = true;
			break;
		case 'T':
			if (!strcmp(optarg, "none") || !strcmp(optarg, "0")) {
				o.online_threshold_bytes = -1;
				break;
			}
			o.online_threshold_bytes = cli_parse_size(optarg);
			if (o.online_threshold_bytes == -2) {
				fprintf(stderr, "schemadiff: error: invalid --online-threshold \"%s\": use e.g. 500MB, 2GB\n",
					optarg);
				rc = cli_usage(apply_usage, 1);
				goto out;
			}
			break;
		case 'L':
			if (cli_duration_opt("ddl-lock-timeout", optarg, true,
					     &o.ddl_lock_timeout_ms)) {
				rc = cli_usage(apply_usage, 1);
				goto out;
			}
			break;
		case 'S':
			if (cli_duration_opt("statement-timeout", optarg, false,
					     &o.statement_timeout_ms)) {
				rc = cli_usage(apply_usage, 1);
				goto out;
			}
			break;
		case 'N':
			if (cli_parse_ddl_lock_retries(optarg,
						       &o.ddl_lock_retries)) {
				rc = cli_usage(apply_usage, 1);
				goto out;
			}
			break;
		case 'f':
			if (cli_parse_format_json(optarg, &json)) {
				rc = cli_usage(apply_usage, 1);
				goto out;
			}
			break;
		case 'W':
			prompt = true;
			break;
		case 'h':
			rc = cli_usage(apply_usage, 0);
			goto out;
		default:
			rc = cli_usage(apply_usage, 1);
			goto out;
		}
	}
	for (; optind < argc; optind++)
		vec_push(&desired, argv[optind]);
	if (!desired.len) {
		fputs("schemadiff: error: apply needs --desired\n", stderr);
		rc = cli_usage(apply_usage, 1);
		goto out;
	}
	o.desired = (const char *const *)desired.items;
	o.ndesired = desired.len;
	if (prompt && cli_password_prompt())
		{ rc = EXIT_ERROR; goto out; }
	cli_events(&o.events);
	cli_ignore_fill(&o.ignore);
	if (json)
		cli_events_no_sql(&o.events);

	failed = ops_apply(&o, &res, &err);
	if (json && (!failed || res.changes.n)) {
		json_t *head = json_pack("{s:b, s:b, s:b, s:b, s:i}",
					 "dry_run", o.dry_run,
					 "no_changes", res.no_changes,
					 "applied", res.applied,
					 "online", res.online,
					 "refused", (json_int_t)res.nrefused);
		cli_print_json_changes("schemadiff-apply", head, &res.changes);
		json_decref(head);
	}
	if (failed) {
		if (res.nrefused) {
			fprintf(stderr, "schemadiff: error: %s:\n%s", err.msg,
				res.refused.buf);
			fprintf(stderr, "hint: %s\n", err.hint);
			goto out;
		}
		rc = cli_report(&err);
		goto out;
	}
	if (res.no_changes)
		fputs("schemadiff: no changes: the database matches the desired schema\n",
		      stderr);
	else if (o.dry_run)
		fprintf(stderr, "schemadiff: dry run: %zu changes not applied%s\n",
			res.nchanges, res.online ? " (online mode)" : "");
	else
		fprintf(stderr, "schemadiff: applied %zu changes in %.0f ms%s; the database matches the desired schema\n",
			res.nchanges, res.duration_ms,
			res.online ? " (online mode)" : "");
	rc = cli_finish(o.dry_run && !res.no_changes ? EXIT_DIFF : EXIT_OK);
out:
	ops_apply_result_release(&res);
	vec_release(&desired);
	return rc;
}
