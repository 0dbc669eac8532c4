/* zvizc: the verifier (see verify.h). */
#include <config.h>

#include <linux/audit.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "bpf.h"
#include "constants.h"
#include "verify.h"

#define MAX_VALUES 1024         /* interesting values per argument */
#define NUMBERS_PAST_KNOWN 64
#define JUNK_HIGH 0xa5a5a5a500000000ull

/* ---- the model's decision ------------------------------------------------------- */

bool model_cmp_holds(const struct zviz_cmp *c, uint64_t arg)
{
	uint64_t x = c->width == 32 ? arg & 0xffffffffull : arg;

	switch (c->op) {
	case ZVIZ_CMP_EQ: return x == c->value;
	case ZVIZ_CMP_NE: return x != c->value;
	case ZVIZ_CMP_LT: return x < c->value;
	case ZVIZ_CMP_LE: return x <= c->value;
	case ZVIZ_CMP_GT: return x > c->value;
	case ZVIZ_CMP_GE: return x >= c->value;
	case ZVIZ_CMP_MASKED_EQ: return (x & c->mask) == c->value;
	}
	return false;
}

static bool cmp_holds(const struct zviz_cmp *c, const uint64_t args[6])
{
	return c->arg < 6 && model_cmp_holds(c, args[c->arg]);
}

uint32_t model_chain_decide(const struct zviz_syscall_chain *chain, uint32_t default_action,
			    const uint64_t args[6])
{
	if (chain == NULL)
		return default_action;
	for (uint32_t r = 0; r < chain->rule_count; r++) {
		const struct zviz_rule *rule = &chain->rules[r];

		for (uint32_t t = 0; t < rule->term_count; t++) {
			bool all = true;

			for (uint32_t c = 0; c < rule->terms[t].cmp_count && all; c++)
				all = cmp_holds(&rule->terms[t].cmps[c], args);
			if (all)
				return rule->action;
		}
	}
	return chain->fallback;
}

