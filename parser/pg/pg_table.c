/*
 * parser/pg/pg_table.c: CREATE TABLE, and the column and constraint rules
 * ALTER TABLE shares: types, defaults, serial expansion, identity,
 * generated columns, inline and table constraints with the server's default
 * names, and what goes when a column or a table is dropped. Everything is
 * allocated in the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

/* The serial's sequence, its default and NOT NULL, as the server does. */
static int add_serial(struct pg_ctx *ctx, struct sd_table *t,
		      struct sd_column *col, enum pg_serial kind)
{
	const char *type = kind == PG_SERIAL_INT ? "integer"
			   : kind == PG_SERIAL_BIG ? "bigint" : "smallint";
	const char *seqname = pg_choose_name(ctx, t->base.schema, t->base.name,
					     col->name, "seq", true, false);
	struct sd_sequence *seq;
	struct strbuf q = STRBUF_INIT, e = STRBUF_INIT;
	int ret;

	seq = pg_new_sequence(ctx, t->base.schema, seqname, type);
	if (!seq)
		return pg_error(ctx, SD_ERR, -1,
				"relation \"%s\" already exists",
				pg_qname(ctx, t->base.schema, seqname));
	seq->owned_table = t->base.name;
	seq->owned_column = col->name;
	catalog_add_dep(ctx->cat, &seq->base, t->base.key);
	sql_quote_qualified(&q, SQL_POSTGRES, t->base.schema, seqname);
	strbuf_addstr(&e, "nextval(");
	sql_quote_literal(&e, SQL_POSTGRES, q.buf);
	strbuf_addstr(&e, "::regclass)");
	strbuf_reset(&q);
	ret = pg_canonical_default(e.buf, &q, ctx->err);
	if (!ret) {
		col->default_expr = catalog_strdup(ctx->cat, q.buf);
		col->not_null = true;
		catalog_add_dep(ctx->cat, &t->base, seq->base.key);
	}
	strbuf_release(&q);
	strbuf_release(&e);
	return ret;
}

static int attr_constraint(struct pg_ctx *ctx, PgQuery__Constraint *last,
			   PgQuery__Constraint *c)
{
	if (!last)
		return pg_error(ctx, SD_ERR, c->location,
				"misplaced constraint attribute");
	switch (c->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
		last->deferrable = true;
		break;
	case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
		last->deferrable = false;
		break;
	case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
		last->initdeferred = true;
		last->deferrable = true;
		break;
	case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
		last->initdeferred = false;
		break;
	default:
		break;
	}
	return 0;
}

static void push_pending(struct pg_ctx *ctx, struct vec *pending,
			 PgQuery__Constraint *c, const char *column)
{
	struct pg_pending *p = arena_alloc(&ctx->tmp, sizeof(*p));

	p->con = c;
	p->column = column;
	p->loc = c->location;
	vec_push(pending, p);
}

/*
 * A NOT NULL constraint's attributes on its column (PostgreSQL 18 keeps
 * each as a pg_constraint row): its name (NULL when the SQL gave none or
 * gave the server's default, <table>_<column>_not_null), NO INHERIT, and
 * NOT VALID (ALTER TABLE ADD CONSTRAINT ... NOT NULL ... NOT VALID only).
 */
static void not_null_attrs(struct pg_ctx *ctx, struct sd_table *t,
			   struct sd_column *col, PgQuery__Constraint *c,
			   bool alter)
{
	col->not_null = true;
	col->not_null_name = NULL;
	if (c->conname && *c->conname) {
		struct strbuf def = STRBUF_INIT;

		pg_default_name(&def, t->base.name, col->name, "not_null", 0);
		if (strcmp(def.buf, c->conname))
			col->not_null_name = catalog_strdup(ctx->cat,
							    c->conname);
		strbuf_release(&def);
	}
	col->not_null_no_inherit = c->is_no_inherit;
	col->not_null_not_valid = alter && c->skip_validation;
}

/* Table constraint NOT NULL col (PostgreSQL 18), in CREATE TABLE or
 * ALTER TABLE ADD: the column must be the table's own. */
static int add_not_null(struct pg_ctx *ctx, struct sd_table *t,
			const struct pg_pending *p, bool alter)
{
	const char *name = p->column;
	struct sd_column *col;

	if (!name && p->con->n_keys == 1)
		name = pg_str(p->con->keys[0]);
	if (!name)
		return pg_error(ctx, SD_ERR, p->loc,
				"NOT NULL constraint needs exactly one "
				"column");
	if (!(col = table_find_column(t, name)))
		return pg_error(ctx, SD_ERR, p->loc,
				"column \"%s\" of relation \"%s\" does not "
				"exist", name, t->base.name);
	not_null_attrs(ctx, t, col, p->con, alter);
	return 0;
}

int pg_add_column(struct pg_ctx *ctx, struct sd_table *t,
		  PgQuery__ColumnDef *cd, struct vec *pending)
{
	struct strbuf type = STRBUF_INIT;
	struct sd_column *col;
	const char *dep, *colname;
	enum pg_serial serial;
	PgQuery__Constraint *last = NULL;
	int ret;

	if (table_find_column(t, cd->colname))
		return pg_error(ctx, SD_ERR, cd->location,
				"column \"%s\" specified more than once",
				cd->colname);
	if (!cd->type_name)
		return pg_error(ctx, SD_ERR_UNSUPPORTED, cd->location,
				"column \"%s\" has no type", cd->colname);
	if ((ret = pg_format_type(ctx, cd->type_name, &type, &dep, &serial)))
		goto out;
	col = table_add_column(ctx->cat, t, cd->colname);
	colname = col->name;
	col->type = catalog_strdup(ctx->cat, type.buf);
	if (dep)
		catalog_add_dep(ctx->cat, &t->base, dep);
	if (cd->coll_clause)
		col->collation = pg_collation_sql(ctx, &t->base,
						  cd->coll_clause->collname,
						  cd->coll_clause->n_collname);
	if (cd->is_not_null)
		col->not_null = true;
	if (cd->compression && *cd->compression &&
	    strcmp(cd->compression, "default"))
		col->compression = catalog_strdup(ctx->cat, cd->compression);
	/* STORAGE in the column definition (PostgreSQL 16): as SET
	 * STORAGE, the type's own storage is no explicit one */
	if (cd->storage_name && *cd->storage_name) {
		const char *k = cd->storage_name;

		if (strcmp(k, "plain") && strcmp(k, "external") &&
		    strcmp(k, "extended") && strcmp(k, "main") &&
		    strcmp(k, "default")) {
			ret = pg_error(ctx, SD_ERR, cd->location,
				       "invalid storage type \"%s\"", k);
			goto out;
		}
		col->storage = !strcmp(k, "default") ||
				       !strcmp(k, sd_pg_type_storage(col->type))
				       ? NULL
				       : catalog_strdup(ctx->cat, k);
	}
	for (size_t i = 0; i < cd->n_constraints; i++) {
		PgQuery__Constraint *c;
		const char *text;

		if (cd->constraints[i]->node_case !=
		    PG_QUERY__NODE__NODE_CONSTRAINT)
			continue;
		c = cd->constraints[i]->constraint;
		col = table_find_column(t, colname);
		switch (c->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
			col->not_null = false;
			col->not_null_name = NULL;
			col->not_null_no_inherit = false;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
			not_null_attrs(ctx, t, col, c, false);
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
			if ((ret = pg_deparse_column_default(ctx, c->raw_expr,
							     col->type, &text)))
				goto out;
			col->default_expr = text;
			pg_expr_deps(ctx, &t->base, c->raw_expr);
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
			col->identity = c->generated_when &&
						c->generated_when[0] == 'd'
					? SD_IDENTITY_BY_DEFAULT
					: SD_IDENTITY_ALWAYS;
			col->not_null = true;
			if ((ret = pg_identity_options(ctx, t, col, c->options,
						       c->n_options, true)))
				goto out;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
			/* in one spelling with the server's (the columns
			 * defined so far: parser/pg/pg_canon.c) */
			pg_canon_index_expr(ctx, t, &c->raw_expr);
			if ((ret = pg_deparse_expr(ctx, c->raw_expr, &text)))
				goto out;
			col->generated = text;
			/* PostgreSQL 18: VIRTUAL, also when neither is
			 * written; STORED otherwise */
			col->gen_virtual = c->generated_kind &&
					   c->generated_kind[0] == 'v';
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
		case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
		case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
		case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
		case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
			push_pending(ctx, pending, c, colname);
			last = c;
			break;
		default:
			if ((ret = attr_constraint(ctx, last, c)))
				goto out;
			break;
		}
	}
	if (serial) {
		col = table_find_column(t, colname);
		if (col->default_expr) {
			ret = pg_error(ctx, SD_ERR, cd->location,
				       "multiple default values specified "
				       "for column \"%s\" of table \"%s\"",
				       colname, t->base.name);
			goto out;
		}
		ret = add_serial(ctx, t, col, serial);
	}
out:
	strbuf_release(&type);
	return ret;
}

