/*
 * tests/ops/test_ops_rename.c: renames declared in desired files
 * (-- schemadiff:renamed-from OLD) on the harness's real servers. The
 * offline plan writes ALTER ... RENAME (PostgreSQL) / RENAME TABLE,
 * RENAME COLUMN (MariaDB), records them in version.json's "renames" and
 * reverses them in down.sql; migrate keeps the data of the renamed table
 * and column; migrating down gives the old names and the data back; a
 * later plan with the hint still there has nothing to do.
 */
#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "schemadiff.h"
#include "tests/lib/ops_testlib.h"
#include "tests/lib/pg_testdb.h"
#include "tests/lib/mysql_testdb.h"

#include "util/banned.h"

static void drop_all(void)
{
	testdb_drop_all();
	mysql_testdb_drop_all();
}

TestSuite(ops_rename, .fini = drop_all, .timeout = 180);

static void plan(const char *dir, const char *root, const char *desired,
		 struct ops_plan_result *res)
{
	struct strbuf file = STRBUF_INIT;
	const char *paths[1];
	struct ops_plan_opts o = { 0 };
	struct sd_error err = { 0 };

	ops_write(dir, "desired.sql", desired);
	strbuf_addf(&file, "%s/desired.sql", dir);
	paths[0] = file.buf;
	o.schema_root = root;
	o.desired = paths;
	o.ndesired = 1;
	cr_assert_eq(ops_plan(&o, res, &err), 0, "%s", err.msg);
	strbuf_release(&file);
}

static void migrate_ex(const char *url, const char *root, const char *to,
		       bool allow_destructive)
{
	struct ops_migrate_opts o = { 0 };
	struct ops_migrate_result res;
	struct sd_error err = { 0 };

	o.url = url;
	o.schema_root = root;
	o.to = to;
	o.allow_destructive = allow_destructive;
	o.lock_timeout_ms = 5000;
	cr_assert_eq(ops_migrate(&o, &res, &err), 0, "%s", err.msg);
	ops_migrate_result_release(&res);
}

static void migrate(const char *url, const char *root, const char *to)
{
	migrate_ex(url, root, to, false);
}

static void round_trip(const char *system_type, const char *v1,
		       const char *v2, const char *url, const char *insert,
		       const char *want_sql,
		       char *(*value)(const char *sql), const char *q_new,
		       const char *q_old)
{
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT, vj = STRBUF_INIT;
	struct ops_plan_result res;
	struct sd_error err = { 0 };
	char *v;

	ops_tmp_dir(&dir);
	strbuf_addf(&root, "%s/app", dir.buf);
	cr_assert_eq(spec_init(root.buf, "app", system_type, &err), 0, "%s", err.msg);
	plan(dir.buf, root.buf, v1, &res);
	ops_plan_result_release(&res);
	migrate(url, root.buf, NULL);
	ops_exec(url, insert);

	plan(dir.buf, root.buf, v2, &res);
	cr_expect(res.written);
	cr_expect(strstr(res.sql.buf, want_sql), "%s", res.sql.buf);
	cr_expect(!strstr(res.sql.buf, "DROP"), "a rename is no drop:\n%s", res.sql.buf);
	cr_expect_eq(res.ndestructive, 0);
	cr_expect(res.has_down);
	ops_plan_result_release(&res);
	strbuf_addf(&vj, "%s/2/version.json", root.buf);
	{
		struct strbuf text = STRBUF_INIT;
		cr_assert_eq(strbuf_read_file(&text, vj.buf), 0);
		cr_expect(strstr(text.buf, "\"renames\""), "%s", text.buf);
		cr_expect(strstr(text.buf, "\"kind\": \"column\""), "%s", text.buf);
		strbuf_release(&text);
	}

	/* the hint stays in the files: nothing more to do */
	plan(dir.buf, root.buf, v2, &res);
	cr_expect(res.no_changes, "%s", res.sql.buf);
	ops_plan_result_release(&res);

	migrate(url, root.buf, NULL);
	v = value(q_new);
	cr_expect(v && !strcmp(v, "Ada"), "the renamed column keeps its data: %s",
		  v ? v : "(null)");
	free(v);

	migrate(url, root.buf, "1");
	v = value(q_old);
	cr_expect(v && !strcmp(v, "Ada"), "down gives the old names back: %s",
		  v ? v : "(null)");
	free(v);

	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
	strbuf_release(&vj);
}

