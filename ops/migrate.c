/*
 * ops/migrate.c: run the versions of a schema root that a live database
 * has not had yet, in order, under the deploy lock. PostgreSQL: each
 * version in one transaction together with its history row, so it commits
 * whole or not at all. Engines whose DDL is not transactional: statement by
 * statement, the history row recording after each one how many completed,
 * so that a later run resumes after the last completed statement (or runs
 * the version again from its start with retry_failed). Each statement is
 * recorded as started before it runs; when a run died with one in flight,
 * the next compares the live catalog with the version replayed offline up
 * to that statement and past it, and goes on from the right place (or says
 * what it cannot know). A PostgreSQL version planned with `plan --online`
 * (version.json's "steps"): its transaction with a "running" history row,
 * then each step on its own through ops/online.c's executor, the row
 * recording each step's completion, so that a failed or cancelled step is
 * where the next run resumes. Before each statement and COMMIT: the cancel
 * request and the deploy lock are checked. Every file of every pending
 * version is read and split before anything (even the history table) is
 * created. Also: recording
 * a baseline, refusing a database without history that holds objects,
 * checksum mismatches and versions added out of order.
 *
 * Memory: the schema root, the history, the plan and the split scripts
 * live in the result's private part (struct ops_migrate_priv), which the
 * public arrays of the result point into; ops_migrate_result_release()
 * frees them. The connection (and with it the lock session) is closed
 * before ops_migrate() returns, also on errors.
 */
#include <jansson.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "emit/pg_features.h"
#include "drivers/driver.h"
#include "parser/front/front.h"
#include "parser/pg/pg_split.h"
#include "parser/spec/project.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/banned.h"

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One pending version, split: scripts[i] for v->sources[i]. A version
 * planned with `plan --online` ends with step files (version.json's
 * "steps"): sources[first_step + k] is steps[k], run after the
 * transaction of the sources before it. */
struct pending {
	const struct spec_version *v;
	struct pg_script *scripts;
	char **files;
	size_t first_step;	/* v->nsources when there are no steps */
	struct online_step *steps;
	size_t nsteps;
	/* a clustered root's database after the first: the history row's
	 * note naming the version's cluster-once files and where they ran
	 * (they are not run here); NULL otherwise */
	char *cluster_note;
};

struct ops_migrate_priv {
	struct schema_root *root;
	struct sd_history hist;
	struct sd_history_plan plan;
	struct pending *pend;
	size_t npend;
	struct arena arena;	/* the public arrays and strings */
};

static void pending_release(struct pending *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; p[i].scripts && j < p[i].v->nsources; j++) {
			pg_script_release(&p[i].scripts[j]);
			free(p[i].files[j]);
		}
		free(p[i].scripts);
		free(p[i].files);
		for (size_t k = 0; k < p[i].nsteps; k++) {
			free(p[i].steps[k].what);
			free(p[i].steps[k].sql);
			free(p[i].steps[k].cleanup);
		}
		free(p[i].steps);
		free(p[i].cluster_note);
	}
	free(p);
}

/*
 * Our optional "steps" key of version.json: [{"file": "step-1.sql",
 * "transaction": false, "what": "...", "cleanup": "DROP INDEX ..."}, ...],
 * naming the last files of "source" in order. Fills p->steps (their SQL
 * is filled in once the files are split).
 */
static int read_steps(struct pending *p, struct sd_error *err)
{
	const struct spec_version *v = p->v;
	struct strbuf path = STRBUF_INIT;
	json_error_t je;
	json_t *doc, *arr;
	size_t n;
	int ret = 0;

	p->first_step = v->nsources;
	strbuf_addf(&path, "%s/version.json", v->dir);
	doc = json_load_file(path.buf, 0, &je);
	if (!doc) {
		ret = sd_error_set(err, SD_ERR, path.buf, je.line, je.column,
				   "%s", je.text);
		goto out;
	}
	arr = json_object_get(doc, "steps");
	if (!arr)
		goto out;
	n = json_is_array(arr) ? json_array_size(arr) : 0;
	if (!json_is_array(arr) || n > v->nsources) {
		ret = sd_error_set(err, SD_ERR, path.buf, 1, 1,
				   "$.steps: not an array of the version's last source files");
		goto out;
	}
	p->steps = calloc(n + 1, sizeof(*p->steps));
	if (!p->steps)
		abort();
	p->first_step = v->nsources - n;
	for (size_t k = 0; k < n; k++) {
		json_t *st = json_array_get(arr, k);
		const char *file = json_string_value(json_object_get(st, "file"));
		const char *what = json_string_value(json_object_get(st, "what"));
		const char *cleanup = json_string_value(json_object_get(st, "cleanup"));
		json_t *tx = json_object_get(st, "transaction");

		if (!file || strcmp(file, v->sources[p->first_step + k]) ||
		    (tx && !json_is_boolean(tx))) {
			ret = sd_error_set(err, SD_ERR, path.buf, 1, 1,
					   "$.steps[%zu]: must be {\"file\": \"%s\", \"transaction\": true|false, ...}: the steps are the last files of \"source\", in order",
					   k, v->sources[p->first_step + k]);
			goto out;
		}
		p->steps[k].what = strdup(what ? what : file);
		p->steps[k].cleanup = cleanup ? strdup(cleanup) : NULL;
		p->steps[k].transaction = tx && json_is_true(tx);
		p->nsteps++;
	}
out:
	json_decref(doc);
	strbuf_release(&path);
	return ret;
}