static int key_columns(struct pg_ctx *ctx, struct sd_table *t,
		       const struct pg_pending *p, PgQuery__Node **keys,
		       size_t nkeys, const char ***cols, size_t *ncols)
{
	if (p->column) {
		*cols = arena_alloc(&ctx->cat->arena, sizeof(**cols));
		(*cols)[0] = p->column;
		*ncols = 1;
	} else {
		*cols = pg_name_list(ctx, keys, nkeys);
		*ncols = nkeys;
	}
	for (size_t i = 0; i < *ncols; i++)
		if (!pg_table_has_column(ctx, t, (*cols)[i]))
			return pg_error(ctx, SD_ERR, p->loc,
					"column \"%s\" named in key does not "
					"exist", (*cols)[i]);
	return 0;
}

/* ChooseIndexColumnNames: names made unique by a number suffix. */
static void index_colnames(struct vec *names, struct strbuf *out)
{
	struct vec uniq = VEC_INIT;
	struct strbuf *bufs = calloc(names->len ? names->len : 1,
				     sizeof(*bufs));

	if (!bufs)
		abort();
	for (size_t i = 0; i < names->len; i++) {
		const char *orig = names->items[i];
		strbuf_init(&bufs[i], 0);
		strbuf_addstr(&bufs[i], orig);
		for (int n = 1;; n++) {
			bool found = false;
			for (size_t j = 0; j < uniq.len && !found; j++)
				found = !strcmp(uniq.items[j], bufs[i].buf);
			if (!found)
				break;
			strbuf_reset(&bufs[i]);
			strbuf_addf(&bufs[i], "%s%d", orig, n);
		}
		vec_push(&uniq, bufs[i].buf);
	}
	pg_name_addition(out, (const char *const *)uniq.items, uniq.len);
	for (size_t i = 0; i < names->len; i++)
		strbuf_release(&bufs[i]);
	free(bufs);
	vec_release(&uniq);
}

void pg_index_name_addition(struct vec *names, struct strbuf *out)
{
	index_colnames(names, out);
}

/*
 * ALTER TABLE t ADD [CONSTRAINT name] UNIQUE | PRIMARY KEY USING INDEX ix
 * (online mode's key after CREATE UNIQUE INDEX CONCURRENTLY): the index
 * becomes the constraint's, renamed to the constraint's name, as the
 * server does. The index must be unique, of this table, on plain columns
 * with default ordering, and not partial.
 */
static int add_key_using_index(struct pg_ctx *ctx, struct sd_table *t,
			       const struct pg_pending *p)
{
	PgQuery__Constraint *c = p->con;
	bool primary = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
	struct sd_index *ix = catalog_find(ctx->cat, SD_INDEX, t->base.schema,
					   c->indexname);
	const char *name = c->conname && *c->conname ? c->conname : c->indexname;
	const char **cols;
	struct sd_constraint *con;

	if (!ix || strcmp(ix->table, t->base.name))
		return pg_error(ctx, SD_ERR, p->loc,
				"index \"%s\" for table \"%s\" does not exist",
				c->indexname, t->base.name);
	if (!ix->unique)
		return pg_error(ctx, SD_ERR, p->loc,
				"\"%s\" is not a unique index", c->indexname);
	if (ix->predicate || ix->nreloptions || ix->nulls_not_distinct ||
	    (ix->method && strcmp(ix->method, "btree")))
		return pg_error(ctx, SD_ERR_UNSUPPORTED, p->loc,
				"index \"%s\" cannot back a constraint here (partial, not btree, or with options)",
				c->indexname);
	for (size_t i = 0; primary && i < t->nconstraints; i++)
		if (t->constraints[i].type == SD_CON_PRIMARY)
			return pg_error(ctx, SD_ERR, p->loc,
					"multiple primary keys for table \"%s\" are not allowed",
					t->base.name);
	cols = arena_alloc(&ctx->cat->arena, (ix->nelems + 1) * sizeof(*cols));
	for (size_t i = 0; i < ix->nelems; i++) {
		const struct sd_index_elem *e = &ix->elems[i];

		if (!e->column || e->collation || e->opclass || e->desc || e->nulls)
			return pg_error(ctx, SD_ERR, p->loc,
					"index \"%s\" contains expressions or a non-default sort order",
					c->indexname);
		cols[i] = e->column;
	}
	catalog_remove(ctx->cat, &ix->base);
	if (strcmp(name, c->indexname) && pg_relname_taken(ctx, t->base.schema, name))
		return pg_error(ctx, SD_ERR, p->loc, "relation \"%s\" already exists",
				pg_qname(ctx, t->base.schema, name));
	if (table_find_constraint(t, name))
		return pg_error(ctx, SD_ERR, p->loc,
				"constraint \"%s\" for relation \"%s\" already exists",
				name, t->base.name);
	con = table_add_constraint(ctx->cat, t, name);
	con->type = primary ? SD_CON_PRIMARY : SD_CON_UNIQUE;
	con->columns = cols;
	con->ncolumns = ix->nelems;
	con->include = ix->include;
	con->ninclude = ix->ninclude;
	con->deferrable = c->deferrable;
	con->deferred = c->initdeferred;
	pg_note_conname(ctx, t->base.schema, name);
	for (size_t i = 0; primary && i < ix->nelems; i++) {
		struct sd_column *col = table_find_column(t, cols[i]);
		if (col)
			col->not_null = true;
	}
	return 0;
}

