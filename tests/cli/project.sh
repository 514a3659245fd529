#!/bin/sh
# tests/cli/project.sh: projects (schemadiff.json): the file checked with
# located errors and warnings, ${VAR} URLs, version.json's requires (order,
# missing root or version, cycle), init --project; then, on each real server
# the harness gives (PostgreSQL and/or MariaDB), a project of three roots
# (billing clustered on three databases, core, app requiring core; billing
# requiring core too, so the order interleaves the roots) on five databases:
# migrate --env test in dependency order, a cluster-once data file run on
# the first shard only and noted in the others' history, a rerun that
# changes nothing, one shard down (default stop, --continue, --canary), the
# shard back (only it migrated), status and drift of the fleet, exit codes
# and JSON. Run from the repository root:
#   SCHEMADIFF=./schemadiff sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh sh tests/cli/project.sh
# Prints one line per failure and a closing "N passed, N failed" line.

SD=${SCHEMADIFF:-$(pwd)/schemadiff}
TOP=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-project.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
. "$TOP/tests/cli/lib.sh"

# a loopback port nothing listens on: a shard that is down
DOWN_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 9)

# version DIR NAME V SQL [EXTRA_JSON]: a version of a root (revisions.sql
# holds SQL; EXTRA_JSON: more keys for version.json, with a leading comma)
version() {
	mkdir -p "$1/$3"
	printf '%s\n' "$4" >"$1/$3/revisions.sql"
	printf '{ "db-schema-spec": "1.1", "schema": "%s", "version": "%s", "source": ["revisions.sql"%s]%s }\n' \
		"$2" "$3" "${6:-}" "${5:-}" >"$1/$3/version.json"
}

# schema DIR NAME TYPE V...: schema.json for the versions written
schema() {
	dir=$1 name=$2 type=$3
	shift 3
	hist= last=
	for v in "$@"; do
		hist="$hist${hist:+, }\"$v\": \"$v\""
		last=$v
	done
	printf '{ "db-schema-spec": "1.1", "name": "%s", "system-type": "%s", "current-version": "%s", "version-history": { %s } }\n' \
		"$name" "$type" "$last" "$hist" >"$dir/schema.json"
}

# mkproject DIR TYPE: the three roots and the project file; URLs from
# ${B1_URL} ${B2_URL} ${B3_URL} ${CORE_URL} ${APP_URL}
mkproject() {
	P=$1 type=$2
	rm -rf "$P"
	mkdir -p "$P/db/billing" "$P/db/core" "$P/db/app"
	version "$P/db/billing" billing 1 "CREATE TABLE invoices (id int PRIMARY KEY, total int NOT NULL);"
	mkdir -p "$P/db/billing/2"
	printf 'INSERT INTO invoices (id, total) VALUES (1, 100);\n' >"$P/db/billing/2/seed.sql"
	version "$P/db/billing" billing 2 "ALTER TABLE invoices ADD COLUMN paid int;" \
		', "requires": { "core": "1" }, "cluster-once": ["seed.sql"]' ', "seed.sql"'
	schema "$P/db/billing" billing "$type" 1 2
	version "$P/db/core" core 1 "CREATE TABLE users (id int PRIMARY KEY);"
	version "$P/db/core" core 2 "CREATE TABLE teams (id int PRIMARY KEY);"
	schema "$P/db/core" core "$type" 1 2
	version "$P/db/app" app 1 "CREATE TABLE pages (id int PRIMARY KEY);" ', "requires": { "core": "2" }'
	version "$P/db/app" app 2 "CREATE TABLE links (id int PRIMARY KEY);"
	schema "$P/db/app" app "$type" 1 2
	cat >"$P/schemadiff.json" <<'EOF'
{
  "schemadiff-project": 1,
  "roots": {
    "app": { "path": "db/app" },
    "billing": { "path": "db/billing", "ignore": ["table:*.audit_*"] },
    "core": { "path": "db/core" }
  },
  "environments": {
    "test": {
      "app": "${APP_URL}",
      "billing": ["${B1_URL}", "${B2_URL}", "${B3_URL}"],
      "core": ["${CORE_URL}"]
    }
  },
  "defaults": { "environment": "test", "jobs": 3 }
}
EOF
}

