/* libzviz: the classic-BPF checker and interpreter for seccomp filters
 * (see bpf.h).
 *
 * The checker mirrors what seccomp(SECCOMP_SET_MODE_FILTER) does to a
 * program, in the kernel's order, so that the first reason reported is
 * the one the kernel stops at:
 *
 *   1. bpf_check_basics_ok: a program of 1 to BPF_MAXINSNS instructions.
 *   2. bpf_check_classic, one instruction at a time: the opcode must be in
 *      classic BPF's set (wider than seccomp's), then the per-opcode
 *      operand checks (division by 0, shift width, scratch index, jump
 *      range, ancillary loads).
 *   3. bpf_check_classic: the last instruction must be a return.
 *   4. check_load_and_stores: no scratch cell read before it is written.
 *   5. seccomp_check_filter, one instruction at a time: the opcode must be
 *      in seccomp's narrower set, and seccomp_data loads must be aligned
 *      and inside the structure.
 *
 * Every program the kernel refuses is refused here and vice versa; only
 * the reason for a program with several faults depends on this order
 * (a MOD at pc 0 and a division by zero at pc 1 is DIV_BY_ZERO at 1,
 * because the classic pass sees the division before seccomp's pass sees
 * the MOD).  Error number aside (the kernel says EINVAL for all of them),
 * nothing else is observable from user space. */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "bpf.h"

/* Bit I of a scratch-memory mask says M[I] holds a written value. */
typedef uint16_t mem_mask_t;
#define ALL_CELLS ((mem_mask_t)0xffff)

_Static_assert(BPF_MEMWORDS <= 8 * sizeof(mem_mask_t),
	       "one mask bit per scratch memory cell");
_Static_assert(ZVIZ_BPF_MAX_INSNS == BPF_MAXINSNS,
	       "zviz and the kernel agree on the longest filter");

const char *zviz_bpf_reject_str(enum zviz_bpf_reject why)
{
	switch (why) {
	case ZVIZ_BPF_OK:
		return "accepted";
	case ZVIZ_BPF_BAD_LENGTH:
		return "bad program length";
	case ZVIZ_BPF_BAD_OPCODE:
		return "opcode not allowed in a seccomp filter";
	case ZVIZ_BPF_DIV_BY_ZERO:
		return "division by constant zero";
	case ZVIZ_BPF_BAD_SHIFT:
		return "shift by 32 or more";
	case ZVIZ_BPF_BAD_MEM_INDEX:
		return "scratch memory index out of range";
	case ZVIZ_BPF_BAD_JUMP:
		return "jump out of range";
	case ZVIZ_BPF_BAD_LOAD:
		return "unaligned or out-of-bounds seccomp_data load";
	case ZVIZ_BPF_NO_FINAL_RET:
		return "last instruction is not a return";
	case ZVIZ_BPF_UNINIT_MEM:
		return "scratch memory read before written";
	}
	return "unknown reason";
}

/* The opcodes classic BPF accepts at all (the kernel's chk_code_allowed). */
static bool classic_opcode_allowed(uint16_t code)
{
	switch (code) {
	case BPF_ALU | BPF_ADD | BPF_K:
	case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K:
	case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K:
	case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_MOD | BPF_K:
	case BPF_ALU | BPF_MOD | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K:
	case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K:
	case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K:
	case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_H | BPF_ABS:
	case BPF_LD | BPF_B | BPF_ABS:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LD | BPF_W | BPF_IND:
	case BPF_LD | BPF_H | BPF_IND:
	case BPF_LD | BPF_B | BPF_IND:
	case BPF_LD | BPF_IMM:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_B | BPF_MSH:
	case BPF_LDX | BPF_IMM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	}
	return false;
}

/* The opcodes seccomp keeps (seccomp_check_filter): no MOD, no 8- or
 * 16-bit loads, no packet-relative (IND, MSH) loads. */
static bool seccomp_opcode_allowed(uint16_t code)
{
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_ALU | BPF_ADD | BPF_K:
	case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K:
	case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K:
	case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K:
	case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K:
	case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K:
	case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	}
	return false;
}

static bool is_conditional_jump(uint16_t code)
{
	switch (code) {
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	}
	return false;
}

/* Classic BPF reads socket metadata through loads at SKF_AD_OFF plus one
 * of these offsets; the generic check lets them through (seccomp's pass
 * refuses them later) and refuses any other offset at or past SKF_AD_OFF. */
