/*
 * parser/pg/pg_partition.c: partitioned tables, partitions and table
 * inheritance: PARTITION BY, PARTITION OF ... FOR VALUES, INHERITS, and
 * ALTER TABLE ATTACH / DETACH PARTITION, INHERIT / NO INHERIT.
 *
 * The model holds what the server's catalog calls local: a partition or an
 * inheritance child lists only the columns and constraints it declares
 * itself (attislocal, conislocal); what it inherits stays with the parent,
 * so that a column added to a parent is one change, and a parsed catalog
 * equals an introspected one. partkey and partbound are the texts that
 * pg_get_partkeydef() and pg_get_expr(relpartbound) print, as far as they
 * can be known without the server (a bound literal stays as written: the
 * server prints it converted to the key's type; but a timestamp with time
 * zone with an explicit offset, on a key of that type, is the instant it
 * names, written in UTC as a UTC server prints it).
 *
 * Memory: everything kept is allocated in the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <stdio.h>
#include <string.h>

#include "util/banned.h"

/* Parents are followed at most this deep (a cycle is an error the server
 * reports; the parser only has to stop). */
#define MAX_DEPTH 32

static void quoted_name_list(struct strbuf *out, PgQuery__Node **names,
			     size_t n)
{
	size_t i = 0;

	/* pg_catalog is implied, as the server prints it */
	if (n == 2 && pg_str(names[0]) && !strcmp(pg_str(names[0]),
						  "pg_catalog"))
		i = 1;
	for (size_t first = i; i < n; i++) {
		if (i > first)
			strbuf_addch(out, '.');
		sql_quote_ident(out, SQL_POSTGRES,
				pg_str(names[i]) ? pg_str(names[i]) : "");
	}
}

int pg_partition_spec(struct pg_ctx *ctx, struct sd_table *t,
		      PgQuery__PartitionSpec *spec)
{
	struct strbuf out = STRBUF_INIT;
	int ret = 0;

	switch (spec->strategy) {
	case PG_QUERY__PARTITION_STRATEGY__PARTITION_STRATEGY_RANGE:
		strbuf_addstr(&out, "RANGE (");
		break;
	case PG_QUERY__PARTITION_STRATEGY__PARTITION_STRATEGY_LIST:
		strbuf_addstr(&out, "LIST (");
		break;
	case PG_QUERY__PARTITION_STRATEGY__PARTITION_STRATEGY_HASH:
		strbuf_addstr(&out, "HASH (");
		break;
	default:
		return pg_error(ctx, SD_ERR, spec->location,
				"unrecognized partitioning strategy");
	}
	for (size_t i = 0; i < spec->n_part_params && !ret; i++) {
		PgQuery__PartitionElem *pe;
		const char *expr;

		if (spec->part_params[i]->node_case !=
		    PG_QUERY__NODE__NODE_PARTITION_ELEM)
			continue;
		pe = spec->part_params[i]->partition_elem;
		if (i)
			strbuf_addstr(&out, ", ");
		if (pe->name && *pe->name) {
			if (!pg_table_has_column(ctx, t, pe->name)) {
				ret = pg_error(ctx, SD_ERR, pe->location,
					       "column \"%s\" named in "
					       "partition key does not exist",
					       pe->name);
				break;
			}
			sql_quote_ident(&out, SQL_POSTGRES, pe->name);
		} else {
			if ((ret = pg_deparse_expr(ctx, pe->expr, &expr)))
				break;
			sd_format_index_expr(&out, expr);
		}
		if (pe->n_collation) {
			strbuf_addstr(&out, " COLLATE ");
			strbuf_addstr(&out, pg_collation_sql(
						    ctx, NULL, pe->collation,
						    pe->n_collation));
		}
		if (pe->n_opclass) {
			strbuf_addch(&out, ' ');
			quoted_name_list(&out, pe->opclass, pe->n_opclass);
		}
	}
	strbuf_addch(&out, ')');
	if (!ret)
		t->partkey = catalog_strdup(ctx->cat, out.buf);
	strbuf_release(&out);
	return ret;
}

/* Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian). */
static long days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* s as a timestamp with time zone in UTC ("2022-04-01 00:00:00+00"), when
 * it is "YYYY-MM-DD HH:MM:SS[.frac]" with an explicit offset (+HH, +HH:MM,
 * +HHMM); false (out untouched) for anything else. */
static bool tstz_utc(const char *s, struct strbuf *out)
{
	long y, mo, d, h, mi, sec, oh, om = 0, days, t;
	const char *frac, *p;
	size_t nfrac = 0;
	int n = 0, sign;

	if (sscanf(s, "%4ld-%2ld-%2ld %2ld:%2ld:%2ld%n", &y, &mo, &d, &h, &mi,
		   &sec, &n) != 6 || n != 19 || y < 1 || mo < 1 || mo > 12 ||
	    d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59)
		return false;
	p = s + n;
	frac = p;
	if (*p == '.')
		for (p++, nfrac = 1; *p >= '0' && *p <= '9'; p++)
			nfrac++;
	if (*p != '+' && *p != '-')
		return false;
	sign = *p++ == '-' ? -1 : 1;
	if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9'))
		return false;
	oh = (p[0] - '0') * 10 + (p[1] - '0');
	p += 2;
	if (*p == ':')
		p++;
	if (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9') {
		om = (p[0] - '0') * 10 + (p[1] - '0');
		p += 2;
	}
	if (*p || oh > 15 || om > 59)
		return false;
	days = days_from_civil(y, mo, d);
	t = ((days * 24 + h) * 60 + mi) * 60 + sec -
	    sign * (oh * 3600 + om * 60);
	days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	t -= days * 86400;
	civil_from_days(days, &y, &mo, &d);
	if (y < 1 || y > 9999)
		return false;
	/* trailing zeros of the fraction are not printed */
	while (nfrac > 1 && frac[nfrac - 1] == '0')
		nfrac--;
	strbuf_addf(out, "'%04ld-%02ld-%02ld %02ld:%02ld:%02ld%.*s+00'", y, mo,
		    d, t / 3600, t / 60 % 60, t % 60,
		    nfrac > 1 ? (int)nfrac : 0, frac);
	return true;
}

/* One value of a bound as get_const_expr(..., -1) prints it: numbers bare
 * unless negative, anything else as a quoted literal (tstz: the key is a
 * timestamp with time zone, see tstz_utc()). */
static int bound_const(const PgQuery__AConst *c, bool tstz,
		       struct strbuf *out)
{
	if (c->isnull) {
		strbuf_addstr(out, "NULL");
		return 0;
	}
	switch (c->val_case) {
	case PG_QUERY__A__CONST__VAL_IVAL: {
		int v = c->ival ? c->ival->ival : 0;
		strbuf_addf(out, v < 0 ? "'%d'" : "%d", v);
		return 0;
	}
	case PG_QUERY__A__CONST__VAL_FVAL:
		if (c->fval->fval[0] == '-')
			sql_quote_literal(out, SQL_POSTGRES, c->fval->fval);
		else
			strbuf_addstr(out, c->fval->fval);
		return 0;
	case PG_QUERY__A__CONST__VAL_BOOLVAL:
		strbuf_addstr(out, c->boolval->boolval ? "true" : "false");
		return 0;
	case PG_QUERY__A__CONST__VAL_SVAL:
		if (!tstz || !tstz_utc(c->sval->sval, out))
			sql_quote_literal(out, SQL_POSTGRES, c->sval->sval);
		return 0;
	default:
		return -1;
	}
}

