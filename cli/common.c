/*
 * cli/common.c: error printing, usage, and loading sources into catalogs.
 * Catalogs returned here belong to the caller (catalog_free).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "drivers/driver.h"
#include "parser/front/front.h"
#include "parser/pg/pg_parser.h"
#include "util/strbuf.h"
#include "util/banned.h"

int cli_report(const struct sd_error *err)
{
	struct strbuf sb = STRBUF_INIT;

	sd_error_format(err, &sb);
	fprintf(stderr, "schemadiff: error: %s\n", sb.buf);
	if (err->hint[0])
		fprintf(stderr, "hint: %s\n", err->hint);
	strbuf_release(&sb);
	return EXIT_ERROR;
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("schemadiff: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_ERROR;
}

int cli_usage(const char *usage, int misuse)
{
	fputs(usage, misuse ? stderr : stdout);
	return misuse ? EXIT_USAGE : EXIT_OK;
}

int cli_finish(int code)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "schemadiff: error: writing to standard output: %s\n",
			strerror(errno ? errno : EIO));
		return EXIT_ERROR;
	}
	return code;
}

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

int cli_load_root(const struct schema_root *root, const char *upto,
		  struct catalog **out, struct sd_error *err)
{
	struct catalog *cat;
	int rc;

	cat = catalog_new(cli_root_dialect(root));
	rc = spec_replay(root, upto, cat, err);
	if (rc) {
		catalog_free(cat);
		return rc;
	}
	*out = cat;
	return 0;
}

enum sql_dialect cli_root_dialect(const struct schema_root *root)
{
	/* spec_read() accepts only known system-types */
	return front_dialect_of(root->system_type) == SQL_MYSQL ? SQL_MYSQL
								: SQL_POSTGRES;
}

int cli_connect_root(const char *url, const struct schema_root *root,
		     const char *where, struct sd_conn **out,
		     struct sd_error *err)
{
	int rc = sd_driver_connect(url, out, err);

	if (rc)
		return rc;
	if ((*out)->drv->dialect == cli_root_dialect(root))
		return 0;
	rc = sd_error_set(err, SD_ERR_UNSUPPORTED, where, 0, 0,
			  "the schema root is for %s, the database is %s",
			  root->system_type, (*out)->drv->name);
	(*out)->drv->close(*out);
	*out = NULL;
	return rc;
}

int cli_load_desired(const char *const *paths, size_t n,
		     enum sql_dialect dialect, struct catalog **out,
		     struct sd_error *err)
{
	return cli_load_desired_path(paths, n, NULL, dialect, out, err);
}

int cli_reload_for_session(struct sd_conn *conn, const char *const *paths,
			   size_t n, struct catalog **cat,
			   struct sd_error *err)
{
	struct strbuf path = STRBUF_INIT;
	struct catalog *again = NULL;
	int rc;

	if (conn->drv->dialect != SQL_POSTGRES)
		return 0;
	rc = conn->drv->search_path(conn, &path, err);
	if (!rc && strcmp(path.buf, "public")) {
		rc = cli_load_desired_path(paths, n, path.buf, SQL_POSTGRES,
					   &again, err);
		if (!rc) {
			catalog_free(*cat);
			*cat = again;
		}
	}
	strbuf_release(&path);
	return rc;
}

int cli_source_is_root(const char *source)
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

int cli_load_desired_path(const char *const *paths, size_t n,
			  const char *search_path, enum sql_dialect dialect,
			  struct catalog **out, struct sd_error *err)
{
	struct catalog *cat = catalog_new(dialect);
	int rc;

	for (size_t i = 0; i < n; i++) {
		if (access(paths[i], R_OK)) {
			catalog_free(cat);
			return sd_error_set(err, SD_ERR_IO, paths[i], 0, 0,
					    "cannot read: %s", strerror(errno));
		}
	}
	rc = front_load_desired(cat, paths, n, search_path, err);
	if (rc) {
		catalog_free(cat);
		return rc;
	}
	*out = cat;
	return 0;
}

int cli_load_source(const char *source, enum sql_dialect dialect,
		    struct catalog **out, struct sd_error *err)
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
		rc = cli_load_desired(&source, 1, dialect, out, err);
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
	rc = cli_load_root(root, version, out, err);
out_free_root:
	spec_free(root);
out:
	strbuf_release(&dir);
	return rc;
}

long cli_parse_duration(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v < 0)
		return -2;
	if (!strcmp(end, "ms"))
		return (long)v;
	if (!strcmp(end, "s"))
		return (long)(v * 1000);
	if (!strcmp(end, "m") || !strcmp(end, "min"))
		return (long)(v * 60000);
	if (!strcmp(end, "h"))
		return (long)(v * 3600000);
	if (!*end && v == 0)
		return 0;
	return -2;
}

int cli_take_lock(struct sd_conn *db, const char *name, long timeout_ms,
		  struct sd_error *err)
{
	/* One deploy at a time: try, say that we wait, then wait. */
	if (!db->drv->lock(db, name, 0, err))
		return 0;
	if (err->code != SD_ERR_CONFLICT || timeout_ms == 0)
		return err->code;
	fprintf(stderr, "schemadiff: waiting for the lock of schema \"%s\": another schemadiff run holds it\n",
		name);
	sd_error_clear(err);
	return db->drv->lock(db, name, timeout_ms, err);
}
