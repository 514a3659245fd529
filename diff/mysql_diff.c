/*
 * diff/mysql_diff.c: the MySQL side of the diff driver. One row per kind
 * in diff_mysql_kinds[]; a pass before the walk that lists each table's
 * indexes and decides which foreign keys of new tables CREATE TABLE can
 * carry (pg_dump's recipe: a foreign key to a table that is not created
 * yet, as in a cycle, becomes an ALTER TABLE after both exist); a pass
 * after it for unchanged foreign keys in the way of a change; and the
 * helpers the MySQL diff files share.
 *
 * Memory: struct mysql_diff and its vecs are malloc'd here and freed by
 * diff_mysql_release(); map keys live in the change set's arena.
 */
#include "diff/mysql_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/banned.h"

const diff_kind_fn diff_mysql_kinds[SD_KIND__COUNT] = {
	[SD_SCHEMA] = diff_mysql_none,
	[SD_EXTENSION] = diff_mysql_none,
	[SD_COLLATION] = diff_mysql_none,
	[SD_TYPE] = diff_mysql_none,
	[SD_SEQUENCE] = diff_mysql_none,
	[SD_TABLE] = diff_mysql_table,
	[SD_INDEX] = diff_mysql_index,
	[SD_VIEW] = diff_mysql_view,
	[SD_MATVIEW] = diff_mysql_none,
	[SD_FUNCTION] = diff_mysql_routine,
	[SD_TRIGGER] = diff_mysql_trigger,
	[SD_POLICY] = diff_mysql_none,
	[SD_OPAQUE] = diff_mysql_none,
	[SD_DEFAULT_ACL] = diff_mysql_none,
	[SD_EVENT] = diff_mysql_event,
};

void diff_mysql_none(struct diff_ctx *ctx, const struct sd_object *old_obj,
		     const struct sd_object *new_obj)
{
	(void)ctx;
	(void)old_obj;
	(void)new_obj;
}

static const char *table_key_of(struct diff_ctx *ctx, const char *schema,
				const char *table)
{
	struct strbuf sb = STRBUF_INIT;
	const char *key;

	sd_key_format(&sb, SD_TABLE, schema, table);
	key = arena_strdup(&ctx->cs->arena, sb.buf);
	strbuf_release(&sb);
	return key;
}

static int cmp_serial(const void *pa, const void *pb)
{
	const struct sd_object *a = *(const struct sd_object *const *)pa;
	const struct sd_object *b = *(const struct sd_object *const *)pb;

	return a->serial < b->serial ? -1 : a->serial > b->serial;
}

/* Each table's indexes, in the order they were made (a file's order, as
 * a dump's CREATE TABLE lists them), not by name. */
static void map_indexes(struct diff_ctx *ctx, const struct catalog *cat,
			struct strmap *map)
{
	struct vec all = VEC_INIT;

	catalog_list(cat, SD_INDEX, &all);
	vec_sort(&all, cmp_serial);
	for (size_t i = 0; i < all.len; i++) {
		const struct sd_index *ix = all.items[i];
		const char *key = table_key_of(ctx, ix->base.schema,
					       ix->table);
		struct vec *v = strmap_get(map, key);

		if (!v) {
			v = calloc(1, sizeof(*v));
			if (!v)
				abort();
			vec_push(&ctx->my->owned, v);
			strmap_put(map, key, v);
		}
		vec_push(v, all.items[i]);
	}
	vec_release(&all);
}

const struct vec *mysql_table_indexes(const struct diff_ctx *ctx, bool to_side,
				      const char *table_key)
{
	return strmap_get(to_side ? &ctx->my->to_ix : &ctx->my->from_ix,
			  table_key);
}

const char *mysql_fk_id(struct diff_ctx *ctx, const char *table_key,
			const char *name)
{
	return arena_printf(&ctx->cs->arena, "%s/%s", table_key, name);
}

