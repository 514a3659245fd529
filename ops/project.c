/*
 * ops/project.c: `init --project`: a new project file (schemadiff.json)
 * and, for each root it names, an empty schema root (db-schema/NAME) and
 * a desired-files folder (schema/NAME). Everything is checked for
 * existence before anything is written. And `plan` over a project: every
 * root with desired files planned, a root after the roots whose objects
 * its desired files use, each new version requiring the versions of the
 * other roots it uses (ops/requires.c). Owns no memory past its return
 * except the plan results (ops_project_plan_result_release()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ops/ops_internal.h"
#include "ops/requires.h"
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

/* --- plan over a project ---------------------------------------------------- */

/* The latest catalog of each root of the project (NULL where the root has
 * no version or cannot be replayed offline: a warning says so), with its
 * latest version. */
static void load_latest(const struct sd_project *p, struct schema_root **roots,
			struct catalog **cats, struct ops_plan_root_ref *refs,
			const struct ops_events *ev)
{
	for (size_t i = 0; i < p->nroots; i++) {
		struct sd_error err = { 0 };

		refs[i].name = p->roots[i].name;
		refs[i].version = NULL;
		refs[i].cat = NULL;
		cats[i] = NULL;
		if (spec_read(p->roots[i].path, &roots[i], &err) ||
		    !roots[i]->nversions) {
			if (err.code)
				ops_emit(ev, OPS_EVENT_WARNING, "root %s: %s",
					 p->roots[i].name, err.msg);
			continue;
		}
		if (ops_load_root(roots[i], NULL, &cats[i], &err)) {
			ops_emit(ev, OPS_EVENT_WARNING,
				 "root %s: its latest version cannot be read offline, so no version can require it: %s",
				 p->roots[i].name, err.msg);
			cats[i] = NULL;
			continue;
		}
		refs[i].version = roots[i]->versions[roots[i]->nversions - 1].version;
		refs[i].cat = cats[i];
	}
}

static void release_latest(size_t n, struct schema_root **roots,
			   struct catalog **cats)
{
	for (size_t i = 0; i < n; i++) {
		catalog_free(cats[i]);
		spec_free(roots[i]);
		roots[i] = NULL;
		cats[i] = NULL;
	}
}

/* The roots with desired files, in an order where a root comes after
 * the roots whose desired objects it uses (the project's order where
 * nothing decides, and to break a cycle). */
static int plan_order(const struct sd_project *p, size_t *order, size_t *n,
		      const struct ops_events *ev, struct sd_error *err)
{
	struct catalog **want = calloc(p->nroots + 1, sizeof(*want));
	struct ops_plan_root_ref *refs = calloc(p->nroots + 1, sizeof(*refs));
	bool *used = calloc(p->nroots * p->nroots + 1, sizeof(*used));
	bool *done = calloc(p->nroots + 1, sizeof(*done));
	int ret = 0;

	if (!want || !refs || !used || !done)
		abort();
	*n = 0;
	for (size_t i = 0; i < p->nroots && !ret; i++) {
		struct schema_root *root = NULL;

		refs[i].name = p->roots[i].name;
		if (!p->roots[i].ndesired) {
			done[i] = true;
			continue;
		}
		ret = spec_read(p->roots[i].path, &root, err);
		if (!ret)
			ret = ops_load_desired(p->roots[i].desired,
					       p->roots[i].ndesired, NULL,
					       ops_root_dialect(root), NULL,
					       &want[i], err);
		spec_free(root);
		refs[i].cat = want[i];
	}
	for (size_t i = 0; i < p->nroots && !ret; i++)
		if (want[i])
			ops_requires_find(want[i], NULL, refs, p->nroots,
					  used + i * p->nroots);
	while (!ret) {
		size_t pick = p->nroots, first = p->nroots;

		for (size_t i = 0; i < p->nroots && pick == p->nroots; i++) {
			bool ready = true;

			if (done[i])
				continue;
			if (first == p->nroots)
				first = i;
			for (size_t k = 0; k < p->nroots; k++)
				if (k != i && used[i * p->nroots + k] && !done[k])
					ready = false;
			if (ready)
				pick = i;
		}
		if (first == p->nroots)
			break;
		if (pick == p->nroots) {
			pick = first;
			ops_emit(ev, OPS_EVENT_WARNING,
				 "the desired files of root %s and others use each other's objects: planned in the project's order",
				 p->roots[pick].name);
		}
		done[pick] = true;
		order[(*n)++] = pick;
	}
	for (size_t i = 0; i < p->nroots; i++)
		catalog_free(want[i]);
	free(want);
	free(refs);
	free(used);
	free(done);
	return ret;
}

int ops_project_plan(const struct ops_project_plan_opts *o,
		     struct ops_project_plan_result *out, struct sd_error *err)
{
	const struct sd_project *p = o->project;
	size_t *order = calloc(p->nroots + 1, sizeof(*order)), n = 0;
	struct schema_root **roots = calloc(p->nroots + 1, sizeof(*roots));
	struct catalog **cats = calloc(p->nroots + 1, sizeof(*cats));
	struct ops_plan_root_ref *refs = calloc(p->nroots + 1, sizeof(*refs));
	struct ops_plan_root_ref *others = calloc(p->nroots + 1, sizeof(*others));
	int ret;

	memset(out, 0, sizeof(*out));
	if (!order || !roots || !cats || !refs || !others)
		abort();
	out->roots = calloc(p->nroots + 1, sizeof(*out->roots));
	if (!out->roots)
		abort();
	ret = plan_order(p, order, &n, &o->events, err);
	for (size_t i = 0; i < n && !ret; i++) {
		const struct project_root *pr = &p->roots[order[i]];
		struct ops_project_plan_root *r = &out->roots[out->n++];
		struct ops_plan_opts po = *o->plan;
		size_t nothers = 0;

		/* the others as they are now: a root planned before this
		 * one has its new version */
		load_latest(p, roots, cats, refs, &o->events);
		for (size_t k = 0; k < p->nroots; k++)
			if (k != order[i])
				others[nothers++] = refs[k];
		r->name = pr->name;
		po.schema_root = pr->path;
		po.desired = pr->desired;
		po.ndesired = pr->ndesired;
		po.ignore.patterns = pr->ignore;
		po.ignore.npatterns = pr->nignore;
		po.ignore.files = pr->ignore_file ? &pr->ignore_file : NULL;
		po.ignore.nfiles = pr->ignore_file ? 1 : 0;
		po.others = others;
		po.nothers = nothers;
		po.events = o->events;
		ret = ops_plan(&po, &r->result, err);
		release_latest(p->nroots, roots, cats);
	}
	free(order);
	free(roots);
	free(cats);
	free(refs);
	free(others);
	return ret;
}

void ops_project_plan_result_release(struct ops_project_plan_result *out)
{
	for (size_t i = 0; i < out->n; i++)
		ops_plan_result_release(&out->roots[i].result);
	free(out->roots);
	memset(out, 0, sizeof(*out));
}
