/*
 * drivers/pg_introspect_function.c: functions, procedures and triggers of a
 * live PostgreSQL database -> the catalog. One query per kind for the whole
 * database, run by drivers/pg_introspect.c inside its read-only
 * transaction with search_path = '' (so that pg_get_functiondef() and
 * pg_get_triggerdef() qualify every user object).
 *
 * Canonical form (model/catalog.h): a function's definition is
 * pg_get_functiondef() less its trailing white space, its arguments
 * pg_get_function_arguments(), its result pg_get_function_result(); a
 * trigger's definition is pg_get_triggerdef(). Aggregates and window
 * functions are not read yet.
 *
 * Memory: every string kept is copied into the catalog's arena. The
 * caller clears the results. Nothing is printed.
 */
#include "drivers/pg_introspect_function.h"
#include "drivers/pg_introspect_internal.h"

#include <string.h>

#include "util/strbuf.h"

#include "util/banned.h"

/* Text without trailing white space, in the arena. */
static const char *trimmed(struct catalog *cat, const char *s)
{
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	return arena_strndup(&cat->arena, s, n);
}

/* "name(types)": a function's name in the catalog. */
static void function_name(struct strbuf *out, const char *name,
			  const char *types)
{
	strbuf_reset(out);
	strbuf_addf(out, "%s(%s)", name, types ? types : "");
}

/* --- functions and procedures --- */

const char pg_sql_functions[] =
	"SELECT n.nspname, p.proname, p.prokind = 'p',\n"
	"  oidvectortypes(p.proargtypes), pg_get_function_arguments(p.oid),\n"
	"  pg_get_function_result(p.oid), pg_get_functiondef(p.oid),\n"
	"  ds.description\n"
	"FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace\n"
	COMMENT_JOIN("ds", "pg_proc", "p.oid", "0")
	"WHERE p.prokind IN ('f', 'p') AND " USER_NS("n.nspname") "\n"
	"  AND " NOT_EXT("pg_proc", "p.oid") "\n"
	/* not the constructors of range and multirange types (part of
	 * the type: drivers/pg_introspect_type.c) */
	"  AND NOT EXISTS (SELECT 1 FROM pg_depend idep WHERE idep.classid ="
	" 'pg_proc'::regclass AND idep.objid = p.oid AND idep.deptype = 'i')\n"
	"ORDER BY n.nspname, p.proname, 4";

int introspect_function(struct catalog *cat, const PGresult *res,
			struct sd_error *err)
{
	struct strbuf name = STRBUF_INIT;
	int ret = 0;

	for (int r = 0; r < PQntuples(res); r++) {
		const char *schema = val(res, r, 0);
		struct sd_function *f;

		function_name(&name, val(res, r, 1), val(res, r, 3));
		f = catalog_add(cat, SD_FUNCTION, schema, name.buf);
		if (!f) {
			ret = sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
					   "function \"%s.%s\" read twice",
					   schema, name.buf);
			break;
		}
		f->fname = catalog_strdup(cat, val(res, r, 1));
		f->is_procedure = boolval(res, r, 2);
		f->identity_args = catalog_strdup(cat, val(res, r, 3));
		f->args = catalog_strdup(cat, val(res, r, 4));
		f->result = f->is_procedure ? NULL
					    : catalog_strdup(cat, val(res, r, 5));
		f->definition = trimmed(cat, val(res, r, 6));
		f->base.comment = catalog_strdup(cat, val(res, r, 7));
		pgix_dep_schema(cat, &f->base);
	}
	strbuf_release(&name);
	return ret;
}

/* --- the user types of a signature, and what a SQL-standard body
 * (RETURN, BEGIN ATOMIC) reads: the server binds it at creation --- */

