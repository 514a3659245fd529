/*
 * parser/pg/pg_types.c: type names as format_type() prints them. The
 * built-in type table is here and only here; any other name is a user type,
 * stored schema-qualified and quoted. Strings go to the caller's strbuf or
 * the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "util/banned.h"

enum typmod_rule {
	TM_NONE,	/* no modifier */
	TM_LEN,		/* name(n) */
	TM_LEN1,	/* name(n), name(1) when not given */
	TM_NUMERIC,	/* numeric(p,s) */
	TM_PREC,	/* name(p) suffix */
	TM_INTERVAL,	/* interval fields(p) */
};

static const struct builtin_type {
	const char *name;	/* pg_catalog name as the grammar gives it */
	const char *canon;	/* format_type() spelling */
	enum typmod_rule rule;
	const char *suffix;	/* after the modifier (time zones) */
} builtin_types[] = {
	{ "int2", "smallint", TM_NONE, NULL },
	{ "int4", "integer", TM_NONE, NULL },
	{ "int8", "bigint", TM_NONE, NULL },
	{ "float4", "real", TM_NONE, NULL },
	{ "float8", "double precision", TM_NONE, NULL },
	{ "bool", "boolean", TM_NONE, NULL },
	{ "numeric", "numeric", TM_NUMERIC, NULL },
	{ "varchar", "character varying", TM_LEN, NULL },
	{ "bpchar", "character", TM_LEN1, NULL },
	{ "bit", "bit", TM_LEN1, NULL },
	{ "varbit", "bit varying", TM_LEN, NULL },
	{ "timestamp", "timestamp", TM_PREC, " without time zone" },
	{ "timestamptz", "timestamp", TM_PREC, " with time zone" },
	{ "time", "time", TM_PREC, " without time zone" },
	{ "timetz", "time", TM_PREC, " with time zone" },
	{ "interval", "interval", TM_INTERVAL, NULL },
	{ "char", "\"char\"", TM_NONE, NULL },
	{ "text", "text", TM_NONE, NULL },
	{ "name", "name", TM_NONE, NULL },
	{ "uuid", "uuid", TM_NONE, NULL },
	{ "json", "json", TM_NONE, NULL },
	{ "jsonb", "jsonb", TM_NONE, NULL },
	{ "jsonpath", "jsonpath", TM_NONE, NULL },
	{ "bytea", "bytea", TM_NONE, NULL },
	{ "date", "date", TM_NONE, NULL },
	{ "inet", "inet", TM_NONE, NULL },
	{ "cidr", "cidr", TM_NONE, NULL },
	{ "macaddr", "macaddr", TM_NONE, NULL },
	{ "macaddr8", "macaddr8", TM_NONE, NULL },
	{ "money", "money", TM_NONE, NULL },
	{ "xml", "xml", TM_NONE, NULL },
	{ "tsvector", "tsvector", TM_NONE, NULL },
	{ "tsquery", "tsquery", TM_NONE, NULL },
	{ "oid", "oid", TM_NONE, NULL },
	{ "xid", "xid", TM_NONE, NULL },
	{ "regclass", "regclass", TM_NONE, NULL },
	{ "regproc", "regproc", TM_NONE, NULL },
	{ "regtype", "regtype", TM_NONE, NULL },
	{ "regnamespace", "regnamespace", TM_NONE, NULL },
	{ "regconfig", "regconfig", TM_NONE, NULL },
	{ "point", "point", TM_NONE, NULL },
	{ "line", "line", TM_NONE, NULL },
	{ "lseg", "lseg", TM_NONE, NULL },
	{ "box", "box", TM_NONE, NULL },
	{ "path", "path", TM_NONE, NULL },
	{ "polygon", "polygon", TM_NONE, NULL },
	{ "circle", "circle", TM_NONE, NULL },
	{ "int4range", "int4range", TM_NONE, NULL },
	{ "int8range", "int8range", TM_NONE, NULL },
	{ "numrange", "numrange", TM_NONE, NULL },
	{ "tsrange", "tsrange", TM_NONE, NULL },
	{ "tstzrange", "tstzrange", TM_NONE, NULL },
	{ "daterange", "daterange", TM_NONE, NULL },
	{ "int4multirange", "int4multirange", TM_NONE, NULL },
	{ "int8multirange", "int8multirange", TM_NONE, NULL },
	{ "nummultirange", "nummultirange", TM_NONE, NULL },
	{ "tsmultirange", "tsmultirange", TM_NONE, NULL },
	{ "tstzmultirange", "tstzmultirange", TM_NONE, NULL },
	{ "datemultirange", "datemultirange", TM_NONE, NULL },
	{ "pg_lsn", "pg_lsn", TM_NONE, NULL },
	{ "pg_snapshot", "pg_snapshot", TM_NONE, NULL },
	{ "txid_snapshot", "txid_snapshot", TM_NONE, NULL },
	{ "record", "record", TM_NONE, NULL },
	/* spellings that reach here without the grammar's help */
	{ "integer", "integer", TM_NONE, NULL },
	{ "smallint", "smallint", TM_NONE, NULL },
	{ "bigint", "bigint", TM_NONE, NULL },
	{ "boolean", "boolean", TM_NONE, NULL },
	{ "real", "real", TM_NONE, NULL },
	{ "decimal", "numeric", TM_NUMERIC, NULL },
};

