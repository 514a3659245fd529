/*
 * ops/plan.c: a new version of a schema root that brings its latest
 * version to the desired SQL files.
 *
 * plan = diff(root @ latest, desired) -> SQL -> proof -> version directory.
 * The proof replays the new SQL on top of the history and requires the
 * result to equal the desired catalog; if it does not, nothing is written.
 * New PostgreSQL enum values go into a version of their own, written
 * first. Fully offline: no server.
 *
 * Memory: the schema root, both catalogs and the change sets are owned here
 * and released before ops_plan() returns; the result owns its strings and
 * buffers (ops_plan_result_release()).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ops/ops_internal.h"
#include "ops/requires.h"
#include "diff/diff.h"
#include "emit/emit.h"
#include "emit/pg_features.h"
#include "emit/versiondir.h"
#include "drivers/tempserver.h"
#include "parser/front/front.h"
#include "util/strbuf.h"
#include "util/fileio.h"
#include "util/banned.h"

/* Report the changes flagged destructive, for the reviewer. */
#define MAX_DESTRUCTIVE_WARNINGS 10

static size_t warn_destructive(const struct changeset *cs,
			       const struct ops_events *ev)
{
	size_t shown = 0, total = 0;

	for (size_t i = 0; i < cs->nchanges; i++)
		if (cs->changes[i].flags & CHANGE_DESTRUCTIVE)
			total++;
	for (size_t i = 0; i < cs->nchanges && shown < MAX_DESTRUCTIVE_WARNINGS; i++) {
		struct changeset one = *cs;
		struct strbuf sb = STRBUF_INIT;

		if (!(cs->changes[i].flags & CHANGE_DESTRUCTIVE))
			continue;
		one.changes = &cs->changes[i];
		one.nchanges = 1;
		changeset_describe(&one, &sb);
		strbuf_rtrim(&sb);
		ops_emit(ev, OPS_EVENT_WARNING, "destructive change: %s", sb.buf);
		strbuf_release(&sb);
		shown++;
	}
	if (total > shown)
		ops_emit(ev, OPS_EVENT_WARNING, "... and %zu more destructive changes (see the SQL)",
			 total - shown);
	return total;
}

/*
 * PostgreSQL cannot use an enum value in the transaction that adds it, and
 * migrate runs each version in one transaction: new enum values go into a
 * version of their own, before the version with everything else. Appends
 * the SQL of the enum value additions to enums and the rest to rest (each
 * statement under its hazards comment), their subsets of all to
 * enum_changes and rest_changes (shallow: they point into all's strings);
 * returns the number of enum value additions.
 */
static size_t split_enum_values(const struct changeset *cs,
				const struct ops_changes *all,
				struct strbuf *enums, struct strbuf *rest,
				struct ops_changes *enum_changes,
				struct ops_changes *rest_changes)
{
	size_t n = 0;

	enum_changes->items = calloc(all->n + 1, sizeof(*all->items));
	rest_changes->items = calloc(all->n + 1, sizeof(*all->items));
	enum_changes->n = rest_changes->n = 0;
	for (size_t i = 0; i < cs->nchanges; i++) {
		const struct change *ch = &cs->changes[i];
		bool e = ch->type == CH_ADD_ENUM_VALUE;
		struct ops_changes *to = e ? enum_changes : rest_changes;

		to->items[to->n++] = all->items[i];
		ops_changes_sql(all, i, i + 1, true, e ? enums : rest);
		n += e;
	}
	return n;
}

/* Online steps of a version: step-1.sql ... after revisions.sql. */
struct plan_steps {
	size_t n;
	char **names;		/* "step-1.sql" */
	char **sql;		/* the file's text */
};

static void plan_steps_release(struct plan_steps *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		free(ps->names[i]);
		free(ps->sql[i]);
	}
	free(ps->names);
	free(ps->sql);
	memset(ps, 0, sizeof(*ps));
}

/*
 * plan --online (PostgreSQL): the transactional part of cs, as online mode
 * rewrites it, into sql (enum value additions left out: plan puts them in
 * a version of their own), and each step after it into a file of its own,
 * described in steps_json (version.json's "steps": file, what, whether it
 * runs in a transaction, its cleanup after a failure). Returns the number
 * of steps; 0 leaves sql and ps untouched.
 */
static size_t plan_online(const struct changeset *cs,
			  const struct catalog *live, struct strbuf *sql,
			  struct plan_steps *ps, struct strbuf *steps_json)
{
	struct online_split split;
	json_t *arr;
	char *text;
	size_t n;

	online_split(cs, live, &split);
	n = split.nsteps;
	if (!n)
		goto out;
	strbuf_reset(sql);
	strbuf_addf(sql, "-- online: %zu step%s (step-1.sql ...) run after this transaction commits, each on its own (version.json \"steps\")\n",
		    n, n == 1 ? "" : "s");
	for (size_t i = 0; i < split.tx_stmts.len; i++) {
		if (split.tx_hazards.items[i])
			strbuf_addstr(sql, split.tx_hazards.items[i]);
		strbuf_addstr(sql, split.tx_stmts.items[i]);
	}
	ps->n = n;
	ps->names = calloc(n + 1, sizeof(*ps->names));
	ps->sql = calloc(n + 1, sizeof(*ps->sql));
	if (!ps->names || !ps->sql)
		abort();
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct online_step *st = &split.steps[i];
		struct strbuf name = STRBUF_INIT, body = STRBUF_INIT;
		json_t *o = json_object();

