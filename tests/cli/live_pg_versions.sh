#!/bin/sh
# tests/cli/live_pg_versions.sh: what the server's PostgreSQL version
# decides (docs/pg-versions.md), on whichever version the harness started
# (make check: 15; make check-versions: 13, 14, 16, 17, 18 through
# SD_PG_VERSION): a desired schema or a history that uses a feature the
# server lacks is refused by name before anything runs (nothing applied,
# nothing recorded; diff from the database writes no SQL), and accepted
# where the server has it; GRANT ALL means
# what it means on that server (MAINTAIN from 17 on), so that it converges
# whether the grant was made by schemadiff or by hand; plan
# --target-version refuses offline what the target would reject; the SQL
# itself is written for the server's version (SET EXPRESSION, SET STORAGE
# DEFAULT, MAINTAIN), by apply and by plan --target-version.
#   SCHEMADIFF=./schemadiff SD_PG_VERSION=13 sh tests/harness/with-pg.sh sh tests/cli/live_pg_versions.sh
# Prints one line per failure and a closing "N passed, N failed" line.

NAME=live_pg_versions
. "$(pwd)/tests/cli/lib_pg.sh"

V=$(q postgres "SHOW server_version_num")
M=$((V / 10000))
echo "live_pg_versions: PostgreSQL $M ($V)"

tables() { q "$DB" "SELECT count(*) FROM pg_class WHERE relname = 't' AND relkind = 'r'"; }

# --- apply: COMPRESSION (14), NULLS NOT DISTINCT (15) --------------------
printf 'CREATE TABLE t (a int, b text COMPRESSION pglz);\n' >"$T/comp.sql"
printf 'CREATE TABLE t (a int);\nCREATE UNIQUE INDEX t_a ON t (a) NULLS NOT DISTINCT;\n' >"$T/nnd.sql"
# an expression kept as text (a view's query): IS JSON (16)
printf 'CREATE TABLE t (a text);\nCREATE VIEW v AS\n  SELECT a IS JSON AS j FROM t;\n' >"$T/json.sql"
for f in comp:14:'error: .*/comp\.sql:1:24: a column compression method \(COMPRESSION\) needs PostgreSQL 14; the target is 13$' \
	 nnd:15:"error: .*/nnd\\.sql:2:28: NULLS NOT DISTINCT needs PostgreSQL 15; the target is $M\$" \
	 json:16:"error: .*/json\\.sql:3:10: IS JSON needs PostgreSQL 16; the target is $M\$"; do
	file=${f%%:*} rest=${f#*:}
	need=${rest%%:*} msg=${rest#*:}
	newdb
	if [ "$M" -lt "$need" ]; then
		run "apply $file on $M: refused" 2 "$SD" apply --url "$URL" --desired "$T/$file.sql"
		expect_err "apply $file on $M: named" "$msg"
		equal "apply $file on $M: nothing ran" "$(tables)" 0
		run "diff DB $file on $M: refused" 2 "$SD" diff "$URL" "$T/$file.sql"
		expect_err "diff DB $file on $M: named" "$msg"
	else
		run "apply $file on $M" 0 "$SD" apply --url "$URL" --desired "$T/$file.sql"
		run "apply $file on $M again: nothing to do" 0 "$SD" apply --url "$URL" --desired "$T/$file.sql"
		expect_err "apply $file on $M again" 'no changes'
	fi
done

# --- GRANT ALL and MAINTAIN (17) ------------------------------------------
q postgres "CREATE ROLE sd_pgver_r" >/dev/null 2>&1
printf 'CREATE TABLE t (a int);\nGRANT ALL ON t TO sd_pgver_r;\n' >"$T/all.sql"
newdb
run "GRANT ALL applied" 0 "$SD" apply --url "$URL" --desired "$T/all.sql"
acl=$(q "$DB" "SELECT array_to_string(relacl, ' ') FROM pg_class WHERE relname = 't'")
if [ "$M" -ge 17 ]; then want='sd_pgver_r=arwdDxtm/'; else want='sd_pgver_r=arwdDxt/'; fi
case "$acl" in *"$want"*) ok ;; *) bad "GRANT ALL on $M: acl $acl, expected $want" ;; esac
run "GRANT ALL again: nothing to do" 0 "$SD" apply --url "$URL" --desired "$T/all.sql"
expect_err "GRANT ALL again" 'no changes'
newdb
q "$DB" "CREATE TABLE t (a int); GRANT ALL ON t TO sd_pgver_r" >/dev/null
run "GRANT ALL made by hand: nothing to do" 0 "$SD" apply --dry-run --url "$URL" --desired "$T/all.sql"
expect_err "GRANT ALL by hand" 'no changes'
printf 'CREATE TABLE t (a int);\nGRANT MAINTAIN ON t TO sd_pgver_r;\n' >"$T/maint.sql"
newdb
if [ "$M" -lt 17 ]; then
	run "GRANT MAINTAIN on $M: refused" 2 "$SD" apply --url "$URL" --desired "$T/maint.sql"
	expect_err "GRANT MAINTAIN on $M: named" "maint\\.sql:2:[0-9]+: the MAINTAIN privilege needs PostgreSQL 17; the target is $M\$"
	equal "GRANT MAINTAIN on $M: nothing ran" "$(tables)" 0
else
	run "GRANT MAINTAIN on $M" 0 "$SD" apply --url "$URL" --desired "$T/maint.sql"
fi

