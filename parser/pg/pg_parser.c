/*
 * parser/pg/pg_parser.c: the driver. Reads SQL files, parses them with
 * libpg_query, keeps each statement's position and effective search_path,
 * and applies statements to the catalog: in phase order for desired files
 * (a set), in file order for version scripts. Dispatches each statement to
 * its parse_<kind> verb.
 *
 * Memory: a file is split into statements a window at a time (pg_split.h)
 * and each statement is parsed on its own, so that no parse tree of a whole
 * file is ever held. A script's statement is unpacked, applied and freed
 * before the next is parsed. A desired set is applied in phase order once
 * every file is read: until then each statement keeps only its place and
 * its packed protobuf (libpg_query's bytes, about twice its text), which is
 * unpacked when it is applied and freed right after. File texts live until
 * the load or replay ends (for error positions). Everything kept is copied
 * into the catalog's arena.
 */
#include "parser/pg/pg_internal.h"
#include "parser/pg/pg_split.h"

#include <errno.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "util/bigstack.h"
#include "util/fileio.h"
#include "util/text.h"
#include "util/sqlfiles.h"
#include "util/sqlinclude.h"
#include "util/banned.h"

/* One statement gathered from a file. */
struct pg_gathered {
	PgQueryProtobufParseResult parsed;	/* its own parse, packed;
						 * freed once applied */
	const char *file;
	const char *sql;	/* the file's text */
	int loc, len;		/* its span in sql: node locations count
				 * from loc */
	int line;		/* of the first token */
	const struct pg_path *path;
	int phase;
	size_t order;
	/* desired sets: the relation a CREATE [MATERIALIZED] VIEW makes or
	 * a CREATE INDEX (or an ALTER ... SET DEFAULT, which may be a
	 * view's) is on, as written ("schema\037name"); NULL else */
	const char *matview;
	const char *index_on;
};

/* Phases of a desired load: the order objects can be created in whatever
 * order the files give them. */
enum pg_phase {
	PH_CLEAN,	/* DROP ... IF EXISTS and the like: clean-up before
			 * the set (pg_dump --clean --if-exists, install
			 * scripts), see is_cleanup() */
	PH_SCHEMA,
	PH_DEFACL,	/* default privileges: for every object the files
			 * create but schemas, as the statements a plan
			 * writes run in that order */
	PH_EXTENSION,
	PH_COLLATION,	/* before the types and tables that use them */
	PH_TYPE,
	PH_FUNCTION,
	PH_SEQUENCE,
	PH_TABLE,
	PH_ALTER,
	PH_INDEX,
	PH_VIEW,
	PH_VIEW_INDEX,	/* indexes on materialized views */
	PH_TRIGGER,
	PH_POLICY,
	PH_COMMENT,
	PH_OTHER,
};

static void ctx_init(struct pg_ctx *ctx, struct catalog *cat,
		     struct sd_error *err, bool script)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->cat = cat;
	ctx->err = err;
	ctx->script = script;
	arena_init(&ctx->tmp);
	strmap_init(&ctx->connames);
	strmap_init(&ctx->gone_schemas);
	strmap_init(&ctx->owners);
	/* constraint names already in the catalog (earlier versions) */
	for (size_t i = 0; i < cat->nall; i++) {
		struct sd_table *t = (struct sd_table *)cat->all[i];
		if (t->base.kind != SD_TABLE)
			continue;
		for (size_t j = 0; j < t->nconstraints; j++)
			pg_note_conname(ctx, t->base.schema,
					t->constraints[j].name);
	}
	pg_note_domain_connames(ctx);
	for (size_t i = 0; i < cat->nall && !ctx->has_defacl; i++)
		ctx->has_defacl = cat->all[i]->kind == SD_DEFAULT_ACL;
}

static void ctx_release(struct pg_ctx *ctx)
{
	strmap_release(&ctx->connames);
	strmap_release(&ctx->gone_schemas);
	strmap_release(&ctx->owners);
	pg_refs_forget(ctx);
	arena_release(&ctx->tmp);
}

static const struct pg_path *make_path(struct pg_ctx *ctx, struct vec *names);

/* The search_path a file starts with: ctx->initial_path (a list of
 * identifiers, each maybe "quoted", separated by commas) or public. */
static const struct pg_path *default_path(struct pg_ctx *ctx)
{
	struct vec names = VEC_INIT;
	const struct pg_path *p;
	const char *s = ctx->initial_path ? ctx->initial_path : "public";

	while (*s) {
		struct strbuf id = STRBUF_INIT;

		while (*s == ' ' || *s == ',')
			s++;
		if (!*s)
			break;
		if (*s == '"') {
			for (s++; *s; s++) {
				if (*s == '"' && s[1] == '"') {
					strbuf_addch(&id, '"');
					s++;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					strbuf_addch(&id, *s);
				}
			}
		} else {
			/* unquoted: folded to lower case, as the server does */
			for (; *s && *s != ',' && *s != ' '; s++)
				strbuf_addch(&id, (*s >= 'A' && *s <= 'Z') ?
						   *s - 'A' + 'a' : *s);
		}
		if (id.len)
			vec_push(&names, arena_strdup(&ctx->tmp, id.buf));
		strbuf_release(&id);
	}
	p = make_path(ctx, &names);
	vec_release(&names);
	return p;
}

static void path_push(struct pg_ctx *ctx, struct vec *names, const char *s)
{
	if (!strcmp(s, "$user"))
		return;	/* roles are not modelled: no schema of that name */
	vec_push(names, arena_strdup(&ctx->tmp, s));
}

static const struct pg_path *make_path(struct pg_ctx *ctx, struct vec *names)
{
	struct pg_path *p = arena_alloc(&ctx->tmp, sizeof(*p));

	p->names = arena_alloc(&ctx->tmp, (names->len + 1) * sizeof(char *));
	for (size_t i = 0; i < names->len; i++)
		p->names[i] = names->items[i];
	p->n = names->len;
	return p;
}

