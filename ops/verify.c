/*
 * ops/verify.c: proving versions on a real server before they are
 * published (`plan --verify`, `validate --verify`).
 *
 * A server is the user's --dev-url or a throwaway server of our own
 * (drivers/tempserver.c). On it, a fresh scratch database gets the
 * history's files and the new SQL, statement by statement, as migrate
 * would run them; it is read back and compared with the expected catalog
 * created through the same server (ops_normalize). A statement the server
 * refuses is reported at its FILE:LINE:COL; a result that differs is
 * described object by object. `plan --verify` then runs the new version's
 * down script on the same database, which must give the version before
 * back (ops_verify_then).
 *
 * Memory: struct ops_server owns its connection and throwaway server
 * (ops_server_close()); catalogs and scratch databases made here are
 * released before each call returns.
 */
#include <stdlib.h>
#include <string.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "drivers/driver.h"
#include "drivers/tempserver.h"
#include "parser/front/front.h"
#include "util/fileio.h"
#include "util/sqlfiles.h"
#include "util/strbuf.h"
#include "util/banned.h"

int ops_server_open(enum sql_dialect d, const char *dev_url, long timeout_ms,
		    const struct ops_events *ev, struct ops_server *out,
		    struct sd_error *err)
{
	const char *url = dev_url;
	int rc, num = 0;

	memset(out, 0, sizeof(*out));
	strbuf_init(&out->version, 0);
	if (!dev_url || !*dev_url) {
		double t0 = ops_now();

		rc = sd_tempserver_start(d, timeout_ms, &out->temp, err);
		if (rc)
			return rc;
		url = sd_tempserver_url(out->temp);
		ops_emit(ev, OPS_EVENT_PROGRESS, "started a throwaway %s server in %.1f s",
			 d == SQL_MYSQL ? "MariaDB" : "PostgreSQL",
			 ops_now() - t0);
	} else {
		enum sql_dialect ud;

		rc = ops_url_dialect(dev_url, &ud, err);
		if (!rc && ud != d)
			rc = sd_error_set(err, SD_ERR_UNSUPPORTED, NULL, 0, 0,
					  "--dev-url names a %s server, the schema is %s",
					  ud == SQL_MYSQL ? "MySQL" : "PostgreSQL",
					  d == SQL_MYSQL ? "MySQL" : "PostgreSQL");
		if (rc)
			return rc;
	}
	rc = sd_driver_connect(url, &out->conn, err);
	if (!rc)
		rc = out->conn->drv->server_version(out->conn, &out->version,
						    &num, err);
	if (rc)
		ops_server_close(out);
	return rc;
}

void ops_server_close(struct ops_server *s)
{
	if (s->conn)
		s->conn->drv->close(s->conn);
	s->conn = NULL;
	sd_tempserver_stop(s->temp);
	s->temp = NULL;
	strbuf_release(&s->version);
}

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

/* Run one script on conn statement by statement. */
static int run_script(struct sd_conn *conn, enum sql_dialect d,
		      const char *version, const char *file, const char *sql,
		      struct sd_error *err)
{
	struct pg_script script = PG_SCRIPT_INIT;
	int rc;

	rc = front_split(d, file, sql, &script, err);
	for (size_t k = 0; !rc && k < script.nstmts; k++) {
		const struct pg_stmt *st = &script.stmts[k];
		struct sd_error e;
		int errpos = 0, line = st->line, col = st->col;

		sd_error_clear(&e);
		rc = conn->drv->exec(conn, st->sql, &errpos, &e);
		if (!rc)
			continue;
		if (errpos > 0)
			error_place(st->sql, errpos, &line, &col);
		if (version)
			sd_error_set(err, rc, file, line, col, "version %s: %s",
				     version, e.msg);
		else
			sd_error_set(err, rc, file, line, col, "%s", e.msg);
		if (e.hint[0])
			sd_error_hint(err, "%s", e.hint);
	}
	pg_script_release(&script);
	return rc;
}

