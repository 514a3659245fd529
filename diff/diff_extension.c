/*
 * diff/diff_extension.c: extensions are created, dropped, updated to a
 * version or moved to a schema. A version or schema that the desired side
 * leaves unsaid is not a change.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include "util/banned.h"

void diff_extension(struct diff_ctx *ctx, const struct sd_object *old_obj,
		    const struct sd_object *new_obj)
{
	const struct sd_extension *o = (const struct sd_extension *)old_obj;
	const struct sd_extension *n = (const struct sd_extension *)new_obj;
	struct diff_item *it;

	if (!o) {
		it = diff_add(ctx, CH_CREATE_EXTENSION, PHASE_CREATE,
			      RANK_EXTENSION, NULL, new_obj);
		diff_key(ctx, it, ROLE_PROV, new_obj->key);
		diff_key_schema(ctx, it, ROLE_NEED, n->ext_schema);
		diff_key_deps(ctx, it, ROLE_NEED, ctx->to, new_obj, false,
			      NULL);
		diff_comment_object(ctx, NULL, new_obj, true);
		return;
	}
	if (!n) {
		it = diff_add(ctx, CH_DROP_EXTENSION, PHASE_DROP,
			      RANK_DROP_EXTENSION, old_obj, NULL);
		it->ch.flags |= CHANGE_DESTRUCTIVE;
		diff_key(ctx, it, ROLE_GONE, old_obj->key);
		diff_key_schema(ctx, it, ROLE_RELEASE, o->ext_schema);
		diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, old_obj, false,
			      NULL);
		return;
	}
	if (n->version && !diff_streq(o->version, n->version)) {
		it = diff_add(ctx, CH_ALTER_EXTENSION, PHASE_CREATE,
			      RANK_EXTENSION, old_obj, new_obj);
		it->ch.detail = CHANGE_EXT_VERSION;
		it->typerank = 1;
		diff_key(ctx, it, ROLE_MOD, new_obj->key);
	}
	if (n->ext_schema && !diff_streq(o->ext_schema, n->ext_schema)) {
		it = diff_add(ctx, CH_ALTER_EXTENSION, PHASE_CREATE,
			      RANK_EXTENSION, old_obj, new_obj);
		it->ch.detail = CHANGE_EXT_SCHEMA;
		it->typerank = 2;
		diff_key(ctx, it, ROLE_MOD, new_obj->key);
		diff_key_schema(ctx, it, ROLE_NEED, n->ext_schema);
		diff_key_schema(ctx, it, ROLE_RELEASE, o->ext_schema);
	}
	diff_comment_object(ctx, old_obj, new_obj, false);
}
