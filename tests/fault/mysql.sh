#!/bin/sh
# tests/fault/mysql.sh: runtime faults against a real MariaDB, whose DDL
# is not transactional: SIGINT and SIGTERM in migrate (the statement in
# flight ends, the history row says exactly how far it got, exit 130/143,
# the rerun completes); migrate interrupted at random moments by SIGINT,
# SIGTERM, SIGKILL and a server-side KILL of its sessions (24 runs): every
# rerun completes and the end state equals an uninterrupted run's; a data
# statement in flight when the client died is reported, not run again,
# until --resume-at says; the lock session killed while a second run
# waits (each statement exactly once); the server restarted while migrate
# runs (a clear error, the history says where it stopped, the rerun runs
# each statement once); a listener that never answers; leftover scratch
# databases of dead runs swept and interrupted applies leaving none.
# Every wait is bounded. Run from the repository root:
#   SCHEMADIFF=./schemadiff sh tests/harness/with-mariadb.sh sh tests/fault/mysql.sh
# Prints one line per failure and a closing "N passed, N failed" line.

SD=${SCHEMADIFF:-$(pwd)/schemadiff}
TOP=$(pwd)
if [ -z "${SD_TEST_MYSQL_URL:-}" ]; then
	echo "fault/mysql: error: no server: run under tests/harness/with-mariadb.sh" >&2
	exit 2
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-fault-my.XXXXXX")
HANG_PID=
cleanup() {
	[ -n "$HANG_PID" ] && kill "$HANG_PID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
. "$TOP/tests/cli/lib.sh"
SYSTEM_TYPE=mysql

hp=${SD_TEST_MYSQL_URL#*@}
hp=${hp%%/*}
MHOST=${hp%:*}
MPORT=${hp##*:}
BASE=${SD_TEST_MYSQL_URL%/*}

q() { mariadb --no-defaults -h "$MHOST" -P "$MPORT" -u root --protocol=tcp -N -B ${1:+"$1"} -e "$2" 2>&1; }

n=0
newdb() {
	n=$((n + 1))
	DB=sd_fault_$n
	q "" "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB" >/dev/null ||
		{ echo "fault/mysql: cannot create a database" >&2; exit 2; }
	URL="$BASE/$DB"
}

wait_for() {	# wait_for SQL: until it prints something other than 0 (15 s)
	i=0
	while [ $i -lt 150 ]; do
		v=$(q "" "$1")
		[ -n "$v" ] && [ "$v" != 0 ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

wait_pid() {	# its exit status, or 124 (killed) after 60 s
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 600 ]; do
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

sleeping() { echo "SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = '$DB' AND INFO LIKE 'SELECT SLEEP%'"; }
locks_held() { q "" "SELECT count(*) FROM information_schema.PROCESSLIST WHERE USER = 'root' AND INFO IS NULL AND ID <> CONNECTION_ID() AND DB = '$DB'"; }
scratch_dbs() { q "" "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'schemadiff\\_scratch\\_%'"; }
history() { q "$DB" "SELECT concat(version, ':', outcome, ':', statements_done) FROM schemadiff_history ORDER BY version" | tr '\n' ' '; }

# --- SIGINT / SIGTERM during migrate --------------------------------------
root=$T/root
mkroot "$root" app 1 2
echo 'CREATE TABLE a (id int);' >"$root/1/revisions.sql"
printf 'CREATE TABLE b (id int);\nSELECT SLEEP(2);\nCREATE TABLE c (id int);\n' >"$root/2/revisions.sql"
for sig in INT TERM; do
	newdb
	"$SD" migrate --url "$URL" --schema-root "$root" >"$T/out" 2>"$T/err" &
	pid=$!
	wait_for "$(sleeping)" || bad "migrate SIG$sig: the sleep never started"
	kill -$sig $pid
	wait_pid $pid
	got=$?
	if [ $sig = INT ]; then want=130; else want=143; fi
	equal "migrate SIG$sig: exit" "$got" "$want"
	expect_err "migrate SIG$sig: state line" "interrupted by SIG$sig"
	equal "migrate SIG$sig: c not created" "$(q "$DB" "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$DB' AND TABLE_NAME = 'c'")" 0
	equal "migrate SIG$sig: no session left" "$(locks_held)" 0
	run "migrate SIG$sig: rerun" 0 timeout 60 "$SD" migrate --url "$URL" --schema-root "$root"
	equal "migrate SIG$sig: history" "$(history)" "1:applied:1 2:applied:3 "
	equal "migrate SIG$sig: tables" "$(q "$DB" "SELECT group_concat(TABLE_NAME ORDER BY TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$DB'")" "a,b,c,schemadiff_history"
done

# --- random interruptions: SIGINT, SIGTERM, SIGKILL, server KILL ----------
# Three versions of DDL statements; the reference is an uninterrupted run.
mkroot "$root" app 1 2 3
for v in 1 2 3; do
	: >"$root/$v/revisions.sql"
	for k in 1 2 3 4 5 6; do
		printf 'CREATE TABLE t_%s_%s (id int PRIMARY KEY, a varchar(20));\n' $v $k >>"$root/$v/revisions.sql"
		printf 'ALTER TABLE t_%s_%s ADD COLUMN b int DEFAULT %s;\n' $v $k $k >>"$root/$v/revisions.sql"
		printf 'CREATE INDEX t_%s_%s_a ON t_%s_%s (a);\n' $v $k $v $k >>"$root/$v/revisions.sql"
	done
done
newdb
t0=$(date +%s%N)
run "random: the reference run" 0 "$SD" migrate --url "$URL" --schema-root "$root"
# how long a whole run takes here (ms): the interruptions fall inside it,
# on a loaded machine too
ref_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$ref_ms" -ge 200 ] || ref_ms=200
"$SD" inspect --url "$URL" >"$T/reference.sql" 2>/dev/null
ref_db=$DB
total=0 completed=0 interrupted=0 compared=0
for r in $(seq 1 24); do
	newdb
	case $((r % 4)) in
		0) how=INT ;; 1) how=TERM ;; 2) how=KILL ;; 3) how=server ;;
	esac
	"$SD" migrate --url "$URL" --schema-root "$root" >"$T/out" 2>"$T/err" &
	pid=$!
	# a random moment inside the run (5% to 95% of the reference run)
	sleep "$(awk "BEGIN { srand($r * 7919); printf \"%.3f\", $ref_ms * (0.05 + rand() * 0.9) / 1000 }")"
	if [ $how = server ]; then
		for id in $(q "" "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '$DB' AND ID <> CONNECTION_ID()"); do
			q "" "KILL $id" >/dev/null
		done
	else
		kill -$how $pid 2>/dev/null
	fi
	wait_pid $pid
	first=$?
	total=$((total + 1))
	[ $first != 0 ] && interrupted=$((interrupted + 1))
	# reruns until done (a run may need one to look, one to finish)
	done_ok=
	for attempt in 1 2 3; do
		if timeout 60 "$SD" migrate --url "$URL" --schema-root "$root" >"$T/out" 2>"$T/err2"; then
			grep -q "the catalog shows it" "$T/err2" && compared=$((compared + 1))
			done_ok=1
			break
		fi
	done
	if [ -n "$done_ok" ]; then ok; completed=$((completed + 1)); else
		bad "random $r ($how, first exit $first): the rerun failed"
		sed 's/^/    /' "$T/err2" | head -4
		echo "    history: $(history)"
	fi
	"$SD" inspect --url "$URL" >"$T/got.sql" 2>/dev/null
	if cmp -s "$T/reference.sql" "$T/got.sql"; then ok; else
		bad "random $r ($how): the end state differs from an uninterrupted run"
		diff "$T/reference.sql" "$T/got.sql" | head -6
	fi
	equal "random $r ($how): history" "$(history)" "1:applied:18 2:applied:18 3:applied:18 "
done
equal "random: runs completed" "$completed" "$total"
echo "fault/mysql: random: $total runs, $interrupted interrupted part way, $compared resolved by comparing the catalog"
[ $interrupted -ge 12 ] && ok || bad "random: only $interrupted of $total runs were interrupted part way"

# --- a data statement in flight when the client dies ----------------------
newdb
mkroot "$root" app 1
printf 'CREATE TABLE d (id int);\nINSERT INTO d SELECT 1 FROM (SELECT SLEEP(2)) s;\nCREATE TABLE e (id int);\n' >"$root/1/revisions.sql"
"$SD" migrate --url "$URL" --schema-root "$root" >"$T/out" 2>"$T/err" &
pid=$!
wait_for "SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = '$DB' AND INFO LIKE 'INSERT INTO d%'"
kill -KILL $pid
wait $pid 2>/dev/null
sleep 2.5	# the server completes the INSERT
run "data in flight: not run again" 2 "$SD" migrate --url "$URL" --schema-root "$root"
expect_err "data in flight: says what is unknown" "statement 2 \\(INSERT INTO d.*whether it completed cannot be seen"
expect_err "data in flight: what to do" "--resume-at 3"
equal "data in flight: inserted once" "$(q "$DB" "SELECT count(*) FROM d")" 1
run "data in flight: --resume-at 3" 0 "$SD" migrate --url "$URL" --schema-root "$root" --resume-at 3
equal "data in flight: still once" "$(q "$DB" "SELECT count(*) FROM d")" 1
equal "data in flight: history" "$(history)" "1:applied:3 "

# --- the deploy lock's session killed: exactly once -----------------------
mkroot "$root" app 1 2 3
echo 'CREATE TABLE log (v int);' >"$root/1/revisions.sql"
for v in 2 3; do
	printf 'INSERT INTO log VALUES (%s);\nSELECT SLEEP(0.4);\nINSERT INTO log VALUES (%s);\n' $v $v >"$root/$v/revisions.sql"
done
for round in 1 2 3 4; do
	newdb
	"$SD" migrate --url "$URL" --schema-root "$root" >"$T/out1" 2>"$T/err1" &
	first=$!
	wait_for "SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = '$DB' AND INFO LIKE 'INSERT INTO log%' OR INFO LIKE 'SELECT SLEEP%'"
	"$SD" migrate --url "$URL" --schema-root "$root" >"$T/out2" 2>"$T/err2" &
	second=$!
	sleep "0.$(( (round * 37) % 10 ))"
	holder=$(q "" "SELECT IS_USED_LOCK('schemadiff:app')")
	[ -n "$holder" ] && [ "$holder" != NULL ] && q "" "KILL $holder" >/dev/null
	wait_pid $first
	r1=$?
	wait_pid $second
	r2=$?
	case "$r1$r2" in *124*) bad "lock loss round $round: a run hung" ;; *) ok ;; esac
	if [ $r1 != 0 ] && ! grep -q "deploy lock .* was lost\|interrupted\|Lost connection\|killed" "$T/err1"; then
		bad "lock loss round $round: first run failed otherwise"; sed 's/^/    /' "$T/err1" | head -3
	fi
	run "lock loss round $round: third run" 0 timeout 60 "$SD" migrate --url "$URL" --schema-root "$root"
	equal "lock loss round $round: each statement once" \
		"$(q "$DB" "SELECT group_concat(concat(v, ':', n) ORDER BY v) FROM (SELECT v, count(*) n FROM log GROUP BY v) s")" \
		"2:2,3:2"
	equal "lock loss round $round: history" "$(history)" "1:applied:1 2:applied:3 3:applied:3 "
done

# --- a listener that accepts and never answers ----------------------------
python3 -c '
import socket
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
HANG="mysql://u:pw@127.0.0.1:$(cat "$T/hang.port")/db"
newdb
run "hung: migrate of the healthy one" 0 "$SD" migrate --url "$URL" --schema-root "$root"
for cmd in status migrate; do
	start=$(date +%s)
	run "hung: $cmd" 2 timeout 30 "$SD" $cmd --url "$HANG" --schema-root "$root" --connect-timeout 2s
	took=$(( $(date +%s) - start ))
	[ $took -le 5 ] && ok || bad "hung: $cmd took ${took}s"
done
start=$(date +%s)
run "hung: drift of two, one hung" 2 timeout 30 "$SD" drift --url "$HANG" --url "$URL" --schema-root "$root" --format json --output "$T/drift.json" --target-timeout 3s
took=$(( $(date +%s) - start ))
[ $took -le 6 ] && ok || bad "hung: drift took ${took}s"
if python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["databases"]
assert len(t) == 2 and t[0].get("error") and not t[1].get("error"), t
' "$T/drift.json"; then ok; else bad "hung: drift report"; head -20 "$T/drift.json"; fi
kill $HANG_PID 2>/dev/null
wait $HANG_PID 2>/dev/null
HANG_PID=

# --- scratch databases: swept when their owner is gone; none left --------
newdb
sh -c 'echo $$' >"$T/deadpid"
dead=$(cat "$T/deadpid")
q "" "CREATE DATABASE schemadiff_scratch_${dead}_0123456789abcdef COMMENT 'schemadiff scratch host=$(hostname) pid=$dead pstart=1 created=$(date +%s)'" >/dev/null
printf 'CREATE TABLE t (id int PRIMARY KEY, note varchar(20));\n' >"$T/desired.sql"
run "sweep: apply" 0 "$SD" apply --url "$URL" --desired "$T/desired.sql"
expect_err "sweep: says so" "dropped the leftover scratch database schemadiff_scratch_${dead}_"
equal "sweep: none left" "$(scratch_dbs)" 0
printf 'CREATE TABLE t (id int PRIMARY KEY, note varchar(20));\nCREATE TABLE u (id int);\n' >"$T/desired.sql"
for i in 1 2 3 4; do
	"$SD" apply --url "$URL" --desired "$T/desired.sql" >"$T/out" 2>"$T/err" &
	pid=$!
	sleep "0.$((i * 2))"
	kill -TERM $pid 2>/dev/null
	wait_pid $pid
	got=$?
	case $got in 0|143) ok ;; *) bad "apply SIGTERM $i: exit $got"; sed 's/^/    /' "$T/err" | head -3 ;; esac
	equal "apply SIGTERM $i: no scratch database" "$(scratch_dbs)" 0
done
run "apply after interruptions" 0 "$SD" apply --url "$URL" --desired "$T/desired.sql"

# --- the server restarted while migrate runs ------------------------------
# Each version logs itself once and then sleeps; the server is restarted
# (a clean shutdown, which ends every session) while a version sleeps. The
# run fails saying it lost the server, within a bound; the history says
# where it stopped (the log statement done, the sleep started); the rerun
# resumes there and each version's statements ran exactly once.
mkroot "$root" app 1 2 3 4
echo 'CREATE TABLE log (v int);' >"$root/1/revisions.sql"
for v in 2 3 4; do
	printf 'INSERT INTO log VALUES (%s);\nSELECT SLEEP(2);\n' $v >"$root/$v/revisions.sql"
done
for at in 2 3; do
	newdb
	before="1:applied:1 "
	if [ $at = 3 ]; then
		run "restart in $at: migrate --to 2" 0 timeout 60 "$SD" migrate --url "$URL" --schema-root "$root" --to 2
		before="1:applied:1 2:applied:2 "
	fi
	"$SD" migrate --url "$URL" --schema-root "$root" >"$T/out" 2>"$T/err" &
	pid=$!
	wait_for "$(sleeping)" || bad "restart in $at: the sleep never started"
	"$SD_TEST_MYSQL_RESTART" || { echo "fault/mysql: the restart failed" >&2; exit 2; }
	wait_pid $pid
	equal "restart in $at: exit" "$?" 2
	expect_err "restart in $at: says why" "^schemadiff: error: .*/$at/revisions.sql:2:1: version $at: statement 2: .*Lost connection to server"
	expect_err "restart in $at: says where" "version $at stopped after 1 of its statements"
	equal "restart in $at: the history before the rerun" "$(history)" "${before}$at:running:1 "
	equal "restart in $at: the statement in flight" \
		"$(q "$DB" "SELECT error FROM schemadiff_history WHERE version = '$at'")" "started statement 2"
	run "restart in $at: rerun" 0 timeout 60 "$SD" migrate --url "$URL" --schema-root "$root"
	equal "restart in $at: each version once" \
		"$(q "$DB" "SELECT group_concat(concat(v, ':', n) ORDER BY v) FROM (SELECT v, count(*) n FROM log GROUP BY v) s")" \
		"2:1,3:1,4:1"
	equal "restart in $at: history" "$(history)" "1:applied:1 2:applied:2 3:applied:2 4:applied:2 "
	equal "restart in $at: no session left" "$(locks_held)" 0
	equal "restart in $at: no lock held" "$(q "" "SELECT IS_USED_LOCK('schemadiff:app') IS NULL")" 1
	equal "restart in $at: no scratch database" "$(scratch_dbs)" 0
done

echo "fault/mysql: $pass passed, $fail failed"
[ "$fail" = 0 ]
