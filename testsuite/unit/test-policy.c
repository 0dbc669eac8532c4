/* policy.bin: round trips of every section, determinism, and a reader
 * that refuses every truncation and corruption with a precise error and
 * never crashes. */
#include <config.h>

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "bytes.h"
#include "landlock-abi.h"
#include "policy.h"
#include "sample-policy.h"

/* ---- helpers ------------------------------------------------------------ */

static uint8_t *encode_ok(const struct zviz_policy *p, size_t *len)
{
	struct zviz_error err = { "" };
	uint8_t *blob = NULL;

	if (zviz_policy_encode(p, &blob, len, &err) < 0)
		fail_msg("encode failed: %s", err.msg);
	return blob;
}

/* Decodes BLOB, re-encodes the result and requires the same bytes: the
 * reader lost nothing and the encoding is canonical. */
static void expect_round_trip(const uint8_t *blob, size_t len)
{
	struct zviz_policy back;
	struct zviz_error err = { "" };
	uint8_t *again;
	size_t again_len;

	if (zviz_policy_decode(blob, len, &back, &err) < 0)
		fail_msg("decode failed: %s", err.msg);
	again = encode_ok(&back, &again_len);
	assert_int_equal(again_len, len);
	assert_memory_equal(again, blob, len);
	free(again);
	zviz_policy_free(&back);
}

static void expect_decode_error(const uint8_t *blob, size_t len, const char *want)
{
	struct zviz_policy p;
	struct zviz_error err = { "" };

	if (zviz_policy_decode(blob, len, &p, &err) == 0) {
		zviz_policy_free(&p);
		fail_msg("decode accepted a blob that should fail with \"%s\"", want);
	}
	if (strstr(err.msg, want) == NULL)
		fail_msg("error \"%s\" does not say \"%s\"", err.msg, want);
}

static void expect_encode_error(const struct zviz_policy *p, const char *want)
{
	struct zviz_error err = { "" };
	uint8_t *blob = NULL;
	size_t len = 0;

	if (zviz_policy_encode(p, &blob, &len, &err) == 0) {
		free(blob);
		fail_msg("encode accepted a policy that should fail with \"%s\"", want);
	}
	assert_null(blob);
	if (strstr(err.msg, want) == NULL)
		fail_msg("error \"%s\" does not say \"%s\"", err.msg, want);
}

/* Offset of the payload of the section of TYPE in a well-formed blob. */
static size_t section_payload(const uint8_t *blob, size_t len, uint32_t type)
{
	size_t off = ZVIZ_POLICY_HEADER_SIZE;

	while (off + ZVIZ_SECTION_HEADER_SIZE <= len) {
		uint64_t size = zviz_load_le64(blob + off + 8);

		if (zviz_load_le32(blob + off) == type)
			return off + ZVIZ_SECTION_HEADER_SIZE;
		off += ZVIZ_SECTION_HEADER_SIZE + size + (8 - size % 8) % 8;
	}
	fail_msg("section %u not found", type);
	return 0;
}

static void *memdup(const void *p, size_t n)
{
	void *q = malloc(n);

	assert_non_null(q);
	memcpy(q, p, n);
	return q;
}

/* ---- round trips ---------------------------------------------------------- */

static void test_round_trip_sample(void **state)
{
	struct zviz_policy back;
	struct zviz_error err;
	size_t len;
	uint8_t *blob = sample_policy_blob(&len);

	(void)state;
	assert_int_equal(len % 8, 0);
	assert_memory_equal(blob, "ZVIZPOL", 8);
	expect_round_trip(blob, len);

	/* Spot checks that the fields came back, not only the bytes. */
	assert_int_equal(zviz_policy_decode(blob, len, &back, &err), 0);
	assert_string_equal(back.metadata.profile_name, "sample");
	assert_int_equal(back.seccomp.abi_count, 2);
	assert_int_equal(back.seccomp.insn_count, 10);
	assert_int_equal(back.seccomp.insns[1].k, AUDIT_ARCH_X86_64);
	assert_int_equal(back.seccomp.abis[1], AUDIT_ARCH_X86_64);
	assert_int_equal(back.landlock.min_abi, 6);
	assert_true(back.landlock.best_effort);
	assert_string_equal(back.landlock.paths[2].path, "/usr");
	assert_int_equal(back.landlock.ports[1].port, 8080);
	assert_int_equal(back.cgroup.memory_max, 512ull << 20);
	assert_int_equal(back.cgroup.cpu_quota_us, 25000);
	assert_int_equal(back.rlimits.count, 3);
	assert_int_equal(back.rlimits.items[1].hard, UINT64_MAX);
	assert_int_equal(back.caps.ambient, 1ull << 10);
	assert_int_equal(back.network_mode, ZVIZ_NETWORK_HOST);
	assert_int_equal(back.wall_clock_ms, 300000);
	assert_string_equal(back.model.abis[1].syscalls[1].name, "ioctl");
	assert_int_equal(back.model.abis[1].syscalls[1].rules[0].terms[1].cmps[1].mask, 0xff00000000ull);
	assert_int_equal(back.model.abis[0].default_action, SECCOMP_RET_ERRNO | 38);
	zviz_policy_free(&back);
	free(blob);
}

