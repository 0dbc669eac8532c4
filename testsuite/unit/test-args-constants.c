/* Unit tests for compiler/args.c (syscall argument names, widths, kinds,
 * per-ABI orders) and compiler/constants.c with the table
 * gen-constants.sh generates from the system headers. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "abi.h"
#include "args.h"
#include "constants.h"
#include "syscalls.h"

/* ---------------------------------------------------------------------- */
/* Arguments */

static const struct zvizc_arg *arg(const char *syscall, const char *name, int want_index)
{
	const struct zvizc_syscall_args *a = zvizc_args_lookup(syscall);
	int index;

	if (a == NULL)
		fail_msg("%s is not in the argument table", syscall);
	assert_string_equal(a->syscall, syscall);
	index = zvizc_args_index(a, name);
	if (index != want_index)
		fail_msg("%s.%s: index %d, want %d", syscall, name, index, want_index);
	return &a->args[index];
}

static void expect_arg(const char *syscall, const char *name, int index, unsigned width,
		       enum zvizc_arg_kind kind)
{
	const struct zvizc_arg *a = arg(syscall, name, index);

	if (a->width != width || a->kind != kind)
		fail_msg("%s.%s: width %u kind %d, want %u %d", syscall, name, a->width, a->kind,
			 width, kind);
}

static void test_arg_widths_and_kinds(void **state)
{
	(void)state;
	expect_arg("socket", "domain", 0, 32, ZVIZC_ARG_VALUE);
	expect_arg("socket", "type", 1, 32, ZVIZC_ARG_FLAGS);
	expect_arg("socket", "protocol", 2, 32, ZVIZC_ARG_VALUE);
	expect_arg("clone", "flags", 0, 64, ZVIZC_ARG_FLAGS);
	expect_arg("clone", "child_tid", 3, 64, ZVIZC_ARG_POINTER);
	expect_arg("clone", "tls", 4, 64, ZVIZC_ARG_VALUE);
	expect_arg("clone3", "uargs", 0, 64, ZVIZC_ARG_POINTER);
	expect_arg("clone3", "size", 1, 64, ZVIZC_ARG_VALUE);
	expect_arg("ioctl", "fd", 0, 32, ZVIZC_ARG_VALUE);
	expect_arg("ioctl", "request", 1, 32, ZVIZC_ARG_VALUE);
	expect_arg("ioctl", "arg", 2, 64, ZVIZC_ARG_VALUE);
	expect_arg("openat", "pathname", 1, 64, ZVIZC_ARG_POINTER);
	expect_arg("openat", "flags", 2, 32, ZVIZC_ARG_FLAGS);
	expect_arg("open", "flags", 1, 32, ZVIZC_ARG_FLAGS);
	expect_arg("prctl", "option", 0, 32, ZVIZC_ARG_VALUE);
	expect_arg("prctl", "arg2", 1, 64, ZVIZC_ARG_VALUE);
	expect_arg("prctl", "arg5", 4, 64, ZVIZC_ARG_VALUE);
	expect_arg("mmap", "prot", 2, 64, ZVIZC_ARG_FLAGS);
	expect_arg("mmap", "flags", 3, 64, ZVIZC_ARG_FLAGS);
	expect_arg("mprotect", "prot", 2, 64, ZVIZC_ARG_FLAGS);
	expect_arg("kill", "sig", 1, 32, ZVIZC_ARG_VALUE);
	expect_arg("tgkill", "sig", 2, 32, ZVIZC_ARG_VALUE);
	expect_arg("unshare", "flags", 0, 64, ZVIZC_ARG_FLAGS);
	expect_arg("setns", "nstype", 1, 32, ZVIZC_ARG_FLAGS);
	expect_arg("personality", "persona", 0, 32, ZVIZC_ARG_VALUE);
	expect_arg("fcntl", "cmd", 1, 32, ZVIZC_ARG_VALUE);
	expect_arg("ptrace", "request", 0, 64, ZVIZC_ARG_VALUE);
	expect_arg("seccomp", "operation", 0, 32, ZVIZC_ARG_VALUE);
	expect_arg("bpf", "cmd", 0, 32, ZVIZC_ARG_VALUE);
	expect_arg("keyctl", "option", 0, 32, ZVIZC_ARG_VALUE);
	expect_arg("socketcall", "call", 0, 32, ZVIZC_ARG_VALUE);
	expect_arg("chmod", "mode", 1, 32, ZVIZC_ARG_FLAGS);
	expect_arg("mknodat", "dev", 3, 32, ZVIZC_ARG_VALUE);
	expect_arg("setsockopt", "optname", 2, 32, ZVIZC_ARG_VALUE);
	expect_arg("sendto", "flags", 3, 32, ZVIZC_ARG_FLAGS);
	expect_arg("accept4", "flags", 3, 32, ZVIZC_ARG_FLAGS);
	expect_arg("madvise", "advice", 2, 32, ZVIZC_ARG_VALUE);
	expect_arg("memfd_create", "flags", 1, 32, ZVIZC_ARG_FLAGS);
}

