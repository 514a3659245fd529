/*
 * drivers/pg_introspect_matview.c: materialized views from pg_class
 * (relkind 'm'), their query as pg_get_viewdef(oid, true) prints it
 * (trimmed, without the final ';', as views), and their comments. Whether
 * they hold data (relispopulated) is not read: WITH [NO] DATA is not part
 * of the schema.
 *
 * Memory: strings are copied into the catalog's arena; the caller clears
 * the result.
 */
#include "drivers/pg_introspect_matview.h"

#include <string.h>

#include "util/banned.h"

const char pg_sql_matviews[] =
	"SELECT n.nspname, c.relname, pg_get_viewdef(c.oid, true),\n"
	"  ds.description\n"
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"LEFT JOIN pg_description ds ON ds.objoid = c.oid\n"
	"  AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0\n"
	"WHERE c.relkind = 'm' AND n.nspname NOT LIKE 'pg\\_%'\n"
	"  AND n.nspname <> 'information_schema' AND n.nspname <> $1\n"
	"  AND NOT EXISTS (SELECT 1 FROM pg_depend xdep\n"
	"    WHERE xdep.classid = 'pg_class'::regclass\n"
	"      AND xdep.objid = c.oid AND xdep.deptype = 'e')\n"
	"ORDER BY 1, 2";

static const char *val(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/* The query without surrounding white space and the final ';'. */
static const char *trim_query(struct catalog *cat, const char *def)
{
	size_t start = 0, end;

	if (!def)
		return NULL;
	end = strlen(def);
	while (start < end && strchr(" \t\r\n", def[start]))
		start++;
	while (end > start && strchr(" \t\r\n;", def[end - 1]))
		end--;
	return arena_strndup(&cat->arena, def + start, end - start);
}

int introspect_matview(struct catalog *cat, const PGresult *res,
		       struct sd_error *err)
{
	struct strbuf key = STRBUF_INIT;

	for (int r = 0; r < PQntuples(res); r++) {
		const char *schema = val(res, r, 0), *name = val(res, r, 1);
		struct sd_matview *mv = catalog_add(cat, SD_MATVIEW, schema,
						    name);
		if (!mv) {
			strbuf_release(&key);
			return sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
					    "materialized view \"%s.%s\" read "
					    "twice", schema, name);
		}
		mv->query = trim_query(cat, val(res, r, 2));
		mv->base.comment = catalog_strdup(cat, val(res, r, 3));
		if (catalog_find(cat, SD_SCHEMA, NULL, schema)) {
			strbuf_reset(&key);
			sd_key_format(&key, SD_SCHEMA, NULL, schema);
			catalog_add_dep(cat, &mv->base, key.buf);
		}
	}
	strbuf_release(&key);
	return 0;
}
