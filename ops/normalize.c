/*
 * ops/normalize.c: a parsed catalog in the server's own canonical form.
 *
 * A catalog parsed from SQL holds expressions as our deparser prints them
 * ('a'), a live one as the server prints them ('a'::text). To compare
 * them, the parsed catalog is created for real in a scratch database on
 * the same server (emit of diff(empty, parsed)), read back by the same
 * introspection as the live side, and the scratch database is dropped.
 * Both sides then come from one code path, so they agree by construction;
 * the server's roles and extensions are the ones the real database sees.
 * Where the role may not create databases, the same is done in a
 * transaction on the target database that is rolled back. Against a
 * live database only the objects that differ from the live ones go
 * through the scratch database (creating thousands of tables there takes
 * minutes): on MySQL, their tables on several sessions side by side; on
 * PostgreSQL, compared in the offline canonical form (ops/live_canon.c),
 * with what they need.
 *
 * Memory: catalogs returned belong to the caller; scratch databases and
 * extra sessions are dropped and closed before a call returns. Threads:
 * the side-by-side table workers are joined before a call returns.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "drivers/driver.h"
#include "emit/emit.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/vec.h"
#include "util/banned.h"

/* Statements sent to the scratch database in one round trip. */
#define NORMALIZE_BATCH 200

/* Where a change's object was defined, for messages: "FILE:LINE: ". */
static void change_origin(const struct change *ch, struct sd_error *err)
{
	const struct sd_object *o = ch->new_obj ? ch->new_obj : ch->old_obj;

	if (o && o->file) {
		snprintf(err->file, sizeof(err->file), "%s", o->file);
		err->line = o->line;
		err->col = 0;
	}
}

/* Run changes [from, to) on conn, as one multi-statement string; on an
 * error run them one by one to find the statement that fails (the server
 * rolled the batch back as one implicit transaction). */
static int exec_batch(struct sd_conn *conn, const struct changeset *cs,
		      size_t from, size_t to, struct sd_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	int rc;

	/* Without transactional DDL a failed batch leaves its first
	 * statements done: run one change at a time from the start. */
	if (!conn->drv->transactional_ddl)
		goto one_by_one;
	for (size_t i = from; i < to; i++)
		emit_change(cs, &cs->changes[i], &sql);
	rc = ops_exec_script(conn, cs->to->dialect, sql.buf, err);
	if (!rc || to - from == 1) {
		if (rc) {
			change_origin(&cs->changes[from], err);
			strbuf_rtrim(&sql);
			sd_error_hint(err, "while creating the desired schema in a scratch database: %.400s",
				      sql.buf);
		}
		strbuf_release(&sql);
		return rc;
	}
one_by_one:
	rc = 0;
	for (size_t i = from; i < to && !rc; i++) {
		strbuf_reset(&sql);
		emit_change(cs, &cs->changes[i], &sql);
		rc = ops_exec_script(conn, cs->to->dialect, sql.buf, err);
		if (rc) {
			change_origin(&cs->changes[i], err);
			strbuf_rtrim(&sql);
			sd_error_hint(err, "while creating the desired schema in a scratch database: %.400s",
				      sql.buf);
		}
	}
	strbuf_release(&sql);
	return rc;
}

/*
 * A CHECK read back from the scratch database is compared in the server's
 * form, but goes out to a server as the desired file wrote it (which is
 * what the scratch database was given): the server's printed form of some
 * expressions reads back as another one (a varchar IN list), so sending it
 * would never converge.
 */
static void carry_written_checks(const struct catalog *parsed,
				 struct catalog *norm)
{
	struct vec tables = VEC_INIT;

	if (parsed->dialect != SQL_POSTGRES)
		return;
	catalog_list(parsed, SD_TABLE, &tables);
	for (size_t i = 0; i < tables.len; i++) {
		const struct sd_table *pt = tables.items[i];
		struct sd_table *nt = NULL;

		for (size_t j = 0; j < pt->nconstraints; j++) {
			const struct sd_constraint *pc = &pt->constraints[j];
			const char *as_written = pc->written ? pc->written
							      : pc->expr;
			struct sd_constraint *nc;

			if (pc->type != SD_CON_CHECK || !as_written)
				continue;
			if (!nt)
				nt = catalog_find(norm, SD_TABLE,
						  pt->base.schema,
						  pt->base.name);
			if (!nt)
				break;
			nc = table_find_constraint(nt, pc->name);
			if (nc && nc->type == SD_CON_CHECK && nc->expr &&
			    strcmp(nc->expr, as_written))
				nc->written = catalog_strdup(norm, as_written);
		}
	}
	vec_release(&tables);
}

/* Does a MySQL query text hold a string's charset introducer
 * (_utf8mb4'x', _latin1"x")? Quoted text is skipped. */
static bool has_introducer(const char *q)
{
	for (const char *p = q; *p; p++) {
		if (*p == '\'' || *p == '"' || *p == '`') {
			char c = *p;

			for (p++; *p && *p != c; p++)
				if (*p == '\\' && p[1])
					p++;
			if (!*p)
				break;
			continue;
		}
		if (*p == '_' && (p == q || !(isalnum((unsigned char)p[-1]) ||
					      p[-1] == '_' || p[-1] == '$'))) {
			const char *w = p + 1;

			while (isalnum((unsigned char)*w) || *w == '_')
				w++;
			if (w > p + 1 && (*w == '\'' || *w == '"'))
				return true;
		}
	}
	return false;
}

