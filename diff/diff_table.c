/*
 * diff/diff_table.c: tables, their columns and their constraints.
 *
 * A new table is one CREATE TABLE with its columns and the constraints that
 * can be written inline; foreign keys (and NOT VALID constraints, which
 * CREATE TABLE would validate) are separate ADD CONSTRAINT changes, so that
 * tables that reference each other can all be created first. A table in
 * both catalogs is compared column by column (by name) and constraint by
 * constraint (by name and canonical text: a changed constraint is dropped
 * and added again). Columns and constraints of a dropped table go with it.
 *
 * Keys (see diff/order.c): a column change modifies the table's key, so
 * that views over the table are dropped before and created after, and new
 * constraints and indexes come after new columns.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include <string.h>

#include "util/banned.h"

/* Order of the changes on one column. */
enum {
	COL_DROP_IDENTITY,
	COL_TYPE,
	COL_DEFAULT,
	COL_NOT_NULL,
	COL_IDENTITY,
};

static bool con_inline(const struct sd_constraint *c)
{
	return c->type != SD_CON_FOREIGN && !c->not_valid;
}

static bool con_unique(const struct sd_constraint *c)
{
	return c->type == SD_CON_PRIMARY || c->type == SD_CON_UNIQUE;
}

bool diff_con_same(const struct sd_constraint *a,
		     const struct sd_constraint *b)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	bool same;

	sd_constraint_format(&x, SQL_POSTGRES, a);
	sd_constraint_format(&y, SQL_POSTGRES, b);
	same = a->type == b->type && !strcmp(x.buf, y.buf);
	strbuf_release(&x);
	strbuf_release(&y);
	return same;
}

static void ref_keys(struct diff_ctx *ctx, struct diff_item *it,
		     enum diff_role role, const struct sd_constraint *c)
{
	struct strbuf key = STRBUF_INIT;

	sd_key_format(&key, SD_TABLE, c->ref_schema, c->ref_table);
	diff_key(ctx, it, role, key.buf);
	diff_key_unique(ctx, it, role, c->ref_schema, c->ref_table);
	strbuf_release(&key);
}

void diff_constraint_add(struct diff_ctx *ctx, const struct sd_object *o,
			   const struct sd_object *n,
			   const struct sd_constraint *c)
{
	struct diff_item *it;

	it = diff_add(ctx, CH_ADD_CONSTRAINT, PHASE_CREATE,
		      c->type == SD_CON_FOREIGN ? RANK_FK : RANK_CONSTRAINT, o,
		      n);
	it->ch.new_con = c;
	it->sub = c->name;
	diff_key(ctx, it, ROLE_NEED, n->key);
	diff_key_constraint(ctx, it, ROLE_PROV, n->key, c->name);
	if (con_unique(c))
		diff_key_unique(ctx, it, ROLE_PROV, n->schema, n->name);
	if (c->type == SD_CON_FOREIGN)
		ref_keys(ctx, it, ROLE_NEED, c);
}

/* n: the table on the `to` side, NULL when the table is dropped. */
void diff_constraint_drop(struct diff_ctx *ctx, const struct sd_object *o,
			    const struct sd_object *n,
			    const struct sd_constraint *c)
{
	struct diff_item *it;

	it = diff_add(ctx, CH_DROP_CONSTRAINT, PHASE_DROP,
		      c->type == SD_CON_FOREIGN ? RANK_DROP_FK
						: RANK_DROP_CONSTRAINT,
		      o, n);
	it->ch.old_con = c;
	it->sub = c->name;
	diff_key(ctx, it, ROLE_RELEASE, o->key);
	diff_key_constraint(ctx, it, ROLE_GONE, o->key, c->name);
	if (con_unique(c)) {
		diff_key_unique(ctx, it, ROLE_GONE, o->schema, o->name);
		if (n)
			diff_mark(&ctx->uniq_dropped, o->key);
	}
	if (c->type == SD_CON_FOREIGN)
		ref_keys(ctx, it, ROLE_RELEASE, c);
}

/* SET STATISTICS and SET STORAGE cannot be written in CREATE TABLE or ADD
 * COLUMN (PostgreSQL 15): changes of their own once the column exists. */
