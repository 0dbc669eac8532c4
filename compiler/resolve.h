/* zvizc: resolution — one profile (with what it extends) to the decision
 * model: for each ABI and syscall an ordered chain of (condition, action)
 * and a fallback, plus the Landlock, limits, capability and network
 * sections, all checked.  Semantics: doc/zviz-profile.5, "Resolution". */
#ifndef ZVIZC_RESOLVE_H
#define ZVIZC_RESOLVE_H

#include <stdbool.h>

#include "abi.h"
#include "policy.h"
#include "symbols.h"

/* What decides one syscall name, across ABIs (the lints' view). */
struct syscall_summary {
	const char *name;
	bool explicit_rule;            /* a rule names it, not only a group */
	bool conditional;              /* some rule tests its arguments */
	uint32_t fallback;             /* the unconditional action */
	const struct zp_loc *fallback_loc;    /* the rule that gives it; NULL: the default */
	const struct zp_loc *allow_loc;       /* a rule that allows it, or NULL */
	const struct zp_loc *first_loc;       /* its first rule */
};

struct resolved_profile {
	const char *name;
	const struct zp_profile *ast;
	/* Arena-owned; never hand it to zviz_policy_free().  The seccomp
	 * section lists the ABIs; its program is the back end's to make. */
	struct zviz_policy policy;
	const struct zvizc_abi **abis;
	size_t abi_count;
	uint32_t default_action;
	const struct zp_loc *default_loc;
	bool unsafe;
	struct syscall_summary *summaries;   /* every name a rule mentions, sorted */
	size_t summary_count;
};

/* Resolves the profile ENTRY into OUT.  Returns false when it has errors
 * (reported to the symbols' diagnostics); OUT is then incomplete. */
bool resolve_profile(struct symbols *s, const struct profile_entry *entry, struct resolved_profile *out);

/* The summary of NAME, or NULL when no rule mentions it. */
const struct syscall_summary *resolved_summary(const struct resolved_profile *r, const char *name);

/* The action NAME gets when its arguments do not matter: its fallback, or
 * the default when no rule mentions it. */
uint32_t resolved_fallback(const struct resolved_profile *r, const char *name);

/* "allow", "kill", "errno(EPERM)", … for an action (arena-allocated). */
const char *action_name(struct arena *a, uint32_t action);

#endif
