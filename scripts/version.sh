#!/bin/sh
# scripts/version.sh: print schemadiff's version. In a git checkout that is
# `git describe --tags --always --dirty` (a leading "v" dropped); when no
# tag is reachable, describe gives only the commit, printed after the
# VERSION file's release as RELEASE-gCOMMIT[-dirty]. Without git (a release
# tarball, the Debian source), the VERSION file alone. Run from anywhere.
cd "$(dirname "$0")/.." || exit 1
release=$(head -n 1 VERSION 2>/dev/null | tr -d ' \t\r')
[ -n "$release" ] || release=unknown
if [ -e .git ] && d=$(git describe --tags --always --dirty 2>/dev/null) && [ -n "$d" ]; then
	if git describe --tags >/dev/null 2>&1; then
		echo "${d#v}"
	else
		echo "$release-g$d"
	fi
else
	echo "$release"
fi
