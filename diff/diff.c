/*
 * diff/diff.c: the driver of the diff. Walks both catalogs in sorted order,
 * calls the kind's diff function (one row per kind in diff_kinds[]) for
 * every object created, dropped or present in both, runs the post-passes
 * that spread a change to its dependents, then orders (diff/order.c).
 * MySQL catalogs walk the same way with their own rows (diff_mysql_kinds[])
 * and passes (diff/mysql_diff.c).
 *
 * Memory: the change set owns an arena that holds the changes and every
 * key; it points into both catalogs. changeset_free() releases it.
 */
#include "diff/diff_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

/* A kind PostgreSQL catalogs never hold (MySQL events). */
static void diff_none(struct diff_ctx *ctx, const struct sd_object *old_obj,
		      const struct sd_object *new_obj)
{
	(void)ctx;
	(void)old_obj;
	(void)new_obj;
}

static const diff_kind_fn diff_kinds[SD_KIND__COUNT] = {
	[SD_SCHEMA] = diff_schema,
	[SD_EXTENSION] = diff_extension,
	[SD_COLLATION] = diff_collation,
	[SD_TYPE] = diff_type,
	[SD_SEQUENCE] = diff_sequence,
	[SD_TABLE] = diff_table,
	[SD_INDEX] = diff_index,
	[SD_VIEW] = diff_view,
	[SD_MATVIEW] = diff_matview,
	[SD_FUNCTION] = diff_function,
	[SD_TRIGGER] = diff_trigger,
	[SD_POLICY] = diff_policy,
	[SD_DEFAULT_ACL] = diff_default_acl,
	[SD_OPAQUE] = diff_opaque,
	[SD_EVENT] = diff_none,
};

bool diff_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

void diff_mark(struct strmap *set, const char *key)
{
	strmap_put(set, key, (void *)1);
}

bool diff_marked(const struct strmap *set, const char *key)
{
	return strmap_get(set, key) != NULL;
}

static void column_key(struct strbuf *sb, const char *table_key,
		       const char *column)
{
	strbuf_addstr(sb, "column:");
	strbuf_addstr(sb, table_key);
	strbuf_addch(sb, '.');
	sql_quote_ident(sb, SQL_POSTGRES, column);
}

void diff_mark_column(struct diff_ctx *ctx, const char *table_key,
		      const char *column)
{
	struct strbuf sb = STRBUF_INIT;

	column_key(&sb, table_key, column);
	diff_mark(&ctx->cols_remade, sb.buf);
	strbuf_release(&sb);
	if (!diff_marked(&ctx->remade, table_key))
		diff_mark(&ctx->col_only, table_key);
	diff_mark(&ctx->remade, table_key);
}

static const struct sd_colreads *view_reads(const struct sd_object *v)
{
	if (v->kind == SD_VIEW)
		return &((const struct sd_view *)v)->reads;
	if (v->kind == SD_MATVIEW)
		return &((const struct sd_matview *)v)->reads;
	return NULL;
}

bool diff_column_remade(const struct diff_ctx *ctx, const char *table_key,
			const struct sd_colreads *reads)
{
	bool hit = false;

	if (!diff_marked(&ctx->remade, table_key))
		return false;
	if (!diff_marked(&ctx->col_only, table_key) || !reads ||
	    !reads->known || reads->all)
		return true;
	for (size_t k = 0; k < reads->nnames && !hit; k++) {
		struct strbuf sb = STRBUF_INIT;

		column_key(&sb, table_key, reads->names[k]);
		hit = diff_marked(&ctx->cols_remade, sb.buf);
		strbuf_release(&sb);
	}
	return hit;
}

