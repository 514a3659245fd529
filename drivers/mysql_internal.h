/*
 * drivers/mysql_internal.h: what drivers/mysql*.c share and nothing else
 * includes: running a statement on a libmariadb handle (text protocol, or
 * a prepared statement when there are parameters) with its rows copied
 * out, the server's error as an sd_error, and introspection.
 *
 * Memory: a struct mysd_rows owns an arena with every cell; mysd_rows_release()
 * frees it. The MYSQL_RES / MYSQL_STMT behind it are freed before the
 * function that made them returns.
 */
#ifndef SD_MYSQL_INTERNAL_H
#define SD_MYSQL_INTERNAL_H

#include <mysql.h>
#include <stddef.h>

#include "model/catalog.h"
#include "util/arena.h"
#include "util/error.h"

struct mysd_rows {
	struct arena arena;
	size_t nrows, ncols;
	const char **cells;	/* row-major; NULL for SQL NULL */
};

#define MYSD_ROWS_INIT { ARENA_INIT, 0, 0, NULL }

/* The cell at (row, col): NULL for SQL NULL. */
static inline const char *mysd_cell(const struct mysd_rows *r, size_t row,
				  size_t col)
{
	return r->cells[row * r->ncols + col];
}

void mysd_rows_release(struct mysd_rows *r);

/*
 * What the mariadb and mysql clients send for a statement by default
 * (--skip-comments), into out: `#` and `-- ` comments dropped up to the
 * end of their line, block comments dropped with the line ends inside
 * them and a space put before what follows when it is not white space,
 * white space at the start dropped; quoted text and versioned comments
 * (slash, star, ! or M!) kept. Statements schemadiff runs go through
 * it, so a routine, trigger or event body is stored as loading the file
 * with the client stores it.
 */
void mysd_client_text(const char *sql, struct strbuf *out);

/*
 * Fill err with the server's error on h: "ERROR 1064 (42000): message",
 * prefixed with "what: " when what is not NULL, every occurrence of secret
 * (a password, may be NULL) redacted. Returns SD_ERR_DB.
 */
int mysd_set_error(MYSQL *h, const char *what, const char *secret,
		 struct sd_error *err);

/*
 * Run sql on h. params (nparams of them, NULL entries are SQL NULL) go
 * through a prepared statement; with none, the text protocol. out (may be
 * NULL; else MYSD_ROWS_INIT or released) gets the rows of a result set,
 * every value as text. Returns 0 or SD_ERR_DB (mysd_set_error()).
 */
int mysd_query(MYSQL *h, const char *what, const char *secret, const char *sql,
	     size_t nparams, const char *const *params, struct mysd_rows *out,
	     struct sd_error *err);

/*
 * The server of a VERSION() text: MariaDB when the text says so (its old
 * "5.5.5-" replication prefix skipped), else MySQL; the version as
 * versioned comments write it (10.11.19 is 101119, 8.0.36 is 80036), 0
 * when the text has none.
 */
void mysd_server_target(const char *version_text, struct sd_mysql_target *out);

/*
 * The catalog queries that differ between servers (docs/mysql.md, "MySQL
 * 8"): the text introspection sends for q on server t. Indexes: MySQL
 * 8.0.13 and later also read STATISTICS.EXPRESSION (functional key
 * parts); checks: MariaDB reads CHECK_CONSTRAINTS with its TABLE_NAME and
 * LEVEL, MySQL 8.0.16 and later joins TABLE_CONSTRAINTS for the table,
 * older MySQL has no checks. Every query gives the same columns.
 */
enum mysd_query { MYSD_Q_INDEXES, MYSD_Q_CHECKS };
const char *mysd_catalog_query(const struct sd_mysql_target *t,
			       enum mysd_query q);

/* The name of the history table in the target database. */
#define MY_HISTORY_TABLE "schemadiff_history"
/* the log of versions undone by migrate --to, beside it (drivers/mysql.c) */
#define MY_REVERTS_TABLE "schemadiff_reverts"

/*
 * Read the connection's current database into cat (empty, SQL_MYSQL), in
 * the canonical form of docs/mysql.md, with a fixed number of
 * information_schema queries (*nqueries, when not NULL). The history table
 * is left out. more: nmore other sessions on the same database (may be
 * 0), which send the queries side by side with h (the server answers
 * each from its own thread); they stay the caller's. Returns 0,
 * SD_ERR_DB with the server's message, SD_ERR when no database is
 * selected or cat is not empty.
 */
int mysql_introspect(MYSQL *h, MYSQL *const *more, size_t nmore,
		     struct catalog *cat, unsigned *nqueries,
		     struct sd_error *err);

#endif
