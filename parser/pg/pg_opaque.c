/*
 * parser/pg/pg_opaque.c: the kinds carried as SQL text (struct sd_opaque,
 * model/opaque.c): CREATE AGGREGATE, OPERATOR, OPERATOR CLASS / FAMILY,
 * CAST, CONVERSION, TRANSFORM, ACCESS METHOD, LANGUAGE, TEXT SEARCH
 * PARSER / TEMPLATE / DICTIONARY / CONFIGURATION, FOREIGN DATA WRAPPER,
 * SERVER, USER MAPPING, FOREIGN TABLE, RULE, STATISTICS, PUBLICATION,
 * EVENT TRIGGER; the ALTER, COMMENT and GRANT statements that add to one
 * (appended to its definition) and DROP.
 *
 * Each object is parsed for its identity (kind, schema, name or
 * signature, the same text introspection makes) and kept as written; what
 * two catalogs compare offline is the deparser's text of its statements.
 * Strings live in the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

/* Record separator between the statements of a canonical text. */
#define CANON_SEP "\036"

struct ident {
	int kind;
	const char *schema;	/* NULL: not in a schema, or unqualified
				 * (then looked up through the path) */
	bool qualified;
	struct strbuf bare;	/* identity without the schema */
	struct strbuf tail;	/* what follows the name in the identity */
	const char *name;	/* the name part (schema'd kinds) */
	bool raw;		/* an operator: its name is never quoted */
};

static void ident_init(struct ident *id, const char *objtype)
{
	memset(id, 0, sizeof(*id));
	id->kind = sd_opaque_kind_find(objtype);
	strbuf_init(&id->bare, 0);
	strbuf_init(&id->tail, 0);
}

static void ident_release(struct ident *id)
{
	strbuf_release(&id->bare);
	strbuf_release(&id->tail);
}

/* The identity of id in schema, as DROP <objtype> takes it. */
static void ident_full(const struct ident *id, const char *schema,
		       struct strbuf *out)
{
	if (id->name && schema) {
		if (id->raw) {
			sql_quote_ident(out, SQL_POSTGRES, schema);
			strbuf_addch(out, '.');
			strbuf_addstr(out, id->name);
		} else {
			sql_quote_qualified(out, SQL_POSTGRES, schema,
					    id->name);
		}
		strbuf_addstr(out, id->tail.buf);
	} else {
		strbuf_addstr(out, id->bare.buf);
	}
}

/* A schema'd name list: schema (when written), name, bare identity. */
static int ident_names(struct pg_ctx *ctx, struct ident *id,
		       PgQuery__Node **items, size_t n)
{
	const char *schema, *name;
	int ret;

	if ((ret = pg_qualified(ctx, items, n, &schema, &name)))
		return ret;
	id->schema = schema;
	id->qualified = schema != NULL;
	id->name = catalog_strdup(ctx->cat, name);
	sql_quote_ident(&id->bare, SQL_POSTGRES, name);
	return 0;
}

/* A name outside schemas. */
static void ident_global(struct ident *id, const char *name)
{
	sql_quote_ident(&id->bare, SQL_POSTGRES, name);
}

static int add_type(struct pg_ctx *ctx, const PgQuery__TypeName *tn,
		    struct strbuf *out)
{
	const char *dep = NULL;
	enum pg_serial serial;

	if (!tn) {
		strbuf_addstr(out, "NONE");
		return 0;
	}
	return pg_format_type(ctx, tn, out, &dep, &serial);
}

static const PgQuery__TypeName *as_type(const PgQuery__Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_TYPE_NAME
		       ? n->type_name : NULL;
}

static void add_role(struct strbuf *out, const PgQuery__RoleSpec *r)
{
	switch (r ? r->roletype : PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC) {
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
		sql_quote_ident(out, SQL_POSTGRES, r->rolename);
		break;
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
		strbuf_addstr(out, "CURRENT_ROLE");
		break;
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
		strbuf_addstr(out, "CURRENT_USER");
		break;
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
		strbuf_addstr(out, "SESSION_USER");
		break;
	default:
		strbuf_addstr(out, "PUBLIC");
		break;
	}
}

/* Argument types "(t1, t2)" of a list of TypeName nodes ("*" when none):
 * an aggregate's signature, ORDER BY after ndirect of them. */
static int add_arg_types(struct pg_ctx *ctx, struct strbuf *out,
			 PgQuery__Node **args, size_t n, long ndirect)
{
	int ret;

	strbuf_addch(out, '(');
	if (!n)
		strbuf_addch(out, '*');
	for (size_t i = 0; i < n; i++) {
		const PgQuery__TypeName *tn = as_type(args[i]);

		if (!tn && args[i]->node_case ==
				   PG_QUERY__NODE__NODE_FUNCTION_PARAMETER)
			tn = args[i]->function_parameter->arg_type;
		if (ndirect >= 0 && (long)i == ndirect)
			strbuf_addstr(out, i ? " ORDER BY " : "ORDER BY ");
		else if (i)
			strbuf_addstr(out, ", ");
		if ((ret = add_type(ctx, tn, out)))
			return ret;
	}
	strbuf_addch(out, ')');
	return 0;
}

