/*
 * tests/fuzz/fuzz_mysql_load.c: MySQL desired-state load, script replay
 * and statement splitting of the same text.
 */
#include "model/catalog.h"
#include "parser/mysql/mysql_parser.h"
#include "parser/pg/pg_split.h"
#include "tests/fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *sql = fuzz_text(data, size);
	struct sd_error err = { 0 };
	struct catalog *cat = catalog_new(SQL_MYSQL);
	struct pg_script script;

	memset(&script, 0, sizeof(script));

	mysql_load_desired_text(cat, "fuzz.sql", sql, &err);
	catalog_free(cat);
	cat = catalog_new(SQL_MYSQL);
	mysql_replay_script(cat, "fuzz/1/revisions.sql", sql, &err);
	catalog_free(cat);
	mysql_split("fuzz.sql", sql, &script, &err);
	pg_script_release(&script);
	free(sql);
	return 0;
}
