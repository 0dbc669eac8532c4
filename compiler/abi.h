/* zvizc: the ABIs a profile can name.  An ABI is one syscall calling
 * convention the kernel tells apart in seccomp_data.arch: x86_64, x32 and
 * i386 are three ABIs of one x86-64 machine, each with its own syscall
 * numbers.  The token is libseccomp's SCMP_ARCH_* value, which is also the
 * AUDIT_ARCH_* value the kernel puts in seccomp_data.arch. */
#ifndef ZVIZC_ABI_H
#define ZVIZC_ABI_H

#include <stddef.h>
#include <stdint.h>

struct zvizc_abi {
	const char *name;	/* "x86_64", "x32", "i386", "aarch64", "arm", "riscv64" */
	uint32_t token;		/* SCMP_ARCH_* */
	unsigned bits;		/* width of a syscall argument as the kernel reads it: 64 or 32 */
};

/* Every ABI zvizc knows, in a fixed order (the order is part of nothing:
 * use zvizc_abi_index() for a dense index). */
const struct zvizc_abi *zvizc_abi_list(size_t *count);

/* By canonical name; also "x86" (and "i686") for i386, "amd64" for
 * x86_64, "arm64" for aarch64, and "native" for the ABI this program was
 * built for.  NULL when unknown (or when "native" is none of the list). */
const struct zvizc_abi *zvizc_abi_by_name(const char *name);

/* By SCMP_ARCH_* token; NULL when unknown. */
const struct zvizc_abi *zvizc_abi_by_token(uint32_t token);

/* The ABI this program was compiled for (libseccomp's seccomp_arch_native());
 * NULL if zvizc does not support it. */
const struct zvizc_abi *zvizc_abi_native(void);

/* Position of ABI in zvizc_abi_list(), for per-ABI arrays; ABI must come
 * from this module. */
size_t zvizc_abi_index(const struct zvizc_abi *abi);

/* The x32 ABI marks its syscall numbers with this bit, in seccomp_data.nr
 * exactly as in the syscall instruction's rax. */
#define ZVIZC_X32_SYSCALL_BIT 0x40000000u

#endif
