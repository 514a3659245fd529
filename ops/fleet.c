/*
 * ops/fleet.c: one action over every root and database of a project
 * environment (schemadiff.json, parser/spec/project.h): the roots read,
 * their versions' `requires` checked and put in one order that honours
 * every one of them (roots interleaved as needed; a cycle or a missing
 * root or version is an error naming them); then, root by root in that
 * order, each database driven through the per-root engine (ops_migrate,
 * ops_apply, ops_status, ops_drift) by a bounded pool of threads, each
 * database with its own connection. A clustered root (many URLs) runs a
 * canary phase first when asked; a failure stops the run (nothing new
 * starts) unless keep_going, and a version that requires another root's
 * version waits until every database of that root has it (else its
 * databases are "blocked"). version.json's `cluster-once` files run on
 * the first database of a cluster only; the others record the version
 * with a note (ops_migrate_opts.cluster_follower).
 *
 * Memory: the result's arena holds every target, string and step; the
 * schema roots and version links read here are freed before returning.
 * Events of each database go to the caller's sink, prefixed with
 * "ROOT URL: ", from several threads at once.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ops/ops_internal.h"
#include "util/vec.h"
#include "util/banned.h"

/* A root of the environment. */
struct froot {
	const struct project_root *pr;
	const struct project_targets *pt;
	struct schema_root *root;
	struct version_links *links;	/* per version of root */
	const char **ignore;	/* "ignore" and the ignore-file's lines */
	size_t nignore;
	struct vec ignore_lines;	/* malloc'd lines of ignore-file */
	size_t first;		/* its first target in out->targets */
	size_t next;		/* planning: its next version to order */
	bool blocked;		/* a database it depends on failed */
};

/* A run of one root up to one version (consecutive versions of a root in
 * the order). */
struct phase {
	size_t r;		/* index into roots */
	const char *to;
	size_t from_step, to_step;	/* [from, to) of out->order */
	bool cluster_once;	/* one of its versions has cluster-once files */
};

struct fleet {
	const struct ops_fleet_opts *o;
	struct ops_fleet_result *out;
	struct froot *roots;
	size_t nroots;
	const char **raw_urls;	/* per target: the URL as configured */
	size_t *target_root;	/* per target: index into roots */
	pthread_mutex_t lock;	/* guards the arena, stop, out->stopped */
	bool stop;		/* a failure: start nothing more */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *ops_fleet_state_name(enum ops_fleet_state s,
				 enum ops_fleet_action action)
{
	switch (s) {
	case OPS_FLEET_DONE:
		return action == OPS_FLEET_APPLY ? "applied" :
		       action == OPS_FLEET_PROVISION ? "provisioned" : "migrated";
	case OPS_FLEET_UP_TO_DATE:
		return action == OPS_FLEET_DRIFT ? "clean" : "up to date";
	case OPS_FLEET_BEHIND:
		return "behind";
	case OPS_FLEET_DRIFTED:
		return "drifted";
	case OPS_FLEET_FAILED:
		return "failed";
	case OPS_FLEET_BLOCKED:
		return "blocked";
	case OPS_FLEET_NOT_RUN:
		return "not run";
	}
	return "?";
}

/* --- events: each database's own, prefixed ---------------------------------- */

struct target_events {
	const struct ops_events *up;
	const char *prefix;
};

static void prefixed_event(void *ctx, const struct ops_event *ev)
{
	const struct target_events *te = ctx;
	struct ops_event e = *ev;
	struct strbuf sb = STRBUF_INIT;

	if (ev->kind != OPS_EVENT_SQL) {
		strbuf_addf(&sb, "%s: %s", te->prefix, ev->message ? ev->message : "");
		e.message = sb.buf;
	}
	te->up->on_event(te->up->ctx, &e);
	strbuf_release(&sb);
}

static struct ops_events events_for(const struct target_events *te)
{
	struct ops_events ev = *te->up;

