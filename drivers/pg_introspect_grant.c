/*
 * drivers/pg_introspect_grant.c: privileges from aclexplode() of relacl,
 * attacl, nspacl, typacl and proacl. Every query returns the same columns:
 *   0 schema (NULL for schemas), 1 object name, 2 what: 'r' a relation,
 *   's' a schema, 't' a type, 'c' and the column name, 'f' and the
 *   function's argument types (its catalog name is "name(types)", as
 *   drivers/pg_introspect_function.c makes it), 3 whether the ACL is set (not the
 *   kind's default), 4 grantee role name (NULL: PUBLIC), 5 privilege
 *   (NULL: a row that only says the ACL is set), 6 grantable.
 * Entries whose grantee is the owner are filtered out in SQL.
 *
 * Memory: strings are copied into the catalog's arena (object_grant());
 * the caller clears the result.
 */
#include "drivers/pg_introspect_grant.h"
#include "drivers/pg_introspect_internal.h"

#include <string.h>

#include "util/banned.h"

/* aclexplode() of acl (NULL: nothing) less the owner's entries; a LEFT
 * JOIN so that an object whose ACL holds only the owner still has a row
 * (the ACL is set). */
#define ACL_JOIN(acl, owner) \
	"LEFT JOIN LATERAL aclexplode(" acl ") a ON a.grantee <> " owner "\n" \
	"LEFT JOIN pg_roles ro ON ro.oid = a.grantee\n"
#define ACL_COLS(acl) \
	acl " IS NOT NULL, CASE WHEN a.grantee <> 0 THEN ro.rolname END,\n" \
	"  a.privilege_type, a.is_grantable\n"

const char pg_sql_grants_rel[] =
	"SELECT n.nspname, c.relname, 'r', " ACL_COLS("c.relacl")
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	ACL_JOIN("c.relacl", "c.relowner")
	"WHERE c.relacl IS NOT NULL AND c.relkind IN ('r', 'p', 'v', 'm', 'S')\n"
	"  AND " USER_NS("n.nspname") "\n"
	"ORDER BY 1, 2, 5, 6";

const char pg_sql_grants_column[] =
	"SELECT n.nspname, c.relname, 'c' || at.attname, "
	ACL_COLS("at.attacl")
	"FROM pg_attribute at JOIN pg_class c ON c.oid = at.attrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	ACL_JOIN("at.attacl", "c.relowner")
	"WHERE at.attacl IS NOT NULL AND at.attnum > 0\n"
	"  AND NOT at.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')\n"
	"  AND " USER_NS("n.nspname") "\n"
	"ORDER BY 1, 2, 3, 5, 6";

const char pg_sql_grants_schema[] =
	"SELECT NULL::text, n.nspname, 's', " ACL_COLS("n.nspacl")
	"FROM pg_namespace n\n"
	ACL_JOIN("n.nspacl", "n.nspowner")
	"WHERE n.nspacl IS NOT NULL AND " USER_NS("n.nspname") "\n"
	"ORDER BY 2, 5, 6";

const char pg_sql_grants_type[] =
	"SELECT n.nspname, t.typname, 't', " ACL_COLS("t.typacl")
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	ACL_JOIN("t.typacl", "t.typowner")
	"WHERE t.typacl IS NOT NULL AND t.typtype IN ('e', 'd', 'c', 'r')\n"
	"  AND " USER_NS("n.nspname") "\n"
	"ORDER BY 1, 2, 5, 6";

const char pg_sql_grants_function[] =
	"SELECT n.nspname, p.proname, "
	"'f' || oidvectortypes(p.proargtypes), "
	ACL_COLS("p.proacl")
	"FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace\n"
	ACL_JOIN("p.proacl", "p.proowner")
	"WHERE p.proacl IS NOT NULL AND p.prokind IN ('f', 'p')\n"
	"  AND " USER_NS("n.nspname") "\n"
	"ORDER BY 1, 2, 3, 5, 6";