static void test_deterministic(void **state)
{
	size_t len1, len2;
	uint8_t *a = sample_policy_blob(&len1);
	uint8_t *b = sample_policy_blob(&len2);

	(void)state;
	assert_int_equal(len1, len2);
	assert_memory_equal(a, b, len1);
	free(a);
	free(b);
}

/* Each section in its other shapes: empty, off, or at its edges. */
static void test_round_trip_variants(void **state)
{
	struct zviz_policy p;
	uint8_t *blob;
	size_t len;

	(void)state;
	for (int variant = 0; variant < 8; variant++) {
		assert_int_equal(sample_policy_build(&p), 0);
		switch (variant) {
		case 0:         /* Landlock off */
			for (uint32_t i = 0; i < p.landlock.path_count; i++)
				free(p.landlock.paths[i].path);
			free(p.landlock.paths);
			free(p.landlock.ports);
			memset(&p.landlock, 0, sizeof(p.landlock));
			break;
		case 1:         /* no limits of any kind */
			memset(&p.cgroup, 0, sizeof(p.cgroup));
			free(p.rlimits.items);
			memset(&p.rlimits, 0, sizeof(p.rlimits));
			p.wall_clock_ms = 0;
			break;
		case 2:         /* no capabilities, private network */
			memset(&p.caps, 0, sizeof(p.caps));
			p.network_mode = ZVIZ_NETWORK_PRIVATE;
			break;
		case 3:         /* given network, swap only */
			p.network_mode = ZVIZ_NETWORK_GIVEN;
			p.cgroup = (struct zviz_cgroup_limits){ .set = ZVIZ_CGROUP_SWAP, .swap_max = 1 << 20 };
			break;
		case 4:         /* unsafe profile with a long description */
			free(p.model.unsafe_reason);
			p.model.unsafe_reason = strdup("debugging needs ptrace");
			free(p.model.description);
			p.model.description = strdup("line one\n\tline two, \xc3\xa9t\xc3\xa9");
			break;
		case 5:         /* an ABI with no syscall chains */
			for (uint32_t i = 0; i < p.model.abis[1].syscall_count; i++)
				free(p.model.abis[1].syscalls[i].name);
			free(p.model.abis[1].syscalls[1].rules[0].terms[0].cmps);
			free(p.model.abis[1].syscalls[1].rules[0].terms[1].cmps);
			free(p.model.abis[1].syscalls[1].rules[0].terms);
			free(p.model.abis[1].syscalls[1].rules);
			free(p.model.abis[1].syscalls);
			p.model.abis[1].syscalls = NULL;
			p.model.abis[1].syscall_count = 0;
			break;
		case 6:         /* Landlock with filesystem rights only, ABI 1 */
			p.landlock.min_abi = 1;
			p.landlock.best_effort = false;
			p.landlock.handled_fs = ZVIZ_LL_FS_READ_FILE | ZVIZ_LL_FS_READ_DIR |
						ZVIZ_LL_FS_EXECUTE | ZVIZ_LL_FS_WRITE_FILE |
						ZVIZ_LL_FS_MAKE_REG;
			p.landlock.handled_net = 0;
			p.landlock.scoped = 0;
			free(p.landlock.ports);
			p.landlock.ports = NULL;
			p.landlock.port_count = 0;
			break;
		case 7:         /* the largest values each field takes */
			p.cgroup.memory_max = UINT64_MAX;
			p.cgroup.pids_max = UINT64_MAX;
			p.cgroup.cpu_weight = 10000;
			p.cgroup.cpu_period_us = 1000000;
			p.wall_clock_ms = UINT64_MAX;
			p.landlock.ports[1].port = 65535;
			break;
		}
		blob = encode_ok(&p, &len);
		expect_round_trip(blob, len);
		free(blob);
		zviz_policy_free(&p);
	}
}

