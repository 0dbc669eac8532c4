/* Unit tests for compiler/abi.c, compiler/syscalls.c and the syscall
 * supplement: ABI names and tokens, syscall numbers on every ABI (x32's
 * bit, libseccomp's pseudo-numbers, i386's direct socket calls, ARM's
 * private range), the supplement against libseccomp where both know a
 * syscall, and the supplement against the running kernel. */
#include <config.h>

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "ci-skip.h"
#include <seccomp.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define HAVE_VALGRIND_H 1
#endif
#endif

#include "abi.h"
#include "syscall-supplement.h"
#include "syscalls.h"

#define X32(n) (ZVIZC_X32_SYSCALL_BIT | (uint32_t)(n))

static const struct zvizc_abi *abi(const char *name)
{
	const struct zvizc_abi *a = zvizc_abi_by_name(name);

	assert_non_null(a);
	return a;
}

static int setup_tables(void **state)
{
	*state = zvizc_syscalls_load();
	return *state == NULL ? -1 : 0;
}

static int teardown_tables(void **state)
{
	zvizc_syscalls_free(*state);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* ABIs */

static void test_abi_list(void **state)
{
	static const struct {
		const char *name;
		uint32_t token;
		unsigned bits;
	} want[] = {
		{ "x86_64", SCMP_ARCH_X86_64, 64 }, { "x32", SCMP_ARCH_X32, 64 },
		{ "i386", SCMP_ARCH_X86, 32 }, { "aarch64", SCMP_ARCH_AARCH64, 64 },
		{ "arm", SCMP_ARCH_ARM, 32 }, { "riscv64", SCMP_ARCH_RISCV64, 64 },
	};
	const struct zvizc_abi *list;
	size_t count;

	(void)state;
	list = zvizc_abi_list(&count);
	assert_int_equal(count, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < count; i++) {
		const struct zvizc_abi *a = abi(want[i].name);

		assert_string_equal(a->name, want[i].name);
		assert_int_equal(a->token, want[i].token);
		assert_int_equal(a->bits, want[i].bits);
		/* tokens and names round trip, and index the list */
		assert_ptr_equal(zvizc_abi_by_token(a->token), a);
		assert_ptr_equal(&list[zvizc_abi_index(a)], a);
		assert_int_equal(zvizc_abi_index(&list[i]), i);
	}
}

static void test_abi_aliases(void **state)
{
	(void)state;
	assert_ptr_equal(zvizc_abi_by_name("x86"), abi("i386"));
	assert_ptr_equal(zvizc_abi_by_name("i686"), abi("i386"));
	assert_ptr_equal(zvizc_abi_by_name("amd64"), abi("x86_64"));
	assert_ptr_equal(zvizc_abi_by_name("arm64"), abi("aarch64"));
	assert_null(zvizc_abi_by_name("sparc64"));
	assert_null(zvizc_abi_by_name("X86_64"));
	assert_null(zvizc_abi_by_name(""));
	assert_null(zvizc_abi_by_name(NULL));
	assert_null(zvizc_abi_by_token(0));
	assert_null(zvizc_abi_by_token(SCMP_ARCH_PPC64LE));
}

static void test_abi_native(void **state)
{
	const struct zvizc_abi *native = zvizc_abi_native();

	(void)state;
	assert_non_null(native);
	assert_int_equal(native->token, seccomp_arch_native());
	assert_ptr_equal(zvizc_abi_by_name("native"), native);
#if defined(__x86_64__) && !defined(__ILP32__)
	assert_string_equal(native->name, "x86_64");
#elif defined(__aarch64__)
	assert_string_equal(native->name, "aarch64");
#endif
}

/* ---------------------------------------------------------------------- */
/* Syscall numbers */

static void expect_nr(const struct zvizc_syscalls *t, const char *abi_name, const char *name,
		      uint32_t want)
{
	uint32_t nr = 0xdeadbeef;

	if (!zvizc_syscalls_number(t, abi(abi_name), name, &nr))
		fail_msg("%s has no number on %s", name, abi_name);
	if (nr != want)
		fail_msg("%s on %s: got %#x, want %#x", name, abi_name, nr, want);
	assert_string_equal(zvizc_syscalls_name(t, abi(abi_name), nr), name);
}

static void expect_absent(const struct zvizc_syscalls *t, const char *abi_name, const char *name)
{
	uint32_t nr = 0xdeadbeef;

	if (zvizc_syscalls_number(t, abi(abi_name), name, &nr))
		fail_msg("%s should not be a syscall on %s, got %#x", name, abi_name, nr);
	assert_int_equal(nr, 0xdeadbeef);
	assert_null(zvizc_syscalls_lookup(t, abi(abi_name), name));
}

static void test_read_write_openat(void **state)
{
	const struct zvizc_syscalls *t = *state;

	expect_nr(t, "x86_64", "read", 0);
	expect_nr(t, "x86_64", "write", 1);
	expect_nr(t, "x86_64", "openat", 257);
	expect_nr(t, "i386", "read", 3);
	expect_nr(t, "i386", "write", 4);
	expect_nr(t, "i386", "openat", 295);
	expect_nr(t, "aarch64", "read", 63);
	expect_nr(t, "aarch64", "write", 64);
	expect_nr(t, "aarch64", "openat", 56);
	expect_nr(t, "riscv64", "read", 63);
	expect_nr(t, "riscv64", "write", 64);
	expect_nr(t, "riscv64", "openat", 56);
	expect_nr(t, "arm", "read", 3);
	expect_nr(t, "arm", "write", 4);
	expect_nr(t, "arm", "openat", 322);
	expect_nr(t, "x32", "read", X32(0));
	expect_nr(t, "x32", "write", X32(1));
	expect_nr(t, "x32", "openat", X32(257));
	expect_nr(t, "x86_64", "clone3", 435);
	expect_nr(t, "aarch64", "clone", 220);
	expect_nr(t, "x86_64", "socket", 41);
	expect_nr(t, "aarch64", "socket", 198);
	expect_nr(t, "arm", "socket", 281);
}

/* Names that exist only on some ABIs: libseccomp answers the others with a
 * pseudo-number, which must read as "not a syscall here". */
static void test_abi_specific_names(void **state)
{
	const struct zvizc_syscalls *t = *state;

	expect_nr(t, "x86_64", "open", 2);
	expect_nr(t, "i386", "open", 5);
	expect_absent(t, "aarch64", "open");
	expect_absent(t, "riscv64", "open");
	assert_true(seccomp_syscall_resolve_name_arch(SCMP_ARCH_AARCH64, "open") < 0);

	/* socketcall: only i386 among these (ARM EABI never had it) */
	expect_nr(t, "i386", "socketcall", 102);
	expect_absent(t, "x86_64", "socketcall");
	expect_absent(t, "x32", "socketcall");
	expect_absent(t, "arm", "socketcall");
	expect_absent(t, "aarch64", "socketcall");
	expect_absent(t, "riscv64", "socketcall");
	expect_nr(t, "i386", "ipc", 117);
	expect_absent(t, "x86_64", "ipc");

	expect_nr(t, "x86_64", "arch_prctl", 158);
	expect_nr(t, "i386", "arch_prctl", 384);
	expect_absent(t, "aarch64", "arch_prctl");
	expect_nr(t, "riscv64", "riscv_flush_icache", 259);
	expect_absent(t, "x86_64", "riscv_flush_icache");
	expect_nr(t, "i386", "mmap2", 192);
	expect_absent(t, "x86_64", "mmap2");

	expect_absent(t, "x86_64", "no_such_syscall");
	expect_absent(t, "x86_64", "");
	assert_false(zvizc_syscalls_known(t, "no_such_syscall"));
}

/* i386 has had direct socket calls since Linux 4.3 and direct SysV IPC
 * calls since 5.1; libseccomp's name resolver answers with the multiplexed
 * pseudo-number, the table must still give the direct one. */
static void test_i386_direct_socket_calls(void **state)
{
	const struct zvizc_syscalls *t = *state;

	expect_nr(t, "i386", "socket", 359);
	expect_nr(t, "i386", "socketpair", 360);
	expect_nr(t, "i386", "connect", 362);
	expect_nr(t, "i386", "accept4", 364);
	expect_nr(t, "i386", "setsockopt", 366);
	expect_nr(t, "i386", "shutdown", 373);
	expect_nr(t, "i386", "semget", 393);
	expect_nr(t, "i386", "shmget", 395);
	expect_nr(t, "i386", "msgctl", 402);
	/* accept and recv exist only through socketcall on i386 */
	expect_absent(t, "i386", "accept");
	expect_absent(t, "i386", "recv");
}

static void test_x32(void **state)
{
	const struct zvizc_syscalls *t = *state;
	const struct zvizc_syscall_entry *entries;
	const struct zvizc_abi *x32 = abi("x32");
	size_t count;
	int rc;

	/* What libseccomp 2.5.4 does: x32 numbers come back with the bit. */
	rc = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X32, "read");
	assert_true(rc >= 0);
	assert_int_equal((uint32_t)rc & ~ZVIZC_X32_SYSCALL_BIT, 0);

	count = zvizc_syscalls_abi_entries(t, x32, &entries);
	assert_true(count > 300);
	for (size_t i = 0; i < count; i++)
		assert_true(entries[i].nr & ZVIZC_X32_SYSCALL_BIT);
	/* the legacy x32 range replaces the 64-bit-only x86_64 numbers */
	expect_nr(t, "x32", "ioctl", X32(514));
	expect_nr(t, "x32", "execve", X32(520));
	expect_nr(t, "x32", "pwritev2", X32(547));
	for (uint32_t n = 512; n <= 547; n++)
		assert_non_null(zvizc_syscalls_name(t, x32, X32(n)));
	assert_null(zvizc_syscalls_name(t, x32, X32(16)));	/* 64-bit ioctl */
	assert_null(zvizc_syscalls_name(t, x32, 514));		/* no bit: not what the kernel sees */
	assert_null(zvizc_syscalls_name(t, x32, 0));
	assert_int_equal(zvizc_syscalls_max_nr(t, x32), X32(547));
	/* 64-bit-only syscalls */
	expect_absent(t, "x32", "map_shadow_stack");
}

