#!/bin/sh
# tests/cli/live_hazards_mysql.sh: hazards and online mode against a real
# MariaDB (run under tests/harness/with-mariadb.sh): apply --dry-run names
# the hazards with the table's size (information_schema.TABLES) and exits
# 1; a change the server can make only by copying a table at least the
# --online-threshold is refused in online mode, and allowed with
# --allow-hazards rewrites-table; --format json.
set -u
SD=${SCHEMADIFF:-$(pwd)/schemadiff}
TOP=$(pwd)
if [ -z "${SD_TEST_MYSQL_URL:-}" ]; then
	echo "live_hazards_mysql: error: no server: run under tests/harness/with-mariadb.sh" >&2
	exit 2
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-hazards-my.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
. "$TOP/tests/cli/lib.sh"
hp=${SD_TEST_MYSQL_URL#*@}
hp=${hp%%/*}
MHOST=${hp%:*}
MPORT=${hp##*:}
q() { mariadb --no-defaults -h "$MHOST" -P "$MPORT" -u root --protocol=tcp -N -B ${1:+"$1"} -e "$2" 2>&1; }
q "" "DROP DATABASE IF EXISTS sd_hz; CREATE DATABASE sd_hz" >/dev/null || exit 2
URL="${SD_TEST_MYSQL_URL%/*}/sd_hz"
q sd_hz "CREATE TABLE t (id int NOT NULL PRIMARY KEY, v int, note varchar(20)) ENGINE=InnoDB;
INSERT INTO t SELECT seq, seq, 'x' FROM seq_1_to_2000; ANALYZE TABLE t" >/dev/null

cat >"$T/d.sql" <<'EOS'
CREATE TABLE t (id int NOT NULL PRIMARY KEY, v bigint, note varchar(20), KEY v_ix (v)) ENGINE=InnoDB;
EOS
run "dry run" 1 "$SD" apply --url "$URL" --desired "$T/d.sql" --dry-run
expect_err "type change named with its table's size" "hazard: modify column t.v: rewrites-table, blocks-writes, validates, not-transactional \\(SHARED lock, held for a time proportional to the table\\); \`t\`: [0-9]+ kB, about [0-9]+ rows"
expect_out "hazards comment above the statement" "^-- hazards: rewrites-table"
run "dry run --format json" 1 "$SD" apply --url "$URL" --desired "$T/d.sql" --dry-run --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=[x for x in d["changes"] if x["kind"]=="modify-column"][0]; assert "not-transactional" in c["hazards"] and c["table_bytes"] > 0, c' "$T/out" && ok || bad "json: no modify-column with its size"
run "online: a table copy above the threshold is refused" 2 "$SD" apply --url "$URL" --desired "$T/d.sql" --online --online-threshold 1kB
expect_err "refusal says why" "only by copying it, which blocks writes for the whole copy: refused"
expect_err "refusal hint" "allow-hazards rewrites-table"
equal "v still an int" "$(q sd_hz "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA='sd_hz' AND TABLE_NAME='t' AND COLUMN_NAME='v'")" int
run "online: allowed to copy" 0 "$SD" apply --url "$URL" --desired "$T/d.sql" --online --online-threshold 1kB --allow-hazards rewrites-table
expect_err "the copy is said" "copied the table"
equal "v now a bigint" "$(q sd_hz "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA='sd_hz' AND TABLE_NAME='t' AND COLUMN_NAME='v'")" bigint
run "nothing left" 0 "$SD" apply --url "$URL" --desired "$T/d.sql" --dry-run
# --- -W: the password from the terminal (a pty from script(1)), no echo -----
q "" "CREATE USER IF NOT EXISTS 'sd_pw'@'%' IDENTIFIED BY 'Pw-4711-x'; GRANT ALL ON *.* TO 'sd_pw'@'%'" >/dev/null
PWURL="mysql://sd_pw@$MHOST:$MPORT/sd_hz"
(sleep 1; printf 'Pw-4711-x\n') | script -qec "$SD diff -W --exit-code '$PWURL' '$T/d.sql'" /dev/null >"$T/out" 2>&1
equal "-W with the right password connects" "$?" 0
no_match "-W does not echo the password" "Pw-4711-x" "$T/out"
grep -q "Password: " "$T/out" && ok || bad "-W: no prompt"
(sleep 1; printf 'wrong\n') | script -qec "$SD diff -W '$PWURL' '$T/d.sql'" /dev/null >"$T/out" 2>&1
equal "-W with a wrong password fails" "$?" 2
run "-W without a terminal" 2 setsid -w "$SD" status -W --url "$PWURL" --schema-root "$T"
expect_err "-W says why" "no terminal to read the password from"
q "" "DROP USER 'sd_pw'@'%'" >/dev/null
q "" "DROP DATABASE sd_hz" >/dev/null
finish live_hazards_mysql
