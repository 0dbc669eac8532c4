/* zviz escape probes: one static program, run inside the sandbox by
 * testsuite/escape/run-probes.sh.
 *
 *   probe NAME                        run one probe; print one line:
 *                                       "blocked <how>"  or  "ESCAPED <what>"
 *                                     (or "ERROR <why>" when it cannot tell)
 *   probe --list                      print "NAME CLASS" for every probe
 *   probe listen-abstract NAME [PATH] (outside the sandbox) accept connections
 *                                     on the abstract unix socket NAME, and on
 *                                     the unix socket file PATH, until killed
 *   probe noop                        exit 0 (what exec-tmp tries to run)
 *
 * Every probe runs in a forked child, so a probe killed by the seccomp
 * filter (or the OOM killer) is reported by its parent: "blocked killed by
 * SIGSYS".  Every probe is harmless when run without any sandbox: it uses
 * invalid arguments that fail after the privilege check (EINVAL, ENOENT,
 * ENOEXEC ... then mean "would have been allowed"), opens for writing
 * without ever writing, acts only on its own child process or its own
 * temporary directory, and never sends a packet (egress is a UDP connect(),
 * a route lookup).  It never touches AF_VSOCK.
 *
 * The environment (set by the runner in config.json):
 *   ZVIZ_PROBE_MARKER     host path of a file outside the rootfs
 *   ZVIZ_PROBE_TOKEN      that file's content
 *   ZVIZ_PROBE_SOCK       host path of a listening unix socket outside the rootfs
 *   ZVIZ_PROBE_ABSTRACT   name of a listening abstract unix socket on the host
 *   ZVIZ_PROBE_HOST_PID   a process outside the sandbox (signal-host sends it signal 0)
 *   ZVIZ_PROBE_PIDS, ZVIZ_PROBE_NOFILE, ZVIZ_PROBE_MEMORY_MIB
 *                         the profile's limits (unset: no limit expected) */
#include <config.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/io_uring.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <linux/reboot.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define PROC_MAGIC 0x9fa0
#define SYSFS_MAGIC 0x62656572
#define NOWHERE "/nonexistent-zviz-probe"
#define PROBE_TIMEOUT_MS 240000

/* What a probe gets: the run's parameters and where to put its verdict. */
struct env {
	const char *tmpdir;        /* a private directory, or NULL if none could be made */
	int tmp_errno;             /* why not */
	char *canary;              /* a buffer in the parent (same address in the child) */
	size_t canary_len;
	const char *marker;        /* host path of the marker file outside the rootfs */
	const char *token;         /* the marker's content */
	const char *sock;          /* host path of a listening unix socket outside the rootfs */
	const char *abstract;      /* name of a listening abstract socket on the host */
	long pids, nofile, memory_mib; /* the profile's limits, 0 when unknown */
	int out;                   /* the verdict goes here */
};

struct probe {
	const char *name;
	const char *cls;
	void (*run)(const struct env *);
};

static const char *ename(int err)
{
	const char *n = strerrorname_np(err);

	return n != NULL ? n : "E?";
}

__attribute__((format(printf, 3, 4))) static void verdict(const struct env *e, const char *kind,
							  const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int len = snprintf(line, sizeof(line), "%s ", kind);

	va_start(ap, fmt);
	vsnprintf(line + len, sizeof(line) - (size_t)len - 1, fmt, ap);
	va_end(ap);
	len = (int)strlen(line);
	line[len++] = '\n';
	if (write(e->out, line, (size_t)len) < 0)
		_exit(99);
}

#define blocked(e, ...) verdict(e, "blocked", __VA_ARGS__)
#define escaped(e, ...) verdict(e, "ESCAPED", __VA_ARGS__)
#define error(e, ...) verdict(e, "ERROR", __VA_ARGS__)

/* rc < 0: blocked with errno's name; otherwise WHAT succeeded. */
static void by_result(const struct env *e, long rc, const char *what)
{
	if (rc < 0)
		blocked(e, "%s", ename(errno));
	else
		escaped(e, "%s succeeded", what);
}

/* A call made with arguments that are invalid only AFTER the privilege
 * check: PAST (an errno the kernel gives once past it) or success mean it
 * would have worked; anything else is the gate (or the filter) saying no. */
static void by_gate(const struct env *e, long rc, int past, const char *what)
{
	if (rc >= 0)
		escaped(e, "%s succeeded", what);
	else if (errno == past)
		escaped(e, "%s passed the privilege check (stopped only by the invalid argument: %s)", what,
			ename(errno));
	else
		blocked(e, "%s", ename(errno));
}

static int need_tmp(const struct env *e)
{
	if (e->tmpdir != NULL)
		return 1;
	blocked(e, "no private temporary directory could be made in /tmp (%s)", ename(e->tmp_errno));
	return 0;
}

static void tmp_path(const struct env *e, char *buf, size_t len, const char *leaf)
{
	snprintf(buf, len, "%s/%s", e->tmpdir, leaf);
}

/* ---------------------------------------------------------------- namespaces */

static void p_unshare_user(const struct env *e)
{
	by_result(e, unshare(CLONE_NEWUSER), "unshare(CLONE_NEWUSER)");
}

static void p_unshare_mount(const struct env *e)
{
	by_result(e, unshare(CLONE_NEWNS), "unshare(CLONE_NEWNS)");
}

static void p_unshare_net(const struct env *e)
{
	by_result(e, unshare(CLONE_NEWNET), "unshare(CLONE_NEWNET)");
}

static void setns_probe(const struct env *e, const char *ns, int type)
{
	char path[64], what[96];
	int fd;

	snprintf(path, sizeof(path), "/proc/1/ns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		blocked(e, "open %s: %s", path, ename(errno));
		return;
	}
	snprintf(what, sizeof(what), "setns(%s)", path);
	by_result(e, setns(fd, type), what);
}

static void p_setns_mnt(const struct env *e)
{
	setns_probe(e, "mnt", CLONE_NEWNS);
}

static void p_setns_net(const struct env *e)
{
	setns_probe(e, "net", CLONE_NEWNET);
}

static void p_setns_user(const struct env *e)
{
	setns_probe(e, "user", CLONE_NEWUSER);
}

/* clone(2) through the raw system call: without CLONE_VM the child runs on
 * a copy of our stack and returns here with 0, like fork. */
static void clone_probe(const struct env *e, unsigned long flags, const char *what)
{
	long pid = syscall(SYS_clone, flags | SIGCHLD, 0L, 0L, 0L, 0L);

	if (pid == 0)
		_exit(0);
	if (pid < 0) {
		blocked(e, "%s", ename(errno));
		return;
	}
	waitpid((pid_t)pid, NULL, 0);
	escaped(e, "%s made a process", what);
}

static void p_clone_newuser(const struct env *e)
{
	clone_probe(e, CLONE_NEWUSER, "clone(CLONE_NEWUSER)");
}

static void p_clone_newnet(const struct env *e)
{
	clone_probe(e, CLONE_NEWNET, "clone(CLONE_NEWNET)");
}

/* struct clone_args, version 0 (64 bytes), as the kernel reads it. */
struct clone3_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

