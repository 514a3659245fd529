#!/bin/sh
# tests/cli/live.sh: `schemadiff migrate` and `schemadiff status` against a
# real PostgreSQL server: versions applied in order and recorded, --to,
# --dry-run, --baseline, checksum mismatches, a statement the server
# rejects, a connection killed in the middle of a version, two runs at once
# (lock, lock timeout), password redaction. Each scenario gets a fresh
# database. Needs a server; run from the repository root:
#   SCHEMADIFF=./schemadiff tests/harness/with-pg.sh sh tests/cli/live.sh
# Prints one line per failure and a closing "N passed, N failed" line.

NAME=live
. "$(pwd)/tests/cli/lib_pg.sh"

# q DB SQL: one value per line, unaligned

# newdb: a fresh database; sets DB and URL

fresh_example() {
	rm -rf "$T/ex"
	mkdir -p "$T/ex"
	cp -R "$TOP/fixtures/example/app" "$T/ex/app"
}

history() { q "$DB" "SELECT string_agg(version || ':' || outcome, ' ' ORDER BY applied_at, version) FROM schemadiff.schemadiff_history"; }

# --- usage ----------------------------------------------------------------
for cmd in migrate status; do
	run "$cmd -h" 0 "$SD" "$cmd" -h
	expect_out "$cmd -h" "usage: schemadiff $cmd"
	run "$cmd bad option" 129 "$SD" "$cmd" --no-such-option
	expect_err "$cmd bad option" "usage: schemadiff $cmd"
	run "$cmd without --schema-root" 129 "$SD" "$cmd" --url "$SD_TEST_PG_URL"
done
run "migrate bad --lock-timeout" 129 "$SD" migrate --schema-root "$TOP/fixtures/example/app" --lock-timeout 5x
expect_err "migrate bad --lock-timeout" 'invalid --lock-timeout "5x"'
run "status bad --format" 129 "$SD" status --schema-root "$TOP/fixtures/example/app" --format xml

# --- the example: dry run, --to, several versions in one run, status --------
newdb
fresh_example
run "status of an empty database (pending: exit 1)" 1 "$SD" status --url "$URL" --schema-root "$T/ex/app"
expect_out "status empty: current" 'current version: +none'
expect_out "status empty: pending" 'pending: +1, 2, 3'
run "dry run" 0 "$SD" migrate --url "$URL" --schema-root "$T/ex/app" --dry-run
expect_out "dry run prints versions" '^-- version 3'
expect_out "dry run prints SQL" 'CREATE TYPE shop.order_status'
expect_err "dry run summary" 'would run: 1, 2, 3; nothing was changed'
equal "dry run changes nothing" "$(q "$DB" "SELECT count(*) FROM pg_namespace WHERE nspname IN ('shop', 'schemadiff')")" 0
run "migrate --to 1" 0 "$SD" migrate --url "$URL" --schema-root "$T/ex/app" --to 1
expect_err "migrate --to 1" 'applied version 1'
equal "--to 1: history" "$(history)" "1:applied"
equal "--to 1: version 2 not run" "$(q "$DB" "SELECT to_regclass('shop.products') IS NULL")" t
run "status after --to 1 (pending: exit 1)" 1 "$SD" status --url "$URL" --schema-root "$T/ex/app" --format json
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["current_version"] == "1", d
assert [p["version"] for p in d["pending"]] == ["2", "3"], d
assert d["checksum_mismatches"] == [] and d["unknown_versions"] == [], d
assert d["applied"][0]["outcome"] == "applied" and d["applied"][0]["tool_version"], d
assert len(d["applied"][0]["checksum"]) == 64, d
' "$T/out"; then ok; else bad "status JSON after --to 1"; fi
run "migrate to the latest" 0 "$SD" migrate --url "$URL" --schema-root "$T/ex/app"
expect_err "several versions in one run" 'applied version 2.*'
expect_err "several versions in one run (3)" 'the database is at version 3'
equal "history after migrate" "$(history)" "1:applied 2:applied 3:applied"
equal "objects exist" "$(q "$DB" "SELECT count(*) FROM pg_views WHERE schemaname = 'shop'")" 1
run "migrate again" 0 "$SD" migrate --url "$URL" --schema-root "$T/ex/app"
expect_err "migrate again" 'nothing to do: the database is at version 3'
equal "history unchanged" "$(history)" "1:applied 2:applied 3:applied"
run "status up to date" 0 "$SD" status --url "$URL" --schema-root "$T/ex/app"
expect_out "status up to date" 'pending: +none'
expect_out "status current 3" 'current version: +3'
# the environment (PG* variables) when --url is empty or absent
run "migrate with PGDATABASE" 0 env PGDATABASE="$DB" "$SD" migrate --schema-root "$T/ex/app"
expect_err "migrate with PGDATABASE" 'nothing to do'