# --- migrate: a history written for a newer server -----------------------
mkroot "$T/root" app 1 2
printf 'CREATE TABLE t0 (a int);\n' >"$T/root/1/revisions.sql"
printf 'CREATE TABLE t (a int, b text COMPRESSION pglz);\n' >"$T/root/2/revisions.sql"
newdb
if [ "$M" -lt 14 ]; then
	run "migrate a 14 history on $M: refused" 2 "$SD" migrate --url "$URL" --schema-root "$T/root"
	expect_err "migrate on $M: named" "root/2/revisions\\.sql:1:24: a column compression method \\(COMPRESSION\\) needs PostgreSQL 14; the target is $M\$"
	equal "migrate on $M: no version ran" "$(q "$DB" "SELECT count(*) FROM pg_class WHERE relname IN ('t0', 't')")" 0
	equal "migrate on $M: no history recorded" "$(q "$DB" "SELECT count(*) FROM pg_class WHERE relname = 'schemadiff_history'")" 0
else
	run "migrate on $M" 0 "$SD" migrate --url "$URL" --schema-root "$T/root"
	equal "migrate on $M: both versions" "$(q "$DB" "SELECT count(*) FROM pg_class WHERE relname IN ('t0', 't')")" 2
fi

# --- plan --target-version (offline) --------------------------------------
"$SD" init --schema-root "$T/plan" --name app --system-type postgresql >/dev/null 2>&1
run "plan --target-version 13: refused" 2 "$SD" plan --schema-root "$T/plan" --desired "$T/comp.sql" --target-version 13
expect_err "plan --target-version 13: named" 'comp\.sql:1:24: a column compression method \(COMPRESSION\) needs PostgreSQL 14; the target is 13$'
[ -d "$T/plan/1" ] && bad "plan --target-version 13 wrote a version" || ok
run "plan --target-version 14" 0 "$SD" plan --schema-root "$T/plan" --desired "$T/comp.sql" --target-version 14
run "plan --target-version 12: usage" 129 "$SD" plan --schema-root "$T/plan" --desired "$T/comp.sql" --target-version 12

# --- SQL written for the server's version --------------------------------
# (fixtures/golden/39_target_version: a stored generated column's new
# expression is SET EXPRESSION on 17+, a drop and add before, its index
# and check made again; SET STORAGE DEFAULT on 16+, the storage's name
# before; GRANT ALL with MAINTAIN on 17+)
G=$TOP/fixtures/golden/39_target_version
newdb
run "by version: current" 0 "$SD" apply --url "$URL" --desired "$G/current.sql"
q "$DB" "INSERT INTO t (a) SELECT generate_series(1, 10)" >/dev/null
run "by version: dry run" 1 "$SD" apply --dry-run --allow-destructive --url "$URL" --desired "$G/desired.sql"
if [ "$M" -ge 17 ]; then
	expect_out "by version: SET EXPRESSION on $M" 'ALTER COLUMN s SET EXPRESSION AS'
	no_match "by version: no drop on $M" 'DROP COLUMN' "$T/out"
else
	expect_out "by version: drop and add on $M" 'DROP COLUMN s;'
	no_match "by version: no SET EXPRESSION on $M" 'SET EXPRESSION' "$T/out"
fi
if [ "$M" -ge 16 ]; then
	expect_out "by version: STORAGE DEFAULT on $M" 'SET STORAGE DEFAULT;'
else
	expect_out "by version: STORAGE EXTENDED on $M" 'SET STORAGE EXTENDED;'
fi
run "by version: apply" 0 "$SD" apply --allow-destructive --url "$URL" --desired "$G/desired.sql"
run "by version: again" 0 "$SD" apply --url "$URL" --desired "$G/desired.sql"
expect_err "by version: nothing to do" 'no changes'
equal "by version: rows recomputed, index and check kept" \
	"$(q "$DB" "SELECT sum(s), (SELECT count(*) FROM pg_index WHERE indrelid = 't'::regclass), (SELECT count(*) FROM pg_constraint WHERE conrelid = 't'::regclass AND contype = 'c'), (SELECT attstorage FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'doc') FROM t")" \
	"165|1|2|x"
# plan for this version offline: the same SQL, MAINTAIN from 17 on
"$SD" init --schema-root "$T/tv" --name app --system-type postgresql >/dev/null 2>&1
run "by version: plan current" 0 "$SD" plan --schema-root "$T/tv" --desired "$G/current.sql" --target-version "$M"
run "by version: plan desired" 0 "$SD" plan --schema-root "$T/tv" --desired "$G/desired.sql" --target-version "$M"
if [ "$M" -ge 17 ]; then
	expect_out "by version: plan for $M grants MAINTAIN" 'MAINTAIN'
else
	no_match "by version: plan for $M, no MAINTAIN" 'MAINTAIN' "$T/out"
fi
# plan --verify on this server, for a newer target: refused (auto: skipped)
if [ "$M" -lt 18 ]; then
	"$SD" init --schema-root "$T/tvn" --name app --system-type postgresql >/dev/null 2>&1
	run "verify for a newer target: refused" 2 "$SD" plan --schema-root "$T/tvn" --desired "$G/current.sql" --target-version 18 --verify --dev-url "$SD_TEST_PG_URL"
	expect_err "verify for a newer target: named" "--verify: PostgreSQL $M\\.[0-9]+.* is older than the target version 18"
	[ -d "$T/tvn/1" ] && bad "verify for a newer target wrote a version" || ok
fi
newdb
run "by version: migrate the plans" 0 "$SD" migrate --url "$URL" --schema-root "$T/tv"
run "by version: no drift" 0 "$SD" drift --url "$URL" --schema-root "$T/tv"

dropdbs
q postgres "DROP ROLE IF EXISTS sd_pgver_r" >/dev/null 2>&1
finish live_pg_versions
