/*
 * ops/apply.c: desired-state deploy. Parse the desired files (a syntax
 * error needs no server), connect, take the deploy lock, introspect, bring
 * the parsed catalog into the server's form (ops/normalize.c), diff,
 * refuse destructive changes unless allowed, and execute in one
 * transaction (ops/execute.c). Before COMMIT the database is read again
 * and must equal the desired schema; otherwise everything is rolled back.
 *
 * Memory: catalogs, the change set and the connection (with its lock
 * session) are owned here and released before ops_apply() returns; the
 * result owns its text.
 */
#include <string.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "drivers/driver.h"
#include "emit/emit.h"
#include "util/strbuf.h"
#include "util/banned.h"

struct verify_ctx {
	const struct catalog *want;
	const struct ops_events *ev;
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

	rc = ops_introspect(conn, v->ev, &now, err);
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

/* The destructive changes of cs, one description a line, into out. */
static size_t destructive(const struct changeset *cs, struct strbuf *out)
{
	size_t n = 0;

	for (size_t i = 0; i < cs->nchanges; i++) {
		struct changeset one = *cs;
		if (!(cs->changes[i].flags & CHANGE_DESTRUCTIVE))
			continue;
		one.changes = &cs->changes[i];
		one.nchanges = 1;
		changeset_describe(&one, out);
		n++;
	}
	return n;
}

static int apply_run(const struct ops_apply_opts *o,
		     struct ops_apply_result *out, struct sd_error *err)
{
	const struct ops_events *ev = &o->events;
	const char *url = o->url ? o->url : "";
	enum sql_dialect dialect = SQL_POSTGRES;
	struct sd_conn *db = NULL;
	struct catalog *live = NULL, *parsed = NULL, *want = NULL;
	struct changeset *cs = NULL;
	struct verify_ctx verify = { 0 };
	struct ops_event sql_ev = { 0 };
	double t0;
	int rc;

	memset(out, 0, sizeof(*out));
	strbuf_init(&out->sql, 0);
	strbuf_init(&out->refused, 0);

	/* Parse first: a syntax error needs no server. */
	rc = ops_url_dialect(url, &dialect, err);
	if (!rc)
		rc = ops_load_desired(o->desired, o->ndesired, NULL, dialect,
				      NULL, &parsed, err);
	if (!rc)
		rc = sd_driver_connect(url, &db, err);
	if (!rc)
		rc = ops_reload_for_session(db, o->desired, o->ndesired,
					    &parsed, err);
	if (!rc && !o->dry_run)
		rc = ops_take_lock(db, OPS_APPLY_LOCK_NAME, o->lock_timeout_ms,
				   ev, err);
	if (!rc)
		rc = ops_introspect(db, ev, &live, err);
	if (!rc)
		rc = ops_reload_for_target(live, o->desired, o->ndesired,
					   &parsed, err);
	if (rc)
		goto out;
	ops_adopt_external_schemas(parsed, live);
	rc = ops_normalize_take(db, live, &parsed, ev, &want, err);
	if (!rc)
		rc = diff_catalogs(live, want, &cs, err);
	if (rc)
		goto out;
	if (changeset_empty(cs)) {
		out->no_changes = true;
		goto out;
	}
	out->nchanges = cs->nchanges;
	emit_changeset(cs, &out->sql);
	sql_ev.kind = OPS_EVENT_SQL;
	sql_ev.message = out->sql.buf;
	ops_emit_event(ev, &sql_ev);
	if (!o->allow_destructive &&
	    (out->nrefused = destructive(cs, &out->refused))) {
		rc = sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
				  "the plan has %zu destructive change%s; nothing was changed",
				  out->nrefused, out->nrefused == 1 ? "" : "s");
		sd_error_hint(err, "review the plan with --dry-run, then pass --allow-destructive");
		goto out;
	}
	if (o->dry_run)
		goto out;
	verify.want = want;
	verify.ev = ev;
	t0 = ops_now();
	rc = ops_execute(db, cs, verify_applied, &verify, ev, err);
	if (rc) {
		if (db->drv->transactional_ddl)
			ops_emit(ev, OPS_EVENT_ERROR, "apply failed; the transaction was rolled back and nothing was changed");
		goto out;
	}
	out->duration_ms = (ops_now() - t0) * 1e3;
	out->applied = true;
out:
	changeset_free(cs);
	catalog_free(want);
	catalog_free(parsed);
	catalog_free(live);
	if (db)
		db->drv->close(db);
	return rc;
}

int ops_apply(const struct ops_apply_opts *o,
	      struct ops_apply_result *out, struct sd_error *err)
{
	struct sd_warn_sink saved;
	int rc;

	ops_warn_begin(&o->events, &saved);
	rc = apply_run(o, out, err);
	ops_warn_end(&saved);
	return rc;
}

void ops_apply_result_release(struct ops_apply_result *out)
{
	strbuf_release(&out->sql);
	strbuf_release(&out->refused);
}
