/* libzviz: the policy model's rules that do not depend on the byte layout,
 * shared by the writer and the reader (see policy.h). */
#include <config.h>

#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "policy.h"

const char *zviz_section_name(uint32_t type)
{
	switch (type) {
	case ZVIZ_SECTION_METADATA: return "metadata";
	case ZVIZ_SECTION_SECCOMP: return "seccomp";
	case ZVIZ_SECTION_LANDLOCK: return "landlock";
	case ZVIZ_SECTION_CGROUP: return "cgroup";
	case ZVIZ_SECTION_RLIMITS: return "rlimits";
	case ZVIZ_SECTION_CAPABILITIES: return "capabilities";
	case ZVIZ_SECTION_NETWORK: return "network";
	case ZVIZ_SECTION_WALL_CLOCK: return "wall-clock";
	case ZVIZ_SECTION_MODEL: return "model";
	}
	return "unknown";
}

uint32_t zviz_action_kind(uint32_t action)
{
	uint32_t data = action & SECCOMP_RET_DATA;

	switch (action & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS:
		return data == 0 ? ZVIZ_ACTION_KILL_PROCESS : 0;
	case SECCOMP_RET_KILL_THREAD:
		return data == 0 ? ZVIZ_ACTION_KILL_THREAD : 0;
	case SECCOMP_RET_TRAP:
		return data == 0 ? ZVIZ_ACTION_TRAP : 0;
	case SECCOMP_RET_ERRNO:
		return data >= 1 && data <= 4095 ? ZVIZ_ACTION_ERRNO : 0;
	case SECCOMP_RET_LOG:
		return data == 0 ? ZVIZ_ACTION_LOG : 0;
	case SECCOMP_RET_ALLOW:
		return data == 0 ? ZVIZ_ACTION_ALLOW : 0;
	}
	return 0;
}

uint32_t zviz_landlock_abi_needed(uint64_t fs, uint64_t net, uint64_t scoped)
{
	if (scoped != 0)
		return 6;
	if (fs >> 15)           /* IOCTL_DEV */
		return 5;
	if (net != 0)
		return 4;
	if (fs >> 14)           /* TRUNCATE */
		return 3;
	if (fs >> 13)           /* REFER */
		return 2;
	return 1;
}

/* Text fields: printable ASCII or UTF-8 bytes, tab and newline, nothing
 * that could drive a terminal. */
static bool text_is_clean(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f)
			return false;
	return true;
}

static bool name_is_clean(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '+'))
			return false;
	}
	return true;
}

static int validate_metadata(const struct zviz_metadata *m, struct zviz_error *err)
{
	if (m->profile_name == NULL || !name_is_clean(m->profile_name, 128))
		return zviz_error_set(err, "profile name missing or not made of [A-Za-z0-9._+-] (1..128)");
	if (m->compiler_version == NULL || !name_is_clean(m->compiler_version, 64))
		return zviz_error_set(err, "compiler version missing or malformed");
	return 0;
}

static bool ascending_u32(const uint32_t *v, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++)
		if (v[i - 1] >= v[i])
			return false;
	return true;
}

static int validate_seccomp(const struct zviz_seccomp *s, struct zviz_error *err)
{
	const uint32_t known_flags = SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_LOG |
				     SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	uint32_t returned = 0;
	struct zviz_error why;
	size_t bad_pc;

	if (s->abi_count == 0)
		return zviz_error_set(err, "no ABI listed");
	if (!ascending_u32(s->abis, s->abi_count))
		return zviz_error_set(err, "ABIs not in ascending order or repeated");
	if (s->actions_needed & ~ZVIZ_ACTION_KIND_ALL)
		return zviz_error_set(err, "unknown action kinds 0x%x", s->actions_needed & ~ZVIZ_ACTION_KIND_ALL);
	if (s->filter_flags & ~known_flags)
		return zviz_error_set(err, "unknown filter flags 0x%x", s->filter_flags & ~known_flags);
	if (zviz_bpf_check(s->insns, s->insn_count, &bad_pc, &why) != ZVIZ_BPF_OK)
		return zviz_error_set(err, "program refused: %s", why.msg);
	/* Every verdict must be a constant the loader can check for, so
	 * that what the kernel will be asked to do is known up front. */
	for (uint32_t pc = 0; pc < s->insn_count; pc++) {
		const struct sock_filter *insn = &s->insns[pc];
		uint32_t kind;

		if (BPF_CLASS(insn->code) != BPF_RET)
			continue;
		if (BPF_RVAL(insn->code) != BPF_K)
			return zviz_error_set(err, "instruction %u returns a computed value", pc);
		kind = zviz_action_kind(insn->k);
		if (kind == 0)
			return zviz_error_set(err, "instruction %u returns unsupported action 0x%08x", pc, insn->k);
		returned |= kind;
	}
	if (returned != s->actions_needed)
		return zviz_error_set(err, "action kinds 0x%x listed but the program returns 0x%x",
				      s->actions_needed, returned);
	return 0;
}

