/*
 * diff/diff.h: catalog x catalog -> an ordered change set.
 *
 * diff_catalogs(from, to) lists what must change to turn `from` into `to`,
 * ordered so that executing the changes in order works: creates follow
 * dependencies, drops go in reverse, a name dropped and re-created drops
 * first, foreign keys are added after both tables exist. Ties are broken by
 * kind, then schema, then name: the same inputs always give the same order.
 *
 * Memory: a change set owns an arena for its own allocations and points
 * into the two catalogs; both must outlive it. diff/ never reads files,
 * talks to servers or writes SQL text (that is emit/).
 */
#ifndef SD_DIFF_H
#define SD_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "model/catalog.h"
#include "util/error.h"

struct mysql_change;

enum change_type {
	CH_CREATE_SCHEMA,
	CH_DROP_SCHEMA,
	CH_CREATE_EXTENSION,
	CH_DROP_EXTENSION,
	CH_ALTER_EXTENSION,	/* version or schema */
	CH_CREATE_COLLATION,
	CH_DROP_COLLATION,
	CH_CREATE_TYPE,
	CH_DROP_TYPE,
	CH_ADD_ENUM_VALUE,	/* label: new->labels[index] */
	CH_ALTER_DOMAIN,	/* SET/DROP DEFAULT or NOT NULL (detail) */
	CH_ADD_DOMAIN_CONSTRAINT,	/* new_con */
	CH_DROP_DOMAIN_CONSTRAINT,	/* old_con */
	CH_VALIDATE_DOMAIN_CONSTRAINT,	/* new_con */
	CH_ADD_ATTRIBUTE,	/* composite type: new_col */
	CH_DROP_ATTRIBUTE,	/* old_col */
	CH_ALTER_ATTRIBUTE_TYPE,	/* new_col: type and collation */
	CH_CREATE_SEQUENCE,
	CH_DROP_SEQUENCE,
	CH_ALTER_SEQUENCE,	/* options and/or OWNED BY */
	CH_CREATE_TABLE,	/* columns and non-foreign-key constraints */
	CH_DROP_TABLE,
	CH_ADD_COLUMN,
	CH_DROP_COLUMN,
	CH_ALTER_COLUMN_TYPE,
	CH_ALTER_COLUMN_DEFAULT,	/* set or drop */
	CH_ALTER_COLUMN_NOT_NULL,	/* set or drop */
	CH_ALTER_COLUMN_IDENTITY,	/* add, drop or set generation */
	CH_ALTER_COLUMN_COLLATION,	/* as part of a type change */
	CH_ADD_CONSTRAINT,
	CH_DROP_CONSTRAINT,
	CH_CREATE_INDEX,
	CH_DROP_INDEX,
	CH_CREATE_VIEW,
	CH_REPLACE_VIEW,	/* CREATE OR REPLACE VIEW (columns appended) */
	CH_DROP_VIEW,
	CH_CREATE_MATVIEW,
	CH_DROP_MATVIEW,
	CH_GRANT,		/* one grantee's privileges on one object:
				 * change->grant */
	CH_CREATE_FUNCTION,
	CH_REPLACE_FUNCTION,	/* CREATE OR REPLACE: same signature, result
				 * and argument names */
	CH_DROP_FUNCTION,
	CH_CREATE_TRIGGER,
	CH_DROP_TRIGGER,
	CH_CREATE_POLICY,
	CH_DROP_POLICY,
	CH_ALTER_POLICY,	/* roles, USING, WITH CHECK in place */
	CH_ALTER_TABLE_RLS,	/* ENABLE/DISABLE/FORCE/NO FORCE ROW LEVEL
				 * SECURITY (old_obj NULL: a new table) */
	CH_ALTER_TABLE_OPTIONS,	/* SET (...) / RESET (...) storage
				 * parameters */
	CH_ALTER_COLUMN_IDENTITY_OPTIONS,	/* SET INCREMENT BY ... RESTART,
						 * sequence rename */
	CH_ALTER_COLUMN_COMPRESSION,	/* SET COMPRESSION (new_col) */
	CH_ALTER_COLUMN_STATISTICS,	/* SET STATISTICS (new_col); old_col
					 * NULL on a new table or column */
	CH_ALTER_COLUMN_STORAGE,	/* SET STORAGE (new_col; NULL storage:
					 * the type's own); old_col as above */
	CH_ALTER_COLUMN_EXPRESSION,	/* SET EXPRESSION AS (new_col's
					 * generated; PostgreSQL 17+) */
	CH_COMMENT,		/* on an object, column or constraint;
				 * NULL comment on `new` side: remove */
	/* MySQL only (diff/mysql_*.c) */
	CH_MODIFY_COLUMN,	/* MODIFY COLUMN with the whole new definition
				 * (type, NULL, default, comment ...) and/or
				 * a new position (change->my) */
	CH_REPLACE_INDEX,	/* DROP INDEX old_obj, ADD INDEX new_obj in
				 * one ALTER TABLE */
	CH_REPLACE_CONSTRAINT,	/* primary key or check: DROP old_con, ADD
				 * new_con in one ALTER TABLE */
	CH_CREATE_EVENT,
	CH_DROP_EVENT,
	CH_ALTER_EVENT,		/* ALTER EVENT restating all of new_obj */
	CH_ATTACH_PARTITION,	/* new_obj becomes a partition of its
				 * part_parent, FOR VALUES partbound */
	CH_DETACH_PARTITION,	/* old_obj stops being one */
	CH_INHERIT,		/* ALTER TABLE new_obj INHERIT parent */
	CH_NO_INHERIT,		/* ALTER TABLE new_obj NO INHERIT parent */
	CH_ALTER_INDEX_STATISTICS,	/* ALTER INDEX ... ALTER COLUMN n SET
					 * STATISTICS (old_obj NULL: new) */
	CH_CREATE_OPAQUE,	/* a kind carried as SQL text: its definition */
	CH_DROP_OPAQUE,		/* DROP <objtype> identity */
	CH_DEFAULT_PRIVILEGES,	/* ALTER DEFAULT PRIVILEGES for one grantee
				 * on one struct sd_default_acl (either side
				 * may be NULL: no row): change->grant */
	CH_ALTER_DATABASE,	/* MySQL: the database's default character
				 * set and collation (change->db_charset,
				 * db_collation); new_obj stands for the
				 * database (a schema object without a name) */
	CH_ALTER_REPLICA_IDENTITY,	/* ALTER TABLE new_obj REPLICA
					 * IDENTITY ... (diff_replident.c) */
	CH_ALTER_TRIGGER_STATE,	/* ALTER TABLE ... ENABLE / DISABLE TRIGGER
				 * (new_obj: the trigger) */
	CH_ATTACH_INDEX,	/* ALTER INDEX new_obj ATTACH PARTITION
				 * old_obj (diff_index.c) */
	CH__COUNT
};