static int bound_datum(struct pg_ctx *ctx, PgQuery__Node *n, bool tstz,
		       struct strbuf *out)
{
	const char *text;
	int ret;

	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_A_CONST:
		if (!bound_const(n->a_const, tstz, out))
			return 0;
		break;
	case PG_QUERY__NODE__NODE_TYPE_CAST:
		/* '2024-01-01'::date: the server prints the value */
		if (n->type_cast->arg && n->type_cast->arg->node_case ==
					 PG_QUERY__NODE__NODE_A_CONST &&
		    !bound_const(n->type_cast->arg->a_const, tstz, out))
			return 0;
		break;
	case PG_QUERY__NODE__NODE_COLUMN_REF: {
		const PgQuery__ColumnRef *cr = n->column_ref;
		const char *w = cr->n_fields == 1 ? pg_str(cr->fields[0])
						   : NULL;
		if (w && !strcmp(w, "minvalue")) {
			strbuf_addstr(out, "MINVALUE");
			return 0;
		}
		if (w && !strcmp(w, "maxvalue")) {
			strbuf_addstr(out, "MAXVALUE");
			return 0;
		}
		break;
	}
	default:
		break;
	}
	/* an expression: the server evaluates it; keep it as written */
	if ((ret = pg_deparse_expr(ctx, n, &text)))
		return ret;
	strbuf_addstr(out, text);
	return 0;
}

static int bound_list(struct pg_ctx *ctx, PgQuery__Node **items, size_t n,
		      bool tstz, struct strbuf *out)
{
	int ret;

	strbuf_addch(out, '(');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(out, ", ");
		if ((ret = bound_datum(ctx, items[i], tstz, out)))
			return ret;
	}
	strbuf_addch(out, ')');
	return 0;
}

/* Is parent partitioned by one column of type timestamp with time zone
 * ("RANGE (col)" / "LIST (col)")? */
static bool key_is_tstz(const struct sd_table *parent)
{
	const struct sd_column *c;
	const char *open, *close, *other;
	char name[64];
	size_t n;

	if (!parent || !parent->partkey ||
	    !(open = strchr(parent->partkey, '(')) ||
	    !(close = strchr(open, ')')) || close[1] ||
	    (n = (size_t)(close - open - 1)) == 0 || n >= sizeof(name))
		return false;
	/* one plain column: no list, expression or quoted name */
	other = strpbrk(open + 1, ",(\"");
	if (other && other < close)
		return false;
	memcpy(name, open + 1, n);
	name[n] = '\0';
	c = table_find_column(parent, name);
	return c && !strcmp(c->type, "timestamp with time zone");
}

int pg_partition_bound(struct pg_ctx *ctx, PgQuery__PartitionBoundSpec *b,
		       const struct sd_table *parent, const char **text)
{
	struct strbuf out = STRBUF_INIT;
	bool tstz = key_is_tstz(parent);
	int ret = 0;

	if (b->is_default) {
		strbuf_addstr(&out, "DEFAULT");
	} else if (b->strategy && b->strategy[0] == 'h') {
		strbuf_addf(&out, "FOR VALUES WITH (modulus %d, remainder %d)",
			    b->modulus, b->remainder);
	} else if (b->strategy && b->strategy[0] == 'l') {
		strbuf_addstr(&out, "FOR VALUES IN ");
		ret = bound_list(ctx, b->listdatums, b->n_listdatums, tstz,
				 &out);
	} else if (b->strategy && b->strategy[0] == 'r') {
		strbuf_addstr(&out, "FOR VALUES FROM ");
		ret = bound_list(ctx, b->lowerdatums, b->n_lowerdatums, tstz,
				 &out);
		if (!ret) {
			strbuf_addstr(&out, " TO ");
			ret = bound_list(ctx, b->upperdatums,
					 b->n_upperdatums, tstz, &out);
		}
	} else {
		ret = pg_error(ctx, SD_ERR, b->location,
			       "invalid partition bound");
	}
	if (!ret)
		*text = catalog_strdup(ctx->cat, out.buf);
	strbuf_release(&out);
	return ret;
}

/* The parent a PARTITION OF, INHERITS or ATTACH names: found, or (in
 * desired files, a set in any order) where it will be. */
