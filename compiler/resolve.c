/* zvizc: resolution (see resolve.h).
 *
 * A profile's rules are gathered level by level (a profile, the one it
 * extends, and so on), each rule expanded to syscall names.  For one name
 * the deepest level that mentions it decides, and within that level a rule
 * naming it explicitly beats rules reaching it through a group.  Its rules
 * then form a chain in source order: conditional rules until the first
 * unconditional one, which becomes the fallback; anything after that can
 * never match.  Names no rule mentions get the default. */
#include <config.h>

#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "condition.h"
#include "constants.h"
#include "landlock-abi.h"
#include "resolve.h"
#include "suggest.h"

#define MAX_LEVELS 32

/* One rule as it applies to one name. */
struct name_rule {
	const char *name;
	const struct zp_stmt *stmt;
	uint32_t action;
	const struct zp_loc *loc;      /* where the rule names it: the target */
	bool explicit_rule;
	unsigned level;                /* 0: the profile itself, 1: its parent, … */
	unsigned order;                /* source order within its level */
};

struct resolver {
	struct symbols *s;
	struct arena *arena;
	struct diags *diags;
	struct resolved_profile *out;
	const struct zp_profile *levels[MAX_LEVELS];
	unsigned level_count;
	struct name_rule *rules;
	size_t rule_count, rule_cap;
	const struct zp_stmt **failed_conditions;   /* reported once each */
	size_t failed_count;
	bool abi_failed;               /* an arch word was wrong: spare the follow-ups */
	bool ok;
};

/* ---- actions ------------------------------------------------------------------ */

const char *action_name(struct arena *a, uint32_t action)
{
	uint32_t data = action & SECCOMP_RET_DATA;

	switch (action & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW: return "allow";
	case SECCOMP_RET_KILL_PROCESS: return "kill";
	case SECCOMP_RET_KILL_THREAD: return "kill-thread";
	case SECCOMP_RET_TRAP: return "trap";
	case SECCOMP_RET_LOG: return "log";
	case SECCOMP_RET_ERRNO: {
		const char *name = zvizc_errno_name((int)data);

		return name ? arena_printf(a, "errno(%s)", name) : arena_printf(a, "errno(%u)", data);
	}
	}
	return arena_printf(a, "0x%08x", action);
}

/* The seccomp return value of ACTION; false (reported) on a bad errno. */
static bool action_value(struct resolver *r, const struct zp_action *action, uint32_t *value)
{
	uint64_t n;
	int e;

	switch (action->kind) {
	case ZP_ALLOW: *value = SECCOMP_RET_ALLOW; return true;
	case ZP_KILL: *value = SECCOMP_RET_KILL_PROCESS; return true;
	case ZP_KILL_THREAD: *value = SECCOMP_RET_KILL_THREAD; return true;
	case ZP_TRAP: *value = SECCOMP_RET_TRAP; return true;
	case ZP_LOG: *value = SECCOMP_RET_LOG; return true;
	case ZP_ERRNO:
		break;
	}
	if (action->errno_value->kind == ZP_EXPR_NAME) {
		e = zvizc_errno_by_name(action->errno_value->name);
		if (e < 0) {
			struct suggestion sg;
			const struct zvizc_constant *all;
			size_t count;
			const char *best;

			suggest_start(&sg, action->errno_value->name);
			all = zvizc_constants_all(&count);
			for (size_t i = 0; i < count; i++)
				if (zvizc_errno_by_name(all[i].name) > 0)
					suggest_offer(&sg, all[i].name);
			best = suggest_result(&sg);
			diag_add(r->diags, "unknown-constant", &action->errno_value->loc,
				 best ? "'%s' is not an errno name; did you mean '%s'?" : "'%s' is not an errno name%s",
				 action->errno_value->name, best ? best : "");
			return false;
		}
		n = (uint64_t)e;
	} else {
		n = action->errno_value->number;
	}
	if (n < 1 || n > 4095) {
		diag_add(r->diags, "errno-range", &action->errno_value->loc,
			 "errno %llu is outside 1..4095", (unsigned long long)n);
		return false;
	}
	*value = SECCOMP_RET_ERRNO | (uint32_t)n;
	return true;
}

/* ---- the chain of profiles -------------------------------------------------- */

static bool collect_levels(struct resolver *r, const struct zp_profile *p)
{
	r->level_count = 0;
	while (p != NULL) {
		const struct profile_entry *parent;

		for (unsigned i = 0; i < r->level_count; i++) {
			if (r->levels[i] != p)
				continue;
			if (i == 0)
				diag_add(r->diags, "extends-cycle", &r->levels[r->level_count - 1]->parent_loc,
					 "profile '%s' extends itself through '%s'", r->levels[0]->name,
					 r->levels[r->level_count - 1]->name);
			else
				diag_add(r->diags, "extends-cycle", &r->levels[0]->parent_loc,
					 "profile '%s' extends '%s', which is in an extends cycle",
					 r->levels[0]->name, r->levels[0]->parent);
			return false;
		}
		if (r->level_count == MAX_LEVELS) {
			diag_add(r->diags, "extends-cycle", &p->loc, "profiles extend more than %d deep",
				 MAX_LEVELS);
			return false;
		}
		r->levels[r->level_count++] = p;
		if (p->parent == NULL)
			break;
		parent = symbols_profile(r->s, p->parent);
		if (parent == NULL) {
			struct suggestion sg;
			const char *best;

			suggest_start(&sg, p->parent);
			for (size_t i = 0; i < r->s->profile_count; i++)
				suggest_offer(&sg, r->s->profiles[i].profile->name);
			best = suggest_result(&sg);
			diag_add(r->diags, "unknown-profile", &p->parent_loc,
				 best ? "profile '%s' extends unknown profile '%s'; did you mean '%s'?"
				      : "profile '%s' extends unknown profile '%s'%s",
				 p->name, p->parent, best ? best : "");
			return false;
		}
		p = parent->profile;
	}
	return true;
}

/* The statement of KIND that decides: the deepest level's, checking
 * that no level has two. */
static const struct zp_stmt *find_setting(struct resolver *r, enum zp_stmt_kind kind, const char *rule_id,
					  const char *what)
{
	const struct zp_stmt *found = NULL;

	for (unsigned l = r->level_count; l-- > 0;) {
		const struct zp_stmt *first = NULL;

		for (const struct zp_stmt *st = r->levels[l]->stmts; st != NULL; st = st->next) {
			if (st->kind != kind)
				continue;
			if (first != NULL) {
				struct diag *d = diag_add(r->diags, rule_id, &st->loc,
							  "profile '%s' has more than one %s", r->levels[l]->name, what);

				diag_relate(r->diags, d, &first->loc, "the first is here");
				r->ok = false;
				continue;
			}
			first = st;
		}
		if (first != NULL)
			found = first;
	}
	return found;
}

/* ---- ABIs ----------------------------------------------------------------------- */

