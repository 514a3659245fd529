/*
 * parser/spec/spec.c: read and validate a db-schema-spec 1.1 schema root
 * (schema.json, one version.json per version), replay its versions into a
 * catalog, and create a fresh root. See spec.h for the rules enforced.
 *
 * Memory: spec_read() returns a struct schema_root (malloc'd) whose strings
 * and arrays live in its arena, plus the parsed schema.json (jansson,
 * reference owned by the root); spec_free() releases all of it. Each
 * version.json is released as soon as it has been read.
 */
#define _GNU_SOURCE	/* renameat2 */
#include "parser/spec/spec.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parser/front/front.h"
#include "util/sha256.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/banned.h"

#define SPEC_RELEASE "1.1"

/* One version-history entry while the history is being read. */
struct hist_entry {
	const char *key;	/* the version as written */
	const char *path;	/* its version root, relative */
	size_t order;		/* position in schema.json */
};

static const char *const system_types[] = { "postgresql", "mysql", "mariadb" };

static int system_type_known(const char *s)
{
	for (size_t i = 0; i < sizeof(system_types) / sizeof(*system_types); i++)
		if (!strcmp(s, system_types[i]))
			return 1;
	return 0;
}

static const char *json_type_name(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

/* dir joined with rel, in the arena ("a" + "b" -> "a/b"; "a/" + "b" ->
 * "a/b"). */
static char *path_join(struct arena *a, const char *dir, const char *rel)
{
	size_t n = strlen(dir);

	if (!n)
		return arena_strdup(a, rel);
	if (dir[n - 1] == '/')
		return arena_printf(a, "%s%s", dir, rel);
	return arena_printf(a, "%s/%s", dir, rel);
}

/*
 * Read and parse a JSON file that must hold an object. 0 with *out set (the
 * caller's reference), or an error: SD_ERR_IO when the file cannot be read,
 * SD_ERR_SYNTAX (invalid JSON, FILE:LINE:COL) or SD_ERR_SPEC (a key twice
 * in one object, or not an object).
 */
static int load_json_object(const char *path, json_t **out,
			    struct sd_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	json_error_t jerr;
	json_t *j;
	int ret = 0;

	if ((ret = sd_read_file(&sb, path, err)))
		goto out_release;
	j = json_loadb(sb.buf, sb.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!j) {
		int line = jerr.line > 0 ? jerr.line : 0;
		int col = jerr.column > 0 ? jerr.column : 0;
		const char *near = strstr(jerr.text, "near ");

		if (json_error_code(&jerr) == json_error_duplicate_key)
			ret = sd_error_set(err, SD_ERR_SPEC, path, line, col,
					   "duplicate key: a json object holds the same key twice (%s)",
					   near ? near : jerr.text);
		else
			ret = sd_error_set(err, SD_ERR_SYNTAX, path, line, col,
					   "invalid json: %s", jerr.text);
		goto out_release;
	}
	if (!json_is_object(j)) {
		ret = sd_error_set(err, SD_ERR_SPEC, path, 0, 0,
				   "$: expected a json object, found %s",
				   json_type_name(j));
		json_decref(j);
		goto out_release;
	}
	*out = j;
out_release:
	strbuf_release(&sb);
	return ret;
}

/* The string under key in obj: 0 with *out set, or SD_ERR_SPEC naming
 * $.key (missing, or another type). */
static int get_string(const json_t *obj, const char *key, const char *file,
		      const char **out, struct sd_error *err)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return sd_error_set(err, SD_ERR_SPEC, file, 0, 0,
				    "$.%s: required key \"%s\" is missing", key,
				    key);
	if (!json_is_string(v))
		return sd_error_set(err, SD_ERR_SPEC, file, 0, 0,
				    "$.%s: \"%s\" must be a string, not %s", key,
				    key, json_type_name(v));
	*out = json_string_value(v);
	return 0;
}

static int check_spec_release(const json_t *obj, const char *file,
			      struct sd_error *err)
{
	const char *rel;
	int ret = get_string(obj, "db-schema-spec", file, &rel, err);

	if (ret)
		return ret;
	if (strcmp(rel, SPEC_RELEASE))
		return sd_error_set(err, SD_ERR_SPEC, file, 0, 0,
				    "$.db-schema-spec: unsupported db-schema-spec \"%s\" (only \"" SPEC_RELEASE "\" is supported)",
				    rel);
	return 0;
}

