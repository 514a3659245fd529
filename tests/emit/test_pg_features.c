/*
 * tests/emit/test_pg_features.c: refusal by target version without a
 * server. SQL goes through the parser, which records the features of
 * parser/pg/pg_features.c it uses; emit/pg_features.c refuses them. Each
 * feature is refused on the version before the one that added it, with
 * its name, both versions and FILE:LINE:COL of its first use, and
 * accepted from that version on; version 0 checks nothing. Syntax that
 * emit/ writes for every version binds in version files only.
 *
 * Memory: each test frees its catalogs.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "emit/pg_features.h"
#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/error.h"

#include "util/banned.h"

static struct catalog *desired(const char *sql)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;

	sd_error_clear(&err);
	cr_assert_eq(pg_load_desired_text(cat, "t.sql", sql, &err), 0, "%s",
		     err.msg);
	return cat;
}

static struct catalog *script(const char *sql)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;

	sd_error_clear(&err);
	cr_assert_eq(pg_replay_script(cat, "v.sql", sql, &err), 0, "%s",
		     err.msg);
	return cat;
}

/* Refused on since - 1 with "<name> needs PostgreSQL N; the target is M"
 * at line:col, accepted from since on; frees cat. scripts: check as a
 * history replayed on a server (pg_features_check_scripts). */
static void needs_at(struct catalog *cat, bool scripts, int since,
		     const char *name, int line, int col)
{
	struct sd_error err;
	char msg[256];
	int before = since - 10000;

#define CHECK(v) (scripts ? pg_features_check_scripts(cat, 0, (v), &err) \
			  : pg_features_check(cat, (v), &err))
	sd_error_clear(&err);
	cr_expect_eq(CHECK(before), SD_ERR_UNSUPPORTED, "%s: not refused on %d",
		     name, before);
	snprintf(msg, sizeof(msg), "%s needs PostgreSQL %d; the target is %d",
		 name, since / 10000, before / 10000);
	cr_expect_str_eq(err.msg, msg);
	if (line) {
		cr_expect_eq(err.line, line, "%s: line %d", name, err.line);
		cr_expect_eq(err.col, col, "%s: col %d", name, err.col);
	}
	cr_expect(strstr(err.file, scripts ? "v.sql" : "t.sql"), "%s", err.file);
	sd_error_clear(&err);
	cr_expect_eq(CHECK(since), 0, "%s on %d: %s", name, since, err.msg);
	cr_expect_eq(CHECK(180004), 0, "%s: %s", name, err.msg);
	cr_expect_eq(CHECK(0), 0);
#undef CHECK
	catalog_free(cat);
}

static void needs(const char *sql, int since, const char *name)
{
	needs_at(desired(sql), false, since, name, 0, 0);
	/* the same SQL in a version file */
	needs_at(script(sql), true, since, name, 0, 0);
}

/* Accepted on 13 (desired files: emit/ writes it for every version). */
static void runs_everywhere(struct catalog *cat)
{
	struct sd_error err;

	sd_error_clear(&err);
	cr_expect_eq(pg_features_check(cat, 130000, &err), 0, "%s", err.msg);
	cr_expect_eq(pg_features_needed(cat, NULL), 130000);
	catalog_free(cat);
}

Test(pg_features, plain_schema_runs_everywhere)
{
	const char *sql =
		"CREATE TABLE p (a int PRIMARY KEY);"
		"CREATE TABLE t (a int PRIMARY KEY REFERENCES p ON DELETE SET NULL,"
		" b text NOT NULL, r int4range, s text STORAGE EXTERNAL,"
		" c int GENERATED ALWAYS AS (a * 2) STORED CHECK (c > 0),"
		" CHECK (a > 1), FOREIGN KEY (c) REFERENCES p);"
		"CREATE UNIQUE INDEX ON t (b);"
		"CREATE DOMAIN d AS int NOT NULL CHECK (VALUE > 0);"
		"CREATE VIEW v WITH (security_barrier) AS"
		" SELECT a, b AT TIME ZONE 'UTC' AS z, 16 AS n FROM t"
		" JOIN p USING (a);"
		"CREATE FUNCTION f(int) RETURNS int LANGUAGE sql"
		" AS 'SELECT 0x10';"
		"GRANT ALL ON t TO PUBLIC;";

	runs_everywhere(desired(sql));
	runs_everywhere(script(sql));
}

