/*
 * ops/apply.c: desired-state deploy. Parse the desired files (a syntax
 * error needs no server), connect, take the deploy lock, introspect, bring
 * the parsed catalog into the server's form (ops/normalize.c), plan the
 * renames the desired files declare (ops/rename.c) onto the live catalog,
 * diff,
 * size the tables the changes rewrite or scan, refuse hazards that are
 * not allowed (ops/hazards.c), and execute in one transaction
 * (ops/execute.c). Before COMMIT the database is read again and must
 * equal the desired schema; otherwise everything is rolled back. In
 * online mode (ops/online.c) the transaction holds its locks briefly and
 * the long parts run after it, each on its own; the database is read
 * again at the end.
 *
 * Memory: catalogs, the change set and the connection (with its lock
 * session) are owned here and released before ops_apply() returns; the
 * result owns its text.
 */
#include <stdlib.h>
#include <string.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "drivers/driver.h"
#include "emit/emit.h"
#include "emit/pg_features.h"
#include "util/strbuf.h"
#include "util/vec.h"
#include "util/banned.h"

struct verify_ctx {
	const struct catalog *want;
	const struct ops_events *ev;
	bool online;		/* run after the online steps: nothing to
				 * roll back */
	const struct ops_ignore *ignore;	/* left out of the read too */
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
		rc = ops_ignore_apply(v->ignore, &now, 1, err);
	if (!rc)
		rc = diff_catalogs(now, v->want, &left, err);
	if (!rc && !changeset_empty(left)) {
		changeset_describe(left, &what);
		strbuf_rtrim(&what);
		rc = sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
				  "after the plan ran, the database still differs from the desired schema%s:\n%s",
				  conn->drv->transactional_ddl && !v->online
					  ? "; rolled back"
					  : " (the statements stay applied)",
				  what.buf);
	}
	strbuf_release(&what);
	changeset_free(left);
	catalog_free(now);
	return rc;
}

/* The hazards refused by o. */
static unsigned denied(const struct ops_apply_opts *o)
{
	unsigned deny = o->deny_hazards_set ? o->deny_hazards
					    : OPS_HZ_DEFAULT_DENY;

	deny &= ~o->allow_hazards;
	if (o->allow_destructive)
		deny &= ~(OPS_HZ_DELETES_DATA | OPS_HZ_IRREVERSIBLE);
	return deny;
}

/* Online mode by itself: a change it runs differently is on a table at
 * least as big as the threshold. */
static bool online_by_size(const struct ops_apply_opts *o,
			   const struct changeset *cs,
			   const struct ops_changes *c,
			   const struct ops_events *ev)
{
	long long limit = o->online_threshold_bytes ? o->online_threshold_bytes
						    : OPS_ONLINE_THRESHOLD_BYTES;

	if (limit < 0)
		return false;
	for (size_t i = 0; i < c->n; i++)
		if (c->items[i].table_bytes >= limit &&
		    online_rewrites(cs, &cs->changes[i])) {
			ops_emit(ev, OPS_EVENT_NOTE, "online mode: %s is on %s, %lld MB, at least the --online-threshold of %lld MB",
				 c->items[i].object, c->items[i].table,
				 c->items[i].table_bytes >> 20, limit >> 20);
			return true;
		}
	return false;
}

/* MySQL goes online by itself when a change rewrites a table of at least
 * the threshold. */
static bool mysql_large(const struct ops_apply_opts *o,
			const struct ops_changes *c,
			const struct ops_events *ev)
{
	long long limit = o->online_threshold_bytes ? o->online_threshold_bytes
						    : OPS_ONLINE_THRESHOLD_BYTES;

	for (size_t i = 0; limit >= 0 && i < c->n; i++)
		if ((c->items[i].hazards & OPS_HZ_REWRITES_TABLE) &&
		    c->items[i].table_bytes >= limit) {
			ops_emit(ev, OPS_EVENT_NOTE, "online mode: %s may rewrite %s, %lld MB, at least the --online-threshold of %lld MB: ALTER TABLE runs with LOCK=NONE and a table copy is refused",
				 c->items[i].object, c->items[i].table,
				 c->items[i].table_bytes >> 20, limit >> 20);
			return true;
		}
	return false;
}

/* MySQL: may the server copy the table of this ALTER TABLE? Not one of
 * at least the threshold unless rewrites-table is allowed. */
struct copy_ctx {
	const struct ops_apply_opts *o;
	const struct ops_changes *changes;
	long long limit;
};

