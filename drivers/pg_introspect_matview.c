/*
 * drivers/pg_introspect_matview.c: materialized views from pg_class
 * (relkind 'm'), their query as pg_get_viewdef(oid, true) prints it
 * (trimmed, without the final ';', as views), their storage parameters
 * (reloptions, as tables) and their comments. Whether
 * they hold data (relispopulated) is not read: WITH [NO] DATA is not part
 * of the schema.
 *
 * Memory: strings are copied into the catalog's arena; the caller clears
 * the result.
 */
#include "drivers/pg_introspect_matview.h"
#include "drivers/pg_introspect_internal.h"

#include <string.h>

#include "util/banned.h"

const char pg_sql_matviews[] =
	"SELECT n.nspname, c.relname, pg_get_viewdef(c.oid, true),\n"
	"  ds.description, c.reloptions\n"
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	COMMENT_JOIN("ds", "pg_class", "c.oid", "0")
	"WHERE c.relkind = 'm' AND " USER_NS("n.nspname") "\n"
	"  AND " NOT_EXT("pg_class", "c.oid") "\n"
	"ORDER BY 1, 2";

int introspect_matview(struct catalog *cat, const PGresult *res,
		       struct sd_error *err)
{
	for (int r = 0; r < PQntuples(res); r++) {
		const char *schema = val(res, r, 0), *name = val(res, r, 1);
		struct sd_matview *mv = catalog_add(cat, SD_MATVIEW, schema,
						    name);
		if (!mv)
			return sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
					    "materialized view \"%s.%s\" read "
					    "twice", schema, name);
		mv->query = pgix_view_query(cat, val(res, r, 2));
		mv->reads.known = true;	/* pg_introspect.c, view columns */
		mv->base.comment = dupval(cat, res, r, 3);
		if (!PQgetisnull(res, r, 4))
			mv->reloptions = pgix_text_array(cat, val(res, r, 4),
							 &mv->nreloptions);
		pgix_dep_schema(cat, &mv->base);
	}
	return 0;
}
