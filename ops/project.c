/*
 * ops/project.c: `init --project`: a new project file (schemadiff.json)
 * and, for each root it names, an empty schema root (db-schema/NAME) and
 * a desired-files folder (schema/NAME). Everything is checked for
 * existence before anything is written. Owns no memory past its return.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "schemadiff.h"
#include "util/banned.h"

static int make_dirs(const char *path, struct sd_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	strbuf_addstr(&sb, path);
	for (char *p = sb.buf + 1; !ret; p++) {
		char c = *p;

		if (c && c != '/')
			continue;
		*p = '\0';
		if (mkdir(sb.buf, 0777) && errno != EEXIST)
			ret = sd_error_set(err, SD_ERR_IO, sb.buf, 0, 0,
					   "cannot create the folder: %s",
					   strerror(errno));
		*p = c;
		if (!c)
			break;
	}
	strbuf_release(&sb);
	return ret;
}

int ops_project_init(const struct ops_project_init_opts *o,
		     struct sd_error *err)
{
	static const char *const dflt[] = { "app" };
	const char *const *names = o->nroots ? o->roots : dflt;
	size_t n = o->nroots ? o->nroots : 1;
	const char *type = o->system_type ? o->system_type : "postgresql";
	const char *dir = o->dir ? o->dir : ".";
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int ret = 0;

	for (size_t i = 0; i < n && !ret; i++) {
		if (!*names[i] || strchr(names[i], '/'))
			ret = sd_error_set(err, SD_ERR, NULL, 0, 0,
					   "\"%s\" is not a usable root name", names[i]);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/db-schema/%s/schema.json", dir, names[i]);
		if (!ret && !stat(sb.buf, &st))
			ret = sd_error_set(err, SD_ERR_CONFLICT, sb.buf, 0, 0,
					   "a schema root exists already");
	}
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/" PROJECT_FILE, dir);
	if (!ret && !stat(sb.buf, &st))
		ret = sd_error_set(err, SD_ERR_CONFLICT, sb.buf, 0, 0,
				   "a project file exists already");
	if (!ret)
		ret = make_dirs(dir, err);
	if (!ret) {
		struct strbuf u = STRBUF_INIT;

		if (o->url)
			strbuf_addstr(&u, o->url);
		else if (!strcmp(type, "postgresql"))
			strbuf_addstr(&u, "postgresql://localhost/${DATABASE_NAME}");
		else
			strbuf_addstr(&u, "mysql://root@localhost/${DATABASE_NAME}");
		ret = project_write_new(dir, names, n, u.buf, err);
		strbuf_release(&u);
	}
	for (size_t i = 0; i < n && !ret; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/db-schema/%s", dir, names[i]);
		ret = spec_init(sb.buf, names[i], type, err);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/schema/%s", dir, names[i]);
		if (!ret)
			ret = make_dirs(sb.buf, err);
	}
	strbuf_release(&sb);
	return ret;
}
