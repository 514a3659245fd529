/*
 * model/catalog.h: the in-memory catalog that every source becomes (SQL
 * files, a schema root replayed to a version, a live database), and that
 * diff/ compares.
 *
 * Memory: a catalog owns one arena. Every object, name, expression string and
 * array in it is allocated there; catalog_free() is the only free. Pointers
 * into a catalog stay valid until it is freed (dropping an object only
 * unlinks it).
 *
 * Canonical form: whoever fills a catalog stores names unquoted (as the
 * server stores them, after case folding), types as format_type() prints
 * them, expressions as one deparser prints them. Two catalogs built from the
 * same schema written two ways compare equal field by field.
 *
 * Identity: an object's key is made from its kind's namespace and its
 * qualified name (catalog_key()); objects are matched across catalogs by key.
 * Tables, views, sequences and indexes share PostgreSQL's relation namespace
 * (one name per schema), as pg_class does.
 */
#ifndef SD_CATALOG_H
#define SD_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/sqlquote.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/vec.h"

/*
 * Object kinds. The order is the creation priority used to break ties
 * (pg_dump's recipe: kind priority, then schema, then name). A new kind gets
 * a row here, a row in model/kinds.c, and one small file per stage.
 */
enum sd_kind {
	SD_SCHEMA,
	SD_EXTENSION,
	SD_COLLATION,	/* PostgreSQL CREATE COLLATION */
	SD_TYPE,
	SD_SEQUENCE,
	SD_TABLE,
	SD_INDEX,
	SD_VIEW,
	SD_MATVIEW,	/* materialized views */
	SD_FUNCTION,	/* functions and procedures, by signature */
	SD_TRIGGER,
	SD_POLICY,	/* row level security policies, "table.policy" */
	SD_DEFAULT_ACL,	/* ALTER DEFAULT PRIVILEGES: sd_default_acl */
	SD_OPAQUE,	/* PostgreSQL kinds carried as SQL text: sd_opaque */
	SD_EVENT,	/* MySQL scheduled events */
	SD_KIND__COUNT
};

/*
 * One privilege granted on an object (or on one of a table's columns) to a
 * role or to PUBLIC, as aclexplode() lists it: privilege in upper case
 * ("SELECT", "USAGE", "EXECUTE" ...).
 */
/* The grantee that stands for an object's owner (CURRENT_USER in desired
 * files, relowner and the like live). Its entries are the other way
 * round: the privileges the owner has lost (its kind's ALL that
 * REVOKE ... FROM the owner took away), so that an object whose owner
 * holds everything, as made, has none. */
#define SD_GRANTEE_OWNER "\001owner"

struct sd_grant {
	const char *grantee;	/* role name; NULL: PUBLIC; SD_GRANTEE_OWNER */
	const char *column;	/* column privilege; NULL: the whole object */
	const char *privilege;
	bool grant_option;
};

/* What every catalog object starts with. */
struct sd_object {
	enum sd_kind kind;
	const char *schema;	/* NULL for schemas and extensions */
	const char *name;
	const char *key;	/* identity key, see catalog_key() */
	const char *comment;	/* COMMENT ON ... IS; NULL when none */
	/* GRANTs to roles other than the owner (the owner's own privileges
	 * are not modelled), sorted by object_grant_sort(); see struct
	 * sd_grant. acl_set: the privileges are no longer the kind's
	 * defaults (functions and types start with EXECUTE / USAGE to PUBLIC
	 * until a GRANT or REVOKE names them). */
	struct sd_grant *grants;
	size_t ngrants, grants_alloc;
	bool acl_set;
	const char **deps;	/* identity keys of objects this one needs */
	size_t ndeps, deps_alloc;
	const char *file;	/* where it was defined (NULL: introspected) */
	int line;
	unsigned serial;	/* order of creation within the catalog */
};

struct sd_schema {
	struct sd_object base;
};

struct sd_extension {
	struct sd_object base;
	const char *ext_schema;	/* WITH SCHEMA; NULL when not given */
	const char *version;	/* VERSION; NULL when not given */
};

/*
 * A PostgreSQL collation (CREATE COLLATION). provider is 'c' (libc) or 'i'
 * (icu), as pg_collation.collprovider. For libc, lc_collate and lc_ctype
 * (both always set); for icu, locale (colliculocale). CREATE COLLATION
 * ... FROM is resolved by the parser into the options of the source when
 * it is a user collation; from a built-in one (FROM "C") the options are
 * those the server gives the copy (see parser/pg/pg_collation.c). The
 * version (collversion) is not part of the definition.
 */
struct sd_collation {
	struct sd_object base;
	char provider;
	bool deterministic;
	const char *locale;	/* icu; builtin (PostgreSQL 17+) */
	const char *rules;	/* icu: tailoring rules (16+); NULL: none */
	const char *lc_collate, *lc_ctype;	/* libc */
};

enum sd_typtype {
	SD_TYPTYPE_ENUM = 'e',
	SD_TYPTYPE_DOMAIN = 'd',
	SD_TYPTYPE_COMPOSITE = 'c',
	SD_TYPTYPE_RANGE = 'r',
};

struct sd_type {
	struct sd_object base;
	char typtype;		/* enum sd_typtype */
	const char **labels;	/* enum: labels in order */
	size_t nlabels, labels_alloc;
	/* domain: the base type; range: the subtype (format_type() text) */
	const char *base_type;
	/* domain, range: explicit COLLATE as SQL text; NULL: the base's */
	const char *collation;
	/* domain: DEFAULT (canonical expression), NOT NULL, and the CHECK
	 * constraints (type 'c', with expr, not_valid, comment) in creation
	 * order, named as the server names them */
	const char *default_expr;
	bool not_null;
	/* domain NOT NULL: the constraint's name when the SQL gave one
	 * (PostgreSQL 17+ keeps it in pg_constraint, contype 'n'); NULL:
	 * the server's default name (<domain>_not_null) */
	const char *not_null_name;
	struct sd_constraint *checks;
	size_t nchecks, checks_alloc;
	/* composite: attributes in order (name, type, collation only) */
	struct sd_column *attrs;
	size_t nattrs, attrs_alloc;
	/* range: options as SQL text (function and opclass names qualified
	 * unless in pg_catalog); NULL: the default. multirange is always
	 * set: the name the server chooses when none is given */
	const char *subtype_opclass, *canonical, *subtype_diff;
	const char *multirange;
};

