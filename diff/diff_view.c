/*
 * diff/diff_view.c: views. A view whose query, column names or check
 * option differ is dropped and created again; so is every view that reads
 * a relation that is dropped or re-created, or a column whose type or
 * collation changes or that goes (diff_view_reads_remade(): the columns
 * its query names, struct sd_colreads; found through obj->deps, repeated
 * until nothing more changes: a view over a view over a table), and every
 * function whose SQL-standard body reads one of them (then the views that
 * call it). What DROP VIEW took along comes back after: triggers and
 * objects carried as text (diff_triggers_on_remade(),
 * diff_opaque_on_remade()), comments, grants (diff_grants()).
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include <string.h>

#include "util/banned.h"

static bool view_same(const struct sd_view *a, const struct sd_view *b)
{
	if (!diff_streq(a->query, b->query) ||
	    a->check_option != b->check_option || a->ncolumns != b->ncolumns ||
	    a->noptions != b->noptions)
		return false;
	for (size_t i = 0; i < a->noptions; i++)
		if (!diff_streq(a->options[i], b->options[i]))
			return false;
	for (size_t i = 0; i < a->ncolumns; i++)
		if (!diff_streq(a->columns[i], b->columns[i]))
			return false;
	return true;
}

static void view_create(struct diff_ctx *ctx, const struct sd_object *n)
{
	struct diff_item *it = diff_add(ctx, CH_CREATE_VIEW, PHASE_CREATE,
					RANK_VIEW, NULL, n);

	diff_key(ctx, it, ROLE_PROV, n->key);
	diff_key_schema(ctx, it, ROLE_NEED, n->schema);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, n, false, NULL);
	diff_comment_object(ctx, NULL, n, true);
	diff_viewcols(ctx, NULL, n, true);
}

static void view_drop(struct diff_ctx *ctx, const struct sd_object *o)
{
	struct diff_item *it = diff_add(ctx, CH_DROP_VIEW, PHASE_DROP,
					RANK_DROP_VIEW, o, NULL);

	diff_key(ctx, it, ROLE_GONE, o->key);
	diff_key_schema(ctx, it, ROLE_RELEASE, o->schema);
	diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, o, false, NULL);
	diff_mark(&ctx->remade, o->key);
}

void diff_view_remake(struct diff_ctx *ctx, const struct sd_object *old_obj,
		      const struct sd_object *new_obj)
{
	view_drop(ctx, old_obj);
	view_create(ctx, new_obj);
}

void diff_view(struct diff_ctx *ctx, const struct sd_object *old_obj,
	       const struct sd_object *new_obj)
{
	if (!old_obj)
		view_create(ctx, new_obj);
	else if (!new_obj)
		view_drop(ctx, old_obj);
	else if (!view_same((const struct sd_view *)old_obj,
			    (const struct sd_view *)new_obj))
		diff_view_remake(ctx, old_obj, new_obj);
	/* unchanged views: diff_view_cascade() */
}

void diff_view_cascade(struct diff_ctx *ctx)
{
	struct vec olds = VEC_INIT, fns = VEC_INIT;
	bool changed = true;

	catalog_list(ctx->from, SD_VIEW, &olds);
	catalog_list(ctx->from, SD_MATVIEW, &olds);
	catalog_list(ctx->from, SD_FUNCTION, &fns);
	while (changed) {
		changed = false;
		/* a SQL-standard body that reads a view made again is made
		 * again too (and views that call it, on the next round) */
		for (size_t i = 0; i < fns.len; i++) {
			const struct sd_object *o = fns.items[i];
			const struct sd_object *n =
				catalog_find(ctx->to, SD_FUNCTION, o->schema,
					     o->name);

			if (!n || diff_marked(&ctx->remade, o->key) ||
			    !diff_function_reads_remade(ctx, o))
				continue;
			diff_function_remake(ctx, o, n);
			changed = true;
		}
		for (size_t i = 0; i < olds.len; i++) {
			const struct sd_object *o = olds.items[i];
			const struct sd_object *n =
				catalog_find(ctx->to, o->kind, o->schema,
					     o->name);

			if (!n || diff_marked(&ctx->remade, o->key) ||
			    !diff_view_reads_remade(ctx, o))
				continue;
			if (o->kind == SD_MATVIEW)
				diff_matview_remake(ctx, o, n);
			else
				diff_view_remake(ctx, o, n);
			changed = true;
		}
	}
	for (size_t i = 0; i < olds.len; i++) {
		const struct sd_object *o = olds.items[i];
		const struct sd_object *n =
			catalog_find(ctx->to, o->kind, o->schema, o->name);

		if (n && !diff_marked(&ctx->remade, o->key)) {
			diff_comment_object(ctx, o, n, false);
			diff_viewcols(ctx, o, n, false);
		}
	}
	vec_release(&olds);
	vec_release(&fns);
}
