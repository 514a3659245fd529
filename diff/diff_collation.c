/*
 * diff/diff_collation.c: PostgreSQL collations. There is no ALTER for a
 * collation's options, so one that differs is dropped and created again;
 * that is destructive (the columns that use it are converted off it and
 * back, see diff/diff_cascade.c, and their indexes rebuilt), and the
 * collation is marked remade for that cascade. The version is not
 * compared (the server records the library's, see model/catalog.h).
 *
 * Keys: a table whose columns use a user collation depends on its key, so
 * CREATE COLLATION comes before CREATE TABLE, and DROP COLLATION after
 * the columns let go of it.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include "util/banned.h"

static bool collation_equal(const struct sd_collation *o,
			    const struct sd_collation *n)
{
	return o->provider == n->provider &&
	       o->deterministic == n->deterministic &&
	       diff_streq(o->locale, n->locale) &&
	       diff_streq(o->rules, n->rules) &&
	       diff_streq(o->lc_collate, n->lc_collate) &&
	       diff_streq(o->lc_ctype, n->lc_ctype);
}

static void collation_create(struct diff_ctx *ctx, const struct sd_object *n,
			     unsigned flags)
{
	struct diff_item *it = diff_add(ctx, CH_CREATE_COLLATION,
					PHASE_CREATE, RANK_COLLATION, NULL,
					n);

	it->ch.flags |= flags;
	diff_key(ctx, it, ROLE_PROV, n->key);
	diff_key_schema(ctx, it, ROLE_NEED, n->schema);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, n, false, NULL);
	diff_comment_object(ctx, NULL, n, true);
}

static void collation_drop(struct diff_ctx *ctx, const struct sd_object *o)
{
	struct diff_item *it = diff_add(ctx, CH_DROP_COLLATION, PHASE_DROP,
					RANK_DROP_COLLATION, o, NULL);

	it->ch.flags |= CHANGE_DESTRUCTIVE;
	diff_key(ctx, it, ROLE_GONE, o->key);
	diff_key_schema(ctx, it, ROLE_RELEASE, o->schema);
	diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, o, false, NULL);
}

void diff_collation(struct diff_ctx *ctx, const struct sd_object *old_obj,
		    const struct sd_object *new_obj)
{
	if (!old_obj) {
		collation_create(ctx, new_obj, 0);
		return;
	}
	if (!new_obj) {
		collation_drop(ctx, old_obj);
		return;
	}
	if (!collation_equal((const struct sd_collation *)old_obj,
			     (const struct sd_collation *)new_obj)) {
		collation_drop(ctx, old_obj);
		collation_create(ctx, new_obj, CHANGE_DESTRUCTIVE);
		diff_mark(&ctx->remade, old_obj->key);
		return;
	}
	diff_comment_object(ctx, old_obj, new_obj, false);
}
