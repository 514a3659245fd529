#!/bin/sh
# tests/fault/pg.sh: runtime faults against a real PostgreSQL: SIGINT and
# SIGTERM at several points of migrate and apply (rolled back, lock
# released, no scratch database left, exit 130/143, a rerun succeeds); a
# reader holding a table lock and --ddl-lock-timeout; the deploy lock's
# session terminated at random points while a second run waits (every
# version's statements run exactly once); the server restarted while
# migrate runs (a clear error, the rerun runs each version once); a
# listener that accepts and never answers (status, migrate, drift end
# within the connect timeout; drift still reports the healthy target); the
# password scrubbed from /proc/PID/cmdline; leftover scratch databases of
# dead runs swept.
# Every wait is bounded. Run from the repository root:
#   SCHEMADIFF=./schemadiff sh tests/harness/with-pg.sh sh tests/fault/pg.sh
# Prints one line per failure and a closing "N passed, N failed" line.

SD=${SCHEMADIFF:-$(pwd)/schemadiff}
TOP=$(pwd)
if [ -z "${SD_TEST_PG_URL:-}" ]; then
	echo "fault/pg: error: no server: run under tests/harness/with-pg.sh" >&2
	exit 2
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-fault-pg.XXXXXX")
HANG_PID=
cleanup() {
	[ -n "$HANG_PID" ] && kill "$HANG_PID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
. "$TOP/tests/cli/lib.sh"
PGB=$SD_TEST_PG_BIN

q() { "$PGB/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1; }

n=0
newdb() {
	n=$((n + 1))
	DB=sd_fault_$n
	"$PGB/dropdb" --if-exists "$DB" >/dev/null 2>&1
	"$PGB/createdb" "$DB" || { echo "fault/pg: createdb failed" >&2; exit 2; }
	URL="postgres://postgres@127.0.0.1:$PGPORT/$DB"
}

# wait_for DB SQL: until the query prints something other than 0 or
# nothing (at most 15 s)
wait_for() {
	i=0
	while [ $i -lt 150 ]; do
		v=$(q "$1" "$2")
		[ -n "$v" ] && [ "$v" != 0 ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# wait_pid PID: its exit status, or 124 (and killed) after 30 s
wait_pid() {
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -9 "$1" 2>/dev/null
		wait "$1" 2>/dev/null
		return 124
	fi
	wait "$1"
}

advisory_locks() { q postgres "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"; }
scratch_dbs() { q postgres "SELECT count(*) FROM pg_database WHERE datname LIKE 'schemadiff\\_scratch\\_%'"; }

# --- SIGINT / SIGTERM during migrate --------------------------------------
# Version 2 sleeps between two statements: the signal lands inside it.
root=$T/root
mkroot "$root" app 1 2 3
echo 'CREATE TABLE a (id int);' >"$root/1/revisions.sql"
printf 'CREATE TABLE b (id int);\nSELECT pg_sleep(4);\nCREATE TABLE c (id int);\n' >"$root/2/revisions.sql"
echo 'CREATE TABLE d (id int);' >"$root/3/revisions.sql"
for sig in INT TERM; do
	newdb
	"$SD" migrate --url "$URL" --schema-root "$root" >"$T/out" 2>"$T/err" &
	pid=$!
	wait_for "$DB" "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND state = 'active'" ||
		bad "migrate SIG$sig: the sleep never started"
	kill -$sig $pid
	wait_pid $pid
	got=$?
	if [ $sig = INT ]; then want=130; else want=143; fi
	equal "migrate SIG$sig: exit" "$got" "$want"
	expect_err "migrate SIG$sig: state line" "interrupted by SIG$sig: version 2 was rolled back; the database is at version 1"
	equal "migrate SIG$sig: version 2 rolled back" "$(q "$DB" "SELECT to_regclass('public.b') IS NULL")" t
	equal "migrate SIG$sig: history" "$(q "$DB" "SELECT string_agg(version, ',' ORDER BY version) FROM schemadiff.schemadiff_history")" 1
	equal "migrate SIG$sig: no lock held" "$(advisory_locks)" 0
	equal "migrate SIG$sig: no session left" "$(q postgres "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'schemadiff%'")" 0
	# the rerun: version 2 without its sleep would be another version;
	# the sleep is short enough to wait for here
	timeout 60 "$SD" migrate --url "$URL" --schema-root "$root" >"$T/out" 2>"$T/err"
	equal "migrate SIG$sig: rerun" "$?" 0
	equal "migrate SIG$sig: rerun history" "$(q "$DB" "SELECT string_agg(version, ',' ORDER BY version) FROM schemadiff.schemadiff_history")" 1,2,3
done

# --- SIGINT while waiting for the deploy lock -----------------------------
newdb
"$SD" migrate --url "$URL" --schema-root "$root" >"$T/out1" 2>"$T/err1" &
first=$!
wait_for "$DB" "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND state = 'active'"
"$SD" migrate --url "$URL" --schema-root "$root" >"$T/out" 2>"$T/err" &
second=$!
wait_for "$DB" "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted" ||
	bad "lock wait: the second run never waited"
kill -INT $second
wait_pid $second
equal "lock wait SIGINT: exit" "$?" 130
expect_err "lock wait SIGINT: says so" "interrupted by SIGINT"
kill -TERM $first
wait_pid $first
equal "lock wait: the first run, SIGTERM: exit" "$?" 143
equal "lock wait: no lock held" "$(advisory_locks)" 0

# --- SIGINT during apply (blocked behind a reader) ------------------------
newdb
q "$DB" "CREATE TABLE t (id int PRIMARY KEY)" >/dev/null
printf 'CREATE TABLE t (id int PRIMARY KEY, note text);\nCREATE TABLE u (id int);\n' >"$T/desired.sql"
"$PGB/psql" -X -q -d "$DB" -c "BEGIN; LOCK TABLE t IN ACCESS SHARE MODE; SELECT pg_sleep(20); COMMIT" >/dev/null 2>&1 &
reader=$!
wait_for "$DB" "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'BEGIN; LOCK TABLE t%' AND state = 'active'"
for sig in INT TERM; do
	"$SD" apply --url "$URL" --desired "$T/desired.sql" >"$T/out" 2>"$T/err" &
	pid=$!
	wait_for "$DB" "SELECT count(*) FROM pg_locks WHERE relation = 't'::regclass AND NOT granted" ||
		bad "apply SIG$sig: never blocked on the reader"
	kill -$sig $pid
	wait_pid $pid
	got=$?
	if [ $sig = INT ]; then want=130; else want=143; fi
	equal "apply SIG$sig: exit" "$got" "$want"
	expect_err "apply SIG$sig: state line" "interrupted by SIG$sig: the transaction was rolled back; the database is as it was before"
	equal "apply SIG$sig: nothing changed" "$(q "$DB" "SELECT count(*) FROM information_schema.columns WHERE table_name IN ('t', 'u')")" 1
	equal "apply SIG$sig: no scratch database" "$(scratch_dbs)" 0
	equal "apply SIG$sig: no lock held" "$(advisory_locks)" 0
done
kill $reader 2>/dev/null
q postgres "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$DB' AND application_name = 'psql'" >/dev/null
wait $reader 2>/dev/null
run "apply after the interruptions" 0 timeout 60 "$SD" apply --url "$URL" --desired "$T/desired.sql"
equal "apply: applied" "$(q "$DB" "SELECT count(*) FROM information_schema.columns WHERE table_name IN ('t', 'u')")" 3

# --- SIGINT while apply normalizes in its scratch database ----------------
newdb
printf 'CREATE TABLE v (id int);\nCREATE FUNCTION slow() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\nCREATE TABLE w (id int DEFAULT 1 CHECK (id > 0));\n' >"$T/desired2.sql"
for i in 1 2 3; do
	"$SD" apply --url "$URL" --desired "$T/desired2.sql" >"$T/out" 2>"$T/err" &
	pid=$!
	# a few points in the run: right away, during start-up, a moment in
	sleep "0.0$((i * 3))"
	kill -INT $pid 2>/dev/null
	wait_pid $pid
	got=$?
	case $got in 0|130) ok ;; *) bad "apply early SIGINT $i: exit $got"; sed 's/^/    /' "$T/err" | head -3 ;; esac
	equal "apply early SIGINT $i: no scratch database" "$(scratch_dbs)" 0
	equal "apply early SIGINT $i: no lock held" "$(advisory_locks)" 0
done
run "apply after early interruptions" 0 timeout 60 "$SD" apply --url "$URL" --desired "$T/desired2.sql"

# --- a reader holding a lock: --ddl-lock-timeout --------------------------
newdb
mkroot "$root" app 1 2
echo 'CREATE TABLE t (id int);' >"$root/1/revisions.sql"
echo 'ALTER TABLE t ADD COLUMN note text;' >"$root/2/revisions.sql"
run "ddl lock: version 1" 0 "$SD" migrate --url "$URL" --schema-root "$root" --to 1
"$PGB/psql" -X -q -d "$DB" -c "BEGIN; SELECT * FROM t; SELECT pg_sleep(20); COMMIT" >/dev/null 2>&1 &
reader=$!
wait_for "$DB" "SELECT count(*) FROM pg_locks WHERE relation = 't'::regclass AND granted"
start=$(date +%s)
run "ddl lock: gives up" 2 timeout 30 "$SD" migrate --url "$URL" --schema-root "$root" --ddl-lock-timeout 1s
took=$(( $(date +%s) - start ))
expect_err "ddl lock: says why" "lock timeout"
expect_err "ddl lock: rolled back" "was rolled back"
[ $took -le 5 ] && ok || bad "ddl lock: took ${took}s, want about 1s"
equal "ddl lock: still at 1" "$(q "$DB" "SELECT max(version) FROM schemadiff.schemadiff_history")" 1
kill $reader 2>/dev/null
q postgres "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$DB' AND application_name = 'psql'" >/dev/null
wait $reader 2>/dev/null
run "ddl lock: retry succeeds" 0 timeout 30 "$SD" migrate --url "$URL" --schema-root "$root" --ddl-lock-timeout 1s
equal "ddl lock: at 2" "$(q "$DB" "SELECT max(version) FROM schemadiff.schemadiff_history")" 2
run "bad --ddl-lock-timeout" 129 "$SD" migrate --url "$URL" --schema-root "$root" --ddl-lock-timeout 5x
run "--lock-timeout still taken" 0 "$SD" migrate --url "$URL" --schema-root "$root" --lock-timeout 1s
run "--deploy-lock-timeout" 0 "$SD" migrate --url "$URL" --schema-root "$root" --deploy-lock-timeout 1s

# --- a pending version that cannot run: nothing changes, not even the
# history table --------------------------------------------------------------
newdb
mkroot "$T/badroot" app 1 2
echo 'CREATE TABLE ok (id int);' >"$T/badroot/1/revisions.sql"
echo 'CREATE TABEL broken (id int);' >"$T/badroot/2/revisions.sql"
run "invalid pending version: refused" 2 "$SD" migrate --url "$URL" --schema-root "$T/badroot"
expect_err "invalid pending version: located" "2/revisions.sql:1:"
equal "invalid pending version: no history table" "$(q "$DB" "SELECT to_regclass('schemadiff.schemadiff_history') IS NULL AND to_regclass('public.ok') IS NULL")" t

# --- progress on stderr, nothing on stdout ---------------------------------
newdb
run "progress: migrate --progress" 0 "$SD" migrate --url "$URL" --schema-root "$root" --progress
expect_err "progress: a line per statement" "^\[1/2\] CREATE TABLE t \(id int\)  [0-9]+\.[0-9] s$"
expect_err "progress: the last" "^\[2/2\] ALTER TABLE t ADD COLUMN note text  [0-9]+\.[0-9] s$"
equal "progress: stdout unchanged" "$(cat "$T/out")" ""
newdb
run "progress: not a terminal, no --progress" 0 "$SD" migrate --url "$URL" --schema-root "$root"
no_match "progress: no lines" "^\[1/" "$T/err"
printf 'CREATE TABLE p (id int);\nCREATE TABLE p2 (id int);\n' >"$T/prog.sql"
run "progress: apply --progress" 0 "$SD" apply --url "$URL" --desired "$T/prog.sql" --progress --allow-destructive
expect_err "progress: apply lines" "^\[[0-9]+/[0-9]+\] "

# --- the deploy lock's session killed: exactly once -----------------------
# Each version logs itself into a table, sleeping between statements; the
# lock session of the first run is terminated at a random moment while a
# second run waits. Afterwards both end (one may stop, saying the lock was
# lost), a third run completes, and each version ran exactly once.
mkroot "$root" app 1 2 3 4
echo 'CREATE TABLE log (v int);' >"$root/1/revisions.sql"
for v in 2 3 4; do
	printf 'INSERT INTO log VALUES (%s);\nSELECT pg_sleep(0.3);\nINSERT INTO log VALUES (%s);\n' $v $v >"$root/$v/revisions.sql"
done
for round in 1 2 3 4; do
	newdb
	"$SD" migrate --url "$URL" --schema-root "$root" >"$T/out1" 2>"$T/err1" &
	first=$!
	wait_for "$DB" "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'schemadiff lock'"
	"$SD" migrate --url "$URL" --schema-root "$root" >"$T/out2" 2>"$T/err2" &
	second=$!
	sleep "0.$(( (round * 37) % 10 ))"
	q postgres "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'schemadiff lock' AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)" >/dev/null
	wait_pid $first
	r1=$?
	wait_pid $second
	r2=$?
	case "$r1$r2" in *124*) bad "lock loss round $round: a run hung" ;; *) ok ;; esac
	if [ $r1 != 0 ]; then
		if grep -q "deploy lock .* was lost" "$T/err1"; then ok; else
			bad "lock loss round $round: first run failed otherwise"; sed 's/^/    /' "$T/err1" | head -3
		fi
	fi
	run "lock loss round $round: third run" 0 timeout 60 "$SD" migrate --url "$URL" --schema-root "$root"
	equal "lock loss round $round: each statement once" \
		"$(q "$DB" "SELECT string_agg(v || ':' || n, ',' ORDER BY v) FROM (SELECT v, count(*) n FROM log GROUP BY v) s")" \
		"2:2,3:2,4:2"
	equal "lock loss round $round: history" "$(q "$DB" "SELECT string_agg(version, ',' ORDER BY version) FROM schemadiff.schemadiff_history")" 1,2,3,4