struct sd_sequence {
	struct sd_object base;
	const char *type;	/* "bigint" (default), "integer", "smallint" */
	int64_t start, increment, minvalue, maxvalue, cache;
	bool cycle;
	/* OWNED BY table.column (the table is in the sequence's schema) */
	const char *owned_table, *owned_column;
};

enum sd_identity {
	SD_IDENTITY_NONE = 0,
	SD_IDENTITY_ALWAYS = 'a',
	SD_IDENTITY_BY_DEFAULT = 'd',
};

/* MySQL: a column's collation when it is the BINARY attribute in a table
 * whose character set is the database's (unknown offline): the _bin
 * collation of that character set; emit writes BINARY. */
#define MY_BIN_OF_DEFAULT "_bin"

struct sd_column {
	const char *name;
	const char *type;	/* SQL text: format_type() name for built-in
				 * types ("character varying(20)", "integer[]"),
				 * schema-qualified and quoted for user types */
	const char *collation;	/* explicit COLLATE as SQL text; NULL: default */
	const char *default_expr;	/* canonical expression; NULL: none */
	const char *generated;	/* GENERATED ALWAYS AS (expr) STORED (or
				 * VIRTUAL when gen_virtual); NULL */
	char identity;		/* enum sd_identity */
	bool not_null;
	/* PostgreSQL 18: NOT NULL is a constraint of its own (pg_constraint
	 * contype 'n'): NO INHERIT and NOT VALID on it; its name is in
	 * not_null_name (NULL: the server's default, <table>_<col>_not_null) */
	bool not_null_no_inherit;
	bool not_null_not_valid;
	/* (the flags below are kept next to these two: a catalog holds a
	 * column per table column, so padding counts at 5,000 tables) */
	bool id_cycle;		/* identity: CYCLE */
	/* PostgreSQL: SET COMPRESSION method ("pglz", "lz4"; NULL: the
	 * server's default_toast_compression) and SET STATISTICS target as
	 * text ("500"; NULL: the default, -1) */
	const char *compression;
	const char *statistics;
	/* PostgreSQL: SET STORAGE ("plain", "external", "extended",
	 * "main"); NULL: the type's own typstorage (see
	 * sd_pg_type_storage()) */
	const char *storage;
	const char *not_null_name;
	/* gen_virtual: generated is VIRTUAL (MySQL; PostgreSQL 18+), else
	 * STORED. MySQL only (zero for PostgreSQL), see docs/mysql.md: charset is an explicit
	 * CHARACTER SET (NULL: the table's); on_update the ON UPDATE
	 * expression as the server prints it ("current_timestamp()"). */
	bool gen_virtual;
	bool auto_increment;
	bool invisible;
	const char *comment;
	/* identity: the sequence's options, explicit as the server fills them
	 * (as struct sd_sequence); id_seqname is the sequence's name (in the
	 * table's schema), the server's default name when none was given */
	const char *id_seqname;
	int64_t id_start, id_increment, id_minvalue, id_maxvalue, id_cache;
	const char *charset;	/* MySQL only, see above */
	const char *on_update;	/* MySQL only, see above */
};

enum sd_contype {
	SD_CON_PRIMARY = 'p',
	SD_CON_UNIQUE = 'u',
	SD_CON_FOREIGN = 'f',
	SD_CON_CHECK = 'c',
	SD_CON_EXCLUDE = 'x',
};

/* Foreign key actions and match types, as pg_constraint spells them. */
enum sd_fk_action {
	SD_FK_NO_ACTION = 'a',
	SD_FK_RESTRICT = 'r',
	SD_FK_CASCADE = 'c',
	SD_FK_SET_NULL = 'n',
	SD_FK_SET_DEFAULT = 'd',
};

enum sd_fk_match {
	SD_FK_MATCH_SIMPLE = 's',
	SD_FK_MATCH_FULL = 'f',
	SD_FK_MATCH_PARTIAL = 'p',
};

struct sd_constraint {
	const char *name;	/* always set: the server's default name when
				 * the SQL gave none (t_pkey, t_a_fkey ...) */
	char type;		/* enum sd_contype */
	const char **columns;	/* key columns: p, u, f */
	size_t ncolumns;
	unsigned *sub_parts;	/* MySQL p: each column's prefix length
				 * (0: whole), NULL when none has one */
	const char **include;	/* p, u: INCLUDE columns */
	size_t ninclude;
	bool nulls_not_distinct;	/* u */
	const char *expr;	/* c: canonical expression, without the outer
				 * CHECK ( ); MySQL: a column-level CHECK
				 * (MariaDB's, `a int CHECK (a > 0)`, and
				 * JSON's json_valid()) has columns = { that
				 * column }, ncolumns 1 */
	const char *written;	/* c, PostgreSQL: the expression as the SQL
				 * wrote it when expr (its offline canonical
				 * form) differs: what emit sends to a
				 * server; never compared */
	/* f: the referenced table and columns */
	const char *ref_schema, *ref_table;
	const char **ref_columns;
	size_t nref_columns;
	char on_update, on_delete;	/* enum sd_fk_action */
	char match;		/* enum sd_fk_match */
	bool deferrable, deferred;
	bool not_valid;
	bool no_inherit;	/* c */
	/* PostgreSQL 18: c, f NOT ENFORCED; p, u: the last key column is
	 * WITHOUT OVERLAPS; f: the last columns and ref_columns are PERIOD */
	bool not_enforced;
	bool without_overlaps;
	bool period;
	const char *comment;
	/* x: EXCLUDE USING excl_method (excl_elems[i] WITH excl_ops[i], ...)
	 * INCLUDE (include) WHERE (excl_where); excl_method NULL when only
	 * expr holds the server's whole definition */
	const char *excl_method;
	struct sd_index_elem *excl_elems;
	const char **excl_ops;	/* operator names as the server prints them */
	size_t nexcl;
	const char *excl_where;
};

