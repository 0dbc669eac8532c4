/* zvizc: code generation with libseccomp (see codegen.h).
 *
 * Arguments are described as sets of values, each set a union of "cubes":
 * (mask, value) pairs matching every x with (x & mask) == value, which is
 * exactly what one libseccomp SCMP_CMP_MASKED_EQ comparison tests.  Every
 * comparison of the model is such a set (x < k is one cube per 1-bit of
 * k), sets intersect cube by cube, and a region of a chain is a list of
 * boxes, a box giving each argument its set.  One libseccomp rule is one
 * cube per constrained argument, so a box becomes the product of its
 * arguments' cubes. */
#include <config.h>

#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "codegen.h"

#define MAX_CUBES 512           /* per argument set */
#define MAX_BOXES 2048          /* per region */

struct cube {
	uint64_t mask;
	uint64_t value;             /* bits outside mask are 0 */
};

struct cubeset {
	struct cube *cubes;
	size_t count;
	bool all;                   /* unconstrained: every value */
};

struct box {
	struct cubeset args[6];
	/* The term a condition's box was made from: its complement is taken
	 * comparison by comparison, which stays small where a complement of
	 * the cubes would not. */
	const struct zviz_term *term;
};

struct region {
	struct box *boxes;
	size_t count;
};

struct gen {
	struct zviz_error *err;
	bool failed;
	const char *syscall;
};

static void too_complex(struct gen *g, const char *what)
{
	if (!g->failed)
		zviz_error_set(g->err, "%s: conditions too complex to generate (%s)", g->syscall, what);
	g->failed = true;
}

/* ---- cube sets ----------------------------------------------------------------- */

static void set_free(struct cubeset *s)
{
	free(s->cubes);
	s->cubes = NULL;
	s->count = 0;
}

static bool cube_within(const struct cube *a, const struct cube *b)   /* a is inside b */
{
	return (b->mask & ~a->mask) == 0 && (a->value & b->mask) == b->value;
}

/* Adds a cube unless one already there covers it, dropping those it
 * covers: the set stays free of redundant cubes as it grows. */
static void set_add(struct gen *g, struct cubeset *s, uint64_t mask, uint64_t value)
{
	struct cube c = { mask, value & mask };
	struct cube *grown;
	size_t kept = 0;

	if (g->failed)
		return;
	for (size_t i = 0; i < s->count; i++)
		if (cube_within(&c, &s->cubes[i]))
			return;
	for (size_t i = 0; i < s->count; i++)
		if (!cube_within(&s->cubes[i], &c))
			s->cubes[kept++] = s->cubes[i];
	s->count = kept;
	if (s->count == MAX_CUBES) {
		too_complex(g, "more than 512 value ranges for one argument");
		return;
	}
	grown = realloc(s->cubes, (s->count + 1) * sizeof(*s->cubes));
	if (grown == NULL) {
		zviz_error_set(g->err, "out of memory");
		g->failed = true;
		return;
	}
	s->cubes = grown;
	s->cubes[s->count++] = c;
}

/* Drops cubes inside others and joins pairs that differ in one bit, until
 * nothing changes: fewer cubes, fewer rules, a shorter program. */
static void set_simplify(struct cubeset *s)
{
	bool changed = true;

	if (s->all)
		return;
	while (changed) {
		changed = false;
		for (size_t i = 0; i < s->count; i++) {
			for (size_t j = 0; j < s->count; j++) {
				struct cube *a = &s->cubes[i], *b = &s->cubes[j];
				uint64_t diff = a->value ^ b->value;

				if (i == j)
					continue;
				if (cube_within(a, b)) {
					s->cubes[i] = s->cubes[--s->count];
					changed = true;
					break;
				}
				if (a->mask == b->mask && diff != 0 && (diff & (diff - 1)) == 0) {
					a->mask &= ~diff;
					a->value &= ~diff;
					s->cubes[j] = s->cubes[--s->count];
					changed = true;
					break;
				}
			}
			if (changed)
				break;
		}
	}
	for (size_t i = 0; i < s->count; i++)
		if (s->cubes[i].mask == 0)
			s->all = true;
	if (s->all)
		set_free(s);
}

static uint64_t width_mask(unsigned width)
{
	return width == 64 ? UINT64_MAX : 0xffffffffull;
}

/* The values lo..hi (inclusive) over WIDTH bits, as aligned blocks: each
 * block is one cube whose mask fixes the high bits.  Blocks of two such
 * sets either nest or miss each other, so intersections stay small. */
