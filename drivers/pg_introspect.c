/*
 * drivers/pg_introspect.c: a live PostgreSQL database -> the catalog.
 *
 * One query per object kind for the whole database (never one per table),
 * read from pg_catalog, inside one READ ONLY REPEATABLE READ transaction
 * with search_path = '' so that the server's own deparsers (format_type,
 * pg_get_expr, pg_get_constraintdef, pg_get_indexdef, pg_get_viewdef)
 * qualify every user object and no built-in one. The kinds are a table
 * (introspect_kinds[]); each row is a query and an introspect_<kind>()
 * that turns its rows into catalog objects.
 *
 * Canonical form (model/catalog.h, model/format.c): names unquoted, types
 * as format_type() prints them, expressions as the server prints them, cut
 * so that sd_constraint_format() and sd_index_format_body() print exactly
 * what pg_get_constraintdef() and pg_get_indexdef() print:
 * - CHECK: the text between `CHECK (` and its matching `)`;
 * - index expressions: the element as pg_get_indexdef() prints it, less the
 *   parentheses it puts around an expression that is not a function call;
 * - index predicates: pg_get_expr(indpred) less its outer parentheses;
 * - defaults and generated columns: pg_get_expr() as it is;
 * - views: pg_get_viewdef(oid, true), trimmed, without the final ';'.
 *
 * Memory: every string kept is copied into the catalog's arena; each
 * PGresult is cleared as soon as its rows are read. Nothing is printed.
 */
#include "drivers/driver.h"
#include "drivers/pg_introspect.h"
#include "drivers/pg_catalog_queries.h"
#include "drivers/pg_introspect_collation.h"
#include "drivers/pg_introspect_function.h"
#include "drivers/pg_introspect_default_acl.h"
#include "drivers/pg_introspect_grant.h"
#include "drivers/pg_introspect_internal.h"
#include "drivers/pg_introspect_matview.h"
#include "drivers/pg_introspect_viewcol.h"
#include "drivers/pg_introspect_replident.h"
#include "drivers/pg_introspect_inhcol.h"
#include "drivers/pg_introspect_policy.h"
#include "drivers/pg_introspect_type.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

#include "util/banned.h"

/* The schema of the history table (drivers/pg.c), never introspected. */
#define HISTORY_SCHEMA "schemadiff"

/* Objects made by initdb have OIDs below FirstNormalObjectId. */
#define FIRST_NORMAL_OID "16384"

struct ix_ctx {
	PGconn *conn;
	struct catalog *cat;
	struct sd_error *err;
	unsigned nqueries;
	/* the table the last row was about (rows come sorted by table) */
	struct sd_table *last_table;
	struct strbuf key;	/* scratch for identity keys */
};

/* s without one pair of parentheses around the whole of it, in the
 * catalog's arena. */
static const char *strip_parens(struct ix_ctx *ctx, const char *s)
{
	size_t len;

	if (!s)
		return NULL;
	len = strlen(s);
	if (len >= 2 && s[0] == '(' && pgix_match_paren(s, 0) == (long)len - 1)
		return arena_strndup(&ctx->cat->arena, s + 1, len - 2);
	return catalog_strdup(ctx->cat, s);
}

/* A dependency on an extension (its member type, opclass ...), when the
 * extension is in the catalog. */
static void dep_extension(struct ix_ctx *ctx, struct sd_object *obj,
			  const char *extname)
{
	if (extname && catalog_find(ctx->cat, SD_EXTENSION, NULL, extname))
		pgix_add_dep(ctx->cat, obj, SD_EXTENSION, NULL, extname);
}

static struct sd_table *find_table(struct ix_ctx *ctx, const char *schema,
				   const char *name)
{
	struct sd_table *t = ctx->last_table;

	if (!t || strcmp(t->base.schema, schema) || strcmp(t->base.name, name))
		t = ctx->last_table = catalog_find(ctx->cat, SD_TABLE, schema,
						   name);
	return t;
}

static int duplicate(struct ix_ctx *ctx, const char *what, const char *schema,
		     const char *name)
{
	return sd_error_set(ctx->err, SD_ERR_DB, NULL, 0, 0,
			    "%s \"%s%s%s\" read twice", what,
			    schema ? schema : "", schema ? "." : "", name);
}

/* --- schemas --- */

static const char sql_schemas[] =
	"SELECT n.nspname, ds.description\n"
	"FROM pg_namespace n\n"
	COMMENT_JOIN("ds", "pg_namespace", "n.oid", "0")
	"WHERE " USER_NS("n.nspname") " AND n.nspname <> 'public'\n"
	"  AND " NOT_EXT("pg_namespace", "n.oid") "\n"
	"ORDER BY n.nspname";

static int introspect_schema(struct ix_ctx *ctx, const PGresult *res)
{
	for (int r = 0; r < PQntuples(res); r++) {
		struct sd_schema *s = catalog_add(ctx->cat, SD_SCHEMA, NULL,
						  val(res, r, 0));
		if (!s)
			return duplicate(ctx, "schema", NULL, val(res, r, 0));
		s->base.comment = dupval(ctx->cat, res, r, 1);
	}
	return 0;
}

/* --- extensions --- */

static const char sql_extensions[] =
	"SELECT x.extname, n.nspname, x.extversion,\n"
	"  ds.description\n"
	"FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace\n"
	COMMENT_JOIN("ds", "pg_extension", "x.oid", "0")
	"WHERE x.oid >= " FIRST_NORMAL_OID " AND n.nspname <> $1\n"
	"ORDER BY x.extname";

static int introspect_extension(struct ix_ctx *ctx, const PGresult *res)
{
	for (int r = 0; r < PQntuples(res); r++) {
		struct sd_extension *x = catalog_add(ctx->cat, SD_EXTENSION,
						     NULL, val(res, r, 0));
		if (!x)
			return duplicate(ctx, "extension", NULL,
					 val(res, r, 0));
		x->ext_schema = dupval(ctx->cat, res, r, 1);
		x->version = dupval(ctx->cat, res, r, 2);
		x->base.comment = dupval(ctx->cat, res, r, 3);
		if (catalog_find(ctx->cat, SD_SCHEMA, NULL, x->ext_schema))
			pgix_add_dep(ctx->cat, &x->base, SD_SCHEMA, NULL,
				     x->ext_schema);
	}
	return 0;
}

