/*
 * parser/pg/pg_default_acl.c: ALTER DEFAULT PRIVILEGES [FOR ROLE r, ...]
 * [IN SCHEMA s, ...] GRANT | REVOKE [GRANT OPTION FOR] privileges ON
 * TABLES | SEQUENCES | FUNCTIONS | ROUTINES | TYPES | SCHEMAS TO | FROM
 * grantees [WITH GRANT OPTION], into struct sd_default_acl objects (one
 * per role, schema and kind of object, as pg_default_acl rows); and the
 * privileges that objects created afterwards get from them.
 *
 * As the server does (SetDefaultACL): a global row starts from the
 * built-in default and holds the whole ACL; a per-schema row starts empty
 * and holds what it adds; a row equal to where it started from is gone.
 * Without FOR ROLE the row is the current user's (role NULL): the role
 * that runs the SQL. Entries for the owner role itself are not kept
 * (ownership is not modelled).
 *
 * Memory: everything kept is copied into the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <ctype.h>
#include <string.h>

#include "util/banned.h"

struct defacl_op {
	PgQuery__GrantStmt *s;
	char objtype;
	const char **grantees;	/* NULL entries: PUBLIC */
	size_t ngrantees;
	const char **privs;	/* upper case; NULL-terminated */
};

static int objtype_of(struct pg_ctx *ctx, PgQuery__ObjectType t, char *out)
{
	switch (t) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		*out = SD_DEFACL_TABLES;
		return 0;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		*out = SD_DEFACL_SEQUENCES;
		return 0;
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
		*out = SD_DEFACL_FUNCTIONS;
		return 0;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
		*out = SD_DEFACL_TYPES;
		return 0;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
		*out = SD_DEFACL_SCHEMAS;
		return 0;
	default:
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported ALTER DEFAULT PRIVILEGES on this "
				"kind of object");
	}
}

static bool in_list(const char *const *list, const char *p)
{
	for (; *list; list++)
		if (!strcmp(*list, p))
			return true;
	return false;
}

/* The privileges named (all of the kind's when none), checked. */
static int read_privs(struct pg_ctx *ctx, struct defacl_op *op)
{
	const char *const *all = sd_default_acl_privs(op->objtype);
	size_t n = 0, nall = 0;

	while (all[nall])
		nall++;
	/* ALL ON TABLES holds MAINTAIN on PostgreSQL 17+ (catalog.h) */
	bool maintain = op->objtype == SD_DEFACL_TABLES;
	op->privs = arena_alloc(&ctx->tmp, (op->s->n_privileges + 1) *
					   (nall + 1) * sizeof(*op->privs));
	if (!op->s->n_privileges) {
		for (size_t i = 0; i < nall; i++)
			op->privs[n++] = all[i];
		if (maintain && ctx->cat->pg_version >= 170000)
			op->privs[n++] = "MAINTAIN";
	}
	for (size_t i = 0; i < op->s->n_privileges; i++) {
		PgQuery__AccessPriv *ap;
		struct strbuf up = STRBUF_INIT;
		int ret = 0;

		if (op->s->privileges[i]->node_case !=
		    PG_QUERY__NODE__NODE_ACCESS_PRIV)
			return pg_error(ctx, SD_ERR, -1, "invalid privilege");
		ap = op->s->privileges[i]->access_priv;
		if (ap->n_cols)
			return pg_error(ctx, SD_ERR, -1,
					"default privileges cannot be set for "
					"columns");
		if (!ap->priv_name || !*ap->priv_name) {
			for (size_t k = 0; k < nall; k++)
				op->privs[n++] = all[k];
			if (maintain && ctx->cat->pg_version >= 170000)
				op->privs[n++] = "MAINTAIN";
			continue;
		}
		for (const char *p = ap->priv_name; *p; p++)
			strbuf_addch(&up, (char)toupper((unsigned char)*p));
		if (!in_list(all, up.buf) &&
		    !(maintain && !strcmp(up.buf, "MAINTAIN")))
			ret = pg_error(ctx, SD_ERR, -1,
				       "invalid privilege type %s for %s",
				       up.buf, sd_default_acl_keyword(
						       op->objtype));
		else
			op->privs[n++] = arena_strdup(&ctx->tmp, up.buf);
		strbuf_release(&up);
		if (ret)
			return ret;
	}
	op->privs[n] = NULL;
	return 0;
}

static int read_grantees(struct pg_ctx *ctx, struct defacl_op *op)
{
	PgQuery__GrantStmt *s = op->s;

	op->grantees = arena_alloc(&ctx->tmp, (s->n_grantees + 1) *
						      sizeof(*op->grantees));
	for (size_t i = 0; i < s->n_grantees; i++) {
		PgQuery__RoleSpec *r;

		if (s->grantees[i]->node_case != PG_QUERY__NODE__NODE_ROLE_SPEC)
			return pg_error(ctx, SD_ERR, -1, "invalid grantee");
		r = s->grantees[i]->role_spec;
		switch (r->roletype) {
		case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
			op->grantees[op->ngrantees++] = NULL;
			break;
		case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
			op->grantees[op->ngrantees++] = r->rolename;
			break;
		default:
			return pg_error(ctx, SD_ERR_UNSUPPORTED, r->location,
					"unsupported grantee CURRENT_ROLE, "
					"CURRENT_USER or SESSION_USER (name "
					"the role)");
		}
	}
	return 0;
}