/* A step's statements as one text (several run in one exec). */
static int step_sql(struct pending *p, size_t k, struct sd_error *err)
{
	const struct pg_script *sc = &p->scripts[p->first_step + k];
	struct strbuf sb = STRBUF_INIT;

	if (!sc->nstmts || (!p->steps[k].transaction && sc->nstmts != 1))
		return sd_error_set(err, SD_ERR, p->files[p->first_step + k],
				    1, 1,
				    "version %s: a step outside a transaction holds exactly one statement (this file has %zu)",
				    p->v->version, sc->nstmts);
	for (size_t i = 0; i < sc->nstmts; i++)
		strbuf_addf(&sb, "%s;\n", sc->stmts[i].sql);
	p->steps[k].sql = strbuf_detach(&sb, NULL);
	return 0;
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
	if (dialect == SQL_POSTGRES)
		ret = read_steps(p, err);
	else
		p->first_step = v->nsources;
	for (size_t j = 0; !ret && j < v->nsources; j++) {
		strbuf_reset(&text);
		ret = sd_read_file(&text, p->files[j], err);
		if (ret)
			goto out;
		ret = front_split(dialect, p->files[j], text.buf,
				  &p->scripts[j], err);
		if (ret)
			goto out;
		if (j >= p->first_step) {
			ret = step_sql(p, j - p->first_step, err);
			if (ret)
				goto out;
			continue;
		}
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

/*
 * A clustered root's database after the first (o->cluster_follower): the
 * version's cluster-once files (version.json, parser/spec/project.h) ran
 * on the cluster's first database; here they are split (checked) but not
 * run, and p->cluster_note says so for the history row. On the first
 * (cluster_first set, not a follower) they run, and the note says so.
 */
static int skip_cluster_once(const struct ops_migrate_opts *o,
			     struct pending *p, struct sd_error *err)
{
	struct version_links links;
	struct arena a;
	struct strbuf note = STRBUF_INIT;
	int ret;

	if (!o->cluster_follower && !o->cluster_first)
		return 0;
	arena_init(&a);
	ret = version_links_read(&a, p->v->dir, &links, err);
	for (size_t k = 0; !ret && k < links.ncluster_once; k++) {
		for (size_t j = 0; j < p->v->nsources; j++) {
			if (strcmp(p->v->sources[j], links.cluster_once[k]))
				continue;
			if (o->cluster_follower)
				pg_script_release(&p->scripts[j]);
			strbuf_addf(&note, "%s%s", note.len ? ", " : "",
				    links.cluster_once[k]);
		}
	}
	if (!ret && note.len) {
		struct strbuf sb = STRBUF_INIT;

		if (o->cluster_follower)
			strbuf_addf(&sb, "cluster-once: %s ran on %s", note.buf,
				    o->cluster_first ? o->cluster_first :
						       "the cluster's first database");
		else
			strbuf_addf(&sb, "cluster-once: %s ran here, once for the cluster",
				    note.buf);
		p->cluster_note = strbuf_detach(&sb, NULL);
	}
	strbuf_release(&note);
	arena_release(&a);
	return ret;
}

/* Progress over all the statements of a run. */
struct steps {
	const struct ops_events *ev;
	size_t done, total;
};

/* Run one version in one transaction with its history row. On a failure
 * the transaction is rolled back and err names the file and line of the
 * statement. */
static int run_version(struct sd_conn *db, const char *schema_name,
		       const struct pending *p, struct steps *steps,
		       struct sd_error *err)
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
			double ts = ops_now();

			sd_error_clear(&e);
			ret = ops_may_go_on(db, &e);
			if (!ret)
				ret = drv->exec(db, st->sql, &errpos, &e);
			if (!ret) {
				ops_emit_step(steps->ev, ++steps->done,
					      steps->total, st->sql,
					      ops_now() - ts);
				continue;
			}
			drv->rollback(db, &ignore);
			if (ret == SD_ERR_CANCELLED || e.code == SD_ERR_CONFLICT) {
				*err = e;
				return ret;
			}
			sd_error_set(err, ret, p->files[j], st->line, st->col,
				     "version %s: %s", p->v->version, e.msg);
			if (strstr(e.msg, "lock timeout"))
				sd_error_hint(err, "another session held a lock on the table past --ddl-lock-timeout; the version was rolled back: run migrate again when that session is done");
			else if (e.hint[0])
				sd_error_hint(err, "%s", e.hint);
			return ret;
		}
	}
	row.schema_name = schema_name;
	row.version = p->v->version;
	row.checksum = p->v->checksum;
	row.duration_ms = now_ms() - t0;
	row.tool_version = SCHEMADIFF_VERSION;
	row.outcome = "applied";
	if (p->cluster_note) {
		/* the note goes in the error column, which the progress
		 * form of the row has (and adds to an older table) */
		for (size_t j = 0; j < p->v->nsources; j++)
			row.statements_done += (long long)p->scripts[j].nstmts;
		row.error = p->cluster_note;
		ret = drv->history_progress(db, &row, err);
	} else {
		ret = drv->history_record(db, &row, err);
	}
	if (!ret)
		ret = ops_may_go_on(db, err);
	if (ret) {
		drv->rollback(db, &ignore);
		return ret;
	}
	ret = drv->commit(db, err);
	if (ret)
		drv->rollback(db, &ignore);
	return ret;
}

/* The history row's error while a statement runs: IN_FLIGHT "N". */
#define IN_FLIGHT "started statement "

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
			     struct steps *steps, size_t *done,
			     struct sd_error *err)
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
			double ts = ops_now();

			if (n < from)
				continue;
			/* stopped here: the row says "running" after n
			 * statements, which is exactly where it is */
			ret = ops_may_go_on(db, err);
			if (ret)
				return ret;
			/* recorded before it runs: a run that dies while the
			 * server runs it leaves this mark, and the next run
			 * finds out from the catalog whether it completed */
			{
				char mark[64];

				snprintf(mark, sizeof(mark), IN_FLIGHT "%zu", n + 1);
				ret = progress(db, schema_name, p, "running",
					       (long long)n, now_ms() - t0, mark,
					       err);
				if (ret)
					return ret;
			}
			sd_error_clear(&e);
			ret = drv->exec(db, st->sql, NULL, &e);
			if (ret && sd_cancel_signal()) {
				/* the signal broke the wait for the server:
				 * whether the statement completed is unknown,
				 * and the mark says so */
				return sd_error_set(err, SD_ERR_CANCELLED, NULL, 0, 0,
						    "interrupted by %s during statement %zu of version %s: the next migrate checks whether it completed",
						    ops_signal_name(), n + 1, p->v->version);
			}
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
			ops_emit_step(steps->ev, ++steps->done, steps->total,
				      st->sql, ops_now() - ts);
		}
	}
	return progress(db, schema_name, p, "applied", (long long)n,
			now_ms() - t0, p->cluster_note, err);
}