# --- checksum mismatch; versions recorded but not in the root ----------------
printf '\n-- edited\n' >>"$T/ex/app/2/revisions.sql"
run "checksum mismatch" 2 "$SD" migrate --url "$URL" --schema-root "$T/ex/app"
expect_err "checksum mismatch names the file" '2/revisions.sql: checksum mismatch: version 2'
run "status shows the mismatch (exit 1)" 1 "$SD" status --url "$URL" --schema-root "$T/ex/app" --format json
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
m = d["checksum_mismatches"]
assert len(m) == 1 and m[0]["version"] == "2" and m[0]["files"][0].endswith("2/revisions.sql"), d
' "$T/out"; then ok; else bad "status JSON mismatch"; fi
fresh_example
q "$DB" "INSERT INTO schemadiff.schemadiff_history VALUES ('app', '9', 'x', now(), 0, 'me', '0', 'applied')" >/dev/null
run "status unknown version" 0 "$SD" status --url "$URL" --schema-root "$T/ex/app"
expect_out "status unknown version" 'not in the root: +9'

# --- baseline -----------------------------------------------------------------
newdb
fresh_example
q "$DB" "CREATE SCHEMA shop; CREATE TABLE shop.customers (id int)" >/dev/null
run "objects without history" 2 "$SD" migrate --url "$URL" --schema-root "$T/ex/app"
expect_err "objects without history" 'no schemadiff history for schema "app" but already holds objects \(table shop.customers\)'
expect_err "objects without history: hint" '--baseline'
run "status: untracked objects (pending: exit 1)" 1 "$SD" status --url "$URL" --schema-root "$T/ex/app"
expect_out "status: untracked objects" 'needs --baseline'
newdb
"$SD" migrate --url "$URL" --schema-root "$T/ex/app" --to 2 >/dev/null 2>&1
q "$DB" "DROP SCHEMA schemadiff CASCADE" >/dev/null
run "migrate --baseline 2" 0 "$SD" migrate --url "$URL" --schema-root "$T/ex/app" --baseline 2
expect_err "migrate --baseline 2" 'recorded version 2 as the baseline'
expect_err "baseline then 3" 'applied version 3'
equal "baseline history" "$(history)" "2:baseline 3:applied"
run "--baseline with history" 2 "$SD" migrate --url "$URL" --schema-root "$T/ex/app" --baseline 1
expect_err "--baseline with history" 'already has a history'
run "--baseline unknown" 2 "$SD" migrate --url "$URL" --schema-root "$T/ex/app" --baseline 7
run "--to unknown" 2 "$SD" migrate --url "$URL" --schema-root "$T/ex/app" --to 7
expect_err "--to unknown" '"7" is not in the version-history'

# --- a statement the server rejects: nothing of the version remains ------------
newdb
mkroot "$T/r" fail 1 2 3
printf 'CREATE TABLE t (x int);\nINSERT INTO t VALUES (-1);\n' >"$T/r/1/revisions.sql"
printf 'CREATE TABLE t2 (a int);\n\nALTER TABLE t\n  ADD CONSTRAINT c CHECK (x > 0);\n' >"$T/r/2/revisions.sql"
printf 'CREATE TABLE t3 (a int);\n' >"$T/r/3/revisions.sql"
run "failing statement" 2 "$SD" migrate --url "$URL" --schema-root "$T/r"
expect_err "failing statement: file and line" "^schemadiff: error: $T/r/2/revisions.sql:3:1: version 2: check constraint \"c\" of relation \"t\" is violated by some row"
expect_err "failing statement: rolled back" 'version 2 was rolled back; the database is at version 1 \(this run committed 1 version before it\)'
equal "failing statement: t2 rolled back" "$(q "$DB" "SELECT to_regclass('t2') IS NULL")" t
equal "failing statement: version 3 not run" "$(q "$DB" "SELECT to_regclass('t3') IS NULL")" t
equal "failing statement: history" "$(history)" "1:applied"
printf 'CREATE TABLE t2 (a int);\nUPDATE t SET x = 1;\nALTER TABLE t ADD CONSTRAINT c CHECK (x > 0);\n' >"$T/r/2/revisions.sql"
run "after the fix" 0 "$SD" migrate --url "$URL" --schema-root "$T/r"
equal "after the fix: history" "$(history)" "1:applied 2:applied 3:applied"
# detail lines from the server
newdb
mkroot "$T/r" dup 1
printf 'CREATE TABLE u (a int PRIMARY KEY);\nINSERT INTO u VALUES (1), (1);\n' >"$T/r/1/revisions.sql"
run "server detail" 2 "$SD" migrate --url "$URL" --schema-root "$T/r"
expect_err "server detail" '^detail: Key \(a\)=\(1\) already exists'
equal "server detail: nothing left" "$(q "$DB" "SELECT to_regclass('u') IS NULL")" t

