/*
 * parser/pg/pg_parser.h: PostgreSQL DDL -> catalog, through libpg_query's
 * protobuf parse tree. One DDL interpreter serves both uses:
 *
 *  - desired files are a set: pg_load_desired() reads every file first and
 *    applies the statements in an order that does not depend on file or
 *    statement order (schemas, extensions, types, sequences, tables, then
 *    ALTERs, indexes, views, comments), resolving names once all is known;
 *  - version files are scripts: pg_replay_script() applies each statement
 *    in order, as the server would, and fails where the server would
 *    (e.g. ALTER TABLE of a table that does not exist).
 *
 * A schema the SQL uses but does not create is external, like public: it
 * exists (made outside the managed files) and is no object of the catalog;
 * CREATE SCHEMA makes it a managed one.
 *
 * Both canonicalize as they go (see model/catalog.h): types by their
 * format_type() names, identifiers folded, expressions deparsed through
 * libpg_query, unnamed constraints given the server's default names.
 *
 * Errors: 0 on success, or a negative SD_ERR_* with err filled with the
 * file, line and column of the offending statement (a syntax error points at
 * the token). A statement the interpreter does not support is an error that
 * names it; data statements (INSERT, UPDATE, DELETE, SELECT, COPY ... FROM
 * STDIN is not supported) are accepted and leave the catalog as it is.
 * The catalog may be partly changed after an error; callers discard it.
 */
#ifndef SD_PG_PARSER_H
#define SD_PG_PARSER_H

#include <stddef.h>

#include "model/catalog.h"
#include "util/error.h"

/* Load desired-state SQL. Each path is a .sql file or a folder, read
 * recursively for *.sql files in byte order of their paths. */
int pg_load_desired(struct catalog *cat, const char *const *paths,
		    size_t npaths, struct sd_error *err);

/* The same, with each file starting from the given search_path instead
 * of public: identifiers separated by commas, each plain (folded to lower
 * case) or "quoted" (as a session's search_path reads; see the drivers'
 * search_path operation). NULL: public. */
int pg_load_desired_path(struct catalog *cat, const char *const *paths,
			 size_t npaths, const char *search_path,
			 struct sd_error *err);

/* The same for SQL text already in memory; file names the text in
 * messages. */
int pg_load_desired_text(struct catalog *cat, const char *file,
			 const char *sql, struct sd_error *err);

/* Apply a script (a version's source file) statement by statement. */
int pg_replay_script(struct catalog *cat, const char *file, const char *sql,
		     struct sd_error *err);

/* Canonical form of one SQL expression as this parser stores it (used by
 * tests and by drivers that read expressions back from a server). Appends
 * to out; 0 or an error. */
int pg_canonical_expr(const char *expr, struct strbuf *out,
		      struct sd_error *err);

/* A table's CHECK expression in the offline canonical form the parser
 * gives it (c IN ('a', 'b') for the server's (c)::text = ANY
 * ((ARRAY['a'::character varying, ...])::text[])). Appends to out. */
int pg_canonical_check(const struct sd_table *t, const char *expr,
		       struct strbuf *out, struct sd_error *err);

/* The same for a column default: the canonical text is parenthesized
 * when it would not be valid bare after the keyword DEFAULT (AT TIME
 * ZONE, AND, IS NULL, IN, LIKE, COLLATE, ...), as every stored default
 * is. */
int pg_canonical_default(const char *expr, struct strbuf *out,
			 struct sd_error *err);

/* Canonical type name for SQL type text ("int" -> "integer",
 * "varchar(5)" -> "character varying(5)"); user types come back
 * schema-qualified. */
int pg_canonical_type(const char *type, struct strbuf *out,
		      struct sd_error *err);

/* Release libpg_query's per-thread memory; call once at exit. */
void pg_parser_cleanup(void);
/* The tables a script inserts into ("schema.table", unqualified names as
 * public.table), each a malloc'd string appended to out (a vec of char *);
 * statements that do not parse are skipped (the server reports them). */
struct vec;
int pg_insert_targets(const char *file, const char *sql, struct vec *out,
		      struct sd_error *err);

#endif