/*
 * A version with online steps (PostgreSQL, `plan --online`): its
 * transactional part in one transaction with a history row "running"
 * after its statements, then each step on its own through online mode's
 * executor (lock_timeout, retries after a lock timeout, the cleanup of an
 * invalid index a failed build left), the row recording after each step
 * how many statements are done; "applied" at the end. `from` (statements,
 * over the files in order) > 0 resumes after the transaction: the step
 * that failed or was cut short runs again, after its cleanup (resuming:
 * the history row says the version stopped part way). A cancel is
 * honoured between steps. *done gets the statements completed.
 */
static int run_version_steps(const struct ops_migrate_opts *o,
			     struct sd_conn *db, const char *schema_name,
			     const struct pending *p, size_t from,
			     bool resuming, struct steps *steps, size_t *done,
			     struct sd_error *err)
{
	const struct sd_driver *drv = db->drv;
	struct online_opts oo = { 0 };
	bool first = true;
	struct sd_error ignore;
	struct strbuf sql = STRBUF_INIT;
	long long t0 = now_ms();
	size_t ntx = 0, n;
	int ret = 0;

	for (size_t j = 0; j < p->first_step; j++)
		ntx += p->scripts[j].nstmts;
	*done = from;
	if (from && from < ntx)
		return sd_error_set(err, SD_ERR, NULL, 0, 0,
				    "version %s: statements 1 to %zu run in one transaction: resume at 1 or after %zu",
				    p->v->version, ntx, ntx);
	if (!from) {
		ret = drv->begin(db, err);
		for (size_t j = 0; !ret && j < p->first_step; j++) {
			for (size_t k = 0; !ret && k < p->scripts[j].nstmts; k++) {
				const struct pg_stmt *st = &p->scripts[j].stmts[k];
				struct sd_error e;
				double ts = ops_now();

				sd_error_clear(&e);
				ret = ops_may_go_on(db, &e);
				if (!ret)
					ret = drv->exec(db, st->sql, NULL, &e);
				if (!ret) {
					ops_emit_step(steps->ev, ++steps->done,
						      steps->total, st->sql,
						      ops_now() - ts);
					continue;
				}
				if (ret == SD_ERR_CANCELLED ||
				    e.code == SD_ERR_CONFLICT)
					*err = e;
				else
					sd_error_set(err, ret, p->files[j], st->line,
						     st->col, "version %s: %s",
						     p->v->version, e.msg);
			}
		}
		if (!ret)
			ret = progress(db, schema_name, p, "running",
				       (long long)ntx, now_ms() - t0, NULL, err);
		if (!ret)
			ret = ops_may_go_on(db, err);
		if (!ret)
			ret = drv->commit(db, err);
		if (ret) {
			sd_error_clear(&ignore);
			drv->rollback(db, &ignore);
			return ret;
		}
		*done = ntx;
		ops_emit(steps->ev, OPS_EVENT_PROGRESS, "version %s: committed its transaction; %zu online step%s follow%s, each on its own",
			 p->v->version, p->nsteps, p->nsteps == 1 ? "" : "s",
			 p->nsteps == 1 ? "s" : "");
	}
	online_opts_init(&oo, o->ddl_lock_timeout_ms, o->statement_timeout_ms,
			 o->ddl_lock_retries);
	strbuf_addf(&sql, "SET lock_timeout = '%ldms'", oo.lock_timeout_ms);
	ret = drv->exec(db, sql.buf, NULL, err);
	if (!ret && oo.statement_timeout_ms) {
		strbuf_reset(&sql);
		strbuf_addf(&sql, "SET statement_timeout = '%ldms'",
			    oo.statement_timeout_ms);
		ret = drv->exec(db, sql.buf, NULL, err);
	}
	if (ret)
		goto out;
	n = ntx;
	for (size_t k = 0; k < p->nsteps; k++) {
		const struct online_step *st = &p->steps[k];
		size_t j = p->first_step + k, nst = p->scripts[j].nstmts;
		struct sd_error e;
		double ts = ops_now();

		if (n + nst <= *done) {	/* done by an earlier run */
			n += nst;
			continue;
		}
		ret = ops_may_go_on(db, err);
		if (ret) {
			if (ret == SD_ERR_CANCELLED)
				sd_error_set(err, ret, NULL, 0, 0,
					     "interrupted by %s before step %zu of %zu of version %s: its transaction and %zu step%s are applied, as its history row records; the next migrate resumes at that step",
					     ops_signal_name(), k + 1, p->nsteps,
					     p->v->version, k, k == 1 ? "" : "s");
			goto out;
		}
		if (resuming && first && st->cleanup) {
			/* a run cut short may have left an invalid index */
			sd_error_clear(&e);
			if (drv->exec(db, st->cleanup, NULL, &e))
				ops_emit(steps->ev, OPS_EVENT_WARNING, "version %s: %s: %s",
					 p->v->version, st->cleanup, e.msg);
		}
		first = false;
		sd_error_clear(&e);
		ret = online_run_step(db, st, &oo, steps->ev, &e);
		if (ret) {
			if (ret == SD_ERR_CANCELLED || sd_cancel_signal())
				ret = SD_ERR_CANCELLED;
			sd_error_set(err, ret, p->files[j], p->scripts[j].stmts[0].line,
				     p->scripts[j].stmts[0].col,
				     "version %s: step %zu of %zu (%s): %s",
				     p->v->version, k + 1, p->nsteps, st->what, e.msg);
			sd_error_hint(err, "the version's transaction and its %zu step%s before are applied, as its history row records: fix the cause, then migrate again resumes at this step",
				      k, k == 1 ? "" : "s");
			sd_error_clear(&ignore);
			progress(db, schema_name, p, "failed", (long long)n,
				 now_ms() - t0, e.msg, &ignore);
			goto out;
		}
		n += nst;
		*done = n;
		ret = progress(db, schema_name, p, "running", (long long)n,
			       now_ms() - t0, NULL, err);
		if (ret)
			goto out;
		steps->done += nst;
		ops_emit_step(steps->ev, steps->done, steps->total, st->sql,
			      ops_now() - ts);
	}
	ret = progress(db, schema_name, p, "applied", (long long)n,
		       now_ms() - t0, p->cluster_note, err);
out:
	strbuf_reset(&sql);
	strbuf_addf(&sql, "SET lock_timeout = '%ldms'",
		    o->ddl_lock_timeout_ms > 0 ? o->ddl_lock_timeout_ms : 0);
	sd_error_clear(&ignore);
	drv->exec(db, sql.buf, NULL, &ignore);
	if (oo.statement_timeout_ms) {
		sd_error_clear(&ignore);
		drv->exec(db, "SET statement_timeout = 0", NULL, &ignore);
	}
	strbuf_release(&sql);
	return ret;
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

/* The source files of a version, as messages name them. */
static const char *version_files(struct arena *a, const struct spec_version *v)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;

