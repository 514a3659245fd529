#!/bin/sh
# tests/cli/branches.sh: two git branches of a schema root that each add a
# version (issue 15): schemadiff.sum makes the merge visible (validate and
# migrate refuse it, naming the versions), plan --rebase plans the other
# branch's change again on top, then validate and migrate pass. Same with
# timestamp versions, --rebase-from, validate --fix-sum, an older root
# without the file, and a damaged file; a rebase of two versions of each
# branch, one by one, and one that conflicts (PostgreSQL, and MariaDB
# under with-mariadb.sh). Run under tests/harness/with-pg.sh (and
# with-mariadb.sh) from the repository root:
#   SCHEMADIFF=./schemadiff sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh sh tests/cli/branches.sh

SD=${SCHEMADIFF:-$(pwd)/schemadiff}
TOP=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-branches.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
. "$TOP/tests/cli/lib.sh"

GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid
GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid
export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
g() { git -C "$G" "$@" >/dev/null 2>&1; }
# a scratch database of the test server, dropped again at the end
DB=sd_branches_$$
URL=$(printf '%s' "$SD_TEST_PG_URL" | sed "s|/[^/?]*\(?.*\)\{0,1\}\$|/$DB\1|")
psql -q -d "$SD_TEST_PG_URL" -c "CREATE DATABASE $DB" >/dev/null || bad "create database"

# --- sequential versions: both branches add version 2 ----------------------
G=$T/repo
mkdir -p "$G"
git init -q -b main "$G"
cd "$G" || exit 1
run "init" 0 "$SD" init --schema-root db --name app
mkdir desired
echo 'CREATE TABLE t (id int PRIMARY KEY);' >desired/t.sql
run "plan 1" 0 "$SD" plan --schema-root db --desired desired
equal "plan writes the sum" "$(grep -c '^1 ' db/schemadiff.sum)" 1
run "validate 1" 0 "$SD" validate --schema-root db
# the sum is merged as a union of lines: both branches' lines survive
echo 'db/schemadiff.sum merge=union' >.gitattributes
g add -A && g commit -m base
run "migrate 1" 0 "$SD" migrate --url "$URL" --schema-root db

g checkout -b a
echo 'CREATE TABLE a (id int);' >desired/a.sql
run "plan a" 0 "$SD" plan --schema-root db --desired desired
expect_err "plan a" "wrote version 2"
g add -A && g commit -m a
g checkout main
g checkout -b b
echo 'CREATE TABLE b (id int);' >desired/b.sql
run "plan b" 0 "$SD" plan --schema-root db --desired desired
expect_err "plan b" "wrote version 2"
g add -A && g commit -m b

g checkout main
g merge a
run "merge b conflicts in git" 1 git merge -q b
# the user keeps main's version 2 (already deployed) and b's desired file
git checkout -q --ours db/2 && g add -A && g commit -m merge
equal "b's desired file is merged" "$(cat desired/b.sql)" 'CREATE TABLE b (id int);'
equal "the sum holds both lines for 2" "$(grep -c '^2 ' db/schemadiff.sum)" 2

run "validate refuses the merge" 2 "$SD" validate --schema-root db
expect_err "validate refuses the merge" "schemadiff: error: .*db/schemadiff.sum:[0-9]+:1: db does not match schemadiff.sum"
expect_err "validate refuses the merge" "version 2 was added on two branches \(lines [0-9]+ and [0-9]+\): plan it again on top of the other \(schemadiff plan --rebase\)"
run "migrate refuses the merge" 2 "$SD" migrate --url "$URL" --schema-root db
expect_err "migrate refuses the merge" "version 2 was added on two branches"
run "plan refuses the merge" 2 "$SD" plan --schema-root db --desired desired
expect_err "plan refuses the merge" "hint: schemadiff plan --rebase"
equal "plan refuses: nothing written" "$(ls db)" "1
2
schema.json
schemadiff.sum"