static int add_key(struct pg_ctx *ctx, struct sd_table *t,
		   const struct pg_pending *p)
{
	PgQuery__Constraint *c = p->con;
	bool primary = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
	const char **cols, **incl;
	size_t ncols;
	const char *name;
	struct sd_constraint *con;
	int ret;

	if (c->indexname && *c->indexname)
		return add_key_using_index(ctx, t, p);
	if (c->n_options)
		return pg_error(ctx, SD_ERR_UNSUPPORTED, p->loc,
				"unsupported storage parameters of a "
				"constraint's index");
	if ((ret = key_columns(ctx, t, p, c->keys, c->n_keys, &cols, &ncols)))
		return ret;
	incl = pg_name_list(ctx, c->including, c->n_including);
	if (primary) {
		for (size_t i = 0; i < t->nconstraints; i++)
			if (t->constraints[i].type == SD_CON_PRIMARY)
				return pg_error(ctx, SD_ERR, p->loc,
						"multiple primary keys for "
						"table \"%s\" are not allowed",
						t->base.name);
	}
	if (c->conname && *c->conname) {
		name = c->conname;
		if (pg_relname_taken(ctx, t->base.schema, name))
			return pg_error(ctx, SD_ERR, p->loc,
					"relation \"%s\" already exists",
					pg_qname(ctx, t->base.schema, name));
	} else if (primary) {
		name = pg_choose_name(ctx, t->base.schema, t->base.name, NULL,
				      "pkey", true, true);
	} else {
		struct vec names = VEC_INIT;
		struct strbuf add = STRBUF_INIT;
		for (size_t i = 0; i < ncols; i++)
			vec_push(&names, (void *)cols[i]);
		for (size_t i = 0; i < c->n_including; i++)
			vec_push(&names, (void *)incl[i]);
		index_colnames(&names, &add);
		name = pg_choose_name(ctx, t->base.schema, t->base.name,
				      add.buf, "key", true, true);
		strbuf_release(&add);
		vec_release(&names);
	}
	if (table_find_constraint(t, name))
		return pg_error(ctx, SD_ERR, p->loc,
				"constraint \"%s\" for relation \"%s\" already "
				"exists", name, t->base.name);
	con = table_add_constraint(ctx->cat, t, name);
	con->type = primary ? SD_CON_PRIMARY : SD_CON_UNIQUE;
	con->columns = cols;
	con->ncolumns = ncols;
	con->include = incl;
	con->ninclude = c->n_including;
	con->nulls_not_distinct = c->nulls_not_distinct;
	con->without_overlaps = c->without_overlaps;
	con->deferrable = c->deferrable;
	con->deferred = c->initdeferred;
	pg_note_conname(ctx, t->base.schema, name);
	/* a key column of a partition or child may be the parent's (or,
	 * in a desired set, of a parent not read yet): only an own column
	 * is marked here */
	for (size_t i = 0; primary && i < ncols; i++) {
		struct sd_column *col = table_find_column(t, cols[i]);
		if (col)
			col->not_null = true;
	}
	return 0;
}

static int add_check(struct pg_ctx *ctx, struct sd_table *t,
		     const struct pg_pending *p, bool alter)
{
	PgQuery__Constraint *c = p->con;
	struct sd_constraint *con;
	const char *name, *expr, *written;
	int ret;

	if ((ret = pg_deparse_check(ctx, t, &c->raw_expr, &expr, &written)))
		return ret;
	if (c->conname && *c->conname) {
		name = c->conname;
	} else {
		/* the column only when exactly one is referenced */
		struct vec cols = VEC_INIT;
		pg_expr_columns(c->raw_expr, &cols);
		name = pg_choose_name(ctx, t->base.schema, t->base.name,
				      cols.len == 1 ? cols.items[0] : NULL,
				      "check", false, false);
		vec_release(&cols);
	}
	if (table_find_constraint(t, name))
		return pg_error(ctx, SD_ERR, p->loc,
				"constraint \"%s\" for relation \"%s\" already "
				"exists", name, t->base.name);
	con = table_add_constraint(ctx->cat, t, name);
	con->type = SD_CON_CHECK;
	con->expr = expr;
	con->written = written;
	con->no_inherit = c->is_no_inherit;
	/* CREATE TABLE ignores NOT VALID, as the server does; NOT
	 * ENFORCED (18) is never validated */
	con->not_enforced = !c->is_enforced;
	con->not_valid = alter && c->skip_validation && !con->not_enforced;
	pg_note_conname(ctx, t->base.schema, name);
	return 0;
}

static int add_foreign(struct pg_ctx *ctx, struct sd_table *t,
		       const struct pg_pending *p, bool alter)
{
	PgQuery__Constraint *c = p->con;
	struct sd_constraint *con;
	const char **cols, *name, *ref_schema;
	size_t ncols;
	struct sd_object *ref;
	int ret;

	if ((ret = key_columns(ctx, t, p, c->fk_attrs, c->n_fk_attrs, &cols,
			       &ncols)))
		return ret;
	if (!c->pktable)
		return pg_error(ctx, SD_ERR, p->loc,
				"foreign key without a referenced table");
	ref = pg_find_rel(ctx, c->pktable->schemaname, c->pktable->relname,
			  &ref_schema);
	if (!ref && !(c->pktable->schemaname && *c->pktable->schemaname)) {
		/* not there yet: where an unqualified name would be made */
		ref_schema = pg_creation_schema(ctx, NULL);
		if (!ref_schema)
			return ctx->err ? ctx->err->code : SD_ERR;
	}
	if (c->n_pk_attrs && c->n_pk_attrs != ncols)
		return pg_error(ctx, SD_ERR, p->loc,
				"number of referencing and referenced columns "
				"for foreign key disagree");
	if (c->conname && *c->conname) {
		name = c->conname;
	} else {
		struct strbuf add = STRBUF_INIT;
		pg_name_addition(&add, cols, ncols);
		name = pg_choose_name(ctx, t->base.schema, t->base.name,
				      add.buf, "fkey", false, false);
		strbuf_release(&add);
	}
	if (table_find_constraint(t, name))
		return pg_error(ctx, SD_ERR, p->loc,
				"constraint \"%s\" for relation \"%s\" already "
				"exists", name, t->base.name);
	con = table_add_constraint(ctx->cat, t, name);
	con->type = SD_CON_FOREIGN;
	con->columns = cols;
	con->ncolumns = ncols;
	con->ref_schema = catalog_strdup(ctx->cat, ref_schema);
	con->ref_table = catalog_strdup(ctx->cat, c->pktable->relname);
	con->ref_columns = pg_name_list(ctx, c->pk_attrs, c->n_pk_attrs);
	con->nref_columns = c->n_pk_attrs;
	if (c->fk_upd_action && *c->fk_upd_action)
		con->on_update = c->fk_upd_action[0];
	if (c->fk_del_action && *c->fk_del_action)
		con->on_delete = c->fk_del_action[0];
	if (c->fk_matchtype && *c->fk_matchtype)
		con->match = c->fk_matchtype[0];
	if (c->n_fk_del_set_cols)
		return pg_error(ctx, SD_ERR_UNSUPPORTED, p->loc,
				"unsupported ON DELETE SET with columns");
	con->deferrable = c->deferrable;
	con->deferred = c->initdeferred;
	con->not_enforced = !c->is_enforced;
	con->not_valid = alter && c->skip_validation && !con->not_enforced;
	if (c->fk_with_period != c->pk_with_period ||
	    (c->pk_with_period && !c->n_pk_attrs))
		return pg_error(ctx, SD_ERR, p->loc,
				"foreign key uses PERIOD on the %s table but "
				"not the %s table",
				c->pk_with_period ? "referenced" : "referencing",
				c->pk_with_period ? "referencing" : "referenced");
	con->period = c->fk_with_period;
	catalog_add_dep(ctx->cat, &t->base,
			catalog_key(ctx->cat, SD_TABLE, con->ref_schema,
				    con->ref_table));
	pg_note_conname(ctx, t->base.schema, name);
	return 0;
}

