/*
 * parser/pg/pg_grant.c: GRANT and REVOKE of privileges on tables, views,
 * materialized views and sequences (ON TABLE, ON ALL TABLES / SEQUENCES IN
 * SCHEMA, expanded against the catalog at that point), columns, schemas,
 * functions and types, to roles or PUBLIC; WITH GRANT OPTION, REVOKE
 * GRANT OPTION FOR. CASCADE / RESTRICT and GRANTED BY change nothing we
 * model. Privileges go to the object's grant list (model/grant.c).
 *
 * Roles are not modelled: a grantee is a name, kept as written (folded as
 * the server folds identifiers). CURRENT_USER (CURRENT_ROLE, SESSION_USER)
 * is the owner of what the files create: what is revoked from it is kept
 * under SD_GRANTEE_OWNER. Grants on schemas the files do not create
 * (public) are accepted and not kept, as those schemas are not objects of
 * the catalog. ALTER DEFAULT PRIVILEGES is parser/pg/pg_default_acl.c.
 *
 * Memory: everything kept is copied into the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <ctype.h>
#include <string.h>

#include "util/banned.h"

static const char *const rel_privs[] = {
	"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES",
	"TRIGGER", NULL
};
static const char *const col_privs[] = {
	"SELECT", "INSERT", "UPDATE", "REFERENCES", NULL
};
static const char *const seq_privs[] = { "USAGE", "SELECT", "UPDATE", NULL };
static const char *const schema_privs[] = { "USAGE", "CREATE", NULL };
static const char *const func_privs[] = { "EXECUTE", NULL };
static const char *const type_privs[] = { "USAGE", NULL };

static const char *const *privs_of(enum sd_kind kind)
{
	switch (kind) {
	case SD_SEQUENCE:
		return seq_privs;
	case SD_SCHEMA:
		return schema_privs;
	case SD_FUNCTION:
		return func_privs;
	case SD_TYPE:
		return type_privs;
	default:
		return rel_privs;
	}
}

static bool in_list(const char *const *list, const char *p)
{
	for (; *list; list++)
		if (!strcmp(*list, p))
			return true;
	return false;
}

/* What one statement does, for each object it names. */
struct grant_op {
	PgQuery__GrantStmt *s;
	const char **grantees;	/* NULL entries: PUBLIC */
	size_t ngrantees;
};

/* Apply one privilege (column NULL: the object) for every grantee. */
static void apply_priv(struct pg_ctx *ctx, const struct grant_op *op,
		       struct sd_object *obj, const char *column,
		       const char *priv)
{
	const char *owner = strmap_get(&ctx->owners, obj->key);

	for (size_t g = 0; g < op->ngrantees; g++) {
		const char *who = op->grantees[g];

		/* the role ALTER ... OWNER TO named */
		if (who && owner && !strcmp(who, owner))
			who = SD_GRANTEE_OWNER;
		if (who && !strcmp(who, SD_GRANTEE_OWNER)) {
			/* the owner: what it lost is listed (model/catalog.h);
			 * it has no column privileges and always the grant
			 * option of what it holds */
			if (column || op->s->grant_option)
				continue;
			if (op->s->is_grant)
				object_revoke(obj, who, NULL, priv, false);
			else
				object_grant(ctx->cat, obj, who, NULL, priv,
					     false);
			obj->acl_set = true;
			continue;
		}
		if (op->s->is_grant) {
			object_grant(ctx->cat, obj, who, column, priv,
				     op->s->grant_option);
			continue;
		}
		object_revoke(obj, who, column, priv, op->s->grant_option);
		if (column || obj->kind == SD_SEQUENCE ||
		    !in_list(col_privs, priv))
			continue;
		/* a table-level REVOKE takes the column privileges too */
		for (size_t i = obj->ngrants; i-- > 0;) {
			const struct sd_grant *cg = &obj->grants[i];
			if (cg->column && !strcmp(cg->privilege, priv) &&
			    (who ? cg->grantee && !strcmp(cg->grantee, who)
				 : !cg->grantee))
				object_revoke(obj, who, cg->column, priv,
					      op->s->grant_option);
		}
	}
}

static int apply_object(struct pg_ctx *ctx, const struct grant_op *op,
			struct sd_object *obj)
{
	const char *const *all = privs_of(obj->kind);
	bool is_rel = obj->kind == SD_TABLE || obj->kind == SD_VIEW ||
		      obj->kind == SD_MATVIEW;

