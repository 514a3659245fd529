/*
 * ops/provision.c: a fresh, empty database brought to a version of a
 * schema root straight from the catalog the root replays to (offline),
 * not by running every version: a version that created something the
 * server no longer has (an extension dropped later, an old syntax) does
 * not matter. Every version up to it is recorded as applied, so migrate
 * continues from there.
 *
 * The create script (diff(empty, catalog@V)) runs in one transaction
 * (statement by statement where DDL is not transactional) under the
 * deploy lock; the history rows are written before COMMIT.
 *
 * With demo data (o->demo) the versions run in order instead, as migrate
 * runs them (ops_migrate() with demo), each version's demo files after
 * it: demo rows of version 1 then go through version 2's own statements
 * (a backfill UPDATE, a column's default) as production rows did, which a
 * create script from the catalog would skip. From a live database
 * (o->from_url): its schema is inspected and created (diff(empty, live)),
 * the root's versions up to the one its history records are recorded,
 * and with demo, their demo data loaded (ops/demo.c).
 *
 * Memory: the root, catalogs and change set are owned here and released
 * before ops_provision() returns; the result owns its strings.
 */
#include <stdlib.h>
#include <string.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "emit/emit.h"
#include "util/strbuf.h"
#include "util/banned.h"

struct record_arg {
	const struct schema_root *root;
	size_t upto;		/* versions [0, upto) */
	long long duration_ms;
};

