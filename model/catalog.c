/*
 * model/catalog.c: the catalog container, identity keys, tables' columns and
 * constraints. Everything is allocated in the catalog's arena.
 */
#include "model/catalog.h"

#include <ctype.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "util/banned.h"

static const struct {
	const char *name;
	const char *ns;		/* key namespace */
	size_t size;
} kinds[SD_KIND__COUNT] = {
	[SD_SCHEMA] = { "schema", "schema", sizeof(struct sd_schema) },
	[SD_EXTENSION] = { "extension", "extension", sizeof(struct sd_extension) },
	[SD_COLLATION] = { "collation", "collation",
			   sizeof(struct sd_collation) },
	[SD_TYPE] = { "type", "type", sizeof(struct sd_type) },
	[SD_SEQUENCE] = { "sequence", "rel", sizeof(struct sd_sequence) },
	[SD_TABLE] = { "table", "rel", sizeof(struct sd_table) },
	[SD_INDEX] = { "index", "rel", sizeof(struct sd_index) },
	[SD_VIEW] = { "view", "rel", sizeof(struct sd_view) },
	[SD_MATVIEW] = { "materialized view", "rel",
			 sizeof(struct sd_matview) },
	[SD_FUNCTION] = { "function", "function", sizeof(struct sd_function) },
	[SD_TRIGGER] = { "trigger", "trigger", sizeof(struct sd_trigger) },
	[SD_POLICY] = { "policy", "policy", sizeof(struct sd_policy) },
	[SD_DEFAULT_ACL] = { "default privileges", "defacl",
			     sizeof(struct sd_default_acl) },
	[SD_OPAQUE] = { "object", "opaque", sizeof(struct sd_opaque) },
	[SD_EVENT] = { "event", "event", sizeof(struct sd_event) },
};

const char *sd_kind_name(enum sd_kind kind)
{
	return (unsigned)kind < SD_KIND__COUNT ? kinds[kind].name : "object";
}

int sd_kind_from_name(const char *name)
{
	for (int k = 0; k < SD_KIND__COUNT; k++)
		if (!strcmp(kinds[k].name, name))
			return k;
	return -1;
}

struct catalog *catalog_new(enum sql_dialect dialect)
{
	struct catalog *cat = calloc(1, sizeof(*cat));
	if (!cat)
		abort();
	arena_init(&cat->arena);
	cat->dialect = dialect;
	strmap_init(&cat->objects);
	return cat;
}

void catalog_free(struct catalog *cat)
{
	if (!cat)
		return;
	catalog_free(cat->owned);
	strmap_release(&cat->objects);
	arena_release(&cat->arena);
	free(cat);
}

void sd_key_format(struct strbuf *out, enum sd_kind kind, const char *schema,
		   const char *name)
{
	/* Names are quoted the PostgreSQL way, so that "a.b"."c" and "a"."b.c"
	 * give different keys whatever the dialect. */
	strbuf_addstr(out, kinds[kind].ns);
	strbuf_addch(out, ':');
	sql_quote_qualified(out, SQL_POSTGRES, schema, name);
}

