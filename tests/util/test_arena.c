/*
 * tests/util/test_arena.c: arena allocations are zeroed, aligned, survive
 * until arena_release(), in both block and debug (malloc) modes.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "util/arena.h"
#include "util/banned.h"

static void exercise(struct arena *a)
{
	char *ptrs[2000];

	for (int i = 0; i < 2000; i++) {
		size_t n = (size_t)(i % 97) + 1;
		ptrs[i] = arena_alloc(a, n);
		cr_assert_eq((uintptr_t)ptrs[i] % 16, 0, "aligned");
		for (size_t k = 0; k < n; k++)
			cr_assert_eq(ptrs[i][k], 0, "zeroed");
		memset(ptrs[i], i & 0xff, n);
	}
	/* Nothing overlapped: each block still holds its own byte. */
	for (int i = 0; i < 2000; i++) {
		size_t n = (size_t)(i % 97) + 1;
		for (size_t k = 0; k < n; k++)
			cr_assert_eq((unsigned char)ptrs[i][k], i & 0xff);
	}
	/* A large object next to small ones. */
	char *big = arena_alloc(a, 1 << 20);
	char *small = arena_alloc(a, 8);
	memset(big, 1, 1 << 20);
	cr_assert_eq(small[0], 0);
	arena_release(a);
	cr_assert_null(a->head);
}

Test(arena, block_mode)
{
	struct arena a;

	arena_init(&a);
	a.debug = 0;
	exercise(&a);
}

Test(arena, debug_mode)
{
	struct arena a;

	arena_init(&a);
	a.debug = 1;
	exercise(&a);
}

Test(arena, static_init)
{
	struct arena a = ARENA_INIT;
	int *p = arena_alloc(&a, sizeof(int) * 4);

	cr_assert_eq(p[3], 0);
	arena_release(&a);
}

Test(arena, strings)
{
	struct arena a;
	char *s;

	arena_init(&a);
	cr_assert_null(arena_strdup(&a, NULL));
	cr_assert_str_eq(arena_strdup(&a, "hello"), "hello");
	s = arena_strndup(&a, "hello world", 5);
	cr_assert_str_eq(s, "hello");
	cr_assert_str_eq(arena_strndup(&a, "", 0), "");
	cr_assert_str_eq(arena_printf(&a, "%s-%d-%c", "x", 12, 'z'), "x-12-z");
	cr_assert_str_eq(arena_printf(&a, "%s", ""), "");
	arena_release(&a);
}

Test(arena, grow)
{
	struct arena a;
	int *v = NULL;
	size_t n = 0;

	arena_init(&a);
	for (int i = 0; i < 100; i++) {
		v = arena_grow(&a, v, n, n + 1, sizeof(*v));
		v[n++] = i;
	}
	for (int i = 0; i < 100; i++)
		cr_assert_eq(v[i], i);
	v = arena_grow(&a, v, n, 10, sizeof(*v));	/* shrink copies a prefix */
	cr_assert_eq(v[9], 9);
	arena_release(&a);
}
