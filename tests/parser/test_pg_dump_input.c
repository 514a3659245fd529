/*
 * tests/parser/test_pg_dump_input.c: files as pg_dump and install scripts
 * write them, read by the PostgreSQL parser (issue 17): keys added to
 * partitions after ATTACH PARTITION and ALTER INDEX ... ATTACH PARTITION
 * of key constraints' indexes, psql meta-commands (\restrict ignored, \i
 * refused), --clean --if-exists blocks in a desired set, and extension
 * types with modifiers that are not integers.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "parser/pg/pg_split.h"
#include "util/error.h"

#include "util/banned.h"

static struct catalog *load(const char *sql)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;
	int ret;

	sd_error_clear(&err);
	ret = pg_load_desired_text(cat, "t.sql", sql, &err);
	cr_assert_eq(ret, 0, "load failed: %s:%d:%d: %s", err.file, err.line,
		     err.col, err.msg);
	return cat;
}

static struct catalog *replay_ok(const char *sql)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;
	int ret;

	sd_error_clear(&err);
	ret = pg_replay_script(cat, "v.sql", sql, &err);
	cr_assert_eq(ret, 0, "replay failed: %s:%d:%d: %s", err.file,
		     err.line, err.col, err.msg);
	return cat;
}

static struct sd_table *table(struct catalog *cat, const char *name)
{
	struct sd_table *t = catalog_find(cat, SD_TABLE, "public", name);

	cr_assert(t, "no table %s", name);
	return t;
}

TestSuite(pg_dump_input);

/* What pg_dump writes for a partitioned table with a primary key and an
 * index: the parent's key and index ONLY, each partition's own, then
 * ALTER INDEX ... ATTACH PARTITION. The partitions' parts go with the
 * parent's (as introspection sees them). */
static const char *const partition_dump =
	"CREATE TABLE p (id bigint NOT NULL, k text NOT NULL)"
	" PARTITION BY LIST (k);\n"
	"CREATE TABLE c (id bigint NOT NULL, k text NOT NULL);\n"
	"ALTER TABLE ONLY p ATTACH PARTITION c FOR VALUES IN ('a');\n"
	"ALTER TABLE ONLY p ADD CONSTRAINT p_pkey PRIMARY KEY (id, k);\n"
	"ALTER TABLE ONLY c ADD CONSTRAINT c_pkey PRIMARY KEY (id, k);\n"
	"ALTER TABLE ONLY p ADD CONSTRAINT p_k_key UNIQUE (k, id);\n"
	"ALTER TABLE ONLY c ADD CONSTRAINT c_k_key UNIQUE (k, id);\n"
	"CREATE INDEX p_id_idx ON ONLY p (id);\n"
	"CREATE INDEX c_id_idx ON c (id);\n"
	"ALTER INDEX p_pkey ATTACH PARTITION c_pkey;\n"
	"ALTER INDEX public.p_k_key ATTACH PARTITION public.c_k_key;\n"
	"ALTER INDEX p_id_idx ATTACH PARTITION c_id_idx;\n";

static void expect_partition_dump(struct catalog *cat)
{
	struct sd_table *p = table(cat, "p"), *c = table(cat, "c");

	cr_expect(table_find_constraint(p, "p_pkey"));
	cr_expect(table_find_constraint(p, "p_k_key"));
	cr_expect_eq(c->nconstraints, 0, "partition keeps %zu constraints",
		     c->nconstraints);
	cr_expect(catalog_find(cat, SD_INDEX, "public", "p_id_idx"));
	cr_expect_null(catalog_find(cat, SD_INDEX, "public", "c_id_idx"));
	cr_expect_str_eq(c->part_parent, "p");
}

Test(pg_dump_input, keys_of_attached_partitions_as_a_desired_set)
{
	struct catalog *cat = load(partition_dump);

	expect_partition_dump(cat);
	catalog_free(cat);
}

Test(pg_dump_input, keys_of_attached_partitions_as_a_script)
{
	struct catalog *cat = replay_ok(partition_dump);

	expect_partition_dump(cat);
	catalog_free(cat);
}

Test(pg_dump_input, key_on_a_partition_read_before_its_parent)
{
	/* a desired set: the partition comes first; its key names columns
	 * that only the parent has */
	struct catalog *cat = load(
		"ALTER TABLE c ADD CONSTRAINT c_pkey PRIMARY KEY (id, k);\n"
		"CREATE TABLE c PARTITION OF p FOR VALUES IN ('a');\n"
		"CREATE TABLE p (id bigint, k text) PARTITION BY LIST (k);\n");

	cr_expect(table_find_constraint(table(cat, "c"), "c_pkey"));
	catalog_free(cat);
}

