#!/bin/sh
# tests/cli/live_apply.sh: `schemadiff apply`, `inspect` and `diff` with
# database URLs against a real PostgreSQL server: apply converges and is
# idempotent, --dry-run changes nothing, destructive changes are refused
# unless allowed, a failing statement rolls everything back, the deploy lock
# and --lock-timeout, a role without CREATEDB, inspect -> apply -> inspect
# round trip, diff between a database and files, passwords never printed.
# Needs a server; run from the repository root:
#   SCHEMADIFF=./schemadiff tests/harness/with-pg.sh sh tests/cli/live_apply.sh

NAME=live_apply
. "$(pwd)/tests/cli/lib_pg.sh"

. "$TOP/tests/cli/lib_catalog.sh"
# schema_of DB: the schema through the catalogs (and pg_dump where it
# reads the server), on every version from 13
schema_of() { catalog_schema "$1"; }
# the server's major version: what the golden cases below need
M=$(($(q postgres "SHOW server_version_num") / 10000))
echo "live_apply: PostgreSQL $M"
EX="$TOP/fixtures/example/schema"

# --- apply converges, then finds nothing --------------------------------------
newdb
run "apply example" 0 "$SD" apply --url "$URL" --desired "$EX"
expect_out "apply prints the plan" "CREATE TABLE shop.orders"
expect_err "apply verifies" "matches the desired schema"
equal "tables created" "$(q "$DB" "SELECT count(*) FROM pg_tables WHERE schemaname = 'shop'")" 4
run "apply again" 0 "$SD" apply --url "$URL" --desired "$EX"
expect_err "apply again" "no changes"
[ -s "$T/out" ] && bad "apply again printed SQL" || ok
run "diff db to files" 0 "$SD" diff --exit-code "$URL" "$EX"
[ -s "$T/out" ] && bad "diff db to files printed SQL" || ok
equal "no scratch databases left" "$(q postgres "SELECT count(*) FROM pg_database WHERE datname LIKE 'schemadiff_scratch%'")" 0

# --- dry run and destructive changes -----------------------------------------
mkdir -p "$T/less"
cp "$EX/types.sql" "$EX/customers.sql" "$T/less/"
schema_of "$DB" >"$T/before"
# the comparison sees the schema (not an error message, not nothing)
grep -q '^relation shop.orders kind=r' "$T/before" && grep -q '^constraint shop.orders.' "$T/before" &&
	! grep -q 'ERROR' "$T/before" && ok || bad "schema_of: $(head -n 3 "$T/before")"
run "dry run" 1 "$SD" apply --url "$URL" --desired "$T/less" --dry-run --allow-destructive
expect_out "dry run prints drops" "DROP TABLE shop.orders"
run "dry run of destructive changes is not an error" 1 "$SD" apply --url "$URL" --desired "$T/less" --dry-run
expect_out "dry run shows the hazards above each statement" "^-- hazards: deletes-data, blocks-writes, blocks-reads, breaks-dependents, irreversible \\(ACCESS EXCLUSIVE lock, held briefly\\)"
expect_err "dry run says what would be refused" "would be refused for hazards not allowed"
schema_of "$DB" >"$T/after"
cmp -s "$T/before" "$T/after" && ok || bad "dry run changed the database"
run "destructive refused" 2 "$SD" apply --url "$URL" --desired "$T/less"
expect_err "destructive refused names each" "drop table shop.orders"
expect_err "destructive refused hint" "allow-destructive"
schema_of "$DB" >"$T/after"
cmp -s "$T/before" "$T/after" && ok || bad "refused apply changed the database"
run "destructive allowed" 0 "$SD" apply --url "$URL" --desired "$T/less" --allow-destructive
equal "tables dropped" "$(q "$DB" "SELECT count(*) FROM pg_tables WHERE schemaname = 'shop'")" 1

# --- a failing statement rolls everything back --------------------------------
newdb
printf 'CREATE TABLE t (id int PRIMARY KEY, qty int);\n' >"$T/t1.sql"
run "apply t1" 0 "$SD" apply --url "$URL" --desired "$T/t1.sql"
q "$DB" "INSERT INTO t VALUES (1, -5)" >/dev/null
printf 'CREATE TABLE t (id int PRIMARY KEY, qty int CHECK (qty > 0));\nCREATE TABLE u (id int);\n' >"$T/t2.sql"
schema_of "$DB" >"$T/before"
run "violating check" 2 "$SD" apply --url "$URL" --desired "$T/t2.sql"
expect_err "violating check: server message" "is violated by some row"
expect_err "violating check: statement" "ADD CONSTRAINT t_qty_check"
expect_err "violating check: rolled back" "rolled back"
schema_of "$DB" >"$T/after"
cmp -s "$T/before" "$T/after" && ok || bad "failed apply left changes behind"