static const struct zviz_syscall_chain *find_chain(const struct zviz_abi_model *am, uint32_t nr)
{
	size_t lo = 0, hi = am->syscall_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (am->syscalls[mid].nr == nr)
			return &am->syscalls[mid];
		if (am->syscalls[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* x32 calls arrive as x86_64 with the x32 bit in nr; every number from
 * that bit up counts as x32 (none of them is an x86_64 syscall).  nr -1
 * is no syscall at all (the kernel answers ENOSYS; tracers use it to skip
 * one): it stays with x86_64.  Both as libseccomp draws the line. */
static uint32_t abi_token_of(const struct seccomp_data *d)
{
	if (d->arch == AUDIT_ARCH_X86_64 && (uint32_t)d->nr >= ZVIZC_X32_SYSCALL_BIT && d->nr != -1)
		return SCMP_ARCH_X32;
	return d->arch;
}

uint32_t model_decide(const struct zviz_model *model, const struct seccomp_data *d)
{
	uint32_t token = abi_token_of(d);

	for (uint32_t a = 0; a < model->abi_count; a++) {
		const struct zviz_abi_model *am = &model->abis[a];
		const struct zviz_syscall_chain *chain;

		if (am->arch != token)
			continue;
		chain = find_chain(am, (uint32_t)d->nr);
		return model_chain_decide(chain, am->default_action, (const uint64_t *)d->args);
	}
	return model->bad_arch_action;
}

/* ---- the kernel's cache emulator ----------------------------------------------------- */

bool cache_takes_allow(const struct sock_filter *prog, uint32_t count, const struct seccomp_data *d)
{
	uint32_t a = 0;

	for (uint32_t pc = 0; pc < count; pc++) {
		const struct sock_filter *insn = &prog[pc];
		bool taken;

		switch (insn->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (insn->k == offsetof(struct seccomp_data, nr))
				a = (uint32_t)d->nr;
			else if (insn->k == offsetof(struct seccomp_data, arch))
				a = d->arch;
			else
				return false;       /* depends on arguments or the IP */
			break;
		case BPF_RET | BPF_K:
			return insn->k == SECCOMP_RET_ALLOW;
		case BPF_JMP | BPF_JA:
			pc += insn->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_K:
			switch (BPF_OP(insn->code)) {
			case BPF_JEQ: taken = a == insn->k; break;
			case BPF_JGE: taken = a >= insn->k; break;
			case BPF_JGT: taken = a > insn->k; break;
			default: taken = (a & insn->k) != 0; break;
			}
			pc += taken ? insn->jt : insn->jf;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= insn->k;
			break;
		default:
			return false;
		}
	}
	return false;
}

/* ---- cases ------------------------------------------------------------------------------ */

struct values {
	uint64_t v[MAX_VALUES];
	size_t n;
};

static void add_value(struct values *vs, uint64_t v)
{
	for (size_t i = 0; i < vs->n; i++)
		if (vs->v[i] == v)
			return;
	if (vs->n < MAX_VALUES)
		vs->v[vs->n++] = v;
}

/* The boundaries of one comparison: k-1, k, k+1, each mask bit flipped,
 * k with any one bit flipped (a region made of single-bit tests is
 * crossed by exactly such values), and for a 32-bit comparison the same
 * with junk in the high word. */
static void add_boundaries(struct values *vs, const struct zviz_cmp *c)
{
	uint64_t width = c->width == 32 ? 0xffffffffull : UINT64_MAX;
	uint64_t base[3] = { (c->value - 1) & width, c->value & width, (c->value + 1) & width };

	for (int i = 0; i < 3; i++) {
		add_value(vs, base[i]);
		if (c->width == 32)
			add_value(vs, base[i] | JUNK_HIGH);
	}
	for (unsigned b = 0; b < c->width; b++) {
		add_value(vs, c->value ^ (1ull << b));
		if (c->width == 32)
			add_value(vs, (c->value ^ (1ull << b)) | JUNK_HIGH);
	}
	if (c->op == ZVIZ_CMP_MASKED_EQ) {
		add_value(vs, c->mask | c->value);
		add_value(vs, ~c->mask & width);
	}
}

struct case_ctx {
	const struct zviz_model *model;
	const struct sock_filter *prog;
	uint32_t count;
	struct verify_result *res;
	const char *abi_name;
};

static void format_action(char *buf, size_t size, uint32_t action)
{
	uint32_t data = action & SECCOMP_RET_DATA;
	const char *name;

	switch (action & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW: snprintf(buf, size, "allow"); return;
	case SECCOMP_RET_KILL_PROCESS: snprintf(buf, size, "kill"); return;
	case SECCOMP_RET_KILL_THREAD: snprintf(buf, size, "kill-thread"); return;
	case SECCOMP_RET_TRAP: snprintf(buf, size, "trap"); return;
	case SECCOMP_RET_LOG: snprintf(buf, size, "log"); return;
	case SECCOMP_RET_ERRNO:
		name = zvizc_errno_name((int)data);
		if (name)
			snprintf(buf, size, "errno(%s)", name);
		else
			snprintf(buf, size, "errno(%u)", data);
		return;
	}
	snprintf(buf, size, "0x%08x", action);
}

static uint32_t run_case(struct case_ctx *cx, const struct seccomp_data *d, const char *syscall)
{
	uint32_t want = model_decide(cx->model, d);
	unsigned steps;
	uint32_t got = zviz_bpf_run(cx->prog, cx->count, d, &steps);

	cx->res->cases++;
	if (got != want) {
		if (cx->res->mismatches < VERIFY_MAX_REPORTED) {
			char w[48], g[48];

			format_action(w, sizeof(w), want);
			format_action(g, sizeof(g), got);
			snprintf(cx->res->mismatch[cx->res->mismatches], sizeof(cx->res->mismatch[0]),
				 "%s, syscall %s (%d), args (0x%llx, 0x%llx, 0x%llx, 0x%llx, 0x%llx, 0x%llx): "
				 "model says %s, program says %s", cx->abi_name, syscall ? syscall : "?", d->nr,
				 (unsigned long long)d->args[0], (unsigned long long)d->args[1],
				 (unsigned long long)d->args[2], (unsigned long long)d->args[3],
				 (unsigned long long)d->args[4], (unsigned long long)d->args[5], w, g);
		}
		cx->res->mismatches++;
	}
	return steps;
}

/* A vector meeting TERM where the candidates allow: for each argument
 * the term tests, a candidate value passing all its comparisons. */
static void meet_term(const struct zviz_term *term, const struct values *vals, uint64_t meet[6])
{
	memset(meet, 0, 6 * sizeof(uint64_t));
	for (int i = 0; i < 6; i++) {
		for (size_t k = 0; k < vals[i].n; k++) {
			uint64_t probe[6] = { 0 };
			bool ok = true;

			probe[i] = vals[i].v[k];
			for (uint32_t c = 0; c < term->cmp_count && ok; c++)
				if (term->cmps[c].arg == i)
					ok = cmp_holds(&term->cmps[c], probe);
			if (ok) {
				meet[i] = vals[i].v[k];
				break;
			}
		}
	}
}

/* Argument vectors for a filtered chain.  Each tested argument takes each
 * of its candidate values; two tested arguments take every pair of
 * values, with the others at zero and at values meeting each term. */
static void verify_chain_args(struct case_ctx *cx, struct seccomp_data *d,
			      const struct zviz_syscall_chain *chain)
{
	struct values *vals = calloc(6, sizeof(*vals));
	uint64_t (*bases)[6];
	size_t nbases = 1;
	bool tested[6] = { false };
	uint32_t terms = 0;

	if (vals == NULL)
		return;
	for (uint32_t r = 0; r < chain->rule_count; r++) {
		for (uint32_t t = 0; t < chain->rules[r].term_count; t++, terms++) {
			for (uint32_t c = 0; c < chain->rules[r].terms[t].cmp_count; c++) {
				const struct zviz_cmp *cmp = &chain->rules[r].terms[t].cmps[c];

				tested[cmp->arg] = true;
				add_boundaries(&vals[cmp->arg], cmp);
			}
		}
	}
	for (int i = 0; i < 6; i++) {
		add_value(&vals[i], 0);
		add_value(&vals[i], UINT64_MAX);
	}
	/* The starting points: all zero, then one vector per term. */
	bases = calloc(terms + 1, sizeof(*bases));
	if (bases == NULL) {
		free(vals);
		return;
	}
	for (uint32_t r = 0; r < chain->rule_count; r++)
		for (uint32_t t = 0; t < chain->rules[r].term_count; t++)
			meet_term(&chain->rules[r].terms[t], vals, bases[nbases++]);

	for (size_t b = 0; b < nbases; b++) {
		for (int i = 0; i < 6; i++) {
			if (!tested[i] && b > 0)
				continue;
			for (size_t k = 0; k < vals[i].n; k++) {
				memcpy(d->args, bases[b], sizeof(d->args));
				d->args[i] = vals[i].v[k];
				run_case(cx, d, chain->name);
			}
		}
	}
	for (size_t b = 0; b < nbases && b < 2; b++) {
		for (int i = 0; i < 6; i++) {
			for (int j = i + 1; j < 6; j++) {
				if (!tested[i] || !tested[j])
					continue;
				for (size_t k = 0; k < vals[i].n; k++) {
					for (size_t l = 0; l < vals[j].n; l++) {
						memcpy(d->args, bases[b], sizeof(d->args));
						d->args[i] = vals[i].v[k];
						d->args[j] = vals[j].v[l];
						run_case(cx, d, chain->name);
					}
				}
			}
		}
	}
	free(bases);
	free(vals);
}

static void verify_number(struct case_ctx *cx, struct seccomp_data *d, const struct zviz_abi_model *am,
			  const char *name, bool known)
{
	static const uint64_t junk[6] = {
		0xdeadbeefcafef00dull, UINT64_MAX, 0x100000001ull, 0x8000000000000000ull, 7, 0x41414141,
	};
	const struct zviz_syscall_chain *chain = am ? find_chain(am, (uint32_t)d->nr) : NULL;
	uint32_t want;
	unsigned steps;

	memset(d->args, 0, sizeof(d->args));
	want = model_decide(cx->model, d);
	steps = run_case(cx, d, name);
	cx->res->numbers++;
	cx->res->steps_all += steps;
	if (steps > cx->res->worst_all)
		cx->res->worst_all = steps;
	if (want == SECCOMP_RET_ALLOW) {
		cx->res->allowed_numbers++;
		cx->res->steps_allowed += steps;
		if (steps > cx->res->worst_allowed)
			cx->res->worst_allowed = steps;
	}
	if (chain != NULL && chain->rule_count > 0) {
		verify_chain_args(cx, d, chain);
		return;
	}
	memcpy(d->args, junk, sizeof(junk));
	run_case(cx, d, name);
	/* An unconditional allow of a known syscall must skip the filter. */
	if (known && want == SECCOMP_RET_ALLOW) {
		cx->res->allows++;
		if (cache_takes_allow(cx->prog, cx->count, d))
			cx->res->allows_cacheable++;
		else if (cx->res->allows - cx->res->allows_cacheable <= VERIFY_MAX_REPORTED)
			snprintf(cx->res->uncacheable[cx->res->allows - cx->res->allows_cacheable - 1],
				 sizeof(cx->res->uncacheable[0]), "%s %s", cx->abi_name, name ? name : "?");
	}
}

static void verify_numbers(struct case_ctx *cx, const struct zvizc_syscalls *syscalls,
			   const struct zvizc_abi *abi, const struct zviz_abi_model *am,
			   struct seccomp_data *d, uint32_t first, uint32_t last)
{
	for (uint32_t nr = first; nr <= last; nr++) {
		const char *name = zvizc_syscalls_name(syscalls, abi, nr);

		d->nr = (int)nr;
		verify_number(cx, d, am, name, name != NULL);
	}
}

/* Every number of one ABI from 0 to past its highest known one; numbers
 * far above the rest (ARM's private calls at 0xf0000) with their
 * neighbours only. */
static void verify_abi(struct case_ctx *cx, const struct zvizc_syscalls *syscalls, const struct zvizc_abi *abi,
		       const struct zviz_abi_model *am)
{
	const struct zvizc_syscall_entry *entries;
	size_t n = zvizc_syscalls_abi_entries(syscalls, abi, &entries);
	uint32_t base = abi->token == SCMP_ARCH_X32 ? ZVIZC_X32_SYSCALL_BIT : 0;
	uint32_t dense_end = base;
	struct seccomp_data d;

	memset(&d, 0, sizeof(d));
	d.arch = abi->token == SCMP_ARCH_X32 ? AUDIT_ARCH_X86_64 : abi->token;
	d.instruction_pointer = 0x7f0000001000ull;
	cx->abi_name = abi->name;
	for (size_t i = 0; i < n; i++)
		if (entries[i].nr - base < 0x10000 && entries[i].nr > dense_end)
			dense_end = entries[i].nr;
	verify_numbers(cx, syscalls, abi, am, &d, base, dense_end + NUMBERS_PAST_KNOWN);
	for (size_t i = 0; i < n; i++)
		if (entries[i].nr - base >= 0x10000)
			verify_numbers(cx, syscalls, abi, am, &d, entries[i].nr - 8, entries[i].nr + 8);
}

int verify_program(const struct zviz_model *model, const struct zvizc_syscalls *syscalls,
		   const struct sock_filter *prog, uint32_t count, struct verify_result *res,
		   struct zviz_error *err)
{
	static const uint32_t odd_numbers[] = {
		0xffffffffu, 0x3fffffffu, 0x40000000u, 0x7fffffffu, 0x80000000u, 0xfffffffeu,
	};
	static const uint32_t foreign[] = {
		AUDIT_ARCH_PPC64LE, AUDIT_ARCH_S390X, AUDIT_ARCH_AARCH64, AUDIT_ARCH_I386,
		AUDIT_ARCH_X86_64, AUDIT_ARCH_ARM, AUDIT_ARCH_RISCV64, 0, 0xffffffffu,
	};
	struct case_ctx cx = { .model = model, .prog = prog, .count = count, .res = res };
	size_t nabis;
	const struct zvizc_abi *abis = zvizc_abi_list(&nabis);
	struct seccomp_data d;

	memset(res, 0, sizeof(*res));
	if (zviz_bpf_check(prog, count, NULL, err) != ZVIZ_BPF_OK)
		return zviz_error_prefix(err, "the kernel would refuse the program");
	res->abis = model->abi_count;

	for (uint32_t a = 0; a < model->abi_count; a++) {
		const struct zvizc_abi *abi = zvizc_abi_by_token(model->abis[a].arch);

		if (abi == NULL)
			return zviz_error_set(err, "ABI 0x%08x unknown to the verifier", model->abis[a].arch);
		verify_abi(&cx, syscalls, abi, &model->abis[a]);
	}
	/* Every ABI zvizc knows that the profile did not declare, x32's
	 * numbers on an x86_64-only profile among them, must meet the
	 * bad-arch action; so must foreign architectures and odd numbers. */
	for (size_t i = 0; i < nabis; i++) {
		bool declared = false;

		for (uint32_t a = 0; a < model->abi_count; a++)
			declared |= model->abis[a].arch == abis[i].token;
		if (!declared)
			verify_abi(&cx, syscalls, &abis[i], NULL);
	}
	memset(&d, 0, sizeof(d));
	for (size_t f = 0; f < sizeof(foreign) / sizeof(foreign[0]); f++) {
		d.arch = foreign[f];
		cx.abi_name = "arch";
		for (size_t n = 0; n < sizeof(odd_numbers) / sizeof(odd_numbers[0]); n++) {
			d.nr = (int)odd_numbers[n];
			run_case(&cx, &d, NULL);
		}
		for (int nr = 0; nr < 8; nr++) {
			d.nr = nr;
			run_case(&cx, &d, NULL);
		}
	}
	if (res->mismatches > 0)
		return zviz_error_set(err, "%llu of %llu cases disagree with the model; first: %s",
				      (unsigned long long)res->mismatches, (unsigned long long)res->cases,
				      res->mismatch[0]);
	if (res->allows_cacheable != res->allows)
		return zviz_error_set(err, "%u of %u unconditional allows escape the kernel's action cache; "
				      "first: %s", res->allows - res->allows_cacheable, res->allows,
				      res->uncacheable[0]);
	return 0;
}