Test(pg_features, features_of_14)
{
	needs("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql"
	      " BEGIN ATOMIC SELECT a + 1; END;", 140000,
	      "an SQL-standard function body (BEGIN ATOMIC or RETURN)");
	needs("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql"
	      " RETURN a + 1;", 140000,
	      "an SQL-standard function body (BEGIN ATOMIC or RETURN)");
	needs("CREATE TABLE t (a int, r int4multirange);", 140000,
	      "a multirange type");
	needs("CREATE FUNCTION f(anymultirange) RETURNS int LANGUAGE sql"
	      " AS 'SELECT 1';", 140000, "a multirange type");
	needs("CREATE TABLE t (a int, b text COMPRESSION pglz);", 140000,
	      "a column compression method (COMPRESSION)");
	needs("CREATE TABLE t (a int, b text);"
	      "ALTER TABLE t ALTER COLUMN b SET COMPRESSION pglz;", 140000,
	      "a column compression method (COMPRESSION)");
	needs("CREATE TABLE t (a int);"
	      "CREATE VIEW v AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL"
	      " SELECT n + 1 FROM r WHERE n < 3) SEARCH DEPTH FIRST BY n SET o"
	      " SELECT n FROM r;", 140000, "a SEARCH or CYCLE clause");
	needs("CREATE TABLE t (a int); CREATE TABLE u (a int);"
	      "CREATE VIEW v AS SELECT j.a FROM t JOIN u USING (a) AS j;",
	      140000, "an alias of JOIN USING");
}

Test(pg_features, features_of_15)
{
	needs("CREATE TABLE t (a int);"
	      "CREATE UNIQUE INDEX ti ON t (a) NULLS NOT DISTINCT;", 150000,
	      "NULLS NOT DISTINCT");
	needs("CREATE TABLE t (a int, CONSTRAINT u UNIQUE NULLS NOT DISTINCT (a));",
	      150000, "NULLS NOT DISTINCT");
	needs("CREATE TABLE t (a int);"
	      "CREATE VIEW v WITH (security_invoker = true) AS SELECT a FROM t;",
	      150000, "a security_invoker view");
	needs("CREATE TABLE t (a int, b int);"
	      "CREATE PROCEDURE m() LANGUAGE sql BEGIN ATOMIC"
	      " MERGE INTO t USING (SELECT 1 AS a) s ON t.a = s.a"
	      " WHEN NOT MATCHED THEN INSERT VALUES (s.a, 0); END;", 150000,
	      "MERGE");
}

Test(pg_features, features_of_16)
{
	needs("CREATE TABLE t (doc text CHECK (doc IS JSON OBJECT));", 160000,
	      "IS JSON");
	needs("CREATE TABLE t (a int, doc json DEFAULT JSON_OBJECT('k' VALUE 1));",
	      160000, "JSON_OBJECT");
	needs("CREATE TABLE t (a int);"
	      "CREATE VIEW v AS SELECT JSON_ARRAYAGG(a) AS j FROM t;", 160000,
	      "JSON_ARRAYAGG");
	needs("CREATE COLLATION c (provider = icu, locale = 'und',"
	      " rules = '&a < g');", 160000, "an ICU collation's rules");
}

/* Desired files are written again by emit/ (an integer as its value, an
 * ALTER COLUMN SET STORAGE): no refusal; version files run as written.
 * A numeric constant is kept as written: refused in both. */
Test(pg_features, version_files_only_16)
{
	const char *num = "CREATE TABLE t (a int DEFAULT 0x10,\n"
			  " b int CHECK (b < 1_000));\n"
			  "CREATE SEQUENCE s START 0o17;";
	const char *name = "a hexadecimal, octal, binary or underscored number"
			   " (0x10, 0o17, 0b101, 1_000)";

	runs_everywhere(desired(num));
	needs_at(script(num), true, 160000, name, 1, 31);
	needs_at(desired("CREATE TABLE t (a numeric CHECK (a < 1_000.5));"),
		 false, 160000, name, 1, 38);
	needs_at(script("CREATE SEQUENCE s START 0o17;"), true, 160000, name,
		 1, 25);
	needs_at(script("CREATE SEQUENCE s INCREMENT BY 1_0;"), true, 160000,
		 name, 1, 32);
	/* an option named with _ and a plain number: nothing new */
	runs_everywhere(script("CREATE TABLE t (a int) WITH"
			       " (autovacuum_vacuum_threshold = 50,"
			       " fillfactor=70);"
			       "CREATE SEQUENCE s START WITH 10 MAXVALUE 2000;"));
	needs_at(script("CREATE TABLE t (a int CHECK (a > -0b101));"), true,
		 160000, name, 1, 34);
	runs_everywhere(desired("CREATE TABLE t (a text STORAGE EXTERNAL);"));
	needs_at(script("CREATE TABLE t (a text STORAGE EXTERNAL);"), true,
		 160000, "STORAGE in a column definition", 1, 17);
	needs_at(script("CREATE TABLE t (a text);\n"
			"ALTER TABLE t ALTER a SET STORAGE DEFAULT;"),
		 true, 160000, "SET STORAGE DEFAULT", 2, 1);
}