	if (ev.on_event) {
		ev.on_event = prefixed_event;
		ev.ctx = (void *)te;
	}
	return ev;
}

/* --- reading the roots and ordering their versions --------------------------- */

static void froot_release(struct froot *fr)
{
	for (size_t i = 0; i < fr->ignore_lines.len; i++)
		free(fr->ignore_lines.items[i]);
	vec_release(&fr->ignore_lines);
	free(fr->ignore);
	spec_free(fr->root);
}

/* The root's ignore rules: its "ignore" list, then its ignore-file. */
static int read_ignore(struct froot *fr, struct sd_error *err)
{
	int ret = 0;
	size_t n = 0;

	if (fr->pr->ignore_file) {
		ret = ops_read_lines(fr->pr->ignore_file, &fr->ignore_lines, err);
		if (ret)
			return ret;
	}
	fr->ignore = calloc(fr->pr->nignore + fr->ignore_lines.len + 1,
			    sizeof(*fr->ignore));
	if (!fr->ignore)
		abort();
	for (size_t i = 0; i < fr->pr->nignore; i++)
		fr->ignore[n++] = fr->pr->ignore[i];
	for (size_t i = 0; i < fr->ignore_lines.len; i++)
		fr->ignore[n++] = fr->ignore_lines.items[i];
	fr->nignore = n;
	return 0;
}

static long froot_index(const struct fleet *f, const char *name)
{
	for (size_t i = 0; i < f->nroots; i++)
		if (!strcmp(f->roots[i].pr->name, name))
			return (long)i;
	return -1;
}

/* The environment's roots, in the project's order, each read with its
 * versions' links; the targets laid out. */
static int read_roots(struct fleet *f, const struct project_env *env,
		      struct sd_error *err)
{
	const struct sd_project *p = f->o->project;
	struct ops_fleet_result *out = f->out;
	size_t ntargets = 0;
	int ret;

