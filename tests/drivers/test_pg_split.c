/*
 * tests/drivers/test_pg_split.c: the statement splitter that migrate runs
 * version files with (parser/pg/pg_split.c): statements and their line and
 * column, syntax errors as FILE:LINE:COL, and the statements that cannot
 * run inside a transaction block; the windowed split (pg_split_spans())
 * against libpg_query's whole-text split. No server needed.
 */
#include <criterion/criterion.h>
#include <pg_query.h>
#include <stdlib.h>
#include <string.h>

#include "parser/pg/pg_split.h"
#include "util/strbuf.h"
#include "util/banned.h"

Test(pg_split, statements_and_positions)
{
	struct pg_script s = PG_SCRIPT_INIT;
	struct sd_error err = { 0 };
	const char *sql =
		"-- header\n"
		"CREATE TABLE t (a text DEFAULT ';');\n"
		"\n"
		"  /* a /* nested */ comment */ INSERT INTO t VALUES ('x;y');\n"
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;\n"
		";;\n"
		"SELECT 1 -- no semicolon at the end\n";

	cr_assert_eq(pg_split("f.sql", sql, &s, &err), 0, "%s", err.msg);
	cr_assert_eq(s.nstmts, 4);
	cr_expect_str_eq(s.stmts[0].sql, "CREATE TABLE t (a text DEFAULT ';')");
	cr_expect_eq(s.stmts[0].line, 2);
	cr_expect_eq(s.stmts[0].col, 1);
	cr_expect_str_eq(s.stmts[1].sql, "INSERT INTO t VALUES ('x;y')");
	cr_expect_eq(s.stmts[1].line, 4);
	cr_expect_eq(s.stmts[1].col, 32);
	cr_expect(strstr(s.stmts[2].sql, "$$ SELECT 1; $$"));
	cr_expect_eq(s.stmts[3].line, 7);
	cr_expect(!strncmp(s.stmts[3].sql, "SELECT 1", 8));
	pg_script_release(&s);
}

Test(pg_split, syntax_error_position)
{
	struct pg_script s = PG_SCRIPT_INIT;
	struct sd_error err = { 0 };

	cr_assert_eq(pg_split("v/3/revisions.sql",
			      "SELECT 'ééé';\nCREATE TABEL x (a int);\n", &s, &err),
		     SD_ERR_SYNTAX);
	cr_expect_str_eq(err.file, "v/3/revisions.sql");
	cr_expect_eq(err.line, 2);
	cr_expect_eq(err.col, 8);
	cr_expect(strstr(err.msg, "syntax error at or near \"TABEL\""), "%s", err.msg);
	pg_script_release(&s);
	cr_expect_eq(pg_split("e.sql", "", &s, &err), 0);
	cr_expect_eq(s.nstmts, 0);
	pg_script_release(&s);
}

Test(pg_split, no_transaction)
{
	cr_expect_null(pg_stmt_no_transaction("CREATE INDEX i ON t (a)", 150000));
	cr_expect_not_null(pg_stmt_no_transaction("create index concurrently i on t (a)", 150000));
	cr_expect_not_null(pg_stmt_no_transaction("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)", 150000));
	cr_expect_not_null(pg_stmt_no_transaction("DROP INDEX CONCURRENTLY i", 150000));
	cr_expect_not_null(pg_stmt_no_transaction("REINDEX TABLE CONCURRENTLY t", 150000));
	cr_expect_not_null(pg_stmt_no_transaction("VACUUM t", 150000));
	cr_expect_not_null(pg_stmt_no_transaction("/* c */ CREATE DATABASE x", 150000));
	cr_expect_not_null(pg_stmt_no_transaction("ALTER SYSTEM SET work_mem = '1MB'", 150000));
	cr_expect_not_null(pg_stmt_no_transaction("ALTER TABLE p DETACH PARTITION c CONCURRENTLY", 150000));
	cr_expect_null(pg_stmt_no_transaction("ALTER TYPE s.\"e\" ADD VALUE 'x'", 150000));
	cr_expect_not_null(pg_stmt_no_transaction("ALTER TYPE s.\"e\" ADD VALUE 'x'", 110000));
	cr_expect_not_null(pg_stmt_no_transaction("COMMIT", 150000));
	cr_expect_not_null(pg_stmt_no_transaction("BEGIN", 150000));
	cr_expect_null(pg_stmt_no_transaction("ROLLBACK TO SAVEPOINT a", 150000));
	cr_expect_null(pg_stmt_no_transaction("SAVEPOINT a", 150000));
	cr_expect_null(pg_stmt_no_transaction("REFRESH MATERIALIZED VIEW CONCURRENTLY v", 150000));
	cr_expect_null(pg_stmt_no_transaction("DO $$ BEGIN VACUUM; END $$", 150000));
	cr_expect_null(pg_stmt_no_transaction("SELECT 'VACUUM'", 150000));
	cr_expect_eq(pg_char_to_byte("aéb", 3), 3);
}

