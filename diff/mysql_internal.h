/*
 * diff/mysql_internal.h: what the MySQL diff files (diff/mysql_*.c) share.
 * MySQL catalogs follow docs/mysql.md: no schemas, indexes (UNIQUE keys
 * included) as struct sd_index named "table.index", the PRIMARY KEY, foreign
 * keys and checks as constraints, a column-level check named after its
 * column with ncolumns 1.
 *
 * Keys, besides those of diff/diff_internal.h: a column change modifies the
 * column's key and the table's key; an index, primary key or check needs
 * the keys of its columns; a foreign key needs (or, dropped, releases) its
 * columns on both sides and every index on either side that can serve it,
 * so that it is dropped before such an index goes and added after the one
 * it needs exists.
 *
 * Memory: struct mysql_diff is malloc'd by diff_mysql_prepare() and freed
 * by diff_mysql_release(), with its maps and the vecs they point to; keys
 * and changes live in the change set's arena.
 */
#ifndef SD_DIFF_MYSQL_INTERNAL_H
#define SD_DIFF_MYSQL_INTERNAL_H

#include "diff/diff_internal.h"

struct mysql_diff {
	/* table key -> struct vec * of the table's indexes, sorted by name,
	 * one map per side */
	struct strmap from_ix, to_ix;
	/* foreign keys of new tables that are not written in CREATE TABLE
	 * (they reference a table created later): mysql_fk_id() -> 1 */
	struct strmap fk_apart;
	/* keys (mysql_key_id()) to be made in the ALTER TABLE of a column
	 * that becomes AUTO_INCREMENT: -> that column's struct diff_item */
	struct strmap ai_hosts;
	struct vec owned;	/* the vecs above, to free */
	/* the database's default character set and collation, per side
	 * (0: from, 1: to): the catalog's own, else the other side's,
	 * else MariaDB's (latin1, latin1_swedish_ci) */
	const char *db_charset[2], *db_collation[2];
};

/* diff_mysql_kinds[] rows. */
void diff_mysql_table(struct diff_ctx *ctx, const struct sd_object *old_obj,
		      const struct sd_object *new_obj);
void diff_mysql_index(struct diff_ctx *ctx, const struct sd_object *old_obj,
		      const struct sd_object *new_obj);
void diff_mysql_view(struct diff_ctx *ctx, const struct sd_object *old_obj,
		     const struct sd_object *new_obj);
void diff_mysql_routine(struct diff_ctx *ctx, const struct sd_object *old_obj,
			const struct sd_object *new_obj);
void diff_mysql_event(struct diff_ctx *ctx, const struct sd_object *old_obj,
		      const struct sd_object *new_obj);
void diff_mysql_trigger(struct diff_ctx *ctx, const struct sd_object *old_obj,
			const struct sd_object *new_obj);
/* Ignore an object kind MySQL catalogs never hold. */
void diff_mysql_none(struct diff_ctx *ctx, const struct sd_object *old_obj,
		     const struct sd_object *new_obj);

/* The indexes of a table (by its key) on one side, sorted by name; NULL
 * when it has none. */
const struct vec *mysql_table_indexes(const struct diff_ctx *ctx, bool to_side,
				      const char *table_key);
/* Does an index or a primary key start with exactly these columns (no
 * prefix lengths), so that a foreign key on them can use it? */
bool mysql_index_covers(const struct sd_index *ix, const char *const *cols,
			size_t n);
bool mysql_con_covers(const struct sd_constraint *pk,
		      const char *const *cols, size_t n);
/* The table's PRIMARY KEY constraint, or NULL. */
const struct sd_constraint *mysql_primary_key(const struct sd_table *t);
/* A column-level check (written in the column's definition). */
bool mysql_is_column_check(const struct sd_constraint *c);
/* The column-level check of a column, or NULL. */
const struct sd_constraint *mysql_column_check(const struct sd_table *t,
					       const char *column);
/* Keys of columns of a table: a list, or the backquoted names in an
 * expression (`a` > 0). */
void mysql_key_columns(struct diff_ctx *ctx, struct diff_item *it,
		       enum diff_role role, const char *table_key,
		       const char *const *cols, size_t n);
void mysql_key_expr_columns(struct diff_ctx *ctx, struct diff_item *it,
			    enum diff_role role, const char *table_key,
			    const char *expr);
/* The identity of a foreign key for the maps above, in the change set's
 * arena. */
const char *mysql_fk_id(struct diff_ctx *ctx, const char *table_key,
			const char *name);
/* A table's character set and collation as the server applies them: its
 * own, else the database's default (old: the table is from ctx->from). */
void mysql_table_charset(const struct diff_ctx *ctx, bool old,
			 const struct sd_table *t, const char **cs,
			 const char **coll);
/* Does the column's type, character set or collation (as the server
 * applies them: NULL is the table's, then the database's) differ? ot is
 * from ctx->from, nt from ctx->to. */
bool mysql_column_retyped(const struct diff_ctx *ctx,
			  const struct sd_table *ot,
			  const struct sd_column *oc,
			  const struct sd_table *nt,
			  const struct sd_column *nc);

/* The identity of a key of a table for ai_hosts: its primary key
 * ("PRIMARY") or an index (by ixname), in the change set's arena. */
const char *mysql_key_id(struct diff_ctx *ctx, const char *table_key,
			 const char *name);
/* A new change for a key (primary key or index, named by mysql_key_id()):
 * its own, or hosted by the ALTER TABLE of a column becoming
 * AUTO_INCREMENT. Returns the item to record keys on; *chp is the change
 * to fill in (the item's own, or the hosted one). */
struct diff_item *mysql_key_change(struct diff_ctx *ctx, const char *id,
				   enum change_type type, int phase, int rank,
				   const struct sd_object *old_obj,
				   const struct sd_object *new_obj,
				   struct change **chp);
/* The key that a column losing AUTO_INCREMENT provides, early, and that
 * the drops of a table's keys need. */
void mysql_key_noauto(struct diff_ctx *ctx, struct diff_item *it,
		      enum diff_role role, const char *table_key);

/* diff/mysql_fkey.c: a foreign key added to or dropped from a kept or new
 * table (n NULL: the table goes too). The post-pass: foreign keys that do
 * not change but must be dropped and added again around a change of a
 * column or an index they need. */
void mysql_fk_add(struct diff_ctx *ctx, const struct sd_object *o,
		  const struct sd_object *n, const struct sd_constraint *c);
void mysql_fk_drop(struct diff_ctx *ctx, const struct sd_object *o,
		   const struct sd_object *n, const struct sd_constraint *c);
/* The referenced side's keys (table, columns, the indexes that serve
 * it) of a foreign key of table, on the `to` side or the `from` side;
 * nothing for a reference to the table itself or to another database. */
void mysql_fk_ref_keys(struct diff_ctx *ctx, struct diff_item *it,
		       enum diff_role role, bool to_side,
		       const struct sd_object *table,
		       const struct sd_constraint *c);
void mysql_fk_refresh(struct diff_ctx *ctx);

#endif