# status and drift compare the root with its sum too (the database itself
# is fine: it is at version 2 of main)
run "status names the merge" 1 "$SD" status --url "$URL" --schema-root db
expect_out "status names the merge" "^schemadiff.sum: +.*db/schemadiff.sum:[0-9]+:1: db does not match schemadiff.sum"
expect_out "status names the merge" "^ +version 2 was added on two branches"
expect_out "status: the database is shown" "^current version: +1"
run "status --format json" 1 "$SD" status --url "$URL" --schema-root db --format json
expect_out "status json: sum_mismatch" '"sum_mismatch": ".*version 2 was added on two branches'
expect_out "status json: not up to date" '"up_to_date": false'
run "status --no-sum-check" 1 "$SD" status --url "$URL" --schema-root db --no-sum-check
expect_out "status --no-sum-check" "^schemadiff.sum: +matches \\(or none, or not checked\\)"
run "drift: an error row for the sum" 2 "$SD" drift --url "$URL" --schema-root db
expect_out "drift: an error row for the sum" "db/schemadiff.sum"
expect_out "drift: an error row for the sum" "version 2 was added on two branches"
expect_out "drift: the database is still checked" "2 databases: 1 without drift, 0 with drift, 1 not checked"
run "drift --format json" 2 "$SD" drift --url "$URL" --schema-root db --format json
expect_out "drift json: the sum's row" '"url": "db/schemadiff.sum"'
run "drift --no-sum-check" 0 "$SD" drift --url "$URL" --schema-root db --no-sum-check
no_match "drift --no-sum-check: no sum row" "schemadiff.sum" "$T/out"

run "plan --rebase" 0 "$SD" plan --schema-root db --desired desired --rebase
expect_err "plan --rebase" "wrote version 3"
if grep -Eq 'CREATE TABLE (public\.)?"?b"? ' db/3/revisions.sql && ! grep -Eq 'TABLE (public\.)?"?a"? ' db/3/revisions.sql; then ok; else
	bad "version 3 holds b's change only"; cat db/3/revisions.sql; fi
run "validate after the rebase" 0 "$SD" validate --schema-root db
expect_out "validate after the rebase" "valid: schema \"app\", postgresql, 3 versions, current 3"
no_match "validate after the rebase: no warning" "warning|note" "$T/err"
run "migrate after the rebase" 0 "$SD" migrate --url "$URL" --schema-root db
run "status after the rebase" 0 "$SD" status --url "$URL" --schema-root db
expect_out "status after the rebase" "^schemadiff.sum: +matches"
if psql -qtA -d "$URL" -c "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('t','a','b')" | grep -qx 3; then ok; else
	bad "migrate after the rebase: tables t, a, b"; fi
g add -A && g commit -m rebased

# --- timestamp versions: two branches pick different numbers --------------
g checkout -b c
echo 'CREATE TABLE c (id int);' >desired/c.sql
run "plan c" 0 "$SD" plan --schema-root db --desired desired --version-scheme timestamp
VC=$(sed -n 's/.*wrote version \([0-9.]*\) .*/\1/p' "$T/err")
expect_err "timestamp version" "wrote version 20[0-9]{6}\.[0-9]{6} "
g add -A && g commit -m c
sleep 1	# another second, another version
g checkout main
g checkout -b d
echo 'CREATE TABLE d (id int);' >desired/d.sql
run "plan d" 0 "$SD" plan --schema-root db --desired desired --version-scheme timestamp
VD=$(sed -n 's/.*wrote version \([0-9.]*\) .*/\1/p' "$T/err")
g add -A && g commit -m d
g checkout main
g merge c
git merge -q d >/dev/null 2>&1
# schema.json conflicts (current-version, version-history): the user
# takes both versions
printf '{\n  "db-schema-spec": "1.1",\n  "name": "app",\n  "system-type": "postgresql",\n  "current-version": "%s",\n  "version-history": {\n    "1": "1",\n    "2": "2",\n    "3": "3",\n    "%s": "%s",\n    "%s": "%s"\n  }\n}\n' \
	"$VD" "$VC" "$VC" "$VD" "$VD" >db/schema.json
