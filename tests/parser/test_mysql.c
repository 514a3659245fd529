/*
 * tests/parser/test_mysql.c: the MySQL parser (parser/mysql/): CREATE
 * TABLE and the canonical form of docs/mysql.md (types, defaults, charsets,
 * default names, the implicit foreign-key index), desired sets in any
 * order, and two spellings of one schema giving one catalog. Catalogs are
 * printed by mydump() (tests/parser/mysql_dump.h) and compared as text.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"
#include "model/catalog.h"
#include "parser/mysql/mysql_parser.h"
#include "tests/parser/mysql_dump.h"
#include "util/strbuf.h"

#include "util/banned.h"

/* Load sql as a desired file; the dump, malloc'd (caller frees). */
static char *load(const char *sql)
{
	struct catalog *cat = catalog_new(SQL_MYSQL);
	struct strbuf out = STRBUF_INIT;
	struct sd_error err;
	int ret;

	memset(&err, 0, sizeof(err));
	ret = mysql_load_desired_text(cat, "d.sql", sql, &err);
	cr_assert_eq(ret, 0, "load failed: %d:%d: %s", err.line, err.col,
		     err.msg);
	mydump(cat, &out);
	catalog_free(cat);
	return strbuf_detach(&out, NULL);
}

static void expect(const char *sql, const char *want)
{
	char *got = load(sql);
	cr_assert_str_eq(got, want, "\n--- got\n%s--- want\n%s", got, want);
	free(got);
}

/* Two spellings must give the same catalog: as dumps and for diff. */
static void same(const char *a, const char *b)
{
	struct catalog *ca = catalog_new(SQL_MYSQL);
	struct catalog *cb = catalog_new(SQL_MYSQL);
	struct strbuf da = STRBUF_INIT, db = STRBUF_INIT;
	struct changeset *cs = NULL;
	struct sd_error err;

	memset(&err, 0, sizeof(err));
	cr_assert_eq(mysql_load_desired_text(ca, "a.sql", a, &err), 0,
		     "a: %d:%d: %s", err.line, err.col, err.msg);
	cr_assert_eq(mysql_load_desired_text(cb, "b.sql", b, &err), 0,
		     "b: %d:%d: %s", err.line, err.col, err.msg);
	mydump(ca, &da);
	mydump(cb, &db);
	cr_assert_str_eq(da.buf, db.buf, "\n--- a\n%s--- b\n%s", da.buf,
			 db.buf);
	cr_assert_eq(diff_catalogs(ca, cb, &cs, &err), 0, "%s", err.msg);
	cr_assert(changeset_empty(cs), "diff of equal catalogs not empty");
	changeset_free(cs);
	strbuf_release(&da);
	strbuf_release(&db);
	catalog_free(ca);
	catalog_free(cb);
}

Test(mysql, int_types_and_widths)
{
	expect("CREATE TABLE t (a INT, b INTEGER UNSIGNED, c TINYINT, "
	       "d tinyint unsigned, e SMALLINT, f smallint unsigned, "
	       "g MEDIUMINT, h mediumint unsigned, i BIGINT, "
	       "j bigint unsigned, k int(5) zerofill, l BOOL, m BOOLEAN, "
	       "n int4, o int8);",
	       "table t engine=InnoDB\n"
	       "  col a int(11)\n"
	       "  col b int(10) unsigned\n"
	       "  col c tinyint(4)\n"
	       "  col d tinyint(3) unsigned\n"
	       "  col e smallint(6)\n"
	       "  col f smallint(5) unsigned\n"
	       "  col g mediumint(9)\n"
	       "  col h mediumint(8) unsigned\n"
	       "  col i bigint(20)\n"
	       "  col j bigint(20) unsigned\n"
	       "  col k int(5) unsigned zerofill\n"
	       "  col l tinyint(1)\n"
	       "  col m tinyint(1)\n"
	       "  col n int(11)\n"
	       "  col o bigint(20)\n");
}

Test(mysql, other_types)
{
	expect("CREATE TABLE t (a DECIMAL, b NUMERIC(8), c DEC(12,4), "
	       "d REAL, e DOUBLE PRECISION, f FLOAT, g float(30), "
	       "h double(8,3), i CHAR, j CHARACTER VARYING(20), "
	       "k VARCHAR(255), l BINARY, m VARBINARY(16), n BIT, o BIT(8), "
	       "p YEAR, q DATETIME(0), r DATETIME(6), s TIMESTAMP, "
	       "u TEXT, v LONGBLOB, w ENUM('a', 'it''s'), "
	       "x SET('x','y'), y DATE, z TIME(3));",
	       "table t engine=InnoDB\n"
	       "  col a decimal(10,0)\n"
	       "  col b decimal(8,0)\n"
	       "  col c decimal(12,4)\n"
	       "  col d double\n"
	       "  col e double\n"
	       "  col f float\n"
	       "  col g double\n"
	       "  col h double(8,3)\n"
	       "  col i char(1)\n"
	       "  col j varchar(20)\n"
	       "  col k varchar(255)\n"
	       "  col l binary(1)\n"
	       "  col m varbinary(16)\n"
	       "  col n bit(1)\n"
	       "  col o bit(8)\n"
	       "  col p year(4)\n"
	       "  col q datetime\n"
	       "  col r datetime(6)\n"
	       "  col s timestamp\n"
	       "  col u text\n"
	       "  col v longblob\n"
	       "  col w enum('a','it''s')\n"
	       "  col x set('x','y')\n"
	       "  col y date\n"
	       "  col z time(3)\n");
}

Test(mysql, json_and_serial)
{
	expect("CREATE TABLE t (id SERIAL, doc JSON NOT NULL);",
	       "table t engine=InnoDB\n"
	       "  col id bigint(20) unsigned not_null auto_increment\n"
	       "  col doc longtext not_null charset=utf8mb4 "
	       "collation=utf8mb4_bin\n"
	       "  con doc c (doc) expr=json_valid(`doc`)\n"
	       "index t.id on t name=id unique btree (id)\n");
}

Test(mysql, column_attributes)
{
	expect("CREATE TABLE t (\n"
	       "  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
	       "  a int NULL DEFAULT NULL COMMENT 'the a',\n"
	       "  b varchar(10) INVISIBLE COMMENT '',\n"
	       "  c int GENERATED ALWAYS AS (a+1) VIRTUAL,\n"
	       "  d int AS ((a * 2)) PERSISTENT,\n"
	       "  e int AS (a - 1),\n"
	       "  ts timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) "
	       "ON UPDATE CURRENT_TIMESTAMP(3)\n"
	       ");",
	       "table t engine=InnoDB\n"
	       "  col id int(11) not_null auto_increment\n"
	       "  col a int(11) comment=the a\n"
	       "  col b varchar(10) invisible\n"
	       "  col c int(11) gen=`a` + 1 virtual\n"
	       "  col d int(11) gen=`a` * 2 stored\n"
	       "  col e int(11) gen=`a` - 1 virtual\n"
	       "  col ts timestamp(3) not_null default=current_timestamp(3) "
	       "on_update=current_timestamp(3)\n"
	       "  con PRIMARY p (id)\n");
}

