#!/bin/sh
# tests/cli/live_renames.sh: `apply` and `diff` of a database against files
# honour the files' `-- schemadiff:renamed-from OLD` hints on real servers:
# a renamed column keeps its data, a renamed table its rows, on PostgreSQL
# and MariaDB; apply again finds nothing. Run from the repository root:
#   SCHEMADIFF=./schemadiff sh tests/harness/with-pg.sh \
#     sh tests/harness/with-mariadb.sh sh tests/cli/live_renames.sh

SD=${SCHEMADIFF:-$(pwd)/schemadiff}
TOP=$(pwd)
if [ -z "${SD_TEST_PG_URL:-}" ] || [ -z "${SD_TEST_MYSQL_URL:-}" ]; then
	echo "live_renames: error: no servers: run under tests/harness/with-pg.sh and with-mariadb.sh" >&2
	exit 2
fi
PGB=$SD_TEST_PG_BIN
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-renames.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
. "$TOP/tests/cli/lib.sh"

pq() { "$PGB/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1; }
hp=${SD_TEST_MYSQL_URL#*@}
hp=${hp%%/*}
MHOST=${hp%:*}
MPORT=${hp##*:}
mq() { mariadb --no-defaults -h "$MHOST" -P "$MPORT" -u root --protocol=tcp -N -B ${1:+"$1"} -e "$2" 2>&1; }

# ---- PostgreSQL ------------------------------------------------------------
"$PGB/dropdb" --if-exists sd_ren >/dev/null 2>&1
"$PGB/createdb" sd_ren || { echo "live_renames: createdb failed" >&2; exit 2; }
URL="${SD_TEST_PG_URL%/*}/sd_ren"
mkdir -p "$T/pg1" "$T/pg2"
cat >"$T/pg1/s.sql" <<'EOF'
CREATE TABLE person (id int PRIMARY KEY, fullname text NOT NULL);
CREATE INDEX person_name_idx ON person (fullname);
EOF
cat >"$T/pg2/s.sql" <<'EOF'
-- schemadiff:renamed-from person
CREATE TABLE people (
	id int PRIMARY KEY,
	-- schemadiff:renamed-from fullname
	name text NOT NULL
);
-- schemadiff:renamed-from person_name_idx
CREATE INDEX people_name_idx ON people (name);
EOF
run "pg: apply v1" 0 "$SD" apply --url "$URL" --desired "$T/pg1"
pq sd_ren "INSERT INTO person VALUES (1, 'Ada'), (2, 'Grace')" >/dev/null
run "pg: diff db to renamed files" 1 "$SD" diff --exit-code "$URL" "$T/pg2"
expect_out "pg: diff plans the table rename" 'ALTER TABLE public.person RENAME TO people'
expect_out "pg: diff plans the column rename" 'RENAME COLUMN fullname TO name'
no_match "pg: diff drops nothing" 'DROP' "$T/out"
run "pg: apply renames" 0 "$SD" apply --url "$URL" --desired "$T/pg2"
expect_out "pg: apply renames the index" 'ALTER INDEX public.person_name_idx RENAME TO people_name_idx'
no_match "pg: apply drops nothing" 'DROP' "$T/out"
equal "pg: rows and column data kept" "$(pq sd_ren "SELECT string_agg(id || '=' || name, ',' ORDER BY id) FROM people")" "1=Ada,2=Grace"
equal "pg: primary key follows the table" "$(pq sd_ren "SELECT conname FROM pg_constraint WHERE conrelid = 'people'::regclass AND contype = 'p'")" "people_pkey"
run "pg: apply again" 0 "$SD" apply --url "$URL" --desired "$T/pg2"
expect_err "pg: apply again finds nothing" "no changes"
run "pg: diff again" 0 "$SD" diff --exit-code "$URL" "$T/pg2"
"$PGB/dropdb" sd_ren

# ---- MariaDB ---------------------------------------------------------------
mq "" "DROP DATABASE IF EXISTS sd_ren; CREATE DATABASE sd_ren" >/dev/null
URL="${SD_TEST_MYSQL_URL%/*}/sd_ren"
mkdir -p "$T/my1" "$T/my2"
cat >"$T/my1/s.sql" <<'EOF'
CREATE TABLE person (id int NOT NULL PRIMARY KEY, fullname varchar(50) NOT NULL);
CREATE INDEX person_name_idx ON person (fullname);
EOF
cat >"$T/my2/s.sql" <<'EOF'
-- schemadiff:renamed-from person
CREATE TABLE people (
	id int NOT NULL PRIMARY KEY,
	name varchar(50) NOT NULL -- schemadiff:renamed-from fullname
);
-- schemadiff:renamed-from person_name_idx
CREATE INDEX people_name_idx ON people (name);
EOF
run "mysql: apply v1" 0 "$SD" apply --url "$URL" --desired "$T/my1"
mq sd_ren "INSERT INTO person VALUES (1, 'Ada'), (2, 'Grace')" >/dev/null
run "mysql: diff db to renamed files" 1 "$SD" diff --exit-code "$URL" "$T/my2"
expect_out "mysql: diff plans RENAME TABLE" 'RENAME TABLE `person` TO `people`'
no_match "mysql: diff drops nothing" 'DROP' "$T/out"
run "mysql: apply renames" 0 "$SD" apply --url "$URL" --desired "$T/my2"
expect_out "mysql: apply renames the column" 'RENAME COLUMN `fullname` TO `name`'
expect_out "mysql: apply renames the index" 'RENAME INDEX `person_name_idx` TO `people_name_idx`'
no_match "mysql: apply drops nothing" 'DROP' "$T/out"
equal "mysql: rows and column data kept" "$(mq sd_ren "SELECT group_concat(concat(id, '=', name) ORDER BY id) FROM people")" "1=Ada,2=Grace"
run "mysql: apply again" 0 "$SD" apply --url "$URL" --desired "$T/my2"
expect_err "mysql: apply again finds nothing" "no changes"
mq "" "DROP DATABASE sd_ren" >/dev/null

finish live_renames
