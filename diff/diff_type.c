/*
 * diff/diff_type.c: user types (enums for now). Labels only appended or
 * inserted become one ALTER TYPE ... ADD VALUE per label, in an order where
 * each reference label already exists; a label removed or moved means the
 * type is dropped and created again (destructive).
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

static void type_create(struct diff_ctx *ctx, const struct sd_object *n,
			unsigned flags)
{
	struct diff_item *it = diff_add(ctx, CH_CREATE_TYPE, PHASE_CREATE,
					RANK_TYPE, NULL, n);

	it->ch.flags |= flags;
	diff_key(ctx, it, ROLE_PROV, n->key);
	diff_key_schema(ctx, it, ROLE_NEED, n->schema);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, n, false, NULL);
	diff_comment_object(ctx, NULL, n, true);
}

static void type_drop(struct diff_ctx *ctx, const struct sd_object *o)
{
	struct diff_item *it = diff_add(ctx, CH_DROP_TYPE, PHASE_DROP,
					RANK_DROP_TYPE, o, NULL);

	it->ch.flags |= CHANGE_DESTRUCTIVE;
	diff_key(ctx, it, ROLE_GONE, o->key);
	diff_key_schema(ctx, it, ROLE_RELEASE, o->schema);
	diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, o, false, NULL);
}

static long label_index(const struct sd_type *t, const char *label)
{
	for (size_t i = 0; i < t->nlabels; i++)
		if (!strcmp(t->labels[i], label))
			return (long)i;
	return -1;
}

/* pos[i]: where old label i is in new, or -1 when the old labels are not
 * a subsequence of the new ones (removed or reordered). */
static bool labels_only_added(const struct sd_type *o, const struct sd_type *n,
			      long *pos)
{
	long last = -1;

	for (size_t i = 0; i < o->nlabels; i++) {
		long p = label_index(n, o->labels[i]);
		if (p <= last)
			return false;
		pos[i] = last = p;
	}
	return true;
}

static void add_value(struct diff_ctx *ctx, const struct sd_object *o,
		      const struct sd_object *n, size_t index,
		      const char *ref, bool before, long order)
{
	struct diff_item *it = diff_add(ctx, CH_ADD_ENUM_VALUE, PHASE_CREATE,
					RANK_TYPE, o, n);

	it->ch.index = index;
	it->ch.ref_label = ref;
	it->ch.label_before = before;
	it->subpos = order;
	diff_key(ctx, it, ROLE_MOD, n->key);
}

static void enum_add_values(struct diff_ctx *ctx, const struct sd_object *oo,
			    const struct sd_object *no, const long *pos)
{
	const struct sd_type *o = (const struct sd_type *)oo;
	const struct sd_type *n = (const struct sd_type *)no;
	size_t lead = o->nlabels ? (size_t)pos[0] : 0;
	long order = 0;

	/* new labels before the first old one: each BEFORE its successor,
	 * from the last to the first */
	for (size_t k = lead; k-- > 0;)
		add_value(ctx, oo, no, k, n->labels[k + 1], true, order++);
	/* the rest: each AFTER its predecessor (or at the end of an empty
	 * enum) */
	for (size_t k = lead; k < n->nlabels; k++) {
		if (label_index(o, n->labels[k]) >= 0)
			continue;
		add_value(ctx, oo, no, k, k ? n->labels[k - 1] : NULL, false,
			  order++);
	}
}

void diff_type(struct diff_ctx *ctx, const struct sd_object *old_obj,
	       const struct sd_object *new_obj)
{
	const struct sd_type *o = (const struct sd_type *)old_obj;
	const struct sd_type *n = (const struct sd_type *)new_obj;
	long *pos;

	if (!o) {
		type_create(ctx, new_obj, 0);
		return;
	}
	if (!n) {
		type_drop(ctx, old_obj);
		return;
	}
	pos = calloc(o->nlabels + 1, sizeof(*pos));
	if (!pos)
		abort();
	if (o->typtype != n->typtype || !labels_only_added(o, n, pos)) {
		type_drop(ctx, old_obj);
		type_create(ctx, new_obj, CHANGE_DESTRUCTIVE);
		diff_mark(&ctx->remade, old_obj->key);
	} else {
		if (n->nlabels > o->nlabels)
			enum_add_values(ctx, old_obj, new_obj, pos);
		diff_comment_object(ctx, old_obj, new_obj, false);
	}
	free(pos);
}
