/*
 * ops/drift.c: for each database given: is it exactly what its recorded
 * version says it should be?
 *
 * Per database (a worker thread each, at most `jobs` at once): read the
 * history; the expected schema is the schema root replayed offline up to
 * the recorded version (once per version, shared by the workers), created
 * for real in a scratch database on the target's server and read back
 * (ops_normalize), so that both sides come from the same introspection;
 * diff(live, expected) is the SQL that brings the database back, and each
 * change is filed under its object: missing (only expected), unexpected
 * (only live) or different (both); an object defined alike on both sides
 * that the SQL only drops and creates again around a change to what it
 * reads is listed apart (not drift), and the whole SQL is kept in the
 * diff's order. Checksums, versions absent from the
 * root and pending versions come from sd_history_plan_build(), as in
 * status. A root that does not match its schemadiff.sum adds one more
 * target, named after the file, holding the mismatch as its error. The
 * result is the report model of emit/report.h, one target per
 * database in the order given; cli/ formats it.
 *
 * Threads: a worker owns its target (struct drift_target, with its own
 * arena) and its connections. The replay cache and the work queue are
 * under one mutex; libpg_query runs only under it (its per-thread memory
 * is freed by the library when the thread ends). Events come from the
 * workers' threads.
 *
 * Memory: the cached catalogs are freed before ops_drift() returns; the
 * result owns the schema root and the targets.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "drivers/driver.h"
#include "emit/emit.h"
#include "emit/report.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/vec.h"
#include "util/banned.h"

#define DEFAULT_JOBS 4

/* The expected schema at one version, replayed once. */
struct expected {
	const char *version;	/* the root's spelling */
	struct catalog *cat;	/* NULL when the replay failed */
	char *error;		/* malloc'd message when it failed */
};

struct drift_ctx {
	const struct schema_root *root;
	const char *const *ignore;
	size_t nignore;
	bool pending_is_drift;
	long target_timeout_ms;	/* 0: none */
	const char *const *urls;
	const struct ops_events *ev;
	struct drift_target *targets;
	size_t ntargets;

	pthread_mutex_t lock;	/* guards next, cache, the parser */
	size_t next;
	struct expected *cache;
	size_t ncache;
	struct drift_target sum;	/* the root's schemadiff.sum */
};

static char *error_text(const struct sd_error *err)
{
	struct strbuf sb = STRBUF_INIT;

	sd_error_format(err, &sb);
	if (err->hint[0])
		strbuf_addf(&sb, "\nhint: %s", err->hint);
	return strbuf_detach(&sb, NULL);
}

static void target_error(struct drift_target *t, const struct sd_error *err)
{
	char *msg = error_text(err);

	t->error = arena_strdup(&t->arena, msg);
	free(msg);
}

/* The expected catalog at version (one replay per version, shared).
 * Returns NULL and fills *why (arena of t) when the replay fails. */
static const struct catalog *expected_at(struct drift_ctx *ctx,
					 const char *version,
					 struct drift_target *t)
{
	const struct spec_version *v = spec_find_version(ctx->root, version);
	struct expected *e = NULL;
	struct sd_error err = { 0 };

	pthread_mutex_lock(&ctx->lock);
	for (size_t i = 0; i < ctx->ncache && !e; i++)
		if (ctx->cache[i].version == v->version)
			e = &ctx->cache[i];
	if (!e) {
		e = &ctx->cache[ctx->ncache++];
		e->version = v->version;
		if (ops_load_root(ctx->root, v->version, &e->cat, &err)) {
			struct strbuf sb = STRBUF_INIT;
			char *msg = error_text(&err);
			strbuf_addf(&sb, "cannot replay the schema root up to version %s: %s",
				    v->version, msg);
			free(msg);
			e->cat = NULL;
			e->error = strbuf_detach(&sb, NULL);
		}
	}
	pthread_mutex_unlock(&ctx->lock);
	if (!e->cat)
		t->error = arena_strdup(&t->arena, e->error);
	return e->cat;
}

