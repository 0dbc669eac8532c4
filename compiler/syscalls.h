/* zvizc: syscall names and numbers per ABI.
 *
 * The table object is built once (zvizc_syscalls_load) and passed around;
 * there is no global mutable state.  Its contents, per ABI:
 *
 *  1. every number libseccomp can name (seccomp_syscall_resolve_num_arch
 *     over 0..2047, plus ARM's private 0xf0000.. range);
 *  2. every number libseccomp's name resolver gives for a name known on any
 *     ABI, in case step 1 missed one (it does not with libseccomp 2.5.4);
 *  3. the supplement (syscall-supplement.h): syscalls newer than the
 *     installed libseccomp, used only where libseccomp's resolver does not
 *     know the name at all (__NR_SCMP_ERROR).
 *
 * Numbers are what the kernel puts in seccomp_data.nr: x32 numbers carry
 * ZVIZC_X32_SYSCALL_BIT (libseccomp 2.5.4 already returns them that way;
 * the table normalises anyway).
 *
 * libseccomp answers some names with a negative pseudo-number (__PNR_*):
 * the name is a real syscall elsewhere but not a direct one on this ABI,
 * e.g. `socketcall` on x86_64 or `open` on aarch64.  Those count as "not a
 * syscall on this ABI".  One wrinkle: for i386, libseccomp 2.5.4 answers
 * the socket calls (socket, bind, connect, ...) and the SysV IPC calls
 * (shmget, semop, ...) with the pseudo-number of their socketcall/ipc
 * multiplexed form, although Linux has had direct numbers for them since
 * 4.3 and 5.1 (socket = 359, shmget = 395) and libseccomp names those
 * numbers.  The direct number from step 1 is the answer then: a filter on
 * i386 must see both the direct call and the multiplexer. */
#ifndef ZVIZC_SYSCALLS_H
#define ZVIZC_SYSCALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi.h"

struct zvizc_syscall_entry {
	const char *name;
	uint32_t nr;
	const char *origin;	/* "libseccomp" or e.g. "supplement, Linux 6.10" */
};

struct zvizc_syscalls;

/* Builds the tables; NULL on ENOMEM. */
struct zvizc_syscalls *zvizc_syscalls_load(void);
void zvizc_syscalls_free(struct zvizc_syscalls *t);

/* NR of NAME on ABI; false when NAME is not a direct syscall there
 * (unknown, or a libseccomp pseudo-number as explained above). */
bool zvizc_syscalls_number(const struct zvizc_syscalls *t, const struct zvizc_abi *abi,
			   const char *name, uint32_t *nr);

/* The same, with where the number came from; NULL when not a syscall there. */
const struct zvizc_syscall_entry *zvizc_syscalls_lookup(const struct zvizc_syscalls *t,
							const struct zvizc_abi *abi,
							const char *name);

/* Name of NR on ABI (NR as in seccomp_data.nr); NULL if none. */
const char *zvizc_syscalls_name(const struct zvizc_syscalls *t, const struct zvizc_abi *abi,
				uint32_t nr);

/* Every (name, nr) of one ABI, ascending by nr; returns the count (0 for an
 * ABI not from abi.h). */
size_t zvizc_syscalls_abi_entries(const struct zvizc_syscalls *t, const struct zvizc_abi *abi,
				  const struct zvizc_syscall_entry **entries);

/* The union of names over all ABIs, sorted (strcmp) and unique. */
size_t zvizc_syscalls_all_names(const struct zvizc_syscalls *t, const char *const **names);

/* NAME is a syscall on at least one ABI. */
bool zvizc_syscalls_known(const struct zvizc_syscalls *t, const char *name);

/* Highest known nr on ABI (0 when it has none). */
uint32_t zvizc_syscalls_max_nr(const struct zvizc_syscalls *t, const struct zvizc_abi *abi);

#endif
