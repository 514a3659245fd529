#!/bin/sh
# tests/cli/live_online_versions.sh: versions written by plan --online
# (issue 14, item 2) on a real PostgreSQL: the step files and
# version.json's "steps", each statement's hazards comment as it runs
# (and version.json's hazards), migrate running them outside the version's
# transaction (indexes built and valid, constraints validated), a step
# that fails (a unique index over duplicate rows) leaving the version
# recorded as stopped at that step with no invalid index, migrate resuming
# there once the data is fixed, --ddl-lock-retries and --statement-timeout
# on a step waiting for a lock, validate, and a MySQL root's answer.
# Run under tests/harness/with-pg.sh from the repository root:
#   SCHEMADIFF=./schemadiff sh tests/harness/with-pg.sh sh tests/cli/live_online_versions.sh

SD=${SCHEMADIFF:-$(pwd)/schemadiff}
TOP=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-online-versions.XXXXXX")
DB=sd_online_versions_$$
trap 'psql -qXc "DROP DATABASE IF EXISTS $DB" -c "DROP DATABASE IF EXISTS ${DB}_b" >/dev/null 2>&1; rm -rf "$T"' EXIT INT TERM
. "$TOP/tests/cli/lib.sh"
U="${SD_TEST_PG_URL%/*}/$DB"
q() { psql -qXAt -d "$DB" -c "$1"; }

R=$T/app
run "init" 0 "$SD" init --schema-root "$R" --name app
mkdir -p "$T/d"
cat >"$T/d/a.sql" <<'E'
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE t (id int PRIMARY KEY, p int, v int, code text);
E
run "plan 1" 0 "$SD" plan --schema-root "$R" --desired "$T/d" --online
equal "no steps without an existing table" "$(ls "$R/1")" "down.sql
revisions.sql
version.json"
psql -qXc "CREATE DATABASE $DB"
# a history table as schemadiff made it before online steps: migrate adds
# the progress columns when the first version with steps runs
q "CREATE SCHEMA schemadiff; CREATE TABLE schemadiff.schemadiff_history (schema_name text NOT NULL, version text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), duration_ms bigint NOT NULL, applied_by text NOT NULL, tool_version text NOT NULL, outcome text NOT NULL CHECK (outcome IN ('applied', 'baseline')), PRIMARY KEY (schema_name, version))"
run "migrate 1" 0 "$SD" migrate --url "$U" --schema-root "$R"
q "INSERT INTO p VALUES (1), (2); INSERT INTO t SELECT g, 1 + g % 2, g, 'c' || (g % 10) FROM generate_series(1, 5000) g"

# --- version 2: index, foreign key, check, NOT NULL -----------------------
cat >"$T/d/a.sql" <<'E'
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE t (id int PRIMARY KEY, p int REFERENCES p, v int NOT NULL CHECK (v > 0), code text);
CREATE INDEX t_v ON t (v);
E
run "plan --online" 0 "$SD" plan --schema-root "$R" --desired "$T/d" --online --verify --dev-url "$SD_TEST_PG_URL"
expect_err "plan --online" "verified on PostgreSQL"
expect_err "plan --online: its down too, after the steps" "down script of version 2 verified on PostgreSQL"
expect_out "plan --online prints the steps" "CREATE INDEX CONCURRENTLY t_v ON public.t"
equal "step files" "$(ls "$R/2" | tr '\n' ' ')" "down.sql revisions.sql step-1.sql step-2.sql step-3.sql step-4.sql step-5.sql version.json "
equal "source lists every file in order" \
	"$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["source"]))' "$R/2/version.json")" \
	"revisions.sql step-1.sql step-2.sql step-3.sql step-4.sql step-5.sql"
equal "steps name the last files of source" \
	"$(python3 -c 'import json,sys; print(" ".join("%s:%s" % (s["file"], s["transaction"]) for s in json.load(open(sys.argv[1]))["steps"]))' "$R/2/version.json")" \
	"step-1.sql:False step-2.sql:True step-3.sql:False step-4.sql:False step-5.sql:False"
equal "the index step has its cleanup" \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["steps"][4]["cleanup"])' "$R/2/version.json")" \
	"DROP INDEX CONCURRENTLY IF EXISTS public.t_v"
