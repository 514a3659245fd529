/*
 * util/sqlfiles.c: desired-state paths -> SQL files.
 */
#include "util/sqlfiles.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#include "util/strbuf.h"
#include "util/banned.h"

static int cmp_str(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

static bool has_sql_suffix(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && !strcmp(name + n - 4, ".sql");
}

/* Append every *.sql file under dir (recursively) to out, malloc'd. */
static int list_dir(const char *dir, struct vec *out, struct sd_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int ret = 0;

	if (!d)
		return sd_error_set(err, SD_ERR_IO, dir, 0, 0,
				    "cannot open directory: %s",
				    strerror(errno));
	while ((de = readdir(d)) && !ret) {
		struct strbuf p = STRBUF_INIT;
		struct stat stb;

		if (de->d_name[0] == '.')
			continue;
		strbuf_addf(&p, "%s/%s", dir, de->d_name);
		if (stat(p.buf, &stb))
			ret = sd_error_set(err, SD_ERR_IO, p.buf, 0, 0,
					   "cannot stat: %s", strerror(errno));
		else if (S_ISDIR(stb.st_mode))
			ret = list_dir(p.buf, out, err);
		else if (has_sql_suffix(de->d_name))
			vec_push(out, strbuf_detach(&p, NULL));
		strbuf_release(&p);
	}
	closedir(d);
	return ret;
}

int sd_sql_files(const char *const *paths, size_t n, struct vec *out,
		 struct sd_error *err)
{
	int ret = 0;

	for (size_t i = 0; i < n && !ret; i++) {
		struct stat stb;

		if (stat(paths[i], &stb)) {
			ret = sd_error_set(err, SD_ERR_IO, paths[i], 0, 0,
					   "cannot read: %s", strerror(errno));
		} else if (S_ISDIR(stb.st_mode)) {
			struct vec sub = VEC_INIT;
			ret = list_dir(paths[i], &sub, err);
			vec_sort(&sub, cmp_str);
			for (size_t j = 0; j < sub.len; j++)
				vec_push(out, sub.items[j]);
			vec_release(&sub);
		} else {
			struct strbuf p = STRBUF_INIT;
			strbuf_addstr(&p, paths[i]);
			vec_push(out, strbuf_detach(&p, NULL));
		}
	}
	return ret;
}
