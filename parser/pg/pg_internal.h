/*
 * parser/pg/pg_internal.h: what the files of parser/pg/ share: the
 * interpreter's context, the per-kind parse_<kind> verbs the driver
 * dispatches to, and small helpers over libpg_query's protobuf tree.
 *
 * Memory: the parse tree belongs to the driver (pg_parser.c), which frees it
 * after the statements are applied; every string kept is copied into the
 * catalog's arena. The context's scratch arena (search paths, name filter)
 * lives for one load or one replay.
 */
#ifndef SD_PG_INTERNAL_H
#define SD_PG_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/vec.h"

/* An effective search_path: immutable once made (statements share it). */
struct pg_path {
	const char **names;
	size_t n;
};

struct pg_ctx {
	struct catalog *cat;	/* NULL for pg_canonical_type() */
	struct sd_error *err;
	bool script;		/* version file: fail where the server would */
	/* the statement being applied */
	const char *file;
	const char *sql;	/* the file's text */
	int stmt_loc, stmt_len;	/* the statement's span in sql */
	int loc_base;		/* where node locations count from in sql: each
				 * statement is parsed on its own */
	int stmt_line;
	const struct pg_path *path;
	/* scratch for one load or replay */
	struct arena tmp;
	struct strmap connames;	/* "schema\037name" of every constraint
				 * name seen: a filter, checked for real */
	struct strmap gone_schemas;	/* dropped and not created again */
	/* the search_path each file starts with: identifiers, ", "
	 * separated, quoted as needed; NULL: public */
	const char *initial_path;
	/* an ALTER DEFAULT PRIVILEGES was seen: new objects look for the
	 * default privileges they get */
	bool has_defacl;
	/* a desired set's LIKE ... INCLUDING INDEXES / COMMENTS copies, made
	 * once every index and comment is read (pg_like_resolve()) */
	struct pg_like_later *likes;
	/* identity key -> the role an ALTER ... OWNER TO gave the object
	 * (in ctx->tmp): a GRANT or REVOKE naming that role is the owner's
	 * (pg_grant.c) */
	struct strmap owners;
	/* what a DROP may take along, while DROPs follow each other
	 * (pg_refs.c); NULL: not built */
	struct pg_refs *refs;
	bool refs_volatile;	/* the statement may change what it holds */
	/* the file text last looked at for `schemadiff:using` hints, and
	 * whether it holds one */
	const char *hint_scanned;
	bool hint_in_sql;
};

/* --- pg_features.c: syntax newer than PostgreSQL 13 --- */

/* Record in ctx->cat (catalog.pg_uses) each feature of the table in
 * pg_features.c that the statement (a RawStmt's stmt node, applied with
 * ctx's file, text and locations) uses, at its first use in the file. */
void pg_features_scan(struct pg_ctx *ctx, const PgQuery__Node *stmt);

/* --- pg_util.c: errors, names, lookups, default names --- */

/* Fill ctx->err for the statement (loc < 0) or a byte offset into the
 * text (loc >= 0), and return code. */
