/*
 * tests/parser/test_mysql_script.c: the MySQL parser on version scripts
 * (ALTER, DROP, RENAME replayed in order), mysql_split(), and errors with
 * their FILE:LINE:COL.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "model/catalog.h"
#include "parser/mysql/mysql_parser.h"
#include "tests/parser/mysql_dump.h"
#include "util/strbuf.h"

#include "util/banned.h"

/* Replay the scripts in order on an empty catalog; check the dump. */
static void replay(const char *const *scripts, size_t n, const char *want)
{
	struct catalog *cat = catalog_new(SQL_MYSQL);
	struct strbuf out = STRBUF_INIT;
	struct sd_error err;

	for (size_t i = 0; i < n; i++) {
		memset(&err, 0, sizeof(err));
		cr_assert_eq(mysql_replay_script(cat, "v.sql", scripts[i],
						 &err), 0,
			     "script %zu: %d:%d: %s", i, err.line, err.col,
			     err.msg);
	}
	mydump(cat, &out);
	cr_assert_str_eq(out.buf, want, "\n--- got\n%s--- want\n%s", out.buf,
			 want);
	strbuf_release(&out);
	catalog_free(cat);
}

static void replay1(const char *script, const char *want)
{
	replay(&script, 1, want);
}

/* Loading (desired) or replaying sql must fail with this place and
 * message. */
static void fails(bool script, const char *sql, int code, int line, int col,
		  const char *msg)
{
	struct catalog *cat = catalog_new(SQL_MYSQL);
	struct sd_error err;
	int ret;

	memset(&err, 0, sizeof(err));
	ret = script ? mysql_replay_script(cat, "x.sql", sql, &err) :
		       mysql_load_desired_text(cat, "x.sql", sql, &err);
	cr_assert_eq(ret, code, "ret %d, want %d (%s)", ret, code, err.msg);
	cr_assert_str_eq(err.file, "x.sql");
	cr_assert_eq(err.line, line, "line %d, want %d (%s)", err.line, line,
		     err.msg);
	cr_assert_eq(err.col, col, "col %d, want %d (%s)", err.col, col,
		     err.msg);
	cr_assert_str_eq(err.msg, msg);
	catalog_free(cat);
}

Test(mysql_script, alter_columns)
{
	replay1("CREATE TABLE t (a int, b int, c varchar(5));\n"
		"ALTER TABLE t ADD COLUMN d int NOT NULL DEFAULT 0 AFTER a, "
		"ADD e int FIRST, ADD (f int, g int);\n"
		"ALTER TABLE t MODIFY b bigint UNSIGNED NOT NULL;\n"
		"ALTER TABLE t CHANGE c cc varchar(10) COMMENT 'x' AFTER e;\n"
		"ALTER TABLE t ALTER COLUMN a SET DEFAULT 5, "
		"ALTER d DROP DEFAULT;\n"
		"ALTER TABLE t RENAME COLUMN f TO ff, DROP COLUMN g;\n"
		"INSERT INTO t (a) VALUES (1);\n"
		"UPDATE t SET a = 2;\n"
		"START TRANSACTION; COMMIT;\n",
		"table t engine=InnoDB\n"
		"  col e int(11)\n"
		"  col cc varchar(10) comment=x\n"
		"  col a int(11) default=5\n"
		"  col d int(11) not_null\n"
		"  col b bigint(20) unsigned not_null\n"
		"  col ff int(11)\n");
}

Test(mysql_script, alter_keys)
{
	replay1("CREATE TABLE p (id int PRIMARY KEY);\n"
		"CREATE TABLE t (id int, pid int, x int, y int);\n"
		"ALTER TABLE t ADD PRIMARY KEY (id), ADD INDEX ix (x), "
		"ADD UNIQUE KEY (y), ADD CONSTRAINT fk FOREIGN KEY (pid) "
		"REFERENCES p (id) ON DELETE CASCADE, ADD CHECK (x > 0), "
		"ADD CONSTRAINT ck CHECK (y > 0);\n"
		"ALTER TABLE t RENAME INDEX ix TO ix2, DROP CHECK ck, "
		"DROP INDEX y;\n"
		"ALTER TABLE t ALGORITHM=INPLACE, LOCK=NONE, "
		"DROP PRIMARY KEY;\n",
		"table p engine=InnoDB\n"
		"  col id int(11) not_null\n"
		"  con PRIMARY p (id)\n"
		"table t engine=InnoDB\n"
		"  col id int(11) not_null\n"
		"  col pid int(11)\n"
		"  col x int(11)\n"
		"  col y int(11)\n"
		"  con fk f (pid) ref p(id) upd=r del=c\n"
		"  con CONSTRAINT_1 c () expr=`x` > 0\n"
		"index t.fk on t name=fk btree (pid)\n"
		"index t.ix2 on t name=ix2 btree (x)\n");
}