const char pg_sql_function_deps[] =
	"SELECT DISTINCT n.nspname, p.proname, oidvectortypes(p.proargtypes),\n"
	"  't', tn.nspname, coalesce(et.typname, t.typname)\n"
	"FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid\n"
	"JOIN pg_namespace n ON n.oid = p.pronamespace\n"
	"JOIN pg_type t ON t.oid = d.refobjid\n"
	"LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'\n"
	"JOIN pg_namespace tn ON tn.oid = coalesce(et.typnamespace,\n"
	"  t.typnamespace)\n"
	"WHERE d.classid = 'pg_proc'::regclass\n"
	"  AND d.refclassid = 'pg_type'::regclass AND d.deptype = 'n'\n"
	"  AND p.prokind IN ('f', 'p') AND " USER_NS("n.nspname") "\n"
	"  AND " USER_NS("tn.nspname") "\n"
	"UNION\n"
	"SELECT n.nspname, p.proname, oidvectortypes(p.proargtypes),\n"
	"  'r', cn.nspname, c.relname\n"
	"FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid\n"
	"JOIN pg_namespace n ON n.oid = p.pronamespace\n"
	"JOIN pg_class c ON c.oid = d.refobjid\n"
	"JOIN pg_namespace cn ON cn.oid = c.relnamespace\n"
	"WHERE d.classid = 'pg_proc'::regclass\n"
	"  AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'n'\n"
	"  AND p.prokind IN ('f', 'p') AND " USER_NS("n.nspname") "\n"
	"  AND " USER_NS("cn.nspname") "\n"
	"UNION\n"
	/* a SQL-standard body calling another function */
	"SELECT n.nspname, p.proname, oidvectortypes(p.proargtypes),\n"
	"  'f', fn.nspname, f.proname || '(' ||\n"
	"  oidvectortypes(f.proargtypes) || ')'\n"
	"FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid\n"
	"JOIN pg_namespace n ON n.oid = p.pronamespace\n"
	"JOIN pg_proc f ON f.oid = d.refobjid\n"
	"JOIN pg_namespace fn ON fn.oid = f.pronamespace\n"
	"WHERE d.classid = 'pg_proc'::regclass\n"
	"  AND d.refclassid = 'pg_proc'::regclass AND d.deptype = 'n'\n"
	"  AND p.prokind IN ('f', 'p') AND " USER_NS("n.nspname") "\n"
	"  AND " USER_NS("fn.nspname") "\n"
	"ORDER BY 1, 2, 3, 4, 5, 6";

const char pg_sql_function_reads[] =
	"SELECT DISTINCT n.nspname, p.proname, oidvectortypes(p.proargtypes),\n"
	"  a.attname\n"
	"FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace\n"
	"LEFT JOIN pg_depend d ON d.classid = 'pg_proc'::regclass\n"
	"  AND d.objid = p.oid AND d.deptype = 'n'\n"
	"  AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0\n"
	"LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid\n"
	"  AND a.attnum = d.refobjsubid\n"
	"WHERE {{prosqlbody}} IS NOT NULL AND p.prokind IN ('f', 'p')\n"
	"  AND " USER_NS("n.nspname") "\n"
	"ORDER BY 1, 2, 3, 4";

int introspect_function_reads(struct catalog *cat, const PGresult *res,
			      struct sd_error *err)
{
	struct strbuf name = STRBUF_INIT;
	int r = 0, n = PQntuples(res);

	(void)err;
	while (r < n) {
		struct sd_function *f;
		int first = r;

		function_name(&name, val(res, r, 1), val(res, r, 2));
		f = catalog_find(cat, SD_FUNCTION, val(res, r, 0), name.buf);
		while (r < n && !strcmp(val(res, r, 0), val(res, first, 0)) &&
		       !strcmp(val(res, r, 1), val(res, first, 1)) &&
		       !strcmp(val(res, r, 2), val(res, first, 2)))
			r++;
		if (!f)
			continue;
		f->reads.known = true;
		f->reads.names = arena_alloc(&cat->arena, (size_t)(r - first) *
						       sizeof(*f->reads.names));
		for (int k = first; k < r; k++)
			if (val(res, k, 3))
				f->reads.names[f->reads.nnames++] =
					dupval(cat, res, k, 3);
	}
	strbuf_release(&name);
	return 0;
}

int introspect_function_dep(struct catalog *cat, const PGresult *res,
			    struct sd_error *err)
{
	static const enum sd_kind relkinds[] = { SD_TABLE, SD_VIEW,
						 SD_MATVIEW };
	struct strbuf name = STRBUF_INIT, key = STRBUF_INIT;

	for (int r = 0; r < PQntuples(res); r++) {
		const char *kind = val(res, r, 3);
		struct sd_function *f;

		function_name(&name, val(res, r, 1), val(res, r, 2));
		f = catalog_find(cat, SD_FUNCTION, val(res, r, 0), name.buf);
		if (!f)
			continue;
		if (kind[0] == 'f') {
			strbuf_reset(&key);
			sd_key_format(&key, SD_FUNCTION, val(res, r, 4),
				      val(res, r, 5));
			if (catalog_lookup(cat, key.buf))
				catalog_add_dep(cat, &f->base, key.buf);
			continue;
		}
		if (kind[0] == 't') {
			strbuf_reset(&key);
			sd_key_format(&key, SD_TYPE, val(res, r, 4),
				      val(res, r, 5));
			if (catalog_lookup(cat, key.buf)) {
				catalog_add_dep(cat, &f->base, key.buf);
				continue;
			}
			/* else a relation's row type (SETOF t, a t parameter) */
		}
		for (size_t k = 0; k < 3; k++) {
			strbuf_reset(&key);
			sd_key_format(&key, relkinds[k], val(res, r, 4),
				      val(res, r, 5));
			if (catalog_lookup(cat, key.buf)) {
				catalog_add_dep(cat, &f->base, key.buf);
				break;
			}
		}
	}
	strbuf_release(&name);
	strbuf_release(&key);
	return 0;
}

/* --- relations that call a function --- */

