/*
 * emit/versiondir.c: add a version to a schema root, atomically; see
 * versiondir.h.
 *
 * Order of work: everything is encoded in memory first; then the version
 * root is written into `<root>/.tmp-<version>-<pid>` and renamed (never
 * replacing anything) to `<root>/<version>`; then schema.json is written to
 * `schema.json.tmp-<pid>` and renamed over schema.json. Each file and folder
 * is fsync'd before it is renamed. On any error what this call created is
 * removed again, so the root is as it was.
 *
 * Memory: all buffers are local and released before returning; root is
 * only read (its schema_json is copied, not changed).
 */
#define _GNU_SOURCE	/* renameat2 */
#include "emit/versiondir.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/banned.h"

static int write_error(struct sd_error *err, const char *path)
{
	return sd_error_set(err, SD_ERR_IO, path, 0, 0, "cannot write \"%s\": %s",
			    path, strerror(errno));
}

/* fsync a folder so that renames in it are durable: 0 or -1. */
static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -1;
	ret = fsync(fd);
	close(fd);
	return ret;
}

/* rename(2) that never replaces `to` (rename would replace an empty
 * folder): 0 or -1 with errno set, EEXIST when to exists. Where
 * RENAME_NOREPLACE is not supported, checks first and renames. */
static int rename_noreplace(const char *from, const char *to)
{
	struct stat st;

	if (!renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE))
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return -1;
	if (!lstat(to, &st)) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

/* The demo files of a version folder this file wrote. */
static void remove_demo_files(const char *dir,
			      const struct emit_version_down *down)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; down && i < down->ndemo; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/%s", dir, down->demo[i].name);
		unlink(sb.buf);
	}
	strbuf_release(&sb);
}

/* Remove a version folder this file wrote: its files, then the folder
 * (which fails, leaving it, if anything else is in it). */
static void remove_version_folder(const char *dir,
				  const struct version_file *files,
				  size_t nfiles)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < nfiles; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/%s", dir, files[i].name);
		unlink(sb.buf);
	}
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/down.sql", dir);
	unlink(sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/version.json", dir);
	unlink(sb.buf);
	rmdir(dir);
	strbuf_release(&sb);
}

/* Encode j with a 2-space indent and a final newline into out: 0, or -1
 * when jansson cannot (invalid UTF-8). */
static int json_encode(const json_t *j, struct strbuf *out)
{
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (!text)
		return -1;
	strbuf_addstr(out, text);
	strbuf_addch(out, '\n');
	free(text);
	return 0;
}

/* SD_ERR_CONFLICT when schema.json on disk is no longer what root was read
 * from (another writer came in between: writing now would drop its
 * version from the history). */
static int check_unchanged(const struct schema_root *root, const char *sfile,
			   struct sd_error *err)
{
	json_error_t jerr;
	json_t *now = json_load_file(sfile, JSON_REJECT_DUPLICATES, &jerr);
	int same = now && json_equal(now, root->schema_json);

	json_decref(now);
	if (same)
		return 0;
	return sd_error_set(err, SD_ERR_CONFLICT, sfile, 0, 0,
			    "\"%s\" changed since it was read: read the schema root again",
			    sfile);
}

/* The new schema.json: root's, with version added at the end of
 * version-history and current-version moved forward if it is newer. */
static int encode_schema_json(const struct schema_root *root,
			      const char *version, struct strbuf *out)
{
	json_t *sj = json_deep_copy(root->schema_json);
	json_t *hist;
	const char *cur = root->current_version;
	int ret = -1;

	if (!sj)
		return -1;
	hist = json_object_get(sj, "version-history");
	if (!json_is_object(hist))
		goto out_decref;
	if (json_object_set_new(hist, version, json_string(version)))
		goto out_decref;
	if (!cur || !*cur || spec_version_cmp(version, cur) > 0) {
		if (json_object_set_new(sj, "current-version",
					json_string(version)))
			goto out_decref;
	}
	ret = json_encode(sj, out);
out_decref:
	json_decref(sj);
	return ret;
}

