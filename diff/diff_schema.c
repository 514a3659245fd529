/*
 * diff/diff_schema.c: schemas are created or dropped; nothing else about
 * them changes but the comment.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include "util/banned.h"

void diff_schema(struct diff_ctx *ctx, const struct sd_object *old_obj,
		 const struct sd_object *new_obj)
{
	struct diff_item *it;

	if (!old_obj) {
		it = diff_add(ctx, CH_CREATE_SCHEMA, PHASE_CREATE, RANK_SCHEMA,
			      NULL, new_obj);
		diff_key(ctx, it, ROLE_PROV, new_obj->key);
		diff_comment_object(ctx, NULL, new_obj, true);
		return;
	}
	if (!new_obj) {
		it = diff_add(ctx, CH_DROP_SCHEMA, PHASE_DROP, RANK_DROP_SCHEMA,
			      old_obj, NULL);
		it->ch.flags |= CHANGE_DESTRUCTIVE;
		diff_key(ctx, it, ROLE_GONE, old_obj->key);
		return;
	}
	diff_comment_object(ctx, old_obj, new_obj, false);
}
