/*
 * tests/diff/test_diff.c: the diff engine on catalogs built by hand: which
 * changes come out, their flags, and above all their order. Each test owns
 * its catalogs and frees them.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "diff/diff_internal.h"
#include "tests/diff/builders.h"

#include "util/banned.h"

static struct changeset *run(const struct catalog *from,
			     const struct catalog *to)
{
	struct changeset *cs = NULL;
	struct sd_error err;

	memset(&err, 0, sizeof(err));
	cr_assert_eq(diff_catalogs(from, to, &cs, &err), 0, "%s", err.msg);
	return cs;
}

static size_t count_type(const struct changeset *cs, enum change_type t)
{
	size_t n = 0;
	for (size_t i = 0; i < cs->nchanges; i++)
		n += cs->changes[i].type == t;
	return n;
}

static const struct change *find_type(const struct changeset *cs,
				      enum change_type t)
{
	for (size_t i = 0; i < cs->nchanges; i++)
		if (cs->changes[i].type == t)
			return &cs->changes[i];
	return NULL;
}

Test(diff, identical_catalogs_give_nothing)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct sd_table *t1 = b_table(a, "t"), *t2 = b_table(b, "t");
	struct changeset *cs;

	b_col(a, t1, "id", "integer", true);
	b_col(b, t2, "id", "integer", true);
	b_pk(a, t1, "id");
	b_pk(b, t2, "id");
	cs = run(a, b);
	cr_assert(changeset_empty(cs));
	changeset_free(cs);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, create_and_drop_every_kind)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct changeset *cs;

	catalog_add(b, SD_SCHEMA, NULL, "app");
	catalog_add(b, SD_EXTENSION, NULL, "citext");
	b_enum(b, "mood", "sad,ok");
	b_seq(b, "s");
	b_col(b, b_table(b, "t"), "a", "integer", false);
	b_index(b, "t_a_idx", "t", "a");
	b_view(b, "v", "SELECT a FROM public.t", "t");
	cs = run(a, b);
	cr_assert_eq(cs->nchanges, 7);
	cr_assert_eq(cs->changes[0].type, CH_CREATE_SCHEMA);
	cr_assert_eq(cs->changes[1].type, CH_CREATE_EXTENSION);
	cr_assert_eq(cs->changes[2].type, CH_CREATE_TYPE);
	cr_assert_eq(cs->changes[3].type, CH_CREATE_SEQUENCE);
	cr_assert_eq(cs->changes[4].type, CH_CREATE_TABLE);
	cr_assert_eq(cs->changes[5].type, CH_CREATE_INDEX);
	cr_assert_eq(cs->changes[6].type, CH_CREATE_VIEW);
	changeset_free(cs);

	/* and back: drops in reverse, destructive where data goes */
	cs = run(b, a);
	cr_assert_eq(cs->nchanges, 6, "the index goes with its table");
	cr_assert_eq(cs->changes[0].type, CH_DROP_VIEW);
	cr_assert_eq(cs->changes[1].type, CH_DROP_TABLE);
	cr_assert(cs->changes[1].flags & CHANGE_DESTRUCTIVE);
	cr_assert_eq(cs->changes[2].type, CH_DROP_SEQUENCE);
	cr_assert_eq(cs->changes[3].type, CH_DROP_TYPE);
	cr_assert_eq(cs->changes[4].type, CH_DROP_EXTENSION);
	cr_assert_eq(cs->changes[5].type, CH_DROP_SCHEMA);
	for (size_t i = 1; i < 6; i++)
		cr_assert(cs->changes[i].flags & CHANGE_DESTRUCTIVE);
	changeset_free(cs);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, column_changes)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct sd_table *ta = b_table(a, "t"), *tb = b_table(b, "t");
	struct changeset *cs;
	char *d;

	b_col(a, ta, "keep", "integer", false);
	b_col(a, ta, "gone", "text", false);
	b_col(a, ta, "ty", "bigint", false);
	b_col(a, ta, "df", "text", false);
	b_col(a, ta, "nn", "text", false);
	b_col(a, ta, "idn", "integer", true);
	b_col(a, ta, "gen", "integer", false)->generated = "(keep * 2)";

	b_col(b, tb, "keep", "integer", false);
	b_col(b, tb, "ty", "integer", false);
	b_col(b, tb, "df", "text", false)->default_expr = "'x'::text";
	b_col(b, tb, "nn", "text", true);
	b_col(b, tb, "idn", "integer", true)->identity = SD_IDENTITY_ALWAYS;
	b_col(b, tb, "gen", "integer", false)->generated = "(keep * 3)";
	b_col(b, tb, "added", "text", false);

	cs = run(a, b);
	cr_assert_eq(count_type(cs, CH_ADD_COLUMN), 2);
	cr_assert_eq(count_type(cs, CH_DROP_COLUMN), 2);
	cr_assert_eq(count_type(cs, CH_ALTER_COLUMN_TYPE), 1);
	cr_assert_eq(count_type(cs, CH_ALTER_COLUMN_DEFAULT), 1);
	cr_assert_eq(count_type(cs, CH_ALTER_COLUMN_NOT_NULL), 1);
	cr_assert_eq(count_type(cs, CH_ALTER_COLUMN_IDENTITY), 1);
	cr_assert(find_type(cs, CH_ALTER_COLUMN_TYPE)->flags &
		  CHANGE_DESTRUCTIVE);
	cr_assert_not(find_type(cs, CH_ALTER_COLUMN_DEFAULT)->flags &
		      CHANGE_DESTRUCTIVE);
	changeset_free(cs);

	d = b_describe(a, b);
	cr_assert(strstr(d, "add column public.t.added\n"), "%s", d);
	cr_assert(strstr(d, "alter column public.t.ty type (destructive)\n"),
		  "%s", d);
	cr_assert(strstr(d, "alter column public.t.df default\n"), "%s", d);
	/* the generated column is dropped before it is added again */
	b_before(d, "drop column public.t.gen", "add column public.t.gen");
	free(d);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, identity_removed_before_default_set)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct sd_table *ta = b_table(a, "t"), *tb = b_table(b, "t");
	char *sql;

	b_col(a, ta, "id", "integer", true)->identity = SD_IDENTITY_ALWAYS;
	b_col(b, tb, "id", "integer", true)->default_expr = "0";
	sql = b_sql(a, b);
	b_before(sql, "DROP IDENTITY", "SET DEFAULT 0");
	free(sql);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, constraint_changed_is_dropped_then_added)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct sd_table *ta = b_table(a, "t"), *tb = b_table(b, "t");
	char *sql;

	b_col(a, ta, "a", "integer", false);
	b_col(b, tb, "a", "integer", false);
	b_check(a, ta, "t_a_check", "(a > 0)");
	b_check(b, tb, "t_a_check", "(a > 1)");
	sql = b_sql(a, b);
	cr_assert_str_eq(sql,
		"ALTER TABLE public.t DROP CONSTRAINT t_a_check;\n"
		"ALTER TABLE public.t ADD CONSTRAINT t_a_check CHECK ((a > 1));\n");
	free(sql);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, fk_between_two_new_tables)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct sd_table *child = b_table(b, "a_child");
	struct sd_table *parent = b_table(b, "z_parent");
	char *sql;

	b_col(b, child, "pid", "integer", false);
	b_fk(b, child, "pid", "z_parent", "id");
	b_col(b, parent, "id", "integer", true);
	b_pk(b, parent, "id");
	sql = b_sql(a, b);
	cr_assert_str_eq(sql,
		"CREATE TABLE public.a_child (\n"
		"    pid integer\n"
		");\n"
		"CREATE TABLE public.z_parent (\n"
		"    id integer NOT NULL,\n"
		"    CONSTRAINT z_parent_pkey PRIMARY KEY (id)\n"
		");\n"
		"ALTER TABLE public.a_child ADD CONSTRAINT a_child_pid_fkey "
		"FOREIGN KEY (pid) REFERENCES public.z_parent(id);\n");
	free(sql);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, tables_referencing_each_other)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct sd_table *x = b_table(b, "x"), *y = b_table(b, "y");
	char *sql, *back;

	b_col(b, x, "id", "integer", true);
	b_col(b, x, "y_id", "integer", false);
	b_pk(b, x, "id");
	b_fk(b, x, "y_id", "y", "id");
	b_col(b, y, "id", "integer", true);
	b_col(b, y, "x_id", "integer", false);
	b_pk(b, y, "id");
	b_fk(b, y, "x_id", "x", "id");
	sql = b_sql(a, b);
	b_before(sql, "CREATE TABLE public.y", "ADD CONSTRAINT x_y_id_fkey");
	b_before(sql, "CREATE TABLE public.x", "ADD CONSTRAINT y_x_id_fkey");

	/* and dropping both: the keys go first */
	back = b_sql(b, a);
	cr_assert_str_eq(back,
		"ALTER TABLE public.x DROP CONSTRAINT x_y_id_fkey;\n"
		"ALTER TABLE public.y DROP CONSTRAINT y_x_id_fkey;\n"
		"DROP TABLE public.x;\n"
		"DROP TABLE public.y;\n");
	free(sql);
	free(back);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, name_dropped_and_recreated_drops_first)
{
	struct catalog *a = b_cat(), *b = b_cat();
	char *sql;

	/* "thing" was a table and becomes a view over another table */
	b_col(a, b_table(a, "thing"), "a", "integer", false);
	b_col(a, b_table(a, "base"), "a", "integer", false);
	b_col(b, b_table(b, "base"), "a", "integer", false);
	b_view(b, "thing", "SELECT a FROM public.base", "base");
	sql = b_sql(a, b);
	cr_assert_str_eq(sql,
		"DROP TABLE public.thing;\n"
		"CREATE VIEW public.thing AS SELECT a FROM public.base;\n");
	free(sql);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, index_recreated_same_name)
{
	struct catalog *a = b_cat(), *b = b_cat();
	char *sql;

	b_col(a, b_table(a, "t"), "a", "integer", false);
	b_col(b, b_table(b, "t"), "a", "integer", false);
	b_index(a, "t_a_idx", "t", "a");
	b_index(b, "t_a_idx", "t", "a")->elems[0].desc = true;
	sql = b_sql(a, b);
	cr_assert_str_eq(sql,
		"DROP INDEX public.t_a_idx;\n"
		"CREATE INDEX t_a_idx ON public.t USING btree (a DESC);\n");
	free(sql);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, view_over_view_over_table)
{
	struct catalog *a = b_cat(), *b = b_cat();
	char *sql, *back;

	/* names chosen so that name order is the wrong order */
	b_col(b, b_table(b, "z_base"), "a", "integer", false);
	b_view(b, "m_mid", "SELECT a FROM public.z_base", "z_base");
	b_view(b, "a_top", "SELECT a FROM public.m_mid", "m_mid");
	sql = b_sql(a, b);
	b_before(sql, "CREATE TABLE public.z_base", "CREATE VIEW public.m_mid");
	b_before(sql, "CREATE VIEW public.m_mid", "CREATE VIEW public.a_top");
	back = b_sql(b, a);
	cr_assert_str_eq(back,
		"DROP VIEW public.a_top;\n"
		"DROP VIEW public.m_mid;\n"
		"DROP TABLE public.z_base;\n");
	free(sql);
	free(back);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, column_type_change_recreates_dependent_views)
{
	struct catalog *a = b_cat(), *b = b_cat();
	char *sql;

	b_col(a, b_table(a, "t"), "a", "integer", false);
	b_col(b, b_table(b, "t"), "a", "bigint", false);
	b_view(a, "v1", "SELECT a FROM public.t", "t");
	b_view(b, "v1", "SELECT a FROM public.t", "t");
	b_view(a, "v2", "SELECT a FROM public.v1", "v1");
	b_view(b, "v2", "SELECT a FROM public.v1", "v1");
	sql = b_sql(a, b);
	cr_assert_str_eq(sql,
		"DROP VIEW public.v2;\n"
		"DROP VIEW public.v1;\n"
		"ALTER TABLE public.t ALTER COLUMN a TYPE bigint USING a::bigint;\n"
		"CREATE VIEW public.v1 AS SELECT a FROM public.t;\n"
		"CREATE VIEW public.v2 AS SELECT a FROM public.v1;\n");
	free(sql);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, enum_used_by_column)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct sd_table *t;
	char *sql;

	/* the table's name sorts before the type's kind would allow */
	t = b_table(b, "a");
	b_col(b, t, "m", "public.zz_mood", false);
	catalog_add_dep(b, &t->base, catalog_key(b, SD_TYPE, "public", "zz_mood"));
	b_enum(b, "zz_mood", "sad,happy");
	sql = b_sql(a, b);
	b_before(sql, "CREATE TYPE public.zz_mood", "CREATE TABLE public.a");

	/* a column changing to the type waits for it; dropping the old
	 * type waits for the column */
	{
		struct catalog *c = b_cat(), *d = b_cat();
		struct sd_table *tc = b_table(c, "t"), *td = b_table(d, "t");
		char *s2;

		b_enum(c, "old_e", "a");
		b_col(c, tc, "m", "public.old_e", false);
		catalog_add_dep(c, &tc->base,
				catalog_key(c, SD_TYPE, "public", "old_e"));
		b_enum(d, "new_e", "a");
		b_col(d, td, "m", "public.new_e", false);
		catalog_add_dep(d, &td->base,
				catalog_key(d, SD_TYPE, "public", "new_e"));
		s2 = b_sql(c, d);
		b_before(s2, "CREATE TYPE public.new_e", "ALTER COLUMN m TYPE");
		b_before(s2, "ALTER COLUMN m TYPE", "DROP TYPE public.old_e");
		free(s2);
		catalog_free(c);
		catalog_free(d);
	}
	free(sql);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, drop_table_referenced_by_table_that_stays)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct sd_table *pa = b_table(a, "b_parent"), *ca = b_table(a, "a_child");
	struct sd_table *cb = b_table(b, "a_child");
	char *sql;

	b_col(a, pa, "id", "integer", true);
	b_pk(a, pa, "id");
	b_col(a, ca, "pid", "integer", false);
	b_fk(a, ca, "pid", "b_parent", "id");
	b_col(b, cb, "pid", "integer", false);
	sql = b_sql(a, b);
	cr_assert_str_eq(sql,
		"ALTER TABLE public.a_child DROP CONSTRAINT a_child_pid_fkey;\n"
		"DROP TABLE public.b_parent;\n");
	free(sql);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, primary_key_change_refreshes_foreign_keys)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct catalog *cats[2] = { a, b };
	char *sql;

	for (int i = 0; i < 2; i++) {
		struct sd_table *p = b_table(cats[i], "p");
		struct sd_table *c = b_table(cats[i], "c");
		b_col(cats[i], p, "id", "integer", true);
		b_col(cats[i], p, "k", "integer", true);
		b_pk(cats[i], p, i ? "k" : "id");
		b_col(cats[i], c, "pid", "integer", false);
		b_fk(cats[i], c, "pid", "p", "id");
	}
	sql = b_sql(a, b);
	b_before(sql, "DROP CONSTRAINT c_pid_fkey", "DROP CONSTRAINT p_pkey");
	b_before(sql, "ADD CONSTRAINT p_pkey", "ADD CONSTRAINT c_pid_fkey");
	free(sql);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, enum_values_added_in_order)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct changeset *cs;
	char *sql;

	b_enum(a, "e", "c,e");
	b_enum(b, "e", "a,b,c,d,e,f");
	sql = b_sql(a, b);
	cr_assert_str_eq(sql,
		"ALTER TYPE public.e ADD VALUE 'b' BEFORE 'c';\n"
		"ALTER TYPE public.e ADD VALUE 'a' BEFORE 'b';\n"
		"ALTER TYPE public.e ADD VALUE 'd' AFTER 'c';\n"
		"ALTER TYPE public.e ADD VALUE 'f' AFTER 'e';\n");
	free(sql);
	cs = run(a, b);
	for (size_t i = 0; i < cs->nchanges; i++)
		cr_assert_not(cs->changes[i].flags & CHANGE_DESTRUCTIVE);
	changeset_free(cs);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, enum_reordered_is_rebuilt)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct changeset *cs;

	b_enum(a, "e", "a,b");
	b_enum(b, "e", "b,a");
	cs = run(a, b);
	cr_assert_eq(cs->nchanges, 2);
	cr_assert_eq(cs->changes[0].type, CH_DROP_TYPE);
	cr_assert_eq(cs->changes[1].type, CH_CREATE_TYPE);
	cr_assert(cs->changes[0].flags & CHANGE_DESTRUCTIVE);
	cr_assert(cs->changes[1].flags & CHANGE_DESTRUCTIVE);
	changeset_free(cs);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, sequence_owned_by_after_table)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct sd_sequence *s = b_seq(b, "a_seq");
	struct sd_table *t = b_table(b, "t");
	char *sql;

	s->owned_table = "t";
	s->owned_column = "id";
	b_col(b, t, "id", "bigint", true)->default_expr =
		"nextval('public.a_seq'::regclass)";
	catalog_add_dep(b, &t->base, catalog_key(b, SD_SEQUENCE, "public", "a_seq"));
	sql = b_sql(a, b);
	cr_assert_str_eq(sql,
		"CREATE SEQUENCE public.a_seq;\n"
		"CREATE TABLE public.t (\n"
		"    id bigint DEFAULT nextval('public.a_seq'::regclass) NOT NULL\n"
		");\n"
		"ALTER SEQUENCE public.a_seq OWNED BY public.t.id;\n");
	free(sql);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, comments_follow_their_objects)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct sd_table *ta = b_table(a, "t"), *tb = b_table(b, "t");
	char *sql;

	b_col(a, ta, "a", "integer", false)->comment = "old";
	b_col(b, tb, "a", "integer", false);
	b_check(b, tb, "t_a_check", "(a > 0)")->comment = "positive";
	tb->base.comment = "the table";
	sql = b_sql(a, b);
	cr_assert_str_eq(sql,
		"ALTER TABLE public.t ADD CONSTRAINT t_a_check CHECK ((a > 0));\n"
		"COMMENT ON TABLE public.t IS 'the table';\n"
		"COMMENT ON COLUMN public.t.a IS NULL;\n"
		"COMMENT ON CONSTRAINT t_a_check ON public.t IS 'positive';\n");
	free(sql);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, same_input_same_output)
{
	char *first = NULL;

	for (int round = 0; round < 3; round++) {
		struct catalog *a = b_cat(), *b = b_cat();
		char *sql;

		for (int i = 0; i < 40; i++) {
			struct strbuf n = STRBUF_INIT;
			struct sd_table *t;
			strbuf_addf(&n, "t%02d", (i * 7) % 40);
			t = b_table(b, n.buf);
			b_col(b, t, "id", "integer", true);
			b_pk(b, t, "id");
			if (i)
				b_fk(b, t, "id", i % 2 ? "t00" : "t01", "id");
			strbuf_release(&n);
		}
		b_view(b, "v", "SELECT 1", "t05,t17");
		sql = b_sql(a, b);
		if (!first)
			first = sql;
		else {
			cr_assert_str_eq(sql, first);
			free(sql);
		}
		catalog_free(a);
		catalog_free(b);
	}
	free(first);
}