# --- checked before anything runs: syntax errors, non-transactional ------------
newdb
mkroot "$T/r" chk 1 2
printf 'CREATE TABLE a (id int);\n' >"$T/r/1/revisions.sql"
printf 'CREATE TABLE b (id int);\nCREATE TABEL c (id int);\n' >"$T/r/2/revisions.sql"
run "syntax error" 2 "$SD" migrate --url "$URL" --schema-root "$T/r"
expect_err "syntax error position" "$T/r/2/revisions.sql:2:8: syntax error at or near \"TABEL\""
equal "syntax error: nothing ran" "$(q "$DB" "SELECT to_regclass('a') IS NULL")" t
printf 'CREATE TABLE b (id int);\n\nCREATE INDEX CONCURRENTLY b_i ON b (id);\n' >"$T/r/2/revisions.sql"
run "concurrently refused" 2 "$SD" migrate --url "$URL" --schema-root "$T/r"
expect_err "concurrently refused" "$T/r/2/revisions.sql:3:1: version 2: CREATE INDEX CONCURRENTLY cannot run inside a transaction block"
printf 'CREATE TABLE b (id int);\nCOMMIT;\n' >"$T/r/2/revisions.sql"
run "transaction control refused" 2 "$SD" migrate --url "$URL" --schema-root "$T/r"
expect_err "transaction control refused" '2/revisions.sql:2:1: .*transaction control'
equal "refusals: nothing ran" "$(q "$DB" "SELECT to_regclass('a') IS NULL")" t

