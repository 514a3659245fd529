/*
 * ops/inspect.c: a live database's schema as declarative SQL that plan and
 * apply accept: the create script of diff(empty, live). Either as text in
 * the result, or written one file per schema into a new folder, through a
 * temporary folder renamed into place (an existing non-empty folder is
 * refused before anything is read).
 *
 * Memory: the result owns the live catalog, the change set (which points
 * into it and into an empty catalog the result also keeps) and the SQL;
 * the connection is closed before ops_inspect() returns.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "drivers/driver.h"
#include "emit/emit.h"
#include "parser/pg/pg_parser.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/vec.h"
#include "util/banned.h"

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

/* MySQL: the definition of a routine, trigger or event that holds a `;`
 * (a BEGIN ... END body), which the mariadb client would cut there; else
 * NULL. */
static const char *client_body(const struct changeset *cs,
			       const struct change *ch)
{
	const struct sd_object *o = ch->new_obj;
	const char *def;

	if (cs->to->dialect != SQL_MYSQL || !o)
		return NULL;
	switch (o->kind) {
	case SD_FUNCTION:
		def = ((const struct sd_function *)o)->definition;
		break;
	case SD_TRIGGER:
		def = ((const struct sd_trigger *)o)->definition;
		break;
	case SD_EVENT:
		def = ((const struct sd_event *)o)->definition;
		break;
	default:
		return NULL;
	}
	return def && strchr(def, ';') ? def : NULL;
}

/*
 * One change as inspect writes it: as emit writes it, and on MySQL a
 * definition that holds a `;` between the client's DELIMITER lines (as
 * mysqldump writes it), so that the file loads with the mariadb client as
 * written; the parser reads DELIMITER lines too.
 */
static void inspect_emit(const struct changeset *cs, const struct change *ch,
			 struct strbuf *out)
{
	const char *def = client_body(cs, ch), *at, *rest, *delim;
	struct strbuf one = STRBUF_INIT;
	size_t n;

