/*
 * util/arena.c: bump allocator with large blocks; see arena.h.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define ARENA_BLOCK_SIZE (64 * 1024)
/* The first block is small and each new one twice the last, up to
 * ARENA_BLOCK_SIZE: an arena that holds a few strings (a map's keys)
 * costs a few hundred bytes, not 64 KiB. */
#define ARENA_FIRST_BLOCK 512
#define ARENA_ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t size;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("schemadiff: fatal: out of memory\n", stderr);
		abort();
	}
	return p;
}

static int arena_debug_default(void)
{
#ifdef SD_ARENA_DEBUG
	return 1;
#else
	const char *e = getenv("SCHEMADIFF_ARENA_MALLOC");
	return e && *e && strcmp(e, "0") != 0;
#endif
}

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->total = 0;
	a->debug = arena_debug_default();
}

static struct arena_block *arena_new_block(struct arena *a, size_t size)
{
	struct arena_block *b = xmalloc(sizeof(*b) + size);
	b->size = size;
	b->next = a->head;
	a->head = b;
	a->used = 0;
	return b;
}

/* n bytes at the given alignment (a power of two, at most ARENA_ALIGN),
 * zeroed. */
static void *arena_take(struct arena *a, size_t n, size_t align)
{
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	size_t start;
	void *p;

	if (a->debug < 0)
		a->debug = arena_debug_default();
	if (need == 0)
		need = ARENA_ALIGN;
	a->total += need;
	if (a->debug) {
		/* One block per allocation; the head block stays the newest. */
		struct arena_block *b = xmalloc(sizeof(*b) + n);
		b->size = 0;
		if (a->head) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = NULL;
			a->head = b;
		}
		memset(b->data, 0, n);
		return b->data;
	}
	start = (a->used + align - 1) & ~(align - 1);
	if (!a->head || a->head->size < start || a->head->size - start < n) {
		if (need > ARENA_BLOCK_SIZE / 4) {
			/* A large object gets a block of its own behind the head,
			 * so the head's free space is not wasted. */
			struct arena_block *b = xmalloc(sizeof(*b) + need);
			b->size = need;
			if (a->head) {
				b->next = a->head->next;
				a->head->next = b;
			} else {
				b->next = NULL;
				a->head = b;
				a->used = need;
			}
			memset(b->data, 0, need);
			return b->data;
		}
		{
			size_t size = ARENA_FIRST_BLOCK;
			if (a->head)
				size = a->head->size >= ARENA_BLOCK_SIZE / 2
					       ? ARENA_BLOCK_SIZE
					       : a->head->size * 2;
			if (size < need)
				size = need;
			arena_new_block(a, size);
		}
		start = 0;
	}
	p = a->head->data + start;
	a->used = start + n;
	memset(p, 0, n);
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return arena_take(a, n ? n : 1, ARENA_ALIGN);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	/* text needs no alignment: strings are packed end to end (most
	 * names are far shorter than ARENA_ALIGN) */
	char *p = arena_take(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap, ap2;
	int n;
	char *p;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

void *arena_grow(struct arena *a, const void *old, size_t old_n, size_t new_n,
		 size_t elem)
{
	void *p = arena_alloc(a, new_n * elem);
	if (old && old_n)
		memcpy(p, old, (old_n < new_n ? old_n : new_n) * elem);
	return p;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
	a->total = 0;
}
