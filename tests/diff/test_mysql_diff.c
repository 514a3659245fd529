/*
 * tests/diff/test_mysql_diff.c: the diff of MySQL catalogs (diff/mysql_*.c):
 * destructive flags and MySQL's type widening, the change descriptions,
 * the order of changes that the server depends on, column moves that land
 * every column where it belongs (checked by replaying them), determinism.
 * Catalogs are built by hand (tests/diff/mysql_builders.h).
 *
 * Memory: each test frees its catalogs, change sets and strings.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "diff/diff_internal.h"
#include "tests/diff/mysql_builders.h"

#include "util/banned.h"

static void expect_describe(const struct catalog *a, const struct catalog *b,
			    const char *want)
{
	char *got = my_describe(a, b);

	cr_expect_str_eq(got, want);
	free(got);
}

Test(mysql_diff, widening_types)
{
	static const char *const widen[][2] = {
		{ "int(11)", "bigint(20)" },
		{ "tinyint(4)", "smallint(6)" },
		{ "smallint(6)", "mediumint(9)" },
		{ "mediumint(9)", "int(11)" },
		{ "int(10) unsigned", "bigint(20) unsigned" },
		{ "int(11)", "int(5)" },
		{ "varchar(10)", "varchar(20)" },
		{ "char(3)", "varchar(3)" },
		{ "varchar(100)", "text" },
		{ "varchar(20000)", "mediumtext" },
		{ "text", "mediumtext" },
		{ "mediumtext", "longtext" },
		{ "blob", "longblob" },
		{ "varbinary(16)", "varbinary(32)" },
		{ "decimal(10,2)", "decimal(12,2)" },
		{ "decimal(10,2)", "decimal(11,3)" },
		{ "float", "double" },
		{ "datetime", "datetime(3)" },
		{ "enum('a','b')", "enum('a','b','c')" },
	};
	static const char *const narrow[][2] = {
		{ "bigint(20)", "int(11)" },
		{ "int(11)", "int(10) unsigned" },
		{ "int(10) unsigned", "int(11)" },
		{ "int(10) unsigned", "bigint(20)" },
		{ "varchar(20)", "varchar(10)" },
		{ "varchar(20000)", "text" },
		{ "longtext", "text" },
		{ "text", "varchar(100)" },
		{ "decimal(10,2)", "decimal(10,3)" },
		{ "decimal(10,2)", "decimal(10,1)" },
		{ "double", "float" },
		{ "datetime(3)", "datetime" },
		{ "enum('a','b')", "enum('b','a')" },
		{ "int(11)", "varchar(20)" },
	};

	for (size_t i = 0; i < sizeof(widen) / sizeof(widen[0]); i++)
		cr_expect(diff_type_widens_mysql(widen[i][0], widen[i][1]),
			  "%s -> %s should widen", widen[i][0], widen[i][1]);
	for (size_t i = 0; i < sizeof(narrow) / sizeof(narrow[0]); i++)
		cr_expect(!diff_type_widens_mysql(narrow[i][0], narrow[i][1]),
			  "%s -> %s should not widen", narrow[i][0],
			  narrow[i][1]);
}

Test(mysql_diff, destructive_flags)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;

	t = my_table(a, "gone");
	my_col(a, t, "x", "int(11)", false);
	t = my_table(a, "t");
	my_col(a, t, "dropped", "int(11)", false);
	my_col(a, t, "wider", "int(11)", false);
	my_col(a, t, "narrower", "bigint(20)", false);
	my_col(a, t, "signless", "int(11)", false);
	my_col(a, t, "longer", "text", false);
	my_col(a, t, "latin", "varchar(5)", false)->charset = "utf8mb4";
	my_col(a, t, "utf", "varchar(5)", false)->charset = "latin1";
	t = my_table(b, "t");
	my_col(b, t, "wider", "bigint(20)", false);
	my_col(b, t, "narrower", "int(11)", false);
	my_col(b, t, "signless", "int(10) unsigned", false);
	my_col(b, t, "longer", "mediumtext", false);
	my_col(b, t, "latin", "varchar(5)", false)->charset = "latin1";
	my_col(b, t, "utf", "varchar(5)", false)->charset = "utf8mb4";
	expect_describe(a, b,
		"drop column t.dropped (destructive)\n"
		"drop table gone (destructive)\n"
		"modify column t.wider\n"
		"modify column t.narrower (destructive)\n"
		"modify column t.signless (destructive)\n"
		"modify column t.longer\n"
		"modify column t.latin (destructive)\n"
		"modify column t.utf\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_diff, describes_mysql_changes)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;

	t = my_table(a, "t");
	my_col(a, t, "a", "int(11)", true);
	my_col(a, t, "b", "int(11)", true);
	my_pk(a, t, "a");
	my_index(a, t, "ib", "b", false, NULL);
	my_check(a, t, "ck", "`b` > 0");
	t = my_table(b, "t");
	my_col(b, t, "a", "int(11)", true);
	my_col(b, t, "b", "int(11)", true)->comment = "b";
	my_pk(b, t, "a,b");
	my_index(b, t, "ib", "b DESC", false, NULL);
	my_check(b, t, "ck", "`b` > 1");
	t->base.comment = "now with a comment";
	t->partkey = "PARTITION BY KEY (`a`)\nPARTITIONS 2";
	expect_describe(a, b,
		"alter table options of t\n"
		"modify column t.b\n"
		"replace constraint t.\"PRIMARY\"\n"
		"replace constraint t.ck\n"
		"replace index \"t.ib\"\n"
		"alter partitioning of t\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_diff, comments_are_part_of_definitions)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct changeset *cs;
	struct sd_table *t;

	t = my_table(a, "t");
	my_col(a, t, "a", "int(11)", false);
	my_index(a, t, "ia", "a", false, NULL);
	t = my_table(b, "t");
	my_col(b, t, "a", "int(11)", false)->comment = "col";
	my_index(b, t, "ia", "a", false, NULL)->base.comment = "ix";
	t->base.comment = "tbl";
	cs = my_diff(a, b);
	cr_assert_eq(cs->nchanges, 3);
	for (size_t i = 0; i < cs->nchanges; i++)
		cr_expect_neq(cs->changes[i].type, CH_COMMENT);
	cr_expect_eq(cs->changes[0].type, CH_ALTER_TABLE_OPTIONS);
	cr_expect_eq(cs->changes[0].detail, CHANGE_MY_COMMENT);
	cr_expect_eq(cs->changes[1].type, CH_MODIFY_COLUMN);
	cr_expect_eq(cs->changes[2].type, CH_REPLACE_INDEX);
	changeset_free(cs);
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_diff, server_order_constraints)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t, *p;
	char *sql;

	/* a column leaves with the index and the check that use it */
	t = my_table(a, "t");
	my_col(a, t, "a", "int(11)", false);
	my_col(a, t, "b", "int(11)", false);
	my_index(a, t, "ab", "a,b", false, NULL);
	my_check(a, t, "ck", "`b` > `a`");
	/* a referenced table whose key changes type, and a new table
	 * referencing it: CREATE TABLE after the change */
	p = my_table(a, "p");
	my_col(a, p, "id", "int(11)", true);
	my_pk(a, p, "id");
	t = my_table(b, "t");
	my_col(b, t, "a", "int(11)", false);
	my_index(b, t, "ab", "a", false, NULL);
	p = my_table(b, "p");
	my_col(b, p, "id", "bigint(20)", true);
	my_pk(b, p, "id");
	t = my_table(b, "c");
	my_col(b, t, "pid", "bigint(20)", false);
	my_index(b, t, "c_ibfk_1", "pid", false, NULL);
	my_fk(b, t, "c_ibfk_1", "pid", "p", "id");
	sql = my_sql(a, b);
	my_before(sql, "DROP CONSTRAINT `ck`", "DROP COLUMN `b`");
	my_before(sql, "DROP INDEX `ab`, ADD INDEX `ab` (`a`)",
		  "DROP COLUMN `b`");
	my_before(sql, "MODIFY COLUMN `id` bigint(20)", "CREATE TABLE `c`");
	cr_expect(strstr(sql, "CONSTRAINT `c_ibfk_1` FOREIGN KEY (`pid`) "
			      "REFERENCES `p` (`id`)\n)"),
		  "the key to an existing table is written inline:\n%s", sql);
	free(sql);
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_diff, dropped_table_after_keys_to_it)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t, *p;
	char *sql;

	p = my_table(a, "p");
	my_col(a, p, "id", "int(11)", true);
	my_pk(a, p, "id");
	t = my_table(a, "c");
	my_col(a, t, "pid", "int(11)", false);
	my_index(a, t, "c_ibfk_1", "pid", false, NULL);
	my_fk(a, t, "c_ibfk_1", "pid", "p", "id");
	t = my_table(b, "c");
	my_col(b, t, "pid", "int(11)", false);
	my_index(b, t, "c_ibfk_1", "pid", false, NULL);
	sql = my_sql(a, b);
	cr_expect_str_eq(sql,
		"ALTER TABLE `c` DROP FOREIGN KEY `c_ibfk_1`;\n"
		"DROP TABLE `p`;\n");
	free(sql);
	catalog_free(a);
	catalog_free(b);
}