/* set_config('search_path', 'a, "B"', ...): a list of identifiers. */
static const struct pg_path *path_from_list(struct pg_ctx *ctx, const char *s)
{
	struct vec names = VEC_INIT;
	struct strbuf part = STRBUF_INIT;
	const struct pg_path *p;

	for (;;) {
		strbuf_reset(&part);
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			break;
		if (*s == '"') {
			s++;
			while (*s) {
				if (*s == '"' && s[1] == '"') {
					strbuf_addch(&part, '"');
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					strbuf_addch(&part, *s++);
				}
			}
		} else {
			while (*s && *s != ',' && *s != ' ' && *s != '\t') {
				char c = *s++;
				if (c >= 'A' && c <= 'Z')
					c = (char)(c - 'A' + 'a');
				strbuf_addch(&part, c);
			}
		}
		path_push(ctx, &names, part.buf);
		while (*s && *s != ',')
			s++;
		if (*s == ',')
			s++;
	}
	p = make_path(ctx, &names);
	strbuf_release(&part);
	vec_release(&names);
	return p;
}

static const char *const_str(const PgQuery__Node *n)
{
	if (n && n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
	    n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
		return n->a_const->sval->sval;
	return NULL;
}

/* The search_path a statement sets, or NULL when it sets none. */
static const struct pg_path *search_path_of(struct pg_ctx *ctx,
					    const PgQuery__Node *n)
{
	if (n->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT) {
		const PgQuery__VariableSetStmt *v = n->variable_set_stmt;
		struct vec names = VEC_INIT;
		const struct pg_path *p;

		if (v->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL)
			return default_path(ctx);
		if (!v->name || strcmp(v->name, "search_path"))
			return NULL;
		if (v->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE)
			return default_path(ctx);
		for (size_t i = 0; i < v->n_args; i++) {
			const char *s = const_str(v->args[i]);
			if (s)
				path_push(ctx, &names, s);
		}
		p = make_path(ctx, &names);
		vec_release(&names);
		return p;
	}
	if (n->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
		const PgQuery__SelectStmt *s = n->select_stmt;
		const PgQuery__Node *val;
		const PgQuery__FuncCall *fc;
		const char *fname, *value;

		if (s->n_target_list != 1 || s->n_from_clause)
			return NULL;
		val = s->target_list[0]->res_target->val;
		if (!val || val->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
			return NULL;
		fc = val->func_call;
		fname = pg_str(fc->funcname[fc->n_funcname - 1]);
		if (!fname || strcmp(fname, "set_config") || fc->n_args < 2)
			return NULL;
		value = const_str(fc->args[0]);
		if (!value || strcmp(value, "search_path"))
			return NULL;
		value = const_str(fc->args[1]);
		return value ? path_from_list(ctx, value) : NULL;
	}
	return NULL;
}

/*
 * Is n a clean-up statement, as pg_dump --clean --if-exists and install
 * scripts put before what they create: DROP ... IF EXISTS, or ALTER TABLE
 * IF EXISTS whose every command drops something (DROP CONSTRAINT, DROP
 * DEFAULT, DROP COLUMN)? In a desired set they are applied first, on
 * nothing, so that they drop nothing the files create: a desired set says
 * what exists, and a DROP that a CREATE follows does not change that.
 */
static bool is_cleanup(const PgQuery__Node *n)
{
	const PgQuery__AlterTableStmt *a;

	if (n->node_case == PG_QUERY__NODE__NODE_DROP_STMT)
		return n->drop_stmt->missing_ok;
	if (n->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_STMT)
		return false;
	a = n->alter_table_stmt;
	if (!a->missing_ok || !a->n_cmds)
		return false;
	for (size_t i = 0; i < a->n_cmds; i++) {
		const PgQuery__AlterTableCmd *c;

		if (a->cmds[i]->node_case !=
		    PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			return false;
		c = a->cmds[i]->alter_table_cmd;
		switch (c->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
			if (c->def)
				return false;
			break;
		default:
			return false;
		}
	}
	return true;
}

static int phase_of(const PgQuery__Node *n)
{
	if (is_cleanup(n))
		return PH_CLEAN;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
		return PH_SCHEMA;
	case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
		return PH_DEFACL;
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
		return PH_EXTENSION;
	case PG_QUERY__NODE__NODE_DEFINE_STMT:
		if (n->define_stmt->kind ==
		    PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION)
			return PH_COLLATION;
		/* opaque kinds (pg_opaque.c): before their comments */
		return pg_is_opaque_stmt(n) ? PH_POLICY : PH_OTHER;
	case PG_QUERY__NODE__NODE_CREATE_OP_CLASS_STMT:
	case PG_QUERY__NODE__NODE_CREATE_OP_FAMILY_STMT:
	case PG_QUERY__NODE__NODE_CREATE_CAST_STMT:
	case PG_QUERY__NODE__NODE_CREATE_TRANSFORM_STMT:
	case PG_QUERY__NODE__NODE_CREATE_CONVERSION_STMT:
	case PG_QUERY__NODE__NODE_CREATE_AM_STMT:
	case PG_QUERY__NODE__NODE_CREATE_PLANG_STMT:
	case PG_QUERY__NODE__NODE_CREATE_FDW_STMT:
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_SERVER_STMT:
	case PG_QUERY__NODE__NODE_CREATE_USER_MAPPING_STMT:
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT:
	case PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT:
	case PG_QUERY__NODE__NODE_RULE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
		return PH_POLICY;
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
		return PH_TYPE;
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		return PH_SEQUENCE;
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		return PH_TABLE;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		/* ownership is not modelled: once every relation is known */
		if (pg_alter_owner_only(n->alter_table_stmt))
			return PH_COMMENT;
		/* ALTER INDEX ... ATTACH PARTITION: once every index is */
		if (n->alter_table_stmt->objtype ==
		    PG_QUERY__OBJECT_TYPE__OBJECT_INDEX)
			return PH_VIEW_INDEX;
		/* ALTER VIEW / MATERIALIZED VIEW SET (...); what names an
		 * index or a trigger (USING INDEX, REPLICA IDENTITY, ENABLE
		 * / DISABLE TRIGGER): once those are known */
		if (n->alter_table_stmt->objtype ==
			    PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ||
		    n->alter_table_stmt->objtype ==
			    PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW ||
		    pg_alter_after_objects(n->alter_table_stmt))
			return PH_POLICY;
		/* ALTER FOREIGN TABLE, ENABLE / DISABLE RULE: after the
		 * CREATE (pg_opaque.c) */
		if (pg_is_opaque_stmt(n))
			return PH_OTHER;
		return PH_ALTER;
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
	case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
	case PG_QUERY__NODE__NODE_RENAME_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
	case PG_QUERY__NODE__NODE_ALTER_COLLATION_STMT:
		return PH_ALTER;
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return PH_INDEX;
	case PG_QUERY__NODE__NODE_VIEW_STMT:
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		return PH_VIEW;
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		return PH_FUNCTION;
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		return PH_TRIGGER;
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
		return PH_POLICY;
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
		return PH_COMMENT;
	case PG_QUERY__NODE__NODE_DO_STMT:
		return PH_CLEAN;	/* pre-statements, in file order */
	default:
		return PH_OTHER;
	}
}

static const char *object_type_word(PgQuery__ObjectType t)
{
	switch (t) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE: return "AGGREGATE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION: return "COLLATION";
	case PG_QUERY__OBJECT_TYPE__OBJECT_OPERATOR: return "OPERATOR";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: return "TYPE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TSCONFIGURATION:
		return "TEXT SEARCH CONFIGURATION";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TSDICTIONARY:
		return "TEXT SEARCH DICTIONARY";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TSPARSER:
		return "TEXT SEARCH PARSER";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TSTEMPLATE:
		return "TEXT SEARCH TEMPLATE";
	default: return NULL;
	}
}

/* The statement's name for messages: "CREATE FUNCTION". */
static void stmt_tag(const PgQuery__Node *n, struct strbuf *out)
{
	const ProtobufCFieldDescriptor *f;
	const char *w;

	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		strbuf_addstr(out, n->create_function_stmt->is_procedure
					   ? "CREATE PROCEDURE"
					   : "CREATE FUNCTION");
		return;
	case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT:
		strbuf_addstr(out, "ALTER FUNCTION");
		return;
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		strbuf_addstr(out, "CREATE TRIGGER");
		return;
	case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT:
		strbuf_addstr(out, "CREATE EVENT TRIGGER");
		return;
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
		strbuf_addstr(out, "CREATE POLICY");
		return;
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
		strbuf_addstr(out, "ALTER POLICY");
		return;
	case PG_QUERY__NODE__NODE_GRANT_STMT:
		strbuf_addstr(out, n->grant_stmt->is_grant ? "GRANT" : "REVOKE");
		return;
	case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
		strbuf_addstr(out, n->grant_role_stmt->is_grant ? "GRANT"
								: "REVOKE");
		return;
	case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
		strbuf_addstr(out, "ALTER DEFAULT PRIVILEGES");
		return;
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
		strbuf_addstr(out, "CREATE TYPE");
		return;
	case PG_QUERY__NODE__NODE_ALTER_TYPE_STMT:
		strbuf_addstr(out, "ALTER TYPE");
		return;
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
		strbuf_addstr(out, "CREATE DOMAIN");
		return;
	case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
		strbuf_addstr(out, "ALTER DOMAIN");
		return;
	case PG_QUERY__NODE__NODE_DEFINE_STMT:
		w = object_type_word(n->define_stmt->kind);
		strbuf_addf(out, "CREATE %s", w ? w : "object");
		return;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		strbuf_addstr(out, n->create_table_as_stmt->objtype ==
					   PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW
					   ? "CREATE MATERIALIZED VIEW"
					   : "CREATE TABLE AS");
		return;
	case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
		strbuf_addstr(out, "REFRESH MATERIALIZED VIEW");
		return;
	case PG_QUERY__NODE__NODE_DO_STMT:
		strbuf_addstr(out, "DO");
		return;
	case PG_QUERY__NODE__NODE_CALL_STMT:
		strbuf_addstr(out, "CALL");
		return;
	case PG_QUERY__NODE__NODE_COPY_STMT:
		strbuf_addstr(out, "COPY");
		return;
	case PG_QUERY__NODE__NODE_RULE_STMT:
		strbuf_addstr(out, "CREATE RULE");
		return;
	case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
		strbuf_addstr(out, "CREATE ROLE");
		return;
	case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
		strbuf_addstr(out, "ALTER ROLE");
		return;
	case PG_QUERY__NODE__NODE_DROP_ROLE_STMT:
		strbuf_addstr(out, "DROP ROLE");
		return;
	case PG_QUERY__NODE__NODE_CREATEDB_STMT:
		strbuf_addstr(out, "CREATE DATABASE");
		return;
	case PG_QUERY__NODE__NODE_CREATE_CAST_STMT:
		strbuf_addstr(out, "CREATE CAST");
		return;
	case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
		strbuf_addstr(out, "CREATE STATISTICS");
		return;
	case PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT:
		strbuf_addstr(out, "CREATE PUBLICATION");
		return;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT:
		strbuf_addstr(out, "CREATE TABLESPACE");
		return;
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT:
		strbuf_addstr(out, "CREATE FOREIGN TABLE");
		return;
	case PG_QUERY__NODE__NODE_CREATE_PLANG_STMT:
		strbuf_addstr(out, "CREATE LANGUAGE");
		return;
	case PG_QUERY__NODE__NODE_CREATE_CONVERSION_STMT:
		strbuf_addstr(out, "CREATE CONVERSION");
		return;
	case PG_QUERY__NODE__NODE_ALTER_EXTENSION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_EXTENSION_CONTENTS_STMT:
		strbuf_addstr(out, "ALTER EXTENSION");
		return;
	case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
		strbuf_addstr(out, "EXPLAIN");
		return;
	case PG_QUERY__NODE__NODE_LOCK_STMT:
		strbuf_addstr(out, "LOCK");
		return;
	default:
		break;
	}
	f = protobuf_c_message_descriptor_get_field(&pg_query__node__descriptor,
						    (unsigned)n->node_case);
	strbuf_addstr(out, f ? f->name : "unknown");
}

