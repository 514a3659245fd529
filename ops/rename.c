/*
 * ops/rename.c: renames declared in desired files, planned as renames
 * rather than as a drop and a create (which loses the data).
 *
 * A comment `-- schemadiff:renamed-from OLD` (or in a block comment)
 * names the old name of what it stands next to:
 *   - before a CREATE TABLE, VIEW, INDEX, TYPE, SCHEMA, FUNCTION or
 *     PROCEDURE statement: that object (same schema as the new name; a
 *     function keeps its argument types: ALTER FUNCTION ... RENAME TO;
 *     MySQL cannot rename a routine, and refuses such a hint);
 *   - inside a CREATE TABLE, on a column's line or the line before it:
 *     that column; on a `CONSTRAINT name ...` line (PostgreSQL: ALTER
 *     TABLE ... RENAME CONSTRAINT, which renames a key's index too) or,
 *     on MySQL, a `KEY|INDEX|UNIQUE [KEY|INDEX] name` or `CONSTRAINT name
 *     UNIQUE` line: that constraint or key (RENAME INDEX). MySQL cannot
 *     rename a foreign key or a check constraint: such a hint is refused
 *     (the plan drops and adds it, which loses no data).
 * A hint applies when the latest version has OLD and not the new name; a
 * later plan, where OLD is gone, ignores it (so it need not be removed).
 * Each rename that applies becomes one statement (ALTER ... RENAME on
 * PostgreSQL; RENAME TABLE, ALTER TABLE ... RENAME COLUMN / INDEX on
 * MySQL), replayed onto the catalogs given so that the diff that follows
 * sees the objects under their new names; the reverse statements undo
 * them, for the down script.
 *
 * Memory: struct ops_renames owns its text (ops_renames_release()).
 */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/ops_internal.h"
#include "parser/front/front.h"
#include "util/sqlfiles.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/vec.h"
#include "util/banned.h"

#define HINT "schemadiff:renamed-from"

enum hint_kind { H_SCHEMA, H_TYPE, H_TABLE, H_VIEW, H_INDEX, H_COLUMN,
		 H_CONSTRAINT, H_FUNCTION };

struct hint {
	enum hint_kind kind;
	char schema[128];	/* PostgreSQL: of the object ("" unqualified) */
	char table[128];	/* H_COLUMN, H_CONSTRAINT, MySQL H_INDEX: its
				 * table */
	char name[128];		/* the new name */
	char old[128];
	char args[512];		/* H_FUNCTION: identity argument types */
	int proc;		/* H_FUNCTION: a procedure */
	const char *file;
	int line;
};

/* Skip blanks and comments. */
static const char *skip_ws(const char *p)
{
	for (;;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			p = e ? e + 2 : p + strlen(p);
		} else {
			return p;
		}
	}
}

/* One identifier part at p into out (unquoted; bare ones folded to lower
 * case on PostgreSQL); returns what follows, or NULL when none. */
static const char *ident(const char *p, enum sql_dialect d, char *out,
			 size_t size)
{
	size_t n = 0;

	if (*p == '"' || *p == '`') {
		char q = *p++;
		for (; *p; p++) {
			if (*p == q && p[1] == q) {
				p++;
			} else if (*p == q) {
				p++;
				break;
			}
			if (n + 1 < size)
				out[n++] = *p;
		}
	} else {
		while (*p && (isalnum((unsigned char)*p) || *p == '_' || *p == '$')) {
			if (n + 1 < size)
				out[n++] = d == SQL_MYSQL ? *p :
					   (char)tolower((unsigned char)*p);
			p++;
		}
		if (!n)
			return NULL;
	}
	out[n] = 0;
	return p;
}

/* A possibly qualified name: schema (or "") and name. */
static const char *qname(const char *p, enum sql_dialect d, char *schema,
			 char *name, size_t size)
{
	p = ident(p, d, name, size);
	schema[0] = 0;
	if (p && *p == '.') {
		memcpy(schema, name, size);
		p = ident(p + 1, d, name, size);
	}
	return p;
}

static int word(const char **pp, const char *w)
{
	const char *p = skip_ws(*pp);
	size_t n = strlen(w);

	if (strncasecmp(p, w, n) || isalnum((unsigned char)p[n]) || p[n] == '_')
		return 0;
	*pp = p + n;
	return 1;
}

