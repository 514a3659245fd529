/*
 * drivers/pg_introspect_type.c: domains, composite types and range types
 * of a live PostgreSQL database -> the catalog. One query per kind for the
 * whole database, run by drivers/pg_introspect.c inside its read-only
 * transaction with search_path = '' (so that format_type(), pg_get_expr(),
 * pg_get_constraintdef() and regproc qualify every user object).
 *
 * Skipped: array types, the multirange types of ranges, the row types of
 * tables, views and other relations (only relkind 'c' is a composite type
 * of its own), and types that belong to extensions.
 *
 * Canonical form (model/catalog.h): a domain's base type and a range's
 * subtype as format_type() prints them; a collation only when it is not
 * the one the base type or subtype has; a domain's default as pg_get_expr()
 * prints it; a CHECK as the text between `CHECK (` and its matching `)` of
 * pg_get_constraintdef() (as drivers/pg_introspect.c reads table checks);
 * a range's opclass only when it is not the default one; its functions as
 * regproc prints them.
 *
 * Memory: every string kept is copied into the catalog's arena. The
 * caller clears the results. Nothing is printed.
 */
#include "drivers/pg_introspect_type.h"
#include "drivers/pg_introspect_internal.h"

#include <string.h>

#include "util/strbuf.h"

#include "util/banned.h"

/* The user type that a type `t` needs (its element type when it is an
 * array), as columns dn.nspname, dt.typname, dx.extname. */
#define TYPE_DEP_JOIN(t, dn, dt, dx) \
	"LEFT JOIN pg_type " dt " ON " dt ".oid = CASE WHEN " t ".typtype = " \
	"'b' AND " t ".typcategory = 'A' THEN " t ".typelem ELSE " t \
	".oid END\n" \
	"LEFT JOIN pg_namespace " dn " ON " dn ".oid = " dt \
	".typnamespace\n" \
	"LEFT JOIN pg_depend " dx "d ON " dx "d.classid = " \
	"'pg_type'::regclass AND " dx "d.objid = " dt ".oid AND " dx \
	"d.deptype = 'e'\n" \
	"LEFT JOIN pg_extension " dx " ON " dx ".oid = " dx "d.refobjid\n"

static bool same_type(const struct sd_type *t, const char *schema,
		      const char *name)
{
	return t && !strcmp(t->base.schema, schema) &&
	       !strcmp(t->base.name, name);
}

static int duplicate(struct sd_error *err, const char *schema,
		     const char *name)
{
	return sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
			    "type \"%s.%s\" read twice", schema, name);
}

/* The dependency on a type another one uses: an extension's member, or a
 * user type. */
static void dep_type(struct catalog *cat, struct sd_object *obj,
		     const char *schema, const char *name, const char *ext)
{
	if (ext) {
		if (catalog_find(cat, SD_EXTENSION, NULL, ext))
			pgix_add_dep(cat, obj, SD_EXTENSION, NULL, ext);
	} else if (schema && name && strcmp(schema, "pg_catalog") &&
		   strcmp(schema, "information_schema")) {
		pgix_add_dep(cat, obj, SD_TYPE, schema, name);
	}
}

/* The new type of a row, or NULL with err set (read twice). */
static struct sd_type *new_type(struct catalog *cat, const PGresult *res,
				int r, char typtype, struct sd_error *err)
{
	const char *schema = val(res, r, 0), *name = val(res, r, 1);
	struct sd_type *t = catalog_add(cat, SD_TYPE, schema, name);

	if (!t) {
		duplicate(err, schema, name);
		return NULL;
	}
	t->typtype = typtype;
	pgix_dep_schema(cat, &t->base);
	return t;
}

/* --- domains: one row per CHECK (or one row without) --- */

const char pg_sql_domains[] =
	"SELECT n.nspname, t.typname, format_type(t.typbasetype,"
	" t.typtypmod),\n"
	"  cn.nspname, co.collname, pg_get_expr(t.typdefaultbin, 0),\n"
	"  t.typnotnull, k.conname, pg_get_constraintdef(k.oid),\n"
	"  k.convalidated, ds.description, dn.nspname, dt.typname,"
	" dx.extname,\n"
	/* 17: NOT NULL is a constraint row of its own (contype 'n') */
	"  (SELECT nn.conname FROM pg_constraint nn WHERE nn.contypid = t.oid"
	" AND nn.contype = 'n' LIMIT 1)\n"
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	"JOIN pg_type b ON b.oid = t.typbasetype\n"
	"LEFT JOIN pg_collation co ON co.oid = t.typcollation\n"
	"  AND t.typcollation <> b.typcollation\n"
	"LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace\n"
	"LEFT JOIN pg_constraint k ON k.contypid = t.oid AND k.contype = 'c'\n"
	COMMENT_JOIN("ds", "pg_type", "t.oid", "0")
	TYPE_DEP_JOIN("b", "dn", "dt", "dx")
	"WHERE t.typtype = 'd' AND " USER_NS("n.nspname") "\n"
	"  AND " NOT_EXT("pg_type", "t.oid") "\n"
	"ORDER BY t.oid, k.oid";

