/*
 * parser/mysql/mysql_parser.c: placeholder until the parser lands (#6).
 */
#include "parser/mysql/mysql_parser.h"
#include "util/banned.h"

static int not_yet(const char *file, struct sd_error *err)
{
	return sd_error_set(err, SD_ERR_UNSUPPORTED, file, 0, 0,
			    "the MySQL parser is not built yet");
}

int mysql_load_desired(struct catalog *cat, const char *const *paths,
		       size_t npaths, struct sd_error *err)
{
	(void)cat;
	return not_yet(npaths ? paths[0] : NULL, err);
}

int mysql_load_desired_text(struct catalog *cat, const char *file,
			    const char *sql, struct sd_error *err)
{
	(void)cat;
	(void)sql;
	return not_yet(file, err);
}

int mysql_replay_script(struct catalog *cat, const char *file,
			const char *sql, struct sd_error *err)
{
	(void)cat;
	(void)sql;
	return not_yet(file, err);
}

int mysql_split(const char *file, const char *sql, struct pg_script *out,
		struct sd_error *err)
{
	(void)sql;
	(void)out;
	return not_yet(file, err);
}