Test(mysql, defaults)
{
	expect("CREATE TABLE t (a int DEFAULT '0', b int DEFAULT -1, "
	       "c varchar(5) DEFAULT 'x''y', d decimal(5,2) DEFAULT 1.5, "
	       "e decimal(5,2) DEFAULT '0.010000', f tinyint(1) DEFAULT TRUE, "
	       "g datetime DEFAULT NOW(), h datetime DEFAULT "
	       "CURRENT_TIMESTAMP, i datetime DEFAULT LOCALTIMESTAMP(), "
	       "j varchar(5) DEFAULT NULL, k int DEFAULT (1 + 2), "
	       "l varchar(36) DEFAULT (UUID()), m bit(1) DEFAULT b'0', "
	       "n varchar(5) DEFAULT '0', o double DEFAULT 1e3, "
	       "p bit(4) DEFAULT 5, q bit(8) DEFAULT B'00000101', "
	       "r bit(2) DEFAULT b'00', s decimal(10,0) DEFAULT 1.5, "
	       "t decimal(4,2) DEFAULT -9.995, u decimal(3,1) DEFAULT "
	       "'0.04', v decimal(5,2) DEFAULT 007, "
	       "w int(5) zerofill DEFAULT 42, x float DEFAULT 2.5E1);",
	       "table t engine=InnoDB\n"
	       "  col a int(11) default=0\n"
	       "  col b int(11) default=-1\n"
	       "  col c varchar(5) default='x''y'\n"
	       "  col d decimal(5,2) default=1.50\n"
	       "  col e decimal(5,2) default=0.01\n"
	       "  col f tinyint(1) default=1\n"
	       "  col g datetime default=current_timestamp()\n"
	       "  col h datetime default=current_timestamp()\n"
	       "  col i datetime default=current_timestamp()\n"
	       "  col j varchar(5)\n"
	       "  col k int(11) default=1 + 2\n"
	       "  col l varchar(36) default=uuid()\n"
	       "  col m bit(1) default=b'0'\n"
	       "  col n varchar(5) default='0'\n"
	       "  col o double default=1000\n"
	       "  col p bit(4) default=b'101'\n"
	       "  col q bit(8) default=b'101'\n"
	       "  col r bit(2) default=b'0'\n"
	       "  col s decimal(10,0) default=2\n"
	       "  col t decimal(4,2) default=-10.00\n"
	       "  col u decimal(3,1) default=0.0\n"
	       "  col v decimal(5,2) default=7.00\n"
	       "  col w int(5) unsigned zerofill default=00042\n"
	       "  col x float default=25\n");
}

Test(mysql, table_options_and_charsets)
{
	expect("CREATE TABLE a (x int) ENGINE=myisam DEFAULT CHARSET=utf8 "
	       "ROW_FORMAT=compressed COMMENT='hi' AUTO_INCREMENT=7 "
	       "STATS_PERSISTENT=0;\n"
	       "CREATE TABLE b (x int) COLLATE utf8mb4_unicode_ci;\n"
	       "CREATE TABLE c (x int) CHARACTER SET = latin1, "
	       "ENGINE = MEMORY;\n"
	       "CREATE TABLE d (x int) ENGINE=InnoDB ROW_FORMAT=DEFAULT "
	       "COMMENT '';\n",
	       "table a comment=hi engine=MyISAM charset=utf8mb3 "
	       "collation=utf8mb3_general_ci row_format=COMPRESSED\n"
	       "  col x int(11)\n"
	       "table b engine=InnoDB charset=utf8mb4 "
	       "collation=utf8mb4_unicode_ci\n"
	       "  col x int(11)\n"
	       "table c engine=MEMORY charset=latin1 "
	       "collation=latin1_swedish_ci\n"
	       "  col x int(11)\n"
	       "table d engine=InnoDB\n"
	       "  col x int(11)\n");
}

Test(mysql, column_charsets_against_the_table)
{
	expect("CREATE TABLE t (\n"
	       "  a varchar(5) CHARACTER SET utf8mb4,\n"
	       "  b varchar(5) COLLATE utf8mb4_bin,\n"
	       "  c varchar(5) CHARSET latin1,\n"
	       "  d varchar(5) CHARACTER SET utf8 COLLATE utf8_unicode_ci,\n"
	       "  e int,\n"
	       "  f varchar(5) BINARY\n"
	       ") DEFAULT CHARSET=utf8mb4;",
	       "table t engine=InnoDB charset=utf8mb4 "
	       "collation=utf8mb4_general_ci\n"
	       "  col a varchar(5)\n"
	       "  col b varchar(5) charset=utf8mb4 collation=utf8mb4_bin\n"
	       "  col c varchar(5) charset=latin1 "
	       "collation=latin1_swedish_ci\n"
	       "  col d varchar(5) charset=utf8mb3 "
	       "collation=utf8mb3_unicode_ci\n"
	       "  col e int(11)\n"
	       "  col f varchar(5) charset=utf8mb4 collation=utf8mb4_bin\n");
}

Test(mysql, primary_key_comment)
{
	expect("CREATE TABLE f (a int NOT NULL, b int NOT NULL,\n"
	       "  PRIMARY KEY (a, b) COMMENT 'pair');",
	       "table f engine=InnoDB\n"
	       "  col a int(11) not_null\n"
	       "  col b int(11) not_null\n"
	       "  con PRIMARY p (a,b) comment=pair\n");
}

Test(mysql, keys_and_default_names)
{
	expect("CREATE TABLE t (\n"
	       "  a int, b varchar(100), c int UNIQUE, d int,\n"
	       "  PRIMARY KEY (a),\n"
	       "  KEY (b(10)),\n"
	       "  INDEX (b, d DESC),\n"
	       "  UNIQUE KEY uq (c, d) USING BTREE COMMENT 'c d',\n"
	       "  UNIQUE INDEX (d),\n"
	       "  KEY h USING HASH (d),\n"
	       "  FULLTEXT KEY ft (b),\n"
	       "  CHECK (a > 0),\n"
	       "  CONSTRAINT named CHECK (d < 10),\n"
	       "  CONSTRAINT CHECK (c <> 0)\n"
	       ");",
	       "table t engine=InnoDB\n"
	       "  col a int(11) not_null\n"
	       "  col b varchar(100)\n"
	       "  col c int(11)\n"
	       "  col d int(11)\n"
	       "  con PRIMARY p (a)\n"
	       "  con CONSTRAINT_1 c () expr=`a` > 0\n"
	       "  con named c () expr=`d` < 10\n"
	       "  con CONSTRAINT_2 c () expr=`c` <> 0\n"
	       "index t.b on t name=b btree (b(10))\n"
	       "index t.b_2 on t name=b_2 btree (b,d desc)\n"
	       "index t.c on t name=c unique btree (c)\n"
	       "index t.d on t name=d unique btree (d)\n"
	       "index t.ft on t name=ft fulltext (b)\n"
	       "index t.h on t name=h hash (d)\n"
	       "index t.uq comment=c d on t name=uq unique btree (c,d)\n");
}

Test(mysql, foreign_keys_and_implicit_indexes)
{
	expect("CREATE TABLE c (\n"
	       "  id int PRIMARY KEY, p int, q int, r int,\n"
	       "  KEY (q, r),\n"
	       "  FOREIGN KEY (p) REFERENCES par (id) ON DELETE CASCADE,\n"
	       "  CONSTRAINT fk_q FOREIGN KEY (q) REFERENCES par (id) "
	       "ON UPDATE SET NULL ON DELETE NO ACTION,\n"
	       "  FOREIGN KEY (r) REFERENCES par (id),\n"
	       "  FOREIGN KEY (id) REFERENCES par (id) ON DELETE SET DEFAULT\n"
	       ");\n"
	       "CREATE TABLE par (id int PRIMARY KEY);",
	       "table c engine=InnoDB\n"
	       "  col id int(11) not_null\n"
	       "  col p int(11)\n"
	       "  col q int(11)\n"
	       "  col r int(11)\n"
	       "  con PRIMARY p (id)\n"
	       "  con c_ibfk_1 f (p) ref par(id) upd=r del=c\n"
	       "  con fk_q f (q) ref par(id) upd=n del=a\n"
	       "  con c_ibfk_2 f (r) ref par(id) upd=r del=r\n"
	       "  con c_ibfk_3 f (id) ref par(id) upd=r del=d\n"
	       "table par engine=InnoDB\n"
	       "  col id int(11) not_null\n"
	       "  con PRIMARY p (id)\n"
	       "index c.p on c name=p btree (p)\n"
	       "index c.q on c name=q btree (q,r)\n"
	       "index c.r on c name=r btree (r)\n");
}

