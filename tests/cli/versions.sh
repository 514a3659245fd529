#!/bin/sh
# tests/cli/versions.sh: the command line of versions that travel (issue
# 15) on real servers: plan and validate --verify (our own throwaway
# server, --dev-url, the output naming the server, nothing written on a
# refusal, the server and its folder gone after schemadiff is killed), and
# a downgrade recorded in the log of reverts that status shows.
# Run under tests/harness/with-pg.sh (and with-mariadb.sh) from the
# repository root:
#   SCHEMADIFF=./schemadiff sh tests/harness/with-pg.sh sh tests/cli/versions.sh

SD=${SCHEMADIFF:-$(pwd)/schemadiff}
TOP=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-versions.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
. "$TOP/tests/cli/lib.sh"
# this script says when it wants verification
unset SCHEMADIFF_VERIFY

# --- plan --verify -------------------------------------------------------
R=$T/app
run "init" 0 "$SD" init --schema-root "$R" --name app
mkdir -p "$T/d"
echo 'CREATE TABLE t (id int PRIMARY KEY, name txet);' >"$T/d/a.sql"
run "verify refuses txet" 2 "$SD" plan --schema-root "$R" --desired "$T/d"
expect_err "verify refuses txet" "app/1/revisions.sql:3:[0-9]+: version 1: type \"public.txet\" does not exist"
expect_err "verify names the server" "failed on PostgreSQL 1[0-9.]+.*throwaway server.*nothing was written"
equal "nothing written" "$(ls "$R")" "schema.json"

echo 'CREATE TABLE t (id int PRIMARY KEY, born date DEFAULT 42);' >"$T/d/a.sql"
run "dev-url refuses a wrong default" 2 "$SD" plan --schema-root "$R" --desired "$T/d" --dev-url "$SD_TEST_PG_URL"
expect_err "dev-url refuses a wrong default" "default expression is of type integer"
equal "nothing written" "$(ls "$R")" "schema.json"

echo 'CREATE TABLE t (id int PRIMARY KEY, born date DEFAULT now());' >"$T/d/a.sql"
run "verify writes" 0 "$SD" plan --schema-root "$R" --desired "$T/d"
expect_err "verify writes" "verified on PostgreSQL 1[0-9.]+ .*\(a throwaway server\)"
expect_err "verify writes" "wrote version 1"
expect_err "verify proves the down script too" "down script of version 1 verified on PostgreSQL 1[0-9.]+"
run "no-verify" 0 env SCHEMADIFF_PG_BIN=/nonexistent "$SD" plan --schema-root "$R" --desired "$T/d" --no-verify --dry-run
no_match "no-verify starts nothing" "throwaway|verified" "$T/err"

echo 'CREATE TABLE t (id int PRIMARY KEY, born date DEFAULT now(), n int);' >"$T/d/a.sql"
run "no binaries" 0 env SCHEMADIFF_PG_BIN=/nonexistent "$SD" plan --schema-root "$R" --desired "$T/d" --dry-run
expect_err "no binaries" "not verified on a server \(no PostgreSQL server installed.*the offline proof stands"
run "no binaries, --verify" 2 env SCHEMADIFF_PG_BIN=/nonexistent "$SD" plan --schema-root "$R" --desired "$T/d" --verify
expect_err "no binaries, --verify" "cannot start a throwaway server: no PostgreSQL server installed"
run "dev-url and no-verify" 129 "$SD" plan --schema-root "$R" --desired "$T/d" --no-verify --dev-url "$SD_TEST_PG_URL"

# --- validate --verify ---------------------------------------------------
run "validate --verify" 0 "$SD" validate --schema-root "$R" --verify --dev-url "$SD_TEST_PG_URL"
expect_err "validate --verify" "verified on PostgreSQL"
expect_out "validate --verify" "valid: schema \"app\""
echo 'ALTER TABLE t ADD COLUMN x txet;' >>"$R/1/revisions.sql"
run "validate --verify refuses" 2 "$SD" validate --schema-root "$R" --verify --dev-url "$SD_TEST_PG_URL"
expect_err "validate --verify refuses" "app/1/revisions.sql:[0-9]+:[0-9]+: version 1: type \"txet\" does not exist"

