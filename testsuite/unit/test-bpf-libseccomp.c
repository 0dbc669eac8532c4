/* Unit tests for libzviz/bpf.c against programs written by someone else:
 * filters built with libseccomp for x86_64, x32 and i386, exported to a
 * memfd and read back.  The checker must accept every one, and the
 * interpreter must give, for each row of a hand-derived table of system
 * calls, the action the rules call for; a subset is then replayed through
 * the kernel with real system calls. */
#include <config.h>

#include <errno.h>
#include <linux/audit.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "ci-skip.h"
#include <seccomp.h>

#include "bpf.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* System call numbers, from each ABI's table.  x32 calls reach the kernel
 * as AUDIT_ARCH_X86_64 with bit 30 set in the number. */
#define X32(nr)			((nr) | 0x40000000u)

enum {
	X64_READ = 0,
	X64_SCHED_YIELD = 24,
	X64_GETPID = 39,
	X64_SEMGET = 64,
	X64_GETUID = 102,
	X64_GETGID = 104,
	X64_GETEUID = 107,
	X64_GETEGID = 108,
	X64_GETPPID = 110,
	X64_GETPGRP = 111,
	X64_GETSID = 124,
	X64_GETTID = 186,
	X64_EXIT_GROUP = 231,
};

enum {
	I386_READ = 3,
	I386_GETPID = 20,
	I386_GETUID = 24,	/* the 16-bit one; x86_64's 24 is sched_yield */
	I386_GETEGID = 50,
	I386_GETPPID = 64,
	I386_IOPL = 110,	/* x86_64's 110 is getppid */
	I386_GETSID = 147,
	I386_SCHED_YIELD = 158,
	I386_GETTID = 224,
};

#define AARCH64_GETPID 172

/* One errno per rule, outside what the probed calls can fail with on
 * their own, so that a verdict names the rule that produced it. */
enum {
	E_EQ = 101,
	E_NE,
	E_LT,
	E_LE,
	E_GT,
	E_GE,
	E_MASKED,
	E_HIGH,
	E_DENY,
	E_TWO_ARGS,
	E_BADARCH,
};
#define E_FIRST E_EQ
#define E_LAST E_BADARCH

#define ALLOW		SCMP_ACT_ALLOW
#define DENY(e)		SCMP_ACT_ERRNO(e)
#define KILL		SCMP_ACT_KILL_THREAD

#define HIGH_BIT	0x8000000000000000ull

/* ------------------------------------------------------------------ */
/* The filters                                                         */
/* ------------------------------------------------------------------ */

enum variant {
	THREE_ABIS,		/* x86_64 + x32 + i386, default optimisation */
	THREE_ABIS_TREE,	/* the same, SCMP_FLTATR_CTL_OPTIMIZE = 2 */
	X86_64_ONLY,		/* x86_64 alone, rules added exactly */
	VARIANT_COUNT,
};

static const char *const variant_names[] = {
	[THREE_ABIS] = "three ABIs",
	[THREE_ABIS_TREE] = "three ABIs, binary tree",
	[X86_64_ONLY] = "x86_64 only",
};

struct program {
	struct sock_filter *insns;
	size_t len;
};

static void add_rule(scmp_filter_ctx ctx, bool exact, uint32_t action, int nr,
		     unsigned count, const struct scmp_arg_cmp *cmps)
{
	int rc = exact ? seccomp_rule_add_exact_array(ctx, action, nr, count, cmps)
		       : seccomp_rule_add_array(ctx, action, nr, count, cmps);

	if (rc != 0)
		fail_msg("adding a rule for syscall %d: %s", nr, strerror(-rc));
}