static int find_parent(struct pg_ctx *ctx, const PgQuery__RangeVar *rv,
		       struct sd_table **out, const char **schema)
{
	struct sd_object *rel;

	*out = pg_find(ctx, SD_TABLE, rv->schemaname, rv->relname, schema);
	if (*out)
		return 0;
	rel = pg_find_rel(ctx, rv->schemaname, rv->relname, schema);
	if (rel)
		return pg_error(ctx, SD_ERR, rv->location,
				"\"%s\" is not a table", rv->relname);
	if (ctx->script)
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, *schema, rv->relname));
	if (!(rv->schemaname && *rv->schemaname)) {
		*schema = pg_creation_schema(ctx, NULL);
		if (!*schema)
			return ctx->err ? ctx->err->code : SD_ERR;
	}
	return 0;
}

int pg_table_partition_of(struct pg_ctx *ctx, struct sd_table *t,
			  PgQuery__RangeVar *parent,
			  PgQuery__PartitionBoundSpec *bound)
{
	struct sd_table *p;
	const char *schema;
	int ret;

	if ((ret = find_parent(ctx, parent, &p, &schema)))
		return ret;
	if (p && !p->partkey)
		return pg_error(ctx, SD_ERR, parent->location,
				"table \"%s\" is not partitioned",
				parent->relname);
	if (p == t)
		return pg_error(ctx, SD_ERR, parent->location,
				"a table cannot be a partition of itself");
	if ((ret = pg_partition_bound(ctx, bound, p, &t->partbound)))
		return ret;
	t->part_parent_schema = catalog_strdup(ctx->cat, schema);
	t->part_parent = catalog_strdup(ctx->cat, parent->relname);
	catalog_add_dep(ctx->cat, &t->base,
			catalog_key(ctx->cat, SD_TABLE, schema,
				    parent->relname));
	return 0;
}

static bool has_parent(const struct sd_table *t, const char *key)
{
	for (size_t i = 0; i < t->ninherits; i++)
		if (!strcmp(t->inherits[i], key))
			return true;
	return false;
}

static int add_inherit(struct pg_ctx *ctx, struct sd_table *t,
		       const PgQuery__RangeVar *rv)
{
	struct sd_table *p;
	const char *schema, *key, **list;
	int ret;

	if ((ret = find_parent(ctx, rv, &p, &schema)))
		return ret;
	if (p && p->part_parent)
		return pg_error(ctx, SD_ERR, rv->location,
				"cannot inherit from partition \"%s\"",
				rv->relname);
	if (p && p->partkey)
		return pg_error(ctx, SD_ERR, rv->location,
				"cannot inherit from partitioned table "
				"\"%s\"", rv->relname);
	if (p == t)
		return pg_error(ctx, SD_ERR, rv->location,
				"circular inheritance not allowed");
	key = catalog_key(ctx->cat, SD_TABLE, schema, rv->relname);
	if (has_parent(t, key))
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" would be inherited from "
				"more than once", rv->relname);
	list = arena_alloc(&ctx->cat->arena,
			   (t->ninherits + 1) * sizeof(*list));
	if (t->ninherits)
		memcpy(list, t->inherits, t->ninherits * sizeof(*list));
	list[t->ninherits++] = key;
	t->inherits = list;
	catalog_add_dep(ctx->cat, &t->base, key);
	return 0;
}

