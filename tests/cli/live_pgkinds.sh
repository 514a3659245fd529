#!/bin/sh
# tests/cli/live_pgkinds.sh: every object kind pg_dump --schema-only can
# emit that schemadiff carries as SQL text (aggregates, operators, operator
# classes and families, casts, conversions, text search objects, foreign
# data wrappers, servers, user mappings, foreign tables, access methods,
# rules, extended statistics, publications, event triggers) and index
# column statistics, on a real PostgreSQL server (issue 17 item 5), from
# fixtures/pg-kinds: created with psql, inspect -> no changes, inspect's
# output loads with psql to the same schema, the pg_dump of it as a desired
# file (offline plan + empty re-plan, apply to an empty database equals
# loading with psql, as a version: migrate + no drift), every kind changed
# (v2) applied on top gives what psql gives, re-plan empty; objects of
# extensions are never listed; a kind not carried is a warning naming it.
# Needs a server; run from the repository root:
#   SCHEMADIFF=./schemadiff tests/harness/with-pg.sh sh tests/cli/live_pgkinds.sh

NAME=live_pgkinds
. "$(pwd)/tests/cli/lib_pg.sh"
FX=$TOP/fixtures/pg-kinds

load() {	# load DB FILE
	if ! "$PGB/psql" -X -q -v ON_ERROR_STOP=1 -d "$1" -f "$2" >"$T/load.err" 2>&1; then
		cat "$T/load.err" >&2
		echo "live_pgkinds: $2 does not load" >&2
		exit 2
	fi
}

newdb
SRC=$DB SRCURL=$URL
load "$SRC" "$FX/v1.sql"

# inspect lists every kind, and nothing an extension owns
run "inspect" 0 "$SD" inspect --url "$SRCURL"
cp "$T/out" "$T/inspect.sql"
for k in 'CREATE AGGREGATE app.my_sum\(integer\)' 'COMMENT ON AGGREGATE app.my_sum\(integer\) IS' \
	'CREATE OPERATOR app.===' 'CREATE OPERATOR CLASS app.my_int_ops' 'CREATE OPERATOR FAMILY app.my_fam' \
	'CREATE CAST \(app.t AS text\)' 'CREATE CONVERSION app.my_conv' 'CREATE TEXT SEARCH PARSER app.my_prs' \
	'CREATE TEXT SEARCH TEMPLATE app.my_tmpl' 'CREATE TEXT SEARCH DICTIONARY app.my_dict' \
	'ALTER TEXT SEARCH CONFIGURATION app.my_cfg ADD MAPPING FOR word' 'CREATE FOREIGN DATA WRAPPER my_fdw' \
	'CREATE SERVER my_srv' 'CREATE USER MAPPING FOR PUBLIC SERVER my_srv' 'CREATE FOREIGN TABLE app.ft' \
	'CREATE ACCESS METHOD my_am' 'CREATE RULE t_log' 'CREATE STATISTICS app.t_stats' \
	'ALTER PUBLICATION pub ADD TABLE ONLY app.t' 'CREATE EVENT TRIGGER on_ddl' \
	'ALTER INDEX app.t_expr_idx ALTER COLUMN 2 SET STATISTICS 500'; do
	if grep -Eq -- "$k" "$T/inspect.sql"; then ok; else bad "inspect lacks /$k/"; fi
done
no_match "no extension member listed" 'CREATE (OPERATOR|CAST|AGGREGATE|FUNCTION) [^;]*citext|FOREIGN DATA WRAPPER postgres_fdw' "$T/inspect.sql"
run "inspect -> diff: no changes" 0 "$SD" diff --exit-code "$SRCURL" "$T/inspect.sql"
newdb
load "$DB" "$T/inspect.sql"
run "inspect's output loaded with psql equals the source" 0 "$SD" diff --exit-code "$SRCURL" "$URL"