static int add_one(struct pg_ctx *ctx, struct sd_table *t,
		   const struct pg_pending *p, bool alter)
{
	switch (p->con->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
		return add_check(ctx, t, p, alter);
	case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
	case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
		return add_key(ctx, t, p);
	case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
		return add_foreign(ctx, t, p, alter);
	case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
		return pg_add_exclusion(ctx, t, p->con, p->loc);
	case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
		return add_not_null(ctx, t, p, alter);
	default:
		return pg_error(ctx, SD_ERR_UNSUPPORTED, p->loc,
				"unsupported table constraint");
	}
}

static int add_constraints(struct pg_ctx *ctx, struct sd_table *t,
			   struct vec *pending, bool alter)
{
	/* the server names checks first (heap creation), then index-backed
	 * keys (index creation), then foreign keys */
	static const int order[3][2] = {
		{ PG_QUERY__CONSTR_TYPE__CONSTR_CHECK,
		  PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL },
		{ PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY,
		  PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE },
		{ PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN,
		  PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION },
	};
	int ret;

	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < pending->len; i++) {
			const struct pg_pending *p = pending->items[i];
			int ct = p->con->contype;
			if (ct != order[pass][0] && ct != order[pass][1])
				continue;
			if ((ret = add_one(ctx, t, p, alter)))
				return ret;
		}
	}
	return 0;
}

int pg_add_constraints(struct pg_ctx *ctx, struct sd_table *t,
		       struct vec *pending)
{
	return add_constraints(ctx, t, pending, false);
}

int pg_add_constraints_alter(struct pg_ctx *ctx, struct sd_table *t,
			     struct vec *pending)
{
	return add_constraints(ctx, t, pending, true);
}

void pg_resolve_fk(struct pg_ctx *ctx, struct sd_table *t)
{
	for (size_t i = 0; i < t->nconstraints; i++) {
		struct sd_constraint *c = &t->constraints[i];
		struct sd_table *ref;

		if (c->type != SD_CON_FOREIGN || c->nref_columns)
			continue;
		ref = catalog_find(ctx->cat, SD_TABLE, c->ref_schema,
				   c->ref_table);
		if (!ref)
			continue;
		for (size_t j = 0; j < ref->nconstraints; j++) {
			if (ref->constraints[j].type != SD_CON_PRIMARY)
				continue;
			c->ref_columns = ref->constraints[j].columns;
			c->nref_columns = ref->constraints[j].ncolumns;
			break;
		}
	}
}

void pg_resolve_all_fks(struct pg_ctx *ctx)
{
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_object *obj = ctx->cat->all[i];
		if (obj->kind == SD_TABLE &&
		    catalog_lookup(ctx->cat, obj->key) == obj)
			pg_resolve_fk(ctx, (struct sd_table *)obj);
	}
}