static const char *pg_db;

static char *pg_value(const char *sql)
{
	PGconn *c = testdb_connect(pg_db);
	PGresult *r = PQexec(c, sql);
	char *v = NULL;

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		v = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
	return v;
}

static const char *my_db;

static char *my_value(const char *sql)
{
	MYSQL *h = mysql_testdb_connect(my_db);
	char *v = mysql_testdb_value(h, sql);

	mysql_close(h);
	return v;
}

Test(ops_rename, postgresql_table_column_index)
{
	struct strbuf url = STRBUF_INIT, db = STRBUF_INIT;

	ops_pg_db("rename", &url);
	strbuf_addstr(&db, strrchr(url.buf, '/') + 1);
	pg_db = db.buf;
	round_trip("postgresql",
		   "CREATE TABLE person (id int PRIMARY KEY, full_name text);\n"
		   "CREATE INDEX person_fn ON person (full_name);\n",
		   "-- schemadiff:renamed-from person\n"
		   "CREATE TABLE people (\n"
		   "    id int PRIMARY KEY,\n"
		   "    -- schemadiff:renamed-from full_name\n"
		   "    name text\n"
		   ");\n"
		   "/* schemadiff:renamed-from person_fn */\n"
		   "CREATE INDEX people_name ON people (name);\n",
		   url.buf, "INSERT INTO person VALUES (1, 'Ada')",
		   "ALTER TABLE public.people RENAME COLUMN full_name TO name;",
		   pg_value, "SELECT name FROM people WHERE id = 1",
		   "SELECT full_name FROM person WHERE id = 1");
	strbuf_release(&url);
	strbuf_release(&db);
}

Test(ops_rename, mariadb_table_column)
{
	struct strbuf url = STRBUF_INIT;

	mysql_testdb_create("ops", "rename", "", &my_db);
	mysql_testdb_db_url(my_db, &url);
	round_trip("mysql",
		   "CREATE TABLE person (id int PRIMARY KEY, full_name varchar(20));\n",
		   "-- schemadiff:renamed-from person\n"
		   "CREATE TABLE people (\n"
		   "  id int PRIMARY KEY,\n"
		   "  name varchar(20) -- schemadiff:renamed-from full_name\n"
		   ");\n",
		   url.buf, "INSERT INTO person VALUES (1, 'Ada')",
		   "ALTER TABLE `people` RENAME COLUMN `full_name` TO `name`;",
		   my_value, "SELECT name FROM people WHERE id = 1",
		   "SELECT full_name FROM person WHERE id = 1");
	strbuf_release(&url);
}

