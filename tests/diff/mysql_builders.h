/*
 * tests/diff/mysql_builders.h: helpers that build MySQL catalogs by hand in
 * the canonical form of docs/mysql.md (schema NULL, indexes "table.index",
 * PRIMARY KEY named PRIMARY), shared by tests/diff/test_mysql_diff.c and
 * tests/emit/test_mysql_emit.c. Everything is allocated in the catalog's
 * arena; my_sql() and my_describe() return malloc'd strings the caller
 * frees.
 *
 * When SD_MYSQL_SQL_DUMP names a file, my_expect_sql() appends to it a
 * script that creates the `from` side in a fresh database and runs the
 * migration to `to`, and another database where `to` is created directly,
 * so that the golden SQL can be run through a real server (mariadb <
 * file) and the two databases compared. Run the tests with --jobs 1 then,
 * so that the scripts do not interleave.
 */
#ifndef SD_TESTS_MYSQL_BUILDERS_H
#define SD_TESTS_MYSQL_BUILDERS_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"
#include "emit/emit.h"
#include "model/catalog.h"
#include "parser/mysql/mysql_parser.h"

static inline struct catalog *my_cat(void)
{
	return catalog_new(SQL_MYSQL);
}

static inline struct sd_table *my_table(struct catalog *cat, const char *name)
{
	struct sd_table *t = catalog_add(cat, SD_TABLE, NULL, name);

	cr_assert(t, "duplicate table %s", name);
	t->engine = "InnoDB";
	return t;
}

static inline struct sd_column *my_col(struct catalog *cat, struct sd_table *t,
				       const char *name, const char *type,
				       bool not_null)
{
	struct sd_column *c = table_add_column(cat, t, name);

	c->type = catalog_strdup(cat, type);
	c->not_null = not_null;
	return c;
}

/* "a,b,c" -> an arena array; *n the count. */
static inline const char **my_list(struct catalog *cat, const char *csv,
				   size_t *n)
{
	char *copy = strdup(csv), *save = NULL;
	const char **v;
	size_t k = 1;

	for (const char *p = csv; *p; p++)
		k += *p == ',';
	v = arena_alloc(&cat->arena, k * sizeof(*v));
	*n = 0;
	for (char *p = strtok_r(copy, ",", &save); p;
	     p = strtok_r(NULL, ",", &save))
		v[(*n)++] = catalog_strdup(cat, p);
	free(copy);
	return v;
}

static inline struct sd_constraint *my_pk(struct catalog *cat,
					  struct sd_table *t, const char *cols)
{
	struct sd_constraint *c = table_add_constraint(cat, t, "PRIMARY");

	c->type = SD_CON_PRIMARY;
	c->columns = my_list(cat, cols, &c->ncolumns);
	return c;
}

static inline struct sd_constraint *my_check(struct catalog *cat,
					     struct sd_table *t,
					     const char *name, const char *expr)
{
	struct sd_constraint *c = table_add_constraint(cat, t, name);

	c->type = SD_CON_CHECK;
	c->expr = catalog_strdup(cat, expr);
	return c;
}

/* A column-level check: named after its column, columns = { column }. */
static inline struct sd_constraint *my_col_check(struct catalog *cat,
						 struct sd_table *t,
						 const char *col,
						 const char *expr)
{
	struct sd_constraint *c = my_check(cat, t, col, expr);

	c->columns = my_list(cat, col, &c->ncolumns);
	return c;
}

/* A foreign key t(cols) -> ref(ref_cols), RESTRICT both ways as the server
 * reports it, with the table's dep on ref. */
static inline struct sd_constraint *my_fk(struct catalog *cat,
					  struct sd_table *t, const char *name,
					  const char *cols, const char *ref,
					  const char *ref_cols)
{
	struct sd_constraint *c = table_add_constraint(cat, t, name);

	c->type = SD_CON_FOREIGN;
	c->columns = my_list(cat, cols, &c->ncolumns);
	c->ref_table = catalog_strdup(cat, ref);
	c->ref_columns = my_list(cat, ref_cols, &c->nref_columns);
	c->on_update = SD_FK_RESTRICT;
	c->on_delete = SD_FK_RESTRICT;
	catalog_add_dep(cat, &t->base, catalog_key(cat, SD_TABLE, NULL, ref));
	return c;
}

