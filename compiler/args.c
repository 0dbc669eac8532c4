/* zvizc: syscall argument descriptions (see args.h).  Widths come from the
 * kernel's SYSCALL_DEFINE signatures: `int`, `unsigned int`, pid_t, uid_t,
 * gid_t, key_t and umode_t are 32 bits, `long`, `unsigned long`, size_t
 * and pointers 64.  Keep the table sorted by syscall name (strcmp order):
 * lookups bsearch it and the unit test checks the order. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <seccomp.h>

#include "args.h"

#define V32(name)	{ (name), 32, ZVIZC_ARG_VALUE }
#define V64(name)	{ (name), 64, ZVIZC_ARG_VALUE }
#define F32(name)	{ (name), 32, ZVIZC_ARG_FLAGS }
#define F64(name)	{ (name), 64, ZVIZC_ARG_FLAGS }
#define PTR(name)	{ (name), 64, ZVIZC_ARG_POINTER }

/* The count is the number of arguments written, so it cannot drift. */
#define SYSCALL(name, ...) { (name), \
	sizeof((const struct zvizc_arg[]){ __VA_ARGS__ }) / sizeof(struct zvizc_arg), \
	{ __VA_ARGS__ } }

/* Shared shapes. */
#define ID_ARGS_1(a)		V32(a)
#define CHOWN_ARGS		PTR("pathname"), V32("owner"), V32("group")
#define SETRES_ARGS(r, e, s)	V32(r), V32(e), V32(s)
#define MMAP_ARGS(last)		V64("addr"), V64("len"), F64("prot"), F64("flags"), V64("fd"), V64(last)

