#!/bin/sh
# tests/cli/run.sh: end-to-end tests of the schemadiff command line: every
# exit code, the bundled example, and bad inputs (each a clear error, exit
# 2, nothing created or changed). Run from the repository root:
#   SCHEMADIFF=./schemadiff sh tests/cli/run.sh
# Prints one line per failure and a closing "N passed, N failed" line.

SD=${SCHEMADIFF:-$(pwd)/schemadiff}
TOP=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
. "$TOP/tests/cli/lib.sh"

snapshot() { (cd "$1" && find . -print | LC_ALL=C sort && find . -type f -print | LC_ALL=C sort | xargs cat | cksum); }

# unchanged NAME DIR: DIR is as it was at the last `snap DIR`
snap() { snapshot "$1" >"$T/snap"; }
unchanged() {
	snapshot "$2" >"$T/snap2"
	if cmp -s "$T/snap" "$T/snap2"; then ok; else bad "$1: files changed"; diff "$T/snap" "$T/snap2" | head -n 5; fi
}

fresh_example() {
	rm -rf "$T/ex"
	mkdir -p "$T/ex"
	cp -R "$TOP/fixtures/example/." "$T/ex/"
}

# --- usage and help -------------------------------------------------------
run "no arguments" 0 "$SD"
expect_out "no arguments" "usage: schemadiff"
run "help" 0 "$SD" help
expect_out "help lists plan" "plan +write a new version"
run "unknown command" 129 "$SD" frobnicate
expect_err "unknown command" 'unknown command "frobnicate"'
for cmd in plan diff validate init; do
	run "$cmd -h" 0 "$SD" "$cmd" -h
	expect_out "$cmd -h" "usage: schemadiff $cmd"
	run "$cmd bad option" 129 "$SD" "$cmd" --no-such-option
	expect_err "$cmd bad option" "usage: schemadiff $cmd"
done
run "plan without arguments" 129 "$SD" plan
run "diff with one source" 129 "$SD" diff "$TOP/fixtures/example/schema"

# --- the example: plan, plan again, dry run --------------------------------
fresh_example
run "validate example" 0 "$SD" validate --schema-root "$T/ex/app"
expect_out "validate example" 'valid: schema "app", postgresql, 3 versions, current 3'
snap "$T/ex"
run "plan --dry-run" 0 "$SD" plan --schema-root "$T/ex/app" --desired "$T/ex/schema" --dry-run
expect_out "plan --dry-run prints SQL" "ALTER TABLE"
unchanged "plan --dry-run writes nothing" "$T/ex"
run "plan example" 0 "$SD" plan --schema-root "$T/ex/app" --desired "$T/ex/schema"
expect_err "plan example" "wrote version 4"
expect_err "plan example: enum values in a version of their own" "new enum values go into version 4 of their own"
expect_err "plan example" "wrote version 5"
[ -f "$T/ex/app/4/revisions.sql" ] && ok || bad "plan example: no 4/revisions.sql"
[ -f "$T/ex/app/5/revisions.sql" ] && ok || bad "plan example: no 5/revisions.sql"
[ -f "$T/ex/app/5/version.json" ] && ok || bad "plan example: no 5/version.json"
grep -q '"current-version": "5"' "$T/ex/app/schema.json" && ok || bad "plan example: current-version not 5"
equal "version 4 holds only the enum value" "$(grep -v '^--' "$T/ex/app/4/revisions.sql" | grep -c .)" 1
grep -q '^-- hazards: irreversible$' "$T/ex/app/4/revisions.sql" && ok || bad "plan example: no hazards comment above the enum value"
grep -q '^-- hazards: blocks-writes, builds-index (SHARE lock, held for a time proportional to the table)$' "$T/ex/app/5/revisions.sql" && ok || bad "plan example: no hazards comment above CREATE INDEX"
grep -q '"kind": "create-index"' "$T/ex/app/5/version.json" && ok || bad "plan example: no hazards key in version.json"
grep -q '^schemadiff: note: hazard: create index shop.orders_placed_at_idx: blocks-writes, builds-index' "$T/err" && ok || bad "plan example: hazards not told on stderr"
grep -q "ADD VALUE 'cancelled'" "$T/ex/app/4/revisions.sql" && ok || bad "plan example: version 4 is not the enum value"
grep -q "ADD VALUE" "$T/ex/app/5/revisions.sql" && bad "plan example: version 5 adds enum values too" || ok
# the printed SQL is the two files, each under a "-- version V" line
{ echo "-- version 4"; cat "$T/ex/app/4/revisions.sql"; echo; echo "-- version 5"; cat "$T/ex/app/5/revisions.sql"; } >"$T/both"
cmp -s "$T/out" "$T/both" && ok || { bad "plan example: printed SQL differs from the version files"; diff "$T/both" "$T/out" | head -n 5; }
run "validate after plan" 0 "$SD" validate --schema-root "$T/ex/app"
snap "$T/ex"
run "plan again" 0 "$SD" plan --schema-root "$T/ex/app" --desired "$T/ex/schema"
expect_err "plan again" "no changes"
unchanged "plan again writes nothing" "$T/ex"
[ -s "$T/out" ] && bad "plan again printed SQL" || ok
ls "$T/ex/app" | grep -q tmp && bad "temporary files left behind" || ok

