/*
 * parser/mysql/mysql_expr.c: canonical text of what the MySQL parser
 * stores as text: expressions (CHECK, DEFAULT, generated columns,
 * partitioning, views), column types and character sets, per
 * docs/mysql.md. Expressions are re-printed from their tokens, not
 * parsed: identifiers backquoted, keywords and function names in lower
 * case, one spacing (`\`a\` > 0 and \`b\` in (1,2)`), so that two
 * spellings of one schema give one text, and the text is valid MySQL.
 *
 * Memory: results in the caller's strbuf or in ctx->tmp.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/mysql/mysql_internal.h"
#include "util/banned.h"

const char *my_lower(struct my_ctx *ctx, const char *s)
{
	char *r = arena_strdup(&ctx->tmp, s);
	for (char *p = r; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return r;
}

static bool in_list(const char *w, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcasecmp(w, list[i]))
			return true;
	return false;
}

/* Words printed as keywords (lower case, bare) in expressions and view
 * queries; any other bare word not followed by `(` is an identifier. */
static const char *const keywords[] = {
	"and", "or", "not", "xor", "in", "is", "null", "like", "between",
	"case", "when", "then", "else", "end", "true", "false", "div", "mod",
	"regexp", "rlike", "binary", "collate", "escape", "exists",
	"distinct", "as", "interval", "asc", "desc", "sounds", "unknown",
	"current_date", "current_time", "current_timestamp", "localtime",
	"localtimestamp", "current_user", "utc_date", "utc_time",
	"utc_timestamp", "using", "separator", "unsigned", "signed",
	"select", "from", "where", "group", "by", "having", "order", "limit",
	"offset", "join", "inner", "left", "right", "outer", "cross",
	"natural", "on", "union", "all", "straight_join", "with", "rollup",
	"for", "lock", "share", "mode", "any", "some", "leading",
	"trailing", "both", "over", "partition", "rows", "range",
	"preceding", "following", "unbounded", "current", "row", "window",
	"values", "less", "than", "maxvalue", "default", "into", "set",
	"recursive", "lateral", "except", "intersect", "date", "time",
	"timestamp", "char", "character", "decimal", "integer", "json",
	"nchar", "float", "double", "real", "zerofill", "year", "day",
	"hour", "minute", "second", "month", "week", "quarter",
	"microsecond", "day_hour", "day_minute", "day_second",
	"hour_minute", "hour_second", "minute_second", "year_month",
	"day_microsecond", "hour_microsecond", "minute_microsecond",
	"second_microsecond", "member", "of", "no", "ignore", "high_priority",
	"sql_calc_found_rows", "sql_no_cache", "sql_cache", "nulls",
	NULL
};

/* Words that are keywords only in some places (column names too). */
static const char *const weak[] = {
	"date", "time", "timestamp", "year", "day", "hour", "minute",
	"second", "month", "week", "quarter", "microsecond", "char",
	"character", "decimal", "integer", "json", "float", "double",
	"real", "nchar", "mode", "share", "lock", "current", "row", "rows",
	"range", "window", "values", "less", "than", "offset", "no", "of",
	"member", "nulls", "unknown", "sounds", "signed", "unsigned",
	"preceding", "following", "unbounded", "over", "default", "day_hour",
	"day_minute", "day_second", "hour_minute", "hour_second",
	"minute_second", "year_month", "day_microsecond",
	"hour_microsecond", "minute_microsecond", "second_microsecond",
	"leading", "trailing", "both", "separator", "any", "some",
	"recursive", "lateral", "zerofill", "escape", "ignore", NULL
};

enum pk { P_NONE, P_OPEN, P_COMMA, P_OP, P_KW, P_FUNC, P_VALUE, P_DOT };

