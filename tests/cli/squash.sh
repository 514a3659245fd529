#!/bin/sh
# tests/cli/squash.sh: schemadiff squash (issue 15) on real servers: the
# versions up to V become one baseline; databases before V, at V and past
# V continue with migrate (history kept, data kept, no checksum mismatch);
# a fresh database gets the baseline; drift finds nothing. PostgreSQL, and
# MariaDB when SD_TEST_MYSQL_URL is set. Run from the repository root:
#   SCHEMADIFF=./schemadiff sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh sh tests/cli/squash.sh

SD=${SCHEMADIFF:-$(pwd)/schemadiff}
TOP=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-squash.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
. "$TOP/tests/cli/lib.sh"

# check ENGINE: $R, newdb, q DB SQL, HIST DB (the history, comma-separated)
check() {
	eng=$1
	run "$eng: fix-sum" 0 "$SD" validate --schema-root "$R" --fix-sum
	newdb; A=$URL; ADB=$DB
	run "$eng: migrate A to 2" 0 "$SD" migrate --url "$A" --schema-root "$R" --to 2
	q "$ADB" "INSERT INTO t (id, name) VALUES (1, 'kept')" >/dev/null
	newdb; B=$URL; BDB=$DB
	run "$eng: migrate B to 4" 0 "$SD" migrate --url "$B" --schema-root "$R"
	newdb; C=$URL; CDB=$DB
	run "$eng: migrate C to 3" 0 "$SD" migrate --url "$C" --schema-root "$R" --to 3

	run "$eng: squash dry run" 0 "$SD" squash --schema-root "$R" --to 3 --dry-run
	expect_out "$eng: squash dry run" "CREATE TABLE"
	equal "$eng: dry run writes nothing" "$(ls "$R" | tr '\n' ' ')" "1 2 3 4 schema.json schemadiff.sum "
	run "$eng: squash" 0 "$SD" squash --schema-root "$R" --to 3
	expect_err "$eng: squash" "version 3 is now a baseline in place of versions 1 to 3"
	equal "$eng: squash: folders" "$(ls "$R" | tr '\n' ' ')" "3 4 schema.json schemadiff.sum "
	no_match "$eng: the baseline creates, no extension" "sd_never|old_t" "$R/3/revisions.sql"
	run "$eng: validate the squashed root" 0 "$SD" validate --schema-root "$R"
	expect_out "$eng: validate the squashed root" "valid: .* 2 versions, current 4"
	no_match "$eng: validate: no warning" "warning" "$T/err"

	run "$eng: migrate A (before V)" 0 "$SD" migrate --url "$A" --schema-root "$R"
	expect_err "$eng: migrate A (before V)" "gets .*/3/from-2.sql"
	equal "$eng: A: history" "$(HIST "$ADB")" "1,2,3,4"
	equal "$eng: A: data kept" "$(q "$ADB" "SELECT name FROM t WHERE id = 1")" "kept"
	run "$eng: migrate B (past V)" 0 "$SD" migrate --url "$B" --schema-root "$R"
	no_match "$eng: B: nothing ran" "applied|mismatch" "$T/err"
	run "$eng: status B" 0 "$SD" status --url "$B" --schema-root "$R"
	expect_out "$eng: status B: no mismatch" "checksum mismatch: none"
	no_match "$eng: status B: nothing unknown" "unknown|not in the schema root" "$T/out"
	run "$eng: migrate C (at V)" 0 "$SD" migrate --url "$C" --schema-root "$R"
	equal "$eng: C: history" "$(HIST "$CDB")" "1,2,3,4"
	newdb; D=$URL; DDB=$DB
	run "$eng: migrate a fresh database" 0 "$SD" migrate --url "$D" --schema-root "$R"
	equal "$eng: D: history" "$(HIST "$DDB")" "3,4"
	for u in "$A" "$B" "$C" "$D"; do
		run "$eng: drift $u" 0 "$SD" drift --url "$u" --schema-root "$R"
	done
	run "$eng: squash an unknown version" 2 "$SD" squash --schema-root "$R" --to 9
	expect_err "$eng: squash an unknown version" "version \"9\" is not in the schema root"
	run "$eng: squash across a baseline" 2 "$SD" squash --schema-root "$R" --to 4
	expect_err "$eng: squash across a baseline" "version 3 is already a baseline"
}

# --- PostgreSQL --------------------------------------------------------------
PGB=$SD_TEST_PG_BIN
q() { "$PGB/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1; }
HIST() { q "$1" "SELECT string_agg(version, ',' ORDER BY version::numeric) FROM schemadiff.schemadiff_history"; }
n=0
newdb() {
	n=$((n + 1))
	DB=sd_squash_$n
	"$PGB/dropdb" --if-exists "$DB" >/dev/null 2>&1
	"$PGB/createdb" "$DB" || { echo "squash: createdb failed" >&2; exit 2; }
	URL="${SD_TEST_PG_URL%/*}/$DB"
}
R=$T/app
mkroot "$R" app 1 2 3 4
printf 'CREATE TABLE old_t (id int PRIMARY KEY);\nCREATE TABLE t (id int PRIMARY KEY);\n' >"$R/1/revisions.sql"
printf 'DROP TABLE old_t;\nALTER TABLE t ADD COLUMN name text;\n' >"$R/2/revisions.sql"
printf 'CREATE TABLE u (id int PRIMARY KEY, t_id int REFERENCES t (id));\n' >"$R/3/revisions.sql"
printf 'CREATE INDEX u_t_id ON u (t_id);\n' >"$R/4/revisions.sql"
check postgresql
for i in $(seq 1 $n); do "$PGB/dropdb" --if-exists "sd_squash_$i" >/dev/null 2>&1; done

# --- MariaDB -----------------------------------------------------------------
if [ -n "$SD_TEST_MYSQL_URL" ]; then
	hp=${SD_TEST_MYSQL_URL#*@}
	hp=${hp%%/*}
	MHOST=${hp%:*}
	MPORT=${hp##*:}
	q() { mariadb --no-defaults -h "$MHOST" -P "$MPORT" -u root --protocol=tcp -N -B ${1:+"$1"} -e "$2" 2>&1; }
	HIST() { q "$1" "SELECT GROUP_CONCAT(version ORDER BY version + 0) FROM schemadiff_history"; }
	m=0
	newdb() {
		m=$((m + 1))
		DB=sd_squash_m$m
		q "" "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB" >/dev/null
		URL="${SD_TEST_MYSQL_URL%/*}/$DB"
	}
	R=$T/mapp
	SYSTEM_TYPE=mariadb mkroot "$R" mapp 1 2 3 4
	printf 'CREATE TABLE old_t (id int PRIMARY KEY);\nCREATE TABLE t (id int PRIMARY KEY);\n' >"$R/1/revisions.sql"
	printf 'DROP TABLE old_t;\nALTER TABLE t ADD COLUMN name varchar(20);\n' >"$R/2/revisions.sql"
	printf 'CREATE TABLE u (id int PRIMARY KEY, t_id int, KEY u_t (t_id));\n' >"$R/3/revisions.sql"
	printf 'ALTER TABLE u ADD COLUMN note varchar(10);\n' >"$R/4/revisions.sql"
	check mariadb
	for i in $(seq 1 $m); do q "" "DROP DATABASE IF EXISTS sd_squash_m$i" >/dev/null; done
fi
finish "squash"
