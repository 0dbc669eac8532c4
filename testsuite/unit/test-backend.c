/* zvizc's back end: code generation, the verifier and policy.bin output,
 * checked against hand-written decision tables, against mutants of the
 * generated programs, and against the running kernel. */
#include <config.h>

#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "abi.h"
#include "bpf.h"
#include "compile.h"
#include "constants.h"
#include "load.h"
#include "resolve.h"
#include "symbols.h"
#include "syscalls.h"

/* ---- compiling a profile ------------------------------------------------------------ */

struct compiled {
	struct arena arena;
	struct diags diags;
	struct zp_program prog;
	struct symbols sym;
	struct resolved_profile r;
	struct verify_result v;
};

static const char *const include_dirs[] = { TOP_SRCDIR "/profiles" };
static const struct load_options load_opts = { .include_dirs = include_dirs, .include_dir_count = 1 };
static struct zvizc_syscalls *syscalls;

static int setup(void **state)
{
	(void)state;
	syscalls = zvizc_syscalls_load();
	return syscalls ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	zvizc_syscalls_free(syscalls);
	return 0;
}

static void compiled_free(struct compiled *c)
{
	compile_release(&c->r);
	arena_free(&c->arena);
	free(c);
}

/* Compiles the only profile of FILE (a path) or of TEXT (when FILE is NULL). */
static struct compiled *compile_profile(const char *file, const char *text)
{
	struct compiled *c = calloc(1, sizeof(*c));
	struct zviz_error err;

	assert_non_null(c);
	arena_init(&c->arena);
	diags_init(&c->diags, &c->arena);
	if (file != NULL) {
		assert_int_equal(load_program(&c->arena, &c->diags, &load_opts, file, &c->prog), 0);
	} else {
		struct zp_source *src = source_from_memory(&c->arena, "test.zp", text, strlen(text));

		load_program_from_source(&c->arena, &c->diags, &load_opts, src, &c->prog);
	}
	symbols_build(&c->sym, &c->arena, &c->diags, syscalls, &c->prog);
	assert_non_null(c->prog.root->profiles);
	if (!resolve_profile(&c->sym, symbols_profile(&c->sym, c->prog.root->profiles->name), &c->r)) {
		diags_print(&c->diags, stderr, DIAG_TEXT, "test");
		fail_msg("profile does not resolve");
	}
	if (compile_seccomp(&c->r, syscalls, &c->v, &err) < 0)
		fail_msg("compile: %s", err.msg);
	return c;
}

static uint32_t run(const struct compiled *c, const struct seccomp_data *d)
{
	return zviz_bpf_run(c->r.policy.seccomp.insns, c->r.policy.seccomp.insn_count, d, NULL);
}

/* ---- decision tables (testsuite/compile/) ------------------------------------------------- */

static bool parse_action(const char *word, uint32_t *action)
{
	char name[64];
	int e;

	if (strcmp(word, "allow") == 0)
		*action = SECCOMP_RET_ALLOW;
	else if (strcmp(word, "kill") == 0)
		*action = SECCOMP_RET_KILL_PROCESS;
	else if (strcmp(word, "kill-thread") == 0)
		*action = SECCOMP_RET_KILL_THREAD;
	else if (strcmp(word, "trap") == 0)
		*action = SECCOMP_RET_TRAP;
	else if (strcmp(word, "log") == 0)
		*action = SECCOMP_RET_LOG;
	else if (sscanf(word, "errno(%63[A-Z0-9])", name) == 1) {
		e = name[0] >= '0' && name[0] <= '9' ? atoi(name) : zvizc_errno_by_name(name);
		if (e <= 0)
			return false;
		*action = SECCOMP_RET_ERRNO | (uint32_t)e;
	} else
		return false;
	return true;
}

/* Each line "ABI SYSCALL ARG... = ACTION" of NAME.expected must be what
 * the compiled program of NAME.zp decides. */
static void check_table(const char *name)
{
	char path[512], line[512];
	struct compiled *c;
	FILE *fp;
	unsigned checked = 0, lineno = 0;

	snprintf(path, sizeof(path), "%s/testsuite/compile/%s.zp", TOP_SRCDIR, name);
	c = compile_profile(path, NULL);
	snprintf(path, sizeof(path), "%s/testsuite/compile/%s.expected", TOP_SRCDIR, name);
	fp = fopen(path, "r");
	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *words[12], *save = NULL, *w;
		size_t n = 0;
		const struct zvizc_abi *abi;
		struct seccomp_data d;
		uint32_t nr, want, got;

		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		for (w = strtok_r(line, " \t\n", &save); w && n < 12; w = strtok_r(NULL, " \t\n", &save))
			words[n++] = w;
		if (n < 5 || strcmp(words[n - 2], "=") != 0 || n - 4 > 6)
			fail_msg("%s:%u: malformed line", path, lineno);
		abi = zvizc_abi_by_name(words[0]);
		if (abi == NULL || !zvizc_syscalls_number(syscalls, abi, words[1], &nr))
			fail_msg("%s:%u: no %s on %s", path, lineno, words[1], words[0]);
		if (!parse_action(words[n - 1], &want))
			fail_msg("%s:%u: bad action %s", path, lineno, words[n - 1]);
		memset(&d, 0, sizeof(d));
		d.arch = abi->token == SCMP_ARCH_X32 ? AUDIT_ARCH_X86_64 : abi->token;
		d.nr = (int)nr;
		for (size_t i = 2; i < n - 2; i++)
			d.args[i - 2] = strtoull(words[i], NULL, 0);
		got = run(c, &d);
		if (got != want)
			fail_msg("%s:%u: expected 0x%08x, the program says 0x%08x", path, lineno, want, got);
		checked++;
	}
	fclose(fp);
	assert_true(checked >= 10);
	assert_int_equal(c->v.mismatches, 0);
	compiled_free(c);
}

