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
# what the build generated (scripts/version.sh when it was built)
ver=$(sed -n 's/^#define SD_VERSION_STRING "\(.*\)"$/\1/p' "$BUILD/gen/version.h")
[ -n "$ver" ] && ok || bad "no version in $BUILD/gen/version.h"
run "--version" 0 "$SD" --version
equal "--version prints the build's version" "$(cat "$T/out")" "schemadiff $ver"
run "version" 0 "$SD" version
equal "version = --version" "$(cat "$T/out")" "schemadiff $ver"
run "version extra argument" 129 "$SD" version extra
expect_err "version extra argument" "usage: schemadiff version"
# in a git checkout: git describe (RELEASE-gCOMMIT while no tag is reachable)
if git -C "$TOP" rev-parse --git-dir >/dev/null 2>&1; then
	d=$(git -C "$TOP" describe --tags --always --dirty)
	got=$(sh "$TOP/scripts/version.sh")
	case $got in
	"${d#v}"|"$(head -n 1 "$TOP/VERSION")-g$d") ok ;;
	*) bad "version.sh says $got, git describe $d" ;;
	esac
fi
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

# --- man pages ---------------------------------------------------------------
# options_of CMD: every option name the -h text lists, one a line
options_of() { "$SD" "$1" -h | grep -E '^  -' | grep -oE -- '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' | sed 's/^[ ,]*//' | sort -u; }
# render PAGE: man's text (plain ASCII) in $T/man, its warnings in $T/manwarn
render() {
	LC_ALL=C MANWIDTH=80 man -l "$1" 2>/dev/null | col -b >"$T/man"
	LC_ALL=C.UTF-8 MANROFFSEQ= MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$1" 2>&1 >/dev/null | grep . >"$T/manwarn"
}
MAN=$BUILD/man
[ -f "$MAN/schemadiff.1" ] && ok || bad "no $MAN/schemadiff.1 (run make first)"
render "$MAN/schemadiff.1"
[ -s "$T/manwarn" ] && { bad "man warns about schemadiff.1"; head -n 3 "$T/manwarn"; } || ok
for cmd in $commands; do
	grep -q "schemadiff-$cmd(1)" "$T/man" && ok || bad "schemadiff(1) does not list $cmd"
done
for cmd in $commands; do
	page=$MAN/schemadiff-$cmd.1
	if [ ! -f "$page" ]; then bad "no man page for $cmd"; continue; fi
	render "$page"
	[ -s "$T/manwarn" ] && { bad "man warns about $page"; head -n 3 "$T/manwarn"; } || ok
	nopt=0
	sed -n '/^OPTIONS$/,/^EXIT STATUS$/p' "$T/man" >"$T/options"
	for o in $(options_of "$cmd"); do
		nopt=$((nopt + 1))
		grep -qE -- "(^|[^a-z-])$o([^a-z-]|\$)" "$T/options" && ok || bad "schemadiff-$cmd(1) OPTIONS lacks $o"
	done
	[ "$nopt" -gt 0 ] && ok || bad "$cmd -h lists no options"
	summary=$("$SD" help | sed -n "s/^  $cmd  *//p")
	sed -n '/^\.SH NAME/{n;p;}' "$page" | sed 's/\\-/-/g' >"$T/name"
	equal "schemadiff-$cmd(1): NAME is the table's description" "$(cat "$T/name")" "schemadiff-$cmd - $summary"
	for sect in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT; do
		grep -q "^$sect\$" "$T/man" && ok || bad "schemadiff-$cmd(1) has no $sect"
	done
	# the section as one line: the page may wrap "129 usage" anywhere
	sed -n '/^EXIT STATUS$/,/^[A-Z]/p' "$T/man" | tr -s ' \n' '  ' | grep -q '129 usage' && ok || bad "schemadiff-$cmd(1): EXIT STATUS without 129"
done

