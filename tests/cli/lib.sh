# tests/cli/lib.sh: what the command-line test scripts share. Source it
# after setting T (a temporary folder for outputs). Counts passes and
# failures in $pass and $fail; finish() prints the closing line.
pass=0
fail=0
# plan proves on a throwaway server by default; the tests that want it
# say so (tests/cli/versions.sh)
SCHEMADIFF_VERIFY=off
export SCHEMADIFF_VERIFY

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run NAME EXPECTED_EXIT CMD...: runs CMD, output in $T/out and $T/err
run() {
	name=$1 want=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" = "$want" ]; then ok; else
		bad "$name: exit $got, expected $want"
		sed 's/^/    stderr: /' "$T/err" | head -n 5
	fi
}

expect_err() {
	if grep -Eq -- "$2" "$T/err"; then ok; else
		bad "$1: stderr does not match /$2/"
		sed 's/^/    stderr: /' "$T/err" | head -n 5
	fi
}

expect_out() {
	if grep -Eq -- "$2" "$T/out"; then ok; else
		bad "$1: stdout does not match /$2/"
		sed 's/^/    stdout: /' "$T/out" | head -n 5
	fi
}

no_match() {	# no_match NAME PATTERN FILE
	if grep -Eq -- "$2" "$3"; then bad "$1: /$2/ found in $3"; grep -E -- "$2" "$3" | head -n 3; else ok; fi
}

# equal NAME GOT WANT
equal() {
	if [ "$2" = "$3" ]; then ok; else bad "$1: got \"$2\", expected \"$3\""; fi
}


# mkroot DIR NAME VERSION...: a schema root (system-type $SYSTEM_TYPE,
# postgresql when unset) whose versions each hold one empty revisions.sql,
# written by the caller afterwards (DIR/V/revisions.sql).
mkroot() {
	dir=$1 name=$2
	shift 2
	rm -rf "$dir"
	mkdir -p "$dir"
	hist= last=
	for v in "$@"; do
		mkdir -p "$dir/$v"
		: >"$dir/$v/revisions.sql"
		printf '{ "db-schema-spec": "1.1", "schema": "%s", "version": "%s", "source": ["revisions.sql"] }\n' \
			"$name" "$v" >"$dir/$v/version.json"
		hist="$hist${hist:+, }\"$v\": \"$v\""
		last=$v
	done
	printf '{ "db-schema-spec": "1.1", "name": "%s", "system-type": "%s", "current-version": "%s", "version-history": { %s } }\n' \
		"$name" "${SYSTEM_TYPE:-postgresql}" "$last" "$hist" >"$dir/schema.json"
}

# finish NAME: the closing "NAME: N passed, N failed" line and the status.
finish() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" = 0 ]
}