/* version.json as the spec's text defines it. */
static int encode_version_json(const struct schema_root *root,
			       const char *version,
			       const struct version_file *files, size_t nfiles,
			       const struct emit_version_down *down,
			       const char *extra, struct strbuf *out)
{
	json_t *vj = json_object();
	json_t *src = json_array();
	json_t *more = NULL;
	int ret;

	for (size_t i = 0; i < nfiles; i++)
		json_array_append_new(src, json_string(files[i].name));
	json_object_set_new(vj, "db-schema-spec", json_string("1.1"));
	json_object_set_new(vj, "schema", json_string(root->name));
	json_object_set_new(vj, "version", json_string(version));
	json_object_set_new(vj, "source", src);
	/* our optional keys (README: "Our keys in version.json") */
	if (down && down->renames && *down->renames) {
		json_t *r = json_array();
		const char *line = down->renames;

		while (*line) {
			size_t n = strcspn(line, "\n");
			const char *t1 = memchr(line, '\t', n);
			const char *t2 = t1 ? memchr(t1 + 1, '\t', n - (size_t)(t1 + 1 - line)) : NULL;

			if (t2) {
				json_t *o = json_object();
				json_object_set_new(o, "kind", json_stringn(line, (size_t)(t1 - line)));
				json_object_set_new(o, "from", json_stringn(t1 + 1, (size_t)(t2 - t1 - 1)));
				json_object_set_new(o, "to", json_stringn(t2 + 1, (size_t)(line + n - t2 - 1)));
				json_array_append_new(r, o);
			}
			line += n;
			if (*line)
				line++;
		}
		json_object_set_new(vj, "renames", r);
	}
	if (down && down->sql) {
		json_t *d = json_array();
		json_array_append_new(d, json_string("down.sql"));
		json_object_set_new(vj, "down", d);
		if (down->deletes_data) {
			json_t *h = json_array();
			json_array_append_new(h, json_string("deletes-data"));
			json_object_set_new(vj, "down-hazards", h);
		}
	}
	if (down && down->ndemo) {
		json_t *d = json_array();
		for (size_t i = 0; i < down->ndemo; i++)
			json_array_append_new(d, json_string(down->demo[i].name));
		json_object_set_new(vj, "demo", d);
	}
	if (extra && *extra) {
		more = json_loads(extra, 0, NULL);
		if (!json_is_object(more)) {
			json_decref(more);
			json_decref(vj);
			return -1;
		}
		json_object_update_missing(vj, more);
		json_decref(more);
	}
	ret = json_encode(vj, out);
	json_decref(vj);
	return ret;
}

int emit_version_dir(const struct schema_root *root, const char *version,
		     const char *sql, struct sd_error *err)
{
	struct version_file f = { "revisions.sql", sql };

	return emit_version_dir_files(root, version, &f, 1, NULL, NULL, err);
}

int emit_version_dir_down(const struct schema_root *root, const char *version,
			  const char *sql, const struct emit_version_down *down,
			  struct sd_error *err)
{
	struct version_file f = { "revisions.sql", sql };

	return emit_version_dir_files(root, version, &f, 1, down, NULL, err);
}

