/* zvizc: definitions across files (see symbols.h). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "constants.h"
#include "suggest.h"
#include "symbols.h"

#define GROW(s, array, count) \
	((array) = arena_grow((s)->arena, (array), (count), (count) + 1, sizeof(*(array))), \
	 &(array)[(count)++])

static bool group_names(struct symbols *s, struct group_entry *g);

static void report_duplicate(struct symbols *s, const char *what, const char *name,
			     const struct zp_loc *here, const struct zp_loc *first)
{
	struct diag *d = diag_add(s->diags, "duplicate-definition", here, "%s '%s' is defined twice",
				  what, name);

	diag_relate(s->diags, d, first, "first defined here");
}

void symbols_build(struct symbols *s, struct arena *a, struct diags *d,
		   const struct zvizc_syscalls *syscalls, const struct zp_program *prog)
{
	memset(s, 0, sizeof(*s));
	s->arena = a;
	s->diags = d;
	s->syscalls = syscalls;
	s->prog = prog;

	for (const struct zp_file *f = prog->files; f != NULL; f = f->next) {
		for (struct zp_profile *p = f->profiles; p != NULL; p = p->next) {
			const struct profile_entry *old = symbols_profile(s, p->name);
			struct profile_entry *e;

			if (old != NULL) {
				report_duplicate(s, "profile", p->name, &p->loc, &old->profile->loc);
				continue;
			}
			e = GROW(s, s->profiles, s->profile_count);
			e->profile = p;
			e->file = f;
		}
		for (struct zp_group *g = f->groups; g != NULL; g = g->next) {
			struct group_entry *old = symbols_group(s, g->name);
			struct group_entry *e;

			if (old != NULL) {
				report_duplicate(s, "group", arena_printf(s->arena, "@%s", g->name), &g->loc,
						 &old->group->loc);
				continue;
			}
			e = GROW(s, s->groups, s->group_count);
			e->group = g;
			e->file = f;
		}
		for (struct zp_define *def = f->defines; def != NULL; def = def->next) {
			struct define_entry *e = NULL;

			for (size_t i = 0; i < s->define_count; i++)
				if (strcmp(s->defines[i].define->name, def->name) == 0)
					e = &s->defines[i];
			if (e != NULL) {
				report_duplicate(s, "define", def->name, &def->loc, &e->define->loc);
				continue;
			}
			if (zvizc_constant_lookup(def->name) != NULL) {
				diag_add(s->diags, "duplicate-definition", &def->loc,
					 "define '%s' would hide the libc constant of that name", def->name);
				continue;
			}
			e = GROW(s, s->defines, s->define_count);
			e->define = def;
			e->file = f;
		}
	}
	/* Expand every group now, so a bad member is reported once, at the
	 * group, whether or not a profile uses it. */
	for (size_t i = 0; i < s->group_count; i++)
		group_names(s, &s->groups[i]);
	/* Likewise every define's value; evaluating is not using. */
	for (size_t i = 0; i < s->define_count; i++) {
		bool used = s->defines[i].define->used;
		uint64_t ignored;

		symbols_constant(s, s->defines[i].define->name, &ignored);
		s->defines[i].define->used = used;
	}
}

const struct profile_entry *symbols_profile(const struct symbols *s, const char *name)
{
	for (size_t i = 0; i < s->profile_count; i++)
		if (strcmp(s->profiles[i].profile->name, name) == 0)
			return &s->profiles[i];
	return NULL;
}

struct group_entry *symbols_group(struct symbols *s, const char *name)
{
	for (size_t i = 0; i < s->group_count; i++)
		if (strcmp(s->groups[i].group->name, name) == 0)
			return &s->groups[i];
	return NULL;
}

static struct define_entry *find_define(struct symbols *s, const char *name)
{
	for (size_t i = 0; i < s->define_count; i++)
		if (strcmp(s->defines[i].define->name, name) == 0)
			return &s->defines[i];
	return NULL;
}

bool symbols_is_define(const struct symbols *s, const char *name)
{
	for (size_t i = 0; i < s->define_count; i++)
		if (strcmp(s->defines[i].define->name, name) == 0)
			return true;
	return false;
}