static void set_add_interval(struct gen *g, struct cubeset *s, uint64_t lo, uint64_t hi, unsigned width)
{
	uint64_t all = width_mask(width);

	while (lo <= hi && !g->failed) {
		unsigned b = 0;

		/* The largest aligned block starting at lo that ends by hi. */
		while (b < width && (lo & ((2ull << b) - 1)) == 0 &&
		       (b + 1 == 64 || lo + ((2ull << b) - 1) <= hi) && lo + ((2ull << b) - 1) >= lo)
			b++;
		if (b == 64) {
			s->all = true;
			return;
		}
		set_add(g, s, all & ~((1ull << b) - 1), lo);
		if (lo + ((1ull << b) - 1) >= hi)
			return;
		lo += 1ull << b;
	}
}

/* The values for which CMP holds (or fails, when NEGATE). */
static struct cubeset cmp_set(struct gen *g, const struct zviz_cmp *c, bool negate)
{
	struct cubeset s = { NULL, 0, false };
	uint64_t all = width_mask(c->width);
	uint64_t v = c->value & all;
	enum zviz_cmp_op op = c->op;

	if (negate) {
		switch (op) {
		case ZVIZ_CMP_EQ: op = ZVIZ_CMP_NE; break;
		case ZVIZ_CMP_NE: op = ZVIZ_CMP_EQ; break;
		case ZVIZ_CMP_LT: op = ZVIZ_CMP_GE; break;
		case ZVIZ_CMP_GE: op = ZVIZ_CMP_LT; break;
		case ZVIZ_CMP_LE: op = ZVIZ_CMP_GT; break;
		case ZVIZ_CMP_GT: op = ZVIZ_CMP_LE; break;
		case ZVIZ_CMP_MASKED_EQ: break;
		}
	}
	switch (op) {
	case ZVIZ_CMP_EQ:
		set_add(g, &s, all, v);
		break;
	case ZVIZ_CMP_NE:
		if (v > 0)
			set_add_interval(g, &s, 0, v - 1, c->width);
		if (v < all)
			set_add_interval(g, &s, v + 1, all, c->width);
		break;
	case ZVIZ_CMP_LT:
		if (v > 0)
			set_add_interval(g, &s, 0, v - 1, c->width);
		break;
	case ZVIZ_CMP_GE:
		set_add_interval(g, &s, v, all, c->width);
		break;
	case ZVIZ_CMP_LE:
		set_add_interval(g, &s, 0, v, c->width);
		break;
	case ZVIZ_CMP_GT:
		if (v < all)
			set_add_interval(g, &s, v + 1, all, c->width);
		break;
	case ZVIZ_CMP_MASKED_EQ: {
		uint64_t m = c->mask & all;

		if (!negate) {
			if ((v & ~m) == 0)
				set_add(g, &s, m, v);
		} else if ((v & ~m) != 0) {
			s.all = true;       /* can never be equal: always differs */
		} else {
			for (unsigned b = 0; b < c->width; b++)
				if (m & (1ull << b))
					set_add(g, &s, 1ull << b, ~v & (1ull << b));
		}
		break;
	}
	}
	if (s.count == 0 && !s.all)
		return s;           /* empty */
	set_simplify(&s);
	return s;
}

static struct cubeset set_intersect(struct gen *g, const struct cubeset *a, const struct cubeset *b)
{
	struct cubeset out = { NULL, 0, false };

	if (a->all || b->all) {
		const struct cubeset *other = a->all ? b : a;

		out.all = other->all;
		for (size_t i = 0; i < other->count; i++)
			set_add(g, &out, other->cubes[i].mask, other->cubes[i].value);
		return out;
	}
	for (size_t i = 0; i < a->count; i++) {
		for (size_t j = 0; j < b->count; j++) {
			const struct cube *x = &a->cubes[i], *y = &b->cubes[j];

			if ((x->mask & y->mask) & (x->value ^ y->value))
				continue;   /* they disagree on a bit both fix */
			set_add(g, &out, x->mask | y->mask, x->value | y->value);
		}
	}
	set_simplify(&out);
	return out;
}

static bool set_empty(const struct cubeset *s)
{
	return !s->all && s->count == 0;
}

/* ---- boxes and regions ------------------------------------------------------------ */

