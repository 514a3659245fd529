/*
 * parser/mysql/mysql_table.c: CREATE TABLE, ALTER TABLE, CREATE / DROP
 * INDEX, DROP TABLE and RENAME TABLE for the MySQL parser: columns, keys,
 * foreign keys, checks, table options and partitioning, in the canonical
 * form of docs/mysql.md (default names of indexes, foreign keys and
 * checks; the implicit foreign-key index).
 *
 * Memory: scratch in ctx->tmp; the catalog keeps copies in its arena. The
 * per-table index lists (ctx->tindex) are malloc'd vecs, freed by
 * my_index_map_release().
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/mysql/mysql_internal.h"
#include "util/banned.h"

/* One key part: a column (with prefix length) or an expression. */
struct keypart {
	const char *column;
	const char *expr;
	unsigned sub_part;
	bool desc;
};

/* A key, foreign key or check, from a table element, a column attribute
 * or an ALTER TABLE ADD. */
struct keydef {
	char kind;		/* 'p', 'u', 'i', 'f', 'c' */
	const char *name;	/* CONSTRAINT name or index name; NULL */
	const char *method;	/* NULL: btree */
	struct keypart *parts;
	size_t nparts;
	const char *comment;
	const char *hidden;	/* IGNORED or INVISIBLE: as written */
	const char *ref_table;
	const char **ref_cols;
	size_t nref;
	char on_update, on_delete;
	const char *expr;	/* check */
	const char *column;	/* a column-level check: its column */
	const struct my_token *at;
};

/* A column definition with what it asks of the table. */
struct coldef {
	struct sd_column col;
	const char *cs, *coll;	/* as written */
	bool json, serial;
	struct vec keys;	/* struct keydef * (inline PK, UNIQUE ...) */
	bool first;
	const char *after;
};

/* Column names are case-insensitive in MySQL. */
static int col_index(const struct sd_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncolumns; i++)
		if (!strcasecmp(t->columns[i].name, name))
			return (int)i;
	return -1;
}

static struct sd_column *find_col(const struct sd_table *t, const char *name)
{
	int i = col_index(t, name);
	return i < 0 ? NULL : &t->columns[i];
}

static const char *cat_str(struct my_ctx *ctx, const char *s)
{
	return catalog_strdup(ctx->cat, s);
}

/* Index lists per table. */
static struct vec *ix_list(struct my_ctx *ctx, struct sd_table *t)
{
	struct vec *v = strmap_get(&ctx->tindex, t->base.name);

	if (!v) {
		v = calloc(1, sizeof(*v));
		if (!v)
			abort();
		strmap_put(&ctx->tindex, t->base.name, v);
	}
	return v;
}

void my_index_map_release(struct my_ctx *ctx)
{
	const char *k;
	void *v;

	for (size_t i = 0; strmap_next(&ctx->tindex, &i, &k, &v);) {
		vec_release(v);
		free(v);
	}
	strmap_release(&ctx->tindex);
}

static struct sd_index *ix_find(struct my_ctx *ctx, struct sd_table *t,
				const char *name)
{
	struct vec *v = ix_list(ctx, t);

	for (size_t i = 0; i < v->len; i++) {
		struct sd_index *ix = v->items[i];
		if (!strcasecmp(ix->ixname, name))
			return ix;
	}
	return NULL;
}

static struct sd_index *ix_new(struct my_ctx *ctx, struct sd_table *t,
			       const char *name)
{
	const char *full = arena_printf(&ctx->tmp, "%s.%s", t->base.name,
					name);
	struct sd_index *ix = catalog_add(ctx->cat, SD_INDEX, NULL, full);

	if (!ix)
		return NULL;
	ix->table = t->base.name;
	ix->ixname = cat_str(ctx, name);
	ix->method = "btree";
	my_place(ctx, &ix->base);
	catalog_add_dep(ctx->cat, &ix->base, t->base.key);
	vec_push(ix_list(ctx, t), ix);
	return ix;
}

static void ix_drop(struct my_ctx *ctx, struct sd_table *t,
		    struct sd_index *ix)
{
	struct vec *v = ix_list(ctx, t);

	for (size_t i = 0; i < v->len; i++)
		if (v->items[i] == ix) {
			memmove(&v->items[i], &v->items[i + 1],
				(v->len - i - 1) * sizeof(void *));
			v->len--;
			break;
		}
	catalog_remove(ctx->cat, &ix->base);
}

static bool name_taken(struct my_ctx *ctx, struct sd_table *t,
		       const char *name)
{
	return !strcasecmp(name, "PRIMARY") || ix_find(ctx, t, name);
}

/* The server's name for an unnamed index: its first column, then _2 ... */
static const char *ix_default_name(struct my_ctx *ctx, struct sd_table *t,
				   const char *base)
{
	const char *name = base;

	for (int n = 2; name_taken(ctx, t, name); n++)
		name = arena_printf(&ctx->tmp, "%s_%d", base, n);
	return name;
}

/* The largest N of constraints named prefix N. */
static int max_suffix(struct sd_table *t, const char *prefix)
{
	size_t n = strlen(prefix);
	int max = 0;

	for (size_t i = 0; i < t->nconstraints; i++) {
		const char *nm = t->constraints[i].name;
		if (!strncmp(nm, prefix, n) && isdigit((unsigned char)nm[n])) {
			int k = atoi(nm + n);
			if (k > max)
				max = k;
		}
	}
	return max;
}

static struct sd_table *find_table(struct my_ctx *ctx, const char *name)
{
	return catalog_find(ctx->cat, SD_TABLE, NULL, name);
}

static int no_table(struct my_ctx *ctx, const struct my_token *at,
		    const char *name)
{
	return my_error(ctx, at, SD_ERR, "table `%s` does not exist", name);
}

/* Key parts: ( col [(n)] [ASC|DESC], (expr) [ASC|DESC] ... ) */
static int key_parts(struct my_ctx *ctx, struct keydef *kd)
{
	struct vec parts = VEC_INIT;
	int ret;

	if ((ret = my_expect_op(ctx, "(")))
		return ret;
	do {
		struct keypart *kp = arena_alloc(&ctx->tmp, sizeof(*kp));
		if (my_is_op(my_tok(ctx), "(")) {
			struct strbuf e = STRBUF_INIT;
			ret = my_paren_expr(ctx, &e);
			kp->expr = arena_strdup(&ctx->tmp, e.buf);
			strbuf_release(&e);
		} else {
			ret = my_ident(ctx, "a column name", &kp->column);
			if (!ret && my_accept_op(ctx, "(")) {
				if (my_tok(ctx)->type != MT_NUMBER)
					ret = my_expected(ctx, "a number");
				else
					kp->sub_part = (unsigned)atoi(
						my_tok(ctx)->text);
				ctx->pos++;
				if (!ret)
					ret = my_expect_op(ctx, ")");
			}
		}
		if (ret)
			break;
		if (my_accept(ctx, "desc"))
			kp->desc = true;
		else
			my_accept(ctx, "asc");
		vec_push(&parts, kp);
	} while (my_accept_op(ctx, ","));
	if (!ret)
		ret = my_expect_op(ctx, ")");
	kd->nparts = parts.len;
	kd->parts = arena_alloc(&ctx->tmp,
				(parts.len + 1) * sizeof(*kd->parts));
	for (size_t i = 0; i < parts.len; i++)
		kd->parts[i] = *(struct keypart *)parts.items[i];
	vec_release(&parts);
	return ret;
}

/* An index option that is accepted and not kept: said, not silent. */
static void index_option_ignored(struct my_ctx *ctx, struct my_token *tk)
{
	sd_warn(ctx->st->file, tk->line, tk->col,
		"index option %s is not modelled: a change to it is not seen",
		tk->text);
}

/* USING BTREE|HASH, COMMENT, KEY_BLOCK_SIZE, VISIBLE ... */
static int index_opts(struct my_ctx *ctx, struct keydef *kd)
{
	for (;;) {
		if (my_accept(ctx, "using")) {
			if (my_accept(ctx, "hash"))
				kd->method = "hash";
			else if (my_accept(ctx, "btree") ||
				 my_accept(ctx, "rtree"))
				;
			else
				return my_expected(ctx, "BTREE or HASH");
		} else if (my_accept(ctx, "comment")) {
			my_opt_eq(ctx);
			if (my_tok(ctx)->type != MT_STRING)
				return my_expected(ctx, "a string");
			kd->comment = *my_tok(ctx)->text ? my_tok(ctx)->text :
							   NULL;
			ctx->pos++;
		} else if (my_is(my_tok(ctx), "key_block_size") ||
			   my_is(my_tok(ctx), "distance") ||
			   my_is(my_tok(ctx), "m")) {
			if (my_is(my_tok(ctx), "key_block_size"))
				index_option_ignored(ctx, my_tok(ctx));
			ctx->pos++;
			my_opt_eq(ctx);
			ctx->pos++;
		} else if (my_is(my_tok(ctx), "with") &&
			   my_is(my_peek(ctx, 1), "parser")) {
			index_option_ignored(ctx, my_tok(ctx));
			ctx->pos += 3;
		} else if (my_accept(ctx, "invisible")) {
			kd->hidden = "INVISIBLE";
		} else if (my_accept(ctx, "ignored")) {
			kd->hidden = "IGNORED";
		} else if (my_accept(ctx, "visible")) {
			kd->hidden = NULL;
		} else if (my_accept(ctx, "clustered") ||
			   my_accept(ctx, "nonclustered")) {
		} else if (my_is(my_tok(ctx), "not") &&
			   my_is(my_peek(ctx, 1), "ignored")) {
			kd->hidden = NULL;
			ctx->pos += 2;
		} else {
			return 0;
		}
	}
}

static int fk_action(struct my_ctx *ctx, char *out)
{
	if (my_accept(ctx, "restrict"))
		*out = SD_FK_RESTRICT;
	else if (my_accept(ctx, "cascade"))
		*out = SD_FK_CASCADE;
	else if (my_is(my_tok(ctx), "set") && my_is(my_peek(ctx, 1), "null"))
		*out = SD_FK_SET_NULL, ctx->pos += 2;
	else if (my_is(my_tok(ctx), "set") &&
		 my_is(my_peek(ctx, 1), "default"))
		*out = SD_FK_SET_DEFAULT, ctx->pos += 2;
	else if (my_is(my_tok(ctx), "no") && my_is(my_peek(ctx, 1), "action"))
		*out = SD_FK_NO_ACTION, ctx->pos += 2;
	else
		return my_expected(ctx, "a foreign key action");
	return 0;
}