static void column_set_after(struct diff_ctx *ctx, enum change_type type,
			     const struct sd_object *o,
			     const struct sd_object *n,
			     const struct sd_column *c, long pos)
{
	struct diff_item *it;

	it = diff_add(ctx, type, PHASE_CREATE, RANK_COLUMN, o, n);
	it->ch.new_col = c;
	it->subpos = pos;
	it->sub = c->name;
	it->typerank = COL_IDENTITY + 1;
	diff_key_column(ctx, it, ROLE_NEED, n->key, c->name);
}

static void column_statistics_after(struct diff_ctx *ctx,
				    const struct sd_object *o,
				    const struct sd_object *n,
				    const struct sd_column *c, long pos)
{
	if (c->statistics)
		column_set_after(ctx, CH_ALTER_COLUMN_STATISTICS, o, n, c,
				 pos);
	if (c->storage)
		column_set_after(ctx, CH_ALTER_COLUMN_STORAGE, o, n, c, pos);
}

static void column_add(struct diff_ctx *ctx, const struct sd_object *o,
		       const struct sd_object *n, const struct sd_column *c,
		       long pos, unsigned flags)
{
	struct diff_item *it;

	it = diff_add(ctx, CH_ADD_COLUMN, PHASE_CREATE, RANK_COLUMN, o, n);
	it->ch.new_col = c;
	it->ch.flags |= flags;
	it->subpos = pos;
	it->sub = c->name;
	diff_key(ctx, it, ROLE_MOD, n->key);
	diff_key_column(ctx, it, ROLE_PROV, n->key, c->name);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, n, true, NULL);
	diff_comment_column(ctx, n, NULL, c, pos, true);
	column_statistics_after(ctx, o, n, c, pos);
}

static void column_drop(struct diff_ctx *ctx, const struct sd_object *o,
			const struct sd_object *n, const struct sd_column *c,
			long pos)
{
	struct diff_item *it;

	it = diff_add(ctx, CH_DROP_COLUMN, PHASE_DROP, RANK_DROP_COLUMN, o, n);
	it->ch.old_col = c;
	it->ch.flags |= CHANGE_DESTRUCTIVE;
	it->subpos = pos;
	it->sub = c->name;
	diff_key(ctx, it, ROLE_MOD, o->key);
	diff_key_column(ctx, it, ROLE_GONE, o->key, c->name);
	diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, o, true, n);
	diff_mark(&ctx->remade, o->key);
}

/* Does text call a function of n's dependencies whose SQL-standard body
 * reads n? */
static bool calls_function_reading(const struct diff_ctx *ctx,
				   const struct sd_object *n, const char *text)
{
	for (size_t d = 0; text && d < n->ndeps; d++) {
		const struct sd_object *f = catalog_lookup(ctx->to, n->deps[d]);

		if (!f || f->kind != SD_FUNCTION ||
		    !diff_mentions(text, ((const struct sd_function *)f)->fname))
			continue;
		for (size_t k = 0; k < f->ndeps; k++)
			if (!strcmp(f->deps[k], n->key))
				return true;
	}
	return false;
}

struct diff_item *diff_column_change(struct diff_ctx *ctx,
				       enum change_type type, int typerank,
				       const struct sd_object *o,
				       const struct sd_object *n,
				       const struct sd_column *oc,
				       const struct sd_column *nc, long pos)
{
	struct diff_item *it;

	it = diff_add(ctx, type, PHASE_CREATE, RANK_COLUMN, o, n);
	it->ch.old_col = oc;
	it->ch.new_col = nc;
	it->subpos = pos;
	it->sub = nc->name;
	it->typerank = typerank;
	/* a new default that calls a function reading the table back: the
	 * function comes between the table's changes and the default, so
	 * the default only needs the table (it leaves its shape alone) */
	diff_key(ctx, it, type == CH_ALTER_COLUMN_DEFAULT &&
				  calls_function_reading(ctx, n,
							 nc->default_expr)
			  ? ROLE_NEED : ROLE_MOD,
		 n->key);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, n, true, o);
	diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, o, true, n);
	return it;
}

/* An identity added or dropped makes or drops its sequence: the item
 * takes that role on the sequence's key, in place of what the table's
 * dependencies gave it there (the old default lets a serial's sequence go,
 * the new default needs one: those are the default's changes). */