static void test_arg_aliases(void **state)
{
	(void)state;
	/* the kernel's parameter names work too */
	arg("ioctl", "cmd", 1);
	arg("socket", "family", 0);
	arg("openat", "dfd", 0);
	arg("openat", "filename", 1);
	arg("clone", "clone_flags", 0);
	arg("setns", "flags", 1);
	arg("setsockopt", "fd", 0);
	/* but only where they mean something */
	arg("fcntl", "cmd", 1);
	arg("ioctl", "family", -1);
	arg("kill", "dfd", -1);
}

static void test_arg_unknown(void **state)
{
	const struct zvizc_syscall_args *socket_args = zvizc_args_lookup("socket");

	(void)state;
	assert_null(zvizc_args_lookup("no_such_syscall"));
	assert_null(zvizc_args_lookup(""));
	assert_null(zvizc_args_lookup(NULL));
	assert_non_null(socket_args);
	assert_int_equal(zvizc_args_index(socket_args, "flags"), -1);
	assert_int_equal(zvizc_args_index(socket_args, "arg0"), -1);
	assert_int_equal(zvizc_args_index(socket_args, ""), -1);
	assert_int_equal(zvizc_args_index(socket_args, NULL), -1);
	assert_int_equal(zvizc_args_index(NULL, "domain"), -1);
}

/* clone's order differs on CONFIG_CLONE_BACKWARDS ABIs; i386's mmap is
 * old_mmap. */
static void test_arg_abi_orders(void **state)
{
	const struct zvizc_syscall_args *a;

	(void)state;
	a = zvizc_args_lookup_abi("clone", zvizc_abi_by_name("i386"));
	assert_int_equal(zvizc_args_index(a, "flags"), 0);
	assert_int_equal(zvizc_args_index(a, "tls"), 3);
	assert_int_equal(zvizc_args_index(a, "child_tid"), 4);
	a = zvizc_args_lookup_abi("clone", zvizc_abi_by_name("arm"));
	assert_int_equal(zvizc_args_index(a, "tls"), 3);
	a = zvizc_args_lookup_abi("clone", zvizc_abi_by_name("aarch64"));
	assert_ptr_equal(a, zvizc_args_lookup("clone"));
	assert_int_equal(zvizc_args_index(a, "tls"), 4);
	assert_int_equal(zvizc_args_index(a, "child_tid"), 3);
	assert_ptr_equal(zvizc_args_lookup_abi("clone", zvizc_abi_by_name("x32")),
			 zvizc_args_lookup("clone"));

	a = zvizc_args_lookup_abi("mmap", zvizc_abi_by_name("i386"));
	assert_int_equal(a->count, 1);
	assert_int_equal(a->args[0].kind, ZVIZC_ARG_POINTER);
	assert_int_equal(zvizc_args_index(a, "prot"), -1);
	a = zvizc_args_lookup_abi("mmap", zvizc_abi_by_name("x86_64"));
	assert_int_equal(zvizc_args_index(a, "prot"), 2);
	a = zvizc_args_lookup_abi("mmap2", zvizc_abi_by_name("i386"));
	assert_int_equal(zvizc_args_index(a, "prot"), 2);

	assert_ptr_equal(zvizc_args_lookup_abi("socket", zvizc_abi_by_name("i386")),
			 zvizc_args_lookup("socket"));
	assert_null(zvizc_args_lookup_abi("no_such_syscall", zvizc_abi_by_name("i386")));
}