Test(pg_dump_input, attaching_a_key_of_another_table_is_refused)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;

	sd_error_clear(&err);
	cr_assert_eq(pg_replay_script(
			     cat, "v.sql",
			     "CREATE TABLE p (id int PRIMARY KEY);\n"
			     "CREATE TABLE c (id int PRIMARY KEY);\n"
			     "ALTER INDEX p_pkey ATTACH PARTITION c_pkey;\n",
			     &err),
		     SD_ERR);
	cr_expect(strstr(err.msg, "cannot attach index \"c_pkey\""), "%s",
		  err.msg);
	cr_expect_eq(err.line, 3);
	catalog_free(cat);
}

Test(pg_dump_input, psql_meta_commands_that_change_nothing_are_ignored)
{
	/* as pg_dump 15.14+ writes them, and \set / \echo of install
	 * scripts; a backslash inside a body or a string is left alone */
	struct catalog *cat = load(
		"\\restrict AbC123\n"
		"\\set ON_ERROR_STOP on\n"
		"  \\echo creating t\n"
		"CREATE TABLE t (a text DEFAULT E'\n\\\\x');\n"
		"CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$\n"
		"\\i not_a_command\n"
		"SELECT 'x' $$;\n"
		"\\unrestrict AbC123\n");
	struct sd_function *f = NULL;

	cr_expect(catalog_find(cat, SD_TABLE, "public", "t"));
	for (size_t i = 0; i < cat->nall; i++)
		if (cat->all[i]->kind == SD_FUNCTION)
			f = (struct sd_function *)cat->all[i];
	cr_assert(f, "no function");
	cr_expect(strstr(f->definition, "\\i not_a_command"), "body: %s",
		  f->definition);
	catalog_free(cat);
}

Test(pg_dump_input, psql_meta_commands_in_a_script_split)
{
	struct pg_script s = PG_SCRIPT_INIT;
	struct sd_error err;

	sd_error_clear(&err);
	cr_assert_eq(pg_split("v.sql",
			      "\\restrict k1\nCREATE TABLE a (x int);\n"
			      "\\unrestrict k1\nCREATE TABLE b (x int);\n",
			      &s, &err), 0, "%s", err.msg);
	cr_assert_eq(s.nstmts, 2);
	cr_expect_str_eq(s.stmts[0].sql, "CREATE TABLE a (x int)");
	cr_expect_eq(s.stmts[0].line, 2);
	cr_expect_str_eq(s.stmts[1].sql, "CREATE TABLE b (x int)");
	cr_expect_eq(s.stmts[1].line, 4);
	pg_script_release(&s);
}

Test(pg_dump_input, psql_meta_commands_that_change_what_runs_are_refused)
{
	static const char *const refused[] = { "\\gexec",
					       "\\connect app",
					       "\\if :x", "\\copy t from f",
					       "\\q" };

	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++) {
		struct catalog *cat = catalog_new(SQL_POSTGRES);
		struct pg_script s = PG_SCRIPT_INIT;
		struct sd_error err;
		char sql[128];

		snprintf(sql, sizeof(sql), "CREATE TABLE a (x int);\n  %s\n",
			 refused[i]);
		sd_error_clear(&err);
		cr_expect_eq(pg_load_desired_text(cat, "t.sql", sql, &err),
			     SD_ERR_UNSUPPORTED, "%s accepted", refused[i]);
		cr_expect_eq(err.line, 2);
		cr_expect_eq(err.col, 3);
		cr_expect(strstr(err.msg, "psql meta-command"), "%s",
			  err.msg);
		sd_error_clear(&err);
		cr_expect_eq(pg_split("v.sql", sql, &s, &err),
			     SD_ERR_UNSUPPORTED, "%s split", refused[i]);
		cr_expect_eq(err.line, 2);
		pg_script_release(&s);
		catalog_free(cat);
	}
}

/* pg_dump --clean --if-exists: every object is dropped if it exists
 * before it is created. */