static int validate_landlock(const struct zviz_landlock *l, struct zviz_error *err)
{
	if (l->min_abi == 0) {
		if (l->best_effort || l->handled_fs || l->handled_net || l->scoped ||
		    l->path_count || l->port_count)
			return zviz_error_set(err, "rules present while Landlock is off (ABI 0)");
		return 0;
	}
	if (l->min_abi > ZVIZ_LANDLOCK_MAX_ABI)
		return zviz_error_set(err, "ABI %u is newer than this reader knows (%d)",
				      l->min_abi, ZVIZ_LANDLOCK_MAX_ABI);
	if (l->handled_fs & ~ZVIZ_LANDLOCK_FS_ALL)
		return zviz_error_set(err, "unknown filesystem rights 0x%llx",
				      (unsigned long long)(l->handled_fs & ~ZVIZ_LANDLOCK_FS_ALL));
	if (l->handled_net & ~ZVIZ_LANDLOCK_NET_ALL)
		return zviz_error_set(err, "unknown network rights 0x%llx",
				      (unsigned long long)(l->handled_net & ~ZVIZ_LANDLOCK_NET_ALL));
	if (l->scoped & ~ZVIZ_LANDLOCK_SCOPE_ALL)
		return zviz_error_set(err, "unknown scopes 0x%llx",
				      (unsigned long long)(l->scoped & ~ZVIZ_LANDLOCK_SCOPE_ALL));
	if (l->handled_fs == 0 && l->handled_net == 0 && l->scoped == 0)
		return zviz_error_set(err, "Landlock on (ABI %u) but nothing handled", l->min_abi);
	if (l->min_abi < zviz_landlock_abi_needed(l->handled_fs, l->handled_net, l->scoped))
		return zviz_error_set(err, "minimum ABI %u below the ABI %u its rights need", l->min_abi,
				      zviz_landlock_abi_needed(l->handled_fs, l->handled_net, l->scoped));
	for (uint32_t i = 0; i < l->path_count; i++) {
		const struct zviz_landlock_path *r = &l->paths[i];

		if (r->path == NULL || r->path[0] != '/')
			return zviz_error_set(err, "rule %u path is not absolute", i + 1);
		if (strlen(r->path) >= ZVIZ_PATH_MAX)
			return zviz_error_set(err, "rule %u path longer than %d bytes", i + 1, ZVIZ_PATH_MAX - 1);
		if (r->access == 0 || (r->access & ~l->handled_fs))
			return zviz_error_set(err, "rule %u rights 0x%llx empty or not handled", i + 1,
					      (unsigned long long)r->access);
		if (i > 0 && strcmp(l->paths[i - 1].path, r->path) >= 0)
			return zviz_error_set(err, "rule %u path out of order or repeated", i + 1);
	}
	for (uint32_t i = 0; i < l->port_count; i++) {
		const struct zviz_landlock_port *r = &l->ports[i];

		if (r->port > 65535)
			return zviz_error_set(err, "port rule %u port %llu out of range", i + 1,
					      (unsigned long long)r->port);
		if (r->access == 0 || (r->access & ~l->handled_net))
			return zviz_error_set(err, "port rule %u rights 0x%llx empty or not handled", i + 1,
					      (unsigned long long)r->access);
		if (i > 0 && l->ports[i - 1].port >= r->port)
			return zviz_error_set(err, "port rule %u out of order or repeated", i + 1);
	}
	return 0;
}

