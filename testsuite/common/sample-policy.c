/* A policy that fills every section of policy.bin (see sample-policy.h). */
#include <config.h>

#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "landlock-abi.h"
#include "sample-policy.h"

#define ARCH_X86 0x40000003u     /* libseccomp's SCMP_ARCH_X86 */

static void *dup_bytes(const void *src, size_t len)
{
	void *p = malloc(len);

	if (p != NULL)
		memcpy(p, src, len);
	return p;
}

/* x86_64 or i386: getpid allowed, write and ioctl errno, the rest killed. */
static const struct sock_filter sample_program[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 2, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpid, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_write, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
};

static int build_model(struct zviz_model *m)
{
	struct zviz_syscall_chain *sc;
	struct zviz_rule *rule;

	m->description = strdup("sample: every section filled in");
	m->unsafe_reason = strdup("");
	m->bad_arch_action = SECCOMP_RET_KILL_PROCESS;
	m->abis = calloc(2, sizeof(*m->abis));
	if (!m->description || !m->unsafe_reason || !m->abis)
		return -1;
	m->abi_count = 2;
	/* Ascending by token: i386 (0x40000003) before x86_64 (0xc000003e). */
	m->abis[0].arch = ARCH_X86;
	m->abis[0].default_action = SECCOMP_RET_ERRNO | 38;
	m->abis[1].arch = AUDIT_ARCH_X86_64;
	m->abis[1].default_action = SECCOMP_RET_KILL_PROCESS;

	sc = m->abis[1].syscalls = calloc(2, sizeof(*sc));
	if (sc == NULL)
		return -1;
	m->abis[1].syscall_count = 2;
	sc[0].nr = SYS_write;
	sc[0].name = strdup("write");
	sc[0].fallback = SECCOMP_RET_ERRNO | 1;
	sc[1].nr = SYS_ioctl;
	sc[1].name = strdup("ioctl");
	sc[1].fallback = SECCOMP_RET_ALLOW;
	rule = sc[1].rules = calloc(1, sizeof(*rule));
	if (!sc[0].name || !sc[1].name || !rule)
		return -1;
	sc[1].rule_count = 1;
	rule->action = SECCOMP_RET_ERRNO | 1;
	rule->terms = calloc(2, sizeof(*rule->terms));
	if (rule->terms == NULL)
		return -1;
	rule->term_count = 2;
	rule->terms[0].cmps = calloc(1, sizeof(struct zviz_cmp));
	rule->terms[1].cmps = calloc(2, sizeof(struct zviz_cmp));
	if (!rule->terms[0].cmps || !rule->terms[1].cmps)
		return -1;
	rule->terms[0].cmp_count = 1;
	rule->terms[0].cmps[0] = (struct zviz_cmp){ .arg = 1, .op = ZVIZ_CMP_EQ, .width = 32,
						    .value = 0x5412 /* TIOCSTI */ };
	rule->terms[1].cmp_count = 2;
	rule->terms[1].cmps[0] = (struct zviz_cmp){ .arg = 0, .op = ZVIZ_CMP_GE, .width = 32, .value = 3 };
	rule->terms[1].cmps[1] = (struct zviz_cmp){ .arg = 2, .op = ZVIZ_CMP_MASKED_EQ, .width = 64,
						    .mask = 0xff00000000ull, .value = 0x1200000000ull };
	return 0;
}