/* The root's versions up to upto (NULL: all) on conn. */
static int run_history(struct sd_conn *conn, enum sql_dialect d,
		       const struct schema_root *root, const char *upto,
		       struct sd_error *err)
{
	struct strbuf file = STRBUF_INIT, text = STRBUF_INIT;
	int rc = 0;

	for (size_t i = 0; !rc && i < root->nversions; i++) {
		const struct spec_version *v = &root->versions[i];

		if (upto && spec_version_cmp(v->version, upto) > 0)
			break;
		for (size_t j = 0; !rc && j < v->nsources; j++) {
			strbuf_reset(&file);
			strbuf_reset(&text);
			strbuf_addf(&file, "%s/%s", v->dir, v->sources[j]);
			rc = sd_read_file(&text, file.buf, err);
			if (rc)
				break;
			rc = run_script(conn, d, v->version, file.buf, text.buf,
					err);
		}
	}
	strbuf_release(&file);
	strbuf_release(&text);
	return rc;
}

int ops_run_history(struct sd_conn *conn, enum sql_dialect d,
		    const struct schema_root *root, const char *upto,
		    struct sd_error *err)
{
	return run_history(conn, d, root, upto, err);
}

int ops_run_files(struct sd_conn *conn, enum sql_dialect d,
		  const char *const *paths, size_t n, struct sd_error *err)
{
	struct vec files = VEC_INIT;
	struct strbuf text = STRBUF_INIT;
	int rc;

	rc = sd_sql_files(paths, n, &files, err);
	for (size_t i = 0; !rc && i < files.len; i++) {
		strbuf_reset(&text);
		rc = sd_read_file(&text, files.items[i], err);
		if (!rc)
			rc = run_script(conn, d, NULL, files.items[i],
					text.buf, err);
	}
	for (size_t i = 0; i < files.len; i++)
		free(files.items[i]);
	vec_release(&files);
	strbuf_release(&text);
	return rc;
}

/* Read scratch back and compare it with want (normalized through srv):
 * SD_ERR_CONFLICT with what differs in unreached. */
static int compare(struct ops_server *srv, struct sd_conn *scratch,
		   struct catalog *want, const struct ops_events *ev,
		   struct strbuf *unreached, struct sd_error *err)
{
	struct catalog *got = NULL, *wantn = NULL;
	struct changeset *left = NULL;
	int rc;

	rc = ops_introspect(scratch, ev, &got, err);
	if (rc)
		goto out;
	ops_adopt_external_schemas(want, got);
	rc = ops_normalize(srv->conn, got, want, ev, &wantn, err);
	if (!rc)
		rc = diff_catalogs(got, wantn, &left, err);
	if (rc)
		goto out;
	if (!changeset_empty(left)) {
		changeset_describe(left, unreached);
		rc = sd_error_set(err, SD_ERR_CONFLICT, NULL, 0, 0,
				  "on %s the versions do not give the expected schema",
				  srv->version.buf);
	}
out:
	changeset_free(left);
	catalog_free(wantn);
	catalog_free(got);
	return rc;
}

int ops_verify_replay_keep(struct ops_server *srv,
			   const struct schema_root *root, const char *upto,
			   const struct ops_script *extra, size_t nextra,
			   struct catalog *want, const struct ops_events *ev,
			   struct strbuf *unreached, struct sd_conn **keep,
			   struct sd_error *err)
{
	struct sd_conn *conn = srv->conn, *scratch = NULL;
	const struct sd_driver *drv = conn->drv;
	enum sql_dialect d = ops_root_dialect(root);
	struct sd_error ignore;
	int rc;

