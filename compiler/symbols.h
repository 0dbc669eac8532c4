/* zvizc: the names a compilation defines — profiles, groups, defines —
 * across every loaded file, with constant evaluation and group expansion. */
#ifndef ZVIZC_SYMBOLS_H
#define ZVIZC_SYMBOLS_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "diagnostics.h"
#include "load.h"
#include "syscalls.h"

/* A group, once expanded: the syscall names it stands for. */
struct group_entry {
	struct zp_group *group;
	const struct zp_file *file;
	int state;                 /* 0 new, 1 expanding, 2 done */
	const char **names;        /* sorted, unique */
	size_t count;
};

struct define_entry {
	struct zp_define *define;
	const struct zp_file *file;
	int state;                 /* 0 new, 1 evaluating, 2 done, 3 failed */
	uint64_t value;
};

struct profile_entry {
	struct zp_profile *profile;
	const struct zp_file *file;
};

struct symbols {
	struct arena *arena;
	struct diags *diags;
	const struct zvizc_syscalls *syscalls;
	const struct zp_program *prog;
	struct profile_entry *profiles;
	size_t profile_count;
	struct group_entry *groups;
	size_t group_count;
	struct define_entry *defines;
	size_t define_count;
};

/* Indexes every definition of PROG; a name defined twice is an error. */
void symbols_build(struct symbols *s, struct arena *a, struct diags *d,
		   const struct zvizc_syscalls *syscalls, const struct zp_program *prog);

const struct profile_entry *symbols_profile(const struct symbols *s, const char *name);
struct group_entry *symbols_group(struct symbols *s, const char *name);

/* The value of a constant NAME — a define (evaluated on first use) or a
 * libc constant.  Returns false, silently, when NAME is neither. */
bool symbols_constant(struct symbols *s, const char *name, uint64_t *value);

/* Whether NAME is a define (whatever its value, or lack of one). */
bool symbols_is_define(const struct symbols *s, const char *name);

/* Evaluates a constant expression (numbers, names, | & ~ << >>),
 * reporting what is wrong at its location. */
bool symbols_eval(struct symbols *s, const struct zp_expr *e, uint64_t *value);

/* Reports an unknown constant NAME at LOC, with a suggestion. */
void symbols_unknown_constant(struct symbols *s, const char *name, const struct zp_loc *loc);

/* Expands a list of targets (syscall names and groups, `-` removing) into
 * sorted, unique syscall names.  Unknown names and groups are reported
 * (once per place).  Marks groups used. */
const char **symbols_expand(struct symbols *s, const struct zp_target *targets, size_t *count);

/* Reports unused defines and groups of files that define a profile
 * (files without one are libraries, meant to offer more than is used). */
void symbols_report_unused(struct symbols *s);

#endif
