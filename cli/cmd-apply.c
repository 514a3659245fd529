/*
 * cli/cmd-apply.c: `schemadiff apply` deploys the desired SQL files to a
 * live database (ops_apply(), see ops/apply.c): options in, the plan's SQL
 * to standard output, messages to standard error, the exit code.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "util/vec.h"
#include "util/banned.h"

static const char apply_usage[] =
	"usage: schemadiff apply --url URL --desired PATH... [--dry-run]\n"
	"                        [--allow-destructive] [--deploy-lock-timeout DURATION]\n"
	"\n"
	"Bring a live database to the schema of the desired SQL files (files or\n"
	"folders of *.sql), in one transaction, under the deploy lock.\n"
	"\n"
	"  --url URL               the database: postgres:// URL or libpq conninfo;\n"
	"                          PG* variables, service files and .pgpass apply\n"
	"  --desired PATH          desired SQL file or folder; may repeat\n"
	"  --dry-run               print the SQL, change nothing\n"
	"  --allow-destructive     allow changes that can lose data (dropping a\n"
	"                          table, column, schema, type; narrowing a type)\n"
	"  --deploy-lock-timeout DURATION\n"
	"                          give up waiting for another deploy after\n"
	"                          DURATION (500ms, 5s, 2m); default: wait\n"
	"                          (--lock-timeout: the old name)\n"
	"  -h, --help              show this help\n"
	"\n"
	"The plan's SQL goes to standard output; messages to standard error.\n"
	"Exit: 0 applied or nothing to do, 2 error (nothing was changed), 129 usage.\n";

int cmd_apply(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "desired", required_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "allow-destructive", no_argument, NULL, 'D' },
		{ "deploy-lock-timeout", required_argument, NULL, 'l' },
		{ "lock-timeout", required_argument, NULL, 'l' },	/* old name */
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ops_apply_opts o = { 0 };
	struct ops_apply_result res = { 0 };
	struct vec desired = VEC_INIT;
	struct sd_error err = { 0 };
	int c, idx = 0, rc = EXIT_ERROR;

	o.lock_timeout_ms = SD_LOCK_WAIT_FOREVER;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, &idx)) != -1) {
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
			o.lock_timeout_ms = cli_parse_duration(optarg);
			if (o.lock_timeout_ms == -2) {
				fprintf(stderr, "schemadiff: error: invalid --%s \"%s\": use e.g. 500ms, 5s, 2m\n",
					opts[idx].name, optarg);
				rc = cli_usage(apply_usage, 1);
				goto out;
			}
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
	cli_events(&o.events);

	if (ops_apply(&o, &res, &err)) {
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
		fprintf(stderr, "schemadiff: dry run: %zu changes not applied\n",
			res.nchanges);
	else
		fprintf(stderr, "schemadiff: applied %zu changes in %.0f ms; the database matches the desired schema\n",
			res.nchanges, res.duration_ms);
	rc = EXIT_OK;
out:
	ops_apply_result_release(&res);
	vec_release(&desired);
	return rc;
}
