#!/bin/sh
# tests/load/online.sh: online mode under load, on a real PostgreSQL (run
# under tests/harness/with-pg.sh; `make check-load`).
#
# A table of 1,000,000 rows (generate_series); 4 writer clients (pgbench,
# bounded by time: each runs UPDATEs and INSERTs for LOAD_SECONDS) keep
# committing while `apply` adds an index, a foreign key, a NOT NULL and a
# column with a default. Once without --online (one transaction: the plan
# must name each hazard first), once with --online. The longest time a
# writer's transaction took while each apply ran is printed and compared:
# online must stall writers less than the plain transaction, and less than
# ONLINE_MAX_STALL_MS. Everything it creates is in two databases it drops.
set -u
if [ -z "${SD_TEST_PG_URL:-}" ] || [ -z "${SD_TEST_PG_BIN:-}" ]; then
	echo "online.sh: run under tests/harness/with-pg.sh" >&2
	exit 2
fi
SD=${SCHEMADIFF:-$(pwd)/schemadiff}
PGB=$SD_TEST_PG_BIN
ROWS=${LOAD_ROWS:-1000000}
CLIENTS=${LOAD_CLIENTS:-4}
SECONDS_LOAD=${LOAD_SECONDS:-20}
ONLINE_MAX_STALL_MS=${ONLINE_MAX_STALL_MS:-1500}
T=$(mktemp -d)
fails=0
trap 'for d in sd_load_plain sd_load_online; do "$PGB/dropdb" --if-exists "$d" >/dev/null 2>&1; done; rm -rf "$T"' EXIT INT TERM

bad() { echo "FAIL: $1" >&2; fails=$((fails + 1)); }
ok() { :; }
url_of() { echo "${SD_TEST_PG_URL%/*}/$1"; }

setup() {
	"$PGB/dropdb" --if-exists "$1" >/dev/null 2>&1
	"$PGB/createdb" "$1" || exit 2
	"$PGB/psql" -X -q -v ON_ERROR_STOP=1 -d "$(url_of "$1")" <<EOS || exit 2
CREATE TABLE parent (id int PRIMARY KEY);
INSERT INTO parent SELECT generate_series(1, 1000);
CREATE TABLE big (id bigint PRIMARY KEY, ref int, v int, payload text);
INSERT INTO big SELECT g, g % 1000 + 1, g, 'row ' || g FROM generate_series(1, $ROWS) g;
CREATE SEQUENCE big_new START $((ROWS + 1));
VACUUM ANALYZE big;
EOS
}

cat >"$T/desired.sql" <<'EOS'
CREATE TABLE parent (id int PRIMARY KEY);
CREATE SEQUENCE big_new START 1000001;
CREATE TABLE big (
	id bigint PRIMARY KEY,
	ref int REFERENCES parent (id),
	v int NOT NULL,
	payload text,
	flag boolean DEFAULT false
);
CREATE INDEX big_v ON big (v);
EOS
cat >"$T/writer.sql" <<EOS
\\set id random(1, $ROWS)
\\set r random(1, 1000)
BEGIN;
UPDATE big SET payload = 'updated', ref = :r WHERE id = :id;
INSERT INTO big (id, ref, v, payload) VALUES (nextval('big_new'), :r, :id, 'new');
END;
EOS

