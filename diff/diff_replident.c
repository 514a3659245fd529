/*
 * diff/diff_replident.c: what a table says about its own indexes and
 * triggers once they exist: REPLICA IDENTITY (relreplident, and which
 * index is indisreplident) and the enable state of each trigger
 * (tgenabled). A post-pass over the `to` catalog: a state that differs
 * from the `from` side, or that a table, index, constraint or trigger
 * made in this change set does not carry (a new object starts with
 * DEFAULT / enabled), is set again after what it names.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include <string.h>

#include "util/banned.h"

/* Does the change set create this object (or, con_name set, add this
 * constraint to that table)? */
static bool made_here(const struct diff_ctx *ctx, enum change_type type,
		      const struct sd_object *obj, const char *con_name)
{
	for (size_t i = 0; i < ctx->items.len; i++) {
		const struct diff_item *it = ctx->items.items[i];

		if (it->ch.type != type || it->ch.new_obj != obj)
			continue;
		if (!con_name)
			return true;
		if (it->ch.new_con && !strcmp(it->ch.new_con->name, con_name))
			return true;
	}
	return false;
}

static void replica_identity(struct diff_ctx *ctx, const struct sd_table *n)
{
	const struct sd_table *o = catalog_find(ctx->from, SD_TABLE,
						n->base.schema, n->base.name);
	const struct sd_object *ix = NULL;
	bool again = false;
	struct diff_item *it;

	if (o && diff_marked(&ctx->remade, o->base.key))
		o = NULL;	/* made again: it starts with DEFAULT */
	if (n->replident == 'i') {
		ix = catalog_find(ctx->to, SD_INDEX, n->base.schema,
				  n->replident_index);
		/* the index (or constraint) made again forgets it */
		again = ix ? made_here(ctx, CH_CREATE_INDEX, ix, NULL)
			   : made_here(ctx, CH_ADD_CONSTRAINT, &n->base,
				       n->replident_index);
	}
	if (o ? (o->replident == n->replident &&
		 diff_streq(o->replident_index, n->replident_index) && !again)
	      : !n->replident)
		return;
	it = diff_add(ctx, CH_ALTER_REPLICA_IDENTITY, PHASE_CREATE,
		      RANK_INDEX, o ? &o->base : NULL, &n->base);
	it->typerank = 20;	/* after the table's indexes */
	diff_key(ctx, it, ROLE_NEED, n->base.key);
	if (ix)
		diff_key(ctx, it, ROLE_NEED, ix->key);
	else if (n->replident == 'i')
		diff_key_constraint(ctx, it, ROLE_NEED, n->base.key,
				    n->replident_index);
}

static char trigger_state(const struct sd_trigger *t)
{
	return t && t->enabled ? t->enabled : 'O';
}

static void trigger_enabled(struct diff_ctx *ctx, const struct sd_trigger *n)
{
	const struct sd_trigger *o = catalog_find(ctx->from, SD_TRIGGER,
						  n->base.schema, n->base.name);
	struct diff_item *it;

	if (o && made_here(ctx, CH_CREATE_TRIGGER, &n->base, NULL))
		o = NULL;	/* made again: enabled */
	if (trigger_state(o) == trigger_state(n))
		return;
	it = diff_add(ctx, CH_ALTER_TRIGGER_STATE, PHASE_CREATE, RANK_TRIGGER,
		      o ? &o->base : NULL, &n->base);
	it->typerank = 20;	/* after the trigger's create */
	diff_key(ctx, it, ROLE_NEED, n->base.key);
}

void diff_table_states(struct diff_ctx *ctx)
{
	struct vec v = VEC_INIT;

	catalog_list(ctx->to, SD_TABLE, &v);
	for (size_t i = 0; i < v.len; i++)
		replica_identity(ctx, v.items[i]);
	v.len = 0;
	catalog_list(ctx->to, SD_TRIGGER, &v);
	for (size_t i = 0; i < v.len; i++)
		if (ctx->to->dialect == SQL_POSTGRES)
			trigger_enabled(ctx, v.items[i]);
	vec_release(&v);
}
