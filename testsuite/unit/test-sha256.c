/* SHA-256 against the FIPS 180-4 example vectors, and streaming in pieces
 * of every size against the one-shot digest. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sha256.h"

static void expect_hex(const void *data, size_t len, const char *hex)
{
	uint8_t digest[ZVIZ_SHA256_LEN];
	char got[2 * ZVIZ_SHA256_LEN + 1];

	zviz_sha256(data, len, digest);
	zviz_sha256_hex(digest, got);
	assert_string_equal(got, hex);
}

static void test_empty(void **state)
{
	(void)state;
	expect_hex("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_abc(void **state)
{
	(void)state;
	expect_hex("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_two_blocks(void **state)
{
	const char *msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	(void)state;
	expect_hex(msg, strlen(msg), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_million_a(void **state)
{
	size_t len = 1000000;
	char *msg = malloc(len);

	(void)state;
	assert_non_null(msg);
	memset(msg, 'a', len);
	expect_hex(msg, len, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(msg);
}

/* Lengths around the 55/56/64-byte padding boundaries, fed in uneven
 * pieces, must give the one-shot digest. */
static void test_streaming(void **state)
{
	uint8_t data[200];

	(void)state;
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 3);
	for (size_t len = 0; len <= sizeof(data); len++) {
		for (size_t piece = 1; piece <= 70; piece += 3) {
			uint8_t want[ZVIZ_SHA256_LEN], got[ZVIZ_SHA256_LEN];
			struct zviz_sha256 ctx;

			zviz_sha256(data, len, want);
			zviz_sha256_init(&ctx);
			for (size_t off = 0; off < len; off += piece)
				zviz_sha256_update(&ctx, data + off, len - off < piece ? len - off : piece);
			zviz_sha256_final(&ctx, got);
			assert_memory_equal(got, want, sizeof(want));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_abc),
		cmocka_unit_test(test_two_blocks),
		cmocka_unit_test(test_million_a),
		cmocka_unit_test(test_streaming),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
