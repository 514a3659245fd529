#!/bin/sh
# tests/cli/live_realpg.sh: real PostgreSQL schemas as they are written
# (issue 17, items 6, 8, 10, 11, 12 and the CHECK regression of item 9),
# against a real server: each repro of the issue applies to an empty
# database, re-applies to nothing, and (where the issue says so) its
# inspect output loads with psql as written and equals the source.
# Needs a server; run from the repository root:
#   SCHEMADIFF=./schemadiff tests/harness/with-pg.sh sh tests/cli/live_realpg.sh

NAME=live_realpg
. "$(pwd)/tests/cli/lib_pg.sh"

: >"$T/empty.sql"

# converges NAME FILE: apply FILE to an empty database, apply again: no
# changes; the database equals psql -f FILE; inspect's output loads with
# psql as written into another database equal to both.
converges() {
	cname=$1 f=$2
	newdb
	ref=$URL refdb=$DB
	if ! "$PGB/psql" -X -q -v ON_ERROR_STOP=1 -d "$refdb" -f "$f" >"$T/psql.out" 2>&1; then
		bad "$cname: the repro does not load with psql"; sed 's/^/    /' "$T/psql.out" | head -n 5
		return
	fi
	newdb
	run "$cname: apply" 0 "$SD" apply --url "$URL" --desired "$f" --allow-destructive
	run "$cname: re-apply" 0 "$SD" apply --url "$URL" --desired "$f"
	expect_err "$cname: re-apply finds nothing" 'no changes'
	run "$cname: equals psql" 0 "$SD" diff --exit-code "$ref" "$URL"
	run "$cname: inspect" 0 "$SD" inspect --url "$ref"
	cp "$T/out" "$T/inspect.sql"
	newdb
	if "$PGB/psql" -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$T/inspect.sql" >"$T/psql.out" 2>&1; then
		ok
		run "$cname: inspect reloads equal" 0 "$SD" diff --exit-code "$ref" "$URL"
	else
		bad "$cname: inspect output does not load with psql"; sed 's/^/    /' "$T/psql.out" | head -n 5
	fi
}

# planned NAME FILE: FILE planned offline into a new root, which migrates
# into an empty database equal to psql -f FILE and drifts clean (the plan
# orders what the server binds at creation: row types, SQL-standard
# bodies)
planned() {
	pname=$1 f=$2
	newdb
	pref=$URL
	"$PGB/psql" -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$f" >/dev/null 2>&1 ||
		{ bad "$pname: the repro does not load with psql"; return; }
	rm -rf "$T/proot"
	run "$pname: init" 0 "$SD" init --schema-root "$T/proot" --name p
	run "$pname: plan" 0 "$SD" plan --schema-root "$T/proot" --desired "$f"
	run "$pname: re-plan" 0 "$SD" plan --schema-root "$T/proot" --desired "$f" --dry-run
	expect_err "$pname: re-plan finds nothing" 'no changes'
	newdb
	run "$pname: migrate" 0 "$SD" migrate --url "$URL" --schema-root "$T/proot"
	run "$pname: migrated equals psql" 0 "$SD" diff --exit-code "$pref" "$URL"
	run "$pname: drift clean" 0 "$SD" drift --url "$URL" --schema-root "$T/proot"
}

# --- item 9 regression and item 12's last bullet: CHECK spellings ------
# the canonical form is for offline comparison; a server gets the text as
# written, and a varchar IN list converges and reloads
cat >"$T/check.sql" <<'EOF2'
CREATE TABLE c1 (
	id int,
	s varchar(10) CHECK (s IN ('a', 'b')),
	t text CHECK (t = ANY (ARRAY['x'::text, 'y'::text])),
	u varchar(10),
	v varchar(5)[],
	CONSTRAINT c1_u CHECK ((u)::text = ANY ((ARRAY['p'::character varying, 'q'::character varying])::text[])),
	CONSTRAINT c1_v CHECK (v <@ ARRAY['a'::varchar, 'b'::varchar]),
	CONSTRAINT c1_all CHECK (s <> ALL (ARRAY['z', 'w']) AND id IN (1, 2))
);
EOF2
converges "check spellings" "$T/check.sql"
# offline: the server's spelling and the person's plan no change
mkroot "$T/root" r 1
cp "$T/check.sql" "$T/root/1/revisions.sql"
newdb
q "$DB" "$(cat "$T/check.sql")" >/dev/null
"$SD" inspect --url "$URL" >"$T/insp.sql" 2>/dev/null
run "check spellings: inspect output plans nothing offline" 0 "$SD" plan --schema-root "$T/root" --desired "$T/insp.sql" --dry-run
expect_err "check spellings: offline no changes" 'no changes'