static void box_init(struct box *b)
{
	for (int i = 0; i < 6; i++)
		b->args[i] = (struct cubeset){ NULL, 0, true };
	b->term = NULL;
}

static void box_free(struct box *b)
{
	for (int i = 0; i < 6; i++)
		set_free(&b->args[i]);
}

static void region_free(struct region *r)
{
	for (size_t i = 0; i < r->count; i++)
		box_free(&r->boxes[i]);
	free(r->boxes);
	r->boxes = NULL;
	r->count = 0;
}

static void region_add(struct gen *g, struct region *r, struct box *b)
{
	struct box *grown;

	if (g->failed || r->count == MAX_BOXES) {
		if (!g->failed)
			too_complex(g, "more than 2048 argument combinations");
		box_free(b);
		return;
	}
	grown = realloc(r->boxes, (r->count + 1) * sizeof(*r->boxes));
	if (grown == NULL) {
		zviz_error_set(g->err, "out of memory");
		g->failed = true;
		box_free(b);
		return;
	}
	r->boxes = grown;
	r->boxes[r->count++] = *b;
}

/* Intersects box A with box B; false when the result is empty. */
static bool box_intersect(struct gen *g, const struct box *a, const struct box *b, struct box *out)
{
	box_init(out);
	for (int i = 0; i < 6; i++) {
		out->args[i] = set_intersect(g, &a->args[i], &b->args[i]);
		if (set_empty(&out->args[i])) {
			box_free(out);
			return false;
		}
	}
	return true;
}

static struct region region_everything(struct gen *g)
{
	struct region r = { NULL, 0 };
	struct box b;

	box_init(&b);
	region_add(g, &r, &b);
	return r;
}

/* Where RULE's condition holds: one box per term. */
static struct region rule_region(struct gen *g, const struct zviz_rule *rule)
{
	struct region r = { NULL, 0 };

	for (uint32_t t = 0; t < rule->term_count && !g->failed; t++) {
		struct box b;
		bool empty = false;

		box_init(&b);
		b.term = &rule->terms[t];
		for (uint32_t c = 0; c < rule->terms[t].cmp_count && !empty; c++) {
			const struct zviz_cmp *cmp = &rule->terms[t].cmps[c];
			struct cubeset s = cmp_set(g, cmp, false);
			struct cubeset both = set_intersect(g, &b.args[cmp->arg], &s);

			set_free(&s);
			set_free(&b.args[cmp->arg]);
			b.args[cmp->arg] = both;
			empty = set_empty(&both);
		}
		if (empty)
			box_free(&b);
		else
			region_add(g, &r, &b);
	}
	return r;
}

/* ---- subtraction ------------------------------------------------------------------ */

/* The values of argument ARG that fail TERM: those failing one of its
 * comparisons on ARG (de Morgan), a union of small sets. */
static struct cubeset term_outside(struct gen *g, const struct zviz_term *term, int arg)
{
	struct cubeset acc = { NULL, 0, false };

	for (uint32_t c = 0; c < term->cmp_count && !g->failed; c++) {
		struct cubeset fails;

		if (term->cmps[c].arg != arg)
			continue;
		fails = cmp_set(g, &term->cmps[c], true);
		if (fails.all)
			acc.all = true;
		for (size_t i = 0; i < fails.count; i++)
			set_add(g, &acc, fails.cubes[i].mask, fails.cubes[i].value);
		set_free(&fails);
	}
	set_simplify(&acc);
	return acc;
}

static size_t set_size(const struct cubeset *s)
{
	return s->all ? 1 : s->count;
}

static void set_copy(struct gen *g, struct cubeset *to, const struct cubeset *from)
{
	*to = (struct cubeset){ NULL, 0, from->all };
	for (size_t i = 0; i < from->count; i++)
		set_add(g, to, from->cubes[i].mask, from->cubes[i].value);
}

/* Adds to OUT the part of X outside Y, as disjoint pieces: for Y's tested
 * arguments in some order a1..ak, piece j keeps a1..a(j-1) inside Y and
 * takes aj outside it.  The order is chosen to make the fewest rules. */
