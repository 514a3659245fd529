/*
 * drivers/pg_introspect_inhcol.c: a partition's or inheritance child's
 * own default (pg_attrdef of the child) and NOT NULL (attnotnull) on a
 * column it inherits, where they differ from its parents': the default of
 * the first parent (inhseqno) that has the column, NOT NULL when any
 * parent has it. The model keeps only such differences (model/inhcol.c),
 * as the parser does.
 *
 * Memory: strings are copied into the catalog's arena; the caller clears
 * the result.
 */
#include "drivers/pg_introspect_inhcol.h"
#include "drivers/pg_introspect_internal.h"

#include <string.h>

#include "util/banned.h"

const char pg_sql_inh_columns[] =
	"SELECT n.nspname, c.relname, a.attname,\n"
	"  pg_get_expr(ad.adbin, ad.adrelid), a.attnotnull\n"
	"FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid\n"
	"  AND ad.adnum = a.attnum\n"
	"CROSS JOIN LATERAL (SELECT pg_get_expr(pd.adbin, pd.adrelid) AS def\n"
	"  FROM pg_inherits i JOIN pg_attribute pa\n"
	"    ON pa.attrelid = i.inhparent AND pa.attname = a.attname\n"
	"    AND NOT pa.attisdropped\n"
	"  LEFT JOIN pg_attrdef pd ON pd.adrelid = pa.attrelid\n"
	"    AND pd.adnum = pa.attnum\n"
	"  WHERE i.inhrelid = a.attrelid ORDER BY i.inhseqno LIMIT 1) p\n"
	"CROSS JOIN LATERAL (SELECT coalesce(bool_or(pa.attnotnull), false)\n"
	"    AS nn\n"
	"  FROM pg_inherits i JOIN pg_attribute pa\n"
	"    ON pa.attrelid = i.inhparent AND pa.attname = a.attname\n"
	"    AND NOT pa.attisdropped\n"
	"  WHERE i.inhrelid = a.attrelid) q\n"
	"WHERE a.attnum > 0 AND NOT a.attisdropped AND NOT a.attislocal\n"
	"  AND (pg_get_expr(ad.adbin, ad.adrelid) IS DISTINCT FROM p.def\n"
	"    OR (a.attnotnull AND NOT q.nn))\n"
	"  AND " USER_TABLE("c", "n") "\n"
	"ORDER BY c.oid, a.attnum";

int introspect_inh_column(struct catalog *cat, const PGresult *res,
			  struct sd_error *err)
{
	(void)err;
	for (int r = 0; r < PQntuples(res); r++) {
		struct sd_table *t = catalog_find(cat, SD_TABLE, val(res, r, 0),
						  val(res, r, 1));
		struct sd_column *e;

		if (!t)
			continue;
		e = table_set_inh_column(cat, t, val(res, r, 2));
		e->default_expr = dupval(cat, res, r, 3);
		e->not_null = !strcmp(val(res, r, 4), "t");
	}
	return 0;
}
