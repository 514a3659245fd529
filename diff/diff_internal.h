/*
 * diff/diff_internal.h: what the per-kind diff files share with the driver
 * (diff/diff.c) and the ordering pass (diff/order.c). Not for use outside
 * diff/.
 *
 * Each kind has one function, diff_<kind>(ctx, old, new): old is NULL for a
 * create, new is NULL for a drop, both are set when the object is in both
 * catalogs. It records changes with diff_add() and, for each change, the
 * keys it provides, needs, removes, releases or modifies; diff/order.c turns
 * those keys into edges and sorts.
 *
 * Memory: every item, key and string is allocated in the change set's
 * arena; the work lists (struct vec) are malloc'd and released by
 * diff_catalogs().
 */
#ifndef SD_DIFF_INTERNAL_H
#define SD_DIFF_INTERNAL_H

#include "diff/diff.h"
#include "util/strmap.h"
#include "util/vec.h"

/* What a change does to a key, for ordering. */
enum diff_role {
	ROLE_PROV,	/* makes the key exist (create) */
	ROLE_NEED,	/* needs the key to exist, in its final shape */
	ROLE_GONE,	/* removes the key (drop) */
	ROLE_RELEASE,	/* stops using the key */
	ROLE_MOD,	/* changes the key in place (a column type) */
};

/* Phases of the initial order; dependencies may still move a change. */
enum diff_phase {
	PHASE_DROP,
	PHASE_CREATE,
	PHASE_COMMENT,
};

/* Ranks within a phase (the "kind" of the tie-break order). */
enum diff_rank {
	/* drops: dependents first */
	RANK_DROP_OPAQUE_LATE,	/* rules, statistics, publications ... */
	RANK_DROP_EVENT,
	RANK_DROP_POLICY,
	RANK_DROP_TRIGGER,
	RANK_DROP_VIEW,
	RANK_DROP_INDEX,
	RANK_DROP_FK,
	RANK_DROP_CONSTRAINT,
	RANK_DROP_COLUMN,
	RANK_DROP_TABLE,
	RANK_DROP_SEQUENCE,
	RANK_DROP_OPAQUE_EARLY,	/* operators, foreign tables ... */
	RANK_DROP_FUNCTION,
	RANK_DROP_TYPE,
	RANK_DROP_COLLATION,
	RANK_DROP_EXTENSION,
	RANK_DROP_SCHEMA,
	/* creates and alters: dependencies first */
	RANK_SCHEMA,
	RANK_DEFAULT_ACL,	/* before the creates that get them */
	RANK_EXTENSION,
	RANK_COLLATION,
	RANK_TYPE,
	RANK_FUNCTION,
	RANK_OPAQUE_EARLY,	/* what relations may use (diff_opaque.c) */
	RANK_SEQUENCE,
	RANK_TABLE,
	RANK_COLUMN,
	RANK_CONSTRAINT,
	RANK_FK,
	RANK_SEQUENCE_OWNED,
	RANK_INDEX,
	RANK_VIEW,
	RANK_TRIGGER,
	RANK_POLICY,	/* row level security, then policies */
	RANK_OPAQUE_LATE,	/* rules, statistics, publications ... */
	RANK_EVENT,	/* MySQL: after what their bodies may use */
	/* comments: by the kind of object they are on */
	RANK_COMMENT,
	RANK_GRANT,	/* GRANT / REVOKE, after comments */
};

struct diff_item {
	struct change ch;
	/* sort key: phase, rank, schema, name, subpos, sub, typerank, seq */
	int phase, rank;
	const char *schema, *name;
	long subpos;		/* column position; 0 otherwise */
	const char *sub;	/* column or constraint name; "" otherwise */
	int typerank;		/* order of changes on one column */
	size_t seq;		/* creation order: the last tie-break */
};

struct diff_keyref {
	const char *key;
	enum diff_role role;
	size_t item;		/* seq of the item */
};