# ---- the project file, offline ------------------------------------------------
mkproject "$T/p" postgresql
export APP_URL=postgresql:///a B1_URL=postgresql:///b1 B2_URL=postgresql:///b2 \
	B3_URL=postgresql:///b3 CORE_URL=postgresql:///c

cat >"$T/bad.json" <<'EOF'
{ "schemadiff-project": 1,
  "roots": { "app": { "path": "db/app" } },
  "environments": { "test": { "app": ["x", 3] } } }
EOF
run "wrong type" 2 "$SD" status --config "$T/bad.json"
expect_err "wrong type located" "error: $T/bad.json:3:44: \\\$.environments.test.app\\[1\\]: must be a string"

printf '{ "schemadiff-project": 1,\n  "roots": { "app": { "path": "db/app", } } }\n' >"$T/bad.json"
run "syntax" 2 "$SD" status --config "$T/bad.json"
expect_err "syntax located" "error: $T/bad.json:2:[0-9]+: "

printf '{ "schemadiff-project": 1,\n  "roots": { "app": { "path": "db/app", "pth": 1 } },\n  "environs": {} }\n' >"$T/bad.json"
run "unknown keys" 2 "$SD" status --config "$T/bad.json"
expect_err "unknown key warned at its place" "warning: $T/bad.json:2:41: \\\$.roots.app: unknown key \"pth\""
expect_err "unknown top key warned" "warning: $T/bad.json:3:3: \\\$: unknown key \"environs\""
expect_err "then: no environment" "which environment"

printf '{ "schemadiff-project": 1,\n  "roots": { "app": { } } }\n' >"$T/bad.json"
run "missing path" 2 "$SD" status --config "$T/bad.json"
expect_err "missing path located" "$T/bad.json:2:21: .*required key \"path\""

printf '{ "schemadiff-project": 1, "roots": { "app": { "path": "a" } },\n  "environments": { "test": { "ap": "x" } } }\n' >"$T/bad.json"
run "unknown root in env" 2 "$SD" status --config "$T/bad.json"
expect_err "unknown root located" "$T/bad.json:2:31: .*\"ap\" is not a root"

unset B3_URL
run "unset variable" 2 "$SD" status --config "$T/p/schemadiff.json"
expect_err "unset variable located" "$T/p/schemadiff.json:11:45: environment variable \"B3_URL\" named in a URL is not set"
export B3_URL=postgresql:///b3

run "no such env" 2 "$SD" status --env prod --config "$T/p/schemadiff.json"
expect_err "no such env" "no environment \"prod\" \\(the project has: test\\)"

# found by walking up from a subfolder; dry run shows the order
mkdir -p "$T/p/src/deep"
(cd "$T/p/src/deep" && "$SD" migrate --dry-run >"$T/out" 2>"$T/err")
expect_err "found from a subfolder; order interleaves the roots" "order: billing 1, core 1, billing 2, core 2, app 1, app 2"

# requires: a missing version, a missing root, a cycle
cp -R "$T/p" "$T/q"
version "$T/q/db/app" app 2 "CREATE TABLE links (id int PRIMARY KEY);" ', "requires": { "billing": "7" }'
run "missing required version" 2 "$SD" migrate --dry-run --config "$T/q/schemadiff.json"
expect_err "missing version named, located" "$T/q/db/app/2/version.json:1:[0-9]+: .*app 2 requires billing 7, a version that root billing does not have"
version "$T/q/db/app" app 2 "CREATE TABLE links (id int PRIMARY KEY);" ', "requires": { "ledger": "1" }'
run "missing required root" 2 "$SD" migrate --dry-run --config "$T/q/schemadiff.json"
expect_err "missing root named" "app 2 requires root \"ledger\""
version "$T/q/db/app" app 2 "CREATE TABLE links (id int PRIMARY KEY);"
version "$T/q/db/core" core 2 "CREATE TABLE teams (id int PRIMARY KEY);" ', "requires": { "app": "1" }'
run "cycle" 2 "$SD" migrate --dry-run --config "$T/q/schemadiff.json"
expect_err "cycle named" "requires form a cycle: app 1 requires core 2; core 2 requires app 1"

