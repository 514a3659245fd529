/*
 * ops/online.c: online mode for PostgreSQL. A change set is split into
 * what runs in the plan's transaction, rewritten so that it holds its
 * locks only briefly, and steps that run after COMMIT, each on its own:
 *
 *   CREATE INDEX on an existing table  -> CREATE INDEX CONCURRENTLY (an
 *                                         invalid index left by a failure
 *                                         is dropped CONCURRENTLY)
 *   ADD UNIQUE / PRIMARY KEY           -> CREATE UNIQUE INDEX CONCURRENTLY,
 *                                         then ADD CONSTRAINT ... USING INDEX
 *   ADD FOREIGN KEY / CHECK            -> ADD ... NOT VALID in the
 *                                         transaction, VALIDATE CONSTRAINT
 *                                         after it
 *   SET NOT NULL                       -> ADD CHECK (c IS NOT NULL) NOT VALID,
 *                                         VALIDATE, SET NOT NULL (no scan:
 *                                         the validated check proves it),
 *                                         DROP the check
 *
 * Each statement of the split carries the hazards it has as it runs (a
 * `-- hazards:` line that plan --online writes above it, as plain
 * versions have in revisions.sql): an unchanged change keeps its own,
 * a rewritten one's parts say what each does (a brief lock, a scan that
 * lets writes go on, an index built CONCURRENTLY).
 *
 * Every statement runs with a DDL lock_timeout; one that times out waiting
 * for its lock is retried with a growing pause (the transaction is rolled
 * back and run again), so that a long reader makes the deploy wait a
 * little, not every writer queue behind it. Each step has its own
 * statement_timeout when one is given.
 *
 * migrate runs the steps of a version planned with `plan --online` (its
 * version.json's "steps") through online_run_step(), so that both
 * commands take the same locks the same way.
 *
 * Memory: struct online_split owns its statements (online_split_release);
 * nothing else outlives a call.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "diff/hazards.h"
#include "drivers/driver.h"
#include "emit/emit.h"
#include "util/sqlquote.h"
#include "util/strbuf.h"
#include "util/vec.h"
#include "util/banned.h"


static void add_stmt(struct vec *v, struct strbuf *sb)
{
	vec_push(v, strbuf_detach(sb, NULL));
}

/* "-- hazards: NAMES (NOTE)\n" (malloc'd), NULL when mask is 0; a line
 * break in the note (a table name may hold one) becomes a space. */
static char *hazard_line(unsigned mask, const char *note)
{
	struct strbuf sb = STRBUF_INIT;

	if (!mask)
		return NULL;
	strbuf_addstr(&sb, "-- hazards: ");
	hazard_mask_format(mask, &sb);
	if (note && *note)
		strbuf_addf(&sb, " (%s)", note);
	for (size_t i = 0; i < sb.len; i++)
		if (sb.buf[i] == '\n' || sb.buf[i] == '\r')
			sb.buf[i] = ' ';
	strbuf_addch(&sb, '\n');
	return strbuf_detach(&sb, NULL);
}

/* The hazards line of a change that online mode leaves as it is (the
 * comment a plain version has; not-transactional alone is not worth one). */
static char *change_line(const struct changeset *cs, const struct change *ch)
{
	struct change_hazards h;
	struct strbuf sb = STRBUF_INIT;

	change_hazards(cs, ch, &h);
	if (!(h.mask & ~HZ_NOT_TRANSACTIONAL))
		return NULL;
	strbuf_addstr(&sb, "-- hazards: ");
	change_hazards_format(&h, &sb);
	for (size_t i = 0; i < sb.len; i++)
		if (sb.buf[i] == '\n' || sb.buf[i] == '\r')
			sb.buf[i] = ' ';
	strbuf_addch(&sb, '\n');
	return strbuf_detach(&sb, NULL);
}

/* A statement of the plan's transaction with its hazards line (taken). */
static void add_tx(struct online_split *s, struct strbuf *sql, char *hazards)
{
	add_stmt(&s->tx_stmts, sql);
	vec_push(&s->tx_hazards, hazards);
}

/* The brief lock a rewritten change still takes in the transaction (or
 * a step): its blocking hazards and lock, held briefly. */