static const char **arena_strs(struct arena *a, size_t n)
{
	return arena_alloc(a, (n + 1) * sizeof(const char *));
}

static void version_files(struct drift_target *t, const struct spec_version *v,
			  struct drift_checksum *c)
{
	c->files = arena_strs(&t->arena, v->nsources);
	for (size_t i = 0; i < v->nsources; i++)
		c->files[c->nfiles++] = arena_printf(&t->arena, "%s/%s", v->dir,
						     v->sources[i]);
}

/* Versions: what status reports, kept in the target. */
static void fill_versions(struct drift_target *t,
			  const struct schema_root *root,
			  const struct sd_history *h,
			  const struct sd_history_plan *p)
{
	t->version = arena_strdup(&t->arena, p->current);
	t->checksums = arena_alloc(&t->arena,
				   (p->nmismatch + 1) * sizeof(*t->checksums));
	for (size_t i = 0; i < p->nmismatch; i++) {
		const struct spec_version *v = &root->versions[p->mismatch[i]];
		const struct sd_history_row *r = sd_history_find(h, v->version);
		struct drift_checksum *c = &t->checksums[t->nchecksums++];
		c->version = arena_strdup(&t->arena, v->version);
		c->recorded = arena_strdup(&t->arena, r ? r->checksum : "");
		c->current = arena_strdup(&t->arena, v->checksum);
		version_files(t, v, c);
	}
	t->unknown = arena_strs(&t->arena, p->nunknown);
	for (size_t i = 0; i < p->nunknown; i++)
		t->unknown[t->nunknown++] = arena_strdup(&t->arena,
							 p->unknown[i]->version);
	t->out_of_order = arena_strs(&t->arena, p->nskipped);
	for (size_t i = 0; i < p->nskipped; i++)
		t->out_of_order[t->nout_of_order++] = arena_strdup(
			&t->arena, root->versions[p->skipped[i]].version);
	t->pending = arena_strs(&t->arena, p->npending);
	for (size_t i = 0; i < p->npending; i++)
		t->pending[t->npending++] = arena_strdup(
			&t->arena, root->versions[p->pending[i]].version);
}

/* --- filing changes under objects ----------------------------------------- */

/* An object's qualified name as messages show it. A function's name
 * holds its signature ("add1(integer)"): shown as it is. */
static void display_name(struct strbuf *out, const struct sd_object *o)
{
	if (o->kind == SD_FUNCTION && o->schema) {
		sql_quote_ident(out, SQL_POSTGRES, o->schema);
		strbuf_addf(out, ".%s", o->name);
		return;
	}
	sql_quote_qualified(out, SQL_POSTGRES, o->schema, o->name);
}

/* The object with o's key in cat, when it is of o's kind. */
static const struct sd_object *same_in(const struct catalog *cat,
				       const struct sd_object *o)
{
	const struct sd_object *x = catalog_lookup(cat, o->key);

	return x && x->kind == o->kind ? x : NULL;
}

static const char *or_none(const char *s)
{
	return s ? s : "none";
}

/* One line saying what a change means, live (database) against want (the
 * version); into out. */
