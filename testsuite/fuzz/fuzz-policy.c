/* libFuzzer harness for the policy.bin reader.  Any input must either be
 * refused with a message or decode to a policy that re-encodes to the very
 * same bytes; anything else (a crash, a leak, a silent rewrite) is a bug.
 *
 * Random bytes almost never carry a valid checksum, so each input is also
 * tried "resealed": its length field, digest and checksum made to agree
 * with its content, which sends the fuzzer past the checksum into the
 * section walk and the field checks. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_one(const uint8_t *data, size_t size)
{
	struct zviz_policy policy;
	struct zviz_error err = { "" };
	uint8_t *again;
	size_t again_len;

	if (zviz_policy_decode(data, size, &policy, &err) < 0) {
		if (err.msg[0] == '\0')
			abort();        /* refused without saying why */
		return;
	}
	if (zviz_policy_encode(&policy, &again, &again_len, &err) < 0) {
		fprintf(stderr, "accepted blob does not re-encode: %s\n", err.msg);
		abort();
	}
	if (again_len != size || memcmp(again, data, size) != 0) {
		fprintf(stderr, "accepted blob re-encodes to other bytes\n");
		abort();
	}
	free(again);
	zviz_policy_free(&policy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *sealed;

	check_one(data, size);
	if (size < ZVIZ_POLICY_HEADER_SIZE || size > ZVIZ_POLICY_MAX_SIZE)
		return 0;
	sealed = malloc(size);
	if (sealed == NULL)
		return 0;
	memcpy(sealed, data, size);
	zviz_store_le64(sealed + 16, size);
	if (zviz_policy_reseal(sealed, size) == 0)
		check_one(sealed, size);
	free(sealed);
	return 0;
}