int sample_policy_build(struct zviz_policy *p)
{
	static const uint32_t abis[] = { ARCH_X86, AUDIT_ARCH_X86_64 };
	static const struct zviz_rlimit rlimits[] = {
		{ RLIMIT_CORE, 0, 0 },            /* 4 */
		{ RLIMIT_NPROC, 64, UINT64_MAX }, /* 6 */
		{ RLIMIT_NOFILE, 256, 256 },      /* 7 */
	};
	const uint64_t cap_net_bind = 1ull << CAP_NET_BIND_SERVICE;

	memset(p, 0, sizeof(*p));
	p->metadata.profile_name = strdup("sample");
	p->metadata.compiler_version = strdup("0.1.0");

	p->seccomp.abis = dup_bytes(abis, sizeof(abis));
	p->seccomp.abi_count = 2;
	p->seccomp.insns = dup_bytes(sample_program, sizeof(sample_program));
	p->seccomp.insn_count = sizeof(sample_program) / sizeof(sample_program[0]);
	p->seccomp.actions_needed = ZVIZ_ACTION_KILL_PROCESS | ZVIZ_ACTION_ALLOW | ZVIZ_ACTION_ERRNO;
	p->seccomp.filter_flags = SECCOMP_FILTER_FLAG_SPEC_ALLOW;

	p->landlock.min_abi = 6;
	p->landlock.best_effort = true;
	p->landlock.handled_fs = (1ull << 16) - 1;
	p->landlock.handled_net = ZVIZ_LL_NET_BIND_TCP | ZVIZ_LL_NET_CONNECT_TCP;
	p->landlock.scoped = 0x3;
	p->landlock.paths = calloc(3, sizeof(*p->landlock.paths));
	p->landlock.ports = calloc(2, sizeof(*p->landlock.ports));
	if (p->landlock.paths && p->landlock.ports) {
		p->landlock.path_count = 3;
		p->landlock.paths[0] = (struct zviz_landlock_path){
			ZVIZ_LL_FS_READ_FILE | ZVIZ_LL_FS_READ_DIR, strdup("/etc") };
		p->landlock.paths[1] = (struct zviz_landlock_path){
			ZVIZ_LL_FS_WRITE_FILE | ZVIZ_LL_FS_MAKE_REG, strdup("/tmp") };
		p->landlock.paths[2] = (struct zviz_landlock_path){
			ZVIZ_LL_FS_EXECUTE | ZVIZ_LL_FS_READ_FILE, strdup("/usr") };
		p->landlock.port_count = 2;
		p->landlock.ports[0] = (struct zviz_landlock_port){ ZVIZ_LL_NET_CONNECT_TCP, 443 };
		p->landlock.ports[1] = (struct zviz_landlock_port){ ZVIZ_LL_NET_BIND_TCP, 8080 };
	}

	p->cgroup = (struct zviz_cgroup_limits){
		.set = ZVIZ_CGROUP_ALL,
		.memory_max = 512ull << 20, .swap_max = 0, .pids_max = 64,
		.cpu_quota_us = 25000, .cpu_period_us = 100000, .cpu_weight = 50,
	};

	p->rlimits.items = dup_bytes(rlimits, sizeof(rlimits));
	p->rlimits.count = sizeof(rlimits) / sizeof(rlimits[0]);

	p->caps = (struct zviz_capabilities){ cap_net_bind, cap_net_bind, cap_net_bind,
					      cap_net_bind, cap_net_bind };
	p->network_mode = ZVIZ_NETWORK_HOST;
	p->wall_clock_ms = 300000;

	if (build_model(&p->model) < 0 || !p->metadata.profile_name || !p->metadata.compiler_version ||
	    !p->seccomp.abis || !p->seccomp.insns || !p->landlock.paths || !p->landlock.ports ||
	    !p->landlock.paths[0].path || !p->landlock.paths[1].path || !p->landlock.paths[2].path ||
	    !p->rlimits.items) {
		zviz_policy_free(p);
		return -1;
	}
	return 0;
}

uint8_t *sample_policy_blob(size_t *len)
{
	struct zviz_policy p;
	struct zviz_error err;
	uint8_t *blob;

	if (sample_policy_build(&p) < 0) {
		fprintf(stderr, "sample policy: out of memory\n");
		abort();
	}
	if (zviz_policy_encode(&p, &blob, len, &err) < 0) {
		fprintf(stderr, "sample policy: %s\n", err.msg);
		abort();
	}
	zviz_policy_free(&p);
	return blob;
}