/*
 * Replay the column changes of a change set on a list of names, the way
 * the server applies ADD/MODIFY ... FIRST/AFTER and DROP COLUMN.
 */
struct cols {
	const char *v[32];
	size_t n;
};

static long find(const struct cols *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i], name))
			return (long)i;
	return -1;
}

static void take(struct cols *c, long i)
{
	memmove(&c->v[i], &c->v[i + 1], (c->n - (size_t)i - 1) *
					sizeof(c->v[0]));
	c->n--;
}

static void put(struct cols *c, const char *name, const struct mysql_change *my)
{
	size_t at = c->n;

	if (my && my->first) {
		at = 0;
	} else if (my && my->after) {
		long i = find(c, my->after);
		cr_assert(i >= 0, "AFTER a missing column %s", my->after);
		at = (size_t)i + 1;
	}
	memmove(&c->v[at + 1], &c->v[at], (c->n - at) * sizeof(c->v[0]));
	c->v[at] = name;
	c->n++;
}

static void replay(const struct changeset *cs, struct cols *c)
{
	for (size_t k = 0; k < cs->nchanges; k++) {
		const struct change *ch = &cs->changes[k];
		long i;

		switch (ch->type) {
		case CH_DROP_COLUMN:
			i = find(c, ch->old_col->name);
			cr_assert(i >= 0);
			take(c, i);
			break;
		case CH_ADD_COLUMN:
			cr_assert(find(c, ch->new_col->name) < 0);
			put(c, ch->new_col->name, ch->my);
			break;
		case CH_MODIFY_COLUMN:
			if (!ch->my || (!ch->my->first && !ch->my->after))
				break;
			i = find(c, ch->new_col->name);
			cr_assert(i >= 0);
			take(c, i);
			put(c, ch->new_col->name, ch->my);
			break;
		default:
			break;
		}
	}
}

