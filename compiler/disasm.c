/* zvizc: classic-BPF disassembler (see disasm.h). */
#include <config.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "abi.h"
#include "constants.h"
#include "disasm.h"

#ifndef SECCOMP_RET_KILL_PROCESS
#define SECCOMP_RET_KILL_PROCESS 0x80000000u
#endif
#ifndef SECCOMP_RET_USER_NOTIF
#define SECCOMP_RET_USER_NOTIF 0x7fc00000u
#endif
#ifndef SECCOMP_RET_LOG
#define SECCOMP_RET_LOG 0x7ffc0000u
#endif
#ifndef SECCOMP_RET_ACTION_FULL
#define SECCOMP_RET_ACTION_FULL 0xffff0000u
#endif

/* Per-instruction scratch: is it a jump target, and what A holds when the
 * instruction starts (as far as a forward pass can tell; classic BPF only
 * jumps forward, so one pass in program order sees every predecessor). */
#define MARK_TARGET   0x01u
#define A_SHIFT       1
#define A_MASK        (0x3u << A_SHIFT)
#define A_UNREACHED   0u
#define A_UNKNOWN     1u
#define A_ARCH        2u

#define LABEL_WIDTH   7

struct line {
	char buf[DISASM_LINE_MAX];
	size_t len;
};

static void put(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->len >= sizeof(l->buf) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	l->len += (size_t)n;
	if (l->len >= sizeof(l->buf))
		l->len = sizeof(l->buf) - 1;
}

static bool is_cond_jump(uint16_t code)
{
	if (BPF_CLASS(code) != BPF_JMP || (code & ~(0xf0u | BPF_X | 0x07u)) != 0)
		return false;
	switch (BPF_OP(code)) {
	case BPF_JEQ:
	case BPF_JGT:
	case BPF_JGE:
	case BPF_JSET:
		return true;
	}
	return false;
}

/* Does the instruction put a new value in A? */
static bool writes_a(uint16_t code)
{
	switch (BPF_CLASS(code)) {
	case BPF_LD:
	case BPF_ALU:
		return true;
	case BPF_MISC:
		return BPF_MISCOP(code) == BPF_TXA;
	}
	return false;
}

static void merge(uint8_t *marks, size_t count, uint64_t target, unsigned state)
{
	unsigned cur;

	if (target >= count)
		return;
	cur = (marks[target] & A_MASK) >> A_SHIFT;
	if (cur == A_UNREACHED)
		cur = state;
	else if (cur != state)
		cur = A_UNKNOWN;
	marks[target] = (uint8_t)((marks[target] & ~A_MASK) | (cur << A_SHIFT));
}

static void analyse(const struct sock_filter *insns, size_t count, uint8_t *marks)
{
	if (count > 0)
		marks[0] = (uint8_t)(A_UNKNOWN << A_SHIFT);
	for (size_t pc = 0; pc < count; pc++) {
		const struct sock_filter *in = &insns[pc];
		unsigned state = (marks[pc] & A_MASK) >> A_SHIFT;

		if (state == A_UNREACHED)
			state = A_UNKNOWN;
		if (in->code == (BPF_LD | BPF_W | BPF_ABS) &&
		    in->k == offsetof(struct seccomp_data, arch))
			state = A_ARCH;
		else if (writes_a(in->code))
			state = A_UNKNOWN;

		if (in->code == (BPF_JMP | BPF_JA)) {
			uint64_t t = (uint64_t)pc + 1 + in->k;

			if (t < count)
				marks[t] |= MARK_TARGET;
			merge(marks, count, t, state);
		} else if (is_cond_jump(in->code)) {
			uint64_t t = (uint64_t)pc + 1 + in->jt;
			uint64_t f = (uint64_t)pc + 1 + in->jf;

			if (t < count)
				marks[t] |= MARK_TARGET;
			if (f < count)
				marks[f] |= MARK_TARGET;
			merge(marks, count, t, state);
			merge(marks, count, f, state);
		} else if (BPF_CLASS(in->code) != BPF_RET) {
			merge(marks, count, (uint64_t)pc + 1, state);
		}
	}
}

/* A constant: decimal while small, hex from 0x10000 on. */
static void put_const(struct line *l, uint32_t k)
{
	if (k < 0x10000)
		put(l, "#%u", k);
	else
		put(l, "#0x%x", k);
}

/* The seccomp_data field at byte offset K of a 32-bit load. */
static void put_field(struct line *l, uint32_t k)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	static const char *const half[2] = { "lo", "hi" };
#else
	static const char *const half[2] = { "hi", "lo" };