static void change_detail(const struct change *ch, const struct catalog *live,
			  const struct catalog *want, struct strbuf *out)
{
	const struct sd_object *o = ch->new_obj ? ch->new_obj : ch->old_obj;
	const struct sd_object *lo = same_in(live, o), *wo = same_in(want, o);
	const struct sd_column *lc = ch->old_col, *wc = ch->new_col;
	const char *col = lc ? lc->name : wc ? wc->name : NULL;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	switch (ch->type) {
	case CH_ADD_COLUMN:
		strbuf_addf(out, "column %s %s: missing", wc->name, wc->type);
		break;
	case CH_DROP_COLUMN:
		strbuf_addf(out, "column %s %s: unexpected", lc->name, lc->type);
		break;
	case CH_ALTER_COLUMN_TYPE:
		strbuf_addf(out, "column %s: type is %s, expected %s", col,
			    lc->type, wc->type);
		break;
	case CH_ALTER_COLUMN_DEFAULT:
		strbuf_addf(out, "column %s: default is %s, expected %s", col,
			    or_none(lc->default_expr), or_none(wc->default_expr));
		break;
	case CH_ALTER_COLUMN_NOT_NULL:
		strbuf_addf(out, "column %s: %s, expected %s", col,
			    lc->not_null ? "NOT NULL" : "nullable",
			    wc->not_null ? "NOT NULL" : "nullable");
		break;
	case CH_ALTER_COLUMN_IDENTITY:
		strbuf_addf(out, "column %s: identity differs", col);
		break;
	case CH_ALTER_COLUMN_COMPRESSION:
		strbuf_addf(out, "column %s: compression is %s, expected %s",
			    col, or_none(lc->compression),
			    or_none(wc->compression));
		break;
	case CH_ALTER_COLUMN_STATISTICS:
		strbuf_addf(out, "column %s: statistics target is %s, expected %s",
			    col, or_none(lc ? lc->statistics : NULL),
			    or_none(wc->statistics));
		break;
	case CH_ALTER_COLUMN_STORAGE:
		strbuf_addf(out, "column %s: storage is %s, expected %s", col,
			    or_none(lc ? lc->storage : NULL),
			    or_none(wc->storage));
		break;
	case CH_ALTER_COLUMN_EXPRESSION:
		strbuf_addf(out, "column %s: generated as (%s), expected (%s)",
			    col, or_none(lc->generated), or_none(wc->generated));
		break;
	case CH_ALTER_COLUMN_COLLATION:
		strbuf_addf(out, "column %s: collation is %s, expected %s", col,
			    or_none(lc->collation), or_none(wc->collation));
		break;
	case CH_MODIFY_COLUMN:	/* MySQL: the whole definition */
		if (lc && wc && strcmp(lc->type, wc->type))
			strbuf_addf(out, "column %s: type is %s, expected %s",
				    col, lc->type, wc->type);
		else if (ch->my && (ch->my->first || ch->my->after))
			strbuf_addf(out, "column %s: position differs", col);
		else
			strbuf_addf(out, "column %s: definition differs", col);
		break;
	case CH_ADD_CONSTRAINT:
	case CH_DROP_CONSTRAINT:
	case CH_REPLACE_CONSTRAINT: {
		const struct sd_constraint *c = ch->new_con ? ch->new_con
							    : ch->old_con;
		const struct sd_constraint *lk = NULL, *wk = NULL;
		if (lo && lo->kind == SD_TABLE)
			lk = table_find_constraint((const struct sd_table *)lo, c->name);
		if (wo && wo->kind == SD_TABLE)
			wk = table_find_constraint((const struct sd_table *)wo, c->name);
		if (lk)
			sd_constraint_format(&a, SQL_POSTGRES, lk);
		if (wk)
			sd_constraint_format(&b, SQL_POSTGRES, wk);
		if (lk && wk)
			strbuf_addf(out, "constraint %s: is %s, expected %s",
				    c->name, a.buf, b.buf);
		else if (wk)
			strbuf_addf(out, "constraint %s: missing (%s)", c->name, b.buf);
		else
			strbuf_addf(out, "constraint %s: unexpected (%s)", c->name,
				    a.buf);
		break;
	}
	case CH_ADD_ENUM_VALUE: {
		const struct sd_type *ty = (const struct sd_type *)ch->new_obj;
		strbuf_addf(out, "label %s: missing", ty->labels[ch->index]);
		break;
	}
	case CH_ALTER_EXTENSION: {
		const struct sd_extension *le = (const void *)ch->old_obj;
		const struct sd_extension *we = (const void *)ch->new_obj;
		if (ch->detail & CHANGE_EXT_SCHEMA)
			strbuf_addf(out, "schema is %s, expected %s",
				    or_none(le->ext_schema), or_none(we->ext_schema));
		else
			strbuf_addf(out, "version is %s, expected %s",
				    or_none(le->version), or_none(we->version));
		break;
	}
	case CH_ALTER_SEQUENCE:
		strbuf_addstr(out, ch->detail == CHANGE_SEQ_OWNED ?
			      "owned by differs" : "options differ");
		break;
	case CH_REPLACE_VIEW:
		strbuf_addstr(out, "query differs");
		break;
	case CH_COMMENT:
		if (col)
			strbuf_addf(out, "column %s: comment differs", col);
		else if (ch->new_con || ch->old_con)
			strbuf_addf(out, "constraint %s: comment differs",
				    (ch->new_con ? ch->new_con : ch->old_con)->name);
		else
			strbuf_addstr(out, "comment differs");
		break;
	default:
		if (lo && wo && o->kind == SD_INDEX) {
			sd_index_format_body(&a, SQL_POSTGRES,
					     (const struct sd_index *)lo);
			sd_index_format_body(&b, SQL_POSTGRES,
					     (const struct sd_index *)wo);
			strbuf_addf(out, "definition is ON %s %s, expected ON %s %s",
				    ((const struct sd_index *)lo)->table, a.buf,
				    ((const struct sd_index *)wo)->table, b.buf);
		} else if (lo && wo && o->kind == SD_VIEW) {
			strbuf_addstr(out, "query differs");
		} else if (lo && wo && o->kind == SD_FUNCTION) {
			strbuf_addstr(out, "definition differs (body, options or result)");
		} else if (lo && wo) {
			struct changeset one = { 0 };
			one.changes = (struct change *)ch;
			one.nchanges = 1;
			changeset_describe(&one, out);
			strbuf_rtrim(out);
		} else if (wo) {
			strbuf_addstr(out, "not in the database");
		} else {
			strbuf_addstr(out, "not in the version");
		}
		break;
	}
	strbuf_release(&a);
	strbuf_release(&b);
}