/* --- enum types: one row per label, in label order --- */

static const char sql_enums[] =
	"SELECT n.nspname, t.typname, e.enumlabel,\n"
	"  ds.description\n"
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	"LEFT JOIN pg_enum e ON e.enumtypid = t.oid\n"
	COMMENT_JOIN("ds", "pg_type", "t.oid", "0")
	"WHERE t.typtype = 'e' AND " USER_NS("n.nspname") "\n"
	"  AND " NOT_EXT("pg_type", "t.oid") "\n"
	"ORDER BY t.oid, e.enumsortorder";

static int introspect_enum(struct ix_ctx *ctx, const PGresult *res)
{
	struct sd_type *t = NULL;

	for (int r = 0; r < PQntuples(res); r++) {
		const char *schema = val(res, r, 0), *name = val(res, r, 1);

		if (!t || strcmp(t->base.schema, schema) ||
		    strcmp(t->base.name, name)) {
			t = catalog_add(ctx->cat, SD_TYPE, schema, name);
			if (!t)
				return duplicate(ctx, "type", schema, name);
			t->typtype = SD_TYPTYPE_ENUM;
			t->base.comment = dupval(ctx->cat, res, r, 3);
			pgix_dep_schema(ctx->cat, &t->base);
		}
		if (val(res, r, 2))
			type_add_label(ctx->cat, t, val(res, r, 2), t->nlabels);
	}
	return 0;
}

/* --- sequences (not those of identity columns) --- */

static const char sql_sequences[] =
	"SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL),\n"
	"  s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,\n"
	"  s.seqcycle, ot.relname, oa.attname, ds.description\n"
	"FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	COMMENT_JOIN("ds", "pg_class", "c.oid", "0")
	"LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass\n"
	"  AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass\n"
	"  AND d.deptype = 'a' AND d.refobjsubid > 0\n"
	"LEFT JOIN pg_class ot ON ot.oid = d.refobjid\n"
	"LEFT JOIN pg_attribute oa ON oa.attrelid = d.refobjid\n"
	"  AND oa.attnum = d.refobjsubid\n"
	"WHERE " USER_NS("n.nspname") " AND " NOT_EXT("pg_class", "c.oid") "\n"
	"  AND NOT EXISTS (SELECT 1 FROM pg_depend i\n"
	"    WHERE i.classid = 'pg_class'::regclass AND i.objid = c.oid\n"
	"      AND i.deptype = 'i')";

static int introspect_sequence(struct ix_ctx *ctx, const PGresult *res)
{
	for (int r = 0; r < PQntuples(res); r++) {
		const char *schema = val(res, r, 0), *name = val(res, r, 1);
		struct sd_sequence *s = catalog_add(ctx->cat, SD_SEQUENCE,
						    schema, name);
		if (!s)
			return duplicate(ctx, "sequence", schema, name);
		s->type = dupval(ctx->cat, res, r, 2);
		s->start = intval(res, r, 3);
		s->increment = intval(res, r, 4);
		s->minvalue = intval(res, r, 5);
		s->maxvalue = intval(res, r, 6);
		s->cache = intval(res, r, 7);
		s->cycle = boolval(res, r, 8);
		s->base.comment = dupval(ctx->cat, res, r, 11);
		pgix_dep_schema(ctx->cat, &s->base);
		if (val(res, r, 9) && val(res, r, 10)) {
			s->owned_table = dupval(ctx->cat, res, r, 9);
			s->owned_column = dupval(ctx->cat, res, r, 10);
			pgix_add_dep(ctx->cat, &s->base, SD_TABLE, schema,
				s->owned_table);
		}
	}
	return 0;
}

/* --- tables --- */

/* With the partition key, the parent and bound of a partition, and the
 * parents of an inheritance child in inhseqno order (schemas and names as
 * two arrays). */
static const char sql_tables[] =
	"SELECT n.nspname, c.relname, c.relpersistence, ds.description,\n"
	"  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,\n"
	"  pn.nspname, pc.relname,\n"
	"  CASE WHEN c.relispartition\n"
	"    THEN pg_get_expr(c.relpartbound, c.oid) END,\n"
	"  ARRAY(SELECT hn.nspname FROM pg_inherits h\n"
	"    JOIN pg_class hc ON hc.oid = h.inhparent\n"
	"    JOIN pg_namespace hn ON hn.oid = hc.relnamespace\n"
	"    WHERE h.inhrelid = c.oid AND NOT c.relispartition\n"
	"    ORDER BY h.inhseqno),\n"
	"  ARRAY(SELECT hc.relname FROM pg_inherits h\n"
	"    JOIN pg_class hc ON hc.oid = h.inhparent\n"
	"    WHERE h.inhrelid = c.oid AND NOT c.relispartition\n"
	"    ORDER BY h.inhseqno)\n"
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	COMMENT_JOIN("ds", "pg_class", "c.oid", "0")
	"LEFT JOIN pg_inherits pi ON c.relispartition AND pi.inhrelid = c.oid\n"
	"LEFT JOIN pg_class pc ON pc.oid = pi.inhparent\n"
	"LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace\n"
	"WHERE " USER_TABLE("c", "n");

/* INHERITS parents as identity keys, in order. */
static void table_inherits(struct ix_ctx *ctx, struct sd_table *t,
			   const char *schemas, const char *names)
{
	size_t ns, nn;
	const char **s = pgix_text_array(ctx->cat, schemas, &ns);
	const char **nm = pgix_text_array(ctx->cat, names, &nn);

	if (!ns || ns != nn)
		return;
	t->inherits = arena_alloc(&ctx->cat->arena, ns * sizeof(*t->inherits));
	for (size_t i = 0; i < ns; i++) {
		t->inherits[i] = catalog_key(ctx->cat, SD_TABLE, s[i], nm[i]);
		catalog_add_dep(ctx->cat, &t->base, t->inherits[i]);
	}
	t->ninherits = ns;
}

