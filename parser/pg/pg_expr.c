/*
 * parser/pg/pg_expr.c: the one deparser every stored expression and view
 * query goes through (libpg_query's), and walks over expression trees
 * (columns used, sequences used, relations read, the column name the server
 * figures for an index expression). Deparsed text is copied into the
 * catalog's arena; libpg_query's results are freed at once.
 */
#include "parser/pg/pg_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

static int raw_deparse(PgQuery__Node *stmt, struct strbuf *out,
		       struct strbuf *errmsg)
{
	PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
	PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
	PgQuery__RawStmt *raws[1] = { &raw };
	PgQueryProtobuf pb;
	PgQueryDeparseResult res;
	int ret = 0;

	raw.stmt = stmt;
	pr.version = PG_VERSION_NUM;
	pr.n_stmts = 1;
	pr.stmts = raws;
	pb.len = pg_query__parse_result__get_packed_size(&pr);
	pb.data = malloc(pb.len ? pb.len : 1);
	if (!pb.data)
		abort();
	pg_query__parse_result__pack(&pr, (uint8_t *)pb.data);
	res = pg_query_deparse_protobuf(pb);
	if (res.error) {
		strbuf_addstr(errmsg, res.error->message);
		ret = SD_ERR_UNSUPPORTED;
		goto out_free;
	}
	strbuf_addstr(out, res.query);
out_free:
	pg_query_free_deparse_result(res);
	free(pb.data);
	return ret;
}

/* A pre-order walk over every message under msg; visit returns false to
 * skip a message's children. Uses protobuf-c's descriptors so that every
 * node type is covered. */
typedef bool (*walk_fn)(const ProtobufCMessage *msg, void *data);

static void walk(const ProtobufCMessage *msg, walk_fn visit, void *data)
{
	const ProtobufCMessageDescriptor *d;

	if (!msg || !visit(msg, data))
		return;
	d = msg->descriptor;
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const char *base = (const char *)msg;

		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			uint32_t which = *(const uint32_t *)(base +
							 f->quantifier_offset);
			if (which != f->id)
				continue;
		}
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(const size_t *)(base + f->quantifier_offset);
			ProtobufCMessage *const *items =
				*(ProtobufCMessage *const *const *)(base +
								    f->offset);
			for (size_t j = 0; j < n; j++)
				walk(items[j], visit, data);
		} else {
			walk(*(ProtobufCMessage *const *)(base + f->offset),
			     visit, data);
		}
	}
}

/* SQL-syntax functions the deparser prints in a c_expr form (EXTRACT(...),
 * SUBSTRING(...), ...); any other (AT TIME ZONE, OVERLAPS, IS NORMALIZED)
 * is an a_expr. */
static const char *const c_expr_sql_funcs[] = {
	"extract", "overlay", "position", "substring", "btrim", "ltrim",
	"rtrim", "normalize", "pg_collation_for",
};

static const char *last_str(PgQuery__Node **items, size_t n)
{
	return n ? pg_str(items[n - 1]) : NULL;
}

/* Is e a SQL-syntax function that deparses as an a_expr (x AT TIME ZONE
 * y)? */
