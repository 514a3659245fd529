#!/bin/sh
# tests/cli/demo.sh: demo data (issue 16 item 4) and ignore rules (item 5)
# on real servers. A schema root "shop" whose versions carry demo files
# (version.json's "demo"): provision --demo gives a fresh database at the
# latest version with every version's demo data, read back with the
# app's own queries; demo --url on a database at version N loads exactly
# the demo data up to N, and nothing the second time; a failing demo file
# stops at FILE:LINE:COL with its version's rows rolled back; plan warns
# about a changed table that demo data fills unless the version brings a
# demo file; provision --from copies a live database's schema and loads
# the demo data; --ignore in apply leaves an ignored table alone while
# other changes apply, inspect --ignore leaves it out, diff --ignore too.
# PostgreSQL, and MariaDB when SD_TEST_MYSQL_URL is set. Run from the
# repository root:
#   SCHEMADIFF=./schemadiff sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh sh tests/cli/demo.sh

SD=${SCHEMADIFF:-$(pwd)/schemadiff}
TOP=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-demo.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
. "$TOP/tests/cli/lib.sh"

# demo_version DIR V FILE...: list FILE... under "demo" in DIR/V/version.json
demo_version() {
	dir=$1 v=$2
	shift 2
	list=
	for f in "$@"; do list="$list${list:+, }\"$f\""; done
	name=$(sed -n 's/.*"schema": "\([^"]*\)".*/\1/p' "$dir/$v/version.json")
	printf '{ "db-schema-spec": "1.1", "schema": "%s", "version": "%s", "source": ["revisions.sql"], "demo": [%s] }\n' \
		"$name" "$v" "$list" >"$dir/$v/version.json"
}

PGB=$SD_TEST_PG_BIN
pq() { "$PGB/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1; }
n=0
newpg() {
	n=$((n + 1))
	DB=sd_demo_$n
	"$PGB/dropdb" --if-exists "$DB" >/dev/null 2>&1
	"$PGB/createdb" "$DB" || { echo "demo: createdb failed" >&2; exit 2; }
	URL="${SD_TEST_PG_URL%/*}/$DB"
}

# --- PostgreSQL: a shop in three versions --------------------------------
R=$T/shop
mkroot "$R" shop 1 2 3
cat >"$R/1/revisions.sql" <<'SQL'
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
SQL
cat >"$R/1/demo.sql" <<'SQL'
INSERT INTO customers (id, name) VALUES (1, 'Ada'), (2, 'Brian');
SQL
demo_version "$R" 1 demo.sql
cat >"$R/2/revisions.sql" <<'SQL'
ALTER TABLE customers ADD COLUMN email text;
CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id), total numeric(10,2) NOT NULL);
SQL
cat >"$R/2/demo-customers.sql" <<'SQL'
UPDATE customers SET email = lower(name) || '@example.com';
SQL
cat >"$R/2/demo-orders.sql" <<'SQL'
INSERT INTO orders (id, customer_id, total) VALUES (10, 1, 5.00), (11, 1, 25.50), (12, 2, 12.00);
SQL
demo_version "$R" 2 demo-customers.sql demo-orders.sql
# version 3: no demo file; its own statements move the demo rows along
cat >"$R/3/revisions.sql" <<'SQL'
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';
UPDATE orders SET status = 'paid' WHERE total > 10;
SQL
run "validate with demo keys" 0 "$SD" validate --schema-root "$R" --fix-sum
run "validate again" 0 "$SD" validate --schema-root "$R"
# schemadiff.sum covers the demo files: an edited one is reported
cp "$R/2/demo-orders.sql" "$T/demo-orders.sql"
echo "-- edited" >>"$R/2/demo-orders.sql"
run "edited demo file" 0 "$SD" validate --schema-root "$R"
expect_err "edited demo file" "files of version 2 changed after plan wrote schemadiff.sum"
cp "$T/demo-orders.sql" "$R/2/demo-orders.sql"
run "restored demo file" 0 "$SD" validate --schema-root "$R"
no_match "restored demo file: no warning" "changed after plan" "$T/err"

# the app's own queries: who ordered what, in which state
app_orders="SELECT c.name || ':' || c.email || ':' || string_agg(o.id || '/' || o.total || '/' || o.status, ',' ORDER BY o.id) FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.name, c.email ORDER BY c.name"

