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

/* What load_on_server() runs: a root's history up to upto, or files. */
struct server_src {
	const struct schema_root *root;
	const char *upto;
	const char *const *paths;
	size_t npaths;
};

/*
 * src run on the --dev-url server or a throwaway one, in a scratch
 * database, read back in the offline form (*out), after offline loading
 * stopped with why. The note on the events says "<why>: <doing> on <the
 * server> (<version>)<how>"; without a server the hint names kind.
 */
static int load_on_server(const struct server_src *src,
			  const struct sd_error *why, const char *kind,
			  const char *doing, const char *how,
			  struct catalog **out, struct sd_error *err)
{
	const struct ops_events *ev = replay_events;
	struct ops_server srv = { 0 };
	struct sd_conn *scratch = NULL;
	struct catalog *live = NULL;
	struct sd_error ignore;
	int rc;

	rc = ops_server_open(SQL_POSTGRES, replay_dev_url, 0, ev, &srv, err);
	if (rc) {
		sd_error_hint(err, "%s:%d: %s; %s on a server: install the PostgreSQL server binaries or name one with --dev-url",
			      why->file, why->line, why->msg, kind);
		return rc;
	}
	ops_emit(ev, OPS_EVENT_NOTE, "%s:%d: %s: %s on %s (%s)%s",
		 why->file, why->line, why->msg, doing,
		 srv.temp ? "a throwaway server" : "the --dev-url server",
		 srv.version.buf, how);
	rc = srv.conn->drv->scratch_create(srv.conn, &scratch, err);
	if (rc)
		goto out;
	/* as migrate runs versions: bodies are checked when called */
	rc = scratch->drv->exec(scratch, "SET check_function_bodies = off",
				NULL, err);
	if (!rc)
		rc = src->root ?
		     ops_run_history(scratch, SQL_POSTGRES, src->root,
				     src->upto, err) :
		     ops_run_files(scratch, SQL_POSTGRES, src->paths,
				   src->npaths, err);
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

int ops_replay_on_server(const struct schema_root *root, const char *upto,
			 const struct sd_error *why, struct catalog **out,
			 struct sd_error *err)
{
	struct server_src src = { .root = root, .upto = upto };
	struct strbuf doing = STRBUF_INIT;
	int rc;

	if (ops_root_dialect(root) != SQL_POSTGRES)
		return sd_error_set(err, why->code, why->file, why->line,
				    why->col, "%s", why->msg);
	strbuf_addf(&doing, "replaying the history of schema \"%s\"",
		    root->name);
	rc = load_on_server(&src, why, "such a history is replayed",
			    doing.buf, "", out, err);
	strbuf_release(&doing);
	return rc;
}

int ops_desired_on_server(const char *const *paths, size_t n,
			  const struct sd_error *why, struct catalog **out,
			  struct sd_error *err)
{
	struct server_src src = { .paths = paths, .npaths = n };

	return load_on_server(&src, why, "such desired files are loaded",
			      "loading the desired files", ", as psql runs them",
			      out, err);
}
