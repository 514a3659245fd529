/*
 * diff/diff_cascade.c: what happens to the users of a type or function
 * that is dropped and created again (an enum whose labels are removed or
 * reordered, a function whose result type changes).
 *
 * PostgreSQL refuses to drop an object that others use, and schemadiff
 * never uses CASCADE. So each user lets go of it first and takes it back
 * once it exists again:
 *   - a domain, composite or range type over a remade type is remade too
 *     (diff_types_cascade, once all types have been compared, so that
 *     functions compared later see it);
 *   - a function whose signature or result uses a remade type is remade
 *     (diff_function, through diff_needs_remade());
 *   - a column of a kept table whose type is a remade type goes through
 *     text: `ALTER COLUMN c TYPE text` before the drop, `TYPE t USING
 *     c::t` after the create (its default dropped before and set after);
 *   - a column of a kept table whose COLLATE is a remade collation takes
 *     its type's default collation before the drop and the collation
 *     again after the create (ALTER COLUMN c TYPE t [COLLATE x]: no
 *     rewrite, its indexes are rebuilt);
 *   - a default that calls a remade function is dropped before and set
 *     after; a CHECK constraint that names a remade type, function or
 *     collation is dropped before and added after (diff_tables_cascade).
 * Views over any of them are re-created by diff_view_cascade(), which runs
 * after. A remade enum is flagged destructive already (a row holding a
 * removed label makes the conversion back fail, and the whole change with
 * it).
 *
 * Which defaults and checks use an object is read from their text: the
 * object's bare name as a whole word. A false match only costs a drop and
 * an add of an unchanged default or check.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include <ctype.h>
#include <string.h>

#include "util/banned.h"

static bool is_remade_key(const struct diff_ctx *ctx, const char *key)
{
	return diff_marked(&ctx->remade, key);
}

bool diff_needs_remade(const struct diff_ctx *ctx, const struct sd_object *obj)
{
	for (size_t i = 0; i < obj->ndeps; i++)
		if ((!strncmp(obj->deps[i], "type:", 5) ||
		     !strncmp(obj->deps[i], "function:", 9) ||
		     !strncmp(obj->deps[i], "opaque:", 7) ||
		     !strncmp(obj->deps[i], "collation:", 10)) &&
		    is_remade_key(ctx, obj->deps[i]))
			return true;
	return false;
}

void diff_types_cascade(struct diff_ctx *ctx)
{
	struct vec olds = VEC_INIT;
	bool changed = true;

	catalog_list(ctx->from, SD_TYPE, &olds);
	while (changed) {
		changed = false;
		for (size_t i = 0; i < olds.len; i++) {
			const struct sd_object *o = olds.items[i];
			const struct sd_object *n =
				catalog_find(ctx->to, SD_TYPE, o->schema,
					     o->name);

			if (!n || is_remade_key(ctx, o->key) ||
			    !diff_needs_remade(ctx, o))
				continue;
			diff_type_remake(ctx, o, n);
			changed = true;
		}
	}
	vec_release(&olds);
}

/* Does text use `name` as a whole word (not inside another identifier)? */
bool diff_mentions(const char *text, const char *name)
{
	size_t n = strlen(name);

	if (!text || !n)
		return false;
	for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
		bool before = p == text ||
			      !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
		bool after = !(isalnum((unsigned char)p[n]) || p[n] == '_');
		if (before && after)
			return true;
	}
	return false;
}

/* The remade type, function or collation keys of a table's dependencies,
 * and their bare names (a function's name without its arguments). */
struct used {
	const char *key;
	const char *name;
	const struct sd_type *type;	/* NULL for a function */
	const struct sd_object *coll;	/* a collation, or NULL */
};

static size_t remade_uses(const struct diff_ctx *ctx,
			  const struct sd_object *t, struct used *out,
			  size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < t->ndeps && n < max; i++) {
		const struct sd_object *d;

		if (!is_remade_key(ctx, t->deps[i]))
			continue;
		d = catalog_lookup(ctx->from, t->deps[i]);
		if (!d || (d->kind != SD_TYPE && d->kind != SD_FUNCTION &&
			   d->kind != SD_COLLATION))
			continue;
		out[n].key = d->key;
		out[n].coll = d->kind == SD_COLLATION ? d : NULL;
		out[n].type = d->kind == SD_TYPE ? (const struct sd_type *)d
						 : NULL;
		out[n].name = d->kind == SD_FUNCTION
				      ? ((const struct sd_function *)d)->fname
				      : d->name;
		n++;
	}
	return n;
}

