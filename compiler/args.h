/* zvizc: names, widths and kinds of syscall arguments, so that a profile can
 * say `socket if domain == AF_UNIX` instead of `arg0 == 1`.
 *
 * Names follow the kernel's SYSCALL_DEFINE parameter names where those
 * read well, else the man page's (ioctl's `cmd` is `request`, socket's
 * `family` is `domain`, openat's `filename` is `pathname`); zvizc_args_index
 * also accepts the kernel's name where it differs.
 *
 * width is how the kernel reads the argument on a 64-bit ABI: 32 for int,
 * unsigned int, pid_t, uid_t, umode_t (which a syscall receives as a
 * 32-bit value), 64 for long, unsigned long, size_t, loff_t and pointers.
 * A 32-bit argument must be compared on its low 32 bits only: the kernel
 * never looks at the upper half, so neither may a filter.  On a 32-bit ABI
 * every argument is 32 bits (struct zvizc_abi.bits).
 *
 * Argument order is the one x86_64 uses.  Where another ABI differs for a
 * syscall in this table, zvizc_args_lookup_abi gives that ABI's order:
 *   clone on i386 and arm (CONFIG_CLONE_BACKWARDS): tls comes before
 *     child_tid;
 *   mmap on i386 (old_mmap): a single pointer to the six values.
 *
 * prctl and keyctl name their arguments option, arg2 .. arg5 as the man
 * pages do, so `arg2` is at position 1 there: a caller that also offers
 * positional names arg0..arg5 must look the per-syscall name up first (or
 * refuse the clash). */
#ifndef ZVIZC_ARGS_H
#define ZVIZC_ARGS_H

#include <stddef.h>

#include "abi.h"

enum zvizc_arg_kind {
	ZVIZC_ARG_VALUE,	/* a number compared as such: fd, pid, domain, cmd */
	ZVIZC_ARG_FLAGS,	/* a bit set, usually tested with & masks */
	ZVIZC_ARG_POINTER,	/* user memory: seccomp sees only the address */
};

struct zvizc_arg {
	const char *name;
	unsigned width;		/* 32 or 64, as the kernel reads it on 64-bit ABIs */
	enum zvizc_arg_kind kind;
};

struct zvizc_syscall_args {
	const char *syscall;
	unsigned count;
	struct zvizc_arg args[6];
};

/* The x86_64 description of SYSCALL; NULL when not in the table. */
const struct zvizc_syscall_args *zvizc_args_lookup(const char *syscall);

/* SYSCALL as ABI passes it (see above); NULL when not in the table. */
const struct zvizc_syscall_args *zvizc_args_lookup_abi(const char *syscall,
						       const struct zvizc_abi *abi);

/* Position of ARG_NAME (or the kernel's name for it) in A; -1 if none. */
int zvizc_args_index(const struct zvizc_syscall_args *a, const char *arg_name);

/* The whole table, sorted by syscall name. */
const struct zvizc_syscall_args *zvizc_args_all(size_t *count);

#endif
