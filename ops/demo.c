/*
 * ops/demo.c: demo data (the "tiny DB" that must follow every release).
 * A version may list demo-data files (version.json's optional `demo`
 * key): inserts that bring the demo data up to that version, run after
 * its schema. This file owns
 *   - loading them: each version's demo files in one transaction together
 *     with a history row (schema_name NAME OPS_DEMO_SUFFIX, the version,
 *     the checksum of its demo files), so that they load once; a failing
 *     statement stops at its FILE:LINE:COL (the server's error position
 *     where it gives one) and its version's transaction is rolled back
 *     (MariaDB: InnoDB rows roll back too; a statement that commits
 *     implicitly, DDL, or a non-transactional table stays);
 *   - `schemadiff demo` (ops_demo): the demo data of every version up to
 *     the one the database is at, those not loaded yet;
 *   - plan's warning: a new version changes a table (columns added,
 *     dropped, retyped, NOT NULL added) that the demo files of earlier
 *     versions insert into (INSERT targets read with the parser), and
 *     brings no demo file of its own.
 * migrate --demo and provision --demo call the loader after each version.
 *
 * Memory: the result owns its strings; everything else is released before
 * a function returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "drivers/driver.h"
#include "parser/front/front.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/vec.h"
#include "util/banned.h"

/* Line and column of the 1-based character errpos within a statement
 * that starts at line:col. */