static int unsupported(struct pg_ctx *ctx, const PgQuery__Node *n)
{
	struct strbuf tag = STRBUF_INIT;
	int ret;

	stmt_tag(n, &tag);
	ret = pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
		       "unsupported statement %s", tag.buf);
	strbuf_release(&tag);
	return ret;
}

/* Does a SELECT call a function of the catalog (a function that may make
 * objects: ulogd2's SELECT ULOG2_ADD_FOREIGN_KEYS())? Its targets and
 * FROM functions are looked at, not what they nest. */
static bool select_calls_managed(struct pg_ctx *ctx,
				 const PgQuery__SelectStmt *s)
{
	struct vec fns = VEC_INIT;
	bool found = false, listed = false;

	for (size_t i = 0; i < s->n_target_list + s->n_from_clause && !found;
	     i++) {
		const PgQuery__Node *e = i < s->n_target_list
			? s->target_list[i]->res_target->val
			: s->from_clause[i - s->n_target_list];
		const PgQuery__FuncCall *fc = NULL;
		const char *name;

		if (e && e->node_case == PG_QUERY__NODE__NODE_FUNC_CALL)
			fc = e->func_call;
		else if (e && e->node_case ==
				      PG_QUERY__NODE__NODE_RANGE_FUNCTION &&
			 e->range_function->n_functions &&
			 e->range_function->functions[0]->node_case ==
				 PG_QUERY__NODE__NODE_LIST &&
			 e->range_function->functions[0]->list->n_items &&
			 e->range_function->functions[0]->list->items[0]
					 ->node_case ==
				 PG_QUERY__NODE__NODE_FUNC_CALL)
			fc = e->range_function->functions[0]->list->items[0]
				     ->func_call;
		if (!fc || !(name = pg_str(fc->funcname[fc->n_funcname - 1])))
			continue;
		/* pg_dump's SELECT pg_catalog.setval / set_config: built in,
		 * never one of the files' (and no list of every function for
		 * each of a dump's thousands of setvals) */
		if (fc->n_funcname == 2 && pg_str(fc->funcname[0]) &&
		    !strcmp(pg_str(fc->funcname[0]), "pg_catalog"))
			continue;
		if (!listed) {
			catalog_list(ctx->cat, SD_FUNCTION, &fns);
			listed = true;
		}
		for (size_t j = 0; j < fns.len && !found; j++)
			found = !strcmp(((const struct sd_function *)
						 fns.items[j])->fname, name);
	}
	vec_release(&fns);
	return found;
}