		strbuf_addf(&name, "step-%zu.sql", i + 1);
		strbuf_addf(&body, "-- %s%s\n", st->transaction ?
			    "in a transaction of its own: " :
			    "outside a transaction: ", st->what);
		if (st->hazards)
			strbuf_addstr(&body, st->hazards);
		strbuf_addstr(&body, st->sql);
		json_object_set_new(o, "file", json_string(name.buf));
		json_object_set_new(o, "transaction", json_boolean(st->transaction));
		json_object_set_new(o, "what", json_string(st->what));
		if (st->cleanup)
			json_object_set_new(o, "cleanup", json_string(st->cleanup));
		json_array_append_new(arr, o);
		ps->names[i] = strbuf_detach(&name, NULL);
		ps->sql[i] = strbuf_detach(&body, NULL);
	}
	text = json_dumps(arr, JSON_COMPACT);
	strbuf_addstr(steps_json, text);
	free(text);
	json_decref(arr);
out:
	online_split_release(&split);
	return n;
}

/* One version with revisions.sql (and its online steps, if any), its down
 * script and renames (down may be NULL) and our other optional keys
 * (extra: a JSON object's text). */
static int write_version(const struct schema_root *root, const char *version,
			 const char *sql, const struct plan_steps *ps,
			 const struct emit_version_down *down,
			 const char *extra, struct sd_error *err)
{
	size_t n = 1 + (ps ? ps->n : 0);
	struct version_file *f = calloc(n, sizeof(*f));
	int rc;

	if (!f)
		abort();
	f[0].name = "revisions.sql";
	f[0].sql = sql;
	for (size_t i = 1; i < n; i++) {
		f[i].name = ps->names[i - 1];
		f[i].sql = ps->sql[i - 1];
	}
	rc = emit_version_dir_files(root, version, f, n, down, extra, err);
	free(f);
	return rc;
}

/* The version after v: its integer part plus one ("4" -> "5",
 * "3.5" -> "4"), in decimal string arithmetic; in the timestamp scheme
 * one more digit ("20261207.153000" -> "20261207.1530001"), so that it
 * stays before the next timestamp. */
static void version_after(const char *v, enum ops_version_scheme scheme,
			  struct strbuf *out)
{
	size_t n = strcspn(v, ".");
	size_t start = out->len;
	int carry = 1;

	if (scheme == OPS_VERSION_TIMESTAMP) {
		strbuf_addstr(out, v);
		if (!v[n])
			strbuf_addch(out, '.');
		strbuf_addch(out, '1');
		return;
	}

	strbuf_add(out, v, n);
	for (size_t i = n; i-- > 0 && carry;) {
		char *d = &out->buf[start + i];
		if (*d == '9') {
			*d = '0';
		} else {
			(*d)++;
			carry = 0;
		}
	}
	if (carry) {
		strbuf_addch(out, '0');
		memmove(out->buf + start + 1, out->buf + start, n);
		out->buf[start] = '1';
	}
}

/* Check the new version's number against the root's versions. */
static int check_version(const struct schema_root *root, const char *dir,
			 const char *version, struct sd_error *err)
{
	for (size_t i = 0; i < root->nversions; i++)
		if (!spec_version_cmp(root->versions[i].version, version))
			return sd_error_set(err, SD_ERR, NULL, 0, 0,
					    "version \"%s\" already exists in %s (as \"%s\")",
					    version, dir, root->versions[i].version);
	if (root->nversions &&
	    spec_version_cmp(version, root->versions[root->nversions - 1].version) < 0)
		return sd_error_set(err, SD_ERR, NULL, 0, 0,
				    "version \"%s\" is lower than the latest version \"%s\"",
				    version, root->versions[root->nversions - 1].version);
	return 0;
}

/* The PostgreSQL version the plan writes SQL for: --target-version, else
 * schema.json's "target-version"; 0: unknown (SQL every version runs). */
static int plan_target(const struct ops_plan_opts *o,
		       const struct schema_root *root)
{
	return o->target_version ? o->target_version : root->pg_target_version;
}

/*
 * The proof on a server: the history and the new SQL run on a fresh
 * database there must give the desired catalog. With OPS_VERIFY_AUTO and
 * no server to be had, the offline proof stands and the result says why.
 * When verified, *srv (the caller's to close) stays open and *scratch
 * holds that database, for the proof of the down script (plan_verify_down).
 */
static int plan_verify(const struct ops_plan_opts *o,
		       const struct schema_root *root, struct catalog *want,
		       const struct plan_steps *ps,
		       struct ops_plan_result *out, struct ops_server *srv_out,
		       struct sd_conn **scratch, struct sd_error *err)
{
	const struct ops_events *ev = &o->events;
	enum sql_dialect d = ops_root_dialect(root);
	struct ops_server srv = { 0 };
	struct ops_script *extra;
	struct strbuf why = STRBUF_INIT, f1 = STRBUF_INIT, f2 = STRBUF_INIT;
	char **stepfiles = NULL;
	size_t n = 0;
	int rc = 0;