static void identity_sequence_key(struct diff_ctx *ctx, struct diff_item *it,
				  enum diff_role role, const char *schema,
				  const char *seqname)
{
	struct strbuf key = STRBUF_INIT;
	size_t k = 0;

	sd_key_format(&key, SD_SEQUENCE, schema, seqname);
	for (size_t r = 0; r < ctx->nrefs; r++)
		if (ctx->refs[r].item != it->seq ||
		    strcmp(ctx->refs[r].key, key.buf))
			ctx->refs[k++] = ctx->refs[r];
	ctx->nrefs = k;
	diff_key(ctx, it, role, key.buf);
	strbuf_release(&key);
}

static void column_alter(struct diff_ctx *ctx, const struct sd_object *o,
			 const struct sd_object *n, const struct sd_column *oc,
			 const struct sd_column *nc, long pos)
{
	struct diff_item *it;
	bool retyped;

	if (oc->identity != nc->identity) {
		int rank = nc->identity ? COL_IDENTITY : COL_DROP_IDENTITY;
		it = diff_column_change(ctx, CH_ALTER_COLUMN_IDENTITY, rank, o,
					n, oc, nc, pos);
		/* the identity's sequence takes its name: a sequence of
		 * that name that goes (serial's own) goes first, or the
		 * server names the new one <name>1; DROP IDENTITY drops its
		 * sequence, and one made under its name comes after */
		if (nc->identity && !oc->identity && nc->id_seqname)
			identity_sequence_key(ctx, it, ROLE_PROV, n->schema,
					      nc->id_seqname);
		else if (oc->identity && !nc->identity && oc->id_seqname)
			identity_sequence_key(ctx, it, ROLE_GONE, o->schema,
					      oc->id_seqname);
	}
	if (!diff_streq(oc->type, nc->type)) {
		/* the new type (and collation) in one statement */
		it = diff_column_change(ctx, CH_ALTER_COLUMN_TYPE, COL_TYPE, o, n,
				   oc, nc, pos);
		diff_type_conversion(ctx, it, n, oc, nc);
		if (!diff_type_widens(oc->type, nc->type))
			it->ch.flags |= CHANGE_DESTRUCTIVE;
		diff_mark(&ctx->remade, o->key);
	} else if (!diff_streq(oc->collation, nc->collation)) {
		diff_column_change(ctx, CH_ALTER_COLUMN_COLLATION, COL_TYPE, o, n,
			      oc, nc, pos);
		diff_mark(&ctx->remade, o->key);
	}
	if (!diff_streq(oc->default_expr, nc->default_expr))
		diff_column_change(ctx, CH_ALTER_COLUMN_DEFAULT, COL_DEFAULT, o, n,
			      oc, nc, pos);
	if (oc->not_null != nc->not_null ||
	    (nc->not_null && !sd_not_null_same(oc, nc)))
		diff_column_change(ctx, CH_ALTER_COLUMN_NOT_NULL, COL_NOT_NULL, o,
			      n, oc, nc, pos);
	/* ALTER COLUMN TYPE (also to the same type with another collation)
	 * gives the column the type's storage and compression: an explicit
	 * one is set again after it */
	retyped = !diff_streq(oc->type, nc->type) ||
		  !diff_streq(oc->collation, nc->collation);
	if (!diff_streq(oc->compression, nc->compression) ||
	    (nc->compression && retyped))
		diff_column_change(ctx, CH_ALTER_COLUMN_COMPRESSION, COL_IDENTITY,
				   o, n, oc, nc, pos);
	if (!diff_streq(oc->statistics, nc->statistics))
		diff_column_change(ctx, CH_ALTER_COLUMN_STATISTICS, COL_IDENTITY,
				   o, n, oc, nc, pos);
	if (!diff_streq(oc->storage, nc->storage) ||
	    (nc->storage && retyped))
		diff_column_change(ctx, CH_ALTER_COLUMN_STORAGE,
				   COL_IDENTITY + 1, o, n, oc, nc, pos);
	diff_identity_options(ctx, o, n, oc, nc, pos);
	diff_comment_column(ctx, n, oc, nc, pos, false);
}

