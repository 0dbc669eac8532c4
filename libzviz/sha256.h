/* libzviz: SHA-256 (FIPS 180-4), for the policy.bin checksum and digests.
 * Kept in the library so the loader needs no crypto dependency. */
#ifndef ZVIZ_SHA256_H
#define ZVIZ_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define ZVIZ_SHA256_LEN 32

struct zviz_sha256 {
	uint32_t state[8];
	uint64_t total_len;     /* bytes hashed so far */
	uint8_t block[64];      /* pending partial block */
	size_t block_len;
};

void zviz_sha256_init(struct zviz_sha256 *ctx);
void zviz_sha256_update(struct zviz_sha256 *ctx, const void *data, size_t len);
void zviz_sha256_final(struct zviz_sha256 *ctx, uint8_t out[ZVIZ_SHA256_LEN]);

/* One-shot convenience. */
void zviz_sha256(const void *data, size_t len, uint8_t out[ZVIZ_SHA256_LEN]);

/* Writes the 64 lowercase hex digits and a NUL into HEX. */
void zviz_sha256_hex(const uint8_t digest[ZVIZ_SHA256_LEN], char hex[2 * ZVIZ_SHA256_LEN + 1]);

#endif