	f->roots = calloc(p->nroots + 1, sizeof(*f->roots));
	if (!f->roots)
		abort();
	for (size_t i = 0; i < p->nroots; i++)
		for (size_t k = 0; k < env->ntargets; k++)
			if (env->targets[k].root == i) {
				f->roots[f->nroots].pr = &p->roots[i];
				f->roots[f->nroots++].pt = &env->targets[k];
				ntargets += env->targets[k].nurls;
			}
	out->targets = arena_alloc(&out->arena,
				   (ntargets + 1) * sizeof(*out->targets));
	f->raw_urls = arena_alloc(&out->arena, (ntargets + 1) * sizeof(char *));
	f->target_root = arena_alloc(&out->arena,
				     (ntargets + 1) * sizeof(size_t));
	for (size_t r = 0; r < f->nroots; r++) {
		struct froot *fr = &f->roots[r];

		fr->ignore_lines = (struct vec)VEC_INIT;
		ret = spec_read(fr->pr->path, &fr->root, err);
		if (ret)
			return ret;
		ret = read_ignore(fr, err);
		if (ret)
			return ret;
		fr->links = arena_alloc(&out->arena, (fr->root->nversions + 1) *
							     sizeof(*fr->links));
		for (size_t v = 0; v < fr->root->nversions; v++) {
			ret = version_links_read(&out->arena,
						 fr->root->versions[v].dir,
						 &fr->links[v], err);
			if (ret)
				return ret;
		}
		fr->first = out->ntargets;
		for (size_t k = 0; k < fr->pt->nurls; k++) {
			struct ops_fleet_target *t = &out->targets[out->ntargets];
			struct strbuf sb = STRBUF_INIT;

			sd_redact_url(fr->pt->urls[k], &sb);
			t->root = arena_strdup(&out->arena, fr->pr->name);
			t->url = arena_strdup(&out->arena, sb.buf);
			strbuf_release(&sb);
			t->index = k;
			t->state = OPS_FLEET_NOT_RUN;
			t->latest = fr->root->nversions ?
				arena_strdup(&out->arena,
					     fr->root->versions[fr->root->nversions - 1].version) :
				NULL;
			f->raw_urls[out->ntargets] = fr->pt->urls[k];
			f->target_root[out->ntargets] = r;
			out->ntargets++;
		}
	}
	return 0;
}

/* Each requires names a root of the environment and a version it has. */
static int check_requires(struct fleet *f, struct sd_error *err)
{
	const struct sd_project *p = f->o->project;

	for (size_t r = 0; r < f->nroots; r++) {
		const struct froot *fr = &f->roots[r];

		for (size_t v = 0; v < fr->root->nversions; v++) {
			const struct version_links *l = &fr->links[v];
			const char *file = arena_printf(&f->out->arena, "%s/version.json",
							fr->root->versions[v].dir);

			for (size_t k = 0; k < l->nrequires; k++) {
				long r2 = froot_index(f, l->req_roots[k]);

				if (project_root_index(p, l->req_roots[k]) < 0)
					return sd_error_set(err, SD_ERR_SPEC, file,
							    l->req_line[k], l->req_col[k],
							    "$.requires: %s %s requires root \"%s\", which the project (%s) does not have",
							    fr->pr->name, fr->root->versions[v].version,
							    l->req_roots[k], p->file);
				if ((size_t)r2 == r)
					return sd_error_set(err, SD_ERR_SPEC, file,
							    l->req_line[k], l->req_col[k],
							    "$.requires: %s %s requires its own root",
							    fr->pr->name, fr->root->versions[v].version);
				if (r2 < 0)
					return sd_error_set(err, SD_ERR_SPEC, file,
							    l->req_line[k], l->req_col[k],
							    "$.requires: %s %s requires %s %s, but environment \"%s\" has no database for root %s",
							    fr->pr->name, fr->root->versions[v].version,
							    l->req_roots[k], l->req_versions[k],
							    f->o->env, l->req_roots[k]);
				if (!spec_find_version(f->roots[r2].root, l->req_versions[k]))
					return sd_error_set(err, SD_ERR_SPEC, file,
							    l->req_line[k], l->req_col[k],
							    "$.requires: %s %s requires %s %s, a version that root %s does not have (latest: %s)",
							    fr->pr->name, fr->root->versions[v].version,
							    l->req_roots[k], l->req_versions[k],
							    l->req_roots[k],
							    f->roots[r2].root->nversions ?
							    f->roots[r2].root->versions[f->roots[r2].root->nversions - 1].version :
							    "none");
			}
		}
	}
	return 0;
}

/* Index of version (by value) in root, which has it. */
static size_t version_index(const struct schema_root *root, const char *version)
{
	return (size_t)(spec_find_version(root, version) - root->versions);
}

/* Every requires of version v of root r met once the order has what it
 * has so far. */
static bool requires_met(const struct fleet *f, size_t r, size_t v)
{
	const struct version_links *l = &f->roots[r].links[v];

	for (size_t k = 0; k < l->nrequires; k++) {
		const struct froot *r2 = &f->roots[froot_index(f, l->req_roots[k])];

		if (r2->next <= version_index(r2->root, l->req_versions[k]))
			return false;
	}
	return true;
}

/*
 * The order: repeatedly the first root (in the project's order) whose next
 * version has what it requires. When none can go on, the versions left
 * wait for each other: a cycle, named with every unmet requires.
 */
static int order_versions(struct fleet *f, struct sd_error *err)
{
	struct ops_fleet_result *out = f->out;
	size_t total = 0;

	for (size_t r = 0; r < f->nroots; r++)
		total += f->roots[r].root->nversions;
	out->order = arena_alloc(&out->arena, (total + 1) * sizeof(*out->order));
	while (out->norder < total) {
		size_t r;

		for (r = 0; r < f->nroots; r++) {
			struct froot *fr = &f->roots[r];

			if (fr->next < fr->root->nversions && requires_met(f, r, fr->next))
				break;
		}
		if (r == f->nroots) {
			struct strbuf sb = STRBUF_INIT;
			const char *file = NULL;
			int line = 0, col = 0;

			for (size_t q = 0; q < f->nroots; q++) {
				const struct froot *fr = &f->roots[q];
				const struct version_links *l;

				if (fr->next >= fr->root->nversions)
					continue;
				l = &fr->links[fr->next];
				for (size_t k = 0; k < l->nrequires; k++) {
					const struct froot *r2 = &f->roots[froot_index(f, l->req_roots[k])];

					if (r2->next > version_index(r2->root, l->req_versions[k]))
						continue;
					strbuf_addf(&sb, "%s%s %s requires %s %s",
						    sb.len ? "; " : "", fr->pr->name,
						    fr->root->versions[fr->next].version,
						    l->req_roots[k], l->req_versions[k]);
					if (!file) {
						file = arena_printf(&out->arena, "%s/version.json",
								    fr->root->versions[fr->next].dir);
						line = l->req_line[k];
						col = l->req_col[k];
					}
				}
			}
			sd_error_set(err, SD_ERR_SPEC, file, line, col,
				     "the versions' requires form a cycle: %s", sb.buf);
			sd_error_hint(err, "a version can only require versions that do not, through others, require it");
			strbuf_release(&sb);
			return SD_ERR_SPEC;
		}
		/* copies: the schema roots are freed before returning */
		out->order[out->norder].root = arena_strdup(&out->arena,
							    f->roots[r].pr->name);
		out->order[out->norder].version = arena_strdup(&out->arena,
			f->roots[r].root->versions[f->roots[r].next].version);
		out->norder++;
		f->roots[r].next++;
	}
	return 0;
}

/* --- running ----------------------------------------------------------------- */

struct pool {
	struct fleet *f;
	const struct phase *ph;
	const size_t *idx;	/* targets to run */
	size_t n, next;
	pthread_mutex_t lock;
	void (*run)(struct fleet *f, const struct phase *ph, size_t t);
};

static char *error_text(const struct sd_error *err)
{
	struct strbuf sb = STRBUF_INIT;

	sd_error_format(err, &sb);
	if (err->hint[0])
		strbuf_addf(&sb, " (hint: %s)", err->hint);
	return strbuf_detach(&sb, NULL);
}

/* Under f->lock: t failed with err. */
static void target_failed(struct fleet *f, struct ops_fleet_target *t,
			  const struct sd_error *err)
{
	char *msg = error_text(err);

	pthread_mutex_lock(&f->lock);
	t->state = OPS_FLEET_FAILED;
	t->error = arena_strdup(&f->out->arena, msg);
	if (!f->o->keep_going && !f->stop) {
		f->stop = true;
		f->out->stopped = arena_printf(&f->out->arena,
					       "%s %s failed: nothing more was started",
					       t->root, t->url);
	}
	pthread_mutex_unlock(&f->lock);
	free(msg);
}

static const char *copy(struct fleet *f, const char *s)
{
	const char *c;

	if (!s)
		return NULL;
	pthread_mutex_lock(&f->lock);
	c = arena_strdup(&f->out->arena, s);
	pthread_mutex_unlock(&f->lock);
	return c;
}

/* Whether another root of the environment lists target ti's URL. */
static bool shared_url(const struct fleet *f, size_t ti)
{
	for (size_t i = 0; i < f->out->ntargets; i++)
		if (f->target_root[i] != f->target_root[ti] &&
		    !strcmp(f->raw_urls[i], f->raw_urls[ti]))
			return true;
	return false;
}

static void migrate_target(struct fleet *f, const struct phase *ph, size_t ti)
{
	struct ops_fleet_target *t = &f->out->targets[ti];
	const struct froot *fr = &f->roots[ph->r];
	struct ops_migrate_opts mo = { 0 };
	struct ops_migrate_result res = { 0 };
	struct sd_error err = { 0 };
	struct target_events te;
	struct strbuf prefix = STRBUF_INIT;
	long long t0 = now_ms();

	/* an earlier phase found it at or past this version already */
	if (ph && ph->to && t->after && spec_version_cmp(t->after, ph->to) >= 0)
		return;
	if (f->o->migrate)
		mo = *f->o->migrate;
	else
		mo.lock_timeout_ms = SD_LOCK_WAIT_FOREVER;
	strbuf_addf(&prefix, "%s %s", t->root, t->url);
	te.up = &f->o->events;
	te.prefix = prefix.buf;
	mo.events = events_for(&te);
	mo.url = f->raw_urls[ti];
	mo.schema_root = fr->pr->path;
	mo.to = ph ? ph->to : NULL;
	mo.no_downgrade = true;
	mo.shared_database = shared_url(f, ti);
	mo.cluster_follower = t->index > 0;
	mo.cluster_first = fr->pt->nurls > 1 ?
		f->out->targets[fr->first].url : NULL;
	if (ops_migrate(&mo, &res, &err)) {
		target_failed(f, t, &err);
	} else {
		if (t->state == OPS_FLEET_NOT_RUN) {
			t->before = copy(f, res.current);
			t->state = OPS_FLEET_UP_TO_DATE;
		}
		t->after = copy(f, mo.dry_run ? res.current : res.at);
		if (mo.dry_run) {
			t->pending = res.nversions;
			t->state = res.nversions ? OPS_FLEET_BEHIND :
						   OPS_FLEET_UP_TO_DATE;
		}
		t->applied += res.napplied;
		if (t->applied)
			t->state = OPS_FLEET_DONE;
	}
	t->duration_ms += now_ms() - t0;
	ops_migrate_result_release(&res);
	strbuf_release(&prefix);
}

static void apply_target(struct fleet *f, const struct phase *ph, size_t ti)
{
	struct ops_fleet_target *t = &f->out->targets[ti];
	const struct froot *fr = &f->roots[ph->r];
	struct ops_apply_opts ao = { 0 };
	struct ops_apply_result res = { 0 };
	struct sd_error err = { 0 };
	struct target_events te;
	struct strbuf prefix = STRBUF_INIT;
	long long t0 = now_ms();

	if (f->o->apply)
		ao = *f->o->apply;
	else
		ao.lock_timeout_ms = SD_LOCK_WAIT_FOREVER;
	strbuf_addf(&prefix, "%s %s", t->root, t->url);
	te.up = &f->o->events;
	te.prefix = prefix.buf;
	ao.events = events_for(&te);
	ao.url = f->raw_urls[ti];
	ao.desired = fr->pr->desired;
	ao.ndesired = fr->pr->ndesired;
	/* the root's ignore rules (its "ignore" list and ignore-file) */
	ao.ignore.patterns = fr->ignore;
	ao.ignore.npatterns = fr->nignore;
	if (ops_apply(&ao, &res, &err)) {
		target_failed(f, t, &err);
	} else {
		t->applied = res.nchanges;
		t->state = res.no_changes ? OPS_FLEET_UP_TO_DATE :
			   res.applied ? OPS_FLEET_DONE : OPS_FLEET_BEHIND;
	}
	t->duration_ms = now_ms() - t0;
	ops_apply_result_release(&res);
	strbuf_release(&prefix);
}

static void status_target(struct fleet *f, const struct phase *ph, size_t ti)
{
	struct ops_fleet_target *t = &f->out->targets[ti];
	struct ops_status_opts so = { 0 };
	struct ops_status_result res = { 0 };
	struct sd_error err = { 0 };
	struct target_events te;
	struct strbuf prefix = STRBUF_INIT;
	long long t0 = now_ms();

	strbuf_addf(&prefix, "%s %s", t->root, t->url);
	te.up = &f->o->events;
	te.prefix = prefix.buf;
	so.events = events_for(&te);
	so.url = f->raw_urls[ti];
	so.schema_root = f->roots[ph->r].pr->path;
	if (ops_status(&so, &res, &err)) {
		/* reading only: a failure stops nothing */
		char *msg = error_text(&err);

		t->state = OPS_FLEET_FAILED;
		t->error = copy(f, msg);
		free(msg);
	} else {
		t->after = t->before = copy(f, res.plan.current);
		t->pending = res.plan.npending;
		if (res.plan.nmismatch) {
			t->state = OPS_FLEET_FAILED;
			t->error = copy(f, "applied versions were changed after they were applied (checksum mismatch): run status on it");
		} else {
			t->state = res.plan.npending ? OPS_FLEET_BEHIND :
						       OPS_FLEET_UP_TO_DATE;
		}
	}
	t->duration_ms = now_ms() - t0;
	ops_status_result_release(&res);
	strbuf_release(&prefix);
}

static void provision_target(struct fleet *f, const struct phase *ph,
			     size_t ti)
{
	struct ops_fleet_target *t = &f->out->targets[ti];
	struct ops_provision_opts po = { 0 };
	struct ops_provision_result res = { 0 };
	struct sd_error err = { 0 };
	struct target_events te;
	struct strbuf prefix = STRBUF_INIT;
	long long t0 = now_ms();

	strbuf_addf(&prefix, "%s %s", t->root, t->url);
	te.up = &f->o->events;
	te.prefix = prefix.buf;
	po.events = events_for(&te);
	po.url = f->raw_urls[ti];
	po.schema_root = f->roots[ph->r].pr->path;
	po.dry_run = f->o->dry_run;
	po.lock_timeout_ms = f->o->migrate ? f->o->migrate->lock_timeout_ms :
					     SD_LOCK_WAIT_FOREVER;
	po.demo = f->o->demo;
	if (ops_provision(&po, &res, &err)) {
		target_failed(f, t, &err);
	} else {
		t->after = copy(f, res.version);
		t->applied = res.nrecorded;
		t->state = res.provisioned ? OPS_FLEET_DONE : OPS_FLEET_BEHIND;
	}
	t->duration_ms = now_ms() - t0;
	ops_provision_result_release(&res);
	strbuf_release(&prefix);
}

/* The roots in an order where each comes after every root one of its
 * versions requires (the project's order where nothing decides); a
 * cycle between roots is an error: migrate can interleave them,
 * provision cannot. */
static int provision_order(struct fleet *f, size_t *order,
			   struct sd_error *err)
{
	bool *done = calloc(f->nroots + 1, sizeof(*done));
	size_t n = 0;
	int ret = 0;

