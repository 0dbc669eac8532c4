/* The cgroup limits, enforced for real on this host: a child process is
 * attached the way zviz-load attaches the workload (it waits on a pipe
 * until it is inside), then
 *   - with pids.max 8 it forks 20 times: 7 forks succeed, 13 fail with EAGAIN;
 *   - with 32 MiB of memory and no swap it touches 256 MiB: the kernel's
 *     OOM killer ends it with SIGKILL and cgroup_oom_killed() says so;
 *   - a fork bomb under pids.max 64 is ended entirely by cgroup_destroy();
 * and after each destroy the cgroup directories are gone and no process the
 * test started is left (the test is a child subreaper, so every orphan
 * comes back to it to be counted).
 * The default options pick cgroup v2 per controller where the unified tree
 * offers it and v1 otherwise (this host: v1 memory, pids and cpu; the v2
 * cgroup only serves cgroup.kill); the "v1 only" cases also run the
 * freezer path that hosts without a cgroup2 tree take.
 * Everything is created under this process's own cgroups, named
 * zviz-test-<pid>-<case>.  Needs root; in CI (CI set) it fails rather than
 * skip.  Speaks TAP through cmocka. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "cgroup.h"
#include "ci-skip.h"

#define MAX_DIRS        8
#define CHILD_ALARM_S   60       /* a safety net: every test process dies by then */
#define WAIT_MS         30000

struct report {
	int forked;
	int eagain;
	int other;
	int other_errno;
};

struct fixture {
	struct zviz_cgroup *cg;
	struct cgroup_options opt;
	struct zviz_error err;
	char name[64];
	char dirs[MAX_DIRS][PATH_MAX];   /* what cgroup_create() made */
	size_t ndirs;
	pid_t child;                     /* leads its own process group */
	int status;                      /* the child's, once reaped */
	bool reaped;
	int go[2];                       /* parent -> child: you are inside */
	int out[2];                      /* child -> parent: struct report */
};

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Reaps every descendant (they all come back to this subreaper) until
 * none is left or TIMEOUT_MS passes; true when none is left. */
static bool reap_all(struct fixture *f, long timeout_ms)
{
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);

		if (pid < 0 && errno == ECHILD)
			return true;
		if (pid > 0) {
			if (pid == f->child) {
				f->status = status;
				f->reaped = true;
			}
			continue;
		}
		if (elapsed_ms(&start) > timeout_ms)
			return false;
		sleep_ms(2);
	}
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	f->go[0] = f->go[1] = f->out[0] = f->out[1] = -1;
	*state = f;
	return 0;
}

/* Runs even after a failed assertion: kills and removes everything the
 * test made (destroy kills what is inside; the process group catches a
 * child that was never attached), then reaps. */
static int teardown(void **state)
{
	struct fixture *f = *state;
	struct zviz_error err;

	if (f->cg != NULL && cgroup_destroy(&f->cg, &err) < 0)
		fprintf(stderr, "teardown: %s\n", err.msg);
	if (f->child > 0 && !f->reaped)
		kill(-f->child, SIGKILL);
	if (!reap_all(f, 10000))
		fprintf(stderr, "teardown: descendants are still running\n");
	for (size_t i = f->ndirs; i-- > 0;)
		if (rmdir(f->dirs[i]) == 0)
			fprintf(stderr, "teardown: had to remove %s\n", f->dirs[i]);
	close_fd(&f->go[0]);
	close_fd(&f->go[1]);
	close_fd(&f->out[0]);
	close_fd(&f->out[1]);
	free(f);
	return 0;
}

static bool have_v1(void)
{
	struct statfs fs;

	return statfs("/sys/fs/cgroup", &fs) == 0 && (unsigned long)fs.f_type != CGROUP2_SUPER_MAGIC &&
	       statfs("/sys/fs/cgroup/memory", &fs) == 0 &&
	       (unsigned long)fs.f_type == CGROUP_SUPER_MAGIC;
}

/* Creates the cgroup for case WHAT, recording its directories. */
static void create(struct fixture *f, const char *what, unsigned int flags,
		   const struct zviz_cgroup_limits *limits)
{
	const char *dir;

	if (geteuid() != 0)
		skip_unless_ci("creating cgroups needs root");
	if ((flags & CGROUP_NO_V2) && !have_v1())
		skip_unless_ci("no cgroup v1 hierarchies on this host");
	snprintf(f->name, sizeof(f->name), "zviz-test-%d-%s", (int)getpid(), what);
	f->opt.flags = flags;
	if (cgroup_create(&f->opt, f->name, limits, &f->cg, &f->err) < 0)
		fail_msg("cgroups cannot be used on this host: %s", f->err.msg);
	for (f->ndirs = 0; (dir = cgroup_dir(f->cg, f->ndirs)) != NULL; f->ndirs++) {
		assert_true(f->ndirs < MAX_DIRS);
		snprintf(f->dirs[f->ndirs], sizeof(f->dirs[0]), "%s", dir);
		assert_int_equal(access(dir, F_OK), 0);
		print_message("# %s\n", dir);
	}
	for (int c = 0; c < CGROUP_CONTROLLER_COUNT; c++)
		if (cgroup_controller_version(f->cg, c) != CGROUP_UNUSED)
			print_message("# %s limits: cgroup v%d\n", cgroup_controller_name(c),
				      (int)cgroup_controller_version(f->cg, c));
}