g add -A && g commit -m merge2
run "timestamp merge: spec-valid" 0 "$SD" validate --schema-root db --fix-sum --no-replay
git checkout -q db/schemadiff.sum	# that was only to see it is spec-valid
run "timestamp merge refused" 2 "$SD" validate --schema-root db
expect_err "timestamp merge refused" "version $VD was planned on top of other versions than the ones before it now \(one came from another branch\)"
run "migrate refuses the timestamp merge" 2 "$SD" migrate --url "$URL" --schema-root db
run "plan --rebase, timestamp" 0 "$SD" plan --schema-root db --desired desired --rebase --version-scheme timestamp
expect_err "plan --rebase, timestamp" "rebase: took out version $VD"
VR=$(sed -n 's/.*wrote version \([0-9.]*\) .*/\1/p' "$T/err")
# the new version comes after the other branch's (it may take the
# number it had, within the same second)
equal "rebased after $VC" "$(printf '%s\n%s\n' "$VR" "$VC" | sort -g | tail -n 1)" "$VR"
if [ "$VR" != "$VD" ] && [ -e "db/$VD" ]; then bad "version $VD is gone"; else ok; fi
run "validate after the timestamp rebase" 0 "$SD" validate --schema-root db
expect_out "validate after the timestamp rebase" "5 versions"
run "migrate after the timestamp rebase" 0 "$SD" migrate --url "$URL" --schema-root db
if psql -qtA -d "$URL" -c "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('c','d')" | grep -qx 2; then ok; else
	bad "migrate after the timestamp rebase: tables c, d"; fi

# --- --rebase-from: the user names the first version to plan again --------
echo 'CREATE TABLE e (id int);' >desired/e.sql
run "plan e" 0 "$SD" plan --schema-root db --desired desired --version 30000000
run "plan --rebase-from 30000000" 0 "$SD" plan --schema-root db --desired desired --rebase-from 30000000 --version 40000000
expect_err "plan --rebase-from 30000000" "rebase: took out version 30000000"
[ -e db/30000000 ] && bad "version 30000000 is gone" || ok
run "validate after --rebase-from" 0 "$SD" validate --schema-root db
run "plan --rebase-from 9" 2 "$SD" plan --schema-root db --desired desired --rebase-from 90000000
expect_err "plan --rebase-from 9" "no version from 90000000 on"

# --- an edited version file: a warning, --fix-sum accepts it --------------
echo '-- a comment' >>db/1/revisions.sql
run "edited file" 0 "$SD" validate --schema-root db
expect_err "edited file" "warning: .*schemadiff.sum:[0-9]+: the files of version 1 changed after plan wrote schemadiff.sum"
run "fix-sum" 0 "$SD" validate --schema-root db --fix-sum
expect_err "fix-sum" "wrote db/schemadiff.sum"
run "after fix-sum" 0 "$SD" validate --schema-root db
no_match "after fix-sum: no warning" "warning" "$T/err"

# --- damaged and missing files ----------------------------------------------
cp db/schemadiff.sum "$T/sum"
echo '2 nothex 1234' >>db/schemadiff.sum
run "damaged sum" 2 "$SD" validate --schema-root db
expect_err "damaged sum" "schemadiff: error: db/schemadiff.sum:[0-9]+:1: expected \"VERSION CHECKSUM CHAIN\""
grep -v '^3 ' "$T/sum" >db/schemadiff.sum
run "a line lost" 2 "$SD" validate --schema-root db
expect_err "a line lost" "version 3 is not in schemadiff.sum"
rm db/schemadiff.sum
run "older root without the file" 0 "$SD" validate --schema-root db
expect_err "older root without the file" "note: db has no schemadiff.sum \(a root written before it\)"

# --- a rebase of several versions, one by one --------------------------------
# Two branches of one root each add two timestamp versions. After the merge
# ours do not chain; plan --rebase replays each on top of theirs and plans
# it again as a new version, in order, renumbered after theirs; a database
# at their head migrates through both. Then both branches add one column
# with two types: the rebase names our version and the column, and leaves
# the root as it was. PostgreSQL, and MariaDB when the harness gives one.

