/*
 * parser/mysql/mysql_view.c: the server's own text of a simple view.
 *
 * The server keeps a view's query in a form of its own: every column
 * qualified by its table (or the table's alias), every select item named
 * with AS, `*` expanded to the columns the table has when the view is
 * created, a column list folded into the AS names, `!=` as `<>`, ASC
 * dropped:
 *
 *	SELECT id, a x FROM t WHERE id > 10 ORDER BY a
 *	select `t`.`id` AS `id`,`t`.`a` AS `x` from `t` where `t`.`id` > 10
 *	    order by `t`.`a`
 *
 * Writing that form in the parser makes a parsed view equal the live one
 * without a trip through the scratch database, which for MySQL is what a
 * live comparison of thousands of tables costs (cli_normalize()). Only a
 * query of one table with plain column references, comparisons of
 * columns with simple literals joined by AND / OR, ORDER BY and LIMIT is
 * rewritten; for anything else the caller keeps its token print, and the
 * scratch database gives the server's form as before. The rewrite only
 * qualifies and names what the query means already, so a text that
 * equals the server's is the same view.
 *
 * Memory: the text goes to the caller's strbuf.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "parser/mysql/mysql_internal.h"
#include "util/sqlquote.h"
#include "util/banned.h"

struct vq {
	const struct my_token *tk;
	size_t pos, end;
	const struct sd_table *table;
	const char *qual;	/* the alias, or the table's name */
};

static const struct my_token *cur(const struct vq *q)
{
	static const struct my_token eof = { .type = MT_EOF, .text = "" };

	return q->pos < q->end ? &q->tk[q->pos] : &eof;
}

static bool at_kw(const struct vq *q, const char *kw)
{
	return my_is(cur(q), kw);
}

static bool at_op(const struct vq *q, const char *op)
{
	return my_is_op(cur(q), op);
}

static bool is_name(const struct my_token *t)
{
	return t->type == MT_WORD || t->type == MT_QIDENT;
}

/* Words that end a select item or a table reference: never a name
 * here. */
static bool is_clause_word(const struct my_token *t)
{
	static const char *const words[] = {
		"from", "where", "order", "group", "having", "limit", "join",
		"inner", "left", "right", "cross", "natural", "straight_join",
		"union", "window", "for", "lock", "into", "on", "using",
		"and", "or", "not", "as", "is", "like", "between", "in",
		"asc", "desc", "offset", "select", "distinct", "all", NULL
	};

	if (t->type != MT_WORD)
		return false;
	for (size_t i = 0; words[i]; i++)
		if (!strcasecmp(t->text, words[i]))
			return true;
	return false;
}

static const struct sd_column *column_of(const struct sd_table *t,
					 const char *name)
{
	for (size_t i = 0; i < t->ncolumns; i++)
		if (!strcasecmp(t->columns[i].name, name))
			return &t->columns[i];
	return NULL;
}

static void put_qualified(struct strbuf *out, const struct vq *q,
			  const struct sd_column *c)
{
	sql_quote_ident(out, SQL_MYSQL, q->qual);
	strbuf_addch(out, '.');
	sql_quote_ident(out, SQL_MYSQL, c->name);
}

/* [qual .] column, a column of the table: NULL when it is not. */
static const struct sd_column *column_ref(struct vq *q)
{
	const struct my_token *t = cur(q);

	if (!is_name(t) || is_clause_word(t))
		return NULL;
	if (q->pos + 1 < q->end && my_is_op(&q->tk[q->pos + 1], ".")) {
		if (strcmp(t->text, q->qual) || q->pos + 2 >= q->end ||
		    !is_name(&q->tk[q->pos + 2]))
			return NULL;
		q->pos += 2;
		t = cur(q);
	}
	q->pos++;
	return column_of(q->table, t->text);
}

/* A literal the server prints as written: a plain decimal number
 * (maybe negative) or a string without quotes, backslashes or control
 * characters. */