static char *brief_line(const struct changeset *cs, const struct change *ch,
			const char *why)
{
	struct change_hazards h;
	struct strbuf note = STRBUF_INIT;
	char *line;

	change_hazards(cs, ch, &h);
	strbuf_addf(&note, "%s lock, held briefly: %s",
		    h.lock ? h.lock : "ACCESS EXCLUSIVE", why);
	line = hazard_line(h.mask & (HZ_BLOCKS_WRITES | HZ_BLOCKS_READS)
				   ? h.mask & (HZ_BLOCKS_WRITES | HZ_BLOCKS_READS)
				   : HZ_BLOCKS_WRITES, note.buf);
	strbuf_release(&note);
	return line;
}

static void add_step(struct online_split *s, const char *what,
		     struct strbuf *sql, const char *cleanup, char *hazards)
{
	struct online_step *st;

	if (s->nsteps == s->alloc) {
		s->alloc = s->alloc ? 2 * s->alloc : 8;
		s->steps = realloc(s->steps, s->alloc * sizeof(*s->steps));
	}
	st = &s->steps[s->nsteps++];
	st->what = strdup(what);
	st->sql = strbuf_detach(sql, NULL);
	st->cleanup = cleanup ? strdup(cleanup) : NULL;
	st->transaction = false;
	st->hazards = hazards;
}

/* "ALTER TABLE schema.t" into sb. */
static void alter_table(struct strbuf *sb, const struct sd_object *t)
{
	strbuf_addstr(sb, "ALTER TABLE ");
	sql_quote_qualified(sb, SQL_POSTGRES, t->schema, t->name);
}

static bool partitioned(const struct catalog *live, const char *schema,
			const char *name)
{
	const struct sd_table *t = catalog_find(live, SD_TABLE, schema, name);

	return t && t->partkey;
}

/* The key constraint can be built as a unique index first. */
static bool simple_key(const struct sd_constraint *con)
{
	return (con->type == SD_CON_UNIQUE || con->type == SD_CON_PRIMARY) &&
	       !con->ninclude && !con->nulls_not_distinct && !con->deferrable &&
	       con->ncolumns;
}

static bool has_foreign_key_add(const struct changeset *cs)
{
	for (size_t i = 0; i < cs->nchanges; i++)
		if (cs->changes[i].type == CH_ADD_CONSTRAINT &&
		    cs->changes[i].new_con &&
		    cs->changes[i].new_con->type == SD_CON_FOREIGN)
			return true;
	return false;
}

/* stmt ("...;\n") with " NOT VALID" before its final ';'. */
static void not_valid(struct strbuf *sb, const char *stmt)
{
	size_t n = strlen(stmt);

	while (n && (stmt[n - 1] == '\n' || stmt[n - 1] == ';' ||
		     stmt[n - 1] == ' '))
		n--;
	strbuf_add(sb, stmt, n);
	strbuf_addstr(sb, " NOT VALID;\n");
}

#define CONCURRENT_NOTE "SHARE UPDATE EXCLUSIVE lock: reads and writes go on during the build, which takes a time proportional to the table; a failed build leaves an invalid index, which the step's cleanup drops"
#define NOT_VALID_NOTE "NOT VALID, no scan"
#define VALIDATE_NOTE "a scan proportional to the table under a SHARE UPDATE EXCLUSIVE lock: reads and writes go on"

bool online_rewrites(const struct changeset *cs, const struct change *ch)
{
	struct change_hazards h;

	if (cs->to->dialect != SQL_POSTGRES)
		return false;
	change_hazards(cs, ch, &h);
	switch (ch->type) {
	case CH_CREATE_INDEX:
		return h.mask & HZ_BUILDS_INDEX;
	case CH_ADD_CONSTRAINT:
		if (!ch->new_con)
			return false;
		if (ch->new_con->type == SD_CON_FOREIGN ||
		    ch->new_con->type == SD_CON_CHECK)
			return h.mask & HZ_VALIDATES;
		return simple_key(ch->new_con) && (h.mask & HZ_BUILDS_INDEX) &&
		       !has_foreign_key_add(cs);
	case CH_ALTER_COLUMN_NOT_NULL:
		return h.mask & HZ_VALIDATES;
	default:
		return false;
	}
}