Test(pg_features, features_of_17)
{
	needs("CREATE TABLE t (doc jsonb);"
	      "CREATE VIEW v AS SELECT j.* FROM t, JSON_TABLE(t.doc, '$[*]'"
	      " COLUMNS (a int PATH '$.a')) AS j;", 170000, "JSON_TABLE");
	needs("CREATE TABLE t (doc jsonb, a text GENERATED ALWAYS AS"
	      " (JSON_VALUE(doc, '$.a')) STORED);", 170000,
	      "JSON_VALUE, JSON_QUERY or JSON_EXISTS");
	needs("CREATE TABLE t (doc jsonb CHECK (JSON_EXISTS(doc, '$.a')));",
	      170000, "JSON_VALUE, JSON_QUERY or JSON_EXISTS");
	needs("CREATE TABLE t (ts timestamptz);"
	      "CREATE VIEW v AS SELECT ts AT LOCAL AS l FROM t;", 170000,
	      "AT LOCAL");
	needs("CREATE COLLATION c (provider = builtin, locale = 'C.UTF-8');",
	      170000, "the builtin collation provider");
	needs("CREATE TABLE t (a int); GRANT MAINTAIN ON t TO PUBLIC;", 170000,
	      "the MAINTAIN privilege");
	needs("CREATE DOMAIN d AS int CONSTRAINT d_nn NOT NULL;", 170000,
	      "a named domain NOT NULL constraint");
	runs_everywhere(desired("CREATE TABLE t (a int, s int GENERATED ALWAYS"
				" AS (a) STORED);"
				"ALTER TABLE t ALTER s SET EXPRESSION AS (a + 1);"));
	needs_at(script("CREATE TABLE t (a int, s int GENERATED ALWAYS"
			" AS (a) STORED);"
			"ALTER TABLE t ALTER s SET EXPRESSION AS (a + 1);"),
		 true, 170000, "ALTER COLUMN ... SET EXPRESSION", 0, 0);
}

Test(pg_features, features_of_18)
{
	needs("CREATE TABLE t (a int, v int GENERATED ALWAYS AS (a + 1) VIRTUAL);",
	      180000, "a virtual generated column");
	/* without STORED: virtual, the default on 18 */
	needs("CREATE TABLE t (a int, v int GENERATED ALWAYS AS (a + 1));",
	      180000, "a virtual generated column");
	needs("CREATE TABLE t (a int CONSTRAINT a_nn NOT NULL);", 180000,
	      "a named, NO INHERIT or NOT VALID NOT NULL constraint");
	/* the default name: every version takes it */
	runs_everywhere(desired("CREATE TABLE t (a int CONSTRAINT t_a_not_null"
				" NOT NULL);"));
	needs("CREATE TABLE t (a int NOT NULL NO INHERIT);", 180000,
	      "a named, NO INHERIT or NOT VALID NOT NULL constraint");
	needs("CREATE TABLE t (a int, NOT NULL a);", 180000,
	      "a named, NO INHERIT or NOT VALID NOT NULL constraint");
	needs("CREATE TABLE t (a int CHECK (a > 0) NOT ENFORCED);", 180000,
	      "ENFORCED or NOT ENFORCED");
	needs("CREATE TABLE t (a int, CONSTRAINT k CHECK (a > 0) NOT ENFORCED);",
	      180000, "ENFORCED or NOT ENFORCED");
	needs("CREATE TABLE p (a int PRIMARY KEY);"
	      "CREATE TABLE t (a int, FOREIGN KEY (a) REFERENCES p NOT ENFORCED);",
	      180000, "ENFORCED or NOT ENFORCED");
	needs("CREATE EXTENSION btree_gist;"
	      "CREATE TABLE t (a int, r tstzrange,"
	      " PRIMARY KEY (a, r WITHOUT OVERLAPS));", 180000,
	      "WITHOUT OVERLAPS");
	needs("CREATE EXTENSION btree_gist;"
	      "CREATE TABLE p (a int, r tstzrange,"
	      " PRIMARY KEY (a, r WITHOUT OVERLAPS));"
	      "CREATE TABLE t (a int, r tstzrange, FOREIGN KEY (a, PERIOD r)"
	      " REFERENCES p (a, PERIOD r));", 180000, "WITHOUT OVERLAPS");
	needs_at(script("CREATE TABLE t (a int, CONSTRAINT k CHECK (a > 0));\n"
			"ALTER TABLE t ALTER CONSTRAINT k NOT ENFORCED;"),
		 true, 180000, "ALTER CONSTRAINT ... ENFORCED or INHERIT", 2, 1);
}

