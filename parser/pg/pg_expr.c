/*
 * parser/pg/pg_expr.c: the one deparser every stored expression and view
 * query goes through (libpg_query's), and walks over expression trees
 * (columns used, sequences used, relations read, the column name the server
 * figures for an index expression). Deparsed text is copied into the
 * catalog's arena; libpg_query's results are freed at once.
 */
#include "parser/pg/pg_internal.h"

#include <stdio.h>
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

/* A type's format_type text without its modifiers: "character
 * varying(20)[]" -> "character varying[]". */
static void strip_typmods(const char *type, struct strbuf *out)
{
	int depth = 0;

	for (const char *p = type; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth)
			depth--;
		else if (!depth)
			strbuf_addch(out, *p);
	}
}

/* A bytea literal as the server prints it (byteaout, hex): '' and
 * '\\x' alike, escape format ('ab\\000') turned into hex. False when v
 * is not valid bytea input. */
static bool bytea_default(const char *v, struct strbuf *out)
{
	static const char hexd[] = "0123456789abcdef";
	struct strbuf hex = STRBUF_INIT;
	bool ok = true;

	strbuf_addstr(&hex, "\\x");
	if (v[0] == '\\' && v[1] == 'x') {
		for (const char *p = v + 2; *p && ok; p++) {
			char c = *p;
			if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
				continue;
			if (c >= 'A' && c <= 'F')
				c = (char)(c - 'A' + 'a');
			ok = strchr(hexd, c) && c;
			strbuf_addch(&hex, c);
		}
		ok = ok && (hex.len % 2) == 0;
	} else {
		for (const unsigned char *p = (const unsigned char *)v;
		     *p && ok; p++) {
			unsigned b = *p;
			if (*p == '\\') {
				if (p[1] == '\\') {
					p++;
				} else if (p[1] >= '0' && p[1] <= '3' &&
					   p[2] >= '0' && p[2] <= '7' &&
					   p[3] >= '0' && p[3] <= '7') {
					b = (unsigned)((p[1] - '0') * 64 +
						       (p[2] - '0') * 8 +
						       (p[3] - '0'));
					p += 3;
				} else {
					ok = false;
				}
			}
			strbuf_addch(&hex, hexd[(b >> 4) & 15]);
			strbuf_addch(&hex, hexd[b & 15]);
		}
	}
	if (ok)
		sql_quote_literal(out, SQL_POSTGRES, hex.buf);
	strbuf_release(&hex);
	return ok;
}

/* The shortest text of d that reads back the same, as float8out and
 * float4out print it (exponent below -4 or from 15 (6 for real) on). */
static void float_text(double d, bool single, struct strbuf *out)
{
	char buf[64];
	int prec, exp10;

	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*e", prec - 1, d);
		if (single ? (float)strtod(buf, NULL) == (float)d
			   : strtod(buf, NULL) == d)
			break;
	}
	exp10 = d == 0 ? 0 : atoi(strchr(buf, 'e') + 1);
	if (exp10 < -4 || exp10 >= (single ? 6 : 15)) {
		/* 1e+20, 1.5e-07 */
		char *e = strchr(buf, 'e');
		int x = atoi(e + 1);
		*e = 0;
		strbuf_addf(out, "%se%c%02d", buf, x < 0 ? '-' : '+',
			    x < 0 ? -x : x);
		return;
	}
	snprintf(buf, sizeof(buf), "%.*f",
		 prec - 1 - exp10 > 0 ? prec - 1 - exp10 : 0, d);
	strbuf_addstr(out, buf);
}

/* int8in / int4in / int2in of v: blanks around, a sign, digits. */
static bool int_text(const char *v, long long *n)
{
	char *end;

	while (*v == ' ')
		v++;
	if (!*v)
		return false;
	*n = strtoll(v, &end, 10);
	while (*end == ' ')
		end++;
	return end != v && !*end;
}

