/*
 * parser/pg/pg_split.c: split a script into statements (libpg_query's
 * pg_query_split_with_parser) and tell which statements cannot run inside a
 * transaction block. See pg_split.h.
 *
 * Memory: statements are copied into the script's arena; libpg_query's
 * split result is freed before pg_split() returns.
 */
#include "parser/pg/pg_split.h"

#include <ctype.h>
#include <pg_query.h>
#include <string.h>
#include <strings.h>

#include "util/banned.h"

size_t pg_char_to_byte(const char *text, int pos)
{
	size_t i = 0;
	int n = 1;

	while (text[i] && n < pos) {
		i++;
		while (((unsigned char)text[i] & 0xC0) == 0x80)
			i++;
		n++;
	}
	return i;
}

/* Skip white space and comments (nested block comments, as PostgreSQL
 * allows) from p up to end. */
static const char *skip_space(const char *p, const char *end)
{
	while (p < end) {
		if (isspace((unsigned char)*p)) {
			p++;
		} else if (p + 1 < end && p[0] == '-' && p[1] == '-') {
			while (p < end && *p != '\n')
				p++;
		} else if (p + 1 < end && p[0] == '/' && p[1] == '*') {
			int depth = 1;
			p += 2;
			while (p < end && depth) {
				if (p + 1 < end && p[0] == '/' && p[1] == '*') {
					depth++;
					p += 2;
				} else if (p + 1 < end && p[0] == '*' && p[1] == '/') {
					depth--;
					p += 2;
				} else {
					p++;
				}
			}
		} else {
			break;
		}
	}
	return p;
}

int pg_split(const char *file, const char *sql, struct pg_script *out,
	     struct sd_error *err)
{
	PgQuerySplitResult res;
	size_t len = strlen(sql);
	int ret = 0;

	arena_init(&out->arena);
	out->stmts = NULL;
	out->nstmts = 0;
	res = pg_query_split_with_parser(sql);
	if (res.error) {
		int line = 0, col = 0;
		if (res.error->cursorpos > 0)
			sd_text_position(sql, pg_char_to_byte(sql, res.error->cursorpos),
					 &line, &col);
		ret = sd_error_set(err, SD_ERR_SYNTAX, file, line, col, "%s",
				   res.error->message);
		goto out_free;
	}
	out->stmts = arena_alloc(&out->arena,
				 ((size_t)res.n_stmts + 1) * sizeof(*out->stmts));
	for (int i = 0; i < res.n_stmts; i++) {
		size_t loc = (size_t)res.stmts[i]->stmt_location;
		size_t end = loc + (size_t)res.stmts[i]->stmt_len;
		const char *start, *stop;
		struct pg_stmt *st;

		/* stmt_len 0 means "to the end of the text" */
		if (!res.stmts[i]->stmt_len || end > len)
			end = len;
		start = skip_space(sql + loc, sql + end);
		stop = sql + end;
		while (stop > start && (isspace((unsigned char)stop[-1]) ||
					stop[-1] == ';'))
			stop--;
		if (start >= stop)
			continue;
		st = &out->stmts[out->nstmts++];
		st->offset = (size_t)(start - sql);
		st->sql = arena_strndup(&out->arena, start, (size_t)(stop - start));
		sd_text_position(sql, st->offset, &st->line, &st->col);
	}
out_free:
	pg_query_free_split_result(res);
	return ret;
}

void pg_script_release(struct pg_script *s)
{
	arena_release(&s->arena);
	s->stmts = NULL;
	s->nstmts = 0;
}

#define MAX_WORDS 64

/* The statement's first keywords and identifiers, upper-cased; quoted
 * identifiers, strings and dollar-quoted text become "" (they are never
 * keywords). Returns the count. */
