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

int pg_deparse_stmt(PgQuery__Node *stmt, struct strbuf *out,
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

static const char *last_str(PgQuery__Node **items, size_t n)
{
	return n ? pg_str(items[n - 1]) : NULL;
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

int pg_canonical_expr(const char *expr, struct strbuf *out,
		      struct sd_error *err)
{
	struct strbuf sql = STRBUF_INIT, msg = STRBUF_INIT;
	PgQueryProtobufParseResult res;
	PgQuery__ParseResult *tree = NULL;
	PgQuery__Node *stmt;
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
	ret = pg_deparse_expr_buf(stmt->select_stmt->target_list[0]
					  ->res_target->val, out, &msg);
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