const char *catalog_key(struct catalog *cat, enum sd_kind kind,
			const char *schema, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	const char *key;

	sd_key_format(&sb, kind, schema, name);
	key = arena_strndup(&cat->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return key;
}

const char *catalog_strdup(struct catalog *cat, const char *s)
{
	return arena_strdup(&cat->arena, s);
}

static void list_object(struct catalog *cat, struct sd_object *obj)
{
	strmap_put(&cat->objects, obj->key, obj);
	if (cat->nall == cat->all_alloc) {
		size_t n = cat->all_alloc ? cat->all_alloc * 2 : 64;
		cat->all = arena_grow(&cat->arena, cat->all, cat->nall, n,
				      sizeof(*cat->all));
		cat->all_alloc = n;
	}
	cat->all[cat->nall++] = obj;
}

void *catalog_add(struct catalog *cat, enum sd_kind kind, const char *schema,
		  const char *name)
{
	const char *key = catalog_key(cat, kind, schema, name);
	struct sd_object *obj;

	if (strmap_contains(&cat->objects, key))
		return NULL;
	obj = arena_alloc(&cat->arena, kinds[kind].size);
	obj->kind = kind;
	obj->schema = arena_strdup(&cat->arena, schema);
	obj->name = arena_strdup(&cat->arena, name);
	obj->key = key;
	obj->serial = cat->next_serial++;
	list_object(cat, obj);
	return obj;
}

void catalog_own(struct catalog *cat, struct catalog *other)
{
	while (cat->owned)
		cat = cat->owned;
	cat->owned = other;
}

void catalog_adopt(struct catalog *cat, struct sd_object *obj)
{
	if (strmap_contains(&cat->objects, obj->key))
		return;
	list_object(cat, obj);
}

struct sd_object *catalog_lookup(const struct catalog *cat, const char *key)
{
	return strmap_get(&cat->objects, key);
}

void *catalog_find(const struct catalog *cat, enum sd_kind kind,
		   const char *schema, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	struct sd_object *obj;

	sd_key_format(&sb, kind, schema, name);
	obj = strmap_get(&cat->objects, sb.buf);
	strbuf_release(&sb);
	if (obj && obj->kind != kind)
		return NULL;
	return obj;
}

void catalog_remove(struct catalog *cat, struct sd_object *obj)
{
	if (strmap_get(&cat->objects, obj->key) == obj)
		strmap_remove(&cat->objects, obj->key);
}

int catalog_rename(struct catalog *cat, struct sd_object *obj,
		   const char *new_schema, const char *new_name)
{
	const char *schema = new_schema ? new_schema : obj->schema;
	const char *name = new_name ? new_name : obj->name;
	const char *key = catalog_key(cat, obj->kind, schema, name);
	struct sd_object *other = strmap_get(&cat->objects, key);

	if (other && other != obj)
		return -1;
	catalog_remove(cat, obj);
	if (new_schema)
		obj->schema = arena_strdup(&cat->arena, new_schema);
	if (new_name)
		obj->name = arena_strdup(&cat->arena, new_name);
	obj->key = key;
	strmap_put(&cat->objects, key, obj);
	return 0;
}

static int cmp_null_str(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : (b ? -1 : 0);
	return strcmp(a, b);
}

static int cmp_objects(const void *pa, const void *pb)
{
	const struct sd_object *a = *(const struct sd_object *const *)pa;
	const struct sd_object *b = *(const struct sd_object *const *)pb;
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = cmp_null_str(a->schema, b->schema)))
		return c;
	return strcmp(a->name, b->name);
}

void catalog_list(const struct catalog *cat, int kind, struct vec *out)
{
	size_t start = out->len;
	struct vec tmp = VEC_INIT;

	for (size_t i = 0; i < cat->nall; i++) {
		struct sd_object *obj = cat->all[i];
		if (kind >= 0 && obj->kind != (enum sd_kind)kind)
			continue;
		if (strmap_get(&cat->objects, obj->key) != obj)
			continue;	/* dropped */
		vec_push(&tmp, obj);
	}
	vec_sort(&tmp, cmp_objects);
	for (size_t i = 0; i < tmp.len; i++)
		vec_push(out, tmp.items[i]);
	vec_release(&tmp);
	(void)start;
}

size_t catalog_count(const struct catalog *cat)
{
	return cat->objects.len;
}

void catalog_add_dep(struct catalog *cat, struct sd_object *obj,
		     const char *dep)
{
	for (size_t i = 0; i < obj->ndeps; i++)
		if (!strcmp(obj->deps[i], dep))
			return;
	if (!strcmp(dep, obj->key))
		return;
	if (obj->ndeps == obj->deps_alloc) {
		size_t n = obj->deps_alloc ? obj->deps_alloc * 2 : 4;
		obj->deps = arena_grow(&cat->arena, obj->deps, obj->ndeps, n,
				       sizeof(*obj->deps));
		obj->deps_alloc = n;
	}
	obj->deps[obj->ndeps++] = arena_strdup(&cat->arena, dep);
}

