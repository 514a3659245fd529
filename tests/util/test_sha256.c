/*
 * tests/util/test_sha256.c: SHA-256 against the FIPS 180-2 test vectors,
 * fed whole and in odd-sized pieces.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "util/sha256.h"
#include "util/banned.h"

static void hash_hex(const void *data, size_t len, size_t piece,
		     char hex[SHA256_HEX_SIZE])
{
	struct sha256_ctx ctx;
	unsigned char d[SHA256_DIGEST_SIZE];
	const unsigned char *p = data;

	sha256_init(&ctx);
	if (!piece)
		piece = len ? len : 1;
	while (len) {
		size_t n = len < piece ? len : piece;
		sha256_update(&ctx, p, n);
		p += n;
		len -= n;
	}
	sha256_final(&ctx, d);
	sha256_hex(d, hex);
}

Test(sha256, abc)
{
	char hex[SHA256_HEX_SIZE];

	hash_hex("abc", 3, 0, hex);
	cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

Test(sha256, empty)
{
	char hex[SHA256_HEX_SIZE];

	hash_hex("", 0, 0, hex);
	cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test(sha256, message_448_bits)
{
	static const char msg[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	const char *want = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
	char hex[SHA256_HEX_SIZE];
	size_t piece;

	for (piece = 0; piece <= 64; piece++) {
		hash_hex(msg, strlen(msg), piece, hex);
		cr_assert_str_eq(hex, want, "piece size %zu", piece);
	}
}

Test(sha256, message_896_bits)
{
	static const char msg[] =
		"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		"hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	char hex[SHA256_HEX_SIZE];

	hash_hex(msg, strlen(msg), 7, hex);
	cr_assert_str_eq(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

Test(sha256, million_a)
{
	char buf[1000];
	struct sha256_ctx ctx;
	unsigned char d[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE];

	memset(buf, 'a', sizeof(buf));
	sha256_init(&ctx);
	for (int i = 0; i < 1000; i++)
		sha256_update(&ctx, buf, sizeof(buf));
	sha256_final(&ctx, d);
	sha256_hex(d, hex);
	cr_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