static bool is_sql_syntax_op(const PgQuery__Node *e)
{
	const PgQuery__FuncCall *fc;
	const char *fname;

	if (e->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
		return false;
	fc = e->func_call;
	if (fc->funcformat != PG_QUERY__COERCION_FORM__COERCE_SQL_SYNTAX)
		return false;
	fname = last_str(fc->funcname, fc->n_funcname);
	for (size_t i = 0; fname && i < sizeof(c_expr_sql_funcs) /
				       sizeof(*c_expr_sql_funcs); i++)
		if (!strcmp(fname, c_expr_sql_funcs[i]))
			return false;
	return true;
}

/* Does e deparse as a primary (c_expr, or a cast of one), which needs no
 * parentheses as the operand of anything? Conservative: a node not known
 * to be one is not. */
static bool is_primary(const PgQuery__Node *e)
{
	if (!e)
		return true;
	switch (e->node_case) {
	case PG_QUERY__NODE__NODE_A_CONST:
	case PG_QUERY__NODE__NODE_COLUMN_REF:
	case PG_QUERY__NODE__NODE_PARAM_REF:
	case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
	case PG_QUERY__NODE__NODE_CASE_EXPR:
	case PG_QUERY__NODE__NODE_COALESCE_EXPR:
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
	case PG_QUERY__NODE__NODE_ROW_EXPR:
	case PG_QUERY__NODE__NODE_A_INDIRECTION:
	case PG_QUERY__NODE__NODE_TYPE_CAST:	/* its operand: see protect */
		return true;
	case PG_QUERY__NODE__NODE_SUB_LINK:
		switch (e->sub_link->sub_link_type) {
		case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK:
		case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
		case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK:
			return true;
		default:
			return false;
		}
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		return !is_sql_syntax_op(e);
	case PG_QUERY__NODE__NODE_A_EXPR:
		return e->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF;
	default:
		return false;
	}
}

/* Does the deparsed text of e parse as a b_expr, the grammar's DEFAULT
 * operand? Besides primaries, operator expressions over b_exprs are;
 * BoolExpr, NullTest, BooleanTest, CollateClause (which would read as the
 * column's COLLATE), IN, LIKE, BETWEEN, IS DISTINCT FROM, = ANY, AT TIME
 * ZONE ... are not. */
static bool is_b_expr(const PgQuery__Node *e)
{
	if (is_primary(e))
		return true;
	return e->node_case == PG_QUERY__NODE__NODE_A_EXPR &&
	       e->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP &&
	       is_b_expr(e->a_expr->lexpr) && is_b_expr(e->a_expr->rexpr);
}

/*
 * libpg_query 15's deparser drops parentheses an operand needs in a few
 * places: (a AND b)::int comes out as a AND b::int, (now() - x) AT TIME
 * ZONE 'utc' as now() - x AT TIME ZONE 'utc', both meaning something else.
 * Before deparsing, each such operand is deparsed on its own and put in
 * parentheses, and stands in the tree as a parameter $N whose text is
 * replaced afterwards; the tree is put back as it was.
 */
#define PAREN_PARAM_BASE 900000000

struct paren_sub {
	PgQuery__Node **slot;
	PgQuery__Node *orig;
	PgQuery__Node node;
	PgQuery__ParamRef ref;
	struct strbuf text;
};

struct protect {
	struct vec subs;	/* struct paren_sub * */
	struct strbuf *errmsg;
	int ret;
};

/* tight: the operand binds tighter than any operator (cast, COLLATE, AT
 * TIME ZONE): anything but a primary needs parentheses. Otherwise only a
 * BoolExpr does (IS NULL, IS TRUE, BETWEEN bounds). */
static void protect_slot(struct protect *p, PgQuery__Node **slot, bool tight)
{
	PgQuery__Node *child = *slot;
	struct paren_sub *sub;

	if (!child || p->ret)
		return;
	if (tight ? is_primary(child)
		  : child->node_case != PG_QUERY__NODE__NODE_BOOL_EXPR)
		return;
	sub = calloc(1, sizeof(*sub));
	if (!sub)
		abort();
	strbuf_init(&sub->text, 0);
	strbuf_addch(&sub->text, '(');
	p->ret = pg_deparse_expr_buf(child, &sub->text, p->errmsg);
	strbuf_addch(&sub->text, ')');
	pg_query__node__init(&sub->node);
	pg_query__param_ref__init(&sub->ref);
	sub->ref.number = PAREN_PARAM_BASE + (int32_t)p->subs.len;
	sub->node.node_case = PG_QUERY__NODE__NODE_PARAM_REF;
	sub->node.param_ref = &sub->ref;
	sub->slot = slot;
	sub->orig = child;
	*slot = &sub->node;
	vec_push(&p->subs, sub);
}

static bool visit_protect(const ProtobufCMessage *msg, void *data)
{
	struct protect *p = data;
	const ProtobufCMessageDescriptor *d = msg->descriptor;
	/* the tree is the caller's; every change is undone after deparsing */
	ProtobufCMessage *m = (ProtobufCMessage *)msg;

	if (p->ret)
		return false;
	if (d == &pg_query__type_cast__descriptor) {
		protect_slot(p, &((PgQuery__TypeCast *)m)->arg, true);
	} else if (d == &pg_query__collate_clause__descriptor) {
		protect_slot(p, &((PgQuery__CollateClause *)m)->arg, true);
	} else if (d == &pg_query__a__indirection__descriptor) {
		protect_slot(p, &((PgQuery__AIndirection *)m)->arg, true);
	} else if (d == &pg_query__func_call__descriptor) {
		PgQuery__FuncCall *fc = (PgQuery__FuncCall *)m;
		PgQuery__Node tmp = PG_QUERY__NODE__INIT;

		tmp.node_case = PG_QUERY__NODE__NODE_FUNC_CALL;
		tmp.func_call = fc;
		if (is_sql_syntax_op(&tmp))
			for (size_t i = 0; i < fc->n_args; i++)
				protect_slot(p, &fc->args[i], true);
	} else if (d == &pg_query__null_test__descriptor) {
		protect_slot(p, &((PgQuery__NullTest *)m)->arg, false);
	} else if (d == &pg_query__boolean_test__descriptor) {
		protect_slot(p, &((PgQuery__BooleanTest *)m)->arg, false);
	} else if (d == &pg_query__a__expr__descriptor) {
		PgQuery__AExpr *a = (PgQuery__AExpr *)m;

		if (a->kind < PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN)
			return true;
		protect_slot(p, &a->lexpr, false);
		if (a->rexpr && a->rexpr->node_case == PG_QUERY__NODE__NODE_LIST)
			for (size_t i = 0; i < a->rexpr->list->n_items; i++)
				protect_slot(p, &a->rexpr->list->items[i],
					     false);
	}
	return true;
}

/* Put each parenthesized operand in place of its $N in text (not in
 * literals or quoted names); an error unless each is there once. */
static int unprotect_text(struct protect *p, const char *text,
			  struct strbuf *out)
{
	size_t *used = calloc(p->subs.len + 1, sizeof(*used));
	int ret = 0;

	if (!used)
		abort();
	for (const char *s = text; *s;) {
		const char *q = s + 1;
		long long n = 0;

		if (*s == '\'' || *s == '"') {
			/* a literal or a quoted name: copied as it is */
			char quote = *s;
			while (*q && !(*q == quote && q[1] != quote))
				q += *q == quote ? 2 : 1;
			if (*q)
				q++;
			strbuf_add(out, s, (size_t)(q - s));
			s = q;
			continue;
		}
		if (*s != '$' || *q < '0' || *q > '9') {
			strbuf_addch(out, *s++);
			continue;
		}
		while (*q >= '0' && *q <= '9' && n < 10000000000LL)
			n = n * 10 + (*q++ - '0');
		if (n >= PAREN_PARAM_BASE &&
		    n < PAREN_PARAM_BASE + (long long)p->subs.len) {
			struct paren_sub *sub =
				p->subs.items[n - PAREN_PARAM_BASE];
			strbuf_add(out, sub->text.buf, sub->text.len);
			used[n - PAREN_PARAM_BASE]++;
		} else {
			strbuf_add(out, s, (size_t)(q - s));
		}
		s = q;
	}
	for (size_t i = 0; i < p->subs.len; i++)
		if (used[i] != 1)
			ret = SD_ERR;
	free(used);
	return ret;
}

int pg_deparse_stmt(PgQuery__Node *stmt, struct strbuf *out,
		    struct strbuf *errmsg)
{
	struct protect p = { VEC_INIT, errmsg, 0 };
	struct strbuf raw = STRBUF_INIT;
	int ret;

	walk(&stmt->base, visit_protect, &p);
	ret = p.ret;
	if (ret)
		goto out_restore;
	if (!p.subs.len) {
		ret = raw_deparse(stmt, out, errmsg);
		goto out_restore;
	}
	if ((ret = raw_deparse(stmt, &raw, errmsg)))
		goto out_restore;
	if ((ret = unprotect_text(&p, raw.buf, out)))
		strbuf_addstr(errmsg, "parameter text in expression");
out_restore:
	for (size_t i = p.subs.len; i-- > 0;) {
		struct paren_sub *sub = p.subs.items[i];
		*sub->slot = sub->orig;
		strbuf_release(&sub->text);
		free(sub);
	}
	vec_release(&p.subs);
	strbuf_release(&raw);
	return ret;
}

int pg_deparse_expr_buf(PgQuery__Node *expr, struct strbuf *out,
			struct strbuf *errmsg)
{
	PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
	PgQuery__ResTarget rt = PG_QUERY__RES_TARGET__INIT;
	PgQuery__Node rtnode = PG_QUERY__NODE__INIT;
	PgQuery__Node selnode = PG_QUERY__NODE__INIT;
	PgQuery__Node *targets[1] = { &rtnode };
	struct strbuf sb = STRBUF_INIT;
	int ret;

	rt.val = expr;
	rtnode.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
	rtnode.res_target = &rt;
	sel.n_target_list = 1;
	sel.target_list = targets;
	sel.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
	sel.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
	selnode.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
	selnode.select_stmt = &sel;
	ret = pg_deparse_stmt(&selnode, &sb, errmsg);
	if (!ret) {
		if (strncmp(sb.buf, "SELECT ", 7)) {
			strbuf_addstr(errmsg, "unexpected deparser output");
			ret = SD_ERR;
		} else {
			strbuf_addstr(out, sb.buf + 7);
		}
	}
	strbuf_release(&sb);
	return ret;
}

int pg_deparse_expr(struct pg_ctx *ctx, PgQuery__Node *expr,
		    const char **text)
{
	struct strbuf sb = STRBUF_INIT, msg = STRBUF_INIT;
	int ret;

	ret = pg_deparse_expr_buf(expr, &sb, &msg);
	if (ret)
		ret = pg_error(ctx, ret, -1, "cannot deparse expression: %s",
			       msg.buf);
	else
		*text = catalog_strdup(ctx->cat, sb.buf);
	strbuf_release(&sb);
	strbuf_release(&msg);
	return ret;
}

/* Canonical default text of expr into out: the deparse, parenthesized when
 * it is not a b_expr, so that it is valid after the keyword DEFAULT. */
static int deparse_default_buf(PgQuery__Node *expr, struct strbuf *out,
			       struct strbuf *errmsg)
{
	bool wrap = !is_b_expr(expr);
	int ret;

	if (wrap)
		strbuf_addch(out, '(');
	ret = pg_deparse_expr_buf(expr, out, errmsg);
	if (!ret && wrap)
		strbuf_addch(out, ')');
	return ret;
}

int pg_deparse_default(struct pg_ctx *ctx, PgQuery__Node *expr,
		       const char **text)
{
	struct strbuf sb = STRBUF_INIT, msg = STRBUF_INIT;
	int ret;

	ret = deparse_default_buf(expr, &sb, &msg);
	if (ret)
		ret = pg_error(ctx, ret, -1, "cannot deparse expression: %s",
			       msg.buf);
	else
		*text = catalog_strdup(ctx->cat, sb.buf);
	strbuf_release(&sb);
	strbuf_release(&msg);
	return ret;
}

const char *pg_figure_colname(const PgQuery__Node *e)
{
	const char *name;

	if (!e)
		return NULL;
	switch (e->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF:
		return last_str(e->column_ref->fields,
				e->column_ref->n_fields);
	case PG_QUERY__NODE__NODE_A_INDIRECTION:
		name = last_str(e->a_indirection->indirection,
				e->a_indirection->n_indirection);
		return name ? name : pg_figure_colname(e->a_indirection->arg);
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		return last_str(e->func_call->funcname,
				e->func_call->n_funcname);
	case PG_QUERY__NODE__NODE_A_EXPR:
		if (e->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF)
			return "nullif";
		return NULL;
	case PG_QUERY__NODE__NODE_TYPE_CAST:
		name = pg_figure_colname(e->type_cast->arg);
		if (!name && e->type_cast->type_name)
			name = last_str(e->type_cast->type_name->names,
					e->type_cast->type_name->n_names);
		return name;
	case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
		return pg_figure_colname(e->collate_clause->arg);
	case PG_QUERY__NODE__NODE_CASE_EXPR:
		name = pg_figure_colname(e->case_expr->defresult);
		return name ? name : "case";
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
		return "array";
	case PG_QUERY__NODE__NODE_ROW_EXPR:
		return "row";
	case PG_QUERY__NODE__NODE_COALESCE_EXPR:
		return "coalesce";
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
		return e->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST
			       ? "greatest" : "least";
	case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
		switch (e->sqlvalue_function->op) {
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
			return "current_date";
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N:
			return "current_time";
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
			return "current_timestamp";
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N:
			return "localtime";
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
			return "localtimestamp";
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
			return "current_role";
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
			return "current_user";
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
			return "user";
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
			return "session_user";
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
			return "current_catalog";
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
			return "current_schema";
		default:
			return NULL;
		}
	default:
		return NULL;
	}
}

static bool visit_columns(const ProtobufCMessage *msg, void *data)
{
	struct vec *out = data;
	const PgQuery__ColumnRef *cr;
	const char *name;

	if (msg->descriptor == &pg_query__sub_link__descriptor)
		return false;	/* a subquery's columns are not ours */
	if (msg->descriptor != &pg_query__column_ref__descriptor)
		return true;
	cr = (const PgQuery__ColumnRef *)msg;
	name = last_str(cr->fields, cr->n_fields);
	if (!name)
		return false;
	for (size_t i = 0; i < out->len; i++)
		if (!strcmp(out->items[i], name))
			return false;
	vec_push(out, (void *)name);
	return false;
}

void pg_expr_columns(const PgQuery__Node *expr, struct vec *out)
{
	walk(&expr->base, visit_columns, out);
}

/* Split 'a.b' / '"A".b' as regclass input does. */
static void split_regclass(struct pg_ctx *ctx, const char *s,
			   const char **schema, const char **name)
{
	const char *parts[3] = { NULL, NULL, NULL };
	size_t np = 0;
	struct strbuf part = STRBUF_INIT;
	const char *p = s;

	while (np < 3) {
		strbuf_reset(&part);
		if (*p == '"') {
			p++;
			while (*p) {
				if (*p == '"' && p[1] == '"') {
					strbuf_addch(&part, '"');
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					strbuf_addch(&part, *p++);
				}
			}
		} else {
			while (*p && *p != '.') {
				char c = *p++;
				if (c >= 'A' && c <= 'Z')
					c = (char)(c - 'A' + 'a');
				strbuf_addch(&part, c);
			}
		}
		parts[np++] = arena_strdup(&ctx->tmp, part.buf);
		if (*p != '.')
			break;
		p++;
	}
	strbuf_release(&part);
	*schema = np >= 2 ? parts[np - 2] : NULL;
	*name = parts[np ? np - 1 : 0];
}

struct deps_walk {
	struct pg_ctx *ctx;
	struct sd_object *obj;
	struct strmap ctes;
};

static bool visit_nextval(const ProtobufCMessage *msg, void *data)
{
	struct deps_walk *w = data;
	const PgQuery__FuncCall *fc;
	const PgQuery__Node *arg;
	const char *fname, *schema, *name, *found;

	if (msg->descriptor != &pg_query__func_call__descriptor)
		return true;
	fc = (const PgQuery__FuncCall *)msg;
	fname = last_str(fc->funcname, fc->n_funcname);
	if (!fname || strcmp(fname, "nextval") || fc->n_args != 1)
		return true;
	arg = fc->args[0];
	if (arg->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		arg = arg->type_cast->arg;
	if (!arg || arg->node_case != PG_QUERY__NODE__NODE_A_CONST ||
	    arg->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
		return true;
	split_regclass(w->ctx, arg->a_const->sval->sval, &schema, &name);
	pg_find(w->ctx, SD_SEQUENCE, schema, name, &found);
	catalog_add_dep(w->ctx->cat, w->obj,
			catalog_key(w->ctx->cat, SD_SEQUENCE, found, name));
	return true;
}

void pg_expr_deps(struct pg_ctx *ctx, struct sd_object *obj,
		  const PgQuery__Node *expr)
{
	struct deps_walk w = { ctx, obj, STRMAP_INIT };

	if (expr)
		walk(&expr->base, visit_nextval, &w);
}

static bool visit_ctes(const ProtobufCMessage *msg, void *data)
{
	struct deps_walk *w = data;

	if (msg->descriptor == &pg_query__common_table_expr__descriptor) {
		const PgQuery__CommonTableExpr *cte = (const void *)msg;
		strmap_put(&w->ctes, cte->ctename, (void *)cte->ctename);
	}
	return true;
}

static bool visit_rels(const ProtobufCMessage *msg, void *data)
{
	struct deps_walk *w = data;
	const PgQuery__RangeVar *rv;
	const char *schema;
	struct sd_object *rel;

	if (msg->descriptor != &pg_query__range_var__descriptor)
		return true;
	rv = (const PgQuery__RangeVar *)msg;
	if (!*rv->schemaname && strmap_contains(&w->ctes, rv->relname))
		return false;
	rel = pg_find_rel(w->ctx, rv->schemaname, rv->relname, &schema);
	catalog_add_dep(w->ctx->cat, w->obj,
			rel ? rel->key
			    : catalog_key(w->ctx->cat, SD_TABLE, schema,
					  rv->relname));
	return false;
}

void pg_query_deps(struct pg_ctx *ctx, struct sd_object *obj,
		   const PgQuery__Node *query)
{
	struct deps_walk w = { ctx, obj, STRMAP_INIT };

	walk(&query->base, visit_ctes, &w);
	walk(&query->base, visit_rels, &w);
	strmap_release(&w.ctes);
}

static int canonical(const char *expr, bool as_default, struct strbuf *out,
		     struct sd_error *err)
{
	struct strbuf sql = STRBUF_INIT, msg = STRBUF_INIT;
	PgQueryProtobufParseResult res;
	PgQuery__ParseResult *tree = NULL;
	PgQuery__Node *stmt, *val;
	int ret = 0;

	strbuf_addf(&sql, "SELECT %s", expr);
	res = pg_query_parse_protobuf(sql.buf);
	if (res.error) {
		ret = sd_error_set(err, SD_ERR_SYNTAX, NULL, 0, 0, "%s",
				   res.error->message);
		goto out_free_result;
	}
	tree = pg_query__parse_result__unpack(NULL, res.parse_tree.len,
					      (const uint8_t *)
						      res.parse_tree.data);
	if (!tree || tree->n_stmts != 1 ||
	    (stmt = tree->stmts[0]->stmt)->node_case !=
		    PG_QUERY__NODE__NODE_SELECT_STMT ||
	    stmt->select_stmt->n_target_list != 1 ||
	    stmt->select_stmt->n_from_clause) {
		ret = sd_error_set(err, SD_ERR_SYNTAX, NULL, 0, 0,
				   "not a single expression: \"%s\"", expr);
		goto out_free_tree;
	}
	val = stmt->select_stmt->target_list[0]->res_target->val;
	ret = as_default ? deparse_default_buf(val, out, &msg)
			 : pg_deparse_expr_buf(val, out, &msg);
	if (ret)
		sd_error_set(err, ret, NULL, 0, 0, "%s", msg.buf);
out_free_tree:
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
out_free_result:
	pg_query_free_protobuf_parse_result(res);
	strbuf_release(&sql);
	strbuf_release(&msg);
	return ret;
}

int pg_canonical_expr(const char *expr, struct strbuf *out,
		      struct sd_error *err)
{
	return canonical(expr, false, out, err);
}

int pg_canonical_default(const char *expr, struct strbuf *out,
			 struct sd_error *err)
{
	return canonical(expr, true, out, err);
}

/* Parse "SELECT expr" and return the tree (caller frees) and the expression
 * node, or NULL. */
static PgQuery__ParseResult *parse_expr_text(const char *expr,
					     PgQuery__Node **node)
{
	struct strbuf sql = STRBUF_INIT;
	PgQueryProtobufParseResult res;
	PgQuery__ParseResult *tree = NULL;
	PgQuery__Node *stmt;

	*node = NULL;
	strbuf_addf(&sql, "SELECT %s", expr);
	res = pg_query_parse_protobuf(sql.buf);
	strbuf_release(&sql);
	if (!res.error)
		tree = pg_query__parse_result__unpack(NULL, res.parse_tree.len,
						      (const uint8_t *)
							      res.parse_tree.data);
	pg_query_free_protobuf_parse_result(res);
	if (tree && tree->n_stmts == 1 &&
	    (stmt = tree->stmts[0]->stmt)->node_case ==
		    PG_QUERY__NODE__NODE_SELECT_STMT &&
	    stmt->select_stmt->n_target_list == 1)
		*node = stmt->select_stmt->target_list[0]->res_target->val;
	return tree;
}

bool pg_expr_text_uses(const char *expr, const char *column)
{
	PgQuery__Node *node;
	PgQuery__ParseResult *tree = parse_expr_text(expr, &node);
	struct vec cols = VEC_INIT;
	bool found = false;

	if (node)
		pg_expr_columns(node, &cols);
	for (size_t i = 0; i < cols.len && !found; i++)
		found = !strcmp(cols.items[i], column);
	vec_release(&cols);
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	return found;
}

struct rename_walk {
	const char *from, *to;
};

static bool visit_rename(const ProtobufCMessage *msg, void *data)
{
	struct rename_walk *w = data;
	PgQuery__ColumnRef *cr;
	PgQuery__Node *last;

	if (msg->descriptor == &pg_query__sub_link__descriptor)
		return false;
	if (msg->descriptor != &pg_query__column_ref__descriptor)
		return true;
	cr = (PgQuery__ColumnRef *)msg;
	last = cr->n_fields ? cr->fields[cr->n_fields - 1] : NULL;
	if (pg_str(last) && !strcmp(pg_str(last), w->from)) {
		/* the tree is freed by protobuf-c's malloc allocator */
		char *s = strdup(w->to);
		if (!s)
			abort();
		free(last->string->sval);
		last->string->sval = s;
	}
	return false;
}

const char *pg_expr_text_rename(struct pg_ctx *ctx, const char *expr,
				const char *from, const char *to)
{
	PgQuery__Node *node;
	PgQuery__ParseResult *tree = parse_expr_text(expr, &node);
	struct strbuf out = STRBUF_INIT, msg = STRBUF_INIT;
	struct rename_walk w = { from, to };
	const char *res = expr;

	if (node) {
		walk(&node->base, visit_rename, &w);
		if (!pg_deparse_expr_buf(node, &out, &msg))
			res = catalog_strdup(ctx->cat, out.buf);
	}
	strbuf_release(&out);
	strbuf_release(&msg);
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	return res;
}