/*
 * A default that calls a function whose SQL-standard body reads the table
 * itself is a cycle (the table needs the function, the function the
 * table). Repaired as pg_dump does: the table is created without that
 * default, and the default is set once the function exists. Returns the
 * table to create (n itself when there is no such default, else a copy in
 * the change set's arena) and adds the SET DEFAULT changes.
 */
static const struct sd_object *split_cyclic_defaults(struct diff_ctx *ctx,
						     const struct sd_object *n)
{
	const struct sd_table *t = (const struct sd_table *)n;
	struct arena *a = &ctx->cs->arena;
	struct sd_table *copy = NULL;

	for (size_t d = 0; d < n->ndeps; d++) {
		const struct sd_object *f = catalog_lookup(ctx->to, n->deps[d]);
		const char *fname;
		bool cyclic = false;

		if (!f || f->kind != SD_FUNCTION)
			continue;
		for (size_t k = 0; k < f->ndeps && !cyclic; k++)
			cyclic = !strcmp(f->deps[k], n->key);
		if (!cyclic)
			continue;
		fname = ((const struct sd_function *)f)->fname;
		if (!copy) {
			copy = arena_alloc(a, sizeof(*copy));
			*copy = *t;
			copy->columns = arena_alloc(a, (t->ncolumns + 1) *
							   sizeof(*copy->columns));
			memcpy(copy->columns, t->columns,
			       t->ncolumns * sizeof(*copy->columns));
			copy->base.deps = arena_alloc(a, (n->ndeps + 1) *
							     sizeof(char *));
			copy->base.ndeps = 0;
			for (size_t k = 0; k < n->ndeps; k++)
				copy->base.deps[copy->base.ndeps++] =
					n->deps[k];
		}
		/* the table no longer needs the function */
		for (size_t k = 0; k < copy->base.ndeps; k++)
			if (!strcmp(copy->base.deps[k], f->key))
				copy->base.deps[k--] =
					copy->base.deps[--copy->base.ndeps];
		for (size_t i = 0; i < t->ncolumns; i++)
			if (copy->columns[i].default_expr &&
			    diff_mentions(t->columns[i].default_expr, fname))
				copy->columns[i].default_expr = NULL;
	}
	if (!copy)
		return n;
	for (size_t i = 0; i < t->ncolumns; i++) {
		struct diff_item *it;

		if (copy->columns[i].default_expr ||
		    !t->columns[i].default_expr)
			continue;
		/* after the table and the function; it needs the table
		 * without changing its shape (the function reads it) */
		it = diff_add(ctx, CH_ALTER_COLUMN_DEFAULT, PHASE_CREATE,
			      RANK_COLUMN, &copy->base, n);
		it->ch.old_col = &copy->columns[i];
		it->ch.new_col = &t->columns[i];
		it->subpos = (long)i;
		it->sub = t->columns[i].name;
		it->typerank = COL_DEFAULT;
		diff_key(ctx, it, ROLE_NEED, n->key);
		diff_key_deps(ctx, it, ROLE_NEED, ctx->to, n, true, NULL);
	}
	return &copy->base;
}

static void table_create(struct diff_ctx *ctx, const struct sd_object *n)
{
	const struct sd_table *t = (const struct sd_table *)n;
	const struct sd_object *made = split_cyclic_defaults(ctx, n);
	struct diff_item *it;

	it = diff_add(ctx, CH_CREATE_TABLE, PHASE_CREATE, RANK_TABLE, NULL,
		      made);
	diff_key(ctx, it, ROLE_PROV, n->key);
	diff_key_schema(ctx, it, ROLE_NEED, n->schema);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, made, true, NULL);
	diff_table_parent_keys(ctx, it, ROLE_NEED, t);
	for (size_t i = 0; i < t->ncolumns; i++)
		diff_key_column(ctx, it, ROLE_PROV, n->key,
				t->columns[i].name);
	for (size_t i = 0; i < t->nconstraints; i++) {
		const struct sd_constraint *c = &t->constraints[i];
		if (!con_inline(c))
			continue;
		diff_key_constraint(ctx, it, ROLE_PROV, n->key, c->name);
		if (con_unique(c))
			diff_key_unique(ctx, it, ROLE_PROV, n->schema, n->name);
	}
	for (size_t i = 0; i < t->nconstraints; i++)
		if (!con_inline(&t->constraints[i]))
			diff_constraint_add(ctx, NULL, n, &t->constraints[i]);

	for (size_t i = 0; i < t->ncolumns; i++)
		column_statistics_after(ctx, NULL, n, &t->columns[i], (long)i);
	diff_table_options(ctx, NULL, n);
	diff_comment_object(ctx, NULL, n, true);
	for (size_t i = 0; i < t->ncolumns; i++)
		diff_comment_column(ctx, n, NULL, &t->columns[i], (long)i,
				    true);
	for (size_t i = 0; i < t->nconstraints; i++)
		diff_comment_constraint(ctx, n, NULL, &t->constraints[i], true);
}