/*
 * pg_split_spans() parses a window of the text at a time: with a tiny
 * window every statement boundary is a window boundary, and statements
 * with ';' inside (literals, comments, dollar quotes, BEGIN ATOMIC, CREATE
 * RULE) must still come out whole, exactly as the whole-text split gives
 * them.
 */
static const char *const window_script =
	"-- a comment; with a semicolon\n"
	"CREATE TABLE t (a text DEFAULT 'x;y', b text DEFAULT E'\\';');\n"
	"/* block; /* nested; */ comment */\n"
	"CREATE FUNCTION f() RETURNS int LANGUAGE sql\n"
	"  AS $body$ SELECT 1; SELECT 2; $body$;\n"
	"CREATE FUNCTION g() RETURNS int LANGUAGE sql\n"
	"  BEGIN ATOMIC SELECT 1; SELECT 2; END;\n"
	"CREATE RULE r AS ON INSERT TO t DO ALSO\n"
	"  (INSERT INTO t VALUES ('a'); INSERT INTO t VALUES ('b'));\n"
	"CREATE TABLE \"we;ird\" (\"x;\" int);\n"
	"SELECT 1";

Test(pg_split, windows_match_whole_text)
{
	PgQuerySplitResult whole = pg_query_split_with_parser(window_script);
	static const size_t windows[] = { 1, 7, 16, 40, 100, 0 };

	cr_assert_null(whole.error);
	cr_assert_eq(whole.n_stmts, 6);
	for (size_t w = 0; w < sizeof(windows) / sizeof(*windows); w++) {
		struct pg_split_error e;
		struct pg_span *spans;
		size_t n;

		cr_assert_eq(pg_split_spans(window_script, windows[w], &spans,
					    &n, &e), 0, "window %zu: %s",
			     windows[w], e.msg);
		cr_assert_eq(n, (size_t)whole.n_stmts, "window %zu",
			     windows[w]);
		for (size_t i = 0; i < n; i++) {
			size_t len = (size_t)whole.stmts[i]->stmt_len;
			if (!len)
				len = strlen(window_script) -
				      (size_t)whole.stmts[i]->stmt_location;
			cr_expect_eq(spans[i].loc,
				     (size_t)whole.stmts[i]->stmt_location,
				     "window %zu, statement %zu", windows[w], i);
			cr_expect_eq(spans[i].len, len,
				     "window %zu, statement %zu", windows[w], i);
		}
		free(spans);
	}
	pg_query_free_split_result(whole);
}

Test(pg_split, syntax_error_in_a_later_window)
{
	struct pg_split_error e;
	struct pg_span *spans;
	struct strbuf sql = STRBUF_INIT;
	size_t n;

	for (int i = 0; i < 200; i++)
		strbuf_addf(&sql, "CREATE TABLE t%d (a int);\n", i);
	strbuf_addstr(&sql, "CREATE TABEL x (a int);\nSELECT 1;\n");
	cr_assert_eq(pg_split_spans(sql.buf, 64, &spans, &n, &e),
		     SD_ERR_SYNTAX);
	cr_expect(e.has_pos);
	cr_expect_eq(e.offset, (size_t)(strstr(sql.buf, "TABEL") - sql.buf));
	cr_expect(strstr(e.msg, "syntax error at or near \"TABEL\""), "%s",
		  e.msg);
	cr_expect_leq(n, 200);
	free(spans);
	strbuf_release(&sql);
}

Test(pg_split, many_statements_keep_line_numbers)
{
	struct pg_script s = PG_SCRIPT_INIT;
	struct sd_error err = { 0 };
	struct strbuf sql = STRBUF_INIT;

	/* more than one window's worth, so positions cross windows */
	for (int i = 0; i < 5000; i++)
		strbuf_addf(&sql, "%sCREATE TABLE t%d (a text DEFAULT ';');\n",
			    i % 2 ? "  " : "", i);
	cr_assert_eq(pg_split("v.sql", sql.buf, &s, &err), 0, "%s", err.msg);
	cr_assert_eq(s.nstmts, 5000);
	for (size_t i = 0; i < s.nstmts; i++) {
		cr_assert_eq(s.stmts[i].line, (int)i + 1);
		cr_assert_eq(s.stmts[i].col, i % 2 ? 3 : 1);
	}
	cr_expect_str_eq(s.stmts[4999].sql,
			 "CREATE TABLE t4999 (a text DEFAULT ';')");
	pg_script_release(&s);
	strbuf_release(&sql);
}
