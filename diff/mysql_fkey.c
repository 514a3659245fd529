/*
 * diff/mysql_fkey.c: MySQL foreign keys. InnoDB keeps, for every foreign
 * key, an index on each side whose first columns are the key's columns,
 * and refuses to drop the last such index or to change the type of a
 * column a foreign key uses. So a foreign key added needs its columns and
 * the indexes that can serve it on both sides; one dropped releases them;
 * and one that does not change is dropped before and added after a change
 * that would take away the last index serving it or retype one of its
 * columns (the post-pass, mysql_fk_refresh()).
 *
 * Memory: changes and keys live in the change set's arena.
 */
#include "diff/mysql_internal.h"

#include <string.h>

#include "util/banned.h"

/* The indexes of table (either side) that can serve cols, and its
 * primary key when it can. */
static void serving_keys(struct diff_ctx *ctx, struct diff_item *it,
			 enum diff_role role, bool to_side,
			 const struct sd_table *t, const char *const *cols,
			 size_t n)
{
	const struct vec *ixs = mysql_table_indexes(ctx, to_side, t->base.key);

	for (size_t i = 0; ixs && i < ixs->len; i++) {
		const struct sd_index *ix = ixs->items[i];
		if (mysql_index_covers(ix, cols, n))
			diff_key(ctx, it, role, ix->base.key);
	}
	if (mysql_con_covers(mysql_primary_key(t), cols, n))
		diff_key_constraint(ctx, it, role, t->base.key, "PRIMARY");
}

void mysql_fk_ref_keys(struct diff_ctx *ctx, struct diff_item *it,
		       enum diff_role role, bool to_side,
		       const struct sd_object *table,
		       const struct sd_constraint *c)
{
	const struct sd_table *r;

	if (c->ref_schema || !strcmp(c->ref_table, table->name))
		return;
	r = catalog_find(to_side ? ctx->to : ctx->from, SD_TABLE, NULL,
			 c->ref_table);
	if (!r)
		return;
	diff_key(ctx, it, role, r->base.key);
	mysql_key_columns(ctx, it, role, r->base.key, c->ref_columns,
			  c->nref_columns);
	serving_keys(ctx, it, role, to_side, r, c->ref_columns,
		     c->nref_columns);
}

/* Every key of a foreign key of table t: its own side and the other. */
static void fk_keys(struct diff_ctx *ctx, struct diff_item *it,
		    enum diff_role role, bool to_side,
		    const struct sd_object *t, const struct sd_constraint *c)
{
	diff_key(ctx, it, role, t->key);
	mysql_key_columns(ctx, it, role, t->key, c->columns, c->ncolumns);
	serving_keys(ctx, it, role, to_side, (const struct sd_table *)t,
		     c->columns, c->ncolumns);
	mysql_fk_ref_keys(ctx, it, role, to_side, t, c);
	if (!c->ref_schema && !strcmp(c->ref_table, t->name))
		mysql_key_columns(ctx, it, role, t->key, c->ref_columns,
				  c->nref_columns);
}

void mysql_fk_add(struct diff_ctx *ctx, const struct sd_object *o,
		  const struct sd_object *n, const struct sd_constraint *c)
{
	struct diff_item *it;

	it = diff_add(ctx, CH_ADD_CONSTRAINT, PHASE_CREATE, RANK_FK, o, n);
	it->ch.new_con = c;
	it->sub = c->name;
	diff_key_constraint(ctx, it, ROLE_PROV, n->key, c->name);
	fk_keys(ctx, it, ROLE_NEED, true, n, c);
}

void mysql_fk_drop(struct diff_ctx *ctx, const struct sd_object *o,
		   const struct sd_object *n, const struct sd_constraint *c)
{
	struct diff_item *it;

	it = diff_add(ctx, CH_DROP_CONSTRAINT, PHASE_DROP, RANK_DROP_FK, o, n);
	it->ch.old_con = c;
	it->sub = c->name;
	diff_key_constraint(ctx, it, ROLE_GONE, o->key, c->name);
	fk_keys(ctx, it, ROLE_RELEASE, false, o, c);
}