/* boolin of v: 1 true, 0 false, -1 not a boolean. */
static int bool_text(const char *v)
{
	static const char *const yes[] = { "t", "true", "y", "yes", "on",
					   "1" };
	static const char *const no[] = { "f", "false", "n", "no", "off",
					  "0" };
	struct strbuf w = STRBUF_INIT;
	int r = -1;

	while (*v == ' ')
		v++;
	for (; *v && *v != ' '; v++)
		strbuf_addch(&w, (char)((*v >= 'A' && *v <= 'Z')
					? *v - 'A' + 'a' : *v));
	for (size_t i = 0; i < 6 && r < 0; i++)
		if (!strcmp(w.buf, yes[i]))
			r = 1;
		else if (!strcmp(w.buf, no[i]))
			r = 0;
	strbuf_release(&w);
	return r;
}

/* A numeric constant as the server prints it (get_const_expr): plain
 * when it has a '.', else quoted with ::numeric. */
static bool numeric_text(const char *v, struct strbuf *out)
{
	const char *p = v;
	char *end;

	(void)strtod(v, &end);
	if (end == v || *end || strpbrk(v, "eE ") || !*v)
		return false;
	if (*p == '+')
		p++;
	if (*p == '-' || !strchr(p, '.')) {
		strbuf_addch(out, '\'');
		strbuf_addstr(out, p);
		strbuf_addstr(out, "'::numeric");
		return true;
	}
	while (p[0] == '0' && p[1] && p[1] != '.')
		p++;
	if (*p == '.')
		strbuf_addch(out, '0');
	strbuf_addstr(out, p);
	if (out->buf[out->len - 1] == '.')
		strbuf_addch(out, '0');
	return true;
}

/*
 * A bit string constant of a bit or bit varying column as b'0101': the
 * server prints it as '0101'::"bit" (a bit constant, whatever the
 * column's length), and "bit" read back unquoted would be bit(1). v is
 * the constant's text: binary digits, or with the grammar's b or x
 * prefix (B'0101', X'1F', also accepted by the type's input). False
 * when v is no bit string.
 */
static bool bit_text(const char *v, struct strbuf *out)
{
	static const char hex[] = "0123456789abcdef";
	bool is_hex = *v == 'x' || *v == 'X';
	size_t start = out->len;

	if (is_hex || *v == 'b' || *v == 'B')
		v++;
	strbuf_addstr(out, "b'");
	for (; *v; v++) {
		const char *h = strchr(hex, *v | 0x20);

		if (!is_hex && (*v == '0' || *v == '1')) {
			strbuf_addch(out, *v);
		} else if (is_hex && h && *v != ' ') {
			int d = (int)(h - hex);

			for (int b = 3; b >= 0; b--)
				strbuf_addch(out, (d >> b) & 1 ? '1' : '0');
		} else {
			strbuf_setlen(out, start);
			return false;
		}
	}
	strbuf_addch(out, '\'');
	return true;
}

static bool bit_type(const char *base)
{
	return !strcmp(base, "bit") || !strcmp(base, "bit varying");
}

static bool number_type(const char *base)
{
	return !strcmp(base, "smallint") || !strcmp(base, "integer") ||
	       !strcmp(base, "bigint") || !strcmp(base, "numeric") ||
	       !strcmp(base, "real") || !strcmp(base, "double precision");
}

/*
 * The server's text of a constant default c (cast to the column's own
 * type or not) of a column whose type is base (format_type, modifiers
 * stripped), modifiers telling whether it had some: what pg_get_expr()
 * prints once the constant is coerced to the column (an untyped literal
 * becomes a constant of the column's type, printed as get_const_expr()
 * does; a typed one keeps its type, with an implicit cast that is not
 * printed; NULL is stored only where a length coercion applies).
 * *none: no default at all. False when this does not know the server's
 * text (the default is then kept as written).
 */
