/*
 * diff/diff_policy.c: row level security. Policies (created, dropped,
 * altered in place when only roles, USING or WITH CHECK change; dropped
 * and created again when the command or PERMISSIVE/RESTRICTIVE change, or
 * an expression goes away), the table flags ENABLE / FORCE ROW LEVEL
 * SECURITY, table storage parameters, and identity column options. The
 * table-level parts are called from diff/diff_table.c.
 *
 * Keys: a policy needs its table (and what its expressions read); it is
 * dropped before its table and columns change shape (a column used in a
 * policy cannot change type) and created after.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include <string.h>

#include "util/banned.h"

static void table_key(struct diff_ctx *ctx, struct diff_item *it,
		      enum diff_role role, const struct sd_policy *p)
{
	struct strbuf key = STRBUF_INIT;

	sd_key_format(&key, SD_TABLE, p->base.schema, p->table);
	diff_key(ctx, it, role, key.buf);
	strbuf_release(&key);
}

static void policy_create(struct diff_ctx *ctx, const struct sd_policy *n)
{
	struct diff_item *it = diff_add(ctx, CH_CREATE_POLICY, PHASE_CREATE,
					RANK_POLICY, NULL, &n->base);

	diff_key(ctx, it, ROLE_PROV, n->base.key);
	table_key(ctx, it, ROLE_NEED, n);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, &n->base, false, NULL);
	diff_comment_object(ctx, NULL, &n->base, true);
}

static void policy_drop(struct diff_ctx *ctx, const struct sd_policy *o)
{
	struct diff_item *it;

	if (!catalog_find(ctx->to, SD_TABLE, o->base.schema, o->table))
		return;	/* dropped with its table */
	it = diff_add(ctx, CH_DROP_POLICY, PHASE_DROP, RANK_DROP_POLICY,
		      &o->base, NULL);
	diff_key(ctx, it, ROLE_GONE, o->base.key);
	table_key(ctx, it, ROLE_RELEASE, o);
	diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, &o->base, false,
		      NULL);
}

static bool roles_same(const struct sd_policy *a, const struct sd_policy *b)
{
	if (a->nroles != b->nroles)
		return false;
	for (size_t i = 0; i < a->nroles; i++)
		if (strcmp(a->roles[i], b->roles[i]))
			return false;
	return true;
}

void diff_policy(struct diff_ctx *ctx, const struct sd_object *old_obj,
		 const struct sd_object *new_obj)
{
	const struct sd_policy *o = (const struct sd_policy *)old_obj;
	const struct sd_policy *n = (const struct sd_policy *)new_obj;
	struct strbuf key = STRBUF_INIT;
	bool remade;
	struct diff_item *it;

	if (!o) {
		policy_create(ctx, n);
		return;
	}
	if (!n) {
		policy_drop(ctx, o);
		return;
	}
	sd_key_format(&key, SD_TABLE, o->base.schema, o->table);
	remade = diff_marked(&ctx->remade, key.buf);
	strbuf_release(&key);
	if (remade || o->restrictive != n->restrictive ||
	    o->command != n->command || (o->using_expr && !n->using_expr) ||
	    (o->check_expr && !n->check_expr)) {
		policy_drop(ctx, o);
		policy_create(ctx, n);
		return;
	}
	if (!roles_same(o, n) || !diff_streq(o->using_expr, n->using_expr) ||
	    !diff_streq(o->check_expr, n->check_expr)) {
		it = diff_add(ctx, CH_ALTER_POLICY, PHASE_CREATE, RANK_POLICY,
			      old_obj, new_obj);
		diff_key(ctx, it, ROLE_NEED, n->base.key);
		table_key(ctx, it, ROLE_NEED, n);
		diff_key_deps(ctx, it, ROLE_NEED, ctx->to, new_obj, false,
			      old_obj);
	}
	diff_comment_object(ctx, old_obj, new_obj, false);
}

static bool reloptions_same(const struct sd_table *a, const struct sd_table *b)
{
	if (a->nreloptions != b->nreloptions)
		return false;
	for (size_t i = 0; i < a->nreloptions; i++)
		if (strcmp(a->reloptions[i], b->reloptions[i]))
			return false;
	return true;
}

void diff_table_options(struct diff_ctx *ctx, const struct sd_object *old_obj,
			const struct sd_object *new_obj)
{
	const struct sd_table *o = (const struct sd_table *)old_obj;
	const struct sd_table *n = (const struct sd_table *)new_obj;
	struct diff_item *it;

	if (o ? (o->rls_enabled != n->rls_enabled ||
		 o->rls_forced != n->rls_forced)
	      : (n->rls_enabled || n->rls_forced)) {
		it = diff_add(ctx, CH_ALTER_TABLE_RLS, PHASE_CREATE,
			      RANK_POLICY, old_obj, new_obj);
		diff_key(ctx, it, ROLE_NEED, new_obj->key);
	}
	/* a new table has its storage parameters (and UNLOGGED) in CREATE
	 * TABLE */
	if (o && (!reloptions_same(o, n) || o->unlogged != n->unlogged)) {
		it = diff_add(ctx, CH_ALTER_TABLE_OPTIONS, PHASE_CREATE,
			      RANK_TABLE, old_obj, new_obj);
		diff_key(ctx, it, ROLE_NEED, new_obj->key);
	}
}

static bool identity_same(const struct sd_column *a, const struct sd_column *b)
{
	return diff_streq(a->id_seqname, b->id_seqname) &&
	       a->id_start == b->id_start &&
	       a->id_increment == b->id_increment &&
	       a->id_minvalue == b->id_minvalue &&
	       a->id_maxvalue == b->id_maxvalue &&
	       a->id_cache == b->id_cache && a->id_cycle == b->id_cycle;
}

void diff_identity_options(struct diff_ctx *ctx, const struct sd_object *o,
			   const struct sd_object *n,
			   const struct sd_column *oc,
			   const struct sd_column *nc, long pos)
{
	struct diff_item *it;

	if (!oc->identity || !nc->identity || identity_same(oc, nc))
		return;
	it = diff_add(ctx, CH_ALTER_COLUMN_IDENTITY_OPTIONS, PHASE_CREATE,
		      RANK_COLUMN, o, n);
	it->ch.old_col = oc;
	it->ch.new_col = nc;
	it->subpos = pos;
	it->sub = nc->name;
	it->typerank = 10;	/* after the column's other changes */
	diff_key(ctx, it, ROLE_NEED, n->key);
}