/* IGNORED (MariaDB) and INVISIBLE (MySQL) indexes are kept as spelled,
 * in CREATE TABLE, CREATE INDEX and ALTER INDEX; NOT IGNORED and VISIBLE
 * clear them. */
Test(mysql_script, ignored_and_invisible_indexes)
{
	static const char *const scripts[] = {
		"CREATE TABLE t (a int, b int, c int, d int,\n"
		"  KEY ka (a) IGNORED, KEY kb (b) COMMENT 'x' INVISIBLE,\n"
		"  KEY kc (c) NOT IGNORED, KEY kd (d) VISIBLE);\n"
		"CREATE INDEX ke ON t (a, b) IGNORED;\n",
		"ALTER TABLE t ALTER INDEX ka NOT IGNORED;\n"
		"ALTER TABLE t ALTER INDEX kc IGNORED;\n"
		"ALTER TABLE t ALTER INDEX kd INVISIBLE;\n",
	};

	replay(scripts, 1,
	       "table t engine=InnoDB\n"
	       "  col a int(11)\n  col b int(11)\n"
	       "  col c int(11)\n  col d int(11)\n"
	       "index t.ka on t name=ka btree (a) hidden=IGNORED\n"
	       "index t.kb comment=x on t name=kb btree (b) hidden=INVISIBLE\n"
	       "index t.kc on t name=kc btree (c)\n"
	       "index t.kd on t name=kd btree (d)\n"
	       "index t.ke on t name=ke btree (a,b) hidden=IGNORED\n");
	replay(scripts, 2,
	       "table t engine=InnoDB\n"
	       "  col a int(11)\n  col b int(11)\n"
	       "  col c int(11)\n  col d int(11)\n"
	       "index t.ka on t name=ka btree (a)\n"
	       "index t.kb comment=x on t name=kb btree (b) hidden=INVISIBLE\n"
	       "index t.kc on t name=kc btree (c) hidden=IGNORED\n"
	       "index t.kd on t name=kd btree (d) hidden=INVISIBLE\n"
	       "index t.ke on t name=ke btree (a,b) hidden=IGNORED\n");
}

Test(mysql_script, implicit_fk_index_follows_other_indexes)
{
	/* the implicit index goes when an index starting with the key's
	 * columns arrives; the foreign key's drop leaves it */
	replay1("CREATE TABLE p (id int PRIMARY KEY);\n"
		"CREATE TABLE t (a int, b int, FOREIGN KEY (a) "
		"REFERENCES p (id));\n"
		"CREATE INDEX ab ON t (a, b);\n"
		"ALTER TABLE t ADD CONSTRAINT f2 FOREIGN KEY (b) "
		"REFERENCES p (id);\n"
		"ALTER TABLE t DROP FOREIGN KEY f2;\n",
		"table p engine=InnoDB\n"
		"  col id int(11) not_null\n"
		"  con PRIMARY p (id)\n"
		"table t engine=InnoDB\n"
		"  col a int(11)\n"
		"  col b int(11)\n"
		"  con t_ibfk_1 f (a) ref p(id) upd=r del=r\n"
		"index t.ab on t name=ab btree (a,b)\n"
		"index t.f2 on t name=f2 btree (b)\n");
}

Test(mysql_script, table_options_and_charset_changes)
{
	replay1("CREATE TABLE t (a varchar(5), b int) DEFAULT CHARSET=latin1;\n"
		"ALTER TABLE t ENGINE=MyISAM, COMMENT='c', "
		"ROW_FORMAT=DYNAMIC;\n"
		"ALTER TABLE t DEFAULT CHARSET=utf8mb4;\n",
		"table t comment=c engine=MyISAM charset=utf8mb4 "
		"collation=utf8mb4_general_ci row_format=DYNAMIC\n"
		"  col a varchar(5) charset=latin1 "
		"collation=latin1_swedish_ci\n"
		"  col b int(11)\n");
	replay1("CREATE TABLE t (a varchar(5) CHARSET latin1) "
		"CHARSET=utf8mb4;\n"
		"ALTER TABLE t CONVERT TO CHARACTER SET utf8 "
		"COLLATE utf8_bin;\n",
		"table t engine=InnoDB charset=utf8mb3 collation=utf8mb3_bin\n"
		"  col a varchar(5)\n");
}