static int introspect_table(struct ix_ctx *ctx, const PGresult *res)
{
	for (int r = 0; r < PQntuples(res); r++) {
		const char *schema = val(res, r, 0), *name = val(res, r, 1);
		struct sd_table *t = catalog_add(ctx->cat, SD_TABLE, schema,
						 name);
		if (!t)
			return duplicate(ctx, "table", schema, name);
		t->unlogged = charval(res, r, 2) == 'u';
		t->base.comment = dupval(ctx->cat, res, r, 3);
		t->partkey = dupval(ctx->cat, res, r, 4);
		if (val(res, r, 6) && val(res, r, 7)) {
			t->part_parent_schema = dupval(ctx->cat, res, r, 5);
			t->part_parent = dupval(ctx->cat, res, r, 6);
			t->partbound = dupval(ctx->cat, res, r, 7);
			pgix_add_dep(ctx->cat, &t->base, SD_TABLE,
				     t->part_parent_schema, t->part_parent);
		}
		table_inherits(ctx, t, val(res, r, 8), val(res, r, 9));
		pgix_dep_schema(ctx->cat, &t->base);
	}
	return 0;
}

/* --- columns of every table, by table and attnum --- */

static const char sql_columns[] =
	"SELECT n.nspname, c.relname, a.attname,\n"
	"  format_type(a.atttypid, a.atttypmod), cn.nspname, co.collname,\n"
	/* a default cannot refer to columns: deparsed without the table
	 * (relid 0), which saves opening each table's relation; a
	 * generated column's expression needs it */
	"  CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) END,\n"
	"  CASE WHEN a.attgenerated IN ('s', 'v') THEN pg_get_expr(ad.adbin,"
	" ad.adrelid) END,\n"
	"  a.attidentity, a.attnotnull, ds.description,\n"
	"  dn.nspname, dt.typname, dx.extname,\n"
	"  CASE {{attcompression}} WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4'"
	" END,\n"
	"  CASE WHEN a.attstattarget >= 0 THEN a.attstattarget::text END,\n"
	/* only a storage other than the type's own was set explicitly */
	"  CASE WHEN a.attstorage <> t.typstorage THEN CASE a.attstorage\n"
	"    WHEN 'p' THEN 'plain' WHEN 'e' THEN 'external'\n"
	"    WHEN 'x' THEN 'extended' WHEN 'm' THEN 'main' END END,\n"
	/* 18: virtual generated columns; NOT NULL as a constraint of its
	 * own (contype 'n': a name, NO INHERIT, NOT VALID) */
	"  a.attgenerated = 'v', nn.conname, nn.connoinherit,"
	" nn.convalidated\n"
	"FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"JOIN pg_type t ON t.oid = a.atttypid\n"
	"LEFT JOIN pg_collation co ON co.oid = a.attcollation\n"
	"  AND a.attcollation <> t.typcollation\n"
	"LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace\n"
	"LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid\n"
	"  AND ad.adnum = a.attnum\n"
	"LEFT JOIN pg_constraint nn ON nn.conrelid = a.attrelid\n"
	"  AND nn.contype = 'n' AND nn.conkey[1] = a.attnum\n"
	COMMENT_JOIN("ds", "pg_class", "c.oid", "a.attnum")
	/* the user type a column needs (the element type of an array) */
	"LEFT JOIN pg_type dt ON dt.oid = CASE WHEN t.typcategory = 'A'\n"
	"  THEN t.typelem ELSE t.oid END\n"
	"LEFT JOIN pg_namespace dn ON dn.oid = dt.typnamespace\n"
	"LEFT JOIN pg_depend de ON de.classid = 'pg_type'::regclass\n"
	"  AND de.objid = dt.oid AND de.deptype = 'e'\n"
	"LEFT JOIN pg_extension dx ON dx.oid = de.refobjid\n"
	/* inherited columns belong to the parent (see model/catalog.h) */
	"WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attislocal AND "
	USER_TABLE("c", "n") "\n"
	"ORDER BY c.oid, a.attnum";

/* A NOT NULL constraint row (18+): the name when it is not the server's
 * default, NO INHERIT, NOT VALID (the column is then still attnotnull). */
static void column_not_null(struct ix_ctx *ctx, const struct sd_table *t,
			    struct sd_column *col, const char *name,
			    bool no_inherit, bool not_valid)
{
	strbuf_reset(&ctx->key);
	pg_default_name(&ctx->key, t->base.name, col->name, "not_null", 0);
	if (strcmp(ctx->key.buf, name))
		col->not_null_name = catalog_strdup(ctx->cat, name);
	col->not_null_no_inherit = no_inherit;
	col->not_null_not_valid = not_valid;
}

static int introspect_column(struct ix_ctx *ctx, const PGresult *res)
{
	for (int r = 0; r < PQntuples(res); r++) {
		const char *schema = val(res, r, 0);
		const char *dschema = val(res, r, 11);
		struct sd_table *t = find_table(ctx, schema, val(res, r, 1));
		struct sd_column *col;

		if (!t)
			continue;	/* not read: one snapshot, so never */
		if (!t->ncolumns) {
			/* a table's rows come together (ORDER BY c.oid): its
			 * column array at its size, not grown by doubling */
			int e = r + 1;

			while (e < PQntuples(res) &&
			       !strcmp(val(res, e, 1), t->base.name) &&
			       !strcmp(val(res, e, 0), schema))
				e++;
			table_reserve_columns(ctx->cat, t, (size_t)(e - r));
		}
		col = table_add_column(ctx->cat, t, val(res, r, 2));
		col->type = dupval(ctx->cat, res, r, 3);
		col->collation = pgix_qualified_sql(ctx->cat, val(res, r, 4),
						    val(res, r, 5));
		pgix_dep_collation(ctx->cat, &t->base, val(res, r, 4),
				   val(res, r, 5));
		col->default_expr = dupval(ctx->cat, res, r, 6);
		col->generated = dupval(ctx->cat, res, r, 7);
		col->identity = charval(res, r, 8);
		col->not_null = boolval(res, r, 9);
		col->comment = dupval(ctx->cat, res, r, 10);
		col->compression = dupval(ctx->cat, res, r, 14);
		col->statistics = dupval(ctx->cat, res, r, 15);
		col->storage = dupval(ctx->cat, res, r, 16);
		col->gen_virtual = col->generated && boolval(res, r, 17);
		if (val(res, r, 18))
			column_not_null(ctx, t, col, val(res, r, 18),
					boolval(res, r, 19),
					!boolval(res, r, 20));
		if (val(res, r, 13))
			dep_extension(ctx, &t->base, val(res, r, 13));
		else if (dschema && strcmp(dschema, "pg_catalog") &&
			 strcmp(dschema, "information_schema"))
			pgix_add_dep(ctx->cat, &t->base, SD_TYPE, dschema,
				val(res, r, 12));
	}
	return 0;
}

