/*
 * diff/diff_function.c: functions, procedures and triggers.
 *
 * A function whose definition differs is replaced in place (CREATE OR
 * REPLACE) when PostgreSQL allows it: same kind (function or procedure),
 * same result type and same argument list (names, modes, defaults);
 * otherwise it is dropped and created, and so is every trigger that calls
 * it (the key is marked remade, so that views calling it are re-created
 * too). So is a function whose SQL-standard body (RETURN, BEGIN ATOMIC)
 * reads a table whose column types change, or a relation made again: the
 * server binds such a body to the columns. A trigger whose definition
 * differs is dropped and created.
 *
 * Memory: changes live in the change set's arena.
 */
#include "diff/diff_internal.h"

#include <string.h>

#include "util/banned.h"

static void function_create(struct diff_ctx *ctx, const struct sd_object *n)
{
	struct diff_item *it = diff_add(ctx, CH_CREATE_FUNCTION, PHASE_CREATE,
					RANK_FUNCTION, NULL, n);

	diff_key(ctx, it, ROLE_PROV, n->key);
	diff_key_schema(ctx, it, ROLE_NEED, n->schema);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, n, false, NULL);
	diff_comment_object(ctx, NULL, n, true);
}

static void function_drop(struct diff_ctx *ctx, const struct sd_object *o)
{
	struct diff_item *it = diff_add(ctx, CH_DROP_FUNCTION, PHASE_DROP,
					RANK_DROP_FUNCTION, o, NULL);

	diff_key(ctx, it, ROLE_GONE, o->key);
	diff_key_schema(ctx, it, ROLE_RELEASE, o->schema);
	diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, o, false, NULL);
	diff_mark(&ctx->remade, o->key);
}

/* Can CREATE OR REPLACE turn a into b? */
static bool replaceable(const struct sd_function *a,
			const struct sd_function *b)
{
	return a->is_procedure == b->is_procedure &&
	       diff_streq(a->result, b->result) &&
	       diff_streq(a->args, b->args);
}

/* Does a SQL-standard body (the only kind with relations among its
 * dependencies) read a relation made again or whose column types
 * change? The server refuses both while the function exists. */
bool diff_function_reads_remade(const struct diff_ctx *ctx,
				const struct sd_object *o)
{
	/* only the columns it reads count where they are known (as for
	 * views: diff_view_reads_remade()) */
	const struct sd_colreads *r =
		o->kind == SD_FUNCTION
			? &((const struct sd_function *)o)->reads
		: o->kind == SD_OPAQUE	/* rules */
			? &((const struct sd_opaque *)o)->reads
			: NULL;

	for (size_t i = 0; i < o->ndeps; i++)
		if (!strncmp(o->deps[i], "rel:", 4) &&
		    diff_column_remade(ctx, o->deps[i], r))
			return true;
	return false;
}

void diff_function(struct diff_ctx *ctx, const struct sd_object *old_obj,
		   const struct sd_object *new_obj)
{
	const struct sd_function *o = (const struct sd_function *)old_obj;
	const struct sd_function *n = (const struct sd_function *)new_obj;
	struct diff_item *it;

	if (!old_obj) {
		function_create(ctx, new_obj);
		return;
	}
	if (!new_obj) {
		function_drop(ctx, old_obj);
		return;
	}
	if (diff_needs_remade(ctx, old_obj) ||
	    diff_function_reads_remade(ctx, old_obj)) {
		/* it uses a type made again: its signature changes meaning;
		 * or its body is bound to columns that change */
		function_drop(ctx, old_obj);
		function_create(ctx, new_obj);
		return;
	}
	if (diff_streq(o->definition, n->definition)) {
		diff_comment_object(ctx, old_obj, new_obj, false);
		return;
	}
	if (!replaceable(o, n)) {
		function_drop(ctx, old_obj);
		function_create(ctx, new_obj);
		return;
	}
	it = diff_add(ctx, CH_REPLACE_FUNCTION, PHASE_CREATE, RANK_FUNCTION,
		      old_obj, new_obj);
	diff_key(ctx, it, ROLE_MOD, new_obj->key);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, new_obj, false, old_obj);
	diff_comment_object(ctx, old_obj, new_obj, false);
}

