/*
 * util/arena.h: a bump allocator. Everything allocated from an arena is
 * released at once by arena_release(); nothing is freed alone.
 *
 * With the environment variable SCHEMADIFF_ARENA_MALLOC=1 (or when built
 * with -DSD_ARENA_DEBUG) every allocation is a separate malloc, kept on a
 * list, so that AddressSanitizer and valgrind see each object.
 */
#ifndef SD_ARENA_H
#define SD_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;	/* newest block first */
	size_t used;			/* bytes used in head */
	size_t total;			/* bytes handed out, for statistics */
	int debug;			/* one malloc per allocation */
};

#define ARENA_INIT { NULL, 0, 0, -1 }

void arena_init(struct arena *a);
/* Zeroed memory of n bytes, aligned for any type; aborts on out of memory. */
void *arena_alloc(struct arena *a, size_t n);
/* A copy of s (NULL gives NULL). Copies are packed end to end, with no
 * alignment: for text only. */
char *arena_strdup(struct arena *a, const char *s);
/* A copy of the first n bytes of s, NUL-terminated (packed, as above). */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* A printf-formatted string allocated in the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Grow an array: returns a new array of new_n elements of size elem whose
 * first old_n elements are copied from old (old stays allocated). */
void *arena_grow(struct arena *a, const void *old, size_t old_n,
		 size_t new_n, size_t elem);
void arena_release(struct arena *a);

#endif