static void test_digest_tracks_policy(void **state)
{
	struct zviz_policy p;
	uint8_t *a, *b;
	size_t len_a, len_b;
	const size_t digest_at = ZVIZ_POLICY_HEADER_SIZE + ZVIZ_SECTION_HEADER_SIZE;

	(void)state;
	assert_int_equal(sample_policy_build(&p), 0);
	a = encode_ok(&p, &len_a);
	/* Another name or compiler: same policy, same digest. */
	free(p.metadata.profile_name);
	p.metadata.profile_name = strdup("renamed");
	b = encode_ok(&p, &len_b);
	assert_memory_equal(a + digest_at, b + digest_at, ZVIZ_SHA256_LEN);
	free(b);
	/* One limit changed: another digest. */
	p.cgroup.pids_max = 65;
	b = encode_ok(&p, &len_b);
	assert_memory_not_equal(a + digest_at, b + digest_at, ZVIZ_SHA256_LEN);
	free(a);
	free(b);
	zviz_policy_free(&p);
}

/* ---- the reader refuses what is broken ---------------------------------- */

static void test_truncation_everywhere(void **state)
{
	size_t len;
	uint8_t *blob = sample_policy_blob(&len);

	(void)state;
	for (size_t cut = 0; cut < len; cut++) {
		uint8_t *copy = memdup(blob, cut ? cut : 1);
		struct zviz_policy p;
		struct zviz_error err = { "" };

		assert_int_equal(zviz_policy_decode(copy, cut, &p, &err), -1);
		assert_true(err.msg[0] != '\0');
		/* The same cut with its header and checksums made to agree:
		 * the section walk itself must notice. */
		if (cut >= ZVIZ_POLICY_HEADER_SIZE) {
			zviz_store_le64(copy + 16, cut);
			if (zviz_policy_reseal(copy, cut) == 0) {
				err.msg[0] = '\0';
				if (zviz_policy_decode(copy, cut, &p, &err) == 0)
					fail_msg("resealed cut at %zu accepted", cut);
				assert_true(err.msg[0] != '\0');
			}
		}
		free(copy);
	}
	free(blob);
}

/* Every single-bit flip is caught by the checksum.  With the checksum
 * and digest recomputed, the structural checks must refuse it, or the
 * flipped blob must be a valid policy that re-encodes to itself (a
 * changed value such as a limit, never a half-read one). */
static void test_bit_flips(void **state)
{
	size_t len;
	uint8_t *blob = sample_policy_blob(&len);
	uint8_t *copy = memdup(blob, len);
	size_t structural_rejects = 0, value_changes = 0;

	(void)state;
	for (size_t bit = 0; bit < len * 8; bit++) {
		struct zviz_policy p;
		struct zviz_error err = { "" };
		size_t at = bit / 8;

		memcpy(copy, blob, len);
		copy[at] ^= (uint8_t)(1u << (bit % 8));
		if (zviz_policy_decode(copy, len, &p, &err) == 0)
			fail_msg("bit %zu flipped and accepted without resealing", bit);

		if (zviz_policy_reseal(copy, len) < 0) {
			structural_rejects++;
			continue;
		}
		if (zviz_policy_decode(copy, len, &p, &err) < 0) {
			assert_true(err.msg[0] != '\0');
			structural_rejects++;
			continue;
		}
		zviz_policy_free(&p);
		expect_round_trip(copy, len);
		value_changes++;
		/* The header and every section header are structure only. */
		if (at < 32)
			fail_msg("header bit %zu flipped and accepted", bit);
	}
	/* Most bytes are structure; make sure the test saw both outcomes. */
	assert_true(structural_rejects > value_changes);
	assert_true(value_changes > 0);
	free(copy);
	free(blob);
}

