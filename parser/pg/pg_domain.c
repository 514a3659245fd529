/*
 * parser/pg/pg_domain.c: CREATE DOMAIN, ALTER DOMAIN (SET/DROP DEFAULT,
 * SET/DROP NOT NULL, ADD/DROP/VALIDATE CONSTRAINT) and ALTER DOMAIN ...
 * RENAME CONSTRAINT. A domain is a struct sd_type with typtype 'd'; its
 * CHECK constraints are named as the server names them (`<domain>_check`,
 * then `_check1` ... while the name is taken in the schema).
 *
 * Memory: every string kept is copied into the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

/* A domain CHECK (ADD CONSTRAINT or a CREATE DOMAIN constraint). */
static int add_check(struct pg_ctx *ctx, struct sd_type *d,
		     PgQuery__Constraint *c)
{
	struct sd_constraint *con;
	const char *name, *expr;
	int ret;

	if (c->is_no_inherit)
		return pg_error(ctx, SD_ERR, c->location,
				"check constraints for domains cannot be "
				"marked NO INHERIT");
	if ((ret = pg_deparse_expr(ctx, c->raw_expr, &expr)))
		return ret;
	if (c->conname && *c->conname) {
		name = c->conname;
		if (type_find_check(d, name))
			return pg_error(ctx, SD_ERR, c->location,
					"constraint \"%s\" for domain \"%s\" "
					"already exists", name, d->base.name);
	} else {
		name = pg_choose_name(ctx, d->base.schema, d->base.name, NULL,
				      "check", false, false);
	}
	con = type_add_check(ctx->cat, d, name);
	con->expr = expr;
	con->not_valid = c->skip_validation;
	pg_note_conname(ctx, d->base.schema, name);
	return 0;
}

/* Constraints of CREATE DOMAIN: NULL / NOT NULL, DEFAULT, CHECK. */
static int domain_constraint(struct pg_ctx *ctx, struct sd_type *d,
			     PgQuery__Constraint *c, bool *saw_null,
			     bool *saw_default)
{
	int ret;

	switch (c->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
	case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
		if (*saw_null)
			return pg_error(ctx, SD_ERR, c->location,
					"conflicting NULL/NOT NULL "
					"constraints");
		*saw_null = true;
		d->not_null = c->contype ==
			      PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL;
		/* 17+: a named NOT NULL keeps its name (pg_constraint);
		 * the server's default one is <domain>_not_null */
		d->not_null_name = NULL;
		if (d->not_null && c->conname && *c->conname) {
			struct strbuf def = STRBUF_INIT;

			pg_default_name(&def, d->base.name, NULL, "not_null",
					0);
			if (strcmp(def.buf, c->conname))
				d->not_null_name =
					catalog_strdup(ctx->cat, c->conname);
			strbuf_release(&def);
		}
		return 0;
	case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
		if (*saw_default)
			return pg_error(ctx, SD_ERR, c->location,
					"multiple default expressions");
		*saw_default = true;
		if ((ret = pg_deparse_default(ctx, c->raw_expr,
					      &d->default_expr)))
			return ret;
		pg_expr_deps(ctx, &d->base, c->raw_expr);
		return 0;
	case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
		return 0;	/* after the others, in order */
	default:
		return pg_error(ctx, SD_ERR_UNSUPPORTED, c->location,
				"unsupported domain constraint");
	}
}

int parse_domain(struct pg_ctx *ctx, PgQuery__CreateDomainStmt *s)
{
	struct strbuf type = STRBUF_INIT;
	const char *schema, *name, *dep;
	enum pg_serial serial;
	bool saw_null = false, saw_default = false;
	struct sd_type *d;
	int ret;

	if ((ret = pg_new_name(ctx, s->domainname, s->n_domainname, &schema,
			       &name)))
		return ret;
	if ((ret = pg_format_type(ctx, s->type_name, &type, &dep, &serial)))
		goto out;
	if (serial) {
		ret = pg_error(ctx, SD_ERR, s->type_name->location,
			       "type \"serial\" does not exist");
		goto out;
	}
	if ((ret = pg_add_type(ctx, schema, name, SD_TYPTYPE_DOMAIN, -1, &d)))
		goto out;
	d->base_type = catalog_strdup(ctx->cat, type.buf);
	if (dep)
		catalog_add_dep(ctx->cat, &d->base, dep);
	if (s->coll_clause)
		d->collation = pg_collation_sql(ctx, &d->base,
						s->coll_clause->collname,
						s->coll_clause->n_collname);
	for (size_t i = 0; i < s->n_constraints && !ret; i++)
		if (s->constraints[i]->node_case ==
		    PG_QUERY__NODE__NODE_CONSTRAINT)
			ret = domain_constraint(ctx, d,
						s->constraints[i]->constraint,
						&saw_null, &saw_default);
	for (size_t i = 0; i < s->n_constraints && !ret; i++) {
		PgQuery__Constraint *c;
		if (s->constraints[i]->node_case !=
		    PG_QUERY__NODE__NODE_CONSTRAINT)
			continue;
		c = s->constraints[i]->constraint;
		if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK)
			ret = add_check(ctx, d, c);
	}
out:
	strbuf_release(&type);
	return ret;
}

static int find_domain(struct pg_ctx *ctx, PgQuery__Node **names, size_t n,
		       bool missing_ok, struct sd_type **out)
{
	const char *schema, *name, *found;
	struct sd_type *d;
	int ret;

	*out = NULL;
	if ((ret = pg_qualified(ctx, names, n, &schema, &name)))
		return ret;
	d = pg_find(ctx, SD_TYPE, schema, name, &found);
	if (!d) {
		if (missing_ok)
			return 0;
		return pg_error(ctx, SD_ERR, -1, "type \"%s\" does not exist",
				pg_qname(ctx, found, name));
	}
	if (d->typtype != SD_TYPTYPE_DOMAIN)
		return pg_error(ctx, SD_ERR, -1, "\"%s\" is not a domain",
				pg_qname(ctx, found, name));
	*out = d;
	return 0;
}

