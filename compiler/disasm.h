/* zvizc: a disassembler for seccomp's classic BPF, for `zvizc explain`.
 *
 * One instruction per line, in bpf_asm's spelling.  An instruction that
 * some jump lands on carries the label L<index> (its absolute position),
 * and jumps name their targets by label:
 *
 *   L4:    ld [nr]
 *          jeq #39, L6, L7
 *
 * Loads from seccomp_data name the field (ld [arch], ld [args[0].lo],
 * ld [instruction_pointer.hi]; lo and hi follow the host's byte order, as
 * the kernel's loads do), returns are decoded (ret KILL_PROCESS,
 * ret ERRNO(EPERM), ret ALLOW), a jeq on an ABI token while A holds the
 * arch field carries a comment with the ABI's name, and an opcode classic
 * BPF does not know is printed as `.word 0x...`.  Every opcode seccomp
 * accepts is decoded, and so are the other classic ones (ldh, ldb, mod,
 * indirect loads, ldxb 4*([k]&0xf)), although no seccomp filter holds
 * them. */
#ifndef ZVIZC_DISASM_H
#define ZVIZC_DISASM_H

#include <stddef.h>
#include <stdio.h>
#include <linux/filter.h>

/* Longest line disasm_program_lines produces, its NUL included. */
#define DISASM_LINE_MAX 160

/* Called once per instruction with its line (no newline); a non-zero
 * return stops the walk and is returned by disasm_program_lines. */
typedef int (*disasm_line_fn)(void *ctx, const char *line);

/* Disassembles COUNT instructions, one call of FN per instruction, in
 * order.  Returns 0, or the first non-zero value FN returned.  Jump
 * targets out of the program are still named by label, with a comment
 * saying so.  Needs no memory beyond COUNT bytes of scratch; without them
 * every instruction gets a label and arch comments are left out. */
int disasm_program_lines(const struct sock_filter *insns, size_t count, disasm_line_fn fn,
			 void *ctx);

/* The same lines written to OUT, each followed by a newline. */
void disasm_program(FILE *out, const struct sock_filter *insns, size_t count);

#endif
