/* zviz-load: Landlock (see landlock.h).  The system headers may predate
 * the network rules and scopes, so the structures are declared here with
 * the kernel's layout; the kernel takes them by size. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "landlock-abi.h"
#include "landlock.h"

#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#define __NR_landlock_add_rule 445
#define __NR_landlock_restrict_self 446
#endif

#define CREATE_RULESET_VERSION 1u
#define RULE_PATH_BENEATH 1
#define RULE_NET_PORT 2

struct ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

struct path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

struct net_port_attr {
	uint64_t allowed_access;
	uint64_t port;
};

/* Rights that make sense on a file that is not a directory. */
#define FILE_RIGHTS (ZVIZ_LL_FS_EXECUTE | ZVIZ_LL_FS_WRITE_FILE | ZVIZ_LL_FS_READ_FILE | \
		     ZVIZ_LL_FS_TRUNCATE | ZVIZ_LL_FS_IOCTL_DEV)

int landlock_kernel_abi(void)
{
	long abi = syscall(__NR_landlock_create_ruleset, NULL, 0, CREATE_RULESET_VERSION);

	return abi < 0 ? 0 : (int)abi;
}

static uint64_t fs_rights_of(int abi)
{
	uint64_t r = 0;

	if (abi >= 1)
		r |= (1ull << 13) - 1;
	if (abi >= 2)
		r |= ZVIZ_LL_FS_REFER;
	if (abi >= 3)
		r |= ZVIZ_LL_FS_TRUNCATE;
	if (abi >= 5)
		r |= ZVIZ_LL_FS_IOCTL_DEV;
	return r;
}

int landlock_plan(const struct zviz_landlock *ll, int kernel_abi, struct landlock_plan *plan,
		  struct zviz_error *err)
{
	uint64_t fs, net, scoped;

	memset(plan, 0, sizeof(*plan));
	plan->kernel_abi = kernel_abi;
	if (ll->min_abi == 0)
		return 0;
	if ((uint32_t)kernel_abi < ll->min_abi && !ll->best_effort)
		return zviz_error_set(err, "the profile requires Landlock ABI %u, this kernel has %d%s",
				      ll->min_abi, kernel_abi, kernel_abi ? "" : " (Landlock is off)");
	fs = ll->handled_fs & fs_rights_of(kernel_abi);
	net = kernel_abi >= 4 ? ll->handled_net : 0;
	scoped = kernel_abi >= 6 ? ll->scoped : 0;
	if (fs != ll->handled_fs || net != ll->handled_net || scoped != ll->scoped)
		snprintf(plan->dropped, sizeof(plan->dropped),
			 "Landlock ABI %d lacks filesystem rights 0x%llx, network rights 0x%llx, scopes 0x%llx",
			 kernel_abi, (unsigned long long)(ll->handled_fs & ~fs),
			 (unsigned long long)(ll->handled_net & ~net), (unsigned long long)(ll->scoped & ~scoped));
	plan->enabled = kernel_abi > 0 && (fs || net || scoped);
	plan->handled_fs = fs;
	plan->handled_net = net;
	plan->scoped = scoped;
	return 0;
}

int landlock_apply(const struct zviz_landlock *ll, const struct landlock_plan *plan, unsigned *missing,
		   struct zviz_error *err)
{
	struct ruleset_attr attr = { plan->handled_fs, plan->handled_net, plan->scoped };
	int ruleset;

	*missing = 0;
	if (!plan->enabled)
		return 0;
	ruleset = (int)syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (ruleset < 0)
		return zviz_error_set(err, "create ruleset: %s", strerror(errno));
	for (uint32_t i = 0; i < ll->path_count; i++) {
		struct path_beneath_attr rule = { ll->paths[i].access & plan->handled_fs, -1 };
		struct stat st;

		rule.parent_fd = open(ll->paths[i].path, O_PATH | O_CLOEXEC);
		if (rule.parent_fd < 0) {
			(*missing)++;       /* nothing there: the rule grants nothing */
			continue;
		}
		if (fstat(rule.parent_fd, &st) == 0 && !S_ISDIR(st.st_mode))
			rule.allowed_access &= FILE_RIGHTS;
		if (rule.allowed_access != 0 &&
		    syscall(__NR_landlock_add_rule, ruleset, RULE_PATH_BENEATH, &rule, 0) < 0) {
			int saved = errno;

			close(rule.parent_fd);
			close(ruleset);
			return zviz_error_set(err, "rule for %s: %s", ll->paths[i].path, strerror(saved));
		}
		close(rule.parent_fd);
	}
	for (uint32_t i = 0; i < ll->port_count && plan->handled_net; i++) {
		struct net_port_attr rule = { ll->ports[i].access & plan->handled_net, ll->ports[i].port };

		if (rule.allowed_access != 0 && syscall(__NR_landlock_add_rule, ruleset, RULE_NET_PORT, &rule, 0) < 0) {
			int saved = errno;

			close(ruleset);
			return zviz_error_set(err, "rule for port %llu: %s", (unsigned long long)rule.port,
					      strerror(saved));
		}
	}
	if (syscall(__NR_landlock_restrict_self, ruleset, 0) < 0) {
		int saved = errno;

		close(ruleset);
		return zviz_error_set(err, "restrict self: %s", strerror(saved));
	}
	close(ruleset);
	return 0;
}