/* The name of a domain's NOT NULL constraint (17+), kept when it is not
 * the server's default, <domain>_not_null. */
static void domain_not_null_name(struct catalog *cat, struct sd_type *t,
				 const char *name)
{
	struct strbuf def = STRBUF_INIT;

	if (!name)
		return;
	pg_default_name(&def, t->base.name, NULL, "not_null", 0);
	if (strcmp(def.buf, name))
		t->not_null_name = catalog_strdup(cat, name);
	strbuf_release(&def);
}

int introspect_domain(struct catalog *cat, const PGresult *res,
		      struct sd_error *err)
{
	struct sd_type *t = NULL;

	for (int r = 0; r < PQntuples(res); r++) {
		struct sd_constraint *con;

		if (!same_type(t, val(res, r, 0), val(res, r, 1))) {
			if (!(t = new_type(cat, res, r, SD_TYPTYPE_DOMAIN,
					   err)))
				return err->code;
			t->base_type = dupval(cat, res, r, 2);
			t->collation = pgix_qualified_sql(cat, val(res, r, 3),
							  val(res, r, 4));
			pgix_dep_collation(cat, &t->base, val(res, r, 3),
					   val(res, r, 4));
			t->default_expr = dupval(cat, res, r, 5);
			t->not_null = boolval(res, r, 6);
			domain_not_null_name(cat, t, val(res, r, 14));
			t->base.comment = dupval(cat, res, r, 10);
			dep_type(cat, &t->base, val(res, r, 11),
				 val(res, r, 12), val(res, r, 13));
		}
		if (!val(res, r, 7))
			continue;
		con = type_add_check(cat, t, val(res, r, 7));
		if (pgix_check_expr(cat, con, val(res, r, 8), err))
			return err->code;
		con->not_valid = !boolval(res, r, 9);
	}
	return 0;
}

/* --- composite types: one row per attribute (or one row without) --- */

const char pg_sql_composites[] =
	"SELECT n.nspname, t.typname, a.attname,\n"
	"  format_type(a.atttypid, a.atttypmod), cn.nspname, co.collname,\n"
	"  ds.description, dn.nspname, dt.typname, dx.extname\n"
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	"JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'\n"
	"LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0\n"
	"  AND NOT a.attisdropped\n"
	"LEFT JOIN pg_type at ON at.oid = a.atttypid\n"
	"LEFT JOIN pg_collation co ON co.oid = a.attcollation\n"
	"  AND a.attcollation <> at.typcollation\n"
	"LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace\n"
	COMMENT_JOIN("ds", "pg_type", "t.oid", "0")
	TYPE_DEP_JOIN("at", "dn", "dt", "dx")
	"WHERE t.typtype = 'c' AND " USER_NS("n.nspname") "\n"
	"  AND " NOT_EXT("pg_type", "t.oid") " AND "
	NOT_EXT("pg_class", "c.oid") "\n"
	"ORDER BY t.oid, a.attnum";

int introspect_composite(struct catalog *cat, const PGresult *res,
			 struct sd_error *err)
{
	struct sd_type *t = NULL;

	for (int r = 0; r < PQntuples(res); r++) {
		struct sd_column *a;

		if (!same_type(t, val(res, r, 0), val(res, r, 1))) {
			if (!(t = new_type(cat, res, r, SD_TYPTYPE_COMPOSITE,
					   err)))
				return err->code;
			t->base.comment = dupval(cat, res, r, 6);
		}
		if (!val(res, r, 2))
			continue;
		a = type_add_attr(cat, t, val(res, r, 2));
		a->type = dupval(cat, res, r, 3);
		a->collation = pgix_qualified_sql(cat, val(res, r, 4),
						  val(res, r, 5));
		pgix_dep_collation(cat, &t->base, val(res, r, 4),
				   val(res, r, 5));
		dep_type(cat, &t->base, val(res, r, 7), val(res, r, 8),
			 val(res, r, 9));
	}
	return 0;
}

/* --- range types --- */

