/*
 * diff/diff_domain.c: a domain present on both sides. A new base type or
 * collation means the domain is dropped and created again (destructive:
 * there is no ALTER for them); a default or NOT NULL becomes ALTER DOMAIN
 * SET / DROP; CHECK constraints are matched by name: added, dropped,
 * dropped and added again when their expression changes, validated when
 * only NOT VALID goes.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include <string.h>

#include "util/banned.h"

static void alter_domain(struct diff_ctx *ctx, const struct sd_object *o,
			 const struct sd_object *n, unsigned detail)
{
	struct diff_item *it = diff_add(ctx, CH_ALTER_DOMAIN, PHASE_CREATE,
					RANK_TYPE, o, n);

	it->ch.detail = detail;
	it->subpos = -1;
	it->typerank = (int)detail;
	diff_key(ctx, it, ROLE_MOD, n->key);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, n, false, o);
}

static void add_check(struct diff_ctx *ctx, const struct sd_object *o,
		      const struct sd_object *n, const struct sd_constraint *c,
		      long pos)
{
	struct diff_item *it = diff_add(ctx, CH_ADD_DOMAIN_CONSTRAINT,
					PHASE_CREATE, RANK_TYPE, o, n);

	it->ch.new_con = c;
	it->subpos = pos;
	it->sub = c->name;
	/* on a new domain: after its CREATE (a modifier would be a cycle
	 * with the other checks added to it) */
	diff_key(ctx, it, o ? ROLE_MOD : ROLE_NEED, n->key);
	diff_key_constraint(ctx, it, ROLE_PROV, n->key, c->name);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, n, false, o);
}

static void drop_check(struct diff_ctx *ctx, const struct sd_object *o,
		       const struct sd_object *n, const struct sd_constraint *c)
{
	struct diff_item *it = diff_add(ctx, CH_DROP_DOMAIN_CONSTRAINT,
					PHASE_DROP, RANK_DROP_CONSTRAINT, o, n);

	it->ch.old_con = c;
	it->sub = c->name;
	diff_key_constraint(ctx, it, ROLE_GONE, o->key, c->name);
}

static void validate_check(struct diff_ctx *ctx, const struct sd_object *o,
			   const struct sd_object *n,
			   const struct sd_constraint *c, long pos)
{
	struct diff_item *it = diff_add(ctx, CH_VALIDATE_DOMAIN_CONSTRAINT,
					PHASE_CREATE, RANK_TYPE, o, n);

	it->ch.new_con = c;
	it->subpos = pos;
	it->sub = c->name;
	diff_key(ctx, it, ROLE_MOD, n->key);
}

void diff_domain_created(struct diff_ctx *ctx, const struct sd_object *n)
{
	const struct sd_type *t = (const struct sd_type *)n;

	for (size_t i = 0; i < t->nchecks; i++)
		if (t->checks[i].not_valid)
			add_check(ctx, NULL, n, &t->checks[i], (long)i);
}

void diff_domain(struct diff_ctx *ctx, const struct sd_object *old_obj,
		 const struct sd_object *new_obj)
{
	const struct sd_type *o = (const struct sd_type *)old_obj;
	const struct sd_type *n = (const struct sd_type *)new_obj;

	if (!diff_streq(o->base_type, n->base_type) ||
	    !diff_streq(o->collation, n->collation)) {
		diff_type_remake(ctx, old_obj, new_obj);
		return;
	}
	if (!diff_streq(o->default_expr, n->default_expr))
		alter_domain(ctx, old_obj, new_obj, CHANGE_DOMAIN_DEFAULT);
	if (o->not_null != n->not_null ||
	    (n->not_null && !diff_streq(o->not_null_name, n->not_null_name)))
		alter_domain(ctx, old_obj, new_obj, CHANGE_DOMAIN_NOT_NULL);
	for (size_t i = 0; i < o->nchecks; i++) {
		const struct sd_constraint *oc = &o->checks[i];
		const struct sd_constraint *nc = type_find_check(n, oc->name);

		if (!nc || !diff_streq(oc->expr, nc->expr) ||
		    (!oc->not_valid && nc->not_valid))
			drop_check(ctx, old_obj, new_obj, oc);
	}
	for (size_t i = 0; i < n->nchecks; i++) {
		const struct sd_constraint *nc = &n->checks[i];
		const struct sd_constraint *oc = type_find_check(o, nc->name);

		if (!oc || !diff_streq(oc->expr, nc->expr) ||
		    (!oc->not_valid && nc->not_valid))
			add_check(ctx, old_obj, new_obj, nc, (long)i);
		else if (oc->not_valid && !nc->not_valid)
			validate_check(ctx, old_obj, new_obj, nc, (long)i);
	}
	diff_comment_object(ctx, old_obj, new_obj, false);
}
