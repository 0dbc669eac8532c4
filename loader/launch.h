/* zviz-load: everything the sandbox's first process needs, gathered from
 * the policy, the bundle and the command line before anything starts. */
#ifndef ZVIZ_LOAD_LAUNCH_H
#define ZVIZ_LOAD_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "landlock.h"
#include "policy.h"
#include "privileges.h"

struct launch_mount {
	const char *destination;   /* absolute, inside the container */
	const char *type;          /* bind, tmpfs, proc, sysfs, devpts, mqueue, cgroup, cgroup2 */
	const char *source;        /* binds: a host path */
	unsigned long flags;       /* MS_* */
	const char *data;          /* filesystem options, or NULL */
	bool recursive;            /* rbind */
};

struct launch_rlimit {
	int resource;
	uint64_t soft, hard;
};

struct id_range {
	uint32_t inside, outside, count;
};

struct launch {
	const struct zviz_policy *policy;
	struct landlock_plan landlock;
	const char *rootfs;                 /* absolute host path */
	bool rootfs_readonly;
	const char *hostname;               /* NULL: leave it */
	char **argv;
	char **envp;
	const char *cwd;
	struct identity who;
	struct launch_mount *mounts;        /* applied in order */
	size_t mount_count;
	const char **masked;
	size_t masked_count;
	const char **readonly;
	size_t readonly_count;
	struct launch_rlimit *rlimits;      /* the stricter of profile and config */
	size_t rlimit_count;
	struct id_range uid_map[16], gid_map[16];
	size_t uid_map_count, gid_map_count;
	bool rootless;                      /* the loader runs unprivileged */
	bool init;                          /* --init: a tiny init is PID 1, the workload PID 2 */
	bool terminal;                      /* process.terminal: a new pty, relayed by the parent */
	const char *netns_path;             /* network { namespace given; }: the one to join */
	struct zviz_cgroup_limits cgroup;   /* the profile's, tightened by linux.resources */
	bool verbose;
};

#endif
