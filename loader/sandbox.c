/* zviz-load: the sandbox's first process and its supervisor (see
 * sandbox.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <linux/mount.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "cgroup.h"
#include "diag.h"
#include "rootfs.h"
#include "sandbox.h"

#define PROG "zviz-load"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static const int forwarded_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };

/* ---- the child ---------------------------------------------------------------------- */

/* The child reports a failure as "stage\0why" on the error pipe, which
 * exec closes on success. */
static _Noreturn void child_fail(int errfd, const char *stage, const struct zviz_error *err)
{
	char buf[sizeof(err->msg) + 64];
	size_t n = strlen(stage) + 1;

	memcpy(buf, stage, n);
	snprintf(buf + n, sizeof(buf) - n, "%s", err->msg);
	n += strlen(buf + n);
	if (write(errfd, buf, n) < 0) {
		/* the parent will still see exit 125 */
	}
	_exit(EXIT_LOADER_ERROR);
}

static int loopback_up(struct zviz_error *err)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return zviz_error_set(err, "socket: %s", strerror(errno));
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		close(fd);
		return zviz_error_set(err, "lo: %s", strerror(errno));
	}
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0) {
		close(fd);
		return zviz_error_set(err, "lo up: %s", strerror(errno));
	}
	close(fd);
	return 0;
}

/* A limit is a ceiling: where the loader already runs under a lower hard
 * limit (which a user namespace may not raise), that lower one stays. */
static int apply_rlimits(const struct launch *l, struct zviz_error *err)
{
	for (size_t i = 0; i < l->rlimit_count; i++) {
		struct rlimit rl = {
			l->rlimits[i].soft == UINT64_MAX ? RLIM_INFINITY : (rlim_t)l->rlimits[i].soft,
			l->rlimits[i].hard == UINT64_MAX ? RLIM_INFINITY : (rlim_t)l->rlimits[i].hard,
		};
		struct rlimit now;

		if (getrlimit(l->rlimits[i].resource, &now) == 0 && now.rlim_max != RLIM_INFINITY) {
			if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > now.rlim_max)
				rl.rlim_max = now.rlim_max;
			if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > rl.rlim_max)
				rl.rlim_cur = rl.rlim_max;
		}
		if (setrlimit(l->rlimits[i].resource, &rl) < 0)
			return zviz_error_set(err, "resource %d: %s", l->rlimits[i].resource, strerror(errno));
	}
	return 0;
}

/* PATH lookup the way execvp does, but in the workload's environment. */
static void exec_workload(const struct launch *l)
{
	const char *path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	const char *name = l->argv[0];
	char candidate[4096];

	if (strchr(name, '/') != NULL) {
		execve(name, l->argv, l->envp);
		return;
	}
	for (char **e = l->envp; *e != NULL; e++)
		if (strncmp(*e, "PATH=", 5) == 0)
			path = *e + 5;
	while (*path) {
		const char *end = strchr(path, ':');
		size_t len = end ? (size_t)(end - path) : strlen(path);

		if (len > 0 && len + strlen(name) + 2 <= sizeof(candidate)) {
			memcpy(candidate, path, len);
			candidate[len] = '/';
			strcpy(candidate + len + 1, name);
			execve(candidate, l->argv, l->envp);
			if (errno != ENOENT && errno != ENOTDIR && errno != EACCES)
				return;
		}
		path += len + (end ? 1 : 0);
	}
	errno = ENOENT;
}

/* ---- passing descriptors between the loader and the child ---------------------- */

/* Sends FD (or, when FD is -1, a message without one) over SOCK. */
static int send_fd(int sock, int fd)
{
	char byte = fd >= 0 ? 'f' : 'n';
	struct iovec iov = { &byte, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (fd >= 0) {
		struct cmsghdr *cmsg;

		memset(&control, 0, sizeof(control));
		msg.msg_control = control.buf;
		msg.msg_controllen = sizeof(control.buf);
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	}
	return sendmsg(sock, &msg, MSG_NOSIGNAL) == 1 ? 0 : -1;
}

/* The descriptor the other side sent: -1 for none, -2 when it is gone. */
static int recv_fd(int sock)
{
	char byte;
	struct iovec iov = { &byte, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			      .msg_controllen = sizeof(control.buf) };
	struct cmsghdr *cmsg;
	int fd = -1;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) <= 0)
		return -2;
	cmsg = CMSG_FIRSTHDR(&msg);
	if (cmsg != NULL && cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	return fd;
}

/* process.terminal: a pty from the container's own devpts; the master
 * goes to the parent over SOCK, the slave becomes the controlling
 * terminal and stdin, stdout and stderr. */
