/*
 * ops/squash.c: a schema root's versions up to V replaced by one baseline
 * version V that creates the catalog at V directly (diff(empty,
 * catalog@V), proved by replaying it), so that a new database does not
 * replay a long history. Databases already at V or past it continue
 * unchanged: the baseline lists the versions it replaces with the
 * checksums they had (our `squashed` key), which migrate accepts. A
 * database at an older version K gets from-K.sql, the source files of the
 * versions after K up to V as they were, in order.
 *
 * Memory: the root and catalogs are owned here and released before
 * ops_squash() returns; the result owns its strings.
 */
#include <stdlib.h>
#include <string.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "emit/emit.h"
#include "emit/versiondir.h"
#include "parser/front/front.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/banned.h"

/* The source files of versions (k, idx], one after the other. */
static int upgrade_text(const struct schema_root *root, size_t k, size_t idx,
			struct strbuf *out, struct sd_error *err)
{
	struct strbuf file = STRBUF_INIT, text = STRBUF_INIT;
	int rc = 0;

	for (size_t i = k + 1; i <= idx && !rc; i++) {
		const struct spec_version *v = &root->versions[i];

		for (size_t j = 0; j < v->nsources && !rc; j++) {
			strbuf_reset(&file);
			strbuf_reset(&text);
			strbuf_addf(&file, "%s/%s", v->dir, v->sources[j]);
			rc = sd_read_file(&text, file.buf, err);
			if (rc)
				break;
			strbuf_addf(out, "-- version %s: %s\n", v->version,
				    v->sources[j]);
			strbuf_add(out, text.buf, text.len);
			if (text.len && text.buf[text.len - 1] != '\n')
				strbuf_addch(out, '\n');
		}
	}
	strbuf_release(&file);
	strbuf_release(&text);
	return rc;
}

static int squash_run(const struct ops_squash_opts *o,
		      struct ops_squash_result *out, struct sd_error *err)
{
	const struct ops_events *ev = &o->events;
	struct schema_root *root = NULL;
	struct catalog *want = NULL, *empty = NULL, *check = NULL;
	struct changeset *cs = NULL, *left = NULL;
	struct strbuf *ups = NULL, file = STRBUF_INIT, what = STRBUF_INIT;
	const char **upv = NULL;
	const struct spec_version *target;
	struct ops_sum_check sc;
	size_t idx = 0;
	int rc;

	rc = spec_read(o->schema_root, &root, err);
	if (!rc)
		rc = ops_sum_check(root, ev, &sc, err);
	if (rc)
		goto out;
	target = spec_find_version(root, o->to);
	if (!target) {
		rc = sd_error_set(err, SD_ERR, o->schema_root, 0, 0,
				  "version \"%s\" is not in the schema root", o->to);
		goto out;
	}
	idx = (size_t)(target - root->versions);
	if (!idx) {
		rc = sd_error_set(err, SD_ERR, o->schema_root, 0, 0,
				  "version %s is the first: nothing to squash",
				  target->version);
		goto out;
	}
	for (size_t i = 0; i <= idx; i++)
		if (root->versions[i].nsquashed) {
			rc = sd_error_set(err, SD_ERR_UNSUPPORTED, o->schema_root, 0, 0,
					  "version %s is already a baseline: squashing across it is not supported",
					  root->versions[i].version);
			goto out;
		}
	out->version = strdup(target->version);
	out->nsquashed = idx + 1;

	/* the create script, proved: replayed on nothing it gives V */
	rc = ops_load_root(root, target->version, &want, err);
	if (rc)
		goto out;
	empty = catalog_new(want->dialect);
	rc = diff_catalogs(empty, want, &cs, err);
	if (rc)
		goto out;
	emit_changeset(cs, &out->sql);
	out->nchanges = cs->nchanges;
	changeset_free(cs);
	cs = NULL;
	check = catalog_new(want->dialect);
	strbuf_addf(&file, "%s/revisions.sql", target->dir);
	rc = front_replay_script(check, file.buf, out->sql.buf, err);
	if (!rc)
		rc = diff_catalogs(check, want, &left, err);
	if (rc)
		goto out;
	if (!changeset_empty(left)) {
		changeset_describe(left, &what);
		rc = sd_error_set(err, SD_ERR_CONFLICT, file.buf, 0, 0,
				  "the baseline does not create version %s; nothing was written:\n%s",
				  target->version, what.buf);
		goto out;
	}
	/* from-K.sql for each version K before V */
	ups = calloc(idx, sizeof(*ups));
	upv = calloc(idx, sizeof(*upv));
	if (!ups || !upv)
		abort();
	for (size_t k = 0; k < idx && !rc; k++) {
		strbuf_init(&ups[k], 0);
		rc = upgrade_text(root, k, idx, &ups[k], err);
		upv[k] = ups[k].buf;
	}
	if (rc || o->dry_run)
		goto out;
	rc = emit_squash(root, idx, out->sql.buf, upv, err);
	if (rc)
		goto out;
	out->written = true;
	ops_emit(ev, OPS_EVENT_PROGRESS, "version %s is now a baseline in place of versions %s to %s (%zu changes)",
		 target->version, root->versions[0].version, target->version,
		 out->nchanges);
	spec_free(root);
	root = NULL;
	rc = spec_read(o->schema_root, &root, err);
	if (!rc)
		rc = ops_sum_write(root, err);
out:
	for (size_t k = 0; ups && k < idx; k++)
		strbuf_release(&ups[k]);
	free(ups);
	free(upv);
	changeset_free(left);
	changeset_free(cs);
	catalog_free(check);
	catalog_free(empty);
	catalog_free(want);
	spec_free(root);
	strbuf_release(&file);
	strbuf_release(&what);
	return rc;
}

int ops_squash(const struct ops_squash_opts *o, struct ops_squash_result *out,
	       struct sd_error *err)
{
	struct sd_warn_sink saved;
	int rc;

	memset(out, 0, sizeof(*out));
	strbuf_init(&out->sql, 0);
	ops_warn_begin(&o->events, &saved);
	rc = squash_run(o, out, err);
	ops_warn_end(&saved);
	return rc;
}

void ops_squash_result_release(struct ops_squash_result *out)
{
	free(out->version);
	out->version = NULL;
	strbuf_release(&out->sql);
}