/* Forks the child, which runs BODY once it is attached; BODY never returns. */
static void start(struct fixture *f, void (*body)(int out))
{
	char c = 'g';

	assert_int_equal(pipe2(f->go, O_CLOEXEC), 0);
	assert_int_equal(pipe2(f->out, O_CLOEXEC), 0);
	f->child = fork();
	assert_true(f->child >= 0);
	if (f->child == 0) {
		setpgid(0, 0);
		alarm(CHILD_ALARM_S);
		close(f->go[1]);
		close(f->out[0]);
		if (read(f->go[0], &c, 1) != 1)
			_exit(120);
		body(f->out[1]);
		_exit(121);
	}
	setpgid(f->child, f->child);
	close_fd(&f->go[0]);
	close_fd(&f->out[1]);
	if (cgroup_attach(f->cg, f->child, &f->err) < 0)
		fail_msg("%s", f->err.msg);
	assert_int_equal(write(f->go[1], &c, 1), 1);
	close_fd(&f->go[1]);
}

static void read_report(struct fixture *f, struct report *r)
{
	struct pollfd p = { .fd = f->out[0], .events = POLLIN };

	assert_int_equal(poll(&p, 1, WAIT_MS), 1);
	assert_int_equal(read(f->out[0], r, sizeof(*r)), (ssize_t)sizeof(*r));
}

static void wait_child(struct fixture *f)
{
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!f->reaped) {
		pid_t pid = waitpid(f->child, &f->status, WNOHANG);

		assert_true(pid >= 0);
		if (pid == f->child)
			f->reaped = true;
		else if (elapsed_ms(&start) > WAIT_MS)
			fail_msg("the child did not end in %d ms", WAIT_MS);
		else
			sleep_ms(5);
	}
}

/* Destroys the cgroup: afterwards its directories are gone, and once the
 * dead are reaped no process of the test is left. */
static void destroy_and_check(struct fixture *f)
{
	if (cgroup_destroy(&f->cg, &f->err) < 0)
		fail_msg("%s", f->err.msg);
	assert_null(f->cg);
	for (size_t i = 0; i < f->ndirs; i++)
		if (access(f->dirs[i], F_OK) == 0 || errno != ENOENT)
			fail_msg("%s is still there after destroy", f->dirs[i]);
	if (!reap_all(f, 5000))
		fail_msg("processes of the test survived cgroup_destroy()");
	assert_true(f->child == 0 || f->reaped);
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static void read_value(const char *dir, const char *file, char *buf, size_t size)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fail_msg("%s: %s", path, strerror(errno));
	n = read(fd, buf, size - 1);
	close(fd);
	assert_true(n >= 0);
	buf[n] = '\0';
}

static void expect_contents(const char *dir, const char *file, const char *want)
{
	char got[128];

	read_value(dir, file, got, sizeof(got));
	if (strcmp(got, want) != 0)
		fail_msg("%s/%s holds \"%s\", not \"%s\"", dir, file, got, want);
}

/* ---- the children --------------------------------------------------------- */

static void sleep_until_killed(void)
{
	alarm(CHILD_ALARM_S);
	for (;;)
		pause();
}

static void fork_twenty(int out)
{
	struct report r = { 0 };

	for (int i = 0; i < 20; i++) {
		pid_t pid = fork();

		if (pid == 0)
			sleep_until_killed();
		if (pid > 0)
			r.forked++;
		else if (errno == EAGAIN)
			r.eagain++;
		else {
			r.other++;
			r.other_errno = errno;
		}
	}
	if (write(out, &r, sizeof(r)) != (ssize_t)sizeof(r))
		_exit(122);
	sleep_until_killed();
}

static void touch_256_mib(int out)
{
	size_t len = (size_t)256 << 20;
	volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)out;
	if (p == MAP_FAILED)
		_exit(123);
	for (size_t i = 0; i < len; i += 4096)
		p[i] = 1;
	_exit(0);
}

static void fork_bomb(int out)
{
	if (write(out, "b", 1) != 1)
		_exit(122);
	for (int i = 0; i < 1000000; i++)
		if (fork() == 0)
			alarm(CHILD_ALARM_S);
	sleep_until_killed();
}

/* ---- the cases --------------------------------------------------------------- */

