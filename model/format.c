/*
 * model/format.c: canonical SQL text of constraints and index bodies, and
 * PostgreSQL's default object names. Shared by diff/ (comparison) and emit/
 * (output), so both see one spelling. Writes into caller-owned strbufs.
 */
#include "model/catalog.h"

#include <stdio.h>
#include <string.h>

#include "util/banned.h"

#define PG_NAMEDATALEN 64

static const char *fk_action_sql(char a)
{
	switch (a) {
	case SD_FK_RESTRICT:
		return "RESTRICT";
	case SD_FK_CASCADE:
		return "CASCADE";
	case SD_FK_SET_NULL:
		return "SET NULL";
	case SD_FK_SET_DEFAULT:
		return "SET DEFAULT";
	default:
		return NULL;
	}
}

/*
 * A key's column list: "(a, b)", with PostgreSQL 18's temporal forms:
 * "(a, b WITHOUT OVERLAPS)" (keys) or "(a, PERIOD b)" (foreign keys) when
 * the flag is set, on the last column.
 */
static void key_list(struct strbuf *out, enum sql_dialect d,
		     const char *const *names, size_t n, bool period,
		     bool without_overlaps)
{
	strbuf_addch(out, '(');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(out, ", ");
		if (period && i + 1 == n)
			strbuf_addstr(out, "PERIOD ");
		sql_quote_ident(out, d, names[i]);
		if (without_overlaps && i + 1 == n)
			strbuf_addstr(out, " WITHOUT OVERLAPS");
	}
	strbuf_addch(out, ')');
}

void sd_constraint_format(struct strbuf *out, enum sql_dialect d,
			  const struct sd_constraint *c)
{
	const char *act;

	switch (c->type) {
	case SD_CON_PRIMARY:
	case SD_CON_UNIQUE:
		strbuf_addstr(out, c->type == SD_CON_PRIMARY ? "PRIMARY KEY "
							      : "UNIQUE ");
		if (c->nulls_not_distinct)
			strbuf_addstr(out, "NULLS NOT DISTINCT ");
		key_list(out, d, c->columns, c->ncolumns, false,
			 c->without_overlaps);
		if (c->ninclude) {
			strbuf_addstr(out, " INCLUDE ");
			sql_quote_ident_list(out, d, c->include, c->ninclude);
		}
		break;
	case SD_CON_FOREIGN:
		strbuf_addstr(out, "FOREIGN KEY ");
		key_list(out, d, c->columns, c->ncolumns, c->period, false);
		strbuf_addstr(out, " REFERENCES ");
		sql_quote_qualified(out, d, c->ref_schema, c->ref_table);
		if (c->nref_columns)
			key_list(out, d, c->ref_columns, c->nref_columns,
				 c->period, false);
		if (c->match == SD_FK_MATCH_FULL)
			strbuf_addstr(out, " MATCH FULL");
		else if (c->match == SD_FK_MATCH_PARTIAL)
			strbuf_addstr(out, " MATCH PARTIAL");
		if ((act = fk_action_sql(c->on_update)))
			strbuf_addf(out, " ON UPDATE %s", act);
		if ((act = fk_action_sql(c->on_delete)))
			strbuf_addf(out, " ON DELETE %s", act);
		break;
	case SD_CON_CHECK:
		strbuf_addstr(out, "CHECK (");
		strbuf_addstr(out, c->expr ? c->expr : "");
		strbuf_addch(out, ')');
		if (c->no_inherit)
			strbuf_addstr(out, " NO INHERIT");
		break;
	case SD_CON_EXCLUDE:
		if (c->excl_method) {
			sd_exclusion_format(out, d, c);
			break;
		}
		/* the server's whole text in expr */
		/* fall through */
	default:
		/* exclusion constraints arrive with issue 5 */
		if (c->expr)
			strbuf_addstr(out, c->expr);
		break;
	}
	if (c->deferrable)
		strbuf_addstr(out, c->deferred ? " DEFERRABLE INITIALLY DEFERRED"
					       : " DEFERRABLE");
	/* NOT ENFORCED (PostgreSQL 18): never validated, so NOT VALID
	 * says nothing more */
	if (c->not_enforced)
		strbuf_addstr(out, " NOT ENFORCED");
	else if (c->not_valid)
		strbuf_addstr(out, " NOT VALID");
}

