/*
 * diff/diff_inhcol.c: the defaults and NOT NULL that a partition or an
 * inheritance child has of its own on columns it inherits (struct
 * sd_table.inh_columns). Each side's value of such a column is what the
 * table has (model/inhcol.c: its entry, else its parents'); where the two
 * differ, ALTER TABLE ONLY t ALTER COLUMN c SET / DROP DEFAULT, SET / DROP
 * NOT NULL (as pg_dump writes them). A new table made PARTITION OF or
 * INHERITS starts from its parents' values. A child that follows its
 * parent on both sides needs nothing: the parent's own ALTER COLUMN
 * reaches it; one with a value of its own has it set again after a
 * parent's new default, which reaches every child.
 *
 * Memory: changes and the columns they show live in the change set's
 * arena.
 */
#include "diff/diff_internal.h"

#include <string.h>

#include "util/banned.h"

/* after the column's type, as in diff/diff_table.c */
enum { RANK_DEFAULT = 2, RANK_NOT_NULL = 3 };

static struct sd_column *side(struct diff_ctx *ctx, const char *name,
			      const char *def, bool nn)
{
	struct sd_column *c = arena_alloc(&ctx->cs->arena, sizeof(*c));

	memset(c, 0, sizeof(*c));
	c->name = name;
	c->default_expr = def;
	c->not_null = nn;
	return c;
}

static void change(struct diff_ctx *ctx, enum change_type type, int rank,
		   const struct sd_table *o, const struct sd_table *n,
		   const struct sd_column *oc, const struct sd_column *nc,
		   long pos)
{
	struct diff_item *it;

	it = diff_add(ctx, type, PHASE_CREATE, RANK_COLUMN,
		      o ? &o->base : NULL, &n->base);
	it->ch.old_col = oc;
	it->ch.new_col = nc;
	it->ch.detail |= CHANGE_DROP_ONLY;
	it->subpos = pos;
	it->sub = nc->name;
	it->typerank = rank;
	/* after the table is made and its parents have their columns */
	diff_key(ctx, it, ROLE_NEED, n->base.key);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, &n->base, true, NULL);
}

static void one(struct diff_ctx *ctx, const struct sd_table *o,
		const struct sd_table *n, const char *name, long pos)
{
	const char *odef, *ndef, *opdef, *npdef;
	bool onn, nnn, opnn, npnn;
	bool force = false;

	if (table_find_column(n, name) ||
	    !table_column_effective(ctx->to, n, name, &ndef, &nnn))
		return;
	if (o) {
		if (!table_column_effective(ctx->from, o, name, &odef, &onn))
			return;	/* new: it comes with the parent's column */
		/* a parent's new default reaches every child: one with a
		 * default of its own has it set again */
		if (table_inh_column(n, name) &&
		    table_parent_column(ctx->from, o, name, &opdef, &opnn) &&
		    table_parent_column(ctx->to, n, name, &npdef, &npnn) &&
		    !diff_streq(opdef, npdef))
			force = true;
	} else if (!table_parent_column(ctx->to, n, name, &odef, &onn)) {
		return;
	}
	if (force || !diff_streq(odef, ndef))
		change(ctx, CH_ALTER_COLUMN_DEFAULT, RANK_DEFAULT, o, n,
		       side(ctx, name, odef, onn), side(ctx, name, ndef, nnn),
		       pos);
	if (onn != nnn)
		change(ctx, CH_ALTER_COLUMN_NOT_NULL, RANK_NOT_NULL, o, n,
		       side(ctx, name, odef, onn), side(ctx, name, ndef, nnn),
		       pos);
}

void diff_inh_columns(struct diff_ctx *ctx, const struct sd_table *o,
		      const struct sd_table *n)
{
	struct strmap seen = STRMAP_INIT;
	/* positions after the table's own columns */
	long pos = 100000;

	if (ctx->to->dialect != SQL_POSTGRES)
		return;
	for (size_t i = 0; i < n->ninh_columns; i++) {
		strmap_put(&seen, n->inh_columns[i].name, (void *)1);
		one(ctx, o, n, n->inh_columns[i].name, pos++);
	}
	for (size_t i = 0; o && i < o->ninh_columns; i++) {
		if (strmap_contains(&seen, o->inh_columns[i].name))
			continue;
		strmap_put(&seen, o->inh_columns[i].name, (void *)1);
		one(ctx, o, n, o->inh_columns[i].name, pos++);
	}
	/* the table's own columns that it inherits on the new side
	 * (ATTACH, INHERIT keep what they hold) */
	for (size_t i = 0; o && i < o->ncolumns; i++) {
		if (strmap_contains(&seen, o->columns[i].name))
			continue;
		one(ctx, o, n, o->columns[i].name, pos++);
	}
	strmap_release(&seen);
}
