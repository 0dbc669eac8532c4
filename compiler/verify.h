/* zvizc: the verifier.  Runs a generated program, with libzviz's
 * interpreter, on every declared ABI and a foreign one, every syscall
 * number from 0 to past the highest known (the x32 range and -1 too), and
 * for each argument-filtered syscall a set of argument vectors that hits
 * every comparison's boundaries; each verdict must equal the decision
 * model's.  It also checks that every unconditional allow is one the
 * kernel's seccomp action cache takes, and measures the program. */
#ifndef ZVIZC_VERIFY_H
#define ZVIZC_VERIFY_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "policy.h"
#include "syscalls.h"

#define VERIFY_MAX_REPORTED 8

struct verify_result {
	uint32_t abis;
	uint64_t cases;
	uint64_t mismatches;
	char mismatch[VERIFY_MAX_REPORTED][320];   /* the first few, in words */
	uint32_t allows;                /* unconditional allows of known syscalls */
	uint32_t allows_cacheable;
	char uncacheable[VERIFY_MAX_REPORTED][96];
	/* Instructions executed per syscall number (arguments zero). */
	uint64_t numbers, steps_all;
	unsigned worst_all;
	uint64_t allowed_numbers, steps_allowed;
	unsigned worst_allowed;
};

/* Whether comparison C holds for the argument value ARG. */
bool model_cmp_holds(const struct zviz_cmp *c, uint64_t arg);

/* The action CHAIN gives for ARGS: its first rule with a term whose
 * comparisons all hold, else its fallback; DEFAULT_ACTION when CHAIN is
 * NULL (no rule names the syscall).  32-bit comparisons look at the low
 * word only. */
uint32_t model_chain_decide(const struct zviz_syscall_chain *chain, uint32_t default_action,
			    const uint64_t args[6]);

/* The decision MODEL makes for DATA (the reference the program must match). */
uint32_t model_decide(const struct zviz_model *model, const struct seccomp_data *data);

/* Whether the kernel's action cache would take the verdict of PROG for
 * DATA's arch and nr without running it (kernel/seccomp.c,
 * seccomp_is_const_allow): it must reach an ALLOW looking at nothing but
 * nr and arch. */
bool cache_takes_allow(const struct sock_filter *prog, uint32_t count, const struct seccomp_data *data);

/* Verifies PROG against MODEL.  Returns 0 when every case agrees and every
 * unconditional allow is cacheable, else -1 with the first problem in ERR;
 * RESULT is filled either way. */
int verify_program(const struct zviz_model *model, const struct zvizc_syscalls *syscalls,
		   const struct sock_filter *prog, uint32_t count, struct verify_result *result,
		   struct zviz_error *err);

#endif
