/* zviz-load: a launch from the policy and the bundle (see launch-build.h). */
#include <config.h>

#include <errno.h>
#include <pwd.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "diag.h"
#include "launch-build.h"

#define PROG "zviz-load"
#define DEFAULT_SUBID_BASE 100000u
#define CONTAINER_IDS 65536u

/* The mounts every container gets; the bundle's own, by destination,
 * take their place. */
static const struct launch_mount default_mounts[] = {
	{ "/proc", "proc", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, false },
	{ "/dev", "tmpfs", NULL, MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k", false },
	{ "/dev/pts", "devpts", NULL, MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620", false },
	{ "/dev/shm", "tmpfs", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k", false },
	{ "/dev/mqueue", "mqueue", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, false },
	{ "/sys", "sysfs", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL, false },
};

static const char *mount_type(enum bundle_mount_kind kind)
{
	switch (kind) {
	case BUNDLE_MOUNT_BIND: return "bind";
	case BUNDLE_MOUNT_TMPFS: return "tmpfs";
	case BUNDLE_MOUNT_PROC: return "proc";
	case BUNDLE_MOUNT_SYSFS: return "sysfs";
	case BUNDLE_MOUNT_DEVPTS: return "devpts";
	case BUNDLE_MOUNT_MQUEUE: return "mqueue";
	case BUNDLE_MOUNT_CGROUP: return "cgroup";
	case BUNDLE_MOUNT_CGROUP2: return "cgroup2";
	}
	return "none";
}

/* The least a kernel filesystem is mounted with, whatever config.json
 * says: none of them holds a program to run or a device to open, and /sys
 * stays read-only. */
static unsigned long floor_flags(enum bundle_mount_kind kind)
{
	switch (kind) {
	case BUNDLE_MOUNT_PROC:
	case BUNDLE_MOUNT_MQUEUE: return MS_NOSUID | MS_NODEV | MS_NOEXEC;
	case BUNDLE_MOUNT_SYSFS: return MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY;
	case BUNDLE_MOUNT_DEVPTS: return MS_NOSUID | MS_NOEXEC;
	default: return 0;
	}
}

static int build_mounts(struct launch *l, const struct bundle *b, bool verbose, struct zviz_error *err)
{
	size_t n = sizeof(default_mounts) / sizeof(default_mounts[0]);

	l->mounts = calloc(n + b->mount_count, sizeof(*l->mounts));
	if (l->mounts == NULL)
		return zviz_error_set(err, "out of memory");
	memcpy(l->mounts, default_mounts, sizeof(default_mounts));
	l->mount_count = n;
	for (size_t i = 0; i < b->mount_count; i++) {
		const struct bundle_mount *bm = &b->mounts[i];
		struct launch_mount m = {
			.destination = bm->destination, .type = mount_type(bm->kind), .source = bm->source,
			.flags = bm->flags & ~(unsigned long)(MS_BIND | MS_REC | MS_REMOUNT),
			.data = bm->data && bm->data[0] ? bm->data : NULL,
			.recursive = (bm->flags & MS_REC) != 0,
		};
		size_t j;

		if ((m.flags & floor_flags(bm->kind)) != floor_flags(bm->kind)) {
			if (verbose)
				zviz_diag(PROG, "config.json", "mount %s: %s is mounted nosuid, noexec%s anyway",
					  bm->destination, m.type,
					  bm->kind == BUNDLE_MOUNT_SYSFS ? ", read-only" : "");
			m.flags |= floor_flags(bm->kind);
		}
		if (bm->kind == BUNDLE_MOUNT_BIND && bm->source == NULL)
			return zviz_error_set(err, "mount %s: a bind mount needs a source", bm->destination);
		for (j = 0; j < l->mount_count; j++)
			if (strcmp(l->mounts[j].destination, m.destination) == 0)
				break;
		l->mounts[j] = m;
		if (j == l->mount_count)
			l->mount_count++;
	}
	return 0;
}

/* The profile's rlimits and the bundle's: for each resource the lower. */
/* linux.resources may only tighten the profile's limits: a limit the
 * profile lacks is taken, a lower one wins, a higher one is ignored. */
static void tighten(uint64_t *mine, uint32_t *set, uint32_t bit, uint64_t theirs, const char *what, bool verbose)
{
	if (!(*set & bit) || theirs < *mine) {
		*mine = theirs;
		*set |= bit;
	} else if (theirs > *mine && verbose) {
		zviz_diag(PROG, "config.json", "linux.resources %s: the profile's lower limit wins", what);
	}
}

static void build_cgroup(struct launch *l, const struct zviz_policy *p, const struct bundle *b, bool verbose)
{
	const struct bundle_resources *r = &b->resources;
	struct zviz_cgroup_limits *cg = &l->cgroup;

	*cg = p->cgroup;
	if (r->has_memory_limit && r->memory_limit > 0)
		tighten(&cg->memory_max, &cg->set, ZVIZ_CGROUP_MEMORY, (uint64_t)r->memory_limit, "memory",
			verbose);
	if (r->has_memory_limit && r->has_memory_swap && r->memory_swap >= r->memory_limit &&
	    r->memory_limit > 0)
		tighten(&cg->swap_max, &cg->set, ZVIZ_CGROUP_SWAP,
			(uint64_t)(r->memory_swap - r->memory_limit), "swap", verbose);
	if (r->has_pids_limit && r->pids_limit > 0)
		tighten(&cg->pids_max, &cg->set, ZVIZ_CGROUP_PIDS, (uint64_t)r->pids_limit, "pids", verbose);
	if (r->has_cpu_quota && r->cpu_quota > 0) {
		uint64_t period = r->has_cpu_period && r->cpu_period ? r->cpu_period : 100000;
		/* Compare as shares of a CPU, on the profile's period. */
		uint64_t mine_period = (cg->set & ZVIZ_CGROUP_CPU_QUOTA) ? cg->cpu_period_us : period;
		uint64_t theirs = (uint64_t)r->cpu_quota * mine_period / period;

		if (theirs >= 1000) {
			cg->cpu_period_us = mine_period;
			tighten(&cg->cpu_quota_us, &cg->set, ZVIZ_CGROUP_CPU_QUOTA, theirs, "cpu", verbose);
		}
	}
}

static int build_rlimits(struct launch *l, const struct zviz_policy *p, const struct bundle *b, bool verbose,
			 struct zviz_error *err)
{
	l->rlimits = calloc(p->rlimits.count + b->process.rlimit_count + 1, sizeof(*l->rlimits));
	if (l->rlimits == NULL)
		return zviz_error_set(err, "out of memory");
	for (uint32_t i = 0; i < p->rlimits.count; i++)
		l->rlimits[l->rlimit_count++] = (struct launch_rlimit){
			(int)p->rlimits.items[i].resource, p->rlimits.items[i].soft, p->rlimits.items[i].hard };
	for (size_t i = 0; i < b->process.rlimit_count; i++) {
		const struct bundle_rlimit *br = &b->process.rlimits[i];
		size_t j;

		for (j = 0; j < l->rlimit_count; j++)
			if (l->rlimits[j].resource == br->resource)
				break;
		if (j == l->rlimit_count) {
			l->rlimits[l->rlimit_count++] = (struct launch_rlimit){ br->resource, br->soft, br->hard };
			continue;
		}
		if ((br->soft > l->rlimits[j].soft || br->hard > l->rlimits[j].hard) && verbose)
			zviz_diag(PROG, "config.json", "rlimit %d: the profile's lower limit wins", br->resource);
		if (br->soft < l->rlimits[j].soft)
			l->rlimits[j].soft = br->soft;
		if (br->hard < l->rlimits[j].hard)
			l->rlimits[j].hard = br->hard;
		if (l->rlimits[j].soft > l->rlimits[j].hard)
			l->rlimits[j].soft = l->rlimits[j].hard;
	}
	return 0;
}

/* The first host id of the "zviz" entry in FILE (/etc/subuid or
 * /etc/subgid), if it has CONTAINER_IDS ids or more. */
static uint32_t subid_base(const char *file)
{
	FILE *fp = fopen(file, "re");
	char line[256];
	uint32_t base = DEFAULT_SUBID_BASE;

	if (fp == NULL)
		return base;
	while (fgets(line, sizeof(line), fp) != NULL) {
		unsigned long start, count;
		char name[64];

		if (sscanf(line, "%63[^:]:%lu:%lu", name, &start, &count) == 3 && strcmp(name, "zviz") == 0 &&
		    count >= CONTAINER_IDS && start > 0 && start + count <= UINT32_MAX) {
			base = (uint32_t)start;
			break;
		}
	}
	fclose(fp);
	return base;
}

static int build_id_maps(struct launch *l, const struct bundle *b, struct zviz_error *err)
{
	l->rootless = geteuid() != 0;
	if (b->uid_mapping_count > 0 || b->gid_mapping_count > 0) {
		if (l->rootless)
			return zviz_error_set(err, "uidMappings/gidMappings need the loader to run as root");
		if (b->uid_mapping_count > 16 || b->gid_mapping_count > 16)
			return zviz_error_set(err, "more than 16 id mappings");
		for (size_t i = 0; i < b->uid_mapping_count; i++) {
			if (b->uid_mappings[i].host_id == 0)
				return zviz_error_set(err, "uidMappings may not map host root into the container");
			l->uid_map[l->uid_map_count++] = (struct id_range){ b->uid_mappings[i].container_id,
				b->uid_mappings[i].host_id, b->uid_mappings[i].size };
		}
		for (size_t i = 0; i < b->gid_mapping_count; i++) {
			if (b->gid_mappings[i].host_id == 0)
				return zviz_error_set(err, "gidMappings may not map host root into the container");
			l->gid_map[l->gid_map_count++] = (struct id_range){ b->gid_mappings[i].container_id,
				b->gid_mappings[i].host_id, b->gid_mappings[i].size };
		}
		return 0;
	}
	if (l->rootless) {
		/* Container root is the caller; nothing else exists. */
		l->uid_map[l->uid_map_count++] = (struct id_range){ 0, (uint32_t)geteuid(), 1 };
		l->gid_map[l->gid_map_count++] = (struct id_range){ 0, (uint32_t)getegid(), 1 };
		return 0;
	}
	/* Container root is never host root. */
	l->uid_map[l->uid_map_count++] = (struct id_range){ 0, subid_base("/etc/subuid"), CONTAINER_IDS };
	l->gid_map[l->gid_map_count++] = (struct id_range){ 0, subid_base("/etc/subgid"), CONTAINER_IDS };
	return 0;
}

int launch_build(struct launch *l, const struct zviz_policy *p, const struct bundle *b, bool verbose,
		 struct zviz_error *err)
{
	static char *empty_env[] = { NULL };

	memset(l, 0, sizeof(*l));
	l->policy = p;
	l->verbose = verbose;
	l->rootfs = b->root_path;
	l->rootfs_readonly = b->root_readonly;
	l->hostname = b->hostname;
	l->argv = b->process.args.items;
	l->envp = b->process.env.items ? b->process.env.items : empty_env;
	l->cwd = b->process.cwd ? b->process.cwd : "/";
	l->who = (struct identity){ b->process.uid, b->process.gid, b->process.additional_gids,
				    b->process.additional_gid_count, false };
	l->masked = (const char **)b->masked_paths.items;
	l->masked_count = b->masked_paths.count;
	l->readonly = (const char **)b->readonly_paths.items;
	l->readonly_count = b->readonly_paths.count;

	l->terminal = b->process.terminal;
	for (size_t i = 0; i < b->namespace_count; i++) {
		const struct bundle_namespace *ns = &b->namespaces[i];

		if (ns->path == NULL)
			continue;
		/* Only a network namespace may be joined, and only when the
		 * profile says so: joining a user, pid or mount namespace
		 * would hand the workload someone else's world. */
		if (ns->type != CLONE_NEWNET)
			return zviz_error_set(err, "linux.namespaces: joining an existing namespace (%s) is "
					      "refused: only a network namespace may be given", ns->path);
		if (p->network_mode == ZVIZ_NETWORK_GIVEN)
			l->netns_path = ns->path;
		else if (verbose)
			zviz_diag(PROG, "config.json", "the network namespace %s is not joined: the profile "
				  "says %s", ns->path, p->network_mode == ZVIZ_NETWORK_HOST ? "host" : "private");
	}
	if (verbose && b->has_seccomp)
		zviz_diag(PROG, "config.json", "linux.seccomp is ignored: the profile's filter governs");
	if (verbose && b->has_hooks)
		zviz_diag(PROG, "config.json", "hooks are not run: zviz-load runs nothing outside the sandbox");
	if (verbose && b->process.capabilities.present)
		zviz_diag(PROG, "config.json", "process.capabilities are ignored: the profile decides what is kept");
	if (build_mounts(l, b, verbose, err) < 0 || build_rlimits(l, p, b, verbose, err) < 0 ||
	    build_id_maps(l, b, err) < 0) {
		launch_free(l);
		return -1;
	}
	l->who.setgroups_denied = l->rootless;
	build_cgroup(l, p, b, verbose);
	if (l->rootless && (l->who.uid != 0 || l->who.gid != 0)) {
		zviz_error_set(err, "process.user: run without root, only the caller exists inside (uid 0)");
		launch_free(l);
		return -1;
	}
	return 0;
}

void launch_free(struct launch *l)
{
	free(l->mounts);
	free(l->rlimits);
	l->mounts = NULL;
	l->rlimits = NULL;
}
