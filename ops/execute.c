/*
 * ops/execute.c: running SQL on a live database: a change set in one
 * transaction (PostgreSQL; new enum values first, in one of their own), or
 * statement by statement on an engine whose DDL is not transactional
 * (MySQL, MariaDB), each committing on its own, so that a failure can say
 * exactly which statements were applied and which were not. There ALTER
 * TABLE statements ask for the cheapest algorithm the server offers
 * (INSTANT, then INPLACE) and it is said when the server has to copy the
 * table. Also scripts of several statements, and the deploy lock. Before
 * each statement and before COMMIT the run stops after a cancel request
 * (saying what state the database is in) and when its deploy lock was
 * lost; each statement done is a progress event (OPS_EVENT_STEP).
 *
 * Memory: the split statements live in a struct pg_script released here;
 * nothing outlives a call. What a user should see goes out as events.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "drivers/driver.h"
#include "emit/emit.h"
#include "parser/front/front.h"
#include "util/strbuf.h"
#include "util/banned.h"

/* MySQL's ER_ALTER_OPERATION_NOT_SUPPORTED(_REASON)(_...): the algorithm
 * asked for cannot do this change. */
#define ER_ALTER_OPERATION_NOT_SUPPORTED 1845
#define ER_ALTER_OPERATION_NOT_SUPPORTED_REASON 1846

/* The server's error number in a driver message ("ERROR 1846 (0A000):
 * ..."), or 0. */
int ops_mysql_errno(const char *msg)
{
	const char *p = msg ? strstr(msg, "ERROR ") : NULL;

	if (!p || !isdigit((unsigned char)p[6]))
		return 0;
	return atoi(p + 6);
}

static int has_prefix_ci(const char *s, const char *prefix)
{
	return !strncasecmp(s, prefix, strlen(prefix));
}

/* 1 when the statement has a word starting with PARTITION (PARTITION BY,
 * ADD PARTITION, REMOVE PARTITIONING) after any white space: a newline
 * before PARTITION BY is as good as a blank. */
static int has_partition_word(const char *stmt)
{
	for (const char *p = stmt; (p = strcasestr(p, "PARTITION")); p++)
		if (p > stmt && isspace((unsigned char)p[-1]))
			return 1;
	return 0;
}

/* 1 when an ALGORITHM= clause may be appended to the statement (not after
 * partition options, which must come last). */
static int algorithm_applies(const char *stmt)
{
	return has_prefix_ci(stmt, "ALTER TABLE ") &&
	       !strcasestr(stmt, "ALGORITHM=") && !has_partition_word(stmt);
}

/*
 * Run one statement; an ALTER TABLE first with ALGORITHM=INSTANT, then
 * INPLACE, then as it is (the server copies the table: said on stderr).
 * *copied is set when the copy happened.
 */
static int exec_alter(struct sd_conn *conn, const char *stmt, int *copied,
		      const struct ops_exec_opts *xo, struct sd_error *err)
{
	static const char *const algos[] = { "INSTANT", "INPLACE" };
	static const char *const online_algos[] = { "INSTANT",
						    "INPLACE, LOCK=NONE" };
	struct strbuf sql = STRBUF_INIT;
	int rc;

	*copied = 0;
	if (!algorithm_applies(stmt))
		return conn->drv->exec(conn, stmt, NULL, err);
	for (size_t i = 0; i < sizeof(algos) / sizeof(*algos); i++) {
		int no;

		strbuf_reset(&sql);
		strbuf_addf(&sql, "%s, ALGORITHM=%s", stmt,
			    xo && xo->lock_none ? online_algos[i] : algos[i]);
		sd_error_clear(err);
		rc = conn->drv->exec(conn, sql.buf, NULL, err);
		no = rc ? ops_mysql_errno(err->msg) : 0;
		if (!rc || (no != ER_ALTER_OPERATION_NOT_SUPPORTED &&
			    no != ER_ALTER_OPERATION_NOT_SUPPORTED_REASON)) {
			strbuf_release(&sql);
			return rc;
		}
	}
	strbuf_release(&sql);
	sd_error_clear(err);
	if (xo && xo->may_copy && !xo->may_copy(xo->arg, stmt, err))
		return err->code;
	rc = conn->drv->exec(conn, stmt, NULL, err);
	if (!rc)
		*copied = 1;
	return rc;
}

int ops_exec_script(struct sd_conn *conn, enum sql_dialect dialect,
		    const char *sql, struct sd_error *err)
{
	struct pg_script script = PG_SCRIPT_INIT;
	int rc;

	if (dialect != SQL_MYSQL)
		return conn->drv->exec(conn, sql, NULL, err);
	rc = front_split(dialect, "(generated)", sql, &script, err);
	for (size_t i = 0; !rc && i < script.nstmts; i++) {
		rc = conn->drv->exec(conn, script.stmts[i].sql, NULL, err);
		if (rc)
			sd_error_hint(err, "in the statement: %.600s",
				      script.stmts[i].sql);
	}
	pg_script_release(&script);
	return rc;
}