Test(mysql, implicit_fk_index_in_a_set)
{
	/* an index written further down covers the key: no implicit one;
	 * an explicitly named key names its index */
	expect("CREATE TABLE t (p int, q int, r int,\n"
	       "  FOREIGN KEY (p) REFERENCES u (id),\n"
	       "  CONSTRAINT t_ibfk_9 FOREIGN KEY (r) REFERENCES u (id));\n"
	       "CREATE INDEX p ON t (p, q);\n"
	       "CREATE TABLE u (id int PRIMARY KEY);\n",
	       "table t engine=InnoDB\n"
	       "  col p int(11)\n"
	       "  col q int(11)\n"
	       "  col r int(11)\n"
	       "  con t_ibfk_1 f (p) ref u(id) upd=r del=r\n"
	       "  con t_ibfk_9 f (r) ref u(id) upd=r del=r\n"
	       "table u engine=InnoDB\n"
	       "  col id int(11) not_null\n"
	       "  con PRIMARY p (id)\n"
	       "index t.p on t name=p btree (p,q)\n"
	       "index t.t_ibfk_9 on t name=t_ibfk_9 btree (r)\n");
}

Test(mysql, inline_references_and_column_checks)
{
	expect("CREATE TABLE t (a int REFERENCES p (id), "
	       "b int CHECK (b > 0), "
	       "c int CONSTRAINT c_pos CHECK (c >= 0));",
	       "table t engine=InnoDB\n"
	       "  col a int(11)\n"
	       "  col b int(11)\n"
	       "  col c int(11)\n"
	       "  con t_ibfk_1 f (a) ref p(id) upd=r del=r\n"
	       "  con b c (b) expr=`b` > 0\n"
	       "  con c_pos c (c) expr=`c` >= 0\n"
	       "index t.a on t name=a btree (a)\n");
}

Test(mysql, check_expressions_canonical)
{
	expect("CREATE TABLE t (a int, b varchar(5), c int,\n"
	       "  CONSTRAINT k1 CHECK (`a` > 0 AND b IN ('x', \"y\")),\n"
	       "  CONSTRAINT k2 CHECK ((c BETWEEN -1 AND 10) OR c IS NULL),\n"
	       "  CONSTRAINT k3 CHECK (CHAR_LENGTH(b) > 2 AND "
	       "t.a <> -c),\n"
	       "  CONSTRAINT k4 CHECK (a != 1 and a div 2 = a MOD 3 and "
	       "b = _UTF8MB4'z' and b NOT LIKE 'it\\'s%')\n);",
	       "table t engine=InnoDB\n"
	       "  col a int(11)\n"
	       "  col b varchar(5)\n"
	       "  col c int(11)\n"
	       "  con k1 c () expr=`a` > 0 and `b` in ('x','y')\n"
	       "  con k2 c () expr=(`c` between -1 and 10) or `c` is null\n"
	       "  con k3 c () expr=char_length(`b`) > 2 and `a` <> -`c`\n"
	       "  con k4 c () expr=`a` <> 1 and `a` DIV 2 = `a` MOD 3 and "
	       "`b` = _utf8mb4'z' and `b` not like 'it''s%'\n");
}

Test(mysql, partitioning)
{
	expect("CREATE TABLE t (id int, y int) ENGINE=InnoDB\n"
	       "/*!50100 PARTITION BY RANGE (y)\n"
	       "(PARTITION p0 VALUES LESS THAN (2000),\n"
	       " PARTITION p1 VALUES LESS THAN MAXVALUE ENGINE=InnoDB) */;\n"
	       "CREATE TABLE h (id int) PARTITION BY HASH (id) PARTITIONS 4;\n"
	       "CREATE TABLE l (c varchar(5)) PARTITION BY LIST COLUMNS (c) "
	       "(PARTITION a VALUES IN ('a', 'b'));",
	       "table h engine=InnoDB partkey=PARTITION BY HASH (`id`)\n"
	       "PARTITIONS 4\n"
	       "  col id int(11)\n"
	       "table l engine=InnoDB partkey=PARTITION BY LIST COLUMNS(`c`)\n"
	       "(PARTITION `a` VALUES IN ('a','b') ENGINE = InnoDB)\n"
	       "  col c varchar(5)\n"
	       "table t engine=InnoDB partkey=PARTITION BY RANGE (`y`)\n"
	       "(PARTITION `p0` VALUES LESS THAN (2000) ENGINE = InnoDB,\n"
	       " PARTITION `p1` VALUES LESS THAN MAXVALUE ENGINE = InnoDB)\n"
	       "  col id int(11)\n"
	       "  col y int(11)\n");
}

Test(mysql, desired_set_in_any_order)
{
	expect("CREATE TRIGGER tg AFTER DELETE ON t FOR EACH ROW "
	       "DELETE FROM u WHERE id = OLD.id;\n"
	       "CREATE VIEW v AS SELECT a FROM t;\n"
	       "ALTER TABLE t ADD COLUMN b int;\n"
	       "CREATE INDEX ix ON t (a);\n"
	       "CREATE TABLE t2 LIKE t;\n"
	       "CREATE TABLE t (a int);\n",
	       "table t engine=InnoDB\n"
	       "  col a int(11)\n"
	       "  col b int(11)\n"
	       "table t2 engine=InnoDB\n"
	       "  col a int(11)\n"
	       "  col b int(11)\n"
	       "index t.ix on t name=ix btree (a)\n"
	       "index t2.ix on t2 name=ix btree (a)\n"
	       "view v query=select `t`.`a` AS `a` from `t`\n"
	       "trigger t.tg table=t name=tg def=CREATE TRIGGER `tg` AFTER "
	       "DELETE ON `t` FOR EACH ROW DELETE FROM u WHERE id = OLD.id\n");
}

Test(mysql, views)
{
	expect("CREATE TABLE t (a int, b int);\n"
	       "CREATE ALGORITHM=TEMPTABLE SQL SECURITY INVOKER VIEW v1 (x) "
	       "AS SELECT a FROM mydb.t WHERE b > 0 WITH CHECK OPTION;\n"
	       "CREATE OR REPLACE ALGORITHM=UNDEFINED DEFINER=`root`@`%` "
	       "SQL SECURITY DEFINER VIEW v2 AS select `mydb`.`t`.`a` AS `a` "
	       "from `mydb`.`t` WITH LOCAL CHECK OPTION;\n",
	       "table t engine=InnoDB\n"
	       "  col a int(11)\n"
	       "  col b int(11)\n"
	       "view v1 query=select `t`.`a` AS `x` from `t` where `t`.`b` > 0 "
	       "check=c(algorithm=TEMPTABLE,sql_security=INVOKER)\n"
	       "view v2 query=select `t`.`a` AS `a` from `t` check=l\n");
}

/* The server's text of simple views (mysql_view.c), and the queries it
 * leaves as printed: functions, joins, subqueries, unknown columns,
 * literals the server prints otherwise. */
