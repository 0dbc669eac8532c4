/* zvizc: `zvizc diff` (see diff.h). */
#include <config.h>

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "verify.h"
#include "explain.h"

/* Vectors a syscall's comparison may evaluate in full; beyond it only the
 * vectors that move at most two arguments away from the base are tried. */
#define EVAL_LIMIT (1u << 20)

/* Distinct differing cases one syscall's comparison collects at most. */
#define CASE_LIMIT (1u << 16)

/* Work one syscall's comparison may do, in comparisons evaluated, while
 * sorting candidate values into classes and while evaluating chains: past
 * it the comparison stops, and unless it found a difference it reports
 * the syscall as not proven equivalent rather than as unchanged. */
#define WORK_LIMIT (1ull << 26)

/* The high word a 32-bit argument may carry: the kernel ignores it, so a
 * 32-bit comparison must too (and a 64-bit one would not). */
#define JUNK_HIGH 0xffffffff00000000ull

/* ---- growing strings --------------------------------------------------------------- */

struct sb {
	char *s;
	size_t len, cap;
	bool oom;
};

static void sb_printf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *s;

		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		s = realloc(b->s, cap);
		if (s == NULL) {
			b->oom = true;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Hands the string over (NULL when out of memory). */
static char *sb_take(struct sb *b)
{
	char *s;

	if (b->oom) {
		free(b->s);
		return NULL;
	}
	if (b->s == NULL)
		return strdup("");
	s = b->s;
	b->s = NULL;
	return s;
}

/* Words for the bits of MASK, joined with ", ", or NONE when empty. */
static void sb_bits(struct sb *b, uint64_t mask, const char *(*word)(unsigned), const char *none)
{
	char *s = explain_bits(mask, word, none);

	if (s == NULL)
		b->oom = true;
	else
		sb_printf(b, "%s", s);
	free(s);
}

/* ---- the list of changes ----------------------------------------------------------- */

struct change {
	const char *section;
	char *abi;		/* NULL outside seccomp's per-ABI changes */
	char *syscall;
	char *subject;		/* what changed, outside syscalls: "memory", "path /tmp" */
	char *from;
	char *to;
	char *newly;		/* what it newly allows, NULL if nothing */
	char *kase;		/* the arguments of a conditional case */
	char *text;
	size_t more;		/* cases of the same syscall left out after this one */
};

struct diff {
	struct change *items;
	size_t count, cap;
	char **notes;
	size_t note_count, note_cap;
	size_t total;		/* changes, the left-out cases included */
	bool oom;
};

static char *dup_or_null(struct diff *d, const char *s)
{
	char *c;

	if (s == NULL)
		return NULL;
	c = strdup(s);
	if (c == NULL)
		d->oom = true;
	return c;
}

/* Records one change; returns its index, or SIZE_MAX when out of memory.
 * TEXT, when not NULL, replaces the generic sentence. */
static size_t add_change(struct diff *d, const char *section, const char *abi, const char *syscall,
			 const char *subject, const char *kase, const char *from, const char *to,
			 const char *newly, const char *text)
{
	struct change *c;
	struct sb b = { 0 };

	if (d->oom)
		return SIZE_MAX;
	if (d->count == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 16;
		struct change *items = realloc(d->items, cap * sizeof(*items));

		if (items == NULL) {
			d->oom = true;
			return SIZE_MAX;
		}
		d->items = items;
		d->cap = cap;
	}
	if (text != NULL) {
		sb_printf(&b, "%s", text);
	} else {
		sb_printf(&b, "%s: ", abi != NULL ? abi : section);
		if (syscall != NULL)
			sb_printf(&b, "%s: ", syscall);
		if (subject != NULL)
			sb_printf(&b, "%s: ", subject);
		if (kase != NULL)
			sb_printf(&b, "%s: ", kase);
		sb_printf(&b, "%s -> %s", from, to);
	}
	if (newly != NULL)
		sb_printf(&b, " (newly allows %s)", newly);

	c = &d->items[d->count];
	memset(c, 0, sizeof(*c));
	c->section = section;
	c->abi = dup_or_null(d, abi);
	c->syscall = dup_or_null(d, syscall);
	c->subject = dup_or_null(d, subject);
	c->kase = dup_or_null(d, kase);
	c->from = dup_or_null(d, from);
	c->to = dup_or_null(d, to);
	c->newly = dup_or_null(d, newly);
	c->text = sb_take(&b);
	if (c->text == NULL)
		d->oom = true;
	d->count++;
	d->total++;
	return d->count - 1;
}

static void add_note(struct diff *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add_note(struct diff *d, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (d->oom)
		return;
	if (d->note_count == d->note_cap) {
		size_t cap = d->note_cap ? 2 * d->note_cap : 8;
		char **notes = realloc(d->notes, cap * sizeof(*notes));

		if (notes == NULL) {
			d->oom = true;
			return;
		}
		d->notes = notes;
		d->note_cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	d->notes[d->note_count] = strdup(buf);
	if (d->notes[d->note_count] == NULL)
		d->oom = true;
	else
		d->note_count++;
}

static void diff_free(struct diff *d)
{
	for (size_t i = 0; i < d->count; i++) {
		struct change *c = &d->items[i];

		free(c->abi);
		free(c->syscall);
		free(c->subject);
		free(c->kase);
		free(c->from);
		free(c->to);
		free(c->newly);
		free(c->text);
	}
	free(d->items);
	for (size_t i = 0; i < d->note_count; i++)
		free(d->notes[i]);
	free(d->notes);
}

/* ---- evaluating chains ------------------------------------------------------------- */

/* Decides the same for every argument vector, without evaluating: no
 * rule, or every rule gives the fallback's action. */
static bool chain_constant(const struct zviz_syscall_chain *c, uint32_t default_action,
			   uint32_t *action)
{
	if (c == NULL) {
		*action = default_action;
		return true;
	}
	for (uint32_t r = 0; r < c->rule_count; r++) {
		if (c->rules[r].action != c->fallback)
			return false;
	}
	*action = c->fallback;
	return true;
}

static bool chains_equal(const struct zviz_syscall_chain *a, const struct zviz_syscall_chain *b)
{
	if (a->fallback != b->fallback || a->rule_count != b->rule_count)
		return false;
	for (uint32_t r = 0; r < a->rule_count; r++) {
		const struct zviz_rule *ra = &a->rules[r], *rb = &b->rules[r];

		if (ra->action != rb->action || ra->term_count != rb->term_count)
			return false;
		for (uint32_t t = 0; t < ra->term_count; t++) {
			const struct zviz_term *ta = &ra->terms[t], *tb = &rb->terms[t];

			if (ta->cmp_count != tb->cmp_count)
				return false;
			for (uint32_t i = 0; i < ta->cmp_count; i++) {
				const struct zviz_cmp *ca = &ta->cmps[i], *cb = &tb->cmps[i];

				if (ca->arg != cb->arg || ca->op != cb->op || ca->width != cb->width ||
				    ca->mask != cb->mask || ca->value != cb->value)
					return false;
			}
		}
	}
	return true;
}

/* The comparisons on one argument, and the classes of values they tell
 * apart (one representative each; class 0 holds the value 0). */
struct arg_space {
	const struct zviz_cmp **cmps;
	size_t cmp_count, cmp_cap;
	uint64_t *cands;
	size_t cand_count, cand_cap;
	uint64_t *reps;
	size_t rep_count;
};

static bool push_cmp(struct arg_space *s, const struct zviz_cmp *c)
{
	if (s->cmp_count == s->cmp_cap) {
		size_t cap = s->cmp_cap ? 2 * s->cmp_cap : 8;
		const struct zviz_cmp **v = realloc(s->cmps, cap * sizeof(*v));

		if (v == NULL)
			return false;
		s->cmps = v;
		s->cmp_cap = cap;
	}
	s->cmps[s->cmp_count++] = c;
	return true;
}

static bool push_cand(struct arg_space *s, uint64_t v)
{
	if (s->cand_count == s->cand_cap) {
		size_t cap = s->cand_cap ? 2 * s->cand_cap : 16;
		uint64_t *c = realloc(s->cands, cap * sizeof(*c));

		if (c == NULL)
			return false;
		s->cands = c;
		s->cand_cap = cap;
	}
	s->cands[s->cand_count++] = v;
	return true;
}

/* A 32-bit candidate comes with a clean and a junk high word. */
static bool push_value(struct arg_space *s, uint64_t v, bool w32)
{
	if (!w32)
		return push_cand(s, v);
	v &= 0xffffffffu;
	return push_cand(s, v) && push_cand(s, v | JUNK_HIGH);
}

static bool candidates_of(struct arg_space *s, const struct zviz_cmp *c)
{
	bool w32 = c->width == 32;
	uint64_t v = c->value;
	bool ok = push_value(s, v, w32) && push_value(s, v - 1, w32) && push_value(s, v + 1, w32);

	if (ok && c->op == ZVIZ_CMP_MASKED_EQ) {
		ok = push_value(s, v | c->mask, w32) && push_value(s, v & ~c->mask, w32);
		for (unsigned bit = 0; bit < 64 && ok; bit++) {
			if (c->mask & (1ull << bit))
				ok = push_value(s, v ^ (1ull << bit), w32);
		}
	}
	return ok;
}

/* A value for an argument compared at both widths is tried both ways. */
static bool push_widths(struct arg_space *s, uint64_t v, bool any32, bool any64)
{
	return (!any64 || push_cand(s, v)) && (!any32 || push_value(s, v, true));
}

/* A value that makes every comparison TERM has on ARG true together (as
 * far as one can be built), with its neighbours and its mask bits flipped:
 * a difference may need two comparisons of one term true at once, which
 * the comparisons' own candidates do not give. */
static bool term_candidates(struct arg_space *s, const struct zviz_term *t, unsigned arg, bool any32,
			    bool any64)
{
	uint64_t x = 0, masks = 0;
	unsigned n = 0;
	bool ok;

	for (uint32_t i = 0; i < t->cmp_count; i++) {
		const struct zviz_cmp *c = &t->cmps[i];

		if (c->arg != arg)
			continue;
		n++;
		if (c->op == ZVIZ_CMP_MASKED_EQ) {
			x = (x & ~c->mask) | (c->value & c->mask);
			masks |= c->mask;
		}
	}
	if (n < 2)
		return true;
	for (uint32_t i = 0; i < t->cmp_count; i++) {
		if (t->cmps[i].arg == arg && t->cmps[i].op == ZVIZ_CMP_EQ)
			x = t->cmps[i].value;
	}
	for (uint32_t i = 0; i < t->cmp_count; i++) {
		const struct zviz_cmp *c = &t->cmps[i];

		if (c->arg != arg)
			continue;
		switch (c->op) {
		case ZVIZ_CMP_GE: if (x < c->value) x |= c->value; break;
		case ZVIZ_CMP_GT: if (x <= c->value && c->value != UINT64_MAX) x |= c->value + 1; break;
		case ZVIZ_CMP_LT: if (x >= c->value && c->value != 0) x = c->value - 1; break;
		case ZVIZ_CMP_LE: if (x > c->value) x = c->value; break;
		case ZVIZ_CMP_NE: if (x == c->value) x++; break;
		}
	}
	ok = push_widths(s, x, any32, any64) && push_widths(s, x - 1, any32, any64) &&
	     push_widths(s, x + 1, any32, any64);
	for (unsigned bit = 0; bit < 64 && ok; bit++) {
		if (masks & (1ull << bit))
			ok = push_widths(s, x ^ (1ull << bit), any32, any64);
	}
	return ok;
}

static bool chain_term_candidates(struct arg_space *s, const struct zviz_syscall_chain *c,
				  unsigned arg, bool any32, bool any64)
{
	bool ok = true;

	for (uint32_t r = 0; c != NULL && r < c->rule_count && ok; r++) {
		for (uint32_t t = 0; t < c->rules[r].term_count && ok; t++)
			ok = term_candidates(s, &c->rules[r].terms[t], arg, any32, any64);
	}
	return ok;
}

/* The least X >= LO whose bits under U are P (P within U); false when
 * there is none.  X agrees with LO above some bit I where LO has 0 and X
 * has 1, and is as small as it can be below I; the lowest such I gives
 * the least X. */
static bool next_with_pattern(uint64_t lo, uint64_t u, uint64_t p, uint64_t *x)
{
	if ((lo & u) == p) {
		*x = lo;
		return true;
	}
	for (unsigned i = 0; i < 64; i++) {
		uint64_t bit = 1ull << i;
		uint64_t above = i == 63 ? 0 : ~((bit << 1) - 1);

		if ((lo & bit) || ((u & bit) && !(p & bit)) || (lo & u & above) != (p & above))
			continue;
		*x = (lo & ~u & above) | p | bit;
		return true;
	}
	return false;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* One value in every cell the argument's comparisons cut its range into,
 * when there are few enough cells (MAX_CELLS): a cell is one pattern of
 * the bits the masks test times one interval between the constants the
 * other comparisons name.  In the range of WIDTH bits; exact for an
 * argument compared at one width. */
#define MAX_PATTERN_BITS 12
#define MAX_CELLS 16384u

static bool cell_candidates(struct arg_space *s, unsigned width, bool w32)
{
	const uint64_t range = width == 32 ? 0xffffffffu : UINT64_MAX;
	uint64_t u = 0, p = 0, *breaks;
	size_t nbreaks = 1, unique = 1;
	unsigned bits = 0;
	bool ok = true;

	for (size_t i = 0; i < s->cmp_count; i++) {
		if (s->cmps[i]->op == ZVIZ_CMP_MASKED_EQ)
			u |= s->cmps[i]->mask & range;
	}
	for (unsigned bit = 0; bit < 64; bit++)
		bits += (u >> bit) & 1;
	if (bits > MAX_PATTERN_BITS)
		return true;
	breaks = calloc(2 * s->cmp_count + 1, sizeof(*breaks));
	if (breaks == NULL)
		return false;
	for (size_t i = 0; i < s->cmp_count; i++) {
		uint64_t v = s->cmps[i]->value & range;

		if (s->cmps[i]->op == ZVIZ_CMP_MASKED_EQ)
			continue;
		breaks[nbreaks++] = v;
		if (v < range)
			breaks[nbreaks++] = v + 1;
	}
	qsort(breaks, nbreaks, sizeof(*breaks), cmp_u64);
	for (size_t i = 1; i < nbreaks; i++) {
		if (breaks[i] != breaks[unique - 1])
			breaks[unique++] = breaks[i];
	}
	if ((uint64_t)unique << bits > MAX_CELLS) {
		free(breaks);
		return true;
	}
	do {
		for (size_t k = 0; k < unique && ok; k++) {
			uint64_t hi = k + 1 < unique ? breaks[k + 1] - 1 : range, x;

			if (next_with_pattern(breaks[k], u, p, &x) && x <= hi)
				ok = push_value(s, x, w32);
		}
		p = (p - u) & u;	/* the next subset of U */
	} while (p != 0 && ok);
	free(breaks);
	return ok;
}

static void collect_cmps(struct arg_space spaces[6], const struct zviz_syscall_chain *c, bool *ok)
{
	if (c == NULL)
		return;
	for (uint32_t r = 0; r < c->rule_count; r++) {
		const struct zviz_rule *rule = &c->rules[r];

		for (uint32_t t = 0; t < rule->term_count; t++) {
			for (uint32_t i = 0; i < rule->terms[t].cmp_count && *ok; i++) {
				const struct zviz_cmp *cmp = &rule->terms[t].cmps[i];

				if (cmp->arg < 6)
					*ok = push_cmp(&spaces[cmp->arg], cmp);
			}
		}
	}
}

/* Classes of candidates met so far, by their comparison results. */
struct class_set {
	uint8_t *sigs;		/* count x n result bytes */
	uint64_t *hashes;
	size_t count, cap;
	size_t *table;		/* index + 1, 0 when free */
	size_t table_cap;	/* a power of two, more than twice count */
	size_t n;
};

static bool class_set_grow_table(struct class_set *c)
{
	size_t cap = c->table_cap ? 2 * c->table_cap : 64;
	size_t *table = calloc(cap, sizeof(*table));

	if (table == NULL)
		return false;
	for (size_t j = 0; j < c->count; j++) {
		size_t slot = c->hashes[j] & (cap - 1);

		while (table[slot] != 0)
			slot = (slot + 1) & (cap - 1);
		table[slot] = j + 1;
	}
	free(c->table);
	c->table = table;
	c->table_cap = cap;
	return true;
}

/* Adds the class of SIG (hash H) unless known; *ADDED says which. */
static bool class_set_add(struct class_set *c, const uint8_t *sig, uint64_t h, bool *added)
{
	size_t slot;

	*added = false;
	if (2 * (c->count + 1) > c->table_cap && !class_set_grow_table(c))
		return false;
	for (slot = h & (c->table_cap - 1); c->table[slot] != 0; slot = (slot + 1) & (c->table_cap - 1)) {
		size_t j = c->table[slot] - 1;

		if (c->hashes[j] == h && memcmp(c->sigs + j * c->n, sig, c->n) == 0)
			return true;
	}
	if (c->count == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		uint8_t *sigs = realloc(c->sigs, cap * c->n);
		uint64_t *hashes;

		if (sigs == NULL)
			return false;
		c->sigs = sigs;
		hashes = realloc(c->hashes, cap * sizeof(*hashes));
		if (hashes == NULL)
			return false;
		c->hashes = hashes;
		c->cap = cap;
	}
	memcpy(c->sigs + c->count * c->n, sig, c->n);
	c->hashes[c->count] = h;
	c->table[slot] = ++c->count;
	*added = true;
	return true;
}

/* Keeps one candidate per combination of comparison results, the first
 * met (so class 0 holds the value 0). */
static bool classify(struct arg_space *s, uint64_t *budget, bool *incomplete)
{
	struct class_set set = { .n = s->cmp_count > 0 ? s->cmp_count : 1 };
	uint8_t *mine = calloc(set.n, 1);
	bool ok = mine != NULL;
	uint64_t allowed = *budget / set.n;

	if (s->cand_count > allowed) {
		s->cand_count = allowed > 0 ? (size_t)allowed : 1;	/* the value 0 stays */
		*incomplete = true;
	}
	*budget -= *budget >= s->cand_count * set.n ? s->cand_count * set.n : *budget;

	s->reps = ok ? calloc(s->cand_count, sizeof(*s->reps)) : NULL;
	ok = ok && s->reps != NULL;
	for (size_t i = 0; ok && i < s->cand_count; i++) {
		uint64_t h = 14695981039346656037ull;	/* FNV-1a */
		bool added;

		for (size_t k = 0; k < s->cmp_count; k++) {
			mine[k] = model_cmp_holds(s->cmps[k], s->cands[i]);
			h = (h ^ mine[k]) * 1099511628211ull;
		}
		ok = class_set_add(&set, mine, h, &added);
		if (ok && added)
			s->reps[s->rep_count++] = s->cands[i];
	}
	free(mine);
	free(set.sigs);
	free(set.hashes);
	free(set.table);
	return ok;
}

struct kase {
	unsigned idx[6];
	uint32_t from, to;
};

/* One syscall's comparison by evaluation. */
struct evaluation {
	const struct zviz_syscall_chain *a, *b;
	uint32_t a_default, b_default;
	struct arg_space spaces[6];
	unsigned ref[6];	/* the arguments either chain compares */
	unsigned ref_count;
	bool a_varies, b_varies, seen;
	uint32_t a_first, b_first;
	uint64_t cost;		/* comparisons in both chains: the work of one vector */
	uint64_t budget;	/* work left for evaluating */
	bool incomplete;	/* some combination was not tried */
	struct kase *cases;
	size_t case_count, case_cap;
	size_t *slots;		/* hash set of cases: index + 1, 0 when free */
	size_t slot_cap;	/* a power of two, at least twice case_count */
	bool oom;
};

static size_t idx_hash(const unsigned idx[6])
{
	uint64_t h = 14695981039346656037ull;

	for (unsigned k = 0; k < 6; k++)
		h = (h ^ idx[k]) * 1099511628211ull;
	return (size_t)(h ^ (h >> 32));
}

/* The slot that holds IDX, or the free one where it belongs. */
static size_t *find_slot(const struct evaluation *e, const unsigned idx[6])
{
	size_t mask = e->slot_cap - 1;

	for (size_t i = idx_hash(idx) & mask;; i = (i + 1) & mask) {
		size_t *slot = &e->slots[i];

		if (*slot == 0 || memcmp(e->cases[*slot - 1].idx, idx, sizeof(e->cases[0].idx)) == 0)
			return slot;
	}
}

static bool grow_slots(struct evaluation *e)
{
	size_t cap = e->slot_cap ? 2 * e->slot_cap : 64;
	size_t *old = e->slots;
	size_t old_cap = e->slot_cap;

	e->slots = calloc(cap, sizeof(*e->slots));
	if (e->slots == NULL) {
		e->slots = old;
		return false;
	}
	e->slot_cap = cap;
	for (size_t i = 0; i < old_cap; i++) {
		if (old[i] != 0)
			*find_slot(e, e->cases[old[i] - 1].idx) = old[i];
	}
	free(old);
	return true;
}

static void eval_vector(struct evaluation *e, const unsigned idx[6], uint32_t *ra, uint32_t *rb)
{
	uint64_t args[6] = { 0 };

	e->budget -= e->budget >= e->cost ? e->cost : e->budget;
	for (unsigned k = 0; k < e->ref_count; k++) {
		unsigned arg = e->ref[k];

		args[arg] = e->spaces[arg].reps[idx[arg]];
	}
	*ra = model_chain_decide(e->a, e->a_default, args);
	*rb = model_chain_decide(e->b, e->b_default, args);
}

static void try_vector(struct evaluation *e, const unsigned idx_in[6])
{
	unsigned idx[6];
	uint32_t ra, rb;
	size_t *slot;

	eval_vector(e, idx_in, &ra, &rb);
	if (!e->seen) {
		e->seen = true;
		e->a_first = ra;
		e->b_first = rb;
	}
	e->a_varies = e->a_varies || ra != e->a_first;
	e->b_varies = e->b_varies || rb != e->b_first;
	if (ra == rb)
		return;

	/* Move every argument that does not matter to this difference back to
	 * the base, so the case shows only the values that make it. */
	memcpy(idx, idx_in, sizeof(idx));
	for (unsigned k = 0; k < e->ref_count; k++) {
		unsigned arg = e->ref[k], saved = idx[arg];
		uint32_t xa, xb;

		if (saved == 0)
			continue;
		idx[arg] = 0;
		eval_vector(e, idx, &xa, &xb);
		if (xa != ra || xb != rb)
			idx[arg] = saved;
	}
	if (2 * (e->case_count + 1) > e->slot_cap && !grow_slots(e)) {
		e->oom = true;
		return;
	}
	slot = find_slot(e, idx);
	if (*slot != 0)
		return;
	if (e->case_count == CASE_LIMIT) {
		e->incomplete = true;
		return;
	}
	if (e->case_count == e->case_cap) {
		size_t cap = e->case_cap ? 2 * e->case_cap : 16;
		struct kase *c = realloc(e->cases, cap * sizeof(*c));

		if (c == NULL) {
			e->oom = true;
			return;
		}
		e->cases = c;
		e->case_cap = cap;
	}
	memcpy(e->cases[e->case_count].idx, idx, sizeof(idx));
	e->cases[e->case_count].from = ra;
	e->cases[e->case_count].to = rb;
	e->case_count++;
	*slot = e->case_count;
}

/* Every combination of classes; past EVAL_LIMIT vectors or the work
 * budget, the base vector, each argument alone, then each pair of
 * arguments until the budget runs out.  Sets e->incomplete when it stopped short of
 * every combination. */
static void enumerate(struct evaluation *e)
{
	unsigned idx[6] = { 0 };
	uint64_t total = 1;

	for (unsigned k = 0; k < e->ref_count; k++) {
		total *= e->spaces[e->ref[k]].rep_count;
		if (total > EVAL_LIMIT)
			break;
	}
	if (total <= EVAL_LIMIT && total * e->cost <= e->budget) {
		for (;;) {
			unsigned k;

			try_vector(e, idx);
			if (e->oom)
				return;
			for (k = 0; k < e->ref_count; k++) {
				unsigned arg = e->ref[k];

				if (++idx[arg] < e->spaces[arg].rep_count)
					break;
				idx[arg] = 0;
			}
			if (k == e->ref_count)
				return;
			if (e->budget == 0) {	/* minimising used it up */
				e->incomplete = true;
				return;
			}
		}
	}

	e->incomplete = true;
	try_vector(e, idx);
	for (unsigned i = 0; i < e->ref_count && !e->oom && e->budget > 0; i++) {
		unsigned ai = e->ref[i];

		for (unsigned vi = 1; vi < e->spaces[ai].rep_count && !e->oom && e->budget > 0; vi++) {
			idx[ai] = vi;
			try_vector(e, idx);
		}
		idx[ai] = 0;
	}
	for (unsigned i = 0; i < e->ref_count && !e->oom && e->budget > 0; i++) {
		unsigned ai = e->ref[i];

		for (unsigned vi = 1; vi < e->spaces[ai].rep_count && !e->oom && e->budget > 0; vi++) {
			idx[ai] = vi;
			for (unsigned j = i + 1; j < e->ref_count && !e->oom && e->budget > 0; j++) {
				unsigned aj = e->ref[j];

				for (unsigned vj = 1; vj < e->spaces[aj].rep_count && !e->oom &&
						      e->budget > 0; vj++) {
					idx[aj] = vj;
					try_vector(e, idx);
				}
				idx[aj] = 0;
			}
		}
		idx[ai] = 0;
	}
}

static void evaluation_free(struct evaluation *e)
{
	for (unsigned a = 0; a < 6; a++) {
		free(e->spaces[a].cmps);
		free(e->spaces[a].cands);
		free(e->spaces[a].reps);
	}
	free(e->cases);
	free(e->slots);
}

/* "domain == 16", "fd == 3, request == 21522": the arguments of a case
 * that differ from the base vector, or the compared ones when none does. */
static char *case_text(const struct evaluation *e, const struct kase *k, uint32_t arch,
		       const char *syscall)
{
	struct sb b = { 0 };
	bool any = false;
	char name[EXPLAIN_NAME_MAX], num[EXPLAIN_NAME_MAX];

	for (unsigned pass = 0; pass < 2 && !any; pass++) {
		for (unsigned r = 0; r < e->ref_count; r++) {
			unsigned arg = e->ref[r];

			if (pass == 0 && k->idx[arg] == 0)
				continue;
			sb_printf(&b, "%s%s == %s", any ? ", " : "",
				  explain_arg_name(arch, syscall, arg, name),
				  explain_number(e->spaces[arg].reps[k->idx[arg]], false, num));
			any = true;
		}
	}
	if (!any)
		sb_printf(&b, "any arguments");
	return sb_take(&b);
}

static uint64_t chain_size(const struct zviz_syscall_chain *c)
{
	uint64_t n = 0;

	for (uint32_t r = 0; c != NULL && r < c->rule_count; r++) {
		for (uint32_t t = 0; t < c->rules[r].term_count; t++)
			n += c->rules[r].terms[t].cmp_count;
	}
	return n;
}

/* Can the chain (or the default, without one) let a syscall run (ALLOWING)
 * or stop it? */
static bool chain_can(const struct zviz_syscall_chain *c, uint32_t default_action, bool allowing)
{
	if (c == NULL)
		return explain_action_allows(default_action) == allowing;
	if (explain_action_allows(c->fallback) == allowing)
		return true;
	for (uint32_t r = 0; r < c->rule_count; r++) {
		if (explain_action_allows(c->rules[r].action) == allowing)
			return true;
	}
	return false;
}

static void report_constant(struct diff *d, const char *abi, const char *syscall, uint32_t from,
			    uint32_t to)
{
	char fa[EXPLAIN_NAME_MAX], ta[EXPLAIN_NAME_MAX];
	bool newly = explain_action_allows(to) && !explain_action_allows(from);

	add_change(d, "seccomp", abi, syscall, NULL, NULL, explain_action(from, fa),
		   explain_action(to, ta), newly ? syscall : NULL, NULL);
}

static void diff_syscall(struct diff *d, uint32_t arch, const char *abi, const char *syscall,
			 const struct zviz_syscall_chain *ca, uint32_t da,
			 const struct zviz_syscall_chain *cb, uint32_t db)
{
	struct evaluation e;
	uint32_t acta, actb;
	bool ok = true;
	size_t shown = 0, last = SIZE_MAX;
	uint64_t classify_budget = WORK_LIMIT;

	if (syscall == NULL)
		syscall = "?";
	if (chain_constant(ca, da, &acta) && chain_constant(cb, db, &actb)) {
		if (acta != actb)
			report_constant(d, abi, syscall, acta, actb);
		return;
	}
	if (ca != NULL && cb != NULL && chains_equal(ca, cb))
		return;

	memset(&e, 0, sizeof(e));
	e.a = ca;
	e.b = cb;
	e.a_default = da;
	e.b_default = db;
	e.budget = WORK_LIMIT;
	e.cost = 1 + chain_size(ca) + chain_size(cb);
	collect_cmps(e.spaces, ca, &ok);
	collect_cmps(e.spaces, cb, &ok);
	for (unsigned arg = 0; arg < 6 && ok; arg++) {
		struct arg_space *s = &e.spaces[arg];
		bool any32 = false, any64 = false;

		if (s->cmp_count == 0)
			continue;
		for (size_t i = 0; i < s->cmp_count; i++) {
			any32 = any32 || s->cmps[i]->width == 32;
			any64 = any64 || s->cmps[i]->width != 32;
		}
		ok = push_cand(s, 0);
		for (size_t i = 0; i < s->cmp_count && ok; i++)
			ok = candidates_of(s, s->cmps[i]);
		ok = ok && chain_term_candidates(s, ca, arg, any32, any64) &&
		     chain_term_candidates(s, cb, arg, any32, any64) &&
		     (!any64 || cell_candidates(s, 64, false)) && (!any32 || cell_candidates(s, 32, true));
		ok = ok && classify(s, &classify_budget, &e.incomplete);
		e.ref[e.ref_count++] = arg;
	}
	if (!ok) {
		d->oom = true;
		evaluation_free(&e);
		return;
	}
	enumerate(&e);
	if (e.oom) {
		d->oom = true;
		evaluation_free(&e);
		return;
	}
	if (e.incomplete && e.case_count == 0) {
		/* Fail closed: written differently, and not shown to be the same. */
		bool newly = chain_can(cb, db, true) && chain_can(ca, da, false);
		struct sb b = { 0 };
		char *text;

		sb_printf(&b, "%s: %s: rewritten, and not proven to behave the same: too many "
			  "argument combinations to try", abi, syscall);
		text = sb_take(&b);
		if (text == NULL)
			d->oom = true;
		else
			add_change(d, "seccomp", abi, syscall, NULL, NULL, "conditions",
				   "other conditions", newly ? "it, for all this diff can tell" : NULL,
				   text);
		free(text);
	}
	if (e.incomplete)
		add_note(d, "%s: %s: too many argument combinations to try them all; "
			 "the cases shown may not be every difference", abi, syscall);
	if (e.case_count > 0 && !e.a_varies && !e.b_varies && !e.incomplete) {
		report_constant(d, abi, syscall, e.a_first, e.b_first);
	} else {
		for (size_t i = 0; i < e.case_count && !d->oom; i++) {
			const struct kase *k = &e.cases[i];
			char fa[EXPLAIN_NAME_MAX], ta[EXPLAIN_NAME_MAX];
			bool newly = explain_action_allows(k->to) && !explain_action_allows(k->from);
			char *text;

			if (shown == DIFF_MAX_CASES) {
				d->items[last].more++;
				d->total++;
				continue;
			}
			text = case_text(&e, k, arch, syscall);
			if (text == NULL) {
				d->oom = true;
				break;
			}
			last = add_change(d, "seccomp", abi, syscall, NULL, text,
					  explain_action(k->from, fa), explain_action(k->to, ta),
					  newly ? syscall : NULL, NULL);
			free(text);
			shown++;
		}
	}
	evaluation_free(&e);
}

/* Does any action of the ABI let a syscall run (ALLOWING) / stop one? */
static bool abi_any(const struct zviz_abi_model *m, bool allowing)
{
	if (explain_action_allows(m->default_action) == allowing)
		return true;
	for (uint32_t i = 0; i < m->syscall_count; i++) {
		if (chain_can(&m->syscalls[i], m->default_action, allowing))
			return true;
	}
	return false;
}

static void diff_abi_presence(struct diff *d, const struct zviz_abi_model *m, uint32_t bad_arch,
			      bool added)
{
	char name[EXPLAIN_NAME_MAX], def[EXPLAIN_NAME_MAX], bad[EXPLAIN_NAME_MAX];
	struct sb b = { 0 }, listed = { 0 }, other = { 0 };
	char *text, *l, *o;
	bool newly;

	explain_abi_name(m->arch, name);
	explain_action(m->default_action, def);
	explain_action(bad_arch, bad);
	sb_printf(&listed, "listed (default %s, %" PRIu32 " syscalls with rules)", def,
		  m->syscall_count);
	sb_printf(&other, "not listed (%s, as for other ABIs)", bad);
	if (added) {
		sb_printf(&b, "ABI added: %s (default %s, %" PRIu32 " syscalls with rules; was %s "
			  "as another ABI)", name, def, m->syscall_count, bad);
		newly = !explain_action_allows(bad_arch) && abi_any(m, true);
	} else {
		sb_printf(&b, "ABI removed: %s (was default %s, %" PRIu32 " syscalls with rules; now %s "
			  "as another ABI)", name, def, m->syscall_count, bad);
		newly = explain_action_allows(bad_arch) && abi_any(m, false);
	}
	text = sb_take(&b);
	l = sb_take(&listed);
	o = sb_take(&other);
	if (text == NULL || l == NULL || o == NULL)
		d->oom = true;
	else
		add_change(d, "seccomp", name, NULL, "ABI", NULL, added ? o : l, added ? l : o,
			   newly ? (added ? "syscalls through this ABI" : "every syscall of this ABI")
				 : NULL, text);
	free(text);
	free(l);
	free(o);
}

static void diff_abi(struct diff *d, const struct zviz_abi_model *a, const struct zviz_abi_model *b)
{
	char name[EXPLAIN_NAME_MAX];
	uint32_t i = 0, j = 0;

	explain_abi_name(a->arch, name);
	if (a->default_action != b->default_action) {
		char fa[EXPLAIN_NAME_MAX], ta[EXPLAIN_NAME_MAX];
		bool newly = explain_action_allows(b->default_action) &&
			     !explain_action_allows(a->default_action);

		add_change(d, "seccomp", name, NULL, "default", NULL, explain_action(a->default_action, fa),
			   explain_action(b->default_action, ta),
			   newly ? "every syscall without a rule" : NULL, NULL);
	}
	while ((i < a->syscall_count || j < b->syscall_count) && !d->oom) {
		const struct zviz_syscall_chain *ca = i < a->syscall_count ? &a->syscalls[i] : NULL;
		const struct zviz_syscall_chain *cb = j < b->syscall_count ? &b->syscalls[j] : NULL;

		if (ca != NULL && (cb == NULL || ca->nr < cb->nr)) {
			diff_syscall(d, a->arch, name, ca->name, ca, a->default_action, NULL,
				     b->default_action);
			i++;
		} else if (cb != NULL && (ca == NULL || cb->nr < ca->nr)) {
			diff_syscall(d, a->arch, name, cb->name, NULL, a->default_action, cb,
				     b->default_action);
			j++;
		} else {
			diff_syscall(d, a->arch, name, cb->name, ca, a->default_action, cb,
				     b->default_action);
			i++;
			j++;
		}
	}
}

static void diff_seccomp(struct diff *d, const struct zviz_policy *pa, const struct zviz_policy *pb)
{
	const struct zviz_model *a = &pa->model, *b = &pb->model;
	uint32_t i = 0, j = 0;

	if (a->bad_arch_action != b->bad_arch_action) {
		char fa[EXPLAIN_NAME_MAX], ta[EXPLAIN_NAME_MAX];
		bool newly = explain_action_allows(b->bad_arch_action) &&
			     !explain_action_allows(a->bad_arch_action);

		add_change(d, "seccomp", NULL, NULL, "other ABIs", NULL,
			   explain_action(a->bad_arch_action, fa), explain_action(b->bad_arch_action, ta),
			   newly ? "syscalls through ABIs not listed" : NULL, NULL);
	}
	if (pa->seccomp.filter_flags != pb->seccomp.filter_flags) {
		struct sb fb = { 0 }, tb = { 0 };
		char *from, *to;
		uint32_t gained = pb->seccomp.filter_flags & ~pa->seccomp.filter_flags;

		sb_bits(&fb, pa->seccomp.filter_flags, explain_filter_flag, "none");
		sb_bits(&tb, pb->seccomp.filter_flags, explain_filter_flag, "none");
		from = sb_take(&fb);
		to = sb_take(&tb);
		if (from == NULL || to == NULL)
			d->oom = true;
		else
			add_change(d, "seccomp", NULL, NULL, "filter flags", NULL, from, to,
				   (gained & 4u) ? "speculative store bypass (spec-allow)" : NULL, NULL);
		free(from);
		free(to);
	}
	while ((i < a->abi_count || j < b->abi_count) && !d->oom) {
		const struct zviz_abi_model *ma = i < a->abi_count ? &a->abis[i] : NULL;
		const struct zviz_abi_model *mb = j < b->abi_count ? &b->abis[j] : NULL;

		if (ma != NULL && (mb == NULL || ma->arch < mb->arch)) {
			diff_abi_presence(d, ma, b->bad_arch_action, false);
			i++;
		} else if (mb != NULL && (ma == NULL || mb->arch < ma->arch)) {
			diff_abi_presence(d, mb, a->bad_arch_action, true);
			j++;
		} else {
			diff_abi(d, ma, mb);
			i++;
			j++;
		}
	}
}

/* ---- Landlock ------------------------------------------------------------------------ */

/* One change between two right masks; GAINED_MEANS_NEWLY: rights gained
 * allow more (path and port rules) rather than less (handled rights). */
static void diff_rights(struct diff *d, const char *subject, uint64_t from, uint64_t to,
			const char *(*word)(unsigned), const char *none, bool gained_means_newly,
			const char *where)
{
	struct sb fb = { 0 }, tb = { 0 }, nb = { 0 };
	uint64_t newly = gained_means_newly ? to & ~from : from & ~to;
	char *f, *t, *n = NULL;

	if (from == to)
		return;
	sb_bits(&fb, from, word, none);
	sb_bits(&tb, to, word, none);
	if (newly != 0) {
		sb_bits(&nb, newly, word, none);
		sb_printf(&nb, " %s", where);
		n = sb_take(&nb);
	}
	f = sb_take(&fb);
	t = sb_take(&tb);
	if (f == NULL || t == NULL || (newly != 0 && n == NULL))
		d->oom = true;
	else
		add_change(d, "landlock", NULL, NULL, subject, NULL, f, t, n, NULL);
	free(f);
	free(t);
	free(n);
}

/* Whether rule path ANCESTOR covers PATH (itself or anything beneath). */
static bool path_covers(const char *ancestor, const char *path)
{
	size_t n = strlen(ancestor);

	if (strcmp(ancestor, "/") == 0)
		return true;
	return strncmp(ancestor, path, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* What may be done at PATH: Landlock rights are inherited down the tree,
 * so every rule on PATH or above it counts, and so does every right the
 * ruleset does not restrict at all. */
static uint64_t effective_fs(const struct zviz_landlock *l, const char *path)
{
	uint64_t rights = ZVIZ_LANDLOCK_FS_ALL & ~l->handled_fs;

	for (uint32_t i = 0; i < l->path_count; i++)
		if (path_covers(l->paths[i].path, path))
			rights |= l->paths[i].access;
	return rights;
}

static void diff_landlock(struct diff *d, const struct zviz_landlock *a, const struct zviz_landlock *b)
{
	char buf[EXPLAIN_NAME_MAX * 2], from[EXPLAIN_NAME_MAX], to[EXPLAIN_NAME_MAX];
	uint32_t i = 0, j = 0;

	if (a->min_abi == 0 && b->min_abi == 0)
		return;
	if (a->min_abi == 0 || b->min_abi == 0) {
		const struct zviz_landlock *on = a->min_abi ? a : b;

		snprintf(buf, sizeof(buf), "on (ABI %" PRIu32 ", %s, %" PRIu32 " paths, %" PRIu32 " ports)",
			 on->min_abi, on->best_effort ? "best-effort" : "required", on->path_count,
			 on->port_count);
		add_change(d, "landlock", NULL, NULL, NULL, NULL, a->min_abi ? buf : "off",
			   b->min_abi ? buf : "off",
			   b->min_abi ? NULL : "every file and TCP access Landlock restricted", NULL);
		return;
	}
	if (a->min_abi != b->min_abi) {
		snprintf(from, sizeof(from), "%" PRIu32, a->min_abi);
		snprintf(to, sizeof(to), "%" PRIu32, b->min_abi);
		add_change(d, "landlock", NULL, NULL, "minimum ABI", NULL, from, to, NULL, NULL);
	}
	if (a->best_effort != b->best_effort)
		add_change(d, "landlock", NULL, NULL, "mode", NULL,
			   a->best_effort ? "best-effort" : "required",
			   b->best_effort ? "best-effort" : "required",
			   b->best_effort ? "running with fewer restrictions on older kernels" : NULL,
			   NULL);
	diff_rights(d, "restricted filesystem rights", a->handled_fs, b->handled_fs, explain_fs_right,
		    "none", false, "everywhere");
	diff_rights(d, "restricted TCP rights", a->handled_net, b->handled_net, explain_net_right,
		    "none", false, "on every port");
	diff_rights(d, "scopes", a->scoped, b->scoped, explain_scope, "none", false,
		    "outside the sandbox");

	while ((i < a->path_count || j < b->path_count) && !d->oom) {
		const struct zviz_landlock_path *pa = i < a->path_count ? &a->paths[i] : NULL;
		const struct zviz_landlock_path *pb = j < b->path_count ? &b->paths[j] : NULL;
		int order = pa == NULL ? 1 : pb == NULL ? -1 : strcmp(pa->path, pb->path);
		const char *path = order <= 0 ? pa->path : pb->path;
		struct sb sub = { 0 }, where = { 0 };
		char *s, *w;

		sb_printf(&sub, "path %s", path);
		sb_printf(&where, "under %s", path);
		s = sb_take(&sub);
		w = sb_take(&where);
		if (s == NULL || w == NULL)
			d->oom = true;
		else
			diff_rights(d, s, effective_fs(a, path), effective_fs(b, path), explain_fs_right,
				    "none", true, w);
		free(s);
		free(w);
		i += order <= 0;
		j += order >= 0;
	}
	i = j = 0;
	while ((i < a->port_count || j < b->port_count) && !d->oom) {
		const struct zviz_landlock_port *pa = i < a->port_count ? &a->ports[i] : NULL;
		const struct zviz_landlock_port *pb = j < b->port_count ? &b->ports[j] : NULL;
		int order = pa == NULL ? 1 : pb == NULL ? -1 : pa->port < pb->port ? -1 : pa->port > pb->port;
		uint64_t port = order <= 0 ? pa->port : pb->port;
		char sub[EXPLAIN_NAME_MAX], where[EXPLAIN_NAME_MAX];

		snprintf(sub, sizeof(sub), "TCP port %" PRIu64, port);
		snprintf(where, sizeof(where), "on TCP port %" PRIu64, port);
		diff_rights(d, sub, order <= 0 ? pa->access : 0, order >= 0 ? pb->access : 0,
			    explain_net_right, "none", true, where);
		i += order <= 0;
		j += order >= 0;
	}
}

/* ---- limits, capabilities, network ------------------------------------------------------ */

static void diff_value(struct diff *d, const char *section, const char *subject, const char *from,
		       const char *to)
{
	if (strcmp(from, to) != 0)
		add_change(d, section, NULL, NULL, subject, NULL, from, to, NULL, NULL);
}

static void cgroup_text(const struct zviz_cgroup_limits *c, uint32_t field, char *buf, size_t size)
{
	char v[EXPLAIN_NAME_MAX];

	if (!(c->set & field)) {
		snprintf(buf, size, "not set");
		return;
	}
	switch (field) {
	case ZVIZ_CGROUP_MEMORY:
		snprintf(buf, size, "%s", explain_size(c->memory_max, v));
		break;
	case ZVIZ_CGROUP_SWAP:
		snprintf(buf, size, "%s", explain_size(c->swap_max, v));
		break;
	case ZVIZ_CGROUP_PIDS:
		snprintf(buf, size, "%" PRIu64, c->pids_max);
		break;
	case ZVIZ_CGROUP_CPU_QUOTA:
		snprintf(buf, size, "%s of one CPU (%" PRIu64 " us every %" PRIu64 " us)",
			 explain_cpu_share(c->cpu_quota_us, c->cpu_period_us, v), c->cpu_quota_us,
			 c->cpu_period_us);
		break;
	case ZVIZ_CGROUP_CPU_WEIGHT:
		snprintf(buf, size, "%" PRIu64, c->cpu_weight);
		break;
	}
}

static void rlimit_text(const struct zviz_rlimit *r, char *buf, size_t size)
{
	char s[EXPLAIN_NAME_MAX], h[EXPLAIN_NAME_MAX];

	if (r == NULL) {
		snprintf(buf, size, "not set");
		return;
	}
	explain_rlimit_value(r->resource, r->soft, s);
	if (r->soft == r->hard)
		snprintf(buf, size, "%s", s);
	else
		snprintf(buf, size, "%s (hard limit %s)", s, explain_rlimit_value(r->resource, r->hard, h));
}

static void diff_limits(struct diff *d, const struct zviz_policy *a, const struct zviz_policy *b)
{
	static const struct {
		uint32_t field;
		const char *name;
	} fields[] = {
		{ ZVIZ_CGROUP_MEMORY, "memory" }, { ZVIZ_CGROUP_SWAP, "swap" },
		{ ZVIZ_CGROUP_PIDS, "pids" }, { ZVIZ_CGROUP_CPU_QUOTA, "cpu" },
		{ ZVIZ_CGROUP_CPU_WEIGHT, "cpu weight" },
	};
	char from[EXPLAIN_NAME_MAX * 2], to[EXPLAIN_NAME_MAX * 2];
	uint32_t i = 0, j = 0;

	for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
		cgroup_text(&a->cgroup, fields[f].field, from, sizeof(from));
		cgroup_text(&b->cgroup, fields[f].field, to, sizeof(to));
		diff_value(d, "limits", fields[f].name, from, to);
	}
	explain_duration_ms(a->wall_clock_ms, from);
	explain_duration_ms(b->wall_clock_ms, to);
	diff_value(d, "limits", "wall clock", from, to);

	while ((i < a->rlimits.count || j < b->rlimits.count) && !d->oom) {
		const struct zviz_rlimit *ra = i < a->rlimits.count ? &a->rlimits.items[i] : NULL;
		const struct zviz_rlimit *rb = j < b->rlimits.count ? &b->rlimits.items[j] : NULL;
		int order = ra == NULL ? 1 : rb == NULL ? -1
			  : ra->resource < rb->resource ? -1 : ra->resource > rb->resource;
		uint32_t resource = order <= 0 ? ra->resource : rb->resource;
		const char *name = explain_rlimit_name(resource);
		char sub[EXPLAIN_NAME_MAX];

		if (name != NULL)
			snprintf(sub, sizeof(sub), "%s", name);
		else
			snprintf(sub, sizeof(sub), "rlimit %" PRIu32, resource);
		rlimit_text(order <= 0 ? ra : NULL, from, sizeof(from));
		rlimit_text(order >= 0 ? rb : NULL, to, sizeof(to));
		diff_value(d, "limits", sub, from, to);
		i += order <= 0;
		j += order >= 0;
	}
}

static const char *cap_word(unsigned bit)
{
	return explain_cap_name(bit);
}

static void diff_caps(struct diff *d, const struct zviz_capabilities *a,
		      const struct zviz_capabilities *b)
{
	static const char *const names[5] = { "bounding", "effective", "permitted", "inheritable",
					      "ambient" };
	const uint64_t sa[5] = { a->bounding, a->effective, a->permitted, a->inheritable, a->ambient };
	const uint64_t sb5[5] = { b->bounding, b->effective, b->permitted, b->inheritable, b->ambient };
	bool uniform = true;

	/* Profiles keep each capability in every set: one line then. */
	for (unsigned s = 1; s < 5; s++)
		uniform = uniform && sa[s] == sa[0] && sb5[s] == sb5[0];
	for (unsigned s = 0; s < (uniform ? 1u : 5u) && !d->oom; s++) {
		struct sb fb = { 0 }, tb = { 0 }, nb = { 0 }, sub = { 0 };
		uint64_t gained = sb5[s] & ~sa[s];
		char *f, *t, *n = NULL, *u;

		if (sa[s] == sb5[s])
			continue;
		sb_bits(&fb, sa[s], cap_word, "none");
		sb_bits(&tb, sb5[s], cap_word, "none");
		if (gained != 0) {
			sb_bits(&nb, gained, cap_word, "none");
			n = sb_take(&nb);
		}
		sb_printf(&sub, "%s", uniform ? "kept" : names[s]);
		f = sb_take(&fb);
		t = sb_take(&tb);
		u = sb_take(&sub);
		if (f == NULL || t == NULL || u == NULL || (gained != 0 && n == NULL))
			d->oom = true;
		else
			add_change(d, "capabilities", NULL, NULL, u, NULL, f, t, n, NULL);
		free(f);
		free(t);
		free(n);
		free(u);
	}
}

static void diff_network(struct diff *d, uint32_t a, uint32_t b)
{
	if (a == b)
		return;
	add_change(d, "network", NULL, NULL, NULL, NULL, explain_network_mode(a), explain_network_mode(b),
		   a == ZVIZ_NETWORK_PRIVATE ? "network access beyond loopback" : NULL, NULL);
}

/* ---- notes ----------------------------------------------------------------------------- */

static bool str_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static void diff_notes(struct diff *d, const struct zviz_policy *a, const struct zviz_policy *b)
{
	if (!str_eq(a->metadata.profile_name, b->metadata.profile_name))
		add_note(d, "profile name: %s -> %s", a->metadata.profile_name ? a->metadata.profile_name : "",
			 b->metadata.profile_name ? b->metadata.profile_name : "");
	if (!str_eq(a->metadata.compiler_version, b->metadata.compiler_version))
		add_note(d, "compiler version: %s -> %s",
			 a->metadata.compiler_version ? a->metadata.compiler_version : "",
			 b->metadata.compiler_version ? b->metadata.compiler_version : "");
	if (!str_eq(a->model.description, b->model.description))
		add_note(d, "the description changed");
	if (!str_eq(a->model.unsafe_reason, b->model.unsafe_reason)) {
		bool was = a->model.unsafe_reason && a->model.unsafe_reason[0];
		bool is = b->model.unsafe_reason && b->model.unsafe_reason[0];

		add_note(d, "%s", !was ? "the profile is now marked unsafe"
				  : !is ? "the profile is no longer marked unsafe"
					: "the unsafe reason changed");
	}
	if (a->seccomp.insn_count != b->seccomp.insn_count ||
	    (a->seccomp.insn_count > 0 &&
	     memcmp(a->seccomp.insns, b->seccomp.insns,
		    a->seccomp.insn_count * sizeof(*a->seccomp.insns)) != 0))
		add_note(d, "the BPF programs differ (%" PRIu32 " and %" PRIu32 " instructions); "
			 "their models are compared", a->seccomp.insn_count, b->seccomp.insn_count);
}

/* ---- output ---------------------------------------------------------------------------- */

static void json_opt(FILE *f, const char *key, const char *value)
{
	fprintf(f, ", \"%s\": ", key);
	if (value != NULL)
		explain_json_string(f, value);
	else
		fputs("null", f);
}

static void write_json(FILE *f, const struct diff *d)
{
	fprintf(f, "{\"identical\": %s, \"change_count\": %zu, \"changes\": [",
		d->total == 0 ? "true" : "false", d->total);
	for (size_t i = 0; i < d->count; i++) {
		const struct change *c = &d->items[i];

		fprintf(f, "%s{\"section\": ", i > 0 ? ", " : "");
		explain_json_string(f, c->section);
		json_opt(f, "abi", c->abi);
		json_opt(f, "syscall", c->syscall);
		json_opt(f, "subject", c->subject);
		json_opt(f, "from", c->from);
		json_opt(f, "to", c->to);
		fprintf(f, ", \"newly_allows\": %s", c->newly != NULL ? "true" : "false");
		json_opt(f, "case", c->kase);
		json_opt(f, "text", c->text);
		if (c->more > 0)
			fprintf(f, ", \"more_cases\": %zu", c->more);
		putc('}', f);
	}
	fputs("], \"notes\": [", f);
	for (size_t i = 0; i < d->note_count; i++) {
		if (i > 0)
			fputs(", ", f);
		explain_json_string(f, d->notes[i]);
	}
	fputs("]}\n", f);
}

static void write_text(FILE *f, const struct diff *d)
{
	if (d->total == 0)
		fputs("policies are identical\n", f);
	else
		fprintf(f, "policies differ: %zu change%s\n", d->total, d->total == 1 ? "" : "s");
	for (size_t i = 0; i < d->count; i++) {
		const struct change *c = &d->items[i];

		fprintf(f, "%s\n", c->text);
		if (c->more > 0)
			fprintf(f, "%s: %s: and %zu more case%s\n", c->abi ? c->abi : c->section,
				c->syscall ? c->syscall : "", c->more, c->more == 1 ? "" : "s");
	}
	for (size_t i = 0; i < d->note_count; i++)
		fprintf(f, "note: %s\n", d->notes[i]);
}

int diff_policies(FILE *out, const struct zviz_policy *a, const struct zviz_policy *b, bool json)
{
	struct diff d;
	int ret;

	memset(&d, 0, sizeof(d));
	diff_seccomp(&d, a, b);
	diff_landlock(&d, &a->landlock, &b->landlock);
	diff_limits(&d, a, b);
	diff_caps(&d, &a->caps, &b->caps);
	diff_network(&d, a->network_mode, b->network_mode);
	diff_notes(&d, a, b);
	if (d.oom) {
		diff_free(&d);
		return -1;
	}
	if (json)
		write_json(out, &d);
	else
		write_text(out, &d);
	ret = d.total == 0 ? 0 : 1;
	diff_free(&d);
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return ret;
}