# merge_schema_json: during a merge conflict on db/schema.json, take both
# sides' version-history (the user's resolution)
merge_schema_json() {
	git show :2:db/schema.json >"$T/ours.json" &&
	git show :3:db/schema.json >"$T/theirs.json" &&
	python3 - "$T/ours.json" "$T/theirs.json" >db/schema.json <<'PY'
import json, sys
from decimal import Decimal
a = json.load(open(sys.argv[1]))
b = json.load(open(sys.argv[2]))
a["version-history"].update(b["version-history"])
a["current-version"] = max(a["version-history"], key=Decimal)
print(json.dumps(a, indent=2))
PY
}
# root_hash: every file of the root, hashed, and the folders beside it
root_hash() { (find db -type f | sort | xargs sha256sum; ls -a .) | sha256sum; }

# rebase_versions NAME SYSTEM-TYPE URL Q DEV: Q SQL prints a value from the
# database at URL (empty, made by the caller); DEV: the server that proves
# the rebased versions (--dev-url)
rebase_versions() {
	E=$1 ST=$2 RURL=$3 Q=$4 DEV=$5
	G=$T/rebase-$E
	mkdir -p "$G"
	git init -q -b main "$G"
	cd "$G" || exit 1
	echo 'db/schemadiff.sum merge=union' >.gitattributes
	run "$E: init" 0 "$SD" init --schema-root db --name app --system-type "$ST"
	mkdir desired
	echo 'CREATE TABLE t (id int PRIMARY KEY);' >desired/t.sql
	run "$E: plan base" 0 "$SD" plan --schema-root db --desired desired --version-scheme timestamp
	g add -A && g commit -m base

	# ours: table b, then a column of it (the first with a description)
	g checkout -b ours
	echo 'CREATE TABLE b (id int PRIMARY KEY);' >desired/b.sql
	sleep 1
	run "$E: plan ours 1" 0 "$SD" plan --schema-root db --desired desired --version-scheme timestamp
	O1=$(sed -n 's/.*wrote version \([0-9.]*\) .*/\1/p' "$T/err")
	sed -i '2a\  "description": "table b, for billing",' "db/$O1/version.json"
	echo 'CREATE TABLE b (id int PRIMARY KEY, note varchar(20));' >desired/b.sql
	sleep 1
	run "$E: plan ours 2" 0 "$SD" plan --schema-root db --desired desired --version-scheme timestamp
	O2=$(sed -n 's/.*wrote version \([0-9.]*\) .*/\1/p' "$T/err")
	g add -A && g commit -m ours

	# theirs, merged to main first: table a, then a column of t
	g checkout main
	g checkout -b theirs
	echo 'CREATE TABLE a (id int PRIMARY KEY);' >desired/a.sql
	sleep 1
	run "$E: plan theirs 1" 0 "$SD" plan --schema-root db --desired desired --version-scheme timestamp
	echo 'CREATE TABLE t (id int PRIMARY KEY, x int);' >desired/t.sql
	sleep 1
	run "$E: plan theirs 2" 0 "$SD" plan --schema-root db --desired desired --version-scheme timestamp
	H2=$(sed -n 's/.*wrote version \([0-9.]*\) .*/\1/p' "$T/err")
	g add -A && g commit -m theirs
	g checkout main
	g merge theirs
	run "$E: a database at their head" 0 "$SD" migrate --url "$RURL" --schema-root db

	# our branch takes main in: schema.json conflicts, the sum is a union
	g checkout ours
	git merge -q main >/dev/null 2>&1
	merge_schema_json || bad "$E: merge schema.json"
	g add -A && g commit -m merge
	run "$E: validate refuses the merge" 2 "$SD" validate --schema-root db
	expect_err "$E: validate refuses the merge" "version $H2 was planned on top of other versions"

	# ours are older: by the sum alone theirs come out (it says so) ...
	H=$(root_hash)
	run "$E: rebase --dry-run" 0 "$SD" plan --schema-root db --desired desired --rebase --dry-run
	expect_err "$E: rebase --dry-run" "rebase: 2 versions \(.*, $H2\) planned again on top of $O2 \(the ones schemadiff.sum does not chain; if they are the other branch's, name your first with --rebase-from\)"
	equal "$E: dry run writes nothing" "$(root_hash)" "$H"
	equal "$E: dry run shows two versions" "$(grep -c '^-- version ' "$T/out")" 2
	# ... so the user names the first of ours: its branch's go, theirs stay
	# (proved on one throwaway server that the rebase starts)
	run "$E: rebase --dry-run ours" 0 "$SD" plan --schema-root db --desired desired --rebase-from "$O1" --dry-run --verify
	expect_err "$E: rebase --dry-run ours" "rebase: 2 versions \($O1, $O2\) planned again on top of $H2\$"
	equal "$E: one throwaway server" "$(grep -c 'started a throwaway' "$T/err")" 1
	equal "$E: both proved on it" "$(grep -c '^schemadiff: verified on ' "$T/err")" 2
	equal "$E: dry run ours writes nothing" "$(root_hash)" "$H"

	run "$E: rebase" 0 "$SD" plan --schema-root db --desired desired --rebase-from "$O1" --verify --dev-url "$DEV"
	N1=$(sed -n "s/.*version $O1 planned again as version \([0-9.]*\)\$/\1/p" "$T/err")
	N2=$(sed -n "s/.*version $O2 planned again as version \([0-9.]*\)\$/\1/p" "$T/err")
	expect_err "$E: rebase" "rebase: versions $O1, $O2 planned again on top of the others as $N1, $N2\$"
	equal "$E: $N1 after their $H2" "$(printf '%s\n%s\n' "$H2" "$N1" | sort -g | tail -n 1)" "$N1"
	equal "$E: $N2 after $N1" "$(printf '%s\n%s\n' "$N2" "$N1" | sort -g | tail -n 1)" "$N2"
	if [ -e "db/$O1" ] || [ -e "db/$O2" ]; then bad "$E: versions $O1, $O2 are gone"; else ok; fi
	equal "$E: five versions" "$(ls db | grep -c '^[0-9]')" 5
	if grep -Eqi 'CREATE TABLE (public\.)?[`"]?b[`"]? ' "db/$N1/revisions.sql" &&
	   ! grep -Eqi 'note|TABLE (public\.)?[`"]?a[`"]? ' "db/$N1/revisions.sql"; then ok; else
		bad "$E: $N1 creates b only"; cat "db/$N1/revisions.sql"; fi
	if grep -Eqi 'ADD COLUMN [`"]?note' "db/$N2/revisions.sql" &&
	   [ "$(grep -c ';' "db/$N2/revisions.sql")" = 1 ]; then ok; else
		bad "$E: $N2 adds the column only"; cat "db/$N2/revisions.sql"; fi
	no_match "$E: $N2 does not touch t.x" '[`"]?x[`"]? ' "db/$N2/revisions.sql"
	# the desired files hold nothing more: no third version
	equal "$E: two versions written" "$(grep -c 'wrote version' "$T/err")" 2
	equal "$E: each proved on the server" "$(grep -c '^schemadiff: verified on ' "$T/err")" 2
	if grep -q '"description": "table b, for billing"' "db/$N1/version.json"; then ok; else
		bad "$E: $N1 keeps the description"; cat "db/$N1/version.json"; fi
	run "$E: replay equals the desired files" 0 "$SD" diff --exit-code db desired
	run "$E: validate after the rebase" 0 "$SD" validate --schema-root db
	expect_out "$E: validate after the rebase" "5 versions, current $N2"
	run "$E: migrate through both" 0 "$SD" migrate --url "$RURL" --schema-root db
	expect_err "$E: migrate through both" "$N1"
	expect_err "$E: migrate through both" "$N2"
	equal "$E: the database has b.note" "$($Q "SELECT count(*) FROM information_schema.columns WHERE table_name = 'b' AND column_name = 'note'")" 1
	run "$E: drift after migrate" 0 "$SD" drift --url "$RURL" --schema-root db
	g add -A && g commit -m rebased

	# both branches add t.y, with two types (theirs first: by the sum
	# alone, ours come out)
	g checkout -b theirs2
	echo 'CREATE TABLE t (id int PRIMARY KEY, x int, y int);' >desired/t.sql
	sleep 1
	run "$E: plan theirs y" 0 "$SD" plan --schema-root db --desired desired --version-scheme timestamp
	TY=$(sed -n 's/.*wrote version \([0-9.]*\) .*/\1/p' "$T/err")
	g add -A && g commit -m theirs2
	g checkout ours
	g checkout -b ours2
	echo 'CREATE TABLE t (id int PRIMARY KEY, x int, y varchar(10));' >desired/t.sql
	sleep 1
	run "$E: plan ours y" 0 "$SD" plan --schema-root db --desired desired --version-scheme timestamp
	OY=$(sed -n 's/.*wrote version \([0-9.]*\) .*/\1/p' "$T/err")
	g add -A && g commit -m ours2
	git merge -q theirs2 >/dev/null 2>&1
	merge_schema_json || bad "$E: merge schema.json 2"
	git checkout -q --ours desired/t.sql
	g add -A && g commit -m merge2
	H=$(root_hash)
	run "$E: conflicting rebase" 2 "$SD" plan --schema-root db --desired desired --rebase
	expect_err "$E: conflicting rebase" "^schemadiff: error: db/$OY/revisions.sql:[0-9]+:[0-9]+: rebase: version $OY does not apply on top of version $TY \(both branches changed this\): .*[\"'\`]y[\"'\`].*"
	expect_err "$E: conflicting rebase: a hint" "^hint: edit version $OY's files"
	equal "$E: the conflicting rebase leaves the root as it was" "$(root_hash)" "$H"
	cd "$TOP" || exit 1
}

