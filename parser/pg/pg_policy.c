/*
 * parser/pg/pg_policy.c: row level security. CREATE POLICY, ALTER POLICY,
 * DROP POLICY, COMMENT ON POLICY, and the table flags ALTER TABLE ...
 * ENABLE / DISABLE / FORCE / NO FORCE ROW LEVEL SECURITY. A policy is an
 * object of its own, named "table.policy" in the table's schema. Strings
 * live in the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/banned.h"

static const char *policy_key_name(struct pg_ctx *ctx, const char *table,
				   const char *polname)
{
	return arena_printf(&ctx->cat->arena, "%s.%s", table, polname);
}

static int cmp_str(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* Role names of TO ...: sorted, without duplicates; "public" for PUBLIC
 * (alone, as the server keeps it) and when none is given; CURRENT_USER
 * and friends as keywords. */
static int policy_roles(struct pg_ctx *ctx, struct sd_policy *p,
			PgQuery__Node **roles, size_t n)
{
	const char **out = arena_alloc(&ctx->cat->arena,
				       (n ? n : 1) * sizeof(*out));
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		const PgQuery__RoleSpec *r;
		const char *name;

		if (roles[i]->node_case != PG_QUERY__NODE__NODE_ROLE_SPEC)
			return pg_error(ctx, SD_ERR, -1, "invalid role");
		r = roles[i]->role_spec;
		switch (r->roletype) {
		case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
			name = catalog_strdup(ctx->cat, r->rolename);
			break;
		case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
			name = "CURRENT_ROLE";
			break;
		case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
			name = "CURRENT_USER";
			break;
		case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
			name = "SESSION_USER";
			break;
		default:
			name = "public";
			break;
		}
		out[k++] = name;
	}
	/* PUBLIC with other roles: the server keeps PUBLIC alone */
	for (size_t i = 0; i < k; i++)
		if (!strcmp(out[i], "public"))
			k = 0;
	if (!k)
		out[k++] = "public";
	qsort(out, k, sizeof(*out), cmp_str);
	p->nroles = 0;
	for (size_t i = 0; i < k; i++)
		if (!p->nroles || strcmp(out[p->nroles - 1], out[i]))
			out[p->nroles++] = out[i];
	p->roles = out;
	return 0;
}

static int policy_table(struct pg_ctx *ctx, PgQuery__RangeVar *rv,
			struct sd_table **t)
{
	const char *schema;

	*t = pg_find(ctx, SD_TABLE, rv->schemaname, rv->relname, &schema);
	if (!*t)
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, rv->relname));
	return 0;
}

static int policy_expr(struct pg_ctx *ctx, struct sd_policy *p,
		       PgQuery__Node *expr, const char **out)
{
	int ret;

	if (!expr)
		return 0;
	if ((ret = pg_deparse_expr(ctx, expr, out)))
		return ret;
	pg_query_deps(ctx, &p->base, expr);
	return 0;
}

int parse_policy(struct pg_ctx *ctx, PgQuery__CreatePolicyStmt *s)
{
	struct sd_table *t;
	struct sd_policy *p;
	const char *cmd = s->cmd_name ? s->cmd_name : "all";
	int ret;

	if ((ret = policy_table(ctx, s->table, &t)))
		return ret;
	p = catalog_add(ctx->cat, SD_POLICY, t->base.schema,
			policy_key_name(ctx, t->base.name, s->policy_name));
	if (!p)
		return pg_error(ctx, SD_ERR, -1,
				"policy \"%s\" for table \"%s\" already exists",
				s->policy_name, t->base.name);
	pg_set_origin(ctx, &p->base);
	catalog_add_dep(ctx->cat, &p->base, t->base.key);
	p->table = t->base.name;
	p->polname = catalog_strdup(ctx->cat, s->policy_name);
	p->restrictive = !s->permissive;
	if (!strcmp(cmd, "select"))
		p->command = SD_POLCMD_SELECT;
	else if (!strcmp(cmd, "insert"))
		p->command = SD_POLCMD_INSERT;
	else if (!strcmp(cmd, "update"))
		p->command = SD_POLCMD_UPDATE;
	else if (!strcmp(cmd, "delete"))
		p->command = SD_POLCMD_DELETE;
	else
		p->command = SD_POLCMD_ALL;
	if ((p->command == SD_POLCMD_SELECT ||
	     p->command == SD_POLCMD_DELETE) && s->with_check)
		return pg_error(ctx, SD_ERR, -1,
				"WITH CHECK cannot be applied to SELECT or "
				"DELETE");
	if (p->command == SD_POLCMD_INSERT && s->qual)
		return pg_error(ctx, SD_ERR, -1,
				"only WITH CHECK expression allowed for INSERT");
	if ((ret = policy_roles(ctx, p, s->roles, s->n_roles)))
		return ret;
	if ((ret = policy_expr(ctx, p, s->qual, &p->using_expr)))
		return ret;
	return policy_expr(ctx, p, s->with_check, &p->check_expr);
}