void diff_function_remake(struct diff_ctx *ctx, const struct sd_object *o,
			  const struct sd_object *n)
{
	for (size_t i = 0; i < ctx->items.len; i++) {
		struct diff_item *it = ctx->items.items[i];

		if (it->ch.type != CH_REPLACE_FUNCTION || it->ch.old_obj != o)
			continue;
		/* the CREATE OR REPLACE planned for it becomes the create
		 * that follows the drop */
		it->ch.type = CH_CREATE_FUNCTION;
		for (size_t r = 0; r < ctx->nrefs; r++)
			if (ctx->refs[r].item == it->seq &&
			    ctx->refs[r].role == ROLE_MOD)
				ctx->refs[r].role = ROLE_PROV;
		function_drop(ctx, o);
		if (diff_streq(o->comment, n->comment))
			diff_comment_object(ctx, NULL, n, true);
		return;
	}
	function_drop(ctx, o);
	function_create(ctx, n);
}

static void trigger_create(struct diff_ctx *ctx, const struct sd_object *n)
{
	struct diff_item *it = diff_add(ctx, CH_CREATE_TRIGGER, PHASE_CREATE,
					RANK_TRIGGER, NULL, n);

	diff_key(ctx, it, ROLE_PROV, n->key);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, n, false, NULL);
	diff_comment_object(ctx, NULL, n, true);
}

static void trigger_drop(struct diff_ctx *ctx, const struct sd_object *o)
{
	struct diff_item *it = diff_add(ctx, CH_DROP_TRIGGER, PHASE_DROP,
					RANK_DROP_TRIGGER, o, NULL);

	diff_key(ctx, it, ROLE_GONE, o->key);
	diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, o, false, NULL);
	diff_mark(&ctx->remade, o->key);
}

void diff_triggers_on_remade(struct diff_ctx *ctx)
{
	struct vec olds = VEC_INIT;
	struct strbuf key = STRBUF_INIT;

	catalog_list(ctx->from, SD_TRIGGER, &olds);
	for (size_t i = 0; i < olds.len; i++) {
		const struct sd_trigger *o = olds.items[i];
		const struct sd_object *n = catalog_lookup(ctx->to,
							   o->base.key);

		if (!n || n->kind != SD_TRIGGER ||
		    diff_marked(&ctx->remade, o->base.key))
			continue;
		strbuf_reset(&key);
		sd_key_format(&key, SD_TABLE, o->base.schema, o->table);
		if (!diff_marked(&ctx->remade, key.buf))
			continue;
		/* its view went with DROP VIEW: made again after it */
		trigger_drop(ctx, &o->base);
		trigger_create(ctx, n);
	}
	strbuf_release(&key);
	vec_release(&olds);
}

/* Is a function the trigger calls dropped and created again? (Functions
 * sort before triggers, so they have been compared already.) */
static bool calls_remade(const struct diff_ctx *ctx, const struct sd_object *o)
{
	for (size_t i = 0; i < o->ndeps; i++)
		if (!strncmp(o->deps[i], "function:", 9) &&
		    diff_marked(&ctx->remade, o->deps[i]))
			return true;
	return false;
}

/* Is the trigger's table made again (dropped and created: its triggers
 * go with it), or do its column types change (a trigger whose UPDATE OF
 * or WHEN names the column holds the change back)? Tables sort before
 * triggers. */
static bool on_remade_table(const struct diff_ctx *ctx,
			    const struct sd_trigger *o)
{
	struct strbuf key = STRBUF_INIT;
	bool remade;

	sd_key_format(&key, SD_TABLE, o->base.schema, o->table);
	remade = diff_marked(&ctx->remade, key.buf);
	strbuf_release(&key);
	return remade;
}

void diff_trigger(struct diff_ctx *ctx, const struct sd_object *old_obj,
		  const struct sd_object *new_obj)
{
	const struct sd_trigger *o = (const struct sd_trigger *)old_obj;
	const struct sd_trigger *n = (const struct sd_trigger *)new_obj;

	if (!old_obj) {
		trigger_create(ctx, new_obj);
	} else if (!new_obj) {
		trigger_drop(ctx, old_obj);
	} else if (!diff_streq(o->definition, n->definition) ||
		   calls_remade(ctx, old_obj) ||
		   diff_marked(&ctx->remade, old_obj->key) ||
		   on_remade_table(ctx, o)) {
		trigger_drop(ctx, old_obj);
		trigger_create(ctx, new_obj);
	} else {
		diff_comment_object(ctx, old_obj, new_obj, false);
	}
}