static bool list_has(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

static bool live(struct pg_ctx *ctx, struct sd_object *obj)
{
	return catalog_lookup(ctx->cat, obj->key) == obj;
}

void pg_drop_column_deps(struct pg_ctx *ctx, struct sd_table *t,
			 const char *column)
{
	struct vec cand = VEC_INIT;

	object_column_grants(ctx->cat, &t->base, column, NULL);
	for (size_t i = t->nconstraints; i-- > 0;) {
		struct sd_constraint *c = &t->constraints[i];
		if (list_has(c->columns, c->ncolumns, column) ||
		    list_has(c->include, c->ninclude, column) ||
		    (c->expr && pg_expr_text_uses(c->expr, column)))
			table_remove_constraint(t, c->name);
	}
	/* foreign keys of other tables that reference the column */
	pg_refs_candidates(ctx, &t->base, PG_REFS_FKEYS, &cand);
	for (size_t i = 0; i < cand.len; i++) {
		struct sd_table *o = cand.items[i];
		if (o->base.kind != SD_TABLE || !live(ctx, &o->base))
			continue;
		for (size_t j = o->nconstraints; j-- > 0;) {
			struct sd_constraint *c = &o->constraints[j];
			if (c->type == SD_CON_FOREIGN &&
			    !strcmp(c->ref_schema, t->base.schema) &&
			    !strcmp(c->ref_table, t->base.name) &&
			    list_has(c->ref_columns, c->nref_columns, column))
				table_remove_constraint(o, c->name);
		}
	}
	/* indexes and owned sequences of the table */
	cand.len = 0;
	pg_refs_candidates(ctx, &t->base, PG_REFS_NAMED, &cand);
	for (size_t i = 0; i < cand.len; i++) {
		struct sd_index *ix = cand.items[i];
		bool uses = false;
		if (ix->base.kind != SD_INDEX || !live(ctx, &ix->base) ||
		    strcmp(ix->base.schema, t->base.schema) ||
		    strcmp(ix->table, t->base.name))
			continue;
		for (size_t j = 0; j < ix->nelems && !uses; j++)
			uses = (ix->elems[j].column &&
				!strcmp(ix->elems[j].column, column)) ||
			       (ix->elems[j].expr &&
				pg_expr_text_uses(ix->elems[j].expr, column));
		uses = uses || list_has(ix->include, ix->ninclude, column) ||
		       (ix->predicate &&
			pg_expr_text_uses(ix->predicate, column));
		if (uses)
			catalog_remove(ctx->cat, &ix->base);
	}
	for (size_t i = 0; i < cand.len; i++) {
		struct sd_sequence *s = cand.items[i];
		if (s->base.kind == SD_SEQUENCE && live(ctx, &s->base) &&
		    s->owned_table && !strcmp(s->base.schema, t->base.schema) &&
		    !strcmp(s->owned_table, t->base.name) &&
		    !strcmp(s->owned_column, column))
			catalog_remove(ctx->cat, &s->base);
	}
	vec_release(&cand);
}

static bool depends_on(const struct sd_object *obj, const char *key)
{
	for (size_t i = 0; i < obj->ndeps; i++)
		if (!strcmp(obj->deps[i], key))
			return true;
	return false;
}

void pg_drop_object(struct pg_ctx *ctx, struct sd_object *obj, bool cascade)
{
	struct vec cand = VEC_INIT;

	if (!live(ctx, obj))
		return;
	catalog_remove(ctx->cat, obj);
	if (obj->kind == SD_TABLE) {
		pg_drop_table_policies(ctx, (struct sd_table *)obj);
		pg_drop_partitions(ctx, (struct sd_table *)obj);
	}
	/* what the conditions below can match, in catalog order */
	pg_refs_candidates(ctx, obj,
			   PG_REFS_SCHEMA | PG_REFS_NAMED |
				   (cascade ? PG_REFS_DEPS : 0u),
			   &cand);
	for (size_t i = 0; i < cand.len; i++) {
		struct sd_object *o = cand.items[i];
		if (!live(ctx, o) || o == obj)
			continue;
		if (obj->kind == SD_SCHEMA) {
			if (o->schema && !strcmp(o->schema, obj->name))
				pg_drop_object(ctx, o, cascade);
			continue;
		}
		if ((obj->kind == SD_TABLE || obj->kind == SD_MATVIEW) &&
		    o->kind == SD_INDEX &&
		    !strcmp(o->schema, obj->schema) &&
		    !strcmp(((struct sd_index *)o)->table, obj->name)) {
			catalog_remove(ctx->cat, o);
			continue;
		}
		if (obj->kind == SD_TABLE && o->kind == SD_SEQUENCE &&
		    ((struct sd_sequence *)o)->owned_table &&
		    !strcmp(o->schema, obj->schema) &&
		    !strcmp(((struct sd_sequence *)o)->owned_table,
			    obj->name)) {
			catalog_remove(ctx->cat, o);
			continue;
		}
		if (!cascade || !depends_on(o, obj->key))
			continue;
		if (o->kind == SD_TABLE && obj->kind == SD_TABLE &&
		    ((struct sd_table *)o)->ninherits) {
			/* an inheritance child goes with its parent */
			struct sd_table *t = (struct sd_table *)o;
			bool child = false;
			for (size_t j = 0; j < t->ninherits && !child; j++)
				child = !strcmp(t->inherits[j], obj->key);
			if (child) {
				pg_drop_object(ctx, o, cascade);
				continue;
			}
		}
		if (o->kind == SD_TABLE && obj->kind == SD_TABLE) {
			/* CASCADE drops the foreign keys, not the table */
			struct sd_table *t = (struct sd_table *)o;
			for (size_t j = t->nconstraints; j-- > 0;) {
				struct sd_constraint *c = &t->constraints[j];
				if (c->type == SD_CON_FOREIGN &&
				    !strcmp(c->ref_schema, obj->schema) &&
				    !strcmp(c->ref_table, obj->name))
					table_remove_constraint(t, c->name);
			}
		} else if (o->kind == SD_VIEW || o->kind == SD_INDEX ||
			   o->kind == SD_MATVIEW) {
			pg_drop_object(ctx, o, cascade);
		}
	}
	vec_release(&cand);
}

/* The columns CREATE TABLE lists (the arrays are sized once). */
static size_t count_columns(const PgQuery__CreateStmt *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n_table_elts; i++)
		n += s->table_elts[i]->node_case ==
		     PG_QUERY__NODE__NODE_COLUMN_DEF;
	return n;
}

/* TableLikeOption bits (parsenodes.h) */
enum {
	LIKE_COMMENTS = 1 << 0,
	LIKE_COMPRESSION = 1 << 1,
	LIKE_CONSTRAINTS = 1 << 2,
	LIKE_DEFAULTS = 1 << 3,
	LIKE_GENERATED = 1 << 4,
	LIKE_IDENTITY = 1 << 5,
	LIKE_INDEXES = 1 << 6,
	LIKE_STATISTICS = 1 << 7,
	LIKE_STORAGE = 1 << 8,
};

/*
 * CREATE TABLE t (LIKE src [INCLUDING ...]): src's columns (name, type,
 * collation, NOT NULL), and as asked their defaults, generated
 * expressions, storage, compression, CHECK constraints and comments, as
 * the server copies them (nothing refers back to src; src's own comment
 * is not copied); its keys and indexes with like_indexes(). INCLUDING
 * IDENTITY and STATISTICS are refused by name when src has something they
 * would copy. src must have been read already (in a desired set, an
 * earlier table statement).
 */
static int add_like(struct pg_ctx *ctx, struct sd_table *t,
		    const PgQuery__TableLikeClause *lc)
{
	uint32_t o = lc->options;
	const struct sd_table *src;
	const char *schema;

	src = pg_find(ctx, SD_TABLE, lc->relation->schemaname,
		      lc->relation->relname, &schema);
	if (!src)
		return pg_error(ctx, SD_ERR, lc->relation->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, lc->relation->relname));
	if (src->part_parent || src->ninherits)
		return pg_error(ctx, SD_ERR_UNSUPPORTED,
				lc->relation->location,
				"unsupported LIKE of a partition or child "
				"table \"%s\"", src->base.name);
	/* a column's SET STATISTICS target is never copied (INCLUDING
	 * STATISTICS is about extended statistics: like_copy()) */
	for (size_t i = 0; i < src->ncolumns; i++) {
		const struct sd_column *sc = &src->columns[i];
		struct sd_column *col;

		if (table_find_column(t, sc->name))
			return pg_error(ctx, SD_ERR, lc->relation->location,
					"column \"%s\" specified more than "
					"once", sc->name);
		col = table_add_column(ctx->cat, t, sc->name);
		col->type = sc->type;
		col->collation = sc->collation;
		col->not_null = sc->not_null;
		if (sc->not_null && ctx->cat->pg_version >= 180000) {
			/* 18 copies the NOT NULL constraint under the
			 * source's name (<source>_<col>_not_null unless
			 * named) */
			struct strbuf def = STRBUF_INIT;

			if (sc->not_null_name) {
				col->not_null_name = sc->not_null_name;
			} else {
				pg_default_name(&def, src->base.name, sc->name,
						"not_null", 0);
				col->not_null_name =
					catalog_strdup(ctx->cat, def.buf);
			}
			strbuf_release(&def);
		}
		if (o & LIKE_DEFAULTS)
			col->default_expr = sc->default_expr;
		if (o & LIKE_GENERATED) {
			col->generated = sc->generated;
			col->gen_virtual = sc->generated && sc->gen_virtual;
		}
		if (o & LIKE_STORAGE)
			col->storage = sc->storage;
		if (o & LIKE_COMPRESSION)
			col->compression = sc->compression;
		if ((o & LIKE_IDENTITY) && sc->identity) {
			/* the source's sequence options, a sequence of the
			 * new table's own (<table>_<column>_seq) */
			col->identity = sc->identity;
			col->id_start = sc->id_start;
			col->id_increment = sc->id_increment;
			col->id_minvalue = sc->id_minvalue;
			col->id_maxvalue = sc->id_maxvalue;
			col->id_cache = sc->id_cache;
			col->id_cycle = sc->id_cycle;
			col->id_seqname = pg_choose_name(ctx, t->base.schema,
							 t->base.name,
							 col->name, "seq",
							 true, false);
		}
	}
	/* what the columns' types, collations and (copied) defaults need */
	for (size_t i = 0; i < src->base.ndeps; i++) {
		const struct sd_object *d =
			catalog_lookup(ctx->cat, src->base.deps[i]);
		if (d && (d->kind == SD_TYPE || d->kind == SD_COLLATION ||
		    ((o & LIKE_DEFAULTS) && d->kind == SD_SEQUENCE) ||
		    ((o & (LIKE_DEFAULTS | LIKE_GENERATED | LIKE_CONSTRAINTS)) &&
		     d->kind == SD_FUNCTION)))
			catalog_add_dep(ctx->cat, &t->base, src->base.deps[i]);
	}
	if (o & LIKE_CONSTRAINTS) {
		for (size_t i = 0; i < src->nconstraints; i++) {
			const struct sd_constraint *sc = &src->constraints[i];
			struct sd_constraint *con;

			if (sc->type != SD_CON_CHECK)
				continue;
			con = table_add_constraint(ctx->cat, t, sc->name);
			con->type = SD_CON_CHECK;
			con->expr = sc->expr;
			con->written = sc->written;
			con->no_inherit = sc->no_inherit;
			pg_note_conname(ctx, t->base.schema, sc->name);
		}
	}
	return 0;
}