# --- item 11: inspect output loads with psql as written -----------------
# a LANGUAGE sql string body is checked at creation: it reads tables that
# the output creates after the function
cat >"$T/sqlbody.sql" <<'EOF2'
CREATE SCHEMA zz;
CREATE TABLE zz.items (id int PRIMARY KEY, price numeric);
CREATE FUNCTION public.a_total() RETURNS numeric LANGUAGE sql STABLE
	AS 'SELECT sum(price) FROM zz.items';
EOF2
converges "sql string body" "$T/sqlbody.sql"

# --- item 8: names resolve as the server resolves them ------------------
# pg_catalog first: a built-in trigger function and built-in types the
# parser has no spelling of stay unqualified
cat >"$T/names.sql" <<'EOF2'
CREATE TABLE doc (id int, title text, tsv tsvector, r refcursor,
	x regprocedure, l xid8, o pg_catalog.regoper);
CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER doc_tsv BEFORE INSERT OR UPDATE ON doc FOR EACH ROW
	EXECUTE FUNCTION tsvector_update_trigger(tsv, 'pg_catalog.english', title);
CREATE TRIGGER doc_t2 BEFORE INSERT ON doc FOR EACH ROW EXECUTE PROCEDURE trg();
CREATE TRIGGER doc_t3 BEFORE UPDATE ON doc FOR EACH ROW
	EXECUTE FUNCTION pg_catalog.suppress_redundant_updates_trigger();
EOF2
converges "built-in names" "$T/names.sql"
"$SD" diff "$T/empty.sql" "$T/names.sql" >"$T/names.out" 2>&1
no_match "built-in names: not public" 'public\.(tsvector_update_trigger|suppress|refcursor|regprocedure|xid8|regoper)' "$T/names.out"
planned "built-in names" "$T/names.sql"

# --- items 7 and 12: dependencies the server binds at creation ----------
# a row type in a signature (SETOF table, SETOF view, parameter), a
# domain over a row type, a SQL-standard body calling another function
cat >"$T/rowtype.sql" <<'EOF2'
CREATE TABLE customer (id int, name text);
CREATE FUNCTION get_customers() RETURNS SETOF customer LANGUAGE sql
	AS 'SELECT * FROM customer';
CREATE VIEW v_c AS SELECT id FROM customer;
CREATE FUNCTION a_vs() RETURNS SETOF v_c LANGUAGE sql
	BEGIN ATOMIC SELECT * FROM v_c; END;
CREATE FUNCTION a_take(c customer) RETURNS int LANGUAGE sql RETURN c.id;
CREATE DOMAIN a_dc AS customer CHECK (VALUE IS NOT NULL);
CREATE FUNCTION z_inc(a int) RETURNS int LANGUAGE sql RETURN a + 1;
CREATE FUNCTION y_call(a int) RETURNS int LANGUAGE sql RETURN z_inc(a);
EOF2
converges "row types and bodies" "$T/rowtype.sql"
planned "row types and bodies" "$T/rowtype.sql"
# dropped in the reverse order: the caller first
newdb
q "$DB" "$(cat "$T/rowtype.sql")" >/dev/null
run "row types and bodies: drop all" 0 "$SD" apply --url "$URL" --desired "$T/empty.sql" --allow-destructive

# --- item 12: UNLOGGED vs logged is compared ------------------------------
printf 'CREATE TABLE lg (id int) WITH (fillfactor = 70);\n' >"$T/logged.sql"
printf 'CREATE UNLOGGED TABLE lg (id int) WITH (fillfactor = 70);\n' >"$T/unlogged.sql"
newdb
q "$DB" "$(cat "$T/logged.sql")" >/dev/null
run "unlogged: apply" 0 "$SD" apply --url "$URL" --desired "$T/unlogged.sql" --allow-hazards rewrites-table,blocks-writes,blocks-reads
equal "unlogged: persistence" "$(q "$DB" "SELECT relpersistence FROM pg_class WHERE relname = 'lg'")" u
run "unlogged: re-apply" 0 "$SD" apply --url "$URL" --desired "$T/unlogged.sql"
expect_err "unlogged: re-apply finds nothing" 'no changes'
run "unlogged: offline diff" 0 "$SD" diff "$T/unlogged.sql" "$T/logged.sql"
expect_out "unlogged: SET LOGGED" '^ALTER TABLE public.lg SET LOGGED;$'