static bool strs_same(const char *const *a, size_t na, const char *const *b,
		      size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]))
			return false;
	return true;
}

static bool str_same(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

/* Same privileges (both lists sorted by object_grant_sort())? */
static bool grants_same(const struct sd_object *a, const struct sd_object *b)
{
	if (a->ngrants != b->ngrants)
		return false;
	for (size_t i = 0; i < a->ngrants; i++) {
		const struct sd_grant *x = &a->grants[i], *y = &b->grants[i];
		if (!str_same(x->grantee, y->grantee) ||
		    !str_same(x->column, y->column) ||
		    !str_same(x->privilege, y->privilege) ||
		    x->grant_option != y->grant_option)
			return false;
	}
	return true;
}

/* Is the live object defined exactly as the expected one, comment and
 * privileges too (its changes are a drop and a create around a change to
 * something it reads)? Only for the kinds that are made again that way. */
static bool same_definition(const struct sd_object *lo,
			    const struct sd_object *wo)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	bool same = false;

	if (!lo || !wo || lo->kind != wo->kind ||
	    !str_same(lo->comment, wo->comment) || !grants_same(lo, wo))
		return false;
	switch (lo->kind) {
	case SD_VIEW: {
		const struct sd_view *l = (const void *)lo, *w = (const void *)wo;
		return str_same(l->query, w->query) &&
		       l->check_option == w->check_option &&
		       strs_same(l->columns, l->ncolumns, w->columns,
				 w->ncolumns) &&
		       strs_same(l->options, l->noptions, w->options,
				 w->noptions);
	}
	case SD_MATVIEW: {
		const struct sd_matview *l = (const void *)lo,
					*w = (const void *)wo;
		return str_same(l->query, w->query) &&
		       strs_same(l->columns, l->ncolumns, w->columns,
				 w->ncolumns);
	}
	case SD_INDEX:
		sd_index_format_body(&a, SQL_POSTGRES,
				     (const struct sd_index *)lo);
		sd_index_format_body(&b, SQL_POSTGRES,
				     (const struct sd_index *)wo);
		same = !strcmp(a.buf, b.buf) &&
		       str_same(((const struct sd_index *)lo)->table,
				((const struct sd_index *)wo)->table);
		break;
	case SD_TRIGGER:
		same = str_same(((const struct sd_trigger *)lo)->definition,
				((const struct sd_trigger *)wo)->definition);
		break;
	default:
		break;
	}
	strbuf_release(&a);
	strbuf_release(&b);
	return same;
}

