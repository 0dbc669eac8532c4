/* zvizc: the libc and kernel constants a profile may name (AF_INET,
 * CLONE_NEWUSER, TIOCSTI, EPERM, ...).
 *
 * The table is generated at build time by compiler/gen-constants.sh from
 * the build host's headers, and every value is computed by the C compiler,
 * none typed by hand.  Families: AF_ PF_ SOCK_ SOL_ SO_ MSG_ IPPROTO_
 * CLONE_ O_ F_ FD_CLOEXEC AT_ PROT_ MAP_ MADV_ MREMAP_ MFD_ PR_ TIOC* FIO*
 * TC* SIG* (signal numbers only) S_I* SECCOMP_ PTRACE_ KEYCTL_ GRND_ EFD_
 * CAP_ (capability numbers) RLIMIT_ and the errno names.
 *
 * Values are the build host's: a few families differ between
 * architectures (O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE on arm
 * and aarch64; glibc's O_LARGEFILE is 0 on 64-bit hosts).
 *
 * A value that is negative in C (AT_FDCWD is -100) is stored converted to
 * uint64_t, i.e. sign-extended to 64 bits as a register holding the C int
 * would be; (int64_t)value gives it back, and its low 32 bits are what a
 * 32-bit argument comparison needs. */
#ifndef ZVIZC_CONSTANTS_H
#define ZVIZC_CONSTANTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct zvizc_constant {
	const char *name;
	uint64_t value;
};

/* NULL if NAME is not a known constant. */
const struct zvizc_constant *zvizc_constant_lookup(const char *name);

/* All of them, sorted by name (strcmp order), unique. */
const struct zvizc_constant *zvizc_constants_all(size_t *count);

/* The errno value of NAME (1..4095), -1 if NAME is not an errno name. */
int zvizc_errno_by_name(const char *name);

/* The canonical name of errno VALUE, NULL if none.  Where two names share
 * a value the one the headers define as a number wins over the one
 * defined as the other name: EAGAIN over EWOULDBLOCK, EDEADLK over
 * EDEADLOCK, EOPNOTSUPP over ENOTSUP. */
const char *zvizc_errno_name(int value);

/* Every errno name with its value; alias is true for a name the headers
 * define as another errno name (EWOULDBLOCK).  Sorted by name. */
struct zvizc_errno_entry {
	const char *name;
	int value;
	bool alias;
};
const struct zvizc_errno_entry *zvizc_errno_all(size_t *count);

/* Defined by the generated compiler/constants-table.c; use the functions
 * above instead. */
extern const struct zvizc_constant zvizc_constant_table[];
extern const size_t zvizc_constant_table_count;
extern const struct zvizc_errno_entry zvizc_errno_table[];
extern const size_t zvizc_errno_table_count;

#endif
