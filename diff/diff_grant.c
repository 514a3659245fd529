/*
 * diff/diff_grant.c: privileges, a post-pass over every object of the
 * `to` side once all other changes are known. For each grantee, one
 * CH_GRANT with what to revoke, what grant option to revoke, and what to
 * grant (with or without grant option).
 *
 * The `from` side's privileges count only while the object lives on: an
 * object that is created, or dropped and created again (any drop change
 * for it), starts from its kind's defaults (EXECUTE / USAGE to PUBLIC for
 * functions and types, nothing else), and so does a column that is
 * dropped and added again. A new object gets the current user's default
 * privileges (ALTER DEFAULT PRIVILEGES) of the `to` side instead, as
 * those changes run before every create but that of schemas
 * (diff/diff_default_acl.c); a new schema those of the `from` side. A
 * table-level REVOKE also takes that privilege from every column, so the
 * column privileges that should stay are granted again after it.
 *
 * Memory: changes and their lists live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include <string.h>

#include "util/banned.h"

/* What a new object like obj gets from default privileges, appended to
 * out; false when none apply (the kind's built-in defaults hold). */
static bool fresh_defaults(const struct diff_ctx *ctx,
			   const struct sd_object *obj, struct vec *out)
{
	const struct catalog *cat = obj->kind == SD_SCHEMA ? ctx->from
							    : ctx->to;

	return catalog_default_grants(cat, obj, NULL, out);
}

/* The privileges in effect: the list, or the kind's defaults when the
 * ACL was never set. fresh: the object is new, only defaults. */
static void effective(struct diff_ctx *ctx, const struct sd_object *obj,
		      bool fresh, const struct strmap *fresh_cols,
		      struct vec *out)
{
	const char *priv = sd_kind_public_default(obj->kind);

	if (fresh && fresh_defaults(ctx, obj, out))
		return;
	if (fresh || !obj->acl_set) {
		if (priv) {
			struct sd_grant *d = arena_alloc(&ctx->cs->arena,
							 sizeof(*d));
			d->grantee = NULL;
			d->column = NULL;
			d->privilege = priv;
			d->grant_option = false;
			vec_push(out, d);
		}
		if (fresh)
			return;
	}
	for (size_t i = 0; i < obj->ngrants; i++) {
		const struct sd_grant *g = &obj->grants[i];
		if (g->column && fresh_cols &&
		    strmap_contains(fresh_cols, g->column))
			continue;
		vec_push(out, (void *)g);
	}
}

static int cmp_grants(const void *pa, const void *pb)
{
	return sd_grant_cmp(*(const struct sd_grant *const *)pa,
			    *(const struct sd_grant *const *)pb);
}

struct lists {
	struct vec revoke, revoke_option, grant, grant_option;
};

static const struct sd_grant **to_array(struct diff_ctx *ctx,
					const struct vec *v, size_t *n)
{
	const struct sd_grant **a;

	*n = v->len;
	if (!v->len)
		return NULL;
	vec_sort((struct vec *)v, cmp_grants);
	a = arena_alloc(&ctx->cs->arena, v->len * sizeof(*a));
	for (size_t i = 0; i < v->len; i++)
		a[i] = v->items[i];
	return a;
}

static bool table_revoked(const struct vec *revoke, const char *priv)
{
	for (size_t i = 0; i < revoke->len; i++) {
		const struct sd_grant *g = revoke->items[i];
		if (!g->column && !strcmp(g->privilege, priv))
			return true;
	}
	return false;
}