	for (size_t i = 0; i < v->nsources; i++)
		strbuf_addf(&sb, "%s%s/%s", i ? ", " : "", v->dir, v->sources[i]);
	s = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return s;
}

/* The result's view of the pending versions. */
static void publish_versions(struct ops_migrate_result *out)
{
	struct ops_migrate_priv *pv = out->priv;

	out->versions = arena_alloc(&pv->arena,
				    (pv->npend + 1) * sizeof(*out->versions));
	for (size_t i = 0; i < pv->npend; i++) {
		const struct pending *p = &pv->pend[i];
		struct ops_migrate_file *files;

		files = arena_alloc(&pv->arena,
				    (p->v->nsources + 1) * sizeof(*files));
		for (size_t j = 0; j < p->v->nsources; j++) {
			const char **stmts = arena_alloc(&pv->arena,
				(p->scripts[j].nstmts + 1) * sizeof(*stmts));
			for (size_t k = 0; k < p->scripts[j].nstmts; k++)
				stmts[k] = p->scripts[j].stmts[k].sql;
			files[j].path = p->files[j];
			files[j].stmts = stmts;
			files[j].nstmts = p->scripts[j].nstmts;
		}
		out->versions[i].version = p->v->version;
		out->versions[i].files = files;
		out->versions[i].nfiles = p->v->nsources;
	}
	out->nversions = pv->npend;
}

static void publish_mismatches(struct ops_migrate_result *out)
{
	struct ops_migrate_priv *pv = out->priv;
	const struct sd_history_plan *plan = &pv->plan;

	out->mismatches = arena_alloc(&pv->arena, (plan->nmismatch + 1) *
				      sizeof(*out->mismatches));
	for (size_t i = 0; i < plan->nmismatch; i++) {
		const struct spec_version *v = &pv->root->versions[plan->mismatch[i]];
		const struct sd_history_row *r = sd_history_find(&pv->hist,
								 v->version);
		struct ops_migrate_mismatch *m = &out->mismatches[i];

		m->version = v->version;
		m->files = version_files(&pv->arena, v);
		m->recorded = r ? r->checksum : "?";
		m->current = v->checksum;
	}
	out->nmismatches = plan->nmismatch;
}

/* Check the options against the root; find --to and --baseline. */
static int find_versions(const struct ops_migrate_opts *o,
			 const struct schema_root *root,
			 const struct spec_version **to,
			 const struct spec_version **baseline,
			 struct sd_error *err)
{
	if (o->to && !(*to = spec_find_version(root, o->to)))
		return sd_error_set(err, SD_ERR, NULL, 0, 0,
				    "--to %s: version \"%s\" is not in the version-history of %s",
				    o->to, o->to, o->schema_root);
	if (o->baseline && !(*baseline = spec_find_version(root, o->baseline)))
		return sd_error_set(err, SD_ERR, NULL, 0, 0,
				    "--baseline %s: version \"%s\" is not in the version-history of %s",
				    o->baseline, o->baseline, o->schema_root);
	if (*to && *baseline &&
	    spec_version_cmp((*baseline)->version, (*to)->version) > 0)
		return sd_error_set(err, SD_ERR, NULL, 0, 0,
				    "--baseline %s is above --to %s",
				    (*baseline)->version, (*to)->version);
	return 0;
}

/* A database whose history and root disagree, or without a history but
 * with objects, is not migrated. */
static int check_history(const struct ops_migrate_opts *o,
			 struct ops_migrate_result *out, struct sd_conn *db,
			 const struct spec_version *baseline,
			 struct sd_error *err)
{
	struct ops_migrate_priv *pv = out->priv;
	const struct schema_root *root = pv->root;
	const struct sd_history_plan *plan = &pv->plan;
	struct strbuf example = STRBUF_INIT, red = STRBUF_INIT;
	int found = 0, rc = 0;

	for (size_t i = 0; i < plan->nunknown; i++)
		ops_emit(&o->events, OPS_EVENT_WARNING, "version %s is recorded in the database but not in %s",
			 plan->unknown[i]->version, o->schema_root);
	if (plan->nmismatch) {
		publish_mismatches(out);
		return sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
				    "checksum mismatch: %zu applied version%s changed",
				    plan->nmismatch, plan->nmismatch == 1 ? "" : "s");
	}
	if (plan->nskipped) {
		const struct spec_version *v = &root->versions[plan->skipped[0]];
		rc = sd_error_set(err, SD_ERR_CONFLICT, v->dir, 0, 0,
				  "version %s is not applied, but the later version %s is: versions run in order",
				  v->version, plan->current);
		sd_error_hint(err, "give the new version a number above the database's current version");
		return rc;
	}
	if (!pv->hist.nrows && !o->shared_database) {
		rc = db->drv->has_user_objects(db, &found, &example, err);
		if (!rc && found && !baseline) {
			sd_redact_url(o->url ? o->url : "", &red);
			rc = sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
					  "%s: the database has no schemadiff history for schema \"%s\" but already holds objects (%s)",
					  red.buf, root->name, example.buf);
			sd_error_hint(err, "if it already is at some version of the schema root, say which with --baseline VERSION");
		}
	} else if (baseline) {
		rc = sd_error_set(err, SD_ERR, NULL, 0, 0,
				  "--baseline: the database already has a history for schema \"%s\" (at version %s); --baseline is for a database without one",
				  root->name, plan->current ? plan->current : "(none)");
	}
	strbuf_release(&example);
	strbuf_release(&red);
	return rc;
}

/* Statement i (0-based) of a pending version, over its files in order. */
static const struct pg_stmt *nth_stmt(const struct pending *p, size_t i,
				      size_t *nall)
{
	const struct pg_stmt *found = NULL;
	size_t n = 0;

	for (size_t j = 0; j < p->v->nsources; j++)
		for (size_t k = 0; k < p->scripts[j].nstmts; k++, n++)
			if (n == i)
				found = &p->scripts[j].stmts[k];
	*nall = n;
	return found;
}

