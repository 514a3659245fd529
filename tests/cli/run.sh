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
equal "version 4 holds only the enum value" "$(grep -c . "$T/ex/app/4/revisions.sql")" 1
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
fresh_example; printf 'CREATE AGGREGATE agg(int) (SFUNC = int4pl, STYPE = int);\n' >>"$T/ex/app/3/revisions.sql"
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

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