/* An index on t: elems "a,b(10),c DESC" (prefix lengths, DESC); method
 * NULL is btree. */
static inline struct sd_index *my_index(struct catalog *cat,
					struct sd_table *t, const char *name,
					const char *elems, bool unique,
					const char *method)
{
	struct strbuf full = STRBUF_INIT;
	struct sd_index *ix;
	const char **parts;
	size_t n;

	strbuf_addf(&full, "%s.%s", t->base.name, name);
	ix = catalog_add(cat, SD_INDEX, NULL, full.buf);
	strbuf_release(&full);
	cr_assert(ix, "duplicate index %s", name);
	ix->table = t->base.name;
	ix->ixname = catalog_strdup(cat, name);
	ix->method = method ? method : "btree";
	ix->unique = unique;
	parts = my_list(cat, elems, &n);
	ix->elems = arena_alloc(&cat->arena, n * sizeof(*ix->elems));
	memset(ix->elems, 0, n * sizeof(*ix->elems));
	ix->nelems = n;
	for (size_t i = 0; i < n; i++) {
		char *p = strdup(parts[i]), *sp;
		struct sd_index_elem *e = &ix->elems[i];

		if ((sp = strstr(p, " DESC"))) {
			e->desc = true;
			*sp = '\0';
		}
		if ((sp = strchr(p, '('))) {
			e->sub_part = (unsigned)atoi(sp + 1);
			*sp = '\0';
		}
		e->column = catalog_strdup(cat, p);
		free(p);
	}
	catalog_add_dep(cat, &ix->base, t->base.key);
	return ix;
}

/* A view reading the relations named in deps ("t1,v1"; each a table or a
 * view already in cat). */
static inline struct sd_view *my_view(struct catalog *cat, const char *name,
				      const char *query, const char *deps)
{
	struct sd_view *v = catalog_add(cat, SD_VIEW, NULL, name);
	size_t n;
	const char **d = my_list(cat, deps, &n);

	cr_assert(v, "duplicate view %s", name);
	v->query = catalog_strdup(cat, query);
	for (size_t i = 0; i < n; i++)
		catalog_add_dep(cat, &v->base,
				catalog_key(cat, SD_VIEW, NULL, d[i]));
	return v;
}

static inline struct sd_trigger *my_trigger(struct catalog *cat,
					    const char *table,
					    const char *name,
					    const char *definition)
{
	struct strbuf full = STRBUF_INIT;
	struct sd_trigger *tg;

	strbuf_addf(&full, "%s.%s", table, name);
	tg = catalog_add(cat, SD_TRIGGER, NULL, full.buf);
	strbuf_release(&full);
	tg->table = catalog_strdup(cat, table);
	tg->tgname = catalog_strdup(cat, name);
	tg->definition = catalog_strdup(cat, definition);
	catalog_add_dep(cat, &tg->base, catalog_key(cat, SD_TABLE, NULL,
						    table));
	return tg;
}

static inline struct sd_function *my_routine(struct catalog *cat,
					     const char *name,
					     bool is_procedure,
					     const char *definition)
{
	struct sd_function *f = catalog_add(cat, SD_FUNCTION, NULL, name);

	f->fname = f->base.name;
	f->identity_args = "";
	f->is_procedure = is_procedure;
	f->definition = catalog_strdup(cat, definition);
	return f;
}

static inline struct changeset *my_diff(const struct catalog *from,
					const struct catalog *to)
{
	struct changeset *cs = NULL;
	struct sd_error err;

	memset(&err, 0, sizeof(err));
	cr_assert_eq(diff_catalogs(from, to, &cs, &err), 0, "diff failed: %s",
		     err.msg);
	return cs;
}