Test(mysql_script, partitioning_changes)
{
	replay1("CREATE TABLE t (id int);\n"
		"ALTER TABLE t PARTITION BY KEY (id) PARTITIONS 2;\n",
		"table t engine=InnoDB partkey=PARTITION BY KEY (`id`)\n"
		"PARTITIONS 2\n"
		"  col id int(11)\n");
	replay1("CREATE TABLE t (id int) PARTITION BY HASH (id);\n"
		"ALTER TABLE t REMOVE PARTITIONING;\n",
		"table t engine=InnoDB\n"
		"  col id int(11)\n");
}

Test(mysql_script, add_and_drop_partitions)
{
	replay1("CREATE TABLE t (y int) PARTITION BY RANGE (y) (\n"
		"  PARTITION p0 VALUES LESS THAN (10),\n"
		"  PARTITION p1 VALUES LESS THAN (20));\n"
		"ALTER TABLE t ADD PARTITION (PARTITION p2 VALUES LESS THAN "
		"(30), PARTITION p3 VALUES LESS THAN MAXVALUE);\n"
		"ALTER TABLE t DROP PARTITION p0, p2;\n"
		"ALTER TABLE t TRUNCATE PARTITION p1;\n",
		"table t engine=InnoDB partkey=PARTITION BY RANGE (`y`)\n"
		"(PARTITION `p1` VALUES LESS THAN (20) ENGINE = InnoDB,\n"
		" PARTITION `p3` VALUES LESS THAN MAXVALUE ENGINE = InnoDB)\n"
		"  col y int(11)\n");
	replay1("CREATE TABLE t (id int) PARTITION BY HASH (id) "
		"PARTITIONS 4;\n"
		"ALTER TABLE t ADD PARTITION PARTITIONS 2;\n"
		"ALTER TABLE t COALESCE PARTITION 3;\n",
		"table t engine=InnoDB partkey=PARTITION BY HASH (`id`)\n"
		"PARTITIONS 3\n"
		"  col id int(11)\n");
}

Test(mysql_script, rename_and_drop)
{
	static const char *const v[] = {
		"CREATE TABLE a (id int PRIMARY KEY, x int, KEY kx (x));\n"
		"CREATE TABLE b (id int, aid int REFERENCES a (id));\n"
		"CREATE TRIGGER tg BEFORE INSERT ON a FOR EACH ROW "
		"SET NEW.x = 1;\n"
		"CREATE TABLE gone (id int);\n"
		"CREATE VIEW vv AS SELECT 1;\n"
		"CREATE FUNCTION f() RETURNS int RETURN 1;\n"
		"CREATE PROCEDURE p() BEGIN END;\n",
		"RENAME TABLE a TO a2, gone TO gone2;\n"
		"DROP TABLE IF EXISTS gone2, nothere;\n"
		"DROP VIEW vv;\n"
		"DROP FUNCTION IF EXISTS f;\n"
		"DROP PROCEDURE p;\n"
		"DROP INDEX kx ON a2;\n"
		"ALTER TABLE b RENAME TO b2;\n",
	};
	replay(v, 2,
	       "table a2 engine=InnoDB\n"
	       "  col id int(11) not_null\n"
	       "  col x int(11)\n"
	       "  con PRIMARY p (id)\n"
	       "table b2 engine=InnoDB\n"
	       "  col id int(11)\n"
	       "  col aid int(11)\n"
	       "  con b_ibfk_1 f (aid) ref a2(id) upd=r del=r\n"
	       "index b2.aid on b2 name=aid btree (aid)\n"
	       "trigger a2.tg table=a2 name=tg def=CREATE TRIGGER `tg` "
	       "BEFORE INSERT ON `a2` FOR EACH ROW SET NEW.x = 1\n");
}

