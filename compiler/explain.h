/* zvizc: `zvizc explain`, a decoded policy in plain words.
 *
 * Section by section: the profile (name, compiler, description, unsafe
 * reason), the ABIs and what happens to the others, Landlock (paths and
 * ports with their rights in words, scopes), limits (cgroup, wall clock,
 * rlimits), capabilities kept, network; then per ABI the decision table
 * (default action, and per syscall its chain:
 * `socket (41): allow if domain == 1 or domain == 2; else errno(EAFNOSUPPORT)`),
 * then the BPF program disassembled (disasm.h).
 *
 * The helpers below are shared with diff.c, so both commands spell
 * actions, arguments, rights and sizes the same way. */
#ifndef ZVIZC_EXPLAIN_H
#define ZVIZC_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "policy.h"

/* Writes the explanation of P to OUT: text, or with JSON one JSON object
 * with the same information.  Returns 0, or -1 on a write error. */
int explain_policy(FILE *out, const struct zviz_policy *p, bool json);

/* ---- shared spellings -------------------------------------------------------- */

/* Big enough for every string the helpers below produce. */
#define EXPLAIN_NAME_MAX 64

/* "allow", "kill", "kill-thread", "trap", "log", "errno(EPERM)" (or
 * "errno(1234)" for a number without a name), "0x%08x" for a value zviz
 * never uses: the spelling of the profile language and of resolve.c's
 * action_name().  Returns BUF. */
const char *explain_action(uint32_t action, char buf[EXPLAIN_NAME_MAX]);

/* Whether the action lets the system call run (allow, log). */
bool explain_action_allows(uint32_t action);

/* The name of argument ARG (0..5) of syscall NAME on the ABI with token
 * ARCH: the argument table's name ("domain", "request") where it has one
 * that cannot be mistaken for a position, else "argN".  Returns BUF. */
const char *explain_arg_name(uint32_t arch, const char *syscall, unsigned arg,
			     char buf[EXPLAIN_NAME_MAX]);

/* The ABI's name ("x86_64"), or "arch 0x%08x" when zvizc does not know
 * the token.  Returns BUF. */
const char *explain_abi_name(uint32_t arch, char buf[EXPLAIN_NAME_MAX]);

/* A constant as conditions print it: decimal below 0x10000, else hex
 * (HEX forces hex, for masks and masked values).  Returns BUF. */
const char *explain_number(uint64_t value, bool hex, char buf[EXPLAIN_NAME_MAX]);

/* "512 MiB", "1.5 GiB", "4097 bytes": a size in binary units, exact
 * where it can be, with the byte count when rounded.  Returns BUF. */
const char *explain_size(uint64_t bytes, char buf[EXPLAIN_NAME_MAX]);

/* "5m", "1h 30m", "2s 500ms", "none" for 0.  Returns BUF. */
const char *explain_duration_ms(uint64_t ms, char buf[EXPLAIN_NAME_MAX]);

/* "25%", "12.5%": QUOTA / PERIOD as a percentage of one CPU.  Returns BUF. */
const char *explain_cpu_share(uint64_t quota_us, uint64_t period_us, char buf[EXPLAIN_NAME_MAX]);

/* Names of rlimit RESOURCE as profiles spell them ("nofile", "cpu-time",
 * "address-space"), NULL for a resource number zviz does not know. */
const char *explain_rlimit_name(uint32_t resource);

/* An rlimit value in its resource's unit ("256", "8 MiB", "10s"),
 * "unlimited" for UINT64_MAX.  Returns BUF. */
const char *explain_rlimit_value(uint32_t resource, uint64_t value, char buf[EXPLAIN_NAME_MAX]);

/* "CAP_NET_BIND_SERVICE"; NULL above ZVIZ_CAP_LAST. */
const char *explain_cap_name(unsigned cap);

/* Words for one right, by bit number: filesystem ("read files"), network
 * ("bind", "connect") and scopes ("abstract unix sockets", "signals").
 * NULL for an unknown bit. */
const char *explain_fs_right(unsigned bit);
const char *explain_net_right(unsigned bit);
const char *explain_scope(unsigned bit);

/* "private namespace with loopback only", "host network", "joins the
 * network namespace config.json names". */
const char *explain_network_mode(uint32_t mode);

/* "tsync", "log", "spec-allow" for filter flag bit BIT; NULL if unknown. */
const char *explain_filter_flag(unsigned bit);

/* Words for the bits of MASK, by WORD ("bit N" where it has none), joined
 * with ", ", or NONE when MASK is empty.  A heap string; NULL when out of
 * memory. */
char *explain_bits(uint64_t mask, const char *(*word)(unsigned), const char *none);

/* Writes S as a JSON string (quotes included) to OUT. */
void explain_json_string(FILE *out, const char *s);

#endif
