/*
 * util/sha256.h: SHA-256 (FIPS 180-4), small and dependency-free, for the
 * checksums of version source files.
 *
 * Memory: a struct sha256_ctx lives wherever the caller puts it (usually on
 * the stack); nothing is allocated.
 */
#ifndef SD_SHA256_H
#define SD_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_HEX_SIZE (2 * SHA256_DIGEST_SIZE + 1)	/* with the NUL */

struct sha256_ctx {
	uint32_t state[8];
	uint64_t nbytes;		/* message length so far, in bytes */
	unsigned char buf[64];		/* a partial block */
	size_t buflen;
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
/* Finish and write the digest; ctx must be initialized again to be reused. */
void sha256_final(struct sha256_ctx *ctx,
		  unsigned char digest[SHA256_DIGEST_SIZE]);
/* Write digest as 64 lower-case hex digits and a NUL into hex. */
void sha256_hex(const unsigned char digest[SHA256_DIGEST_SIZE],
		char hex[SHA256_HEX_SIZE]);

#endif