newpg
run "provision --demo" 0 "$SD" provision --url "$URL" --schema-root "$R" --demo
expect_err "provision --demo" "provisioned version 3 with demo data"
expect_err "provision --demo: version 1 demo" "loaded the demo data of version 1 \(1 file, 1 statement\)"
expect_err "provision --demo: version 2 demo" "loaded the demo data of version 2 \(2 files, 2 statements\)"
equal "provision --demo: the app's orders" "$(pq "$URL" "$app_orders" | tr '\n' ' ')" \
	"Ada:ada@example.com:10/5.00/new,11/25.50/paid Brian:brian@example.com:12/12.00/paid "
equal "provision --demo: customers" "$(pq "$URL" "SELECT string_agg(id || '=' || name, ',' ORDER BY id) FROM customers")" "1=Ada,2=Brian"
equal "provision --demo: history" "$(pq "$URL" "SELECT string_agg(schema_name || '@' || version, ',' ORDER BY schema_name, version) FROM schemadiff.schemadiff_history")" "shop@1,shop@2,shop@3,shop:demo@1,shop:demo@2"
run "status after provision --demo" 0 "$SD" status --url "$URL" --schema-root "$R"
run "drift after provision --demo" 0 "$SD" drift --url "$URL" --schema-root "$R"
run "demo after provision --demo" 0 "$SD" demo --url "$URL" --schema-root "$R"
expect_err "demo after provision --demo" "no demo data to load: the database is at version 3 \(2 versions' demo data loaded before\)"

# demo --url on a database at version 1, then at 2
newpg
run "migrate --to 1" 0 "$SD" migrate --url "$URL" --schema-root "$R" --to 1
run "demo at 1" 0 "$SD" demo --url "$URL" --schema-root "$R"
expect_err "demo at 1" "loaded the demo data of version 1 \(1 file, 1 statement\); the database is at version 1"
equal "demo at 1: rows" "$(pq "$URL" "SELECT string_agg(name, ',' ORDER BY id) FROM customers")" "Ada,Brian"
equal "demo at 1: no orders table yet" "$(pq "$URL" "SELECT to_regclass('public.orders') IS NULL")" "t"
run "demo at 1 again" 0 "$SD" demo --url "$URL" --schema-root "$R"
expect_err "demo at 1 again" "no demo data to load"
equal "demo at 1 again: same rows" "$(pq "$URL" "SELECT count(*) FROM customers")" "2"
run "migrate --to 2" 0 "$SD" migrate --url "$URL" --schema-root "$R" --to 2
run "demo at 2" 0 "$SD" demo --url "$URL" --schema-root "$R"
expect_err "demo at 2" "loaded the demo data of version 2 \(2 files, 2 statements\); the database is at version 2"
equal "demo at 2: orders" "$(pq "$URL" "SELECT string_agg(id || '/' || total, ',' ORDER BY id) FROM orders")" "10/5.00,11/25.50,12/12.00"
run "demo at 2 again" 0 "$SD" demo --url "$URL" --schema-root "$R"
expect_err "demo at 2 again" "no demo data to load: the database is at version 2 \(2 versions"
equal "demo at 2 again: same rows" "$(pq "$URL" "SELECT count(*) FROM orders")" "3"
# migrate --demo: version 3 has no demo file; its UPDATE moves the rows
run "migrate --demo" 0 "$SD" migrate --url "$URL" --schema-root "$R" --demo
equal "migrate --demo: the app's orders" "$(pq "$URL" "$app_orders" | tr '\n' ' ')" \
	"Ada:ada@example.com:10/5.00/new,11/25.50/paid Brian:brian@example.com:12/12.00/paid "
# a database at no version: refused
newpg
run "demo without a version" 2 "$SD" demo --url "$URL" --schema-root "$R"
expect_err "demo without a version" "has no version of \"shop\""

# a failing demo file: FILE:LINE:COL from the server's position, the
# version's demo rows rolled back, the earlier version's kept
F=$T/shopfail
cp -r "$R" "$F"
cat >"$F/2/demo-orders.sql" <<'SQL'
INSERT INTO orders (id, customer_id, total) VALUES (20, 1, 1.00);
-- the next statement names a column that is not there
INSERT INTO orders (id, customer_id, totl)
    VALUES (21, 1, 2.00);