/* The name addition of an index or key on these columns, then these
 * INCLUDE columns (ChooseIndexColumnNames). */
static void key_addition(const char **cols, size_t ncols, const char **incl,
			 size_t nincl, struct strbuf *out)
{
	struct vec names = VEC_INIT;

	for (size_t i = 0; i < ncols; i++)
		vec_push(&names, (void *)cols[i]);
	for (size_t i = 0; i < nincl; i++)
		vec_push(&names, (void *)incl[i]);
	index_colnames(&names, out);
	vec_release(&names);
}

/*
 * LIKE src INCLUDING INDEXES, once t has its own columns and constraints
 * (the server creates the copies after the table): src's primary key and
 * unique constraints become t's, and its indexes t's indexes, named as
 * the server names them (t_pkey, t_<columns>_key, t_<columns>_idx), with
 * their comments under INCLUDING COMMENTS. An index on an expression
 * (whose name part the server takes from the source index's column
 * names) and exclusion constraints are refused by name.
 */
static int like_indexes(struct pg_ctx *ctx, struct sd_table *t,
			const struct sd_table *src, bool comments, int loc)
{
	for (size_t i = 0; i < src->nconstraints; i++) {
		const struct sd_constraint *sc = &src->constraints[i];
		bool primary = sc->type == SD_CON_PRIMARY;
		struct strbuf add = STRBUF_INIT;
		struct sd_constraint *con;
		const char *name;

		if (sc->type == SD_CON_EXCLUDE)
			return pg_error(ctx, SD_ERR_UNSUPPORTED,
					loc,
					"unsupported LIKE ... INCLUDING "
					"INDEXES of exclusion constraint "
					"\"%s\"", sc->name);
		if (!primary && sc->type != SD_CON_UNIQUE)
			continue;
		for (size_t j = 0; primary && j < t->nconstraints; j++)
			if (t->constraints[j].type == SD_CON_PRIMARY)
				return pg_error(ctx, SD_ERR, loc,
						"multiple primary keys for "
						"table \"%s\" are not allowed",
						t->base.name);
		if (!primary)
			key_addition(sc->columns, sc->ncolumns, sc->include,
				     sc->ninclude, &add);
		name = pg_choose_name(ctx, t->base.schema, t->base.name,
				      primary ? NULL : add.buf,
				      primary ? "pkey" : "key", true, true);
		strbuf_release(&add);
		con = table_add_constraint(ctx->cat, t, name);
		con->type = sc->type;
		con->columns = sc->columns;
		con->ncolumns = sc->ncolumns;
		con->include = sc->include;
		con->ninclude = sc->ninclude;
		con->nulls_not_distinct = sc->nulls_not_distinct;
		con->without_overlaps = sc->without_overlaps;
		con->deferrable = sc->deferrable;
		con->deferred = sc->deferred;
		con->comment = comments ? sc->comment : NULL;
		pg_note_conname(ctx, t->base.schema, name);
	}
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		const struct sd_index *ix = (const struct sd_index *)ctx->cat->all[i];
		struct sd_index *nix;
		struct sd_index_elem *elems;
		const char **cols;
		struct strbuf add = STRBUF_INIT;
		const char *name;

		if (ix->base.kind != SD_INDEX ||
		    catalog_lookup(ctx->cat, ix->base.key) != &ix->base ||
		    strcmp(ix->base.schema, src->base.schema) ||
		    strcmp(ix->table, src->base.name))
			continue;
		cols = arena_alloc(&ctx->cat->arena,
				   (ix->nelems + 1) * sizeof(*cols));
		for (size_t j = 0; j < ix->nelems; j++) {
			if (!ix->elems[j].column)
				return pg_error(ctx, SD_ERR_UNSUPPORTED, loc,
						"unsupported LIKE ... "
						"INCLUDING INDEXES of "
						"expression index \"%s\"",
						ix->base.name);
			cols[j] = ix->elems[j].column;
		}
		key_addition(cols, ix->nelems, ix->include, ix->ninclude,
			     &add);
		name = pg_choose_name(ctx, t->base.schema, t->base.name,
				      add.buf, "idx", true, false);
		strbuf_release(&add);
		nix = catalog_add(ctx->cat, SD_INDEX, t->base.schema, name);
		pg_set_origin(ctx, &nix->base);
		for (size_t j = 0; j < ix->base.ndeps; j++)
			if (strcmp(ix->base.deps[j], src->base.key))
				catalog_add_dep(ctx->cat, &nix->base,
						ix->base.deps[j]);
		catalog_add_dep(ctx->cat, &nix->base, t->base.key);
		nix->table = t->base.name;
		nix->method = ix->method;
		nix->unique = ix->unique;
		nix->nulls_not_distinct = ix->nulls_not_distinct;
		/* copies: a later rename of t's columns changes them */
		elems = arena_alloc(&ctx->cat->arena,
				    (ix->nelems + 1) * sizeof(*elems));
		memcpy(elems, ix->elems, ix->nelems * sizeof(*elems));
		nix->elems = elems;
		nix->nelems = ix->nelems;
		if (ix->ninclude) {
			const char **incl = arena_alloc(&ctx->cat->arena,
				ix->ninclude * sizeof(*incl));
			memcpy(incl, ix->include, ix->ninclude * sizeof(*incl));
			nix->include = incl;
		}
		nix->ninclude = ix->ninclude;
		nix->predicate = ix->predicate;
		nix->reloptions = ix->reloptions;
		nix->nreloptions = ix->nreloptions;
		nix->base.comment = comments ? ix->base.comment : NULL;
	}
	return 0;
}