Test(mysql_diff, column_moves_land_every_column_in_place)
{
	static const char *const names[] = {
		"a", "b", "c", "d", "e", "f", "g", "h",
	};
	unsigned seed = 12345;

	for (int round = 0; round < 300; round++) {
		struct catalog *a = my_cat(), *b = my_cat();
		struct sd_table *ta = my_table(a, "t"), *tb = my_table(b, "t");
		const char *perm[8];
		size_t nold = 0, nnew = 0, moves = 0, minimal;
		struct changeset *cs;
		struct cols c = { { 0 }, 0 };

		/* old: a random subset in order; new: a random subset in a
		 * random order */
		for (int i = 0; i < 8; i++) {
			seed = seed * 1103515245 + 12345;
			if ((seed >> 16) % 4)
				my_col(a, ta, names[i], "int(11)", false);
			perm[i] = names[i];
		}
		for (int i = 7; i > 0; i--) {
			const char *x;
			int j;
			seed = seed * 1103515245 + 12345;
			j = (int)((seed >> 16) % (unsigned)(i + 1));
			x = perm[i];
			perm[i] = perm[j];
			perm[j] = x;
		}
		for (int i = 0; i < 8; i++) {
			seed = seed * 1103515245 + 12345;
			if ((seed >> 16) % 4)
				my_col(b, tb, perm[i], "int(11)", false);
		}
		nold = ta->ncolumns;
		nnew = tb->ncolumns;
		for (size_t i = 0; i < nold; i++)
			c.v[c.n++] = ta->columns[i].name;
		cs = my_diff(a, b);
		replay(cs, &c);
		cr_assert_eq(c.n, nnew);
		for (size_t i = 0; i < nnew; i++)
			cr_assert_str_eq(c.v[i], tb->columns[i].name,
					 "round %d: column %zu", round, i);
		/* minimal: kept columns minus the longest kept run */
		for (size_t k = 0; k < cs->nchanges; k++)
			if (cs->changes[k].type == CH_MODIFY_COLUMN)
				moves++;
		{
			long best[8] = { 0 }, kept[8];
			size_t nk = 0, lis = 0;
			for (size_t i = 0; i < nold; i++) {
				for (size_t j = 0; j < nnew; j++)
					if (!strcmp(ta->columns[i].name,
						    tb->columns[j].name))
						kept[nk++] = (long)j;
			}
			for (size_t i = 0; i < nk; i++) {
				best[i] = 1;
				for (size_t j = 0; j < i; j++)
					if (kept[j] < kept[i] &&
					    best[j] + 1 > best[i])
						best[i] = best[j] + 1;
				if ((size_t)best[i] > lis)
					lis = (size_t)best[i];
			}
			minimal = nk - lis;
		}
		cr_assert_eq(moves, minimal, "round %d: %zu moves, %zu needed",
			     round, moves, minimal);
		changeset_free(cs);
		catalog_free(a);
		catalog_free(b);
	}
}

