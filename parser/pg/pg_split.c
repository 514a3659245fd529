/*
 * parser/pg/pg_split.c: split a script into statements (libpg_query's
 * pg_query_split_with_parser) and tell which statements cannot run inside a
 * transaction block. See pg_split.h.
 *
 * Memory: statements are copied into the script's arena; libpg_query's
 * split results are freed window by window (see pg_split_spans()).
 */
#include "parser/pg/pg_split.h"

#include <ctype.h>
#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"
#include "util/text.h"
#include "util/sqlinclude.h"

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

/* Can c continue an identifier (letters, digits, _, $, non-ASCII)? */
static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '$' ||
	       ((unsigned char)c & 0x80);
}

/* Skip a quoted literal or identifier opening at p (quote q): returns
 * just past its end, or limit. backslash: E'...' escapes. */
static const char *skip_quoted(const char *p, const char *limit, char q,
			       bool backslash)
{
	for (p++; p < limit; p++) {
		if (backslash && *p == '\\') {
			p++;
		} else if (*p == q) {
			if (p + 1 < limit && p[1] == q)
				p++;
			else
				return p + 1;
		}
	}
	return limit;
}

/* Skip a dollar-quoted string opening at p ($$ or $tag$): returns just
 * past its closing tag, or limit; NULL when p opens no such string. */
static const char *skip_dollar(const char *p, const char *limit)
{
	const char *q = p + 1;
	size_t tlen;

	if (q < limit && (isdigit((unsigned char)*q)))
		return NULL;	/* $1: a parameter */
	while (q < limit && *q != '$' && ident_char(*q))
		q++;
	if (q >= limit || *q != '$')
		return NULL;
	tlen = (size_t)(q + 1 - p);
	for (q++; q + tlen <= limit; q++)
		if (*q == '$' && !memcmp(q, p, tlen))
			return q + tlen;
	return limit;
}

/*
 * Where a window of sql[pos, limit) should end: just past the last ';'
 * outside literals, quoted names, comments, dollar quotes and parentheses.
 * Only a guess (BEGIN ATOMIC bodies hold such ';' too): the parser checks
 * it. limit when there is none.
 */
static size_t window_end(const char *sql, size_t pos, size_t limit)
{
	const char *p = sql + pos, *end = sql + limit, *cut = NULL;
	int depth = 0;

	while (p < end) {
		const char *q;

		switch (*p) {
		case '\'':
			q = p > sql + pos && (p[-1] == 'E' || p[-1] == 'e') &&
				    !(p - 1 > sql + pos && ident_char(p[-2]))
				    ? p : NULL;
			p = skip_quoted(p, end, '\'', q != NULL);
			continue;
		case '"':
			p = skip_quoted(p, end, '"', false);
			continue;
		case '-':
		case '/':
			if (p + 1 < end && (p[1] == '-' || p[1] == '*') &&
			    (p[1] == '*') == (*p == '/')) {
				p = skip_space(p, end);
				continue;
			}
			break;
		case '$':
			if (p > sql + pos && ident_char(p[-1]))
				break;
			if ((q = skip_dollar(p, end))) {
				p = q;
				continue;
			}
			break;
		case '(':
			depth++;
			break;
		case ')':
			if (depth)
				depth--;
			break;
		case ';':
			if (!depth)
				cut = p + 1;
			break;
		default:
			break;
		}
		p++;
	}
	return cut ? (size_t)(cut - sql) : limit;
}

/* psql meta-commands that change nothing in the database a file builds
 * (output, formatting, variables, pg_dump's \restrict keys). */
static const char *const meta_ignored[] = {
	"restrict", "unrestrict", "set", "unset", "echo", "qecho", "warn",
	"pset", "a", "t", "x", "C", "f", "H", "T", "timing", "encoding",
	"o", "out", "conninfo", "errverbose", "setenv", "getenv", "prompt",
	"cd", NULL,
};