Test(mysql, views_in_the_servers_form)
{
	expect("CREATE TABLE t (id int, a int);\n"
	       "CREATE TABLE u (id int);\n"
	       "CREATE VIEW s1 AS SELECT * FROM t WHERE a != 1 ORDER BY id "
	       "DESC, a LIMIT 10;\n"
	       "CREATE VIEW s2 AS SELECT ID AS Ident, q.a FROM t q;\n"
	       "CREATE VIEW s3 (x, y) AS SELECT t.* FROM t;\n"
	       "CREATE VIEW n1 AS SELECT count(*) FROM t;\n"
	       "CREATE VIEW n2 AS SELECT t.id FROM t JOIN u ON t.id = u.id;\n"
	       "CREATE VIEW n3 AS SELECT id FROM t WHERE a IN (SELECT id FROM "
	       "u);\n"
	       "CREATE VIEW n4 AS SELECT nope FROM t;\n"
	       "CREATE VIEW n5 AS SELECT id FROM t WHERE a = TRUE;\n"
	       "CREATE VIEW n6 AS SELECT id FROM t WHERE a = 'it''s';\n"
	       "CREATE VIEW n7 AS SELECT id FROM t WHERE NOT a = 1;\n"
	       "CREATE VIEW n8 (x, y) AS SELECT id FROM t;\n",
	       "table t engine=InnoDB\n"
	       "  col id int(11)\n"
	       "  col a int(11)\n"
	       "table u engine=InnoDB\n"
	       "  col id int(11)\n"
	       "view n1 query=select count(*) from `t`\n"
	       "view n2 query=select `t`.`id` from `t` join `u` on `t`.`id` = "
	       "`u`.`id`\n"
	       "view n3 query=select `id` from `t` where `a` in (select `id` "
	       "from `u`)\n"
	       "view n4 query=select `nope` from `t`\n"
	       "view n5 query=select `id` from `t` where `a` = true\n"
	       "view n6 query=select `id` from `t` where `a` = 'it''s'\n"
	       "view n7 query=select `id` from `t` where not `a` = 1\n"
	       "view n8 query=select `id` from `t`(x,y)\n"
	       "view s1 query=select `t`.`id` AS `id`,`t`.`a` AS `a` from `t` "
	       "where `t`.`a` <> 1 order by `t`.`id` desc,`t`.`a` limit 10\n"
	       "view s2 query=select `q`.`id` AS `Ident`,`q`.`a` AS `a` from "
	       "`t` `q`\n"
	       "view s3 query=select `t`.`id` AS `x`,`t`.`a` AS `y` from `t`\n");
}

/* VIEW_DEFINITION prints literals without their character set
 * introducer: _utf8mb4 under a utf8mb4 connection (SET NAMES; utf8mb4
 * when none is set), schemadiff's own, means nothing more and is left
 * out; another set's, or under another connection, is kept. */
Test(mysql, view_literal_introducers_of_the_connection_set)
{
	expect("CREATE TABLE t (id int, a varchar(9));\n"
	       "CREATE VIEW d AS SELECT concat(a, _utf8mb4' ') AS c FROM t;\n"
	       "SET NAMES latin1;\n"
	       "CREATE VIEW l AS SELECT concat(a, _latin1'x', _UTF8MB4'y') AS c "
	       "FROM t;\n"
	       "SET NAMES utf8mb4;\n"
	       "CREATE VIEW u AS SELECT concat(a, _utf8mb4' ', _latin1'z') AS c "
	       "FROM t;\n",
	       "table t engine=InnoDB\n"
	       "  col id int(11)\n"
	       "  col a varchar(9)\n"
	       "view d query=select concat(`a`,' ') as `c` from `t`\n"
	       "view l query=select concat(`a`,_latin1'x',_utf8mb4'y') as `c` "
	       "from `t`\n"
	       "view u query=select concat(`a`,' ',_latin1'z') as `c` from `t`\n");
}

Test(mysql, routines_with_delimiter)
{
	expect("DELIMITER $$\n"
	       "CREATE DEFINER=`app`@`localhost` FUNCTION add1(x INT) "
	       "RETURNS INT\n"
	       "    NO SQL DETERMINISTIC COMMENT 'adds'\n"
	       "BEGIN\n  RETURN x + 1;\nEND$$\n"
	       "CREATE PROCEDURE pr(IN a INT, OUT b VARCHAR(10), INOUT c "
	       "BIGINT)\nBEGIN\n  SET b = 'x';\nEND $$\n"
	       "DELIMITER ;\n"
	       "CREATE FUNCTION one() RETURNS int RETURN 1;\n",
	       "function add1 function args=`x` int(11) result=int(11) "
	       "def=CREATE FUNCTION `add1`(`x` int(11)) RETURNS int(11)\n"
	       "DETERMINISTIC\nNO SQL\nCOMMENT 'adds'\n"
	       "BEGIN\n  RETURN x + 1;\nEND\n"
	       "function one function args= result=int(11) def=CREATE "
	       "FUNCTION `one`() RETURNS int(11)\nRETURN 1\n"
	       "function pr procedure args=IN `a` int(11), OUT `b` "
	       "varchar(10), INOUT `c` bigint(20) def=CREATE PROCEDURE "
	       "`pr`(IN `a` int(11), OUT `b` varchar(10), INOUT `c` "
	       "bigint(20))\nBEGIN\n  SET b = 'x';\nEND\n");
}

Test(mysql, body_without_delimiter_keeps_semicolons)
{
	expect("CREATE TABLE t (a int);\n"
	       "CREATE TRIGGER tg BEFORE UPDATE ON t FOR EACH ROW BEGIN\n"
	       "  IF NEW.a < 0 THEN SET NEW.a = 0; END IF;\n"
	       "  CASE WHEN NEW.a > 9 THEN SET NEW.a = 9; ELSE BEGIN END; "
	       "END CASE;\nEND;\n"
	       "CREATE TABLE u (b int);\n",
	       "table t engine=InnoDB\n"
	       "  col a int(11)\n"
	       "table u engine=InnoDB\n"
	       "  col b int(11)\n"
	       "trigger t.tg table=t name=tg def=CREATE TRIGGER `tg` BEFORE "
	       "UPDATE ON `t` FOR EACH ROW BEGIN\n"
	       "  IF NEW.a < 0 THEN SET NEW.a = 0; END IF;\n"
	       "  CASE WHEN NEW.a > 9 THEN SET NEW.a = 9; ELSE BEGIN END; "
	       "END CASE;\nEND\n");
}

Test(mysql, comments_strings_and_identifiers)
{
	expect("-- a comment; with a semicolon\n"
	       "# hash comment;\n"
	       "/* block; comment */\n"
	       "/*!40101 SET @OLD = @@SQL_MODE */;\n"
	       "/*M!100100 SET x = 1 */;\n"
	       "SET NAMES utf8mb4;\n"
	       "CREATE TABLE `we``ird` (`col;1` varchar(5) DEFAULT 'a;b\\'c' "
	       "COMMENT \"say \"\"hi\"\"\", x int DEFAULT 1-- trailing\n);",
	       "table we`ird engine=InnoDB\n"
	       "  col col;1 varchar(5) default='a;b''c' comment=say \"hi\"\n"
	       "  col x int(11) default=1\n");
}

Test(mysql, mysqldump_preamble)
{
	expect("-- MariaDB dump 10.19\n"
	       "/*!40101 SET @OLD_CHARACTER_SET_CLIENT="
	       "@@CHARACTER_SET_CLIENT */;\n"
	       "/*!40103 SET TIME_ZONE='+00:00' */;\n"
	       "DROP TABLE IF EXISTS `t`;\n"
	       "/*!40101 SET @saved_cs_client     = @@character_set_client */;"
	       "\n"
	       "CREATE TABLE `t` (\n"
	       "  `id` int(11) NOT NULL AUTO_INCREMENT,\n"
	       "  PRIMARY KEY (`id`)\n"
	       ") ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 "
	       "COLLATE=utf8mb4_unicode_ci;\n"
	       "/*!40101 SET character_set_client = @saved_cs_client */;\n",
	       "table t engine=InnoDB charset=utf8mb4 "
	       "collation=utf8mb4_unicode_ci\n"
	       "  col id int(11) not_null auto_increment\n"
	       "  con PRIMARY p (id)\n");
}

