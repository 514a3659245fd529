/*
 * diff/diff_matview.c: materialized views. One whose query or column
 * names differ is dropped and created again (there is no CREATE OR
 * REPLACE); so is one that reads a relation that is dropped, re-created or
 * whose columns change (diff_view_cascade() walks views and materialized
 * views together). A re-created materialized view loses its indexes: the
 * post-pass diff_matview_indexes() creates again those diff_index() left
 * alone. Storage parameters (WITH (...)) that differ are set in place
 * (CH_ALTER_TABLE_OPTIONS). WITH [NO] DATA is not compared.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include <string.h>

#include "util/banned.h"

static bool matview_same(const struct sd_matview *a,
			 const struct sd_matview *b)
{
	if (!diff_streq(a->query, b->query) || a->ncolumns != b->ncolumns)
		return false;
	for (size_t i = 0; i < a->ncolumns; i++)
		if (!diff_streq(a->columns[i], b->columns[i]))
			return false;
	return true;
}

static bool reloptions_same(const struct sd_matview *a,
			    const struct sd_matview *b)
{
	if (a->nreloptions != b->nreloptions)
		return false;
	for (size_t i = 0; i < a->nreloptions; i++)
		if (strcmp(a->reloptions[i], b->reloptions[i]))
			return false;
	return true;
}

static void matview_create(struct diff_ctx *ctx, const struct sd_object *n)
{
	struct diff_item *it = diff_add(ctx, CH_CREATE_MATVIEW, PHASE_CREATE,
					RANK_VIEW, NULL, n);

	diff_key(ctx, it, ROLE_PROV, n->key);
	diff_key_schema(ctx, it, ROLE_NEED, n->schema);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, n, false, NULL);
	diff_comment_object(ctx, NULL, n, true);
	diff_viewcols(ctx, NULL, n, true);
}

static void matview_drop(struct diff_ctx *ctx, const struct sd_object *o)
{
	struct diff_item *it = diff_add(ctx, CH_DROP_MATVIEW, PHASE_DROP,
					RANK_DROP_VIEW, o, NULL);

	diff_key(ctx, it, ROLE_GONE, o->key);
	diff_key_schema(ctx, it, ROLE_RELEASE, o->schema);
	diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, o, false, NULL);
	diff_mark(&ctx->remade, o->key);
}

void diff_matview_remake(struct diff_ctx *ctx, const struct sd_object *old_obj,
			 const struct sd_object *new_obj)
{
	matview_drop(ctx, old_obj);
	matview_create(ctx, new_obj);
}

void diff_matview(struct diff_ctx *ctx, const struct sd_object *old_obj,
		  const struct sd_object *new_obj)
{
	if (!old_obj)
		matview_create(ctx, new_obj);
	else if (!new_obj)
		matview_drop(ctx, old_obj);
	else if (!matview_same((const struct sd_matview *)old_obj,
			       (const struct sd_matview *)new_obj))
		diff_matview_remake(ctx, old_obj, new_obj);
	else if (!reloptions_same((const struct sd_matview *)old_obj,
				  (const struct sd_matview *)new_obj)) {
		/* storage parameters change in place; a materialized view
		 * made again by the cascade gets them in its CREATE */
		struct diff_item *it = diff_add(ctx, CH_ALTER_TABLE_OPTIONS,
						PHASE_CREATE, RANK_VIEW,
						old_obj, new_obj);
		diff_key(ctx, it, ROLE_NEED, new_obj->key);
	}
	/* unchanged: diff_view_cascade() (comments too) */
}

/* Was a create of this exact index already recorded? */
static bool index_created(const struct diff_ctx *ctx,
			  const struct sd_object *ix)
{
	for (size_t i = 0; i < ctx->items.len; i++) {
		const struct diff_item *it = ctx->items.items[i];
		if (it->ch.type == CH_CREATE_INDEX && it->ch.new_obj == ix)
			return true;
	}
	return false;
}

void diff_matview_indexes(struct diff_ctx *ctx)
{
	struct vec ixs = VEC_INIT;

	catalog_list(ctx->to, SD_INDEX, &ixs);
	for (size_t i = 0; i < ixs.len; i++) {
		const struct sd_index *n = ixs.items[i];
		const struct sd_object *mv, *old_mv;
		struct diff_item *it;
		struct strbuf key = STRBUF_INIT;

		mv = catalog_find(ctx->to, SD_MATVIEW, n->base.schema,
				  n->table);
		old_mv = catalog_find(ctx->from, SD_MATVIEW, n->base.schema,
				      n->table);
		if (!mv || !old_mv || !diff_marked(&ctx->remade, old_mv->key) ||
		    !catalog_lookup(ctx->from, n->base.key) ||
		    index_created(ctx, &n->base))
			continue;
		/* unchanged, but gone with its materialized view */
		it = diff_add(ctx, CH_CREATE_INDEX, PHASE_CREATE, RANK_INDEX,
			      NULL, &n->base);
		diff_key(ctx, it, ROLE_PROV, n->base.key);
		sd_key_format(&key, SD_MATVIEW, n->base.schema, n->table);
		diff_key(ctx, it, ROLE_NEED, key.buf);
		strbuf_release(&key);
		diff_key_deps(ctx, it, ROLE_NEED, ctx->to, &n->base, false,
			      NULL);
		diff_comment_object(ctx, NULL, &n->base, true);
	}
	vec_release(&ixs);
}