struct sd_table {
	struct sd_object base;
	struct sd_column *columns;	/* in attnum order */
	size_t ncolumns, columns_alloc;
	struct sd_constraint *constraints;	/* in creation order */
	size_t nconstraints, constraints_alloc;
	bool unlogged;
	/* WITH (storage parameters): "name=value" as pg_class.reloptions
	 * holds them, in its order */
	const char **reloptions;
	size_t nreloptions;
	bool rls_enabled, rls_forced;	/* relrowsecurity, relforcerowsecurity */
	/* PostgreSQL REPLICA IDENTITY (relreplident): 0 DEFAULT, 'f' FULL,
	 * 'n' NOTHING, 'i' USING INDEX replident_index (an index of the
	 * table or the name of its primary key / unique constraint) */
	char replident;
	const char *replident_index;
	/* Partitioning. partkey: what follows PARTITION BY; PostgreSQL: as
	 * pg_get_partkeydef() prints it ("RANGE (a)"); MySQL: the whole
	 * partitioning clause as SHOW CREATE TABLE prints it, without the
	 * version comment. NULL: not partitioned. */
	const char *partkey;
	/* PostgreSQL: a partition (PARTITION OF part_parent, in
	 * part_parent_schema, FOR VALUES partbound as pg_get_expr() of
	 * relpartbound prints it: "FOR VALUES FROM (1) TO (10)",
	 * "DEFAULT"); NULL: not a partition. */
	const char *part_parent_schema, *part_parent;
	const char *partbound;
	/* PostgreSQL: INHERITS parents as identity keys of tables, in
	 * order (not for partitions) */
	const char **inherits;
	size_t ninherits;
	/* A partition or inheritance child holds only what is its own
	 * (attislocal, conislocal: declared in it, or merged with a
	 * parent's); inherited columns and constraints stay with the
	 * parent, and a partition's index that belongs to a partitioned
	 * index is no object of its own. partkey, partbound: the parser
	 * keeps bound literals as written (the server prints them
	 * converted to the key's type). */
	/* PostgreSQL: a partition's or inheritance child's own default and
	 * NOT NULL on columns it inherits (attislocal false), one entry per
	 * column where they differ from what its parents give
	 * (table_parent_column()): default_expr is the child's (NULL: none
	 * while the parent has one), not_null the child's; only name,
	 * default_expr and not_null are used (model/inhcol.c) */
	struct sd_column *inh_columns;
	size_t ninh_columns;
	/* MySQL table options (NULL for PostgreSQL), see docs/mysql.md:
	 * engine ("InnoDB"), charset and collation (the table's defaults),
	 * row_format (NULL: DEFAULT). The table comment is base.comment. */
	const char *engine;
	const char *charset;
	const char *collation;
	const char *row_format;
	/* the other storage options SHOW CREATE TABLE prints
	 * (sd_mysql_table_option()): "KEY=VALUE ..." sorted by key, NULL
	 * when none */
	const char *options;
};

struct sd_index_elem {
	const char *column;	/* a plain column, or NULL */
	const char *expr;	/* otherwise a canonical expression */
	const char *collation;	/* NULL: default */
	const char *opclass;	/* NULL: default */
	bool desc;
	char nulls;		/* 0: the default for the direction; 'f' NULLS
				 * FIRST, 'l' NULLS LAST only when they differ
				 * from that default */
	unsigned sub_part;	/* MySQL: prefix length, (col(10)); 0: none */
	/* PostgreSQL index column: ALTER INDEX ... ALTER COLUMN n SET
	 * STATISTICS target as text; NULL: the default (-1) */
	const char *statistics;
};

/* A CREATE INDEX. Indexes that back a primary key or unique constraint are
 * part of the constraint, not separate objects (as in pg_dump).
 * MySQL (index names are unique per table): base.name is "table.index",
 * ixname the index's own name; a UNIQUE key is an index (unique), only the
 * PRIMARY KEY is a constraint; method is "btree" (the default, also when
 * written USING BTREE), "hash", "fulltext" or "spatial". */
struct sd_index {
	struct sd_object base;	/* schema: the table's schema */
	const char *table;	/* in the same schema */
	const char *ixname;	/* MySQL: the name within the table; NULL
				 * for PostgreSQL (base.name) */
	const char *method;	/* "btree" when not given */
	/* MySQL: an index the optimizer does not use, as the server spells
	 * it: "IGNORED" (MariaDB 10.6+) or "INVISIBLE" (MySQL 8); NULL:
	 * used (the default) */
	const char *hidden;
	bool unique;
	bool nulls_not_distinct;
	struct sd_index_elem *elems;
	size_t nelems;
	const char **include;
	size_t ninclude;
	const char *predicate;	/* WHERE; NULL when none */
	/* WITH (storage parameters): "name=value" as pg_class.reloptions
	 * holds them, in its order */
	const char **reloptions;
	size_t nreloptions;
	/* PostgreSQL, parser only (never compared): the identity keys of
	 * the partitions' indexes that ALTER INDEX ... ATTACH PARTITION
	 * made part of this partitioned index; a plan attaches such an
	 * index where it stands alone instead of dropping it */
	const char **attached;
	size_t nattached;
};

enum sd_check_option {
	SD_CHECK_NONE = 0,
	SD_CHECK_LOCAL = 'l',
	SD_CHECK_CASCADED = 'c',
};

/*
 * The columns a view's or materialized view's query reads, by name,
 * whatever relation they belong to (PostgreSQL's rule: a view depends on
 * the columns it references, pg_depend refobjsubid; a whole-row reference
 * pins none). all: a `*`, a NATURAL join or a column alias list reads
 * every column of the relations. known false: not computed (every column
 * counts). diff/ re-creates a view over a table whose column changes only
 * when the view reads that column.
 */
struct sd_colreads {
	const char **names;
	size_t nnames;
	bool all, known;
};

/*
 * What a view's or materialized view's columns carry apart from the query
 * (model/viewcol.c): COMMENT ON COLUMN (comment) and, views only, ALTER
 * VIEW ... ALTER COLUMN ... SET DEFAULT (default_expr, as the parser or
 * pg_get_expr() gives it); only name, comment and default_expr of each
 * struct sd_column are used. A column with neither is left out, in the
 * order first named (the parser) or by attnum (introspection).
 */
struct sd_viewcols {
	struct sd_column *cols;
	size_t n, alloc;
};

