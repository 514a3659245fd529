/*
 * parser/spec/project.c: the project file (schemadiff.json) read, checked
 * and located; version.json's cross-root keys (`requires`,
 * `cluster-once`); a new project file for `init --project`. jansson keeps
 * no position of a key once parsed, so a small scanner over the text
 * (json_text_position) finds where a key or value is written for the
 * FILE:LINE:COL of an error or warning.
 *
 * Memory: a struct sd_project owns one arena (everything it points to);
 * the parsed JSON and the text are released before project_read returns.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parser/spec/project.h"
#include "parser/spec/spec.h"
#include "util/fileio.h"
#include "util/banned.h"

/* --- the position scanner ------------------------------------------------- */

static void skip_ws(const char *t, size_t *i)
{
	while (t[*i] == ' ' || t[*i] == '\t' || t[*i] == '\n' || t[*i] == '\r')
		(*i)++;
}

/* Past a string starting at t[*i] == '"'. */
static void skip_string(const char *t, size_t *i)
{
	(*i)++;
	while (t[*i] && t[*i] != '"') {
		if (t[*i] == '\\' && t[*i + 1])
			(*i)++;
		(*i)++;
	}
	if (t[*i])
		(*i)++;
}

static void skip_value(const char *t, size_t *i)
{
	int depth = 0;

	skip_ws(t, i);
	if (t[*i] == '"') {
		skip_string(t, i);
		return;
	}
	if (t[*i] == '{' || t[*i] == '[') {
		while (t[*i]) {
			char c = t[*i];

			if (c == '"') {
				skip_string(t, i);
				continue;
			}
			(*i)++;
			if (c == '{' || c == '[')
				depth++;
			else if ((c == '}' || c == ']') && !--depth)
				return;
		}
		return;
	}
	while (t[*i] && t[*i] != ',' && t[*i] != '}' && t[*i] != ']' &&
	       !isspace((unsigned char)t[*i]))
		(*i)++;
}

/* At the value at t[*i]: the offset of path[depth..] inside it, or -1. */
static long find_in(const char *t, size_t *i, const char *const *path,
		    size_t n, size_t depth, bool key_pos)
{
	skip_ws(t, i);
	if (depth == n)
		return (long)*i;
	if (t[*i] == '{') {
		(*i)++;
		for (;;) {
			size_t kstart, klen;

			skip_ws(t, i);
			if (t[*i] != '"')
				return -1;
			kstart = *i;
			skip_string(t, i);
			klen = *i - kstart - 2;
			skip_ws(t, i);
			if (t[*i] != ':')
				return -1;
			(*i)++;
			if (strlen(path[depth]) == klen &&
			    !strncmp(t + kstart + 1, path[depth], klen)) {
				if (depth + 1 == n && key_pos)
					return (long)kstart;
				return find_in(t, i, path, n, depth + 1, key_pos);
			}
			skip_value(t, i);
			skip_ws(t, i);
			if (t[*i] != ',')
				return -1;
			(*i)++;
		}
	}
	if (t[*i] == '[') {
		char *end;
		unsigned long want = strtoul(path[depth], &end, 10);

		if (*end)
			return -1;
		(*i)++;
		for (unsigned long k = 0;; k++) {
			skip_ws(t, i);
			if (t[*i] == ']')
				return -1;
			if (k == want)
				return find_in(t, i, path, n, depth + 1, key_pos);
			skip_value(t, i);
			skip_ws(t, i);
			if (t[*i] != ',')
				return -1;
			(*i)++;
		}
	}
	return -1;
}

int json_text_position(const char *text, const char *const *path, size_t n,
		       bool key_pos, int *line, int *col)
{
	size_t i = 0;
	long off = find_in(text, &i, path, n, 0, key_pos);

	*line = *col = 1;
	if (off < 0)
		return -1;
	sd_text_position(text, (size_t)off, line, col);
	return 0;
}