static int apply_stmt(struct pg_ctx *ctx, PgQuery__Node *n)
{
	/* only DROPs leave the index of what a DROP takes along valid; in
	 * any other statement it serves one lookup at a time */
	ctx->refs_volatile = !pg_refs_keeps(n);
	if (ctx->refs_volatile)
		pg_refs_forget(ctx);
	/* a version file's DO, CALL or SELECT of its own function, a
	 * desired file's CALL or SELECT of its own function: only a server
	 * can tell what it does (ops_load_root() replays the history on one,
	 * load_desired() loads the desired files on one) */
	if ((ctx->script && n->node_case == PG_QUERY__NODE__NODE_DO_STMT) ||
	    n->node_case == PG_QUERY__NODE__NODE_CALL_STMT ||
	    (n->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
	     select_calls_managed(ctx, n->select_stmt))) {
		struct strbuf tag = STRBUF_INIT;
		int ret;

		stmt_tag(n, &tag);
		ret = pg_error(ctx, SD_ERR_NEEDS_SERVER, -1,
			       ctx->script ?
			       "%s cannot be replayed offline: it needs a "
			       "server" :
			       "%s calls a function of the files: they are "
			       "loaded on a server", tag.buf);
		strbuf_release(&tag);
		return ret;
	}
	/* a desired file's DO block: a pre-statement, carried as written */
	if (!ctx->script && n->node_case == PG_QUERY__NODE__NODE_DO_STMT) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addstr(&sb, ctx->cat->pre_sql ? ctx->cat->pre_sql : "");
		strbuf_add(&sb, ctx->sql + ctx->stmt_loc,
			   (size_t)ctx->stmt_len);
		strbuf_rtrim(&sb);
		strbuf_addstr(&sb, ";\n");
		ctx->cat->pre_sql = catalog_strdup(ctx->cat, sb.buf);
		strbuf_release(&sb);
		return 0;
	}
	/* kinds carried as SQL text (pg_opaque.c) */
	if (pg_is_opaque_stmt(n) || pg_opaque_foreign_table_stmt(ctx, n)) {
		if (n->node_case == PG_QUERY__NODE__NODE_DROP_STMT ||
		    n->node_case == PG_QUERY__NODE__NODE_DROP_USER_MAPPING_STMT)
			return parse_drop_opaque(ctx, n);
		return parse_opaque(ctx, n);
	}
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
		return parse_schema(ctx, n->create_schema_stmt);
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
		return parse_extension(ctx, n->create_extension_stmt);
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
		return parse_enum(ctx, n->create_enum_stmt);
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		return parse_alter_enum(ctx, n->alter_enum_stmt);
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
		return parse_domain(ctx, n->create_domain_stmt);
	case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
		return parse_alter_domain(ctx, n->alter_domain_stmt);
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
		return parse_composite(ctx, n->composite_type_stmt);
	case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
		return parse_range(ctx, n->create_range_stmt);
	case PG_QUERY__NODE__NODE_DEFINE_STMT:
		if (n->define_stmt->kind !=
		    PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION)
			return unsupported(ctx, n);
		return parse_collation(ctx, n->define_stmt);
	case PG_QUERY__NODE__NODE_ALTER_COLLATION_STMT:
		return parse_alter_collation(ctx, n->alter_collation_stmt);
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		return parse_sequence(ctx, n->create_seq_stmt);
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
		return parse_alter_sequence(ctx, n->alter_seq_stmt);
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		return parse_table(ctx, n->create_stmt);
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		return parse_alter_table(ctx, n->alter_table_stmt);
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		return parse_rename(ctx, n->rename_stmt);
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
		return parse_set_schema(ctx, n->alter_object_schema_stmt);
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return parse_index(ctx, n->index_stmt);
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		return parse_view(ctx, n->view_stmt);
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		return parse_matview(ctx, n->create_table_as_stmt);
	case PG_QUERY__NODE__NODE_GRANT_STMT:
		return parse_grant(ctx, n->grant_stmt);
	case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
		return parse_default_acl(ctx,
					 n->alter_default_privileges_stmt);
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		return parse_function(ctx, n->create_function_stmt);
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		return parse_trigger(ctx, n->create_trig_stmt);
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
		return parse_policy(ctx, n->create_policy_stmt);
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
		return parse_alter_policy(ctx, n->alter_policy_stmt);
	case PG_QUERY__NODE__NODE_DROP_STMT:
		switch (n->drop_stmt->remove_type) {
		case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
			return parse_drop_policy(ctx, n->drop_stmt);
		case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
		case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
			return parse_drop_function(ctx, n->drop_stmt);
		default:
			return parse_drop(ctx, n->drop_stmt);
		}
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
		switch (n->comment_stmt->objtype) {
		case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
			return parse_comment_policy(ctx, n->comment_stmt);
		case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
		case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
			return parse_comment_function(ctx, n->comment_stmt);
		default:
			return parse_comment(ctx, n->comment_stmt);
		}
	case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
		/* ownership is not modelled: only noted, for the GRANTs and
		 * REVOKEs that name the owner (pg_grant.c) */
		pg_alter_owner(ctx, n->alter_owner_stmt);
		return 0;
	case PG_QUERY__NODE__NODE_INSERT_STMT:
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
	case PG_QUERY__NODE__NODE_DELETE_STMT:
	case PG_QUERY__NODE__NODE_MERGE_STMT:
	case PG_QUERY__NODE__NODE_SELECT_STMT:
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
	case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
	case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
		/* data and session statements: carried, no catalog change */
		return 0;
	default:
		return unsupported(ctx, n);
	}
}