int table_column_index(const struct sd_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncolumns; i++)
		if (!strcmp(t->columns[i].name, name))
			return (int)i;
	return -1;
}

struct sd_column *table_find_column(const struct sd_table *t, const char *name)
{
	int i = table_column_index(t, name);
	return i < 0 ? NULL : &t->columns[i];
}

struct sd_column *table_add_column(struct catalog *cat, struct sd_table *t,
				   const char *name)
{
	struct sd_column *c;

	if (t->ncolumns == t->columns_alloc) {
		size_t n = t->columns_alloc ? t->columns_alloc * 2 : 8;
		t->columns = arena_grow(&cat->arena, t->columns, t->ncolumns, n,
					sizeof(*t->columns));
		t->columns_alloc = n;
	}
	c = &t->columns[t->ncolumns++];
	memset(c, 0, sizeof(*c));
	c->name = arena_strdup(&cat->arena, name);
	return c;
}

void table_reserve_columns(struct catalog *cat, struct sd_table *t, size_t n)
{
	if (n <= t->columns_alloc)
		return;
	t->columns = arena_grow(&cat->arena, t->columns, t->ncolumns, n,
				sizeof(*t->columns));
	t->columns_alloc = n;
}

void table_remove_column(struct sd_table *t, const char *name)
{
	int i = table_column_index(t, name);
	if (i < 0)
		return;
	memmove(&t->columns[i], &t->columns[i + 1],
		(t->ncolumns - (size_t)i - 1) * sizeof(*t->columns));
	t->ncolumns--;
}

struct sd_constraint *table_find_constraint(const struct sd_table *t,
					    const char *name)
{
	for (size_t i = 0; i < t->nconstraints; i++)
		if (!strcmp(t->constraints[i].name, name))
			return &t->constraints[i];
	return NULL;
}

struct sd_constraint *table_add_constraint(struct catalog *cat,
					   struct sd_table *t,
					   const char *name)
{
	struct sd_constraint *c;

	if (t->nconstraints == t->constraints_alloc) {
		size_t n = t->constraints_alloc ? t->constraints_alloc * 2 : 4;
		t->constraints = arena_grow(&cat->arena, t->constraints,
					    t->nconstraints, n,
					    sizeof(*t->constraints));
		t->constraints_alloc = n;
	}
	c = &t->constraints[t->nconstraints++];
	memset(c, 0, sizeof(*c));
	c->name = arena_strdup(&cat->arena, name);
	c->on_update = c->on_delete = SD_FK_NO_ACTION;
	c->match = SD_FK_MATCH_SIMPLE;
	return c;
}

void table_remove_constraint(struct sd_table *t, const char *name)
{
	for (size_t i = 0; i < t->nconstraints; i++) {
		if (!strcmp(t->constraints[i].name, name)) {
			memmove(&t->constraints[i], &t->constraints[i + 1],
				(t->nconstraints - i - 1) *
					sizeof(*t->constraints));
			t->nconstraints--;
			return;
		}
	}
}

void type_add_label(struct catalog *cat, struct sd_type *t, const char *label,
		    size_t position)
{
	if (position > t->nlabels)
		position = t->nlabels;
	if (t->nlabels == t->labels_alloc) {
		size_t n = t->labels_alloc ? t->labels_alloc * 2 : 8;
		t->labels = arena_grow(&cat->arena, t->labels, t->nlabels, n,
				       sizeof(*t->labels));
		t->labels_alloc = n;
	}
	memmove(&t->labels[position + 1], &t->labels[position],
		(t->nlabels - position) * sizeof(*t->labels));
	t->labels[position] = arena_strdup(&cat->arena, label);
	t->nlabels++;
}

void sd_object_describe(struct strbuf *out, const struct sd_object *obj)
{
	if (obj->kind == SD_OPAQUE) {
		const struct sd_opaque *op = (const struct sd_opaque *)obj;
		for (const char *c = op->objtype; *c; c++)
			strbuf_addch(out, (char)tolower((unsigned char)*c));
		strbuf_addch(out, ' ');
		strbuf_addstr(out, op->identity);
		return;
	}
	strbuf_addstr(out, sd_kind_name(obj->kind));
	strbuf_addch(out, ' ');
	sql_quote_qualified(out, SQL_POSTGRES, obj->schema, obj->name);
}

