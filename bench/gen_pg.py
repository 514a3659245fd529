#!/usr/bin/env python3
"""Generate a realistic PostgreSQL schema of N tables, deterministically.

  gen_pg.py N OUT.sql [--changed]

Tables have 8-20 columns of varied types (numbers, strings, times, arrays,
JSON, network, bit strings, ranges, text search) with defaults in every form
people write (constants, casts, functions, expressions, keywords such as
CURRENT_TIMESTAMP, arrays), NOT NULL, a primary key, 1-3 indexes (plain,
partial, expression, GIN), unique and check constraints, foreign keys to
earlier tables, plus enums, sequences, audit triggers, views and views over
views, range-partitioned tables with their partitions, and comments.
With --changed, about 5% of the objects are altered, added or dropped (the
same seed gives the same base, so base and changed variant pair up).
"""
import random
import sys

TYPES = [
    ("integer", "0"), ("bigint", "0"), ("smallint", "0"), ("text", "''"),
    ("varchar(64)", "'n/a'"), ("varchar(255)", None), ("boolean", "false"),
    ("numeric(12,2)", "0"), ("timestamptz", "now()"), ("timestamp", None),
    ("date", "CURRENT_DATE"), ("uuid", None), ("jsonb", "'{}'::jsonb"),
    ("double precision", None), ("char(3)", None), ("bytea", None),
    ("inet", None), ("interval", None), ("real", None), ("text[]", None),
    ("integer", "(1 + 2)"), ("bigint", "-1"), ("numeric", "0.5"),
    ("timestamptz", "CURRENT_TIMESTAMP"), ("timestamp", "LOCALTIMESTAMP"),
    ("text", "'x'::text"), ("varchar(20)", "NULL"), ("boolean", "true"),
    ("uuid", "gen_random_uuid()"), ("jsonb", "'[]'"), ("text[]", "'{}'::text[]"),
    ("integer[]", "ARRAY[1, 2]"), ("date", "'2020-01-01'"),
    ("interval", "'1 day'"), ("char(3)", "'abc'"), ("time", "CURRENT_TIME"),
    ("bit(8)", "B'00000000'"), ("numeric(10,3)", "1.5"), ("tsvector", None),
    ("inet", "'127.0.0.1'"), ("cidr", None), ("macaddr", None),
    ("int4range", None), ("timestamptz", "now() + interval '1 day'"),
    ("text", "lower('ABC')"), ("smallint", "1"),
]