int parse_alter_domain(struct pg_ctx *ctx, PgQuery__AlterDomainStmt *s)
{
	struct sd_constraint *con;
	struct sd_type *d;
	char op = s->subtype ? s->subtype[0] : 0;
	int ret;

	if ((ret = find_domain(ctx, s->type_name, s->n_type_name,
			       s->missing_ok, &d)) || !d)
		return ret;
	switch (op) {
	case 'T':	/* SET DEFAULT / DROP DEFAULT */
		d->default_expr = NULL;
		if (s->def) {
			if ((ret = pg_deparse_default(ctx, s->def,
						      &d->default_expr)))
				return ret;
			pg_expr_deps(ctx, &d->base, s->def);
		}
		return 0;
	case 'N':	/* DROP NOT NULL */
		d->not_null = false;
		return 0;
	case 'O':	/* SET NOT NULL */
		d->not_null = true;
		return 0;
	case 'C':	/* ADD CONSTRAINT */
		if (!s->def || s->def->node_case !=
				       PG_QUERY__NODE__NODE_CONSTRAINT)
			return pg_error(ctx, SD_ERR, -1,
					"invalid domain constraint");
		if (s->def->constraint->contype ==
		    PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL) {
			d->not_null = true;
			return 0;
		}
		if (s->def->constraint->contype !=
		    PG_QUERY__CONSTR_TYPE__CONSTR_CHECK)
			return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
					"unsupported domain constraint");
		return add_check(ctx, d, s->def->constraint);
	case 'X':	/* DROP CONSTRAINT */
	case 'V':	/* VALIDATE CONSTRAINT */
		con = s->name ? type_find_check(d, s->name) : NULL;
		if (!con) {
			if (op == 'X' && s->missing_ok)
				return 0;
			return pg_error(ctx, SD_ERR, -1,
					"constraint \"%s\" of domain \"%s\" "
					"does not exist",
					s->name ? s->name : "", d->base.name);
		}
		if (op == 'V')
			con->not_valid = false;
		else
			type_remove_check(d, s->name);
		return 0;
	default:
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported statement ALTER DOMAIN");
	}
}

int pg_rename_domain_constraint(struct pg_ctx *ctx, PgQuery__RenameStmt *s)
{
	struct sd_constraint *con;
	struct sd_type *d;
	PgQuery__Node *o = s->object;
	int ret;

	if (!o || o->node_case != PG_QUERY__NODE__NODE_LIST)
		return pg_error(ctx, SD_ERR, -1, "invalid domain name");
	if ((ret = find_domain(ctx, o->list->items, o->list->n_items,
			       s->missing_ok, &d)) || !d)
		return ret;
	con = s->subname ? type_find_check(d, s->subname) : NULL;
	if (!con)
		return pg_error(ctx, SD_ERR, -1,
				"constraint \"%s\" for domain \"%s\" does not "
				"exist", s->subname ? s->subname : "",
				d->base.name);
	if (type_find_check(d, s->newname))
		return pg_error(ctx, SD_ERR, -1,
				"constraint \"%s\" for domain \"%s\" already "
				"exists", s->newname, d->base.name);
	con->name = catalog_strdup(ctx->cat, s->newname);
	pg_note_conname(ctx, d->base.schema, con->name);
	return 0;
}

bool pg_domain_conname_taken(struct pg_ctx *ctx, const char *schema,
			     const char *name)
{
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_type *t = (struct sd_type *)ctx->cat->all[i];

		if (t->base.kind != SD_TYPE ||
		    t->typtype != SD_TYPTYPE_DOMAIN ||
		    strcmp(t->base.schema, schema) ||
		    catalog_lookup(ctx->cat, t->base.key) != &t->base)
			continue;
		if (type_find_check(t, name))
			return true;
	}
	return false;
}

void pg_note_domain_connames(struct pg_ctx *ctx)
{
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_type *t = (struct sd_type *)ctx->cat->all[i];

		if (t->base.kind != SD_TYPE || t->typtype != SD_TYPTYPE_DOMAIN)
			continue;
		for (size_t j = 0; j < t->nchecks; j++)
			pg_note_conname(ctx, t->base.schema, t->checks[j].name);
	}
}

/* t names the type from (alone, or with modifiers or []): the same text
 * naming to, in the arena; NULL otherwise. */
static const char *renamed(struct pg_ctx *ctx, const char *t,
			   const char *from, const char *to)
{
	size_t n = strlen(from);

	if (!t || strncmp(t, from, n) ||
	    (t[n] && t[n] != '(' && strcmp(t + n, "[]")))
		return NULL;
	return arena_printf(&ctx->cat->arena, "%s%s", to, t + n);
}

void pg_follow_type_in_types(struct pg_ctx *ctx, const char *from,
			     const char *to)
{
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_type *t = (struct sd_type *)ctx->cat->all[i];
		const char *r;

		if (t->base.kind != SD_TYPE ||
		    catalog_lookup(ctx->cat, t->base.key) != &t->base)
			continue;
		if ((r = renamed(ctx, t->base_type, from, to)))
			t->base_type = r;
		for (size_t j = 0; j < t->nattrs; j++)
			if ((r = renamed(ctx, t->attrs[j].type, from, to)))
				t->attrs[j].type = r;
	}
}