static int mode_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The combination modes and the modes the server sets with each (it
 * lists the name too), the union of MariaDB 10.11's sets (read from a
 * server) and MySQL 8's (its manual: ANSI with ONLY_FULL_GROUP_BY,
 * TRADITIONAL without NO_AUTO_CREATE_USER, which 8.0 removed). */
static const char *const sql_mode_combos[][2] = {
	{ "ANSI", "REAL_AS_FLOAT,PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,"
	  "ONLY_FULL_GROUP_BY" },
	{ "TRADITIONAL", "STRICT_TRANS_TABLES,STRICT_ALL_TABLES,"
	  "NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
	  "NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION" },
	{ "DB2", "PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,NO_KEY_OPTIONS,"
	  "NO_TABLE_OPTIONS,NO_FIELD_OPTIONS" },
	{ "MAXDB", "PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,NO_KEY_OPTIONS,"
	  "NO_TABLE_OPTIONS,NO_FIELD_OPTIONS,NO_AUTO_CREATE_USER" },
	{ "MSSQL", "PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,NO_KEY_OPTIONS,"
	  "NO_TABLE_OPTIONS,NO_FIELD_OPTIONS" },
	{ "MYSQL323", "HIGH_NOT_PRECEDENCE" },
	{ "MYSQL40", "HIGH_NOT_PRECEDENCE" },
	{ "ORACLE", "PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,NO_KEY_OPTIONS,"
	  "NO_TABLE_OPTIONS,NO_FIELD_OPTIONS,NO_AUTO_CREATE_USER,"
	  "SIMULTANEOUS_ASSIGNMENT" },
	{ "POSTGRESQL", "PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,"
	  "NO_KEY_OPTIONS,NO_TABLE_OPTIONS,NO_FIELD_OPTIONS" },
	{ NULL, NULL }
};

/* mode with the members of each combination mode it names appended. */
static void expand_combos(struct strbuf *out, const char *mode)
{
	const char *p = mode;

	strbuf_addstr(out, mode);
	while (*p) {
		const char *s = p, *e;
		size_t n;

		while (*p && *p != ',')
			p++;
		e = p;
		if (*p)
			p++;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		n = (size_t)(e - s);
		for (size_t i = 0; sql_mode_combos[i][0]; i++)
			if (strlen(sql_mode_combos[i][0]) == n &&
			    !strncasecmp(s, sql_mode_combos[i][0], n)) {
				strbuf_addch(out, ',');
				strbuf_addstr(out, sql_mode_combos[i][1]);
			}
	}
}

/* mode in one spelling: upper case, sorted, no repeats. */
static void mode_canon(struct strbuf *out, const char *mode)
{
	char *copy, **parts, *p;
	size_t n = 0, cap = 1;

	for (const char *q = mode; *q; q++)
		cap += *q == ',';
	copy = strdup(mode);
	parts = calloc(cap, sizeof(*parts));
	if (!copy || !parts)
		abort();
	for (p = copy; p; ) {
		char *end = strchr(p, ','), *s = p, *e;
		if (end)
			*end = '\0';
		while (isspace((unsigned char)*s))
			s++;
		e = s + strlen(s);
		while (e > s && isspace((unsigned char)e[-1]))
			*--e = '\0';
		for (char *c = s; *c; c++)
			*c = (char)toupper((unsigned char)*c);
		if (*s)
			parts[n++] = s;
		p = end ? end + 1 : NULL;
	}
	qsort(parts, n, sizeof(*parts), mode_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i && !strcmp(parts[i], parts[i - 1]))
			continue;
		if (out->len)
			strbuf_addch(out, ',');
		strbuf_addstr(out, parts[i]);
	}
	free(parts);
	free(copy);
}