static bool server_constant(const PgQuery__AConst *c, bool cast,
			    const char *base, bool modifiers,
			    struct strbuf *out, bool *none)
{
	const char *v;
	long long n;
	int b;

	*none = false;
	if (strchr(base, '['))
		return false;
	if (c->isnull) {
		if (!modifiers && strcmp(base, "character") &&
		    strcmp(base, "bit")) {
			*none = true;
			return true;
		}
		strbuf_addf(out, "NULL::%s",
			    !strcmp(base, "character") ? "bpchar" : base);
		return true;
	}
	if (bit_type(base)) {
		if (c->val_case == PG_QUERY__A__CONST__VAL_BSVAL)
			return bit_text(c->bsval->bsval, out);
		return c->val_case == PG_QUERY__A__CONST__VAL_SVAL &&
		       bit_text(c->sval->sval, out);
	}
	switch (c->val_case) {
	case PG_QUERY__A__CONST__VAL_IVAL:
		if (cast || !number_type(base))
			return false;
		if (c->ival->ival >= 0)
			strbuf_addf(out, "%d", c->ival->ival);
		else
			strbuf_addf(out, "'%d'::integer", c->ival->ival);
		return true;
	case PG_QUERY__A__CONST__VAL_FVAL:
		/* a literal too long for int4: bigint when it is an
		 * integer, numeric else */
		if (cast || !number_type(base))
			return false;
		v = c->fval->fval;
		if (!strpbrk(v, ".eE") && int_text(v, &n)) {
			strbuf_addf(out, "'%lld'::bigint", n);
			return true;
		}
		return numeric_text(v, out);
	case PG_QUERY__A__CONST__VAL_BOOLVAL:
		if (strcmp(base, "boolean"))
			return false;
		strbuf_addstr(out, c->boolval->boolval ? "true" : "false");
		return true;
	case PG_QUERY__A__CONST__VAL_SVAL:
		break;
	default:
		return false;
	}
	/* an untyped literal: a constant of the column's type */
	v = c->sval->sval;
	if (!strcmp(base, "integer") || !strcmp(base, "bigint") ||
	    !strcmp(base, "smallint")) {
		if (!int_text(v, &n))
			return false;
		if (!strcmp(base, "integer") && n >= 0)
			strbuf_addf(out, "%lld", n);
		else
			strbuf_addf(out, "'%lld'::%s", n, base);
		return true;
	}
	if (!strcmp(base, "numeric"))
		return numeric_text(v, out);
	if (!strcmp(base, "real") || !strcmp(base, "double precision")) {
		char *end;
		double d = strtod(v, &end);

		if (end == v || *end)
			return false;
		strbuf_addch(out, '\'');
		float_text(d, base[0] == 'r', out);
		strbuf_addf(out, "'::%s", base);
		return true;
	}
	if (!strcmp(base, "boolean")) {
		if ((b = bool_text(v)) < 0)
			return false;
		strbuf_addstr(out, b ? "true" : "false");
		return true;
	}
	if (!strcmp(base, "bytea")) {
		if (!bytea_default(v, out))
			return false;
		strbuf_addstr(out, "::bytea");
		return true;
	}
	/* any other type (text, varchar, enums, dates, ...): a constant
	 * of that type, its text as written (what the type's input
	 * function makes of it only the server knows) */
	sql_quote_literal(out, SQL_POSTGRES, v);
	strbuf_addf(out, "::%s", !strcmp(base, "character") ? "bpchar" : base);
	return true;
}

/* Is tn the column's own type (modifiers aside)? */
static bool same_base_type(struct pg_ctx *ctx, const PgQuery__TypeName *tn,
			   const char *colbase)
{
	struct strbuf t = STRBUF_INIT, base = STRBUF_INIT;
	const char *dep;
	enum pg_serial serial;
	const char *sql = ctx->sql;
	bool same;

	/* without the source text: the modifiers do not matter here */
	ctx->sql = NULL;
	same = !pg_format_type(ctx, tn, &t, &dep, &serial) &&
	       serial == PG_SERIAL_NONE;
	ctx->sql = sql;
	if (same) {
		strip_typmods(t.buf, &base);
		same = !strcmp(base.buf, colbase);
	}
	strbuf_release(&t);
	strbuf_release(&base);
	return same;
}

