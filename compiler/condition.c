/* zvizc: conditions to DNF (see condition.h).
 *
 * Negations are pushed down to the comparisons (de Morgan), where each has
 * an exact opposite: == and !=, < and >=, <= and >.  A masked test
 * (arg & m) == v has no single opposite; it fails exactly when one bit of
 * m differs from v, so its negation is one masked test per bit of m. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "condition.h"
#include "suggest.h"

struct compiler {
	struct symbols *s;
	const char *syscall;
	const char *abi_suffix;    /* " on i386" where the ABI passes other arguments */
	const struct zvizc_syscall_args *args;
	unsigned abi_bits;
	bool failed;
};

/* A DNF under construction: zero terms is false; an empty term is true. */
struct dnf {
	struct zviz_term *terms;
	uint32_t count;
};

/* Reports the first problem of a condition; later ones are consequences. */
__attribute__((format(printf, 4, 5)))
static void fail(struct compiler *c, const char *rule, const struct zp_loc *loc, const char *fmt, ...)
{
	va_list ap;

	if (!c->failed) {
		va_start(ap, fmt);
		diag_addv(c->s->diags, rule, loc, fmt, ap);
		va_end(ap);
	}
	c->failed = true;
}

static struct dnf dnf_true(struct compiler *c)
{
	struct dnf d = { arena_alloc(c->s->arena, sizeof(struct zviz_term)), 1 };

	return d;
}

static struct dnf dnf_false(void)
{
	struct dnf d = { NULL, 0 };

	return d;
}

static struct dnf dnf_leaf(struct compiler *c, struct zviz_cmp cmp)
{
	struct dnf d = dnf_true(c);

	d.terms[0].cmps = arena_alloc(c->s->arena, sizeof(struct zviz_cmp));
	d.terms[0].cmps[0] = cmp;
	d.terms[0].cmp_count = 1;
	return d;
}

static struct dnf dnf_or(struct compiler *c, struct dnf a, struct dnf b, const struct zp_loc *loc)
{
	struct dnf d;

	if (a.count + b.count > CONDITION_MAX_TERMS) {
		fail(c, "bad-condition", loc, "condition too complex: more than 256 alternatives");
		return dnf_false();
	}
	d.count = a.count + b.count;
	d.terms = arena_calloc(c->s->arena, d.count, sizeof(*d.terms));
	if (a.count)
		memcpy(d.terms, a.terms, a.count * sizeof(*d.terms));
	if (b.count)
		memcpy(d.terms + a.count, b.terms, b.count * sizeof(*d.terms));
	return d;
}

static bool same_cmp(const struct zviz_cmp *x, const struct zviz_cmp *y)
{
	return x->arg == y->arg && x->op == y->op && x->width == y->width && x->mask == y->mask &&
	       x->value == y->value;
}

static struct dnf dnf_and(struct compiler *c, struct dnf a, struct dnf b, const struct zp_loc *loc)
{
	struct dnf d = { NULL, 0 };

	if ((uint64_t)a.count * b.count > CONDITION_MAX_TERMS) {
		fail(c, "bad-condition", loc, "condition too complex: more than 256 alternatives");
		return dnf_false();
	}
	d.terms = arena_calloc(c->s->arena, (size_t)a.count * b.count + 1, sizeof(*d.terms));
	for (uint32_t i = 0; i < a.count; i++) {
		for (uint32_t j = 0; j < b.count; j++) {
			struct zviz_term *t = &d.terms[d.count++];
			uint32_t n = a.terms[i].cmp_count + b.terms[j].cmp_count;

			if (n > CONDITION_MAX_CMPS) {
				fail(c, "bad-condition", loc,
				     "condition too complex: more than 16 comparisons joined by and");
				return dnf_false();
			}
			t->cmps = arena_calloc(c->s->arena, n ? n : 1, sizeof(*t->cmps));
			for (uint32_t k = 0; k < a.terms[i].cmp_count; k++)
				t->cmps[t->cmp_count++] = a.terms[i].cmps[k];
			for (uint32_t k = 0; k < b.terms[j].cmp_count; k++) {
				bool repeated = false;

				for (uint32_t m = 0; m < t->cmp_count; m++)
					repeated |= same_cmp(&t->cmps[m], &b.terms[j].cmps[k]);
				if (!repeated)
					t->cmps[t->cmp_count++] = b.terms[j].cmps[k];
			}
		}
	}
	return d;
}

