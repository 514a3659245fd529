/*
 * parser/pg/pg_canon.c: index expressions, index predicates and view
 * queries in one spelling, whether a person wrote them or the server
 * printed them back (pg_get_indexdef, pg_get_viewdef), so that an object
 * read back from a live database and the same object in a desired file
 * compare equal in the offline canonical form. Only rewrites that keep
 * the meaning are made, each justified by the server's own resolution
 * rules:
 *
 *  - a constant cast to the type of the column it is compared with
 *    (status <> 'new'::app.state on a column of type app.state; a string
 *    constant is of unknown type and takes the other operand's type
 *    anyway) is the constant;
 *  - an integer constant cast to bigint or numeric next to a column of
 *    that type in a comparison or arithmetic (id % (10)::bigint: the
 *    server widens the constant to the column's type, or uses a cross-type
 *    operator with the same result) is the constant;
 *  - a column of an integer type cast to numeric in a comparison or
 *    arithmetic with a numeric operand (a decimal constant, a numeric
 *    column: length / 60.0 comes back as (length)::numeric / 60.0; there
 *    is no integer-numeric operator, so the server casts the column the
 *    same way) is the column;
 *  - in a view whose query reads one relation, t.col is col (nothing else
 *    is in scope); not inside subqueries, where t.col may name an outer
 *    column.
 *
 * Anything else stays as written: two spellings left apart only cost a
 * trip through the scratch database, a wrong equality would hide a change.
 * The trees are changed in place (nodes taken out are freed).
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

static bool op_in(const PgQuery__AExpr *x, const char *const *ops)
{
	const char *op;

	if (x->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP || x->n_name != 1 ||
	    !(op = pg_str(x->name[0])))
		return false;
	for (size_t i = 0; ops[i]; i++)
		if (!strcmp(op, ops[i]))
			return true;
	return false;
}

static const char *const comparisons[] = { "=", "<>", "!=", "<", ">", "<=",
					   ">=", NULL };
static const char *const arithmetic[] = { "=", "<>", "!=", "<", ">", "<=",
					  ">=", "+", "-", "*", "/", "%",
					  NULL };

/* The column of t that e names (col, or t.col already unqualified). */
static const struct sd_column *column_of(const struct sd_table *t,
					 const PgQuery__Node *e)
{
	const char *name;

	if (!t || !e || e->node_case != PG_QUERY__NODE__NODE_COLUMN_REF ||
	    e->column_ref->n_fields != 1 ||
	    !(name = pg_str(e->column_ref->fields[0])))
		return NULL;
	return table_find_column(t, name);
}

/* The canonical type text of a cast (NULL when it has none, an array
 * bound or a typmod), into out. */
static bool cast_type(struct pg_ctx *ctx, const PgQuery__TypeCast *tc,
		      struct strbuf *out)
{
	struct sd_error saved;
	const char *dep;
	enum pg_serial serial;
	bool ok;

	if (!tc->type_name || tc->type_name->n_array_bounds ||
	    tc->type_name->n_typmods || !ctx->err)
		return false;
	saved = *ctx->err;
	ok = !pg_format_type(ctx, tc->type_name, out, &dep, &serial);
	*ctx->err = saved;	/* an unknown type only means: no match */
	return ok;
}