	if (keep)
		*keep = NULL;
	rc = drv->scratch_create(conn, &scratch, err);
	if (rc) {
		if (rc == SD_ERR_UNSUPPORTED)
			sd_error_hint(err, "the server's role must be allowed to create databases");
		return rc;
	}
	/* MySQL: the scratch database starts with the default the desired
	 * schema states, as the target has it where the versions leave the
	 * default as it is (none states one); a version that states one
	 * sets it on the way */
	if (d == SQL_MYSQL && want->mysql_db_charset)
		rc = ops_scratch_default(scratch, want, err);
	if (!rc)
		rc = run_history(scratch, d, root, upto, err);
	for (size_t i = 0; !rc && i < nextra; i++)
		rc = run_script(scratch, d, extra[i].version, extra[i].file,
				extra[i].sql, err);
	if (!rc)
		rc = compare(srv, scratch, want, ev, unreached, err);
	if (!rc && keep) {
		*keep = scratch;
		return 0;
	}
	drv->scratch_drop(conn, scratch, &ignore);
	return rc;
}

int ops_verify_replay(struct ops_server *srv, const struct schema_root *root,
		      const char *upto, const struct ops_script *extra,
		      size_t nextra, struct catalog *want,
		      const struct ops_events *ev, struct strbuf *unreached,
		      struct sd_error *err)
{
	return ops_verify_replay_keep(srv, root, upto, extra, nextra, want, ev,
				      unreached, NULL, err);
}

int ops_verify_then(struct ops_server *srv, struct sd_conn *scratch,
		    const struct ops_script *scripts, size_t n,
		    struct catalog *want, const struct ops_events *ev,
		    struct strbuf *unreached, struct sd_error *err)
{
	struct sd_error ignore;
	int rc = 0;

	for (size_t i = 0; !rc && i < n; i++)
		rc = run_script(scratch, scratch->drv->dialect, scripts[i].version,
				scripts[i].file, scripts[i].sql, err);
	if (!rc)
		rc = compare(srv, scratch, want, ev, unreached, err);
	srv->conn->drv->scratch_drop(srv->conn, scratch, &ignore);
	return rc;
}

/* --- validate --verify ------------------------------------------------------ */

static int verify_run(const struct ops_verify_opts *o,
		      struct ops_verify_result *out, struct sd_error *err)
{
	const struct ops_events *ev = &o->events;
	struct schema_root *root = NULL;
	struct catalog *want = NULL;
	struct ops_server srv = { 0 };
	struct strbuf why = STRBUF_INIT;
	enum sql_dialect d;
	int rc;

	memset(out, 0, sizeof(*out));
	strbuf_init(&out->server, 0);
	strbuf_init(&out->skipped, 0);
	strbuf_init(&out->unreached, 0);
	strbuf_init(&srv.version, 0);
	rc = spec_read(o->schema_root, &root, err);
	if (!rc)
		rc = ops_load_root(root, o->upto, &want, err);
	if (rc)
		goto out;
	d = ops_root_dialect(root);
	if (!o->required && (!o->dev_url || !*o->dev_url) &&
	    !sd_tempserver_available(d, &why)) {
		strbuf_add(&out->skipped, why.buf, why.len);
		goto out;
	}
	rc = ops_server_open(d, o->dev_url, o->timeout_ms, ev, &srv, err);
	if (rc)
		goto out;
	strbuf_add(&out->server, srv.version.buf, srv.version.len);
	rc = ops_verify_replay(&srv, root, o->upto, NULL, 0, want, ev,
			       &out->unreached, err);
	if (!rc)
		out->verified = true;
out:
	ops_server_close(&srv);
	strbuf_release(&why);
	catalog_free(want);
	spec_free(root);
	return rc;
}

int ops_verify(const struct ops_verify_opts *o, struct ops_verify_result *out,
	       struct sd_error *err)
{
	struct sd_warn_sink saved;
	int rc;

	ops_warn_begin(&o->events, &saved);
	rc = verify_run(o, out, err);
	ops_warn_end(&saved);
	return rc;
}

void ops_verify_result_release(struct ops_verify_result *out)
{
	strbuf_release(&out->server);
	strbuf_release(&out->skipped);
	strbuf_release(&out->unreached);
}