# --- diff ------------------------------------------------------------------
fresh_example
run "diff versions" 0 "$SD" diff "$T/ex/app@2" "$T/ex/app@3"
expect_out "diff versions" "CREATE TYPE shop.order_status"
run "diff --exit-code with changes" 1 "$SD" diff --exit-code "$T/ex/app@2" "$T/ex/app@3"
run "diff --exit-code same" 0 "$SD" diff --exit-code "$T/ex/app@3" "$T/ex/app"
[ -s "$T/out" ] && bad "diff of equal sources printed SQL" || ok
run "diff root to files" 0 "$SD" diff "$T/ex/app" "$T/ex/schema"
run "diff unknown version" 2 "$SD" diff "$T/ex/app@9" "$T/ex/schema"
expect_err "diff unknown version" '"9" is not in the version-history'
run "diff missing file" 2 "$SD" diff "$T/nope.sql" "$T/ex/schema"
expect_err "diff missing file" "nope.sql"

# --- init ------------------------------------------------------------------
run "init" 0 "$SD" init --schema-root "$T/new" --name fresh --system-type postgresql
[ -f "$T/new/schema.json" ] && ok || bad "init: no schema.json"
run "validate empty root" 0 "$SD" validate --schema-root "$T/new"
snap "$T/new"
run "init twice" 2 "$SD" init --schema-root "$T/new" --name fresh
unchanged "init twice changes nothing" "$T/new"
run "init bad type" 2 "$SD" init --schema-root "$T/new2" --name x --system-type oracle
[ -e "$T/new2/schema.json" ] && bad "init bad type wrote schema.json" || ok
long=$(printf 'n%.0s' $(seq 1 300))
run "init fails part way" 2 "$SD" init --schema-root "$T/new3/a/$long" --name x
[ -e "$T/new3" ] && bad "a failed init left the folder $T/new3" || ok
printf 'CREATE TABLE t (id int PRIMARY KEY);\n' >"$T/t.sql"
run "plan into empty root" 0 "$SD" plan --schema-root "$T/new" --desired "$T/t.sql"
[ -f "$T/new/1/revisions.sql" ] && ok || bad "first plan did not write version 1"

# --- version choice --------------------------------------------------------
fresh_example
snap "$T/ex"
run "plan --version existing" 2 "$SD" plan --schema-root "$T/ex/app" --desired "$T/ex/schema" --version 3.0
expect_err "plan --version existing" 'already exists'
run "plan --version lower" 2 "$SD" plan --schema-root "$T/ex/app" --desired "$T/ex/schema" --version 2.5
run "plan --version invalid" 2 "$SD" plan --schema-root "$T/ex/app" --desired "$T/ex/schema" --version 4a
expect_err "plan --version invalid" 'invalid version "4a"'
mkdir "$T/ex/app/4"
snap "$T/ex"
run "plan over existing folder" 2 "$SD" plan --schema-root "$T/ex/app" --desired "$T/ex/schema"
unchanged "plan over existing folder changes nothing" "$T/ex"
rmdir "$T/ex/app/4"
run "plan --version 3.5" 0 "$SD" plan --schema-root "$T/ex/app" --desired "$T/ex/schema" --version 3.5
[ -f "$T/ex/app/3.5/version.json" ] && ok || bad "plan --version 3.5 wrote no folder"

