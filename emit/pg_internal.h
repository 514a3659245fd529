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

void emit_create_type(const struct change *ch, struct strbuf *out);
void emit_drop_type(const struct change *ch, struct strbuf *out);
void emit_alter_type(const struct change *ch, struct strbuf *out);

void emit_create_sequence(const struct change *ch, struct strbuf *out);
void emit_drop_sequence(const struct change *ch, struct strbuf *out);
void emit_alter_sequence(const struct change *ch, struct strbuf *out);

void emit_create_table(const struct change *ch, struct strbuf *out);
void emit_drop_table(const struct change *ch, struct strbuf *out);
/* Columns and constraints: ADD/DROP COLUMN, ALTER COLUMN ...,
 * ADD/DROP CONSTRAINT. */
void emit_alter_table(const struct change *ch, struct strbuf *out);

void emit_create_index(const struct change *ch, struct strbuf *out);
void emit_drop_index(const struct change *ch, struct strbuf *out);

/* CH_CREATE_VIEW and CH_REPLACE_VIEW. */
void emit_create_view(const struct change *ch, struct strbuf *out);
void emit_drop_view(const struct change *ch, struct strbuf *out);

void emit_comment(const struct change *ch, struct strbuf *out);

/* Helpers. */
void pg_add_name(struct strbuf *out, const struct sd_object *obj);
/* A column as written in CREATE TABLE and ADD COLUMN. */
void pg_add_column_def(struct strbuf *out, const struct sd_column *c);

#endif