static bool is_ident_word(const struct my_token *toks, size_t i, size_t to)
{
	const struct my_token *t = &toks[i];
	const struct my_token *prev = i ? &toks[i - 1] : NULL;

	if (t->type != MT_WORD)
		return false;
	if (prev && prev->type == MT_OP && !strcmp(prev->text, "."))
		return true;
	if (i + 1 < to && toks[i + 1].type == MT_OP &&
	    !strcmp(toks[i + 1].text, ".") )
		return true;
	if (!in_list(t->text, keywords))
		return !(i + 1 < to && toks[i + 1].type == MT_OP &&
			 !strcmp(toks[i + 1].text, "("));
	if (!in_list(t->text, weak))
		return false;
	/* a weak keyword: a keyword after INTERVAL n, AS (cast), or when
	 * followed by a literal / `(`; else an identifier */
	if (i >= 2 && toks[i - 2].type == MT_WORD &&
	    !strcasecmp(toks[i - 2].text, "interval"))
		return false;
	if (prev && prev->type == MT_WORD &&
	    (in_list(prev->text, (const char *const[]){ "as", "using",
		     "interval", "unsigned", "signed", "binary", "with",
		     "lock", "in", "current", "unbounded", "less", "rows",
		     "range", "for", "not", "is", "member", "sounds", NULL })))
		return false;
	if (i + 1 < to && (toks[i + 1].type == MT_STRING ||
			   (toks[i + 1].type == MT_OP &&
			    !strcmp(toks[i + 1].text, "(")) ||
			   (toks[i + 1].type == MT_WORD &&
			    in_list(toks[i + 1].text, (const char *const[]){
				    "than", "mode", "row", "rows", "of",
				    "like", "preceding", "following", NULL }))))
		return false;
	return true;
}

static void put_string(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '\'');
	for (; *s; s++) {
		switch (*s) {
		case '\'': strbuf_addstr(out, "''"); break;
		case '\\': strbuf_addstr(out, "\\\\"); break;
		case '\n': strbuf_addstr(out, "\\n"); break;
		case '\r': strbuf_addstr(out, "\\r"); break;
		case '\t': strbuf_addstr(out, "\\t"); break;
		default: strbuf_addch(out, *s); break;
		}
	}
	strbuf_addch(out, '\'');
}

void my_print_tokens(struct strbuf *out, const struct my_token *toks,
		     size_t from, size_t to)
{
	enum pk prev = P_NONE, prev2 = P_NONE;

	for (size_t i = from; i < to; i++) {
		const struct my_token *t = &toks[i];
		enum pk kind;
		bool space = true;
		bool next_paren = i + 1 < to && toks[i + 1].type == MT_OP &&
				  !strcmp(toks[i + 1].text, "(");

		/* charset introducers: _utf8mb4'x', as one value */
		if (t->type == MT_WORD && t->text[0] == '_' && i + 1 < to &&
		    toks[i + 1].type == MT_STRING) {
			if (prev != P_NONE && prev != P_OPEN &&
			    prev != P_COMMA)
				strbuf_addch(out, ' ');
			for (const char *p = t->text; *p; p++)
				strbuf_addch(out, tolower((unsigned char)*p));
			prev = P_DOT;	/* no space before the string */
			continue;
		}
		if (t->type == MT_OP) {
			const char *o = t->text;
			if (!strcmp(o, "("))
				kind = P_OPEN;
			else if (!strcmp(o, ","))
				kind = P_COMMA;
			else if (!strcmp(o, ")"))
				kind = P_VALUE;
			else if (!strcmp(o, "."))
				kind = P_DOT;
			else
				kind = P_OP;
			if (!strcmp(o, ")") || !strcmp(o, ",") ||
			    kind == P_DOT)
				space = false;
			if (kind == P_OPEN && prev == P_FUNC)
				space = false;
		} else if (t->type == MT_WORD && !is_ident_word(toks, i, to)) {
			kind = next_paren && !in_list(t->text, (const char *
							       const[]){
				"in", "and", "or", "not", "exists", "xor",
				"as", "from", "where", "join", "on", "using",
				"over", "when", "then", "else", "is", "like",
				"select", "union", "values", "any", "some",
				"all", "by", "with", "between", "div", "mod",
				NULL }) ? P_FUNC : P_KW;
		} else {
			kind = P_VALUE;
		}
		if (prev == P_NONE || prev == P_OPEN || prev == P_COMMA ||
		    prev == P_DOT)
			space = false;
		/* unary sign or operator */
		if (prev == P_OP && t->type != MT_OP &&
		    (prev2 == P_NONE || prev2 == P_OPEN || prev2 == P_COMMA ||
		     prev2 == P_OP || prev2 == P_KW) &&
		    (!strcmp(toks[i - 1].text, "-") ||
		     !strcmp(toks[i - 1].text, "+") ||
		     !strcmp(toks[i - 1].text, "~") ||
		     !strcmp(toks[i - 1].text, "!")))
			space = false;
		if (space)
			strbuf_addch(out, ' ');
		switch (t->type) {
		case MT_QIDENT:
			sql_quote_ident(out, SQL_MYSQL, t->text);
			break;
		case MT_STRING: {
			/* 'a' 'b' is one string */
			struct strbuf v = STRBUF_INIT;
			strbuf_addstr(&v, t->text);
			while (i + 1 < to && toks[i + 1].type == MT_STRING)
				strbuf_addstr(&v, toks[++i].text);
			put_string(out, v.buf);
			strbuf_release(&v);
			break;
		}
		case MT_WORD:
			if (kind == P_VALUE) {
				sql_quote_ident(out, SQL_MYSQL, t->text);
			} else if ((!strcasecmp(t->text, "current_timestamp") ||
				    !strcasecmp(t->text, "localtimestamp") ||
				    !strcasecmp(t->text, "now")) &&
				   !(next_paren && i + 2 < to &&
				     strcmp(toks[i + 2].text, ")"))) {
				strbuf_addstr(out, "current_timestamp()");
				if (next_paren)
					i += 2;
				kind = P_VALUE;
			} else if (!strcasecmp(t->text, "current_timestamp") ||
				   !strcasecmp(t->text, "localtimestamp") ||
				   !strcasecmp(t->text, "now")) {
				strbuf_addstr(out, "current_timestamp");
			} else if (!strcasecmp(t->text, "div") ||
				   !strcasecmp(t->text, "mod")) {
				/* as MariaDB prints them */
				strbuf_addstr(out, !strcasecmp(t->text, "div") ?
						   "DIV" : "MOD");
			} else {
				for (const char *p = t->text; *p; p++)
					strbuf_addch(out, tolower(
						(unsigned char)*p));
			}
			break;
		case MT_HEXBIT:
			strbuf_addch(out, tolower((unsigned char)t->text[0]));
			strbuf_addstr(out, t->text + 1);
			break;
		default:
			/* != is <> to the server */
			strbuf_addstr(out, !strcmp(t->text, "!=") ? "<>" :
					   t->text);
			break;
		}
		prev2 = prev;
		prev = kind;
	}
}

