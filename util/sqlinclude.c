/*
 * util/sqlinclude.c: client includes (psql's \i, \ir, \include,
 * \include_relative; the mysql client's source and \.) cut into pieces
 * in the order the client runs them (util/sqlinclude.h).
 *
 * An include is a client command, not SQL: psql reads a meta-command at
 * the start of any line outside a string, comment or dollar-quoted body;
 * the mysql client reads `source` only where a statement begins (after
 * the delimiter, DELIMITER lines followed), so a column named source in
 * a CREATE TABLE stays a column.
 *
 * Memory: everything returned is malloc'd (sd_sql_pieces_release()).
 */
#include "util/sqlinclude.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/banned.h"

struct include {
	size_t at, end;		/* the include line: [at, end), end past
				 * its newline */
	size_t arg;		/* offset of the file argument */
	char *name;		/* the file as written */
	bool relative;		/* to the including file's directory */
	const char *cmd;	/* the command, for messages */
};

struct includes {
	struct include *items;
	size_t n, alloc;
};

/* The files being read, outermost first, for cycles and messages. */
struct chain {
	const char *file[SD_SQL_INCLUDE_DEPTH + 2];
	char *real[SD_SQL_INCLUDE_DEPTH + 2];
	int line[SD_SQL_INCLUDE_DEPTH + 2];	/* of the include in it */
	size_t n;
};

static void push_include(struct includes *v, const struct include *in)
{
	if (v->n == v->alloc) {
		v->alloc = v->alloc ? 2 * v->alloc : 8;
		v->items = realloc(v->items, v->alloc * sizeof(*v->items));
		if (!v->items)
			abort();
	}
	v->items[v->n++] = *in;
}

static void includes_release(struct includes *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->items[i].name);
	free(v->items);
}

static const char *eol(const char *p, const char *end)
{
	const char *q = memchr(p, '\n', (size_t)(end - p));

	return q ? q : end;
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '$' ||
	       (unsigned char)c >= 0x80;
}

/* Past a quoted run opened at p (quote q); backslash: \ escapes. */
static const char *skip_quoted(const char *p, const char *end, char q,
			       bool backslash)
{
	for (p++; p < end; p++) {
		if (backslash && *p == '\\' && p + 1 < end) {
			p++;
			continue;
		}
		if (*p == q) {
			if (p + 1 < end && p[1] == q) {
				p++;
				continue;
			}
			return p + 1;
		}
	}
	return end;
}

/* A PostgreSQL dollar-quoted body opened at p: past its end, or NULL
 * when p opens none. */
static const char *skip_dollar(const char *p, const char *end)
{
	const char *t = p + 1;
	size_t taglen;

	while (t < end && (isalnum((unsigned char)*t) || *t == '_'))
		t++;
	if (t >= end || *t != '$' || (t > p + 1 && isdigit((unsigned char)p[1])))
		return NULL;
	taglen = (size_t)(t - p + 1);
	for (const char *s = t + 1; s + taglen <= end; s++)
		if (*s == '$' && !memcmp(s, p, taglen))
			return s + taglen;
	return end;
}

/* The argument of an include line [p, e): trimmed, a trailing `;` off
 * (the mysql client's), surrounding quotes off. NULL when empty. */
static char *include_arg(const char *p, const char *e, bool mysql,
			 size_t *skipped)
{
	const char *s = p;
	struct strbuf sb = STRBUF_INIT;

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	*skipped = (size_t)(s - p);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (mysql)
		while (e > s && (e[-1] == ';' || isspace((unsigned char)e[-1])))
			e--;
	if (e - s >= 2 && (*s == '\'' || *s == '"') && e[-1] == *s) {
		s++;
		e--;
	}
	if (e <= s)
		return NULL;
	strbuf_add(&sb, s, (size_t)(e - s));
	return strbuf_detach(&sb, NULL);
}