	if (o->verify == OPS_VERIFY_OFF)
		return 0;
	/* the server replays the whole history, ignored objects included,
	 * and reads back everything: not comparable with a filtered want */
	if (o->ignore.npatterns || o->ignore.nfiles) {
		if (o->verify == OPS_VERIFY_ON)
			return sd_error_set(err, SD_ERR_UNSUPPORTED, NULL, 0, 0,
					    "--verify with ignore rules: the proof on a server compares every object; plan without --verify (the offline proof leaves the ignored objects out on both sides)");
		out->verify_skipped = strdup("ignore rules are given");
		ops_emit(ev, OPS_EVENT_NOTE, "not verified on a server (ignore rules are given): the offline proof stands");
		return 0;
	}
	if (o->verify == OPS_VERIFY_AUTO && (!o->dev_url || !*o->dev_url) &&
	    !sd_tempserver_available(d, &why)) {
		out->verify_skipped = strbuf_detach(&why, NULL);
		ops_emit(ev, OPS_EVENT_NOTE, "not verified on a server (%s): the offline proof stands",
			 out->verify_skipped);
		return 0;
	}
	/* the steps run on their own there too: the server runs each
	 * statement by itself, outside a transaction block */
	extra = calloc(2 + ps->n, sizeof(*extra));
	stepfiles = calloc(ps->n + 1, sizeof(*stepfiles));
	if (!extra || !stepfiles)
		abort();
	if (out->enum_version) {
		strbuf_addf(&f1, "%s/%s/revisions.sql", o->schema_root,
			    out->enum_version);
		extra[n].version = out->enum_version;
		extra[n].file = f1.buf;
		extra[n++].sql = out->enum_sql.buf;
	}
	strbuf_addf(&f2, "%s/%s/revisions.sql", o->schema_root, out->version);
	extra[n].version = out->version;
	extra[n].file = f2.buf;
	extra[n++].sql = out->sql.buf;
	for (size_t i = 0; i < ps->n; i++) {
		struct strbuf f = STRBUF_INIT;

		strbuf_addf(&f, "%s/%s/%s", o->schema_root, out->version,
			    ps->names[i]);
		stepfiles[i] = strbuf_detach(&f, NULL);
		extra[n].version = out->version;
		extra[n].file = stepfiles[i];
		extra[n++].sql = ps->sql[i];
	}

	if (srv_out->conn) {
		/* opened for the views already (plan_views_on_server) */
		srv = *srv_out;
		memset(srv_out, 0, sizeof(*srv_out));
	} else {
		rc = ops_server_open(d, o->dev_url, o->server_timeout_ms, ev,
				     &srv, err);
	}
	if (!rc && plan_target(o, root)) {
		/* SQL written for a newer server than the one at hand */
		int have = 0;

		rc = srv.conn->drv->server_version(srv.conn, NULL, &have, err);
		if (!rc && have / 10000 < plan_target(o, root) / 10000) {
			struct strbuf tw = STRBUF_INIT;

			strbuf_addf(&tw, "%s is older than the target version %d",
				    srv.version.buf,
				    plan_target(o, root) / 10000);
			if (o->verify == OPS_VERIFY_ON) {
				rc = sd_error_set(err, SD_ERR_UNSUPPORTED, NULL,
						  0, 0, "--verify: %s (--dev-url can name a newer server)",
						  tw.buf);
				strbuf_release(&tw);
			} else {
				ops_emit(ev, OPS_EVENT_NOTE, "not verified on a server (%s): the offline proof stands",
					 tw.buf);
				out->verify_skipped = strbuf_detach(&tw, NULL);
			}
			ops_server_close(&srv);
			goto out_free;
		}
	}
	if (!rc)
		rc = ops_verify_replay_keep(&srv, root, NULL, extra, n, want, ev,
					    &out->unreached, scratch, err);
	if (rc) {
		ops_emit(ev, OPS_EVENT_ERROR, "the planned version failed on %s%s: nothing was written",
			 srv.version.len ? srv.version.buf : "the server",
			 srv.temp ? " (a throwaway server)" : "");
	} else {
		out->verified = true;
		out->verified_by = strdup(srv.version.buf);
		ops_emit(ev, OPS_EVENT_PROGRESS, "verified on %s%s",
			 srv.version.buf, srv.temp ? " (a throwaway server)" : "");
	}
	if (!rc && *scratch) {
		*srv_out = srv;	/* theirs now */
		memset(&srv, 0, sizeof(srv));
	} else {
		ops_server_close(&srv);
	}
out_free:
	for (size_t i = 0; i < ps->n; i++)
		free(stepfiles[i]);
	free(stepfiles);
	free(extra);
	strbuf_release(&why);
	strbuf_release(&f1);
	strbuf_release(&f2);
	return rc;
}

/*
 * MySQL views whose texts differ offline are compared as the server
 * renders them when a server is at hand (ops/view_server.c): the one plan
 * --verify uses (--dev-url, or the throwaway server), opened here and
 * left in *srv for the proof. Without one (--no-verify, no server
 * binaries, a server that fails) the offline texts stand. *cs is
 * computed again when a view turns out the same.
 */
static int plan_views_on_server(const struct ops_plan_opts *o,
				const struct schema_root *root,
				const struct catalog *current,
				struct catalog *want, struct changeset **cs,
				struct ops_server *srv, struct sd_error *err)
{
	const struct ops_events *ev = &o->events;
	struct strbuf why = STRBUF_INIT;
	struct sd_error e = { 0 };
	size_t nsame = 0;
	int rc = 0;

