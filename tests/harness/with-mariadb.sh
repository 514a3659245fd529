#!/bin/sh
# tests/harness/with-mariadb.sh CMD [ARGS...]: run CMD with a private
# MariaDB server: mariadb-install-db into a temporary folder, mariadbd on a
# free loopback port with durability off (no fsync, no doublewrite, a small
# buffer pool: the data is thrown away), export its address, run CMD, stop
# the server and remove the folder on every exit path (also when CMD fails
# or the script is interrupted). The server runs as the invoking user
# (--user=root under root, which mariadbd otherwise refuses).
#
# CMD sees: SD_TEST_MYSQL_URL (mysql://root@127.0.0.1:PORT/, no database:
# tests make their own), SD_TEST_MYSQL_HOST, SD_TEST_MYSQL_PORT,
# SD_TEST_MYSQL_SOCKET (the Unix socket), SD_TEST_MYSQL_USER=root and
# SD_TEST_MYSQL_RESTART (a script that restarts the server: a clean
# shutdown, which ends every session, then mariadbd again with the same
# options on the same port and socket; it returns once the server answers,
# exit 1 if it does not within 30 s). The exit status is CMD's. Composes
# with with-pg.sh:
#   sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh CMD
set -eu

MARIADBD=${MARIADBD:-$(command -v mariadbd 2>/dev/null || echo /usr/sbin/mariadbd)}
INSTALL_DB=${MARIADB_INSTALL_DB:-$(command -v mariadb-install-db 2>/dev/null || echo /usr/bin/mariadb-install-db)}
if [ ! -x "$MARIADBD" ] || [ ! -x "$INSTALL_DB" ]; then
	echo "with-mariadb: error: no MariaDB server found (make deps installs mariadb-server)" >&2
	exit 2
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/sd-my.XXXXXX")
pid=
cmdpid=
cleanup() {
	if [ -n "$cmdpid" ]; then
		kill "$cmdpid" 2>/dev/null || true
		wait "$cmdpid" 2>/dev/null || true
	fi
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		# a clean shutdown is quick with nothing to flush; then force
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
			sleep 0.1; i=$((i + 1))
		done
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	# a server started by the restart script is not our child
	if [ -s "$dir/mysqld.pid" ]; then
		p=$(cat "$dir/mysqld.pid")
		# still ours (not a pid the system gave to another process since)
		grep -q "$dir" "/proc/$p/cmdline" 2>/dev/null || p=
	fi
	if [ -n "${p:-}" ]; then
		kill "$p" 2>/dev/null || true
		i=0
		while [ -d "/proc/$p" ] && [ $i -lt 100 ]; do
			sleep 0.1; i=$((i + 1))
		done
		kill -9 "$p" 2>/dev/null || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

user=$(id -un)
# Options for the bootstrap and for the server alike: no option files
# (--no-defaults), nothing durable.
fast="--innodb-flush-log-at-trx-commit=0 --innodb-flush-method=nosync \
--innodb-doublewrite=0 --innodb-buffer-pool-size=32M \
--innodb-log-file-size=16M --skip-log-bin --sync-frm=0 \
--character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci"

# temporary tables in a folder of this server's, not a /tmp that other
# servers (and their cleaners) share: the bootstrap's too (two bootstraps
# side by side collided on /tmp/#sql-temptable-* and failed)
mkdir -p "$dir/tmp"
if [ "$(id -u)" = 0 ] && [ "$user" != root ]; then chown "$user" "$dir/tmp"; fi
# shellcheck disable=SC2086
"$INSTALL_DB" --no-defaults --user="$user" --datadir="$dir/data" \
	--auth-root-authentication-method=normal --skip-test-db \
	--tmpdir="$dir/tmp" \
	--skip-name-resolve $fast >"$dir/install.log" 2>&1 || {
	cat "$dir/install.log" >&2; exit 2; }
tries=0
while :; do
	port=$(free_port)
	# shellcheck disable=SC2086
	"$MARIADBD" --no-defaults --user="$user" --datadir="$dir/data" \
		--bind-address=127.0.0.1 --port="$port" \
		--socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" \
		--tmpdir="$dir/tmp" \
		--log-error="$dir/server.log" --skip-name-resolve \
		--max-connections=200 $fast \
		>/dev/null 2>&1 &
	pid=$!
	i=0
	up=
	while [ $i -lt 300 ]; do
		if [ -S "$dir/mysqld.sock" ] && mariadb --no-defaults -uroot \
			--socket="$dir/mysqld.sock" -e 'SELECT 1' >/dev/null 2>&1; then
			up=1; break
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05; i=$((i + 1))
	done
	[ -n "$up" ] && break
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	pid=
	tries=$((tries + 1))
	if [ $tries -ge 5 ]; then
		echo "with-mariadb: error: the server did not start:" >&2
		tail -n 20 "$dir/server.log" >&2
		exit 2
	fi
	rm -f "$dir/mysqld.sock"
done

# the restart script: the server's own command line, baked in; a stopped
# child of ours stays a zombie until we wait for it, so "gone" is: no
# process, or a zombie
cat >"$dir/restart" <<EOF
#!/bin/sh
set -u
gone() { [ ! -d "/proc/\$1" ] || grep -q '^[0-9]* ([^)]*) Z' "/proc/\$1/stat" 2>/dev/null; }
p=\$(cat "$dir/mysqld.pid" 2>/dev/null || true)
if [ -n "\$p" ]; then
	kill "\$p" 2>/dev/null || true
	i=0
	while ! gone "\$p" && [ \$i -lt 300 ]; do sleep 0.1; i=\$((i + 1)); done
	gone "\$p" || { kill -9 "\$p" 2>/dev/null || true; sleep 0.5; }
fi
rm -f "$dir/mysqld.sock" "$dir/mysqld.pid"
"$MARIADBD" --no-defaults --user="$user" --datadir="$dir/data" \\
	--bind-address=127.0.0.1 --port="$port" \\
	--socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" \\
	--tmpdir="$dir/tmp" \\
	--log-error="$dir/server.log" --skip-name-resolve \\
	--max-connections=200 $fast \\
	</dev/null >/dev/null 2>&1 &
i=0
while [ \$i -lt 600 ]; do
	if [ -S "$dir/mysqld.sock" ] && mariadb --no-defaults -uroot \\
		--socket="$dir/mysqld.sock" -e 'SELECT 1' >/dev/null 2>&1; then
		exit 0
	fi
	sleep 0.05; i=\$((i + 1))
done
echo "restart: error: the server did not come back:" >&2
tail -n 20 "$dir/server.log" >&2
exit 1
EOF
chmod 755 "$dir/restart"
export SD_TEST_MYSQL_RESTART="$dir/restart"
export SD_TEST_MYSQL_URL="mysql://root@127.0.0.1:$port/"
export SD_TEST_MYSQL_HOST=127.0.0.1 SD_TEST_MYSQL_PORT="$port"
export SD_TEST_MYSQL_SOCKET="$dir/mysqld.sock" SD_TEST_MYSQL_USER=root
# CMD runs in the background so that a TERM to this script stops it and
# the server at once (sh runs traps only between commands); it keeps our
# standard input.
set +e
exec 3<&0
"$@" 0<&3 3<&- &
cmdpid=$!
wait "$cmdpid"
rc=$?
cmdpid=
set -e
exit $rc