static bool is_known_ancillary_load(uint32_t k)
{
	static const uint32_t ancillary[] = {
		SKF_AD_PROTOCOL, SKF_AD_PKTTYPE, SKF_AD_IFINDEX, SKF_AD_NLATTR,
		SKF_AD_NLATTR_NEST, SKF_AD_MARK, SKF_AD_QUEUE, SKF_AD_HATYPE,
		SKF_AD_RXHASH, SKF_AD_CPU, SKF_AD_ALU_XOR_X, SKF_AD_VLAN_TAG,
		SKF_AD_VLAN_TAG_PRESENT, SKF_AD_PAY_OFFSET, SKF_AD_RANDOM,
		SKF_AD_VLAN_TPID,
	};

	for (size_t i = 0; i < sizeof(ancillary) / sizeof(ancillary[0]); i++)
		if (k == (uint32_t)SKF_AD_OFF + ancillary[i])
			return true;
	return false;
}

static enum zviz_bpf_reject reject(enum zviz_bpf_reject why, size_t pc,
				   size_t *bad_pc)
{
	if (bad_pc != NULL)
		*bad_pc = pc;
	return why;
}

/* Step 2: the kernel's bpf_check_classic loop. */
static enum zviz_bpf_reject check_classic_insns(const struct sock_filter *prog,
						size_t len, size_t *bad_pc,
						struct zviz_error *err)
{
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *insn = &prog[pc];
		/* Instructions left after this one: the farthest a jump may skip. */
		const size_t after = len - pc - 1;

		if (!classic_opcode_allowed(insn->code)) {
			zviz_error_set(err, "instruction %zu: opcode 0x%04x is not a classic BPF opcode",
				       pc, insn->code);
			return reject(ZVIZ_BPF_BAD_OPCODE, pc, bad_pc);
		}

		switch (insn->code) {
		case BPF_ALU | BPF_DIV | BPF_K:
		case BPF_ALU | BPF_MOD | BPF_K:
			if (insn->k == 0) {
				zviz_error_set(err, "instruction %zu: division by the constant 0", pc);
				return reject(ZVIZ_BPF_DIV_BY_ZERO, pc, bad_pc);
			}
			break;
		case BPF_ALU | BPF_LSH | BPF_K:
		case BPF_ALU | BPF_RSH | BPF_K:
			if (insn->k >= 32) {
				zviz_error_set(err, "instruction %zu: shift by %u (must be below 32)",
					       pc, insn->k);
				return reject(ZVIZ_BPF_BAD_SHIFT, pc, bad_pc);
			}
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (insn->k >= BPF_MEMWORDS) {
				zviz_error_set(err, "instruction %zu: scratch memory index %u (must be below %d)",
					       pc, insn->k, BPF_MEMWORDS);
				return reject(ZVIZ_BPF_BAD_MEM_INDEX, pc, bad_pc);
			}
			break;
		case BPF_JMP | BPF_JA:
			/* Landing on pc + 1 + k must stay inside the program. */
			if (insn->k >= after) {
				zviz_error_set(err, "instruction %zu: jump out of range (k=%u, %zu instructions)",
					       pc, insn->k, len);
				return reject(ZVIZ_BPF_BAD_JUMP, pc, bad_pc);
			}
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JEQ | BPF_X:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_X:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_X:
		case BPF_JMP | BPF_JSET | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_X:
			if (insn->jt >= after || insn->jf >= after) {
				const bool jt_bad = insn->jt >= after;

				zviz_error_set(err, "instruction %zu: jump out of range (%s=%u, %zu instructions)",
					       pc, jt_bad ? "jt" : "jf",
					       jt_bad ? insn->jt : insn->jf, len);
				return reject(ZVIZ_BPF_BAD_JUMP, pc, bad_pc);
			}
			break;
		case BPF_LD | BPF_W | BPF_ABS:
		case BPF_LD | BPF_H | BPF_ABS:
		case BPF_LD | BPF_B | BPF_ABS:
			if (insn->k >= (uint32_t)SKF_AD_OFF && !is_known_ancillary_load(insn->k)) {
				zviz_error_set(err, "instruction %zu: load at offset %u is outside struct seccomp_data (%zu bytes)",
					       pc, insn->k, sizeof(struct seccomp_data));
				return reject(ZVIZ_BPF_BAD_LOAD, pc, bad_pc);
			}
			break;
		}
	}
	return ZVIZ_BPF_OK;
}

/* Step 4: the kernel's check_load_and_stores, reproduced exactly.  It is a
 * single forward walk, not a dataflow fixpoint: a jump narrows what its
 * targets may assume, then the walk carries on with "everything written"
 * because the next instruction is reached, if at all, only through the
 * masks that jumps left on it.  A return does not reset the mask, so the
 * instruction after a return inherits the returning path's cells too;
 * the kernel is therefore sometimes stricter than needed, never looser,
 * and zviz must be exactly as strict. */
static enum zviz_bpf_reject check_memory(const struct sock_filter *prog,
					 size_t len, size_t *bad_pc,
					 struct zviz_error *err)
{
	mem_mask_t masks[ZVIZ_BPF_MAX_INSNS];
	mem_mask_t valid = 0;