	if (ops_root_dialect(root) != SQL_MYSQL ||
	    o->verify == OPS_VERIFY_OFF || !ops_views_differ_offline(*cs))
		return 0;
	if ((!o->dev_url || !*o->dev_url) &&
	    !sd_tempserver_available(SQL_MYSQL, &why)) {
		ops_emit(ev, OPS_EVENT_NOTE, "views compared by their text offline (%s)",
			 why.buf);
		goto out;
	}
	if (!srv->conn &&
	    ops_server_open(SQL_MYSQL, o->dev_url, o->server_timeout_ms, ev,
			    srv, &e)) {
		ops_emit(ev, OPS_EVENT_NOTE, "views compared by their text offline (no server: %s)",
			 e.msg);
		goto out;
	}
	if (ops_views_through_server(srv->conn, current, want, *cs, ev,
				     &nsame, &e)) {
		ops_emit(ev, OPS_EVENT_NOTE, "views compared by their text offline (%s could not create them: %s)",
			 srv->version.buf, e.msg);
		goto out;
	}
	if (!nsame)
		goto out;
	ops_emit(ev, OPS_EVENT_PROGRESS, "%zu view%s written differently read%s back the same from %s",
		 nsame, nsame == 1 ? "" : "s", nsame == 1 ? "s" : "",
		 srv->version.buf);
	changeset_free(*cs);
	*cs = NULL;
	rc = diff_catalogs(current, want, cs, err);
out:
	strbuf_release(&why);
	return rc;
}

/*
 * The down script, proved on the server too: run after the version on the
 * database plan_verify() left (scratch, dropped here), it must give
 * `before` (the version it starts from) back. A down the server refuses,
 * or that does not give it back, is left out with a warning, as plan_down
 * does with one the offline proof refuses: the version then cannot be
 * undone.
 */
static void plan_verify_down(const struct ops_plan_opts *o,
			     struct ops_server *srv, struct sd_conn *scratch,
			     struct catalog *before, struct ops_plan_result *out)
{
	const struct ops_events *ev = &o->events;
	struct strbuf file = STRBUF_INIT, what = STRBUF_INIT;
	struct ops_script down = { 0 };
	struct sd_error err = { 0 };

	strbuf_addf(&file, "%s/%s/down.sql", o->schema_root, out->version);
	down.version = out->version;
	down.file = file.buf;
	down.sql = out->down_sql.buf;
	if (ops_verify_then(srv, scratch, &down, 1, before, ev, &what, &err)) {
		strbuf_rtrim(&what);
		ops_emit(ev, OPS_EVENT_WARNING, "version %s gets no down script (it cannot be undone): on %s it does not give version %s back: %s%s%s",
			 out->version, srv->version.buf,
			 out->current ? out->current : "(none)", err.msg,
			 what.len ? "\n" : "", what.buf);
		strbuf_reset(&out->down_sql);
		out->has_down = false;
		out->ndown_destructive = 0;
	} else {
		out->down_verified = true;
		ops_emit(ev, OPS_EVENT_PROGRESS, "down script of version %s verified on %s",
			 out->version, srv->version.buf);
	}
	strbuf_release(&file);
	strbuf_release(&what);
}

/*
 * The down script of the new version: diff(desired, before) where before
 * is the catalog the version starts from, proved by replaying it on
 * `after` (the history plus the new version: it must give before back).
 * A down that cannot be proved is left out, with a warning: the version
 * then cannot be undone. Changes that may lose data make it deletes-data.
 */
static void plan_down(const struct ops_plan_opts *o, struct catalog *after,
		      struct catalog *before, const struct catalog *start,
		      const char *undo_renames, const struct catalog *want,
		      struct ops_plan_result *out)
{
	const struct ops_events *ev = &o->events;
	struct changeset *cs = NULL, *left = NULL;
	struct strbuf file = STRBUF_INIT, what = STRBUF_INIT;
	struct sd_error err = { 0 };
	int rc;

	rc = diff_catalogs(want, start, &cs, &err);
	/* a type change back with no assignment cast would be written
	 * USING c::type, which the server refuses: no down (a hint in the
	 * history the version starts from converts it, as forward) */
	for (size_t i = 0; !rc && i < cs->nchanges; i++) {
		const struct change *ch = &cs->changes[i];

		if (ch->type == CH_ALTER_COLUMN_TYPE &&
		    (ch->flags & CHANGE_NO_CAST))
			rc = sd_error_set(&err, SD_ERR, NULL, 0, 0,
					  "column \"%s.%s\" cannot change type "
					  "back from %s to %s without a "
					  "conversion (there is no assignment "
					  "cast)", ch->new_obj->name,
					  ch->new_col->name, ch->old_col->type,
					  ch->new_col->type);
	}
	if (!rc) {
		emit_changeset(cs, &out->down_sql);
		strbuf_addstr(&out->down_sql, undo_renames);
		for (size_t i = 0; i < cs->nchanges; i++)
			if (cs->changes[i].flags & CHANGE_DESTRUCTIVE)
				out->ndown_destructive++;
		strbuf_addf(&file, "%s/%s/down.sql", o->schema_root,
			    out->version);
		rc = front_replay_script(after, file.buf, out->down_sql.buf, &err);
	}
	changeset_free(cs);
	cs = NULL;
	if (!rc)
		rc = diff_catalogs(after, before, &left, &err);
	if (!rc && !changeset_empty(left)) {
		changeset_describe(left, &what);
		strbuf_rtrim(&what);
		rc = sd_error_set(&err, SD_ERR_CONFLICT, NULL, 0, 0,
				  "it does not give version %s back:\n%s",
				  out->current ? out->current : "(none)", what.buf);
	}
	if (rc) {
		ops_emit(ev, OPS_EVENT_WARNING, "version %s gets no down script (it cannot be undone): %s",
			 out->version, err.msg);
		strbuf_reset(&out->down_sql);
		out->ndown_destructive = 0;
	} else {
		out->has_down = true;
		if (out->ndown_destructive)
			ops_emit(ev, OPS_EVENT_WARNING, "undoing version %s deletes data (%zu change%s in down.sql): migrating down needs --allow-destructive",
				 out->version, out->ndown_destructive,
				 out->ndown_destructive == 1 ? "" : "s");
	}
	changeset_free(left);
	strbuf_release(&file);
	strbuf_release(&what);
}

