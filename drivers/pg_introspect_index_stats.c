/*
 * drivers/pg_introspect_index_stats.c: the statistics targets of index
 * columns (pg_attribute.attstattarget of an index, set by ALTER INDEX ...
 * ALTER COLUMN n SET STATISTICS), one query for the whole database, filled
 * into the indexes already read (indexes that back a constraint are not
 * objects of their own and are left out, as on the parser's side).
 *
 * Memory: strings are copied into the catalog's arena; results are
 * cleared at once.
 */
#include "drivers/pg_introspect.h"
#include "drivers/pg_introspect_internal.h"

#include "util/strbuf.h"

#include "util/banned.h"

static const char sql_index_stats[] =
	"SELECT n.nspname, c.relname, a.attnum, a.attstattarget\n"
	"FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"WHERE c.relkind IN ('i', 'I') AND a.attstattarget >= 0\n"
	"  AND " USER_NS("n.nspname") "\n"
	"ORDER BY n.nspname, c.relname, a.attnum";

int pg_introspect_index_stats(PGconn *conn, struct catalog *cat,
			      const char *history_schema, unsigned *nqueries,
			      struct sd_error *err)
{
	const char *params[1] = { history_schema };
	PGresult *res;
	int ret = 0;

	if (nqueries)
		(*nqueries)++;
	res = pg_exec_bounded(conn, sql_index_stats, 1, params);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		const char *msg = res ? PQresultErrorField(
				res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
		ret = sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
				   "cannot read index statistics: %s",
				   msg ? msg : "no answer");
		PQclear(res);
		return ret;
	}
	for (int r = 0; r < PQntuples(res); r++) {
		struct sd_index *ix = catalog_find(cat, SD_INDEX,
						   val(res, r, 0),
						   val(res, r, 1));
		int64_t k = intval(res, r, 2);

		if (!ix || k < 1 || (size_t)k > ix->nelems)
			continue;
		ix->elems[k - 1].statistics = dupval(cat, res, r, 3);
	}
	PQclear(res);
	return ret;
}
