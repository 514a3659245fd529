/*
 * tests/fuzz/fuzz_pg_load.c: PostgreSQL desired-state load (statements in
 * any order) and version-script replay of the same text. Any crash,
 * sanitizer report or leak is a finding; refusals are expected.
 */
#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "tests/fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *sql = fuzz_text(data, size);
	struct sd_error err = { 0 };
	struct catalog *cat = catalog_new(SQL_POSTGRES);

	pg_load_desired_text(cat, "fuzz.sql", sql, &err);
	catalog_free(cat);
	cat = catalog_new(SQL_POSTGRES);
	pg_replay_script(cat, "fuzz/1/revisions.sql", sql, &err);
	catalog_free(cat);
	free(sql);
	return 0;
}
