/* libzviz: policy.bin, the one file the compiler writes and the loader reads.
 *
 * struct zviz_policy is the decoded form.  zviz_policy_encode() turns it
 * into bytes, deterministically (same policy, same bytes), after checking
 * it with zviz_policy_validate(); zviz_policy_decode() checks every byte of
 * a blob before it returns anything.  doc/policy-format.md describes the
 * layout. */
#ifndef ZVIZ_POLICY_H
#define ZVIZ_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/filter.h>

#include "error.h"
#include "landlock-abi.h"
#include "sha256.h"

#define ZVIZ_POLICY_MAGIC          "ZVIZPOL"     /* 8 bytes with its NUL */
#define ZVIZ_POLICY_MAGIC_LEN      8
#define ZVIZ_POLICY_VERSION        1
#define ZVIZ_POLICY_HEADER_SIZE    64
#define ZVIZ_SECTION_HEADER_SIZE   16
#define ZVIZ_POLICY_MAX_SIZE       (16u << 20)   /* a sane upper bound */
#define ZVIZ_SECTION_MAX_COUNT     64

/* Section types, in the order they must appear. */
enum zviz_section_type {
	ZVIZ_SECTION_METADATA = 1,
	ZVIZ_SECTION_SECCOMP = 2,
	ZVIZ_SECTION_LANDLOCK = 3,
	ZVIZ_SECTION_CGROUP = 4,
	ZVIZ_SECTION_RLIMITS = 5,
	ZVIZ_SECTION_CAPABILITIES = 6,
	ZVIZ_SECTION_NETWORK = 7,
	ZVIZ_SECTION_WALL_CLOCK = 8,
	ZVIZ_SECTION_MODEL = 9,
};
#define ZVIZ_SECTION_LAST ZVIZ_SECTION_MODEL

/* Section flag: a reader that does not know this section type must refuse
 * the blob.  Every version-1 section is critical; a later minor addition
 * that older loaders may safely ignore would be written without it. */
#define ZVIZ_SECTION_CRITICAL 0x1u

/* "landlock", "cgroup", …; "unknown" for other values. */
const char *zviz_section_name(uint32_t type);

/* ---- seccomp ---------------------------------------------------------- */

/* Kinds of seccomp action a program returns; the loader asks the kernel
 * for each (SECCOMP_GET_ACTION_AVAIL) before it relies on the program. */
enum zviz_action_kind {
	ZVIZ_ACTION_KILL_PROCESS = 1u << 0,
	ZVIZ_ACTION_KILL_THREAD = 1u << 1,
	ZVIZ_ACTION_TRAP = 1u << 2,
	ZVIZ_ACTION_ERRNO = 1u << 3,
	ZVIZ_ACTION_LOG = 1u << 4,
	ZVIZ_ACTION_ALLOW = 1u << 5,
};
#define ZVIZ_ACTION_KIND_ALL 0x3fu

/* The kind of a seccomp return value, or 0 when zviz never uses it
 * (USER_NOTIF, TRACE, ERRNO 0 or > 4095, TRAP with data, unknown). */
uint32_t zviz_action_kind(uint32_t action);

struct zviz_seccomp {
	uint32_t *abis;              /* libseccomp SCMP_ARCH_* tokens, ascending */
	uint32_t abi_count;
	uint32_t actions_needed;     /* ZVIZ_ACTION_* bits */
	uint32_t filter_flags;       /* SECCOMP_FILTER_FLAG_{TSYNC,LOG,SPEC_ALLOW} */
	struct sock_filter *insns;
	uint32_t insn_count;
};

/* ---- Landlock ----------------------------------------------------------- */

#define ZVIZ_LANDLOCK_MAX_ABI      7
#define ZVIZ_LANDLOCK_FS_ALL       ((1ull << 16) - 1)  /* through IOCTL_DEV (ABI 5) */
#define ZVIZ_LANDLOCK_NET_ALL      0x3ull              /* BIND_TCP, CONNECT_TCP (ABI 4) */
#define ZVIZ_LANDLOCK_SCOPE_ALL    0x3ull              /* ABSTRACT_UNIX_SOCKET, SIGNAL (ABI 6) */
#define ZVIZ_PATH_MAX              4096

