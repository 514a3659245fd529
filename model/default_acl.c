/*
 * model/default_acl.c: default privileges (struct sd_default_acl, one per
 * row of pg_default_acl): names, the privileges each kind of object takes,
 * the built-in default that no global row means, and the privileges a new
 * object gets from them.
 *
 * Memory: objects and their grants live in the catalog's arena; the
 * built-in entries handed out by catalog_default_grants() are static.
 */
#include "model/catalog.h"

#include <string.h>

#include "util/banned.h"

static const char *const table_privs[] = {
	"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES",
	"TRIGGER", NULL
};
static const char *const seq_privs[] = { "USAGE", "SELECT", "UPDATE", NULL };
static const char *const func_privs[] = { "EXECUTE", NULL };
static const char *const type_privs[] = { "USAGE", NULL };
static const char *const schema_privs[] = { "USAGE", "CREATE", NULL };

static const struct {
	char objtype;
	const char *keyword;	/* ON TABLES ... */
	const char *name;	/* in base.name */
	const char *const *privs;
	const char *builtin;	/* PUBLIC's, without a global row */
} objtypes[] = {
	{ SD_DEFACL_TABLES, "TABLES", "tables", table_privs, NULL },
	{ SD_DEFACL_SEQUENCES, "SEQUENCES", "sequences", seq_privs, NULL },
	{ SD_DEFACL_FUNCTIONS, "FUNCTIONS", "functions", func_privs,
	  "EXECUTE" },
	{ SD_DEFACL_TYPES, "TYPES", "types", type_privs, "USAGE" },
	{ SD_DEFACL_SCHEMAS, "SCHEMAS", "schemas", schema_privs, NULL },
};

#define NOBJTYPES (sizeof(objtypes) / sizeof(*objtypes))

static int objtype_index(char objtype)
{
	for (size_t i = 0; i < NOBJTYPES; i++)
		if (objtypes[i].objtype == objtype)
			return (int)i;
	return -1;
}

void sd_default_acl_name(struct strbuf *out, const char *role, char objtype)
{
	int i = objtype_index(objtype);

	strbuf_addstr(out, i < 0 ? "?" : objtypes[i].name);
	if (role) {
		/* the first word has no space: the role is the rest */
		strbuf_addstr(out, " for role ");
		strbuf_addstr(out, role);
	}
}

const char *sd_default_acl_keyword(char objtype)
{
	int i = objtype_index(objtype);

	return i < 0 ? NULL : objtypes[i].keyword;
}

int sd_default_acl_objtype_of(enum sd_kind kind)
{
	switch (kind) {
	case SD_TABLE:
	case SD_VIEW:
	case SD_MATVIEW:
		return SD_DEFACL_TABLES;
	case SD_SEQUENCE:
		return SD_DEFACL_SEQUENCES;
	case SD_FUNCTION:
		return SD_DEFACL_FUNCTIONS;
	case SD_TYPE:
		return SD_DEFACL_TYPES;
	case SD_SCHEMA:
		return SD_DEFACL_SCHEMAS;
	default:
		return -1;
	}
}

const char *const *sd_default_acl_privs(char objtype)
{
	int i = objtype_index(objtype);

	return i < 0 ? NULL : objtypes[i].privs;
}

const char *sd_default_acl_builtin(const struct sd_default_acl *d)
{
	int i = objtype_index(d->objtype);

	if (d->base.schema || i < 0)
		return NULL;
	return objtypes[i].builtin;
}

struct sd_default_acl *catalog_find_default_acl(const struct catalog *cat,
						const char *role,
						const char *schema,
						char objtype)
{
	struct strbuf name = STRBUF_INIT;
	struct sd_default_acl *d;

	sd_default_acl_name(&name, role, objtype);
	d = catalog_find(cat, SD_DEFAULT_ACL, schema, name.buf);
	strbuf_release(&name);
	return d;
}

struct sd_default_acl *catalog_get_default_acl(struct catalog *cat,
					       const char *role,
					       const char *schema,
					       char objtype)
{
	struct strbuf name = STRBUF_INIT;
	struct sd_default_acl *d;
	const char *builtin;

	d = catalog_find_default_acl(cat, role, schema, objtype);
	if (d)
		return d;
	sd_default_acl_name(&name, role, objtype);
	d = catalog_add(cat, SD_DEFAULT_ACL, schema, name.buf);
	strbuf_release(&name);
	d->role = role ? catalog_strdup(cat, role) : NULL;
	d->objtype = objtype;
	d->base.acl_set = true;
	builtin = sd_default_acl_builtin(d);
	if (builtin)
		object_grant(cat, &d->base, NULL, NULL, builtin, false);
	return d;
}

bool sd_default_acl_is_default(const struct sd_default_acl *d)
{
	const char *builtin = sd_default_acl_builtin(d);

	if (!builtin)
		return d->base.ngrants == 0;
	return d->base.ngrants == 1 && !d->base.grants[0].grantee &&
	       !d->base.grants[0].grant_option &&
	       !strcmp(d->base.grants[0].privilege, builtin);
}

static const struct sd_grant builtin_execute = { NULL, NULL, "EXECUTE",
						 false };
static const struct sd_grant builtin_usage = { NULL, NULL, "USAGE", false };

bool catalog_default_grants(const struct catalog *cat,
			    const struct sd_object *obj, const char *role,
			    struct vec *out)
{
	int objtype = sd_default_acl_objtype_of(obj->kind);
	const struct sd_default_acl *global, *local = NULL;

	if (objtype < 0)
		return false;
	global = catalog_find_default_acl(cat, role, NULL, (char)objtype);
	if (obj->schema)
		local = catalog_find_default_acl(cat, role, obj->schema,
						 (char)objtype);
	if (!global && !local)
		return false;
	if (global) {
		for (size_t i = 0; i < global->base.ngrants; i++)
			vec_push(out, &global->base.grants[i]);
	} else if (objtype == SD_DEFACL_FUNCTIONS) {
		vec_push(out, (void *)&builtin_execute);
	} else if (objtype == SD_DEFACL_TYPES) {
		vec_push(out, (void *)&builtin_usage);
	}
	/* the server merges the two ACLs: an entry of both comes once */
	for (size_t i = 0; local && i < local->base.ngrants; i++) {
		const struct sd_grant *g = &local->base.grants[i];
		bool dup = false;

		for (size_t k = 0; k < out->len && !dup; k++) {
			struct sd_grant *h = out->items[k];
			if (!sd_grant_cmp(g, h)) {
				dup = true;
				if (g->grant_option && !h->grant_option)
					out->items[k] = (void *)g;
			}
		}
		if (!dup)
			vec_push(out, (void *)g);
	}
	return true;
}