/* Does an index or the primary key that serves cols now keep serving
 * them after the change? (One that is replaced by another that serves
 * them too does: DROP INDEX and ADD INDEX are one statement.) True when
 * none served them before: nothing is lost. */
static bool still_served(const struct diff_ctx *ctx, const struct sd_table *ot,
			 const struct sd_table *nt, const char *const *cols,
			 size_t n)
{
	const struct vec *ixs = mysql_table_indexes(ctx, false, ot->base.key);
	bool served = false;

	for (size_t i = 0; ixs && i < ixs->len; i++) {
		const struct sd_index *ix = ixs->items[i];
		const struct sd_object *now;

		if (!mysql_index_covers(ix, cols, n))
			continue;
		served = true;
		now = catalog_lookup(ctx->to, ix->base.key);
		if (now && now->kind == SD_INDEX &&
		    mysql_index_covers((const struct sd_index *)now, cols, n))
			return true;
	}
	if (mysql_con_covers(mysql_primary_key(ot), cols, n)) {
		served = true;
		if (mysql_con_covers(mysql_primary_key(nt), cols, n))
			return true;
	}
	return !served;
}

static bool any_retyped(const struct diff_ctx *ctx, const struct sd_table *ot,
			const struct sd_table *nt, const char *const *cols,
			size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct sd_column *oc = table_find_column(ot, cols[i]);
		const struct sd_column *nc = table_find_column(nt, cols[i]);
		if (oc && nc && mysql_column_retyped(ctx, ot, oc, nt, nc))
			return true;
	}
	return false;
}

static bool fk_in_the_way(const struct diff_ctx *ctx,
			  const struct sd_table *ot, const struct sd_table *nt,
			  const struct sd_constraint *c)
{
	const struct sd_table *ro, *rn;

	if (any_retyped(ctx, ot, nt, c->columns, c->ncolumns) ||
	    !still_served(ctx, ot, nt, c->columns, c->ncolumns))
		return true;
	if (c->ref_schema)
		return false;
	ro = catalog_find(ctx->from, SD_TABLE, NULL, c->ref_table);
	rn = catalog_find(ctx->to, SD_TABLE, NULL, c->ref_table);
	if (!ro || !rn)
		return false;
	return any_retyped(ctx, ro, rn, c->ref_columns, c->nref_columns) ||
	       !still_served(ctx, ro, rn, c->ref_columns, c->nref_columns);
}

static bool fk_same(const struct sd_constraint *a,
		    const struct sd_constraint *b)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	bool same;

	sd_constraint_format(&x, SQL_MYSQL, a);
	sd_constraint_format(&y, SQL_MYSQL, b);
	same = !strcmp(x.buf, y.buf);
	strbuf_release(&x);
	strbuf_release(&y);
	return same;
}

void mysql_fk_refresh(struct diff_ctx *ctx)
{
	struct vec olds = VEC_INIT;

	catalog_list(ctx->from, SD_TABLE, &olds);
	for (size_t i = 0; i < olds.len; i++) {
		const struct sd_table *ot = olds.items[i];
		const struct sd_table *nt = catalog_find(ctx->to, SD_TABLE,
							 ot->base.schema,
							 ot->base.name);

		if (!nt)
			continue;
		for (size_t k = 0; k < ot->nconstraints; k++) {
			const struct sd_constraint *oc = &ot->constraints[k];
			const struct sd_constraint *nc;

			if (oc->type != SD_CON_FOREIGN)
				continue;
			nc = table_find_constraint(nt, oc->name);
			if (!nc || nc->type != SD_CON_FOREIGN ||
			    !fk_same(oc, nc))
				continue;	/* dropped and added already */
			if (!fk_in_the_way(ctx, ot, nt, oc))
				continue;
			mysql_fk_drop(ctx, &ot->base, &nt->base, oc);
			mysql_fk_add(ctx, &ot->base, &nt->base, nc);
		}
	}
	vec_release(&olds);
}
