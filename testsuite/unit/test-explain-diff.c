/* zvizc explain and diff: the words, the decision table and the
 * disassembly of the sample policy; a disassembler that knows every opcode
 * class; a diff that compares behaviour (equivalent chains are no change,
 * conditional changes are found by evaluation) and says "newly allows". */
#include <config.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "diff.h"
#include "verify.h"
#include "disasm.h"
#include "explain.h"
#include "landlock-abi.h"
#include "policy.h"
#include "sample-policy.h"

#define ARCH_AARCH64 0xc00000b7u	/* AUDIT_ARCH_AARCH64 */
#define NR_SOCKET 41			/* x86_64 */
#define NR_PTRACE 101			/* x86_64 */
#define ERRNO(e) (SECCOMP_RET_ERRNO | (e))
#define EAFNOSUPPORT_NR 97
#define JUNK 0xffffffff00000000ull	/* a high word the kernel ignores for 32-bit arguments */
#define ARCH_X86_FOR_TEST 0x40000003u	/* libseccomp's SCMP_ARCH_X86 */

/* ---- a small JSON validator ------------------------------------------------------- */

struct json {
	const char *p;
	int depth;
};

static bool json_value(struct json *j);

static void json_ws(struct json *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
		j->p++;
}

static bool json_lit(struct json *j, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(j->p, lit, n) != 0)
		return false;
	j->p += n;
	return true;
}

static bool json_str(struct json *j)
{
	if (*j->p != '"')
		return false;
	j->p++;
	for (;;) {
		unsigned char c = (unsigned char)*j->p;

		if (c == '\0' || c < 0x20)
			return false;
		j->p++;
		if (c == '"')
			return true;
		if (c != '\\')
			continue;
		c = (unsigned char)*j->p++;
		if (c == 'u') {
			for (int i = 0; i < 4; i++, j->p++) {
				char h = *j->p;

				if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') ||
				      (h >= 'A' && h <= 'F')))
					return false;
			}
		} else if (strchr("\"\\/bfnrt", c) == NULL || c == '\0') {
			return false;
		}
	}
}

