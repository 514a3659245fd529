/*
 * cli/cmd-apply.c: `schemadiff apply` deploys the desired SQL files to a
 * live database: introspect it, diff it against the desired schema
 * (normalized through the server, see cli/live.c), refuse destructive
 * changes unless allowed, print the plan and execute it in one transaction
 * under the deploy lock. Before COMMIT the database is read again and must
 * equal the desired schema; otherwise everything is rolled back.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "diff/diff.h"
#include "drivers/driver.h"
#include "emit/emit.h"
#include "parser/pg/pg_parser.h"
#include "util/strbuf.h"
#include "util/vec.h"
#include "util/banned.h"

static const char apply_usage[] =
	"usage: schemadiff apply --url URL --desired PATH... [--dry-run]\n"
	"                        [--allow-destructive] [--lock-timeout DURATION]\n"
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
	"  --lock-timeout DURATION give up waiting for another deploy after\n"
	"                          DURATION (500ms, 5s, 2m); default: wait\n"
	"  -h, --help              show this help\n"
	"\n"
	"The plan's SQL goes to standard output; messages to standard error.\n"
	"Exit: 0 applied or nothing to do, 2 error (nothing was changed), 129 usage.\n";

/* The name of the deploy lock that apply takes (migrate takes the schema
 * root's name). */
#define APPLY_LOCK_NAME "apply"

struct verify_ctx {
	const struct catalog *want;
	unsigned nqueries;
};

/* Before COMMIT: the database must now be the desired schema. */
static int verify_applied(struct sd_conn *conn, void *arg,
			  struct sd_error *err)
{
	struct verify_ctx *v = arg;
	struct catalog *now = NULL;
	struct changeset *left = NULL;
	struct strbuf what = STRBUF_INIT;
	int rc;

	rc = cli_introspect(conn, &now, NULL, err);
	if (!rc)
		rc = diff_catalogs(now, v->want, &left, err);
	if (!rc && !changeset_empty(left)) {
		changeset_describe(left, &what);
		strbuf_rtrim(&what);
		rc = sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
				  "after the plan ran, the database still differs from the desired schema%s:\n%s",
				  conn->drv->transactional_ddl ? "; rolled back"
				  : " (the statements stay applied)",
				  what.buf);
	}
	strbuf_release(&what);
	changeset_free(left);
	catalog_free(now);
	return rc;
}

static int refuse_destructive(const struct changeset *cs)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0;

	for (size_t i = 0; i < cs->nchanges; i++) {
		struct changeset one = *cs;
		if (!(cs->changes[i].flags & CHANGE_DESTRUCTIVE))
			continue;
		one.changes = &cs->changes[i];
		one.nchanges = 1;
		changeset_describe(&one, &sb);
		n++;
	}
	if (n) {
		fprintf(stderr, "schemadiff: error: the plan has %zu destructive change%s; nothing was changed:\n%s",
			n, n == 1 ? "" : "s", sb.buf);
		fputs("hint: review the plan with --dry-run, then pass --allow-destructive\n",
		      stderr);
	}
	strbuf_release(&sb);
	return n ? EXIT_ERROR : EXIT_OK;
}

int cmd_apply(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "desired", required_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "allow-destructive", no_argument, NULL, 'D' },
		{ "lock-timeout", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = NULL;
	struct vec desired = VEC_INIT;
	int dry_run = 0, allow_destructive = 0, c, rc = EXIT_ERROR;
	long lock_timeout = SD_LOCK_WAIT_FOREVER;
	struct sd_error err = { 0 };
	enum sql_dialect dialect = SQL_POSTGRES;
	struct sd_conn *db = NULL;
	struct catalog *live = NULL, *parsed = NULL, *want = NULL;
	struct changeset *cs = NULL;
	struct strbuf sql = STRBUF_INIT;
	struct verify_ctx verify = { 0 };
	struct timespec t0, t1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			url = optarg;
			break;
		case 'd':
			vec_push(&desired, optarg);
			break;
		case 'n':
			dry_run = 1;
			break;
		case 'D':
			allow_destructive = 1;
			break;
		case 'l':
			lock_timeout = cli_parse_duration(optarg);
			if (lock_timeout == -2) {
				fprintf(stderr, "schemadiff: error: invalid --lock-timeout \"%s\": use e.g. 500ms, 5s, 2m\n",
					optarg);
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

	/* Parse first: a syntax error needs no server. */
	if (cli_url_dialect(url ? url : "", &dialect, &err) ||
	    cli_load_desired((const char *const *)desired.items, desired.len,
			     dialect, &parsed, &err))
		goto out_report;
	if (cli_connect(url ? url : "", &db, &err))
		goto out_report;
	if (cli_reload_for_session(db, (const char *const *)desired.items,
				   desired.len, &parsed, &err))
		goto out_report;
	if (!dry_run && cli_take_lock(db, APPLY_LOCK_NAME, lock_timeout, &err))
		goto out_report;
	if (cli_introspect(db, &live, NULL, &err))
		goto out_report;
	cli_adopt_external_schemas(parsed, live);
	if (cli_normalize_take(db, live, &parsed, &want, &err))
		goto out_report;
	if (diff_catalogs(live, want, &cs, &err))
		goto out_report;
	if (changeset_empty(cs)) {
		fputs("schemadiff: no changes: the database matches the desired schema\n",
		      stderr);
		rc = EXIT_OK;
		goto out;
	}
	emit_changeset(cs, &sql);
	fputs(sql.buf, stdout);
	fflush(stdout);
	if (!allow_destructive && refuse_destructive(cs)) {
		rc = EXIT_ERROR;
		goto out;
	}
	if (dry_run) {
		fprintf(stderr, "schemadiff: dry run: %zu changes not applied\n",
			cs->nchanges);
		rc = EXIT_OK;
		goto out;
	}
	verify.want = want;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (cli_execute(db, cs, verify_applied, &verify, &err)) {
		if (db->drv->transactional_ddl)
			fputs("schemadiff: error: apply failed; the transaction was rolled back and nothing was changed\n",
			      stderr);
		goto out_report;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "schemadiff: applied %zu changes in %.0f ms; the database matches the desired schema\n",
		cs->nchanges,
		(double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			(double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	rc = EXIT_OK;
	goto out;

out_report:
	rc = cli_report(&err);
out:
	changeset_free(cs);
	catalog_free(want);
	catalog_free(parsed);
	catalog_free(live);
	if (db)
		db->drv->close(db);
	strbuf_release(&sql);
	vec_release(&desired);
	return rc;
}