const char pg_sql_function_users[] =
	"SELECT DISTINCT CASE WHEN c.oid IS NULL THEN 't' ELSE 'r' END,\n"
	"  n.nspname, coalesce(c.relname, ty.typname), fn.nspname,\n"
	"  f.proname, oidvectortypes(f.proargtypes)\n"
	"FROM pg_depend d JOIN pg_proc f ON f.oid = d.refobjid\n"
	"JOIN pg_namespace fn ON fn.oid = f.pronamespace\n"
	"LEFT JOIN pg_attrdef ad ON d.classid = 'pg_attrdef'::regclass\n"
	"  AND ad.oid = d.objid\n"
	"LEFT JOIN pg_constraint k ON d.classid = 'pg_constraint'::regclass\n"
	"  AND k.oid = d.objid\n"
	"LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass\n"
	"  AND w.oid = d.objid\n"
	"LEFT JOIN pg_class ic ON d.classid = 'pg_class'::regclass\n"
	"  AND ic.oid = d.objid\n"
	"LEFT JOIN pg_class c ON c.oid = coalesce(ad.adrelid,\n"
	"  nullif(k.conrelid, 0), w.ev_class, ic.oid)\n"
	"LEFT JOIN pg_type ty ON c.oid IS NULL AND ty.oid = CASE\n"
	"  WHEN d.classid = 'pg_type'::regclass THEN d.objid\n"
	"  ELSE nullif(k.contypid, 0) END\n"
	"JOIN pg_namespace n ON n.oid = coalesce(c.relnamespace,\n"
	"  ty.typnamespace)\n"
	"WHERE d.refclassid = 'pg_proc'::regclass AND d.deptype = 'n'\n"
	"  AND " USER_NS("fn.nspname") " AND " USER_NS("n.nspname") "\n"
	"ORDER BY 1, 2, 3, 4, 5, 6";

int introspect_function_user(struct catalog *cat, const PGresult *res,
			     struct sd_error *err)
{
	struct strbuf name = STRBUF_INIT, key = STRBUF_INIT;

	for (int r = 0; r < PQntuples(res); r++) {
		const char *kind = val(res, r, 0);
		struct sd_object *obj;

		strbuf_reset(&key);
		sd_key_format(&key, kind && kind[0] == 't' ? SD_TYPE : SD_TABLE,
			      val(res, r, 1), val(res, r, 2));
		obj = catalog_lookup(cat, key.buf);
		if (!obj)
			continue;
		function_name(&name, val(res, r, 4), val(res, r, 5));
		strbuf_reset(&key);
		sd_key_format(&key, SD_FUNCTION, val(res, r, 3), name.buf);
		if (catalog_lookup(cat, key.buf))
			catalog_add_dep(cat, obj, key.buf);
	}
	strbuf_release(&name);
	strbuf_release(&key);
	return 0;
}

/* --- triggers --- */

const char pg_sql_triggers[] =
	"SELECT n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid),\n"
	"  t.tgconstraint <> 0, fn.nspname, f.proname,\n"
	"  oidvectortypes(f.proargtypes), ds.description\n"
	"FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"JOIN pg_proc f ON f.oid = t.tgfoid\n"
	"JOIN pg_namespace fn ON fn.oid = f.pronamespace\n"
	COMMENT_JOIN("ds", "pg_trigger", "t.oid", "0")
	"WHERE NOT t.tgisinternal AND t.tgparentid = 0\n"
	"  AND " USER_NS("n.nspname") " AND " NOT_EXT("pg_class", "c.oid") "\n"
	"ORDER BY 1, 2, 3";

int introspect_trigger(struct catalog *cat, const PGresult *res,
		       struct sd_error *err)
{
	struct strbuf name = STRBUF_INIT, key = STRBUF_INIT;
	int ret = 0;

	for (int r = 0; r < PQntuples(res); r++) {
		const char *schema = val(res, r, 0), *table = val(res, r, 1);
		struct sd_trigger *t;

		strbuf_reset(&name);
		strbuf_addf(&name, "%s.%s", table, val(res, r, 2));
		t = catalog_add(cat, SD_TRIGGER, schema, name.buf);
		if (!t) {
			ret = sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
					   "trigger \"%s.%s\" read twice",
					   schema, name.buf);
			break;
		}
		t->table = catalog_strdup(cat, table);
		t->tgname = catalog_strdup(cat, val(res, r, 2));
		t->definition = trimmed(cat, val(res, r, 3));
		t->constraint = boolval(res, r, 4);
		t->base.comment = catalog_strdup(cat, val(res, r, 8));
		strbuf_reset(&key);
		sd_key_format(&key, SD_TABLE, schema, table);
		catalog_add_dep(cat, &t->base, key.buf);
		function_name(&name, val(res, r, 6), val(res, r, 7));
		strbuf_reset(&key);
		sd_key_format(&key, SD_FUNCTION, val(res, r, 5), name.buf);
		catalog_add_dep(cat, &t->base, key.buf);
	}
	strbuf_release(&name);
	strbuf_release(&key);
	return ret;
}