/* The rules the table below is derived from.  Default action ALLOW.
 *   getppid      A0 == 0x1_0000_0005                  ERRNO(E_EQ)
 *   getpid       A1 != 7                              ERRNO(E_NE)
 *   getuid       A2 <  100                            ERRNO(E_LT)
 *   getgid       A3 <= 100                            ERRNO(E_LE)
 *   geteuid      A4 >  100                            ERRNO(E_GT)
 *   getegid      A5 >= 100                            ERRNO(E_GE)
 *   gettid       A0 & 0xff00 == 0x1200                ERRNO(E_MASKED)
 *   getpgrp      A1 >  0x2_0000_0000                  ERRNO(E_HIGH)
 *   sched_yield  always                               ERRNO(E_DENY)
 *   getsid       A0 == 3 && A1 >= 0x8000_0000_0000_0000  ERRNO(E_TWO_ARGS)
 * libseccomp compares all 64 bits on x86_64, but treats x32 and i386 as
 * 32-bit ABIs: there it compares only the low words, with each datum
 * truncated to its low 32 bits.  The unused second datum of the plain
 * comparisons is spelled out as 0 to keep -Wmissing-field-initializers
 * quiet under clang. */
static void add_rules(scmp_filter_ctx ctx, bool exact)
{
	add_rule(ctx, exact, DENY(E_EQ), SCMP_SYS(getppid), 1,
		 (struct scmp_arg_cmp[]){ SCMP_A0(SCMP_CMP_EQ, 0x100000005ull, 0) });
	add_rule(ctx, exact, DENY(E_NE), SCMP_SYS(getpid), 1,
		 (struct scmp_arg_cmp[]){ SCMP_A1(SCMP_CMP_NE, 7, 0) });
	add_rule(ctx, exact, DENY(E_LT), SCMP_SYS(getuid), 1,
		 (struct scmp_arg_cmp[]){ SCMP_A2(SCMP_CMP_LT, 100, 0) });
	add_rule(ctx, exact, DENY(E_LE), SCMP_SYS(getgid), 1,
		 (struct scmp_arg_cmp[]){ SCMP_A3(SCMP_CMP_LE, 100, 0) });
	add_rule(ctx, exact, DENY(E_GT), SCMP_SYS(geteuid), 1,
		 (struct scmp_arg_cmp[]){ SCMP_A4(SCMP_CMP_GT, 100, 0) });
	add_rule(ctx, exact, DENY(E_GE), SCMP_SYS(getegid), 1,
		 (struct scmp_arg_cmp[]){ SCMP_A5(SCMP_CMP_GE, 100, 0) });
	add_rule(ctx, exact, DENY(E_MASKED), SCMP_SYS(gettid), 1,
		 (struct scmp_arg_cmp[]){ SCMP_A0(SCMP_CMP_MASKED_EQ, 0xff00, 0x1200) });
	add_rule(ctx, exact, DENY(E_HIGH), SCMP_SYS(getpgrp), 1,
		 (struct scmp_arg_cmp[]){ SCMP_A1(SCMP_CMP_GT, 0x200000000ull, 0) });
	add_rule(ctx, exact, DENY(E_DENY), SCMP_SYS(sched_yield), 0, NULL);
	add_rule(ctx, exact, DENY(E_TWO_ARGS), SCMP_SYS(getsid), 2,
		 (struct scmp_arg_cmp[]){ SCMP_A0(SCMP_CMP_EQ, 3, 0),
					  SCMP_A1(SCMP_CMP_GE, HIGH_BIT, 0) });
}

/* Exports CTX through a memfd, with no file on disk, and reads it back. */
static struct program export_program(scmp_filter_ctx ctx)
{
	struct program prog = { NULL, 0 };
	struct stat st;
	int fd = memfd_create("zviz-test-bpf", MFD_CLOEXEC);
	int rc;

	assert_true(fd >= 0);
	rc = seccomp_export_bpf(ctx, fd);
	if (rc != 0)
		fail_msg("seccomp_export_bpf: %s", strerror(-rc));
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(st.st_size > 0);
	assert_int_equal(st.st_size % sizeof(struct sock_filter), 0);

	prog.len = (size_t)st.st_size / sizeof(struct sock_filter);
	/* test_malloc: cmocka frees it even when an assertion fails. */
	prog.insns = test_malloc((size_t)st.st_size);
	assert_non_null(prog.insns);
	assert_int_equal(pread(fd, prog.insns, (size_t)st.st_size, 0), st.st_size);
	close(fd);
	return prog;
}