/*
 * Before planning: a root whose schemadiff.sum does not match is refused
 * (planning on it would hide the conflict), unless --rebase, where
 * ops_plan_rebase() has taken the versions that do not chain out already
 * (a conflict that is left is two lines for a version whose folder holds
 * one of them: the new version and sum supersede it).
 */
static int plan_sum_check(const struct ops_plan_opts *o,
			  const struct schema_root *root, struct sd_error *err)
{
	struct ops_sum_check sc;
	struct sd_error serr = { 0 };
	int rc = ops_sum_check(root, &o->events, &sc, &serr);

	if (rc && (!o->rebase || rc != SD_ERR_CONFLICT)) {
		*err = serr;
		if (rc == SD_ERR_CONFLICT)
			sd_error_hint(err, "schemadiff plan --rebase takes the versions that do not chain out and plans them again on top of the others");
		return rc;
	}
	if (o->rebase)
		ops_emit(&o->events, OPS_EVENT_PROGRESS, "rebase: every version of the root chains; the desired files are planned on top of %s",
			 root->nversions ? root->versions[root->nversions - 1].version : "nothing");
	return 0;
}

/* Read the root as written (in dir) and write its schemadiff.sum. */
static int plan_write_sum(const struct ops_plan_opts *o, const char *dir,
			  struct schema_root **root,
			  struct ops_plan_result *out, struct sd_error *err)
{
	int rc;

	spec_free(*root);
	*root = NULL;
	rc = spec_read(dir, root, err);
	if (!rc)
		rc = ops_sum_write(*root, err);
	if (rc) {
		ops_emit(&o->events, OPS_EVENT_ERROR, "the version was written, " OPS_SUM_FILE " was not: schemadiff validate --fix-sum writes it");
		return rc;
	}
	out->sum_written = true;
	return 0;
}

static void merge_extra(struct strbuf *json, const char *extra);

/* version.json "conversions" (our optional key): each column type change
 * that a `-- schemadiff:using` hint converts, with the hint's expression
 * (table, column, from, to, using), added to json. */
static void conversions_json(const struct changeset *cs, struct strbuf *json)
{
	json_t *arr = json_array(), *top;
	struct strbuf name = STRBUF_INIT;
	char *text;

	for (size_t i = 0; i < cs->nchanges; i++) {
		const struct change *ch = &cs->changes[i];
		json_t *o;

		if (ch->type != CH_ALTER_COLUMN_TYPE || !ch->using_expr)
			continue;
		strbuf_reset(&name);
		strbuf_addf(&name, "%s.%s", ch->new_obj->schema,
			    ch->new_obj->name);
		o = json_object();
		json_object_set_new(o, "table", json_string(name.buf));
		json_object_set_new(o, "column",
				    json_string(ch->new_col->name));
		json_object_set_new(o, "from", json_string(ch->old_col->type));
		json_object_set_new(o, "to", json_string(ch->new_col->type));
		json_object_set_new(o, "using", json_string(ch->using_expr));
		json_array_append_new(arr, o);
	}
	strbuf_release(&name);
	if (!json_array_size(arr)) {
		json_decref(arr);
		return;
	}
	top = json_object();
	json_object_set_new(top, "conversions", arr);
	text = json_dumps(top, JSON_COMPACT | JSON_PRESERVE_ORDER);
	merge_extra(json, text);
	free(text);
	json_decref(top);
}

/* extra's keys (a JSON object's text) that json lacks, added to it. */
static void merge_extra(struct strbuf *json, const char *extra)
{
	json_t *a, *b;
	char *text;

	if (!extra || !*extra)
		return;
	a = json->len ? json_loads(json->buf, 0, NULL) : json_object();
	b = json_loads(extra, 0, NULL);
	if (a && b && json_is_object(a) && json_is_object(b)) {
		json_object_update_missing(a, b);
		text = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
		strbuf_reset(json);
		strbuf_addstr(json, text);
		free(text);
	}
	json_decref(a);
	json_decref(b);
}

/* --demo-file: each file read into files[i] (named by its base name,
 * which must differ from the version's other files and each other). */
static int read_demo_files(const struct ops_plan_opts *o,
			   struct version_file *files, struct strbuf *texts,
			   struct sd_error *err)
{
	for (size_t i = 0; i < o->ndemo_files; i++) {
		const char *path = o->demo_files[i];
		const char *base = strrchr(path, '/');
		int rc;

		base = base ? base + 1 : path;
		if (!*base || !strcmp(base, "revisions.sql") ||
		    !strcmp(base, "down.sql") || !strcmp(base, "version.json") ||
		    !strncmp(base, "step-", 5))
			return sd_error_set(err, SD_ERR, path, 0, 0,
					    "demo file \"%s\": name it other than the version's own files (revisions.sql, down.sql, step-N.sql, version.json)",
					    path);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(files[j].name, base))
				return sd_error_set(err, SD_ERR, path, 0, 0,
						    "two demo files are named \"%s\"",
						    base);
		rc = sd_read_file(&texts[i], path, err);
		if (rc)
			return rc;
		files[i].name = base;
		files[i].sql = texts[i].buf;
	}
	return 0;
}