# init --project
run "init --project" 0 "$SD" init --project --root shop --root ledger --dir "$T/new" --url 'postgresql:///dev'
[ -f "$T/new/db-schema/shop/schema.json" ] && [ -d "$T/new/schema/ledger" ] && ok || bad "init --project: roots not created"
run "init --project reads back" 2 "$SD" status --env nope --config "$T/new/schemadiff.json"
expect_err "init --project: its file reads back" "no environment \"nope\" \\(the project has: dev\\)"
run "init --project again" 2 "$SD" init --project --root shop --dir "$T/new"
expect_err "init --project refuses an existing project" "exists already"

# expect_json NAME PATTERN: stdout, its lines joined, matches
expect_json() {
	if tr -d '\n' <"$T/out" | grep -Eq -- "$2"; then ok; else
		bad "$1: stdout JSON does not match /$2/"
	fi
}

# ---- plan over a project: roots ordered, requires added ----------------------
mkdir -p "$T/pl/schema/app" "$T/pl/schema/billing"
printf '{ "schemadiff-project": 1,\n  "roots": { "app": { "path": "db/app", "desired": "schema/app" },\n             "billing": { "path": "db/billing", "desired": ["schema/billing"] } } }\n' >"$T/pl/schemadiff.json"
"$SD" init --schema-root "$T/pl/db/app" --name app 2>/dev/null
"$SD" init --schema-root "$T/pl/db/billing" --name billing 2>/dev/null
printf 'CREATE SCHEMA app;\nCREATE TABLE app.orders (id int PRIMARY KEY, invoice_id int REFERENCES billing.invoices (id));\n' >"$T/pl/schema/app/a.sql"
printf 'CREATE SCHEMA billing;\nCREATE TABLE billing.invoices (id int PRIMARY KEY);\n' >"$T/pl/schema/billing/b.sql"
(cd "$T/pl" && "$SD" plan --check >"$T/out" 2>"$T/err")
equal "plan --check over a project: changes" "$?" 1
(cd "$T/pl" && "$SD" plan >"$T/out" 2>"$T/err")
equal "plan over a project" "$?" 0
expect_err "the used root is planned first" "billing: version 1 written"
expect_err "the foreign key across roots requires its version" "app: version 1 written \(3 changes\); requires billing 1"
grep -q '"requires": {' "$T/pl/db/app/1/version.json" && grep -q '"billing": "1"' "$T/pl/db/app/1/version.json" && ok || bad "version.json lacks requires"
"$SD" validate --schema-root "$T/pl/db/app" >"$T/out" 2>"$T/err" && ok || bad "a version with requires is valid: $(cat "$T/err")"
printf 'CREATE TABLE app.notes (id int);\n' >>"$T/pl/schema/app/a.sql"
printf 'CREATE TABLE billing.payments (id int);\n' >>"$T/pl/schema/billing/b.sql"
(cd "$T/pl" && "$SD" plan >"$T/out" 2>"$T/err")
expect_err "a change that uses no other root requires nothing" "app: version 2 written \(1 changes\)$"
printf 'CREATE VIEW app.paid AS SELECT id FROM billing.payments;\n' >>"$T/pl/schema/app/a.sql"
(cd "$T/pl" && "$SD" plan >"$T/out" 2>"$T/err")
expect_err "a view across roots requires the latest version" "app: version 3 written \(1 changes\); requires billing 2"
(cd "$T/pl" && "$SD" plan --check >"$T/out" 2>"$T/err")
equal "plan --check over a project: nothing" "$?" 0

# ---- live ---------------------------------------------------------------------
# applied ROOTS...: the "root version" sequence of applied versions in
# $T/err, consecutive repeats collapsed
applied_seq() {
	sed -n 's/^schemadiff: \([a-z]*\) [^ ]*: applied version \([0-9.]*\) .*/\1 \2/p' "$T/err" | uniq | tr '\n' ',' | sed 's/,$//'
}