static struct program build_filter(enum variant variant)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	struct program prog;
	uint32_t badarch = 0xdead;

	assert_non_null(ctx);
	/* Name every ABI explicitly, whatever the build host's is. */
	assert_int_equal(seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE), 0);
	assert_int_equal(seccomp_arch_add(ctx, SCMP_ARCH_X86_64), 0);
	if (variant == X86_64_ONLY) {
		/* libseccomp's own default for a foreign ABI. */
		assert_int_equal(seccomp_attr_get(ctx, SCMP_FLTATR_ACT_BADARCH, &badarch), 0);
		assert_int_equal(badarch, SCMP_ACT_KILL_THREAD);
		add_rules(ctx, true);
	} else {
		assert_int_equal(seccomp_arch_add(ctx, SCMP_ARCH_X32), 0);
		assert_int_equal(seccomp_arch_add(ctx, SCMP_ARCH_X86), 0);
		assert_int_equal(seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, DENY(E_BADARCH)), 0);
		if (variant == THREE_ABIS_TREE)
			assert_int_equal(seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2), 0);
		add_rules(ctx, false);
	}
	prog = export_program(ctx);
	seccomp_release(ctx);
	return prog;
}

struct filters {
	struct program prog[VARIANT_COUNT];
};

static void build_filters(struct filters *filters)
{
	for (int v = 0; v < VARIANT_COUNT; v++)
		filters->prog[v] = build_filter((enum variant)v);
}

static void free_filters(struct filters *filters)
{
	for (int v = 0; v < VARIANT_COUNT; v++)
		test_free(filters->prog[v].insns);
}

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

struct row {
	const char *what;
	uint32_t arch;
	uint32_t nr;
	uint64_t args[6];
	uint32_t three_abis;	/* THREE_ABIS and THREE_ABIS_TREE */
	uint32_t x86_64_only;
};

#define X86_64	AUDIT_ARCH_X86_64
#define I386	AUDIT_ARCH_I386
#define AARCH64	AUDIT_ARCH_AARCH64
#define BOTH(action) (action), (action)