/* Working state of one object while changes are filed. */
struct group {
	struct drift_object *obj;
	const struct sd_object *key_obj;	/* the object of its changes */
	bool dropped;		/* one of them drops or creates it */
	struct vec details;	/* char *, malloc'd */
	struct strbuf sql;
};

static void group_add_detail(struct group *g, const char *d)
{
	for (size_t i = 0; i < g->details.len; i++)
		if (!strcmp(g->details.items[i], d))
			return;
	vec_push(&g->details, strdup(d));
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* File each change of cs under its object; list the objects that match. */
static void classify(struct drift_ctx *ctx, struct drift_target *t,
		     const struct catalog *live, const struct catalog *want,
		     const struct changeset *cs)
{
	struct strmap by_key;
	struct vec groups = VEC_INIT, all = VEC_INIT, matching = VEC_INIT;
	struct vec remade = VEC_INIT;
	struct strbuf sb = STRBUF_INIT, sql = STRBUF_INIT;

	strmap_init(&by_key);
	for (size_t i = 0; i < cs->nchanges; i++) {
		const struct change *ch = &cs->changes[i];
		const struct sd_object *o = ch->new_obj ? ch->new_obj : ch->old_obj;
		struct group *g;
		const char *gk;

		if (drift_ignored(ctx->ignore, ctx->nignore, sd_kind_name(o->kind),
				  o->schema, o->name))
			continue;
		gk = arena_printf(&t->arena, "%d:%s", (int)o->kind, o->key);
		g = strmap_get(&by_key, gk);
		if (!g) {
			const struct sd_object *lo = same_in(live, o);
			const struct sd_object *wo = same_in(want, o);
			g = calloc(1, sizeof(*g));
			if (!g)
				abort();
			strbuf_init(&g->sql, 0);
			g->key_obj = o;
			g->obj = arena_alloc(&t->arena, sizeof(*g->obj));
			g->obj->status = !lo ? DRIFT_MISSING : !wo ? DRIFT_UNEXPECTED
							     : DRIFT_DIFFERENT;
			g->obj->kind = sd_kind_name(o->kind);
			g->obj->schema = arena_strdup(&t->arena, o->schema);
			g->obj->name = arena_strdup(&t->arena, o->name);
			strbuf_reset(&sb);
			display_name(&sb, o);
			g->obj->display = arena_strdup(&t->arena, sb.buf);
			strmap_put(&by_key, gk, g);
			vec_push(&groups, g);
		}
		/* a drop, or a create of what exists live (it went with its
		 * table or materialized view) */
		if (ch->type == CH_DROP_VIEW || ch->type == CH_DROP_MATVIEW ||
		    ch->type == CH_DROP_INDEX || ch->type == CH_DROP_TRIGGER ||
		    ch->type == CH_CREATE_VIEW ||
		    ch->type == CH_CREATE_MATVIEW ||
		    ch->type == CH_CREATE_INDEX ||
		    ch->type == CH_CREATE_TRIGGER)
			g->dropped = true;
		strbuf_reset(&sb);
		change_detail(ch, live, want, &sb);
		group_add_detail(g, sb.buf);
		emit_change(cs, ch, &g->sql);
		/* the whole SQL in the diff's order: runnable as written */
		emit_change(cs, ch, &sql);
	}
	t->sql = sql.len ? arena_strdup(&t->arena, sql.buf) : NULL;

	t->objects = arena_alloc(&t->arena, (groups.len + 1) * sizeof(*t->objects));
	for (size_t i = 0; i < groups.len; i++) {
		struct group *g = groups.items[i];
		struct drift_object *o;
		const char *gk = NULL;

		if (g->obj->status == DRIFT_DIFFERENT && g->dropped &&
		    same_definition(same_in(live, g->key_obj),
				    same_in(want, g->key_obj))) {
			/* not drift: listed apart, counted as matching */
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s %s", g->obj->kind,
				    g->obj->display);
			vec_push(&remade, arena_strdup(&t->arena, sb.buf));
			gk = arena_printf(&t->arena, "%d:%s",
					  (int)g->key_obj->kind,
					  g->key_obj->key);
			strmap_remove(&by_key, gk);
			for (size_t j = 0; j < g->details.len; j++)
				free(g->details.items[j]);
			vec_release(&g->details);
			strbuf_release(&g->sql);
			free(g);
			continue;
		}
		o = &t->objects[t->nobjects++];
		*o = *g->obj;
		o->details = arena_strs(&t->arena, g->details.len);
		for (size_t j = 0; j < g->details.len; j++) {
			o->details[o->ndetails++] = arena_strdup(&t->arena,
								 g->details.items[j]);
			free(g->details.items[j]);
		}
		o->sql = arena_strdup(&t->arena, g->sql.buf);
		vec_release(&g->details);
		strbuf_release(&g->sql);
		free(g);
	}

	/* every other object compared: for the JUnit test cases */
	catalog_list(want, -1, &all);
	catalog_list(live, -1, &all);
	for (size_t i = 0; i < all.len; i++) {
		const struct sd_object *o = all.items[i];
		const char *gk;
		if (i >= catalog_count(want) && same_in(want, o))
			continue;	/* listed from want already */
		if (drift_ignored(ctx->ignore, ctx->nignore, sd_kind_name(o->kind),
				  o->schema, o->name))
			continue;
		gk = arena_printf(&t->arena, "%d:%s", (int)o->kind, o->key);
		if (strmap_get(&by_key, gk))
			continue;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s ", sd_kind_name(o->kind));
		display_name(&sb, o);
		vec_push(&matching, arena_strdup(&t->arena, sb.buf));
	}
	vec_sort(&remade, cmp_strp);
	t->remade = arena_strs(&t->arena, remade.len);
	for (size_t i = 0; i < remade.len; i++)
		t->remade[t->nremade++] = remade.items[i];
	vec_sort(&matching, cmp_strp);
	t->matching = arena_strs(&t->arena, matching.len);
	for (size_t i = 0; i < matching.len; i++)
		t->matching[t->nmatching++] = matching.items[i];

	vec_release(&matching);
	vec_release(&remade);
	strbuf_release(&sql);
	vec_release(&all);
	vec_release(&groups);
	strmap_release(&by_key);
	strbuf_release(&sb);
}