	if (!done)
		abort();
	while (n < f->nroots && !ret) {
		size_t r;

		for (r = 0; r < f->nroots; r++) {
			const struct froot *fr = &f->roots[r];
			bool ready = !done[r];

			for (size_t v = 0; ready && v < fr->root->nversions; v++)
				for (size_t k = 0; k < fr->links[v].nrequires; k++)
					if (!done[froot_index(f, fr->links[v].req_roots[k])])
						ready = false;
			if (ready)
				break;
		}
		if (r == f->nroots) {
			ret = sd_error_set(err, SD_ERR_SPEC, f->o->project->file, 0, 0,
					   "the roots left require each other's versions: provision creates a root at its latest version at once and cannot interleave them; provision the first versions, then run migrate");
			break;
		}
		done[r] = true;
		order[n++] = r;
	}
	free(done);
	return ret;
}

static void *pool_worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		size_t i;
		bool stop;

		pthread_mutex_lock(&p->lock);
		i = p->next++;
		pthread_mutex_unlock(&p->lock);
		if (i >= p->n)
			break;
		pthread_mutex_lock(&p->f->lock);
		stop = p->f->stop || ops_cancel_signal();
		pthread_mutex_unlock(&p->f->lock);
		if (stop)
			continue;	/* stays "not run" (or as it was) */
		p->run(p->f, p->ph, p->idx[i]);
	}
	return NULL;
}