static int validate_cgroup(const struct zviz_cgroup_limits *c, struct zviz_error *err)
{
	if (c->set & ~ZVIZ_CGROUP_ALL)
		return zviz_error_set(err, "unknown limit bits 0x%x", c->set & ~ZVIZ_CGROUP_ALL);
	if ((c->set & ZVIZ_CGROUP_MEMORY) ? c->memory_max < 4096 : c->memory_max != 0)
		return zviz_error_set(err, "memory limit %llu invalid (at least 4096 bytes when set, else 0)",
				      (unsigned long long)c->memory_max);
	if (!(c->set & ZVIZ_CGROUP_SWAP) && c->swap_max != 0)
		return zviz_error_set(err, "swap limit given but not set");
	if ((c->set & ZVIZ_CGROUP_PIDS) ? c->pids_max == 0 : c->pids_max != 0)
		return zviz_error_set(err, "pids limit %llu invalid", (unsigned long long)c->pids_max);
	if (c->set & ZVIZ_CGROUP_CPU_QUOTA) {
		if (c->cpu_period_us < 1000 || c->cpu_period_us > 1000000)
			return zviz_error_set(err, "cpu period %llu us outside 1000..1000000",
					      (unsigned long long)c->cpu_period_us);
		if (c->cpu_quota_us < 1000)
			return zviz_error_set(err, "cpu quota %llu us below 1000",
					      (unsigned long long)c->cpu_quota_us);
	} else if (c->cpu_period_us || c->cpu_quota_us) {
		return zviz_error_set(err, "cpu quota given but not set");
	}
	if ((c->set & ZVIZ_CGROUP_CPU_WEIGHT) ? (c->cpu_weight < 1 || c->cpu_weight > 10000)
					      : c->cpu_weight != 0)
		return zviz_error_set(err, "cpu weight %llu invalid (1..10000)",
				      (unsigned long long)c->cpu_weight);
	return 0;
}

static int validate_rlimits(const struct zviz_rlimits *r, struct zviz_error *err)
{
	for (uint32_t i = 0; i < r->count; i++) {
		const struct zviz_rlimit *it = &r->items[i];

		if (it->resource >= ZVIZ_RLIMIT_COUNT)
			return zviz_error_set(err, "entry %u: unknown resource %u", i + 1, it->resource);
		if (i > 0 && r->items[i - 1].resource >= it->resource)
			return zviz_error_set(err, "entry %u: out of order or repeated", i + 1);
		if (it->soft > it->hard)
			return zviz_error_set(err, "entry %u: soft limit above hard limit", i + 1);
	}
	return 0;
}

static int validate_caps(const struct zviz_capabilities *c, struct zviz_error *err)
{
	const uint64_t known = (2ull << ZVIZ_CAP_LAST) - 1;
	const uint64_t sets[] = { c->bounding, c->effective, c->permitted, c->inheritable, c->ambient };

	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		if (sets[i] & ~known)
			return zviz_error_set(err, "unknown capability bits 0x%llx",
					      (unsigned long long)(sets[i] & ~known));
	if ((c->effective | c->permitted | c->inheritable | c->ambient) & ~c->bounding)
		return zviz_error_set(err, "a kept capability is outside the bounding set");
	if (c->effective & ~c->permitted)
		return zviz_error_set(err, "effective set not within permitted");
	if (c->ambient & ~(c->permitted & c->inheritable))
		return zviz_error_set(err, "ambient set not within permitted and inheritable");
	return 0;
}

static int validate_cmp(const struct zviz_cmp *c, struct zviz_error *err)
{
	if (c->arg > 5)
		return zviz_error_set(err, "argument %u does not exist", c->arg);
	if (c->op < ZVIZ_CMP_EQ || c->op > ZVIZ_CMP_MASKED_EQ)
		return zviz_error_set(err, "unknown comparison %u", c->op);
	if (c->width != 32 && c->width != 64)
		return zviz_error_set(err, "width %u is neither 32 nor 64", c->width);
	if (c->op != ZVIZ_CMP_MASKED_EQ && c->mask != 0)
		return zviz_error_set(err, "mask on a comparison that takes none");
	if (c->width == 32 && ((c->mask | c->value) >> 32) != 0)
		return zviz_error_set(err, "32-bit comparison with a 64-bit constant");
	return 0;
}

static int validate_chain(const struct zviz_syscall_chain *sc, struct zviz_error *err)
{
	if (sc->name == NULL || !name_is_clean(sc->name, 64))
		return zviz_error_set(err, "name missing or malformed");
	if (zviz_action_kind(sc->fallback) == 0)
		return zviz_error_set(err, "fallback 0x%08x is not an action", sc->fallback);
	for (uint32_t r = 0; r < sc->rule_count; r++) {
		const struct zviz_rule *rule = &sc->rules[r];

		if (zviz_action_kind(rule->action) == 0)
			return zviz_error_set(err, "rule %u: 0x%08x is not an action", r + 1, rule->action);
		if (rule->term_count == 0)
			return zviz_error_set(err, "rule %u has no condition", r + 1);
		for (uint32_t t = 0; t < rule->term_count; t++) {
			if (rule->terms[t].cmp_count == 0)
				return zviz_error_set(err, "rule %u term %u is empty", r + 1, t + 1);
			for (uint32_t c = 0; c < rule->terms[t].cmp_count; c++)
				if (validate_cmp(&rule->terms[t].cmps[c], err) < 0)
					return zviz_error_prefix(err, "rule %u term %u comparison %u",
								 r + 1, t + 1, c + 1);
		}
	}
	return 0;
}

