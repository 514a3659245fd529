# tests/cli/lib_catalog.sh: a database's schema as sorted lines of text,
# for the live tests that compare a database before and after a run. Source
# it after lib.sh, with PGB set (the harness's SD_TEST_PG_BIN).
#
# catalog_schema DB: the catalogs as the server's own functions print them
# (scripts/corpus_catalog_dump.sql and tests/harness/catalog_extra.sql),
# so that the comparison runs on every version from 13 to 18; where a
# pg_dump for the server is at hand (Debian's 15 reads 13 to 15), its
# --schema-only output (without comments and SET lines) is appended. A
# query that fails prints its error, which then differs from a good run.
catalog_schema() {
	"$PGB/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$1" \
		-f "$TOP/scripts/corpus_catalog_dump.sql" \
		-f "$TOP/tests/harness/catalog_extra.sql" 2>&1 | LC_ALL=C sort
	if [ -x "$PGB/pg_dump" ]; then
		echo "-- pg_dump"
		"$PGB/pg_dump" --schema-only --no-owner --restrict-key=sdtest -N schemadiff "$1" 2>&1 |
			grep -v -e '^--' -e '^SET ' -e '^SELECT pg_catalog' -e '^\\' -e '^$'
	fi
}