# --- bash completion -----------------------------------------------------------
COMP=$BUILD/completion/schemadiff.bash
mkdir -p "$T/cwd/somedir"
: >"$T/cwd/somefile.sql"
# complete WORD...: what _schemadiff offers for the last word, sorted, one a line
complete_words() {
	(cd "$T/cwd" && bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _schemadiff; printf "%s\n" "${COMPREPLY[@]}"' sh "$TOP/$COMP" "$@") | grep . | LC_ALL=C sort
}
case $COMP in /*) COMP=${COMP#"$TOP/"} ;; esac
equal "complete a command" "$(complete_words schemadiff pl)" "plan"
equal "complete commands" "$(complete_words schemadiff d | tr '\n' ' ')" "demo diff drift "
equal "complete an option" "$(complete_words schemadiff plan --sch)" "--schema-root"
equal "complete a DIR argument: folders only" "$(complete_words schemadiff plan --schema-root s)" "somedir"
equal "complete a PATH argument: files" "$(complete_words schemadiff plan --desired some | tr '\n' ' ')" "somedir somefile.sql "
equal "complete a choice" "$(complete_words schemadiff drift --format j | tr '\n' ' ')" "json junit "
equal "complete help's command" "$(complete_words schemadiff help mig)" "migrate"
equal "complete diff's operands: files" "$(complete_words schemadiff diff somef)" "somefile.sql"
equal "no completion for a URL" "$(complete_words schemadiff apply --url post)" ""
# every option of every command is offered after "-"
for cmd in $commands; do
	options_of "$cmd" >"$T/want"
	complete_words schemadiff "$cmd" - >"$T/got"
	cmp -s "$T/want" "$T/got" && ok || { bad "completion of $cmd options differs from -h"; diff "$T/want" "$T/got" | head -n 5; }
done
# zsh: the file parses, names every option, and completes on a
# pseudo-terminal (tests/cli/zsh_complete.zsh)
zcomplete() {
	(cd "$T/cwd" && timeout 20 zsh -f "$TOP/tests/cli/zsh_complete.zsh" "$TOP/$BUILD/completion" "$1" 2>/dev/null)
}
if command -v zsh >/dev/null 2>&1; then
	zsh -n "$BUILD/completion/_schemadiff" && ok || bad "_schemadiff does not parse"
	equal "zsh: complete a command" "$(zcomplete "schemadiff pl")" "<<HITS plan >>"
	equal "zsh: complete an option" "$(zcomplete "schemadiff plan --sch")" "<<HITS --schema-root >>"
	equal "zsh: complete a choice" "$(zcomplete "schemadiff drift --format j")" "<<HITS json junit >>"
	equal "zsh: complete a DIR argument" "$(zcomplete "schemadiff validate --schema-root some")" "<<HITS somedir >>"
else
	bad "zsh is not installed (make deps-test installs it)"
fi
for cmd in $commands; do
	for o in $(options_of "$cmd"); do
		grep -q -- "'\*\{0,1\}$o\[" "$BUILD/completion/_schemadiff" && ok || bad "_schemadiff lacks $cmd $o"
	done
done

# --- make install / uninstall ------------------------------------------------
# what is built is installed as it is (-o: not remade, whatever the flags
# it was built with)
nomake="-o $BUILD/schemadiff -o $BUILD/man/schemadiff.1 -o $BUILD/completion/schemadiff.bash"
run "make install" 0 make --no-print-directory -C "$TOP" $nomake BUILD="$BUILD" DESTDIR="$T/root" PREFIX=/usr install
for f in bin/schemadiff share/man/man1/schemadiff.1 share/man/man1/schemadiff-plan.1 \
	share/bash-completion/completions/schemadiff share/zsh/vendor-completions/_schemadiff; do
	[ -f "$T/root/usr/$f" ] && ok || bad "make install: no /usr/$f"
done
equal "installed man pages: one per command and schemadiff(1)" \
	"$(ls "$T/root/usr/share/man/man1" | wc -l)" "$(($(echo $commands | wc -w) + 1))"
[ -x "$T/root/usr/bin/schemadiff" ] && ok || bad "make install: binary not executable"
run "make uninstall" 0 make --no-print-directory -C "$TOP" $nomake BUILD="$BUILD" DESTDIR="$T/root" PREFIX=/usr uninstall
equal "make uninstall leaves no files" "$(find "$T/root" -type f | wc -l)" 0

finish packaging