/* How many of the root's versions come before VERSION, by value: a
 * pending version may be a baseline's upgrade copy (through_upgrade()),
 * not an element of root->versions. */
static size_t versions_before(const struct schema_root *root,
			      const char *version)
{
	size_t idx = 0;

	while (idx < root->nversions &&
	       spec_version_cmp(root->versions[idx].version, version) < 0)
		idx++;
	return idx;
}

/* The schema root before pend[0], then its first `upto` statements,
 * replayed offline. */
static int replay_upto(const struct ops_migrate_priv *pv, size_t upto,
		       struct catalog **out, struct sd_error *err)
{
	const struct pending *p = &pv->pend[0];
	size_t idx = versions_before(pv->root, p->v->version), nall;
	struct strbuf sql = STRBUF_INIT;
	struct catalog *cat = NULL;
	int rc;

	if (idx)
		rc = ops_load_root(pv->root, pv->root->versions[idx - 1].version,
				   &cat, err);
	else
		rc = !(cat = catalog_new(ops_root_dialect(pv->root)));
	for (size_t i = 0; !rc && i < upto; i++) {
		const struct pg_stmt *st = nth_stmt(p, i, &nall);

		if (st)
			strbuf_addf(&sql, "%s;\n", st->sql);
	}
	if (!rc && sql.len)
		rc = front_replay_script(cat, p->files[0], sql.buf, err);
	strbuf_release(&sql);
	if (rc) {
		catalog_free(cat);
		return rc;
	}
	*out = cat;
	return 0;
}

/* 1 when the live catalog equals `parsed` once created on the server. */
static int live_equals(struct sd_conn *db, const struct catalog *live,
		       const struct catalog *parsed, const struct ops_events *ev,
		       int *equal, struct sd_error *err)
{
	struct catalog *want = NULL;
	struct changeset *cs = NULL;
	int rc;

	rc = ops_normalize(db, live, parsed, ev, &want, err);
	if (!rc)
		rc = diff_catalogs(live, want, &cs, err);
	if (!rc)
		*equal = cs->nchanges == 0;
	changeset_free(cs);
	catalog_free(want);
	return rc;
}

/* Statements whose effect a catalog does not show, but which change
 * nothing when run again. */
static int harmless_again(const char *sql)
{
	while (isspace((unsigned char)*sql))
		sql++;
	return !strncasecmp(sql, "SELECT", 6) || !strncasecmp(sql, "SET ", 4) ||
	       !strncasecmp(sql, "DO ", 3);
}

/*
 * A run died while statement n+1 (1-based) of pend[0] was in flight: did
 * the server complete it? The live catalog is compared with the version
 * replayed offline up to n and up to n+1 statements (both created on the
 * server and read back, as drift does). *resume gets n or n+1; a
 * statement whose effect the catalog does not show (INSERT, UPDATE ...)
 * is left to the user, never run twice silently.
 */
static int locate_resume(const struct ops_migrate_opts *o,
			 struct ops_migrate_priv *pv, struct sd_conn *db,
			 size_t n, size_t *resume, struct sd_error *err)
{
	const struct pending *p = &pv->pend[0];
	struct catalog *before = NULL, *after = NULL, *live = NULL;
	const struct pg_stmt *st;
	struct strbuf brief = STRBUF_INIT;
	size_t nall;
	int eq_before = 0, eq_after = 0, rc;

	st = nth_stmt(p, n, &nall);
	if (!st) {
		*resume = n;
		return 0;
	}
	strbuf_add(&brief, st->sql, strcspn(st->sql, "\n") > 80 ? 80 : strcspn(st->sql, "\n"));
	rc = replay_upto(pv, n, &before, err);
	if (!rc)
		rc = replay_upto(pv, n + 1, &after, err);
	if (!rc)
		rc = ops_introspect(db, &o->events, &live, err);
	if (!rc)
		rc = live_equals(db, live, before, &o->events, &eq_before, err);
	if (!rc)
		rc = live_equals(db, live, after, &o->events, &eq_after, err);
	if (rc)
		goto out;
	if (eq_before && eq_after && harmless_again(st->sql)) {
		*resume = n;
		ops_emit(&o->events, OPS_EVENT_PROGRESS, "version %s: statement %zu was running when the last run stopped; it changes nothing the catalog shows and may run again: resuming at statement %zu",
			 p->v->version, n + 1, n + 1);
	} else if (eq_before && !eq_after) {
		*resume = n;
		ops_emit(&o->events, OPS_EVENT_PROGRESS, "version %s: statement %zu was running when the last run stopped, and the catalog shows it did not complete: running it again",
			 p->v->version, n + 1);
	} else if (eq_after && !eq_before) {
		*resume = n + 1;
		ops_emit(&o->events, OPS_EVENT_PROGRESS, "version %s: statement %zu was running when the last run stopped, and the catalog shows it completed: going on after it",
			 p->v->version, n + 1);
	} else if (eq_before) {
		rc = sd_error_set(err, SD_ERR_CONFLICT, p->files[0], st->line, st->col,
				  "version %s: statement %zu (%s) was running when the last run stopped, and whether it completed cannot be seen in the catalog",
				  p->v->version, n + 1, brief.buf);
		sd_error_hint(err, "check the data it changes: if it ran, run migrate --resume-at %zu; if not, migrate --resume-at %zu",
			      n + 2, n + 1);
	} else {
		rc = sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
				  "version %s stopped at statement %zu (%s), but the database matches neither the schema before nor after it: something else changed it",
				  p->v->version, n + 1, brief.buf);
		sd_error_hint(err, "compare the database with the version (schemadiff drift), repair it by hand, then run migrate --resume-at N with the statement to go on from");
	}
out:
	strbuf_release(&brief);
	catalog_free(before);
	catalog_free(after);
	catalog_free(live);
	return rc;
}

/*
 * PostgreSQL: a history written for a newer server, replayed for an older
 * one: the pending versions' files must use no syntax the server lacks
 * (parser/pg/pg_features.c), refused with the place of its first use
 * before any version runs. The versions the database has are not
 * checked: the history up to pend[0] is read first, and only what the
 * pending versions add counts.
 */
