/*
 * parser/pg/pg_features.c: the syntax each PostgreSQL release from 14 to
 * 18 added, found in the parse tree of every statement the parser reads.
 *
 * One table, features[]: a node type (a libpg_query protobuf message),
 * an optional test on the node, the server_version_num that added the
 * syntax, its name for messages, and whether it binds in desired files or
 * only in version files. pg_features_scan() walks a statement's whole
 * tree once (every message, through protobuf-c's descriptors, so an
 * expression anywhere is seen: defaults, checks, generated columns, view
 * queries, BEGIN ATOMIC bodies, partition bounds) and records in the
 * catalog the first use of each feature in each file, with its FILE:LINE:COL
 * (struct sd_pg_feature_use). emit/pg_features.c refuses, before anything
 * runs, what the target server lacks.
 *
 * Desired files and version files differ in one way: version files run
 * on the server as they are written, desired files are read into the model
 * and written again by emit/. Syntax that emit/ writes in a form every
 * supported server takes (STORAGE in a column definition: an ALTER COLUMN
 * SET STORAGE; an integer written 0x10 or 1_000: the number; SET STORAGE
 * DEFAULT and SET EXPRESSION: chosen by target version) binds in version
 * files only (SCRIPT rows).
 *
 * Not seen: text the parser keeps as a string (function bodies in quotes,
 * DO blocks): the server checks them when they run.
 *
 * Memory: the uses are allocated in the catalog's arena; nothing else is
 * kept.
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "parser/pg/pg_internal.h"

#include "util/banned.h"

/* Where the walk is: the statement, and the chain of messages above the
 * current one (for the nearest location when a node has none). */
struct frame {
	const ProtobufCMessage *m;
	const struct frame *up;
};

struct scan {
	struct pg_ctx *ctx;
	const ProtobufCMessage *stmt;	/* the statement's own message */
	unsigned char *seen;		/* per row: recorded for this statement */
	const struct frame *up;		/* above the node being tested */
};

/* --- reading messages through their descriptors --------------------------- */

/* The message's "location" field, or -1 (none, or unknown). */
static int own_location(const ProtobufCMessage *m)
{
	const ProtobufCFieldDescriptor *f =
		protobuf_c_message_descriptor_get_field_by_name(m->descriptor,
								 "location");

	if (!f || f->type != PROTOBUF_C_TYPE_INT32 ||
	    f->label == PROTOBUF_C_LABEL_REPEATED)
		return -1;
	return *(const int32_t *)((const char *)m + f->offset);
}

typedef bool (*visit_fn)(const ProtobufCMessage *m, const struct frame *up,
			 void *data);

/* Call fn on m and every message below it, in pre-order (the set member
 * of a oneof only), until fn returns false. False when stopped. */
static bool walk(const ProtobufCMessage *m, const struct frame *up,
		 visit_fn fn, void *data)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	struct frame here = { m, up };

	if (!fn(m, up, data))
		return false;
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const char *base = (const char *)m;

		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(const uint32_t *)(base + f->quantifier_offset) != f->id)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(const size_t *)(base + f->quantifier_offset);
			ProtobufCMessage *const *v =
				*(ProtobufCMessage *const *const *)(base + f->offset);
			for (size_t k = 0; k < n; k++)
				if (v[k] && !walk(v[k], &here, fn, data))
					return false;
		} else {
			const ProtobufCMessage *sub =
				*(const ProtobufCMessage *const *)(base + f->offset);
			if (sub && !walk(sub, &here, fn, data))
				return false;
		}
	}
	return true;
}

static bool find_location(const ProtobufCMessage *m, const struct frame *up,
			  void *data)
{
	int *loc = data, here = own_location(m);

	(void)up;
	if (here >= 0 && (*loc < 0 || here < *loc))
		*loc = here;
	return true;
}

/* The smallest location at or below m (the start of what it spans, as
 * an operator's node holds the operator's place), or -1. */
static int first_location(const ProtobufCMessage *m)
{
	int loc = -1;

	if (m)
		walk(m, NULL, find_location, &loc);
	return loc;
}