/* Constraints inside CREATE TABLE: RENAME CONSTRAINT, reversed by down. */
Test(ops_rename, postgresql_constraints)
{
	struct strbuf url = STRBUF_INIT, db = STRBUF_INIT;
	char *v;

	ops_pg_db("rename_con", &url);
	strbuf_addstr(&db, strrchr(url.buf, '/') + 1);
	pg_db = db.buf;
	round_trip("postgresql",
		   "CREATE TABLE acct (id int, email text,\n"
		   "  CONSTRAINT acct_pk PRIMARY KEY (id),\n"
		   "  CONSTRAINT acct_email_key UNIQUE (email),\n"
		   "  CONSTRAINT acct_id_positive CHECK (id > 0));\n",
		   "CREATE TABLE acct (id int,\n"
		   "  mail text, -- schemadiff:renamed-from email\n"
		   "  -- schemadiff:renamed-from acct_pk\n"
		   "  CONSTRAINT acct_key PRIMARY KEY (id),\n"
		   "  CONSTRAINT acct_mail_uq UNIQUE (mail), -- schemadiff:renamed-from acct_email_key\n"
		   "  CONSTRAINT acct_id_pos CHECK (id > 0) -- schemadiff:renamed-from acct_id_positive\n"
		   ");\n",
		   url.buf, "INSERT INTO acct VALUES (1, 'Ada')",
		   "ALTER TABLE public.acct RENAME CONSTRAINT acct_id_positive TO acct_id_pos;",
		   pg_value, "SELECT mail FROM acct WHERE id = 1",
		   "SELECT email FROM acct WHERE id = 1");
	v = pg_value("SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE conrelid = 'acct'::regclass");
	cr_expect(v && !strcmp(v, "acct_email_key,acct_id_positive,acct_pk"),
		  "down gives the old constraint names back: %s", v ? v : "(null)");
	free(v);
	v = pg_value("SELECT string_agg(indexrelid::regclass::text, ',' ORDER BY indexrelid::regclass::text) FROM pg_index WHERE indrelid = 'acct'::regclass");
	cr_expect(v && !strcmp(v, "acct_email_key,acct_pk"),
		  "the keys' indexes follow: %s", v ? v : "(null)");
	free(v);
	strbuf_release(&url);
	strbuf_release(&db);
}

/* MySQL keys inside CREATE TABLE: RENAME INDEX, reversed by down. */
Test(ops_rename, mariadb_keys)
{
	struct strbuf url = STRBUF_INIT;
	char *v;

	mysql_testdb_create("ops", "rename_keys", "", &my_db);
	mysql_testdb_db_url(my_db, &url);
	round_trip("mysql",
		   "CREATE TABLE acct (id int PRIMARY KEY, email varchar(40),\n"
		   "  KEY acct_email (email), CONSTRAINT acct_u UNIQUE (id, email));\n",
		   "CREATE TABLE acct (id int PRIMARY KEY,\n"
		   "  mail varchar(40), -- schemadiff:renamed-from email\n"
		   "  KEY acct_mail (mail), -- schemadiff:renamed-from acct_email\n"
		   "  /* schemadiff:renamed-from acct_u */\n"
		   "  CONSTRAINT acct_uq UNIQUE (id, mail));\n",
		   url.buf, "INSERT INTO acct VALUES (1, 'Ada')",
		   "ALTER TABLE `acct` RENAME INDEX `acct_email` TO `acct_mail`;",
		   my_value, "SELECT mail FROM acct WHERE id = 1",
		   "SELECT email FROM acct WHERE id = 1");
	v = my_value("SELECT group_concat(index_name ORDER BY index_name) FROM information_schema.statistics WHERE table_schema = database() AND table_name = 'acct' AND seq_in_index = 1");
	cr_expect(v && !strcmp(v, "acct_email,acct_u,PRIMARY"),
		  "down gives the old key names back: %s", v ? v : "(null)");
	free(v);
	strbuf_release(&url);
}

