/*
 * tests/util/test_sqlinclude.c: client includes (psql's \i, \ir,
 * \include, \include_relative; the mysql client's source and \.) cut
 * into pieces in the order the client runs them, positions kept, and
 * the errors: a missing file at its include line with the chain, a
 * cycle, nesting past the limit.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/sqlinclude.h"
#include "util/banned.h"

static char dir[] = "/tmp/sd-include.XXXXXX";

static void setup(void)
{
	strncpy(dir, "/tmp/sd-include.XXXXXX", sizeof(dir));
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

static const char *path_of(const char *name)
{
	static char p[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static void write_file(const char *name, const char *text)
{
	FILE *f = fopen(path_of(name), "w");

	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

TestSuite(sqlinclude, .init = setup, .fini = teardown);

Test(sqlinclude, a_file_without_includes_is_one_piece)
{
	struct sd_sql_pieces p = SD_SQL_PIECES_INIT;
	struct sd_error err = { 0 };
	const char *sql = "CREATE TABLE t (\n  source int\n);\n";

	cr_assert_eq(sd_sql_includes(true, "a.sql", sql, &p, &err), 0, "%s",
		     err.msg);
	cr_assert_eq(p.n, 1);
	cr_expect_str_eq(p.items[0].file, "a.sql");
	cr_expect_str_eq(p.items[0].text, sql);
	sd_sql_pieces_release(&p);
}

Test(sqlinclude, mysql_source_runs_the_file_in_place_relative_to_the_includer)
{
	struct sd_sql_pieces p = SD_SQL_PIECES_INIT;
	struct sd_error err = { 0 };
	const char *sql = "CREATE TABLE a (x int);\n"
			  "source b.dump ;\n"
			  "\\. c.dump\n"
			  "CREATE TABLE d (x int);\n";

	write_file("b.dump", "INSERT INTO a VALUES (1);\n");
	write_file("c.dump", "INSERT INTO a VALUES (2);\n");
	cr_assert_eq(sd_sql_includes(true, path_of("main.sql"), sql, &p, &err),
		     0, "%s", err.msg);
	cr_assert_eq(p.n, 5);
	cr_expect_str_eq(p.items[0].text, "CREATE TABLE a (x int);\n");
	cr_expect_str_eq(p.items[1].file, path_of("b.dump"));
	cr_expect_str_eq(p.items[1].text, "INSERT INTO a VALUES (1);\n");
	cr_expect_str_eq(p.items[2].text, "\n\n");	/* nothing between */
	cr_expect_str_eq(p.items[3].file, path_of("c.dump"));
	/* the rest keeps its lines: line 4 is still line 4 */
	cr_expect_str_eq(p.items[4].file, path_of("main.sql"));
	cr_expect_str_eq(p.items[4].text, "\n\n\nCREATE TABLE d (x int);\n");
	sd_sql_pieces_release(&p);
}