/* --- sequences that column defaults use (nextval) --- */

static const char sql_default_deps[] =
	"SELECT n.nspname, c.relname, sn.nspname, s.relname\n"
	"FROM pg_depend d\n"
	"JOIN pg_attrdef ad ON ad.oid = d.objid\n"
	"JOIN pg_class c ON c.oid = ad.adrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"JOIN pg_class s ON s.oid = d.refobjid\n"
	"JOIN pg_namespace sn ON sn.oid = s.relnamespace\n"
	"WHERE d.classid = 'pg_attrdef'::regclass\n"
	"  AND d.refclassid = 'pg_class'::regclass AND s.relkind = 'S'\n"
	"  AND " USER_TABLE("c", "n") "\n"
	"ORDER BY c.oid";

static int introspect_default_dep(struct ix_ctx *ctx, const PGresult *res)
{
	for (int r = 0; r < PQntuples(res); r++) {
		struct sd_table *t = find_table(ctx, val(res, r, 0),
						val(res, r, 1));
		if (t)
			pgix_add_dep(ctx->cat, &t->base, SD_SEQUENCE,
				     val(res, r, 2), val(res, r, 3));
	}
	return 0;
}

/* --- constraints: primary key, unique, foreign key, check, exclusion --- */

static const char sql_constraints[] =
	"SELECT n.nspname, c.relname, k.conname, k.contype,\n"
	"  k.condeferrable, k.condeferred, k.convalidated, k.connoinherit,\n"
	/* key columns by one index lookup each (as a join, the server
	 * hashed every column of the table for each constraint) */
	"  ARRAY(SELECT (SELECT a.attname FROM pg_attribute a\n"
	"    WHERE a.attrelid = k.conrelid AND a.attnum = u.attnum)\n"
	"    FROM unnest(k.conkey) WITH ORDINALITY u(attnum, i)\n"
	"    ORDER BY u.i),\n"
	"  rn.nspname, rc.relname,\n"
	"  ARRAY(SELECT (SELECT a.attname FROM pg_attribute a\n"
	"    WHERE a.attrelid = k.confrelid AND a.attnum = u.attnum)\n"
	"    FROM unnest(k.confkey) WITH ORDINALITY u(attnum, i)\n"
	"    ORDER BY u.i),\n"
	"  k.confupdtype, k.confdeltype, k.confmatchtype,\n"
	"  ARRAY(SELECT a.attname FROM generate_series(i.indnkeyatts,\n"
	"    i.indnatts - 1) g(k) JOIN pg_attribute a\n"
	"    ON a.attrelid = i.indrelid AND a.attnum = i.indkey[g.k]\n"
	"    ORDER BY g.k),\n"
	"  {{indnullsnotdistinct}},\n"
	/* the definition is read for checks and exclusions only */
	"  CASE WHEN k.contype IN ('c', 'x') THEN pg_get_constraintdef(k.oid)"
	" END,\n"
	"  ds.description, {{conperiod}}, {{conenforced}}\n"
	"FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid\n"
	COMMENT_JOIN("ds", "pg_constraint", "k.oid", "0")
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"LEFT JOIN pg_class rc ON rc.oid = k.confrelid\n"
	"LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace\n"
	"LEFT JOIN pg_index i ON i.indexrelid = k.conindid\n"
	"  AND k.contype IN ('p', 'u')\n"
	"WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') AND k.conislocal\n"
	"  AND " USER_TABLE("c", "n") "\n"
	"ORDER BY c.oid, k.oid";

static int introspect_constraint(struct ix_ctx *ctx, const PGresult *res)
{
	int ret;

	for (int r = 0; r < PQntuples(res); r++) {
		const char *schema = val(res, r, 0), *name = val(res, r, 2);
		struct sd_table *t = find_table(ctx, schema, val(res, r, 1));
		struct sd_constraint *con;
		char type = charval(res, r, 3);

		if (!t)
			continue;
		con = table_add_constraint(ctx->cat, t, name);
		con->type = type;
		con->comment = dupval(ctx->cat, res, r, 18);
		if (type == SD_CON_EXCLUDE) {
			/* the whole definition until exclusion constraints
			 * are modelled (sd_constraint_format prints it) */
			con->expr = dupval(ctx->cat, res, r, 17);
			continue;
		}
		con->deferrable = boolval(res, r, 4);
		con->deferred = boolval(res, r, 5);
		/* 18: a NOT ENFORCED constraint is never validated */
		con->not_enforced = !boolval(res, r, 20);
		con->not_valid = !boolval(res, r, 6) && !con->not_enforced;
		if (type == SD_CON_FOREIGN)
			con->period = boolval(res, r, 19);
		else if (type != SD_CON_CHECK)
			con->without_overlaps = boolval(res, r, 19);
		if (type == SD_CON_CHECK) {
			con->no_inherit = boolval(res, r, 7);
			ret = pgix_check_expr(ctx->cat, con, val(res, r, 17),
					      ctx->err);
			if (ret)
				return ret;
			continue;
		}
		con->columns = pgix_text_array(ctx->cat, val(res, r, 8),
					       &con->ncolumns);
		if (type == SD_CON_FOREIGN) {
			con->ref_schema = dupval(ctx->cat, res, r, 9);
			con->ref_table = dupval(ctx->cat, res, r, 10);
			con->ref_columns = pgix_text_array(ctx->cat,
							   val(res, r, 11),
							   &con->nref_columns);
			con->on_update = charval(res, r, 12);
			con->on_delete = charval(res, r, 13);
			con->match = charval(res, r, 14);
			pgix_add_dep(ctx->cat, &t->base, SD_TABLE,
				     con->ref_schema, con->ref_table);
		} else {
			con->include = pgix_text_array(ctx->cat,
						       val(res, r, 15),
						       &con->ninclude);
			con->nulls_not_distinct = boolval(res, r, 16);
		}
	}
	return 0;
}