static const struct zvizc_syscall_args table[] = {
	SYSCALL("accept", V32("sockfd"), PTR("addr"), PTR("addrlen")),
	SYSCALL("accept4", V32("sockfd"), PTR("addr"), PTR("addrlen"), F32("flags")),
	SYSCALL("arch_prctl", V32("code"), V64("addr")),
	SYSCALL("bind", V32("sockfd"), PTR("addr"), V32("addrlen")),
	SYSCALL("bpf", V32("cmd"), PTR("attr"), V32("size")),
	SYSCALL("capget", PTR("hdrp"), PTR("datap")),
	SYSCALL("capset", PTR("hdrp"), PTR("datap")),
	SYSCALL("chdir", PTR("pathname")),
	SYSCALL("chmod", PTR("pathname"), F32("mode")),
	SYSCALL("chown", CHOWN_ARGS),
	SYSCALL("chown32", CHOWN_ARGS),
	SYSCALL("chroot", PTR("pathname")),
	SYSCALL("clone", F64("flags"), PTR("newsp"), PTR("parent_tid"), PTR("child_tid"), V64("tls")),
	SYSCALL("clone3", PTR("uargs"), V64("size")),
	SYSCALL("close", V32("fd")),
	SYSCALL("close_range", V32("fd"), V32("max_fd"), F32("flags")),
	SYSCALL("connect", V32("sockfd"), PTR("addr"), V32("addrlen")),
	SYSCALL("creat", PTR("pathname"), F32("mode")),
	SYSCALL("dup", V32("oldfd")),
	SYSCALL("dup2", V32("oldfd"), V32("newfd")),
	SYSCALL("dup3", V32("oldfd"), V32("newfd"), F32("flags")),
	SYSCALL("epoll_create1", F32("flags")),
	SYSCALL("eventfd", V32("initval")),
	SYSCALL("eventfd2", V32("initval"), F32("flags")),
	SYSCALL("execve", PTR("pathname"), PTR("argv"), PTR("envp")),
	SYSCALL("execveat", V32("dirfd"), PTR("pathname"), PTR("argv"), PTR("envp"), F32("flags")),
	SYSCALL("faccessat", V32("dirfd"), PTR("pathname"), F32("mode")),
	SYSCALL("faccessat2", V32("dirfd"), PTR("pathname"), F32("mode"), F32("flags")),
	SYSCALL("fanotify_init", F32("flags"), F32("event_f_flags")),
	SYSCALL("fchdir", V32("fd")),
	SYSCALL("fchmod", V32("fd"), F32("mode")),
	SYSCALL("fchmodat", V32("dirfd"), PTR("pathname"), F32("mode")),
	SYSCALL("fchmodat2", V32("dirfd"), PTR("pathname"), F32("mode"), F32("flags")),
	SYSCALL("fchown", V32("fd"), V32("owner"), V32("group")),
	SYSCALL("fchown32", V32("fd"), V32("owner"), V32("group")),
	SYSCALL("fchownat", V32("dirfd"), PTR("pathname"), V32("owner"), V32("group"), F32("flags")),
	SYSCALL("fcntl", V32("fd"), V32("cmd"), V64("arg")),
	SYSCALL("fcntl64", V32("fd"), V32("cmd"), V64("arg")),
	SYSCALL("finit_module", V32("fd"), PTR("param_values"), F32("flags")),
	SYSCALL("flock", V32("fd"), V32("operation")),
	SYSCALL("fsconfig", V32("fd"), V32("cmd"), PTR("key"), PTR("value"), V32("aux")),
	SYSCALL("fsmount", V32("fs_fd"), F32("flags"), F32("attr_flags")),
	SYSCALL("fsopen", PTR("fsname"), F32("flags")),
	SYSCALL("fspick", V32("dirfd"), PTR("pathname"), F32("flags")),
	SYSCALL("futex", PTR("uaddr"), V32("futex_op"), V32("val"), PTR("timeout"), PTR("uaddr2"),
		V32("val3")),
	SYSCALL("getrandom", PTR("buf"), V64("buflen"), F32("flags")),
	SYSCALL("getsockopt", V32("sockfd"), V32("level"), V32("optname"), PTR("optval"),
		PTR("optlen")),
	SYSCALL("init_module", PTR("module_image"), V64("len"), PTR("param_values")),
	SYSCALL("io_uring_setup", V32("entries"), PTR("params")),
	SYSCALL("ioctl", V32("fd"), V32("request"), V64("arg")),
	SYSCALL("ioperm", V64("from"), V64("num"), V32("turn_on")),
	SYSCALL("iopl", V32("level")),
	SYSCALL("ipc", V32("call"), V32("first"), V64("second"), V64("third"), PTR("ptr"),
		V64("fifth")),
	SYSCALL("kcmp", V32("pid1"), V32("pid2"), V32("type"), V64("idx1"), V64("idx2")),
	SYSCALL("kexec_file_load", V32("kernel_fd"), V32("initrd_fd"), V64("cmdline_len"),
		PTR("cmdline"), F64("flags")),
	SYSCALL("kexec_load", V64("entry"), V64("nr_segments"), PTR("segments"), F64("flags")),
	SYSCALL("keyctl", V32("option"), V64("arg2"), V64("arg3"), V64("arg4"), V64("arg5")),
	SYSCALL("kill", V32("pid"), V32("sig")),
	SYSCALL("landlock_add_rule", V32("ruleset_fd"), V32("rule_type"), PTR("rule_attr"),
		F32("flags")),
	SYSCALL("landlock_create_ruleset", PTR("attr"), V64("size"), F32("flags")),
	SYSCALL("landlock_restrict_self", V32("ruleset_fd"), F32("flags")),
	SYSCALL("lchown", CHOWN_ARGS),
	SYSCALL("lchown32", CHOWN_ARGS),
	SYSCALL("link", PTR("oldpath"), PTR("newpath")),
	SYSCALL("linkat", V32("olddirfd"), PTR("oldpath"), V32("newdirfd"), PTR("newpath"),
		F32("flags")),
	SYSCALL("listen", V32("sockfd"), V32("backlog")),
	SYSCALL("madvise", V64("addr"), V64("len"), V32("advice")),
	SYSCALL("memfd_create", PTR("name"), F32("flags")),
	SYSCALL("memfd_secret", F32("flags")),
	SYSCALL("mkdir", PTR("pathname"), F32("mode")),
	SYSCALL("mkdirat", V32("dirfd"), PTR("pathname"), F32("mode")),
	SYSCALL("mknod", PTR("pathname"), F32("mode"), V32("dev")),
	SYSCALL("mknodat", V32("dirfd"), PTR("pathname"), F32("mode"), V32("dev")),
	SYSCALL("mlock", V64("addr"), V64("len")),
	SYSCALL("mlock2", V64("addr"), V64("len"), F32("flags")),
	SYSCALL("mlockall", F32("flags")),
	SYSCALL("mmap", MMAP_ARGS("offset")),
	SYSCALL("mmap2", MMAP_ARGS("pgoff")),
	SYSCALL("mount", PTR("source"), PTR("target"), PTR("filesystemtype"), F64("mountflags"),
		PTR("data")),
	SYSCALL("mount_setattr", V32("dirfd"), PTR("pathname"), F32("flags"), PTR("attr"),
		V64("size")),
	SYSCALL("move_mount", V32("from_dirfd"), PTR("from_pathname"), V32("to_dirfd"),
		PTR("to_pathname"), F32("flags")),
	SYSCALL("mprotect", V64("addr"), V64("len"), F64("prot")),
	SYSCALL("mremap", V64("addr"), V64("old_len"), V64("new_len"), F64("flags"),
		V64("new_addr")),
	SYSCALL("msync", V64("addr"), V64("len"), F32("flags")),
	SYSCALL("munmap", V64("addr"), V64("len")),
	SYSCALL("name_to_handle_at", V32("dirfd"), PTR("pathname"), PTR("handle"), PTR("mount_id"),
		F32("flags")),
	SYSCALL("open", PTR("pathname"), F32("flags"), F32("mode")),
	SYSCALL("open_by_handle_at", V32("mount_fd"), PTR("handle"), F32("flags")),
	SYSCALL("open_tree", V32("dirfd"), PTR("pathname"), F32("flags")),
	SYSCALL("openat", V32("dirfd"), PTR("pathname"), F32("flags"), F32("mode")),
	SYSCALL("openat2", V32("dirfd"), PTR("pathname"), PTR("how"), V64("size")),
	SYSCALL("perf_event_open", PTR("attr"), V32("pid"), V32("cpu"), V32("group_fd"),
		F64("flags")),
	SYSCALL("personality", V32("persona")),
	SYSCALL("pidfd_getfd", V32("pidfd"), V32("targetfd"), F32("flags")),
	SYSCALL("pidfd_open", V32("pid"), F32("flags")),
	SYSCALL("pidfd_send_signal", V32("pidfd"), V32("sig"), PTR("info"), F32("flags")),
	SYSCALL("pipe", PTR("pipefd")),
	SYSCALL("pipe2", PTR("pipefd"), F32("flags")),
	SYSCALL("pivot_root", PTR("new_root"), PTR("put_old")),
	SYSCALL("pkey_alloc", F64("flags"), V64("access_rights")),
	SYSCALL("pkey_mprotect", V64("addr"), V64("len"), F64("prot"), V32("pkey")),
	SYSCALL("prctl", V32("option"), V64("arg2"), V64("arg3"), V64("arg4"), V64("arg5")),
	SYSCALL("prlimit64", V32("pid"), V32("resource"), PTR("new_limit"), PTR("old_limit")),
	SYSCALL("process_madvise", V32("pidfd"), PTR("iovec"), V64("vlen"), V32("advice"),
		F32("flags")),
	SYSCALL("process_vm_readv", V32("pid"), PTR("local_iov"), V64("liovcnt"), PTR("remote_iov"),
		V64("riovcnt"), F64("flags")),
	SYSCALL("process_vm_writev", V32("pid"), PTR("local_iov"), V64("liovcnt"), PTR("remote_iov"),
		V64("riovcnt"), F64("flags")),
	SYSCALL("ptrace", V64("request"), V64("pid"), V64("addr"), V64("data")),
	SYSCALL("read", V32("fd"), PTR("buf"), V64("count")),
	SYSCALL("reboot", V32("magic"), V32("magic2"), V32("cmd"), PTR("arg")),
	SYSCALL("recvfrom", V32("sockfd"), PTR("buf"), V64("len"), F32("flags"), PTR("src_addr"),
		PTR("addrlen")),
	SYSCALL("recvmmsg", V32("sockfd"), PTR("msgvec"), V32("vlen"), F32("flags"), PTR("timeout")),
	SYSCALL("recvmsg", V32("sockfd"), PTR("msg"), F32("flags")),
	SYSCALL("renameat2", V32("olddirfd"), PTR("oldpath"), V32("newdirfd"), PTR("newpath"),
		F32("flags")),
	SYSCALL("rt_sigaction", V32("signum"), PTR("act"), PTR("oldact"), V64("sigsetsize")),
	SYSCALL("rt_sigprocmask", V32("how"), PTR("set"), PTR("oldset"), V64("sigsetsize")),
	SYSCALL("rt_sigqueueinfo", V32("tgid"), V32("sig"), PTR("info")),
	SYSCALL("rt_tgsigqueueinfo", V32("tgid"), V32("tid"), V32("sig"), PTR("info")),
	SYSCALL("sched_setscheduler", V32("pid"), V32("policy"), PTR("param")),
	SYSCALL("seccomp", V32("operation"), F32("flags"), PTR("args")),
	SYSCALL("semctl", V32("semid"), V32("semnum"), V32("cmd"), V64("arg")),
	SYSCALL("semget", V32("key"), V32("nsems"), F32("semflg")),
	SYSCALL("sendmmsg", V32("sockfd"), PTR("msgvec"), V32("vlen"), F32("flags")),
	SYSCALL("sendmsg", V32("sockfd"), PTR("msg"), F32("flags")),
	SYSCALL("sendto", V32("sockfd"), PTR("buf"), V64("len"), F32("flags"), PTR("dest_addr"),
		V32("addrlen")),
	SYSCALL("setdomainname", PTR("name"), V32("len")),
	SYSCALL("setfsgid", ID_ARGS_1("fsgid")),
	SYSCALL("setfsgid32", ID_ARGS_1("fsgid")),
	SYSCALL("setfsuid", ID_ARGS_1("fsuid")),
	SYSCALL("setfsuid32", ID_ARGS_1("fsuid")),
	SYSCALL("setgid", ID_ARGS_1("gid")),
	SYSCALL("setgid32", ID_ARGS_1("gid")),
	SYSCALL("setgroups", V32("size"), PTR("list")),
	SYSCALL("setgroups32", V32("size"), PTR("list")),
	SYSCALL("sethostname", PTR("name"), V32("len")),
	SYSCALL("setns", V32("fd"), F32("nstype")),
	SYSCALL("setpgid", V32("pid"), V32("pgid")),
	SYSCALL("setpriority", V32("which"), V32("who"), V32("prio")),
	SYSCALL("setregid", V32("rgid"), V32("egid")),
	SYSCALL("setregid32", V32("rgid"), V32("egid")),
	SYSCALL("setresgid", SETRES_ARGS("rgid", "egid", "sgid")),
	SYSCALL("setresgid32", SETRES_ARGS("rgid", "egid", "sgid")),
	SYSCALL("setresuid", SETRES_ARGS("ruid", "euid", "suid")),
	SYSCALL("setresuid32", SETRES_ARGS("ruid", "euid", "suid")),
	SYSCALL("setreuid", V32("ruid"), V32("euid")),
	SYSCALL("setreuid32", V32("ruid"), V32("euid")),
	SYSCALL("setrlimit", V32("resource"), PTR("rlim")),
	SYSCALL("setsockopt", V32("sockfd"), V32("level"), V32("optname"), PTR("optval"),
		V32("optlen")),
	SYSCALL("setuid", ID_ARGS_1("uid")),
	SYSCALL("setuid32", ID_ARGS_1("uid")),
	SYSCALL("shmat", V32("shmid"), PTR("shmaddr"), F32("shmflg")),
	SYSCALL("shmctl", V32("shmid"), V32("cmd"), PTR("buf")),
	SYSCALL("shmget", V32("key"), V64("size"), F32("shmflg")),
	SYSCALL("shutdown", V32("sockfd"), V32("how")),
	SYSCALL("signalfd4", V32("fd"), PTR("mask"), V64("sizemask"), F32("flags")),
	SYSCALL("socket", V32("domain"), F32("type"), V32("protocol")),
	SYSCALL("socketcall", V32("call"), PTR("args")),
	SYSCALL("socketpair", V32("domain"), F32("type"), V32("protocol"), PTR("sv")),
	SYSCALL("statx", V32("dirfd"), PTR("pathname"), F32("flags"), F32("mask"), PTR("statxbuf")),
	SYSCALL("swapoff", PTR("path")),
	SYSCALL("swapon", PTR("path"), F32("swapflags")),
	SYSCALL("symlink", PTR("target"), PTR("linkpath")),
	SYSCALL("symlinkat", PTR("target"), V32("newdirfd"), PTR("linkpath")),
	SYSCALL("syslog", V32("type"), PTR("bufp"), V32("len")),
	SYSCALL("tgkill", V32("tgid"), V32("tid"), V32("sig")),
	SYSCALL("timerfd_create", V32("clockid"), F32("flags")),
	SYSCALL("tkill", V32("tid"), V32("sig")),
	SYSCALL("umask", F32("mask")),
	SYSCALL("umount2", PTR("target"), F32("flags")),
	SYSCALL("unlink", PTR("pathname")),
	SYSCALL("unlinkat", V32("dirfd"), PTR("pathname"), F32("flags")),
	SYSCALL("unshare", F64("flags")),
	SYSCALL("userfaultfd", F32("flags")),
	SYSCALL("wait4", V32("pid"), PTR("wstatus"), F32("options"), PTR("rusage")),
	SYSCALL("waitid", V32("idtype"), V32("id"), PTR("infop"), F32("options"), PTR("rusage")),
	SYSCALL("write", V32("fd"), PTR("buf"), V64("count")),
};

