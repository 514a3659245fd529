/*
 * parser/pg/pg_collation.c: CREATE COLLATION [IF NOT EXISTS] name (provider
 * = icu | libc, locale = ..., lc_collate = ..., lc_ctype = ...,
 * deterministic = ..., version = ...) and CREATE COLLATION name FROM other;
 * ALTER COLLATION ... RENAME TO (pg_alter.c calls pg_rename_collation());
 * ALTER COLLATION ... REFRESH VERSION (no change: the version is not kept);
 * and how a COLLATE clause names a collation (pg_collation_sql()).
 *
 * Canonical form (model/catalog.h, struct sd_collation): libc keeps
 * lc_collate and lc_ctype (locale = x sets both), icu keeps locale; the
 * version is the server's business and not kept. FROM copies a user
 * collation's options, or those of the built-in collations whose options
 * are known on every server ("C", "POSIX", ucs_basic and the ICU ones,
 * "<tag>-x-icu"); another built-in source is refused, as its options
 * depend on the server's operating system.
 *
 * Memory: every string kept is copied into the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <string.h>
#include <strings.h>

#include "util/banned.h"

/* A collation option's value as text: 'x', x or a number. */
static const char *opt_value(const PgQuery__DefElem *d)
{
	if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
		return d->arg->integer->ival ? "true" : "false";
	if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
		return d->arg->boolean->boolval ? "true" : "false";
	return pg_defelem_str(d);
}

static int bool_value(struct pg_ctx *ctx, const PgQuery__DefElem *d,
		      bool *out)
{
	static const char *const yes[] = { "true", "on", "yes", "1", "t" };
	static const char *const no[] = { "false", "off", "no", "0", "f" };
	const char *v = d->arg ? opt_value(d) : "true";

	for (size_t i = 0; v && i < sizeof(yes) / sizeof(*yes); i++) {
		if (!strcasecmp(v, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(v, no[i])) {
			*out = false;
			return 0;
		}
	}
	return pg_error(ctx, SD_ERR, d->location,
			"%s requires a Boolean value", d->defname);
}

/* The options of a built-in collation FROM names, into c; 0 or an error. */
static int builtin_source(struct pg_ctx *ctx, const char *name, int loc,
			  struct sd_collation *c)
{
	size_t len = strlen(name);

	if (!strcmp(name, "C") || !strcmp(name, "POSIX") ||
	    !strcmp(name, "ucs_basic")) {
		const char *lc = strcmp(name, "POSIX") ? "C" : "POSIX";
		c->provider = 'c';
		c->lc_collate = c->lc_ctype = catalog_strdup(ctx->cat, lc);
		return 0;
	}
	if (len > 6 && !strcmp(name + len - 6, "-x-icu")) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_add(&sb, name, len - 6);
		c->provider = 'i';
		c->locale = catalog_strdup(ctx->cat, sb.buf);
		strbuf_release(&sb);
		return 0;
	}
	if (!strcmp(name, "default"))
		return pg_error(ctx, SD_ERR, loc,
				"collation \"default\" cannot be copied");
	return pg_error(ctx, SD_ERR_UNSUPPORTED, loc,
			"unsupported CREATE COLLATION ... FROM \"%s\": its "
			"options depend on the server; write them out", name);
}

/* CREATE COLLATION ... FROM names. */
static int copy_from(struct pg_ctx *ctx, const PgQuery__DefElem *d,
		     struct sd_collation *c)
{
	const char *schema = NULL, *name = NULL, *found;
	const struct sd_collation *src;
	int ret;

	if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_LIST)
		return pg_error(ctx, SD_ERR, d->location,
				"invalid collation name");
	if ((ret = pg_qualified(ctx, d->arg->list->items,
				d->arg->list->n_items, &schema, &name)))
		return ret;
	src = schema && !strcmp(schema, "pg_catalog")
		      ? NULL
		      : pg_find(ctx, SD_COLLATION, schema, name, &found);
	if (src) {
		c->provider = src->provider;
		c->deterministic = src->deterministic;
		c->locale = src->locale;
		c->rules = src->rules;
		c->lc_collate = src->lc_collate;
		c->lc_ctype = src->lc_ctype;
		return 0;
	}
	if (schema && strcmp(schema, "pg_catalog"))
		return pg_error(ctx, SD_ERR, d->location,
				"collation \"%s\" does not exist",
				pg_qname(ctx, schema, name));
	return builtin_source(ctx, name, d->location, c);
}