static const char *const clean_dump =
	"DROP TRIGGER IF EXISTS t_trg ON public.t;\n"
	"DROP INDEX IF EXISTS public.t_a_idx;\n"
	"ALTER TABLE IF EXISTS ONLY public.t DROP CONSTRAINT IF EXISTS t_pkey;\n"
	"ALTER TABLE IF EXISTS public.t ALTER COLUMN id DROP DEFAULT;\n"
	"DROP VIEW IF EXISTS public.v;\n"
	"DROP TABLE IF EXISTS public.t;\n"
	"DROP SEQUENCE IF EXISTS public.t_id_seq;\n"
	"DROP FUNCTION IF EXISTS public.f();\n"
	"DROP TYPE IF EXISTS public.mood;\n"
	"DROP SCHEMA IF EXISTS app;\n"
	"CREATE SCHEMA app;\n"
	"CREATE TYPE public.mood AS ENUM ('a', 'b');\n"
	"CREATE FUNCTION public.f() RETURNS trigger LANGUAGE plpgsql"
	" AS $$ BEGIN RETURN NEW; END $$;\n"
	"CREATE TABLE public.t (id integer NOT NULL, a public.mood);\n"
	"CREATE SEQUENCE public.t_id_seq AS integer;\n"
	"ALTER SEQUENCE public.t_id_seq OWNED BY public.t.id;\n"
	"CREATE VIEW public.v AS SELECT id FROM public.t;\n"
	"ALTER TABLE ONLY public.t ALTER COLUMN id SET DEFAULT"
	" nextval('public.t_id_seq'::regclass);\n"
	"ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n"
	"CREATE INDEX t_a_idx ON public.t USING btree (a);\n"
	"CREATE TRIGGER t_trg BEFORE INSERT ON public.t FOR EACH ROW"
	" EXECUTE FUNCTION public.f();\n";

static void expect_clean_dump(struct catalog *cat)
{
	struct sd_table *t = table(cat, "t");

	cr_expect(catalog_find(cat, SD_SCHEMA, NULL, "app"));
	cr_expect(catalog_find(cat, SD_TYPE, "public", "mood"));
	cr_expect(catalog_find(cat, SD_SEQUENCE, "public", "t_id_seq"));
	cr_expect(catalog_find(cat, SD_VIEW, "public", "v"));
	cr_expect(catalog_find(cat, SD_INDEX, "public", "t_a_idx"));
	cr_expect(table_find_constraint(t, "t_pkey"));
	cr_expect_str_eq(table_find_column(t, "id")->default_expr,
			 "nextval('public.t_id_seq'::regclass)");
}

Test(pg_dump_input, clean_if_exists_dump_as_a_desired_set)
{
	struct catalog *cat = load(clean_dump);

	expect_clean_dump(cat);
	catalog_free(cat);
}

Test(pg_dump_input, clean_if_exists_dump_as_a_script)
{
	struct catalog *cat = replay_ok(clean_dump);

	expect_clean_dump(cat);
	catalog_free(cat);
}

Test(pg_dump_input, drop_without_if_exists_still_drops_in_a_desired_set)
{
	struct catalog *cat = load("CREATE TABLE t (a int);\n"
				   "CREATE TABLE u (a int);\n"
				   "DROP TABLE u;\n");

	cr_expect(catalog_find(cat, SD_TABLE, "public", "t"));
	cr_expect_null(catalog_find(cat, SD_TABLE, "public", "u"));
	catalog_free(cat);
}

Test(pg_dump_input, extension_type_modifiers_kept_as_written)
{
	struct catalog *cat = load(
		"CREATE TABLE z (\n"
		"  zone public.geometry(Polygon,4326),\n"
		"  pt geometry( Point , 4326 ),\n"
		"  g public.geography('POINT', 4326),\n"
		"  v public.vector(3),\n"
		"  n numeric(10, 2));\n");
	struct sd_table *z = table(cat, "z");

	cr_expect_str_eq(table_find_column(z, "zone")->type,
			 "public.geometry(Polygon,4326)");
	cr_expect_str_eq(table_find_column(z, "pt")->type,
			 "public.geometry(Point,4326)");
	cr_expect_str_eq(table_find_column(z, "g")->type,
			 "public.geography('POINT',4326)");
	cr_expect_str_eq(table_find_column(z, "v")->type, "public.vector(3)");
	cr_expect_str_eq(table_find_column(z, "n")->type, "numeric(10,2)");
	catalog_free(cat);
}

Test(pg_dump_input, built_in_type_modifiers_stay_integers)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;

	sd_error_clear(&err);
	cr_expect_eq(pg_load_desired_text(cat, "t.sql",
					  "CREATE TABLE z (a \"varchar\"(x));\n",
					  &err),
		     SD_ERR);
	cr_expect(strstr(err.msg, "type modifiers must be"), "%s", err.msg);
	catalog_free(cat);
}