/* --- indexes that back no constraint: one row per index column --- */

static const char sql_indexes[] =
	"SELECT i.indexrelid, n.nspname, ic.relname, c.relname,\n"
	/* the access method by a subquery, not a join: joined, the planner
	 * could pair pg_am with every index of its method first and filter
	 * the rest (millions of rows at 1,000 tables) */
	"  i.indisunique, (SELECT am.amname FROM pg_am am\n"
	"    WHERE am.oid = ic.relam), {{indnullsnotdistinct}},"
	" i.indnkeyatts,\n"
	/* read from an index's first row only */
	"  CASE WHEN g.k = 1 THEN pg_get_expr(i.indpred, i.indrelid) END,\n"
	"  ds.description,\n"
	"  g.k, a.attname,\n"
	"  CASE WHEN i.indkey[g.k - 1] = 0\n"
	"    THEN pg_get_indexdef(i.indexrelid, g.k, false) END,\n"
	"  con.nspname, co.collname, opn.nspname, opc.opcname,\n"
	"  i.indoption[g.k - 1], ox.extname\n"
	"FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid\n"
	"JOIN pg_class c ON c.oid = i.indrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	COMMENT_JOIN("ds", "pg_class", "i.indexrelid", "0")
	"CROSS JOIN LATERAL generate_series(1, i.indnatts) g(k)\n"
	"LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid\n"
	"  AND a.attnum = i.indkey[g.k - 1] AND i.indkey[g.k - 1] <> 0\n"
	/* the key's collation: the column's, or the expression type's */
	"LEFT JOIN pg_attribute ia ON ia.attrelid = i.indexrelid\n"
	"  AND ia.attnum = g.k\n"
	"LEFT JOIN pg_type it ON it.oid = ia.atttypid\n"
	"LEFT JOIN pg_collation co ON g.k <= i.indnkeyatts\n"
	"  AND co.oid = i.indcollation[g.k - 1]\n"
	"  AND co.oid <> coalesce(a.attcollation, it.typcollation, 0)\n"
	"LEFT JOIN pg_namespace con ON con.oid = co.collnamespace\n"
	"LEFT JOIN pg_opclass opc ON g.k <= i.indnkeyatts\n"
	"  AND opc.oid = i.indclass[g.k - 1] AND NOT opc.opcdefault\n"
	"LEFT JOIN pg_namespace opn ON opn.oid = opc.opcnamespace\n"
	"LEFT JOIN pg_depend od ON od.classid = 'pg_opclass'::regclass\n"
	"  AND od.objid = i.indclass[g.k - 1] AND od.deptype = 'e'\n"
	"  AND g.k <= i.indnkeyatts\n"
	"LEFT JOIN pg_extension ox ON ox.oid = od.refobjid\n"
	"WHERE (" USER_TABLE("c", "n") "\n"
	"    OR (c.relkind = 'm' AND " USER_NS("n.nspname") "))\n"
	"  AND NOT EXISTS (SELECT 1 FROM pg_constraint k\n"
	"    WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid\n"
	"      AND k.contype IN ('p', 'u', 'x'))\n"
	/* a partition's part of a partitioned index goes with that index */
	"  AND NOT EXISTS (SELECT 1 FROM pg_inherits ih\n"
	"    WHERE ih.inhrelid = i.indexrelid)\n"
	"ORDER BY i.indexrelid, g.k";

/* Fill one element (a key column) of an index from row r. */
static void index_elem(struct ix_ctx *ctx, const PGresult *res, int r,
		       struct sd_index_elem *e)
{
	int64_t opt = intval(res, r, 17);

	if (val(res, r, 11))
		e->column = dupval(ctx->cat, res, r, 11);
	else
		e->expr = strip_parens(ctx, val(res, r, 12));
	e->collation = pgix_qualified_sql(ctx->cat, val(res, r, 13),
					  val(res, r, 14));
	e->opclass = pgix_qualified_sql(ctx->cat, val(res, r, 15),
					val(res, r, 16));
	/* indoption: 1 DESC, 2 NULLS FIRST; DESC implies NULLS FIRST */
	e->desc = opt & 1;
	if (e->desc && !(opt & 2))
		e->nulls = 'l';
	else if (!e->desc && (opt & 2))
		e->nulls = 'f';
}

static int introspect_index(struct ix_ctx *ctx, const PGresult *res)
{
	int nrows = PQntuples(res);

	for (int r = 0; r < nrows;) {
		const char *oid = val(res, r, 0), *schema = val(res, r, 1);
		const char *name = val(res, r, 2);
		struct sd_table *t = find_table(ctx, schema, val(res, r, 3));
		/* the table, or a materialized view */
		struct sd_object *rel = t ? &t->base
			: catalog_find(ctx->cat, SD_MATVIEW, schema,
				       val(res, r, 3));
		struct sd_index *ix;
		int first = r, nkey = (int)intval(res, r, 7), n;

		while (r < nrows && !strcmp(val(res, r, 0), oid))
			r++;
		n = r - first;
		if (!rel)
			continue;
		ix = catalog_add(ctx->cat, SD_INDEX, schema, name);
		if (!ix)
			return duplicate(ctx, "index", schema, name);
		ix->table = rel->name;
		ix->unique = boolval(res, first, 4);
		ix->method = dupval(ctx->cat, res, first, 5);
		ix->nulls_not_distinct = boolval(res, first, 6);
		ix->predicate = strip_parens(ctx, val(res, first, 8));
		ix->base.comment = dupval(ctx->cat, res, first, 9);
		if (nkey > n)
			nkey = n;
		ix->elems = arena_alloc(&ctx->cat->arena,
					(size_t)(nkey ? nkey : 1) *
						sizeof(*ix->elems));
		ix->nelems = (size_t)nkey;
		ix->include = arena_alloc(&ctx->cat->arena,
					  (size_t)(n - nkey ? n - nkey : 1) *
						  sizeof(*ix->include));
		ix->ninclude = (size_t)(n - nkey);
		for (int k = 0; k < n; k++) {
			if (k < nkey) {
				index_elem(ctx, res, first + k, &ix->elems[k]);
				pgix_dep_collation(ctx->cat, &ix->base,
						   val(res, first + k, 13),
						   val(res, first + k, 14));
			} else
				ix->include[k - nkey] =
					dupval(ctx->cat, res, first + k, 11);
			dep_extension(ctx, &ix->base,
				      val(res, first + k, 18));
		}
		pgix_add_dep(ctx->cat, &ix->base, SD_TABLE, schema, rel->name);
		pgix_dep_schema(ctx->cat, &ix->base);
	}
	return 0;
}

