#!/bin/sh
# third_party/libpg_query/fetch.sh DIR: download Debian's libpg-query-dev
# 18.1.0-2 (amd64) binary package, check its SHA256 and extract it into DIR
# (DIR/usr/include/pg_query.h, DIR/usr/lib/x86_64-linux-gnu/libpg_query.a,
# DIR/usr/include/pg_query/pg_query.proto). Does nothing when DIR is
# complete. PGQ_DEB=FILE uses a local copy of the .deb instead of the
# network (it is checked the same way). See README.md here.
set -eu

VERSION=18.1.0-2
URL=http://deb.debian.org/debian/pool/main/libp/libpg-query/libpg-query-dev_${VERSION}_amd64.deb
SHA256=a65df812eabf77e18fd1f16509f19df8a94579d2492ae78b1f8b3fc98460dddc

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 129; }
dir=$1
[ -f "$dir/.complete" ] && exit 0

case $(dpkg --print-architecture 2>/dev/null || uname -m) in
amd64|x86_64) ;;
*) echo "fetch.sh: the libpg_query 18 package used here is amd64 only; install a libpg_query >= 18 for this machine (see third_party/libpg_query/README.md)" >&2; exit 1 ;;
esac

mkdir -p "$(dirname "$dir")"
tmp=$(mktemp -d "$dir.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
deb=$tmp/libpg-query-dev.deb
if [ -n "${PGQ_DEB:-}" ]; then
	cp "$PGQ_DEB" "$deb"
else
	echo "fetch.sh: downloading $URL" >&2
	curl -fsS --retry 3 --connect-timeout 20 --max-time 300 -o "$deb" "$URL"
fi
got=$(sha256sum "$deb" | cut -d' ' -f1)
if [ "$got" != "$SHA256" ]; then
	echo "fetch.sh: SHA256 of the package is $got, expected $SHA256" >&2
	exit 1
fi
dpkg-deb -x "$deb" "$tmp/root"
for f in usr/include/pg_query.h usr/include/pg_query/pg_query.proto \
	usr/lib/x86_64-linux-gnu/libpg_query.a; do
	[ -f "$tmp/root/$f" ] || { echo "fetch.sh: $f missing from the package" >&2; exit 1; }
done
echo "$VERSION $SHA256" >"$tmp/root/.complete"
rm -rf "$dir"
mv "$tmp/root" "$dir"