static bool json_digits(struct json *j)
{
	const char *start = j->p;

	while (*j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > start;
}

static bool json_num(struct json *j)
{
	if (*j->p == '-')
		j->p++;
	if (*j->p == '0')
		j->p++;
	else if (!json_digits(j))
		return false;
	if (*j->p == '.') {
		j->p++;
		if (!json_digits(j))
			return false;
	}
	if (*j->p == 'e' || *j->p == 'E') {
		j->p++;
		if (*j->p == '+' || *j->p == '-')
			j->p++;
		if (!json_digits(j))
			return false;
	}
	return true;
}

static bool json_container(struct json *j, char close, bool object)
{
	j->p++;
	if (++j->depth > 64)
		return false;
	json_ws(j);
	if (*j->p == close) {
		j->p++;
		j->depth--;
		return true;
	}
	for (;;) {
		json_ws(j);
		if (object) {
			if (!json_str(j))
				return false;
			json_ws(j);
			if (*j->p++ != ':')
				return false;
		}
		if (!json_value(j))
			return false;
		json_ws(j);
		if (*j->p == ',') {
			j->p++;
			continue;
		}
		if (*j->p != close)
			return false;
		j->p++;
		j->depth--;
		return true;
	}
}

static bool json_value(struct json *j)
{
	json_ws(j);
	switch (*j->p) {
	case '{': return json_container(j, '}', true);
	case '[': return json_container(j, ']', false);
	case '"': return json_str(j);
	case 't': return json_lit(j, "true");
	case 'f': return json_lit(j, "false");
	case 'n': return json_lit(j, "null");
	}
	return json_num(j);
}

static bool json_valid(const char *s)
{
	struct json j = { s, 0 };

	if (!json_value(&j))
		return false;
	json_ws(&j);
	return *j.p == '\0';
}

/* ---- helpers ------------------------------------------------------------------------ */

static void build_sample(struct zviz_policy *p)
{
	assert_int_equal(sample_policy_build(p), 0);
}

static char *explain_to_string(const struct zviz_policy *p, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(explain_policy(f, p, json), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static char *diff_to_string(const struct zviz_policy *a, const struct zviz_policy *b, bool json,
			    int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	*rc = diff_policies(f, a, b, json);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void expect_has(const char *text, const char *want)
{
	if (strstr(text, want) == NULL)
		fail_msg("output lacks \"%s\":\n%s", want, text);
}

static void expect_lacks(const char *text, const char *unwanted)
{
	if (strstr(text, unwanted) != NULL)
		fail_msg("output has \"%s\":\n%s", unwanted, text);
}

static struct zviz_abi_model *find_abi(struct zviz_policy *p, uint32_t arch)
{
	for (uint32_t i = 0; i < p->model.abi_count; i++) {
		if (p->model.abis[i].arch == arch)
			return &p->model.abis[i];
	}
	fail_msg("no ABI 0x%08x", arch);
	return NULL;
}

static struct zviz_syscall_chain *find_chain(struct zviz_abi_model *abi, uint32_t nr)
{
	for (uint32_t i = 0; i < abi->syscall_count; i++) {
		if (abi->syscalls[i].nr == nr)
			return &abi->syscalls[i];
	}
	fail_msg("no chain for %u", nr);
	return NULL;
}

/* A new empty chain, kept in ascending order. */
static struct zviz_syscall_chain *add_chain(struct zviz_abi_model *abi, uint32_t nr, const char *name,
					    uint32_t fallback)
{
	struct zviz_syscall_chain *v = realloc(abi->syscalls, (abi->syscall_count + 1) * sizeof(*v));
	uint32_t at = 0;

	assert_non_null(v);
	abi->syscalls = v;
	while (at < abi->syscall_count && v[at].nr < nr)
		at++;
	memmove(&v[at + 1], &v[at], (abi->syscall_count - at) * sizeof(*v));
	abi->syscall_count++;
	memset(&v[at], 0, sizeof(v[at]));
	v[at].nr = nr;
	v[at].name = strdup(name);
	v[at].fallback = fallback;
	assert_non_null(v[at].name);
	return &v[at];
}

static struct zviz_rule *add_rule(struct zviz_syscall_chain *c, uint32_t action)
{
	struct zviz_rule *v = realloc(c->rules, (c->rule_count + 1) * sizeof(*v));

	assert_non_null(v);
	c->rules = v;
	memset(&v[c->rule_count], 0, sizeof(v[0]));
	v[c->rule_count].action = action;
	return &v[c->rule_count++];
}

static void add_term(struct zviz_rule *r, const struct zviz_cmp *cmps, uint32_t count)
{
	struct zviz_term *v = realloc(r->terms, (r->term_count + 1) * sizeof(*v));

	assert_non_null(v);
	r->terms = v;
	v[r->term_count].cmps = malloc(count * sizeof(*cmps));
	assert_non_null(v[r->term_count].cmps);
	memcpy(v[r->term_count].cmps, cmps, count * sizeof(*cmps));
	v[r->term_count].cmp_count = count;
	r->term_count++;
}

static struct zviz_cmp eq32(uint8_t arg, uint64_t value)
{
	return (struct zviz_cmp){ .arg = arg, .op = ZVIZ_CMP_EQ, .width = 32, .value = value };
}

/* socket: allow if domain in (the DOMAINS); else errno(EAFNOSUPPORT). */
static void add_socket_chain(struct zviz_policy *p, const uint64_t *domains, size_t count)
{
	struct zviz_syscall_chain *c = add_chain(find_abi(p, AUDIT_ARCH_X86_64), NR_SOCKET, "socket",
						 ERRNO(EAFNOSUPPORT_NR));
	struct zviz_rule *r = add_rule(c, SECCOMP_RET_ALLOW);

	for (size_t i = 0; i < count; i++) {
		struct zviz_cmp cmp = eq32(0, domains[i]);

		add_term(r, &cmp, 1);
	}
}

/* Runs the diff both ways of output and checks the JSON is valid. */
static char *diff_checked(const struct zviz_policy *a, const struct zviz_policy *b, int want_rc)
{
	int rc;
	char *json = diff_to_string(a, b, true, &rc);
	char *text;

	assert_int_equal(rc, want_rc);
	if (!json_valid(json))
		fail_msg("diff JSON is not valid:\n%s", json);
	free(json);
	text = diff_to_string(a, b, false, &rc);
	assert_int_equal(rc, want_rc);
	return text;
}

/* ---- explain ---------------------------------------------------------------------- */

static void test_explain_sample_text(void **state)
{
	struct zviz_policy p;
	char *out;

	(void)state;
	build_sample(&p);
	out = explain_to_string(&p, false);
	expect_has(out, "Profile: sample\n");
	expect_has(out, "Compiled by: zvizc 0.1.0\n");
	expect_has(out, "Description: sample: every section filled in\n");
	expect_lacks(out, "UNSAFE");
	expect_has(out, "  ABIs: i386, x86_64\n");
	expect_has(out, "  Other ABIs: kill\n");
	expect_has(out, "  Filter flags: spec-allow\n");
	expect_has(out, "  Landlock ABI 6 at least, best-effort");
	expect_has(out, "  Denied unless granted below: every filesystem right; TCP bind, connect\n");
	expect_has(out, "  /etc: read files, list directories\n");
	expect_has(out, "  /tmp: write files, create files\n");
	expect_has(out, "  /usr: execute, read files\n");
	expect_has(out, "  TCP port 443: connect\n");
	expect_has(out, "  TCP port 8080: bind\n");
	expect_has(out, "  Scoped (no reaching outside the sandbox): abstract unix sockets, signals\n");
	expect_has(out, "  memory: 512 MiB\n");
	expect_has(out, "  swap: 0 bytes (no swap)\n");
	expect_has(out, "  pids: 64\n");
	expect_has(out, "  cpu: 25% of one CPU (25000 us every 100000 us)\n");
	expect_has(out, "  cpu weight: 50\n");
	expect_has(out, "  wall clock: 5m\n");
	expect_has(out, "  core: 0 bytes\n");
	expect_has(out, "  nproc: 64 (hard limit unlimited)\n");
	expect_has(out, "  nofile: 256\n");
	expect_has(out, "Capabilities kept\n  CAP_NET_BIND_SERVICE\n");
	expect_has(out, "Network\n  host network\n");
	expect_has(out, "System calls on i386\n  default (no rule): errno(ENOSYS)\n");
	expect_has(out, "System calls on x86_64\n  default (no rule): kill\n");
	expect_has(out, "  write (1): errno(EPERM)\n");
	expect_has(out, "  ioctl (16): errno(EPERM) if request == 21522 or "
			"(fd >= 3 and (arg & 0xff00000000) == 0x1200000000); else allow"
			"  [low 32 bits: fd, request]\n");
	expect_has(out, "BPF program (10 instructions)\n");
	expect_has(out, "         ld [arch]\n");
	expect_has(out, "         jeq #0xc000003e, L4, L2  ; x86_64\n");
	expect_has(out, "  L2:    jeq #0x40000003, L4, L3  ; i386\n");
	expect_has(out, "  L3:    ret KILL_PROCESS\n");
	expect_has(out, "  L4:    ld [nr]\n");
	expect_has(out, "         jeq #39, L6, L7\n");
	expect_has(out, "  L6:    ret ALLOW\n");
	expect_has(out, "  L8:    ret ERRNO(EPERM)\n");
	free(out);
	zviz_policy_free(&p);
}

static void test_explain_decoded_blob(void **state)
{
	struct zviz_policy p;
	struct zviz_error err = { "" };
	size_t len;
	uint8_t *blob = sample_policy_blob(&len);
	char *out;

	(void)state;
	if (zviz_policy_decode(blob, len, &p, &err) < 0)
		fail_msg("decode: %s", err.msg);
	free(blob);
	out = explain_to_string(&p, false);
	expect_has(out, "Profile: sample\n");
	expect_has(out, "  ioctl (16): errno(EPERM) if request == 21522");
	free(out);
	zviz_policy_free(&p);
}

static void test_explain_variants(void **state)
{
	struct zviz_policy p;
	char *out;

	(void)state;
	build_sample(&p);
	free(p.model.unsafe_reason);
	p.model.unsafe_reason = strdup("needs ptrace\nfor the debugger");
	assert_non_null(p.model.unsafe_reason);
	free(p.landlock.paths[0].path);
	free(p.landlock.paths[1].path);
	free(p.landlock.paths[2].path);
	free(p.landlock.paths);
	free(p.landlock.ports);
	memset(&p.landlock, 0, sizeof(p.landlock));
	p.cgroup = (struct zviz_cgroup_limits){ .set = ZVIZ_CGROUP_MEMORY | ZVIZ_CGROUP_CPU_QUOTA,
						.memory_max = 1536ull << 20, .cpu_quota_us = 12500,
						.cpu_period_us = 100000 };
	p.wall_clock_ms = 5400500;
	p.rlimits.items[1].hard = 64;		/* nproc */
	p.caps = (struct zviz_capabilities){ 0 };
	p.network_mode = ZVIZ_NETWORK_GIVEN;
	/* prctl names its second argument "arg2": printed by position. */
	{
		struct zviz_syscall_chain *c = add_chain(find_abi(&p, AUDIT_ARCH_X86_64), 157, "prctl",
							 SECCOMP_RET_KILL_PROCESS);
		struct zviz_cmp cmps[2] = {
			eq32(0, 4),
			{ .arg = 1, .op = ZVIZ_CMP_LT, .width = 64, .value = 0x100000 },
		};

		add_term(add_rule(c, SECCOMP_RET_ALLOW), cmps, 2);
		cmps[0] = (struct zviz_cmp){ .arg = 0, .op = ZVIZ_CMP_NE, .width = 64, .value = 5 };
		add_term(add_rule(c, SECCOMP_RET_LOG), cmps, 1);
	}
	out = explain_to_string(&p, false);
	expect_has(out, "UNSAFE: needs ptrace\n    for the debugger\n");
	expect_has(out, "  off: no file or TCP restrictions");
	expect_has(out, "  memory: 1536 MiB\n");
	expect_has(out, "  cpu: 12.5% of one CPU");
	expect_has(out, "  wall clock: 1h 30m 500ms\n");
	expect_has(out, "  nproc: 64\n");
	expect_has(out, "Capabilities kept\n  none\n");
	expect_has(out, "  joins the network namespace config.json names\n");
	/* option is compared at both widths: each 32-bit comparison marked. */
	expect_has(out, "  prctl (157): allow if option == 4 [low 32 bits] and arg1 < 0x100000; "
			"log if option != 5; else kill\n");
	free(out);

	out = explain_to_string(&p, true);
	if (!json_valid(out))
		fail_msg("explain JSON is not valid:\n%s", out);
	expect_has(out, "\"unsafe_reason\": \"needs ptrace\\nfor the debugger\"");
	expect_has(out, "\"landlock\": {\"enabled\": false}");
	free(out);
	zviz_policy_free(&p);
}

static void test_explain_sample_json(void **state)
{
	struct zviz_policy p;
	char *out;

	(void)state;
	build_sample(&p);
	out = explain_to_string(&p, true);
	if (!json_valid(out))
		fail_msg("explain JSON is not valid:\n%s", out);
	expect_has(out, "\"profile\": \"sample\"");
	expect_has(out, "\"unsafe_reason\": null");
	expect_has(out, "\"abis\": [\"i386\", \"x86_64\"]");
	expect_has(out, "{\"path\": \"/usr\", \"rights\": [\"execute\", \"read files\"]}");
	expect_has(out, "\"memory\": 536870912");
	expect_has(out, "{\"resource\": 6, \"name\": \"nproc\", \"soft\": 64, \"hard\": \"unlimited\"}");
	expect_has(out, "\"bounding\": [\"CAP_NET_BIND_SERVICE\"]");
	expect_has(out, "\"network\": \"host\"");
	expect_has(out, "{\"action\": \"errno(EPERM)\", \"condition\": \"request == 21522 or "
			"(fd >= 3 and (arg & 0xff00000000) == 0x1200000000)\"}");
	expect_has(out, "\"program\": [\"       ld [arch]\"");
	expect_has(out, "\"L3:    ret KILL_PROCESS\"");
	free(out);
	zviz_policy_free(&p);
}

static void test_json_escaping(void **state)
{
	struct zviz_policy p;
	char *out;

	(void)state;
	build_sample(&p);
	free(p.model.description);
	/* Quotes, backslash, tab, a valid UTF-8 "é" and a stray byte. */
	p.model.description = strdup("say \"hi\" \\ tab\there caf\xc3\xa9 bad\xff!");
	assert_non_null(p.model.description);
	out = explain_to_string(&p, true);
	if (!json_valid(out))
		fail_msg("explain JSON is not valid:\n%s", out);
	expect_has(out, "\"description\": \"say \\\"hi\\\" \\\\ tab\\there caf\xc3\xa9 bad\\ufffd!\"");
	free(out);
	zviz_policy_free(&p);
}

static void test_explain_write_error(void **state)
{
	struct zviz_policy p;
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (f == NULL)
		skip();
	build_sample(&p);
	assert_int_equal(explain_policy(f, &p, false), -1);
	fclose(f);
	f = fopen("/dev/full", "w");
	assert_non_null(f);
	assert_int_equal(diff_policies(f, &p, &p, true), -1);
	fclose(f);
	zviz_policy_free(&p);
}

static void test_spellings(void **state)
{
	char buf[EXPLAIN_NAME_MAX];

	(void)state;
	assert_string_equal(explain_action(SECCOMP_RET_ALLOW, buf), "allow");
	assert_string_equal(explain_action(SECCOMP_RET_KILL_PROCESS, buf), "kill");
	assert_string_equal(explain_action(SECCOMP_RET_KILL_THREAD, buf), "kill-thread");
	assert_string_equal(explain_action(SECCOMP_RET_TRAP, buf), "trap");
	assert_string_equal(explain_action(SECCOMP_RET_LOG, buf), "log");
	assert_string_equal(explain_action(ERRNO(1), buf), "errno(EPERM)");
	assert_string_equal(explain_action(ERRNO(4000), buf), "errno(4000)");
	assert_string_equal(explain_action(SECCOMP_RET_TRACE, buf), "0x7ff00000");
	assert_true(explain_action_allows(SECCOMP_RET_LOG));
	assert_false(explain_action_allows(ERRNO(1)));
	assert_string_equal(explain_size(4096, buf), "4 KiB");
	assert_string_equal(explain_size(3ull << 30, buf), "3 GiB");
	assert_string_equal(explain_size(1000, buf), "1000 bytes");
	assert_string_equal(explain_size(1, buf), "1 byte");
	assert_string_equal(explain_size((1ull << 30) + 1, buf), "1073741825 bytes (about 1 GiB)");
	assert_string_equal(explain_duration_ms(0, buf), "none");
	assert_string_equal(explain_duration_ms(90000, buf), "1m 30s");
	assert_string_equal(explain_duration_ms(7200000, buf), "2h");
	assert_string_equal(explain_cpu_share(200000, 100000, buf), "200%");
	assert_string_equal(explain_cpu_share(33333, 100000, buf), "33.33%");
	assert_string_equal(explain_rlimit_value(0, 10, buf), "10s");
	assert_string_equal(explain_rlimit_value(3, 8ull << 20, buf), "8 MiB");
	assert_string_equal(explain_rlimit_value(7, UINT64_MAX, buf), "unlimited");
	assert_string_equal(explain_rlimit_name(9), "address-space");
	assert_null(explain_rlimit_name(16));
	assert_string_equal(explain_cap_name(40), "CAP_CHECKPOINT_RESTORE");
	assert_null(explain_cap_name(41));
	assert_string_equal(explain_arg_name(AUDIT_ARCH_X86_64, "socket", 0, buf), "domain");
	assert_string_equal(explain_arg_name(AUDIT_ARCH_X86_64, "socket", 5, buf), "arg5");
	assert_string_equal(explain_arg_name(AUDIT_ARCH_X86_64, "prctl", 1, buf), "arg1");
	assert_string_equal(explain_arg_name(AUDIT_ARCH_X86_64, "no_such_call", 2, buf), "arg2");
	assert_string_equal(explain_abi_name(0x12345678u, buf), "arch 0x12345678");
	assert_string_equal(explain_number(65535, false, buf), "65535");
	assert_string_equal(explain_number(65536, false, buf), "0x10000");
	assert_string_equal(explain_number(3, true, buf), "0x3");
}

/* ---- disasm -------------------------------------------------------------------------- */

struct collected {
	char lines[64][DISASM_LINE_MAX];
	size_t count;
};

static int collect_line(void *ctx, const char *line)
{
	struct collected *c = ctx;

	assert_true(c->count < 64);
	assert_true(strlen(line) < DISASM_LINE_MAX);
	strcpy(c->lines[c->count++], line);
	return 0;
}

static void test_disasm_every_class(void **state)
{
	static const struct sock_filter prog[] = {
		/* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		/* 2 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_THREAD),
		/* 3 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		/* 4 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
		/* 5 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[5]) + 4),
		/* 6 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
				 offsetof(struct seccomp_data, instruction_pointer)),
		/* 7 */ BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
		/* 8 */ BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0),
		/* 9 */ BPF_STMT(BPF_LD | BPF_IMM, 0x12345),
		/* 10 */ BPF_STMT(BPF_LDX | BPF_IMM, 7),
		/* 11 */ BPF_STMT(BPF_ST, 3),
		/* 12 */ BPF_STMT(BPF_STX, 4),
		/* 13 */ BPF_STMT(BPF_LD | BPF_MEM, 3),
		/* 14 */ BPF_STMT(BPF_LDX | BPF_MEM, 4),
		/* 15 */ BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 1),
		/* 16 */ BPF_STMT(BPF_ALU | BPF_SUB | BPF_X, 0),
		/* 17 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff),
		/* 18 */ BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 4),
		/* 19 */ BPF_STMT(BPF_ALU | BPF_NEG, 0),
		/* 20 */ BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 3),
		/* 21 */ BPF_STMT(BPF_MISC | BPF_TAX, 0),
		/* 22 */ BPF_STMT(BPF_MISC | BPF_TXA, 0),
		/* 23 */ BPF_JUMP(BPF_JMP | BPF_JA, 1, 0, 0),
		/* 24 */ BPF_STMT(BPF_RET | BPF_A, 0),
		/* 25 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 1),
		/* 26 */ BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x40000003, 1, 0),
		/* 27 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 10, 0, 200),
		/* 28 */ { 0xffff, 1, 2, 0xdeadbeef },
		/* 29 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
		/* 30 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP | 5),
		/* 31 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_LOG),
		/* 32 */ BPF_STMT(BPF_RET | BPF_K, 0x12340000),
		/* 33 */ BPF_STMT(BPF_LD | BPF_B | BPF_IND, 2),
	};
	static const char *const want[] = {
		"       ld [arch]",
		"       jeq #0xc000003e, L3, L2  ; x86_64",
		"L2:    ret KILL_THREAD",
		"L3:    ld [nr]",
		"       ld [args[0].lo]",
		"       ld [args[5].hi]",
		"       ld [instruction_pointer.lo]",
		"       ld #len",
		"       ldx #len",
		"       ld #0x12345",
		"       ldx #7",
		"       st M[3]",
		"       stx M[4]",
		"       ld M[3]",
		"       ldx M[4]",
		"       add #1",
		"       sub x",
		"       and #0xff",
		"       lsh #4",
		"       neg",
		"       mod #3",
		"       tax",
		"       txa",
		"       ja L25",
		"       ret a",
		"L25:   jgt x, L26, L27",
		"L26:   jset #0x40000003, L28, L27",
		"L27:   jge #10, L28, L228  ; out of range",
		"L28:   .word 0xffff  ; jt 1, jf 2, k 0xdeadbeef",
		"       ret ERRNO(EPERM)",
		"       ret TRAP(5)",
		"       ret LOG",
		"       ret #0x12340000",
		"       ldb [x + 2]",
	};
	struct collected c = { .count = 0 };

	(void)state;
	assert_int_equal(sizeof(want) / sizeof(want[0]), sizeof(prog) / sizeof(prog[0]));
	assert_int_equal(disasm_program_lines(prog, sizeof(prog) / sizeof(prog[0]), collect_line, &c), 0);
	assert_int_equal(c.count, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < c.count; i++) {
		if (strcmp(c.lines[i], want[i]) != 0)
			fail_msg("line %zu: \"%s\", want \"%s\"", i, c.lines[i], want[i]);
	}
}