/* The first line of a statement, cut, for lists in messages. */
static void stmt_brief(struct strbuf *out, const char *stmt)
{
	size_t n = strcspn(stmt, "\n");

	if (n > 100)
		n = 100;
	strbuf_add(out, stmt, n);
	if (stmt[n])
		strbuf_addstr(out, " ...");
}

static int execute_nontx(struct sd_conn *conn, const struct changeset *cs,
			 ops_verify_fn verify, void *verify_arg,
			 const struct ops_events *ev,
			 const struct ops_exec_opts *xo, struct sd_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	struct pg_script script = PG_SCRIPT_INIT;
	size_t ncopied = 0;
	int rc;

	if (xo && xo->pre_sql)
		strbuf_addstr(&sql, xo->pre_sql);
	emit_changeset(cs, &sql);
	rc = front_split(cs->to->dialect, "(generated)", sql.buf, &script, err);
	if (rc)
		goto out;
	ops_emit(ev, OPS_EVENT_NOTE, "%s DDL is not transactional: each of the %zu statements commits on its own; if one fails, those before it stay applied",
		 conn->drv->name, script.nstmts);
	for (size_t i = 0; i < script.nstmts; i++) {
		const char *stmt = script.stmts[i].sql;
		double ts = ops_now();
		int copied;

		rc = ops_may_go_on(conn, err);
		if (rc) {
			if (rc == SD_ERR_CANCELLED)
				sd_error_set(err, rc, NULL, 0, 0,
					     "interrupted by %s after %zu of %zu statements: %s",
					     ops_signal_name(), i, script.nstmts,
					     i ? "those stay applied (the DDL is not transactional); apply again plans from what the database now holds"
					       : "nothing was changed");
			goto out;
		}
		rc = exec_alter(conn, stmt, &copied, xo, err);
		if (!rc)
			ops_emit_step(ev, i + 1, script.nstmts, stmt,
				      ops_now() - ts);
		if (rc) {
			struct strbuf done = STRBUF_INIT;

			for (size_t j = 0; j < i && j < 10; j++) {
				strbuf_addf(&done, "\n  %zu: ", j + 1);
				stmt_brief(&done, script.stmts[j].sql);
			}
			if (i > 10)
				strbuf_addf(&done, "\n  ... and %zu more",
					    i - 10);
			if (i)
				ops_emit(ev, OPS_EVENT_PROGRESS, "%zu statement%s of %zu %s applied and stay%s:%s",
					 i, i == 1 ? "" : "s", script.nstmts,
					 i == 1 ? "was" : "were",
					 i == 1 ? "s" : "", done.buf);
			if (i + 1 < script.nstmts)
				ops_emit(ev, OPS_EVENT_PROGRESS, "%zu statement%s after the failed one %s not run",
					 script.nstmts - i - 1,
					 script.nstmts - i - 1 == 1 ? "" : "s",
					 script.nstmts - i - 1 == 1 ? "was" : "were");
			strbuf_reset(&done);
			stmt_brief(&done, stmt);
			sd_error_hint(err, "statement %zu of %zu failed: %s%s", i + 1,
				      script.nstmts, done.buf,
				      i ? "; the statements before it stay applied: fix the cause and run apply again, it plans from what the database now holds"
					: "; nothing was applied");
			strbuf_release(&done);
			goto out;
		}
		if (copied) {
			ncopied++;
			{
				struct strbuf b = STRBUF_INIT;
				stmt_brief(&b, stmt);
				ops_emit(ev, OPS_EVENT_NOTE, "the server copied the table for: %s",
					 b.buf);
				strbuf_release(&b);
			}
		}
	}
	if (ncopied)
		ops_emit(ev, OPS_EVENT_PROGRESS, "%zu statement%s could not run in place (ALGORITHM=INSTANT or INPLACE) and copied the table",
			 ncopied, ncopied == 1 ? "" : "s");
	if (verify)
		rc = verify(conn, verify_arg, err);
out:
	pg_script_release(&script);
	strbuf_release(&sql);
	return rc;
}
/* Execute changes [from, to) inside the current transaction, one
 * statement at a time; on a failure err says which statement. */