Test(diff, describe_lines)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct sd_table *ta = b_table(a, "t"), *tb = b_table(b, "t");
	char *d;

	b_col(a, ta, "a", "integer", false);
	b_col(b, tb, "a", "integer", false);
	b_check(a, ta, "t_a_check", "(a > 0)");
	b_col(b, tb, "c", "text", false);
	d = b_describe(a, b);
	cr_assert_str_eq(d, "drop constraint public.t.t_a_check\n"
			    "add column public.t.c\n");
	free(d);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, unbreakable_cycle_names_every_member)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct changeset *cs = NULL;
	struct sd_error err;

	b_view(b, "v1", "SELECT 1", "v2");
	b_view(b, "v2", "SELECT 1", "v1");
	b_col(b, b_table(b, "t"), "a", "integer", false);
	memset(&err, 0, sizeof(err));
	cr_assert_lt(diff_catalogs(a, b, &cs, &err), 0);
	cr_assert_null(cs);
	cr_assert(strstr(err.msg, "create view public.v1"), "%s", err.msg);
	cr_assert(strstr(err.msg, "create view public.v2"), "%s", err.msg);
	cr_assert_null(strstr(err.msg, "public.t"), "%s", err.msg);
	catalog_free(a);
	catalog_free(b);
}


Test(diff, collation_only_change_is_not_destructive)
{
	struct catalog *a = b_cat(), *b = b_cat();
	struct changeset *cs;
	char *sql;

	b_col(a, b_table(a, "t"), "c", "text", false);
	b_col(b, b_table(b, "t"), "c", "text", false)->collation = "\"C\"";
	cs = run(a, b);
	cr_assert_eq(cs->nchanges, 1);
	cr_assert_eq(cs->changes[0].type, CH_ALTER_COLUMN_COLLATION);
	cr_assert_not(cs->changes[0].flags & CHANGE_DESTRUCTIVE);
	changeset_free(cs);
	sql = b_sql(a, b);
	cr_assert_str_eq(sql,
		"ALTER TABLE public.t ALTER COLUMN c TYPE text COLLATE \"C\";\n");
	free(sql);
	catalog_free(a);
	catalog_free(b);
}

