/*
 * diff/diff_opaque.c: objects of the kinds carried as SQL text (struct
 * sd_opaque: aggregates, operators, rules, statistics, publications ...).
 * Created from their definition, dropped with DROP <objtype>, and, when
 * their canonical text differs or something they use is made again,
 * dropped and created again. The kinds relations may use (operators,
 * text search configurations, foreign tables ...) are created after
 * functions and before relations and dropped after them; the others
 * (rules, statistics, publications, event triggers) are created after
 * everything and dropped first. Dependencies read from the definitions
 * (catalog_opaque_deps()) order the rest.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include "util/banned.h"

static bool early(const struct sd_object *obj)
{
	return sd_opaque_kinds[((const struct sd_opaque *)obj)->kind].early;
}

static void opaque_create(struct diff_ctx *ctx, const struct sd_object *n)
{
	struct diff_item *it = diff_add(ctx, CH_CREATE_OPAQUE, PHASE_CREATE,
					early(n) ? RANK_OPAQUE_EARLY
						 : RANK_OPAQUE_LATE,
					NULL, n);

	diff_key(ctx, it, ROLE_PROV, n->key);
	diff_key_schema(ctx, it, ROLE_NEED, n->schema);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, n, false, NULL);
}

static void opaque_drop(struct diff_ctx *ctx, const struct sd_object *o)
{
	struct diff_item *it = diff_add(ctx, CH_DROP_OPAQUE, PHASE_DROP,
					early(o) ? RANK_DROP_OPAQUE_EARLY
						 : RANK_DROP_OPAQUE_LATE,
					o, NULL);

	diff_key(ctx, it, ROLE_GONE, o->key);
	diff_key_schema(ctx, it, ROLE_RELEASE, o->schema);
	diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, o, false, NULL);
	diff_mark(&ctx->remade, o->key);
}

void diff_opaque_premark(struct diff_ctx *ctx)
{
	struct vec olds = VEC_INIT;

	catalog_list(ctx->from, SD_OPAQUE, &olds);
	for (size_t i = 0; i < olds.len; i++) {
		const struct sd_opaque *o = olds.items[i];
		const struct sd_opaque *n = (const struct sd_opaque *)
			catalog_lookup(ctx->to, o->base.key);

		if (n && n->base.kind == SD_OPAQUE &&
		    !diff_streq(o->canon, n->canon))
			diff_mark(&ctx->remade, o->base.key);
	}
	vec_release(&olds);
}

void diff_opaque_on_remade(struct diff_ctx *ctx)
{
	struct vec olds = VEC_INIT;

	catalog_list(ctx->from, SD_OPAQUE, &olds);
	for (size_t i = 0; i < olds.len; i++) {
		const struct sd_object *o = olds.items[i];
		const struct sd_object *n = catalog_lookup(ctx->to, o->key);
		bool on_view = false;

		if (!n || n->kind != SD_OPAQUE ||
		    diff_marked(&ctx->remade, o->key))
			continue;
		for (size_t d = 0; d < o->ndeps && !on_view; d++) {
			const struct sd_object *r =
				catalog_lookup(ctx->from, o->deps[d]);
			on_view = r && (r->kind == SD_VIEW ||
					r->kind == SD_MATVIEW) &&
				  diff_marked(&ctx->remade, r->key);
		}
		if (!on_view)
			continue;
		opaque_drop(ctx, o);
		opaque_create(ctx, n);
	}
	vec_release(&olds);
}

void diff_opaque(struct diff_ctx *ctx, const struct sd_object *old_obj,
		 const struct sd_object *new_obj)
{
	const struct sd_opaque *o = (const struct sd_opaque *)old_obj;
	const struct sd_opaque *n = (const struct sd_opaque *)new_obj;

	if (!old_obj) {
		opaque_create(ctx, new_obj);
		return;
	}
	if (!new_obj) {
		opaque_drop(ctx, old_obj);
		return;
	}
	if (diff_streq(o->canon, n->canon) &&
	    !diff_needs_remade(ctx, old_obj) &&
	    !diff_function_reads_remade(ctx, old_obj))
		return;
	opaque_drop(ctx, old_obj);
	opaque_create(ctx, new_obj);
}