/* Run fn on the targets idx[0..n), jobs at once. */
static void run_pool(struct fleet *f, const struct phase *ph,
		     const size_t *idx, size_t n,
		     void (*fn)(struct fleet *, const struct phase *, size_t))
{
	struct pool p = { 0 };
	pthread_t threads[OPS_FLEET_MAX_JOBS];
	unsigned jobs = f->o->jobs ? f->o->jobs : 4, nthreads = 0;

	if (jobs > OPS_FLEET_MAX_JOBS)
		jobs = OPS_FLEET_MAX_JOBS;
	if (!n)
		return;
	p.f = f;
	p.ph = ph;
	p.idx = idx;
	p.n = n;
	p.run = fn;
	pthread_mutex_init(&p.lock, NULL);
	if (n == 1 || jobs == 1) {
		pool_worker(&p);
	} else {
		for (; nthreads < jobs && nthreads < n; nthreads++)
			if (pthread_create(&threads[nthreads], NULL, pool_worker, &p))
				break;
		if (!nthreads)
			pool_worker(&p);
		for (unsigned i = 0; i < nthreads; i++)
			pthread_join(threads[i], NULL);
	}
	pthread_mutex_destroy(&p.lock);
}

/* How many of the phase's versions (from the first) have what they
 * require on every database of the roots they require; *why (arena)
 * names the first that does not. */