static void test_arm_private_range(void **state)
{
	const struct zvizc_syscalls *t = *state;

	expect_nr(t, "arm", "cacheflush", 0xf0002);
	expect_nr(t, "arm", "set_tls", 0xf0005);
	expect_absent(t, "aarch64", "cacheflush");
	assert_int_equal(zvizc_syscalls_max_nr(t, abi("arm")), 0xf0006);
}

/* Every ABI: ascending unique numbers, each name answers with a number
 * whose name it is, and the kernel's contiguous x86_64 ranges are all
 * there (0..336 and 424..469 in Linux 6.18). */
static void test_entries(void **state)
{
	const struct zvizc_syscalls *t = *state;
	const struct zvizc_abi *list;
	size_t abi_count;

	list = zvizc_abi_list(&abi_count);
	for (size_t a = 0; a < abi_count; a++) {
		const struct zvizc_syscall_entry *entries;
		size_t count = zvizc_syscalls_abi_entries(t, &list[a], &entries);

		assert_true(count > 300);
		for (size_t i = 0; i < count; i++) {
			uint32_t nr;

			if (i > 0 && entries[i - 1].nr >= entries[i].nr)
				fail_msg("%s: %s (%#x) after %s (%#x)", list[a].name, entries[i].name,
					 entries[i].nr, entries[i - 1].name, entries[i - 1].nr);
			assert_true(entries[i].name[0] != '\0');
			assert_non_null(entries[i].origin);
			assert_string_equal(zvizc_syscalls_name(t, &list[a], entries[i].nr),
					    entries[i].name);
			assert_true(zvizc_syscalls_number(t, &list[a], entries[i].name, &nr));
			assert_string_equal(zvizc_syscalls_name(t, &list[a], nr), entries[i].name);
			assert_true(zvizc_syscalls_known(t, entries[i].name));
		}
		assert_int_equal(zvizc_syscalls_max_nr(t, &list[a]), entries[count - 1].nr);
	}

	for (uint32_t n = 0; n <= 469; n++) {
		if (n > 336 && n < 424)
			continue;
		if (zvizc_syscalls_name(t, abi("x86_64"), n) == NULL)
			fail_msg("x86_64 syscall %u is missing", n);
	}
	assert_true(zvizc_syscalls_max_nr(t, abi("x86_64")) >= 469);
	assert_true(zvizc_syscalls_max_nr(t, abi("x86_64")) < 1024);
	assert_true(zvizc_syscalls_max_nr(t, abi("i386")) >= 469);
	assert_true(zvizc_syscalls_max_nr(t, abi("aarch64")) >= 469);
	assert_true(zvizc_syscalls_max_nr(t, abi("riscv64")) >= 469);
	assert_null(zvizc_syscalls_name(t, abi("x86_64"), 1023));
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_all_names(void **state)
{
	const struct zvizc_syscalls *t = *state;
	const char *const *names;
	const struct zvizc_abi *list;
	size_t count, abi_count;

	count = zvizc_syscalls_all_names(t, &names);
	assert_true(count > 450);
	for (size_t i = 1; i < count; i++) {
		if (strcmp(names[i - 1], names[i]) >= 0)
			fail_msg("names not sorted/unique: %s, %s", names[i - 1], names[i]);
	}
	for (size_t i = 0; i < count; i++)
		assert_true(zvizc_syscalls_known(t, names[i]));
	/* every ABI's names are in the union */
	list = zvizc_abi_list(&abi_count);
	for (size_t a = 0; a < abi_count; a++) {
		const struct zvizc_syscall_entry *entries;
		size_t n = zvizc_syscalls_abi_entries(t, &list[a], &entries);

		for (size_t i = 0; i < n; i++)
			assert_non_null(bsearch(&entries[i].name, names, count, sizeof(*names),
						compare_strings));
	}
	assert_true(zvizc_syscalls_known(t, "socketcall"));
	assert_true(zvizc_syscalls_known(t, "open"));
	assert_true(zvizc_syscalls_known(t, "mseal"));
	assert_true(zvizc_syscalls_known(t, "riscv_hwprobe"));
	assert_false(zvizc_syscalls_known(t, "Read"));
	assert_false(zvizc_syscalls_known(t, NULL));
}

/* ---------------------------------------------------------------------- */
/* The supplement */

static void expect_supplement(const struct zvizc_syscalls *t, const char *abi_name,
			      const char *name, uint32_t want, const char *origin)
{
	const struct zvizc_syscall_entry *e = zvizc_syscalls_lookup(t, abi(abi_name), name);

	if (e == NULL)
		fail_msg("%s has no entry on %s", name, abi_name);
	assert_int_equal(e->nr, want);
	assert_string_equal(e->origin, origin);
	expect_nr(t, abi_name, name, want);
}

static void test_supplement_answers(void **state)
{
	const struct zvizc_syscalls *t = *state;

	/* only meaningful while libseccomp does not know these itself */
	if (seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, "mseal") != __NR_SCMP_ERROR)
		skip_unless_ci("this libseccomp knows mseal: update the supplement table");
	expect_supplement(t, "x86_64", "mseal", 462, "supplement, Linux 6.10");
	expect_supplement(t, "aarch64", "statmount", 457, "supplement, Linux 6.8");
	expect_supplement(t, "x32", "listmount", X32(458), "supplement, Linux 6.8");
	expect_supplement(t, "arm", "file_setattr", 469, "supplement, Linux 6.17");
	expect_supplement(t, "i386", "removexattrat", 466, "supplement, Linux 6.13");
	expect_supplement(t, "x86_64", "uretprobe", 335, "supplement, Linux 6.11");
	expect_supplement(t, "x32", "uretprobe", X32(335), "supplement, Linux 6.11");
	expect_supplement(t, "riscv64", "riscv_hwprobe", 258, "supplement, Linux 6.4");
	expect_absent(t, "aarch64", "uretprobe");
	expect_absent(t, "i386", "uretprobe");
	expect_absent(t, "x86_64", "riscv_hwprobe");
	expect_absent(t, "arm", "riscv_hwprobe");
	/* libseccomp's own entries keep their origin */
	assert_string_equal(zvizc_syscalls_lookup(t, abi("x86_64"), "read")->origin, "libseccomp");
	assert_string_equal(zvizc_syscalls_lookup(t, abi("x86_64"), "cachestat")->origin,
			    "libseccomp");
}