struct diff_ctx {
	struct changeset *cs;
	const struct catalog *from, *to;
	struct vec items;	/* struct diff_item *, by seq */
	struct diff_keyref *refs;
	size_t nrefs, refs_alloc;
	/* relation keys whose shape changes or that go away (views over
	 * them are dropped and re-created): key -> (void *)1 */
	struct strmap remade;
	/* of those, the tables marked only because some of their columns
	 * change type or collation, or go (table key -> 1), and those
	 * columns (diff_key_column()'s keys): a view is made again only
	 * when it reads one (diff_mark_column()) */
	struct strmap col_only, cols_remade;
	/* table keys whose unique keys are dropped while the table stays
	 * (foreign keys to them are dropped and re-added) */
	struct strmap uniq_dropped;
	/* MySQL catalogs only: diff/mysql_internal.h */
	struct mysql_diff *my;
	/* PostgreSQL: the version the SQL is for (changeset.pg_version) */
	int pg_version;
	/* table key -> struct diff_names *: its columns that are dropped and
	 * added again (a generated column's kind or expression); the server
	 * drops the indexes and constraints that use them with them */
	struct strmap readded;
	/* the `from` tables that have INHERITS parents, in catalog_list()
	 * order: where a dropped column's inheriting children are looked
	 * for (diff_table.c), listed once, not once per column */
	struct vec heirs;
	bool heirs_listed;
};

struct diff_names {
	const char *name;
	struct diff_names *next;
};

/* diff/diff_table.c: column (of the table whose key is table) is dropped
 * and added again; does an index or constraint of that table that uses
 * the columns cols (n of them) and the expressions texts (ntexts, NULL
 * entries skipped) use one of the table's such columns? */
void diff_mark_readded(struct diff_ctx *ctx, const char *table,
		       const char *column);
bool diff_uses_readded(const struct diff_ctx *ctx, const char *table,
		       const char *const *cols, size_t n,
		       const char *const *texts, size_t ntexts);

typedef void (*diff_kind_fn)(struct diff_ctx *ctx,
			     const struct sd_object *old_obj,
			     const struct sd_object *new_obj);

void diff_schema(struct diff_ctx *ctx, const struct sd_object *old_obj,
		 const struct sd_object *new_obj);
void diff_extension(struct diff_ctx *ctx, const struct sd_object *old_obj,
		    const struct sd_object *new_obj);
/* diff/diff_index_stats.c: the statistics targets of an index's columns
 * (o NULL: a new index) */
void diff_index_stats(struct diff_ctx *ctx, const struct sd_object *o,
		      const struct sd_object *n);
/* diff/diff_opaque.c: the kinds carried as SQL text */
void diff_opaque(struct diff_ctx *ctx, const struct sd_object *old_obj,
		 const struct sd_object *new_obj);
/* Mark the opaque objects whose definition changes as made again, so
 * that the indexes and views using them are made again too. */
void diff_opaque_premark(struct diff_ctx *ctx);
/* diff/diff_collation.c: created, dropped, or dropped and created again
 * (no ALTER changes a collation's options): destructive, and marked
 * remade so that diff_tables_cascade() moves the columns that use it off
 * it and back. */
void diff_collation(struct diff_ctx *ctx, const struct sd_object *old_obj,
		    const struct sd_object *new_obj);
void diff_type(struct diff_ctx *ctx, const struct sd_object *old_obj,
	       const struct sd_object *new_obj);
/* diff/diff_type.c: create, drop, or drop and create again (destructive)
 * a type; diff/diff_domain.c and diff/diff_composite.c: the changes of a
 * domain or composite type present on both sides. */
void diff_type_create(struct diff_ctx *ctx, const struct sd_object *n,
		      unsigned flags);
void diff_type_drop(struct diff_ctx *ctx, const struct sd_object *o);
void diff_type_remake(struct diff_ctx *ctx, const struct sd_object *o,
		      const struct sd_object *n);
void diff_domain(struct diff_ctx *ctx, const struct sd_object *old_obj,
		 const struct sd_object *new_obj);
/* After CREATE DOMAIN: its NOT VALID checks, added on their own. */
void diff_domain_created(struct diff_ctx *ctx, const struct sd_object *n);
void diff_composite(struct diff_ctx *ctx, const struct sd_object *old_obj,
		    const struct sd_object *new_obj);
void diff_sequence(struct diff_ctx *ctx, const struct sd_object *old_obj,
		   const struct sd_object *new_obj);