static size_t phase_ready(struct fleet *f, const struct phase *ph,
			  const char **why)
{
	const struct froot *fr = &f->roots[ph->r];
	struct ops_fleet_result *out = f->out;

	for (size_t s = ph->from_step; s < ph->to_step; s++) {
		size_t v = version_index(fr->root, out->order[s].version);
		const struct version_links *l = &fr->links[v];

		for (size_t k = 0; k < l->nrequires; k++) {
			const struct froot *r2 = &f->roots[froot_index(f, l->req_roots[k])];

			for (size_t i = 0; i < r2->pt->nurls; i++) {
				const struct ops_fleet_target *t = &out->targets[r2->first + i];

				if (t->after && spec_version_cmp(t->after, l->req_versions[k]) >= 0)
					continue;
				*why = arena_printf(&out->arena,
						    "%s %s requires %s %s, which %s does not have (%s)",
						    fr->pr->name, out->order[s].version,
						    l->req_roots[k], l->req_versions[k],
						    t->url, t->after ? t->after : "no version");
				return s - ph->from_step;
			}
		}
	}
	return ph->to_step - ph->from_step;
}

static void block_root(struct fleet *f, struct froot *fr, const char *why)
{
	fr->blocked = true;
	for (size_t i = 0; i < fr->pt->nurls; i++) {
		struct ops_fleet_target *t = &f->out->targets[fr->first + i];

		if (t->state == OPS_FLEET_FAILED)
			continue;
		t->state = OPS_FLEET_BLOCKED;
		t->error = why;
	}
}

/*
 * One phase: the root's databases that are still in the run, the canary
 * ones first (the first `canary`, and the first database alone when the
 * phase has cluster-once files: they run there, before the others).
 */