bool symbols_constant(struct symbols *s, const char *name, uint64_t *value)
{
	struct define_entry *def = find_define(s, name);
	const struct zvizc_constant *c;

	if (def != NULL) {
		def->define->used = true;
		switch (def->state) {
		case 0:
			def->state = 1;
			if (symbols_eval(s, def->define->value, &def->value)) {
				def->state = 2;
			} else {
				def->state = 3;
				return false;
			}
			break;
		case 1:
			diag_add(s->diags, "invalid-value", &def->define->loc,
				 "define '%s' refers to itself", name);
			def->state = 3;
			return false;
		case 3:
			return false;
		}
		*value = def->value;
		return true;
	}
	c = zvizc_constant_lookup(name);
	if (c == NULL)
		return false;
	*value = c->value;
	return true;
}

void symbols_unknown_constant(struct symbols *s, const char *name, const struct zp_loc *loc)
{
	struct suggestion sg;
	const struct zvizc_constant *all;
	size_t n;
	const char *best;

	suggest_start(&sg, name);
	for (size_t i = 0; i < s->define_count; i++)
		suggest_offer(&sg, s->defines[i].define->name);
	all = zvizc_constants_all(&n);
	for (size_t i = 0; i < n; i++)
		suggest_offer(&sg, all[i].name);
	best = suggest_result(&sg);
	if (best != NULL)
		diag_add(s->diags, "unknown-constant", loc, "unknown constant '%s'; did you mean '%s'?",
			 name, best);
	else
		diag_add(s->diags, "unknown-constant", loc, "unknown constant '%s'", name);
}