static const struct row rows[] = {
	/* Calls without rules take the default; sched_yield is denied. */
	{ "read, no rule", X86_64, X64_READ, { 0, 0x1000, 4096 }, BOTH(ALLOW) },
	{ "exit_group, no rule", X86_64, X64_EXIT_GROUP, { 0 }, BOTH(ALLOW) },
	{ "sched_yield denied", X86_64, X64_SCHED_YIELD, { 0 }, BOTH(DENY(E_DENY)) },
	{ "sched_yield denied whatever the args", X86_64, X64_SCHED_YIELD,
	  { ~0ull, 1, 2, 3, 4, 5 }, BOTH(DENY(E_DENY)) },

	/* EQ 0x1_0000_0005 on A0. */
	{ "EQ k-1", X86_64, X64_GETPPID, { 0x100000004ull }, BOTH(ALLOW) },
	{ "EQ k", X86_64, X64_GETPPID, { 0x100000005ull }, BOTH(DENY(E_EQ)) },
	{ "EQ k+1", X86_64, X64_GETPPID, { 0x100000006ull }, BOTH(ALLOW) },
	{ "EQ low word only", X86_64, X64_GETPPID, { 0x5 }, BOTH(ALLOW) },
	{ "EQ other high word", X86_64, X64_GETPPID, { 0x300000005ull }, BOTH(ALLOW) },
	{ "EQ, other args junk", X86_64, X64_GETPPID,
	  { 0x100000005ull, ~0ull, 7, 8, 9, 10 }, BOTH(DENY(E_EQ)) },
	{ "EQ datum in the wrong argument", X86_64, X64_GETPPID,
	  { 0, 0x100000005ull }, BOTH(ALLOW) },

	/* NE 7 on A1. */
	{ "NE k-1", X86_64, X64_GETPID, { 0, 6 }, BOTH(DENY(E_NE)) },
	{ "NE k", X86_64, X64_GETPID, { 0, 7 }, BOTH(ALLOW) },
	{ "NE k+1", X86_64, X64_GETPID, { 0, 8 }, BOTH(DENY(E_NE)) },
	{ "NE high word differs", X86_64, X64_GETPID, { 0, 0x100000007ull }, BOTH(DENY(E_NE)) },
	{ "NE all high bits", X86_64, X64_GETPID, { 0, 0xffffffff00000007ull }, BOTH(DENY(E_NE)) },

	/* LT 100 on A2. */
	{ "LT k-1", X86_64, X64_GETUID, { 0, 0, 99 }, BOTH(DENY(E_LT)) },
	{ "LT k", X86_64, X64_GETUID, { 0, 0, 100 }, BOTH(ALLOW) },
	{ "LT k+1", X86_64, X64_GETUID, { 0, 0, 101 }, BOTH(ALLOW) },
	{ "LT 0", X86_64, X64_GETUID, { 0, 0, 0 }, BOTH(DENY(E_LT)) },
	{ "LT low word below, high word set", X86_64, X64_GETUID,
	  { 0, 0, 0x100000063ull }, BOTH(ALLOW) },

	/* LE 100 on A3. */
	{ "LE k-1", X86_64, X64_GETGID, { 0, 0, 0, 99 }, BOTH(DENY(E_LE)) },
	{ "LE k", X86_64, X64_GETGID, { 0, 0, 0, 100 }, BOTH(DENY(E_LE)) },
	{ "LE k+1", X86_64, X64_GETGID, { 0, 0, 0, 101 }, BOTH(ALLOW) },
	{ "LE low word 0, high word 1", X86_64, X64_GETGID,
	  { 0, 0, 0, 0x100000000ull }, BOTH(ALLOW) },

	/* GT 100 on A4. */
	{ "GT k-1", X86_64, X64_GETEUID, { 0, 0, 0, 0, 99 }, BOTH(ALLOW) },
	{ "GT k", X86_64, X64_GETEUID, { 0, 0, 0, 0, 100 }, BOTH(ALLOW) },
	{ "GT k+1", X86_64, X64_GETEUID, { 0, 0, 0, 0, 101 }, BOTH(DENY(E_GT)) },
	{ "GT low word 0, high word 1", X86_64, X64_GETEUID,
	  { 0, 0, 0, 0, 0x100000000ull }, BOTH(DENY(E_GT)) },
	{ "GT all ones", X86_64, X64_GETEUID, { 0, 0, 0, 0, ~0ull }, BOTH(DENY(E_GT)) },

	/* GE 100 on A5. */
	{ "GE k-1", X86_64, X64_GETEGID, { 0, 0, 0, 0, 0, 99 }, BOTH(ALLOW) },
	{ "GE k", X86_64, X64_GETEGID, { 0, 0, 0, 0, 0, 100 }, BOTH(DENY(E_GE)) },
	{ "GE k+1", X86_64, X64_GETEGID, { 0, 0, 0, 0, 0, 101 }, BOTH(DENY(E_GE)) },
	{ "GE low word below, high word set", X86_64, X64_GETEGID,
	  { 0, 0, 0, 0, 0, 0x100000063ull }, BOTH(DENY(E_GE)) },

	/* MASKED_EQ: A0 & 0xff00 == 0x1200. */
	{ "MASKED_EQ k-1", X86_64, X64_GETTID, { 0x11ff }, BOTH(ALLOW) },
	{ "MASKED_EQ k", X86_64, X64_GETTID, { 0x1200 }, BOTH(DENY(E_MASKED)) },
	{ "MASKED_EQ k+1", X86_64, X64_GETTID, { 0x1201 }, BOTH(DENY(E_MASKED)) },
	{ "MASKED_EQ top of the masked range", X86_64, X64_GETTID, { 0x12ff }, BOTH(DENY(E_MASKED)) },
	{ "MASKED_EQ next masked value", X86_64, X64_GETTID, { 0x1300 }, BOTH(ALLOW) },
	{ "MASKED_EQ high word masked out", X86_64, X64_GETTID,
	  { 0xabcd000000001234ull }, BOTH(DENY(E_MASKED)) },
	{ "MASKED_EQ 0", X86_64, X64_GETTID, { 0 }, BOTH(ALLOW) },

	/* GT 0x2_0000_0000 on A1: a datum that lives in the high word. */
	{ "GT high k-1", X86_64, X64_GETPGRP, { 0, 0x1ffffffffull }, BOTH(ALLOW) },
	{ "GT high k", X86_64, X64_GETPGRP, { 0, 0x200000000ull }, BOTH(ALLOW) },
	{ "GT high k+1", X86_64, X64_GETPGRP, { 0, 0x200000001ull }, BOTH(DENY(E_HIGH)) },
	{ "GT high word only", X86_64, X64_GETPGRP, { 0, 0x300000000ull }, BOTH(DENY(E_HIGH)) },
	{ "GT high, low word all ones", X86_64, X64_GETPGRP, { 0, 0xffffffffull }, BOTH(ALLOW) },

	/* getsid: A0 == 3 && A1 >= 1 << 63. */
	{ "two args, both match", X86_64, X64_GETSID, { 3, HIGH_BIT }, BOTH(DENY(E_TWO_ARGS)) },
	{ "two args, A1 one below", X86_64, X64_GETSID, { 3, HIGH_BIT - 1 }, BOTH(ALLOW) },
	{ "two args, A1 all ones", X86_64, X64_GETSID, { 3, ~0ull }, BOTH(DENY(E_TWO_ARGS)) },
	{ "two args, A0 differs", X86_64, X64_GETSID, { 4, HIGH_BIT }, BOTH(ALLOW) },
	{ "two args, A0 high word differs", X86_64, X64_GETSID,
	  { 0x100000003ull, HIGH_BIT }, BOTH(ALLOW) },

	/* The number alone does not name a call: the ABI does. */
	{ "x86_64 24 is sched_yield", X86_64, 24, { 0, 0, 99 }, BOTH(DENY(E_DENY)) },
	{ "x86_64 64 is semget", X86_64, X64_SEMGET, { 0x100000005ull }, BOTH(ALLOW) },

	/* x32: its own block in the three-ABI filters, comparing low words
	 * only; the x86_64-only filter treats it as a foreign ABI. */
	{ "x32 getppid, low word 5", X86_64, X32(X64_GETPPID), { 5 },
	  DENY(E_EQ), KILL },
	{ "x32 getppid, full datum", X86_64, X32(X64_GETPPID), { 0x100000005ull },
	  DENY(E_EQ), KILL },
	{ "x32 getppid, EQ k-1", X86_64, X32(X64_GETPPID), { 4 }, ALLOW, KILL },
	{ "x32 sched_yield", X86_64, X32(X64_SCHED_YIELD), { 0 }, DENY(E_DENY), KILL },
	{ "x32 read", X86_64, X32(X64_READ), { 0 }, ALLOW, KILL },
	{ "x32 getpid NE k", X86_64, X32(X64_GETPID), { 0, 7 }, ALLOW, KILL },
	{ "x32 getpid NE, high word ignored", X86_64, X32(X64_GETPID),
	  { 0, 0x100000007ull }, ALLOW, KILL },
	{ "x32 geteuid GT k+1", X86_64, X32(X64_GETEUID), { 0, 0, 0, 0, 101 },
	  DENY(E_GT), KILL },
	{ "x32 getpgrp, truncated datum 0, A1 = 1", X86_64, X32(X64_GETPGRP), { 0, 1 },
	  DENY(E_HIGH), KILL },
	{ "x32 getpgrp, truncated datum 0, high word only", X86_64, X32(X64_GETPGRP),
	  { 0, 0x300000000ull }, ALLOW, KILL },

	/* i386: its own numbers, low words only. */
	{ "i386 getppid, low word 5", I386, I386_GETPPID, { 5 }, DENY(E_EQ), KILL },
	{ "i386 getppid, EQ k+1", I386, I386_GETPPID, { 6 }, ALLOW, KILL },
	{ "i386 sched_yield", I386, I386_SCHED_YIELD, { 0 }, DENY(E_DENY), KILL },
	{ "i386 24 is getuid, LT k-1", I386, I386_GETUID, { 0, 0, 99 }, DENY(E_LT), KILL },
	{ "i386 24 is getuid, LT k", I386, I386_GETUID, { 0, 0, 100 }, ALLOW, KILL },
	{ "i386 110 is iopl", I386, I386_IOPL, { 0x100000005ull }, ALLOW, KILL },
	{ "i386 getsid, A1 >= truncated 0 always", I386, I386_GETSID, { 3, 0 },
	  DENY(E_TWO_ARGS), KILL },
	{ "i386 getsid, A0 differs", I386, I386_GETSID, { 4, HIGH_BIT }, ALLOW, KILL },
	{ "i386 gettid MASKED_EQ k", I386, I386_GETTID, { 0x1200 }, DENY(E_MASKED), KILL },
	{ "i386 getegid GE k-1", I386, I386_GETEGID, { 0, 0, 0, 0, 0, 99 }, ALLOW, KILL },
	{ "i386 getegid GE k", I386, I386_GETEGID, { 0, 0, 0, 0, 0, 100 }, DENY(E_GE), KILL },
	{ "i386 getpid NE k-1", I386, I386_GETPID, { 0, 6 }, DENY(E_NE), KILL },
	{ "i386 read", I386, I386_READ, { 0 }, ALLOW, KILL },

	/* ABIs no filter names. */
	{ "aarch64", AARCH64, X64_GETPPID, { 0x100000005ull }, DENY(E_BADARCH), KILL },
	{ "aarch64 getpid", AARCH64, AARCH64_GETPID, { 0 }, DENY(E_BADARCH), KILL },
	{ "arch 0", 0, X64_READ, { 0 }, DENY(E_BADARCH), KILL },
};

