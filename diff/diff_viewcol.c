/*
 * diff/diff_viewcol.c: what the columns of views, materialized views and
 * composite types carry apart from their definition: COMMENT ON COLUMN
 * (diff_comment_column()) and a view column's default (a
 * CH_ALTER_COLUMN_DEFAULT on the view, emitted as ALTER VIEW). A view or
 * materialized view made again (fresh) gets them all back after its
 * CREATE; an unchanged one gets what differs, a note gone is set back to
 * NULL / DROP DEFAULT.
 *
 * Memory: changes, and the empty columns that stand for a note that is
 * not there, live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include <string.h>

#include "util/banned.h"

/* An empty note named name: no comment, no default. */
static const struct sd_column *empty_col(struct diff_ctx *ctx,
					 const char *name)
{
	struct sd_column *c = arena_alloc(&ctx->cs->arena, sizeof(*c));

	memset(c, 0, sizeof(*c));
	c->name = name;
	return c;
}

static void default_change(struct diff_ctx *ctx, const struct sd_object *o,
			   const struct sd_object *n,
			   const struct sd_column *oc,
			   const struct sd_column *nc, long pos)
{
	struct diff_item *it = diff_add(ctx, CH_ALTER_COLUMN_DEFAULT,
					PHASE_CREATE, RANK_COLUMN, o, n);

	it->ch.old_col = oc;
	it->ch.new_col = nc;
	it->subpos = pos;
	it->sub = nc->name;
	diff_key(ctx, it, ROLE_NEED, n->key);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, n, false, o);
}

static void note_pair(struct diff_ctx *ctx, const struct sd_object *o,
		      const struct sd_object *n, const struct sd_column *oc,
		      const struct sd_column *nc, long pos, bool fresh)
{
	const char *was = (oc && !fresh) ? oc->default_expr : NULL;

	if (!oc || fresh)
		oc = empty_col(ctx, nc->name);
	diff_comment_column(ctx, n, oc, nc, pos, fresh);
	if (!diff_streq(was, nc->default_expr))
		default_change(ctx, fresh ? NULL : o, n, oc, nc, pos);
}

void diff_viewcols(struct diff_ctx *ctx, const struct sd_object *old_obj,
		   const struct sd_object *new_obj, bool fresh)
{
	struct sd_viewcols *nv = object_viewcols((struct sd_object *)new_obj);
	struct sd_viewcols *ov = old_obj && !fresh
		? object_viewcols((struct sd_object *)old_obj) : NULL;

	if (!nv)
		return;
	for (size_t i = 0; i < nv->n; i++) {
		const struct sd_column *nc = &nv->cols[i];

		note_pair(ctx, old_obj, new_obj,
			  ov ? viewcols_find(ov, nc->name) : NULL, nc,
			  (long)i, fresh);
	}
	for (size_t i = 0; ov && i < ov->n; i++) {
		const struct sd_column *oc = &ov->cols[i];

		if (viewcols_find(nv, oc->name))
			continue;
		note_pair(ctx, old_obj, new_obj, oc, empty_col(ctx, oc->name),
			  (long)(nv->n + i), false);
	}
}

void diff_type_attr_comments(struct diff_ctx *ctx,
			     const struct sd_object *old_obj,
			     const struct sd_object *new_obj, bool fresh)
{
	const struct sd_type *n = (const struct sd_type *)new_obj;
	const struct sd_type *o = (const struct sd_type *)old_obj;

	if (n->typtype != SD_TYPTYPE_COMPOSITE)
		return;
	for (size_t i = 0; i < n->nattrs; i++) {
		const struct sd_column *nc = &n->attrs[i];
		const struct sd_column *oc =
			o && !fresh && o->typtype == SD_TYPTYPE_COMPOSITE
				? type_find_attr(o, nc->name) : NULL;

		diff_comment_column(ctx, new_obj, oc, nc, (long)i, fresh);
	}
}