/* Skip an identifier, plain or "quoted"; NULL when there is none. */
static const char *skip_ident(const char *p)
{
	if (*p == '"') {
		for (p++; *p; p++) {
			if (*p == '"') {
				if (p[1] != '"')
					return p + 1;
				p++;
			}
		}
		return NULL;
	}
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	      *p == '_'))
		return NULL;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == '_' || *p == '$')
		p++;
	return p;
}

/*
 * 1 when text is a (qualified) name, or a name followed by one
 * parenthesized argument list that ends the text: what the server prints
 * without parentheses in an index column or predicate (ruleutils'
 * looks_like_function); everything else it wraps in parentheses.
 */
static int bare_in_index(const char *text)
{
	const char *p = text;
	int depth = 0;
	char quote = 0;

	for (;;) {
		p = skip_ident(p);
		if (!p)
			return 0;
		if (*p != '.')
			break;
		p++;
	}
	if (!*p)
		return 1;	/* a plain or qualified name */
	if (*p != '(')
		return 0;
	for (; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			continue;
		}
		if (*p == '\'' || *p == '"')
			quote = *p;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p[1] == '\0';
	}
	return 0;
}

static void add_index_expr(struct strbuf *out, const char *expr)
{
	if (bare_in_index(expr)) {
		strbuf_addstr(out, expr);
		return;
	}
	strbuf_addch(out, '(');
	strbuf_addstr(out, expr);
	strbuf_addch(out, ')');
}

void sd_index_format_body(struct strbuf *out, enum sql_dialect d,
			  const struct sd_index *ix)
{
	strbuf_addstr(out, "USING ");
	strbuf_addstr(out, ix->method ? ix->method : "btree");
	strbuf_addstr(out, " (");
	for (size_t i = 0; i < ix->nelems; i++) {
		const struct sd_index_elem *e = &ix->elems[i];
		if (i)
			strbuf_addstr(out, ", ");
		if (e->column) {
			sql_quote_ident(out, d, e->column);
		} else {
			add_index_expr(out, e->expr ? e->expr : "");
		}
		if (e->collation) {
			strbuf_addstr(out, " COLLATE ");
			strbuf_addstr(out, e->collation);
		}
		if (e->opclass) {
			strbuf_addch(out, ' ');
			strbuf_addstr(out, e->opclass);
		}
		if (e->desc)
			strbuf_addstr(out, " DESC");
		if (e->nulls == 'f')
			strbuf_addstr(out, " NULLS FIRST");
		else if (e->nulls == 'l')
			strbuf_addstr(out, " NULLS LAST");
	}
	strbuf_addch(out, ')');
	if (ix->ninclude) {
		strbuf_addstr(out, " INCLUDE ");
		sql_quote_ident_list(out, d, ix->include, ix->ninclude);
	}
	if (ix->nulls_not_distinct)
		strbuf_addstr(out, " NULLS NOT DISTINCT");
	if (ix->nreloptions) {
		strbuf_addstr(out, " WITH (");
		sd_reloptions_format(out, ix->reloptions, ix->nreloptions);
		strbuf_addch(out, ')');
	}
	if (ix->predicate) {
		strbuf_addstr(out, " WHERE ");
		add_index_expr(out, ix->predicate);
	}
}

void sd_format_index_expr(struct strbuf *out, const char *expr)
{
	add_index_expr(out, expr);
}

/* Bytes of s to keep so that at most n bytes remain and no UTF-8
 * character is cut (pg_mbcliplen). */
