/*
 * emit/pg_features.c: the PostgreSQL features a desired catalog uses, by
 * the server version that added them (emit/pg_features.h). Each row of
 * features[] says how to find its feature in the model; the check walks
 * every object once per row (a catalog of 5,000 tables takes
 * milliseconds).
 *
 * Not in the table, because the diff writes them for the target's
 * version (changeset.pg_version): SET STORAGE back to the type's storage
 * (SET STORAGE DEFAULT on 16+, the storage's name before), a stored
 * generated column's new expression (SET EXPRESSION on 17+).
 *
 * Memory: nothing is kept; the message is in err.
 */
#include "emit/pg_features.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/vec.h"

#include "util/banned.h"

/* Where a feature is used: filled by the detectors. */
struct use {
	struct strbuf where;
};

static void at_column(struct use *u, const struct sd_table *t,
		      const struct sd_column *c)
{
	strbuf_addf(&u->where, "column %s.%s.%s", t->base.schema,
		    t->base.name, c->name);
}

static void at_constraint(struct use *u, const struct sd_table *t,
			  const struct sd_constraint *k)
{
	strbuf_addf(&u->where, "constraint %s on %s.%s", k->name,
		    t->base.schema, t->base.name);
}

/* --- detectors: true when obj uses the feature (and where) --- */

static bool col_compression(const struct sd_object *o, struct use *u)
{
	const struct sd_table *t = (const void *)o;

	if (o->kind != SD_TABLE)
		return false;
	for (size_t i = 0; i < t->ncolumns; i++)
		if (t->columns[i].compression) {
			at_column(u, t, &t->columns[i]);
			return true;
		}
	return false;
}

static bool nulls_not_distinct(const struct sd_object *o, struct use *u)
{
	if (o->kind == SD_INDEX) {
		const struct sd_index *ix = (const void *)o;
		if (ix->nulls_not_distinct) {
			strbuf_addf(&u->where, "index %s.%s", o->schema,
				    o->name);
			return true;
		}
	} else if (o->kind == SD_TABLE) {
		const struct sd_table *t = (const void *)o;
		for (size_t i = 0; i < t->nconstraints; i++)
			if (t->constraints[i].nulls_not_distinct) {
				at_constraint(u, t, &t->constraints[i]);
				return true;
			}
	}
	return false;
}

static bool icu_rules(const struct sd_object *o, struct use *u)
{
	const struct sd_collation *c = (const void *)o;

	if (o->kind != SD_COLLATION || !c->rules)
		return false;
	strbuf_addf(&u->where, "collation %s.%s", o->schema, o->name);
	return true;
}

static bool builtin_provider(const struct sd_object *o, struct use *u)
{
	const struct sd_collation *c = (const void *)o;

	if (o->kind != SD_COLLATION || c->provider != 'b')
		return false;
	strbuf_addf(&u->where, "collation %s.%s", o->schema, o->name);
	return true;
}

static bool security_invoker(const struct sd_object *o, struct use *u)
{
	const struct sd_view *v = (const void *)o;

	if (o->kind != SD_VIEW)
		return false;
	for (size_t i = 0; i < v->noptions; i++)
		if (!strncmp(v->options[i], "security_invoker=", 17)) {
			strbuf_addf(&u->where, "view %s.%s", o->schema,
				    o->name);
			return true;
		}
	return false;
}

static bool maintain(const struct sd_object *o, struct use *u)
{
	for (size_t i = 0; i < o->ngrants; i++)
		if (!strcmp(o->grants[i].privilege, "MAINTAIN")) {
			strbuf_addf(&u->where, "%s %s%s%s",
				    sd_kind_name(o->kind),
				    o->schema ? o->schema : "",
				    o->schema ? "." : "", o->name);
			return true;
		}
	return false;
}

static bool domain_not_null_name(const struct sd_object *o, struct use *u)
{
	const struct sd_type *t = (const void *)o;

	if (o->kind != SD_TYPE || !t->not_null_name)
		return false;
	strbuf_addf(&u->where, "domain %s.%s", o->schema, o->name);
	return true;
}

static bool virtual_column(const struct sd_object *o, struct use *u)
{
	const struct sd_table *t = (const void *)o;

	if (o->kind != SD_TABLE)
		return false;
	for (size_t i = 0; i < t->ncolumns; i++)
		if (t->columns[i].generated && t->columns[i].gen_virtual) {
			at_column(u, t, &t->columns[i]);
			return true;
		}
	return false;
}