Test(mysql_script, drop_trigger_and_replace_view)
{
	replay1("CREATE TABLE t (a int);\n"
		"CREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW "
		"SET NEW.a = 1;\n"
		"DROP TRIGGER tg;\n"
		"CREATE VIEW v AS SELECT a FROM t;\n"
		"CREATE OR REPLACE VIEW v AS SELECT a + 1 AS b FROM t;\n"
		"CREATE TABLE IF NOT EXISTS t (zzz int);\n"
		"CREATE TABLE u (a int, KEY (a));\n"
		"CREATE OR REPLACE TABLE u (b int);\n",
		"table t engine=InnoDB\n"
		"  col a int(11)\n"
		"table u engine=InnoDB\n"
		"  col b int(11)\n"
		"view v query=select `a` + 1 as `b` from `t`\n");
}

/* mariadb-dump 10.11's forms (--no-data --routines --triggers): the
 * sandbox line, versioned CREATE ... TRIGGER pieces, DELIMITER ;;, the
 * placeholder view replaced by the final one. */
Test(mysql_script, mariadb_dump_replays)
{
	replay1("/*M!999999\\- enable the sandbox mode */ \n"
		"-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB\n"
		"/*!40101 SET NAMES utf8mb4 */;\n"
		"DROP TABLE IF EXISTS `orders`;\n"
		"CREATE TABLE `orders` (\n"
		"  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,\n"
		"  `amount` decimal(10,2) DEFAULT 0.00,\n"
		"  PRIMARY KEY (`id`)\n"
		") ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 "
		"COLLATE=utf8mb3_general_ci;\n"
		"/*!50003 SET sql_mode = 'STRICT_TRANS_TABLES' */ ;\n"
		"DELIMITER ;;\n"
		"/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ "
		"/*!50003 TRIGGER tg BEFORE INSERT ON orders FOR EACH ROW\n"
		"BEGIN\n"
		"  IF NEW.amount < 0 THEN SET NEW.amount = 0; END IF;\n"
		"END \n"
		"*/;;\n"
		"DELIMITER ;\n"
		"/*!50001 DROP VIEW IF EXISTS `v`*/;\n"
		"/*!50001 CREATE VIEW `v` AS SELECT\n"
		" NULL AS `id` */;\n"
		"/*!50001 DROP VIEW IF EXISTS `v`*/;\n"
		"/*!50001 CREATE ALGORITHM=UNDEFINED */\n"
		"/*!50013 DEFINER=`root`@`localhost` SQL SECURITY INVOKER */\n"
		"/*!50001 VIEW `v` AS select `orders`.`id` AS `id` from "
		"`orders` */;\n"
		"/*!50003 DROP FUNCTION IF EXISTS `f` */;\n"
		"DELIMITER ;;\n"
		"CREATE DEFINER=`root`@`localhost` FUNCTION `f`(a INT) "
		"RETURNS int(11)\n"
		"    READS SQL DATA\n"
		"    DETERMINISTIC\n"
		"BEGIN\n"
		"  RETURN a;\n"
		"END\n"
		";;\n"
		"DELIMITER ;\n",
		"table orders engine=InnoDB charset=utf8mb3 "
		"collation=utf8mb3_general_ci\n"
		"  col id int(10) unsigned not_null auto_increment\n"
		"  col amount decimal(10,2) default=0.00\n"
		"  con PRIMARY p (id)\n"
		"view v query=select `orders`.`id` AS `id` from `orders`"
		"(sql_security=INVOKER)\n"
		"function f function args=`a` int(11) result=int(11) "
		"def=CREATE FUNCTION `f`(`a` int(11)) RETURNS int(11)\n"
		"DETERMINISTIC\n"
		"READS SQL DATA\n"
		"BEGIN\n  RETURN a;\nEND\n"
		"trigger orders.tg table=orders name=tg def=CREATE TRIGGER "
		"`tg` BEFORE INSERT ON `orders` FOR EACH ROW BEGIN\n"
		"  IF NEW.amount < 0 THEN SET NEW.amount = 0; END IF;\n"
		"END\n");
}

