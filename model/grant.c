/*
 * model/grant.c: the privileges an object carries (struct sd_grant lists
 * in struct sd_object): add, revoke, find, keep sorted, and the implicit
 * defaults some kinds give PUBLIC.
 *
 * Memory: the lists and their strings live in the catalog's arena; a
 * revoked entry is unlinked (its memory stays until the catalog is freed).
 */
#include "model/catalog.h"

#include <string.h>

#include "util/banned.h"

static int cmp_null_first(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : (b ? -1 : 0);
	return strcmp(a, b);
}

int sd_grant_cmp(const struct sd_grant *a, const struct sd_grant *b)
{
	int c;

	if ((c = cmp_null_first(a->grantee, b->grantee)))
		return c;
	if ((c = cmp_null_first(a->column, b->column)))
		return c;
	return strcmp(a->privilege, b->privilege);
}

static bool same_str(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

struct sd_grant *object_find_grant(const struct sd_object *obj,
				   const char *grantee, const char *column,
				   const char *privilege)
{
	for (size_t i = 0; i < obj->ngrants; i++) {
		struct sd_grant *g = &obj->grants[i];
		if (same_str(g->grantee, grantee) &&
		    same_str(g->column, column) &&
		    !strcmp(g->privilege, privilege))
			return g;
	}
	return NULL;
}

void object_grant(struct catalog *cat, struct sd_object *obj,
		  const char *grantee, const char *column,
		  const char *privilege, bool grant_option)
{
	struct sd_grant *g = object_find_grant(obj, grantee, column, privilege);
	struct sd_grant key = { grantee, column, privilege, grant_option };
	size_t pos;

	if (g) {
		g->grant_option |= grant_option;
		return;
	}
	if (obj->ngrants == obj->grants_alloc) {
		size_t n = obj->grants_alloc ? obj->grants_alloc * 2 : 4;
		obj->grants = arena_grow(&cat->arena, obj->grants, obj->ngrants,
					 n, sizeof(*obj->grants));
		obj->grants_alloc = n;
	}
	for (pos = 0; pos < obj->ngrants; pos++)
		if (sd_grant_cmp(&key, &obj->grants[pos]) < 0)
			break;
	memmove(&obj->grants[pos + 1], &obj->grants[pos],
		(obj->ngrants - pos) * sizeof(*obj->grants));
	g = &obj->grants[pos];
	g->grantee = grantee ? catalog_strdup(cat, grantee) : NULL;
	g->column = column ? catalog_strdup(cat, column) : NULL;
	g->privilege = catalog_strdup(cat, privilege);
	g->grant_option = grant_option;
	obj->ngrants++;
}

void object_revoke(struct sd_object *obj, const char *grantee,
		   const char *column, const char *privilege,
		   bool option_only)
{
	struct sd_grant *g = object_find_grant(obj, grantee, column, privilege);
	size_t i;

	if (!g)
		return;
	if (option_only) {
		g->grant_option = false;
		return;
	}
	i = (size_t)(g - obj->grants);
	memmove(&obj->grants[i], &obj->grants[i + 1],
		(obj->ngrants - i - 1) * sizeof(*obj->grants));
	obj->ngrants--;
}

void object_column_grants(struct catalog *cat, struct sd_object *obj,
			  const char *column, const char *new_name)
{
	size_t n = obj->ngrants;
	struct sd_grant *moved;
	size_t nmoved = 0;

	if (!n)
		return;
	moved = arena_alloc(&cat->arena, n * sizeof(*moved));
	for (size_t i = 0; i < obj->ngrants;) {
		if (same_str(obj->grants[i].column, column)) {
			moved[nmoved++] = obj->grants[i];
			memmove(&obj->grants[i], &obj->grants[i + 1],
				(obj->ngrants - i - 1) * sizeof(*obj->grants));
			obj->ngrants--;
		} else {
			i++;
		}
	}
	if (!new_name)
		return;
	for (size_t i = 0; i < nmoved; i++)
		object_grant(cat, obj, moved[i].grantee, new_name,
			     moved[i].privilege, moved[i].grant_option);
}

const char *sd_kind_public_default(enum sd_kind kind)
{
	switch (kind) {
	case SD_FUNCTION:
		return "EXECUTE";
	case SD_TYPE:
		return "USAGE";
	default:
		return NULL;
	}
}

void object_grants_materialize(struct catalog *cat, struct sd_object *obj)
{
	const char *priv = sd_kind_public_default(obj->kind);

	if (obj->acl_set)
		return;
	obj->acl_set = true;
	if (priv)
		object_grant(cat, obj, NULL, NULL, priv, false);
}
