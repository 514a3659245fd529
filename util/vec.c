/*
 * util/vec.c: see vec.h.
 */
#include "vec.h"

#include <stdio.h>
#include <stdlib.h>

#include "banned.h"

void vec_push(struct vec *v, void *item)
{
	if (v->len == v->alloc) {
		size_t n = v->alloc ? v->alloc * 2 : 16;
		void **p = realloc(v->items, n * sizeof(*p));
		if (!p) {
			fputs("schemadiff: fatal: out of memory\n", stderr);
			abort();
		}
		v->items = p;
		v->alloc = n;
	}
	v->items[v->len++] = item;
}

void vec_release(struct vec *v)
{
	free(v->items);
	v->items = NULL;
	v->len = v->alloc = 0;
}

void vec_sort(struct vec *v, int (*cmp)(const void *a, const void *b))
{
	if (v->len > 1)
		qsort(v->items, v->len, sizeof(*v->items), cmp);
}
