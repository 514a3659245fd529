#!/bin/sh
# tests/cli/live_views.sh: views and what depends on them, against a real
# PostgreSQL server (issue 17, items 10 and 12). A column's type change
# re-creates only the views that read the column (and those over them): a
# view that does not read it keeps its oid; the plan converges (apply, then
# apply again: nothing), offline (plan, migrate) as live. drift does not
# call such views different, and the SQL of its markdown report, run with
# psql on the drifted database, brings it back (drift again: clean). A view
# made again keeps its INSTEAD OF trigger and rules; two tables with
# foreign keys to each other become partitioned tables; a column moves from
# an inheritance parent to its child with its data. Column comments of
# views, materialized views and composite types, and views' column
# defaults, come back after the view is made again and survive inspect.
# Needs a server; run from the repository root:
#   SCHEMADIFF=./schemadiff tests/harness/with-pg.sh sh tests/cli/live_views.sh

NAME=live_views
. "$(pwd)/tests/cli/lib_pg.sh"
F=$TOP/fixtures/golden

oid() { q "$DB" "SELECT '$1'::regclass::oid"; }

# moves NAME FROM TO: apply FROM, then TO (the plan printed in $T/plan.sql),
# then TO again: nothing left; the database equals psql -f TO.
moves() {
	mname=$1 from=$2 to=$3
	newdb
	ref=$DB
	q "$ref" "SELECT 1" >/dev/null
	if ! "$PGB/psql" -X -q -v ON_ERROR_STOP=1 -d "$ref" -f "$to" >"$T/psql.out" 2>&1; then
		bad "$mname: $to does not load with psql"; head -n 5 "$T/psql.out"
	fi
	refurl=$URL
	newdb
	run "$mname: apply from" 0 "$SD" apply --url "$URL" --desired "$from"
	# shellcheck disable=SC2086
	q "$DB" "${SEED:-SELECT 1}" >/dev/null
	run "$mname: plan" 1 "$SD" apply --url "$URL" --desired "$to" --dry-run --allow-destructive
	cp "$T/out" "$T/plan.sql"
	run "$mname: apply to" 0 "$SD" apply --url "$URL" --desired "$to" --allow-destructive
	run "$mname: re-apply" 0 "$SD" apply --url "$URL" --desired "$to"
	expect_err "$mname: re-apply finds nothing" 'no changes'
	run "$mname: equals psql" 0 "$SD" diff --exit-code "$refurl" "$URL"
}

# --- 1. only the readers of a changed column are made again -------------------
C=$F/35_column_type_view_readers
newdb
run "readers: apply current" 0 "$SD" apply --url "$URL" --desired "$C/current.sql"
keep_note=$(oid reads_note) keep_over=$(oid over_note) keep_mv=$(oid mv_note)
keep_row=$(oid whole_row) keep_count=$(oid counts)
keep_amount=$(oid reads_amount)
run "readers: apply desired" 0 "$SD" apply --url "$URL" --desired "$C/desired.sql" --allow-destructive
equal "readers: a view not reading the column stays" "$(oid reads_note)" "$keep_note"
equal "readers: a view over it stays" "$(oid over_note)" "$keep_over"
equal "readers: a materialized view not reading it stays" "$(oid mv_note)" "$keep_mv"
equal "readers: a whole-row reference pins no column" "$(oid whole_row)" "$keep_row"
equal "readers: count(*) reads no column" "$(oid counts)" "$keep_count"
[ "$(oid reads_amount)" != "$keep_amount" ] && ok || bad "readers: the reader was not made again"
equal "readers: the index of the materialized view made again is back" \
	"$(q "$DB" "SELECT count(*) FROM pg_indexes WHERE indexname = 'mv_amount_i'")" 1
