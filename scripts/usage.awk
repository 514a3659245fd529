# scripts/usage.awk: split the usage text that `schemadiff CMD -h` prints
# into records for the man page and completion generators (gen-man.sh,
# gen-completion.sh), one a line, fields separated by a tab:
#   S  synopsis line ("usage: " dropped from the first)
#   D  description paragraph (lines joined by spaces)
#   O  option term ("-h, --help", "--url URL")  TAB  its description
#   T  paragraph after the options (the exit codes are in one of these)
# The text's shape is the house style's: usage line(s), a blank line,
# paragraphs, a blank line, the options (a line starting "  -", its
# description after a run of two or more spaces or at the column the other
# options' descriptions start at, continued on deeper indented lines), a
# blank line, closing paragraphs.

function flush_para(kind) {
	if (para != "")
		printf "%s\t%s\n", kind, para
	para = ""
}

# The column most option lines' descriptions start at.
function desc_column(    i, line, c, best, n, cnt) {
	best = 0; n = 0
	for (i = 1; i <= nopt; i++) {
		line = opt[i]
		if (match(line, /^  -[^ ]*( [^ -][^ ]*)?(, -[^ ]*( [^ -][^ ]*)?)*  +/)) {
			c = RLENGTH + 1
			cnt[c]++
			if (cnt[c] > n) { n = cnt[c]; best = c }
		}
	}
	return best
}

function flush_options(    i, line, col, term, desc, k) {
	col = desc_column()
	k = 0
	for (i = 1; i <= nopt; i++) {
		line = opt[i]
		if (line ~ /^  -/) {
			if (k) printf "O\t%s\t%s\n", term, desc
			k = 1
			if (col > 1 && length(line) >= col && substr(line, col - 1, 1) == " " && substr(line, col, 1) != " ") {
				term = substr(line, 1, col - 1)
				desc = substr(line, col)
			} else if (match(line, /  +[^ ]/) && RSTART > 3) {
				term = substr(line, 1, RSTART - 1)
				desc = substr(line, RSTART + RLENGTH - 1)
			} else {
				term = line
				desc = ""
			}
			sub(/^ +/, "", term); sub(/ +$/, "", term)
		} else {
			sub(/^ +/, "", line)
			desc = desc (desc == "" ? "" : " ") line
		}
	}
	if (k) printf "O\t%s\t%s\n", term, desc
	nopt = 0
}

BEGIN { state = "synopsis"; para = ""; nopt = 0 }

{
	sub(/\r$/, "")
	if (state == "synopsis") {
		if ($0 == "") { state = "description"; next }
		line = $0
		sub(/^usage: /, "", line)
		sub(/^ +/, "", line)
		printf "S\t%s\n", line
		next
	}
	if (state == "description") {
		if ($0 ~ /^  -/) { flush_para("D"); state = "options"; opt[++nopt] = $0; next }
		if ($0 == "") { flush_para("D"); next }
		line = $0; sub(/^ +/, "", line)
		para = para (para == "" ? "" : " ") line
		next
	}
	if (state == "options") {
		if ($0 == "") { flush_options(); state = "trailer"; next }
		opt[++nopt] = $0
		next
	}
	if ($0 == "") { flush_para("T"); next }
	line = $0; sub(/^ +/, "", line)
	para = para (para == "" ? "" : " ") line
}

END {
	if (state == "options") flush_options()
	else if (state == "description") flush_para("D")
	else flush_para("T")
}