bool diff_view_reads_remade(const struct diff_ctx *ctx,
			    const struct sd_object *view)
{
	const struct sd_colreads *r = view_reads(view);

	for (size_t i = 0; i < view->ndeps; i++) {
		const char *dep = view->deps[i];
		bool hit = false;

		if (!diff_marked(&ctx->remade, dep))
			continue;
		if (!diff_marked(&ctx->col_only, dep) || !r || !r->known ||
		    r->all)
			return true;
		for (size_t k = 0; k < r->nnames && !hit; k++) {
			struct strbuf sb = STRBUF_INIT;

			column_key(&sb, dep, r->names[k]);
			hit = diff_marked(&ctx->cols_remade, sb.buf);
			strbuf_release(&sb);
		}
		if (hit)
			return true;
	}
	return false;
}

struct diff_item *diff_add(struct diff_ctx *ctx, enum change_type type,
			   int phase, int rank,
			   const struct sd_object *old_obj,
			   const struct sd_object *new_obj)
{
	struct diff_item *it = arena_alloc(&ctx->cs->arena, sizeof(*it));
	const struct sd_object *o = new_obj ? new_obj : old_obj;

	it->ch.type = type;
	it->ch.old_obj = old_obj;
	it->ch.new_obj = new_obj;
	it->phase = phase;
	it->rank = rank;
	it->schema = o ? o->schema : NULL;
	it->name = o ? o->name : "";
	it->sub = "";
	it->seq = ctx->items.len;
	vec_push(&ctx->items, it);
	return it;
}

void diff_key(struct diff_ctx *ctx, struct diff_item *it, enum diff_role role,
	      const char *key)
{
	struct diff_keyref *r;

	if (ctx->nrefs == ctx->refs_alloc) {
		size_t n = ctx->refs_alloc ? ctx->refs_alloc * 2 : 256;
		ctx->refs = arena_grow(&ctx->cs->arena, ctx->refs, ctx->nrefs,
				       n, sizeof(*ctx->refs));
		ctx->refs_alloc = n;
	}
	r = &ctx->refs[ctx->nrefs++];
	r->key = arena_strdup(&ctx->cs->arena, key);
	r->role = role;
	r->item = it->seq;
}

void diff_key_schema(struct diff_ctx *ctx, struct diff_item *it,
		     enum diff_role role, const char *schema)
{
	struct strbuf sb = STRBUF_INIT;

	if (!schema)
		return;
	sd_key_format(&sb, SD_SCHEMA, NULL, schema);
	diff_key(ctx, it, role, sb.buf);
	strbuf_release(&sb);
}

static void key_part(struct diff_ctx *ctx, struct diff_item *it,
		     enum diff_role role, const char *prefix,
		     const char *table_key, const char *part)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, prefix);
	strbuf_addstr(&sb, table_key);
	strbuf_addch(&sb, '.');
	sql_quote_ident(&sb, SQL_POSTGRES, part);
	diff_key(ctx, it, role, sb.buf);
	strbuf_release(&sb);
}

void diff_key_column(struct diff_ctx *ctx, struct diff_item *it,
		     enum diff_role role, const char *table_key,
		     const char *column)
{
	key_part(ctx, it, role, "column:", table_key, column);
}

void diff_key_constraint(struct diff_ctx *ctx, struct diff_item *it,
			 enum diff_role role, const char *table_key,
			 const char *name)
{
	key_part(ctx, it, role, "constraint:", table_key, name);
}

void diff_key_unique(struct diff_ctx *ctx, struct diff_item *it,
		     enum diff_role role, const char *schema,
		     const char *table)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "unique:");
	sd_key_format(&sb, SD_TABLE, schema, table);
	diff_key(ctx, it, role, sb.buf);
	strbuf_release(&sb);
}

static bool has_dep(const struct sd_object *obj, const char *key)
{
	for (size_t i = 0; i < obj->ndeps; i++)
		if (!strcmp(obj->deps[i], key))
			return true;
	return false;
}

void diff_key_deps(struct diff_ctx *ctx, struct diff_item *it,
		   enum diff_role role, const struct catalog *cat,
		   const struct sd_object *obj, bool no_relations,
		   const struct sd_object *except)
{
	for (size_t i = 0; i < obj->ndeps; i++) {
		const char *dep = obj->deps[i];
		if (except && has_dep(except, dep))
			continue;
		if (no_relations) {
			const struct sd_object *d = catalog_lookup(cat, dep);
			if (d && (d->kind == SD_TABLE || d->kind == SD_VIEW ||
				  d->kind == SD_INDEX))
				continue;
		}
		diff_key(ctx, it, role, dep);
	}
}