static void box_subtract(struct gen *g, const struct box *x, const struct box *y, struct region *out)
{
	struct cubeset inside[6], outside[6];
	int tested[6], k = 0, order[6], best[6];
	size_t best_cost = SIZE_MAX;
	struct box meet;

	if (!box_intersect(g, x, y, &meet)) {
		struct box copy;

		for (int i = 0; i < 6; i++)
			set_copy(g, &copy.args[i], &x->args[i]);
		region_add(g, out, &copy);
		return;
	}
	box_free(&meet);
	for (int i = 0; i < 6; i++) {
		if (y->args[i].all)
			continue;
		struct cubeset not_y = term_outside(g, y->term, i);

		tested[k++] = i;
		inside[i] = set_intersect(g, &x->args[i], &y->args[i]);
		outside[i] = set_intersect(g, &x->args[i], &not_y);
		set_free(&not_y);
	}
	/* Try every order (k is small) and keep the cheapest. */
	for (int i = 0; i < k; i++)
		order[i] = i;
	for (;;) {
		size_t cost = 0, prefix = 1;

		for (int j = 0; j < k; j++) {
			int a = tested[order[j]];
			size_t piece = prefix * set_size(&outside[a]);

			for (int o = 0; o < 6; o++) {
				bool in_prefix = false;

				for (int q = 0; q <= j; q++)
					in_prefix |= tested[order[q]] == o;
				if (!in_prefix)
					piece *= set_size(&x->args[o]);
			}
			cost += set_empty(&outside[a]) ? 0 : piece;
			prefix *= set_size(&inside[a]);
		}
		if (cost < best_cost) {
			best_cost = cost;
			memcpy(best, order, sizeof(order));
		}
		/* next permutation */
		{
			int i = k - 2, j2;

			while (i >= 0 && order[i] > order[i + 1])
				i--;
			if (i < 0)
				break;
			j2 = k - 1;
			while (order[j2] < order[i])
				j2--;
			int t = order[i]; order[i] = order[j2]; order[j2] = t;
			for (int l = i + 1, r = k - 1; l < r; l++, r--) {
				t = order[l]; order[l] = order[r]; order[r] = t;
			}
		}
	}
	for (int j = 0; j < k && !g->failed; j++) {
		int a = tested[best[j]];
		struct box piece;

		if (set_empty(&outside[a]))
			continue;
		for (int i = 0; i < 6; i++)
			set_copy(g, &piece.args[i], &x->args[i]);
		for (int q = 0; q < j; q++) {
			int b = tested[best[q]];

			set_free(&piece.args[b]);
			set_copy(g, &piece.args[b], &inside[b]);
		}
		set_free(&piece.args[a]);
		set_copy(g, &piece.args[a], &outside[a]);
		region_add(g, out, &piece);
	}
	for (int j = 0; j < k; j++) {
		set_free(&inside[tested[j]]);
		set_free(&outside[tested[j]]);
	}
}

/* R minus every box of TAKEN. */
static struct region region_subtract(struct gen *g, struct region r, const struct region *taken)
{
	for (size_t t = 0; t < taken->count && !g->failed; t++) {
		struct region next = { NULL, 0 };

		for (size_t i = 0; i < r.count && !g->failed; i++)
			box_subtract(g, &r.boxes[i], &taken->boxes[t], &next);
		region_free(&r);
		r = next;
	}
	return r;
}

/* ---- emitting rules ------------------------------------------------------------------ */

/* libseccomp takes syscall numbers in the numbering of the host's ABI and
 * translates them, by name, to each filter ABI's own.  So a rule names
 * its syscall by the host's number (or libseccomp's pseudo-number for a
 * syscall the host lacks), not by the number in the model. */
static int libseccomp_number(struct gen *g, const struct zviz_abi_model *am,
			     const struct zviz_syscall_chain *chain, int *nr)
{
	*nr = seccomp_syscall_resolve_name(chain->name);
	if (*nr != __NR_SCMP_ERROR)
		return 0;
	/* Newer than libseccomp: usable as is only on the host's own ABI. */
	if (am->arch == seccomp_arch_native()) {
		*nr = (int)chain->nr;
		return 0;
	}
	zviz_error_set(g->err, "%s: libseccomp %u.%u does not know this syscall, so it cannot place "
		       "rules for it on an ABI other than the host's", chain->name,
		       seccomp_version()->major, seccomp_version()->minor);
	g->failed = true;
	return -1;
}

/* Adds one rule.  An exact rule is what the model says; libseccomp
 * refuses some on i386 (argument filters on the socket calls, which it
 * would also have to apply through socketcall); the plain form then adds
 * the direct syscall's rule alone, which the verifier confirms. */
