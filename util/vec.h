/*
 * util/vec.h: a growable array of pointers, malloc'd, for temporary lists
 * (sorting, work queues). Catalog arrays live in the arena instead (see
 * arena_grow()).
 */
#ifndef SD_VEC_H
#define SD_VEC_H

#include <stddef.h>

struct vec {
	void **items;
	size_t len;
	size_t alloc;
};

#define VEC_INIT { NULL, 0, 0 }

void vec_push(struct vec *v, void *item);
void vec_release(struct vec *v);
void vec_sort(struct vec *v, int (*cmp)(const void *a, const void *b));

#endif
