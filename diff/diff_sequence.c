/*
 * diff/diff_sequence.c: sequences are created, dropped, and altered in
 * their options; OWNED BY is a separate change that runs once the owning
 * column exists (and before an owning column that goes away is dropped).
 * A sequence owned by a column that is dropped goes with it, so it gets no
 * DROP of its own.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include "util/banned.h"

static bool owner_stays(const struct diff_ctx *ctx,
			const struct sd_sequence *s)
{
	const struct sd_table *t;

	if (!s->owned_table)
		return true;
	t = catalog_find(ctx->to, SD_TABLE, s->base.schema, s->owned_table);
	return t && table_find_column(t, s->owned_column);
}

static void owner_keys(struct diff_ctx *ctx, struct diff_item *it,
		       enum diff_role role, const struct sd_sequence *s)
{
	struct strbuf key = STRBUF_INIT;

	if (!s || !s->owned_table)
		return;
	sd_key_format(&key, SD_TABLE, s->base.schema, s->owned_table);
	diff_key(ctx, it, role, key.buf);
	diff_key_column(ctx, it, role, key.buf, s->owned_column);
	strbuf_release(&key);
}

static void owned_by(struct diff_ctx *ctx, const struct sd_sequence *o,
		     const struct sd_sequence *n)
{
	struct diff_item *it = diff_add(ctx, CH_ALTER_SEQUENCE, PHASE_CREATE,
					RANK_SEQUENCE_OWNED,
					o ? &o->base : NULL, &n->base);

	it->ch.detail = CHANGE_SEQ_OWNED;
	if (!o && n->owned_table &&
	    catalog_find(ctx->from, SD_TABLE, n->base.schema, n->owned_table))
		it->ch.flags |= CHANGE_SEQ_CONTINUE;
	diff_key(ctx, it, ROLE_NEED, n->base.key);
	owner_keys(ctx, it, ROLE_NEED, n);
	/* before the old owner is dropped, which would take the sequence */
	if (o && o->owned_table) {
		struct strbuf key = STRBUF_INIT;
		sd_key_format(&key, SD_TABLE, o->base.schema, o->owned_table);
		diff_key_column(ctx, it, ROLE_RELEASE, key.buf,
				o->owned_column);
		strbuf_release(&key);
	}
}

static bool options_differ(const struct sd_sequence *o,
			   const struct sd_sequence *n)
{
	return !diff_streq(o->type, n->type) || o->start != n->start ||
	       o->increment != n->increment || o->minvalue != n->minvalue ||
	       o->maxvalue != n->maxvalue || o->cache != n->cache ||
	       o->cycle != n->cycle;
}

void diff_sequence(struct diff_ctx *ctx, const struct sd_object *old_obj,
		   const struct sd_object *new_obj)
{
	const struct sd_sequence *o = (const struct sd_sequence *)old_obj;
	const struct sd_sequence *n = (const struct sd_sequence *)new_obj;
	struct diff_item *it;

	if (!o) {
		it = diff_add(ctx, CH_CREATE_SEQUENCE, PHASE_CREATE,
			      RANK_SEQUENCE, NULL, new_obj);
		diff_key(ctx, it, ROLE_PROV, new_obj->key);
		diff_key_schema(ctx, it, ROLE_NEED, new_obj->schema);
		diff_key_deps(ctx, it, ROLE_NEED, ctx->to, new_obj, true,
			      NULL);
		if (n->owned_table)
			owned_by(ctx, NULL, n);
		diff_comment_object(ctx, NULL, new_obj, true);
		return;
	}
	if (!n) {
		if (!owner_stays(ctx, o))
			return;	/* dropped with its column */
		it = diff_add(ctx, CH_DROP_SEQUENCE, PHASE_DROP,
			      RANK_DROP_SEQUENCE, old_obj, NULL);
		it->ch.flags |= CHANGE_DESTRUCTIVE;
		diff_key(ctx, it, ROLE_GONE, old_obj->key);
		diff_key_schema(ctx, it, ROLE_RELEASE, old_obj->schema);
		diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, old_obj, true,
			      NULL);
		return;
	}
	if (options_differ(o, n)) {
		it = diff_add(ctx, CH_ALTER_SEQUENCE, PHASE_CREATE,
			      RANK_SEQUENCE, old_obj, new_obj);
		it->ch.detail = CHANGE_SEQ_OPTIONS;
		diff_key(ctx, it, ROLE_MOD, new_obj->key);
	}
	if (!diff_streq(o->owned_table, n->owned_table) ||
	    !diff_streq(o->owned_column, n->owned_column))
		owned_by(ctx, o, n);
	diff_comment_object(ctx, old_obj, new_obj, false);
}
