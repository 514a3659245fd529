/*
 * diff/diff_partition.c: what ties a table to its parents: the partition
 * key of a partitioned table, the parent and bound of a partition, the
 * INHERITS parents of a child (model/catalog.h: each holds only its own
 * columns and constraints; the inherited ones stay with the parent).
 *
 * - A partition needs its parent to exist (created after, dropped
 *   before); so does an inheritance child.
 * - A new partition key cannot be set on a table: the table is dropped
 *   and created again (destructive), and so are its partitions, whose
 *   data goes with it; its indexes are created again (a post-pass).
 * - A new bound or parent: DETACH PARTITION, then ATTACH PARTITION; a
 *   table that becomes a partition is attached, one that stops being one
 *   detached. INHERIT and NO INHERIT for the parents of a child.
 * - A column that the other side has from a parent is no change: it was
 *   the table's own and becomes inherited (ATTACH, INHERIT), or the other
 *   way round (DETACH, NO INHERIT), as the server does it.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include <string.h>

#include "util/banned.h"

/* Parents are followed at most this deep (the server refuses cycles). */
#define MAX_DEPTH 32

static const struct sd_table *parent_in(const struct catalog *cat,
					const struct sd_table *t)
{
	if (!t->part_parent)
		return NULL;
	return catalog_find(cat, SD_TABLE, t->part_parent_schema,
			    t->part_parent);
}

static bool same_parent(const struct sd_table *a, const struct sd_table *b)
{
	return a->part_parent && b->part_parent &&
	       !strcmp(a->part_parent, b->part_parent) &&
	       diff_streq(a->part_parent_schema, b->part_parent_schema);
}

static bool remade(const struct diff_ctx *ctx, const struct sd_table *o,
		   const struct sd_table *n, int depth)
{
	if (!o || !n || depth > MAX_DEPTH)
		return false;
	if (!diff_streq(o->partkey, n->partkey))
		return true;
	/* a partition goes with its parent when that is made again */
	if (same_parent(o, n))
		return remade(ctx, parent_in(ctx->from, o),
			      parent_in(ctx->to, n), depth + 1);
	return false;
}

bool diff_table_remade(const struct diff_ctx *ctx, const struct sd_table *o,
		       const struct sd_table *n)
{
	/* MySQL repartitions in place (ALTER TABLE ... PARTITION BY): that
	 * is its emitter's business, not a remake */
	if (ctx->to->dialect != SQL_POSTGRES)
		return false;
	return remade(ctx, o, n, 0);
}

/* Whether t holds name itself: 1 yes, 0 it holds it but that does not
 * count (a NO INHERIT check), -1 not as its own. */
typedef int (*own_fn)(const struct sd_table *t, const char *name);

static int column_own(const struct sd_table *t, const char *name)
{
	return table_find_column(t, name) ? 1 : -1;
}

static int check_own(const struct sd_table *t, const char *name)
{
	const struct sd_constraint *c = table_find_constraint(t, name);

	if (!c)
		return -1;
	return c->type == SD_CON_CHECK && !c->no_inherit;
}

static bool from_ancestor(const struct catalog *cat, const struct sd_table *t,
			  const char *name, own_fn own, int depth);

static bool in_table(const struct catalog *cat, const struct sd_table *t,
		     const char *name, own_fn own, int depth)
{
	int r = own(t, name);

	if (r >= 0)
		return r;
	return from_ancestor(cat, t, name, own, depth + 1);
}

/* Does a parent of t (its partitioned table, its INHERITS parents, and
 * theirs) hold name? */
static bool from_ancestor(const struct catalog *cat, const struct sd_table *t,
			  const char *name, own_fn own, int depth)
{
	const struct sd_table *p = parent_in(cat, t);

	if (depth > MAX_DEPTH)
		return false;
	if (p && in_table(cat, p, name, own, depth))
		return true;
	for (size_t i = 0; i < t->ninherits; i++) {
		const struct sd_object *o = catalog_lookup(cat, t->inherits[i]);
		if (o && o->kind == SD_TABLE &&
		    in_table(cat, (const struct sd_table *)o, name, own, depth))
			return true;
	}
	return false;
}