static void p_clone3_ns(const struct env *e)
{
	struct clone3_args args;
	long pid;

	memset(&args, 0, sizeof(args));
	args.flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET;
	args.exit_signal = SIGCHLD;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		_exit(0);
	if (pid < 0) {
		blocked(e, "%s", ename(errno));
		return;
	}
	waitpid((pid_t)pid, NULL, 0);
	escaped(e, "clone3(CLONE_NEWUSER|CLONE_NEWNS|CLONE_NEWPID|CLONE_NEWNET) made a process");
}

/* The pid namespace: a host process (the runner's listener) is not there. */
static void p_signal_host(const struct env *e)
{
	const char *v = getenv("ZVIZ_PROBE_HOST_PID");
	long pid = v != NULL ? strtol(v, NULL, 10) : 0;

	if (pid <= 1) {
		error(e, "ZVIZ_PROBE_HOST_PID is not set");
		return;
	}
	/* signal 0: only the existence and permission check */
	if (kill((pid_t)pid, 0) < 0)
		blocked(e, "%s", ename(errno));
	else
		escaped(e, "kill(%ld, 0) reached host process %ld", pid, pid);
}

/* ---------------------------------------------------------------- capabilities */

static void p_cap_status(const struct env *e)
{
	static const char *const keys[] = { "CapInh:", "CapPrm:", "CapEff:", "CapBnd:", "CapAmb:" };
	char line[256];
	FILE *f = fopen("/proc/self/status", "re");
	int seen = 0;

	if (f == NULL) {
		error(e, "/proc/self/status: %s", ename(errno));
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			size_t k = strlen(keys[i]);
			unsigned long long v;

			if (strncmp(line, keys[i], k) != 0)
				continue;
			seen++;
			v = strtoull(line + k, NULL, 16);
			if (v != 0) {
				line[strcspn(line, "\n")] = '\0';
				fclose(f);
				escaped(e, "capabilities held: %s", line);
				return;
			}
		}
	}
	fclose(f);
	if (seen != 5)
		error(e, "found %d of the 5 Cap lines in /proc/self/status", seen);
	else
		blocked(e, "CapInh, CapPrm, CapEff, CapBnd and CapAmb are all 0");
}

static void p_capset_sysadmin(const struct env *e)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	data[0].effective = data[0].permitted = 1u << CAP_SYS_ADMIN;
	by_result(e, syscall(SYS_capset, &hdr, data), "capset(CAP_SYS_ADMIN effective+permitted)");
}

static void p_setuid_other(const struct env *e)
{
	by_result(e, syscall(SYS_setresuid, 65534, 65534, 65534), "setresuid(65534) (CAP_SETUID)");
}

static void p_mknod_char(const struct env *e)
{
	char path[PATH_MAX];

	if (!need_tmp(e))
		return;
	tmp_path(e, path, sizeof(path), "null");
	if (mknod(path, S_IFCHR | 0600, makedev(1, 3)) < 0) {
		blocked(e, "%s", ename(errno));
		return;
	}
	unlink(path);
	escaped(e, "mknod made a character device (1,3) in %s", e->tmpdir);
}

static void p_raw_packet(const struct env *e)
{
	/* protocol 0: the socket receives nothing until bound, and we never send */
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);

	by_result(e, fd, "socket(AF_PACKET, SOCK_RAW)");
}

static void p_raw_icmp(const struct env *e)
{
	int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);

	by_result(e, fd, "socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)");
}

static void p_sethostname(const struct env *e)
{
	char name[128];

	/* 65 bytes: one more than the kernel takes, refused only after the
	 * CAP_SYS_ADMIN check, so nothing is ever changed */
	memset(name, 'z', sizeof(name));
	by_gate(e, syscall(SYS_sethostname, name, 65), EINVAL, "sethostname");
}

static void p_setdomainname(const struct env *e)
{
	char name[128];

	memset(name, 'z', sizeof(name));
	by_gate(e, syscall(SYS_setdomainname, name, 65), EINVAL, "setdomainname");
}

static void p_clock_settime(const struct env *e)
{
	struct timespec now;

	/* the current time: nothing changes if it succeeds */
	clock_gettime(CLOCK_REALTIME, &now);
	by_result(e, syscall(SYS_clock_settime, CLOCK_REALTIME, &now), "clock_settime(CLOCK_REALTIME, now)");
}

static void p_settimeofday(const struct env *e)
{
	/* neither time nor zone: the kernel checks CAP_SYS_TIME and changes nothing */
	by_result(e, syscall(SYS_settimeofday, NULL, NULL), "settimeofday(NULL, NULL) (CAP_SYS_TIME)");
}

/* ---------------------------------------------------------------- seccomp bypasses */

static void p_x32_syscall(const struct env *e)
{
#if defined(__x86_64__)
	long rc = syscall(SYS_getpid | 0x40000000L);

	if (rc > 0)
		escaped(e, "x32 getpid (nr %#lx) returned %ld", (long)(SYS_getpid | 0x40000000L), rc);
	else
		blocked(e, "%s", ename(errno));
#else
	blocked(e, "not applicable: not x86_64");
#endif
}

static void p_i386_int80(const struct env *e)
{
#if defined(__x86_64__)
	int status;
	pid_t pid = fork();

	/* in a grandchild, to tell the filter's SIGSYS from the SIGSEGV of a
	 * kernel without IA32 emulation */
	if (pid == 0) {
		long rc;

		/* i386 getpid is 20 */
		__asm__ volatile("int $0x80" : "=a"(rc) : "a"(20L) : "memory", "r8", "r9", "r10", "r11");
		if (rc > 0)
			escaped(e, "i386 getpid via int $0x80 returned %ld", rc);
		else
			blocked(e, "%s", ename((int)-rc));
		_exit(0);
	}
	if (pid < 0) {
		error(e, "fork: %s", ename(errno));
		return;
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV)
		blocked(e, "killed by SIGSEGV: this kernel has no IA32 emulation, the filter was not reached");
	else if (WIFSIGNALED(status))
		blocked(e, "killed by SIG%s", sigabbrev_np(WTERMSIG(status)));
#else
	blocked(e, "not applicable: not x86_64");
#endif
}

/* Calls a sandbox commonly answers with an errno: if one fails before a
 * second, allow-all filter is installed and works after, the filter loosened
 * the first. */
static int loosen_check(const struct env *e, int which)
{
	char path[PATH_MAX];
	int fd, rc;

	switch (which) {
	case 0:
		fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd >= 0)
			close(fd);
		return fd >= 0;
	case 1:
		return prctl(PR_GET_SECUREBITS, 0, 0, 0, 0) >= 0;
	case 2:
		fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd >= 0)
			close(fd);
		return fd >= 0;
	case 3: /* queries the kernel answers for anyone */
		return personality(0xffffffff) >= 0;
	case 4:
		return syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0) >= 0;
	default:
		if (e->tmpdir == NULL)
			return 0;
		tmp_path(e, path, sizeof(path), "loosen");
		rc = mkdir(path, 0700);
		if (rc == 0)
			rmdir(path);
		return rc == 0;
	}
}

