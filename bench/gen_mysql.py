#!/usr/bin/env python3
"""Generate a varied MariaDB schema of N tables, deterministically.

  gen_mysql.py N OUT.sql [--changed] [--seed S]

Tables have 8-20 columns of every MariaDB column type (integers signed,
unsigned and ZEROFILL, BIT, DECIMAL, FLOAT, DOUBLE, the string, binary, TEXT
and BLOB families, ENUM, SET, the times with fractional seconds, YEAR, JSON,
UUID, INET4, INET6, spatial types) with defaults in every form people write
(constants, NULL, negative numbers, hex and bit literals, CURRENT_TIMESTAMP
with ON UPDATE, expression defaults such as (uuid()), (curdate()) or
(1 + 2)), NOT NULL, character sets and collations per column, INVISIBLE
columns, generated columns VIRTUAL and STORED, comments; an AUTO_INCREMENT
primary key; indexes of every kind (plain, unique, prefix, multi-column,
descending, IGNORED, FULLTEXT, SPATIAL, USING BTREE/HASH, with comments);
CHECK constraints on columns and tables; foreign keys to earlier tables with
every referential action; table options (ROW_FORMAT, KEY_BLOCK_SIZE,
AUTO_INCREMENT, STATS_PERSISTENT, per-table charset and collation, comments);
tables partitioned by RANGE, RANGE COLUMNS, LIST, HASH and KEY; triggers with
compound bodies, views over tables and views over views (with column lists,
ALGORITHM, SQL SECURITY, CHECK OPTION), functions and procedures with
characteristics, and events.

With --changed, about 5% of the objects are altered, added or dropped (the
same seed gives the same base, so base and changed variant pair up). --seed
picks another schema of the same kinds (an unseen generator for the bench).
The file loads with the mariadb client (it sets its own DELIMITER).
"""
import argparse
import random

# (type, [default forms]); None: no default. A default of "NULL" is only
# used on a nullable column.
TYPES = [
    ("tinyint", ["0", "-1", "NULL"]), ("tinyint(1)", ["1", "0"]),
    ("smallint", ["0", "-32768"]), ("mediumint unsigned", ["0", "16777215"]),
    ("int", ["0", "42", "(1 + 2)", "NULL"]), ("int unsigned", ["0"]),
    ("int(8) unsigned zerofill", ["7"]), ("bigint", ["0", "-1", "(floor(rand() * 100))"]),
    ("bigint unsigned", [None]), ("bit(1)", ["b'0'", "b'1'"]), ("bit(8)", ["b'1010'", "0"]),
    ("boolean", ["true", "false"]),
    ("decimal(12,2)", ["0.00", "-1.5", "'3.14'"]), ("decimal(5,0) unsigned", ["0"]),
    ("numeric(20,6)", [None]), ("float", ["0", "1.5"]), ("double", ["0", "-2.5e3"]),
    ("float(7,3)", [None]), ("double precision", [None]), ("real", ["1"]),
    ("char(36)", ["(uuid())", "''"]), ("char(2)", ["'US'"]), ("varchar(64)", ["'n/a'", "''", "'it''s'"]),
    ("varchar(255)", [None, "NULL"]), ("varchar(32)", ["(concat('a', 'b'))"]),
    ("binary(16)", [None, "0x00112233445566778899AABBCCDDEEFF"]), ("varbinary(255)", ["''", "x'DEADBEEF'"]),
    ("tinytext", [None]), ("text", [None, "'x'", "('')"]), ("mediumtext", [None]), ("longtext", [None]),
    ("tinyblob", [None]), ("blob", [None]), ("mediumblob", [None]), ("longblob", [None]),
    ("enum('new','active','closed')", ["'new'", "'closed'"]), ("enum('a','b')", [None]),
    ("set('r','w','x')", ["'r,w'", "''"]),
    ("date", [None, "'2020-01-01'", "(curdate())"]),
    ("time", ["'00:00:00'", None]), ("time(3)", [None]),
    ("datetime", ["CURRENT_TIMESTAMP", "'2000-01-01 00:00:00'", None, "NOW()"]),
    ("datetime(6)", ["CURRENT_TIMESTAMP(6)", None]),
    ("timestamp", ["CURRENT_TIMESTAMP", "'2001-01-01 00:00:01'", "NULL"]),
    ("timestamp(3)", ["CURRENT_TIMESTAMP(3)"]),
    ("year", ["2024", None]), ("json", [None, "'{}'", "('[]')"]),
    ("uuid", [None, "(uuid())"]), ("inet6", [None, "'::1'"]), ("inet4", [None, "'127.0.0.1'"]),
    ("geometry", [None]), ("point", [None]), ("linestring", [None]), ("polygon", [None]),
    ("multipoint", [None]),
]
STRING_TYPES = ("char(36)", "char(2)", "varchar(64)", "varchar(255)", "varchar(32)", "tinytext", "text",
                "mediumtext", "longtext")