/* MySQL: a view read back from the scratch database goes out to a server
 * as the desired file wrote it where its strings have charset
 * introducers, which VIEW_DEFINITION leaves out: it is the text the
 * scratch database ran, and SHOW CREATE VIEW then shows them as the
 * client's load does. A view with a column list keeps the server's text
 * (its names are in the AS names there, not in the text written). */
static void carry_written_views(const struct catalog *parsed,
				struct catalog *norm)
{
	struct vec views = VEC_INIT;

	if (parsed->dialect != SQL_MYSQL)
		return;
	catalog_list(parsed, SD_VIEW, &views);
	for (size_t i = 0; i < views.len; i++) {
		const struct sd_view *pv = views.items[i];
		const char *text = pv->written ? pv->written : pv->query;
		struct sd_view *nv;

		if (pv->ncolumns || !text || !has_introducer(text))
			continue;
		nv = catalog_find(norm, SD_VIEW, pv->base.schema,
				  pv->base.name);
		if (nv && nv != pv && !nv->written && !nv->ncolumns)
			nv->written = catalog_strdup(norm, text);
	}
	vec_release(&views);
}

/*
 * Without a scratch database: run diff(live, parsed) on the real database
 * inside a transaction that is always rolled back, and read the result
 * back before the rollback. Objects the plan does not touch keep their
 * live form; the ones it touches come back in the server's form. It takes
 * the locks those statements take, for the moment the transaction lasts.
 */
static int normalize_in_place(struct sd_conn *db, const struct catalog *live,
			      const struct catalog *parsed,
			      const struct ops_events *ev,
			      struct catalog **out, struct sd_error *err)
{
	const struct sd_driver *drv = db->drv;
	struct changeset *cs = NULL;
	struct sd_error rb = { 0 };
	struct strbuf sql = STRBUF_INIT;
	int rc;

	rc = diff_catalogs(live, parsed, &cs, err);
	if (rc)
		goto out;
	rc = drv->begin(db, err);
	if (rc)
		goto out;
	/* the desired files' DO blocks first */
	if (parsed->pre_sql)
		rc = ops_exec_script(db, parsed->dialect, parsed->pre_sql, err);
	for (size_t i = 0; i < cs->nchanges && !rc; i++) {
		strbuf_reset(&sql);
		emit_change(cs, &cs->changes[i], &sql);
		rc = drv->exec(db, sql.buf, NULL, err);
		if (rc) {
			change_origin(&cs->changes[i], err);
			strbuf_rtrim(&sql);
			sd_error_hint(err, "while trying the desired schema in a transaction that is rolled back: %.400s",
				      sql.buf);
		}
	}
	if (!rc)
		rc = ops_introspect(db, ev, out, err);
	if (!rc)
		carry_written_checks(parsed, *out);
	drv->rollback(db, &rb);
out:
	strbuf_release(&sql);
	changeset_free(cs);
	return rc;
}

/* Schemas that objects live in but that the catalog does not create
 * (they exist outside the managed files, as public does) are created in
 * the scratch database first. */
static int create_external_schemas(struct sd_conn *scratch,
				   const struct catalog *parsed,
				   struct sd_error *err)
{
	struct strmap seen = STRMAP_INIT;
	struct strbuf sql = STRBUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < parsed->nall; i++) {
		const struct sd_object *o = parsed->all[i];
		/* all[] lists dropped objects too: only live ones count */
		if (catalog_lookup(parsed, o->key) != o)
			continue;
		if (!o->schema || !strcmp(o->schema, "public") ||
		    strmap_contains(&seen, o->schema) ||
		    catalog_find(parsed, SD_SCHEMA, NULL, o->schema))
			continue;
		strmap_put(&seen, o->schema, NULL);
		strbuf_addstr(&sql, "CREATE SCHEMA IF NOT EXISTS ");
		sql_quote_ident(&sql, parsed->dialect, o->schema);
		strbuf_addstr(&sql, ";\n");
	}
	if (sql.len)
		rc = scratch->drv->exec(scratch, sql.buf, NULL, err);
	strbuf_release(&sql);
	strmap_release(&seen);
	return rc;
}

/* Run the changes idx[0..n) of cs on conn in order, NORMALIZE_BATCH to
 * a round trip; a batch that fails runs again one change at a time to
 * name the statement (transactional DDL: the failed batch left nothing). */
static int exec_list(struct sd_conn *conn, const struct changeset *cs,
		     const size_t *idx, size_t n, struct sd_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i += NORMALIZE_BATCH) {
		size_t end = i + NORMALIZE_BATCH < n ? i + NORMALIZE_BATCH : n;

		strbuf_reset(&sql);
		for (size_t k = i; k < end; k++)
			emit_change(cs, &cs->changes[idx[k]], &sql);
		if (conn->drv->transactional_ddl &&
		    !ops_exec_script(conn, cs->to->dialect, sql.buf, err))
			continue;
		sd_error_clear(err);
		for (size_t k = i; k < end && !rc; k++)
			rc = exec_batch(conn, cs, idx[k], idx[k] + 1, err);
	}
	strbuf_release(&sql);
	return rc;
}

