/*
 * ops/load.c: sources into catalogs, the first step of every operation.
 * A source is desired-state SQL (a file, or a folder of *.sql), a schema
 * root replayed offline up to a version (DIR or DIR@VERSION), or a live
 * database (a URL or libpq conninfo) read by introspection. ops_load()
 * reads two sources at once: the server answers on one thread while this
 * process parses on another. Also the events every operation sends
 * (ops_emit) and the small helpers that go with loading: telling a URL
 * from a path, connecting with a dialect check, reading a list file.
 *
 * Memory: catalogs and connections returned belong to the caller (the
 * result of ops_load() owns them until ops_load_result_release()).
 * Threads: ops_load() joins its thread before it returns.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ops/ops_internal.h"
#include "drivers/driver.h"
#include "parser/front/front.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/vec.h"
#include "util/banned.h"

/* --- events ----------------------------------------------------------------- */

void ops_emit_event(const struct ops_events *ev, const struct ops_event *e)
{
	if (ev && ev->on_event)
		ev->on_event(ev->ctx, e);
}

void ops_emit(const struct ops_events *ev, enum ops_event_kind kind,
	      const char *fmt, ...)
{
	struct ops_event e = { 0 };
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!ev || !ev->on_event || (kind == OPS_EVENT_STATS && !ev->stats))
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	e.kind = kind;
	e.message = sb.buf;
	ev->on_event(ev->ctx, &e);
	strbuf_release(&sb);
}

/* A warning of a stage, as OPS_EVENT_WARNING: the message reads as
 * util/error.c's default handler writes it, after "warning: ". */
static void warn_to_events(void *ctx, const char *file, int line, int col,
			   const char *msg)
{
	struct ops_event e = { 0 };
	struct strbuf sb = STRBUF_INIT;

	if (file && *file) {
		strbuf_addstr(&sb, file);
		if (line > 0)
			strbuf_addf(&sb, ":%d", line);
		if (line > 0 && col > 0)
			strbuf_addf(&sb, ":%d", col);
		strbuf_addstr(&sb, ": ");
		e.file = file;
		e.line = line;
		e.col = line > 0 ? col : 0;
	}
	strbuf_addstr(&sb, msg);
	e.kind = OPS_EVENT_WARNING;
	e.message = sb.buf;
	ops_emit_event(ctx, &e);
	strbuf_release(&sb);
}

void ops_warn_begin(const struct ops_events *ev, struct sd_warn_sink *saved)
{
	struct sd_warn_sink sink = { warn_to_events, (void *)ev };

	sd_warn_sink_swap(&sink, saved);
}

void ops_warn_end(const struct sd_warn_sink *saved)
{
	sd_warn_sink_swap(saved, NULL);
}

double ops_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* --- what a source is -------------------------------------------------------- */

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_schema_root(const char *dir)
{
	struct strbuf sb = STRBUF_INIT;
	int ok;

	strbuf_addf(&sb, "%s/schema.json", dir);
	ok = access(sb.buf, F_OK) == 0;
	strbuf_release(&sb);
	return ok;
}

int ops_is_url(const char *s)
{
	if (!strncmp(s, "postgres://", 11) || !strncmp(s, "postgresql://", 13) ||
	    !strncmp(s, "mysql://", 8) || !strncmp(s, "mariadb://", 10))
		return 1;
	/* a libpq conninfo string: keyword=value pairs */
	return strchr(s, '=') && !strchr(s, '/') ? 1 : 0;
}

int ops_source_is_root(const char *source)
{
	struct strbuf dir = STRBUF_INIT;
	const char *at = strrchr(source, '@');
	int root;

	strbuf_add(&dir, source, at && at != source ? (size_t)(at - source)
						     : strlen(source));
	root = is_dir(dir.buf) && is_schema_root(dir.buf);
	strbuf_release(&dir);
	return root;
}

int ops_url_dialect(const char *url, enum sql_dialect *out,
		    struct sd_error *err)
{
	const struct sd_driver *drv;
	int rc = sd_driver_for_url(url, &drv, err);

	if (!rc)
		*out = drv->dialect;
	return rc;
}

enum sql_dialect ops_root_dialect(const struct schema_root *root)
{
	/* spec_read() accepts only known system-types */
	return front_dialect_of(root->system_type) == SQL_MYSQL ? SQL_MYSQL
								: SQL_POSTGRES;
}

int ops_connect_root(const char *url, const struct schema_root *root,
		     const char *where, struct sd_conn **out,
		     struct sd_error *err)
{
	int rc = sd_driver_connect(url ? url : "", out, err);