/* online_rewrites(), less what online_split() leaves in the transaction
 * after all (an index or key on a partitioned table). */
static bool runs_online(const struct changeset *cs, const struct catalog *live,
			const struct change *ch)
{
	const struct sd_object *t = ch->new_obj ? ch->new_obj : ch->old_obj;

	if (!online_rewrites(cs, ch))
		return false;
	if (ch->type == CH_CREATE_INDEX) {
		const struct sd_index *ix = (const struct sd_index *)ch->new_obj;

		return !partitioned(live, ix->base.schema, ix->table);
	}
	if (ch->type == CH_ADD_CONSTRAINT && ch->new_con &&
	    ch->new_con->type != SD_CON_FOREIGN &&
	    ch->new_con->type != SD_CON_CHECK)
		return !partitioned(live, t->schema, t->name);
	return true;
}

/* In online mode the rewritten changes no longer block for the time of
 * a scan: say what they do instead. */
void online_hazards(const struct changeset *cs, const struct catalog *live,
		    struct ops_changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct ops_change *oc = &c->items[i];
		struct strbuf sb = STRBUF_INIT;

		if (!runs_online(cs, live, &cs->changes[i]))
			continue;
		oc->online_step = true;
		oc->hazards &= ~(OPS_HZ_BLOCKS_READS | OPS_HZ_BLOCKS_WRITES);
		if (cs->changes[i].type == CH_CREATE_INDEX ||
		    cs->changes[i].type == CH_ADD_CONSTRAINT)
			oc->hazards |= OPS_HZ_NOT_TRANSACTIONAL;
		oc->lock = NULL;
		oc->proportional = false;
		ops_hazard_format(oc->hazards, &sb);
		strbuf_addstr(&sb, " (online: brief locks, then CONCURRENTLY or VALIDATE outside the transaction)");
		free(oc->hazards_text);
		oc->hazards_text = strbuf_detach(&sb, NULL);
	}
}