static bool not_null_constraint(const struct sd_object *o, struct use *u)
{
	const struct sd_table *t = (const void *)o;

	if (o->kind != SD_TABLE)
		return false;
	for (size_t i = 0; i < t->ncolumns; i++) {
		const struct sd_column *c = &t->columns[i];
		if (c->not_null_name || c->not_null_no_inherit ||
		    c->not_null_not_valid) {
			at_column(u, t, c);
			return true;
		}
	}
	return false;
}

/* A constraint flag of 18: which one is the row's argument. */
static bool constraint_flag(const struct sd_object *o, struct use *u,
			    size_t offset)
{
	const struct sd_table *t = (const void *)o;

	if (o->kind != SD_TABLE)
		return false;
	for (size_t i = 0; i < t->nconstraints; i++)
		if (*(const bool *)((const char *)&t->constraints[i] +
				    offset)) {
			at_constraint(u, t, &t->constraints[i]);
			return true;
		}
	return false;
}

static bool not_enforced(const struct sd_object *o, struct use *u)
{
	return constraint_flag(o, u,
			       offsetof(struct sd_constraint, not_enforced));
}

static bool without_overlaps(const struct sd_object *o, struct use *u)
{
	return constraint_flag(o, u,
			       offsetof(struct sd_constraint,
					without_overlaps));
}

static bool period(const struct sd_object *o, struct use *u)
{
	return constraint_flag(o, u, offsetof(struct sd_constraint, period));
}

/* In version order, so that the first refusal names the oldest need. */
static const struct pg_feature {
	const char *name;	/* plural: "<name> need PostgreSQL N" */
	int since;		/* server_version_num */
	bool (*used)(const struct sd_object *o, struct use *u);
} features[] = {
	{ "column compression methods (COMPRESSION)", 140000,
	  col_compression },
	{ "UNIQUE NULLS NOT DISTINCT", 150000, nulls_not_distinct },
	{ "security_invoker views", 150000, security_invoker },
	{ "ICU collation rules", 160000, icu_rules },
	{ "builtin collation providers", 170000, builtin_provider },
	{ "MAINTAIN privileges", 170000, maintain },
	{ "named domain NOT NULL constraints", 170000, domain_not_null_name },
	{ "virtual generated columns", 180000, virtual_column },
	{ "named, NO INHERIT or NOT VALID NOT NULL constraints", 180000,
	  not_null_constraint },
	{ "NOT ENFORCED constraints", 180000, not_enforced },
	{ "WITHOUT OVERLAPS keys", 180000, without_overlaps },
	{ "PERIOD foreign keys", 180000, period },
};

#define NFEATURES (sizeof(features) / sizeof(*features))

/* The first object of cat that uses feature f, or NULL. */
static const struct sd_object *first_use(const struct catalog *cat,
					 const struct vec *objs,
					 const struct pg_feature *f,
					 struct use *u)
{
	(void)cat;
	for (size_t i = 0; i < objs->len; i++) {
		const struct sd_object *o = objs->items[i];
		strbuf_reset(&u->where);
		if (f->used(o, u))
			return o;
	}
	return NULL;
}

int pg_features_needed(const struct catalog *cat, const char **name)
{
	struct vec objs = VEC_INIT;
	struct use u = { STRBUF_INIT };
	int need = 130000;

	if (name)
		*name = NULL;
	catalog_list(cat, -1, &objs);
	for (size_t f = 0; f < NFEATURES; f++)
		if (features[f].since > need &&
		    first_use(cat, &objs, &features[f], &u)) {
			need = features[f].since;
			if (name)
				*name = features[f].name;
		}
	strbuf_release(&u.where);
	vec_release(&objs);
	return need;
}

int pg_features_check(const struct catalog *cat, int target_version,
		      const char *what, struct sd_error *err)
{
	struct vec objs = VEC_INIT;
	struct use u = { STRBUF_INIT };
	int ret = 0;

	if (!target_version || !cat || cat->dialect != SQL_POSTGRES)
		return 0;
	catalog_list(cat, -1, &objs);
	for (size_t f = 0; f < NFEATURES && !ret; f++) {
		if (target_version >= features[f].since ||
		    !first_use(cat, &objs, &features[f], &u))
			continue;
		ret = sd_error_set(err, SD_ERR_UNSUPPORTED, NULL, 0, 0,
				   "%s need PostgreSQL %d; the target is %d "
				   "(%s%s%s)", features[f].name,
				   features[f].since / 10000,
				   target_version / 10000, u.where.buf,
				   what ? " in " : "", what ? what : "");
	}
	strbuf_release(&u.where);
	vec_release(&objs);
	return ret;
}
