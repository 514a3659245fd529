/*
 * emit/mysql_internal.h: the MySQL / MariaDB writers of each kind, shared
 * by the dispatch table in emit/mysql.c and the files emit/mysql_<kind>.c.
 * Every function appends its statements, each ending in ";\n", to out;
 * every name goes through sql_quote_ident(SQL_MYSQL) and every string
 * through sql_quote_literal(SQL_MYSQL). Expressions, types and definitions
 * are the catalog's canonical SQL text (docs/mysql.md). Not for use
 * outside emit/.
 */
#ifndef SD_EMIT_MYSQL_INTERNAL_H
#define SD_EMIT_MYSQL_INTERNAL_H

#include "emit/emit.h"

typedef void (*mysql_emit_fn)(const struct change *ch, struct strbuf *out);

/* emit/mysql_table.c */
void mysql_create_table(const struct change *ch, struct strbuf *out);
void mysql_drop_table(const struct change *ch, struct strbuf *out);
/* ADD / DROP / MODIFY COLUMN, ADD / DROP / replace a constraint; the
 * clause alone (after `ALTER TABLE t `, any column, constraint or index
 * change) */
void mysql_alter_table(const struct change *ch, struct strbuf *out);
void mysql_alter_clause(const struct change *ch, struct strbuf *out);
/* table options, partitioning */
void mysql_alter_table_options(const struct change *ch, struct strbuf *out);

/* emit/mysql_index.c: ADD / DROP / replace an index. The index as
 * CREATE TABLE (inline) or ADD writes it: `[UNIQUE ]KEY \`i\` (...)`. */
void mysql_alter_index(const struct change *ch, struct strbuf *out);
void mysql_index_clause(const struct change *ch, struct strbuf *out);
void mysql_add_index_def(struct strbuf *out, const struct sd_index *ix,
			 bool inline_key);

/* emit/mysql_view.c: views, triggers, routines */
void mysql_create_view(const struct change *ch, struct strbuf *out);
void mysql_drop_view(const struct change *ch, struct strbuf *out);
void mysql_create_trigger(const struct change *ch, struct strbuf *out);
void mysql_drop_trigger(const struct change *ch, struct strbuf *out);
void mysql_create_routine(const struct change *ch, struct strbuf *out);
void mysql_drop_routine(const struct change *ch, struct strbuf *out);
/* emit/mysql_event.c: events */
void mysql_create_event(const struct change *ch, struct strbuf *out);
void mysql_alter_event(const struct change *ch, struct strbuf *out);
void mysql_drop_event(const struct change *ch, struct strbuf *out);

/* emit/mysql.c: an object's name, `t` (or `db`.`t`). A word from the
 * catalog that SQL writes bare (ENGINE=InnoDB, CHARSET=utf8mb4): bare
 * when it is letters, digits and '_', else backquoted. */
void mysql_add_name(struct strbuf *out, const struct sd_object *obj);
void mysql_add_word(struct strbuf *out, const char *word);
/* Around the CREATE of a routine, trigger or event with a kept sql_mode,
 * client character set or connection collation: each of the session's
 * saved and set to it, then restored (nothing for one that is NULL: not
 * said), as mysqldump writes them. */
void mysql_session_begin(struct strbuf *out, const char *mode,
			 const char *cs_client, const char *coll_connection);
void mysql_session_end(struct strbuf *out, const char *mode,
		       const char *cs_client, const char *coll_connection);

#endif