static void p_seccomp_loosen(const struct env *e)
{
	static const char *const names[] = { "socket(AF_INET)", "prctl(PR_GET_SECUREBITS)", "socket(AF_INET6)",
					     "personality(query)", "keyctl(KEYCTL_GET_KEYRING_ID)", "mkdir" };
	enum { CHECKS = sizeof(names) / sizeof(names[0]) };
	struct sock_filter allow_all[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	struct sock_fprog prog = { 1, allow_all };
	int before[CHECKS], denied = 0;

	for (int i = 0; i < CHECKS; i++) {
		before[i] = loosen_check(e, i);
		denied += !before[i];
	}
	(void)prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) {
		blocked(e, "seccomp(SECCOMP_SET_MODE_FILTER): %s", ename(errno));
		return;
	}
	for (int i = 0; i < CHECKS; i++) {
		if (!before[i] && loosen_check(e, i)) {
			escaped(e, "an allow-all filter lifted the denial of %s", names[i]);
			return;
		}
	}
	blocked(e, "an allow-all filter was installed, and the %d earlier denials still hold", denied);
}

static void p_ptrace_traceme(const struct env *e)
{
	by_result(e, ptrace(PTRACE_TRACEME, 0, NULL, NULL), "ptrace(PTRACE_TRACEME)");
}

/* The parent is the probe itself, PID 1 of the sandbox.  PTRACE_SEIZE has
 * PTRACE_ATTACH's permission check without stopping the tracee; we exit at
 * once, which detaches. */
static void p_ptrace_attach(const struct env *e)
{
	pid_t target = getppid();
	char what[64];

	snprintf(what, sizeof(what), "PTRACE_SEIZE of pid %d (the probe's parent)", (int)target);
	by_result(e, ptrace(PTRACE_SEIZE, target, NULL, NULL), what);
}

static void p_process_vm_writev(const struct env *e)
{
	static const char text[] = "zviz";
	struct iovec local = { (void *)text, sizeof(text) };
	struct iovec remote = { e->canary, sizeof(text) };
	pid_t target = getppid();
	ssize_t n;

	n = process_vm_writev(target, &local, 1, &remote, 1, 0);
	if (n < 0)
		blocked(e, "%s", ename(errno));
	else
		escaped(e, "process_vm_writev wrote %zd bytes into pid %d", n, (int)target);
}

static void p_pidfd_getfd(const struct env *e)
{
	long pidfd = syscall(SYS_pidfd_open, getppid(), 0);
	long fd;

	if (pidfd < 0) {
		blocked(e, "pidfd_open: %s", ename(errno));
		return;
	}
	fd = syscall(SYS_pidfd_getfd, (int)pidfd, 1, 0);
	by_result(e, fd, "pidfd_getfd of the parent's descriptor 1");
}

static void p_personality(const struct env *e)
{
	int before = personality(0xffffffff);
	int rc = personality(READ_IMPLIES_EXEC);

	if (rc < 0)
		blocked(e, "%s", ename(errno));
	else if (before >= 0 && personality(0xffffffff) == before)
		blocked(e, "personality(READ_IMPLIES_EXEC) returned, but did not take effect");
	else
		escaped(e, "personality(READ_IMPLIES_EXEC) took effect");
}

static void p_io_uring(const struct env *e)
{
	struct io_uring_params params;

	memset(&params, 0, sizeof(params));
	by_result(e, syscall(SYS_io_uring_setup, 1, &params), "io_uring_setup");
}

static void p_userfaultfd(const struct env *e)
{
	by_result(e, syscall(SYS_userfaultfd, O_CLOEXEC), "userfaultfd");
}

static void p_perf_event_open(const struct env *e)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_SOFTWARE;
	attr.size = sizeof(attr);
	attr.config = PERF_COUNT_SW_TASK_CLOCK;
	attr.disabled = 1;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	by_result(e, syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC),
		  "perf_event_open(task clock, self)");
}

static void p_bpf_prog_load(const struct env *e)
{
	struct bpf_insn insns[2];
	union bpf_attr attr;
	static const char license[] = "GPL";

	memset(insns, 0, sizeof(insns));
	insns[0].code = BPF_ALU64 | BPF_MOV | BPF_K; /* r0 = 0 */
	insns[1].code = BPF_JMP | BPF_EXIT;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = 2;
	attr.license = (uint64_t)(uintptr_t)license;
	by_result(e, syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr)), "bpf(BPF_PROG_LOAD) of a socket filter");
}

static void p_keyctl(const struct env *e)
{
	/* 0: do not create the keyring if there is none */
	by_result(e, syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0),
		  "keyctl(KEYCTL_GET_KEYRING_ID, session keyring)");
}

static void p_add_key(const struct env *e)
{
	/* the thread keyring dies with this child */
	by_result(e, syscall(SYS_add_key, "user", "zviz-probe", "x", 1, KEY_SPEC_THREAD_KEYRING),
		  "add_key(user, thread keyring)");
}

static void p_kexec_load(const struct env *e)
{
	/* 17 segments (one more than the kernel's maximum), none given, and a
	 * foreign architecture: EINVAL after the CAP_SYS_BOOT check, never a load
	 * or an unload */
	by_gate(e, syscall(SYS_kexec_load, 0UL, 17UL, NULL, 40UL << 16), EINVAL, "kexec_load");
}

static void p_init_module(const struct env *e)
{
	/* an empty image: ENOEXEC after the CAP_SYS_MODULE check */
	by_gate(e, syscall(SYS_init_module, NULL, 0UL, ""), ENOEXEC, "init_module");
}

static void p_finit_module(const struct env *e)
{
	by_gate(e, syscall(SYS_finit_module, -1, "", 0), EBADF, "finit_module");
}

static void p_open_by_handle_at(const struct env *e)
{
	union {
		struct file_handle fh;
		unsigned char bytes[sizeof(struct file_handle) + 16];
	} h;
	int fd;

	memset(&h, 0, sizeof(h));
	h.fh.handle_bytes = 8;
	h.fh.handle_type = 1; /* FILEID_INO32_GEN, inode 0: nothing to find */
	fd = open_by_handle_at(AT_FDCWD, &h.fh, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		escaped(e, "open_by_handle_at opened a file from a forged handle");
	} else if (errno == EPERM || errno == ENOSYS || errno == EACCES) {
		blocked(e, "%s", ename(errno));
	} else {
		escaped(e, "open_by_handle_at passed the CAP_DAC_READ_SEARCH check (%s from the forged handle)",
			ename(errno));
	}
}

static void p_mount_bind(const struct env *e)
{
	if (!need_tmp(e))
		return;
	/* a missing source: ENOENT after the mount permission check */
	by_gate(e, mount(NOWHERE, e->tmpdir, NULL, MS_BIND, NULL), ENOENT, "mount(MS_BIND)");
}

static void p_umount2(const struct env *e)
{
	if (!need_tmp(e))
		return;
	/* not a mount point: EINVAL after the permission check */
	by_gate(e, umount2(e->tmpdir, 0), EINVAL, "umount2");
}

static void p_fsopen(const struct env *e)
{
	/* a filesystem context, never turned into a mount */
	by_result(e, syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC), "fsopen(tmpfs)");
}

static void p_open_tree(const struct env *e)
{
	if (!need_tmp(e))
		return;
	/* a detached copy of a mount, gone when the descriptor closes */
	by_result(e, syscall(SYS_open_tree, AT_FDCWD, e->tmpdir, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC),
		  "open_tree(OPEN_TREE_CLONE)");
}

