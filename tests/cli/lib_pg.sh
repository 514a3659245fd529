# tests/cli/lib_pg.sh: the set-up of the command-line tests that need a
# PostgreSQL server (run under tests/harness/with-pg.sh, from the
# repository root). Set NAME (the script's name, used in messages and
# database names), then source this file. It sets SD (the binary), TOP,
# PGB (the server's bin folder), T (a temporary folder, removed at exit),
# sources tests/cli/lib.sh, and defines:
#   q DB SQL   runs SQL with psql in database DB, unaligned, tuples only
#   newdb      a fresh database sd_NAME_<n>: its name in DB, its URL in URL
SD=${SCHEMADIFF:-$(pwd)/schemadiff}
TOP=$(pwd)
if [ -z "${SD_TEST_PG_URL:-}" ] || [ -z "${SD_TEST_PG_BIN:-}" ]; then
	echo "$NAME: error: no server: run under tests/harness/with-pg.sh" >&2
	exit 2
fi
PGB=$SD_TEST_PG_BIN
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-$NAME.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
. "$TOP/tests/cli/lib.sh"

q() { "$PGB/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1; }
n=0
newdb() {
	n=$((n + 1))
	DB=sd_${NAME}_$n
	"$PGB/dropdb" --if-exists "$DB" >/dev/null 2>&1
	"$PGB/createdb" "$DB" || { echo "$NAME: createdb failed" >&2; exit 2; }
	URL="${SD_TEST_PG_URL%/*}/$DB"
}
# dropdbs: drops the databases newdb made
dropdbs() {
	i=1
	while [ "$i" -le "$n" ]; do
		"$PGB/dropdb" --if-exists "sd_${NAME}_$i" >/dev/null 2>&1
		i=$((i + 1))
	done
}