static bool is_nextval(const PgQuery__FuncCall *f)
{
	const char *name;

	if (f->n_args != 1 || f->n_funcname > 2 || f->agg_star ||
	    f->agg_distinct || f->func_variadic || f->over)
		return false;
	if (f->n_funcname == 2 &&
	    strcmp(pg_str(f->funcname[0]) ? pg_str(f->funcname[0]) : "",
		   "pg_catalog"))
		return false;
	name = pg_str(f->funcname[f->n_funcname - 1]);
	return name && !strcmp(name, "nextval");
}

static bool cast_to_regclass(const PgQuery__Node *n)
{
	const PgQuery__TypeName *tn;
	const char *last;

	if (n->node_case != PG_QUERY__NODE__NODE_TYPE_CAST)
		return false;
	tn = n->type_cast->type_name;
	last = tn && tn->n_names ? pg_str(tn->names[tn->n_names - 1]) : NULL;
	return last && !strcmp(last, "regclass");
}

/* Slots of a tree changed for a deparse, and what they held. */
struct undo_slots {
	struct vec slots, orig;
};

/* Is tn text, as written or as the server prints it (no modifiers)? */
static bool is_text_type(const PgQuery__TypeName *tn)
{
	const char *last;

	if (!tn || tn->n_typmods || tn->n_array_bounds || tn->setof ||
	    !tn->n_names || tn->n_names > 2)
		return false;
	if (tn->n_names == 2 && strcmp(pg_str(tn->names[0]) ? pg_str(tn->names[0]) : "",
				       "pg_catalog"))
		return false;
	last = pg_str(tn->names[tn->n_names - 1]);
	return last && !strcmp(last, "text");
}

/*
 * A string constant passed to a pg_catalog function is of unknown type
 * and takes the type of the argument it matches, text where the function
 * has a text form; the server prints that cast (lower('ABC') comes back
 * as lower('ABC'::text)). In the canonical form such an argument is the
 * bare constant. Only functions of pg_catalog, called by their bare or
 * pg_catalog name, whose argument resolution is the server's own.
 */
static bool visit_text_args(const ProtobufCMessage *msg, void *data)
{
	struct undo_slots *u = data;
	PgQuery__FuncCall *f;
	const char *name;

	if (msg->descriptor != &pg_query__func_call__descriptor)
		return true;
	f = (PgQuery__FuncCall *)msg;
	if (!f->n_funcname || f->n_funcname > 2 || f->agg_star ||
	    f->agg_distinct || f->func_variadic || f->over || f->agg_order ||
	    f->agg_filter)
		return true;
	if (f->n_funcname == 2 &&
	    strcmp(pg_str(f->funcname[0]) ? pg_str(f->funcname[0]) : "",
		   "pg_catalog"))
		return true;
	name = pg_str(f->funcname[f->n_funcname - 1]);
	if (!name || !pg_catalog_has_function(name))
		return true;
	for (size_t i = 0; i < f->n_args; i++) {
		PgQuery__Node *a = f->args[i];

		if (a->node_case != PG_QUERY__NODE__NODE_TYPE_CAST ||
		    !a->type_cast->arg ||
		    a->type_cast->arg->node_case !=
			    PG_QUERY__NODE__NODE_A_CONST ||
		    a->type_cast->arg->a_const->val_case !=
			    PG_QUERY__A__CONST__VAL_SVAL ||
		    !is_text_type(a->type_cast->type_name))
			continue;
		vec_push(&u->slots, &f->args[i]);
		vec_push(&u->orig, a);
		f->args[i] = a->type_cast->arg;
	}
	return true;
}