/* Sessions that create a subset's tables side by side in the scratch
 * database: with foreign key checks off MySQL tables need nothing of
 * each other, and the server creates each on a thread of its own. */
#define SCRATCH_SESSIONS 3

struct table_jobs {
	pthread_mutex_t lock;	/* guards next, rc, err */
	const struct changeset *cs;
	const size_t *idx;	/* the changes to run */
	size_t n, next;
	int rc;
	struct sd_error err;	/* the first failure */
};

struct table_worker {
	struct table_jobs *jobs;
	struct sd_conn *conn;
	pthread_t thread;
	bool started;
};

static void *create_tables(void *arg)
{
	struct table_worker *w = arg;
	struct table_jobs *j = w->jobs;
	struct sd_error *err = calloc(1, sizeof(*err));

	if (!err)
		abort();
	for (;;) {
		size_t k;
		int rc;

		pthread_mutex_lock(&j->lock);
		k = j->rc ? j->n : j->next++;
		pthread_mutex_unlock(&j->lock);
		if (k >= j->n)
			break;
		rc = exec_batch(w->conn, j->cs, j->idx[k], j->idx[k] + 1, err);
		if (rc) {
			pthread_mutex_lock(&j->lock);
			if (!j->rc) {
				j->rc = rc;
				j->err = *err;
			}
			pthread_mutex_unlock(&j->lock);
		}
	}
	free(err);
	return NULL;
}

/* Changes idx[0..n) of cs (creates of independent tables) on scratch
 * and on the other sessions the driver gives, each with foreign key
 * checks off. */
static int create_tables_side_by_side(struct sd_conn *scratch,
				      const struct changeset *cs,
				      const size_t *idx, size_t n,
				      struct sd_error *err)
{
	struct table_worker w[SCRATCH_SESSIONS];
	struct table_jobs *j = calloc(1, sizeof(*j));
	size_t nw = 0;
	int rc;

	if (!j)
		abort();
	pthread_mutex_init(&j->lock, NULL);
	j->cs = cs;
	j->idx = idx;
	j->n = n;
	memset(w, 0, sizeof(w));
	w[nw++].conn = scratch;
	while (scratch->drv->session && nw < SCRATCH_SESSIONS &&
	       nw < n) {
		struct sd_error ignored = { 0 };
		struct sd_conn *c = NULL;

		/* a session that cannot be had only makes this slower */
		if (scratch->drv->session(scratch, &c, &ignored))
			break;
		if (scratch->drv->exec(c, "SET foreign_key_checks = 0", NULL,
				       &ignored)) {
			c->drv->close(c);
			break;
		}
		w[nw++].conn = c;
	}
	for (size_t i = 0; i < nw; i++) {
		w[i].jobs = j;
		w[i].started = !pthread_create(&w[i].thread, NULL,
					       create_tables, &w[i]);
	}
	for (size_t i = 0; i < nw; i++)
		if (w[i].started)
			pthread_join(w[i].thread, NULL);
	/* no thread could start: here, one after the other */
	if (!w[0].started)
		create_tables(&w[0]);
	for (size_t i = 1; i < nw; i++)
		w[i].conn->drv->close(w[i].conn);
	rc = j->rc;
	if (rc)
		*err = j->err;
	pthread_mutex_destroy(&j->lock);
	free(j);
	return rc;
}

/* The MySQL subset's marks: a CHANGED object differs from the live one
 * (or is an index of a table that has one that does): it is created in the
 * scratch database as it is and taken from there. A NEEDED one is there
 * only because a changed one needs it (a view's tables, a view's views):
 * it is equal to the live one, so it is taken as parsed, and a NEEDED
 * table is created as a stand-in, its columns only (a view or trigger
 * needs no more of it): no index, key, partitioning or foreign key for the
 * server to build, and drop again. */
#define MY_CHANGED ((void *)1)
#define MY_NEEDED ((void *)2)

static void my_mark(const struct catalog *cat, struct strmap *set,
		    const char *key, bool changed)
{
	void *was = strmap_get(set, key);
	const struct sd_object *o;

	if (was == MY_CHANGED || (was && !changed))
		return;
	strmap_put(set, key, changed ? MY_CHANGED : MY_NEEDED);
	if (was)
		return;	/* its needs are marked already */
	o = catalog_lookup(cat, key);
	for (size_t i = 0; o && i < o->ndeps; i++) {
		const struct sd_object *d = catalog_lookup(cat, o->deps[i]);
		if (o->kind == SD_TABLE && d && d->kind == SD_TABLE)
			continue;
		my_mark(cat, set, o->deps[i], false);
	}
}

/* Mark o changed; an index is written in its table's CREATE TABLE, so a
 * changed one makes its table go whole. */
static void my_mark_changed(const struct catalog *cat, struct strmap *set,
			    const struct sd_object *o)
{
	struct strbuf tkey = STRBUF_INIT;

	my_mark(cat, set, o->key, true);
	if (o->kind == SD_INDEX) {
		sd_key_format(&tkey, SD_TABLE, o->schema,
			      ((const struct sd_index *)o)->table);
		my_mark(cat, set, tkey.buf, true);
	}
	strbuf_release(&tkey);
}

