/*
 * diff/mysql_index.c: MySQL indexes (UNIQUE keys included; the PRIMARY KEY
 * is a constraint, diff/mysql_table.c). The indexes of a new table are
 * written in its CREATE TABLE and those of a dropped table go with it; an
 * index of a kept table that differs in any way (columns, prefix lengths,
 * order, uniqueness, kind, comment, IGNORED) is dropped and added in one
 * ALTER TABLE, so that a foreign key it serves and the new one serves too is
 * never left without an index.
 *
 * Memory: changes and keys live in the change set's arena.
 */
#include "diff/mysql_internal.h"

#include <string.h>

#include "util/banned.h"

static bool elem_same(const struct sd_index_elem *a,
		      const struct sd_index_elem *b)
{
	return diff_streq(a->column, b->column) &&
	       diff_streq(a->expr, b->expr) && a->sub_part == b->sub_part &&
	       a->desc == b->desc;
}

static bool index_same(const struct sd_index *a, const struct sd_index *b)
{
	if (!diff_streq(a->table, b->table) || a->unique != b->unique ||
	    !diff_streq(a->method ? a->method : "btree",
			b->method ? b->method : "btree") ||
	    !diff_streq(a->base.comment, b->base.comment) ||
	    !a->hidden != !b->hidden || a->nelems != b->nelems)
		return false;
	for (size_t i = 0; i < a->nelems; i++)
		if (!elem_same(&a->elems[i], &b->elems[i]))
			return false;
	return true;
}

static bool has_column(const struct sd_index *ix, const char *col)
{
	for (size_t i = 0; i < ix->nelems; i++)
		if (diff_streq(ix->elems[i].column, col))
			return true;
	return false;
}

/* The keys of the index's columns; with except, only those that except
 * does not have. */
static void column_keys(struct diff_ctx *ctx, struct diff_item *it,
			enum diff_role role, const struct sd_index *ix,
			const struct sd_index *except)
{
	struct strbuf key = STRBUF_INIT;

	sd_key_format(&key, SD_TABLE, ix->base.schema, ix->table);
	for (size_t i = 0; i < ix->nelems; i++) {
		const char *col = ix->elems[i].column;
		if (col && !(except && has_column(except, col)))
			diff_key_column(ctx, it, role, key.buf, col);
	}
	strbuf_release(&key);
}

static const char *key_id(struct diff_ctx *ctx, const struct sd_index *ix)
{
	const char *id;
	struct strbuf key = STRBUF_INIT;

	sd_key_format(&key, SD_TABLE, ix->base.schema, ix->table);
	id = mysql_key_id(ctx, key.buf, ix->ixname ? ix->ixname
						   : ix->base.name);
	strbuf_release(&key);
	return id;
}

/* Dropping or replacing an index waits for a column of its table to stop
 * being AUTO_INCREMENT. */
static void noauto(struct diff_ctx *ctx, struct diff_item *it,
		   const struct sd_index *ix)
{
	struct strbuf key = STRBUF_INIT;

	sd_key_format(&key, SD_TABLE, ix->base.schema, ix->table);
	mysql_key_noauto(ctx, it, ROLE_NEED, key.buf);
	strbuf_release(&key);
}

static bool table_in(const struct catalog *cat, const struct sd_index *ix)
{
	return catalog_find(cat, SD_TABLE, ix->base.schema, ix->table) != NULL;
}

static void index_create(struct diff_ctx *ctx, const struct sd_index *n)
{
	struct diff_item *it;
	struct change *ch;

	if (!table_in(ctx->from, n))
		return;	/* in its table's CREATE TABLE */
	it = mysql_key_change(ctx, key_id(ctx, n), CH_CREATE_INDEX,
			      PHASE_CREATE, RANK_INDEX, NULL, &n->base, &ch);
	diff_key(ctx, it, ROLE_PROV, n->base.key);
	column_keys(ctx, it, ROLE_NEED, n, NULL);
}

static void index_drop(struct diff_ctx *ctx, const struct sd_index *o)
{
	struct diff_item *it;

	if (!table_in(ctx->to, o))
		return;	/* dropped with its table */
	it = diff_add(ctx, CH_DROP_INDEX, PHASE_DROP, RANK_DROP_INDEX,
		      &o->base, NULL);
	diff_key(ctx, it, ROLE_GONE, o->base.key);
	column_keys(ctx, it, ROLE_RELEASE, o, NULL);
	noauto(ctx, it, o);
}

static void index_replace(struct diff_ctx *ctx, const struct sd_index *o,
			  const struct sd_index *n)
{
	struct diff_item *it;
	struct change *ch;

	it = mysql_key_change(ctx, key_id(ctx, n), CH_REPLACE_INDEX,
			      PHASE_CREATE, RANK_INDEX, &o->base, &n->base,
			      &ch);
	diff_key(ctx, it, ROLE_MOD, n->base.key);
	noauto(ctx, it, o);
	column_keys(ctx, it, ROLE_NEED, n, NULL);
	/* a column only the old index has may be dropped: after this */
	column_keys(ctx, it, ROLE_RELEASE, o, n);
}

/*
 * Whether the old index cannot outlive a change of one of its columns'
 * types: a SPATIAL or FULLTEXT index, or a prefix length, holds only on
 * the types it was made for (a polygon that becomes a varchar fails the
 * MODIFY COLUMN with "Incorrect arguments to SPATIAL INDEX"). Such an
 * index is dropped before the column changes and added after, instead of
 * replaced in one ALTER after it. No foreign key is served by such an
 * index, so none is left without one in between.
 */
static bool blocks_retype(const struct diff_ctx *ctx, const struct sd_index *o)
{
	const struct sd_table *ot, *nt;
	bool kind = o->method && (!strcmp(o->method, "spatial") ||
				  !strcmp(o->method, "fulltext"));

	ot = (const struct sd_table *)catalog_find(ctx->from, SD_TABLE,
						   o->base.schema, o->table);
	nt = (const struct sd_table *)catalog_find(ctx->to, SD_TABLE,
						   o->base.schema, o->table);
	if (!ot || !nt)
		return false;
	for (size_t i = 0; i < o->nelems; i++) {
		const struct sd_column *oc, *nc;

		if (!o->elems[i].column || (!kind && !o->elems[i].sub_part))
			continue;
		oc = table_find_column(ot, o->elems[i].column);
		nc = table_find_column(nt, o->elems[i].column);
		if (oc && nc && mysql_column_retyped(ctx, ot, oc, nt, nc))
			return true;
	}
	return false;
}

void diff_mysql_index(struct diff_ctx *ctx, const struct sd_object *old_obj,
		      const struct sd_object *new_obj)
{
	const struct sd_index *o = (const struct sd_index *)old_obj;
	const struct sd_index *n = (const struct sd_index *)new_obj;

	if (!o) {
		index_create(ctx, n);
	} else if (!n) {
		index_drop(ctx, o);
	} else if (!table_in(ctx->to, o) || !table_in(ctx->from, n)) {
		/* its table is dropped or created: with the table */
		index_drop(ctx, o);
		index_create(ctx, n);
	} else if (!index_same(o, n) && blocks_retype(ctx, o)) {
		index_drop(ctx, o);
		index_create(ctx, n);
	} else if (!index_same(o, n)) {
		index_replace(ctx, o, n);
	}
}