/* *slot is a TypeCast of a constant to what col needs: drop the cast. */
static void drop_literal_cast(struct pg_ctx *ctx, const struct sd_column *col,
			      PgQuery__Node **slot, bool arith)
{
	PgQuery__Node *cast = *slot, *arg;
	struct strbuf type = STRBUF_INIT;
	bool drop = false;

	if (!col || !cast || cast->node_case != PG_QUERY__NODE__NODE_TYPE_CAST ||
	    !(arg = cast->type_cast->arg) ||
	    arg->node_case != PG_QUERY__NODE__NODE_A_CONST ||
	    arg->a_const->isnull || !cast_type(ctx, cast->type_cast, &type) ||
	    strcmp(type.buf, col->type))
		goto out;
	if (arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
		drop = !arith;
	else if (arg->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
		drop = !strcmp(col->type, "bigint") ||
		       !strcmp(col->type, "numeric");
	if (drop) {
		*slot = arg;
		cast->type_cast->arg = NULL;
		pg_query__node__free_unpacked(cast, NULL);
	}
out:
	strbuf_release(&type);
}

/* Is e numeric for the server: a decimal constant, or a column of t of
 * type numeric? */
static bool is_numeric(const struct sd_table *t, const PgQuery__Node *e)
{
	const struct sd_column *c;

	if (e && e->node_case == PG_QUERY__NODE__NODE_A_CONST)
		return !e->a_const->isnull &&
		       e->a_const->val_case == PG_QUERY__A__CONST__VAL_FVAL;
	c = column_of(t, e);
	return c && !strncmp(c->type, "numeric", 7) &&
	       (!c->type[7] || c->type[7] == '(');
}

/* *slot is (col)::numeric of an integer column of t next to a numeric
 * operand: the column (the server adds that cast itself). */
static void drop_column_cast(struct pg_ctx *ctx, const struct sd_table *t,
			     PgQuery__Node **slot, const PgQuery__Node *other)
{
	PgQuery__Node *cast = *slot, *arg;
	const struct sd_column *c;
	struct strbuf type = STRBUF_INIT;

	if (!cast || cast->node_case != PG_QUERY__NODE__NODE_TYPE_CAST ||
	    !(arg = cast->type_cast->arg) || !(c = column_of(t, arg)) ||
	    (strcmp(c->type, "smallint") && strcmp(c->type, "integer") &&
	     strcmp(c->type, "bigint")) ||
	    !is_numeric(t, other) || !cast_type(ctx, cast->type_cast, &type) ||
	    strcmp(type.buf, "numeric"))
		goto out;
	*slot = arg;
	cast->type_cast->arg = NULL;
	pg_query__node__free_unpacked(cast, NULL);
out:
	strbuf_release(&type);
}

static void canon_expr(struct pg_ctx *ctx, const struct sd_table *t,
		       PgQuery__Node **slot);

static void canon_list(struct pg_ctx *ctx, const struct sd_table *t,
		       PgQuery__Node **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		canon_expr(ctx, t, &items[i]);
}

static void canon_expr(struct pg_ctx *ctx, const struct sd_table *t,
		       PgQuery__Node **slot)
{
	PgQuery__Node *e = *slot;

	if (!e)
		return;
	switch (e->node_case) {
	case PG_QUERY__NODE__NODE_A_EXPR: {
		PgQuery__AExpr *x = e->a_expr;
		bool cmp = op_in(x, comparisons);

		canon_expr(ctx, t, &x->lexpr);
		canon_expr(ctx, t, &x->rexpr);
		if (!x->lexpr || !x->rexpr)
			return;
		if (cmp) {
			drop_literal_cast(ctx, column_of(t, x->lexpr),
					  &x->rexpr, false);
			drop_literal_cast(ctx, column_of(t, x->rexpr),
					  &x->lexpr, false);
		}
		if (op_in(x, arithmetic)) {
			drop_literal_cast(ctx, column_of(t, x->lexpr),
					  &x->rexpr, true);
			drop_literal_cast(ctx, column_of(t, x->rexpr),
					  &x->lexpr, true);
			drop_column_cast(ctx, t, &x->lexpr, x->rexpr);
			drop_column_cast(ctx, t, &x->rexpr, x->lexpr);
		}
		return;
	}
	case PG_QUERY__NODE__NODE_BOOL_EXPR:
		canon_list(ctx, t, e->bool_expr->args, e->bool_expr->n_args);
		return;
	case PG_QUERY__NODE__NODE_NULL_TEST:
		canon_expr(ctx, t, &e->null_test->arg);
		return;
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		canon_list(ctx, t, e->func_call->args, e->func_call->n_args);
		return;
	case PG_QUERY__NODE__NODE_TYPE_CAST:
		canon_expr(ctx, t, &e->type_cast->arg);
		return;
	default:
		return;
	}
}

void pg_canon_index_expr(struct pg_ctx *ctx, const struct sd_table *t,
			 PgQuery__Node **expr)
{
	if (t)
		canon_expr(ctx, t, expr);
}

/* t.col -> col in the expression at *slot, where rel is the only
 * relation in scope; not into subqueries. */
static void unqualify(const char *rel, PgQuery__Node *e)
{
	if (!e)
		return;
	switch (e->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF: {
		PgQuery__ColumnRef *c = e->column_ref;
		const char *first;

		if (c->n_fields == 2 && (first = pg_str(c->fields[0])) &&
		    !strcmp(first, rel) &&
		    c->fields[1]->node_case == PG_QUERY__NODE__NODE_STRING) {
			pg_query__node__free_unpacked(c->fields[0], NULL);
			c->fields[0] = c->fields[1];
			c->n_fields = 1;
		}
		return;
	}
	case PG_QUERY__NODE__NODE_A_EXPR:
		unqualify(rel, e->a_expr->lexpr);
		unqualify(rel, e->a_expr->rexpr);
		return;
	case PG_QUERY__NODE__NODE_BOOL_EXPR:
		for (size_t i = 0; i < e->bool_expr->n_args; i++)
			unqualify(rel, e->bool_expr->args[i]);
		return;
	case PG_QUERY__NODE__NODE_NULL_TEST:
		unqualify(rel, e->null_test->arg);
		return;
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		for (size_t i = 0; i < e->func_call->n_args; i++)
			unqualify(rel, e->func_call->args[i]);
		return;
	case PG_QUERY__NODE__NODE_TYPE_CAST:
		unqualify(rel, e->type_cast->arg);
		return;
	case PG_QUERY__NODE__NODE_RES_TARGET:
		unqualify(rel, e->res_target->val);
		return;
	case PG_QUERY__NODE__NODE_SORT_BY:
		unqualify(rel, e->sort_by->node);
		return;
	default:
		return;
	}
}

void pg_canon_view_query(struct pg_ctx *ctx, PgQuery__Node *query)
{
	PgQuery__SelectStmt *s;
	PgQuery__RangeVar *rv;
	const struct sd_object *rel;
	const char *name, *schema = NULL;

	if (!query || query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return;
	s = query->select_stmt;
	if (s->n_from_clause != 1 || s->with_clause || s->larg || s->rarg ||
	    s->n_values_lists ||
	    s->from_clause[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
		return;
	rv = s->from_clause[0]->range_var;
	name = rv->alias && rv->alias->aliasname ? rv->alias->aliasname
						 : rv->relname;
	for (size_t i = 0; i < s->n_target_list; i++)
		unqualify(name, s->target_list[i]);
	unqualify(name, s->where_clause);
	for (size_t i = 0; i < s->n_group_clause; i++)
		unqualify(name, s->group_clause[i]);
	unqualify(name, s->having_clause);
	for (size_t i = 0; i < s->n_sort_clause; i++)
		unqualify(name, s->sort_clause[i]);
	/* constants compared with the table's columns */
	rel = pg_find_rel(ctx, rv->schemaname, rv->relname, &schema);
	if (!rel || rel->kind != SD_TABLE)
		return;
	canon_expr(ctx, (const struct sd_table *)rel, &s->where_clause);
	canon_expr(ctx, (const struct sd_table *)rel, &s->having_clause);
}