static int add_rule(scmp_filter_ctx ctx, uint32_t action, int nr, unsigned n,
		    const struct scmp_arg_cmp *cmps)
{
	int rc = seccomp_rule_add_exact_array(ctx, action, nr, n, cmps);

	if (rc == -EINVAL && n > 0)
		rc = seccomp_rule_add_array(ctx, action, nr, n, cmps);
	return rc;
}

static int add_box_rules(struct gen *g, scmp_filter_ctx ctx, uint32_t action, int nr,
			 const struct box *b, size_t *rules)
{
	size_t choice[6] = { 0 };

	/* Every combination of one cube per constrained argument. */
	for (;;) {
		struct scmp_arg_cmp cmps[6];
		unsigned n = 0;
		int i, rc;

		for (i = 0; i < 6; i++) {
			const struct cube *c;

			if (b->args[i].all)
				continue;
			c = &b->args[i].cubes[choice[i]];
			cmps[n++] = (struct scmp_arg_cmp){ (unsigned)i, SCMP_CMP_MASKED_EQ, c->mask, c->value };
		}
		if (++*rules > CODEGEN_MAX_RULES_PER_SYSCALL) {
			too_complex(g, "more than 2048 seccomp rules");
			return -1;
		}
		rc = add_rule(ctx, action, nr, n, cmps);
		if (rc < 0) {
			zviz_error_set(g->err, "%s: libseccomp refused a rule: %s", g->syscall, strerror(-rc));
			g->failed = true;
			return -1;
		}
		for (i = 0; i < 6; i++) {
			if (b->args[i].all)
				continue;
			if (++choice[i] < b->args[i].count)
				break;
			choice[i] = 0;
		}
		if (i == 6)
			return 0;
	}
}

static int add_region_rules(struct gen *g, scmp_filter_ctx ctx, uint32_t action, int nr,
			    const struct region *r, size_t *rules)
{
	for (size_t i = 0; i < r->count; i++)
		if (add_box_rules(g, ctx, action, nr, &r->boxes[i], rules) < 0)
			return -1;
	return 0;
}

/* The chain's regions, first match first: rule i decides where its
 * condition holds and no earlier one's does; the fallback where none
 * holds.  Regions whose action is the default need no rule. */
static int add_chain(struct gen *g, scmp_filter_ctx ctx, const struct zviz_abi_model *am,
		     const struct zviz_syscall_chain *chain)
{
	uint32_t default_action = am->default_action;
	struct region *holds;
	size_t rules = 0;
	int rc = 0, nr;

	g->syscall = chain->name;
	if (libseccomp_number(g, am, chain, &nr) < 0)
		return -1;
	holds = calloc(chain->rule_count + 1, sizeof(*holds));
	if (holds == NULL) {
		zviz_error_set(g->err, "out of memory");
		return -1;
	}
	for (uint32_t i = 0; i < chain->rule_count && !g->failed; i++)
		holds[i] = rule_region(g, &chain->rules[i]);
	for (uint32_t i = 0; i <= chain->rule_count && !g->failed && rc == 0; i++) {
		bool fallback = i == chain->rule_count;
		uint32_t action = fallback ? chain->fallback : chain->rules[i].action;
		struct region mine;

		if (action == default_action)
			continue;
		if (fallback) {
			mine = region_everything(g);
		} else {
			mine = (struct region){ NULL, 0 };
			for (size_t b = 0; b < holds[i].count; b++) {
				struct box copy;

				for (int a = 0; a < 6; a++)
					set_copy(g, &copy.args[a], &holds[i].boxes[b].args[a]);
				region_add(g, &mine, &copy);
			}
		}
		for (uint32_t k = 0; k < i && !g->failed; k++)
			mine = region_subtract(g, mine, &holds[k]);
		if (!g->failed)
			rc = add_region_rules(g, ctx, action, nr, &mine, &rules);
		region_free(&mine);
	}
	for (uint32_t i = 0; i < chain->rule_count; i++)
		region_free(&holds[i]);
	free(holds);
	return g->failed ? -1 : rc;
}

/* ---- the filter ------------------------------------------------------------------------ */

static int export_program(scmp_filter_ctx ctx, struct sock_filter **insns, uint32_t *count,
			  struct zviz_error *err)
{
	int fd = memfd_create("zvizc-bpf", MFD_CLOEXEC);
	off_t size;
	ssize_t got;
	int rc;