/* What a statement creates: kind, schema, name (and an index's table). */
static int stmt_object(const char *sql, enum sql_dialect d, struct hint *h)
{
	const char *p = sql;

	if (!word(&p, "create"))
		return 0;
	if (word(&p, "or"))
		word(&p, "replace");
	word(&p, "unique");
	word(&p, "temporary");
	if (word(&p, "table"))
		h->kind = H_TABLE;
	else if (word(&p, "view"))
		h->kind = H_VIEW;
	else if (word(&p, "index"))
		h->kind = H_INDEX;
	else if (word(&p, "type") && d != SQL_MYSQL)
		h->kind = H_TYPE;
	else if (word(&p, "schema") && d != SQL_MYSQL)
		h->kind = H_SCHEMA;
	else if ((h->proc = word(&p, "procedure")) || word(&p, "function"))
		h->kind = H_FUNCTION;
	else
		return 0;
	if (word(&p, "if")) {
		word(&p, "not");
		word(&p, "exists");
	}
	p = qname(skip_ws(p), d, h->schema, h->name, sizeof(h->name));
	if (!p)
		return 0;
	if (h->kind == H_INDEX) {
		char s[128];
		if (!word(&p, "on"))
			return 0;
		word(&p, "only");
		if (!qname(skip_ws(p), d, s, h->table, sizeof(h->table)))
			return 0;
	}
	return 1;
}

/* Where the element of a CREATE TABLE that a hint names starts: the last
 * one that stands before the comment on the hint's line, else the first
 * of the next line that holds something; NULL when none. */
static const char *element_at(const char *text, const char *at)
{
	const char *bol = at, *p, *q;
	int depth = 0;

	while (bol > text && bol[-1] != '\n')
		bol--;
	/* back to the comment's start */
	p = at;
	while (p > bol && !(p[0] == '-' && p[1] == '-') &&
	       !(p[0] == '/' && p[1] == '*'))
		p--;
	/* before it, without blanks and a trailing comma */
	q = p;
	while (q > bol && isspace((unsigned char)q[-1]))
		q--;
	if (q > bol && q[-1] == ',')
		q--;
	while (q > bol && isspace((unsigned char)q[-1]))
		q--;
	if (q > bol && q[-1] != '(') {
		/* back to the comma or parenthesis that opens the element */
		for (; q > bol; q--) {
			char c = q[-1];
			if (c == ')')
				depth++;
			else if (c == '(' && depth)
				depth--;
			else if ((c == '(' || c == ',') && !depth)
				break;
		}
		return skip_ws(q);
	}
	p = strchr(at, '\n');
	if (!p)
		return NULL;
	p = skip_ws(p);
	while (*p == ',' || *p == '(')
		p = skip_ws(p + 1);
	return p;
}

/*
 * What a hint inside CREATE TABLE names: a column (H_COLUMN), a named
 * constraint (H_CONSTRAINT) or, on MySQL, a key (H_INDEX); its name into
 * h->name. Returns 0, or an error.
 */
static int element_of(const char *text, const char *at, enum sql_dialect d,
		      struct hint *h, struct sd_error *err)
{
	const char *p = element_at(text, at);
	const char *file = h->file;
	int line = h->line;