/* A jeq on an ABI token is an ABI only while A holds the arch field: on
 * x32, 0x4000003e is also a syscall number. */
static void test_disasm_arch_comment_tracks_a(void **state)
{
	static const struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 2),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x4000003e, 1, 0),
		/* reached with A = arch (from 1) and A = nr (from 3): unknown */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x4000003e, 0, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	disasm_program(f, prog, sizeof(prog) / sizeof(prog[0]));
	assert_int_equal(fclose(f), 0);
	expect_has(buf, "       jeq #0xc000003e, L2, L4  ; x86_64\n");
	expect_has(buf, "       jeq #0x4000003e, L5, L4\n");
	expect_has(buf, "L4:    jeq #0x4000003e, L5, L5\n");
	expect_lacks(buf, "x32");
	free(buf);
}

/* ---- diff ------------------------------------------------------------------------------ */

static void test_diff_identical(void **state)
{
	struct zviz_policy a, b;
	char *out;

	(void)state;
	build_sample(&a);
	build_sample(&b);
	out = diff_checked(&a, &b, 0);
	assert_string_equal(out, "policies are identical\n");
	free(out);
	zviz_policy_free(&a);
	zviz_policy_free(&b);
}

/* Different words, programs and names for the same behaviour. */
static void test_diff_equivalent_chains(void **state)
{
	struct zviz_policy a, b;
	struct zviz_syscall_chain *ioctl_chain;
	struct zviz_cmp cmp;
	char *out;

	(void)state;
	build_sample(&a);
	build_sample(&b);
	/* A redundant rule: allow when fd == 7 adds nothing to "else allow". */
	ioctl_chain = find_chain(find_abi(&b, AUDIT_ARCH_X86_64), 16);
	cmp = eq32(0, 7);
	add_term(add_rule(ioctl_chain, SECCOMP_RET_ALLOW), &cmp, 1);
	/* The errno rule's two terms swapped. */
	{
		struct zviz_term t = ioctl_chain->rules[0].terms[0];

		ioctl_chain->rules[0].terms[0] = ioctl_chain->rules[0].terms[1];
		ioctl_chain->rules[0].terms[1] = t;
	}
	/* A chain for ptrace that says what the default says. */
	add_chain(find_abi(&b, AUDIT_ARCH_X86_64), NR_PTRACE, "ptrace", SECCOMP_RET_KILL_PROCESS);
	/* A chain whose rules all give its fallback. */
	cmp = eq32(0, 1);
	add_term(add_rule(add_chain(find_abi(&b, ARCH_X86_FOR_TEST), 20, "getpid", ERRNO(38)),
			  ERRNO(38)), &cmp, 1);
	/* Metadata and program bytes are not the policy. */
	free(b.metadata.profile_name);
	b.metadata.profile_name = strdup("renamed");
	assert_non_null(b.metadata.profile_name);
	b.seccomp.insns[5].k = 20;

	out = diff_checked(&a, &b, 0);
	expect_has(out, "policies are identical\n");
	expect_has(out, "note: profile name: sample -> renamed\n");
	expect_has(out, "note: the BPF programs differ");
	expect_lacks(out, "newly allows");
	free(out);
	zviz_policy_free(&a);
	zviz_policy_free(&b);
}