static void test_precise_errors(void **state)
{
	size_t len;
	uint8_t *blob = sample_policy_blob(&len);
	uint8_t *copy = malloc(len + 64);
	size_t landlock, at;

	(void)state;
	assert_non_null(copy);

	memcpy(copy, blob, len);
	copy[0] = 'X';
	expect_decode_error(copy, len, "bad magic");

	memcpy(copy, blob, len);
	zviz_store_le32(copy + 8, 2);
	expect_decode_error(copy, len, "format version 2");

	memcpy(copy, blob, len);
	copy[len - 1] ^= 1;
	expect_decode_error(copy, len, "checksum mismatch");

	memcpy(copy, blob, len);
	memset(copy + len, 0, 8);
	expect_decode_error(copy, len + 8, "trailing data");

	/* The NUL of Landlock rule 1's path ("/etc", size 5) replaced. */
	memcpy(copy, blob, len);
	landlock = section_payload(copy, len, ZVIZ_SECTION_LANDLOCK);
	at = landlock + 40 + 8;                 /* header, then rule 1's rights */
	assert_int_equal(zviz_load_le32(copy + at), 5);
	assert_memory_equal(copy + at + 4, "/etc", 5);
	copy[at + 4 + 4] = 'x';
	assert_int_equal(zviz_policy_reseal(copy, len), 0);
	expect_decode_error(copy, len, "section 3 (landlock): rule 1 path: not NUL-terminated");

	/* A path that is not absolute. */
	memcpy(copy, blob, len);
	copy[at + 4] = 'e';
	assert_int_equal(zviz_policy_reseal(copy, len), 0);
	expect_decode_error(copy, len, "section 3 (landlock): rule 1 path is not absolute");

	/* A forged rule count far beyond the section. */
	memcpy(copy, blob, len);
	zviz_store_le32(copy + landlock + 32, 0x7fffffff);
	assert_int_equal(zviz_policy_reseal(copy, len), 0);
	expect_decode_error(copy, len, "path rules cannot fit");

	/* The policy edited and the checksum fixed, the digest not. */
	memcpy(copy, blob, len);
	zviz_store_le64(copy + section_payload(copy, len, ZVIZ_SECTION_WALL_CLOCK), 1);
	zviz_sha256(copy + ZVIZ_POLICY_HEADER_SIZE, len - ZVIZ_POLICY_HEADER_SIZE, copy + 32);
	expect_decode_error(copy, len, "model digest does not match");

	/* Two sections swapped by type. */
	memcpy(copy, blob, len);
	at = section_payload(copy, len, ZVIZ_SECTION_NETWORK) - ZVIZ_SECTION_HEADER_SIZE;
	zviz_store_le32(copy + at, ZVIZ_SECTION_RLIMITS);
	assert_int_equal(zviz_policy_reseal(copy, len), 0);
	expect_decode_error(copy, len, "out of order or repeated");

	/* A required section of a type this reader does not know. */
	zviz_store_le32(copy + at, 200);
	assert_int_equal(zviz_policy_reseal(copy, len), 0);
	expect_decode_error(copy, len, "required section of unknown type 200");

	/* The same, not required: skipped, but then network is missing. */
	zviz_store_le32(copy + at + 4, 0);
	assert_int_equal(zviz_policy_reseal(copy, len), 0);
	expect_decode_error(copy, len, "follows a missing section");

	/* An instruction the kernel would refuse (a jump past the end). */
	memcpy(copy, blob, len);
	at = section_payload(copy, len, ZVIZ_SECTION_SECCOMP) + 16 + 8;   /* header, 2 ABIs */
	copy[at + 8 * 1 + 2] = 200;     /* instruction 1's jt */
	assert_int_equal(zviz_policy_reseal(copy, len), 0);
	expect_decode_error(copy, len, "section 2 (seccomp): program refused");

	free(copy);
	free(blob);
}

/* An unknown section that is not required is skipped by this reader. */
static void test_unknown_optional_section(void **state)
{
	size_t len;
	uint8_t *blob = sample_policy_blob(&len);
	uint8_t *grown = malloc(len + 24);
	struct zviz_policy p;
	struct zviz_error err;

	(void)state;
	assert_non_null(grown);
	memcpy(grown, blob, len);
	zviz_store_le32(grown + len, 77);          /* type */
	zviz_store_le32(grown + len + 4, 0);       /* not critical */
	zviz_store_le64(grown + len + 8, 5);       /* 5 bytes + 3 padding */
	memcpy(grown + len + 16, "hello\0\0\0", 8);
	zviz_store_le64(grown + 16, len + 24);
	zviz_store_le32(grown + 24, ZVIZ_SECTION_LAST + 1);
	assert_int_equal(zviz_policy_reseal(grown, len + 24), 0);
	if (zviz_policy_decode(grown, len + 24, &p, &err) < 0)
		fail_msg("optional section refused: %s", err.msg);
	assert_int_equal(p.wall_clock_ms, 300000);
	zviz_policy_free(&p);
	free(grown);
	free(blob);
}