static void undo_slots_release(struct undo_slots *u)
{
	for (size_t i = u->slots.len; i-- > 0;)
		*(PgQuery__Node **)u->slots.items[i] = u->orig.items[i];
	vec_release(&u->slots);
	vec_release(&u->orig);
}

int pg_deparse_column_default(struct pg_ctx *ctx, PgQuery__Node *expr,
			      const char *coltype, const char **text)
{
	struct strbuf base = STRBUF_INIT, sb = STRBUF_INIT;
	PgQuery__Node *n = expr;
	bool casts_ok = true;
	int ret = 0;

	*text = NULL;
	strip_typmods(coltype, &base);
	while (n && n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST &&
	       n->type_cast->arg) {
		/* (a bit constant in a bit varying column: the implicit
		 * cast is not printed) */
		if (!same_base_type(ctx, n->type_cast->type_name, base.buf) &&
		    !(!strcmp(base.buf, "bit varying") &&
		      same_base_type(ctx, n->type_cast->type_name, "bit")))
			casts_ok = false;
		n = n->type_cast->arg;
	}
	if (n && n->node_case == PG_QUERY__NODE__NODE_A_CONST && casts_ok) {
		bool none;

		if (server_constant(n->a_const, n != expr, base.buf,
				    strchr(coltype, '(') != NULL, &sb,
				    &none)) {
			struct strbuf canon = STRBUF_INIT;

			/* the server's text, read as any default is */
			if (!none && !(ret = pg_canonical_default(sb.buf,
								  &canon,
								  ctx->err)))
				*text = catalog_strdup(ctx->cat, canon.buf);
			strbuf_release(&canon);
			goto out;
		}
	}
	if (expr->node_case == PG_QUERY__NODE__NODE_FUNC_CALL &&
	    is_nextval(expr->func_call) &&
	    !cast_to_regclass(expr->func_call->args[0])) {
		/* nextval(regclass): the server casts a text argument */
		PgQuery__FuncCall *f = expr->func_call;
		PgQuery__Node *arg = f->args[0];
		PgQuery__String str = PG_QUERY__STRING__INIT;
		PgQuery__Node strnode = PG_QUERY__NODE__INIT;
		PgQuery__Node *names[1] = { &strnode };
		PgQuery__TypeName tn = PG_QUERY__TYPE_NAME__INIT;
		PgQuery__TypeCast tc = PG_QUERY__TYPE_CAST__INIT;
		PgQuery__Node cast = PG_QUERY__NODE__INIT;

		str.sval = (char *)"regclass";
		strnode.node_case = PG_QUERY__NODE__NODE_STRING;
		strnode.string = &str;
		tn.names = names;
		tn.n_names = 1;
		tn.typemod = -1;
		tc.arg = arg;
		tc.type_name = &tn;
		tc.location = -1;
		cast.node_case = PG_QUERY__NODE__NODE_TYPE_CAST;
		cast.type_cast = &tc;
		f->args[0] = &cast;
		ret = pg_deparse_default(ctx, expr, text);
		f->args[0] = arg;
		goto out;
	}
	{
		struct undo_slots u = { VEC_INIT, VEC_INIT };

		walk(&expr->base, visit_text_args, &u);
		ret = pg_deparse_default(ctx, expr, text);
		undo_slots_release(&u);
	}
out:
	strbuf_release(&base);
	strbuf_release(&sb);
	return ret;
}

/* The last name of a cast's type, lower case as parsed ("varchar",
 * "text"), or NULL. */
static const char *cast_type_name(const PgQuery__TypeCast *tc, bool *array)
{
	const PgQuery__TypeName *tn = tc->type_name;

	if (!tn || !tn->n_names || tn->n_typmods)
		return NULL;
	*array = tn->n_array_bounds > 0;
	if (tn->n_names == 2 &&
	    strcmp(pg_str(tn->names[0]) ? pg_str(tn->names[0]) : "",
		   "pg_catalog"))
		return NULL;
	return pg_str(tn->names[tn->n_names - 1]);
}