live() {	# live ENGINE TYPE
	engine=$1
	mkproject "$T/$engine" "$2"
	cd "$T/$engine" || exit 2

	# S1: all five up, fresh
	newdbs s1
	run "$engine: migrate --env test" 0 "$SD" migrate --env test
	equal "$engine: dependency order" "$(applied_seq)" "billing 1,core 1,billing 2,core 2,app 1,app 2"
	expect_err "$engine: summary" "5 databases: 5 migrated"
	equal "$engine: cluster-once ran on the first shard" "$(rows s1_b1)" 1
	equal "$engine: cluster-once not on the others" "$(rows s1_b2)$(rows s1_b3)" 00
	expect_note "$engine" s1_b3 "cluster-once: seed.sql ran on"
	expect_note "$engine" s1_b1 "cluster-once: seed.sql ran here, once for the cluster"
	run "$engine: rerun" 0 "$SD" migrate --env test --format json
	no_match "$engine: rerun applies nothing" "applied version" "$T/err"
	expect_json "$engine: rerun JSON says up to date" '"counts": \{[^}]*"up to date": 5'
	run "$engine: status of the fleet" 0 "$SD" status
	expect_out "$engine: status table" "billing +[^ ]+s1_b2 +2 +2 +0 +up to date"
	run "$engine: drift of the fleet" 0 "$SD" drift --env test
	fleet_sql s1_b2 "CREATE TABLE extra (id int)"
	fleet_sql s1_b2 "CREATE TABLE audit_x (id int)"
	run "$engine: drift found on one shard" 1 "$SD" drift --env test --format json
	expect_json "$engine: drift names the shard" '"database": "[^"]*s1_b2",[^}]*"state": "drifted"'
	no_match "$engine: ignore rule of the root" "audit_x" "$T/out"

	# S2: shard 3 down
	newdbs s2
	export B3_URL="$DOWN_URL"
	run "$engine: shard down stops" 2 "$SD" migrate --env test
	expect_err "$engine: summary shows the shard" "billing +[^ ]*:$DOWN_PORT/[^ ]* +- +- +0 +failed"
	expect_err "$engine: nothing more started" "core .* not run"
	run "$engine: --continue" 2 "$SD" migrate --env test --continue
	expect_err "$engine: the others succeed" "5 databases: 4 migrated, 1 failed"
	run "$engine: status with one down" 2 "$SD" status
	export B3_URL="$(url s2_b3)"
	run "$engine: shard back" 0 "$SD" migrate --env test
	equal "$engine: only the shard migrated" "$(sed -n 's/^schemadiff: [a-z]* \([^ ]*\): applied version.*/\1/p' "$T/err" | sed 's/.*\///' | sort -u)" "s2_b3"
	expect_err "$engine: the others up to date" "5 databases: 1 migrated, 4 up to date"

	# S3: the canary is down
	newdbs s3
	export B1_URL="$DOWN_URL"
	run "$engine: canary fails" 2 "$SD" migrate --canary 1 --continue
	expect_err "$engine: canary marked" "failed \\(canary\\)"
	expect_err "$engine: stopped after the canary" "stopped: the canary of root billing failed"
	equal "$engine: the other shards untouched" "$(history_of s3_b2)" ""
	export B1_URL="$(url s3_b1)"

	# S4: fresh databases are behind
	newdbs s4
	run "$engine: status behind" 1 "$SD" status --format json
	expect_out "$engine: status JSON" '"state": "behind"'
	# provision over the project: each root at its latest, the required
	# roots first; migrate then has nothing to do
	run "$engine: provision --env test" 0 "$SD" provision --env test
	expect_err "$engine: provision summary" "5 databases: 5 provisioned"
	run "$engine: migrate after provision" 0 "$SD" migrate
	expect_err "$engine: nothing to migrate after provision" "5 databases: 5 up to date"
	cd "$TOP" || exit 2
}

