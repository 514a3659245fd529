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
 * A column that moves from an inheritance parent to a child is dropped
 * from ONLY the parent (the child keeps it, then takes its own
 * definition); the other children drop their copy.
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

/* The inheritance children of o that have column name from o (not as
 * their own), into out; returns how many of them keep it as their own on
 * the `to` side (the column moves from the parent to the child). */
static size_t children_inheriting(struct diff_ctx *ctx,
				  const struct sd_object *o, const char *name,
				  struct vec *out)
{
	size_t keep = 0;

	if (!ctx->heirs_listed) {
		struct vec tables = VEC_INIT;

		catalog_list(ctx->from, SD_TABLE, &tables);
		for (size_t i = 0; i < tables.len; i++)
			if (((const struct sd_table *)tables.items[i])->ninherits)
				vec_push(&ctx->heirs, tables.items[i]);
		vec_release(&tables);
		ctx->heirs_listed = true;
	}
	for (size_t i = 0; i < ctx->heirs.len; i++) {
		const struct sd_table *c = ctx->heirs.items[i];
		const struct sd_table *nc;
		bool child = false;

		for (size_t k = 0; k < c->ninherits && !child; k++)
			child = !strcmp(c->inherits[k], o->key);
		if (!child || table_find_column(c, name))
			continue;	/* not a child, or its own already */
		vec_push(out, (void *)c);
		nc = catalog_find(ctx->to, SD_TABLE, c->base.schema,
				  c->base.name);
		keep += nc && table_find_column(nc, name);
	}
	return keep;
}

static void column_drop(struct diff_ctx *ctx, const struct sd_object *o,
			const struct sd_object *n, const struct sd_column *c,
			long pos);
static void column_alter(struct diff_ctx *ctx, const struct sd_object *o,
			 const struct sd_object *n, const struct sd_column *oc,
			 const struct sd_column *nc, long pos);

/* The INHERITS parent of t (or its parent's, ...) in cat that has column
 * name as its own, and that column. */
static const struct sd_table *inherited_from(const struct catalog *cat,
					     const struct sd_table *t,
					     const char *name, int depth,
					     const struct sd_column **col)
{
	for (size_t i = 0; depth < 32 && i < t->ninherits; i++) {
		const struct sd_object *p = catalog_lookup(cat, t->inherits[i]);
		const struct sd_table *pt = (const struct sd_table *)p, *r;

		if (!p || p->kind != SD_TABLE)
			continue;
		if ((*col = table_find_column(pt, name)))
			return pt;
		if ((r = inherited_from(cat, pt, name, depth + 1, col)))
			return r;
	}
	return NULL;
}

/* Column nc of child n, inherited on the `from` side, is n's own on the
 * `to` side (its parent drops it on ONLY itself: column_drop()): after
 * that drop, the changes from the parent's definition to nc. */
static void own_column(struct diff_ctx *ctx, const struct sd_object *o,
		       const struct sd_object *n, const struct sd_column *nc,
		       long pos)
{
	const struct sd_column *pc = NULL;
	const struct sd_table *p = inherited_from(
		ctx->from, (const struct sd_table *)o, nc->name, 0, &pc);
	struct strbuf key = STRBUF_INIT;
	size_t first = ctx->items.len;

	if (!p)
		return;
	column_alter(ctx, o, n, pc, nc, pos);
	strbuf_addf(&key, "only-drop:%s.", p->base.key);
	sql_quote_ident(&key, SQL_POSTGRES, nc->name);
	for (size_t i = first; i < ctx->items.len; i++)
		diff_key(ctx, ctx->items.items[i], ROLE_NEED, key.buf);
	strbuf_release(&key);
}

/* After ALTER TABLE ONLY parent DROP COLUMN: the children that do not
 * keep the column drop their copy (it is their own now). */
static void drop_from_children(struct diff_ctx *ctx, struct diff_item *only,
			       const struct sd_object *o,
			       const struct sd_column *c, struct vec *kids)
{
	struct strbuf key = STRBUF_INIT;

	strbuf_addf(&key, "only-drop:%s.", o->key);
	sql_quote_ident(&key, SQL_POSTGRES, c->name);
	diff_key(ctx, only, ROLE_PROV, key.buf);
	for (size_t i = 0; i < kids->len; i++) {
		const struct sd_table *k = kids->items[i];
		const struct sd_object *nk = catalog_find(
			ctx->to, SD_TABLE, k->base.schema, k->base.name);

		if (nk && (table_find_column((const struct sd_table *)nk,
					     c->name) ||
			   diff_column_inherited(ctx->to,
						 (const struct sd_table *)nk,
						 c->name)))
			continue;
		column_drop(ctx, &k->base, nk, c, 0);
		diff_key(ctx, ctx->items.items[ctx->items.len - 1], ROLE_NEED,
			 key.buf);
	}
	strbuf_release(&key);
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
	diff_mark_column(ctx, o->key, c->name);
	if (n) {
		/* ALTER TABLE ONLY parent DROP COLUMN leaves the children's
		 * copy, made their own (attislocal), when one keeps it */
		struct vec kids = VEC_INIT;

		if (children_inheriting(ctx, o, c->name, &kids)) {
			it->ch.detail |= CHANGE_DROP_ONLY;
			drop_from_children(ctx, it, o, c, &kids);
		}
		vec_release(&kids);
	}
}

