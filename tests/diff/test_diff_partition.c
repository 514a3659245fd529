/*
 * tests/diff/test_diff_partition.c: the diff engine on partitioned
 * tables, partitions and inheritance (diff/diff_partition.c): which
 * changes come out, their flags, their order, and their lines in
 * changeset_describe(). Catalogs come from the parser; each test owns and
 * frees them.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "diff/diff.h"
#include "parser/pg/pg_parser.h"
#include "util/error.h"
#include "util/strbuf.h"

#include "util/banned.h"

static struct catalog *parse(const char *sql)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;

	sd_error_clear(&err);
	cr_assert_eq(pg_load_desired_text(cat, "t.sql", sql, &err), 0,
		     "%s", err.msg);
	return cat;
}

/* The changes from a to b as describe lines, in out. */
static void describe(const char *a_sql, const char *b_sql, struct strbuf *out)
{
	struct catalog *a = parse(a_sql), *b = parse(b_sql);
	struct changeset *cs;
	struct sd_error err;

	sd_error_clear(&err);
	cr_assert_eq(diff_catalogs(a, b, &cs, &err), 0, "%s", err.msg);
	changeset_describe(cs, out);
	changeset_free(cs);
	catalog_free(a);
	catalog_free(b);
}

#define LOGS "CREATE TABLE logs (id int, d date) PARTITION BY RANGE (d);\n"

TestSuite(diff_partition);

Test(diff_partition, parents_first_on_create_last_on_drop)
{
	struct strbuf d = STRBUF_INIT;
	const char *sql =
		"CREATE TABLE a_sub PARTITION OF logs FOR VALUES FROM "
		"('2024-01-01') TO ('2024-02-01') PARTITION BY RANGE (id);\n"
		"CREATE TABLE a_sub_1 PARTITION OF a_sub FOR VALUES FROM (0) "
		"TO (9);\n" LOGS
		"CREATE TABLE a_child () INHERITS (z_parent);\n"
		"CREATE TABLE z_parent (x int);\n";

	describe("", sql, &d);
	cr_expect_str_eq(d.buf,
			 "create table public.logs\n"
			 "create table public.a_sub\n"
			 "create table public.a_sub_1\n"
			 "create table public.z_parent\n"
			 "create table public.a_child\n");
	strbuf_reset(&d);
	describe(sql, "", &d);
	cr_expect_str_eq(d.buf,
			 "drop table public.a_child (destructive)\n"
			 "drop table public.a_sub_1 (destructive)\n"
			 "drop table public.a_sub (destructive)\n"
			 "drop table public.logs (destructive)\n"
			 "drop table public.z_parent (destructive)\n");
	strbuf_release(&d);
}

Test(diff_partition, new_key_is_a_destructive_remake)
{
	struct strbuf d = STRBUF_INIT;

	describe(LOGS "CREATE TABLE l1 PARTITION OF logs FOR VALUES FROM "
		 "('2024-01-01') TO ('2024-02-01');\n",
		 "CREATE TABLE logs (id int, d date) PARTITION BY LIST (id);\n"
		 "CREATE TABLE l1 PARTITION OF logs FOR VALUES IN (1);\n",
		 &d);
	cr_expect_str_eq(d.buf,
			 "drop table public.l1 (destructive)\n"
			 "drop table public.logs (destructive)\n"
			 "create table public.logs\n"
			 "create table public.l1\n");
	strbuf_release(&d);
}

Test(diff_partition, bound_attach_inherit_are_not_destructive)
{
	struct strbuf d = STRBUF_INIT;

	describe(LOGS "CREATE TABLE l1 PARTITION OF logs FOR VALUES FROM "
		 "('2024-01-01') TO ('2024-02-01');\n"
		 "CREATE TABLE l2 (id int, d date);\n"
		 "CREATE TABLE p (id int);\n"
		 "CREATE TABLE c (id int, x int);\n"
		 "CREATE TABLE c2 (y int) INHERITS (p);\n",
		 LOGS "CREATE TABLE l1 PARTITION OF logs FOR VALUES FROM "
		 "('2024-01-01') TO ('2024-03-01');\n"
		 "CREATE TABLE l2 PARTITION OF logs DEFAULT;\n"
		 "CREATE TABLE p (id int);\n"
		 "CREATE TABLE c (x int) INHERITS (p);\n"
		 "CREATE TABLE c2 (id int, y int);\n",
		 &d);
	cr_expect_str_eq(d.buf,
			 "remove inheritance of public.c2 from public.p\n"
			 "detach partition public.l1\n"
			 "add inheritance of public.c from public.p\n"
			 "attach partition public.l1\n"
			 "attach partition public.l2\n");
	strbuf_release(&d);
}