static int compare_abi(const void *a, const void *b)
{
	uint32_t x = (*(const struct zvizc_abi *const *)a)->token;
	uint32_t y = (*(const struct zvizc_abi *const *)b)->token;

	return x < y ? -1 : x > y;
}

static void resolve_abis(struct resolver *r)
{
	const struct zp_stmt *st = find_setting(r, ZP_STMT_ARCH, "invalid-value", "arch statement");
	struct resolved_profile *out = r->out;
	size_t n = 0;

	for (const struct zp_value *v = st ? st->words : NULL; v != NULL; v = v->next)
		n++;
	out->abis = arena_calloc(r->arena, n ? n : 1, sizeof(*out->abis));
	if (st == NULL) {
		out->abis[out->abi_count++] = zvizc_abi_native();
		return;
	}
	for (const struct zp_value *v = st->words; v != NULL; v = v->next) {
		const struct zvizc_abi *abi = zvizc_abi_by_name(v->word);
		bool repeated = false;

		if (abi == NULL) {
			struct suggestion sg;
			size_t count;
			const struct zvizc_abi *all = zvizc_abi_list(&count);
			const char *best;

			suggest_start(&sg, v->word);
			for (size_t i = 0; i < count; i++)
				suggest_offer(&sg, all[i].name);
			suggest_offer(&sg, "native");
			best = suggest_result(&sg);
			diag_add(r->diags, "unknown-abi", &v->loc,
				 best ? "unknown ABI '%s'; did you mean '%s'?" : "unknown ABI '%s'%s", v->word,
				 best ? best : " (known: x86_64, x32, i386, aarch64, arm, riscv64, native)");
			r->ok = false;
			r->abi_failed = true;
			continue;
		}
		for (size_t i = 0; i < out->abi_count; i++)
			repeated |= out->abis[i] == abi;
		if (!repeated)
			out->abis[out->abi_count++] = abi;
	}
	if (out->abi_count > 1)
		qsort(out->abis, out->abi_count, sizeof(*out->abis), compare_abi);
}

/* ---- rules, name by name ----------------------------------------------------------- */

static void add_name_rule(struct resolver *r, struct name_rule rule)
{
	if (r->rule_count == r->rule_cap) {
		size_t cap = r->rule_cap ? r->rule_cap * 2 : 256;

		r->rules = arena_grow(r->arena, r->rules, r->rule_count, cap, sizeof(*r->rules));
		r->rule_cap = cap;
	}
	r->rules[r->rule_count++] = rule;
}

/* Where STMT names NAME itself (not through a group), or NULL. */
static const struct zp_loc *explicit_target(const struct zp_stmt *stmt, const char *name)
{
	for (const struct zp_target *t = stmt->targets; t != NULL; t = t->next)
		if (!t->is_group && !t->removed && strcmp(t->name, name) == 0)
			return &t->loc;
	return NULL;
}

