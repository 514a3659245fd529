#!/bin/sh
# tests/cli/live_renames.sh: `apply` and `diff` of a database against files
# honour the files' `-- schemadiff:renamed-from OLD` hints on real servers:
# a renamed column keeps its data, a renamed table its rows, on PostgreSQL
# and MariaDB (constraints, functions and MySQL keys inside CREATE TABLE
# too, and with --online); apply again finds nothing. Run from the repository root:
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
CREATE TABLE person (id int PRIMARY KEY, fullname text NOT NULL,
	CONSTRAINT person_id_check CHECK (id > 0),
	CONSTRAINT person_name_check CHECK (fullname <> ''));
CREATE INDEX person_name_idx ON person (fullname);
CREATE FUNCTION greet(n text) RETURNS text LANGUAGE sql AS $$ SELECT 'hi ' || n $$;
EOF
cat >"$T/pg2/s.sql" <<'EOF'
-- schemadiff:renamed-from person
CREATE TABLE people (
	id int PRIMARY KEY,
	-- schemadiff:renamed-from fullname
	name text NOT NULL,
	CONSTRAINT people_id_positive CHECK (id > 0), -- schemadiff:renamed-from person_id_check
	CONSTRAINT person_name_check CHECK (name <> '')
);
-- schemadiff:renamed-from person_name_idx
CREATE INDEX people_name_idx ON people (name);
-- schemadiff:renamed-from greet
CREATE FUNCTION hello(n text) RETURNS text LANGUAGE sql AS $$ SELECT 'hi ' || n $$;
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
equal "pg: check constraint renamed" "$(pq sd_ren "SELECT conname FROM pg_constraint WHERE conrelid = 'people'::regclass AND contype = 'c' ORDER BY 1")" "people_id_positive
person_name_check"
equal "pg: function renamed" "$(pq sd_ren "SELECT hello('x')")" "hi x"
run "pg: apply again" 0 "$SD" apply --url "$URL" --desired "$T/pg2"
expect_err "pg: apply again finds nothing" "no changes"
run "pg: diff again" 0 "$SD" diff --exit-code "$URL" "$T/pg2"
"$PGB/dropdb" sd_ren

# online mode: the renames open its transaction
"$PGB/createdb" sd_ren || { echo "live_renames: createdb failed" >&2; exit 2; }
run "pg online: apply v1" 0 "$SD" apply --url "$URL" --desired "$T/pg1"
pq sd_ren "INSERT INTO person VALUES (1, 'Ada')" >/dev/null
run "pg online: apply renames" 0 "$SD" apply --online --url "$URL" --desired "$T/pg2"
no_match "pg online: drops nothing" 'DROP' "$T/out"
equal "pg online: data kept" "$(pq sd_ren "SELECT name FROM people")" "Ada"
run "pg online: apply again" 0 "$SD" apply --url "$URL" --desired "$T/pg2"
expect_err "pg online: apply again finds nothing" "no changes"
"$PGB/dropdb" sd_ren

# ---- MariaDB ---------------------------------------------------------------
mq "" "DROP DATABASE IF EXISTS sd_ren; CREATE DATABASE sd_ren" >/dev/null
URL="${SD_TEST_MYSQL_URL%/*}/sd_ren"
mkdir -p "$T/my1" "$T/my2"
cat >"$T/my1/s.sql" <<'EOF'
CREATE TABLE person (id int NOT NULL PRIMARY KEY, fullname varchar(50) NOT NULL,
	code int, UNIQUE KEY person_code (code));
CREATE INDEX person_name_idx ON person (fullname);
EOF
cat >"$T/my2/s.sql" <<'EOF'
-- schemadiff:renamed-from person
CREATE TABLE people (
	id int NOT NULL PRIMARY KEY,
	name varchar(50) NOT NULL, -- schemadiff:renamed-from fullname
	code int,
	UNIQUE KEY people_code (code) -- schemadiff:renamed-from person_code
);
-- schemadiff:renamed-from person_name_idx
CREATE INDEX people_name_idx ON people (name);
EOF
run "mysql: apply v1" 0 "$SD" apply --url "$URL" --desired "$T/my1"
mq sd_ren "INSERT INTO person VALUES (1, 'Ada', 7), (2, 'Grace', 8)" >/dev/null
run "mysql: diff db to renamed files" 1 "$SD" diff --exit-code "$URL" "$T/my2"
expect_out "mysql: diff plans RENAME TABLE" 'RENAME TABLE `person` TO `people`'
no_match "mysql: diff drops nothing" 'DROP' "$T/out"
run "mysql: apply renames" 0 "$SD" apply --url "$URL" --desired "$T/my2"
expect_out "mysql: apply renames the column" 'RENAME COLUMN `fullname` TO `name`'
expect_out "mysql: apply renames the index" 'RENAME INDEX `person_name_idx` TO `people_name_idx`'
expect_out "mysql: apply renames the key of CREATE TABLE" 'RENAME INDEX `person_code` TO `people_code`'
no_match "mysql: apply drops nothing" 'DROP' "$T/out"
equal "mysql: rows and column data kept" "$(mq sd_ren "SELECT group_concat(concat(id, '=', name) ORDER BY id) FROM people")" "1=Ada,2=Grace"
run "mysql: apply again" 0 "$SD" apply --url "$URL" --desired "$T/my2"
expect_err "mysql: apply again finds nothing" "no changes"
mq "" "DROP DATABASE sd_ren" >/dev/null

finish live_renames