/* The identity of an object as COMMENT ON and DROP name it (obj: the
 * node of their object list) for a kind of objtype t. */
static int ident_of_object(struct pg_ctx *ctx, PgQuery__ObjectType t,
			   PgQuery__Node *obj, struct ident *id)
{
	PgQuery__Node **items = NULL;
	size_t n = 0;
	int ret;

	if (obj->node_case == PG_QUERY__NODE__NODE_LIST) {
		items = obj->list->items;
		n = obj->list->n_items;
	}
	switch (t) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_OPERATOR: {
		PgQuery__ObjectWithArgs *owa;

		if (obj->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
			return pg_error(ctx, SD_ERR, -1, "unexpected object");
		owa = obj->object_with_args;
		if ((ret = ident_names(ctx, id, owa->objname, owa->n_objname)))
			return ret;
		if (t == PG_QUERY__OBJECT_TYPE__OBJECT_OPERATOR) {
			strbuf_reset(&id->bare);
			strbuf_addstr(&id->bare, id->name);
			id->raw = true;
			strbuf_addch(&id->tail, '(');
			for (size_t i = 0; i < 2; i++) {
				if (i)
					strbuf_addstr(&id->tail, ", ");
				if ((ret = add_type(ctx, i < owa->n_objargs ?
						    as_type(owa->objargs[i]) :
						    NULL, &id->tail)))
					return ret;
			}
			strbuf_addch(&id->tail, ')');
		} else if ((ret = add_arg_types(ctx, &id->tail, owa->objargs,
						owa->n_objargs, -1))) {
			return ret;
		}
		strbuf_addstr(&id->bare, id->tail.buf);
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_OPCLASS:
	case PG_QUERY__OBJECT_TYPE__OBJECT_OPFAMILY:
		if (n < 2 || !pg_str(items[0]))
			return pg_error(ctx, SD_ERR, -1, "unexpected object");
		if ((ret = ident_names(ctx, id, items + 1, n - 1)))
			return ret;
		strbuf_addstr(&id->tail, " USING ");
		sql_quote_ident(&id->tail, SQL_POSTGRES, pg_str(items[0]));
		strbuf_addstr(&id->bare, id->tail.buf);
		return 0;
	case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
		if (n < 2)
			return pg_error(ctx, SD_ERR, -1, "unexpected object");
		/* [schema,] table, rule: the rule is in the table's schema */
		if ((ret = ident_names(ctx, id, items, n - 1)))
			return ret;
		strbuf_reset(&id->bare);
		sql_quote_ident(&id->bare, SQL_POSTGRES, pg_str(items[n - 1]));
		strbuf_addstr(&id->bare, " ON ");
		{
			const char *schema = id->schema;
			struct sd_object *rel = pg_find_rel(ctx, id->schema,
							    id->name, &schema);
			if (rel)
				schema = rel->schema;
			id->schema = schema;
			id->qualified = true;
		}
		sql_quote_ident(&id->bare, SQL_POSTGRES, id->name);
		/* the full identity: rule ON schema.table */
		strbuf_reset(&id->tail);
		sql_quote_ident(&id->tail, SQL_POSTGRES, pg_str(items[n - 1]));
		strbuf_addstr(&id->tail, " ON ");
		sql_quote_qualified(&id->tail, SQL_POSTGRES, id->schema,
				    id->name);
		id->name = NULL;
		return 0;
	case PG_QUERY__OBJECT_TYPE__OBJECT_CAST:
		if (n != 2)
			return pg_error(ctx, SD_ERR, -1, "unexpected object");
		strbuf_addch(&id->bare, '(');
		if ((ret = add_type(ctx, as_type(items[0]), &id->bare)))
			return ret;
		strbuf_addstr(&id->bare, " AS ");
		if ((ret = add_type(ctx, as_type(items[1]), &id->bare)))
			return ret;
		strbuf_addch(&id->bare, ')');
		return 0;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRANSFORM:
		if (n != 2 || !pg_str(items[1]))
			return pg_error(ctx, SD_ERR, -1, "unexpected object");
		strbuf_addstr(&id->bare, "FOR ");
		if ((ret = add_type(ctx, as_type(items[0]), &id->bare)))
			return ret;
		strbuf_addstr(&id->bare, " LANGUAGE ");
		sql_quote_ident(&id->bare, SQL_POSTGRES, pg_str(items[1]));
		return 0;
	case PG_QUERY__OBJECT_TYPE__OBJECT_ACCESS_METHOD:
	case PG_QUERY__OBJECT_TYPE__OBJECT_LANGUAGE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_FDW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_SERVER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_EVENT_TRIGGER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PUBLICATION:
		if (!pg_str(obj))
			return pg_error(ctx, SD_ERR, -1, "unexpected object");
		ident_global(id, pg_str(obj));
		return 0;
	default:
		/* a (possibly qualified) name */
		return ident_names(ctx, id, items, n);
	}
}

/* The opaque kind of an objtype, or NULL. */
static const char *objtype_word(PgQuery__ObjectType t)
{
	switch (t) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_ACCESS_METHOD:
		return "ACCESS METHOD";
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE: return "AGGREGATE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_CAST: return "CAST";
	case PG_QUERY__OBJECT_TYPE__OBJECT_CONVERSION: return "CONVERSION";
	case PG_QUERY__OBJECT_TYPE__OBJECT_EVENT_TRIGGER:
		return "EVENT TRIGGER";
	case PG_QUERY__OBJECT_TYPE__OBJECT_FDW:
		return "FOREIGN DATA WRAPPER";
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_SERVER: return "SERVER";
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
		return "FOREIGN TABLE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_LANGUAGE: return "LANGUAGE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_OPCLASS: return "OPERATOR CLASS";
	case PG_QUERY__OBJECT_TYPE__OBJECT_OPERATOR: return "OPERATOR";
	case PG_QUERY__OBJECT_TYPE__OBJECT_OPFAMILY: return "OPERATOR FAMILY";
	case PG_QUERY__OBJECT_TYPE__OBJECT_PUBLICATION: return "PUBLICATION";
	case PG_QUERY__OBJECT_TYPE__OBJECT_RULE: return "RULE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_STATISTIC_EXT: return "STATISTICS";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRANSFORM: return "TRANSFORM";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TSCONFIGURATION:
		return "TEXT SEARCH CONFIGURATION";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TSDICTIONARY:
		return "TEXT SEARCH DICTIONARY";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TSPARSER:
		return "TEXT SEARCH PARSER";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TSTEMPLATE:
		return "TEXT SEARCH TEMPLATE";
	default:
		return NULL;
	}
}