	object_grants_materialize(ctx->cat, obj);
	if (!op->s->n_privileges) {
		for (size_t i = 0; all[i]; i++)
			apply_priv(ctx, op, obj, NULL, all[i]);
		/* ALL holds MAINTAIN on PostgreSQL 17+ (catalog.h) */
		if (is_rel && ctx->cat->pg_version >= 170000)
			apply_priv(ctx, op, obj, NULL, "MAINTAIN");
		return 0;
	}
	for (size_t i = 0; i < op->s->n_privileges; i++) {
		PgQuery__AccessPriv *ap;
		struct strbuf up = STRBUF_INIT;
		const char *const *privs;

		if (op->s->privileges[i]->node_case !=
		    PG_QUERY__NODE__NODE_ACCESS_PRIV)
			return pg_error(ctx, SD_ERR, -1, "invalid privilege");
		ap = op->s->privileges[i]->access_priv;
		if (ap->priv_name && *ap->priv_name)
			for (const char *p = ap->priv_name; *p; p++)
				strbuf_addch(&up, (char)toupper(
						  (unsigned char)*p));
		privs = ap->n_cols ? col_privs : all;
		/* MAINTAIN (17+): the target's version is checked before
		 * anything runs (emit/pg_features.c) */
		if (up.len && !(is_rel && !ap->n_cols &&
				!strcmp(up.buf, "MAINTAIN")) &&
		    !in_list(privs, up.buf)) {
			/* GRANT ON TABLE of a sequence: the server keeps
			 * what applies and warns about the rest */
			bool skip = obj->kind == SD_SEQUENCE &&
				    in_list(rel_privs, up.buf);
			int ret = skip ? 0 : pg_error(ctx, SD_ERR, -1,
				"invalid privilege type %s for %s", up.buf,
				ap->n_cols ? "column"
					   : sd_kind_name(obj->kind));
			strbuf_release(&up);
			if (ret)
				return ret;
			continue;
		}
		if (ap->n_cols && !is_rel) {
			strbuf_release(&up);
			return pg_error(ctx, SD_ERR, -1,
					"column privileges are only valid "
					"for relations");
		}
		for (size_t c = 0; c < (ap->n_cols ? ap->n_cols : 1); c++) {
			const char *col = NULL;
			if (ap->n_cols) {
				col = pg_str(ap->cols[c]);
				if (!col) {
					strbuf_release(&up);
					return pg_error(ctx, SD_ERR, -1,
							"invalid column name");
				}
				if (obj->kind == SD_TABLE &&
				    !table_find_column((struct sd_table *)obj,
						       col)) {
					int ret = pg_error(
						ctx, SD_ERR, -1,
						"column \"%s\" of relation "
						"\"%s\" does not exist", col,
						obj->name);
					strbuf_release(&up);
					return ret;
				}
			}
			if (up.len) {
				apply_priv(ctx, op, obj, col, up.buf);
			} else {
				for (size_t k = 0; privs[k]; k++)
					apply_priv(ctx, op, obj, col,
						   privs[k]);
			}
		}
		strbuf_release(&up);
	}
	return 0;
}

/* The relation a GRANT ON TABLE / SEQUENCE names. */
static int find_relation(struct pg_ctx *ctx, PgQuery__Node *n, bool sequence,
			 struct sd_object **out)
{
	PgQuery__RangeVar *rv;
	const char *found = NULL;
	struct sd_object *obj;

	*out = NULL;
	if (n->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
		return pg_error(ctx, SD_ERR, -1, "invalid relation name");
	rv = n->range_var;
	obj = pg_find_rel(ctx, rv->schemaname, rv->relname, &found);
	if (!obj || obj->kind == SD_INDEX)
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, found, rv->relname));
	if (sequence && obj->kind != SD_SEQUENCE)
		return pg_error(ctx, SD_ERR, rv->location,
				"\"%s\" is not a sequence", rv->relname);
	*out = obj;
	return 0;
}

/* ON ALL TABLES / SEQUENCES IN SCHEMA s: every such object there now. */
static int apply_all_in_schema(struct pg_ctx *ctx, const struct grant_op *op,
			       const char *schema, bool sequences)
{
	struct vec objs = VEC_INIT;
	int ret = 0;

	if ((ret = pg_check_schema(ctx, schema, -1)))
		return ret;
	catalog_list(ctx->cat, -1, &objs);
	for (size_t i = 0; i < objs.len && !ret; i++) {
		struct sd_object *o = objs.items[i];
		bool rel = o->kind == SD_TABLE || o->kind == SD_VIEW ||
			   o->kind == SD_MATVIEW;

		if (!o->schema || strcmp(o->schema, schema))
			continue;
		if (sequences ? o->kind == SD_SEQUENCE : rel)
			ret = apply_object(ctx, op, o);
	}
	vec_release(&objs);
	return ret;
}

/* The object n names (objtype: its kind): 0 and *out (NULL: a schema
 * the files do not manage), 1 for a kind GRANT does not take, or an
 * error. */