# --- the connection is killed in the middle of a version ------------------------
newdb
mkroot "$T/r" kill 1 2
printf 'CREATE TABLE k1 (id int);\n' >"$T/r/1/revisions.sql"
printf 'CREATE TABLE k2 (id int);\nINSERT INTO k2 VALUES (1);\nSELECT pg_sleep(3);\nCREATE TABLE k3 (id int);\n' >"$T/r/2/revisions.sql"
"$SD" migrate --url "$URL" --schema-root "$T/r" >"$T/kill.out" 2>"$T/kill.err" &
pid=$!
killed=0
for i in $(seq 1 50); do
	r=$(q "$DB" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$DB' AND application_name = 'schemadiff' AND query LIKE 'SELECT pg_sleep%'")
	if [ "$r" = t ]; then killed=1; break; fi
	sleep 0.1
done
wait $pid
rc=$?
equal "killed: backend found and terminated" "$killed" 1
equal "killed: exit status" "$rc" 2
cp "$T/kill.err" "$T/err"
expect_err "killed: names version and statement" "$T/r/2/revisions.sql:3:1: version 2: terminating connection"
expect_err "killed: rolled back" 'version 2 was rolled back; the database is at version 1'
equal "killed: history as before version 2" "$(history)" "1:applied"
equal "killed: nothing of version 2" "$(q "$DB" "SELECT to_regclass('k2') IS NULL")" t
equal "killed: lock released" "$(q "$DB" "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")" 0
printf 'CREATE TABLE k2 (id int);\nINSERT INTO k2 VALUES (1);\nSELECT pg_sleep(0.1);\nCREATE TABLE k3 (id int);\n' >"$T/r/2/revisions.sql"
run "killed: run again" 0 "$SD" migrate --url "$URL" --schema-root "$T/r"
equal "killed: run again history" "$(history)" "1:applied 2:applied"
equal "killed: run again rows" "$(q "$DB" "SELECT count(*) FROM k2")" 1

# --- two runs at once ------------------------------------------------------------
newdb
mkroot "$T/r" conc 1 2 3
printf 'CREATE TABLE c1 (id int);\nSELECT pg_sleep(1);\n' >"$T/r/1/revisions.sql"
printf 'CREATE TABLE c2 (id int);\n' >"$T/r/2/revisions.sql"
printf 'CREATE TABLE c3 (id int);\nINSERT INTO c3 VALUES (1);\n' >"$T/r/3/revisions.sql"
"$SD" migrate --url "$URL" --schema-root "$T/r" >"$T/a.out" 2>"$T/a.err" &
pa=$!
"$SD" migrate --url "$URL" --schema-root "$T/r" >"$T/b.out" 2>"$T/b.err" &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
equal "concurrent: first exit" "$ra" 0
equal "concurrent: second exit" "$rb" 0
equal "concurrent: one row per version" "$(q "$DB" "SELECT count(*), count(DISTINCT version) FROM schemadiff.schemadiff_history")" "3|3"
equal "concurrent: rows inserted once" "$(q "$DB" "SELECT count(*) FROM c3")" 1
if cat "$T/a.err" "$T/b.err" | grep -q 'waiting for the lock of schema "conc"'; then ok; else bad "concurrent: no run waited for the lock"; fi
if cat "$T/a.err" "$T/b.err" | grep -q 'nothing to do: the database is at version 3'; then ok; else bad "concurrent: the second run did not re-read the history"; cat "$T/a.err" "$T/b.err"; fi
# fail fast with --lock-timeout
newdb
"$SD" migrate --url "$URL" --schema-root "$T/r" >"$T/a.out" 2>"$T/a.err" &
pa=$!
for i in $(seq 1 50); do
	[ "$(q "$DB" "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" = 1 ] && break
	sleep 0.05
done
run "lock timeout" 2 "$SD" migrate --url "$URL" --schema-root "$T/r" --lock-timeout 100ms
expect_err "lock timeout" 'another schemadiff run holds the lock for schema "conc"'
wait $pa
equal "lock timeout: the holder finished" "$?" 0
equal "lock timeout: history" "$(history)" "1:applied 2:applied 3:applied"

# --- connection strings and passwords ------------------------------------------
run "unreachable URL" 2 "$SD" migrate --url "postgres://postgres:sekret42@127.0.0.1:1/x" --schema-root "$T/r"
expect_err "unreachable URL redacted" 'postgres://postgres:\*\*\*@127.0.0.1:1/x'
no_match "URL password hidden" sekret42 "$T/err"
run "unreachable conninfo" 2 "$SD" status --url "host=127.0.0.1 port=1 password=sekret42" --schema-root "$T/r"
expect_err "conninfo redacted" 'password=\*\*\*'
no_match "conninfo password hidden" sekret42 "$T/err"
run "conninfo works" 0 "$SD" status --url "host=127.0.0.1 port=$PGPORT dbname=$DB user=postgres password=sekret42" --schema-root "$T/r"
expect_out "status shows redacted conninfo" 'password=\*\*\*'
no_match "status hides the password" sekret42 "$T/out"
run "mysql URL, no server" 2 "$SD" migrate --url "mysql://root:sekret42@127.0.0.1:1/app" --schema-root "$T/r"
expect_err "mysql URL redacted" 'cannot connect to mysql://root:\*\*\*@127.0.0.1:1/app'
no_match "mysql password hidden" sekret42 "$T/err"

# --- plan, then migrate: the database equals the desired files ------------------
# (the example adds an enum value that a view uses: plan puts it in a version
# of its own, so that each version runs in one transaction)
newdb
rm -rf "$T/pm" && mkdir -p "$T/pm" && cp -R "$TOP/fixtures/example/." "$T/pm/"
run "plan for migrate" 0 "$SD" plan --schema-root "$T/pm/app" --desired "$T/pm/schema"
run "migrate the planned versions" 0 "$SD" migrate --url "$URL" --schema-root "$T/pm/app"
expect_err "migrate the planned versions" "the database is at version 5"
run "migrated database equals the desired files" 0 "$SD" diff --exit-code "$URL" "$T/pm/schema"
[ -s "$T/out" ] && bad "migrated database differs from the desired files" || ok

echo "live: $pass passed, $fail failed"
[ "$fail" = 0 ]