static int validate_model(const struct zviz_model *m, const struct zviz_seccomp *s,
			  struct zviz_error *err)
{
	if (m->description == NULL || !text_is_clean(m->description))
		return zviz_error_set(err, "description missing or holds control characters");
	if (m->unsafe_reason == NULL || !text_is_clean(m->unsafe_reason))
		return zviz_error_set(err, "unsafe reason missing or holds control characters");
	if (zviz_action_kind(m->bad_arch_action) == 0)
		return zviz_error_set(err, "bad-arch action 0x%08x is not an action", m->bad_arch_action);
	if (m->abi_count != s->abi_count)
		return zviz_error_set(err, "%u ABIs but the seccomp section covers %u",
				      m->abi_count, s->abi_count);
	for (uint32_t a = 0; a < m->abi_count; a++) {
		const struct zviz_abi_model *abi = &m->abis[a];

		if (abi->arch != s->abis[a])
			return zviz_error_set(err, "ABI %u is 0x%08x, the seccomp section says 0x%08x",
					      a + 1, abi->arch, s->abis[a]);
		if (zviz_action_kind(abi->default_action) == 0)
			return zviz_error_set(err, "ABI %u default 0x%08x is not an action",
					      a + 1, abi->default_action);
		for (uint32_t i = 0; i < abi->syscall_count; i++) {
			if (i > 0 && abi->syscalls[i - 1].nr >= abi->syscalls[i].nr)
				return zviz_error_set(err, "ABI %u syscall %u out of order or repeated",
						      a + 1, i + 1);
			if (validate_chain(&abi->syscalls[i], err) < 0)
				return zviz_error_prefix(err, "ABI %u syscall %u", a + 1, i + 1);
		}
	}
	return 0;
}

int zviz_policy_validate_section(const struct zviz_policy *p, uint32_t type,
				 struct zviz_error *err)
{
	switch (type) {
	case ZVIZ_SECTION_METADATA: return validate_metadata(&p->metadata, err);
	case ZVIZ_SECTION_SECCOMP: return validate_seccomp(&p->seccomp, err);
	case ZVIZ_SECTION_LANDLOCK: return validate_landlock(&p->landlock, err);
	case ZVIZ_SECTION_CGROUP: return validate_cgroup(&p->cgroup, err);
	case ZVIZ_SECTION_RLIMITS: return validate_rlimits(&p->rlimits, err);
	case ZVIZ_SECTION_CAPABILITIES: return validate_caps(&p->caps, err);
	case ZVIZ_SECTION_NETWORK:
		if (p->network_mode > ZVIZ_NETWORK_GIVEN)
			return zviz_error_set(err, "unknown mode %u", p->network_mode);
		return 0;
	case ZVIZ_SECTION_WALL_CLOCK:
		return 0;       /* any duration; 0 means none */
	case ZVIZ_SECTION_MODEL: return validate_model(&p->model, &p->seccomp, err);
	}
	return zviz_error_set(err, "unknown section type %u", type);
}

int zviz_policy_validate(const struct zviz_policy *p, struct zviz_error *err)
{
	for (uint32_t type = 1; type <= ZVIZ_SECTION_LAST; type++)
		if (zviz_policy_validate_section(p, type, err) < 0)
			return zviz_error_prefix(err, "%s", zviz_section_name(type));
	return 0;
}

static void free_model(struct zviz_model *m)
{
	for (uint32_t a = 0; a < m->abi_count && m->abis; a++) {
		struct zviz_abi_model *abi = &m->abis[a];

		for (uint32_t i = 0; i < abi->syscall_count && abi->syscalls; i++) {
			struct zviz_syscall_chain *sc = &abi->syscalls[i];

			for (uint32_t r = 0; r < sc->rule_count && sc->rules; r++) {
				for (uint32_t t = 0; t < sc->rules[r].term_count && sc->rules[r].terms; t++)
					free(sc->rules[r].terms[t].cmps);
				free(sc->rules[r].terms);
			}
			free(sc->rules);
			free(sc->name);
		}
		free(abi->syscalls);
	}
	free(m->abis);
	free(m->description);
	free(m->unsafe_reason);
}

void zviz_policy_free(struct zviz_policy *p)
{
	free(p->metadata.profile_name);
	free(p->metadata.compiler_version);
	free(p->seccomp.abis);
	free(p->seccomp.insns);
	for (uint32_t i = 0; i < p->landlock.path_count && p->landlock.paths; i++)
		free(p->landlock.paths[i].path);
	free(p->landlock.paths);
	free(p->landlock.ports);
	free(p->rlimits.items);
	free_model(&p->model);
	memset(p, 0, sizeof(*p));
}