/* The values the kernel accepted read back from the real files. */
static void test_limits_written(void **state)
{
	struct fixture *f = *state;
	struct zviz_cgroup_limits l = {
		.set = ZVIZ_CGROUP_ALL, .memory_max = 64u << 20, .swap_max = 0, .pids_max = 100,
		.cpu_quota_us = 50000, .cpu_period_us = 100000, .cpu_weight = 100,
	};
	const char *dir;

	create(f, "limits", 0, &l);
	dir = cgroup_controller_path(f->cg, CGROUP_MEMORY);
	if (cgroup_controller_version(f->cg, CGROUP_MEMORY) == CGROUP_V2) {
		expect_contents(dir, "memory.max", "67108864\n");
		expect_contents(dir, "memory.swap.max", "0\n");
	} else {
		expect_contents(dir, "memory.limit_in_bytes", "67108864\n");
		expect_contents(dir, "memory.memsw.limit_in_bytes", "67108864\n");
	}
	expect_contents(cgroup_controller_path(f->cg, CGROUP_PIDS), "pids.max", "100\n");
	dir = cgroup_controller_path(f->cg, CGROUP_CPU);
	if (cgroup_controller_version(f->cg, CGROUP_CPU) == CGROUP_V2) {
		expect_contents(dir, "cpu.max", "50000 100000\n");
		expect_contents(dir, "cpu.weight", "100\n");
	} else {
		expect_contents(dir, "cpu.cfs_quota_us", "50000\n");
		expect_contents(dir, "cpu.cfs_period_us", "100000\n");
		expect_contents(dir, "cpu.shares", "1024\n");
	}
	assert_false(cgroup_oom_killed(f->cg));
	destroy_and_check(f);
}

static void check_pids_limit(struct fixture *f, const char *what, unsigned int flags)
{
	struct zviz_cgroup_limits l = { .set = ZVIZ_CGROUP_PIDS, .pids_max = 8 };
	struct report r;

	create(f, what, flags, &l);
	start(f, fork_twenty);
	read_report(f, &r);
	print_message("# forked %d, EAGAIN %d, other errors %d\n", r.forked, r.eagain, r.other);
	assert_int_equal(r.other, 0);
	assert_int_equal(r.forked, 7);        /* the child itself is the 8th */
	assert_int_equal(r.eagain, 13);
	/* The child and its seven children are still asleep inside. */
	destroy_and_check(f);
	assert_true(WIFSIGNALED(f->status));
	assert_int_equal(WTERMSIG(f->status), SIGKILL);
}

static void test_pids_limit(void **state)
{
	check_pids_limit(*state, "pids", 0);
}

static void test_pids_limit_v1_only(void **state)
{
	check_pids_limit(*state, "pids-v1", CGROUP_NO_V2);
}

static void test_memory_oom(void **state)
{
	struct fixture *f = *state;
	struct zviz_cgroup_limits l = {
		.set = ZVIZ_CGROUP_MEMORY | ZVIZ_CGROUP_SWAP, .memory_max = 32u << 20, .swap_max = 0,
	};

	create(f, "memory", 0, &l);
	start(f, touch_256_mib);
	wait_child(f);
	if (WIFEXITED(f->status))
		fail_msg("the child touched 256 MiB under a 32 MiB limit and exited %d",
			 WEXITSTATUS(f->status));
	assert_true(WIFSIGNALED(f->status));
	assert_int_equal(WTERMSIG(f->status), SIGKILL);
	assert_true(cgroup_oom_killed(f->cg));
	print_message("# the child was OOM-killed (SIGKILL)\n");
	destroy_and_check(f);
}

static size_t count_procs(const char *dir)
{
	char buf[4096];
	size_t n = 0;

	read_value(dir, "cgroup.procs", buf, sizeof(buf));
	for (char *p = buf; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	return n;
}

static void check_fork_bomb(struct fixture *f, const char *what, unsigned int flags)
{
	struct zviz_cgroup_limits l = { .set = ZVIZ_CGROUP_PIDS, .pids_max = 64 };
	struct timespec start_time;
	const char *dir;
	size_t n = 0;
	char c;

	create(f, what, flags, &l);
	dir = cgroup_controller_path(f->cg, CGROUP_PIDS);
	start(f, fork_bomb);
	assert_int_equal(read(f->out[0], &c, 1), 1);
	/* Until the bomb has filled its limit (or a while has passed). */
	clock_gettime(CLOCK_MONOTONIC, &start_time);
	while ((n = count_procs(dir)) < 64 && elapsed_ms(&start_time) < 3000)
		sleep_ms(5);
	print_message("# %zu processes inside before destroy\n", n);
	assert_true(n > 8);
	destroy_and_check(f);
	assert_true(WIFSIGNALED(f->status));
	assert_int_equal(WTERMSIG(f->status), SIGKILL);
}

static void test_fork_bomb(void **state)
{
	check_fork_bomb(*state, "bomb", 0);
}

static void test_fork_bomb_v1_only(void **state)
{
	check_fork_bomb(*state, "bomb-v1", CGROUP_NO_V2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_limits_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pids_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory_oom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fork_bomb, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pids_limit_v1_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fork_bomb_v1_only, setup, teardown),
	};

	/* Orphans come back here, so "nothing survived" can be checked. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
		perror("cgroup-enforce: PR_SET_CHILD_SUBREAPER");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