static void run_phase(struct fleet *f, struct phase *ph,
		      void (*fn)(struct fleet *, const struct phase *, size_t))
{
	struct froot *fr = &f->roots[ph->r];
	size_t n = fr->pt->nurls, first = 0, *idx, nidx = 0;
	const char *why = NULL;
	struct phase part;

	if (fr->blocked || f->stop)
		return;
	if (fn == migrate_target && !(f->o->migrate && f->o->migrate->dry_run)) {
		/* up to the last version whose requires are met; the root's
		 * databases are blocked there */
		size_t ready = phase_ready(f, ph, &why);

		if (!ready) {
			block_root(f, fr, why);
			return;
		}
		if (ready < ph->to_step - ph->from_step) {
			part = *ph;
			part.to_step = ph->from_step + ready;
			part.to = f->out->order[part.to_step - 1].version;
			run_phase(f, &part, fn);
			block_root(f, fr, why);
			return;
		}
	}
	if (n > 1) {
		first = f->o->canary < n ? f->o->canary : n;
		if (ph->cluster_once && !first)
			first = 1;
	}
	idx = calloc(n + 1, sizeof(*idx));
	if (!idx)
		abort();
	/* a database that failed in an earlier phase gets no later
	 * version of its root */
	for (size_t i = 0; i < n; i++)
		if (f->out->targets[fr->first + i].state != OPS_FLEET_FAILED)
			idx[nidx++] = fr->first + i;
	if (first) {
		size_t ncanary = 0;
		bool failed = false;

		while (ncanary < nidx && idx[ncanary] < fr->first + first)
			ncanary++;
		for (size_t i = 0; i < ncanary; i++)
			f->out->targets[idx[i]].canary = f->o->canary > 0;
		run_pool(f, ph, idx, ncanary, fn);
		for (size_t i = 0; i < ncanary; i++)
			failed |= f->out->targets[idx[i]].state == OPS_FLEET_FAILED;
		if (failed && f->o->canary > 0) {
			pthread_mutex_lock(&f->lock);
			f->stop = true;
			f->out->stopped = arena_printf(&f->out->arena,
						       "the canary of root %s failed: its other databases were not touched",
						       fr->pr->name);
			pthread_mutex_unlock(&f->lock);
		} else if (failed && ph->cluster_once) {
			block_root(f, fr, arena_printf(&f->out->arena,
						       "the cluster-once files of %s did not run on its first database (%s)",
						       fr->pr->name,
						       f->out->targets[fr->first].url));
		} else {
			run_pool(f, ph, idx + ncanary, nidx - ncanary, fn);
		}
	} else {
		run_pool(f, ph, idx, nidx, fn);
	}
	free(idx);
}

static struct phase *make_phases(struct fleet *f, size_t *nphases)
{
	struct ops_fleet_result *out = f->out;
	struct phase *ph = calloc(out->norder + 1, sizeof(*ph));
	size_t n = 0;

	if (!ph)
		abort();
	for (size_t s = 0; s < out->norder; s++) {
		size_t r = (size_t)froot_index(f, out->order[s].root);
		size_t v = version_index(f->roots[r].root, out->order[s].version);

		if (!n || ph[n - 1].r != r) {
			ph[n].r = r;
			ph[n].from_step = s;
			n++;
		}
		ph[n - 1].to = out->order[s].version;
		ph[n - 1].to_step = s + 1;
		if (f->roots[r].links[v].ncluster_once)
			ph[n - 1].cluster_once = true;
	}
	*nphases = n;
	return ph;
}

static void run_migrate(struct fleet *f)
{
	size_t nph;
	struct phase *ph = make_phases(f, &nph);
	bool dry = f->o->migrate && f->o->migrate->dry_run;

	if (dry) {
		/* each database once, up to the latest: what would run */
		for (size_t r = 0; r < f->nroots; r++) {
			struct phase all = { 0 };

			all.r = r;
			run_phase(f, &all, migrate_target);
		}
	} else {
		for (size_t i = 0; i < nph; i++)
			run_phase(f, &ph[i], migrate_target);
	}
	/* a root with no versions: its databases have nothing to run */
	for (size_t r = 0; r < f->nroots; r++)
		if (!f->roots[r].root->nversions)
			for (size_t i = 0; i < f->roots[r].pt->nurls; i++)
				f->out->targets[f->roots[r].first + i].state =
					OPS_FLEET_UP_TO_DATE;
	free(ph);
}

static void run_drift(struct fleet *f)
{
	for (size_t r = 0; r < f->nroots; r++) {
		struct froot *fr = &f->roots[r];
		struct ops_drift_opts dopt = { 0 };
		struct ops_drift_result res = { 0 };
		struct sd_error err = { 0 };
		long long t0 = now_ms();

		dopt.schema_root = fr->pr->path;
		dopt.urls = f->raw_urls + fr->first;
		dopt.nurls = fr->pt->nurls;
		dopt.ignore = fr->ignore;
		dopt.nignore = fr->nignore;
		dopt.jobs = f->o->jobs;
		dopt.pending_is_drift = f->o->pending_is_drift;
		dopt.target_timeout_ms = f->o->target_timeout_ms;
		dopt.events = f->o->events;
		if (ops_drift(&dopt, &res, &err)) {
			for (size_t i = 0; i < fr->pt->nurls; i++)
				target_failed(f, &f->out->targets[fr->first + i], &err);
			ops_drift_result_release(&res);
			continue;
		}
		for (size_t i = 0; i < res.ntargets && i < fr->pt->nurls; i++) {
			const struct drift_target *d = &res.targets[i];
			struct ops_fleet_target *t = &f->out->targets[fr->first + i];

			t->before = t->after = copy(f, d->version);
			t->pending = d->npending;
			t->differences = d->nobjects;
			t->duration_ms = now_ms() - t0;
			if (d->error) {
				t->state = OPS_FLEET_FAILED;
				t->error = copy(f, d->error);
			} else if (drift_target_drifted(d)) {
				t->state = OPS_FLEET_DRIFTED;
			} else {
				t->state = d->npending ? OPS_FLEET_BEHIND :
							 OPS_FLEET_UP_TO_DATE;
			}
		}
		ops_drift_result_release(&res);
	}
}