Test(mysql_script, split_statements)
{
	struct pg_script s = PG_SCRIPT_INIT;
	struct sd_error err;
	const char *sql =
		"-- leading comment\n"
		"CREATE TABLE t (a int); /* c; */ INSERT INTO t VALUES "
		"('x;y');\n"
		"/*!40101 SET NAMES utf8 */;\n"
		"DELIMITER //\n"
		"CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END//\n"
		"DELIMITER ;\n"
		"CREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW BEGIN\n"
		"  SET NEW.a = 1;\n"
		"END;\n"
		"   ;\n"
		"DROP TABLE t";

	memset(&err, 0, sizeof(err));
	cr_assert_eq(mysql_split("s.sql", sql, &s, &err), 0, "%s", err.msg);
	cr_assert_eq(s.nstmts, 6);
	cr_assert_str_eq(s.stmts[0].sql, "CREATE TABLE t (a int)");
	cr_assert_eq(s.stmts[0].line, 2);
	cr_assert_eq(s.stmts[0].col, 1);
	cr_assert_str_eq(s.stmts[1].sql, "INSERT INTO t VALUES ('x;y')");
	cr_assert_eq(s.stmts[1].line, 2);
	cr_assert_eq(s.stmts[1].col, 34);
	cr_assert_str_eq(s.stmts[2].sql, "/*!40101 SET NAMES utf8 */");
	cr_assert_eq(s.stmts[2].line, 3);
	cr_assert_str_eq(s.stmts[3].sql,
			 "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END");
	cr_assert_eq(s.stmts[3].line, 5);
	cr_assert_str_eq(s.stmts[4].sql,
			 "CREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW "
			 "BEGIN\n  SET NEW.a = 1;\nEND");
	cr_assert_eq(s.stmts[4].line, 7);
	cr_assert_str_eq(s.stmts[5].sql, "DROP TABLE t");
	cr_assert_eq(s.stmts[5].line, 11);
	cr_assert_eq(s.stmts[5].offset, strlen(sql) - 12);
	pg_script_release(&s);
}

Test(mysql_script, split_unterminated_string)
{
	struct pg_script s = PG_SCRIPT_INIT;
	struct sd_error err;

	memset(&err, 0, sizeof(err));
	cr_assert_eq(mysql_split("s.sql", "SELECT 1;\n  SELECT 'abc",
				 &s, &err), SD_ERR_SYNTAX);
	cr_assert_eq(err.line, 2);
	cr_assert_eq(err.col, 10);
	cr_assert_str_eq(err.msg, "unterminated string");
	pg_script_release(&s);
}

Test(mysql_errors, syntax_with_positions)
{
	fails(false, "CREATE TABLE t (\n  a int,\n  b )", SD_ERR_SYNTAX, 3, 5,
	      "expected a column type, found `)`");
	fails(false, "CREATE TABLE t (a varchar)", SD_ERR_SYNTAX, 1, 26,
	      "expected a length, found `)`");
	fails(false, "CREATE TABLE t (a int) ENGINE=InnoDB garbage",
	      SD_ERR_SYNTAX, 1, 38,
	      "expected the end of the statement, found `garbage`");
	fails(false, "CREATE TABLE t (a int,\n  KEY k (a) USING FOO)",
	      SD_ERR_SYNTAX, 2, 19, "expected BTREE or HASH, found `FOO`");
	fails(false, "CREATE TABLE t (a int CHECK (a > 0)  ", SD_ERR_SYNTAX,
	      1, 36, "expected `)`, found the end of the statement");
	fails(false, "CREATE TABLE t (a int, FOREIGN KEY (a) REFERENCES p "
	      "(id) ON DELETE EXPLODE)", SD_ERR_SYNTAX, 1, 68,
	      "expected a foreign key action, found `EXPLODE`");
	fails(false, "/* x */ CREATE TABEL t (a int)", SD_ERR_SYNTAX, 1, 16,
	      "expected TABLE, INDEX, VIEW, TRIGGER, FUNCTION, PROCEDURE or "
	      "EVENT, found `TABEL`");
}