/* ---- operands ------------------------------------------------------------- */

struct arg_ref {
	bool found;
	uint8_t index;
	uint8_t width;
	bool masked;
	uint64_t mask;
};

static bool parse_arg_number(const char *name, uint8_t *index)
{
	if (strncmp(name, "arg", 3) == 0 && name[3] >= '0' && name[3] <= '5' && name[4] == '\0') {
		*index = (uint8_t)(name[3] - '0');
		return true;
	}
	return false;
}

/* Whether NAME is an argument of the syscall; fills REF (index, width).
 * A pointer argument is an error. */
static bool lookup_arg(struct compiler *c, const struct zp_expr *e, struct arg_ref *ref)
{
	uint8_t index;
	int i = c->args ? zvizc_args_index(c->args, e->name) : -1;
	const struct zvizc_arg *arg;

	if (i < 0 && parse_arg_number(e->name, &index)) {
		if (c->args == NULL) {
			if (!c->failed)
				diag_add(c->s->diags, "unfiltered-argument", &e->loc,
					 "zvizc has no argument table for '%s': '%s' is compared on all 64 bits",
					 c->syscall, e->name);
			ref->found = true;
			ref->index = index;
			ref->width = c->abi_bits == 32 ? 32 : 64;
			return true;
		}
		if (index >= c->args->count) {
			fail(c, "unknown-argument", &e->loc, "'%s' takes fewer arguments than '%s'",
			     c->syscall, e->name);
			return false;
		}
		i = index;
	}
	if (i < 0)
		return false;
	arg = &c->args->args[i];
	if (arg->kind == ZVIZC_ARG_POINTER) {
		fail(c, "pointer-argument", &e->loc,
		     "'%s' of %s is a pointer: seccomp sees the address, not what it points to "
		     "(use filesystem { } for paths)", arg->name, c->syscall);
		return false;
	}
	ref->found = true;
	ref->index = (uint8_t)i;
	ref->width = c->abi_bits == 32 || arg->width == 32 ? 32 : 64;
	return true;
}