/* --- one database ----------------------------------------------------------- */

/* The live side of a target, read on a thread of its own while the
 * expected catalog is replayed (the server answers while this process
 * parses). */
struct live_read {
	struct sd_conn *db;
	const struct ops_events *ev;
	double deadline;	/* the target's, or 0 */
	struct catalog *live;
	struct sd_error err;
	int rc;
};

static void *live_read_run(void *arg)
{
	struct live_read *r = arg;
	struct sd_warn_sink saved;

	ops_warn_begin(r->ev, &saved);
	if (r->deadline > 0)
		sd_deadline_set(r->deadline);
	r->rc = ops_introspect(r->db, r->ev, &r->live, &r->err);
	sd_deadline_set(0);
	ops_warn_end(&saved);
	return NULL;
}

static void check_target(struct drift_ctx *ctx, size_t idx)
{
	struct drift_target *t = &ctx->targets[idx];
	const char *url = ctx->urls[idx];
	const struct schema_root *root = ctx->root;
	struct sd_error err = { 0 };
	struct sd_conn *db = NULL;
	struct sd_history hist = SD_HISTORY_INIT;
	struct sd_history_plan plan = { 0 };
	struct strbuf sb = STRBUF_INIT;
	struct catalog *live = NULL, *want = NULL;
	const struct catalog *expected;
	struct changeset *cs = NULL;
	int found = 0;

	/* the target's deadline bounds its connections and statements (in
	 * the drivers): a hung server becomes this target's error */
	if (ctx->target_timeout_ms > 0)
		sd_deadline_set(ops_now() + ctx->target_timeout_ms / 1e3);
	sd_redact_url(url, &sb);
	t->url = arena_strdup(&t->arena, sb.buf);
	t->pending_is_drift = ctx->pending_is_drift;
	if (ops_connect_root(url, root, NULL, &db, &err))
		goto fail;
	strbuf_reset(&sb);
	if (db->drv->server_version(db, &sb, NULL, &err))
		goto fail;
	t->server = arena_strdup(&t->arena, sb.buf);
	if (db->drv->history_read(db, root->name, &hist, &err))
		goto fail;
	sd_history_plan_build(root, &hist, &plan);
	fill_versions(t, root, &hist, &plan);

	if (!plan.current) {
		t->no_history = true;
		strbuf_reset(&sb);
		if (db->drv->has_user_objects(db, &found, &sb, &err))
			goto fail;
		if (found)
			t->untracked = arena_strdup(&t->arena, sb.buf);
		t->objects_skipped = "no version is recorded, so there is no expected schema";
		goto out;
	}
	if (plan.nunknown) {
		t->objects_skipped = arena_printf(&t->arena,
			"the schema root lacks version%s recorded in the database, so the expected schema cannot be built",
			plan.nunknown == 1 ? "" : "s");
		goto out;
	}
	{
		struct live_read r = { db, ctx->ev, 0, NULL, { 0 }, 0 };
		pthread_t th;
		bool threaded;

		if (ctx->target_timeout_ms > 0)
			r.deadline = ops_now() + sd_deadline_left();
		threaded = !pthread_create(&th, NULL, live_read_run, &r);
		expected = expected_at(ctx, plan.current, t);
		if (threaded)
			pthread_join(th, NULL);
		else if (expected)
			live_read_run(&r);
		live = r.live;
		if (!expected)
			goto out;
		if (r.rc) {
			err = r.err;
			goto fail;
		}
	}
	if (ops_normalize(db, live, expected, ctx->ev, &want, &err))
		goto fail;
	/* ignore rules as every command applies them (ops/ignore.c): an
	 * ignored table's indexes, triggers and policies go with it */
	ops_ignore_catalog(live, ctx->ignore, ctx->nignore);
	ops_ignore_catalog(want, ctx->ignore, ctx->nignore);
	if (diff_catalogs(live, want, &cs, &err))
		goto fail;
	classify(ctx, t, live, want, cs);
	goto out;

fail:
	if (ctx->target_timeout_ms > 0 && sd_deadline_left() <= 0)
		sd_error_hint(&err, "the check of this database did not end within --target-timeout (%ld ms)",
			      ctx->target_timeout_ms);
	target_error(t, &err);
out:
	sd_deadline_set(0);
	changeset_free(cs);
	catalog_free(want);
	catalog_free(live);
	sd_history_plan_release(&plan);
	sd_history_release(&hist);
	if (db)
		db->drv->close(db);
	strbuf_release(&sb);
}