# --- bad schema roots: each exit 2, a clear message, nothing written --------
# bad_root NAME PATTERN: make a fresh example, let the caller break it
# ($T/ex/app), then plan must fail with PATTERN and change nothing.
check_bad_root() {
	snap "$T/ex"
	run "$1 (plan)" 2 "$SD" plan --schema-root "$T/ex/app" --desired "$T/ex/schema"
	expect_err "$1 (plan)" "$2"
	expect_err "$1 (prefix)" "^schemadiff: error: "
	unchanged "$1 (nothing written)" "$T/ex"
	run "$1 (validate)" 2 "$SD" validate --schema-root "$T/ex/app"
}

fresh_example; printf '{\n  "db-schema-spec": "1.1",\n  "name": "app",,\n}\n' >"$T/ex/app/schema.json"
check_bad_root "invalid JSON" 'schema.json:3:[0-9]+: '
fresh_example; printf '{ "db-schema-spec": "1.1", "name": \n' >"$T/ex/app/schema.json"
check_bad_root "truncated JSON" 'schema.json:[0-9]+(:[0-9]+)?: '
fresh_example; rm "$T/ex/app/2/version.json"
check_bad_root "missing version.json" 'version.json'
fresh_example; rm "$T/ex/app/3/revisions.sql"
check_bad_root "missing source file" 'revisions.sql'
fresh_example; sed -i 's|"2": "2"|"2": "../2"|' "$T/ex/app/schema.json"
check_bad_root "history path outside the root" '"\.\./2" must be a relative path inside the schema root'
fresh_example; sed -i 's|"2": "2"|"2": "/tmp"|' "$T/ex/app/schema.json"
check_bad_root "absolute history path" '"/tmp" must be a relative path inside the schema root'
fresh_example; sed -i 's|"3": "3"|"3": "3", "3.0": "2"|' "$T/ex/app/schema.json"
check_bad_root "duplicate version values" '3.0|duplicate'
fresh_example; sed -i 's|"3": "3"|"3": "3", "3": "2"|' "$T/ex/app/schema.json"
check_bad_root "duplicate version keys" 'duplicate'
fresh_example; printf 'CREATE TABLE shop.x (\n  id int,\n  name TEXTT NOT NULL DEFAULT\n);\n' >"$T/ex/app/3/revisions.sql"
check_bad_root "SQL syntax error in a version file" '3/revisions.sql:[0-9]+:[0-9]+: syntax error'
fresh_example; printf 'CREATE TYPE box2 (INPUT = box_in, OUTPUT = box_out);\n' >>"$T/ex/app/3/revisions.sql"
check_bad_root "unsupported statement" '3/revisions.sql:[0-9]+:[0-9]+: .*unsupported'
fresh_example; rm "$T/ex/app/schema.json"
snap "$T/ex"
run "not a schema root" 2 "$SD" plan --schema-root "$T/ex/app" --desired "$T/ex/schema"
expect_err "not a schema root" 'schema.json'
unchanged "not a schema root (nothing written)" "$T/ex"

# --- bad desired files ------------------------------------------------------
fresh_example
printf 'CREATE TABLE a (id int);\n\nCREATE TABLE b (id int,, x int);\n' >"$T/ex/schema/zz.sql"
snap "$T/ex"
run "syntax error in desired file" 2 "$SD" plan --schema-root "$T/ex/app" --desired "$T/ex/schema"
expect_err "syntax error in desired file" 'zz.sql:3:[0-9]+: syntax error at or near ","'
unchanged "syntax error in desired file (nothing written)" "$T/ex"