/* 1 if rel is a relative path with no ".." component (and not empty). */
static int path_is_relative_inside(const char *rel)
{
	const char *p = rel;

	if (!*rel || *rel == '/')
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		p += n;
		while (*p == '/')
			p++;
	}
	return 1;
}

/*
 * Where path really is: 0 inside rootreal (strictly below it), 1 outside,
 * -1 with errno set when it cannot be resolved (e.g. ENOENT).
 */
static int path_resolves_inside(const char *rootreal, const char *path)
{
	char *real = realpath(path, NULL);
	size_t n = strlen(rootreal);
	int inside;

	if (!real)
		return -1;
	if (n == 1)	/* the root is "/" */
		inside = real[1] != '\0';
	else
		inside = !strncmp(real, rootreal, n) && real[n] == '/';
	free(real);
	return inside ? 0 : 1;
}

/* Hash one source file into ctx as SPEC_CHECKSUM defines it. */
static int checksum_add(struct sha256_ctx *ctx, const char *name,
			const char *file, struct sd_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned char len[8];
	uint64_t n;
	int i;

	if ((i = sd_read_file(&sb, file, err))) {
		strbuf_release(&sb);
		return i;
	}
	n = sb.len;
	for (i = 0; i < 8; i++)
		len[i] = (unsigned char)(n >> (56 - 8 * i));
	sha256_update(ctx, name, strlen(name) + 1);
	sha256_update(ctx, len, sizeof(len));
	sha256_update(ctx, sb.buf, sb.len);
	strbuf_release(&sb);
	return 0;
}

/*
 * Read the sources of one version.json (`source`, or the examples'
 * `command`), check each file and fill v->sources and v->checksum.
 */
static int read_sources(struct schema_root *root, const char *rootreal,
			json_t *vj, const char *vfile, struct spec_version *v,
			struct sd_error *err)
{
	json_t *src = json_object_get(vj, "source");
	json_t *cmd = json_object_get(vj, "command");
	const char *key = "source";
	struct sha256_ctx ctx;
	unsigned char digest[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE];
	size_t i;
	json_t *item;

	if (src && cmd)
		return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
				    "$.command: both \"source\" and \"command\" are present (\"command\" is the spec examples' spelling of \"source\": keep one)");
	if (!src && cmd) {
		src = cmd;
		key = "command";
		sd_warn(vfile, 0, 0,
			"$.command: read \"command\" as \"source\" (the spec's text names it \"source\")");
	}
	if (!src)
		return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
				    "$.source: required key \"source\" is missing");
	if (!json_is_array(src))
		return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
				    "$.%s: \"%s\" must be an array of strings, not %s",
				    key, key, json_type_name(src));

	v->nsources = json_array_size(src);
	v->sources = arena_alloc(&root->arena,
				 (v->nsources ? v->nsources : 1) *
					 sizeof(*v->sources));
	sha256_init(&ctx);
	json_array_foreach(src, i, item) {
		const char *name, *file;
		int r;

		if (!json_is_string(item))
			return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
					    "$.%s[%zu]: a source must be a string, not %s",
					    key, i, json_type_name(item));
		name = json_string_value(item);
		if (!path_is_relative_inside(name))
			return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
					    "$.%s[%zu]: source \"%s\" must be a relative path inside its version root",
					    key, i, name);
		file = path_join(&root->arena, v->dir, name);
		r = path_resolves_inside(rootreal, file);
		if (r < 0 && errno == ENOENT)
			return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
					    "$.%s[%zu]: source file \"%s\" does not exist",
					    key, i, name);
		if (r < 0)
			return sd_error_set(err, SD_ERR_IO, vfile, 0, 0,
					    "$.%s[%zu]: cannot resolve source file \"%s\": %s",
					    key, i, name, strerror(errno));
		if (r > 0)
			return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
					    "$.%s[%zu]: source \"%s\" leads outside the schema root",
					    key, i, name);
		r = checksum_add(&ctx, name, file, err);
		if (r)
			return r;
		v->sources[i] = arena_strdup(&root->arena, name);
	}
	sha256_final(&ctx, digest);
	sha256_hex(digest, hex);
	v->checksum = arena_strdup(&root->arena, hex);
	return 0;
}