/* A dump of one database (mysqldump, mariadb-dump, a schema file with
 * seed rows): CREATE DATABASE and USE name the target, LOCK TABLES, data
 * and SET statements are not part of the schema. */
Test(mysql, dump_of_one_database)
{
	expect("/*!40101 SET NAMES utf8mb4 */;\n"
	       "CREATE DATABASE /*!32312 IF NOT EXISTS*/ `app` "
	       "/*!40100 DEFAULT CHARACTER SET utf8mb4 */;\n"
	       "USE `app`;\n"
	       "CREATE TABLE `t` (`id` int NOT NULL, PRIMARY KEY (`id`));\n"
	       "LOCK TABLES `t` WRITE;\n"
	       "/*!40000 ALTER TABLE `t` DISABLE KEYS */;\n"
	       "INSERT INTO `t` VALUES (1),(2);\n"
	       "/*!40000 ALTER TABLE `t` ENABLE KEYS */;\n"
	       "UNLOCK TABLES;\n"
	       "REPLACE INTO t VALUES (3);\nUPDATE t SET id = 4;\n"
	       "DELETE FROM t;\nGRANT SELECT ON app.* TO u;\n"
	       "START TRANSACTION;\nCOMMIT;\nUSE app;\n",
	       "table t engine=InnoDB\n"
	       "  col id int(11) not_null\n"
	       "  con PRIMARY p (id)\n");
}

/* The BINARY attribute is the _bin collation of the column's character
 * set: the table's when it has one, else the database's, unknown offline
 * and kept as such (issue 12: bacula's `CHAR(1) BINARY` lost it). */
Test(mysql, binary_attribute_with_and_without_a_table_charset)
{
	expect("CREATE TABLE s (j char(1) BINARY NOT NULL, k text);\n"
	       "CREATE TABLE u (j char(1) BINARY) DEFAULT CHARSET=latin1;\n",
	       "table s engine=InnoDB\n"
	       "  col j char(1) not_null collation=_bin\n"
	       "  col k text\n"
	       "table u engine=InnoDB charset=latin1 "
	       "collation=latin1_swedish_ci\n"
	       "  col j char(1) charset=latin1 collation=latin1_bin\n");
	same("CREATE TABLE s (j char(1) BINARY NOT NULL);",
	     "CREATE TABLE `s` (`j` char(1) BINARY NOT NULL);");
}

/* Load sql for a target; the dump, malloc'd. */
static char *load_for(const char *sql, enum sd_mysql_flavor flavor,
		      long version)
{
	struct catalog *cat = catalog_new(SQL_MYSQL);
	struct strbuf out = STRBUF_INIT;
	struct sd_error err;

	memset(&err, 0, sizeof(err));
	cat->mysql_target.flavor = flavor;
	cat->mysql_target.version = version;
	cr_assert_eq(mysql_load_desired_text(cat, "d.sql", sql, &err), 0,
		     "load failed: %d:%d: %s", err.line, err.col, err.msg);
	mydump(cat, &out);
	catalog_free(cat);
	return strbuf_detach(&out, NULL);
}

/* Versioned comments run by the target's own rules (issue 12: a MySQL
 * 5.7 column was created for MariaDB, which skips it). MariaDB runs
 * slash-star-bang up to 50699 and 100000 up to its version, skips
 * 50700-99999, and runs slash-star-M-bang up to its version; MySQL runs
 * slash-star-bang up to its version and never slash-star-M-bang. */