static int check_server_features(const struct ops_migrate_priv *pv,
				 int server_version, struct sd_error *err)
{
	struct catalog *cat = NULL;
	size_t idx, skip = 0;
	int rc;

	if (!pv->npend || ops_root_dialect(pv->root) != SQL_POSTGRES)
		return 0;
	/* the history before the first pending version */
	idx = versions_before(pv->root, pv->pend[0].v->version);
	if (idx) {
		rc = ops_load_root(pv->root, pv->root->versions[idx - 1].version,
				   &cat, err);
		if (rc)
			return rc;
		skip = pg_features_count(cat);
		catalog_free(cat);
	}
	rc = ops_load_root(pv->root, pv->pend[pv->npend - 1].v->version, &cat,
			   err);
	if (rc)
		return rc;
	rc = pg_features_check_scripts(cat, skip, server_version, err);
	catalog_free(cat);
	return rc;
}

/* A version that stopped part way: resume it, run it again, or refuse.
 * *resume gets the first statement of pend[0] to run. */
static int check_incomplete(const struct ops_migrate_opts *o,
			    struct ops_migrate_priv *pv, struct sd_conn *db,
			    size_t *resume, struct sd_error *err)
{
	const struct sd_history_row *r = pv->plan.incomplete;
	size_t nall = 0;
	int rc;

	*resume = 0;
	if (o->resume_at) {
		if (!r || !pv->npend || strcmp(pv->pend[0].v->version, r->version))
			return sd_error_set(err, SD_ERR, NULL, 0, 0,
					    "--resume-at: no version stopped part way");
		nth_stmt(&pv->pend[0], 0, &nall);
		if (o->resume_at > nall + 1)
			return sd_error_set(err, SD_ERR, NULL, 0, 0,
					    "--resume-at %zu: version %s has %zu statements",
					    o->resume_at, r->version, nall);
		*resume = o->resume_at - 1;
		ops_emit(&o->events, OPS_EVENT_PROGRESS, "version %s stopped part way; --resume-at: going on at statement %zu",
			 r->version, o->resume_at);
		return 0;
	}
	if (!r || !pv->npend || strcmp(pv->pend[0].v->version, r->version)) {
		if (o->retry_failed)
			ops_emit(&o->events, OPS_EVENT_PROGRESS, "--retry-failed: no version stopped part way; nothing to retry");
		return 0;
	}
	if (o->retry_failed) {
		ops_emit(&o->events, OPS_EVENT_PROGRESS, "version %s stopped part way (%s after %lld statement%s); --retry-failed: running it again from its first statement",
			 r->version, r->outcome, r->statements_done,
			 r->statements_done == 1 ? "" : "s");
		return 0;
	}
	if (strcmp(r->checksum, pv->pend[0].v->checksum)) {
		rc = sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
				  "version %s stopped part way (%s after %lld statement%s) and its files have changed since: cannot resume it",
				  r->version, r->outcome, r->statements_done,
				  r->statements_done == 1 ? "" : "s");
		sd_error_hint(err, "make sure the version's statements can run again on this database, then use --retry-failed to run it from its first statement");
		return rc;
	}
	*resume = (size_t)r->statements_done;
	if (!strcmp(r->outcome, "running") && r->error &&
	    !strncmp(r->error, IN_FLIGHT, strlen(IN_FLIGHT))) {
		if (o->dry_run) {
			ops_emit(&o->events, OPS_EVENT_NOTE, "version %s: statement %zu was running when the last run stopped; migrate checks whether it completed",
				 r->version, *resume + 1);
			return 0;
		}
		return locate_resume(o, pv, db, *resume, resume, err);
	}
	ops_emit(&o->events, OPS_EVENT_PROGRESS, "version %s stopped part way (%s after %lld statement%s%s%s); resuming at statement %zu",
		 r->version, r->outcome, r->statements_done,
		 r->statements_done == 1 ? "" : "s",
		 r->error ? ": " : "", r->error ? r->error : "", *resume + 1);
	return 0;
}

/* --demo: the demo data (ops/demo.c) of the versions up to `at` that is
 * not loaded yet. */
static int demo_upto(const struct ops_migrate_opts *o,
		     const struct ops_migrate_priv *pv, struct sd_conn *db,
		     const char *at, struct sd_error *err)
{
	const struct spec_version *v;
	struct ops_demo_result dr = { 0 };
	int rc;

	if (!o->demo || !at || !(v = spec_find_version(pv->root, at)))
		return 0;
	strbuf_init(&dr.loaded, 0);
	rc = ops_demo_load_upto(db, pv->root, (size_t)(v - pv->root->versions) + 1,
				&o->events, &dr, err);
	ops_demo_result_release(&dr);
	return rc;
}