struct sd_view {
	struct sd_object base;
	struct sd_viewcols notes;
	struct sd_colreads reads;
	const char *query;	/* canonical SELECT text, no trailing ';' */
	/* MySQL: the query as the file wrote it where the canonical text
	 * left out its strings' charset introducers (as VIEW_DEFINITION
	 * does): what goes to a server; NULL: query */
	const char *written;
	const char **columns;	/* explicit column names, or NULL */
	size_t ncolumns;
	char check_option;	/* enum sd_check_option */
	/* WITH (options) as pg_class.reloptions holds them
	 * ("security_barrier=true"); MySQL: "algorithm=MERGE",
	 * "sql_security=INVOKER", only where not the default
	 * (UNDEFINED, DEFINER) */
	const char **options;
	size_t noptions;
};

/* A materialized view. WITH [NO] DATA is not part of the definition (it is
 * a state of the data); indexes on it are struct sd_index objects whose
 * table names it. */
struct sd_matview {
	struct sd_object base;
	struct sd_viewcols notes;	/* comments only */
	struct sd_colreads reads;
	const char *query;	/* canonical SELECT text, no trailing ';' */
	const char **columns;	/* explicit column names, or NULL */
	size_t ncolumns;
	/* WITH (storage parameters): "name=value" as pg_class.reloptions
	 * holds them, in its order; changed by ALTER MATERIALIZED VIEW ...
	 * SET / RESET, not by making it again */
	const char **reloptions;
	size_t nreloptions;
};

/*
 * A function or procedure. base.name is the name followed by the identity
 * argument types, "add(integer, text)" (overloads are distinct objects);
 * fname is the bare name. definition is the whole CREATE OR REPLACE
 * statement, schema-qualified, without the final ';': from the parser the
 * deparser's text of the statement (body kept verbatim), from a server
 * pg_get_functiondef(). Two functions are equal when their definitions
 * are; args, result and is_procedure decide whether CREATE OR REPLACE can
 * turn one into the other.
 */
struct sd_function {
	struct sd_object base;
	const char *fname;
	bool is_procedure;
	const char *identity_args;	/* "integer, text" */
	const char *args;	/* with names, modes and defaults */
	const char *result;	/* NULL for a procedure */
	const char *definition;
	const char *sql_mode;	/* MySQL, see sd_mysql_sql_mode() */
	/* MySQL: the client character set and connection collation it was
	 * created with (see sd_mysql_charset_same()) */
	const char *cs_client, *coll_connection;
	/* PostgreSQL: the columns a SQL-standard body (RETURN, BEGIN
	 * ATOMIC) reads, as for views (known: it has such a body) */
	struct sd_colreads reads;
};

/*
 * A trigger. base.name is "table.trigger" (a trigger's name is unique per
 * table); table and tgname the parts. definition is the CREATE [CONSTRAINT]
 * TRIGGER statement without the final ';', the table and function
 * schema-qualified (pg_get_triggerdef() on a server).
 */
struct sd_trigger {
	struct sd_object base;
	const char *table;	/* in the trigger's schema */
	const char *tgname;
	bool constraint;
	/* PostgreSQL tgenabled: 0 (or 'O') enabled, 'D' DISABLE, 'R'
	 * ENABLE REPLICA, 'A' ENABLE ALWAYS (ALTER TABLE ... TRIGGER) */
	char enabled;
	const char *definition;
	const char *sql_mode;	/* MySQL, see sd_mysql_sql_mode() */
	/* MySQL: the client character set and connection collation it was
	 * created with (see sd_mysql_charset_same()) */
	const char *cs_client, *coll_connection;
};

/* polcmd */
enum sd_polcmd {
	SD_POLCMD_ALL = '*',
	SD_POLCMD_SELECT = 'r',
	SD_POLCMD_INSERT = 'a',
	SD_POLCMD_UPDATE = 'w',
	SD_POLCMD_DELETE = 'd',
};

/*
 * A row level security policy. base.name is "table.policy" (a policy's
 * name is unique per table); table and polname the parts. roles are sorted
 * role names, "public" for PUBLIC (also when no TO was given).
 */
struct sd_policy {
	struct sd_object base;
	const char *table;	/* in the policy's schema */
	const char *polname;
	bool restrictive;
	char command;		/* enum sd_polcmd */
	const char **roles;
	size_t nroles;
	const char *using_expr;	/* canonical expression; NULL: none */
	const char *check_expr;	/* WITH CHECK; NULL: none */
};

/* defaclobjtype: what kind of object a default ACL is for */
enum sd_defacl_objtype {
	SD_DEFACL_TABLES = 'r',	/* tables, views, materialized views */
	SD_DEFACL_SEQUENCES = 'S',
	SD_DEFACL_FUNCTIONS = 'f',	/* functions and procedures */
	SD_DEFACL_TYPES = 'T',	/* types and domains */
	SD_DEFACL_SCHEMAS = 'n',
};

/*
 * Default privileges (ALTER DEFAULT PRIVILEGES), one object per row of
 * pg_default_acl: the owner role (defaclrole), the schema (base.schema,
 * IN SCHEMA; NULL: global) and the kind of object (objtype). base.name is
 * made by sd_default_acl_name() from objtype and role, so that the key is
 * unique per row.
 *
 * role NULL means the current user: the role that runs the SQL (no FOR
 * ROLE in the files; introspection stores the connected user as NULL too),
 * so that a plan written offline names no role it cannot know.
 *
 * base.grants hold the ACL less the owner role's own entries (ownership
 * is not modelled, as for object grants), column always NULL. A global
 * row holds the whole ACL that replaces the built-in default
 * (sd_default_acl_builtin(): EXECUTE on functions and USAGE on types to
 * PUBLIC); a per-schema row only what it adds to the global one. An
 * object exists only when its grants differ from what no row means (the
 * built-in default for a global row, nothing for a per-schema row).
 */
struct sd_default_acl {
	struct sd_object base;
	const char *role;	/* FOR ROLE; NULL: the current user */
	char objtype;		/* enum sd_defacl_objtype */
};

