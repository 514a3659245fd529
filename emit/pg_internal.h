/*
 * emit/pg_internal.h: the PostgreSQL writers of each kind, shared by the
 * dispatch table in emit/pg.c and the per-kind files emit/pg_<kind>.c.
 * Every function appends one statement ending in ";\n" to out, every name
 * and literal through util/sqlquote.h. Not for use outside emit/.
 */
#ifndef SD_EMIT_PG_INTERNAL_H
#define SD_EMIT_PG_INTERNAL_H

#include "emit/emit.h"

typedef void (*emit_fn)(const struct change *ch, struct strbuf *out);

void emit_create_schema(const struct change *ch, struct strbuf *out);
void emit_drop_schema(const struct change *ch, struct strbuf *out);

void emit_create_extension(const struct change *ch, struct strbuf *out);
void emit_drop_extension(const struct change *ch, struct strbuf *out);
void emit_alter_extension(const struct change *ch, struct strbuf *out);
void emit_create_collation(const struct change *ch, struct strbuf *out);
void emit_drop_collation(const struct change *ch, struct strbuf *out);

void emit_create_type(const struct change *ch, struct strbuf *out);
void emit_drop_type(const struct change *ch, struct strbuf *out);
void emit_alter_type(const struct change *ch, struct strbuf *out);
/* emit/pg_domain.c, emit/pg_composite.c (CREATE through
 * emit_create_type) */
void emit_create_domain(const struct change *ch, struct strbuf *out);
void emit_alter_domain(const struct change *ch, struct strbuf *out);
void emit_create_composite(const struct change *ch, struct strbuf *out);
void emit_alter_composite(const struct change *ch, struct strbuf *out);

void emit_create_sequence(const struct change *ch, struct strbuf *out);
void emit_drop_sequence(const struct change *ch, struct strbuf *out);
void emit_alter_sequence(const struct change *ch, struct strbuf *out);
/* SELECT setval(seq_arg, max(column)) FROM rel HAVING max(column) >=
 * start: a sequence new to a column whose rows already hold values goes
 * past the largest (nothing happens on an empty table). seq_arg: the SQL
 * of setval's first argument; rel: the table's qualified SQL name. */
void pg_add_setval_past_rows(struct strbuf *out, const char *seq_arg,
			     const char *rel, const char *column,
			     int64_t start);

void emit_create_table(const struct change *ch, struct strbuf *out);
void emit_drop_table(const struct change *ch, struct strbuf *out);
/* Columns and constraints: ADD/DROP COLUMN, ALTER COLUMN ...,
 * ADD/DROP CONSTRAINT. */
void emit_alter_table(const struct change *ch, struct strbuf *out);
/* ATTACH / DETACH PARTITION, INHERIT / NO INHERIT. */
void emit_alter_partition(const struct change *ch, struct strbuf *out);

void emit_create_index(const struct change *ch, struct strbuf *out);
void emit_drop_index(const struct change *ch, struct strbuf *out);

/* CH_CREATE_VIEW and CH_REPLACE_VIEW. */
void emit_create_view(const struct change *ch, struct strbuf *out);
void emit_drop_view(const struct change *ch, struct strbuf *out);

/* emit/pg_matview.c */
void emit_create_matview(const struct change *ch, struct strbuf *out);
void emit_drop_matview(const struct change *ch, struct strbuf *out);
/* emit/pg_grant.c: CH_GRANT */
void emit_grant(const struct change *ch, struct strbuf *out);
/* emit/pg_default_acl.c: ALTER DEFAULT PRIVILEGES (CH_DEFAULT_PRIVILEGES) */
void emit_alter_default_acl(const struct change *ch, struct strbuf *out);

void emit_comment(const struct change *ch, struct strbuf *out);

/* emit/pg_function.c: CH_CREATE_FUNCTION and CH_REPLACE_FUNCTION. */
void emit_create_function(const struct change *ch, struct strbuf *out);
void emit_drop_function(const struct change *ch, struct strbuf *out);
void emit_create_trigger(const struct change *ch, struct strbuf *out);
void emit_drop_trigger(const struct change *ch, struct strbuf *out);
/* `FUNCTION s.f(integer)`, `PROCEDURE ...`, `TRIGGER t ON s.tbl`: how
 * DROP and COMMENT ON name a function or a trigger. */
void pg_add_object_ref(struct strbuf *out, const struct sd_object *obj);

/* emit/pg_policy.c: policies, row level security, table storage
 * parameters, identity column options. */
void emit_create_policy(const struct change *ch, struct strbuf *out);
/* emit/pg_index_stats.c: ALTER INDEX ... ALTER COLUMN n SET STATISTICS */
void emit_alter_index_statistics(const struct change *ch, struct strbuf *out);
/* emit/pg_opaque.c: the kinds carried as SQL text */
void emit_create_opaque(const struct change *ch, struct strbuf *out);
void emit_drop_opaque(const struct change *ch, struct strbuf *out);
void emit_alter_policy(const struct change *ch, struct strbuf *out);
void emit_drop_policy(const struct change *ch, struct strbuf *out);
void emit_alter_table_rls(const struct change *ch, struct strbuf *out);
void emit_alter_table_options(const struct change *ch, struct strbuf *out);
/* emit/pg_replident.c */
void emit_alter_replica_identity(const struct change *ch, struct strbuf *out);
void emit_alter_trigger_state(const struct change *ch, struct strbuf *out);
void emit_attach_index(const struct change *ch, struct strbuf *out);	/* pg_index.c */
/* CH_ALTER_TABLE_OPTIONS of a materialized view (emit/pg_matview.c) */
void emit_alter_matview_options(const struct change *ch, struct strbuf *out);
void emit_alter_identity_options(const struct change *ch, struct strbuf *out);
/* `POLICY p ON s.t`: how ALTER, DROP and COMMENT ON name a policy. */
void pg_add_policy_ref(struct strbuf *out, const struct sd_object *obj);

/* Helpers. */
void pg_add_name(struct strbuf *out, const struct sd_object *obj);
/* A column as written in CREATE TABLE and ADD COLUMN. */
void pg_add_column_def(struct strbuf *out, const struct sd_column *c);
/* The same, with identity options that name the table's sequence. */
void pg_add_column_def_of(struct strbuf *out, const struct sd_object *table,
			  const struct sd_column *c);

#endif