if grep -q "NOT VALID" "$R/2/revisions.sql" && ! grep -q "CONCURRENTLY\|VALIDATE" "$R/2/revisions.sql"; then ok; else bad "revisions.sql: NOT VALID only"; cat "$R/2/revisions.sql"; fi
# each statement under the hazards it has as it runs (as revisions.sql of a
# plain version has them): brief locks in the transaction, the scans and
# the build in the steps
hz_above() {	# hz_above NAME FILE STATEMENT-PATTERN HAZARDS-PATTERN
	if grep -B1 -E -- "$3" "$2" | head -n 1 | grep -Eq -- "^-- hazards: $4"; then ok; else
		bad "$1: no \"-- hazards: $4\" above /$3/ in $2"; cat "$2"; fi
}
hz_above "revisions: check NOT VALID" "$R/2/revisions.sql" "ADD CONSTRAINT t_v_check CHECK .* NOT VALID" "blocks-writes, blocks-reads \\(ACCESS EXCLUSIVE lock, held briefly: NOT VALID, no scan\\)"
hz_above "revisions: fk NOT VALID" "$R/2/revisions.sql" "ADD CONSTRAINT t_p_fkey FOREIGN KEY .* NOT VALID" "blocks-writes \\(SHARE ROW EXCLUSIVE lock, held briefly: NOT VALID, no scan\\)"
for f in "$R"/2/step-*.sql; do
	equal "$(basename "$f"): one hazards line" "$(grep -c '^-- hazards: ' "$f")" 1
done
hz_above "step: VALIDATE" "$R/2/step-1.sql" "VALIDATE CONSTRAINT" "validates \\(a scan proportional to the table under a SHARE UPDATE EXCLUSIVE lock: reads and writes go on\\)"
hz_above "step: SET NOT NULL" "$R/2/step-2.sql" "SET NOT NULL" "blocks-writes, blocks-reads \\(ACCESS EXCLUSIVE lock, held briefly: the validated check proves NOT NULL, no scan\\)"
hz_above "step: CONCURRENTLY" "$R/2/step-5.sql" "CREATE INDEX CONCURRENTLY" "builds-index, not-transactional \\(SHARE UPDATE EXCLUSIVE lock: reads and writes go on during the build"
equal "version.json: hazards as the steps run them" \
	"$(python3 -c 'import json,sys; print("; ".join("%s=%s" % (h["object"], ",".join(h["hazards"])) for h in json.load(open(sys.argv[1]))["hazards"]))' "$R/2/version.json")" \
	"alter column public.t.v not null=validates; add constraint public.t.t_v_check=validates,not-transactional; add constraint public.t.t_p_fkey=validates,not-transactional; create index public.t_v=builds-index,not-transactional"
run "validate" 0 "$SD" validate --schema-root "$R"
expect_out "validate" "valid: schema \"app\", postgresql, 2 versions"
run "migrate 2" 0 "$SD" migrate --url "$U" --schema-root "$R" --ddl-lock-timeout 2s
expect_err "migrate 2" "committed its transaction; 5 online steps follow"
equal "index built and valid" "$(q "SELECT indisvalid AND indisready FROM pg_index WHERE indexrelid = 'public.t_v'::regclass")" "t"
equal "fk and check validated" "$(q "SELECT string_agg(conname || '=' || convalidated, ' ' ORDER BY conname) FROM pg_constraint WHERE conrelid = 'public.t'::regclass AND contype IN ('f', 'c')")" "t_p_fkey=true t_v_check=true"
equal "NOT NULL set, its check gone" "$(q "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'public.t'::regclass AND attname = 'v'")" "t"
equal "history: applied" "$(q "SELECT outcome || ' ' || statements_done FROM schemadiff.schemadiff_history WHERE version = '2'")" "applied 9"

