/*
 * model/viewcol.c: the column notes of views and materialized views
 * (struct sd_viewcols): comments and view column defaults, kept apart from
 * the query that gives the columns. Memory: the catalog's arena.
 */
#include "model/catalog.h"

#include <string.h>

#include "util/banned.h"

struct sd_column *viewcols_find(const struct sd_viewcols *v, const char *name)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->cols[i].name, name))
			return &v->cols[i];
	return NULL;
}

struct sd_column *viewcols_get(struct catalog *cat, struct sd_viewcols *v,
			       const char *name)
{
	struct sd_column *c = viewcols_find(v, name);

	if (c)
		return c;
	if (v->n == v->alloc) {
		size_t n = v->alloc ? v->alloc * 2 : 4;
		v->cols = arena_grow(&cat->arena, v->cols, v->n, n,
				     sizeof(*v->cols));
		v->alloc = n;
	}
	c = &v->cols[v->n++];
	memset(c, 0, sizeof(*c));
	c->name = arena_strdup(&cat->arena, name);
	return c;
}

struct sd_viewcols *object_viewcols(struct sd_object *obj)
{
	if (obj->kind == SD_VIEW)
		return &((struct sd_view *)obj)->notes;
	if (obj->kind == SD_MATVIEW)
		return &((struct sd_matview *)obj)->notes;
	return NULL;
}