static struct sd_policy *find_policy(struct pg_ctx *ctx, struct sd_table *t,
				     const char *name)
{
	return catalog_find(ctx->cat, SD_POLICY, t->base.schema,
			    policy_key_name(ctx, t->base.name, name));
}

int parse_alter_policy(struct pg_ctx *ctx, PgQuery__AlterPolicyStmt *s)
{
	struct sd_table *t;
	struct sd_policy *p;
	int ret;

	if ((ret = policy_table(ctx, s->table, &t)))
		return ret;
	p = find_policy(ctx, t, s->policy_name);
	if (!p)
		return pg_error(ctx, SD_ERR, -1,
				"policy \"%s\" for table \"%s\" does not exist",
				s->policy_name, t->base.name);
	if (s->n_roles && (ret = policy_roles(ctx, p, s->roles, s->n_roles)))
		return ret;
	if (s->qual && (ret = policy_expr(ctx, p, s->qual, &p->using_expr)))
		return ret;
	if (s->with_check &&
	    (ret = policy_expr(ctx, p, s->with_check, &p->check_expr)))
		return ret;
	return 0;
}

/* [schema.]table.policy in DROP and COMMENT. */
static int policy_of_list(struct pg_ctx *ctx, PgQuery__Node *o,
			  bool missing_ok, struct sd_policy **out)
{
	const char *schema, *name, *found, *pol;
	struct sd_table *t;
	PgQuery__Node **items;
	size_t n;
	int ret;

	*out = NULL;
	if (o->node_case != PG_QUERY__NODE__NODE_LIST || o->list->n_items < 2)
		return pg_error(ctx, SD_ERR, -1, "invalid policy name");
	items = o->list->items;
	n = o->list->n_items;
	pol = pg_str(items[n - 1]);
	if ((ret = pg_qualified(ctx, items, n - 1, &schema, &name)))
		return ret;
	t = pg_find(ctx, SD_TABLE, schema, name, &found);
	if (!t) {
		if (missing_ok)
			return 0;
		return pg_error(ctx, SD_ERR, -1,
				"relation \"%s\" does not exist",
				pg_qname(ctx, found, name));
	}
	*out = find_policy(ctx, t, pol ? pol : "");
	if (!*out && !missing_ok)
		return pg_error(ctx, SD_ERR, -1,
				"policy \"%s\" for table \"%s\" does not exist",
				pol ? pol : "", t->base.name);
	return 0;
}

int parse_drop_policy(struct pg_ctx *ctx, PgQuery__DropStmt *s)
{
	for (size_t i = 0; i < s->n_objects; i++) {
		struct sd_policy *p;
		int ret = policy_of_list(ctx, s->objects[i], s->missing_ok,
					 &p);
		if (ret)
			return ret;
		if (p)
			catalog_remove(ctx->cat, &p->base);
	}
	return 0;
}

int parse_comment_policy(struct pg_ctx *ctx, PgQuery__CommentStmt *s)
{
	struct sd_policy *p;
	int ret = policy_of_list(ctx, s->object, false, &p);

	if (ret)
		return ret;
	p->base.comment = s->comment && *s->comment
				  ? catalog_strdup(ctx->cat, s->comment)
				  : NULL;
	return 0;
}

/* Drop the policies of a table (it is dropped). */
void pg_drop_table_policies(struct pg_ctx *ctx, struct sd_table *t)
{
	struct vec cand = VEC_INIT;

	pg_refs_candidates(ctx, &t->base, PG_REFS_NAMED, &cand);
	for (size_t i = 0; i < cand.len; i++) {
		struct sd_policy *p = cand.items[i];
		if (p->base.kind == SD_POLICY &&
		    catalog_lookup(ctx->cat, p->base.key) == &p->base &&
		    !strcmp(p->base.schema, t->base.schema) &&
		    !strcmp(p->table, t->base.name))
			catalog_remove(ctx->cat, &p->base);
	}
	vec_release(&cand);
}

/* --- storage parameters --- */

