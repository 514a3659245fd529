/*
 * drivers/pg_introspect_collation.c: the user collations of a live
 * PostgreSQL database -> the catalog (struct sd_collation). One query for
 * the whole database. Skipped: pg_catalog's collations (the ones initdb
 * makes) and those that belong to extensions.
 *
 * The ICU locale is read from the row as JSON (colliculocale on
 * PostgreSQL 15 and 16, colllocale from 17 on; collcollate on 13 and 14),
 * so that one query reads every version; the ICU rules (16+) through
 * drivers/pg_catalog_queries.c. collversion is not read: it is not part of the
 * definition (model/catalog.h).
 *
 * Memory: every string kept is copied into the catalog's arena. The
 * caller clears the result. Nothing is printed.
 */
#include "drivers/pg_introspect_collation.h"
#include "drivers/pg_introspect_internal.h"

#include "util/banned.h"

const char pg_sql_collations[] =
	"SELECT n.nspname, c.collname, c.collprovider,"
	" c.collisdeterministic,\n"
	"  c.collcollate, c.collctype,\n"
	"  coalesce(to_jsonb(c) ->> 'colliculocale',"
	" to_jsonb(c) ->> 'colllocale',"
	" CASE WHEN c.collprovider = 'i' THEN c.collcollate END),\n"
	"  ds.description, {{collicurules}}\n"
	"FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace\n"
	COMMENT_JOIN("ds", "pg_collation", "c.oid", "0")
	"WHERE " USER_NS("n.nspname") "\n"
	"  AND " NOT_EXT("pg_collation", "c.oid") "\n"
	"ORDER BY n.nspname, c.collname";

int introspect_collation(struct catalog *cat, const PGresult *res,
			 struct sd_error *err)
{
	for (int r = 0; r < PQntuples(res); r++) {
		const char *schema = val(res, r, 0), *name = val(res, r, 1);
		struct sd_collation *c = catalog_add(cat, SD_COLLATION,
						     schema, name);

		if (!c)
			return sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
					    "collation \"%s.%s\" read twice",
					    schema, name);
		c->provider = charval(res, r, 2);
		c->deterministic = boolval(res, r, 3);
		if (c->provider == 'i' || c->provider == 'b') {
			/* ICU, or the builtin provider (17) */
			c->locale = dupval(cat, res, r, 6);
			c->rules = dupval(cat, res, r, 8);
		} else {
			c->lc_collate = dupval(cat, res, r, 4);
			c->lc_ctype = dupval(cat, res, r, 5);
		}
		c->base.comment = dupval(cat, res, r, 7);
		pgix_dep_schema(cat, &c->base);
	}
	return 0;
}
