/*
 * ops/diff.c: `diff` as an operation: any two sources (files, folders,
 * schema roots at a version, live databases) -> the change set and the SQL
 * that turns the first into the second. When exactly one side is a
 * database, the other is first brought into that server's canonical form
 * (ops/normalize.c), so that only real differences remain. From a
 * database to files, the files' renamed-from hints (ops/rename.c) are
 * planned as renames before the diff.
 *
 * Memory: the result owns both catalogs, the change set and the SQL; the
 * connections ops_load() opened are closed before ops_diff() returns.
 */
#include <string.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "drivers/driver.h"
#include "emit/emit.h"
#include "util/strbuf.h"
#include "emit/pg_features.h"
#include "util/banned.h"

static int diff_run(const struct ops_diff_opts *o,
		    struct ops_diff_result *out, struct sd_error *err)
{
	struct ops_load_opts lo = { { o->from, o->to }, 2, o->dialect, o->events,
				    o->target_version };
	struct ops_load_result lr;
	struct ops_renames ren = { 0 };
	int rc;

	memset(out, 0, sizeof(*out));
	strbuf_init(&out->sql, 0);
	if (o->target_version && (ops_is_url(o->from) || ops_is_url(o->to)))
		return sd_error_set(err, SD_ERR, NULL, 0, 0,
				    "--target-version is for files and schema roots: a database's own server is the target");
	rc = ops_load(&lo, &lr, err);
	/* files and roots: SQL for the version they are read for
	 * (--target-version, a root's target-version; emit/pg_features.c) */
	if (!rc && !lr.conns[0] && !lr.conns[1])
		rc = pg_features_check(lr.catalogs[1], lr.catalogs[1]->pg_version,
				       err);
	if (!rc)
		rc = ops_ignore_apply(&o->ignore, lr.catalogs, 2, err);
	if (rc)
		goto out;
	/* One side live, one parsed: compare them in the server's form. */
	if (!lr.conns[0] != !lr.conns[1]) {
		int live = lr.conns[0] ? 0 : 1, parsed = 1 - live;
		struct catalog *norm = NULL;
		const char *files = lo.sources[parsed];

		if (!ops_source_is_root(files) &&
		    (rc = ops_reload_for_session(lr.conns[live], &files, 1,
						 &lr.catalogs[parsed], err)))
			goto out;
		if (!ops_source_is_root(files) &&
		    (rc = ops_reload_for_target(lr.catalogs[live], &files, 1,
						&lr.catalogs[parsed], err)))
			goto out;
		/* database -> files: SQL for that server's version
		 * (emit/pg_features.c) */
		if (live == 0 && (rc = pg_features_check(lr.catalogs[1],
							 lr.catalogs[0]->pg_version,
							 err)))
			goto out;
		ops_adopt_external_schemas(lr.catalogs[parsed],
					   lr.catalogs[live]);
		rc = ops_normalize_take(lr.conns[live], lr.catalogs[live],
					&lr.catalogs[parsed], &o->events,
					&norm, err);
		if (rc)
			goto out;
		lr.catalogs[parsed] = norm;
		/* the SQL is for the live side's server */
		norm->pg_version = lr.catalogs[live]->pg_version;
		/* reloaded for the session: its ignored objects again */
		rc = ops_ignore_apply(&o->ignore, &lr.catalogs[parsed], 1, err);
		if (rc)
			goto out;
		/* database -> files: the renames the files declare */
		if (live == 0 && !ops_source_is_root(files) &&
		    (rc = ops_renames_plan(&files, 1, &lr.catalogs[0], 1,
					   lr.catalogs[1], "(renames)", &ren,
					   err)))
			goto out;
	}
	rc = diff_catalogs(lr.catalogs[0], lr.catalogs[1], &out->changes, err);
	if (!rc)
		rc = diff_check_conversions(out->changes, err);
	if (rc)
		goto out;
	if (ren.n)
		strbuf_addstr(&out->sql, ren.sql.buf);
	emit_changeset(out->changes, &out->sql);
	out->differs = ren.n || !changeset_empty(out->changes);
	ops_changes_from(out->changes, &out->list);
	/* a live FROM side: the sizes of the tables the changes work on */
	if (lr.conns[0]) {
		struct sd_error size_err = { 0 };
		if (ops_changes_sizes(lr.conns[0], &out->list, &size_err))
			ops_emit(&o->events, OPS_EVENT_WARNING, "could not read table sizes: %s",
				 size_err.msg);
	}
out:
	ops_renames_release(&ren);
	/* the catalogs go to the result, the connections are closed */
	out->from = lr.catalogs[0];
	out->to = lr.catalogs[1];
	lr.catalogs[0] = lr.catalogs[1] = NULL;
	ops_load_result_release(&lr);
	return rc;
}

int ops_diff(const struct ops_diff_opts *o,
	     struct ops_diff_result *out, struct sd_error *err)
{
	struct sd_warn_sink saved;
	int rc;

	ops_warn_begin(&o->events, &saved);
	rc = diff_run(o, out, err);
	ops_warn_end(&saved);
	return rc;
}

void ops_diff_result_release(struct ops_diff_result *out)
{
	changeset_free(out->changes);
	catalog_free(out->from);
	catalog_free(out->to);
	strbuf_release(&out->sql);
	ops_changes_release(&out->list);
	out->changes = NULL;
	out->from = out->to = NULL;
}