/*
 * An object of a PostgreSQL kind that is carried as SQL text rather than
 * modelled field by field (aggregates, operators, rules, extended
 * statistics, publications ...: the rows of sd_opaque_kinds[],
 * model/opaque.c). base.name is "<objtype> <identity>" without the schema
 * ("AGGREGATE agg(integer)", "RULE r ON t"), so that kinds never share a
 * key. identity is what follows DROP <objtype> (qualified and quoted as
 * format_type()/the server's deparsers print it). definition is the SQL
 * that makes it, without the final ';': the statements as written (from a
 * file: its CREATE and the ALTER, COMMENT ... that add to it, in order),
 * or as the server's catalog renders them (introspection). canon is what
 * is compared: offline the deparsed statements (the CREATE first, the rest
 * sorted), live the server's rendering. A change of definition is a drop
 * and a create.
 */
struct sd_opaque {
	struct sd_object base;
	const char *objtype;	/* "AGGREGATE", "TEXT SEARCH CONFIGURATION" */
	const char *identity;
	const char *definition;
	const char *canon;
	int kind;		/* row of sd_opaque_kinds[] */
	/* a rule: the columns its condition and actions read, as for
	 * views (known: a rule read so) */
	struct sd_colreads reads;
};

/* One kind carried as struct sd_opaque. early: created after functions
 * and types and before relations (what tables, indexes and views may
 * use: operators, text search configurations, foreign tables ...), else
 * after every modelled kind (rules, statistics, publications ...).
 * schema: its objects live in a schema. */
struct sd_opaque_kind {
	const char *objtype;
	bool early;
	bool schema;
};

/* sd_event.status */
enum sd_event_status {
	SD_EVENT_ENABLED = 'E',
	SD_EVENT_DISABLED = 'D',
	SD_EVENT_SLAVESIDE_DISABLED = 'S',	/* DISABLE ON SLAVE */
};

/*
 * A MySQL event (CREATE EVENT), see docs/mysql.md. schema NULL; the COMMENT
 * is base.comment (NULL when none or empty). The schedule is either at
 * (ONE TIME) or every + unit (RECURRING). at, starts and ends are SQL text:
 * a quoted datetime literal as information_schema.EVENTS prints it
 * ('2035-01-01 00:00:00'), or, from the parser only, an expression as
 * written; starts is NULL when it was not given (the server's default,
 * the creation time, is not modelled). every is INTERVAL_VALUE as the
 * server prints it ("1", "'1 4'"), unit INTERVAL_FIELD ("DAY",
 * "DAY_HOUR"). body is the DO part verbatim (EVENT_DEFINITION; the parser:
 * as written, trimmed). definition is the canonical statement made from
 * all of these by sd_event_format(); two events are equal when their
 * definitions are.
 */
struct sd_event {
	struct sd_object base;
	const char *at;
	const char *every, *unit;
	const char *starts, *ends;
	bool preserve;		/* ON COMPLETION PRESERVE */
	char status;		/* enum sd_event_status */
	const char *body;
	const char *definition;
	const char *sql_mode;	/* see sd_mysql_sql_mode() */
	/* the client character set and connection collation it was
	 * created with (see sd_mysql_charset_same()) */
	const char *cs_client, *coll_connection;
};

/* A MySQL-family server: flavor and version number as the server writes
 * it in versioned comments (10.11.6 is 101106, 8.0.36 is 80036); version
 * 0 means the flavor's newest release we know. */
enum sd_mysql_flavor { SD_FLAVOR_MARIADB = 0, SD_FLAVOR_MYSQL = 1 };
struct sd_mysql_target {
	enum sd_mysql_flavor flavor;
	long version;
};

struct catalog {
	struct arena arena;
	enum sql_dialect dialect;
	struct strmap objects;	/* key -> struct sd_object * (live ones) */
	struct sd_object **all;	/* every object ever added, in order */
	size_t nall, all_alloc;
	unsigned next_serial;
	/* a catalog whose objects this one lists too (catalog_adopt()),
	 * freed with it; NULL when none */
	struct catalog *owned;
	/* SQL_MYSQL: the server whose rules the parser follows for
	 * versioned comments (the root's system-type or the target's
	 * flavor and version); zero: MariaDB 10.11 */
	struct sd_mysql_target mysql_target;
	/* SQL_POSTGRES: the server version the catalog is for
	 * (server_version_num): introspection's server, or the target a
	 * desired file is read for, where the meaning of SQL depends on it
	 * (GRANT ALL on a relation holds MAINTAIN from 17 on); 0: unknown,
	 * read as 15 */
	int pg_version;
	/* SQL_MYSQL: the database's default character set and collation
	 * (CREATE/ALTER DATABASE in a file, information_schema.SCHEMATA
	 * live); NULL: not said (diff then takes the other side's, else
	 * MariaDB's latin1/latin1_swedish_ci, see docs/mysql.md) */
	const char *mysql_db_charset;
	const char *mysql_db_collation;
	/* PostgreSQL desired files: their DO blocks (roles made
	 * idempotently and the like), each ending ";\n", in file order;
	 * run before the rest on a scratch database and on apply, never
	 * diffed; NULL when none */
	const char *pre_sql;
	/* PostgreSQL desired files: the `-- schemadiff:using EXPR` hints
	 * next to columns (a conversion for a type change that has no
	 * assignment cast), never compared; see struct sd_using_hint */
	struct sd_using_hint *using_hints;
	/* PostgreSQL files: syntax newer than PostgreSQL 13 that they use,
	 * the first use of each feature in each file, in reading order
	 * (parser/pg/pg_features.c); NULL when none */
	struct sd_pg_feature_use *pg_uses;
};

/* One use of a PostgreSQL feature (parser/pg/pg_features.c): its name
 * for messages ("WITHOUT OVERLAPS"), the server_version_num that added
 * it, and where the SQL uses it. In the catalog's arena. */
struct sd_pg_feature_use {
	const char *feature;
	int since;
	const char *file;
	int line, col;
	/* binds only where the SQL runs as written (a version file):
	 * emit/ writes it for every version */
	bool script_only;
	struct sd_pg_feature_use *next;
};

/* One `-- schemadiff:using EXPR` hint: the column it stands next to, the
 * expression (the USING of ALTER COLUMN ... TYPE), and where it was
 * written. Allocated in the catalog's arena. */
struct sd_using_hint {
	const char *schema, *table, *column;
	const char *expr;
	const char *file;
	int line;
	struct sd_using_hint *next;
};