/* Changes that can lose data; refused by `apply` unless allowed. */
#define CHANGE_DESTRUCTIVE 0x1
/* CH_ALTER_COLUMN_TYPE between built-in types with no assignment cast
 * and no `-- schemadiff:using` hint: diff_check_conversions() refuses it */
#define CHANGE_NO_CAST 0x2
/* CH_ALTER_SEQUENCE OWNED BY of a new sequence on a column of a table that
 * already exists (identity -> serial): the rows hold values the sequence
 * must continue after (emit writes a setval) */
#define CHANGE_SEQ_CONTINUE 0x4

struct change {
	enum change_type type;
	/* The object changed: a table for column and constraint changes.
	 * old_obj is in `from`, new_obj in `to`; either is NULL for a create
	 * or a drop. */
	const struct sd_object *old_obj, *new_obj;
	/* Column and constraint changes: the part on each side. */
	const struct sd_column *old_col, *new_col;
	const struct sd_constraint *old_con, *new_con;
	size_t index;		/* CH_ADD_ENUM_VALUE: label position in new */
	unsigned flags;		/* CHANGE_DESTRUCTIVE ... */
	/* CH_ALTER_EXTENSION, CH_ALTER_SEQUENCE: which part changes
	 * (CHANGE_EXT_*, CHANGE_SEQ_*). */
	unsigned detail;
	/* CH_ADD_ENUM_VALUE: the existing label the new one goes next to
	 * (BEFORE it when label_before, else AFTER it); NULL: at the end. */
	const char *ref_label;
	bool label_before;
	/* CH_GRANT: what to revoke and grant (diff/diff_grant.c) */
	const struct grant_change *grant;
	/* CH_INHERIT, CH_NO_INHERIT: the parent table's identity key */
	const char *parent;
	/* CH_ALTER_COLUMN_TYPE: the USING expression of a `-- schemadiff:
	 * using` hint; NULL: the column cast to the new type */
	const char *using_expr;
	/* MySQL: what a CREATE TABLE writes inline, where a column goes;
	 * NULL for PostgreSQL */
	const struct mysql_change *my;
	/* CH_ALTER_DATABASE: the new default (the collation may be NULL);
	 * MySQL CH_ALTER_TABLE_OPTIONS of a table that states no character
	 * set: the database's it takes */
	const char *db_charset, *db_collation;
};