/* A LIKE ... INCLUDING INDEXES or COMMENTS whose copies wait until every
 * index and comment of a desired set is known (pg_like_resolve()). */
struct pg_like_later {
	struct sd_table *t;
	const char *schema, *name;	/* src as written */
	uint32_t options;
	const char *file;
	int line, col;		/* of src in the CREATE TABLE */
	struct pg_like_later *next;
};

/* The copies of LIKE src INCLUDING COMMENTS / INDEXES into t: comments of
 * the columns and CHECK constraints t has from src, then the keys and
 * indexes (like_indexes()). */
static int like_copy(struct pg_ctx *ctx, struct sd_table *t,
		     const char *schema_in, const char *name, uint32_t o,
		     int loc)
{
	const struct sd_table *src;
	const char *schema;

	src = pg_find(ctx, SD_TABLE, schema_in, name, &schema);
	if (!src)
		return pg_error(ctx, SD_ERR, loc,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, name));
	if (o & LIKE_COMMENTS) {
		for (size_t i = 0; i < src->ncolumns; i++) {
			struct sd_column *c =
				table_find_column(t, src->columns[i].name);
			if (c && !c->comment)
				c->comment = src->columns[i].comment;
		}
		for (size_t i = 0; (o & LIKE_CONSTRAINTS) &&
				   i < src->nconstraints; i++) {
			const struct sd_constraint *sc = &src->constraints[i];
			struct sd_constraint *c =
				table_find_constraint(t, sc->name);
			if (sc->type == SD_CON_CHECK && c &&
			    c->type == SD_CON_CHECK && !c->comment)
				c->comment = sc->comment;
		}
	}
	/* in a desired set, SET STORAGE / COMPRESSION of the source may come
	 * after the LIKE: what the source has once all is read */
	for (size_t i = 0; (o & (LIKE_STORAGE | LIKE_COMPRESSION)) &&
			   i < src->ncolumns; i++) {
		struct sd_column *c =
			table_find_column(t, src->columns[i].name);

		if (c && (o & LIKE_STORAGE) && !c->storage)
			c->storage = src->columns[i].storage;
		if (c && (o & LIKE_COMPRESSION) && !c->compression)
			c->compression = src->columns[i].compression;
	}
	/* extended statistics (opaque objects) are not copied yet: refused
	 * by name rather than left out */
	if ((o & LIKE_STATISTICS) &&
	    catalog_opaque_names(ctx->cat, "STATISTICS", &src->base))
		return pg_error(ctx, SD_ERR_UNSUPPORTED, loc,
				"unsupported LIKE ... INCLUDING STATISTICS of "
				"\"%s\", which has extended statistics (write "
				"CREATE STATISTICS for the new table)",
				src->base.name);
	if (o & LIKE_INDEXES)
		return like_indexes(ctx, t, src, o & LIKE_COMMENTS, loc);
	return 0;
}

int pg_like_resolve(struct pg_ctx *ctx)
{
	struct pg_like_later *rev = NULL;
	const char *sql = ctx->sql, *file = ctx->file;
	int ret = 0;

	/* in the order the tables were made */
	while (ctx->likes) {
		struct pg_like_later *l = ctx->likes;
		ctx->likes = l->next;
		l->next = rev;
		rev = l;
	}
	/* the statements' texts may be gone: the position was kept */
	ctx->sql = NULL;
	for (struct pg_like_later *l = rev; l && !ret; l = l->next) {
		ctx->file = l->file;
		ret = like_copy(ctx, l->t, l->schema, l->name, l->options, -1);
		if (ret) {
			ctx->err->line = l->line;
			ctx->err->col = l->col;
		}
	}
	ctx->sql = sql;
	ctx->file = file;
	return ret;
}

#define USING_HINT "schemadiff:using"

/* The expression of a `-- schemadiff:using EXPR` (or block comment) hint
 * in the text [p, end), copied into the arena; NULL if none. */