/* Compare every object: drops and changes from `from`'s side, creates from
 * `to`'s side, both in sorted order. An object whose key now names another
 * kind (a table that became a view) is dropped and created. */
static void diff_objects(struct diff_ctx *ctx)
{
	struct vec olds = VEC_INIT, news = VEC_INIT;
	const diff_kind_fn *kinds = ctx->my ? diff_mysql_kinds : diff_kinds;

	bool types_done = false;

	catalog_list(ctx->from, -1, &olds);
	catalog_list(ctx->to, -1, &news);
	/* objects carried as SQL text that are made again, before the
	 * indexes that use them are compared */
	diff_opaque_premark(ctx);
	for (size_t i = 0; i < olds.len; i++) {
		const struct sd_object *o = olds.items[i];
		const struct sd_object *n = catalog_lookup(ctx->to, o->key);

		/* the kinds after types see which types are made again */
		if (!types_done && o->kind > SD_TYPE) {
			diff_types_cascade(ctx);
			types_done = true;
		}

		if (n && n->kind != o->kind)
			n = NULL;
		kinds[o->kind](ctx, o, n);
	}
	if (!types_done)
		diff_types_cascade(ctx);
	for (size_t i = 0; i < news.len; i++) {
		const struct sd_object *n = news.items[i];
		const struct sd_object *o = catalog_lookup(ctx->from, n->key);

		if (!o || o->kind != n->kind)
			kinds[n->kind](ctx, NULL, n);
	}
	vec_release(&olds);
	vec_release(&news);
}

int diff_catalogs(const struct catalog *from, const struct catalog *to,
		  struct changeset **out, struct sd_error *err)
{
	struct changeset *cs = calloc(1, sizeof(*cs));
	struct diff_ctx ctx;
	int ret;

	if (!cs)
		abort();
	arena_init(&cs->arena);
	cs->from = from;
	cs->to = to;

	memset(&ctx, 0, sizeof(ctx));
	ctx.cs = cs;
	ctx.from = from;
	ctx.to = to;
	ctx.pg_version = from->pg_version > to->pg_version ? from->pg_version
							   : to->pg_version;
	cs->pg_version = ctx.pg_version;
	strmap_init(&ctx.remade);
	strmap_init(&ctx.col_only);
	strmap_init(&ctx.cols_remade);
	strmap_init(&ctx.uniq_dropped);
	strmap_init(&ctx.readded);

	if (to->dialect == SQL_MYSQL) {
		/* MySQL has no schemas, types, grants or bound views: its
		 * own passes (diff/mysql_diff.c) */
		diff_mysql_prepare(&ctx);
		diff_objects(&ctx);
		diff_mysql_finish(&ctx);
	} else {
		diff_objects(&ctx);
		diff_table_refresh_fkeys(&ctx);
		diff_tables_cascade(&ctx);
		diff_view_cascade(&ctx);
		diff_triggers_on_remade(&ctx);
		diff_opaque_on_remade(&ctx);
		diff_matview_indexes(&ctx);
		diff_partition_indexes(&ctx);
		diff_table_states(&ctx);
		diff_grants(&ctx);
	}

	ret = diff_order(&ctx, err);
	if (ret < 0) {
		changeset_free(cs);
		cs = NULL;
	}
	*out = cs;

	if (ctx.my)
		diff_mysql_release(&ctx);
	strmap_release(&ctx.uniq_dropped);
	strmap_release(&ctx.readded);
	strmap_release(&ctx.remade);
	strmap_release(&ctx.col_only);
	strmap_release(&ctx.cols_remade);
	vec_release(&ctx.items);
	vec_release(&ctx.heirs);
	return ret;
}

void changeset_free(struct changeset *cs)
{
	if (!cs)
		return;
	arena_release(&cs->arena);
	free(cs);
}