# --- item 6: a history holding DO and CALL replays on a server ----------
mkroot "$T/do" app 1 2
cat >"$T/do/1/revisions.sql" <<'EOF2'
CREATE TABLE a (id int PRIMARY KEY);
CREATE PROCEDURE mk() LANGUAGE plpgsql AS $$BEGIN CREATE TABLE b (id int REFERENCES a); END$$;
EOF2
cat >"$T/do/2/revisions.sql" <<'EOF2'
DO $$BEGIN EXECUTE 'CREATE TABLE c (id int, note text DEFAULT ''x'')'; END$$;
CALL mk();
EOF2
cat >"$T/do.sql" <<'EOF2'
CREATE TABLE a (id int PRIMARY KEY);
CREATE TABLE b (id int REFERENCES a);
CREATE TABLE c (id int, note text DEFAULT 'x');
CREATE PROCEDURE mk() LANGUAGE plpgsql AS $$BEGIN CREATE TABLE b (id int REFERENCES a); END$$;
EOF2
run "DO history: validate" 0 "$SD" validate --schema-root "$T/do"
expect_err "DO history: says which server" 'DO cannot be replayed offline.*replaying the history of schema "app" on a throwaway server'
run "DO history: plan (dev url)" 0 env -u SCHEMADIFF_VERIFY "$SD" plan --schema-root "$T/do" --desired "$T/do.sql" --dry-run --dev-url "$SD_TEST_PG_URL"
expect_err "DO history: plan finds nothing" 'no changes'
expect_err "DO history: plan names the dev url" 'on the --dev-url server'
newdb
run "DO history: migrate" 0 "$SD" migrate --url "$URL" --schema-root "$T/do"
run "DO history: drift clean" 0 "$SD" drift --url "$URL" --schema-root "$T/do"
q "$DB" "ALTER TABLE c ADD COLUMN extra int" >/dev/null
run "DO history: drift finds a change" 1 "$SD" drift --url "$URL" --schema-root "$T/do"
# a desired file's DO block (a role made idempotently) is a pre-statement:
# run first on the scratch database and on apply, never diffed
cat >"$T/dorole.sql" <<'EOF2'
DO $$BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sd_realpg_reader') THEN
		CREATE ROLE sd_realpg_reader;
	END IF;
END$$;
CREATE TABLE r (id int);
GRANT SELECT ON r TO sd_realpg_reader;
EOF2
newdb
run "DO pre-statement: dry run" 1 "$SD" apply --url "$URL" --desired "$T/dorole.sql" --dry-run
expect_out "DO pre-statement: printed first" '^DO \$\$BEGIN'
run "DO pre-statement: apply" 0 "$SD" apply --url "$URL" --desired "$T/dorole.sql"
equal "DO pre-statement: grant" "$(q "$DB" "SELECT has_table_privilege('sd_realpg_reader', 'r', 'SELECT')")" t
run "DO pre-statement: re-apply" 0 "$SD" apply --url "$URL" --desired "$T/dorole.sql"
expect_err "DO pre-statement: re-apply finds nothing" 'no changes'
run "DO pre-statement: offline plan" 0 "$SD" diff "$T/empty.sql" "$T/dorole.sql"
no_match "DO pre-statement: not diffed" '^DO' "$T/out"
# a desired file that makes objects by calling a function it defines
# (ulogd2's SELECT ULOG2_ADD_FOREIGN_KEYS()) is loaded on a server, as
# psql runs it: its foreign key is planned, applied and kept
cat >"$T/callfk.sql" <<'EOF'
CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE child (id int, parent_id int);
CREATE FUNCTION add_fks() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id);
END $$;
SELECT add_fks();
EOF
converges "function call" "$T/callfk.sql"
equal "function call: the foreign key exists" \
	"$(q "$DB" "SELECT count(*) FROM pg_constraint WHERE conname = 'child_parent_fk'")" 1
rm -rf "$T/croot"
"$SD" init --schema-root "$T/croot" --name app >/dev/null 2>&1
run "function call: offline plan" 0 "$SD" plan --schema-root "$T/croot" --desired "$T/callfk.sql"
expect_out "function call: planned FK" 'ADD CONSTRAINT child_parent_fk FOREIGN KEY'
expect_err "function call: says where it is loaded" 'callfk.sql:7: .*calls a function of the files.*loading the desired files on a throwaway server'

# a plain SQL history stays offline: no server is started
run "plain history: validate offline" 0 "$SD" validate --schema-root "$T/root"
no_match "plain history: no server" 'replaying the history' "$T/err"

finish live_realpg