static void p_move_mount(const struct env *e)
{
	if (!need_tmp(e))
		return;
	by_gate(e, syscall(SYS_move_mount, AT_FDCWD, NOWHERE, AT_FDCWD, e->tmpdir, 0), ENOENT, "move_mount");
}

static void p_chroot(const struct env *e)
{
	if (!need_tmp(e))
		return;
	by_result(e, chroot(e->tmpdir), "chroot (this child only)");
}

static void p_swapon(const struct env *e)
{
	by_gate(e, swapon(NOWHERE, 0), ENOENT, "swapon");
}

static void p_iopl(const struct env *e)
{
#if defined(__x86_64__)
	by_result(e, syscall(SYS_iopl, 3), "iopl(3)");
#else
	blocked(e, "not applicable: not x86_64");
#endif
}

static void p_syslog(const struct env *e)
{
	char buf[16];
	long n = syscall(SYS_syslog, 3 /* SYSLOG_ACTION_READ_ALL */, buf, (int)sizeof(buf));

	if (n < 0)
		blocked(e, "%s", ename(errno));
	else
		escaped(e, "syslog(SYSLOG_ACTION_READ_ALL) read %ld bytes of the kernel log", n);
}

/* TIOCSTI with a NULL buffer: a tty that would take the byte faults
 * (EFAULT), so nothing is ever injected. */
static void tiocsti_probe(const struct env *e, unsigned long request)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	const char *on = "/dev/tty";
	long rc;

	if (fd < 0) {
		fd = 0;
		on = "stdin";
	}
	rc = syscall(SYS_ioctl, fd, request, NULL);
	if (rc >= 0 || errno == EFAULT)
		escaped(e, "ioctl(%s, TIOCSTI) was accepted (only the NULL buffer stopped it)", on);
	else
		blocked(e, "%s (on %s)", ename(errno), on);
}

static void p_tiocsti(const struct env *e)
{
	tiocsti_probe(e, TIOCSTI);
}

static void p_tiocsti_highbits(const struct env *e)
{
	/* the kernel reads the request as 32 bits: a filter comparing 64 bits
	 * would let this TIOCSTI through */
	tiocsti_probe(e, 0xffffffff00000000UL | TIOCSTI);
}

static void p_modify_ldt(const struct env *e)
{
#if defined(__x86_64__)
	char buf[16];

	by_result(e, syscall(SYS_modify_ldt, 0, buf, sizeof(buf)), "modify_ldt(read)");
#else
	blocked(e, "not applicable: not x86_64");
#endif
}

static void p_reboot(const struct env *e)
{
	/* a wrong magic number: EINVAL after the CAP_SYS_BOOT check, never a reboot */
	by_gate(e, syscall(SYS_reboot, 0, 0, 0xdeadbeefU, NULL), EINVAL, "reboot");
}

static void p_acct(const struct env *e)
{
	by_gate(e, syscall(SYS_acct, NOWHERE), ENOENT, "acct");
}

static void p_fanotify(const struct env *e)
{
	by_result(e, fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC, O_RDONLY), "fanotify_init");
}

/* ---------------------------------------------------------------- filesystem */

/* Does PATH hold the marker's token?  1 yes, 0 no (errno set or EILSEQ). */
static int has_marker(const struct env *e, const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (strcmp(buf, e->token) == 0)
		return 1;
	errno = EILSEQ;
	return 0;
}

static int need_marker(const struct env *e)
{
	if (e->marker != NULL && e->token != NULL && e->marker[0] == '/')
		return 1;
	error(e, "ZVIZ_PROBE_MARKER and ZVIZ_PROBE_TOKEN are not set");
	return 0;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* Try each "PREFIX + suffix" and report the first that reaches the marker. */
static void marker_hunt(const struct env *e, const char *const *tries, size_t n, const char *suffix_full,
			const char *suffix_base)
{
	char path[PATH_MAX];
	int last = ENOENT;

	for (size_t i = 0; i < n; i++) {
		for (int which = 0; which < 2; which++) {
			snprintf(path, sizeof(path), "%s%s", tries[i], which == 0 ? suffix_full : suffix_base);
			if (has_marker(e, path)) {
				escaped(e, "read the marker outside the rootfs through %s", path);
				return;
			}
			last = errno;
		}
	}
	blocked(e, "%zu paths tried, none reaches the marker (last: %s)", 2 * n, ename(last));
}

static void p_marker_direct(const struct env *e)
{
	const char *const tries[] = { "" };

	if (need_marker(e))
		marker_hunt(e, tries, 1, e->marker, e->marker);
}

static void p_proc_root_escape(const struct env *e)
{
	const char *const tries[] = { "/proc/1/root", "/proc/1/root/..", "/proc/self/root/../..",
				      "/proc/1/cwd/..", "/proc/self/cwd/../../..", "/proc/thread-self/root/.." };
	char base[PATH_MAX];

	if (!need_marker(e))
		return;
	snprintf(base, sizeof(base), "/%s", base_name(e->marker));
	marker_hunt(e, tries, sizeof(tries) / sizeof(tries[0]), e->marker, base);
}

static void p_dotdot_escape(const struct env *e)
{
	char cwd[PATH_MAX], rel[PATH_MAX];

	if (!need_marker(e))
		return;
	if (chdir("/") < 0) {
		blocked(e, "chdir /: %s", ename(errno));
		return;
	}
	for (int i = 0; i < 32; i++)
		if (chdir("..") < 0)
			break;
	if (getcwd(cwd, sizeof(cwd)) == NULL) {
		escaped(e, "chdir(\"..\") from / left the root (getcwd: %s)", ename(errno));
		return;
	}
	if (strcmp(cwd, "/") != 0 && strncmp(cwd, "(unreachable)", 13) != 0) {
		error(e, "getcwd after chdir .. is %s", cwd);
		return;
	}
	if (strncmp(cwd, "(unreachable)", 13) == 0) {
		escaped(e, "chdir(\"..\") from / left the root: cwd is %s", cwd);
		return;
	}
	/* relative: from the top, the marker is at its full path or one level up */
	snprintf(rel, sizeof(rel), ".%s", e->marker);
	if (has_marker(e, rel)) {
		escaped(e, "read the marker through %s after chdir ..", rel);
		return;
	}
	snprintf(rel, sizeof(rel), "../%s", base_name(e->marker));
	if (has_marker(e, rel)) {
		escaped(e, "read the marker through %s after chdir ..", rel);
		return;
	}
	blocked(e, ".. stops at the root (%s)", ename(errno));
}

static void p_symlink_escape(const struct env *e)
{
	static const char *const targets[] = { "/", "../../../../../../../../..", "/proc/1/root/.." };
	char link[256], path[PATH_MAX];
	int last = ENOENT, made = 0;

	if (!need_marker(e) || !need_tmp(e))
		return;
	tmp_path(e, link, sizeof(link), "up");
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		unlink(link);
		if (symlink(targets[i], link) < 0) {
			last = errno;
			continue;
		}
		made++;
		snprintf(path, sizeof(path), "%s/../../../..%s", link, e->marker);
		if (has_marker(e, path)) {
			unlink(link);
			escaped(e, "read the marker through a symlink to %s: %s", targets[i], path);
			return;
		}
		last = errno;
		snprintf(path, sizeof(path), "%s/../%s", link, base_name(e->marker));
		if (has_marker(e, path)) {
			unlink(link);
			escaped(e, "read the marker through a symlink to %s: %s", targets[i], path);
			return;
		}
		last = errno;
	}
	unlink(link);
	if (made == 0)
		blocked(e, "symlink: %s", ename(last));
	else
		blocked(e, "symlinks followed with .. stay inside (%s)", ename(last));
}