/* One row: (role, schema). */
static void apply_row(struct pg_ctx *ctx, const struct defacl_op *op,
		      const char *role, const char *schema)
{
	struct sd_default_acl *d;

	d = catalog_get_default_acl(ctx->cat, role, schema, op->objtype);
	if (!d->base.file) {
		pg_set_origin(ctx, &d->base);
		pg_dep_schema(ctx, &d->base);
	}
	for (size_t g = 0; g < op->ngrantees; g++) {
		const char *who = op->grantees[g];

		/* the owner's own privileges are not modelled */
		if (role && who && !strcmp(role, who))
			continue;
		for (size_t p = 0; op->privs[p]; p++) {
			if (op->s->is_grant)
				object_grant(ctx->cat, &d->base, who, NULL,
					     op->privs[p],
					     op->s->grant_option);
			else
				object_revoke(&d->base, who, NULL,
					      op->privs[p],
					      op->s->grant_option);
		}
	}
	if (sd_default_acl_is_default(d))
		catalog_remove(ctx->cat, &d->base);
}

/* FOR ROLE / IN SCHEMA: the names of a DefElem's list. */
static int option_names(struct pg_ctx *ctx, const PgQuery__DefElem *d,
			bool roles, const char ***out, size_t *n)
{
	PgQuery__List *l;

	if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_LIST)
		return pg_error(ctx, SD_ERR, d->location, "invalid option %s",
				d->defname);
	l = d->arg->list;
	*out = arena_alloc(&ctx->tmp, (l->n_items + 1) * sizeof(**out));
	*n = 0;
	for (size_t i = 0; i < l->n_items; i++) {
		const char *name = NULL;

		if (!roles) {
			name = pg_str(l->items[i]);
		} else if (l->items[i]->node_case ==
			   PG_QUERY__NODE__NODE_ROLE_SPEC) {
			PgQuery__RoleSpec *r = l->items[i]->role_spec;
			if (r->roletype !=
			    PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING)
				return pg_error(ctx, SD_ERR_UNSUPPORTED,
						r->location,
						"unsupported FOR ROLE "
						"CURRENT_ROLE, CURRENT_USER "
						"or SESSION_USER (leave FOR "
						"ROLE out)");
			name = r->rolename;
		}
		if (!name)
			return pg_error(ctx, SD_ERR, d->location,
					"invalid %s name",
					roles ? "role" : "schema");
		(*out)[(*n)++] = name;
	}
	return 0;
}

int parse_default_acl(struct pg_ctx *ctx,
		      PgQuery__AlterDefaultPrivilegesStmt *s)
{
	struct defacl_op op = { 0 };
	const char **roles = NULL, **schemas = NULL;
	size_t nroles = 0, nschemas = 0;
	int ret;

	if (!s->action)
		return pg_error(ctx, SD_ERR, -1, "invalid statement");
	op.s = s->action;
	for (size_t i = 0; i < s->n_options; i++) {
		PgQuery__DefElem *d;
		bool is_roles;

		if (s->options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			return pg_error(ctx, SD_ERR, -1, "invalid option");
		d = s->options[i]->def_elem;
		is_roles = !strcmp(d->defname, "roles");
		if (!is_roles && strcmp(d->defname, "schemas"))
			return pg_error(ctx, SD_ERR, d->location,
					"invalid option %s", d->defname);
		if ((ret = option_names(ctx, d, is_roles,
					is_roles ? &roles : &schemas,
					is_roles ? &nroles : &nschemas)))
			return ret;
	}
	if ((ret = objtype_of(ctx, op.s->objtype, &op.objtype)))
		return ret;
	if (nschemas && op.objtype == SD_DEFACL_SCHEMAS)
		return pg_error(ctx, SD_ERR, -1,
				"cannot use IN SCHEMA clause when using "
				"%s ON SCHEMAS",
				op.s->is_grant ? "GRANT" : "REVOKE");
	for (size_t i = 0; i < nschemas; i++)
		if ((ret = pg_check_schema(ctx, schemas[i], -1)))
			return ret;
	if ((ret = read_privs(ctx, &op)) || (ret = read_grantees(ctx, &op)))
		return ret;
	ctx->has_defacl = true;
	for (size_t r = 0; r < (nroles ? nroles : 1); r++)
		for (size_t k = 0; k < (nschemas ? nschemas : 1); k++)
			apply_row(ctx, &op, nroles ? roles[r] : NULL,
				  nschemas ? schemas[k] : NULL);
	return 0;
}

void pg_default_acl_created(struct pg_ctx *ctx, size_t first)
{
	struct vec grants = VEC_INIT;

	if (!ctx->has_defacl)
		return;
	for (size_t i = first; i < ctx->cat->nall; i++) {
		struct sd_object *o = ctx->cat->all[i];

		if (catalog_lookup(ctx->cat, o->key) != o || o->acl_set ||
		    o->ngrants)
			continue;
		grants.len = 0;
		if (!catalog_default_grants(ctx->cat, o, NULL, &grants))
			continue;
		o->acl_set = true;
		for (size_t k = 0; k < grants.len; k++) {
			const struct sd_grant *g = grants.items[k];
			object_grant(ctx->cat, o, g->grantee, NULL,
				     g->privilege, g->grant_option);
		}
	}
	vec_release(&grants);
}