/* The whole table: sorted, well formed, and every entry a real syscall. */
static void test_arg_table(void **state)
{
	static const char *const required[] = {
		"socket", "socketpair", "clone", "clone3", "ioctl", "prctl", "personality",
		"fcntl", "mmap", "mprotect", "kill", "tgkill", "tkill", "setsockopt",
		"getsockopt", "open", "openat", "openat2", "unshare", "setns", "madvise",
		"mknod", "mknodat", "chmod", "fchmod", "fchmodat", "socketcall", "bpf",
		"keyctl", "ptrace", "seccomp", "memfd_create", "pidfd_open", "setuid",
		"setgid", "setreuid", "setregid", "setresuid", "setresgid", "setfsuid",
		"setfsgid", "setgroups", "umask", "dup3", "pipe2", "eventfd2", "accept4",
		"sendto", "recvfrom",
	};
	struct zvizc_syscalls *syscalls = zvizc_syscalls_load();
	const struct zvizc_syscall_args *table;
	size_t count;

	(void)state;
	assert_non_null(syscalls);
	table = zvizc_args_all(&count);
	assert_true(count >= 100);
	for (size_t i = 0; i < count; i++) {
		const struct zvizc_syscall_args *a = &table[i];

		if (i > 0 && strcmp(table[i - 1].syscall, a->syscall) >= 0)
			fail_msg("argument table not sorted/unique at %s", a->syscall);
		if (!zvizc_syscalls_known(syscalls, a->syscall))
			fail_msg("%s is no syscall on any ABI", a->syscall);
		assert_ptr_equal(zvizc_args_lookup(a->syscall), a);
		assert_true(a->count >= 1 && a->count <= 6);
		for (unsigned j = 0; j < 6; j++) {
			const struct zvizc_arg *x = &a->args[j];

			if (j >= a->count) {
				assert_null(x->name);
				continue;
			}
			assert_non_null(x->name);
			assert_true(x->width == 32 || x->width == 64);
			if (x->kind == ZVIZC_ARG_POINTER)
				assert_int_equal(x->width, 64);
			assert_int_equal(zvizc_args_index(a, x->name), (int)j);
			for (unsigned k = 0; k < j; k++)
				assert_string_not_equal(a->args[k].name, x->name);
		}
	}
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (zvizc_args_lookup(required[i]) == NULL)
			fail_msg("%s is missing from the argument table", required[i]);
	}
	zvizc_syscalls_free(syscalls);
}

/* ---------------------------------------------------------------------- */
/* Constants */

static uint64_t constant(const char *name)
{
	const struct zvizc_constant *c = zvizc_constant_lookup(name);

	if (c == NULL)
		fail_msg("constant %s is unknown", name);
	assert_string_equal(c->name, name);
	return c->value;
}