/* Lifecycle. */
struct catalog *catalog_new(enum sql_dialect dialect);
void catalog_free(struct catalog *cat);

/* Kind names for messages ("table", "index" ...), and back. */
const char *sd_kind_name(enum sd_kind kind);
int sd_kind_from_name(const char *name);	/* -1 when unknown */

/*
 * The identity key of (kind, schema, name), allocated in the catalog's arena.
 * Relations (table, view, sequence, index) share one namespace.
 */
const char *catalog_key(struct catalog *cat, enum sd_kind kind,
			const char *schema, const char *name);
/* The same key, appended to a strbuf (no allocation in the catalog). */
void sd_key_format(struct strbuf *out, enum sd_kind kind, const char *schema,
		   const char *name);

/*
 * Add a new object of the given kind: allocates the kind's struct, zeroed,
 * with base filled in (names copied into the arena). Returns NULL when an
 * object with the same key exists (the caller reports the conflict).
 */
void *catalog_add(struct catalog *cat, enum sd_kind kind, const char *schema,
		  const char *name);
/*
 * List an object of another catalog in this one, as it is (no copy): for
 * a catalog assembled from parts of others. The object's catalog must
 * outlive cat (or be cat->owned). Nothing happens when the key is taken.
 */
void catalog_adopt(struct catalog *cat, struct sd_object *obj);
/* Free other when cat is freed (for the catalogs cat adopted from). */
void catalog_own(struct catalog *cat, struct catalog *other);
/* The live object with that key, or NULL. */
struct sd_object *catalog_lookup(const struct catalog *cat, const char *key);
/* The live object of that kind and name, or NULL (a relation of another
 * relation kind does not match). */
void *catalog_find(const struct catalog *cat, enum sd_kind kind,
		   const char *schema, const char *name);
/* Unlink an object: it is no longer found or listed. Memory stays. */
void catalog_remove(struct catalog *cat, struct sd_object *obj);
/* Give an object a new schema and/or name (NULL keeps the old one).
 * Returns -1 when the new key is taken. */
int catalog_rename(struct catalog *cat, struct sd_object *obj,
		   const char *new_schema, const char *new_name);
/* Live objects of a kind (or of every kind when kind < 0), sorted by
 * (kind, schema, name), appended to out. */
void catalog_list(const struct catalog *cat, int kind, struct vec *out);
/* Number of live objects. */
size_t catalog_count(const struct catalog *cat);

/* A dependency on a type the catalog does not hold but that names a
 * table, view or materialized view (its row type, read before the
 * relation was) becomes one on the relation. Run once all is loaded. */
void catalog_resolve_rowtype_deps(struct catalog *cat);
/* Record that obj needs the object whose key is dep (no duplicates). */
void catalog_add_dep(struct catalog *cat, struct sd_object *obj,
		     const char *dep);
/* Privileges (struct sd_grant). Grantee NULL is PUBLIC; column NULL is the
 * whole object. object_grant adds the privilege, or gives an existing one
 * the grant option; object_revoke removes it (option_only: only its grant
 * option). Both keep the list sorted (grantee with PUBLIC first, column
 * with the object first, privilege). */
struct sd_grant *object_find_grant(const struct sd_object *obj,
				   const char *grantee, const char *column,
				   const char *privilege);
void object_grant(struct catalog *cat, struct sd_object *obj,
		  const char *grantee, const char *column,
		  const char *privilege, bool grant_option);
void object_revoke(struct sd_object *obj, const char *grantee,
		   const char *column, const char *privilege,
		   bool option_only);
/* Forget the privileges on a column (dropped), or move them (renamed:
 * new_name not NULL). */
void object_column_grants(struct catalog *cat, struct sd_object *obj,
			  const char *column, const char *new_name);
/* The privilege a kind gives PUBLIC until its ACL is first changed
 * ("EXECUTE" for functions, "USAGE" for types), or NULL. */
const char *sd_kind_public_default(enum sd_kind kind);
/* Before a GRANT or REVOKE: turn the kind's implicit defaults into
 * explicit grants (once; sets acl_set). */
void object_grants_materialize(struct catalog *cat, struct sd_object *obj);
/* Compare two grants in list order (for sorting and merging). */
int sd_grant_cmp(const struct sd_grant *a, const struct sd_grant *b);

/* Default privileges (model/default_acl.c). The name of the object for
 * (role, objtype): "tables" for the current user, "tables for role r"
 * otherwise; the keyword of objtype in SQL ("TABLES"), NULL when
 * unknown; the objtype that applies to objects of a kind (-1: none);
 * the privileges an objtype takes, NULL terminated. */
void sd_default_acl_name(struct strbuf *out, const char *role, char objtype);
const char *sd_default_acl_keyword(char objtype);
int sd_default_acl_objtype_of(enum sd_kind kind);
const char *const *sd_default_acl_privs(char objtype);
/* The privilege PUBLIC has when no global row exists ("EXECUTE",
 * "USAGE"), or NULL; per-schema rows start from nothing. */
const char *sd_default_acl_builtin(const struct sd_default_acl *d);
/* The default ACL object, or NULL. */
struct sd_default_acl *catalog_find_default_acl(const struct catalog *cat,
						const char *role,
						const char *schema,
						char objtype);
/* Find or add it (a new one holds the built-in default). */
struct sd_default_acl *catalog_get_default_acl(struct catalog *cat,
					       const char *role,
					       const char *schema,
					       char objtype);
/* Whether d holds only what no row at all would mean (see above). */
bool sd_default_acl_is_default(const struct sd_default_acl *d);
/* The privileges a new object of obj's kind in obj's schema gets from the
 * default ACLs of cat for role (NULL: the current user), besides the
 * owner's: appended to out as struct sd_grant * (pointing into cat, or
 * to static built-in entries). Returns false when no default ACL applies
 * (the kind's built-in defaults hold: acl_set stays false). */
bool catalog_default_grants(const struct catalog *cat,
			    const struct sd_object *obj, const char *role,
			    struct vec *out);

/* Copy a string into the catalog's arena. */
const char *catalog_strdup(struct catalog *cat, const char *s);
/*
 * MySQL: the sql_mode a routine, trigger or event runs with (the session's
 * when it was created: SET sql_mode before it in a dump, SQL_MODE of
 * information_schema live) in one spelling: upper case, the modes sorted,
 * comma-separated, in the catalog's arena. NULL when a file does not say
 * (that compares equal to any mode).
 */