static void test_diff_newly_allows(void **state)
{
	struct zviz_policy a, b;
	char *out;

	(void)state;
	build_sample(&a);
	build_sample(&b);
	find_chain(find_abi(&b, AUDIT_ARCH_X86_64), 1)->fallback = SECCOMP_RET_ALLOW;
	/* ptrace: listed nowhere in A (the default kills it), errno in B. */
	add_chain(find_abi(&b, AUDIT_ARCH_X86_64), NR_PTRACE, "ptrace", ERRNO(1));
	out = diff_checked(&a, &b, 1);
	expect_has(out, "policies differ: 2 changes\n");
	expect_has(out, "x86_64: write: errno(EPERM) -> allow (newly allows write)\n");
	expect_has(out, "x86_64: ptrace: kill -> errno(EPERM)\n");
	free(out);

	/* And the other way round: nothing is newly allowed. */
	out = diff_checked(&b, &a, 1);
	expect_has(out, "x86_64: write: allow -> errno(EPERM)\n");
	expect_lacks(out, "newly allows");
	free(out);
	zviz_policy_free(&a);
	zviz_policy_free(&b);
}

static void test_diff_conditional_case(void **state)
{
	static const uint64_t before[] = { 1, 2 }, after[] = { 1, 2, 16 };
	struct zviz_policy a, b;
	char *out;
	int rc;

	(void)state;
	build_sample(&a);
	build_sample(&b);
	add_socket_chain(&a, before, 2);
	add_socket_chain(&b, after, 3);
	out = diff_checked(&a, &b, 1);
	expect_has(out, "policies differ: 1 change\n");
	expect_has(out, "x86_64: socket: domain == 16: errno(EAFNOSUPPORT) -> allow "
			"(newly allows socket)\n");
	free(out);

	out = diff_to_string(&a, &b, true, &rc);
	assert_int_equal(rc, 1);
	expect_has(out, "\"identical\": false");
	expect_has(out, "{\"section\": \"seccomp\", \"abi\": \"x86_64\", \"syscall\": \"socket\", "
			"\"subject\": null, \"from\": \"errno(EAFNOSUPPORT)\", \"to\": \"allow\", "
			"\"newly_allows\": true, \"case\": \"domain == 16\"");
	free(out);
	zviz_policy_free(&a);
	zviz_policy_free(&b);
}