def gen(n, changed, out):
    chg = random.Random(7)
    w = out.write
    nschemas = max(1, n // 1000)
    schemas = ["app"] + [f"mod{i}" for i in range(1, nschemas)]
    for s in schemas:
        w(f"CREATE SCHEMA {s};\n")
    nenums = max(1, n // 50)
    for e in range(nenums):
        labels = ["new", "active", "suspended", "closed"][: 2 + e % 3]
        if changed and chg.random() < 0.05:
            labels.append("archived")
        w(f"CREATE TYPE app.status{e} AS ENUM ({', '.join(repr(l) for l in labels)});\n")
    w("CREATE FUNCTION app.audit() RETURNS trigger LANGUAGE plpgsql AS $$\n"
      "BEGIN\n    NEW.id := NEW.id;\n    RETURN NEW;\nEND;\n$$;\n")
    w("\n")
    tables = []
    dropped = set()
    for t in range(n):
        s = schemas[t % len(schemas)]
        name = f"{s}.t{t}"
        alter = changed and chg.random() < 0.05
        drop = changed and not alter and chg.random() < 0.01
        if drop:
            dropped.add(t)
            continue
        rnd = random.Random(t)
        tables.append((name, t))
        ncols = 8 + rnd.randrange(13)
        cols = ["    id bigserial PRIMARY KEY"]
        coltypes = []
        for c in range(1, ncols):
            ty, default = TYPES[rnd.randrange(len(TYPES))]
            line = f"    c{c} {ty}"
            if alter and c == 1:
                ty2 = "text" if ty != "text" else "varchar(100)"
                line = f"    c{c} {ty2}"
                default = None
                ty = ty2
            coltypes.append((f"c{c}", ty))
            use_default = rnd.random() < 0.5
            if default and use_default:
                line += f" DEFAULT {default}"
            if rnd.random() < 0.4:
                line += " NOT NULL"
            cols.append(line)
        ref = rnd.randrange(t) if t > 0 else 0
        if t > 0 and rnd.random() < 0.6 and ref not in dropped:
            rs = schemas[ref % len(schemas)]
            cols.append(f"    parent_id bigint REFERENCES {rs}.t{ref} (id) ON DELETE CASCADE")
        cols.append(f"    status app.status{t % nenums} NOT NULL DEFAULT 'new'")
        if rnd.random() < 0.5:
            cols.append("    code varchar(32) UNIQUE")
        cols.append(f"    CONSTRAINT t{t}_c_positive CHECK (id > 0)")
        if alter:
            cols.append("    added_col text")
        w(f"CREATE TABLE {name} (\n" + ",\n".join(cols) + "\n);\n")
        nidx = 1 + rnd.randrange(3)
        gin = [c for c, ty in coltypes if ty in ("jsonb", "tsvector", "text[]", "integer[]")]
        texts = [c for c, ty in coltypes if ty == "text"]
        for i in range(nidx):
            kind = rnd.randrange(6)
            if kind == 0:
                w(f"CREATE INDEX t{t}_i{i} ON {name} (c1);\n")
            elif kind == 1:
                w(f"CREATE INDEX t{t}_i{i} ON {name} (c2, id DESC);\n")
            elif kind == 2:
                w(f"CREATE INDEX t{t}_i{i} ON {name} (status) WHERE status <> 'new';\n")
            elif kind == 3:
                w(f"CREATE INDEX t{t}_i{i} ON {name} ((id % 10));\n")
            elif kind == 4 and gin:
                w(f"CREATE INDEX t{t}_i{i} ON {name} USING gin ({gin[0]});\n")
            elif texts:
                w(f"CREATE INDEX t{t}_i{i} ON {name} (lower({texts[0]}));\n")
            else:
                w(f"CREATE INDEX t{t}_i{i} ON {name} ((id * 2 + 1));\n")
        if rnd.random() < 0.1:
            w(f"CREATE TRIGGER t{t}_audit BEFORE INSERT OR UPDATE ON {name} "
              f"FOR EACH ROW EXECUTE FUNCTION app.audit();\n")
        if rnd.random() < 0.2:
            w(f"COMMENT ON TABLE {name} IS 'table {t}';\n")
        if rnd.random() < 0.05:
            w(f"CREATE SEQUENCE {s}.t{t}_counter START 100 INCREMENT 5;\n")
        if rnd.random() < 0.1:
            w(f"CREATE VIEW {s}.v{t} AS SELECT id, status FROM {name} WHERE status = 'active';\n")
            if rnd.random() < 0.5:
                w(f"CREATE VIEW {s}.vv{t} AS SELECT id FROM {s}.v{t} WHERE id > 10;\n")
        if t % 100 == 50:
            w(f"CREATE TABLE {s}.p{t} (\n    id bigint NOT NULL,\n    at date NOT NULL,\n"
              f"    v text,\n    PRIMARY KEY (id, at)\n) PARTITION BY RANGE (at);\n")
            for y in (2024, 2025):
                w(f"CREATE TABLE {s}.p{t}_{y} PARTITION OF {s}.p{t} "
                  f"FOR VALUES FROM ('{y}-01-01') TO ('{y + 1}-01-01');\n")
        w("\n")
    if changed:
        for t in range(n, n + max(1, n // 40)):
            w(f"CREATE TABLE app.new{t} (id bigserial PRIMARY KEY, payload jsonb NOT NULL DEFAULT '{{}}');\n")


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: gen_pg.py N OUT.sql [--changed]")
    n = int(sys.argv[1])
    with open(sys.argv[2], "w") as f:
        gen(n, "--changed" in sys.argv, f)


if __name__ == "__main__":
    main()