	if (rc)
		return rc;
	if ((*out)->drv->dialect == ops_root_dialect(root))
		return 0;
	rc = sd_error_set(err, SD_ERR_UNSUPPORTED, where, 0, 0,
			  "the schema root is for %s, the database is %s",
			  root->system_type, (*out)->drv->name);
	(*out)->drv->close(*out);
	*out = NULL;
	return rc;
}

/* --- files and schema roots ----------------------------------------------------- */

int ops_load_root(const struct schema_root *root, const char *upto,
		  struct catalog **out, struct sd_error *err)
{
	return ops_load_root_for(root, upto, 0, out, err);
}

int ops_load_root_for(const struct schema_root *root, const char *upto,
		      int pg_version, struct catalog **out,
		      struct sd_error *err)
{
	struct catalog *cat;
	int rc;

	cat = catalog_new(ops_root_dialect(root));
	cat->pg_version = pg_version;
	rc = spec_replay(root, upto, cat, err);
	if (rc == SD_ERR_NEEDS_SERVER) {
		/* DO, CALL ...: the same history on a real server */
		struct sd_error why = *err;

		catalog_free(cat);
		cat = NULL;
		sd_error_clear(err);
		rc = ops_replay_on_server(root, upto, &why, &cat, err);
	}
	if (rc) {
		catalog_free(cat);
		return rc;
	}
	*out = cat;
	return 0;
}

static int load_desired(const char *const *paths, size_t n,
			const char *search_path, enum sql_dialect dialect,
			const struct sd_mysql_target *target, int pg_version,
			struct catalog **out, struct sd_error *err)
{
	struct catalog *cat = catalog_new(dialect);
	int rc;

	if (target)
		cat->mysql_target = *target;
	cat->pg_version = pg_version;

	for (size_t i = 0; i < n; i++) {
		if (access(paths[i], R_OK)) {
			catalog_free(cat);
			return sd_error_set(err, SD_ERR_IO, paths[i], 0, 0,
					    "cannot read: %s", strerror(errno));
		}
	}
	rc = front_load_desired(cat, paths, n, search_path, err);
	if (rc == SD_ERR_NEEDS_SERVER && dialect == SQL_POSTGRES) {
		/* a call of the files' own function: on a real server */
		struct sd_error why = *err;

		catalog_free(cat);
		cat = NULL;
		sd_error_clear(err);
		rc = ops_desired_on_server(paths, n, &why, &cat, err);
		if (!rc)
			cat->pg_version = pg_version;
	}
	if (rc) {
		catalog_free(cat);
		return rc;
	}
	*out = cat;
	return 0;
}

int ops_load_desired(const char *const *paths, size_t n,
		     const char *search_path, enum sql_dialect dialect,
		     const struct sd_mysql_target *target,
		     struct catalog **out, struct sd_error *err)
{
	return load_desired(paths, n, search_path, dialect, target, 0, out,
			    err);
}

int ops_load_desired_for(const char *const *paths, size_t n,
			 enum sql_dialect dialect,
			 const struct sd_mysql_target *target, int pg_version,
			 struct catalog **out, struct sd_error *err)
{
	return load_desired(paths, n, NULL, dialect, target, pg_version, out,
			    err);
}

int ops_reload_for_session(struct sd_conn *conn, const char *const *paths,
			   size_t n, struct catalog **cat,
			   struct sd_error *err)
{
	struct strbuf path = STRBUF_INIT;
	struct catalog *again = NULL;
	int rc, version = 0;

	if (conn->drv->dialect != SQL_POSTGRES)
		return 0;
	rc = conn->drv->search_path(conn, &path, err);
	if (!rc)
		rc = conn->drv->server_version(conn, NULL, &version, err);
	/* read again for the session's search_path, and for a server whose
	 * version changes what the SQL means (model/catalog.h pg_version) */
	if (!rc && (strcmp(path.buf, "public") || version >= 170000)) {
		rc = load_desired(paths, n, path.buf, SQL_POSTGRES, NULL,
				  version, &again, err);
		if (!rc) {
			catalog_free(*cat);
			*cat = again;
		}
	}
	strbuf_release(&path);
	return rc;
}

int ops_reload_for_target(const struct catalog *live,
			  const char *const *paths, size_t n,
			  struct catalog **cat, struct sd_error *err)
{
	struct catalog *again = NULL;
	int rc;

	if (live->dialect != SQL_MYSQL ||
	    ((*cat)->mysql_target.flavor == live->mysql_target.flavor &&
	     (*cat)->mysql_target.version == live->mysql_target.version))
		return 0;
	rc = ops_load_desired(paths, n, NULL, SQL_MYSQL, &live->mysql_target,
			      &again, err);
	if (!rc) {
		catalog_free(*cat);
		*cat = again;
	}
	return rc;
}

