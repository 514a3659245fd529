/*
 * tests/emit/test_mysql_emit.c: the MySQL / MariaDB text of migrations
 * between hand-built catalogs (tests/diff/mysql_builders.h): CREATE TABLE
 * with everything, column positions, MODIFY COLUMN, indexes, keys, foreign
 * keys, checks, table options, partitioning, views, triggers, routines,
 * events, quoting. The golden SQL was run through MariaDB 10.11 (setup, then
 * migration, compared with `to` created directly) with SD_MYSQL_SQL_DUMP
 * (tests/diff/mysql_builders.h). Each test owns its catalogs.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "parser/mysql/mysql_parser.h"
#include "tests/diff/mysql_builders.h"

#include "util/banned.h"

/* customers(id PK, email unique), in both catalogs. */
static struct sd_table *customers(struct catalog *cat)
{
	struct sd_table *t = my_table(cat, "customers");

	my_col(cat, t, "id", "int(11)", true)->auto_increment = true;
	my_col(cat, t, "email", "varchar(100)", true);
	my_pk(cat, t, "id");
	my_index(cat, t, "email", "email", true, NULL);
	return t;
}

Test(mysql_emit, create_table_with_everything)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;
	struct sd_column *c;

	customers(a);
	customers(b);
	t = my_table(b, "orders");
	t->charset = "utf8mb4";
	t->collation = "utf8mb4_unicode_ci";
	t->row_format = "DYNAMIC";
	t->base.comment = "customer's orders";
	c = my_col(b, t, "id", "bigint(20) unsigned", true);
	c->auto_increment = true;
	c = my_col(b, t, "code", "varchar(20)", true);
	c->charset = "ascii";
	c->collation = "ascii_bin";
	c->comment = "it's the code";
	c = my_col(b, t, "customer_id", "int(11)", true);
	c = my_col(b, t, "qty", "int(10) unsigned", true);
	c->default_expr = "0";
	my_col_check(b, t, "qty", "`qty` < 1000");
	c = my_col(b, t, "price", "decimal(10,2)", false);
	c->default_expr = "1.50";
	c = my_col(b, t, "total", "decimal(20,2)", false);
	c->generated = "`qty` * `price`";
	c->gen_virtual = true;
	c = my_col(b, t, "status", "enum('new','paid')", true);
	c->default_expr = "'new'";
	c = my_col(b, t, "created", "timestamp", true);
	c->default_expr = "current_timestamp()";
	c->on_update = "current_timestamp()";
	c = my_col(b, t, "seen", "timestamp", false);
	c = my_col(b, t, "batch", "int(11)", false);
	c->default_expr = "1 + 1";
	c = my_col(b, t, "note", "text", false);
	c->invisible = true;
	/* keys in the order they were made, not by name (issue 12) */
	my_pk(b, t, "id");
	my_index(b, t, "code", "code", true, NULL);
	my_index(b, t, "orders_ibfk_1", "customer_id", false, NULL);
	my_index(b, t, "note_created", "note(10),created DESC", false, NULL)
		->base.comment = "for the list";
	my_index(b, t, "note_ft", "note", false, "fulltext");
	my_fk(b, t, "orders_ibfk_1", "customer_id", "customers", "id")
		->on_delete = SD_FK_CASCADE;
	my_check(b, t, "CONSTRAINT_1", "`price` > 0");
	my_expect_sql("create_table", a, b,
		"CREATE TABLE `orders` (\n"
		"  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n"
		"  `code` varchar(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'it''s the code',\n"
		"  `customer_id` int(11) NOT NULL,\n"
		"  `qty` int(10) unsigned NOT NULL DEFAULT 0 CHECK (`qty` < 1000),\n"
		"  `price` decimal(10,2) DEFAULT 1.50,\n"
		"  `total` decimal(20,2) GENERATED ALWAYS AS (`qty` * `price`) VIRTUAL,\n"
		"  `status` enum('new','paid') NOT NULL DEFAULT 'new',\n"
		"  `created` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),\n"
		"  `seen` timestamp NULL,\n"
		"  `batch` int(11) DEFAULT (1 + 1),\n"
		"  `note` text INVISIBLE,\n"
		"  PRIMARY KEY (`id`),\n"
		"  UNIQUE KEY `code` (`code`),\n"
		"  KEY `orders_ibfk_1` (`customer_id`),\n"
		"  KEY `note_created` (`note`(10), `created` DESC) COMMENT 'for the list',\n"
		"  FULLTEXT KEY `note_ft` (`note`),\n"
		"  CONSTRAINT `orders_ibfk_1` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE CASCADE,\n"
		"  CONSTRAINT `CONSTRAINT_1` CHECK (`price` > 0)\n"
		") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci ROW_FORMAT=DYNAMIC COMMENT='customer''s orders';\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, create_partitioned_table_and_drop)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;

	t = my_table(a, "old");
	my_col(a, t, "id", "int(11)", true);
	t = my_table(b, "log");
	my_col(b, t, "id", "int(11)", true);
	my_col(b, t, "at", "date", true);
	my_pk(b, t, "id,at");
	t->partkey = "PARTITION BY RANGE  COLUMNS(`at`)\n"
		     "(PARTITION `p2024` VALUES LESS THAN ('2025-01-01') ENGINE = InnoDB,\n"
		     " PARTITION `pmax` VALUES LESS THAN (MAXVALUE) ENGINE = InnoDB)";
	my_expect_sql("partitioned", a, b,
		"DROP TABLE `old`;\n"
		"CREATE TABLE `log` (\n"
		"  `id` int(11) NOT NULL,\n"
		"  `at` date NOT NULL,\n"
		"  PRIMARY KEY (`id`, `at`)\n"
		") ENGINE=InnoDB\n"
		"PARTITION BY RANGE  COLUMNS(`at`)\n"
		"(PARTITION `p2024` VALUES LESS THAN ('2025-01-01') ENGINE = InnoDB,\n"
		" PARTITION `pmax` VALUES LESS THAN (MAXVALUE) ENGINE = InnoDB);\n");
	catalog_free(a);
	catalog_free(b);
}

