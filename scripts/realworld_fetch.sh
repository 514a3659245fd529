#!/bin/sh
# Fetch the Debian packages that tests/realworld/pg.manifest names into
# build/realworld-cache (apt-get download, then dpkg-deb -x into
# x/PACKAGE: nothing is installed). A package already unpacked is kept.
# When the archive no longer has the version the manifest names, the
# current one is taken and the difference is printed.
# Usage: scripts/realworld_fetch.sh [MANIFEST [CACHE]]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
manifest=${1:-$top/tests/realworld/pg.manifest}
cache=${2:-$top/build/realworld-cache}
mkdir -p "$cache/debs" "$cache/x"
# apt-get download writes as _apt when it can; let it
chmod 0777 "$cache/debs" 2>/dev/null || true
grep -v '^[[:space:]]*#' "$manifest" | awk 'NF >= 6 { print $3, $4 }' | sort -u |
while read -r pkg ver; do
	[ -e "$cache/x/$pkg/.done" ] && continue
	rm -f "$cache/debs/${pkg}_"*.deb
	if ! (cd "$cache/debs" && apt-get download -q "$pkg=$ver" >/dev/null 2>&1); then
		echo "realworld_fetch: $pkg $ver is no longer in the archive; taking the current version" >&2
		(cd "$cache/debs" && apt-get download -q "$pkg" >/dev/null)
	fi
	deb=$(ls "$cache/debs/${pkg}_"*.deb | head -n 1)
	rm -rf "$cache/x/$pkg"
	mkdir -p "$cache/x/$pkg"
	dpkg-deb -x "$deb" "$cache/x/$pkg"
	dpkg-deb -f "$deb" Version > "$cache/x/$pkg/.done"
done
