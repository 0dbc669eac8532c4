/* zvizc: rule conditions, from the syntax tree to the decision model's
 * form — a disjunction of conjunctions of argument comparisons (DNF) —
 * checked against what seccomp can see. */
#ifndef ZVIZC_CONDITION_H
#define ZVIZC_CONDITION_H

#include <stdbool.h>

#include "abi.h"
#include "ast.h"
#include "policy.h"
#include "symbols.h"

#define CONDITION_MAX_TERMS 256
#define CONDITION_MAX_CMPS 16      /* per term */

struct condition {
	struct zviz_term *terms;
	uint32_t term_count;
};

/* Compiles EXPR as a condition on SYSCALL as ABI passes its arguments.  Diagnostics are emitted only when REPORT is set (the
 * first ABI), so a mistake is reported once.  An impossible condition
 * (one that can never hold) yields zero terms. */
bool condition_compile(struct symbols *s, const struct zp_expr *expr, const char *syscall,
		       const struct zvizc_abi *abi, bool report, struct condition *out);

/* Warns where `&` meets a comparison without parentheses. */
void condition_lint_precedence(struct symbols *s, const struct zp_expr *expr);

/* Whether every comparison of A appears in B (B is then at least as narrow). */
bool condition_term_implies(const struct zviz_term *b, const struct zviz_term *a);

#endif