struct zviz_landlock_path {
	uint64_t access;             /* LANDLOCK_ACCESS_FS_* */
	char *path;                  /* absolute, inside the container */
};

struct zviz_landlock_port {
	uint64_t access;             /* LANDLOCK_ACCESS_NET_* */
	uint64_t port;
};

struct zviz_landlock {
	uint32_t min_abi;            /* 0: Landlock is not used */
	bool best_effort;            /* false: a kernel below min_abi fails closed */
	uint64_t handled_fs;
	uint64_t handled_net;
	uint64_t scoped;
	struct zviz_landlock_path *paths;   /* ascending by path, unique */
	uint32_t path_count;
	struct zviz_landlock_port *ports;   /* ascending by port, unique */
	uint32_t port_count;
};

/* Lowest Landlock ABI that knows every right in the given masks. */
uint32_t zviz_landlock_abi_needed(uint64_t fs, uint64_t net, uint64_t scoped);

/* ---- cgroup limits ---------------------------------------------------- */

enum zviz_cgroup_field {
	ZVIZ_CGROUP_MEMORY = 1u << 0,
	ZVIZ_CGROUP_SWAP = 1u << 1,
	ZVIZ_CGROUP_PIDS = 1u << 2,
	ZVIZ_CGROUP_CPU_QUOTA = 1u << 3,   /* cpu_quota_us and cpu_period_us */
	ZVIZ_CGROUP_CPU_WEIGHT = 1u << 4,
};
#define ZVIZ_CGROUP_ALL 0x1fu

struct zviz_cgroup_limits {
	uint32_t set;                /* ZVIZ_CGROUP_* bits; unset fields are 0 */
	uint64_t memory_max;         /* bytes */
	uint64_t swap_max;           /* bytes, 0 allowed */
	uint64_t pids_max;
	uint64_t cpu_quota_us;
	uint64_t cpu_period_us;
	uint64_t cpu_weight;         /* 1..10000 */
};

/* ---- rlimits ------------------------------------------------------------ */

#define ZVIZ_RLIMIT_COUNT 16         /* RLIMIT_NLIMITS on Linux */

struct zviz_rlimit {
	uint32_t resource;           /* RLIMIT_* */
	uint64_t soft;               /* RLIM_INFINITY is UINT64_MAX */
	uint64_t hard;
};

struct zviz_rlimits {
	struct zviz_rlimit *items;   /* ascending by resource, unique */
	uint32_t count;
};

/* ---- capabilities kept ------------------------------------------------ */

#define ZVIZ_CAP_LAST 40             /* CAP_CHECKPOINT_RESTORE */

struct zviz_capabilities {
	uint64_t bounding;
	uint64_t effective;
	uint64_t permitted;
	uint64_t inheritable;
	uint64_t ambient;
};

/* ---- network -------------------------------------------------------------- */

enum zviz_network_mode {
	ZVIZ_NETWORK_PRIVATE = 0,    /* own namespace, loopback only */
	ZVIZ_NETWORK_HOST = 1,
	ZVIZ_NETWORK_GIVEN = 2,      /* join the one config.json names */
};

/* ---- the resolved decision model ------------------------------------ */

enum zviz_cmp_op {
	ZVIZ_CMP_EQ = 1,
	ZVIZ_CMP_NE,
	ZVIZ_CMP_LT,
	ZVIZ_CMP_LE,
	ZVIZ_CMP_GT,
	ZVIZ_CMP_GE,
	ZVIZ_CMP_MASKED_EQ,          /* (arg & mask) == value */
};