	if (!p)
		return sd_error_set(err, SD_ERR, file, line, 0,
				    HINT " inside CREATE TABLE: no column after it");
	h->kind = H_COLUMN;
	if (word(&p, "constraint")) {
		if (!(p = ident(skip_ws(p), d, h->name, sizeof(h->name))))
			return sd_error_set(err, SD_ERR, file, line, 0,
					    HINT ": CONSTRAINT without a name");
		h->kind = H_CONSTRAINT;
		if (d != SQL_MYSQL)
			return 0;
		if (word(&p, "unique")) {
			h->kind = H_INDEX;
			return 0;
		}
		return sd_error_set(err, SD_ERR_UNSUPPORTED, file, line, 0,
				    HINT ": MySQL cannot rename a %s constraint; remove the hint: the plan then drops it and adds it under the new name (no data is lost)",
				    word(&p, "foreign") ? "foreign key" :
				    word(&p, "check") ? "check" : "primary key or other");
	}
	if (d == SQL_MYSQL && (word(&p, "key") || word(&p, "index") ||
			       word(&p, "unique") || word(&p, "fulltext") ||
			       word(&p, "spatial"))) {
		if (!word(&p, "key"))
			word(&p, "index");
		if (!(p = ident(skip_ws(p), d, h->name, sizeof(h->name))))
			return sd_error_set(err, SD_ERR, file, line, 0,
					    HINT ": a key needs a name to be renamed");
		h->kind = H_INDEX;
		return 0;
	}
	if (d != SQL_MYSQL && (word(&p, "primary") || word(&p, "unique") ||
			       word(&p, "check") || word(&p, "foreign") ||
			       word(&p, "exclude")))
		return sd_error_set(err, SD_ERR, file, line, 0,
				    HINT ": name the constraint (CONSTRAINT name ...) to rename it");
	if (!ident(p, d, h->name, sizeof(h->name)))
		return sd_error_set(err, SD_ERR, file, line, 0,
				    HINT " inside CREATE TABLE: no column after it");
	return 0;
}

/* Read the hints of one file into hints (a vec of struct hint *). */
static int file_hints(const char *file, enum sql_dialect d, struct vec *hints,
		      struct sd_error *err)
{
	struct strbuf text = STRBUF_INIT;
	struct pg_script script = PG_SCRIPT_INIT;
	const char *at;
	int rc;

	rc = sd_read_file(&text, file, err);
	if (rc) {
		strbuf_release(&text);
		return rc;
	}
	if (!strstr(text.buf, HINT)) {
		strbuf_release(&text);
		return 0;
	}
	rc = front_split(d, file, text.buf, &script, err);
	for (at = strstr(text.buf, HINT); !rc && at; at = strstr(at + 1, HINT)) {
		size_t off = (size_t)(at - text.buf);
		struct hint *h = calloc(1, sizeof(*h));
		const struct pg_stmt *in = NULL, *next = NULL;
		const char *p;
		int line = 1;

		if (!h)
			abort();
		for (const char *q = text.buf; q < at; q++)
			line += *q == '\n';
		h->file = file;
		h->line = line;
		p = ident(skip_ws(at + strlen(HINT)), d, h->old, sizeof(h->old));
		if (p && *p == '.')	/* a qualified old name: its last part */
			p = ident(p + 1, d, h->old, sizeof(h->old));
		for (size_t k = 0; k < script.nstmts; k++) {
			const struct pg_stmt *st = &script.stmts[k];
			if (st->offset <= off && off < st->offset + strlen(st->sql))
				in = st;
			else if (st->offset > off && !next)
				next = st;
		}
		if (!p) {
			rc = sd_error_set(err, SD_ERR, file, line, 0,
					  HINT " needs the old name");
		} else if (in && stmt_object(in->sql, d, h) && h->kind == H_TABLE) {
			memcpy(h->table, h->name, sizeof(h->table));
			rc = element_of(text.buf, at, d, h, err);
		} else if (in || !next || !stmt_object(next->sql, d, h)) {
			rc = sd_error_set(err, SD_ERR_UNSUPPORTED, file, line, 0,
					  HINT " must stand before a CREATE TABLE, VIEW, INDEX%s statement or next to a column%s of a CREATE TABLE",
					  d == SQL_MYSQL ? "" : ", TYPE, SCHEMA, FUNCTION or PROCEDURE",
					  d == SQL_MYSQL ? " or key" : " or named constraint");
		} else if (d == SQL_MYSQL && h->kind == H_FUNCTION) {
			rc = sd_error_set(err, SD_ERR_UNSUPPORTED, file, line, 0,
					  HINT ": MySQL cannot rename a function or procedure; remove the hint: the plan then drops it and creates it under the new name");
		}
		if (rc) {
			free(h);
			break;
		}
		vec_push(hints, h);
	}
	pg_script_release(&script);
	strbuf_release(&text);
	return rc;
}

static int hint_order(const void *a, const void *b)
{
	const struct hint *x = *(const struct hint *const *)a;
	const struct hint *y = *(const struct hint *const *)b;

	return (int)x->kind - (int)y->kind;
}

static const char *kind_name(enum hint_kind k)
{
	static const char *const names[] = { "schema", "type", "table", "view",
					     "index", "column", "constraint",
					     "function" };
	return names[k];
}