Test(mysql_diff, output_is_deterministic)
{
	char *first = NULL;

	for (int round = 0; round < 3; round++) {
		struct catalog *a = my_cat(), *b = my_cat();
		struct sd_table *x, *y;
		char *got;

		x = my_table(b, "x");
		my_col(b, x, "id", "int(11)", true);
		my_col(b, x, "y_id", "int(11)", false);
		my_pk(b, x, "id");
		my_fk(b, x, "x_ibfk_1", "y_id", "y", "id");
		y = my_table(b, "y");
		my_col(b, y, "id", "int(11)", true);
		my_col(b, y, "x_id", "int(11)", false);
		my_pk(b, y, "id");
		my_fk(b, y, "y_ibfk_1", "x_id", "x", "id");
		my_view(b, "v", "select 1 AS `1`", "x,y");
		got = my_sql(a, b);
		if (!first)
			first = got;
		else {
			cr_expect_str_eq(got, first);
			free(got);
		}
		catalog_free(a);
		catalog_free(b);
	}
	free(first);
}

Test(mysql_diff, describes_moves_and_keys_made_with_a_column)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;
	struct changeset *cs;

	t = my_table(a, "t");
	my_col(a, t, "a", "int(11)", false);
	my_col(a, t, "b", "int(11)", false);
	t = my_table(b, "t");
	my_col(b, t, "id", "int(11)", true)->auto_increment = true;
	my_col(b, t, "b", "int(11)", false);
	my_col(b, t, "a", "int(11)", false);
	my_pk(b, t, "id");
	expect_describe(a, b,
		"add column t.id\n"
		"modify column t.a position\n");
	/* the primary key rides on the column's change */
	cs = my_diff(a, b);
	cr_assert_eq(cs->nchanges, 2);
	cr_assert(cs->changes[0].my && cs->changes[0].my->with);
	cr_expect_eq(cs->changes[0].my->with->type, CH_ADD_CONSTRAINT);
	cr_expect_str_eq(cs->changes[0].my->with->new_con->name, "PRIMARY");
	changeset_free(cs);
	catalog_free(a);
	catalog_free(b);
}

/* A table or column without its own character set has the database's
 * default (issue 12): the catalog's, else the other side's, else
 * MariaDB's latin1/latin1_swedish_ci. So a table written without one
 * equals inspect's explicit spelling of that default, and differs from
 * another. */
static struct catalog *charset_side(const char *db_cs, const char *db_coll,
				    const char *cs, const char *coll,
				    const char *col_coll)
{
	struct catalog *c = my_cat();
	struct sd_table *t = my_table(c, "t");
	struct sd_column *col;

	c->mysql_db_charset = db_cs;
	c->mysql_db_collation = db_coll;
	t->charset = cs;
	t->collation = coll;
	my_col(c, t, "id", "int(11)", true);
	col = my_col(c, t, "name", "varchar(20)", false);
	col->collation = col_coll;
	return c;
}

