/*
 * diff/diff_comment.c: COMMENT ON changes for objects, columns and
 * constraints. A comment needs its object to exist, so each change needs
 * the object's (or column's, or constraint's) key and sorts last.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include "util/banned.h"

void diff_comment_object(struct diff_ctx *ctx, const struct sd_object *old_obj,
			 const struct sd_object *new_obj, bool fresh)
{
	const char *was = (old_obj && !fresh) ? old_obj->comment : NULL;
	struct diff_item *it;

	if (diff_streq(was, new_obj->comment))
		return;
	it = diff_add(ctx, CH_COMMENT, PHASE_COMMENT, RANK_COMMENT, old_obj,
		      new_obj);
	diff_key(ctx, it, ROLE_NEED, new_obj->key);
}

void diff_comment_column(struct diff_ctx *ctx,
			 const struct sd_object *new_table,
			 const struct sd_column *old_col,
			 const struct sd_column *new_col, long pos,
			 bool fresh)
{
	const char *was = (old_col && !fresh) ? old_col->comment : NULL;
	struct diff_item *it;

	if (diff_streq(was, new_col->comment))
		return;
	it = diff_add(ctx, CH_COMMENT, PHASE_COMMENT, RANK_COMMENT, NULL,
		      new_table);
	it->ch.old_col = old_col;
	it->ch.new_col = new_col;
	it->subpos = pos + 1;
	it->sub = new_col->name;
	diff_key_column(ctx, it, ROLE_NEED, new_table->key, new_col->name);
	diff_key(ctx, it, ROLE_NEED, new_table->key);
}

void diff_comment_constraint(struct diff_ctx *ctx,
			     const struct sd_object *new_table,
			     const struct sd_constraint *old_con,
			     const struct sd_constraint *new_con, bool fresh)
{
	const char *was = (old_con && !fresh) ? old_con->comment : NULL;
	struct diff_item *it;

	if (diff_streq(was, new_con->comment))
		return;
	it = diff_add(ctx, CH_COMMENT, PHASE_COMMENT, RANK_COMMENT, NULL,
		      new_table);
	it->ch.old_con = old_con;
	it->ch.new_con = new_con;
	it->subpos = 1L << 30;
	it->sub = new_con->name;
	diff_key_constraint(ctx, it, ROLE_NEED, new_table->key,
			    new_con->name);
}