/* t(a, b, c) in cat, a the primary key. */
static struct sd_table *abc(struct catalog *cat)
{
	struct sd_table *t = my_table(cat, "t");

	my_col(cat, t, "a", "int(11)", true);
	my_col(cat, t, "b", "varchar(10)", false);
	my_col(cat, t, "c", "int(11)", false);
	my_pk(cat, t, "a");
	return t;
}

Test(mysql_emit, add_column_after)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;

	abc(a);
	t = my_table(b, "t");
	my_col(b, t, "z", "int(11)", false);
	my_col(b, t, "a", "int(11)", true);
	my_col(b, t, "x", "datetime(3)", false)->default_expr =
		"'2020-01-01 00:00:00.000'";
	my_col(b, t, "b", "varchar(10)", false);
	my_col(b, t, "c", "int(11)", false);
	my_col(b, t, "y", "int(11)", true)->default_expr = "-1";
	my_pk(b, t, "a");
	my_expect_sql("add_column_after", a, b,
		"ALTER TABLE `t` ADD COLUMN `z` int(11) FIRST;\n"
		"ALTER TABLE `t` ADD COLUMN `x` datetime(3) DEFAULT '2020-01-01 00:00:00.000' AFTER `a`;\n"
		"ALTER TABLE `t` ADD COLUMN `y` int(11) NOT NULL DEFAULT -1;\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, move_columns_minimally)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;

	t = my_table(a, "t");
	my_col(a, t, "a", "int(11)", false);
	my_col(a, t, "b", "int(11)", false);
	my_col(a, t, "c", "int(11)", false);
	my_col(a, t, "d", "int(11)", false);
	my_col(a, t, "e", "int(11)", false);
	/* b, d, e (or b, c, e) keep their order: two moves, c and a */
	t = my_table(b, "t");
	my_col(b, t, "b", "int(11)", false);
	my_col(b, t, "d", "int(11)", false);
	my_col(b, t, "c", "int(11)", false);
	my_col(b, t, "e", "int(11)", false);
	my_col(b, t, "a", "int(11)", false);
	my_expect_sql("move_columns", a, b,
		"ALTER TABLE `t` MODIFY COLUMN `c` int(11) AFTER `d`;\n"
		"ALTER TABLE `t` MODIFY COLUMN `a` int(11) AFTER `e`;\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, modify_column_type_default_null)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;
	struct sd_column *c;

	abc(a);
	t = my_table(b, "t");
	my_col(b, t, "a", "int(11)", true);
	c = my_col(b, t, "b", "varchar(40)", true);
	c->default_expr = "''";
	c->comment = "wider";
	c = my_col(b, t, "c", "bigint(20)", false);
	c->default_expr = "floor(rand() * 10)";
	my_pk(b, t, "a");
	my_expect_sql("modify_column", a, b,
		"ALTER TABLE `t` MODIFY COLUMN `b` varchar(40) NOT NULL DEFAULT '' COMMENT 'wider';\n"
		"ALTER TABLE `t` MODIFY COLUMN `c` bigint(20) DEFAULT (floor(rand() * 10));\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, generated_kind_change_drops_and_adds)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;
	struct sd_column *c;

	t = my_table(a, "t");
	my_col(a, t, "a", "int(11)", false);
	c = my_col(a, t, "g", "int(11)", false);
	c->generated = "`a` + 1";
	c->gen_virtual = true;
	c = my_col(a, t, "h", "int(11)", false);
	c->generated = "`a` + 2";
	c->gen_virtual = true;
	my_col(a, t, "z", "int(11)", false);
	t = my_table(b, "t");
	my_col(b, t, "a", "int(11)", false);
	c = my_col(b, t, "g", "int(11)", false);
	c->generated = "`a` + 1";
	c = my_col(b, t, "h", "int(11)", false);
	c->generated = "`a` + 3";
	c->gen_virtual = true;
	my_col(b, t, "z", "int(11)", false);
	my_expect_sql("generated_change", a, b,
		"ALTER TABLE `t` DROP COLUMN `g`;\n"
		"ALTER TABLE `t` ADD COLUMN `g` int(11) GENERATED ALWAYS AS (`a` + 1) STORED AFTER `a`;\n"
		"ALTER TABLE `t` MODIFY COLUMN `h` int(11) GENERATED ALWAYS AS (`a` + 3) VIRTUAL;\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, indexes_add_drop_change)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;

	t = abc(a);
	my_index(a, t, "gone", "c", false, NULL);
	my_index(a, t, "changed", "b", false, NULL);
	t = abc(b);
	my_index(b, t, "changed", "b(5) DESC,c", true, NULL)->base.comment =
		"now unique";
	my_index(b, t, "new", "c,b", false, "hash");
	my_expect_sql("indexes", a, b,
		"ALTER TABLE `t` DROP INDEX `gone`;\n"
		"ALTER TABLE `t` DROP INDEX `changed`, ADD UNIQUE INDEX `changed` (`b`(5) DESC, `c`) COMMENT 'now unique';\n"
		"ALTER TABLE `t` ADD INDEX `new` (`c`, `b`) USING HASH;\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, primary_key_change_in_one_statement)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;

	t = my_table(a, "t");
	my_col(a, t, "id", "int(11)", true)->auto_increment = true;
	my_col(a, t, "v", "int(11)", false);
	my_pk(a, t, "id");
	t = my_table(b, "t");
	my_col(b, t, "id", "int(11)", true)->auto_increment = true;
	my_col(b, t, "v", "int(11)", true);
	my_pk(b, t, "id,v");
	my_expect_sql("pk_change", a, b,
		"ALTER TABLE `t` MODIFY COLUMN `v` int(11) NOT NULL;\n"
		"ALTER TABLE `t` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`, `v`);\n");
	catalog_free(a);
	catalog_free(b);
}

/* parent(id) and child(id, pid -> parent.id) with the index InnoDB wants. */
static void parent_child(struct catalog *cat, bool fk)
{
	struct sd_table *p = my_table(cat, "parent"), *c;

	my_col(cat, p, "id", "int(11)", true);
	my_pk(cat, p, "id");
	c = my_table(cat, "child");
	my_col(cat, c, "id", "int(11)", true);
	my_col(cat, c, "pid", "int(11)", false);
	my_pk(cat, c, "id");
	if (fk) {
		my_index(cat, c, "child_ibfk_1", "pid", false, NULL);
		my_fk(cat, c, "child_ibfk_1", "pid", "parent", "id");
	}
}

Test(mysql_emit, foreign_key_add_and_drop)
{
	struct catalog *a = my_cat(), *b = my_cat();

	parent_child(a, false);
	parent_child(b, true);
	my_expect_sql("fk_add", a, b,
		"ALTER TABLE `child` ADD INDEX `child_ibfk_1` (`pid`);\n"
		"ALTER TABLE `child` ADD CONSTRAINT `child_ibfk_1` FOREIGN KEY (`pid`) REFERENCES `parent` (`id`);\n");
	my_expect_sql("fk_drop", b, a,
		"ALTER TABLE `child` DROP FOREIGN KEY `child_ibfk_1`;\n"
		"ALTER TABLE `child` DROP INDEX `child_ibfk_1`;\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, foreign_key_around_its_index_change)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *c;

	parent_child(a, true);
	/* the index serving the key goes: drop the key before, add after */
	parent_child(b, false);
	c = (struct sd_table *)catalog_find(b, SD_TABLE, NULL, "child");
	my_index(b, c, "by_id_pid", "id,pid", false, NULL);
	my_index(b, c, "by_pid_id", "pid,id", false, NULL);
	my_fk(b, c, "child_ibfk_1", "pid", "parent", "id");
	my_expect_sql("fk_index_change", a, b,
		"ALTER TABLE `child` DROP FOREIGN KEY `child_ibfk_1`;\n"
		"ALTER TABLE `child` DROP INDEX `child_ibfk_1`;\n"
		"ALTER TABLE `child` ADD INDEX `by_id_pid` (`id`, `pid`);\n"
		"ALTER TABLE `child` ADD INDEX `by_pid_id` (`pid`, `id`);\n"
		"ALTER TABLE `child` ADD CONSTRAINT `child_ibfk_1` FOREIGN KEY (`pid`) REFERENCES `parent` (`id`);\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, foreign_key_index_replaced_still_serving)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *c;

	parent_child(a, true);
	parent_child(b, false);
	c = (struct sd_table *)catalog_find(b, SD_TABLE, NULL, "child");
	my_index(b, c, "child_ibfk_1", "pid,id", false, NULL);
	my_fk(b, c, "child_ibfk_1", "pid", "parent", "id");
	/* one statement: the key is never without an index */
	my_expect_sql("fk_index_replaced", a, b,
		"ALTER TABLE `child` DROP INDEX `child_ibfk_1`, ADD INDEX `child_ibfk_1` (`pid`, `id`);\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, foreign_key_column_type_change)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *p, *c;

	parent_child(a, true);
	p = my_table(b, "parent");
	my_col(b, p, "id", "bigint(20)", true);
	my_pk(b, p, "id");
	c = my_table(b, "child");
	my_col(b, c, "id", "int(11)", true);
	my_col(b, c, "pid", "bigint(20)", false);
	my_pk(b, c, "id");
	my_index(b, c, "child_ibfk_1", "pid", false, NULL);
	my_fk(b, c, "child_ibfk_1", "pid", "parent", "id");
	my_expect_sql("fk_column_type", a, b,
		"ALTER TABLE `child` DROP FOREIGN KEY `child_ibfk_1`;\n"
		"ALTER TABLE `child` MODIFY COLUMN `pid` bigint(20);\n"
		"ALTER TABLE `parent` MODIFY COLUMN `id` bigint(20) NOT NULL;\n"
		"ALTER TABLE `child` ADD CONSTRAINT `child_ibfk_1` FOREIGN KEY (`pid`) REFERENCES `parent` (`id`);\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, two_new_tables_referencing_each_other)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *x, *y;

	x = my_table(b, "x");
	my_col(b, x, "id", "int(11)", true);
	my_col(b, x, "y_id", "int(11)", false);
	my_pk(b, x, "id");
	my_index(b, x, "x_ibfk_1", "y_id", false, NULL);
	my_fk(b, x, "x_ibfk_1", "y_id", "y", "id");
	y = my_table(b, "y");
	my_col(b, y, "id", "int(11)", true);
	my_col(b, y, "x_id", "int(11)", false);
	my_pk(b, y, "id");
	my_index(b, y, "y_ibfk_1", "x_id", false, NULL);
	my_fk(b, y, "y_ibfk_1", "x_id", "x", "id");
	my_expect_sql("fk_cycle", a, b,
		"CREATE TABLE `y` (\n"
		"  `id` int(11) NOT NULL,\n"
		"  `x_id` int(11),\n"
		"  PRIMARY KEY (`id`),\n"
		"  KEY `y_ibfk_1` (`x_id`)\n"
		") ENGINE=InnoDB;\n"
		"CREATE TABLE `x` (\n"
		"  `id` int(11) NOT NULL,\n"
		"  `y_id` int(11),\n"
		"  PRIMARY KEY (`id`),\n"
		"  KEY `x_ibfk_1` (`y_id`),\n"
		"  CONSTRAINT `x_ibfk_1` FOREIGN KEY (`y_id`) REFERENCES `y` (`id`)\n"
		") ENGINE=InnoDB;\n"
		"ALTER TABLE `y` ADD CONSTRAINT `y_ibfk_1` FOREIGN KEY (`x_id`) REFERENCES `x` (`id`);\n");
	/* and both dropped again: the keys between them go first */
	my_expect_sql("fk_cycle_drop", b, a,
		"ALTER TABLE `x` DROP FOREIGN KEY `x_ibfk_1`;\n"
		"ALTER TABLE `y` DROP FOREIGN KEY `y_ibfk_1`;\n"
		"DROP TABLE `x`;\n"
		"DROP TABLE `y`;\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, checks)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;

	t = abc(a);
	my_check(a, t, "gone", "`c` > 0");
	my_check(a, t, "changed", "`c` < 10");
	my_col_check(a, t, "b", "`b` <> ''");
	t = abc(b);
	my_check(b, t, "changed", "`c` < 100");
	my_check(b, t, "new", "`a` <> `c`");
	my_col_check(b, t, "c", "`c` >= 0");
	my_expect_sql("checks", a, b,
		"ALTER TABLE `t` DROP CONSTRAINT `gone`;\n"
		"ALTER TABLE `t` MODIFY COLUMN `b` varchar(10);\n"
		"ALTER TABLE `t` MODIFY COLUMN `c` int(11) CHECK (`c` >= 0);\n"
		"ALTER TABLE `t` DROP CONSTRAINT `changed`, ADD CONSTRAINT `changed` CHECK (`c` < 100);\n"
		"ALTER TABLE `t` ADD CONSTRAINT `new` CHECK (`a` <> `c`);\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, table_options_and_partitioning)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;

	t = abc(a);
	t->charset = "latin1";
	t->collation = "latin1_swedish_ci";
	t->base.comment = "old";
	t = abc(b);
	t->charset = "utf8mb4";
	t->collation = "utf8mb4_general_ci";
	t->row_format = "COMPRESSED";
	t->engine = "Aria";
	t->partkey = "PARTITION BY HASH (`a`)\nPARTITIONS 4";
	my_expect_sql("table_options", a, b,
		"ALTER TABLE `t` ENGINE=Aria, DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci, ROW_FORMAT=COMPRESSED, COMMENT='';\n"
		"ALTER TABLE `t` MODIFY COLUMN `b` varchar(10);\n"
		"ALTER TABLE `t`\nPARTITION BY HASH (`a`)\nPARTITIONS 4;\n");
	my_expect_sql("table_options_back", b, a,
		"ALTER TABLE `t` REMOVE PARTITIONING;\n"
		"ALTER TABLE `t` ENGINE=InnoDB, DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci, ROW_FORMAT=DEFAULT, COMMENT='old';\n"
		"ALTER TABLE `t` MODIFY COLUMN `b` varchar(10);\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, views_on_views)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_view *v;

	abc(a);
	my_view(a, "v1", "select `t`.`a` AS `a` from `t`", "t");
	my_view(a, "old", "select 1 AS `1`", "");
	abc(b);
	my_view(b, "v1", "select `t`.`a` AS `a`,`t`.`b` AS `b` from `t`", "t");
	v = my_view(b, "v2", "select `v1`.`a` AS `a` from `v1` where `v1`.`a` > 0",
		    "v1");
	v->check_option = SD_CHECK_CASCADED;
	v = my_view(b, "v0", "select `v2`.`a` AS `x` from `v2`", "v2");
	v->options = arena_alloc(&b->arena, 2 * sizeof(*v->options));
	v->options[0] = "algorithm=MERGE";
	v->options[1] = "sql_security=INVOKER";
	v->noptions = 2;
	v->columns = arena_alloc(&b->arena, sizeof(*v->columns));
	v->columns[0] = "x";
	v->ncolumns = 1;
	my_expect_sql("views", a, b,
		"DROP VIEW `old`;\n"
		"CREATE OR REPLACE VIEW `v1` AS select `t`.`a` AS `a`,`t`.`b` AS `b` from `t`;\n"
		"CREATE VIEW `v2` AS select `v1`.`a` AS `a` from `v1` where `v1`.`a` > 0 WITH CASCADED CHECK OPTION;\n"
		"CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `v0` (`x`) AS select `v2`.`a` AS `x` from `v2`;\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, trigger_and_routine_changes)
{
	struct catalog *a = my_cat(), *b = my_cat();

	abc(a);
	my_trigger(a, "t", "t_bi",
		   "CREATE TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.`c` = 1");
	my_routine(a, "f", false,
		   "CREATE FUNCTION `f`(`x` int(11)) RETURNS int(11)\n"
		   "DETERMINISTIC\nRETURN `x` + 1");
	my_routine(a, "p", false,
		   "CREATE FUNCTION `p`() RETURNS int(11)\nRETURN 1");
	my_routine(a, "gone", true, "CREATE PROCEDURE `gone`()\nSELECT 1");
	abc(b);
	my_trigger(b, "t", "t_bi",
		   "CREATE TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.`c` = 2");
	my_routine(b, "f", false,
		   "CREATE FUNCTION `f`(`x` int(11)) RETURNS int(11)\n"
		   "DETERMINISTIC\nRETURN `x` + 2");
	my_routine(b, "p", true, "CREATE PROCEDURE `p`()\nSELECT 2");
	my_expect_sql("trigger_routine", a, b,
		"DROP TRIGGER `t_bi`;\n"
		"DROP PROCEDURE `gone`;\n"
		"DROP FUNCTION `p`;\n"
		"DROP FUNCTION IF EXISTS `f`;\n"
		"CREATE FUNCTION `f`(`x` int(11)) RETURNS int(11)\n"
		"DETERMINISTIC\nRETURN `x` + 2;\n"
		"CREATE PROCEDURE `p`()\nSELECT 2;\n"
		"CREATE TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.`c` = 2;\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, hostile_names_are_quoted)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;

	t = my_table(b, "a`; DROP TABLE b; --");
	my_col(b, t, "c`c", "int(11)", false)->comment = "it's \\ here";
	t->base.comment = "x'y";
	my_index(b, t, "i`x", "c`c", false, NULL);
	my_expect_sql("hostile", a, b,
		"CREATE TABLE `a``; DROP TABLE b; --` (\n"
		"  `c``c` int(11) COMMENT 'it''s \\\\ here',\n"
		"  KEY `i``x` (`c``c`)\n"
		") ENGINE=InnoDB COMMENT='x''y';\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, same_catalogs_emit_nothing_and_output_is_stable)
{
	struct catalog *a = my_cat(), *b = my_cat();
	char *one, *two;

	parent_child(a, true);
	parent_child(b, true);
	one = my_sql(a, b);
	cr_expect_str_eq(one, "");
	free(one);
	catalog_free(b);
	b = my_cat();
	abc(b);
	one = my_sql(a, b);
	two = my_sql(a, b);
	cr_expect_str_eq(one, two);
	free(one);
	free(two);
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, auto_increment_column_gets_its_key_in_the_same_statement)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;
	struct sd_column *c;

	t = my_table(a, "t");
	my_col(a, t, "a", "int(11)", false);
	my_col(a, t, "n", "int(11)", true);
	t = my_table(b, "t");
	c = my_col(b, t, "id", "int(11)", true);
	c->auto_increment = true;
	my_col(b, t, "a", "int(11)", false);
	my_pk(b, t, "id");
	c = my_col(b, t, "n", "int(11)", true);
	c->auto_increment = false;
	my_expect_sql("auto_increment_add", a, b,
		"ALTER TABLE `t` ADD COLUMN `id` int(11) NOT NULL AUTO_INCREMENT FIRST, ADD PRIMARY KEY (`id`);\n");
	catalog_free(b);

	/* an existing column becoming AUTO_INCREMENT, keyed by an index */
	b = my_cat();
	t = my_table(b, "t");
	my_col(b, t, "a", "int(11)", false);
	my_col(b, t, "n", "int(11)", true)->auto_increment = true;
	my_index(b, t, "n", "n", true, NULL);
	my_expect_sql("auto_increment_modify", a, b,
		"ALTER TABLE `t` MODIFY COLUMN `n` int(11) NOT NULL AUTO_INCREMENT, ADD UNIQUE INDEX `n` (`n`);\n");
	/* and back: AUTO_INCREMENT goes before its key can */
	my_expect_sql("auto_increment_off", b, a,
		"ALTER TABLE `t` MODIFY COLUMN `n` int(11) NOT NULL;\n"
		"ALTER TABLE `t` DROP INDEX `n`;\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, referenced_primary_key_changes)
{
	struct catalog *a = my_cat(), *b = my_cat(), *c = my_cat();
	struct sd_table *p, *ch;

	parent_child(a, true);
	/* parent's key grows but still starts with id: the key stays */
	parent_child(b, true);
	p = (struct sd_table *)catalog_find(b, SD_TABLE, NULL, "parent");
	my_col(b, p, "x", "int(11)", true);
	table_remove_constraint(p, "PRIMARY");
	my_pk(b, p, "id,x");
	my_expect_sql("ref_pk_grows", a, b,
		"ALTER TABLE `parent` ADD COLUMN `x` int(11) NOT NULL;\n"
		"ALTER TABLE `parent` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`, `x`);\n");
	/* parent's key no longer starts with id: the foreign key is
	 * dropped before and added after, with an index it can use */
	p = my_table(c, "parent");
	my_col(c, p, "id", "int(11)", true);
	my_col(c, p, "x", "int(11)", true);
	my_pk(c, p, "x,id");
	my_index(c, p, "id", "id", true, NULL);
	ch = my_table(c, "child");
	my_col(c, ch, "id", "int(11)", true);
	my_col(c, ch, "pid", "int(11)", false);
	my_pk(c, ch, "id");
	my_index(c, ch, "child_ibfk_1", "pid", false, NULL);
	my_fk(c, ch, "child_ibfk_1", "pid", "parent", "id");
	my_expect_sql("ref_pk_moves", a, c,
		"ALTER TABLE `child` DROP FOREIGN KEY `child_ibfk_1`;\n"
		"ALTER TABLE `parent` ADD COLUMN `x` int(11) NOT NULL;\n"
		"ALTER TABLE `parent` DROP PRIMARY KEY, ADD PRIMARY KEY (`x`, `id`);\n"
		"ALTER TABLE `parent` ADD UNIQUE INDEX `id` (`id`);\n"
		"ALTER TABLE `child` ADD CONSTRAINT `child_ibfk_1` FOREIGN KEY (`pid`) REFERENCES `parent` (`id`);\n");
	catalog_free(a);
	catalog_free(b);
	catalog_free(c);
}

/* Many changes at once, in the order the server accepts them. */
Test(mysql_emit, many_changes_at_once)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *u, *o, *it;
	struct sd_column *c;

	u = my_table(a, "users");
	u->charset = "latin1";
	u->collation = "latin1_swedish_ci";
	my_col(a, u, "id", "int(11)", true)->auto_increment = true;
	my_col(a, u, "email", "varchar(50)", false);
	my_col(a, u, "name", "varchar(20)", false);
	my_col(a, u, "legacy", "int(11)", false);
	my_pk(a, u, "id");
	my_index(a, u, "email", "email", false, NULL);
	o = my_table(a, "orders");
	my_col(a, o, "id", "int(11)", true);
	my_col(a, o, "user_id", "int(11)", false);
	my_col(a, o, "total", "decimal(10,2)", false);
	my_pk(a, o, "id");
	my_index(a, o, "orders_ibfk_1", "user_id", false, NULL);
	my_fk(a, o, "orders_ibfk_1", "user_id", "users", "id");
	my_check(a, o, "total_pos", "`total` >= 0");
	my_view(a, "v_orders", "select `orders`.`id` AS `id` from `orders`",
		"orders");

	u = my_table(b, "users");
	u->charset = "utf8mb4";
	u->collation = "utf8mb4_general_ci";
	my_col(b, u, "id", "bigint(20)", true)->auto_increment = true;
	my_col(b, u, "name", "varchar(40)", false);
	my_col(b, u, "email", "varchar(100)", false);
	c = my_col(b, u, "created", "timestamp", true);
	c->default_expr = "current_timestamp()";
	my_pk(b, u, "id");
	my_index(b, u, "email", "email", true, NULL);
	o = my_table(b, "orders");
	my_col(b, o, "id", "int(11)", true);
	my_col(b, o, "user_id", "bigint(20)", false);
	my_col(b, o, "total", "decimal(12,2)", false);
	my_col(b, o, "note", "text", false);
	my_pk(b, o, "id");
	my_index(b, o, "orders_ibfk_1", "user_id,id", false, NULL);
	my_fk(b, o, "orders_ibfk_1", "user_id", "users", "id");
	my_check(b, o, "total_pos", "`total` > 0");
	it = my_table(b, "items");
	my_col(b, it, "id", "int(11)", true);
	my_col(b, it, "order_id", "int(11)", false);
	my_pk(b, it, "id");
	my_index(b, it, "items_ibfk_1", "order_id", false, NULL);
	my_fk(b, it, "items_ibfk_1", "order_id", "orders", "id");
	my_view(b, "v_orders",
		"select `orders`.`id` AS `id`,`orders`.`note` AS `note` from `orders`",
		"orders");
	my_view(b, "v_big", "select `v_orders`.`id` AS `id` from `v_orders`",
		"v_orders");
	my_expect_sql("many_changes", a, b,
		"ALTER TABLE `orders` DROP FOREIGN KEY `orders_ibfk_1`;\n"
		"ALTER TABLE `users` DROP COLUMN `legacy`;\n"
		"ALTER TABLE `users` DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;\n"
		"ALTER TABLE `orders` MODIFY COLUMN `user_id` bigint(20);\n"
		"ALTER TABLE `orders` MODIFY COLUMN `total` decimal(12,2);\n"
		"ALTER TABLE `orders` ADD COLUMN `note` text;\n"
		"CREATE TABLE `items` (\n"
		"  `id` int(11) NOT NULL,\n"
		"  `order_id` int(11),\n"
		"  PRIMARY KEY (`id`),\n"
		"  KEY `items_ibfk_1` (`order_id`),\n"
		"  CONSTRAINT `items_ibfk_1` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`)\n"
		") ENGINE=InnoDB;\n"
		"ALTER TABLE `users` MODIFY COLUMN `id` bigint(20) NOT NULL AUTO_INCREMENT;\n"
		"ALTER TABLE `users` MODIFY COLUMN `name` varchar(40);\n"
		"ALTER TABLE `users` MODIFY COLUMN `email` varchar(100) AFTER `name`;\n"
		"ALTER TABLE `users` ADD COLUMN `created` timestamp NOT NULL DEFAULT current_timestamp();\n"
		"ALTER TABLE `orders` DROP CONSTRAINT `total_pos`, ADD CONSTRAINT `total_pos` CHECK (`total` > 0);\n"
		"ALTER TABLE `orders` DROP INDEX `orders_ibfk_1`, ADD INDEX `orders_ibfk_1` (`user_id`, `id`);\n"
		"ALTER TABLE `orders` ADD CONSTRAINT `orders_ibfk_1` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`);\n"
		"ALTER TABLE `users` DROP INDEX `email`, ADD UNIQUE INDEX `email` (`email`);\n"
		"CREATE OR REPLACE VIEW `v_orders` AS select `orders`.`id` AS `id`,`orders`.`note` AS `note` from `orders`;\n"
		"CREATE VIEW `v_big` AS select `v_orders`.`id` AS `id` from `v_orders`;\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, fulltext_and_spatial_indexes)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;

	t = my_table(a, "place");
	my_col(a, t, "body", "text", false);
	my_col(a, t, "at", "point", true);
	t = my_table(b, "place");
	my_col(b, t, "body", "text", false);
	my_col(b, t, "at", "point", true);
	my_index(b, t, "body", "body", false, "fulltext");
	my_index(b, t, "at", "at", false, "spatial");
	my_expect_sql("fulltext_spatial", a, b,
		"ALTER TABLE `place` ADD SPATIAL INDEX `at` (`at`);\n"
		"ALTER TABLE `place` ADD FULLTEXT INDEX `body` (`body`);\n");
	catalog_free(a);
	catalog_free(b);
}

Test(mysql_emit, every_column_replaced)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_table *t;

	t = my_table(a, "t");
	my_col(a, t, "a", "int(11)", false);
	my_col(a, t, "b", "int(11)", false);
	t = my_table(b, "t");
	my_col(b, t, "x", "int(11)", false);
	my_col(b, t, "y", "int(11)", false);
	/* the old columns go last: a table keeps at least one */
	my_expect_sql("every_column_replaced", a, b,
		"ALTER TABLE `t` ADD COLUMN `x` int(11) FIRST;\n"
		"ALTER TABLE `t` ADD COLUMN `y` int(11);\n"
		"ALTER TABLE `t` DROP COLUMN `a`;\n"
		"ALTER TABLE `t` DROP COLUMN `b`;\n");
	catalog_free(a);
	catalog_free(b);
}

/* An event every `every` DAY doing `body`, its definition made as the
 * parser and the driver make it. */
static struct sd_event *my_event(struct catalog *cat, const char *name,
				 const char *every, const char *body)
{
	struct sd_event *e = catalog_add(cat, SD_EVENT, NULL, name);
	struct strbuf def = STRBUF_INIT;

	cr_assert(e, "duplicate event %s", name);
	e->every = every;
	e->unit = "DAY";
	e->status = SD_EVENT_ENABLED;
	e->body = body;
	sd_event_format(&def, "CREATE", e);
	e->definition = catalog_strdup(cat, def.buf);
	strbuf_release(&def);
	return e;
}

static void my_event_redefine(struct catalog *cat, struct sd_event *e)
{
	struct strbuf def = STRBUF_INIT;

	sd_event_format(&def, "CREATE", e);
	e->definition = catalog_strdup(cat, def.buf);
	strbuf_release(&def);
}

/* A new event after the tables, a gone one dropped first, a changed one
 * restated by ALTER EVENT (COMMENT '' removes the comment), an equal one
 * left alone. */
Test(mysql_emit, events_create_drop_alter)
{
	struct catalog *a = my_cat(), *b = my_cat();
	struct sd_event *e;

	my_event(a, "gone", "1", "SELECT 1");
	my_event(a, "same", "1", "SELECT 1");
	e = my_event(a, "changed", "1", "DELETE FROM `t`");
	e->base.comment = "old";
	my_event_redefine(a, e);
	abc(b);
	my_event(b, "same", "1", "SELECT 1");
	e = my_event(b, "changed", "2", "BEGIN\n  DELETE FROM `t`;\nEND");
	e->unit = "HOUR";
	e->preserve = true;
	e->status = SD_EVENT_DISABLED;
	my_event_redefine(b, e);
	e = my_event(b, "new's", "'1 4'", "DELETE FROM `t`");
	e->unit = "DAY_HOUR";
	e->starts = "'2030-01-01 00:00:00'";
	e->ends = "'2031-01-01 00:00:00'";
	e->base.comment = "it's";
	my_event_redefine(b, e);
	e = my_event(b, "once", NULL, "SELECT 2");
	e->at = "'2035-01-01 00:00:00'";
	e->status = SD_EVENT_SLAVESIDE_DISABLED;
	my_event_redefine(b, e);
	my_expect_sql("events", a, b,
		"DROP EVENT `gone`;\n"
		"CREATE TABLE `t` (\n"
		"  `a` int(11) NOT NULL,\n"
		"  `b` varchar(10),\n"
		"  `c` int(11),\n"
		"  PRIMARY KEY (`a`)\n"
		") ENGINE=InnoDB;\n"
		"ALTER EVENT `changed` ON SCHEDULE EVERY 2 HOUR ON COMPLETION PRESERVE DISABLE COMMENT '' DO BEGIN\n"
		"  DELETE FROM `t`;\n"
		"END;\n"
		"CREATE EVENT `new's` ON SCHEDULE EVERY '1 4' DAY_HOUR STARTS '2030-01-01 00:00:00' ENDS '2031-01-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE COMMENT 'it''s' DO DELETE FROM `t`;\n"
		"CREATE EVENT `once` ON SCHEDULE AT '2035-01-01 00:00:00' ON COMPLETION NOT PRESERVE DISABLE ON SLAVE DO SELECT 2;\n");
	catalog_free(a);
	catalog_free(b);
}

/* What plan proves for itself: the emitted SQL replayed through the
 * parser on the old catalog gives the desired one. */
Test(mysql_emit, events_emitted_sql_parses_back_to_the_desired_catalog)
{
	static const char *const from_sql =
		"CREATE TABLE t (a int);\n"
		"CREATE EVENT keep ON SCHEDULE EVERY 1 DAY DO DELETE FROM t;\n"
		"CREATE EVENT gone ON SCHEDULE EVERY 1 DAY DO DELETE FROM t;\n"
		"CREATE EVENT c ON SCHEDULE EVERY 1 DAY COMMENT 'x' DO "
		"DELETE FROM t;\n";
	static const char *const to_sql =
		"CREATE TABLE t (a int);\n"
		"CREATE EVENT keep ON SCHEDULE EVERY 1 DAY DO DELETE FROM t;\n"
		"CREATE EVENT c ON SCHEDULE EVERY '1:30' HOUR_MINUTE "
		"ENDS '2040-01-01' ON COMPLETION PRESERVE DISABLE DO BEGIN\n"
		"  DELETE FROM t;\n  DELETE FROM t;\nEND;\n"
		"CREATE EVENT n ON SCHEDULE AT '2035-01-01' DO BEGIN\n"
		"  SELECT 1;\nEND;\n";
	struct catalog *from = my_cat(), *to = my_cat();
	struct changeset *cs;
	struct sd_error err;
	char *sql;

	memset(&err, 0, sizeof(err));
	cr_assert_eq(mysql_replay_script(from, "from.sql", from_sql, &err), 0,
		     "%s", err.msg);
	cr_assert_eq(mysql_load_desired_text(to, "to.sql", to_sql, &err), 0,
		     "%s", err.msg);
	sql = my_sql(from, to);
	cr_expect(strstr(sql, "DROP EVENT `gone`;\n"), "%s", sql);
	cr_expect(strstr(sql, "ALTER EVENT `c` ON SCHEDULE EVERY '1:30' "
			 "HOUR_MINUTE ENDS '2040-01-01 00:00:00' ON COMPLETION "
			 "PRESERVE DISABLE COMMENT '' DO BEGIN"), "%s", sql);
	cr_expect(!strstr(sql, "`keep`"), "%s", sql);
	cr_assert_eq(mysql_replay_script(from, "plan.sql", sql, &err), 0,
		     "%d:%d: %s\n%s", err.line, err.col, err.msg, sql);
	cs = my_diff(from, to);
	cr_expect(changeset_empty(cs), "not equal after the plan:\n%s", sql);
	changeset_free(cs);
	free(sql);
	catalog_free(from);
	catalog_free(to);
}

/* What real releases change in their tables (issue 12, WordPress and
 * Roundcube): the table's character set and collation, a column's
 * character set, a text column's collation, the engine, the row format, a
 * key on a prefix, a primary key on a prefix; keys stay in file order.
 * The plan parses in our own parser and reaches the desired catalog. */
Test(mysql_emit, release_table_option_changes_plan_and_replay)
{
	static const char *const from_sql =
		"CREATE TABLE p (a varchar(300) NOT NULL, b text,\n"
		"  c varchar(10) CHARACTER SET latin1, d blob NOT NULL,\n"
		"  PRIMARY KEY (d(100)), KEY zz (a(10)), KEY aa (c))\n"
		"  ENGINE=MyISAM DEFAULT CHARSET=utf8mb3;\n";
	static const char *const to_sql =
		"CREATE TABLE p (a varchar(300) NOT NULL,\n"
		"  b text COLLATE utf8mb4_bin,\n"
		"  c varchar(10) CHARACTER SET utf8mb4, d blob NOT NULL,\n"
		"  PRIMARY KEY (d(128)), KEY zz (a(191)), KEY aa (c),\n"
		"  KEY mm (b(20)))\n"
		"  ENGINE=InnoDB ROW_FORMAT=DYNAMIC DEFAULT CHARSET=utf8mb4 "
		"COLLATE=utf8mb4_unicode_ci;\n";
	struct catalog *from = my_cat(), *to = my_cat(), *fresh = my_cat();
	struct changeset *cs;
	struct sd_error err;
	char *sql, *create;

	memset(&err, 0, sizeof(err));
	cr_assert_eq(mysql_replay_script(from, "from.sql", from_sql, &err), 0,
		     "%s", err.msg);
	cr_assert_eq(mysql_load_desired_text(to, "to.sql", to_sql, &err), 0,
		     "%s", err.msg);
	sql = my_sql(from, to);
	cr_expect(strstr(sql, "DEFAULT CHARSET=utf8mb4 "
			 "COLLATE=utf8mb4_unicode_ci"), "%s", sql);
	cr_expect(strstr(sql, "ENGINE=InnoDB"), "%s", sql);
	cr_expect(strstr(sql, "ROW_FORMAT=DYNAMIC"), "%s", sql);
	cr_expect(strstr(sql, "PRIMARY KEY (`d`(128))"), "%s", sql);
	cr_assert_eq(mysql_replay_script(from, "plan.sql", sql, &err), 0,
		     "%d:%d: %s\n%s", err.line, err.col, err.msg, sql);
	cs = my_diff(from, to);
	cr_expect(changeset_empty(cs), "not equal after the plan:\n%s", sql);
	changeset_free(cs);
	/* created from nothing: keys in file order, prefixes kept */
	create = my_sql(fresh, to);
	cr_expect(strstr(create, "  PRIMARY KEY (`d`(128)),\n"
			 "  KEY `zz` (`a`(191)),\n"
			 "  KEY `aa` (`c`),\n"
			 "  KEY `mm` (`b`(20))\n"), "%s", create);
	free(create);
	free(sql);
	catalog_free(from);
	catalog_free(to);
	catalog_free(fresh);
}