/* An empty result: every buffer ready, nothing owned yet. */
void ops_plan_result_init(struct ops_plan_result *out)
{
	memset(out, 0, sizeof(*out));
	strbuf_init(&out->sql, 0);
	strbuf_init(&out->enum_sql, 0);
	strbuf_init(&out->unreached, 0);
	strbuf_init(&out->down_sql, 0);
	strbuf_init(&out->steps_sql, 0);
	strbuf_init(&out->demo_warnings, 0);
}

int ops_plan_run(const struct ops_plan_opts *o, const struct ops_plan_input *in,
		 struct ops_plan_result *out, struct sd_error *err)
{
	const char *dir = in->dir ? in->dir : o->schema_root;
	const struct ops_events *ev = &o->events;
	struct schema_root *root = NULL;
	struct catalog *current = NULL, *want = NULL, *before = NULL;
	struct catalog *start = NULL;
	struct ops_renames ren = { 0 };
	struct emit_version_down down = { 0 };
	struct changeset *cs = NULL, *left = NULL;
	struct strbuf version = STRBUF_INIT, label = STRBUF_INIT;
	struct strbuf file = STRBUF_INIT;
	struct strbuf hz_json = STRBUF_INIT, enum_hz_json = STRBUF_INIT;
	struct ops_changes enum_changes = { 0 }, rest_changes = { 0 };
	struct plan_steps ps = { 0 };
	struct strbuf steps_json = STRBUF_INIT;
	struct ops_server srv = { 0 };	/* plan --verify's, for the down */
	struct sd_conn *scratch = NULL;
	struct sd_error ignore;
	size_t nchanges, nenum;
	bool ren_in_main;	/* the renames open the main version */
	struct version_file *demo = calloc(o->ndemo_files + 1, sizeof(*demo));
	struct strbuf *demo_text = calloc(o->ndemo_files + 1, sizeof(*demo_text));
	int rc;

	if (!demo || !demo_text)
		abort();
	for (size_t i = 0; i < o->ndemo_files; i++)
		strbuf_init(&demo_text[i], 0);

	ops_plan_result_init(out);

	rc = read_demo_files(o, demo, demo_text, err);
	if (!rc)
		rc = spec_read(dir, &root, err);
	if (rc)
		goto out;
	if (!in->staged)
		rc = plan_sum_check(o, root, err);
	if (rc)
		goto out;
	if (root->current_version && *root->current_version)
		out->current = strdup(root->current_version);
	rc = ops_load_root_for(root, NULL, plan_target(o, root), &current, err);
	if (!rc && in->want)
		want = in->want;
	else if (!rc)
		rc = ops_load_desired_for(o->desired, o->ndesired,
					  ops_root_dialect(root),
					  &current->mysql_target,
					  plan_target(o, root), &want, err);
	/* what the target lacks, before anything is written: in the
	 * desired files, and in the history that migrate will run on it */
	if (!rc)
		rc = pg_features_check(want, plan_target(o, root), err);
	if (!rc)
		rc = pg_features_check_scripts(current, 0, plan_target(o, root),
					       err);
	if (!rc)
		rc = ops_ignore_apply(&o->ignore, (struct catalog *[]){ current, want },
				      2, err);
	strbuf_addf(&file, "%s/revisions.sql", o->schema_root);
	if (!rc && in->renames_from)
		rc = ops_renames_plan_version(in->renames_from, &current, 1,
					      want, file.buf, &ren, err);
	else if (!rc)
		rc = ops_renames_plan(o->desired, o->ndesired, &current, 1,
				      want, file.buf, &ren, err);
	strbuf_reset(&file);
	if (!rc)
		rc = diff_catalogs(current, want, &cs, err);
	if (!rc)
		rc = plan_views_on_server(o, root, current, want, &cs, &srv,
					  err);
	if (!rc)
		rc = diff_check_conversions(cs, err);
	if (rc)
		goto out;
	if (changeset_empty(cs) && !ren.n) {
		out->no_changes = true;
		if (o->rebase && !in->staged && !o->dry_run)
			rc = plan_write_sum(o, dir, &root, out, err);
		goto out;
	}

	if (o->version) {
		if (!spec_version_valid(o->version)) {
			rc = sd_error_set(err, SD_ERR, NULL, 0, 0,
					  "invalid version \"%s\": a version is a number such as 4 or 1.2",
					  o->version);
			goto out;
		}
		strbuf_addstr(&version, o->version);
	} else if (o->version_scheme == OPS_VERSION_TIMESTAMP) {
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		strbuf_addf(&version, "%04d%02d%02d.%02d%02d%02d",
			    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			    tm.tm_hour, tm.tm_min, tm.tm_sec);
	} else {
		spec_next_version(root, &version);
	}
	rc = check_version(root, o->schema_root, version.buf, err);
	if (rc)
		goto out;