/* Split a file into statement spans; a syntax error points at its token
 * (no statement is applied before the whole file is known to parse). */
static int split_text(struct pg_ctx *ctx, const char *file, const char *sql,
		      struct pg_span **spans, size_t *nspans)
{
	struct pg_split_error se;
	int line = 0, col = 0, ret;

	if (!(ret = pg_split_spans(sql, 0, spans, nspans, &se)))
		return 0;
	if (se.has_pos)
		sd_text_position(sql, se.offset, &line, &col);
	return sd_error_set(ctx->err, ret, file, line, col, "%s", se.msg);
}

/* psql meta-commands in *sql: refused (an error at the backslash), or
 * *sql is replaced by a copy in ctx->tmp with them blanked out. */
static int meta_commands(struct pg_ctx *ctx, const char *file,
			 const char **sql)
{
	struct pg_split_error se;
	char *masked;
	int line = 0, col = 0, ret;

	if ((ret = pg_psql_meta(*sql, &masked, &se))) {
		sd_text_position(*sql, se.offset, &line, &col);
		return sd_error_set(ctx->err, ret, file, line, col, "%s",
				    se.msg);
	}
	if (masked) {
		*sql = arena_strdup(&ctx->tmp, masked);
		free(masked);
	}
	return 0;
}

/* Parse one statement's text on its own into st->parsed (scratch holds a
 * NUL-terminated copy of it). */
/*
 * How deep a statement's tree can nest, from its text: each level takes at
 * least one token that opens it (a parenthesis or bracket, an operator, a
 * cast, NOT), so their count bounds the depth from above. Strings, quoted
 * names, dollar-quoted bodies and comments are skipped. Returns the count,
 * and in *at the offset where it passed PG_MAX_NESTING.
 */
#define PG_MAX_NESTING 100000

static size_t nesting_bound(const char *s, size_t len, size_t *at)
{
	size_t n = 0, i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\'' || c == '"') {
			bool esc = c == '\'' && i > 0 &&
				   (s[i - 1] == 'E' || s[i - 1] == 'e');
			for (i++; i < len; i++) {
				if (esc && s[i] == '\\') {
					i++;
				} else if ((unsigned char)s[i] == c) {
					if (i + 1 < len && (unsigned char)s[i + 1] == c)
						i++;
					else
						break;
				}
			}
			i++;
		} else if (c == '-' && i + 1 < len && s[i + 1] == '-') {
			while (i < len && s[i] != '\n')
				i++;
		} else if (c == '/' && i + 1 < len && s[i + 1] == '*') {
			int depth = 1;
			for (i += 2; i < len && depth; i++) {
				if (s[i] == '/' && i + 1 < len && s[i + 1] == '*')
					depth++, i++;
				else if (s[i] == '*' && i + 1 < len && s[i + 1] == '/')
					depth--, i++;
			}
		} else if (c == '$' && (i == 0 || !(isalnum((unsigned char)s[i - 1]) ||
					       s[i - 1] == '_'))) {
			size_t t = i + 1;
			while (t < len && (isalnum((unsigned char)s[t]) || s[t] == '_'))
				t++;
			if (t < len && s[t] == '$' && !isdigit((unsigned char)s[i + 1])) {
				size_t tag = t - i + 1;
				const char *end = NULL;
				for (size_t k = t + 1; k + tag <= len; k++)
					if (s[k] == '$' && !memcmp(s + k, s + i, tag)) {
						end = s + k;
						break;
					}
				i = end ? (size_t)(end - s) + tag : len;
			} else {
				i = t;
			}
		} else if (strchr("([+-*/%^<>=~!@#&|?:", c)) {
			/* a run of operator characters is one operator */
			bool op = c != '(' && c != '[';
			n++;
			for (i++; op && i < len && strchr("+-*/%^<>=~!@#&|?:",
						     s[i]); i++)
				;
		} else if (isalpha(c) || c == '_') {
			size_t t = i;
			while (i < len && (isalnum((unsigned char)s[i]) ||
					   s[i] == '_' || s[i] == '$'))
				i++;
			if (i - t == 3 && !strncasecmp(s + t, "NOT", 3))
				n++;
		} else {
			i++;
		}
		if (n > PG_MAX_NESTING && !*at)
			*at = i;
	}
	return n;
}

static int parse_stmt(struct pg_ctx *ctx, struct pg_gathered *st,
		      size_t len, struct strbuf *scratch)
{
	PgQueryProtobufParseResult res;
	int line = 0, col = 0, ret;
	size_t at = 0;

	/* never let a deep tree overflow the stack (util/bigstack.h sizes it
	 * for this many levels) */
	if (nesting_bound(st->sql + st->loc, len, &at) > PG_MAX_NESTING) {
		sd_text_position(st->sql, (size_t)st->loc + at - 1, &line, &col);
		return sd_error_set(ctx->err, SD_ERR_UNSUPPORTED, st->file,
				    line, col,
				    "statement nested too deeply: more than %d operators, parentheses and casts in one statement",
				    PG_MAX_NESTING);
	}

	strbuf_reset(scratch);
	strbuf_add(scratch, st->sql + st->loc, len);
	res = pg_query_parse_protobuf(scratch->buf);
	if (!res.error) {
		st->parsed = res;
		return 0;
	}
	if (res.error->cursorpos > 0)
		sd_text_position(st->sql, (size_t)st->loc +
				 pg_char_to_byte(scratch->buf,
						 res.error->cursorpos),
				 &line, &col);
	else	/* no position (libpg_query 18's "nested too deeply to
		 * serialize"): the statement's start */
		sd_text_position(st->sql, (size_t)st->loc, &line, &col);
	if (strstr(res.error->message, "nested too deeply"))
		ret = sd_error_set(ctx->err, SD_ERR_UNSUPPORTED, st->file,
				   line, col, "statement nested too deeply: %s",
				   res.error->message);
	else
		ret = sd_error_set(ctx->err, SD_ERR_SYNTAX, st->file, line, col, "%s",
			   res.error->message);
	pg_query_free_protobuf_parse_result(res);
	return ret;
}

