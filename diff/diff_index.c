/*
 * diff/diff_index.c: indexes (not those behind a primary key or unique
 * constraint, which belong to the constraint). An index is compared by its
 * table, uniqueness and canonical body; any difference drops and creates
 * it, as does a collation it names that is dropped and created again. The
 * indexes of a dropped table go with the table. A partition's index that
 * stands alone in `from` and that `to` attaches to its parent's index
 * (ALTER INDEX ... ATTACH PARTITION) is attached, not dropped.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include <string.h>

#include "util/banned.h"

static void table_key(struct diff_ctx *ctx, struct diff_item *it,
		      enum diff_role role, const struct sd_index *ix)
{
	struct strbuf key = STRBUF_INIT;

	sd_key_format(&key, SD_TABLE, ix->base.schema, ix->table);
	diff_key(ctx, it, role, key.buf);
	strbuf_release(&key);
}

static bool index_same(const struct sd_index *a, const struct sd_index *b)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	bool same;

	sd_index_format_body(&x, SQL_POSTGRES, a);
	sd_index_format_body(&y, SQL_POSTGRES, b);
	same = diff_streq(a->table, b->table) && a->unique == b->unique &&
	       !strcmp(x.buf, y.buf);
	strbuf_release(&x);
	strbuf_release(&y);
	return same;
}

static void index_create(struct diff_ctx *ctx, const struct sd_index *n)
{
	struct diff_item *it = diff_add(ctx, CH_CREATE_INDEX, PHASE_CREATE,
					RANK_INDEX, NULL, &n->base);

	diff_key(ctx, it, ROLE_PROV, n->base.key);
	table_key(ctx, it, ROLE_NEED, n);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, &n->base, false, NULL);
	if (n->unique && !n->predicate)
		diff_key_unique(ctx, it, ROLE_PROV, n->base.schema, n->table);
	diff_comment_object(ctx, NULL, &n->base, true);
	diff_index_stats(ctx, NULL, &n->base);
}

/* The partitioned index of `to` that o, an index standing alone in `from`,
 * is attached to there (ALTER INDEX ... ATTACH PARTITION), with the same
 * body; NULL if none. */
static const struct sd_index *attached_to(const struct diff_ctx *ctx,
					  const struct sd_index *o)
{
	const struct sd_table *t = catalog_find(ctx->to, SD_TABLE,
						o->base.schema, o->table);
	struct vec ixs = VEC_INIT;
	const struct sd_index *found = NULL;

	if (!t || !t->part_parent)
		return NULL;
	catalog_list(ctx->to, SD_INDEX, &ixs);
	for (size_t i = 0; i < ixs.len && !found; i++) {
		const struct sd_index *p = ixs.items[i];
		struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;

		if (strcmp(p->base.schema, t->part_parent_schema) ||
		    strcmp(p->table, t->part_parent))
			continue;
		for (size_t j = 0; j < p->nattached && !found; j++) {
			if (strcmp(p->attached[j], o->base.key))
				continue;
			sd_index_format_body(&x, SQL_POSTGRES, o);
			sd_index_format_body(&y, SQL_POSTGRES, p);
			if (p->unique == o->unique && !strcmp(x.buf, y.buf))
				found = p;
		}
		strbuf_release(&x);
		strbuf_release(&y);
	}
	vec_release(&ixs);
	return found;
}

static void index_drop(struct diff_ctx *ctx, const struct sd_index *o)
{
	const struct sd_index *p;
	struct diff_item *it;

	if (!catalog_find(ctx->to, SD_TABLE, o->base.schema, o->table) &&
	    !catalog_find(ctx->to, SD_MATVIEW, o->base.schema, o->table))
		return;	/* dropped with its table */
	if ((p = attached_to(ctx, o))) {
		/* it becomes the partition's part of p: attached where p
		 * stays as it is; a CREATE INDEX of p (new, or made again)
		 * attaches it itself */
		const struct sd_index *op = (const struct sd_index *)
			catalog_lookup(ctx->from, p->base.key);

		if (op && op->base.kind == SD_INDEX && index_same(op, p) &&
		    !diff_needs_remade(ctx, &op->base)) {
			it = diff_add(ctx, CH_ATTACH_INDEX, PHASE_CREATE,
				      RANK_INDEX, &o->base, &p->base);
			it->typerank = 20;
			diff_key(ctx, it, ROLE_NEED, p->base.key);
			table_key(ctx, it, ROLE_NEED, o);
		}
		return;
	}
	it = diff_add(ctx, CH_DROP_INDEX, PHASE_DROP, RANK_DROP_INDEX,
		      &o->base, NULL);
	diff_key(ctx, it, ROLE_GONE, o->base.key);
	table_key(ctx, it, ROLE_RELEASE, o);
	diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, &o->base, false, NULL);
	if (o->unique && !o->predicate) {
		struct strbuf key = STRBUF_INIT;
		const struct sd_object *t;

		diff_key_unique(ctx, it, ROLE_GONE, o->base.schema, o->table);
		sd_key_format(&key, SD_TABLE, o->base.schema, o->table);
		t = catalog_lookup(ctx->from, key.buf);
		if (t)
			diff_mark(&ctx->uniq_dropped, t->key);
		strbuf_release(&key);
	}
}

/* Does index o use a column that is dropped and added again (the server
 * drops the index with it)? */
static bool index_uses_readded(const struct diff_ctx *ctx,
			       const struct sd_index *o)
{
	struct strbuf key = STRBUF_INIT;
	bool uses = false;

	sd_key_format(&key, SD_TABLE, o->base.schema, o->table);
	for (size_t i = 0; i < o->nelems && !uses; i++) {
		const char *text[1] = { o->elems[i].expr };

		uses = diff_uses_readded(ctx, key.buf, &o->elems[i].column, 1,
					 text, 1);
	}
	if (!uses) {
		const char *text[1] = { o->predicate };

		uses = diff_uses_readded(ctx, key.buf, o->include,
					 o->ninclude, text, 1);
	}
	strbuf_release(&key);
	return uses;
}

void diff_index(struct diff_ctx *ctx, const struct sd_object *old_obj,
		const struct sd_object *new_obj)
{
	const struct sd_index *o = (const struct sd_index *)old_obj;
	const struct sd_index *n = (const struct sd_index *)new_obj;

	if (!o) {
		index_create(ctx, n);
	} else if (!n) {
		index_drop(ctx, o);
	} else if (!index_same(o, n) || diff_needs_remade(ctx, old_obj) ||
		   index_uses_readded(ctx, o)) {
		/* a collation it names is made again, a column it uses
		 * dropped and added */
		index_drop(ctx, o);
		index_create(ctx, n);
	} else {
		diff_comment_object(ctx, old_obj, new_obj, false);
		diff_index_stats(ctx, old_obj, new_obj);
	}
}