/* MySQL cannot rename a foreign key: the hint is refused, saying so. */
Test(ops_rename, mariadb_foreign_key_refused)
{
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT, file = STRBUF_INIT;
	struct ops_plan_opts o = { 0 };
	struct ops_plan_result res;
	struct sd_error err = { 0 };
	const char *paths[1];

	ops_tmp_dir(&dir);
	strbuf_addf(&root, "%s/app", dir.buf);
	cr_assert_eq(spec_init(root.buf, "app", "mysql", &err), 0, "%s", err.msg);
	ops_write(dir.buf, "desired.sql",
		  "CREATE TABLE p (id int PRIMARY KEY);\n"
		  "CREATE TABLE c (id int PRIMARY KEY, p int,\n"
		  "  -- schemadiff:renamed-from c_p_old\n"
		  "  CONSTRAINT c_p FOREIGN KEY (p) REFERENCES p (id));\n");
	strbuf_addf(&file, "%s/desired.sql", dir.buf);
	paths[0] = file.buf;
	o.schema_root = root.buf;
	o.desired = paths;
	o.ndesired = 1;
	cr_expect_eq(ops_plan(&o, &res, &err), SD_ERR_UNSUPPORTED);
	cr_expect(strstr(err.msg, "cannot rename a foreign key"), "%s", err.msg);
	cr_expect_eq(err.line, 3);
	ops_plan_result_release(&res);
	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
	strbuf_release(&file);
}

/* New enum values split the plan into two versions: the renames go into
 * the main version, whose down reverses them; migrating down to the enum
 * version gives the old names and the data back. */
Test(ops_rename, postgresql_enum_split_renames_undoable)
{
	struct strbuf url = STRBUF_INIT, db = STRBUF_INIT, dir = STRBUF_INIT;
	struct strbuf root = STRBUF_INIT, path = STRBUF_INIT, text = STRBUF_INIT;
	struct ops_plan_result res;
	struct sd_error err = { 0 };
	char *enum_v, *main_v, *v;

	ops_pg_db("rename_enum", &url);
	strbuf_addstr(&db, strrchr(url.buf, '/') + 1);
	pg_db = db.buf;
	ops_tmp_dir(&dir);
	strbuf_addf(&root, "%s/app", dir.buf);
	cr_assert_eq(spec_init(root.buf, "app", "postgresql", &err), 0, "%s", err.msg);
	plan(dir.buf, root.buf,
	     "CREATE TYPE mood AS ENUM ('ok', 'sad');\n"
	     "CREATE TABLE person (id int PRIMARY KEY, full_name text, m mood);\n",
	     &res);
	ops_plan_result_release(&res);
	migrate(url.buf, root.buf, NULL);
	ops_exec(url.buf, "INSERT INTO person VALUES (1, 'Ada', 'ok')");

	plan(dir.buf, root.buf,
	     "CREATE TYPE mood AS ENUM ('ok', 'sad', 'glad');\n"
	     "-- schemadiff:renamed-from person\n"
	     "CREATE TABLE people (id int PRIMARY KEY,\n"
	     "  name text, -- schemadiff:renamed-from full_name\n"
	     "  m mood, m2 mood DEFAULT 'glad');\n",
	     &res);
	cr_assert(res.written);
	cr_assert(res.enum_version, "the enum values get a version of their own");
	cr_expect(!strstr(res.enum_sql.buf, "RENAME"), "%s", res.enum_sql.buf);
	cr_expect(strstr(res.sql.buf, "RENAME COLUMN full_name TO name"), "%s", res.sql.buf);
	cr_expect(!strstr(res.sql.buf, "DROP"), "%s", res.sql.buf);
	cr_expect(res.has_down, "the main version can be undone");
	cr_expect(strstr(res.down_sql.buf, "ALTER TABLE public.people RENAME TO person;"),
		  "%s", res.down_sql.buf);
	enum_v = strdup(res.enum_version);
	main_v = strdup(res.version);
	ops_plan_result_release(&res);
	strbuf_addf(&path, "%s/%s/version.json", root.buf, main_v);
	cr_assert_eq(strbuf_read_file(&text, path.buf), 0);
	cr_expect(strstr(text.buf, "\"renames\""), "%s", text.buf);
	strbuf_reset(&text);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/%s/version.json", root.buf, enum_v);
	cr_assert_eq(strbuf_read_file(&text, path.buf), 0);
	cr_expect(!strstr(text.buf, "\"renames\""), "%s", text.buf);

	migrate(url.buf, root.buf, NULL);
	v = pg_value("SELECT name || ',' || m2 FROM people WHERE id = 1");
	cr_expect(v && !strcmp(v, "Ada,glad"), "data kept: %s", v ? v : "(null)");
	free(v);
	/* the down drops m2, which the main version added */
	migrate_ex(url.buf, root.buf, enum_v, true);
	v = pg_value("SELECT full_name FROM person WHERE id = 1");
	cr_expect(v && !strcmp(v, "Ada"), "down gives the old names back: %s",
		  v ? v : "(null)");
	free(v);

	free(enum_v);
	free(main_v);
	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&url);
	strbuf_release(&db);
}