static int read_words(const char *s, char words[][32], int max)
{
	const char *end = s + strlen(s);
	const char *p = s;
	int n = 0;

	while (n < max) {
		p = skip_space(p, end);
		if (p >= end)
			break;
		if (isalpha((unsigned char)*p) || *p == '_') {
			size_t k = 0;
			while (p < end && (isalnum((unsigned char)*p) ||
					   *p == '_' || *p == '$')) {
				if (k < 31)
					words[n][k++] = (char)toupper((unsigned char)*p);
				p++;
			}
			words[n++][k] = '\0';
		} else if (*p == '"' || *p == '\'') {
			char q = *p++;
			while (p < end) {
				if (*p == q && p + 1 < end && p[1] == q)
					p += 2;
				else if (*p == q)
					break;
				else
					p++;
			}
			p++;
			words[n++][0] = '\0';
		} else if (*p == '$') {
			/* $tag$ ... $tag$: skip the body */
			const char *tag = p, *close;
			size_t tlen;
			p++;
			while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
				p++;
			if (p >= end || *p != '$')
				continue;
			tlen = (size_t)(p + 1 - tag);
			for (close = p + 1; close + tlen <= end; close++)
				if (!strncmp(close, tag, tlen))
					break;
			p = close + tlen <= end ? close + tlen : end;
			words[n++][0] = '\0';
		} else {
			p++;
		}
	}
	return n;
}

static int has_word(char words[][32], int n, int from, const char *w)
{
	for (int i = from; i < n; i++)
		if (!strcmp(words[i], w))
			return 1;
	return 0;
}

const char *pg_stmt_no_transaction(const char *stmt, int server_version)
{
	char words[MAX_WORDS][32];
	int n = read_words(stmt, words, MAX_WORDS);
	const char *w0, *w1;

	if (!n)
		return NULL;
	w0 = words[0];
	w1 = n > 1 ? words[1] : "";
	if (!strcmp(w0, "VACUUM"))
		return "VACUUM cannot run inside a transaction block";
	if ((!strcmp(w0, "CREATE") || !strcmp(w0, "DROP")) &&
	    !strcmp(w1, "DATABASE"))
		return "CREATE DATABASE and DROP DATABASE cannot run inside a transaction block";
	if ((!strcmp(w0, "CREATE") || !strcmp(w0, "DROP")) &&
	    !strcmp(w1, "TABLESPACE"))
		return "CREATE TABLESPACE and DROP TABLESPACE cannot run inside a transaction block";
	if (!strcmp(w0, "ALTER") && !strcmp(w1, "SYSTEM"))
		return "ALTER SYSTEM cannot run inside a transaction block";
	if (!strcmp(w0, "CREATE") && n > 2 &&
	    (!strcmp(w1, "INDEX") || (!strcmp(w1, "UNIQUE") && !strcmp(words[2], "INDEX"))) &&
	    has_word(words, n < 4 ? n : 4, 2, "CONCURRENTLY"))
		return "CREATE INDEX CONCURRENTLY cannot run inside a transaction block";
	if (!strcmp(w0, "DROP") && !strcmp(w1, "INDEX") && n > 2 &&
	    !strcmp(words[2], "CONCURRENTLY"))
		return "DROP INDEX CONCURRENTLY cannot run inside a transaction block";
	if (!strcmp(w0, "REINDEX") && has_word(words, n < 6 ? n : 6, 1, "CONCURRENTLY"))
		return "REINDEX CONCURRENTLY cannot run inside a transaction block";
	if (!strcmp(w0, "ALTER") && !strcmp(w1, "TABLE") &&
	    has_word(words, n, 2, "DETACH") && has_word(words, n, 2, "CONCURRENTLY"))
		return "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY cannot run inside a transaction block";
	if (!strcmp(w0, "ALTER") && !strcmp(w1, "TYPE") && server_version &&
	    server_version < 120000) {
		for (int i = 2; i + 1 < n; i++)
			if (!strcmp(words[i], "ADD") && !strcmp(words[i + 1], "VALUE"))
				return "ALTER TYPE ... ADD VALUE cannot run inside a transaction block before PostgreSQL 12";
	}
	if (!strcmp(w0, "BEGIN") || !strcmp(w0, "START") ||
	    !strcmp(w0, "COMMIT") || !strcmp(w0, "END") ||
	    !strcmp(w0, "ABORT") ||
	    (!strcmp(w0, "ROLLBACK") && !has_word(words, n, 1, "TO")) ||
	    (!strcmp(w0, "PREPARE") && !strcmp(w1, "TRANSACTION")))
		return "transaction control is not allowed in a version file: each version runs in one transaction that schemadiff commits";
	return NULL;
}