/* REFERENCES t [(cols)] [MATCH x] [ON DELETE a] [ON UPDATE a] */
static int references(struct my_ctx *ctx, struct keydef *kd)
{
	struct vec cols = VEC_INIT;
	int ret;

	kd->kind = 'f';
	kd->on_update = kd->on_delete = SD_FK_RESTRICT;
	if ((ret = my_expect(ctx, "references")) ||
	    (ret = my_qname(ctx, "a table name", &kd->ref_table)))
		return ret;
	if (my_accept_op(ctx, "(")) {
		do {
			const char *c;
			if ((ret = my_ident(ctx, "a column name", &c)))
				goto out;
			vec_push(&cols, (void *)c);
		} while (my_accept_op(ctx, ","));
		if ((ret = my_expect_op(ctx, ")")))
			goto out;
	}
	for (;;) {
		if (my_accept(ctx, "match")) {
			ctx->pos++;
		} else if (my_is(my_tok(ctx), "on") &&
			   my_is(my_peek(ctx, 1), "delete")) {
			ctx->pos += 2;
			if ((ret = fk_action(ctx, &kd->on_delete)))
				goto out;
		} else if (my_is(my_tok(ctx), "on") &&
			   my_is(my_peek(ctx, 1), "update")) {
			ctx->pos += 2;
			if ((ret = fk_action(ctx, &kd->on_update)))
				goto out;
		} else {
			break;
		}
	}
	kd->nref = cols.len;
	kd->ref_cols = arena_alloc(&ctx->tmp, (cols.len + 1) * sizeof(char *));
	for (size_t i = 0; i < cols.len; i++)
		kd->ref_cols[i] = cols.items[i];
out:
	vec_release(&cols);
	return ret;
}

static int check_body(struct my_ctx *ctx, struct keydef *kd)
{
	struct strbuf e = STRBUF_INIT;
	int ret;

	kd->kind = 'c';
	ret = my_paren_expr(ctx, &e);
	kd->expr = arena_strdup(&ctx->tmp, e.buf);
	strbuf_release(&e);
	if (!ret) {
		if (my_is(my_tok(ctx), "not") &&
		    my_is(my_peek(ctx, 1), "enforced"))
			ctx->pos += 2;
		else
			my_accept(ctx, "enforced");
	}
	return ret;
}

static bool starts_key(struct my_ctx *ctx)
{
	static const char *const w[] = { "constraint", "primary", "index",
					 "key", "unique", "fulltext", "spatial",
					 "foreign", "check", NULL };
	struct my_token *t = my_tok(ctx);

	if (t->type != MT_WORD)
		return false;
	if (my_is(t, "vector"))
		return my_is(my_peek(ctx, 1), "index") ||
		       my_is(my_peek(ctx, 1), "key");
	for (size_t i = 0; w[i]; i++)
		if (my_is(t, w[i]))
			return true;
	return false;
}

/* A key definition (table element or ALTER TABLE ADD). */
static int keydef(struct my_ctx *ctx, struct keydef *kd)
{
	int ret;

	memset(kd, 0, sizeof(*kd));
	kd->at = my_tok(ctx);
	if (my_accept(ctx, "constraint")) {
		struct my_token *t = my_tok(ctx);
		if (!(t->type == MT_WORD &&
		      (my_is(t, "primary") || my_is(t, "unique") ||
		       my_is(t, "foreign") || my_is(t, "check")))) {
			if ((ret = my_ident(ctx, "a constraint name",
					    &kd->name)))
				return ret;
		}
		if (!(my_is(my_tok(ctx), "primary") ||
		      my_is(my_tok(ctx), "unique") ||
		      my_is(my_tok(ctx), "foreign") ||
		      my_is(my_tok(ctx), "check")))
			return my_expected(ctx,
					   "PRIMARY, UNIQUE, FOREIGN or CHECK");
	}
	if (my_accept(ctx, "check"))
		return check_body(ctx, kd);
	if (my_accept(ctx, "foreign")) {
		struct keydef cols;
		if ((ret = my_expect(ctx, "key")))
			return ret;
		if (!my_is_op(my_tok(ctx), "(")) {
			const char *ixname;
			if ((ret = my_ident(ctx, "an index name", &ixname)))
				return ret;
		}
		memset(&cols, 0, sizeof(cols));
		if ((ret = key_parts(ctx, &cols)))
			return ret;
		kd->parts = cols.parts;
		kd->nparts = cols.nparts;
		return references(ctx, kd);
	}
	if (my_accept(ctx, "primary")) {
		kd->kind = 'p';
		if ((ret = my_expect(ctx, "key")))
			return ret;
		kd->name = NULL;
	} else if (my_accept(ctx, "unique")) {
		kd->kind = 'u';
		if (!my_accept(ctx, "index"))
			my_accept(ctx, "key");
	} else if (my_accept(ctx, "fulltext") || my_accept(ctx, "spatial") ||
		   my_accept(ctx, "vector")) {
		kd->kind = 'i';
		kd->method = my_lower(ctx, ctx->st->toks[ctx->pos - 1].text);
		if (!my_accept(ctx, "index"))
			my_accept(ctx, "key");
	} else if (my_accept(ctx, "index") || my_accept(ctx, "key")) {
		kd->kind = 'i';
	} else {
		return my_expected(ctx, "a key definition");
	}
	if (my_is(my_tok(ctx), "if") && my_is(my_peek(ctx, 1), "not"))
		ctx->pos += 3;
	if (kd->kind != 'p' && !my_is_op(my_tok(ctx), "(") &&
	    !my_is(my_tok(ctx), "using")) {
		if ((ret = my_ident(ctx, "an index name", &kd->name)))
			return ret;
	}
	if ((ret = index_opts(ctx, kd)) || (ret = key_parts(ctx, kd)))
		return ret;
	return index_opts(ctx, kd);
}

static bool cols_prefix(const char *const *a, size_t na,
			const struct sd_index *ix)
{
	if (ix->nelems < na)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!ix->elems[i].column || strcasecmp(ix->elems[i].column,
						       a[i]))
			return false;
	return true;
}

/* Add a key to t. */
static int add_key(struct my_ctx *ctx, struct sd_table *t,
		   struct keydef *kd)
{
	struct sd_constraint *c;
	const char *name;

	switch (kd->kind) {
	case 'p':
		if (table_find_constraint(t, "PRIMARY"))
			return my_error(ctx, kd->at, SD_ERR,
					"table `%s` has two primary keys",
					t->base.name);
		c = table_add_constraint(ctx->cat, t, "PRIMARY");
		c->type = SD_CON_PRIMARY;
		c->ncolumns = kd->nparts;
		c->columns = arena_alloc(&ctx->cat->arena,
					 (kd->nparts + 1) * sizeof(char *));
		for (size_t i = 0; i < kd->nparts; i++) {
			struct sd_column *col;
			if (!kd->parts[i].column)
				return my_error(ctx, kd->at, SD_ERR_UNSUPPORTED,
						"an expression in a primary "
						"key");
			col = find_col(t, kd->parts[i].column);
			if (!col)
				return my_error(ctx, kd->at, SD_ERR,
						"key column `%s` does not "
						"exist in table `%s`",
						kd->parts[i].column,
						t->base.name);
			col->not_null = true;
			c->columns[i] = col->name;
			if (kd->parts[i].sub_part && !c->sub_parts)
				c->sub_parts = arena_alloc(
					&ctx->cat->arena,
					kd->nparts * sizeof(unsigned));
			if (c->sub_parts)
				c->sub_parts[i] = kd->parts[i].sub_part;
		}
		c->comment = kd->comment ? cat_str(ctx, kd->comment) : NULL;
		return 0;
	case 'u':
	case 'i': {
		struct sd_index *ix;
		if (!kd->nparts)
			return my_error(ctx, kd->at, SD_ERR_SYNTAX,
					"a key without columns");
		if (kd->name) {
			if (!strcasecmp(kd->name, "PRIMARY") ||
			    ix_find(ctx, t, kd->name))
				return my_error(ctx, kd->at, SD_ERR,
						"duplicate key name `%s` in "
						"table `%s`", kd->name,
						t->base.name);
			name = kd->name;
		} else {
			name = ix_default_name(ctx, t, kd->parts[0].column ?
						       kd->parts[0].column :
						       "functional_index");
		}
		ix = ix_new(ctx, t, name);
		if (!ix)
			return my_error(ctx, kd->at, SD_ERR,
					"duplicate key name `%s`", name);
		ix->unique = kd->kind == 'u';
		if (kd->method)
			ix->method = cat_str(ctx, kd->method);
		ix->base.comment = kd->comment ? cat_str(ctx, kd->comment) :
						 NULL;
		ix->hidden = kd->hidden;
		ix->nelems = kd->nparts;
		ix->elems = arena_alloc(&ctx->cat->arena,
					kd->nparts * sizeof(*ix->elems));
		for (size_t i = 0; i < kd->nparts; i++) {
			struct sd_index_elem *e = &ix->elems[i];
			const struct keypart *kp = &kd->parts[i];
			if (kp->column) {
				struct sd_column *col =
					find_col(t, kp->column);
				if (!col)
					return my_error(ctx, kd->at, SD_ERR,
							"key column `%s` does "
							"not exist in table "
							"`%s`", kp->column,
							t->base.name);
				e->column = col->name;
			} else {
				e->expr = cat_str(ctx, kp->expr);
			}
			e->sub_part = kp->sub_part;
			/* only B-trees keep a direction */
			e->desc = kp->desc && !strcmp(ix->method, "btree");
		}
		my_touch(ctx, t);
		return 0;
	}
	case 'f':
		if (kd->name) {
			if (table_find_constraint(t, kd->name))
				return my_error(ctx, kd->at, SD_ERR,
						"duplicate constraint name "
						"`%s` in table `%s`", kd->name,
						t->base.name);
			name = kd->name;
		} else {
			struct strbuf p = STRBUF_INIT;
			strbuf_addf(&p, "%s_ibfk_", t->base.name);
			name = arena_printf(&ctx->tmp, "%s%d", p.buf,
					    max_suffix(t, p.buf) + 1);
			strbuf_release(&p);
		}
		c = table_add_constraint(ctx->cat, t, name);
		c->type = SD_CON_FOREIGN;
		c->ncolumns = kd->nparts;
		c->columns = arena_alloc(&ctx->cat->arena,
					 (kd->nparts + 1) * sizeof(char *));
		for (size_t i = 0; i < kd->nparts; i++)
			c->columns[i] = cat_str(ctx, kd->parts[i].column ?
						kd->parts[i].column : "");
		c->ref_table = cat_str(ctx, kd->ref_table);
		c->nref_columns = kd->nref;
		c->ref_columns = arena_alloc(&ctx->cat->arena,
					     (kd->nref + 1) * sizeof(char *));
		for (size_t i = 0; i < kd->nref; i++)
			c->ref_columns[i] = cat_str(ctx, kd->ref_cols[i]);
		c->on_update = kd->on_update;
		c->on_delete = kd->on_delete;
		if (kd->name)
			vec_push(&ctx->named_fks, (void *)c->name);
		if (strcmp(kd->ref_table, t->base.name))
			catalog_add_dep(ctx->cat, &t->base,
					catalog_key(ctx->cat, SD_TABLE, NULL,
						    kd->ref_table));
		my_touch(ctx, t);
		return 0;
	case 'c':
		name = kd->name;
		if (!name && kd->column && !table_find_constraint(t,
								  kd->column))
			name = kd->column;
		if (!name)
			name = arena_printf(&ctx->tmp, "CONSTRAINT_%d",
					    max_suffix(t, "CONSTRAINT_") + 1);
		if (table_find_constraint(t, name))
			return my_error(ctx, kd->at, SD_ERR,
					"duplicate constraint name `%s` in "
					"table `%s`", name, t->base.name);
		c = table_add_constraint(ctx->cat, t, name);
		c->type = SD_CON_CHECK;
		c->expr = cat_str(ctx, kd->expr);
		if (kd->column) {
			c->ncolumns = 1;
			c->columns = arena_alloc(&ctx->cat->arena,
						 2 * sizeof(char *));
			c->columns[0] = cat_str(ctx, kd->column);
		}
		return 0;
	}
	return 0;
}

