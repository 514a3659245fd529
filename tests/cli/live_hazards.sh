#!/bin/sh
# tests/cli/live_hazards.sh: hazards, online mode and CI exit codes against a
# real PostgreSQL (run under tests/harness/with-pg.sh): plan writes hazards
# (stderr, revisions.sql comments, version.json), plan --check, status and
# migrate exit codes, migrate --deny-hazards refuses before anything runs,
# apply --deny-hazards and --allow-hazards, --format json, and a reader
# holding a lock: apply --online gives up after its DDL lock timeout and
# retries, rolls back and says why; once the reader is gone it succeeds.
set -u
SD=${SCHEMADIFF:-$(pwd)/schemadiff}
TOP=$(pwd)
if [ -z "${SD_TEST_PG_URL:-}" ] || [ -z "${SD_TEST_PG_BIN:-}" ]; then
	echo "live_hazards: error: no server: run under tests/harness/with-pg.sh" >&2
	exit 2
fi
PGB=$SD_TEST_PG_BIN
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-hazards.XXXXXX")
trap 'rm -rf "$T"; "$PGB/dropdb" --if-exists sd_hazards >/dev/null 2>&1' EXIT INT TERM
. "$TOP/tests/cli/lib.sh"
q() { "$PGB/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1; }
"$PGB/dropdb" --if-exists sd_hazards >/dev/null 2>&1
"$PGB/createdb" sd_hazards || exit 2
URL="${SD_TEST_PG_URL%/*}/sd_hazards"

# --- plan: hazards for the reviewer; --check; status; migrate -----------------
mkdir -p "$T/root" "$T/v1" "$T/v2"
"$SD" init --schema-root "$T/root/app" --name app >/dev/null 2>&1
cat >"$T/v1/s.sql" <<'EOS'
CREATE TABLE t (id int PRIMARY KEY, v int, gone text);
EOS
cat >"$T/v2/s.sql" <<'EOS'
CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL);
CREATE INDEX t_v ON t (v);
EOS
run "plan v1" 0 "$SD" plan --schema-root "$T/root/app" --desired "$T/v1"
run "plan --check: changes" 1 "$SD" plan --schema-root "$T/root/app" --desired "$T/v2" --check
[ -d "$T/root/app/2" ] && bad "plan --check wrote a version" || ok
run "plan --check --format json" 1 "$SD" plan --schema-root "$T/root/app" --desired "$T/v2" --check --format json
expect_out "json names the kind" '"kind": "drop-column"'
expect_out "json lists hazards" '"deletes-data"'
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["format"]=="schemadiff-plan" and d["written"] is False and len(d["changes"])==3' "$T/out" && ok || bad "plan --format json is not the expected JSON"
run "plan v2" 0 "$SD" plan --schema-root "$T/root/app" --desired "$T/v2"
expect_err "plan tells hazards" "hazard: drop column public.t.gone \\(destructive\\): deletes-data"
grep -q '^-- hazards: blocks-writes, builds-index (SHARE lock' "$T/root/app/2/revisions.sql" && ok || bad "no hazards comment in revisions.sql"
grep -q '"hazards"' "$T/root/app/2/version.json" && ok || bad "no hazards key in version.json"
run "plan --check: nothing to do" 0 "$SD" plan --schema-root "$T/root/app" --desired "$T/v2" --check
run "status: pending" 1 "$SD" status --url "$URL" --schema-root "$T/root/app"
run "migrate --to 1" 0 "$SD" migrate --url "$URL" --schema-root "$T/root/app" --to 1
run "migrate --deny-hazards deletes-data" 2 "$SD" migrate --url "$URL" --schema-root "$T/root/app" --deny-hazards deletes-data
expect_err "migrate refusal names the change" "version 2: drop column public.t.gone \\(destructive\\): deletes-data"
equal "refused migrate ran nothing" "$(q "$URL" "SELECT max(version) FROM schemadiff.schemadiff_history")" 1
run "migrate --dry-run with hazards denied" 0 "$SD" migrate --url "$URL" --schema-root "$T/root/app" --deny-hazards all --dry-run
expect_err "dry run tells what would be refused" "would refuse hazards not allowed"
run "migrate --deny-hazards all --allow-hazards all" 0 "$SD" migrate --url "$URL" --schema-root "$T/root/app" --deny-hazards all --allow-hazards all
run "status: up to date" 0 "$SD" status --url "$URL" --schema-root "$T/root/app"

