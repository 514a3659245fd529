#!/bin/sh
# tests/cli/live_pagila.sh: the pagila sample schema as published
# (tests/realworld/pagila: 4.1.0, with the virtual generated column
# film.length_hours of PostgreSQL 18) on the server the harness started.
#   offline:  plan for target 18 writes a version and plans nothing more;
#             plan --target-version 17 is refused at the column's
#             FILE:LINE:COL and writes nothing;
#   on 18:    apply into an empty database, apply again: no changes,
#             inspect, then plan of the inspected files against the
#             planned root: no changes;
#   before 18: apply and migrate are refused with the same message before
#             anything runs, and leave nothing behind.
# pgvector is on no server here: the `vector` extension and the
# film_embedding table are left out on the server (--ignore).
#   SCHEMADIFF=./schemadiff SD_PG_VERSION=18 sh tests/harness/with-pg.sh sh tests/cli/live_pagila.sh
# Prints one line per failure and a closing "N passed, N failed" line.

NAME=live_pagila
. "$(pwd)/tests/cli/lib_pg.sh"

P=$TOP/tests/realworld/pagila/pagila-schema.sql
IGN="--ignore extension:vector --ignore public.film_embedding*"
# where the file uses the virtual column (line 453: length_hours ...
# GENERATED ALWAYS AS (...) VIRTUAL)
AT="pagila-schema.sql:453:31: a virtual generated column needs PostgreSQL 18"

V=$(q postgres "SHOW server_version_num")
M=$((V / 10000))
echo "live_pagila: PostgreSQL $M ($V)"
newdb
nrel() { q "$DB" "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"; }

# --- offline ----------------------------------------------------------------
"$SD" init --schema-root "$T/r18" --name pagila --system-type postgresql >/dev/null 2>&1
run "plan for 18" 0 "$SD" plan --schema-root "$T/r18" --desired "$P" --target-version 18
expect_out "plan for 18: the virtual column" 'length_hours numeric\(4,2\) GENERATED ALWAYS AS .* VIRTUAL'
[ -f "$T/r18/1/revisions.sql" ] && ok || bad "plan for 18 wrote no version"
run "plan for 18 again" 0 "$SD" plan --schema-root "$T/r18" --desired "$P" --target-version 18
expect_err "plan for 18 again: nothing" 'no changes'
[ -d "$T/r18/2" ] && bad "plan for 18 again wrote a version" || ok
"$SD" init --schema-root "$T/r17" --name pagila --system-type postgresql >/dev/null 2>&1
run "plan for 17: refused" 2 "$SD" plan --schema-root "$T/r17" --desired "$P" --target-version 17
expect_err "plan for 17: where and why" "error: .*$AT; the target is 17\$"
[ -d "$T/r17/1" ] && bad "plan for 17 wrote a version" || ok

# --- on the server ----------------------------------------------------------
if [ "$M" -ge 18 ]; then
	run "apply on $M" 0 "$SD" apply --url "$URL" --desired "$P" $IGN
	equal "apply on $M: the virtual column" \
		"$(q "$DB" "SELECT attgenerated FROM pg_attribute WHERE attrelid = 'public.film'::regclass AND attname = 'length_hours'")" v
	run "apply on $M again" 0 "$SD" apply --url "$URL" --desired "$P" $IGN
	expect_err "apply on $M again: nothing" 'no changes'
	run "inspect on $M" 0 "$SD" inspect --url "$URL" --out "$T/inspected"
	run "plan of the inspected schema" 0 "$SD" plan --schema-root "$T/r18" --desired "$T/inspected" --target-version 18 $IGN
	expect_err "plan of the inspected schema: nothing" 'no changes'
	[ -d "$T/r18/2" ] && bad "plan of the inspected schema wrote a version" || ok
else
	run "apply on $M: refused" 2 "$SD" apply --url "$URL" --desired "$P" $IGN
	expect_err "apply on $M: where and why" "error: .*$AT; the target is $M\$"
	equal "apply on $M: nothing ran" "$(nrel)" 0
	run "migrate on $M: refused" 2 "$SD" migrate --url "$URL" --schema-root "$T/r18"
	expect_err "migrate on $M: where and why" "error: .*/1/revisions\\.sql:[0-9]+:[0-9]+: a virtual generated column needs PostgreSQL 18; the target is $M\$"
	equal "migrate on $M: nothing ran" "$(nrel)" 0
	equal "migrate on $M: no history" "$(q "$DB" "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'schemadiff%'")" 0
fi

dropdbs
finish live_pagila