/* Is the line at p (blanks skipped: q) an include? Fills *in. */
static bool include_line(bool mysql, const char *text, const char *q,
			 const char *end, struct include *in)
{
	static const struct { const char *w; bool rel; } psql[] = {
		{ "i", false }, { "include", false },
		{ "ir", true }, { "include_relative", true },
	};
	const char *e = eol(q, end), *a = NULL;
	size_t skipped;

	memset(in, 0, sizeof(*in));
	if (mysql) {
		if (e - q > 6 && !strncasecmp(q, "source", 6) &&
		    (q[6] == ' ' || q[6] == '\t')) {
			a = q + 6;
			in->cmd = "source";
		} else if (e - q > 2 && q[0] == '\\' && q[1] == '.' &&
			   (q[2] == ' ' || q[2] == '\t')) {
			a = q + 2;
			in->cmd = "\\.";
		}
		in->relative = true;
	} else if (*q == '\\') {
		const char *w = q + 1;
		size_t n;

		while (w < e && (isalnum((unsigned char)*w) || *w == '_'))
			w++;
		n = (size_t)(w - q - 1);
		for (size_t i = 0; i < sizeof(psql) / sizeof(psql[0]); i++)
			if (n == strlen(psql[i].w) &&
			    !strncmp(q + 1, psql[i].w, n) &&
			    (w == e || *w == ' ' || *w == '\t')) {
				a = w;
				in->cmd = psql[i].w;
				in->relative = psql[i].rel;
			}
	}
	if (!a)
		return false;
	in->name = include_arg(a, e, mysql, &skipped);
	in->arg = (size_t)(a + skipped - text);
	in->end = e < end ? (size_t)(e - text) + 1 : (size_t)(end - text);
	return true;
}

/* A DELIMITER line of the mysql client at q: the new delimiter into d,
 * the line's end returned; NULL when q is none. */
static const char *delimiter_line(const char *q, const char *end, char *d,
				  size_t dsize)
{
	const char *e = eol(q, end), *s, *t;

	if (e - q < 10 || strncasecmp(q, "delimiter", 9) ||
	    (q[9] != ' ' && q[9] != '\t'))
		return NULL;
	for (s = q + 9; s < e && isspace((unsigned char)*s); s++)
		;
	for (t = s; t < e && !isspace((unsigned char)*t); t++)
		;
	if (t == s || (size_t)(t - s) >= dsize)
		return NULL;
	memcpy(d, s, (size_t)(t - s));
	d[t - s] = 0;
	return e;
}

/* The include lines of text, in order. */
static void find_includes(bool mysql, const char *text, struct includes *out)
{
	const char *p = text, *end = text + strlen(text);
	char delim[32] = ";";
	bool stmt_start = true;

	while (p < end) {
		if (p == text || p[-1] == '\n') {
			const char *q = p, *d;
			struct include in;

			while (q < end && (*q == ' ' || *q == '\t'))
				q++;
			if (mysql && stmt_start &&
			    (d = delimiter_line(q, end, delim, sizeof(delim)))) {
				p = d;
				continue;
			}
			if ((!mysql || stmt_start) &&
			    include_line(mysql, text, q, end, &in)) {
				in.at = (size_t)(p - text);
				push_include(out, &in);
				p = text + in.end;
				continue;
			}
		}
		if (mysql && !strncmp(p, delim, strlen(delim))) {
			stmt_start = true;
			p += strlen(delim);
			continue;
		}
		switch (*p) {
		case '\n': case ' ': case '\t': case '\r':
			p++;
			continue;
		case '\'':
			p = skip_quoted(p, end, '\'', mysql ||
					(p > text && (p[-1] == 'E' || p[-1] == 'e') &&
					 !(p - 1 > text && ident_char(p[-2]))));
			break;
		case '"':
			p = skip_quoted(p, end, '"', mysql);
			break;
		case '`':
			p = mysql ? skip_quoted(p, end, '`', false) : p + 1;
			break;
		case '#':
			if (!mysql) {
				p++;
				break;
			}
			p = eol(p, end);
			continue;
		case '-':
			if (p + 1 < end && p[1] == '-' &&
			    (!mysql || p + 2 >= end ||
			     isspace((unsigned char)p[2]))) {
				p = eol(p, end);
				continue;
			}
			p++;
			break;
		case '/':
			if (p + 1 < end && p[1] == '*') {
				/* MySQL's versioned comments are code */
				if (mysql && p + 2 < end &&
				    (p[2] == '!' || (p[2] == 'M' && p + 3 < end &&
						     p[3] == '!'))) {
					p += 3;
					break;
				}
				{
					const char *c = strstr(p + 2, "*/");
					p = c ? c + 2 : end;
				}
				continue;
			}
			p++;
			break;
		case '$':
			if (!mysql && !(p > text && ident_char(p[-1]))) {
				const char *q = skip_dollar(p, end);
				if (q) {
					p = q;
					break;
				}
			}
			p++;
			break;
		default:
			p++;
			break;
		}
		stmt_start = false;
	}
}

/* "a.sql:3 -> b.sql:5" */
static void chain_text(const struct chain *ch, struct strbuf *out)
{
	for (size_t i = 0; i < ch->n; i++)
		strbuf_addf(out, "%s%s:%d", i ? " -> " : "", ch->file[i],
			    ch->line[i]);
}

