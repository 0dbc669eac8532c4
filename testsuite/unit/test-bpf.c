/* Unit tests for libzviz/bpf.c: the classic-BPF checker (one broken
 * program per reject reason, the boundaries that must pass, the scratch
 * memory rule), the interpreter (every instruction, exact step counts),
 * and a cross-check of both against the running kernel's seccomp(2). */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "bpf.h"

/* Shorthands for hand-written programs. */
#define LD_ABS(k)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (k))
#define LD_IMM(k)	BPF_STMT(BPF_LD | BPF_IMM, (k))
#define LDX_IMM(k)	BPF_STMT(BPF_LDX | BPF_IMM, (k))
#define LD_MEM(k)	BPF_STMT(BPF_LD | BPF_MEM, (k))
#define LDX_MEM(k)	BPF_STMT(BPF_LDX | BPF_MEM, (k))
#define ST(k)		BPF_STMT(BPF_ST, (k))
#define STX(k)		BPF_STMT(BPF_STX, (k))
#define ALU_K(op, k)	BPF_STMT(BPF_ALU | (op) | BPF_K, (k))
#define ALU_X(op)	BPF_STMT(BPF_ALU | (op) | BPF_X, 0)
#define JA(k)		BPF_STMT(BPF_JMP | BPF_JA, (k))
#define JMP_K(op, k, jt, jf) BPF_JUMP(BPF_JMP | (op) | BPF_K, (k), (jt), (jf))
#define JMP_X(op, jt, jf) BPF_JUMP(BPF_JMP | (op) | BPF_X, 0, (jt), (jf))
#define RET_K(k)	BPF_STMT(BPF_RET | BPF_K, (k))
#define RET_A		BPF_STMT(BPF_RET | BPF_A, 0)

#define ALLOW		SECCOMP_RET_ALLOW
#define ERRNO(n)	(SECCOMP_RET_ERRNO | (n))

/* Byte offsets into struct seccomp_data; the low word of a 64-bit
 * argument comes first on a little-endian host. */
#define OFF_NR		offsetof(struct seccomp_data, nr)
#define OFF_ARCH	offsetof(struct seccomp_data, arch)
#define OFF_IP		offsetof(struct seccomp_data, instruction_pointer)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define OFF_ARG_LO(i)	(offsetof(struct seccomp_data, args) + 8 * (i))
#define OFF_ARG_HI(i)	(OFF_ARG_LO(i) + 4)
#else
#define OFF_ARG_HI(i)	(offsetof(struct seccomp_data, args) + 8 * (i))
#define OFF_ARG_LO(i)	(OFF_ARG_HI(i) + 4)
#endif

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A named program of at most 8 instructions; PROG() fills in the length. */
#define MAX_CASE_INSNS 8
#define PROG(...) \
	.insns = { __VA_ARGS__ }, \
	.len = sizeof((struct sock_filter[]){ __VA_ARGS__ }) / sizeof(struct sock_filter)

struct check_case {
	const char *name;
	struct sock_filter insns[MAX_CASE_INSNS];
	size_t len;
	enum zviz_bpf_reject want;
	size_t bad_pc;
	const char *says;	/* a fragment the error message must contain */
};

/* ------------------------------------------------------------------ */
/* Checker helpers                                                     */
/* ------------------------------------------------------------------ */

static void assert_check(const char *name, const struct sock_filter *prog,
			 size_t len, enum zviz_bpf_reject want, size_t want_pc,
			 const char *says)
{
	struct zviz_error err = { .msg = "untouched" };
	size_t bad_pc = 12345;
	enum zviz_bpf_reject got;
	char where[48];

	got = zviz_bpf_check(prog, len, &bad_pc, &err);
	if (got != want)
		fail_msg("%s: got \"%s\", want \"%s\" (%s)", name,
			 zviz_bpf_reject_str(got), zviz_bpf_reject_str(want), err.msg);
	/* The optional outputs change nothing. */
	if (zviz_bpf_check(prog, len, NULL, NULL) != want)
		fail_msg("%s: verdict differs without bad_pc and err", name);

	if (want == ZVIZ_BPF_OK) {
		if (bad_pc != 12345 || strcmp(err.msg, "untouched") != 0)
			fail_msg("%s: accepted but bad_pc/err were written", name);
		return;
	}
	if (bad_pc != want_pc)
		fail_msg("%s: bad_pc %zu, want %zu (%s)", name, bad_pc, want_pc, err.msg);
	if (want != ZVIZ_BPF_BAD_LENGTH) {
		snprintf(where, sizeof(where), "instruction %zu: ", want_pc);
		if (strncmp(err.msg, where, strlen(where)) != 0)
			fail_msg("%s: message \"%s\" does not start with \"%s\"", name, err.msg, where);
	}
	if (says != NULL && strstr(err.msg, says) == NULL)
		fail_msg("%s: message \"%s\" does not mention \"%s\"", name, err.msg, says);
}

static void assert_cases(const struct check_case *cases, size_t count)
{
	for (size_t i = 0; i < count; i++)
		assert_check(cases[i].name, cases[i].insns, cases[i].len,
			     cases[i].want, cases[i].bad_pc, cases[i].says);
}

/* LEN instructions: LEN-1 "JA 0" (each falls into the next) and a final
 * RET ALLOW.  Harmless to install, and every instruction runs. */
static void fill_straight_line(struct sock_filter *prog, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		prog[i] = (struct sock_filter)JA(0);
	prog[len - 1] = (struct sock_filter)RET_K(ALLOW);
}

/* ------------------------------------------------------------------ */
/* Checker: one broken program per reject reason                       */
/* ------------------------------------------------------------------ */