static int setup_terminal(int sock, struct zviz_error *err)
{
	int unlock = 0, master, slave;

	master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		return zviz_error_set(err, "/dev/ptmx: %s", strerror(errno));
	if (ioctl(master, TIOCSPTLCK, &unlock) < 0 ||
	    (slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY)) < 0) {
		int saved = errno;

		close(master);
		return zviz_error_set(err, "pty: %s", strerror(saved));
	}
	if (send_fd(sock, master) < 0) {
		int saved = errno;

		close(master);
		close(slave);
		return zviz_error_set(err, "send the pty: %s", strerror(saved));
	}
	close(master);
	if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0 || dup2(slave, 0) < 0 || dup2(slave, 1) < 0 ||
	    dup2(slave, 2) < 0) {
		int saved = errno;

		close(slave);
		return zviz_error_set(err, "controlling terminal: %s", strerror(saved));
	}
	if (slave > 2)
		close(slave);
	return 0;
}

/* The rootfs, cloned and idmapped to the child's user namespace, so that
 * files owned by host root show as owned by container root.  -1 when the
 * filesystem (or kernel) cannot: the plain bind mount is used then. */
static int idmapped_rootfs(pid_t child, const char *rootfs, bool verbose)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP };
	char path[64];
	int userns, tree;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)child);
	userns = open(path, O_RDONLY | O_CLOEXEC);
	if (userns < 0)
		return -1;
	tree = (int)syscall(SYS_open_tree, AT_FDCWD, rootfs, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	attr.userns_fd = (uint64_t)userns;
	if (tree >= 0 && syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr,
				 sizeof(attr)) < 0) {
		if (verbose)
			zviz_diag(PROG, "rootfs", "no idmapped mount here (%s): host-root files show as nobody",
				  strerror(errno));
		close(tree);
		tree = -1;
	}
	close(userns);
	return tree;
}

/* --init: PID 1 of the sandbox, under the same filter as the workload.
 * A PID-1 process gets only the signals it handles, so this one handles
 * the forwarded ones and passes them on to the workload (PID 2), reaps
 * every orphan, and exits as the workload did.  It needs nothing but
 * rt_sigaction, wait4, kill and exit_group. */
static volatile sig_atomic_t init_pending;

static void init_note_signal(int sig)
{
	init_pending = sig;
}

static _Noreturn void run_init(pid_t workload)
{
	struct sigaction sa;
	int wstatus;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = init_note_signal;
	for (size_t i = 0; i < sizeof(forwarded_signals) / sizeof(forwarded_signals[0]); i++)
		sigaction(forwarded_signals[i], &sa, NULL);
	for (;;) {
		pid_t done = waitpid(-1, &wstatus, 0);

		if (init_pending != 0) {
			kill(workload, init_pending);
			init_pending = 0;
		}
		if (done == workload)
			_exit(WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus));
		if (done < 0 && errno == ECHILD)
			_exit(EXIT_LOADER_ERROR);
	}
}