SQL
run "fix-sum fail" 0 "$SD" validate --schema-root "$F" --fix-sum
newpg
run "provision --demo failing" 2 "$SD" provision --url "$URL" --schema-root "$F" --demo
expect_err "provision --demo failing: place" "error: $F/2/demo-orders.sql:3:38: demo data of version 2: .*totl"
expect_err "provision --demo failing: rolled back" "demo data of version 2 was rolled back"
equal "failing: version 2's rows rolled back" "$(pq "$URL" "SELECT count(*) FROM orders")" "0"
equal "failing: emails rolled back too" "$(pq "$URL" "SELECT count(email) FROM customers")" "0"
equal "failing: version 1's demo kept" "$(pq "$URL" "SELECT count(*) FROM customers")" "2"
equal "failing: history" "$(pq "$URL" "SELECT string_agg(schema_name || '@' || version, ',' ORDER BY schema_name, version) FROM schemadiff.schemadiff_history")" "shop@1,shop@2,shop:demo@1"

# plan: a change to a table that demo data fills, without a demo file
D=$T/desired
mkdir -p "$D"
cat >"$D/shop.sql" <<'SQL'
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, email text, phone text);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id), total numeric(10,2) NOT NULL, status text NOT NULL DEFAULT 'new');
CREATE TABLE notes (id int PRIMARY KEY);
SQL
run "plan warns" 0 "$SD" plan --schema-root "$R" --desired "$D" --dry-run
expect_err "plan warns" "warning: demo data: the new version changes table public.customers, which the demo data of earlier versions fills \(1/demo.sql\), and has no demo file"
no_match "plan warns: not about notes" "table public.notes" "$T/err"
no_match "plan warns: not about orders" "table public.orders" "$T/err"
printf "UPDATE customers SET phone = '555-0100' WHERE id = 1;\n" >"$T/demo-4.sql"
run "plan with a demo file" 0 "$SD" plan --schema-root "$R" --desired "$D" --demo-file "$T/demo-4.sql"
no_match "plan with a demo file: no warning" "demo data:" "$T/err"
equal "plan with a demo file: version.json" "$(tr -d ' \n' <"$R/4/version.json" | sed -n 's/.*"demo":\[\([^]]*\)\].*/\1/p')" '"demo-4.sql"'
equal "plan with a demo file: copied" "$(cat "$R/4/demo-4.sql")" "UPDATE customers SET phone = '555-0100' WHERE id = 1;"
run "validate after plan --demo-file" 0 "$SD" validate --schema-root "$R"
newpg
run "provision --demo at 4" 0 "$SD" provision --url "$URL" --schema-root "$R" --demo
equal "provision --demo at 4: phones" "$(pq "$URL" "SELECT string_agg(name || '=' || coalesce(phone, '-'), ',' ORDER BY id) FROM customers")" "Ada=555-0100,Brian=-"
# a retyped column and a NOT NULL added warn too
sed -i 's/total numeric(10,2) NOT NULL/total numeric(12,2) NOT NULL/; s/email text,/email text NOT NULL,/' "$D/shop.sql"
run "plan warns: retype, NOT NULL" 0 "$SD" plan --schema-root "$R" --desired "$D" --dry-run
expect_err "plan warns: orders retyped" "changes table public.orders, which the demo data of earlier versions fills \(2/demo-orders.sql\)"
expect_err "plan warns: customers NOT NULL" "changes table public.customers, which the demo data of earlier versions fills \(1/demo.sql\)"
SRC=$URL

# provision --from: the schema of a live database, the root's versions up
# to the one it records, and the demo data
newpg
run "provision --from --demo" 0 "$SD" provision --url "$URL" --from "$SRC" --schema-root "$R" --demo
expect_err "provision --from --demo" "provisioned version 4 .*4 versions recorded, demo data loaded"
# the demo data goes into the latest schema: version 3's UPDATE, which
# ran before it on the --from database, does not run here
equal "provision --from: the app's orders" "$(pq "$URL" "$app_orders" | tr '\n' ' ')" \
	"Ada:ada@example.com:10/5.00/new,11/25.50/new Brian:brian@example.com:12/12.00/new "