static struct seccomp_data row_data(const struct row *row)
{
	struct seccomp_data data;

	memset(&data, 0, sizeof(data));
	data.nr = (int)row->nr;
	data.arch = row->arch;
	data.instruction_pointer = 0x401000;
	memcpy(data.args, row->args, sizeof(data.args));
	return data;
}

static uint32_t row_expectation(const struct row *row, enum variant variant)
{
	return variant == X86_64_ONLY ? row->x86_64_only : row->three_abis;
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

/* The numbers in the table are the ones libseccomp uses. */
static void test_syscall_numbers(void **state)
{
	static const struct {
		const char *name;
		int x86_64;
		int i386;
	} calls[] = {
		{ "read", X64_READ, I386_READ },
		{ "sched_yield", X64_SCHED_YIELD, I386_SCHED_YIELD },
		{ "getpid", X64_GETPID, I386_GETPID },
		{ "getuid", X64_GETUID, I386_GETUID },
		{ "getegid", X64_GETEGID, I386_GETEGID },
		{ "getppid", X64_GETPPID, I386_GETPPID },
		{ "getsid", X64_GETSID, I386_GETSID },
		{ "gettid", X64_GETTID, I386_GETTID },
		{ "iopl", -1, I386_IOPL },
		{ "semget", X64_SEMGET, -1 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(calls); i++) {
		if (calls[i].x86_64 >= 0) {
			assert_int_equal(seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, calls[i].name),
					 calls[i].x86_64);
			assert_int_equal(seccomp_syscall_resolve_name_arch(SCMP_ARCH_X32, calls[i].name),
					 X32((unsigned)calls[i].x86_64));
		}
		if (calls[i].i386 >= 0)
			assert_int_equal(seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86, calls[i].name),
					 calls[i].i386);
	}
	assert_int_equal(seccomp_syscall_resolve_name_arch(SCMP_ARCH_AARCH64, "getpid"), AARCH64_GETPID);
}