static _Noreturn void child_main(struct launch *l, int syncfd, int errfd, int chan, bool private_net)
{
	const struct zviz_policy *p = l->policy;
	struct zviz_error err = { "" };
	unsigned missing;
	int tree;
	char go;

	/* If the loader dies, so does the sandbox. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0) {
		zviz_error_set(&err, "%s", strerror(errno));
		child_fail(errfd, "pdeathsig", &err);
	}
	if (read(syncfd, &go, 1) != 1)
		_exit(EXIT_LOADER_ERROR);   /* the parent failed and said why */
	/* A cgroup namespace of its own, rooted at the cgroup the parent put
	 * it in (unshared here, after the move, so that root is the right one). */
	if (unshare(CLONE_NEWCGROUP) < 0) {
		zviz_error_set(&err, "%s", strerror(errno));
		child_fail(errfd, "cgroup namespace", &err);
	}
	/* Become the namespace's root now that it has one: the loader's own
	 * ids are not mapped inside, and host groups must not come along. */
	if ((!l->rootless && setgroups(0, NULL) < 0) || setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0) {
		zviz_error_set(&err, "%s", strerror(errno));
		child_fail(errfd, "container root", &err);
	}

	tree = recv_fd(chan);
	if (rootfs_setup(l, tree >= 0 ? tree : -1, private_net, &err) < 0)
		child_fail(errfd, "filesystem", &err);
	if (tree >= 0)
		close(tree);
	if (l->terminal && setup_terminal(chan, &err) < 0)
		child_fail(errfd, "terminal", &err);
	if (l->hostname != NULL && sethostname(l->hostname, strlen(l->hostname)) < 0) {
		zviz_error_set(&err, "%s", strerror(errno));
		child_fail(errfd, "hostname", &err);
	}
	if (private_net && loopback_up(&err) < 0)
		child_fail(errfd, "network", &err);
	if (apply_rlimits(l, &err) < 0)
		child_fail(errfd, "rlimits", &err);
	/* No inherited descriptor survives the exec (the error pipe too). */
	if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0) {
		zviz_error_set(&err, "%s", strerror(errno));
		child_fail(errfd, "close_range", &err);
	}
	if (chdir(l->cwd) < 0) {
		zviz_error_set(&err, "%s: %s", l->cwd, strerror(errno));
		child_fail(errfd, "cwd", &err);
	}
	if (privileges_drop(&p->caps, &l->who, &err) < 0)
		child_fail(errfd, "privileges", &err);
	/* A change of credentials clears the parent-death signal: set it
	 * again, then make sure the parent did not die in between (it holds
	 * the sync pipe open for as long as it lives). */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0) {
		zviz_error_set(&err, "%s", strerror(errno));
		child_fail(errfd, "pdeathsig", &err);
	}
	{
		struct pollfd alive = { syncfd, POLLIN, 0 };

		if (poll(&alive, 1, 0) != 0)
			_exit(EXIT_LOADER_ERROR);
	}
	if (landlock_apply(&p->landlock, &l->landlock, &missing, &err) < 0)
		child_fail(errfd, "landlock", &err);
	if (seccomp_install(&p->seccomp, &err) < 0)
		child_fail(errfd, "seccomp", &err);
	if (l->init) {
		pid_t workload = fork();

		if (workload < 0) {
			zviz_error_set(&err, "%s", strerror(errno));
			child_fail(errfd, "init", &err);
		}
		if (workload > 0) {
			close(errfd);   /* the workload's exec reports for both */
			run_init(workload);
		}
	}
	exec_workload(l);
	zviz_error_set(&err, "%s: %s", l->argv[0], strerror(errno));
	child_fail(errfd, "exec", &err);
}

/* ---- the parent ------------------------------------------------------------------------ */

static int write_file(const char *path, const char *text, struct zviz_error *err)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(text);

	if (fd < 0)
		return zviz_error_set(err, "%s: %s", path, strerror(errno));
	if (write(fd, text, len) != (ssize_t)len) {
		int saved = errno;

		close(fd);
		return zviz_error_set(err, "%s: write \"%s\": %s", path, text, strerror(saved));
	}
	if (close(fd) < 0)
		return zviz_error_set(err, "%s: %s", path, strerror(errno));
	return 0;
}

static int write_id_map(pid_t pid, const char *which, const struct id_range *ranges, size_t count,
			struct zviz_error *err)
{
	char path[64], text[16 * 40] = "";
	size_t n = 0;

	for (size_t i = 0; i < count && n < sizeof(text); i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%u %u %u\n", ranges[i].inside,
				      ranges[i].outside, ranges[i].count);
	snprintf(path, sizeof(path), "/proc/%d/%s", pid, which);
	return write_file(path, text, err);
}

static int write_id_maps(pid_t pid, const struct launch *l, struct zviz_error *err)
{
	char path[64];

	if (write_id_map(pid, "uid_map", l->uid_map, l->uid_map_count, err) < 0)
		return -1;
	/* Rootless, setgroups must be denied before gid_map may be written;
	 * as root it stays allowed, for the workload's additional groups. */
	snprintf(path, sizeof(path), "/proc/%d/setgroups", pid);
	if (write_file(path, l->rootless ? "deny" : "allow", err) < 0)
		return -1;
	return write_id_map(pid, "gid_map", l->gid_map, l->gid_map_count, err);
}

/* The child's report after it closed its end: empty when exec succeeded. */
static bool child_reported(int errfd)
{
	char buf[512];
	ssize_t n = read(errfd, buf, sizeof(buf) - 1);
	const char *why;

	if (n <= 0)
		return false;
	buf[n] = '\0';
	why = buf + strlen(buf) + 1;
	if (why > buf + n)
		why = "failed";
	zviz_diag(PROG, buf, "%s", why);
	return true;
}

static int status_of(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return EXIT_LOADER_ERROR;
}

/* Copies what is readable on FROM to TO; false at end of input. */
static bool relay(int from, int to)
{
	char buf[4096];
	ssize_t n = read(from, buf, sizeof(buf));

	if (n <= 0)
		return n < 0 && errno == EINTR;
	for (ssize_t done = 0; done < n;) {
		ssize_t w = write(to, buf + done, (size_t)(n - done));

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		done += w;
	}
	return true;
}