static const char *last_name(PgQuery__Node **names, size_t n)
{
	return n ? pg_str(names[n - 1]) : NULL;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t ls, lt = strlen(tail);

	if (!s)
		return false;
	ls = strlen(s);
	return ls >= lt && !strcasecmp(s + ls - lt, tail);
}

/* The text of the statement at a node's location (NULL when unknown). */
static const char *text_at(const struct scan *s, int loc)
{
	if (loc < 0 || !s->ctx->sql)
		return NULL;
	return s->ctx->sql + s->ctx->loc_base + loc;
}

/* Does the number written at p use a form of 16: 0x / 0o / 0b, or _
 * between digits? */
static bool new_number_form(const char *p)
{
	if (!p)
		return false;
	while (*p == '-' || *p == '+' || isspace((unsigned char)*p))
		p++;
	if (!isdigit((unsigned char)*p) && *p != '.')
		return false;
	if (p[0] == '0' && p[1] && strchr("xXoObB", p[1]))
		return true;
	for (; isdigit((unsigned char)*p) || *p == '.' || *p == '_' ||
	       *p == 'e' || *p == 'E'; p++)
		if (*p == '_')
			return true;
	return false;
}

/* --- the tests of the rows (m is the row's message type) ------------------ */

#define AS(type, m) ((const type *)(const void *)(m))

static bool sql_body(const ProtobufCMessage *m, const struct scan *s,
		     int *loc)
{
	const PgQuery__CreateFunctionStmt *f =
		AS(PgQuery__CreateFunctionStmt, m);

	(void)s;
	if (!f->sql_body)
		return false;
	*loc = first_location(&f->sql_body->base);
	return true;
}

static bool multirange_type(const ProtobufCMessage *m, const struct scan *s,
			    int *loc)
{
	const PgQuery__TypeName *t = AS(PgQuery__TypeName, m);

	(void)s, (void)loc;
	return ends_with(last_name(t->names, t->n_names), "multirange");
}

static bool multirange_call(const ProtobufCMessage *m, const struct scan *s,
			    int *loc)
{
	const PgQuery__FuncCall *f = AS(PgQuery__FuncCall, m);

	(void)s, (void)loc;
	return ends_with(last_name(f->funcname, f->n_funcname), "multirange");
}

static bool defelem_named(const ProtobufCMessage *m, const char *name)
{
	const char *d = AS(PgQuery__DefElem, m)->defname;

	return d && !strcmp(d, name);
}

static bool multirange_name(const ProtobufCMessage *m, const struct scan *s,
			    int *loc)
{
	(void)s, (void)loc;
	return defelem_named(m, "multirange_type_name");
}

static bool column_compression(const ProtobufCMessage *m,
			       const struct scan *s, int *loc)
{
	const PgQuery__ColumnDef *c = AS(PgQuery__ColumnDef, m);

	(void)s, (void)loc;
	return c->compression && *c->compression;
}

static bool alter_subtype(const ProtobufCMessage *m,
			  PgQuery__AlterTableType type)
{
	return AS(PgQuery__AlterTableCmd, m)->subtype == type;
}

static bool set_compression(const ProtobufCMessage *m, const struct scan *s,
			    int *loc)
{
	(void)s, (void)loc;
	return alter_subtype(m, PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression);
}

static bool replace_trigger(const ProtobufCMessage *m, const struct scan *s,
			    int *loc)
{
	(void)s, (void)loc;
	return AS(PgQuery__CreateTrigStmt, m)->replace;
}

static bool detach_concurrently(const ProtobufCMessage *m,
				const struct scan *s, int *loc)
{
	(void)s, (void)loc;
	return AS(PgQuery__PartitionCmd, m)->concurrent;
}

static bool search_cycle(const ProtobufCMessage *m, const struct scan *s,
			 int *loc)
{
	const PgQuery__CommonTableExpr *c = AS(PgQuery__CommonTableExpr, m);

	(void)s, (void)loc;
	return c->search_clause || c->cycle_clause;
}

static bool join_using_alias(const ProtobufCMessage *m, const struct scan *s,
			     int *loc)
{
	const PgQuery__JoinExpr *j = AS(PgQuery__JoinExpr, m);

	(void)s;
	if (!j->join_using_alias)
		return false;
	*loc = first_location(&j->join_using_alias->base);
	return true;
}