# --- apply: deny and allow, json ----------------------------------------------
cat >"$T/a.sql" <<'EOS'
CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL, w int DEFAULT 1);
CREATE INDEX t_v ON t (v);
CREATE INDEX t_w ON t (w);
EOS
q "$URL" "INSERT INTO t SELECT g, g FROM generate_series(1, 1000) g; ANALYZE t" >/dev/null
run "apply --dry-run" 1 "$SD" apply --url "$URL" --desired "$T/a.sql" --dry-run
expect_err "apply names the table size" "hazard: create index public.t_w: blocks-writes, builds-index \\(SHARE lock, held for a time proportional to the table\\); public.t: [0-9]+ kB, about 1000 rows"
run "apply --dry-run --format json" 1 "$SD" apply --url "$URL" --desired "$T/a.sql" --dry-run --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=[x for x in d["changes"] if x["kind"]=="create-index"][0]; assert c["table_rows"]==1000 and c["lock"]=="SHARE" and c["lock_duration"]=="table", c' "$T/out" && ok || bad "apply --format json lacks the size or lock"
run "apply --deny-hazards builds-index" 2 "$SD" apply --url "$URL" --desired "$T/a.sql" --deny-hazards builds-index
expect_err "apply refusal" "hazards not allowed \\(builds-index\\); nothing was changed"
expect_err "apply refusal hint" "allow-hazards builds-index, or try --online"
run "apply --deny-hazards builds-index --allow-hazards builds-index" 0 "$SD" apply --url "$URL" --desired "$T/a.sql" --deny-hazards builds-index --allow-hazards builds-index
run "apply: nothing to do" 0 "$SD" apply --url "$URL" --desired "$T/a.sql" --dry-run

# --- online: a reader holding a lock ------------------------------------------
cat >"$T/b.sql" <<'EOS'
CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL, w int DEFAULT 1, CONSTRAINT v_pos CHECK (v > 0));
CREATE INDEX t_v ON t (v);
CREATE INDEX t_w ON t (w);
CREATE UNIQUE INDEX t_vw ON t (v, w);
EOS
"$PGB/psql" -X -q -d "$URL" -c "BEGIN; LOCK TABLE t IN ACCESS SHARE MODE; SELECT pg_sleep(6); COMMIT;" >/dev/null 2>&1 &
reader=$!
sleep 0.5
run "apply --online behind a reader" 2 "$SD" apply --url "$URL" --desired "$T/b.sql" --online --ddl-lock-timeout 100ms --ddl-lock-retries 2
expect_err "lock timeout retried" "could not get its lock within 100 ms \\(attempt 1 of 3\\): rolled back, trying again in 500 ms"
expect_err "hint says why" "longer than --ddl-lock-timeout \\(100 ms\\), 3 times"
expect_err "gives up and says why" "lock timeout"
equal "nothing of the online plan stayed" "$(q "$URL" "SELECT count(*) FROM pg_constraint WHERE conname = 'v_pos'")" 0
wait "$reader"
run "apply --online once the reader is gone" 0 "$SD" apply --url "$URL" --desired "$T/b.sql" --online --ddl-lock-timeout 100ms
expect_out "index built concurrently" "CREATE UNIQUE INDEX CONCURRENTLY t_vw"
expect_out "check added NOT VALID" "ADD CONSTRAINT v_pos CHECK \\(\\(?v > 0\\)?\\) NOT VALID"
equal "check validated" "$(q "$URL" "SELECT convalidated FROM pg_constraint WHERE conname = 'v_pos'")" t
equal "index valid" "$(q "$URL" "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_vw'::regclass")" t
run "apply again: nothing" 0 "$SD" apply --url "$URL" --desired "$T/b.sql" --online
expect_err "idempotent" "no changes"
# a CONCURRENTLY build that fails (w is 1 in every row) leaves no invalid
# index
printf 'CREATE UNIQUE INDEX t_dup ON t (w);\n' | cat "$T/b.sql" - >"$T/c.sql"
run "apply --online: a unique build that fails" 2 "$SD" apply --url "$URL" --desired "$T/c.sql" --online
expect_err "its invalid index was dropped" "invalid index was dropped"
equal "no invalid index left" "$(q "$URL" "SELECT count(*) FROM pg_class WHERE relname = 't_dup'")" 0

# --- a table name with a line break stays inside the hazards comment --------
q "$URL" 'CREATE TABLE "x
DROP TABLE victim; --" (id int); ANALYZE "x
DROP TABLE victim; --"' >/dev/null
printf 'CREATE TABLE "x\nDROP TABLE victim; --" (id int);\nCREATE INDEX x_id ON "x\nDROP TABLE victim; --" (id);\n' | cat "$T/b.sql" - >"$T/nl.sql"
run "a line break in a table name" 1 "$SD" apply --url "$URL" --desired "$T/nl.sql" --dry-run
no_match "the comment does not end inside the name" '^DROP TABLE victim; --": ' "$T/out"
expect_out "the comment names the table" "^-- hazards: .*DROP TABLE victim"

finish live_hazards
