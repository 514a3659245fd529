/*
 * emit/emit.h: a change set -> SQL text. emit/ never decides what changed;
 * it writes each change as the dialect's DDL, every identifier and literal
 * through util/sqlquote.h.
 */
#ifndef SD_EMIT_H
#define SD_EMIT_H

#include "diff/diff.h"
#include "util/strbuf.h"

/* Append the SQL of every change, one statement per change, each ending in
 * ";\n", in the dialect of the change set's catalogs. Nothing is appended
 * for an empty change set. */
void emit_changeset(const struct changeset *cs, struct strbuf *out);

/* Append the SQL of one change of cs (its statement or statements). */
void emit_change(const struct changeset *cs, const struct change *ch,
		 struct strbuf *out);

/* The dialects' own writers (emit/pg.c, emit/mysql.c). */
void emit_pg_changeset(const struct changeset *cs, struct strbuf *out);
void emit_pg_change(const struct change *ch, struct strbuf *out);
void emit_mysql_change(const struct change *ch, struct strbuf *out);

#endif
