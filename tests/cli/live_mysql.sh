#!/bin/sh
# tests/cli/live_mysql.sh: the commands against a real MariaDB server: plan
# offline on a mysql schema root, migrate, status, drift, apply, diff and
# inspect; a change of the database's default character set (and CREATE
# DATABASE IF NOT EXISTS, which leaves it); and the faults of a
# non-transactional engine: a statement that
# fails in the middle of a version (exact history, resume, --retry-failed),
# a connection killed in the middle of a version, two runs at once (lock),
# password redaction. Each scenario gets a fresh database. Run from the
# repository root:
#   SCHEMADIFF=./schemadiff tests/harness/with-mariadb.sh sh tests/cli/live_mysql.sh
# Prints one line per failure and a closing "N passed, N failed" line.

SD=${SCHEMADIFF:-$(pwd)/schemadiff}
TOP=$(pwd)
if [ -z "${SD_TEST_MYSQL_URL:-}" ]; then
	echo "live_mysql: error: no server: run under tests/harness/with-mariadb.sh" >&2
	exit 2
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-live-mysql.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
. "$TOP/tests/cli/lib.sh"
SYSTEM_TYPE=mysql

# host and port from mysql://user@host:port/
hp=${SD_TEST_MYSQL_URL#*@}
hp=${hp%%/*}
MHOST=${hp%:*}
MPORT=${hp##*:}
BASE=${SD_TEST_MYSQL_URL%/*}

# q DB SQL: the result, tab-separated, no headers
q() { mariadb --no-defaults -h "$MHOST" -P "$MPORT" -u root --protocol=tcp -N -B ${1:+"$1"} -e "$2" 2>&1; }

n=0
# newdb: a fresh database; sets DB and URL
newdb() {
	n=$((n + 1))
	DB=sd_live_$n
	q "" "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB" >/dev/null ||
		{ echo "live_mysql: cannot create a database" >&2; exit 2; }
	URL="$BASE/$DB"
}

# ---- plan offline, migrate, status, drift -------------------------------
cat >"$T/desired.sql" <<'EOF'
CREATE TABLE users (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  email varchar(255) NOT NULL,
  name varchar(100) DEFAULT NULL COMMENT 'display name',
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY users_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE orders (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id bigint unsigned NOT NULL,
  total decimal(10,2) NOT NULL DEFAULT '0.00',
  status enum('new','paid','shipped') NOT NULL DEFAULT 'new',
  KEY orders_user (user_id),
  CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT orders_total_positive CHECK (total >= 0)
);

CREATE VIEW paid_orders AS SELECT id, user_id, total FROM orders WHERE status = 'paid';
EOF
rm -rf "$T/root"
run "init mysql root" 0 "$SD" init --schema-root "$T/root" --name shop --system-type mysql
run "plan offline" 0 "$SD" plan --schema-root "$T/root" --desired "$T/desired.sql"
expect_err "plan wrote version 1" "version 1"
run "plan again: nothing" 0 "$SD" plan --schema-root "$T/root" --desired "$T/desired.sql"
expect_err "plan again says no changes" "no changes"

newdb
run "migrate" 0 "$SD" migrate --url "$URL" --schema-root "$T/root"
expect_err "migrate says DDL is not transactional" "not transactional"
equal "history row" "$(q "$DB" "SELECT version, outcome FROM schemadiff_history")" "1	applied"
equal "tables created" "$(q "$DB" "SELECT GROUP_CONCAT(TABLE_NAME ORDER BY TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")" \
	"orders,paid_orders,schemadiff_history,users"
run "status" 0 "$SD" status --url "$URL" --schema-root "$T/root"
expect_out "status: current version" "current version: +1"
run "drift: clean" 0 "$SD" drift --url "$URL" --schema-root "$T/root"
run "diff URL vs files: empty" 0 "$SD" diff --exit-code "$URL" "$T/desired.sql"
q "$DB" "ALTER TABLE users ADD COLUMN nickname varchar(20)" >/dev/null
run "drift: a hand-made column" 1 "$SD" drift --url "$URL" --schema-root "$T/root"
expect_out "drift names the table" "users"

# ---- apply, inspect ------------------------------------------------------
newdb
q "$DB" "CREATE TABLE users (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, email varchar(100) NOT NULL)" >/dev/null
run "apply" 0 "$SD" apply --url "$URL" --desired "$T/desired.sql" --allow-destructive
expect_err "apply says DDL is not transactional" "not transactional"
run "apply again: nothing" 0 "$SD" apply --url "$URL" --desired "$T/desired.sql"
equal "apply again prints no SQL" "$(cat "$T/out")" ""
run "inspect" 0 "$SD" inspect --url "$URL"
expect_out "inspect writes CREATE TABLE" 'CREATE TABLE `orders`'
cp "$T/out" "$T/inspected.sql"
run "inspected SQL diffs empty" 0 "$SD" diff --exit-code "$URL" "$T/inspected.sql"

# ---- an index that holds only on its column's old type --------------------
# A SPATIAL or FULLTEXT index, or a prefix length, on a column whose type
# changes goes before the MODIFY COLUMN and comes back after it.
newdb
q "$DB" "CREATE TABLE shapes (id int PRIMARY KEY, g polygon NOT NULL, body text NOT NULL, code varchar(40) NOT NULL, SPATIAL KEY shapes_g (g), FULLTEXT KEY shapes_body (body), KEY shapes_code (code(20)))" >/dev/null
cat >"$T/retyped.sql" <<'EOF'
CREATE TABLE shapes (id int PRIMARY KEY, g varchar(100) NOT NULL, body int NOT NULL,
  code int NOT NULL, UNIQUE KEY shapes_g (g), KEY shapes_body (body), KEY shapes_code (code));
EOF
run "retyped index columns: apply" 0 "$SD" apply --url "$URL" --desired "$T/retyped.sql" --allow-destructive
run "retyped index columns: nothing left" 0 "$SD" diff --exit-code "$URL" "$T/retyped.sql"

# ---- IGNORED indexes and a partitioning change on a line of its own ------
newdb
q "$DB" "CREATE TABLE hp (id int NOT NULL, region int NOT NULL, v int, PRIMARY KEY (id, region), KEY hp_v (v)) PARTITION BY HASH (region) PARTITIONS 4" >/dev/null
cat >"$T/hp.sql" <<'EOF'
CREATE TABLE hp (id int NOT NULL, region int NOT NULL, v int, PRIMARY KEY (id, region),
  KEY hp_v (v) IGNORED) PARTITION BY HASH (region) PARTITIONS 6;
EOF
run "ignored index, partitions: apply" 0 "$SD" apply --url "$URL" --desired "$T/hp.sql" --allow-destructive
equal "ignored index, partitions: the index is ignored" "$(q "$DB" "SELECT DISTINCT IGNORED FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'hp_v'")" "YES"
equal "ignored index, partitions: 6 partitions" "$(q "$DB" "SELECT COUNT(*) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'hp'")" "6"
run "ignored index, partitions: nothing left" 0 "$SD" diff --exit-code "$URL" "$T/hp.sql"
no_match "ignored index: no warning" "not modelled" "$T/err"
sed 's/ IGNORED//' "$T/hp.sql" >"$T/hp2.sql"
run "ignored index: made used again" 1 "$SD" diff --exit-code "$URL" "$T/hp2.sql"
expect_out "ignored index: the change" 'ALTER TABLE `hp` ALTER INDEX `hp_v` NOT IGNORED'
run "ignored index: used again" 0 "$SD" apply --url "$URL" --desired "$T/hp2.sql"
equal "ignored index: used" "$(q "$DB" "SELECT DISTINCT IGNORED FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'hp_v'")" "NO"

# ---- a changed view or trigger on a table that is not changed -------------
# The table goes to the scratch database as a stand-in (its columns); the
# plan has the view and trigger only, and nothing after it is applied.
newdb
q "$DB" "CREATE TABLE big (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, body text NOT NULL, at date NOT NULL, FULLTEXT KEY big_body (body), KEY big_at (at DESC) IGNORED); CREATE VIEW bv AS SELECT id FROM big; CREATE VIEW bvv AS SELECT id FROM bv; CREATE TRIGGER bt BEFORE INSERT ON big FOR EACH ROW SET NEW.at = NEW.at" >/dev/null
cat >"$T/big.sql" <<'EOF'
CREATE TABLE big (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, body text NOT NULL, at date NOT NULL,
  FULLTEXT KEY big_body (body), KEY big_at (at DESC) IGNORED);
CREATE VIEW bv AS SELECT id, at FROM big WHERE id > 10;
CREATE VIEW bvv AS SELECT id FROM bv;
CREATE TRIGGER bt BEFORE INSERT ON big FOR EACH ROW SET NEW.at = curdate();
EOF
run "stand-in: diff" 1 "$SD" diff --exit-code "$URL" "$T/big.sql"
expect_out "stand-in: the view" 'VIEW `bv`'
expect_out "stand-in: the trigger" 'TRIGGER `bt`'
no_match "stand-in: the table is not changed" 'ALTER TABLE' "$T/out"
run "stand-in: apply" 0 "$SD" apply --url "$URL" --desired "$T/big.sql"
run "stand-in: nothing left" 0 "$SD" diff --exit-code "$URL" "$T/big.sql"
equal "stand-in: no scratch database left" "$(q "" "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '%scratch%'")" "0"

# ---- binary defaults: the server reads them back as text -----------------
# Every byte outside a well-formed UTF-8 character comes back as '?': a hex
# literal that reads back so is the same default, with no scratch database.
newdb
cat >"$T/bin.sql" <<'EOF'
CREATE TABLE bin (id int PRIMARY KEY, a binary(16) DEFAULT 0x00112233445566778899AABBCCDDEEFF,
  b varbinary(255) NOT NULL DEFAULT x'DEADBEEF', c binary(4) DEFAULT 0x41, d varbinary(8) DEFAULT x'5C27');
EOF
q "$DB" "$(cat "$T/bin.sql")" >/dev/null
run "binary defaults: no difference" 0 env SCHEMADIFF_STATS=1 "$SD" diff --exit-code "$URL" "$T/bin.sql"
expect_err "binary defaults: no scratch database" "0 of 1 objects through the scratch database"
sed 's/x.5C27./x'"'"'5C28'"'"'/' "$T/bin.sql" >"$T/bin2.sql"
run "binary defaults: a changed one is seen" 1 "$SD" diff --exit-code "$URL" "$T/bin2.sql"
expect_out "binary defaults: the change" "MODIFY COLUMN \`d\`"

# ---- the database default, a routine's sql_mode and a trigger's client
# character set and connection collation (issue 12) -------------------------
cat >"$T/dump.sql" <<'EOF'
CREATE TABLE notes (id int PRIMARY KEY, body varchar(50), code char(2) BINARY);
/*!50003 SET @saved_sql_mode = @@sql_mode */ ;
/*!50003 SET sql_mode = 'ANSI_QUOTES,NO_ENGINE_SUBSTITUTION' */ ;
CREATE PROCEDURE note_count() SELECT COUNT(*) FROM notes;
/*!50003 SET sql_mode = @saved_sql_mode */ ;
SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='TRADITIONAL';
DELIMITER ;;
CREATE PROCEDURE note_two() BEGIN
  -- the client strips comments from what it sends
  SELECT 1; /* one */ SELECT 2; # two
END ;;
DELIMITER ;
SET SQL_MODE=@OLD_SQL_MODE;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;
/*!50003 SET @saved_col_connection = @@collation_connection */ ;
/*!50003 SET character_set_client  = latin1 */ ;
/*!50003 SET collation_connection  = latin1_swedish_ci */ ;
CREATE TRIGGER notes_bi BEFORE INSERT ON notes FOR EACH ROW SET NEW.code = 'x';
/*!50003 SET character_set_client  = @saved_cs_client */ ;
/*!50003 SET collation_connection  = @saved_col_connection */ ;
EOF
rm -rf "$T/r12"
run "init root of a dump" 0 "$SD" init --schema-root "$T/r12" --name notes --system-type mysql
run "plan the dump offline" 0 "$SD" plan --schema-root "$T/r12" --desired "$T/dump.sql"
newdb
q "" "ALTER DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" >/dev/null
run "apply the dump" 0 "$SD" apply --url "$URL" --desired "$T/dump.sql"
equal "the routine has the dump's sql_mode" \
	"$(q "$DB" "SELECT SQL_MODE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_NAME = 'note_count'")" \
	"ANSI_QUOTES,NO_ENGINE_SUBSTITUTION"
equal "the table has the database default" \
	"$(q "$DB" "SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'notes'")" \
	"utf8mb4_unicode_ci"
equal "the trigger has the dump's client character set and collation" \
	"$(q "$DB" "SELECT CONCAT(CHARACTER_SET_CLIENT, ' ', COLLATION_CONNECTION) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()")" \
	"latin1 latin1_swedish_ci"
run "apply the dump again: nothing" 0 "$SD" apply --url "$URL" --desired "$T/dump.sql"
equal "apply again prints no SQL" "$(cat "$T/out")" ""
run "diff of the dump against its database: none" 0 "$SD" diff --exit-code "$URL" "$T/dump.sql"
sed 's/latin1_swedish_ci/latin1_bin/' "$T/dump.sql" >"$T/dump2.sql"
run "a changed collation_connection differs" 1 "$SD" diff --exit-code "$URL" "$T/dump2.sql"
expect_out "and remakes the trigger with it" "^SET SESSION collation_connection = latin1_bin;"
# non-ASCII text under a latin1 client: the UTF-8 text is kept intact (no
# SET character_set_client), and no change comes of it afterwards
sed "s/SET NEW.code = 'x'/SET NEW.body = 'caf\xc3\xa9'/" "$T/dump.sql" >"$T/dump3.sql"
run "a latin1 trigger with non-ASCII text" 0 "$SD" apply --url "$URL" --desired "$T/dump3.sql"
no_match "no SET character_set_client for it" "character_set_client = latin1" "$T/out"
q "$DB" "INSERT INTO notes (id) VALUES (7)" >/dev/null
equal "its text intact" "$(q "$DB" "SELECT HEX(body) FROM notes WHERE id = 7")" "636166C3A9"
run "apply it again: nothing" 0 "$SD" apply --url "$URL" --desired "$T/dump3.sql"
equal "apply it again prints no SQL" "$(cat "$T/out")" ""
run "back to the dump" 0 "$SD" apply --url "$URL" --desired "$T/dump.sql"
rm -rf "$T/insp12"
run "inspect the dump's database" 0 "$SD" inspect --url "$URL" --out "$T/insp12"
equal "inspect writes the database default first" \
	"$(cat "$T"/insp12/*.sql | head -n 1)" \
	"ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
run "plan of inspect's output on the dump's root" 0 "$SD" plan --schema-root "$T/r12" --dry-run --desired "$T/insp12"
expect_err "plan of inspect's output: no changes" "no changes"
grep -q '^DELIMITER ;;$' "$T"/insp12/*.sql && ok || bad "inspect writes DELIMITER around a BEGIN ... END body"
# a change on top of inspect's output (which states the database default,
# the root's versions do not): the plan verifies on a server whose
# default is another one
cp "$T"/insp12/*.sql "$T/insp12x.sql"
echo 'CREATE TABLE extra (id int PRIMARY KEY);' >>"$T/insp12x.sql"
run "plan a change on inspect's output, verified" 0 "$SD" plan --schema-root "$T/r12" --dry-run --verify --desired "$T/insp12x.sql"
expect_out "plan a change on inspect's output: the table" "^CREATE TABLE \`extra\`"
newdb
for f in "$T"/insp12/*.sql; do q "$DB" "SOURCE $f" >/dev/null; done
equal "inspect's output reloads with the routine's sql_mode" \
	"$(q "$DB" "SELECT SQL_MODE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_NAME = 'note_count'")" \
	"ANSI_QUOTES,NO_ENGINE_SUBSTITUTION"
equal "and the database default" \
	"$(q "$DB" "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()")" \
	"utf8mb4_unicode_ci"
equal "and the BEGIN ... END procedure (DELIMITER) with TRADITIONAL" \
	"$(q "$DB" "SELECT SQL_MODE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_NAME = 'note_two'")" \
	"STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,TRADITIONAL,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION"
run "the client's load (comments stripped) equals the dump" 0 "$SD" diff --exit-code "$URL" "$T/dump.sql"
equal "and the trigger's client character set and collation" \
	"$(q "$DB" "SELECT CONCAT(CHARACTER_SET_CLIENT, ' ', COLLATION_CONNECTION) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()")" \
	"latin1 latin1_swedish_ci"

# ---- a statement that fails in the middle of a version -------------------
mkroot "$T/f" fault 1 2
# version 1 leaves a table c in the way of version 2's statement 2
printf 'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE c (x int);\n' >"$T/f/1/revisions.sql"
cat >"$T/f/2/revisions.sql" <<'EOF'
CREATE TABLE b (id int PRIMARY KEY);
CREATE TABLE c (id int PRIMARY KEY);
CREATE TABLE d (id int PRIMARY KEY);
EOF
newdb
run "migrate: statement 2 fails" 2 "$SD" migrate --url "$URL" --schema-root "$T/f"
expect_err "names file and line" "2/revisions.sql:2:1"
expect_err "says how far it got" "stopped after 1 of its statements"
equal "history: failed after 1" "$(q "$DB" "SELECT version, outcome, statements_done FROM schemadiff_history ORDER BY version")" \
	"$(printf '1\tapplied\t2\n2\tfailed\t1')"
equal "b exists, d does not" "$(q "$DB" "SELECT GROUP_CONCAT(TABLE_NAME ORDER BY TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('b','d')")" "b"
run "status shows it (pending: exit 1)" 1 "$SD" status --url "$URL" --schema-root "$T/f"
expect_out "status: stopped part way" "stopped part way: +2 \\(failed after 1 statement"
q "$DB" "DROP TABLE c" >/dev/null
run "migrate resumes" 0 "$SD" migrate --url "$URL" --schema-root "$T/f"
expect_err "resumes at statement 2" "resuming at statement 2"
equal "history: applied" "$(q "$DB" "SELECT outcome, statements_done FROM schemadiff_history WHERE version = '2'")" "$(printf 'applied\t3')"

# changed files after a failure: resume refused, --retry-failed reruns
newdb
run "migrate fails again" 2 "$SD" migrate --url "$URL" --schema-root "$T/f"
cat >"$T/f/2/revisions.sql" <<'EOF'
CREATE TABLE IF NOT EXISTS b (id int PRIMARY KEY);
CREATE TABLE c2 (id int PRIMARY KEY);
CREATE TABLE d (id int PRIMARY KEY);
EOF
run "changed files: no resume" 2 "$SD" migrate --url "$URL" --schema-root "$T/f"
expect_err "says the files changed" "files have changed since"
run "--retry-failed" 0 "$SD" migrate --url "$URL" --schema-root "$T/f" --retry-failed
expect_err "reruns from the start" "from its first statement"
equal "history after retry" "$(q "$DB" "SELECT outcome, statements_done FROM schemadiff_history WHERE version = '2'")" "$(printf 'applied\t3')"

# ---- a connection killed in the middle of a version ----------------------
mkroot "$T/k" killed 1
cat >"$T/k/1/revisions.sql" <<'EOF'
CREATE TABLE k1 (id int PRIMARY KEY);
DO SLEEP(4);
CREATE TABLE k2 (id int PRIMARY KEY);
EOF
newdb
"$SD" migrate --url "$URL" --schema-root "$T/k" >"$T/kout" 2>"$T/kerr" &
mpid=$!
tries=0
while :; do
	id=$(q "" "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'DO SLEEP%'")
	[ -n "$id" ] && break
	tries=$((tries + 1))
	[ $tries -gt 100 ] && break
	sleep 0.1
done
if [ -n "$id" ]; then ok; else bad "killed: the sleeping statement never showed up"; fi
q "" "KILL $id" >/dev/null
wait $mpid
equal "killed: migrate exits 2" "$?" "2"
if grep -q "stopped after 1 of its statements" "$T/kerr"; then ok; else
	bad "killed: message"; sed 's/^/    stderr: /' "$T/kerr" | head -n 5; fi
equal "killed: history says 1 statement done" "$(q "$DB" "SELECT statements_done FROM schemadiff_history WHERE version = '1'")" "1"
run "killed: resume" 0 "$SD" migrate --url "$URL" --schema-root "$T/k"
expect_err "killed: resumes at 2" "resuming at statement 2"
equal "killed: both tables" "$(q "$DB" "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('k1','k2')")" "2"

# ---- two runs at once ----------------------------------------------------
mkroot "$T/l" locked 1
printf 'CREATE TABLE l1 (id int PRIMARY KEY);\nDO SLEEP(3);\n' >"$T/l/1/revisions.sql"
newdb
"$SD" migrate --url "$URL" --schema-root "$T/l" >/dev/null 2>"$T/lerr" &
mpid=$!
sleep 1
run "second run: lock timeout" 2 "$SD" migrate --url "$URL" --schema-root "$T/l" --lock-timeout 500ms
expect_err "second run: names the lock" "another schemadiff run holds the lock"
wait $mpid
equal "first run succeeded" "$?" "0"
run "second run afterwards: nothing to do" 0 "$SD" migrate --url "$URL" --schema-root "$T/l"
expect_err "nothing to do" "nothing to do"
equal "one history row" "$(q "$DB" "SELECT COUNT(*) FROM schemadiff_history")" "1"

# ---- the database's default character set (issue 12) ----------------------
# a version that changes it plans ALTER DATABASE; migrate runs it; a table
# that states none is converted with it; apply and drift see it too
newdb
q "" "ALTER DATABASE $DB CHARACTER SET latin1 COLLATE latin1_swedish_ci" >/dev/null
printf 'ALTER DATABASE CHARACTER SET latin1 COLLATE latin1_swedish_ci;\nCREATE TABLE notes (id int PRIMARY KEY, body varchar(50));\n' >"$T/cs.sql"
rm -rf "$T/cs"
run "charset: init" 0 "$SD" init --schema-root "$T/cs" --name cs --system-type mysql
run "charset: plan 1" 0 "$SD" plan --schema-root "$T/cs" --desired "$T/cs.sql"
if head -n 1 "$T/cs/1/revisions.sql" | grep -qx 'ALTER DATABASE CHARACTER SET latin1 COLLATE latin1_swedish_ci;'; then ok; else
	bad "charset: version 1 states the default first"; cat "$T/cs/1/revisions.sql"; fi
run "charset: migrate 1" 0 "$SD" migrate --url "$URL" --schema-root "$T/cs"
q "$DB" "INSERT INTO notes VALUES (1, _latin1 x'636166E9')" >/dev/null
printf 'ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\nCREATE TABLE notes (id int PRIMARY KEY, body varchar(50));\n' >"$T/cs.sql"
run "charset: plan 2" 0 "$SD" plan --schema-root "$T/cs" --desired "$T/cs.sql"
expect_out "charset: plan 2 alters the database" "^ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
expect_out "charset: and converts the table" "^ALTER TABLE \`notes\` DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;"
run "charset: plan again: nothing" 0 "$SD" plan --schema-root "$T/cs" --desired "$T/cs.sql"
expect_err "charset: plan again: nothing" "no changes"
run "charset: drift before migrate" 1 "$SD" drift --url "$URL" --schema-root "$T/cs" --pending-is-drift
run "charset: migrate 2" 0 "$SD" migrate --url "$URL" --schema-root "$T/cs"
equal "charset: the database's default" "$(q "$DB" "SELECT CONCAT(DEFAULT_CHARACTER_SET_NAME, ' ', DEFAULT_COLLATION_NAME) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()")" "utf8mb4 utf8mb4_unicode_ci"
equal "charset: the table's" "$(q "$DB" "SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'notes'")" "utf8mb4_unicode_ci"
run "charset: drift after migrate" 0 "$SD" drift --url "$URL" --schema-root "$T/cs"
run "charset: apply finds nothing" 0 "$SD" apply --url "$URL" --desired "$T/cs.sql" --dry-run
no_match "charset: apply finds nothing" "ALTER" "$T/out"
printf 'ALTER DATABASE CHARACTER SET latin1 COLLATE latin1_general_ci;\nCREATE TABLE notes (id int PRIMARY KEY, body varchar(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;\n' >"$T/cs2.sql"
run "charset: apply a new default" 0 "$SD" apply --url "$URL" --desired "$T/cs2.sql"
expect_out "charset: apply a new default" "^ALTER DATABASE CHARACTER SET latin1 COLLATE latin1_general_ci;"
equal "charset: applied" "$(q "$DB" "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()")" "latin1_general_ci"
run "charset: apply again: nothing" 0 "$SD" apply --url "$URL" --desired "$T/cs2.sql" --dry-run
no_match "charset: apply again: nothing" "ALTER" "$T/out"
equal "charset: data kept" "$(q "$DB" "SELECT HEX(body) FROM notes")" "636166C3A9"
# CREATE DATABASE IF NOT EXISTS (phpMyAdmin's file, mysqldump --databases):
# its options apply only to a database the server creates, so they leave
# the target's default as it is, as the client's load of the file does;
# inspect then plan of a root from such a file: no changes
newdb
printf 'CREATE DATABASE IF NOT EXISTS %s DEFAULT CHARACTER SET utf8 COLLATE utf8_bin;\nUSE %s;\nCREATE TABLE pma (id int PRIMARY KEY, label varchar(20)) DEFAULT CHARSET=utf8 COLLATE=utf8_bin;\n' "$DB" "$DB" >"$T/ine.sql"
run "charset: apply IF NOT EXISTS" 0 "$SD" apply --url "$URL" --desired "$T/ine.sql"
no_match "charset: apply IF NOT EXISTS: no ALTER DATABASE" "ALTER DATABASE" "$T/out"
equal "charset: IF NOT EXISTS leaves the default" "$(q "$DB" "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()")" "utf8mb4_general_ci"
rm -rf "$T/ine" "$T/ine-inspect"
run "charset: IF NOT EXISTS root" 0 "$SD" init --schema-root "$T/ine" --name ine --system-type mariadb
run "charset: IF NOT EXISTS plan" 0 "$SD" plan --schema-root "$T/ine" --desired "$T/ine.sql"
no_match "charset: IF NOT EXISTS plan: no ALTER DATABASE" "ALTER DATABASE" "$T/ine/1/revisions.sql"
run "charset: inspect" 0 "$SD" inspect --url "$URL" --out "$T/ine-inspect"
run "charset: inspect -> plan" 0 "$SD" plan --schema-root "$T/ine" --dry-run --desired "$T/ine-inspect"
expect_err "charset: inspect -> plan: nothing" "no changes"
newdb
run "charset: IF NOT EXISTS migrate" 0 "$SD" migrate --url "$URL" --schema-root "$T/ine"
run "charset: IF NOT EXISTS drift" 0 "$SD" drift --url "$URL" --schema-root "$T/ine"

# ---- views as a person writes them and as the server keeps them ----------
# (ops/view_server.c) inspect writes the server's VIEW_DEFINITION, which an
# offline parse of a complex view never equals: plan compares such views
# on its server; only a real change replaces one. The file also includes
# its data with the client's `source` (util/sqlinclude.c).
mkdir -p "$T/cv"
cat >"$T/cv/schema.sql" <<'EOF'
SET NAMES utf8mb4;
CREATE TABLE city (city_id int PRIMARY KEY, city varchar(50) NOT NULL, country_id int NOT NULL);
CREATE TABLE country (country_id int PRIMARY KEY, country varchar(50) NOT NULL);
CREATE TABLE customer (customer_id int PRIMARY KEY, first_name varchar(45), last_name varchar(45),
  city_id int, active tinyint(1) NOT NULL DEFAULT 1);
source data.dump ;
CREATE VIEW customer_list AS
SELECT cu.customer_id AS ID, CONCAT(cu.first_name, _utf8mb4' ', cu.last_name, _latin1'.') AS name,
  city.city AS city, country.country AS country,
  IF(cu.active, _utf8mb4'active', _utf8mb4'') AS notes
FROM customer AS cu JOIN city ON cu.city_id = city.city_id
  JOIN country ON city.country_id = country.country_id;
CREATE VIEW customers_by_country AS
SELECT c.country, COUNT(*) AS n FROM customer cu
  INNER JOIN city ci USING (city_id) INNER JOIN country c ON ci.country_id = c.country_id
GROUP BY c.country HAVING COUNT(*) > 0 ORDER BY n DESC;
EOF
printf "INSERT INTO country VALUES (1, 'Norway');\nINSERT INTO city VALUES (1, 'Oslo', 1);\n" >"$T/cv/data.dump"
newdb
(cd "$T/cv" && mariadb --no-defaults -h "$MHOST" -P "$MPORT" -u root --protocol=tcp "$DB" <schema.sql) ||
	bad "views: the client does not load the file"
mkroot "$T/cvr" cv
run "views: plan the file" 0 "$SD" plan --schema-root "$T/cvr" --no-verify --desired "$T/cv/schema.sql"
run "views: inspect" 0 "$SD" inspect --url "$URL" --out "$T/cv-insp"
run "views: inspect -> plan, offline texts" 0 "$SD" plan --schema-root "$T/cvr" --dry-run --no-verify --desired "$T/cv-insp"
expect_out "views: offline, the texts differ" 'CREATE OR REPLACE VIEW `customers_by_country`'
run "views: inspect -> plan through the server" 0 "$SD" plan --schema-root "$T/cvr" --dry-run --verify --dev-url "$URL" --desired "$T/cv-insp"
expect_err "views: read back the same" "2 views written differently read back the same"
expect_err "views: inspect -> plan: nothing" "no changes"
cat "$T/cv-insp"/*.sql | sed 's/having count(0) > 0/having count(0) > 1/' >"$T/cv-changed.sql"
run "views: a real change" 0 "$SD" plan --schema-root "$T/cvr" --dry-run --verify --dev-url "$URL" --desired "$T/cv-changed.sql"
expect_out "views: a real change is planned" 'CREATE OR REPLACE VIEW `customers_by_country`.*> 1'
no_match "views: the other is not" 'VIEW `customer_list`' "$T/out"
run "views: apply of the file with its include" 0 "$SD" apply --url "$URL" --desired "$T/cv/schema.sql"
expect_err "views: apply: nothing to do" "no changes"
CVDB=$DB
newdb
run "views: apply to an empty database" 0 "$SD" apply --url "$URL" --desired "$T/cv/schema.sql"
equal "views: SHOW CREATE VIEW as the client's load (introducers kept)" \
	"$(q "$DB" "SHOW CREATE VIEW customer_list" | cut -f2 | sed 's/DEFINER=[^ ]* //')" \
	"$(q "$CVDB" "SHOW CREATE VIEW customer_list" | cut -f2 | sed 's/DEFINER=[^ ]* //')"
equal "views: the included data is not loaded by apply" "$(q "$DB" "SELECT count(*) FROM city")" 0
run "views: apply again: nothing to do" 0 "$SD" apply --url "$URL" --desired "$T/cv/schema.sql"
expect_err "views: apply again: nothing to do" "no changes"

# ---- routine bodies are stored as the client stores them -----------------
# the client drops comments (its --skip-comments default): apply sends the
# statements the same way, so the stored bodies are equal byte for byte
cat >"$T/fcomments.sql" <<'EOF'
CREATE TABLE tc (v int);
DELIMITER ;;
CREATE FUNCTION f(a INT) RETURNS INT
    DETERMINISTIC
BEGIN
  # a hash comment
  DECLARE x INT; -- a dash comment
  /* one line */ SET x = a;
  SET x = x/*inline*/+1;
  /* two
     lines */
  SET x = x + 2; # trailing
  RETURN x + LENGTH('a # not -- a /* comment */ \' -- #'); -- end
END ;;
CREATE TRIGGER tr BEFORE INSERT ON tc FOR EACH ROW
BEGIN
  -- keep it positive
  SET NEW.v = ABS(NEW.v); /* abs */
END ;;
DELIMITER ;
EOF
newdb
CLDB=$DB
mariadb --no-defaults -h "$MHOST" -P "$MPORT" -u root --protocol=tcp "$DB" <"$T/fcomments.sql"
newdb
run "comments: apply" 0 "$SD" apply --url "$URL" --desired "$T/fcomments.sql"
equal "comments: function body as the client's load" \
	"$(q "$DB" "SELECT ROUTINE_DEFINITION FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()" | od -c)" \
	"$(q "$CLDB" "SELECT ROUTINE_DEFINITION FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()" | od -c)"
equal "comments: trigger body as the client's load" \
	"$(q "$DB" "SELECT ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()" | od -c)" \
	"$(q "$CLDB" "SELECT ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()" | od -c)"
run "comments: apply again: nothing to do" 0 "$SD" apply --url "$URL" --desired "$T/fcomments.sql"
expect_err "comments: apply again: nothing to do" "no changes"

# ---- a wrong password is never printed ------------------------------------
run "wrong password" 2 "$SD" status --url "mysql://root:s3cr3tpw@$MHOST:$MPORT/$DB" --schema-root "$T/l"
no_match "password not in stderr" "s3cr3tpw" "$T/err"

finish live_mysql
