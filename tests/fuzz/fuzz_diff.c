/*
 * tests/fuzz/fuzz_diff.c: diff, emit and replay of two parsed catalogs.
 * The input is cut at the first "\n----\n" line into FROM and TO (desired
 * files); its first byte chooses the dialect (odd: MySQL). When both load,
 * they are diffed, the change set is emitted as SQL, and that SQL is
 * replayed on a fresh copy of FROM (the plan's own verification step).
 */
#include "diff/diff.h"
#include "emit/emit.h"
#include "model/catalog.h"
#include "parser/front/front.h"
#include "parser/mysql/mysql_parser.h"
#include "parser/pg/pg_parser.h"
#include "util/strbuf.h"
#include "tests/fuzz/fuzz_common.h"

static int load(enum sql_dialect d, const char *file, const char *sql,
		struct catalog **out, struct sd_error *err)
{
	*out = catalog_new(d);
	if (d == SQL_MYSQL)
		return mysql_load_desired_text(*out, file, sql, err);
	return pg_load_desired_text(*out, file, sql, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum sql_dialect d = size && (data[0] & 1) ? SQL_MYSQL : SQL_POSTGRES;
	char *text = fuzz_text(size ? data + 1 : data, size ? size - 1 : 0);
	char *parts[2];
	struct sd_error err = { 0 };
	struct catalog *from = NULL, *to = NULL, *again = NULL;
	struct changeset *cs = NULL;
	struct strbuf sql = STRBUF_INIT;

	fuzz_split(text, parts, 2);
	if (load(d, "from.sql", parts[0], &from, &err) ||
	    load(d, "to.sql", parts[1], &to, &err))
		goto out;
	if (diff_catalogs(from, to, &cs, &err))
		goto out;
	emit_changeset(cs, &sql);
	if (!load(d, "from.sql", parts[0], &again, &err))
		front_replay_script(again, "plan.sql", sql.buf, &err);
out:
	if (cs)
		changeset_free(cs);
	if (again)
		catalog_free(again);
	if (to)
		catalog_free(to);
	if (from)
		catalog_free(from);
	strbuf_release(&sql);
	free(text);
	return 0;
}