static const struct sd_constraint *find_con(const struct sd_table *t,
					    const char *name)
{
	for (size_t i = 0; t && i < t->nconstraints; i++)
		if (!strcmp(t->constraints[i].name, name))
			return &t->constraints[i];
	return NULL;
}

/* Whether h applies to cat (old there, new not); *found_new when the new
 * name is already there (the hint is done). */
static int applies(const struct catalog *cat, const struct hint *h,
		   const char *schema)
{
	const struct sd_table *t;
	enum sd_kind k = h->kind == H_SCHEMA ? SD_SCHEMA :
			 h->kind == H_TYPE ? SD_TYPE :
			 h->kind == H_VIEW ? SD_VIEW :
			 h->kind == H_INDEX ? SD_INDEX : SD_TABLE;
	const char *s = h->kind == H_SCHEMA ? NULL : schema;

	if (h->kind == H_FUNCTION) {
		struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
		int yes;

		strbuf_addf(&from, "%s(%s)", h->old, h->args);
		strbuf_addf(&to, "%s(%s)", h->name, h->args);
		yes = catalog_find(cat, SD_FUNCTION, schema, from.buf) &&
		      !catalog_find(cat, SD_FUNCTION, schema, to.buf);
		strbuf_release(&from);
		strbuf_release(&to);
		return yes;
	}
	if (h->kind == H_CONSTRAINT) {
		t = catalog_find(cat, SD_TABLE, schema, h->table);
		return find_con(t, h->old) && !find_con(t, h->name);
	}
	if (h->kind == H_COLUMN) {
		int has_old = 0, has_new = 0;
		t = catalog_find(cat, SD_TABLE, schema, h->table);
		for (size_t i = 0; t && i < t->ncolumns; i++) {
			has_old |= !strcmp(t->columns[i].name, h->old);
			has_new |= !strcmp(t->columns[i].name, h->name);
		}
		return has_old && !has_new;
	}
	if (h->kind == H_INDEX && cat->dialect == SQL_MYSQL) {
		/* MySQL indexes are keyed TABLE.NAME */
		char from[260], to[260];

		snprintf(from, sizeof(from), "%s.%s", h->table, h->old);
		snprintf(to, sizeof(to), "%s.%s", h->table, h->name);
		return catalog_find(cat, SD_INDEX, NULL, from) &&
		       !catalog_find(cat, SD_INDEX, NULL, to);
	}
	return catalog_find(cat, k, s, h->old) && !catalog_find(cat, k, s, h->name);
}

/* The statement that renames from -> to for h, into out. */
static void rename_sql(const struct hint *h, enum sql_dialect d,
		       const char *schema, const char *from, const char *to,
		       struct strbuf *out)
{
	static const char *const pg_kw[] = { "SCHEMA", "TYPE", "TABLE", "VIEW",
					     "INDEX", "TABLE", "TABLE",
					     "FUNCTION" };

	if (d == SQL_MYSQL) {
		if (h->kind == H_TABLE || h->kind == H_VIEW) {
			strbuf_addstr(out, "RENAME TABLE ");
			sql_quote_ident(out, d, from);
			strbuf_addstr(out, " TO ");
			sql_quote_ident(out, d, to);
		} else {
			strbuf_addstr(out, "ALTER TABLE ");
			sql_quote_ident(out, d, h->table);
			strbuf_addstr(out, h->kind == H_COLUMN ? " RENAME COLUMN " :
					   " RENAME INDEX ");
			sql_quote_ident(out, d, from);
			strbuf_addstr(out, " TO ");
			sql_quote_ident(out, d, to);
		}
		strbuf_addstr(out, ";\n");
		return;
	}
	if (h->kind == H_FUNCTION) {
		strbuf_addstr(out, h->proc ? "ALTER PROCEDURE " : "ALTER FUNCTION ");
		sql_quote_qualified(out, d, schema, from);
		strbuf_addf(out, "(%s) RENAME TO ", h->args);
		sql_quote_ident(out, d, to);
		strbuf_addstr(out, ";\n");
		return;
	}
	strbuf_addf(out, "ALTER %s ", pg_kw[h->kind]);
	if (h->kind == H_SCHEMA)
		sql_quote_ident(out, d, from);
	else
		sql_quote_qualified(out, d, schema,
				    h->kind == H_COLUMN ||
				    h->kind == H_CONSTRAINT ? h->table : from);
	if (h->kind == H_COLUMN || h->kind == H_CONSTRAINT) {
		strbuf_addstr(out, h->kind == H_COLUMN ? " RENAME COLUMN " :
				   " RENAME CONSTRAINT ");
		sql_quote_ident(out, d, from);
		strbuf_addstr(out, " TO ");
	} else {
		strbuf_addstr(out, " RENAME TO ");
	}
	sql_quote_ident(out, d, to);
	strbuf_addstr(out, ";\n");
}