void diff_table(struct diff_ctx *ctx, const struct sd_object *old_obj,
		const struct sd_object *new_obj);
void diff_index(struct diff_ctx *ctx, const struct sd_object *old_obj,
		const struct sd_object *new_obj);
void diff_view(struct diff_ctx *ctx, const struct sd_object *old_obj,
	       const struct sd_object *new_obj);
/* diff/diff_matview.c: materialized views; remake drops and creates one
 * (and re-creates its indexes: diff_matview_indexes(), a post-pass). */
void diff_matview(struct diff_ctx *ctx, const struct sd_object *old_obj,
		  const struct sd_object *new_obj);
void diff_matview_remake(struct diff_ctx *ctx, const struct sd_object *old_obj,
			 const struct sd_object *new_obj);
void diff_matview_indexes(struct diff_ctx *ctx);
/* diff/diff_grant.c, a post-pass: GRANT / REVOKE for every object of the
 * `to` side, all its privileges again when the object is (re)created. */
void diff_grants(struct diff_ctx *ctx);
/* diff/diff_default_acl.c: ALTER DEFAULT PRIVILEGES */
void diff_default_acl(struct diff_ctx *ctx, const struct sd_object *old_obj,
		      const struct sd_object *new_obj);
void diff_function(struct diff_ctx *ctx, const struct sd_object *old_obj,
		   const struct sd_object *new_obj);
void diff_trigger(struct diff_ctx *ctx, const struct sd_object *old_obj,
		  const struct sd_object *new_obj);
/* diff/diff_policy.c: policies; and, called from diff/diff_table.c, row
 * level security flags and storage parameters of a table (old_obj NULL
 * for a new table) and the options of an identity column. */
void diff_policy(struct diff_ctx *ctx, const struct sd_object *old_obj,
		 const struct sd_object *new_obj);
/* Post-pass: REPLICA IDENTITY and trigger enable states, once every
 * table, index and trigger change is known (diff/diff_replident.c) */
void diff_table_states(struct diff_ctx *ctx);
/* diff/diff_conversions.c: may the server convert a column of type from
 * to type to by itself (an assignment cast)? And the conversion of a type
 * change it: the hint's USING, or CHANGE_NO_CAST. */
bool diff_type_assignable(const char *from, const char *to);
void diff_type_conversion(const struct diff_ctx *ctx, struct diff_item *it,
			  const struct sd_object *table,
			  const struct sd_column *oc,
			  const struct sd_column *nc);
void diff_table_options(struct diff_ctx *ctx, const struct sd_object *old_obj,
			const struct sd_object *new_obj);
void diff_identity_options(struct diff_ctx *ctx, const struct sd_object *o,
			   const struct sd_object *n,
			   const struct sd_column *oc,
			   const struct sd_column *nc, long pos);

/* diff/diff_partition.c: partitions and inheritance. remade: the table
 * is dropped and created again (its partition key changes, or that of the
 * parent it is a partition of); parents: DETACH / ATTACH PARTITION,
 * INHERIT / NO INHERIT between two versions of a table; parent_keys: the
 * keys of t's parents with role; column_inherited: t has the column from
 * a parent in cat; partition_indexes (a post-pass): indexes of remade
 * tables created again. */
bool diff_table_remade(const struct diff_ctx *ctx, const struct sd_table *o,
		       const struct sd_table *n);
void diff_table_parents(struct diff_ctx *ctx, const struct sd_table *o,
			const struct sd_table *n);
void diff_table_parent_keys(struct diff_ctx *ctx, struct diff_item *it,
			    enum diff_role role, const struct sd_table *t);
bool diff_column_inherited(const struct catalog *cat, const struct sd_table *t,
			   const char *name);
bool diff_check_inherited(const struct catalog *cat, const struct sd_table *t,
			  const char *name);
void diff_partition_indexes(struct diff_ctx *ctx);
/* diff/diff_inhcol.c: the defaults and NOT NULL of the columns a
 * partition or child inherits (o NULL: a new table). */
void diff_inh_columns(struct diff_ctx *ctx, const struct sd_table *o,
		      const struct sd_table *n);

/* Post-passes of diff/diff_table.c and diff/diff_view.c, run after every
 * object has been compared. */