static bool looks_like_argument(const char *name)
{
	for (const char *p = name; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			return true;
	return false;
}

static void report_unknown_name(struct compiler *c, const struct zp_expr *e)
{
	struct suggestion sg;
	const char *best;

	if (symbols_is_define(c->s, e->name)) {
		c->failed = true;       /* its own error was given at the define */
		return;
	}
	if (!looks_like_argument(e->name)) {
		if (!c->failed)
			symbols_unknown_constant(c->s, e->name, &e->loc);
		c->failed = true;
		return;
	}
	suggest_start(&sg, e->name);
	for (unsigned i = 0; c->args && i < c->args->count; i++)
		suggest_offer(&sg, c->args->args[i].name);
	best = suggest_result(&sg);
	if (best != NULL)
		fail(c, "unknown-argument", &e->loc, "%s has no argument '%s'%s; did you mean '%s'?",
		     c->syscall, e->name, c->abi_suffix, best);
	else
		fail(c, "unknown-argument", &e->loc, "%s has no argument '%s'%s", c->syscall, e->name,
		     c->abi_suffix);
}

/* An argument operand: `name` or `name & constant` (either order). */
static bool arg_operand(struct compiler *c, const struct zp_expr *e, struct arg_ref *ref)
{
	memset(ref, 0, sizeof(*ref));
	if (e->kind == ZP_EXPR_NAME)
		return lookup_arg(c, e, ref);
	if (e->kind == ZP_EXPR_BINARY && e->op == ZP_OP_BITAND) {
		const struct zp_expr *name = NULL, *mask = NULL;

		if (e->lhs->kind == ZP_EXPR_NAME && lookup_arg(c, e->lhs, ref)) {
			name = e->lhs;
			mask = e->rhs;
		} else if (!c->failed && e->rhs->kind == ZP_EXPR_NAME && lookup_arg(c, e->rhs, ref)) {
			name = e->rhs;
			mask = e->lhs;
		}
		if (name == NULL) {
			/* `tpye & MASK`: a misspelt argument, not a constant. */
			const struct zp_expr *side = e->lhs->kind == ZP_EXPR_NAME ? e->lhs
						   : e->rhs->kind == ZP_EXPR_NAME ? e->rhs : NULL;
			uint64_t ignored;

			if (!c->failed && side != NULL && looks_like_argument(side->name) &&
			    !symbols_constant(c->s, side->name, &ignored))
				report_unknown_name(c, side);
			return false;
		}
		if (!symbols_eval(c->s, mask, &ref->mask)) {
			c->failed = true;
			return false;
		}
		ref->masked = true;
		return true;
	}
	return false;
}

/* Whether E mentions an argument anywhere (to tell "not a constant"
 * apart from "an argument used in arithmetic"). */
static bool mentions_argument(struct compiler *c, const struct zp_expr *e)
{
	struct arg_ref ref;

	if (e == NULL)
		return false;
	if (e->kind == ZP_EXPR_NAME) {
		bool failed = c->failed;

		diags_mute(c->s->diags);
		memset(&ref, 0, sizeof(ref));
		lookup_arg(c, e, &ref);
		diags_unmute(c->s->diags);
		c->failed = failed;
		return ref.found;
	}
	return mentions_argument(c, e->lhs) || mentions_argument(c, e->rhs);
}

/* A constant side, fitted to the argument's width. */
static bool constant_operand(struct compiler *c, const struct zp_expr *e, const struct arg_ref *ref,
			     uint64_t *value)
{
	if (mentions_argument(c, e)) {
		fail(c, "bad-condition", &e->loc,
		     "seccomp compares one argument with constants; it cannot compute with arguments");
		return false;
	}
	if (e->kind == ZP_EXPR_NAME && !symbols_constant(c->s, e->name, value)) {
		report_unknown_name(c, e);
		return false;
	}
	if (e->kind != ZP_EXPR_NAME && !symbols_eval(c->s, e, value)) {
		c->failed = true;
		return false;
	}
	if (ref->width == 32 && *value > UINT32_MAX) {
		/* A negative 32-bit number, sign-extended, is what it says. */
		if (*value >= 0xffffffff80000000ull) {
			*value &= UINT32_MAX;
		} else {
			char text[32];

			snprintf(text, sizeof(text), "0x%llx", (unsigned long long)*value);
			fail(c, "invalid-value", &e->loc, "%s does not fit the 32-bit argument it is compared with",
			     text);
			return false;
		}
	}
	return true;
}

/* "domain, type, protocol", or the positional names. */
static const char *argument_names(const struct compiler *c)
{
	char *list;
	size_t len = 0;

	if (c->args == NULL || c->args->count == 0)
		return "arg0 … arg5";
	for (unsigned i = 0; i < c->args->count; i++)
		len += strlen(c->args->args[i].name) + 2;
	list = arena_alloc(c->s->arena, len + 1);
	for (unsigned i = 0; i < c->args->count; i++) {
		strcat(list, c->args->args[i].name);
		if (i + 1 < c->args->count)
			strcat(list, ", ");
	}
	return list;
}

/* ---- comparisons -------------------------------------------------------------- */

static enum zviz_cmp_op cmp_op(enum zp_op op)
{
	switch (op) {
	case ZP_OP_EQ: return ZVIZ_CMP_EQ;
	case ZP_OP_NE: return ZVIZ_CMP_NE;
	case ZP_OP_LT: return ZVIZ_CMP_LT;
	case ZP_OP_LE: return ZVIZ_CMP_LE;
	case ZP_OP_GT: return ZVIZ_CMP_GT;
	case ZP_OP_GE: return ZVIZ_CMP_GE;
	default: return 0;
	}
}

static enum zviz_cmp_op flip(enum zviz_cmp_op op)     /* c OP a  =>  a OP' c */
{
	switch (op) {
	case ZVIZ_CMP_LT: return ZVIZ_CMP_GT;
	case ZVIZ_CMP_LE: return ZVIZ_CMP_GE;
	case ZVIZ_CMP_GT: return ZVIZ_CMP_LT;
	case ZVIZ_CMP_GE: return ZVIZ_CMP_LE;
	default: return op;
	}
}

static enum zviz_cmp_op opposite(enum zviz_cmp_op op)
{
	switch (op) {
	case ZVIZ_CMP_EQ: return ZVIZ_CMP_NE;
	case ZVIZ_CMP_NE: return ZVIZ_CMP_EQ;
	case ZVIZ_CMP_LT: return ZVIZ_CMP_GE;
	case ZVIZ_CMP_GE: return ZVIZ_CMP_LT;
	case ZVIZ_CMP_LE: return ZVIZ_CMP_GT;
	case ZVIZ_CMP_GT: return ZVIZ_CMP_LE;
	default: return op;
	}
}

/* (arg & mask) == value, or its negation when NEGATE. */
static struct dnf masked_eq(struct compiler *c, const struct arg_ref *ref, uint64_t value, bool negate,
			    const struct zp_loc *loc)
{
	uint64_t mask = ref->width == 32 ? ref->mask & UINT32_MAX : ref->mask;
	struct dnf d = dnf_false();

	if (value & ~mask)      /* a bit the mask clears can never equal 1 */
		return negate ? dnf_true(c) : dnf_false();
	if (mask == 0)
		return negate ? dnf_false() : dnf_true(c);
	if (!negate)
		return dnf_leaf(c, (struct zviz_cmp){ ref->index, ZVIZ_CMP_MASKED_EQ, ref->width, mask, value });
	for (unsigned bit = 0; bit < 64; bit++) {
		uint64_t b = 1ull << bit;

		if (mask & b)
			d = dnf_or(c, d, dnf_leaf(c, (struct zviz_cmp){ ref->index, ZVIZ_CMP_MASKED_EQ,
									 ref->width, b, ~value & b }), loc);
	}
	return d;
}

/* LHS OP RHS, one side an argument operand and the other constant. */
static struct dnf comparison(struct compiler *c, const struct zp_expr *lhs, enum zviz_cmp_op op,
			     const struct zp_expr *rhs, bool negate, const struct zp_loc *loc)
{
	struct arg_ref ref;
	const struct zp_expr *other;
	uint64_t value;

	if (arg_operand(c, lhs, &ref)) {
		other = rhs;
	} else if (!c->failed && arg_operand(c, rhs, &ref)) {
		other = lhs;
		op = flip(op);
	} else {
		if (!c->failed) {
			const struct zp_expr *name = lhs->kind == ZP_EXPR_NAME ? lhs
						   : rhs->kind == ZP_EXPR_NAME ? rhs : NULL;
			uint64_t ignored;

			if (name != NULL && !symbols_constant(c->s, name->name, &ignored))
				report_unknown_name(c, name);
			else
				fail(c, "bad-condition", loc,
				     "a comparison needs an argument of %s on one side (names: %s)",
				     c->syscall, argument_names(c));
		}
		return dnf_false();
	}
	if (!constant_operand(c, other, &ref, &value))
		return dnf_false();
	if (ref.masked) {
		if (op != ZVIZ_CMP_EQ && op != ZVIZ_CMP_NE) {
			fail(c, "bad-condition", loc,
			     "seccomp can test a masked argument only with == or !=");
			return dnf_false();
		}
		return masked_eq(c, &ref, value, negate != (op == ZVIZ_CMP_NE), loc);
	}
	if (negate)
		op = opposite(op);
	return dnf_leaf(c, (struct zviz_cmp){ ref.index, op, ref.width, 0, value });
}

static struct dnf compile(struct compiler *c, const struct zp_expr *e, bool negate)
{
	struct dnf acc;

	if (c->failed)
		return dnf_false();
	switch (e->kind) {
	case ZP_EXPR_BINARY:
		switch (e->op) {
		case ZP_OP_OR:
		case ZP_OP_AND: {
			struct dnf l = compile(c, e->lhs, negate);
			struct dnf r = compile(c, e->rhs, negate);

			/* not (a or b) = not a and not b; not (a and b) = not a or not b */
			return (e->op == ZP_OP_OR) != negate ? dnf_or(c, l, r, &e->loc)
							     : dnf_and(c, l, r, &e->loc);
		}
		case ZP_OP_EQ: case ZP_OP_NE: case ZP_OP_LT:
		case ZP_OP_LE: case ZP_OP_GT: case ZP_OP_GE:
			return comparison(c, e->lhs, cmp_op(e->op), e->rhs, negate, &e->loc);
		default:
			break;
		}
		break;
	case ZP_EXPR_UNARY:
		if (e->op == ZP_OP_NOT)
			return compile(c, e->lhs, !negate);
		break;
	case ZP_EXPR_IN:
		/* x in (a, b) = x == a or x == b; x not in (a, b) = x != a and x != b */
		negate = negate != e->negated;
		acc = negate ? dnf_true(c) : dnf_false();
		for (const struct zp_expr *item = e->list; item != NULL; item = item->next) {
			struct dnf one = comparison(c, e->lhs, ZVIZ_CMP_EQ, item, negate, &item->loc);

			acc = negate ? dnf_and(c, acc, one, &e->loc) : dnf_or(c, acc, one, &e->loc);
		}
		return acc;
	default:
		break;
	}
	fail(c, "bad-condition", &e->loc,
	     "not a condition: compare an argument, e.g. `(flags & X) == 0` or `domain in (AF_UNIX)`");
	return dnf_false();
}

bool condition_compile(struct symbols *s, const struct zp_expr *expr, const char *syscall,
		       const struct zvizc_abi *abi, bool report, struct condition *out)
{
	struct compiler c = {
		.s = s, .syscall = syscall, .args = zvizc_args_lookup_abi(syscall, abi),
		.abi_bits = abi->bits, .abi_suffix = "",
	};
	struct dnf d;

	if (c.args != zvizc_args_lookup(syscall))
		c.abi_suffix = arena_printf(s->arena, " on %s", abi->name);
	if (!report)
		diags_mute(s->diags);
	d = compile(&c, expr, false);
	if (!report)
		diags_unmute(s->diags);
	memset(out, 0, sizeof(*out));
	if (c.failed)
		return false;
	out->terms = d.terms;
	out->term_count = d.count;
	return true;
}

void condition_lint_precedence(struct symbols *s, const struct zp_expr *e)
{
	if (e == NULL)
		return;
	if (e->kind == ZP_EXPR_BINARY && e->op >= ZP_OP_EQ && e->op <= ZP_OP_GE) {
		const struct zp_expr *side = e->lhs->kind == ZP_EXPR_BINARY && e->lhs->op == ZP_OP_BITAND &&
					     !e->lhs->parenthesized ? e->lhs
					   : e->rhs->kind == ZP_EXPR_BINARY && e->rhs->op == ZP_OP_BITAND &&
					     !e->rhs->parenthesized ? e->rhs : NULL;

		if (side != NULL)
			diag_add(s->diags, "mask-precedence", &e->loc,
				 "'&' binds tighter than the comparison here (unlike C): this is "
				 "(… & …) compared; add parentheses to say so");
	}
	condition_lint_precedence(s, e->lhs);
	condition_lint_precedence(s, e->rhs);
	for (const struct zp_expr *item = e->list; item != NULL; item = item->next)
		condition_lint_precedence(s, item);
}

bool condition_term_implies(const struct zviz_term *b, const struct zviz_term *a)
{
	for (uint32_t i = 0; i < a->cmp_count; i++) {
		bool found = false;

		for (uint32_t j = 0; j < b->cmp_count && !found; j++)
			found = same_cmp(&a->cmps[i], &b->cmps[j]);
		if (!found)
			return false;
	}
	return true;
}