/*
 * Our optional `down` key (files that undo the version, run in order) and
 * `down-hazards` (["deletes-data"] when undoing may lose data): checked
 * like `source`, into v->downs and v->down_deletes_data. Other readers
 * ignore both.
 */
static int read_downs(struct schema_root *root, const char *rootreal,
		      json_t *vj, const char *vfile, struct spec_version *v,
		      struct sd_error *err)
{
	json_t *down = json_object_get(vj, "down");
	json_t *hz = json_object_get(vj, "down-hazards");
	json_t *item;
	size_t i;

	if (hz && !json_is_array(hz))
		return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
				    "$.down-hazards: must be an array of strings, not %s",
				    json_type_name(hz));
	json_array_foreach(hz, i, item)
		if (json_is_string(item) &&
		    !strcmp(json_string_value(item), "deletes-data"))
			v->down_deletes_data = 1;
	if (!down)
		return 0;
	if (!json_is_array(down))
		return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
				    "$.down: \"down\" must be an array of strings, not %s",
				    json_type_name(down));
	v->ndowns = json_array_size(down);
	v->downs = arena_alloc(&root->arena,
			       (v->ndowns ? v->ndowns : 1) * sizeof(*v->downs));
	json_array_foreach(down, i, item) {
		const char *name, *file;
		int r;

		if (!json_is_string(item))
			return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
					    "$.down[%zu]: a down file must be a string, not %s",
					    i, json_type_name(item));
		name = json_string_value(item);
		if (!path_is_relative_inside(name))
			return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
					    "$.down[%zu]: \"%s\" must be a relative path inside its version root",
					    i, name);
		file = path_join(&root->arena, v->dir, name);
		r = path_resolves_inside(rootreal, file);
		if (r < 0)
			return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
					    "$.down[%zu]: down file \"%s\" does not exist",
					    i, name);
		if (r > 0)
			return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
					    "$.down[%zu]: down file \"%s\" leads outside the schema root",
					    i, name);
		v->downs[i] = arena_strdup(&root->arena, name);
	}
	return 0;
}

/*
 * Our optional `demo` key: demo-data files of the version (inserts that
 * bring the demo data up to it), checked like `source`, into v->demos with
 * their checksum; v->sum_checksum covers them (see spec.h). Other readers
 * ignore the key.
 */
static int read_demos(struct schema_root *root, const char *rootreal,
		      json_t *vj, const char *vfile, struct spec_version *v,
		      struct sd_error *err)
{
	json_t *demo = json_object_get(vj, "demo");
	struct sha256_ctx ctx;
	unsigned char digest[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE];
	json_t *item;
	size_t i;

	v->sum_checksum = v->checksum;
	if (!demo)
		return 0;
	if (!json_is_array(demo))
		return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
				    "$.demo: \"demo\" must be an array of strings, not %s",
				    json_type_name(demo));
	v->ndemos = json_array_size(demo);
	v->demos = arena_alloc(&root->arena,
			       (v->ndemos ? v->ndemos : 1) * sizeof(*v->demos));
	sha256_init(&ctx);
	json_array_foreach(demo, i, item) {
		const char *name, *file;
		int r;

		if (!json_is_string(item))
			return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
					    "$.demo[%zu]: a demo file must be a string, not %s",
					    i, json_type_name(item));
		name = json_string_value(item);
		if (!path_is_relative_inside(name))
			return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
					    "$.demo[%zu]: \"%s\" must be a relative path inside its version root",
					    i, name);
		file = path_join(&root->arena, v->dir, name);
		r = path_resolves_inside(rootreal, file);
		if (r < 0)
			return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
					    "$.demo[%zu]: demo file \"%s\" does not exist",
					    i, name);
		if (r > 0)
			return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
					    "$.demo[%zu]: demo file \"%s\" leads outside the schema root",
					    i, name);
		r = checksum_add(&ctx, name, file, err);
		if (r)
			return r;
		v->demos[i] = arena_strdup(&root->arena, name);
	}
	if (!v->ndemos)
		return 0;
	sha256_final(&ctx, digest);
	sha256_hex(digest, hex);
	v->demo_checksum = arena_strdup(&root->arena, hex);
	sha256_init(&ctx);
	sha256_update(&ctx, v->checksum, strlen(v->checksum));
	sha256_update(&ctx, "\ndemo\n", 6);
	sha256_update(&ctx, hex, strlen(hex));
	sha256_final(&ctx, digest);
	sha256_hex(digest, hex);
	v->sum_checksum = arena_strdup(&root->arena, hex);
	return 0;
}