static struct keydef *new_key(struct my_ctx *ctx, char kind,
			      const char *column)
{
	struct keydef *kd = arena_alloc(&ctx->tmp, sizeof(*kd));

	kd->kind = kind;
	kd->at = my_tok(ctx);
	if (column) {
		kd->parts = arena_alloc(&ctx->tmp, sizeof(*kd->parts));
		kd->parts[0].column = column;
		kd->nparts = 1;
	}
	return kd;
}

/* ON UPDATE CURRENT_TIMESTAMP[(n)] */
static int on_update(struct my_ctx *ctx, struct coldef *cd)
{
	struct strbuf v = STRBUF_INIT;
	int ret = my_default(ctx, NULL, &v);

	cd->col.on_update = cat_str(ctx, v.buf);
	strbuf_release(&v);
	return ret;
}

/* name type attributes... */
static int column_def(struct my_ctx *ctx, struct coldef *cd, bool alter)
{
	struct my_type ty;
	const char *name;
	int ret;

	memset(cd, 0, sizeof(*cd));
	if ((ret = my_ident(ctx, "a column name", &name)))
		return ret;
	cd->col.name = name;
	if ((ret = my_type(ctx, &ty)))
		return ret;
	cd->col.type = cat_str(ctx, ty.type);
	cd->cs = ty.charset;
	cd->coll = ty.collation;
	cd->json = ty.json;
	if (ty.json && !cd->cs && !cd->coll) {
		/* the server's JSON: longtext utf8mb4_bin */
		cd->cs = "utf8mb4";
		cd->coll = "utf8mb4_bin";
	}
	if (ty.serial) {
		cd->col.not_null = true;
		cd->col.auto_increment = true;
		vec_push(&cd->keys, new_key(ctx, 'u', name));
	}
	for (;;) {
		struct my_token *t = my_tok(ctx);
		struct strbuf v = STRBUF_INIT;

		if (my_is(t, "not") && my_is(my_peek(ctx, 1), "null")) {
			ctx->pos += 2;
			cd->col.not_null = true;
		} else if (my_accept(ctx, "null")) {
			cd->col.not_null = false;
		} else if (my_accept(ctx, "default")) {
			ret = my_default(ctx, cd->col.type, &v);
			cd->col.default_expr = v.len ? cat_str(ctx, v.buf) :
						       NULL;
		} else if (my_is(t, "on") && my_is(my_peek(ctx, 1), "update")) {
			ctx->pos += 2;
			ret = on_update(ctx, cd);
		} else if (my_accept(ctx, "auto_increment")) {
			cd->col.auto_increment = true;
		} else if (my_is(t, "serial") &&
			   my_is(my_peek(ctx, 1), "default")) {
			ctx->pos += 3;
			cd->col.not_null = true;
			cd->col.auto_increment = true;
			vec_push(&cd->keys, new_key(ctx, 'u', name));
		} else if (my_accept(ctx, "unique")) {
			my_accept(ctx, "key");
			vec_push(&cd->keys, new_key(ctx, 'u', name));
		} else if (my_accept(ctx, "primary") || my_accept(ctx, "key")) {
			my_accept(ctx, "key");
			vec_push(&cd->keys, new_key(ctx, 'p', name));
		} else if (my_accept(ctx, "comment")) {
			if (my_tok(ctx)->type != MT_STRING)
				ret = my_expected(ctx, "a string");
			else if (*my_tok(ctx)->text)
				cd->col.comment = cat_str(ctx,
							  my_tok(ctx)->text);
			ctx->pos++;
		} else if (my_accept(ctx, "collate")) {
			my_opt_eq(ctx);
			cd->coll = my_lower(ctx, my_tok(ctx)->text);
			ctx->pos++;
		} else if ((my_is(t, "character") &&
			    my_is(my_peek(ctx, 1), "set")) ||
			   my_is(t, "charset")) {
			ctx->pos += my_is(t, "charset") ? 1 : 2;
			cd->cs = my_lower(ctx, my_tok(ctx)->text);
			ctx->pos++;
		} else if (my_accept(ctx, "column_format") ||
			   my_accept(ctx, "storage") ||
			   my_accept(ctx, "srid")) {
			ctx->pos++;
		} else if (my_is(t, "generated") || my_is(t, "as")) {
			if (my_accept(ctx, "generated") &&
			    (ret = my_expect(ctx, "always")))
				break;
			if ((ret = my_expect(ctx, "as")) ||
			    (ret = my_paren_expr(ctx, &v)))
				break;
			cd->col.generated = cat_str(ctx, v.buf);
			cd->col.gen_virtual = true;
			if (my_accept(ctx, "stored") ||
			    my_accept(ctx, "persistent"))
				cd->col.gen_virtual = false;
			else
				my_accept(ctx, "virtual");
		} else if (my_accept(ctx, "invisible")) {
			cd->col.invisible = true;
		} else if (my_accept(ctx, "visible")) {
		} else if (my_is(t, "references")) {
			struct keydef *kd = new_key(ctx, 'f', name);
			ret = references(ctx, kd);
			vec_push(&cd->keys, kd);
		} else if (my_is(t, "check") || my_is(t, "constraint")) {
			struct keydef *kd = new_key(ctx, 'c', NULL);
			if (my_accept(ctx, "constraint") &&
			    !my_is(my_tok(ctx), "check"))
				ret = my_ident(ctx, "a constraint name",
					       &kd->name);
			if (!ret && !(ret = my_expect(ctx, "check"))) {
				ret = check_body(ctx, kd);
				kd->column = name;
			}
			vec_push(&cd->keys, kd);
		} else if (my_accept(ctx, "auto_random")) {
			if (my_is_op(my_tok(ctx), "("))
				ret = my_skip_parens(ctx);
		} else {
			/* the end, or FIRST / AFTER (ALTER) */
			strbuf_release(&v);
			break;
		}
		strbuf_release(&v);
		if (ret)
			return ret;
	}
	if (ret)
		return ret;
	if (cd->json) {
		struct keydef *kd = new_key(ctx, 'c', NULL);
		struct strbuf e = STRBUF_INIT;
		strbuf_addstr(&e, "json_valid(");
		sql_quote_ident(&e, SQL_MYSQL, name);
		strbuf_addch(&e, ')');
		kd->expr = arena_strdup(&ctx->tmp, e.buf);
		kd->column = name;
		strbuf_release(&e);
		vec_push(&cd->keys, kd);
	}
	if (alter) {
		if (my_accept(ctx, "first"))
			cd->first = true;
		else if (my_accept(ctx, "after"))
			return my_ident(ctx, "a column name", &cd->after);
	}
	return 0;
}

/* A column's charset and collation, kept only where its collation
 * differs from the table's, then both (docs/mysql.md; as SHOW CREATE
 * TABLE prints them). */
static void col_charset(struct my_ctx *ctx, struct sd_table *t,
			struct sd_column *col, const char *cs,
			const char *coll)
{
	col->charset = col->collation = NULL;
	if (!my_type_is_text(col->type))
		return;
	cs = my_charset_norm(ctx, cs);
	if (coll && !strcmp(coll, "binary") && cs && strcmp(cs, "binary"))
		coll = arena_printf(&ctx->tmp, "%s_bin", cs);
	else if (coll && !strcmp(coll, "binary") && !cs && t->charset)
		coll = arena_printf(&ctx->tmp, "%s_bin", t->charset);
	else if (coll && !strcmp(coll, "binary") && !cs) {
		/* the BINARY attribute in a table whose character set is
		 * the database's, unknown here: the _bin collation of that
		 * one, kept as MY_BIN_OF_DEFAULT and written BINARY */
		col->collation = MY_BIN_OF_DEFAULT;
		return;
	}
	coll = my_collation_norm(ctx, coll);
	if (coll && !cs)
		cs = my_collation_charset(ctx, coll);
	if (cs && !coll)
		coll = my_default_collation(ctx, cs);
	/* SHOW CREATE TABLE prints both, or neither when the collation is
	 * the table's */
	if (coll && t->collation && !strcmp(coll, t->collation))
		cs = coll = NULL;
	col->charset = cs ? cat_str(ctx, cs) : NULL;
	col->collation = coll ? cat_str(ctx, coll) : NULL;
}