const char *mysql_key_id(struct diff_ctx *ctx, const char *table_key,
			 const char *name)
{
	return arena_printf(&ctx->cs->arena, "key:%s/%s", table_key, name);
}

struct diff_item *mysql_key_change(struct diff_ctx *ctx, const char *id,
				   enum change_type type, int phase, int rank,
				   const struct sd_object *old_obj,
				   const struct sd_object *new_obj,
				   struct change **chp)
{
	struct diff_item *host = strmap_get(&ctx->my->ai_hosts, id);
	struct diff_item *it;
	struct change *with;

	if (!host) {
		it = diff_add(ctx, type, phase, rank, old_obj, new_obj);
		*chp = &it->ch;
		return it;
	}
	strmap_remove(&ctx->my->ai_hosts, id);
	with = arena_alloc(&ctx->cs->arena, sizeof(*with));
	memset(with, 0, sizeof(*with));
	with->type = type;
	with->old_obj = old_obj;
	with->new_obj = new_obj;
	((struct mysql_change *)host->ch.my)->with = with;
	*chp = with;
	return host;
}

void mysql_key_noauto(struct diff_ctx *ctx, struct diff_item *it,
		      enum diff_role role, const char *table_key)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "noauto:%s", table_key);
	diff_key(ctx, it, role, sb.buf);
	strbuf_release(&sb);
}

enum { VISITING = 1, VISITED = 2 };

static bool table_is_new(const struct diff_ctx *ctx, const char *key)
{
	const struct sd_object *o = catalog_lookup(ctx->from, key);

	return !o || o->kind != SD_TABLE;
}

/* Depth first over the foreign keys of new tables: one to a table still
 * being visited closes a cycle and is added apart. */
static void visit(struct diff_ctx *ctx, struct strmap *state,
		  const struct sd_table *t)
{
	strmap_put(state, t->base.key, (void *)VISITING);
	for (size_t i = 0; i < t->nconstraints; i++) {
		const struct sd_constraint *c = &t->constraints[i];
		const struct sd_table *r;
		long st;

		if (c->type != SD_CON_FOREIGN || c->ref_schema)
			continue;
		r = catalog_find(ctx->to, SD_TABLE, NULL, c->ref_table);
		if (!r || r == t || !table_is_new(ctx, r->base.key))
			continue;
		st = (long)strmap_get(state, r->base.key);
		if (!st) {
			visit(ctx, state, r);
		} else if (st == VISITING) {
			strmap_put(&ctx->my->fk_apart,
				   mysql_fk_id(ctx, t->base.key, c->name),
				   (void *)1);
		}
	}
	strmap_put(state, t->base.key, (void *)VISITED);
}

/* MariaDB 10.11's character_set_server and collation_server, which a
 * database created without its own has. */
#define MY_SERVER_CHARSET "latin1"
#define MY_SERVER_COLLATION "latin1_swedish_ci"

static void database_default(struct mysql_diff *my, const struct catalog *own,
			     const struct catalog *other, int side)
{
	const struct catalog *c = own->mysql_db_charset ? own
				: other->mysql_db_charset ? other : NULL;

	my->db_charset[side] = c ? c->mysql_db_charset : MY_SERVER_CHARSET;
	my->db_collation[side] = c ? c->mysql_db_collation
				   : MY_SERVER_COLLATION;
}

/*
 * The database's default character set and collation, when the `to` side
 * states one that the `from` side states otherwise, or when `from` is
 * empty (a first version: the default is part of what it creates); a side
 * that does not state one otherwise has the other's (database_default()).
 * One ALTER DATABASE, before the creates. Existing tables keep theirs
 * (the server does not convert them): those that state none and now
 * resolve otherwise are converted by their own changes.
 */