	for (size_t pc = 0; pc < len; pc++)
		masks[pc] = ALL_CELLS;

	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *insn = &prog[pc];

		valid &= masks[pc];
		switch (insn->code) {
		case BPF_ST:
		case BPF_STX:
			valid |= (mem_mask_t)(1u << insn->k);
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
			if (!(valid & (1u << insn->k))) {
				zviz_error_set(err, "instruction %zu: scratch memory M[%u] may be read before it is written",
					       pc, insn->k);
				return reject(ZVIZ_BPF_UNINIT_MEM, pc, bad_pc);
			}
			break;
		case BPF_JMP | BPF_JA:
			masks[pc + 1 + insn->k] &= valid;
			valid = ALL_CELLS;
			break;
		default:
			if (is_conditional_jump(insn->code)) {
				masks[pc + 1 + insn->jt] &= valid;
				masks[pc + 1 + insn->jf] &= valid;
				valid = ALL_CELLS;
			}
			break;
		}
	}
	return ZVIZ_BPF_OK;
}

/* Step 5: the kernel's seccomp_check_filter. */
static enum zviz_bpf_reject check_seccomp_insns(const struct sock_filter *prog,
						size_t len, size_t *bad_pc,
						struct zviz_error *err)
{
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *insn = &prog[pc];

		if (!seccomp_opcode_allowed(insn->code)) {
			zviz_error_set(err, "instruction %zu: opcode 0x%04x is classic BPF but not allowed in a seccomp filter",
				       pc, insn->code);
			return reject(ZVIZ_BPF_BAD_OPCODE, pc, bad_pc);
		}
		if (insn->code != (BPF_LD | BPF_W | BPF_ABS))
			continue;
		if (insn->k >= sizeof(struct seccomp_data)) {
			zviz_error_set(err, "instruction %zu: load at offset %u is outside struct seccomp_data (%zu bytes)",
				       pc, insn->k, sizeof(struct seccomp_data));
			return reject(ZVIZ_BPF_BAD_LOAD, pc, bad_pc);
		}
		if (insn->k & 3) {
			zviz_error_set(err, "instruction %zu: load at offset %u is not 4-byte aligned",
				       pc, insn->k);
			return reject(ZVIZ_BPF_BAD_LOAD, pc, bad_pc);
		}
	}
	return ZVIZ_BPF_OK;
}

enum zviz_bpf_reject zviz_bpf_check(const struct sock_filter *prog, size_t len,
				    size_t *bad_pc, struct zviz_error *err)
{
	enum zviz_bpf_reject why;
	uint16_t last;

	/* bpf_check_basics_ok refuses a missing program the same way. */
	if (prog == NULL) {
		zviz_error_set(err, "no program given");
		return reject(ZVIZ_BPF_BAD_LENGTH, 0, bad_pc);
	}
	if (len == 0 || len > ZVIZ_BPF_MAX_INSNS) {
		zviz_error_set(err, "program has %zu instructions (must be 1 to %d)",
			       len, ZVIZ_BPF_MAX_INSNS);
		return reject(ZVIZ_BPF_BAD_LENGTH, 0, bad_pc);
	}

	why = check_classic_insns(prog, len, bad_pc, err);
	if (why != ZVIZ_BPF_OK)
		return why;

	last = prog[len - 1].code;
	if (last != (BPF_RET | BPF_K) && last != (BPF_RET | BPF_A)) {
		zviz_error_set(err, "instruction %zu: the last instruction is not a return (opcode 0x%04x)",
			       len - 1, last);
		return reject(ZVIZ_BPF_NO_FINAL_RET, len - 1, bad_pc);
	}

	why = check_memory(prog, len, bad_pc, err);
	if (why != ZVIZ_BPF_OK)
		return why;

	return check_seccomp_insns(prog, len, bad_pc, err);
}

/* Interpreter.  The kernel translates a seccomp filter to eBPF before
 * running it (bpf_convert_filter), and the translation fixes what classic
 * BPF left open:
 *   - A and X start at 0; scratch memory needs no initial value because
 *     the checker forbids reading it unwritten (zviz zeroes it anyway);
 *   - all arithmetic is on 32-bit unsigned values, wrapping;
 *   - division by an X of 0 ends the program with verdict 0;
 *   - a shift by X uses X & 31: eBPF's 32-bit shift by register masks the
 *     amount with 31 in the kernel interpreter, and x86's shl/shr (which
 *     the x86-64 JIT emits) do the same in hardware; other JITs may differ
 *     for X >= 32, so a portable policy never shifts that far;
 *   - comparisons with K are unsigned 32-bit (the translation zero-extends
 *     immediates that eBPF would sign-extend).
 * The interpreter trusts the checker but never reads outside PROG, DATA or
 * the scratch memory: anything the checker would refuse ends the run with
 * verdict 0 (SECCOMP_RET_KILL_THREAD), as running off the end does. */