/* Run pv->pend[] in order; out says how far it got. */
static int run_pending(const struct ops_migrate_opts *o,
		       struct ops_migrate_result *out, struct sd_conn *db,
		       size_t resume, struct sd_error *err)
{
	struct ops_migrate_priv *pv = out->priv;
	const char *name = pv->root->name;
	struct steps steps = { &o->events, 0, 0 };
	int rc;

	for (size_t i = 0; i < pv->npend; i++)
		for (size_t j = 0; j < pv->pend[i].v->nsources; j++)
			steps.total += pv->pend[i].scripts[j].nstmts;
	steps.total -= resume <= steps.total ? resume : 0;
	if (o->ddl_lock_timeout_ms > 0) {
		struct strbuf sql = STRBUF_INIT;

		if (db->drv->transactional_ddl)
			strbuf_addf(&sql, "SET lock_timeout = '%ldms'",
				    o->ddl_lock_timeout_ms);
		else	/* whole seconds, at least one */
			strbuf_addf(&sql, "SET SESSION lock_wait_timeout = %ld",
				    (o->ddl_lock_timeout_ms + 999) / 1000);
		rc = db->drv->exec(db, sql.buf, NULL, err);
		strbuf_release(&sql);
		if (rc)
			return rc;
	}
	if (!db->drv->transactional_ddl)
		ops_emit(&o->events, OPS_EVENT_NOTE, "%s DDL is not transactional: statements commit one by one, and %s records each one's completion",
			 db->drv->name, "schemadiff_history");
	rc = demo_upto(o, pv, db, out->at, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < pv->npend; i++) {
		const struct pending *p = &pv->pend[i];
		long long t0 = now_ms();
		struct ops_event ev = { 0 };
		struct strbuf msg = STRBUF_INIT;
		size_t nst = 0;

		if (!db->drv->transactional_ddl) {
			size_t ok = 0, from = i ? 0 : resume;

			rc = run_version_nontx(db, name, p, from, &steps,
					       &ok, err);
			if (rc) {
				out->failed = p->v->version;
				out->failed_done = ok;
				out->failed_from = from;
				if (rc == SD_ERR_CANCELLED)
					sd_error_set(err, rc, NULL, 0, 0,
						     "interrupted by %s: version %s stopped after %zu of its statements, as its history row records; the next migrate resumes at statement %zu",
						     ops_signal_name(),
						     p->v->version, ok, ok + 1);
				return rc;
			}
		} else if (p->nsteps) {
			size_t ok = 0, from = i ? 0 : resume;

			rc = run_version_steps(o, db, name, p, from,
					       !i && pv->plan.incomplete &&
					       !strcmp(pv->plan.incomplete->version,
						       p->v->version),
					       &steps, &ok, err);
			if (rc) {
				out->failed = p->v->version;
				out->failed_done = ok;
				out->failed_from = from;
				out->failed_rolled_back = !ok;
				return rc;
			}
		} else if ((rc = run_version(db, name, p, &steps, err))) {
			out->failed = p->v->version;
			out->failed_rolled_back = true;
			if (rc == SD_ERR_CANCELLED || sd_cancel_signal())
				rc = sd_error_set(err, SD_ERR_CANCELLED, NULL, 0, 0,
						  "interrupted by %s: version %s was rolled back; the database is at version %s",
						  ops_signal_name(), p->v->version,
						  out->at ? out->at : "(none)");
			return rc;
		}
		out->napplied++;
		out->at = p->v->version;
		for (size_t j = 0; j < p->v->nsources; j++)
			nst += p->scripts[j].nstmts;
		ev.kind = OPS_EVENT_VERSION_APPLIED;
		ev.version = p->v->version;
		ev.count = nst;
		ev.duration_ms = now_ms() - t0;
		strbuf_addf(&msg, "applied version %s (%zu statement%s, %lld ms)",
			    ev.version, nst, nst == 1 ? "" : "s", ev.duration_ms);
		ev.message = msg.buf;
		ops_emit_event(&o->events, &ev);
		strbuf_release(&msg);
		rc = demo_upto(o, pv, db, out->at, err);
		if (rc)
			return rc;
	}
	ops_emit(&o->events, OPS_EVENT_PROGRESS, "the database is at version %s",
		 out->at);
	return 0;
}

/* The hazards version.json lists (our optional "hazards" key), as
 * OPS_HZ_* bits; one "OBJECT: HAZARDS" line per listed change whose
 * hazards meet `deny` into lines. A version without the key has none. */
static unsigned version_hazards(const struct spec_version *v, unsigned deny,
				struct strbuf *lines)
{
	struct strbuf path = STRBUF_INIT;
	json_t *doc, *arr, *item;
	unsigned all = 0;
	size_t i;

	strbuf_addf(&path, "%s/version.json", v->dir);
	doc = json_load_file(path.buf, 0, NULL);
	strbuf_release(&path);
	arr = json_object_get(doc, "hazards");
	json_array_foreach(arr, i, item) {
		json_t *names = json_object_get(item, "hazards"), *n;
		const char *obj = json_string_value(json_object_get(item, "object"));
		unsigned mask = 0, one;
		size_t k;
		struct sd_error ignore = { 0 };

		json_array_foreach(names, k, n)
			if (json_is_string(n) &&
			    !ops_hazard_parse(json_string_value(n), &one, &ignore))
				mask |= one;
		all |= mask;
		if (mask & deny) {
			strbuf_addf(lines, "version %s: %s: ", v->version,
				    obj ? obj : "(a change)");
			ops_hazard_format(mask & deny, lines);
			strbuf_addch(lines, '\n');
		}
	}
	json_decref(doc);
	return all;
}

/* Refuse pending versions whose hazards are not allowed (nothing has run
 * yet); a dry run only tells. */
static int check_hazards(const struct ops_migrate_opts *o,
			 struct ops_migrate_result *out, struct sd_error *err)
{
	struct ops_migrate_priv *pv = out->priv;
	unsigned deny = o->deny_hazards & ~o->allow_hazards, bad = 0;
	struct strbuf lines = STRBUF_INIT, names = STRBUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < pv->npend; i++) {
		unsigned h = version_hazards(pv->pend[i].v, deny, &lines);
		bad |= h & deny;
		if (h & ~OPS_HZ_NOT_TRANSACTIONAL) {
			strbuf_reset(&names);
			ops_hazard_format(h, &names);
			ops_emit(&o->events, OPS_EVENT_NOTE, "version %s hazards: %s",
				 pv->pend[i].v->version, names.buf);
		}
	}
	if (!bad)
		goto out;
	strbuf_reset(&names);
	ops_hazard_format(bad, &names);
	if (o->dry_run) {
		ops_emit(&o->events, OPS_EVENT_NOTE, "without --dry-run, migrate would refuse hazards not allowed (%s):\n%.*s",
			 names.buf, (int)lines.len - 1, lines.buf);
		goto out;
	}
	ops_emit(&o->events, OPS_EVENT_ERROR, "pending versions have hazards not allowed:\n%.*s",
		 (int)lines.len - 1, lines.buf);
	rc = sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
			  "pending versions have hazards not allowed (%s); nothing was run",
			  names.buf);
	sd_error_hint(err, "review them (version.json, revisions.sql), then pass --allow-hazards %s",
		      names.buf);
out:
	strbuf_release(&lines);
	strbuf_release(&names);
	return rc;
}

/* A database at a version that a baseline replaced (schemadiff squash)
 * reaches the baseline through that version's upgrade file instead of
 * the baseline's create script: v with that one source. */