int pg_error(struct pg_ctx *ctx, int code, int loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Byte offset of the first token at or after loc (skips blanks and
 * comments). */
int pg_skip_space(const char *sql, int loc);

const char *pg_str(const PgQuery__Node *n);	/* String node, or NULL */
/* The schema unqualified new objects go to, or NULL (error set) when the
 * search_path is empty. */
const char *pg_creation_schema(struct pg_ctx *ctx, const char *given);
/* Find a live object by possibly-qualified name, through the search
 * path. Returns it or NULL; *schema_out is where it was found or, when
 * not found, the schema to name in messages. */
void *pg_find(struct pg_ctx *ctx, enum sd_kind kind, const char *schema,
	      const char *name, const char **schema_out);
/* A relation of any kind (table, view, sequence, index). */
struct sd_object *pg_find_rel(struct pg_ctx *ctx, const char *schema,
			      const char *name, const char **schema_out);
/* Split a name list (String nodes) into schema and name; error when it
 * has more than two parts. */
int pg_qualified(struct pg_ctx *ctx, PgQuery__Node **items, size_t n,
		 const char **schema, const char **name);
/* Record a constraint name in the filter. */
void pg_note_conname(struct pg_ctx *ctx, const char *schema,
		     const char *name);
/* Is any constraint of a table in schema named name? */
bool pg_conname_taken(struct pg_ctx *ctx, const char *schema,
		      const char *name, bool index_backed_only);
bool pg_relname_taken(struct pg_ctx *ctx, const char *schema,
		      const char *name);
/* PostgreSQL's ChooseConstraintName (is_rel false) and ChooseRelationName
 * (is_rel true; is_constraint says whether constraint names count too). */
const char *pg_choose_name(struct pg_ctx *ctx, const char *schema,
			   const char *name1, const char *name2,
			   const char *label, bool is_rel,
			   bool is_constraint);
/* Integer value of a DefElem argument (Integer, Float text or String). */
int pg_defelem_int(struct pg_ctx *ctx, const PgQuery__DefElem *d,
		   int64_t *out);
const char *pg_defelem_str(const PgQuery__DefElem *d);
/* "schema.name" in messages: `relation "public.t" does not exist`. */
const char *pg_qname(struct pg_ctx *ctx, const char *schema,
		     const char *name);
/* Record the schema dependency of a new object. */
void pg_dep_schema(struct pg_ctx *ctx, struct sd_object *obj);

/* Where an object was defined: the statement's file and line. */
void pg_set_origin(struct pg_ctx *ctx, struct sd_object *obj);
/* 0 when schema exists. A schema the files do not create is external
 * (public is one): it exists, as a schema made outside the managed files,
 * but is no object of the catalog. Only a schema dropped by this load or
 * replay (and not created again) does not exist. */
int pg_check_schema(struct pg_ctx *ctx, const char *schema, int loc);
/* The schema and name of an object a statement creates, from its name
 * list: split, an unqualified name put in the creation schema, and that
 * schema checked. 0, or the error code with the error set. */
int pg_new_name(struct pg_ctx *ctx, PgQuery__Node **items, size_t n,
		const char **schema, const char **name);
/* A new user type schema.name of kind typtype (enum sd_typtype) in *out,
 * its origin and schema dependency recorded. 0, or SD_ERR when a type of
 * that name exists (loc: where to point in the message). */
int pg_add_type(struct pg_ctx *ctx, const char *schema, const char *name,
		char typtype, int loc, struct sd_type **out);
/* Note that a schema was dropped (true) or created (false). */
void pg_schema_gone(struct pg_ctx *ctx, const char *schema, bool gone);
/* Is schema a schema the files create (an object of the catalog)? */
bool pg_schema_managed(struct pg_ctx *ctx, const char *schema);
/* Names of String (or IndexElem) nodes, copied into the catalog. */
const char **pg_name_list(struct pg_ctx *ctx, PgQuery__Node **items,
			  size_t n);
/* Point every dependency on old_key at new_key (after a rename). */
void pg_rekey_deps(struct pg_ctx *ctx, const char *old_key,
		   const char *new_key);

/* --- pg_expr.c: one deparser for every expression --- */

/* Canonical text of an expression node, in the catalog's arena (or in
 * out when out is not NULL). */
int pg_deparse_expr(struct pg_ctx *ctx, PgQuery__Node *expr,
		    const char **text);
int pg_deparse_expr_buf(PgQuery__Node *expr, struct strbuf *out,
			struct strbuf *errmsg);
/* A column's default in its canonical form for a column of type coltype
 * (format_type text): a constant, cast to the column's own type or not,
 * as the server would store and print it (so '0' and '0'::bigint on a
 * bigint read alike, and 0 apart, as on the server; a NULL default is no
 * default unless the server keeps it, NULL::character varying on a
 * varchar(n)); nextval()'s text argument gets the server's ::regclass.
 * *text is NULL for no default. Anything else: pg_deparse_default(). */
int pg_deparse_column_default(struct pg_ctx *ctx, PgQuery__Node *expr,
			      const char *coltype, const char **text);
/* A table's CHECK expression in its canonical form, whichever way it was
 * written: the server's ::text casts of text and varchar columns and of
 * the constants compared with them left out, = ANY (ARRAY[...]) as
 * IN (...). *expr is rewritten in place (what is taken out is freed).
 * *written is the deparse as written when it differs from *text, else
 * NULL: the canonical form is for offline comparison only, a server is
 * sent what the SQL wrote (issue 17). */
int pg_deparse_check(struct pg_ctx *ctx, const struct sd_table *t,
		     PgQuery__Node **expr, const char **text,
		     const char **written);
/* Canonical text of a column default: the deparse, parenthesized unless
 * the top node is a b_expr (valid bare after DEFAULT). */
int pg_deparse_default(struct pg_ctx *ctx, PgQuery__Node *expr,
		       const char **text);
/* Canonical text of a whole statement node (a view's SELECT). */
int pg_deparse_stmt(PgQuery__Node *stmt, struct strbuf *out,
		    struct strbuf *errmsg);
/* The column name PostgreSQL figures for an expression
 * (FigureIndexColname), or NULL. */
const char *pg_figure_colname(const PgQuery__Node *expr);
/* Distinct column names referenced in an expression, in order. */
void pg_expr_columns(const PgQuery__Node *expr, struct vec *out);
/* Record dependencies of a default expression: nextval('seq'). */
void pg_expr_deps(struct pg_ctx *ctx, struct sd_object *obj,
		  const PgQuery__Node *expr);
/* Does a stored expression text reference column? */
bool pg_expr_text_uses(const char *expr, const char *column);
/* Rewrite a stored expression with a column renamed; *out in the
 * catalog's arena (unchanged text when it cannot be parsed). */
const char *pg_expr_text_rename(struct pg_ctx *ctx, const char *expr,
				const char *from, const char *to);
/* Record every relation a query reads (RangeVars, minus CTE names). */
void pg_query_deps(struct pg_ctx *ctx, struct sd_object *obj,
		   const PgQuery__Node *query);
/* The names of the columns a view's query may read, and whether it reads
 * every column (a `*`): model/catalog.h, struct sd_colreads. */
void pg_query_colreads(struct pg_ctx *ctx, struct sd_colreads *out,
		       const PgQuery__Node *query);

/* --- pg_types.c: format_type() names --- */

enum pg_serial {
	PG_SERIAL_NONE = 0,
	PG_SERIAL_SMALL = 2,
	PG_SERIAL_INT = 4,
	PG_SERIAL_BIG = 8,
};

/* Canonical type text of a TypeName into out. *dep gets the key of a
 * user type (or NULL); *serial the serial pseudo-type (or NONE). */
int pg_format_type(struct pg_ctx *ctx, const PgQuery__TypeName *tn,
		   struct strbuf *out, const char **dep,
		   enum pg_serial *serial);
/* Collation name list as SQL text (pg_catalog. dropped). */
const char *pg_format_collation(struct pg_ctx *ctx, PgQuery__Node **names,
				size_t n);

/* --- pg_canon.c: one spelling for what the server prints back --- */

/* An index expression or predicate, or a generated column's expression,
 * on table t (NULL: unknown) as it
 * would be written, with the constant casts the server adds left out. */
void pg_canon_index_expr(struct pg_ctx *ctx, const struct sd_table *t,
			 PgQuery__Node **expr);
/* A view's query: t.col as col where t is its only relation, and the
 * constant casts the server adds left out. */
void pg_canon_view_query(struct pg_ctx *ctx, PgQuery__Node *query);

/* --- per kind: parse_<kind> --- */

/* pg_collation.c: CREATE COLLATION (a DefineStmt of kind COLLATION),
 * ALTER COLLATION ... RENAME TO, ALTER COLLATION ... REFRESH VERSION (the
 * collation must exist; nothing changes); and a COLLATE clause's
 * collation as SQL text: a user collation qualified (as the server prints
 * it), recording user's dependency on it when user is not NULL; any other
 * as pg_format_collation() writes it. */
int parse_collation(struct pg_ctx *ctx, PgQuery__DefineStmt *s);
int pg_rename_collation(struct pg_ctx *ctx, PgQuery__RenameStmt *s);
int parse_alter_collation(struct pg_ctx *ctx,
			  PgQuery__AlterCollationStmt *s);
const char *pg_collation_sql(struct pg_ctx *ctx, struct sd_object *user,
			     PgQuery__Node **names, size_t n);
/* Record user's dependency on the user collation that sql (as
 * pg_collation_sql() wrote it) names; nothing for any other. */
void pg_collation_dep(struct pg_ctx *ctx, struct sd_object *user,
		      const char *sql);

int parse_schema(struct pg_ctx *ctx, PgQuery__CreateSchemaStmt *s);
int parse_extension(struct pg_ctx *ctx, PgQuery__CreateExtensionStmt *s);
int parse_enum(struct pg_ctx *ctx, PgQuery__CreateEnumStmt *s);
int parse_alter_enum(struct pg_ctx *ctx, PgQuery__AlterEnumStmt *s);
/* pg_domain.c, pg_composite.c, pg_range.c */
int parse_domain(struct pg_ctx *ctx, PgQuery__CreateDomainStmt *s);
int parse_alter_domain(struct pg_ctx *ctx, PgQuery__AlterDomainStmt *s);
int pg_rename_domain_constraint(struct pg_ctx *ctx, PgQuery__RenameStmt *s);
/* Is a CHECK of a domain in schema named name? Note them all (ctx_init). */
bool pg_domain_conname_taken(struct pg_ctx *ctx, const char *schema,
			     const char *name);
void pg_note_domain_connames(struct pg_ctx *ctx);
/* A user type renamed or moved: from and to as stored in column types
 * (quoted, qualified); domains' base types, ranges' subtypes and
 * composite attributes follow. */
void pg_follow_type_in_types(struct pg_ctx *ctx, const char *from,
			     const char *to);
int parse_composite(struct pg_ctx *ctx, PgQuery__CompositeTypeStmt *s);
/* ALTER TYPE ... ADD / DROP / ALTER ATTRIBUTE (an AlterTableStmt) */
int parse_alter_composite(struct pg_ctx *ctx, PgQuery__AlterTableStmt *s);
int pg_rename_attribute(struct pg_ctx *ctx, PgQuery__RenameStmt *s);
int parse_range(struct pg_ctx *ctx, PgQuery__CreateRangeStmt *s);
int parse_sequence(struct pg_ctx *ctx, PgQuery__CreateSeqStmt *s);
int parse_alter_sequence(struct pg_ctx *ctx, PgQuery__AlterSeqStmt *s);
int parse_table(struct pg_ctx *ctx, PgQuery__CreateStmt *s);
int parse_alter_table(struct pg_ctx *ctx, PgQuery__AlterTableStmt *s);
/* ALTER TABLE ... OWNER TO and nothing else: it may name any relation,
 * views too, and changes no catalog object. */
bool pg_alter_owner_only(const PgQuery__AlterTableStmt *s);
int parse_rename(struct pg_ctx *ctx, PgQuery__RenameStmt *s);
int parse_set_schema(struct pg_ctx *ctx, PgQuery__AlterObjectSchemaStmt *s);
int parse_index(struct pg_ctx *ctx, PgQuery__IndexStmt *s);
int parse_view(struct pg_ctx *ctx, PgQuery__ViewStmt *s);
int parse_drop(struct pg_ctx *ctx, PgQuery__DropStmt *s);
int parse_comment(struct pg_ctx *ctx, PgQuery__CommentStmt *s);
/* parser/pg/pg_viewcol.c: COMMENT ON COLUMN of a view, materialized view
 * or composite type; ALTER VIEW (or TABLE) ... ALTER COLUMN SET / DROP
 * DEFAULT on a view. Both return 1 when the statement is not theirs (a
 * table's), else 0 or the error. */
int pg_comment_relcol(struct pg_ctx *ctx, PgQuery__Node *o, const char *text);
int pg_alter_view_columns(struct pg_ctx *ctx, PgQuery__AlterTableStmt *s);
/* pg_function.c: functions, procedures, triggers */
int parse_function(struct pg_ctx *ctx, PgQuery__CreateFunctionStmt *s);
int parse_trigger(struct pg_ctx *ctx, PgQuery__CreateTrigStmt *s);
/* DROP FUNCTION/PROCEDURE/ROUTINE/TRIGGER */
int parse_drop_function(struct pg_ctx *ctx, PgQuery__DropStmt *s);
/* COMMENT ON FUNCTION/PROCEDURE/ROUTINE/TRIGGER */
int parse_comment_function(struct pg_ctx *ctx, PgQuery__CommentStmt *s);
/* After a load or replay: record which tables, indexes and views call a
 * function; forget triggers whose table is gone. */
void pg_resolve_function_deps(struct pg_ctx *ctx);
/* ALTER FUNCTION/PROCEDURE/ROUTINE ... RENAME TO */
int pg_rename_function(struct pg_ctx *ctx, PgQuery__RenameStmt *s);
/* The function an ObjectWithArgs names (*out NULL when none); for GRANT. */
int pg_find_function(struct pg_ctx *ctx, PgQuery__ObjectWithArgs *owa,
		     struct sd_function **out, const char **schema_out,
		     const char **name_out);
/* pg_matview.c: CREATE MATERIALIZED VIEW (CREATE TABLE AS is refused) */
int parse_matview(struct pg_ctx *ctx, PgQuery__CreateTableAsStmt *s);
/* pg_grant.c: GRANT / REVOKE privileges */
int parse_grant(struct pg_ctx *ctx, PgQuery__GrantStmt *s);
/* pg_default_acl.c: ALTER DEFAULT PRIVILEGES; and, after a statement,
 * the current user's default privileges given to the objects it created
 * (catalog->all from index first on) */
int parse_default_acl(struct pg_ctx *ctx,
		      PgQuery__AlterDefaultPrivilegesStmt *s);
void pg_default_acl_created(struct pg_ctx *ctx, size_t first);

/* pg_table.c, shared with ALTER TABLE */
int pg_add_column(struct pg_ctx *ctx, struct sd_table *t,
		  PgQuery__ColumnDef *cd, struct vec *pending);
/* Add pending constraints (PgQuery__Constraint * with column context) in
 * the server's naming order: checks, then keys, then foreign keys. */
struct pg_pending {
	PgQuery__Constraint *con;
	const char *column;	/* column constraint: its column, or NULL */
	int loc;
};
int pg_add_constraints(struct pg_ctx *ctx, struct sd_table *t,
		       struct vec *pending);
/* The same in ALTER TABLE ADD CONSTRAINT (NOT VALID kept). */
int pg_add_constraints_alter(struct pg_ctx *ctx, struct sd_table *t,
			     struct vec *pending);
/* ChooseIndexColumnNames + ChooseIndexNameAddition over names. */
void pg_index_name_addition(struct vec *names, struct strbuf *out);
/* Fill empty FK ref_columns from the referenced primary keys. */
void pg_resolve_fk(struct pg_ctx *ctx, struct sd_table *t);
void pg_resolve_all_fks(struct pg_ctx *ctx);
/* Drop a table's column and what uses it (constraints, indexes). */
void pg_drop_column_deps(struct pg_ctx *ctx, struct sd_table *t,
			 const char *column);
/* Drop a relation and what goes with it (indexes, owned sequences; with
 * cascade, views that depend on it). */
void pg_drop_object(struct pg_ctx *ctx, struct sd_object *obj, bool cascade);

/* pg_grant.c: the role ALTER ... OWNER TO gives an object, noted (not
 * modelled) so that GRANT and REVOKE naming it are the owner's
 * (SD_GRANTEE_OWNER); pg_alter_owner for ALTER FUNCTION / TYPE / SCHEMA
 * ... OWNER TO, which never fails (the statement changes nothing else). */
void pg_note_owner(struct pg_ctx *ctx, const struct sd_object *obj,
		   const PgQuery__RoleSpec *role);
void pg_alter_owner(struct pg_ctx *ctx, PgQuery__AlterOwnerStmt *s);
/* pg_refs.c: the objects a DROP may take along, indexed. Candidates (in
 * catalog order, not yet checked for liveness or the exact condition) of
 * the kinds asked: PG_REFS_SCHEMA the objects in obj (a schema),
 * PG_REFS_NAMED the indexes, owned sequences, policies and partitions
 * that name obj (a relation), PG_REFS_DEPS the objects that depend on
 * obj's key, PG_REFS_FKEYS the tables whose foreign keys reference obj (a
 * table). Appended to out (object pointers). Valid only while no
 * statement but those pg_refs_keeps() accepts (DROP, ALTER TABLE ... DROP
 * COLUMN) has run since the first call: apply_stmt() calls
 * pg_refs_forget() before any other statement. */
enum { PG_REFS_SCHEMA = 1, PG_REFS_NAMED = 2, PG_REFS_DEPS = 4,
       PG_REFS_FKEYS = 8 };
void pg_refs_candidates(struct pg_ctx *ctx, const struct sd_object *obj,
			unsigned what, struct vec *out);
bool pg_refs_keeps(const PgQuery__Node *n);
void pg_refs_forget(struct pg_ctx *ctx);

/* pg_partition.c: PARTITION BY, PARTITION OF, INHERITS and the ALTER
 * TABLE forms that change them. A partition or child holds only its own
 * (local) columns and constraints; pg_table_has_column() looks for a
 * column in a table and its parents (true as well, in desired files, while
 * a parent is not known yet). */
int pg_partition_spec(struct pg_ctx *ctx, struct sd_table *t,
		      PgQuery__PartitionSpec *spec);
int pg_partition_bound(struct pg_ctx *ctx, PgQuery__PartitionBoundSpec *b,
		       const struct sd_table *parent, const char **text);
int pg_table_partition_of(struct pg_ctx *ctx, struct sd_table *t,
			  PgQuery__RangeVar *parent,
			  PgQuery__PartitionBoundSpec *bound);
int pg_table_inherits(struct pg_ctx *ctx, struct sd_table *t,
		      PgQuery__Node **rels, size_t n);
bool pg_table_has_column(struct pg_ctx *ctx, const struct sd_table *t,
			 const char *name);
/* ATTACH / DETACH [CONCURRENTLY | FINALIZE] PARTITION, INHERIT, NO
 * INHERIT. */
int pg_alter_partition(struct pg_ctx *ctx, struct sd_table *t,
		       PgQuery__AlterTableCmd *cmd);
/* The column a parent of t gives it (t's own columns not looked at), or
 * NULL. */
struct sd_column *pg_parent_column(struct pg_ctx *ctx,
				   const struct sd_table *t, const char *name);

/* pg_inhcol.c: a partition's or child's own default and NOT NULL on the
 * columns it inherits (struct sd_table.inh_columns, model/inhcol.c).
 * pg_inh_alter_before / _after run around each ALTER TABLE subcommand
 * (recurse: no ONLY): before returns 0 when it did the subcommand itself
 * (a column t inherits), 1 when the usual code is to run, or an error;
 * after carries a parent's new default or NOT NULL to its children as
 * the server does. pg_inh_attach records what a table attached to parent
 * keeps of its own columns' defaults and NOT NULL; pg_inh_detach gives
 * them back to the columns a detached table makes its own. pg_inh_resolve
 * settles a desired set's entries once every table is read. */
extern const char pg_inh_from_parent[];
int pg_inh_alter_before(struct pg_ctx *ctx, struct sd_table *t,
			PgQuery__AlterTableCmd *cmd, bool recurse);
void pg_inh_alter_after(struct pg_ctx *ctx, struct sd_table *t,
			PgQuery__AlterTableCmd *cmd, bool recurse);
void pg_inh_attach(struct pg_ctx *ctx, struct sd_table *part,
		   const struct sd_table *parent);
void pg_inh_detach(struct pg_ctx *ctx, struct sd_table *t);
void pg_inh_resolve(struct pg_ctx *ctx);
/* ALTER INDEX parent ATTACH PARTITION ix: ix becomes part of the
 * partitioned index (no object of its own, as introspection reads it). */
int pg_attach_index(struct pg_ctx *ctx, PgQuery__RangeVar *parent,
		    PgQuery__Node *def);
/* A dropped partitioned table takes its partitions along. */
void pg_drop_partitions(struct pg_ctx *ctx, struct sd_table *t);
/* After a table moved or was renamed: partitions and children follow. */
void pg_partition_follow_table(struct pg_ctx *ctx, struct sd_table *t,
			       const char *old_schema, const char *old_name,
			       const char *old_key);

/* pg_sequence.c, shared with serial columns */
struct sd_sequence *pg_new_sequence(struct pg_ctx *ctx, const char *schema,
				    const char *name, const char *type);
int pg_sequence_options(struct pg_ctx *ctx, struct sd_sequence *seq,
			PgQuery__Node **opts, size_t nopts, bool create);

/* pg_identity.c: identity sequence options of a column (create: from the
 * defaults, and the sequence's name); clear them when identity goes. */
int pg_identity_options(struct pg_ctx *ctx, struct sd_table *t,
			struct sd_column *col, PgQuery__Node **opts,
			size_t nopts, bool create);
void pg_identity_clear(struct sd_column *col);

/* pg_exclude.c: an EXCLUDE constraint. */
int pg_add_exclusion(struct pg_ctx *ctx, struct sd_table *t,
		     PgQuery__Constraint *c, int loc);

/* pg_policy.c: policies, row level security and storage parameters. */
int parse_policy(struct pg_ctx *ctx, PgQuery__CreatePolicyStmt *s);
int parse_alter_policy(struct pg_ctx *ctx, PgQuery__AlterPolicyStmt *s);
int parse_drop_policy(struct pg_ctx *ctx, PgQuery__DropStmt *s);
int parse_comment_policy(struct pg_ctx *ctx, PgQuery__CommentStmt *s);
void pg_drop_table_policies(struct pg_ctx *ctx, struct sd_table *t);
/* After a table moved or was renamed: its policies follow it. */
void pg_policy_follow_table(struct pg_ctx *ctx, struct sd_table *t,
			    const char *old_schema, const char *old_name);
/* WITH (...) / SET (...) / RESET (...) applied to a reloptions list. */
int pg_reloptions(struct pg_ctx *ctx, PgQuery__Node **defs, size_t ndefs,
		  bool reset, const char ***opts, size_t *nopts);
/* ALTER TABLE ... ENABLE/DISABLE/FORCE/NO FORCE ROW LEVEL SECURITY,
 * SET (...), RESET (...). */
int pg_alter_table_rls(struct pg_ctx *ctx, struct sd_table *t,
		       PgQuery__AlterTableCmd *cmd);

/* --- pg_index_stats.c --- */

/* ALTER INDEX whose commands are ALTER COLUMN n SET STATISTICS (and
 * OWNER TO): 0 or an error; 1 when it holds other commands. */
int pg_alter_index_stats(struct pg_ctx *ctx, PgQuery__AlterTableStmt *s);
/* ALTER VIEW / MATERIALIZED VIEW ... SET (...) / RESET (...) [, OWNER TO]
 * on rel (a view or materialized view); 1: s holds another subcommand
 * (parser/pg/pg_view.c) */
/* Does every subcommand of s name an index or trigger of the table
 * (ADD ... USING INDEX, REPLICA IDENTITY, ENABLE / DISABLE TRIGGER), so
 * that a desired set applies it after those (parser/pg/pg_alter.c)? */
bool pg_alter_after_objects(const PgQuery__AlterTableStmt *s);
/* The LIKE copies a desired set left for last (parser/pg/pg_table.c). */
int pg_like_resolve(struct pg_ctx *ctx);
/* REPLICA IDENTITY and ENABLE / DISABLE TRIGGER subcommands of ALTER
 * TABLE t (parser/pg/pg_replident.c) */
int pg_alter_replica_identity(struct pg_ctx *ctx, struct sd_table *t,
			      PgQuery__AlterTableCmd *cmd);
/* ALTER TABLE ... ENABLE / DISABLE [REPLICA | ALWAYS] TRIGGER ... */
bool pg_is_trigger_state_cmd(PgQuery__AlterTableType subtype);
int pg_alter_trigger_state(struct pg_ctx *ctx, struct sd_table *t,
			   PgQuery__AlterTableCmd *cmd);
int pg_alter_view_options(struct pg_ctx *ctx, PgQuery__AlterTableStmt *s,
			  struct sd_object *rel);
int pg_matview_set_options(struct pg_ctx *ctx, struct sd_matview *mv,
			   PgQuery__AlterTableCmd *cmd);

/* --- pg_opaque.c: kinds carried as SQL text (struct sd_opaque) --- */

/* Is n a statement about an object of an opaque kind (CREATE, ALTER,
 * COMMENT, GRANT, DROP)? Needs the whole tree. */
bool pg_is_opaque_stmt(const PgQuery__Node *n);
/* GRANT ... ON TABLE or COMMENT ON COLUMN of a foreign table (an opaque
 * object)? */
bool pg_opaque_foreign_table_stmt(struct pg_ctx *ctx, PgQuery__Node *n);
/* Is it one that creates one? */
bool pg_is_opaque_create(const PgQuery__Node *n);
/* Is t an ObjectType of an opaque kind? */
bool pg_opaque_objtype(PgQuery__ObjectType t);
/* CREATE: a new object; ALTER, COMMENT, GRANT: appended to its
 * definition. */
int parse_opaque(struct pg_ctx *ctx, PgQuery__Node *n);
/* DROP <opaque kind> ..., DROP USER MAPPING. */
int parse_drop_opaque(struct pg_ctx *ctx, PgQuery__Node *n);
/* --- pg_catalog_names.c (generated): what pg_catalog holds --- */

/* Is there a function (type, not array) of that name in pg_catalog? An
 * unqualified name resolves there before the search path. */
bool pg_catalog_has_function(const char *name);
bool pg_catalog_has_type(const char *name);

#endif