/*
 * Our optional `squashed` key, written by schemadiff squash on a baseline:
 * [{"version": "1", "checksum": "<hex>", "upgrade": "from-1.sql"}, ...,
 *  {"version": "<this one>", "checksum": "<hex it had>"}]. The versions
 * must not be above this one; an upgrade file is checked like `source`.
 */
static int read_squashed(struct schema_root *root, const char *rootreal,
			 json_t *vj, const char *vfile, struct spec_version *v,
			 struct sd_error *err)
{
	json_t *sq = json_object_get(vj, "squashed");
	json_t *item;
	size_t i;

	if (!sq)
		return 0;
	if (!json_is_array(sq))
		return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
				    "$.squashed: must be an array of objects, not %s",
				    json_type_name(sq));
	v->nsquashed = json_array_size(sq);
	v->squashed = arena_alloc(&root->arena, (v->nsquashed ? v->nsquashed : 1) *
						sizeof(*v->squashed));
	json_array_foreach(sq, i, item) {
		json_t *ver = json_object_get(item, "version");
		json_t *sum = json_object_get(item, "checksum");
		json_t *up = json_object_get(item, "upgrade");
		struct spec_squashed *e = &v->squashed[i];

		if (!json_is_object(item) || !json_is_string(ver) ||
		    !json_is_string(sum) || (up && !json_is_string(up)))
			return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
					    "$.squashed[%zu]: must be an object with strings \"version\", \"checksum\" and optionally \"upgrade\"",
					    i);
		if (!spec_version_valid(json_string_value(ver)) ||
		    spec_version_cmp(json_string_value(ver), v->version) > 0)
			return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
					    "$.squashed[%zu].version: \"%s\" must be a version not above %s",
					    i, json_string_value(ver), v->version);
		e->version = arena_strdup(&root->arena, json_string_value(ver));
		e->checksum = arena_strdup(&root->arena, json_string_value(sum));
		if (up) {
			const char *name = json_string_value(up), *file;
			int r;

			if (!path_is_relative_inside(name))
				return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
						    "$.squashed[%zu].upgrade: \"%s\" must be a relative path inside its version root",
						    i, name);
			file = path_join(&root->arena, v->dir, name);
			r = path_resolves_inside(rootreal, file);
			if (r)
				return sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
						    "$.squashed[%zu].upgrade: file \"%s\" %s",
						    i, name, r < 0 ? "does not exist" :
						    "leads outside the schema root");
			e->upgrade = arena_strdup(&root->arena, name);
		}
	}
	return 0;
}

const struct spec_squashed *spec_find_squashed(const struct schema_root *root,
					       const char *version,
					       const struct spec_version **owner)
{
	for (size_t i = 0; i < root->nversions; i++)
		for (size_t j = 0; j < root->versions[i].nsquashed; j++)
			if (!spec_version_cmp(root->versions[i].squashed[j].version,
					      version)) {
				if (owner)
					*owner = &root->versions[i];
				return &root->versions[i].squashed[j];
			}
	return NULL;
}

/* Check the version root of history entry h and read its version.json
 * into v. */
static int read_version(struct schema_root *root, const char *rootreal,
			const char *sfile, const struct hist_entry *h,
			struct spec_version *v, struct sd_error *err)
{
	const char *vfile, *s;
	json_t *vj = NULL, *st;
	struct stat stbuf;
	int ret, r;

	v->version = arena_strdup(&root->arena, h->key);
	v->path = arena_strdup(&root->arena, h->path);
	v->dir = path_join(&root->arena, root->dir, h->path);