# --- input files: NUL bytes, invalid UTF-8, special files (issue #20) -------
fresh_example; printf 'CREATE TABLE shop.a (x int);\0DROP TABLE shop.t;\n' >>"$T/ex/app/3/revisions.sql"
check_bad_root "NUL byte in a version file" '3/revisions.sql:[0-9]+:[0-9]+: a NUL byte'
fresh_example; printf '{ "db-schema-spec": "1.1",\0 "name": "app" }\n' >"$T/ex/app/schema.json"
check_bad_root "NUL byte in schema.json" 'schema.json:1:27: a NUL byte'
fresh_example; printf 'CREATE TABLE shop.u (x text DEFAULT '"'"'\351t\351'"'"');\n' >>"$T/ex/app/3/revisions.sql"
check_bad_root "invalid UTF-8 in a version file" '3/revisions.sql:[0-9]+:[0-9]+: invalid UTF-8 byte 0xe9'
fresh_example; rm "$T/ex/app/schema.json"; ln -s /dev/zero "$T/ex/app/schema.json"
snap "$T/ex"
run "schema.json is /dev/zero" 2 timeout 20 "$SD" validate --schema-root "$T/ex/app"
expect_err "schema.json is /dev/zero" 'schema.json": not a regular file'
fresh_example; rm "$T/ex/app/schema.json"; mkfifo "$T/ex/app/schema.json"
run "schema.json is a FIFO" 2 timeout 20 "$SD" validate --schema-root "$T/ex/app"
expect_err "schema.json is a FIFO" 'not a regular file'
fresh_example; rm "$T/ex/app/3/revisions.sql"; mkfifo "$T/ex/app/3/revisions.sql"
run "version source is a FIFO" 2 timeout 20 "$SD" validate --schema-root "$T/ex/app"
expect_err "version source is a FIFO" '3/revisions.sql": not a regular file'
fresh_example; mkfifo "$T/ex/fifo.sql"
run "desired file is a FIFO" 2 timeout 20 "$SD" diff "$T/ex/app" "$T/ex/fifo.sql"
expect_err "desired file is a FIFO" 'fifo.sql": not a regular file'
fresh_example; printf 'CREATE TABLE a (x int);\n  \0DROP TABLE t;\n' >"$T/nul.sql"
run "NUL byte in a desired file" 2 "$SD" diff "$T/ex/app" "$T/nul.sql"
expect_err "NUL byte in a desired file" '^schemadiff: error: .*nul.sql:2:3: a NUL byte'
printf 'CREATE TABLE a (x text DEFAULT '"'"'caf\351'"'"');\n' >"$T/latin1.sql"
run "invalid UTF-8 in a desired file" 2 "$SD" diff "$T/ex/app" "$T/latin1.sql"
expect_err "invalid UTF-8 in a desired file" 'latin1.sql:1:36: invalid UTF-8'
printf 'CREATE TABLE a (x int) ENGINE=InnoDB;\n\0' >"$T/nul_my.sql"
run "NUL byte in a MySQL desired file" 2 "$SD" diff --dialect mysql "$T/nul_my.sql" "$T/nul_my.sql"
expect_err "NUL byte in a MySQL desired file" 'nul_my.sql:2:1: a NUL byte'

fresh_example; printf 'postgres://a@127.0.0.1:1/x\n\0postgres://b@h/y\n' >"$T/targets"
run "NUL byte in a targets file" 2 timeout 20 "$SD" drift --schema-root "$T/ex/app" --targets "$T/targets"
expect_err "NUL byte in a targets file" 'targets:2:1: a NUL byte'
mkfifo "$T/targets.fifo"
run "targets file is a FIFO" 2 timeout 20 "$SD" drift --schema-root "$T/ex/app" --targets "$T/targets.fifo"
expect_err "targets file is a FIFO" 'not a regular file'

# --- grants on a dropped column (issue #20: a use-after-free) ---------------
printf 'CREATE TABLE t (a int, c int);\nGRANT SELECT (c) ON t TO u;\n' >"$T/g1.sql"
printf 'CREATE TABLE t (a int);\n' >"$T/g2.sql"
run "column grant on a dropped column" 0 "$SD" diff "$T/g1.sql" "$T/g2.sql"
expect_out "column grant on a dropped column" 'DROP COLUMN c'
printf 'CREATE TABLE t (a int);\nGRANT SELECT ON t TO u;\n' >"$T/g3.sql"
run "table grant revoked" 0 "$SD" diff "$T/g3.sql" "$T/g2.sql"
expect_out "table grant revoked" 'REVOKE SELECT ON .*t.* FROM .*u'

