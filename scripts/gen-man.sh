#!/bin/sh
# scripts/gen-man.sh SCHEMADIFF OUTDIR: write the man pages, schemadiff(1)
# and schemadiff-CMD(1) for every command of the table, from what the built
# binary prints: `schemadiff help` (the commands and their one-line
# descriptions: NAME) and `schemadiff CMD -h` (split by scripts/usage.awk:
# SYNOPSIS, DESCRIPTION, OPTIONS, EXIT STATUS), so that the pages cannot
# say other than -h does. ENVIRONMENT is written here, for the commands
# that take --url (and drift's report). The date is SOURCE_DATE_EPOCH's,
# else the last commit's, for reproducible pages. Exit 1 on any failure.
set -eu
SD=$1
OUT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
TAB=$(printf '\t')
say() { printf '%s\n' "$*"; }	# echo without its backslash escapes

version=$("$SD" --version | sed 's/^schemadiff //')
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
	date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
else
	date=$(cd "$HERE/.." && git log -1 --format=%cs 2>/dev/null || true)
fi

# The table: "name<TAB>description" lines.
"$SD" help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\)  *\(.*\)/\1\t\2/p' >"$OUT/.commands"
[ -s "$OUT/.commands" ] || { echo "gen-man.sh: $SD help lists no commands" >&2; exit 1; }