static const struct {
	const char *name;
	enum pg_serial kind;
} serial_types[] = {
	{ "serial", PG_SERIAL_INT },     { "serial4", PG_SERIAL_INT },
	{ "bigserial", PG_SERIAL_BIG },  { "serial8", PG_SERIAL_BIG },
	{ "smallserial", PG_SERIAL_SMALL }, { "serial2", PG_SERIAL_SMALL },
};

static const struct builtin_type *find_builtin(const char *name)
{
	for (size_t i = 0; i < sizeof(builtin_types) / sizeof(*builtin_types);
	     i++)
		if (!strcmp(builtin_types[i].name, name))
			return &builtin_types[i];
	return NULL;
}

#define IM(b) (1 << (b))
enum { I_MONTH = 1, I_YEAR = 2, I_DAY = 3, I_HOUR = 10, I_MINUTE = 11,
       I_SECOND = 12 };
#define INTERVAL_FULL_RANGE 0x7FFF

static const char *interval_fields(long mask)
{
	static const struct {
		long mask;
		const char *text;
	} f[] = {
		{ IM(I_YEAR), " year" },
		{ IM(I_MONTH), " month" },
		{ IM(I_DAY), " day" },
		{ IM(I_HOUR), " hour" },
		{ IM(I_MINUTE), " minute" },
		{ IM(I_SECOND), " second" },
		{ IM(I_YEAR) | IM(I_MONTH), " year to month" },
		{ IM(I_DAY) | IM(I_HOUR), " day to hour" },
		{ IM(I_DAY) | IM(I_HOUR) | IM(I_MINUTE), " day to minute" },
		{ IM(I_DAY) | IM(I_HOUR) | IM(I_MINUTE) | IM(I_SECOND),
		  " day to second" },
		{ IM(I_HOUR) | IM(I_MINUTE), " hour to minute" },
		{ IM(I_HOUR) | IM(I_MINUTE) | IM(I_SECOND), " hour to second" },
		{ IM(I_MINUTE) | IM(I_SECOND), " minute to second" },
		{ INTERVAL_FULL_RANGE, "" },
	};
	for (size_t i = 0; i < sizeof(f) / sizeof(*f); i++)
		if (f[i].mask == mask)
			return f[i].text;
	return NULL;
}

static int typmod_value(struct pg_ctx *ctx, const PgQuery__Node *n,
			long *out)
{
	if (n && n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
	    n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
		*out = n->a_const->ival->ival;
		return 0;
	}
	return pg_error(ctx, SD_ERR, -1,
			"type modifiers must be simple constants");
}

static int format_builtin(struct pg_ctx *ctx, const struct builtin_type *b,
			  const PgQuery__TypeName *tn, struct strbuf *out)
{
	long v[2] = { 0, 0 };
	size_t n = tn->n_typmods;
	const char *fields;

	if (n > 2 || (n && b->rule == TM_NONE) ||
	    (n > 1 && b->rule != TM_NUMERIC && b->rule != TM_INTERVAL))
		return pg_error(ctx, SD_ERR, tn->location,
				"invalid type modifier for type %s", b->canon);
	for (size_t i = 0; i < n; i++) {
		int ret = typmod_value(ctx, tn->typmods[i], &v[i]);
		if (ret)
			return ret;
	}
	strbuf_addstr(out, b->canon);
	switch (b->rule) {
	case TM_NONE:
		break;
	case TM_LEN:
	case TM_PREC:
		if (n)
			strbuf_addf(out, "(%ld)", v[0]);
		break;
	case TM_LEN1:
		strbuf_addf(out, "(%ld)", n ? v[0] : 1L);
		break;
	case TM_NUMERIC:
		if (n)
			strbuf_addf(out, "(%ld,%ld)", v[0], n > 1 ? v[1] : 0L);
		break;
	case TM_INTERVAL:
		if (!n)
			break;
		fields = interval_fields(v[0]);
		if (!fields)
			return pg_error(ctx, SD_ERR, tn->location,
					"invalid interval type modifier");
		strbuf_addstr(out, fields);
		if (n > 1)
			strbuf_addf(out, "(%ld)", v[1]);
		break;
	}
	if (b->suffix)
		strbuf_addstr(out, b->suffix);
	return 0;
}

