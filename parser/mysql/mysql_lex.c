/*
 * parser/mysql/mysql_lex.c: the MySQL tokenizer. One pass over a file's
 * text gives its statements, each an array of tokens with positions:
 * strings with backslash escapes and doubled quotes (ANSI_QUOTES off, so
 * "..." is a string), `backquoted` identifiers, comments (-- needs a space
 * after it, #, C style), versioned comments whose contents are SQL when
 * the target server runs them, and the mysql client's DELIMITER lines. With the
 * delimiter `;`, a CREATE statement's BEGIN ... END body is not cut at its
 * inner semicolons (as a server-side splitter must not either).
 *
 * Memory: everything in the arena given to my_lex(); mysql_split() copies
 * the statements into the struct pg_script's arena.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/mysql/mysql_internal.h"
#include "parser/mysql/mysql_parser.h"
#include "util/sqlinclude.h"
#include "util/banned.h"

struct lexer {
	struct arena *a;
	const char *file;
	const char *s;
	size_t i;
	int line;
	size_t line_start;
	char delim[64];
	size_t dlen;
	const struct sd_mysql_target *target;	/* NULL: mysql_split */
	bool vcomment;		/* inside a versioned comment */
	size_t vstart;		/* where the pending statement's text begins */
	bool have_vstart;
	struct sd_error *err;
};

static int col_of(const struct lexer *lx, size_t i)
{
	return (int)(i - lx->line_start) + 1;
}

static void adv(struct lexer *lx)
{
	if (lx->s[lx->i] == '\n') {
		lx->line++;
		lx->line_start = lx->i + 1;
	}
	lx->i++;
}

static int lex_error(struct lexer *lx, size_t at, int line, int col,
		     const char *what)
{
	(void)at;
	return sd_error_set(lx->err, SD_ERR_SYNTAX, lx->file, line, col,
			    "%s", what);
}

static bool is_word_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/* Whether a server runs a versioned comment: mform for slash-star-M-bang
 * (MariaDB's own), version -1 when none is written. MariaDB runs
 * slash-star-M-bang up to its version, and slash-star-bang up to its
 * version too except the MySQL 5.7 and later numbers (50700 to 99999),
 * which it skips; MySQL runs slash-star-bang up to its version and takes
 * slash-star-M-bang as a plain comment. No target (mysql_split: the text
 * goes to a server that decides): every version a server can have. */
static bool target_runs(const struct sd_mysql_target *t, bool mform,
			long version)
{
	long have;

	if (!t)
		return version <= 129999;
	if (t->flavor == SD_FLAVOR_MYSQL) {
		have = t->version ? t->version : 80499;
		return !mform && version <= have;
	}
	have = t->version ? t->version : 101199;
	if (!mform && version >= 50700 && version < 100000)
		return false;
	return version <= have;
}

/* The length of a versioned comment's opener at p (slash-star-bang or
 * slash-star-M-bang, then the version), or 0: not one, or one the
 * target does not run (mariadb-dump's sandbox line, 999999, or a MySQL
 * 8 clause on MariaDB), which is a plain comment. */
static size_t versioned_opener(const struct lexer *lx, const char *p)
{
	size_t n, digits;
	long version = 0;
	bool mform;

	if (p[2] == '!')
		n = 3;
	else if (p[2] == 'M' && p[3] == '!')
		n = 4;
	else
		return 0;
	mform = n == 4;
	digits = n;
	while (isdigit((unsigned char)p[n]) && version < 1000000)
		version = version * 10 + (p[n++] - '0');
	if (n == digits)
		version = -1;
	return target_runs(lx->target, mform, version) ? n : 0;
}

/* Skip white space and comments; a versioned comment's opener is skipped
 * (its text is SQL) and its closer too. 0 or an error. */
static int skip_space(struct lexer *lx, bool empty_stmt)
{
	const char *s = lx->s;

	for (;;) {
		unsigned char c = (unsigned char)s[lx->i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			adv(lx);
		} else if (c == '#' ||
			   (c == '-' && s[lx->i + 1] == '-' &&
			    (s[lx->i + 2] == ' ' || s[lx->i + 2] == '\t' ||
			     s[lx->i + 2] == '\n' || s[lx->i + 2] == '\r' ||
			     !s[lx->i + 2]))) {
			while (s[lx->i] && s[lx->i] != '\n')
				adv(lx);
		} else if (c == '/' && s[lx->i + 1] == '*' &&
			   versioned_opener(lx, s + lx->i)) {
			if (empty_stmt && !lx->have_vstart) {
				lx->vstart = lx->i;
				lx->have_vstart = true;
			}
			lx->i += versioned_opener(lx, s + lx->i);
			lx->vcomment = true;
		} else if (c == '/' && s[lx->i + 1] == '*') {
			int line = lx->line, col = col_of(lx, lx->i);
			adv(lx);
			adv(lx);
			while (s[lx->i] && !(s[lx->i] == '*' &&
					     s[lx->i + 1] == '/'))
				adv(lx);
			if (!s[lx->i])
				return lex_error(lx, lx->i, line, col,
						 "unterminated comment");
			lx->i += 2;
		} else if (lx->vcomment && c == '*' && s[lx->i + 1] == '/') {
			lx->i += 2;
			lx->vcomment = false;
		} else {
			return 0;
		}
	}
}