static void test_checker_accepts_exports(void **state)
{
	struct filters filters;

	(void)state;
	build_filters(&filters);
	for (int v = 0; v < VARIANT_COUNT; v++) {
		const struct program *prog = &filters.prog[v];
		struct zviz_error err = { .msg = "" };
		size_t bad_pc = 0;
		enum zviz_bpf_reject why = zviz_bpf_check(prog->insns, prog->len, &bad_pc, &err);

		if (why != ZVIZ_BPF_OK)
			fail_msg("%s (%zu instructions): refused at %zu: %s", variant_names[v],
				 prog->len, bad_pc, err.msg);
	}
	/* The binary tree really is a different program. */
	assert_false(filters.prog[THREE_ABIS].len == filters.prog[THREE_ABIS_TREE].len &&
		     memcmp(filters.prog[THREE_ABIS].insns, filters.prog[THREE_ABIS_TREE].insns,
			    filters.prog[THREE_ABIS].len * sizeof(struct sock_filter)) == 0);
	free_filters(&filters);
}

static void test_table_size(void **state)
{
	(void)state;
	assert_true(ARRAY_LEN(rows) >= 60);
}

static void test_interpreter_matches_table(void **state)
{
	struct filters filters;

	(void)state;
	build_filters(&filters);
	for (int v = 0; v < VARIANT_COUNT; v++) {
		const struct program *prog = &filters.prog[v];

		for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
			const struct seccomp_data data = row_data(&rows[i]);
			const uint32_t want = row_expectation(&rows[i], (enum variant)v);
			unsigned steps = 0;
			uint32_t got = zviz_bpf_run(prog->insns, prog->len, &data, &steps);

			if (got != want)
				fail_msg("%s: row \"%s\": got 0x%08x, want 0x%08x", variant_names[v],
					 rows[i].what, got, want);
			/* Forward jumps only: never more steps than instructions. */
			if (steps == 0 || steps > prog->len)
				fail_msg("%s: row \"%s\": %u steps in %zu instructions", variant_names[v],
					 rows[i].what, steps, prog->len);
		}
	}
	free_filters(&filters);
}