/* One modifier of a user type that is not an integer, as written in the
 * source (trimmed), or rebuilt from the tree when there is no source. */
static int user_typmod_text(struct pg_ctx *ctx, const PgQuery__Node *n,
			    struct strbuf *out)
{
	int loc = -1;

	if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF)
		loc = n->column_ref->location;
	else if (n->node_case == PG_QUERY__NODE__NODE_A_CONST)
		loc = n->a_const->location;
	else
		return pg_error(ctx, SD_ERR, -1,
				"type modifiers must be simple constants or "
				"names");
	if (ctx->sql && loc >= 0) {
		const char *p = ctx->sql + ctx->loc_base + loc, *q = p;
		int depth = 0;
		char quote = 0;

		for (; *q; q++) {
			if (quote) {
				if (*q == quote)
					quote = 0;
			} else if (*q == '\'' || *q == '"') {
				quote = *q;
			} else if (*q == '(') {
				depth++;
			} else if (*q == ')' && depth) {
				depth--;
			} else if ((*q == ',' || *q == ')') && !depth) {
				break;
			}
		}
		while (q > p && isspace((unsigned char)q[-1]))
			q--;
		strbuf_add(out, p, (size_t)(q - p));
		return 0;
	}
	if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
		for (size_t i = 0; i < n->column_ref->n_fields; i++) {
			const char *f = pg_str(n->column_ref->fields[i]);
			if (i)
				strbuf_addch(out, '.');
			strbuf_addstr(out, f ? f : "");
		}
		return 0;
	}
	switch (n->a_const->val_case) {
	case PG_QUERY__A__CONST__VAL_SVAL:
		sql_quote_literal(out, SQL_POSTGRES, n->a_const->sval->sval);
		return 0;
	case PG_QUERY__A__CONST__VAL_FVAL:
		strbuf_addstr(out, n->a_const->fval->fval);
		return 0;
	default:
		return pg_error(ctx, SD_ERR, -1,
				"type modifiers must be simple constants or "
				"names");
	}
}

/* A user type's modifiers (an extension's typmod_in): pgvector's
 * vector(3) is printed as format_type() does with the type's typmod_out,
 * "(3)" or "(3,2)"; a modifier that is not an integer (PostGIS's
 * geometry(Polygon,4326)) is kept as written, since only the extension's
 * typmod_out knows its canonical form (a live comparison reads that from
 * the server). */
static int format_user_typmods(struct pg_ctx *ctx, const PgQuery__TypeName *tn,
			       struct strbuf *out)
{
	const PgQuery__Node *m;
	int ret;

	for (size_t i = 0; i < tn->n_typmods; i++) {
		m = tn->typmods[i];
		strbuf_addstr(out, i ? "," : "(");
		if (m && m->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    m->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
			strbuf_addf(out, "%d", m->a_const->ival->ival);
		else if (!m)
			return pg_error(ctx, SD_ERR, -1,
					"type modifiers must be simple "
					"constants or names");
		else if ((ret = user_typmod_text(ctx, m, out)))
			return ret;
	}
	if (tn->n_typmods)
		strbuf_addch(out, ')');
	return 0;
}

int pg_format_type(struct pg_ctx *ctx, const PgQuery__TypeName *tn,
		   struct strbuf *out, const char **dep,
		   enum pg_serial *serial)
{
	const char *schema = NULL, *name = NULL, *found;
	const struct builtin_type *b = NULL;
	int ret;

