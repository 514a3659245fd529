/*
 * ops/replay_server.c: a history that offline replay cannot follow (a
 * version holds DO, CALL, or a SELECT of a function it defines, which may
 * make objects) is replayed on a real server instead: the user's dev
 * URL or a throwaway PostgreSQL of our own (drivers/tempserver.c). The
 * versions run there in order, statement by statement, the result is
 * read back by introspection and turned into the offline form (printed
 * as inspect prints it and parsed again), so that it compares with
 * desired files and other offline catalogs as a replayed history does.
 * Which server is used is said on the events (stderr). Desired files
 * that call a function they define (ulogd2's SELECT
 * ULOG2_ADD_FOREIGN_KEYS()) are loaded the same way, as psql runs them.
 *
 * Memory: the catalog returned belongs to the caller; the server, its
 * scratch database and the connection are gone before a call returns.
 */
#include <stdio.h>
#include <string.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "drivers/driver.h"
#include "drivers/tempserver.h"
#include "emit/emit.h"
#include "parser/pg/pg_parser.h"
#include "util/strbuf.h"
#include "util/banned.h"

/* Set by the command line for the whole run (one command per process). */
static const char *replay_dev_url;
static const struct ops_events *replay_events;

void ops_replay_server_set(const char *dev_url, const struct ops_events *ev)
{
	if (dev_url)
		replay_dev_url = dev_url;
	if (ev)
		replay_events = ev;
}

/* The live catalog as SQL (inspect's text), parsed again offline. */
static int offline_form(const struct catalog *live, struct catalog **out,
			struct sd_error *err)
{
	struct catalog *empty = catalog_new(live->dialect), *cat = NULL;
	struct changeset *cs = NULL;
	struct strbuf sql = STRBUF_INIT;
	int rc;

	rc = diff_catalogs(empty, live, &cs, err);
	if (rc)
		goto out;
	emit_changeset(cs, &sql);
	cat = catalog_new(live->dialect);
	rc = pg_load_desired_text(cat, "(the history replayed on a server)",
				  sql.buf, err);
	if (rc) {
		catalog_free(cat);
		goto out;
	}
	*out = cat;
out:
	strbuf_release(&sql);
	changeset_free(cs);
	catalog_free(empty);
	return rc;
}

int ops_replay_on_server(const struct schema_root *root, const char *upto,
			 const struct sd_error *why, struct catalog **out,
			 struct sd_error *err)
{
	const struct ops_events *ev = replay_events;
	enum sql_dialect d = ops_root_dialect(root);
	struct ops_server srv = { 0 };
	struct sd_conn *scratch = NULL;
	struct catalog *live = NULL;
	struct sd_error ignore;
	int rc;

	if (d != SQL_POSTGRES)
		return sd_error_set(err, why->code, why->file, why->line,
				    why->col, "%s", why->msg);
	rc = ops_server_open(d, replay_dev_url, 0, ev, &srv, err);
	if (rc) {
		sd_error_hint(err, "%s:%d: %s; such a history is replayed on a server: install the PostgreSQL server binaries or name one with --dev-url",
			      why->file, why->line, why->msg);
		return rc;
	}
	ops_emit(ev, OPS_EVENT_NOTE, "%s:%d: %s: replaying the history of schema \"%s\" on %s (%s)",
		 why->file, why->line, why->msg, root->name,
		 srv.temp ? "a throwaway server" : "the --dev-url server",
		 srv.version.buf);
	rc = srv.conn->drv->scratch_create(srv.conn, &scratch, err);
	if (rc)
		goto out;
	/* as migrate runs versions: bodies are checked when called */
	rc = scratch->drv->exec(scratch, "SET check_function_bodies = off",
				NULL, err);
	if (!rc)
		rc = ops_run_history(scratch, d, root, upto, err);
	if (!rc)
		rc = ops_introspect(scratch, ev, &live, err);
	srv.conn->drv->scratch_drop(srv.conn, scratch, &ignore);
	if (!rc)
		rc = offline_form(live, out, err);
out:
	catalog_free(live);
	ops_server_close(&srv);
	return rc;
}

int ops_desired_on_server(const char *const *paths, size_t n,
			  const struct sd_error *why, struct catalog **out,
			  struct sd_error *err)
{
	const struct ops_events *ev = replay_events;
	struct ops_server srv = { 0 };
	struct sd_conn *scratch = NULL;
	struct catalog *live = NULL;
	struct sd_error ignore;
	int rc;

	rc = ops_server_open(SQL_POSTGRES, replay_dev_url, 0, ev, &srv, err);
	if (rc) {
		sd_error_hint(err, "%s:%d: %s; such desired files are loaded on a server: install the PostgreSQL server binaries or name one with --dev-url",
			      why->file, why->line, why->msg);
		return rc;
	}
	ops_emit(ev, OPS_EVENT_NOTE, "%s:%d: %s: loading the desired files on %s (%s), as psql runs them",
		 why->file, why->line, why->msg,
		 srv.temp ? "a throwaway server" : "the --dev-url server",
		 srv.version.buf);
	rc = srv.conn->drv->scratch_create(srv.conn, &scratch, err);
	if (rc)
		goto out;
	rc = scratch->drv->exec(scratch, "SET check_function_bodies = off",
				NULL, err);
	if (!rc)
		rc = ops_run_files(scratch, SQL_POSTGRES, paths, n, err);
	if (!rc)
		rc = ops_introspect(scratch, ev, &live, err);
	srv.conn->drv->scratch_drop(srv.conn, scratch, &ignore);
	if (!rc)
		rc = offline_form(live, out, err);
out:
	catalog_free(live);
	ops_server_close(&srv);
	return rc;
}
