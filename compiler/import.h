/* zvizc import: a Docker/moby seccomp profile (the JSON dockerd reads,
 * with archMap and includes/excludes) or an OCI runtime config.json (its
 * linux.seccomp section) turned into an equivalent, readable .zp profile.
 *
 * What the .zp says is what runc or crun would load on the target machine
 * for a container with no capabilities:
 *   - arch: the target ABI only (default: the host's).  Docker's archMap
 *     and OCI's architectures also admit sub-architectures (x86 and x32
 *     beside x86_64) with the same rules; the imported profile does not,
 *     so 32-bit and x32 system calls kill the process (a warning says so).
 *   - a syscalls[] entry is kept or dropped the way moby decides on that
 *     machine: includes.caps drops it (no capabilities), excludes.caps
 *     keeps it, includes.arches keeps it only when it names the target
 *     (Go's names: amd64, x86, x32, arm64, arm, riscv64), excludes.arches
 *     drops it when it does, includes.minKernel is taken as satisfied and
 *     excludes.minKernel therefore drops it.
 *   - names that are no system call on the target ABI (_llseek on x86_64)
 *     are left out, as libseccomp leaves them out; names that neither
 *     libseccomp (on any architecture) nor zvizc's tables know are an
 *     error, all listed in one message.
 *   - args become conditions on the argument's name (argN without an
 *     argument table): SCMP_CMP_EQ/NE/LT/LE/GT/GE as ==, !=, <, <=, >, >=,
 *     SCMP_CMP_MASKED_EQ as (arg & value) == valueTwo; several args of one
 *     entry are joined with and.
 *   - conditional rules come first, in the file's order, then the
 *     unconditional ones grouped by action; each says in a comment which
 *     syscalls[] entry it comes from, and dropped entries are listed too. */
#ifndef ZVIZC_IMPORT_H
#define ZVIZC_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

struct import_report {
	/* Inputs (zero them for the defaults). */
	const char *arch;            /* target ABI name (abi.h); NULL: the host's */
	const char *profile_name;    /* NULL: from the file name */

	/* Outputs. */
	const char *format;          /* "docker" or "oci" (static) */
	const char *abi;             /* the target ABI's name (static) */
	unsigned entries;            /* syscalls[] entries read */
	unsigned entries_dropped;    /* of which dropped (caps, arches, minKernel) */
	unsigned rules;              /* .zp rule statements written */
	unsigned names;              /* (name, action) pairs placed */
	/* Where the imported profile and the original, as libseccomp would
	 * load it, may decide differently, and other things worth knowing;
	 * heap strings, one sentence each. */
	char **warnings;
	size_t warning_count;
};

/* Reads the Docker/moby or OCI seccomp JSON at PATH (json-c) and writes
 * the equivalent .zp profile to OUT.  REPORT (may be NULL) gives the
 * inputs above and receives what was done; import_report_free() releases
 * it whether the import succeeded or not.  Returns 0, or -1 with one
 * sentence in ERR (unreadable file, invalid JSON, not a seccomp profile,
 * an action or operator zvizc has no equivalent for, names neither
 * libseccomp nor zvizc knows — all of them in one message, two
 * unconditional entries giving one name different actions); nothing is
 * written to OUT then.  Reads nothing but PATH; no global state. */
int import_seccomp_json(const char *path, FILE *out, struct import_report *report,
			struct zviz_error *err);

void import_report_free(struct import_report *report);

#endif