static void diff_database(struct diff_ctx *ctx)
{
	const struct catalog *f = ctx->from, *t = ctx->to;
	struct sd_object *db;
	struct diff_item *it;

	if (!t->mysql_db_charset)
		return;
	if (!f->mysql_db_charset && catalog_count(f))
		return;
	if (f->mysql_db_charset &&
	    !strcasecmp(f->mysql_db_charset, t->mysql_db_charset) &&
	    (!t->mysql_db_collation ||
	     (f->mysql_db_collation &&
	      !strcasecmp(f->mysql_db_collation, t->mysql_db_collation))))
		return;
	db = arena_alloc(&ctx->cs->arena, sizeof(*db));
	db->kind = SD_SCHEMA;
	db->name = "";
	db->key = "database:";
	it = diff_add(ctx, CH_ALTER_DATABASE, PHASE_CREATE, RANK_SCHEMA, NULL,
		      db);
	it->ch.db_charset = arena_strdup(&ctx->cs->arena, t->mysql_db_charset);
	it->ch.db_collation = t->mysql_db_collation ?
		arena_strdup(&ctx->cs->arena, t->mysql_db_collation) : NULL;
}

void diff_mysql_prepare(struct diff_ctx *ctx)
{
	struct mysql_diff *my = calloc(1, sizeof(*my));
	struct strmap state = STRMAP_INIT;
	struct vec news = VEC_INIT;

	if (!my)
		abort();
	strmap_init(&my->from_ix);
	strmap_init(&my->to_ix);
	strmap_init(&my->fk_apart);
	strmap_init(&my->ai_hosts);
	ctx->my = my;
	database_default(my, ctx->from, ctx->to, 0);
	database_default(my, ctx->to, ctx->from, 1);
	diff_database(ctx);
	map_indexes(ctx, ctx->from, &my->from_ix);
	map_indexes(ctx, ctx->to, &my->to_ix);

	catalog_list(ctx->to, SD_TABLE, &news);
	for (size_t i = 0; i < news.len; i++) {
		const struct sd_table *t = news.items[i];
		if (table_is_new(ctx, t->base.key) &&
		    !strmap_get(&state, t->base.key))
			visit(ctx, &state, t);
	}
	vec_release(&news);
	strmap_release(&state);
}

void diff_mysql_finish(struct diff_ctx *ctx)
{
	mysql_fk_refresh(ctx);
}

void diff_mysql_release(struct diff_ctx *ctx)
{
	struct mysql_diff *my = ctx->my;

	for (size_t i = 0; i < my->owned.len; i++) {
		vec_release(my->owned.items[i]);
		free(my->owned.items[i]);
	}
	vec_release(&my->owned);
	strmap_release(&my->from_ix);
	strmap_release(&my->to_ix);
	strmap_release(&my->fk_apart);
	strmap_release(&my->ai_hosts);
	free(my);
	ctx->my = NULL;
}

bool mysql_index_covers(const struct sd_index *ix, const char *const *cols,
			size_t n)
{
	/* FULLTEXT and SPATIAL indexes cannot serve a foreign key */
	if (ix->nelems < n ||
	    (ix->method && strcmp(ix->method, "btree") &&
	     strcmp(ix->method, "hash")))
		return false;
	for (size_t i = 0; i < n; i++) {
		const struct sd_index_elem *e = &ix->elems[i];
		if (!e->column || e->sub_part || strcmp(e->column, cols[i]))
			return false;
	}
	return n > 0;
}

bool mysql_con_covers(const struct sd_constraint *pk,
		      const char *const *cols, size_t n)
{
	if (!pk || pk->ncolumns < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(pk->columns[i], cols[i]))
			return false;
	return n > 0;
}

const struct sd_constraint *mysql_primary_key(const struct sd_table *t)
{
	for (size_t i = 0; i < t->nconstraints; i++)
		if (t->constraints[i].type == SD_CON_PRIMARY)
			return &t->constraints[i];
	return NULL;
}

bool mysql_is_column_check(const struct sd_constraint *c)
{
	return c->type == SD_CON_CHECK && c->ncolumns == 1;
}