int emit_version_dir_files(const struct schema_root *root,
			   const char *version,
			   const struct version_file *files, size_t nfiles,
			   const struct emit_version_down *down,
			   const char *extra, struct sd_error *err)
{
	struct strbuf sfile = STRBUF_INIT, final = STRBUF_INIT;
	struct strbuf tmpdir = STRBUF_INIT, stmp = STRBUF_INIT;
	struct strbuf path = STRBUF_INIT, schema_text = STRBUF_INIT;
	struct strbuf version_text = STRBUF_INIT, sql_text = STRBUF_INIT;
	struct strbuf down_text = STRBUF_INIT;
	const char *sql = NULL;
	const struct spec_version *existing;
	struct stat st;
	long pid = (long)getpid();
	int ret;

	strbuf_addf(&sfile, "%s/schema.json", root->dir);
	if (!spec_version_valid(version)) {
		ret = sd_error_set(err, SD_ERR, NULL, 0, 0,
				   "version \"%s\" is not a number (digits, optionally a '.' and more digits)",
				   version);
		goto out_release;
	}
	existing = spec_find_version(root, version);
	if (existing && strcmp(existing->version, version)) {
		ret = sd_error_set(err, SD_ERR_CONFLICT, sfile.buf, 0, 0,
				   "$.version-history[\"%s\"]: version \"%s\" already exists, written \"%s\"",
				   existing->version, version,
				   existing->version);
		goto out_release;
	}
	if (existing) {
		ret = sd_error_set(err, SD_ERR_CONFLICT, sfile.buf, 0, 0,
				   "$.version-history[\"%s\"]: version \"%s\" already exists",
				   version, version);
		goto out_release;
	}
	strbuf_addf(&final, "%s/%s", root->dir, version);
	if (!lstat(final.buf, &st) || errno != ENOENT) {
		ret = sd_error_set(err, SD_ERR_CONFLICT, final.buf, 0, 0,
				   "version folder \"%s\" already exists: not overwriting it",
				   final.buf);
		goto out_release;
	}

	ret = check_unchanged(root, sfile.buf, err);
	if (ret)
		goto out_release;

	/* Encode everything before touching the disk. */
	if (down && down->sql) {
		strbuf_addstr(&down_text, down->sql);
		if (down_text.len && down_text.buf[down_text.len - 1] != '\n')
			strbuf_addch(&down_text, '\n');
	}
	if (encode_version_json(root, version, files, nfiles, down, extra,
				&version_text) ||
	    encode_schema_json(root, version, &schema_text)) {
		ret = sd_error_set(err, SD_ERR, sfile.buf, 0, 0,
				   "cannot encode the new version \"%s\" as json (is the schema name valid UTF-8?)",
				   version);
		goto out_release;
	}

	strbuf_addf(&tmpdir, "%s/.tmp-%s-%ld", root->dir, version, pid);
	if (mkdir(tmpdir.buf, 0777)) {
		ret = sd_error_set(err, SD_ERR_IO, tmpdir.buf, 0, 0,
				   "cannot create \"%s\": %s", tmpdir.buf,
				   strerror(errno));
		goto out_release;
	}
	for (size_t i = 0; i < nfiles; i++) {
		sql = files[i].sql;
		strbuf_reset(&sql_text);
		strbuf_addstr(&sql_text, sql ? sql : "");
		if (sql_text.len && sql_text.buf[sql_text.len - 1] != '\n')
			strbuf_addch(&sql_text, '\n');
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", tmpdir.buf, files[i].name);
		if (file_write_new(path.buf, sql_text.buf, sql_text.len)) {
			ret = write_error(err, path.buf);
			goto out_remove_tmpdir;
		}
	}
	if (down && down->sql) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/down.sql", tmpdir.buf);
		if (file_write_new(path.buf, down_text.buf, down_text.len)) {
			ret = write_error(err, path.buf);
			goto out_remove_tmpdir;
		}
	}
	for (size_t i = 0; down && i < down->ndemo; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", tmpdir.buf, down->demo[i].name);
		if (file_write_new(path.buf, down->demo[i].sql,
				   strlen(down->demo[i].sql))) {
			ret = write_error(err, path.buf);
			goto out_remove_tmpdir;
		}
	}
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/version.json", tmpdir.buf);
	if (file_write_new(path.buf, version_text.buf, version_text.len)) {
		ret = write_error(err, path.buf);
		goto out_remove_tmpdir;
	}
	if (fsync_dir(tmpdir.buf)) {
		ret = write_error(err, tmpdir.buf);
		goto out_remove_tmpdir;
	}
	if (rename_noreplace(tmpdir.buf, final.buf)) {
		if (errno == EEXIST || errno == ENOTEMPTY)
			ret = sd_error_set(err, SD_ERR_CONFLICT, final.buf, 0,
					   0,
					   "version folder \"%s\" already exists: not overwriting it",
					   final.buf);
		else
			ret = sd_error_set(err, SD_ERR_IO, final.buf, 0, 0,
					   "cannot rename \"%s\" to \"%s\": %s",
					   tmpdir.buf, final.buf,
					   strerror(errno));
		goto out_remove_tmpdir;
	}
	fsync_dir(root->dir);

	strbuf_addf(&stmp, "%s.tmp-%ld", sfile.buf, pid);
	if (file_write_new(stmp.buf, schema_text.buf, schema_text.len)) {
		ret = write_error(err, stmp.buf);
		goto out_remove_final;
	}
	if (rename(stmp.buf, sfile.buf)) {
		ret = sd_error_set(err, SD_ERR_IO, sfile.buf, 0, 0,
				   "cannot replace \"%s\": %s", sfile.buf,
				   strerror(errno));
		unlink(stmp.buf);
		goto out_remove_final;
	}
	fsync_dir(root->dir);
	ret = 0;
	goto out_release;

out_remove_final:
	remove_demo_files(final.buf, down);
	remove_version_folder(final.buf, files, nfiles);
out_remove_tmpdir:
	remove_demo_files(tmpdir.buf, down);
	remove_version_folder(tmpdir.buf, files, nfiles);
out_release:
	strbuf_release(&down_text);
	strbuf_release(&sql_text);
	strbuf_release(&version_text);
	strbuf_release(&schema_text);
	strbuf_release(&path);
	strbuf_release(&stmp);
	strbuf_release(&tmpdir);
	strbuf_release(&final);
	strbuf_release(&sfile);
	return ret;
}

/* Remove what a version folder holds for the spec (and our down files),
 * then the folder if it is empty. */