/* Is p (a '\') the first thing on its line? */
static bool line_start(const char *sql, const char *p)
{
	while (p > sql && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	return p == sql || p[-1] == '\n';
}

int pg_psql_meta(const char *sql, char **masked, struct pg_split_error *e)
{
	const char *p = sql, *end = sql + strlen(sql);

	*masked = NULL;
	while (p < end) {
		const char *q, *w, *eol;
		char word[32];
		size_t n;
		bool ok = false;

		switch (*p) {
		case '\'':
			q = p > sql && (p[-1] == 'E' || p[-1] == 'e') &&
				    !(p - 1 > sql && ident_char(p[-2]))
				    ? p : NULL;
			p = skip_quoted(p, end, '\'', q != NULL);
			continue;
		case '"':
			p = skip_quoted(p, end, '"', false);
			continue;
		case '-':
		case '/':
			if (p + 1 < end && (p[1] == '-' || p[1] == '*') &&
			    (p[1] == '*') == (*p == '/')) {
				p = skip_space(p, end);
				continue;
			}
			break;
		case '$':
			if (p > sql && ident_char(p[-1]))
				break;
			if ((q = skip_dollar(p, end))) {
				p = q;
				continue;
			}
			break;
		case '\\':
			if (!line_start(sql, p))
				break;
			for (w = p + 1; w < end && (isalnum((unsigned char)*w) ||
						     *w == '_' || *w == '!' ||
						     *w == '?'); w++)
				;
			n = (size_t)(w - p - 1);
			if (n >= sizeof(word))
				n = sizeof(word) - 1;
			memcpy(word, p + 1, n);
			word[n] = 0;
			for (int i = 0; meta_ignored[i] && !ok; i++)
				ok = !strcmp(word, meta_ignored[i]);
			if (!ok) {
				e->has_pos = true;
				e->offset = (size_t)(p - sql);
				snprintf(e->msg, sizeof(e->msg),
					 "psql meta-command \"\\%s\" is not "
					 "supported: it changes what the file "
					 "runs (only meta-commands that change "
					 "nothing, like \\restrict, \\set, "
					 "\\echo, are ignored)", word);
				free(*masked);
				*masked = NULL;
				return SD_ERR_UNSUPPORTED;
			}
			if (!*masked) {
				size_t len = (size_t)(end - sql);
				*masked = malloc(len + 1);
				if (!*masked)
					abort();
				memcpy(*masked, sql, len + 1);
			}
			eol = memchr(p, '\n', (size_t)(end - p));
			if (!eol)
				eol = end;
			memset(*masked + (p - sql), ' ', (size_t)(eol - p));
			p = eol;
			continue;
		default:
			break;
		}
		p++;
	}
	return 0;
}

static void span_push(struct pg_span **out, size_t *n, size_t *alloc,
		      size_t loc, size_t len)
{
	if (*n == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 256;
		struct pg_span *p = realloc(*out, na * sizeof(*p));
		if (!p)
			abort();
		*out = p;
		*alloc = na;
	}
	(*out)[*n].loc = loc;
	(*out)[(*n)++].len = len;
}

int pg_split_spans(const char *sql, size_t window, struct pg_span **out,
		   size_t *nout, struct pg_split_error *e)
{
	size_t len = strlen(sql), pos = 0, alloc = 0;
	size_t base = window ? window : PG_SPLIT_WINDOW, cur = base;
	struct strbuf chunk = STRBUF_INIT;
	int ret = 0;

	*out = NULL;
	*nout = 0;
	while (pos < len) {
		size_t limit = len - pos <= cur ? len : pos + cur;
		size_t end = limit == len ? len : window_end(sql, pos, limit);
		bool last = end == len;
		PgQuerySplitResult res;
		int keep;

		strbuf_reset(&chunk);
		strbuf_add(&chunk, sql + pos, end - pos);
		res = pg_query_split_with_parser(chunk.buf);
		if (res.error && last) {
			e->has_pos = res.error->cursorpos > 0;
			e->offset = pos + (e->has_pos ?
				    pg_char_to_byte(chunk.buf,
						    res.error->cursorpos) : 0);
			snprintf(e->msg, sizeof(e->msg), "%s",
				 res.error->message);
			pg_query_free_split_result(res);
			ret = SD_ERR_SYNTAX;
			break;
		}
		/* the window's last statement may be cut short: taken from
		 * the next window, unless this one reaches the end */
		keep = res.error ? 0 : last ? res.n_stmts : res.n_stmts - 1;
		if (!last && keep <= 0) {
			pg_query_free_split_result(res);
			cur *= 2;
			continue;
		}
		for (int i = 0; i < keep; i++) {
			size_t loc = (size_t)res.stmts[i]->stmt_location;
			size_t n = (size_t)res.stmts[i]->stmt_len;

			/* stmt_len 0 means "to the end of the text" */
			if (!n || loc + n > end - pos)
				n = end - pos - loc;
			span_push(out, nout, &alloc, pos + loc, n);
		}
		pos = last ? len : pos + (size_t)res.stmts[keep]->stmt_location;
		pg_query_free_split_result(res);
		cur = base;
	}
	strbuf_release(&chunk);
	return ret;
}

/* Line and column of offset, counted on from an earlier offset *at whose
 * line and column are *line and *col (as sd_text_position() counts). */
static void position_from(const char *sql, size_t *at, size_t offset,
			  int *line, int *col)
{
	for (size_t i = *at; i < offset && sql[i]; i++) {
		if (sql[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)sql[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
	*at = offset;
}

static int split_one(const char *file, const char *sql,
		     struct pg_script *out, struct sd_error *err)
{
	struct pg_split_error se;
	struct pg_span *spans;
	size_t nspans, at = 0;
	int ret, line = 1, col = 1;
	char *masked;

	arena_init(&out->arena);
	out->stmts = NULL;
	out->nstmts = 0;
	if ((ret = sd_utf8_check(sql, file, err)))
		return ret;
	spans = NULL;
	ret = pg_psql_meta(sql, &masked, &se);
	if (masked)
		sql = masked;
	if (!ret)
		ret = pg_split_spans(sql, 0, &spans, &nspans, &se);
	if (ret) {
		int eline = 0, ecol = 0;
		if (se.has_pos)
			sd_text_position(sql, se.offset, &eline, &ecol);
		ret = sd_error_set(err, ret, file, eline, ecol, "%s",
				   se.msg);
		goto out_free;
	}
	out->stmts = arena_alloc(&out->arena,
				 (nspans + 1) * sizeof(*out->stmts));
	for (size_t i = 0; i < nspans; i++) {
		const char *start, *stop;
		struct pg_stmt *st;

		start = skip_space(sql + spans[i].loc,
				   sql + spans[i].loc + spans[i].len);
		stop = sql + spans[i].loc + spans[i].len;
		while (stop > start && (isspace((unsigned char)stop[-1]) ||
					stop[-1] == ';'))
			stop--;
		if (start >= stop)
			continue;
		st = &out->stmts[out->nstmts++];
		st->offset = (size_t)(start - sql);
		st->sql = arena_strndup(&out->arena, start, (size_t)(stop - start));
		/* statements come in text order: count lines as we go */
		position_from(sql, &at, st->offset, &line, &col);
		st->line = line;
		st->col = col;
	}
out_free:
	free(spans);
	free(masked);
	return ret;
}

int pg_split(const char *file, const char *sql, struct pg_script *out,
	     struct sd_error *err)
{
	struct sd_sql_pieces pieces = SD_SQL_PIECES_INIT;
	struct pg_script *parts;
	size_t total = 0;
	int ret;

	/* the files it includes (\i, \ir ...), where psql would run them;
	 * a statement of one is placed by its line in that file */
	ret = sd_sql_includes(false, file, sql, &pieces, err);
	if (!ret && pieces.n == 1) {
		sd_sql_pieces_release(&pieces);
		return split_one(file, sql, out, err);
	}
	arena_init(&out->arena);
	out->stmts = NULL;
	out->nstmts = 0;
	parts = calloc(pieces.n + 1, sizeof(*parts));
	if (!parts)
		abort();
	for (size_t i = 0; i < pieces.n && !ret; i++) {
		ret = split_one(pieces.items[i].file, pieces.items[i].text,
				&parts[i], err);
		total += parts[i].nstmts;
	}
	if (!ret) {
		out->stmts = arena_alloc(&out->arena,
					 (total + 1) * sizeof(*out->stmts));
		for (size_t i = 0; i < pieces.n; i++)
			for (size_t k = 0; k < parts[i].nstmts; k++) {
				struct pg_stmt *st = &out->stmts[out->nstmts++];

				*st = parts[i].stmts[k];
				st->sql = arena_strndup(&out->arena, st->sql,
							strlen(st->sql));
			}
	}
	for (size_t i = 0; i < pieces.n; i++)
		pg_script_release(&parts[i]);
	free(parts);
	sd_sql_pieces_release(&pieces);
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
