/*
 * diff/diff_index_stats.c: the statistics targets of an index's
 * expression columns (ALTER INDEX ... ALTER COLUMN n SET STATISTICS): one
 * change per index whose targets differ, after the index exists.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include "util/banned.h"

void diff_index_stats(struct diff_ctx *ctx, const struct sd_object *o,
		      const struct sd_object *n)
{
	const struct sd_index *oi = (const struct sd_index *)o;
	const struct sd_index *ni = (const struct sd_index *)n;
	struct diff_item *it;
	bool differ = false;

	for (size_t i = 0; i < ni->nelems && !differ; i++) {
		const char *was = oi && i < oi->nelems
					  ? oi->elems[i].statistics : NULL;
		differ = !diff_streq(was, ni->elems[i].statistics);
	}
	if (!differ)
		return;
	it = diff_add(ctx, CH_ALTER_INDEX_STATISTICS, PHASE_CREATE,
		      RANK_INDEX, o, n);
	diff_key(ctx, it, ROLE_NEED, n->key);
}