static bool string_type_name(const char *n)
{
	return n && (!strcmp(n, "text") || !strcmp(n, "varchar") ||
		     !strcmp(n, "bpchar"));
}

/* Is e a column of t whose type is text or varchar (the types whose
 * ::text the server adds without changing what the value is)? */
static bool text_column(const struct sd_table *t, const PgQuery__Node *e)
{
	const struct sd_column *col;
	const char *name;

	if (!t || e->node_case != PG_QUERY__NODE__NODE_COLUMN_REF ||
	    e->column_ref->n_fields != 1 ||
	    !(name = pg_str(e->column_ref->fields[0])) ||
	    !(col = table_find_column(t, name)))
		return false;
	return !strcmp(col->type, "text") ||
	       !strncmp(col->type, "character varying", 17);
}

/* *slot is a TypeCast node: put its operand in its place, free it. */
static void drop_cast(PgQuery__Node **slot)
{
	PgQuery__Node *cast = *slot;

	*slot = cast->type_cast->arg;
	cast->type_cast->arg = NULL;
	pg_query__node__free_unpacked(cast, NULL);
}

static bool string_const(const PgQuery__Node *e)
{
	return e->node_case == PG_QUERY__NODE__NODE_A_CONST &&
	       e->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL;
}

/* Is e a string constant under casts to text, varchar or bpchar? */
static bool cast_string_const(const PgQuery__Node *e)
{
	bool array = false;

	while (e->node_case == PG_QUERY__NODE__NODE_TYPE_CAST &&
	       e->type_cast->arg &&
	       string_type_name(cast_type_name(e->type_cast, &array)) &&
	       !array)
		e = e->type_cast->arg;
	return string_const(e);
}

/* 'x'::text, 'x'::varchar, ('x'::varchar)::text ... in *slot: 'x' (the
 * server prints the list of a re-read IN that way). */
static void drop_string_cast(PgQuery__Node **slot)
{
	while ((*slot)->node_case == PG_QUERY__NODE__NODE_TYPE_CAST &&
	       cast_string_const(*slot))
		drop_cast(slot);
}

static void canon_check(const struct sd_table *t, PgQuery__Node **slot);

static void canon_list(const struct sd_table *t, PgQuery__Node **items,
		       size_t n)
{
	for (size_t i = 0; i < n; i++)
		canon_check(t, &items[i]);
}

/*
 * A CHECK expression as the server reads it back, spelled as people write
 * it (issue 17): (c)::text on a text or varchar column is c; a string
 * constant's ::text / ::varchar / ::bpchar next to such a column or in an
 * ARRAY[...] list is the constant; ARRAY[...]::text[] is the ARRAY;
 * c = ANY (ARRAY[a, b]) is c IN (a, b) and c <> ALL (ARRAY[...]) is
 * c NOT IN (...). Both spellings then deparse alike. The tree is changed
 * in place (nodes taken out are freed).
 */