Test(mysql_errors, duplicates_in_desired_files)
{
	fails(false, "CREATE TABLE t (a int);\n\nCREATE TABLE t (b int);",
	      SD_ERR, 3, 14,
	      "`t` is defined twice: here and at x.sql:1");
	fails(false, "CREATE TABLE t (a int, a int);", SD_ERR, 1, 1,
	      "column `a` is defined twice in table `t`");
	fails(false, "CREATE TABLE t (a int, KEY k (a), KEY k (a));", SD_ERR,
	      1, 35, "duplicate key name `k` in table `t`");
	fails(false, "CREATE TABLE t (a int, KEY k (a));\n"
	      "CREATE INDEX k ON t (a);", SD_ERR, 2, 8,
	      "index `k` on `t` is defined twice: here and at x.sql:1");
	fails(false, "CREATE TABLE t (a int);\n"
	      "CREATE VIEW v AS SELECT 1;\nCREATE VIEW v AS SELECT 2;",
	      SD_ERR, 3, 13, "view `v` is defined twice: here and at "
	      "x.sql:2");
}

Test(mysql_errors, statements_desired_files_refuse)
{
	fails(false, "CREATE TABLE t (a int);\nCALL fill(1);",
	      SD_ERR_UNSUPPORTED, 2, 1,
	      "desired files hold schema statements only, found `CALL`");
	fails(false, "CREATE DATABASE app;\nUSE app;\nCREATE TABLE t (a int);"
	      "\nCREATE DATABASE IF NOT EXISTS other;",
	      SD_ERR_UNSUPPORTED, 4, 31,
	      "a second database `other` (`app` is named at x.sql:1): a "
	      "schema root holds one database");
	fails(false, "USE app;\nUSE `b`;", SD_ERR_UNSUPPORTED, 2, 5,
	      "a second database `b` (`app` is named at x.sql:1): a schema "
	      "root holds one database");
	fails(true, "USE app;\nCREATE TABLE t (a int);\nUSE b;",
	      SD_ERR_UNSUPPORTED, 3, 5,
	      "a second database `b` (`app` is named at x.sql:1): a schema "
	      "root holds one database");
	fails(false, "CREATE TABLE t (a int);\nDROP TABLE t;",
	      SD_ERR_UNSUPPORTED, 2, 1, "DROP in a desired file: desired "
	      "files hold the objects to keep");
	fails(false, "CREATE AGGREGATE FUNCTION f(x int) RETURNS int\n"
	      "BEGIN\nRETURN 1;\nEND;", SD_ERR_UNSUPPORTED, 1, 8,
	      "CREATE AGGREGATE FUNCTION is not supported");
}

/* ALTER TABLE takes table options without commas between them, as emit
 * writes them and as the server accepts them (issue 12: DEFAULT
 * CHARSET=x COLLATE=y was refused at COLLATE). */
Test(mysql_script, table_options_without_commas)
{
	replay1("CREATE TABLE t (a varchar(5), b int) DEFAULT CHARSET=latin1;\n"
		"ALTER TABLE t DEFAULT CHARSET=utf8mb3 "
		"COLLATE=utf8mb3_general_ci;\n"
		"ALTER TABLE t ENGINE=MyISAM ROW_FORMAT=DYNAMIC COMMENT 'c', "
		"ADD COLUMN c int;\n"
		"ALTER TABLE t CHARACTER SET utf8mb4 COLLATE utf8mb4_bin "
		"ENGINE=InnoDB;\n",
		"table t comment=c engine=InnoDB charset=utf8mb4 "
		"collation=utf8mb4_bin row_format=DYNAMIC\n"
		"  col a varchar(5) charset=latin1 collation=latin1_swedish_ci\n"
		"  col b int(11)\n"
		"  col c int(11)\n");
	fails(true, "CREATE TABLE t (a int);\n"
	      "ALTER TABLE t ENGINE=InnoDB 42;", SD_ERR_SYNTAX, 2, 29,
	      "expected a table option, `,` or the end of the statement, "
	      "found `42`");
}

/* DDL of MariaDB 10.11 that schemadiff does not model: a named error,
 * not a syntax error (docs/mysql.md, the coverage table). */
Test(mysql_errors, unmodelled_ddl_is_named)
{
	fails(false, "CREATE SEQUENCE s START WITH 1;", SD_ERR_UNSUPPORTED,
	      1, 8, "CREATE SEQUENCE is not supported");
	fails(false, "CREATE USER u;", SD_ERR_UNSUPPORTED, 1, 8,
	      "CREATE USER is not supported");
	fails(false, "CREATE TABLE t (a int) WITH SYSTEM VERSIONING;",
	      SD_ERR_UNSUPPORTED, 1, 24, "system-versioned tables (WITH "
	      "SYSTEM VERSIONING) are not supported");
	replay1("CREATE TABLE t (a int);\n"
		"ALTER TABLE t WAIT 5 ADD b int;\n"
		"ALTER TABLE t NOWAIT ADD c int, ENGINE=InnoDB;\n",
		"table t engine=InnoDB\n"
		"  col a int(11)\n"
		"  col b int(11)\n"
		"  col c int(11)\n");
}