TEXTISH = ("tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob", "longblob")
SPATIAL = ("geometry", "point", "linestring", "polygon", "multipoint")
CHARSETS = [("utf8mb4", "utf8mb4_unicode_ci"), ("utf8mb4", "utf8mb4_bin"), ("latin1", "latin1_swedish_ci"),
            ("latin1", None), ("ascii", "ascii_bin"), ("utf8mb3", "utf8mb3_general_ci"), (None, "utf8mb4_general_ci")]
ACTIONS = ["CASCADE", "SET NULL", "RESTRICT", "NO ACTION"]
ROW_FORMATS = ["DYNAMIC", "COMPACT", "REDUNDANT", "COMPRESSED"]


def column(rnd, t, c, alter):
    """One column: (definition, name, type, not_null)."""
    ty, defaults = TYPES[rnd.randrange(len(TYPES))]
    default = defaults[rnd.randrange(len(defaults))]
    not_null = rnd.random() < 0.4
    cs = CHARSETS[rnd.randrange(len(CHARSETS))] if rnd.random() < 0.2 else None
    comment = rnd.random() < 0.1
    invisible = rnd.random() < 0.03
    on_update = rnd.random() < 0.5
    say_null = rnd.random() < 0.2
    with_default = rnd.random() < 0.7
    if alter and c == 1:
        ty = "varchar(100)" if ty != "varchar(100)" else "text"
        default = None
        cs = None
    if ty in SPATIAL:
        not_null = True
    if default == "NULL" and not_null:
        default = None
    line = f"  `c{c}` {ty}"
    if cs and ty in STRING_TYPES:
        if cs[0]:
            line += f" CHARACTER SET {cs[0]}"
        if cs[1]:
            line += f" COLLATE {cs[1]}"
    if not_null:
        line += " NOT NULL"
    elif say_null:
        line += " NULL"
    if default is not None and with_default:
        line += f" DEFAULT {default}"
        if ty.startswith(("datetime", "timestamp")) and "CURRENT" in default and on_update:
            prec = ty[ty.index("("):] if "(" in ty else ""
            line += f" ON UPDATE CURRENT_TIMESTAMP{prec}"
    if invisible and not not_null:
        line += " INVISIBLE"
    if comment:
        line += f" COMMENT 'column {c} of t{t}'"
    return line, f"c{c}", ty, not_null