/* Print a table expression: a column's table qualifier (`t`.`a`, the
 * only one a column expression can have) is dropped, as the server
 * prints it. */
static void print_table_expr(struct my_ctx *ctx, struct strbuf *out,
			     size_t from, size_t to)
{
	const struct my_token *tk = ctx->st->toks;
	struct my_token *kept = arena_alloc(&ctx->tmp,
					    (to - from + 1) * sizeof(*kept));
	size_t n = 0;

	for (size_t i = from; i < to; i++) {
		if ((tk[i].type == MT_WORD || tk[i].type == MT_QIDENT) &&
		    i + 2 < to && my_is_op(&tk[i + 1], ".") &&
		    (tk[i + 2].type == MT_WORD ||
		     tk[i + 2].type == MT_QIDENT) &&
		    !(i > from && my_is_op(&tk[i - 1], ".")) &&
		    !(i + 3 < to && my_is_op(&tk[i + 3], "("))) {
			i++;
			continue;
		}
		kept[n++] = tk[i];
	}
	my_print_tokens(out, kept, 0, n);
}

int my_paren_expr(struct my_ctx *ctx, struct strbuf *out)
{
	size_t start;
	int depth = 0;
	int ret;

	if ((ret = my_expect_op(ctx, "(")))
		return ret;
	start = ctx->pos;
	for (;;) {
		struct my_token *t = my_tok(ctx);
		if (t->type == MT_EOF)
			return my_expected(ctx, "`)`");
		if (my_is_op(t, "("))
			depth++;
		if (my_is_op(t, ")") && depth-- == 0)
			break;
		ctx->pos++;
	}
	/* MariaDB drops redundant outer parentheses: ((a > 0)) */
	while (ctx->pos - start >= 2 &&
	       my_is_op(&ctx->st->toks[start], "(") &&
	       my_is_op(&ctx->st->toks[ctx->pos - 1], ")")) {
		int d = 0;
		size_t k;
		for (k = start; k < ctx->pos; k++) {
			if (my_is_op(&ctx->st->toks[k], "("))
				d++;
			else if (my_is_op(&ctx->st->toks[k], ")") && --d == 0)
				break;
		}
		if (k != ctx->pos - 1)
			break;
		print_table_expr(ctx, out, start + 1, ctx->pos - 1);
		ctx->pos++;
		return 0;
	}
	print_table_expr(ctx, out, start, ctx->pos);
	ctx->pos++;
	return 0;
}