# --- version 3: a unique key over duplicate rows fails at its step --------
cat >"$T/d/a.sql" <<'E'
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE t (id int PRIMARY KEY, p int REFERENCES p, v int NOT NULL CHECK (v > 0), code text, CONSTRAINT t_code_key UNIQUE (code));
CREATE INDEX t_v ON t (v);
E
run "plan 3" 0 "$SD" plan --schema-root "$R" --desired "$T/d" --online
equal "key through an index" "$(cat "$R/3/step-1.sql" "$R/3/step-2.sql" | grep -v '^--' | tr '\n' ' ')" \
	"CREATE UNIQUE INDEX CONCURRENTLY t_code_key ON public.t (code); ALTER TABLE public.t ADD CONSTRAINT t_code_key UNIQUE USING INDEX t_code_key; "
hz_above "step: USING INDEX" "$R/3/step-2.sql" "USING INDEX" "blocks-writes, blocks-reads \\(ACCESS EXCLUSIVE lock, held briefly: the index is built, no scan\\)"
run "migrate 3 fails" 2 "$SD" migrate --url "$U" --schema-root "$R"
expect_err "migrate 3 fails" "3/step-1.sql:[0-9]+:[0-9]+: version 3: step 1 of 2 .*could not create unique index"
expect_err "migrate 3 fails" "the build failed; its invalid index was dropped"
equal "no invalid index left" "$(q "SELECT count(*) FROM pg_index WHERE indrelid = 'public.t'::regclass AND NOT indisvalid")" "0"
equal "no index t_code_key" "$(q "SELECT to_regclass('public.t_code_key') IS NULL")" "t"
equal "history: stopped at the step" "$(q "SELECT outcome || ' ' || statements_done FROM schemadiff.schemadiff_history WHERE version = '3'")" "failed 0"
run "status shows it pending" 1 "$SD" status --url "$U" --schema-root "$R"
q "UPDATE t SET code = id::text"
# an invalid index as a run killed during the build would leave it
q "SET client_min_messages = error; CREATE UNIQUE INDEX t_code_key ON t (code) WHERE false; UPDATE pg_index SET indisvalid = false WHERE indexrelid = 't_code_key'::regclass"
run "migrate 3 resumes" 0 "$SD" migrate --url "$U" --schema-root "$R"
expect_err "migrate 3 resumes" "version 3 stopped part way \(failed after 0 statements"
equal "unique key in place" "$(q "SELECT contype FROM pg_constraint WHERE conname = 't_code_key'")" "u"
equal "its index valid" "$(q "SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.t_code_key'::regclass")" "t"
equal "history: applied" "$(q "SELECT outcome || ' ' || statements_done FROM schemadiff.schemadiff_history WHERE version = '3'")" "applied 2"
run "status up to date" 0 "$SD" status --url "$U" --schema-root "$R"
run "validate --verify" 0 "$SD" validate --schema-root "$R" --verify --dev-url "$SD_TEST_PG_URL"
expect_out "validate --verify" "valid: schema \"app\", postgresql, 3 versions, current 3"
run "the database is the desired schema" 0 "$SD" diff --exit-code "$U" "$T/d/a.sql"
run "the root is the database" 0 "$SD" diff --exit-code "$R" "$U"