int pg_table_inherits(struct pg_ctx *ctx, struct sd_table *t,
		      PgQuery__Node **rels, size_t n)
{
	int ret;

	for (size_t i = 0; i < n; i++) {
		if (rels[i]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
			continue;
		if ((ret = add_inherit(ctx, t, rels[i]->range_var)))
			return ret;
	}
	return 0;
}

static struct sd_table *parent_of(struct pg_ctx *ctx,
				  const struct sd_table *t)
{
	if (!t->part_parent)
		return NULL;
	return catalog_find(ctx->cat, SD_TABLE, t->part_parent_schema,
			    t->part_parent);
}

static struct sd_column *column_in(struct pg_ctx *ctx,
				   const struct sd_table *t, const char *name,
				   int depth)
{
	struct sd_column *c = table_find_column(t, name);
	struct sd_table *p;

	if (c || depth > MAX_DEPTH)
		return c;
	if ((p = parent_of(ctx, t)))
		return column_in(ctx, p, name, depth + 1);
	for (size_t i = 0; i < t->ninherits; i++) {
		struct sd_object *o = catalog_lookup(ctx->cat, t->inherits[i]);
		if (o && o->kind == SD_TABLE &&
		    (c = column_in(ctx, (struct sd_table *)o, name,
				   depth + 1)))
			return c;
	}
	return NULL;
}

struct sd_column *pg_parent_column(struct pg_ctx *ctx,
				   const struct sd_table *t, const char *name)
{
	struct sd_table *p;
	struct sd_column *c;

	if ((p = parent_of(ctx, t)))
		return column_in(ctx, p, name, 1);
	for (size_t i = 0; i < t->ninherits; i++) {
		struct sd_object *o = catalog_lookup(ctx->cat, t->inherits[i]);
		if (o && o->kind == SD_TABLE &&
		    (c = column_in(ctx, (struct sd_table *)o, name, 1)))
			return c;
	}
	return NULL;
}

/* Does a parent of t (or of its parents) not exist yet? In desired
 * files (a set) a partition may come before its parent. */
static bool parents_pending(struct pg_ctx *ctx, const struct sd_table *t,
			    int depth)
{
	struct sd_table *p;

	if (depth > MAX_DEPTH)
		return false;
	if (t->part_parent)
		return !(p = parent_of(ctx, t)) ||
		       parents_pending(ctx, p, depth + 1);
	for (size_t i = 0; i < t->ninherits; i++) {
		struct sd_object *o = catalog_lookup(ctx->cat, t->inherits[i]);
		if (!o || o->kind != SD_TABLE ||
		    parents_pending(ctx, (struct sd_table *)o, depth + 1))
			return true;
	}
	return false;
}

bool pg_table_has_column(struct pg_ctx *ctx, const struct sd_table *t,
			 const char *name)
{
	return column_in(ctx, t, name, 0) ||
	       (!ctx->script && parents_pending(ctx, t, 0));
}

/* The columns and CHECK constraints t has from p (and p's parents) but not
 * as its own, appended to t as local ones: what DETACH PARTITION and NO
 * INHERIT leave. The furthest parents come first. */
static void localize(struct pg_ctx *ctx, struct sd_table *t,
		     const struct sd_table *p, int depth)
{
	struct sd_table *pp;

	if (depth > MAX_DEPTH)
		return;
	if ((pp = parent_of(ctx, p)))
		localize(ctx, t, pp, depth + 1);
	for (size_t i = 0; i < p->ninherits; i++) {
		struct sd_object *o = catalog_lookup(ctx->cat, p->inherits[i]);
		if (o && o->kind == SD_TABLE)
			localize(ctx, t, (struct sd_table *)o, depth + 1);
	}
	for (size_t i = 0; i < p->ncolumns; i++) {
		struct sd_column copy = p->columns[i];
		struct sd_column *c;

		if (table_find_column(t, copy.name))
			continue;
		c = table_add_column(ctx->cat, t, copy.name);
		copy.name = c->name;
		/* identity and comments stay with the parent's column */
		copy.identity = SD_IDENTITY_NONE;
		copy.id_seqname = NULL;
		copy.comment = NULL;
		*c = copy;
	}
	for (size_t i = 0; i < p->nconstraints; i++) {
		struct sd_constraint copy = p->constraints[i];
		struct sd_constraint *c;

		if (copy.type != SD_CON_CHECK || copy.no_inherit ||
		    table_find_constraint(t, copy.name))
			continue;
		c = table_add_constraint(ctx->cat, t, copy.name);
		copy.name = c->name;
		copy.comment = NULL;
		*c = copy;
	}
}

static bool check_in(struct pg_ctx *ctx, const struct sd_table *t,
		     const char *name, int depth)
{
	const struct sd_constraint *c = table_find_constraint(t, name);
	struct sd_table *p;

	if (c)
		return c->type == SD_CON_CHECK && !c->no_inherit;
	if (depth > MAX_DEPTH)
		return false;
	if ((p = parent_of(ctx, t)))
		return check_in(ctx, p, name, depth + 1);
	return false;
}

/* Columns and CHECKs of t that p provides stop being t's own: a
 * partition has only inherited ones (ATTACH PARTITION). */
static void inherit_columns(struct pg_ctx *ctx, struct sd_table *t,
			    const struct sd_table *p)
{
	for (size_t i = t->ncolumns; i-- > 0;)
		if (column_in(ctx, p, t->columns[i].name, 0))
			table_remove_column(t, t->columns[i].name);
	for (size_t i = t->nconstraints; i-- > 0;)
		if (t->constraints[i].type == SD_CON_CHECK &&
		    check_in(ctx, p, t->constraints[i].name, 0))
			table_remove_constraint(t, t->constraints[i].name);
}

static int attach(struct pg_ctx *ctx, struct sd_table *t,
		  PgQuery__PartitionCmd *pc)
{
	struct sd_table *part;
	const char *schema;
	int ret;

	if (!t->partkey)
		return pg_error(ctx, SD_ERR, -1,
				"table \"%s\" is not partitioned",
				t->base.name);
	part = pg_find(ctx, SD_TABLE, pc->name->schemaname, pc->name->relname,
		       &schema);
	if (!part)
		return pg_error(ctx, SD_ERR, pc->name->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, pc->name->relname));
	if (part->part_parent || part->ninherits)
		return pg_error(ctx, SD_ERR, pc->name->location,
				"\"%s\" is already a child of another "
				"table", part->base.name);
	if (part == t)
		return pg_error(ctx, SD_ERR, pc->name->location,
				"a table cannot be a partition of itself");
	for (size_t i = 0; i < part->ncolumns; i++)
		if (!column_in(ctx, t, part->columns[i].name, 0))
			return pg_error(ctx, SD_ERR, pc->name->location,
					"table \"%s\" contains column \"%s\" "
					"not found in parent \"%s\"",
					part->base.name,
					part->columns[i].name, t->base.name);
	if ((ret = pg_partition_bound(ctx, pc->bound, t, &part->partbound)))
		return ret;
	part->part_parent_schema = t->base.schema;
	part->part_parent = t->base.name;
	catalog_add_dep(ctx->cat, &part->base, t->base.key);
	pg_inh_attach(ctx, part, t);
	inherit_columns(ctx, part, t);
	table_inh_normalize(ctx->cat, part);
	return 0;
}