done

# --- a listener that accepts and never answers ----------------------------
python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(64)
print(s.getsockname()[1], flush=True)
held = []
while True:
    c, _ = s.accept()
    held.append(c)
' >"$T/hang.port" &
HANG_PID=$!
i=0
while [ ! -s "$T/hang.port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
HANG="postgres://u:pw@127.0.0.1:$(cat "$T/hang.port")/db"
newdb
run "hung: migrate of the healthy one" 0 "$SD" migrate --url "$URL" --schema-root "$root"
for cmd in status migrate; do
	start=$(date +%s)
	run "hung: $cmd" 2 timeout 30 "$SD" $cmd --url "$HANG" --schema-root "$root" --connect-timeout 2s
	took=$(( $(date +%s) - start ))
	expect_err "hung: $cmd says timeout" "timeout expired"
	[ $took -le 5 ] && ok || bad "hung: $cmd took ${took}s"
done
start=$(date +%s)
run "hung: drift of two, one hung" 2 timeout 30 "$SD" drift --url "$HANG" --url "$URL" --schema-root "$root" --format json --output "$T/drift.json" --connect-timeout 2s
took=$(( $(date +%s) - start ))
[ $took -le 6 ] && ok || bad "hung: drift took ${took}s"
if python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
t = r["databases"]
assert len(t) == 2, t
assert t[0].get("error"), t[0]
assert not t[1].get("error"), t[1]
' "$T/drift.json"; then ok; else bad "hung: drift report"; cat "$T/drift.json" | head -20; fi
# --target-timeout bounds a target's connection too
start=$(date +%s)
run "hung: drift --target-timeout" 2 timeout 30 "$SD" drift --url "$HANG" --url "$URL" --schema-root "$root" --target-timeout 2s
took=$(( $(date +%s) - start ))
[ $took -le 5 ] && ok || bad "hung: drift --target-timeout took ${took}s"
expect_out "hung: drift names the deadline" "target-timeout"
# the default connect timeout: 10 s
start=$(date +%s)
run "hung: status, default timeout" 2 timeout 30 "$SD" status --url "$HANG" --schema-root "$root"
took=$(( $(date +%s) - start ))
[ $took -ge 9 ] && [ $took -le 14 ] && ok || bad "hung: default connect timeout took ${took}s"
# --target-timeout: a target that connects but whose server stops
# answering (a statement that sleeps stands for it)
run "target timeout: bad value" 129 "$SD" drift --url "$URL" --schema-root "$root" --target-timeout x
kill $HANG_PID 2>/dev/null
wait $HANG_PID 2>/dev/null
HANG_PID=

# --- the password is scrubbed from argv ------------------------------------
newdb
mkroot "$root" app 1
echo 'SELECT pg_sleep(20);' >"$root/1/revisions.sql"
SECRET=Sekr3tPw
expect_in() { grep -q -- "$2" "$3" && ok || bad "$1: /$2/ not in $3"; }
for form in url conninfo; do
	newdb
	if [ $form = url ]; then
		u="postgres://postgres:$SECRET@127.0.0.1:$PGPORT/$DB"
		kept="postgres://postgres:x*@127.0.0.1"
	else
		u="host=127.0.0.1 port=$PGPORT dbname=$DB user=postgres password=$SECRET"
		kept="user=postgres password=xxxxxxxx"
	fi
	"$SD" migrate --url "$u" --schema-root "$root" >"$T/out" 2>"$T/err" &
	pid=$!
	wait_for "$DB" "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND state = 'active'"
	tr '\0' ' ' <"/proc/$pid/cmdline" >"$T/cmdline"
	no_match "argv ($form): password scrubbed" "$SECRET" "$T/cmdline"
	expect_in "argv ($form): the rest is kept" "$kept" "$T/cmdline"
	kill -INT $pid
	wait_pid $pid
	equal "argv ($form): interrupted" "$?" 130
	no_match "argv ($form): no password in messages" "$SECRET" "$T/err"
done

# --- leftover scratch databases of dead runs are swept --------------------
newdb
sh -c 'echo $$' >"$T/deadpid"
dead=$(cat "$T/deadpid")
host=$(hostname)
q postgres "CREATE DATABASE schemadiff_scratch_${dead}_0123456789abcdef" >/dev/null
q postgres "COMMENT ON DATABASE schemadiff_scratch_${dead}_0123456789abcdef IS 'schemadiff scratch host=$host pid=$dead pstart=1 created=$(date +%s)'" >/dev/null
q postgres "CREATE DATABASE schemadiff_scratch_1_fedcba9876543210" >/dev/null
q postgres "COMMENT ON DATABASE schemadiff_scratch_1_fedcba9876543210 IS 'schemadiff scratch host=elsewhere pid=1 pstart=1 created=$(date +%s)'" >/dev/null
run "sweep: apply" 0 "$SD" apply --url "$URL" --desired "$T/desired.sql"
expect_err "sweep: says so" "dropped the leftover scratch database schemadiff_scratch_${dead}_"
equal "sweep: dead owner's dropped, another host's kept" \
	"$(q postgres "SELECT string_agg(datname, ',') FROM pg_database WHERE datname LIKE 'schemadiff\\_scratch\\_%'")" \
	schemadiff_scratch_1_fedcba9876543210
q postgres "COMMENT ON DATABASE schemadiff_scratch_1_fedcba9876543210 IS 'schemadiff scratch host=elsewhere pid=1 pstart=1 created=$(( $(date +%s) - 90000 ))'" >/dev/null
run "sweep: a day old" 0 "$SD" apply --url "$URL" --desired "$T/desired.sql"
equal "sweep: a day old is dropped" "$(scratch_dbs)" 0

# --- the server restarted while migrate runs ------------------------------
# Each version logs itself once and then sleeps; the server is restarted
# (fast shutdown, which ends every session) while a version sleeps. The run
# fails saying it lost the server, within a bound; the version in flight is
# rolled back; the rerun completes and each version ran exactly once.
mkroot "$root" app 1 2 3 4
echo 'CREATE TABLE log (v int);' >"$root/1/revisions.sql"
for v in 2 3 4; do
	printf 'INSERT INTO log VALUES (%s);\nSELECT pg_sleep(2);\n' $v >"$root/$v/revisions.sql"
done
for at in 2 3; do
	newdb
	if [ $at = 3 ]; then
		run "restart in $at: migrate --to 2" 0 timeout 60 "$SD" migrate --url "$URL" --schema-root "$root" --to 2
	fi
	"$SD" migrate --url "$URL" --schema-root "$root" >"$T/out" 2>"$T/err" &
	pid=$!
	wait_for "$DB" "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND state = 'active'" ||
		bad "restart in $at: the sleep never started"
	"$SD_TEST_PG_RESTART" || { echo "fault/pg: the restart failed" >&2; exit 2; }
	wait_pid $pid
	equal "restart in $at: exit" "$?" 2
	expect_err "restart in $at: says why" "^schemadiff: error: .*/$at/revisions.sql:2:1: version $at: .*the connection to the server was lost"
	expect_err "restart in $at: says where" "version $at was rolled back; the database is at version $((at - 1))"
	equal "restart in $at: version $at rolled back" \
		"$(q "$DB" "SELECT string_agg(version, ',' ORDER BY version) FROM schemadiff.schemadiff_history")" \
		"$(seq -s, 1 $((at - 1)))"
	run "restart in $at: rerun" 0 timeout 60 "$SD" migrate --url "$URL" --schema-root "$root"
	equal "restart in $at: each version once" \
		"$(q "$DB" "SELECT string_agg(v || ':' || n, ',' ORDER BY v) FROM (SELECT v, count(*) n FROM log GROUP BY v) s")" \
		"2:1,3:1,4:1"
	equal "restart in $at: history" "$(q "$DB" "SELECT string_agg(version, ',' ORDER BY version) FROM schemadiff.schemadiff_history")" 1,2,3,4
	equal "restart in $at: no lock held" "$(advisory_locks)" 0
	equal "restart in $at: no scratch database" "$(scratch_dbs)" 0
done

echo "fault/pg: $pass passed, $fail failed"
[ "$fail" = 0 ]
