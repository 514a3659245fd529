/*
 * cli/cmd-migrate.c: `schemadiff migrate` runs the versions of a schema root
 * that a live database has not had yet, in order, each in one transaction
 * together with its history row, under the deploy lock.
 *
 * Memory: the schema root, the history, the plan and the split scripts are
 * owned here and released on every exit path; the lock session ends with
 * the connection (sd_driver.close), also on errors.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "drivers/driver.h"
#include "parser/front/front.h"
#include "parser/pg/pg_split.h"
#include "util/strbuf.h"
#include "util/banned.h"

static const char migrate_usage[] =
	"usage: schemadiff migrate --url URL --schema-root DIR [--to VERSION] [--dry-run]\n"
	"                          [--lock-timeout DURATION] [--baseline VERSION] [--retry-failed]\n"
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
	"  --to VERSION             stop after this version (default: the latest)\n"
	"  --dry-run                print the versions and SQL that would run; change nothing\n"
	"  --lock-timeout DURATION  give up when another run holds the lock longer than\n"
	"                           DURATION (500ms, 5s, 2m; default: wait)\n"
	"  --baseline VERSION       the database has no history but already is at\n"
	"                           VERSION: record it without running it, then go on\n"
	"  --retry-failed           MySQL/MariaDB: run a version that stopped part way\n"
	"                           again from its first statement (default: resume\n"
	"                           after its last completed statement)\n"
	"  -h, --help               show this help\n"
	"\n"
	"The SQL of --dry-run goes to standard output; messages to standard error.\n"
	"Exit: 0 done or nothing to do, 2 error (nothing of the failed version\n"
	"remains), 129 usage.\n";

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The source files of a version, as messages name them. */
static void version_files(const struct spec_version *v, struct strbuf *out)
{
	for (size_t i = 0; i < v->nsources; i++)
		strbuf_addf(out, "%s%s/%s", i ? ", " : "", v->dir, v->sources[i]);
}

/* One pending version, split: scripts[i] for v->sources[i]. */
struct pending {
	const struct spec_version *v;
	struct pg_script *scripts;
	char **files;
};

static void pending_release(struct pending *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < p[i].v->nsources; j++) {
			pg_script_release(&p[i].scripts[j]);
			free(p[i].files[j]);
		}
		free(p[i].scripts);
		free(p[i].files);
	}
	free(p);
}

/* Read and split every file of every pending version before anything runs,
 * so that a syntax error or a statement that cannot run in a transaction
 * stops the run with nothing changed. */
static int split_pending(struct pending *p, enum sql_dialect dialect,
			 int server_version, struct sd_error *err)
{
	const struct spec_version *v = p->v;
	struct strbuf text = STRBUF_INIT;
	int ret = 0;

	p->scripts = calloc(v->nsources + 1, sizeof(*p->scripts));
	p->files = calloc(v->nsources + 1, sizeof(*p->files));
	if (!p->scripts || !p->files)
		abort();
	for (size_t j = 0; j < v->nsources; j++) {
		struct strbuf file = STRBUF_INIT;

		strbuf_addf(&file, "%s/%s", v->dir, v->sources[j]);
		p->files[j] = strbuf_detach(&file, NULL);
	}
	for (size_t j = 0; j < v->nsources; j++) {
		strbuf_reset(&text);
		if (strbuf_read_file(&text, p->files[j])) {
			ret = sd_error_set(err, SD_ERR_IO, p->files[j], 0, 0,
					   "cannot read the file");
			goto out;
		}
		ret = front_split(dialect, p->files[j], text.buf,
				  &p->scripts[j], err);
		if (ret)
			goto out;
		for (size_t k = 0; dialect == SQL_POSTGRES &&
				   k < p->scripts[j].nstmts; k++) {
			const struct pg_stmt *st = &p->scripts[j].stmts[k];
			const char *why = pg_stmt_no_transaction(st->sql,
								 server_version);
			if (why) {
				ret = sd_error_set(err, SD_ERR_UNSUPPORTED,
						   p->files[j], st->line, st->col,
						   "version %s: %s", v->version, why);
				sd_error_hint(err, "schemadiff runs each version in one transaction; run this statement by hand, outside schemadiff");
				goto out;
			}
		}
	}
out:
	strbuf_release(&text);
	return ret;
}