static int detach(struct pg_ctx *ctx, struct sd_table *t,
		  PgQuery__PartitionCmd *pc, bool finalize)
{
	struct sd_table *part;
	const char *schema;

	part = pg_find(ctx, SD_TABLE, pc->name->schemaname, pc->name->relname,
		       &schema);
	if (!part)
		return pg_error(ctx, SD_ERR, pc->name->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, pc->name->relname));
	if (!part->part_parent || strcmp(part->part_parent, t->base.name) ||
	    strcmp(part->part_parent_schema, t->base.schema)) {
		/* FINALIZE after a CONCURRENTLY that already took it out */
		if (finalize && !part->part_parent)
			return 0;
		return pg_error(ctx, SD_ERR, pc->name->location,
				"relation \"%s\" is not a partition of "
				"relation \"%s\"", part->base.name,
				t->base.name);
	}
	localize(ctx, part, t, 0);
	pg_inh_detach(ctx, part);
	part->part_parent = part->part_parent_schema = NULL;
	part->partbound = NULL;
	return 0;
}

/* ALTER TABLE INHERIT: the child must have the parent's columns already
 * (they stay its own). */
static int add_inherit_alter(struct pg_ctx *ctx, struct sd_table *t,
			     const PgQuery__RangeVar *rv)
{
	struct sd_table *p;
	const char *schema;

	p = pg_find(ctx, SD_TABLE, rv->schemaname, rv->relname, &schema);
	if (!p)
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, rv->relname));
	for (size_t i = 0; i < p->ncolumns; i++)
		if (!column_in(ctx, t, p->columns[i].name, 0))
			return pg_error(ctx, SD_ERR, rv->location,
					"child table is missing column "
					"\"%s\"", p->columns[i].name);
	return add_inherit(ctx, t, rv);
}