/* Is the column's type (or array of it) the type u? */
static bool column_of_type(const struct sd_column *c, const struct used *u)
{
	struct strbuf q = STRBUF_INIT;
	size_t len;
	bool same;

	if (!u->type)
		return false;
	sql_quote_qualified(&q, SQL_POSTGRES, u->type->base.schema,
			    u->type->base.name);
	len = strlen(c->type);
	while (len >= 2 && !strncmp(c->type + len - 2, "[]", 2))
		len -= 2;
	same = len == q.len && !strncmp(c->type, q.buf, len);
	strbuf_release(&q);
	return same;
}

/* Does the column use the collation u (COLLATE u)? */
static bool column_of_collation(const struct sd_column *c,
				const struct used *u)
{
	struct strbuf q = STRBUF_INIT;
	bool same;

	if (!u->coll || !c->collation)
		return false;
	sql_quote_qualified(&q, SQL_POSTGRES, u->coll->schema, u->coll->name);
	same = !strcmp(c->collation, q.buf);
	strbuf_release(&q);
	return same;
}

/* The change on column `col` of `o` of one of the types, or NULL. */
static struct diff_item *find_column_change(struct diff_ctx *ctx,
					    const struct sd_object *o,
					    const char *col,
					    enum change_type t1,
					    enum change_type t2)
{
	for (size_t i = 0; i < ctx->items.len; i++) {
		struct diff_item *it = ctx->items.items[i];
		if (it->ch.old_obj == o && it->ch.new_col &&
		    (it->ch.type == t1 || it->ch.type == t2) &&
		    !strcmp(it->ch.new_col->name, col))
			return it;
	}
	return NULL;
}

/* A copy of c in the change set's arena, for the step in between. */
static struct sd_column *column_copy(struct diff_ctx *ctx,
				     const struct sd_column *c)
{
	struct sd_column *x = arena_alloc(&ctx->cs->arena, sizeof(*x));

	*x = *c;
	return x;
}

/* ALTER COLUMN TYPE gives a column its type's storage and compression:
 * after the column is back on the remade object, an explicit one is set
 * again (unless a planned change does). */
static void column_options_again(struct diff_ctx *ctx,
				 const struct sd_object *o,
				 const struct sd_object *n,
				 const struct sd_column *nc, long pos,
				 const struct used *u)
{
	struct diff_item *it;

	if (nc->storage &&
	    !find_column_change(ctx, o, nc->name, CH_ALTER_COLUMN_STORAGE,
				CH_ALTER_COLUMN_STORAGE)) {
		it = diff_column_change(ctx, CH_ALTER_COLUMN_STORAGE, 3, o, n,
					nc, nc, pos);
		diff_key(ctx, it, ROLE_NEED, u->key);
	}
	if (nc->compression &&
	    !find_column_change(ctx, o, nc->name, CH_ALTER_COLUMN_COMPRESSION,
				CH_ALTER_COLUMN_COMPRESSION)) {
		it = diff_column_change(ctx, CH_ALTER_COLUMN_COMPRESSION, 3, o,
					n, nc, nc, pos);
		diff_key(ctx, it, ROLE_NEED, u->key);
	}
}

/* Before the type goes: the column becomes text (text[] for arrays),
 * without its default; after it is back: the column gets its type, and
 * its default, again. */