/* ABIs whose kernel selects CONFIG_CLONE_BACKWARDS: tls is the fourth
 * argument, child_tid the fifth. */
static const struct zvizc_syscall_args clone_backwards =
	SYSCALL("clone", F64("flags"), PTR("newsp"), PTR("parent_tid"), V64("tls"), PTR("child_tid"));

/* i386's mmap is old_mmap(struct mmap_arg_struct *): the six values live in
 * user memory (glibc uses mmap2). */
static const struct zvizc_syscall_args old_mmap = SYSCALL("mmap", PTR("arg"));

static const struct {
	uint32_t token;
	const struct zvizc_syscall_args *args;
} abi_overrides[] = {
	{ SCMP_ARCH_X86,	&clone_backwards },
	{ SCMP_ARCH_ARM,	&clone_backwards },
	{ SCMP_ARCH_X86,	&old_mmap },
};

/* The kernel's parameter names where ours differ.  A NULL syscall applies
 * to every syscall that has the canonical name. */
static const struct {
	const char *syscall;
	const char *kernel_name;
	const char *name;
} arg_aliases[] = {
	{ NULL,			"dfd",		"dirfd" },
	{ NULL,			"filename",	"pathname" },
	{ NULL,			"family",	"domain" },
	{ NULL,			"fd",		"sockfd" },
	{ NULL,			"start",	"addr" },
	{ "clone",		"clone_flags",	"flags" },
	{ "clone3",		"cl_args",	"uargs" },
	{ "ioctl",		"cmd",		"request" },
	{ "madvise",		"behavior",	"advice" },
	{ "memfd_create",	"uname",	"name" },
	{ "mmap",		"off",		"offset" },
	{ "personality",	"personality",	"persona" },
	{ "process_madvise",	"behavior",	"advice" },
	{ "rt_sigaction",	"sig",		"signum" },
	{ "rt_tgsigqueueinfo",	"pid",		"tid" },
	{ "seccomp",		"op",		"operation" },
	{ "setns",		"flags",	"nstype" },
	{ "tgkill",		"pid",		"tid" },
	{ "tkill",		"pid",		"tid" },
	{ "unshare",		"unshare_flags", "flags" },
};

