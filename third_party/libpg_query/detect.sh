#!/bin/sh
# third_party/libpg_query/detect.sh CC: prints "system" when the compiler
# finds a pg_query.h whose PG_MAJORVERSION is 18 or more, the pg_query.proto
# beside it and a libpg_query to link; else "vendored" (the Makefile then
# uses the package fetch.sh extracts). Used by the Makefile at build time.
cc=${1:-cc}
v=$(printf '#include <pg_query.h>\nPGQ_MAJOR PG_MAJORVERSION\n' |
	"$cc" -E -P - 2>/dev/null | sed -n 's/^PGQ_MAJOR "\{0,1\}\([0-9]*\)"\{0,1\}$/\1/p')
inc=$(printf '#include <pg_query.h>\n' | "$cc" -E -H - 2>&1 >/dev/null | sed -n 's/^\. //p' | head -n 1)
proto=${inc%/pg_query.h}/pg_query/pg_query.proto
if [ -n "$v" ] && [ "$v" -ge 18 ] && [ -f "$proto" ] &&
	[ "$("$cc" -print-file-name=libpg_query.a)" != libpg_query.a ]; then
	echo "system $proto"
else
	echo vendored
fi
