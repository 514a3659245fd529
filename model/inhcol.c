/*
 * model/inhcol.c: what a partition or an inheritance child has of its own
 * on the columns it inherits: a default and NOT NULL of its own (struct
 * sd_table.inh_columns). The server copies a parent's default into each
 * child when the child is made (PARTITION OF, INHERITS), keeps a table's
 * own defaults when it is attached, and lets ALTER TABLE ONLY change one
 * side; an entry is kept only where the child differs from what its
 * parents give, so that a parsed catalog and an introspected one agree.
 *
 * Memory: entries and their names live in the catalog's arena.
 */
#include "model/catalog.h"

#include <string.h>

#include "util/banned.h"

/* Parents are followed at most this deep (the server refuses cycles). */
#define MAX_DEPTH 32

struct sd_column *table_inh_column(const struct sd_table *t, const char *name)
{
	for (size_t i = 0; i < t->ninh_columns; i++)
		if (!strcmp(t->inh_columns[i].name, name))
			return &t->inh_columns[i];
	return NULL;
}

struct sd_column *table_set_inh_column(struct catalog *cat,
				       struct sd_table *t, const char *name)
{
	struct sd_column *c = table_inh_column(t, name), *list;

	if (c)
		return c;
	list = arena_alloc(&cat->arena,
			   (t->ninh_columns + 1) * sizeof(*list));
	if (t->ninh_columns)
		memcpy(list, t->inh_columns,
		       t->ninh_columns * sizeof(*list));
	c = &list[t->ninh_columns++];
	memset(c, 0, sizeof(*c));
	c->name = arena_strdup(&cat->arena, name);
	t->inh_columns = list;
	return c;
}

void table_drop_inh_column(struct sd_table *t, const char *name)
{
	struct sd_column *c = table_inh_column(t, name);
	size_t i;

	if (!c)
		return;
	i = (size_t)(c - t->inh_columns);
	memmove(&t->inh_columns[i], &t->inh_columns[i + 1],
		(t->ninh_columns - i - 1) * sizeof(*t->inh_columns));
	t->ninh_columns--;
}

static bool effective(const struct catalog *cat, const struct sd_table *t,
		      const char *name, const char **def, bool *nn,
		      int depth);

static bool from_parents(const struct catalog *cat, const struct sd_table *t,
			 const char *name, const char **def, bool *nn,
			 int depth)
{
	const struct sd_table *p;
	bool found = false;

	*def = NULL;
	*nn = false;
	if (depth > MAX_DEPTH)
		return false;
	if (t->part_parent &&
	    (p = catalog_find(cat, SD_TABLE, t->part_parent_schema,
			      t->part_parent)))
		return effective(cat, p, name, def, nn, depth + 1);
	for (size_t i = 0; i < t->ninherits; i++) {
		const struct sd_object *o = catalog_lookup(cat, t->inherits[i]);
		const char *d;
		bool n;

		if (!o || o->kind != SD_TABLE ||
		    !effective(cat, (const struct sd_table *)o, name, &d, &n,
			       depth + 1))
			continue;
		if (!found)
			*def = d;
		*nn = *nn || n;
		found = true;
	}
	return found;
}

static bool effective(const struct catalog *cat, const struct sd_table *t,
		      const char *name, const char **def, bool *nn, int depth)
{
	const struct sd_column *c = table_find_column(t, name);

	if (!c)
		c = table_inh_column(t, name);
	if (c) {
		*def = c->default_expr;
		*nn = c->not_null;
		return true;
	}
	return from_parents(cat, t, name, def, nn, depth);
}

bool table_parent_column(const struct catalog *cat, const struct sd_table *t,
			 const char *name, const char **default_expr,
			 bool *not_null)
{
	return from_parents(cat, t, name, default_expr, not_null, 0);
}

bool table_column_effective(const struct catalog *cat,
			    const struct sd_table *t, const char *name,
			    const char **default_expr, bool *not_null)
{
	return effective(cat, t, name, default_expr, not_null, 0);
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

void table_inh_normalize(const struct catalog *cat, struct sd_table *t)
{
	for (size_t i = t->ninh_columns; i-- > 0;) {
		const struct sd_column *c = &t->inh_columns[i];
		const char *def;
		bool nn;

		/* none of its parents has the column (yet): kept as it is */
		if (!table_find_column(t, c->name) &&
		    !table_parent_column(cat, t, c->name, &def, &nn))
			continue;
		/* (a column the table holds itself needs no entry) */
		if (table_find_column(t, c->name) ||
		    (same_text(def, c->default_expr) && nn == c->not_null))
			table_drop_inh_column(t, c->name);
	}
}
