#!/bin/sh
# tests/cli/live_drift.sh: `schemadiff drift` against a real PostgreSQL
# server. A schema root with three versions; databases migrated to it and
# then changed by hand, one change each (add a column, drop an index,
# change a default, add a table, change a check constraint, edit a function
# body), plus a clean
# database, one with a pending version, one with no history, one that
# cannot be reached; checked in one run, in parallel. Each change shows up
# once, in the right category, in every format; the JSON follows the
# documented layout, the JUnit is well-formed XML; the same inputs give the
# same bytes; an applied version file that was edited and a deleted version
# folder are reported; ignore rules; exit codes; no password printed.
# Needs a server; run from the repository root:
#   SCHEMADIFF=./schemadiff tests/harness/with-pg.sh sh tests/cli/live_drift.sh

SD=${SCHEMADIFF:-$(pwd)/schemadiff}
TOP=$(pwd)
if [ -z "${SD_TEST_PG_URL:-}" ] || [ -z "${SD_TEST_PG_BIN:-}" ]; then
	echo "live_drift: error: no server: run under tests/harness/with-pg.sh" >&2
	exit 2
fi
PGB=$SD_TEST_PG_BIN
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-drift.XXXXXX")
# SD_KEEP=1 keeps the temporary folder (the reports) for a look
trap '[ -n "${SD_KEEP:-}" ] || rm -rf "$T"' EXIT INT TERM
. "$TOP/tests/cli/lib.sh"
export SOURCE_DATE_EPOCH=1700000000