def table(rnd, t, alter, kept, partitioned):
    """CREATE TABLE text for table t (and the names of its columns by type)."""
    name = f"t{t}"
    ncols = 8 + rnd.randrange(13)
    cols = ["  `id` bigint unsigned NOT NULL AUTO_INCREMENT" if not partitioned
            else "  `id` bigint unsigned NOT NULL"]
    keys = []
    colinfo = []
    for c in range(1, ncols):
        line, cname, ty, nn = column(rnd, t, c, alter)
        if partitioned and (ty in SPATIAL or ty in ("geometry",)):
            line, ty = f"  `{cname}` int DEFAULT NULL", "int"
        cols.append(line)
        colinfo.append((cname, ty, nn))
    # generated columns
    nums = [c for c, ty, _ in colinfo if ty.startswith(("int", "bigint", "smallint", "decimal", "double"))]
    strs = [c for c, ty, _ in colinfo if ty.startswith("varchar")]
    # every draw is made whatever the columns, so that an altered column
    # does not shift the rest of the table's random stream
    g_num, g_num_stored, g_str, g_str_stored = (rnd.random() for _ in range(4))
    if nums and g_num < 0.3:
        kind = "STORED" if g_num_stored < 0.5 else "VIRTUAL"
        cols.append(f"  `g_num` bigint GENERATED ALWAYS AS (`{nums[0]}` * 2 + 1) {kind}")
    if strs and g_str < 0.2:
        kind = "PERSISTENT" if g_str_stored < 0.3 else "VIRTUAL"
        cols.append(f"  `g_str` varchar(80) AS (concat(`{strs[0]}`, '-x')) {kind}")
    if alter:
        cols.append("  `added` int NOT NULL DEFAULT 1")
    if partitioned:
        cols.append("  `at` date NOT NULL DEFAULT '2024-01-01'")
        cols.append("  `region` int NOT NULL DEFAULT 0")
    # a parent key: foreign key to an earlier table (not on partitioned tables)
    fk = None
    want_fk = rnd.random() < 0.4
    ref = rnd.randrange(t) if t > 0 else 0
    act = ACTIONS[rnd.randrange(len(ACTIONS))]
    upd = ACTIONS[rnd.randrange(len(ACTIONS))]
    on_upd = f" ON UPDATE {upd}" if rnd.random() < 0.5 else ""
    if t > 0 and not partitioned and want_fk:
        if ref in kept and not is_partitioned(ref):
            fk = ref
            cols.append("  `ref_id` bigint unsigned DEFAULT NULL")
            keys.append(f"  KEY `{name}_ref` (`ref_id`)")
            keys.append(f"  CONSTRAINT `{name}_fk` FOREIGN KEY (`ref_id`) REFERENCES `t{ref}` (`id`) "
                        f"ON DELETE {act}{on_upd}")
    if partitioned:
        keys.insert(0, f"  PRIMARY KEY (`id`,`{'at' if partitioned in ('range', 'rangecols') else 'region'}`)")
    else:
        keys.insert(0, "  PRIMARY KEY (`id`)")
    nidx = 1 + rnd.randrange(4)
    for i in range(nidx):
        cname, ty, nn = colinfo[rnd.randrange(len(colinfo))]
        kind = rnd.randrange(10)
        iname = f"{name}_i{i}"
        if ty in ("json",) or ty.startswith("bit"):
            continue
        if ty in SPATIAL:
            if not partitioned:
                keys.append(f"  SPATIAL KEY `{iname}` (`{cname}`)")
            continue
        if ty in TEXTISH or ty in ("varchar(255)",):
            if kind < 3 and ty in ("text", "mediumtext", "longtext", "tinytext", "varchar(255)") and not partitioned:
                keys.append(f"  FULLTEXT KEY `{iname}` (`{cname}`)")
            else:
                keys.append(f"  KEY `{iname}` (`{cname}`({10 + 5 * kind}))")
            continue
        if kind == 0:
            keys.append(f"  KEY `{iname}` (`{cname}` DESC)")
        elif kind == 1:
            keys.append(f"  KEY `{iname}` (`{cname}`,`id`) COMMENT 'index {i}'")
        elif kind == 2 and not partitioned:
            keys.append(f"  UNIQUE KEY `{iname}` (`{cname}`)")
        elif kind == 3:
            keys.append(f"  KEY `{iname}` (`{cname}`) IGNORED")
        elif kind == 4:
            keys.append(f"  KEY `{iname}` (`{cname}`) USING BTREE")
        elif kind == 5 and ty in ("varchar(64)", "varchar(32)", "char(36)"):
            keys.append(f"  KEY `{iname}` (`{cname}`(8))")
        else:
            keys.append(f"  INDEX `{iname}` (`{cname}`)")
    chk, chk2 = rnd.random(), rnd.random()
    if chk < 0.3 and nums:
        keys.append(f"  CONSTRAINT `{name}_chk` CHECK (`{nums[0]}` >= -1000000000)")
    if nums and chk2 < 0.2:
        keys.append(f"  CHECK (`{nums[-1]}` IS NULL OR `{nums[-1]}` > -1000000)")
    opts = [" ENGINE=InnoDB"]
    r = rnd.random()
    if r < 0.7:
        opts.append(" DEFAULT CHARSET=utf8mb4")
    elif r < 0.8:
        opts.append(" DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin")
    elif r < 0.9:
        opts.append(" DEFAULT CHARSET=latin1")
    else:
        opts.append(" CHARACTER SET utf8mb3 COLLATE utf8mb3_unicode_ci")
    with_rf, rf, kbs, ai, sp, cmt = (rnd.random(), ROW_FORMATS[rnd.randrange(len(ROW_FORMATS))],
                                     rnd.random(), rnd.random(), rnd.random(), rnd.random())
    # COMPACT and REDUNDANT keep 768 bytes of each long column in the row
    # (at most 8123 bytes): only for tables with few of them
    wide = sum(1 for _, ty, _ in colinfo if ty in TEXTISH or ty in SPATIAL or
               ty in ("json", "varchar(255)", "varbinary(255)", "longtext"))
    if rf in ("COMPACT", "REDUNDANT") and wide > 3:
        rf = "DYNAMIC"
    if with_rf < 0.3:
        opts.append(f" ROW_FORMAT={rf}")
        if rf == "COMPRESSED" and kbs < 0.5:
            opts.append(" KEY_BLOCK_SIZE=8")
    if not partitioned and ai < 0.1:
        opts.append(f" AUTO_INCREMENT={1000 + t}")
    if sp < 0.05:
        opts.append(" STATS_PERSISTENT=1")
    if cmt < 0.2 or (alter and cmt < 0.5):
        opts.append(f" COMMENT='table {t}{' (changed)' if alter else ''}'")
    text = f"CREATE TABLE `{name}` (\n" + ",\n".join(cols + keys) + "\n)" + "".join(opts)
    if partitioned:
        text += "\n" + partition_clause(t, partitioned, alter)
    return text + ";\n\n", colinfo