# Run the writers while `apply ARGS` runs; prints the longest writer
# transaction (ms) that ended after apply started, and apply's exit code.
under_load() {
	db=$1
	shift
	rm -f "$T"/pgbench_log.*
	(cd "$T" && "$PGB/pgbench" -n -c "$CLIENTS" -j "$CLIENTS" -T "$SECONDS_LOAD" \
		-f writer.sql -l --log-prefix=pgbench_log "$(url_of "$db")" \
		>"$T/pgbench.out" 2>&1) &
	bench=$!
	sleep 2
	start=$(date +%s%N)
	"$SD" apply --url "$(url_of "$db")" --desired "$T/desired.sql" "$@" \
		>"$T/$db.out" 2>"$T/$db.err"
	arc=$?
	end=$(date +%s%N)
	wait "$bench"
	# log lines: client tx latency_us script epoch_s epoch_us
	stall=$(cat "$T"/pgbench_log.* | awk -v s="$start" '
		{ endns = ($5 * 1000000 + $6) * 1000; if (endns >= s && $3 > m) m = $3 }
		END { printf "%d", m / 1000 }')
	ntx=$(cat "$T"/pgbench_log.* | wc -l)
	echo "$stall $arc $(( (end - start) / 1000000 )) $ntx"
}

setup sd_load_plain
setup sd_load_online

# Without --online: the plan names each hazard.
"$SD" apply --url "$(url_of sd_load_plain)" --desired "$T/desired.sql" --dry-run \
	--online-threshold none >"$T/dry.out" 2>"$T/dry.err"
[ $? = 1 ] || bad "dry run: exit $? (expected 1: changes to make)"
for h in \
	'hazard: create index public.big_v: blocks-writes, builds-index \(SHARE lock, held for a time proportional to the table\); public.big: [0-9]+ MB, about [0-9]+ rows' \
	'hazard: add constraint public.big.big_ref_fkey: blocks-writes, validates \(SHARE ROW EXCLUSIVE lock, held for a time proportional to the table\)' \
	'hazard: alter column public.big.v not null: blocks-writes, blocks-reads, validates \(ACCESS EXCLUSIVE lock, held for a time proportional to the table\)' \
	'hazard: add column public.big.flag: blocks-writes, blocks-reads \(ACCESS EXCLUSIVE lock, held briefly\)'; do
	grep -Eq -- "$h" "$T/dry.err" || bad "dry run does not name: $h"
done
# The size threshold turns online mode on by itself.
"$SD" apply --url "$(url_of sd_load_plain)" --desired "$T/desired.sql" --dry-run \
	--online-threshold 1MB >/dev/null 2>"$T/auto.err"
grep -q "at least the --online-threshold of 1 MB" "$T/auto.err" || bad "--online-threshold 1MB did not go online"

set -- $(under_load sd_load_plain --online-threshold none)
plain_stall=$1 plain_rc=$2 plain_ms=$3 plain_tx=$4
[ "$plain_rc" = 0 ] || { bad "apply (plain) exit $plain_rc"; sed 's/^/    /' "$T/sd_load_plain.err" >&2; }
set -- $(under_load sd_load_online --online)
online_stall=$1 online_rc=$2 online_ms=$3 online_tx=$4
[ "$online_rc" = 0 ] || { bad "apply --online exit $online_rc"; sed 's/^/    /' "$T/sd_load_online.err" >&2; }
grep -q "CREATE INDEX CONCURRENTLY big_v" "$T/sd_load_online.out" || bad "--online did not build the index CONCURRENTLY"
grep -q "VALIDATE CONSTRAINT big_ref_fkey" "$T/sd_load_online.out" || bad "--online did not VALIDATE the foreign key apart"

for db in sd_load_plain sd_load_online; do
	"$SD" apply --url "$(url_of "$db")" --desired "$T/desired.sql" >"$T/again" 2>&1 ||
		bad "$db: apply again failed"
	grep -q "no changes" "$T/again" || bad "$db: not idempotent: $(cat "$T/again")"
done

for ms in "$plain_ms" "$online_ms"; do
	[ "$ms" -lt $(( (SECONDS_LOAD - 2) * 1000 )) ] ||
		bad "an apply (${ms} ms) outlasted the writers: raise LOAD_SECONDS"
done
echo "load: $ROWS rows, $CLIENTS writers"
echo "load: without --online: apply ${plain_ms} ms, longest writer stall ${plain_stall} ms ($plain_tx writer transactions)"
echo "load: with --online:    apply ${online_ms} ms, longest writer stall ${online_stall} ms ($online_tx writer transactions)"
[ "$online_stall" -lt "$plain_stall" ] || bad "online stall ${online_stall} ms is not below the plain stall ${plain_stall} ms"
[ "$online_stall" -lt "$ONLINE_MAX_STALL_MS" ] || bad "online stall ${online_stall} ms is not below ${ONLINE_MAX_STALL_MS} ms"
if [ "$fails" -gt 0 ]; then
	echo "load: $fails failed" >&2
	exit 1
fi
echo "load: passed"
