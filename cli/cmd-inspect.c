/*
 * cli/cmd-inspect.c: `schemadiff inspect` writes a live database's schema
 * as declarative SQL that plan and apply accept: the create script of
 * diff(empty, live). On standard output, or with --out DIR one file per
 * schema, written into a temporary folder and renamed into place.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include "cli/cli.h"
#include "diff/diff.h"
#include "drivers/driver.h"
#include "emit/emit.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/vec.h"
#include "util/banned.h"

static const char inspect_usage[] =
	"usage: schemadiff inspect --url URL [--out DIR]\n"
	"\n"
	"Print the schema of a live database as declarative SQL (CREATE\n"
	"statements that plan and apply accept), or write it to DIR, one file\n"
	"per schema.\n"
	"\n"
	"  --url URL    the database: postgres:// URL or libpq conninfo\n"
	"  --out DIR    write DIR/<schema>.sql files; DIR must not exist or be empty\n"
	"  -h, --help   show this help\n"
	"\n"
	"Exit: 0 done, 2 error, 129 usage.\n";

/* The schema a change belongs to in --out mode. */
static const char *change_schema(const struct change *ch)
{
	const struct sd_object *o = ch->new_obj;

	if (o->kind == SD_SCHEMA)
		return o->name;
	if (o->schema)
		return o->schema;
	if (o->kind == SD_DEFAULT_ACL)
		return "default_privileges";	/* global ones */
	return "extensions";
}

/* A file name for a schema: safe characters only. */
static void file_name(struct strbuf *out, const char *schema)
{
	for (const char *p = schema; *p; p++) {
		char ch = *p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '_' || ch == '-')
			strbuf_addch(out, ch);
		else
			strbuf_addf(out, "%%%02X", (unsigned char)ch);
	}
	strbuf_addstr(out, ".sql");
}

static int dir_is_empty_or_missing(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return errno == ENOENT;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = 0;
			break;
		}
	}
	closedir(d);
	return empty;
}

static void remove_tree_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct strbuf p = STRBUF_INIT;

	if (d) {
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			strbuf_reset(&p);
			strbuf_addf(&p, "%s/%s", dir, e->d_name);
			unlink(p.buf);
		}
		closedir(d);
	}
	rmdir(dir);
	strbuf_release(&p);
}

/* Write one file per schema into a temporary folder, then rename it to
 * dir (an empty dir is replaced; a non-empty one refused before). */
static int write_out(const char *dir, const struct changeset *cs)
{
	struct strmap files = STRMAP_INIT;
	struct vec order = VEC_INIT;
	struct strbuf tmp = STRBUF_INIT, path = STRBUF_INIT;
	int rc = EXIT_ERROR;

	for (size_t i = 0; i < cs->nchanges; i++) {
		const char *schema = change_schema(&cs->changes[i]);
		struct strbuf *sb = strmap_get(&files, schema);
		if (!sb) {
			sb = calloc(1, sizeof(*sb));
			if (!sb)
				abort();
			strbuf_init(sb, 0);
			strmap_put(&files, schema, sb);
			vec_push(&order, (void *)schema);
		}
		emit_change(cs, &cs->changes[i], sb);
	}
	strbuf_addf(&tmp, "%s.tmp-%ld", dir, (long)getpid());
	if (mkdir(tmp.buf, 0777)) {
		rc = cli_error("%s: cannot create: %s", tmp.buf, strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < order.len; i++) {
		struct strbuf *sb = strmap_get(&files, order.items[i]);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/", tmp.buf);
		file_name(&path, order.items[i]);
		if (file_write_new(path.buf, sb->buf, sb->len)) {
			rc = cli_error("%s: cannot write: %s", path.buf,
				       strerror(errno));
			remove_tree_files(tmp.buf);
			goto out;
		}
	}
	rmdir(dir);	/* an empty one; rename() refuses a non-empty one */
	if (rename(tmp.buf, dir)) {
		rc = cli_error("%s: cannot rename into place: %s", dir,
			       strerror(errno));
		remove_tree_files(tmp.buf);
		goto out;
	}
	fprintf(stderr, "schemadiff: wrote %zu file%s to %s\n", order.len,
		order.len == 1 ? "" : "s", dir);
	rc = EXIT_OK;
out:
	for (size_t i = 0; i < order.len; i++) {
		struct strbuf *sb = strmap_get(&files, order.items[i]);
		strbuf_release(sb);
		free(sb);
	}
	strmap_release(&files);
	vec_release(&order);
	strbuf_release(&tmp);
	strbuf_release(&path);
	return rc;
}

int cmd_inspect(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = NULL, *out_dir = NULL;
	struct sd_error err = { 0 };
	struct sd_conn *db = NULL;
	struct catalog *live = NULL, *empty = NULL;
	struct changeset *cs = NULL;
	struct strbuf sql = STRBUF_INIT;
	int c, rc = EXIT_ERROR;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			url = optarg;
			break;
		case 'o':
			out_dir = optarg;
			break;
		case 'h':
			return cli_usage(inspect_usage, 0);
		default:
			return cli_usage(inspect_usage, 1);
		}
	}
	if (optind < argc)
		return cli_usage(inspect_usage, 1);
	if (out_dir && !dir_is_empty_or_missing(out_dir))
		return cli_error("%s: exists and is not empty: inspect writes a new folder",
				 out_dir);
	if (cli_connect(url ? url : "", &db, &err) ||
	    cli_introspect(db, &live, NULL, &err))
		goto out_report;
	empty = catalog_new(live->dialect);
	if (diff_catalogs(empty, live, &cs, &err))
		goto out_report;
	if (out_dir) {
		rc = write_out(out_dir, cs);
		goto out;
	}
	emit_changeset(cs, &sql);
	fputs(sql.buf, stdout);
	rc = EXIT_OK;
	goto out;

out_report:
	rc = cli_report(&err);
out:
	changeset_free(cs);
	catalog_free(empty);
	catalog_free(live);
	if (db)
		db->drv->close(db);
	strbuf_release(&sql);
	return rc;
}