/* The mark of o's table when o is an index or trigger; NULL otherwise. */
static void *my_table_mark(const struct strmap *set, const struct sd_object *o)
{
	struct strbuf key = STRBUF_INIT;
	void *v = NULL;

	if (o->kind == SD_INDEX || o->kind == SD_TRIGGER) {
		sd_key_format(&key, SD_TABLE, o->schema,
			      o->kind == SD_INDEX
			      ? ((const struct sd_index *)o)->table
			      : ((const struct sd_trigger *)o)->table);
		v = strmap_get(set, key.buf);
	}
	strbuf_release(&key);
	return v;
}

/* Is o created in the scratch database as it is? */
static bool my_created(const struct strmap *set, const struct sd_object *o)
{
	void *v = strmap_get(set, o->key);

	if (o->kind == SD_TABLE)
		return v == MY_CHANGED;
	return v || my_table_mark(set, o) == MY_CHANGED;
}

/* Is o taken from the scratch database (else as parsed)? */
static bool my_from_scratch(const struct strmap *set, const struct sd_object *o)
{
	void *v = strmap_get(set, o->key);

	return v == MY_CHANGED || (!v && my_table_mark(set, o) == MY_CHANGED);
}

/* A stand-in for each NEEDED table of set, in stub: its columns, none of
 * them AUTO_INCREMENT (which would need a key), its character set and
 * collation; no constraint, index or partitioning. */
static void my_stand_ins(const struct catalog *parsed,
			 const struct strmap *set, struct catalog *stub)
{
	struct vec tables = VEC_INIT;

	stub->mysql_target = parsed->mysql_target;
	stub->mysql_db_charset = parsed->mysql_db_charset;
	stub->mysql_db_collation = parsed->mysql_db_collation;
	catalog_list(parsed, SD_TABLE, &tables);
	for (size_t i = 0; i < tables.len; i++) {
		const struct sd_table *pt = tables.items[i];
		struct sd_table *st;

		if (strmap_get(set, pt->base.key) != MY_NEEDED)
			continue;
		st = catalog_add(stub, SD_TABLE, pt->base.schema,
				 pt->base.name);
		if (!st)
			continue;
		st->engine = pt->engine;
		st->charset = pt->charset;
		st->collation = pt->collation;
		st->columns = arena_alloc(&stub->arena, (pt->ncolumns + 1) *
						       sizeof(*st->columns));
		memcpy(st->columns, pt->columns,
		       pt->ncolumns * sizeof(*st->columns));
		st->ncolumns = st->columns_alloc = pt->ncolumns;
		for (size_t k = 0; k < st->ncolumns; k++)
			st->columns[k].auto_increment = false;
	}
	vec_release(&tables);
}

int ops_scratch_default(struct sd_conn *scratch,
			const struct catalog *parsed, struct sd_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	int rc;

	strbuf_addstr(&sql, "ALTER DATABASE CHARACTER SET ");
	sql_quote_ident(&sql, SQL_MYSQL, parsed->mysql_db_charset);
	if (parsed->mysql_db_collation) {
		strbuf_addstr(&sql, " COLLATE ");
		sql_quote_ident(&sql, SQL_MYSQL, parsed->mysql_db_collation);
	}
	rc = scratch->drv->exec(scratch, sql.buf, NULL, err);
	strbuf_release(&sql);
	return rc;
}

/*
 * Only what differs goes to the scratch database. Objects whose parsed
 * form already equals the live one are equal (both canonical, and equal
 * text means the same definition); the others, with what they need, are
 * created in the scratch database and read back, as ops_normalize() does
 * for everything. For MySQL, where creating thousands of tables in a
 * scratch database takes minutes, this makes a plan of a few changes
 * cost a few statements.
 *
 * The result lists objects of `parsed` and of the scratch catalog as they
 * are: it owns the scratch catalog; `parsed` must outlive it (or be given
 * to it with catalog_own()).
 */
static int normalize_subset(struct sd_conn *server, const struct catalog *live,
			    const struct catalog *parsed,
			    const struct ops_events *ev, struct catalog **out,
			    struct sd_error *err)
{
	const struct sd_driver *drv = server->drv;
	struct catalog *empty = catalog_new(parsed->dialect), *norm = NULL;
	struct catalog *result = NULL;
	struct catalog *stub = catalog_new(parsed->dialect);
	struct changeset *cs = NULL, *all = NULL, *stubcs = NULL;
	struct strmap subset = STRMAP_INIT;
	struct sd_conn *scratch = NULL;
	struct sd_error drop_err = { 0 };
	struct vec objs = VEC_INIT;
	double t0 = ops_now();
	size_t nstmts = 0, ntables = 0, *tables;
	int rc;