	if (fd < 0)
		return zviz_error_set(err, "memfd_create: %s", strerror(errno));
	rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0) {
		close(fd);
		return zviz_error_set(err, "libseccomp could not export the program: %s", strerror(-rc));
	}
	size = lseek(fd, 0, SEEK_END);
	if (size <= 0 || size % (off_t)sizeof(struct sock_filter) != 0 ||
	    size > (off_t)(4096 * sizeof(struct sock_filter))) {
		close(fd);
		if (size > 0 && size % (off_t)sizeof(struct sock_filter) == 0)
			return zviz_error_set(err, "the program has %lld instructions; seccomp loads at most 4096",
					      (long long)(size / (off_t)sizeof(struct sock_filter)));
		return zviz_error_set(err, "libseccomp exported %lld bytes, not a program", (long long)size);
	}
	*insns = malloc((size_t)size);
	if (*insns == NULL) {
		close(fd);
		return zviz_error_set(err, "out of memory");
	}
	got = pread(fd, *insns, (size_t)size, 0);
	close(fd);
	if (got != size) {
		free(*insns);
		*insns = NULL;
		return zviz_error_set(err, "reading the exported program back failed");
	}
	*count = (uint32_t)(size / (off_t)sizeof(struct sock_filter));
	return 0;
}

static bool has_wide_comparison(const struct zviz_syscall_chain *chain)
{
	for (uint32_t r = 0; r < chain->rule_count; r++)
		for (uint32_t t = 0; t < chain->rules[r].term_count; t++)
			for (uint32_t c = 0; c < chain->rules[r].terms[t].cmp_count; c++)
				if (chain->rules[r].terms[t].cmps[c].width == 64)
					return true;
	return false;
}

/* One filter for one ABI; the caller merges them. */
static scmp_filter_ctx abi_filter(struct gen *g, const struct zviz_model *model, const struct zviz_abi_model *am)
{
	scmp_filter_ctx ctx = seccomp_init(am->default_action);
	int rc;

	if (ctx == NULL) {
		zviz_error_set(g->err, "libseccomp could not start a filter");
		return NULL;
	}
	rc = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
	if (rc == 0)
		rc = seccomp_arch_add(ctx, am->arch);
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, model->bad_arch_action);
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (rc < 0) {
		zviz_error_set(g->err, "libseccomp refused ABI 0x%08x: %s", am->arch, strerror(-rc));
		seccomp_release(ctx);
		return NULL;
	}
	for (uint32_t i = 0; i < am->syscall_count; i++) {
		if (am->arch == SCMP_ARCH_X32 && has_wide_comparison(&am->syscalls[i])) {
			zviz_error_set(g->err, "%s: libseccomp compares x32 arguments on their low 32 bits "
				       "only, so a condition on a 64-bit argument cannot be enforced on x32",
				       am->syscalls[i].name);
			seccomp_release(ctx);
			return NULL;
		}
		if (add_chain(g, ctx, am, &am->syscalls[i]) < 0) {
			seccomp_release(ctx);
			return NULL;
		}
	}
	return ctx;
}

int codegen_program(const struct zviz_model *model, struct sock_filter **insns, uint32_t *count,
		    struct zviz_error *err)
{
	struct gen g = { .err = err };
	scmp_filter_ctx all = NULL;
	int rc = 0;

	*insns = NULL;
	*count = 0;
	if (model->abi_count == 0)
		return zviz_error_set(err, "no ABI");
	for (uint32_t a = 0; a < model->abi_count && rc == 0; a++) {
		scmp_filter_ctx one;

		if (model->abis[a].default_action != model->abis[0].default_action)
			return zviz_error_set(err, "ABIs with different defaults cannot share one filter");
		one = abi_filter(&g, model, &model->abis[a]);
		if (one == NULL) {
			rc = -1;
			break;
		}
		if (all == NULL) {
			all = one;
			continue;
		}
		rc = seccomp_merge(all, one);
		if (rc < 0) {
			seccomp_release(one);
			zviz_error_set(err, "libseccomp could not merge the ABIs' filters: %s", strerror(-rc));
			rc = -1;
		}
	}
	if (rc == 0)
		rc = export_program(all, insns, count, err);
	if (all != NULL)
		seccomp_release(all);
	return rc;
}

uint32_t codegen_actions_needed(const struct sock_filter *insns, uint32_t count)
{
	uint32_t kinds = 0;

	for (uint32_t i = 0; i < count; i++)
		if (insns[i].code == (BPF_RET | BPF_K))
			kinds |= zviz_action_kind(insns[i].k);
	return kinds;
}