# --- lock: a second run waits, or gives up with --lock-timeout ----------------
# The key is the driver's documented one: 64-bit FNV-1a of "schemadiff:apply"
# as a signed bigint (drivers/driver.c).
newdb
KEY=$(python3 -c '
h = 14695981039346656037
for b in b"schemadiff:apply":
    h = ((h ^ b) * 1099511628211) % (1 << 64)
print(h - (1 << 64) if h >= 1 << 63 else h)')
printf 'CREATE TABLE locked (id int);\n' >"$T/lock.sql"
"$PGB/psql" -X -q -d "$DB" -c "SELECT pg_advisory_lock($KEY)" -c "SELECT pg_sleep(3)" >/dev/null 2>&1 &
holder=$!
sleep 1
run "lock timeout" 2 "$SD" apply --url "$URL" --desired "$T/lock.sql" --lock-timeout 200ms
expect_err "lock timeout" 'another schemadiff run holds the lock'
equal "lock timeout changed nothing" "$(q "$DB" "SELECT count(*) FROM pg_tables WHERE tablename = 'locked'")" 0
run "lock wait" 0 "$SD" apply --url "$URL" --desired "$T/lock.sql"
expect_err "lock wait says it waits" 'waiting for the lock'
equal "applied after the wait" "$(q "$DB" "SELECT count(*) FROM pg_tables WHERE tablename = 'locked'")" 1
wait $holder
run "invalid lock timeout" 129 "$SD" apply --url "$URL" --desired "$T/lock.sql" --lock-timeout soon

# --- a role without CREATEDB: compared in a rolled-back transaction -----------
newdb
q postgres "DROP ROLE IF EXISTS sd_plain; CREATE ROLE sd_plain LOGIN" >/dev/null
q "$DB" "GRANT ALL ON SCHEMA public TO sd_plain" >/dev/null
PURL=$(echo "$URL" | sed 's|//postgres@|//sd_plain@|')
printf 'CREATE TABLE p (id int PRIMARY KEY, name text DEFAULT '"'"'x'"'"');\n' >"$T/p.sql"
run "apply without CREATEDB" 0 "$SD" apply --url "$PURL" --desired "$T/p.sql"
expect_err "apply without CREATEDB warns" "no CREATEDB"
run "apply without CREATEDB again" 0 "$SD" apply --url "$PURL" --desired "$T/p.sql"
expect_err "apply without CREATEDB again" "no changes"

# --- inspect -> apply on an empty database -> inspect ---------------------------
newdb
SRC=$DB SRCURL=$URL
"$SD" apply --url "$SRCURL" --desired "$EX" >/dev/null 2>&1
run "inspect" 0 "$SD" inspect --url "$SRCURL" --out "$T/insp1"
ls "$T/insp1" | grep -q '^shop.sql$' && ok || bad "inspect: no shop.sql"
newdb
run "apply inspected" 0 "$SD" apply --url "$URL" --desired "$T/insp1"
run "inspect again" 0 "$SD" inspect --url "$URL" --out "$T/insp2"
if diff -r "$T/insp1" "$T/insp2" >/dev/null; then ok; else bad "inspect -> apply -> inspect differs"; diff -r "$T/insp1" "$T/insp2" | head -n 5; fi
run "inspect to stdout" 0 "$SD" inspect --url "$URL"
expect_out "inspect to stdout" "CREATE SCHEMA shop"
run "inspect into non-empty folder" 2 "$SD" inspect --url "$URL" --out "$T/insp1"
expect_err "inspect into non-empty folder" "not empty"
run "diff two databases" 0 "$SD" diff --exit-code "$SRCURL" "$URL"
q "$DB" "ALTER TABLE shop.orders ADD COLUMN extra int" >/dev/null
run "diff two databases after a change" 1 "$SD" diff --exit-code "$SRCURL" "$URL"
expect_out "diff two databases after a change" "ADD COLUMN extra integer"

# --- dependency chains of the golden cases, applied for real with data ------
# (a view on a view over a retyped column; functions made again while a
# default and a check use them; an enum made again while a column, a domain
# and a function use it)
for c in 24_view_chain_column_type 25_function_in_check_and_default 26_enum_column_domain_function 27_view_options 28_column_compression_statistics; do
	# COMPRESSION needs 14, security_invoker 15
	case $c in 28*) [ "$M" -ge 14 ] || continue ;; 27*) [ "$M" -ge 15 ] || continue ;; esac
	G="$TOP/fixtures/golden/$c"
	newdb
	"$PGB/psql" -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$G/current.sql" >/dev/null 2>&1 ||
		bad "$c: current.sql does not load"
	case $c in
	24*) q "$DB" "INSERT INTO accounts VALUES (1, 5000)" >/dev/null ;;
	25*) q "$DB" "INSERT INTO items (id) VALUES (1)" >/dev/null ;;
	26*) q "$DB" "INSERT INTO person VALUES (1, 'happy', 'ok')" >/dev/null ;;
	27*|28*) q "$DB" "INSERT INTO t VALUES (1)" >/dev/null ;;
	esac
	run "$c: apply" 0 "$SD" apply --url "$URL" --desired "$G/desired.sql" --allow-destructive
	run "$c: converged" 0 "$SD" diff --exit-code "$URL" "$G/desired.sql"
	equal "$c: rows kept" "$(q "$DB" "SELECT count(*) FROM $(case $c in 24*) echo accounts;; 25*) echo items;; 26*) echo person;; 27*|28*) echo t;; esac)")" 1