static void *worker(void *arg)
{
	struct drift_ctx *ctx = arg;
	struct sd_warn_sink saved;

	ops_warn_begin(ctx->ev, &saved);
	for (;;) {
		size_t idx;
		pthread_mutex_lock(&ctx->lock);
		idx = ctx->next++;
		pthread_mutex_unlock(&ctx->lock);
		if (idx >= ctx->ntargets)
			break;
		check_target(ctx, idx);
	}
	ops_warn_end(&saved);
	/* libpg_query frees this thread's parser memory itself when the
	 * thread ends (a thread-specific key's destructor): calling
	 * pg_query_exit() here as well would free it twice */
	return NULL;
}

/* The root's schemadiff.sum as a target: t->error set when the root does
 * not match it (initialises t). */
static void sum_target(const struct schema_root *root,
		       const struct ops_events *ev, struct drift_target *t)
{
	struct ops_sum_check sc;
	struct sd_error serr = { 0 };
	struct strbuf name = STRBUF_INIT;

	drift_target_init(t);
	if (!ops_sum_check(root, ev, &sc, &serr))
		return;
	strbuf_addf(&name, "%s/%s", root->dir, OPS_SUM_FILE);
	t->url = arena_strdup(&t->arena, name.buf);
	target_error(t, &serr);
	strbuf_release(&name);
}