/* One grantee: olds and news are its grants, sorted. */
static void one_grantee(struct diff_ctx *ctx, const struct sd_object *o,
			const struct sd_object *n, const char *grantee,
			const struct sd_grant **olds, size_t nold,
			const struct sd_grant **news, size_t nnew)
{
	struct lists l = { VEC_INIT, VEC_INIT, VEC_INIT, VEC_INIT };
	struct grant_change *gc;
	struct diff_item *it;
	size_t i = 0, j = 0;

	while (i < nold || j < nnew) {
		int c = i == nold ? 1 : j == nnew ? -1
			: sd_grant_cmp(olds[i], news[j]);
		if (c < 0) {
			vec_push(&l.revoke, (void *)olds[i++]);
		} else if (c > 0) {
			vec_push(news[j]->grant_option ? &l.grant_option
						       : &l.grant,
				 (void *)news[j]);
			j++;
		} else {
			if (olds[i]->grant_option && !news[j]->grant_option)
				vec_push(&l.revoke_option, (void *)olds[i]);
			else if (!olds[i]->grant_option &&
				 news[j]->grant_option)
				vec_push(&l.grant_option, (void *)news[j]);
			i++;
			j++;
		}
	}
	/* a table-level REVOKE takes the column privileges along: drop the
	 * column revokes it covers, grant again the ones that stay */
	for (size_t k = l.revoke.len; k-- > 0;) {
		const struct sd_grant *g = l.revoke.items[k];
		if (g->column && table_revoked(&l.revoke, g->privilege)) {
			l.revoke.items[k] = l.revoke.items[--l.revoke.len];
		}
	}
	for (size_t k = 0; k < nnew; k++) {
		const struct sd_grant *g = news[k];
		bool listed = false;
		if (!g->column || !table_revoked(&l.revoke, g->privilege))
			continue;
		for (size_t m = 0; m < l.grant.len; m++)
			listed |= l.grant.items[m] == g;
		for (size_t m = 0; m < l.grant_option.len; m++)
			listed |= l.grant_option.items[m] == g;
		if (!listed)
			vec_push(g->grant_option ? &l.grant_option : &l.grant,
				 (void *)g);
	}
	if (!l.revoke.len && !l.revoke_option.len && !l.grant.len &&
	    !l.grant_option.len)
		goto out;
	gc = arena_alloc(&ctx->cs->arena, sizeof(*gc));
	memset(gc, 0, sizeof(*gc));
	gc->grantee = grantee;
	gc->revoke = to_array(ctx, &l.revoke, &gc->nrevoke);
	gc->revoke_option = to_array(ctx, &l.revoke_option,
				     &gc->nrevoke_option);
	gc->grant = to_array(ctx, &l.grant, &gc->ngrant);
	gc->grant_option = to_array(ctx, &l.grant_option, &gc->ngrant_option);
	it = diff_add(ctx, CH_GRANT, PHASE_COMMENT, RANK_GRANT, o, n);
	it->ch.grant = gc;
	it->sub = grantee ? grantee : "";
	diff_key(ctx, it, ROLE_NEED, n->key);
	for (size_t k = 0; k < nnew; k++)
		if (news[k]->column)
			diff_key_column(ctx, it, ROLE_NEED, n->key,
					news[k]->column);
out:
	vec_release(&l.revoke);
	vec_release(&l.revoke_option);
	vec_release(&l.grant);
	vec_release(&l.grant_option);
}

void diff_grants_by_grantee(struct diff_ctx *ctx, const struct sd_object *o,
			    const struct sd_object *n, struct vec *olds,
			    struct vec *news, diff_grantee_fn fn)
{
	size_t i = 0, j = 0;

	vec_sort(olds, cmp_grants);
	vec_sort(news, cmp_grants);
	/* PUBLIC first, then by name */
	while (i < olds->len || j < news->len) {
		const struct sd_grant *a = i < olds->len ? olds->items[i] : NULL;
		const struct sd_grant *b = j < news->len ? news->items[j] : NULL;
		const char *who;
		size_t i2 = i, j2 = j;

		if (a && b) {
			struct sd_grant ka = *a, kb = *b;
			ka.column = kb.column = NULL;
			ka.privilege = kb.privilege = "";
			who = sd_grant_cmp(&ka, &kb) <= 0 ? a->grantee
							  : b->grantee;
		} else {
			who = a ? a->grantee : b->grantee;
		}
		while (i2 < olds->len &&
		       diff_streq(((const struct sd_grant *)olds->items[i2])
					  ->grantee, who))
			i2++;
		while (j2 < news->len &&
		       diff_streq(((const struct sd_grant *)news->items[j2])
					  ->grantee, who))
			j2++;
		/* an empty vec's items is NULL: no offset on it, even 0 */
		fn(ctx, o, n, who,
		   olds->items ? (const struct sd_grant **)olds->items + i : NULL,
		   i2 - i,
		   news->items ? (const struct sd_grant **)news->items + j : NULL,
		   j2 - j);
		i = i2;
		j = j2;
	}
}