static void test_table_sockets(void **state)
{
	(void)state;
	check_table("sockets");
}

static void test_table_clone_flags(void **state)
{
	(void)state;
	check_table("clone-flags");
}

static void test_table_ranges(void **state)
{
	(void)state;
	check_table("ranges");
}

/* ---- output ---------------------------------------------------------------------------- */

static void test_deterministic_and_decodable(void **state)
{
	char path[512];
	struct compiled *a, *b;
	uint8_t *blob_a, *blob_b;
	size_t len_a, len_b;
	struct zviz_policy back;
	struct zviz_error err;

	(void)state;
	snprintf(path, sizeof(path), "%s/testsuite/compile/sockets.zp", TOP_SRCDIR);
	a = compile_profile(path, NULL);
	b = compile_profile(path, NULL);
	assert_int_equal(zviz_policy_encode(&a->r.policy, &blob_a, &len_a, &err), 0);
	assert_int_equal(zviz_policy_encode(&b->r.policy, &blob_b, &len_b, &err), 0);
	assert_int_equal(len_a, len_b);
	assert_memory_equal(blob_a, blob_b, len_a);
	/* What the loader will read back is the policy that was verified. */
	if (zviz_policy_decode(blob_a, len_a, &back, &err) < 0)
		fail_msg("decode: %s", err.msg);
	assert_int_equal(back.seccomp.insn_count, a->r.policy.seccomp.insn_count);
	assert_memory_equal(back.seccomp.insns, a->r.policy.seccomp.insns,
			    back.seccomp.insn_count * sizeof(struct sock_filter));
	assert_string_equal(back.metadata.profile_name, "sockets");
	zviz_policy_free(&back);
	free(blob_a);
	free(blob_b);
	compiled_free(a);
	compiled_free(b);
}

static void test_summary_numbers(void **state)
{
	char path[512];
	struct compiled *c;

	(void)state;
	snprintf(path, sizeof(path), "%s/testsuite/compile/sockets.zp", TOP_SRCDIR);
	c = compile_profile(path, NULL);
	assert_int_equal(c->v.abis, 2);
	assert_true(c->v.cases > 1000);
	assert_int_equal(c->v.mismatches, 0);
	/* read, write, close, execve on two ABIs */
	assert_int_equal(c->v.allows, 8);
	assert_int_equal(c->v.allows_cacheable, 8);
	compiled_free(c);
}

/* ---- mutants ----------------------------------------------------------------------------- */

/* A small deterministic generator, independent of the verifier's cases. */
static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Whether MUTANT and ORIGINAL disagree on random and boundary inputs
 * built from the constants found in the original program. */
static bool behaves_differently(const struct sock_filter *original, const struct sock_filter *mutant,
				uint32_t count, const uint32_t *arches, size_t narch)
{
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	uint32_t constants[512];
	size_t nconst = 0;

	for (uint32_t i = 0; i < count && nconst + 3 <= 512; i++) {
		if (BPF_CLASS(original[i].code) == BPF_JMP || BPF_CLASS(original[i].code) == BPF_ALU) {
			constants[nconst++] = original[i].k;
			constants[nconst++] = original[i].k + 1;
			constants[nconst++] = original[i].k - 1;
		}
	}
	for (unsigned n = 0; n < 200000; n++) {
		struct seccomp_data d;

		memset(&d, 0, sizeof(d));
		d.arch = arches[next_random(&seed) % narch];
		d.nr = (int)(next_random(&seed) % 4 == 0 ? constants[next_random(&seed) % nconst]
							    : next_random(&seed) % 512);
		for (int a = 0; a < 6; a++) {
			uint64_t r = next_random(&seed);

			switch (r % 4) {
			case 0: d.args[a] = constants[(r >> 8) % nconst]; break;
			case 1: d.args[a] = ((uint64_t)next_random(&seed) << 32) | constants[(r >> 8) % nconst]; break;
			case 2: d.args[a] = r >> (r % 64); break;
			default: d.args[a] = 0; break;
			}
		}
		if (zviz_bpf_run(original, count, &d, NULL) != zviz_bpf_run(mutant, count, &d, NULL))
			return true;
	}
	return false;
}