	rc = diff_catalogs(live, parsed, &cs, err);
	if (rc)
		goto out;
	ops_emit(ev, OPS_EVENT_STATS, "normalize: first diff in %.2f s",
		 ops_now() - t0);
	for (size_t i = 0; i < cs->nchanges; i++) {
		const struct sd_object *n = cs->changes[i].new_obj;
		if (n && catalog_lookup(parsed, n->key) == n)
			my_mark_changed(parsed, &subset, n);
	}
	result = catalog_new(parsed->dialect);
	/* the database's default as the files state it (an ALTER DATABASE
	 * to plan); the scratch database takes it too, for the tables that
	 * state none */
	if (parsed->mysql_db_charset) {
		result->mysql_db_charset = catalog_strdup(result,
							  parsed->mysql_db_charset);
		result->mysql_db_collation = catalog_strdup(result,
							    parsed->mysql_db_collation);
	}
	ops_emit(ev, OPS_EVENT_STATS, "normalize: %zu of %zu objects through the scratch database",
		 subset.len, catalog_count(parsed));
	if (subset.len) {
		rc = diff_catalogs(empty, parsed, &all, err);
		if (rc)
			goto out;
		t0 = ops_now();
		rc = drv->scratch_create(server, &scratch, err);
		if (rc)
			goto out;
		/* foreign keys to tables left out of the scratch database */
		rc = drv->exec(scratch, "SET foreign_key_checks = 0", NULL, err);
		if (!rc && parsed->mysql_db_charset)
			rc = ops_scratch_default(scratch, parsed, err);
		/* tables first, side by side; then the rest in order */
		tables = calloc(all->nchanges + 1, sizeof(*tables));
		if (!tables)
			abort();
		for (size_t i = 0; i < all->nchanges; i++) {
			const struct sd_object *n = all->changes[i].new_obj;
			if (n && my_created(&subset, n) &&
			    all->changes[i].type == CH_CREATE_TABLE)
				tables[ntables++] = i;
		}
		if (!rc && ntables)
			rc = create_tables_side_by_side(scratch, all, tables,
							ntables, err);
		nstmts = ntables;
		/* the stand-ins of the tables only needed */
		my_stand_ins(parsed, &subset, stub);
		if (!rc)
			rc = diff_catalogs(empty, stub, &stubcs, err);
		if (!rc) {
			ntables = 0;
			for (size_t i = 0; i < stubcs->nchanges; i++)
				if (stubcs->changes[i].type == CH_CREATE_TABLE)
					tables[ntables++] = i;
			if (ntables)
				rc = create_tables_side_by_side(scratch, stubcs,
								tables, ntables,
								err);
			nstmts += ntables;
		}
		for (size_t i = 0; i < all->nchanges && !rc; i++) {
			const struct sd_object *n = all->changes[i].new_obj;
			if (n && my_created(&subset, n) &&
			    all->changes[i].type != CH_CREATE_TABLE) {
				rc = exec_batch(scratch, all, i, i + 1, err);
				nstmts++;
			}
		}
		free(tables);
		ops_emit(ev, OPS_EVENT_STATS, "normalize: scratch database: %zu statements in %.2f s",
			 nstmts, ops_now() - t0);
		if (!rc)
			rc = ops_introspect(scratch, ev, &norm, err);
		t0 = ops_now();
		if (drv->scratch_drop(server, scratch, &drop_err))
			ops_emit(ev, OPS_EVENT_WARNING, "could not drop the scratch database: %s",
				 drop_err.msg);
		ops_emit(ev, OPS_EVENT_STATS, "normalize: scratch database dropped in %.2f s",
			 ops_now() - t0);
		if (rc)
			goto out;
		/* the server's form of everything created there */
		catalog_list(norm, -1, &objs);
		for (size_t i = 0; i < objs.len; i++)
			if (my_from_scratch(&subset, objs.items[i]))
				catalog_adopt(result, objs.items[i]);
		vec_release(&objs);
	}
	/* and the rest as parsed */
	catalog_list(parsed, -1, &objs);
	for (size_t i = 0; i < objs.len; i++)
		if (!my_from_scratch(&subset, objs.items[i]))
			catalog_adopt(result, objs.items[i]);
	if (norm)
		catalog_own(result, norm);
	norm = NULL;
	/* PostgreSQL: CHECKs go out as written (carry_written_checks) */
	carry_written_checks(parsed, result);
	carry_written_views(parsed, result);
	*out = result;
	result = NULL;
out:
	vec_release(&objs);
	strmap_release(&subset);
	changeset_free(cs);
	changeset_free(all);
	changeset_free(stubcs);
	catalog_free(stub);
	catalog_free(result);
	catalog_free(norm);
	catalog_free(empty);
	return rc;
}

/* What the PostgreSQL subset holds of a key: SUB_CHANGED objects are
 * created in the scratch database and taken from it; SUB_NEEDED ones
 * are created there because a changed one needs them, and are taken
 * from the live database (they are as they are live). */
#define SUB_CHANGED ((void *)1)
#define SUB_NEEDED ((void *)2)

/* The table an index or trigger is on, as an identity key into key;
 * false for other kinds. */
static bool part_table(const struct sd_object *o, struct strbuf *key)
{
	const char *table;

	if (o->kind == SD_INDEX)
		table = ((const struct sd_index *)o)->table;
	else if (o->kind == SD_TRIGGER)
		table = ((const struct sd_trigger *)o)->table;
	else
		return false;
	strbuf_reset(key);
	sd_key_format(key, SD_TABLE, o->schema, table);
	return true;
}

/* What set says of o: its own mark, or for an index or trigger without
 * one, its table's. */