static void diff_object_grants(struct diff_ctx *ctx,
			       const struct sd_object *o,
			       const struct sd_object *n, bool fresh,
			       const struct strmap *fresh_cols)
{
	struct vec olds = VEC_INIT, news = VEC_INIT;

	if (o)
		effective(ctx, o, fresh, fresh_cols, &olds);
	else
		effective(ctx, n, true, NULL, &olds);
	effective(ctx, n, false, NULL, &news);
	diff_grants_by_grantee(ctx, o, n, &olds, &news, one_grantee);
	vec_release(&olds);
	vec_release(&news);
}

/* Keys of `from` objects that a change drops (to be created again or
 * not), and "table key\037column" of dropped columns. */
static void collect_drops(struct diff_ctx *ctx, struct strmap *objs,
			  struct strmap *cols)
{
	for (size_t i = 0; i < ctx->items.len; i++) {
		const struct diff_item *it = ctx->items.items[i];
		const struct change *ch = &it->ch;

		if (ch->type == CH_GRANT || !ch->old_obj)
			continue;
		if (ch->type == CH_DROP_COLUMN && ch->old_col) {
			struct strbuf k = STRBUF_INIT;
			strbuf_addf(&k, "%s\037%s", ch->old_obj->key,
				    ch->old_col->name);
			strmap_put(cols, k.buf, (void *)1);
			strbuf_release(&k);
		} else if (!ch->new_obj && !ch->old_col && !ch->old_con &&
			   !ch->new_col && !ch->new_con) {
			strmap_put(objs, ch->old_obj->key, (void *)1);
		}
	}
}

void diff_grants(struct diff_ctx *ctx)
{
	struct strmap dropped = STRMAP_INIT, dropped_cols = STRMAP_INIT;
	struct vec news = VEC_INIT;

	collect_drops(ctx, &dropped, &dropped_cols);
	catalog_list(ctx->to, -1, &news);
	for (size_t i = 0; i < news.len; i++) {
		const struct sd_object *n = news.items[i];
		const struct sd_object *o = catalog_lookup(ctx->from, n->key);
		struct strmap fresh_cols = STRMAP_INIT;
		bool fresh;

		if (n->kind == SD_DEFAULT_ACL)
			continue;	/* diff/diff_default_acl.c */
		if (o && o->kind != n->kind)
			o = NULL;
		fresh = !o || strmap_contains(&dropped, o->key);
		if (!n->ngrants && !sd_kind_public_default(n->kind) &&
		    (!o || fresh || !o->ngrants)) {
			struct vec defs = VEC_INIT;
			bool none = !fresh || !fresh_defaults(ctx, n, &defs) ||
				    !defs.len;
			vec_release(&defs);
			if (none)
				continue;	/* nothing granted on either
						 * side */
		}
		if (o && !fresh && dropped_cols.len) {
			for (size_t k = 0; k < o->ngrants; k++) {
				struct strbuf key = STRBUF_INIT;
				const char *col = o->grants[k].column;
				if (!col)
					continue;
				strbuf_addf(&key, "%s\037%s", o->key, col);
				if (strmap_contains(&dropped_cols, key.buf))
					strmap_put(&fresh_cols, col,
						   (void *)1);
				strbuf_release(&key);
			}
		}
		diff_object_grants(ctx, o, n, fresh, &fresh_cols);
		strmap_release(&fresh_cols);
	}
	vec_release(&news);
	strmap_release(&dropped);
	strmap_release(&dropped_cols);
}