/* A DELIMITER line at the start of a statement: 1 when one was read. */
static int delimiter_line(struct lexer *lx)
{
	const char *p = lx->s + lx->i;
	size_t n = 0;

	if (strncasecmp(p, "delimiter", 9) ||
	    (p[9] != ' ' && p[9] != '\t'))
		return 0;
	p += 9;
	while (*p == ' ' || *p == '\t')
		p++;
	while (p[n] && p[n] != '\n' && p[n] != '\r' && p[n] != ' ' &&
	       p[n] != '\t')
		n++;
	if (!n || n >= sizeof(lx->delim))
		return 0;
	memcpy(lx->delim, p, n);
	lx->delim[n] = '\0';
	lx->dlen = n;
	while (lx->s[lx->i] && lx->s[lx->i] != '\n')
		adv(lx);
	return 1;
}

static const char *const ops3[] = { "<=>", "->>", NULL };
static const char *const ops2[] = { "<=", ">=", "<>", "!=", ":=", "||",
				     "&&", "<<", ">>", "->", NULL };

/* Read a quoted string or identifier closed by q: the value into out. */
static int read_quoted(struct lexer *lx, char q, struct strbuf *out)
{
	const char *s = lx->s;
	int line = lx->line, col = col_of(lx, lx->i);

	adv(lx);
	for (;;) {
		char c = s[lx->i];
		if (!c)
			return lex_error(lx, lx->i, line, col,
					 q == '`' ? "unterminated identifier" :
					 "unterminated string");
		if (c == q && s[lx->i + 1] == q) {
			strbuf_addch(out, q);
			lx->i += 2;
		} else if (c == q) {
			lx->i++;
			return 0;
		} else if (c == '\\' && q != '`' && s[lx->i + 1]) {
			char e = s[lx->i + 1];
			switch (e) {
			case 'n': strbuf_addch(out, '\n'); break;
			case 't': strbuf_addch(out, '\t'); break;
			case 'r': strbuf_addch(out, '\r'); break;
			case 'b': strbuf_addch(out, '\b'); break;
			case '0': strbuf_addch(out, '\0'); break;
			case 'Z': strbuf_addch(out, 26); break;
			case '%': case '_':
				strbuf_addch(out, '\\');
				strbuf_addch(out, e);
				break;
			default: strbuf_addch(out, e); break;
			}
			adv(lx);
			adv(lx);
		} else {
			strbuf_addch(out, c);
			adv(lx);
		}
	}
}