/* "an object", "a string" ... for messages */
static const char *type_name(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/* --- reading ---------------------------------------------------------------- */

struct reader {
	struct sd_project *p;
	const char *file;
	const char *text;
	struct sd_error *err;
};

#define MAXPATH 4

/* An error at the key (key_pos) or value at path. */
static int located(struct reader *r, int code, const char *const *path,
		   size_t n, bool key_pos, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static int located(struct reader *r, int code, const char *const *path,
		   size_t n, bool key_pos, const char *fmt, ...)
{
	char msg[1536];
	va_list ap;
	int line, col;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_text_position(r->text, path, n, key_pos, &line, &col);
	return sd_error_set(r->err, code, r->file, line, col, "%s", msg);
}

/* "$.roots.app.path" for messages. */
static void path_text(const char *const *path, size_t n, char *buf,
		      size_t size)
{
	size_t len = 0;

	len += (size_t)snprintf(buf, size, "$");
	for (size_t k = 0; k < n && len < size; k++)
		len += (size_t)snprintf(buf + len, size - len,
					isdigit((unsigned char)path[k][0]) ?
					"[%s]" : ".%s", path[k]);
}

static void warn_unknown(struct reader *r, const char *const *path, size_t n,
			 const char *const *known)
{
	char where[256];
	int line, col;

	for (size_t k = 0; known[k]; k++)
		if (!strcmp(known[k], path[n - 1]))
			return;
	path_text(path, n - 1, where, sizeof(where));
	json_text_position(r->text, path, n, true, &line, &col);
	sd_warn(r->file, line, col, "%s: unknown key \"%s\" ignored", where,
		path[n - 1]);
}

static const char *joined(struct sd_project *p, const char *rel)
{
	if (rel[0] == '/' || !strcmp(p->dir, "."))
		return arena_strdup(&p->arena, rel);
	return arena_printf(&p->arena, "%s/%s", p->dir, rel);
}

/* A string or an array of strings at path into *out (joined as paths
 * when as_path). */
static int string_list(struct reader *r, json_t *v, const char **path,
		       size_t n, bool as_path, const char ***out,
		       size_t *nout)
{
	struct sd_project *p = r->p;
	char where[256];
	size_t k;
	json_t *item;

	path_text(path, n, where, sizeof(where));
	if (json_is_string(v)) {
		*out = arena_alloc(&p->arena, sizeof(**out));
		(*out)[0] = as_path ? joined(p, json_string_value(v)) :
				      arena_strdup(&p->arena, json_string_value(v));
		*nout = 1;
		return 0;
	}
	if (!json_is_array(v))
		return located(r, SD_ERR_SPEC, path, n, false,
			       "%s: must be a string or an array of strings, not %s",
			       where, type_name(v));
	*out = arena_alloc(&p->arena, (json_array_size(v) + 1) * sizeof(**out));
	*nout = 0;
	json_array_foreach(v, k, item) {
		char idx[32];

		snprintf(idx, sizeof(idx), "%zu", k);
		path[n] = idx;
		if (!json_is_string(item))
			return located(r, SD_ERR_SPEC, path, n + 1, false,
				       "%s[%zu]: must be a string, not %s",
				       where, k, type_name(item));
		(*out)[(*nout)++] = as_path ?
			joined(p, json_string_value(item)) :
			arena_strdup(&p->arena, json_string_value(item));
	}
	return 0;
}

static int read_roots(struct reader *r, json_t *roots)
{
	static const char *const known[] = { "path", "desired", "ignore",
					     "ignore-file", NULL };
	struct sd_project *p = r->p;
	const char *key;
	json_t *val;
	const char *path[MAXPATH + 1] = { "roots" };
	int ret;

	if (!json_is_object(roots))
		return located(r, SD_ERR_SPEC, path, 1, false,
			       "$.roots: must be an object mapping root names to {\"path\": ...}, not %s",
			       type_name(roots));
	p->roots = arena_alloc(&p->arena,
			       (json_object_size(roots) + 1) * sizeof(*p->roots));
	json_object_foreach(roots, key, val) {
		struct project_root *pr = &p->roots[p->nroots];
		const char *k2;
		json_t *v2;

		path[1] = key;
		if (!*key || strchr(key, '/'))
			return located(r, SD_ERR_SPEC, path, 2, true,
				       "$.roots: \"%s\" is not a usable root name", key);
		if (!json_is_object(val))
			return located(r, SD_ERR_SPEC, path, 2, false,
				       "$.roots.%s: must be an object with \"path\", not %s",
				       key, type_name(val));
		pr->name = arena_strdup(&p->arena, key);
		json_object_foreach(val, k2, v2) {
			path[2] = k2;
			warn_unknown(r, path, 3, known);
		}
		v2 = json_object_get(val, "path");
		path[2] = "path";
		if (!v2)
			return located(r, SD_ERR_SPEC, path, 2, false,
				       "$.roots.%s: required key \"path\" (the schema root folder) is missing",
				       key);
		if (!json_is_string(v2) || !*json_string_value(v2))
			return located(r, SD_ERR_SPEC, path, 3, false,
				       "$.roots.%s.path: must be a folder name (a string), not %s",
				       key, type_name(v2));
		pr->path = joined(p, json_string_value(v2));
		if ((v2 = json_object_get(val, "desired"))) {
			path[2] = "desired";
			ret = string_list(r, v2, path, 3, true, &pr->desired,
					  &pr->ndesired);
			if (ret)
				return ret;
		}
		if ((v2 = json_object_get(val, "ignore"))) {
			path[2] = "ignore";
			ret = string_list(r, v2, path, 3, false, &pr->ignore,
					  &pr->nignore);
			if (ret)
				return ret;
		}
		if ((v2 = json_object_get(val, "ignore-file"))) {
			path[2] = "ignore-file";
			if (!json_is_string(v2))
				return located(r, SD_ERR_SPEC, path, 3, false,
					       "$.roots.%s.ignore-file: must be a file name (a string), not %s",
					       key, type_name(v2));
			pr->ignore_file = joined(p, json_string_value(v2));
		}
		p->nroots++;
	}
	return 0;
}

/* ${VAR} replaced from the environment; an unset one is an error at the
 * URL. */
static int expand_url(struct reader *r, const char *const *path, size_t n,
		      const char *url, const char **out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s = url;

	while (*s) {
		const char *end, *val;
		char name[256];

		if (s[0] != '$' || s[1] != '{') {
			strbuf_addch(&sb, *s++);
			continue;
		}
		end = strchr(s + 2, '}');
		if (!end || end == s + 2 || (size_t)(end - s - 2) >= sizeof(name)) {
			strbuf_release(&sb);
			return located(r, SD_ERR_SPEC, path, n, false,
				       "\"${\" without a variable name and \"}\" in a URL");
		}
		memcpy(name, s + 2, (size_t)(end - s - 2));
		name[end - s - 2] = '\0';
		val = getenv(name);
		if (!val) {
			strbuf_release(&sb);
			return located(r, SD_ERR_SPEC, path, n, false,
				       "environment variable \"%s\" named in a URL is not set",
				       name);
		}
		strbuf_addstr(&sb, val);
		s = end + 1;
	}
	*out = arena_strdup(&r->p->arena, sb.buf);
	strbuf_release(&sb);
	return 0;
}

static int read_envs(struct reader *r, json_t *envs)
{
	struct sd_project *p = r->p;
	const char *path[MAXPATH + 1] = { "environments" };
	const char *ename, *rname;
	json_t *eval, *rval;
	int ret;

	if (!json_is_object(envs))
		return located(r, SD_ERR_SPEC, path, 1, false,
			       "$.environments: must be an object mapping environment names to {ROOT: URLs}, not %s",
			       type_name(envs));
	p->envs = arena_alloc(&p->arena,
			      (json_object_size(envs) + 1) * sizeof(*p->envs));
	json_object_foreach(envs, ename, eval) {
		struct project_env *e = &p->envs[p->nenvs];

		path[1] = ename;
		if (!json_is_object(eval))
			return located(r, SD_ERR_SPEC, path, 2, false,
				       "$.environments.%s: must be an object mapping root names to URLs, not %s",
				       ename, type_name(eval));
		e->name = arena_strdup(&p->arena, ename);
		e->targets = arena_alloc(&p->arena, (json_object_size(eval) + 1) *
							    sizeof(*e->targets));
		json_object_foreach(eval, rname, rval) {
			struct project_targets *t = &e->targets[e->ntargets];
			long idx = project_root_index(p, rname);

			path[2] = rname;
			if (idx < 0)
				return located(r, SD_ERR_SPEC, path, 3, true,
					       "$.environments.%s: \"%s\" is not a root of $.roots",
					       ename, rname);
			t->root = (size_t)idx;
			ret = string_list(r, rval, path, 3, false, &t->urls,
					  &t->nurls);
			if (ret)
				return ret;
			if (!t->nurls)
				return located(r, SD_ERR_SPEC, path, 3, false,
					       "$.environments.%s.%s: no database URL",
					       ename, rname);
			for (size_t k = 0; k < t->nurls; k++) {
				char idx_s[32];
				size_t n = 3;

				if (json_is_array(rval)) {
					snprintf(idx_s, sizeof(idx_s), "%zu", k);
					path[n++] = idx_s;
				}
				ret = expand_url(r, path, n, t->urls[k], &t->urls[k]);
				if (ret)
					return ret;
			}
			e->ntargets++;
		}
		p->nenvs++;
	}
	return 0;
}

/* "500ms", "5s", "2m", "1h" or an integer (milliseconds); -2 if invalid */
static long duration_ms(json_t *v)
{
	const char *s;
	char *end;
	double d;

	if (json_is_integer(v))
		return json_integer_value(v) >= 0 ? (long)json_integer_value(v) : -2;
	if (!json_is_string(v))
		return -2;
	s = json_string_value(v);
	d = strtod(s, &end);
	if (end == s || d < 0)
		return -2;
	if (!strcmp(end, "ms"))
		return (long)d;
	if (!strcmp(end, "s"))
		return (long)(d * 1000);
	if (!strcmp(end, "m"))
		return (long)(d * 60000);
	if (!strcmp(end, "h"))
		return (long)(d * 3600000);
	return -2;
}

static int read_defaults(struct reader *r, json_t *d)
{
	static const char *const known[] = { "environment", "jobs", "canary",
					     "continue", "deploy-lock-timeout",
					     "format", NULL };
	struct project_defaults *df = &r->p->defaults;
	const char *path[MAXPATH + 1] = { "defaults" };
	const char *key;
	json_t *v;

	if (!json_is_object(d))
		return located(r, SD_ERR_SPEC, path, 1, false,
			       "$.defaults: must be an object, not %s",
			       type_name(d));
	json_object_foreach(d, key, v) {
		path[1] = key;
		warn_unknown(r, path, 2, known);
		if (!strcmp(key, "environment")) {
			if (!json_is_string(v) || !project_env(r->p, json_string_value(v)))
				return located(r, SD_ERR_SPEC, path, 2, false,
					       "$.defaults.environment: must name an environment of $.environments");
			df->environment = arena_strdup(&r->p->arena,
						       json_string_value(v));
		} else if (!strcmp(key, "jobs") || !strcmp(key, "canary")) {
			bool jobs = !strcmp(key, "jobs");

			if (!json_is_integer(v) || json_integer_value(v) < (jobs ? 1 : 0) ||
			    json_integer_value(v) > 1000000)
				return located(r, SD_ERR_SPEC, path, 2, false,
					       "$.defaults.%s: must be an integer of at least %d",
					       key, jobs ? 1 : 0);
			if (jobs)
				df->jobs = (long)json_integer_value(v);
			else
				df->canary = (long)json_integer_value(v);
		} else if (!strcmp(key, "continue")) {
			if (!json_is_boolean(v))
				return located(r, SD_ERR_SPEC, path, 2, false,
					       "$.defaults.continue: must be true or false, not %s",
					       type_name(v));
			df->keep_going = json_is_true(v);
		} else if (!strcmp(key, "deploy-lock-timeout")) {
			df->deploy_lock_timeout_ms = duration_ms(v);
			if (df->deploy_lock_timeout_ms == -2)
				return located(r, SD_ERR_SPEC, path, 2, false,
					       "$.defaults.deploy-lock-timeout: must be a duration such as \"5s\" or milliseconds");
		} else if (!strcmp(key, "format")) {
			const char *s = json_string_value(v);

			if (!s || (strcmp(s, "text") && strcmp(s, "json")))
				return located(r, SD_ERR_SPEC, path, 2, false,
					       "$.defaults.format: must be \"text\" or \"json\"");
			df->format = arena_strdup(&r->p->arena, s);
		}
	}
	return 0;
}

int project_read(const char *file, struct sd_project **out,
		 struct sd_error *err)
{
	static const char *const known[] = { "schemadiff-project", "roots",
					     "environments", "defaults", NULL };
	struct strbuf text = STRBUF_INIT;
	struct sd_project *p;
	struct reader r = { 0 };
	json_error_t je;
	json_t *doc = NULL, *v;
	const char *path[MAXPATH + 1];
	const char *key, *slash;
	int ret;

	*out = NULL;
	ret = sd_read_file(&text, file, err);
	if (ret)
		goto out;
	p = calloc(1, sizeof(*p));
	if (!p)
		abort();
	arena_init(&p->arena);
	p->file = arena_strdup(&p->arena, file);
	slash = strrchr(file, '/');
	p->dir = slash ? arena_strndup(&p->arena, file,
				       slash == file ? 1 : (size_t)(slash - file)) :
			 ".";
	p->defaults.canary = -1;
	p->defaults.keep_going = -1;
	p->defaults.deploy_lock_timeout_ms = -2;
	r.p = p;
	r.file = file;
	r.text = text.buf;
	r.err = err;
	doc = json_loadb(text.buf, text.len, JSON_REJECT_DUPLICATES, &je);
	if (!doc) {
		ret = sd_error_set(err, SD_ERR_SYNTAX, file, je.line > 0 ? je.line : 1,
				   je.column > 0 ? je.column : 1, "%s", je.text);
		goto fail;
	}
	if (!json_is_object(doc)) {
		ret = sd_error_set(err, SD_ERR_SPEC, file, 1, 1,
				   "$: a project file is a JSON object, not %s",
				   type_name(doc));
		goto fail;
	}
	json_object_foreach(doc, key, v) {
		path[0] = key;
		warn_unknown(&r, path, 1, known);
	}
	v = json_object_get(doc, "schemadiff-project");
	path[0] = "schemadiff-project";
	if (!v) {
		ret = sd_error_set(err, SD_ERR_SPEC, file, 1, 1,
				   "$: required key \"schemadiff-project\" (1) is missing: is this a schemadiff project file?");
		goto fail;
	}
	if (!json_is_integer(v) || json_integer_value(v) != 1) {
		ret = located(&r, SD_ERR_SPEC, path, 1, false,
			      "$.schemadiff-project: this schemadiff reads project files of format 1");
		goto fail;
	}
	v = json_object_get(doc, "roots");
	if (!v) {
		ret = sd_error_set(err, SD_ERR_SPEC, file, 1, 1,
				   "$: required key \"roots\" is missing");
		goto fail;
	}
	ret = read_roots(&r, v);
	if (!ret && (v = json_object_get(doc, "environments")))
		ret = read_envs(&r, v);
	if (!ret && (v = json_object_get(doc, "defaults")))
		ret = read_defaults(&r, v);
	if (ret)
		goto fail;
	*out = p;
	goto out;
fail:
	project_free(p);
out:
	json_decref(doc);
	strbuf_release(&text);
	return ret;
}

void project_free(struct sd_project *p)
{
	if (!p)
		return;
	arena_release(&p->arena);
	free(p);
}

const struct project_env *project_env(const struct sd_project *p,
				      const char *name)
{
	for (size_t i = 0; i < p->nenvs; i++)
		if (!strcmp(p->envs[i].name, name))
			return &p->envs[i];
	return NULL;
}

long project_root_index(const struct sd_project *p, const char *name)
{
	for (size_t i = 0; i < p->nroots; i++)
		if (!strcmp(p->roots[i].name, name))
			return (long)i;
	return -1;
}

int project_find(const char *start, struct strbuf *out)
{
	char dir[PATH_MAX];
	struct stat st;

	if (start) {
		if (!realpath(start, dir))
			return 1;
	} else if (!getcwd(dir, sizeof(dir))) {
		return 1;
	}
	for (;;) {
		struct strbuf f = STRBUF_INIT;
		char *slash;

		strbuf_addf(&f, "%s%s" PROJECT_FILE, dir,
			    strcmp(dir, "/") ? "/" : "");
		if (!stat(f.buf, &st) && S_ISREG(st.st_mode)) {
			strbuf_addstr(out, f.buf);
			strbuf_release(&f);
			return 0;
		}
		strbuf_release(&f);
		if (!strcmp(dir, "/"))
			return 1;
		slash = strrchr(dir, '/');
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
}

/* --- version.json: requires, cluster-once ---------------------------------- */

int version_links_read(struct arena *a, const char *dir,
		       struct version_links *out, struct sd_error *err)
{
	struct strbuf text = STRBUF_INIT;
	char *file = arena_printf(a, "%s/version.json", dir);
	json_error_t je;
	json_t *doc = NULL, *req, *once, *v;
	const char *key;
	int ret;
	size_t k;

	memset(out, 0, sizeof(*out));
	ret = sd_read_file(&text, file, err);
	if (ret)
		goto out;
	doc = json_loadb(text.buf, text.len, 0, &je);
	if (!doc) {
		ret = sd_error_set(err, SD_ERR_SYNTAX, file, je.line, je.column,
				   "%s", je.text);
		goto out;
	}
	req = json_object_get(doc, "requires");
	if (req && !json_is_object(req)) {
		const char *path[] = { "requires" };
		int line, col;

		json_text_position(text.buf, path, 1, false, &line, &col);
		ret = sd_error_set(err, SD_ERR_SPEC, file, line, col,
				   "$.requires: must be an object mapping root names to versions, not %s",
				   type_name(req));
		goto out;
	}
	if (req) {
		size_t n = json_object_size(req) + 1;

		out->req_roots = arena_alloc(a, n * sizeof(char *));
		out->req_versions = arena_alloc(a, n * sizeof(char *));
		out->req_line = arena_alloc(a, n * sizeof(int));
		out->req_col = arena_alloc(a, n * sizeof(int));
		json_object_foreach(req, key, v) {
			const char *path[] = { "requires", key };
			size_t i = out->nrequires;

			json_text_position(text.buf, path, 2, true,
					   &out->req_line[i], &out->req_col[i]);
			if (!json_is_string(v) ||
			    !spec_version_valid(json_string_value(v))) {
				ret = sd_error_set(err, SD_ERR_SPEC, file,
						   out->req_line[i], out->req_col[i],
						   "$.requires.%s: must be a version (a string such as \"12\")",
						   key);
				goto out;
			}
			out->req_roots[i] = arena_strdup(a, key);
			out->req_versions[i] = arena_strdup(a, json_string_value(v));
			out->nrequires++;
		}
	}
	once = json_object_get(doc, "cluster-once");
	if (once) {
		const char *path[] = { "cluster-once" };
		int line, col;

		json_text_position(text.buf, path, 1, false, &line, &col);
		if (!json_is_array(once)) {
			ret = sd_error_set(err, SD_ERR_SPEC, file, line, col,
					   "$.cluster-once: must be an array of source files");
			goto out;
		}
		out->cluster_once = arena_alloc(a, (json_array_size(once) + 1) *
							   sizeof(char *));
		json_array_foreach(once, k, v) {
			json_t *src = json_object_get(doc, "source");
			bool listed = false;
			size_t j;
			json_t *s;

			if (!json_is_string(v)) {
				ret = sd_error_set(err, SD_ERR_SPEC, file, line, col,
						   "$.cluster-once[%zu]: must be a string", k);
				goto out;
			}
			json_array_foreach(src, j, s)
				if (json_is_string(s) &&
				    !strcmp(json_string_value(s), json_string_value(v)))
					listed = true;
			if (!listed) {
				ret = sd_error_set(err, SD_ERR_SPEC, file, line, col,
						   "$.cluster-once[%zu]: \"%s\" is not a file of \"source\"",
						   k, json_string_value(v));
				goto out;
			}
			out->cluster_once[out->ncluster_once++] =
				arena_strdup(a, json_string_value(v));
		}
	}
out:
	json_decref(doc);
	strbuf_release(&text);
	return ret;
}

/* --- init --project ---------------------------------------------------------- */

int project_write_new(const char *dir, const char *const *names, size_t n,
		      const char *url, struct sd_error *err)
{
	struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT, body = STRBUF_INIT;
	json_t *doc = json_object(), *roots = json_object(),
	       *envs = json_object(), *dev = json_object();
	char *text = NULL;
	struct stat st;
	int ret = 0;

	strbuf_addf(&path, "%s/" PROJECT_FILE, dir);
	if (!stat(path.buf, &st)) {
		ret = sd_error_set(err, SD_ERR_CONFLICT, path.buf, 0, 0,
				   "a project file exists already");
		goto out;
	}
	json_object_set_new(doc, "schemadiff-project", json_integer(1));
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_object();

		json_object_set_new(r, "path", json_sprintf("db-schema/%s", names[i]));
		json_object_set_new(r, "desired", json_sprintf("schema/%s", names[i]));
		json_object_set_new(roots, names[i], r);
		json_object_set_new(dev, names[i], json_string(url));
	}
	json_object_set_new(doc, "roots", roots);
	json_object_set_new(envs, "dev", dev);
	json_object_set_new(doc, "environments", envs);
	json_object_set_new(doc, "defaults",
			    json_pack("{s:s, s:i}", "environment", "dev", "jobs", 4));
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	strbuf_addf(&tmp, "%s.tmp", path.buf);
	if (text) {
		strbuf_addstr(&body, text);
		strbuf_addch(&body, '\n');
	}
	if (!text || file_write_new(tmp.buf, body.buf, body.len)) {
		ret = sd_error_set(err, SD_ERR_IO, tmp.buf, 0, 0,
				   "cannot write: %s", strerror(errno));
		unlink(tmp.buf);
		goto out;
	}
	if (rename(tmp.buf, path.buf)) {
		ret = sd_error_set(err, SD_ERR_IO, path.buf, 0, 0,
				   "cannot write: %s", strerror(errno));
		unlink(tmp.buf);
	}
out:
	free(text);
	json_decref(doc);
	strbuf_release(&path);
	strbuf_release(&tmp);
	strbuf_release(&body);
	return ret;
}