static void expect_charset_diff(struct catalog *a, struct catalog *b,
				const char *want)
{
	expect_describe(a, b, want);
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_diff, table_without_charset_has_the_database_default)
{
	/* the file's side knows nothing, inspect's side says utf8mb4 */
	expect_charset_diff(
		charset_side(NULL, NULL, NULL, NULL, NULL),
		charset_side("utf8mb4", "utf8mb4_general_ci", "utf8mb4",
			     "utf8mb4_general_ci", NULL), "");
	expect_charset_diff(
		charset_side("utf8mb4", "utf8mb4_general_ci", "utf8mb4",
			     "utf8mb4_general_ci", NULL),
		charset_side(NULL, NULL, NULL, NULL, NULL), "");
	/* both sides say, and differ: the database's default changes, and
	 * the table's resolved sets differ */
	expect_charset_diff(
		charset_side("latin1", "latin1_swedish_ci", NULL, NULL, NULL),
		charset_side("utf8mb4", "utf8mb4_general_ci", "utf8mb4",
			     "utf8mb4_general_ci", NULL),
		"alter the database's default character set to utf8mb4 (utf8mb4_general_ci)\n"
		"alter table options of t\nmodify column t.name\n");
	/* neither says: MariaDB's server default */
	expect_charset_diff(
		charset_side(NULL, NULL, NULL, NULL, NULL),
		charset_side(NULL, NULL, "latin1", "latin1_swedish_ci", NULL),
		"");
	expect_charset_diff(
		charset_side(NULL, NULL, NULL, NULL, NULL),
		charset_side(NULL, NULL, "utf8mb4", "utf8mb4_general_ci",
			     NULL),
		"alter table options of t\nmodify column t.name\n");
	/* a collation alone on the database: the same default collation */
	expect_charset_diff(
		charset_side(NULL, NULL, NULL, NULL, NULL),
		charset_side("utf8mb4", "utf8mb4_unicode_ci", "utf8mb4",
			     "utf8mb4_general_ci", NULL),
		"alter table options of t\nmodify column t.name\n");
}

/* ALTER DATABASE (issue 12): planned when the new side states a default
 * the old one states otherwise, or when the old side is empty (a first
 * version creates the default with the rest); written before the
 * creates; a table that states no character set is converted to the
 * new default written out (CHARSET=DEFAULT would not convert it). */
Test(mysql_diff, database_default_change_is_planned)
{
	struct catalog *a, *b;
	struct changeset *cs = NULL;
	struct sd_error err = { 0 };
	struct strbuf sql = STRBUF_INIT;

	/* the same default: nothing */
	expect_charset_diff(
		charset_side("utf8mb4", "utf8mb4_general_ci", NULL, NULL, NULL),
		charset_side("utf8mb4", "utf8mb4_general_ci", NULL, NULL, NULL),
		"");
	/* the collation alone */
	expect_charset_diff(
		charset_side("utf8mb4", "utf8mb4_general_ci", "utf8mb4",
			     "utf8mb4_general_ci", NULL),
		charset_side("utf8mb4", "utf8mb4_unicode_ci", "utf8mb4",
			     "utf8mb4_general_ci", NULL),
		"alter the database's default character set to utf8mb4 (utf8mb4_unicode_ci)\n");
	/* from nothing: the first version states it */
	a = my_cat();
	b = charset_side("utf8mb4", "utf8mb4_unicode_ci", NULL, NULL, NULL);
	cr_assert_eq(diff_catalogs(a, b, &cs, &err), 0, "%s", err.msg);
	cr_assert_gt(cs->nchanges, 1);
	cr_expect_eq(cs->changes[0].type, CH_ALTER_DATABASE);
	emit_changeset(cs, &sql);
	cr_expect(strstr(sql.buf, "ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\nCREATE TABLE ") == sql.buf,
		  "%s", sql.buf);
	changeset_free(cs);
	catalog_free(a);
	catalog_free(b);
	strbuf_reset(&sql);
	/* a table without its own is converted, the default written out */
	a = charset_side("latin1", "latin1_swedish_ci", NULL, NULL, NULL);
	b = charset_side("utf8mb4", "utf8mb4_unicode_ci", NULL, NULL, NULL);
	cr_assert_eq(diff_catalogs(a, b, &cs, &err), 0, "%s", err.msg);
	emit_changeset(cs, &sql);
	cr_expect(strstr(sql.buf, "ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n"
			 "ALTER TABLE `t` DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;\n"),
		  "%s", sql.buf);
	changeset_free(cs);
	catalog_free(a);
	catalog_free(b);
	strbuf_release(&sql);
}