/* The x86_64-only filter is the three-ABI one minus the other ABIs: where
 * a row is on x86_64 proper, both give the same action. */
static void test_variants_agree_on_x86_64(void **state)
{
	struct filters filters;
	unsigned compared = 0;

	(void)state;
	build_filters(&filters);
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		const struct seccomp_data data = row_data(&rows[i]);
		uint32_t verdicts[VARIANT_COUNT];

		if (rows[i].arch != AUDIT_ARCH_X86_64 || (rows[i].nr & X32(0)))
			continue;
		for (int v = 0; v < VARIANT_COUNT; v++)
			verdicts[v] = zviz_bpf_run(filters.prog[v].insns, filters.prog[v].len,
						   &data, NULL);
		assert_int_equal(verdicts[THREE_ABIS], verdicts[THREE_ABIS_TREE]);
		assert_int_equal(verdicts[THREE_ABIS], verdicts[X86_64_ONLY]);
		compared++;
	}
	free_filters(&filters);
	assert_true(compared >= 40);
}

/* ------------------------------------------------------------------ */
/* Replaying rows through the kernel                                   */
/* ------------------------------------------------------------------ */

/* Calls that ignore their arguments or fail harmlessly on junk ones, so
 * that running them for real, when allowed, does nothing. */
static bool harmless_on_x86_64(const struct row *row)
{
	if (row->arch != AUDIT_ARCH_X86_64)
		return false;
	switch (row->nr) {
	case X64_SCHED_YIELD:
	case X64_GETPID:
	case X64_GETUID:
	case X64_GETGID:
	case X64_GETEUID:
	case X64_GETEGID:
	case X64_GETPPID:
	case X64_GETPGRP:
	case X64_GETSID:
	case X64_GETTID:
		return true;
	}
	return false;
}

static bool only_allow_or_errno(const struct program *prog)
{
	for (size_t pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *insn = &prog->insns[pc];
		uint32_t action = insn->k & SECCOMP_RET_ACTION_FULL;

		if (insn->code == (BPF_RET | BPF_A))
			return false;
		if (insn->code == (BPF_RET | BPF_K) &&
		    action != SECCOMP_RET_ALLOW && action != SECCOMP_RET_ERRNO)
			return false;
	}
	return true;
}

static _Noreturn void child_exit(int status)
{
	for (;;)
		syscall(SYS_exit_group, status);
}

