/*
 * diff/mysql_view.c: MySQL views, triggers and routines.
 *
 * MySQL binds a view to the names it reads only when it runs, so a view is
 * never dropped for its tables' sake: a changed view is one CREATE OR
 * REPLACE, after the views and tables it reads (obj->deps), and nothing
 * needs to happen to the views over it. A trigger that differs is dropped
 * and created; a routine that differs is dropped and created again in one
 * change (DROP ... IF EXISTS, then its definition), or as two when it turns
 * from a function into a procedure or back.
 *
 * Memory: changes and keys live in the change set's arena.
 */
#include "diff/mysql_internal.h"

#include <string.h>

#include "util/banned.h"

bool diff_mysql_view_same(const struct sd_view *a, const struct sd_view *b)
{
	if (!diff_streq(a->query, b->query) ||
	    a->check_option != b->check_option ||
	    a->ncolumns != b->ncolumns || a->noptions != b->noptions)
		return false;
	for (size_t i = 0; i < a->ncolumns; i++)
		if (!diff_streq(a->columns[i], b->columns[i]))
			return false;
	for (size_t i = 0; i < a->noptions; i++)
		if (!diff_streq(a->options[i], b->options[i]))
			return false;
	return true;
}

void diff_mysql_view(struct diff_ctx *ctx, const struct sd_object *old_obj,
		     const struct sd_object *new_obj)
{
	struct diff_item *it;

	if (!new_obj) {
		it = diff_add(ctx, CH_DROP_VIEW, PHASE_DROP, RANK_DROP_VIEW,
			      old_obj, NULL);
		diff_key(ctx, it, ROLE_GONE, old_obj->key);
		diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, old_obj, false,
			      NULL);
		return;
	}
	if (!old_obj) {
		it = diff_add(ctx, CH_CREATE_VIEW, PHASE_CREATE, RANK_VIEW,
			      NULL, new_obj);
		diff_key(ctx, it, ROLE_PROV, new_obj->key);
	} else if (!diff_mysql_view_same((const struct sd_view *)old_obj,
					 (const struct sd_view *)new_obj)) {
		it = diff_add(ctx, CH_REPLACE_VIEW, PHASE_CREATE, RANK_VIEW,
			      old_obj, new_obj);
		diff_key(ctx, it, ROLE_MOD, new_obj->key);
	} else {
		return;
	}
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, new_obj, false, NULL);
}

static void trigger_table_key(struct diff_ctx *ctx, struct diff_item *it,
			      enum diff_role role,
			      const struct sd_trigger *tg)
{
	struct strbuf key = STRBUF_INIT;

	sd_key_format(&key, SD_TABLE, tg->base.schema, tg->table);
	diff_key(ctx, it, role, key.buf);
	strbuf_release(&key);
}

static void trigger_create(struct diff_ctx *ctx, const struct sd_object *n)
{
	struct diff_item *it = diff_add(ctx, CH_CREATE_TRIGGER, PHASE_CREATE,
					RANK_TRIGGER, NULL, n);

	diff_key(ctx, it, ROLE_PROV, n->key);
	trigger_table_key(ctx, it, ROLE_NEED, (const struct sd_trigger *)n);
	diff_key_deps(ctx, it, ROLE_NEED, ctx->to, n, false, NULL);
}

static void trigger_drop(struct diff_ctx *ctx, const struct sd_object *o)
{
	const struct sd_trigger *tg = (const struct sd_trigger *)o;
	struct diff_item *it;

	if (!catalog_find(ctx->to, SD_TABLE, o->schema, tg->table))
		return;	/* dropped with its table */
	it = diff_add(ctx, CH_DROP_TRIGGER, PHASE_DROP, RANK_DROP_TRIGGER, o,
		      NULL);
	diff_key(ctx, it, ROLE_GONE, o->key);
	trigger_table_key(ctx, it, ROLE_RELEASE, tg);
}

void diff_mysql_trigger(struct diff_ctx *ctx, const struct sd_object *old_obj,
			const struct sd_object *new_obj)
{
	const struct sd_trigger *o = (const struct sd_trigger *)old_obj;
	const struct sd_trigger *n = (const struct sd_trigger *)new_obj;

	if (o && n && sd_mysql_body_same(o->definition, n->definition) &&
	    sd_mysql_sql_mode_same(o->sql_mode, n->sql_mode) &&
	    sd_mysql_session_same(o->definition, o->cs_client,
				  o->coll_connection, n->definition,
				  n->cs_client, n->coll_connection) &&
	    diff_streq(o->table, n->table) &&
	    catalog_find(ctx->from, SD_TABLE, o->base.schema, o->table))
		return;
	if (o)
		trigger_drop(ctx, old_obj);
	if (n)
		trigger_create(ctx, new_obj);
}

void diff_mysql_routine(struct diff_ctx *ctx, const struct sd_object *old_obj,
			const struct sd_object *new_obj)
{
	const struct sd_function *o = (const struct sd_function *)old_obj;
	const struct sd_function *n = (const struct sd_function *)new_obj;
	struct diff_item *it;

	if (o && n && sd_mysql_body_same(o->definition, n->definition) &&
	    sd_mysql_sql_mode_same(o->sql_mode, n->sql_mode) &&
	    sd_mysql_session_same(o->definition, o->cs_client,
				  o->coll_connection, n->definition,
				  n->cs_client, n->coll_connection))
		return;
	if (o && n && o->is_procedure == n->is_procedure) {
		it = diff_add(ctx, CH_REPLACE_FUNCTION, PHASE_CREATE,
			      RANK_FUNCTION, old_obj, new_obj);
		diff_key(ctx, it, ROLE_MOD, new_obj->key);
		diff_key_deps(ctx, it, ROLE_NEED, ctx->to, new_obj, false,
			      NULL);
		return;
	}
	if (o) {
		it = diff_add(ctx, CH_DROP_FUNCTION, PHASE_DROP,
			      RANK_DROP_FUNCTION, old_obj, NULL);
		diff_key(ctx, it, ROLE_GONE, old_obj->key);
		diff_key_deps(ctx, it, ROLE_RELEASE, ctx->from, old_obj,
			      false, NULL);
	}
	if (n) {
		it = diff_add(ctx, CH_CREATE_FUNCTION, PHASE_CREATE,
			      RANK_FUNCTION, NULL, new_obj);
		diff_key(ctx, it, ROLE_PROV, new_obj->key);
		diff_key_deps(ctx, it, ROLE_NEED, ctx->to, new_obj, false,
			      NULL);
	}
}