/* An in-bounds u32 load from seccomp_data, in host byte order as the
 * kernel does it. */
static bool load_data_word(const struct seccomp_data *data, uint32_t offset,
			   uint32_t *value)
{
	if (data == NULL || offset > sizeof(*data) - sizeof(*value))
		return false;
	memcpy(value, (const unsigned char *)data + offset, sizeof(*value));
	return true;
}

uint32_t zviz_bpf_run(const struct sock_filter *prog, size_t len,
		      const struct seccomp_data *data, unsigned *steps)
{
	uint32_t mem[BPF_MEMWORDS] = { 0 };
	uint32_t a = 0;
	uint32_t x = 0;
	uint32_t verdict = 0;
	unsigned executed = 0;
	size_t pc = 0;

	while (pc < len) {
		const struct sock_filter *insn = &prog[pc];
		const uint32_t operand = BPF_SRC(insn->code) == BPF_X ? x : insn->k;
		bool taken;

		executed++;
		pc++;
		switch (insn->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (!load_data_word(data, insn->k, &a))
				goto out;
			break;
		case BPF_LD | BPF_W | BPF_LEN:
			a = sizeof(struct seccomp_data);
			break;
		case BPF_LDX | BPF_W | BPF_LEN:
			x = sizeof(struct seccomp_data);
			break;
		case BPF_LD | BPF_IMM:
			a = insn->k;
			break;
		case BPF_LDX | BPF_IMM:
			x = insn->k;
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (insn->k >= BPF_MEMWORDS)
				goto out;
			if (insn->code == (BPF_LD | BPF_MEM))
				a = mem[insn->k];
			else if (insn->code == (BPF_LDX | BPF_MEM))
				x = mem[insn->k];
			else if (insn->code == BPF_ST)
				mem[insn->k] = a;
			else
				mem[insn->k] = x;
			break;
		case BPF_MISC | BPF_TAX:
			x = a;
			break;
		case BPF_MISC | BPF_TXA:
			a = x;
			break;
		case BPF_ALU | BPF_ADD | BPF_K:
		case BPF_ALU | BPF_ADD | BPF_X:
			a += operand;
			break;
		case BPF_ALU | BPF_SUB | BPF_K:
		case BPF_ALU | BPF_SUB | BPF_X:
			a -= operand;
			break;
		case BPF_ALU | BPF_MUL | BPF_K:
		case BPF_ALU | BPF_MUL | BPF_X:
			a *= operand;
			break;
		case BPF_ALU | BPF_DIV | BPF_K:
		case BPF_ALU | BPF_DIV | BPF_X:
			if (operand == 0)
				goto out;
			a /= operand;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
		case BPF_ALU | BPF_AND | BPF_X:
			a &= operand;
			break;
		case BPF_ALU | BPF_OR | BPF_K:
		case BPF_ALU | BPF_OR | BPF_X:
			a |= operand;
			break;
		case BPF_ALU | BPF_XOR | BPF_K:
		case BPF_ALU | BPF_XOR | BPF_X:
			a ^= operand;
			break;
		case BPF_ALU | BPF_LSH | BPF_K:
		case BPF_ALU | BPF_LSH | BPF_X:
			a <<= operand & 31;
			break;
		case BPF_ALU | BPF_RSH | BPF_K:
		case BPF_ALU | BPF_RSH | BPF_X:
			a >>= operand & 31;
			break;
		case BPF_ALU | BPF_NEG:
			a = -a;
			break;
		case BPF_JMP | BPF_JA:
			/* pc already names the next instruction. */
			if (insn->k >= len - pc)
				goto out;
			pc += insn->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JEQ | BPF_X:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_X:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_X:
		case BPF_JMP | BPF_JSET | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_X:
			switch (BPF_OP(insn->code)) {
			case BPF_JEQ:
				taken = a == operand;
				break;
			case BPF_JGT:
				taken = a > operand;
				break;
			case BPF_JGE:
				taken = a >= operand;
				break;
			default:
				taken = (a & operand) != 0;
				break;
			}
			/* Offsets are at most 255; the loop test catches overruns. */
			pc += taken ? insn->jt : insn->jf;
			break;
		case BPF_RET | BPF_K:
			verdict = insn->k;
			goto out;
		case BPF_RET | BPF_A:
			verdict = a;
			goto out;
		default:
			/* Not a seccomp opcode: the checker refuses it. */
			goto out;
		}
	}
out:
	if (steps != NULL)
		*steps = executed;
	return verdict;
}