static void column_through_text(struct diff_ctx *ctx,
				const struct sd_object *o,
				const struct sd_object *n,
				const struct sd_column *oc,
				const struct sd_column *nc, long pos,
				const struct used *u)
{
	struct sd_column *mid = column_copy(ctx, oc);
	/* a type change already planned converts from text just as well,
	 * and sets the default again */
	struct diff_item *planned =
		find_column_change(ctx, o, nc->name, CH_ALTER_COLUMN_TYPE,
				   CH_ALTER_COLUMN_COLLATION);
	bool set_default = nc->default_expr &&
			   !find_column_change(ctx, o, nc->name,
					       CH_ALTER_COLUMN_DEFAULT,
					       CH_ALTER_COLUMN_DEFAULT);
	struct diff_item *it;

	mid->type = strstr(oc->type, "[]") ? "text[]" : "text";
	mid->collation = NULL;
	mid->default_expr = NULL;
	it = diff_add(ctx, CH_ALTER_COLUMN_TYPE, PHASE_DROP, RANK_DROP_COLUMN,
		      o, n);
	it->ch.old_col = oc;
	it->ch.new_col = mid;
	it->ch.flags |= CHANGE_DESTRUCTIVE;
	it->subpos = pos;
	it->sub = oc->name;
	diff_key(ctx, it, ROLE_MOD, o->key);
	diff_key(ctx, it, ROLE_RELEASE, u->key);
	if (planned) {
		diff_key(ctx, planned, ROLE_NEED, u->key);
		return;
	}
	it = diff_column_change(ctx, CH_ALTER_COLUMN_TYPE, 1, o, n, mid, nc,
				pos);
	diff_key(ctx, it, ROLE_NEED, u->key);
	column_options_again(ctx, o, n, nc, pos, u);
	if (set_default) {
		struct sd_column *nodef = column_copy(ctx, nc);

		nodef->default_expr = NULL;
		it = diff_column_change(ctx, CH_ALTER_COLUMN_DEFAULT, 2, o, n,
					nodef, nc, pos);
		diff_key(ctx, it, ROLE_NEED, u->key);
	}
}

/* The change, before the remade object u goes, that turns column oc
 * into mid (without what names u). */
static void column_let_go(struct diff_ctx *ctx, enum change_type type,
			  const struct sd_object *o, const struct sd_object *n,
			  const struct sd_column *oc,
			  const struct sd_column *mid, long pos,
			  const struct used *u)
{
	struct diff_item *it = diff_add(ctx, type, PHASE_DROP,
					RANK_DROP_COLUMN, o, n);

	it->ch.old_col = oc;
	it->ch.new_col = mid;
	it->subpos = pos;
	it->sub = oc->name;
	diff_key(ctx, it, ROLE_MOD, o->key);
	diff_key(ctx, it, ROLE_RELEASE, u->key);
}

/* Before the collation goes: the column takes its type's default
 * collation (the server rebuilds its indexes); after it is back: the
 * column takes it again, unless a planned change gives it its new
 * collation anyway. */
static void column_off_collation(struct diff_ctx *ctx,
				 const struct sd_object *o,
				 const struct sd_object *n,
				 const struct sd_column *oc,
				 const struct sd_column *nc, long pos,
				 const struct used *u)
{
	struct sd_column *mid = column_copy(ctx, oc);
	struct diff_item *planned =
		find_column_change(ctx, o, nc->name, CH_ALTER_COLUMN_TYPE,
				   CH_ALTER_COLUMN_COLLATION);
	struct diff_item *it;

	mid->collation = NULL;
	column_let_go(ctx, CH_ALTER_COLUMN_COLLATION, o, n, oc, mid, pos, u);
	if (planned) {
		if (column_of_collation(nc, u))
			diff_key(ctx, planned, ROLE_NEED, u->key);
		return;
	}
	it = diff_column_change(ctx, CH_ALTER_COLUMN_COLLATION, 1, o, n, mid,
				nc, pos);
	diff_key(ctx, it, ROLE_NEED, u->key);
	column_options_again(ctx, o, n, nc, pos, u);
}

/* A default that calls a remade function: dropped before, set after
 * (unless a planned change sets it anyway). */
