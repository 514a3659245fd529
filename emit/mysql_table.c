/*
 * emit/mysql_table.c: CREATE TABLE (one column, key or constraint per line,
 * as SHOW CREATE TABLE lays it out, then the table options and the
 * partitioning clause), DROP TABLE, and the ALTER TABLE forms for columns,
 * constraints, table options and partitioning. Writes into the caller's
 * strbuf.
 */
#include "emit/mysql_internal.h"

#include <string.h>
#include <strings.h>

#include "util/banned.h"

/* The column-level check of a column (docs/mysql.md: a check named after
 * its column, with that one column), or NULL. */
static const struct sd_constraint *column_check(const struct sd_table *t,
						const char *column)
{
	for (size_t i = 0; t && i < t->nconstraints; i++) {
		const struct sd_constraint *c = &t->constraints[i];
		if (c->type == SD_CON_CHECK && c->ncolumns == 1 &&
		    !strcmp(c->columns[0], column))
			return c;
	}
	return NULL;
}

static bool is_digits(const char *p)
{
	if (!*p)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

/* A number as the server prints it: -1, 1.50, 1e10. */
static bool is_number(const char *p)
{
	bool digits = false;

	if (*p == '-' || *p == '+')
		p++;
	for (; *p >= '0' && *p <= '9'; p++)
		digits = true;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits = true;
	if (digits && (*p == 'e' || *p == 'E')) {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		return is_digits(p);
	}
	return digits && !*p;
}

/*
 * Does a default go bare after DEFAULT? Literals (strings, numbers, bit
 * and hex literals, NULL) and current_timestamp([n]) do; MariaDB wants any
 * other expression in parentheses.
 */
static bool default_bare(const char *e)
{
	size_t n = strlen(e);
	const char *ct = "current_timestamp";
	size_t ctn = strlen(ct);

	if (e[0] == '\'' && n >= 2 && e[n - 1] == '\'') {
		/* one literal, not 'a' || 'b': no lone quote inside */
		for (size_t i = 1; i + 1 < n; i++) {
			if (e[i] == '\\' && i + 2 < n)
				i++;
			else if (e[i] == '\'' && e[i + 1] == '\'')
				i++;
			else if (e[i] == '\'')
				return false;
		}
		return true;
	}
	if (is_number(e) || !strcasecmp(e, "NULL"))
		return true;
	if ((e[0] == 'b' || e[0] == 'B' || e[0] == 'x' || e[0] == 'X') &&
	    e[1] == '\'' && n > 2 && e[n - 1] == '\'' &&
	    !strchr(e + 2, '\'')[1])
		return true;
	if (e[0] == '0' && (e[1] == 'x' || e[1] == 'b') && e[2])
		return true;
	if (!strncasecmp(e, ct, ctn)) {
		const char *p = e + ctn;
		if (!*p || !strcmp(p, "()"))
			return true;
		if (*p == '(' && p[n - ctn - 1] == ')') {
			struct strbuf d = STRBUF_INIT;
			bool ok;
			strbuf_add(&d, p + 1, n - ctn - 2);
			ok = is_digits(d.buf);
			strbuf_release(&d);
			return ok;
		}
	}
	return false;
}

static bool is_timestamp(const char *type)
{
	return !strncmp(type, "timestamp", 9) &&
	       (type[9] == '\0' || type[9] == '(');
}

/*
 * A column as CREATE TABLE, ADD COLUMN and MODIFY COLUMN write it: name
 * type [CHARACTER SET] [COLLATE] [GENERATED ALWAYS AS (e) VIRTUAL|STORED]
 * [NOT NULL|NULL] [DEFAULT] [ON UPDATE] [AUTO_INCREMENT] [INVISIBLE]
 * [COMMENT] [CHECK]. t (may be NULL) holds the column-level check.
 */
static void add_column_def(struct strbuf *out, const struct sd_table *t,
			   const struct sd_column *c)
{
	const struct sd_constraint *check = column_check(t, c->name);

	sql_quote_ident(out, SQL_MYSQL, c->name);
	strbuf_addch(out, ' ');
	strbuf_addstr(out, c->type);
	if (c->charset) {
		strbuf_addstr(out, " CHARACTER SET ");
		mysql_add_word(out, c->charset);
	}
	if (c->collation && !strcmp(c->collation, MY_BIN_OF_DEFAULT)) {
		strbuf_addstr(out, " BINARY");
	} else if (c->collation) {
		strbuf_addstr(out, " COLLATE ");
		mysql_add_word(out, c->collation);
	}
	if (c->generated) {
		strbuf_addstr(out, " GENERATED ALWAYS AS (");
		strbuf_addstr(out, c->generated);
		strbuf_addstr(out, c->gen_virtual ? ") VIRTUAL" : ") STORED");
	}
	if (c->not_null)
		strbuf_addstr(out, " NOT NULL");
	else if (is_timestamp(c->type) && !c->generated)
		/* where explicit_defaults_for_timestamp is off, a bare
		 * TIMESTAMP would be NOT NULL */
		strbuf_addstr(out, " NULL");
	if (c->default_expr) {
		strbuf_addstr(out, " DEFAULT ");
		if (default_bare(c->default_expr)) {
			strbuf_addstr(out, c->default_expr);
		} else {
			strbuf_addch(out, '(');
			strbuf_addstr(out, c->default_expr);
			strbuf_addch(out, ')');
		}
	}
	if (c->on_update) {
		strbuf_addstr(out, " ON UPDATE ");
		strbuf_addstr(out, c->on_update);
	}
	if (c->auto_increment)
		strbuf_addstr(out, " AUTO_INCREMENT");
	if (c->invisible)
		strbuf_addstr(out, " INVISIBLE");
	if (c->comment) {
		strbuf_addstr(out, " COMMENT ");
		sql_quote_literal(out, SQL_MYSQL, c->comment);
	}
	if (check) {
		strbuf_addstr(out, " CHECK (");
		strbuf_addstr(out, check->expr ? check->expr : "");
		strbuf_addch(out, ')');
	}
}

static const char *fk_action(char a)
{
	switch (a) {
	case SD_FK_NO_ACTION:
		return "NO ACTION";
	case SD_FK_CASCADE:
		return "CASCADE";
	case SD_FK_SET_NULL:
		return "SET NULL";
	case SD_FK_SET_DEFAULT:
		return "SET DEFAULT";
	default:
		return NULL;	/* RESTRICT, the default */
	}
}

/* A primary key, foreign key or check as CREATE TABLE and ADD write it. */
static void add_constraint_def(struct strbuf *out,
			       const struct sd_constraint *c)
{
	const char *act;

	if (c->type == SD_CON_PRIMARY) {
		strbuf_addstr(out, "PRIMARY KEY (");
		for (size_t i = 0; i < c->ncolumns; i++) {
			if (i)
				strbuf_addstr(out, ", ");
			sql_quote_ident(out, SQL_MYSQL, c->columns[i]);
			if (c->sub_parts && c->sub_parts[i])
				strbuf_addf(out, "(%u)", c->sub_parts[i]);
		}
		strbuf_addch(out, ')');
		if (c->comment) {
			strbuf_addstr(out, " COMMENT ");
			sql_quote_literal(out, SQL_MYSQL, c->comment);
		}
		return;
	}
	strbuf_addstr(out, "CONSTRAINT ");
	sql_quote_ident(out, SQL_MYSQL, c->name);
	switch (c->type) {
	case SD_CON_FOREIGN:
		strbuf_addstr(out, " FOREIGN KEY ");
		sql_quote_ident_list(out, SQL_MYSQL, c->columns, c->ncolumns);
		strbuf_addstr(out, " REFERENCES ");
		sql_quote_qualified(out, SQL_MYSQL, c->ref_schema,
				    c->ref_table);
		strbuf_addch(out, ' ');
		sql_quote_ident_list(out, SQL_MYSQL, c->ref_columns, c->nref_columns);
		if ((act = fk_action(c->on_delete)))
			strbuf_addf(out, " ON DELETE %s", act);
		if ((act = fk_action(c->on_update)))
			strbuf_addf(out, " ON UPDATE %s", act);
		break;
	case SD_CON_UNIQUE:
		strbuf_addstr(out, " UNIQUE ");
		sql_quote_ident_list(out, SQL_MYSQL, c->columns, c->ncolumns);
		break;
	default:
		strbuf_addstr(out, " CHECK (");
		strbuf_addstr(out, c->expr ? c->expr : "");
		strbuf_addch(out, ')');
		break;
	}
}

static void add_drop_constraint(struct strbuf *out,
				const struct sd_constraint *c)
{
	switch (c->type) {
	case SD_CON_PRIMARY:
		strbuf_addstr(out, "DROP PRIMARY KEY");
		return;
	case SD_CON_FOREIGN:
		strbuf_addstr(out, "DROP FOREIGN KEY ");
		break;
	case SD_CON_UNIQUE:
		strbuf_addstr(out, "DROP INDEX ");
		break;
	default:
		strbuf_addstr(out, "DROP CONSTRAINT ");
		break;
	}
	sql_quote_ident(out, SQL_MYSQL, c->name);
}

static void add_options(struct strbuf *out, const struct sd_table *t)
{
	if (t->engine) {
		strbuf_addstr(out, " ENGINE=");
		mysql_add_word(out, t->engine);
	}
	if (t->charset) {
		strbuf_addstr(out, " DEFAULT CHARSET=");
		mysql_add_word(out, t->charset);
	}
	if (t->collation) {
		strbuf_addstr(out, " COLLATE=");
		mysql_add_word(out, t->collation);
	}
	if (t->row_format) {
		strbuf_addstr(out, " ROW_FORMAT=");
		mysql_add_word(out, t->row_format);
	}
	if (t->options) {
		strbuf_addch(out, ' ');
		strbuf_addstr(out, t->options);
	}
	if (t->base.comment) {
		strbuf_addstr(out, " COMMENT=");
		sql_quote_literal(out, SQL_MYSQL, t->base.comment);
	}
}

/* Is key=... in options (a "KEY=VALUE ..." list)? */
static bool has_option(const char *options, const char *key, size_t n)
{
	for (const char *p = options; p && *p; ) {
		const char *end = strchr(p, ' ');
		if (!strncmp(p, key, n) && p[n] == '=')
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

/* The options of nt that differ from ot's: each new value, DEFAULT for
 * one no longer given. */
static void add_changed_options(struct strbuf *out, const char **sep,
				const struct sd_table *ot,
				const struct sd_table *nt)
{
	for (const char *p = nt->options; p && *p; ) {
		const char *end = strchr(p, ' ');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		strbuf_addstr(out, *sep);
		strbuf_add(out, p, n);
		*sep = ", ";
		p += n;
		while (*p == ' ')
			p++;
	}
	for (const char *p = ot->options; p && *p; ) {
		const char *end = strchr(p, ' '), *eq = strchr(p, '=');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		size_t kn = eq && (!end || eq < end) ? (size_t)(eq - p) : n;
		if (!has_option(nt->options, p, kn)) {
			strbuf_addstr(out, *sep);
			strbuf_add(out, p, kn);
			strbuf_addch(out, '=');
			strbuf_addstr(out, sd_mysql_table_option_reset(p, kn));
			*sep = ", ";
		}
		p += n;
		while (*p == ' ')
			p++;
	}
}

static void next_line(struct strbuf *out, bool *first)
{
	strbuf_addstr(out, *first ? "\n  " : ",\n  ");
	*first = false;
}

void mysql_create_table(const struct change *ch, struct strbuf *out)
{
	const struct sd_table *t = (const struct sd_table *)ch->new_obj;
	const struct mysql_change *my = ch->my;
	bool first = true;

	strbuf_addstr(out, "CREATE TABLE ");
	mysql_add_name(out, ch->new_obj);
	strbuf_addstr(out, " (");
	for (size_t i = 0; i < t->ncolumns; i++) {
		next_line(out, &first);
		add_column_def(out, t, &t->columns[i]);
	}
	for (size_t i = 0; i < t->nconstraints; i++) {
		if (t->constraints[i].type == SD_CON_PRIMARY) {
			next_line(out, &first);
			add_constraint_def(out, &t->constraints[i]);
		}
	}
	for (size_t i = 0; my && i < my->nindexes; i++) {
		next_line(out, &first);
		mysql_add_index_def(out, my->indexes[i], true);
	}
	/* the foreign keys the diff placed here (others come later) */
	for (size_t i = 0; my && i < my->nfkeys; i++) {
		next_line(out, &first);
		add_constraint_def(out, my->fkeys[i]);
	}
	for (size_t i = 0; i < t->nconstraints; i++) {
		const struct sd_constraint *c = &t->constraints[i];
		if ((c->type == SD_CON_CHECK && c->ncolumns != 1) ||
		    c->type == SD_CON_UNIQUE) {
			next_line(out, &first);
			add_constraint_def(out, c);
		}
	}
	strbuf_addstr(out, "\n)");
	add_options(out, t);
	if (t->partkey) {
		strbuf_addch(out, '\n');
		strbuf_addstr(out, t->partkey);
	}
	strbuf_addstr(out, ";\n");
}

void mysql_drop_table(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "DROP TABLE ");
	mysql_add_name(out, ch->old_obj);
	strbuf_addstr(out, ";\n");
}

static void add_position(struct strbuf *out, const struct mysql_change *my)
{
	if (!my)
		return;
	if (my->first) {
		strbuf_addstr(out, " FIRST");
	} else if (my->after) {
		strbuf_addstr(out, " AFTER ");
		sql_quote_ident(out, SQL_MYSQL, my->after);
	}
}

void mysql_alter_clause(const struct change *ch, struct strbuf *out)
{
	const struct sd_table *nt = (const struct sd_table *)ch->new_obj;

	switch (ch->type) {
	case CH_ADD_COLUMN:
		strbuf_addstr(out, "ADD COLUMN ");
		add_column_def(out, nt, ch->new_col);
		add_position(out, ch->my);
		break;
	case CH_MODIFY_COLUMN:
		strbuf_addstr(out, "MODIFY COLUMN ");
		add_column_def(out, nt, ch->new_col);
		add_position(out, ch->my);
		break;
	case CH_DROP_COLUMN:
		strbuf_addstr(out, "DROP COLUMN ");
		sql_quote_ident(out, SQL_MYSQL, ch->old_col->name);
		break;
	case CH_ADD_CONSTRAINT:
		strbuf_addstr(out, "ADD ");
		add_constraint_def(out, ch->new_con);
		break;
	case CH_DROP_CONSTRAINT:
		add_drop_constraint(out, ch->old_con);
		break;
	case CH_REPLACE_CONSTRAINT:
		add_drop_constraint(out, ch->old_con);
		strbuf_addstr(out, ", ADD ");
		add_constraint_def(out, ch->new_con);
		break;
	case CH_CREATE_INDEX:
	case CH_DROP_INDEX:
	case CH_REPLACE_INDEX:
		mysql_index_clause(ch, out);
		break;
	default:
		break;
	}
	/* the key a column becoming AUTO_INCREMENT needs, made with it */
	if (ch->my && ch->my->with) {
		strbuf_addstr(out, ", ");
		mysql_alter_clause(ch->my->with, out);
	}
}

void mysql_alter_table(const struct change *ch, struct strbuf *out)
{
	const struct sd_object *obj = ch->new_obj ? ch->new_obj : ch->old_obj;

	strbuf_addstr(out, "ALTER TABLE ");
	mysql_add_name(out, obj);
	strbuf_addch(out, ' ');
	mysql_alter_clause(ch, out);
	strbuf_addstr(out, ";\n");
}

void mysql_alter_table_options(const struct change *ch, struct strbuf *out)
{
	const struct sd_table *t = (const struct sd_table *)ch->new_obj;
	const char *sep = " ";

	if (!ch->detail)
		return;	/* PostgreSQL's storage parameters: none here */
	strbuf_addstr(out, "ALTER TABLE ");
	mysql_add_name(out, ch->new_obj);
	if (ch->detail & CHANGE_MY_PARTITION) {
		if (t->partkey) {
			strbuf_addch(out, '\n');
			strbuf_addstr(out, t->partkey);
		} else {
			strbuf_addstr(out, " REMOVE PARTITIONING");
		}
		strbuf_addstr(out, ";\n");
		return;
	}
	if ((ch->detail & CHANGE_MY_ENGINE) && t->engine) {
		strbuf_addstr(out, sep);
		strbuf_addstr(out, "ENGINE=");
		mysql_add_word(out, t->engine);
		sep = ", ";
	}
	if (ch->detail & CHANGE_MY_CHARSET) {
		/* DEFAULT: the database's */
		strbuf_addstr(out, sep);
		strbuf_addstr(out, "DEFAULT CHARSET=");
		if (t->charset)
			mysql_add_word(out, t->charset);
		else if (ch->db_charset)
			mysql_add_word(out, ch->db_charset);
		else
			strbuf_addstr(out, "DEFAULT");
		if (t->collation) {
			strbuf_addstr(out, " COLLATE=");
			mysql_add_word(out, t->collation);
		} else if (!t->charset && ch->db_charset && ch->db_collation) {
			strbuf_addstr(out, " COLLATE=");
			mysql_add_word(out, ch->db_collation);
		}
		sep = ", ";
	}
	if (ch->detail & CHANGE_MY_ROW_FORMAT) {
		strbuf_addstr(out, sep);
		strbuf_addstr(out, "ROW_FORMAT=");
		if (t->row_format)
			mysql_add_word(out, t->row_format);
		else
			strbuf_addstr(out, "DEFAULT");
		sep = ", ";
	}
	if (ch->detail & CHANGE_MY_OPTIONS)
		add_changed_options(out, &sep,
				    (const struct sd_table *)ch->old_obj, t);
	if (ch->detail & CHANGE_MY_COMMENT) {
		strbuf_addstr(out, sep);
		strbuf_addstr(out, "COMMENT=");
		sql_quote_literal(out, SQL_MYSQL,
				  t->base.comment ? t->base.comment : "");
	}
	strbuf_addstr(out, ";\n");
}
