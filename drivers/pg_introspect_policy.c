/*
 * drivers/pg_introspect_policy.c: policies (pg_policy), the row level
 * security flags and storage parameters of tables (pg_class), storage
 * parameters of indexes, and identity sequence options (pg_sequence of the
 * sequence an identity column owns). One query each for the whole
 * database.
 *
 * Canonical form: reloptions as pg_class holds them ("name=value", in its
 * order); policy roles sorted, "public" for PUBLIC; USING and WITH CHECK as
 * pg_get_expr() prints them.
 *
 * Memory: every string kept is copied into the catalog's arena; the caller
 * clears the results. Nothing is printed.
 */
#include "drivers/pg_introspect_policy.h"
#include "drivers/pg_introspect_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

#include "util/banned.h"

static int cmp_str(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* --- identity columns --- */

const char pg_sql_identities[] =
	"SELECT n.nspname, c.relname, a.attname, s.relname,\n"
	"  q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache,\n"
	"  q.seqcycle\n"
	"FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass\n"
	"  AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum\n"
	"  AND d.classid = 'pg_class'::regclass AND d.deptype = 'i'\n"
	"JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'\n"
	"JOIN pg_sequence q ON q.seqrelid = s.oid\n"
	"WHERE a.attidentity <> '' AND NOT a.attisdropped AND "
	USER_TABLE("c", "n") "\n"
	"ORDER BY c.oid, a.attnum";

int introspect_identity(struct catalog *cat, const PGresult *res,
			struct sd_error *err)
{
	(void)err;
	for (int r = 0; r < PQntuples(res); r++) {
		struct sd_table *t = catalog_find(cat, SD_TABLE, val(res, r, 0),
						  val(res, r, 1));
		struct sd_column *col = t ? table_find_column(t, val(res, r, 2))
					  : NULL;
		if (!col)
			continue;
		col->id_seqname = catalog_strdup(cat, val(res, r, 3));
		col->id_start = intval(res, r, 4);
		col->id_increment = intval(res, r, 5);
		col->id_minvalue = intval(res, r, 6);
		col->id_maxvalue = intval(res, r, 7);
		col->id_cache = intval(res, r, 8);
		col->id_cycle = boolval(res, r, 9);
	}
	return 0;
}

/* --- tables: storage parameters and row level security --- */

const char pg_sql_table_options[] =
	"SELECT n.nspname, c.relname, c.reloptions, c.relrowsecurity,\n"
	"  c.relforcerowsecurity\n"
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"WHERE (c.reloptions IS NOT NULL OR c.relrowsecurity\n"
	"    OR c.relforcerowsecurity) AND " USER_TABLE("c", "n") "\n"
	"ORDER BY c.oid";

int introspect_table_options(struct catalog *cat, const PGresult *res,
			     struct sd_error *err)
{
	(void)err;
	for (int r = 0; r < PQntuples(res); r++) {
		struct sd_table *t = catalog_find(cat, SD_TABLE, val(res, r, 0),
						  val(res, r, 1));
		if (!t)
			continue;
		t->reloptions = pgix_text_array(cat, val(res, r, 2),
						&t->nreloptions);
		t->rls_enabled = boolval(res, r, 3);
		t->rls_forced = boolval(res, r, 4);
	}
	return 0;
}

/* --- indexes: storage parameters --- */

const char pg_sql_index_options[] =
	"SELECT n.nspname, ic.relname, ic.reloptions\n"
	"FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid\n"
	"JOIN pg_namespace n ON n.oid = ic.relnamespace\n"
	"WHERE ic.reloptions IS NOT NULL AND " USER_NS("n.nspname") "\n"
	"  AND " NOT_EXT("pg_class", "ic.oid") "\n"
	"ORDER BY ic.oid";

int introspect_index_options(struct catalog *cat, const PGresult *res,
			     struct sd_error *err)
{
	(void)err;
	for (int r = 0; r < PQntuples(res); r++) {
		struct sd_index *ix = catalog_find(cat, SD_INDEX,
						   val(res, r, 0),
						   val(res, r, 1));
		if (ix)
			ix->reloptions = pgix_text_array(cat, val(res, r, 2),
							 &ix->nreloptions);
	}
	return 0;
}

/* --- policies --- */

const char pg_sql_policies[] =
	"SELECT n.nspname, c.relname, p.polname, p.polpermissive,\n"
	"  p.polcmd,\n"
	"  ARRAY(SELECT CASE WHEN u.oid = 0 THEN 'public'\n"
	"    ELSE rl.rolname END FROM unnest(p.polroles) u(oid)\n"
	"    LEFT JOIN pg_roles rl ON rl.oid = u.oid),\n"
	"  pg_get_expr(p.polqual, p.polrelid),\n"
	"  pg_get_expr(p.polwithcheck, p.polrelid), ds.description\n"
	"FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"LEFT JOIN pg_description ds ON ds.objoid = p.oid\n"
	"  AND ds.classoid = 'pg_policy'::regclass AND ds.objsubid = 0\n"
	"WHERE " USER_TABLE("c", "n") "\n"
	"ORDER BY c.oid, p.polname";

int introspect_policy(struct catalog *cat, const PGresult *res,
		      struct sd_error *err)
{
	struct strbuf name = STRBUF_INIT;
	int ret = 0;

	for (int r = 0; r < PQntuples(res) && !ret; r++) {
		const char *schema = val(res, r, 0), *table = val(res, r, 1);
		struct sd_table *t = catalog_find(cat, SD_TABLE, schema, table);
		struct sd_policy *p;
		const char *cmd = val(res, r, 4);

		if (!t)
			continue;
		strbuf_reset(&name);
		strbuf_addf(&name, "%s.%s", table, val(res, r, 2));
		p = catalog_add(cat, SD_POLICY, schema, name.buf);
		if (!p) {
			ret = sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
					   "policy \"%s\" on \"%s.%s\" read "
					   "twice", val(res, r, 2), schema,
					   table);
			break;
		}
		catalog_add_dep(cat, &p->base, t->base.key);
		p->table = t->base.name;
		p->polname = catalog_strdup(cat, val(res, r, 2));
		p->restrictive = !boolval(res, r, 3);
		p->command = cmd && *cmd ? cmd[0] : SD_POLCMD_ALL;
		p->roles = pgix_text_array(cat, val(res, r, 5), &p->nroles);
		if (p->nroles)
			qsort(p->roles, p->nroles, sizeof(*p->roles), cmp_str);
		p->using_expr = catalog_strdup(cat, val(res, r, 6));
		p->check_expr = catalog_strdup(cat, val(res, r, 7));
		p->base.comment = catalog_strdup(cat, val(res, r, 8));
	}
	strbuf_release(&name);
	return ret;
}
