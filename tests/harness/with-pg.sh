#!/bin/sh
# tests/harness/with-pg.sh CMD [ARGS...]: run CMD with a private PostgreSQL
# server: initdb into a temporary folder (fsync off), start on a free
# loopback port, export its address, run CMD, stop the server and remove the
# folder on every exit path (also when CMD fails or the script is
# interrupted). PostgreSQL refuses to run as root: as root, the server runs
# as the `postgres` user through runuser.
#
# CMD sees: PGHOST (the socket folder), PGPORT, PGUSER=postgres,
# PGDATABASE=postgres, SD_TEST_PG_URL (a postgres:// URL over TCP),
# SD_TEST_PG_BIN (the server's bin folder), SD_TEST_PG_DATA (its data
# folder) and SD_TEST_PG_RESTART (a script that restarts the server: a fast
# shutdown, which ends every session, then a start with the same options on
# the same port and socket; it returns once the server answers). The exit
# status is CMD's.
set -eu

# The server: PGBIN (a bin folder) if set; else SD_PG_VERSION (a major
# version of the matrix: 15 is Debian's, the others come from make
# pg-versions, see scripts/pg-versions.sh); else Debian's newest.
# SD_PG_MAX_LOCKS: its max_locks_per_transaction (default 1024; make bench
# raises it past 5,000 tables: a version that creates 20,000 tables with
# their indexes, sequences and TOAST tables holds some 200,000 locks).
if [ -z "${PGBIN:-}" ] && [ -n "${SD_PG_VERSION:-}" ]; then
	PGBIN=$(sh "$(dirname "$0")/../../scripts/pg-versions.sh" bin "$SD_PG_VERSION") || exit 2
fi
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
	echo "with-pg: error: no PostgreSQL server found (make deps installs postgresql)" >&2
	exit 2
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/sd-pg.XXXXXX")
as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
	as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

as_pg "$PGBIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
	cat "$dir/initdb.log" >&2; exit 2; }
tries=0
while :; do
	port=$(free_port)
	if as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
		-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100 -c max_locks_per_transaction=${SD_PG_MAX_LOCKS:-1024}" \
		start >/dev/null 2>&1; then
		break
	fi
	tries=$((tries + 1))
	if [ $tries -ge 5 ]; then
		echo "with-pg: error: the server did not start:" >&2
		tail -n 20 "$dir/server.log" >&2
		exit 2
	fi
done

export PGHOST="$dir" PGPORT="$port" PGUSER=postgres PGDATABASE=postgres
export SD_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
export SD_TEST_PG_BIN="$PGBIN"
# A server without client programs (the version matrix: initdb, pg_ctl and
# postgres only): SD_TEST_PG_BIN is a folder of links to its programs and
# to Debian's clients (psql 15 talks to 13-18; pg_dump 15 refuses newer
# servers, so it is linked for 13-15 only)
if [ ! -x "$PGBIN/psql" ]; then
	client=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	major=$("$PGBIN/postgres" --version | sed 's/.* \([0-9][0-9]*\)\..*/\1/')
	mkdir "$dir/bin"
	for p in "$PGBIN"/* "$client"/*; do
		n=$(basename "$p")
		[ -e "$dir/bin/$n" ] && continue
		if [ "$n" = pg_dump ] || [ "$n" = pg_dumpall ] || [ "$n" = pg_restore ]; then
			[ "$major" -le "$(basename "$(dirname "$client")")" ] || continue
		fi
		ln -s "$p" "$dir/bin/$n"
	done
	export SD_TEST_PG_BIN="$dir/bin"
fi
# the restart script: pg_ctl restart reuses the options of the last start
# (postmaster.opts)
{
	echo '#!/bin/sh'
	echo 'set -eu'
	if [ "$(id -u)" = 0 ]; then
		printf 'exec runuser -u postgres -- "%s/pg_ctl" -D "%s/data" -l "%s/server.log" -m fast -w -t 30 restart >/dev/null\n' "$PGBIN" "$dir" "$dir"
	else
		printf 'exec "%s/pg_ctl" -D "%s/data" -l "%s/server.log" -m fast -w -t 30 restart >/dev/null\n' "$PGBIN" "$dir" "$dir"
	fi
} >"$dir/restart"
chmod 755 "$dir/restart"
export SD_TEST_PG_DATA="$dir/data" SD_TEST_PG_RESTART="$dir/restart"
set +e
"$@"
rc=$?
set -e
exit $rc