struct call_report {
	long ret;
	int err;
};

/* Installs PROG in a child, makes ROW's call with syscall(2) and returns
 * the verdict as the kernel applied it: ERRNO(errno) when the call failed,
 * ALLOW when it succeeded. */
static uint32_t kernel_verdict(const struct program *prog, const struct row *row)
{
	struct sock_fprog fprog = {
		.len = (unsigned short)prog->len,
		.filter = prog->insns,
	};
	struct call_report report = { 0, 0 };
	int status = 0;
	int fds[2];
	pid_t child;

	assert_true(prog->len <= ZVIZ_BPF_MAX_INSNS);
	assert_int_equal(pipe(fds), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		close(fds[0]);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
			child_exit(200);
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0)
			child_exit(errno == ENOSYS ? 202 : 201);
		errno = 0;
		report.ret = syscall((long)row->nr, row->args[0], row->args[1], row->args[2],
				     row->args[3], row->args[4], row->args[5]);
		report.err = errno;
		if (write(fds[1], &report, sizeof(report)) != (ssize_t)sizeof(report))
			child_exit(203);
		child_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &report, sizeof(report)) != (ssize_t)sizeof(report))
		report.ret = -2;
	close(fds[0]);
	assert_int_equal(waitpid(child, &status, 0), child);
	if (!WIFEXITED(status))
		fail_msg("row \"%s\": child died (status 0x%x)", row->what, status);
	if (WEXITSTATUS(status) == 202)
		fail_msg("seccomp(2) is not available (ENOSYS; valgrind does not implement it)");
	if (WEXITSTATUS(status) != 0)
		fail_msg("row \"%s\": child could not install the filter (exit %d)",
			 row->what, WEXITSTATUS(status));
	assert_true(report.ret != -2);
	if (report.ret == -1)
		return SECCOMP_RET_ERRNO | (uint32_t)report.err;
	return SECCOMP_RET_ALLOW;
}

static void test_kernel_matches_interpreter(void **state)
{
#if defined(__x86_64__) && !defined(__ILP32__)
	const enum variant installed[] = { THREE_ABIS, THREE_ABIS_TREE };
	struct filters filters;
	unsigned replayed = 0;

	(void)state;
	build_filters(&filters);
	for (size_t n = 0; n < ARRAY_LEN(installed); n++) {
		const struct program *prog = &filters.prog[installed[n]];

		/* No kill or trap can be hit by the child, even by mistake. */
		assert_true(only_allow_or_errno(prog));
		for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
			const struct seccomp_data data = row_data(&rows[i]);
			uint32_t ours, kernel;

			if (!harmless_on_x86_64(&rows[i]))
				continue;
			ours = zviz_bpf_run(prog->insns, prog->len, &data, NULL);
			kernel = kernel_verdict(prog, &rows[i]);
			if (ours == SECCOMP_RET_ALLOW) {
				/* Allowed: the call ran and may fail on its own
				 * (getsid of a missing process), but never with
				 * one of the rules' errnos. */
				uint32_t err = kernel & SECCOMP_RET_DATA;

				if (kernel != SECCOMP_RET_ALLOW && err >= E_FIRST && err <= E_LAST)
					fail_msg("%s: row \"%s\": allowed here, kernel said errno %u",
						 variant_names[installed[n]], rows[i].what, err);
			} else if (ours != kernel) {
				fail_msg("%s: row \"%s\": interpreter 0x%08x, kernel 0x%08x",
					 variant_names[installed[n]], rows[i].what, ours, kernel);
			}
			replayed++;
		}
	}
	free_filters(&filters);
	assert_true(replayed >= 2 * 40);
#else
	(void)state;
	skip_unless_ci("the kernel replay needs an x86_64 host");
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syscall_numbers),
		cmocka_unit_test(test_table_size),
		cmocka_unit_test(test_checker_accepts_exports),
		cmocka_unit_test(test_interpreter_matches_table),
		cmocka_unit_test(test_variants_agree_on_x86_64),
		cmocka_unit_test(test_kernel_matches_interpreter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