# --- deep expressions (issue #20: a stack overflow at 5,000 terms) ----------
# libpg_query 18 serializes trees up to a depth (4,000 terms pass, 5,000
# do not): over it, a located error, never a crash
awk 'BEGIN { printf "CREATE TABLE t (a int DEFAULT (1"; for (i = 1; i < 4000; i++) printf " + 1"; print "));" }' >"$T/deep4k.sql"
run "4,000-term default" 0 "$SD" diff "$T/g2.sql" "$T/deep4k.sql"
expect_out "4,000-term default" 'SET DEFAULT'
awk 'BEGIN { printf "CREATE TABLE t (a int DEFAULT (1"; for (i = 1; i < 5000; i++) printf " + 1"; print "));" }' >"$T/deep5k.sql"
run "5,000-term default" 2 "$SD" diff "$T/g2.sql" "$T/deep5k.sql"
expect_err "5,000-term default" '^schemadiff: error: .*deep5k.sql:1:1: statement nested too deeply'
printf 'CREATE TABLE u (a int);\n' >"$T/deep100k.sql"
awk 'BEGIN { printf "CREATE TABLE t (a int DEFAULT (1"; for (i = 1; i < 100000; i++) printf " + 1"; print "));" }' >>"$T/deep100k.sql"
run "100,000-term default" 2 "$SD" diff "$T/g2.sql" "$T/deep100k.sql"
expect_err "100,000-term default" '^schemadiff: error: .*deep100k.sql:2:[0-9]+: statement nested too deeply'

# --- MySQL versioned comments follow the root's system-type (issue #12) ----
# /*!80000 ... */ runs on MySQL (a root of system-type mysql) and not on
# MariaDB, which skips 50700-99999: the desired file is read as the root's
# server reads it.
printf 'CREATE TABLE t (a int /*!80000 , b int */) ENGINE=InnoDB;\n' >"$T/vc.sql"
SYSTEM_TYPE=mysql mkroot "$T/vc_mysql" vc 1
printf 'CREATE TABLE t (a int) ENGINE=InnoDB;\n' >"$T/vc_mysql/1/revisions.sql"
run "plan mysql root: versioned comment" 0 "$SD" plan --no-verify --schema-root "$T/vc_mysql" --desired "$T/vc.sql" --dry-run
expect_out "mysql root: the /*!80000 column is added" "ADD COLUMN .?b.? int"
SYSTEM_TYPE=mariadb mkroot "$T/vc_mariadb" vc 1
printf 'CREATE TABLE t (a int) ENGINE=InnoDB;\n' >"$T/vc_mariadb/1/revisions.sql"
run "plan mariadb root: versioned comment" 0 "$SD" plan --no-verify --schema-root "$T/vc_mariadb" --desired "$T/vc.sql" --dry-run
expect_err "mariadb root: the /*!80000 column is skipped" "no changes"

# --- --format json (diff), a bad --format ---------------------------------
run "plan --format bad" 129 "$SD" plan --schema-root "$T/ex/app" --desired "$T/ex/schema" --format yaml
run "diff --format json" 1 "$SD" diff --exit-code --format json "$TOP/fixtures/golden/04_alter_columns/current.sql" "$TOP/fixtures/golden/04_alter_columns/desired.sql"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d["changes"][0]; assert d["format"]=="schemadiff-diff" and d["differs"] and c["kind"]=="alter-column-type" and "rewrites-table" in c["hazards"] and c["lock"]=="ACCESS EXCLUSIVE" and c["sql"].startswith("ALTER TABLE"), d' "$T/out" && ok || bad "diff --format json: not the expected JSON"