/* One token at lx->i into t. */
static int read_token(struct lexer *lx, struct my_token *t)
{
	const char *s = lx->s;
	unsigned char c = (unsigned char)s[lx->i];
	struct strbuf v = STRBUF_INIT;
	size_t start = lx->i;
	int ret = 0;

	t->off = start;
	t->line = lx->line;
	t->col = col_of(lx, start);
	if (c == '`' || c == '\'' || c == '"') {
		ret = read_quoted(lx, (char)c, &v);
		t->type = c == '`' ? MT_QIDENT : MT_STRING;
		t->text = arena_strndup(lx->a, v.buf, v.len);
	} else if ((c == 'x' || c == 'X' || c == 'b' || c == 'B') &&
		   s[lx->i + 1] == '\'') {
		lx->i += 2;
		while (s[lx->i] && s[lx->i] != '\'')
			adv(lx);
		if (!s[lx->i])
			ret = lex_error(lx, start, t->line, t->col,
					"unterminated string");
		else
			lx->i++;
		t->type = MT_HEXBIT;
	} else if (c == '0' && (s[lx->i + 1] == 'x' || s[lx->i + 1] == 'b') &&
		   isxdigit((unsigned char)s[lx->i + 2])) {
		lx->i += 2;
		while (isxdigit((unsigned char)s[lx->i]))
			lx->i++;
		t->type = MT_HEXBIT;
	} else if (isdigit(c) ||
		   (c == '.' && isdigit((unsigned char)s[lx->i + 1]))) {
		while (isdigit((unsigned char)s[lx->i]))
			lx->i++;
		if (s[lx->i] == '.')
			for (lx->i++; isdigit((unsigned char)s[lx->i]);)
				lx->i++;
		if ((s[lx->i] == 'e' || s[lx->i] == 'E') &&
		    (isdigit((unsigned char)s[lx->i + 1]) ||
		     ((s[lx->i + 1] == '-' || s[lx->i + 1] == '+') &&
		      isdigit((unsigned char)s[lx->i + 2])))) {
			lx->i += 2;
			while (isdigit((unsigned char)s[lx->i]))
				lx->i++;
		}
		t->type = MT_NUMBER;
		if (is_word_char((unsigned char)s[lx->i])) {
			/* 1abc: an identifier starting with digits */
			while (is_word_char((unsigned char)s[lx->i]))
				lx->i++;
			t->type = MT_WORD;
		}
	} else if (is_word_char(c)) {
		/* END$$ with the delimiter $$: the word stops before it */
		bool custom = lx->dlen != 1 || lx->delim[0] != ';';
		while (is_word_char((unsigned char)s[lx->i]) &&
		       !(custom && lx->i > start &&
			 !strncmp(s + lx->i, lx->delim, lx->dlen)))
			lx->i++;
		t->type = MT_WORD;
	} else if (c == '@') {
		lx->i++;
		if (s[lx->i] == '@')
			lx->i++;
		if (s[lx->i] == '\'' || s[lx->i] == '"' || s[lx->i] == '`')
			ret = read_quoted(lx, s[lx->i], &v);
		else
			while (is_word_char((unsigned char)s[lx->i]) ||
			       s[lx->i] == '.')
				lx->i++;
		t->type = MT_VAR;
	} else {
		size_t n = 1;
		for (int k = 0; ops3[k]; k++)
			if (!strncmp(s + lx->i, ops3[k], 3))
				n = 3;
		for (int k = 0; n == 1 && ops2[k]; k++)
			if (!strncmp(s + lx->i, ops2[k], 2))
				n = 2;
		lx->i += n;
		t->type = MT_OP;
	}
	t->end = lx->i;
	if (!t->text)
		t->text = arena_strndup(lx->a, s + start, lx->i - start);
	strbuf_release(&v);
	return ret;
}

static bool word_is(const struct my_token *t, const char *w)
{
	return t->type == MT_WORD && !strcasecmp(t->text, w);
}

/* Compound-statement nesting of a CREATE ... BEGIN ... END body, for the
 * delimiter `;`: BEGIN and CASE open, END closes unless followed by IF,
 * LOOP, WHILE or REPEAT (whose openers are not counted). ALTER EVENT ...
 * DO BEGIN ... END counts too (alter_event: the statement is one). */
struct nesting {
	int depth;
	bool pending_end;
	bool alter_event;
};

static void nest_token(struct nesting *n, const struct my_token *toks,
		       size_t ntoks)
{
	const struct my_token *t = &toks[ntoks - 1];

	if (!word_is(&toks[0], "create") && !n->alter_event)
		return;
	if (n->pending_end) {
		n->pending_end = false;
		if (!(word_is(t, "if") || word_is(t, "loop") ||
		      word_is(t, "while") || word_is(t, "repeat")) &&
		    n->depth > 0)
			n->depth--;
		if (word_is(t, "case"))
			return;	/* END CASE closes, it opens nothing */
	}
	if (word_is(t, "begin") || word_is(t, "case"))
		n->depth++;
	else if (word_is(t, "end"))
		n->pending_end = true;
}

/* The tokens of the statement being read, reused from one statement to
 * the next (malloc'd): a statement's array is copied once, at its end,
 * into the arena. */
struct tokbuf {
	struct my_token *items;
	size_t len, alloc;
};

static struct my_token *tokbuf_next(struct tokbuf *b)
{
	if (b->len == b->alloc) {
		b->alloc = b->alloc ? 2 * b->alloc : 64;
		b->items = realloc(b->items, b->alloc * sizeof(*b->items));
		if (!b->items)
			abort();
	}
	memset(&b->items[b->len], 0, sizeof(b->items[b->len]));
	return &b->items[b->len];
}

static void end_stmt(struct lexer *lx, struct tokbuf *toks, size_t end,
		     struct vec *stmts)
{
	struct my_stmt *st;

