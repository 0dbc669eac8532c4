/* zviz-load: Landlock, from the policy's rules to a restricted process.
 * The kernel's ABI is probed; rights newer than it fail closed when the
 * profile says `required`, and are dropped, and named, when it says
 * `best-effort` (--best-effort never weakens a required profile). */
#ifndef ZVIZ_LOAD_LANDLOCK_H
#define ZVIZ_LOAD_LANDLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "policy.h"

/* What will be enforced on this kernel. */
struct landlock_plan {
	bool enabled;
	int kernel_abi;
	uint64_t handled_fs, handled_net, scoped;
	char dropped[256];          /* rights given up, in words ("" when none) */
};

/* The kernel's Landlock ABI, 0 when Landlock is unavailable. */
int landlock_kernel_abi(void);

/* Decides what to enforce of LL on a kernel of KERNEL_ABI.  Fails when
 * the profile requires more than the kernel has. */
int landlock_plan(const struct zviz_landlock *ll, int kernel_abi, struct landlock_plan *plan,
		  struct zviz_error *err);

/* Creates the ruleset, adds LL's path rules (paths that do not exist
 * grant nothing; *MISSING counts them) and port rules, and restricts the
 * calling process.  Needs no_new_privs. */
int landlock_apply(const struct zviz_landlock *ll, const struct landlock_plan *plan, unsigned *missing,
		   struct zviz_error *err);

#endif