/* "name=value" of a DefElem as the server stores it in reloptions. */
static int reloption_text(struct pg_ctx *ctx, const PgQuery__DefElem *d,
			  const char **out)
{
	const PgQuery__Node *a = d->arg;
	const char *v;

	if (d->defnamespace && *d->defnamespace)
		return pg_error(ctx, SD_ERR_UNSUPPORTED, d->location,
				"unsupported storage parameter %s.%s",
				d->defnamespace, d->defname);
	if (!a) {
		v = "true";
	} else {
		switch (a->node_case) {
		case PG_QUERY__NODE__NODE_INTEGER:
			*out = arena_printf(&ctx->cat->arena, "%s=%d",
					    d->defname, a->integer->ival);
			return 0;
		case PG_QUERY__NODE__NODE_FLOAT:
			v = a->float_->fval;
			break;
		case PG_QUERY__NODE__NODE_STRING:
			v = a->string->sval;
			break;
		case PG_QUERY__NODE__NODE_BOOLEAN:
			v = a->boolean->boolval ? "true" : "false";
			break;
		case PG_QUERY__NODE__NODE_TYPE_NAME:
			/* a bare word (off, lz4): TypeNameToString */
			if (a->type_name->n_names == 1 &&
			    !a->type_name->n_typmods &&
			    !a->type_name->n_array_bounds &&
			    (v = pg_str(a->type_name->names[0])))
				break;
			/* fall through */
		default:
			return pg_error(ctx, SD_ERR_UNSUPPORTED, d->location,
					"unsupported value of storage "
					"parameter %s", d->defname);
		}
	}
	*out = arena_printf(&ctx->cat->arena, "%s=%s", d->defname, v);
	return 0;
}

static bool same_name(const char *opt, const char *name)
{
	size_t n = strlen(name);
	return !strncmp(opt, name, n) && (opt[n] == '=' || !opt[n]);
}

int pg_reloptions(struct pg_ctx *ctx, PgQuery__Node **defs, size_t ndefs,
		  bool reset, const char ***opts, size_t *nopts)
{
	/* transformRelOptions: the old ones not named, then the new ones */
	const char **out = arena_alloc(&ctx->cat->arena,
				       (*nopts + ndefs + 1) * sizeof(*out));
	size_t k = 0;
	int ret;

	for (size_t i = 0; i < *nopts; i++) {
		bool named = false;
		for (size_t j = 0; j < ndefs && !named; j++)
			named = defs[j]->node_case ==
					PG_QUERY__NODE__NODE_DEF_ELEM &&
				same_name((*opts)[i], defs[j]->def_elem->defname);
		if (!named)
			out[k++] = (*opts)[i];
	}
	for (size_t j = 0; j < ndefs && !reset; j++) {
		if (defs[j]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		if (!strcmp(defs[j]->def_elem->defname, "oids")) {
			/* OIDS=FALSE is accepted and means nothing, as on
			 * the server (old install scripts write it) */
			const char *v = pg_defelem_str(defs[j]->def_elem);
			if (v && (!strcasecmp(v, "false") ||
				  !strcasecmp(v, "off") || !strcmp(v, "0") ||
				  !strcasecmp(v, "no")))
				continue;
			return pg_error(ctx, SD_ERR_UNSUPPORTED,
					defs[j]->def_elem->location,
					"tables declared WITH OIDS are not "
					"supported");
		}
		if ((ret = reloption_text(ctx, defs[j]->def_elem, &out[k])))
			return ret;
		k++;
	}
	*opts = out;
	*nopts = k;
	return 0;
}

int pg_alter_table_rls(struct pg_ctx *ctx, struct sd_table *t,
		       PgQuery__AlterTableCmd *cmd)
{
	PgQuery__Node **defs = NULL;
	size_t ndefs = 0;

	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity:
		t->rls_enabled = true;
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
		t->rls_enabled = false;
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity:
		t->rls_forced = true;
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity:
		t->rls_forced = false;
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
		if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_LIST) {
			defs = cmd->def->list->items;
			ndefs = cmd->def->list->n_items;
		}
		return pg_reloptions(ctx, defs, ndefs,
				     cmd->subtype ==
					     PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions,
				     &t->reloptions, &t->nreloptions);
	default:
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported ALTER TABLE subcommand");
	}
}

void pg_policy_follow_table(struct pg_ctx *ctx, struct sd_table *t,
			    const char *old_schema, const char *old_name)
{
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_policy *p = (struct sd_policy *)ctx->cat->all[i];
		const char *old_key;

		if (p->base.kind != SD_POLICY ||
		    catalog_lookup(ctx->cat, p->base.key) != &p->base ||
		    strcmp(p->base.schema, old_schema) ||
		    strcmp(p->table, old_name))
			continue;
		old_key = p->base.key;
		p->table = t->base.name;
		catalog_rename(ctx->cat, &p->base, t->base.schema,
			       policy_key_name(ctx, t->base.name, p->polname));
		pg_rekey_deps(ctx, old_key, p->base.key);
	}
}