void online_split(const struct changeset *cs, const struct catalog *live,
		  struct online_split *out)
{
	struct strbuf sb = STRBUF_INIT, sql = STRBUF_INIT;
	struct strbuf what = STRBUF_INIT, cleanup = STRBUF_INIT;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < cs->nchanges; i++) {
		const struct change *ch = &cs->changes[i];
		const struct sd_object *t = ch->new_obj ? ch->new_obj : ch->old_obj;
		struct changeset one = *cs;

		strbuf_reset(&sql);
		emit_change(cs, ch, &sql);
		if (ch->type == CH_ADD_ENUM_VALUE) {
			add_stmt(&out->enum_stmts, &sql);
			continue;
		}
		if (!online_rewrites(cs, ch)) {
			add_tx(out, &sql, change_line(cs, ch));
			continue;
		}
		one.changes = (struct change *)ch;
		one.nchanges = 1;
		strbuf_reset(&what);
		changeset_describe(&one, &what);
		strbuf_rtrim(&what);
		strbuf_reset(&cleanup);
		if (ch->type == CH_CREATE_INDEX) {
			const struct sd_index *ix = (const struct sd_index *)ch->new_obj;
			const char *p = sql.buf;

			if (partitioned(live, ix->base.schema, ix->table)) {
				add_tx(out, &sql, change_line(cs, ch));
				continue;
			}
			if (!strncmp(p, "CREATE UNIQUE INDEX ", 20))
				strbuf_addstr(&sb, "CREATE UNIQUE INDEX CONCURRENTLY "), p += 20;
			else if (!strncmp(p, "CREATE INDEX ", 13))
				strbuf_addstr(&sb, "CREATE INDEX CONCURRENTLY "), p += 13;
			else {
				add_tx(out, &sql, change_line(cs, ch));
				continue;
			}
			strbuf_addstr(&sb, p);
			strbuf_addstr(&cleanup, "DROP INDEX CONCURRENTLY IF EXISTS ");
			sql_quote_qualified(&cleanup, SQL_POSTGRES, ix->base.schema,
					    ix->base.name);
			add_step(out, what.buf, &sb, cleanup.buf,
				 hazard_line(HZ_BUILDS_INDEX | HZ_NOT_TRANSACTIONAL,
					     CONCURRENT_NOTE));
		} else if (ch->type == CH_ADD_CONSTRAINT &&
			   (ch->new_con->type == SD_CON_FOREIGN ||
			    ch->new_con->type == SD_CON_CHECK)) {
			not_valid(&sb, sql.buf);
			add_tx(out, &sb, brief_line(cs, ch, NOT_VALID_NOTE));
			alter_table(&sb, t);
			strbuf_addstr(&sb, " VALIDATE CONSTRAINT ");
			sql_quote_ident(&sb, SQL_POSTGRES, ch->new_con->name);
			strbuf_addstr(&sb, ";\n");
			add_step(out, what.buf, &sb, NULL,
				 hazard_line(HZ_VALIDATES, VALIDATE_NOTE));
		} else if (ch->type == CH_ADD_CONSTRAINT) {
			const struct sd_constraint *con = ch->new_con;

			if (partitioned(live, t->schema, t->name)) {
				add_tx(out, &sql, change_line(cs, ch));
				continue;
			}
			strbuf_addstr(&sb, "CREATE UNIQUE INDEX CONCURRENTLY ");
			sql_quote_ident(&sb, SQL_POSTGRES, con->name);
			strbuf_addstr(&sb, " ON ");
			sql_quote_qualified(&sb, SQL_POSTGRES, t->schema, t->name);
			strbuf_addstr(&sb, " (");
			for (size_t k = 0; k < con->ncolumns; k++) {
				if (k)
					strbuf_addstr(&sb, ", ");
				sql_quote_ident(&sb, SQL_POSTGRES, con->columns[k]);
			}
			strbuf_addstr(&sb, ");\n");
			strbuf_addstr(&cleanup, "DROP INDEX CONCURRENTLY IF EXISTS ");
			sql_quote_qualified(&cleanup, SQL_POSTGRES, t->schema, con->name);
			add_step(out, what.buf, &sb, cleanup.buf,
				 hazard_line(HZ_BUILDS_INDEX | HZ_NOT_TRANSACTIONAL,
					     CONCURRENT_NOTE));
			alter_table(&sb, t);
			strbuf_addstr(&sb, " ADD CONSTRAINT ");
			sql_quote_ident(&sb, SQL_POSTGRES, con->name);
			strbuf_addstr(&sb, con->type == SD_CON_PRIMARY ? " PRIMARY KEY"
								   : " UNIQUE");
			strbuf_addstr(&sb, " USING INDEX ");
			sql_quote_ident(&sb, SQL_POSTGRES, con->name);
			strbuf_addstr(&sb, ";\n");
			add_step(out, what.buf, &sb, NULL,
				 hazard_line(HZ_BLOCKS_WRITES | HZ_BLOCKS_READS,
					     "ACCESS EXCLUSIVE lock, held briefly: the index is built, no scan"));
		} else {	/* CH_ALTER_COLUMN_NOT_NULL: SET NOT NULL */
			struct strbuf check = STRBUF_INIT;
			const char *col = ch->new_col->name;

			strbuf_addf(&check, "%.40s_not_null_sd", col);
			alter_table(&sb, t);
			strbuf_addstr(&sb, " ADD CONSTRAINT ");
			sql_quote_ident(&sb, SQL_POSTGRES, check.buf);
			strbuf_addstr(&sb, " CHECK (");
			sql_quote_ident(&sb, SQL_POSTGRES, col);
			strbuf_addstr(&sb, " IS NOT NULL) NOT VALID;\n");
			add_tx(out, &sb, hazard_line(HZ_BLOCKS_WRITES | HZ_BLOCKS_READS,
						     "ACCESS EXCLUSIVE lock, held briefly: " NOT_VALID_NOTE));
			alter_table(&sb, t);
			strbuf_addstr(&sb, " VALIDATE CONSTRAINT ");
			sql_quote_ident(&sb, SQL_POSTGRES, check.buf);
			strbuf_addstr(&sb, ";\n");
			add_step(out, what.buf, &sb, NULL,
				 hazard_line(HZ_VALIDATES, VALIDATE_NOTE));
			alter_table(&sb, t);
			strbuf_addstr(&sb, " ALTER COLUMN ");
			sql_quote_ident(&sb, SQL_POSTGRES, col);
			strbuf_addstr(&sb, " SET NOT NULL;\n");
			alter_table(&sb, t);
			strbuf_addstr(&sb, " DROP CONSTRAINT ");
			sql_quote_ident(&sb, SQL_POSTGRES, check.buf);
			strbuf_addstr(&sb, ";\n");
			/* SET NOT NULL (no scan) and the drop of the check in
			 * one short transaction */
			add_step(out, what.buf, &sb, NULL,
				 hazard_line(HZ_BLOCKS_WRITES | HZ_BLOCKS_READS,
					     "ACCESS EXCLUSIVE lock, held briefly: the validated check proves NOT NULL, no scan"));
			out->steps[out->nsteps - 1].transaction = true;
			strbuf_release(&check);
		}
	}
	strbuf_release(&sb);
	strbuf_release(&sql);
	strbuf_release(&what);
	strbuf_release(&cleanup);
}