static const struct spec_version *through_upgrade(struct ops_migrate_priv *pv,
						  const struct spec_version *v,
						  const struct ops_events *ev)
{
	const char *cur = pv->plan.current;
	struct spec_version *c;

	if (!cur)
		return v;
	for (size_t k = 0; k < v->nsquashed; k++) {
		const struct spec_squashed *sq = &v->squashed[k];

		if (!sq->upgrade || spec_version_cmp(sq->version, cur))
			continue;
		c = arena_alloc(&pv->arena, sizeof(*c));
		*c = *v;
		c->sources = arena_alloc(&pv->arena, sizeof(*c->sources));
		c->sources[0] = sq->upgrade;
		c->nsources = 1;
		ops_emit(ev, OPS_EVENT_NOTE, "version %s is a baseline in place of versions up to it: the database (at %s) gets %s/%s",
			 v->version, cur, v->dir, sq->upgrade);
		return c;
	}
	return v;
}

static int migrate_run(const struct ops_migrate_opts *o,
		       struct ops_migrate_result *out, struct sd_error *err)
{
	const struct spec_version *to = NULL, *baseline = NULL;
	struct ops_migrate_priv *pv;
	struct sd_conn *db = NULL;
	int server_version = 0, rc;
	size_t resume = 0;	/* first statement of pend[0] to run */
	bool locked = false;

	memset(out, 0, sizeof(*out));
	pv = calloc(1, sizeof(*pv));
	if (!pv)
		abort();
	pv->hist = (struct sd_history)SD_HISTORY_INIT;
	pv->arena = (struct arena)ARENA_INIT;
	out->priv = pv;

	rc = spec_read(o->schema_root, &pv->root, err);
	if (!rc) {
		/* a root merged from two branches that each added a version
		 * is refused before anything connects */
		struct ops_sum_check sc;

		rc = ops_sum_check(pv->root, &o->events, &sc, err);
	}
	if (!rc)
		rc = find_versions(o, pv->root, &to, &baseline, err);
	if (!rc)
		rc = ops_connect_root(o->url, pv->root, o->schema_root, &db, err);
	if (!rc)
		rc = db->drv->server_version(db, NULL, &server_version, err);
	if (rc)
		goto out;
	out->engine = db->drv->name;
	out->baseline = baseline ? baseline->version : NULL;
	if (!o->dry_run) {
		rc = ops_take_lock(db, pv->root->name, o->lock_timeout_ms,
				   &o->events, err);
		if (rc)
			goto out;
		locked = true;
	}
	/* Read under the lock: a run we waited for may have applied
	 * versions. */
	rc = db->drv->history_read(db, pv->root->name, &pv->hist, err);
	if (rc)
		goto out_unlock;
	sd_history_plan_build(pv->root, &pv->hist, &pv->plan);
	out->current = pv->plan.current;
	out->at = pv->plan.current;
	rc = check_history(o, out, db, baseline, err);
	if (rc)
		goto out_unlock;
	if (to && pv->plan.current &&
	    spec_version_cmp(to->version, pv->plan.current) < 0) {
		if (o->no_downgrade)
			goto out_unlock;
		/* --to below: undo (ops/downgrade.c) */
		out->downgrade = true;
		rc = ops_migrate_down(o, db, pv->root, &pv->hist, to, &out->at,
				      &out->nreverted, err);
		goto out_unlock;
	}

	pv->pend = calloc(pv->plan.npending + 1, sizeof(*pv->pend));
	if (!pv->pend)
		abort();
	for (size_t i = 0; i < pv->plan.npending; i++) {
		const struct spec_version *v = &pv->root->versions[pv->plan.pending[i]];

		if (baseline && spec_version_cmp(v->version, baseline->version) <= 0)
			continue;
		if (to && spec_version_cmp(v->version, to->version) > 0)
			break;
		pv->pend[pv->npend++].v = through_upgrade(pv, v, &o->events);
		rc = split_pending(&pv->pend[pv->npend - 1],
				   ops_root_dialect(pv->root), server_version,
				   err);
		if (!rc)
			rc = skip_cluster_once(o, &pv->pend[pv->npend - 1], err);
		if (rc)
			goto out_unlock;
	}
	rc = check_server_features(pv, server_version, err);
	if (!rc)
		rc = check_incomplete(o, pv, db, &resume, err);
	if (!rc)
		rc = check_hazards(o, out, err);
	if (rc)
		goto out_unlock;
	publish_versions(out);
	if (o->dry_run)
		goto out_unlock;
	/* only now, when every pending version was read and split: a
	 * version that cannot run changes nothing, not even this */
	if (baseline || pv->npend) {
		rc = db->drv->history_ensure(db, err);
		if (rc)
			goto out_unlock;
	}
	if (baseline) {
		rc = record_baseline(db, pv->root->name, baseline, err);
		if (rc)
			goto out_unlock;
		out->at = baseline->version;
		ops_emit(&o->events, OPS_EVENT_PROGRESS, "recorded version %s as the baseline (nothing run)",
			 baseline->version);
	}
	if (!pv->npend) {
		const char *at = out->at;
		if (to && at && spec_version_cmp(at, to->version) > 0)
			ops_emit(&o->events, OPS_EVENT_PROGRESS, "nothing to do: the database is at version %s, past --to %s",
				 at, to->version);
		else
			ops_emit(&o->events, OPS_EVENT_PROGRESS, "nothing to do: the database is at version %s",
				 at ? at : "(none)");
		rc = demo_upto(o, pv, db, at, err);
		goto out_unlock;
	}
	rc = run_pending(o, out, db, resume, err);
out_unlock:
	if (locked) {
		struct sd_error e = { 0 };
		if (db->drv->unlock(db, &e) && !rc)
			rc = (*err = e).code;
	}
out:
	if (db)
		db->drv->close(db);
	return rc;
}

int ops_migrate(const struct ops_migrate_opts *o,
		struct ops_migrate_result *out, struct sd_error *err)
{
	struct sd_warn_sink saved;
	int rc;

	ops_warn_begin(&o->events, &saved);
	rc = migrate_run(o, out, err);
	ops_warn_end(&saved);
	return rc;
}

void ops_migrate_result_release(struct ops_migrate_result *out)
{
	struct ops_migrate_priv *pv = out->priv;

	if (!pv)
		return;
	if (pv->pend)
		pending_release(pv->pend, pv->npend);
	sd_history_plan_release(&pv->plan);
	sd_history_release(&pv->hist);
	spec_free(pv->root);
	arena_release(&pv->arena);
	free(pv);
	memset(out, 0, sizeof(*out));
}