static void *sub_state(const struct strmap *set, const struct sd_object *o)
{
	struct strbuf key = STRBUF_INIT;
	void *v = strmap_get(set, o->key);

	if ((!v || v == SUB_NEEDED) && part_table(o, &key)) {
		void *t = strmap_get(set, key.buf);
		if (t == SUB_CHANGED || !v)
			v = t;
	}
	strbuf_release(&key);
	return v;
}

/* Is dep, a table that table t needs, a parent of t (partition of,
 * INHERITS) rather than the target of a foreign key? */
static bool is_parent_table(const struct sd_object *t, const char *dep)
{
	const struct sd_table *tt = (const struct sd_table *)t;
	struct strbuf key = STRBUF_INIT;
	bool parent = false;

	for (size_t i = 0; i < tt->ninherits && !parent; i++)
		parent = !strcmp(tt->inherits[i], dep);
	if (!parent && tt->part_parent) {
		sd_key_format(&key, SD_TABLE, tt->part_parent_schema,
			      tt->part_parent);
		parent = !strcmp(key.buf, dep);
	}
	strbuf_release(&key);
	return parent;
}

/* Mark key as needed (unless marked already) and, recursively, what it
 * needs to be created; a needed table is created without its foreign
 * keys, so the tables those reference are not needed for it. */
static void mark_needed(const struct catalog *cat, struct strmap *set,
			const char *key)
{
	const struct sd_object *o;

	if (strmap_contains(set, key))
		return;
	strmap_put(set, key, SUB_NEEDED);
	o = catalog_lookup(cat, key);
	for (size_t i = 0; o && i < o->ndeps; i++) {
		const struct sd_object *d = catalog_lookup(cat, o->deps[i]);
		if (o->kind == SD_TABLE && d && d->kind == SD_TABLE &&
		    !is_parent_table(o, o->deps[i]))
			continue;
		mark_needed(cat, set, o->deps[i]);
	}
}

/* Objects that read a changed one's definition back in their own
 * server text (views, indexes, triggers, policies, on a changed table,
 * type or function) change with it: mark them changed too; so do the
 * inheritance children and partitions of a changed table (which of their
 * columns are their own depends on the parent). rev maps a key to the
 * vec of the objects that depend on it. */
static void mark_changed(const struct catalog *cat, const struct strmap *rev,
			 struct strmap *set, const char *key)
{
	const struct vec *users;

	if (strmap_get(set, key) == SUB_CHANGED)
		return;
	strmap_put(set, key, SUB_CHANGED);
	users = strmap_get(rev, key);
	for (size_t i = 0; users && i < users->len; i++) {
		const struct sd_object *u = users->items[i];
		if (u->kind == SD_VIEW || u->kind == SD_MATVIEW ||
		    u->kind == SD_INDEX || u->kind == SD_TRIGGER ||
		    u->kind == SD_POLICY ||
		    (u->kind == SD_TABLE && is_parent_table(u, key)))
			mark_changed(cat, rev, set, u->key);
	}
}

static void rev_release(struct strmap *rev, struct vec *all)
{
	for (size_t i = 0; i < all->len; i++) {
		vec_release(all->items[i]);
		free(all->items[i]);
	}
	vec_release(all);
	strmap_release(rev);
}

/*
 * PostgreSQL: only what differs goes to the scratch database. The desired
 * objects are compared with the live ones in the offline canonical form
 * (ops/live_canon.c); an object that is the same there is taken as the
 * live database has it. The others, the views, indexes, triggers and
 * policies over them, and what they need, are created in the scratch
 * database and read back, as ops_normalize() does for everything.
 * Where the live catalog does not read back offline, the desired objects
 * are compared with the live ones as they are (fewer are equal: slower,
 * the same result).
 *
 * The result lists objects of `parsed`, `live` and the scratch catalog:
 * it owns the scratch catalog; `live` and `parsed` must outlive it.
 */
static int normalize_subset_pg(struct sd_conn *server,
			       const struct catalog *live,
			       const struct catalog *parsed,
			       const struct ops_events *ev,
			       struct catalog **out, bool *redo,
			       struct sd_error *err)
{
	const struct sd_driver *drv = server->drv;
	struct catalog *empty = catalog_new(parsed->dialect), *norm = NULL;
	struct catalog *result = NULL, *canon = NULL, *sub = NULL;
	struct changeset *cs = NULL, *all = NULL;
	struct strmap set = STRMAP_INIT, rev = STRMAP_INIT;
	struct sd_conn *scratch = NULL;
	struct sd_error drop_err = { 0 }, canon_err = { 0 };
	struct vec objs = VEC_INIT, revs = VEC_INIT;
	struct strbuf key = STRBUF_INIT, msg = STRBUF_INIT;
	struct ops_event stats = { 0 };
	size_t nchanged = 0, nstmts = 0, *idx = NULL;
	double t0 = ops_now();
	int rc;