if [ -n "${SD_TEST_PG_URL:-}" ]; then
	PGB=$SD_TEST_PG_BIN
	q() { "$PGB/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1; }
	url() { echo "${SD_TEST_PG_URL%/*}/$1"; }
	DOWN_URL="postgresql://postgres@127.0.0.1:$DOWN_PORT/down"
	newdbs() {
		for d in b1 b2 b3 core app; do
			"$PGB/dropdb" --if-exists "$1_$d" >/dev/null 2>&1
			"$PGB/createdb" "$1_$d" || { echo "project: createdb failed" >&2; exit 2; }
		done
		export B1_URL="$(url "$1_b1")" B2_URL="$(url "$1_b2")" B3_URL="$(url "$1_b3")" \
			CORE_URL="$(url "$1_core")" APP_URL="$(url "$1_app")"
	}
	rows() { q "$1" "SELECT count(*) FROM invoices"; }
	fleet_sql() { q "$1" "$2" >/dev/null; }
	expect_note() { equal "$1: history note" "$(q "$2" "SELECT error FROM schemadiff.schemadiff_history WHERE version = '2'" | grep -c "$3")" 1; }
	history_of() { q "$1" "SELECT table_name FROM information_schema.tables WHERE table_name = 'schemadiff_history'"; }
	live pg postgresql
	# libpq services name databases in the project file
	newdbs s5
	hp=${SD_TEST_PG_URL#*@}
	hp=${hp%%/*}
	printf '[sdcore]\nhost=%s\nport=%s\nuser=postgres\ndbname=s5_core\n[sdb3]\nhost=%s\nport=%s\nuser=postgres\ndbname=s5_b3\n' \
		"${hp%:*}" "${hp##*:}" "${hp%:*}" "${hp##*:}" >"$T/pg_service.conf"
	export PGSERVICEFILE="$T/pg_service.conf" CORE_URL="postgresql:///?service=sdcore" B3_URL="service=sdb3"
	(cd "$T/pg" && "$SD" migrate >"$T/out" 2>"$T/err")
	equal "pg: migrate through libpq services" "$?" 0
	equal "pg: the service's database migrated" "$(q s5_core "SELECT max(version) FROM schemadiff.schemadiff_history")$(q s5_b3 "SELECT max(version) FROM schemadiff.schemadiff_history")" 22
	unset PGSERVICEFILE
	# apply over a project: a root's desired files on each of its databases
	mkdir -p "$T/ap/schema"
	printf 'CREATE TABLE items (id int PRIMARY KEY, name text);\n' >"$T/ap/schema/items.sql"
	"$SD" init --schema-root "$T/ap/db" --name shop 2>/dev/null
	printf '{ "schemadiff-project": 1, "roots": { "shop": { "path": "db", "desired": "schema" } },\n  "environments": { "t": { "shop": ["${A1}", "${A2}"] } } }\n' >"$T/ap/schemadiff.json"
	"$PGB/createdb" ap_1 && "$PGB/createdb" ap_2
	export A1="$(url ap_1)" A2="$(url ap_2)"
	(cd "$T/ap" && "$SD" apply --env t >"$T/out" 2>"$T/err")
	equal "pg: apply over a project" "$?" 0
	expect_err "pg: apply summary" "2 databases: 2 applied"
	equal "pg: applied on both" "$(q ap_1 "SELECT count(*) FROM items")$(q ap_2 "SELECT count(*) FROM items")" 00
	(cd "$T/ap" && "$SD" apply --env t >"$T/out" 2>"$T/err")
	expect_err "pg: apply again: nothing" "2 databases: 2 up to date"
fi

if [ -n "${SD_TEST_MYSQL_URL:-}" ]; then
	hp=${SD_TEST_MYSQL_URL#*@}
	hp=${hp%%/*}
	MHOST=${hp%:*}
	MPORT=${hp##*:}
	q() { mariadb --no-defaults -h "$MHOST" -P "$MPORT" -u root --protocol=tcp -N -B ${1:+"$1"} -e "$2" 2>&1; }
	url() { echo "${SD_TEST_MYSQL_URL%/*}/$1"; }
	DOWN_URL="mysql://root@127.0.0.1:$DOWN_PORT/down"
	newdbs() {
		for d in b1 b2 b3 core app; do
			q "" "DROP DATABASE IF EXISTS $1_$d; CREATE DATABASE $1_$d" >/dev/null ||
				{ echo "project: cannot create a database" >&2; exit 2; }
		done
		export B1_URL="$(url "$1_b1")" B2_URL="$(url "$1_b2")" B3_URL="$(url "$1_b3")" \
			CORE_URL="$(url "$1_core")" APP_URL="$(url "$1_app")"
	}
	rows() { q "$1" "SELECT count(*) FROM invoices"; }
	fleet_sql() { q "$1" "$2" >/dev/null; }
	expect_note() { equal "$1: history note" "$(q "$2" "SELECT error FROM schemadiff_history WHERE version = '2'" | grep -c "$3")" 1; }
	history_of() { q "$1" "SELECT table_name FROM information_schema.tables WHERE table_name = 'schemadiff_history' AND table_schema = '$1'"; }
	live mariadb mysql
fi

finish project