static void test_constant_values(void **state)
{
	(void)state;
	assert_int_equal(constant("AF_UNIX"), 1);
	assert_int_equal(constant("AF_INET"), 2);
	assert_int_equal(constant("AF_INET6"), 10);
	assert_int_equal(constant("AF_VSOCK"), 40);
	assert_int_equal(constant("SOCK_RAW"), 3);
	assert_int_equal(constant("SOCK_CLOEXEC"), 02000000);
	assert_int_equal(constant("CLONE_NEWUSER"), 0x10000000);
	assert_int_equal(constant("CLONE_NEWNS"), 0x00020000);
	assert_int_equal(constant("CLONE_INTO_CGROUP"), 0x200000000ULL);
	assert_int_equal(constant("O_CREAT"), O_CREAT);
	assert_int_equal(constant("O_CLOEXEC"), O_CLOEXEC);
	assert_int_equal(constant("PROT_EXEC"), 4);
	assert_int_equal(constant("MAP_SHARED"), 1);
	assert_int_equal(constant("PR_SET_NO_NEW_PRIVS"), 38);
	assert_int_equal(constant("PR_SET_SECCOMP"), 22);
	assert_int_equal(constant("TIOCSTI"), 0x5412);
	assert_int_equal(constant("TIOCLINUX"), 0x541C);
	assert_int_equal(constant("F_SETFL"), 4);
	assert_int_equal(constant("SIGKILL"), 9);
	assert_int_equal(constant("SIGSYS"), 31);
	assert_int_equal(constant("EPERM"), 1);
	assert_int_equal(constant("ENOSYS"), 38);
	assert_int_equal(constant("EAFNOSUPPORT"), 97);
	assert_int_equal(constant("IPPROTO_TCP"), 6);
	assert_int_equal(constant("SOL_SOCKET"), 1);
	assert_int_equal(constant("MSG_DONTWAIT"), 0x40);
	assert_int_equal(constant("MADV_DONTNEED"), 4);
	assert_int_equal(constant("S_IFCHR"), 0020000);
	assert_int_equal(constant("SECCOMP_SET_MODE_FILTER"), 1);
	assert_int_equal(constant("PTRACE_TRACEME"), 0);
	assert_int_equal(constant("CAP_NET_BIND_SERVICE"), 10);
	assert_int_equal(constant("CAP_SYS_ADMIN"), 21);
	assert_int_equal(constant("RLIMIT_NOFILE"), 7);
	/* negative in C: sign-extended, low 32 bits as the kernel's int */
	assert_int_equal(constant("AT_FDCWD"), (uint64_t)-100);
	assert_int_equal((int32_t)(uint32_t)constant("AT_FDCWD"), -100);
}

static void test_constant_unknown(void **state)
{
	(void)state;
	assert_null(zvizc_constant_lookup("AF_NOPE"));
	assert_null(zvizc_constant_lookup(""));
	assert_null(zvizc_constant_lookup("af_inet"));
	assert_null(zvizc_constant_lookup(NULL));
	/* not integer constants, or not in a family */
	assert_null(zvizc_constant_lookup("SIG_DFL"));
	assert_null(zvizc_constant_lookup("SIG_IGN"));
	assert_null(zvizc_constant_lookup("SIGRTMIN"));
	assert_null(zvizc_constant_lookup("MAP_FAILED"));
	assert_null(zvizc_constant_lookup("EOF"));
}

static void test_constant_table(void **state)
{
	static const struct {
		const char *prefix;
		size_t min;
	} families[] = {
		{ "AF_", 40 }, { "PF_", 40 }, { "SOCK_", 7 }, { "SOL_", 20 }, { "SO_", 50 },
		{ "MSG_", 15 }, { "IPPROTO_", 20 }, { "CLONE_", 25 }, { "O_", 20 }, { "F_", 30 },
		{ "FD_CLOEXEC", 1 }, { "AT_", 8 }, { "PROT_", 5 }, { "MAP_", 15 }, { "MADV_", 15 },
		{ "MREMAP_", 2 }, { "MFD_", 3 }, { "PR_", 100 }, { "TIOC", 40 }, { "FIO", 5 },
		{ "TC", 10 }, { "SIG", 30 }, { "S_I", 15 }, { "SECCOMP_", 20 }, { "PTRACE_", 40 },
		{ "KEYCTL_", 30 }, { "GRND_", 2 }, { "EFD_", 2 }, { "CAP_", 38 }, { "RLIMIT_", 15 },
		{ "E", 120 },	/* errno names, and EFD_ */
	};
	const struct zvizc_constant *all;
	char summary[1024] = "";
	size_t count, used = 0;

	(void)state;
	all = zvizc_constants_all(&count);
	assert_true(count > 900);
	for (size_t i = 1; i < count; i++) {
		if (strcmp(all[i - 1].name, all[i].name) >= 0)
			fail_msg("constants not sorted/unique: %s, %s", all[i - 1].name, all[i].name);
	}
	for (size_t i = 0; i < count; i++)
		assert_ptr_equal(zvizc_constant_lookup(all[i].name), &all[i]);

	for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
		size_t prefix_len = strlen(families[f].prefix), n = 0;

		for (size_t i = 0; i < count; i++)
			n += strncmp(all[i].name, families[f].prefix, prefix_len) == 0;
		if (n < families[f].min)
			fail_msg("family %s: %zu constants, want at least %zu", families[f].prefix, n,
				 families[f].min);
		used += (size_t)snprintf(summary + used, sizeof(summary) - used, " %s=%zu",
					 families[f].prefix, n);
		assert_true(used < sizeof(summary));
	}
	print_message("# %zu constants:%s\n", count, summary);
}

