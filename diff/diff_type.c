/*
 * diff/diff_type.c: user types. Enums: labels only appended or inserted
 * become one ALTER TYPE ... ADD VALUE per label, in an order where each
 * reference label already exists; a label removed or moved means the type
 * is dropped and created again (destructive). Domains and composite types
 * are compared in diff/diff_domain.c and diff/diff_composite.c; a range
 * type that differs in anything, or a type whose kind changes, is dropped
 * and created again.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

void diff_type_create(struct diff_ctx *ctx, const struct sd_object *n,
		      unsigned flags)
{
	struct diff_item *it = diff_add(ctx, CH_CREATE_TYPE, PHASE_CREATE,
					RANK_TYPE, NULL, n);

	it->ch.flags |= flags;
	diff_key(ctx, it, ROLE_PROV, n->key);
	diff_key_schema(ctx, it, ROLE_NEED, n->schema);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, n, false, NULL);
	if (((const struct sd_type *)n)->typtype == SD_TYPTYPE_DOMAIN)
		diff_domain_created(ctx, n);
	diff_comment_object(ctx, NULL, n, true);
	diff_type_attr_comments(ctx, NULL, n, true);
}

void diff_type_drop(struct diff_ctx *ctx, const struct sd_object *o)
{
	struct diff_item *it = diff_add(ctx, CH_DROP_TYPE, PHASE_DROP,
					RANK_DROP_TYPE, o, NULL);

	it->ch.flags |= CHANGE_DESTRUCTIVE;
	diff_key(ctx, it, ROLE_GONE, o->key);
	diff_key_schema(ctx, it, ROLE_RELEASE, o->schema);
	diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, o, false, NULL);
}

void diff_type_remake(struct diff_ctx *ctx, const struct sd_object *o,
		      const struct sd_object *n)
{
	diff_type_drop(ctx, o);
	diff_type_create(ctx, n, CHANGE_DESTRUCTIVE);
	diff_mark(&ctx->remade, o->key);
}

static bool range_equal(const struct sd_type *o, const struct sd_type *n)
{
	return diff_streq(o->base_type, n->base_type) &&
	       diff_streq(o->collation, n->collation) &&
	       diff_streq(o->subtype_opclass, n->subtype_opclass) &&
	       diff_streq(o->canonical, n->canonical) &&
	       diff_streq(o->subtype_diff, n->subtype_diff) &&
	       diff_streq(o->multirange, n->multirange);
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
		diff_type_create(ctx, new_obj, 0);
		return;
	}
	if (!n) {
		diff_type_drop(ctx, old_obj);
		return;
	}
	if (o->typtype != n->typtype ||
	    (n->typtype == SD_TYPTYPE_RANGE && !range_equal(o, n))) {
		diff_type_remake(ctx, old_obj, new_obj);
		return;
	}
	if (n->typtype == SD_TYPTYPE_DOMAIN) {
		diff_domain(ctx, old_obj, new_obj);
		return;
	}
	if (n->typtype == SD_TYPTYPE_COMPOSITE) {
		diff_composite(ctx, old_obj, new_obj);
		return;
	}
	pos = calloc(o->nlabels + 1, sizeof(*pos));
	if (!pos)
		abort();
	if (!labels_only_added(o, n, pos)) {
		diff_type_remake(ctx, old_obj, new_obj);
	} else {
		if (n->nlabels > o->nlabels)
			enum_add_values(ctx, old_obj, new_obj, pos);
		diff_comment_object(ctx, old_obj, new_obj, false);
	}
	free(pos);
}