static int exec_changes(struct sd_conn *conn, const struct changeset *cs,
			size_t from, size_t to, int enum_values,
			const struct ops_events *ev, struct sd_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	size_t n = 0, total = 0;
	int rc = 0;

	for (size_t i = from; i < to; i++)
		total += (cs->changes[i].type == CH_ADD_ENUM_VALUE) == !!enum_values;
	for (size_t i = from; i < to && !rc; i++) {
		const struct change *ch = &cs->changes[i];
		double ts = ops_now();

		if ((ch->type == CH_ADD_ENUM_VALUE) != !!enum_values)
			continue;
		strbuf_reset(&sql);
		emit_change(cs, ch, &sql);
		rc = ops_may_go_on(conn, err);
		if (!rc)
			rc = conn->drv->exec(conn, sql.buf, NULL, err);
		if (!rc)
			ops_emit_step(ev, ++n, total, sql.buf, ops_now() - ts);
		if (rc == SD_ERR_CANCELLED || (rc && err->code == SD_ERR_CONFLICT))
			break;
		if (rc) {
			strbuf_rtrim(&sql);
			sd_error_hint(err, "in the statement: %.600s", sql.buf);
		}
	}
	strbuf_release(&sql);
	return rc;
}

static int cancelled(int rc, struct sd_error *err, const char *state);

int ops_execute(struct sd_conn *conn, const struct changeset *cs,
		ops_verify_fn verify, void *verify_arg,
		const struct ops_events *ev, struct sd_error *err)
{
	return ops_execute_ex(conn, cs, verify, verify_arg, ev, NULL, err);
}

int ops_execute_ex(struct sd_conn *conn, const struct changeset *cs,
		   ops_verify_fn verify, void *verify_arg,
		   const struct ops_events *ev, const struct ops_exec_opts *xo,
		   struct sd_error *err)
{
	const struct sd_driver *drv = conn->drv;
	struct sd_error rb = { 0 };
	const char *pre = xo && xo->pre_sql && *xo->pre_sql ? xo->pre_sql : NULL;
	size_t nenum = 0;
	int rc;

	if (!drv->transactional_ddl)
		return execute_nontx(conn, cs, verify, verify_arg, ev, xo, err);

	for (size_t i = 0; i < cs->nchanges; i++)
		if (cs->changes[i].type == CH_ADD_ENUM_VALUE)
			nenum++;
	/* PostgreSQL cannot use an enum value in the transaction that adds
	 * it: new values go first, in a transaction of their own. */
	if (nenum && nenum < cs->nchanges) {
		ops_emit(ev, OPS_EVENT_PROGRESS, "adding %zu enum value%s in a transaction of its own first (a new enum value cannot be used in the transaction that adds it)",
			 nenum, nenum == 1 ? "" : "s");
		rc = drv->begin(conn, err);
		/* the renames first: the new values name the new names */
		if (!rc && pre)
			rc = ops_exec_script(conn, cs->to->dialect, pre, err);
		if (!rc)
			rc = exec_changes(conn, cs, 0, cs->nchanges, 1, ev, err);
		if (!rc)
			rc = ops_may_go_on(conn, err);
		if (!rc)
			rc = drv->commit(conn, err);
		else
			drv->rollback(conn, &rb);
		if (rc)
			return cancelled(rc, err, "the enum values were rolled back; the database is as it was before");
	}
	rc = drv->begin(conn, err);
	if (rc)
		return rc;
	if (pre && !(nenum && nenum < cs->nchanges))
		rc = ops_exec_script(conn, cs->to->dialect, pre, err);
	if (!rc)
		rc = exec_changes(conn, cs, 0, cs->nchanges,
			  nenum == cs->nchanges, ev, err);
	if (!rc && verify)
		rc = verify(conn, verify_arg, err);
	if (!rc)
		rc = ops_may_go_on(conn, err);
	if (rc) {
		drv->rollback(conn, &rb);
		return cancelled(rc, err, nenum && nenum < cs->nchanges
				 ? (pre ? "the transaction was rolled back; only the renames and the new enum values, committed first, stay"
					: "the transaction was rolled back; only the new enum values, committed first, stay")
				 : "the transaction was rolled back; the database is as it was before");
	}
	return drv->commit(conn, err);
}

/* After a cancel request: one message saying what state the database is
 * in. */
static int cancelled(int rc, struct sd_error *err, const char *state)
{
	if (rc != SD_ERR_CANCELLED && !sd_cancel_signal())
		return rc;
	return sd_error_set(err, SD_ERR_CANCELLED, NULL, 0, 0,
			    "interrupted by %s: %s", ops_signal_name(), state);
}

int ops_may_go_on(struct sd_conn *conn, struct sd_error *err)
{
	int rc = sd_cancel_check(err);

	if (!rc && conn->drv->lock_check)
		rc = conn->drv->lock_check(conn, err);
	return rc;
}


int ops_take_lock(struct sd_conn *db, const char *name, long timeout_ms,
		  const struct ops_events *ev, struct sd_error *err)
{
	/* One deploy at a time: try, say that we wait, then wait. */
	if (!db->drv->lock(db, name, 0, err))
		return 0;
	if (err->code != SD_ERR_CONFLICT || timeout_ms == 0)
		return err->code;
	ops_emit(ev, OPS_EVENT_LOCK_WAIT, "waiting for the lock of schema \"%s\": another schemadiff run holds it",
		 name);
	sd_error_clear(err);
	return db->drv->lock(db, name, timeout_ms, err);
}