static bool index_nulls_not_distinct(const ProtobufCMessage *m,
				     const struct scan *s, int *loc)
{
	(void)s, (void)loc;
	return AS(PgQuery__IndexStmt, m)->nulls_not_distinct;
}

static bool key_nulls_not_distinct(const ProtobufCMessage *m,
				   const struct scan *s, int *loc)
{
	(void)s, (void)loc;
	return AS(PgQuery__Constraint, m)->nulls_not_distinct;
}

static bool security_invoker(const ProtobufCMessage *m, const struct scan *s,
			     int *loc)
{
	(void)s, (void)loc;
	return defelem_named(m, "security_invoker");
}

static bool any(const ProtobufCMessage *m, const struct scan *s, int *loc)
{
	(void)m, (void)s, (void)loc;
	return true;
}

static bool set_access_method(const ProtobufCMessage *m,
			      const struct scan *s, int *loc)
{
	(void)s, (void)loc;
	return alter_subtype(m,
			     PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod);
}

/* An integer constant: the parser keeps its value (0x10 is 16), so
 * only the text tells. */
static bool number_int(const ProtobufCMessage *m, const struct scan *s,
		       int *loc)
{
	const PgQuery__AConst *c = AS(PgQuery__AConst, m);

	(void)loc;
	return c->val_case == PG_QUERY__A__CONST__VAL_IVAL &&
	       new_number_form(text_at(s, c->location));
}

/* A numeric constant: kept as written (1_000.5, and 0x10 past 64 bits),
 * in desired files too. */
static bool number_float(const ProtobufCMessage *m, const struct scan *s,
			 int *loc)
{
	const PgQuery__AConst *c = AS(PgQuery__AConst, m);

	(void)s, (void)loc;
	return c->val_case == PG_QUERY__A__CONST__VAL_FVAL && c->fval &&
	       new_number_form(c->fval->fval);
}

/* A number as an option's value (CREATE SEQUENCE s START 0x10): the
 * option has the place of its name, the number follows it. */
static bool number_option(const ProtobufCMessage *m, const struct scan *s,
			  int *loc)
{
	const PgQuery__DefElem *d = AS(PgQuery__DefElem, m);
	const char *p = text_at(s, d->location), *q = p;

	if (!p || !d->arg ||
	    (d->arg->node_case != PG_QUERY__NODE__NODE_INTEGER &&
	     d->arg->node_case != PG_QUERY__NODE__NODE_FLOAT))
		return false;
	/* past the option's words (START WITH, autovacuum_enabled =) */
	for (;;) {
		if (isalpha((unsigned char)*q))
			while (isalnum((unsigned char)*q) || *q == '_')
				q++;
		else if (isspace((unsigned char)*q) || *q == '=')
			q++;
		else
			break;
	}
	if (!new_number_form(q))
		return false;
	*loc = d->location + (int)(q - p);
	return true;
}

static bool column_storage(const ProtobufCMessage *m, const struct scan *s,
			   int *loc)
{
	const PgQuery__ColumnDef *c = AS(PgQuery__ColumnDef, m);

	(void)s, (void)loc;
	return c->storage_name && *c->storage_name;
}

static bool set_storage_default(const ProtobufCMessage *m,
				const struct scan *s, int *loc)
{
	const PgQuery__AlterTableCmd *a = AS(PgQuery__AlterTableCmd, m);
	const char *v = pg_str(a->def);

	(void)s, (void)loc;
	return a->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage && v &&
	       !strcasecmp(v, "default");
}

static bool in_collation(const struct scan *s)
{
	return s->stmt->descriptor == &pg_query__define_stmt__descriptor &&
	       AS(PgQuery__DefineStmt, s->stmt)->kind ==
		       PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION;
}

static bool icu_rules(const ProtobufCMessage *m, const struct scan *s,
		      int *loc)
{
	(void)loc;
	return in_collation(s) && defelem_named(m, "rules");
}