# the pg_dump of it as a desired file and as a version
"$PGB/pg_dump" --schema-only "$SRC" >"$T/dump.sql"
run "dump: diff against the database" 0 "$SD" diff --exit-code "$SRCURL" "$T/dump.sql"
# offline, the dump and inspect's output are the same schema: a root whose
# history is the dump plans nothing for inspect's output (extensions left
# out: pg_dump writes no VERSION, inspect does, and offline that differs)
grep -v 'EXTENSION' "$T/dump.sql" >"$T/dump-noext.sql"
grep -v 'EXTENSION' "$T/inspect.sql" >"$T/inspect-noext.sql"
run "dump vs inspect offline: no changes" 0 "$SD" diff --exit-code "$T/dump-noext.sql" "$T/inspect-noext.sql"
mkroot "$T/droot" app 1
cp "$T/dump-noext.sql" "$T/droot/1/revisions.sql"
run "dump history, inspect desired: plan" 0 "$SD" plan --schema-root "$T/droot" --desired "$T/inspect-noext.sql" --dry-run
expect_err "dump history, inspect desired: no changes" 'no changes'
newdb
run "dump: apply into an empty database" 0 "$SD" apply --url "$URL" --desired "$T/dump.sql"
run "dump: applied equals the source" 0 "$SD" diff --exit-code "$SRCURL" "$URL"
"$SD" inspect --url "$URL" >"$T/applied-inspect.sql" 2>/dev/null
if cmp -s "$T/inspect.sql" "$T/applied-inspect.sql"; then ok; else
	bad "dump: inspect of the applied database differs from the source's"
	diff "$T/inspect.sql" "$T/applied-inspect.sql" | head -n 10
fi
run "dump: second apply" 0 "$SD" apply --url "$URL" --desired "$T/dump.sql"
expect_err "dump: second apply finds nothing" 'no changes'
rm -rf "$T/root"
"$SD" init --schema-root "$T/root" --name app >/dev/null 2>&1
run "dump: offline plan" 0 "$SD" plan --schema-root "$T/root" --desired "$T/dump.sql"
run "dump: offline re-plan" 0 "$SD" plan --schema-root "$T/root" --desired "$T/dump.sql" --dry-run
expect_err "dump: re-plan finds nothing" 'no changes'
mkroot "$T/hroot" app 1
cp "$T/dump.sql" "$T/hroot/1/revisions.sql"
newdb
run "dump: migrate as a version" 0 "$SD" migrate --url "$URL" --schema-root "$T/hroot"
run "dump: migrated equals the source" 0 "$SD" diff --exit-code "$SRCURL" "$URL"
run "dump: no drift" 0 "$SD" drift --url "$URL" --schema-root "$T/hroot"

# every kind changed: apply v2 on top of v1, equal to psql's v2
newdb
V2=$DB V2URL=$URL
load "$V2" "$FX/v2.sql"
newdb
load "$DB" "$FX/v1.sql"
run "v2: plan shows the changes" 1 "$SD" diff --exit-code "$URL" "$FX/v2.sql"
for k in 'DROP CONVERSION app.my_conv' 'DROP OPERATOR FAMILY app.my_fam USING btree' \
	'CREATE AGGREGATE app.my_max' 'DROP VIEW app.v' 'DROP INDEX app.t_c_idx' \
	'ALTER INDEX app.t_expr_idx ALTER COLUMN 2 SET STATISTICS 100'; do
	expect_out "v2: $k" "$k"
done
run "v2: apply" 0 "$SD" apply --url "$URL" --desired "$FX/v2.sql"
run "v2: applied equals psql's v2" 0 "$SD" diff --exit-code "$V2URL" "$URL"
run "v2: second apply" 0 "$SD" apply --url "$URL" --desired "$FX/v2.sql"
expect_err "v2: second apply finds nothing" 'no changes'
# offline: a history at v1, desired v2, then v2 again: nothing
mkroot "$T/vroot" app 1
cp "$FX/v1.sql" "$T/vroot/1/revisions.sql"
run "v2: offline plan on a v1 history" 0 "$SD" plan --schema-root "$T/vroot" --desired "$FX/v2.sql"
run "v2: offline re-plan" 0 "$SD" plan --schema-root "$T/vroot" --desired "$FX/v2.sql" --dry-run
expect_err "v2: offline re-plan finds nothing" 'no changes'
newdb
run "v2: migrate the planned history" 0 "$SD" migrate --url "$URL" --schema-root "$T/vroot"
run "v2: migrated equals psql's v2" 0 "$SD" diff --exit-code "$V2URL" "$URL"

# a kind schemadiff does not carry: a warning that names it
newdb
q "$DB" "CREATE TYPE shell_t" >/dev/null
run "a shell type: inspect" 0 "$SD" inspect --url "$URL"
expect_err "a shell type: warning" 'warning: base type public.shell_t is not carried'

dropdbs
finish live_pgkinds