static bool group_contains(const struct group_entry *g, const char *name)
{
	size_t lo = 0, hi = g->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(g->names[mid], name);

		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* The group target of STMT through which it reaches NAME. */
static const struct zp_loc *group_target(struct resolver *r, const struct zp_stmt *stmt, const char *name)
{
	for (const struct zp_target *t = stmt->targets; t != NULL; t = t->next) {
		const struct group_entry *g = t->is_group && !t->removed ? symbols_group(r->s, t->name) : NULL;

		if (g != NULL && group_contains(g, name))
			return &t->loc;
	}
	return &stmt->loc;
}

static void gather_rules(struct resolver *r)
{
	for (unsigned l = 0; l < r->level_count; l++) {
		unsigned order = 0;

		for (const struct zp_stmt *st = r->levels[l]->stmts; st != NULL; st = st->next) {
			const char **names;
			size_t n;
			uint32_t action;

			if (st->kind != ZP_STMT_RULE)
				continue;
			order++;
			names = symbols_expand(r->s, st->targets, &n);
			if (!action_value(r, &st->action, &action)) {
				r->ok = false;
				continue;
			}
			if (st->condition != NULL)
				condition_lint_precedence(r->s, st->condition);
			for (size_t i = 0; i < n; i++) {
				const struct zp_loc *loc = explicit_target(st, names[i]);

				add_name_rule(r, (struct name_rule){
					.name = names[i], .stmt = st, .action = action,
					.loc = loc ? loc : group_target(r, st, names[i]),
					.explicit_rule = loc != NULL, .level = l, .order = order,
				});
			}
		}
	}
}

static int compare_name_rules(const void *a, const void *b)
{
	const struct name_rule *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Keeps, for each name, only the rules that decide it: the deepest level
 * that mentions it, and its explicit rules if it has any. */
static void select_deciding_rules(struct resolver *r)
{
	size_t out = 0;

	if (r->rule_count > 1)
		qsort(r->rules, r->rule_count, sizeof(*r->rules), compare_name_rules);
	for (size_t i = 0; i < r->rule_count;) {
		size_t end = i;
		bool any_explicit = false;

		while (end < r->rule_count && strcmp(r->rules[end].name, r->rules[i].name) == 0)
			end++;
		for (size_t j = i; j < end && r->rules[j].level == r->rules[i].level; j++)
			any_explicit |= r->rules[j].explicit_rule;
		for (size_t j = i; j < end && r->rules[j].level == r->rules[i].level; j++)
			if (r->rules[j].explicit_rule || !any_explicit)
				r->rules[out++] = r->rules[j];
		i = end;
	}
	r->rule_count = out;
}

/* Checks one name's rules for conflicts and unreachable rules, and fills
 * its summary.  Rules [FIRST, END) are the name's, in source order. */
static void summarise_name(struct resolver *r, size_t first, size_t end, struct syscall_summary *sum)
{
	const struct name_rule *decider = NULL;

	memset(sum, 0, sizeof(*sum));
	sum->name = r->rules[first].name;
	sum->first_loc = r->rules[first].loc;
	sum->fallback = r->out->default_action;
	for (size_t j = first; j < end; j++) {
		const struct name_rule *nr = &r->rules[j];

		sum->explicit_rule |= nr->explicit_rule;
		if (nr->action == SECCOMP_RET_ALLOW && sum->allow_loc == NULL && decider == NULL)
			sum->allow_loc = nr->loc;
		if (decider == NULL) {
			if (nr->stmt->condition != NULL)
				continue;
			decider = nr;
			sum->fallback = nr->action;
			sum->fallback_loc = nr->loc;
			continue;
		}
		/* Past the deciding rule: nothing here can take effect. */
		if (nr->stmt->condition == NULL && nr->action != decider->action) {
			struct diag *d;

			if (nr->explicit_rule)
				d = diag_add(r->diags, "conflicting-rules", nr->loc,
					     "'%s' is given %s here and %s before", nr->name,
					     action_name(r->arena, nr->action), action_name(r->arena, decider->action));
			else
				d = diag_add(r->diags, "group-conflict", nr->loc,
					     "groups give '%s' both %s and %s; name it in a rule of its own to decide",
					     nr->name, action_name(r->arena, decider->action),
					     action_name(r->arena, nr->action));
			diag_relate(r->diags, d, decider->loc, "%s is given here",
				    action_name(r->arena, decider->action));
			r->ok = false;
		} else if (nr->explicit_rule) {
			struct diag *d = diag_add(r->diags, "unreachable-rule", nr->loc,
						  "this rule for '%s' can never match: an earlier rule always decides",
						  nr->name);

			diag_relate(r->diags, d, decider->loc, "decided here");
		}
	}
	/* Filtered: some condition leads to another action than the fallback
	 * (a condition giving the fallback's own action filters nothing). */
	for (size_t j = first; j < end && &r->rules[j] != decider; j++)
		if (r->rules[j].stmt->condition != NULL && r->rules[j].action != sum->fallback)
			sum->conditional = true;
}

static bool condition_failed_before(struct resolver *r, const struct zp_stmt *stmt)
{
	for (size_t i = 0; i < r->failed_count; i++)
		if (r->failed_conditions[i] == stmt)
			return true;
	return false;
}

/* Builds NAME's chain on ABI from its rules [FIRST, END).  Returns false
 * when the chain equals the default (nothing to record). */
static bool build_chain(struct resolver *r, const struct zvizc_abi *abi, bool first_abi, size_t first,
			size_t end, uint32_t nr, struct zviz_syscall_chain *chain)
{
	const struct syscall_summary *sum = resolved_summary(r->out, r->rules[first].name);

	/* Where each rule kept in the chain was written, for notes. */
	const struct zp_loc **kept_at = arena_calloc(r->arena, end - first, sizeof(*kept_at));

	memset(chain, 0, sizeof(*chain));
	chain->nr = nr;
	chain->name = (char *)r->rules[first].name;
	chain->fallback = sum->fallback;
	chain->rules = arena_calloc(r->arena, end - first, sizeof(*chain->rules));
	for (size_t j = first; j < end; j++) {
		const struct name_rule *rule = &r->rules[j];
		struct condition cond;
		const struct zp_loc *covering;
		bool shadowed;

		if (rule->stmt->condition == NULL)
			break;          /* the fallback: the chain ends here */
		if (condition_failed_before(r, rule->stmt))
			continue;
		/* Reported on every ABI: a condition may fail on one only (i386's
		 * mmap has other arguments); repeats are merged. */
		if (!condition_compile(r->s, rule->stmt->condition, rule->name, abi, true, &cond)) {
			r->failed_conditions = arena_grow(r->arena, r->failed_conditions, r->failed_count,
							  r->failed_count + 1, sizeof(*r->failed_conditions));
			r->failed_conditions[r->failed_count++] = rule->stmt;
			r->ok = false;
			continue;
		}
		/* A term already covered by an earlier rule can never decide. */
		shadowed = true;
		covering = NULL;
		for (uint32_t t = 0; t < cond.term_count && shadowed; t++) {
			bool covered = false;

			for (uint32_t k = 0; k < chain->rule_count && !covered; k++) {
				for (uint32_t u = 0; u < chain->rules[k].term_count && !covered; u++)
					covered = condition_term_implies(&cond.terms[t], &chain->rules[k].terms[u]);
				if (covered)
					covering = kept_at[k];
			}
			shadowed = covered;
		}
		if (shadowed && first_abi && rule->explicit_rule) {
			struct diag *d = diag_add(r->diags, "unreachable-rule", rule->loc,
						  cond.term_count ? "this condition on '%s' is already decided by an "
								    "earlier rule"
								  : "this condition on '%s' can never hold",
						  rule->name);

			if (covering != NULL)
				diag_relate(r->diags, d, covering, "decided here");
		}
		if (shadowed)
			continue;
		for (uint32_t t = 0; t < cond.term_count; t++) {
			if (cond.terms[t].cmp_count == 0) {
				/* Always true: it decides everything left. */
				chain->fallback = rule->action;
				goto done;
			}
		}
		kept_at[chain->rule_count] = rule->loc;
		chain->rules[chain->rule_count++] = (struct zviz_rule){ rule->action, cond.terms, cond.term_count };
	}
done:
	/* Trailing rules that give the fallback's action change nothing. */
	while (chain->rule_count > 0 && chain->rules[chain->rule_count - 1].action == chain->fallback)
		chain->rule_count--;
	return chain->rule_count > 0 || chain->fallback != r->out->default_action;
}

static void resolve_syscalls(struct resolver *r)
{
	struct resolved_profile *out = r->out;
	struct zviz_model *model = &out->policy.model;
	size_t names = 0;

	gather_rules(r);
	select_deciding_rules(r);
	for (size_t i = 0; i < r->rule_count; i++)
		if (i == 0 || strcmp(r->rules[i].name, r->rules[i - 1].name) != 0)
			names++;
	out->summaries = arena_calloc(r->arena, names ? names : 1, sizeof(*out->summaries));
	for (size_t i = 0; i < r->rule_count;) {
		size_t end = i;

		while (end < r->rule_count && strcmp(r->rules[end].name, r->rules[i].name) == 0)
			end++;
		summarise_name(r, i, end, &out->summaries[out->summary_count++]);
		i = end;
	}

	model->abi_count = (uint32_t)out->abi_count;
	model->abis = arena_calloc(r->arena, out->abi_count, sizeof(*model->abis));
	for (size_t a = 0; a < out->abi_count; a++) {
		struct zviz_abi_model *am = &model->abis[a];
		const struct zvizc_abi *abi = out->abis[a];

		am->arch = abi->token;
		am->default_action = out->default_action;
		am->syscalls = arena_calloc(r->arena, names ? names : 1, sizeof(*am->syscalls));
		for (size_t i = 0; i < r->rule_count;) {
			size_t end = i;
			uint32_t nr;

			while (end < r->rule_count && strcmp(r->rules[end].name, r->rules[i].name) == 0)
				end++;
			if (zvizc_syscalls_number(r->s->syscalls, abi, r->rules[i].name, &nr) &&
			    build_chain(r, abi, a == 0, i, end, nr, &am->syscalls[am->syscall_count]))
				am->syscall_count++;
			i = end;
		}
		/* Numbers are not in name order; the model wants them ascending. */
		for (uint32_t x = 1; x < am->syscall_count; x++) {
			struct zviz_syscall_chain tmp = am->syscalls[x];
			uint32_t y = x;

			for (; y > 0 && am->syscalls[y - 1].nr > tmp.nr; y--)
				am->syscalls[y] = am->syscalls[y - 1];
			am->syscalls[y] = tmp;
		}
	}

	/* A name given explicitly that exists on none of the declared ABIs. */
	for (size_t i = 0; i < out->summary_count; i++) {
		const struct syscall_summary *sum = &out->summaries[i];
		bool somewhere = false;
		uint32_t nr;

		if (!sum->explicit_rule || r->abi_failed)
			continue;
		for (size_t a = 0; a < out->abi_count && !somewhere; a++)
			somewhere = zvizc_syscalls_number(r->s->syscalls, out->abis[a], sum->name, &nr);
		if (!somewhere)
			diag_add(r->diags, "absent-syscall", sum->first_loc,
				 "'%s' does not exist on %s: this rule does nothing", sum->name,
				 out->abi_count == 1 ? out->abis[0]->name : "any declared ABI");
	}
}

const struct syscall_summary *resolved_summary(const struct resolved_profile *r, const char *name)
{
	size_t lo = 0, hi = r->summary_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(r->summaries[mid].name, name);

		if (c == 0)
			return &r->summaries[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

uint32_t resolved_fallback(const struct resolved_profile *r, const char *name)
{
	const struct syscall_summary *sum = resolved_summary(r, name);

	return sum ? sum->fallback : r->default_action;
}

/* ---- filesystem, network, scope: Landlock -------------------------------------------- */

static const struct {
	const char *name;
	uint64_t right;
} fs_rights[] = {
	{ "execute", ZVIZ_LL_FS_EXECUTE }, { "write_file", ZVIZ_LL_FS_WRITE_FILE },
	{ "read_file", ZVIZ_LL_FS_READ_FILE }, { "read_dir", ZVIZ_LL_FS_READ_DIR },
	{ "remove_dir", ZVIZ_LL_FS_REMOVE_DIR }, { "remove_file", ZVIZ_LL_FS_REMOVE_FILE },
	{ "make_char", ZVIZ_LL_FS_MAKE_CHAR }, { "make_dir", ZVIZ_LL_FS_MAKE_DIR },
	{ "make_reg", ZVIZ_LL_FS_MAKE_REG }, { "make_sock", ZVIZ_LL_FS_MAKE_SOCK },
	{ "make_fifo", ZVIZ_LL_FS_MAKE_FIFO }, { "make_block", ZVIZ_LL_FS_MAKE_BLOCK },
	{ "make_sym", ZVIZ_LL_FS_MAKE_SYM }, { "refer", ZVIZ_LL_FS_REFER },
	{ "truncate", ZVIZ_LL_FS_TRUNCATE }, { "ioctl_dev", ZVIZ_LL_FS_IOCTL_DEV },
};

#define RIGHTS_READ (ZVIZ_LL_FS_READ_FILE | ZVIZ_LL_FS_READ_DIR)
#define RIGHTS_EXECUTE (RIGHTS_READ | ZVIZ_LL_FS_EXECUTE)
#define RIGHTS_WRITE (RIGHTS_READ | ZVIZ_LL_FS_WRITE_FILE | ZVIZ_LL_FS_TRUNCATE | ZVIZ_LL_FS_MAKE_REG | \
		      ZVIZ_LL_FS_MAKE_DIR | ZVIZ_LL_FS_MAKE_SYM | ZVIZ_LL_FS_MAKE_SOCK | ZVIZ_LL_FS_MAKE_FIFO | \
		      ZVIZ_LL_FS_REMOVE_FILE | ZVIZ_LL_FS_REMOVE_DIR | ZVIZ_LL_FS_REFER)
#define RIGHTS_DEVICE (ZVIZ_LL_FS_READ_FILE | ZVIZ_LL_FS_WRITE_FILE | ZVIZ_LL_FS_IOCTL_DEV)

static bool right_by_name(const char *name, uint64_t *right)
{
	for (size_t i = 0; i < sizeof(fs_rights) / sizeof(fs_rights[0]); i++)
		if (strcasecmp(fs_rights[i].name, name) == 0) {
			*right = fs_rights[i].right;
			return true;
		}
	return false;
}

/* Absolute, no empty, "." or ".." component, no trailing slash. */
static bool path_is_clean(const char *p)
{
	if (p[0] != '/')
		return false;
	if (strcmp(p, "/") == 0)
		return true;
	for (const char *c = p; *c;) {
		const char *next;
		size_t len;

		c++;            /* past '/' */
		next = strchr(c, '/');
		len = next ? (size_t)(next - c) : strlen(c);
		if (len == 0 || (len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += len;
	}
	return true;
}

static void add_path_rule(struct resolver *r, struct zviz_landlock *ll, const char *path, uint64_t rights)
{
	for (uint32_t i = 0; i < ll->path_count; i++) {
		if (strcmp(ll->paths[i].path, path) == 0) {
			ll->paths[i].access |= rights;
			return;
		}
	}
	ll->paths = arena_grow(r->arena, ll->paths, ll->path_count, ll->path_count + 1, sizeof(*ll->paths));
	ll->paths[ll->path_count].path = (char *)path;
	ll->paths[ll->path_count].access = rights;
	ll->path_count++;
}

static int compare_path_rules(const void *a, const void *b)
{
	return strcmp(((const struct zviz_landlock_path *)a)->path, ((const struct zviz_landlock_path *)b)->path);
}

static int compare_port_rules(const void *a, const void *b)
{
	uint64_t x = ((const struct zviz_landlock_port *)a)->port, y = ((const struct zviz_landlock_port *)b)->port;

	return x < y ? -1 : x > y;
}

static void resolve_filesystem(struct resolver *r, struct zviz_landlock *ll, bool *used)
{
	const struct zp_stmt *st = find_setting(r, ZP_STMT_FILESYSTEM, "invalid-value", "filesystem section");

	if (st == NULL)
		return;
	*used = true;
	ll->handled_fs = ZVIZ_LANDLOCK_FS_ALL;
	if (st->words != NULL) {
		if (strcmp(st->words->word, "best-effort") == 0) {
			ll->best_effort = true;
		} else if (strcmp(st->words->word, "required") != 0) {
			diag_add(r->diags, "invalid-value", &st->words->loc,
				 "filesystem mode '%s' is neither 'required' nor 'best-effort'", st->words->word);
			r->ok = false;
		}
	}
	for (const struct zp_fs_rule *fr = st->fs; fr != NULL; fr = fr->next) {
		uint64_t rights = 0;

		switch (fr->kind) {
		case ZP_FS_READ: rights = RIGHTS_READ; break;
		case ZP_FS_WRITE: rights = RIGHTS_WRITE; break;
		case ZP_FS_EXECUTE: rights = RIGHTS_EXECUTE; break;
		case ZP_FS_DEVICE: rights = RIGHTS_DEVICE; break;
		case ZP_FS_ACCESS:
			for (const struct zp_value *v = fr->rights; v != NULL; v = v->next) {
				uint64_t one;

				if (!right_by_name(v->word, &one)) {
					struct suggestion sg;
					const char *best;

					suggest_start(&sg, v->word);
					for (size_t i = 0; i < sizeof(fs_rights) / sizeof(fs_rights[0]); i++)
						suggest_offer(&sg, fs_rights[i].name);
					best = suggest_result(&sg);
					diag_add(r->diags, "invalid-value", &v->loc,
						 best ? "'%s' is not a Landlock filesystem right; did you mean '%s'?"
						      : "'%s' is not a Landlock filesystem right%s",
						 v->word, best ? best : "");
					r->ok = false;
					continue;
				}
				rights |= one;
			}
			break;
		}
		for (const struct zp_value *p = fr->paths; p != NULL; p = p->next) {
			if (!path_is_clean(p->word)) {
				diag_add(r->diags, "invalid-value", &p->loc,
					 "'%s' is not a clean absolute path (no //, . or .. parts, no trailing /)",
					 p->word);
				r->ok = false;
				continue;
			}
			if (strlen(p->word) >= ZVIZ_PATH_MAX) {
				diag_add(r->diags, "invalid-value", &p->loc, "path longer than %d bytes",
					 ZVIZ_PATH_MAX - 1);
				r->ok = false;
				continue;
			}
			if (fr->kind == ZP_FS_DEVICE && strncmp(p->word, "/dev/", 5) != 0) {
				diag_add(r->diags, "invalid-value", &p->loc, "device '%s' is not under /dev",
					 p->word);
				r->ok = false;
				continue;
			}
			if (rights != 0)
				add_path_rule(r, ll, p->word, rights);
		}
	}
	if (ll->path_count > 1)
		qsort(ll->paths, ll->path_count, sizeof(*ll->paths), compare_path_rules);
}

static void add_port_rule(struct resolver *r, struct zviz_landlock *ll, uint64_t port, uint64_t right)
{
	for (uint32_t i = 0; i < ll->port_count; i++) {
		if (ll->ports[i].port == port) {
			ll->ports[i].access |= right;
			return;
		}
	}
	ll->ports = arena_grow(r->arena, ll->ports, ll->port_count, ll->port_count + 1, sizeof(*ll->ports));
	ll->ports[ll->port_count].port = port;
	ll->ports[ll->port_count].access = right;
	ll->port_count++;
}

#define MAX_PORT_RULES 4096

static void resolve_network(struct resolver *r, struct zviz_landlock *ll, bool *used)
{
	const struct zp_stmt *st = find_setting(r, ZP_STMT_NETWORK, "invalid-value", "network section");
	struct zviz_policy *policy = &r->out->policy;
	const struct zp_net_rule *mode = NULL;

	policy->network_mode = ZVIZ_NETWORK_PRIVATE;
	if (st == NULL)
		return;
	for (const struct zp_net_rule *nr = st->net; nr != NULL; nr = nr->next) {
		uint64_t right = nr->kind == ZP_NET_BIND ? ZVIZ_LL_NET_BIND_TCP : ZVIZ_LL_NET_CONNECT_TCP;

		if (nr->kind == ZP_NET_NAMESPACE) {
			if (mode != NULL) {
				diag_add(r->diags, "invalid-value", &nr->loc, "the network namespace is given twice");
				r->ok = false;
			}
			mode = nr;
			if (strcmp(nr->word->word, "private") == 0)
				policy->network_mode = ZVIZ_NETWORK_PRIVATE;
			else if (strcmp(nr->word->word, "host") == 0)
				policy->network_mode = ZVIZ_NETWORK_HOST;
			else if (strcmp(nr->word->word, "given") == 0)
				policy->network_mode = ZVIZ_NETWORK_GIVEN;
			else {
				diag_add(r->diags, "invalid-value", &nr->word->loc,
					 "network namespace '%s' is not private, host or given", nr->word->word);
				r->ok = false;
			}
			continue;
		}
		if (strcmp(nr->word->word, "tcp") != 0) {
			diag_add(r->diags, "invalid-value", &nr->word->loc,
				 "Landlock restricts TCP ports only, not '%s'", nr->word->word);
			r->ok = false;
			continue;
		}
		*used = true;
		/* Any port rule makes both directions deny-by-default. */
		ll->handled_net = ZVIZ_LANDLOCK_NET_ALL;
		for (const struct zp_value *p = nr->ports; p != NULL; p = p->next) {
			if (p->suffix[0] != '\0' || p->number < 1 || p->range_end > 65535 ||
			    p->range_end < p->number) {
				diag_add(r->diags, "invalid-value", &p->loc,
					 "ports are 1..65535 (a range runs low - high)");
				r->ok = false;
				continue;
			}
			if (p->range_end - p->number >= MAX_PORT_RULES ||
			    ll->port_count + (p->range_end - p->number) >= MAX_PORT_RULES) {
				diag_add(r->diags, "invalid-value", &p->loc, "more than %d ports", MAX_PORT_RULES);
				r->ok = false;
				continue;
			}
			for (uint64_t port = p->number; port <= p->range_end; port++)
				add_port_rule(r, ll, port, right);
		}
	}
	if (ll->port_count > 1)
		qsort(ll->ports, ll->port_count, sizeof(*ll->ports), compare_port_rules);
}

static void resolve_scope(struct resolver *r, struct zviz_landlock *ll, bool *used)
{
	const struct zp_stmt *st = find_setting(r, ZP_STMT_SCOPE, "invalid-value", "scope statement");

	for (const struct zp_value *v = st ? st->words : NULL; v != NULL; v = v->next) {
		if (strcmp(v->word, "abstract-unix") == 0) {
			ll->scoped |= ZVIZ_LL_SCOPE_ABSTRACT_UNIX_SOCKET;
		} else if (strcmp(v->word, "signal") == 0) {
			ll->scoped |= ZVIZ_LL_SCOPE_SIGNAL;
		} else {
			diag_add(r->diags, "invalid-value", &v->loc,
				 "scope '%s' is neither 'abstract-unix' nor 'signal'", v->word);
			r->ok = false;
			continue;
		}
		*used = true;
	}
}

static void resolve_landlock(struct resolver *r)
{
	struct zviz_landlock *ll = &r->out->policy.landlock;
	bool used = false;

	memset(ll, 0, sizeof(*ll));
	resolve_filesystem(r, ll, &used);
	resolve_network(r, ll, &used);
	resolve_scope(r, ll, &used);
	if (!used) {
		bool best_effort = ll->best_effort;

		memset(ll, 0, sizeof(*ll));
		(void)best_effort;
		return;
	}
	ll->min_abi = zviz_landlock_abi_needed(ll->handled_fs, ll->handled_net, ll->scoped);
}

/* ---- limits ------------------------------------------------------------------------------ */

enum unit { UNIT_COUNT, UNIT_SIZE, UNIT_DURATION_MS, UNIT_DURATION_S, UNIT_PERCENT };

enum limit_target {
	L_MEMORY, L_SWAP, L_PIDS, L_CPU, L_CPU_WEIGHT, L_WALL, L_RLIMIT,
};

static const struct {
	const char *name;
	enum limit_target target;
	enum unit unit;
	int resource;          /* RLIMIT_* for L_RLIMIT */
} limit_kinds[] = {
	{ "memory", L_MEMORY, UNIT_SIZE, 0 },
	{ "swap", L_SWAP, UNIT_SIZE, 0 },
	{ "pids", L_PIDS, UNIT_COUNT, 0 },
	{ "cpu", L_CPU, UNIT_PERCENT, 0 },
	{ "cpu-weight", L_CPU_WEIGHT, UNIT_COUNT, 0 },
	{ "wall", L_WALL, UNIT_DURATION_MS, 0 },
	{ "nofile", L_RLIMIT, UNIT_COUNT, 7 },          /* RLIMIT_NOFILE */
	{ "nproc", L_RLIMIT, UNIT_COUNT, 6 },           /* RLIMIT_NPROC */
	{ "core", L_RLIMIT, UNIT_SIZE, 4 },             /* RLIMIT_CORE */
	{ "cpu-time", L_RLIMIT, UNIT_DURATION_S, 0 },   /* RLIMIT_CPU */
	{ "fsize", L_RLIMIT, UNIT_SIZE, 1 },            /* RLIMIT_FSIZE */
	{ "stack", L_RLIMIT, UNIT_SIZE, 3 },            /* RLIMIT_STACK */
	{ "memlock", L_RLIMIT, UNIT_SIZE, 8 },          /* RLIMIT_MEMLOCK */
	{ "address-space", L_RLIMIT, UNIT_SIZE, 9 },    /* RLIMIT_AS */
};

/* Scales V by its suffix; false (reported) on a wrong unit or overflow. */
static bool scale_value(struct resolver *r, const struct zp_value *v, enum unit unit, uint64_t *out)
{
	const char *sfx = v->suffix;
	uint64_t factor = 1;
	bool ok = true;

	switch (unit) {
	case UNIT_COUNT:
		ok = sfx[0] == '\0';
		break;
	case UNIT_SIZE:
		if (sfx[0] == '\0') factor = 1;
		else if (strcmp(sfx, "K") == 0) factor = 1ull << 10;
		else if (strcmp(sfx, "M") == 0) factor = 1ull << 20;
		else if (strcmp(sfx, "G") == 0) factor = 1ull << 30;
		else if (strcmp(sfx, "T") == 0) factor = 1ull << 40;
		else ok = false;
		break;
	case UNIT_DURATION_MS:
	case UNIT_DURATION_S:
		if (strcmp(sfx, "ms") == 0) factor = 1;
		else if (strcmp(sfx, "s") == 0) factor = 1000;
		else if (strcmp(sfx, "m") == 0) factor = 60 * 1000;
		else if (strcmp(sfx, "h") == 0) factor = 3600 * 1000;
		else if (strcmp(sfx, "d") == 0) factor = 86400 * 1000ull;
		else ok = false;
		break;
	case UNIT_PERCENT:
		ok = strcmp(sfx, "%") == 0;
		break;
	}
	if (!ok) {
		static const char *const expected[] = {
			"a plain number", "a size (bytes, or with K, M, G, T)", "a duration (ms, s, m, h, d)",
			"a duration (ms, s, m, h, d)", "a percentage (25%)",
		};

		diag_add(r->diags, "invalid-value", &v->loc, "expected %s", expected[unit]);
		return false;
	}
	if (v->number > UINT64_MAX / factor) {
		diag_add(r->diags, "invalid-value", &v->loc, "value too large");
		return false;
	}
	*out = v->number * factor;
	if (unit == UNIT_DURATION_S) {
		if (*out % 1000 != 0) {
			diag_add(r->diags, "invalid-value", &v->loc, "CPU time is counted in whole seconds");
			return false;
		}
		*out /= 1000;
	}
	return true;
}

static void set_rlimit(struct resolver *r, int resource, uint64_t value)
{
	struct zviz_rlimits *rl = &r->out->policy.rlimits;
	uint32_t i = 0;

	while (i < rl->count && rl->items[i].resource < (uint32_t)resource)
		i++;
	if (i < rl->count && rl->items[i].resource == (uint32_t)resource) {
		rl->items[i].soft = rl->items[i].hard = value;
		return;
	}
	rl->items = arena_grow(r->arena, rl->items, rl->count, rl->count + 1, sizeof(*rl->items));
	memmove(&rl->items[i + 1], &rl->items[i], (rl->count - i) * sizeof(*rl->items));
	rl->items[i] = (struct zviz_rlimit){ (uint32_t)resource, value, value };
	rl->count++;
}

/* LO_TEXT says the lower bound in the profile's own units ("1M"). */
static bool limit_in_range(struct resolver *r, const struct zp_setting *set, uint64_t v, uint64_t lo,
			   uint64_t hi, const char *what, const char *lo_text)
{
	if (v >= lo && v <= hi)
		return true;
	if (hi == UINT64_MAX)
		diag_add(r->diags, "invalid-value", &set->value->loc, "%s must be at least %s", what, lo_text);
	else
		diag_add(r->diags, "invalid-value", &set->value->loc, "%s must be between %llu and %llu",
			 what, (unsigned long long)lo, (unsigned long long)hi);
	return false;
}

static void apply_limit(struct resolver *r, const struct zp_setting *set)
{
	struct zviz_cgroup_limits *cg = &r->out->policy.cgroup;
	size_t k;
	uint64_t v;
	bool unlimited = set->value->is_word && strcmp(set->value->word, "unlimited") == 0;

	for (k = 0; k < sizeof(limit_kinds) / sizeof(limit_kinds[0]); k++)
		if (strcmp(limit_kinds[k].name, set->name->word) == 0)
			break;
	if (k == sizeof(limit_kinds) / sizeof(limit_kinds[0])) {
		struct suggestion sg;
		const char *best;

		suggest_start(&sg, set->name->word);
		for (size_t i = 0; i < sizeof(limit_kinds) / sizeof(limit_kinds[0]); i++)
			suggest_offer(&sg, limit_kinds[i].name);
		best = suggest_result(&sg);
		diag_add(r->diags, "invalid-value", &set->name->loc,
			 best ? "unknown limit '%s'; did you mean '%s'?" : "unknown limit '%s'%s", set->name->word,
			 best ? best : "");
		r->ok = false;
		return;
	}
	if (set->value->is_word && !unlimited) {
		diag_add(r->diags, "invalid-value", &set->value->loc, "'%s' is not a value (a number or 'unlimited')",
			 set->value->word);
		r->ok = false;
		return;
	}
	if (unlimited) {
		switch (limit_kinds[k].target) {
		case L_MEMORY: cg->set &= ~ZVIZ_CGROUP_MEMORY; cg->memory_max = 0; break;
		case L_SWAP: cg->set &= ~ZVIZ_CGROUP_SWAP; cg->swap_max = 0; break;
		case L_PIDS: cg->set &= ~ZVIZ_CGROUP_PIDS; cg->pids_max = 0; break;
		case L_CPU: cg->set &= ~ZVIZ_CGROUP_CPU_QUOTA; cg->cpu_quota_us = cg->cpu_period_us = 0; break;
		case L_WALL: r->out->policy.wall_clock_ms = 0; break;
		case L_RLIMIT: set_rlimit(r, limit_kinds[k].resource, UINT64_MAX); break;
		case L_CPU_WEIGHT:
			diag_add(r->diags, "invalid-value", &set->value->loc, "a CPU weight cannot be unlimited");
			r->ok = false;
			break;
		}
		return;
	}
	if (!scale_value(r, set->value, limit_kinds[k].unit, &v)) {
		r->ok = false;
		return;
	}
	switch (limit_kinds[k].target) {
	case L_MEMORY:
		if (!limit_in_range(r, set, v, 1ull << 20, UINT64_MAX, "memory", "1M"))
			break;
		cg->set |= ZVIZ_CGROUP_MEMORY;
		cg->memory_max = v;
		return;
	case L_SWAP:
		cg->set |= ZVIZ_CGROUP_SWAP;
		cg->swap_max = v;
		return;
	case L_PIDS:
		if (!limit_in_range(r, set, v, 1, 4194304, "pids", "1"))
			break;
		cg->set |= ZVIZ_CGROUP_PIDS;
		cg->pids_max = v;
		return;
	case L_CPU:
		/* A share of one CPU per 100 ms period; above 100% spans CPUs. */
		if (!limit_in_range(r, set, v, 1, 100000, "cpu (in %)", "1%"))
			break;
		cg->set |= ZVIZ_CGROUP_CPU_QUOTA;
		cg->cpu_period_us = 100000;
		cg->cpu_quota_us = v * 1000;
		return;
	case L_CPU_WEIGHT:
		if (!limit_in_range(r, set, v, 1, 10000, "cpu-weight", "1"))
			break;
		cg->set |= ZVIZ_CGROUP_CPU_WEIGHT;
		cg->cpu_weight = v;
		return;
	case L_WALL:
		if (!limit_in_range(r, set, v, 1, UINT64_MAX, "wall", "1ms"))
			break;
		r->out->policy.wall_clock_ms = v;
		return;
	case L_RLIMIT:
		set_rlimit(r, limit_kinds[k].resource, v);
		return;
	}
	r->ok = false;
}

static void resolve_limits(struct resolver *r)
{
	/* Parents first, so a child's line replaces its parent's. */
	for (unsigned l = r->level_count; l-- > 0;) {
		for (const struct zp_stmt *st = r->levels[l]->stmts; st != NULL; st = st->next) {
			if (st->kind != ZP_STMT_LIMITS)
				continue;
			for (const struct zp_setting *set = st->settings; set != NULL; set = set->next)
				apply_limit(r, set);
		}
	}
}

/* ---- capabilities -------------------------------------------------------------------------- */

static void resolve_capabilities(struct resolver *r)
{
	const struct zp_stmt *st = find_setting(r, ZP_STMT_CAPABILITIES, "invalid-value", "capabilities statement");
	struct zviz_capabilities *caps = &r->out->policy.caps;
	uint64_t keep = 0;

	memset(caps, 0, sizeof(*caps));
	if (st == NULL)
		return;
	for (const struct zp_value *v = st->words; v != NULL; v = v->next) {
		const struct zvizc_constant *c = strncmp(v->word, "CAP_", 4) == 0 &&
						 strcmp(v->word, "CAP_LAST_CAP") != 0 ? zvizc_constant_lookup(v->word) : NULL;

		if (strcmp(v->word, "none") == 0) {
			if (st->words != v || v->next != NULL) {
				diag_add(r->diags, "invalid-value", &v->loc, "'none' cannot be listed with capabilities");
				r->ok = false;
			}
			continue;
		}
		if (c == NULL || c->value > ZVIZ_CAP_LAST) {
			diag_add(r->diags, "invalid-value", &v->loc,
				 "'%s' is not a capability (CAP_NET_BIND_SERVICE, …) or 'none'", v->word);
			r->ok = false;
			continue;
		}
		keep |= 1ull << c->value;
	}
	/* Kept means kept across exec: in every set, ambient included. */
	caps->bounding = caps->effective = caps->permitted = caps->inheritable = caps->ambient = keep;
}

/* ---- lints on the resolved profile --------------------------------------------------------- */

static const char *const dangerous[] = {
	"ptrace", "process_vm_writev", "process_vm_readv", "bpf", "io_uring_setup", "io_uring_enter",
	"io_uring_register", "userfaultfd", "perf_event_open", "keyctl", "add_key", "request_key",
	"unshare", "setns", "mount", "umount", "umount2", "fsopen", "fsconfig", "fsmount", "fspick",
	"move_mount", "open_tree", "mount_setattr", "pivot_root", "kexec_load", "kexec_file_load",
	"init_module", "finit_module", "delete_module", "open_by_handle_at",
};

static const char *const equivalents[][4] = {
	{ "execve", "execveat" }, { "open", "openat", "openat2", "creat" }, { "dup2", "dup3" },
	{ "rename", "renameat", "renameat2" }, { "unlink", "unlinkat" }, { "rmdir", "unlinkat" },
	{ "mkdir", "mkdirat" }, { "link", "linkat" }, { "symlink", "symlinkat" },
	{ "chmod", "fchmodat", "fchmodat2" }, { "chown", "lchown", "fchownat" },
	{ "access", "faccessat", "faccessat2" }, { "mknod", "mknodat" }, { "pipe", "pipe2" },
	{ "accept", "accept4" }, { "eventfd", "eventfd2" }, { "signalfd", "signalfd4" },
	{ "epoll_create", "epoll_create1" }, { "inotify_init", "inotify_init1" },
	{ "poll", "ppoll" }, { "select", "pselect6" }, { "utime", "utimes", "utimensat", "futimesat" },
	{ "readlink", "readlinkat" }, { "stat", "lstat", "newfstatat", "statx" },
	{ "getdents", "getdents64" }, { "mount", "fsmount", "move_mount" }, { "umount", "umount2" },
	{ "kexec_load", "kexec_file_load" }, { "init_module", "finit_module" },
	{ "process_vm_writev", "ptrace" }, { "pidfd_getfd", "ptrace" },
};

static bool exists_on_declared_abi(const struct resolver *r, const char *name)
{
	uint32_t nr;

	for (size_t a = 0; a < r->out->abi_count; a++)
		if (zvizc_syscalls_number(r->s->syscalls, r->out->abis[a], name, &nr))
			return true;
	return false;
}

static void lint_dangerous(struct resolver *r)
{
	if (r->out->unsafe)
		return;
	for (size_t i = 0; i < sizeof(dangerous) / sizeof(dangerous[0]); i++) {
		const struct syscall_summary *sum = resolved_summary(r->out, dangerous[i]);
		const struct zp_loc *loc = sum ? (sum->allow_loc ? sum->allow_loc
						  : sum->fallback == SECCOMP_RET_ALLOW ? sum->fallback_loc : NULL) : NULL;

		if (loc != NULL)
			diag_add(r->diags, "dangerous-syscall", loc,
				 "'%s' is allowed; it widens the kernel attack surface (mark the profile "
				 "`unsafe \"why\";` if that is intended)", dangerous[i]);
	}
	for (size_t i = 0; i < 2; i++) {
		const char *name = i ? "ioctl" : "prctl";
		const struct syscall_summary *sum = resolved_summary(r->out, name);

		if (sum != NULL && !sum->conditional && sum->fallback == SECCOMP_RET_ALLOW && sum->fallback_loc)
			diag_add(r->diags, "dangerous-syscall", sum->fallback_loc,
				 "'%s' is allowed for every argument; filter it (e.g. %s) or "
				 "mark the profile unsafe", name,
				 i ? "ioctl without TIOCSTI" : "prctl if option in (PR_SET_NAME, ...)");
	}
}

static void lint_equivalents(struct resolver *r)
{
	for (size_t i = 0; i < sizeof(equivalents) / sizeof(equivalents[0]); i++) {
		for (size_t d = 0; d < 4 && equivalents[i][d]; d++) {
			const struct syscall_summary *denied = resolved_summary(r->out, equivalents[i][d]);

			/* Only a deny someone wrote down can have a gap. */
			if (denied == NULL || !denied->explicit_rule || denied->conditional ||
			    denied->fallback == SECCOMP_RET_ALLOW || denied->fallback_loc == NULL ||
			    !exists_on_declared_abi(r, equivalents[i][d]))
				continue;
			for (size_t o = 0; o < 4 && equivalents[i][o]; o++) {
				const char *other = equivalents[i][o];

				if (o == d || !exists_on_declared_abi(r, other) ||
				    resolved_fallback(r->out, other) != SECCOMP_RET_ALLOW)
					continue;
				diag_add(r->diags, "equivalent-gap", denied->fallback_loc,
					 "'%s' is denied but '%s', which does the same, is allowed",
					 equivalents[i][d], other);
				break;
			}
		}
	}
}

static void lint_bypasses(struct resolver *r)
{
	const struct syscall_summary *clone = resolved_summary(r->out, "clone");
	const struct syscall_summary *socket = resolved_summary(r->out, "socket");
	const struct syscall_summary *execve = resolved_summary(r->out, "execve");
	uint32_t nr;

	if (clone != NULL && clone->conditional && resolved_fallback(r->out, "clone3") == SECCOMP_RET_ALLOW &&
	    exists_on_declared_abi(r, "clone3")) {
		struct diag *d = diag_add(r->diags, "clone3-bypass", clone->first_loc,
					  "clone is filtered by its flags, but clone3 (flags in memory, which seccomp "
					  "cannot read) is allowed: deny clone3, e.g. errno(ENOSYS) clone3;");
		const struct syscall_summary *c3 = resolved_summary(r->out, "clone3");

		if (c3 != NULL && c3->fallback_loc != NULL)
			diag_relate(r->diags, d, c3->fallback_loc, "clone3 is allowed here");
		r->ok = false;
	}
	if (socket != NULL && socket->conditional && resolved_fallback(r->out, "socketcall") == SECCOMP_RET_ALLOW) {
		for (size_t a = 0; a < r->out->abi_count; a++) {
			if (r->out->abis[a]->bits != 32 ||
			    !zvizc_syscalls_number(r->s->syscalls, r->out->abis[a], "socketcall", &nr))
				continue;
			const struct syscall_summary *sc = resolved_summary(r->out, "socketcall");
			struct diag *d = diag_add(r->diags, "socketcall-bypass", socket->first_loc,
						  "socket is filtered by its arguments, but on %s socketcall reaches "
						  "it with its arguments in memory: deny socketcall",
						  r->out->abis[a]->name);

			if (sc != NULL && sc->fallback_loc != NULL)
				diag_relate(r->diags, d, sc->fallback_loc, "socketcall is allowed here");
			r->ok = false;
			break;
		}
	}
	if (!(execve != NULL ? execve->fallback == SECCOMP_RET_ALLOW || execve->allow_loc != NULL
			     : r->out->default_action == SECCOMP_RET_ALLOW)) {
		diag_add(r->diags, "execve-denied", execve ? execve->first_loc : &r->out->ast->loc,
			 "execve is not allowed: the loader could not start the workload (allow execve; "
			 "Landlock decides what may run)");
		r->ok = false;
	}
	if (r->out->default_action == SECCOMP_RET_ALLOW)
		diag_add(r->diags, "default-allow", r->out->default_loc,
			 "the default is allow: every system call not named here is permitted, including "
			 "ones added to future kernels");
}

/* ---- the profile ------------------------------------------------------------------------------- */

bool resolve_profile(struct symbols *s, const struct profile_entry *entry, struct resolved_profile *out)
{
	struct resolver r = { .s = s, .arena = s->arena, .diags = s->diags, .out = out, .ok = true };
	const struct zp_stmt *st;
	size_t errors_before = s->diags->errors;

	memset(out, 0, sizeof(*out));
	out->name = entry->profile->name;
	out->ast = entry->profile;
	if (!collect_levels(&r, entry->profile))
		return false;

	st = find_setting(&r, ZP_STMT_DESCRIPTION, "invalid-value", "description");
	out->policy.model.description = (char *)(st ? st->text : "");
	st = find_setting(&r, ZP_STMT_UNSAFE, "invalid-value", "unsafe statement");
	out->policy.model.unsafe_reason = (char *)(st ? st->text : "");
	if (st != NULL && st->text[0] == '\0') {
		diag_add(r.diags, "invalid-value", &st->loc, "unsafe needs a reason");
		r.ok = false;
	}
	out->unsafe = out->policy.model.unsafe_reason[0] != '\0';
	out->policy.model.bad_arch_action = SECCOMP_RET_KILL_PROCESS;
	out->policy.metadata.profile_name = (char *)out->name;
	out->policy.metadata.compiler_version = (char *)PACKAGE_VERSION;

	st = find_setting(&r, ZP_STMT_DEFAULT, "multiple-defaults", "default");
	if (st == NULL) {
		diag_add(r.diags, "missing-default", &entry->profile->loc,
			 "profile '%s' has no default action (add e.g. `default kill;`)", out->name);
		r.ok = false;
		out->default_action = SECCOMP_RET_KILL_PROCESS;
	} else {
		out->default_loc = &st->loc;
		if (!action_value(&r, &st->action, &out->default_action)) {
			r.ok = false;
			out->default_action = SECCOMP_RET_KILL_PROCESS;
		}
	}

	resolve_abis(&r);
	resolve_syscalls(&r);
	resolve_landlock(&r);
	resolve_limits(&r);
	resolve_capabilities(&r);

	out->policy.seccomp.abi_count = (uint32_t)out->abi_count;
	out->policy.seccomp.abis = arena_calloc(r.arena, out->abi_count, sizeof(uint32_t));
	for (size_t a = 0; a < out->abi_count; a++)
		out->policy.seccomp.abis[a] = out->abis[a]->token;

	lint_bypasses(&r);
	lint_dangerous(&r);
	lint_equivalents(&r);
	return r.ok && s->diags->errors == errors_before;
}