static void error_place(const char *sql, int errpos, int *line, int *col)
{
	int l = *line, c = *col;

	for (int i = 0; sql[i] && i < errpos - 1; i++) {
		if ((sql[i] & 0xc0) == 0x80)
			continue;	/* a UTF-8 continuation byte */
		if (sql[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* MariaDB/MySQL give no character position, but a syntax error says
 * "near 'TEXT' at line N" (N within the statement): the place of TEXT on
 * that line, else the line's start. */
static void mysql_error_place(const char *sql, const char *msg, int *line,
			      int *col)
{
	const char *near = strstr(msg, "near '"), *at;
	const char *p = sql;
	int n, l = *line, c = *col;

	if (!near || !(at = strstr(near + 6, "' at line ")) ||
	    sscanf(at + 10, "%d", &n) != 1 || n < 1)
		return;
	for (int i = 1; i < n && p; i++) {
		p = strchr(p, '\n');
		if (p) {
			p++;
			l++;
			c = 1;
		}
	}
	if (!p)
		return;
	*line = l;
	*col = c;
	if (at > near + 6) {
		char *snippet = strndup(near + 6, (size_t)(at - near - 6));
		const char *hit;

		if (!snippet)
			abort();
		hit = strstr(p, snippet);
		if (hit)
			error_place(p, (int)(hit - p) + 1, line, col);
		free(snippet);
	}
}

static void demo_name(const struct schema_root *root, struct strbuf *out)
{
	strbuf_addf(out, "%s%s", root->name, OPS_DEMO_SUFFIX);
}

/* Every demo file of v, read and split, before anything runs. */
static int demo_split(const struct spec_version *v, enum sql_dialect d,
		      struct pg_script *scripts, char **files,
		      struct sd_error *err)
{
	struct strbuf text = STRBUF_INIT;
	int rc = 0;

	for (size_t j = 0; !rc && j < v->ndemos; j++) {
		struct strbuf file = STRBUF_INIT;

		strbuf_addf(&file, "%s/%s", v->dir, v->demos[j]);
		files[j] = strbuf_detach(&file, NULL);
		strbuf_reset(&text);
		rc = sd_read_file(&text, files[j], err);
		if (!rc)
			rc = front_split(d, files[j], text.buf, &scripts[j], err);
	}
	strbuf_release(&text);
	return rc;
}

/* v's demo files in one transaction with their history row. */
static int load_version(struct sd_conn *db, const struct schema_root *root,
			const struct spec_version *v,
			const struct ops_events *ev, size_t *nstmts,
			struct sd_error *err)
{
	const struct sd_driver *drv = db->drv;
	struct pg_script *scripts = calloc(v->ndemos + 1, sizeof(*scripts));
	char **files = calloc(v->ndemos + 1, sizeof(*files));
	struct strbuf name = STRBUF_INIT;
	struct sd_history_row row = { 0 };
	struct sd_error ignore;
	double t0 = ops_now();
	int rc, began = 0;

	if (!scripts || !files)
		abort();
	*nstmts = 0;
	rc = demo_split(v, ops_root_dialect(root), scripts, files, err);
	if (rc)
		goto out;
	rc = drv->begin(db, err);
	if (rc)
		goto out;
	began = 1;
	for (size_t j = 0; !rc && j < v->ndemos; j++) {
		for (size_t k = 0; !rc && k < scripts[j].nstmts; k++) {
			const struct pg_stmt *st = &scripts[j].stmts[k];
			int errpos = 0, line = st->line, col = st->col;
			struct sd_error e;

			sd_error_clear(&e);
			rc = ops_may_go_on(db, &e);
			if (!rc)
				rc = drv->exec(db, st->sql, &errpos, &e);
			if (!rc) {
				(*nstmts)++;
				continue;
			}
			if (rc == SD_ERR_CANCELLED || e.code == SD_ERR_CONFLICT) {
				*err = e;
				break;
			}
			if (errpos > 0)
				error_place(st->sql, errpos, &line, &col);
			else if (!drv->transactional_ddl)
				mysql_error_place(st->sql, e.msg, &line, &col);
			sd_error_set(err, rc, files[j], line, col,
				     "demo data of version %s: %s", v->version,
				     e.msg);
			if (e.hint[0])
				sd_error_hint(err, "%s", e.hint);
		}
	}
	if (rc)
		goto out;
	demo_name(root, &name);
	row.schema_name = name.buf;
	row.version = v->version;
	row.checksum = v->demo_checksum;
	row.duration_ms = (long long)((ops_now() - t0) * 1000.0);
	row.tool_version = SCHEMADIFF_VERSION;
	row.outcome = "applied";
	rc = drv->history_record(db, &row, err);
	if (!rc)
		rc = ops_may_go_on(db, err);
	if (!rc)
		rc = drv->commit(db, err);
	if (!rc) {
		began = 0;
		ops_emit(ev, OPS_EVENT_PROGRESS, "loaded the demo data of version %s (%zu file%s, %zu statement%s)",
			 v->version, v->ndemos, v->ndemos == 1 ? "" : "s",
			 *nstmts, *nstmts == 1 ? "" : "s");
	}
out:
	if (began) {
		sd_error_clear(&ignore);
		drv->rollback(db, &ignore);
		ops_emit(ev, OPS_EVENT_ERROR, "the demo data of version %s was rolled back%s",
			 v->version, drv->transactional_ddl ? "" :
			 " (on MariaDB/MySQL, rows of transactional tables; a statement that commits by itself, such as DDL, and rows of non-transactional tables stay)");
	}
	for (size_t j = 0; j < v->ndemos; j++) {
		pg_script_release(&scripts[j]);
		free(files[j]);
	}
	free(scripts);
	free(files);
	strbuf_release(&name);
	return rc;
}

int ops_demo_load_upto(struct sd_conn *db, const struct schema_root *root,
		       size_t upto, const struct ops_events *ev,
		       struct ops_demo_result *out, struct sd_error *err)
{
	struct sd_history done = SD_HISTORY_INIT;
	struct strbuf name = STRBUF_INIT;
	int rc;

	demo_name(root, &name);
	rc = db->drv->history_read(db, name.buf, &done, err);
	for (size_t i = 0; !rc && i < upto && i < root->nversions; i++) {
		const struct spec_version *v = &root->versions[i];
		const struct sd_history_row *r;
		size_t n = 0;

		if (!v->ndemos)
			continue;
		r = sd_history_find(&done, v->version);
		if (r) {
			out->nalready++;
			if (strcmp(r->checksum, v->demo_checksum))
				ops_emit(ev, OPS_EVENT_WARNING, "the demo files of version %s changed after they were loaded into this database: not loaded again",
					 v->version);
			continue;
		}
		rc = load_version(db, root, v, ev, &n, err);
		if (rc)
			break;
		out->nloaded++;
		out->nfiles += v->ndemos;
		out->nstatements += n;
		strbuf_addf(&out->loaded, "%s%s", out->loaded.len ? ", " : "",
			    v->version);
	}
	sd_history_release(&done);
	strbuf_release(&name);
	return rc;
}

/* --- schemadiff demo --------------------------------------------------------- */

static int demo_run(const struct ops_demo_opts *o, struct ops_demo_result *out,
		    struct sd_error *err)
{
	const struct ops_events *ev = &o->events;
	struct schema_root *root = NULL;
	struct sd_conn *db = NULL;
	struct sd_history hist = SD_HISTORY_INIT;
	const struct sd_history_row *at = NULL;
	const struct spec_version *v;
	struct ops_sum_check sc;
	int locked = 0, rc;

	rc = spec_read(o->schema_root, &root, err);
	if (!rc)
		rc = ops_sum_check(root, ev, &sc, err);
	if (!rc)
		rc = ops_connect_root(o->url, root, o->schema_root, &db, err);
	if (rc)
		goto out;
	out->engine = strdup(db->drv->name);
	rc = ops_take_lock(db, root->name, o->lock_timeout_ms, ev, err);
	if (rc)
		goto out;
	locked = 1;
	rc = db->drv->history_read(db, root->name, &hist, err);
	if (rc)
		goto out;
	for (size_t i = hist.nrows; i-- > 0 && !at;)
		if (!strcmp(hist.rows[i].outcome, "applied") ||
		    !strcmp(hist.rows[i].outcome, "baseline"))
			at = &hist.rows[i];
	if (!at) {
		rc = sd_error_set(err, SD_ERR, NULL, 0, 0,
				  "the database has no version of \"%s\": demo data goes into a database at a version",
				  root->name);
		sd_error_hint(err, "schemadiff provision --demo creates one with its demo data; schemadiff migrate brings this one to a version");
		goto out;
	}
	out->at = strdup(at->version);
	v = spec_find_version(root, at->version);
	if (!v) {
		rc = sd_error_set(err, SD_ERR, o->schema_root, 0, 0,
				  "the database is at version %s, which the schema root does not have",
				  at->version);
		goto out;
	}
	rc = ops_demo_load_upto(db, root, (size_t)(v - root->versions) + 1,
				ev, out, err);
out:
	if (db) {
		if (locked) {
			struct sd_error ignore = { 0 };
			db->drv->unlock(db, &ignore);
		}
		db->drv->close(db);
	}
	sd_history_release(&hist);
	spec_free(root);
	return rc;
}

int ops_demo(const struct ops_demo_opts *o, struct ops_demo_result *out,
	     struct sd_error *err)
{
	struct sd_warn_sink saved;
	int rc;

	memset(out, 0, sizeof(*out));
	strbuf_init(&out->loaded, 0);
	ops_warn_begin(&o->events, &saved);
	rc = demo_run(o, out, err);
	ops_warn_end(&saved);
	return rc;
}

void ops_demo_result_release(struct ops_demo_result *out)
{
	free(out->at);
	free(out->engine);
	out->at = out->engine = NULL;
	strbuf_release(&out->loaded);
}

/* --- plan's warning -------------------------------------------------------- */

/* Whether a change alters what an INSERT into its table must hold. */
static bool changes_rows(const struct change *ch)
{
	switch (ch->type) {
	case CH_ADD_COLUMN:
	case CH_DROP_COLUMN:
	case CH_ALTER_COLUMN_TYPE:
		return true;
	case CH_ALTER_COLUMN_NOT_NULL:
		return ch->new_col && ch->new_col->not_null;
	case CH_MODIFY_COLUMN:
		return !ch->old_col || !ch->new_col ||
		       strcmp(ch->old_col->type, ch->new_col->type) ||
		       (ch->new_col->not_null && !ch->old_col->not_null);
	default:
		return false;
	}
}

/* A target as the demo file wrote it ("s.t", or "t" on MySQL) names the
 * table schema.name. */
static bool target_is(const char *target, const char *schema,
		      const char *name)
{
	const char *dot = strrchr(target, '.');

	if (!schema || !dot)
		return !strcmp(dot ? dot + 1 : target, name);
	return (size_t)(dot - target) == strlen(schema) &&
	       !strncmp(target, schema, strlen(schema)) &&
	       !strcmp(dot + 1, name);
}

int ops_demo_plan_check(const struct schema_root *root,
			const struct changeset *cs, bool has_demo,
			const struct ops_events *ev, struct strbuf *out,
			size_t *n, struct sd_error *err)
{
	struct vec targets = VEC_INIT, where = VEC_INIT, seen = VEC_INIT;
	struct strbuf text = STRBUF_INIT, file = STRBUF_INIT;
	struct strbuf full = STRBUF_INIT;
	enum sql_dialect d = ops_root_dialect(root);
	int rc = 0;

	*n = 0;
	if (has_demo)
		return 0;
	/* the targets of every earlier demo file, each with its file */
	for (size_t i = 0; !rc && i < root->nversions; i++) {
		const struct spec_version *v = &root->versions[i];

		for (size_t j = 0; !rc && j < v->ndemos; j++) {
			size_t from = targets.len;

			strbuf_reset(&file);
			strbuf_addf(&file, "%s/%s", v->path, v->demos[j]);
			strbuf_reset(&text);
			strbuf_addf(&full, "%s/%s", v->dir, v->demos[j]);
			rc = sd_read_file(&text, full.buf, err);
			if (!rc)
				rc = front_insert_targets(d, full.buf, text.buf,
							  &targets, err);
			strbuf_reset(&full);
			for (size_t k = from; k < targets.len; k++)
				vec_push(&where, strdup(file.buf));
		}
	}
	for (size_t i = 0; !rc && cs && i < cs->nchanges; i++) {
		const struct change *ch = &cs->changes[i];
		const struct sd_object *t = ch->new_obj ? ch->new_obj : ch->old_obj;
		struct strbuf files = STRBUF_INIT, tname = STRBUF_INIT;
		bool dup = false;

		if (!t || t->kind != SD_TABLE || !changes_rows(ch))
			continue;
		if (t->schema)
			strbuf_addf(&tname, "%s.%s", t->schema, t->name);
		else
			strbuf_addstr(&tname, t->name);
		for (size_t k = 0; k < seen.len && !dup; k++)
			dup = !strcmp(seen.items[k], tname.buf);
		for (size_t k = 0; !dup && k < targets.len; k++) {
			bool listed = false;

			if (!target_is(targets.items[k], t->schema, t->name))
				continue;
			/* each file once */
			for (size_t k2 = 0; k2 < k && !listed; k2++)
				listed = !strcmp(where.items[k2], where.items[k]) &&
					 target_is(targets.items[k2], t->schema, t->name);
			if (!listed)
				strbuf_addf(&files, "%s%s", files.len ? ", " : "",
					    (const char *)where.items[k]);
		}
		if (!dup && files.len) {
			vec_push(&seen, strbuf_detach(&tname, NULL));
			strbuf_addf(out, "%s (%s)\n", (const char *)seen.items[seen.len - 1],
				    files.buf);
			ops_emit(ev, OPS_EVENT_WARNING, "demo data: the new version changes table %s, which the demo data of earlier versions fills (%s), and has no demo file: add one (plan --demo-file FILE) so that the demo data follows the change",
				 (const char *)seen.items[seen.len - 1], files.buf);
			(*n)++;
		}
		strbuf_release(&files);
		strbuf_release(&tname);
	}
	for (size_t k = 0; k < targets.len; k++)
		free(targets.items[k]);
	for (size_t k = 0; k < where.len; k++)
		free(where.items[k]);
	for (size_t k = 0; k < seen.len; k++)
		free(seen.items[k]);
	vec_release(&targets);
	vec_release(&where);
	vec_release(&seen);
	strbuf_release(&text);
	strbuf_release(&file);
	strbuf_release(&full);
	return rc;
}