/* A 64-bit comparison sees the high word a 32-bit one ignores. */
static void test_diff_width(void **state)
{
	static const uint64_t one[] = { 1 };
	struct zviz_policy a, b;
	char *out;

	(void)state;
	build_sample(&a);
	build_sample(&b);
	add_socket_chain(&a, one, 1);
	add_socket_chain(&b, one, 1);
	find_chain(find_abi(&b, AUDIT_ARCH_X86_64), NR_SOCKET)->rules[0].terms[0].cmps[0].width = 64;
	out = diff_checked(&a, &b, 1);
	expect_has(out, "x86_64: socket: domain == 0xffffffff00000001: allow -> errno(EAFNOSUPPORT)\n");
	free(out);
	zviz_policy_free(&a);
	zviz_policy_free(&b);
}

/* Conditions on two arguments, masks and orderings, rewritten. */
static void test_diff_rewritten_masks(void **state)
{
	struct zviz_policy a, b;
	struct zviz_syscall_chain *c;
	struct zviz_cmp cmps[2];
	char *out;

	(void)state;
	build_sample(&a);
	build_sample(&b);
	/* A: errno if (flags & 0x3) == 0x1 and fd < 3; else allow. */
	c = add_chain(find_abi(&a, AUDIT_ARCH_X86_64), 72, "fcntl", SECCOMP_RET_ALLOW);
	cmps[0] = (struct zviz_cmp){ .arg = 1, .op = ZVIZ_CMP_MASKED_EQ, .width = 32, .mask = 3,
				     .value = 1 };
	cmps[1] = (struct zviz_cmp){ .arg = 0, .op = ZVIZ_CMP_LT, .width = 32, .value = 3 };
	add_term(add_rule(c, ERRNO(1)), cmps, 2);
	/* B: allow if fd >= 3; allow if (flags & 0x1) == 0; allow if (flags & 0x2) == 0x2;
	 * else errno: the same thing. */
	c = add_chain(find_abi(&b, AUDIT_ARCH_X86_64), 72, "fcntl", ERRNO(1));
	cmps[0] = (struct zviz_cmp){ .arg = 0, .op = ZVIZ_CMP_GE, .width = 32, .value = 3 };
	add_term(add_rule(c, SECCOMP_RET_ALLOW), cmps, 1);
	cmps[0] = (struct zviz_cmp){ .arg = 1, .op = ZVIZ_CMP_MASKED_EQ, .width = 32, .mask = 1,
				     .value = 0 };
	add_term(add_rule(c, SECCOMP_RET_ALLOW), cmps, 1);
	cmps[0] = (struct zviz_cmp){ .arg = 1, .op = ZVIZ_CMP_MASKED_EQ, .width = 32, .mask = 2,
				     .value = 2 };
	add_term(add_rule(c, SECCOMP_RET_ALLOW), cmps, 1);
	out = diff_checked(&a, &b, 0);
	assert_string_equal(out, "policies are identical\n");
	free(out);

	/* Now B lets fd 2 through as well. */
	c->rules[0].terms[0].cmps[0].value = 2;
	out = diff_checked(&a, &b, 1);
	expect_has(out, "x86_64: fcntl: fd == 2, cmd == 1: errno(EPERM) -> allow (newly allows fcntl)\n");
	free(out);
	zviz_policy_free(&a);
	zviz_policy_free(&b);
}