# --- a cancel while a step waits for its lock ---------------------------
cat >"$T/d/a.sql" <<'E'
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE t (id int PRIMARY KEY, p int REFERENCES p, v int NOT NULL CHECK (v > 0), code text, CONSTRAINT t_code_key UNIQUE (code));
CREATE INDEX t_v ON t (v);
CREATE INDEX t_p ON t (p);
E
run "plan 4" 0 "$SD" plan --schema-root "$R" --desired "$T/d" --online
# a session holding a lock CREATE INDEX CONCURRENTLY waits for
psql -qX -d "$DB" -c "BEGIN" -c "LOCK TABLE t IN SHARE UPDATE EXCLUSIVE MODE" -c "SELECT pg_sleep(60)" >/dev/null 2>&1 &
holder=$!
i=0
while [ $i -lt 100 ] && [ "$(q "SELECT count(*) FROM pg_locks WHERE relation = 'public.t'::regclass AND mode = 'ShareUpdateExclusiveLock' AND granted")" != 1 ]; do sleep 0.1; i=$((i + 1)); done
# --ddl-lock-retries and --statement-timeout, as apply --online has them
run "migrate --ddl-lock-retries 1" 2 "$SD" migrate --url "$U" --schema-root "$R" --ddl-lock-timeout 200ms --ddl-lock-retries 1
expect_err "migrate --ddl-lock-retries 1" "create index public.t_p: could not get its lock within 200 ms \\(attempt 1 of 2\\)"
no_match "migrate --ddl-lock-retries 1: one retry only" "attempt 2 of" "$T/err"
expect_err "migrate --ddl-lock-retries 1: says why" "version 4: step 1 of 1 .*lock timeout"
equal "retries: history at the step" "$(q "SELECT outcome || ' ' || statements_done FROM schemadiff.schemadiff_history WHERE version = '4'")" "failed 0"
run "migrate --statement-timeout" 2 "$SD" migrate --url "$U" --schema-root "$R" --ddl-lock-timeout 20s --statement-timeout 300ms
expect_err "migrate --statement-timeout" "version 4: step 1 of 1 .*statement timeout"
run "migrate --ddl-lock-retries bad" 129 "$SD" migrate --url "$U" --schema-root "$R" --ddl-lock-retries many
expect_err "migrate --ddl-lock-retries bad" "invalid --ddl-lock-retries \"many\": a number from 0 to 100"
run "migrate --statement-timeout bad" 129 "$SD" migrate --url "$U" --schema-root "$R" --statement-timeout soon
expect_err "migrate --statement-timeout bad" "invalid --statement-timeout \"soon\""
"$SD" migrate --url "$U" --schema-root "$R" --ddl-lock-timeout 300ms >"$T/out" 2>"$T/err" &
mig=$!
i=0
while [ $i -lt 100 ] && ! grep -q "could not get its lock" "$T/err"; do sleep 0.1; i=$((i + 1)); done
kill -INT $mig
wait $mig
equal "cancel: exit 130" "$?" "130"
expect_err "cancel: the step retried before" "create index public.t_p: could not get its lock within 300 ms"
expect_err "cancel: says where it stopped" "version 4: step 1 of 1"
equal "cancel: no invalid index" "$(q "SELECT count(*) FROM pg_index WHERE indrelid = 'public.t'::regclass AND NOT indisvalid")" "0"
equal "cancel: history at the step" "$(q "SELECT outcome || ' ' || statements_done FROM schemadiff.schemadiff_history WHERE version = '4'")" "failed 0"
kill $holder 2>/dev/null
wait $holder 2>/dev/null
q "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE relation = 'public.t'::regclass AND mode = 'ShareUpdateExclusiveLock' AND pid <> pg_backend_pid()" >/dev/null
run "after the cancel, migrate resumes" 0 "$SD" migrate --url "$U" --schema-root "$R"
expect_err "after the cancel, migrate resumes" "version 4 stopped part way"
equal "t_p built and valid" "$(q "SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.t_p'::regclass")" "t"
equal "history: 4 applied" "$(q "SELECT outcome FROM schemadiff.schemadiff_history WHERE version = '4'")" "applied"

# --- a step file with two statements outside a transaction is refused ----
rm -rf "$T/app2" && cp -R "$R" "$T/app2"
echo "SELECT 1;" >>"$T/app2/3/step-1.sql"
psql -qXc "CREATE DATABASE ${DB}_b"
run "two statements in a step" 2 "$SD" migrate --url "${SD_TEST_PG_URL%/*}/${DB}_b" --schema-root "$T/app2"
expect_err "two statements in a step" "app2/3/step-1.sql:1:1: version 3: a step outside a transaction holds exactly one statement \\(this file has 2\\)"
equal "nothing ran" "$(psql -qXAt -d "${DB}_b" -c "SELECT count(*) FROM pg_class WHERE relname IN ('t', 'schemadiff_history')")" "0"
psql -qXc "DROP DATABASE ${DB}_b"

# --- MySQL root: the server chooses --------------------------------------
run "init mysql" 0 "$SD" init --schema-root "$T/my" --name my --system-type mysql
echo 'CREATE TABLE t (id int PRIMARY KEY, v int);' >"$T/d/my.sql"
run "plan --online mysql" 0 "$SD" plan --schema-root "$T/my" --desired "$T/d/my.sql" --online
expect_err "plan --online mysql" "holds no online steps; the server chooses ALGORITHM and LOCK"

finish "live_online_versions"