bool pg_opaque_objtype(PgQuery__ObjectType t)
{
	return objtype_word(t) != NULL;
}

/* ALTER TABLE t ENABLE / DISABLE RULE r (one command): the rule's name,
 * else NULL. */
static const char *rule_toggle(const PgQuery__AlterTableStmt *s)
{
	const PgQuery__AlterTableCmd *c;

	if (s->n_cmds != 1 ||
	    s->cmds[0]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
		return NULL;
	c = s->cmds[0]->alter_table_cmd;
	switch (c->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRule:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysRule:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaRule:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRule:
		return c->name;
	default:
		return NULL;
	}
}

/* The identity of the object a statement creates or alters; 0, 1 when
 * the statement is none of ours, or an error. */
static int ident_of_stmt(struct pg_ctx *ctx, PgQuery__Node *n,
			 struct ident *id, bool *create)
{
	int ret;

	*create = true;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_DEFINE_STMT: {
		PgQuery__DefineStmt *d = n->define_stmt;
		const char *w = objtype_word(d->kind);

		if (!w || d->kind == PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION)
			return 1;
		ident_init(id, w);
		if ((ret = ident_names(ctx, id, d->defnames, d->n_defnames)))
			return ret;
		if (d->kind == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE) {
			PgQuery__Node **args = NULL;
			size_t nargs = 0;
			long ndirect = -1;

			if (d->n_args >= 1 && d->args[0]->node_case ==
						      PG_QUERY__NODE__NODE_LIST) {
				args = d->args[0]->list->items;
				nargs = d->args[0]->list->n_items;
			}
			if (d->n_args >= 2 && d->args[1]->node_case ==
						      PG_QUERY__NODE__NODE_INTEGER)
				ndirect = d->args[1]->integer->ival;
			if (!args && d->oldstyle) {
				/* BASETYPE = t ('any': no argument) */
				for (size_t i = 0; i < d->n_definition; i++) {
					PgQuery__DefElem *e =
						d->definition[i]->def_elem;
					const PgQuery__TypeName *tn;
					const char *tname;

					if (strcmp(e->defname, "basetype") ||
					    !(tn = as_type(e->arg)))
						continue;
					tname = pg_str(tn->names[tn->n_names -
								 1]);
					if (tname && strcmp(tname, "any")) {
						args = &e->arg;
						nargs = 1;
					}
				}
			}
			if ((ret = add_arg_types(ctx, &id->tail, args, nargs,
						 ndirect)))
				return ret;
		} else if (d->kind == PG_QUERY__OBJECT_TYPE__OBJECT_OPERATOR) {
			const PgQuery__TypeName *l = NULL, *r = NULL;

			for (size_t i = 0; i < d->n_definition; i++) {
				PgQuery__DefElem *e = d->definition[i]->def_elem;
				if (!strcmp(e->defname, "leftarg"))
					l = as_type(e->arg);
				else if (!strcmp(e->defname, "rightarg"))
					r = as_type(e->arg);
			}
			strbuf_reset(&id->bare);
			strbuf_addstr(&id->bare, id->name);
			id->raw = true;
			strbuf_addch(&id->tail, '(');
			if ((ret = add_type(ctx, l, &id->tail)))
				return ret;
			strbuf_addstr(&id->tail, ", ");
			if ((ret = add_type(ctx, r, &id->tail)))
				return ret;
			strbuf_addch(&id->tail, ')');
		}
		strbuf_addstr(&id->bare, id->tail.buf);
		return 0;
	}
	case PG_QUERY__NODE__NODE_CREATE_OP_CLASS_STMT:
	case PG_QUERY__NODE__NODE_CREATE_OP_FAMILY_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OP_FAMILY_STMT: {
		PgQuery__Node **names;
		size_t nn;
		const char *am;

		if (n->node_case == PG_QUERY__NODE__NODE_CREATE_OP_CLASS_STMT) {
			ident_init(id, "OPERATOR CLASS");
			names = n->create_op_class_stmt->opclassname;
			nn = n->create_op_class_stmt->n_opclassname;
			am = n->create_op_class_stmt->amname;
		} else if (n->node_case ==
			   PG_QUERY__NODE__NODE_CREATE_OP_FAMILY_STMT) {
			ident_init(id, "OPERATOR FAMILY");
			names = n->create_op_family_stmt->opfamilyname;
			nn = n->create_op_family_stmt->n_opfamilyname;
			am = n->create_op_family_stmt->amname;
		} else {
			ident_init(id, "OPERATOR FAMILY");
			names = n->alter_op_family_stmt->opfamilyname;
			nn = n->alter_op_family_stmt->n_opfamilyname;
			am = n->alter_op_family_stmt->amname;
			*create = false;
		}
		if ((ret = ident_names(ctx, id, names, nn)))
			return ret;
		strbuf_addstr(&id->tail, " USING ");
		sql_quote_ident(&id->tail, SQL_POSTGRES, am);
		strbuf_addstr(&id->bare, id->tail.buf);
		return 0;
	}
	case PG_QUERY__NODE__NODE_CREATE_CAST_STMT: {
		PgQuery__CreateCastStmt *c = n->create_cast_stmt;

		ident_init(id, "CAST");
		strbuf_addch(&id->bare, '(');
		if ((ret = add_type(ctx, c->sourcetype, &id->bare)))
			return ret;
		strbuf_addstr(&id->bare, " AS ");
		if ((ret = add_type(ctx, c->targettype, &id->bare)))
			return ret;
		strbuf_addch(&id->bare, ')');
		return 0;
	}
	case PG_QUERY__NODE__NODE_CREATE_TRANSFORM_STMT: {
		PgQuery__CreateTransformStmt *c = n->create_transform_stmt;

		ident_init(id, "TRANSFORM");
		strbuf_addstr(&id->bare, "FOR ");
		if ((ret = add_type(ctx, c->type_name, &id->bare)))
			return ret;
		strbuf_addstr(&id->bare, " LANGUAGE ");
		sql_quote_ident(&id->bare, SQL_POSTGRES, c->lang);
		return 0;
	}
	case PG_QUERY__NODE__NODE_CREATE_CONVERSION_STMT:
		ident_init(id, "CONVERSION");
		return ident_names(ctx, id,
				   n->create_conversion_stmt->conversion_name,
				   n->create_conversion_stmt->n_conversion_name);
	case PG_QUERY__NODE__NODE_CREATE_AM_STMT:
		ident_init(id, "ACCESS METHOD");
		ident_global(id, n->create_am_stmt->amname);
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_PLANG_STMT:
		ident_init(id, "LANGUAGE");
		ident_global(id, n->create_plang_stmt->plname);
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_FDW_STMT:
	case PG_QUERY__NODE__NODE_ALTER_FDW_STMT:
		ident_init(id, "FOREIGN DATA WRAPPER");
		*create = n->node_case == PG_QUERY__NODE__NODE_CREATE_FDW_STMT;
		ident_global(id, *create ? n->create_fdw_stmt->fdwname
					 : n->alter_fdw_stmt->fdwname);
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_SERVER_STMT:
	case PG_QUERY__NODE__NODE_ALTER_FOREIGN_SERVER_STMT:
		ident_init(id, "SERVER");
		*create = n->node_case ==
			  PG_QUERY__NODE__NODE_CREATE_FOREIGN_SERVER_STMT;
		ident_global(id, *create
					 ? n->create_foreign_server_stmt->servername
					 : n->alter_foreign_server_stmt->servername);
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_USER_MAPPING_STMT:
	case PG_QUERY__NODE__NODE_ALTER_USER_MAPPING_STMT: {
		const PgQuery__RoleSpec *r;
		const char *srv;

		ident_init(id, "USER MAPPING");
		*create = n->node_case ==
			  PG_QUERY__NODE__NODE_CREATE_USER_MAPPING_STMT;
		r = *create ? n->create_user_mapping_stmt->user
			    : n->alter_user_mapping_stmt->user;
		srv = *create ? n->create_user_mapping_stmt->servername
			      : n->alter_user_mapping_stmt->servername;
		strbuf_addstr(&id->bare, "FOR ");
		add_role(&id->bare, r);
		strbuf_addstr(&id->bare, " SERVER ");
		sql_quote_ident(&id->bare, SQL_POSTGRES, srv);
		return 0;
	}
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT: {
		PgQuery__RangeVar *rv =
			n->create_foreign_table_stmt->base_stmt->relation;

		ident_init(id, "FOREIGN TABLE");
		id->schema = rv->schemaname && *rv->schemaname
				     ? rv->schemaname : NULL;
		id->qualified = id->schema != NULL;
		id->name = catalog_strdup(ctx->cat, rv->relname);
		sql_quote_ident(&id->bare, SQL_POSTGRES, rv->relname);
		return 0;
	}
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
		PgQuery__RangeVar *rv = n->alter_table_stmt->relation;
		const char *rule = rule_toggle(n->alter_table_stmt);

		if (rule) {
			const char *schema = rv->schemaname && *rv->schemaname
					     ? rv->schemaname : NULL;
			struct sd_object *rel;

			ident_init(id, "RULE");
			*create = false;
			rel = pg_find_rel(ctx, schema, rv->relname, &schema);
			id->schema = rel ? rel->schema : schema;
			id->qualified = true;
			sql_quote_ident(&id->bare, SQL_POSTGRES, rule);
			strbuf_addstr(&id->bare, " ON ");
			sql_quote_ident(&id->bare, SQL_POSTGRES, rv->relname);
			sql_quote_ident(&id->tail, SQL_POSTGRES, rule);
			strbuf_addstr(&id->tail, " ON ");
			sql_quote_qualified(&id->tail, SQL_POSTGRES, id->schema,
					    rv->relname);
			return 0;
		}
		if (n->alter_table_stmt->objtype !=
		    PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE)
			return 1;
		ident_init(id, "FOREIGN TABLE");
		*create = false;
		id->schema = rv->schemaname && *rv->schemaname
				     ? rv->schemaname : NULL;
		id->qualified = id->schema != NULL;
		id->name = catalog_strdup(ctx->cat, rv->relname);
		sql_quote_ident(&id->bare, SQL_POSTGRES, rv->relname);
		return 0;
	}
	case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT:
		ident_init(id, "EVENT TRIGGER");
		ident_global(id, n->create_event_trig_stmt->trigname);
		return 0;
	case PG_QUERY__NODE__NODE_ALTER_OPERATOR_STMT: {
		PgQuery__Node wrap = PG_QUERY__NODE__INIT;

		ident_init(id, "OPERATOR");
		*create = false;
		wrap.node_case = PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS;
		wrap.object_with_args = n->alter_operator_stmt->opername;
		return ident_of_object(ctx, PG_QUERY__OBJECT_TYPE__OBJECT_OPERATOR,
				       &wrap, id);
	}
	case PG_QUERY__NODE__NODE_ALTER_EVENT_TRIG_STMT:
		ident_init(id, "EVENT TRIGGER");
		*create = false;
		ident_global(id, n->alter_event_trig_stmt->trigname);
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT:
		ident_init(id, "PUBLICATION");
		ident_global(id, n->create_publication_stmt->pubname);
		return 0;
	case PG_QUERY__NODE__NODE_ALTER_PUBLICATION_STMT:
		ident_init(id, "PUBLICATION");
		*create = false;
		ident_global(id, n->alter_publication_stmt->pubname);
		return 0;
	case PG_QUERY__NODE__NODE_RULE_STMT: {
		PgQuery__RuleStmt *r = n->rule_stmt;
		const char *schema = r->relation->schemaname &&
					     *r->relation->schemaname
				     ? r->relation->schemaname : NULL;
		struct sd_object *rel;

		ident_init(id, "RULE");
		rel = pg_find_rel(ctx, schema, r->relation->relname, &schema);
		id->schema = rel ? rel->schema : schema;
		id->qualified = true;
		sql_quote_ident(&id->bare, SQL_POSTGRES, r->rulename);
		strbuf_addstr(&id->bare, " ON ");
		sql_quote_ident(&id->bare, SQL_POSTGRES, r->relation->relname);
		sql_quote_ident(&id->tail, SQL_POSTGRES, r->rulename);
		strbuf_addstr(&id->tail, " ON ");
		sql_quote_qualified(&id->tail, SQL_POSTGRES, id->schema,
				    r->relation->relname);
		return 0;
	}
	case PG_QUERY__NODE__NODE_CREATE_STATS_STMT: {
		PgQuery__CreateStatsStmt *s = n->create_stats_stmt;

		ident_init(id, "STATISTICS");
		if (s->n_defnames)
			return ident_names(ctx, id, s->defnames, s->n_defnames);
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"CREATE STATISTICS without a name is not "
				"supported: name the statistics object");
	}
	case PG_QUERY__NODE__NODE_ALTER_STATS_STMT:
		ident_init(id, "STATISTICS");
		*create = false;
		return ident_names(ctx, id, n->alter_stats_stmt->defnames,
				   n->alter_stats_stmt->n_defnames);
	case PG_QUERY__NODE__NODE_ALTER_TSCONFIGURATION_STMT:
		ident_init(id, "TEXT SEARCH CONFIGURATION");
		*create = false;
		return ident_names(ctx, id, n->alter_tsconfiguration_stmt->cfgname,
				   n->alter_tsconfiguration_stmt->n_cfgname);
	case PG_QUERY__NODE__NODE_ALTER_TSDICTIONARY_STMT:
		ident_init(id, "TEXT SEARCH DICTIONARY");
		*create = false;
		return ident_names(ctx, id, n->alter_tsdictionary_stmt->dictname,
				   n->alter_tsdictionary_stmt->n_dictname);
	case PG_QUERY__NODE__NODE_COMMENT_STMT: {
		const char *w = objtype_word(n->comment_stmt->objtype);
		PgQuery__Node *obj = n->comment_stmt->object;

		if (n->comment_stmt->objtype ==
			    PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN &&
		    obj->node_case == PG_QUERY__NODE__NODE_LIST &&
		    obj->list->n_items >= 2) {
			/* a foreign table's column */
			ident_init(id, "FOREIGN TABLE");
			*create = false;
			return ident_names(ctx, id, obj->list->items,
					   obj->list->n_items - 1);
		}
		if (!w)
			return 1;
		ident_init(id, w);
		*create = false;
		return ident_of_object(ctx, n->comment_stmt->objtype,
				       n->comment_stmt->object, id);
	}
	case PG_QUERY__NODE__NODE_GRANT_STMT: {
		PgQuery__GrantStmt *g = n->grant_stmt;
		const char *w = objtype_word(g->objtype);

		if (g->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
		    g->n_objects == 1 &&
		    g->objects[0]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
			/* GRANT ... ON TABLE of a foreign table */
			PgQuery__RangeVar *rv = g->objects[0]->range_var;

			ident_init(id, "FOREIGN TABLE");
			*create = false;
			id->schema = rv->schemaname && *rv->schemaname
					     ? rv->schemaname : NULL;
			id->qualified = id->schema != NULL;
			id->name = catalog_strdup(ctx->cat, rv->relname);
			sql_quote_ident(&id->bare, SQL_POSTGRES, rv->relname);
			return 0;
		}
		if (!w || g->n_objects != 1 ||
		    g->targtype != PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_OBJECT)
			return 1;
		ident_init(id, w);
		*create = false;
		return ident_of_object(ctx, g->objtype, g->objects[0], id);
	}
	default:
		return 1;
	}
}