/* Where libseccomp knows a supplement syscall, the two must agree; where
 * it does not, the table must give the supplement's number. */
static void test_supplement_consistent(void **state)
{
	const struct zvizc_syscalls *t = *state;
	const struct zvizc_syscall_supplement *supplement;
	const struct zvizc_abi *list;
	size_t count, abi_count, cross_checked = 0;

	supplement = zvizc_syscall_supplement(&count);
	list = zvizc_abi_list(&abi_count);
	assert_true(count >= 20);
	for (size_t i = 0; i < count; i++) {
		const struct zvizc_syscall_supplement *s = &supplement[i];
		char origin[64];

		snprintf(origin, sizeof(origin), "supplement, Linux %u.%u", s->since_major,
			 s->since_minor);
		assert_string_equal(s->origin, origin);
		assert_true(s->since_major == 6 && s->since_minor >= 2);
		for (size_t j = 0; j < ZVIZC_SUPPLEMENT_MAX_ABIS && s->nrs[j].token != 0; j++)
			assert_non_null(zvizc_abi_by_token(s->nrs[j].token));
		for (size_t j = i + 1; j < count; j++)
			assert_string_not_equal(s->name, supplement[j].name);

		for (size_t a = 0; a < abi_count; a++) {
			bool listed;
			uint32_t want, got;
			int rc = seccomp_syscall_resolve_name_arch(list[a].token, s->name);

			listed = zvizc_syscall_supplement_nr(s, &list[a], &want);
			if (listed && list[a].token == SCMP_ARCH_X32)
				assert_true(want & ZVIZC_X32_SYSCALL_BIT);
			if (rc >= 0) {
				if (!listed)
					fail_msg("%s: libseccomp knows it on %s", s->name, list[a].name);
				if ((uint32_t)rc != want)
					fail_msg("%s on %s: libseccomp %#x, supplement %#x", s->name,
						 list[a].name, (uint32_t)rc, want);
				cross_checked++;
			} else if (rc != __NR_SCMP_ERROR) {
				if (listed)
					fail_msg("%s: libseccomp says it is not on %s", s->name,
						 list[a].name);
			} else if (listed) {
				assert_true(zvizc_syscalls_number(t, &list[a], s->name, &got));
				assert_int_equal(got, want);
				assert_string_equal(zvizc_syscalls_lookup(t, &list[a], s->name)->origin,
						    s->origin);
			} else {
				assert_false(zvizc_syscalls_number(t, &list[a], s->name, &got));
			}
		}
	}
	/* cachestat .. futex_requeue on every ABI (minus x32 map_shadow_stack) */
	assert_true(cross_checked >= 35);
}