# Roff-escape text on stdin: backslashes, a leading . or ', and the
# hyphens of option-like words (\- is an ASCII hyphen-minus in man).
esc() {
	awk '{
		gsub(/\\/, "\\e")
		n = split($0, w, " ")
		line = ""
		for (i = 1; i <= n; i++) {
			if (w[i] ~ /^[(\[]*-/ || w[i] ~ /^[(\[]*[a-z]*\|?-/ && w[i] ~ /--/)
				gsub(/-/, "\\-", w[i])
			line = line (i > 1 ? " " : "") w[i]
		}
		if (line ~ /^[.\x27]/) line = "\\&" line
		print line
	}'
}

header() {	# header NAME-UPPER
	printf '.TH %s 1 "%s" "schemadiff %s" "schemadiff manual"\n' "$1" "$date" "$version"
	# no hyphenation: option names and exit codes stay whole words
	printf '.nh\n'
}

environment() {	# environment CMD USAGEFILE
	say ".SH ENVIRONMENT"
	if grep -q -- '--url' "$2"; then
		cat <<'ROFF'
.TP
.BR PGHOST ", " PGPORT ", " PGDATABASE ", " PGUSER ", " PGPASSWORD ", " PGSERVICE ", ..."
libpq's variables fill in what a PostgreSQL URL or connection string
leaves out; the password file (~/.pgpass) and service file apply too.
.TP
.B MYSQL_PWD
the password for a mysql:// URL that gives none.
ROFF
	fi
	if [ "$1" = drift ]; then
		cat <<'ROFF'
.TP
.B NO_COLOR
when set, the text report is not coloured on a terminal.
.TP
.B SOURCE_DATE_EPOCH
the time stamp written into the reports (seconds since 1970), for
reproducible output.
ROFF
	elif ! grep -q -- '--url' "$2"; then
		say "None specific to this command; see"
		say ".BR schemadiff (1)."
	fi
}

# --- schemadiff-CMD(1) ------------------------------------------------------
while IFS="$TAB" read -r cmd summary; do
	page="$OUT/schemadiff-$cmd.1"
	"$SD" "$cmd" -h >"$OUT/.usage"
	awk -f "$HERE/usage.awk" "$OUT/.usage" >"$OUT/.rec"
	{
		header "SCHEMADIFF\\-$(say "$cmd" | tr a-z A-Z)"
		say ".SH NAME"
		printf 'schemadiff\\-%s \\- %s\n' "$cmd" "$(say "$summary" | esc)"
		say ".SH SYNOPSIS"
		say ".nf"
		sed -n "s/^S$TAB//p" "$OUT/.rec" | esc | sed '2,$s/^/    /' | sed '1s/^schemadiff \([a-z]*\)/\\fBschemadiff \1\\fR/'
		say ".fi"
		say ".SH DESCRIPTION"
		first=1
		# the paragraphs, then what the closing ones say before "Exit:"
		{ sed -n "s/^D$TAB//p" "$OUT/.rec"; sed -n "s/^T$TAB//p" "$OUT/.rec" | sed 's/ *Exit:.*//' | grep . || true; } |
		while IFS= read -r p; do
			[ $first = 1 ] || say ".PP"
			first=0
			say "$p" | fold -s -w 72 | sed 's/ *$//' | esc
		done
		say ".SH OPTIONS"
		sed -n "s/^O$TAB//p" "$OUT/.rec" | while IFS="$TAB" read -r term desc; do
			say ".TP"
			# names bold, metavariables italic
			say "$term" | esc | sed -e 's/\(\\-[a-zA-Z\\-]*\)/\\fB\1\\fR/g' \
				-e 's/ \([A-Z][A-Z_]*\(\.\.\.\)\{0,1\}\)/ \\fI\1\\fR/g'
			say "$desc" | fold -s -w 72 | sed 's/ *$//' | esc
		done
		say ".SH EXIT STATUS"
		sed -n "s/^T$TAB//p" "$OUT/.rec" | sed -n 's/.*Exit: *//p' | fold -s -w 72 | sed 's/ *$//' | esc
		environment "$cmd" "$OUT/.usage"
		say ".SH SEE ALSO"
		say ".BR schemadiff (1)"
	} >"$page.tmp"
	grep -q '^\.SH EXIT STATUS$' "$page.tmp"
	mv "$page.tmp" "$page"
done <"$OUT/.commands"

# --- schemadiff(1) ---------------------------------------------------------
{
	header SCHEMADIFF
	say ".SH NAME"
	say "schemadiff \\- desired-state database schemas for PostgreSQL and MySQL/MariaDB"
	say ".SH SYNOPSIS"
	say ".nf"
	"$SD" help | sed -n 's/^usage: //p' | esc | sed 's/^schemadiff/\\fBschemadiff\\fR/'
	say "\\fBschemadiff\\fR \\-\\-version"
	say "\\fBschemadiff\\fR help [\\fICOMMAND\\fR]"
	say ".fi"
	say ".SH DESCRIPTION"
	cat <<'ROFF'
schemadiff compares a desired schema, written as SQL files, with a schema
root (versions of SQL in folders, db\-schema\-spec 1.1) or a live database,
writes the versions that reach it, applies them, and checks databases for
drift. Each command has its own page and its own
.B \-h
text, from which the page is made.
ROFF
	"$SD" help | sed -n '/^commands:/,/^$/!{/^$/!p}' | sed '1d' | esc | sed 's/^/.PP\n/'
	say ".SH COMMANDS"
	while IFS="$TAB" read -r cmd summary; do
		say ".TP"
		say ".BR schemadiff\\-$cmd (1)"
		say "$summary" | esc
	done <"$OUT/.commands"
	cat <<'ROFF'
.SH EXIT STATUS
.TP
.B 0
done; no differences
.TP
.B 1
differences or drift found (diff \-\-exit\-code, drift)
.TP
.B 2
an error: bad input (reported as FILE:LINE:COL), a failed connection or
statement; nothing half\-written
.TP
.B 129
a usage error
.SH ENVIRONMENT
.TP
.BR PGHOST ", " PGPORT ", " PGDATABASE ", " PGUSER ", " PGPASSWORD ", " PGSERVICE ", ..."
libpq's variables, for PostgreSQL URLs and connection strings.
.TP
.B MYSQL_PWD
the password for a mysql:// URL that gives none.
.TP
.B NO_COLOR
no colours in drift's text report.
.TP
.B SOURCE_DATE_EPOCH
the time stamp in drift's reports.
.TP
.B SCHEMADIFF_STATS
when set (not 0), the live commands print timings and counts to standard
error.
.TP
.B SCHEMADIFF_ARENA_MALLOC
when set (not 0), every allocation is a malloc of its own, for valgrind.
.SH SEE ALSO
ROFF
	sep=
	while IFS="$TAB" read -r cmd summary; do
		[ -z "$sep" ] || say "$sep"
		printf '.BR schemadiff\\-%s (1)' "$cmd"
		sep=,
	done <"$OUT/.commands"
	echo
} >"$OUT/schemadiff.1.tmp"
mv "$OUT/schemadiff.1.tmp" "$OUT/schemadiff.1"
rm -f "$OUT/.commands" "$OUT/.usage" "$OUT/.rec"