/* The statement's tree, unpacked from st->parsed (free it with
 * pg_query__parse_result__free_unpacked()); NULL with err set. */
static PgQuery__ParseResult *unpack_stmt(struct pg_ctx *ctx,
					 struct pg_gathered *st)
{
	PgQuery__ParseResult *tree;

	tree = pg_query__parse_result__unpack(NULL,
					      st->parsed.parse_tree.len,
					      (const uint8_t *)
						      st->parsed.parse_tree.data);
	if (!tree)
		sd_error_set(ctx->err, SD_ERR, st->file, st->line, 0,
			     "cannot read the parse tree");
	return tree;
}

static void free_parsed(struct pg_gathered *st)
{
	if (st->parsed.parse_tree.data)
		pg_query_free_protobuf_parse_result(st->parsed);
	memset(&st->parsed, 0, sizeof(st->parsed));
}

static const char *rangevar_key(struct pg_ctx *ctx,
				const PgQuery__RangeVar *rv)
{
	if (!rv)
		return NULL;
	return arena_printf(&ctx->tmp, "%s\037%s",
			    rv->schemaname ? rv->schemaname : "",
			    rv->relname ? rv->relname : "");
}

static int apply_tree(struct pg_ctx *ctx, const struct pg_gathered *st,
		      PgQuery__Node *node)
{
	size_t first;
	int ret;

	ctx->file = st->file;
	ctx->sql = st->sql;
	ctx->stmt_loc = st->loc;
	ctx->stmt_len = st->len;
	ctx->loc_base = st->loc;
	ctx->stmt_line = st->line;
	ctx->path = st->path;
	first = ctx->cat->nall;
	pg_features_scan(ctx, node);
	ret = apply_stmt(ctx, node);
	if (!ret)
		pg_default_acl_created(ctx, first);
	return ret;
}

/* Protobuf wire reading, just enough to see a packed statement's kind
 * without unpacking it. */
static bool pb_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	uint64_t x = 0;

	for (int shift = 0; *p < end && shift < 64; shift += 7) {
		uint8_t b = *(*p)++;

		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return true;
		}
	}
	return false;
}

/* The first length-delimited field numbered id in msg[0, len). */
static bool pb_field(const uint8_t *msg, size_t len, uint32_t id,
		     const uint8_t **out, size_t *outlen)
{
	const uint8_t *p = msg, *end = msg + len;
	uint64_t key, n;

	while (p < end) {
		if (!pb_varint(&p, end, &key))
			return false;
		switch (key & 7) {
		case 0:
			if (!pb_varint(&p, end, &n))
				return false;
			break;
		case 1:
		case 5:
			n = (key & 7) == 1 ? 8 : 4;
			if (n > (uint64_t)(end - p))
				return false;
			p += n;
			break;
		case 2:
			if (!pb_varint(&p, end, &n) || n > (uint64_t)(end - p))
				return false;
			if ((key >> 3) == id) {
				*out = p;
				*outlen = (size_t)n;
				return true;
			}
			p += n;
			break;
		default:
			return false;
		}
	}
	return false;
}

static uint32_t field_id(const ProtobufCMessageDescriptor *d,
			 const char *name)
{
	const ProtobufCFieldDescriptor *f =
		protobuf_c_message_descriptor_get_field_by_name(d, name);

	return f ? f->id : 0;
}

/* The kind of the statement st->parsed holds (ParseResult.stmts[0].stmt,
 * a Node whose one field is the oneof: its number is the node_case), or
 * 0 when the bytes are not as expected. */
static uint32_t packed_node_case(const struct pg_gathered *st)
{
	const uint8_t *raw, *node, *p;
	size_t rawlen, nodelen;
	uint64_t key;

	if (!pb_field((const uint8_t *)st->parsed.parse_tree.data,
		      st->parsed.parse_tree.len,
		      field_id(&pg_query__parse_result__descriptor, "stmts"),
		      &raw, &rawlen) ||
	    !pb_field(raw, rawlen,
		      field_id(&pg_query__raw_stmt__descriptor, "stmt"),
		      &node, &nodelen))
		return 0;
	p = node;
	if (!pb_varint(&p, node + nodelen, &key))
		return 0;
	return (uint32_t)(key >> 3);
}

/* Does gathering a statement of this kind for a desired set need its
 * tree (its search path, phase or name), or its kind alone? */
static bool kind_needs_tree(uint32_t node_case)
{
	switch (node_case) {
	case 0:
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
	case PG_QUERY__NODE__NODE_SELECT_STMT:
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
	case PG_QUERY__NODE__NODE_VIEW_STMT:	/* its name: a default waits */
	case PG_QUERY__NODE__NODE_INDEX_STMT:
	case PG_QUERY__NODE__NODE_DEFINE_STMT:	/* the kind it defines */
	case PG_QUERY__NODE__NODE_DROP_STMT:	/* IF EXISTS: clean-up */
		return true;
	default:
		return false;
	}
}

/* Keeps a gathered statement for later or applies it at once; 0 or an
 * error. It may take st->parsed over (and then clears it in st). */
typedef int (*gather_fn)(struct pg_ctx *ctx, struct pg_gathered *st,
			 PgQuery__Node *node, void *data);

/*
 * Read a file's statements in order with their positions and search
 * paths: split the whole file first (a syntax error anywhere stops it
 * before any statement is applied), then parse each statement on its own
 * and hand it with its tree to fn. The tree, and st->parsed unless fn took
 * it, are freed before the next statement is parsed. Unless whole, a
 * statement whose kind is all fn needs (kind_needs_tree()) is not
 * unpacked: fn gets a node with node_case alone.
 */