static void canon_check(const struct sd_table *t, PgQuery__Node **slot)
{
	PgQuery__Node *e = *slot;
	bool array = false;

	if (!e)
		return;
	switch (e->node_case) {
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		PgQuery__TypeCast *tc = e->type_cast;
		const char *tname = cast_type_name(tc, &array);

		canon_check(t, &tc->arg);
		if (!tc->arg || !string_type_name(tname))
			return;
		if (!array && text_column(t, tc->arg)) {
			drop_cast(slot);
		} else if (array &&
			   tc->arg->node_case ==
				   PG_QUERY__NODE__NODE_A_ARRAY_EXPR) {
			drop_cast(slot);
		}
		return;
	}
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR: {
		PgQuery__AArrayExpr *a = e->a_array_expr;

		canon_list(t, a->elements, a->n_elements);
		for (size_t i = 0; i < a->n_elements; i++)
			drop_string_cast(&a->elements[i]);
		return;
	}
	case PG_QUERY__NODE__NODE_A_EXPR: {
		PgQuery__AExpr *x = e->a_expr;
		const char *op = x->n_name == 1 ? pg_str(x->name[0]) : NULL;

		canon_check(t, &x->lexpr);
		canon_check(t, &x->rexpr);
		if (x->kind == PG_QUERY__A__EXPR__KIND__AEXPR_IN &&
		    x->rexpr &&
		    x->rexpr->node_case == PG_QUERY__NODE__NODE_LIST &&
		    x->lexpr && text_column(t, x->lexpr)) {
			PgQuery__List *l = x->rexpr->list;
			canon_list(t, l->items, l->n_items);
			for (size_t i = 0; i < l->n_items; i++)
				drop_string_cast(&l->items[i]);
		}
		if (x->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP && x->lexpr &&
		    x->rexpr) {
			if (text_column(t, x->lexpr))
				drop_string_cast(&x->rexpr);
			else if (text_column(t, x->rexpr))
				drop_string_cast(&x->lexpr);
		}
		if (op && x->rexpr &&
		    x->rexpr->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR &&
		    ((x->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY &&
		      !strcmp(op, "=")) ||
		     (x->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL &&
		      !strcmp(op, "<>")))) {
			PgQuery__Node *arr = x->rexpr;
			PgQuery__Node *ln = malloc(sizeof(*ln));
			PgQuery__List *l = malloc(sizeof(*l));

			if (!ln || !l)
				abort();
			pg_query__node__init(ln);
			pg_query__list__init(l);
			l->items = arr->a_array_expr->elements;
			l->n_items = arr->a_array_expr->n_elements;
			arr->a_array_expr->elements = NULL;
			arr->a_array_expr->n_elements = 0;
			ln->node_case = PG_QUERY__NODE__NODE_LIST;
			ln->list = l;
			x->rexpr = ln;
			x->kind = PG_QUERY__A__EXPR__KIND__AEXPR_IN;
			pg_query__node__free_unpacked(arr, NULL);
		}
		return;
	}
	case PG_QUERY__NODE__NODE_BOOL_EXPR:
		canon_list(t, e->bool_expr->args, e->bool_expr->n_args);
		return;
	case PG_QUERY__NODE__NODE_NULL_TEST:
		canon_check(t, &e->null_test->arg);
		return;
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		canon_list(t, e->func_call->args, e->func_call->n_args);
		return;
	case PG_QUERY__NODE__NODE_LIST:
		canon_list(t, e->list->items, e->list->n_items);
		return;
	default:
		return;
	}
}