const struct sd_constraint *mysql_column_check(const struct sd_table *t,
					       const char *column)
{
	for (size_t i = 0; i < t->nconstraints; i++) {
		const struct sd_constraint *c = &t->constraints[i];
		if (mysql_is_column_check(c) && !strcmp(c->columns[0], column))
			return c;
	}
	return NULL;
}

void mysql_key_columns(struct diff_ctx *ctx, struct diff_item *it,
		       enum diff_role role, const char *table_key,
		       const char *const *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cols[i])
			diff_key_column(ctx, it, role, table_key, cols[i]);
}

void mysql_key_expr_columns(struct diff_ctx *ctx, struct diff_item *it,
			    enum diff_role role, const char *table_key,
			    const char *expr)
{
	struct strbuf name = STRBUF_INIT;
	char quote = 0;

	if (!expr)
		return;
	for (const char *p = expr; *p; p++) {
		if (quote) {
			if (*p == quote && p[1] == quote)
				p++;
			else if (*p == quote)
				quote = 0;
			continue;
		}
		if (*p == '\'' || *p == '"') {
			quote = *p;
			continue;
		}
		if (*p != '`')
			continue;
		strbuf_reset(&name);
		for (p++; *p; p++) {
			if (*p == '`' && p[1] == '`') {
				strbuf_addch(&name, '`');
				p++;
			} else if (*p == '`') {
				break;
			} else {
				strbuf_addch(&name, *p);
			}
		}
		diff_key_column(ctx, it, role, table_key, name.buf);
		if (!*p)
			break;
	}
	strbuf_release(&name);
}

/* The string types, whose character set and collation matter. */
static bool is_text_type(const char *type)
{
	static const char *const prefixes[] = {
		"char", "varchar", "tinytext", "text", "mediumtext",
		"longtext", "enum", "set",
	};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i]);
		if (!strncmp(type, prefixes[i], n) &&
		    (type[n] == '\0' || type[n] == '(' || type[n] == ' '))
			return true;
	}
	return false;
}

void mysql_table_charset(const struct diff_ctx *ctx, bool old,
			 const struct sd_table *t, const char **cs,
			 const char **coll)
{
	int side = old ? 0 : 1;

	if (t->charset || t->collation) {
		*cs = t->charset;
		*coll = t->collation;
		return;
	}
	*cs = ctx->my->db_charset[side];
	*coll = ctx->my->db_collation[side];
}

/* A column's character set and collation as the server applies them. */
static void column_charset(const struct diff_ctx *ctx, bool old,
			   const struct sd_table *t, const struct sd_column *c,
			   const char **cs, const char **coll)
{
	const char *tcs, *tcoll;

	mysql_table_charset(ctx, old, t, &tcs, &tcoll);
	if (c->collation && !strcmp(c->collation, MY_BIN_OF_DEFAULT) &&
	    !c->charset) {
		/* BINARY in a table without a character set: the _bin
		 * collation of the database's */
		*cs = tcs;
		*coll = tcs ? arena_printf(&ctx->cs->arena, "%s_bin", tcs)
			    : NULL;
		return;
	}
	/* a column with its own character set and no collation has that
	 * set's default */
	*cs = c->charset ? c->charset : tcs;
	*coll = c->collation ? c->collation : c->charset ? NULL : tcoll;
}

bool mysql_column_retyped(const struct diff_ctx *ctx,
			  const struct sd_table *ot,
			  const struct sd_column *oc,
			  const struct sd_table *nt,
			  const struct sd_column *nc)
{
	const char *ocs, *ncs, *oco, *nco;

	if (!diff_streq(oc->type, nc->type))
		return true;
	if (!oc->type || !is_text_type(oc->type))
		return false;
	column_charset(ctx, true, ot, oc, &ocs, &oco);
	column_charset(ctx, false, nt, nc, &ncs, &nco);
	return !diff_streq(ocs, ncs) || !diff_streq(oco, nco);
}
