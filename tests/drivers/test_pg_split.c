/*
 * tests/drivers/test_pg_split.c: the statement splitter that migrate runs
 * version files with (parser/pg/pg_split.c): statements and their line and
 * column, syntax errors as FILE:LINE:COL, and the statements that cannot
 * run inside a transaction block. No server needed.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "parser/pg/pg_split.h"
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