Test(pg_features, period_18)
{
	struct catalog *cat = desired(
		"CREATE EXTENSION btree_gist;"
		"CREATE TABLE p (a int, r tstzrange,"
		" PRIMARY KEY (a, r WITHOUT OVERLAPS));"
		"CREATE TABLE t (a int, r tstzrange, FOREIGN KEY (a, PERIOD r)"
		" REFERENCES p (a, PERIOD r));");
	bool period = false;

	for (const struct sd_pg_feature_use *u = cat->pg_uses; u; u = u->next)
		period |= !strcmp(u->feature, "PERIOD in a foreign key");
	cr_expect(period);
	catalog_free(cat);
}

/* The message points at the use: the file, its line and column. */
Test(pg_features, location)
{
	needs_at(desired("-- film\n"
			 "CREATE TABLE film (\n"
			 "    film_id int PRIMARY KEY,\n"
			 "    length int,\n"
			 "    length_hours numeric GENERATED ALWAYS AS (length / 60.0) VIRTUAL\n"
			 ");\n"),
		 false, 180000, "a virtual generated column", 5, 26);
	needs_at(desired("CREATE TABLE t (doc text);\n\n"
			 "CREATE VIEW v AS\n"
			 "  SELECT doc IS JSON AS j FROM t;\n"),
		 false, 160000, "IS JSON", 4, 10);
	/* a BEGIN ATOMIC body: its first expression */
	needs_at(desired("CREATE FUNCTION f(a int) RETURNS int\n"
			 "LANGUAGE sql\n"
			 "RETURN a + 1;\n"),
		 false, 140000,
		 "an SQL-standard function body (BEGIN ATOMIC or RETURN)", 3,
		 8);
}

/* The oldest feature the target lacks is named first. */
Test(pg_features, oldest_need_is_named_first)
{
	struct catalog *cat = desired(
		"CREATE TABLE t (a int, v int GENERATED ALWAYS AS (a + 1) VIRTUAL,"
		" b text COMPRESSION pglz);");
	struct sd_error err;

	sd_error_clear(&err);
	cr_expect_neq(pg_features_check(cat, 130000, &err), 0);
	cr_expect(strstr(err.msg, "(COMPRESSION) needs PostgreSQL 14; the"
				  " target is 13"), "%s", err.msg);
	sd_error_clear(&err);
	cr_expect_neq(pg_features_check(cat, 170000, &err), 0);
	cr_expect(strstr(err.msg, "a virtual generated column needs PostgreSQL"
				  " 18; the target is 17"), "%s", err.msg);
	cr_expect_eq(pg_features_needed(cat, NULL), 180000);
	catalog_free(cat);
}

/* A history: only the uses after the first `skip` count (the versions
 * a database already has). */
Test(pg_features, history_after_skip)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;
	size_t skip;

	sd_error_clear(&err);
	cr_assert_eq(pg_replay_script(cat, "1/revisions.sql",
				      "CREATE TABLE t (a int, b text COMPRESSION pglz);",
				      &err), 0, "%s", err.msg);
	skip = pg_features_count(cat);
	cr_expect_eq(skip, 1);
	cr_assert_eq(pg_replay_script(cat, "2/revisions.sql",
				      "CREATE TABLE u (a int);\n"
				      "ALTER TABLE u ADD COLUMN v int GENERATED ALWAYS AS (a) VIRTUAL;",
				      &err), 0, "%s", err.msg);
	cr_expect_eq(pg_features_check_scripts(cat, skip, 140000, &err),
		     SD_ERR_UNSUPPORTED);
	cr_expect_str_eq(err.file, "2/revisions.sql");
	cr_expect_eq(err.line, 2);
	cr_expect_eq(err.col, 32);
	cr_expect(strstr(err.msg, "virtual generated column needs PostgreSQL 18"));
	sd_error_clear(&err);
	cr_expect_eq(pg_features_check_scripts(cat, 0, 130000, &err),
		     SD_ERR_UNSUPPORTED);
	cr_expect_str_eq(err.file, "1/revisions.sql");
	catalog_free(cat);
}