/* ---- the writer refuses what the reader would ------------------------------ */

static void test_encode_validates(void **state)
{
	struct zviz_policy p;
	struct sock_filter ret_a = BPF_STMT(BPF_RET | BPF_A, 0);

	(void)state;
	assert_int_equal(sample_policy_build(&p), 0);

	p.landlock.paths[0].path[0] = 'e';
	expect_encode_error(&p, "landlock: rule 1 path is not absolute");
	p.landlock.paths[0].path[0] = '/';

	p.landlock.ports[0].port = 70000;
	expect_encode_error(&p, "landlock: port rule 1 port 70000 out of range");
	p.landlock.ports[0].port = 443;

	p.landlock.min_abi = 3;
	expect_encode_error(&p, "landlock: minimum ABI 3 below the ABI 6");
	p.landlock.min_abi = 6;

	p.model.abis[1].syscalls[0].fallback = SECCOMP_RET_ERRNO | 0;
	expect_encode_error(&p, "model: ABI 2 syscall 1: fallback 0x00050000 is not an action");
	p.model.abis[1].syscalls[0].fallback = SECCOMP_RET_ERRNO | 1;

	p.model.abis[1].syscalls[1].rules[0].terms[0].cmps[0].value = 1ull << 40;
	expect_encode_error(&p, "32-bit comparison with a 64-bit constant");
	p.model.abis[1].syscalls[1].rules[0].terms[0].cmps[0].value = 0x5412;

	p.model.abis[1].arch = AUDIT_ARCH_AARCH64;
	expect_encode_error(&p, "model: ABI 2 is 0xc00000b7, the seccomp section says 0xc000003e");
	p.model.abis[1].arch = AUDIT_ARCH_X86_64;

	p.caps.ambient = 1ull << 21;
	expect_encode_error(&p, "capabilities: a kept capability is outside the bounding set");
	p.caps.ambient = p.caps.bounding;

	p.cgroup.cpu_weight = 0;
	expect_encode_error(&p, "cgroup: cpu weight 0 invalid");
	p.cgroup.cpu_weight = 50;

	p.rlimits.items[2].soft = 1000;
	expect_encode_error(&p, "rlimits: entry 3: soft limit above hard limit");
	p.rlimits.items[2].soft = 256;

	p.seccomp.actions_needed &= ~ZVIZ_ACTION_ERRNO;
	expect_encode_error(&p, "seccomp: action kinds 0x21 listed but the program returns 0x29");
	p.seccomp.actions_needed |= ZVIZ_ACTION_ERRNO;

	p.seccomp.insns[p.seccomp.insn_count - 1] = ret_a;
	expect_encode_error(&p, "returns a computed value");

	zviz_policy_free(&p);
}

/* ---- files ------------------------------------------------------------------ */

static void test_read_file(void **state)
{
	char path[] = "/tmp/zviz-test-policy-XXXXXX";
	struct zviz_policy p;
	struct zviz_error err;
	size_t len;
	uint8_t *blob = sample_policy_blob(&len);
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, blob, len), (ssize_t)len);
	close(fd);
	if (zviz_policy_read_file(path, &p, &err) < 0)
		fail_msg("read_file: %s", err.msg);
	assert_string_equal(p.metadata.profile_name, "sample");
	zviz_policy_free(&p);

	/* A shorter file, then none at all, then a directory. */
	assert_int_equal(truncate(path, (off_t)len - 8), 0);
	assert_int_equal(zviz_policy_read_file(path, &p, &err), -1);
	assert_non_null(strstr(err.msg, "truncated"));
	unlink(path);
	assert_int_equal(zviz_policy_read_file(path, &p, &err), -1);
	assert_non_null(strstr(err.msg, "cannot open: No such file"));
	assert_int_equal(zviz_policy_read_file("/tmp", &p, &err), -1);
	assert_non_null(strstr(err.msg, "not a regular file"));
	free(blob);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_sample),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_round_trip_variants),
		cmocka_unit_test(test_digest_tracks_policy),
		cmocka_unit_test(test_truncation_everywhere),
		cmocka_unit_test(test_bit_flips),
		cmocka_unit_test(test_precise_errors),
		cmocka_unit_test(test_unknown_optional_section),
		cmocka_unit_test(test_encode_validates),
		cmocka_unit_test(test_read_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