bool my_type_is_numeric(const char *type)
{
	static const char *const num[] = { "tinyint", "smallint", "mediumint",
					   "int", "bigint", "decimal", "float",
					   "double", "bit", "year", NULL };
	for (size_t i = 0; num[i]; i++) {
		size_t n = strlen(num[i]);
		if (!strncmp(type, num[i], n) &&
		    (type[n] == '\0' || type[n] == '(' || type[n] == ' '))
			return true;
	}
	return false;
}

bool my_type_is_text(const char *type)
{
	static const char *const txt[] = { "char", "varchar", "tinytext",
					   "text", "mediumtext", "longtext",
					   "enum", "set", NULL };
	for (size_t i = 0; txt[i]; i++) {
		size_t n = strlen(txt[i]);
		if (!strncmp(type, txt[i], n) &&
		    (type[n] == '\0' || type[n] == '(' || type[n] == ' '))
			return true;
	}
	return false;
}

static bool is_number_text(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!isdigit((unsigned char)*s) && *s != '.')
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s) && *s != '.' && *s != 'e' &&
		    *s != 'E' && *s != '-' && *s != '+')
			return false;
	return true;
}

/* A numeric default as the server prints it: a decimal(m,d) column's
 * with d digits after the point (0.010000 and 0.01 are one default). */
static void put_number(struct strbuf *out, const char *type,
		       const char *sign, const char *num)
{
	const char *comma, *dot;
	long scale;
	size_t ilen;

	if (*num == '-') {
		sign = "-";
		num++;
	}
	if (type && !strncmp(type, "bit(", 4) && !*sign &&
	    strspn(num, "0123456789") == strlen(num)) {
		/* the server prints a bit default in binary: b'101' */
		unsigned long long v = strtoull(num, NULL, 10);
		char bits[72];
		size_t n = 0;
		do {
			bits[n++] = (char)('0' + (v & 1));
			v >>= 1;
		} while (v);
		strbuf_addstr(out, "b'");
		while (n)
			strbuf_addch(out, bits[--n]);
		strbuf_addch(out, '\'');
		return;
	}
	if (type && strstr(type, " zerofill") && strchr(type, '(') &&
	    strspn(num, "0123456789") == strlen(num)) {
		/* the server pads an integer ZEROFILL default to the
		 * column's display width: int(8) zerofill DEFAULT 7 is
		 * 00000007 */
		long width = strtol(strchr(type, '(') + 1, NULL, 10);
		size_t len = strlen(num);

		while (len > 1 && *num == '0') {
			num++;
			len--;
		}
		strbuf_addstr(out, sign);
		for (long i = (long)len; i < width && i < 255; i++)
			strbuf_addch(out, '0');
		strbuf_addstr(out, num);
		return;
	}
	if (type && (!strncmp(type, "double", 6) ||
		     !strncmp(type, "float", 5) || !strncmp(type, "real", 4)) &&
	    strpbrk(num, "eE")) {
		/* a whole number in exponent form is printed without it:
		 * double DEFAULT -2.5e3 is -2500 */
		char *end;
		double v = strtod(num, &end);

		if (!*end && v == (double)(long long)v && v < 1e15) {
			strbuf_addf(out, "%s%lld", sign, (long long)v);
			return;
		}
	}
	if (!type || strncmp(type, "decimal(", 8) || strpbrk(num, "eE") ||
	    !(comma = strchr(type, ','))) {
		strbuf_addf(out, "%s%s", sign, num);
		return;
	}
	scale = strtol(comma + 1, NULL, 10);
	dot = strchr(num, '.');
	ilen = dot ? (size_t)(dot - num) : strlen(num);
	while (ilen > 1 && *num == '0') {
		num++;
		ilen--;
	}
	{
		/* digits kept, then rounded half away from zero on the
		 * first one dropped, as the server stores it */
		struct strbuf d = STRBUF_INIT;
		const char *f = dot ? dot + 1 : "";
		size_t point;

		strbuf_addch(&d, '0');	/* room for a carry */
		if (!ilen)
			strbuf_addch(&d, '0');
		strbuf_add(&d, num, ilen);
		point = d.len;
		for (long i = 0; i < scale; i++)
			strbuf_addch(&d, *f ? *f++ : '0');
		if (*f >= '5' && *f <= '9') {
			size_t k = d.len;
			while (k-- > 0) {
				if (d.buf[k] == '9') {
					d.buf[k] = '0';
				} else {
					d.buf[k]++;
					break;
				}
			}
		}
		strbuf_addstr(out, sign);
		strbuf_add(out, d.buf + (d.buf[0] == '0'),
			   point - (d.buf[0] == '0'));
		if (scale > 0) {
			strbuf_addch(out, '.');
			strbuf_addstr(out, d.buf + point);
		}
		strbuf_release(&d);
	}
}