run "readers: re-apply" 0 "$SD" apply --url "$URL" --desired "$C/desired.sql"
expect_err "readers: re-apply finds nothing" 'no changes'
# the same, planned offline and migrated
R=$T/root
"$SD" init --schema-root "$R" --name app >/dev/null 2>&1
mkdir -p "$T/d"
cp "$C/current.sql" "$T/d/schema.sql"
run "readers: plan 1" 0 "$SD" plan --schema-root "$R" --desired "$T/d"
cp "$C/desired.sql" "$T/d/schema.sql"
run "readers: plan 2" 0 "$SD" plan --schema-root "$R" --desired "$T/d"
no_match "readers: plan 2 leaves reads_note alone" "reads_note|over_note|mv_note|whole_row|counts" "$R/2/revisions.sql"
newdb
migrated=$URL migdb=$DB
run "readers: migrate" 0 "$SD" migrate --url "$URL" --schema-root "$R"
run "readers: migrated equals desired" 0 "$SD" diff --exit-code "$C/desired.sql" "$URL"

# --- 2. drift: views made again around a change are no drift; the SQL runs --------
newdb
run "drift: migrate to 1" 0 "$SD" migrate --url "$URL" --schema-root "$R" --to 1
run "drift: hand change" 0 "$SD" apply --url "$URL" --desired "$C/desired.sql" --allow-destructive
run "drift: markdown" 1 "$SD" drift --url "$URL" --schema-root "$R" --format markdown
cp "$T/out" "$T/drift.md"
# qualified reads the retyped column: its text differs (upper(x.tag::text))
no_match "drift: no unchanged view said to differ" "view \\| \`public\\.(reads_amount|over_amount|in_where|star)\`" "$T/drift.md"
no_match "drift: no index said to differ from itself" "definition is" "$T/drift.md"
expect_out "drift: the views made again are named" 'unchanged, made again around the changes: .*`view public.reads_amount`'
sed -n '/^```sql$/,/^```$/p' "$T/drift.md" | sed '1d;$d' >"$T/back.sql"
run "drift: json" 1 "$SD" drift --url "$URL" --schema-root "$R" --format json
if python3 - "$T/out" "$T/back.sql" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["databases"][0]
back = open(sys.argv[2]).read()
assert "view public.reads_amount" in d["remade"], d["remade"]
assert all(o["name"] != "reads_amount" for o in d["objects"]), d["objects"]
assert d["sql"] == back, (d["sql"], back)
PY
then ok; else bad "drift: json remade and sql"; fi
if "$PGB/psql" -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$T/back.sql" >"$T/psql.out" 2>&1; then ok; else
	bad "drift: the report's SQL does not run as written"; sed 's/^/    /' "$T/psql.out" | head -n 5
fi
run "drift: clean after the report's SQL" 0 "$SD" drift --url "$URL" --schema-root "$R"
expect_out "drift: no drift" ": no drift$"

# --- 3. a view made again keeps its INSTEAD OF trigger and rules ---------------
V=$F/36_view_dependents_remade
moves "instead of" "$V/current.sql" "$V/desired.sql"
equal "instead of: the trigger is back" \
	"$(q "$DB" "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'v'::regclass AND tgname = 'v_ins'")" 1
equal "instead of: the rule is back" \
	"$(q "$DB" "SELECT count(*) FROM pg_rules WHERE tablename = 'v' AND rulename = 'v_del'")" 1
equal "instead of: the statistics of the materialized view are back" \
	"$(q "$DB" "SELECT count(*) FROM pg_statistic_ext WHERE stxname = 'mv_st'")" 1
equal "instead of: an insert goes through the trigger" \
	"$(q "$DB" "INSERT INTO v (id, a) VALUES (1, 5); SELECT a FROM t WHERE id = 1")" 5

# --- 4. two tables with foreign keys to each other become partitioned ------------
P=$F/37_partition_fk_cycle
moves "partition cycle" "$P/current.sql" "$P/desired.sql"
equal "partition cycle: both partitioned" \
	"$(q "$DB" "SELECT count(*) FROM pg_partitioned_table")" 2