Test(diff, type_widening_is_not_destructive)
{
	cr_assert(diff_type_widens("character varying(255)", "character varying(320)"));
	cr_assert(diff_type_widens("character varying(255)", "text"));
	cr_assert(diff_type_widens("character varying(255)", "character varying"));
	cr_assert(diff_type_widens("text", "character varying"));
	cr_assert(diff_type_widens("integer", "bigint"));
	cr_assert(diff_type_widens("smallint", "integer"));
	cr_assert(diff_type_widens("integer", "numeric"));
	cr_assert(diff_type_widens("numeric(8,2)", "numeric(10,2)"));
	cr_assert(diff_type_widens("numeric(8,2)", "numeric(9,3)"));
	cr_assert(diff_type_widens("numeric(8, 2)", "numeric"));
	cr_assert(diff_type_widens("real", "double precision"));
	cr_assert(diff_type_widens("integer[]", "bigint[]"));
	cr_assert_not(diff_type_widens("character varying(320)", "character varying(255)"));
	cr_assert_not(diff_type_widens("text", "character varying(10)"));
	cr_assert_not(diff_type_widens("bigint", "integer"));
	cr_assert_not(diff_type_widens("numeric(10,2)", "numeric(10,3)"));
	cr_assert_not(diff_type_widens("numeric", "numeric(10,2)"));
	cr_assert_not(diff_type_widens("text", "integer"));
	cr_assert_not(diff_type_widens("integer", "text[]"));
	cr_assert_not(diff_type_widens("double precision", "real"));
}