/*
 * MySQL: CH_CREATE_TABLE lists the table's indexes and the foreign keys
 * written inside CREATE TABLE (the others are CH_ADD_CONSTRAINT changes).
 * CH_ADD_COLUMN and CH_MODIFY_COLUMN: the column goes FIRST, or AFTER the
 * column `after`; neither: where it is (MODIFY) or last (ADD). with: a key
 * change (CH_ADD_CONSTRAINT, CH_REPLACE_CONSTRAINT, CH_CREATE_INDEX,
 * CH_REPLACE_INDEX) made in the same ALTER TABLE, because the column
 * becomes AUTO_INCREMENT and MySQL wants such a column keyed.
 */
struct mysql_change {
	const struct sd_index *const *indexes;
	size_t nindexes;
	const struct sd_constraint *const *fkeys;
	size_t nfkeys;
	const char *after;
	bool first;
	const struct change *with;
};

/*
 * CH_GRANT (and CH_DEFAULT_PRIVILEGES, as ALTER DEFAULT PRIVILEGES): the
 * statements for one grantee (NULL: PUBLIC) on one object,
 * run in this order: REVOKE revoke, REVOKE GRANT OPTION FOR
 * revoke_option, GRANT grant, GRANT grant_option WITH GRANT OPTION. Each
 * list holds privileges of new_obj's (or old_obj's) grant lists, sorted.
 */
struct grant_change {
	const char *grantee;
	const struct sd_grant **revoke, **revoke_option, **grant,
		**grant_option;
	size_t nrevoke, nrevoke_option, ngrant, ngrant_option;
};

/* change->detail */
#define CHANGE_EXT_VERSION 0x1	/* ALTER EXTENSION ... UPDATE TO */
#define CHANGE_EXT_SCHEMA 0x2	/* ALTER EXTENSION ... SET SCHEMA */
#define CHANGE_DROP_ONLY 0x1	/* DROP COLUMN on ONLY the table: an
				 * inheritance child keeps it as its own;
				 * ALTER COLUMN DEFAULT / NOT NULL of a
				 * column the table inherits (ONLY) */
#define CHANGE_SEQ_OPTIONS 0x1	/* AS, INCREMENT BY, MINVALUE ... CYCLE */
#define CHANGE_SEQ_OWNED 0x2	/* OWNED BY table.column, or NONE */
#define CHANGE_DOMAIN_DEFAULT 0x1	/* ALTER DOMAIN SET / DROP DEFAULT */
#define CHANGE_DOMAIN_NOT_NULL 0x2	/* ALTER DOMAIN SET / DROP NOT NULL */
#define CHANGE_STORAGE_DEFAULT 0x1	/* CH_ALTER_COLUMN_STORAGE back to
					 * the type's: SET STORAGE DEFAULT
					 * (16+), else the storage's name */
/* CH_ALTER_TABLE_OPTIONS on MySQL: which table options change */
#define CHANGE_MY_ENGINE 0x1	/* ENGINE= */
#define CHANGE_MY_CHARSET 0x2	/* DEFAULT CHARSET= COLLATE= */
#define CHANGE_MY_ROW_FORMAT 0x4	/* ROW_FORMAT= */
#define CHANGE_MY_COMMENT 0x8	/* COMMENT= */
#define CHANGE_MY_PARTITION 0x10	/* PARTITION BY / REMOVE PARTITIONING,
					 * a change of its own */
#define CHANGE_MY_OPTIONS 0x20	/* the other options (sd_table.options) */

struct changeset {
	struct arena arena;
	const struct catalog *from, *to;
	/* PostgreSQL: the server version (server_version_num) the changes
	 * are written for, the larger catalog.pg_version of the two (a live
	 * side's server, or the target a plan is for); 0: unknown, SQL that
	 * every supported version runs */
	int pg_version;
	struct change *changes;	/* in execution order */
	size_t nchanges;
	size_t alloc;
};

/* Compute the changes from `from` to `to`. 0, or a negative SD_ERR_* with
 * err filled (e.g. a dependency cycle that cannot be broken, naming every
 * member). */
int diff_catalogs(const struct catalog *from, const struct catalog *to,
		  struct changeset **out, struct sd_error *err);
void changeset_free(struct changeset *cs);
/* Refuse a column type change that has no assignment cast and no
 * `-- schemadiff:using` hint (CHANGE_NO_CAST): SD_ERR naming the column
 * and the table's file and line; 0 when there is none
 * (diff/diff_conversions.c). */
int diff_check_conversions(const struct changeset *cs, struct sd_error *err);
static inline bool changeset_empty(const struct changeset *cs)
{
	return cs->nchanges == 0;
}
/* One line per change, for messages ("add column public.t.c",
 * "alter column public.t.c default"), appended to out. */
void changeset_describe(const struct changeset *cs, struct strbuf *out);
/* MySQL: do two views have the same definition (query text, column
 * list, CHECK OPTION, ALGORITHM and SQL SECURITY)? (diff/mysql_view.c) */
bool diff_mysql_view_same(const struct sd_view *a, const struct sd_view *b);

#endif