/* A difference only a value with two masks' bits set at once shows. */
static void test_diff_mask_combinations(void **state)
{
	struct zviz_policy a, b;
	struct zviz_syscall_chain *c;
	struct zviz_cmp cmp;
	char *out;

	(void)state;
	build_sample(&a);
	build_sample(&b);
	/* A: allow if (type & 0x10) == 0x10; errno if (type & 0x100) == 0x100; else allow. */
	c = add_chain(find_abi(&a, AUDIT_ARCH_X86_64), NR_SOCKET, "socket", SECCOMP_RET_ALLOW);
	cmp = (struct zviz_cmp){ .arg = 1, .op = ZVIZ_CMP_MASKED_EQ, .width = 32, .mask = 0x10,
				 .value = 0x10 };
	add_term(add_rule(c, SECCOMP_RET_ALLOW), &cmp, 1);
	cmp = (struct zviz_cmp){ .arg = 1, .op = ZVIZ_CMP_MASKED_EQ, .width = 32, .mask = 0x100,
				 .value = 0x100 };
	add_term(add_rule(c, ERRNO(1)), &cmp, 1);
	/* B: errno if (type & 0x100) == 0x100; else allow. */
	c = add_chain(find_abi(&b, AUDIT_ARCH_X86_64), NR_SOCKET, "socket", SECCOMP_RET_ALLOW);
	add_term(add_rule(c, ERRNO(1)), &cmp, 1);
	out = diff_checked(&b, &a, 1);
	expect_has(out, "policies differ: 1 change\n");
	expect_has(out, "x86_64: socket: type == 272: errno(EPERM) -> allow (newly allows socket)\n");
	free(out);

	/* Two masks in one term. */
	cmp = (struct zviz_cmp){ .arg = 1, .op = ZVIZ_CMP_MASKED_EQ, .width = 64, .mask = 0xf000,
				 .value = 0x3000 };
	add_term(add_rule(c, ERRNO(2)), &cmp, 1);
	{
		struct zviz_cmp two[2] = {
			{ .arg = 1, .op = ZVIZ_CMP_MASKED_EQ, .width = 64, .mask = 0xf000, .value = 0x3000 },
			{ .arg = 1, .op = ZVIZ_CMP_MASKED_EQ, .width = 64, .mask = 0xf0000, .value = 0x50000 },
		};

		c = find_chain(find_abi(&a, AUDIT_ARCH_X86_64), NR_SOCKET);
		c->rules[0].action = ERRNO(1);		/* A: errno for 0x10 too */
		add_term(add_rule(c, ERRNO(2)), two, 2);
	}
	out = diff_checked(&a, &b, 1);
	expect_has(out, "x86_64: socket: type == 16: errno(EPERM) -> allow (newly allows socket)\n");
	expect_has(out, "x86_64: socket: type == 12288: allow -> errno(ENOENT)\n");
	expect_has(out, "x86_64: socket: type == 12304: errno(EPERM) -> errno(ENOENT)\n");
	expect_lacks(out, "0x53000");	/* both say errno(ENOENT) there */
	free(out);
	zviz_policy_free(&a);
	zviz_policy_free(&b);
}

static void test_diff_case_cap(void **state)
{
	uint64_t before[1] = { 1 }, after[16];
	struct zviz_policy a, b;
	char *out;

	(void)state;
	for (unsigned i = 0; i < 16; i++)
		after[i] = 1 + 2 * i;	/* 1, 3, 5, ... */
	build_sample(&a);
	build_sample(&b);
	add_socket_chain(&a, before, 1);
	add_socket_chain(&b, after, 16);
	out = diff_checked(&a, &b, 1);
	expect_has(out, "policies differ: 15 changes\n");
	expect_has(out, "x86_64: socket: domain == 3: errno(EAFNOSUPPORT) -> allow");
	expect_has(out, "x86_64: socket: domain == 21: errno(EAFNOSUPPORT) -> allow");
	expect_lacks(out, "domain == 23:");
	expect_has(out, "x86_64: socket: and 5 more cases\n");
	free(out);
	zviz_policy_free(&a);
	zviz_policy_free(&b);
}

/* Past EVAL_LIMIT combinations the arguments are tried alone and in pairs. */
static void build_big_chain(struct zviz_policy *p, bool extra)
{
	struct zviz_syscall_chain *c = add_chain(find_abi(p, AUDIT_ARCH_X86_64), NR_SOCKET, "socket",
						 SECCOMP_RET_ALLOW);

	for (uint8_t arg = 0; arg < 2; arg++) {
		struct zviz_rule *r = add_rule(c, ERRNO(1));

		for (unsigned i = 0; i < 300; i++) {
			struct zviz_cmp cmp = eq32(arg, 1000u * (arg + 1) + i);

			add_term(r, &cmp, 1);
		}
		if (extra) {
			struct zviz_cmp cmp = eq32(arg, 5000u + arg);

			add_term(r, &cmp, 1);
		}
	}
}

static void test_diff_many_combinations(void **state)
{
	struct zviz_policy a, b;
	char *out;

	(void)state;
	build_sample(&a);
	build_sample(&b);
	build_big_chain(&a, false);
	build_big_chain(&b, true);
	out = diff_checked(&a, &b, 1);
	expect_has(out, "policies differ: 2 changes\n");
	expect_has(out, "x86_64: socket: domain == 5000: allow -> errno(EPERM)\n");
	expect_has(out, "x86_64: socket: type == 5001: allow -> errno(EPERM)\n");
	expect_has(out, "note: x86_64: socket: too many argument combinations");
	free(out);
	zviz_policy_free(&a);
	zviz_policy_free(&b);
}

/* Random small chains at both widths, a third of them rewritten without
 * changing behaviour: brute force over every behaviour says whether two
 * chains differ, and the diff must agree. */
