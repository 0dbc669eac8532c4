/* zvizc: diagnostics about profiles — collected, then printed as text
 * (file:line:col, the source line and a caret), JSON or SARIF 2.1.0.
 * Each diagnostic names a rule; the rule fixes its severity. */
#ifndef ZVIZC_DIAGNOSTICS_H
#define ZVIZC_DIAGNOSTICS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "arena.h"
#include "source.h"

enum diag_severity { DIAG_ERROR, DIAG_WARNING };

struct diag_rule {
	const char *id;            /* "unknown-syscall" */
	enum diag_severity severity;
	const char *summary;       /* one line, for SARIF and the manual */
};

struct diag_related {
	struct zp_loc loc;
	const char *message;
};

struct diag {
	const struct diag_rule *rule;
	const char *message;
	struct zp_loc loc;         /* loc.src NULL: about no place in particular */
	struct diag_related *related;
	size_t related_count;
};

struct diags {
	struct arena *arena;
	unsigned muted;            /* > 0: diag_add records nothing */
	struct diag *items;
	size_t count, cap;
	size_t errors, warnings;
};

enum diag_format { DIAG_TEXT, DIAG_JSON, DIAG_SARIF };

void diags_init(struct diags *d, struct arena *a);

/* Every rule, for SARIF's rule list and --list-lints. */
const struct diag_rule *diag_rules(size_t *count);
const struct diag_rule *diag_rule_by_id(const char *id);

/* Adds a diagnostic of rule RULE_ID (which must exist) at LOC (may be NULL). */
struct diag *diag_add(struct diags *d, const char *rule_id, const struct zp_loc *loc,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

struct diag *diag_addv(struct diags *d, const char *rule_id, const struct zp_loc *loc,
		       const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

/* While muted, diagnostics are dropped (diag_add returns NULL): for work
 * that is repeated per ABI but must be reported once. */
void diags_mute(struct diags *d);
void diags_unmute(struct diags *d);

/* Attaches a second place to DIAG ("the other rule is here"); DIAG may be NULL. */
void diag_relate(struct diags *d, struct diag *diag, const struct zp_loc *loc,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Prints every diagnostic in FORMAT; TOOL_VERSION goes into SARIF. */
void diags_print(const struct diags *d, FILE *out, enum diag_format format, const char *tool_version);

/* Whether the diagnostics fail the run: errors, or warnings under -Werror. */
bool diags_failed(const struct diags *d, bool werror);

#endif