static bool literal(struct vq *q, struct strbuf *out)
{
	const struct my_token *t = cur(q);
	bool minus = false;

	if (at_op(q, "-")) {
		minus = true;
		q->pos++;
		t = cur(q);
	}
	if (t->type == MT_NUMBER) {
		const char *p = t->text;
		if (p[0] == '0' && isdigit((unsigned char)p[1]))
			return false;
		for (; *p; p++)
			if (!isdigit((unsigned char)*p) && *p != '.')
				return false;
		if (minus)
			strbuf_addch(out, '-');
		strbuf_addstr(out, t->text);
		q->pos++;
		return true;
	}
	if (minus || t->type != MT_STRING)
		return false;
	for (const char *p = t->text; *p; p++)
		if (*p == '\'' || *p == '\\' || (unsigned char)*p < 0x20)
			return false;
	/* 'a' 'b' is one string, which the server prints joined */
	if (q->pos + 1 < q->end && q->tk[q->pos + 1].type == MT_STRING)
		return false;
	strbuf_addch(out, '\'');
	strbuf_addstr(out, t->text);
	strbuf_addch(out, '\'');
	q->pos++;
	return true;
}

/* A column or a literal. */
static bool operand(struct vq *q, struct strbuf *out)
{
	const struct sd_column *c;
	size_t at = q->pos;

	if (literal(q, out))
		return true;
	q->pos = at;
	c = column_ref(q);
	if (!c)
		return false;
	put_qualified(out, q, c);
	return true;
}

/* column op operand | column IS [NOT] NULL | column LIKE 'x' |
 * column BETWEEN a AND b */
static bool predicate(struct vq *q, struct strbuf *out)
{
	static const char *const ops[] = { "=", "<>", "!=", "<", ">", "<=",
					   ">=", NULL };
	const struct sd_column *c = column_ref(q);

	if (!c)
		return false;
	put_qualified(out, q, c);
	if (at_kw(q, "is")) {
		q->pos++;
		strbuf_addstr(out, " is ");
		if (at_kw(q, "not")) {
			q->pos++;
			strbuf_addstr(out, "not ");
		}
		if (!at_kw(q, "null"))
			return false;
		q->pos++;
		strbuf_addstr(out, "null");
		return true;
	}
	if (at_kw(q, "like")) {
		q->pos++;
		strbuf_addstr(out, " like ");
		return cur(q)->type == MT_STRING && literal(q, out) &&
		       !at_kw(q, "escape");
	}
	if (at_kw(q, "between")) {
		q->pos++;
		strbuf_addstr(out, " between ");
		if (!operand(q, out) || !at_kw(q, "and"))
			return false;
		q->pos++;
		strbuf_addstr(out, " and ");
		return operand(q, out);
	}
	for (size_t i = 0; ops[i]; i++) {
		if (at_op(q, ops[i])) {
			q->pos++;
			strbuf_addf(out, " %s ", !strcmp(ops[i], "!=") ? "<>" :
						  ops[i]);
			return operand(q, out);
		}
	}
	return false;
}

static bool condition(struct vq *q, struct strbuf *out)
{
	if (!predicate(q, out))
		return false;
	while (at_kw(q, "and") || at_kw(q, "or")) {
		strbuf_addstr(out, at_kw(q, "and") ? " and " : " or ");
		q->pos++;
		if (!predicate(q, out))
			return false;
	}
	return true;
}

static bool number(struct vq *q, struct strbuf *out)
{
	const struct my_token *t = cur(q);

	if (t->type != MT_NUMBER || strspn(t->text, "0123456789") !=
				    strlen(t->text))
		return false;
	strbuf_addstr(out, t->text);
	q->pos++;
	return true;
}

/* The select items: every column, its AS name (aliases[k] when the view
 * has a column list). */
static bool select_items(struct vq *q, const char *const *aliases,
			 size_t naliases, struct strbuf *out)
{
	size_t k = 0;

	do {
		const struct sd_column *c;
		const char *as;
		size_t from = 0, to;

		if (k)
			strbuf_addch(out, ',');
		if (at_op(q, "*") || (is_name(cur(q)) &&
				      !strcmp(cur(q)->text, q->qual) &&
				      q->pos + 2 < q->end &&
				      my_is_op(&q->tk[q->pos + 1], ".") &&
				      my_is_op(&q->tk[q->pos + 2], "*"))) {
			q->pos += at_op(q, "*") ? 1 : 3;
			from = 0;
			to = q->table->ncolumns;
		} else {
			c = column_ref(q);
			if (!c)
				return false;
			from = (size_t)(c - q->table->columns);
			to = from + 1;
		}
		for (size_t i = from; i < to; i++, k++) {
			const char *name = q->table->columns[i].name;

			if (i > from)
				strbuf_addch(out, ',');
			put_qualified(out, q, &q->table->columns[i]);
			as = name;
			if (to - from == 1 && (at_kw(q, "as") ||
					       (is_name(cur(q)) &&
						!is_clause_word(cur(q))))) {
				if (at_kw(q, "as"))
					q->pos++;
				if (!is_name(cur(q)))
					return false;
				as = cur(q)->text;
				q->pos++;
			} else if (to - from == 1) {
				/* the name as written (`ID` AS `ID`) */
				as = q->tk[q->pos - 1].text;
			}
			if (naliases) {
				if (k >= naliases)
					return false;
				as = aliases[k];
			}
			strbuf_addstr(out, " AS ");
			sql_quote_ident(out, SQL_MYSQL, as);
		}
		if (!at_op(q, ","))
			break;
		q->pos++;
	} while (1);
	return !naliases || k == naliases;
}