/* The object id names: qualified, or the first of the search path that
 * has it. */
static struct sd_opaque *find(struct pg_ctx *ctx, const struct ident *id)
{
	if (!sd_opaque_kinds[id->kind].schema || id->qualified)
		return catalog_find_opaque(ctx->cat, id->kind, id->schema,
					   id->bare.buf);
	for (size_t i = 0; ctx->path && i < ctx->path->n; i++) {
		struct sd_opaque *op = catalog_find_opaque(
			ctx->cat, id->kind, ctx->path->names[i], id->bare.buf);
		if (op)
			return op;
	}
	return NULL;
}

static void describe(const struct ident *id, struct strbuf *out)
{
	const char *w = sd_opaque_kinds[id->kind].objtype;

	for (; *w; w++)
		strbuf_addch(out, (char)(*w >= 'A' && *w <= 'Z' ? *w + 32 : *w));
	strbuf_addch(out, ' ');
	if (!id->name && id->tail.len) {
		/* a rule: "r ON s.t" */
		strbuf_addstr(out, id->tail.buf);
		return;
	}
	if (id->schema && id->name) {
		strbuf_addstr(out, id->schema);
		strbuf_addch(out, '.');
	}
	strbuf_addstr(out, id->bare.buf);
}

/* The statement as written (trimmed, no final ';') and as deparsed. */
static void stmt_texts(struct pg_ctx *ctx, PgQuery__Node *n,
		       struct strbuf *text, struct strbuf *canon)
{
	struct strbuf msg = STRBUF_INIT;
	const char *s = ctx->sql + ctx->stmt_loc;
	size_t len = (size_t)ctx->stmt_len;