bool diff_column_inherited(const struct catalog *cat, const struct sd_table *t,
			   const char *name)
{
	return from_ancestor(cat, t, name, column_own, 0);
}

bool diff_check_inherited(const struct catalog *cat, const struct sd_table *t,
			  const char *name)
{
	return from_ancestor(cat, t, name, check_own, 0);
}

static void parent_key(struct diff_ctx *ctx, struct diff_item *it,
		       enum diff_role role, const struct sd_table *t)
{
	struct strbuf key = STRBUF_INIT;

	sd_key_format(&key, SD_TABLE, t->part_parent_schema, t->part_parent);
	diff_key(ctx, it, role, key.buf);
	strbuf_release(&key);
}

void diff_table_parent_keys(struct diff_ctx *ctx, struct diff_item *it,
			    enum diff_role role, const struct sd_table *t)
{
	if (t->part_parent)
		parent_key(ctx, it, role, t);
	for (size_t i = 0; i < t->ninherits; i++)
		diff_key(ctx, it, role, t->inherits[i]);
}

static bool has_parent(const struct sd_table *t, const char *key)
{
	for (size_t i = 0; i < t->ninherits; i++)
		if (!strcmp(t->inherits[i], key))
			return true;
	return false;
}

/* The key that a table's DETACH / NO INHERIT changes provide, so that
 * what must follow them can need it. */
static void released_key(struct diff_ctx *ctx, struct diff_item *it,
			 enum diff_role role, const struct sd_table *o)
{
	struct strbuf key = STRBUF_INIT;

	strbuf_addf(&key, "unparented:%s", o->base.key);
	diff_key(ctx, it, role, key.buf);
	strbuf_release(&key);
}

/*
 * A CHECK that t has from parent p (in `from`) becomes t's own when t
 * leaves p: dropped after that, unless the new table declares one of the
 * same name. seen: names already handled.
 */
static void drop_left_checks(struct diff_ctx *ctx, const struct sd_table *o,
			     const struct sd_table *n,
			     const struct sd_table *p, struct strmap *seen,
			     int depth)
{
	const struct sd_table *pp;

	if (!p || depth > MAX_DEPTH)
		return;
	for (size_t i = 0; i < p->nconstraints; i++) {
		const struct sd_constraint *c = &p->constraints[i];
		struct diff_item *it;

		/* kept when n inherits it again (a new bound or parent) */
		if (c->type != SD_CON_CHECK || c->no_inherit ||
		    table_find_constraint(n, c->name) ||
		    table_find_constraint(o, c->name) ||
		    diff_check_inherited(ctx->to, n, c->name) ||
		    strmap_contains(seen, c->name))
			continue;
		strmap_put(seen, c->name, (void *)1);
		it = diff_add(ctx, CH_DROP_CONSTRAINT, PHASE_DROP,
			      RANK_DROP_CONSTRAINT, &o->base, &n->base);
		it->ch.old_con = c;
		it->sub = c->name;
		released_key(ctx, it, ROLE_NEED, o);
	}
	if ((pp = parent_in(ctx->from, p)))
		drop_left_checks(ctx, o, n, pp, seen, depth + 1);
	for (size_t i = 0; i < p->ninherits; i++) {
		const struct sd_object *po = catalog_lookup(ctx->from,
							    p->inherits[i]);
		if (po && po->kind == SD_TABLE)
			drop_left_checks(ctx, o, n,
					 (const struct sd_table *)po, seen,
					 depth + 1);
	}
}

/*
 * Columns that a new parent p (in `to`) has and t lacks, added to t
 * before ATTACH or INHERIT (the server requires them). They stay t's
 * own; diff_column_inherited() keeps that from being a change.
 */