/* ---------------------------------------------------------------------- */
/* The supplement against the running kernel */

/* Arguments that make each call fail harmlessly (bad fd, NULL pointer, zero
 * length, and flags no kernel accepts, which are checked first), so the
 * only thing learned is whether the kernel knows the number.  A syscall
 * that exists only with some kernel option answers ENOSYS without it
 * (sys_ni_syscall), exactly like an unknown number: for those, ENOSYS is
 * reported, not failed. */
#define BAD (~0UL)
static const struct {
	const char *name;
	const char *config;	/* the option it needs, if any */
	unsigned long args[6];
} harmless_calls[] = {
	{ "cachestat",		"CONFIG_CACHESTAT_SYSCALL",	{ BAD, 0, 0, BAD } },
	{ "fchmodat2",		NULL,				{ BAD, 0, 0, BAD } },
	{ "map_shadow_stack",	"CONFIG_X86_USER_SHADOW_STACK",	{ 0, 0, BAD } },
	{ "futex_wake",		NULL,				{ 0, 0, 0, BAD } },
	{ "futex_wait",		NULL,				{ 0, 0, 0, BAD, 0, 0 } },
	{ "futex_requeue",	NULL,				{ 0, BAD, 0, 0 } },
	{ "statmount",		NULL,				{ 0, 0, 0, BAD } },
	{ "listmount",		NULL,				{ 0, 0, 0, BAD } },
	{ "lsm_get_self_attr",	"CONFIG_SECURITY",		{ 0, 0, 0, BAD } },
	{ "lsm_set_self_attr",	"CONFIG_SECURITY",		{ 0, 0, 0, BAD } },
	{ "lsm_list_modules",	"CONFIG_SECURITY",		{ 0, 0, BAD } },
	{ "mseal",		NULL,				{ 1, 0, BAD } },
	/* outside its trampoline the kernel kills the caller with SIGILL */
	{ "uretprobe",		"CONFIG_UPROBES",		{ 0 } },
	{ "setxattrat",		NULL,				{ BAD, 0, BAD, 0, 0, 0 } },
	{ "getxattrat",		NULL,				{ BAD, 0, BAD, 0, 0, 0 } },
	{ "listxattrat",	NULL,				{ BAD, 0, BAD, 0, 0 } },
	{ "removexattrat",	NULL,				{ BAD, 0, BAD, 0 } },
	{ "open_tree_attr",	NULL,				{ BAD, 0, BAD, 0, 0 } },
	{ "file_getattr",	NULL,				{ BAD, 0, 0, 0, BAD } },
	{ "file_setattr",	NULL,				{ BAD, 0, 0, 0, BAD } },
	/* outside its trampoline: ENXIO (or SIGILL) */
	{ "uprobe",		"CONFIG_UPROBES",		{ 0 } },
};

