/*
 * parser/pg/pg_inhcol.c: the defaults and NOT NULL that a partition or an
 * inheritance child has of its own on the columns it inherits (struct
 * sd_table.inh_columns, model/inhcol.c), as the server keeps them:
 * PARTITION OF (col WITH OPTIONS DEFAULT ..., col NOT NULL), ALTER TABLE
 * [ONLY] child ALTER COLUMN ... SET / DROP DEFAULT, SET / DROP NOT NULL on
 * an inherited column, a parent's ALTER COLUMN that reaches its children
 * (or, with ONLY, leaves them as they were), ATTACH PARTITION of a table
 * with defaults of its own (kept), DETACH and NO INHERIT (the columns
 * become the table's own, with what it had).
 *
 * Memory: entries live in the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

/* A desired set's entry made while the parent was not read yet: the
 * default is the parent's (settled by pg_inh_resolve()). */
const char pg_inh_from_parent[] = "";

static bool live(struct pg_ctx *ctx, struct sd_object *o)
{
	return catalog_lookup(ctx->cat, o->key) == o;
}

static bool is_child_of(const struct sd_table *c, const struct sd_table *p)
{
	if (c->part_parent)
		return !strcmp(c->part_parent, p->base.name) &&
		       !strcmp(c->part_parent_schema, p->base.schema);
	for (size_t i = 0; i < c->ninherits; i++)
		if (!strcmp(c->inherits[i], p->base.key))
			return true;
	return false;
}

/* The tables whose parent is p, appended to out. */
static void children(struct pg_ctx *ctx, const struct sd_table *p,
		     struct vec *out)
{
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_object *o = ctx->cat->all[i];

		if (o->kind == SD_TABLE && live(ctx, o) &&
		    (struct sd_table *)o != p &&
		    is_child_of((struct sd_table *)o, p))
			vec_push(out, o);
	}
}

/* t's entry for name, made from what t has now when there is none. */
static struct sd_column *entry(struct pg_ctx *ctx, struct sd_table *t,
			       const char *name)
{
	struct sd_column *e = table_inh_column(t, name);
	const char *def;
	bool nn;

	if (e)
		return e;
	table_column_effective(ctx->cat, t, name, &def, &nn);
	e = table_set_inh_column(ctx->cat, t, name);
	e->default_expr = def;
	e->not_null = nn;
	return e;
}

static bool is_column_cmd(const PgQuery__AlterTableCmd *cmd)
{
	return cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault ||
	       cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull ||
	       cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull;
}

/* The subcommand on a column t inherits. */
static int alter_inherited(struct pg_ctx *ctx, struct sd_table *t,
			   PgQuery__AlterTableCmd *cmd,
			   const struct sd_column *pc)
{
	struct sd_column *e;
	const char *def;
	bool pnn = false;
	int ret;

	table_parent_column(ctx->cat, t, cmd->name, &def, &pnn);
	e = entry(ctx, t, cmd->name);
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
		if (!cmd->def) {
			e->default_expr = NULL;
			break;
		}
		if ((ret = pg_deparse_column_default(
			     ctx, cmd->def, pc ? pc->type : "",
			     &e->default_expr)))
			return ret;
		pg_expr_deps(ctx, &t->base, cmd->def);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
		e->not_null = true;
		break;
	default:	/* DROP NOT NULL */
		if (pnn)
			return pg_error(ctx, SD_ERR, -1,
					"column \"%s\" is marked NOT NULL in "
					"parent table", cmd->name);
		e->not_null = false;
		break;
	}
	table_inh_normalize(ctx->cat, t);
	return 0;
}