const char *sd_mysql_sql_mode(struct catalog *cat, const char *mode);
/*
 * MySQL table options kept as key=value (docs/mysql.md): is key (any case)
 * one of them? And options with key set to value (NULL, DEFAULT or the
 * reset value below: the key removed, as the server then prints
 * nothing), in the catalog's
 * arena: keys upper case, values as written (upper case unless quoted).
 */
bool sd_mysql_table_option_kept(const char *key);
/* The value that takes a kept option back to its default: 0 for the
 * numeric ones (KEY_BLOCK_SIZE=0 ...: the server prints nothing, and
 * refuses DEFAULT), else DEFAULT. */
const char *sd_mysql_table_option_reset(const char *key, size_t n);
const char *sd_mysql_table_option(struct catalog *cat, const char *options,
				  const char *key, const char *value);
/* Do two kept sql_modes agree (NULL: not said, agrees with any)? A
 * combination mode (TRADITIONAL, ANSI, ...) agrees with the modes the
 * server sets for it (MariaDB's and MySQL 8's), so a dump's 'TRADITIONAL'
 * agrees with the list the server reads back; each is kept (and emitted)
 * as written. */
bool sd_mysql_sql_mode_same(const char *a, const char *b);
/*
 * MySQL: the session character set a routine, trigger or event was
 * created with (CHARACTER_SET_CLIENT, COLLATION_CONNECTION of
 * information_schema; in a file the SET character_set_client,
 * collation_connection or NAMES before it): lower case, utf8 as utf8mb3.
 * Do two agree (NULL: not said, agrees with any)?
 */
bool sd_mysql_charset_same(const char *a, const char *b);
/*
 * The client character set cs of an object whose SQL text is text, as
 * emit can state it: cs, or NULL (not said) when text holds non-ASCII
 * bytes and cs is no UTF-8 set: the catalog's text is UTF-8, and sent
 * after SET character_set_client = latin1 it would be read as latin1
 * (mysqldump writes the body in the routine's own bytes instead). Diff
 * and emit both go through it, so such an object compares and is
 * created in the connection's character set.
 */
const char *sd_mysql_client_charset(const char *cs, const char *text);
/*
 * MySQL: are two definitions of a routine, trigger or event the same
 * statement, comments and the amount of white space aside? The mariadb
 * client strips comments from what it sends (--skip-comments is its
 * default), so a database loaded with it holds a body without the
 * comments its file has. Quoted text and versioned comments count;
 * NULL equals only NULL.
 */
bool sd_mysql_body_same(const char *a, const char *b);
/*
 * MySQL: do the client character sets and connection collations two
 * definitions (def_a, def_b) were created with agree, where they can
 * change what the definition means? The client set only reads the text's
 * non-ASCII bytes, so it is compared only when a definition has some (and
 * sd_mysql_client_charset() keeps it); the connection collation gives the
 * body's string literals theirs, and on ASCII text utf8mb3_x and
 * utf8mb4_x agree (the mariadb client's utf8mb3 against schemadiff's
 * utf8mb4 connection). NULL agrees with any.
 */
bool sd_mysql_session_same(const char *def_a, const char *cs_a,
			   const char *coll_a, const char *def_b,
			   const char *cs_b, const char *coll_b);

/* Tables: columns and constraints by name. Returned pointers are valid until
 * the next add or remove on the same table. */
struct sd_column *table_find_column(const struct sd_table *t,
				    const char *name);
int table_column_index(const struct sd_table *t, const char *name);
struct sd_column *table_add_column(struct catalog *cat, struct sd_table *t,
				   const char *name);
/* Room for n columns in all, so that adding them one by one does not leave
 * the arrays outgrown behind in the arena (a hint: more may be added). */
void table_reserve_columns(struct catalog *cat, struct sd_table *t, size_t n);
void table_remove_column(struct sd_table *t, const char *name);
struct sd_constraint *table_find_constraint(const struct sd_table *t,
					    const char *name);
struct sd_constraint *table_add_constraint(struct catalog *cat,
					   struct sd_table *t,
					   const char *name);
void table_remove_constraint(struct sd_table *t, const char *name);

/* model/inhcol.c: the defaults and NOT NULL of inherited columns (struct
 * sd_table.inh_columns). table_inh_column finds t's entry for a column;
 * table_set_inh_column gives t that entry (or a new one), and
 * table_drop_inh_column removes it. table_parent_column tells what t's
 * parents give a column (the first parent that has it, as the server
 * merges them; NOT NULL when any parent has it): false when none has it.
 * table_column_effective tells what t itself has (its own column, its
 * entry, else what its parents give). table_inh_normalize drops the
 * entries that equal what the parents give (run once all is loaded). */
struct sd_column *table_inh_column(const struct sd_table *t,
				   const char *name);
struct sd_column *table_set_inh_column(struct catalog *cat,
				       struct sd_table *t, const char *name);
void table_drop_inh_column(struct sd_table *t, const char *name);
bool table_parent_column(const struct catalog *cat, const struct sd_table *t,
			 const char *name, const char **default_expr,
			 bool *not_null);
bool table_column_effective(const struct catalog *cat,
			    const struct sd_table *t, const char *name,
			    const char **default_expr, bool *not_null);
void table_inh_normalize(const struct catalog *cat, struct sd_table *t);

/* The storage PostgreSQL gives a column of a type by default (pg_type.
 * typstorage): "plain", "main" or "extended", for a type as format_type()
 * prints it. Types it does not know (user types) count as "extended", as
 * the varlena types that can have another storage mostly are. */
const char *sd_pg_type_storage(const char *type);

/* Types: enum labels. */
void type_add_label(struct catalog *cat, struct sd_type *t, const char *label,
		    size_t position);
/* Types: domain checks and composite attributes (model/catalog_type.c).
 * Returned pointers are valid until the next add or remove. */
struct sd_constraint *type_find_check(const struct sd_type *t,
				      const char *name);
struct sd_constraint *type_add_check(struct catalog *cat, struct sd_type *t,
				     const char *name);