/* Before COMMIT: every version up to the target, as applied. */
static int record_versions(struct sd_conn *db, void *arg, struct sd_error *err)
{
	const struct record_arg *ra = arg;

	for (size_t i = 0; i < ra->upto; i++) {
		const struct spec_version *v = &ra->root->versions[i];
		struct sd_history_row row = { 0 };
		int rc;

		row.schema_name = ra->root->name;
		row.version = v->version;
		row.checksum = v->checksum;
		row.tool_version = SCHEMADIFF_VERSION;
		row.outcome = "applied";
		rc = db->drv->history_record(db, &row, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* --demo: the empty database migrated version by version, each version's
 * demo data after it. */
static int provision_demo(const struct ops_provision_opts *o,
			  const char *version, struct ops_provision_result *out,
			  struct sd_error *err)
{
	struct ops_migrate_opts mo = { 0 };
	struct ops_migrate_result mr = { 0 };
	double t0 = ops_now();
	int rc;

	mo.url = o->url;
	mo.schema_root = o->schema_root;
	mo.to = version;
	mo.lock_timeout_ms = o->lock_timeout_ms;
	mo.demo = true;
	mo.events = o->events;
	ops_emit(&o->events, OPS_EVENT_PROGRESS, "provisioning version %s with demo data: running the versions in order, each version's demo data after it",
		 version);
	rc = ops_migrate(&mo, &mr, err);
	out->nrecorded = mr.napplied;
	if (!rc) {
		out->provisioned = true;
		out->duration_ms = (ops_now() - t0) * 1000.0;
	}
	ops_migrate_result_release(&mr);
	return rc;
}

static int provision_from(const struct ops_provision_opts *o,
			  struct ops_provision_result *out,
			  struct sd_error *err);

static int provision_run(const struct ops_provision_opts *o,
			 struct ops_provision_result *out,
			 struct sd_error *err)
{
	const struct ops_events *ev = &o->events;
	struct schema_root *root = NULL;
	struct catalog *want = NULL, *empty = NULL;
	struct changeset *cs = NULL;
	struct sd_conn *db = NULL;
	struct sd_history hist = SD_HISTORY_INIT;
	const struct spec_version *target;
	struct ops_sum_check sc;
	struct record_arg ra = { 0 };
	struct strbuf example = STRBUF_INIT;
	int found = 0, locked = 0, rc;
	double t0;

	if (o->from_url)
		return provision_from(o, out, err);
	rc = spec_read(o->schema_root, &root, err);
	if (!rc)
		rc = ops_sum_check(root, ev, &sc, err);
	if (rc)
		goto out;
	if (!root->nversions) {
		rc = sd_error_set(err, SD_ERR, o->schema_root, 0, 0,
				  "the schema root has no versions: nothing to provision");
		goto out;
	}
	target = o->version ? spec_find_version(root, o->version)
			    : &root->versions[root->nversions - 1];
	if (!target) {
		rc = sd_error_set(err, SD_ERR, o->schema_root, 0, 0,
				  "version \"%s\" is not in the schema root",
				  o->version);
		goto out;
	}
	ra.root = root;
	ra.upto = (size_t)(target - root->versions) + 1;
	out->version = strdup(target->version);
	out->nrecorded = ra.upto;

	/* the catalog at the version, offline */
	rc = ops_load_root(root, target->version, &want, err);
	if (rc)
		goto out;
	empty = catalog_new(want->dialect);
	rc = diff_catalogs(empty, want, &cs, err);
	if (rc)
		goto out;
	emit_changeset(cs, &out->sql);
	out->nchanges = cs->nchanges;

	rc = ops_connect_root(o->url, root, o->schema_root, &db, err);
	if (rc)
		goto out;
	out->engine = strdup(db->drv->name);
	if (!o->dry_run) {
		rc = ops_take_lock(db, root->name, o->lock_timeout_ms, ev, err);
		if (rc)
			goto out;
		locked = 1;
		rc = db->drv->history_ensure(db, err);
		if (rc)
			goto out;
	}
	rc = db->drv->history_read(db, root->name, &hist, err);
	if (!rc && !hist.nrows)
		rc = db->drv->has_user_objects(db, &found, &example, err);
	if (rc)
		goto out;
	if (hist.nrows || found) {
		out->not_empty = true;
		if (o->only_if_empty)
			goto out;
		if (hist.nrows)
			rc = sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
					  "the database already has versions of \"%s\" (%s): provision creates a fresh database; schemadiff migrate continues this one",
					  root->name, hist.rows[hist.nrows - 1].version);
		else
			rc = sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
					  "the database is not empty (%s): provision creates a fresh database",
					  example.buf);
		goto out;
	}
	if (o->dry_run) {
		if (o->demo)
			ops_emit(ev, OPS_EVENT_NOTE, "with --demo the versions run in order, each version's demo data after it (schemadiff migrate --dry-run lists them); the SQL shown is the create script that provision runs without --demo");
		goto out;
	}
	if (o->demo) {
		/* the lock is migrate's now */
		struct sd_error ignore = { 0 };

		db->drv->unlock(db, &ignore);
		locked = 0;
		db->drv->close(db);
		db = NULL;
		rc = provision_demo(o, target->version, out, err);
		goto out;
	}
	ops_emit(ev, OPS_EVENT_PROGRESS, "provisioning version %s from the replayed catalog (%zu change%s), not by running %zu version%s",
		 target->version, cs->nchanges, cs->nchanges == 1 ? "" : "s",
		 ra.upto, ra.upto == 1 ? "" : "s");
	t0 = ops_now();
	rc = ops_execute(db, cs, record_versions, &ra, ev, err);
	if (rc) {
		ops_emit(ev, OPS_EVENT_ERROR, "provisioning version %s failed%s",
			 target->version,
			 db->drv->transactional_ddl ? ": nothing of it remains" : "");
		goto out;
	}
	out->duration_ms = (ops_now() - t0) * 1000.0;
	out->provisioned = true;
out:
	if (db) {
		if (locked) {
			struct sd_error ignore = { 0 };
			db->drv->unlock(db, &ignore);
		}
		db->drv->close(db);
	}
	sd_history_release(&hist);
	strbuf_release(&example);
	changeset_free(cs);
	catalog_free(empty);
	catalog_free(want);
	spec_free(root);
	return rc;
}

/* Record the root's versions [0, ra->upto) and, with demo, load their
 * demo data: after the schema from the live database committed. */
static int provision_from(const struct ops_provision_opts *o,
			  struct ops_provision_result *out,
			  struct sd_error *err)
{
	const struct ops_events *ev = &o->events;
	struct schema_root *root = NULL;
	struct sd_conn *src = NULL, *db = NULL;
	struct catalog *live = NULL, *empty = NULL;
	struct changeset *cs = NULL;
	struct sd_history shist = SD_HISTORY_INIT, hist = SD_HISTORY_INIT;
	const struct spec_version *target = NULL;
	struct record_arg ra = { 0 };
	struct strbuf example = STRBUF_INIT;
	struct ops_sum_check sc;
	const char *lockname = OPS_APPLY_LOCK_NAME;
	const struct sd_driver *sdrv = NULL;
	int found = 0, locked = 0, rc;
	double t0;

	if (o->schema_root) {
		rc = spec_read(o->schema_root, &root, err);
		if (!rc)
			rc = ops_sum_check(root, ev, &sc, err);
		if (rc)
			goto out;
		lockname = root->name;
	} else if (o->demo) {
		rc = sd_error_set(err, SD_ERR, NULL, 0, 0,
				  "--demo needs --schema-root: the demo data is in the schema root's versions");
		goto out;
	}
	/* the authoritative database: its schema and, for the root, the
	 * version its history records */
	rc = root ? ops_connect_root(o->from_url, root, "--from", &src, err)
		  : sd_driver_connect(o->from_url, &src, err);
	if (!rc)
		rc = ops_introspect(src, ev, &live, err);
	if (!rc && root)
		rc = src->drv->history_read(src, root->name, &shist, err);
	if (rc)
		goto out;
	for (size_t i = shist.nrows; root && i-- > 0 && !target;)
		if (!strcmp(shist.rows[i].outcome, "applied") ||
		    !strcmp(shist.rows[i].outcome, "baseline")) {
			target = spec_find_version(root, shist.rows[i].version);
			if (!target) {
				rc = sd_error_set(err, SD_ERR, o->schema_root, 0, 0,
						  "the --from database is at version %s of \"%s\", which the schema root does not have",
						  shist.rows[i].version, root->name);
				goto out;
			}
		}
	if (root && !target)
		ops_emit(ev, OPS_EVENT_WARNING, "the --from database records no version of \"%s\": no version is recorded, no demo data loaded",
			 root->name);
	sdrv = src->drv;
	src->drv->close(src);
	src = NULL;
	if (target) {
		ra.root = root;
		ra.upto = (size_t)(target - root->versions) + 1;
		out->version = strdup(target->version);
		out->nrecorded = ra.upto;
	}
	empty = catalog_new(live->dialect);
	rc = diff_catalogs(empty, live, &cs, err);
	if (rc)
		goto out;
	emit_changeset(cs, &out->sql);
	out->nchanges = cs->nchanges;

	rc = sd_driver_connect(o->url ? o->url : "", &db, err);
	if (rc)
		goto out;
	out->engine = strdup(db->drv->name);
	if (db->drv != sdrv) {
		rc = sd_error_set(err, SD_ERR_UNSUPPORTED, NULL, 0, 0,
				  "the --from database and the target are not of one engine");
		goto out;
	}
	if (!o->dry_run) {
		rc = ops_take_lock(db, lockname, o->lock_timeout_ms, ev, err);
		if (rc)
			goto out;
		locked = 1;
		if (root)
			rc = db->drv->history_ensure(db, err);
		if (rc)
			goto out;
	}
	if (root)
		rc = db->drv->history_read(db, root->name, &hist, err);
	if (!rc && !hist.nrows)
		rc = db->drv->has_user_objects(db, &found, &example, err);
	if (rc)
		goto out;
	if (hist.nrows || found) {
		out->not_empty = true;
		rc = sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
				  "the database is not empty (%s): provision creates a fresh database",
				  hist.nrows ? "it has versions" : example.buf);
		goto out;
	}
	if (o->dry_run)
		goto out;
	ops_emit(ev, OPS_EVENT_PROGRESS, "provisioning from the --from database's schema (%zu change%s)%s%s",
		 cs->nchanges, cs->nchanges == 1 ? "" : "s",
		 target ? ", recording the versions up to " : "",
		 target ? target->version : "");
	t0 = ops_now();
	rc = ops_execute(db, cs, target ? record_versions : NULL, &ra, ev, err);
	if (rc)
		goto out;
	if (target && o->demo) {
		struct ops_demo_result dr = { 0 };

		strbuf_init(&dr.loaded, 0);
		rc = ops_demo_load_upto(db, root, ra.upto, ev, &dr, err);
		out->ndemo_versions = dr.nloaded;
		out->ndemo_files = dr.nfiles;
		ops_demo_result_release(&dr);
		if (rc)
			goto out;
	}
	out->duration_ms = (ops_now() - t0) * 1000.0;
	out->provisioned = true;
out:
	if (src)
		src->drv->close(src);
	if (db) {
		if (locked) {
			struct sd_error ignore = { 0 };
			db->drv->unlock(db, &ignore);
		}
		db->drv->close(db);
	}
	sd_history_release(&shist);
	sd_history_release(&hist);
	strbuf_release(&example);
	changeset_free(cs);
	catalog_free(empty);
	catalog_free(live);
	spec_free(root);
	return rc;
}

int ops_provision(const struct ops_provision_opts *o,
		  struct ops_provision_result *out, struct sd_error *err)
{
	struct sd_warn_sink saved;
	int rc;

	memset(out, 0, sizeof(*out));
	strbuf_init(&out->sql, 0);
	ops_warn_begin(&o->events, &saved);
	rc = provision_run(o, out, err);
	ops_warn_end(&saved);
	return rc;
}

void ops_provision_result_release(struct ops_provision_result *out)
{
	free(out->version);
	free(out->engine);
	out->version = out->engine = NULL;
	strbuf_release(&out->sql);
}