static bool table_stays(const struct diff_ctx *ctx, const char *schema,
			const char *name)
{
	return catalog_find(ctx->to, SD_TABLE, schema, name) != NULL;
}

static void table_drop(struct diff_ctx *ctx, const struct sd_object *o)
{
	const struct sd_table *t = (const struct sd_table *)o;
	struct diff_item *it;

	it = diff_add(ctx, CH_DROP_TABLE, PHASE_DROP, RANK_DROP_TABLE, o, NULL);
	it->ch.flags |= CHANGE_DESTRUCTIVE;
	diff_key(ctx, it, ROLE_GONE, o->key);
	diff_key_unique(ctx, it, ROLE_GONE, o->schema, o->name);
	diff_key_schema(ctx, it, ROLE_RELEASE, o->schema);
	diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, o, true, NULL);
	/* partitions and children go first (the server would take
	 * partitions along, and refuses to drop a parent of children) */
	diff_table_parent_keys(ctx, it, ROLE_RELEASE, t);
	for (size_t i = 0; i < t->ncolumns; i++)
		diff_key_column(ctx, it, ROLE_GONE, o->key, t->columns[i].name);
	for (size_t i = 0; i < t->nconstraints; i++) {
		const struct sd_constraint *c = &t->constraints[i];
		bool self;

		if (c->type != SD_CON_FOREIGN)
			continue;
		self = diff_streq(c->ref_schema, o->schema) &&
		       diff_streq(c->ref_table, o->name);
		if (self)
			continue;
		/* a foreign key between two dropped tables is dropped on its
		 * own first, so that tables referencing each other can go */
		if (!table_stays(ctx, c->ref_schema, c->ref_table))
			diff_constraint_drop(ctx, o, NULL, c);
		else
			ref_keys(ctx, it, ROLE_RELEASE, c);
	}
	diff_mark(&ctx->remade, o->key);
}