int my_default(struct my_ctx *ctx, const char *type, struct strbuf *out)
{
	struct my_token *t = my_tok(ctx);
	const char *sign = "";

	if (my_is_op(t, "(")) {
		struct strbuf e = STRBUF_INIT;
		int ret = my_paren_expr(ctx, &e);
		/* a literal in parentheses is the literal */
		strbuf_add(out, e.buf, e.len);
		strbuf_release(&e);
		return ret;
	}
	if (my_is_op(t, "-") || my_is_op(t, "+")) {
		sign = my_is_op(t, "-") ? "-" : "";
		ctx->pos++;
		t = my_tok(ctx);
	}
	switch (t->type) {
	case MT_NUMBER:
		put_number(out, type, sign, t->text);
		ctx->pos++;
		return 0;
	case MT_STRING: {
		struct strbuf v = STRBUF_INIT;
		strbuf_addstr(&v, t->text);
		ctx->pos++;
		/* 'a' 'b' is 'ab' to the server */
		while (my_tok(ctx)->type == MT_STRING) {
			strbuf_addstr(&v, my_tok(ctx)->text);
			ctx->pos++;
		}
		if (type && my_type_is_numeric(type) && is_number_text(v.buf))
			put_number(out, type, "", v.buf);
		else
			put_string(out, v.buf);
		strbuf_release(&v);
		return 0;
	}
	case MT_HEXBIT:
		if ((t->text[0] == 'b' || t->text[0] == 'B') &&
		    t->text[1] == '\'') {
			/* b'0101' is b'101' to the server */
			const char *d = t->text + 2;
			while (d[0] == '0' && d[1] == '0')
				d++;
			if (d[0] == '0' && d[1] != '\'')
				d++;
			strbuf_addf(out, "b'%s", d);
		} else {
			strbuf_addch(out, tolower((unsigned char)t->text[0]));
			strbuf_addstr(out, t->text + 1);
		}
		ctx->pos++;
		return 0;
	case MT_WORD:
		if (my_is(t, "null")) {
			ctx->pos++;
			return 0;
		}
		if (my_is(t, "true") || my_is(t, "false")) {
			strbuf_addstr(out, my_is(t, "true") ? "1" : "0");
			ctx->pos++;
			return 0;
		}
		/* _utf8mb4'x', DATE 'x', TIME 'x', TIMESTAMP 'x': the
		 * server keeps the string */
		if ((t->text[0] == '_' || my_is(t, "date") ||
		     my_is(t, "time") || my_is(t, "timestamp")) &&
		    my_peek(ctx, 1)->type == MT_STRING) {
			ctx->pos++;
			return my_default(ctx, type, out);
		}
		if (my_is(t, "current_timestamp") || my_is(t, "now") ||
		    my_is(t, "localtimestamp") || my_is(t, "localtime")) {
			ctx->pos++;
			if (my_accept_op(ctx, "(")) {
				struct my_token *n = my_tok(ctx);
				if (n->type == MT_NUMBER &&
				    strcmp(n->text, "0")) {
					strbuf_addf(out,
						    "current_timestamp(%s)",
						    n->text);
					ctx->pos++;
				} else {
					if (my_tok(ctx)->type == MT_NUMBER)
						ctx->pos++;
					strbuf_addstr(out,
						      "current_timestamp()");
				}
				return my_expect_op(ctx, ")");
			}
			strbuf_addstr(out, "current_timestamp()");
			return 0;
		}
		if (my_peek(ctx, 1)->type == MT_OP &&
		    !strcmp(my_peek(ctx, 1)->text, "(")) {
			size_t start = ctx->pos;
			int ret;
			ctx->pos++;
			if ((ret = my_skip_parens(ctx)))
				return ret;
			my_print_tokens(out, ctx->st->toks, start, ctx->pos);
			return 0;
		}
		/* a bare word: as an expression */
		my_print_tokens(out, ctx->st->toks, ctx->pos, ctx->pos + 1);
		ctx->pos++;
		return 0;
	default:
		return my_expected(ctx, "a default value");
	}
}

/* Types: canonical name and the server's default display widths. */
struct int_type {
	const char *name;
	int width, uwidth;
};