# --- a downgrade is recorded: status shows when and by whom ---------------
DB=sd_versions_$$
U=$(printf '%s' "$SD_TEST_PG_URL" | sed "s|/[^/?]*\(?.*\)\{0,1\}\$|/$DB\1|")
psql -q -d "$SD_TEST_PG_URL" -c "CREATE DATABASE $DB" >/dev/null || bad "create database"
R2=$T/down
run "down: init" 0 "$SD" init --schema-root "$R2" --name down
echo 'CREATE TABLE a (id int);' >"$T/d/a.sql"
run "down: plan 1" 0 "$SD" plan --schema-root "$R2" --desired "$T/d" --no-verify
echo 'CREATE TABLE a (id int); CREATE TABLE b (id int);' >"$T/d/a.sql"
run "down: plan 2" 0 "$SD" plan --schema-root "$R2" --desired "$T/d" --no-verify
run "down: migrate" 0 "$SD" migrate --url "$U" --schema-root "$R2"
run "down: status, nothing undone" 0 "$SD" status --url "$U" --schema-root "$R2"
no_match "down: status, nothing undone" "^reverted:" "$T/out"
run "down: migrate --to 1" 0 "$SD" migrate --url "$U" --schema-root "$R2" --to 1 --allow-destructive
expect_err "down: migrate --to 1" "undid version 2"
run "down: status shows the undo" 1 "$SD" status --url "$U" --schema-root "$R2"
expect_out "down: status shows the undo" "^reverted: +2 \\(at 20[0-9-]+T[0-9:.]+Z by [^ ]+, schemadiff [^ ]+, 1 statement\\)"
expect_out "down: 2 is pending again" "^pending: +2"
run "down: status json" 1 "$SD" status --url "$U" --schema-root "$R2" --format json
if python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["reverted"]; assert [x["version"] for x in r] == ["2"] and r[0]["reverted_by"] and r[0]["statements"] == 1' "$T/out"; then ok; else
	bad "down: status json \"reverted\""; cat "$T/out"; fi
equal "down: the log of reverts" "$(psql -qXAt -d "$U" -c "SELECT version || ' ' || statements FROM schemadiff.schemadiff_reverts")" "2 1"
run "down: up again" 0 "$SD" migrate --url "$U" --schema-root "$R2"
run "down: up again, the undo stays in the log" 0 "$SD" status --url "$U" --schema-root "$R2"
expect_out "down: up again, the undo stays in the log" "^reverted: +2 "
psql -q -d "$SD_TEST_PG_URL" -c "DROP DATABASE $DB" >/dev/null || bad "drop database"

# --- killed: the throwaway server and its folder go too ------------------
mkdir -p "$T/tmp"
chmod 755 "$T" "$T/tmp"	# the server runs as postgres under root
echo 'CREATE TABLE t (id int PRIMARY KEY, born date DEFAULT now(), n int);' >"$T/d/a.sql"
rm -rf "$T/app2" && cp -R "$R" "$T/app2" && sed -i '$d' "$T/app2/1/revisions.sql"
TMPDIR=$T/tmp "$SD" plan --schema-root "$T/app2" --desired "$T/d" --dry-run >"$T/out" 2>"$T/err" &
pid=$!
i=0
while [ $i -lt 300 ] && ! ls "$T/tmp" | grep -q schemadiff-server; do sleep 0.05; i=$((i + 1)); done
sleep 0.5
srv=$(ls "$T/tmp" | grep schemadiff-server | head -n 1)
if [ -n "$srv" ]; then ok; else bad "killed: no throwaway server appeared"; cat "$T/err"; fi
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
i=0
while [ $i -lt 200 ] && [ -n "$(ls "$T/tmp")" ]; do sleep 0.05; i=$((i + 1)); done
equal "killed: folder removed" "$(ls "$T/tmp")" ""
if [ -n "$srv" ] && pgrep -f "$srv" >/dev/null; then bad "killed: a server process remains"; pgrep -af "$srv"; else ok; fi

finish "versions"