static void move_column(struct sd_table *t, size_t from, size_t to)
{
	struct sd_column c = t->columns[from];

	if (from < to)
		memmove(&t->columns[from], &t->columns[from + 1],
			(to - from) * sizeof(c));
	else if (from > to)
		memmove(&t->columns[to + 1], &t->columns[to],
			(from - to) * sizeof(c));
	t->columns[to] = c;
}

static int place_column(struct my_ctx *ctx, struct sd_table *t,
			struct coldef *cd, const char *name)
{
	int from = col_index(t, name);
	int to;

	if (cd->first) {
		move_column(t, (size_t)from, 0);
	} else if (cd->after) {
		to = col_index(t, cd->after);
		if (to < 0)
			return my_error(ctx, NULL, SD_ERR,
					"column `%s` does not exist in table "
					"`%s`", cd->after, t->base.name);
		move_column(t, (size_t)from, (size_t)(from > to ? to + 1 : to));
	}
	return 0;
}

/* Put a parsed column into t: new, or replacing old (MODIFY/CHANGE). */
static int put_column(struct my_ctx *ctx, struct sd_table *t,
		      struct coldef *cd, const char *old, bool apply_keys)
{
	struct sd_column *col;
	int ret;

	if (old) {
		col = find_col(t, old);
		if (!col)
			return my_error(ctx, NULL, SD_ERR,
					"column `%s` does not exist in table "
					"`%s`", old, t->base.name);
		if (strcasecmp(old, cd->col.name) &&
		    find_col(t, cd->col.name))
			return my_error(ctx, NULL, SD_ERR,
					"column `%s` already exists in table "
					"`%s`", cd->col.name, t->base.name);
	} else {
		if (find_col(t, cd->col.name))
			return my_error(ctx, NULL, SD_ERR,
					"column `%s` is defined twice in table "
					"`%s`", cd->col.name, t->base.name);
		col = table_add_column(ctx->cat, t, cd->col.name);
	}
	if (old) {
		/* a column's own checks belong to its definition */
		for (size_t i = t->nconstraints; i-- > 0;) {
			struct sd_constraint *c = &t->constraints[i];
			if (c->type == SD_CON_CHECK && c->ncolumns == 1 &&
			    !strcasecmp(c->columns[0], old))
				table_remove_constraint(t, c->name);
		}
	}
	{
		const char *keep = col->name;
		*col = cd->col;
		col->name = keep;
		if (old && strcmp(old, cd->col.name))
			col->name = cat_str(ctx, cd->col.name);
	}
	col_charset(ctx, t, col, cd->cs, cd->coll);
	if (table_find_constraint(t, "PRIMARY")) {
		struct sd_constraint *pk = table_find_constraint(t, "PRIMARY");
		for (size_t i = 0; i < pk->ncolumns; i++)
			if (!strcmp(pk->columns[i], col->name))
				col->not_null = true;
	}
	if ((ret = place_column(ctx, t, cd, col->name)))
		return ret;
	if (!apply_keys)
		return 0;
	for (size_t i = 0; i < cd->keys.len; i++)
		if ((ret = add_key(ctx, t, cd->keys.items[i])))
			return ret;
	return 0;
}

const char *my_engine_name(const char *e)
{
	static const char *const names[] = { "InnoDB", "MyISAM", "MEMORY",
					     "Aria", "CSV", "ARCHIVE",
					     "BLACKHOLE", "MRG_MyISAM",
					     "FEDERATED", "CONNECT", "ROCKSDB",
					     "SEQUENCE", "S3", "SPIDER",
					     "NDBCLUSTER", NULL };
	if (!strcasecmp(e, "heap"))
		return "MEMORY";
	if (!strcasecmp(e, "merge") || !strcasecmp(e, "mrg_myisam"))
		return "MRG_MyISAM";
	for (size_t i = 0; names[i]; i++)
		if (!strcasecmp(e, names[i]))
			return names[i];
	return e;
}

int my_option_value(struct my_ctx *ctx, const char **out)
{
	struct my_token *t = my_tok(ctx);

	my_opt_eq(ctx);
	t = my_tok(ctx);
	if (t->type == MT_EOF || my_is_op(t, ","))
		return my_expected(ctx, "a value");
	*out = t->text;
	ctx->pos++;
	return 0;
}

static void set_table_charset(struct my_ctx *ctx, struct sd_table *t,
			      const char *cs, const char *coll)
{
	if (cs && !strcasecmp(cs, "default"))
		cs = NULL;
	if (coll && !strcasecmp(coll, "default"))
		coll = NULL;
	cs = my_charset_norm(ctx, cs);
	coll = my_collation_norm(ctx, coll);
	if (coll && !cs)
		cs = my_collation_charset(ctx, coll);
	if (cs && !coll)
		coll = my_default_collation(ctx, cs);
	t->charset = cs ? cat_str(ctx, cs) : NULL;
	t->collation = coll ? cat_str(ctx, coll) : NULL;
}

/* One table option; 1 when one was read, 0 when none, or an error. */
static int table_option(struct my_ctx *ctx, struct sd_table *t,
			const char **cs, const char **coll)
{
	struct my_token *tk = my_tok(ctx);
	const char *v;
	int ret;

	if (tk->type != MT_WORD)
		return 0;
	if (my_is(tk, "with") && my_is(my_peek(ctx, 1), "system"))
		return my_error(ctx, tk, SD_ERR_UNSUPPORTED,
				"system-versioned tables (WITH SYSTEM "
				"VERSIONING) are not supported");
	if (my_is(tk, "default") &&
	    (my_is(my_peek(ctx, 1), "charset") ||
	     my_is(my_peek(ctx, 1), "character") ||
	     my_is(my_peek(ctx, 1), "collate")))
		tk = my_tok(ctx) + 1, ctx->pos++;
	if (my_accept(ctx, "engine") || my_accept(ctx, "type")) {
		if ((ret = my_option_value(ctx, &v)))
			return ret;
		t->engine = cat_str(ctx, my_engine_name(v));
	} else if (my_accept(ctx, "charset") ||
		   (my_is(tk, "character") && my_is(my_peek(ctx, 1), "set"))) {
		if (my_is(tk, "character"))
			ctx->pos += 2;
		if ((ret = my_option_value(ctx, cs)))
			return ret;
	} else if (my_accept(ctx, "collate")) {
		if ((ret = my_option_value(ctx, coll)))
			return ret;
	} else if (my_accept(ctx, "row_format")) {
		if ((ret = my_option_value(ctx, &v)))
			return ret;
		t->row_format = NULL;
		if (strcasecmp(v, "default")) {
			char *u = arena_strdup(&ctx->cat->arena, v);
			for (char *p = u; *p; p++)
				*p = (char)toupper((unsigned char)*p);
			t->row_format = u;
		}
	} else if (my_accept(ctx, "comment")) {
		my_opt_eq(ctx);
		if (my_tok(ctx)->type != MT_STRING)
			return my_expected(ctx, "a string");
		t->base.comment = NULL;
		if (*my_tok(ctx)->text)
			t->base.comment = cat_str(ctx, my_tok(ctx)->text);
		ctx->pos++;
	} else if (my_is(tk, "partition") && my_is(my_peek(ctx, 1), "by")) {
		if ((ret = my_partition_clause(ctx, t)))
			return ret;
	} else if (my_accept(ctx, "union")) {
		my_opt_eq(ctx);
		if ((ret = my_skip_parens(ctx)))
			return ret;
		sd_warn(ctx->st->file, tk->line, tk->col,
			"table option UNION of `%s` is not modelled: a change "
			"to it is not seen", t->base.name);
	} else if (my_is(tk, "data") || my_is(tk, "index")) {
		if (!my_is(my_peek(ctx, 1), "directory"))
			return 0;
		ctx->pos += 2;
		if ((ret = my_option_value(ctx, &v)))
			return ret;
		sd_warn(ctx->st->file, tk->line, tk->col,
			"table option %s DIRECTORY of `%s` is not modelled: "
			"a change to it is not seen", tk->text, t->base.name);
	} else if (my_is(tk, "start") || my_is(tk, "storage")) {
		ctx->pos++;
		ctx->pos++;
	} else if (my_is_op(my_peek(ctx, 1), "=") ||
		   (my_peek(ctx, 1)->type != MT_EOF &&
		    !my_is_op(my_peek(ctx, 1), ",") &&
		    (my_peek(ctx, 1)->type != MT_WORD ||
		     !my_is(tk, "select")) &&
		    !my_is(tk, "as") && !my_is(tk, "select") &&
		    !my_is(tk, "ignore") && !my_is(tk, "replace"))) {
		/* KEY_BLOCK_SIZE, STATS_PERSISTENT, PACK_KEYS ...: kept as
		 * key=value (sd_mysql_table_option_kept()); AUTO_INCREMENT
		 * is a counter, not schema; the others are not modelled,
		 * and said so */
		ctx->pos++;
		if ((ret = my_option_value(ctx, &v)))
			return ret;
		if (sd_mysql_table_option_kept(tk->text)) {
			char *u = arena_strdup(&ctx->tmp, v);
			for (char *p = u; *p; p++)
				*p = (char)toupper((unsigned char)*p);
			t->options = sd_mysql_table_option(ctx->cat, t->options,
							   tk->text, u);
		} else if (!my_is(tk, "auto_increment")) {
			sd_warn(ctx->st->file, tk->line, tk->col,
				"table option %s of `%s` is not modelled: "
				"a change to it is not seen", tk->text,
				t->base.name);
		}
	} else {
		return 0;
	}
	return 1;
}

/* Whether a foreign key's name is the server's default (t_ibfk_N). */
static bool fk_auto_named(const struct sd_table *t,
			  const struct sd_constraint *fk)
{
	size_t n = strlen(t->base.name);

	return !strncmp(fk->name, t->base.name, n) &&
	       !strncmp(fk->name + n, "_ibfk_", 6) &&
	       isdigit((unsigned char)fk->name[n + 6]);
}

