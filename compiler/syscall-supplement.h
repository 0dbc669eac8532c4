/* zvizc: syscalls newer than the installed libseccomp.
 *
 * Debian 12's libseccomp 2.5.4 stops at Linux 6.7 (futex_requeue); kernels
 * since then added more.  This table gives each one's number per ABI, taken
 * from the kernel's syscall tables (arch/x86/entry/syscalls/syscall_64.tbl
 * and syscall_32.tbl, arch/arm/tools/syscall.tbl, scripts/syscall.tbl and
 * include/uapi/asm-generic/unistd.h for aarch64 and riscv64), and the
 * release that added it.  syscalls.c consults it only where libseccomp's
 * resolver does not know the name, so a newer libseccomp takes over
 * silently.  A few entries libseccomp 2.5.4 does know (cachestat ..
 * futex_requeue) stay here so the unit test can check this table's
 * numbering conventions against libseccomp's. */
#ifndef ZVIZC_SYSCALL_SUPPLEMENT_H
#define ZVIZC_SYSCALL_SUPPLEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi.h"

#define ZVIZC_SUPPLEMENT_MAX_ABIS 8

struct zvizc_supplement_nr {
	uint32_t token;		/* SCMP_ARCH_*; 0 ends the list */
	uint32_t nr;		/* as in seccomp_data.nr (x32 with its bit) */
};

struct zvizc_syscall_supplement {
	const char *name;
	unsigned since_major, since_minor;	/* the Linux release that added it */
	const char *origin;			/* "supplement, Linux MAJOR.MINOR" */
	/* ABIs that have it; an ABI not listed does not. */
	struct zvizc_supplement_nr nrs[ZVIZC_SUPPLEMENT_MAX_ABIS];
};

const struct zvizc_syscall_supplement *zvizc_syscall_supplement(size_t *count);

/* NR of S on ABI; false when S does not exist there. */
bool zvizc_syscall_supplement_nr(const struct zvizc_syscall_supplement *s,
				 const struct zvizc_abi *abi, uint32_t *nr);

#endif