/* Functions and procedures: ALTER FUNCTION / PROCEDURE ... RENAME TO,
 * reversed by down. */
Test(ops_rename, postgresql_function_procedure)
{
	struct strbuf url = STRBUF_INIT, db = STRBUF_INIT;
	char *v;

	ops_pg_db("rename_fn", &url);
	strbuf_addstr(&db, strrchr(url.buf, '/') + 1);
	pg_db = db.buf;
	round_trip("postgresql",
		   "CREATE TABLE person (id int PRIMARY KEY, full_name text);\n"
		   "CREATE FUNCTION greet(n text) RETURNS text LANGUAGE sql\n"
		   "  AS $$ SELECT 'hi ' || n $$;\n"
		   "CREATE PROCEDURE tidy(a int) LANGUAGE sql AS $$ SELECT a $$;\n",
		   "CREATE TABLE person (id int PRIMARY KEY,\n"
		   "  name text -- schemadiff:renamed-from full_name\n"
		   ");\n"
		   "-- schemadiff:renamed-from greet\n"
		   "CREATE FUNCTION hello(n text) RETURNS text LANGUAGE sql\n"
		   "  AS $$ SELECT 'hi ' || n $$;\n"
		   "-- schemadiff:renamed-from tidy\n"
		   "CREATE PROCEDURE sweep(a int) LANGUAGE sql AS $$ SELECT a $$;\n",
		   url.buf, "INSERT INTO person VALUES (1, 'Ada')",
		   "ALTER FUNCTION public.greet(text) RENAME TO hello;",
		   pg_value, "SELECT name FROM person WHERE id = 1",
		   "SELECT full_name FROM person WHERE id = 1");
	v = pg_value("SELECT greet('x') || ',' || (SELECT count(*) FROM pg_proc WHERE proname IN ('tidy', 'hello', 'sweep') AND prokind = 'p')");
	cr_expect(v && !strcmp(v, "hi x,1"), "down gives the old routine names back: %s",
		  v ? v : "(null)");
	free(v);
	strbuf_release(&url);
	strbuf_release(&db);
}

/* MySQL cannot rename a routine: the hint is refused, saying so. */
Test(ops_rename, mariadb_routine_refused)
{
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT, file = STRBUF_INIT;
	struct ops_plan_opts o = { 0 };
	struct ops_plan_result res;
	struct sd_error err = { 0 };
	const char *paths[1];

	ops_tmp_dir(&dir);
	strbuf_addf(&root, "%s/app", dir.buf);
	cr_assert_eq(spec_init(root.buf, "app", "mysql", &err), 0, "%s", err.msg);
	ops_write(dir.buf, "desired.sql",
		  "-- schemadiff:renamed-from f_old\n"
		  "CREATE FUNCTION f() RETURNS int DETERMINISTIC RETURN 1;\n");
	strbuf_addf(&file, "%s/desired.sql", dir.buf);
	paths[0] = file.buf;
	o.schema_root = root.buf;
	o.desired = paths;
	o.ndesired = 1;
	cr_expect_eq(ops_plan(&o, &res, &err), SD_ERR_UNSUPPORTED);
	cr_expect(strstr(err.msg, "cannot rename a function"), "%s", err.msg);
	ops_plan_result_release(&res);
	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
	strbuf_release(&file);
}