static int find_target(struct pg_ctx *ctx, PgQuery__ObjectType objtype,
		       PgQuery__Node *n, struct sd_object **out)
{
	const char *schema = NULL, *name = NULL, *found = NULL;
	struct sd_object *obj = NULL;
	int ret;

	*out = NULL;
	switch (objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		if ((ret = find_relation(ctx, n, objtype ==
					 PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE,
					 &obj)))
			return ret;
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
		if (!(name = pg_str(n)))
			return pg_error(ctx, SD_ERR, -1, "invalid schema name");
		if (!pg_schema_managed(ctx, name))
			/* external (public): not an object of the catalog */
			return pg_check_schema(ctx, name, -1);
		obj = catalog_find(ctx->cat, SD_SCHEMA, NULL, name);
		if (!obj)
			return pg_error(ctx, SD_ERR, -1,
					"schema \"%s\" does not exist", name);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
		if (n->node_case != PG_QUERY__NODE__NODE_LIST)
			return pg_error(ctx, SD_ERR, -1, "invalid type name");
		if ((ret = pg_qualified(ctx, n->list->items, n->list->n_items,
					&schema, &name)))
			return ret;
		obj = pg_find(ctx, SD_TYPE, schema, name, &found);
		if (!obj)
			return pg_error(ctx, SD_ERR, -1,
					"type \"%s\" does not exist",
					pg_qname(ctx, found, name));
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: {
		struct sd_function *f;
		if (n->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
			return pg_error(ctx, SD_ERR, -1,
					"invalid function name");
		if ((ret = pg_find_function(ctx, n->object_with_args, &f,
					    &found, &name)))
			return ret;
		if (!f)
			return pg_error(ctx, SD_ERR, -1,
					"function %s does not exist",
					pg_qname(ctx, found, name));
		obj = &f->base;
		break;
	}
	default:
		return 1;
	}
	*out = obj;
	return 0;
}

static int apply_target(struct pg_ctx *ctx, const struct grant_op *op,
			PgQuery__Node *n)
{
	struct sd_object *obj;
	int ret = find_target(ctx, op->s->objtype, n, &obj);

	if (ret == 1)
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported %s on this kind of object",
				op->s->is_grant ? "GRANT" : "REVOKE");
	if (ret || !obj)
		return ret;
	return apply_object(ctx, op, obj);
}

void pg_note_owner(struct pg_ctx *ctx, const struct sd_object *obj,
		   const PgQuery__RoleSpec *role)
{
	if (!obj || !role)
		return;
	if (role->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING &&
	    role->rolename)
		strmap_put(&ctx->owners, obj->key,
			   (void *)arena_strdup(&ctx->tmp, role->rolename));
	else	/* CURRENT_USER ...: the role that runs the files */
		strmap_remove(&ctx->owners, obj->key);
}

void pg_alter_owner(struct pg_ctx *ctx, PgQuery__AlterOwnerStmt *s)
{
	struct sd_object *obj = NULL;
	PgQuery__Node *n = s->object;
	PgQuery__Node rel = PG_QUERY__NODE__INIT;
	struct sd_error *err = ctx->err, quiet;

	if (!n)
		return;
	if (s->relation) {
		rel.node_case = PG_QUERY__NODE__NODE_RANGE_VAR;
		rel.range_var = s->relation;
		n = &rel;
	}
	/* what it names may be unknown here: nothing to note then */
	sd_error_clear(&quiet);
	ctx->err = &quiet;
	if (find_target(ctx, s->object_type, n, &obj))
		obj = NULL;
	ctx->err = err;
	pg_note_owner(ctx, obj, s->newowner);
}

int parse_grant(struct pg_ctx *ctx, PgQuery__GrantStmt *s)
{
	struct grant_op op = { s, NULL, 0 };
	int ret = 0;

	if (s->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_DEFAULTS)
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported statement ALTER DEFAULT "
				"PRIVILEGES");
	op.grantees = arena_alloc(&ctx->tmp, (s->n_grantees + 1) *
						     sizeof(*op.grantees));
	for (size_t i = 0; i < s->n_grantees; i++) {
		PgQuery__RoleSpec *r;
		if (s->grantees[i]->node_case != PG_QUERY__NODE__NODE_ROLE_SPEC)
			return pg_error(ctx, SD_ERR, -1, "invalid grantee");
		r = s->grantees[i]->role_spec;
		switch (r->roletype) {
		case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
			op.grantees[op.ngrantees++] = NULL;
			break;
		case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
			op.grantees[op.ngrantees++] = r->rolename;
			break;
		default:
			/* CURRENT_USER, CURRENT_ROLE, SESSION_USER: the role
			 * that runs the files owns what they create */
			op.grantees[op.ngrantees++] = SD_GRANTEE_OWNER;
			break;
		}
	}
	if (s->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_ALL_IN_SCHEMA) {
		bool seq = s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE;
		if (!seq && s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
			return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
					"unsupported %s ON ALL ... IN SCHEMA "
					"of this kind of object",
					s->is_grant ? "GRANT" : "REVOKE");
		for (size_t i = 0; i < s->n_objects && !ret; i++) {
			const char *schema = pg_str(s->objects[i]);
			if (!schema)
				return pg_error(ctx, SD_ERR, -1,
						"invalid schema name");
			ret = apply_all_in_schema(ctx, &op, schema, seq);
		}
		return ret;
	}
	for (size_t i = 0; i < s->n_objects && !ret; i++)
		ret = apply_target(ctx, &op, s->objects[i]);
	return ret;
}