static void drop_version_folder(const struct spec_version *v)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < v->nsources; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/%s", v->dir, v->sources[i]);
		unlink(sb.buf);
	}
	for (size_t i = 0; i < v->ndowns; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/%s", v->dir, v->downs[i]);
		unlink(sb.buf);
	}
	for (size_t i = 0; i < v->ndemos; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/%s", v->dir, v->demos[i]);
		unlink(sb.buf);
	}
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/version.json", v->dir);
	unlink(sb.buf);
	rmdir(v->dir);
	strbuf_release(&sb);
}

int emit_versions_drop(struct schema_root *root,
		       const struct spec_version *drop, size_t ndrop,
		       struct sd_error *err)
{
	struct strbuf sfile = STRBUF_INIT, stmp = STRBUF_INIT;
	struct strbuf text = STRBUF_INIT;
	json_t *sj = json_deep_copy(root->schema_json);
	json_t *hist = sj ? json_object_get(sj, "version-history") : NULL;
	int ret;

	strbuf_addf(&sfile, "%s/schema.json", root->dir);
	ret = check_unchanged(root, sfile.buf, err);
	if (ret)
		goto out;
	if (!json_is_object(hist)) {
		ret = sd_error_set(err, SD_ERR_SPEC, sfile.buf, 0, 0,
				   "$.version-history: not an object");
		goto out;
	}
	for (size_t i = 0; i < ndrop; i++)
		json_object_del(hist, drop[i].version);
	json_object_set_new(sj, "current-version",
			    json_string(root->current_version ?
					root->current_version : ""));
	if (json_encode(sj, &text)) {
		ret = sd_error_set(err, SD_ERR_IO, sfile.buf, 0, 0,
				   "cannot encode \"%s\"", sfile.buf);
		goto out;
	}
	strbuf_addf(&stmp, "%s.tmp-%ld", sfile.buf, (long)getpid());
	if (file_write_new(stmp.buf, text.buf, text.len)) {
		ret = write_error(err, stmp.buf);
		unlink(stmp.buf);
		goto out;
	}
	if (rename(stmp.buf, sfile.buf)) {
		ret = sd_error_set(err, SD_ERR_IO, sfile.buf, 0, 0,
				   "cannot replace \"%s\": %s", sfile.buf,
				   strerror(errno));
		unlink(stmp.buf);
		goto out;
	}
	fsync_dir(root->dir);
	for (size_t i = 0; i < ndrop; i++)
		drop_version_folder(&drop[i]);
	json_decref(root->schema_json);
	root->schema_json = sj;
	sj = NULL;
out:
	json_decref(sj);
	strbuf_release(&sfile);
	strbuf_release(&stmp);
	strbuf_release(&text);
	return ret;
}

/* The name of version K's upgrade file in a baseline: from-K.sql. */
static void upgrade_name(const char *version, struct strbuf *out)
{
	strbuf_addf(out, "from-%s.sql", version);
}

