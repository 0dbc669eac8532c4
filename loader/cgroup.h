/* zviz-load: the sandbox's cgroup.
 *
 * cgroup_create() makes one cgroup per hierarchy the limits need, under the
 * calling process's own cgroup (or OPTIONS->parent), and writes the limits;
 * cgroup_attach() puts the workload in it before it execs;
 * cgroup_destroy() kills whatever is still inside and removes it all.
 *
 * Where each limit goes, decided per controller:
 *   - cgroup v2 when the unified tree offers the controller (the parent's
 *     cgroup.controllers lists it);
 *   - else the controller's v1 hierarchy, on a hybrid or legacy host;
 *   - else cgroup_create() fails: a limit no hierarchy enforces is an error
 *     (the loader fails closed).
 * Whenever a cgroup2 tree is mounted, a v2 cgroup is created even if it
 * holds no limit: its cgroup.kill ends everything inside at once.  Without
 * one, a v1 freezer cgroup (when mounted) lets destroy freeze, kill and thaw
 * until nothing is left.
 *
 * v2 and the no-internal-processes rule: a non-root cgroup with controllers
 * in cgroup.subtree_control holds no processes.  When the parent must enable
 * controllers and holds only the calling process, that process moves into a
 * leaf of its own, "<name>-supervisor", beside the sandbox's cgroup;
 * destroy undoes both (controllers it enabled, the move).  Other processes
 * in the parent are never moved: that is an error.
 *
 * The weight of cgroup v2 (1..10000, default 100) becomes cpu.shares in v1
 * the way the kernel relates the two (shares = weight * 1024 / 100,
 * rounded, default 1024), clamped to 2..262144.
 *
 * Every function returns 0 or -1 with one sentence in ERR, starting with
 * "cgroup: " and naming the file and the errno where there is one. */
#ifndef ZVIZ_LOADER_CGROUP_H
#define ZVIZ_LOADER_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "policy.h"

/* The controllers a struct zviz_cgroup_limits can need. */
enum cgroup_controller {
	CGROUP_MEMORY,               /* ZVIZ_CGROUP_MEMORY, ZVIZ_CGROUP_SWAP */
	CGROUP_PIDS,                 /* ZVIZ_CGROUP_PIDS */
	CGROUP_CPU,                  /* ZVIZ_CGROUP_CPU_QUOTA, ZVIZ_CGROUP_CPU_WEIGHT */
	CGROUP_CONTROLLER_COUNT
};

enum cgroup_version {
	CGROUP_UNUSED = 0,           /* no limit needs the controller */
	CGROUP_V1 = 1,
	CGROUP_V2 = 2,
};

/* struct cgroup_options.flags */
#define CGROUP_NO_V2         0x1u  /* ignore any cgroup2 tree (v1 hierarchies only) */
#define CGROUP_NO_V1         0x2u  /* ignore v1 hierarchies (cgroup2 only) */
/* For unit tests only, on trees of plain directories: control files are
 * created (O_CREAT|O_TRUNC) when written, the filesystem types are not
 * checked, no signal is ever sent, and destroy deletes the regular files in
 * a directory before removing it.  Never set it on a real cgroupfs. */
#define CGROUP_TEST_FAKE_FS  0x4u

struct cgroup_options {
	/* The cgroup2 mount.  NULL: /sys/fs/cgroup when that is cgroup2, else
	 * /sys/fs/cgroup/unified when that is, else none. */
	const char *v2_root;
	/* The directory holding one v1 hierarchy per controller (memory,
	 * pids, cpu, freezer).  NULL: /sys/fs/cgroup unless it is cgroup2;
	 * each hierarchy is used only when it is a cgroup (v1) mount. */
	const char *v1_root;
	/* Where the calling process's cgroups are listed; NULL: /proc/self/cgroup. */
	const char *self_cgroup_file;
	/* A cgroup path ("/a/b", existing in every hierarchy used) to create
	 * the sandbox's cgroup under, instead of the caller's own. */
	const char *parent;
	unsigned int flags;          /* CGROUP_NO_V2, CGROUP_NO_V1, CGROUP_TEST_FAKE_FS */
	bool verbose;                /* say on stderr where each limit went */
};

struct zviz_cgroup;

/* Creates the cgroup NAME ([A-Za-z0-9._-], at most 128 bytes, new in every
 * hierarchy) with LIMITS; OPTIONS may be NULL for the defaults.  Without
 * any limit set, nothing is created and *OUT does nothing (attach and
 * destroy succeed).  On failure nothing is left behind and *OUT is NULL. */
int cgroup_create(const struct cgroup_options *options, const char *name,
		  const struct zviz_cgroup_limits *limits, struct zviz_cgroup **out,
		  struct zviz_error *err);

/* Moves process PID (the whole thread group) into every cgroup created.
 * The loader's child joins before it execs.  On failure the caller should
 * destroy the cgroup, which kills PID with it. */
int cgroup_attach(struct zviz_cgroup *cg, pid_t pid, struct zviz_error *err);

/* Kills every process inside (cgroup.kill on v2; otherwise freeze, SIGKILL
 * each process listed, thaw, until cgroup.procs is empty everywhere),
 * removes the cgroups, undoes the supervisor move, frees *CGP and sets it
 * to NULL.  Waits at most about ten seconds for the processes to go.
 * Returns -1 when something could not be removed (*CGP is freed all the
 * same).  NULL or *CGP NULL: does nothing, so calling it twice is fine. */
int cgroup_destroy(struct zviz_cgroup **cgp, struct zviz_error *err);

/* True when the kernel's OOM killer has killed a process in the sandbox's
 * memory cgroup: oom_kill > 0 in memory.events (v2) or memory.oom_control
 * (v1; kernels without that line: memory.memsw.failcnt or memory.failcnt
 * > 0).  For reporting an exit by SIGKILL; call it before destroy. */
bool cgroup_oom_killed(const struct zviz_cgroup *cg);

/* Which hierarchy holds CONTROLLER's limits, and its directory (NULL when
 * unused). */
enum cgroup_version cgroup_controller_version(const struct zviz_cgroup *cg,
					      enum cgroup_controller controller);
const char *cgroup_controller_path(const struct zviz_cgroup *cg,
				   enum cgroup_controller controller);

/* The directories created, in creation order: the Ith, or NULL past the
 * last.  Includes the v2 cgroup and a v1 freezer cgroup that only serve
 * destroy. */
const char *cgroup_dir(const struct zviz_cgroup *cg, size_t i);

/* "memory", "pids", "cpu". */
const char *cgroup_controller_name(enum cgroup_controller controller);

/* cpu.weight (1..10000) as v1 cpu.shares: round(weight * 1024 / 100),
 * clamped to 2..262144 (weight 1: 10, 100: 1024, 10000: 102400). */
uint64_t cgroup_weight_to_shares(uint64_t weight);

#endif
