#!/usr/bin/env python3
"""Generate a realistic MySQL / MariaDB schema of N tables, deterministically.

  gen_mysql.py N OUT.sql [--changed]

Tables have 8-20 columns of varied types with defaults, NOT NULL, an
AUTO_INCREMENT primary key, 1-3 secondary indexes (some with prefix
lengths), unique keys, CHECK constraints, foreign keys to earlier tables,
table and column comments; plus views, triggers and functions. With
--changed, about 5% of the objects are altered, added or dropped (the same
seed gives the same base, so base and changed variant pair up). The file
loads with the mariadb client (it sets its own DELIMITER for routines).
"""
import random
import sys

TYPES = [
    ("int", "0"), ("bigint", "0"), ("smallint", "0"), ("tinyint(1)", "0"),
    ("varchar(64)", "'n/a'"), ("varchar(255)", None), ("text", None),
    ("decimal(12,2)", "0.00"), ("datetime", "CURRENT_TIMESTAMP"),
    ("timestamp", None), ("date", None), ("char(36)", None),
    ("double", None), ("float", None), ("enum('new','active','closed')", "'new'"),
    ("int unsigned", "0"), ("varbinary(16)", None), ("mediumtext", None),
    ("json", None), ("bigint unsigned", None),
]


def gen(n, changed, out):
    chg = random.Random(7)
    w = out.write
    tables = []
    for t in range(n):
        alter = changed and chg.random() < 0.05
        drop = changed and not alter and chg.random() < 0.01
        if drop:
            continue
        rnd = random.Random(t)
        name = f"t{t}"
        tables.append(t)
        ncols = 8 + rnd.randrange(13)
        cols = ["  `id` bigint unsigned NOT NULL AUTO_INCREMENT"]
        colnames = []
        for c in range(1, ncols):
            ty, default = TYPES[rnd.randrange(len(TYPES))]
            # the random stream must not depend on the change, or every
            # column after c1 of an altered table would change too
            base_default = default
            if alter and c == 1:
                ty = "varchar(100)" if ty != "varchar(100)" else "text"
                default = None
            line = f"  `c{c}` {ty}"
            if rnd.random() < 0.4:
                line += " NOT NULL"
            with_default = base_default and rnd.random() < 0.5
            if default and with_default and ty not in ("text", "mediumtext", "json"):
                line += f" DEFAULT {default}"
            if rnd.random() < 0.1:
                line += f" COMMENT 'column {c} of {name}'"
            cols.append(line)
            colnames.append((f"c{c}", ty))
        if alter:
            cols.append("  `added` int NOT NULL DEFAULT 1")
        cols.append("  PRIMARY KEY (`id`)")
        nidx = 1 + rnd.randrange(3)
        for i in range(nidx):
            cname, ty = colnames[rnd.randrange(len(colnames))]
            if ty in ("json",):
                continue
            part = f"`{cname}`(20)" if ty in ("text", "mediumtext", "varchar(255)") else f"`{cname}`"
            if ty in ("text", "mediumtext") and rnd.random() < 0.5:
                continue
            uniq = "UNIQUE " if rnd.random() < 0.15 else ""
            cols.append(f"  {uniq}KEY `{name}_i{i}` ({part})")
        if rnd.random() < 0.3:
            cols.append(f"  CONSTRAINT `{name}_chk` CHECK (char_length(`c1`) < 100000)")
        if t > 0 and rnd.random() < 0.4:
            ref = rnd.randrange(t)
            if ref in tables:
                cols.append(f"  `ref_id` bigint unsigned DEFAULT NULL")
                cols.append(f"  KEY `{name}_ref` (`ref_id`)")
                cols.append(f"  CONSTRAINT `{name}_fk` FOREIGN KEY (`ref_id`) REFERENCES `t{ref}` (`id`) ON DELETE CASCADE")
        # columns must come before keys: move ref_id up
        body = [c for c in cols if c.startswith("  `")] + [c for c in cols if not c.startswith("  `")]
        comment = f" COMMENT='table {t}'" if rnd.random() < 0.2 else ""
        w(f"CREATE TABLE `{name}` (\n" + ",\n".join(body) +
          f"\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4{comment};\n\n")
    if changed:
        for k in range(max(1, n // 100)):
            w(f"CREATE TABLE `new{k}` (\n  `id` int NOT NULL AUTO_INCREMENT,\n"
              f"  `v` varchar(32) DEFAULT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\n\n")
    nviews = max(1, n // 20)
    kept = set(tables)
    for v in range(nviews):
        # by the table's number, so that a dropped table drops its view
        # instead of shifting every later view to another table
        t = (v * 7) % n
        if t not in kept:
            continue
        where = " WHERE `id` > 10" if changed and chg.random() < 0.05 else ""
        w(f"CREATE VIEW `v{v}` AS SELECT `id` FROM `t{t}`{where};\n")
    w("\nDELIMITER //\n")
    for f in range(max(1, n // 100)):
        body = "x + 1" if not (changed and chg.random() < 0.05) else "x + 2"
        w(f"CREATE FUNCTION `f{f}`(x int) RETURNS int DETERMINISTIC RETURN {body}//\n")
    for g in range(max(1, n // 100)):
        t = (g * 13) % n
        if t not in kept:
            continue
        w(f"CREATE TRIGGER `tg{g}` BEFORE INSERT ON `t{t}` FOR EACH ROW SET NEW.`id` = NEW.`id`//\n")
    w("DELIMITER ;\n")


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: gen_mysql.py N OUT.sql [--changed]")
    n = int(sys.argv[1])
    with open(sys.argv[2], "w") as out:
        gen(n, "--changed" in sys.argv[3:], out)


if __name__ == "__main__":
    main()
