/*
 * model/catalog_type.c: the parts of user types other than enum labels:
 * a domain's CHECK constraints, a composite type's attributes, and the
 * server's default multirange name of a range type.
 *
 * Memory: every array and string is allocated in the catalog's arena.
 */
#include "model/catalog.h"

#include <string.h>

#include "util/banned.h"

struct sd_constraint *type_find_check(const struct sd_type *t,
				      const char *name)
{
	for (size_t i = 0; i < t->nchecks; i++)
		if (!strcmp(t->checks[i].name, name))
			return &t->checks[i];
	return NULL;
}

struct sd_constraint *type_add_check(struct catalog *cat, struct sd_type *t,
				     const char *name)
{
	struct sd_constraint *c;

	if (t->nchecks == t->checks_alloc) {
		size_t n = t->checks_alloc ? t->checks_alloc * 2 : 4;
		t->checks = arena_grow(&cat->arena, t->checks, t->nchecks, n,
				       sizeof(*t->checks));
		t->checks_alloc = n;
	}
	c = &t->checks[t->nchecks++];
	memset(c, 0, sizeof(*c));
	c->name = arena_strdup(&cat->arena, name);
	c->type = SD_CON_CHECK;
	c->on_update = c->on_delete = SD_FK_NO_ACTION;
	c->match = SD_FK_MATCH_SIMPLE;
	return c;
}

void type_remove_check(struct sd_type *t, const char *name)
{
	for (size_t i = 0; i < t->nchecks; i++) {
		if (!strcmp(t->checks[i].name, name)) {
			memmove(&t->checks[i], &t->checks[i + 1],
				(t->nchecks - i - 1) * sizeof(*t->checks));
			t->nchecks--;
			return;
		}
	}
}

struct sd_column *type_find_attr(const struct sd_type *t, const char *name)
{
	for (size_t i = 0; i < t->nattrs; i++)
		if (!strcmp(t->attrs[i].name, name))
			return &t->attrs[i];
	return NULL;
}

struct sd_column *type_add_attr(struct catalog *cat, struct sd_type *t,
				const char *name)
{
	struct sd_column *c;

	if (t->nattrs == t->attrs_alloc) {
		size_t n = t->attrs_alloc ? t->attrs_alloc * 2 : 8;
		t->attrs = arena_grow(&cat->arena, t->attrs, t->nattrs, n,
				      sizeof(*t->attrs));
		t->attrs_alloc = n;
	}
	c = &t->attrs[t->nattrs++];
	memset(c, 0, sizeof(*c));
	c->name = arena_strdup(&cat->arena, name);
	return c;
}

void type_remove_attr(struct sd_type *t, const char *name)
{
	for (size_t i = 0; i < t->nattrs; i++) {
		if (!strcmp(t->attrs[i].name, name)) {
			memmove(&t->attrs[i], &t->attrs[i + 1],
				(t->nattrs - i - 1) * sizeof(*t->attrs));
			t->nattrs--;
			return;
		}
	}
}

/* Bytes of s that fit in max without cutting a UTF-8 character. */
static size_t clip_utf8(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

void pg_multirange_name(struct strbuf *out, const char *range_name)
{
	const char *r = strstr(range_name, "range");
	size_t start = out->len;

	if (r) {
		strbuf_add(out, range_name, (size_t)(r - range_name));
		strbuf_addstr(out, "multi");
		strbuf_addstr(out, r);
	} else {
		/* the name is cut to NAMEDATALEN - 12 bytes first */
		size_t n = strlen(range_name);
		strbuf_add(out, range_name, n > 52 ? 52 : n);
		strbuf_addstr(out, "_multirange");
	}
	strbuf_setlen(out, start + clip_utf8(out->buf + start, out->len - start,
					    63));
}