static void default_around(struct diff_ctx *ctx, const struct sd_object *o,
			   const struct sd_object *n,
			   const struct sd_column *oc,
			   const struct sd_column *nc, long pos,
			   const struct used *u)
{
	struct sd_column *nodef = column_copy(ctx, oc);
	/* a planned type or default change sets the new default itself */
	struct diff_item *planned =
		find_column_change(ctx, o, nc->name, CH_ALTER_COLUMN_DEFAULT,
				   CH_ALTER_COLUMN_TYPE);
	struct diff_item *it;

	nodef->default_expr = NULL;
	column_let_go(ctx, CH_ALTER_COLUMN_DEFAULT, o, n, oc, nodef, pos, u);
	if (planned) {
		diff_key(ctx, planned, ROLE_NEED, u->key);
		return;
	}
	if (!nc->default_expr)
		return;
	nodef = column_copy(ctx, nc);
	nodef->default_expr = NULL;
	it = diff_column_change(ctx, CH_ALTER_COLUMN_DEFAULT, 2, o, n, nodef,
				nc, pos);
	diff_key(ctx, it, ROLE_NEED, u->key);
}

/* The drop of constraint c of table o already planned, or NULL. */
static struct diff_item *find_constraint_drop(struct diff_ctx *ctx,
					      const struct sd_object *o,
					      const struct sd_constraint *c)
{
	for (size_t i = 0; i < ctx->items.len; i++) {
		struct diff_item *it = ctx->items.items[i];
		if (it->ch.type == CH_DROP_CONSTRAINT && it->ch.old_obj == o &&
		    it->ch.old_con == c)
			return it;
	}
	return NULL;
}

static void table_cascade(struct diff_ctx *ctx, const struct sd_object *o,
			  const struct sd_object *n)
{
	const struct sd_table *ot = (const struct sd_table *)o;
	const struct sd_table *nt = (const struct sd_table *)n;
	struct used uses[16];
	size_t nuses = remade_uses(ctx, o, uses, 16);
	bool touched = false;

	if (!nuses)
		return;
	for (size_t i = 0; i < ot->ncolumns; i++) {
		const struct sd_column *oc = &ot->columns[i];
		int ni = table_column_index(nt, oc->name);
		const struct sd_column *nc = ni < 0 ? NULL : &nt->columns[ni];

		if (!nc)
			continue;	/* dropped: the drop releases it */
		for (size_t k = 0; k < nuses; k++) {
			if (column_of_collation(oc, &uses[k])) {
				column_off_collation(ctx, o, n, oc, nc, ni,
						     &uses[k]);
				touched = true;
				break;
			}
			if (column_of_type(oc, &uses[k])) {
				column_through_text(ctx, o, n, oc, nc, ni,
						    &uses[k]);
				touched = true;
				break;
			}
			if (!uses[k].type && !uses[k].coll &&
			    diff_mentions(oc->default_expr, uses[k].name)) {
				default_around(ctx, o, n, oc, nc, ni,
					       &uses[k]);
				break;
			}
		}
	}
	for (size_t i = 0; i < ot->nconstraints; i++) {
		const struct sd_constraint *oc = &ot->constraints[i];
		const struct sd_constraint *nc =
			table_find_constraint(nt, oc->name);
		struct diff_item *drop;

		if (oc->type != SD_CON_CHECK)
			continue;
		for (size_t k = 0; k < nuses; k++) {
			if (!diff_mentions(oc->expr, uses[k].name))
				continue;
			drop = find_constraint_drop(ctx, o, oc);
			if (!drop) {
				diff_constraint_drop(ctx, o, n, oc);
				drop = ctx->items.items[ctx->items.len - 1];
				if (nc && diff_con_same(oc, nc))
					diff_constraint_add(ctx, o, n, nc);
			}
			diff_key(ctx, drop, ROLE_RELEASE, uses[k].key);
			break;
		}
	}
	if (touched) {
		/* columns through text: every view of the table */
		diff_mark(&ctx->remade, o->key);
		strmap_remove(&ctx->col_only, o->key);
	}
}

void diff_tables_cascade(struct diff_ctx *ctx)
{
	struct vec olds = VEC_INIT;

	if (!ctx->remade.len)
		return;
	catalog_list(ctx->from, SD_TABLE, &olds);
	for (size_t i = 0; i < olds.len; i++) {
		const struct sd_object *o = olds.items[i];
		const struct sd_object *n =
			catalog_find(ctx->to, SD_TABLE, o->schema, o->name);

		if (n)
			table_cascade(ctx, o, n);
	}
	vec_release(&olds);
}