	r = path_resolves_inside(rootreal, v->dir);
	if (r < 0 && errno == ENOENT)
		return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
				    "$.version-history[\"%s\"]: version root \"%s\" does not exist",
				    h->key, h->path);
	if (r < 0)
		return sd_error_set(err, SD_ERR_IO, sfile, 0, 0,
				    "$.version-history[\"%s\"]: cannot resolve version root \"%s\": %s",
				    h->key, h->path, strerror(errno));
	if (r > 0)
		return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
				    "$.version-history[\"%s\"]: version root \"%s\" leads outside the schema root",
				    h->key, h->path);
	if (stat(v->dir, &stbuf) || !S_ISDIR(stbuf.st_mode))
		return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
				    "$.version-history[\"%s\"]: version root \"%s\" is not a directory",
				    h->key, h->path);

	vfile = path_join(&root->arena, v->dir, "version.json");
	r = path_resolves_inside(rootreal, vfile);
	if (r < 0 && errno == ENOENT)
		return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
				    "$.version-history[\"%s\"]: version root \"%s\" has no version.json",
				    h->key, h->path);
	if (r > 0)
		return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
				    "$.version-history[\"%s\"]: \"%s/version.json\" leads outside the schema root",
				    h->key, h->path);

	ret = load_json_object(vfile, &vj, err);
	if (ret)
		return ret;
	ret = check_spec_release(vj, vfile, err);
	if (ret)
		goto out_decref;
	/* A schema name or version that differs means the folder belongs to
	 * another schema or version: both are errors, not warnings. */
	ret = get_string(vj, "schema", vfile, &s, err);
	if (ret)
		goto out_decref;
	if (strcmp(s, root->name)) {
		ret = sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
				   "$.schema: schema \"%s\" does not match the name \"%s\" in schema.json",
				   s, root->name);
		goto out_decref;
	}
	ret = get_string(vj, "version", vfile, &s, err);
	if (ret)
		goto out_decref;
	if (!spec_version_valid(s)) {
		ret = sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
				   "$.version: version \"%s\" is not a number",
				   s);
		goto out_decref;
	}
	if (spec_version_cmp(s, h->key)) {
		ret = sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
				   "$.version: version \"%s\" does not match \"%s\" in schema.json's version-history",
				   s, h->key);
		goto out_decref;
	}
	if (strcmp(s, h->key))
		sd_warn(vfile, 0, 0,
			"$.version: version \"%s\" is written \"%s\" in schema.json's version-history",
			s, h->key);
	st = json_object_get(vj, "system-type");
	if (st && !json_is_string(st)) {
		ret = sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
				   "$.system-type: \"system-type\" must be a string, not %s",
				   json_type_name(st));
		goto out_decref;
	}
	if (st && strcmp(json_string_value(st), root->system_type)) {
		ret = sd_error_set(err, SD_ERR_SPEC, vfile, 0, 0,
				   "$.system-type: system-type \"%s\" does not match \"%s\" in schema.json",
				   json_string_value(st), root->system_type);
		goto out_decref;
	}
	ret = read_sources(root, rootreal, vj, vfile, v, err);
	if (!ret)
		ret = read_downs(root, rootreal, vj, vfile, v, err);
	if (!ret)
		ret = read_squashed(root, rootreal, vj, vfile, v, err);
	if (!ret)
		ret = read_demos(root, rootreal, vj, vfile, v, err);
out_decref:
	json_decref(vj);
	return ret;
}

static int hist_cmp(const void *pa, const void *pb)
{
	const struct hist_entry *a = pa, *b = pb;
	int c = spec_version_cmp(a->key, b->key);

	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Read $.version-history into a sorted array of entries; duplicates by
 * value are an error naming the later spelling. */
static int read_history(struct schema_root *root, const char *sfile,
			struct hist_entry **out, size_t *nout,
			struct sd_error *err)
{
	json_t *hist = json_object_get(root->schema_json, "version-history");
	struct hist_entry *h;
	const char *key;
	json_t *val;
	size_t n = 0;

	if (!hist)
		return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
				    "$.version-history: required key \"version-history\" is missing");
	if (!json_is_object(hist))
		return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
				    "$.version-history: \"version-history\" must be an object, not %s",
				    json_type_name(hist));
	h = arena_alloc(&root->arena,
			(json_object_size(hist) + 1) * sizeof(*h));
	json_object_foreach(hist, key, val) {
		if (!spec_version_valid(key))
			return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
					    "$.version-history[\"%s\"]: version \"%s\" is not a number (digits, optionally a '.' and more digits)",
					    key, key);
		if (!json_is_string(val))
			return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
					    "$.version-history[\"%s\"]: the path of version \"%s\" must be a string, not %s",
					    key, key, json_type_name(val));
		if (!path_is_relative_inside(json_string_value(val)))
			return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
					    "$.version-history[\"%s\"]: version root \"%s\" must be a relative path inside the schema root",
					    key, json_string_value(val));
		h[n].key = key;
		h[n].path = json_string_value(val);
		h[n].order = n;
		n++;
	}
	qsort(h, n, sizeof(*h), hist_cmp);
	for (size_t i = 1; i < n; i++) {
		if (!spec_version_cmp(h[i - 1].key, h[i].key)) {
			const struct hist_entry *later =
				h[i].order > h[i - 1].order ? &h[i] : &h[i - 1];
			const struct hist_entry *first =
				later == &h[i] ? &h[i - 1] : &h[i];
			return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
					    "$.version-history[\"%s\"]: duplicate version: \"%s\" has the same value as \"%s\"",
					    later->key, later->key, first->key);
		}
	}
	*out = h;
	*nout = n;
	return 0;
}

