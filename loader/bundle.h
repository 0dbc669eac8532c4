/* zviz-load: the OCI bundle's config.json, read and checked.
 *
 * bundle_load() reads BUNDLE/config.json and fills a struct bundle with
 * what zviz-load honours, every value already validated, so the rest of
 * the loader never looks at JSON.  Keys the loader does not use are
 * ignored (the runtime spec allows extensions), but the text must be
 * strict JSON (RFC 8259) with no key twice in any object, a key the loader
 * uses must have the type the spec gives it, and a value the loader cannot
 * honour is refused.  Every error is one sentence that starts with
 * "config.json: " and names the field or the place:
 *
 *     config.json: process.args[2]: expected a string, not a number
 *     config.json: line 12, column 5: duplicate key "args" in process
 *     config.json: mounts[1].destination: "tmp" is not absolute */
#ifndef ZVIZ_LOADER_BUNDLE_H
#define ZVIZ_LOADER_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define BUNDLE_CONFIG_MAX_SIZE   (1u << 20)  /* config.json: 1 MiB at most */
#define BUNDLE_ID_MAPPINGS_MAX   340         /* the kernel's limit per map */
#define BUNDLE_GROUPS_MAX        65536       /* NGROUPS_MAX */
#define BUNDLE_HOSTNAME_MAX      64          /* HOST_NAME_MAX */

/* A list of strings; items[count] is NULL, so args and env can go to
 * execve() as they are.  items is NULL only when the key was absent (a
 * list given empty is { NULL }). */
struct bundle_strings {
	char **items;
	size_t count;
};

struct bundle_rlimit {
	int resource;                /* RLIMIT_* */
	uint64_t soft;               /* RLIM_INFINITY is UINT64_MAX */
	uint64_t hard;               /* soft <= hard */
};

/* process.capabilities: kept only so that the loader can say which
 * capabilities the profile overrides; each name is "CAP_" + [A-Z0-9_]. */
struct bundle_capabilities {
	bool present;
	struct bundle_strings bounding;
	struct bundle_strings effective;
	struct bundle_strings inheritable;
	struct bundle_strings permitted;
	struct bundle_strings ambient;
};

struct bundle_process {
	bool terminal;
	struct bundle_strings args;  /* at least one; args.items[0] not empty */
	struct bundle_strings env;   /* "KEY=VALUE", KEY not empty */
	char *cwd;                   /* absolute, as written */
	uint32_t uid;
	uint32_t gid;
	uint32_t *additional_gids;
	size_t additional_gid_count;
	struct bundle_rlimit *rlimits;   /* in config order, one per resource */
	size_t rlimit_count;
	struct bundle_capabilities capabilities;
	/* noNewPrivileges is type-checked, then ignored: always on. */
};

/* The mount types zviz-load supports; a mount with a bind or rbind option
 * is a bind mount whatever its type says. */
enum bundle_mount_kind {
	BUNDLE_MOUNT_BIND = 1,
	BUNDLE_MOUNT_TMPFS,
	BUNDLE_MOUNT_PROC,
	BUNDLE_MOUNT_SYSFS,
	BUNDLE_MOUNT_DEVPTS,
	BUNDLE_MOUNT_MQUEUE,
	BUNDLE_MOUNT_CGROUP,
	BUNDLE_MOUNT_CGROUP2,
};

struct bundle_mount {
	char *destination;           /* absolute and clean: no "//", ".", ".." or
	                                trailing "/" (".." is refused, the rest
	                                is tidied) */
	char *type;                  /* as written; NULL when left out (bind) */
	enum bundle_mount_kind kind;
	char *source;                /* NULL when left out; a bind mount always
	                                has one, made absolute against the
	                                bundle directory */
	struct bundle_strings options;   /* as written */
	/* The options, parsed: */
	unsigned long flags;         /* MS_RDONLY, MS_NOSUID, ..., MS_BIND,
	                                MS_BIND|MS_REC (rbind), MS_REMOUNT; a
	                                later option wins over an earlier one */
	unsigned long propagation;   /* MS_PRIVATE, MS_SLAVE, MS_SHARED or
	                                MS_UNBINDABLE, | MS_REC for the r forms;
	                                0 when none is given (the last wins) */
	char *data;                  /* the other options, comma-separated
	                                ("mode=755,size=65536k"); "" if none,
	                                and always "" for a bind mount */
};

struct bundle_namespace {
	int type;                    /* CLONE_NEWPID, CLONE_NEWNET, ... */
	char *path;                  /* absolute; NULL: create a new one */
};

struct bundle_id_mapping {
	uint32_t container_id;
	uint32_t host_id;
	uint32_t size;               /* >= 1; neither range wraps past 2^32 */
};

/* linux.resources: each value with a has_ flag, since the spec makes each
 * optional.  The int64 ones are -1 for "unlimited" or >= 0. */
struct bundle_resources {
	bool has_memory_limit;
	int64_t memory_limit;        /* bytes */
	bool has_memory_swap;
	int64_t memory_swap;         /* memory + swap, bytes */
	bool has_pids_limit;
	int64_t pids_limit;
	bool has_cpu_quota;
	int64_t cpu_quota;           /* microseconds per period */
	bool has_cpu_period;
	uint64_t cpu_period;         /* microseconds */
	bool has_cpu_shares;
	uint64_t cpu_shares;
};

struct bundle {
	char *dir;                   /* the bundle directory, made absolute */
	char *oci_version;           /* "1.x.y[-pre][+build]" */
	struct bundle_process process;
	char *root_path;             /* absolute; a directory when checked */
	bool root_readonly;
	char *hostname;              /* NULL when not given */
	struct bundle_mount *mounts; /* in config order */
	size_t mount_count;
	struct bundle_namespace *namespaces;   /* one per type at most */
	size_t namespace_count;
	struct bundle_id_mapping *uid_mappings;
	size_t uid_mapping_count;
	struct bundle_id_mapping *gid_mappings;
	size_t gid_mapping_count;
	struct bundle_strings masked_paths;    /* clean absolute paths, as */
	struct bundle_strings readonly_paths;  /* for mount destinations */
	struct bundle_resources resources;
	bool has_seccomp;            /* linux.seccomp given: zviz-load ignores it
	                                (the profile's filter is the one used) */
	bool has_hooks;              /* hooks given: zviz-load runs none */
	char *cgroups_path;          /* NULL when not given; no ".." component */
};

/* Reads BUNDLE_DIR/config.json (a regular file of at most
 * BUNDLE_CONFIG_MAX_SIZE bytes) into OUT.  Returns 0, or -1 with OUT
 * zeroed and ERR set. */
int bundle_load(const char *bundle_dir, struct bundle *out, struct zviz_error *err);

/* The same from JSON text in memory (any bytes, LEN of them; no NUL needed
 * at the end); relative paths in it are taken against BUNDLE_DIR, and
 * root.path is checked with stat(). */
int bundle_parse(const char *json, size_t len, const char *bundle_dir,
		 struct bundle *out, struct zviz_error *err);

/* Frees everything B holds and zeroes it; safe on a zeroed or partly
 * filled struct, and twice. */
void bundle_free(struct bundle *b);

/* "bind", "tmpfs", ...: for messages. */
const char *bundle_mount_kind_name(enum bundle_mount_kind kind);

#endif
