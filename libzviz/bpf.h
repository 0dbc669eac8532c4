/* libzviz: the classic-BPF checker and interpreter for seccomp filters.
 *
 * The checker applies the kernel's own acceptance rules for a seccomp
 * filter, so a program it accepts is one seccomp(2) accepts.  The
 * interpreter runs a program on one seccomp_data and counts the
 * instructions it executed; the compiler's verifier and the loader share
 * both. */
#ifndef ZVIZ_BPF_H
#define ZVIZ_BPF_H

#include <stddef.h>
#include <stdint.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "error.h"

/* The kernel's BPF_MAXINSNS: the longest filter seccomp(2) loads. */
#define ZVIZ_BPF_MAX_INSNS 4096

/* Why the checker refused a program. */
enum zviz_bpf_reject {
	ZVIZ_BPF_OK = 0,
	ZVIZ_BPF_BAD_LENGTH,      /* 0 or more than ZVIZ_BPF_MAX_INSNS instructions */
	ZVIZ_BPF_BAD_OPCODE,      /* an opcode seccomp does not allow */
	ZVIZ_BPF_DIV_BY_ZERO,     /* division by the constant 0 */
	ZVIZ_BPF_BAD_SHIFT,       /* shift by a constant of 32 or more */
	ZVIZ_BPF_BAD_MEM_INDEX,   /* scratch memory index of 16 or more */
	ZVIZ_BPF_BAD_JUMP,        /* a jump past the end of the program */
	ZVIZ_BPF_BAD_LOAD,        /* a seccomp_data load unaligned or out of bounds */
	ZVIZ_BPF_NO_FINAL_RET,    /* the last instruction is not a return */
	ZVIZ_BPF_UNINIT_MEM,      /* scratch memory read before written on some path */
};

/* Short English name of a reject reason ("jump out of range"). */
const char *zviz_bpf_reject_str(enum zviz_bpf_reject why);

/* Checks PROG (LEN instructions).  Returns ZVIZ_BPF_OK, or the first reason
 * the kernel would refuse it; *BAD_PC (when not NULL) receives the index of
 * the offending instruction (0 for ZVIZ_BPF_BAD_LENGTH, which includes a
 * NULL PROG).  When ERR is not NULL it receives a sentence naming the
 * instruction and the reason, e.g. "instruction 7: jump out of range (jt=200,
 * 12 instructions)".  BAD_PC and ERR are left untouched on ZVIZ_BPF_OK.  The
 * checks run in the kernel's order; bpf.c lists it. */
enum zviz_bpf_reject zviz_bpf_check(const struct sock_filter *prog, size_t len,
				    size_t *bad_pc, struct zviz_error *err);

/* Runs a program that zviz_bpf_check accepted on DATA, as the kernel
 * would on this host (loads read DATA in host byte order).  Returns the
 * filter's 32-bit verdict; *STEPS (when not NULL) receives how many
 * instructions were executed, the final return included.  Division by an
 * X of 0 returns 0 at once, as the kernel does; a shift by X shifts by
 * X & 31.  A program the checker would refuse never makes it read out of
 * bounds: an instruction it cannot run, or running off the end, returns 0
 * (SECCOMP_RET_KILL_THREAD), as does a load from a NULL DATA. */
uint32_t zviz_bpf_run(const struct sock_filter *prog, size_t len,
		      const struct seccomp_data *data, unsigned *steps);

#endif