static const char *using_in(struct pg_ctx *ctx, const char *p,
			    const char *end)
{
	const char *h, *e;

	for (h = p; h < end; h++)
		if (!strncmp(h, USING_HINT, strlen(USING_HINT)))
			break;
	if (h >= end)
		return NULL;
	h += strlen(USING_HINT);
	while (h < end && (*h == ' ' || *h == '\t'))
		h++;
	e = h;
	while (e < end && *e != '\n' && strncmp(e, "*/", 2))
		e++;
	while (e > h && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if (e == h)
		return NULL;
	return arena_printf(&ctx->cat->arena, "%.*s", (int)(e - h), h);
}

/*
 * A `-- schemadiff:using EXPR` hint next to a column of CREATE TABLE: on
 * the column's line, or alone on the line before it (as the renamed-from
 * hints of ops/rename.c). Kept in the catalog's using_hints: the
 * conversion of a type change of that column (diff/diff_conversions.c).
 */
static void column_using_hint(struct pg_ctx *ctx, struct sd_table *t,
			      const PgQuery__ColumnDef *cd)
{
	const char *sql = ctx->sql, *col, *bol, *eol, *prev;
	const char *expr;
	struct sd_using_hint *h;
	int line = 1;

	if (!sql || cd->location < 0)
		return;
	/* whether the file holds a hint at all, looked for once per file
	 * (not once per column: that was quadratic in the file's size) */
	if (ctx->hint_scanned != sql) {
		ctx->hint_scanned = sql;
		ctx->hint_in_sql = strstr(sql, USING_HINT) != NULL;
	}
	if (!ctx->hint_in_sql)
		return;
	col = sql + ctx->loc_base + cd->location;
	for (bol = col; bol > sql && bol[-1] != '\n'; bol--)
		;
	eol = strchr(col, '\n');
	if (!eol)
		eol = col + strlen(col);
	expr = using_in(ctx, bol, eol);
	if (!expr && bol > sql) {
		/* the line before, when it holds only the comment */
		for (prev = bol - 1; prev > sql && prev[-1] != '\n'; prev--)
			;
		while (prev < bol && (*prev == ' ' || *prev == '\t'))
			prev++;
		if (!strncmp(prev, "--", 2) || !strncmp(prev, "/*", 2))
			expr = using_in(ctx, prev, bol);
	}
	if (!expr)
		return;
	for (const char *p = sql; p < col; p++)
		line += *p == '\n';
	h = arena_alloc(&ctx->cat->arena, sizeof(*h));
	h->schema = t->base.schema;
	h->table = t->base.name;
	h->column = catalog_strdup(ctx->cat, cd->colname);
	h->expr = expr;
	h->file = ctx->file;
	h->line = line;
	h->next = ctx->cat->using_hints;
	ctx->cat->using_hints = h;
}

/*
 * A column of CREATE TABLE ... PARTITION OF p (col WITH OPTIONS ...): the
 * partition's own default and NOT NULL on the column it inherits (struct
 * sd_table.inh_columns), its keys and checks as the table's.
 */
static int partition_column(struct pg_ctx *ctx, struct sd_table *t,
			    PgQuery__ColumnDef *cd, struct vec *pending)
{
	const struct sd_column *pc = pg_parent_column(ctx, t, cd->colname);
	PgQuery__Constraint *last = NULL;
	struct sd_column *e;
	int ret;

	if (!pc && !pg_table_has_column(ctx, t, cd->colname))
		return pg_error(ctx, SD_ERR, cd->location,
				"column \"%s\" does not exist", cd->colname);
	if (table_inh_column(t, cd->colname))
		return pg_error(ctx, SD_ERR, cd->location,
				"column \"%s\" specified more than once",
				cd->colname);
	if (cd->type_name || cd->coll_clause ||
	    (cd->compression && *cd->compression) ||
	    (cd->storage_name && *cd->storage_name))
		return pg_error(ctx, SD_ERR_UNSUPPORTED, cd->location,
				"unsupported column options in PARTITION OF");
	e = table_set_inh_column(ctx->cat, t, cd->colname);
	if (!table_parent_column(ctx->cat, t, cd->colname, &e->default_expr,
				 &e->not_null))
		e->default_expr = pg_inh_from_parent;
	if (cd->is_not_null)
		e->not_null = true;
	for (size_t i = 0; i < cd->n_constraints; i++) {
		PgQuery__Constraint *c;

		if (cd->constraints[i]->node_case !=
		    PG_QUERY__NODE__NODE_CONSTRAINT)
			continue;
		c = cd->constraints[i]->constraint;
		switch (c->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
			e->not_null = true;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
			if ((ret = pg_deparse_column_default(
				     ctx, c->raw_expr, pc ? pc->type : "",
				     &e->default_expr)))
				return ret;
			pg_expr_deps(ctx, &t->base, c->raw_expr);
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
		case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
		case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
		case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
		case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
			push_pending(ctx, pending, c, e->name);
			last = c;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
		case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
			return pg_error(ctx, SD_ERR, c->location,
					"column \"%s\" of a partition cannot "
					"be made identity or generated here",
					cd->colname);
		default:
			if ((ret = attr_constraint(ctx, last, c)))
				return ret;
			break;
		}
	}
	if (pc)
		table_inh_normalize(ctx->cat, t);
	return 0;
}

int parse_table(struct pg_ctx *ctx, PgQuery__CreateStmt *s)
{
	PgQuery__RangeVar *rv = s->relation;
	struct vec pending = VEC_INIT;
	struct sd_table *t;
	const char *schema;
	int ret = 0;

	if (rv->relpersistence && rv->relpersistence[0] == 't')
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported statement CREATE TEMPORARY TABLE");
	if (s->of_typename)
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported statement CREATE TABLE OF");
	if (!(schema = pg_creation_schema(ctx, rv->schemaname)))
		return ctx->err ? ctx->err->code : SD_ERR;
	if ((ret = pg_check_schema(ctx, schema, rv->location)))
		return ret;
	if (pg_relname_taken(ctx, schema, rv->relname)) {
		if (s->if_not_exists)
			return 0;
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" already exists",
				pg_qname(ctx, schema, rv->relname));
	}
	t = catalog_add(ctx->cat, SD_TABLE, schema, rv->relname);
	pg_set_origin(ctx, &t->base);
	pg_dep_schema(ctx, &t->base);
	t->unlogged = rv->relpersistence && rv->relpersistence[0] == 'u';
	table_reserve_columns(ctx->cat, t, count_columns(s));
	/* the parents first: the columns they give are not t's own */
	if (s->partbound && s->n_inh_relations == 1 &&
	    s->inh_relations[0]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
		ret = pg_table_partition_of(ctx, t,
					    s->inh_relations[0]->range_var,
					    s->partbound);
	else if (s->partbound)
		ret = pg_error(ctx, SD_ERR, rv->location,
			       "invalid PARTITION OF");
	else if (s->n_inh_relations)
		ret = pg_table_inherits(ctx, t, s->inh_relations,
					s->n_inh_relations);
	for (size_t i = 0; i < s->n_table_elts && !ret; i++) {
		PgQuery__Node *e = s->table_elts[i];
		switch (e->node_case) {
		case PG_QUERY__NODE__NODE_COLUMN_DEF:
			if (s->partbound) {
				ret = partition_column(ctx, t, e->column_def,
						       &pending);
				break;
			}
			ret = pg_add_column(ctx, t, e->column_def, &pending);
			if (!ret)
				column_using_hint(ctx, t, e->column_def);
			break;
		case PG_QUERY__NODE__NODE_CONSTRAINT:
			push_pending(ctx, &pending, e->constraint, NULL);
			break;
		case PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE:
			ret = add_like(ctx, t, e->table_like_clause);
			break;
		default:
			ret = pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				       "unsupported table element");
			break;
		}
	}
	if (!ret)
		ret = pg_add_constraints(ctx, t, &pending);
	for (size_t i = 0; i < s->n_table_elts && !ret; i++) {
		const PgQuery__TableLikeClause *lc;
		struct pg_like_later *l;

		if (s->table_elts[i]->node_case !=
		    PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE)
			continue;
		lc = s->table_elts[i]->table_like_clause;
		if (!(lc->options &
		      (LIKE_INDEXES | LIKE_COMMENTS | LIKE_STATISTICS |
		       LIKE_STORAGE | LIKE_COMPRESSION)))
			continue;
		if (ctx->script) {
			/* a script: what src has now */
			ret = like_copy(ctx, t, lc->relation->schemaname,
					lc->relation->relname, lc->options,
					lc->relation->location);
			continue;
		}
		/* a desired set: once its indexes and comments are read */
		l = arena_alloc(&ctx->tmp, sizeof(*l));
		l->t = t;
		l->schema = lc->relation->schemaname &&
					    *lc->relation->schemaname
				    ? arena_strdup(&ctx->tmp,
						   lc->relation->schemaname)
				    : NULL;
		l->name = arena_strdup(&ctx->tmp, lc->relation->relname);
		l->options = lc->options;
		l->file = ctx->file;
		l->line = l->col = 0;
		if (ctx->sql)
			sd_text_position(ctx->sql,
					 (size_t)(ctx->loc_base +
						  lc->relation->location),
					 &l->line, &l->col);
		l->next = ctx->likes;
		ctx->likes = l;
	}
	if (!ret && s->partspec)
		ret = pg_partition_spec(ctx, t, s->partspec);
	if (!ret)
		ret = pg_reloptions(ctx, s->options, s->n_options, false,
				    &t->reloptions, &t->nreloptions);
	if (!ret)
		pg_resolve_fk(ctx, t);
	vec_release(&pending);
	return ret;
}