static const struct int_type int_types[] = {
	{ "tinyint", 4, 3 }, { "smallint", 6, 5 }, { "mediumint", 9, 8 },
	{ "int", 11, 10 }, { "bigint", 20, 20 }, { NULL, 0, 0 },
};

static const char *const alias_from[] = {
	"integer", "int", "int1", "tinyint", "int2", "smallint", "int3",
	"mediumint", "middleint", "mediumint", "int4", "int", "int8", "bigint",
	"numeric", "decimal", "dec", "decimal", "fixed", "decimal",
	"real", "double", "float4", "float", "float8", "double",
	"character", "char", "bool", "tinyint", "boolean", "tinyint", NULL
};

static const char *const plain_types[] = {
	"date", "tinytext", "text", "mediumtext", "longtext", "tinyblob",
	"blob", "mediumblob", "longblob", "geometry", "point", "linestring",
	"polygon", "multipoint", "multilinestring", "multipolygon",
	"geometrycollection", "inet4", "inet6", "uuid", NULL
};

/* Read (n) or (n,m) into a and b (-1 when absent). */
static int type_args(struct my_ctx *ctx, long *a, long *b)
{
	int ret;

	*a = *b = -1;
	if (!my_accept_op(ctx, "("))
		return 0;
	if (my_tok(ctx)->type != MT_NUMBER)
		return my_expected(ctx, "a number");
	*a = strtol(my_tok(ctx)->text, NULL, 10);
	ctx->pos++;
	if (my_accept_op(ctx, ",")) {
		if (my_tok(ctx)->type != MT_NUMBER)
			return my_expected(ctx, "a number");
		*b = strtol(my_tok(ctx)->text, NULL, 10);
		ctx->pos++;
	}
	if ((ret = my_expect_op(ctx, ")")))
		return ret;
	return 0;
}

static int charset_name(struct my_ctx *ctx, const char **out)
{
	struct my_token *t = my_tok(ctx);

	if (t->type == MT_STRING || t->type == MT_QIDENT ||
	    t->type == MT_WORD) {
		*out = my_lower(ctx, t->text);
		ctx->pos++;
		return 0;
	}
	return my_expected(ctx, "a character set");
}

/* UNSIGNED, ZEROFILL, CHARACTER SET, COLLATE, BINARY, ASCII, UNICODE
 * after a type. */
static int type_mods(struct my_ctx *ctx, struct my_type *ty, bool *uns,
		     bool *zf)
{
	int ret;

	for (;;) {
		if (my_accept(ctx, "unsigned")) {
			*uns = true;
		} else if (my_accept(ctx, "signed")) {
		} else if (my_accept(ctx, "zerofill")) {
			*zf = true;
			*uns = true;
		} else if (my_is(my_tok(ctx), "character") &&
			   my_is(my_peek(ctx, 1), "set")) {
			ctx->pos += 2;
			if ((ret = charset_name(ctx, &ty->charset)))
				return ret;
		} else if (my_is(my_tok(ctx), "charset")) {
			ctx->pos++;
			if ((ret = charset_name(ctx, &ty->charset)))
				return ret;
		} else if (my_accept(ctx, "collate")) {
			my_opt_eq(ctx);
			if ((ret = charset_name(ctx, &ty->collation)))
				return ret;
		} else if (my_is(my_tok(ctx), "binary") &&
			   !my_is_op(my_peek(ctx, 1), "(")) {
			ctx->pos++;
			ty->collation = "binary";
		} else if (my_accept(ctx, "ascii")) {
			ty->charset = "latin1";
		} else if (my_accept(ctx, "unicode")) {
			ty->charset = "ucs2";
		} else {
			return 0;
		}
	}
}

