/* zvizc: `zvizc diff`, what changed between two decoded policies.
 *
 * Only the effective policy counts: the decision model (per ABI the
 * default, per syscall its behaviour, the bad-arch action), the seccomp
 * filter flags, Landlock, limits, capabilities, network mode and wall
 * clock.  Metadata (profile name, compiler version), the description, the
 * unsafe reason and the raw BPF bytes are not changes: two programs that
 * implement the same model are the same policy (the compiler verified the
 * model against its program).  They are mentioned as notes.
 *
 * Syscalls are compared by behaviour, not by how their chains are
 * written: a syscall without a chain gets its ABI's default, and a chain
 * rewritten without changing what it decides is no change.  When either
 * side has conditions, both chains are evaluated on argument vectors built
 * from every constant they compare with (each value, its neighbours, each
 * mask bit set and clear, high words 0 and junk for 32-bit comparisons),
 * and each case whose action differs is reported with example argument
 * values: "x86_64: socket: domain == 16: errno(EAFNOSUPPORT) -> allow".
 *
 * Every change that lets more happen says "newly allows" (an action that
 * becomes allow or log, a Landlock right gained or no longer restricted, a
 * capability added, a network mode beyond loopback, the spec-allow filter
 * flag), so CI can grep for it.  Text output starts with "policies differ:
 * N changes" or "policies are identical"; JSON output is one object:
 *
 *   {"identical": false, "change_count": 2, "changes": [
 *     {"section": "seccomp", "abi": "x86_64", "syscall": "ptrace",
 *      "subject": null, "from": "errno(EPERM)", "to": "allow",
 *      "newly_allows": true, "case": null, "text": "..."}, ...],
 *    "notes": ["..."]}
 *
 * A syscall shows at most DIFF_MAX_CASES cases; the rest are counted
 * ("and N more cases", "more_cases" in JSON) and in the total.
 *
 * The evaluation is bounded (diff.c: EVAL_LIMIT, WORK_LIMIT).  When a
 * syscall's chains have too many argument combinations to try them all, a
 * note says so, and if none of those tried differ the syscall is still
 * reported as a change ("rewritten, and not proven to behave the same"):
 * the diff fails closed rather than call two policies identical that it
 * could not compare. */
#ifndef ZVIZC_DIFF_H
#define ZVIZC_DIFF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "policy.h"

#define DIFF_MAX_CASES 10

/* Writes the differences between A (old) and B (new) to OUT.  Returns 0
 * when the effective policies are identical, 1 when they differ, -1 on a
 * write error or when out of memory. */
int diff_policies(FILE *out, const struct zviz_policy *a, const struct zviz_policy *b, bool json);


#endif