Test(mysql, versioned_comments_follow_the_target)
{
	static const char sql[] =
		"CREATE TABLE t (a int,\n"
		"  /*!50705 g57 int,*/ /*!80023 g80 int,*/\n"
		"  /*!50699 old int,*/ /*!40101 older int,*/ /*! any int,*/\n"
		"  /*M!100100 m101 int,*/ /*M!110000 m11 int,*/\n"
		"  /*!100300 b103 int,*/ /*M!999999 sandbox int,*/\n"
		"  z int);";
	struct {
		enum sd_mysql_flavor flavor;
		long version;
		const char *cols;
	} cases[] = {
		{ SD_FLAVOR_MARIADB, 0,
		  "a old older any m101 b103 z" },
		{ SD_FLAVOR_MARIADB, 100200,
		  "a old older any m101 z" },
		{ SD_FLAVOR_MARIADB, 110400,
		  "a old older any m101 m11 b103 z" },
		{ SD_FLAVOR_MYSQL, 0,
		  "a g57 g80 old older any z" },
		{ SD_FLAVOR_MYSQL, 50720,
		  "a g57 old older any z" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got = load_for(sql, cases[i].flavor, cases[i].version);
		struct strbuf cols = STRBUF_INIT;
		for (const char *p = got; (p = strstr(p, "  col ")); p += 6) {
			if (cols.len)
				strbuf_addch(&cols, ' ');
			strbuf_add(&cols, p + 6, strcspn(p + 6, " "));
		}
		cr_assert_str_eq(cols.buf, cases[i].cols, "case %zu", i);
		strbuf_release(&cols);
		free(got);
	}
}

Test(mysql, two_spellings_compare_equal)
{
	same("CREATE TABLE users (\n"
	     "  id INT NOT NULL AUTO_INCREMENT,\n"
	     "  email VARCHAR(255) CHARACTER SET utf8 NOT NULL DEFAULT '',\n"
	     "  n NUMERIC(5) DEFAULT '3',\n"
	     "  ok BOOLEAN DEFAULT FALSE,\n"
	     "  ts TIMESTAMP DEFAULT NOW() ON UPDATE NOW(),\n"
	     "  PRIMARY KEY (id),\n"
	     "  UNIQUE (email),\n"
	     "  CHECK (n>0 AND n<100)\n"
	     ") ENGINE=INNODB CHARSET utf8mb4;\n"
	     "CREATE TABLE posts (id int PRIMARY KEY, uid int,\n"
	     "  FOREIGN KEY (uid) REFERENCES users(id));\n",
	     "create table `posts` (\n"
	     "  `id` int(11) not null,\n"
	     "  `uid` int(11) default null,\n"
	     "  primary key (`id`),\n"
	     "  key `uid` (`uid`),\n"
	     "  constraint `posts_ibfk_1` foreign key (`uid`) references "
	     "`users` (`id`) on delete restrict on update restrict\n"
	     ") engine=InnoDB;\n"
	     "create table `users` (\n"
	     "  `id` int(11) NOT NULL auto_increment,\n"
	     "  `email` varchar(255) CHARSET utf8mb3 COLLATE "
	     "utf8mb3_general_ci NOT NULL DEFAULT '',\n"
	     "  `n` decimal(5,0) DEFAULT 3,\n"
	     "  `ok` tinyint(1) DEFAULT 0,\n"
	     "  `ts` timestamp NULL DEFAULT current_timestamp() ON UPDATE "
	     "current_timestamp(),\n"
	     "  PRIMARY KEY (`id`),\n"
	     "  UNIQUE KEY `email` (`email`),\n"
	     "  CONSTRAINT `CONSTRAINT_1` CHECK (`n` > 0 and `n` < 100)\n"
	     ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
	     "COLLATE=utf8mb4_general_ci;\n");
}

Test(mysql, load_desired_from_folder)
{
	char dir[] = "/tmp/sd_mysql_XXXXXX";
	char path[256];
	struct catalog *cat = catalog_new(SQL_MYSQL);
	struct sd_error err;
	struct strbuf out = STRBUF_INIT;
	const char *paths[1];
	FILE *f;

	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/b.sql", dir);
	f = fopen(path, "w");
	fputs("CREATE TABLE b (id int, a_id int REFERENCES a (id));\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/a.sql", dir);
	f = fopen(path, "w");
	fputs("CREATE TABLE a (id int PRIMARY KEY);\n", f);
	fclose(f);
	paths[0] = dir;
	memset(&err, 0, sizeof(err));
	cr_assert_eq(mysql_load_desired(cat, paths, 1, &err), 0, "%s",
		     err.msg);
	mydump(cat, &out);
	cr_assert_str_eq(out.buf,
			 "table a engine=InnoDB\n"
			 "  col id int(11) not_null\n"
			 "  con PRIMARY p (id)\n"
			 "table b engine=InnoDB\n"
			 "  col id int(11)\n"
			 "  col a_id int(11)\n"
			 "  con b_ibfk_1 f (a_id) ref a(id) upd=r del=r\n"
			 "index b.a_id on b name=a_id btree (a_id)\n");
	strbuf_release(&out);
	catalog_free(cat);
	remove(path);
	snprintf(path, sizeof(path), "%s/b.sql", dir);
	remove(path);
	remove(dir);
}

/* What MariaDB 10.11 printed (SHOW CREATE TABLE) for a table created from
 * the first spelling: both give one catalog. */
Test(mysql, server_output_compares_equal)
{
	same("CREATE TABLE t (a int, b varchar(5), c int,\n"
	     "  d decimal(5,2) DEFAULT 1.5,\n"
	     "  e decimal(5,2) default '0.010000',\n"
	     "  f tinyint(1) default true, g datetime default now(),\n"
	     "  i varchar(36) default (uuid()), j bit(1) default b'0',\n"
	     "  l varchar(5) default 'x''y', m int default -1,\n"
	     "  n timestamp(3) NULL default current_timestamp(3) on update "
	     "current_timestamp(3),\n"
	     "  o int as (a+1) virtual, q int as ((a * 2)) persistent,\n"
	     "  r date default date '2024-01-01', doc json,\n"
	     "  s varchar(10) default (concat('a', b)), u int check (u > 0),\n"
	     "  CONSTRAINT k1 CHECK (`a` > 0 AND b IN ('x', \"y\")),\n"
	     "  CONSTRAINT k3 CHECK (CHAR_LENGTH(b) > 2 AND t.a <> -c),\n"
	     "  KEY (b(3))\n"
	     ") DEFAULT CHARSET=utf8mb4 PARTITION BY RANGE (a) "
	     "(PARTITION p0 VALUES LESS THAN (10), "
	     "PARTITION p1 VALUES LESS THAN MAXVALUE);",
	     "CREATE TABLE `t` (\n"
	     "  `a` int(11) DEFAULT NULL,\n"
	     "  `b` varchar(5) DEFAULT NULL,\n"
	     "  `c` int(11) DEFAULT NULL,\n"
	     "  `d` decimal(5,2) DEFAULT 1.50,\n"
	     "  `e` decimal(5,2) DEFAULT 0.01,\n"
	     "  `f` tinyint(1) DEFAULT 1,\n"
	     "  `g` datetime DEFAULT current_timestamp(),\n"
	     "  `i` varchar(36) DEFAULT uuid(),\n"
	     "  `j` bit(1) DEFAULT b'0',\n"
	     "  `l` varchar(5) DEFAULT 'x''y',\n"
	     "  `m` int(11) DEFAULT -1,\n"
	     "  `n` timestamp(3) NULL DEFAULT current_timestamp(3) ON UPDATE "
	     "current_timestamp(3),\n"
	     "  `o` int(11) GENERATED ALWAYS AS (`a` + 1) VIRTUAL,\n"
	     "  `q` int(11) GENERATED ALWAYS AS (`a` * 2) STORED,\n"
	     "  `r` date DEFAULT '2024-01-01',\n"
	     "  `doc` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin "
	     "DEFAULT NULL CHECK (json_valid(`doc`)),\n"
	     "  `s` varchar(10) DEFAULT concat('a',`b`),\n"
	     "  `u` int(11) DEFAULT NULL CHECK (`u` > 0),\n"
	     "  KEY `b` (`b`(3)),\n"
	     "  CONSTRAINT `k1` CHECK (`a` > 0 and `b` in ('x','y')),\n"
	     "  CONSTRAINT `k3` CHECK (char_length(`b`) > 2 and `a` <> -`c`)\n"
	     ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
	     "COLLATE=utf8mb4_general_ci\n"
	     " PARTITION BY RANGE (`a`)\n"
	     "(PARTITION `p0` VALUES LESS THAN (10) ENGINE = InnoDB,\n"
	     " PARTITION `p1` VALUES LESS THAN MAXVALUE ENGINE = InnoDB);");
}

/* Events in the form information_schema.EVENTS gives (docs/mysql.md):
 * datetimes in full, interval values of simple units as whole numbers,
 * compound ones quoted, every clause spelled out, DEFINER and IF NOT
 * EXISTS dropped, bodies (BEGIN ... END without DELIMITER too) as
 * written. */
Test(mysql, events_canonical)
{
	expect("CREATE DEFINER='root'@'%' EVENT IF NOT EXISTS `daily`\n"
	       "ON SCHEDULE EVERY 1 DAY\nCOMMENT 'it''s'\n"
	       "DO DELETE FROM t WHERE created_at < NOW() - INTERVAL 30 DAY;\n"
	       "create event e2 on schedule every '1 4' day_hour "
	       "starts '2030-01-01' ends '2031-01-01 10:00' "
	       "on completion preserve disable on slave do select 1;\n"
	       "CREATE EVENT e3 ON SCHEDULE AT '2035-01-01 00:00:00' "
	       "DISABLE DO BEGIN\n"
	       "  DELETE FROM t;\n  UPDATE u SET a = 1;\nEND;\n"
	       "CREATE EVENT e4 ON SCHEDULE EVERY '2' HOUR ENABLE "
	       "COMMENT '' DO SELECT 1;\n"
	       "CREATE EVENT e5 ON SCHEDULE EVERY 1.5 HOUR "
	       "STARTS CURRENT_TIMESTAMP + INTERVAL 1 DAY DO SELECT 1;\n",
	       "event daily comment=it's def=CREATE EVENT `daily` ON "
	       "SCHEDULE EVERY 1 DAY ON COMPLETION NOT PRESERVE ENABLE "
	       "COMMENT 'it''s' DO DELETE FROM t WHERE created_at < NOW() - "
	       "INTERVAL 30 DAY\n"
	       "event e2 def=CREATE EVENT `e2` ON SCHEDULE EVERY '1 4' "
	       "DAY_HOUR STARTS '2030-01-01 00:00:00' ENDS "
	       "'2031-01-01 10:00:00' ON COMPLETION PRESERVE DISABLE ON "
	       "SLAVE DO select 1\n"
	       "event e3 def=CREATE EVENT `e3` ON SCHEDULE AT "
	       "'2035-01-01 00:00:00' ON COMPLETION NOT PRESERVE DISABLE DO "
	       "BEGIN\n  DELETE FROM t;\n  UPDATE u SET a = 1;\nEND\n"
	       "event e4 def=CREATE EVENT `e4` ON SCHEDULE EVERY 2 HOUR ON "
	       "COMPLETION NOT PRESERVE ENABLE DO SELECT 1\n"
	       "event e5 def=CREATE EVENT `e5` ON SCHEDULE EVERY 2 HOUR "
	       "STARTS current_timestamp() + interval 1 day ON COMPLETION NOT "
	       "PRESERVE ENABLE DO SELECT 1\n");
}

/* The clauses in another order and the server's own spelling (SHOW
 * CREATE EVENT) give one event; an event is created after the tables
 * its body names whatever the order in the set. */
Test(mysql, events_two_spellings_compare_equal)
{
	same("CREATE EVENT e ON SCHEDULE EVERY 1 WEEK STARTS '2030-01-01' "
	     "DO DELETE FROM t;\nCREATE TABLE t (a int);",
	     "CREATE TABLE t (a int);\n"
	     "CREATE DEFINER=`root`@`localhost` EVENT `e` ON SCHEDULE "
	     "EVERY 1 WEEK STARTS '2030-01-01 00:00:00' ON COMPLETION NOT "
	     "PRESERVE ENABLE DO DELETE FROM t");
}

/* A desired set applies ALTER EVENT after every CREATE EVENT, wherever it
 * is written. */
Test(mysql, events_altered_in_a_desired_set)
{
	expect("ALTER DEFINER=`root`@`%` EVENT e DISABLE COMMENT 'off';\n"
	       "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1;\n",
	       "event e comment=off def=CREATE EVENT `e` ON SCHEDULE EVERY 1 "
	       "DAY ON COMPLETION NOT PRESERVE DISABLE COMMENT 'off' DO "
	       "SELECT 1\n");
}

/* Issue #20: names over 64 characters (the server's limit for tables,
 * columns, indexes, constraints, views, routines ...) are refused offline
 * at their position; 64 are fine, and the limit counts characters, not
 * bytes. */
Test(mysql, names_over_64_characters)
{
	static const char *forms[] = {
		"CREATE TABLE %s (id int);\n",
		"CREATE TABLE t (id int, %s int);\n",
		"CREATE TABLE t (id int, KEY %s (id));\n",
		"CREATE TABLE t (id int, CONSTRAINT %s CHECK (id > 0));\n",
		"CREATE TABLE t (id int);\nCREATE VIEW %s AS SELECT id FROM t;\n",
		"CREATE TABLE t (id int);\nCREATE INDEX %s ON t (id);\n",
	};
	char n64[64 * 2 + 1], n65[66], sql[512];
	struct sd_error err = { 0 };

	for (size_t i = 0; i < 64; i++)
		memcpy(n64 + 2 * i, "é", 2);
	n64[128] = '\0';
	memset(n65, 'x', 65);
	n65[65] = '\0';
	for (size_t f = 0; f < sizeof(forms) / sizeof(*forms); f++) {
		struct catalog *cat = catalog_new(SQL_MYSQL);

		snprintf(sql, sizeof(sql), forms[f], n64);
		cr_assert_eq(mysql_load_desired_text(cat, "ok.sql", sql, &err), 0,
			     "form %zu: %s", f, err.msg);
		catalog_free(cat);
		cat = catalog_new(SQL_MYSQL);
		snprintf(sql, sizeof(sql), forms[f], n65);
		cr_assert_eq(mysql_load_desired_text(cat, "long.sql", sql, &err),
			     SD_ERR_SYNTAX, "form %zu", f);
		cr_assert_str_eq(err.file, "long.sql");
		cr_assert_eq(err.line, (int)(strchr(forms[f], '\n') < strstr(forms[f], "%s") ? 2 : 1));
		cr_assert_eq(err.col, (int)(strstr(forms[f], "%s") - forms[f]) + 1 -
			     (strchr(forms[f], '\n') < strstr(forms[f], "%s")
				      ? (int)(strchr(forms[f], '\n') - forms[f]) + 1 : 0),
			     "form %zu: col %d", f, err.col);
		cr_assert(strstr(err.msg, "65 characters long"), "%s", err.msg);
		catalog_free(cat);
	}
}

/* Found by tests/fuzz/fuzz_diff: adjacent string literals in a DEFAULT
 * ('a' 'b', which the server reads as 'ab') looped for ever. */
Test(mysql, default_of_adjacent_strings, .timeout = 20)
{
	char *got = load("CREATE TABLE t (v varchar(9) DEFAULT 'a' 'b' 'c', n int DEFAULT '1' '2');\n");

	cr_assert(strstr(got, "default='abc'"), "%s", got);
	cr_assert(strstr(got, "default=12"), "%s", got);
	free(got);
}

/* The database's default character set and collation (issue 12): from
 * CREATE DATABASE in a dump and ALTER DATABASE (inspect writes one), the
 * collation filled in from the set and the other way round; NULL when
 * nothing says, and for CREATE DATABASE IF NOT EXISTS (the server does not
 * apply its options to a database that exists: the target's default is
 * left as it is). */
static void expect_db_charset(const char *sql, const char *cs,
			      const char *coll)
{
	struct catalog *cat = catalog_new(SQL_MYSQL);
	struct sd_error err;

	memset(&err, 0, sizeof(err));
	cr_assert_eq(mysql_load_desired_text(cat, "d.sql", sql, &err), 0,
		     "load failed: %d:%d: %s", err.line, err.col, err.msg);
	if (cs)
		cr_expect_str_eq(cat->mysql_db_charset, cs, "%s", sql);
	else
		cr_expect_null(cat->mysql_db_charset, "%s", sql);
	if (coll)
		cr_expect_str_eq(cat->mysql_db_collation, coll, "%s", sql);
	else
		cr_expect_null(cat->mysql_db_collation, "%s", sql);
	catalog_free(cat);
}

Test(mysql, database_default_charset)
{
	expect_db_charset("CREATE DATABASE `app` "
			  "/*!40100 DEFAULT CHARACTER SET utf8mb4 */;\n"
			  "USE `app`;\nCREATE TABLE t (a int);\n",
			  "utf8mb4", "utf8mb4_general_ci");
	expect_db_charset("CREATE DATABASE /*!32312 IF NOT EXISTS*/ `app` "
			  "/*!40100 DEFAULT CHARACTER SET utf8mb4 */;\n"
			  "USE `app`;\nCREATE TABLE t (a int);\n",
			  NULL, NULL);
	expect_db_charset("CREATE DATABASE IF NOT EXISTS phpmyadmin\n"
			  "  DEFAULT CHARACTER SET utf8 COLLATE utf8_bin;\n"
			  "ALTER DATABASE COLLATE latin1_bin;\n",
			  "latin1", "latin1_bin");
	expect_db_charset("CREATE SCHEMA app CHARSET=utf8 "
			  "COLLATE utf8_unicode_ci COMMENT 'x';\n",
			  "utf8mb3", "utf8mb3_unicode_ci");
	expect_db_charset("ALTER DATABASE COLLATE = latin2_bin;\n",
			  "latin2", "latin2_bin");
	expect_db_charset("ALTER DATABASE app DEFAULT CHARACTER SET = ascii;\n",
			  "ascii", "ascii_general_ci");
	expect_db_charset("ALTER DATABASE CHARACTER SET utf8mb4 "
			  "COLLATE utf8mb4_unicode_ci;\n",
			  "utf8mb4", "utf8mb4_unicode_ci");
	expect_db_charset("CREATE DATABASE app;\nUSE app;\n", NULL, NULL);
	expect_db_charset("CREATE TABLE t (a int);\n", NULL, NULL);
}

/* A dump's SET sql_mode before a routine, trigger or event is the mode it
 * is created with (issue 12), in one spelling (upper case, sorted); the
 * dump's restore from @saved_sql_mode, and a file that does not set it,
 * say nothing (NULL). */
Test(mysql, sql_mode_of_routines_triggers_and_events)
{
	static const char sql[] =
		"CREATE TABLE t (a int);\n"
		"/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;\n"
		"/*!50003 SET sql_mode              = "
		"'STRICT_TRANS_TABLES,no_engine_substitution' */ ;\n"
		"DELIMITER ;;\n"
		"CREATE PROCEDURE p() BEGIN SELECT 1; END ;;\n"
		"DELIMITER ;\n"
		"/*!50003 SET sql_mode              = @saved_sql_mode */ ;\n"
		"CREATE FUNCTION f() RETURNS int RETURN 1;\n"
		"SET SESSION sql_mode = 'ANSI_QUOTES , ONLY_FULL_GROUP_BY';\n"
		"CREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1;\n"
		"SET @@session.sql_mode := '';\n"
		"CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1;\n"
		"SET NAMES utf8mb4;\n"
		"CREATE EVENT e2 ON SCHEDULE EVERY 1 DAY DO SELECT 2;\n"
		"SET sql_mode = DEFAULT;\n"
		"CREATE PROCEDURE q() SELECT 2;\n";
	struct catalog *cat = catalog_new(SQL_MYSQL);
	struct sd_error err;
	const struct sd_function *f;
	const struct sd_trigger *tg;
	const struct sd_event *e;

	memset(&err, 0, sizeof(err));
	cr_assert_eq(mysql_load_desired_text(cat, "d.sql", sql, &err), 0,
		     "load failed: %d:%d: %s", err.line, err.col, err.msg);
	f = catalog_find(cat, SD_FUNCTION, NULL, "p");
	cr_assert(f);
	cr_expect_str_eq(f->sql_mode,
			 "NO_ENGINE_SUBSTITUTION,STRICT_TRANS_TABLES");
	f = catalog_find(cat, SD_FUNCTION, NULL, "f");
	cr_assert(f);
	cr_expect_null(f->sql_mode);
	tg = catalog_find(cat, SD_TRIGGER, NULL, "t.tg");
	cr_assert(tg);
	cr_expect_str_eq(tg->sql_mode, "ANSI_QUOTES,ONLY_FULL_GROUP_BY");
	e = catalog_find(cat, SD_EVENT, NULL, "e");
	cr_assert(e);
	cr_expect_str_eq(e->sql_mode, "");
	e = catalog_find(cat, SD_EVENT, NULL, "e2");
	cr_assert(e);
	cr_expect_str_eq(e->sql_mode, "", "SET NAMES keeps the mode");
	f = catalog_find(cat, SD_FUNCTION, NULL, "q");
	cr_assert(f);
	cr_expect_null(f->sql_mode);
	catalog_free(cat);
}

/* A combination mode agrees with the modes the server sets for it, as
 * SQL_MODE lists them (MariaDB 10.11, MySQL 8), and is kept as written;
 * a SET of several variables is read whole (sakila: SET
 * @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='TRADITIONAL'). */
Test(mysql, sql_mode_combinations_agree_with_their_modes)
{
	static const char sql[] =
		"SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='traditional';\n"
		"CREATE PROCEDURE p() SELECT 1;\n"
		"SET sql_mode = 'ANSI,STRICT_TRANS_TABLES';\n"
		"CREATE PROCEDURE q() SELECT 1;\n";
	struct catalog *cat = catalog_new(SQL_MYSQL);
	struct sd_error err;
	const struct sd_function *f;

	memset(&err, 0, sizeof(err));
	cr_assert_eq(mysql_load_desired_text(cat, "d.sql", sql, &err), 0,
		     "load failed: %d:%d: %s", err.line, err.col, err.msg);
	f = catalog_find(cat, SD_FUNCTION, NULL, "p");
	cr_assert(f);
	cr_expect_str_eq(f->sql_mode, "TRADITIONAL");
	/* MariaDB 10.11 reads it back as */
	cr_expect(sd_mysql_sql_mode_same(f->sql_mode, sd_mysql_sql_mode(cat,
		"STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,"
		"NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,TRADITIONAL,"
		"NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION")));
	/* MySQL 8 as */
	cr_expect(sd_mysql_sql_mode_same(f->sql_mode, sd_mysql_sql_mode(cat,
		"STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,"
		"NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,TRADITIONAL,"
		"NO_ENGINE_SUBSTITUTION")));
	cr_expect(!sd_mysql_sql_mode_same(f->sql_mode, "STRICT_TRANS_TABLES"));
	f = catalog_find(cat, SD_FUNCTION, NULL, "q");
	cr_assert(f);
	cr_expect(sd_mysql_sql_mode_same(f->sql_mode,
		"ANSI,ANSI_QUOTES,IGNORE_SPACE,PIPES_AS_CONCAT,REAL_AS_FLOAT,"
		"STRICT_TRANS_TABLES"));
	cr_expect(!sd_mysql_sql_mode_same(f->sql_mode, "ANSI"));
	catalog_free(cat);
}

/* The client character set and connection collation of a routine,
 * trigger or event (issue 12): from the dump's SET character_set_client /
 * collation_connection before it, or SET NAMES (the set's default
 * collation unless COLLATE says), lower case, utf8 as utf8mb3; a restore
 * from @saved_..., DEFAULT, or a file that does not set them: NULL. A SET
 * of several variables is read whole. */
Test(mysql, client_charset_of_routines_triggers_and_events)
{
	static const char sql[] =
		"CREATE TABLE t (a int);\n"
		"CREATE PROCEDURE p0() SELECT 0;\n"
		"/*!50003 SET @saved_cs_client      = @@character_set_client */ ;\n"
		"/*!50003 SET character_set_client  = latin1 */ ;\n"
		"/*!50003 SET character_set_results = latin1 */ ;\n"
		"/*!50003 SET collation_connection  = LATIN1_Swedish_CI */ ;\n"
		"DELIMITER ;;\n"
		"CREATE PROCEDURE p() BEGIN SELECT 1; END ;;\n"
		"DELIMITER ;\n"
		"/*!50003 SET character_set_client  = @saved_cs_client */ ;\n"
		"CREATE FUNCTION f() RETURNS int RETURN 1;\n"
		"SET NAMES utf8;\n"
		"CREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1;\n"
		"SET NAMES 'utf8mb4' COLLATE utf8mb4_unicode_ci;\n"
		"CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1;\n"
		"SET @x = 1, SESSION character_set_client = `ascii`,"
		" @@session.collation_connection := DEFAULT;\n"
		"CREATE PROCEDURE q() SELECT 2;\n";
	struct catalog *cat = catalog_new(SQL_MYSQL);
	struct sd_error err;
	const struct sd_function *f;
	const struct sd_trigger *tg;
	const struct sd_event *e;

	memset(&err, 0, sizeof(err));
	cr_assert_eq(mysql_load_desired_text(cat, "d.sql", sql, &err), 0,
		     "load failed: %d:%d: %s", err.line, err.col, err.msg);
	f = catalog_find(cat, SD_FUNCTION, NULL, "p0");
	cr_assert(f);
	cr_expect_null(f->cs_client);
	cr_expect_null(f->coll_connection);
	f = catalog_find(cat, SD_FUNCTION, NULL, "p");
	cr_assert(f);
	cr_expect_str_eq(f->cs_client, "latin1");
	cr_expect_str_eq(f->coll_connection, "latin1_swedish_ci");
	f = catalog_find(cat, SD_FUNCTION, NULL, "f");
	cr_assert(f);
	cr_expect_null(f->cs_client);
	cr_expect_str_eq(f->coll_connection, "latin1_swedish_ci");
	tg = catalog_find(cat, SD_TRIGGER, NULL, "t.tg");
	cr_assert(tg);
	cr_expect_str_eq(tg->cs_client, "utf8mb3");
	cr_expect_str_eq(tg->coll_connection, "utf8mb3_general_ci");
	e = catalog_find(cat, SD_EVENT, NULL, "e");
	cr_assert(e);
	cr_expect_str_eq(e->cs_client, "utf8mb4");
	cr_expect_str_eq(e->coll_connection, "utf8mb4_unicode_ci");
	f = catalog_find(cat, SD_FUNCTION, NULL, "q");
	cr_assert(f);
	cr_expect_str_eq(f->cs_client, "ascii");
	cr_expect_null(f->coll_connection);
	catalog_free(cat);
}
