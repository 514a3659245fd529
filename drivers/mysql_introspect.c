/*
 * drivers/mysql_introspect.c: a live MySQL / MariaDB database into the
 * catalog, in the canonical form of docs/mysql.md: tables with their
 * options, columns, primary key, foreign keys and checks, indexes, views,
 * triggers, routines, partitioning and events. One information_schema query per
 * kind for the whole database (never one per table), all of them filtered
 * by DATABASE().
 *
 * Memory: every string kept is copied into the catalog's arena; the rows of
 * each query (struct mysd_rows) are released before the next kind is read.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/mysql_internal.h"
#include "util/sqlquote.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/banned.h"

/* One query's result, fetched ahead by one of the sessions. */
struct prefetched {
	const char *what, *sql;
	struct mysd_rows rows;	/* moved out to the reader that asks */
	struct sd_error err;
	int ret;
	bool done;
};

#define MAX_QUERIES 16

/* Queries fetched in parallel: each session takes the next one not yet
 * taken; a reader waits for the one it asks for. lock guards next and
 * every done (and what a query holds once done). */
struct prefetch {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct prefetched q[MAX_QUERIES];
	size_t nq, next;
};

/* What the readers share: the handle, the catalog, the database's name
 * and the count of queries sent; pf when other sessions fetch ahead. */
struct my_ix {
	MYSQL *h;
	struct catalog *cat;
	const char *db;		/* in the catalog's arena */
	unsigned nqueries;
	struct sd_error *err;
	struct prefetch *pf;
};

static int query(struct my_ix *ix, const char *what, const char *sql,
		 struct mysd_rows *rows)
{
	struct prefetched *q = NULL;

	ix->nqueries++;
	for (size_t i = 0; ix->pf && i < ix->pf->nq && !q; i++)
		if (ix->pf->q[i].sql == sql)
			q = &ix->pf->q[i];
	if (!q)
		return mysd_query(ix->h, what, NULL, sql, 0, NULL, rows,
				  ix->err);
	pthread_mutex_lock(&ix->pf->lock);
	while (!q->done)
		pthread_cond_wait(&ix->pf->cond, &ix->pf->lock);
	pthread_mutex_unlock(&ix->pf->lock);
	if (q->ret) {
		*ix->err = q->err;
		return q->ret;
	}
	*rows = q->rows;
	q->rows = (struct mysd_rows)MYSD_ROWS_INIT;
	return 0;
}

/* Non-empty text copied into the arena; NULL for NULL and "". */
static const char *dup_nonempty(struct catalog *cat, const char *s)
{
	return s && *s ? catalog_strdup(cat, s) : NULL;
}

/* The cell at (row, col) of rows; NULL for SQL NULL. */
static const char *val(const struct mysd_rows *rows, size_t row, size_t col)
{
	return mysd_cell(rows, row, col);
}

/* 1 when v is not NULL and equals want. */
static int is(const char *v, const char *want)
{
	return v && !strcmp(v, want);
}

/* 1 when rows a and b agree on their first n columns (never NULL). */
static int same_key(const struct mysd_rows *rows, size_t a, size_t b,
		    size_t n)
{
	for (size_t c = 0; c < n; c++)
		if (strcmp(val(rows, a, c), val(rows, b, c)))
			return 0;
	return 1;
}

/* An array of n strings (and a NULL) in the catalog's arena. */
static const char **str_array(struct catalog *cat, size_t n)
{
	return arena_alloc(&cat->arena, (n + 1) * sizeof(const char *));
}

/* The table named name, remembering the last one found (rows come sorted
 * by table). NULL when it is not a table of the catalog (a view's columns,
 * the history table). */
static struct sd_table *find_table(struct my_ix *ix, const char *name,
				   struct sd_table **last)
{
	if (!name)
		return NULL;
	if (*last && !strcmp((*last)->base.name, name))
		return *last;
	*last = catalog_find(ix->cat, SD_TABLE, NULL, name);
	return *last;
}

static const char tables_sql[] =
	"SELECT t.TABLE_NAME, t.ENGINE, t.TABLE_COLLATION,"
	" c.CHARACTER_SET_NAME, t.CREATE_OPTIONS, t.TABLE_COMMENT"
	" FROM information_schema.TABLES t"
	" LEFT JOIN information_schema.COLLATIONS c"
	"  ON c.COLLATION_NAME = t.TABLE_COLLATION"
	" WHERE t.TABLE_SCHEMA = DATABASE()"
	" AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')"
	" AND BINARY t.TABLE_NAME NOT IN ('" MY_HISTORY_TABLE "', '" MY_REVERTS_TABLE "')"
	" ORDER BY BINARY t.TABLE_NAME";

/* The kept table options of CREATE_OPTIONS ("min_rows=2 pack_keys=0
 * `PAGE_COMPRESSED`='1' partitioned"): key=value, engine-defined ones
 * with the key backquoted and the value quoted. */