bool my_view_server_form(struct catalog *cat, const struct my_token *tk,
			 size_t start, size_t end, const char *const *aliases,
			 size_t naliases, struct strbuf *out)
{
	struct vq q = { .tk = tk, .end = end };
	struct strbuf items = STRBUF_INIT, rest = STRBUF_INIT;
	bool distinct = false, ok = false;
	size_t items_at;

	if (!my_is(&tk[start], "select"))
		return false;
	/* the table first: it names what the items are */
	for (q.pos = start + 1; q.pos < end && !at_kw(&q, "from"); q.pos++)
		if (at_op(&q, "("))
			return false;
	if (q.pos + 1 >= end || !is_name(&tk[q.pos + 1]) ||
	    is_clause_word(&tk[q.pos + 1]))
		return false;
	q.table = catalog_find(cat, SD_TABLE, NULL, tk[q.pos + 1].text);
	if (!q.table || !q.table->ncolumns || q.table->partkey)
		return false;
	q.qual = q.table->base.name;
	q.pos += 2;
	if (at_kw(&q, "as")) {
		q.pos++;
		if (!is_name(cur(&q)) || is_clause_word(cur(&q)))
			return false;
	}
	if (is_name(cur(&q)) && !is_clause_word(cur(&q))) {
		q.qual = cur(&q)->text;
		q.pos++;
	}
	sql_quote_ident(&rest, SQL_MYSQL, q.table->base.name);
	if (q.qual != q.table->base.name) {
		strbuf_addch(&rest, ' ');
		sql_quote_ident(&rest, SQL_MYSQL, q.qual);
	}
	if (at_kw(&q, "where")) {
		q.pos++;
		strbuf_addstr(&rest, " where ");
		if (!condition(&q, &rest))
			goto out;
	}
	if (at_kw(&q, "order")) {
		q.pos++;
		if (!at_kw(&q, "by"))
			goto out;
		q.pos++;
		strbuf_addstr(&rest, " order by ");
		for (;;) {
			const struct sd_column *c = column_ref(&q);
			if (!c)
				goto out;
			put_qualified(&rest, &q, c);
			if (at_kw(&q, "asc")) {
				q.pos++;
			} else if (at_kw(&q, "desc")) {
				q.pos++;
				strbuf_addstr(&rest, " desc");
			}
			if (!at_op(&q, ","))
				break;
			q.pos++;
			strbuf_addch(&rest, ',');
		}
	}
	if (at_kw(&q, "limit")) {
		q.pos++;
		strbuf_addstr(&rest, " limit ");
		if (!number(&q, &rest))
			goto out;
		if (at_op(&q, ",")) {
			q.pos++;
			strbuf_addch(&rest, ',');
			if (!number(&q, &rest))
				goto out;
		}
	}
	if (q.pos != end)
		goto out;
	/* then the items, between SELECT and FROM */
	q.pos = start + 1;
	if (at_kw(&q, "distinct")) {
		distinct = true;
		q.pos++;
	}
	items_at = q.pos;
	if (!select_items(&q, aliases, naliases, &items) ||
	    !at_kw(&q, "from") || q.pos == items_at)
		goto out;
	strbuf_addstr(out, distinct ? "select distinct " : "select ");
	strbuf_add(out, items.buf, items.len);
	strbuf_addstr(out, " from ");
	strbuf_add(out, rest.buf, rest.len);
	ok = true;
out:
	strbuf_release(&items);
	strbuf_release(&rest);
	return ok;
}
