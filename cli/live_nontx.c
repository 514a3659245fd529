/*
 * cli/live_nontx.c: running changes on an engine whose DDL is not
 * transactional (MySQL, MariaDB): statement by statement, each committing
 * on its own, so that a failure can say exactly which statements were
 * applied and which were not. ALTER TABLE statements ask for the cheapest
 * algorithm the server offers (INSTANT, then INPLACE) and say when the
 * server has to copy the table.
 *
 * Memory: the split statements live in a struct pg_script released here;
 * nothing outlives a call.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
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
int cli_mysql_errno(const char *msg)
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

/* 1 when an ALGORITHM= clause may be appended to the statement. */
static int algorithm_applies(const char *stmt)
{
	return has_prefix_ci(stmt, "ALTER TABLE ") &&
	       !strcasestr(stmt, "ALGORITHM=") &&
	       !strcasestr(stmt, " PARTITION") &&
	       !strcasestr(stmt, "REMOVE PARTITIONING");
}

/*
 * Run one statement; an ALTER TABLE first with ALGORITHM=INSTANT, then
 * INPLACE, then as it is (the server copies the table: said on stderr).
 * *copied is set when the copy happened.
 */
static int exec_alter(struct sd_conn *conn, const char *stmt, int *copied,
		      struct sd_error *err)
{
	static const char *const algos[] = { "INSTANT", "INPLACE" };
	struct strbuf sql = STRBUF_INIT;
	int rc;

	*copied = 0;
	if (!algorithm_applies(stmt))
		return conn->drv->exec(conn, stmt, NULL, err);
	for (size_t i = 0; i < sizeof(algos) / sizeof(*algos); i++) {
		int no;

		strbuf_reset(&sql);
		strbuf_addf(&sql, "%s, ALGORITHM=%s", stmt, algos[i]);
		sd_error_clear(err);
		rc = conn->drv->exec(conn, sql.buf, NULL, err);
		no = rc ? cli_mysql_errno(err->msg) : 0;
		if (!rc || (no != ER_ALTER_OPERATION_NOT_SUPPORTED &&
			    no != ER_ALTER_OPERATION_NOT_SUPPORTED_REASON)) {
			strbuf_release(&sql);
			return rc;
		}
	}
	strbuf_release(&sql);
	sd_error_clear(err);
	rc = conn->drv->exec(conn, stmt, NULL, err);
	if (!rc)
		*copied = 1;
	return rc;
}

int cli_exec_script(struct sd_conn *conn, enum sql_dialect dialect,
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

int cli_execute_nontx(struct sd_conn *conn, const struct changeset *cs,
		      int (*verify)(struct sd_conn *, void *,
				    struct sd_error *),
		      void *verify_arg, struct sd_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	struct pg_script script = PG_SCRIPT_INIT;
	size_t ncopied = 0;
	int rc;

	emit_changeset(cs, &sql);
	rc = front_split(cs->to->dialect, "(generated)", sql.buf, &script, err);
	if (rc)
		goto out;
	fprintf(stderr, "schemadiff: note: %s DDL is not transactional: each of the %zu statements commits on its own; if one fails, those before it stay applied\n",
		conn->drv->name, script.nstmts);
	for (size_t i = 0; i < script.nstmts; i++) {
		const char *stmt = script.stmts[i].sql;
		int copied;

		rc = exec_alter(conn, stmt, &copied, err);
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
				fprintf(stderr, "schemadiff: %zu statement%s of %zu %s applied and stay%s:%s\n",
					i, i == 1 ? "" : "s", script.nstmts,
					i == 1 ? "was" : "were",
					i == 1 ? "s" : "", done.buf);
			if (i + 1 < script.nstmts)
				fprintf(stderr, "schemadiff: %zu statement%s after the failed one %s not run\n",
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
			fputs("schemadiff: note: the server copied the table for: ",
			      stderr);
			{
				struct strbuf b = STRBUF_INIT;
				stmt_brief(&b, stmt);
				fprintf(stderr, "%s\n", b.buf);
				strbuf_release(&b);
			}
		}
	}
	if (ncopied)
		fprintf(stderr, "schemadiff: %zu statement%s could not run in place (ALGORITHM=INSTANT or INPLACE) and copied the table\n",
			ncopied, ncopied == 1 ? "" : "s");
	if (verify)
		rc = verify(conn, verify_arg, err);
out:
	pg_script_release(&script);
	strbuf_release(&sql);
	return rc;
}