void online_split_release(struct online_split *s)
{
	for (size_t i = 0; i < s->tx_stmts.len; i++)
		free(s->tx_stmts.items[i]);
	for (size_t i = 0; i < s->tx_hazards.len; i++)
		free(s->tx_hazards.items[i]);
	vec_release(&s->tx_hazards);
	for (size_t i = 0; i < s->enum_stmts.len; i++)
		free(s->enum_stmts.items[i]);
	vec_release(&s->tx_stmts);
	vec_release(&s->enum_stmts);
	for (size_t i = 0; i < s->nsteps; i++) {
		free(s->steps[i].what);
		free(s->steps[i].sql);
		free(s->steps[i].cleanup);
		free(s->steps[i].hazards);
	}
	free(s->steps);
	memset(s, 0, sizeof(*s));
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Did the statement give up waiting for a lock (lock_timeout)? */
static bool lock_timed_out(const struct sd_error *err)
{
	return strstr(err->msg, "lock timeout") != NULL;
}

static int set_timeout(struct sd_conn *conn, const char *name, long ms,
		       struct sd_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	strbuf_addf(&sb, "SET %s = %ld", name, ms > 0 ? ms : 0);
	rc = conn->drv->exec(conn, sb.buf, NULL, err);
	strbuf_release(&sb);
	return rc;
}

void online_opts_init(struct online_opts *oo, long ddl_lock_timeout_ms,
		      long statement_timeout_ms, int ddl_lock_retries)
{
	memset(oo, 0, sizeof(*oo));
	oo->lock_timeout_ms = ddl_lock_timeout_ms > 0 ? ddl_lock_timeout_ms
						      : OPS_DDL_LOCK_TIMEOUT_MS;
	oo->statement_timeout_ms = statement_timeout_ms > 0 ?
				   statement_timeout_ms : 0;
	oo->retries = ddl_lock_retries > 0 ? ddl_lock_retries
		      : ddl_lock_retries < 0 ? 0 : 5;
}

/* Run stmts in one transaction, again after a lock timeout. */
static int run_tx(struct sd_conn *conn, const char *const *stmts, size_t n,
		  const struct online_opts *o, const char *what,
		  const struct ops_events *ev, struct sd_error *err)
{
	long wait = 500;
	int rc = 0, attempts = o->retries + 1;

	for (int attempt = 1; attempt <= attempts; attempt++) {
		struct sd_error rb = { 0 };

		sd_error_clear(err);
		rc = conn->drv->begin(conn, err);
		for (size_t i = 0; !rc && i < n; i++) {
			rc = conn->drv->exec(conn, stmts[i], NULL, err);
			if (rc)
				sd_error_hint(err, "in the statement: %.600s", stmts[i]);
		}
		if (!rc)
			rc = conn->drv->commit(conn, err);
		if (!rc)
			return 0;
		conn->drv->rollback(conn, &rb);
		/* a cancel ends the retries too */
		if (!lock_timed_out(err) || attempt == attempts ||
		    sd_cancel_signal())
			break;
		ops_emit(ev, OPS_EVENT_PROGRESS, "%s: could not get its lock within %ld ms (attempt %d of %d): rolled back, trying again in %ld ms",
			 what, o->lock_timeout_ms, attempt, attempts, wait);
		pause_ms(wait);
		wait *= 2;
	}
	if (lock_timed_out(err))
		sd_error_hint(err, "another session holds a lock on the table for longer than --ddl-lock-timeout (%ld ms), %d times: end it or try again later; nothing of \"%s\" was kept",
			      o->lock_timeout_ms, attempts, what);
	return rc;
}

/* One step outside the transaction: again after a lock timeout; an
 * invalid index left by a failed CONCURRENTLY build is dropped first. */
int online_run_step(struct sd_conn *conn, const struct online_step *st,
		    const struct online_opts *o, const struct ops_events *ev,
		    struct sd_error *err)
{
	long wait = 500;
	int rc = 0, attempts = o->retries + 1;

	for (int attempt = 1; attempt <= attempts; attempt++) {
		struct sd_error ce = { 0 };

		sd_error_clear(err);
		if (st->transaction) {
			const char *one[1] = { st->sql };
			rc = run_tx(conn, one, 1, o, st->what, ev, err);
			return rc;
		}
		rc = conn->drv->exec(conn, st->sql, NULL, err);
		if (!rc)
			return 0;
		if (st->cleanup && conn->drv->exec(conn, st->cleanup, NULL, &ce))
			ops_emit(ev, OPS_EVENT_WARNING, "could not drop the invalid index left by a failed build: %s (run: %s)",
				 ce.msg, st->cleanup);
		else if (st->cleanup)
			ops_emit(ev, OPS_EVENT_PROGRESS, "%s: the build failed; its invalid index was dropped", st->what);
		if (!lock_timed_out(err) || attempt == attempts ||
		    sd_cancel_signal())
			break;
		ops_emit(ev, OPS_EVENT_PROGRESS, "%s: could not get its lock within %ld ms (attempt %d of %d): trying again in %ld ms",
			 st->what, o->lock_timeout_ms, attempt, attempts, wait);
		pause_ms(wait);
		wait *= 2;
	}
	sd_error_hint(err, "in the online step: %.600s", st->sql);
	return rc;
}

int online_execute(struct sd_conn *conn, const struct online_split *s,
		   const struct online_opts *o, const struct ops_events *ev,
		   struct sd_error *err)
{
	struct sd_error ignore = { 0 };
	int rc;

	rc = set_timeout(conn, "lock_timeout", o->lock_timeout_ms, err);
	if (rc)
		return rc;
	if (s->enum_stmts.len) {
		rc = run_tx(conn, (const char *const *)s->enum_stmts.items,
			    s->enum_stmts.len, o, "new enum values", ev, err);
		if (rc)
			goto out;
	}
	if (s->tx_stmts.len) {
		rc = run_tx(conn, (const char *const *)s->tx_stmts.items,
			    s->tx_stmts.len, o, "the plan's transaction", ev, err);
		if (rc)
			goto out;
		ops_emit(ev, OPS_EVENT_PROGRESS, "online: committed %zu statement%s; %zu step%s outside the transaction follow%s",
			 s->tx_stmts.len, s->tx_stmts.len == 1 ? "" : "s",
			 s->nsteps, s->nsteps == 1 ? "" : "s",
			 s->nsteps == 1 ? "s" : "");
	}
	for (size_t i = 0; i < s->nsteps; i++) {
		double t0 = ops_now();

		if (o->statement_timeout_ms > 0 &&
		    (rc = set_timeout(conn, "statement_timeout",
				      o->statement_timeout_ms, err)))
			goto out;
		rc = online_run_step(conn, &s->steps[i], o, ev, err);
		if (rc) {
			ops_emit(ev, OPS_EVENT_ERROR, "online step %zu of %zu failed (%s); the transaction and the %zu step%s before it stay applied: fix the cause and run apply again, it plans from what the database now holds",
				 i + 1, s->nsteps, s->steps[i].what, i,
				 i == 1 ? "" : "s");
			goto out;
		}
		ops_emit(ev, OPS_EVENT_PROGRESS, "online step %zu of %zu: %s (%.1f s)",
			 i + 1, s->nsteps, s->steps[i].what, ops_now() - t0);
	}
out:
	set_timeout(conn, "statement_timeout", 0, &ignore);
	set_timeout(conn, "lock_timeout", 0, &ignore);
	return rc;
}