PDB=sd_rebase_$$
psql -q -d "$SD_TEST_PG_URL" -c "CREATE DATABASE $PDB" >/dev/null || bad "create database $PDB"
PURL=$(printf '%s' "$SD_TEST_PG_URL" | sed "s|/[^/?]*\(?.*\)\{0,1\}\$|/$PDB\1|")
pq() { psql -qtA -d "$PURL" -c "$1"; }
rebase_versions pg postgresql "$PURL" pq "$SD_TEST_PG_URL"
psql -q -d "$SD_TEST_PG_URL" -c "DROP DATABASE $PDB" >/dev/null || bad "drop database $PDB"

if [ -n "$SD_TEST_MYSQL_URL" ]; then
	hp=${SD_TEST_MYSQL_URL#*@}
	hp=${hp%%/*}
	MHOST=${hp%:*}
	MPORT=${hp##*:}
	MDB=sd_rebase_$$
	mq() { mariadb --no-defaults -h "$MHOST" -P "$MPORT" -u root --protocol=tcp -N -B "$MDB" -e "$1" 2>&1; }
	mariadb --no-defaults -h "$MHOST" -P "$MPORT" -u root --protocol=tcp -e "CREATE DATABASE $MDB" || bad "create database $MDB"
	rebase_versions mariadb mariadb "${SD_TEST_MYSQL_URL%/*}/$MDB" mq "${SD_TEST_MYSQL_URL%/}/mysql"
	mariadb --no-defaults -h "$MHOST" -P "$MPORT" -u root --protocol=tcp -e "DROP DATABASE $MDB" || bad "drop database $MDB"
else
	echo "branches: no MariaDB (run under tests/harness/with-mariadb.sh too): its rebase is not tested"
fi

cd "$TOP" || exit 1
psql -q -d "$SD_TEST_PG_URL" -c "DROP DATABASE $DB" >/dev/null || bad "drop database"
finish "branches"
