/*
 * drivers/pg_introspect_default_acl.c: default privileges from
 * aclexplode() of pg_default_acl.defaclacl. Columns: 0 the owner role
 * (NULL: the connected user, current_user), 1 the schema (NULL: global),
 * 2 defaclobjtype, 3 grantee (NULL: PUBLIC), 4 privilege (NULL: a row
 * whose ACL holds only the owner's entries), 5 grantable. Rows come
 * ordered by row of pg_default_acl.
 *
 * A global row holds the whole ACL (it replaces the built-in default), so
 * its object starts empty; a per-schema row adds to the global one. Both
 * are the model's form as they are (see struct sd_default_acl).
 *
 * Memory: strings are copied into the catalog's arena; the caller clears
 * the result.
 */
#include "drivers/pg_introspect_default_acl.h"
#include "drivers/pg_introspect_internal.h"

#include <string.h>

#include "util/banned.h"

const char pg_sql_default_acls[] =
	"SELECT NULLIF(r.rolname, current_user), n.nspname, "
	"d.defaclobjtype::text,\n"
	"  CASE WHEN a.grantee <> 0 THEN g.rolname END, a.privilege_type,\n"
	"  a.is_grantable\n"
	"FROM pg_default_acl d JOIN pg_roles r ON r.oid = d.defaclrole\n"
	"LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace\n"
	"LEFT JOIN LATERAL aclexplode(d.defaclacl) a\n"
	"  ON a.grantee <> d.defaclrole\n"
	"LEFT JOIN pg_roles g ON g.oid = a.grantee\n"
	"WHERE d.defaclnamespace = 0 OR " USER_NS("n.nspname") "\n"
	"ORDER BY d.oid, 4, 5";

int introspect_default_acl(struct catalog *cat, const PGresult *res,
			   struct sd_error *err)
{
	struct sd_default_acl *d = NULL;
	struct vec seen = VEC_INIT;

	(void)err;
	for (int r = 0; r < PQntuples(res); r++) {
		const char *role = val(res, r, 0), *schema = val(res, r, 1);
		const char *objtype = val(res, r, 2), *priv = val(res, r, 4);
		const char *g = val(res, r, 5);

		if (!objtype || !sd_default_acl_keyword(objtype[0]))
			continue;
		if (!d || d->objtype != objtype[0] ||
		    !(role ? d->role && !strcmp(d->role, role) : !d->role) ||
		    !(schema ? d->base.schema &&
				       !strcmp(d->base.schema, schema)
			     : !d->base.schema)) {
			d = catalog_get_default_acl(cat, role, schema,
						    objtype[0]);
			/* the row's ACL is all there is */
			d->base.ngrants = 0;
			vec_push(&seen, d);
		}
		if (priv)
			object_grant(cat, &d->base, val(res, r, 3), NULL, priv,
				     g && g[0] == 't');
	}
	/* rows equal to no row at all are not objects of the model */
	for (size_t i = 0; i < seen.len; i++) {
		struct sd_default_acl *x = seen.items[i];
		if (sd_default_acl_is_default(x))
			catalog_remove(cat, &x->base);
	}
	vec_release(&seen);
	return 0;
}