done
# (the default statistics target is -1 before 17, NULL from 17)
[ "$M" -lt 14 ] ||
equal "statistics and compression applied" "$(q "$DB" "SELECT string_agg(attname || ':' || coalesce(attstattarget::int, -1) || ':' || attcompression::text, ',' ORDER BY attname) FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0")" "a:-1:,b:200:p,c:-1:"
# SQL-standard bodies (14+): bound to the column whose type changes (made
# again around the change), and one created after the table it reads
G="$TOP/fixtures/golden/31_sql_standard_bodies"
if [ "$M" -ge 14 ]; then
newdb
"$PGB/psql" -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$G/current.sql" >/dev/null 2>&1 ||
	bad "31: current.sql does not load"
q "$DB" "INSERT INTO items VALUES (1, 10)" >/dev/null
run "sql-standard bodies: apply" 0 "$SD" apply --url "$URL" --desired "$G/desired.sql" --allow-destructive
run "sql-standard bodies: converged" 0 "$SD" diff --exit-code "$URL" "$G/desired.sql"
equal "sql-standard bodies: the function runs on the new type" "$(q "$DB" "SELECT total()")" 10
fi
# a default that calls a function reading its own table: split as pg_dump
# does (table, function, SET DEFAULT)
G="$TOP/fixtures/golden/32_default_function_cycle"
[ "$M" -ge 14 ] && {	# BEGIN ATOMIC
newdb
"$PGB/psql" -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$G/current.sql" >/dev/null 2>&1 ||
	bad "32: current.sql does not load"
run "default-function cycle: apply" 0 "$SD" apply --url "$URL" --desired "$G/desired.sql"
run "default-function cycle: converged" 0 "$SD" diff --exit-code "$URL" "$G/desired.sql"
q "$DB" "INSERT INTO tickets (note) VALUES ('a'); INSERT INTO tickets (note) VALUES ('b')" >/dev/null
equal "default-function cycle: the default works" "$(q "$DB" "SELECT max(id) FROM tickets")" 2
}
# (column storage set, changed and taken back to the type's own; collations
# created, dropped, and one in use by an indexed column made again)
for c in 29_column_storage 43_collations; do
	G="$TOP/fixtures/golden/$c"
	newdb
	"$PGB/psql" -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$G/current.sql" >/dev/null 2>&1 ||
		bad "$c: current.sql does not load"
	run "$c: current converged" 0 "$SD" diff --exit-code "$URL" "$G/current.sql"
	case $c in
	29*) q "$DB" "INSERT INTO t VALUES (1, 'b', 'c', 1.5, '{}', 'f')" >/dev/null; tb=t ;;
	43*) q "$DB" "INSERT INTO kept VALUES (1, 'n', 'Code')" >/dev/null; tb=kept ;;
	esac
	run "$c: apply" 0 "$SD" apply --url "$URL" --desired "$G/desired.sql" --allow-destructive
	run "$c: converged" 0 "$SD" diff --exit-code "$URL" "$G/desired.sql"
	equal "$c: rows kept" "$(q "$DB" "SELECT count(*) FROM $tb")" 1
	case $c in
	29*) equal "storage applied" "$(q "$DB" "SELECT string_agg(attrelid::regclass || '.' || attname || ':' || attstorage::text, ',' ORDER BY attrelid::regclass::text, attname) FROM pg_attribute WHERE attrelid IN ('t'::regclass, 'u'::regclass) AND attnum > 0")" \
		"t.a:p,t.b:x,t.c:m,t.d:m,t.e:m,t.f:e,u.x:e,u.y:x" ;;
	# the ICU locale: collcollate (13, 14), colliculocale (15, 16),
	# colllocale (17+)
	43*) loc=collcollate
	     [ "$M" -ge 15 ] && loc="coalesce(colliculocale, collcollate)"
	     [ "$M" -ge 17 ] && loc="coalesce(colllocale, collcollate)"
	     equal "collations applied" "$(q "$DB" "SELECT string_agg(collname || ':' || collprovider::text || ':' || $loc || ':' || collisdeterministic, ',' ORDER BY collname) FROM pg_collation WHERE collnamespace = 'public'::regnamespace")" \
		"ci:i:und-u-ks-level2:false,posix_c:c:POSIX:true,sortkey:i:und:true"
	     equal "column uses the new collation, storage kept" "$(q "$DB" "SELECT collname || ':' || attstorage::text FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation WHERE attrelid = 'kept'::regclass AND attname = 'code'")" sortkey:e
	     q "$DB" "INSERT INTO users VALUES (1, 'A@example.com')" >/dev/null
	     equal "case-insensitive collation works" "$(q "$DB" "SELECT count(*) FROM users WHERE email = 'a@EXAMPLE.com'")" 1 ;;
	esac
