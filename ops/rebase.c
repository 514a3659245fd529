/*
 * ops/rebase.c: plan --rebase, the versions of one branch planned again on
 * top of the versions that arrived from another.
 *
 * The first version that schemadiff.sum does not chain (or V of
 * --rebase-from V) and the versions of its branch after it, by the sum's
 * chains, are ours: no database deployed from the main line has them
 * (theirs may sort among them). The root is copied beside itself and, in
 * the copy, they are
 * taken out; then, in their order, each one's own files are replayed
 * offline on top of the catalog the copy reaches (T0 the other branch's
 * head, Ti = T(i-1) + version i) and diff(T(i-1), Ti) is planned afresh
 * as the next version (ops_plan_run(): hazards, down script, the renames
 * the version recorded, online steps, the proofs offline and on a server
 * as plan does), keeping the keys of its version.json that plan does not
 * compute (a description, "requires"). A version that no longer applies
 * (both branches changed one object in ways that do not go together)
 * stops the rebase with its file, line and the object. Last, what the
 * desired files still add is planned as one more version. Numbers
 * continue after the other branch's: integers count on, timestamp
 * versions get new timestamps. When our first version was planned on one
 * of ours that the merge lost (both branches wrote that number and the
 * folder is theirs), ours cannot be replayed: they go, and the desired
 * files are planned as one version. The copy then takes the root's place
 * (two renames); a failure before leaves the root as it was, and
 * --dry-run removes the copy.
 *
 * Memory: everything is released before ops_plan_rebase() returns; the
 * result owns its strings (ops_plan_result_release()).
 */
#define _GNU_SOURCE	/* nftw */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ops/ops_internal.h"
#include "emit/versiondir.h"
#include "drivers/tempserver.h"
#include "util/strbuf.h"
#include "util/banned.h"

/* Copy the tree at src to dst (which must not exist): folders, regular
 * files (with their modes) and symbolic links. 0, or -1 with errno. */