static inline char *my_sql_only(const struct catalog *from,
				const struct catalog *to)
{
	struct changeset *cs = my_diff(from, to);
	struct strbuf sb = STRBUF_INIT;

	emit_changeset(cs, &sb);
	changeset_free(cs);
	return strbuf_detach(&sb, NULL);
}

/* Every statement emit writes parses in our own parser (issue 12):
 * `from`, written as CREATE statements, is replayed into a fresh catalog,
 * then the migration sql on top, each statement where the server would
 * run it. (Whether the result equals `to` is not asked here: the
 * builders' catalogs are not all in the parser's canonical form, views'
 * text for one; the live tests and the corpus check that on a server.) */
static inline void my_replay_check(const struct catalog *from,
				   const struct catalog *to, const char *sql)
{
	struct catalog *empty = my_cat(), *replayed = my_cat();
	char *setup = my_sql_only(empty, from);
	struct sd_error err;

	memset(&err, 0, sizeof(err));
	cr_assert_eq(mysql_replay_script(replayed, "setup.sql", setup, &err),
		     0, "the CREATE statements of `from` do not parse: "
		     "%d:%d: %s\n%s", err.line, err.col, err.msg, setup);
	cr_assert_eq(mysql_replay_script(replayed, "plan.sql", sql, &err), 0,
		     "the emitted SQL does not parse: %d:%d: %s\n%s",
		     err.line, err.col, err.msg, sql);
	(void)to;
	free(setup);
	catalog_free(replayed);
	catalog_free(empty);
}

/* diff + emit (the dialect's writer, through emit_changeset()), checked
 * by my_replay_check(). */
static inline char *my_sql(const struct catalog *from,
			   const struct catalog *to)
{
	char *sql = my_sql_only(from, to);

	my_replay_check(from, to, sql);
	return sql;
}

static inline char *my_describe(const struct catalog *from,
				const struct catalog *to)
{
	struct changeset *cs = my_diff(from, to);
	struct strbuf sb = STRBUF_INIT;

	changeset_describe(cs, &sb);
	changeset_free(cs);
	return strbuf_detach(&sb, NULL);
}

/* Assert the migration's SQL; with SD_MYSQL_SQL_DUMP set, append a script
 * for a real server: a fresh database named after the case, the `from`
 * side created from nothing, then the migration. */
static inline void my_expect_sql(const char *name, const struct catalog *from,
				 const struct catalog *to, const char *want)
{
	char *got = my_sql(from, to);
	const char *dump = getenv("SD_MYSQL_SQL_DUMP");

	cr_expect_str_eq(got, want, "%s: got\n%s", name, got);
	if (dump) {
		struct catalog *empty = my_cat();
		char *setup = my_sql(empty, from);
		char *direct = my_sql(empty, to);
		FILE *f = fopen(dump, "a");

		cr_assert(f, "cannot open %s", dump);
		fprintf(f, "DROP DATABASE IF EXISTS `sd_%s`;\n"
			   "CREATE DATABASE `sd_%s` DEFAULT CHARSET=utf8mb4 "
			   "COLLATE=utf8mb4_general_ci;\nUSE `sd_%s`;\n"
			   "-- setup\n%s-- migration\n%s",
			name, name, name, setup, got);
		/* `to` created directly, to compare with the migrated one */
		fprintf(f, "DROP DATABASE IF EXISTS `sdw_%s`;\n"
			   "CREATE DATABASE `sdw_%s` DEFAULT CHARSET=utf8mb4 "
			   "COLLATE=utf8mb4_general_ci;\nUSE `sdw_%s`;\n%s",
			name, name, name, direct);
		fclose(f);
		free(direct);
		free(setup);
		catalog_free(empty);
	}
	free(got);
}

/* Assert that a occurs in s before b. */
static inline void my_before(const char *s, const char *a, const char *b)
{
	const char *pa = strstr(s, a), *pb = strstr(s, b);

	cr_assert(pa, "missing \"%s\" in:\n%s", a, s);
	cr_assert(pb, "missing \"%s\" in:\n%s", b, s);
	cr_assert(pa < pb, "\"%s\" should come before \"%s\" in:\n%s", a, b,
		  s);
}

#endif