Test(pg_dump_input, create_table_like)
{
	struct catalog *cat = load(
		"CREATE TYPE mood AS ENUM ('a');\n"
		"CREATE TABLE src (id serial PRIMARY KEY, m mood NOT NULL"
		" DEFAULT 'a', n varchar(5) COLLATE \"C\" CHECK (n <> ''));\n"
		"CREATE TABLE plain (LIKE src);\n"
		"CREATE TABLE more (LIKE src INCLUDING DEFAULTS"
		" INCLUDING CONSTRAINTS, extra int);\n");
	struct sd_table *p = table(cat, "plain"), *m = table(cat, "more");
	bool type_dep = false;

	cr_assert_eq(p->ncolumns, 3);
	cr_expect_str_eq(table_find_column(p, "m")->type, "public.mood");
	cr_expect(table_find_column(p, "id")->not_null);
	cr_expect_null(table_find_column(p, "id")->default_expr);
	cr_expect_str_eq(table_find_column(p, "n")->collation, "\"C\"");
	cr_expect_eq(p->nconstraints, 0);
	for (size_t i = 0; i < p->base.ndeps; i++)
		type_dep |= !strcmp(p->base.deps[i],
				    catalog_key(cat, SD_TYPE, "public",
						"mood"));
	cr_expect(type_dep, "no dependency on the column's type");
	cr_assert_eq(m->ncolumns, 4);
	cr_expect_str_eq(table_find_column(m, "id")->default_expr,
			 table_find_column(table(cat, "src"), "id")
				 ->default_expr);
	cr_expect(table_find_constraint(m, "src_n_check"));
	catalog_free(cat);
}

Test(pg_dump_input, create_table_like_including_indexes)
{
	struct catalog *cat = load(
		"CREATE TABLE src (id int PRIMARY KEY);\n"
		"CREATE TABLE c (LIKE src INCLUDING ALL);\n");
	struct catalog *bad = catalog_new(SQL_POSTGRES);
	struct sd_error err;

	/* the key is copied under the server's name for it */
	cr_assert_eq(table(cat, "c")->nconstraints, 1);
	cr_expect_str_eq(table(cat, "c")->constraints[0].name, "c_pkey");
	/* an expression index: refused by name */
	sd_error_clear(&err);
	cr_expect_eq(pg_load_desired_text(
			     bad, "t.sql",
			     "CREATE TABLE src (id int);\n"
			     "CREATE INDEX src_e ON src ((id + 1));\n"
			     "CREATE TABLE c (LIKE src INCLUDING ALL);\n", &err),
		     SD_ERR_UNSUPPORTED);
	cr_expect_str_eq(err.msg, "unsupported LIKE ... INCLUDING INDEXES of "
				  "expression index \"src_e\"");
	cr_expect_eq(err.line, 3);
	catalog_free(bad);
	catalog_free(cat);
}

Test(pg_dump_input, old_install_script_forms)
{
	/* WITH (OIDS=FALSE) means nothing on PostgreSQL 12+; plpgsql is in
	 * every database (CREATE LANGUAGE plpgsql is CREATE EXTENSION) */
	struct catalog *cat = load(
		"CREATE LANGUAGE plpgsql;\n"
		"CREATE EXTENSION IF NOT EXISTS plpgsql;\n"
		"CREATE TABLE a (x int) WITH (OIDS=FALSE);\n"
		"CREATE TABLE b (x int) WITH (oids = false, fillfactor = 70);\n");
	struct catalog *scr = catalog_new(SQL_POSTGRES);
	struct sd_error err;

	cr_expect_null(catalog_find(cat, SD_EXTENSION, NULL, "plpgsql"));
	cr_expect_eq(table(cat, "a")->nreloptions, 0);
	cr_expect_eq(table(cat, "b")->nreloptions, 1);
	/* a script fails where the server does */
	sd_error_clear(&err);
	cr_expect_eq(pg_replay_script(scr, "v.sql", "CREATE LANGUAGE plpgsql;",
				      &err), SD_ERR);
	cr_expect_str_eq(err.msg, "extension \"plpgsql\" already exists");
	sd_error_clear(&err);
	cr_expect_eq(pg_load_desired_text(scr, "t.sql",
					  "CREATE TABLE c (x int) WITH (OIDS);",
					  &err), SD_ERR_UNSUPPORTED);
	catalog_free(scr);
	catalog_free(cat);
}
