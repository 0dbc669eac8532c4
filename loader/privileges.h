/* zviz-load: capabilities, identity, no_new_privs and the seccomp filter,
 * in the order ARCHITECTURE.md gives: the bounding, ambient and
 * inheritable sets go first (dropping them needs CAP_SETPCAP), then the
 * groups, gid and uid, then permitted and effective are cleared except
 * what the profile keeps; no_new_privs; and the filter comes last. */
#ifndef ZVIZ_LOAD_PRIVILEGES_H
#define ZVIZ_LOAD_PRIVILEGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "policy.h"

struct identity {
	uid_t uid;
	gid_t gid;
	const gid_t *groups;
	size_t group_count;
	bool setgroups_denied;      /* rootless: the kernel refuses setgroups */
};

/* Drops every capability not in CAPS, switches to WHO, keeps CAPS across
 * exec (ambient), and sets no_new_privs. */
int privileges_drop(const struct zviz_capabilities *caps, const struct identity *who,
		    struct zviz_error *err);

/* Fails when the kernel cannot return every action kind the program
 * uses (SECCOMP_GET_ACTION_AVAIL). */
int seccomp_check_actions(uint32_t kinds, struct zviz_error *err);

/* Installs the verified program as it is. */
int seccomp_install(const struct zviz_seccomp *sc, struct zviz_error *err);

#endif