	nchanges = cs->nchanges;
	ops_changes_from(cs, &out->changes);
	/* the version's hazards (version.json, the notes) as its online
	 * steps will run */
	if (o->online && ops_root_dialect(root) == SQL_POSTGRES)
		online_hazards(cs, current, &out->changes);
	nenum = split_enum_values(cs, &out->changes, &out->enum_sql, &out->sql,
				  &enum_changes, &rest_changes);
	if (!nenum || nenum == nchanges) {
		/* one version holds it all */
		strbuf_reset(&out->sql);
		strbuf_reset(&out->enum_sql);
		ops_changes_sql(&out->changes, 0, nchanges, true, &out->sql);
		ops_hazards_version_json(&out->changes, 0, nchanges, NULL,
					 &hz_json);
		nenum = 0;
	} else {
		ops_hazards_version_json(&enum_changes, 0, enum_changes.n,
					 NULL, &enum_hz_json);
		ops_hazards_version_json(&rest_changes, 0, rest_changes.n,
					 NULL, &hz_json);
		version_after(version.buf, o->version_scheme, &label);
	}
	if (o->online && ops_root_dialect(root) != SQL_POSTGRES)
		ops_emit(ev, OPS_EVENT_NOTE, "--online: a MySQL/MariaDB version holds no online steps; the server chooses ALGORITHM and LOCK for each ALTER when migrate runs it (a clause written here would fail on a server or table that cannot do it)");
	if (o->online && ops_root_dialect(root) == SQL_POSTGRES &&
	    plan_online(cs, current, &out->sql, &ps, &steps_json)) {
		strbuf_reset(&hz_json);
		if (nenum)
			ops_hazards_version_json(&rest_changes, 0, rest_changes.n,
						 steps_json.buf, &hz_json);
		else
			ops_hazards_version_json(&out->changes, 0, nchanges,
						 steps_json.buf, &hz_json);
		out->nsteps = ps.n;
		for (size_t i = 0; i < ps.n; i++)
			strbuf_addf(&out->steps_sql, "-- %s\n%s", ps.names[i],
				    ps.sql[i]);
	}
	if (o->nothers &&
	    ops_requires_json(want, cs, o->others, o->nothers, &hz_json,
			      &out->requires)) {
		rc = sd_error_set(err, SD_ERR, NULL, 0, 0,
				  "cannot add \"requires\" to version.json");
		goto out;
	}
	/*
	 * With new enum values in a version of their own, the renames go
	 * into the main version, whose down reverses them; only when a type
	 * or schema is renamed do they open the enum version (whose ALTER
	 * TYPE ... ADD VALUE names the new names): that version has no down,
	 * as PostgreSQL cannot drop an enum value.
	 */
	ren_in_main = !nenum || !ren.types;
	if (ren.n && !ren_in_main)
		ops_emit(ev, OPS_EVENT_WARNING, "the renames go into version %s with the new enum values, which name the renamed type or schema: that version cannot be undone",
			 version.buf);
	out->nchanges = nchanges - nenum + ren.n;
	out->nenum = nenum;
	if (nenum) {
		out->enum_version = strdup(version.buf);
		out->version = strdup(label.buf);
	} else {
		out->version = strdup(version.buf);
	}
	rc = ops_demo_plan_check(root, cs, o->ndemo_files > 0, ev,
				 &out->demo_warnings, &out->ndemo_warnings, err);
	if (rc)
		goto out;
	out->ndestructive = warn_destructive(cs, ev);
	out->nhazards = ops_changes_report(&out->changes, ev);
	for (size_t i = 0; i < out->changes.n; i++)
		out->hazards |= out->changes.items[i].hazards;
	conversions_json(cs, &hz_json);
	/* The change set points into `current`; done with it before the
	 * proof replays the new SQL onto `current`. */
	changeset_free(cs);
	cs = NULL;