def is_partitioned(t):
    return t % 50 == 25


def partition_kind(t):
    return ["range", "rangecols", "list", "hash", "key"][(t // 50) % 5]


def partition_clause(t, kind, alter):
    if kind == "range":
        years = [2023, 2024, 2025] + ([2026] if alter else [])
        parts = ",\n ".join(f"PARTITION p{y} VALUES LESS THAN ({y + 1})" for y in years)
        return f"PARTITION BY RANGE (year(`at`))\n({parts},\n PARTITION pmax VALUES LESS THAN MAXVALUE)"
    if kind == "rangecols":
        parts = ",\n ".join(f"PARTITION p{y} VALUES LESS THAN ('{y + 1}-01-01')" for y in (2024, 2025))
        return f"PARTITION BY RANGE COLUMNS(`at`)\n({parts})"
    if kind == "list":
        return ("PARTITION BY LIST (`region`)\n(PARTITION p_eu VALUES IN (1,2,3),\n"
                " PARTITION p_us VALUES IN (4,5),\n PARTITION p_other VALUES IN (0" + (",6" if alter else "") + "))")
    if kind == "hash":
        return f"PARTITION BY HASH (`region`)\nPARTITIONS {4 + (2 if alter else 0)}"
    return "PARTITION BY KEY (`id`)\nPARTITIONS 3"


def gen(n, changed, out, seed):
    chg = random.Random(7 + seed * 1000003)
    w = out.write
    kept = set()
    colinfos = {}
    for t in range(n):
        alter = changed and chg.random() < 0.05
        drop = changed and not alter and chg.random() < 0.01
        if drop:
            continue
        kept.add(t)
        rnd = random.Random(t + seed * 1000003)
        part = partition_kind(t) if is_partitioned(t) else None
        text, colinfos[t] = table(rnd, t, alter, kept, part)
        w(text)
    if changed:
        for k in range(max(1, n // 100)):
            w(f"CREATE TABLE `new{k}` (\n  `id` int NOT NULL AUTO_INCREMENT,\n"
              f"  `v` varchar(32) DEFAULT NULL,\n  `at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),\n"
              f"  PRIMARY KEY (`id`),\n  KEY `new{k}_v` (`v`)\n) ENGINE=InnoDB;\n\n")

    # views over tables and views over views (by the table's number, so that
    # a dropped table drops its views instead of shifting every later one)
    vrnd = random.Random(11 + seed)
    nviews = max(1, n // 10)
    views = []
    for v in range(nviews):
        t = (v * 7) % n
        kind = vrnd.randrange(6)
        edit = changed and chg.random() < 0.05
        if t not in kept:
            continue
        where = " WHERE `id` > 10" if edit else ""
        if kind == 0:
            w(f"CREATE VIEW `v{v}` AS SELECT `id`, `c1` FROM `t{t}`{where};\n")
        elif kind == 1:
            w(f"CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `v{v}` (`vid`, `first`) AS "
              f"SELECT `id`, `c1` FROM `t{t}` WHERE `id` > 0{' AND `id` < 1000' if edit else ''} WITH CASCADED CHECK OPTION;\n")
        elif kind == 2:
            u = (t + 1) % n
            if u not in kept:
                continue
            w(f"CREATE VIEW `v{v}` AS SELECT a.`id` AS `a_id`, b.`id` AS `b_id` FROM `t{t}` a "
              f"LEFT JOIN `t{u}` b ON b.`id` = a.`id`{where.replace('`id`', 'a.`id`')};\n")
        elif kind == 3:
            w(f"CREATE ALGORITHM=TEMPTABLE VIEW `v{v}` AS SELECT count(*) AS `n`, max(`id`) AS `top` "
              f"FROM `t{t}`{where};\n")
        else:
            w(f"CREATE VIEW `v{v}` AS SELECT `id`, `id` * 2 AS `twice`, "
              f"CASE WHEN `id` > 100 THEN 'big' ELSE 'small' END AS `size` FROM `t{t}`{where};\n")
        views.append((v, kind))
    # views over views (one and two levels)
    for i, (v, kind) in enumerate(views):
        if i % 3:
            continue
        col = {0: "id", 1: "vid", 2: "a_id", 3: "n", 4: "id", 5: "id"}[kind]
        w(f"CREATE VIEW `vv{v}` AS SELECT `{col}` FROM `v{v}` WHERE `{col}` IS NOT NULL;\n")
        if i % 9 == 0:
            w(f"CREATE VIEW `vvv{v}` AS SELECT count(*) AS `n` FROM `vv{v}`;\n")

    w("\nDELIMITER //\n")
    frnd = random.Random(13 + seed)
    for f in range(max(1, n // 50)):
        edit = changed and chg.random() < 0.05
        body = "x + 1" if not edit else "x + 2"
        kind = frnd.randrange(4)
        if kind == 0:
            w(f"CREATE FUNCTION `f{f}`(x int) RETURNS int DETERMINISTIC RETURN {body}//\n")
        elif kind == 1:
            w(f"CREATE FUNCTION `f{f}`(s varchar(64), x int) RETURNS varchar(200) CHARSET utf8mb4\n"
              f"    NO SQL DETERMINISTIC COMMENT 'function {f}'\nBEGIN\n"
              f"  DECLARE r varchar(200) DEFAULT '';\n  SET r = concat(s, ':', {body});\n  RETURN r;\nEND//\n")
        elif kind == 2:
            t = (f * 17) % n
            if t not in kept:
                continue
            w(f"CREATE FUNCTION `f{f}`(x bigint) RETURNS bigint READS SQL DATA\nBEGIN\n"
              f"  DECLARE c bigint;\n  SELECT count(*) INTO c FROM `t{t}` WHERE `id` > x;\n"
              f"  RETURN c{' + 1' if edit else ''};\nEND//\n")
        else:
            w(f"CREATE PROCEDURE `p{f}`(IN x int, OUT y int, INOUT z varchar(20))\n"
              f"    MODIFIES SQL DATA SQL SECURITY INVOKER\nBEGIN\n  SET y = {body};\n"
              f"  IF y > 10 THEN\n    SET z = concat(z, '!');\n  END IF;\nEND//\n")
    trnd = random.Random(17 + seed)
    for g in range(max(1, n // 20)):
        t = (g * 13) % n
        if t not in kept:
            continue
        edit = changed and chg.random() < 0.05
        kind = trnd.randrange(3)
        if kind == 0:
            w(f"CREATE TRIGGER `tg{g}` BEFORE INSERT ON `t{t}` FOR EACH ROW SET NEW.`id` = NEW.`id`//\n")
        elif kind == 1:
            w(f"CREATE TRIGGER `tg{g}` BEFORE UPDATE ON `t{t}` FOR EACH ROW\nBEGIN\n"
              f"  IF NEW.`id` <> OLD.`id` THEN\n    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'id is fixed';\n"
              f"  END IF;\n{'  SET NEW.`id` = OLD.`id`;' if edit else ''}\nEND//\n")
        else:
            w(f"CREATE TRIGGER `tg{g}` AFTER DELETE ON `t{t}` FOR EACH ROW\nBEGIN\n"
              f"  SET @deleted = coalesce(@deleted, 0) + {2 if edit else 1};\nEND//\n")
    w("DELIMITER ;\n\n")
    for e in range(max(1, n // 200)):
        t = (e * 29) % n
        if t not in kept:
            continue
        edit = changed and chg.random() < 0.1
        every = "2 HOUR" if edit else "1 DAY"
        state = "DISABLE" if e % 2 else "ENABLE"
        w(f"CREATE EVENT `ev{e}` ON SCHEDULE EVERY {every} STARTS '2030-01-01 00:00:00' "
          f"ON COMPLETION PRESERVE {state} COMMENT 'event {e}' DO DELETE FROM `t{t}` WHERE `id` < 0;\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--changed", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    with open(a.out, "w") as out:
        gen(a.n, a.changed, out, a.seed)


if __name__ == "__main__":
    main()