enum { CHILD_ANSWERED = 0, CHILD_ENOSYS = 1 };

/* Makes syscall NR in a child, so that a call that kills its caller kills
 * only the child.  Returns true if the kernel knew the number: the call
 * returned something other than ENOSYS, or the child died of a signal. */
static bool kernel_knows(long nr, const unsigned long args[6])
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		long rc;

		/* cmocka (and ASan) catch SIGILL, SIGSEGV, ... and would carry on
		 * running tests in the child: die of the signal instead. */
		for (int sig = 1; sig < NSIG; sig++)
			signal(sig, SIG_DFL);
		rc = syscall(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
		_exit(rc == -1 && errno == ENOSYS ? CHILD_ENOSYS : CHILD_ANSWERED);
	}
	while (waitpid(pid, &status, 0) < 0)
		assert_int_equal(errno, EINTR);
	if (WIFSIGNALED(status))
		return true;
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status) == CHILD_ANSWERED;
}

static bool under_valgrind(void)
{
#ifdef HAVE_VALGRIND_H
	if (RUNNING_ON_VALGRIND)
		return true;
#endif
	const char *preload = getenv("LD_PRELOAD");

	return preload != NULL && strstr(preload, "vgpreload") != NULL;
}

static void test_supplement_on_running_kernel(void **state)
{
	const struct zvizc_syscall_supplement *supplement;
	const struct zvizc_abi *native = zvizc_abi_native();
	struct utsname uts;
	unsigned major = 0, minor = 0;
	size_t count, checked = 0, unconfigured = 0;
	static const unsigned long no_args[6];

	(void)state;
	/* Valgrind answers ENOSYS itself for syscalls it does not know. */
	if (under_valgrind() || native == NULL || native->token != SCMP_ARCH_X86_64)
		skip_unless_ci("needs an x86_64 host, not under valgrind");
	assert_int_equal(uname(&uts), 0);
	assert_int_equal(sscanf(uts.release, "%u.%u", &major, &minor), 2);

	/* The check can fail: a number beyond every table is ENOSYS. */
	assert_false(kernel_knows(1023, no_args));
	assert_true(kernel_knows(SYS_getpid, no_args));

	supplement = zvizc_syscall_supplement(&count);
	for (size_t i = 0; i < count; i++) {
		const struct zvizc_syscall_supplement *s = &supplement[i];
		const unsigned long *args = NULL;
		const char *config = NULL;
		uint32_t nr;

		if (!zvizc_syscall_supplement_nr(s, native, &nr))
			continue;
		for (size_t j = 0; j < sizeof(harmless_calls) / sizeof(harmless_calls[0]); j++) {
			if (strcmp(harmless_calls[j].name, s->name) == 0) {
				args = harmless_calls[j].args;
				config = harmless_calls[j].config;
			}
		}
		if (args == NULL)
			fail_msg("%s: add harmless arguments for it to harmless_calls", s->name);
		if (s->since_major > major || (s->since_major == major && s->since_minor > minor))
			continue;
		if (kernel_knows((long)nr, args)) {
			checked++;
		} else if (config != NULL) {
			print_message("# %s (%u): ENOSYS, this kernel lacks %s?\n", s->name, nr, config);
			unconfigured++;
		} else {
			fail_msg("Linux %u.%u answers ENOSYS to %s (%u), added in %u.%u", major, minor,
				 s->name, nr, s->since_major, s->since_minor);
		}
	}
	print_message("# %zu supplement syscalls known to Linux %u.%u, %zu not configured\n",
		      checked, major, minor, unconfigured);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abi_list),
		cmocka_unit_test(test_abi_aliases),
		cmocka_unit_test(test_abi_native),
		cmocka_unit_test(test_read_write_openat),
		cmocka_unit_test(test_abi_specific_names),
		cmocka_unit_test(test_i386_direct_socket_calls),
		cmocka_unit_test(test_x32),
		cmocka_unit_test(test_arm_private_range),
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_all_names),
		cmocka_unit_test(test_supplement_answers),
		cmocka_unit_test(test_supplement_consistent),
		cmocka_unit_test(test_supplement_on_running_kernel),
	};

	return cmocka_run_group_tests(tests, setup_tables, teardown_tables);
}