/* --- views --- */

static const char sql_views[] =
	"SELECT n.nspname, c.relname, pg_get_viewdef(c.oid, true),\n"
	"  (SELECT o.option_value FROM pg_options_to_table(c.reloptions) o\n"
	"    WHERE o.option_name = 'check_option'),\n"
	"  ds.description,\n"
	"  ARRAY(SELECT o FROM unnest(c.reloptions) o\n"
	"    WHERE o NOT LIKE 'check\\_option=%')\n"
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	COMMENT_JOIN("ds", "pg_class", "c.oid", "0")
	"WHERE c.relkind = 'v' AND " USER_NS("n.nspname") "\n"
	"  AND " NOT_EXT("pg_class", "c.oid");

static int introspect_view(struct ix_ctx *ctx, const PGresult *res)
{
	for (int r = 0; r < PQntuples(res); r++) {
		const char *schema = val(res, r, 0), *name = val(res, r, 1);
		const char *check = val(res, r, 3);
		struct sd_view *v = catalog_add(ctx->cat, SD_VIEW, schema,
						name);
		if (!v)
			return duplicate(ctx, "view", schema, name);
		v->query = pgix_view_query(ctx->cat, val(res, r, 2));
		v->reads.known = true;	/* "view columns" below */
		if (check && !strcmp(check, "local"))
			v->check_option = SD_CHECK_LOCAL;
		else if (check && !strcmp(check, "cascaded"))
			v->check_option = SD_CHECK_CASCADED;
		v->base.comment = dupval(ctx->cat, res, r, 4);
		v->options = pgix_text_array(ctx->cat, val(res, r, 5),
					     &v->noptions);
		if (!v->noptions)
			v->options = NULL;
		pgix_dep_schema(ctx->cat, &v->base);
	}
	return 0;
}

/*
 * --- what views read: relations ('r'), enum types ('t'), and extensions
 * ('x') for the members of an extension ---
 */
static const char sql_view_deps[] =
	"SELECT DISTINCT vn.nspname, v.relname,\n"
	"  CASE WHEN x.extname IS NOT NULL THEN 'x'\n"
	"    WHEN rc.oid IS NOT NULL THEN 'r' ELSE 't' END,\n"
	"  CASE WHEN x.extname IS NULL THEN coalesce(rn.nspname, tn.nspname)\n"
	"  END,\n"
	"  coalesce(x.extname, rc.relname, t.typname)\n"
	"FROM pg_rewrite w JOIN pg_class v ON v.oid = w.ev_class\n"
	"JOIN pg_namespace vn ON vn.oid = v.relnamespace\n"
	"JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass\n"
	"  AND d.objid = w.oid AND d.deptype = 'n'\n"
	"LEFT JOIN pg_class rc ON d.refclassid = 'pg_class'::regclass\n"
	"  AND rc.oid = d.refobjid\n"
	"LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace\n"
	"LEFT JOIN pg_type t ON d.refclassid = 'pg_type'::regclass\n"
	"  AND t.oid = d.refobjid\n"
	"LEFT JOIN pg_namespace tn ON tn.oid = t.typnamespace\n"
	"LEFT JOIN pg_depend xd ON xd.classid = d.refclassid\n"
	"  AND xd.objid = d.refobjid AND xd.deptype = 'e'\n"
	"LEFT JOIN pg_extension x ON x.oid = xd.refobjid\n"
	"WHERE v.relkind IN ('v', 'm') AND " USER_NS("vn.nspname") "\n"
	"  AND (rc.oid <> v.oid OR t.typtype = 'e')\n"
	"  AND " USER_NS("coalesce(rn.nspname, tn.nspname)") "\n"
	"ORDER BY 1, 2, 3, 4, 5";

static int introspect_view_dep(struct ix_ctx *ctx, const PGresult *res)
{
	for (int r = 0; r < PQntuples(res); r++) {
		struct sd_object *v = catalog_find(ctx->cat, SD_VIEW,
						   val(res, r, 0),
						   val(res, r, 1));
		if (!v)	/* a materialized view */
			v = catalog_find(ctx->cat, SD_MATVIEW, val(res, r, 0),
					 val(res, r, 1));
		if (!v)
			continue;
		switch (charval(res, r, 2)) {
		case 'x':
			dep_extension(ctx, v, val(res, r, 4));
			break;
		case 'r':
			pgix_add_dep(ctx->cat, v, SD_TABLE, val(res, r, 3),
				val(res, r, 4));
			break;
		default:
			pgix_add_dep(ctx->cat, v, SD_TYPE, val(res, r, 3),
				val(res, r, 4));
			break;
		}
	}
	return 0;
}

/*
 * --- the columns views and materialized views read: pg_depend's column
 * entries (refobjsubid); a whole-row reference pins none ---
 */
static const char sql_view_columns[] =
	"SELECT DISTINCT vn.nspname, v.relname, a.attname\n"
	"FROM pg_rewrite w JOIN pg_class v ON v.oid = w.ev_class\n"
	"JOIN pg_namespace vn ON vn.oid = v.relnamespace\n"
	"JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass\n"
	"  AND d.objid = w.oid AND d.deptype = 'n'\n"
	"  AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0\n"
	"  AND d.refobjid <> v.oid\n"
	"JOIN pg_attribute a ON a.attrelid = d.refobjid\n"
	"  AND a.attnum = d.refobjsubid\n"
	"WHERE v.relkind IN ('v', 'm') AND " USER_NS("vn.nspname") "\n"
	"ORDER BY 1, 2, 3";