/* The body of spec_read() once root and schema.json are loaded. */
/* Our optional $.target-version: a PostgreSQL major version (13 or
 * later) that plan writes SQL for when --target-version is not given. */
static int read_target_version(struct schema_root *root, const char *sfile,
			       struct sd_error *err)
{
	json_t *tv = json_object_get(root->schema_json, "target-version");
	json_int_t v;

	if (!tv)
		return 0;
	if (strcmp(root->system_type, "postgresql"))
		return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
				    "$.target-version: \"target-version\" is for PostgreSQL roots, this one is \"%s\"",
				    root->system_type);
	if (!json_is_integer(tv) || (v = json_integer_value(tv)) < 13 ||
	    v > 99)
		return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
				    "$.target-version: \"target-version\" must be a PostgreSQL major version from 13, such as 17");
	root->pg_target_version = (int)v * 10000;
	return 0;
}

static int read_root(struct schema_root *root, const char *sfile,
		     struct sd_error *err)
{
	json_t *sj = root->schema_json;
	struct hist_entry *hist = NULL;
	const char *s, *cur;
	char *rootreal;
	size_t n = 0, i;
	int ret;

	ret = check_spec_release(sj, sfile, err);
	if (ret)
		return ret;
	ret = get_string(sj, "name", sfile, &s, err);
	if (ret)
		return ret;
	if (!*s)
		return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
				    "$.name: the schema name must not be empty");
	root->name = arena_strdup(&root->arena, s);
	ret = get_string(sj, "system-type", sfile, &s, err);
	if (ret)
		return ret;
	if (!system_type_known(s))
		return sd_error_set(err, SD_ERR_UNSUPPORTED, sfile, 0, 0,
				    "$.system-type: unsupported system-type \"%s\" (expected \"postgresql\", \"mysql\" or \"mariadb\")",
				    s);
	root->system_type = arena_strdup(&root->arena, s);
	ret = read_target_version(root, sfile, err);
	if (ret)
		return ret;
	ret = get_string(sj, "current-version", sfile, &cur, err);
	if (ret)
		return ret;
	ret = read_history(root, sfile, &hist, &n, err);
	if (ret)
		return ret;

	if (!*cur && n)
		return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
				    "$.current-version: current-version is empty but version-history is not");
	if (*cur && !spec_version_valid(cur))
		return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
				    "$.current-version: version \"%s\" is not a number",
				    cur);
	if (*cur) {
		for (i = 0; i < n; i++)
			if (!spec_version_cmp(cur, hist[i].key))
				break;
		if (i == n)
			return sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
					    "$.current-version: current-version \"%s\" is not in version-history",
					    cur);
	}
	root->current_version = arena_strdup(&root->arena, cur);

	rootreal = realpath(root->dir, NULL);
	if (!rootreal)
		return sd_error_set(err, SD_ERR_IO, root->dir, 0, 0,
				    "cannot resolve schema root \"%s\": %s",
				    root->dir, strerror(errno));
	root->versions = arena_alloc(&root->arena,
				     (n ? n : 1) * sizeof(*root->versions));
	for (i = 0; i < n; i++) {
		ret = read_version(root, rootreal, sfile, &hist[i],
				   &root->versions[i], err);
		if (ret)
			goto out_free_rootreal;
	}
	root->nversions = n;
out_free_rootreal:
	free(rootreal);
	return ret;
}

int spec_read(const char *dir, struct schema_root **out,
	      struct sd_error *err)
{
	struct schema_root *root;
	struct stat st;
	const char *sfile;
	json_t *sj = NULL;
	int ret;