/* Whether ix looks like the index InnoDB made for fk: exactly its
 * columns, named after the constraint, or (an unnamed constraint) after
 * its first column. */
static bool fk_implicit(const struct sd_table *t,
			const struct sd_constraint *fk,
			const struct sd_index *ix)
{
	const char *c0 = fk->columns[0];
	size_t n = strlen(c0);

	if (ix->unique || strcmp(ix->method, "btree") ||
	    ix->nelems != fk->ncolumns ||
	    !cols_prefix(fk->columns, fk->ncolumns, ix))
		return false;
	if (!strcasecmp(ix->ixname, fk->name))
		return true;
	return fk_auto_named(t, fk) && !strncasecmp(ix->ixname, c0, n) &&
	       (!ix->ixname[n] || (ix->ixname[n] == '_' &&
				   isdigit((unsigned char)ix->ixname[n + 1])));
}

static bool pk_covers(const struct sd_constraint *pk,
		      const struct sd_constraint *fk)
{
	if (!pk || pk->ncolumns < fk->ncolumns)
		return false;
	for (size_t k = 0; k < fk->ncolumns; k++)
		if (strcasecmp(pk->columns[k], fk->columns[k]))
			return false;
	return true;
}

/* The implicit index InnoDB keeps for each foreign key (docs/mysql.md):
 * added when no index or primary key starts with the key's columns,
 * named after the constraint (an unnamed one: after its first column, as
 * MariaDB does), and dropped when another index covers the key. */
void my_fk_indexes(struct my_ctx *ctx, struct sd_table *t)
{
	struct vec *v = ix_list(ctx, t);
	struct sd_constraint *pk = table_find_constraint(t, "PRIMARY");

	/* drop implicit indexes that another index now covers */
	for (size_t i = v->len; i-- > 0;) {
		struct sd_index *ix = v->items[i];
		bool implicit = false, covered = false;

		for (size_t f = 0; f < t->nconstraints && !implicit; f++) {
			struct sd_constraint *fk = &t->constraints[f];
			if (fk->type != SD_CON_FOREIGN ||
			    !fk_implicit(t, fk, ix))
				continue;
			implicit = true;
			covered = pk_covers(pk, fk);
			for (size_t j = 0; j < v->len && !covered; j++) {
				struct sd_index *o = v->items[j];
				if (o != ix &&
				    cols_prefix(fk->columns, fk->ncolumns, o) &&
				    (o->nelems > ix->nelems || o->unique))
					covered = true;
			}
		}
		if (covered)
			ix_drop(ctx, t, ix);
	}
	for (size_t i = 0; i < t->nconstraints; i++) {
		struct sd_constraint *fk = &t->constraints[i];
		struct sd_index *ix;
		bool covered, named;
		const char *name;

		if (fk->type != SD_CON_FOREIGN || !fk->ncolumns)
			continue;
		covered = pk_covers(pk, fk);
		for (size_t j = 0; j < v->len && !covered; j++)
			covered = cols_prefix(fk->columns, fk->ncolumns,
					      v->items[j]);
		if (covered)
			continue;
		named = !fk_auto_named(t, fk);
		for (size_t k = 0; k < ctx->named_fks.len && !named; k++)
			named = ctx->named_fks.items[k] == fk->name;
		name = !named || name_taken(ctx, t, fk->name) ?
			       ix_default_name(ctx, t, fk->columns[0]) :
			       fk->name;
		ix = ix_new(ctx, t, name);
		if (!ix)
			continue;
		ix->nelems = fk->ncolumns;
		ix->elems = arena_alloc(&ctx->cat->arena,
					fk->ncolumns * sizeof(*ix->elems));
		for (size_t k = 0; k < fk->ncolumns; k++) {
			struct sd_column *c = find_col(t, fk->columns[k]);
			ix->elems[k].column = c ? c->name : fk->columns[k];
		}
	}
}

static void drop_table_objects(struct my_ctx *ctx, struct sd_table *t);

static int table_exists(struct my_ctx *ctx, const struct my_token *at,
			const char *name)
{
	struct sd_object *o = catalog_lookup(
		ctx->cat, catalog_key(ctx->cat, SD_TABLE, NULL, name));

	if (!o)
		return 0;
	if (!ctx->script && o->file)
		return my_error(ctx, at, SD_ERR,
				"`%s` is defined twice: here and at %s:%d",
				name, o->file, o->line);
	return my_error(ctx, at, SD_ERR, "table `%s` already exists", name);
}

/* CREATE TABLE [IF NOT EXISTS] t (elements) options [partitioning] */
int my_create_table(struct my_ctx *ctx)
{
	struct my_token *at;
	struct sd_table *t;
	struct vec cols = VEC_INIT, keys = VEC_INIT;
	const char *name, *cs = NULL, *coll = NULL;
	bool if_not_exists = false;
	int ret;

	ctx->pos++;	/* TABLE */
	if (my_is(my_tok(ctx), "if") && my_is(my_peek(ctx, 1), "not") &&
	    my_is(my_peek(ctx, 2), "exists")) {
		ctx->pos += 3;
		if_not_exists = true;
	}
	at = my_tok(ctx);
	if ((ret = my_qname(ctx, "a table name", &name)))
		return ret;
	if (if_not_exists && ctx->script && find_table(ctx, name)) {
		ctx->pos = ctx->st->ntoks;
		return 0;
	}
	/* MariaDB's CREATE OR REPLACE TABLE in a script */
	if (ctx->script && my_is(&ctx->st->toks[1], "or") &&
	    (t = find_table(ctx, name))) {
		drop_table_objects(ctx, t);
		catalog_remove(ctx->cat, &t->base);
	}
	if ((ret = table_exists(ctx, at, name)))
		return ret;
	t = catalog_add(ctx->cat, SD_TABLE, NULL, name);
	if (!t)
		return my_error(ctx, at, SD_ERR,
				"`%s` already exists (another kind of object)",
				name);
	my_place(ctx, &t->base);
	if ((ret = my_expect_op(ctx, "(")))
		goto out;
	do {
		if (starts_key(ctx)) {
			struct keydef *kd = arena_alloc(&ctx->tmp, sizeof(*kd));
			if ((ret = keydef(ctx, kd)))
				goto out;
			vec_push(&keys, kd);
		} else if (my_is(my_tok(ctx), "period")) {
			ret = my_error(ctx, my_tok(ctx), SD_ERR_UNSUPPORTED,
				       "PERIOD FOR is not supported");
			goto out;
		} else {
			struct coldef *cd = arena_alloc(&ctx->tmp, sizeof(*cd));
			/* listed first: its keys are released at out */
			vec_push(&cols, cd);
			if ((ret = column_def(ctx, cd, false)))
				goto out;
			if ((ret = put_column(ctx, t, cd, NULL, false)))
				goto out;
		}
	} while (my_accept_op(ctx, ","));
	if ((ret = my_expect_op(ctx, ")")))
		goto out;
	for (;;) {
		ret = table_option(ctx, t, &cs, &coll);
		if (ret < 0)
			goto out;
		if (!ret && !my_accept_op(ctx, ","))
			break;
	}
	ret = 0;
	if (my_is(my_tok(ctx), "as") || my_is(my_tok(ctx), "select") ||
	    my_is(my_tok(ctx), "ignore") || my_is(my_tok(ctx), "replace")) {
		ret = my_error(ctx, my_tok(ctx), SD_ERR_UNSUPPORTED,
			       "CREATE TABLE ... SELECT is not supported");
		goto out;
	}
	if (!t->engine)
		t->engine = "InnoDB";
	set_table_charset(ctx, t, cs, coll);
	/* the column's charsets against the table's; then their keys */
	for (size_t i = 0; i < cols.len; i++) {
		struct coldef *cd = cols.items[i];
		col_charset(ctx, t, find_col(t, cd->col.name), cd->cs,
			    cd->coll);
	}
	for (size_t i = 0; i < cols.len && !ret; i++) {
		struct coldef *cd = cols.items[i];
		for (size_t k = 0; k < cd->keys.len && !ret; k++) {
			struct keydef *kd = cd->keys.items[k];
			if (kd->kind == 'p')
				ret = add_key(ctx, t, kd);
		}
	}
	for (size_t i = 0; i < keys.len && !ret; i++) {
		struct keydef *kd = keys.items[i];
		if (kd->kind == 'p')
			ret = add_key(ctx, t, kd);
	}
	for (size_t i = 0; i < cols.len && !ret; i++) {
		struct coldef *cd = cols.items[i];
		for (size_t k = 0; k < cd->keys.len && !ret; k++) {
			struct keydef *kd = cd->keys.items[k];
			if (kd->kind != 'p')
				ret = add_key(ctx, t, kd);
		}
	}
	for (size_t i = 0; i < keys.len && !ret; i++) {
		struct keydef *kd = keys.items[i];
		if (kd->kind != 'p')
			ret = add_key(ctx, t, kd);
	}
	my_touch(ctx, t);
out:
	for (size_t i = 0; i < cols.len; i++)
		vec_release(&((struct coldef *)cols.items[i])->keys);
	vec_release(&cols);
	vec_release(&keys);
	return ret;
}