/* Open PATH for writing and never write: an open that reaches the real
 * file (on the filesystem of type MAGIC) is the escape. */
static int open_for_write(const char *path, long magic, int *err)
{
	struct statfs sfs;
	struct stat st;
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);

	if (fd < 0) {
		*err = errno;
		return 0;
	}
	if (fstat(fd, &st) == 0 && S_ISCHR(st.st_mode)) {
		close(fd);
		*err = -1; /* masked with /dev/null */
		return 0;
	}
	if (magic != 0 && (fstatfs(fd, &sfs) < 0 || (long)sfs.f_type != magic)) {
		close(fd);
		*err = -2; /* something else mounted over it */
		return 0;
	}
	close(fd);
	return 1;
}

static const char *open_err(int err)
{
	return err == -1 ? "masked (/dev/null)" : err == -2 ? "masked (another filesystem)" : ename(err);
}

static void write_probe(const struct env *e, const char *const *paths, size_t n, long magic)
{
	int err = ENOENT;

	for (size_t i = 0; i < n; i++) {
		if (open_for_write(paths[i], magic, &err)) {
			escaped(e, "opened %s for writing (nothing written)", paths[i]);
			return;
		}
	}
	blocked(e, "%s", open_err(err));
}

static void p_proc_domainname(const struct env *e)
{
	const char *const p[] = { "/proc/sys/kernel/domainname" };

	write_probe(e, p, 1, PROC_MAGIC);
}

static void p_proc_sys_write(const struct env *e)
{
	const char *const p[] = { "/proc/sys/kernel/core_pattern", "/proc/sys/kernel/modprobe",
				  "/proc/sys/fs/binfmt_misc/register", "/proc/sys/vm/drop_caches",
				  "/proc/sys/kernel/sysrq" };

	write_probe(e, p, sizeof(p) / sizeof(p[0]), PROC_MAGIC);
}

static void p_proc_sysrq(const struct env *e)
{
	const char *const p[] = { "/proc/sysrq-trigger" };

	write_probe(e, p, 1, PROC_MAGIC);
}

static void p_sys_write(const struct env *e)
{
	const char *const p[] = { "/sys/kernel/mm/transparent_hugepage/enabled", "/sys/kernel/uevent_helper",
				  "/sys/kernel/profiling", "/sys/power/state", "/sys/kernel/mm/ksm/run" };

	write_probe(e, p, sizeof(p) / sizeof(p[0]), SYSFS_MAGIC);
}

static void p_cgroup_release_agent(const struct env *e)
{
	const char *const p[] = { "/sys/fs/cgroup/release_agent", "/sys/fs/cgroup/memory/release_agent",
				  "/sys/fs/cgroup/pids/release_agent", "/sys/fs/cgroup/systemd/release_agent",
				  "/sys/fs/cgroup/cpu/release_agent", "/sys/fs/cgroup/devices/release_agent" };

	write_probe(e, p, sizeof(p) / sizeof(p[0]), 0);
}

static void read_probe(const struct env *e, const char *path, const char *want, size_t want_len)
{
	char buf[64];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		blocked(e, "%s", ename(errno));
		return;
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0)
		blocked(e, "read: %s", ename(errno));
	else if (n == 0)
		blocked(e, "masked (reads as empty)");
	else if (want_len != 0 && ((size_t)n < want_len || memcmp(buf, want, want_len) != 0))
		blocked(e, "masked (%zd bytes of something else)", n);
	else
		escaped(e, "read %zd bytes of %s", n, path);
}

static void p_read_kcore(const struct env *e)
{
	read_probe(e, "/proc/kcore", "\177ELF", 4);
}

static void p_read_proc_keys(const struct env *e)
{
	read_probe(e, "/proc/keys", NULL, 0);
}

static void open_any(const struct env *e, const char *const *paths, size_t n)
{
	int last = ENOENT;

	for (size_t i = 0; i < n; i++) {
		int fd = open(paths[i], O_RDONLY | O_NOCTTY | O_CLOEXEC);

		if (fd >= 0) {
			close(fd);
			escaped(e, "opened %s (nothing read)", paths[i]);
			return;
		}
		last = errno;
	}
	blocked(e, "%s", ename(last));
}

static void p_dev_mem(const struct env *e)
{
	const char *const p[] = { "/dev/mem", "/dev/kmem", "/dev/port" };

	open_any(e, p, sizeof(p) / sizeof(p[0]));
}

static void p_dev_disk(const struct env *e)
{
	const char *const p[] = { "/dev/sda", "/dev/vda", "/dev/xvda", "/dev/nvme0n1", "/dev/mmcblk0" };

	open_any(e, p, sizeof(p) / sizeof(p[0]));
}

static void p_write_outside(const struct env *e)
{
	/* /scratch: a read-write bind mount of the bundle, writable for DAC but
	 * not in the profile's write list; /dev/shm, /var/tmp: writable on most
	 * systems.  Each file made is removed at once. */
	static const char *const dirs[] = { "/scratch", "/dev/shm", "/var/tmp" };
	char path[PATH_MAX], why[256] = "";

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		int fd;

		snprintf(path, sizeof(path), "%s/zviz-probe.%ld", dirs[i], (long)getpid());
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0) {
			close(fd);
			unlink(path);
			escaped(e, "created %s (and removed it)", path);
			return;
		}
		snprintf(why + strlen(why), sizeof(why) - strlen(why), "%s%s: %s", i > 0 ? ", " : "", dirs[i],
			 ename(errno));
	}
	blocked(e, "%s", why);
}

static void p_write_rootfs(const struct env *e)
{
	const char *const p[] = { "/bin/busybox", "/bin/sh" };

	write_probe(e, p, sizeof(p) / sizeof(p[0]), 0);
}

static void p_exec_tmp(const struct env *e)
{
	char path[PATH_MAX], buf[65536];
	int in, out, status;
	ssize_t n;
	pid_t pid;

	if (!need_tmp(e))
		return;
	tmp_path(e, path, sizeof(path), "exe");
	in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		error(e, "open /proc/self/exe: %s", ename(errno));
		return;
	}
	out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	if (out < 0) {
		blocked(e, "cannot create %s: %s", path, ename(errno));
		close(in);
		return;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, (size_t)n) != n) {
			error(e, "write %s: %s", path, ename(errno));
			close(in);
			close(out);
			unlink(path);
			return;
		}
	}
	close(in);
	close(out);
	pid = fork();
	if (pid == 0) {
		char *const argv[] = { path, (char *)"noop", NULL };
		char *const envp[] = { NULL };

		execve(path, argv, envp);
		_exit(errno > 0 && errno < 126 ? errno : 126);
	}
	if (pid < 0) {
		error(e, "fork: %s", ename(errno));
		unlink(path);
		return;
	}
	waitpid(pid, &status, 0);
	unlink(path);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		escaped(e, "executed a program written to %s", e->tmpdir);
	else if (WIFEXITED(status))
		blocked(e, "execve: %s", ename(WEXITSTATUS(status)));
	else
		blocked(e, "execve: killed by SIG%s", sigabbrev_np(WTERMSIG(status)));
}