equal "provision --from: history" "$(pq "$URL" "SELECT string_agg(schema_name || '@' || version, ',' ORDER BY schema_name, version) FROM schemadiff.schemadiff_history")" "shop@1,shop@2,shop@3,shop@4,shop:demo@1,shop:demo@2,shop:demo@4"
run "drift after provision --from" 0 "$SD" drift --url "$URL" --schema-root "$R"
# drift: an ignored table takes its index along
pq "$URL" "CREATE TABLE audit_log (id int PRIMARY KEY, what text); CREATE INDEX audit_log_what ON audit_log (what)" >/dev/null
run "drift sees the audit table" 1 "$SD" drift --url "$URL" --schema-root "$R"
run "drift --ignore: the table and its indexes" 0 "$SD" drift --url "$URL" --schema-root "$R" --ignore 'table:public.audit_*'
run "provision --from on a non-empty database" 2 "$SD" provision --url "$URL" --from "$SRC" --schema-root "$R"
expect_err "provision --from on a non-empty database" "not empty"

# --- ignore rules ---------------------------------------------------------
newpg
pq "$URL" "CREATE TABLE audit_log (id int PRIMARY KEY, what text); CREATE INDEX audit_log_what ON audit_log (what); CREATE TABLE items (id int PRIMARY KEY)" >/dev/null
A=$T/apply
mkdir -p "$A"
printf 'CREATE TABLE items (id int PRIMARY KEY, name text);\nCREATE TABLE tags (id int PRIMARY KEY);\n' >"$A/app.sql"
run "apply without --ignore would drop" 1 "$SD" apply --url "$URL" --desired "$A" --dry-run --allow-destructive
expect_out "apply without --ignore would drop" "DROP TABLE public.audit_log"
run "apply --ignore" 0 "$SD" apply --url "$URL" --desired "$A" --ignore 'table:public.audit_*'
no_match "apply --ignore: audit_log not named" "audit_log" "$T/out"
equal "apply --ignore: audit_log kept with its index" "$(pq "$URL" "SELECT count(*) FROM pg_indexes WHERE tablename = 'audit_log'")" "2"
equal "apply --ignore: other changes applied" "$(pq "$URL" "SELECT string_agg(table_name || '.' || column_name, ',' ORDER BY table_name, column_name) FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'audit_log'")" "items.id,items.name,tags.id"
run "apply --ignore again: nothing" 0 "$SD" apply --url "$URL" --desired "$A" --ignore 'table:public.audit_*' --dry-run
printf '# tables the audit tool owns\npublic.audit_*\n' >"$T/ignore.txt"
run "apply --ignore-file" 0 "$SD" apply --url "$URL" --desired "$A" --ignore-file "$T/ignore.txt" --dry-run
run "inspect --ignore" 0 "$SD" inspect --url "$URL" --ignore 'table:*.audit_log'
expect_out "inspect --ignore: items printed" "CREATE TABLE public.items"
no_match "inspect --ignore: audit_log left out, index too" "audit_log" "$T/out"
run "inspect without --ignore" 0 "$SD" inspect --url "$URL"
expect_out "inspect without --ignore: audit_log printed" "CREATE TABLE public.audit_log"
run "diff --ignore" 0 "$SD" diff --exit-code --ignore 'public.audit_log' "$URL" "$A"
run "diff without --ignore" 1 "$SD" diff --exit-code "$URL" "$A"
run "bad ignore kind" 2 "$SD" apply --url "$URL" --desired "$A" --ignore 'tabel:x'
expect_err "bad ignore kind" "error: ignore pattern \"tabel:x\": \"tabel\" is no object kind"
run "missing ignore file" 2 "$SD" inspect --url "$URL" --ignore-file "$T/none.txt"
# plan: the rules hold for the history and the desired files alike
P=$T/proot
mkroot "$P" p 1
printf 'CREATE TABLE legacy (id int);\nCREATE TABLE a (id int);\n' >"$P/1/revisions.sql"
run "fix-sum p" 0 "$SD" validate --schema-root "$P" --fix-sum
printf 'CREATE TABLE a (id int, b text);\n' >"$T/p.sql"
run "plan --ignore" 0 "$SD" plan --schema-root "$P" --desired "$T/p.sql" --ignore legacy --ignore 'public.legacy' --dry-run
expect_out "plan --ignore: the other change" "ALTER TABLE public.a ADD COLUMN b text"
no_match "plan --ignore: legacy not dropped" "legacy" "$T/out"
for i in $(seq 1 $n); do "$PGB/dropdb" --if-exists "sd_demo_$i" >/dev/null 2>&1; done

