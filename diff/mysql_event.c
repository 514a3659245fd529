/*
 * diff/mysql_event.c: MySQL events. An event that differs is changed in
 * place by one ALTER EVENT that restates all of it (schedule, completion,
 * status, comment, body), as mysqldef does; it keeps its creation time
 * and privileges. Events are created after every other kind, since their
 * bodies may name any of them (the server does not check a body when it
 * stores it, so this is only the readable order), and dropped first.
 *
 * Memory: changes and keys live in the change set's arena.
 */
#include "diff/mysql_internal.h"

#include "util/banned.h"

void diff_mysql_event(struct diff_ctx *ctx, const struct sd_object *old_obj,
		      const struct sd_object *new_obj)
{
	const struct sd_event *o = (const struct sd_event *)old_obj;
	const struct sd_event *n = (const struct sd_event *)new_obj;
	struct diff_item *it;

	if (o && n) {
		if (sd_mysql_body_same(o->definition, n->definition) &&
		    sd_mysql_sql_mode_same(o->sql_mode, n->sql_mode) &&
		    sd_mysql_session_same(o->definition, o->cs_client,
				  o->coll_connection, n->definition,
				  n->cs_client, n->coll_connection))
			return;
		it = diff_add(ctx, CH_ALTER_EVENT, PHASE_CREATE, RANK_EVENT,
			      old_obj, new_obj);
		diff_key(ctx, it, ROLE_MOD, new_obj->key);
	} else if (o) {
		it = diff_add(ctx, CH_DROP_EVENT, PHASE_DROP, RANK_DROP_EVENT,
			      old_obj, NULL);
		diff_key(ctx, it, ROLE_GONE, old_obj->key);
	} else {
		it = diff_add(ctx, CH_CREATE_EVENT, PHASE_CREATE, RANK_EVENT,
			      NULL, new_obj);
		diff_key(ctx, it, ROLE_PROV, new_obj->key);
	}
}