static uint32_t next_random(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static void add_random_terms(struct zviz_rule *rule, uint32_t *rnd)
{
	unsigned terms = 1 + next_random(rnd) % 2;

	for (unsigned t = 0; t < terms; t++) {
		struct zviz_cmp cmps[2];
		unsigned n = 1 + next_random(rnd) % 2;

		for (unsigned i = 0; i < n; i++) {
			uint8_t op = (uint8_t)(ZVIZ_CMP_EQ + next_random(rnd) % 7);
			uint64_t mask = op == ZVIZ_CMP_MASKED_EQ ? 1 + next_random(rnd) % 15 : 0;
			uint64_t value = next_random(rnd) % 16;

			cmps[i] = (struct zviz_cmp){ .arg = (uint8_t)(next_random(rnd) % 2), .op = op,
						     .width = next_random(rnd) % 2 ? 64 : 32, .mask = mask,
						     .value = mask ? value & mask : value };
		}
		add_term(rule, cmps, n);
	}
}

/* A random chain; with REDUNDANT, one more rule at the end that gives the
 * fallback's action, which changes nothing. */
static void add_random_chain(struct zviz_policy *p, uint32_t *rnd, bool redundant)
{
	static const uint32_t actions[] = { SECCOMP_RET_ALLOW, ERRNO(1), SECCOMP_RET_KILL_PROCESS };
	struct zviz_syscall_chain *c = add_chain(find_abi(p, AUDIT_ARCH_X86_64), NR_SOCKET, "socket",
						 actions[next_random(rnd) % 3]);
	unsigned rules = 1 + next_random(rnd) % 3;

	for (unsigned r = 0; r < rules; r++)
		add_random_terms(add_rule(c, actions[next_random(rnd) % 3]), rnd);
	if (redundant)
		add_random_terms(add_rule(c, c->fallback), rnd);
}

/* Every behaviour: constants are below 16 and masks within 0xf, so the
 * low five bits and whether the high word is 0 decide every comparison. */
static bool differ_by_brute_force(const struct zviz_syscall_chain *ca,
				  const struct zviz_syscall_chain *cb)
{
	for (uint64_t x = 0; x < 64; x++) {
		for (uint64_t y = 0; y < 64; y++) {
			const uint64_t args[6] = { (x & 31) | (x & 32 ? JUNK : 0),
						   (y & 31) | (y & 32 ? JUNK : 0), 0, 0, 0, 0 };

			if (model_chain_decide(ca, 0, args) != model_chain_decide(cb, 0, args))
				return true;
		}
	}
	return false;
}

static void test_diff_random_against_brute_force(void **state)
{
	uint32_t rnd = 0x2545f491u;
	unsigned differing = 0;

	(void)state;
	for (unsigned iter = 0; iter < 1500; iter++) {
		struct zviz_policy a, b;
		const struct zviz_syscall_chain *ca, *cb;
		uint32_t saved = rnd;
		bool brute;
		char *out;
		int rc;

		build_sample(&a);
		build_sample(&b);
		add_random_chain(&a, &rnd, false);
		if (iter % 3 == 0)
			rnd = saved;	/* B: A's chain and a redundant rule */
		add_random_chain(&b, &rnd, iter % 3 == 0);
		ca = find_chain(find_abi(&a, AUDIT_ARCH_X86_64), NR_SOCKET);
		cb = find_chain(find_abi(&b, AUDIT_ARCH_X86_64), NR_SOCKET);
		brute = differ_by_brute_force(ca, cb);
		out = diff_to_string(&a, &b, false, &rc);
		if (rc != (brute ? 1 : 0)) {
			char *ea = explain_to_string(&a, false), *eb = explain_to_string(&b, false);

			print_error("A:\n%s\nB:\n%s\n", strstr(ea, "  socket"), strstr(eb, "  socket"));
			free(ea);
			free(eb);
			fail_msg("iteration %u: diff says %d, brute force %s:\n%s", iter, rc,
				 brute ? "differs" : "identical", out);
		}
		differing += brute;
		free(out);
		zviz_policy_free(&a);
		zviz_policy_free(&b);
	}
	/* Both outcomes were exercised. */
	if (differing < 300 || differing > 1200)
		fail_msg("%u of 1500 differ", differing);
}

/* Too many combinations to try them all, and no difference among those
 * tried: the diff cannot call the chains the same, so it fails closed. */
static void build_four_lists(struct zviz_policy *p, bool redundant)
{
	struct zviz_syscall_chain *c = add_chain(find_abi(p, AUDIT_ARCH_X86_64), NR_SOCKET, "socket",
						 SECCOMP_RET_ALLOW);

	for (uint8_t arg = 0; arg < 4; arg++) {
		struct zviz_rule *r = add_rule(c, ERRNO(1));

		for (unsigned i = 0; i < 60; i++) {
			struct zviz_cmp cmp = eq32(arg, 100u * arg + 2 * i);

			add_term(r, &cmp, 1);
		}
	}
	if (redundant) {
		struct zviz_cmp cmp = eq32(4, 1);

		add_term(add_rule(c, SECCOMP_RET_ALLOW), &cmp, 1);
	}
}

static void test_diff_unproven(void **state)
{
	struct zviz_policy a, b;
	char *out;

	(void)state;
	build_sample(&a);
	build_sample(&b);
	build_four_lists(&a, false);
	build_four_lists(&b, true);
	out = diff_checked(&a, &b, 1);
	expect_has(out, "policies differ: 1 change\n");
	expect_has(out, "x86_64: socket: rewritten, and not proven to behave the same: too many "
			"argument combinations to try (newly allows it, for all this diff can tell)\n");
	free(out);

	/* Written the same: no evaluation needed, nothing to report. */
	out = diff_checked(&a, &a, 0);
	assert_string_equal(out, "policies are identical\n");
	free(out);
	zviz_policy_free(&a);
	zviz_policy_free(&b);
}

static void test_diff_sections(void **state)
{
	struct zviz_policy a, b;
	struct zviz_landlock_path *paths;
	char *out;

	(void)state;
	build_sample(&a);
	build_sample(&b);
	paths = realloc(b.landlock.paths, 4 * sizeof(*paths));
	assert_non_null(paths);
	b.landlock.paths = paths;
	paths[3] = (struct zviz_landlock_path){ ZVIZ_LL_FS_READ_FILE, strdup("/var") };
	assert_non_null(paths[3].path);
	b.landlock.path_count = 4;
	b.landlock.paths[0].access = ZVIZ_LL_FS_READ_FILE;	/* /etc loses list directories */
	b.landlock.ports[0].access |= ZVIZ_LL_NET_BIND_TCP;	/* 443 gains bind */
	b.landlock.scoped = ZVIZ_LL_SCOPE_SIGNAL;
	b.cgroup.memory_max = 1ull << 30;
	b.cgroup.set &= ~ZVIZ_CGROUP_PIDS;
	b.cgroup.pids_max = 0;
	b.rlimits.items[2].soft = b.rlimits.items[2].hard = 1024;	/* nofile */
	b.wall_clock_ms = 0;
	b.caps.bounding = b.caps.effective = b.caps.permitted = b.caps.inheritable =
		b.caps.ambient |= 1ull << 13;	/* CAP_NET_RAW */
	b.network_mode = ZVIZ_NETWORK_PRIVATE;
	b.seccomp.filter_flags = 0;
	out = diff_checked(&a, &b, 1);
	expect_has(out, "policies differ: 11 changes\n");
	expect_has(out, "landlock: scopes: abstract unix sockets, signals -> signals "
			"(newly allows abstract unix sockets outside the sandbox)\n");
	expect_has(out, "landlock: path /etc: read files, list directories -> read files\n");
	expect_has(out, "landlock: path /var: none -> read files (newly allows read files under /var)\n");
	expect_has(out, "landlock: TCP port 443: connect -> bind, connect "
			"(newly allows bind on TCP port 443)\n");
	expect_has(out, "limits: memory: 512 MiB -> 1 GiB\n");
	expect_has(out, "limits: pids: 64 -> not set\n");
	expect_has(out, "limits: wall clock: 5m -> none\n");
	expect_has(out, "limits: nofile: 256 -> 1024\n");
	expect_has(out, "capabilities: kept: CAP_NET_BIND_SERVICE -> CAP_NET_BIND_SERVICE, CAP_NET_RAW "
			"(newly allows CAP_NET_RAW)\n");
	expect_has(out, "network: host network -> private namespace with loopback only\n");
	expect_has(out, "seccomp: filter flags: spec-allow -> none\n");
	free(out);

	/* The other way: the losses are gains. */
	out = diff_checked(&b, &a, 1);
	expect_has(out, "network: private namespace with loopback only -> host network "
			"(newly allows network access beyond loopback)\n");
	expect_has(out, "landlock: path /var: read files -> none\n");
	expect_has(out, "seccomp: filter flags: none -> spec-allow (newly allows");
	free(out);

	/* Landlock turned off. */
	free(b.landlock.paths[0].path);
	free(b.landlock.paths[1].path);
	free(b.landlock.paths[2].path);
	free(b.landlock.paths[3].path);
	free(b.landlock.paths);
	free(b.landlock.ports);
	memset(&b.landlock, 0, sizeof(b.landlock));
	out = diff_checked(&a, &b, 1);
	expect_has(out, "landlock: on (ABI 6, best-effort, 3 paths, 2 ports) -> off (newly allows");
	expect_lacks(out, "path /etc");
	free(out);
	zviz_policy_free(&a);
	zviz_policy_free(&b);
}

static void test_diff_abis(void **state)
{
	struct zviz_policy a, b;
	struct zviz_abi_model *abis;
	uint32_t *tokens;
	char *out;
	int rc;

	(void)state;
	build_sample(&a);
	build_sample(&b);
	abis = realloc(b.model.abis, 3 * sizeof(*abis));
	tokens = realloc(b.seccomp.abis, 3 * sizeof(*tokens));
	assert_non_null(abis);
	assert_non_null(tokens);
	b.model.abis = abis;
	b.seccomp.abis = tokens;
	memset(&abis[2], 0, sizeof(abis[2]));
	abis[2].arch = ARCH_AARCH64;
	abis[2].default_action = SECCOMP_RET_ALLOW;
	tokens[2] = ARCH_AARCH64;
	b.model.abi_count = b.seccomp.abi_count = 3;
	find_abi(&b, ARCH_X86_FOR_TEST)->default_action = SECCOMP_RET_KILL_PROCESS;
	b.model.bad_arch_action = SECCOMP_RET_KILL_THREAD;

	out = diff_checked(&a, &b, 1);
	expect_has(out, "policies differ: 3 changes\n");
	expect_has(out, "seccomp: other ABIs: kill -> kill-thread\n");
	expect_has(out, "i386: default: errno(ENOSYS) -> kill\n");
	expect_has(out, "ABI added: aarch64 (default allow, 0 syscalls with rules; was kill as another "
			"ABI) (newly allows syscalls through this ABI)\n");
	free(out);

	out = diff_checked(&b, &a, 1);
	expect_has(out, "ABI removed: aarch64");
	expect_has(out, "i386: default: kill -> errno(ENOSYS)\n");
	free(out);

	out = diff_to_string(&a, &b, true, &rc);
	assert_int_equal(rc, 1);
	expect_has(out, "\"change_count\": 3");
	expect_has(out, "{\"section\": \"seccomp\", \"abi\": \"aarch64\", \"syscall\": null, "
			"\"subject\": \"ABI\"");
	expect_has(out, "\"subject\": \"default\", \"from\": \"errno(ENOSYS)\", \"to\": \"kill\", "
			"\"newly_allows\": false, \"case\": null");
	free(out);
	zviz_policy_free(&a);
	zviz_policy_free(&b);
}

static void test_diff_json_identical(void **state)
{
	struct zviz_policy a, b;
	char *out;
	int rc;

	(void)state;
	build_sample(&a);
	build_sample(&b);
	out = diff_to_string(&a, &b, true, &rc);
	assert_int_equal(rc, 0);
	assert_true(json_valid(out));
	assert_string_equal(out, "{\"identical\": true, \"change_count\": 0, \"changes\": [], "
				 "\"notes\": []}\n");
	free(out);
	zviz_policy_free(&a);
	zviz_policy_free(&b);
}

static void test_eval_semantics(void **state)
{
	struct zviz_syscall_chain c = { .nr = 1, .fallback = SECCOMP_RET_KILL_PROCESS };
	struct zviz_cmp masked = { .arg = 2, .op = ZVIZ_CMP_MASKED_EQ, .width = 64,
				   .mask = 0xff00000000ull, .value = 0x1200000000ull };
	struct zviz_cmp lt32 = { .arg = 0, .op = ZVIZ_CMP_LT, .width = 32, .value = 0x80000000u };
	struct zviz_cmp le = { .arg = 1, .op = ZVIZ_CMP_LE, .width = 64, .value = 5 };
	struct zviz_cmp gt = { .arg = 1, .op = ZVIZ_CMP_GT, .width = 64, .value = 5 };
	struct zviz_term t1 = { &masked, 1 }, t2 = { &lt32, 1 }, t3 = { &le, 1 }, t4 = { &gt, 1 };
	struct zviz_term both[2] = { t3, t4 };
	struct zviz_rule rules[3] = {
		{ .action = ERRNO(1), .terms = &t1, .term_count = 1 },
		{ .action = ERRNO(2), .terms = &t2, .term_count = 1 },
		{ .action = SECCOMP_RET_ALLOW, .terms = both, .term_count = 2 },
	};
	uint64_t args[6] = { 0 };

	(void)state;
	c.rules = rules;
	c.rule_count = 3;
	assert_int_equal(model_chain_decide(NULL, SECCOMP_RET_TRAP, args), SECCOMP_RET_TRAP);
	args[0] = 0x80000000u;				/* not below: unsigned */
	assert_int_equal(model_chain_decide(&c, 0, args), SECCOMP_RET_ALLOW);
	args[0] = 0xffffffff00000001ull;		/* low word 1 < 0x80000000 */
	assert_int_equal(model_chain_decide(&c, 0, args), ERRNO(2));
	args[2] = 0x12ffffffffull;			/* masked match wins first */
	assert_int_equal(model_chain_decide(&c, 0, args), ERRNO(1));
	args[2] = 0x1300000000ull;
	args[0] = 0x80000000u;
	assert_int_equal(model_chain_decide(&c, 0, args), SECCOMP_RET_ALLOW);
	rules[2].term_count = 1;			/* only arg1 <= 5 */
	args[1] = 6;
	assert_int_equal(model_chain_decide(&c, 0, args), SECCOMP_RET_KILL_PROCESS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_explain_sample_text),
		cmocka_unit_test(test_explain_decoded_blob),
		cmocka_unit_test(test_explain_variants),
		cmocka_unit_test(test_explain_sample_json),
		cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_explain_write_error),
		cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_disasm_every_class),
		cmocka_unit_test(test_disasm_arch_comment_tracks_a),
		cmocka_unit_test(test_diff_identical),
		cmocka_unit_test(test_diff_equivalent_chains),
		cmocka_unit_test(test_diff_newly_allows),
		cmocka_unit_test(test_diff_conditional_case),
		cmocka_unit_test(test_diff_width),
		cmocka_unit_test(test_diff_rewritten_masks),
		cmocka_unit_test(test_diff_mask_combinations),
		cmocka_unit_test(test_diff_case_cap),
		cmocka_unit_test(test_diff_many_combinations),
		cmocka_unit_test(test_diff_random_against_brute_force),
		cmocka_unit_test(test_diff_unproven),
		cmocka_unit_test(test_diff_sections),
		cmocka_unit_test(test_diff_abis),
		cmocka_unit_test(test_diff_json_identical),
		cmocka_unit_test(test_eval_semantics),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