	*out = NULL;
	if (stat(dir, &st))
		return sd_error_set(err, SD_ERR_IO, dir, 0, 0,
				    "cannot read schema root \"%s\": %s", dir,
				    strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return sd_error_set(err, SD_ERR_IO, dir, 0, 0,
				    "schema root \"%s\" is not a directory", dir);
	root = calloc(1, sizeof(*root));
	if (!root)
		return sd_error_set(err, SD_ERR_IO, dir, 0, 0, "out of memory");
	arena_init(&root->arena);
	root->dir = arena_strdup(&root->arena, dir);
	sfile = path_join(&root->arena, dir, "schema.json");
	if (stat(sfile, &st) && errno == ENOENT) {
		ret = sd_error_set(err, SD_ERR_SPEC, sfile, 0, 0,
				   "schema root \"%s\" has no schema.json", dir);
		goto out_free_root;
	}
	ret = load_json_object(sfile, &sj, err);
	if (ret)
		goto out_free_root;
	root->schema_json = sj;
	ret = read_root(root, sfile, err);
	if (ret)
		goto out_free_root;
	*out = root;
	return 0;
out_free_root:
	spec_free(root);
	return ret;
}

void spec_free(struct schema_root *root)
{
	if (!root)
		return;
	json_decref(root->schema_json);
	arena_release(&root->arena);
	free(root);
}

int spec_replay(const struct schema_root *root, const char *upto,
		struct catalog *cat, struct sd_error *err)
{
	const struct spec_version *last;
	struct strbuf sql = STRBUF_INIT, file = STRBUF_INIT;
	size_t i, j;
	int ret = 0;

	/* the root's server, also for a root without versions: a first plan
	 * loads the desired files by its versioned-comment rules */
	if (cat->dialect == SQL_MYSQL)
		front_mysql_target_of(root->system_type, &cat->mysql_target);
	if (upto) {
		last = spec_find_version(root, upto);
		if (!last)
			return sd_error_set(err, SD_ERR, NULL, 0, 0,
					    "version \"%s\" is not in the version history of schema \"%s\"",
					    upto, root->name);
	} else {
		if (!root->nversions)
			return 0;
		last = &root->versions[root->nversions - 1];
	}
	if (front_dialect_of(root->system_type) != (int)cat->dialect)
		return sd_error_set(err, SD_ERR, NULL, 0, 0,
				    "a %s schema root cannot be replayed into a catalog of another dialect",
				    root->system_type);
	for (i = 0; i < root->nversions; i++) {
		const struct spec_version *v = &root->versions[i];

		for (j = 0; j < v->nsources; j++) {
			strbuf_reset(&file);
			strbuf_addstr(&file, v->dir);
			strbuf_addch(&file, '/');
			strbuf_addstr(&file, v->sources[j]);
			strbuf_reset(&sql);
			if ((ret = sd_read_file(&sql, file.buf, err)))
				goto out_release;
			ret = front_replay_script(cat, file.buf, sql.buf, err);
			if (ret)
				goto out_release;
		}
		if (v == last)
			break;
	}
out_release:
	strbuf_release(&sql);
	strbuf_release(&file);
	return ret;
}

/* mkdir -p: 0 or -1 with errno set. */
/* Remove the folders of dir that mkdir_parents() created (the prefixes
 * at least `first` bytes long), deepest first; rmdir leaves any that is
 * not empty. */
static void rmdir_created(const char *dir, size_t first)
{
	struct strbuf sb = STRBUF_INIT;
	int e = errno;

	strbuf_addstr(&sb, dir);
	while (first && sb.len >= first) {
		char *slash;

		rmdir(sb.buf);
		slash = strrchr(sb.buf, '/');
		if (!slash)
			break;
		strbuf_setlen(&sb, (size_t)(slash - sb.buf));
	}
	strbuf_release(&sb);
	errno = e;
}

/* mkdir -p; *first gets the length of the shortest prefix it created
 * (0: none), so that a failure later can undo it (rmdir_created). */
static int mkdir_parents(const char *dir, size_t *first)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	size_t i;
	int ret = 0;