void diff_mark_readded(struct diff_ctx *ctx, const char *table,
		       const char *column)
{
	struct diff_names *l = arena_alloc(&ctx->cs->arena, sizeof(*l));

	l->name = column;
	l->next = strmap_get(&ctx->readded, table);
	strmap_put(&ctx->readded, table, l);
}

bool diff_uses_readded(const struct diff_ctx *ctx, const char *table,
		       const char *const *cols, size_t n,
		       const char *const *texts, size_t ntexts)
{
	for (const struct diff_names *l = strmap_get(&ctx->readded, table); l;
	     l = l->next) {
		for (size_t i = 0; i < n; i++)
			if (cols[i] && !strcmp(cols[i], l->name))
				return true;
		/* a false match costs a drop and an add */
		for (size_t i = 0; i < ntexts; i++)
			if (texts[i] && diff_mentions(texts[i], l->name))
				return true;
	}
	return false;
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
	if (type == CH_ALTER_COLUMN_STORAGE && !nc->storage &&
	    ctx->pg_version >= 160000)
		it->ch.detail |= CHANGE_STORAGE_DEFAULT;
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
		diff_mark_column(ctx, o->key, oc->name);
	} else if (!diff_streq(oc->collation, nc->collation)) {
		diff_column_change(ctx, CH_ALTER_COLUMN_COLLATION, COL_TYPE, o, n,
			      oc, nc, pos);
		diff_mark_column(ctx, o->key, oc->name);
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
	diff_inh_columns(ctx, NULL, t);
	diff_table_options(ctx, NULL, n);
	diff_comment_object(ctx, NULL, n, true);
	for (size_t i = 0; i < t->ncolumns; i++)
		diff_comment_column(ctx, n, NULL, &t->columns[i], (long)i,
				    true);
	for (size_t i = 0; i < t->nconstraints; i++)
		diff_comment_constraint(ctx, n, NULL, &t->constraints[i], true);
}

/* Is the table in the `to` catalog, and not dropped and created again
 * (a partition key that changes)? */
static bool table_stays(const struct diff_ctx *ctx, const char *schema,
			const char *name)
{
	const struct sd_table *n = catalog_find(ctx->to, SD_TABLE, schema,
						name);
	const struct sd_table *o = catalog_find(ctx->from, SD_TABLE, schema,
						name);

	return n && !(o && diff_table_remade(ctx, o, n));
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

/* Does constraint c of table o use a column dropped and added again (the
 * server drops it with the column)? */
static bool con_uses_readded(const struct diff_ctx *ctx,
			     const struct sd_object *o,
			     const struct sd_constraint *c)
{
	const char *texts[1] = { c->expr };

	return diff_uses_readded(ctx, o->key, c->columns, c->ncolumns,
				 texts, 1) ||
	       diff_uses_readded(ctx, o->key, c->include, c->ninclude,
				 NULL, 0);
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
	diff_inh_columns(ctx, ot, nt);
	for (size_t i = 0; i < nt->ncolumns; i++) {
		const struct sd_column *nc = &nt->columns[i];
		int oi = table_column_index(ot, nc->name);
		const struct sd_column *oc = oi < 0 ? NULL : &ot->columns[oi];

		if (!oc && diff_column_inherited(ctx->from, ot, nc->name)) {
			/* inherited, and the table's own once detached, or
			 * once its parent drops it (ONLY): then it takes its
			 * own definition */
			if (!diff_column_inherited(ctx->to, nt, nc->name))
				own_column(ctx, o, n, nc, (long)i);
			continue;
		} else if (!oc) {
			column_add(ctx, o, n, nc, (long)i, 0);
		} else if (oc->generated && nc->generated &&
			   oc->gen_virtual == nc->gen_virtual &&
			   (nc->gen_virtual || ctx->pg_version >= 170000) &&
			   !strcmp(oc->type, nc->type) &&
			   strcmp(oc->generated, nc->generated)) {
			/* a virtual column (18) takes SET EXPRESSION, a
			 * stored one too from 17 (rewriting the table);
			 * before 17 (or for an unknown target) a stored
			 * column is dropped and added, losing nothing but
			 * computed values, yet destructive for its
			 * dependents */
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
			diff_mark_readded(ctx, o->key, nc->name);
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
		if (!nc || !diff_con_same(oc, nc) ||
		    con_uses_readded(ctx, o, oc))
			diff_constraint_drop(ctx, o, n, oc);
	}
	for (size_t i = 0; i < nt->nconstraints; i++) {
		const struct sd_constraint *nc = &nt->constraints[i];
		const struct sd_constraint *oc =
			table_find_constraint(ot, nc->name);
		bool fresh = !oc || !diff_con_same(oc, nc) ||
			     con_uses_readded(ctx, o, oc);

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

		/* a table made again: table_drop() and table_create() */
		if (!nt || diff_table_remade(ctx, ot, nt))
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