# --- 5. a column moves from an inheritance parent to its child ---------------------
I=$F/38_column_moves_to_child
SEED="INSERT INTO child (id, moved, extra) VALUES (1, 'kept', 2); INSERT INTO other_child (id, moved, x) VALUES (3, 'gone', 4)"
moves "moved column" "$I/current.sql" "$I/desired.sql"
SEED=
equal "moved column: the child keeps its data" "$(q "$DB" "SELECT moved FROM child WHERE id = 1")" kept
equal "moved column: its own column now, with its own definition" \
	"$(q "$DB" "SELECT attislocal, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute WHERE attrelid = 'child'::regclass AND attname = 'moved'")" \
	"t|character varying(40)|t"
equal "moved column: gone from the parent and the other child" \
	"$(q "$DB" "SELECT count(*) FROM pg_attribute WHERE attname = 'moved' AND attrelid IN ('parent'::regclass, 'other_child'::regclass) AND NOT attisdropped")" 0

# --- 6. column comments and view column defaults survive a view made again ------
N=$F/44_view_column_notes
moves "column notes" "$N/current.sql" "$N/desired.sql"
equal "column notes: the view made again has its column comment" \
	"$(q "$DB" "SELECT col_description('v'::regclass, 2)")" amount
equal "column notes: and its column default" \
	"$(q "$DB" "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'v'::regclass AND adnum = 3")" "'n/a'::text"
equal "column notes: the materialized view made again has its comment" \
	"$(q "$DB" "SELECT col_description('mv'::regclass, 2)")" "mv amount"
equal "column notes: a composite type's attribute comment" \
	"$(q "$DB" "SELECT col_description('pair'::regclass, 2)")" second
equal "column notes: an insert through the view takes the default" \
	"$(q "$DB" "INSERT INTO v (id, a) VALUES (7, 1); SELECT note FROM t WHERE id = 7")" "n/a"