# --- SQL by target version: --target-version, schema.json's target-version --
G="$TOP/fixtures/golden/39_target_version"
run "diff, no target" 0 "$SD" diff "$G/current.sql" "$G/desired.sql"
expect_out "diff, no target: drop and add" "DROP COLUMN s;"
expect_out "diff, no target: storage by name" "SET STORAGE EXTENDED;"
run "diff --target-version 17" 0 "$SD" diff --target-version 17 "$G/current.sql" "$G/desired.sql"
expect_out "diff --target-version 17: SET EXPRESSION" "ALTER COLUMN s SET EXPRESSION AS \\(a \\* 3\\);"
expect_out "diff --target-version 17: MAINTAIN" "GRANT DELETE, INSERT, MAINTAIN,"
run "diff --target-version 12" 129 "$SD" diff --target-version 12 "$G/current.sql" "$G/desired.sql"
"$SD" init --schema-root "$T/tv" --name tv >/dev/null 2>&1
python3 -c 'import json,sys; p=sys.argv[1]; d=json.load(open(p)); d["target-version"]=16; json.dump(d, open(p, "w"), indent=2)' "$T/tv/schema.json"
run "plan for schema.json's target-version" 0 "$SD" plan --schema-root "$T/tv" --desired "$G/current.sql"
run "plan for schema.json's target-version, again" 0 "$SD" plan --schema-root "$T/tv" --desired "$G/desired.sql"
expect_out "target-version 16: SET STORAGE DEFAULT" "SET STORAGE DEFAULT;"
no_match "target-version 16: no MAINTAIN" "MAINTAIN" "$T/out"
run "diff of the root: its target-version" 0 "$SD" diff "$T/tv@1" "$T/tv"
expect_out "diff of the root: SET STORAGE DEFAULT" "SET STORAGE DEFAULT;"
python3 -c 'import json,sys; p=sys.argv[1]; d=json.load(open(p)); d["target-version"]="x"; json.dump(d, open(p, "w"), indent=2)' "$T/tv/schema.json"
run "bad target-version" 2 "$SD" plan --schema-root "$T/tv" --desired "$G/current.sql"
expect_err "bad target-version: named" 'schema.json: \$\.target-version: "target-version" must be a PostgreSQL major version'

