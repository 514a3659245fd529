/*
 * tests/diff/builders.h: small helpers that build catalogs by hand through
 * the model API, shared by tests/diff and tests/emit. Everything is
 * allocated in the catalog's arena; sql_of() returns a malloc'd string the
 * caller frees.
 */
#ifndef SD_TESTS_BUILDERS_H
#define SD_TESTS_BUILDERS_H

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"
#include "emit/emit.h"
#include "model/catalog.h"

static inline struct catalog *b_cat(void)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	catalog_add(cat, SD_SCHEMA, NULL, "public");
	return cat;
}

static inline struct sd_table *b_table(struct catalog *cat, const char *name)
{
	struct sd_table *t = catalog_add(cat, SD_TABLE, "public", name);
	cr_assert(t, "duplicate table %s", name);
	return t;
}

static inline struct sd_column *b_col(struct catalog *cat, struct sd_table *t,
				      const char *name, const char *type,
				      bool not_null)
{
	struct sd_column *c = table_add_column(cat, t, name);
	c->type = catalog_strdup(cat, type);
	c->not_null = not_null;
	return c;
}

static inline const char **b_list(struct catalog *cat, const char *one)
{
	const char **v = arena_alloc(&cat->arena, sizeof(*v));
	v[0] = catalog_strdup(cat, one);
	return v;
}

static inline struct sd_constraint *b_pk(struct catalog *cat,
					 struct sd_table *t, const char *col)
{
	struct strbuf name = STRBUF_INIT;
	struct sd_constraint *c;

	strbuf_addf(&name, "%s_pkey", t->base.name);
	c = table_add_constraint(cat, t, name.buf);
	strbuf_release(&name);
	c->type = SD_CON_PRIMARY;
	c->columns = b_list(cat, col);
	c->ncolumns = 1;
	return c;
}

static inline struct sd_constraint *b_check(struct catalog *cat,
					    struct sd_table *t,
					    const char *name, const char *expr)
{
	struct sd_constraint *c = table_add_constraint(cat, t, name);
	c->type = SD_CON_CHECK;
	c->expr = catalog_strdup(cat, expr);
	return c;
}

/* A foreign key t(col) -> public.ref(ref_col), with the dep the parser
 * records (table -> referenced table). */
static inline struct sd_constraint *b_fk(struct catalog *cat,
					 struct sd_table *t, const char *col,
					 const char *ref, const char *ref_col)
{
	struct strbuf name = STRBUF_INIT;
	struct sd_constraint *c;

	strbuf_addf(&name, "%s_%s_fkey", t->base.name, col);
	c = table_add_constraint(cat, t, name.buf);
	strbuf_release(&name);
	c->type = SD_CON_FOREIGN;
	c->columns = b_list(cat, col);
	c->ncolumns = 1;
	c->ref_schema = catalog_strdup(cat, "public");
	c->ref_table = catalog_strdup(cat, ref);
	c->ref_columns = b_list(cat, ref_col);
	c->nref_columns = 1;
	catalog_add_dep(cat, &t->base, catalog_key(cat, SD_TABLE, "public", ref));
	return c;
}

static inline struct sd_type *b_enum(struct catalog *cat, const char *name,
				     const char *labels)
{
	struct sd_type *t = catalog_add(cat, SD_TYPE, "public", name);
	char *copy = strdup(labels), *save = NULL;

	t->typtype = SD_TYPTYPE_ENUM;
	for (char *p = strtok_r(copy, ",", &save); p;
	     p = strtok_r(NULL, ",", &save))
		type_add_label(cat, t, p, t->nlabels);
	free(copy);
	return t;
}

/* A view reading the relations named in deps ("t1,t2", in public). */
static inline struct sd_view *b_view(struct catalog *cat, const char *name,
				     const char *query, const char *deps)
{
	struct sd_view *v = catalog_add(cat, SD_VIEW, "public", name);
	char *copy = strdup(deps), *save = NULL;

	v->query = catalog_strdup(cat, query);
	for (char *p = strtok_r(copy, ",", &save); p;
	     p = strtok_r(NULL, ",", &save))
		catalog_add_dep(cat, &v->base,
				catalog_key(cat, SD_TABLE, "public", p));
	free(copy);
	return v;
}

static inline struct sd_index *b_index(struct catalog *cat, const char *name,
				       const char *table, const char *col)
{
	struct sd_index *ix = catalog_add(cat, SD_INDEX, "public", name);

	ix->table = catalog_strdup(cat, table);
	ix->method = "btree";
	ix->elems = arena_alloc(&cat->arena, sizeof(*ix->elems));
	ix->elems[0].column = catalog_strdup(cat, col);
	ix->nelems = 1;
	catalog_add_dep(cat, &ix->base,
			catalog_key(cat, SD_TABLE, "public", table));
	return ix;
}

static inline struct sd_sequence *b_seq(struct catalog *cat, const char *name)
{
	struct sd_sequence *s = catalog_add(cat, SD_SEQUENCE, "public", name);

	s->type = "bigint";
	s->start = 1;
	s->increment = 1;
	s->minvalue = 1;
	s->maxvalue = INT64_MAX;
	s->cache = 1;
	return s;
}

/* diff + emit; the SQL, malloc'd. Fails the test on a diff error. */
static inline char *b_sql(const struct catalog *from, const struct catalog *to)
{
	struct changeset *cs = NULL;
	struct sd_error err;
	struct strbuf sb = STRBUF_INIT;
	int ret;

	memset(&err, 0, sizeof(err));
	ret = diff_catalogs(from, to, &cs, &err);
	cr_assert_eq(ret, 0, "diff failed: %s", err.msg);
	emit_pg_changeset(cs, &sb);
	changeset_free(cs);
	return strbuf_detach(&sb, NULL);
}

/* The change descriptions, malloc'd. */
static inline char *b_describe(const struct catalog *from,
			       const struct catalog *to)
{
	struct changeset *cs = NULL;
	struct sd_error err;
	struct strbuf sb = STRBUF_INIT;

	memset(&err, 0, sizeof(err));
	cr_assert_eq(diff_catalogs(from, to, &cs, &err), 0, "diff failed: %s",
		     err.msg);
	changeset_describe(cs, &sb);
	changeset_free(cs);
	return strbuf_detach(&sb, NULL);
}

/* Assert that a occurs in s before b. */
static inline void b_before(const char *s, const char *a, const char *b)
{
	const char *pa = strstr(s, a), *pb = strstr(s, b);
	cr_assert(pa, "missing \"%s\" in:\n%s", a, s);
	cr_assert(pb, "missing \"%s\" in:\n%s", b, s);
	cr_assert(pa < pb, "\"%s\" should come before \"%s\" in:\n%s", a, b,
		  s);
}

#endif
