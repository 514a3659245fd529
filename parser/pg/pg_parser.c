/*
 * parser/pg/pg_parser.c: the driver. Reads SQL files, parses them with
 * libpg_query, keeps each statement's position and effective search_path,
 * and applies statements to the catalog: in phase order for desired files
 * (a set), in file order for version scripts. Dispatches each statement to
 * its parse_<kind> verb.
 *
 * Memory: parse trees are unpacked from libpg_query's protobuf (its result
 * freed at once) and freed when the load or replay ends; file texts live as
 * long (for error positions). Everything kept is copied into the catalog's
 * arena.
 */
#include "parser/pg/pg_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/banned.h"

/* One statement gathered from a file. */
struct pg_gathered {
	PgQuery__Node *node;
	const char *file;
	const char *sql;
	int loc;
	int line;		/* of the first token */
	const struct pg_path *path;
	int phase;
	size_t order;
};

/* Phases of a desired load: the order objects can be created in whatever
 * order the files give them. */
enum pg_phase {
	PH_SCHEMA,
	PH_EXTENSION,
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
}

static void ctx_release(struct pg_ctx *ctx)
{
	strmap_release(&ctx->connames);
	strmap_release(&ctx->gone_schemas);
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

static int phase_of(const PgQuery__Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
		return PH_SCHEMA;
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
		return PH_EXTENSION;
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
		return PH_ALTER;
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
	case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
	case PG_QUERY__NODE__NODE_RENAME_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
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

static int apply_stmt(struct pg_ctx *ctx, PgQuery__Node *n)
{
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
		/* ownership is not modelled yet: accepted, no change */
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

/* Parse text into *tree; a syntax error points at its token. */
static int parse_text(struct pg_ctx *ctx, const char *file, const char *sql,
		      PgQuery__ParseResult **tree)
{
	PgQueryProtobufParseResult res;
	int ret = 0;

	*tree = NULL;
	res = pg_query_parse_protobuf(sql);
	if (res.error) {
		int line = 0, col = 0;
		if (res.error->cursorpos > 0)
			sd_text_position(sql, (size_t)res.error->cursorpos - 1,
					 &line, &col);
		ret = sd_error_set(ctx->err, SD_ERR_SYNTAX, file, line, col,
				   "%s", res.error->message);
		goto out_free;
	}
	*tree = pg_query__parse_result__unpack(NULL, res.parse_tree.len,
					       (const uint8_t *)
						       res.parse_tree.data);
	if (!*tree)
		ret = sd_error_set(ctx->err, SD_ERR, file, 0, 0,
				   "cannot read the parse tree");
out_free:
	pg_query_free_protobuf_parse_result(res);
	return ret;
}

/* Gather a file's statements with their positions and search paths. */
static void gather(struct pg_ctx *ctx, const char *file, const char *sql,
		   PgQuery__ParseResult *tree, struct vec *stmts)
{
	const struct pg_path *path = default_path(ctx);
	size_t pos = 0;
	int line = 1;

	for (size_t i = 0; i < tree->n_stmts; i++) {
		PgQuery__RawStmt *raw = tree->stmts[i];
		struct pg_gathered *st;
		const struct pg_path *p;

		if (!raw->stmt)
			continue;
		if ((p = search_path_of(ctx, raw->stmt)))
			path = p;
		st = arena_alloc(&ctx->tmp, sizeof(*st));
		st->node = raw->stmt;
		st->file = file;
		st->sql = sql;
		st->loc = raw->stmt_location;
		/* count lines as we go: statements come in text order */
		for (size_t start = (size_t)pg_skip_space(sql, st->loc);
		     pos < start && sql[pos]; pos++)
			if (sql[pos] == '\n')
				line++;
		st->line = line;
		st->path = path;
		st->phase = phase_of(raw->stmt);
		st->order = stmts->len;
		vec_push(stmts, st);
	}
}

static int apply_one(struct pg_ctx *ctx, struct pg_gathered *st)
{
	ctx->file = st->file;
	ctx->sql = st->sql;
	ctx->stmt_loc = st->loc;
	ctx->stmt_line = st->line;
	ctx->path = st->path;
	return apply_stmt(ctx, st->node);
}

static int cmp_phase(const void *pa, const void *pb)
{
	const struct pg_gathered *a = *(const struct pg_gathered *const *)pa;
	const struct pg_gathered *b = *(const struct pg_gathered *const *)pb;

	if (a->phase != b->phase)
		return a->phase < b->phase ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Apply a desired set: statements in phase order, then late resolution. */
static bool same_rangevar(const PgQuery__RangeVar *a,
			  const PgQuery__RangeVar *b)
{
	return !strcmp(a->relname, b->relname) &&
	       !strcmp(a->schemaname ? a->schemaname : "",
		       b->schemaname ? b->schemaname : "");
}

/* An index on a materialized view waits for the view (PH_VIEW_INDEX):
 * matched by the name as written. */
static void defer_matview_indexes(struct vec *stmts)
{
	struct vec mvs = VEC_INIT;

	for (size_t i = 0; i < stmts->len; i++) {
		struct pg_gathered *mv = stmts->items[i];
		PgQuery__CreateTableAsStmt *c;
		if (mv->node->node_case !=
		    PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT)
			continue;
		c = mv->node->create_table_as_stmt;
		if (c->into && c->into->rel)
			vec_push(&mvs, c->into->rel);
	}
	for (size_t i = 0; i < stmts->len && mvs.len; i++) {
		struct pg_gathered *ix = stmts->items[i];
		if (ix->node->node_case != PG_QUERY__NODE__NODE_INDEX_STMT)
			continue;
		for (size_t j = 0; j < mvs.len; j++)
			if (same_rangevar(mvs.items[j],
					  ix->node->index_stmt->relation))
				ix->phase = PH_VIEW_INDEX;
	}
	vec_release(&mvs);
}

static int apply_desired(struct pg_ctx *ctx, struct vec *stmts)
{
	int ret;

	defer_matview_indexes(stmts);
	vec_sort(stmts, cmp_phase);
	for (size_t i = 0; i < stmts->len; i++)
		if ((ret = apply_one(ctx, stmts->items[i])))
			return ret;
	pg_resolve_all_fks(ctx);
	pg_resolve_function_deps(ctx);
	return 0;
}

int pg_load_desired_text(struct catalog *cat, const char *file,
			 const char *sql, struct sd_error *err)
{
	struct pg_ctx ctx;
	struct vec stmts = VEC_INIT;
	PgQuery__ParseResult *tree;
	const char *fname = catalog_strdup(cat, file ? file : "");
	int ret;

	ctx_init(&ctx, cat, err, false);
	if ((ret = parse_text(&ctx, fname, sql, &tree)))
		goto out;
	gather(&ctx, fname, sql, tree, &stmts);
	ret = apply_desired(&ctx, &stmts);
	pg_query__parse_result__free_unpacked(tree, NULL);
out:
	vec_release(&stmts);
	ctx_release(&ctx);
	return ret;
}

int pg_replay_script(struct catalog *cat, const char *file, const char *sql,
		     struct sd_error *err)
{
	struct pg_ctx ctx;
	struct vec stmts = VEC_INIT;
	PgQuery__ParseResult *tree;
	const char *fname = catalog_strdup(cat, file ? file : "");
	int ret;

	ctx_init(&ctx, cat, err, true);
	if ((ret = parse_text(&ctx, fname, sql, &tree)))
		goto out;
	gather(&ctx, fname, sql, tree, &stmts);
	for (size_t i = 0; i < stmts.len && !ret; i++)
		ret = apply_one(&ctx, stmts.items[i]);
	if (!ret)
		pg_resolve_function_deps(&ctx);
	pg_query__parse_result__free_unpacked(tree, NULL);
out:
	vec_release(&stmts);
	ctx_release(&ctx);
	return ret;
}

static int cmp_str(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

static bool has_sql_suffix(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && !strcmp(name + n - 4, ".sql");
}

/* Append every *.sql file under dir (recursively) to out, malloc'd. */
static int list_sql_files(struct pg_ctx *ctx, const char *dir,
			  struct vec *out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int ret = 0;

	if (!d)
		return sd_error_set(ctx->err, SD_ERR_IO, dir, 0, 0,
				    "cannot open directory: %s",
				    strerror(errno));
	while ((de = readdir(d)) && !ret) {
		struct strbuf p = STRBUF_INIT;
		struct stat stb;

		if (de->d_name[0] == '.')
			continue;
		strbuf_addf(&p, "%s/%s", dir, de->d_name);
		if (stat(p.buf, &stb)) {
			ret = sd_error_set(ctx->err, SD_ERR_IO, p.buf, 0, 0,
					   "cannot stat: %s", strerror(errno));
		} else if (S_ISDIR(stb.st_mode)) {
			ret = list_sql_files(ctx, p.buf, out);
		} else if (has_sql_suffix(de->d_name)) {
			vec_push(out, strbuf_detach(&p, NULL));
		}
		strbuf_release(&p);
	}
	closedir(d);
	return ret;
}

int pg_load_desired(struct catalog *cat, const char *const *paths,
		    size_t npaths, struct sd_error *err)
{
	return pg_load_desired_path(cat, paths, npaths, NULL, err);
}

int pg_load_desired_path(struct catalog *cat, const char *const *paths,
			 size_t npaths, const char *search_path,
			 struct sd_error *err)
{
	struct pg_ctx ctx;
	struct vec files = VEC_INIT, texts = VEC_INIT, trees = VEC_INIT;
	struct vec stmts = VEC_INIT;
	int ret = 0;

	ctx_init(&ctx, cat, err, false);
	ctx.initial_path = search_path;
	for (size_t i = 0; i < npaths && !ret; i++) {
		struct stat stb;

		if (stat(paths[i], &stb)) {
			ret = sd_error_set(err, SD_ERR_IO, paths[i], 0, 0,
					   "cannot read: %s", strerror(errno));
		} else if (S_ISDIR(stb.st_mode)) {
			struct vec sub = VEC_INIT;
			ret = list_sql_files(&ctx, paths[i], &sub);
			vec_sort(&sub, cmp_str);
			for (size_t j = 0; j < sub.len; j++)
				vec_push(&files, sub.items[j]);
			vec_release(&sub);
		} else {
			struct strbuf p = STRBUF_INIT;
			strbuf_addstr(&p, paths[i]);
			vec_push(&files, strbuf_detach(&p, NULL));
		}
	}
	for (size_t i = 0; i < files.len && !ret; i++) {
		struct strbuf *text = calloc(1, sizeof(*text));
		PgQuery__ParseResult *tree;
		const char *fname = catalog_strdup(cat, files.items[i]);

		if (!text)
			abort();
		strbuf_init(text, 0);
		vec_push(&texts, text);
		if (strbuf_read_file(text, files.items[i])) {
			ret = sd_error_set(err, SD_ERR_IO, fname, 0, 0,
					   "cannot read: %s", strerror(errno));
			break;
		}
		if ((ret = parse_text(&ctx, fname, text->buf, &tree)))
			break;
		vec_push(&trees, tree);
		gather(&ctx, fname, text->buf, tree, &stmts);
	}
	if (!ret)
		ret = apply_desired(&ctx, &stmts);
	for (size_t i = 0; i < trees.len; i++)
		pg_query__parse_result__free_unpacked(trees.items[i], NULL);
	for (size_t i = 0; i < texts.len; i++) {
		strbuf_release(texts.items[i]);
		free(texts.items[i]);
	}
	for (size_t i = 0; i < files.len; i++)
		free(files.items[i]);
	vec_release(&stmts);
	vec_release(&trees);
	vec_release(&texts);
	vec_release(&files);
	ctx_release(&ctx);
	return ret;
}

void pg_parser_cleanup(void)
{
	/* pg_query_exit() crashes in a thread that never parsed anything:
	 * pg_query_init() (now a no-op once initialized) makes it safe. */
	pg_query_init();
	pg_query_exit();
}
