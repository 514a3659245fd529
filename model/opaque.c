/*
 * model/opaque.c: the PostgreSQL kinds carried as SQL text (struct
 * sd_opaque): their table (sd_opaque_kinds[]: one row per kind, which is
 * all a new kind needs here), their identity keys, and the dependencies
 * read from their definitions once a catalog is complete.
 *
 * Memory: everything is allocated in the catalog's arena.
 */
#include "model/catalog.h"

#include <string.h>

#include "util/banned.h"

/* Kinds pg_dump --schema-only can emit that schemadiff does not model
 * field by field. */
const struct sd_opaque_kind sd_opaque_kinds[] = {
	{ "LANGUAGE", true, false },
	{ "ACCESS METHOD", true, false },
	{ "FOREIGN DATA WRAPPER", true, false },
	{ "SERVER", true, false },
	{ "USER MAPPING", true, false },
	{ "AGGREGATE", true, true },
	{ "OPERATOR", true, true },
	{ "OPERATOR FAMILY", true, true },
	{ "OPERATOR CLASS", true, true },
	{ "CAST", true, false },
	{ "CONVERSION", true, true },
	{ "TRANSFORM", true, false },
	{ "TEXT SEARCH PARSER", true, true },
	{ "TEXT SEARCH TEMPLATE", true, true },
	{ "TEXT SEARCH DICTIONARY", true, true },
	{ "TEXT SEARCH CONFIGURATION", true, true },
	{ "FOREIGN TABLE", true, true },
	{ "RULE", false, true },
	{ "STATISTICS", false, true },
	{ "PUBLICATION", false, false },
	{ "EVENT TRIGGER", false, false },
};
const size_t sd_opaque_nkinds = sizeof(sd_opaque_kinds) /
				sizeof(*sd_opaque_kinds);

int sd_opaque_kind_find(const char *objtype)
{
	for (size_t i = 0; i < sd_opaque_nkinds; i++)
		if (!strcmp(sd_opaque_kinds[i].objtype, objtype))
			return (int)i;
	return -1;
}

static void opaque_name(struct strbuf *out, int kind, const char *bare)
{
	strbuf_addstr(out, sd_opaque_kinds[kind].objtype);
	strbuf_addch(out, ' ');
	strbuf_addstr(out, bare);
}

struct sd_opaque *catalog_add_opaque(struct catalog *cat, int kind,
				     const char *schema,
				     const char *bare_identity,
				     const char *identity)
{
	struct strbuf name = STRBUF_INIT;
	struct sd_opaque *op;

	opaque_name(&name, kind, bare_identity);
	op = catalog_add(cat, SD_OPAQUE, schema, name.buf);
	strbuf_release(&name);
	if (!op)
		return NULL;
	op->kind = kind;
	op->objtype = sd_opaque_kinds[kind].objtype;
	op->identity = catalog_strdup(cat, identity);
	return op;
}

struct sd_opaque *catalog_find_opaque(const struct catalog *cat, int kind,
				      const char *schema,
				      const char *bare_identity)
{
	struct strbuf name = STRBUF_INIT;
	struct sd_opaque *op;

	opaque_name(&name, kind, bare_identity);
	op = catalog_find(cat, SD_OPAQUE, schema, name.buf);
	strbuf_release(&name);
	return op;
}

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '$' ||
	       (unsigned char)c >= 0x80;
}

/* Does text name qname (an identifier as SQL writes it) as a whole word,
 * unqualified or qualified by schema (NULL: no schema may qualify it)? */
static bool text_names(const char *text, const char *qname,
		       const char *schema)
{
	size_t n = strlen(qname);
	const char *p = text;

	if (!text || !n)
		return false;
	while ((p = strstr(p, qname))) {
		const char *after = p + n;
		bool ok = (p == text || (!ident_char(p[-1]) && p[-1] != '"')) &&
			  !ident_char(*after) && *after != '"';

		if (ok && p > text && p[-1] == '.') {
			struct strbuf sch = STRBUF_INIT;
			size_t sl;

			if (schema)
				sql_quote_ident(&sch, SQL_POSTGRES, schema);
			sl = sch.len;
			ok = schema && (size_t)(p - 1 - text) >= sl &&
			     !strncmp(p - 1 - sl, sch.buf, sl);
			strbuf_release(&sch);
		}
		if (ok)
			return true;
		p += n;
	}
	return false;
}

/* The word other objects' definitions name obj by, or NULL when they do
 * not (an opaque kind whose identity is more than a name). */