void diff_table_refresh_fkeys(struct diff_ctx *ctx);
/* diff/diff_table.c, for diff/diff_cascade.c: a constraint added or
 * dropped (n: the table on the `to` side, NULL when it goes), a change on
 * one column (both sides given), and whether two constraints are the
 * same. */
void diff_constraint_add(struct diff_ctx *ctx, const struct sd_object *o,
			 const struct sd_object *n,
			 const struct sd_constraint *c);
void diff_constraint_drop(struct diff_ctx *ctx, const struct sd_object *o,
			  const struct sd_object *n,
			  const struct sd_constraint *c);
struct diff_item *diff_column_change(struct diff_ctx *ctx,
				     enum change_type type, int typerank,
				     const struct sd_object *o,
				     const struct sd_object *n,
				     const struct sd_column *oc,
				     const struct sd_column *nc, long pos);
bool diff_con_same(const struct sd_constraint *a,
		   const struct sd_constraint *b);
/* diff/diff_cascade.c: types that depend on a type dropped and created
 * again are made again too (domains, composite and range types), run once
 * every type has been compared; and, once every object has been compared,
 * columns, defaults and checks of kept tables that use a type or function
 * dropped and created again let go of it before and take it back after. */
void diff_types_cascade(struct diff_ctx *ctx);
void diff_tables_cascade(struct diff_ctx *ctx);
/* Does obj need a key that is dropped and created again? */
bool diff_needs_remade(const struct diff_ctx *ctx, const struct sd_object *obj);
void diff_view_cascade(struct diff_ctx *ctx);
/* After diff_view_cascade(): what a DROP VIEW took along is made again
 * with the view: triggers on a view made again (diff/diff_function.c),
 * objects carried as text that name one (rules, statistics: diff/
 * diff_opaque.c). Those already dropped and created are left alone. */
void diff_triggers_on_remade(struct diff_ctx *ctx);
void diff_opaque_on_remade(struct diff_ctx *ctx);
/* Drop and re-create a view that is itself unchanged. */
/* Does text name name as a whole word (a function's bare name in a
 * default or check)? */
bool diff_mentions(const char *text, const char *name);
/* Walk two lists of struct sd_grant * (effective ACLs of o and n)
 * grantee by grantee, PUBLIC first, calling fn with each grantee's part
 * of either (sorts both). */
typedef void (*diff_grantee_fn)(struct diff_ctx *ctx,
				const struct sd_object *o,
				const struct sd_object *n, const char *grantee,
				const struct sd_grant **olds, size_t nold,
				const struct sd_grant **news, size_t nnew);
void diff_grants_by_grantee(struct diff_ctx *ctx, const struct sd_object *o,
			    const struct sd_object *n, struct vec *olds,
			    struct vec *news, diff_grantee_fn fn);
/* Drop and create a function (diff_view_cascade(): its SQL-standard body
 * reads a view made again); a CREATE OR REPLACE already planned for it
 * becomes the create. */
void diff_function_remake(struct diff_ctx *ctx, const struct sd_object *o,
			  const struct sd_object *n);
/* Does o's SQL-standard body read a relation made again? */
bool diff_function_reads_remade(const struct diff_ctx *ctx,
				const struct sd_object *o);
void diff_view_remake(struct diff_ctx *ctx, const struct sd_object *old_obj,
		      const struct sd_object *new_obj);

/* A new change of the given type, phase and rank, named (schema, name) for
 * the tie-break order. The item stays valid until the context goes. */
struct diff_item *diff_add(struct diff_ctx *ctx, enum change_type type,
			   int phase, int rank,
			   const struct sd_object *old_obj,
			   const struct sd_object *new_obj);

/* Record a key for an item (copied into the change set's arena). */
void diff_key(struct diff_ctx *ctx, struct diff_item *it, enum diff_role role,
	      const char *key);
/* The key of a schema (NULL schema: nothing), a column or a constraint. */
void diff_key_schema(struct diff_ctx *ctx, struct diff_item *it,
		     enum diff_role role, const char *schema);
void diff_key_column(struct diff_ctx *ctx, struct diff_item *it,
		     enum diff_role role, const char *table_key,
		     const char *column);