struct zviz_cmp {
	uint8_t arg;                 /* 0..5 */
	uint8_t op;                  /* enum zviz_cmp_op */
	uint8_t width;               /* 32 (low word only) or 64 */
	uint64_t mask;               /* MASKED_EQ only, else 0 */
	uint64_t value;
};

/* A conjunction of comparisons. */
struct zviz_term {
	struct zviz_cmp *cmps;
	uint32_t cmp_count;          /* >= 1 */
};

/* Matches when any of its terms matches (a disjunction). */
struct zviz_rule {
	uint32_t action;             /* seccomp return value */
	struct zviz_term *terms;
	uint32_t term_count;         /* >= 1 */
};

/* One syscall's chain: the first matching rule decides, else fallback. */
struct zviz_syscall_chain {
	uint32_t nr;
	char *name;
	struct zviz_rule *rules;
	uint32_t rule_count;
	uint32_t fallback;
};

struct zviz_abi_model {
	uint32_t arch;               /* SCMP_ARCH_* token */
	uint32_t default_action;     /* syscalls with no chain */
	struct zviz_syscall_chain *syscalls;   /* ascending by nr, unique */
	uint32_t syscall_count;
};

struct zviz_model {
	char *description;           /* "" when none */
	char *unsafe_reason;         /* "" unless the profile is marked unsafe */
	uint32_t bad_arch_action;    /* for ABIs not listed */
	struct zviz_abi_model *abis; /* ascending by arch, as in the seccomp section */
	uint32_t abi_count;
};

/* ---- metadata ------------------------------------------------------------- */

struct zviz_metadata {
	char *profile_name;
	char *compiler_version;
	/* SHA-256 over every section after this one, as encoded: equal
	 * digests mean equal effective policies. */
	uint8_t model_digest[ZVIZ_SHA256_LEN];
};

/* ---- the whole policy ----------------------------------------------------- */

struct zviz_policy {
	struct zviz_metadata metadata;
	struct zviz_seccomp seccomp;
	struct zviz_landlock landlock;
	struct zviz_cgroup_limits cgroup;
	struct zviz_rlimits rlimits;
	struct zviz_capabilities caps;
	uint32_t network_mode;       /* enum zviz_network_mode */
	uint64_t wall_clock_ms;      /* 0: no wall-clock limit */
	struct zviz_model model;
};

/* Checks every rule of the format that does not depend on the byte layout
 * (ranges, orderings, consistency between sections, the BPF checker).
 * The writer runs it before encoding and the reader after decoding. */
int zviz_policy_validate(const struct zviz_policy *policy, struct zviz_error *err);

/* The checks of zviz_policy_validate() for one section type; the model's
 * also compare it with the seccomp section. */
int zviz_policy_validate_section(const struct zviz_policy *policy, uint32_t type,
				 struct zviz_error *err);

/* Encodes POLICY into a new heap buffer (*OUT, *OUT_LEN; free() it).
 * metadata.model_digest is computed, not taken from POLICY. */
int zviz_policy_encode(const struct zviz_policy *policy, uint8_t **out, size_t *out_len,
		       struct zviz_error *err);

/* Decodes and fully validates LEN bytes.  On success *POLICY owns heap
 * memory (zviz_policy_free); on failure *POLICY is left empty. */
int zviz_policy_decode(const uint8_t *blob, size_t len, struct zviz_policy *policy,
		       struct zviz_error *err);

/* Reads PATH (at most ZVIZ_POLICY_MAX_SIZE bytes) and decodes it. */
int zviz_policy_read_file(const char *path, struct zviz_policy *policy, struct zviz_error *err);

/* Frees what decode allocated and zeroes *POLICY.  Safe on a zeroed one. */
void zviz_policy_free(struct zviz_policy *policy);

/* Recomputes the metadata digest and the header checksum of an encoded
 * blob in place, as if it had been written that way.  For tests and
 * tools that edit blobs on purpose; returns -1 when BLOB is too short
 * or its sections cannot be walked. */
int zviz_policy_reseal(uint8_t *blob, size_t len);

#endif
