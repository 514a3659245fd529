/*
 * diff/diff_composite.c: a composite type present on both sides. ALTER
 * TYPE ... ADD ATTRIBUTE appends, so attributes can be dropped, appended
 * or given a new type or collation in place; any other change of order
 * means the type is dropped and created again (destructive).
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include <string.h>

#include "util/banned.h"

static long attr_index(const struct sd_type *t, const char *name)
{
	for (size_t i = 0; i < t->nattrs; i++)
		if (!strcmp(t->attrs[i].name, name))
			return (long)i;
	return -1;
}

/* Do the new attributes keep the old ones' order, with every added one
 * after them all? */
static bool only_appended(const struct sd_type *o, const struct sd_type *n)
{
	bool added = false;
	long last = -1;

	for (size_t i = 0; i < n->nattrs; i++) {
		long p = attr_index(o, n->attrs[i].name);
		if (p < 0) {
			added = true;
			continue;
		}
		if (added || p <= last)
			return false;
		last = p;
	}
	return true;
}

static struct diff_item *attr_change(struct diff_ctx *ctx,
				     enum change_type type, int phase,
				     int rank, const struct sd_object *o,
				     const struct sd_object *n,
				     const struct sd_column *oc,
				     const struct sd_column *nc, long pos)
{
	struct diff_item *it = diff_add(ctx, type, phase, rank, o, n);

	it->ch.old_col = oc;
	it->ch.new_col = nc;
	it->subpos = pos;
	it->sub = nc ? nc->name : oc->name;
	diff_key(ctx, it, ROLE_MOD, n->key);
	return it;
}

void diff_composite(struct diff_ctx *ctx, const struct sd_object *old_obj,
		    const struct sd_object *new_obj)
{
	const struct sd_type *o = (const struct sd_type *)old_obj;
	const struct sd_type *n = (const struct sd_type *)new_obj;
	struct diff_item *it;

	if (!only_appended(o, n)) {
		diff_type_remake(ctx, old_obj, new_obj);
		return;
	}
	for (size_t i = 0; i < o->nattrs; i++) {
		const struct sd_column *oc = &o->attrs[i];
		if (type_find_attr(n, oc->name))
			continue;
		it = attr_change(ctx, CH_DROP_ATTRIBUTE, PHASE_CREATE,
				 RANK_TYPE, old_obj, new_obj, oc, NULL,
				 (long)i);
		it->ch.flags |= CHANGE_DESTRUCTIVE;
		it->typerank = 0;
		diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, old_obj, false,
			      new_obj);
	}
	for (size_t i = 0; i < n->nattrs; i++) {
		const struct sd_column *nc = &n->attrs[i];
		const struct sd_column *oc = type_find_attr(o, nc->name);

		if (oc && diff_streq(oc->type, nc->type) &&
		    diff_streq(oc->collation, nc->collation))
			continue;
		it = attr_change(ctx, oc ? CH_ALTER_ATTRIBUTE_TYPE
					 : CH_ADD_ATTRIBUTE,
				 PHASE_CREATE, RANK_TYPE, old_obj, new_obj, oc,
				 nc, (long)i);
		it->typerank = 1;
		if (oc && !diff_type_widens(oc->type, nc->type))
			it->ch.flags |= CHANGE_DESTRUCTIVE;
		diff_key_deps(ctx, it, ROLE_NEED, ctx->to, new_obj, false,
			      old_obj);
	}
	diff_comment_object(ctx, old_obj, new_obj, false);
	diff_type_attr_comments(ctx, old_obj, new_obj, false);
}