int my_type(struct my_ctx *ctx, struct my_type *ty)
{
	struct my_token *t = my_tok(ctx);
	struct strbuf out = STRBUF_INIT;
	const char *name;
	long a, b;
	bool uns = false, zf = false;
	int ret;

	memset(ty, 0, sizeof(*ty));
	if (t->type != MT_WORD)
		return my_expected(ctx, "a column type");
	name = my_lower(ctx, t->text);
	ctx->pos++;
	/* two-word types */
	if (!strcmp(name, "double") && my_accept(ctx, "precision")) {
	} else if (!strcmp(name, "character") || !strcmp(name, "char")) {
		if (my_accept(ctx, "varying"))
			name = "varchar";
		else
			name = "char";
	} else if (!strcmp(name, "national")) {
		if (my_accept(ctx, "varchar"))
			name = "varchar";
		else if (my_accept(ctx, "character") || my_accept(ctx, "char"))
			name = my_accept(ctx, "varying") ? "varchar" : "char";
		else
			return my_expected(ctx, "CHAR or VARCHAR");
		ty->charset = "utf8mb3";
	} else if (!strcmp(name, "nchar") || !strcmp(name, "nvarchar")) {
		if (!strcmp(name, "nchar") && !my_accept(ctx, "varying"))
			name = "char";
		else
			name = "varchar";
		ty->charset = "utf8mb3";
	} else if (!strcmp(name, "long")) {
		if (my_accept(ctx, "varbinary"))
			name = "mediumblob";
		else {
			my_accept(ctx, "varchar");
			name = "mediumtext";
		}
	}
	for (size_t i = 0; alias_from[i]; i += 2)
		if (!strcmp(name, alias_from[i]))
			name = alias_from[i + 1];
	if (!strcmp(my_lower(ctx, t->text), "bool") ||
	    !strcmp(my_lower(ctx, t->text), "boolean")) {
		strbuf_addstr(&out, "tinyint(1)");
		goto done;
	}
	if (!strcmp(name, "serial")) {
		strbuf_addstr(&out, "bigint(20) unsigned");
		ty->serial = true;
		goto done;
	}
	if (!strcmp(name, "json")) {
		strbuf_addstr(&out, "longtext");
		ty->json = true;
		goto done;
	}
	for (size_t i = 0; int_types[i].name; i++) {
		if (strcmp(name, int_types[i].name))
			continue;
		if ((ret = type_args(ctx, &a, &b)) ||
		    (ret = type_mods(ctx, ty, &uns, &zf)))
			goto fail;
		strbuf_addf(&out, "%s(%ld)", name,
			    a >= 0 ? a : uns ? int_types[i].uwidth :
					       int_types[i].width);
		goto sign;
	}
	if (!strcmp(name, "decimal")) {
		if ((ret = type_args(ctx, &a, &b)) ||
		    (ret = type_mods(ctx, ty, &uns, &zf)))
			goto fail;
		strbuf_addf(&out, "decimal(%ld,%ld)", a >= 0 ? a : 10,
			    b >= 0 ? b : 0);
		goto sign;
	}
	if (!strcmp(name, "float") || !strcmp(name, "double")) {
		if ((ret = type_args(ctx, &a, &b)) ||
		    (ret = type_mods(ctx, ty, &uns, &zf)))
			goto fail;
		if (a >= 0 && b >= 0)
			strbuf_addf(&out, "%s(%ld,%ld)", name, a, b);
		else if (a >= 0 && !strcmp(name, "float"))
			strbuf_addstr(&out, a > 24 ? "double" : "float");
		else
			strbuf_addstr(&out, name);
		goto sign;
	}
	if (!strcmp(name, "bit") || !strcmp(name, "char") ||
	    !strcmp(name, "binary") || !strcmp(name, "year")) {
		if ((ret = type_args(ctx, &a, &b)))
			goto fail;
		strbuf_addf(&out, "%s(%ld)", name,
			    a >= 0 ? a : !strcmp(name, "year") ? 4 : 1);
		goto mods;
	}
	if (!strcmp(name, "varchar") || !strcmp(name, "varbinary") ||
	    !strcmp(name, "vector")) {
		if ((ret = type_args(ctx, &a, &b)))
			goto fail;
		if (a < 0) {
			ret = my_expected(ctx, "a length");
			goto fail;
		}
		strbuf_addf(&out, "%s(%ld)", name, a);
		goto mods;
	}
	if (!strcmp(name, "datetime") || !strcmp(name, "timestamp") ||
	    !strcmp(name, "time")) {
		if ((ret = type_args(ctx, &a, &b)))
			goto fail;
		if (a > 0)
			strbuf_addf(&out, "%s(%ld)", name, a);
		else
			strbuf_addstr(&out, name);
		goto mods;
	}
	if (!strcmp(name, "enum") || !strcmp(name, "set")) {
		if ((ret = my_expect_op(ctx, "(")))
			goto fail;
		strbuf_addf(&out, "%s(", name);
		for (int n = 0;; n++) {
			if (my_tok(ctx)->type != MT_STRING) {
				ret = my_expected(ctx, "a string");
				goto fail;
			}
			if (n)
				strbuf_addch(&out, ',');
			put_string(&out, my_tok(ctx)->text);
			ctx->pos++;
			if (!my_accept_op(ctx, ","))
				break;
		}
		if ((ret = my_expect_op(ctx, ")")))
			goto fail;
		strbuf_addch(&out, ')');
		goto mods;
	}
	if (in_list(name, plain_types)) {
		/* TEXT(n), BLOB(n): the length only picks the type */
		if ((ret = type_args(ctx, &a, &b)))
			goto fail;
		strbuf_addstr(&out, name);
		goto mods;
	}
	ctx->pos--;
	ret = my_expected(ctx, "a column type");
	goto fail;
sign:
	if (uns)
		strbuf_addstr(&out, " unsigned");
	if (zf)
		strbuf_addstr(&out, " zerofill");
	goto done;
mods:
	if ((ret = type_mods(ctx, ty, &uns, &zf)))
		goto fail;
done:
	if (ty->json || ty->serial || !strncmp(out.buf, "tinyint(1)", 10)) {
		if ((ret = type_mods(ctx, ty, &uns, &zf)))
			goto fail;
		if (!strncmp(out.buf, "tinyint(1)", 10) && out.len == 10) {
			if (uns)
				strbuf_addstr(&out, " unsigned");
			if (zf)
				strbuf_addstr(&out, " zerofill");
		}
	}
	ty->type = arena_strndup(&ctx->tmp, out.buf, out.len);
	strbuf_release(&out);
	return 0;
fail:
	strbuf_release(&out);
	return ret;
}