static void copy_table(struct my_ctx *ctx, struct sd_table *dst,
		       const struct sd_table *src)
{
	struct vec *v = ix_list(ctx, (struct sd_table *)src);
	size_t nix = v->len;

	for (size_t i = 0; i < src->ncolumns; i++) {
		struct sd_column *c = table_add_column(ctx->cat, dst,
						       src->columns[i].name);
		const char *keep = c->name;
		*c = src->columns[i];
		c->name = keep;
	}
	/* LIKE copies keys and checks, not foreign keys */
	for (size_t i = 0; i < src->nconstraints; i++) {
		const struct sd_constraint *sc = &src->constraints[i];
		struct sd_constraint *c;
		if (sc->type == SD_CON_FOREIGN)
			continue;
		c = table_add_constraint(ctx->cat, dst, sc->name);
		*c = *sc;
		c->name = cat_str(ctx, sc->name);
		/* arrays of its own: later ALTERs change them in place */
		c->columns = arena_alloc(&ctx->cat->arena,
					 (sc->ncolumns + 1) * sizeof(char *));
		memcpy(c->columns, sc->columns, sc->ncolumns * sizeof(char *));
	}
	for (size_t i = 0; i < nix; i++) {
		struct sd_index *six = v->items[i];
		struct sd_index *ix = ix_new(ctx, dst, six->ixname);
		if (!ix)
			continue;
		ix->unique = six->unique;
		ix->method = six->method;
		ix->hidden = six->hidden;
		ix->base.comment = six->base.comment;
		ix->elems = arena_alloc(&ctx->cat->arena,
					(six->nelems + 1) * sizeof(*ix->elems));
		memcpy(ix->elems, six->elems,
		       six->nelems * sizeof(*ix->elems));
		ix->nelems = six->nelems;
		v = ix_list(ctx, (struct sd_table *)src);
	}
	dst->engine = src->engine;
	dst->charset = src->charset;
	dst->collation = src->collation;
	dst->row_format = src->row_format;
	dst->base.comment = src->base.comment;
	dst->partkey = src->partkey;
}

/* CREATE TABLE [IF NOT EXISTS] t [(] LIKE s [)] */
int my_create_table_like(struct my_ctx *ctx)
{
	struct my_token *at;
	const char *name, *src;
	struct sd_table *t, *s;
	bool paren, if_not_exists = false;
	int ret;

	ctx->pos++;
	if (my_is(my_tok(ctx), "if") && my_is(my_peek(ctx, 1), "not")) {
		ctx->pos += 3;
		if_not_exists = true;
	}
	at = my_tok(ctx);
	if ((ret = my_qname(ctx, "a table name", &name)))
		return ret;
	paren = my_accept_op(ctx, "(");
	if ((ret = my_expect(ctx, "like")) ||
	    (ret = my_qname(ctx, "a table name", &src)) ||
	    (paren && (ret = my_expect_op(ctx, ")"))))
		return ret;
	if (if_not_exists && ctx->script && find_table(ctx, name)) {
		ctx->pos = ctx->st->ntoks;
		return 0;
	}
	if ((ret = table_exists(ctx, at, name)))
		return ret;
	s = find_table(ctx, src);
	if (!s)
		return no_table(ctx, &ctx->st->toks[ctx->pos - 1], src);
	t = catalog_add(ctx->cat, SD_TABLE, NULL, name);
	if (!t)
		return my_error(ctx, at, SD_ERR, "`%s` already exists", name);
	my_place(ctx, &t->base);
	copy_table(ctx, t, s);
	return 0;
}

/* A column's charset when the table's defaults change: text columns that
 * followed the old default keep it explicitly. */
static void keep_column_charsets(struct my_ctx *ctx, struct sd_table *t,
				 const char *old_cs, const char *old_coll)
{
	for (size_t i = 0; i < t->ncolumns; i++) {
		struct sd_column *c = &t->columns[i];
		const char *cs = c->charset ? c->charset : old_cs;
		const char *coll = c->collation ? c->collation : old_coll;
		if (!my_type_is_text(c->type))
			continue;
		if (c->collation && !c->charset)
			cs = my_collation_charset(ctx, c->collation);
		col_charset(ctx, t, c, cs, coll);
	}
}

static void rename_column_refs(struct my_ctx *ctx, struct sd_table *t,
			       const char *old, const char *new_name)
{
	struct vec *v = ix_list(ctx, t);
	const char *nn = cat_str(ctx, new_name);

	for (size_t i = 0; i < t->nconstraints; i++) {
		struct sd_constraint *c = &t->constraints[i];
		for (size_t k = 0; k < c->ncolumns; k++)
			if (!strcasecmp(c->columns[k], old))
				c->columns[k] = nn;
	}
	for (size_t i = 0; i < v->len; i++) {
		struct sd_index *ix = v->items[i];
		for (size_t k = 0; k < ix->nelems; k++)
			if (ix->elems[k].column &&
			    !strcasecmp(ix->elems[k].column, old))
				ix->elems[k].column = nn;
	}
	/* foreign keys of any table that reference it */
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_table *o = (struct sd_table *)ctx->cat->all[i];
		if (o->base.kind != SD_TABLE)
			continue;
		for (size_t j = 0; j < o->nconstraints; j++) {
			struct sd_constraint *c = &o->constraints[j];
			if (c->type != SD_CON_FOREIGN ||
			    strcmp(c->ref_table, t->base.name))
				continue;
			for (size_t k = 0; k < c->nref_columns; k++)
				if (!strcasecmp(c->ref_columns[k], old))
					c->ref_columns[k] = nn;
		}
	}
}

static void drop_column(struct my_ctx *ctx, struct sd_table *t,
			const char *name)
{
	struct vec *v = ix_list(ctx, t);

	for (size_t i = t->nconstraints; i-- > 0;) {
		struct sd_constraint *c = &t->constraints[i];
		size_t n = 0;
		bool had = false;
		for (size_t k = 0; k < c->ncolumns; k++) {
			if (!strcasecmp(c->columns[k], name))
				had = true;
			else
				c->columns[n++] = c->columns[k];
		}
		if (!had)
			continue;
		c->ncolumns = n;
		if (!n || c->type == SD_CON_FOREIGN || c->type == SD_CON_CHECK)
			table_remove_constraint(t, c->name);
	}
	for (size_t i = v->len; i-- > 0;) {
		struct sd_index *ix = v->items[i];
		size_t n = 0;
		for (size_t k = 0; k < ix->nelems; k++)
			if (!ix->elems[k].column ||
			    strcasecmp(ix->elems[k].column, name))
				ix->elems[n++] = ix->elems[k];
		ix->nelems = n;
		if (!n)
			ix_drop(ctx, t, ix);
	}
	if (find_col(t, name))
		table_remove_column(t, find_col(t, name)->name);
}

static bool if_exists(struct my_ctx *ctx)
{
	if (my_is(my_tok(ctx), "if") && my_is(my_peek(ctx, 1), "exists")) {
		ctx->pos += 2;
		return true;
	}
	return false;
}

static bool if_not_exists(struct my_ctx *ctx)
{
	if (my_is(my_tok(ctx), "if") && my_is(my_peek(ctx, 1), "not") &&
	    my_is(my_peek(ctx, 2), "exists")) {
		ctx->pos += 3;
		return true;
	}
	return false;
}

static int rename_table_to(struct my_ctx *ctx, struct sd_table *t,
			   const char *new_name, const struct my_token *at);

static int alter_add(struct my_ctx *ctx, struct sd_table *t)
{
	int ret;

	if (starts_key(ctx) && !my_is(my_tok(ctx), "column")) {
		struct keydef kd;
		if ((ret = keydef(ctx, &kd)))
			return ret;
		if (kd.kind == 'i' || kd.kind == 'u') {
			if (kd.name && ix_find(ctx, t, kd.name) &&
			    !ctx->script)
				return my_error(ctx, kd.at, SD_ERR,
						"duplicate key name `%s`",
						kd.name);
		}
		return add_key(ctx, t, &kd);
	}
	if (my_is(my_tok(ctx), "partition"))
		return my_add_partitions(ctx, t);
	my_accept(ctx, "column");
	if (my_accept_op(ctx, "(")) {
		do {
			struct coldef cd;
			if ((ret = column_def(ctx, &cd, false)) ||
			    (ret = put_column(ctx, t, &cd, NULL, true))) {
				vec_release(&cd.keys);
				return ret;
			}
			vec_release(&cd.keys);
		} while (my_accept_op(ctx, ","));
		return my_expect_op(ctx, ")");
	}
	{
		struct coldef cd;
		bool ine = if_not_exists(ctx);
		if ((ret = column_def(ctx, &cd, true)))
			goto out_cd;
		if (ine && find_col(t, cd.col.name))
			goto out_cd;
		ret = put_column(ctx, t, &cd, NULL, true);
out_cd:
		vec_release(&cd.keys);
		return ret;
	}
}

static int alter_drop(struct my_ctx *ctx, struct sd_table *t)
{
	const struct my_token *at = my_tok(ctx);
	const char *name;
	int ret;

	if (my_is(my_tok(ctx), "primary")) {
		ctx->pos++;
		if ((ret = my_expect(ctx, "key")))
			return ret;
		if (!table_find_constraint(t, "PRIMARY"))
			return my_error(ctx, at, SD_ERR,
					"table `%s` has no primary key",
					t->base.name);
		table_remove_constraint(t, "PRIMARY");
		my_touch(ctx, t);
		return 0;
	}
	if (my_accept(ctx, "index") || my_accept(ctx, "key")) {
		bool ie = if_exists(ctx);
		struct sd_index *ix;
		at = my_tok(ctx);
		if ((ret = my_ident(ctx, "an index name", &name)))
			return ret;
		if (!strcasecmp(name, "PRIMARY")) {
			table_remove_constraint(t, "PRIMARY");
			return 0;
		}
		ix = ix_find(ctx, t, name);
		if (!ix)
			return ie ? 0 : my_error(ctx, at, SD_ERR,
						 "index `%s` does not exist on "
						 "table `%s`", name,
						 t->base.name);
		ix_drop(ctx, t, ix);
		my_touch(ctx, t);
		return 0;
	}
	if (my_accept(ctx, "foreign") || my_accept(ctx, "check") ||
	    my_accept(ctx, "constraint")) {
		bool fk = my_is(&ctx->st->toks[ctx->pos - 1], "foreign");
		bool ie;
		struct sd_constraint *c;
		if (fk && (ret = my_expect(ctx, "key")))
			return ret;
		ie = if_exists(ctx);
		if ((ret = my_ident(ctx, "a constraint name", &name)))
			return ret;
		c = table_find_constraint(t, name);
		if (!c) {
			/* DROP CONSTRAINT of a unique key */
			struct sd_index *ix = ix_find(ctx, t, name);
			if (ix && !fk) {
				ix_drop(ctx, t, ix);
				return 0;
			}
			return ie ? 0 : my_error(ctx, at, SD_ERR,
						 "constraint `%s` does not "
						 "exist on table `%s`", name,
						 t->base.name);
		}
		table_remove_constraint(t, c->name);
		return 0;
	}
	if (my_is(my_tok(ctx), "partition"))
		return my_drop_partitions(ctx, t);
	my_accept(ctx, "column");
	{
		bool ie = if_exists(ctx);
		at = my_tok(ctx);
		if ((ret = my_ident(ctx, "a column name", &name)))
			return ret;
		if (!find_col(t, name))
			return ie ? 0 : my_error(ctx, at, SD_ERR,
						 "column `%s` does not exist "
						 "in table `%s`", name,
						 t->base.name);
		drop_column(ctx, t, name);
		my_touch(ctx, t);
	}
	return 0;
}