	*first = 0;
	strbuf_addstr(&sb, dir);
	for (i = 1; i <= sb.len; i++) {
		char c = sb.buf[i];

		if (c != '/' && c != '\0')
			continue;
		sb.buf[i] = '\0';
		if (mkdir(sb.buf, 0777)) {
			if (errno != EEXIST) {
				ret = -1;
				break;
			}
		} else if (!*first) {
			*first = i;
		}
		sb.buf[i] = c;
	}
	if (ret)
		rmdir_created(dir, *first);
	if (!ret && stat(dir, &st)) {
		ret = -1;
	} else if (!ret && !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		ret = -1;
	}
	strbuf_release(&sb);
	return ret;
}

/* rename(2) that never replaces `to`: 0 or -1 with errno set (EEXIST when
 * to exists). Falls back to link(2) + unlink(2) where renameat2 with
 * RENAME_NOREPLACE is not available (files only). */
static int rename_noreplace(const char *from, const char *to)
{
	if (!renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE))
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return -1;
	if (link(from, to))
		return -1;
	unlink(from);
	return 0;
}

int spec_init(const char *dir, const char *name, const char *system_type,
	      struct sd_error *err)
{
	struct strbuf sfile = STRBUF_INIT, tmp = STRBUF_INIT;
	struct strbuf body = STRBUF_INIT;
	struct stat st;
	json_t *j = NULL;
	char *text = NULL;
	size_t created = 0;	/* folders made here: removed on failure */
	int ret = 0;

	if (!system_type || !system_type_known(system_type))
		return sd_error_set(err, SD_ERR_UNSUPPORTED, NULL, 0, 0,
				    "unsupported system-type \"%s\" (expected \"postgresql\", \"mysql\" or \"mariadb\")",
				    system_type ? system_type : "");
	if (!name || !*name)
		return sd_error_set(err, SD_ERR, NULL, 0, 0,
				    "the schema name must not be empty");
	strbuf_addstr(&sfile, dir);
	if (sfile.len && sfile.buf[sfile.len - 1] != '/')
		strbuf_addch(&sfile, '/');
	strbuf_addstr(&sfile, "schema.json");
	if (!lstat(sfile.buf, &st)) {
		ret = sd_error_set(err, SD_ERR_CONFLICT, sfile.buf, 0, 0,
				   "\"%s\" already exists: not overwriting it",
				   sfile.buf);
		goto out_release;
	}
	if (mkdir_parents(dir, &created)) {
		ret = sd_error_set(err, SD_ERR_IO, dir, 0, 0,
				   "cannot create schema root \"%s\": %s", dir,
				   strerror(errno));
		goto out_release;
	}

	j = json_object();
	json_object_set_new(j, "db-schema-spec", json_string(SPEC_RELEASE));
	json_object_set_new(j, "name", json_string(name));
	json_object_set_new(j, "system-type", json_string(system_type));
	json_object_set_new(j, "current-version", json_string(""));
	json_object_set_new(j, "version-history", json_object());
	text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text) {
		ret = sd_error_set(err, SD_ERR_IO, sfile.buf, 0, 0,
				   "cannot encode \"%s\" (is the name valid UTF-8?)",
				   sfile.buf);
		goto out_decref;
	}
	strbuf_addf(&tmp, "%s.tmp-%ld", sfile.buf, (long)getpid());
	strbuf_addstr(&body, text);
	strbuf_addch(&body, '\n');
	if (file_write_new(tmp.buf, body.buf, body.len)) {
		ret = sd_error_set(err, SD_ERR_IO, tmp.buf, 0, 0,
				   "cannot write \"%s\": %s", tmp.buf,
				   strerror(errno));
		goto out_free_text;
	}
	if (rename_noreplace(tmp.buf, sfile.buf)) {
		int e = errno;
		unlink(tmp.buf);
		if (e == EEXIST)
			ret = sd_error_set(err, SD_ERR_CONFLICT, sfile.buf, 0,
					   0,
					   "\"%s\" already exists: not overwriting it",
					   sfile.buf);
		else
			ret = sd_error_set(err, SD_ERR_IO, sfile.buf, 0, 0,
					   "cannot create \"%s\": %s",
					   sfile.buf, strerror(e));
	}
out_free_text:
	free(text);
out_decref:
	json_decref(j);
	/* a failed init leaves no empty folder behind */
	if (ret)
		rmdir_created(dir, created);
out_release:
	strbuf_release(&body);
	strbuf_release(&tmp);
	strbuf_release(&sfile);
	return ret;
}