static void table_alter(struct diff_ctx *ctx, const struct sd_object *o,
			const struct sd_object *n)
{
	const struct sd_table *ot = (const struct sd_table *)o;
	const struct sd_table *nt = (const struct sd_table *)n;

	if (diff_table_remade(ctx, ot, nt)) {
		/* a partition key cannot be changed in place; foreign keys
		 * to the table are dropped before and added after */
		table_drop(ctx, o);
		table_create(ctx, n);
		diff_mark(&ctx->uniq_dropped, o->key);
		return;
	}
	diff_table_parents(ctx, ot, nt);
	for (size_t i = 0; i < nt->ncolumns; i++) {
		const struct sd_column *nc = &nt->columns[i];
		int oi = table_column_index(ot, nc->name);
		const struct sd_column *oc = oi < 0 ? NULL : &ot->columns[oi];

		if (!oc && diff_column_inherited(ctx->from, ot, nc->name)) {
			/* inherited, and the table's own once detached */
			continue;
		} else if (!oc) {
			column_add(ctx, o, n, nc, (long)i, 0);
		} else if (oc->generated && nc->generated &&
			   oc->gen_virtual && nc->gen_virtual &&
			   !strcmp(oc->type, nc->type) &&
			   strcmp(oc->generated, nc->generated)) {
			/* a virtual column (18) takes SET EXPRESSION; a
			 * stored one could on 17+, but the diff does not
			 * know the target's version: dropped and added,
			 * which every version runs */
			diff_column_change(ctx, CH_ALTER_COLUMN_EXPRESSION,
					   COL_DEFAULT, o, n, oc, nc, (long)i);
			column_alter(ctx, o, n, oc, nc, (long)i);
		} else if (!diff_streq(oc->generated, nc->generated) ||
			   (nc->generated &&
			    oc->gen_virtual != nc->gen_virtual)) {
			/* stored <-> virtual, or to or from a generated
			 * column: dropped and added */
			column_drop(ctx, o, n, oc, oi);
			column_add(ctx, o, n, nc, (long)i, CHANGE_DESTRUCTIVE);
		} else {
			column_alter(ctx, o, n, oc, nc, (long)i);
		}
	}
	for (size_t i = 0; i < ot->ncolumns; i++)
		if (!table_find_column(nt, ot->columns[i].name) &&
		    !diff_column_inherited(ctx->to, nt, ot->columns[i].name))
			column_drop(ctx, o, n, &ot->columns[i], (long)i);

	for (size_t i = 0; i < ot->nconstraints; i++) {
		const struct sd_constraint *oc = &ot->constraints[i];
		const struct sd_constraint *nc =
			table_find_constraint(nt, oc->name);
		/* merged with a parent's CHECK of the new side: it stays */
		if (!nc && oc->type == SD_CON_CHECK &&
		    diff_check_inherited(ctx->to, nt, oc->name))
			continue;
		if (!nc || !diff_con_same(oc, nc))
			diff_constraint_drop(ctx, o, n, oc);
	}
	for (size_t i = 0; i < nt->nconstraints; i++) {
		const struct sd_constraint *nc = &nt->constraints[i];
		const struct sd_constraint *oc =
			table_find_constraint(ot, nc->name);
		bool fresh = !oc || !diff_con_same(oc, nc);

		if (fresh)
			diff_constraint_add(ctx, o, n, nc);
		diff_comment_constraint(ctx, n, oc, nc, fresh);
	}
	diff_table_options(ctx, o, n);
	diff_comment_object(ctx, o, n, false);
}

void diff_table(struct diff_ctx *ctx, const struct sd_object *old_obj,
		const struct sd_object *new_obj)
{
	if (!old_obj)
		table_create(ctx, new_obj);
	else if (!new_obj)
		table_drop(ctx, old_obj);
	else
		table_alter(ctx, old_obj, new_obj);
}

/*
 * A foreign key that does not change but references a table whose primary
 * key or unique constraint is dropped (and perhaps added again) must be
 * dropped before and added after: the server refuses to drop a key that a
 * foreign key needs.
 */
void diff_table_refresh_fkeys(struct diff_ctx *ctx)
{
	struct vec olds = VEC_INIT;
	struct strbuf key = STRBUF_INIT;

	if (!ctx->uniq_dropped.len)
		return;
	catalog_list(ctx->from, SD_TABLE, &olds);
	for (size_t i = 0; i < olds.len; i++) {
		const struct sd_object *o = olds.items[i];
		const struct sd_table *ot = olds.items[i];
		const struct sd_table *nt =
			catalog_find(ctx->to, SD_TABLE, o->schema, o->name);

		if (!nt)
			continue;
		for (size_t k = 0; k < ot->nconstraints; k++) {
			const struct sd_constraint *oc = &ot->constraints[k];
			const struct sd_constraint *nc;

			if (oc->type != SD_CON_FOREIGN)
				continue;
			nc = table_find_constraint(nt, oc->name);
			if (!nc || !diff_con_same(oc, nc))
				continue;	/* already dropped and added */
			strbuf_reset(&key);
			sd_key_format(&key, SD_TABLE, oc->ref_schema,
				      oc->ref_table);
			if (!diff_marked(&ctx->uniq_dropped, key.buf))
				continue;
			diff_constraint_drop(ctx, o, &nt->base, oc);
			diff_constraint_add(ctx, o, &nt->base, nc);
			/* a changed comment was set by table_alter() */
			if (diff_streq(oc->comment, nc->comment))
				diff_comment_constraint(ctx, &nt->base, oc, nc,
							true);
		}
	}
	strbuf_release(&key);
	vec_release(&olds);
}