static int introspect_view_column(struct ix_ctx *ctx, const PGresult *res)
{
	int r = 0, n = PQntuples(res);

	while (r < n) {
		const char *schema = val(res, r, 0), *name = val(res, r, 1);
		struct sd_object *v = catalog_find(ctx->cat, SD_VIEW, schema,
						   name);
		struct sd_colreads *reads = NULL;
		int first = r;

		if (v)
			reads = &((struct sd_view *)v)->reads;
		else if ((v = catalog_find(ctx->cat, SD_MATVIEW, schema,
					   name)))
			reads = &((struct sd_matview *)v)->reads;
		while (r < n && !strcmp(val(res, r, 0), schema) &&
		       !strcmp(val(res, r, 1), name))
			r++;
		if (!reads)
			continue;
		reads->names = arena_alloc(&ctx->cat->arena,
					   (size_t)(r - first) *
						   sizeof(*reads->names));
		for (int k = first; k < r; k++)
			reads->names[reads->nnames++] =
				dupval(ctx->cat, res, k, 2);
	}
	return 0;
}

/* --- materialized views: drivers/pg_introspect_matview.c --- */

static int read_matviews(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_matview(ctx->cat, res, ctx->err);
}

/* --- column comments and defaults of views and composite types:
 * drivers/pg_introspect_viewcol.c --- */

static int read_viewcols(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_viewcol(ctx->cat, res, ctx->err);
}

/* --- privileges: drivers/pg_introspect_grant.c --- */

static int read_grants(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_grant(ctx->cat, res, ctx->err);
}

static int read_default_acls(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_default_acl(ctx->cat, res, ctx->err);
}

/* --- functions, procedures, triggers: drivers/pg_introspect_function.c --- */

static int read_functions(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_function(ctx->cat, res, ctx->err);
}

static int read_function_deps(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_function_dep(ctx->cat, res, ctx->err);
}

static int read_function_reads(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_function_reads(ctx->cat, res, ctx->err);
}

static int read_function_users(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_function_user(ctx->cat, res, ctx->err);
}

static int read_triggers(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_trigger(ctx->cat, res, ctx->err);
}

/* --- row level security, storage parameters, identity options:
 * drivers/pg_introspect_policy.c --- */

static int read_identities(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_identity(ctx->cat, res, ctx->err);
}

static int read_table_options(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_table_options(ctx->cat, res, ctx->err);
}

static int read_index_options(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_index_options(ctx->cat, res, ctx->err);
}

static int read_policies(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_policy(ctx->cat, res, ctx->err);
}

/* --- inherited columns' own defaults: drivers/pg_introspect_inhcol.c --- */

static int read_inh_columns(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_inh_column(ctx->cat, res, ctx->err);
}

/* --- replica identity, trigger states: drivers/pg_introspect_replident.c --- */

static int read_replidents(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_replident(ctx->cat, res, ctx->err);
}

static int read_trigger_states(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_trigger_state(ctx->cat, res, ctx->err);
}

/* --- collations: drivers/pg_introspect_collation.c --- */

static int read_collations(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_collation(ctx->cat, res, ctx->err);
}

/* --- domains, composite and range types: drivers/pg_introspect_type.c --- */

static int read_domains(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_domain(ctx->cat, res, ctx->err);
}

static int read_composites(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_composite(ctx->cat, res, ctx->err);
}

static int read_ranges(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_range(ctx->cat, res, ctx->err);
}

static int read_domain_deps(struct ix_ctx *ctx, const PGresult *res)
{
	return introspect_domain_dep(ctx->cat, res, ctx->err);
}

/*
 * The kinds, in the order they are read: a kind's rows may refer to
 * objects of the kinds before it (columns to tables, indexes to tables,
 * view dependencies to views).
 */
static const struct introspect_kind {
	const char *what;	/* for messages */
	const char *sql;
	int (*read)(struct ix_ctx *ctx, const PGresult *res);
} introspect_kinds[] = {
	{ "schemas", sql_schemas, introspect_schema },
	{ "extensions", sql_extensions, introspect_extension },
	{ "collations", pg_sql_collations, read_collations },
	{ "enum types", sql_enums, introspect_enum },
	{ "domains", pg_sql_domains, read_domains },
	{ "composite types", pg_sql_composites, read_composites },
	{ "range types", pg_sql_ranges, read_ranges },
	{ "sequences", sql_sequences, introspect_sequence },
	{ "tables", sql_tables, introspect_table },
	{ "columns", sql_columns, introspect_column },
	{ "column defaults", sql_default_deps, introspect_default_dep },
	{ "inherited columns", pg_sql_inh_columns, read_inh_columns },
	{ "constraints", sql_constraints, introspect_constraint },
	{ "materialized views", pg_sql_matviews, read_matviews },
	{ "indexes", sql_indexes, introspect_index },
	{ "views", sql_views, introspect_view },
	{ "view dependencies", sql_view_deps, introspect_view_dep },
	{ "view columns", sql_view_columns, introspect_view_column },
	{ "view column notes", pg_sql_viewcols, read_viewcols },
	{ "functions", pg_sql_functions, read_functions },
	{ "function dependencies", pg_sql_function_deps, read_function_deps },
	{ "function users", pg_sql_function_users, read_function_users },
	{ "function column reads", pg_sql_function_reads,
	  read_function_reads },
	{ "triggers", pg_sql_triggers, read_triggers },
	{ "identity options", pg_sql_identities, read_identities },
	{ "table options", pg_sql_table_options, read_table_options },
	{ "index options", pg_sql_index_options, read_index_options },
	{ "policies", pg_sql_policies, read_policies },
	{ "replica identities", pg_sql_replidents, read_replidents },
	{ "trigger states", pg_sql_trigger_states, read_trigger_states },
	{ "domain dependencies", pg_sql_domain_deps, read_domain_deps },
	/* privileges, once every object is known */
	{ "table privileges", pg_sql_grants_rel, read_grants },
	{ "column privileges", pg_sql_grants_column, read_grants },
	{ "schema privileges", pg_sql_grants_schema, read_grants },
	{ "type privileges", pg_sql_grants_type, read_grants },
	{ "function privileges", pg_sql_grants_function, read_grants },
	{ "owner table privileges", pg_sql_grants_owner_rel, read_grants },
	{ "owner schema privileges", pg_sql_grants_owner_schema, read_grants },
	{ "owner type privileges", pg_sql_grants_owner_type, read_grants },
	{ "owner function privileges", pg_sql_grants_owner_function,
	  read_grants },
	{ "default privileges", pg_sql_default_acls, read_default_acls },
};

