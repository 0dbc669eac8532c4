/* zvizc: syscalls newer than the installed libseccomp (see
 * syscall-supplement.h).  To add one: its number in every ABI's kernel
 * table ("common" rows of syscall_64.tbl are x86_64 and x32; "64" rows are
 * x86_64 only), the release that added it, and harmless arguments for the
 * kernel check in testsuite/unit/test-abi-syscalls.c. */
#include <config.h>

#include <seccomp.h>

#include "syscall-supplement.h"

#define X32(n) (ZVIZC_X32_SYSCALL_BIT | (n))

/* Since Linux 5.1 a new syscall gets the same number on every ABI (x32
 * adds its bit); these are the ones wired up on all six. */
#define EVERYWHERE(n) { \
	{ SCMP_ARCH_X86_64, (n) }, { SCMP_ARCH_X32, X32(n) }, { SCMP_ARCH_X86, (n) }, \
	{ SCMP_ARCH_AARCH64, (n) }, { SCMP_ARCH_ARM, (n) }, { SCMP_ARCH_RISCV64, (n) } }

#define SINCE(major, minor) (major), (minor), "supplement, Linux " #major "." #minor

static const struct zvizc_syscall_supplement supplement[] = {
	/* Known to libseccomp 2.5.4 already: kept to cross-check this table. */
	{ "cachestat",		SINCE(6, 5),	EVERYWHERE(451) },
	{ "fchmodat2",		SINCE(6, 6),	EVERYWHERE(452) },
	/* "64" in syscall_64.tbl: no x32 entry. */
	{ "map_shadow_stack",	SINCE(6, 6),	{ { SCMP_ARCH_X86_64, 453 }, { SCMP_ARCH_X86, 453 },
						  { SCMP_ARCH_AARCH64, 453 }, { SCMP_ARCH_ARM, 453 },
						  { SCMP_ARCH_RISCV64, 453 } } },
	{ "futex_wake",		SINCE(6, 7),	EVERYWHERE(454) },
	{ "futex_wait",		SINCE(6, 7),	EVERYWHERE(455) },
	{ "futex_requeue",	SINCE(6, 7),	EVERYWHERE(456) },

	/* Unknown to libseccomp 2.5.4. */
	{ "riscv_hwprobe",	SINCE(6, 4),	{ { SCMP_ARCH_RISCV64, 258 } } },
	{ "statmount",		SINCE(6, 8),	EVERYWHERE(457) },
	{ "listmount",		SINCE(6, 8),	EVERYWHERE(458) },
	{ "lsm_get_self_attr",	SINCE(6, 8),	EVERYWHERE(459) },
	{ "lsm_set_self_attr",	SINCE(6, 8),	EVERYWHERE(460) },
	{ "lsm_list_modules",	SINCE(6, 8),	EVERYWHERE(461) },
	{ "mseal",		SINCE(6, 10),	EVERYWHERE(462) },
	/* x86 only; "common" in syscall_64.tbl, so x32 has it too. */
	{ "uretprobe",		SINCE(6, 11),	{ { SCMP_ARCH_X86_64, 335 }, { SCMP_ARCH_X32, X32(335) } } },
	{ "setxattrat",		SINCE(6, 13),	EVERYWHERE(463) },
	{ "getxattrat",		SINCE(6, 13),	EVERYWHERE(464) },
	{ "listxattrat",	SINCE(6, 13),	EVERYWHERE(465) },
	{ "removexattrat",	SINCE(6, 13),	EVERYWHERE(466) },
	{ "open_tree_attr",	SINCE(6, 15),	EVERYWHERE(467) },
	{ "file_getattr",	SINCE(6, 17),	EVERYWHERE(468) },
	{ "file_setattr",	SINCE(6, 17),	EVERYWHERE(469) },
	{ "uprobe",		SINCE(6, 18),	{ { SCMP_ARCH_X86_64, 336 }, { SCMP_ARCH_X32, X32(336) } } },
};

const struct zvizc_syscall_supplement *zvizc_syscall_supplement(size_t *count)
{
	*count = sizeof(supplement) / sizeof(supplement[0]);
	return supplement;
}

bool zvizc_syscall_supplement_nr(const struct zvizc_syscall_supplement *s,
				 const struct zvizc_abi *abi, uint32_t *nr)
{
	for (size_t i = 0; i < ZVIZC_SUPPLEMENT_MAX_ABIS && s->nrs[i].token != 0; i++) {
		if (s->nrs[i].token == abi->token) {
			*nr = s->nrs[i].nr;
			return true;
		}
	}
	return false;
}
