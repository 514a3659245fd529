/*
 * ops/ignore.c: ignore rules (objects that other tools own) for every
 * command that compares or prints catalogs. One filter over a catalog:
 * what a pattern matches is taken out of it before the diff, on both
 * sides, so that an ignored object is neither created, changed, dropped
 * nor printed, and the checks that compare catalogs again (apply's read
 * before COMMIT, plan's proof) see the same filtered view. The matcher is
 * drift's (drift_ignored(), emit/report.c), so a pattern means the same in
 * drift, apply, diff, plan and inspect.
 *
 * Memory: patterns are malloc'd strings in the caller's vec; a filtered
 * catalog only unlinks objects (catalog_remove), its arena keeps them.
 */
#include <stdlib.h>
#include <string.h>
#include <fnmatch.h>

#include "ops/ops_internal.h"
#include "util/vec.h"
#include "util/banned.h"

/* KIND in KIND:GLOB must match at least one kind name (a glob may). */
static int check_pattern(const char *p, const char *where,
			 struct sd_error *err)
{
	const char *colon = strchr(p, ':');
	bool any = false;
	char *k;

	if (!*p)
		return sd_error_set(err, SD_ERR, where, 0, 0,
				    "empty ignore pattern");
	if (!colon)
		return 0;
	k = strndup(p, (size_t)(colon - p));
	if (!k)
		abort();
	for (int i = 0; i < SD_KIND__COUNT && !any; i++)
		any = !fnmatch(k, sd_kind_name((enum sd_kind)i), 0);
	free(k);
	if (!any)
		return sd_error_set(err, SD_ERR, where, 0, 0,
				    "ignore pattern \"%s\": \"%.*s\" is no object kind (table, view, index, sequence, function, trigger, type, schema, extension ...)",
				    p, (int)(colon - p), p);
	if (!colon[1])
		return sd_error_set(err, SD_ERR, where, 0, 0,
				    "ignore pattern \"%s\" has no name after the kind",
				    p);
	return 0;
}

int ops_ignore_patterns(const struct ops_ignore *ig, struct vec *out,
			struct sd_error *err)
{
	for (size_t i = 0; i < ig->npatterns; i++) {
		int rc = check_pattern(ig->patterns[i], NULL, err);
		if (rc)
			return rc;
		vec_push(out, strdup(ig->patterns[i]));
	}
	for (size_t i = 0; i < ig->nfiles; i++) {
		size_t from = out->len;
		int rc = ops_read_lines(ig->files[i], out, err);

		for (size_t j = from; !rc && j < out->len; j++)
			rc = check_pattern(out->items[j], ig->files[i], err);
		if (rc)
			return rc;
	}
	return 0;
}

/* The table an index, trigger or policy belongs to, or NULL. */
static const char *table_of(const struct sd_object *o)
{
	switch (o->kind) {
	case SD_INDEX:
		return ((const struct sd_index *)o)->table;
	case SD_TRIGGER:
		return ((const struct sd_trigger *)o)->table;
	case SD_POLICY:
		return ((const struct sd_policy *)o)->table;
	default:
		return NULL;
	}
}

size_t ops_ignore_catalog(struct catalog *cat, const char *const *pats,
			  size_t n)
{
	struct vec all = VEC_INIT;
	size_t removed = 0;

	if (!cat || !n)
		return 0;
	catalog_list(cat, -1, &all);
	for (size_t i = 0; i < all.len; i++) {
		struct sd_object *o = all.items[i];
		const char *table = table_of(o);
		bool hit = drift_ignored(pats, n, sd_kind_name(o->kind),
					 o->schema, o->name);

		/* a table's indexes, triggers and policies go with it */
		if (!hit && table)
			hit = drift_ignored(pats, n, sd_kind_name(SD_TABLE),
					    o->schema, table);
		if (hit) {
			catalog_remove(cat, o);
			removed++;
		}
	}
	vec_release(&all);
	return removed;
}

int ops_ignore_apply(const struct ops_ignore *ig, struct catalog *const *cats,
		     size_t ncats, struct sd_error *err)
{
	struct vec pats = VEC_INIT;
	int rc;

	if (!ig || (!ig->npatterns && !ig->nfiles))
		return 0;
	rc = ops_ignore_patterns(ig, &pats, err);
	for (size_t i = 0; !rc && i < ncats; i++)
		ops_ignore_catalog(cats[i], (const char *const *)pats.items,
				   pats.len);
	for (size_t i = 0; i < pats.len; i++)
		free(pats.items[i]);
	vec_release(&pats);
	return rc;
}