static int no_inherit(struct pg_ctx *ctx, struct sd_table *t,
		      const PgQuery__RangeVar *rv)
{
	struct sd_table *p;
	const char *schema, *key;
	size_t j = 0;

	p = pg_find(ctx, SD_TABLE, rv->schemaname, rv->relname, &schema);
	if (!p)
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, rv->relname));
	key = p->base.key;
	if (!has_parent(t, key))
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" is not a parent of relation "
				"\"%s\"", p->base.name, t->base.name);
	localize(ctx, t, p, 0);
	pg_inh_detach(ctx, t);
	for (size_t i = 0; i < t->ninherits; i++)
		if (strcmp(t->inherits[i], key))
			t->inherits[j++] = t->inherits[i];
	t->ninherits = j;
	return 0;
}

int pg_alter_partition(struct pg_ctx *ctx, struct sd_table *t,
		       PgQuery__AlterTableCmd *cmd)
{
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
		return attach(ctx, t, cmd->def->partition_cmd);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
		return detach(ctx, t, cmd->def->partition_cmd, false);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize:
		return detach(ctx, t, cmd->def->partition_cmd, true);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit:
		if (t->part_parent || t->partkey)
			return pg_error(ctx, SD_ERR, -1,
					"cannot change inheritance of a "
					"partition or partitioned table");
		return add_inherit_alter(ctx, t, cmd->def->range_var);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit:
		return no_inherit(ctx, t, cmd->def->range_var);
	default:
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported ALTER TABLE partition command");
	}
}

/* The table of schema that has an index-backed constraint (primary key,
 * unique, exclusion) named name: its index has that name. NULL if none. */
static struct sd_table *key_table_in(struct pg_ctx *ctx, const char *schema,
				     const char *name)
{
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_object *obj = ctx->cat->all[i];
		struct sd_table *t = (struct sd_table *)obj;
		struct sd_constraint *c;

		if (obj->kind != SD_TABLE || strcmp(obj->schema, schema) ||
		    catalog_lookup(ctx->cat, obj->key) != obj)
			continue;
		c = table_find_constraint(t, name);
		if (c && (c->type == SD_CON_PRIMARY || c->type == SD_CON_UNIQUE ||
			  c->type == SD_CON_EXCLUDE))
			return t;
	}
	return NULL;
}

/* An index named as the server names it: a CREATE INDEX one (*ix) or
 * the index of a table's key constraint (*keyt, the table). Resolved by
 * the search path when rv has no schema; false if neither exists. */
static bool find_any_index(struct pg_ctx *ctx, const PgQuery__RangeVar *rv,
			   struct sd_index **ix, struct sd_table **keyt,
			   const char **schema)
{
	*ix = NULL;
	*keyt = NULL;
	if (rv->schemaname && *rv->schemaname) {
		*schema = rv->schemaname;
		*ix = catalog_find(ctx->cat, SD_INDEX, *schema, rv->relname);
		if (!*ix)
			*keyt = key_table_in(ctx, *schema, rv->relname);
		return *ix || *keyt;
	}
	*schema = ctx->path && ctx->path->n ? ctx->path->names[0] : "public";
	for (size_t i = 0; ctx->path && i < ctx->path->n; i++) {
		const char *s = ctx->path->names[i];

		*ix = catalog_find(ctx->cat, SD_INDEX, s, rv->relname);
		if (!*ix)
			*keyt = key_table_in(ctx, s, rv->relname);
		if (*ix || *keyt) {
			*schema = s;
			return true;
		}
	}
	return false;
}

