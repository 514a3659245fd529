/*
 * ops/status.c: where a live database stands against a schema root: its
 * current version, the versions still to run, checksum mismatches,
 * versions recorded in the database that the root does not have, a
 * version that stopped part way, objects in a database without history,
 * the versions undone by migrate --to (the log of reverts), and whether
 * the root matches its schemadiff.sum (a mismatch is reported,
 * not an error: the database's state is still worth showing). Reading only: no lock is taken and no history table is created.
 *
 * Memory: the result owns the schema root, the history (whose rows the
 * plan points into) and its text; the connection is closed before
 * ops_status() returns.
 */
#include <string.h>

#include "ops/ops_internal.h"
#include "drivers/driver.h"
#include "util/strbuf.h"
#include "util/banned.h"

static int status_run(const struct ops_status_opts *o,
		      struct ops_status_result *out, struct sd_error *err)
{
	const char *url = o->url ? o->url : "";
	struct sd_conn *db = NULL;
	int untracked = 0, rc;

	memset(out, 0, sizeof(*out));
	out->history = (struct sd_history)SD_HISTORY_INIT;
	out->reverts = (struct sd_history)SD_HISTORY_INIT;
	strbuf_init(&out->database, 0);
	strbuf_init(&out->server, 0);
	strbuf_init(&out->example, 0);
	strbuf_init(&out->sum_error, 0);

	rc = spec_read(o->schema_root, &out->root, err);
	if (!rc && !o->no_sum_check) {
		struct ops_sum_check sc;
		struct sd_error serr = { 0 };

		if (ops_sum_check(out->root, &o->events, &sc, &serr))
			sd_error_format(&serr, &out->sum_error);
	}
	if (!rc)
		rc = ops_connect_root(url, out->root, o->schema_root, &db, err);
	if (!rc)
		rc = db->drv->server_version(db, &out->server, NULL, err);
	if (!rc)
		rc = db->drv->history_read(db, out->root->name, &out->history,
					   err);
	if (!rc)
		rc = db->drv->history_reverts_read(db, out->root->name,
						   &out->reverts, err);
	if (!rc && !out->history.nrows)
		rc = db->drv->has_user_objects(db, &untracked, &out->example,
					       err);
	if (rc)
		goto out;
	out->untracked = untracked;
	sd_history_plan_build(out->root, &out->history, &out->plan);
	sd_redact_url(url, &out->database);
out:
	if (db)
		db->drv->close(db);
	return rc;
}

int ops_status(const struct ops_status_opts *o,
	       struct ops_status_result *out, struct sd_error *err)
{
	struct sd_warn_sink saved;
	int rc;

	ops_warn_begin(&o->events, &saved);
	rc = status_run(o, out, err);
	ops_warn_end(&saved);
	return rc;
}

void ops_status_result_release(struct ops_status_result *out)
{
	sd_history_plan_release(&out->plan);
	sd_history_release(&out->history);
	sd_history_release(&out->reverts);
	spec_free(out->root);
	out->root = NULL;
	strbuf_release(&out->database);
	strbuf_release(&out->server);
	strbuf_release(&out->example);
	strbuf_release(&out->sum_error);
}