const char pg_sql_ranges[] =
	"SELECT n.nspname, t.typname, format_type(r.rngsubtype, NULL),\n"
	"  CASE WHEN NOT opc.opcdefault THEN opn.nspname END,\n"
	"  CASE WHEN NOT opc.opcdefault THEN opc.opcname END,\n"
	"  cn.nspname, co.collname,\n"
	"  CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regproc::text"
	" END,\n"
	"  CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END,\n"
	"  mt.typname, ds.description, dn.nspname, dt.typname, dx.extname\n"
	"FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid\n"
	"JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	"JOIN pg_type st ON st.oid = r.rngsubtype\n"
	"LEFT JOIN pg_opclass opc ON opc.oid = r.rngsubopc\n"
	"LEFT JOIN pg_namespace opn ON opn.oid = opc.opcnamespace\n"
	"LEFT JOIN pg_collation co ON co.oid = r.rngcollation\n"
	"  AND r.rngcollation <> st.typcollation\n"
	"LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace\n"
	"LEFT JOIN pg_type mt ON mt.oid = {{rngmultitypid}}\n"
	COMMENT_JOIN("ds", "pg_type", "t.oid", "0")
	TYPE_DEP_JOIN("st", "dn", "dt", "dx")
	"WHERE " USER_NS("n.nspname") " AND " NOT_EXT("pg_type", "t.oid") "\n"
	"ORDER BY t.oid";

int introspect_range(struct catalog *cat, const PGresult *res,
		     struct sd_error *err)
{
	for (int r = 0; r < PQntuples(res); r++) {
		struct sd_type *t = new_type(cat, res, r, SD_TYPTYPE_RANGE,
					     err);
		if (!t)
			return err->code;
		t->base_type = dupval(cat, res, r, 2);
		t->subtype_opclass = pgix_qualified_sql(cat, val(res, r, 3),
							val(res, r, 4));
		t->collation = pgix_qualified_sql(cat, val(res, r, 5),
						  val(res, r, 6));
		t->canonical = dupval(cat, res, r, 7);
		t->subtype_diff = dupval(cat, res, r, 8);
		t->multirange = dupval(cat, res, r, 9);
		t->base.comment = dupval(cat, res, r, 10);
		dep_type(cat, &t->base, val(res, r, 11), val(res, r, 12),
			 val(res, r, 13));
	}
	return 0;
}

/* --- functions and sequences that domain checks and defaults use --- */

const char pg_sql_domain_deps[] =
	"SELECT DISTINCT n.nspname, t.typname, 'f', pn.nspname,\n"
	"  p.proname || '(' || oidvectortypes(p.proargtypes) || ')'\n"
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	"JOIN pg_depend d ON (d.classid = 'pg_type'::regclass\n"
	"    AND d.objid = t.oid)\n"
	"  OR (d.classid = 'pg_constraint'::regclass AND d.objid IN\n"
	"    (SELECT k.oid FROM pg_constraint k WHERE k.contypid = t.oid))\n"
	"JOIN pg_proc p ON d.refclassid = 'pg_proc'::regclass\n"
	"  AND p.oid = d.refobjid\n"
	"JOIN pg_namespace pn ON pn.oid = p.pronamespace\n"
	"WHERE t.typtype = 'd' AND d.deptype = 'n'\n"
	"  AND " USER_NS("n.nspname") " AND " USER_NS("pn.nspname") "\n"
	"UNION\n"
	"SELECT n.nspname, t.typname, 'S', sn.nspname, s.relname\n"
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	"JOIN pg_depend d ON d.classid = 'pg_type'::regclass\n"
	"  AND d.objid = t.oid AND d.refclassid = 'pg_class'::regclass\n"
	"JOIN pg_class s ON s.oid = d.refobjid AND s.relkind = 'S'\n"
	"JOIN pg_namespace sn ON sn.oid = s.relnamespace\n"
	"WHERE t.typtype = 'd' AND d.deptype = 'n'\n"
	"  AND " USER_NS("n.nspname") "\n"
	"ORDER BY 1, 2, 3, 4, 5";

int introspect_domain_dep(struct catalog *cat, const PGresult *res,
			  struct sd_error *err)
{
	(void)err;
	for (int r = 0; r < PQntuples(res); r++) {
		struct sd_type *t = catalog_find(cat, SD_TYPE, val(res, r, 0),
						 val(res, r, 1));
		enum sd_kind kind = val(res, r, 2)[0] == 'S' ? SD_SEQUENCE
							     : SD_FUNCTION;
		if (t && catalog_find(cat, kind, val(res, r, 3),
				      val(res, r, 4)))
			pgix_add_dep(cat, &t->base, kind, val(res, r, 3),
				val(res, r, 4));
	}
	return 0;
}