static int may_copy(void *arg, const char *stmt, struct sd_error *err)
{
	const struct copy_ctx *c = arg;
	struct strbuf name = STRBUF_INIT;
	const char *p = stmt + strlen("ALTER TABLE ");
	int ok = 1;

	if (c->limit < 0 || (c->o->allow_hazards & OPS_HZ_REWRITES_TABLE) ||
	    *p != '`')
		return 1;
	for (p++; *p && !(p[0] == '`' && p[1] != '`'); p++) {
		strbuf_addch(&name, *p);
		if (*p == '`')
			p++;
	}
	for (size_t i = 0; ok && i < c->changes->n; i++) {
		const struct ops_change *oc = &c->changes->items[i];
		if (!oc->table_name || strcmp(oc->table_name, name.buf) ||
		    oc->table_bytes < c->limit)
			continue;
		ok = 0;
		sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
			     "the server can change table `%s` (%lld kB, at least the --online-threshold) only by copying it, which blocks writes for the whole copy: refused; pass --allow-hazards rewrites-table to let it copy",
			     name.buf, oc->table_bytes >> 10);
	}
	strbuf_release(&name);
	return ok;
}

/* The SQL that online mode runs, for the reader. */
static void online_sql(const struct online_split *s, struct strbuf *out)
{
	for (size_t i = 0; i < s->enum_stmts.len; i++)
		strbuf_addstr(out, s->enum_stmts.items[i]);
	if (s->enum_stmts.len)
		strbuf_addstr(out, "-- (committed on their own first)\n");
	for (size_t i = 0; i < s->tx_stmts.len; i++)
		strbuf_addstr(out, s->tx_stmts.items[i]);
	if (s->nsteps)
		strbuf_addstr(out, "-- online: after COMMIT, each step on its own:\n");
	for (size_t i = 0; i < s->nsteps; i++)
		strbuf_addstr(out, s->steps[i].sql);
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
	struct online_split split = { 0 };
	struct online_opts oo = { 0 };
	struct sd_error size_err = { 0 };
	struct ops_renames ren = { 0 };
	struct strbuf first = STRBUF_INIT;	/* DO blocks, then renames */
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
	/* the ignore rules checked before connecting */
	if (!rc)
		rc = ops_ignore_apply(&o->ignore, &parsed, 1, err);
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
	if (!rc && dialect == SQL_POSTGRES) {
		/* what the server's version cannot take, before anything
		 * runs (emit/pg_features.c) */
		int server_version = 0;
		rc = db->drv->server_version(db, NULL, &server_version, err);
		if (!rc)
			rc = pg_features_check(parsed, server_version, err);
	}
	/* ignored objects: on neither side (the files were read again) */
	if (!rc)
		rc = ops_ignore_apply(&o->ignore, (struct catalog *[]){ live, parsed },
				      2, err);
	if (rc)
		goto out;
	ops_adopt_external_schemas(parsed, live);
	/* the desired files' DO blocks run first (never diffed) */
	if (parsed->pre_sql)
		strbuf_addstr(&first, parsed->pre_sql);
	rc = ops_normalize_take(db, live, &parsed, ev, &want, err);
	if (!rc)
		rc = ops_ignore_apply(&o->ignore, &want, 1, err);
	/* renamed-from hints: `live` is seen under the new names from now
	 * on; the renames run first (ops_exec_opts.pre_sql) */
	if (!rc)
		rc = ops_renames_plan(o->desired, o->ndesired, &live, 1, want,
				      "(renames)", &ren, err);
	if (!rc)
		rc = diff_catalogs(live, want, &cs, err);
	if (!rc)
		rc = diff_check_conversions(cs, err);
	if (rc)
		goto out;
	if (ren.n)
		strbuf_addstr(&first, ren.sql.buf);
	if (changeset_empty(cs) && !ren.n) {
		out->no_changes = true;
		goto out;
	}
	out->nchanges = cs->nchanges + ren.n;
	ops_changes_from(cs, &out->changes);
	if (ops_changes_sizes(db, &out->changes, &size_err))
		ops_emit(ev, OPS_EVENT_WARNING, "could not read table sizes: %s",
			 size_err.msg);
	if (dialect == SQL_POSTGRES)
		out->online = o->online ||
			      online_by_size(o, cs, &out->changes, ev);
	else
		out->online = o->online || mysql_large(o, &out->changes, ev);
	if (out->online && dialect == SQL_POSTGRES) {
		online_split(cs, live, &split);
		if (first.len) {
			/* the renames open the transaction */
			struct vec tx = VEC_INIT;

			vec_push(&tx, strdup(first.buf));
			for (size_t i = 0; i < split.tx_stmts.len; i++)
				vec_push(&tx, split.tx_stmts.items[i]);
			vec_release(&split.tx_stmts);
			split.tx_stmts = tx;
			/* tx_hazards stays one per statement */
			tx = (struct vec)VEC_INIT;
			vec_push(&tx, NULL);
			for (size_t i = 0; i < split.tx_hazards.len; i++)
				vec_push(&tx, split.tx_hazards.items[i]);
			vec_release(&split.tx_hazards);
			split.tx_hazards = tx;
		}
		online_hazards(cs, live, &out->changes);
		out->nsteps = split.nsteps;
		online_sql(&split, &out->sql);
	} else {
		strbuf_addstr(&out->sql, first.buf);
		ops_changes_sql(&out->changes, 0, out->changes.n, true,
				&out->sql);
	}
	sql_ev.kind = OPS_EVENT_SQL;
	sql_ev.message = out->sql.buf;
	ops_emit_event(ev, &sql_ev);
	ops_changes_report(&out->changes, ev);
	out->nrefused = ops_changes_refused(&out->changes, denied(o),
					    &out->refused);
	if (out->nrefused && o->dry_run) {
		ops_emit(ev, OPS_EVENT_NOTE, "without --dry-run, %zu change%s would be refused for hazards not allowed:\n%.*s",
			 out->nrefused, out->nrefused == 1 ? "" : "s",
			 (int)out->refused.len - 1, out->refused.buf);
	} else if (out->nrefused) {
		unsigned bad = 0;
		struct strbuf names = STRBUF_INIT;

		for (size_t i = 0; i < out->changes.n; i++)
			bad |= out->changes.items[i].hazards & denied(o);
		ops_hazard_format(bad, &names);
		rc = sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
				  "the plan has %zu change%s with hazards not allowed (%s); nothing was changed",
				  out->nrefused, out->nrefused == 1 ? "" : "s",
				  names.buf);
		if (bad & ~(OPS_HZ_DELETES_DATA | OPS_HZ_IRREVERSIBLE))
			sd_error_hint(err, "review the plan with --dry-run, then pass --allow-hazards %s%s",
				      names.buf, dialect == SQL_POSTGRES && !out->online ? ", or try --online" : "");
		else
			sd_error_hint(err, "review the plan with --dry-run, then pass --allow-destructive");
		strbuf_release(&names);
		goto out;
	}
	if (o->dry_run)
		goto out;
	verify.want = want;
	verify.ev = ev;
	verify.ignore = &o->ignore;
	t0 = ops_now();
	if (out->online && dialect == SQL_POSTGRES) {
		verify.online = true;
		online_opts_init(&oo, o->ddl_lock_timeout_ms,
				 o->statement_timeout_ms, o->ddl_lock_retries);
		ops_emit(ev, OPS_EVENT_PROGRESS, "online mode: %zu statement%s in the transaction (lock_timeout %ld ms, with retries), then %zu step%s outside it",
			 split.tx_stmts.len, split.tx_stmts.len == 1 ? "" : "s",
			 oo.lock_timeout_ms, split.nsteps,
			 split.nsteps == 1 ? "" : "s");
		rc = online_execute(db, &split, &oo, ev, err);
		if (!rc)
			rc = verify_applied(db, &verify, err);
		if (rc)
			goto out;
	} else {
		struct copy_ctx cc = { o, &out->changes, 0 };
		struct ops_exec_opts xo = { out->online, may_copy, &cc,
					    first.len ? first.buf : NULL };

		cc.limit = o->online_threshold_bytes ? o->online_threshold_bytes
						     : OPS_ONLINE_THRESHOLD_BYTES;
		if (!out->online)
			xo.may_copy = NULL;
		rc = ops_execute_ex(db, cs, verify_applied, &verify, ev, &xo,
				    err);
		if (rc) {
			if (db->drv->transactional_ddl)
				ops_emit(ev, OPS_EVENT_ERROR, "apply failed; the transaction was rolled back and nothing was changed");
			goto out;
		}
	}
	out->duration_ms = (ops_now() - t0) * 1e3;
	out->applied = true;
out:
	strbuf_release(&first);
	ops_renames_release(&ren);
	online_split_release(&split);
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
	ops_changes_release(&out->changes);
}
