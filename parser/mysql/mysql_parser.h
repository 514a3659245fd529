/*
 * parser/mysql/mysql_parser.h: MySQL / MariaDB DDL -> catalog, with our own
 * tokenizer and recursive-descent parser (see docs/mysql.md for the
 * canonical form it produces).
 *
 * Desired files are a set (a statement may use an object defined further
 * down); version files are scripts, run in order. Errors carry
 * FILE:LINE:COL of the offending token: SD_ERR_SYNTAX for syntax,
 * SD_ERR_UNSUPPORTED for statements not handled (CREATE EVENT, data
 * statements in desired files), SD_ERR for what the server would refuse
 * (a missing table, a duplicate; in desired files a duplicate names both
 * places). The catalog may be partly changed after an error.
 *
 * Memory: everything kept is allocated in the catalog's arena;
 * mysql_split's statements in the struct pg_script's arena.
 */
#ifndef SD_MYSQL_PARSER_H
#define SD_MYSQL_PARSER_H

#include <stddef.h>

#include "model/catalog.h"
#include "parser/pg/pg_split.h"
#include "util/error.h"

/* Load desired files (CREATE statements, in any order) into cat
 * (SQL_MYSQL). */
int mysql_load_desired(struct catalog *cat, const char *const *paths,
		       size_t npaths, struct sd_error *err);
/* The same for text in memory (file names messages). */
int mysql_load_desired_text(struct catalog *cat, const char *file,
			    const char *sql, struct sd_error *err);
/* Run a script (a version's file: CREATE, ALTER, DROP, RENAME ...) on
 * cat, in order. */
int mysql_replay_script(struct catalog *cat, const char *file,
			const char *sql, struct sd_error *err);
/* Split a script into statements (DELIMITER lines honoured and left out;
 * comments kept inside statements; versioned comments as they are), for
 * running them one by one on a server. */
int mysql_split(const char *file, const char *sql, struct pg_script *out,
		struct sd_error *err);
/* The tables a script inserts into (INSERT and REPLACE): "db.table" as
 * written qualified, else "table"; malloc'd strings appended to out (a vec
 * of char *). */
struct vec;
int mysql_insert_targets(const char *file, const char *sql, struct vec *out,
			 struct sd_error *err);

#endif