int ops_load_source(const char *source, enum sql_dialect dialect,
		    int pg_version, struct catalog **out,
		    struct sd_error *err)
{
	struct strbuf dir = STRBUF_INIT;
	const char *at = strrchr(source, '@');
	const char *version = NULL;
	struct schema_root *root = NULL;
	int rc;

	if (at && at != source) {
		strbuf_add(&dir, source, (size_t)(at - source));
		if (is_dir(dir.buf) && is_schema_root(dir.buf)) {
			version = at + 1;
			if (!*version)
				version = NULL;
		} else {
			strbuf_reset(&dir);
		}
	}
	if (!dir.len && is_dir(source) && is_schema_root(source))
		strbuf_addstr(&dir, source);
	if (!dir.len) {
		rc = load_desired(&source, 1, NULL, dialect, NULL, pg_version,
				  out, err);
		goto out;
	}
	rc = spec_read(dir.buf, &root, err);
	if (rc)
		goto out;
	if (version && !spec_find_version(root, version)) {
		rc = sd_error_set(err, SD_ERR, dir.buf, 0, 0,
				  "version \"%s\" is not in the version-history",
				  version);
		goto out_free_root;
	}
	rc = ops_load_root_for(root, version,
			       pg_version ? pg_version : root->pg_target_version,
			       out, err);
out_free_root:
	spec_free(root);
out:
	strbuf_release(&dir);
	return rc;
}

/* --- live databases ------------------------------------------------------------- */

int ops_introspect(struct sd_conn *conn, const struct ops_events *ev,
		   struct catalog **out, struct sd_error *err)
{
	struct catalog *cat = catalog_new(conn->drv->dialect);
	double t0 = ops_now();
	unsigned n = 0;
	int rc;

	rc = conn->drv->introspect(conn, cat, &n, err);
	if (rc) {
		catalog_free(cat);
		return rc;
	}
	/* for the benchmarks: how many catalog queries one read took */
	ops_emit(ev, OPS_EVENT_STATS, "introspection: %u queries, %zu objects, %.2f s",
		 n, catalog_count(cat), ops_now() - t0);
	*out = cat;
	return 0;
}

void ops_adopt_external_schemas(struct catalog *parsed,
				const struct catalog *live)
{
	size_t n = parsed->nall;

	for (size_t i = 0; i < n; i++) {
		const struct sd_object *o = parsed->all[i];
		const struct sd_object *ls;
		struct sd_object *s;

		if (!o->schema || catalog_find(parsed, SD_SCHEMA, NULL, o->schema))
			continue;
		ls = catalog_find(live, SD_SCHEMA, NULL, o->schema);
		if (!ls)
			continue;
		s = catalog_add(parsed, SD_SCHEMA, NULL, o->schema);
		if (s)
			s->comment = catalog_strdup(parsed, ls->comment);
	}
}

/* --- ops_load ---------------------------------------------------------------------- */

struct load_job {
	const char *source;
	enum sql_dialect dialect;
	int pg_version;
	const struct ops_events *ev;
	struct sd_conn *conn;
	struct catalog *cat;
	struct sd_error err;
	int rc;
};

/* A source that may also be a URL: then conn is its connection. */
static void load_job(struct load_job *j)
{
	if (!ops_is_url(j->source)) {
		double t0 = ops_now();

		j->rc = ops_load_source(j->source, j->dialect, j->pg_version,
					&j->cat, &j->err);
		if (!j->rc)
			ops_emit(j->ev, OPS_EVENT_STATS, "parse: %zu objects, %.2f s",
				 catalog_count(j->cat), ops_now() - t0);
		return;
	}
	if (sd_driver_connect(j->source, &j->conn, &j->err)) {
		j->rc = j->err.code ? j->err.code : SD_ERR_DB;
		return;
	}
	j->rc = ops_introspect(j->conn, j->ev, &j->cat, &j->err);
}

static void *load_job_run(void *arg)
{
	struct load_job *j = arg;
	struct sd_warn_sink saved;

	/* on its own thread, too, warnings go to the caller's events */
	ops_warn_begin(j->ev, &saved);
	load_job(j);
	ops_warn_end(&saved);
	return NULL;
}

/* Without a dialect: a database's, else a schema root's, else
 * PostgreSQL. */
static int source_dialect(const char *const *src, size_t n, int *out,
			  struct sd_error *err)
{
	struct schema_root *root;
	enum sql_dialect d;

