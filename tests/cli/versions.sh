#!/bin/sh
# tests/cli/versions.sh: the command line of versions that travel (issue
# 15) on real servers: plan and validate --verify (our own throwaway
# server, --dev-url, the output naming the server, nothing written on a
# refusal, the server and its folder gone after schemadiff is killed).
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