int pg_inh_alter_before(struct pg_ctx *ctx, struct sd_table *t,
			PgQuery__AlterTableCmd *cmd, bool recurse)
{
	struct sd_column *pc;
	struct vec kids = VEC_INIT;

	if (!is_column_cmd(cmd) || !cmd->name)
		return 1;
	if (!table_find_column(t, cmd->name)) {
		pc = pg_parent_column(ctx, t, cmd->name);
		if (pc || (!ctx->script &&
			   pg_table_has_column(ctx, t, cmd->name)))
			return alter_inherited(ctx, t, cmd, pc);
		return 1;	/* the usual "does not exist" */
	}
	if (recurse || cmd->subtype !=
			       PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault)
		return 1;
	/* ONLY: the children keep the default they have */
	children(ctx, t, &kids);
	for (size_t i = 0; i < kids.len; i++) {
		struct sd_table *c = kids.items[i];

		if (!table_find_column(c, cmd->name))
			entry(ctx, c, cmd->name);
	}
	vec_release(&kids);
	return 1;
}

/* The server carries the change to every descendant. */
static void reach(struct pg_ctx *ctx, struct sd_table *p,
		  PgQuery__AlterTableCmd *cmd, int depth)
{
	struct vec kids = VEC_INIT;

	if (depth > 32)
		return;
	children(ctx, p, &kids);
	for (size_t i = 0; i < kids.len; i++) {
		struct sd_table *c = kids.items[i];
		struct sd_column *e = table_inh_column(c, cmd->name);
		const char *def;
		bool nn;

		if (e && table_parent_column(ctx->cat, c, cmd->name, &def,
					     &nn)) {
			if (cmd->subtype ==
			    PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault)
				e->default_expr = def;
			else
				e->not_null = nn;
			table_inh_normalize(ctx->cat, c);
		}
		reach(ctx, c, cmd, depth + 1);
	}
	vec_release(&kids);
}

void pg_inh_alter_after(struct pg_ctx *ctx, struct sd_table *t,
			PgQuery__AlterTableCmd *cmd, bool recurse)
{
	struct vec kids = VEC_INIT;

	if (!is_column_cmd(cmd) || !cmd->name ||
	    !table_find_column(t, cmd->name))
		return;
	if (recurse) {
		reach(ctx, t, cmd, 0);
		return;
	}
	/* ONLY: what equals the parent's new default again needs no entry */
	children(ctx, t, &kids);
	for (size_t i = 0; i < kids.len; i++)
		table_inh_normalize(ctx->cat, kids.items[i]);
	vec_release(&kids);
}

void pg_inh_attach(struct pg_ctx *ctx, struct sd_table *part,
		   const struct sd_table *parent)
{
	(void)parent;
	/* what the table's own columns hold stays with it */
	for (size_t i = 0; i < part->ncolumns; i++) {
		const struct sd_column *c = &part->columns[i];
		struct sd_column *e;

		if (!pg_parent_column(ctx, part, c->name))
			continue;
		e = table_set_inh_column(ctx->cat, part, c->name);
		e->default_expr = c->default_expr;
		e->not_null = c->not_null;
	}
}

void pg_inh_detach(struct pg_ctx *ctx, struct sd_table *t)
{
	(void)ctx;
	for (size_t i = 0; i < t->ninh_columns; i++) {
		const struct sd_column *e = &t->inh_columns[i];
		struct sd_column *c = table_find_column(t, e->name);

		if (!c)
			continue;
		c->default_expr = e->default_expr;
		c->not_null = e->not_null;
	}
	t->ninh_columns = 0;
}

void pg_inh_resolve(struct pg_ctx *ctx)
{
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_object *o = ctx->cat->all[i];
		struct sd_table *t = (struct sd_table *)o;

		if (o->kind != SD_TABLE || !live(ctx, o) || !t->ninh_columns)
			continue;
		for (size_t k = 0; k < t->ninh_columns; k++) {
			struct sd_column *e = &t->inh_columns[k];
			const char *def;
			bool nn;

			if (!table_parent_column(ctx->cat, t, e->name, &def,
						 &nn))
				continue;
			if (e->default_expr == pg_inh_from_parent)
				e->default_expr = def;
			/* a parent's NOT NULL holds in each child */
			e->not_null = e->not_null || nn;
		}
		table_inh_normalize(ctx->cat, t);
	}
}