	if (!len)
		len = strlen(s);
	while (len && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
		s++;
		len--;
	}
	strbuf_add(text, s, len);
	strbuf_rtrim(text);
	while (text->len && text->buf[text->len - 1] == ';') {
		strbuf_setlen(text, text->len - 1);
		strbuf_rtrim(text);
	}
	if (pg_deparse_stmt(n, canon, &msg)) {
		/* not deparsable: the text with its blanks squeezed */
		strbuf_reset(canon);
		for (size_t i = 0; i < text->len; i++) {
			char c = text->buf[i];
			bool sp = c == ' ' || c == '\t' || c == '\n' ||
				  c == '\r';
			if (sp && canon->len && canon->buf[canon->len - 1] == ' ')
				continue;
			strbuf_addch(canon, sp ? ' ' : c);
		}
	}
	strbuf_release(&msg);
}

static int cmp_str(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* canon + one more statement: the first (the CREATE) stays first, the
 * others are sorted, so that the order of ALTER and COMMENT statements
 * in the files does not count. */
static const char *canon_append(struct pg_ctx *ctx, const char *canon,
				const char *more)
{
	struct vec parts = VEC_INIT;
	struct strbuf out = STRBUF_INIT;
	char *copy = arena_strdup(&ctx->tmp, canon);
	const char *first = copy, *ret;
	char *p = strstr(copy, CANON_SEP);

	if (p) {
		*p = '\0';
		for (char *q = p + 1; q; ) {
			char *e = strstr(q, CANON_SEP);
			if (e)
				*e = '\0';
			vec_push(&parts, q);
			q = e ? e + 1 : NULL;
		}
	}
	vec_push(&parts, (void *)more);
	vec_sort(&parts, cmp_str);
	strbuf_addstr(&out, first);
	for (size_t i = 0; i < parts.len; i++) {
		strbuf_addstr(&out, CANON_SEP);
		strbuf_addstr(&out, parts.items[i]);
	}
	ret = catalog_strdup(ctx->cat, out.buf);
	strbuf_release(&out);
	vec_release(&parts);
	return ret;
}

/* A rule's columns read (its condition and actions): only a change of
 * one of them makes it again (diff_function_reads_remade()). */
static void rule_reads(struct pg_ctx *ctx, struct sd_opaque *op,
		       const PgQuery__Node *n)
{
	if (n->node_case == PG_QUERY__NODE__NODE_RULE_STMT)
		pg_query_colreads(ctx, &op->reads, n);
}

int parse_opaque(struct pg_ctx *ctx, PgQuery__Node *n)
{
	struct ident id;
	struct strbuf text = STRBUF_INIT, canon = STRBUF_INIT;
	struct strbuf full = STRBUF_INIT, desc = STRBUF_INIT;
	struct sd_opaque *op;
	bool create;
	int ret;

	memset(&id, 0, sizeof(id));
	ret = ident_of_stmt(ctx, n, &id, &create);
	if (ret == 1)
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported statement");
	if (ret || id.kind < 0)
		goto out;
	stmt_texts(ctx, n, &text, &canon);
	describe(&id, &desc);
	op = find(ctx, &id);
	if (!create) {
		if (!op) {
			if (n->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT &&
			    n->alter_table_stmt->missing_ok)
				goto out;
			ret = pg_error(ctx, SD_ERR, -1, "%s does not exist",
				       desc.buf);
			goto out;
		}
		op->definition = arena_printf(&ctx->cat->arena, "%s;\n%s",
					      op->definition, text.buf);
		op->canon = canon_append(ctx, op->canon, canon.buf);
		goto out;
	}
	if (op) {
		bool replace =
			(n->node_case == PG_QUERY__NODE__NODE_DEFINE_STMT &&
			 n->define_stmt->replace) ||
			(n->node_case == PG_QUERY__NODE__NODE_RULE_STMT &&
			 n->rule_stmt->replace) ||
			(n->node_case == PG_QUERY__NODE__NODE_CREATE_PLANG_STMT &&
			 n->create_plang_stmt->replace) ||
			(n->node_case ==
				 PG_QUERY__NODE__NODE_CREATE_TRANSFORM_STMT &&
			 n->create_transform_stmt->replace);
		bool if_not_exists =
			(n->node_case == PG_QUERY__NODE__NODE_DEFINE_STMT &&
			 n->define_stmt->if_not_exists) ||
			(n->node_case ==
				 PG_QUERY__NODE__NODE_CREATE_STATS_STMT &&
			 n->create_stats_stmt->if_not_exists) ||
			(n->node_case ==
				 PG_QUERY__NODE__NODE_CREATE_FOREIGN_SERVER_STMT &&
			 n->create_foreign_server_stmt->if_not_exists) ||
			(n->node_case ==
				 PG_QUERY__NODE__NODE_CREATE_USER_MAPPING_STMT &&
			 n->create_user_mapping_stmt->if_not_exists) ||
			(n->node_case ==
				 PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT &&
			 n->create_foreign_table_stmt->base_stmt->if_not_exists);
		if (if_not_exists)
			goto out;
		if (!replace) {
			ret = pg_error(ctx, SD_ERR, -1, "%s already exists",
				       desc.buf);
			goto out;
		}
		op->definition = catalog_strdup(ctx->cat, text.buf);
		op->canon = catalog_strdup(ctx->cat, canon.buf);
		rule_reads(ctx, op, n);
		goto out;
	}
	if (sd_opaque_kinds[id.kind].schema) {
		if (!id.schema && !(id.schema = pg_creation_schema(ctx, NULL))) {
			ret = ctx->err ? ctx->err->code : SD_ERR;
			goto out;
		}
		if ((ret = pg_check_schema(ctx, id.schema, -1)))
			goto out;
	} else {
		id.schema = NULL;
	}
	ident_full(&id, id.schema, &full);
	if (!id.name && id.tail.len && id.schema) {
		/* a rule: the identity names its table */
		strbuf_reset(&full);
		strbuf_addstr(&full, id.tail.buf);
	}
	op = catalog_add_opaque(ctx->cat, id.kind, id.schema, id.bare.buf,
				full.buf);
	if (!op) {
		ret = pg_error(ctx, SD_ERR, -1, "%s already exists", desc.buf);
		goto out;
	}
	pg_set_origin(ctx, &op->base);
	op->definition = catalog_strdup(ctx->cat, text.buf);
	op->canon = catalog_strdup(ctx->cat, canon.buf);
	rule_reads(ctx, op, n);
out:
	ident_release(&id);
	strbuf_release(&text);
	strbuf_release(&canon);
	strbuf_release(&full);
	strbuf_release(&desc);
	return ret;
}

static int drop_one(struct pg_ctx *ctx, struct ident *id, bool missing_ok)
{
	struct sd_opaque *op = find(ctx, id);
	struct strbuf desc = STRBUF_INIT;
	int ret = 0;

	if (op) {
		catalog_remove(ctx->cat, &op->base);
	} else if (!missing_ok) {
		describe(id, &desc);
		ret = pg_error(ctx, SD_ERR, -1, "%s does not exist", desc.buf);
	}
	strbuf_release(&desc);
	return ret;
}

int parse_drop_opaque(struct pg_ctx *ctx, PgQuery__Node *n)
{
	int ret = 0;

	if (n->node_case == PG_QUERY__NODE__NODE_DROP_USER_MAPPING_STMT) {
		PgQuery__DropUserMappingStmt *d = n->drop_user_mapping_stmt;
		struct ident id;

		ident_init(&id, "USER MAPPING");
		strbuf_addstr(&id.bare, "FOR ");
		add_role(&id.bare, d->user);
		strbuf_addstr(&id.bare, " SERVER ");
		sql_quote_ident(&id.bare, SQL_POSTGRES, d->servername);
		ret = drop_one(ctx, &id, d->missing_ok);
		ident_release(&id);
		return ret;
	}
	for (size_t i = 0; i < n->drop_stmt->n_objects && !ret; i++) {
		struct ident id;

		ident_init(&id, objtype_word(n->drop_stmt->remove_type));
		ret = ident_of_object(ctx, n->drop_stmt->remove_type,
				      n->drop_stmt->objects[i], &id);
		if (!ret)
			ret = drop_one(ctx, &id, n->drop_stmt->missing_ok);
		ident_release(&id);
	}
	return ret;
}

bool pg_opaque_foreign_table_stmt(struct pg_ctx *ctx, PgQuery__Node *n)
{
	struct ident id;
	bool create, ret;

	if (!((n->node_case == PG_QUERY__NODE__NODE_GRANT_STMT &&
	       n->grant_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) ||
	      (n->node_case == PG_QUERY__NODE__NODE_COMMENT_STMT &&
	       n->comment_stmt->objtype ==
		       PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN)))
		return false;
	memset(&id, 0, sizeof(id));
	ret = !ident_of_stmt(ctx, n, &id, &create) && id.kind >= 0 &&
	      find(ctx, &id);
	ident_release(&id);
	return ret;
}

bool pg_is_opaque_stmt(const PgQuery__Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_DEFINE_STMT:
		return n->define_stmt->kind !=
			       PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION &&
		       objtype_word(n->define_stmt->kind);
	case PG_QUERY__NODE__NODE_CREATE_OP_CLASS_STMT:
	case PG_QUERY__NODE__NODE_CREATE_OP_FAMILY_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OP_FAMILY_STMT:
	case PG_QUERY__NODE__NODE_CREATE_CAST_STMT:
	case PG_QUERY__NODE__NODE_CREATE_TRANSFORM_STMT:
	case PG_QUERY__NODE__NODE_CREATE_CONVERSION_STMT:
	case PG_QUERY__NODE__NODE_CREATE_AM_STMT:
	case PG_QUERY__NODE__NODE_CREATE_PLANG_STMT:
	case PG_QUERY__NODE__NODE_CREATE_FDW_STMT:
	case PG_QUERY__NODE__NODE_ALTER_FDW_STMT:
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_SERVER_STMT:
	case PG_QUERY__NODE__NODE_ALTER_FOREIGN_SERVER_STMT:
	case PG_QUERY__NODE__NODE_CREATE_USER_MAPPING_STMT:
	case PG_QUERY__NODE__NODE_ALTER_USER_MAPPING_STMT:
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT:
	case PG_QUERY__NODE__NODE_ALTER_EVENT_TRIG_STMT:
	case PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_PUBLICATION_STMT:
	case PG_QUERY__NODE__NODE_RULE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
	case PG_QUERY__NODE__NODE_ALTER_STATS_STMT:
	case PG_QUERY__NODE__NODE_ALTER_TSCONFIGURATION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_TSDICTIONARY_STMT:
		return true;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		return rule_toggle(n->alter_table_stmt) ||
		       (n->alter_table_stmt->objtype ==
				PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE &&
			!pg_alter_owner_only(n->alter_table_stmt));
	case PG_QUERY__NODE__NODE_ALTER_OPERATOR_STMT:
		return true;
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
		return objtype_word(n->comment_stmt->objtype) != NULL;
	case PG_QUERY__NODE__NODE_GRANT_STMT:
		return objtype_word(n->grant_stmt->objtype) != NULL;
	case PG_QUERY__NODE__NODE_DROP_STMT:
		return objtype_word(n->drop_stmt->remove_type) != NULL;
	case PG_QUERY__NODE__NODE_DROP_USER_MAPPING_STMT:
		return true;
	default:
		return false;
	}
}

bool pg_is_opaque_create(const PgQuery__Node *n)
{
	bool create = false;

	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OPERATOR_STMT:
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
	case PG_QUERY__NODE__NODE_GRANT_STMT:
	case PG_QUERY__NODE__NODE_DROP_STMT:
	case PG_QUERY__NODE__NODE_DROP_USER_MAPPING_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OP_FAMILY_STMT:
	case PG_QUERY__NODE__NODE_ALTER_FDW_STMT:
	case PG_QUERY__NODE__NODE_ALTER_FOREIGN_SERVER_STMT:
	case PG_QUERY__NODE__NODE_ALTER_USER_MAPPING_STMT:
	case PG_QUERY__NODE__NODE_ALTER_EVENT_TRIG_STMT:
	case PG_QUERY__NODE__NODE_ALTER_PUBLICATION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_STATS_STMT:
	case PG_QUERY__NODE__NODE_ALTER_TSCONFIGURATION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_TSDICTIONARY_STMT:
		break;
	default:
		create = pg_is_opaque_stmt(n);
	}
	return create;
}