static void push_piece(struct sd_sql_pieces *out, const char *file,
		       const char *text, size_t from, size_t to)
{
	struct strbuf sb = STRBUF_INIT;
	struct sd_sql_piece *pc;

	/* the lines before `from` blank: positions stay the file's */
	for (size_t i = 0; i < from; i++)
		if (text[i] == '\n')
			strbuf_addch(&sb, '\n');
	strbuf_add(&sb, text + from, to - from);
	if (out->n == out->alloc) {
		out->alloc = out->alloc ? 2 * out->alloc : 8;
		out->items = realloc(out->items,
				     out->alloc * sizeof(*out->items));
		if (!out->items)
			abort();
	}
	pc = &out->items[out->n++];
	pc->file = strdup(file);
	if (!pc->file)
		abort();
	pc->text = strbuf_detach(&sb, NULL);
}

/* The path of an include in file: relative ones to file's directory
 * where the command says so. */
static void include_path(const char *file, const struct include *in,
			 struct strbuf *out)
{
	const char *slash = strrchr(file, '/');

	if (in->name[0] != '/' && in->relative && slash)
		strbuf_add(out, file, (size_t)(slash - file + 1));
	strbuf_addstr(out, in->name);
}

static int expand(bool mysql, const char *file, const char *text,
		  struct chain *ch, struct sd_sql_pieces *out,
		  struct sd_error *err)
{
	struct includes incs = { 0 };
	size_t from = 0;
	int ret = 0;

	find_includes(mysql, text, &incs);
	for (size_t i = 0; i < incs.n && !ret; i++) {
		const struct include *in = &incs.items[i];
		struct strbuf path = STRBUF_INIT, sub = STRBUF_INIT;
		struct strbuf where = STRBUF_INIT;
		struct sd_error rerr = { 0 };
		int line, col;
		char *real;

		sd_text_position(text, in->arg, &line, &col);
		push_piece(out, file, text, from, in->at);
		from = in->end;
		ch->line[ch->n - 1] = line;
		chain_text(ch, &where);
		if (!in->name) {
			ret = sd_error_set(err, SD_ERR_SYNTAX, file, line, col,
					   "%s names no file", in->cmd);
			goto next;
		}
		include_path(file, in, &path);
		if (ch->n > SD_SQL_INCLUDE_DEPTH) {
			ret = sd_error_set(err, SD_ERR, file, line, col,
					   "includes nest deeper than %d files: \"%s\" is not read",
					   SD_SQL_INCLUDE_DEPTH, in->name);
			sd_error_hint(err, "include chain: %s", where.buf);
			goto next;
		}
		if (sd_read_file(&sub, path.buf, &rerr)) {
			/* its reason, without the path said again */
			const char *why = strstr(rerr.msg, "\": ");

			ret = sd_error_set(err, SD_ERR_IO, file, line, col,
					   "cannot read the included file \"%s\": %s",
					   path.buf, why ? why + 3 : rerr.msg);
			if (ch->n > 1)
				sd_error_hint(err, "include chain: %s", where.buf);
			goto next;
		}
		real = realpath(path.buf, NULL);
		for (size_t k = 0; real && k < ch->n && !ret; k++)
			if (ch->real[k] && !strcmp(ch->real[k], real))
				ret = sd_error_set(err, SD_ERR, file, line, col,
						   "include cycle: \"%s\" is already being read (%s -> %s)",
						   path.buf, where.buf,
						   path.buf);
		if (ret) {
			free(real);
			goto next;
		}
		ch->file[ch->n] = path.buf;
		ch->real[ch->n] = real;
		ch->line[ch->n] = 0;
		ch->n++;
		ret = expand(mysql, path.buf, sub.buf, ch, out, err);
		ch->n--;
		free(real);
next:
		strbuf_release(&path);
		strbuf_release(&sub);
		strbuf_release(&where);
	}
	if (!ret)
		push_piece(out, file, text, from, strlen(text));
	includes_release(&incs);
	return ret;
}

int sd_sql_includes(bool mysql, const char *file, const char *text,
		    struct sd_sql_pieces *out, struct sd_error *err)
{
	struct chain ch;
	int ret;

	memset(&ch, 0, sizeof(ch));
	ch.file[0] = file;
	ch.real[0] = realpath(file, NULL);
	ch.n = 1;
	ret = expand(mysql, file, text, &ch, out, err);
	free(ch.real[0]);
	return ret;
}

void sd_sql_pieces_release(struct sd_sql_pieces *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->items[i].file);
		free(p->items[i].text);
	}
	free(p->items);
	p->items = NULL;
	p->n = p->alloc = 0;
}