int parse_collation(struct pg_ctx *ctx, PgQuery__DefineStmt *s)
{
	const char *schema, *name, *locale = NULL, *lc_collate = NULL,
			       *lc_ctype = NULL, *provider = NULL,
			       *rules = NULL;
	struct sd_collation *c;
	bool from = false;
	int ret;

	if ((ret = pg_new_name(ctx, s->defnames, s->n_defnames, &schema,
			       &name)))
		return ret;
	if (catalog_find(ctx->cat, SD_COLLATION, schema, name)) {
		if (s->if_not_exists)
			return 0;
		return pg_error(ctx, SD_ERR, -1,
				"collation \"%s\" already exists", name);
	}
	c = catalog_add(ctx->cat, SD_COLLATION, schema, name);
	c->provider = 'c';
	c->deterministic = true;
	for (size_t i = 0; i < s->n_definition; i++) {
		PgQuery__DefElem *d;
		const char *opt;

		if (s->definition[i]->node_case !=
		    PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		d = s->definition[i]->def_elem;
		opt = d->defname ? d->defname : "";
		if (!strcmp(opt, "from")) {
			ret = copy_from(ctx, d, c);
			from = true;
		} else if (!strcmp(opt, "provider")) {
			provider = opt_value(d);
		} else if (!strcmp(opt, "locale")) {
			locale = opt_value(d);
		} else if (!strcmp(opt, "lc_collate")) {
			lc_collate = opt_value(d);
		} else if (!strcmp(opt, "lc_ctype")) {
			lc_ctype = opt_value(d);
		} else if (!strcmp(opt, "rules")) {
			rules = opt_value(d);	/* ICU tailoring (16) */
		} else if (!strcmp(opt, "deterministic")) {
			ret = bool_value(ctx, d, &c->deterministic);
		} else if (!strcmp(opt, "version")) {
			/* the server's record of the library version */
		} else {
			ret = pg_error(ctx, SD_ERR, d->location,
				       "collation attribute \"%s\" not "
				       "recognized", opt);
		}
		if (ret)
			goto fail;
	}
	if (from && s->n_definition > 1) {
		ret = pg_error(ctx, SD_ERR, -1, "conflicting or redundant "
			       "options: FROM cannot be specified together "
			       "with any other options");
		goto fail;
	}
	if (from)
		goto done;
	if (locale && (lc_collate || lc_ctype)) {
		ret = pg_error(ctx, SD_ERR, -1, "conflicting or redundant "
			       "options: LOCALE cannot be specified together "
			       "with LC_COLLATE or LC_CTYPE");
		goto fail;
	}
	if (provider && !strcasecmp(provider, "icu")) {
		c->provider = 'i';
	} else if (provider && !strcasecmp(provider, "builtin")) {
		c->provider = 'b';	/* 17 */
	} else if (provider && strcasecmp(provider, "libc")) {
		ret = pg_error(ctx, SD_ERR, -1,
			       "unrecognized collation provider: %s",
			       provider);
		goto fail;
	}
	if (rules && c->provider != 'i') {
		ret = pg_error(ctx, SD_ERR, -1, "ICU rules cannot be "
			       "specified unless locale provider is ICU");
		goto fail;
	}
	if (rules && *rules)
		c->rules = catalog_strdup(ctx->cat, rules);
	if (c->provider == 'i' || c->provider == 'b') {
		if (!locale) {
			ret = pg_error(ctx, SD_ERR, -1,
				       "parameter \"locale\" must be "
				       "specified");
			goto fail;
		}
		c->locale = catalog_strdup(ctx->cat, locale);
	} else {
		if (!lc_collate)
			lc_collate = locale;
		if (!lc_ctype)
			lc_ctype = locale;
		if (!lc_collate || !lc_ctype) {
			ret = pg_error(ctx, SD_ERR, -1, "parameter \"%s\" must "
				       "be specified",
				       lc_collate ? "lc_ctype" : "lc_collate");
			goto fail;
		}
		c->lc_collate = catalog_strdup(ctx->cat, lc_collate);
		c->lc_ctype = catalog_strdup(ctx->cat, lc_ctype);
	}
	if (c->provider == 'b' && strcmp(c->locale, "C") &&
	    strcmp(c->locale, "C.UTF-8") && strcmp(c->locale, "PG_C_UTF8") &&
	    strcmp(c->locale, "PG_UNICODE_FAST")) {
		ret = pg_error(ctx, SD_ERR, -1, "invalid locale name \"%s\" "
			       "for builtin provider", c->locale);
		goto fail;
	}
	if (!c->deterministic && c->provider != 'i') {
		ret = pg_error(ctx, SD_ERR, -1, "nondeterministic collations "
			       "not supported with this provider");
		goto fail;
	}
done:
	pg_set_origin(ctx, &c->base);
	pg_dep_schema(ctx, &c->base);
	return 0;
fail:
	catalog_remove(ctx->cat, &c->base);
	return ret;
}

/* Every COLLATE clause stored as old_sql now reads new_sql. */
static void follow_collation(struct pg_ctx *ctx, const char *old_sql,
			     const char *new_sql)
{
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_object *o = ctx->cat->all[i];

		if (catalog_lookup(ctx->cat, o->key) != o)
			continue;
		if (o->kind == SD_TABLE) {
			struct sd_table *t = (struct sd_table *)o;
			for (size_t j = 0; j < t->ncolumns; j++)
				if (t->columns[j].collation &&
				    !strcmp(t->columns[j].collation, old_sql))
					t->columns[j].collation = new_sql;
		} else if (o->kind == SD_TYPE) {
			struct sd_type *ty = (struct sd_type *)o;
			if (ty->collation && !strcmp(ty->collation, old_sql))
				ty->collation = new_sql;
			for (size_t j = 0; j < ty->nattrs; j++)
				if (ty->attrs[j].collation &&
				    !strcmp(ty->attrs[j].collation, old_sql))
					ty->attrs[j].collation = new_sql;
		} else if (o->kind == SD_INDEX) {
			struct sd_index *ix = (struct sd_index *)o;
			for (size_t j = 0; j < ix->nelems; j++)
				if (ix->elems[j].collation &&
				    !strcmp(ix->elems[j].collation, old_sql))
					ix->elems[j].collation = new_sql;
		}
	}
}