/* Landlock's execute right is about paths: a memfd has none in the
 * sandbox's tree.  Run a copy of ourselves from one, through /proc/self/fd. */
static void p_exec_memfd(const struct env *e)
{
	char path[64], buf[65536];
	int in, mfd, status;
	ssize_t n;
	pid_t pid;

	mfd = (int)syscall(SYS_memfd_create, "zviz-probe", 0U);
	if (mfd < 0) {
		blocked(e, "memfd_create: %s", ename(errno));
		return;
	}
	in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		error(e, "open /proc/self/exe: %s", ename(errno));
		return;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(mfd, buf, (size_t)n) != n) {
			error(e, "write to the memfd: %s", ename(errno));
			return;
		}
	}
	close(in);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", mfd);
	pid = fork();
	if (pid == 0) {
		char *const argv[] = { (char *)"probe", (char *)"noop", NULL };
		char *const envp[] = { NULL };

		execve(path, argv, envp);
		_exit(errno > 0 && errno < 126 ? errno : 126);
	}
	if (pid < 0) {
		error(e, "fork: %s", ename(errno));
		return;
	}
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		escaped(e, "executed a program from a memfd (no path, so no Landlock execute rule applies)");
	else if (WIFEXITED(status))
		blocked(e, "execve: %s", ename(WEXITSTATUS(status)));
	else
		blocked(e, "execve: killed by SIG%s", sigabbrev_np(WTERMSIG(status)));
}

static void p_leaked_fds(const struct env *e)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *ent;

	if (d == NULL) {
		error(e, "/proc/self/fd: %s", ename(errno));
		return;
	}
	while ((ent = readdir(d)) != NULL) {
		char link[64], target[PATH_MAX];
		ssize_t n;
		int fd;

		if (ent->d_name[0] == '.')
			continue;
		fd = atoi(ent->d_name);
		if (fd <= 2 || fd == e->out || fd == dirfd(d))
			continue;
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		closedir(d);
		escaped(e, "descriptor %d is open: %s", fd, target);
		return;
	}
	closedir(d);
	blocked(e, "nothing open beyond 0, 1 and 2");
}

/* ---------------------------------------------------------------- network */

/* A UDP connect() to documentation address ADDR, port 9: it only looks
 * the route up, nothing is sent.  A route means egress is possible. */
static void udp_route(const struct env *e, int family, const char *addr)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len = family == AF_INET ? sizeof(*sin) : sizeof(*sin6);
	char where[64];
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		blocked(e, "socket(%s): %s", family == AF_INET ? "AF_INET" : "AF_INET6", ename(errno));
		return;
	}
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(9);
		inet_pton(AF_INET, addr, &sin->sin_addr);
	} else {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(9);
		inet_pton(AF_INET6, addr, &sin6->sin6_addr);
	}
	snprintf(where, sizeof(where), family == AF_INET ? "%s:9" : "[%s]:9", addr);
	if (connect(fd, (struct sockaddr *)&ss, len) < 0)
		blocked(e, "connect(%s): %s", where, ename(errno));
	else
		escaped(e, "a route to %s exists (UDP connect succeeded; nothing sent)", addr);
}

static void p_udp_egress(const struct env *e)
{
	udp_route(e, AF_INET, "192.0.2.1");
}

static void p_udp6_egress(const struct env *e)
{
	udp_route(e, AF_INET6, "2001:db8::1");
}

/* TCP to an undeclared port, on loopback only: Landlock's port rules
 * (EACCES) or nothing (ECONNREFUSED: the connect reached the stack). */
static void p_tcp_undeclared_port(const struct env *e)
{
	struct sockaddr_in sin;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		blocked(e, "socket(AF_INET): %s", ename(errno));
		return;
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(9);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0)
		escaped(e, "TCP connect to 127.0.0.1:9 is not port-restricted (connected)");
	else if (errno == ECONNREFUSED)
		escaped(e, "TCP connect to 127.0.0.1:9 is not port-restricted (ECONNREFUSED: it reached the stack)");
	else
		blocked(e, "connect(127.0.0.1:9): %s", ename(errno));
	close(fd);
}

static int unix_connect(const char *name, int abstract)
{
	struct sockaddr_un sun;
	socklen_t len;
	int fd, rc, saved;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(name) + 2 > sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (abstract) {
		memcpy(sun.sun_path + 1, name, strlen(name));
		len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
	} else {
		memcpy(sun.sun_path, name, strlen(name));
		len = (socklen_t)sizeof(sun);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	rc = connect(fd, (struct sockaddr *)&sun, len);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

static void p_abstract_unix(const struct env *e)
{
	if (e->abstract == NULL) {
		error(e, "ZVIZ_PROBE_ABSTRACT is not set");
		return;
	}
	if (unix_connect(e->abstract, 1) < 0)
		blocked(e, "%s", ename(errno));
	else
		escaped(e, "connected to the host's abstract socket @%s", e->abstract);
}

static void p_unix_file_outside(const struct env *e)
{
	char path[PATH_MAX];
	const char *const prefixes[] = { "", "/proc/1/root", "/.." };
	int last = ENOENT;

	if (e->sock == NULL || e->sock[0] != '/') {
		error(e, "ZVIZ_PROBE_SOCK is not set");
		return;
	}
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", prefixes[i], e->sock);
		if (unix_connect(path, 0) == 0) {
			escaped(e, "connected to the host's unix socket through %s", path);
			return;
		}
		last = errno;
	}
	snprintf(path, sizeof(path), "/../%s", base_name(e->sock));
	if (unix_connect(path, 0) == 0) {
		escaped(e, "connected to the host's unix socket through %s", path);
		return;
	}
	blocked(e, "%s", ename(errno != 0 ? errno : last));
}

static void p_net_interfaces(const struct env *e)
{
	DIR *d = opendir("/sys/class/net");
	struct dirent *ent;

	if (d == NULL) {
		blocked(e, "/sys/class/net: %s", ename(errno));
		return;
	}
	while ((ent = readdir(d)) != NULL) {
		if (ent->d_name[0] == '.' || strcmp(ent->d_name, "lo") == 0)
			continue;
		escaped(e, "network interface %s is visible", ent->d_name);
		closedir(d);
		return;
	}
	closedir(d);
	blocked(e, "only loopback is visible");
}

/* ---------------------------------------------------------------- resources */

static void p_fork_storm(const struct env *e)
{
	long cap = e->pids > 0 ? e->pids + 64 : 256, count = 0;
	pid_t *kids = calloc((size_t)cap, sizeof(*kids));
	int err = 0;

	if (kids == NULL) {
		error(e, "calloc: %s", ename(errno));
		return;
	}
	while (count < cap) {
		pid_t pid = fork();

		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
			for (;;)
				pause();
		}
		if (pid < 0) {
			err = errno;
			break;
		}
		kids[count++] = pid;
	}
	for (long i = 0; i < count; i++)
		kill(kids[i], SIGKILL);
	for (long i = 0; i < count; i++)
		waitpid(kids[i], NULL, 0);
	free(kids);
	if (err == 0)
		escaped(e, "forked %ld processes without hitting a limit (profile pids: %ld)", count, e->pids);
	else if (e->pids > 0 && count > e->pids + 4)
		escaped(e, "forked %ld processes, beyond the profile's pids limit %ld, before %s", count, e->pids,
			ename(err));
	else
		blocked(e, "%s after %ld forks (profile pids: %ld)", ename(err), count, e->pids);
}