static int compare_syscall_name(const void *key, const void *element)
{
	const struct zvizc_syscall_args *a = element;

	return strcmp(key, a->syscall);
}

const struct zvizc_syscall_args *zvizc_args_lookup(const char *syscall)
{
	if (syscall == NULL)
		return NULL;
	return bsearch(syscall, table, sizeof(table) / sizeof(table[0]), sizeof(table[0]),
		       compare_syscall_name);
}

const struct zvizc_syscall_args *zvizc_args_lookup_abi(const char *syscall,
						       const struct zvizc_abi *abi)
{
	if (syscall != NULL && abi != NULL) {
		for (size_t i = 0; i < sizeof(abi_overrides) / sizeof(abi_overrides[0]); i++) {
			if (abi_overrides[i].token == abi->token &&
			    strcmp(abi_overrides[i].args->syscall, syscall) == 0)
				return abi_overrides[i].args;
		}
	}
	return zvizc_args_lookup(syscall);
}

static int index_of(const struct zvizc_syscall_args *a, const char *arg_name)
{
	for (unsigned i = 0; i < a->count; i++) {
		if (strcmp(a->args[i].name, arg_name) == 0)
			return (int)i;
	}
	return -1;
}

int zvizc_args_index(const struct zvizc_syscall_args *a, const char *arg_name)
{
	int index;

	if (a == NULL || arg_name == NULL)
		return -1;
	index = index_of(a, arg_name);
	if (index >= 0)
		return index;
	for (size_t i = 0; i < sizeof(arg_aliases) / sizeof(arg_aliases[0]); i++) {
		if (arg_aliases[i].syscall != NULL && strcmp(arg_aliases[i].syscall, a->syscall) != 0)
			continue;
		if (strcmp(arg_aliases[i].kernel_name, arg_name) == 0) {
			index = index_of(a, arg_aliases[i].name);
			if (index >= 0)
				return index;
		}
	}
	return -1;
}

const struct zvizc_syscall_args *zvizc_args_all(size_t *count)
{
	*count = sizeof(table) / sizeof(table[0]);
	return table;
}