static int drift_run(const struct ops_drift_opts *o,
		     struct ops_drift_result *out, struct sd_error *err)
{
	static const char *const env_urls[] = { "" };	/* the PG* variables */
	struct drift_ctx ctx = { 0 };
	const char *kinds[SD_KIND__COUNT + 1];
	pthread_t threads[OPS_DRIFT_MAX_JOBS];
	unsigned jobs = o->jobs ? o->jobs : DEFAULT_JOBS;
	size_t nthreads = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (jobs > OPS_DRIFT_MAX_JOBS)
		jobs = OPS_DRIFT_MAX_JOBS;
	rc = spec_read(o->schema_root, &out->root, err);
	if (rc)
		return rc;

	for (int k = 0; k < SD_KIND__COUNT; k++)
		kinds[k] = sd_kind_name((enum sd_kind)k);
	kinds[SD_KIND__COUNT] = NULL;
	ctx.root = out->root;
	ctx.ignore = o->ignore;
	ctx.nignore = o->nignore;
	ctx.pending_is_drift = o->pending_is_drift;
	ctx.target_timeout_ms = o->target_timeout_ms;
	ctx.urls = o->nurls ? o->urls : env_urls;
	ctx.ntargets = o->nurls ? o->nurls : 1;
	ctx.ev = &o->events;
	ctx.targets = calloc(ctx.ntargets, sizeof(*ctx.targets));
	ctx.cache = calloc(out->root->nversions + 1, sizeof(*ctx.cache));
	if (!ctx.targets || !ctx.cache)
		abort();
	for (size_t i = 0; i < ctx.ntargets; i++)
		drift_target_init(&ctx.targets[i]);
	if (!o->no_sum_check)
		sum_target(out->root, &o->events, &ctx.sum);
	pthread_mutex_init(&ctx.lock, NULL);
	for (size_t i = 0; i < jobs && i < ctx.ntargets; i++) {
		if (pthread_create(&threads[nthreads], NULL, worker, &ctx))
			break;
		nthreads++;
	}
	if (!nthreads)
		worker(&ctx);
	for (size_t i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
	pthread_mutex_destroy(&ctx.lock);
	for (size_t i = 0; i < ctx.ntargets; i++)
		drift_target_sort(&ctx.targets[i], kinds);
	for (size_t i = 0; i < ctx.ncache; i++) {
		catalog_free(ctx.cache[i].cat);
		free(ctx.cache[i].error);
	}
	free(ctx.cache);
	if (ctx.sum.error) {
		ctx.targets = realloc(ctx.targets, (ctx.ntargets + 1) *
				      sizeof(*ctx.targets));
		if (!ctx.targets)
			abort();
		ctx.targets[ctx.ntargets++] = ctx.sum;
	} else {
		drift_target_release(&ctx.sum);
	}
	out->targets = ctx.targets;
	out->ntargets = ctx.ntargets;
	{
		struct drift_report report = { 0 };
		report.targets = out->targets;
		report.ntargets = out->ntargets;
		drift_report_count(&report, &out->counts);
	}
	return 0;
}

int ops_drift(const struct ops_drift_opts *o,
	      struct ops_drift_result *out, struct sd_error *err)
{
	struct sd_warn_sink saved;
	int rc;

	ops_warn_begin(&o->events, &saved);
	rc = drift_run(o, out, err);
	ops_warn_end(&saved);
	return rc;
}

void ops_drift_result_release(struct ops_drift_result *out)
{
	for (size_t i = 0; i < out->ntargets; i++)
		drift_target_release(&out->targets[i]);
	free(out->targets);
	spec_free(out->root);
	memset(out, 0, sizeof(*out));
}