	if (ops_live_canonical(live, &canon, &canon_err))
		ops_emit(ev, OPS_EVENT_STATS, "normalize: the live schema does not read back offline (%s): comparing as introspected",
			 canon_err.msg);
	rc = diff_catalogs(canon ? canon : live, parsed, &cs, err);
	if (rc)
		goto out;
	ops_emit(ev, OPS_EVENT_STATS, "normalize: live canonical form and first diff in %.2f s",
		 ops_now() - t0);
	/* who depends on what, for mark_changed() */
	catalog_list(parsed, -1, &objs);
	for (size_t i = 0; i < objs.len; i++) {
		const struct sd_object *o = objs.items[i];
		for (size_t k = 0; k < o->ndeps; k++) {
			struct vec *users = strmap_get(&rev, o->deps[k]);
			if (!users) {
				users = calloc(1, sizeof(*users));
				if (!users)
					abort();
				vec_push(&revs, users);
				strmap_put(&rev, o->deps[k], users);
			}
			vec_push(users, (void *)o);
		}
	}
	for (size_t i = 0; i < cs->nchanges; i++) {
		const struct sd_object *n = cs->changes[i].new_obj;
		if (n && catalog_lookup(parsed, n->key) == n)
			mark_changed(parsed, &rev, &set, n->key);
	}
	/* what has no live counterpart under its key is new */
	for (size_t i = 0; i < objs.len; i++) {
		const struct sd_object *o = objs.items[i];
		if (!catalog_lookup(live, o->key))
			mark_changed(parsed, &rev, &set, o->key);
	}
	/* what the changed ones need; the tables their foreign keys
	 * reference, and, for every table created, what its indexes and
	 * triggers need */
	for (size_t i = 0; i < objs.len; i++) {
		const struct sd_object *o = objs.items[i];
		if (sub_state(&set, o) != SUB_CHANGED)
			continue;
		nchanged++;
		for (size_t k = 0; k < o->ndeps; k++)
			mark_needed(parsed, &set, o->deps[k]);
	}
	for (size_t before = 0; before != set.len;) {
		before = set.len;
		for (size_t i = 0; i < objs.len; i++) {
			const struct sd_object *o = objs.items[i];
			if (!sub_state(&set, o) || !part_table(o, &key))
				continue;
			for (size_t k = 0; k < o->ndeps; k++)
				mark_needed(parsed, &set, o->deps[k]);
		}
	}
	/* the first diff and the live canonical form have said what they
	 * had to say: free them before the scratch database's catalog is
	 * read (the peak of memory) */
	changeset_free(cs);
	cs = NULL;
	catalog_free(canon);
	canon = NULL;
	result = catalog_new(parsed->dialect);
	ops_emit(ev, OPS_EVENT_STATS, "normalize: %zu of %zu objects differ; %zu through the scratch database",
		 nchanged, objs.len, set.len);
	if (set.len) {
		/* the create script of the subset alone, not of everything
		 * (a catalog that lists the subset's objects of parsed) */
		sub = catalog_new(parsed->dialect);
		sub->pg_version = parsed->pg_version;
		for (size_t i = 0; i < objs.len; i++)
			if (sub_state(&set, objs.items[i]))
				catalog_adopt(sub, objs.items[i]);
		rc = diff_catalogs(empty, sub, &all, err);
		if (rc)
			goto out;
		t0 = ops_now();
		rc = drv->scratch_create(server, &scratch, err);
		if (rc == SD_ERR_UNSUPPORTED) {
			ops_emit(ev, OPS_EVENT_WARNING, "%s: comparing in a transaction on the target database that is rolled back instead",
				 err->msg);
			sd_error_clear(err);
			catalog_free(result);
			result = NULL;
			rc = normalize_in_place(server, live, parsed, ev, out,
						err);
			goto out;
		}
		if (rc)
			goto out;
		idx = calloc(all->nchanges + 1, sizeof(*idx));
		if (!idx)
			abort();
		for (size_t i = 0; i < all->nchanges; i++) {
			const struct change *ch = &all->changes[i];
			void *st = ch->new_obj ? sub_state(&set, ch->new_obj)
					       : NULL;
			if (!st)
				continue;
			/* a needed table comes without its foreign keys */
			if (st == SUB_NEEDED && ch->type == CH_ADD_CONSTRAINT &&
			    ch->new_con && ch->new_con->type == SD_CON_FOREIGN)
				continue;
			idx[nstmts++] = i;
		}
		rc = create_external_schemas(scratch, parsed, err);
		/* the desired files' DO blocks first (as ops_normalize) */
		if (!rc && parsed->pre_sql)
			rc = ops_exec_script(scratch, parsed->dialect,
					     parsed->pre_sql, err);
		if (!rc)
			rc = exec_list(scratch, all, idx, nstmts, err);
		stats.kind = OPS_EVENT_STATS;
		stats.count = nstmts;
		stats.seconds = ops_now() - t0;
		strbuf_addf(&msg, "normalize: scratch database: %zu statements in %.2f s",
			    nstmts, stats.seconds);
		stats.message = msg.buf;
		if (ev && ev->stats)
			ops_emit_event(ev, &stats);
		if (!rc)
			rc = ops_introspect(scratch, ev, &norm, err);
		t0 = ops_now();
		if (drv->scratch_drop(server, scratch, &drop_err))
			ops_emit(ev, OPS_EVENT_WARNING, "could not drop the scratch database: %s",
				 drop_err.msg);
		ops_emit(ev, OPS_EVENT_STATS, "normalize: scratch database dropped in %.2f s",
			 ops_now() - t0);
		if (rc)
			goto out;
		/* the server's form of what changed */
		vec_release(&objs);
		catalog_list(norm, -1, &objs);
		for (size_t i = 0; i < objs.len; i++)
			if (sub_state(&set, objs.items[i]) == SUB_CHANGED)
				catalog_adopt(result, objs.items[i]);
		vec_release(&objs);
		catalog_list(parsed, -1, &objs);
	} else if (drv->scratch_sweep) {
		/* no scratch database this time: the leftovers of dead runs
		 * are swept all the same */
		drv->scratch_sweep(server);
	}
	/* and the rest as it is live */
	for (size_t i = 0; i < objs.len; i++) {
		const struct sd_object *o = objs.items[i];
		if (sub_state(&set, o) != SUB_CHANGED)
			catalog_adopt(result, catalog_lookup(live, o->key));
	}
	if (norm)
		catalog_own(result, norm);
	norm = NULL;
	/* an object that the server names otherwise than the parser did
	 * (a function's signature) cannot be matched up here: the whole
	 * schema goes through the scratch database instead */
	for (size_t i = 0; i < objs.len && !*redo; i++)
		if (!catalog_lookup(result,
				    ((const struct sd_object *)objs.items[i])->key))
			*redo = true;
	if (*redo) {
		ops_emit(ev, OPS_EVENT_STATS, "normalize: an object reads back under another name: the whole schema through the scratch database");
		goto out;
	}
	/* PostgreSQL: CHECKs go out as written (carry_written_checks) */
	carry_written_checks(parsed, result);
	*out = result;
	result = NULL;
out:
	free(idx);
	strbuf_release(&key);
	strbuf_release(&msg);
	vec_release(&objs);
	rev_release(&rev, &revs);
	strmap_release(&set);
	changeset_free(cs);
	changeset_free(all);
	catalog_free(sub);
	catalog_free(result);
	catalog_free(norm);
	catalog_free(canon);
	catalog_free(empty);
	return rc;
}