int pg_rename_collation(struct pg_ctx *ctx, PgQuery__RenameStmt *s)
{
	const char *schema, *name, *found, *old_key;
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	struct sd_collation *c;
	PgQuery__Node *o = s->object;
	int ret;

	if (!o || o->node_case != PG_QUERY__NODE__NODE_LIST)
		return pg_error(ctx, SD_ERR, -1, "invalid collation name");
	if ((ret = pg_qualified(ctx, o->list->items, o->list->n_items,
				&schema, &name)))
		return ret;
	c = pg_find(ctx, SD_COLLATION, schema, name, &found);
	if (!c) {
		if (s->missing_ok)
			return 0;
		return pg_error(ctx, SD_ERR, -1,
				"collation \"%s\" does not exist",
				pg_qname(ctx, found, name));
	}
	old_key = c->base.key;
	sql_quote_qualified(&from, SQL_POSTGRES, c->base.schema, c->base.name);
	if (catalog_rename(ctx->cat, &c->base, NULL, s->newname)) {
		strbuf_release(&from);
		return pg_error(ctx, SD_ERR, -1,
				"collation \"%s\" already exists in schema "
				"\"%s\"", s->newname, c->base.schema);
	}
	sql_quote_qualified(&to, SQL_POSTGRES, c->base.schema, c->base.name);
	follow_collation(ctx, from.buf, catalog_strdup(ctx->cat, to.buf));
	pg_rekey_deps(ctx, old_key, c->base.key);
	strbuf_release(&from);
	strbuf_release(&to);
	return 0;
}

int parse_alter_collation(struct pg_ctx *ctx, PgQuery__AlterCollationStmt *s)
{
	const char *schema, *name, *found;
	int ret;

	if ((ret = pg_qualified(ctx, s->collname, s->n_collname, &schema,
				&name)))
		return ret;
	if (!pg_find(ctx, SD_COLLATION, schema, name, &found))
		return pg_error(ctx, SD_ERR, -1,
				"collation \"%s\" does not exist",
				pg_qname(ctx, found, name));
	return 0;
}

const char *pg_collation_sql(struct pg_ctx *ctx, struct sd_object *user,
			     PgQuery__Node **names, size_t n)
{
	const char *schema = NULL, *name = NULL, *found;
	struct sd_collation *c = NULL;
	struct strbuf sb = STRBUF_INIT;
	const char *res;

	/* a user collation is written qualified, as the server's catalog
	 * names it; built-in ones (pg_catalog) bare */
	if (ctx->cat && n >= 1 && n <= 2 &&
	    !pg_qualified(ctx, names, n, &schema, &name) &&
	    (!schema || strcmp(schema, "pg_catalog")))
		c = pg_find(ctx, SD_COLLATION, schema, name, &found);
	if (!c)
		return pg_format_collation(ctx, names, n);
	sql_quote_qualified(&sb, SQL_POSTGRES, c->base.schema, c->base.name);
	res = catalog_strdup(ctx->cat, sb.buf);
	strbuf_release(&sb);
	if (user)
		catalog_add_dep(ctx->cat, user, c->base.key);
	return res;
}

void pg_collation_dep(struct pg_ctx *ctx, struct sd_object *user,
		      const char *sql)
{
	struct strbuf q = STRBUF_INIT;

	if (!sql)
		return;
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_object *o = ctx->cat->all[i];

		if (o->kind != SD_COLLATION ||
		    catalog_lookup(ctx->cat, o->key) != o)
			continue;
		strbuf_reset(&q);
		sql_quote_qualified(&q, SQL_POSTGRES, o->schema, o->name);
		if (!strcmp(q.buf, sql)) {
			catalog_add_dep(ctx->cat, user, o->key);
			break;
		}
	}
	strbuf_release(&q);
}