# --- MariaDB -----------------------------------------------------------------
if [ -n "$SD_TEST_MYSQL_URL" ]; then
	hp=${SD_TEST_MYSQL_URL#*@}
	hp=${hp%%/*}
	MHOST=${hp%:*}
	MPORT=${hp##*:}
	mq() { mariadb --no-defaults -h "$MHOST" -P "$MPORT" -u root --protocol=tcp -N -B ${1:+"$1"} -e "$2" 2>&1; }
	m=0
	newmy() {
		m=$((m + 1))
		MDB=sd_demo_m$m
		mq "" "DROP DATABASE IF EXISTS $MDB; CREATE DATABASE $MDB" >/dev/null
		MURL="${SD_TEST_MYSQL_URL%/*}/$MDB"
	}
	M=$T/mshop
	SYSTEM_TYPE=mariadb mkroot "$M" mshop 1 2 3
	printf 'CREATE TABLE customers (id int PRIMARY KEY, name varchar(50) NOT NULL) ENGINE=InnoDB;\n' >"$M/1/revisions.sql"
	printf "INSERT INTO customers (id, name) VALUES (1, 'Ada'), (2, 'Brian');\n" >"$M/1/demo.sql"
	demo_version "$M" 1 demo.sql
	printf 'ALTER TABLE customers ADD COLUMN email varchar(100);\nCREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, total decimal(10,2) NOT NULL, CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)) ENGINE=InnoDB;\n' >"$M/2/revisions.sql"
	printf "UPDATE customers SET email = CONCAT(LOWER(name), '@example.com');\n" >"$M/2/demo-customers.sql"
	printf "INSERT INTO orders (id, customer_id, total) VALUES (10, 1, 5.00), (11, 1, 25.50), (12, 2, 12.00);\n" >"$M/2/demo-orders.sql"
	demo_version "$M" 2 demo-customers.sql demo-orders.sql
	printf "ALTER TABLE orders ADD COLUMN status varchar(10) NOT NULL DEFAULT 'new';\nUPDATE orders SET status = 'paid' WHERE total > 10;\n" >"$M/3/revisions.sql"
	run "mariadb fix-sum" 0 "$SD" validate --schema-root "$M" --fix-sum
	my_orders="SELECT CONCAT(c.name, ':', c.email, ':', GROUP_CONCAT(CONCAT(o.id, '/', o.total, '/', o.status) ORDER BY o.id)) FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.name, c.email ORDER BY c.name"

	newmy
	run "mariadb provision --demo" 0 "$SD" provision --url "$MURL" --schema-root "$M" --demo
	equal "mariadb provision --demo: the app's orders" "$(mq "$MDB" "$my_orders" | tr '\n' ' ')" \
		"Ada:ada@example.com:10/5.00/new,11/25.50/paid Brian:brian@example.com:12/12.00/paid "
	equal "mariadb provision --demo: history" "$(mq "$MDB" "SELECT GROUP_CONCAT(CONCAT(schema_name, '@', version) ORDER BY schema_name, version) FROM schemadiff_history")" "mshop@1,mshop@2,mshop@3,mshop:demo@1,mshop:demo@2"
	run "mariadb drift after provision --demo" 0 "$SD" drift --url "$MURL" --schema-root "$M"
	SRCM=$MURL

	newmy
	run "mariadb migrate --to 1" 0 "$SD" migrate --url "$MURL" --schema-root "$M" --to 1
	run "mariadb demo at 1" 0 "$SD" demo --url "$MURL" --schema-root "$M"
	expect_err "mariadb demo at 1" "loaded the demo data of version 1 \(1 file, 1 statement\); the database is at version 1"
	equal "mariadb demo at 1: rows" "$(mq "$MDB" "SELECT GROUP_CONCAT(name ORDER BY id) FROM customers")" "Ada,Brian"
	run "mariadb demo at 1 again" 0 "$SD" demo --url "$MURL" --schema-root "$M"
	expect_err "mariadb demo at 1 again" "no demo data to load"
	equal "mariadb demo at 1 again: same rows" "$(mq "$MDB" "SELECT COUNT(*) FROM customers")" "2"

	# a failing demo file: its position, the version's InnoDB rows rolled back
	MF=$T/mshopfail
	cp -r "$M" "$MF"
	printf "INSERT INTO orders (id, customer_id, total) VALUES (20, 1, 1.00);\nINSERT INTO orders (id, customer_id, totl) VALUES (21, 1, 2.00);\n" >"$MF/2/demo-orders.sql"
	run "mariadb fix-sum fail" 0 "$SD" validate --schema-root "$MF" --fix-sum
	newmy
	run "mariadb provision --demo failing" 2 "$SD" provision --url "$MURL" --schema-root "$MF" --demo
	expect_err "mariadb failing: place" "error: $MF/2/demo-orders.sql:2:1: demo data of version 2: .*totl"
	equal "mariadb failing: version 2's rows rolled back" "$(mq "$MDB" "SELECT COUNT(*) FROM orders")" "0"
	equal "mariadb failing: emails rolled back" "$(mq "$MDB" "SELECT COUNT(email) FROM customers")" "0"
	equal "mariadb failing: version 1's demo kept" "$(mq "$MDB" "SELECT COUNT(*) FROM customers")" "2"
	# a syntax error: MariaDB's "near '...' at line N" gives the place
	printf "INSERT INTO orders (id, customer_id, total)\n  VALUES (20, 1, 1.00),\n  (21, 1 2.00);\n" >"$MF/2/demo-orders.sql"
	run "mariadb fix-sum syntax" 0 "$SD" validate --schema-root "$MF" --fix-sum
	newmy
	run "mariadb provision --demo syntax error" 2 "$SD" provision --url "$MURL" --schema-root "$MF" --demo
	expect_err "mariadb syntax error: place" "error: $MF/2/demo-orders.sql:3:10: demo data of version 2: .*syntax"

	# plan warns for a MariaDB root too
	printf "CREATE TABLE customers (id int PRIMARY KEY, name varchar(50) NOT NULL, email varchar(100), phone varchar(20)) ENGINE=InnoDB;\nCREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, total decimal(10,2) NOT NULL, status varchar(10) NOT NULL DEFAULT 'new', CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)) ENGINE=InnoDB;\n" >"$T/m.sql"
	run "mariadb plan warns" 0 "$SD" plan --schema-root "$M" --desired "$T/m.sql" --dry-run
	expect_err "mariadb plan warns" "demo data: the new version changes table customers, which the demo data of earlier versions fills \(1/demo.sql\)"

	# provision --from on MariaDB
	newmy
	run "mariadb provision --from --demo" 0 "$SD" provision --url "$MURL" --from "$SRCM" --schema-root "$M" --demo
	equal "mariadb provision --from: the app's orders" "$(mq "$MDB" "$my_orders" | tr '\n' ' ')" \
		"Ada:ada@example.com:10/5.00/new,11/25.50/new Brian:brian@example.com:12/12.00/new "

	# ignore rules on MariaDB
	newmy
	mq "$MDB" "CREATE TABLE audit_log (id int PRIMARY KEY, what text); CREATE TABLE items (id int PRIMARY KEY)" >/dev/null
	printf 'CREATE TABLE items (id int PRIMARY KEY, name varchar(20));\n' >"$T/mapp.sql"
	run "mariadb apply --ignore" 0 "$SD" apply --url "$MURL" --desired "$T/mapp.sql" --ignore 'table:audit_*'
	equal "mariadb apply --ignore: audit_log kept" "$(mq "$MDB" "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$MDB' AND table_name = 'audit_log'")" "1"
	equal "mariadb apply --ignore: items.name added" "$(mq "$MDB" "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = '$MDB' AND table_name = 'items' AND column_name = 'name'")" "1"
	run "mariadb inspect --ignore" 0 "$SD" inspect --url "$MURL" --ignore audit_log
	no_match "mariadb inspect --ignore: left out" "audit_log" "$T/out"
	expect_out "mariadb inspect --ignore: items printed" "CREATE TABLE .?items"
	for i in $(seq 1 $m); do mq "" "DROP DATABASE IF EXISTS sd_demo_m$i" >/dev/null; done
fi
finish "demo"