#endif
	const uint32_t args = offsetof(struct seccomp_data, args);
	const uint32_t ip = offsetof(struct seccomp_data, instruction_pointer);

	if (k == offsetof(struct seccomp_data, nr))
		put(l, "[nr]");
	else if (k == offsetof(struct seccomp_data, arch))
		put(l, "[arch]");
	else if (k == ip || k == ip + 4)
		put(l, "[instruction_pointer.%s]", half[(k - ip) / 4]);
	else if (k >= args && k < sizeof(struct seccomp_data) && k % 4 == 0)
		put(l, "[args[%u].%s]", (k - args) / 8, half[(k - args) % 8 / 4]);
	else
		put(l, "[%u]", k);
}

static void put_ret(struct line *l, uint32_t k)
{
	uint32_t data = k & SECCOMP_RET_DATA;
	const char *name = NULL;

	switch (k & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS: name = "KILL_PROCESS"; break;
	case SECCOMP_RET_KILL_THREAD: name = "KILL_THREAD"; break;
	case SECCOMP_RET_USER_NOTIF: name = "USER_NOTIF"; break;
	case SECCOMP_RET_LOG: name = "LOG"; break;
	case SECCOMP_RET_ALLOW: name = "ALLOW"; break;
	case SECCOMP_RET_TRAP:
		if (data == 0)
			put(l, "ret TRAP");
		else
			put(l, "ret TRAP(%u)", data);
		return;
	case SECCOMP_RET_TRACE:
		put(l, "ret TRACE(%u)", data);
		return;
	case SECCOMP_RET_ERRNO: {
		const char *e = zvizc_errno_name((int)data);

		if (e != NULL)
			put(l, "ret ERRNO(%s)", e);
		else
			put(l, "ret ERRNO(%u)", data);
		return;
	}
	default:
		put(l, "ret #0x%08x", k);
		return;
	}
	if (data == 0)
		put(l, "ret %s", name);
	else
		put(l, "ret %s(0x%x)", name, data);
}

static const char *alu_name(uint16_t op)
{
	switch (op) {
	case BPF_ADD: return "add";
	case BPF_SUB: return "sub";
	case BPF_MUL: return "mul";
	case BPF_DIV: return "div";
	case BPF_MOD: return "mod";
	case BPF_AND: return "and";
	case BPF_OR: return "or";
	case BPF_XOR: return "xor";
	case BPF_LSH: return "lsh";
	case BPF_RSH: return "rsh";
	}
	return NULL;
}

static const char *jump_name(uint16_t op)
{
	switch (op) {
	case BPF_JEQ: return "jeq";
	case BPF_JGT: return "jgt";
	case BPF_JGE: return "jge";
	case BPF_JSET: return "jset";
	}
	return NULL;
}

static void put_label(struct line *l, uint64_t target, size_t count, bool *out_of_range)
{
	put(l, "L%llu", (unsigned long long)target);
	if (target >= count)
		*out_of_range = true;
}