# --- syntax the target lacks: refused offline at its FILE:LINE:COL ---------
printf 'CREATE TABLE t (\n  a int,\n  j jsonb CHECK (j IS JSON OBJECT)\n);\n' >"$T/json16.sql"
"$SD" init --schema-root "$T/tv15" --name tv >/dev/null 2>&1
run "plan for 15: IS JSON refused" 2 "$SD" plan --schema-root "$T/tv15" --desired "$T/json16.sql" --target-version 15
expect_err "plan for 15: where and why" "^schemadiff: error: .*json16\.sql:3:18: IS JSON needs PostgreSQL 16; the target is 15\$"
[ -d "$T/tv15/1" ] && bad "plan for 15 wrote a version" || ok
run "diff for 15: IS JSON refused" 2 "$SD" diff --target-version 15 "$G/current.sql" "$T/json16.sql"
expect_err "diff for 15: where and why" "json16\.sql:3:18: IS JSON needs PostgreSQL 16; the target is 15\$"
run "plan for 16" 0 "$SD" plan --schema-root "$T/tv15" --desired "$T/json16.sql" --target-version 16
# integers written 0x10 / 0o7 / 1_000 in desired files: written as their
# values, so every version takes them
printf 'CREATE TABLE p (a int, b int DEFAULT 0b101 CHECK (b > 0o7)) PARTITION BY RANGE (a);\nCREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0x10) TO (1_000);\nCREATE VIEW v AS SELECT 0x10 AS n FROM p;\nCREATE SEQUENCE s START 0x10;\n' >"$T/nums.sql"
run "diff for 13: integers of 16" 0 "$SD" diff --target-version 13 "$G/current.sql" "$T/nums.sql"
expect_out "diff for 13: the values" 'FOR VALUES FROM \(16\) TO \(1000\)'
no_match "diff for 13: no 16 spelling" '0x|0o|0b|1_000' "$T/out"
# the history holds version 1 for 16: planned for 15 (migrate would run it)
printf 'CREATE TABLE t (a int);\n' >"$T/plain.sql"
run "plan for 15 on a history for 16: refused" 2 "$SD" plan --schema-root "$T/tv15" --desired "$T/plain.sql" --target-version 15
expect_err "history for 16: where and why" "tv15/1/revisions\.sql:[0-9]+:[0-9]+: IS JSON needs PostgreSQL 16; the target is 15\$"
# --- client includes: psql's \i / \ir, the mysql client's source ---------
# (util/sqlinclude.c) a desired file with includes is the flattened file;
# a version file's include is replayed in place; a missing file and a cycle
# are errors at the include line
I="$T/incl"
mkdir -p "$I/pg/parts" "$I/my/data"
printf 'CREATE TABLE a (id int PRIMARY KEY);\n\\ir parts/b.sql\n\\include_relative parts/c.sql\nCREATE VIEW v AS SELECT id FROM a;\n' >"$I/pg/main.sql"
printf 'CREATE TABLE b (id int REFERENCES a);\n\\ir d.sql\n' >"$I/pg/parts/b.sql"
printf 'CREATE INDEX b_id ON b (id);\n' >"$I/pg/parts/d.sql"
printf 'CREATE TABLE c (id int, note text);\n' >"$I/pg/parts/c.sql"
cat "$I/pg/main.sql" | sed -e "/parts\/b.sql/{r $I/pg/parts/b.sql" -e 'd}' -e "/parts\/c.sql/{r $I/pg/parts/c.sql" -e 'd}' | sed -e "/d.sql/{r $I/pg/parts/d.sql" -e 'd}' >"$I/pg-flat.sql"
run "includes (pg): diff with the flattened file" 0 "$SD" diff --exit-code "$I/pg/main.sql" "$I/pg-flat.sql"
: >"$I/empty.sql"
run "includes (pg): the included objects are created" 0 "$SD" diff "$I/empty.sql" "$I/pg/main.sql"
expect_out "includes (pg): a table two includes down" "CREATE INDEX b_id ON"
expect_out "includes (pg): a table one include down" "CREATE TABLE public.c"
printf 'CREATE TABLE t (\n  source varchar(10),\n  id int PRIMARY KEY\n);\nsource data/t.dump ;\n\\. data/u.sql\n' >"$I/my/main.sql"
printf "INSERT INTO t VALUES ('x', 1);\n" >"$I/my/data/t.dump"
printf 'CREATE TABLE u (id int);\n' >"$I/my/data/u.sql"
printf 'CREATE TABLE t (\n  source varchar(10),\n  id int PRIMARY KEY\n);\nCREATE TABLE u (id int);\n' >"$I/my-flat.sql"
run "includes (mysql): diff with the flattened file" 0 "$SD" diff --dialect mysql --exit-code "$I/my/main.sql" "$I/my-flat.sql"
"$SD" init --schema-root "$I/root" --name inc --system-type mariadb >/dev/null 2>&1
run "includes (mysql): plan" 0 "$SD" plan --schema-root "$I/root" --no-verify --desired "$I/my/main.sql"
run "includes (mysql): re-plan of the flattened file" 0 "$SD" plan --schema-root "$I/root" --no-verify --desired "$I/my-flat.sql" --dry-run
expect_err "includes (mysql): re-plan is empty" "no changes"
# a version file that includes: replayed in place, relative to its folder
printf 'CREATE TABLE w (id int);\n' >"$I/root/1/w.sql"
printf 'source w.sql\n' >>"$I/root/1/revisions.sql"
run "includes (mysql): validate a root whose version includes" 0 "$SD" validate --schema-root "$I/root" --fix-sum
run "includes (mysql): the included table is in the history" 0 "$SD" diff --dialect mysql --exit-code "$I/root" "$I/root"
run "includes (mysql): plan without it drops it" 0 "$SD" plan --schema-root "$I/root" --no-verify --desired "$I/my-flat.sql" --dry-run
expect_out "includes (mysql): plan without it drops it" 'DROP TABLE `w`'
printf 'CREATE TABLE e (id int);\nsource data/missing.dump\n' >"$I/my/missing.sql"
run "includes: a missing file" 2 "$SD" diff --dialect mysql "$I/my/missing.sql" "$I/my-flat.sql"
expect_err "includes: a missing file, at its line" "missing.sql:2:8: cannot read the included file \".*data/missing.dump\": No such file"
printf 'CREATE TABLE c1 (id int);\n\\ir cyc2.sql\n' >"$I/pg/cyc1.sql"
printf '\\ir cyc1.sql\n' >"$I/pg/cyc2.sql"
run "includes: a cycle" 2 "$SD" diff "$I/pg/cyc1.sql" "$I/pg-flat.sql"
expect_err "includes: a cycle, named" "cyc2.sql:1:5: include cycle: .*cyc1.sql"

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