/* An option's value as a word: 'builtin', builtin. */
static const char *defelem_word(const PgQuery__DefElem *d)
{
	if (!d->arg)
		return NULL;
	if (d->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
		return last_name(d->arg->type_name->names,
				 d->arg->type_name->n_names);
	return pg_str(d->arg);
}

static bool builtin_provider(const ProtobufCMessage *m, const struct scan *s,
			     int *loc)
{
	const char *v = defelem_word(AS(PgQuery__DefElem, m));

	(void)loc;
	return in_collation(s) && defelem_named(m, "provider") && v &&
	       !strcasecmp(v, "builtin");
}

static bool at_local(const ProtobufCMessage *m, const struct scan *s,
		     int *loc)
{
	const PgQuery__FuncCall *f = AS(PgQuery__FuncCall, m);
	const char *n = last_name(f->funcname, f->n_funcname);

	(void)s, (void)loc;
	return f->funcformat == PG_QUERY__COERCION_FORM__COERCE_SQL_SYNTAX &&
	       f->n_args == 1 && n && !strcmp(n, "timezone");
}

static bool maintain(const ProtobufCMessage *m, const struct scan *s,
		     int *loc)
{
	const char *p = AS(PgQuery__AccessPriv, m)->priv_name;

	(void)s, (void)loc;
	return p && !strcasecmp(p, "maintain");
}

static bool in_domain(const struct scan *s)
{
	return s->stmt->descriptor == &pg_query__create_domain_stmt__descriptor ||
	       s->stmt->descriptor == &pg_query__alter_domain_stmt__descriptor;
}

static bool domain_not_null_name(const ProtobufCMessage *m,
				 const struct scan *s, int *loc)
{
	const PgQuery__Constraint *k = AS(PgQuery__Constraint, m);

	(void)loc;
	return in_domain(s) && k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL &&
	       k->conname && *k->conname;
}

static bool merge_returning(const ProtobufCMessage *m, const struct scan *s,
			    int *loc)
{
	const PgQuery__MergeStmt *g = AS(PgQuery__MergeStmt, m);

	(void)s;
	if (!g->returning_clause)
		return false;
	*loc = first_location(&g->returning_clause->base);
	return true;
}

static bool not_matched_by_source(const ProtobufCMessage *m,
				  const struct scan *s, int *loc)
{
	(void)s, (void)loc;
	return AS(PgQuery__MergeWhenClause, m)->match_kind ==
	       PG_QUERY__MERGE_MATCH_KIND__MERGE_WHEN_NOT_MATCHED_BY_SOURCE;
}

static bool set_expression(const ProtobufCMessage *m, const struct scan *s,
			   int *loc)
{
	(void)s, (void)loc;
	return alter_subtype(m, PG_QUERY__ALTER_TABLE_TYPE__AT_SetExpression);
}

static bool virtual_column(const ProtobufCMessage *m, const struct scan *s,
			   int *loc)
{
	const PgQuery__Constraint *k = AS(PgQuery__Constraint, m);

	(void)s, (void)loc;
	return k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED &&
	       k->generated_kind && !strcmp(k->generated_kind, "v");
}

/* The table a CREATE TABLE or ALTER TABLE statement is about, or NULL. */
static const char *stmt_table(const struct scan *s)
{
	const PgQuery__RangeVar *rv = NULL;

	if (s->stmt->descriptor == &pg_query__create_stmt__descriptor)
		rv = AS(PgQuery__CreateStmt, s->stmt)->relation;
	else if (s->stmt->descriptor == &pg_query__alter_table_stmt__descriptor)
		rv = AS(PgQuery__AlterTableStmt, s->stmt)->relation;
	return rv ? rv->relname : NULL;
}

/* Is a column constraint's name the one every version gives it
 * (<table>_<column>_not_null: 18's default, which older servers take
 * and drop)? */
static bool default_not_null_name(const struct scan *s, const char *name)
{
	const char *table = stmt_table(s), *column = NULL;
	size_t lt, lc;

	for (const struct frame *p = s->up; p && !column; p = p->up)
		if (p->m->descriptor == &pg_query__column_def__descriptor)
			column = AS(PgQuery__ColumnDef, p->m)->colname;
	if (!table || !column)
		return false;
	lt = strlen(table), lc = strlen(column);
	return !strncmp(name, table, lt) && name[lt] == '_' &&
	       !strncmp(name + lt + 1, column, lc) &&
	       !strcmp(name + lt + 1 + lc, "_not_null");
}

/* NOT NULL with a name of its own, NO INHERIT or NOT VALID, or as a
 * table constraint (NOT NULL a): 18 (a domain's name: 17, above) */
static bool not_null_constraint(const ProtobufCMessage *m,
				const struct scan *s, int *loc)
{
	const PgQuery__Constraint *k = AS(PgQuery__Constraint, m);

	(void)loc;
	return !in_domain(s) &&
	       k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL &&
	       ((k->conname && *k->conname &&
		 !default_not_null_name(s, k->conname)) ||
		k->is_no_inherit || k->skip_validation || k->n_keys > 0);
}

static bool enforced(const ProtobufCMessage *m, const struct scan *s,
		     int *loc)
{
	const PgQuery__Constraint *k = AS(PgQuery__Constraint, m);

	(void)s, (void)loc;
	switch (k->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_ENFORCED:
	case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_ENFORCED:
		return true;
	case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
	case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
		return !k->is_enforced;
	default:
		return false;
	}
}

static bool without_overlaps(const ProtobufCMessage *m, const struct scan *s,
			     int *loc)
{
	(void)s, (void)loc;
	return AS(PgQuery__Constraint, m)->without_overlaps;
}

static bool period(const ProtobufCMessage *m, const struct scan *s, int *loc)
{
	const PgQuery__Constraint *k = AS(PgQuery__Constraint, m);

	(void)s, (void)loc;
	return k->fk_with_period || k->pk_with_period;
}

static bool alter_enforced_inherit(const ProtobufCMessage *m,
				   const struct scan *s, int *loc)
{
	const PgQuery__ATAlterConstraint *a = AS(PgQuery__ATAlterConstraint, m);

	(void)s, (void)loc;
	return a->alter_enforceability || a->alter_inheritability;
}

static bool returning_old_new(const ProtobufCMessage *m,
			      const struct scan *s, int *loc)
{
	const PgQuery__ReturningClause *r = AS(PgQuery__ReturningClause, m);

	(void)s;
	if (!r->n_options)
		return false;
	*loc = first_location(&r->options[0]->base);
	return true;
}

/* --- the table ------------------------------------------------------------ */

enum scope {
	ANY,	/* desired files and version files */
	SCRIPT,	/* version files only: emit/ writes it for every version */
};

static const struct pg_feature {
	const ProtobufCMessageDescriptor *node;
	bool (*used)(const ProtobufCMessage *m, const struct scan *s,
		     int *loc);	/* *loc: where, when not the node's own */
	int since;		/* server_version_num */
	enum scope scope;
	const char *name;	/* "<name> needs PostgreSQL N" */
} features[] = {
	/* 14 */
	{ &pg_query__create_function_stmt__descriptor, sql_body, 140000, ANY,
	  "an SQL-standard function body (BEGIN ATOMIC or RETURN)" },
	{ &pg_query__type_name__descriptor, multirange_type, 140000, ANY,
	  "a multirange type" },
	{ &pg_query__func_call__descriptor, multirange_call, 140000, ANY,
	  "a multirange type" },
	{ &pg_query__def_elem__descriptor, multirange_name, 140000, ANY,
	  "a multirange type" },
	{ &pg_query__column_def__descriptor, column_compression, 140000, ANY,
	  "a column compression method (COMPRESSION)" },
	{ &pg_query__alter_table_cmd__descriptor, set_compression, 140000, ANY,
	  "a column compression method (COMPRESSION)" },
	{ &pg_query__create_trig_stmt__descriptor, replace_trigger, 140000,
	  ANY, "CREATE OR REPLACE TRIGGER" },
	{ &pg_query__partition_cmd__descriptor, detach_concurrently, 140000,
	  ANY, "DETACH PARTITION CONCURRENTLY" },
	{ &pg_query__common_table_expr__descriptor, search_cycle, 140000, ANY,
	  "a SEARCH or CYCLE clause" },
	{ &pg_query__join_expr__descriptor, join_using_alias, 140000, ANY,
	  "an alias of JOIN USING" },
	/* 15 */
	{ &pg_query__index_stmt__descriptor, index_nulls_not_distinct, 150000,
	  ANY, "NULLS NOT DISTINCT" },
	{ &pg_query__constraint__descriptor, key_nulls_not_distinct, 150000,
	  ANY, "NULLS NOT DISTINCT" },
	{ &pg_query__def_elem__descriptor, security_invoker, 150000, ANY,
	  "a security_invoker view" },
	{ &pg_query__merge_stmt__descriptor, any, 150000, ANY, "MERGE" },
	{ &pg_query__alter_table_cmd__descriptor, set_access_method, 150000,
	  ANY, "SET ACCESS METHOD" },
	/* 16 */
	{ &pg_query__json_is_predicate__descriptor, any, 160000, ANY,
	  "IS JSON" },
	{ &pg_query__json_object_constructor__descriptor, any, 160000, ANY,
	  "JSON_OBJECT" },
	{ &pg_query__json_array_constructor__descriptor, any, 160000, ANY,
	  "JSON_ARRAY" },
	{ &pg_query__json_array_query_constructor__descriptor, any, 160000,
	  ANY, "JSON_ARRAY" },
	{ &pg_query__json_object_agg__descriptor, any, 160000, ANY,
	  "JSON_OBJECTAGG" },
	{ &pg_query__json_array_agg__descriptor, any, 160000, ANY,
	  "JSON_ARRAYAGG" },
	{ &pg_query__a__const__descriptor, number_int, 160000, SCRIPT,
	  "a hexadecimal, octal, binary or underscored number (0x10, 0o17, 0b101, 1_000)" },
	{ &pg_query__a__const__descriptor, number_float, 160000, ANY,
	  "a hexadecimal, octal, binary or underscored number (0x10, 0o17, 0b101, 1_000)" },
	{ &pg_query__def_elem__descriptor, number_option, 160000, SCRIPT,
	  "a hexadecimal, octal, binary or underscored number (0x10, 0o17, 0b101, 1_000)" },
	{ &pg_query__column_def__descriptor, column_storage, 160000, SCRIPT,
	  "STORAGE in a column definition" },
	{ &pg_query__alter_table_cmd__descriptor, set_storage_default, 160000,
	  SCRIPT, "SET STORAGE DEFAULT" },
	{ &pg_query__def_elem__descriptor, icu_rules, 160000, ANY,
	  "an ICU collation's rules" },
	/* 17 */
	{ &pg_query__json_table__descriptor, any, 170000, ANY, "JSON_TABLE" },
	{ &pg_query__json_func_expr__descriptor, any, 170000, ANY,
	  "JSON_VALUE, JSON_QUERY or JSON_EXISTS" },
	{ &pg_query__json_parse_expr__descriptor, any, 170000, ANY, "JSON()" },
	{ &pg_query__json_scalar_expr__descriptor, any, 170000, ANY,
	  "JSON_SCALAR" },
	{ &pg_query__json_serialize_expr__descriptor, any, 170000, ANY,
	  "JSON_SERIALIZE" },
	{ &pg_query__func_call__descriptor, at_local, 170000, ANY,
	  "AT LOCAL" },
	{ &pg_query__def_elem__descriptor, builtin_provider, 170000, ANY,
	  "the builtin collation provider" },
	{ &pg_query__access_priv__descriptor, maintain, 170000, ANY,
	  "the MAINTAIN privilege" },
	{ &pg_query__constraint__descriptor, domain_not_null_name, 170000,
	  ANY, "a named domain NOT NULL constraint" },
	{ &pg_query__merge_stmt__descriptor, merge_returning, 170000, ANY,
	  "MERGE ... RETURNING" },
	{ &pg_query__merge_when_clause__descriptor, not_matched_by_source,
	  170000, ANY, "WHEN NOT MATCHED BY SOURCE" },
	{ &pg_query__alter_table_cmd__descriptor, set_expression, 170000,
	  SCRIPT, "ALTER COLUMN ... SET EXPRESSION" },
	/* 18 */
	{ &pg_query__constraint__descriptor, virtual_column, 180000, ANY,
	  "a virtual generated column" },
	{ &pg_query__constraint__descriptor, not_null_constraint, 180000, ANY,
	  "a named, NO INHERIT or NOT VALID NOT NULL constraint" },
	{ &pg_query__constraint__descriptor, enforced, 180000, ANY,
	  "ENFORCED or NOT ENFORCED" },
	{ &pg_query__constraint__descriptor, without_overlaps, 180000, ANY,
	  "WITHOUT OVERLAPS" },
	{ &pg_query__constraint__descriptor, period, 180000, ANY,
	  "PERIOD in a foreign key" },
	{ &pg_query__atalter_constraint__descriptor, alter_enforced_inherit,
	  180000, ANY, "ALTER CONSTRAINT ... ENFORCED or INHERIT" },
	{ &pg_query__returning_clause__descriptor, returning_old_new, 180000,
	  ANY, "OLD or NEW in RETURNING" },
};

#define NFEATURES (sizeof(features) / sizeof(*features))

/* --- the walk ------------------------------------------------------------- */

/* Note a use of features[i] at statement offset loc (-1: the
 * statement's start), once per feature and file. */
static void record(struct scan *s, size_t i, int loc)
{
	struct pg_ctx *ctx = s->ctx;
	struct catalog *cat = ctx->cat;
	struct sd_pg_feature_use **tail = &cat->pg_uses, *u;
	int off;

	s->seen[i] = 1;
	for (; *tail; tail = &(*tail)->next)
		if (!strcmp((*tail)->feature, features[i].name) &&
		    ((*tail)->file == ctx->file ||
		     ((*tail)->file && ctx->file &&
		      !strcmp((*tail)->file, ctx->file))))
			return;
	u = arena_alloc(&cat->arena, sizeof(*u));
	memset(u, 0, sizeof(*u));
	u->feature = features[i].name;
	u->since = features[i].since;
	u->script_only = features[i].scope == SCRIPT;
	u->file = ctx->file ? arena_strdup(&cat->arena, ctx->file) : NULL;
	if (ctx->sql) {
		off = loc >= 0 ? ctx->loc_base + loc
			       : pg_skip_space(ctx->sql, ctx->stmt_loc);
		sd_text_position(ctx->sql, (size_t)off, &u->line, &u->col);
	}
	*tail = u;
}

static bool visit(const ProtobufCMessage *m, const struct frame *up,
		  void *data)
{
	struct scan *s = data;

	for (size_t i = 0; i < NFEATURES; i++) {
		const struct pg_feature *f = &features[i];
		int loc = -1;

		if (f->node != m->descriptor || s->seen[i] ||
		    (f->scope == SCRIPT && !s->ctx->script))
			continue;
		s->up = up;
		if (!f->used(m, s, &loc))
			continue;
		/* where: what the test said, the node's own location, the
		 * first one inside it, the nearest one above it */
		if (loc < 0)
			loc = first_location(m);
		for (const struct frame *p = up; loc < 0 && p; p = p->up)
			loc = own_location(p->m);
		record(s, i, loc);
	}
	return true;
}

void pg_features_scan(struct pg_ctx *ctx, const PgQuery__Node *stmt)
{
	unsigned char seen[NFEATURES];
	struct scan s = { ctx, NULL, seen, NULL };
	const ProtobufCMessage *inner = NULL;

	if (!ctx->cat || !stmt || stmt->node_case == PG_QUERY__NODE__NODE__NOT_SET)
		return;
	/* the statement's own message: the set member of the Node */
	for (unsigned i = 0; i < stmt->base.descriptor->n_fields && !inner; i++) {
		const ProtobufCFieldDescriptor *f =
			&stmt->base.descriptor->fields[i];
		if (f->id == (uint32_t)stmt->node_case &&
		    f->type == PROTOBUF_C_TYPE_MESSAGE)
			inner = *(const ProtobufCMessage *const *)
					((const char *)stmt + f->offset);
	}
	if (!inner)
		return;
	memset(seen, 0, sizeof(seen));
	s.stmt = inner;
	walk(inner, NULL, visit, &s);
}