/* MemAvailable of /proc/meminfo (the host's, even in the sandbox), or -1. */
static long available_mib(void)
{
	char line[128];
	long kib = -1;
	FILE *f = fopen("/proc/meminfo", "re");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "MemAvailable:", 13) == 0)
			kib = strtol(line + 13, NULL, 10);
	fclose(f);
	return kib < 0 ? -1 : kib / 1024;
}

static void p_memory_growth(const struct env *e)
{
	long limit = e->memory_mib > 0 ? e->memory_mib : 256;
	long target = limit + limit / 8 + 64, got = 0, avail = available_mib();
	const size_t chunk = 16UL << 20;

	/* never push the machine itself into swap or its OOM killer */
	if (avail > 0 && target > avail * 3 / 4) {
		error(e, "cannot test safely: going past the %ld MiB limit takes %ld MiB, the host has %ld available",
		      limit, target, avail);
		return;
	}

	while (got < target) {
		char *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			blocked(e, "%s after %ld MiB (limit %ld MiB)", ename(errno), got, limit);
			return;
		}
		for (size_t off = 0; off < chunk; off += 4096)
			p[off] = 1;
		got += 16;
	}
	escaped(e, "touched %ld MiB with a memory limit of %ld MiB", got, limit);
}

static void p_fd_exhaustion(const struct env *e)
{
	long cap = e->nofile > 0 ? e->nofile + 64 : 65536, count = 0, highest = -1;
	struct rlimit rl;
	int base = open("/dev/null", O_RDONLY | O_CLOEXEC), err = 0;

	if (base < 0)
		base = dup(1);
	if (base < 0) {
		error(e, "no descriptor to duplicate: %s", ename(errno));
		return;
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && e->nofile > 0 && rl.rlim_max != RLIM_INFINITY &&
	    (long)rl.rlim_max > e->nofile) {
		escaped(e, "the hard RLIMIT_NOFILE is %ld, above the profile's %ld", (long)rl.rlim_max, e->nofile);
		return;
	}
	while (count < cap) {
		int fd = fcntl(base, F_DUPFD_CLOEXEC, 0);

		if (fd < 0) {
			err = errno;
			break;
		}
		count++;
		if (fd > highest)
			highest = fd;
	}
	if (err == 0)
		escaped(e, "opened %ld descriptors without hitting a limit", count);
	else if (e->nofile > 0 && highest >= e->nofile)
		escaped(e, "descriptor %ld is open, beyond the profile's nofile %ld", highest, e->nofile);
	else
		blocked(e, "%s at descriptor %ld (profile nofile: %ld)", ename(err), highest + 1, e->nofile);
}

static void p_rlimit_raise(const struct env *e)
{
	struct rlimit old, raised;

	if (prlimit(0, RLIMIT_NOFILE, NULL, &old) < 0) {
		blocked(e, "prlimit (read): %s", ename(errno));
		return;
	}
	if (old.rlim_max == RLIM_INFINITY) {
		escaped(e, "the hard RLIMIT_NOFILE is unlimited");
		return;
	}
	raised.rlim_cur = old.rlim_cur;
	raised.rlim_max = old.rlim_max + 1;
	by_result(e, prlimit(0, RLIMIT_NOFILE, &raised, NULL), "raising the hard RLIMIT_NOFILE (this child only)");
}

/* ---------------------------------------------------------------- the table */

static const struct probe probes[] = {
	{ "unshare-user", "namespaces", p_unshare_user },
	{ "unshare-mount", "namespaces", p_unshare_mount },
	{ "unshare-net", "namespaces", p_unshare_net },
	{ "setns-mnt", "namespaces", p_setns_mnt },
	{ "setns-net", "namespaces", p_setns_net },
	{ "setns-user", "namespaces", p_setns_user },
	{ "clone-newuser", "namespaces", p_clone_newuser },
	{ "clone-newnet", "namespaces", p_clone_newnet },
	{ "clone3-ns", "namespaces", p_clone3_ns },
	{ "signal-host", "namespaces", p_signal_host },

	{ "cap-status", "capabilities", p_cap_status },
	{ "capset-sysadmin", "capabilities", p_capset_sysadmin },
	{ "setuid-other", "capabilities", p_setuid_other },
	{ "mknod-char", "capabilities", p_mknod_char },
	{ "raw-packet", "capabilities", p_raw_packet },
	{ "raw-icmp", "capabilities", p_raw_icmp },
	{ "sethostname", "capabilities", p_sethostname },
	{ "setdomainname", "capabilities", p_setdomainname },
	{ "clock-settime", "capabilities", p_clock_settime },
	{ "settimeofday", "capabilities", p_settimeofday },

	{ "x32-syscall", "seccomp", p_x32_syscall },
	{ "i386-int80", "seccomp", p_i386_int80 },
	{ "seccomp-loosen", "seccomp", p_seccomp_loosen },
	{ "ptrace-traceme", "seccomp", p_ptrace_traceme },
	{ "ptrace-attach", "seccomp", p_ptrace_attach },
	{ "process-vm-writev", "seccomp", p_process_vm_writev },
	{ "pidfd-getfd", "seccomp", p_pidfd_getfd },
	{ "personality", "seccomp", p_personality },
	{ "io-uring", "seccomp", p_io_uring },
	{ "userfaultfd", "seccomp", p_userfaultfd },
	{ "perf-event-open", "seccomp", p_perf_event_open },
	{ "bpf-prog-load", "seccomp", p_bpf_prog_load },
	{ "keyctl", "seccomp", p_keyctl },
	{ "add-key", "seccomp", p_add_key },
	{ "kexec-load", "seccomp", p_kexec_load },
	{ "init-module", "seccomp", p_init_module },
	{ "finit-module", "seccomp", p_finit_module },
	{ "open-by-handle-at", "seccomp", p_open_by_handle_at },
	{ "mount-bind", "seccomp", p_mount_bind },
	{ "umount2", "seccomp", p_umount2 },
	{ "fsopen", "seccomp", p_fsopen },
	{ "open-tree", "seccomp", p_open_tree },
	{ "move-mount", "seccomp", p_move_mount },
	{ "chroot", "seccomp", p_chroot },
	{ "swapon", "seccomp", p_swapon },
	{ "iopl", "seccomp", p_iopl },
	{ "syslog", "seccomp", p_syslog },
	{ "tiocsti", "seccomp", p_tiocsti },
	{ "tiocsti-highbits", "seccomp", p_tiocsti_highbits },
	{ "modify-ldt", "seccomp", p_modify_ldt },
	{ "reboot", "seccomp", p_reboot },
	{ "acct", "seccomp", p_acct },
	{ "fanotify", "seccomp", p_fanotify },

	{ "marker-direct", "filesystem", p_marker_direct },
	{ "proc-root-escape", "filesystem", p_proc_root_escape },
	{ "dotdot-escape", "filesystem", p_dotdot_escape },
	{ "symlink-escape", "filesystem", p_symlink_escape },
	{ "proc-domainname", "filesystem", p_proc_domainname },
	{ "proc-sys-write", "filesystem", p_proc_sys_write },
	{ "proc-sysrq", "filesystem", p_proc_sysrq },
	{ "sys-write", "filesystem", p_sys_write },
	{ "cgroup-release-agent", "filesystem", p_cgroup_release_agent },
	{ "read-kcore", "filesystem", p_read_kcore },
	{ "read-proc-keys", "filesystem", p_read_proc_keys },
	{ "dev-mem", "filesystem", p_dev_mem },
	{ "dev-disk", "filesystem", p_dev_disk },
	{ "write-outside", "filesystem", p_write_outside },
	{ "write-rootfs", "filesystem", p_write_rootfs },
	{ "exec-tmp", "filesystem", p_exec_tmp },
	{ "exec-memfd", "filesystem", p_exec_memfd },
	{ "leaked-fds", "filesystem", p_leaked_fds },

	{ "udp-egress", "network", p_udp_egress },
	{ "udp6-egress", "network", p_udp6_egress },
	{ "tcp-undeclared-port", "network", p_tcp_undeclared_port },
	{ "abstract-unix", "network", p_abstract_unix },
	{ "unix-file-outside", "network", p_unix_file_outside },
	{ "net-interfaces", "network", p_net_interfaces },

	{ "fork-storm", "resources", p_fork_storm },
	{ "memory-growth", "resources", p_memory_growth },
	{ "fd-exhaustion", "resources", p_fd_exhaustion },
	{ "rlimit-raise", "resources", p_rlimit_raise },
};