	if (!toks->len)
		return;
	st = arena_alloc(lx->a, sizeof(*st));
	st->toks = arena_alloc(lx->a, (toks->len + 1) * sizeof(*st->toks));
	memcpy(st->toks, toks->items, toks->len * sizeof(*st->toks));
	st->ntoks = toks->len;
	st->toks[st->ntoks].type = MT_EOF;
	st->toks[st->ntoks].text = "";
	st->toks[st->ntoks].off = end;
	st->toks[st->ntoks].end = end;
	{
		/* the end: just after the last token (strings may span
		 * lines: then its start) */
		const struct my_token *last = &st->toks[st->ntoks - 1];
		bool nl = memchr(lx->s + last->off, '\n',
				 last->end - last->off) != NULL;
		st->toks[st->ntoks].line = last->line;
		st->toks[st->ntoks].col = last->col +
			(nl ? 0 : (int)(last->end - last->off));
	}
	st->file = lx->file;
	st->sql = lx->s;
	st->off = lx->have_vstart ? lx->vstart : st->toks[0].off;
	st->end = end;
	while (st->end > st->off &&
	       isspace((unsigned char)lx->s[st->end - 1]))
		st->end--;
	st->line = st->toks[0].line;
	st->col = st->toks[0].col;
	if (lx->have_vstart)
		sd_text_position(lx->s, st->off, &st->line, &st->col);
	st->order = stmts->len;
	vec_push(stmts, st);
	toks->len = 0;
}

int my_lex(struct arena *a, const char *file, const char *sql,
	   const struct sd_mysql_target *target, struct vec *stmts,
	   struct sd_error *err)
{
	struct lexer lx;
	struct tokbuf toks = { NULL, 0, 0 };
	struct nesting nest = { 0, false, false };
	int ret = 0;

	memset(&lx, 0, sizeof(lx));
	lx.a = a;
	lx.file = file;
	lx.target = target;
	lx.s = sql;
	lx.line = 1;
	lx.err = err;
	lx.delim[0] = ';';
	lx.dlen = 1;
	for (;;) {
		struct my_token *t;

		if ((ret = skip_space(&lx, toks.len == 0)))
			break;
		if (!sql[lx.i])
			break;
		if (!toks.len && delimiter_line(&lx))
			continue;
		if (!strncmp(sql + lx.i, lx.delim, lx.dlen)) {
			if (nest.pending_end) {
				nest.pending_end = false;
				if (nest.depth > 0)
					nest.depth--;
			}
			if (lx.dlen != 1 || lx.delim[0] != ';' ||
			    nest.depth == 0) {
				end_stmt(&lx, &toks, lx.i, stmts);
				lx.i += lx.dlen;
				lx.have_vstart = false;
				nest.depth = 0;
				nest.alter_event = false;
				continue;
			}
		}
		t = tokbuf_next(&toks);
		if ((ret = read_token(&lx, t)))
			break;
		toks.len++;
		/* ALTER EVENT, ALTER DEFINER = .. EVENT (not ALTER TABLE:
		 * a column may be named begin) */
		if (toks.len == 2 &&
		    word_is(&toks.items[0], "alter") &&
		    (word_is(t, "event") || word_is(t, "definer")))
			nest.alter_event = true;
		{
			/* nest_token looks at the first and the last token */
			struct my_token two[2];
			two[0] = toks.items[0];
			two[1] = *t;
			nest_token(&nest, two, toks.len == 1 ? 1 : 2);
		}
	}
	if (!ret)
		end_stmt(&lx, &toks, lx.i, stmts);
	free(toks.items);
	return ret;
}

int mysql_split(const char *file, const char *sql, struct pg_script *out,
		struct sd_error *err)
{
	struct arena a = ARENA_INIT;
	struct vec stmts = VEC_INIT;
	struct vec texts = VEC_INIT;	/* each statement's piece's text */
	struct sd_sql_pieces pieces = SD_SQL_PIECES_INIT;
	int ret;

	arena_init(&a);
	/* the files it includes, where the client would run them (a
	 * statement of one is placed by its line in that file) */
	ret = sd_sql_includes(true, file, sql, &pieces, err);
	for (size_t k = 0; k < pieces.n && !ret; k++) {
		size_t before = stmts.len;

		ret = my_lex(&a, pieces.items[k].file, pieces.items[k].text,
			     NULL, &stmts, err);
		for (size_t i = before; i < stmts.len; i++)
			vec_push(&texts, pieces.items[k].text);
	}
	if (!ret && stmts.len) {
		out->stmts = arena_alloc(&out->arena,
					 stmts.len * sizeof(*out->stmts));
		for (size_t i = 0; i < stmts.len; i++) {
			struct my_stmt *st = stmts.items[i];
			struct pg_stmt *ps = &out->stmts[out->nstmts++];
			const char *text = texts.items[i];

			ps->sql = arena_strndup(&out->arena, text + st->off,
						st->end - st->off);
			ps->offset = st->off;
			ps->line = st->line;
			ps->col = st->col;
		}
	}
	sd_sql_pieces_release(&pieces);
	vec_release(&texts);
	vec_release(&stmts);
	arena_release(&a);
	return ret;
}
