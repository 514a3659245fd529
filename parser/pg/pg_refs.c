/*
 * parser/pg/pg_refs.c: an index of the objects that may go when an object
 * is dropped (pg_drop_object()): those in a schema, those that name a
 * relation (its indexes, owned sequences, policies, partitions) and those
 * that depend on an identity key, and the tables whose foreign keys
 * reference a table (ALTER TABLE ... DROP COLUMN). Without it each DROP scanned the whole
 * catalog several times, and a down.sql of 20,000 DROP TABLEs took minutes.
 *
 * The index is built from the live objects on the first DROP and kept for
 * the DROPs that follow it (DROP statements and ALTER TABLE ... DROP
 * COLUMN, pg_refs_keeps()): they only unlink objects and remove
 * constraints, which the users check again (they test liveness and the
 * exact condition on each candidate). Any other statement may add objects
 * or change the names and dependencies the index holds, so apply_stmt()
 * forgets it (pg_refs_forget()) before it runs one.
 *
 * Memory: the index is malloc'ed and owned by the context; positions in
 * cat->all are stored, not copies of objects.
 */
#include "parser/pg/pg_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

struct pg_refs {
	struct strmap by_rel;	/* "schema\037relation" -> struct vec * */
	struct strmap by_schema;	/* schema -> struct vec * */
	struct strmap by_dep;	/* identity key -> struct vec * */
	struct strmap by_fkey;	/* "schema\037table" -> the tables whose
				 * foreign keys reference it */
	struct strbuf key;	/* scratch */
};

static void release_map(struct strmap *m)
{
	size_t iter = 0;
	const char *k;
	void *v;

	while (strmap_next(m, &iter, &k, &v)) {
		vec_release(v);
		free(v);
	}
	strmap_release(m);
}

void pg_refs_forget(struct pg_ctx *ctx)
{
	struct pg_refs *r = ctx->refs;

	if (!r)
		return;
	release_map(&r->by_rel);
	release_map(&r->by_schema);
	release_map(&r->by_dep);
	release_map(&r->by_fkey);
	strbuf_release(&r->key);
	free(r);
	ctx->refs = NULL;
}

/* Append position i under key (positions grow, so each list is sorted). */
static void add(struct strmap *m, const char *key, size_t i)
{
	struct vec *v = strmap_get(m, key);

	if (!v) {
		v = calloc(1, sizeof(*v));
		if (!v)
			abort();
		strmap_put(m, key, v);
	}
	if (v->len && (uintptr_t)v->items[v->len - 1] == i + 1)
		return;
	vec_push(v, (void *)(uintptr_t)(i + 1));
}

static const char *rel_key(struct strbuf *sb, const char *schema,
			   const char *name)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s\037%s", schema ? schema : "", name);
	return sb->buf;
}

/* The relation o names as its owner (index, owned sequence, policy,
 * partition), or NULL. */
static const char *named_rel(const struct sd_object *o, const char **schema)
{
	*schema = o->schema;
	switch (o->kind) {
	case SD_INDEX:
		return ((const struct sd_index *)o)->table;
	case SD_SEQUENCE:
		return ((const struct sd_sequence *)o)->owned_table;
	case SD_POLICY:
		return ((const struct sd_policy *)o)->table;
	case SD_TABLE:
		*schema = ((const struct sd_table *)o)->part_parent_schema;
		return ((const struct sd_table *)o)->part_parent;
	default:
		return NULL;
	}
}

static struct pg_refs *build(struct pg_ctx *ctx)
{
	struct catalog *cat = ctx->cat;
	struct pg_refs *r = calloc(1, sizeof(*r));

	if (!r)
		abort();
	strmap_init(&r->by_rel);
	strmap_init(&r->by_schema);
	strmap_init(&r->by_dep);
	strmap_init(&r->by_fkey);
	strbuf_init(&r->key, 0);
	for (size_t i = 0; i < cat->nall; i++) {
		struct sd_object *o = cat->all[i];
		const char *schema, *rel;

		if (catalog_lookup(cat, o->key) != o)
			continue;
		if (o->schema)
			add(&r->by_schema, o->schema, i);
		if ((rel = named_rel(o, &schema)))
			add(&r->by_rel, rel_key(&r->key, schema, rel), i);
		for (size_t j = 0; j < o->ndeps; j++)
			add(&r->by_dep, o->deps[j], i);
		if (o->kind != SD_TABLE)
			continue;
		for (size_t j = 0; j < ((struct sd_table *)o)->nconstraints; j++) {
			const struct sd_constraint *c =
				&((struct sd_table *)o)->constraints[j];
			if (c->type == SD_CON_FOREIGN && c->ref_table)
				add(&r->by_fkey, rel_key(&r->key, c->ref_schema,
							 c->ref_table), i);
		}
	}
	return r;
}

/* Merge the sorted position list v into out (sorted), without
 * duplicates. */
static void merge(struct vec *out, const struct vec *v)
{
	struct vec m = VEC_INIT;
	size_t a = 0, b = 0;

	if (!v || !v->len)
		return;
	while (a < out->len || b < v->len) {
		uintptr_t x = a < out->len ? (uintptr_t)out->items[a] : UINTPTR_MAX;
		uintptr_t y = b < v->len ? (uintptr_t)v->items[b] : UINTPTR_MAX;
		uintptr_t z = x < y ? x : y;

		if (!m.len || (uintptr_t)m.items[m.len - 1] != z)
			vec_push(&m, (void *)z);
		a += x == z;
		b += y == z;
	}
	vec_release(out);
	*out = m;
}

void pg_refs_candidates(struct pg_ctx *ctx, const struct sd_object *obj,
			unsigned what, struct vec *out)
{
	struct vec pos = VEC_INIT;
	struct pg_refs *r;

	if (!ctx->refs)
		ctx->refs = build(ctx);
	r = ctx->refs;
	if ((what & PG_REFS_SCHEMA) && obj->kind == SD_SCHEMA)
		merge(&pos, strmap_get(&r->by_schema, obj->name));
	if ((what & PG_REFS_NAMED) && obj->schema)
		merge(&pos, strmap_get(&r->by_rel, rel_key(&r->key, obj->schema,
							   obj->name)));
	if (what & PG_REFS_DEPS)
		merge(&pos, strmap_get(&r->by_dep, obj->key));
	if ((what & PG_REFS_FKEYS) && obj->schema)
		merge(&pos, strmap_get(&r->by_fkey, rel_key(&r->key, obj->schema,
							    obj->name)));
	for (size_t i = 0; i < pos.len; i++)
		vec_push(out, ctx->cat->all[(uintptr_t)pos.items[i] - 1]);
	vec_release(&pos);
	/* a statement that also adds or renames (ALTER TABLE ... DROP
	 * COLUMN a, ADD COLUMN b serial, DROP COLUMN b): no index outlives
	 * the lookup */
	if (ctx->refs_volatile)
		pg_refs_forget(ctx);
}

bool pg_refs_keeps(const PgQuery__Node *n)
{
	const PgQuery__AlterTableStmt *a;

	if (n->node_case == PG_QUERY__NODE__NODE_DROP_STMT)
		return true;
	if (n->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_STMT)
		return false;
	a = n->alter_table_stmt;
	if (a->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE || !a->n_cmds)
		return false;
	for (size_t i = 0; i < a->n_cmds; i++)
		if (a->cmds[i]->node_case !=
			    PG_QUERY__NODE__NODE_ALTER_TABLE_CMD ||
		    a->cmds[i]->alter_table_cmd->subtype !=
			    PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn)
			return false;
	return true;
}
