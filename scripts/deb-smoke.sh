#!/bin/sh
# scripts/deb-smoke.sh DEB: install the built Debian package (apt-get, which
# brings its dependencies), check that it works from the installed paths,
# then remove it again (purge), whatever happened. Checks: the binary's
# --version is the package's version; `plan` of the example the package
# ships (/usr/share/doc/schemadiff/examples/example, copied to a scratch
# folder) writes versions 4 and 5; man finds each command's page; the bash
# completion loads and completes; hardening-check (devscripts), when
# present, passes. Run as root or with sudo. Exit 0 when all pass.
set -u
DEB=$1
case $DEB in /*) ;; *) DEB=$(pwd)/$DEB ;; esac
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
T=$(mktemp -d "${TMPDIR:-/tmp}/sd-deb.XXXXXX")
fail=0
bad() { echo "deb-smoke: FAIL: $*"; fail=1; }
cleanup() {
	$SUDO dpkg --purge schemadiff >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

if dpkg-query -W -f='${Status}' schemadiff 2>/dev/null | grep -q 'ok installed'; then
	echo "deb-smoke: schemadiff is installed already; not touching it" >&2
	trap - EXIT INT TERM; rm -rf "$T"
	exit 2
fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$DEB" >"$T/install.log" 2>&1 ||
	{ cat "$T/install.log"; bad "the package does not install"; exit 1; }

SD=/usr/bin/schemadiff
[ -x "$SD" ] || bad "no $SD"
pkgver=$(dpkg-deb -f "$DEB" Version)
got=$(cd / && $SD --version)
case $got in
"schemadiff $pkgver"*) ;;
*) bad "--version says \"$got\", the package is $pkgver" ;;
esac

cp -R /usr/share/doc/schemadiff/examples/example "$T/ex" || bad "the example is not installed"
if (cd "$T" && $SD plan --schema-root ex/app --desired ex/schema >"$T/out" 2>"$T/err"); then
	[ -f "$T/ex/app/5/revisions.sql" ] || bad "plan of the example wrote no version 5"
	grep -q "ALTER TABLE" "$T/out" || bad "plan of the example printed no SQL"
else
	cat "$T/err"; bad "plan of the example failed"
fi
$SD validate --schema-root "$T/ex/app" >/dev/null 2>&1 || bad "validate after plan failed"

for cmd in "" $($SD help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'); do
	page=schemadiff${cmd:+-$cmd}
	man -w "$page" >/dev/null 2>&1 || bad "man does not find $page"
done
LC_ALL=C MANWIDTH=80 man "schemadiff-plan" 2>/dev/null | grep -q -- "--schema-root" || bad "man schemadiff-plan lacks --schema-root"

comp=$(bash -c '. /usr/share/bash-completion/completions/schemadiff; COMP_WORDS=(schemadiff pla); COMP_CWORD=1; _schemadiff; echo "${COMPREPLY[*]}"')
[ "$comp" = plan ] || bad "bash completion of \"pla\" gives \"$comp\""
[ -f /usr/share/zsh/vendor-completions/_schemadiff ] || bad "no zsh completion"

if command -v hardening-check >/dev/null 2>&1; then
	# control flow protection (-fcf-protection): the toolchain's default, not a flag
	# of ours (not required)
	hardening-check --nocfprotection "$SD" >"$T/hc" 2>&1 || { cat "$T/hc"; bad "hardening-check"; }
fi

[ "$fail" = 0 ] && echo "deb-smoke: $(basename "$DEB") installs and works"
exit "$fail"
