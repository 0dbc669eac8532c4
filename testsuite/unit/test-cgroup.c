/* The cgroups module against fake cgroup trees built under /tmp: which
 * hierarchy each limit goes to, the exact files and values written, the
 * no-internal-processes move, clean-up on every failure, and destroy.
 * Everything runs with CGROUP_TEST_FAKE_FS: no real cgroup is touched and
 * no signal is sent (the pids written to the fake cgroup.procs are never
 * used). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "cgroup.h"

struct fixture {
	char root[64];                 /* the fake trees live here */
	char v2[PATH_MAX];             /* root/v2: the fake cgroup2 mount */
	char v1[PATH_MAX];             /* root/v1: the fake v1 hierarchies */
	char self[PATH_MAX];           /* root/self-cgroup: a fake /proc/self/cgroup */
	struct cgroup_options opt;
	struct zviz_cgroup *cg;
	struct zviz_error err;
	char buf[4096];
	char path[PATH_MAX];
	char pid[16];                  /* this process's pid, as written */
};

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	strcpy(f->root, "/tmp/zviz-cgroup-unit.XXXXXX");
	if (mkdtemp(f->root) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->v2, sizeof(f->v2), "%s/v2", f->root);
	snprintf(f->v1, sizeof(f->v1), "%s/v1", f->root);
	snprintf(f->self, sizeof(f->self), "%s/self-cgroup", f->root);
	f->opt.v2_root = f->v2;
	f->opt.v1_root = f->v1;
	f->opt.self_cgroup_file = f->self;
	f->opt.flags = CGROUP_TEST_FAKE_FS;
	*state = f;
	return 0;
}