static bool has_opaque(const struct catalog *cat)
{
	struct vec v = VEC_INIT;
	bool any;

	catalog_list(cat, SD_OPAQUE, &v);
	any = v.len > 0;
	vec_release(&v);
	return any;
}

int ops_normalize(struct sd_conn *server, const struct catalog *live,
		  const struct catalog *parsed, const struct ops_events *ev,
		  struct catalog **out, struct sd_error *err)
{
	const struct sd_driver *drv = server->drv;
	struct catalog *empty = catalog_new(parsed->dialect);
	struct changeset *cs = NULL;
	struct sd_conn *scratch = NULL;
	struct sd_error drop_err = { 0 };
	int rc;

	if (live && parsed->dialect == SQL_MYSQL) {
		catalog_free(empty);
		return normalize_subset(server, live, parsed, ev, out, err);
	}
	/* objects carried as SQL text (aggregates, operator classes, ...)
	 * can make others as a side effect that the model does not know of
	 * (an operator class's implicit family): such a schema goes whole
	 * through the scratch database */
	if (live && parsed->dialect == SQL_POSTGRES && !has_opaque(parsed)) {
		bool redo = false;

		rc = normalize_subset_pg(server, live, parsed, ev, out, &redo,
					 err);
		if (rc || !redo) {
			catalog_free(empty);
			return rc;
		}
	}
	rc = diff_catalogs(empty, parsed, &cs, err);
	if (rc)
		goto out;
	rc = drv->scratch_create(server, &scratch, err);
	if (rc == SD_ERR_UNSUPPORTED && live) {
		ops_emit(ev, OPS_EVENT_WARNING, "%s: comparing in a transaction on the target database that is rolled back instead",
			err->msg);
		sd_error_clear(err);
		rc = normalize_in_place(server, live, parsed, ev, out, err);
		goto out;
	}
	if (rc)
		goto out;
	rc = create_external_schemas(scratch, parsed, err);
	/* the desired files' DO blocks first */
	if (!rc && parsed->pre_sql)
		rc = ops_exec_script(scratch, parsed->dialect, parsed->pre_sql,
				     err);
	for (size_t i = 0; i < cs->nchanges && !rc; i += NORMALIZE_BATCH) {
		size_t end = i + NORMALIZE_BATCH;
		rc = exec_batch(scratch, cs, i, end < cs->nchanges ? end : cs->nchanges,
				err);
	}
	if (!rc)
		rc = ops_introspect(scratch, ev, out, err);
	if (!rc)
		carry_written_checks(parsed, *out);
	if (drv->scratch_drop(server, scratch, &drop_err))
		ops_emit(ev, OPS_EVENT_WARNING, "could not drop the scratch database: %s",
			 drop_err.msg);
out:
	changeset_free(cs);
	catalog_free(empty);
	return rc;
}

int ops_normalize_take(struct sd_conn *conn, const struct catalog *live,
		       struct catalog **parsed, const struct ops_events *ev,
		       struct catalog **out, struct sd_error *err)
{
	int rc = ops_normalize(conn, live, *parsed, ev, out, err);

	if (rc)
		return rc;
	/* the using hints point into the parsed catalog: it stays */
	(*out)->using_hints = (*parsed)->using_hints;
	if (live || (*parsed)->using_hints)
		catalog_own(*out, *parsed);	/* normalize_subset*() */
	else
		catalog_free(*parsed);
	*parsed = NULL;
	return 0;
}