done
# a LANGUAGE sql function that reads a table the same change set creates
# after it: check_function_bodies is off while applying
newdb
cat >"$T/fnlater.sql" <<'SQL'
CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM later_orders $$;
CREATE TABLE later_orders (id int);
SQL
run "function before the table it reads: apply" 0 "$SD" apply --url "$URL" --desired "$T/fnlater.sql"
run "function before the table it reads: converged" 0 "$SD" diff --exit-code "$URL" "$T/fnlater.sql"
equal "function before the table it reads: works" "$(q "$DB" "SELECT order_count()")" 0
if [ "$M" -ge 15 ]; then	# security_invoker
newdb
"$PGB/psql" -X -q -d "$DB" -f "$TOP/fixtures/golden/27_view_options/current.sql" >/dev/null 2>&1
"$SD" apply --url "$URL" --desired "$TOP/fixtures/golden/27_view_options/desired.sql" >/dev/null 2>&1
equal "view options applied" "$(q "$DB" "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'v'")" "security_barrier=true,security_invoker=on"
fi
newdb
"$PGB/psql" -X -q -d "$DB" -f "$TOP/fixtures/golden/26_enum_column_domain_function/current.sql" >/dev/null 2>&1
q "$DB" "INSERT INTO person VALUES (1, 'ecstatic', 'ok')" >/dev/null
run "enum rebuild with a removed label in use: refused" 2 "$SD" apply --url "$URL" \
	--desired "$TOP/fixtures/golden/26_enum_column_domain_function/desired.sql" --allow-destructive
expect_err "names the bad value" "ecstatic"
equal "rolled back: the old label is still there" "$(q "$DB" "SELECT current FROM person")" ecstatic

# --- default privileges: apply, converge, back and forth, new objects --------
G="$TOP/fixtures/golden/52_default_privileges"
q postgres "DO \$\$ BEGIN
IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reader') THEN CREATE ROLE reader; END IF;
IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'writer') THEN CREATE ROLE writer; END IF;
IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sd_owner') THEN CREATE ROLE sd_owner; END IF;
IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'user-with-dash') THEN CREATE ROLE \"user-with-dash\"; END IF;
END \$\$" >/dev/null
newdb
"$PGB/psql" -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$G/current.sql" >/dev/null 2>&1 ||
	bad "default privileges: current.sql does not load"
