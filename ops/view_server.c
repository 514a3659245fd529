/*
 * ops/view_server.c: MySQL views whose texts differ offline, compared as
 * a server renders them.
 *
 * The parser rewrites a simple view into the text the server keeps
 * (parser/mysql/mysql_view.c); a complex one (joins, subqueries, GROUP
 * BY, functions) keeps its own token print, which never equals the
 * server's VIEW_DEFINITION that `inspect` writes: an offline plan of
 * inspect's output against the files it came from replaced every such
 * view. Where a server is at hand (plan's --dev-url or the throwaway
 * server plan --verify uses), each side's differing views are created in
 * a scratch database with what they read (ops_normalize()) and read back:
 * where the server's texts agree the view is the same, and the desired
 * view takes the other side's definition, so that only a real difference
 * replaces a view. Live commands need none of this: they already compare
 * through the target's server (ops/normalize.c).
 *
 * Memory: the normalized catalogs are freed before the call returns; the
 * strings copied into `want` live in its arena.
 */
#include <string.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "drivers/driver.h"
#include "util/vec.h"
#include "util/banned.h"

/* The replaced views of cs: their keys, into keys. */
static void replaced_views(const struct changeset *cs, struct vec *keys)
{
	for (size_t i = 0; i < cs->nchanges; i++) {
		const struct change *ch = &cs->changes[i];

		if (ch->type == CH_REPLACE_VIEW && ch->old_obj && ch->new_obj &&
		    ch->new_obj->kind == SD_VIEW)
			vec_push(keys, (void *)ch->new_obj->key);
	}
}

bool ops_views_differ_offline(const struct changeset *cs)
{
	struct vec keys = VEC_INIT;
	bool any;

	replaced_views(cs, &keys);
	any = keys.len > 0;
	vec_release(&keys);
	return any;
}

/* w takes c's definition (both describe the same view). */
static void take_definition(struct catalog *want, struct sd_view *w,
			    const struct sd_view *c)
{
	w->query = catalog_strdup(want, c->query);
	w->written = c->written ? catalog_strdup(want, c->written) : NULL;
	w->check_option = c->check_option;
	w->ncolumns = c->ncolumns;
	w->columns = NULL;
	if (c->ncolumns) {
		w->columns = arena_alloc(&want->arena,
					 c->ncolumns * sizeof(*w->columns));
		for (size_t i = 0; i < c->ncolumns; i++)
			w->columns[i] = catalog_strdup(want, c->columns[i]);
	}
	w->noptions = c->noptions;
	w->options = NULL;
	if (c->noptions) {
		w->options = arena_alloc(&want->arena,
					 c->noptions * sizeof(*w->options));
		for (size_t i = 0; i < c->noptions; i++)
			w->options[i] = catalog_strdup(want, c->options[i]);
	}
}

int ops_views_through_server(struct sd_conn *server,
			     const struct catalog *current,
			     struct catalog *want, const struct changeset *cs,
			     const struct ops_events *ev, size_t *nsame,
			     struct sd_error *err)
{
	struct catalog *nw = NULL, *nc = NULL;
	struct vec keys = VEC_INIT;
	int rc;

	*nsame = 0;
	replaced_views(cs, &keys);
	if (!keys.len)
		goto out;
	/* each side with what differs from the other: the views (and any
	 * table that changes too) go through the scratch database */
	rc = ops_normalize(server, current, want, ev, &nw, err);
	if (!rc)
		rc = ops_normalize(server, want, current, ev, &nc, err);
	if (rc) {
		vec_release(&keys);
		catalog_free(nw);
		catalog_free(nc);
		return rc;
	}
	for (size_t i = 0; i < keys.len; i++) {
		const struct sd_object *a = catalog_lookup(nc, keys.items[i]);
		const struct sd_object *b = catalog_lookup(nw, keys.items[i]);
		struct sd_object *w = catalog_lookup(want, keys.items[i]);
		const struct sd_object *c = catalog_lookup(current,
							   keys.items[i]);

		if (!a || !b || !w || !c || a->kind != SD_VIEW ||
		    b->kind != SD_VIEW || w->kind != SD_VIEW ||
		    c->kind != SD_VIEW)
			continue;
		if (!diff_mysql_view_same((const struct sd_view *)a,
					  (const struct sd_view *)b))
			continue;
		take_definition(want, (struct sd_view *)w,
				(const struct sd_view *)c);
		(*nsame)++;
	}
out:
	vec_release(&keys);
	catalog_free(nw);
	catalog_free(nc);
	return 0;
}