static void copy_window_size(int from, int to)
{
	struct winsize ws;

	if (ioctl(from, TIOCGWINSZ, &ws) == 0)
		ioctl(to, TIOCSWINSZ, &ws);
}

/* Forwards signals, enforces the wall clock, relays the workload's
 * terminal (PTY, or -1) and reaps the child. */
static int supervise(pid_t child, int errfd, int pty, uint64_t wall_ms, bool verbose)
{
	struct pollfd fds[4];
	struct termios saved_tty;
	sigset_t set;
	int sigfd, timerfd = -1, wstatus = 0;
	bool reported = false, timed_out = false, raw = false, stdin_open = pty >= 0;

	if (pty >= 0 && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved_tty) == 0) {
		struct termios tty = saved_tty;

		cfmakeraw(&tty);
		raw = tcsetattr(STDIN_FILENO, TCSANOW, &tty) == 0;
		copy_window_size(STDIN_FILENO, pty);
	}
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(forwarded_signals) / sizeof(forwarded_signals[0]); i++)
		sigaddset(&set, forwarded_signals[i]);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGWINCH);
	sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (wall_ms > 0) {
		struct itimerspec when = { { 0, 0 }, { (time_t)(wall_ms / 1000), (long)(wall_ms % 1000) * 1000000L } };

		timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
		if (timerfd >= 0)
			timerfd_settime(timerfd, 0, &when, NULL);
	}
	if (sigfd < 0 || (wall_ms > 0 && timerfd < 0)) {
		zviz_diag_errno(PROG, "supervisor", errno);
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		return EXIT_LOADER_ERROR;
	}
	reported = child_reported(errfd);
	for (;;) {
		pid_t done = waitpid(child, &wstatus, WNOHANG);

		if (done == child)
			break;
		fds[0] = (struct pollfd){ sigfd, POLLIN, 0 };
		fds[1] = (struct pollfd){ timerfd, POLLIN, 0 };
		fds[2] = (struct pollfd){ pty, POLLIN, 0 };
		fds[3] = (struct pollfd){ stdin_open ? STDIN_FILENO : -1, POLLIN, 0 };
		if (poll(fds, 4, -1) < 0 && errno != EINTR)
			break;
		if (fds[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(sigfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGWINCH && pty >= 0)
					copy_window_size(STDIN_FILENO, pty);
				else if (si.ssi_signo != SIGCHLD && si.ssi_signo != SIGWINCH)
					kill(child, (int)si.ssi_signo);
			}
		}
		if (pty >= 0 && (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) && !relay(pty, STDOUT_FILENO)) {
			close(pty);     /* the workload's side is gone */
			pty = -1;
		}
		if (stdin_open && (fds[3].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    (pty < 0 || !relay(STDIN_FILENO, pty)))
			stdin_open = false;
		if (timerfd >= 0 && (fds[1].revents & POLLIN)) {
			if (verbose)
				zviz_diag(PROG, "wall clock", "%llu ms are up: killing the sandbox",
					  (unsigned long long)wall_ms);
			timed_out = true;
			kill(child, SIGKILL);
			close(timerfd);
			timerfd = -1;
		}
	}
	close(sigfd);
	if (timerfd >= 0)
		close(timerfd);
	if (pty >= 0) {
		while (relay(pty, STDOUT_FILENO))
			;       /* what the workload wrote before it ended */
		close(pty);
	}
	if (raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	if (reported)
		return EXIT_LOADER_ERROR;
	if (timed_out) {
		zviz_diag(PROG, "wall clock", "the workload ran out of time and was killed");
		return 137;
	}
	return status_of(wstatus);
}

int sandbox_run(struct launch *l, const struct sandbox_options *opts)
{
	const struct zviz_policy *p = l->policy;
	/* given without a namespace named in config.json: a private one */
	bool private_net = p->network_mode == ZVIZ_NETWORK_PRIVATE ||
			   (p->network_mode == ZVIZ_NETWORK_GIVEN && l->netns_path == NULL);
	unsigned long flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS |
			      (private_net ? CLONE_NEWNET : 0);
	struct cgroup_options cg_opts = { .parent = opts->cgroup_parent, .verbose = opts->verbose };
	struct zviz_cgroup *cg = NULL;
	char cg_name[64];
	struct zviz_error err = { "" };
	int sync_pipe[2], err_pipe[2], chan[2];
	sigset_t set, old;
	pid_t child;
	uint64_t wall_ms = opts->timeout_seconds ? opts->timeout_seconds * 1000ull : p->wall_clock_ms;

	if (l->netns_path != NULL) {
		/* Joined here, by the loader: from inside its new user namespace
		 * the child would have no right to. */
		int fd = open(l->netns_path, O_RDONLY | O_CLOEXEC);

		if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
			zviz_diag(PROG, "network", "join %s: %s", l->netns_path, strerror(errno));
			if (fd >= 0)
				close(fd);
			return EXIT_LOADER_ERROR;
		}
		close(fd);
	}
	if (pipe2(sync_pipe, O_CLOEXEC) < 0 || pipe2(err_pipe, O_CLOEXEC) < 0 ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, chan) < 0) {
		zviz_diag_errno(PROG, "pipe", errno);
		return EXIT_LOADER_ERROR;
	}
	/* Signals wait in a signalfd from now on; the child starts with
	 * them unblocked again. */
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(forwarded_signals) / sizeof(forwarded_signals[0]); i++)
		sigaddset(&set, forwarded_signals[i]);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);

	child = (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
	if (child < 0) {
		zviz_diag_errno(PROG, "clone", errno);
		sigprocmask(SIG_SETMASK, &old, NULL);
		return EXIT_LOADER_ERROR;
	}
	if (child == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		close(sync_pipe[1]);
		close(err_pipe[0]);
		close(chan[0]);
		child_main(l, sync_pipe[0], err_pipe[1], chan[1], private_net);
	}
	close(sync_pipe[0]);
	close(err_pipe[1]);
	close(chan[1]);
	snprintf(cg_name, sizeof(cg_name), "zviz-%d", (int)getpid());
	if (opts->verbose)
		zviz_diag(PROG, "namespaces", "workload %d: user, pid, mount, ipc, uts, cgroup%s", (int)child,
			  private_net ? ", network (loopback only)" : l->netns_path ? "; joined network namespace"
									: "; host network");
	if (write_id_maps(child, l, &err) < 0 && zviz_error_prefix(&err, "id maps") < 0) {
		/* reported below */
	} else if (cgroup_create(&cg_opts, cg_name, &l->cgroup, &cg, &err) == 0 &&
		   cgroup_attach(cg, child, &err) == 0) {
		err.msg[0] = '\0';
	} else if (opts->best_effort && l->cgroup.set != 0) {
		/* The limits are the one thing --best-effort may give up. */
		zviz_diag(PROG, "best effort", "running without the profile's memory, pids and cpu limits: %s",
			  err.msg);
		cgroup_destroy(&cg, &err);
		err.msg[0] = '\0';
	}
	if (err.msg[0] != '\0') {
		/* The cgroup module's messages start with "cgroup: " already. */
		zviz_diag(PROG, "setup", "%s", err.msg);
		close(sync_pipe[1]);
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		if (cg != NULL)
			cgroup_destroy(&cg, &err);
		return EXIT_LOADER_ERROR;
	}
	{
		int tree = idmapped_rootfs(child, l->rootfs, opts->verbose);
		int sent = send_fd(chan[0], tree);

		if (tree >= 0)
			close(tree);
		if (sent < 0) {
			zviz_diag_errno(PROG, "rootfs", errno);
			kill(child, SIGKILL);
			waitpid(child, NULL, 0);
			cgroup_destroy(&cg, &err);
			return EXIT_LOADER_ERROR;
		}
	}
	if (opts->verbose)
		zviz_diag(PROG, "seccomp", "%u instructions, installed last", p->seccomp.insn_count);
	if (write(sync_pipe[1], "g", 1) != 1) {
		zviz_diag_errno(PROG, "release", errno);
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		cgroup_destroy(&cg, &err);
		return EXIT_LOADER_ERROR;
	}
	{
		int pty = l->terminal ? recv_fd(chan[0]) : -1;
		int status;

		if (pty < 0)
			pty = -1;
		close(chan[0]);
		status = supervise(child, err_pipe[0], pty, wall_ms, opts->verbose);

		close(err_pipe[0]);
		close(sync_pipe[1]);
		if (status == 128 + SIGKILL && cgroup_oom_killed(cg))
			zviz_diag(PROG, "memory", "the workload went over its memory limit and was killed");
		/* Nothing the workload left behind survives it. */
		if (cgroup_destroy(&cg, &err) < 0) {
			zviz_diag(PROG, "cgroup", "%s", err.msg);
			if (status == 0)
				status = EXIT_LOADER_ERROR;
		}
		return status;
	}
}