const char *sd_mysql_sql_mode(struct catalog *cat, const char *mode)
{
	struct strbuf out = STRBUF_INIT;
	const char *ret;

	if (!mode)
		return NULL;
	mode_canon(&out, mode);
	ret = catalog_strdup(cat, out.buf);
	strbuf_release(&out);
	return ret;
}

bool sd_mysql_sql_mode_same(const char *a, const char *b)
{
	struct strbuf ea = STRBUF_INIT, eb = STRBUF_INIT;
	struct strbuf ca = STRBUF_INIT, cb = STRBUF_INIT;
	bool same;

	if (!a || !b || !strcmp(a, b))
		return true;
	expand_combos(&ea, a);
	expand_combos(&eb, b);
	mode_canon(&ca, ea.buf);
	mode_canon(&cb, eb.buf);
	same = !strcmp(ca.buf, cb.buf);
	strbuf_release(&ea);
	strbuf_release(&eb);
	strbuf_release(&ca);
	strbuf_release(&cb);
	return same;
}

bool sd_mysql_charset_same(const char *a, const char *b)
{
	return !a || !b || !strcasecmp(a, b);
}

/* text without comments, white space runs as one space, trimmed. */
static void body_key(struct strbuf *out, const char *p)
{
	bool space = false;

	while (*p) {
		if (*p == '\'' || *p == '"' || *p == '`') {
			char q = *p;

			if (space && out->len)
				strbuf_addch(out, ' ');
			space = false;
			strbuf_addch(out, *p++);
			while (*p && *p != q) {
				if (*p == '\\' && q != '`' && p[1])
					strbuf_addch(out, *p++);
				strbuf_addch(out, *p++);
			}
			if (*p)
				strbuf_addch(out, *p++);
			continue;
		}
		if ((*p == '-' && p[1] == '-' &&
		     (!p[2] || isspace((unsigned char)p[2]))) || *p == '#') {
			while (*p && *p != '\n')
				p++;
			space = true;
			continue;
		}
		if (*p == '/' && p[1] == '*' && p[2] != '!' &&
		    !(p[2] == 'M' && p[3] == '!')) {
			const char *e = strstr(p + 2, "*/");

			p = e ? e + 2 : p + strlen(p);
			space = true;
			continue;
		}
		if (isspace((unsigned char)*p)) {
			space = true;
			p++;
			continue;
		}
		if (space && out->len)
			strbuf_addch(out, ' ');
		space = false;
		strbuf_addch(out, *p++);
	}
}

bool sd_mysql_body_same(const char *a, const char *b)
{
	struct strbuf ka = STRBUF_INIT, kb = STRBUF_INIT;
	bool same;

	if (!a || !b)
		return a == b;
	if (!strcmp(a, b))
		return true;
	body_key(&ka, a);
	body_key(&kb, b);
	same = !strcmp(ka.buf, kb.buf);
	strbuf_release(&ka);
	strbuf_release(&kb);
	return same;
}