static void name_word(struct strbuf *out, const struct sd_object *obj)
{
	const char *name = obj->name;

	switch (obj->kind) {
	case SD_FUNCTION:
		name = ((const struct sd_function *)obj)->fname;
		break;
	case SD_TABLE:
	case SD_VIEW:
	case SD_MATVIEW:
	case SD_TYPE:
		break;
	case SD_OPAQUE: {
		/* the name its identity starts with ("f USING btree",
		 * "agg(integer)"); none for casts, user mappings, transforms
		 * and rules, which nothing names */
		const struct sd_opaque *op = (const struct sd_opaque *)obj;
		const char *p = op->base.name + strlen(op->objtype) + 1;
		size_t n;

		if (!strcmp(op->objtype, "RULE") || *p == '(' ||
		    !strncmp(p, "FOR ", 4))
			return;
		if (*p == '"') {
			/* a quoted name: as it is written, quotes and all */
			const char *q = p + 1;
			while (*q && !(*q == '"' && q[1] != '"'))
				q += *q == '"' ? 2 : 1;
			n = (size_t)(q - p) + (*q ? 1 : 0);
			strbuf_add(out, p, n);
			return;
		}
		n = strcspn(p, " (");
		if (!n || !(ident_char(*p) && !(*p >= '0' && *p <= '9')))
			return;
		strbuf_add(out, p, n);
		return;
	}
	default:
		return;
	}
	sql_quote_ident(out, SQL_POSTGRES, name);
}

static bool has_dep(const struct sd_object *obj, const char *key)
{
	for (size_t i = 0; i < obj->ndeps; i++)
		if (!strcmp(obj->deps[i], key))
			return true;
	return false;
}

/* Does obj (an index, view or materialized view) name word in its
 * expressions or query? */
static bool uses_word(const struct sd_object *obj, const char *word,
		      const char *schema)
{
	switch (obj->kind) {
	case SD_INDEX: {
		const struct sd_index *ix = (const struct sd_index *)obj;
		for (size_t e = 0; e < ix->nelems; e++)
			if (text_names(ix->elems[e].expr, word, schema))
				return true;
		return text_names(ix->predicate, word, schema);
	}
	case SD_VIEW:
		return text_names(((const struct sd_view *)obj)->query, word,
				  schema);
	case SD_MATVIEW:
		return text_names(((const struct sd_matview *)obj)->query,
				  word, schema);
	default:
		return false;
	}
}

void catalog_opaque_deps(struct catalog *cat)
{
	struct vec all = VEC_INIT, ops = VEC_INIT;
	struct strbuf word = STRBUF_INIT;

	catalog_list(cat, SD_OPAQUE, &ops);
	if (!ops.len)
		goto out;
	catalog_list(cat, -1, &all);
	for (size_t i = 0; i < ops.len; i++) {
		struct sd_opaque *op = ops.items[i];

		if (op->base.schema) {
			struct strbuf key = STRBUF_INIT;
			sd_key_format(&key, SD_SCHEMA, NULL, op->base.schema);
			if (catalog_lookup(cat, key.buf))
				catalog_add_dep(cat, &op->base, key.buf);
			strbuf_release(&key);
		}
		for (size_t j = 0; j < all.len; j++) {
			struct sd_object *t = all.items[j];

			if (t == &op->base)
				continue;
			strbuf_reset(&word);
			name_word(&word, t);
			if (!word.len ||
			    !text_names(op->definition, word.buf, t->schema))
				continue;
			/* no cycle between two opaque objects */
			if (t->kind == SD_OPAQUE && has_dep(t, op->base.key))
				continue;
			catalog_add_dep(cat, &op->base, t->key);
		}
	}
	/* what relations use: an aggregate in a view, a text search
	 * configuration in an index, a foreign table a view reads */
	for (size_t i = 0; i < ops.len; i++) {
		struct sd_opaque *op = ops.items[i];

		if (!sd_opaque_kinds[op->kind].early)
			continue;
		strbuf_reset(&word);
		name_word(&word, &op->base);
		if (!word.len)
			continue;
		for (size_t j = 0; j < all.len; j++) {
			struct sd_object *t = all.items[j];

			if (uses_word(t, word.buf, op->base.schema) &&
			    !has_dep(&op->base, t->key))
				catalog_add_dep(cat, t, op->base.key);
		}
	}
out:
	strbuf_release(&word);
	vec_release(&all);
	vec_release(&ops);
}

bool catalog_opaque_names(const struct catalog *cat, const char *objtype,
			  const struct sd_object *obj)
{
	struct vec ops = VEC_INIT;
	struct strbuf word = STRBUF_INIT;
	bool found = false;

	name_word(&word, obj);
	catalog_list(cat, SD_OPAQUE, &ops);
	for (size_t i = 0; i < ops.len && word.len && !found; i++) {
		const struct sd_opaque *op = ops.items[i];

		found = !strcmp(op->objtype, objtype) &&
			text_names(op->definition, word.buf, obj->schema);
	}
	strbuf_release(&word);
	vec_release(&ops);
	return found;
}