/* Character sets and their default collations (MariaDB 10.11). */
static const char *const cs_default[] = {
	"utf8mb4", "utf8mb4_general_ci", "utf8mb3", "utf8mb3_general_ci",
	"latin1", "latin1_swedish_ci", "ascii", "ascii_general_ci",
	"binary", "binary", "big5", "big5_chinese_ci", "gbk",
	"gbk_chinese_ci", "gb2312", "gb2312_chinese_ci", "sjis",
	"sjis_japanese_ci", "ujis", "ujis_japanese_ci", "cp932",
	"cp932_japanese_ci", "eucjpms", "eucjpms_japanese_ci", "euckr",
	"euckr_korean_ci", "tis620", "tis620_thai_ci", "latin2",
	"latin2_general_ci", "latin5", "latin5_turkish_ci", "latin7",
	"latin7_general_ci", "cp1250", "cp1250_general_ci", "cp1251",
	"cp1251_general_ci", "cp1256", "cp1256_general_ci", "cp1257",
	"cp1257_general_ci", "hebrew", "hebrew_general_ci", "greek",
	"greek_general_ci", "koi8r", "koi8r_general_ci", "koi8u",
	"koi8u_general_ci", "ucs2", "ucs2_general_ci", "utf16",
	"utf16_general_ci", "utf16le", "utf16le_general_ci", "utf32",
	"utf32_general_ci", "swe7", "swe7_swedish_ci", "dec8",
	"dec8_swedish_ci", "cp850", "cp850_general_ci", "hp8",
	"hp8_english_ci", "armscii8", "armscii8_general_ci", "keybcs2",
	"keybcs2_general_ci", "macce", "macce_general_ci", "macroman",
	"macroman_general_ci", "cp852", "cp852_general_ci", "cp866",
	"cp866_general_ci", "geostd8", "geostd8_general_ci", NULL
};

const char *my_charset_norm(struct my_ctx *ctx, const char *cs)
{
	if (!cs)
		return NULL;
	cs = my_lower(ctx, cs);
	if (!strcmp(cs, "utf8"))
		return "utf8mb3";
	return cs;
}

const char *my_default_collation(struct my_ctx *ctx, const char *cs)
{
	cs = my_charset_norm(ctx, cs);
	for (size_t i = 0; cs_default[i]; i += 2)
		if (!strcmp(cs, cs_default[i]))
			return cs_default[i + 1];
	return arena_printf(&ctx->tmp, "%s_general_ci", cs);
}

const char *my_collation_norm(struct my_ctx *ctx, const char *coll)
{
	if (!coll)
		return NULL;
	coll = my_lower(ctx, coll);
	if (!strncmp(coll, "utf8_", 5))
		return arena_printf(&ctx->tmp, "utf8mb3_%s", coll + 5);
	return coll;
}

const char *my_collation_charset(struct my_ctx *ctx, const char *coll)
{
	const char *u;

	coll = my_collation_norm(ctx, coll);
	if (!strcmp(coll, "binary"))
		return "binary";
	u = strchr(coll, '_');
	if (!u)
		return coll;
	return arena_strndup(&ctx->tmp, coll, (size_t)(u - coll));
}
