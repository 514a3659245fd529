/*
 * drivers/pg_introspect_viewcol.c: column comments of views ('v'),
 * materialized views ('m') and composite types ('c'), and view column
 * defaults as pg_get_expr() prints them. Rows of relations the catalog
 * does not hold (in an extension, filtered out) are skipped.
 *
 * Memory: strings are copied into the catalog's arena; the caller clears
 * the result.
 */
#include "drivers/pg_introspect_viewcol.h"
#include "drivers/pg_introspect_internal.h"

#include <string.h>

#include "util/banned.h"

const char pg_sql_viewcols[] =
	"SELECT n.nspname, coalesce(t.typname, c.relname), c.relkind,\n"
	"  a.attname, ds.description, pg_get_expr(ad.adbin, ad.adrelid)\n"
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0\n"
	"  AND NOT a.attisdropped\n"
	"LEFT JOIN pg_type t ON c.relkind = 'c' AND t.oid = c.reltype\n"
	"LEFT JOIN pg_attrdef ad ON c.relkind = 'v' AND ad.adrelid = c.oid\n"
	"  AND ad.adnum = a.attnum\n"
	COMMENT_JOIN("ds", "pg_class", "c.oid", "a.attnum")
	"WHERE c.relkind IN ('v', 'm', 'c') AND " USER_NS("n.nspname") "\n"
	"  AND (ds.description IS NOT NULL OR ad.oid IS NOT NULL)\n"
	"ORDER BY 1, 2, a.attnum";

int introspect_viewcol(struct catalog *cat, const PGresult *res,
		       struct sd_error *err)
{
	(void)err;
	for (int r = 0; r < PQntuples(res); r++) {
		const char *schema = val(res, r, 0), *name = val(res, r, 1);
		const char *kind = val(res, r, 2), *col = val(res, r, 3);
		struct sd_column *c;

		if (kind[0] == 'c') {
			struct sd_type *t = catalog_find(cat, SD_TYPE, schema,
							 name);
			if (!t || t->typtype != SD_TYPTYPE_COMPOSITE ||
			    !(c = type_find_attr(t, col)))
				continue;
			c->comment = dupval(cat, res, r, 4);
			continue;
		}
		{
			struct sd_object *o = catalog_find(
				cat, kind[0] == 'v' ? SD_VIEW : SD_MATVIEW,
				schema, name);
			if (!o)
				continue;
			c = viewcols_get(cat, object_viewcols(o), col);
		}
		c->comment = dupval(cat, res, r, 4);
		c->default_expr = dupval(cat, res, r, 5);
	}
	return 0;
}