int emit_squash(const struct schema_root *root, size_t idx, const char *sql,
		const char *const *upgrades, struct sd_error *err)
{
	const struct spec_version *v = &root->versions[idx];
	struct strbuf sfile = STRBUF_INIT, stmp = STRBUF_INIT;
	struct strbuf tmpdir = STRBUF_INIT, olddir = STRBUF_INIT;
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	struct strbuf name = STRBUF_INIT;
	json_t *vj = json_object(), *src = json_array(), *sq = json_array();
	json_t *sj = json_deep_copy(root->schema_json), *hist;
	struct spec_version old;
	long pid = (long)getpid();
	int ret;

	strbuf_addf(&sfile, "%s/schema.json", root->dir);
	ret = check_unchanged(root, sfile.buf, err);
	if (ret)
		goto out;
	hist = sj ? json_object_get(sj, "version-history") : NULL;
	if (!json_is_object(hist)) {
		ret = sd_error_set(err, SD_ERR_SPEC, sfile.buf, 0, 0,
				   "$.version-history: not an object");
		goto out;
	}
	/* the new folder, under a temporary name */
	strbuf_addf(&tmpdir, "%s/.tmp-squash-%s-%ld", root->dir, v->version, pid);
	if (mkdir(tmpdir.buf, 0777)) {
		ret = sd_error_set(err, SD_ERR_IO, tmpdir.buf, 0, 0,
				   "cannot create \"%s\": %s", tmpdir.buf,
				   strerror(errno));
		goto out;
	}
	strbuf_addf(&path, "%s/revisions.sql", tmpdir.buf);
	strbuf_addstr(&text, sql);
	if (text.len && text.buf[text.len - 1] != '\n')
		strbuf_addch(&text, '\n');
	if (file_write_new(path.buf, text.buf, text.len)) {
		ret = write_error(err, path.buf);
		goto out_remove_tmp;
	}
	for (size_t i = 0; i < idx; i++) {
		json_t *e = json_object();

		strbuf_reset(&name);
		upgrade_name(root->versions[i].version, &name);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", tmpdir.buf, name.buf);
		if (file_write_new(path.buf, upgrades[i], strlen(upgrades[i]))) {
			json_decref(e);
			ret = write_error(err, path.buf);
			goto out_remove_tmp;
		}
		json_object_set_new(e, "version", json_string(root->versions[i].version));
		json_object_set_new(e, "checksum", json_string(root->versions[i].checksum));
		json_object_set_new(e, "upgrade", json_string(name.buf));
		json_array_append_new(sq, e);
	}
	{
		json_t *e = json_object();
		json_object_set_new(e, "version", json_string(v->version));
		json_object_set_new(e, "checksum", json_string(v->checksum));
		json_array_append_new(sq, e);
	}
	json_array_append_new(src, json_string("revisions.sql"));
	json_object_set_new(vj, "db-schema-spec", json_string("1.1"));
	json_object_set_new(vj, "schema", json_string(root->name));
	json_object_set_new(vj, "version", json_string(v->version));
	json_object_set_new(vj, "source", src);
	src = NULL;
	/* our optional key (README: "Our keys in version.json") */
	json_object_set_new(vj, "squashed", sq);
	sq = NULL;
	strbuf_reset(&text);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/version.json", tmpdir.buf);
	if (json_encode(vj, &text) ||
	    file_write_new(path.buf, text.buf, text.len)) {
		ret = write_error(err, path.buf);
		goto out_remove_tmp;
	}
	fsync_dir(tmpdir.buf);
	/* schema.json without the versions before it */
	for (size_t i = 0; i < idx; i++)
		json_object_del(hist, root->versions[i].version);
	strbuf_reset(&text);
	if (json_encode(sj, &text)) {
		ret = sd_error_set(err, SD_ERR_IO, sfile.buf, 0, 0,
				   "cannot encode \"%s\"", sfile.buf);
		goto out_remove_tmp;
	}
	strbuf_addf(&stmp, "%s.tmp-%ld", sfile.buf, pid);
	if (file_write_new(stmp.buf, text.buf, text.len)) {
		ret = write_error(err, stmp.buf);
		unlink(stmp.buf);
		goto out_remove_tmp;
	}
	/* swap the folders, then schema.json */
	strbuf_addf(&olddir, "%s/.tmp-old-%s-%ld", root->dir, v->version, pid);
	if (rename(v->dir, olddir.buf)) {
		ret = sd_error_set(err, SD_ERR_IO, v->dir, 0, 0,
				   "cannot rename \"%s\": %s", v->dir,
				   strerror(errno));
		unlink(stmp.buf);
		goto out_remove_tmp;
	}
	if (rename(tmpdir.buf, v->dir)) {
		ret = sd_error_set(err, SD_ERR_IO, v->dir, 0, 0,
				   "cannot rename \"%s\": %s", tmpdir.buf,
				   strerror(errno));
		rename(olddir.buf, v->dir);
		unlink(stmp.buf);
		goto out_remove_tmp;
	}
	if (rename(stmp.buf, sfile.buf)) {
		ret = sd_error_set(err, SD_ERR_IO, sfile.buf, 0, 0,
				   "cannot replace \"%s\": %s", sfile.buf,
				   strerror(errno));
		rename(v->dir, tmpdir.buf);
		rename(olddir.buf, v->dir);
		unlink(stmp.buf);
		goto out_remove_tmp;
	}
	fsync_dir(root->dir);
	/* the old folders */
	old = *v;
	old.dir = olddir.buf;
	drop_version_folder(&old);
	for (size_t i = 0; i < idx; i++)
		drop_version_folder(&root->versions[i]);
	ret = 0;
	goto out;

out_remove_tmp:
	for (size_t i = 0; i < idx; i++) {
		strbuf_reset(&path);
		strbuf_reset(&name);
		upgrade_name(root->versions[i].version, &name);
		strbuf_addf(&path, "%s/%s", tmpdir.buf, name.buf);
		unlink(path.buf);
	}
	remove_version_folder(tmpdir.buf, &(struct version_file){ "revisions.sql", NULL }, 1);
out:
	json_decref(vj);
	json_decref(src);
	json_decref(sq);
	json_decref(sj);
	strbuf_release(&sfile);
	strbuf_release(&stmp);
	strbuf_release(&tmpdir);
	strbuf_release(&olddir);
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&name);
	return ret;
}