Test(mysql_diff, binary_column_is_the_bin_of_the_database_default)
{
	/* CHAR BINARY in a table without a character set, against inspect's
	 * explicit spelling */
	expect_charset_diff(
		charset_side(NULL, NULL, NULL, NULL, MY_BIN_OF_DEFAULT),
		charset_side("utf8mb4", "utf8mb4_general_ci", "utf8mb4",
			     "utf8mb4_general_ci", "utf8mb4_bin"), "");
	expect_charset_diff(
		charset_side(NULL, NULL, NULL, NULL, MY_BIN_OF_DEFAULT),
		charset_side("utf8mb4", "utf8mb4_general_ci", "utf8mb4",
			     "utf8mb4_general_ci", NULL),
		"modify column t.name\n");
}

/* A routine's, trigger's or event's definition compares with comments and
 * the amount of white space aside (the mariadb client strips comments
 * from what it sends); quoted text and versioned comments count. */
Test(mysql_diff, definitions_compare_without_comments)
{
	cr_expect(sd_mysql_body_same(
		"CREATE PROCEDURE p() BEGIN\n  -- why\n  SELECT 1; /* one */\n"
		"  SELECT 2; # two\nEND",
		"CREATE PROCEDURE p() BEGIN\n  \n  SELECT 1; \n  SELECT 2; \nEND"));
	cr_expect(sd_mysql_body_same("SELECT a--1", "SELECT  a--1"));
	cr_expect(!sd_mysql_body_same("SELECT a--1", "SELECT a"));
	cr_expect(!sd_mysql_body_same("SELECT '-- x'", "SELECT ''"));
	cr_expect(!sd_mysql_body_same("SELECT 'a  b'", "SELECT 'a b'"));
	cr_expect(!sd_mysql_body_same("SELECT 1 /*!50003 + 1 */",
				      "SELECT 1"));
	cr_expect(!sd_mysql_body_same("SELECT \"a\\\" -- b\"",
				      "SELECT \"a\\\"\""));
	cr_expect(!sd_mysql_body_same("SELECT 1", NULL));
	cr_expect(sd_mysql_body_same(NULL, NULL));
}

/* The client character set and connection collation are compared where
 * they can change what a definition means (the mariadb client's utf8mb3
 * connection against schemadiff's utf8mb4 gave every trigger of the
 * mysqldef corpus a difference): on ASCII text the client set is not
 * compared and utf8mb3_x agrees with utf8mb4_x; on non-ASCII text both
 * are. */
Test(mysql_diff, session_charset_compared_where_it_matters)
{
	const char *ascii = "CREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 'x'";
	const char *utf = "CREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 'caf\xc3\xa9'";

	cr_expect(sd_mysql_session_same(ascii, "utf8mb3", "utf8mb3_general_ci",
					ascii, "utf8mb4", "utf8mb4_general_ci"));
	cr_expect(sd_mysql_session_same(ascii, "latin1", NULL,
					ascii, "utf8mb4", "utf8mb4_general_ci"));
	cr_expect(!sd_mysql_session_same(ascii, "latin1", "latin1_swedish_ci",
					 ascii, "latin1", "latin1_bin"));
	cr_expect(!sd_mysql_session_same(ascii, "utf8mb4", "utf8mb4_unicode_ci",
					 ascii, "utf8mb4", "utf8mb4_general_ci"));
	cr_expect(!sd_mysql_session_same(utf, "utf8mb3", "utf8mb3_general_ci",
					 utf, "utf8mb4", "utf8mb4_general_ci"));
	cr_expect(sd_mysql_session_same(utf, "utf8mb4", "utf8mb4_general_ci",
					utf, "utf8mb4", "utf8mb4_general_ci"));
	/* latin1 with non-ASCII text: not stated (sd_mysql_client_charset) */
	cr_expect(sd_mysql_session_same(utf, "latin1", "utf8mb4_general_ci",
					utf, "utf8mb4", "utf8mb4_general_ci"));
}