/* ---------------------------------------------------------------- the frame */

static long env_long(const char *name)
{
	const char *v = getenv(name);

	return v != NULL ? strtol(v, NULL, 10) : 0;
}

static void remove_tmpdir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *ent;

	if (d != NULL) {
		while ((ent = readdir(d)) != NULL)
			if (strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0)
				unlinkat(dirfd(d), ent->d_name, 0);
		closedir(d);
	}
	rmdir(dir);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Run P in a child; print its verdict, or its fate when it left none. */
static int run_probe(const struct probe *p)
{
	char tmpl[] = "/tmp/zviz-probe.XXXXXX";
	char canary[64] = "untouched";
	char line[600];
	struct env e;
	int fds[2], status = 0;
	long waited = 0;
	ssize_t n;
	pid_t pid;

	memset(&e, 0, sizeof(e));
	e.tmpdir = mkdtemp(tmpl);
	e.tmp_errno = errno;
	e.canary = canary;
	e.canary_len = sizeof(canary);
	e.marker = getenv("ZVIZ_PROBE_MARKER");
	e.token = getenv("ZVIZ_PROBE_TOKEN");
	e.sock = getenv("ZVIZ_PROBE_SOCK");
	e.abstract = getenv("ZVIZ_PROBE_ABSTRACT");
	e.pids = env_long("ZVIZ_PROBE_PIDS");
	e.nofile = env_long("ZVIZ_PROBE_NOFILE");
	e.memory_mib = env_long("ZVIZ_PROBE_MEMORY_MIB");
	if (pipe2(fds, O_CLOEXEC) < 0) {
		printf("ERROR pipe: %s\n", ename(errno));
		return 1;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("ERROR fork: %s\n", ename(errno));
		return 1;
	}
	if (pid == 0) {
		close(fds[0]);
		e.out = fds[1];
		p->run(&e);
		_exit(0);
	}
	close(fds[1]);
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (waited >= PROBE_TIMEOUT_MS) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			printf("ERROR %s timed out after %d s\n", p->name, PROBE_TIMEOUT_MS / 1000);
			close(fds[0]);
			if (e.tmpdir != NULL)
				remove_tmpdir(e.tmpdir);
			return 1;
		}
		sleep_ms(10);
		waited += 10;
	}
	/* the child is gone; whatever it wrote is in the pipe (a grandchild
	 * still holding the write end must not make us wait) */
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	n = read(fds[0], line, sizeof(line) - 1);
	close(fds[0]);
	if (e.tmpdir != NULL)
		remove_tmpdir(e.tmpdir);
	if (n > 0) {
		line[n] = '\0';
		fputs(line, stdout);
		if (line[n - 1] != '\n')
			putchar('\n');
	} else if (WIFSIGNALED(status)) {
		printf("blocked killed by SIG%s\n", sigabbrev_np(WTERMSIG(status)) != NULL
							       ? sigabbrev_np(WTERMSIG(status))
							       : "?");
	} else {
		printf("ERROR %s exited %d without a verdict\n", p->name, WEXITSTATUS(status));
		return 1;
	}
	return 0;
}

static int listen_on(const char *name, int abstract)
{
	struct sockaddr_un sun;
	socklen_t len;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(name) + 2 > sizeof(sun.sun_path)) {
		close(fd);
		errno = ENAMETOOLONG;
		return -1;
	}
	if (abstract) {
		memcpy(sun.sun_path + 1, name, strlen(name));
		len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
	} else {
		memcpy(sun.sun_path, name, strlen(name));
		len = (socklen_t)sizeof(sun);
	}
	if (bind(fd, (struct sockaddr *)&sun, len) < 0 || listen(fd, 16) < 0) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	if (!abstract)
		chmod(name, 0777);
	return fd;
}

/* Outside the sandbox: accept on both sockets until killed. */
static int listen_mode(int argc, char **argv)
{
	struct pollfd pfd[2];
	nfds_t n = 0;

	pfd[n].fd = listen_on(argv[2], 1);
	if (pfd[n].fd < 0) {
		fprintf(stderr, "probe: listen on @%s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	pfd[n++].events = POLLIN;
	if (argc > 3) {
		pfd[n].fd = listen_on(argv[3], 0);
		if (pfd[n].fd < 0) {
			fprintf(stderr, "probe: listen on %s: %s\n", argv[3], strerror(errno));
			return 1;
		}
		pfd[n++].events = POLLIN;
	}
	for (;;) {
		if (poll(pfd, n, -1) < 0 && errno != EINTR)
			return 1;
		for (nfds_t i = 0; i < n; i++) {
			if (pfd[i].revents & POLLIN) {
				int c = accept4(pfd[i].fd, NULL, NULL, SOCK_CLOEXEC);

				if (c >= 0)
					close(c);
			}
		}
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: probe NAME | --list | listen-abstract NAME [PATH] | noop\n");
		return 2;
	}
	if (strcmp(argv[1], "noop") == 0)
		return 0;
	if (strcmp(argv[1], "--list") == 0) {
		for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
			printf("%s %s\n", probes[i].name, probes[i].cls);
		return 0;
	}
	if (strcmp(argv[1], "listen-abstract") == 0 && argc >= 3)
		return listen_mode(argc, argv);
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		if (strcmp(argv[1], probes[i].name) == 0)
			return run_probe(&probes[i]);
	fprintf(stderr, "probe: no probe named %s (probe --list)\n", argv[1]);
	return 2;
}