static int same_key(const struct sd_constraint *a, const struct sd_constraint *b)
{
	if (a->type != b->type || a->ncolumns != b->ncolumns || !a->ncolumns)
		return 0;
	for (size_t i = 0; i < a->ncolumns; i++)
		if (strcmp(a->columns[i], b->columns[i]))
			return 0;
	return 1;
}

/*
 * PostgreSQL keeps a constraint's name when its table or column is
 * renamed, while the desired files' unnamed constraints take the new
 * default name (people_pkey after person_pkey): a key constraint of table
 * (schema, name) that the desired table has under another name, with the
 * same type and columns, is renamed too, so that it is not dropped and
 * made again.
 */
static int follow_constraints(struct catalog *const *cats, size_t ncats,
			      const struct catalog *want, const char *schema,
			      const char *table, const char *file,
			      struct ops_renames *out, struct vec *undo,
			      struct sd_error *err)
{
	const struct sd_table *t = catalog_find(cats[0], SD_TABLE, schema, table);
	const struct sd_table *w = catalog_find(want, SD_TABLE, schema, table);
	int rc = 0;

	for (size_t i = 0; !rc && t && w && i < t->nconstraints; i++) {
		const struct sd_constraint *c = &t->constraints[i];
		struct strbuf one = STRBUF_INIT, back = STRBUF_INIT;
		const char *from, *to = NULL;

		if (find_con(w, c->name))
			continue;
		for (size_t j = 0; !to && j < w->nconstraints; j++)
			if (same_key(c, &w->constraints[j]) &&
			    !find_con(t, w->constraints[j].name))
				to = w->constraints[j].name;
		if (!to)
			continue;
		from = c->name;
		strbuf_addstr(&one, "ALTER TABLE ");
		sql_quote_qualified(&one, SQL_POSTGRES, schema, table);
		strbuf_addstr(&one, " RENAME CONSTRAINT ");
		sql_quote_ident(&one, SQL_POSTGRES, from);
		strbuf_addstr(&one, " TO ");
		sql_quote_ident(&one, SQL_POSTGRES, to);
		strbuf_addstr(&one, ";\n");
		strbuf_addstr(&back, "ALTER TABLE ");
		sql_quote_qualified(&back, SQL_POSTGRES, schema, table);
		strbuf_addstr(&back, " RENAME CONSTRAINT ");
		sql_quote_ident(&back, SQL_POSTGRES, to);
		strbuf_addstr(&back, " TO ");
		sql_quote_ident(&back, SQL_POSTGRES, from);
		strbuf_addstr(&back, ";\n");
		strbuf_addstr(&out->sql, one.buf);
		vec_push(undo, strbuf_detach(&back, NULL));
		/* t changes under us: replay last */
		for (size_t k = 0; !rc && k < ncats; k++)
			rc = front_replay_script(cats[k], file, one.buf, err);
		strbuf_release(&one);
		i = (size_t)-1;	/* the table was changed: look again */
		t = catalog_find(cats[0], SD_TABLE, schema, table);
	}
	return rc;
}

/* Whether h's old name in the version's renames has its table before it. */
static int on_table(const struct hint *h, enum sql_dialect d)
{
	return h->kind == H_COLUMN || h->kind == H_CONSTRAINT ||
	       (d == SQL_MYSQL && h->kind == H_INDEX);
}

/* A function hint: the argument types of the new function in want; 0
 * when want has no (single) function of that name. */
static int function_args(const struct catalog *want, const char *schema,
			 struct hint *h)
{
	struct vec fns = VEC_INIT;
	int found = 0;