/* --- the transaction around it all --- */

/* The server's message without its final newline. */
static int db_error(struct ix_ctx *ctx, const char *what, const PGresult *res)
{
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
			      : NULL;
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (!res && sd_deadline_left() <= 0)
		msg = "the server did not answer before the deadline";
	strbuf_addstr(&sb, msg ? msg : PQerrorMessage(ctx->conn));
	strbuf_rtrim(&sb);
	ret = sd_error_set(ctx->err, SD_ERR_DB, NULL, 0, 0,
			   "cannot read %s: %s", what, sb.buf);
	strbuf_release(&sb);
	return ret;
}

/* Run statements that return no rows. */
static int run_command(struct ix_ctx *ctx, const char *what, const char *sql)
{
	PGresult *res = pg_exec_bounded(ctx->conn, sql, 0, NULL);
	int ret = 0;

	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		ret = db_error(ctx, what, res);
	PQclear(res);
	return ret;
}

static int read_kind(struct ix_ctx *ctx, const struct introspect_kind *k)
{
	const char *params[1] = { HISTORY_SCHEMA };
	struct strbuf sql = STRBUF_INIT;
	PGresult *res;
	int ret;

	ctx->nqueries++;
	ctx->last_table = NULL;
	/* the query for this server's version (drivers/pg_catalog_queries.c) */
	ret = pg_catalog_query(&sql, k->sql, PQserverVersion(ctx->conn),
			       ctx->err);
	if (ret)
		goto out;
	res = pg_exec_bounded(ctx->conn, sql.buf, 1, params);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		ret = db_error(ctx, k->what, res);
	else
		ret = k->read(ctx, res);
	PQclear(res);
out:
	strbuf_release(&sql);
	return ret;
}

/*
 * Output settings that change what the deparsers print, pinned as pg_dump
 * pins them, so that the text does not depend on the session.
 */
static const char session_settings[] =
	"SET LOCAL search_path = '';\n"
	"SET LOCAL quote_all_identifiers = off;\n"
	"SET LOCAL standard_conforming_strings = on;\n"
	"SET LOCAL DateStyle = 'ISO, MDY';\n"
	"SET LOCAL IntervalStyle = 'postgres';\n"
	"SET LOCAL extra_float_digits = 3;\n"
	/* whole-database sorts, in memory rather than on disk */
	"SET LOCAL work_mem = '64MB';\n";

int pg_introspect(PGconn *conn, struct catalog *cat, unsigned *nqueries,
		  struct sd_error *err)
{
	struct ix_ctx ctx = { conn, cat, err, 0, NULL, STRBUF_INIT };
	bool savepoint = false;
	int ret;

	if (nqueries)
		*nqueries = 0;
	if (!cat || catalog_count(cat) || cat->dialect != SQL_POSTGRES)
		return sd_error_set(err, SD_ERR, NULL, 0, 0,
				    "introspection needs an empty PostgreSQL "
				    "catalog");
	cat->pg_version = PQserverVersion(conn);
	if (PQserverVersion(conn) < PG_CATALOG_MIN_VERSION)
		return sd_error_set(err, SD_ERR_UNSUPPORTED, NULL, 0, 0,
				    "introspection needs PostgreSQL 13 or "
				    "later (the server is %d)",
				    PQserverVersion(conn));
	switch (PQtransactionStatus(conn)) {
	case PQTRANS_IDLE:
		ret = run_command(&ctx, "the catalog",
				  "BEGIN ISOLATION LEVEL REPEATABLE READ "
				  "READ ONLY");
		break;
	case PQTRANS_INTRANS:
		/* the caller's transaction: settings end with the savepoint */
		savepoint = true;
		ret = run_command(&ctx, "the catalog",
				  "SAVEPOINT schemadiff_introspect");
		break;
	case PQTRANS_INERROR:
		return sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
				    "cannot read the catalog: the current "
				    "transaction is aborted");
	default:
		return sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
				    "cannot read the catalog: the connection "
				    "is busy or lost");
	}
	if (ret)
		goto out;
	if ((ret = run_command(&ctx, "the catalog", session_settings)))
		goto out_end;
	for (size_t i = 0; i < sizeof(introspect_kinds) /
			       sizeof(*introspect_kinds); i++)
		if ((ret = read_kind(&ctx, &introspect_kinds[i])))
			goto out_end;
	/* the kinds carried as SQL text (drivers/pg_introspect_opaque.c) */
	ret = pg_introspect_opaque(conn, cat, HISTORY_SCHEMA, &ctx.nqueries,
				   err);
	if (!ret)
		ret = pg_introspect_index_stats(conn, cat, HISTORY_SCHEMA,
						&ctx.nqueries, err);
	/* a domain or composite over a row type names the relation */
	if (!ret)
		catalog_resolve_rowtype_deps(cat);
out_end:
	if (savepoint) {
		/* undo the SET LOCALs; keep the first error */
		int r2 = run_command(&ctx, "the catalog",
				     "ROLLBACK TO SAVEPOINT "
				     "schemadiff_introspect; "
				     "RELEASE SAVEPOINT schemadiff_introspect");
		if (!ret)
			ret = r2;
	} else {
		/* read only: ending it either way changes nothing */
		PGresult *res = PQexec(conn, ret ? "ROLLBACK" : "COMMIT");
		if (!ret && PQresultStatus(res) != PGRES_COMMAND_OK)
			ret = db_error(&ctx, "the catalog", res);
		PQclear(res);
	}
out:
	strbuf_release(&ctx.key);
	if (nqueries)
		*nqueries = ctx.nqueries;
	return ret;
}