static int fleet_run(const struct ops_fleet_opts *o,
		     struct ops_fleet_result *out, struct sd_error *err)
{
	struct fleet f = { 0 };
	const struct project_env *env;
	int ret;

	f.o = o;
	f.out = out;
	if (!o->project || !o->env)
		return sd_error_set(err, SD_ERR, NULL, 0, 0,
				    "a project run needs a project file and an environment");
	env = project_env(o->project, o->env);
	if (!env) {
		struct strbuf names = STRBUF_INIT;

		for (size_t i = 0; i < o->project->nenvs; i++)
			strbuf_addf(&names, "%s%s", i ? ", " : "",
				    o->project->envs[i].name);
		ret = sd_error_set(err, SD_ERR, o->project->file, 0, 0,
				   "no environment \"%s\" (the project has: %s)",
				   o->env, names.len ? names.buf : "none");
		strbuf_release(&names);
		return ret;
	}
	pthread_mutex_init(&f.lock, NULL);
	ret = read_roots(&f, env, err);
	if (!ret)
		ret = check_requires(&f, err);
	if (!ret)
		ret = order_versions(&f, err);
	if (ret)
		goto out;
	switch (o->action) {
	case OPS_FLEET_MIGRATE:
		run_migrate(&f);
		break;
	case OPS_FLEET_APPLY:
		for (size_t r = 0; r < f.nroots; r++) {
			struct phase ph = { 0 };

			ph.r = r;
			if (!f.roots[r].pr->ndesired) {
				block_root(&f, &f.roots[r], arena_printf(&out->arena,
					   "root %s has no \"desired\" files in %s",
					   f.roots[r].pr->name, o->project->file));
				continue;
			}
			run_phase(&f, &ph, apply_target);
		}
		break;
	case OPS_FLEET_STATUS:
		for (size_t r = 0; r < f.nroots; r++) {
			struct phase ph = { 0 };
			size_t *idx = calloc(f.roots[r].pt->nurls + 1, sizeof(*idx));

			if (!idx)
				abort();
			ph.r = r;
			for (size_t i = 0; i < f.roots[r].pt->nurls; i++)
				idx[i] = f.roots[r].first + i;
			run_pool(&f, &ph, idx, f.roots[r].pt->nurls, status_target);
			free(idx);
		}
		break;
	case OPS_FLEET_DRIFT:
		run_drift(&f);
		break;
	case OPS_FLEET_PROVISION: {
		size_t *order = calloc(f.nroots + 1, sizeof(*order));

		if (!order)
			abort();
		ret = provision_order(&f, order, err);
		for (size_t i = 0; !ret && i < f.nroots; i++) {
			struct phase ph = { 0 };

			ph.r = order[i];
			run_phase(&f, &ph, provision_target);
		}
		free(order);
		if (ret)
			goto out;
		break;
	}
	}
	for (size_t i = 0; i < out->ntargets; i++)
		out->counts[out->targets[i].state]++;
out:
	for (size_t r = 0; r < f.nroots; r++)
		froot_release(&f.roots[r]);
	free(f.roots);
	pthread_mutex_destroy(&f.lock);
	return ret;
}

int ops_fleet(const struct ops_fleet_opts *o, struct ops_fleet_result *out,
	      struct sd_error *err)
{
	struct sd_warn_sink saved;
	int ret;

	memset(out, 0, sizeof(*out));
	arena_init(&out->arena);
	ops_warn_begin(&o->events, &saved);
	ret = fleet_run(o, out, err);
	ops_warn_end(&saved);
	return ret;
}

void ops_fleet_result_release(struct ops_fleet_result *out)
{
	arena_release(&out->arena);
	memset(out, 0, sizeof(*out));
}
