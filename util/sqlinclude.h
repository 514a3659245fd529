/*
 * util/sqlinclude.h: the files a SQL file includes the way its client
 * would (psql's \i, \ir, \include, \include_relative; the mysql client's
 * source and \.), for both parsers.
 *
 * A file with includes becomes a list of pieces, in the order the client
 * runs them: the including file's text up to the include line, the
 * included file (itself cut the same way), the rest of the including
 * file, and so on. Every piece is the whole text of its file with the
 * lines that are not its own (and the include lines themselves) blanked,
 * so that a position in a piece is the position in its file.
 *
 * Paths: psql's \i and \include are relative to the current directory,
 * \ir and \include_relative to the including file's directory, as psql
 * does it. The mysql client reads `source FILE` relative to its current
 * directory; schemadiff reads it (and \.) relative to the including
 * file's directory, where a dump's data files lie beside it (the
 * employees sample's `source load_departments.dump`), whatever folder
 * schemadiff runs in.
 *
 * Memory: pieces, their file names and texts are malloc'd;
 * sd_sql_pieces_release() frees them.
 */
#ifndef SD_SQLINCLUDE_H
#define SD_SQLINCLUDE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/* How deep includes may nest (a file that includes one that includes
 * ... ): past it, an error naming the chain. */
#define SD_SQL_INCLUDE_DEPTH 16

struct sd_sql_piece {
	char *file;	/* the file the text is from, as named */
	char *text;	/* its text, other pieces' lines blank */
};

struct sd_sql_pieces {
	struct sd_sql_piece *items;
	size_t n, alloc;
};

#define SD_SQL_PIECES_INIT { NULL, 0, 0 }

/* The pieces of text, the contents of file (named so in messages), for
 * the client of a MySQL (mysql true) or PostgreSQL script, appended to
 * out. A file without includes is one piece, its text as given. An
 * included file that cannot be read, includes itself (directly or not) or
 * nests deeper than SD_SQL_INCLUDE_DEPTH is SD_ERR_IO / SD_ERR at the
 * FILE:LINE:COL of its include line, the hint naming the chain of files
 * that included it. */
int sd_sql_includes(bool mysql, const char *file, const char *text,
		    struct sd_sql_pieces *out, struct sd_error *err);
void sd_sql_pieces_release(struct sd_sql_pieces *p);

#endif
