/*
 * util/strmap.h: an open-addressing hash map from NUL-terminated strings to
 * pointers. The map owns a copy of each key (in its own arena), so a key
 * may be a reused or released buffer (a strbuf's): what strmap_next()
 * returns lives until strmap_release(). The table is malloc'd, and
 * strmap_release() frees it and the keys.
 *
 * Iteration order is hash order: never use it for output.
 */
#ifndef SD_STRMAP_H
#define SD_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

struct strmap_entry {
	const char *key;	/* NULL: empty; STRMAP_TOMBSTONE: deleted */
	uint64_t hash;
	void *value;
};

struct strmap {
	struct strmap_entry *entries;
	size_t cap;		/* a power of two, or 0 */
	size_t len;		/* live entries */
	size_t used;		/* live + tombstones */
	struct arena keys;	/* the copies of the keys */
};

#define STRMAP_INIT { NULL, 0, 0, 0, ARENA_INIT }

uint64_t strmap_hash(const char *key);
void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
/* The value stored under key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key);
int strmap_contains(const struct strmap *m, const char *key);
/* Store value under a copy of key, replacing any earlier value, which is
 * returned (NULL if there was none). */
void *strmap_put(struct strmap *m, const char *key, void *value);
/* Remove key; returns its value or NULL. */
void *strmap_remove(struct strmap *m, const char *key);

/* for (size_t i = 0; strmap_next(m, &i, &k, &v); ) ... */
int strmap_next(const struct strmap *m, size_t *iter, const char **key,
		void **value);

#endif