static void add_parent_columns(struct diff_ctx *ctx, const struct sd_table *o,
			       const struct sd_table *n,
			       const struct sd_table *p, struct strmap *seen,
			       int depth)
{
	const struct sd_table *pp;

	if (!p || depth > MAX_DEPTH)
		return;
	/* and its CHECK constraints (merged with the parent's) */
	for (size_t i = 0; i < p->nconstraints; i++) {
		const struct sd_constraint *c = &p->constraints[i];
		struct diff_item *it;
		struct strbuf k = STRBUF_INIT;

		strbuf_addf(&k, "check\037%s", c->name);
		if (c->type != SD_CON_CHECK || c->no_inherit ||
		    table_find_constraint(o, c->name) ||
		    diff_check_inherited(ctx->from, o, c->name) ||
		    strmap_contains(seen, k.buf)) {
			strbuf_release(&k);
			continue;
		}
		strmap_put(seen, k.buf, (void *)1);
		strbuf_release(&k);
		it = diff_add(ctx, CH_ADD_CONSTRAINT, PHASE_CREATE,
			      RANK_CONSTRAINT, &o->base, &n->base);
		it->ch.new_con = c;
		it->sub = c->name;
		diff_key(ctx, it, ROLE_MOD, n->base.key);
		diff_key_constraint(ctx, it, ROLE_PROV, n->base.key, c->name);
	}
	for (size_t i = 0; i < p->ncolumns; i++) {
		const struct sd_column *c = &p->columns[i];
		struct diff_item *it;

		if (table_find_column(o, c->name) ||
		    diff_column_inherited(ctx->from, o, c->name) ||
		    strmap_contains(seen, c->name))
			continue;
		strmap_put(seen, c->name, (void *)1);
		it = diff_add(ctx, CH_ADD_COLUMN, PHASE_CREATE, RANK_COLUMN,
			      &o->base, &n->base);
		it->ch.new_col = c;
		it->subpos = (long)(o->ncolumns + seen->len);
		it->sub = c->name;
		diff_key(ctx, it, ROLE_MOD, n->base.key);
		diff_key_column(ctx, it, ROLE_PROV, n->base.key, c->name);
		diff_key_deps(ctx, it, ROLE_NEED, ctx->to, &p->base, true,
			      NULL);
	}
	if ((pp = parent_in(ctx->to, p)))
		add_parent_columns(ctx, o, n, pp, seen, depth + 1);
	for (size_t i = 0; i < p->ninherits; i++) {
		const struct sd_object *po = catalog_lookup(ctx->to,
							    p->inherits[i]);
		if (po && po->kind == SD_TABLE)
			add_parent_columns(ctx, o, n,
					   (const struct sd_table *)po, seen,
					   depth + 1);
	}
}

static const struct sd_table *table_of(const struct catalog *cat,
				       const char *key)
{
	const struct sd_object *o = catalog_lookup(cat, key);

	return o && o->kind == SD_TABLE ? (const struct sd_table *)o : NULL;
}

