/*
 * util/strmap.c: open addressing with linear probing; see strmap.h.
 */
#include "strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const char strmap_tombstone[1];
#define TOMBSTONE (strmap_tombstone)

uint64_t strmap_hash(const char *key)
{
	/* FNV-1a, 64-bit */
	uint64_t h = 14695981039346656037ULL;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	return h;
}

void strmap_init(struct strmap *m)
{
	m->entries = NULL;
	m->cap = m->len = m->used = 0;
	arena_init(&m->keys);
}

void strmap_release(struct strmap *m)
{
	free(m->entries);
	arena_release(&m->keys);
	strmap_init(m);
}

static struct strmap_entry *strmap_find(const struct strmap *m,
					const char *key, uint64_t h)
{
	size_t mask, i;

	if (!m->cap)
		return NULL;
	mask = m->cap - 1;
	for (i = h & mask;; i = (i + 1) & mask) {
		struct strmap_entry *e = &m->entries[i];
		if (!e->key)
			return NULL;
		if (e->key != TOMBSTONE && e->hash == h && !strcmp(e->key, key))
			return e;
	}
}

static void strmap_resize(struct strmap *m, size_t cap)
{
	struct strmap_entry *old = m->entries;
	size_t oldcap = m->cap;

	m->entries = calloc(cap, sizeof(*m->entries));
	if (!m->entries) {
		fputs("schemadiff: fatal: out of memory\n", stderr);
		abort();
	}
	m->cap = cap;
	m->len = m->used = 0;
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i].key && old[i].key != TOMBSTONE) {
			size_t mask = cap - 1, j;
			for (j = old[i].hash & mask; m->entries[j].key;
			     j = (j + 1) & mask)
				;
			m->entries[j] = old[i];
			m->len++;
			m->used++;
		}
	}
	free(old);
}

void *strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_entry *e = strmap_find(m, key, strmap_hash(key));
	return e ? e->value : NULL;
}

int strmap_contains(const struct strmap *m, const char *key)
{
	return strmap_find(m, key, strmap_hash(key)) != NULL;
}

void *strmap_put(struct strmap *m, const char *key, void *value)
{
	uint64_t h = strmap_hash(key);
	struct strmap_entry *e = strmap_find(m, key, h);
	size_t mask, i;

	if (e) {
		void *old = e->value;
		e->value = value;
		return old;
	}
	if ((m->used + 1) * 4 >= m->cap * 3)
		strmap_resize(m, m->cap ? (m->len * 2 >= m->cap ? m->cap * 2 : m->cap) : 16);
	mask = m->cap - 1;
	for (i = h & mask; m->entries[i].key && m->entries[i].key != TOMBSTONE;
	     i = (i + 1) & mask)
		;
	if (!m->entries[i].key)
		m->used++;
	m->entries[i].key = arena_strdup(&m->keys, key);
	m->entries[i].hash = h;
	m->entries[i].value = value;
	m->len++;
	return NULL;
}

void *strmap_remove(struct strmap *m, const char *key)
{
	struct strmap_entry *e = strmap_find(m, key, strmap_hash(key));
	void *old;

	if (!e)
		return NULL;
	old = e->value;
	e->key = TOMBSTONE;
	e->value = NULL;
	m->len--;
	return old;
}

int strmap_next(const struct strmap *m, size_t *iter, const char **key,
		void **value)
{
	while (*iter < m->cap) {
		struct strmap_entry *e = &m->entries[(*iter)++];
		if (e->key && e->key != TOMBSTONE) {
			if (key)
				*key = e->key;
			if (value)
				*value = e->value;
			return 1;
		}
	}
	return 0;
}
