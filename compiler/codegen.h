/* zvizc: the seccomp program for a decision model, generated with
 * libseccomp.  The chains' first-match semantics are turned into disjoint
 * regions (libseccomp gives overlapping rules no order), each written as
 * rules of at most one exact comparison per argument; 32-bit arguments are
 * compared on their low word only. */
#ifndef ZVIZC_CODEGEN_H
#define ZVIZC_CODEGEN_H

#include <linux/filter.h>
#include <stdint.h>

#include "error.h"
#include "policy.h"

#define CODEGEN_MAX_RULES_PER_SYSCALL 2048

/* Builds the program for MODEL.  On success *INSNS (malloc'd; free it)
 * holds *COUNT instructions. */
int codegen_program(const struct zviz_model *model, struct sock_filter **insns, uint32_t *count,
		    struct zviz_error *err);

/* The ZVIZ_ACTION_* kinds a program returns (every RET is a constant). */
uint32_t codegen_actions_needed(const struct sock_filter *insns, uint32_t count);

#endif