Test(mysql_errors, scripts_fail_where_the_server_would)
{
	fails(true, "ALTER TABLE nope ADD COLUMN a int;", SD_ERR, 1, 13,
	      "table `nope` does not exist");
	fails(true, "CREATE TABLE t (a int);\nCREATE TABLE t (a int);",
	      SD_ERR, 2, 14, "table `t` already exists");
	fails(true, "CREATE TABLE t (a int);\nALTER TABLE t DROP COLUMN b;",
	      SD_ERR, 2, 27, "column `b` does not exist in table `t`");
	fails(true, "CREATE TABLE t (a int);\nDROP INDEX k ON t;", SD_ERR, 2,
	      12, "index `k` does not exist on table `t`");
	fails(true, "DROP TABLE t;", SD_ERR, 1, 12,
	      "table `t` does not exist");
	fails(true, "DELIMITER //\nCREATE TABLE t (a int)//\n"
	      "CREATE TABLE u (a int);//", SD_ERR_SYNTAX, 3, 23,
	      "expected the end of the statement, found `;`");
}

/* ALTER EVENT changes what it names and keeps the rest; ON SCHEDULE
 * replaces the whole schedule; a compound body without DELIMITER stays
 * one statement; DROP EVENT [IF EXISTS]. */
Test(mysql_script, events_created_altered_dropped)
{
	replay1("CREATE EVENT e ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01' "
		"COMMENT 'c' DO SELECT 1;\n"
		"CREATE EVENT gone ON SCHEDULE AT '2035-01-01' DO SELECT 2;\n"
		"CREATE EVENT IF NOT EXISTS e ON SCHEDULE EVERY 9 DAY "
		"DO SELECT 9;\n"
		"ALTER EVENT e ON COMPLETION PRESERVE DISABLE;\n"
		"ALTER DEFINER = root@localhost EVENT e ON SCHEDULE EVERY "
		"2 HOUR COMMENT '' DO BEGIN\n  SELECT 3;\n  SELECT 4;\nEND;\n"
		"ALTER EVENT e RENAME TO e2 ENABLE;\n"
		"DROP EVENT gone;\nDROP EVENT IF EXISTS nope;\n"
		"CREATE OR REPLACE EVENT x ON SCHEDULE EVERY 1 DAY "
		"DO SELECT 5;\n"
		"CREATE OR REPLACE EVENT x ON SCHEDULE EVERY 3 DAY "
		"DO SELECT 6;\n",
		"event e2 def=CREATE EVENT `e2` ON SCHEDULE EVERY 2 HOUR ON "
		"COMPLETION PRESERVE ENABLE DO BEGIN\n  SELECT 3;\n  SELECT 4;"
		"\nEND\n"
		"event x def=CREATE EVENT `x` ON SCHEDULE EVERY 3 DAY ON "
		"COMPLETION NOT PRESERVE ENABLE DO SELECT 6\n");
}

Test(mysql_errors, events)
{
	fails(true, "ALTER EVENT nope DISABLE;", SD_ERR, 1, 13,
	      "event `nope` does not exist");
	fails(true, "DROP EVENT nope;", SD_ERR, 1, 12,
	      "event `nope` does not exist");
	fails(true, "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1;\n"
	      "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1;", SD_ERR,
	      2, 14, "event `e` already exists");
	fails(false, "CREATE EVENT e DO SELECT 1;", SD_ERR_SYNTAX, 1, 14,
	      "event `e` has no ON SCHEDULE");
	fails(false, "CREATE EVENT e ON SCHEDULE EVERY 1 FORTNIGHT "
	      "DO SELECT 1;",
	      SD_ERR_SYNTAX, 1, 36,
	      "expected an interval unit (DAY, HOUR ...), found `FORTNIGHT`");
	fails(false, "CREATE EVENT e ON SCHEDULE EVERY 1 DAY;", SD_ERR_SYNTAX,
	      1, 39, "expected ON SCHEDULE, ON COMPLETION, ENABLE, DISABLE, "
	      "COMMENT or DO, found the end of the statement");
	fails(false, "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1;\n"
	      "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1;", SD_ERR,
	      2, 14, "event `e` is defined twice: here and at x.sql:1");
}