Test(sqlinclude, mysql_source_only_where_a_statement_begins)
{
	struct sd_sql_pieces p = SD_SQL_PIECES_INIT;
	struct sd_error err = { 0 };
	/* a column named source, a string, a comment, a routine body
	 * under DELIMITER: none is the client's command */
	const char *sql = "CREATE TABLE t (\n"
			  "source varchar(10)\n"
			  ");\n"
			  "INSERT INTO t VALUES ('a;\n"
			  "source x.sql');\n"
			  "/* ;\n"
			  "source y.sql */\n"
			  "DELIMITER ;;\n"
			  "CREATE PROCEDURE p() BEGIN SELECT 1;\n"
			  "source z.sql\n"
			  "; END;;\n"
			  "DELIMITER ;\n";

	cr_assert_eq(sd_sql_includes(true, "t.sql", sql, &p, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(p.n, 1);
	sd_sql_pieces_release(&p);
}

Test(sqlinclude, psql_ir_is_relative_to_the_file_and_i_to_the_current_directory)
{
	struct sd_sql_pieces p = SD_SQL_PIECES_INIT;
	struct sd_error err = { 0 };
	char cwd[1024];
	char sub[300];

	snprintf(sub, sizeof(sub), "%s/sub", dir);
	cr_assert_eq(mkdir(sub, 0700), 0);
	write_file("sub/rel.sql", "CREATE TABLE rel (x int);\n");
	write_file("cwd.sql", "CREATE TABLE cwd (x int);\n");
	cr_assert_not_null(getcwd(cwd, sizeof(cwd)));
	cr_assert_eq(chdir(dir), 0);
	err.code = sd_sql_includes(false, path_of("sub/main.sql"),
				   "\\ir rel.sql\n"
				   "\\include_relative 'rel.sql'\n"
				   "\\i cwd.sql\n"
				   "  \\include cwd.sql\n"
				   "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $b$\n"
				   "\\i nowhere.sql\n"
				   "SELECT 1 $b$;\n",
				   &p, &err);
	cr_assert_eq(chdir(cwd), 0);
	cr_assert_eq(err.code, 0, "%s", err.msg);
	cr_assert_eq(p.n, 9);
	cr_expect_str_eq(p.items[1].file, path_of("sub/rel.sql"));
	cr_expect_str_eq(p.items[3].file, path_of("sub/rel.sql"));
	cr_expect_str_eq(p.items[5].file, "cwd.sql");
	cr_expect_str_eq(p.items[7].file, "cwd.sql");
	cr_expect(strstr(p.items[8].text, "\\i nowhere.sql"), "%s",
		  p.items[8].text);
	sd_sql_pieces_release(&p);
}

Test(sqlinclude, a_missing_file_is_an_error_at_its_include_with_the_chain)
{
	struct sd_sql_pieces p = SD_SQL_PIECES_INIT;
	struct sd_error err = { 0 };

	write_file("mid.sql", "-- data\n  source gone.dump\n");
	cr_expect_eq(sd_sql_includes(true, path_of("top.sql"),
				     "SELECT 1;\nsource mid.sql\n", &p, &err),
		     SD_ERR_IO);
	cr_expect_str_eq(err.file, path_of("mid.sql"));
	cr_expect_eq(err.line, 2);
	cr_expect_eq(err.col, 10);
	cr_expect(strstr(err.msg, "cannot read the included file") &&
		  strstr(err.msg, "gone.dump") &&
		  strstr(err.msg, "No such file"), "%s", err.msg);
	cr_expect(strstr(err.hint, "top.sql:2 -> ") &&
		  strstr(err.hint, "mid.sql:2"), "%s", err.hint);
	sd_sql_pieces_release(&p);
}

Test(sqlinclude, a_cycle_is_an_error)
{
	struct sd_sql_pieces p = SD_SQL_PIECES_INIT;
	struct sd_error err = { 0 };

	write_file("a.sql", "\\ir b.sql\n");
	write_file("b.sql", "SELECT 1;\n\\ir a.sql\n");
	cr_expect_eq(sd_sql_includes(false, path_of("a.sql"), "\\ir b.sql\n",
				     &p, &err), SD_ERR);
	cr_expect_str_eq(err.file, path_of("b.sql"));
	cr_expect_eq(err.line, 2);
	cr_expect(strstr(err.msg, "include cycle"), "%s", err.msg);
	sd_sql_pieces_release(&p);
}

Test(sqlinclude, nesting_stops_at_the_limit)
{
	struct sd_sql_pieces p = SD_SQL_PIECES_INIT;
	struct sd_error err = { 0 };
	char name[32], text[64];

	/* f0 includes f1 includes ... f40: distinct files, no cycle */
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "f%d.sql", i);
		snprintf(text, sizeof(text), "source f%d.sql\n", i + 1);
		write_file(name, text);
	}
	write_file("f40.sql", "SELECT 1;\n");
	cr_expect_eq(sd_sql_includes(true, path_of("f0.sql"), "source f1.sql\n",
				     &p, &err), SD_ERR);
	cr_expect(strstr(err.msg, "deeper than 16"), "%s", err.msg);
	sd_sql_pieces_release(&p);
}