/* Print the plan of a dry run: the SQL to stdout, a summary to stderr. */
static void print_dry_run(const struct pending *p, size_t n,
			  const char *baseline, const char *current)
{
	if (baseline)
		printf("-- version %s: recorded as the baseline, not run\n\n",
		       baseline);
	for (size_t i = 0; i < n; i++) {
		printf("-- version %s\n", p[i].v->version);
		for (size_t j = 0; j < p[i].v->nsources; j++) {
			printf("-- %s\n", p[i].files[j]);
			for (size_t k = 0; k < p[i].scripts[j].nstmts; k++)
				printf("%s;\n", p[i].scripts[j].stmts[k].sql);
		}
		putchar('\n');
	}
	fprintf(stderr, "schemadiff: dry run: database at version %s; %zu version%s would run",
		current ? current : "(none)", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s%s", i ? ", " : ": ", p[i].v->version);
	fputs("; nothing was changed\n", stderr);
}

/* Run one version in one transaction with its history row. On a failure
 * the transaction is rolled back and err names the file and line of the
 * statement. */
static int run_version(struct sd_conn *db, const char *schema_name,
		       const struct pending *p, struct sd_error *err)
{
	const struct sd_driver *drv = db->drv;
	struct sd_history_row row = { 0 };
	struct sd_error ignore;
	long long t0 = now_ms();
	int ret, errpos;

	ret = drv->begin(db, err);
	if (ret)
		return ret;
	for (size_t j = 0; j < p->v->nsources; j++) {
		for (size_t k = 0; k < p->scripts[j].nstmts; k++) {
			const struct pg_stmt *st = &p->scripts[j].stmts[k];
			struct sd_error e;

			sd_error_clear(&e);
			ret = drv->exec(db, st->sql, &errpos, &e);
			if (!ret)
				continue;
			sd_error_set(err, ret, p->files[j], st->line, st->col,
				     "version %s: %s", p->v->version, e.msg);
			if (e.hint[0])
				sd_error_hint(err, "%s", e.hint);
			drv->rollback(db, &ignore);
			return ret;
		}
	}
	row.schema_name = schema_name;
	row.version = p->v->version;
	row.checksum = p->v->checksum;
	row.duration_ms = now_ms() - t0;
	row.tool_version = SCHEMADIFF_VERSION;
	row.outcome = "applied";
	ret = drv->history_record(db, &row, err);
	if (ret) {
		drv->rollback(db, &ignore);
		return ret;
	}
	ret = drv->commit(db, err);
	if (ret)
		drv->rollback(db, &ignore);
	return ret;
}

/* The history row of a version run statement by statement. */
static int progress(struct sd_conn *db, const char *schema_name,
		    const struct pending *p, const char *outcome,
		    long long done, long long duration_ms, const char *error,
		    struct sd_error *err)
{
	struct sd_history_row row = { 0 };

	row.schema_name = schema_name;
	row.version = p->v->version;
	row.checksum = p->v->checksum;
	row.duration_ms = duration_ms;
	row.tool_version = SCHEMADIFF_VERSION;
	row.outcome = outcome;
	row.statements_done = done;
	row.error = error;
	return db->drv->history_progress(db, &row, err);
}

/*
 * Engines whose DDL is not transactional: run a version statement by
 * statement from statement `from` (0-based, over its files in order),
 * recording the progress after each one, so that a failure (or a lost
 * connection) leaves a history row that says exactly how far it got.
 * *done gets the number of statements completed.
 */
static int run_version_nontx(struct sd_conn *db, const char *schema_name,
			     const struct pending *p, size_t from,
			     size_t *done, struct sd_error *err)
{
	const struct sd_driver *drv = db->drv;
	long long t0 = now_ms();
	size_t n = 0;
	int ret;

	*done = from;
	ret = progress(db, schema_name, p, "running", (long long)from, 0,
		       NULL, err);
	if (ret)
		return ret;
	for (size_t j = 0; j < p->v->nsources; j++) {
		for (size_t k = 0; k < p->scripts[j].nstmts; k++, n++) {
			const struct pg_stmt *st = &p->scripts[j].stmts[k];
			struct sd_error e, ignore;

			if (n < from)
				continue;
			sd_error_clear(&e);
			ret = drv->exec(db, st->sql, NULL, &e);
			if (ret) {
				sd_error_set(err, ret, p->files[j], st->line,
					     st->col, "version %s: statement %zu: %s",
					     p->v->version, n + 1, e.msg);
				sd_error_clear(&ignore);
				progress(db, schema_name, p, "failed",
					 (long long)n, now_ms() - t0, e.msg,
					 &ignore);
				return ret;
			}
			*done = n + 1;
			ret = progress(db, schema_name, p, "running",
				       (long long)n + 1, now_ms() - t0, NULL,
				       err);
			if (ret)
				return ret;
		}
	}
	return progress(db, schema_name, p, "applied", (long long)n,
			now_ms() - t0, NULL, err);
}

static int record_baseline(struct sd_conn *db, const char *schema_name,
			   const struct spec_version *v, struct sd_error *err)
{
	const struct sd_driver *drv = db->drv;
	struct sd_history_row row = { 0 };
	struct sd_error ignore;
	int ret;

	row.schema_name = schema_name;
	row.version = v->version;
	row.checksum = v->checksum;
	row.tool_version = SCHEMADIFF_VERSION;
	row.outcome = "baseline";
	ret = drv->begin(db, err);
	if (ret)
		return ret;
	ret = drv->history_record(db, &row, err);
	if (!ret)
		ret = drv->commit(db, err);
	if (ret)
		drv->rollback(db, &ignore);
	return ret;
}

/* Checksum mismatches: an error naming each version and its files. */
static int report_mismatches(const struct schema_root *root,
			     const struct sd_history *h,
			     const struct sd_history_plan *plan)
{
	for (size_t i = 0; i < plan->nmismatch; i++) {
		const struct spec_version *v = &root->versions[plan->mismatch[i]];
		const struct sd_history_row *r = sd_history_find(h, v->version);
		struct strbuf files = STRBUF_INIT;

		version_files(v, &files);
		fprintf(stderr, "schemadiff: error: %s: checksum mismatch: version %s was changed after it was applied (recorded %.12s, now %.12s)\n",
			files.buf, v->version, r ? r->checksum : "?",
			v->checksum);
		strbuf_release(&files);
	}
	fputs("hint: restore the files of the applied versions as they were, and put changes in a new version\n",
	      stderr);
	return EXIT_ERROR;
}

int cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "schema-root", required_argument, NULL, 'r' },
		{ "to", required_argument, NULL, 't' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "lock-timeout", required_argument, NULL, 'l' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "retry-failed", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = "", *root_dir = NULL, *to_opt = NULL;
	const char *baseline_opt = NULL;
	const struct spec_version *to = NULL, *baseline = NULL;
	long lock_timeout = SD_LOCK_WAIT_FOREVER;
	int dry_run = 0, c, rc = EXIT_ERROR, server_version = 0;
	int retry_failed = 0;
	size_t resume = 0;	/* first statement of pend[0] to run */
	struct sd_error err = { 0 };
	struct schema_root *root = NULL;
	struct sd_conn *db = NULL;
	struct sd_history hist = SD_HISTORY_INIT;
	struct sd_history_plan plan = { 0 };
	struct pending *pend = NULL;
	size_t npend = 0, done = 0;
	struct strbuf example = STRBUF_INIT;
	int found;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			url = optarg;
			break;
		case 'r':
			root_dir = optarg;
			break;
		case 't':
			to_opt = optarg;
			break;
		case 'n':
			dry_run = 1;
			break;
		case 'l':
			lock_timeout = cli_parse_duration(optarg);
			if (lock_timeout == -2) {
				fprintf(stderr, "schemadiff: error: invalid --lock-timeout \"%s\": use a number and a unit, such as 500ms, 5s or 2m\n",
					optarg);
				rc = cli_usage(migrate_usage, 1);
				goto out;
			}
			break;
		case 'b':
			baseline_opt = optarg;
			break;
		case 'R':
			retry_failed = 1;
			break;
		case 'h':
			rc = cli_usage(migrate_usage, 0);
			goto out;
		default:
			rc = cli_usage(migrate_usage, 1);
			goto out;
		}
	}
	if (!root_dir || optind < argc) {
		fputs(optind < argc ?
		      "schemadiff: error: migrate takes no arguments besides its options\n" :
		      "schemadiff: error: migrate needs --schema-root\n", stderr);
		rc = cli_usage(migrate_usage, 1);
		goto out;
	}

	if (spec_read(root_dir, &root, &err))
		goto out_report;
	if (to_opt && !(to = spec_find_version(root, to_opt))) {
		rc = cli_error("--to %s: version \"%s\" is not in the version-history of %s",
			       to_opt, to_opt, root_dir);
		goto out;
	}
	if (baseline_opt && !(baseline = spec_find_version(root, baseline_opt))) {
		rc = cli_error("--baseline %s: version \"%s\" is not in the version-history of %s",
			       baseline_opt, baseline_opt, root_dir);
		goto out;
	}
	if (to && baseline && spec_version_cmp(baseline->version, to->version) > 0) {
		rc = cli_error("--baseline %s is above --to %s", baseline->version,
			       to->version);
		goto out;
	}

	if (cli_connect_root(url, root, root_dir, &db, &err))
		goto out_report;
	if (db->drv->server_version(db, NULL, &server_version, &err))
		goto out_report;

	if (!dry_run) {
		if (cli_take_lock(db, root->name, lock_timeout, &err))
			goto out_report;
		if (db->drv->history_ensure(db, &err))
			goto out_report;
	}
	/* Read under the lock: a run we waited for may have applied
	 * versions. */
	if (db->drv->history_read(db, root->name, &hist, &err))
		goto out_report;
	sd_history_plan_build(root, &hist, &plan);

	for (size_t i = 0; i < plan.nunknown; i++)
		fprintf(stderr, "schemadiff: warning: version %s is recorded in the database but not in %s\n",
			plan.unknown[i]->version, root_dir);
	if (plan.nmismatch) {
		rc = report_mismatches(root, &hist, &plan);
		goto out;
	}
	if (plan.nskipped) {
		const struct spec_version *v = &root->versions[plan.skipped[0]];
		rc = cli_error("%s: version %s is not applied, but the later version %s is: versions run in order",
			       v->dir, v->version, plan.current);
		fputs("hint: give the new version a number above the database's current version\n",
		      stderr);
		goto out;
	}
	if (!hist.nrows) {
		if (db->drv->has_user_objects(db, &found, &example, &err))
			goto out_report;
		if (found && !baseline) {
			struct strbuf red = STRBUF_INIT;
			sd_redact_url(url, &red);
			rc = cli_error("%s: the database has no schemadiff history for schema \"%s\" but already holds objects (%s)",
				       red.buf, root->name, example.buf);
			fputs("hint: if it already is at some version of the schema root, say which with --baseline VERSION\n",
			      stderr);
			strbuf_release(&red);
			goto out;
		}
	} else if (baseline) {
		rc = cli_error("--baseline: the database already has a history for schema \"%s\" (at version %s); --baseline is for a database without one",
			       root->name, plan.current ? plan.current : "(none)");
		goto out;
	}

	pend = calloc(plan.npending + 1, sizeof(*pend));
	if (!pend)
		abort();
	for (size_t i = 0; i < plan.npending; i++) {
		const struct spec_version *v = &root->versions[plan.pending[i]];

		if (baseline && spec_version_cmp(v->version, baseline->version) <= 0)
			continue;
		if (to && spec_version_cmp(v->version, to->version) > 0)
			break;
		pend[npend++].v = v;
		if (split_pending(&pend[npend - 1], cli_root_dialect(root),
				  server_version, &err))
			goto out_report;
	}

	if (plan.incomplete && npend &&
	    !strcmp(pend[0].v->version, plan.incomplete->version)) {
		const struct sd_history_row *r = plan.incomplete;

		if (retry_failed) {
			fprintf(stderr, "schemadiff: version %s stopped part way (%s after %lld statement%s); --retry-failed: running it again from its first statement\n",
				r->version, r->outcome, r->statements_done,
				r->statements_done == 1 ? "" : "s");
		} else if (strcmp(r->checksum, pend[0].v->checksum)) {
			rc = cli_error("version %s stopped part way (%s after %lld statement%s) and its files have changed since: cannot resume it",
				       r->version, r->outcome,
				       r->statements_done,
				       r->statements_done == 1 ? "" : "s");
			fputs("hint: make sure the version's statements can run again on this database, then use --retry-failed to run it from its first statement\n",
			      stderr);
			goto out_unlock;
		} else {
			resume = (size_t)r->statements_done;
			fprintf(stderr, "schemadiff: version %s stopped part way (%s after %lld statement%s%s%s); resuming at statement %zu\n",
				r->version, r->outcome, r->statements_done,
				r->statements_done == 1 ? "" : "s",
				r->error ? ": " : "", r->error ? r->error : "",
				resume + 1);
		}
	} else if (retry_failed) {
		fputs("schemadiff: --retry-failed: no version stopped part way; nothing to retry\n",
		      stderr);
	}
	if (dry_run) {
		print_dry_run(pend, npend, baseline ? baseline->version : NULL,
			      plan.current);
		rc = EXIT_OK;
		goto out;
	}
	if (baseline) {
		if (record_baseline(db, root->name, baseline, &err))
			goto out_report;
		fprintf(stderr, "schemadiff: recorded version %s as the baseline (nothing run)\n",
			baseline->version);
	}
	if (!npend) {
		const char *at = baseline ? baseline->version : plan.current;
		if (to && at && spec_version_cmp(at, to->version) > 0)
			fprintf(stderr, "schemadiff: nothing to do: the database is at version %s, past --to %s\n",
				at, to->version);
		else
			fprintf(stderr, "schemadiff: nothing to do: the database is at version %s\n",
				at ? at : "(none)");
		rc = EXIT_OK;
		goto out_unlock;
	}
	if (!db->drv->transactional_ddl)
		fprintf(stderr, "schemadiff: note: %s DDL is not transactional: statements commit one by one, and %s records each one's completion\n",
			db->drv->name, "schemadiff_history");
	for (done = 0; done < npend; done++) {
		long long t0 = now_ms();
		size_t nst = 0;

		if (!db->drv->transactional_ddl) {
			size_t ok = 0, from = done ? 0 : resume;

			if (!run_version_nontx(db, root->name, &pend[done],
					       from, &ok, &err))
				goto applied;
			rc = cli_report(&err);
			fprintf(stderr, "schemadiff: version %s stopped after %zu of its statements (%zu run now%s); they stay applied: %s DDL cannot be rolled back\n",
				pend[done].v->version, ok, ok - from,
				from ? ", after the earlier run" : "",
				db->drv->name);
			fprintf(stderr, "hint: fix the cause and run migrate again: it resumes at statement %zu of version %s (--retry-failed: from its first statement)\n",
				ok + 1, pend[done].v->version);
			goto out_unlock;
		}
		if (run_version(db, root->name, &pend[done], &err)) {
			const char *before = done ? pend[done - 1].v->version :
				(baseline ? baseline->version : plan.current);
			rc = cli_report(&err);
			fprintf(stderr, "schemadiff: version %s was rolled back; the database is at version %s",
				pend[done].v->version, before ? before : "(none)");
			if (done)
				fprintf(stderr, " (this run committed %zu version%s before it)",
					done, done == 1 ? "" : "s");
			fputc('\n', stderr);
			goto out_unlock;
		}
applied:
		for (size_t j = 0; j < pend[done].v->nsources; j++)
			nst += pend[done].scripts[j].nstmts;
		fprintf(stderr, "schemadiff: applied version %s (%zu statement%s, %lld ms)\n",
			pend[done].v->version, nst, nst == 1 ? "" : "s",
			now_ms() - t0);
	}
	fprintf(stderr, "schemadiff: the database is at version %s\n",
		pend[npend - 1].v->version);
	rc = EXIT_OK;
	goto out_unlock;

out_report:
	rc = cli_report(&err);
out_unlock:
	if (db) {
		struct sd_error e = { 0 };
		if (db->drv->unlock(db, &e) && rc == EXIT_OK)
			rc = cli_report(&e);
	}
out:
	if (pend)
		pending_release(pend, npend);
	sd_history_plan_release(&plan);
	sd_history_release(&hist);
	if (db)
		db->drv->close(db);
	spec_free(root);
	strbuf_release(&example);
	return rc;
}