void type_remove_check(struct sd_type *t, const char *name);
struct sd_column *type_find_attr(const struct sd_type *t, const char *name);
/* A view's column notes (model/viewcol.c): find one, or find or add it
 * (in the catalog's arena). */
struct sd_column *viewcols_find(const struct sd_viewcols *v, const char *name);
struct sd_column *viewcols_get(struct catalog *cat, struct sd_viewcols *v,
			       const char *name);
/* The notes of a view or materialized view; NULL for other kinds. */
struct sd_viewcols *object_viewcols(struct sd_object *obj);
struct sd_column *type_add_attr(struct catalog *cat, struct sd_type *t,
				const char *name);
void type_remove_attr(struct sd_type *t, const char *name);
/* PostgreSQL's default multirange name for a range type (makeMultirange-
 * TypeName): the first "range" becomes "multirange", or "_multirange" is
 * appended; cut to 63 bytes. */
void pg_multirange_name(struct strbuf *out, const char *range_name);

/* Readable description for messages: `table "public"."t"` style, e.g.
 * `table public.orders`, `column public.orders.id`. */
void sd_object_describe(struct strbuf *out, const struct sd_object *obj);

/*
 * Canonical SQL text of parts of objects, shared by diff/ (to compare) and
 * emit/ (to write). The dialect decides the quoting.
 */
/* The definition as pg_get_constraintdef() prints it: `PRIMARY KEY (a, b)`,
 * `FOREIGN KEY (a) REFERENCES s.t(b) ON DELETE CASCADE`, `CHECK (expr)`. */
void sd_constraint_format(struct strbuf *out, enum sql_dialect d,
			  const struct sd_constraint *c);
/* The part of CREATE INDEX after the table name: `USING btree (a DESC)
 * INCLUDE (b) WHERE (p)`, as pg_get_indexdef() prints it: an expression
 * column or predicate in parentheses unless it is a plain name or looks
 * like a function call (`lower((email)::text)`, `WHERE done`). */
void sd_index_format_body(struct strbuf *out, enum sql_dialect d,
			  const struct sd_index *ix);
/* Storage parameters as flatten_reloptions() prints them:
 * `fillfactor='70', deduplicate_items='on'` (model/format_options.c). */
void sd_reloptions_format(struct strbuf *out, const char *const *opts,
			  size_t n);
/* The identity options of a column that differ from the defaults for its
 * type, as ` (SEQUENCE NAME s START WITH -1 ...)`; nothing when none or
 * when the options were never filled in (id_increment 0). */
void sd_identity_format(struct strbuf *out, const char *schema,
			const char *table, const struct sd_column *c);
/* Defaults of an identity sequence of a type (smallint, integer, bigint)
 * and increment: fills start, minvalue, maxvalue, cache, cycle of c. */
void sd_identity_defaults(struct sd_column *c, const char *table);
/* An exclusion constraint as pg_get_constraintdef() prints it, less the
 * DEFERRABLE suffix: `EXCLUDE USING gist (a WITH &&) WHERE (p)`. */
void sd_exclusion_format(struct strbuf *out, enum sql_dialect d,
			 const struct sd_constraint *c);
/* An index expression or predicate as pg_get_indexdef() prints it:
 * parenthesized unless a name or a function call (model/format.c). */
void sd_format_index_expr(struct strbuf *out, const char *expr);

/* The canonical definition of an event (model/event.c): `CREATE EVENT
 * `e` ON SCHEDULE EVERY 1 DAY [STARTS ..] [ENDS ..] | AT '..' ON COMPLETION
 * [NOT] PRESERVE ENABLE|DISABLE|DISABLE ON SLAVE [COMMENT '..'] DO body`.
 * verb is "CREATE" or "ALTER" (ALTER always writes the COMMENT, '' when
 * none, so that it removes an old one). */
void sd_event_format(struct strbuf *out, const char *verb,
		     const struct sd_event *ev);

/*
 * PostgreSQL's default names for unnamed objects (makeObjectName() and
 * ChooseRelationName()/ChooseConstraintName()): name1 "_" name2 "_" label,
 * with name1 and name2 cut (the longer first) so that the whole fits in 63
 * bytes, never inside a UTF-8 character. name2 may be NULL. When pass > 0
 * the label becomes label followed by pass ("key1"), as the server does
 * when the first choice is taken. Used as `t_pkey`, `t_a_b_key`,
 * `t_a_fkey`, `t_a_check`, `t_a_idx`, `t_expr_idx`, `t_a_seq`.
 */
/* The NOT NULL constraints of two columns that are both NOT NULL agree:
 * name (NULL: the server's default), NO INHERIT, NOT VALID. */
bool sd_not_null_same(const struct sd_column *a, const struct sd_column *b);
void pg_default_name(struct strbuf *out, const char *name1, const char *name2,
		     const char *label, int pass);
/* name2 for a list of columns: the names joined with '_' (as
 * ChooseIndexNameAddition does, stopping once 63 bytes are reached). */
void pg_name_addition(struct strbuf *out, const char *const *cols,
		      size_t ncols);

/* Opaque kinds (model/opaque.c), see struct sd_opaque. */
extern const struct sd_opaque_kind sd_opaque_kinds[];
extern const size_t sd_opaque_nkinds;
/* The row of objtype, or -1. */
int sd_opaque_kind_find(const char *objtype);
/* Add the opaque object (objtype, schema, identity); NULL when its key is
 * taken. name is made from objtype and the identity without its schema
 * (bare_identity). */
struct sd_opaque *catalog_add_opaque(struct catalog *cat, int kind,
				     const char *schema,
				     const char *bare_identity,
				     const char *identity);
struct sd_opaque *catalog_find_opaque(const struct catalog *cat, int kind,
				      const char *schema,
				      const char *bare_identity);
/* Dependencies read from each opaque object's definition: every function,
 * relation, type and named opaque object of cat that the text names as a
 * whole identifier (and, when written schema-qualified, in that schema).
 * Called once a catalog is complete (parser and introspection alike). */
void catalog_opaque_deps(struct catalog *cat);
/* Whether the definition of an opaque object of cat of that objtype
 * ("STATISTICS") names obj, as catalog_opaque_deps() reads it. */
bool catalog_opaque_names(const struct catalog *cat, const char *objtype,
			  const struct sd_object *obj);

#endif