/* The instruction itself, without label.  False for an unknown opcode. */
static bool put_insn(struct line *l, const struct sock_filter *in, size_t pc, size_t count,
		     unsigned a_state)
{
	uint16_t code = in->code;
	bool out_of_range = false;

	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS:
		put(l, "ld ");
		put_field(l, in->k);
		return true;
	case BPF_LD | BPF_H | BPF_ABS:
		put(l, "ldh [%u]", in->k);
		return true;
	case BPF_LD | BPF_B | BPF_ABS:
		put(l, "ldb [%u]", in->k);
		return true;
	case BPF_LD | BPF_W | BPF_IND:
		put(l, "ld [x + %u]", in->k);
		return true;
	case BPF_LD | BPF_H | BPF_IND:
		put(l, "ldh [x + %u]", in->k);
		return true;
	case BPF_LD | BPF_B | BPF_IND:
		put(l, "ldb [x + %u]", in->k);
		return true;
	case BPF_LD | BPF_W | BPF_LEN:
		put(l, "ld #len");
		return true;
	case BPF_LDX | BPF_W | BPF_LEN:
		put(l, "ldx #len");
		return true;
	case BPF_LD | BPF_IMM:
		put(l, "ld ");
		put_const(l, in->k);
		return true;
	case BPF_LDX | BPF_IMM:
		put(l, "ldx ");
		put_const(l, in->k);
		return true;
	case BPF_LD | BPF_MEM:
		put(l, "ld M[%u]", in->k);
		return true;
	case BPF_LDX | BPF_MEM:
		put(l, "ldx M[%u]", in->k);
		return true;
	case BPF_LDX | BPF_B | BPF_MSH:
		put(l, "ldxb 4*([%u]&0xf)", in->k);
		return true;
	case BPF_ST:
		put(l, "st M[%u]", in->k);
		return true;
	case BPF_STX:
		put(l, "stx M[%u]", in->k);
		return true;
	case BPF_MISC | BPF_TAX:
		put(l, "tax");
		return true;
	case BPF_MISC | BPF_TXA:
		put(l, "txa");
		return true;
	case BPF_RET | BPF_K:
		put_ret(l, in->k);
		return true;
	case BPF_RET | BPF_A:
		put(l, "ret a");
		return true;
	case BPF_ALU | BPF_NEG:
		put(l, "neg");
		return true;
	case BPF_JMP | BPF_JA:
		put(l, "ja ");
		put_label(l, (uint64_t)pc + 1 + in->k, count, &out_of_range);
		if (out_of_range)
			put(l, "  ; out of range");
		return true;
	}

	if (BPF_CLASS(code) == BPF_ALU && (code & ~(0xf0u | BPF_X | 0x07u)) == 0 &&
	    alu_name(BPF_OP(code)) != NULL) {
		bool mask_op = BPF_OP(code) == BPF_AND || BPF_OP(code) == BPF_OR ||
			       BPF_OP(code) == BPF_XOR;

		put(l, "%s ", alu_name(BPF_OP(code)));
		if (BPF_SRC(code) == BPF_X)
			put(l, "x");
		else if (mask_op)
			put(l, "#0x%x", in->k);
		else
			put_const(l, in->k);
		return true;
	}
	if (is_cond_jump(code) && jump_name(BPF_OP(code)) != NULL) {
		const struct zvizc_abi *abi = NULL;

		put(l, "%s ", jump_name(BPF_OP(code)));
		if (BPF_SRC(code) == BPF_X)
			put(l, "x");
		else if (BPF_OP(code) == BPF_JSET)
			put(l, "#0x%x", in->k);
		else
			put_const(l, in->k);
		put(l, ", ");
		put_label(l, (uint64_t)pc + 1 + in->jt, count, &out_of_range);
		put(l, ", ");
		put_label(l, (uint64_t)pc + 1 + in->jf, count, &out_of_range);
		if (BPF_OP(code) == BPF_JEQ && BPF_SRC(code) == BPF_K && a_state == A_ARCH)
			abi = zvizc_abi_by_token(in->k);
		if (abi != NULL && out_of_range)
			put(l, "  ; %s, out of range", abi->name);
		else if (abi != NULL)
			put(l, "  ; %s", abi->name);
		else if (out_of_range)
			put(l, "  ; out of range");
		return true;
	}
	return false;
}

int disasm_program_lines(const struct sock_filter *insns, size_t count, disasm_line_fn fn,
			 void *ctx)
{
	uint8_t *marks = count > 0 ? calloc(count, 1) : NULL;
	int ret = 0;

	if (marks != NULL)
		analyse(insns, count, marks);
	for (size_t pc = 0; pc < count && ret == 0; pc++) {
		const struct sock_filter *in = &insns[pc];
		struct line l = { .len = 0 };
		bool target = marks == NULL || (marks[pc] & MARK_TARGET) != 0;
		unsigned a_state = marks != NULL ? (marks[pc] & A_MASK) >> A_SHIFT : A_UNKNOWN;

		l.buf[0] = '\0';
		if (target) {
			char label[24];

			snprintf(label, sizeof(label), "L%zu:", pc);
			put(&l, "%-*s", LABEL_WIDTH, label);
		} else {
			put(&l, "%*s", LABEL_WIDTH, "");
		}
		if (!put_insn(&l, in, pc, count, a_state))
			put(&l, ".word 0x%04x  ; jt %u, jf %u, k 0x%08x", in->code, in->jt, in->jf,
			    in->k);
		ret = fn(ctx, l.buf);
	}
	free(marks);
	return ret;
}

static int write_line(void *ctx, const char *line)
{
	FILE *out = ctx;

	fputs(line, out);
	putc('\n', out);
	return 0;
}

void disasm_program(FILE *out, const struct sock_filter *insns, size_t count)
{
	disasm_program_lines(insns, count, write_line, out);
}
