/* zviz-load: privileges and the seccomp filter (see privileges.h). */
#include <config.h>

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "privileges.h"

static int last_cap(void)
{
	FILE *fp = fopen("/proc/sys/kernel/cap_last_cap", "re");
	int last = ZVIZ_CAP_LAST;

	if (fp != NULL) {
		if (fscanf(fp, "%d", &last) != 1)
			last = ZVIZ_CAP_LAST;
		fclose(fp);
	}
	return last;
}

static int set_caps(uint64_t effective, uint64_t permitted, uint64_t inheritable)
{
	struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = {
		{ (uint32_t)effective, (uint32_t)permitted, (uint32_t)inheritable },
		{ (uint32_t)(effective >> 32), (uint32_t)(permitted >> 32), (uint32_t)(inheritable >> 32) },
	};

	return (int)syscall(SYS_capset, &header, data);
}

int privileges_drop(const struct zviz_capabilities *caps, const struct identity *who,
		    struct zviz_error *err)
{
	const uint64_t keep = caps->permitted;
	int last = last_cap();

	/* Keep permitted across the uid switch; cleared below. */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return zviz_error_set(err, "keepcaps: %s", strerror(errno));
	for (int cap = 0; cap <= last; cap++) {
		if ((caps->bounding >> cap) & 1)
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			return zviz_error_set(err, "bounding set: drop %d: %s", cap, strerror(errno));
	}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
		return zviz_error_set(err, "ambient set: %s", strerror(errno));
	if (who->setgroups_denied && who->group_count > 0)
		return zviz_error_set(err, "additional groups need the loader to run as root");
	if (!who->setgroups_denied && setgroups(who->group_count, who->groups) < 0)
		return zviz_error_set(err, "setgroups: %s", strerror(errno));
	if (setresgid(who->gid, who->gid, who->gid) < 0)
		return zviz_error_set(err, "setresgid %u: %s", (unsigned)who->gid, strerror(errno));
	if (setresuid(who->uid, who->uid, who->uid) < 0)
		return zviz_error_set(err, "setresuid %u: %s", (unsigned)who->uid, strerror(errno));
	if (set_caps(caps->effective, keep, caps->inheritable) < 0)
		return zviz_error_set(err, "capset: %s", strerror(errno));
	for (int cap = 0; cap <= last && cap < 64; cap++) {
		if (!((caps->ambient >> cap) & 1))
			continue;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
			return zviz_error_set(err, "ambient raise %d: %s", cap, strerror(errno));
	}
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return zviz_error_set(err, "keepcaps: %s", strerror(errno));
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return zviz_error_set(err, "no_new_privs: %s", strerror(errno));
	return 0;
}

int seccomp_check_actions(uint32_t kinds, struct zviz_error *err)
{
	static const struct {
		uint32_t kind;
		uint32_t action;
		const char *name;
	} actions[] = {
		{ ZVIZ_ACTION_KILL_PROCESS, SECCOMP_RET_KILL_PROCESS, "kill-process" },
		{ ZVIZ_ACTION_KILL_THREAD, SECCOMP_RET_KILL_THREAD, "kill-thread" },
		{ ZVIZ_ACTION_TRAP, SECCOMP_RET_TRAP, "trap" },
		{ ZVIZ_ACTION_ERRNO, SECCOMP_RET_ERRNO, "errno" },
		{ ZVIZ_ACTION_LOG, SECCOMP_RET_LOG, "log" },
		{ ZVIZ_ACTION_ALLOW, SECCOMP_RET_ALLOW, "allow" },
	};

	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		uint32_t action = actions[i].action;

		if (!(kinds & actions[i].kind))
			continue;
		if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) < 0)
			return zviz_error_set(err, "this kernel cannot %s from a seccomp filter: %s",
					      actions[i].name, strerror(errno));
	}
	return 0;
}

int seccomp_install(const struct zviz_seccomp *sc, struct zviz_error *err)
{
	struct sock_fprog prog = { (unsigned short)sc->insn_count, sc->insns };

	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, sc->filter_flags, &prog) < 0)
		return zviz_error_set(err, "%s", strerror(errno));
	return 0;
}