static const char *table_options(struct catalog *cat, const char *opts)
{
	struct strbuf key = STRBUF_INIT, v = STRBUF_INIT;
	const char *out = NULL, *p = opts;

	while (p && *p) {
		const char *end = strchr(p, ' '), *eq;
		size_t n = end ? (size_t)(end - p) : strlen(p);

		eq = memchr(p, '=', n);
		if (eq) {
			const char *k = p, *ke = eq, *vs = eq + 1;
			const char *ve = p + n;
			if (*k == '`' && ke > k + 1 && ke[-1] == '`')
				k++, ke--;
			if (*vs == '\'' && ve > vs + 1 && ve[-1] == '\'')
				vs++, ve--;
			strbuf_reset(&key);
			strbuf_add(&key, k, (size_t)(ke - k));
			strbuf_reset(&v);
			for (const char *c = vs; c < ve; c++)
				strbuf_addch(&v, toupper((unsigned char)*c));
			if (sd_mysql_table_option_kept(key.buf))
				out = sd_mysql_table_option(cat, out, key.buf,
							    v.buf);
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	strbuf_release(&key);
	strbuf_release(&v);
	return out;
}

static int read_tables(struct my_ix *ix)
{
	struct mysd_rows rows = MYSD_ROWS_INIT;
	int ret;

	ret = query(ix, "reading tables", tables_sql, &rows);
	if (ret)
		return ret;
	for (size_t i = 0; i < rows.nrows; i++) {
		struct sd_table *t = catalog_add(ix->cat, SD_TABLE, NULL,
						 val(&rows, i, 0));
		const char *opts = val(&rows, i, 4), *rf;

		if (!t)
			continue;	/* cannot happen: names are unique */
		t->engine = dup_nonempty(ix->cat, val(&rows, i, 1));
		t->collation = dup_nonempty(ix->cat, val(&rows, i, 2));
		t->charset = dup_nonempty(ix->cat, val(&rows, i, 3));
		t->base.comment = dup_nonempty(ix->cat, val(&rows, i, 5));
		/* CREATE_OPTIONS lists what was given: "row_format=DYNAMIC
		 * partitioned ..." */
		t->options = table_options(ix->cat, opts);
		rf = opts ? strstr(opts, "row_format=") : NULL;
		if (rf) {
			char *v;

			rf += strlen("row_format=");
			v = arena_strndup(&ix->cat->arena, rf,
					  strcspn(rf, " "));
			for (char *p = v; *p; p++)
				*p = (char)toupper((unsigned char)*p);
			t->row_format = v;
		}
	}
	mysd_rows_release(&rows);
	return 0;
}

/* EXTRA's "on update current_timestamp(3)": the expression, or NULL. */
static const char *on_update_of(struct catalog *cat, const char *extra)
{
	const char *p = extra ? strstr(extra, "on update ") : NULL;

	if (!p)
		return NULL;
	p += strlen("on update ");
	return arena_strndup(&cat->arena, p, strcspn(p, ","));
}

static const char columns_sql[] =
	"SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE,"
	" COLUMN_DEFAULT, EXTRA, CHARACTER_SET_NAME, COLLATION_NAME,"
	" COLUMN_COMMENT, IS_GENERATED, GENERATION_EXPRESSION"
	" FROM information_schema.COLUMNS"
	" WHERE TABLE_SCHEMA = DATABASE()"
	" ORDER BY BINARY TABLE_NAME, ORDINAL_POSITION";

static int read_columns(struct my_ix *ix)
{
	struct mysd_rows rows = MYSD_ROWS_INIT;
	struct sd_table *last = NULL;
	int ret;

	ret = query(ix, "reading columns", columns_sql, &rows);
	if (ret)
		return ret;
	for (size_t i = 0; i < rows.nrows; i++) {
		struct sd_table *t = find_table(ix, val(&rows, i, 0), &last);
		const char *def = val(&rows, i, 4);
		const char *extra = val(&rows, i, 5);
		const char *coll = val(&rows, i, 7);
		struct sd_column *col;

		if (!t)
			continue;
		col = table_add_column(ix->cat, t, val(&rows, i, 1));
		col->type = catalog_strdup(ix->cat, val(&rows, i, 2));
		col->not_null = !strcmp(val(&rows, i, 3), "NO");
		/* MariaDB prints DEFAULT NULL as the word NULL; a string
		 * 'NULL' comes quoted */
		if (def && strcmp(def, "NULL"))
			col->default_expr = catalog_strdup(ix->cat, def);
		if (extra) {
			col->auto_increment =
				strstr(extra, "auto_increment") != NULL;
			col->invisible = strstr(extra, "INVISIBLE") != NULL;
			col->gen_virtual = strstr(extra, "VIRTUAL") != NULL;
			col->on_update = on_update_of(ix->cat, extra);
		}
		/* as SHOW CREATE TABLE: only a collation other than the
		 * table's, with its character set */
		if (coll && t->collation && strcmp(coll, t->collation)) {
			col->charset = dup_nonempty(ix->cat, val(&rows, i, 6));
			col->collation = catalog_strdup(ix->cat, coll);
		}
		col->comment = dup_nonempty(ix->cat, val(&rows, i, 8));
		if (is(val(&rows, i, 9), "ALWAYS"))
			col->generated = dup_nonempty(ix->cat,
						      val(&rows, i, 10));
		else
			col->gen_virtual = false;
	}
	mysd_rows_release(&rows);
	return 0;
}

/* Rows [from, to) of the primary key (by SEQ_IN_INDEX): a constraint. */
static void add_primary_key(struct my_ix *ix, struct sd_table *t,
			    const struct mysd_rows *rows, size_t from,
			    size_t to)
{
	struct sd_constraint *pk = table_add_constraint(ix->cat, t, "PRIMARY");
	size_t n = to - from;

	pk->type = SD_CON_PRIMARY;
	pk->columns = str_array(ix->cat, n);
	for (size_t i = 0; i < n; i++) {
		const char *sub = val(rows, from + i, 6);

		pk->columns[i] = catalog_strdup(ix->cat,
						val(rows, from + i, 4));
		if (sub && !pk->sub_parts) {
			pk->sub_parts = arena_alloc(&ix->cat->arena,
						    n * sizeof(unsigned));
			memset(pk->sub_parts, 0, n * sizeof(unsigned));
		}
		if (sub)
			pk->sub_parts[i] = (unsigned)strtoul(sub, NULL, 10);
	}
	pk->ncolumns = n;
	pk->comment = dup_nonempty(ix->cat, val(rows, from, 8));
}

/* Rows [from, to) of one other index (same table and name, by
 * SEQ_IN_INDEX): an index object, UNIQUE keys included. */
static void add_index(struct my_ix *ix, struct sd_table *t,
		      const struct mysd_rows *rows, size_t from, size_t to)
{
	const char *name = val(rows, from, 1);
	const char *type = val(rows, from, 7);
	size_t n = to - from;
	struct strbuf full = STRBUF_INIT;
	struct sd_index *idx;
	char *method;

	strbuf_addf(&full, "%s.%s", t->base.name, name);
	idx = catalog_add(ix->cat, SD_INDEX, NULL, full.buf);
	strbuf_release(&full);
	if (!idx)
		return;	/* "a.b" + "c" and "a" + "b.c": not worth an error */
	idx->table = t->base.name;
	idx->ixname = catalog_strdup(ix->cat, name);
	idx->unique = !strcmp(val(rows, from, 2), "0");
	method = arena_strdup(&ix->cat->arena, type ? type : "BTREE");
	for (char *p = method; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	idx->method = method;
	idx->base.comment = dup_nonempty(ix->cat, val(rows, from, 8));
	if (val(rows, from, 10))
		idx->hidden = !strcmp(val(rows, from, 10), "INVISIBLE")
				      ? "INVISIBLE" : "IGNORED";
	idx->elems = arena_alloc(&ix->cat->arena,
				 (n + 1) * sizeof(*idx->elems));
	for (size_t i = 0; i < n; i++) {
		struct sd_index_elem *e = &idx->elems[i];
		const char *order = val(rows, from + i, 5);
		const char *sub = val(rows, from + i, 6);

		if (val(rows, from + i, 4))
			e->column = catalog_strdup(ix->cat,
						   val(rows, from + i, 4));
		else	/* MySQL 8: a functional key part */
			e->expr = dup_nonempty(ix->cat, val(rows, from + i, 9));
		e->desc = order && !strcmp(order, "D");
		/* a SPATIAL key reports the size of its MBR as SUB_PART;
		 * SHOW CREATE TABLE prints no prefix */
		if (sub && strcmp(idx->method, "spatial"))
			e->sub_part = (unsigned)strtoul(sub, NULL, 10);
	}
	idx->nelems = n;
	catalog_add_dep(ix->cat, &idx->base, t->base.key);
}

/* STATISTICS: MySQL 8.0.13 and later add EXPRESSION, a functional key
 * part's expression (COLUMN_NAME is NULL then); MariaDB has none. The
 * last column says whether the optimizer ignores the index: MariaDB 10.6+
 * IGNORED, MySQL 8 IS_VISIBLE. */
#define INDEXES_SQL(expression, hidden) \
	"SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX," \
	" COLUMN_NAME, COLLATION, SUB_PART, INDEX_TYPE, INDEX_COMMENT, " \
	expression ", " hidden \
	" FROM information_schema.STATISTICS" \
	" WHERE TABLE_SCHEMA = DATABASE()" \
	" ORDER BY BINARY TABLE_NAME, INDEX_NAME = 'PRIMARY' DESC," \
	" BINARY INDEX_NAME, SEQ_IN_INDEX"
static const char indexes_sql[] = INDEXES_SQL("NULL", "NULL");
static const char indexes_ignored_sql[] =
	INDEXES_SQL("NULL", "IF(IGNORED = 'YES', 'IGNORED', NULL)");
static const char indexes_visible_sql[] =
	INDEXES_SQL("NULL", "IF(IS_VISIBLE = 'NO', 'INVISIBLE', NULL)");
static const char indexes_expr_sql[] =
	INDEXES_SQL("EXPRESSION", "IF(IS_VISIBLE = 'NO', 'INVISIBLE', NULL)");

static int read_indexes(struct my_ix *ix)
{
	struct mysd_rows rows = MYSD_ROWS_INIT;
	struct sd_table *last = NULL;
	int ret;

	ret = query(ix, "reading indexes",
		    mysd_catalog_query(&ix->cat->mysql_target, MYSD_Q_INDEXES),
		    &rows);
	if (ret)
		return ret;
	for (size_t i = 0; i < rows.nrows;) {
		struct sd_table *t;
		size_t j = i + 1;

		while (j < rows.nrows && same_key(&rows, i, j, 2))
			j++;
		t = find_table(ix, val(&rows, i, 0), &last);
		if (t && !strcmp(val(&rows, i, 1), "PRIMARY"))
			add_primary_key(ix, t, &rows, i, j);
		else if (t)
			add_index(ix, t, &rows, i, j);
		i = j;
	}
	mysd_rows_release(&rows);
	return 0;
}

static char fk_action(const char *rule)
{
	if (!rule || !strcmp(rule, "RESTRICT"))
		return SD_FK_RESTRICT;
	if (!strcmp(rule, "CASCADE"))
		return SD_FK_CASCADE;
	if (!strcmp(rule, "SET NULL"))
		return SD_FK_SET_NULL;
	if (!strcmp(rule, "SET DEFAULT"))
		return SD_FK_SET_DEFAULT;
	return SD_FK_NO_ACTION;
}

/*
 * Two queries joined here: the server answers a join of KEY_COLUMN_USAGE
 * and REFERENTIAL_CONSTRAINTS by reading the second for every database
 * on the server (0.4 s on an empty database beside one of 5,000 tables),
 * each alone only for this one.
 */
static const char foreign_keys_rules_sql[] =
	"SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE"
	" FROM information_schema.REFERENTIAL_CONSTRAINTS"
	" WHERE CONSTRAINT_SCHEMA = DATABASE()";

static const char foreign_keys_sql[] =
	"SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME,"
	" REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME,"
	" REFERENCED_COLUMN_NAME"
	" FROM information_schema.KEY_COLUMN_USAGE"
	" WHERE TABLE_SCHEMA = DATABASE()"
	" AND REFERENCED_TABLE_NAME IS NOT NULL"
	" ORDER BY BINARY TABLE_NAME, BINARY CONSTRAINT_NAME,"
	" ORDINAL_POSITION";

static int read_foreign_keys(struct my_ix *ix)
{
	struct mysd_rows rules = MYSD_ROWS_INIT, rows = MYSD_ROWS_INIT;
	struct strmap rule_of = STRMAP_INIT;	/* "table\037fk" -> rules row + 1 */
	struct strbuf key = STRBUF_INIT;
	struct sd_table *last = NULL;
	int ret;

	ret = query(ix, "reading foreign key rules", foreign_keys_rules_sql, &rules);
	if (ret)
		return ret;
	ret = query(ix, "reading foreign keys", foreign_keys_sql, &rows);
	if (ret) {
		mysd_rows_release(&rules);
		return ret;
	}
	for (size_t i = 0; i < rules.nrows; i++) {
		strbuf_reset(&key);
		strbuf_addf(&key, "%s\037%s", val(&rules, i, 0), val(&rules, i, 1));
		strmap_put(&rule_of, key.buf, (void *)(i + 1));
	}
	for (size_t i = 0; i < rows.nrows;) {
		size_t j = i + 1, n, r;
		struct sd_table *t = find_table(ix, val(&rows, i, 0), &last);
		struct sd_constraint *fk;
		const char *rschema = val(&rows, i, 3);

		while (j < rows.nrows && same_key(&rows, i, j, 2))
			j++;
		n = j - i;
		if (!t || table_find_constraint(t, val(&rows, i, 1))) {
			i = j;
			continue;
		}
		fk = table_add_constraint(ix->cat, t, val(&rows, i, 1));
		fk->type = SD_CON_FOREIGN;
		fk->columns = str_array(ix->cat, n);
		fk->ref_columns = str_array(ix->cat, n);
		for (size_t k = 0; k < n; k++) {
			fk->columns[k] = catalog_strdup(ix->cat,
							val(&rows, i + k, 2));
			fk->ref_columns[k] = catalog_strdup(ix->cat,
							    val(&rows, i + k, 5));
		}
		fk->ncolumns = fk->nref_columns = n;
		if (rschema && strcmp(rschema, ix->db))
			fk->ref_schema = catalog_strdup(ix->cat, rschema);
		fk->ref_table = catalog_strdup(ix->cat, val(&rows, i, 4));
		strbuf_reset(&key);
		strbuf_addf(&key, "%s\037%s", val(&rows, i, 0), val(&rows, i, 1));
		r = (size_t)strmap_get(&rule_of, key.buf);
		fk->on_update = fk_action(r ? val(&rules, r - 1, 2) : NULL);
		fk->on_delete = fk_action(r ? val(&rules, r - 1, 3) : NULL);
		fk->match = SD_FK_MATCH_SIMPLE;
		if (!fk->ref_schema)
			catalog_add_dep(ix->cat, &t->base,
					catalog_key(ix->cat, SD_TABLE, NULL,
						    fk->ref_table));
		i = j;
	}
	mysd_rows_release(&rows);
	mysd_rows_release(&rules);
	strmap_release(&rule_of);
	strbuf_release(&key);
	return 0;
}

/* CHECK_CONSTRAINTS: MariaDB's has TABLE_NAME and LEVEL (Column for a
 * column's own check); MySQL's (8.0.16 and later) has neither, its table
 * comes from TABLE_CONSTRAINTS and every check is a table's; MySQL before
 * 8.0.16 has no checks at all (it parses and ignores them). */
static const char checks_sql[] =
	"SELECT TABLE_NAME, CONSTRAINT_NAME, LEVEL, CHECK_CLAUSE"
	" FROM information_schema.CHECK_CONSTRAINTS"
	" WHERE CONSTRAINT_SCHEMA = DATABASE()"
	" ORDER BY BINARY TABLE_NAME, BINARY CONSTRAINT_NAME";
static const char checks_mysql_sql[] =
	"SELECT tc.TABLE_NAME, cc.CONSTRAINT_NAME, 'Table', cc.CHECK_CLAUSE"
	" FROM information_schema.CHECK_CONSTRAINTS cc"
	" JOIN information_schema.TABLE_CONSTRAINTS tc"
	"  ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA"
	"  AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME"
	"  AND tc.CONSTRAINT_TYPE = 'CHECK'"
	" WHERE cc.CONSTRAINT_SCHEMA = DATABASE()"
	" ORDER BY BINARY tc.TABLE_NAME, BINARY cc.CONSTRAINT_NAME";
static const char checks_none_sql[] =
	"SELECT NULL, NULL, NULL, NULL FROM DUAL WHERE FALSE";

const char *mysd_catalog_query(const struct sd_mysql_target *t,
			       enum mysd_query q)
{
	bool mysql = t->flavor == SD_FLAVOR_MYSQL;
	/* version 0: the flavor's newest */
	long v = t->version ? t->version : 999999;

	switch (q) {
	case MYSD_Q_INDEXES:
		if (mysql)
			return v >= 80013 ? indexes_expr_sql
			       : v >= 80000 ? indexes_visible_sql
					    : indexes_sql;
		return v >= 100600 ? indexes_ignored_sql : indexes_sql;
	case MYSD_Q_CHECKS:
		if (!mysql)
			return checks_sql;
		return v >= 80016 ? checks_mysql_sql : checks_none_sql;
	}
	return NULL;
}

static int read_checks(struct my_ix *ix)
{
	struct mysd_rows rows = MYSD_ROWS_INIT;
	struct sd_table *last = NULL;
	int ret;

	ret = query(ix, "reading check constraints",
		    mysd_catalog_query(&ix->cat->mysql_target, MYSD_Q_CHECKS),
		    &rows);
	if (ret)
		return ret;
	for (size_t i = 0; i < rows.nrows; i++) {
		struct sd_table *t = find_table(ix, val(&rows, i, 0), &last);
		const char *name = val(&rows, i, 1);
		const char *level = val(&rows, i, 2);
		struct sd_constraint *ck;

		if (!t || table_find_constraint(t, name))
			continue;
		ck = table_add_constraint(ix->cat, t, name);
		ck->type = SD_CON_CHECK;
		ck->expr = catalog_strdup(ix->cat, val(&rows, i, 3));
		/* a column-level check is named after its column */
		if (level && !strcmp(level, "Column") &&
		    table_find_column(t, name)) {
			ck->columns = str_array(ix->cat, 1);
			ck->columns[0] = catalog_strdup(ix->cat, name);
			ck->ncolumns = 1;
		}
	}
	mysd_rows_release(&rows);
	return 0;
}

/* Length of the quoted token at s (' " or `), the quotes included; a
 * doubled quote is part of it, and so is a backslash escape in strings. */
static size_t quoted_len(const char *s)
{
	char q = s[0];
	size_t i = 1;

	while (s[i]) {
		if (q != '`' && s[i] == '\\' && s[i + 1]) {
			i += 2;
			continue;
		}
		if (s[i] == q) {
			if (s[i + 1] == q) {
				i += 2;
				continue;
			}
			return i + 1;
		}
		i++;
	}
	return i;
}

/*
 * VIEW_DEFINITION with every `db`. qualifier (db: the view's own
 * database) removed, into out; for each relation so qualified, `deps`
 * gets its name and a NUL (names may repeat).
 */
static void strip_db(const char *def, const char *db, struct strbuf *out,
		     struct strbuf *deps)
{
	struct strbuf qdb = STRBUF_INIT;
	const char *p = def;

	sql_quote_ident(&qdb, SQL_MYSQL, db);
	while (*p) {
		if (*p == '\'' || *p == '"') {
			size_t n = quoted_len(p);
			strbuf_add(out, p, n);
			p += n;
		} else if (*p == '`') {
			size_t n = quoted_len(p);

			if (n == qdb.len && !strncmp(p, qdb.buf, n) &&
			    p[n] == '.' && p[n + 1] == '`') {
				const char *name = p + n + 1;
				size_t m = quoted_len(name);

				/* `db`.`rel` (then maybe .`column`) */
				for (size_t k = 1; k + 1 < m; k++) {
					strbuf_addch(deps, name[k]);
					if (name[k] == '`')
						k++;	/* doubled */
				}
				strbuf_addch(deps, '\0');
				p += n + 1;
				continue;
			}
			strbuf_add(out, p, n);
			p += n;
		} else {
			strbuf_addch(out, *p++);
		}
	}
	strbuf_release(&qdb);
}

static void add_view_deps(struct my_ix *ix, struct sd_view *v,
			  const struct strbuf *deps)
{
	size_t off;

	for (off = 0; off < deps->len; off += strlen(deps->buf + off) + 1) {
		struct strbuf key = STRBUF_INIT;
		struct sd_object *o;

		sd_key_format(&key, SD_TABLE, NULL, deps->buf + off);
		o = catalog_lookup(ix->cat, key.buf);
		if (o && o != &v->base)
			catalog_add_dep(ix->cat, &v->base, o->key);
		strbuf_release(&key);
	}
}

static const char views_sql[] =
	"SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION,"
	" SECURITY_TYPE, ALGORITHM"
	" FROM information_schema.VIEWS"
	" WHERE TABLE_SCHEMA = DATABASE()"
	" ORDER BY BINARY TABLE_NAME";

static int read_views(struct my_ix *ix)
{
	struct mysd_rows rows = MYSD_ROWS_INIT;
	struct sd_view **views;
	struct strbuf q = STRBUF_INIT, deps = STRBUF_INIT;
	int ret;

	ret = query(ix, "reading views", views_sql, &rows);
	if (ret)
		return ret;
	views = calloc(rows.nrows + 1, sizeof(*views));
	if (!views)
		abort();
	for (size_t i = 0; i < rows.nrows; i++) {
		struct sd_view *v = catalog_add(ix->cat, SD_VIEW, NULL,
						val(&rows, i, 0));
		const char *chk = val(&rows, i, 2);
		const char *sec = val(&rows, i, 3);
		const char *alg = val(&rows, i, 4);

		views[i] = v;
		if (!v)
			continue;
		strbuf_reset(&q);
		strbuf_reset(&deps);
		strip_db(val(&rows, i, 1) ? val(&rows, i, 1) : "",
			 ix->db, &q, &deps);
		v->query = catalog_strdup(ix->cat, q.buf);
		if (chk && !strcmp(chk, "CASCADED"))
			v->check_option = SD_CHECK_CASCADED;
		else if (chk && !strcmp(chk, "LOCAL"))
			v->check_option = SD_CHECK_LOCAL;
		v->options = str_array(ix->cat, 2);
		if (alg && strcmp(alg, "UNDEFINED"))
			v->options[v->noptions++] =
				arena_printf(&ix->cat->arena, "algorithm=%s",
					     alg);
		if (sec && !strcmp(sec, "INVOKER"))
			v->options[v->noptions++] = "sql_security=INVOKER";
		if (!v->noptions)
			v->options = NULL;
	}
	/* dependencies once every view exists (a view may name a later
	 * one) */
	for (size_t i = 0; i < rows.nrows; i++) {
		if (!views[i])
			continue;
		strbuf_reset(&q);
		strbuf_reset(&deps);
		strip_db(val(&rows, i, 1) ? val(&rows, i, 1) : "",
			 ix->db, &q, &deps);
		add_view_deps(ix, views[i], &deps);
	}
	free(views);
	strbuf_release(&q);
	strbuf_release(&deps);
	mysd_rows_release(&rows);
	return 0;
}

static const char triggers_sql[] =
	"SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING,"
	" EVENT_MANIPULATION, ACTION_STATEMENT, SQL_MODE,"
	" CHARACTER_SET_CLIENT, COLLATION_CONNECTION"
	" FROM information_schema.TRIGGERS"
	" WHERE TRIGGER_SCHEMA = DATABASE()"
	" ORDER BY BINARY EVENT_OBJECT_TABLE, BINARY TRIGGER_NAME";

static int read_triggers(struct my_ix *ix)
{
	struct mysd_rows rows = MYSD_ROWS_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct sd_table *last = NULL;
	int ret;

	ret = query(ix, "reading triggers", triggers_sql, &rows);
	if (ret)
		return ret;
	for (size_t i = 0; i < rows.nrows; i++) {
		struct sd_table *t = find_table(ix, val(&rows, i, 0), &last);
		const char *tg = val(&rows, i, 1);
		struct sd_trigger *trg;

		if (!t)
			continue;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s.%s", t->base.name, tg);
		trg = catalog_add(ix->cat, SD_TRIGGER, NULL, sb.buf);
		if (!trg)
			continue;
		trg->table = t->base.name;
		trg->tgname = catalog_strdup(ix->cat, tg);
		trg->sql_mode = sd_mysql_sql_mode(ix->cat, val(&rows, i, 5));
		trg->cs_client = dup_nonempty(ix->cat, val(&rows, i, 6));
		trg->coll_connection = dup_nonempty(ix->cat, val(&rows, i, 7));
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "CREATE TRIGGER ");
		sql_quote_ident(&sb, SQL_MYSQL, tg);
		strbuf_addf(&sb, " %s %s ON ", val(&rows, i, 2),
			    val(&rows, i, 3));
		sql_quote_ident(&sb, SQL_MYSQL, t->base.name);
		strbuf_addf(&sb, " FOR EACH ROW %s", val(&rows, i, 4));
		trg->definition = catalog_strdup(ix->cat, sb.buf);
		catalog_add_dep(ix->cat, &trg->base, t->base.key);
	}
	strbuf_release(&sb);
	mysd_rows_release(&rows);
	return 0;
}

/* -1, 0, 1 as routine (name, type) a sorts before, with, after b. */
static int routine_cmp(const char *an, const char *at, const char *bn,
		       const char *bt)
{
	int c = strcmp(an, bn);
	return c ? c : strcmp(at, bt);
}

static const char routines_rsql[] =
	"SELECT ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER,"
	" ROUTINE_DEFINITION, IS_DETERMINISTIC, SQL_DATA_ACCESS,"
	" SECURITY_TYPE, ROUTINE_COMMENT, SQL_MODE,"
	" CHARACTER_SET_CLIENT, COLLATION_CONNECTION"
	" FROM information_schema.ROUTINES"
	" WHERE ROUTINE_SCHEMA = DATABASE()"
	" AND ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE')"
	" ORDER BY BINARY ROUTINE_NAME, ROUTINE_TYPE";

static const char routines_psql[] =
	"SELECT SPECIFIC_NAME, ROUTINE_TYPE, PARAMETER_MODE,"
	" PARAMETER_NAME, DTD_IDENTIFIER"
	" FROM information_schema.PARAMETERS"
	" WHERE SPECIFIC_SCHEMA = DATABASE() AND ORDINAL_POSITION > 0"
	" ORDER BY BINARY SPECIFIC_NAME, ROUTINE_TYPE,"
	" ORDINAL_POSITION";

static int read_routines(struct my_ix *ix)
{
	struct mysd_rows r = MYSD_ROWS_INIT, pr = MYSD_ROWS_INIT;
	struct strbuf args = STRBUF_INIT, def = STRBUF_INIT;
	size_t j = 0;
	int ret;

	ret = query(ix, "reading routines", routines_rsql, &r);
	if (ret)
		return ret;
	ret = query(ix, "reading routine parameters", routines_psql, &pr);
	if (ret)
		goto out;
	for (size_t i = 0; i < r.nrows; i++) {
		const char *name = val(&r, i, 0), *type = val(&r, i, 1);
		const char *body = val(&r, i, 3);
		const char *access = val(&r, i, 5);
		const char *comment = val(&r, i, 7);
		bool proc = !strcmp(type, "PROCEDURE");
		struct sd_function *f;

		strbuf_reset(&args);
		while (j < pr.nrows && routine_cmp(val(&pr, j, 0),
						   val(&pr, j, 1), name,
						   type) < 0)
			j++;
		for (; j < pr.nrows && !routine_cmp(val(&pr, j, 0),
						    val(&pr, j, 1), name,
						    type); j++) {
			if (args.len)
				strbuf_addstr(&args, ", ");
			if (proc && val(&pr, j, 2))
				strbuf_addf(&args, "%s ", val(&pr, j, 2));
			sql_quote_ident(&args, SQL_MYSQL,
					val(&pr, j, 3) ? val(&pr, j, 3) : "");
			strbuf_addf(&args, " %s", val(&pr, j, 4));
		}
		f = catalog_add(ix->cat, SD_FUNCTION, NULL, name);
		if (!f) {
			ret = sd_error_set(ix->err, SD_ERR_UNSUPPORTED, NULL, 0, 0,
					   "a function and a procedure are both named \"%s\": schemadiff models one routine per name",
					   name);
			goto out;
		}
		f->fname = f->base.name;
		f->sql_mode = sd_mysql_sql_mode(ix->cat, val(&r, i, 8));
		f->cs_client = dup_nonempty(ix->cat, val(&r, i, 9));
		f->coll_connection = dup_nonempty(ix->cat, val(&r, i, 10));
		f->is_procedure = proc;
		f->identity_args = "";
		f->args = catalog_strdup(ix->cat, args.buf);
		if (!proc)
			f->result = catalog_strdup(ix->cat, val(&r, i, 2));
		strbuf_reset(&def);
		strbuf_addf(&def, "CREATE %s ",
			    proc ? "PROCEDURE" : "FUNCTION");
		sql_quote_ident(&def, SQL_MYSQL, name);
		strbuf_addf(&def, "(%s)", args.buf);
		if (!proc)
			strbuf_addf(&def, " RETURNS %s",
				    f->result ? f->result : "");
		if (is(val(&r, i, 4), "YES"))
			strbuf_addstr(&def, "\nDETERMINISTIC");
		if (access && strcmp(access, "CONTAINS SQL"))
			strbuf_addf(&def, "\n%s", access);
		if (is(val(&r, i, 6), "INVOKER"))
			strbuf_addstr(&def, "\nSQL SECURITY INVOKER");
		if (comment && *comment) {
			strbuf_addstr(&def, "\nCOMMENT ");
			sql_quote_literal(&def, SQL_MYSQL, comment);
		}
		strbuf_addf(&def, "\n%s", body ? body : "");
		f->definition = catalog_strdup(ix->cat, def.buf);
	}
out:
	strbuf_release(&args);
	strbuf_release(&def);
	mysd_rows_release(&r);
	mysd_rows_release(&pr);
	return ret;
}

/* Column indexes of the events query. */
enum {
	E_NAME, E_AT, E_VALUE, E_FIELD, E_STARTS, E_ENDS, E_STATUS,
	E_COMPLETION, E_CREATED, E_ALTERED, E_COMMENT, E_BODY, E_SQL_MODE,
	E_CS_CLIENT, E_COLL_CONNECTION
};

/* A datetime of information_schema.EVENTS as a literal; NULL for NULL. */
static const char *quoted(struct catalog *cat, struct strbuf *sb,
			  const char *v)
{
	if (!v)
		return NULL;
	strbuf_reset(sb);
	sql_quote_literal(sb, SQL_MYSQL, v);
	return catalog_strdup(cat, sb->buf);
}

static const char events_sql[] =
	"SELECT EVENT_NAME, EXECUTE_AT, INTERVAL_VALUE, INTERVAL_FIELD,"
	" STARTS, ENDS, STATUS, ON_COMPLETION, CREATED, LAST_ALTERED,"
	" EVENT_COMMENT, EVENT_DEFINITION, SQL_MODE,"
	" CHARACTER_SET_CLIENT, COLLATION_CONNECTION"
	" FROM information_schema.EVENTS"
	" WHERE EVENT_SCHEMA = DATABASE()"
	" ORDER BY BINARY EVENT_NAME";

static int read_events(struct my_ix *ix)
{
	struct mysd_rows rows = MYSD_ROWS_INIT;
	struct strbuf sb = STRBUF_INIT;
	int ret;

	ret = query(ix, "reading events", events_sql, &rows);
	if (ret)
		return ret;
	for (size_t i = 0; i < rows.nrows; i++) {
		const char *starts = val(&rows, i, E_STARTS);
		const char *status = val(&rows, i, E_STATUS);
		struct sd_event *e = catalog_add(ix->cat, SD_EVENT, NULL,
						 val(&rows, i, E_NAME));

		if (!e)
			continue;
		e->sql_mode = sd_mysql_sql_mode(ix->cat,
						val(&rows, i, E_SQL_MODE));
		e->cs_client = dup_nonempty(ix->cat,
					    val(&rows, i, E_CS_CLIENT));
		e->coll_connection = dup_nonempty(ix->cat,
						  val(&rows, i, E_COLL_CONNECTION));
		e->base.comment = dup_nonempty(ix->cat,
					       val(&rows, i, E_COMMENT));
		if (val(&rows, i, E_AT)) {
			e->at = quoted(ix->cat, &sb, val(&rows, i, E_AT));
		} else {
			e->every = dup_nonempty(ix->cat,
						val(&rows, i, E_VALUE));
			e->unit = dup_nonempty(ix->cat,
					       val(&rows, i, E_FIELD));
			/* a STARTS not given is the time of the CREATE (or
			 * of the ALTER that set the schedule): not part of
			 * the schema */
			if (starts && !is(val(&rows, i, E_CREATED), starts) &&
			    !is(val(&rows, i, E_ALTERED), starts))
				e->starts = quoted(ix->cat, &sb, starts);
			e->ends = quoted(ix->cat, &sb, val(&rows, i, E_ENDS));
		}
		e->preserve = is(val(&rows, i, E_COMPLETION), "PRESERVE");
		e->status = is(status, "DISABLED") ? SD_EVENT_DISABLED
			    : is(status, "SLAVESIDE_DISABLED")
				    ? SD_EVENT_SLAVESIDE_DISABLED
				    : SD_EVENT_ENABLED;
		e->body = catalog_strdup(ix->cat, val(&rows, i, E_BODY) ?
					 val(&rows, i, E_BODY) : "");
		strbuf_reset(&sb);
		sd_event_format(&sb, "CREATE", e);
		e->definition = catalog_strdup(ix->cat, sb.buf);
	}
	strbuf_release(&sb);
	mysd_rows_release(&rows);
	return 0;
}

/* Column indexes of the partitions query. */
enum {
	P_TABLE, P_PART, P_SUB, P_METHOD, P_SUBMETHOD, P_EXPR, P_SUBEXPR,
	P_DESC, P_COMMENT
};

/* "RANGE (`a`)", "RANGE  COLUMNS(`a`,`b`)": as SHOW CREATE TABLE. */
static void add_method(struct strbuf *sb, const char *method,
		       const char *expr)
{
	const char *cols = strstr(method, " COLUMNS");

	if (cols)
		strbuf_addf(sb, "%.*s  COLUMNS(%s)", (int)(cols - method),
			    method, expr ? expr : "");
	else
		strbuf_addf(sb, "%s (%s)", method, expr ? expr : "");
}

static bool is_hashlike(const char *method)
{
	return method && (strstr(method, "HASH") || strstr(method, "KEY"));
}

/* The partitioning clause of one table from its rows [from, to) (one per
 * subpartition, or per partition when there are none). */
static void partition_clause(struct sd_table *t, const struct mysd_rows *rows,
			     size_t from, size_t to, struct strbuf *sb)
{
	const char *method = val(rows, from, P_METHOD);
	const char *submethod = val(rows, from, P_SUBMETHOD);
	const char *engine = t->engine ? t->engine : "InnoDB";
	size_t nparts = 0, nsubs = 0;
	bool default_parts, default_subs = true;
	struct strbuf want = STRBUF_INIT;

	/* partitions: rows whose partition name differs from the previous */
	for (size_t i = from; i < to; i++)
		if (i == from || strcmp(val(rows, i, P_PART),
					val(rows, i - 1, P_PART)))
			nparts++;
	nsubs = submethod ? (to - from) / (nparts ? nparts : 1) : 0;
	/* HASH and KEY with the server's names p0, p1 ... (and subpartitions
	 * <partition>sp0 ...): SHOW CREATE TABLE prints PARTITIONS n */
	default_parts = is_hashlike(method);
	for (size_t i = from, k = 0; i < to; i++) {
		const char *part = val(rows, i, P_PART);
		const char *comment = val(rows, i, P_COMMENT);

		if (i > from && !strcmp(part, val(rows, i - 1, P_PART))) {
			/* same partition, next subpartition */
		} else {
			strbuf_reset(&want);
			strbuf_addf(&want, "p%zu", k++);
			if (strcmp(part, want.buf) || (comment && *comment))
				default_parts = false;
		}
		if (submethod) {
			const char *sub = val(rows, i, P_SUB);
			size_t si = (i - from) % (nsubs ? nsubs : 1);

			strbuf_reset(&want);
			strbuf_addf(&want, "%ssp%zu", part, si);
			if (!sub || strcmp(sub, want.buf))
				default_subs = false;
		}
	}
	strbuf_addstr(sb, "PARTITION BY ");
	add_method(sb, method, val(rows, from, P_EXPR));
	if (submethod) {
		strbuf_addstr(sb, "\nSUBPARTITION BY ");
		add_method(sb, submethod, val(rows, from, P_SUBEXPR));
		if (default_subs)
			strbuf_addf(sb, "\nSUBPARTITIONS %zu", nsubs);
	}
	if (default_parts && (!submethod || default_subs)) {
		/* one partition is the default: SHOW CREATE TABLE leaves
		 * the count out */
		if (nparts != 1 || submethod)
			strbuf_addf(sb, "\nPARTITIONS %zu", nparts);
		strbuf_release(&want);
		return;
	}
	strbuf_addch(sb, '\n');
	strbuf_addch(sb, '(');
	for (size_t i = from; i < to; i++) {
		const char *part = val(rows, i, P_PART);
		const char *desc = val(rows, i, P_DESC);
		const char *comment = val(rows, i, P_COMMENT);
		bool first_sub = i == from ||
				 strcmp(part, val(rows, i - 1, P_PART));
		bool last_sub = i + 1 == to ||
				strcmp(part, val(rows, i + 1, P_PART));

		if (!first_sub && (!submethod || default_subs))
			continue;
		if (first_sub) {
			if (i > from)
				strbuf_addstr(sb, ",\n ");
			strbuf_addstr(sb, "PARTITION ");
			sql_quote_ident(sb, SQL_MYSQL, part);
			if (desc && !strncmp(method, "RANGE", 5)) {
				/* RANGE COLUMNS: (MAXVALUE, ...) */
				if (!strcmp(desc, "MAXVALUE") &&
				    !strstr(method, "COLUMNS"))
					strbuf_addstr(sb, " VALUES LESS THAN"
						      " MAXVALUE");
				else
					strbuf_addf(sb, " VALUES LESS THAN"
						    " (%s)", desc);
			} else if (desc && !strncmp(method, "LIST", 4)) {
				strbuf_addf(sb, " VALUES IN (%s)", desc);
			}
			if (comment && *comment) {
				strbuf_addstr(sb, " COMMENT = ");
				sql_quote_literal(sb, SQL_MYSQL, comment);
			}
			if (submethod && !default_subs) {
				strbuf_addstr(sb, "\n (");
			} else {
				strbuf_addf(sb, " ENGINE = %s", engine);
				continue;
			}
		}
		/* explicit subpartitions */
		strbuf_addstr(sb, "SUBPARTITION ");
		sql_quote_ident(sb, SQL_MYSQL, val(rows, i, P_SUB));
		strbuf_addf(sb, " ENGINE = %s", engine);
		strbuf_addstr(sb, last_sub ? ")" : ",\n  ");
	}
	strbuf_addch(sb, ')');
	strbuf_release(&want);
}

static const char partitions_sql[] =
	"SELECT TABLE_NAME, PARTITION_NAME, SUBPARTITION_NAME,"
	" PARTITION_METHOD, SUBPARTITION_METHOD, PARTITION_EXPRESSION,"
	" SUBPARTITION_EXPRESSION, PARTITION_DESCRIPTION,"
	" PARTITION_COMMENT"
	" FROM information_schema.PARTITIONS"
	" WHERE TABLE_SCHEMA = DATABASE()"
	" AND PARTITION_NAME IS NOT NULL"
	" ORDER BY BINARY TABLE_NAME, PARTITION_ORDINAL_POSITION,"
	" SUBPARTITION_ORDINAL_POSITION";

static int read_partitions(struct my_ix *ix)
{
	struct mysd_rows rows = MYSD_ROWS_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct sd_table *last = NULL;
	int ret;

	ret = query(ix, "reading partitions", partitions_sql, &rows);
	if (ret)
		return ret;
	for (size_t i = 0; i < rows.nrows;) {
		size_t j = i + 1;
		struct sd_table *t = find_table(ix, val(&rows, i, P_TABLE),
						&last);

		while (j < rows.nrows && same_key(&rows, i, j, 1))
			j++;
		if (t && val(&rows, i, P_METHOD)) {
			strbuf_reset(&sb);
			partition_clause(t, &rows, i, j, &sb);
			t->partkey = catalog_strdup(ix->cat, sb.buf);
		}
		i = j;
	}
	strbuf_release(&sb);
	mysd_rows_release(&rows);
	return 0;
}

static const char database_sql[] =
	"SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME"
	" FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()";

/* The database's default character set and collation: what a table
 * created without its own gets. */
static int read_database(struct my_ix *ix)
{
	struct mysd_rows rows = MYSD_ROWS_INIT;
	int ret;

	ret = query(ix, "reading the database's character set", database_sql,
		    &rows);
	if (ret)
		return ret;
	if (rows.nrows == 1) {
		ix->cat->mysql_db_charset = dup_nonempty(ix->cat,
							 val(&rows, 0, 0));
		ix->cat->mysql_db_collation = dup_nonempty(ix->cat,
							   val(&rows, 0, 1));
	}
	mysd_rows_release(&rows);
	return 0;
}

/* Every query of a reading after the first, in the order the readers
 * ask for them. */
static const struct {
	const char *what, *sql;
} all_queries[] = {
	{ "reading the database's character set", database_sql },
	{ "reading tables", tables_sql },
	{ "reading columns", columns_sql },
	{ "reading indexes", NULL },	/* MYSD_Q_INDEXES */
	{ "reading foreign key rules", foreign_keys_rules_sql },
	{ "reading foreign keys", foreign_keys_sql },
	{ "reading check constraints", NULL },	/* MYSD_Q_CHECKS */
	{ "reading views", views_sql },
	{ "reading triggers", triggers_sql },
	{ "reading routines", routines_rsql },
	{ "reading routine parameters", routines_psql },
	{ "reading partitions", partitions_sql },
	{ "reading events", events_sql },
};

struct fetcher {
	struct prefetch *pf;
	MYSQL *h;
	pthread_t thread;
	bool started;
};

static void *fetch_loop(void *arg)
{
	struct fetcher *f = arg;
	struct prefetch *pf = f->pf;

	for (;;) {
		struct prefetched *q = NULL;
		int ret;

		pthread_mutex_lock(&pf->lock);
		if (pf->next < pf->nq)
			q = &pf->q[pf->next++];
		pthread_mutex_unlock(&pf->lock);
		if (!q)
			return NULL;
		ret = mysd_query(f->h, q->what, NULL, q->sql, 0, NULL,
				 &q->rows, &q->err);
		pthread_mutex_lock(&pf->lock);
		q->ret = ret;
		q->done = true;
		pthread_cond_broadcast(&pf->cond);
		pthread_mutex_unlock(&pf->lock);
	}
}

static int read_all(struct my_ix *ix)
{
	/* tables first: every other kind hangs on them */
	int ret = read_database(ix);

	if (!ret)
		ret = read_tables(ix);

	if (!ret)
		ret = read_columns(ix);
	if (!ret)
		ret = read_indexes(ix);
	if (!ret)
		ret = read_foreign_keys(ix);
	if (!ret)
		ret = read_checks(ix);
	if (!ret)
		ret = read_views(ix);
	if (!ret)
		ret = read_triggers(ix);
	if (!ret)
		ret = read_routines(ix);
	if (!ret)
		ret = read_partitions(ix);
	if (!ret)
		ret = read_events(ix);
	return ret;
}

/* The reading with the queries fetched by h and the sessions in more,
 * side by side, while this thread reads the results in order. */
static int read_parallel(struct my_ix *ix, MYSQL *const *more, size_t nmore)
{
	struct prefetch *pf = calloc(1, sizeof(*pf));
	struct fetcher *f = calloc(nmore + 1, sizeof(*f));
	int ret;

	if (!pf || !f)
		abort();
	pthread_mutex_init(&pf->lock, NULL);
	pthread_cond_init(&pf->cond, NULL);
	pf->nq = sizeof(all_queries) / sizeof(all_queries[0]);
	for (size_t i = 0; i < pf->nq; i++) {
		pf->q[i].what = all_queries[i].what;
		pf->q[i].sql = all_queries[i].sql;
		if (!pf->q[i].sql)
			pf->q[i].sql = mysd_catalog_query(
				&ix->cat->mysql_target,
				!strcmp(all_queries[i].what, "reading indexes")
				? MYSD_Q_INDEXES : MYSD_Q_CHECKS);
		pf->q[i].rows = (struct mysd_rows)MYSD_ROWS_INIT;
	}
	for (size_t i = 0; i <= nmore; i++) {
		f[i].pf = pf;
		f[i].h = i ? more[i - 1] : ix->h;
		f[i].started = !pthread_create(&f[i].thread, NULL, fetch_loop,
					       &f[i]);
	}
	/* no thread at all: fetch here, one query after the other */
	if (!f[0].started)
		fetch_loop(&f[0]);
	ix->pf = pf;
	ret = read_all(ix);
	ix->pf = NULL;
	for (size_t i = 0; i <= nmore; i++)
		if (f[i].started)
			pthread_join(f[i].thread, NULL);
	/* what a failed reading did not ask for */
	for (size_t i = 0; i < pf->nq; i++)
		mysd_rows_release(&pf->q[i].rows);
	pthread_cond_destroy(&pf->cond);
	pthread_mutex_destroy(&pf->lock);
	free(f);
	free(pf);
	return ret;
}

int mysql_introspect(MYSQL *h, MYSQL *const *more, size_t nmore,
		     struct catalog *cat, unsigned *nqueries,
		     struct sd_error *err)
{
	struct my_ix ix = { h, cat, NULL, 0, err, NULL };
	struct mysd_rows rows = MYSD_ROWS_INIT;
	int ret;

	if (nqueries)
		*nqueries = 0;
	if (catalog_count(cat) || cat->dialect != SQL_MYSQL)
		return sd_error_set(err, SD_ERR, NULL, 0, 0,
				    "introspection needs an empty MySQL catalog");
	ret = query(&ix, "reading the current database",
		    "SELECT DATABASE(), VERSION()", &rows);
	if (ret)
		return ret;
	if (rows.nrows != 1 || !val(&rows, 0, 0)) {
		mysd_rows_release(&rows);
		return sd_error_set(err, SD_ERR, NULL, 0, 0,
				    "no database selected: the URL names none");
	}
	ix.db = catalog_strdup(cat, val(&rows, 0, 0));
	/* the server's own rules for what it reads back */
	mysd_server_target(val(&rows, 0, 1), &cat->mysql_target);
	mysd_rows_release(&rows);
	ret = nmore ? read_parallel(&ix, more, nmore) : read_all(&ix);
	if (nqueries)
		*nqueries = ix.nqueries;
	return ret;
}