static int gather(struct pg_ctx *ctx, const char *file, const char *sql,
		  bool whole, gather_fn fn, void *data)
{
	const struct pg_path *path = default_path(ctx);
	struct strbuf scratch = STRBUF_INIT;
	struct pg_span *spans = NULL;
	size_t nspans, pos = 0;
	int line = 1, ret;

	/* PostgreSQL roots are UTF8: a byte the server would refuse is an
	 * error now, not at migrate */
	if ((ret = sd_utf8_check(sql, file, ctx->err))) {
		spans = NULL;
		goto out;
	}
	/* psql meta-commands: refused, or blanked out in a copy that lives
	 * as long as the text (kept statements point into it) */
	if ((ret = meta_commands(ctx, file, &sql))) {
		spans = NULL;
		goto out;
	}
	if ((ret = split_text(ctx, file, sql, &spans, &nspans)))
		goto out;
	for (size_t i = 0; i < nspans && !ret; i++) {
		struct pg_gathered one = { .file = file, .sql = sql };
		struct pg_gathered *st = &one;
		PgQuery__ParseResult *tree;
		PgQuery__Node *node;
		const struct pg_path *p;

		PgQuery__Node kind = PG_QUERY__NODE__INIT;

		st->loc = (int)spans[i].loc;
		st->len = (int)spans[i].len;
		if ((ret = parse_stmt(ctx, st, spans[i].len, &scratch)))
			break;
		kind.node_case = whole ? 0 : packed_node_case(st);
		if (!kind_needs_tree(kind.node_case)) {
			tree = NULL;
			node = &kind;
		} else if ((tree = unpack_stmt(ctx, st))) {
			node = tree->n_stmts ? tree->stmts[0]->stmt : NULL;
		} else {
			ret = SD_ERR;
			free_parsed(st);
			break;
		}
		if (node) {
			if ((p = search_path_of(ctx, node)))
				path = p;
			/* count lines as we go: statements come in text
			 * order */
			for (size_t start = (size_t)pg_skip_space(sql, st->loc);
			     pos < start && sql[pos]; pos++)
				if (sql[pos] == '\n')
					line++;
			st->line = line;
			st->path = path;
			st->phase = phase_of(node);
			ret = fn(ctx, st, node, data);
		}
		if (tree)
			pg_query__parse_result__free_unpacked(tree, NULL);
		free_parsed(st);
	}
out:
	free(spans);
	strbuf_release(&scratch);
	return ret;
}

/* gather_fn of a script: apply each statement in order. */
static int apply_now(struct pg_ctx *ctx, struct pg_gathered *st,
		     PgQuery__Node *node, void *data)
{
	(void)data;
	return apply_tree(ctx, st, node);
}

/* Does an ALTER TABLE / VIEW set or drop a column default (a view's
 * waits for the view: defer_matview_indexes())? */
static bool sets_default(const PgQuery__AlterTableStmt *a)
{
	if (!a->relation)
		return false;
	for (size_t i = 0; i < a->n_cmds; i++)
		if (a->cmds[i]->node_case ==
			    PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
		    a->cmds[i]->alter_table_cmd->subtype ==
			    PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault)
			return true;
	return false;
}

/* gather_fn of a desired set: keep the statement (packed) for later. */
static int keep_for_later(struct pg_ctx *ctx, struct pg_gathered *st,
			  PgQuery__Node *node, void *data)
{
	struct vec *stmts = data;
	struct pg_gathered *kept = arena_alloc(&ctx->tmp, sizeof(*kept));

	*kept = *st;
	memset(&st->parsed, 0, sizeof(st->parsed));	/* kept owns it */
	kept->order = stmts->len;
	if (node->node_case == PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT &&
	    node->create_table_as_stmt->into)
		kept->matview = rangevar_key(ctx, node->create_table_as_stmt
							  ->into->rel);
	else if (node->node_case == PG_QUERY__NODE__NODE_VIEW_STMT)
		kept->matview = rangevar_key(ctx, node->view_stmt->view);
	else if (node->node_case == PG_QUERY__NODE__NODE_INDEX_STMT)
		kept->index_on = rangevar_key(ctx,
					      node->index_stmt->relation);
	else if (node->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT &&
		 sets_default(node->alter_table_stmt))
		kept->index_on = rangevar_key(ctx,
					      node->alter_table_stmt->relation);
	vec_push(stmts, kept);
	return 0;
}

/* Apply a kept statement: unpacked now, freed (with its packed form)
 * right after. */
static int apply_one(struct pg_ctx *ctx, struct pg_gathered *st)
{
	PgQuery__ParseResult *tree = unpack_stmt(ctx, st);
	int ret = SD_ERR;

	if (tree) {
		ret = tree->n_stmts ? apply_tree(ctx, st,
						 tree->stmts[0]->stmt) : 0;
		pg_query__parse_result__free_unpacked(tree, NULL);
	}
	free_parsed(st);
	return ret;
}

static void free_kept(struct vec *stmts)
{
	for (size_t i = 0; i < stmts->len; i++)
		free_parsed(stmts->items[i]);
}