run "default privileges: current converged" 0 "$SD" diff --exit-code "$URL" "$G/current.sql"
run "default privileges: apply" 0 "$SD" apply --url "$URL" --desired "$G/desired.sql" --allow-destructive
expect_out "default privileges: apply prints them" "ALTER DEFAULT PRIVILEGES FOR ROLE sd_owner REVOKE USAGE ON TYPES FROM PUBLIC"
run "default privileges: converged" 0 "$SD" diff --exit-code "$URL" "$G/desired.sql"
run "default privileges: apply again" 0 "$SD" apply --url "$URL" --desired "$G/desired.sql"
expect_err "default privileges: apply again" "no changes"
[ -s "$T/out" ] && bad "default privileges: apply again printed SQL" || ok
equal "default privileges: rows" "$(q "$DB" "SELECT string_agg(defaclrole::regrole || ':' || defaclnamespace::regnamespace || ':' || defaclobjtype::text || ':' || array_to_string(defaclacl, ' '), ', ' ORDER BY defaclrole::regrole::text, defaclnamespace, defaclobjtype) FROM pg_default_acl")" \
	"postgres:-:f:postgres=X/postgres, postgres:-:n:postgres=UC/postgres reader=U/postgres, postgres:app:r:reader=ar/postgres, postgres:rpt:r:\"user-with-dash\"=r/postgres, sd_owner:-:S:writer=U/sd_owner sd_owner=rwU/sd_owner, sd_owner:-:T:sd_owner=U/sd_owner"
run "default privileges: back" 0 "$SD" apply --url "$URL" --desired "$G/current.sql" --allow-destructive
run "default privileges: back converged" 0 "$SD" diff --exit-code "$URL" "$G/current.sql"
run "default privileges: forth" 0 "$SD" apply --url "$URL" --desired "$G/desired.sql" --allow-destructive
run "default privileges: forth converged" 0 "$SD" diff --exit-code "$URL" "$G/desired.sql"
# objects created afterwards, by the connected user and by sd_owner
q "$DB" "CREATE TABLE rpt.later (id int); CREATE TABLE app.later (id int); CREATE FUNCTION app.g() RETURNS int LANGUAGE sql AS 'SELECT 1'; GRANT CREATE ON SCHEMA app TO sd_owner; SET ROLE sd_owner; CREATE SEQUENCE app.owned; CREATE TYPE app.kind AS ENUM ('a')" >/dev/null
equal "default privileges: new table in rpt" "$(q "$DB" "SELECT has_table_privilege('user-with-dash', 'rpt.later', 'SELECT'), has_table_privilege('reader', 'rpt.later', 'SELECT')")" "t|f"
equal "default privileges: new table in app" "$(q "$DB" "SELECT has_table_privilege('reader', 'app.later', 'INSERT')")" t
equal "default privileges: new function" "$(q "$DB" "SELECT has_function_privilege('reader', 'app.g()', 'EXECUTE')")" f
equal "default privileges: sd_owner's sequence" "$(q "$DB" "SELECT has_sequence_privilege('writer', 'app.owned', 'USAGE'), has_sequence_privilege('writer', 'app.owned', 'USAGE WITH GRANT OPTION')")" "t|f"
equal "default privileges: sd_owner's type" "$(q "$DB" "SELECT has_type_privilege('reader', 'app.kind', 'USAGE')")" f
# inspect -> apply -> inspect keeps them (global ones in their own file)
SRCURL=$URL
run "default privileges: inspect" 0 "$SD" inspect --url "$SRCURL" --out "$T/dinsp1"
expect_err "default privileges: inspect" "wrote"
grep -q "ALTER DEFAULT PRIVILEGES FOR ROLE sd_owner REVOKE USAGE ON TYPES FROM PUBLIC;" "$T/dinsp1/default_privileges.sql" && ok ||
	bad "default privileges: inspect: no default_privileges.sql with the global rows"
newdb
run "default privileges: apply inspected" 0 "$SD" apply --url "$URL" --desired "$T/dinsp1"
run "default privileges: inspect again" 0 "$SD" inspect --url "$URL" --out "$T/dinsp2"
if diff -r "$T/dinsp1" "$T/dinsp2" >/dev/null; then ok; else bad "default privileges: inspect -> apply -> inspect differs"; diff -r "$T/dinsp1" "$T/dinsp2" | head -n 5; fi
run "default privileges: two databases" 0 "$SD" diff --exit-code "$SRCURL" "$URL"

# --- passwords never printed ---------------------------------------------------
run "bad password" 2 "$SD" apply --url "postgres://nobody:sekret99@127.0.0.1:1/x" --desired "$T/t1.sql"
no_match "password hidden (apply)" sekret99 "$T/err"
run "bad password inspect" 2 "$SD" inspect --url "host=127.0.0.1 port=1 password=sekret99 dbname=x"
no_match "password hidden (inspect)" sekret99 "$T/err"

finish live_apply
