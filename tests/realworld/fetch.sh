#!/bin/sh
# tests/realworld/fetch.sh [CACHE]: download the Debian packages that
# tests/realworld/mysql.manifest names (apt-get download of the exact
# versions, from a private apt state in CACHE with the Debian suites the
# manifest uses: nothing is installed, the machine's apt lists are not
# touched) and unpack each with dpkg-deb -x into CACHE/<package>_<version>/.
# A package already unpacked is not fetched again. CACHE defaults to
# build/realworld-cache. Exit 2 when a package cannot be had.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${1:-$top/build/realworld-cache}
manifest=$top/tests/realworld/mysql.manifest
mirror=${SD_DEBIAN_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$cache/apt/lists/partial" "$cache/apt/archives/partial" "$cache/debs"
cache=$(cd "$cache" && pwd)

suites=$(awk '!/^#/ && NF >= 7 { print $3 }' "$manifest" | sort -u)
: >"$cache/apt/sources.list"
for s in $suites; do
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $s main" >>"$cache/apt/sources.list"
done
apt_opts="-o Dir::Etc::sourcelist=$cache/apt/sources.list -o Dir::Etc::sourceparts=- \
-o Dir::State::Lists=$cache/apt/lists -o Dir::Cache=$cache/apt \
-o Dir::State::status=/dev/null -o APT::Get::List-Cleanup=0 \
-o Debug::NoLocking=1 -o APT::Sandbox::User=root"

need=
awk '!/^#/ && NF >= 7 { print $4 "=" $5 "@" $3 }' "$manifest" | sort -u >"$cache/wanted"
while read -r pvs; do
	pv=${pvs%@*} p=${pvs%%=*} v=${pv#*=}
	[ -d "$cache/${p}_$v" ] || need="$need $pvs"
done <"$cache/wanted"
[ -n "$need" ] || exit 0

# shellcheck disable=SC2086
if ! apt-get $apt_opts -q update >"$cache/apt-update.log" 2>&1; then
	echo "fetch: error: apt-get update failed (see $cache/apt-update.log)" >&2
	exit 2
fi
for pvs in $need; do
	pv=${pvs%@*} suite=${pvs##*@} p=${pvs%%=*} v=${pv#*=}
	rm -f "$cache/debs/${p}_"*.deb
	# A pinned version the archive no longer has (a point release replaced
	# it): the suite's current one, said on stderr, so the case still runs
	# on the package's real file.
	# shellcheck disable=SC2086
	if ! (cd "$cache/debs" && apt-get $apt_opts -q download "$pv" >/dev/null 2>"$cache/download.log"); then
		echo "fetch: $pv is no longer in $suite; taking the suite's current version" >&2
		# shellcheck disable=SC2086
		if ! (cd "$cache/debs" && apt-get $apt_opts -q download "$p/$suite" >/dev/null 2>"$cache/download.log"); then
			echo "fetch: error: cannot download $p from $suite: $(tail -1 "$cache/download.log")" >&2
			exit 2
		fi
	fi
	deb=$(ls "$cache/debs/${p}_"*.deb | head -1)
	rm -rf "$cache/${p}_$v.tmp"
	dpkg-deb -x "$deb" "$cache/${p}_$v.tmp"
	mv "$cache/${p}_$v.tmp" "$cache/${p}_$v"
	rm -f "$deb"
	echo "fetch: $p $v"
done