run "column notes: inspect" 0 "$SD" inspect --url "$URL" --out "$T/notes"
grep -q "ALTER VIEW public.v ALTER COLUMN note SET DEFAULT" "$T"/notes/*.sql && ok || bad "column notes: inspect has no view default"
grep -q "COMMENT ON COLUMN public.pair.y IS 'second'" "$T"/notes/*.sql && ok || bad "column notes: inspect has no attribute comment"
run "column notes: inspect then diff finds nothing" 0 "$SD" diff --exit-code "$T/notes" "$URL"
run "column notes: inspect offline against itself finds nothing" 0 "$SD" diff --exit-code "$T/notes" "$T/notes"
# --- SQL-standard function bodies: made again only when they read the
# changed column (pg_depend refobjsubid live, the parsed body offline) ---
cat >"$T/fbody1.sql" <<'EOF2'
CREATE TABLE ft (id int, amount int, note varchar(10));
CREATE FUNCTION f_amount() RETURNS bigint LANGUAGE sql
	RETURN (SELECT sum(amount) FROM ft);
CREATE FUNCTION f_note(i int) RETURNS text LANGUAGE sql
BEGIN ATOMIC
	SELECT note FROM ft WHERE id = i;
END;
CREATE FUNCTION f_count() RETURNS bigint LANGUAGE sql
	RETURN (SELECT count(*) FROM ft);
EOF2
sed 's/amount int,/amount bigint,/' "$T/fbody1.sql" >"$T/fbody2.sql"
moves "function bodies" "$T/fbody1.sql" "$T/fbody2.sql"
newdb
run "function bodies: apply from" 0 "$SD" apply --url "$URL" --desired "$T/fbody1.sql"
fnoid() { q "$DB" "SELECT '$1'::regproc::oid"; }
keep_note=$(fnoid f_note) keep_count=$(fnoid f_count) keep_amount=$(fnoid f_amount)
run "function bodies: apply to" 0 "$SD" apply --url "$URL" --desired "$T/fbody2.sql" --allow-destructive
equal "function bodies: one not reading the column stays" "$(fnoid f_note)" "$keep_note"
equal "function bodies: count(*) reads no column" "$(fnoid f_count)" "$keep_count"
[ "$(fnoid f_amount)" != "$keep_amount" ] && ok || bad "function bodies: the reader of the column was not made again"
run "function bodies: offline" 0 "$SD" diff "$T/fbody1.sql" "$T/fbody2.sql"
grep -q 'DROP FUNCTION public.f_amount' "$T/out" && ok || bad "function bodies: offline, the reader is not made again: $(cat "$T/out")"
no_match "function bodies: offline, f_note stays" 'f_note' "$T/out"
no_match "function bodies: offline, f_count stays" 'f_count' "$T/out"

# rules too: one that reads the retyped column is made again, one that
# does not stays
cat >"$T/rule1.sql" <<'EOF2'
CREATE TABLE rt (id int, amount int, note text);
CREATE TABLE rlog (id int, amount bigint);
CREATE RULE r_id AS ON INSERT TO rt DO ALSO INSERT INTO rlog (id) VALUES (NEW.id);
CREATE RULE r_amount AS ON UPDATE TO rt WHERE NEW.amount > 10
	DO ALSO INSERT INTO rlog VALUES (NEW.id, NEW.amount);
EOF2
sed 's/amount int,/amount bigint,/' "$T/rule1.sql" >"$T/rule2.sql"
moves "rules" "$T/rule1.sql" "$T/rule2.sql"
newdb
run "rules: apply from" 0 "$SD" apply --url "$URL" --desired "$T/rule1.sql"
ruleoid() { q "$DB" "SELECT oid FROM pg_rewrite WHERE rulename = '$1'"; }
keep_rid=$(ruleoid r_id) keep_ramount=$(ruleoid r_amount)
run "rules: apply to" 0 "$SD" apply --url "$URL" --desired "$T/rule2.sql" --allow-destructive
equal "rules: one not reading the column stays" "$(ruleoid r_id)" "$keep_rid"
[ "$(ruleoid r_amount)" != "$keep_ramount" ] && ok || bad "rules: the reader of the column was not made again"
run "rules: offline" 0 "$SD" diff "$T/rule1.sql" "$T/rule2.sql"
grep -q 'DROP RULE r_amount' "$T/out" && ok || bad "rules: offline, the reader is not made again: $(cat "$T/out")"
no_match "rules: offline, r_id stays" 'r_id' "$T/out"

# offline, a view column default written by hand ('n/a') and inspect's
# ('n/a'::text) are one default
cat >"$T/vcdef.sql" <<'EOF2'
CREATE TABLE t (id int, note text, n int);
CREATE VIEW v AS SELECT t.id, t.note, t.n FROM public.t;
ALTER VIEW v ALTER COLUMN note SET DEFAULT 'n/a';
ALTER VIEW v ALTER COLUMN n SET DEFAULT 7;
EOF2
newdb
run "view column default: apply" 0 "$SD" apply --url "$URL" --desired "$T/vcdef.sql"
run "view column default: inspect" 0 "$SD" inspect --url "$URL"
cp "$T/out" "$T/vcdef_inspect.sql"
grep -q "SET DEFAULT 'n/a'::text;" "$T/vcdef_inspect.sql" && ok || bad "view column default: inspect has no 'n/a'::text"
run "view column default: hand-written and inspect's, offline" 0 "$SD" diff --exit-code "$T/vcdef.sql" "$T/vcdef_inspect.sql"
run "view column default: and the other way" 0 "$SD" diff --exit-code "$T/vcdef_inspect.sql" "$T/vcdef.sql"
run "view column default: against the database" 0 "$SD" diff --exit-code "$URL" "$T/vcdef.sql"

finish live_views