/* Statements that are refused by name, not as a syntax error (issue 12). */
Test(mysql_errors, named_refusals)
{
	fails(true, "CREATE TABLE t (a int) PARTITION BY HASH (a) "
	      "PARTITIONS 2;\nALTER TABLE t REORGANIZE PARTITION p0 INTO "
	      "(PARTITION p0);", SD_ERR_UNSUPPORTED, 2, 15,
	      "ALTER TABLE ... REORGANIZE PARTITION is not supported: write "
	      "the partitioning as it should be (PARTITION BY ...)");
	fails(true, "CREATE TABLE t (a int);\n"
	      "ALTER TABLE t CONVERT PARTITION p0 TO TABLE u;",
	      SD_ERR_UNSUPPORTED, 2, 15,
	      "ALTER TABLE ... CONVERT PARTITION is not supported: write "
	      "the partitioning as it should be (PARTITION BY ...)");
	fails(true, "ALTER ALGORITHM=MERGE VIEW v AS SELECT 1;",
	      SD_ERR_UNSUPPORTED, 1, 1,
	      "ALTER VIEW is not supported: write CREATE OR REPLACE VIEW");
	fails(false, "ALTER VIEW v AS SELECT 1;", SD_ERR_UNSUPPORTED, 1, 1,
	      "ALTER VIEW is not supported: write CREATE OR REPLACE VIEW");
	fails(true, "ALTER PROCEDURE p COMMENT 'x';", SD_ERR_UNSUPPORTED, 1,
	      1, "ALTER PROCEDURE is not supported: write the routine again "
	      "(DROP and CREATE)");
	fails(true, "ALTER FUNCTION f SQL SECURITY INVOKER;",
	      SD_ERR_UNSUPPORTED, 1, 1, "ALTER FUNCTION is not supported: "
	      "write the routine again (DROP and CREATE)");
}

/* What is accepted and not kept is said (a warning naming it), never a
 * silent omission (issue 12). */
static void collect_warning(void *ctx, const char *file, int line, int col,
			    const char *msg)
{
	strbuf_addf(ctx, "%s:%d:%d: %s\n", file, line, col, msg);
}

static void warns(const char *sql, const char *want)
{
	struct catalog *cat = catalog_new(SQL_MYSQL);
	struct strbuf got = STRBUF_INIT;
	struct sd_warn_sink sink = { collect_warning, &got }, saved;
	struct sd_error err;

	memset(&err, 0, sizeof(err));
	sd_warn_sink_swap(&sink, &saved);
	cr_assert_eq(mysql_load_desired_text(cat, "x.sql", sql, &err), 0,
		     "%s", err.msg);
	sd_warn_sink_swap(&saved, NULL);
	cr_expect_str_eq(got.buf, want, "%s\ngot:\n%s", sql, got.buf);
	strbuf_release(&got);
	catalog_free(cat);
}

Test(mysql_errors, ignored_clauses_warn)
{
	warns("CREATE TABLE t (a int, KEY k (a) IGNORED, "
	      "KEY l (a) KEY_BLOCK_SIZE=8) AUTO_INCREMENT=3 PACK_KEYS=1 "
	      "INSERT_METHOD=LAST;\n"
	      "CREATE TRIGGER t1 BEFORE INSERT ON t FOR EACH ROW SET @x = 1;\n"
	      "CREATE TRIGGER t2 BEFORE INSERT ON t FOR EACH ROW FOLLOWS t1 "
	      "SET @x = 2;\n",
	      "x.sql:1:53: index option KEY_BLOCK_SIZE is not modelled: a "
	      "change to it is not seen\n"
	      "x.sql:1:100: table option INSERT_METHOD of `t` is not "
	      "modelled: a change to it is not seen\n"
	      "x.sql:3:51: FOLLOWS `t1` is not modelled: triggers of one "
	      "timing and event are created in file order\n");
	warns("CREATE TABLE t (a int, KEY k (a) NOT IGNORED VISIBLE) "
	      "KEY_BLOCK_SIZE=8 STATS_PERSISTENT=0;\n", "");
}