/*
 * ALTER INDEX parent ATTACH PARTITION child: the child index (a CREATE
 * INDEX one, or a partition's key constraint, as pg_dump writes both)
 * becomes part of the parent's, which the model holds alone (the server
 * makes and names the partitions' parts itself; introspection leaves them
 * out). Either may be a constraint's index.
 */
int pg_attach_index(struct pg_ctx *ctx, PgQuery__RangeVar *parent,
		    PgQuery__Node *def)
{
	PgQuery__RangeVar *rv;
	struct sd_index *pix, *ix;
	struct sd_table *pt, *t, *pkeyt, *keyt;
	const char *schema;

	if (!find_any_index(ctx, parent, &pix, &pkeyt, &schema))
		return pg_error(ctx, SD_ERR, parent->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, parent->relname));
	if (!def || def->node_case != PG_QUERY__NODE__NODE_PARTITION_CMD)
		return pg_error(ctx, SD_ERR, -1, "invalid ATTACH PARTITION");
	rv = def->partition_cmd->name;
	if (!find_any_index(ctx, rv, &ix, &keyt, &schema))
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, rv->relname));
	pt = pix ? catalog_find(ctx->cat, SD_TABLE, pix->base.schema,
				pix->table) : pkeyt;
	t = ix ? catalog_find(ctx->cat, SD_TABLE, ix->base.schema, ix->table)
	       : keyt;
	if (!pt || !pt->partkey || !t || !t->part_parent ||
	    strcmp(t->part_parent_schema, pt->base.schema) ||
	    strcmp(t->part_parent, pt->base.name) || (!pix != !ix))
		return pg_error(ctx, SD_ERR, rv->location,
				"cannot attach index \"%s\" as a partition "
				"of index \"%s\"", rv->relname,
				parent->relname);
	if (ix) {
		const char **a = arena_alloc(&ctx->cat->arena,
					     (pix->nattached + 1) * sizeof(*a));

		if (pix->nattached)
			memcpy(a, pix->attached,
			       pix->nattached * sizeof(*a));
		a[pix->nattached++] = ix->base.key;
		pix->attached = a;
		catalog_remove(ctx->cat, &ix->base);
	} else {
		table_remove_constraint(t, rv->relname);
	}
	return 0;
}

void pg_drop_partitions(struct pg_ctx *ctx, struct sd_table *t)
{
	struct vec cand = VEC_INIT;

	pg_refs_candidates(ctx, &t->base, PG_REFS_NAMED, &cand);
	for (size_t i = 0; i < cand.len; i++) {
		struct sd_table *c = cand.items[i];

		if (c->base.kind != SD_TABLE || !c->part_parent ||
		    catalog_lookup(ctx->cat, c->base.key) != &c->base ||
		    strcmp(c->part_parent_schema, t->base.schema) ||
		    strcmp(c->part_parent, t->base.name))
			continue;
		pg_drop_object(ctx, &c->base, false);
	}
	vec_release(&cand);
}

void pg_partition_follow_table(struct pg_ctx *ctx, struct sd_table *t,
			       const char *old_schema, const char *old_name,
			       const char *old_key)
{
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_table *c = (struct sd_table *)ctx->cat->all[i];

		if (c->base.kind != SD_TABLE ||
		    catalog_lookup(ctx->cat, c->base.key) != &c->base)
			continue;
		if (c->part_parent && !strcmp(c->part_parent_schema,
					      old_schema) &&
		    !strcmp(c->part_parent, old_name)) {
			c->part_parent_schema = t->base.schema;
			c->part_parent = t->base.name;
		}
		for (size_t j = 0; j < c->ninherits; j++)
			if (!strcmp(c->inherits[j], old_key))
				c->inherits[j] = t->base.key;
	}
}
