#!/bin/sh
# tests/cli/provision.sh: provision and migrate --provision (issue 15) on
# real servers: a fresh database created at a version straight from the
# replayed catalog, every version up to it recorded, migrate continuing
# from there; a root whose early versions create and later drop an
# extension the server does not have (replaying it fails, provisioning
# does not); a database that is not empty refused. PostgreSQL, and
# MariaDB when SD_TEST_MYSQL_URL is set. Run from the repository root:
#   SCHEMADIFF=./schemadiff sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh sh tests/cli/provision.sh

SD=${SCHEMADIFF:-$(pwd)/schemadiff}
TOP=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-provision.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
. "$TOP/tests/cli/lib.sh"

PGB=$SD_TEST_PG_BIN
pq() { "$PGB/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1; }
n=0
newpg() {
	n=$((n + 1))
	DB=sd_prov_$n
	"$PGB/dropdb" --if-exists "$DB" >/dev/null 2>&1
	"$PGB/createdb" "$DB" || { echo "provision: createdb failed" >&2; exit 2; }
	URL="${SD_TEST_PG_URL%/*}/$DB"
}

# --- PostgreSQL: an extension created in version 1, dropped in version 2 ---
R=$T/app
mkroot "$R" app 1 2 3
printf 'CREATE EXTENSION sd_never_installed;\nCREATE TABLE t (id int PRIMARY KEY);\n' >"$R/1/revisions.sql"
printf 'DROP EXTENSION sd_never_installed;\nALTER TABLE t ADD COLUMN name text;\n' >"$R/2/revisions.sql"
printf 'CREATE TABLE u (id int PRIMARY KEY, t_id int REFERENCES t (id));\n' >"$R/3/revisions.sql"
run "fix-sum" 0 "$SD" validate --schema-root "$R" --fix-sum

newpg
run "replaying fails on the extension" 2 "$SD" migrate --url "$URL" --schema-root "$R"
expect_err "replaying fails on the extension" "sd_never_installed"
newpg
run "provision" 0 "$SD" provision --url "$URL" --schema-root "$R"
expect_err "provision" "provisioned version 3 \([0-9]+ changes, 3 versions recorded\)"
equal "provision: the tables" "$(pq "$URL" "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public'")" "t,u"
equal "provision: t.name" "$(pq "$URL" "SELECT data_type FROM information_schema.columns WHERE table_name = 't' AND column_name = 'name'")" "text"
equal "provision: the history" "$(pq "$URL" "SELECT string_agg(version, ',' ORDER BY version) FROM schemadiff.schemadiff_history")" "1,2,3"
run "status after provision" 0 "$SD" status --url "$URL" --schema-root "$R"
run "drift after provision" 0 "$SD" drift --url "$URL" --schema-root "$R"
run "provision again is refused" 2 "$SD" provision --url "$URL" --schema-root "$R"
expect_err "provision again is refused" "already has versions of \"app\" \(3\)"
# migrate continues from there
mkdir -p "$R/4"
printf '{ "db-schema-spec": "1.1", "schema": "app", "version": "4", "source": ["revisions.sql"] }\n' >"$R/4/version.json"
printf 'ALTER TABLE u ADD COLUMN note text;\n' >"$R/4/revisions.sql"
sed -i 's/"current-version": "3"/"current-version": "4"/; s/"3": "3"/"3": "3", "4": "4"/' "$R/schema.json"
run "fix-sum 4" 0 "$SD" validate --schema-root "$R" --fix-sum
run "migrate after provision" 0 "$SD" migrate --url "$URL" --schema-root "$R"
equal "migrate after provision: history" "$(pq "$URL" "SELECT string_agg(version, ',' ORDER BY version) FROM schemadiff.schemadiff_history")" "1,2,3,4"
equal "migrate after provision: u.note" "$(pq "$URL" "SELECT count(*) FROM information_schema.columns WHERE table_name = 'u' AND column_name = 'note'")" "1"

# --version: an older version, then migrate runs the rest
newpg
run "provision --version 2" 0 "$SD" provision --url "$URL" --schema-root "$R" --version 2
equal "provision --version 2: tables" "$(pq "$URL" "SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = 'public'")" "t"
run "migrate the rest" 0 "$SD" migrate --url "$URL" --schema-root "$R"
equal "migrate the rest: history" "$(pq "$URL" "SELECT string_agg(version, ',' ORDER BY version) FROM schemadiff.schemadiff_history")" "1,2,3,4"

# migrate --provision: an empty database provisioned, a tracked one migrated
newpg
run "migrate --provision" 0 "$SD" migrate --url "$URL" --schema-root "$R" --provision
expect_err "migrate --provision" "provisioned version 4"
equal "migrate --provision: history" "$(pq "$URL" "SELECT string_agg(version, ',' ORDER BY version) FROM schemadiff.schemadiff_history")" "1,2,3,4"
run "migrate --provision, tracked" 0 "$SD" migrate --url "$URL" --schema-root "$R" --provision
no_match "migrate --provision, tracked: nothing provisioned" "provisioned" "$T/err"

# a database with objects of its own is refused, nothing created
newpg
pq "$URL" "CREATE TABLE mine (x int)" >/dev/null
run "not empty" 2 "$SD" provision --url "$URL" --schema-root "$R"
expect_err "not empty" "the database is not empty .*mine"
equal "not empty: nothing created" "$(pq "$URL" "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('t','u')")" "0"
run "unknown version" 2 "$SD" provision --url "$URL" --schema-root "$R" --version 9
expect_err "unknown version" "version \"9\" is not in the schema root"
for i in $(seq 1 $n); do "$PGB/dropdb" --if-exists "sd_prov_$i" >/dev/null 2>&1; done

# --- MariaDB -----------------------------------------------------------------
if [ -n "$SD_TEST_MYSQL_URL" ]; then
	hp=${SD_TEST_MYSQL_URL#*@}
	hp=${hp%%/*}
	MHOST=${hp%:*}
	MPORT=${hp##*:}
	mq() { mariadb --no-defaults -h "$MHOST" -P "$MPORT" -u root --protocol=tcp -N -B ${1:+"$1"} -e "$2" 2>&1; }
	M=$T/mapp
	SYSTEM_TYPE=mariadb mkroot "$M" mapp 1 2
	printf 'CREATE TABLE old_t (id int PRIMARY KEY);\nCREATE TABLE t (id int PRIMARY KEY);\n' >"$M/1/revisions.sql"
	printf 'DROP TABLE old_t;\nALTER TABLE t ADD COLUMN name varchar(20);\n' >"$M/2/revisions.sql"
	run "mariadb fix-sum" 0 "$SD" validate --schema-root "$M" --fix-sum
	mq "" "DROP DATABASE IF EXISTS sd_prov_m; CREATE DATABASE sd_prov_m" >/dev/null
	MURL="${SD_TEST_MYSQL_URL%/*}/sd_prov_m"
	run "mariadb provision" 0 "$SD" provision --url "$MURL" --schema-root "$M"
	equal "mariadb provision: tables" "$(mq sd_prov_m "SELECT GROUP_CONCAT(table_name) FROM information_schema.tables WHERE table_schema = 'sd_prov_m' AND table_name NOT LIKE 'schemadiff%'")" "t"
	equal "mariadb provision: history" "$(mq sd_prov_m "SELECT GROUP_CONCAT(version ORDER BY version) FROM schemadiff_history")" "1,2"
	run "mariadb migrate after provision" 0 "$SD" migrate --url "$MURL" --schema-root "$M"
	run "mariadb drift after provision" 0 "$SD" drift --url "$MURL" --schema-root "$M"
	mq "" "DROP DATABASE IF EXISTS sd_prov_m" >/dev/null
fi
finish "provision"