	catalog_list(want, SD_FUNCTION, &fns);
	for (size_t i = 0; i < fns.len; i++) {
		const struct sd_function *f = fns.items[i];
		if (strcmp(f->base.schema, schema) || strcmp(f->fname, h->name))
			continue;
		found++;
		snprintf(h->args, sizeof(h->args), "%s", f->identity_args);
		h->proc = f->is_procedure;
	}
	vec_release(&fns);
	return found == 1;
}

/* One part of a "renames" entry's "from": the name as it is, or in double
 * quotes (doubled inside) when it holds a dot or a double quote, then sep. */
static void add_from_part(struct strbuf *sb, const char *name, const char *sep)
{
	if (!strpbrk(name, ".\"")) {
		strbuf_addf(sb, "%s%s", name, sep);
		return;
	}
	strbuf_addch(sb, '"');
	for (const char *c = name; *c; c++) {
		if (*c == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *c);
	}
	strbuf_addf(sb, "\"%s", sep);
}

/* The next part of a "from" (add_from_part()'s form) at *p into out
 * (cap bytes), *p moved past it and its dot: 0, or -1 when it does not
 * fit or is not closed. last: the rest is one part. */
static int next_from_part(const char **p, bool last, char *out, size_t cap)
{
	const char *s = *p;
	size_t n = 0;

	if (*s == '"') {
		for (s++; *s; s++) {
			if (*s == '"' && s[1] != '"')
				break;
			if (*s == '"')
				s++;
			if (n + 1 >= cap)
				return -1;
			out[n++] = *s;
		}
		if (*s != '"')
			return -1;
		s++;
	} else {
		const char *dot = last ? NULL : strchr(s, '.');
		size_t len = dot ? (size_t)(dot - s) : strlen(s);

		if (len >= cap)
			return -1;
		memcpy(out, s, len);
		n = len;
		s += len;
	}
	out[n] = 0;
	if (last ? *s != 0 : *s != '.')
		return -1;
	*p = last ? s : s + 1;
	return 0;
}

/* The hints that apply to cats[0], planned and replayed (see
 * ops_renames_plan()); hints is sorted here. */
static int plan_hints(struct vec *hints, struct catalog *const *cats,
		      size_t ncats, const struct catalog *want,
		      const char *file, struct ops_renames *out,
		      struct sd_error *err)
{
	enum sql_dialect d = cats[0]->dialect;
	struct vec undo = VEC_INIT;
	int rc = 0;

	if (hints->len)
		qsort(hints->items, hints->len, sizeof(void *), hint_order);
	for (size_t i = 0; !rc && i < hints->len; i++) {
		struct hint *h = hints->items[i];
		const char *schema = d == SQL_MYSQL ? NULL :
				     *h->schema ? h->schema : "public";
		struct strbuf one = STRBUF_INIT, back = STRBUF_INIT;

		if (h->kind == H_FUNCTION && !function_args(want, schema, h))
			continue;
		if (!applies(cats[0], h, schema))
			continue;
		rename_sql(h, d, schema, h->old, h->name, &one);
		for (size_t c = 0; !rc && c < ncats; c++)
			rc = front_replay_script(cats[c], file, one.buf, err);
		if (rc) {
			strbuf_release(&one);
			break;
		}
		strbuf_addstr(&out->sql, one.buf);
		rename_sql(h, d, schema, h->name, h->old, &back);
		vec_push(&undo, strbuf_detach(&back, NULL));
		strbuf_addf(&out->json, "%s%s\t", out->n ? "\n" : "",
			    kind_name(h->kind));
		if (schema)
			add_from_part(&out->json, schema, ".");
		if (on_table(h, d))
			add_from_part(&out->json, h->table, ".");
		add_from_part(&out->json, h->old, "");
		strbuf_addf(&out->json, "\t%s", h->name);
		out->n++;
		out->types |= h->kind == H_TYPE || h->kind == H_SCHEMA;
		strbuf_release(&one);
		if (d != SQL_MYSQL && (h->kind == H_TABLE || h->kind == H_COLUMN))
			rc = follow_constraints(cats, ncats, want, schema,
						h->kind == H_TABLE ? h->name : h->table,
						file, out, &undo, err);
	}
	/* undone in reverse order: columns, then their tables ... */
	for (size_t i = undo.len; i-- > 0;)
		strbuf_addstr(&out->down_sql, undo.items[i]);
	for (size_t i = 0; i < undo.len; i++)
		free(undo.items[i]);
	vec_release(&undo);
	return rc;
}