	/* Proof: history + new version(s) must give exactly the desired
	 * state. `before`: where the (main) version starts, for its down. */
	rc = ops_load_root_for(root, NULL, plan_target(o, root), &before, err);
	if (!rc)
		rc = ops_load_root_for(root, NULL, plan_target(o, root), &start,
				       err);
	if (!rc)
		rc = ops_ignore_apply(&o->ignore, (struct catalog *[]){ before, start },
				      2, err);
	if (rc)
		goto out;
	strbuf_addf(&file, "%s/%s/revisions.sql", o->schema_root,
		    ren_in_main ? out->version : out->enum_version);
	if (ren.n) {
		/* `start`: where the main version starts; `before` too when
		 * the renames go into the enum version */
		rc = front_replay_script(start, file.buf, ren.sql.buf, err);
		if (!rc && !ren_in_main)
			rc = front_replay_script(before, file.buf, ren.sql.buf, err);
	}
	strbuf_reset(&file);
	strbuf_addf(&file, "%s/%s/revisions.sql", o->schema_root,
		    nenum ? out->enum_version : out->version);
	if (!rc && nenum) {
		rc = front_replay_script(current, file.buf, out->enum_sql.buf, err);
		if (!rc)
			rc = front_replay_script(before, file.buf,
						 out->enum_sql.buf, err);
		if (!rc)
			rc = front_replay_script(start, file.buf,
						 out->enum_sql.buf, err);
	}
	strbuf_reset(&file);
	if (!rc) {
		strbuf_addf(&file, "%s/%s/revisions.sql", o->schema_root,
			    out->version);
		rc = front_replay_script(current, file.buf, out->sql.buf, err);
	}
	for (size_t i = 0; !rc && i < ps.n; i++) {
		strbuf_reset(&file);
		strbuf_addf(&file, "%s/%s/%s", o->schema_root, out->version,
			    ps.names[i]);
		rc = front_replay_script(current, file.buf, ps.sql[i], err);
	}
	if (rc) {
		ops_emit(ev, OPS_EVENT_ERROR, "the planned SQL does not replay: nothing was written");
		goto out;
	}
	rc = diff_catalogs(current, want, &left, err);
	if (rc)
		goto out;
	if (!changeset_empty(left)) {
		changeset_describe(left, &out->unreached);
		rc = sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
				  "the planned version does not reach the desired schema; nothing was written");
		goto out;
	}
	out->proved = true;
	/* the renames (already in `current`) open their version */
	if (ren.n) {
		struct strbuf *first = ren_in_main ? &out->sql : &out->enum_sql;
		struct strbuf both = STRBUF_INIT;

		strbuf_add(&both, ren.sql.buf, ren.sql.len);
		strbuf_add(&both, first->buf, first->len);
		strbuf_release(first);
		*first = both;
	}
	rc = plan_verify(o, root, want, &ps, out, &srv, &scratch, err);
	if (rc)
		goto out;
	/* after the server's proof: it adopts schemas into want */
	plan_down(o, current, before, start, ren_in_main ? ren.down_sql.buf : "",
		  want, out);
	if (scratch && out->has_down)
		plan_verify_down(o, &srv, scratch, before, out);
	else if (scratch)
		srv.conn->drv->scratch_drop(srv.conn, scratch, &ignore);
	scratch = NULL;
	ops_server_close(&srv);
	down.sql = out->has_down ? out->down_sql.buf : NULL;
	down.deletes_data = out->ndown_destructive > 0;
	down.renames = ren_in_main ? ren.json.buf : NULL;
	down.demo = demo;
	down.ndemo = o->ndemo_files;

	if (nenum)
		ops_emit(ev, OPS_EVENT_PROGRESS, "new enum values go into version %s of their own, committed before version %s uses them (PostgreSQL cannot use an enum value in the transaction that adds it)",
			 out->enum_version, out->version);
	if (o->dry_run)
		goto out;
	/* interrupted (SIGINT/SIGTERM) while planning or verifying: nothing
	 * has been written yet, and nothing will be */
	if (ops_cancel_signal()) {
		rc = sd_error_set(err, SD_ERR_CANCELLED, NULL, 0, 0,
				  "interrupted by %s: no version was written",
				  ops_signal_name());
		goto out;
	}
	merge_extra(&hz_json, in->extra);
	if (nenum) {
		struct emit_version_down first = { 0 };

		first.renames = ren_in_main ? NULL : ren.json.buf;
		rc = write_version(root, out->enum_version, out->enum_sql.buf,
				   NULL, &first, enum_hz_json.buf, err);
		if (rc)
			goto out;
		if (!in->staged)
			ops_emit(ev, OPS_EVENT_PROGRESS, "wrote version %s (%zu changes) to %s/%s",
				 out->enum_version, nenum, o->schema_root,
				 out->enum_version);
		/* the root changed on disk: read it again before the next */
		spec_free(root);
		root = NULL;
		rc = spec_read(dir, &root, err);
		if (!rc)
			rc = write_version(root, out->version, out->sql.buf,
					   &ps, &down, hz_json.buf, err);
		if (rc) {
			ops_emit(ev, OPS_EVENT_ERROR, "version %s was written, version %s was not; plan again to write it",
				 out->enum_version, out->version);
			goto out;
		}
	} else {
		rc = write_version(root, out->version, out->sql.buf, &ps,
				   &down, hz_json.buf, err);
		if (rc)
			goto out;
	}
	out->written = true;
	if (!in->staged)
		ops_emit(ev, OPS_EVENT_PROGRESS, "wrote version %s (%zu changes) to %s/%s",
			 out->version, out->nchanges, o->schema_root, out->version);
	rc = plan_write_sum(o, dir, &root, out, err);
out:
	if (scratch)
		srv.conn->drv->scratch_drop(srv.conn, scratch, &ignore);
	ops_server_close(&srv);
	changeset_free(left);
	changeset_free(cs);
	if (want != in->want)
		catalog_free(want);
	catalog_free(current);
	catalog_free(before);
	catalog_free(start);
	ops_renames_release(&ren);
	spec_free(root);
	strbuf_release(&version);
	strbuf_release(&label);
	strbuf_release(&file);
	strbuf_release(&hz_json);
	strbuf_release(&enum_hz_json);
	strbuf_release(&steps_json);
	plan_steps_release(&ps);
	for (size_t i = 0; i < o->ndemo_files; i++)
		strbuf_release(&demo_text[i]);
	free(demo_text);
	free(demo);
	free(enum_changes.items);	/* shallow: the strings are out's */
	free(rest_changes.items);
	return rc;
}

int ops_plan(const struct ops_plan_opts *o,
	     struct ops_plan_result *out, struct sd_error *err)
{
	struct sd_warn_sink saved;
	int rc;

	ops_warn_begin(&o->events, &saved);
	if (o->rebase)
		rc = ops_plan_rebase(o, out, err);
	else
		rc = ops_plan_run(o, &(struct ops_plan_input){ 0 }, out, err);
	ops_warn_end(&saved);
	return rc;
}

void ops_plan_result_release(struct ops_plan_result *out)
{
	free(out->requires);
	free(out->current);
	free(out->version);
	free(out->enum_version);
	free(out->verified_by);
	free(out->verify_skipped);
	free(out->rebased);
	free(out->rebased_as);
	out->rebased = out->rebased_as = NULL;
	out->verified_by = out->verify_skipped = NULL;
	strbuf_release(&out->sql);
	strbuf_release(&out->enum_sql);
	strbuf_release(&out->unreached);
	strbuf_release(&out->down_sql);
	strbuf_release(&out->steps_sql);
	strbuf_release(&out->demo_warnings);
	ops_changes_release(&out->changes);
	out->current = out->version = out->enum_version = NULL;
}