	*out = SQL_POSTGRES;
	for (size_t i = 0; i < n; i++) {
		if (ops_is_url(src[i])) {
			if (ops_url_dialect(src[i], &d, err))
				return err->code;
			*out = d;
			return 0;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct strbuf dir = STRBUF_INIT;
		const char *at = strrchr(src[i], '@');

		if (!ops_source_is_root(src[i]))
			continue;
		strbuf_add(&dir, src[i], at && at != src[i]
				 ? (size_t)(at - src[i]) : strlen(src[i]));
		/* an unreadable root is reported when it is loaded */
		if (!spec_read(dir.buf, &root, err)) {
			*out = ops_root_dialect(root);
			spec_free(root);
		}
		sd_error_clear(err);
		strbuf_release(&dir);
		return 0;
	}
	return 0;
}

/* Without a version: the first schema root's "target-version" (0: none),
 * for every file source, so that both sides mean the same SQL. */
static int source_pg_version(const char *const *src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct strbuf dir = STRBUF_INIT;
		const char *at = strrchr(src[i], '@');
		struct schema_root *root;
		struct sd_error err = { 0 };
		int v = 0;

		if (ops_is_url(src[i]) || !ops_source_is_root(src[i]))
			continue;
		strbuf_add(&dir, src[i], at && at != src[i]
				 ? (size_t)(at - src[i]) : strlen(src[i]));
		/* an unreadable root is reported when it is loaded */
		if (!spec_read(dir.buf, &root, &err)) {
			v = root->pg_target_version;
			spec_free(root);
		}
		sd_error_clear(&err);
		strbuf_release(&dir);
		if (v)
			return v;
	}
	return 0;
}

static int load_run(const struct ops_load_opts *o,
		    struct ops_load_result *out, struct sd_error *err)
{
	struct load_job *jobs;
	pthread_t second;
	bool threaded = false;
	size_t n = o->nsources;
	int rc, dialect = o->dialect, pg_version = o->pg_version;

	memset(out, 0, sizeof(*out));
	if (n < 1 || n > 2)
		return sd_error_set(err, SD_ERR, NULL, 0, 0,
				    "ops_load takes one or two sources, not %zu", n);
	if (dialect == OPS_DIALECT_AUTO &&
	    (rc = source_dialect(o->sources, n, &dialect, err)))
		return rc;
	out->dialect = dialect;
	if (dialect == SQL_POSTGRES && !pg_version)
		pg_version = source_pg_version(o->sources, n);
	jobs = calloc(2, sizeof(*jobs));
	if (!jobs)
		abort();
	for (size_t k = 0; k < n; k++) {
		jobs[k].source = o->sources[k];
		jobs[k].dialect = (enum sql_dialect)dialect;
		jobs[k].pg_version = pg_version;
		jobs[k].ev = &o->events;
	}
	/* the server answers while this process parses */
	if (n == 2)
		threaded = !pthread_create(&second, NULL, load_job_run, &jobs[1]);
	load_job_run(&jobs[0]);
	if (threaded)
		pthread_join(second, NULL);
	else if (n == 2)
		load_job_run(&jobs[1]);
	for (size_t k = 0; k < n; k++) {
		out->conns[k] = jobs[k].conn;
		out->catalogs[k] = jobs[k].cat;
	}
	rc = jobs[0].rc ? jobs[0].rc : jobs[1].rc;
	if (rc)
		*err = jobs[0].rc ? jobs[0].err : jobs[1].err;
	free(jobs);
	return rc;
}

int ops_load(const struct ops_load_opts *o,
	     struct ops_load_result *out, struct sd_error *err)
{
	struct sd_warn_sink saved;
	int rc;

	ops_warn_begin(&o->events, &saved);
	rc = load_run(o, out, err);
	ops_warn_end(&saved);
	return rc;
}

void ops_load_result_release(struct ops_load_result *out)
{
	for (int k = 0; k < 2; k++) {
		catalog_free(out->catalogs[k]);
		if (out->conns[k])
			out->conns[k]->drv->close(out->conns[k]);
		out->catalogs[k] = NULL;
		out->conns[k] = NULL;
	}
}

/* --- list files ------------------------------------------------------------------------ */

int ops_read_lines(const char *path, struct vec *out, struct sd_error *err)
{
	struct strbuf text = STRBUF_INIT;
	char *p, *line;

	if (sd_read_file(&text, path, err)) {
		strbuf_release(&text);
		return SD_ERR_IO;
	}
	for (p = text.buf; p && *p; p = line) {
		char *nl = strchr(p, '\n'), *hash, *end;
		line = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		if ((hash = strchr(p, '#')))
			*hash = '\0';
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		end = p + strlen(p);
		while (end > p && (end[-1] == ' ' || end[-1] == '\t' ||
				   end[-1] == '\r'))
			*--end = '\0';
		if (*p)
			vec_push(out, strdup(p));
	}
	strbuf_release(&text);
	return 0;
}