static int alter_rename(struct my_ctx *ctx, struct sd_table *t)
{
	const struct my_token *at = my_tok(ctx);
	const char *a, *b;
	int ret;

	if (my_accept(ctx, "column")) {
		struct sd_column *c;
		if ((ret = my_ident(ctx, "a column name", &a)) ||
		    (ret = my_expect(ctx, "to")) ||
		    (ret = my_ident(ctx, "a column name", &b)))
			return ret;
		c = find_col(t, a);
		if (!c)
			return my_error(ctx, at, SD_ERR,
					"column `%s` does not exist in table "
					"`%s`", a, t->base.name);
		if (find_col(t, b))
			return my_error(ctx, at, SD_ERR,
					"column `%s` already exists in table "
					"`%s`", b, t->base.name);
		rename_column_refs(ctx, t, c->name, b);
		c->name = cat_str(ctx, b);
		return 0;
	}
	if (my_accept(ctx, "index") || my_accept(ctx, "key")) {
		struct sd_index *ix;
		const char *full;
		if ((ret = my_ident(ctx, "an index name", &a)) ||
		    (ret = my_expect(ctx, "to")) ||
		    (ret = my_ident(ctx, "an index name", &b)))
			return ret;
		ix = ix_find(ctx, t, a);
		if (!ix)
			return my_error(ctx, at, SD_ERR,
					"index `%s` does not exist on table "
					"`%s`", a, t->base.name);
		full = arena_printf(&ctx->tmp, "%s.%s", t->base.name, b);
		if (name_taken(ctx, t, b) ||
		    catalog_rename(ctx->cat, &ix->base, NULL, full))
			return my_error(ctx, at, SD_ERR,
					"duplicate key name `%s`", b);
		ix->ixname = cat_str(ctx, b);
		return 0;
	}
	if (!my_accept(ctx, "to"))
		my_accept(ctx, "as");
	at = my_tok(ctx);
	if ((ret = my_qname(ctx, "a table name", &b)))
		return ret;
	return rename_table_to(ctx, t, b, at);
}

static int alter_modify(struct my_ctx *ctx, struct sd_table *t, bool change)
{
	const char *old = NULL;
	struct coldef cd;
	bool ie;
	int ret;

	my_accept(ctx, "column");
	ie = if_exists(ctx);
	if (change && (ret = my_ident(ctx, "a column name", &old)))
		return ret;
	if ((ret = column_def(ctx, &cd, true)))
		goto out;
	if (!old)
		old = cd.col.name;
	if (ie && !find_col(t, old))
		goto out;
	if (find_col(t, old) && strcmp(old, cd.col.name)) {
		struct sd_column *c = find_col(t, old);
		rename_column_refs(ctx, t, c->name, cd.col.name);
	}
	ret = put_column(ctx, t, &cd, old, true);
	my_touch(ctx, t);
out:
	vec_release(&cd.keys);
	return ret;
}

static int alter_column(struct my_ctx *ctx, struct sd_table *t)
{
	const struct my_token *at = my_tok(ctx);
	struct sd_column *c;
	const char *name;
	int ret;

	if ((ret = my_ident(ctx, "a column name", &name)))
		return ret;
	c = find_col(t, name);
	if (!c)
		return my_error(ctx, at, SD_ERR,
				"column `%s` does not exist in table `%s`",
				name, t->base.name);
	if (my_accept(ctx, "set")) {
		if (my_accept(ctx, "default")) {
			struct strbuf v = STRBUF_INIT;
			ret = my_default(ctx, c->type, &v);
			c->default_expr = v.len ? cat_str(ctx, v.buf) : NULL;
			strbuf_release(&v);
			return ret;
		}
		if (my_accept(ctx, "visible")) {
			c->invisible = false;
			return 0;
		}
		if (my_accept(ctx, "invisible")) {
			c->invisible = true;
			return 0;
		}
		return my_expected(ctx, "DEFAULT, VISIBLE or INVISIBLE");
	}
	if (my_accept(ctx, "drop")) {
		if ((ret = my_expect(ctx, "default")))
			return ret;
		c->default_expr = NULL;
		return 0;
	}
	return my_expected(ctx, "SET or DROP");
}

static int alter_spec(struct my_ctx *ctx, struct sd_table *t)
{
	struct my_token *tk = my_tok(ctx);
	const char *cs = NULL, *coll = NULL;
	int ret;

	if (my_accept(ctx, "add"))
		return alter_add(ctx, t);
	if (my_accept(ctx, "drop"))
		return alter_drop(ctx, t);
	if (my_accept(ctx, "modify"))
		return alter_modify(ctx, t, false);
	if (my_accept(ctx, "change"))
		return alter_modify(ctx, t, true);
	if (my_accept(ctx, "rename"))
		return alter_rename(ctx, t);
	if (my_is(tk, "alter") && (my_is(my_peek(ctx, 1), "index") ||
				   my_is(my_peek(ctx, 1), "key"))) {
		struct my_token *name = my_peek(ctx, 2);
		struct sd_index *ix;
		const char *hidden;

		ctx->pos += 3;
		if (my_accept(ctx, "not") || my_accept(ctx, "visible")) {
			my_accept(ctx, "ignored");
			hidden = NULL;
		} else if (my_accept(ctx, "invisible")) {
			hidden = "INVISIBLE";
		} else if (my_accept(ctx, "ignored")) {
			hidden = "IGNORED";
		} else {
			return my_expected(ctx, "IGNORED, NOT IGNORED, "
					   "VISIBLE or INVISIBLE");
		}
		ix = ix_find(ctx, t, name->text);
		if (!ix)
			return my_error(ctx, name, SD_ERR, "no index `%s` in "
					"table `%s`", name->text,
					t->base.name);
		ix->hidden = hidden;
		return 0;
	}
	if (my_is(tk, "alter") && (my_is(my_peek(ctx, 1), "check") ||
				   my_is(my_peek(ctx, 1), "constraint"))) {
		ctx->pos += 3;
		my_accept(ctx, "not");
		my_accept(ctx, "enforced");
		return 0;
	}
	if (my_accept(ctx, "alter")) {
		my_accept(ctx, "column");
		return alter_column(ctx, t);
	}
	if ((my_is(tk, "convert") || my_is(tk, "reorganize")) &&
	    (my_is(my_peek(ctx, 1), "partition") ||
	     my_is(my_peek(ctx, 1), "table")))
		return my_error(ctx, tk, SD_ERR_UNSUPPORTED,
				"ALTER TABLE ... %s %s is not supported: "
				"write the partitioning as it should be "
				"(PARTITION BY ...)", tk->text,
				my_peek(ctx, 1)->text);
	if (my_accept(ctx, "convert")) {
		const char *v;
		if ((ret = my_expect(ctx, "to")))
			return ret;
		if (!my_accept(ctx, "charset")) {
			if ((ret = my_expect(ctx, "character")) ||
			    (ret = my_expect(ctx, "set")))
				return ret;
		}
		if ((ret = my_option_value(ctx, &cs)))
			return ret;
		if (my_accept(ctx, "collate") &&
		    (ret = my_option_value(ctx, &coll)))
			return ret;
		set_table_charset(ctx, t, cs, coll);
		for (size_t i = 0; i < t->ncolumns; i++)
			t->columns[i].charset = t->columns[i].collation = NULL;
		(void)v;
		return 0;
	}
	if ((my_is(tk, "truncate") || my_is(tk, "rebuild") ||
	     my_is(tk, "optimize") || my_is(tk, "analyze") ||
	     my_is(tk, "check") || my_is(tk, "repair")) &&
	    my_is(my_peek(ctx, 1), "partition")) {
		/* data maintenance: the schema stays */
		ctx->pos += 2;
		while (my_tok(ctx)->type != MT_EOF &&
		       !my_is_op(my_tok(ctx), ","))
			ctx->pos++;
		return 0;
	}
	if (my_is(tk, "coalesce") && my_is(my_peek(ctx, 1), "partition"))
		return my_coalesce_partitions(ctx, t);
	if (my_is(tk, "remove") && my_is(my_peek(ctx, 1), "partitioning")) {
		ctx->pos += 2;
		t->partkey = NULL;
		return 0;
	}
	if (my_accept(ctx, "algorithm") || my_accept(ctx, "lock")) {
		const char *v;
		return my_option_value(ctx, &v);
	}
	if (my_accept(ctx, "force"))
		return 0;
	if (my_is(tk, "order") && my_is(my_peek(ctx, 1), "by")) {
		ctx->pos += 2;
		while (my_tok(ctx)->type != MT_EOF &&
		       !my_is_op(my_tok(ctx), ","))
			ctx->pos++;
		return 0;
	}
	if (my_is(tk, "enable") || my_is(tk, "disable") ||
	    my_is(tk, "discard") || my_is(tk, "import")) {
		ctx->pos += 2;
		return 0;
	}
	{
		/* table options, which need no comma between them
		 * (DEFAULT CHARSET=x COLLATE=y ENGINE=z) */
		const char *old_cs = t->charset, *old_coll = t->collation;
		ret = table_option(ctx, t, &cs, &coll);
		if (ret < 0)
			return ret;
		if (!ret)
			return my_expected(ctx, "an ALTER TABLE clause");
		while (my_tok(ctx)->type != MT_EOF &&
		       !my_is_op(my_tok(ctx), ",")) {
			ret = table_option(ctx, t, &cs, &coll);
			if (ret < 0)
				return ret;
			if (!ret)
				return my_expected(ctx, "a table option, `,` or "
						   "the end of the statement");
		}
		if (cs || coll) {
			set_table_charset(ctx, t, cs, coll);
			keep_column_charsets(ctx, t, old_cs, old_coll);
		}
	}
	return 0;
}