static void renames_init(struct ops_renames *out)
{
	memset(out, 0, sizeof(*out));
	strbuf_init(&out->sql, 0);
	strbuf_init(&out->down_sql, 0);
	strbuf_init(&out->json, 0);
}

int ops_renames_plan(const char *const *paths, size_t n,
		     struct catalog *const *cats, size_t ncats,
		     const struct catalog *want, const char *file,
		     struct ops_renames *out, struct sd_error *err)
{
	enum sql_dialect d = cats[0]->dialect;
	struct vec files = VEC_INIT, hints = VEC_INIT;
	int rc;

	renames_init(out);
	rc = sd_sql_files(paths, n, &files, err);
	for (size_t i = 0; !rc && i < files.len; i++)
		rc = file_hints(files.items[i], d, &hints, err);
	if (!rc)
		rc = plan_hints(&hints, cats, ncats, want, file, out, err);
	for (size_t i = 0; i < hints.len; i++)
		free(hints.items[i]);
	vec_release(&hints);
	for (size_t i = 0; i < files.len; i++)
		free(files.items[i]);
	vec_release(&files);
	return rc;
}

/* One entry of a version's "renames" ({"kind", "from": "SCHEMA.[TABLE.]OLD"
 * (MySQL: "[TABLE.]OLD"; a part with a dot in double quotes), "to": NEW},
 * as plan_hints() writes it) as a hint; 0 when it is not one. */
static int version_hint(json_t *o, enum sql_dialect d, struct hint *h)
{
	const char *kind = json_string_value(json_object_get(o, "kind"));
	const char *from = json_string_value(json_object_get(o, "from"));
	const char *to = json_string_value(json_object_get(o, "to"));
	const char *p;
	size_t k;

	if (!kind || !from || !to)
		return 0;
	for (k = H_SCHEMA; k <= H_FUNCTION; k++)
		if (!strcmp(kind, kind_name((enum hint_kind)k)))
			break;
	if (k > H_FUNCTION)
		return 0;
	h->kind = (enum hint_kind)k;
	p = from;
	if (d != SQL_MYSQL &&
	    next_from_part(&p, false, h->schema, sizeof(h->schema)))
		return 0;
	if (on_table(h, d) &&
	    next_from_part(&p, false, h->table, sizeof(h->table)))
		return 0;
	if (next_from_part(&p, true, h->old, sizeof(h->old)) ||
	    strlen(to) >= sizeof(h->name))
		return 0;
	memcpy(h->name, to, strlen(to) + 1);
	return 1;
}

int ops_renames_plan_version(const char *path, struct catalog *const *cats,
			     size_t ncats, const struct catalog *want,
			     const char *file, struct ops_renames *out,
			     struct sd_error *err)
{
	enum sql_dialect d = cats[0]->dialect;
	struct vec hints = VEC_INIT;
	json_error_t jerr;
	json_t *vj, *arr;
	size_t i;
	int rc;

	renames_init(out);
	vj = json_load_file(path, 0, &jerr);
	if (!vj)
		return sd_error_set(err, SD_ERR_SYNTAX, path, jerr.line,
				    jerr.column, "%s", jerr.text);
	arr = json_object_get(vj, "renames");
	for (i = 0; json_is_array(arr) && i < json_array_size(arr); i++) {
		struct hint *h = calloc(1, sizeof(*h));

		if (!h)
			abort();
		h->file = path;
		if (version_hint(json_array_get(arr, i), d, h))
			vec_push(&hints, h);
		else
			free(h);
	}
	json_decref(vj);
	rc = plan_hints(&hints, cats, ncats, want, file, out, err);
	for (i = 0; i < hints.len; i++)
		free(hints.items[i]);
	vec_release(&hints);
	return rc;
}

void ops_renames_release(struct ops_renames *r)
{
	strbuf_release(&r->sql);
	strbuf_release(&r->down_sql);
	strbuf_release(&r->json);
	r->n = 0;
}
