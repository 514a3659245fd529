/*
 * diff/diff_default_acl.c: default privileges (struct sd_default_acl).
 * Each side's privileges are the object's grants, or, where the object is
 * missing, what no row means (the built-in default for a global row,
 * nothing for a per-schema row). For each grantee whose privileges
 * differ, one CH_DEFAULT_PRIVILEGES with what to revoke, what grant
 * option to revoke, and what to grant (struct grant_change).
 *
 * Order: right after the schemas are created (the row may name one), and
 * before every other create, so that the objects a plan creates get the
 * new default privileges, as diff/diff_grant.c assumes. A per-schema row
 * whose schema is dropped goes with it (the server drops it): no change.
 *
 * Memory: changes and their lists live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include <string.h>

#include "util/banned.h"

static const struct sd_grant builtin_execute = { NULL, NULL, "EXECUTE",
						 false };
static const struct sd_grant builtin_usage = { NULL, NULL, "USAGE", false };

/* The privileges of one side, sorted: obj's, or what no row means for
 * the row like (like's schema and objtype). */
static void effective(const struct sd_default_acl *obj,
		      const struct sd_default_acl *like, struct vec *out)
{
	const char *builtin;

	if (obj) {
		for (size_t i = 0; i < obj->base.ngrants; i++)
			vec_push(out, (void *)&obj->base.grants[i]);
		return;
	}
	builtin = sd_default_acl_builtin(like);
	if (builtin && !strcmp(builtin, "EXECUTE"))
		vec_push(out, (void *)&builtin_execute);
	else if (builtin)
		vec_push(out, (void *)&builtin_usage);
}

static const struct sd_grant **to_array(struct diff_ctx *ctx,
					const struct vec *v, size_t *n)
{
	const struct sd_grant **a;

	*n = v->len;
	if (!v->len)
		return NULL;
	a = arena_alloc(&ctx->cs->arena, v->len * sizeof(*a));
	for (size_t i = 0; i < v->len; i++)
		a[i] = v->items[i];
	return a;
}

/* The change for one grantee: olds and news are its entries, sorted by
 * privilege. */
static void one_grantee(struct diff_ctx *ctx, const struct sd_object *o,
			const struct sd_object *n, const char *grantee,
			const struct sd_grant **olds, size_t nold,
			const struct sd_grant **news, size_t nnew)
{
	struct vec revoke = VEC_INIT, revoke_option = VEC_INIT;
	struct vec grant = VEC_INIT, grant_option = VEC_INIT;
	const struct sd_object *obj = n ? n : o;
	struct grant_change *gc;
	struct diff_item *it;
	size_t i = 0, j = 0;

	while (i < nold || j < nnew) {
		int c = i == nold ? 1 : j == nnew ? -1
			: sd_grant_cmp(olds[i], news[j]);
		if (c < 0) {
			vec_push(&revoke, (void *)olds[i++]);
		} else if (c > 0) {
			vec_push(news[j]->grant_option ? &grant_option : &grant,
				 (void *)news[j]);
			j++;
		} else {
			if (olds[i]->grant_option && !news[j]->grant_option)
				vec_push(&revoke_option, (void *)olds[i]);
			else if (!olds[i]->grant_option &&
				 news[j]->grant_option)
				vec_push(&grant_option, (void *)news[j]);
			i++;
			j++;
		}
	}
	if (!revoke.len && !revoke_option.len && !grant.len &&
	    !grant_option.len)
		goto out;
	gc = arena_alloc(&ctx->cs->arena, sizeof(*gc));
	memset(gc, 0, sizeof(*gc));
	gc->grantee = grantee;
	gc->revoke = to_array(ctx, &revoke, &gc->nrevoke);
	gc->revoke_option = to_array(ctx, &revoke_option,
				     &gc->nrevoke_option);
	gc->grant = to_array(ctx, &grant, &gc->ngrant);
	gc->grant_option = to_array(ctx, &grant_option, &gc->ngrant_option);
	it = diff_add(ctx, CH_DEFAULT_PRIVILEGES, PHASE_CREATE,
		      RANK_DEFAULT_ACL, o, n);
	it->ch.grant = gc;
	it->sub = grantee ? grantee : "";
	diff_key_schema(ctx, it, ROLE_NEED, obj->schema);
out:
	vec_release(&revoke);
	vec_release(&revoke_option);
	vec_release(&grant);
	vec_release(&grant_option);
}

void diff_default_acl(struct diff_ctx *ctx, const struct sd_object *old_obj,
		      const struct sd_object *new_obj)
{
	const struct sd_default_acl *o = (const void *)old_obj;
	const struct sd_default_acl *n = (const void *)new_obj;
	const struct sd_default_acl *like = n ? n : o;
	struct vec olds = VEC_INIT, news = VEC_INIT;

	/* DROP SCHEMA takes the schema's default privileges along */
	if (!n && o->base.schema &&
	    catalog_find(ctx->from, SD_SCHEMA, NULL, o->base.schema) &&
	    !catalog_find(ctx->to, SD_SCHEMA, NULL, o->base.schema))
		return;
	effective(o, like, &olds);
	effective(n, like, &news);
	diff_grants_by_grantee(ctx, old_obj, new_obj, &olds, &news,
			       one_grantee);
	vec_release(&olds);
	vec_release(&news);
}