/* Runs even when an assertion failed half-way: nothing outlives a test. */
static int teardown(void **state)
{
	struct fixture *f = *state;

	cgroup_destroy(&f->cg, NULL);
	nftw(f->root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* ROOT/REL, in the fixture's path buffer. */
static const char *at(struct fixture *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static const char *at(struct fixture *f, const char *fmt, ...)
{
	char rel[PATH_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	snprintf(f->path, sizeof(f->path), "%s/%s", f->root, rel);
	return f->path;
}

static void mkdirs(const char *path)
{
	char tmp[PATH_MAX];

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		assert_true(mkdir(tmp, 0755) == 0 || errno == EEXIST);
		*p = '/';
	}
	assert_true(mkdir(tmp, 0755) == 0 || errno == EEXIST);
}

/* Writes CONTENT to ROOT/REL, making the directories on the way. */
static void put(struct fixture *f, const char *rel, const char *content)
{
	char *slash;
	FILE *fp;

	at(f, "%s", rel);
	slash = strrchr(f->path, '/');
	*slash = '\0';
	mkdirs(f->path);
	*slash = '/';
	fp = fopen(f->path, "w");
	assert_non_null(fp);
	fputs(content, fp);
	assert_int_equal(fclose(fp), 0);
}

static const char *slurp(struct fixture *f, const char *path)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		fail_msg("%s: %s", path, strerror(errno));
	n = read(fd, f->buf, sizeof(f->buf) - 1);
	close(fd);
	assert_true(n >= 0);
	f->buf[n] = '\0';
	return f->buf;
}

/* The file ROOT/REL holds exactly EXPECTED. */
static void expect_file(struct fixture *f, const char *rel, const char *expected)
{
	assert_string_equal(slurp(f, at(f, "%s", rel)), expected);
}

static bool exists(struct fixture *f, const char *rel)
{
	return access(at(f, "%s", rel), F_OK) == 0;
}

static const char *self_pid(struct fixture *f)
{
	snprintf(f->pid, sizeof(f->pid), "%d", (int)getpid());
	return f->pid;
}

static const struct zviz_cgroup_limits all_limits = {
	.set = ZVIZ_CGROUP_ALL,
	.memory_max = 512u << 20,
	.swap_max = 0,
	.pids_max = 64,
	.cpu_quota_us = 25000,
	.cpu_period_us = 100000,
	.cpu_weight = 100,
};

/* A pure cgroup2 host: the caller in /user.slice/test, which offers every
 * controller and holds PROCS. */
static void fake_v2_host(struct fixture *f, const char *procs)
{
	put(f, "self-cgroup", "0::/user.slice/test\n");
	put(f, "v2/cgroup.controllers", "cpu memory pids hugetlb\n");
	put(f, "v2/user.slice/test/cgroup.controllers", "cpu memory pids\n");
	put(f, "v2/user.slice/test/cgroup.subtree_control", "");
	put(f, "v2/user.slice/test/cgroup.type", "domain\n");
	put(f, "v2/user.slice/test/cgroup.procs", procs);
	f->opt.flags |= CGROUP_NO_V1;
}

/* A hybrid host like the one the tests run on: cgroup2 with hugetlb only,
 * the caller at / everywhere but in memory. */
static void fake_hybrid_host(struct fixture *f)
{
	put(f, "self-cgroup",
	    "9:name=systemd:/\n8:pids:/\n6:freezer:/\n4:memory:/process_api/abc\n"
	    "2:cpuacct:/\n1:cpu:/\n0::/\n");
	put(f, "v2/cgroup.controllers", "hugetlb\n");
	put(f, "v2/cgroup.subtree_control", "");
	put(f, "v2/cgroup.procs", "1\n2\n");
	put(f, "v1/memory/process_api/abc/cgroup.procs", "1\n");
	put(f, "v1/pids/cgroup.procs", "1\n");
	put(f, "v1/cpu/cgroup.procs", "1\n");
	put(f, "v1/freezer/cgroup.procs", "1\n");
}

/* ---- cgroup v2 ------------------------------------------------------------ */

static void test_v2_files_written(void **state)
{
	struct fixture *f = *state;
	char self[32];

	snprintf(self, sizeof(self), "%d\n", (int)getpid());
	fake_v2_host(f, self);
	assert_int_equal(cgroup_create(&f->opt, "zviz-1", &all_limits, &f->cg, &f->err), 0);

	for (int c = 0; c < CGROUP_CONTROLLER_COUNT; c++) {
		assert_int_equal(cgroup_controller_version(f->cg, c), CGROUP_V2);
		assert_string_equal(cgroup_controller_path(f->cg, c), at(f, "v2/user.slice/test/zviz-1"));
	}
	assert_string_equal(cgroup_dir(f->cg, 0), at(f, "v2/user.slice/test/zviz-1"));
	assert_null(cgroup_dir(f->cg, 1));

	/* The caller moved to a leaf of its own, then the controllers. */
	expect_file(f, "v2/user.slice/test/zviz-1-supervisor/cgroup.procs", self_pid(f));
	expect_file(f, "v2/user.slice/test/cgroup.subtree_control", "+memory +pids +cpu");
	expect_file(f, "v2/user.slice/test/zviz-1/memory.max", "536870912");
	expect_file(f, "v2/user.slice/test/zviz-1/memory.swap.max", "0");
	expect_file(f, "v2/user.slice/test/zviz-1/pids.max", "64");
	expect_file(f, "v2/user.slice/test/zviz-1/cpu.max", "25000 100000");
	expect_file(f, "v2/user.slice/test/zviz-1/cpu.weight", "100");
	assert_false(exists(f, "v2/user.slice/test/zviz-1/cgroup.procs"));

	assert_int_equal(cgroup_attach(f->cg, 4242, &f->err), 0);
	expect_file(f, "v2/user.slice/test/zviz-1/cgroup.procs", "4242");

	assert_int_equal(cgroup_destroy(&f->cg, &f->err), 0);
	assert_null(f->cg);
	assert_false(exists(f, "v2/user.slice/test/zviz-1"));
	assert_false(exists(f, "v2/user.slice/test/zviz-1-supervisor"));
	/* Undone: the controllers it enabled, the move. */
	expect_file(f, "v2/user.slice/test/cgroup.subtree_control", "-memory -pids -cpu");
	expect_file(f, "v2/user.slice/test/cgroup.procs", self_pid(f));
	assert_int_equal(cgroup_destroy(&f->cg, &f->err), 0);
	assert_int_equal(cgroup_destroy(NULL, &f->err), 0);
}

static void test_v2_no_move_when_parent_is_empty(void **state)
{
	struct fixture *f = *state;
	struct zviz_cgroup_limits l = { .set = ZVIZ_CGROUP_PIDS, .pids_max = 5 };

	fake_v2_host(f, "");
	assert_int_equal(cgroup_create(&f->opt, "zviz-2", &l, &f->cg, &f->err), 0);
	/* Only the controller the limits need. */
	expect_file(f, "v2/user.slice/test/cgroup.subtree_control", "+pids");
	expect_file(f, "v2/user.slice/test/zviz-2/pids.max", "5");
	assert_false(exists(f, "v2/user.slice/test/zviz-2-supervisor"));
	assert_false(exists(f, "v2/user.slice/test/zviz-2/memory.max"));
	assert_false(exists(f, "v2/user.slice/test/zviz-2/cpu.max"));
	assert_int_equal(cgroup_controller_version(f->cg, CGROUP_MEMORY), CGROUP_UNUSED);
	assert_null(cgroup_controller_path(f->cg, CGROUP_MEMORY));
	assert_int_equal(cgroup_destroy(&f->cg, &f->err), 0);
	assert_false(exists(f, "v2/user.slice/test/zviz-2"));
}

static void test_v2_controllers_already_enabled(void **state)
{
	struct fixture *f = *state;
	struct zviz_cgroup_limits l = {
		.set = ZVIZ_CGROUP_MEMORY | ZVIZ_CGROUP_PIDS, .memory_max = 1 << 20, .pids_max = 9,
	};

	/* Enabled already, so the parent holds no process: nothing to move,
	 * nothing to enable, nothing to undo. */
	fake_v2_host(f, "");
	put(f, "v2/user.slice/test/cgroup.subtree_control", "memory pids\n");
	assert_int_equal(cgroup_create(&f->opt, "zviz-3", &l, &f->cg, &f->err), 0);
	expect_file(f, "v2/user.slice/test/cgroup.subtree_control", "memory pids\n");
	expect_file(f, "v2/user.slice/test/zviz-3/memory.max", "1048576");
	assert_false(exists(f, "v2/user.slice/test/zviz-3/memory.swap.max"));
	assert_int_equal(cgroup_destroy(&f->cg, &f->err), 0);
	expect_file(f, "v2/user.slice/test/cgroup.subtree_control", "memory pids\n");
	assert_false(exists(f, "v2/user.slice/test/zviz-3"));
}

static void test_v2_root_holds_processes_freely(void **state)
{
	struct fixture *f = *state;
	struct zviz_cgroup_limits l = { .set = ZVIZ_CGROUP_MEMORY, .memory_max = 8192 };

	put(f, "self-cgroup", "0::/\n");
	put(f, "v2/cgroup.controllers", "memory\n");
	put(f, "v2/cgroup.subtree_control", "");
	put(f, "v2/cgroup.procs", "1\n");      /* no cgroup.type: the root */
	f->opt.flags |= CGROUP_NO_V1;
	assert_int_equal(cgroup_create(&f->opt, "zviz-4", &l, &f->cg, &f->err), 0);
	expect_file(f, "v2/cgroup.subtree_control", "+memory");
	expect_file(f, "v2/zviz-4/memory.max", "8192");
	assert_false(exists(f, "v2/zviz-4-supervisor"));
	assert_int_equal(cgroup_destroy(&f->cg, &f->err), 0);
	assert_false(exists(f, "v2/zviz-4"));
}

static void test_v2_other_processes_in_parent(void **state)
{
	struct fixture *f = *state;
	char procs[64], want[PATH_MAX + 128];

	snprintf(procs, sizeof(procs), "%d\n1\n", (int)getpid());
	fake_v2_host(f, procs);
	assert_int_equal(cgroup_create(&f->opt, "zviz-5", &all_limits, &f->cg, &f->err), -1);
	assert_null(f->cg);
	snprintf(want, sizeof(want), "cgroup: %s holds process 1 besides this one, so it cannot "
		 "enable controllers for a cgroup beside it", at(f, "v2/user.slice/test"));
	assert_string_equal(f->err.msg, want);
	assert_false(exists(f, "v2/user.slice/test/zviz-5"));
	assert_false(exists(f, "v2/user.slice/test/zviz-5-supervisor"));
	expect_file(f, "v2/user.slice/test/cgroup.subtree_control", "");
}

/* A failed write names the file, the value and errno, and undoes the move. */
static void test_v2_write_error(void **state)
{
	struct fixture *f = *state;
	char self[32], want[PATH_MAX + 128];

	snprintf(self, sizeof(self), "%d\n", (int)getpid());
	fake_v2_host(f, self);
	/* O_NOFOLLOW refuses a symlink. */
	put(f, "elsewhere", "");
	assert_int_equal(unlink(at(f, "v2/user.slice/test/cgroup.subtree_control")), 0);
	assert_int_equal(symlink("../../../elsewhere", f->path), 0);
	assert_int_equal(cgroup_create(&f->opt, "zviz-6", &all_limits, &f->cg, &f->err), -1);
	snprintf(want, sizeof(want), "cgroup: %s: write \"+memory +pids +cpu\": %s",
		 at(f, "v2/user.slice/test/cgroup.subtree_control"), strerror(ELOOP));
	assert_string_equal(f->err.msg, want);
	assert_false(exists(f, "v2/user.slice/test/zviz-6-supervisor"));
	assert_false(exists(f, "v2/user.slice/test/zviz-6"));
	expect_file(f, "v2/user.slice/test/cgroup.procs", self_pid(f));
	expect_file(f, "elsewhere", "");
}

static void test_v2_parent_option(void **state)
{
	struct fixture *f = *state;
	struct zviz_cgroup_limits l = { .set = ZVIZ_CGROUP_CPU_WEIGHT, .cpu_weight = 250 };

	fake_v2_host(f, "");
	put(f, "v2/custom/cgroup.controllers", "cpu\n");
	put(f, "v2/custom/cgroup.subtree_control", "cpu\n");
	put(f, "v2/custom/cgroup.type", "domain\n");
	f->opt.parent = "/custom";
	assert_int_equal(cgroup_create(&f->opt, "zviz-7", &l, &f->cg, &f->err), 0);
	assert_string_equal(cgroup_dir(f->cg, 0), at(f, "v2/custom/zviz-7"));
	expect_file(f, "v2/custom/zviz-7/cpu.weight", "250");
	assert_false(exists(f, "v2/user.slice/test/zviz-7"));
	assert_int_equal(cgroup_destroy(&f->cg, &f->err), 0);
	assert_false(exists(f, "v2/custom/zviz-7"));
}

/* ---- hybrid and v1 --------------------------------------------------------- */

static void test_hybrid_uses_v1(void **state)
{
	struct fixture *f = *state;
	struct zviz_cgroup_limits l = {
		.set = ZVIZ_CGROUP_ALL, .memory_max = 32u << 20, .swap_max = 0, .pids_max = 8,
		.cpu_quota_us = 50000, .cpu_period_us = 100000, .cpu_weight = 100,
	};
	const char *dirs[] = { "v2/zviz-8", "v1/memory/process_api/abc/zviz-8", "v1/pids/zviz-8",
			       "v1/cpu/zviz-8" };

	fake_hybrid_host(f);
	f->opt.verbose = true;                 /* says where each limit went, on stderr */
	assert_int_equal(cgroup_create(&f->opt, "zviz-8", &l, &f->cg, &f->err), 0);
	for (int c = 0; c < CGROUP_CONTROLLER_COUNT; c++) {
		assert_int_equal(cgroup_controller_version(f->cg, c), CGROUP_V1);
		assert_string_equal(cgroup_controller_path(f->cg, c), at(f, "%s", dirs[c + 1]));
	}
	/* The v2 cgroup holds no limit (it is for cgroup.kill); no freezer. */
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(cgroup_dir(f->cg, i), at(f, "%s", dirs[i]));
	assert_null(cgroup_dir(f->cg, 4));
	expect_file(f, "v2/cgroup.subtree_control", "");
	assert_false(exists(f, "v2/zviz-8/memory.max"));
	assert_false(exists(f, "v1/freezer/zviz-8"));

	expect_file(f, "v1/memory/process_api/abc/zviz-8/memory.limit_in_bytes", "33554432");
	expect_file(f, "v1/memory/process_api/abc/zviz-8/memory.memsw.limit_in_bytes", "33554432");
	expect_file(f, "v1/pids/zviz-8/pids.max", "8");
	expect_file(f, "v1/cpu/zviz-8/cpu.cfs_period_us", "100000");
	expect_file(f, "v1/cpu/zviz-8/cpu.cfs_quota_us", "50000");
	expect_file(f, "v1/cpu/zviz-8/cpu.shares", "1024");

	assert_int_equal(cgroup_attach(f->cg, 4343, &f->err), 0);
	for (size_t i = 0; i < 4; i++) {
		char rel[PATH_MAX / 4];

		snprintf(rel, sizeof(rel), "%s/cgroup.procs", dirs[i]);
		expect_file(f, rel, "4343");
	}
	assert_int_equal(cgroup_destroy(&f->cg, &f->err), 0);
	for (size_t i = 0; i < 4; i++)
		assert_false(exists(f, dirs[i]));
	assert_true(exists(f, "v1/memory/process_api/abc"));
}

static void test_swap_adds_to_memory_in_v1(void **state)
{
	struct fixture *f = *state;
	struct zviz_cgroup_limits l = {
		.set = ZVIZ_CGROUP_MEMORY | ZVIZ_CGROUP_SWAP, .memory_max = 1u << 20,
		.swap_max = 4096,
	};

	fake_hybrid_host(f);
	assert_int_equal(cgroup_create(&f->opt, "zviz-9", &l, &f->cg, &f->err), 0);
	expect_file(f, "v1/memory/process_api/abc/zviz-9/memory.limit_in_bytes", "1048576");
	expect_file(f, "v1/memory/process_api/abc/zviz-9/memory.memsw.limit_in_bytes", "1052672");
	assert_false(exists(f, "v1/pids/zviz-9"));
	assert_false(exists(f, "v1/cpu/zviz-9"));
	assert_int_equal(cgroup_destroy(&f->cg, &f->err), 0);
}

static void test_v1_only_adds_a_freezer(void **state)
{
	struct fixture *f = *state;
	struct zviz_cgroup_limits l = { .set = ZVIZ_CGROUP_PIDS, .pids_max = 3 };

	fake_hybrid_host(f);
	f->opt.flags |= CGROUP_NO_V2;
	assert_int_equal(cgroup_create(&f->opt, "zviz-10", &l, &f->cg, &f->err), 0);
	assert_string_equal(cgroup_dir(f->cg, 0), at(f, "v1/pids/zviz-10"));
	assert_string_equal(cgroup_dir(f->cg, 1), at(f, "v1/freezer/zviz-10"));
	assert_null(cgroup_dir(f->cg, 2));
	assert_false(exists(f, "v2/zviz-10"));
	assert_int_equal(cgroup_attach(f->cg, 77, &f->err), 0);
	expect_file(f, "v1/freezer/zviz-10/cgroup.procs", "77");
	assert_int_equal(cgroup_destroy(&f->cg, &f->err), 0);
	assert_false(exists(f, "v1/pids/zviz-10"));
	assert_false(exists(f, "v1/freezer/zviz-10"));
}

/* memory from v1 where cgroup2 lacks it; pids and cpu from cgroup2. */
static void test_mixed_per_controller(void **state)
{
	struct fixture *f = *state;

	fake_hybrid_host(f);
	put(f, "v2/cgroup.controllers", "cpu pids hugetlb\n");
	assert_int_equal(cgroup_create(&f->opt, "zviz-11", &all_limits, &f->cg, &f->err), 0);
	assert_int_equal(cgroup_controller_version(f->cg, CGROUP_MEMORY), CGROUP_V1);
	assert_int_equal(cgroup_controller_version(f->cg, CGROUP_PIDS), CGROUP_V2);
	assert_int_equal(cgroup_controller_version(f->cg, CGROUP_CPU), CGROUP_V2);
	expect_file(f, "v2/cgroup.subtree_control", "+pids +cpu");
	expect_file(f, "v2/zviz-11/pids.max", "64");
	expect_file(f, "v2/zviz-11/cpu.max", "25000 100000");
	expect_file(f, "v2/zviz-11/cpu.weight", "100");
	expect_file(f, "v1/memory/process_api/abc/zviz-11/memory.limit_in_bytes", "536870912");
	expect_file(f, "v1/memory/process_api/abc/zviz-11/memory.memsw.limit_in_bytes", "536870912");
	assert_false(exists(f, "v2/zviz-11/memory.max"));
	assert_false(exists(f, "v1/pids/zviz-11"));
	assert_int_equal(cgroup_destroy(&f->cg, &f->err), 0);
	assert_false(exists(f, "v2/zviz-11"));
	assert_false(exists(f, "v1/memory/process_api/abc/zviz-11"));
}

static void test_comounted_cpu_hierarchy(void **state)
{
	struct fixture *f = *state;
	struct zviz_cgroup_limits l = { .set = ZVIZ_CGROUP_CPU_WEIGHT, .cpu_weight = 1 };

	put(f, "self-cgroup", "3:cpu,cpuacct:/foo\n");
	put(f, "v1/cpu/foo/cgroup.procs", "");
	f->opt.flags |= CGROUP_NO_V2;
	assert_int_equal(cgroup_create(&f->opt, "zviz-12", &l, &f->cg, &f->err), 0);
	assert_string_equal(cgroup_controller_path(f->cg, CGROUP_CPU), at(f, "v1/cpu/foo/zviz-12"));
	expect_file(f, "v1/cpu/foo/zviz-12/cpu.shares", "10");
	assert_int_equal(cgroup_destroy(&f->cg, &f->err), 0);
	assert_false(exists(f, "v1/cpu/foo/zviz-12"));
}

/* ---- failing closed ----------------------------------------------------- */

static void test_unenforceable_limit(void **state)
{
	struct fixture *f = *state;
	char want[3 * PATH_MAX];

	fake_hybrid_host(f);
	assert_int_equal(unlink(at(f, "v1/pids/cgroup.procs")), 0);
	assert_int_equal(rmdir(at(f, "v1/pids")), 0);
	assert_int_equal(cgroup_create(&f->opt, "zviz-13", &all_limits, &f->cg, &f->err), -1);
	assert_null(f->cg);
	snprintf(want, sizeof(want), "cgroup: the pids limits cannot be enforced: %s offers only "
		 "\"hugetlb\" and no v1 pids hierarchy under %s", f->v2, f->v1);
	assert_string_equal(f->err.msg, want);
	/* Decided before anything was made. */
	assert_false(exists(f, "v2/zviz-13"));
	assert_false(exists(f, "v1/memory/process_api/abc/zviz-13"));
	assert_false(exists(f, "v1/cpu/zviz-13"));
}

static void test_nothing_offers_memory(void **state)
{
	struct fixture *f = *state;
	struct zviz_cgroup_limits l = { .set = ZVIZ_CGROUP_MEMORY, .memory_max = 4096 };
	char want[2 * PATH_MAX];

	fake_v2_host(f, "");
	put(f, "v2/user.slice/test/cgroup.controllers", "cpu pids\n");
	assert_int_equal(cgroup_create(&f->opt, "zviz-14", &l, &f->cg, &f->err), -1);
	snprintf(want, sizeof(want), "cgroup: the memory limits cannot be enforced: %s offers only "
		 "\"cpu pids\" and no v1 hierarchies are used", at(f, "v2/user.slice/test"));
	assert_string_equal(f->err.msg, want);
	assert_false(exists(f, "v2/user.slice/test/zviz-14"));
}

static void test_swap_without_memory_in_v1(void **state)
{
	struct fixture *f = *state;
	struct zviz_cgroup_limits l = { .set = ZVIZ_CGROUP_SWAP, .swap_max = 0 };

	fake_hybrid_host(f);
	assert_int_equal(cgroup_create(&f->opt, "zviz-15", &l, &f->cg, &f->err), -1);
	assert_non_null(strstr(f->err.msg, "swap limit without a memory limit"));
	assert_false(exists(f, "v2/zviz-15"));
	assert_false(exists(f, "v1/memory/process_api/abc/zviz-15"));
}

/* A failure half-way removes what was already made. */
static void test_failure_removes_what_was_made(void **state)
{
	struct fixture *f = *state;
	char want[2 * PATH_MAX];

	fake_hybrid_host(f);
	/* The caller's cpu cgroup is listed but does not exist. */
	put(f, "self-cgroup", "8:pids:/\n4:memory:/process_api/abc\n1:cpu:/gone\n0::/\n");
	assert_int_equal(cgroup_create(&f->opt, "zviz-16", &all_limits, &f->cg, &f->err), -1);
	snprintf(want, sizeof(want), "cgroup: %s/v1/cpu/gone/zviz-16: mkdir: %s", f->root,
		 strerror(ENOENT));
	assert_string_equal(f->err.msg, want);
	assert_false(exists(f, "v2/zviz-16"));
	assert_false(exists(f, "v1/memory/process_api/abc/zviz-16"));
	assert_false(exists(f, "v1/pids/zviz-16"));
}

static void test_existing_cgroup_is_not_adopted(void **state)
{
	struct fixture *f = *state;
	char want[2 * PATH_MAX];

	fake_hybrid_host(f);
	put(f, "v1/pids/zviz-17/cgroup.procs", "");
	assert_int_equal(cgroup_create(&f->opt, "zviz-17", &all_limits, &f->cg, &f->err), -1);
	snprintf(want, sizeof(want), "cgroup: %s: mkdir: %s", at(f, "v1/pids/zviz-17"),
		 strerror(EEXIST));
	assert_string_equal(f->err.msg, want);
	assert_true(exists(f, "v1/pids/zviz-17/cgroup.procs"));
	assert_false(exists(f, "v2/zviz-17"));
	assert_false(exists(f, "v1/memory/process_api/abc/zviz-17"));
}

static void test_missing_self_file(void **state)
{
	struct fixture *f = *state;
	char want[PATH_MAX + 64];

	assert_int_equal(cgroup_create(&f->opt, "zviz-18", &all_limits, &f->cg, &f->err), -1);
	snprintf(want, sizeof(want), "cgroup: %s: read: %s", f->self, strerror(ENOENT));
	assert_string_equal(f->err.msg, want);
}

static void test_bad_names(void **state)
{
	struct fixture *f = *state;
	const char *bad[] = { "", ".", "..", "../x", "a/b", "a b", "zviz\n" };
	struct zviz_cgroup_limits unknown = { .set = 0x40 };

	fake_hybrid_host(f);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(cgroup_create(&f->opt, bad[i], &all_limits, &f->cg, &f->err), -1);
		assert_null(f->cg);
		assert_non_null(strstr(f->err.msg, "invalid cgroup name"));
	}
	assert_int_equal(cgroup_create(&f->opt, NULL, &all_limits, &f->cg, &f->err), -1);
	f->opt.parent = "/a/../b";
	assert_int_equal(cgroup_create(&f->opt, "ok", &all_limits, &f->cg, &f->err), -1);
	assert_non_null(strstr(f->err.msg, "invalid parent cgroup"));
	f->opt.parent = "relative";
	assert_int_equal(cgroup_create(&f->opt, "ok", &all_limits, &f->cg, &f->err), -1);
	f->opt.parent = NULL;
	assert_int_equal(cgroup_create(&f->opt, "ok", &unknown, &f->cg, &f->err), -1);
	assert_string_equal(f->err.msg, "cgroup: unknown limit bits 0x40");
}

/* ---- the rest ------------------------------------------------------------- */

static void test_no_limits_creates_nothing(void **state)
{
	struct fixture *f = *state;
	struct zviz_cgroup_limits none = { 0 };

	/* Not even the self file is read. */
	assert_int_equal(cgroup_create(&f->opt, "zviz-19", &none, &f->cg, &f->err), 0);
	assert_non_null(f->cg);
	assert_null(cgroup_dir(f->cg, 0));
	for (int c = 0; c < CGROUP_CONTROLLER_COUNT; c++)
		assert_int_equal(cgroup_controller_version(f->cg, c), CGROUP_UNUSED);
	assert_int_equal(cgroup_attach(f->cg, 4242, &f->err), 0);
	assert_false(cgroup_oom_killed(f->cg));
	assert_int_equal(cgroup_destroy(&f->cg, &f->err), 0);
	assert_null(f->cg);
	assert_false(exists(f, "v2"));
	assert_false(exists(f, "v1"));
}

static void test_oom_killed_v2(void **state)
{
	struct fixture *f = *state;
	struct zviz_cgroup_limits l = { .set = ZVIZ_CGROUP_MEMORY, .memory_max = 1u << 24 };

	fake_v2_host(f, "");
	assert_int_equal(cgroup_create(&f->opt, "zviz-20", &l, &f->cg, &f->err), 0);
	assert_false(cgroup_oom_killed(f->cg));       /* no memory.events yet */
	put(f, "v2/user.slice/test/zviz-20/memory.events",
	    "low 0\nhigh 0\nmax 12\noom 1\noom_kill 0\noom_group_kill 0\n");
	assert_false(cgroup_oom_killed(f->cg));
	put(f, "v2/user.slice/test/zviz-20/memory.events",
	    "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n");
	assert_true(cgroup_oom_killed(f->cg));
	assert_int_equal(cgroup_destroy(&f->cg, &f->err), 0);
}

static void test_oom_killed_v1(void **state)
{
	struct fixture *f = *state;
	struct zviz_cgroup_limits l = { .set = ZVIZ_CGROUP_MEMORY, .memory_max = 1u << 24 };

	fake_hybrid_host(f);
	assert_int_equal(cgroup_create(&f->opt, "zviz-21", &l, &f->cg, &f->err), 0);
	put(f, "v1/memory/process_api/abc/zviz-21/memory.oom_control",
	    "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
	put(f, "v1/memory/process_api/abc/zviz-21/memory.failcnt", "40\n");
	assert_false(cgroup_oom_killed(f->cg));
	put(f, "v1/memory/process_api/abc/zviz-21/memory.oom_control",
	    "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
	assert_true(cgroup_oom_killed(f->cg));
	/* Kernels before 4.13: no oom_kill line, the failure count decides. */
	put(f, "v1/memory/process_api/abc/zviz-21/memory.oom_control",
	    "oom_kill_disable 0\nunder_oom 0\n");
	assert_true(cgroup_oom_killed(f->cg));
	put(f, "v1/memory/process_api/abc/zviz-21/memory.failcnt", "0\n");
	assert_false(cgroup_oom_killed(f->cg));
	assert_int_equal(cgroup_destroy(&f->cg, &f->err), 0);
}

static void test_weight_to_shares(void **state)
{
	(void)state;
	assert_int_equal(cgroup_weight_to_shares(1), 10);
	assert_int_equal(cgroup_weight_to_shares(50), 512);
	assert_int_equal(cgroup_weight_to_shares(100), 1024);
	assert_int_equal(cgroup_weight_to_shares(250), 2560);
	assert_int_equal(cgroup_weight_to_shares(10000), 102400);
	assert_int_equal(cgroup_weight_to_shares(0), 2);
	assert_int_equal(cgroup_weight_to_shares(1000000), 262144);
	assert_int_equal(cgroup_weight_to_shares(UINT64_MAX), 262144);
	assert_string_equal(cgroup_controller_name(CGROUP_MEMORY), "memory");
	assert_string_equal(cgroup_controller_name(CGROUP_CPU), "cpu");
}

static void test_attach_rejects_bad_pids(void **state)
{
	struct fixture *f = *state;

	fake_hybrid_host(f);
	assert_int_equal(cgroup_create(&f->opt, "zviz-22", &all_limits, &f->cg, &f->err), 0);
	assert_int_equal(cgroup_attach(f->cg, 0, &f->err), -1);
	assert_string_equal(f->err.msg, "cgroup: attach: invalid pid 0");
	assert_int_equal(cgroup_attach(f->cg, -5, &f->err), -1);
	assert_int_equal(cgroup_attach(NULL, 5, &f->err), -1);
	assert_int_equal(cgroup_destroy(&f->cg, &f->err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_v2_files_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v2_no_move_when_parent_is_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v2_controllers_already_enabled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v2_root_holds_processes_freely, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v2_other_processes_in_parent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v2_write_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v2_parent_option, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hybrid_uses_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swap_adds_to_memory_in_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v1_only_adds_a_freezer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_per_controller, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comounted_cpu_hierarchy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unenforceable_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_offers_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swap_without_memory_in_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_removes_what_was_made, setup, teardown),
		cmocka_unit_test_setup_teardown(test_existing_cgroup_is_not_adopted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_self_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_limits_creates_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oom_killed_v2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oom_killed_v1, setup, teardown),
		cmocka_unit_test(test_weight_to_shares),
		cmocka_unit_test_setup_teardown(test_attach_rejects_bad_pids, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
