/*
 * parser/front/front.c: dispatch to the dialect's parser.
 */
#include <string.h>

#include "parser/front/front.h"
#include "parser/mysql/mysql_parser.h"
#include "parser/pg/pg_parser.h"
#include "util/banned.h"

int front_dialect_of(const char *system_type)
{
	if (!system_type)
		return -1;
	if (!strcmp(system_type, "postgresql"))
		return SQL_POSTGRES;
	if (!strcmp(system_type, "mysql") || !strcmp(system_type, "mariadb"))
		return SQL_MYSQL;
	return -1;
}

void front_mysql_target_of(const char *system_type,
			   struct sd_mysql_target *out)
{
	out->flavor = system_type && !strcmp(system_type, "mysql")
		      ? SD_FLAVOR_MYSQL : SD_FLAVOR_MARIADB;
	out->version = 0;
}

int front_load_desired(struct catalog *cat, const char *const *paths,
		       size_t npaths, const char *search_path,
		       struct sd_error *err)
{
	if (cat->dialect == SQL_MYSQL)
		return mysql_load_desired(cat, paths, npaths, err);
	return pg_load_desired_path(cat, paths, npaths, search_path, err);
}

int front_replay_script(struct catalog *cat, const char *file,
			const char *sql, struct sd_error *err)
{
	if (cat->dialect == SQL_MYSQL)
		return mysql_replay_script(cat, file, sql, err);
	return pg_replay_script(cat, file, sql, err);
}

int front_split(enum sql_dialect d, const char *file, const char *sql,
		struct pg_script *out, struct sd_error *err)
{
	if (d == SQL_MYSQL)
		return mysql_split(file, sql, out, err);
	return pg_split(file, sql, out, err);
}

int front_insert_targets(enum sql_dialect d, const char *file,
			 const char *sql, struct vec *out, struct sd_error *err)
{
	if (d == SQL_MYSQL)
		return mysql_insert_targets(file, sql, out, err);
	return pg_insert_targets(file, sql, out, err);
}
