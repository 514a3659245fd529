/*
 * tests/util/test_strmap.c: put, get, replace, remove (tombstones), growth
 * to 100,000 keys, iteration.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strmap.h"
#include "util/banned.h"

#define NKEYS 100000

static char **make_keys(size_t n)
{
	char **keys = malloc(n * sizeof(*keys));

	for (size_t i = 0; i < n; i++) {
		keys[i] = malloc(32);
		snprintf(keys[i], 32, "key-%zu", i);
	}
	return keys;
}

static void free_keys(char **keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

Test(strmap, empty)
{
	struct strmap m = STRMAP_INIT;
	size_t it = 0;

	cr_assert_null(strmap_get(&m, "x"));
	cr_assert_not(strmap_contains(&m, "x"));
	cr_assert_null(strmap_remove(&m, "x"));
	cr_assert_not(strmap_next(&m, &it, NULL, NULL));
	strmap_release(&m);
}

Test(strmap, put_get_replace)
{
	struct strmap m;
	int a = 1, b = 2;
	char key2[] = "alpha";	/* equal text, another pointer */

	strmap_init(&m);
	cr_assert_null(strmap_put(&m, "alpha", &a));
	cr_assert_eq(strmap_get(&m, "alpha"), &a);
	cr_assert_eq(strmap_get(&m, key2), &a);
	cr_assert_eq(strmap_put(&m, key2, &b), &a);
	cr_assert_eq(strmap_get(&m, "alpha"), &b);
	cr_assert_eq(m.len, 1);
	cr_assert_null(strmap_get(&m, "alph"));
	cr_assert_null(strmap_get(&m, "alphab"));
	cr_assert_null(strmap_put(&m, "", &a));
	cr_assert_eq(strmap_get(&m, ""), &a);
	cr_assert_eq(m.len, 2);
	strmap_release(&m);
}

Test(strmap, remove_and_tombstones)
{
	struct strmap m = STRMAP_INIT;
	char **keys = make_keys(1000);

	for (size_t i = 0; i < 1000; i++)
		strmap_put(&m, keys[i], keys[i]);
	/* Remove every other key; the others stay reachable past the
	 * tombstones. */
	for (size_t i = 0; i < 1000; i += 2)
		cr_assert_eq(strmap_remove(&m, keys[i]), keys[i]);
	cr_assert_eq(m.len, 500);
	for (size_t i = 0; i < 1000; i++) {
		if (i % 2)
			cr_assert_eq(strmap_get(&m, keys[i]), keys[i]);
		else
			cr_assert_not(strmap_contains(&m, keys[i]));
	}
	cr_assert_null(strmap_remove(&m, keys[0]), "removing twice");
	/* Re-insert into tombstones; churn many times: the table must not
	 * fill up with tombstones. */
	for (int round = 0; round < 50; round++) {
		for (size_t i = 0; i < 1000; i += 2)
			cr_assert_null(strmap_put(&m, keys[i], keys[i]));
		cr_assert_eq(m.len, 1000);
		for (size_t i = 0; i < 1000; i += 2)
			cr_assert_eq(strmap_remove(&m, keys[i]), keys[i]);
		cr_assert_eq(m.len, 500);
	}
	cr_assert(m.used < m.cap, "a free slot remains");
	for (size_t i = 1; i < 1000; i += 2)
		cr_assert_eq(strmap_get(&m, keys[i]), keys[i]);
	strmap_release(&m);
	free_keys(keys, 1000);
}

Test(strmap, growth_100k)
{
	struct strmap m = STRMAP_INIT;
	char **keys = make_keys(NKEYS);
	size_t it = 0, seen = 0;
	const char *k;
	void *v;

	for (size_t i = 0; i < NKEYS; i++)
		cr_assert_null(strmap_put(&m, keys[i], (void *)(uintptr_t)(i + 1)));
	cr_assert_eq(m.len, NKEYS);
	cr_assert(m.cap >= NKEYS);
	cr_assert_eq(m.cap & (m.cap - 1), 0, "power of two");
	for (size_t i = 0; i < NKEYS; i++)
		cr_assert_eq((uintptr_t)strmap_get(&m, keys[i]), i + 1);
	cr_assert_null(strmap_get(&m, "key-100000"));
	while (strmap_next(&m, &it, &k, &v)) {
		size_t i = (uintptr_t)v - 1;
		cr_assert_str_eq(k, keys[i]);
		seen++;
	}
	cr_assert_eq(seen, NKEYS);
	for (size_t i = 0; i < NKEYS; i += 3)
		strmap_remove(&m, keys[i]);
	for (size_t i = 0; i < NKEYS; i++)
		cr_assert_eq(strmap_contains(&m, keys[i]), i % 3 != 0);
	strmap_release(&m);
	free_keys(keys, NKEYS);
}

Test(strmap, hash_is_stable)
{
	/* Output order must never depend on the hash, but it must be
	 * deterministic and spread nearby keys. (The offset basis in
	 * strmap.c is not FNV-1a's 14695981039346656037, so no published
	 * FNV values are asserted here.) */
	char a[] = "key-1";

	cr_assert_eq(strmap_hash("key-1"), strmap_hash(a));
	cr_assert_neq(strmap_hash("key-1"), strmap_hash("key-2"));
	cr_assert_neq(strmap_hash(""), strmap_hash("a"));
}

/* The map owns its keys: a key taken from a buffer that is then reused,
 * grown (moved) and released is still found, and iteration returns the
 * map's own copy (the class of bug of issue #20: a strbuf's buffer stored
 * as a key). */
Test(strmap, keys_are_copied)
{
	struct strmap m = STRMAP_INIT;
	char *buf = malloc(16);
	size_t it = 0, seen = 0;
	const char *k;
	void *v;

	for (size_t i = 0; i < 2000; i++) {
		size_t len = 8 + i % 300;
		buf = realloc(buf, len + 1);
		memset(buf, 'a' + (int)(i % 26), len);
		snprintf(buf, len + 1, "%zu-", i);
		buf[strlen(buf)] = 'x';
		buf[len] = '\0';
		cr_assert_null(strmap_put(&m, buf, (void *)(uintptr_t)(i + 1)));
	}
	memset(buf, 0, 8);
	free(buf);
	buf = NULL;
	for (size_t i = 0; i < 2000; i++) {
		char want[400];
		size_t len = 8 + i % 300;
		memset(want, 'a' + (int)(i % 26), len);
		snprintf(want, len + 1, "%zu-", i);
		want[strlen(want)] = 'x';
		want[len] = '\0';
		cr_assert_eq((uintptr_t)strmap_get(&m, want), i + 1,
			     "key %zu lost", i);
	}
	while (strmap_next(&m, &it, &k, &v)) {
		cr_assert_eq((uintptr_t)strmap_get(&m, k), (uintptr_t)v);
		seen++;
	}
	cr_assert_eq(seen, 2000);
	/* replacing keeps the first copy; a key put again after removal is
	 * copied again */
	{
		char key[] = "again";
		strmap_put(&m, key, (void *)1);
		key[0] = 'A';
		cr_assert_eq((uintptr_t)strmap_get(&m, "again"), 1);
		cr_assert_null(strmap_get(&m, "Again"));
		strmap_remove(&m, "again");
		strmap_put(&m, key, (void *)2);
		key[0] = 'x';
		cr_assert_eq((uintptr_t)strmap_get(&m, "Again"), 2);
	}
	strmap_release(&m);
	cr_assert_eq(m.len, 0);
	cr_assert_null(strmap_get(&m, "Again"));
}