q() { "$PGB/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1; }
# newdb NAME: an empty database; URL_NAME its address
newdb() {
	"$PGB/dropdb" --if-exists "sd_drift_$1" >/dev/null 2>&1
	"$PGB/createdb" "sd_drift_$1" || { echo "live_drift: createdb failed" >&2; exit 2; }
	eval "URL_$1=\"\${SD_TEST_PG_URL%/*}/sd_drift_$1\""
}
url() { eval "echo \"\$URL_$1\""; }

# --- a schema root with three versions ----------------------------------------
R=$T/root
"$SD" init --schema-root "$R" --name app >/dev/null 2>&1 || { echo "live_drift: init failed" >&2; exit 2; }
mkdir -p "$T/d1" "$T/d2" "$T/d3"
cat >"$T/d1/t.sql" <<'EOF'
CREATE TABLE t (id int PRIMARY KEY, name text DEFAULT 'x', qty int CHECK (qty > 0));
CREATE INDEX t_name_idx ON t (name);
CREATE FUNCTION add1(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a + 1 $$;
EOF
cp "$T/d1/t.sql" "$T/d2/"
printf 'CREATE TABLE u (id int PRIMARY KEY, t_id int REFERENCES t (id));\n' >"$T/d2/u.sql"
cp "$T/d2/"*.sql "$T/d3/"
printf 'CREATE TABLE w (id bigint);\n' >"$T/d3/w.sql"
for v in 1 2 3; do
	"$SD" plan --schema-root "$R" --desired "$T/d$v" >/dev/null 2>"$T/err" ||
		{ echo "live_drift: plan $v failed" >&2; cat "$T/err" >&2; exit 2; }
done

# migrated: NAME [VERSION]
migrated() {
	newdb "$1"
	"$SD" migrate --url "$(url "$1")" --schema-root "$R" ${2:+--to "$2"} >/dev/null 2>"$T/err" ||
		{ echo "live_drift: migrate $1 failed" >&2; cat "$T/err" >&2; exit 2; }
}

# --- a clean database: nothing, exit 0 -----------------------------------------
migrated clean
for f in text json junit markdown; do
	run "clean $f" 0 "$SD" drift --url "$URL_clean" --schema-root "$R" --format "$f"
done
run "clean text" 0 "$SD" drift --url "$URL_clean" --schema-root "$R"
expect_out "clean text says no drift" ": no drift$"
no_match "clean text lists nothing" "missing|unexpected|different|pending|changed since" "$T/out"
equal "no scratch databases left" "$(q postgres "SELECT count(*) FROM pg_database WHERE datname LIKE 'schemadiff_scratch%'")" 0

# --- hand changes, one per database --------------------------------------------
migrated addcol
q sd_drift_addcol "ALTER TABLE t ADD COLUMN extra int" >/dev/null
migrated dropidx
q sd_drift_dropidx "DROP INDEX t_name_idx" >/dev/null
migrated default
q sd_drift_default "ALTER TABLE t ALTER COLUMN name SET DEFAULT 'y'" >/dev/null
migrated addtab
q sd_drift_addtab "CREATE TABLE stray (a int)" >/dev/null
migrated check
q sd_drift_check "ALTER TABLE t DROP CONSTRAINT t_qty_check, ADD CONSTRAINT t_qty_check CHECK (qty > 10)" >/dev/null
migrated func
q sd_drift_func 'CREATE OR REPLACE FUNCTION add1(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a + 2 $$' >/dev/null
migrated grant
q postgres "DROP ROLE IF EXISTS sd_drift_reader; CREATE ROLE sd_drift_reader" >/dev/null
q sd_drift_grant "GRANT SELECT ON t TO sd_drift_reader" >/dev/null
migrated pending 2
newdb nohist
BADURL="postgres://nobody:sekret99@127.0.0.1:1/x"
ALL="clean addcol dropidx default addtab check func grant pending nohist"
set --
for n in $ALL; do set -- "$@" --url "$(url "$n")"; done
printf '# targets\n\n%s   # unreachable\n' "$BADURL" >"$T/targets"

# expected: NAME STATUS KIND NAME DETAIL-REGEX (one object per database)
cat >"$T/expect" <<'EOF'
addcol different table public.t ^column extra integer: unexpected$
dropidx missing index public.t_name_idx ^not in the database$
default different table public.t ^column name: default is 'y'::text, expected 'x'::text$
addtab unexpected table public.stray ^not in the version$
check different table public.t ^constraint t_qty_check: is CHECK \(\(qty > 10\)\), expected CHECK \(\(qty > 0\)\)$
func different function public.add1(integer) ^definition differs
grant different table public.t ^grant or revoke on public.t
EOF

for f in text json junit markdown; do
	run "all $f" 2 "$SD" drift "$@" --targets "$T/targets" --schema-root "$R" --format "$f" --jobs 3
	cp "$T/out" "$T/all.$f"
	expect_err "all $f: the unreachable one is an error" "could not be checked"
	expect_err "all $f: drift said too" "drift found in 8 of 11 databases"
	no_match "all $f: password hidden (report)" sekret99 "$T/out"
	no_match "all $f: password hidden (messages)" sekret99 "$T/err"
	# the same inputs, the same bytes
	"$SD" drift "$@" --targets "$T/targets" --schema-root "$R" --format "$f" --jobs 1 >"$T/again" 2>/dev/null
	cmp -s "$T/all.$f" "$T/again" && ok || bad "$f: a second run (--jobs 1) gives other bytes"
done
run "no SQL left behind" 0 true
equal "no scratch databases left after the run" "$(q postgres "SELECT count(*) FROM pg_database WHERE datname LIKE 'schemadiff_scratch%'")" 0

# JSON: the documented layout, and each change once in its category
cat >"$T/check.py" <<'EOF'
import json, re, sys
doc = json.load(open(sys.argv[1]))
names = sys.argv[3].split()
errors = []
def want(cond, msg):
    if not cond:
        errors.append(msg)
want(list(doc) == ["format", "version", "generated_at", "schema", "ignore", "summary", "databases"], "top keys %s" % list(doc))
want(doc["format"] == "schemadiff-drift" and doc["version"] == 1, "format/version")
want(doc["generated_at"] == "2023-11-14T22:13:20Z", "generated_at %s" % doc["generated_at"])
want(list(doc["schema"]) == ["name", "root", "latest_version"], "schema keys")
want(doc["schema"]["name"] == "app" and doc["schema"]["latest_version"] == "3", "schema values")
want(doc["summary"] == {"databases": 11, "clean": 2, "drift": 8, "errors": 1}, "summary %s" % doc["summary"])
dbkeys = ["url", "status", "error", "server", "history", "untracked_object", "version",
          "objects_compared", "objects_skipped_reason", "objects", "checksum_mismatches",
          "unknown_versions", "out_of_order_versions", "pending_versions",
          "remade", "sql"]
objkeys = ["status", "kind", "schema", "name", "differences", "sql"]
dbs = doc["databases"]
want(len(dbs) == len(names) + 1, "database count")
for d in dbs:
    want(list(d) == dbkeys, "database keys %s" % list(d))
    for o in d["objects"]:
        want(list(o) == objkeys, "object keys %s" % list(o))
        want(o["status"] in ("missing", "unexpected", "different"), "object status")
        want(isinstance(o["differences"], list) and o["sql"].endswith(";\n"), "object fields")
by = dict(zip(names, dbs))
expect = {}
for line in open(sys.argv[2]):
    db, status, kind, name, detail = line.rstrip("\n").split(" ", 4)
    expect[db] = (status, kind, name, detail)
for db, d in by.items():
    if db in expect:
        status, kind, name, detail = expect[db]
        want(d["status"] == "drift", "%s: status %s" % (db, d["status"]))
        want(len(d["objects"]) == 1, "%s: %d objects %s" % (db, len(d["objects"]), d["objects"]))
        if d["objects"]:
            o = d["objects"][0]
            want((o["status"], o["kind"], o["schema"] + "." + o["name"]) == (status, kind, name),
                 "%s: object %s" % (db, o))
            want(len(o["differences"]) == 1 and re.search(detail, o["differences"][0]),
                 "%s: differences %s" % (db, o["differences"]))
        want(not d["checksum_mismatches"] and not d["unknown_versions"] and not d["pending_versions"],
             "%s: version lists not empty" % db)
want(by["clean"]["status"] == "clean" and not by["clean"]["objects"] and by["clean"]["version"] == "3", "clean")
p = by["pending"]
want(p["status"] == "clean" and p["pending_versions"] == ["3"] and p["version"] == "2" and not p["objects"], "pending %s" % p)
h = by["nohist"]
want(h["status"] == "drift" and h["history"] is False and not h["objects_compared"] and h["pending_versions"] == ["1", "2", "3"], "nohist %s" % h)
e = dbs[-1]
want(e["status"] == "error" and e["error"] and "***" in e["url"] and e["objects"] == [], "error entry %s" % e)
if errors:
    print("\n".join(errors))
    sys.exit(1)
EOF
if python3 "$T/check.py" "$T/all.json" "$T/expect" "$ALL" >"$T/py" 2>&1; then ok; else bad "json layout and contents:"; sed 's/^/    /' "$T/py" | head -n 20; fi

# JUnit: well-formed, one failing test case per changed object
if python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' "$T/all.junit" 2>"$T/py"; then ok; else bad "junit is not well-formed XML"; head -n 5 "$T/py"; fi
cat >"$T/junit.py" <<'EOF'
import sys, xml.dom.minidom
doc = xml.dom.minidom.parse(sys.argv[1])
for s in doc.getElementsByTagName("testsuite"):
    fails = []
    for c in s.getElementsByTagName("testcase"):
        for f in c.getElementsByTagName("failure") + c.getElementsByTagName("error"):
            fails.append("%s/%s/%s" % (c.getAttribute("name"), f.tagName, f.getAttribute("type")))
    print(s.getAttribute("name").rsplit("/", 1)[-1], " ".join(fails) or "-")
EOF
python3 "$T/junit.py" "$T/all.junit" >"$T/junit.txt"
cat >"$T/junit.want" <<'EOF'
sd_drift_clean -
sd_drift_addcol table public.t/failure/different
sd_drift_dropidx index public.t_name_idx/failure/missing
sd_drift_default table public.t/failure/different
sd_drift_addtab table public.stray/failure/unexpected
sd_drift_check table public.t/failure/different
sd_drift_func function public.add1(integer)/failure/different
sd_drift_grant table public.t/failure/different
sd_drift_pending -
sd_drift_nohist versions/failure/drift
x connection/error/error
EOF
if cmp -s "$T/junit.txt" "$T/junit.want"; then ok; else bad "junit test cases"; diff "$T/junit.want" "$T/junit.txt" | head -n 20; fi
grep -q 'testcase classname="[^"]*sd_drift_clean" name="table public.t"/>' "$T/all.junit" && ok || bad "junit: matching objects are passing test cases"

# text and Markdown: each change once, under its database
for f in text markdown; do
	while read -r db status kind name detail; do
		n=$(awk -v db="sd_drift_$db" -v nm="$name" '
			/^(## `)?postgres/ { cur = ($0 ~ db "[` ]") }
			cur && index($0, nm) { c++ } END { print c + 0 }' "$T/all.$f")
		[ "$n" -ge 1 ] && ok || bad "$f: $db: $name not reported"
	done <"$T/expect"
done
grep -c 'column extra integer: unexpected' "$T/all.text" | grep -qx 1 && ok || bad "text: the added column not reported exactly once"
grep -c 'ALTER TABLE public.t DROP COLUMN extra;' "$T/all.text" | grep -qx 1 && ok || bad "text: SQL to undo the added column"
grep -c 'REVOKE SELECT ON TABLE public.t FROM sd_drift_reader;' "$T/all.text" | grep -qx 1 && ok || bad "text: SQL to undo the grant"
grep -q 'CREATE INDEX t_name_idx ON public.t' "$T/all.text" && ok || bad "text: SQL to recreate the dropped index"
grep -q 'SELECT a + 1' "$T/all.text" && ok || bad "text: SQL to restore the function body"
grep -q 'pending (not drift): 3' "$T/all.text" && ok || bad "text: pending version"
grep -q 'no history' "$T/all.text" && ok || bad "text: no history"
grep -q '^| `postgres://' "$T/all.markdown" && ok || bad "markdown: summary table"
grep -q '```sql' "$T/all.markdown" && ok || bad "markdown: SQL block"
no_match "text: no colour when not a terminal" "$(printf '\033')" "$T/all.text"

# --- exit codes: drift only is 1, pending counts with --pending-is-drift ------
run "drift only" 1 "$SD" drift --url "$URL_addcol" --url "$URL_clean" --schema-root "$R"
run "pending is not drift" 0 "$SD" drift --url "$URL_pending" --schema-root "$R"
run "pending is drift when asked" 1 "$SD" drift --url "$URL_pending" --schema-root "$R" --pending-is-drift
run "error only" 2 "$SD" drift --url "$BADURL" --schema-root "$R"
no_match "password hidden" sekret99 "$T/err"
run "--output" 1 "$SD" drift --url "$URL_addcol" --schema-root "$R" --format json --output "$T/o.json"
[ -s "$T/out" ] && bad "--output: also printed to stdout" || ok
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/o.json" && ok || bad "--output: not JSON"
run "bad format" 129 "$SD" drift --url "$URL_clean" --schema-root "$R" --format yaml
run "no root" 129 "$SD" drift --url "$URL_clean"
run "bad jobs" 129 "$SD" drift --url "$URL_clean" --schema-root "$R" --jobs 0

# --- ignore rules ------------------------------------------------------------------
run "ignore by name" 0 "$SD" drift --url "$URL_addtab" --schema-root "$R" --ignore 'public.str*'
run "ignore by kind" 0 "$SD" drift --url "$URL_addtab" --schema-root "$R" --ignore 'table:*.stray'
run "ignore other kind" 1 "$SD" drift --url "$URL_addtab" --schema-root "$R" --ignore 'index:*.stray'
printf '# owned by another tool\n\nindex:public.t_name_idx\n' >"$T/ignore"
run "ignore file" 0 "$SD" drift --url "$URL_dropidx" --schema-root "$R" --ignore-file "$T/ignore"
run "ignore file missing" 2 "$SD" drift --url "$URL_dropidx" --schema-root "$R" --ignore-file "$T/nope"

# --- an applied version file edited; a version folder deleted -------------------
cp -R "$R" "$T/edited"
printf '\n-- edited after it was applied\n' >>"$T/edited/1/revisions.sql"
run "edited version" 1 "$SD" drift --url "$URL_clean" --schema-root "$T/edited" --format json
python3 - "$T/out" <<'EOF' && ok || bad "edited version: checksum mismatch for version 1 only"
import json, sys
d = json.load(open(sys.argv[1]))["databases"][0]
assert [c["version"] for c in d["checksum_mismatches"]] == ["1"], d
c = d["checksum_mismatches"][0]
assert c["recorded_checksum"] != c["current_checksum"] and c["files"][0].endswith("1/revisions.sql"), c
assert d["objects"] == [] and not d["unknown_versions"], d
EOF
run "edited version text" 1 "$SD" drift --url "$URL_clean" --schema-root "$T/edited"
expect_out "edited version text" "changed since applied: version 1"
cp -R "$R" "$T/deleted"
rm -rf "$T/deleted/3"
python3 - "$T/deleted/schema.json" <<'EOF'
import json, sys
p = sys.argv[1]; d = json.load(open(p))
del d["version-history"]["3"]; d["current-version"] = "2"
json.dump(d, open(p, "w"), indent=2)
EOF
# the root's schemadiff.sum still lists version 3: one more error row
# names it (exit 2); --no-sum-check leaves the database's report alone
run "deleted version: the sum's row" 2 "$SD" drift --url "$URL_clean" --schema-root "$T/deleted" --format json
python3 - "$T/out" <<'EOF' && ok || bad "deleted version: the sum's error row"
import json, sys
d = json.load(open(sys.argv[1]))["databases"]
assert len(d) == 2 and d[1]["url"].endswith("deleted/schemadiff.sum"), d
assert "version 3 is in schemadiff.sum but not in the schema root" in d[1]["error"], d
assert d[0]["unknown_versions"] == ["3"], d
EOF
run "deleted version" 1 "$SD" drift --url "$URL_clean" --schema-root "$T/deleted" --format json --no-sum-check
python3 - "$T/out" <<'EOF' && ok || bad "deleted version: reported as unknown, objects not compared"
import json, sys
d = json.load(open(sys.argv[1]))["databases"][0]
assert d["unknown_versions"] == ["3"] and d["objects"] == [] and not d["objects_compared"], d
assert d["objects_skipped_reason"] and not d["checksum_mismatches"] and not d["pending_versions"], d
EOF
run "deleted version junit" 1 "$SD" drift --url "$URL_clean" --schema-root "$T/deleted" --format junit --no-sum-check
expect_out "deleted version junit" "recorded, not in the schema root: 3"

# --- a role without CREATEDB: compared in a rolled-back transaction -------------
q postgres "DROP ROLE IF EXISTS sd_drift_plain; CREATE ROLE sd_drift_plain LOGIN" >/dev/null
q sd_drift_addcol "GRANT USAGE ON SCHEMA schemadiff TO sd_drift_plain; GRANT SELECT ON ALL TABLES IN SCHEMA schemadiff TO sd_drift_plain; ALTER TABLE t OWNER TO sd_drift_plain; ALTER TABLE u OWNER TO sd_drift_plain; ALTER TABLE w OWNER TO sd_drift_plain; ALTER FUNCTION add1(integer) OWNER TO sd_drift_plain; GRANT CREATE ON SCHEMA public TO sd_drift_plain" >/dev/null
PURL=$(echo "$URL_addcol" | sed 's|//postgres@|//sd_drift_plain@|')
run "without CREATEDB" 1 "$SD" drift --url "$PURL" --schema-root "$R" --format json
python3 - "$T/out" <<'EOF' && ok || bad "without CREATEDB: same finding"
import json, sys
d = json.load(open(sys.argv[1]))["databases"][0]
assert [(o["status"], o["name"]) for o in d["objects"]] == [("different", "t")], d
EOF
equal "without CREATEDB: database unchanged" "$(q sd_drift_addcol "SELECT count(*) FROM information_schema.columns WHERE table_name = 't'")" 4

# --- default privileges, and a schema a later version drops ---------------------
# (a schema dropped with what was in it is no external schema of the
# expected catalog: only live objects count)
q postgres "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sd_drift_reader') THEN CREATE ROLE sd_drift_reader; END IF; END \$\$" >/dev/null
R2=$T/root2
"$SD" init --schema-root "$R2" --name acl >/dev/null 2>&1
mkdir -p "$T/a1" "$T/a2"
printf 'CREATE SCHEMA old;
CREATE TABLE old.t (id int);
ALTER DEFAULT PRIVILEGES IN SCHEMA old GRANT SELECT ON TABLES TO sd_drift_reader;
' >"$T/a1/a.sql"
printf 'CREATE TABLE k (id int);
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SEQUENCES TO sd_drift_reader;
' >"$T/a2/a.sql"
for v in 1 2; do
	"$SD" plan --schema-root "$R2" --desired "$T/a$v" >/dev/null 2>&1 || bad "default privileges: plan $v"
done
newdb acl
"$SD" migrate --url "$URL_acl" --schema-root "$R2" >/dev/null 2>&1 || bad "default privileges: migrate"
run "default privileges: no drift" 0 "$SD" drift --url "$URL_acl" --schema-root "$R2"
q sd_drift_acl "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO sd_drift_reader" >/dev/null
run "default privileges: drift" 1 "$SD" drift --url "$URL_acl" --schema-root "$R2"
expect_out "default privileges: drift names it" "default privileges tables"
expect_out "default privileges: drift says how" "ALTER DEFAULT PRIVILEGES REVOKE SELECT ON TABLES FROM sd_drift_reader"

finish live_drift