/* Flip every conditional jump and change every return, one at a time:
 * each mutant that behaves differently must fail verification. */
static void test_verifier_kills_mutants(void **state)
{
	static const uint32_t arches[] = { AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64 };
	const char *const profiles[] = { "sockets", "clone-flags", "ranges" };
	unsigned mutants = 0, different = 0, killed = 0, killed_of_different = 0;

	(void)state;
	for (size_t p = 0; p < sizeof(profiles) / sizeof(profiles[0]); p++) {
		char path[512];
		struct compiled *c;
		const struct sock_filter *prog;
		uint32_t count;
		struct sock_filter *m;

		snprintf(path, sizeof(path), "%s/testsuite/compile/%s.zp", TOP_SRCDIR, profiles[p]);
		c = compile_profile(path, NULL);
		prog = c->r.policy.seccomp.insns;
		count = c->r.policy.seccomp.insn_count;
		m = malloc(count * sizeof(*m));
		assert_non_null(m);
		for (uint32_t pc = 0; pc < count; pc++) {
			uint16_t cls = BPF_CLASS(prog[pc].code);
			struct verify_result vr;
			struct zviz_error err;
			bool differs, rejected;

			if (!(cls == BPF_RET || (cls == BPF_JMP && BPF_OP(prog[pc].code) != BPF_JA)))
				continue;
			memcpy(m, prog, count * sizeof(*m));
			if (cls == BPF_JMP) {
				m[pc].jt = prog[pc].jf;
				m[pc].jf = prog[pc].jt;
				if (m[pc].jt == m[pc].jf)
					continue;   /* flipping changes nothing */
			} else {
				m[pc].k = prog[pc].k == SECCOMP_RET_ALLOW ? (SECCOMP_RET_ERRNO | 1) : SECCOMP_RET_ALLOW;
			}
			mutants++;
			differs = behaves_differently(prog, m, count, arches, 3);
			rejected = verify_program(&c->r.policy.model, syscalls, m, count, &vr, &err) < 0;
			different += differs;
			killed += rejected;
			killed_of_different += differs && rejected;
			if (differs && !rejected)
				fail_msg("%s: mutant at instruction %u changes behaviour but passed verification",
					 profiles[p], pc);
		}
		free(m);
		compiled_free(c);
	}
	print_message("mutants: %u, behaving differently: %u, rejected by the verifier: %u "
		      "(%u of the different ones)\n", mutants, different, killed, killed_of_different);
	assert_true(mutants > 50);
	assert_true(different > 0);
	assert_int_equal(killed_of_different, different);
}

/* ---- the running kernel ---------------------------------------------------------------------- */

/* Installs C's program in a child, runs BODY there and reports how the
 * child ended: exit status, or 128 + signal. */
static int in_filtered_child(const struct compiled *c, int (*body)(void))
{
	struct sock_fprog fprog = {
		.len = (unsigned short)c->r.policy.seccomp.insn_count,
		.filter = c->r.policy.seccomp.insns,
	};
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGSYS, SIG_DFL);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0)
			_exit(100);
		_exit(body());
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static const char kernel_profile[] =
	"profile kernel { arch native; default allow;\n"
	"  errno(EPERM) mkdirat, mkdir;\n"
	"  errno(EAFNOSUPPORT) socket if domain == AF_UNIX;\n"
	"  kill getppid; }\n";

/* 0 when each call saw what the profile says; else the step that failed. */
static int kernel_body(void)
{
	int fd;

	errno = 0;
	if (mkdir("/nonexistent-zviz-dir/x", 0700) == 0 || errno != EPERM)
		return 1;
	if (socket(AF_UNIX, SOCK_STREAM, 0) >= 0 || errno != EAFNOSUPPORT)
		return 2;
	/* domain is an int: junk in the high word must not get past */
	if (syscall(SYS_socket, 0xdeadbeef00000000ull | AF_UNIX, SOCK_STREAM, 0) >= 0 || errno != EAFNOSUPPORT)
		return 3;
	fd = socket(AF_INET, SOCK_DGRAM, 0);    /* allowed; sends nothing */
	if (fd < 0)
		return 4;
	close(fd);
	if (getpid() <= 0)
		return 5;
	syscall(SYS_getppid);                   /* killed */
	return 6;
}

static void test_kernel_enforces(void **state)
{
	struct compiled *c = compile_profile(NULL, kernel_profile);
	int result;

	(void)state;
	result = in_filtered_child(c, kernel_body);
	if (result != 128 + SIGSYS)
		fail_msg("the child ended with %d (128+%d expected; 1-6: a step that failed)", result, SIGSYS);
	compiled_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_sockets),
		cmocka_unit_test(test_table_clone_flags),
		cmocka_unit_test(test_table_ranges),
		cmocka_unit_test(test_deterministic_and_decodable),
		cmocka_unit_test(test_summary_numbers),
		cmocka_unit_test(test_verifier_kills_mutants),
		cmocka_unit_test(test_kernel_enforces),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
