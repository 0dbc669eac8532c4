/* zvizc: the ABIs a profile can name (see abi.h). */
#include <config.h>

#include <string.h>

#include <seccomp.h>

#include "abi.h"

/* bits is what the kernel reads, not what the ABI's C calls `long`.  x32
 * is the one place they differ: x32 syscalls go through the x86_64 entry,
 * seccomp_data.args[] holds the full 64-bit registers, and most x32
 * syscalls are the native 64-bit ones that read them whole (libseccomp
 * calls x32 a 32-bit arch because its pointers are 32 bits). */
static const struct zvizc_abi abis[] = {
	{ "x86_64",	SCMP_ARCH_X86_64,	64 },
	{ "x32",	SCMP_ARCH_X32,		64 },
	{ "i386",	SCMP_ARCH_X86,		32 },
	{ "aarch64",	SCMP_ARCH_AARCH64,	64 },
	{ "arm",	SCMP_ARCH_ARM,		32 },
	{ "riscv64",	SCMP_ARCH_RISCV64,	64 },
};

/* Other spellings people and tools use for the same ABIs. */
static const struct {
	const char *alias;
	const char *name;
} abi_aliases[] = {
	{ "x86",	"i386" },
	{ "i686",	"i386" },
	{ "amd64",	"x86_64" },
	{ "arm64",	"aarch64" },
};

const struct zvizc_abi *zvizc_abi_list(size_t *count)
{
	*count = sizeof(abis) / sizeof(abis[0]);
	return abis;
}

const struct zvizc_abi *zvizc_abi_by_name(const char *name)
{
	if (name == NULL)
		return NULL;
	if (strcmp(name, "native") == 0)
		return zvizc_abi_native();
	for (size_t i = 0; i < sizeof(abi_aliases) / sizeof(abi_aliases[0]); i++) {
		if (strcmp(name, abi_aliases[i].alias) == 0) {
			name = abi_aliases[i].name;
			break;
		}
	}
	for (size_t i = 0; i < sizeof(abis) / sizeof(abis[0]); i++) {
		if (strcmp(name, abis[i].name) == 0)
			return &abis[i];
	}
	return NULL;
}

const struct zvizc_abi *zvizc_abi_by_token(uint32_t token)
{
	for (size_t i = 0; i < sizeof(abis) / sizeof(abis[0]); i++) {
		if (abis[i].token == token)
			return &abis[i];
	}
	return NULL;
}

const struct zvizc_abi *zvizc_abi_native(void)
{
	return zvizc_abi_by_token(seccomp_arch_native());
}

size_t zvizc_abi_index(const struct zvizc_abi *abi)
{
	return (size_t)(abi - abis);
}