static size_t mbcliplen(const char *s, size_t n)
{
	size_t len = strlen(s);
	if (len <= n)
		return len;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

void pg_default_name(struct strbuf *out, const char *name1, const char *name2,
		     const char *label, int pass)
{
	char modlabel[64];
	size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
	size_t overhead = 0, avail;

	if (pass > 0)
		snprintf(modlabel, sizeof(modlabel), "%s%d", label, pass);
	else
		snprintf(modlabel, sizeof(modlabel), "%s", label ? label : "");
	if (label)
		overhead += strlen(modlabel) + 1;
	if (name2)
		overhead++;
	avail = PG_NAMEDATALEN - 1 - overhead;
	while (n1 + n2 > avail) {
		if (n1 > n2)
			n1--;
		else
			n2--;
	}
	n1 = mbcliplen(name1, n1);
	strbuf_add(out, name1, n1);
	if (name2) {
		n2 = mbcliplen(name2, n2);
		strbuf_addch(out, '_');
		strbuf_add(out, name2, n2);
	}
	if (label) {
		strbuf_addch(out, '_');
		strbuf_addstr(out, modlabel);
	}
}

void pg_name_addition(struct strbuf *out, const char *const *cols,
		      size_t ncols)
{
	size_t start = out->len;

	for (size_t i = 0; i < ncols; i++) {
		if (i)
			strbuf_addch(out, '_');
		strbuf_addstr(out, cols[i]);
		if (out->len - start >= PG_NAMEDATALEN - 1)
			break;
	}
	/* ChooseIndexNameAddition keeps at most NAMEDATALEN-1 bytes */
	if (out->len - start > PG_NAMEDATALEN - 1)
		strbuf_setlen(out, start + mbcliplen(out->buf + start,
						     PG_NAMEDATALEN - 1));
}

const char *sd_pg_type_storage(const char *type)
{
	/* pg_type.typstorage of the built-in types whose storage is not
	 * "extended": every fixed-length type (plain, the only storage they
	 * accept) and the few varlena ones that differ */
	static const char *const plain[] = {
		"boolean", "\"char\"", "name", "bigint", "smallint", "integer",
		"regproc", "oid", "tid", "xid", "cid", "xid8", "point", "lseg",
		"box", "line", "real", "double precision", "circle", "money",
		"macaddr", "macaddr8", "aclitem", "date",
		"time without time zone", "timestamp without time zone",
		"timestamp with time zone", "interval", "time with time zone",
		"regprocedure", "regoper", "regoperator", "regclass",
		"regcollation", "regtype", "regrole", "regnamespace", "uuid",
		"pg_lsn", "regconfig", "regdictionary", "tsquery", "gtsvector",
	};
	static const char *const main_[] = { "numeric", "inet", "cidr" };
	struct strbuf bare = STRBUF_INIT;
	const char *res = "extended";
	size_t len = strlen(type);

	if (len >= 2 && !strcmp(type + len - 2, "[]"))
		return res;
	/* without modifiers: "numeric(10,2)", "time(3) with time zone",
	 * "interval(3)" */
	for (const char *p = type; *p; p++) {
		if (*p == '(') {
			const char *q = strchr(p, ')');
			if (!q)
				break;
			p = q;
			continue;
		}
		strbuf_addch(&bare, *p);
	}
	for (size_t i = 0; i < sizeof(plain) / sizeof(*plain); i++)
		if (!strcmp(bare.buf, plain[i]))
			res = "plain";
	/* "interval day to second" */
	if (!strncmp(bare.buf, "interval ", 9))
		res = "plain";
	for (size_t i = 0; i < sizeof(main_) / sizeof(*main_); i++)
		if (!strcmp(bare.buf, main_[i]))
			res = "main";
	strbuf_release(&bare);
	return res;
}

bool sd_not_null_same(const struct sd_column *a, const struct sd_column *b)
{
	if ((a->not_null_name == NULL) != (b->not_null_name == NULL) ||
	    (a->not_null_name && strcmp(a->not_null_name, b->not_null_name)))
		return false;
	return a->not_null_no_inherit == b->not_null_no_inherit &&
	       a->not_null_not_valid == b->not_null_not_valid;
}