void diff_table_parents(struct diff_ctx *ctx, const struct sd_table *o,
			const struct sd_table *n)
{
	bool moved = !same_parent(o, n) ||
		     !diff_streq(o->partbound, n->partbound);
	struct strmap seen = STRMAP_INIT, cols = STRMAP_INIT;
	struct diff_item *it;

	if (o->part_parent && moved) {
		it = diff_add(ctx, CH_DETACH_PARTITION, PHASE_DROP,
			      RANK_DROP_CONSTRAINT, &o->base, &n->base);
		it->sub = "";
		parent_key(ctx, it, ROLE_RELEASE, o);
		diff_key(ctx, it, ROLE_MOD, o->base.key);
		released_key(ctx, it, ROLE_PROV, o);
		drop_left_checks(ctx, o, n, parent_in(ctx->from, o), &seen, 0);
	}
	for (size_t i = 0; i < o->ninherits; i++) {
		if (has_parent(n, o->inherits[i]))
			continue;
		it = diff_add(ctx, CH_NO_INHERIT, PHASE_DROP,
			      RANK_DROP_CONSTRAINT, &o->base, &n->base);
		it->ch.parent = o->inherits[i];
		it->sub = o->inherits[i];
		diff_key(ctx, it, ROLE_RELEASE, o->inherits[i]);
		diff_key(ctx, it, ROLE_MOD, o->base.key);
		released_key(ctx, it, ROLE_PROV, o);
		drop_left_checks(ctx, o, n, table_of(ctx->from,
						     o->inherits[i]),
				 &seen, 0);
	}
	if (n->part_parent && moved)
		add_parent_columns(ctx, o, n, parent_in(ctx->to, n), &cols, 0);
	for (size_t i = 0; i < n->ninherits; i++)
		if (!has_parent(o, n->inherits[i]))
			add_parent_columns(ctx, o, n,
					   table_of(ctx->to, n->inherits[i]),
					   &cols, 0);
	strmap_release(&seen);
	strmap_release(&cols);
	if (n->part_parent && moved) {
		/* after the table has its final columns, and the parent */
		it = diff_add(ctx, CH_ATTACH_PARTITION, PHASE_CREATE,
			      RANK_CONSTRAINT, &o->base, &n->base);
		it->sub = "";
		parent_key(ctx, it, ROLE_NEED, n);
		diff_key(ctx, it, ROLE_NEED, n->base.key);
	}
	for (size_t i = 0; i < n->ninherits; i++) {
		if (has_parent(o, n->inherits[i]))
			continue;
		it = diff_add(ctx, CH_INHERIT, PHASE_CREATE, RANK_CONSTRAINT,
			      &o->base, &n->base);
		it->ch.parent = n->inherits[i];
		it->sub = n->inherits[i];
		diff_key(ctx, it, ROLE_NEED, n->inherits[i]);
		diff_key(ctx, it, ROLE_NEED, n->base.key);
	}
}

static bool index_created(const struct diff_ctx *ctx, const char *key)
{
	for (size_t i = 0; i < ctx->items.len; i++) {
		const struct diff_item *it = ctx->items.items[i];
		if (it->ch.type == CH_CREATE_INDEX &&
		    !strcmp(it->ch.new_obj->key, key))
			return true;
	}
	return false;
}

void diff_partition_indexes(struct diff_ctx *ctx)
{
	struct vec ixs = VEC_INIT;
	struct strbuf key = STRBUF_INIT;

	catalog_list(ctx->to, SD_INDEX, &ixs);
	for (size_t i = 0; i < ixs.len; i++) {
		const struct sd_index *n = ixs.items[i];
		const struct sd_table *nt, *ot;
		struct diff_item *it;

		nt = catalog_find(ctx->to, SD_TABLE, n->base.schema, n->table);
		ot = catalog_find(ctx->from, SD_TABLE, n->base.schema,
				  n->table);
		if (!nt || !ot || !diff_table_remade(ctx, ot, nt) ||
		    !catalog_lookup(ctx->from, n->base.key) ||
		    index_created(ctx, n->base.key))
			continue;
		/* unchanged, but gone with its table */
		it = diff_add(ctx, CH_CREATE_INDEX, PHASE_CREATE, RANK_INDEX,
			      NULL, &n->base);
		diff_key(ctx, it, ROLE_PROV, n->base.key);
		strbuf_reset(&key);
		sd_key_format(&key, SD_TABLE, n->base.schema, n->table);
		diff_key(ctx, it, ROLE_NEED, key.buf);
		diff_key_deps(ctx, it, ROLE_NEED, ctx->to, &n->base, false,
			      NULL);
		diff_comment_object(ctx, NULL, &n->base, true);
	}
	strbuf_release(&key);
	vec_release(&ixs);
}