	if (!def) {
		emit_change(cs, ch, out);
		return;
	}
	emit_change(cs, ch, &one);
	n = strlen(def);
	at = strstr(one.buf, def);
	if (!at || at[n] != ';') {
		strbuf_add(out, one.buf, one.len);
		strbuf_release(&one);
		return;
	}
	delim = !strstr(def, ";;") ? ";;" : !strstr(def, "$$") ? "$$" : "//";
	rest = at + n + 1;
	if (*rest == '\n')
		rest++;
	strbuf_add(out, one.buf, (size_t)(at - one.buf));
	strbuf_addf(out, "DELIMITER %s\n", delim);
	strbuf_add(out, at, n);
	strbuf_addf(out, "%s\nDELIMITER ;\n", delim);
	strbuf_addstr(out, rest);
	strbuf_release(&one);
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
static int write_out(const char *dir, const struct changeset *cs,
		     const char *head, size_t *nfiles, struct sd_error *err)
{
	struct strmap files = STRMAP_INIT;
	struct vec order = VEC_INIT;
	struct strbuf tmp = STRBUF_INIT, path = STRBUF_INIT;
	int rc;

	for (size_t i = 0; i < cs->nchanges; i++) {
		const char *schema = change_schema(&cs->changes[i]);
		struct strbuf *sb = strmap_get(&files, schema);
		if (!sb) {
			sb = calloc(1, sizeof(*sb));
			if (!sb)
				abort();
			strbuf_init(sb, 0);
			if (!order.len)
				strbuf_addstr(sb, head);
			strmap_put(&files, schema, sb);
			vec_push(&order, (void *)schema);
		}
		inspect_emit(cs, &cs->changes[i], sb);
	}
	strbuf_addf(&tmp, "%s.tmp-%ld", dir, (long)getpid());
	if (mkdir(tmp.buf, 0777)) {
		rc = sd_error_set(err, SD_ERR_IO, tmp.buf, 0, 0,
				  "cannot create: %s", strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < order.len; i++) {
		struct strbuf *sb = strmap_get(&files, order.items[i]);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/", tmp.buf);
		file_name(&path, order.items[i]);
		if (file_write_new(path.buf, sb->buf, sb->len)) {
			rc = sd_error_set(err, SD_ERR_IO, path.buf, 0, 0,
					  "cannot write: %s", strerror(errno));
			remove_tree_files(tmp.buf);
			goto out;
		}
	}
	rmdir(dir);	/* an empty one; rename() refuses a non-empty one */
	if (rename(tmp.buf, dir)) {
		rc = sd_error_set(err, SD_ERR_IO, dir, 0, 0,
				  "cannot rename into place: %s", strerror(errno));
		remove_tree_files(tmp.buf);
		goto out;
	}
	*nfiles = order.len;
	rc = 0;
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

/* MySQL: the database's default character set and collation, which the
 * tables without their own have: an ALTER DATABASE of the current one
 * (the client loads it as written; plan keeps it as the default). */
static bool is_word(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* Does the catalog hold a LANGUAGE sql function with a string body? The
 * server checks such a body when the function is created, so the tables
 * it reads must exist; a SQL-standard body (BEGIN ATOMIC, RETURN) is a
 * dependency the order already follows. */
static bool has_sql_string_body(const struct catalog *cat)
{
	struct vec fns = VEC_INIT;
	bool found = false;

	catalog_list(cat, SD_FUNCTION, &fns);
	for (size_t i = 0; i < fns.len && !found; i++) {
		const struct sd_function *f = fns.items[i];
		const char *d = f->definition;

		found = d && strstr(d, "LANGUAGE sql") &&
			(strstr(d, " AS $") || strstr(d, " AS '") ||
			 strstr(d, "\nAS $") || strstr(d, "\nAS '"));
	}
	vec_release(&fns);
	return found;
}

static void database_head(const struct catalog *cat, struct strbuf *out)
{
	/* as pg_dump does: function bodies are checked when they are
	 * called, not when the file is loaded (a body may read a table the
	 * file creates later) */
	if (cat->dialect == SQL_POSTGRES && has_sql_string_body(cat)) {
		strbuf_addstr(out, "SET check_function_bodies = false;\n\n");
		return;
	}
	/* character set and collation names are words (the server's) */
	if (cat->dialect != SQL_MYSQL || !is_word(cat->mysql_db_charset) ||
	    (cat->mysql_db_collation && !is_word(cat->mysql_db_collation)))
		return;
	strbuf_addf(out, "ALTER DATABASE CHARACTER SET %s",
		    cat->mysql_db_charset);
	if (cat->mysql_db_collation)
		strbuf_addf(out, " COLLATE %s", cat->mysql_db_collation);
	strbuf_addstr(out, ";\n\n");
}

/*
 * The server prints a CHECK's ANY/ALL over an array it had to cast
 * (c IN ('a', 'b') on a varchar column: (c)::text = ANY ((ARRAY['a'::
 * character varying, ...])::text[])) in a form that reads back as another
 * expression. Such checks are printed in the parser's canonical form,
 * which reads back as the server's own; the rest as the server prints
 * them. A check the parser cannot read stays as it is.
 */
static void inspect_check_forms(struct catalog *live)
{
	struct vec tables = VEC_INIT;
	struct strbuf sb = STRBUF_INIT;

	if (live->dialect != SQL_POSTGRES)
		return;
	catalog_list(live, SD_TABLE, &tables);
	for (size_t i = 0; i < tables.len; i++) {
		const struct sd_table *t = tables.items[i];

		for (size_t j = 0; j < t->nconstraints; j++) {
			struct sd_constraint *c = &t->constraints[j];
			struct sd_error ignored = { 0 };

			if (c->type != SD_CON_CHECK || !c->expr ||
			    (!strstr(c->expr, "= ANY ((ARRAY[") &&
			     !strstr(c->expr, "<> ALL ((ARRAY[")))
				continue;
			strbuf_reset(&sb);
			if (!pg_canonical_check(t, c->expr, &sb, &ignored))
				c->written = catalog_strdup(live, sb.buf);
		}
	}
	strbuf_release(&sb);
	vec_release(&tables);
}

static int inspect_run(const struct ops_inspect_opts *o,
		       struct ops_inspect_result *out, struct sd_error *err)
{
	struct sd_conn *db = NULL;
	struct strbuf head = STRBUF_INIT;
	int rc;

	memset(out, 0, sizeof(*out));
	strbuf_init(&out->sql, 0);
	if (o->out_dir && !dir_is_empty_or_missing(o->out_dir))
		return sd_error_set(err, SD_ERR_IO, o->out_dir, 0, 0,
				    "exists and is not empty: inspect writes a new folder");
	rc = sd_driver_connect(o->url ? o->url : "", &db, err);
	if (rc)
		return rc;
	rc = ops_introspect(db, &o->events, &out->live, err);
	if (!rc)
		rc = ops_ignore_apply(&o->ignore, &out->live, 1, err);
	if (rc)
		goto out;
	inspect_check_forms(out->live);
	out->empty = catalog_new(out->live->dialect);
	/* MySQL: the database's default is written once, first
	 * (database_head), not as the diff's ALTER DATABASE from nothing */
	out->empty->mysql_db_charset = out->live->mysql_db_charset;
	out->empty->mysql_db_collation = out->live->mysql_db_collation;
	rc = diff_catalogs(out->empty, out->live, &out->changes, err);
	if (rc)
		goto out;
	database_head(out->live, &head);
	if (o->out_dir) {
		rc = write_out(o->out_dir, out->changes, head.buf,
			       &out->nfiles, err);
		if (!rc)
			ops_emit(&o->events, OPS_EVENT_PROGRESS, "wrote %zu file%s to %s",
				 out->nfiles, out->nfiles == 1 ? "" : "s",
				 o->out_dir);
		goto out;
	}
	strbuf_add(&out->sql, head.buf, head.len);
	for (size_t i = 0; i < out->changes->nchanges; i++)
		inspect_emit(out->changes, &out->changes->changes[i],
			     &out->sql);
out:
	strbuf_release(&head);
	db->drv->close(db);
	return rc;
}

int ops_inspect(const struct ops_inspect_opts *o,
		struct ops_inspect_result *out, struct sd_error *err)
{
	struct sd_warn_sink saved;
	int rc;

	ops_warn_begin(&o->events, &saved);
	rc = inspect_run(o, out, err);
	ops_warn_end(&saved);
	return rc;
}

void ops_inspect_result_release(struct ops_inspect_result *out)
{
	changeset_free(out->changes);
	catalog_free(out->empty);
	catalog_free(out->live);
	strbuf_release(&out->sql);
	out->changes = NULL;
	out->empty = out->live = NULL;
}