static const struct check_case bad_opcode_cases[] = {
	{ "unknown opcode", PROG(LD_ABS(OFF_NR), BPF_STMT(0xffff, 0), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_OPCODE, 1, "0xffff" },
	{ "ALU class with an unused op", PROG(BPF_STMT(BPF_ALU | 0xb0 | BPF_K, 1), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_OPCODE, 0, NULL },
	{ "NEG with the X bit", PROG(BPF_STMT(BPF_ALU | BPF_NEG | BPF_X, 0), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_OPCODE, 0, NULL },
	{ "RET X", PROG(LD_IMM(0), BPF_STMT(BPF_RET | BPF_X, 0), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_OPCODE, 1, NULL },
	{ "MOD K (classic, not seccomp)", PROG(LD_IMM(7), ALU_K(BPF_MOD, 3), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_OPCODE, 1, "not allowed in a seccomp filter" },
	{ "MOD X", PROG(LDX_IMM(3), ALU_X(BPF_MOD), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_OPCODE, 1, NULL },
	{ "16-bit absolute load", PROG(BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_OPCODE, 0, NULL },
	{ "8-bit absolute load", PROG(BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_OPCODE, 0, NULL },
	{ "indirect load", PROG(BPF_STMT(BPF_LD | BPF_W | BPF_IND, 0), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_OPCODE, 0, NULL },
	{ "LDX B MSH", PROG(BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_OPCODE, 0, NULL },
	{ "LDX W ABS", PROG(BPF_STMT(BPF_LDX | BPF_W | BPF_ABS, 0), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_OPCODE, 0, NULL },
	{ "opcode with bits above 0xff", PROG(BPF_STMT(0x100 | BPF_RET | BPF_K, ALLOW), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_OPCODE, 0, NULL },
};

static const struct check_case div_by_zero_cases[] = {
	{ "DIV K 0", PROG(LD_ABS(OFF_NR), ALU_K(BPF_DIV, 0), RET_K(ALLOW)),
	  ZVIZ_BPF_DIV_BY_ZERO, 1, "division by the constant 0" },
	/* The classic pass sees the zero before seccomp's pass sees MOD. */
	{ "MOD K 0", PROG(ALU_K(BPF_MOD, 0), RET_K(ALLOW)),
	  ZVIZ_BPF_DIV_BY_ZERO, 0, NULL },
};

static const struct check_case bad_shift_cases[] = {
	{ "LSH K 32", PROG(LD_IMM(1), ALU_K(BPF_LSH, 32), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_SHIFT, 1, "shift by 32" },
	{ "RSH K 0xffffffff", PROG(LD_IMM(1), ALU_K(BPF_RSH, 0xffffffff), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_SHIFT, 1, "4294967295" },
};

static const struct check_case bad_mem_index_cases[] = {
	{ "ST 16", PROG(LD_IMM(0), ST(16), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_MEM_INDEX, 1, "index 16" },
	{ "STX 16", PROG(STX(16), RET_K(ALLOW)), ZVIZ_BPF_BAD_MEM_INDEX, 0, NULL },
	{ "LD MEM 16", PROG(ST(0), LD_MEM(16), RET_K(ALLOW)), ZVIZ_BPF_BAD_MEM_INDEX, 1, NULL },
	{ "LDX MEM 0x80000000", PROG(ST(0), LDX_MEM(0x80000000), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_MEM_INDEX, 1, NULL },
};

static const struct check_case bad_jump_cases[] = {
	/* JA at pc 1 of 3 may skip nothing: k=1 would land on pc 3. */
	{ "JA one past the end", PROG(LD_IMM(0), JA(1), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_JUMP, 1, "k=1, 3 instructions" },
	/* pc + 1 + k wraps in 32 bits; the kernel's k >= len - pc - 1 catches it. */
	{ "JA 0xffffffff", PROG(JA(0xffffffff), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_JUMP, 0, NULL },
	{ "JEQ jt past the end",
	  PROG(LD_ABS(OFF_NR), JMP_K(BPF_JEQ, 1, 200, 0), RET_K(ALLOW), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_JUMP, 1, "(jt=200, 4 instructions)" },
	{ "JGT jf one past the end",
	  PROG(LD_ABS(OFF_NR), JMP_K(BPF_JGT, 1, 0, 2), RET_K(ALLOW), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_JUMP, 1, "jf=2" },
	{ "JSET X jt past the end", PROG(JMP_X(BPF_JSET, 1, 0), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_JUMP, 0, "jt=1" },
	{ "JGE K as the last instruction", PROG(LD_IMM(0), JMP_K(BPF_JGE, 0, 0, 0)),
	  ZVIZ_BPF_BAD_JUMP, 1, NULL },
};

static const struct check_case bad_load_cases[] = {
	{ "load at 64", PROG(LD_ABS(64), RET_K(ALLOW)), ZVIZ_BPF_BAD_LOAD, 0, "offset 64" },
	{ "unaligned load at 2", PROG(LD_ABS(OFF_NR), LD_ABS(2), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_LOAD, 1, "not 4-byte aligned" },
	{ "unaligned load at 61", PROG(LD_ABS(61), RET_K(ALLOW)), ZVIZ_BPF_BAD_LOAD, 0, NULL },
	/* A socket filter's metadata load: the classic pass lets it through
	 * and seccomp's pass refuses the offset. */
	{ "ancillary load", PROG(LD_ABS((uint32_t)SKF_AD_OFF + SKF_AD_PROTOCOL), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_LOAD, 0, NULL },
	/* Not an ancillary offset at all: the classic pass refuses it. */
	{ "unknown ancillary load", PROG(LD_ABS((uint32_t)SKF_AD_OFF + 2), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_LOAD, 0, NULL },
};

static const struct check_case no_final_ret_cases[] = {
	{ "ends with a load", PROG(LD_ABS(OFF_NR), RET_K(ALLOW), LD_ABS(OFF_NR)),
	  ZVIZ_BPF_NO_FINAL_RET, 2, "not a return" },
	{ "single ALU instruction", PROG(ALU_K(BPF_ADD, 1)), ZVIZ_BPF_NO_FINAL_RET, 0, NULL },
	{ "ends with TAX", PROG(LD_IMM(0), BPF_STMT(BPF_MISC | BPF_TAX, 0)),
	  ZVIZ_BPF_NO_FINAL_RET, 1, NULL },
};

static const struct check_case uninit_mem_cases[] = {
	{ "load of a never-written cell", PROG(LD_MEM(3), RET_K(ALLOW)),
	  ZVIZ_BPF_UNINIT_MEM, 0, "M[3]" },
	{ "LDX of a different cell than stored", PROG(ST(1), LDX_MEM(2), RET_K(ALLOW)),
	  ZVIZ_BPF_UNINIT_MEM, 1, "M[2]" },
};

static void test_reject_bad_length(void **state)
{
	struct sock_filter too_long[ZVIZ_BPF_MAX_INSNS + 1];
	const struct sock_filter one = RET_K(ALLOW);
	struct zviz_error err;

	(void)state;
	fill_straight_line(too_long, ARRAY_LEN(too_long));
	assert_check("empty", &one, 0, ZVIZ_BPF_BAD_LENGTH, 0, "0 instructions");
	assert_check("4097 instructions", too_long, ARRAY_LEN(too_long),
		     ZVIZ_BPF_BAD_LENGTH, 0, "4097 instructions");
	assert_check("NULL program", NULL, 1, ZVIZ_BPF_BAD_LENGTH, 0, "no program");
	assert_check("huge length", too_long, SIZE_MAX, ZVIZ_BPF_BAD_LENGTH, 0, NULL);

	/* The message states the limits. */
	assert_int_equal(zviz_bpf_check(&one, 0, NULL, &err), ZVIZ_BPF_BAD_LENGTH);
	assert_non_null(strstr(err.msg, "must be 1 to 4096"));
}

static void test_reject_bad_opcode(void **state)
{
	(void)state;
	assert_cases(bad_opcode_cases, ARRAY_LEN(bad_opcode_cases));
}

static void test_reject_div_by_zero(void **state)
{
	(void)state;
	assert_cases(div_by_zero_cases, ARRAY_LEN(div_by_zero_cases));
}

static void test_reject_bad_shift(void **state)
{
	(void)state;
	assert_cases(bad_shift_cases, ARRAY_LEN(bad_shift_cases));
}

static void test_reject_bad_mem_index(void **state)
{
	(void)state;
	assert_cases(bad_mem_index_cases, ARRAY_LEN(bad_mem_index_cases));
}

static void test_reject_bad_jump(void **state)
{
	(void)state;
	assert_cases(bad_jump_cases, ARRAY_LEN(bad_jump_cases));
}

static void test_reject_bad_load(void **state)
{
	(void)state;
	assert_cases(bad_load_cases, ARRAY_LEN(bad_load_cases));
}

static void test_reject_no_final_ret(void **state)
{
	(void)state;
	assert_cases(no_final_ret_cases, ARRAY_LEN(no_final_ret_cases));
}

static void test_reject_uninit_mem(void **state)
{
	(void)state;
	assert_cases(uninit_mem_cases, ARRAY_LEN(uninit_mem_cases));
}

/* Programs with several faults report the one the kernel meets first:
 * the classic pass over all instructions, the final return, scratch
 * memory, and only then seccomp's opcode and load checks. */
static const struct check_case order_cases[] = {
	{ "classic fault after a seccomp-only fault",
	  PROG(ALU_K(BPF_MOD, 3), ALU_K(BPF_DIV, 0), RET_K(ALLOW)),
	  ZVIZ_BPF_DIV_BY_ZERO, 1, NULL },
	{ "jump fault after a 16-bit load",
	  PROG(BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0), JA(5), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_JUMP, 1, NULL },
	{ "missing return beats a bad seccomp_data load",
	  PROG(LD_ABS(64), LD_IMM(0)),
	  ZVIZ_BPF_NO_FINAL_RET, 1, NULL },
	{ "uninitialised memory beats a bad seccomp_data load",
	  PROG(LD_ABS(64), LD_MEM(0), RET_K(ALLOW)),
	  ZVIZ_BPF_UNINIT_MEM, 1, NULL },
	{ "uninitialised memory beats MOD",
	  PROG(ALU_K(BPF_MOD, 3), LD_MEM(0), RET_K(ALLOW)),
	  ZVIZ_BPF_UNINIT_MEM, 1, NULL },
	{ "first of two classic faults",
	  PROG(ALU_K(BPF_LSH, 40), ST(20), RET_K(ALLOW)),
	  ZVIZ_BPF_BAD_SHIFT, 0, NULL },
	{ "unknown opcode beats a missing return",
	  PROG(BPF_STMT(0x00ff, 0), LD_IMM(0)),
	  ZVIZ_BPF_BAD_OPCODE, 0, NULL },
	{ "unknown ancillary offset beats a missing return",
	  PROG(LD_ABS(0xfffff001), LD_IMM(0)),
	  ZVIZ_BPF_BAD_LOAD, 0, NULL },
	{ "known ancillary offset loses to a missing return",
	  PROG(LD_ABS((uint32_t)SKF_AD_OFF + SKF_AD_CPU), LD_IMM(0)),
	  ZVIZ_BPF_NO_FINAL_RET, 1, NULL },
};

static void test_reject_order(void **state)
{
	(void)state;
	assert_cases(order_cases, ARRAY_LEN(order_cases));
}

/* ------------------------------------------------------------------ */
/* Checker: boundaries that must pass                                  */
/* ------------------------------------------------------------------ */

static const struct check_case boundary_cases[] = {
	{ "single return", PROG(RET_K(ALLOW)), ZVIZ_BPF_OK, 0, NULL },
	{ "RET A", PROG(LD_IMM(ALLOW), RET_A), ZVIZ_BPF_OK, 0, NULL },
	{ "JA to the last instruction", PROG(JA(2), RET_K(ERRNO(1)), RET_K(ERRNO(2)), RET_K(ALLOW)),
	  ZVIZ_BPF_OK, 0, NULL },
	{ "JEQ jt and jf to the last instruction",
	  PROG(LD_ABS(OFF_NR), JMP_K(BPF_JEQ, 1, 1, 1), RET_K(ERRNO(1)), RET_K(ALLOW)),
	  ZVIZ_BPF_OK, 0, NULL },
	{ "load at offset 60", PROG(LD_ABS(60), RET_K(ALLOW)), ZVIZ_BPF_OK, 0, NULL },
	{ "loads of every field",
	  PROG(LD_ABS(OFF_NR), LD_ABS(OFF_ARCH), LD_ABS(OFF_IP), LD_ABS(OFF_IP + 4),
	       LD_ABS(OFF_ARG_LO(0)), LD_ABS(OFF_ARG_HI(5)), RET_K(ALLOW)),
	  ZVIZ_BPF_OK, 0, NULL },
	{ "shifts by 31", PROG(LD_IMM(1), ALU_K(BPF_LSH, 31), ALU_K(BPF_RSH, 31), RET_K(ALLOW)),
	  ZVIZ_BPF_OK, 0, NULL },
	{ "DIV K 1", PROG(LD_IMM(1), ALU_K(BPF_DIV, 1), RET_K(ALLOW)), ZVIZ_BPF_OK, 0, NULL },
	{ "DIV X (checked at run time)", PROG(LDX_IMM(2), ALU_X(BPF_DIV), RET_K(ALLOW)),
	  ZVIZ_BPF_OK, 0, NULL },
	{ "mem index 15 written before read",
	  PROG(LD_IMM(5), ST(15), LDX_MEM(15), STX(0), LD_MEM(0), RET_K(ALLOW)),
	  ZVIZ_BPF_OK, 0, NULL },
	{ "LEN loads", PROG(BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
			    BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0), RET_K(ALLOW)),
	  ZVIZ_BPF_OK, 0, NULL },
	{ "conditional jump with both offsets 0",
	  PROG(JMP_X(BPF_JSET, 0, 0), RET_K(ALLOW)), ZVIZ_BPF_OK, 0, NULL },
};

static void test_accept_boundaries(void **state)
{
	struct sock_filter longest[ZVIZ_BPF_MAX_INSNS];
	struct sock_filter far_jumps[258];

	(void)state;
	assert_cases(boundary_cases, ARRAY_LEN(boundary_cases));

	fill_straight_line(longest, ARRAY_LEN(longest));
	assert_check("4096 instructions", longest, ARRAY_LEN(longest), ZVIZ_BPF_OK, 0, NULL);
	/* The longest JA: from pc 0 to the last instruction. */
	longest[0] = (struct sock_filter)JA(ZVIZ_BPF_MAX_INSNS - 2);
	assert_check("JA over 4094 instructions", longest, ARRAY_LEN(longest), ZVIZ_BPF_OK, 0, NULL);

	/* The longest conditional offsets, 255, land on the last of 257. */
	fill_straight_line(far_jumps, 257);
	far_jumps[0] = (struct sock_filter)JMP_K(BPF_JEQ, 0, 255, 255);
	assert_check("jt = jf = 255", far_jumps, 257, ZVIZ_BPF_OK, 0, NULL);
	assert_check("jt = jf = 255 one short", far_jumps, 256, ZVIZ_BPF_BAD_JUMP, 0, "jt=255");
}

/* ------------------------------------------------------------------ */
/* Checker: scratch memory                                             */
/* ------------------------------------------------------------------ */

static const struct check_case memory_cases[] = {
	{ "store on one branch only, load after the merge",
	  PROG(LD_ABS(OFF_NR),
	       JMP_K(BPF_JEQ, 1, 0, 1),	/* -> 2 or 3 */
	       ST(0),
	       LD_MEM(0),		/* reached from 1 without the store */
	       RET_K(ALLOW)),
	  ZVIZ_BPF_UNINIT_MEM, 3, "M[0]" },
	{ "store on the jump-taken branch only",
	  PROG(LD_ABS(OFF_NR),
	       JMP_K(BPF_JEQ, 1, 1, 0),	/* -> 3 or 2 */
	       JA(1),			/* skips the store */
	       ST(4),
	       LDX_MEM(4),
	       RET_K(ALLOW)),
	  ZVIZ_BPF_UNINIT_MEM, 4, "M[4]" },
	{ "store on both branches",
	  PROG(LD_ABS(OFF_NR),
	       JMP_K(BPF_JEQ, 1, 0, 2),	/* -> 2 or 4 */
	       ST(0),
	       JA(1),			/* -> 5 */
	       ST(0),
	       LD_MEM(0),
	       RET_K(ALLOW)),
	  ZVIZ_BPF_OK, 0, NULL },
	{ "store before the branch",
	  PROG(LD_ABS(OFF_NR), ST(7),
	       JMP_K(BPF_JGT, 1, 0, 1),
	       LD_IMM(0),
	       LD_MEM(7),
	       RET_K(ALLOW)),
	  ZVIZ_BPF_OK, 0, NULL },
	{ "different cells on the two branches",
	  PROG(LD_ABS(OFF_NR),
	       JMP_K(BPF_JEQ, 1, 0, 2),
	       ST(1),
	       JA(1),
	       ST(2),
	       LD_MEM(1),
	       RET_K(ALLOW)),
	  ZVIZ_BPF_UNINIT_MEM, 5, "M[1]" },
	/* The kernel's quirk: after a jump the walk assumes every cell is
	 * written, so dead code right after a JA may read anything. */
	{ "dead code after JA reads an unwritten cell",
	  PROG(JA(1), LD_MEM(5), RET_K(ALLOW)),
	  ZVIZ_BPF_OK, 0, NULL },
	{ "dead code after a jump whose both offsets skip it",
	  PROG(LD_ABS(OFF_NR), JMP_K(BPF_JEQ, 1, 1, 1), LDX_MEM(9), RET_K(ALLOW)),
	  ZVIZ_BPF_OK, 0, NULL },
	/* ...but a fallthrough that is also a jump target keeps its mask. */
	{ "JA 0 does not launder the mask",
	  PROG(JA(0), LD_MEM(5), RET_K(ALLOW)),
	  ZVIZ_BPF_UNINIT_MEM, 1, NULL },
	/* A return does not reset the walk, so the cells of the returning
	 * path leak into the next instruction: the kernel refuses this safe
	 * program (5 is reached only from 3, after the store). */
	{ "return does not reset the mask",
	  PROG(LD_ABS(OFF_NR),
	       JMP_K(BPF_JEQ, 1, 2, 0),	/* -> 4 or 2 */
	       ST(0),
	       JA(1),			/* -> 5 */
	       RET_K(ALLOW),
	       LD_MEM(0),
	       RET_K(ALLOW)),
	  ZVIZ_BPF_UNINIT_MEM, 5, NULL },
};

static void test_memory_rule(void **state)
{
	(void)state;
	assert_cases(memory_cases, ARRAY_LEN(memory_cases));
}

static void test_reject_strings(void **state)
{
	const char *seen[ZVIZ_BPF_UNINIT_MEM + 1];

	(void)state;
	for (int why = ZVIZ_BPF_OK; why <= ZVIZ_BPF_UNINIT_MEM; why++) {
		seen[why] = zviz_bpf_reject_str((enum zviz_bpf_reject)why);
		assert_non_null(seen[why]);
		assert_string_not_equal(seen[why], "unknown reason");
		for (int other = ZVIZ_BPF_OK; other < why; other++)
			assert_string_not_equal(seen[why], seen[other]);
	}
	assert_string_equal(zviz_bpf_reject_str(ZVIZ_BPF_BAD_JUMP), "jump out of range");
	assert_string_equal(zviz_bpf_reject_str((enum zviz_bpf_reject)99), "unknown reason");
}

/* ------------------------------------------------------------------ */
/* Interpreter                                                         */
/* ------------------------------------------------------------------ */

static struct seccomp_data sample_data(void)
{
	struct seccomp_data data;

	memset(&data, 0, sizeof(data));
	data.nr = 39;
	data.arch = 0xc000003e;
	data.instruction_pointer = 0x00007fff12345678ull;
	for (unsigned i = 0; i < 6; i++)
		data.args[i] = ((uint64_t)(0xa0 + i) << 32) | (0x10 + i);
	return data;
}

/* Runs PROG on DATA and checks the verdict and the step count. */
static void assert_run(const char *name, const struct sock_filter *prog, size_t len,
		       const struct seccomp_data *data, uint32_t want, unsigned want_steps)
{
	unsigned steps = 0xdead;
	uint32_t got = zviz_bpf_run(prog, len, data, &steps);

	if (got != want || steps != want_steps)
		fail_msg("%s: got 0x%08x in %u steps, want 0x%08x in %u steps",
			 name, got, steps, want, want_steps);
	if (zviz_bpf_run(prog, len, data, NULL) != want)
		fail_msg("%s: verdict differs without steps", name);
}

struct alu_case {
	const char *name;
	uint16_t op;
	uint32_t a;
	uint32_t operand;
	uint32_t want;
};

static const struct alu_case alu_cases[] = {
	{ "ADD wraps", BPF_ADD, 0xffffffff, 2, 1 },
	{ "SUB wraps", BPF_SUB, 1, 2, 0xffffffff },
	{ "MUL wraps", BPF_MUL, 0x10000, 0x10001, 0x10000 },
	{ "DIV truncates", BPF_DIV, 100, 7, 14 },
	{ "DIV is unsigned", BPF_DIV, 0x80000000, 2, 0x40000000 },
	{ "AND", BPF_AND, 0xf0f0f0f0, 0x3c3c3c3c, 0x30303030 },
	{ "OR", BPF_OR, 0xf0f0f0f0, 0x0000ffff, 0xf0f0ffff },
	{ "XOR", BPF_XOR, 0xf0f0f0f0, 0xffff0000, 0x0f0ff0f0 },
	{ "LSH drops high bits", BPF_LSH, 0x80000001, 1, 2 },
	{ "LSH by 31", BPF_LSH, 3, 31, 0x80000000 },
	{ "RSH is logical", BPF_RSH, 0x80000000, 31, 1 },
	{ "RSH by 0", BPF_RSH, 0x1234, 0, 0x1234 },
};

/* Every ALU operation, with K and with X; the unused operand holds junk
 * so that reading the wrong one shows. */
static void test_run_alu(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(alu_cases); i++) {
		const struct alu_case *c = &alu_cases[i];
		const struct sock_filter with_k[] = {
			LD_IMM(c->a), LDX_IMM(0x5a5a5a5a), ALU_K(c->op, c->operand), RET_A,
		};
		const struct sock_filter with_x[] = {
			LD_IMM(c->a), LDX_IMM(c->operand),
			BPF_STMT(BPF_ALU | c->op | BPF_X, 0x5a5a5a5a), RET_A,
		};
		char name[80];

		snprintf(name, sizeof(name), "%s, K", c->name);
		assert_check(name, with_k, ARRAY_LEN(with_k), ZVIZ_BPF_OK, 0, NULL);
		assert_run(name, with_k, ARRAY_LEN(with_k), NULL, c->want, 4);
		snprintf(name, sizeof(name), "%s, X", c->name);
		assert_check(name, with_x, ARRAY_LEN(with_x), ZVIZ_BPF_OK, 0, NULL);
		assert_run(name, with_x, ARRAY_LEN(with_x), NULL, c->want, 4);
	}
}

/* A shift by X uses X & 31 (see bpf.c); never undefined behaviour. */
static void test_run_shift_by_large_x(void **state)
{
	static const struct { uint16_t op; uint32_t a, x, want; } cases[] = {
		{ BPF_LSH, 1, 32, 1 },
		{ BPF_LSH, 1, 33, 2 },
		{ BPF_LSH, 1, 0xffffffff, 0x80000000 },
		{ BPF_RSH, 0x80000000, 63, 1 },
		{ BPF_RSH, 0x80000000, 0x40, 0x80000000 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct sock_filter prog[] = {
			LD_IMM(cases[i].a), LDX_IMM(cases[i].x),
			BPF_STMT(BPF_ALU | cases[i].op | BPF_X, 0), RET_A,
		};

		assert_run("shift by large X", prog, ARRAY_LEN(prog), NULL, cases[i].want, 4);
	}
}

static void test_run_neg(void **state)
{
	const struct sock_filter neg5[] = { LD_IMM(5), BPF_STMT(BPF_ALU | BPF_NEG, 0), RET_A };
	const struct sock_filter neg0[] = { LD_IMM(0), BPF_STMT(BPF_ALU | BPF_NEG, 0), RET_A };
	const struct sock_filter neg_min[] = {
		LD_IMM(0x80000000), BPF_STMT(BPF_ALU | BPF_NEG, 0), RET_A,
	};

	(void)state;
	assert_run("NEG 5", neg5, ARRAY_LEN(neg5), NULL, 0xfffffffb, 3);
	assert_run("NEG 0", neg0, ARRAY_LEN(neg0), NULL, 0, 3);
	assert_run("NEG 0x80000000", neg_min, ARRAY_LEN(neg_min), NULL, 0x80000000, 3);
}

static void test_run_div_by_zero_x(void **state)
{
	const struct sock_filter prog[] = {
		LD_IMM(10), LDX_IMM(0), ALU_X(BPF_DIV), RET_K(ALLOW),
	};
	const struct sock_filter nonzero[] = {
		LD_IMM(10), LDX_IMM(3), ALU_X(BPF_DIV), RET_A,
	};

	(void)state;
	assert_int_equal(zviz_bpf_check(prog, ARRAY_LEN(prog), NULL, NULL), ZVIZ_BPF_OK);
	/* Stops at the division: three steps, verdict 0 (KILL_THREAD). */
	assert_run("DIV by X == 0", prog, ARRAY_LEN(prog), NULL, SECCOMP_RET_KILL_THREAD, 3);
	assert_run("DIV by X == 3", nonzero, ARRAY_LEN(nonzero), NULL, 3, 4);
}

static void test_run_tax_txa(void **state)
{
	const struct sock_filter tax[] = {
		LD_IMM(7), BPF_STMT(BPF_MISC | BPF_TAX, 0), LD_IMM(0),
		BPF_STMT(BPF_MISC | BPF_TXA, 0), RET_A,
	};
	const struct sock_filter txa[] = {
		LD_IMM(1), LDX_IMM(9), BPF_STMT(BPF_MISC | BPF_TXA, 0), RET_A,
	};
	/* A and X start at 0. */
	const struct sock_filter initial_x[] = { BPF_STMT(BPF_MISC | BPF_TXA, 0), RET_A };
	const struct sock_filter initial_a[] = { RET_A };

	(void)state;
	assert_run("TAX then TXA", tax, ARRAY_LEN(tax), NULL, 7, 5);
	assert_run("TXA", txa, ARRAY_LEN(txa), NULL, 9, 4);
	assert_run("X starts at 0", initial_x, ARRAY_LEN(initial_x), NULL, 0, 2);
	assert_run("A starts at 0", initial_a, ARRAY_LEN(initial_a), NULL, 0, 1);
}

static void test_run_memory(void **state)
{
	const struct sock_filter prog[] = {
		LD_IMM(11), ST(3),		/* M[3] = 11 */
		LDX_IMM(22), STX(15),		/* M[15] = 22 */
		LD_IMM(0), LDX_IMM(0),
		LD_MEM(15),			/* A = 22 */
		LDX_MEM(3),			/* X = 11 */
		ALU_X(BPF_SUB),			/* A = 11 */
		ST(3), LDX_MEM(3),		/* overwrite keeps the last value */
		ALU_X(BPF_ADD),			/* A = 22 */
		RET_A,
	};

	(void)state;
	assert_check("memory program", prog, ARRAY_LEN(prog), ZVIZ_BPF_OK, 0, NULL);
	assert_run("ST/STX/LD/LDX MEM", prog, ARRAY_LEN(prog), NULL, 22, 13);
}

static void test_run_loads(void **state)
{
	const struct seccomp_data data = sample_data();
	const struct sock_filter len_a[] = { BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0), RET_A };
	const struct sock_filter len_x[] = {
		BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0), BPF_STMT(BPF_MISC | BPF_TXA, 0), RET_A,
	};
	static const struct { uint32_t offset; uint32_t want; } fields[] = {
		{ OFF_NR, 39 },
		{ OFF_ARCH, 0xc000003e },
		{ OFF_IP, 0x12345678 },
		{ OFF_IP + 4, 0x00007fff },
		{ OFF_ARG_LO(0), 0x10 },
		{ OFF_ARG_HI(0), 0xa0 },
		{ OFF_ARG_LO(3), 0x13 },
		{ OFF_ARG_HI(5), 0xa5 },
	};

	(void)state;
	assert_run("LD LEN", len_a, ARRAY_LEN(len_a), &data, sizeof(struct seccomp_data), 2);
	assert_run("LDX LEN", len_x, ARRAY_LEN(len_x), &data, 64, 3);
	for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
		const struct sock_filter prog[] = { LD_ABS(fields[i].offset), RET_A };
		char name[48];

		snprintf(name, sizeof(name), "load at %u", fields[i].offset);
		assert_run(name, prog, ARRAY_LEN(prog), &data, fields[i].want, 2);
	}
#if defined(__x86_64__)
	/* The layout the brief promises for this host. */
	assert_int_equal(OFF_ARG_LO(0), 16);
	assert_int_equal(OFF_ARG_HI(0), 20);
#endif
}

struct jump_case {
	const char *name;
	uint16_t op;
	uint32_t a;
	uint32_t operand;
	bool taken;
};

static const struct jump_case jump_cases[] = {
	{ "JEQ equal", BPF_JEQ, 5, 5, true },
	{ "JEQ different", BPF_JEQ, 4, 5, false },
	{ "JGT above", BPF_JGT, 6, 5, true },
	{ "JGT equal", BPF_JGT, 5, 5, false },
	{ "JGT is unsigned", BPF_JGT, 0x80000000, 1, true },
	{ "JGE equal", BPF_JGE, 5, 5, true },
	{ "JGE below", BPF_JGE, 4, 5, false },
	{ "JGE is unsigned", BPF_JGE, 1, 0xffffffff, false },
	{ "JSET common bit", BPF_JSET, 6, 2, true },
	{ "JSET no common bit", BPF_JSET, 5, 2, false },
	{ "JSET high bit", BPF_JSET, 0x80000000, 0xffffffff, true },
};

/* Every conditional jump, with K and X, both ways; jt=2 and jf=1 check
 * that offsets count from the next instruction. */
static void test_run_jumps(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(jump_cases); i++) {
		const struct jump_case *c = &jump_cases[i];
		const uint32_t want = c->taken ? ERRNO(2) : ERRNO(1);
		struct seccomp_data data = sample_data();
		const struct sock_filter with_k[] = {
			LD_ABS(OFF_ARG_LO(0)), LDX_IMM(~c->operand),
			JMP_K(c->op, c->operand, 2, 1),
			RET_K(ERRNO(3)), RET_K(ERRNO(1)), RET_K(ERRNO(2)),
		};
		const struct sock_filter with_x[] = {
			LD_ABS(OFF_ARG_LO(0)), LDX_IMM(c->operand),
			BPF_JUMP(BPF_JMP | c->op | BPF_X, ~c->operand, 2, 1),
			RET_K(ERRNO(3)), RET_K(ERRNO(1)), RET_K(ERRNO(2)),
		};
		char name[64];

		data.args[0] = c->a;
		snprintf(name, sizeof(name), "%s, K", c->name);
		assert_check(name, with_k, ARRAY_LEN(with_k), ZVIZ_BPF_OK, 0, NULL);
		assert_run(name, with_k, ARRAY_LEN(with_k), &data, want, 4);
		snprintf(name, sizeof(name), "%s, X", c->name);
		assert_run(name, with_x, ARRAY_LEN(with_x), &data, want, 4);
	}
}

static void test_run_ja_and_ret(void **state)
{
	const struct seccomp_data data = sample_data();
	const struct sock_filter ja[] = {
		JA(2), RET_K(ERRNO(1)), RET_K(ERRNO(2)), LD_ABS(OFF_NR), RET_A,
	};
	const struct sock_filter ja0[] = { JA(0), JA(0), RET_K(ERRNO(7)) };
	const struct sock_filter ret_k_first[] = { RET_K(ERRNO(4)), RET_K(ALLOW) };

	(void)state;
	assert_run("JA 2", ja, ARRAY_LEN(ja), &data, 39, 3);
	assert_run("JA 0 falls through", ja0, ARRAY_LEN(ja0), &data, ERRNO(7), 3);
	assert_run("first return ends the run", ret_k_first, ARRAY_LEN(ret_k_first), &data, ERRNO(4), 1);
}

/* A realistic filter, with steps counted by hand on each path. */
static void test_run_step_counts(void **state)
{
	const struct sock_filter prog[] = {
		/* 0 */ LD_ABS(OFF_ARCH),
		/* 1 */ JMP_K(BPF_JEQ, 0xc000003e, 1, 0),
		/* 2 */ RET_K(SECCOMP_RET_KILL_PROCESS),
		/* 3 */ LD_ABS(OFF_NR),
		/* 4 */ JMP_K(BPF_JEQ, 39, 2, 0),
		/* 5 */ JMP_K(BPF_JEQ, 40, 3, 0),
		/* 6 */ RET_K(ALLOW),
		/* 7 */ LD_ABS(OFF_ARG_LO(1)),
		/* 8 */ JMP_K(BPF_JGE, 0x12, 0, 1),
		/* 9 */ RET_K(ERRNO(13)),
		/* 10 */ RET_K(ERRNO(1)),
	};
	struct seccomp_data data = sample_data();
	struct sock_filter longest[ZVIZ_BPF_MAX_INSNS];

	(void)state;
	assert_check("realistic", prog, ARRAY_LEN(prog), ZVIZ_BPF_OK, 0, NULL);
	assert_run("nr 39, arg1 0x11", prog, ARRAY_LEN(prog), &data, ERRNO(1), 7);
	data.args[1] = 0x12;
	assert_run("nr 39, arg1 0x12", prog, ARRAY_LEN(prog), &data, ERRNO(13), 7);
	data.nr = 40;
	assert_run("nr 40", prog, ARRAY_LEN(prog), &data, ERRNO(13), 6);
	data.nr = 41;
	assert_run("nr 41", prog, ARRAY_LEN(prog), &data, ALLOW, 6);
	data.arch = 0x40000003;
	assert_run("foreign arch", prog, ARRAY_LEN(prog), &data, SECCOMP_RET_KILL_PROCESS, 3);

	/* 4095 additions and a return: every instruction counted. */
	longest[0] = (struct sock_filter)LD_IMM(0);
	for (size_t i = 1; i + 1 < ARRAY_LEN(longest); i++)
		longest[i] = (struct sock_filter)ALU_K(BPF_ADD, 1);
	longest[ARRAY_LEN(longest) - 1] = (struct sock_filter)RET_A;
	assert_check("4096 additions", longest, ARRAY_LEN(longest), ZVIZ_BPF_OK, 0, NULL);
	assert_run("4096 instructions", longest, ARRAY_LEN(longest), &data, 4094, 4096);
}

/* Programs the checker refuses still run without reading out of bounds;
 * each stops with verdict 0 where it cannot go on. */
static void test_run_defensive(void **state)
{
	const struct seccomp_data data = sample_data();
	static const struct {
		const char *name;
		struct sock_filter insns[MAX_CASE_INSNS];
		size_t len;
		unsigned steps;
	} cases[] = {
		{ "runs off the end", PROG(LD_IMM(ALLOW), ALU_K(BPF_ADD, 0)), 2 },
		{ "unknown opcode", PROG(LD_IMM(ALLOW), BPF_STMT(0xffff, 0), RET_A), 2 },
		{ "MOD", PROG(ALU_K(BPF_MOD, 3), RET_K(ALLOW)), 1 },
		{ "16-bit load", PROG(BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0), RET_K(ALLOW)), 1 },
		{ "load at 64", PROG(LD_ABS(64), RET_K(ALLOW)), 1 },
		{ "load at 61", PROG(LD_ABS(61), RET_K(ALLOW)), 1 },
		{ "load at 0xfffffffe", PROG(LD_ABS(0xfffffffe), RET_K(ALLOW)), 1 },
		{ "mem index 16", PROG(LD_MEM(16), RET_K(ALLOW)), 1 },
		{ "STX index 0xffffffff", PROG(STX(0xffffffff), RET_K(ALLOW)), 1 },
		{ "DIV K 0", PROG(ALU_K(BPF_DIV, 0), RET_K(ALLOW)), 1 },
		{ "JA past the end", PROG(JA(1), RET_K(ALLOW)), 1 },
		{ "JA 0xffffffff", PROG(JA(0xffffffff), RET_K(ALLOW)), 1 },
		{ "JEQ past the end", PROG(JMP_K(BPF_JEQ, 0, 5, 5), RET_K(ALLOW)), 1 },
	};
	uint32_t huge_shift;
	const struct sock_filter shift[] = { LD_IMM(1), ALU_K(BPF_LSH, 40), RET_A };
	const struct sock_filter load[] = { LD_ABS(OFF_NR), RET_K(ALLOW) };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		assert_int_not_equal(zviz_bpf_check(cases[i].insns, cases[i].len, NULL, NULL),
				     ZVIZ_BPF_OK);
		assert_run(cases[i].name, cases[i].insns, cases[i].len, &data, 0, cases[i].steps);
	}
	/* Unchecked shift by a large K: masked like X, no undefined behaviour. */
	huge_shift = zviz_bpf_run(shift, ARRAY_LEN(shift), &data, NULL);
	assert_int_equal(huge_shift, 1u << (40 & 31));
	assert_run("empty", shift, 0, &data, 0, 0);
	/* No seccomp_data at all: a load stops the run. */
	assert_run("load from NULL data", load, ARRAY_LEN(load), NULL, 0, 1);
}

/* ------------------------------------------------------------------ */
/* Cross-check against the kernel                                      */
/* ------------------------------------------------------------------ */

static bool installable_constant(uint32_t verdict)
{
	const uint32_t action = verdict & SECCOMP_RET_ACTION_FULL;

	return action == SECCOMP_RET_ALLOW || action == SECCOMP_RET_ERRNO;
}

static bool jumped_to(const struct sock_filter *prog, size_t len, size_t target)
{
	for (size_t pc = 0; pc < len && pc < target; pc++) {
		const struct sock_filter *insn = &prog[pc];

		if (insn->code == (BPF_JMP | BPF_JA)) {
			if (pc + 1 + insn->k == target)
				return true;
		} else if (BPF_CLASS(insn->code) == BPF_JMP) {
			if (pc + 1 + insn->jt == target || pc + 1 + insn->jf == target)
				return true;
		}
	}
	return false;
}

/* True when X is certainly not 0 at PC: an earlier LDX IMM of a non-zero
 * constant, then nothing that writes X and no jump into the stretch. */
static bool x_nonzero_at(const struct sock_filter *prog, size_t len, size_t pc)
{
	for (size_t j = pc; j-- > 0;) {
		const uint16_t code = prog[j].code;

		if (jumped_to(prog, len, j + 1))
			return false;
		if (code == (BPF_LDX | BPF_IMM))
			return prog[j].k != 0;
		if (BPF_CLASS(code) == BPF_LDX || code == (BPF_MISC | BPF_TAX))
			return false;
	}
	return false;
}

/* A child that installs PROG must still be able to exit, and no test may
 * kill or trap anything: every verdict must be ALLOW or ERRNO.  Constant
 * returns are checked directly; RET A only in the two shapes the tests
 * use, with nothing jumping between the producing instructions and it:
 *   LD IMM <allow or errno>; RET A
 *   AND K <= 0xffff; OR K SECCOMP_RET_ERRNO; RET A
 * A division by X returns 0 (KILL_THREAD) when X is 0, so X must be a
 * known non-zero constant there. */
static bool verdicts_are_installable(const struct sock_filter *prog, size_t len)
{
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *insn = &prog[pc];

		if (insn->code == (BPF_ALU | BPF_DIV | BPF_X) && !x_nonzero_at(prog, len, pc))
			return false;
		if (insn->code == (BPF_RET | BPF_K) && !installable_constant(insn->k))
			return false;
		if (insn->code != (BPF_RET | BPF_A))
			continue;
		if (pc >= 1 && prog[pc - 1].code == (BPF_LD | BPF_IMM) &&
		    installable_constant(prog[pc - 1].k) && !jumped_to(prog, len, pc))
			continue;
		if (pc >= 2 && prog[pc - 2].code == (BPF_ALU | BPF_AND | BPF_K) &&
		    prog[pc - 2].k <= 0xffff &&
		    prog[pc - 1].code == (BPF_ALU | BPF_OR | BPF_K) &&
		    prog[pc - 1].k == SECCOMP_RET_ERRNO &&
		    !jumped_to(prog, len, pc) && !jumped_to(prog, len, pc - 1))
			continue;
		return false;
	}
	return true;
}

static void test_installable_guard(void **state)
{
	const struct sock_filter kill[] = { RET_K(SECCOMP_RET_KILL_PROCESS) };
	const struct sock_filter trap[] = { LD_ABS(OFF_NR), JMP_K(BPF_JEQ, 1, 0, 1),
					    RET_K(SECCOMP_RET_TRAP), RET_K(ALLOW) };
	const struct sock_filter ret_a_unknown[] = { LD_ABS(OFF_NR), RET_A };
	const struct sock_filter ret_a_jumped[] = { LD_ABS(OFF_NR), JMP_K(BPF_JEQ, 1, 0, 1),
						    LD_IMM(ALLOW), RET_A };
	const struct sock_filter div_unknown_x[] = { ALU_X(BPF_DIV), RET_K(ALLOW) };
	const struct sock_filter div_zero_x[] = { LDX_IMM(0), ALU_X(BPF_DIV), RET_K(ALLOW) };
	const struct sock_filter div_x_after_tax[] = { LDX_IMM(1), BPF_STMT(BPF_MISC | BPF_TAX, 0),
						       ALU_X(BPF_DIV), RET_K(ALLOW) };
	const struct sock_filter ok[] = { LDX_IMM(3), LD_IMM(ALLOW), ALU_X(BPF_DIV),
					  LD_IMM(ERRNO(1)), RET_A };

	(void)state;
	assert_false(verdicts_are_installable(kill, ARRAY_LEN(kill)));
	assert_false(verdicts_are_installable(trap, ARRAY_LEN(trap)));
	assert_false(verdicts_are_installable(ret_a_unknown, ARRAY_LEN(ret_a_unknown)));
	assert_false(verdicts_are_installable(ret_a_jumped, ARRAY_LEN(ret_a_jumped)));
	assert_false(verdicts_are_installable(div_unknown_x, ARRAY_LEN(div_unknown_x)));
	assert_false(verdicts_are_installable(div_zero_x, ARRAY_LEN(div_zero_x)));
	assert_false(verdicts_are_installable(div_x_after_tax, ARRAY_LEN(div_x_after_tax)));
	assert_true(verdicts_are_installable(ok, ARRAY_LEN(ok)));
}

/* Exits without running atexit handlers or sanitizer hooks: the child's
 * only job after seccomp(2) is to report. */
static _Noreturn void child_exit(int status)
{
	for (;;)
		syscall(SYS_exit_group, status);
}

/* Installs PROG in a short-lived child; returns 0 when the kernel accepted
 * it, else the errno seccomp(2) set.  Fails the test if the child could
 * not say. */
static int kernel_accepts(const char *name, const struct sock_filter *prog, size_t len)
{
	struct sock_fprog fprog = {
		.len = (unsigned short)len,
		.filter = (struct sock_filter *)prog,
	};
	int status = 0;
	pid_t child;

	if (len > USHRT_MAX)
		fail_msg("%s: %zu instructions do not fit sock_fprog", name, len);
	if (!verdicts_are_installable(prog, len))
		fail_msg("%s: refusing to install a program that could kill or trap", name);

	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
			child_exit(200);
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) == 0)
			child_exit(0);
		child_exit(errno > 0 && errno < 200 ? errno : 201);
	}
	assert_int_equal(waitpid(child, &status, 0), child);
	if (!WIFEXITED(status))
		fail_msg("%s: child died (status 0x%x)", name, status);
	if (WEXITSTATUS(status) == 200)
		fail_msg("%s: prctl(PR_SET_NO_NEW_PRIVS) failed in the child", name);
	return WEXITSTATUS(status);
}

static void expect_kernel_agrees(const char *name, const struct sock_filter *prog,
				 size_t len, enum zviz_bpf_reject want)
{
	enum zviz_bpf_reject ours = zviz_bpf_check(prog, len, NULL, NULL);
	int kernel = kernel_accepts(name, prog, len);

	if (ours != want)
		fail_msg("%s: checker says \"%s\", test expects \"%s\"", name,
			 zviz_bpf_reject_str(ours), zviz_bpf_reject_str(want));
	if (kernel != 0 && kernel != EINVAL)
		fail_msg("%s: seccomp(2) failed with errno %d (%s): cannot cross-check%s",
			 name, kernel, strerror(kernel),
			 kernel == ENOSYS ? " (valgrind does not implement seccomp(2))" : "");
	if ((ours == ZVIZ_BPF_OK) != (kernel == 0))
		fail_msg("%s: checker says \"%s\" but the kernel %s it", name,
			 zviz_bpf_reject_str(ours), kernel == 0 ? "accepts" : "refuses");
}

static void expect_kernel_agrees_on_cases(const struct check_case *cases, size_t count)
{
	for (size_t i = 0; i < count; i++)
		expect_kernel_agrees(cases[i].name, cases[i].insns, cases[i].len, cases[i].want);
}

/* Every hand-written program above, accepted or refused, is put to the
 * kernel; a disagreement in either direction fails. */
static void test_kernel_agrees_on_checker(void **state)
{
	struct sock_filter longest[ZVIZ_BPF_MAX_INSNS + 1];
	const struct sock_filter one = RET_K(ALLOW);

	(void)state;
	expect_kernel_agrees_on_cases(bad_opcode_cases, ARRAY_LEN(bad_opcode_cases));
	expect_kernel_agrees_on_cases(div_by_zero_cases, ARRAY_LEN(div_by_zero_cases));
	expect_kernel_agrees_on_cases(bad_shift_cases, ARRAY_LEN(bad_shift_cases));
	expect_kernel_agrees_on_cases(bad_mem_index_cases, ARRAY_LEN(bad_mem_index_cases));
	expect_kernel_agrees_on_cases(bad_jump_cases, ARRAY_LEN(bad_jump_cases));
	expect_kernel_agrees_on_cases(bad_load_cases, ARRAY_LEN(bad_load_cases));
	expect_kernel_agrees_on_cases(no_final_ret_cases, ARRAY_LEN(no_final_ret_cases));
	expect_kernel_agrees_on_cases(uninit_mem_cases, ARRAY_LEN(uninit_mem_cases));
	expect_kernel_agrees_on_cases(order_cases, ARRAY_LEN(order_cases));
	expect_kernel_agrees_on_cases(boundary_cases, ARRAY_LEN(boundary_cases));
	expect_kernel_agrees_on_cases(memory_cases, ARRAY_LEN(memory_cases));

	expect_kernel_agrees("empty", &one, 0, ZVIZ_BPF_BAD_LENGTH);
	fill_straight_line(longest, ZVIZ_BPF_MAX_INSNS);
	expect_kernel_agrees("4096 instructions", longest, ZVIZ_BPF_MAX_INSNS, ZVIZ_BPF_OK);
	fill_straight_line(longest, ZVIZ_BPF_MAX_INSNS + 1);
	expect_kernel_agrees("4097 instructions", longest, ZVIZ_BPF_MAX_INSNS + 1,
			     ZVIZ_BPF_BAD_LENGTH);
	fill_straight_line(longest, 257);
	longest[0] = (struct sock_filter)JMP_K(BPF_JEQ, 0, 255, 255);
	expect_kernel_agrees("jt = jf = 255", longest, 257, ZVIZ_BPF_OK);
	expect_kernel_agrees("jt = jf = 255 one short", longest, 256, ZVIZ_BPF_BAD_JUMP);
}

/* Every opcode byte (and a few wider codes) in the same surroundings:
 * the checker's opcode set is the kernel's, code for code.  The operands
 * leave only the opcode at fault: k=4 is a valid shift, divisor, written
 * scratch cell and seccomp_data offset, a JA gets k=0, a return ALLOW,
 * and X=1 keeps a division by X from killing the child. */
static void test_kernel_agrees_on_every_opcode(void **state)
{
	static const uint16_t wide_codes[] = { 0x0100, 0x0106, 0x8000, 0x8006, 0xffff };
	unsigned accepted = 0;

	(void)state;
	for (unsigned i = 0; i < 0x100 + ARRAY_LEN(wide_codes); i++) {
		const uint16_t code = i < 0x100 ? (uint16_t)i : wide_codes[i - 0x100];
		struct sock_filter prog[] = {
			ST(4), LDX_IMM(1), LD_IMM(ALLOW), BPF_STMT(code, 4), RET_K(ALLOW),
		};
		enum zviz_bpf_reject ours;
		char name[32];
		int kernel;

		if (code == (BPF_JMP | BPF_JA))
			prog[3].k = 0;
		if (BPF_CLASS(code) == BPF_RET)
			prog[3].k = ALLOW;
		ours = zviz_bpf_check(prog, ARRAY_LEN(prog), NULL, NULL);
		snprintf(name, sizeof(name), "opcode 0x%04x", code);
		kernel = kernel_accepts(name, prog, ARRAY_LEN(prog));
		if (kernel != 0 && kernel != EINVAL)
			fail_msg("%s: seccomp(2) failed with errno %d (%s)", name, kernel,
				 strerror(kernel));
		if ((ours == ZVIZ_BPF_OK) != (kernel == 0))
			fail_msg("%s: checker says \"%s\" but the kernel %s it", name,
				 zviz_bpf_reject_str(ours), kernel == 0 ? "accepts" : "refuses");
		if (ours == ZVIZ_BPF_OK)
			accepted++;
	}
	/* Seccomp's set: 3 loads from seccomp_data, 2 returns, 9 ALU ops
	 * with K and X, NEG, 2 immediates, TAX, TXA, 4 scratch memory
	 * opcodes, JA and 4 conditional jumps with K and X. */
	assert_int_equal(accepted, 3 + 2 + 18 + 1 + 2 + 2 + 4 + 1 + 8);
}

/* The interpreter computes what the kernel computes.  Each probe installs
 * a filter that returns ERRNO(low 12 bits of A op X) for getppid, with A
 * from getppid's first argument and X a constant (so that the guard can
 * see a division never meets 0); the child reports what getppid returned
 * and the parent compares it with zviz_bpf_run.  Covers shifts by X of 32
 * and more, where bpf.c had to choose (X & 31). */
struct alu_probe {
	uint16_t op;
	uint64_t a;	/* args[0]; the filter reads only its low word */
	uint32_t x;
};

/* What the child saw: getppid's return value and errno. */
struct probe_report {
	long ret;
	int err;
};

static uint32_t kernel_verdict_for_getppid(const struct sock_filter *prog, size_t len,
					   const struct alu_probe *probe)
{
	struct sock_fprog fprog = {
		.len = (unsigned short)len,
		.filter = (struct sock_filter *)prog,
	};
	struct probe_report report = { 0, 0 };
	int status = 0;
	int fds[2];
	pid_t child;

	assert_true(verdicts_are_installable(prog, len));
	assert_int_equal(pipe(fds), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		close(fds[0]);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
			child_exit(200);
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0)
			child_exit(errno > 0 && errno < 200 ? errno : 201);
		errno = 0;
		report.ret = syscall(SYS_getppid, (unsigned long)probe->a,
				     0x1234ul, 0ul, 0ul, 0ul, 0ul);
		report.err = errno;
		if (write(fds[1], &report, sizeof(report)) != (ssize_t)sizeof(report))
			child_exit(202);
		child_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &report, sizeof(report)) != (ssize_t)sizeof(report))
		report.ret = -2;
	close(fds[0]);
	assert_int_equal(waitpid(child, &status, 0), child);
	if (!WIFEXITED(status))
		fail_msg("child died (status 0x%x)", status);
	if (WEXITSTATUS(status) != 0)
		fail_msg("child could not install the filter: exit %d (%s)", WEXITSTATUS(status),
			 WEXITSTATUS(status) < 200 ? strerror(WEXITSTATUS(status)) : "see the code");
	assert_true(report.ret != -2);

	/* ERRNO(0) makes the call return 0; getppid itself never does here. */
	if (report.ret == -1)
		return SECCOMP_RET_ERRNO | (uint32_t)report.err;
	if (report.ret == 0)
		return SECCOMP_RET_ERRNO;
	return SECCOMP_RET_ALLOW;
}

static void test_kernel_agrees_on_interpreter(void **state)
{
	static const struct alu_probe probes[] = {
		{ BPF_LSH, 1, 1 }, { BPF_LSH, 1, 11 }, { BPF_LSH, 1, 32 },
		{ BPF_LSH, 1, 33 }, { BPF_LSH, 0x700000003ull, 0x3f }, { BPF_LSH, 5, 36 },
		{ BPF_RSH, 0x800, 1 }, { BPF_RSH, 0x800, 33 }, { BPF_RSH, 0x800, 64 },
		{ BPF_RSH, 0x80000000, 63 }, { BPF_RSH, 0x80000000, 20 },
		{ BPF_ADD, 0xffffffff, 0x10 }, { BPF_SUB, 1, 2 },
		{ BPF_MUL, 0x10001, 0x10001 }, { BPF_DIV, 0xfff, 7 },
		{ BPF_DIV, 0xffffffff, 0x100000 }, { BPF_AND, 0x123, 0x321 },
		{ BPF_OR, 0x120, 0x003 }, { BPF_XOR, 0x123, 0x321 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(probes); i++) {
		const struct alu_probe *p = &probes[i];
		const struct sock_filter prog[] = {
			LD_ABS(OFF_NR),
			JMP_K(BPF_JEQ, SYS_getppid, 0, 6),
			LD_ABS(OFF_ARG_LO(0)),
			LDX_IMM(p->x),
			BPF_STMT(BPF_ALU | p->op | BPF_X, 0),
			ALU_K(BPF_AND, 0xfff),
			ALU_K(BPF_OR, SECCOMP_RET_ERRNO),
			RET_A,
			RET_K(ALLOW),
		};
		struct seccomp_data data;
		uint32_t ours, kernel;

		memset(&data, 0, sizeof(data));
		data.nr = SYS_getppid;
		data.args[0] = p->a;
		data.args[1] = 0x1234;
		assert_int_equal(zviz_bpf_check(prog, ARRAY_LEN(prog), NULL, NULL), ZVIZ_BPF_OK);
		ours = zviz_bpf_run(prog, ARRAY_LEN(prog), &data, NULL);
		kernel = kernel_verdict_for_getppid(prog, ARRAY_LEN(prog), p);
		if (ours != kernel)
			fail_msg("probe %zu (op 0x%02x, a=0x%llx, x=0x%x): interpreter 0x%08x, kernel 0x%08x",
				 i, p->op, (unsigned long long)p->a, p->x, ours, kernel);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reject_bad_length),
		cmocka_unit_test(test_reject_bad_opcode),
		cmocka_unit_test(test_reject_div_by_zero),
		cmocka_unit_test(test_reject_bad_shift),
		cmocka_unit_test(test_reject_bad_mem_index),
		cmocka_unit_test(test_reject_bad_jump),
		cmocka_unit_test(test_reject_bad_load),
		cmocka_unit_test(test_reject_no_final_ret),
		cmocka_unit_test(test_reject_uninit_mem),
		cmocka_unit_test(test_reject_order),
		cmocka_unit_test(test_accept_boundaries),
		cmocka_unit_test(test_memory_rule),
		cmocka_unit_test(test_reject_strings),
		cmocka_unit_test(test_run_alu),
		cmocka_unit_test(test_run_shift_by_large_x),
		cmocka_unit_test(test_run_neg),
		cmocka_unit_test(test_run_div_by_zero_x),
		cmocka_unit_test(test_run_tax_txa),
		cmocka_unit_test(test_run_memory),
		cmocka_unit_test(test_run_loads),
		cmocka_unit_test(test_run_jumps),
		cmocka_unit_test(test_run_ja_and_ret),
		cmocka_unit_test(test_run_step_counts),
		cmocka_unit_test(test_run_defensive),
		cmocka_unit_test(test_installable_guard),
		cmocka_unit_test(test_kernel_agrees_on_checker),
		cmocka_unit_test(test_kernel_agrees_on_every_opcode),
		cmocka_unit_test(test_kernel_agrees_on_interpreter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