/* What the owner lost: its entries of acldefault() (the kind's ALL for
 * the owner) missing from the ACL, under SD_GRANTEE_OWNER (chr(1)). */
#define OWNER_LOST(kind, acl, owner) \
	"CROSS JOIN LATERAL aclexplode(acldefault(" kind ", " owner ")) d\n" \
	"WHERE " acl " IS NOT NULL AND d.grantee = " owner "\n" \
	"  AND NOT EXISTS (SELECT 1 FROM aclexplode(" acl ") a\n" \
	"    WHERE a.grantee = " owner "\n" \
	"    AND a.privilege_type = d.privilege_type)\n"
#define OWNER_COLS \
	"true, chr(1) || 'owner', d.privilege_type, false\n"

const char pg_sql_grants_owner_rel[] =
	"SELECT n.nspname, c.relname, 'r', " OWNER_COLS
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	OWNER_LOST("CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::\"char\"",
		   "c.relacl", "c.relowner")
	"  AND c.relkind IN ('r', 'p', 'v', 'm', 'S')\n"
	"  AND " USER_NS("n.nspname") "\n"
	"ORDER BY 1, 2, 6";

const char pg_sql_grants_owner_schema[] =
	"SELECT NULL::text, n.nspname, 's', " OWNER_COLS
	"FROM pg_namespace n\n"
	OWNER_LOST("'n'", "n.nspacl", "n.nspowner")
	"  AND " USER_NS("n.nspname") "\n"
	"ORDER BY 2, 6";

const char pg_sql_grants_owner_type[] =
	"SELECT n.nspname, t.typname, 't', " OWNER_COLS
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	OWNER_LOST("'T'", "t.typacl", "t.typowner")
	"  AND t.typtype IN ('e', 'd', 'c', 'r')\n"
	"  AND " USER_NS("n.nspname") "\n"
	"ORDER BY 1, 2, 6";

const char pg_sql_grants_owner_function[] =
	"SELECT n.nspname, p.proname, "
	"'f' || oidvectortypes(p.proargtypes), " OWNER_COLS
	"FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace\n"
	OWNER_LOST("'f'", "p.proacl", "p.proowner")
	"  AND p.prokind IN ('f', 'p')\n"
	"  AND " USER_NS("n.nspname") "\n"
	"ORDER BY 1, 2, 3, 6";

static struct sd_object *find_object(struct catalog *cat, const PGresult *res,
				     int r, struct strbuf *key,
				     const char **column)
{
	const char *schema = val(res, r, 0), *name = val(res, r, 1);
	const char *what = val(res, r, 2);
	struct sd_object *obj;

	*column = NULL;
	switch (what ? what[0] : 0) {
	case 's':
		return catalog_find(cat, SD_SCHEMA, NULL, name);
	case 't':
		return catalog_find(cat, SD_TYPE, schema, name);
	case 'f':
		strbuf_reset(key);
		strbuf_addf(key, "%s(%s)", name, what + 1);
		return catalog_find(cat, SD_FUNCTION, schema, key->buf);
	case 'c':
		*column = what + 1;
		/* fall through */
	case 'r':
		strbuf_reset(key);
		sd_key_format(key, SD_TABLE, schema, name);
		obj = catalog_lookup(cat, key->buf);
		return obj && obj->kind != SD_INDEX ? obj : NULL;
	default:
		return NULL;
	}
}

int introspect_grant(struct catalog *cat, const PGresult *res,
		     struct sd_error *err)
{
	struct strbuf key = STRBUF_INIT;

	(void)err;
	for (int r = 0; r < PQntuples(res); r++) {
		const char *column, *priv = val(res, r, 5);
		struct sd_object *obj = find_object(cat, res, r, &key, &column);
		const char *g;

		if (!obj)
			continue;
		obj->acl_set = true;
		if (!priv)
			continue;
		g = val(res, r, 6);
		object_grant(cat, obj, val(res, r, 4), column, priv,
			     g && g[0] == 't');
	}
	strbuf_release(&key);
	return 0;
}