static int cmp_phase(const void *pa, const void *pb)
{
	const struct pg_gathered *a = *(const struct pg_gathered *const *)pa;
	const struct pg_gathered *b = *(const struct pg_gathered *const *)pb;

	if (a->phase != b->phase)
		return a->phase < b->phase ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* An index on a materialized view, or a view's column default, waits for
 * the view (PH_VIEW_INDEX): matched by the name as written. */
static void defer_matview_indexes(struct vec *stmts)
{
	struct strmap mvs;

	strmap_init(&mvs);
	for (size_t i = 0; i < stmts->len; i++) {
		struct pg_gathered *mv = stmts->items[i];
		if (mv->matview) {
			strmap_put(&mvs, mv->matview, mv);
			/* and by its bare name: "public.v" or "v" */
			strmap_put(&mvs, strchr(mv->matview, '\037'), mv);
		}
	}
	for (size_t i = 0; i < stmts->len && mvs.len; i++) {
		struct pg_gathered *ix = stmts->items[i];
		if (ix->index_on &&
		    (strmap_contains(&mvs, ix->index_on) ||
		     strmap_contains(&mvs, strchr(ix->index_on, '\037'))))
			ix->phase = PH_VIEW_INDEX;
	}
	strmap_release(&mvs);
}

/* Apply a desired set: statements in phase order, then late resolution. */
static int apply_desired(struct pg_ctx *ctx, struct vec *stmts)
{
	int ret;

	defer_matview_indexes(stmts);
	vec_sort(stmts, cmp_phase);
	for (size_t i = 0; i < stmts->len; i++)
		if ((ret = apply_one(ctx, stmts->items[i])))
			return ret;
	if ((ret = pg_like_resolve(ctx)))
		return ret;
	pg_inh_resolve(ctx);
	pg_resolve_all_fks(ctx);
	catalog_resolve_rowtype_deps(ctx->cat);
	pg_resolve_function_deps(ctx);
	catalog_opaque_deps(ctx->cat);
	return 0;
}

/* gather() over sql (the text of file) and the files it includes, as
 * psql would run them (util/sqlinclude.h): each piece under its own
 * file's name. The pieces' texts go to keep (kept statements point into
 * them): the caller releases it after using the statements. */
static int gather_included(struct pg_ctx *ctx, const char *file,
			   const char *sql, bool whole, gather_fn fn,
			   void *data, struct sd_sql_pieces *keep)
{
	size_t first = keep->n;
	int ret = sd_sql_includes(false, file, sql, keep, ctx->err);

	for (size_t i = first; i < keep->n && !ret; i++)
		ret = gather(ctx, catalog_strdup(ctx->cat, keep->items[i].file),
			     keep->items[i].text, whole, fn, data);
	return ret;
}

static int load_desired_text(struct catalog *cat, const char *file,
			     const char *sql, struct sd_error *err)
{
	struct pg_ctx ctx;
	struct vec stmts = VEC_INIT;
	struct sd_sql_pieces pieces = SD_SQL_PIECES_INIT;
	const char *fname = catalog_strdup(cat, file ? file : "");
	int ret;

	ctx_init(&ctx, cat, err, false);
	ret = gather_included(&ctx, fname, sql, false, keep_for_later, &stmts,
			      &pieces);
	if (!ret)
		ret = apply_desired(&ctx, &stmts);
	free_kept(&stmts);
	vec_release(&stmts);
	ctx_release(&ctx);
	sd_sql_pieces_release(&pieces);
	return ret;
}

static int replay_script(struct catalog *cat, const char *file,
			 const char *sql, struct sd_error *err)
{
	struct pg_ctx ctx;
	struct sd_sql_pieces pieces = SD_SQL_PIECES_INIT;
	const char *fname = catalog_strdup(cat, file ? file : "");
	int ret;

	ctx_init(&ctx, cat, err, true);
	ret = gather_included(&ctx, fname, sql, true, apply_now, NULL,
			      &pieces);
	if (!ret) {
		pg_resolve_function_deps(&ctx);
		catalog_opaque_deps(cat);
	}
	ctx_release(&ctx);
	sd_sql_pieces_release(&pieces);
	return ret;
}

int pg_load_desired(struct catalog *cat, const char *const *paths,
		    size_t npaths, struct sd_error *err)
{
	return pg_load_desired_path(cat, paths, npaths, NULL, err);
}

static int load_desired_path(struct catalog *cat, const char *const *paths,
			     size_t npaths, const char *search_path,
			     struct sd_error *err)
{
	struct pg_ctx ctx;
	struct vec files = VEC_INIT, texts = VEC_INIT;
	struct vec stmts = VEC_INIT;
	struct sd_sql_pieces pieces = SD_SQL_PIECES_INIT;
	int ret = 0;

	ctx_init(&ctx, cat, err, false);
	ctx.initial_path = search_path;
	ret = sd_sql_files(paths, npaths, &files, err);
	for (size_t i = 0; i < files.len && !ret; i++) {
		struct strbuf *text = calloc(1, sizeof(*text));
		const char *fname = catalog_strdup(cat, files.items[i]);

		if (!text)
			abort();
		strbuf_init(text, 0);
		vec_push(&texts, text);
		if ((ret = sd_read_file(text, fname, err)))
			break;
		ret = gather_included(&ctx, fname, text->buf, false,
				      keep_for_later, &stmts, &pieces);
	}
	if (!ret)
		ret = apply_desired(&ctx, &stmts);
	free_kept(&stmts);
	for (size_t i = 0; i < texts.len; i++) {
		strbuf_release(texts.items[i]);
		free(texts.items[i]);
	}
	for (size_t i = 0; i < files.len; i++)
		free(files.items[i]);
	vec_release(&stmts);
	vec_release(&texts);
	vec_release(&files);
	ctx_release(&ctx);
	sd_sql_pieces_release(&pieces);
	return ret;
}

void pg_parser_cleanup(void)
{
	/* pg_query_exit() crashes in a thread that never parsed anything:
	 * pg_query_init() (now a no-op once initialized) makes it safe. */
	pg_query_init();
	pg_query_exit();
}

/*
 * The entry points run on a thread with a big stack (util/bigstack.h): the
 * tree of a long operator chain is as deep as the chain is long, and
 * libpg_query, protobuf-c and the walkers here all recurse over it.
 */
struct pg_call {
	enum { CALL_TEXT, CALL_SCRIPT, CALL_PATHS } what;
	struct catalog *cat;
	const char *file, *sql;
	const char *const *paths;
	size_t npaths;
	const char *search_path;
	struct sd_error *err;
};

static int pg_call_run(void *p)
{
	struct pg_call *c = p;

	switch (c->what) {
	case CALL_TEXT:
		return load_desired_text(c->cat, c->file, c->sql, c->err);
	case CALL_SCRIPT:
		return replay_script(c->cat, c->file, c->sql, c->err);
	case CALL_PATHS:
		break;
	}
	return load_desired_path(c->cat, c->paths, c->npaths, c->search_path,
				 c->err);
}

static int pg_call(struct pg_call *c)
{
	int started, ret = sd_with_big_stack(pg_call_run, c, &started);

	if (!started)
		return sd_error_set(c->err, SD_ERR, c->file, 0, 0,
				    "cannot start the parser's thread");
	return ret;
}

int pg_load_desired_text(struct catalog *cat, const char *file,
			 const char *sql, struct sd_error *err)
{
	struct pg_call c = { .what = CALL_TEXT, .cat = cat, .file = file,
			     .sql = sql, .err = err };
	return pg_call(&c);
}

int pg_replay_script(struct catalog *cat, const char *file, const char *sql,
		     struct sd_error *err)
{
	struct pg_call c = { .what = CALL_SCRIPT, .cat = cat, .file = file,
			     .sql = sql, .err = err };
	return pg_call(&c);
}

int pg_load_desired_path(struct catalog *cat, const char *const *paths,
			 size_t npaths, const char *search_path,
			 struct sd_error *err)
{
	struct pg_call c = { .what = CALL_PATHS, .cat = cat, .paths = paths,
			     .npaths = npaths, .search_path = search_path,
			     .err = err };
	return pg_call(&c);
}