/* ---------------------------------------------------------------------- */
/* Errno names */

static void test_errno_values(void **state)
{
	(void)state;
	assert_int_equal(zvizc_errno_by_name("EPERM"), 1);
	assert_int_equal(zvizc_errno_by_name("ENOSYS"), 38);
	assert_int_equal(zvizc_errno_by_name("EAFNOSUPPORT"), 97);
	assert_int_equal(zvizc_errno_by_name("EAGAIN"), EAGAIN);
	assert_int_equal(zvizc_errno_by_name("EWOULDBLOCK"), EAGAIN);
	assert_int_equal(zvizc_errno_by_name("EHWPOISON"), EHWPOISON);
	assert_string_equal(zvizc_errno_name(EAGAIN), "EAGAIN");
	assert_string_equal(zvizc_errno_name(EDEADLK), "EDEADLK");
	assert_string_equal(zvizc_errno_name(EOPNOTSUPP), "EOPNOTSUPP");
	assert_string_equal(zvizc_errno_name(1), "EPERM");
	assert_string_equal(zvizc_errno_name(38), "ENOSYS");
	assert_int_equal(zvizc_errno_by_name("EFD_CLOEXEC"), -1);
	assert_int_equal(zvizc_errno_by_name("SIGKILL"), -1);
	assert_int_equal(zvizc_errno_by_name("eperm"), -1);
	assert_int_equal(zvizc_errno_by_name(""), -1);
	assert_int_equal(zvizc_errno_by_name(NULL), -1);
	assert_null(zvizc_errno_name(0));
	assert_null(zvizc_errno_name(-1));
	assert_null(zvizc_errno_name(4095));
}

/* Every errno name round trips, its canonical name has its value, and
 * each value is one the C library has a message for. */
static void test_errno_round_trip(void **state)
{
	const struct zvizc_errno_entry *all;
	size_t count, aliases = 0;

	(void)state;
	all = zvizc_errno_all(&count);
	assert_true(count >= 120);
	for (size_t i = 0; i < count; i++) {
		const struct zvizc_errno_entry *e = &all[i];
		const char *canonical;
		char unknown[64];

		if (i > 0)
			assert_true(strcmp(all[i - 1].name, e->name) < 0);
		assert_true(e->value >= 1 && e->value <= 4095);
		assert_int_equal(zvizc_errno_by_name(e->name), e->value);
		canonical = zvizc_errno_name(e->value);
		assert_non_null(canonical);
		assert_int_equal(zvizc_errno_by_name(canonical), e->value);
		if (e->alias) {
			assert_string_not_equal(canonical, e->name);
			aliases++;
		} else {
			assert_string_equal(canonical, e->name);
		}
		/* the constant table carries errno names too */
		assert_int_equal(constant(e->name), (uint64_t)e->value);
		snprintf(unknown, sizeof(unknown), "Unknown error %d", e->value);
		assert_string_not_equal(strerror(e->value), unknown);
	}
	assert_true(aliases >= 3);	/* EWOULDBLOCK, EDEADLOCK, ENOTSUP */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arg_widths_and_kinds),
		cmocka_unit_test(test_arg_aliases),
		cmocka_unit_test(test_arg_unknown),
		cmocka_unit_test(test_arg_abi_orders),
		cmocka_unit_test(test_arg_table),
		cmocka_unit_test(test_constant_values),
		cmocka_unit_test(test_constant_unknown),
		cmocka_unit_test(test_constant_table),
		cmocka_unit_test(test_errno_values),
		cmocka_unit_test(test_errno_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