static int copy_tree(const char *src, const char *dst)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (lstat(src, &st))
		return -1;
	if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlink(src, target, sizeof(target) - 1);

		if (n < 0)
			return -1;
		target[n] = 0;
		return symlink(target, dst);
	}
	if (S_ISREG(st.st_mode)) {
		char buf[65536];
		int in = open(src, O_RDONLY | O_CLOEXEC);
		int out = in < 0 ? -1 :
			  open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			       st.st_mode & 07777);
		ssize_t n = 0;

		while (out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, (size_t)n) != n) {
				n = -1;
				break;
			}
		if (in < 0 || out < 0 || n < 0)
			rc = -1;
		if (out >= 0 && close(out))
			rc = -1;
		if (in >= 0)
			close(in);
		return rc;
	}
	if (!S_ISDIR(st.st_mode)) {
		errno = EINVAL;	/* a FIFO, a device: no root holds one */
		return -1;
	}
	if (mkdir(dst, (st.st_mode & 07777) | 0700))
		return -1;
	d = opendir(src);
	if (!d)
		return -1;
	while (!rc && (de = readdir(d))) {
		struct strbuf s = STRBUF_INIT, t = STRBUF_INIT;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		strbuf_addf(&s, "%s/%s", src, de->d_name);
		strbuf_addf(&t, "%s/%s", dst, de->d_name);
		rc = copy_tree(s.buf, t.buf);
		strbuf_release(&s);
		strbuf_release(&t);
	}
	closedir(d);
	return rc;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void remove_tree(const char *path)
{
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A version of the timestamp scheme: YYYYMMDD.HHMMSS, maybe more digits. */
static bool is_timestamp(const char *v)
{
	size_t n = strspn(v, "0123456789");

	return n == 8 && v[8] == '.' && strspn(v + 9, "0123456789") >= 6 &&
	       (v[0] == '1' || v[0] == '2');
}

/* The next version of the copy: the integer part plus one, or in the
 * timestamp scheme UTC now, or when that is not above the latest version
 * the latest with one more digit (it stays below the next second's). */
static void next_version(const struct schema_root *root, bool timestamp,
			 struct strbuf *out)
{
	const char *last = root->nversions ?
			   root->versions[root->nversions - 1].version : NULL;
	time_t now = time(NULL);
	struct tm tm;

	if (!timestamp) {
		spec_next_version(root, out);
		return;
	}
	gmtime_r(&now, &tm);
	strbuf_addf(out, "%04d%02d%02d.%02d%02d%02d", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
		    tm.tm_sec);
	if (last && spec_version_cmp(out->buf, last) <= 0) {
		strbuf_reset(out);
		strbuf_addf(out, "%s%s1", last, strchr(last, '.') ? "" : ".");
	}
}

/* The keys of a version's version.json that plan does not compute (a
 * description, "requires", anyone's own), as JSON object text in out;
 * *online when it has online steps (planned with --online: so is the new
 * one). */
static void carried_keys(const struct spec_version *v, struct strbuf *out,
			 bool *online)
{
	static const char *const computed[] = {
		"db-schema-spec", "schema", "version", "source", "command",
		"system-type", "down", "down-hazards", "hazards", "steps",
		"renames", "demo", "squashed",
	};
	struct strbuf path = STRBUF_INIT;
	json_t *vj;
	char *text;

	strbuf_addf(&path, "%s/version.json", v->dir);
	vj = json_load_file(path.buf, JSON_PRESERVE_ORDER, NULL);
	strbuf_release(&path);
	if (!json_is_object(vj)) {
		json_decref(vj);
		return;
	}
	*online = json_array_size(json_object_get(vj, "steps")) > 0;
	for (size_t i = 0; i < sizeof(computed) / sizeof(*computed); i++)
		json_object_del(vj, computed[i]);
	if (json_object_size(vj)) {
		text = json_dumps(vj, JSON_COMPACT | JSON_PRESERVE_ORDER);
		strbuf_addstr(out, text);
		free(text);
	}
	json_decref(vj);
}

/* Which versions go: the first that schemadiff.sum does not chain, or
 * --rebase-from V, and the versions of its branch after it
 * (ops_sum_branch()); take[i] for each, *ndrop of them; lost: the
 * version of that branch before them that the merge lost, if any. */
static int rebase_range(const struct ops_plan_opts *o,
			const struct schema_root *root, bool *take,
			size_t *ndrop, struct strbuf *lost,
			struct sd_error *err)
{
	struct ops_sum_check sc;
	struct sd_error serr = { 0 };
	size_t from = 0;
	int rc = ops_sum_check(root, &o->events, &sc, &serr);

	*ndrop = 0;
	if (rc && rc != SD_ERR_CONFLICT) {
		*err = serr;
		return rc;
	}
	if (!o->rebase_from) {
		from = sc.first_stale;
	} else {
		if (!spec_version_valid(o->rebase_from))
			return sd_error_set(err, SD_ERR, NULL, 0, 0,
					    "invalid version \"%s\" for --rebase: a version is a number such as 4 or 1.2",
					    o->rebase_from);
		while (from < root->nversions &&
		       spec_version_cmp(root->versions[from].version,
					o->rebase_from) < 0)
			from++;
		if (from == root->nversions)
			return sd_error_set(err, SD_ERR, NULL, 0, 0,
					    "--rebase %s: no version from %s on in %s",
					    o->rebase_from, o->rebase_from,
					    o->schema_root);
	}
	if (from == root->nversions)
		return 0;
	ops_sum_branch(root, from, take, lost);
	for (size_t i = from; i < root->nversions; i++)
		*ndrop += take[i];
	return 0;
}

/* One plan's result r added to the rebase's out (r's changes move). */
static void add_result(struct ops_plan_result *out, struct ops_plan_result *r,
		       struct strbuf *new_versions)
{
	struct ops_change *items;

	if (r->enum_version) {
		strbuf_addf(&out->sql, "-- version %s\n%s\n", r->enum_version,
			    r->enum_sql.buf);
		strbuf_addf(new_versions, "%s%s", new_versions->len ? ", " : "",
			    r->enum_version);
	}
	strbuf_addf(&out->sql, "-- version %s\n%s%s\n", r->version, r->sql.buf,
		    r->steps_sql.buf);
	strbuf_addf(new_versions, "%s%s", new_versions->len ? ", " : "",
		    r->version);
	free(out->version);
	out->version = strdup(r->version);
	out->nchanges += r->nchanges + r->nenum;
	out->ndestructive += r->ndestructive;
	out->nhazards += r->nhazards;
	out->hazards |= r->hazards;
	out->nsteps += r->nsteps;
	out->has_down = r->has_down;
	out->ndemo_warnings += r->ndemo_warnings;
	strbuf_addstr(&out->demo_warnings, r->demo_warnings.buf);
	out->verified = r->verified && (out->verified || !out->verified_by);
	if (r->verified_by && !out->verified_by)
		out->verified_by = strdup(r->verified_by);
	if (r->verify_skipped && !out->verify_skipped)
		out->verify_skipped = strdup(r->verify_skipped);
	items = realloc(out->changes.items, (out->changes.n + r->changes.n + 1) *
			sizeof(*items));
	if (!items)
		abort();
	memcpy(items + out->changes.n, r->changes.items,
	       r->changes.n * sizeof(*items));
	out->changes.items = items;
	out->changes.n += r->changes.n;
	free(r->changes.items);
	r->changes.items = NULL;
	r->changes.n = 0;
}

/* err, about a version of ours that no longer applies on top: its file,
 * line and column stay, the message says which version. */
static void blame_version(struct sd_error *err, const char *version,
			  const char *on)
{
	struct sd_error was = *err;

	sd_error_set(err, was.code ? was.code : SD_ERR_CONFLICT,
		     was.file[0] ? was.file : NULL, was.line, was.col,
		     "rebase: version %s does not apply on top of version %s (both branches changed this): %s",
		     version, on, was.msg);
	sd_error_hint(err, "edit version %s's files so that they apply on top of version %s (the rebase plans it again from what it gives), make the desired files agree, and run plan --rebase again",
		      version, on);
}

/* err, from planning version `version` again as `as`: the message says
 * so (file, line, column and hint stay). */
static void while_planning(struct sd_error *err, const char *version,
			   const char *as)
{
	struct sd_error was = *err;

	sd_error_set(err, was.code, was.file[0] ? was.file : NULL, was.line,
		     was.col, "rebase: version %s planned again as %s: %s",
		     version, as, was.msg);
	memcpy(err->hint, was.hint, sizeof(err->hint));
}

/* The copy takes the root's place: root -> old, copy -> root, old goes. */
static int swap_in(const char *root, const char *copy, const char *shown,
		   struct sd_error *err)
{
	struct strbuf old = STRBUF_INIT;
	int rc = 0;

	strbuf_addf(&old, "%s.rebase-old-%ld", root, (long)getpid());
	if (rename(root, old.buf)) {
		rc = sd_error_set(err, SD_ERR_IO, shown, 0, 0,
				  "cannot move the schema root aside: %s",
				  strerror(errno));
	} else if (rename(copy, root)) {
		rc = sd_error_set(err, SD_ERR_IO, shown, 0, 0,
				  "cannot move the rebased root into place: %s",
				  strerror(errno));
		if (rename(old.buf, root))
			sd_error_hint(err, "the schema root is at %s now: move it back",
				      old.buf);
	} else {
		remove_tree(old.buf);
	}
	strbuf_release(&old);
	return rc;
}

int ops_plan_rebase(const struct ops_plan_opts *o, struct ops_plan_result *out,
		    struct sd_error *err)
{
	const struct ops_events *ev = &o->events;
	struct schema_root *root = NULL, *st = NULL;
	struct strbuf copy = STRBUF_INIT, taken = STRBUF_INIT;
	struct strbuf made = STRBUF_INIT, version = STRBUF_INIT;
	struct strbuf extra = STRBUF_INIT, vjson = STRBUF_INIT;
	struct strbuf lost = STRBUF_INIT, why = STRBUF_INIT;
	struct ops_server srv = { 0 };	/* one throwaway server for all */
	char abs[PATH_MAX];
	size_t ndrop = 0, nkeep, nwritten = 0, k;
	const struct spec_version **ours = NULL, *last_kept = NULL;
	struct spec_version *drop = NULL;
	bool *take = NULL;
	bool timestamp = o->version_scheme == OPS_VERSION_TIMESTAMP;
	bool staged = false;
	int rc;

	rc = spec_read(o->schema_root, &root, err);
	if (rc)
		goto out_free;
	take = calloc(root->nversions + 1, sizeof(*take));
	ours = calloc(root->nversions + 1, sizeof(*ours));
	drop = calloc(root->nversions + 1, sizeof(*drop));
	if (!take || !ours || !drop)
		abort();
	rc = rebase_range(o, root, take, &ndrop, &lost, err);
	if (rc)
		goto out_free;
	if (!ndrop) {
		/* every version chains: plan the desired files on top (and
		 * write the sum, which a duplicate line may spoil) */
		rc = ops_plan_run(o, &(struct ops_plan_input){ 0 }, out, err);
		goto out_free;
	}
	nkeep = root->nversions - ndrop;

	ops_plan_result_init(out);
	if (root->current_version && *root->current_version)
		out->current = strdup(root->current_version);
	for (size_t i = 0, j = 0; i < root->nversions; i++) {
		if (!take[i]) {
			last_kept = &root->versions[i];
			continue;
		}
		strbuf_addf(&taken, "%s%s", j ? ", " : "",
			    root->versions[i].version);
		timestamp |= is_timestamp(root->versions[i].version);
		ours[j++] = &root->versions[i];
	}
	out->rebased = strdup(taken.buf);
	ops_emit(ev, OPS_EVENT_PROGRESS, "rebase: %zu version%s (%s) planned again on top of %s%s",
		 ndrop, ndrop == 1 ? "" : "s", taken.buf,
		 last_kept ? last_kept->version : "nothing",
		 o->rebase_from ? "" : " (the ones schemadiff.sum does not chain; if they are the other branch's, name your first with --rebase-from)");

	/* the copy, beside the root, without our versions */
	if (!realpath(o->schema_root, abs)) {
		rc = sd_error_set(err, SD_ERR_IO, o->schema_root, 0, 0,
				  "cannot resolve the schema root: %s",
				  strerror(errno));
		goto out_free;
	}
	strbuf_addf(&copy, "%s.rebase-%ld", abs, (long)getpid());
	remove_tree(copy.buf);
	staged = true;
	if (copy_tree(abs, copy.buf)) {
		rc = sd_error_set(err, SD_ERR_IO, copy.buf, 0, 0,
				  "cannot copy the schema root to rebase it: %s",
				  strerror(errno));
		goto out_free;
	}
	rc = spec_read(copy.buf, &st, err);
	if (rc)
		goto out_free;
	if (st->nversions != root->nversions) {
		rc = sd_error_set(err, SD_ERR_CONFLICT, o->schema_root, 0, 0,
				  "the schema root changed while it was copied");
		goto out_free;
	}
	k = 0;
	st->current_version = "";
	for (size_t i = 0; i < st->nversions; i++)
		if (take[i])
			drop[k++] = st->versions[i];
		else
			st->current_version = st->versions[i].version;
	rc = emit_versions_drop(st, drop, ndrop, err);
	if (!rc) {
		spec_free(st);
		st = NULL;
		rc = spec_read(copy.buf, &st, err);
	}
	if (!rc)
		rc = ops_sum_write(st, err);
	if (rc)
		goto out_free;

	/* the proofs on a server: one throwaway server for every version
	 * (each plan would start its own), as plan would start it */
	if (o->verify != OPS_VERIFY_OFF && (!o->dev_url || !*o->dev_url) &&
	    !o->ignore.npatterns && !o->ignore.nfiles &&
	    sd_tempserver_available(ops_root_dialect(root), &why)) {
		rc = ops_server_open(ops_root_dialect(root), NULL,
				     o->server_timeout_ms, ev, &srv, err);
		if (rc)
			goto out_free;
	}
	/* sequential numbers that both branches wrote: the merge kept the
	 * other's folder, ours is gone, and ours after it may need it */
	if (lost.len)
		ops_emit(ev, OPS_EVENT_NOTE, "rebase: version %s was planned on this branch's version %s, whose folder the merge gave to the other branch: without it the version%s cannot be replayed; the desired files are planned as one version in their place",
			 ours[0]->version, lost.buf, ndrop == 1 ? "" : "s");
	for (size_t i = lost.len ? ndrop : 0; i <= ndrop; i++) {
		const struct spec_version *v = i < ndrop ? ours[i] : NULL;
		struct ops_plan_opts sub = *o;
		struct ops_plan_input in = { 0 };
		struct ops_plan_result r = { 0 };
		struct catalog *want = NULL;
		const char **demo = NULL;
		bool online = false;

		if (ops_cancel_signal()) {
			rc = sd_error_set(err, SD_ERR_CANCELLED, NULL, 0, 0,
					  "interrupted by %s: the schema root is as it was",
					  ops_signal_name());
			goto out_free;
		}
		strbuf_reset(&version);
		strbuf_reset(&extra);
		strbuf_reset(&vjson);
		if (o->version && !nwritten)
			strbuf_addstr(&version, o->version);
		else
			next_version(st, timestamp, &version);
		sub.rebase = false;
		sub.rebase_from = NULL;
		sub.dry_run = false;
		sub.version = version.buf;
		sub.version_scheme = timestamp ? OPS_VERSION_TIMESTAMP :
				     OPS_VERSION_SEQUENTIAL;
		if (srv.temp)
			sub.dev_url = sd_tempserver_url(srv.temp);
		in.dir = copy.buf;
		in.staged = true;
		if (v) {
			/* Ti: the copy's versions, then v's own files */
			struct schema_root two = *st;
			struct spec_version *vs = calloc(st->nversions + 1,
							 sizeof(*vs));

			if (!vs)
				abort();
			memcpy(vs, st->versions, st->nversions * sizeof(*vs));
			vs[st->nversions] = *v;
			two.versions = vs;
			two.nversions = st->nversions + 1;
			two.current_version = v->version;
			rc = ops_load_root(&two, NULL, &want, err);
			free(vs);
			if (rc) {
				blame_version(err, v->version,
					      st->nversions ? st->versions[st->nversions - 1].version : "(none)");
				goto out_free;
			}
			carried_keys(v, &extra, &online);
			sub.online = o->online || online;
			strbuf_addf(&vjson, "%s/version.json", v->dir);
			demo = calloc(v->ndemos + 1, sizeof(*demo));
			if (!demo)
				abort();
			for (size_t j = 0; j < v->ndemos; j++) {
				struct strbuf p = STRBUF_INIT;

				strbuf_addf(&p, "%s/%s", v->dir, v->demos[j]);
				demo[j] = strbuf_detach(&p, NULL);
			}
			sub.demo_files = demo;
			sub.ndemo_files = v->ndemos;
			in.want = want;
			in.renames_from = vjson.buf;
			in.extra = extra.len ? extra.buf : NULL;
			ops_emit(ev, OPS_EVENT_PROGRESS, "rebase: version %s planned again as version %s",
				 v->version, version.buf);
		}
		rc = ops_plan_run(&sub, &in, &r, err);
		if (!rc && r.no_changes && v)
			ops_emit(ev, OPS_EVENT_NOTE, "rebase: version %s changes nothing on top of the others: it is left out",
				 v->version);
		if (!rc && !r.no_changes) {
			add_result(out, &r, &made);
			nwritten++;
		}
		if (rc) {
			if (v)
				while_planning(err, v->version, version.buf);
			strbuf_addstr(&out->unreached, r.unreached.buf);
		}
		ops_plan_result_release(&r);
		catalog_free(want);
		for (size_t j = 0; demo && j < sub.ndemo_files; j++)
			free((char *)demo[j]);
		free(demo);
		if (rc)
			goto out_free;
		spec_free(st);
		st = NULL;
		rc = spec_read(copy.buf, &st, err);
		if (rc)
			goto out_free;
	}
	out->proved = true;
	out->rebased_as = made.len ? strdup(made.buf) : NULL;
	if (o->dry_run)
		goto out_free;	/* the copy goes: nothing was written */
	if (ops_cancel_signal()) {
		rc = sd_error_set(err, SD_ERR_CANCELLED, NULL, 0, 0,
				  "interrupted by %s: the schema root is as it was",
				  ops_signal_name());
		goto out_free;
	}
	rc = swap_in(abs, copy.buf, o->schema_root, err);
	if (rc)
		goto out_free;
	staged = false;
	out->written = nwritten > 0;
	out->sum_written = true;
	ops_emit(ev, OPS_EVENT_PROGRESS, "rebase: took out version%s %s",
		 ndrop == 1 ? "" : "s", taken.buf);
	for (size_t i = nkeep; i < st->nversions; i++)
		ops_emit(ev, OPS_EVENT_PROGRESS, "wrote version %s to %s/%s",
			 st->versions[i].version, o->schema_root,
			 st->versions[i].path);
out_free:
	free(take);
	free(ours);
	free(drop);
	if (staged)
		remove_tree(copy.buf);
	spec_free(st);
	spec_free(root);
	strbuf_release(&copy);
	strbuf_release(&taken);
	strbuf_release(&made);
	strbuf_release(&version);
	strbuf_release(&extra);
	strbuf_release(&vjson);
	strbuf_release(&lost);
	strbuf_release(&why);
	ops_server_close(&srv);
	return rc;
}
