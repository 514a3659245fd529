/*
 * parser/front/front.h: the parser of a catalog's dialect, for cli/ and
 * parser/spec. One entry per verb; each dispatches on the dialect to
 * parser/pg or parser/mysql.
 */
#ifndef SD_FRONT_H
#define SD_FRONT_H

#include <stddef.h>

#include "model/catalog.h"
#include "parser/pg/pg_split.h"
#include "util/error.h"

/* "postgresql" -> SQL_POSTGRES; "mysql", "mariadb" -> SQL_MYSQL. -1 when
 * unknown. */
int front_dialect_of(const char *system_type);

/* The server whose rules a root of this system-type follows for
 * MySQL's versioned comments: "mysql" is MySQL (its newest release we
 * know), anything else MariaDB. Set it in a catalog's mysql_target
 * before loading into it. */
void front_mysql_target_of(const char *system_type,
			   struct sd_mysql_target *out);

/* Desired files into cat, in cat's dialect. search_path: PostgreSQL's
 * schemas for unqualified names (NULL: public); ignored for MySQL. */
int front_load_desired(struct catalog *cat, const char *const *paths,
		       size_t npaths, const char *search_path,
		       struct sd_error *err);
/* A version's script, run on cat in order. */
int front_replay_script(struct catalog *cat, const char *file,
			const char *sql, struct sd_error *err);
/* A script's statements, for a server. */
int front_split(enum sql_dialect d, const char *file, const char *sql,
		struct pg_script *out, struct sd_error *err);
/* The tables a script inserts into (pg_insert_targets(),
 * mysql_insert_targets()): malloc'd names appended to out. */
struct vec;
int front_insert_targets(enum sql_dialect d, const char *file,
			 const char *sql, struct vec *out, struct sd_error *err);

#endif