/* ALTER [ONLINE] [IGNORE] TABLE t spec, spec ... */
int my_alter_table(struct my_ctx *ctx)
{
	struct my_token *at;
	struct sd_table *t;
	const char *name;
	int ret;

	my_accept(ctx, "online");
	my_accept(ctx, "ignore");
	if ((ret = my_expect(ctx, "table")))
		return ret;
	if_exists(ctx);
	at = my_tok(ctx);
	if ((ret = my_qname(ctx, "a table name", &name)))
		return ret;
	t = find_table(ctx, name);
	if (!t)
		return no_table(ctx, at, name);
	my_touch(ctx, t);
	/* MariaDB's lock wait: how long, not what */
	if (my_accept(ctx, "wait")) {
		if (my_tok(ctx)->type != MT_NUMBER)
			return my_expected(ctx, "a number of seconds");
		ctx->pos++;
	} else {
		my_accept(ctx, "nowait");
	}
	if (my_tok(ctx)->type == MT_EOF)
		return 0;
	do {
		if ((ret = alter_spec(ctx, t)))
			return ret;
	} while (my_accept_op(ctx, ","));
	if (my_is(my_tok(ctx), "partition") && my_is(my_peek(ctx, 1), "by"))
		return my_partition_clause(ctx, t);
	if (my_is(my_tok(ctx), "remove") &&
	    my_is(my_peek(ctx, 1), "partitioning")) {
		ctx->pos += 2;
		t->partkey = NULL;
	}
	return 0;
}

/* CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX name [USING x] ON t (parts) */
int my_create_index(struct my_ctx *ctx)
{
	struct keydef kd;
	struct my_token *at;
	struct sd_table *t;
	const char *tname;
	int ret;

	memset(&kd, 0, sizeof(kd));
	kd.kind = 'i';
	kd.at = my_tok(ctx);
	if (my_accept(ctx, "unique"))
		kd.kind = 'u';
	else if (my_accept(ctx, "fulltext"))
		kd.method = "fulltext";
	else if (my_accept(ctx, "spatial"))
		kd.method = "spatial";
	else if (my_accept(ctx, "vector"))
		kd.method = "vector";
	if ((ret = my_expect(ctx, "index")))
		return ret;
	if_not_exists(ctx);
	if ((ret = my_ident(ctx, "an index name", &kd.name)) ||
	    (ret = index_opts(ctx, &kd)) || (ret = my_expect(ctx, "on")))
		return ret;
	at = my_tok(ctx);
	if ((ret = my_qname(ctx, "a table name", &tname)) ||
	    (ret = key_parts(ctx, &kd)) || (ret = index_opts(ctx, &kd)))
		return ret;
	while (my_accept(ctx, "algorithm") || my_accept(ctx, "lock")) {
		const char *v;
		if ((ret = my_option_value(ctx, &v)))
			return ret;
	}
	t = find_table(ctx, tname);
	if (!t)
		return no_table(ctx, at, tname);
	if (!ctx->script) {
		struct sd_index *ix = ix_find(ctx, t, kd.name);
		if (ix && ix->base.file)
			return my_error(ctx, kd.at, SD_ERR,
					"index `%s` on `%s` is defined twice: "
					"here and at %s:%d", kd.name, tname,
					ix->base.file, ix->base.line);
	}
	return add_key(ctx, t, &kd);
}

/* DROP INDEX name ON t */
int my_drop_index(struct my_ctx *ctx)
{
	struct my_token *at = my_tok(ctx);
	const char *name, *tname;
	struct sd_table *t;
	struct sd_index *ix;
	bool ie;
	int ret;

	ctx->pos++;
	ie = if_exists(ctx);
	at = my_tok(ctx);
	if ((ret = my_ident(ctx, "an index name", &name)) ||
	    (ret = my_expect(ctx, "on")) ||
	    (ret = my_qname(ctx, "a table name", &tname)))
		return ret;
	while (my_accept(ctx, "algorithm") || my_accept(ctx, "lock")) {
		const char *v;
		if ((ret = my_option_value(ctx, &v)))
			return ret;
	}
	t = find_table(ctx, tname);
	if (!t)
		return no_table(ctx, at, tname);
	if (!strcasecmp(name, "PRIMARY")) {
		table_remove_constraint(t, "PRIMARY");
		my_touch(ctx, t);
		return 0;
	}
	ix = ix_find(ctx, t, name);
	if (!ix)
		return ie ? 0 : my_error(ctx, at, SD_ERR,
					 "index `%s` does not exist on table "
					 "`%s`", name, tname);
	ix_drop(ctx, t, ix);
	my_touch(ctx, t);
	return 0;
}

static void drop_table_objects(struct my_ctx *ctx, struct sd_table *t)
{
	struct vec *v = ix_list(ctx, t);

	while (v->len)
		ix_drop(ctx, t, v->items[v->len - 1]);
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_trigger *tg = (struct sd_trigger *)ctx->cat->all[i];
		if (tg->base.kind == SD_TRIGGER &&
		    !strcmp(tg->table, t->base.name) &&
		    catalog_lookup(ctx->cat, tg->base.key) == &tg->base)
			catalog_remove(ctx->cat, &tg->base);
	}
}

/* DROP TABLE|VIEW [IF EXISTS] a, b ... [RESTRICT|CASCADE] */
int my_drop_table(struct my_ctx *ctx, bool view)
{
	bool ie;
	int ret;

	ctx->pos++;
	ie = if_exists(ctx);
	do {
		struct my_token *at = my_tok(ctx);
		const char *name;
		struct sd_object *o;
		if ((ret = my_qname(ctx, "a name", &name)))
			return ret;
		o = catalog_find(ctx->cat, view ? SD_VIEW : SD_TABLE, NULL,
				 name);
		if (!o) {
			if (ie)
				continue;
			return my_error(ctx, at, SD_ERR,
					"%s `%s` does not exist",
					view ? "view" : "table", name);
		}
		if (!view)
			drop_table_objects(ctx, (struct sd_table *)o);
		catalog_remove(ctx->cat, o);
	} while (my_accept_op(ctx, ","));
	if (!my_accept(ctx, "restrict"))
		my_accept(ctx, "cascade");
	return 0;
}

static void replace_dep(struct sd_object *o, const char *old,
			const char *new_key)
{
	for (size_t i = 0; i < o->ndeps; i++)
		if (!strcmp(o->deps[i], old))
			o->deps[i] = new_key;
}

/* A trigger's definition names its table (`... ON `t` FOR EACH ROW`):
 * the new name after a rename, as the server would print it. */
static void retarget_trigger(struct my_ctx *ctx, struct sd_trigger *tg,
			     const char *old)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	const char *p;

	strbuf_addstr(&from, " ON ");
	sql_quote_ident(&from, SQL_MYSQL, old);
	strbuf_addstr(&from, " FOR EACH ROW ");
	p = strstr(tg->definition, from.buf);
	if (p) {
		strbuf_add(&to, tg->definition,
			   (size_t)(p - tg->definition));
		strbuf_addstr(&to, " ON ");
		sql_quote_ident(&to, SQL_MYSQL, tg->table);
		strbuf_addstr(&to, " FOR EACH ROW ");
		strbuf_addstr(&to, p + from.len);
		tg->definition = cat_str(ctx, to.buf);
	}
	strbuf_release(&from);
	strbuf_release(&to);
}

static int rename_table_to(struct my_ctx *ctx, struct sd_table *t,
			   const char *new_name, const struct my_token *at)
{
	const char *old = t->base.name, *old_key = t->base.key;
	struct vec *v = ix_list(ctx, t);
	struct vec moved = VEC_INIT;

	if (catalog_rename(ctx->cat, &t->base, NULL, new_name))
		return my_error(ctx, at, SD_ERR, "table `%s` already exists",
				new_name);
	for (size_t i = 0; i < v->len; i++)
		vec_push(&moved, v->items[i]);
	strmap_remove(&ctx->tindex, old);
	for (size_t i = 0; i < moved.len; i++) {
		struct sd_index *ix = moved.items[i];
		catalog_rename(ctx->cat, &ix->base, NULL,
			       arena_printf(&ctx->tmp, "%s.%s", t->base.name,
					    ix->ixname));
		ix->table = t->base.name;
		replace_dep(&ix->base, old_key, t->base.key);
	}
	strmap_put(&ctx->tindex, t->base.name, v);
	vec_release(&moved);
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_object *o = ctx->cat->all[i];
		if (catalog_lookup(ctx->cat, o->key) != o)
			continue;
		if (o->kind == SD_TRIGGER &&
		    !strcmp(((struct sd_trigger *)o)->table, old)) {
			struct sd_trigger *tg = (struct sd_trigger *)o;
			catalog_rename(ctx->cat, o, NULL,
				       arena_printf(&ctx->tmp, "%s.%s",
						    t->base.name, tg->tgname));
			tg->table = t->base.name;
			retarget_trigger(ctx, tg, old);
			replace_dep(o, old_key, t->base.key);
		} else if (o->kind == SD_TABLE) {
			struct sd_table *ot = (struct sd_table *)o;
			for (size_t j = 0; j < ot->nconstraints; j++) {
				struct sd_constraint *c = &ot->constraints[j];
				if (c->type == SD_CON_FOREIGN &&
				    !strcmp(c->ref_table, old))
					c->ref_table = t->base.name;
			}
			replace_dep(o, old_key, t->base.key);
		}
	}
	my_touch(ctx, t);
	return 0;
}

/* RENAME TABLE a TO b, c TO d */
int my_rename_table(struct my_ctx *ctx)
{
	int ret;

	if (!my_accept(ctx, "tables") && (ret = my_expect(ctx, "table")))
		return ret;
	do {
		struct my_token *at = my_tok(ctx);
		const char *a, *b;
		struct sd_table *t;
		if ((ret = my_qname(ctx, "a table name", &a)) ||
		    (ret = my_expect(ctx, "to")))
			return ret;
		if ((ret = my_qname(ctx, "a table name", &b)))
			return ret;
		t = find_table(ctx, a);
		if (!t)
			return no_table(ctx, at, a);
		if ((ret = rename_table_to(ctx, t, b, at)))
			return ret;
	} while (my_accept_op(ctx, ","));
	return 0;
}