static bool is_ascii(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* utf8mb3_x as utf8mb4_x, else coll as it is. */
static void coll_key(struct strbuf *out, const char *coll)
{
	if (!strncasecmp(coll, "utf8mb3_", 8))
		strbuf_addf(out, "utf8mb4_%s", coll + 8);
	else
		strbuf_addstr(out, coll);
}

bool sd_mysql_session_same(const char *def_a, const char *cs_a,
			   const char *coll_a, const char *def_b,
			   const char *cs_b, const char *coll_b)
{
	struct strbuf ka = STRBUF_INIT, kb = STRBUF_INIT;
	bool same;

	if (!is_ascii(def_a) || !is_ascii(def_b))
		return sd_mysql_charset_same(
			       sd_mysql_client_charset(cs_a, def_a),
			       sd_mysql_client_charset(cs_b, def_b)) &&
		       sd_mysql_charset_same(coll_a, coll_b);
	if (!coll_a || !coll_b)
		return true;
	coll_key(&ka, coll_a);
	coll_key(&kb, coll_b);
	same = !strcasecmp(ka.buf, kb.buf);
	strbuf_release(&ka);
	strbuf_release(&kb);
	return same;
}

const char *sd_mysql_client_charset(const char *cs, const char *text)
{
	if (!cs || !text || !strcasecmp(cs, "utf8mb4") ||
	    !strcasecmp(cs, "utf8mb3") || !strcasecmp(cs, "utf8"))
		return cs;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if (*p >= 0x80)
			return NULL;
	return cs;
}

static const char *const kept_table_options[] = {
	"AVG_ROW_LENGTH", "CHECKSUM", "DELAY_KEY_WRITE", "ENCRYPTED",
	"ENCRYPTION_KEY_ID", "IETF_QUOTES", "KEY_BLOCK_SIZE", "MAX_ROWS",
	"MIN_ROWS", "PACK_KEYS", "PAGE_CHECKSUM", "PAGE_COMPRESSED",
	"PAGE_COMPRESSION_LEVEL", "STATS_AUTO_RECALC", "STATS_PERSISTENT",
	"STATS_SAMPLE_PAGES", "TRANSACTIONAL", NULL
};

bool sd_mysql_table_option_kept(const char *key)
{
	for (size_t i = 0; kept_table_options[i]; i++)
		if (!strcasecmp(key, kept_table_options[i]))
			return true;
	return false;
}

const char *sd_mysql_table_option_reset(const char *key, size_t n)
{
	static const char *const zero[] = {
		"AVG_ROW_LENGTH", "CHECKSUM", "DELAY_KEY_WRITE",
		"KEY_BLOCK_SIZE", "MAX_ROWS", "MIN_ROWS", NULL
	};

	for (size_t i = 0; zero[i]; i++)
		if (strlen(zero[i]) == n && !strncasecmp(key, zero[i], n))
			return "0";
	return "DEFAULT";
}

const char *sd_mysql_table_option(struct catalog *cat, const char *options,
				  const char *key, const char *value)
{
	struct strbuf out = STRBUF_INIT, k = STRBUF_INIT;
	const char *p = options ? options : "";
	bool placed = false;
	const char *ret;

	for (const char *c = key; *c; c++)
		strbuf_addch(&k, toupper((unsigned char)*c));
	if (value && (!strcasecmp(value, "default") ||
		      !strcmp(value, sd_mysql_table_option_reset(key,
								 strlen(key)))))
		value = NULL;
	while (*p) {
		const char *end = strchr(p, ' '), *eq = strchr(p, '=');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		size_t kn = eq && eq < p + n ? (size_t)(eq - p) : n;
		int cmp = strncmp(p, k.buf, kn);

		if (!cmp && kn != k.len)
			cmp = kn < k.len ? -1 : 1;
		if (cmp > 0 && !placed && value) {
			if (out.len)
				strbuf_addch(&out, ' ');
			strbuf_addf(&out, "%s=%s", k.buf, value);
			placed = true;
		}
		if (cmp) {
			if (out.len)
				strbuf_addch(&out, ' ');
			strbuf_add(&out, p, n);
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	if (!placed && value) {
		if (out.len)
			strbuf_addch(&out, ' ');
		strbuf_addf(&out, "%s=%s", k.buf, value);
	}
	ret = out.len ? catalog_strdup(cat, out.buf) : NULL;
	strbuf_release(&out);
	strbuf_release(&k);
	return ret;
}

void catalog_resolve_rowtype_deps(struct catalog *cat)
{
	struct strbuf key = STRBUF_INIT;

	for (size_t i = 0; i < cat->nall; i++) {
		struct sd_object *o = cat->all[i];

		for (size_t j = 0; j < o->ndeps; j++) {
			const char *d = o->deps[j];
			const struct sd_object *rel;

			if (strncmp(d, "type:", 5) || catalog_lookup(cat, d))
				continue;
			strbuf_reset(&key);
			strbuf_addf(&key, "rel:%s", d + 5);
			rel = catalog_lookup(cat, key.buf);
			if (rel && (rel->kind == SD_TABLE ||
				    rel->kind == SD_VIEW ||
				    rel->kind == SD_MATVIEW))
				o->deps[j] = rel->key;
		}
	}
	strbuf_release(&key);
}