void diff_key_constraint(struct diff_ctx *ctx, struct diff_item *it,
			 enum diff_role role, const char *table_key,
			 const char *name);
/* "Some unique key of this table": provided by primary keys, unique
 * constraints and unique indexes; needed by foreign keys to it. */
void diff_key_unique(struct diff_ctx *ctx, struct diff_item *it,
		     enum diff_role role, const char *schema,
		     const char *table);
/* obj's deps with the given role; when no_relations, deps on tables and
 * views (looked up in cat) are left out, as a table needs its types and
 * sequences but reaches other tables only through foreign keys. When
 * except is set, deps that except also has are left out. */
void diff_key_deps(struct diff_ctx *ctx, struct diff_item *it,
		   enum diff_role role, const struct catalog *cat,
		   const struct sd_object *obj, bool no_relations,
		   const struct sd_object *except);

/*
 * Comments (diff/diff_comment.c). A CH_COMMENT when the comment on the
 * `to` side differs from the `from` side; `fresh` means the object is new
 * or re-created, so that any comment it should carry must be set again.
 * old_* may be NULL; new_table and new_obj are never NULL.
 */
void diff_comment_object(struct diff_ctx *ctx, const struct sd_object *old_obj,
			 const struct sd_object *new_obj, bool fresh);
/* diff/diff_viewcol.c: column comments and defaults of a view or
 * materialized view (fresh: it is created, everything is set), and the
 * attribute comments of a composite type. */
void diff_viewcols(struct diff_ctx *ctx, const struct sd_object *old_obj,
		   const struct sd_object *new_obj, bool fresh);
void diff_type_attr_comments(struct diff_ctx *ctx,
			     const struct sd_object *old_obj,
			     const struct sd_object *new_obj, bool fresh);
void diff_comment_column(struct diff_ctx *ctx,
			 const struct sd_object *new_table,
			 const struct sd_column *old_col,
			 const struct sd_column *new_col, long pos,
			 bool fresh);
void diff_comment_constraint(struct diff_ctx *ctx,
			     const struct sd_object *new_table,
			     const struct sd_constraint *old_con,
			     const struct sd_constraint *new_con, bool fresh);

/* Mark a relation key as remade or its unique keys as dropped. */
void diff_mark(struct strmap *set, const char *key);
/* Mark a table remade because its column changes type or collation or
 * goes: the table key as diff_mark() does (every other user of the table
 * sees it), and the column, for the views (diff_view_cascade()). */
void diff_mark_column(struct diff_ctx *ctx, const char *table_key,
		      const char *column);
/* Does a view or materialized view read a relation made again or a
 * column marked by diff_mark_column()? */
bool diff_view_reads_remade(const struct diff_ctx *ctx,
			    const struct sd_object *view);
/* Is table_key made again, or, where only columns of it change, one of
 * the columns reads names (NULL or not known: any)? */
bool diff_column_remade(const struct diff_ctx *ctx, const char *table_key,
			const struct sd_colreads *reads);
bool diff_marked(const struct strmap *set, const char *key);

/* NULL-safe string equality. */
bool diff_streq(const char *a, const char *b);
/* True when a column of type `from` converts to `to` without losing or
 * rejecting any value (varchar(10) -> varchar(20) or text, integer ->
 * bigint, numeric(8,2) -> numeric(10,2) ...); both in canonical form. */
bool diff_type_widens(const char *from, const char *to);

/* MySQL (diff/mysql_*.c): the same walk with MySQL's per-kind functions;
 * prepare before it, finish (post-passes) after it, release at the end. */
extern const diff_kind_fn diff_mysql_kinds[SD_KIND__COUNT];
void diff_mysql_prepare(struct diff_ctx *ctx);
void diff_mysql_finish(struct diff_ctx *ctx);
void diff_mysql_release(struct diff_ctx *ctx);
/* diff_type_widens for MySQL's canonical types (int(11), varchar(20),
 * decimal(10,2) ...): an unsigned change is never widening. */
bool diff_type_widens_mysql(const char *from, const char *to);

/* Sort ctx->items into cs->changes. 0, or SD_ERR with err naming every
 * member of a cycle. */
int diff_order(struct diff_ctx *ctx, struct sd_error *err);

#endif
