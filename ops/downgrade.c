/*
 * ops/downgrade.c: `migrate --to V` below the database's version runs the
 * down scripts (version.json's optional `down` key) of the versions above
 * V, newest first, each in its own transaction with the removal of its
 * history row, so that a later migrate applies them again, and a row in
 * the log of reverts (schemadiff_reverts, beside the history table: when,
 * by whom, with which tool version, how long), which status shows.
 *
 * Everything is checked before anything runs: every version to undo is in
 * the schema root and has a down script, its files read and split, and a
 * down that deletes data (`down-hazards`) needs allow_destructive.
 *
 * Memory: the scripts are owned here and released before
 * ops_migrate_down() returns.
 */
#include <stdlib.h>
#include <string.h>

#include "ops/ops_internal.h"
#include "drivers/driver.h"
#include "parser/front/front.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/banned.h"

struct undo {
	const struct spec_version *v;
	const struct sd_history_row *row;	/* its version as recorded */
	struct pg_script *scripts;	/* one per down file */
	char **files;
};

static void undo_release(struct undo *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; u[i].scripts && j < u[i].v->ndowns; j++) {
			pg_script_release(&u[i].scripts[j]);
			free(u[i].files[j]);
		}
		free(u[i].scripts);
		free(u[i].files);
	}
	free(u);
}

static int undo_read(struct undo *u, enum sql_dialect d, struct sd_error *err)
{
	struct strbuf text = STRBUF_INIT;
	int rc = 0;

	u->scripts = calloc(u->v->ndowns + 1, sizeof(*u->scripts));
	u->files = calloc(u->v->ndowns + 1, sizeof(*u->files));
	if (!u->scripts || !u->files)
		abort();
	for (size_t j = 0; !rc && j < u->v->ndowns; j++) {
		struct strbuf file = STRBUF_INIT;

		strbuf_addf(&file, "%s/%s", u->v->dir, u->v->downs[j]);
		u->files[j] = strbuf_detach(&file, NULL);
		strbuf_reset(&text);
		rc = sd_read_file(&text, u->files[j], err);
		if (!rc)
			rc = front_split(d, u->files[j], text.buf,
					 &u->scripts[j], err);
	}
	strbuf_release(&text);
	return rc;
}

/* Run one version's down and forget it, in one transaction where DDL is
 * transactional. *nst gets its statements. */
static int undo_run(struct sd_conn *db, const char *schema_name,
		    const struct undo *u, size_t *nst, struct sd_error *err)
{
	const struct sd_driver *drv = db->drv;
	struct sd_history_row row = { 0 };
	struct sd_error ignore;
	double t0 = ops_now();
	int rc;

	*nst = 0;
	rc = drv->begin(db, err);
	if (rc)
		return rc;
	for (size_t j = 0; j < u->v->ndowns; j++) {
		for (size_t k = 0; k < u->scripts[j].nstmts; k++) {
			const struct pg_stmt *st = &u->scripts[j].stmts[k];
			struct sd_error e;

			sd_error_clear(&e);
			rc = drv->exec(db, st->sql, NULL, &e);
			if (!rc) {
				(*nst)++;
				continue;
			}
			sd_error_set(err, rc, u->files[j], st->line, st->col,
				     "version %s (down): %s", u->v->version,
				     e.msg);
			if (e.hint[0])
				sd_error_hint(err, "%s", e.hint);
			drv->rollback(db, &ignore);
			return rc;
		}
	}
	row.schema_name = schema_name;
	row.version = u->row->version;
	row.checksum = u->v->checksum;
	row.duration_ms = (long long)((ops_now() - t0) * 1e3);
	row.tool_version = SCHEMADIFF_VERSION;
	row.statements_done = (long long)*nst;
	rc = drv->history_revert(db, &row, err);
	if (!rc)
		rc = drv->commit(db, err);
	if (rc)
		drv->rollback(db, &ignore);
	return rc;
}

int ops_migrate_down(const struct ops_migrate_opts *o, struct sd_conn *db,
		     const struct schema_root *root,
		     const struct sd_history *hist,
		     const struct spec_version *to, const char **at,
		     size_t *nreverted, struct sd_error *err)
{
	const struct ops_events *ev = &o->events;
	enum sql_dialect d = ops_root_dialect(root);
	struct undo *u;
	size_t n = 0;
	int rc = 0;

	*nreverted = 0;
	u = calloc(hist->nrows + 1, sizeof(*u));
	if (!u)
		abort();
	/* newest first */
	for (size_t i = hist->nrows; i-- > 0;) {
		const struct sd_history_row *r = &hist->rows[i];
		const struct spec_version *v;

		if (spec_version_cmp(r->version, to->version) <= 0)
			break;
		v = spec_find_version(root, r->version);
		if (!v) {
			rc = sd_error_set(err, SD_ERR, NULL, 0, 0,
					  "version %s is recorded in the database but not in %s: cannot undo it",
					  r->version, o->schema_root);
			goto out;
		}
		if (!v->ndowns) {
			rc = sd_error_set(err, SD_ERR_UNSUPPORTED, v->dir, 0, 0,
					  "version %s has no down script (no \"down\" in its version.json): it cannot be undone",
					  v->version);
			goto out;
		}
		u[n].v = v;
		u[n].row = r;
		rc = undo_read(&u[n++], d, err);
		if (rc)
			goto out;
	}
	for (size_t i = 0; i < n && !o->allow_destructive; i++) {
		if (!u[i].v->down_deletes_data)
			continue;
		rc = sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
				  "undoing version %s deletes data (its down-hazards say deletes-data); nothing was changed",
				  u[i].v->version);
		sd_error_hint(err, "review %s/%s, then pass --allow-destructive",
			      u[i].v->dir, u[i].v->downs[0]);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		double t0 = ops_now();
		size_t nst = 0;

		if (o->dry_run) {
			ops_emit(ev, OPS_EVENT_PROGRESS, "would undo version %s",
				 u[i].v->version);
			continue;
		}
		rc = undo_run(db, root->name, &u[i], &nst, err);
		if (rc) {
			if (db->drv->transactional_ddl)
				ops_emit(ev, OPS_EVENT_ERROR, "undoing version %s failed; it was rolled back: the database is at version %s",
					 u[i].v->version, u[i].row->version);
			else
				ops_emit(ev, OPS_EVENT_ERROR, "undoing version %s failed after %zu statement%s (%s DDL is not transactional: they stay)",
					 u[i].v->version, nst, nst == 1 ? "" : "s",
					 db->drv->name);
			goto out;
		}
		(*nreverted)++;
		*at = i + 1 < n ? u[i + 1].v->version : to->version;
		ops_emit(ev, OPS_EVENT_PROGRESS, "undid version %s (%zu statement%s, %.0f ms)",
			 u[i].v->version, nst, nst == 1 ? "" : "s",
			 (ops_now() - t0) * 1e3);
	}
	if (!o->dry_run)
		ops_emit(ev, OPS_EVENT_PROGRESS, "the database is at version %s",
			 to->version);
out:
	undo_release(u, n);
	return rc;
}