bool symbols_eval(struct symbols *s, const struct zp_expr *e, uint64_t *value)
{
	uint64_t l, r;

	switch (e->kind) {
	case ZP_EXPR_NUMBER:
		*value = e->number;
		return true;
	case ZP_EXPR_NAME:
		if (symbols_constant(s, e->name, value))
			return true;
		if (find_define(s, e->name) == NULL)
			symbols_unknown_constant(s, e->name, &e->loc);
		return false;
	case ZP_EXPR_UNARY:
		if (e->op != ZP_OP_BITNOT)
			break;
		if (!symbols_eval(s, e->lhs, &l))
			return false;
		*value = ~l;
		return true;
	case ZP_EXPR_BINARY:
		switch (e->op) {
		case ZP_OP_BITOR:
		case ZP_OP_BITAND:
		case ZP_OP_SHL:
		case ZP_OP_SHR:
			if (!symbols_eval(s, e->lhs, &l) || !symbols_eval(s, e->rhs, &r))
				return false;
			if ((e->op == ZP_OP_SHL || e->op == ZP_OP_SHR) && r >= 64) {
				diag_add(s->diags, "invalid-value", &e->rhs->loc,
					 "shift by %llu: at most 63", (unsigned long long)r);
				return false;
			}
			*value = e->op == ZP_OP_BITOR ? (l | r) : e->op == ZP_OP_BITAND ? (l & r)
			       : e->op == ZP_OP_SHL ? (l << r) : (l >> r);
			return true;
		default:
			break;
		}
		break;
	case ZP_EXPR_IN:
		break;
	}
	diag_add(s->diags, "invalid-value", &e->loc,
		 "not a constant expression (numbers, names, | & ~ << >>)");
	return false;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts and removes repeats in place; returns the new count. */
static size_t sort_unique(const char **names, size_t n)
{
	size_t out = 0;

	if (n == 0)
		return 0;
	qsort(names, n, sizeof(*names), compare_names);
	for (size_t i = 0; i < n; i++)
		if (out == 0 || strcmp(names[out - 1], names[i]) != 0)
			names[out++] = names[i];
	return out;
}

static void report_unknown_syscall(struct symbols *s, const char *name, const struct zp_loc *loc)
{
	struct suggestion sg;
	const char *const *all;
	size_t n = zvizc_syscalls_all_names(s->syscalls, &all);
	const char *best;

	suggest_start(&sg, name);
	for (size_t i = 0; i < n; i++)
		suggest_offer(&sg, all[i]);
	best = suggest_result(&sg);
	if (best != NULL)
		diag_add(s->diags, "unknown-syscall", loc,
			 "'%s' is not a system call on any known ABI; did you mean '%s'?", name, best);
	else
		diag_add(s->diags, "unknown-syscall", loc, "'%s' is not a system call on any known ABI",
			 name);
}

static void report_unknown_group(struct symbols *s, const char *name, const struct zp_loc *loc)
{
	struct suggestion sg;
	const char *best;

	suggest_start(&sg, name);
	for (size_t i = 0; i < s->group_count; i++)
		suggest_offer(&sg, s->groups[i].group->name);
	best = suggest_result(&sg);
	if (best != NULL)
		diag_add(s->diags, "unknown-group", loc, "unknown group '@%s'; did you mean '@%s'?",
			 name, best);
	else if (s->group_count == 0)
		diag_add(s->diags, "unknown-group", loc,
			 "unknown group '@%s' (no group is defined: include \"groups.zp\"?)", name);
	else
		diag_add(s->diags, "unknown-group", loc, "unknown group '@%s'", name);
}

/* Adds the names TARGET stands for to *LIST; false on an unknown name. */
static bool target_names(struct symbols *s, const struct zp_target *t, const char ***list,
			 size_t *count, size_t *cap)
{
	const char *const *names;
	size_t n;
	const char *single;

	if (t->is_group) {
		struct group_entry *g = symbols_group(s, t->name);

		if (g == NULL) {
			report_unknown_group(s, t->name, &t->loc);
			return false;
		}
		if (!group_names(s, g))
			return false;
		names = g->names;
		n = g->count;
	} else {
		if (!zvizc_syscalls_known(s->syscalls, t->name)) {
			report_unknown_syscall(s, t->name, &t->loc);
			return false;
		}
		single = t->name;
		names = &single;
		n = 1;
	}
	if (n == 0)
		return true;
	if (*count + n > *cap) {
		size_t grown = (*count + n) * 2;

		*list = arena_grow(s->arena, *list, *count, grown, sizeof(**list));
		*cap = grown;
	}
	memcpy(*list + *count, names, n * sizeof(*names));
	*count += n;
	return true;
}

/* Union of the added targets minus the removed ones. */
static const char **expand(struct symbols *s, const struct zp_target *targets, size_t *count, bool *ok)
{
	const char **added = NULL, **removed = NULL;
	size_t nadded = 0, nremoved = 0, capa = 0, capr = 0, out = 0;

	for (const struct zp_target *t = targets; t != NULL; t = t->next) {
		if (!target_names(s, t, t->removed ? &removed : &added, t->removed ? &nremoved : &nadded,
				  t->removed ? &capr : &capa))
			*ok = false;
	}
	nadded = sort_unique(added, nadded);
	nremoved = sort_unique(removed, nremoved);
	for (size_t i = 0, j = 0; i < nadded; i++) {
		while (j < nremoved && strcmp(removed[j], added[i]) < 0)
			j++;
		if (j < nremoved && strcmp(removed[j], added[i]) == 0)
			continue;
		added[out++] = added[i];
	}
	*count = out;
	return added;
}

static bool group_names(struct symbols *s, struct group_entry *g)
{
	bool ok = true;

	if (g->state == 2)
		return g->names != NULL || g->count == 0;
	if (g->state == 1) {
		diag_add(s->diags, "invalid-value", &g->group->loc, "group '@%s' contains itself",
			 g->group->name);
		return false;
	}
	g->state = 1;
	g->names = expand(s, g->group->members, &g->count, &ok);
	g->state = 2;
	if (!ok) {
		g->names = NULL;
		g->count = 0;
	}
	return ok;
}

/* A rule that names a group uses it and every group inside it. */
static void mark_used(struct symbols *s, const struct zp_target *targets, unsigned depth)
{
	for (const struct zp_target *t = targets; t != NULL && depth < 64; t = t->next) {
		struct group_entry *g = t->is_group ? symbols_group(s, t->name) : NULL;

		if (g != NULL && !g->group->used) {
			g->group->used = true;
			mark_used(s, g->group->members, depth + 1);
		}
	}
}

const char **symbols_expand(struct symbols *s, const struct zp_target *targets, size_t *count)
{
	bool ok = true;

	mark_used(s, targets, 0);
	return expand(s, targets, count, &ok);
}

static bool file_defines_profile(const struct zp_file *f)
{
	return f->profiles != NULL;
}

void symbols_report_unused(struct symbols *s)
{
	for (size_t i = 0; i < s->define_count; i++)
		if (!s->defines[i].define->used && file_defines_profile(s->defines[i].file))
			diag_add(s->diags, "unused-define", &s->defines[i].define->loc,
				 "define '%s' is never used", s->defines[i].define->name);
	for (size_t i = 0; i < s->group_count; i++)
		if (!s->groups[i].group->used && file_defines_profile(s->groups[i].file))
			diag_add(s->diags, "unused-group", &s->groups[i].group->loc,
				 "group '@%s' is never used", s->groups[i].group->name);
}