int pg_deparse_check(struct pg_ctx *ctx, const struct sd_table *t,
		     PgQuery__Node **expr, const char **text,
		     const char **written)
{
	int ret;

	*written = NULL;
	if ((ret = pg_deparse_expr(ctx, *expr, written)))
		return ret;
	canon_check(t, expr);
	if ((ret = pg_deparse_expr(ctx, *expr, text)))
		return ret;
	if (!strcmp(*text, *written))
		*written = NULL;
	return 0;
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

struct reads_walk {
	struct strmap names;
	bool all;
};

/* Every identifier the query holds may name a column it reads: column
 * references (qualified or not, through indirection), USING lists. Names
 * of functions, types and aliases come along too, which only makes a
 * view count as reading a column it does not. Literals are skipped. */
static bool visit_reads(const ProtobufCMessage *msg, void *data)
{
	struct reads_walk *w = data;
	const ProtobufCMessageDescriptor *d = msg->descriptor;

	if (d == &pg_query__a__const__descriptor)
		return false;
	if (d == &pg_query__string__descriptor) {
		const char *s = ((const PgQuery__String *)msg)->sval;
		if (s && *s)
			strmap_put(&w->names, s, (void *)1);
	} else if (d == &pg_query__a__star__descriptor) {
		w->all = true;	/* expanded to every column at create time */
	} else if (d == &pg_query__join_expr__descriptor) {
		if (((const PgQuery__JoinExpr *)msg)->is_natural)
			w->all = true;
	} else if (d == &pg_query__alias__descriptor) {
		/* FROM t AS x(p, q): columns renamed by position */
		if (((const PgQuery__Alias *)msg)->n_colnames)
			w->all = true;
	}
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void pg_query_colreads(struct pg_ctx *ctx, struct sd_colreads *out,
		       const PgQuery__Node *query)
{
	struct reads_walk w = { STRMAP_INIT, false };
	const char *key;
	void *val;
	size_t n = 0;

	walk(&query->base, visit_reads, &w);
	out->all = w.all;
	out->known = true;
	out->nnames = w.names.len;
	out->names = w.names.len
			     ? arena_alloc(&ctx->cat->arena,
					   w.names.len * sizeof(*out->names))
			     : NULL;
	for (size_t i = 0; strmap_next(&w.names, &i, &key, &val);)
		out->names[n++] = catalog_strdup(ctx->cat, key);
	if (n > 1)
		qsort(out->names, n, sizeof(*out->names), cmp_str);
	strmap_release(&w.names);
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

static PgQuery__ParseResult *parse_expr_text(const char *expr,
					     PgQuery__Node **node);

int pg_canonical_check(const struct sd_table *t, const char *expr,
		       struct strbuf *out, struct sd_error *err)
{
	struct strbuf msg = STRBUF_INIT;
	PgQuery__ParseResult *tree;
	PgQuery__Node *node;
	PgQuery__Node **slot;
	int ret;

	tree = parse_expr_text(expr, &node);
	if (!node) {
		ret = sd_error_set(err, SD_ERR_SYNTAX, NULL, 0, 0,
				   "not a single expression: \"%s\"", expr);
		goto out;
	}
	slot = &tree->stmts[0]->stmt->select_stmt->target_list[0]
			->res_target->val;
	canon_check(t, slot);
	ret = pg_deparse_expr_buf(*slot, out, &msg);
	if (ret)
		sd_error_set(err, ret, NULL, 0, 0, "%s", msg.buf);
out:
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
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
	size_t hits;
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
		w->hits++;
	}
	return false;
}

/* Whether the whole of s is one parenthesized expression. */
static bool wrapped(const char *s)
{
	size_t n = strlen(s);
	int depth = 0;

	if (n < 2 || s[0] != '(' || s[n - 1] != ')')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'') {	/* a string literal */
			for (i++; i < n && s[i] != '\''; i++)
				;
			continue;
		}
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth == 0 && i + 1 < n)
			return false;
	}
	return depth == 0;
}

const char *pg_expr_text_rename(struct pg_ctx *ctx, const char *expr,
				const char *from, const char *to)
{
	PgQuery__Node *node;
	PgQuery__ParseResult *tree = parse_expr_text(expr, &node);
	struct strbuf out = STRBUF_INIT, msg = STRBUF_INIT;
	struct rename_walk w = { from, to, 0 };
	const char *res = expr;

	if (node) {
		walk(&node->base, visit_rename, &w);
		/* an expression that does not name the column stays as it is
		 * (a server's text, say); one that does keeps its outer
		 * parentheses */
		if (w.hits && !pg_deparse_expr_buf(node, &out, &msg)) {
			if (wrapped(expr) && !wrapped(out.buf))
				res = arena_printf(&ctx->cat->arena, "(%s)",
						   out.buf);
			else
				res = catalog_strdup(ctx->cat, out.buf);
		}
	}
	strbuf_release(&out);
	strbuf_release(&msg);
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	return res;
}