	*dep = NULL;
	*serial = PG_SERIAL_NONE;
	if (tn->pct_type)
		return pg_error(ctx, SD_ERR_UNSUPPORTED, tn->location,
				"unsupported type reference %%TYPE");
	if ((ret = pg_qualified(ctx, tn->names, tn->n_names, &schema, &name)))
		return ret;
	if (!schema || !strcmp(schema, "pg_catalog"))
		b = find_builtin(name);
	if (!schema) {
		for (size_t i = 0; i < sizeof(serial_types) /
				       sizeof(*serial_types); i++) {
			if (strcmp(serial_types[i].name, name))
				continue;
			if (tn->n_array_bounds)
				return pg_error(ctx, SD_ERR_UNSUPPORTED,
						tn->location,
						"array of serial is not "
						"implemented");
			*serial = serial_types[i].kind;
			strbuf_addstr(out, *serial == PG_SERIAL_INT ? "integer"
					   : *serial == PG_SERIAL_BIG ? "bigint"
					   : "smallint");
			return 0;
		}
	}
	if (b) {
		if ((ret = format_builtin(ctx, b, tn, out)))
			return ret;
	} else if ((!schema && pg_catalog_has_type(name)) ||
		   (schema && !strcmp(schema, "pg_catalog"))) {
		/* pg_catalog is searched before the path, and format_type()
		 * prints its types bare */
		sql_quote_ident(out, SQL_POSTGRES, name);
		if ((ret = format_user_typmods(ctx, tn, out)))
			return ret;
	} else {
		struct sd_object *rel = NULL;
		const char *rel_schema;

		/* a table's, view's or materialized view's row type: the
		 * relation is the dependency */
		if (!pg_find(ctx, SD_TYPE, schema, name, &found) && ctx->cat &&
		    (rel = pg_find_rel(ctx, schema, name, &rel_schema)) &&
		    rel->kind != SD_TABLE && rel->kind != SD_VIEW &&
		    rel->kind != SD_MATVIEW)
			rel = NULL;
		if (rel)
			found = rel->schema;
		sql_quote_qualified(out, SQL_POSTGRES, found, name);
		if ((ret = format_user_typmods(ctx, tn, out)))
			return ret;
		if (ctx->cat)
			*dep = rel ? rel->key
				   : catalog_key(ctx->cat, SD_TYPE, found, name);
	}
	/* format_type() prints one [] whatever the dimensions */
	if (tn->n_array_bounds)
		strbuf_addstr(out, "[]");
	return 0;
}

const char *pg_format_collation(struct pg_ctx *ctx, PgQuery__Node **names,
				size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	const char *res;
	size_t i = 0;

	if (n > 1 && !strcmp(pg_str(names[0]) ? pg_str(names[0]) : "",
			     "pg_catalog"))
		i = 1;
	for (; i < n; i++) {
		if (sb.len)
			strbuf_addch(&sb, '.');
		sql_quote_ident(&sb, SQL_POSTGRES,
				pg_str(names[i]) ? pg_str(names[i]) : "");
	}
	res = catalog_strdup(ctx->cat, sb.buf);
	strbuf_release(&sb);
	return res;
}

int pg_canonical_type(const char *type, struct strbuf *out,
		      struct sd_error *err)
{
	static const char *const public_names[] = { "public" };
	static const struct pg_path public_path = { (const char **)public_names,
						    1 };
	struct pg_ctx ctx;
	struct strbuf sql = STRBUF_INIT;
	PgQueryProtobufParseResult res;
	PgQuery__ParseResult *tree = NULL;
	PgQuery__Node *stmt, *val;
	const char *dep;
	enum pg_serial serial;
	int ret = 0;

	memset(&ctx, 0, sizeof(ctx));
	ctx.err = err;
	ctx.path = &public_path;
	arena_init(&ctx.tmp);
	strbuf_addf(&sql, "SELECT NULL::%s", type);
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
	    !(val = stmt->select_stmt->target_list[0]->res_target->val) ||
	    val->node_case != PG_QUERY__NODE__NODE_TYPE_CAST) {
		ret = sd_error_set(err, SD_ERR_SYNTAX, NULL, 0, 0,
				   "not a type name: \"%s\"", type);
		goto out_free_tree;
	}
	ret = pg_format_type(&ctx, val->type_cast->type_name, out, &dep,
			     &serial);
out_free_tree:
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
out_free_result:
	pg_query_free_protobuf_parse_result(res);
	strbuf_release(&sql);
	arena_release(&ctx.tmp);
	return ret;
}
