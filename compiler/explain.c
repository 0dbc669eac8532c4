/* zvizc: `zvizc explain` (see explain.h). */
#include <config.h>

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/seccomp.h>

#include "abi.h"
#include "args.h"
#include "constants.h"
#include "disasm.h"
#include "explain.h"

#ifndef SECCOMP_RET_KILL_PROCESS
#define SECCOMP_RET_KILL_PROCESS 0x80000000u
#endif
#ifndef SECCOMP_RET_LOG
#define SECCOMP_RET_LOG 0x7ffc0000u
#endif
#ifndef SECCOMP_RET_ACTION_FULL
#define SECCOMP_RET_ACTION_FULL 0xffff0000u
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- shared spellings -------------------------------------------------------- */

const char *explain_action(uint32_t action, char buf[EXPLAIN_NAME_MAX])
{
	uint32_t data = action & SECCOMP_RET_DATA;
	const char *name = NULL;

	switch (action & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW: name = "allow"; break;
	case SECCOMP_RET_KILL_PROCESS: name = "kill"; break;
	case SECCOMP_RET_KILL_THREAD: name = "kill-thread"; break;
	case SECCOMP_RET_TRAP: name = "trap"; break;
	case SECCOMP_RET_LOG: name = "log"; break;
	case SECCOMP_RET_ERRNO: {
		const char *e = zvizc_errno_name((int)data);

		if (e != NULL)
			snprintf(buf, EXPLAIN_NAME_MAX, "errno(%s)", e);
		else
			snprintf(buf, EXPLAIN_NAME_MAX, "errno(%" PRIu32 ")", data);
		return buf;
	}
	}
	if (name != NULL)
		snprintf(buf, EXPLAIN_NAME_MAX, "%s", name);
	else
		snprintf(buf, EXPLAIN_NAME_MAX, "0x%08" PRIx32, action);
	return buf;
}

bool explain_action_allows(uint32_t action)
{
	uint32_t kind = action & SECCOMP_RET_ACTION_FULL;

	return kind == SECCOMP_RET_ALLOW || kind == SECCOMP_RET_LOG;
}

const char *explain_arg_name(uint32_t arch, const char *syscall, unsigned arg,
			     char buf[EXPLAIN_NAME_MAX])
{
	const struct zvizc_abi *abi = zvizc_abi_by_token(arch);
	const struct zvizc_syscall_args *a = abi != NULL ? zvizc_args_lookup_abi(syscall, abi) : NULL;

	/* prctl's "arg2" is at position 1: a name that looks like a position
	 * would mislead, so the position is printed instead. */
	if (a != NULL && arg < a->count && a->args[arg].name != NULL &&
	    !(strncmp(a->args[arg].name, "arg", 3) == 0 &&
	      a->args[arg].name[3] >= '0' && a->args[arg].name[3] <= '9'))
		snprintf(buf, EXPLAIN_NAME_MAX, "%s", a->args[arg].name);
	else
		snprintf(buf, EXPLAIN_NAME_MAX, "arg%u", arg);
	return buf;
}

const char *explain_abi_name(uint32_t arch, char buf[EXPLAIN_NAME_MAX])
{
	const struct zvizc_abi *abi = zvizc_abi_by_token(arch);

	if (abi != NULL)
		snprintf(buf, EXPLAIN_NAME_MAX, "%s", abi->name);
	else
		snprintf(buf, EXPLAIN_NAME_MAX, "arch 0x%08" PRIx32, arch);
	return buf;
}

const char *explain_number(uint64_t value, bool hex, char buf[EXPLAIN_NAME_MAX])
{
	if (hex || value >= 0x10000)
		snprintf(buf, EXPLAIN_NAME_MAX, "0x%" PRIx64, value);
	else
		snprintf(buf, EXPLAIN_NAME_MAX, "%" PRIu64, value);
	return buf;
}

/* "%.2f" without trailing zeros: 25, 12.5, 33.33. */
static void put_decimal(char *buf, size_t size, long double v)
{
	size_t n;

	snprintf(buf, size, "%.2Lf", v);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
}

const char *explain_size(uint64_t bytes, char buf[EXPLAIN_NAME_MAX])
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };

	for (int i = (int)ARRAY_SIZE(units) - 1; i >= 0; i--) {
		uint64_t unit = 1ull << (10 * (i + 1));

		if (bytes >= unit && bytes % unit == 0) {
			snprintf(buf, EXPLAIN_NAME_MAX, "%" PRIu64 " %s", bytes / unit, units[i]);
			return buf;
		}
	}
	if (bytes >= 1024) {
		char approx[16];
		int i = 0;
		long double v = (long double)bytes / 1024;

		while (v >= 1024 && i + 1 < (int)ARRAY_SIZE(units)) {
			v /= 1024;
			i++;
		}
		put_decimal(approx, sizeof(approx), v);
		snprintf(buf, EXPLAIN_NAME_MAX, "%" PRIu64 " bytes (about %s %s)", bytes, approx,
			 units[i]);
	} else {
		snprintf(buf, EXPLAIN_NAME_MAX, "%" PRIu64 " %s", bytes, bytes == 1 ? "byte" : "bytes");
	}
	return buf;
}

const char *explain_duration_ms(uint64_t ms, char buf[EXPLAIN_NAME_MAX])
{
	const uint64_t parts[4] = { ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, ms % 1000 };
	static const char *const suffix[4] = { "h", "m", "s", "ms" };
	size_t len = 0;

	buf[0] = '\0';
	if (ms == 0) {
		snprintf(buf, EXPLAIN_NAME_MAX, "none");
		return buf;
	}
	for (int i = 0; i < 4; i++) {
		if (parts[i] == 0)
			continue;
		len += (size_t)snprintf(buf + len, EXPLAIN_NAME_MAX - len, "%s%" PRIu64 "%s",
					len > 0 ? " " : "", parts[i], suffix[i]);
	}
	return buf;
}

const char *explain_cpu_share(uint64_t quota_us, uint64_t period_us, char buf[EXPLAIN_NAME_MAX])
{
	char num[40];

	if (period_us == 0) {
		snprintf(buf, EXPLAIN_NAME_MAX, "?%%");
		return buf;
	}
	put_decimal(num, sizeof(num), (long double)quota_us * 100 / (long double)period_us);
	snprintf(buf, EXPLAIN_NAME_MAX, "%s%%", num);
	return buf;
}

enum rlimit_unit { UNIT_COUNT, UNIT_BYTES, UNIT_SECONDS, UNIT_MICROSECONDS };

static const struct {
	const char *name;
	enum rlimit_unit unit;
} rlimit_names[ZVIZ_RLIMIT_COUNT] = {
	{ "cpu-time", UNIT_SECONDS },	/* RLIMIT_CPU */
	{ "fsize", UNIT_BYTES },
	{ "data", UNIT_BYTES },
	{ "stack", UNIT_BYTES },
	{ "core", UNIT_BYTES },
	{ "rss", UNIT_BYTES },
	{ "nproc", UNIT_COUNT },
	{ "nofile", UNIT_COUNT },
	{ "memlock", UNIT_BYTES },
	{ "address-space", UNIT_BYTES },	/* RLIMIT_AS */
	{ "locks", UNIT_COUNT },
	{ "sigpending", UNIT_COUNT },
	{ "msgqueue", UNIT_BYTES },
	{ "nice", UNIT_COUNT },
	{ "rtprio", UNIT_COUNT },
	{ "rttime", UNIT_MICROSECONDS },
};

const char *explain_rlimit_name(uint32_t resource)
{
	return resource < ZVIZ_RLIMIT_COUNT ? rlimit_names[resource].name : NULL;
}

const char *explain_rlimit_value(uint32_t resource, uint64_t value, char buf[EXPLAIN_NAME_MAX])
{
	enum rlimit_unit unit = resource < ZVIZ_RLIMIT_COUNT ? rlimit_names[resource].unit : UNIT_COUNT;

	if (value == UINT64_MAX) {
		snprintf(buf, EXPLAIN_NAME_MAX, "unlimited");
		return buf;
	}
	switch (unit) {
	case UNIT_BYTES:
		return explain_size(value, buf);
	case UNIT_SECONDS:
		snprintf(buf, EXPLAIN_NAME_MAX, "%" PRIu64 "s", value);
		return buf;
	case UNIT_MICROSECONDS:
		snprintf(buf, EXPLAIN_NAME_MAX, "%" PRIu64 " us", value);
		return buf;
	case UNIT_COUNT:
		break;
	}
	snprintf(buf, EXPLAIN_NAME_MAX, "%" PRIu64, value);
	return buf;
}

const char *explain_cap_name(unsigned cap)
{
	static const char *const names[ZVIZ_CAP_LAST + 1] = {
		"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
		"CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
		"CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
		"CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
		"CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
		"CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
		"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
		"CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
		"CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
		"CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
		"CAP_CHECKPOINT_RESTORE",
	};

	return cap <= ZVIZ_CAP_LAST ? names[cap] : NULL;
}

const char *explain_fs_right(unsigned bit)
{
	static const char *const words[] = {
		"execute", "write files", "read files", "list directories",
		"remove directories", "remove files", "create character devices",
		"create directories", "create files", "create sockets", "create fifos",
		"create block devices", "create symlinks", "link or rename across directories",
		"truncate files", "ioctl on devices",
	};

	return bit < ARRAY_SIZE(words) ? words[bit] : NULL;
}

const char *explain_net_right(unsigned bit)
{
	static const char *const words[] = { "bind", "connect" };

	return bit < ARRAY_SIZE(words) ? words[bit] : NULL;
}

const char *explain_scope(unsigned bit)
{
	static const char *const words[] = { "abstract unix sockets", "signals" };

	return bit < ARRAY_SIZE(words) ? words[bit] : NULL;
}

const char *explain_network_mode(uint32_t mode)
{
	switch (mode) {
	case ZVIZ_NETWORK_PRIVATE: return "private namespace with loopback only";
	case ZVIZ_NETWORK_HOST: return "host network";
	case ZVIZ_NETWORK_GIVEN: return "joins the network namespace config.json names";
	}
	return "unknown network mode";
}

const char *explain_filter_flag(unsigned bit)
{
	static const char *const words[] = { "tsync", "log", "spec-allow" };

	return bit < ARRAY_SIZE(words) ? words[bit] : NULL;
}

/* ---- output, plain or inside a JSON string ------------------------------------------ */

/* Writes LEN bytes of S with JSON string escapes; bytes that are not
 * valid UTF-8 become U+FFFD, so the output is always valid JSON. */
static void json_escape(FILE *f, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned char c = p[i];
		size_t n = 0;

		if (c == '"' || c == '\\') {
			putc('\\', f);
			putc(c, f);
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			switch (c) {
			case '\n': fputs("\\n", f); break;
			case '\t': fputs("\\t", f); break;
			case '\r': fputs("\\r", f); break;
			default: fprintf(f, "\\u%04x", c); break;
			}
			i++;
			continue;
		}
		if (c < 0x80) {
			putc(c, f);
			i++;
			continue;
		}
		/* A UTF-8 sequence: lead byte, continuation bytes, no overlong
		 * forms, no surrogates, nothing above U+10FFFF. */
		if (c >= 0xc2 && c <= 0xdf)
			n = 2;
		else if (c >= 0xe0 && c <= 0xef)
			n = 3;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 4;
		if (n > 0 && i + n <= len) {
			bool ok = true;

			for (size_t k = 1; k < n; k++)
				ok = ok && (p[i + k] & 0xc0) == 0x80;
			if (ok && n == 3 && ((c == 0xe0 && p[i + 1] < 0xa0) ||
					     (c == 0xed && p[i + 1] >= 0xa0)))
				ok = false;
			if (ok && n == 4 && ((c == 0xf0 && p[i + 1] < 0x90) ||
					     (c == 0xf4 && p[i + 1] >= 0x90)))
				ok = false;
			if (ok) {
				fwrite(p + i, 1, n, f);
				i += n;
				continue;
			}
		}
		fputs("\\ufffd", f);
		i++;
	}
}

char *explain_bits(uint64_t mask, const char *(*word)(unsigned), const char *none)
{
	char *s = NULL;
	size_t len;
	FILE *f = open_memstream(&s, &len);
	bool first = true;

	if (f == NULL)
		return NULL;
	for (unsigned bit = 0; bit < 64; bit++) {
		const char *w;

		if (!(mask & (1ull << bit)))
			continue;
		w = word(bit);
		if (w != NULL)
			fprintf(f, "%s%s", first ? "" : ", ", w);
		else
			fprintf(f, "%sbit %u", first ? "" : ", ", bit);
		first = false;
	}
	if (first)
		fputs(none, f);
	if (fclose(f) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

void explain_json_string(FILE *out, const char *s)
{
	putc('"', out);
	if (s != NULL)
		json_escape(out, s, strlen(s));
	putc('"', out);
}

struct out {
	FILE *f;
	bool esc;		/* inside a JSON string */
};

static void outs(struct out *o, const char *s)
{
	if (o->esc)
		json_escape(o->f, s, strlen(s));
	else
		fputs(s, o->f);
}

static void outf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void outf(struct out *o, const char *fmt, ...)
{
	char small[256];
	char *buf = small;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(small)) {
		buf = malloc((size_t)n + 1);
		if (buf == NULL) {
			outs(o, small);
			return;
		}
		va_start(ap, fmt);
		vsnprintf(buf, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	outs(o, buf);
	if (buf != small)
		free(buf);
}

static void out_bits(struct out *o, uint64_t mask, const char *(*word)(unsigned))
{
	char *s = explain_bits(mask, word, "none");

	outs(o, s != NULL ? s : "(out of memory)");
	free(s);
}

/* The same as a JSON array of strings. */
static void json_bits(FILE *f, uint64_t mask, const char *(*word)(unsigned))
{
	bool first = true;

	putc('[', f);
	for (unsigned bit = 0; bit < 64; bit++) {
		const char *w;

		if (!(mask & (1ull << bit)))
			continue;
		w = word(bit);
		if (!first)
			fputs(", ", f);
		if (w != NULL)
			explain_json_string(f, w);
		else
			fprintf(f, "\"bit %u\"", bit);
		first = false;
	}
	putc(']', f);
}

static const char *cap_word(unsigned bit)
{
	return explain_cap_name(bit);
}

/* ---- conditions and chains --------------------------------------------------------- */

/* Which arguments a chain compares at each width. */
struct widths {
	bool w32[6];
	bool w64[6];
};

static void chain_widths(const struct zviz_syscall_chain *c, struct widths *w)
{
	memset(w, 0, sizeof(*w));
	for (uint32_t r = 0; r < c->rule_count; r++) {
		const struct zviz_rule *rule = &c->rules[r];

		for (uint32_t t = 0; t < rule->term_count; t++) {
			for (uint32_t i = 0; i < rule->terms[t].cmp_count; i++) {
				const struct zviz_cmp *cmp = &rule->terms[t].cmps[i];

				if (cmp->arg >= 6)
					continue;
				if (cmp->width == 32)
					w->w32[cmp->arg] = true;
				else
					w->w64[cmp->arg] = true;
			}
		}
	}
}

static const char *op_text(uint8_t op)
{
	switch (op) {
	case ZVIZ_CMP_EQ: return "==";
	case ZVIZ_CMP_NE: return "!=";
	case ZVIZ_CMP_LT: return "<";
	case ZVIZ_CMP_LE: return "<=";
	case ZVIZ_CMP_GT: return ">";
	case ZVIZ_CMP_GE: return ">=";
	case ZVIZ_CMP_MASKED_EQ: return "==";
	}
	return "?";
}

static void out_cmp(struct out *o, uint32_t arch, const char *syscall, const struct zviz_cmp *cmp,
		    const struct widths *w)
{
	char name[EXPLAIN_NAME_MAX], v[EXPLAIN_NAME_MAX], m[EXPLAIN_NAME_MAX];

	explain_arg_name(arch, syscall, cmp->arg, name);
	if (cmp->op == ZVIZ_CMP_MASKED_EQ)
		outf(o, "(%s & %s) == %s", name, explain_number(cmp->mask, true, m),
		     explain_number(cmp->value, true, v));
	else
		outf(o, "%s %s %s", name, op_text(cmp->op), explain_number(cmp->value, false, v));
	/* An argument compared at both widths gets the mark on each 32-bit
	 * comparison; the others are listed once after the chain. */
	if (cmp->width == 32 && cmp->arg < 6 && w->w64[cmp->arg])
		outs(o, " [low 32 bits]");
}

static void out_rule_condition(struct out *o, uint32_t arch, const char *syscall,
			       const struct zviz_rule *rule, const struct widths *w)
{
	for (uint32_t t = 0; t < rule->term_count; t++) {
		const struct zviz_term *term = &rule->terms[t];
		bool parens = rule->term_count > 1 && term->cmp_count > 1;

		if (t > 0)
			outs(o, " or ");
		if (parens)
			outs(o, "(");
		for (uint32_t i = 0; i < term->cmp_count; i++) {
			if (i > 0)
				outs(o, " and ");
			out_cmp(o, arch, syscall, &term->cmps[i], w);
		}
		if (parens)
			outs(o, ")");
	}
}

/* "allow if domain == 1 or domain == 2; else errno(EAFNOSUPPORT)", with
 * the arguments compared on their low 32 bits listed after it. */
static void out_chain(struct out *o, uint32_t arch, const struct zviz_syscall_chain *c)
{
	char act[EXPLAIN_NAME_MAX], name[EXPLAIN_NAME_MAX];
	struct widths w;
	bool first = true;

	chain_widths(c, &w);
	for (uint32_t r = 0; r < c->rule_count; r++) {
		outf(o, "%s if ", explain_action(c->rules[r].action, act));
		out_rule_condition(o, arch, c->name, &c->rules[r], &w);
		outs(o, "; ");
	}
	outf(o, "%s%s", c->rule_count > 0 ? "else " : "", explain_action(c->fallback, act));
	for (unsigned a = 0; a < 6; a++) {
		if (!w.w32[a] || w.w64[a])
			continue;
		outf(o, "%s%s", first ? "  [low 32 bits: " : ", ", explain_arg_name(arch, c->name, a, name));
		first = false;
	}
	if (!first)
		outs(o, "]");
}

/* ---- text ----------------------------------------------------------------------- */

/* Multi-line text indented under a heading. */
static void text_block(FILE *f, const char *label, const char *s)
{
	fprintf(f, "%s", label);
	for (; *s != '\0'; s++) {
		putc(*s, f);
		if (*s == '\n' && s[1] != '\0')
			fputs("    ", f);
	}
	putc('\n', f);
}

static void text_profile(FILE *f, const struct zviz_policy *p)
{
	fprintf(f, "Profile: %s\n", p->metadata.profile_name ? p->metadata.profile_name : "");
	fprintf(f, "Compiled by: zvizc %s\n",
		p->metadata.compiler_version ? p->metadata.compiler_version : "");
	if (p->model.description != NULL && p->model.description[0] != '\0')
		text_block(f, "Description: ", p->model.description);
	if (p->model.unsafe_reason != NULL && p->model.unsafe_reason[0] != '\0')
		text_block(f, "UNSAFE: ", p->model.unsafe_reason);
}

static void text_seccomp(FILE *f, const struct zviz_policy *p)
{
	struct out o = { f, false };
	char buf[EXPLAIN_NAME_MAX];

	fputs("\nSystem calls (seccomp)\n  ABIs: ", f);
	for (uint32_t i = 0; i < p->seccomp.abi_count; i++)
		fprintf(f, "%s%s", i > 0 ? ", " : "", explain_abi_name(p->seccomp.abis[i], buf));
	if (p->seccomp.abi_count == 0)
		fputs("none", f);
	fprintf(f, "\n  Other ABIs: %s\n", explain_action(p->model.bad_arch_action, buf));
	fputs("  Filter flags: ", f);
	out_bits(&o, p->seccomp.filter_flags, explain_filter_flag);
	putc('\n', f);
}

static void text_landlock(FILE *f, const struct zviz_landlock *l)
{
	struct out o = { f, false };

	fputs("\nFiles and network (Landlock)\n", f);
	if (l->min_abi == 0) {
		fputs("  off: no file or TCP restrictions beyond the container's\n", f);
		return;
	}
	fprintf(f, "  Landlock ABI %" PRIu32 " at least, %s\n", l->min_abi,
		l->best_effort ? "best-effort: an older kernel's Landlock enforces the rights it knows"
			       : "required: the workload does not start on an older kernel");
	fputs("  Denied unless granted below: ", f);
	if (l->handled_fs == ZVIZ_LANDLOCK_FS_ALL)
		fputs("every filesystem right", f);
	else if (l->handled_fs == 0)
		fputs("no filesystem right", f);
	else
		out_bits(&o, l->handled_fs, explain_fs_right);
	if (l->handled_net != 0) {
		fputs("; TCP ", f);
		out_bits(&o, l->handled_net, explain_net_right);
	}
	putc('\n', f);
	for (uint32_t i = 0; i < l->path_count; i++) {
		fprintf(f, "  %s: ", l->paths[i].path);
		out_bits(&o, l->paths[i].access, explain_fs_right);
		putc('\n', f);
	}
	for (uint32_t i = 0; i < l->port_count; i++) {
		fprintf(f, "  TCP port %" PRIu64 ": ", l->ports[i].port);
		out_bits(&o, l->ports[i].access, explain_net_right);
		putc('\n', f);
	}
	fputs("  Scoped (no reaching outside the sandbox): ", f);
	out_bits(&o, l->scoped, explain_scope);
	putc('\n', f);
}

static void text_limits(FILE *f, const struct zviz_policy *p)
{
	const struct zviz_cgroup_limits *c = &p->cgroup;
	char a[EXPLAIN_NAME_MAX], b[EXPLAIN_NAME_MAX];
	bool any = false;

	fputs("\nLimits\n", f);
	if (c->set & ZVIZ_CGROUP_MEMORY) {
		fprintf(f, "  memory: %s\n", explain_size(c->memory_max, a));
		any = true;
	}
	if (c->set & ZVIZ_CGROUP_SWAP) {
		fprintf(f, "  swap: %s%s\n", explain_size(c->swap_max, a),
			c->swap_max == 0 ? " (no swap)" : "");
		any = true;
	}
	if (c->set & ZVIZ_CGROUP_PIDS) {
		fprintf(f, "  pids: %" PRIu64 "\n", c->pids_max);
		any = true;
	}
	if (c->set & ZVIZ_CGROUP_CPU_QUOTA) {
		fprintf(f, "  cpu: %s of one CPU (%" PRIu64 " us every %" PRIu64 " us)\n",
			explain_cpu_share(c->cpu_quota_us, c->cpu_period_us, a), c->cpu_quota_us,
			c->cpu_period_us);
		any = true;
	}
	if (c->set & ZVIZ_CGROUP_CPU_WEIGHT) {
		fprintf(f, "  cpu weight: %" PRIu64 "\n", c->cpu_weight);
		any = true;
	}
	if (p->wall_clock_ms != 0) {
		fprintf(f, "  wall clock: %s\n", explain_duration_ms(p->wall_clock_ms, a));
		any = true;
	}
	for (uint32_t i = 0; i < p->rlimits.count; i++) {
		const struct zviz_rlimit *r = &p->rlimits.items[i];
		const char *name = explain_rlimit_name(r->resource);

		if (name != NULL)
			fprintf(f, "  %s: ", name);
		else
			fprintf(f, "  rlimit %" PRIu32 ": ", r->resource);
		if (r->soft == r->hard)
			fprintf(f, "%s\n", explain_rlimit_value(r->resource, r->soft, a));
		else
			fprintf(f, "%s (hard limit %s)\n", explain_rlimit_value(r->resource, r->soft, a),
				explain_rlimit_value(r->resource, r->hard, b));
		any = true;
	}
	if (!any)
		fputs("  none\n", f);
}

static const char *const cap_set_names[5] = { "bounding", "effective", "permitted", "inheritable",
					      "ambient" };

static void cap_sets(const struct zviz_capabilities *c, uint64_t sets[5])
{
	sets[0] = c->bounding;
	sets[1] = c->effective;
	sets[2] = c->permitted;
	sets[3] = c->inheritable;
	sets[4] = c->ambient;
}

static void text_caps(FILE *f, const struct zviz_capabilities *c)
{
	uint64_t sets[5];
	uint64_t all;

	cap_sets(c, sets);
	all = sets[0] | sets[1] | sets[2] | sets[3] | sets[4];
	fputs("\nCapabilities kept\n", f);
	if (all == 0) {
		fputs("  none\n", f);
		return;
	}
	for (unsigned cap = 0; cap < 64; cap++) {
		const char *name = explain_cap_name(cap);
		bool every = true, first = true;

		if (!(all & (1ull << cap)))
			continue;
		if (name != NULL)
			fprintf(f, "  %s", name);
		else
			fprintf(f, "  capability %u", cap);
		for (unsigned s = 0; s < 5; s++)
			every = every && (sets[s] & (1ull << cap));
		if (every) {
			putc('\n', f);
			continue;
		}
		fputs(" (", f);
		for (unsigned s = 0; s < 5; s++) {
			if (!(sets[s] & (1ull << cap)))
				continue;
			fprintf(f, "%s%s", first ? "" : ", ", cap_set_names[s]);
			first = false;
		}
		fputs(" only)\n", f);
	}
}

static void text_table(FILE *f, const struct zviz_model *m)
{
	struct out o = { f, false };
	char buf[EXPLAIN_NAME_MAX];

	for (uint32_t a = 0; a < m->abi_count; a++) {
		const struct zviz_abi_model *abi = &m->abis[a];

		fprintf(f, "\nSystem calls on %s\n", explain_abi_name(abi->arch, buf));
		fprintf(f, "  default (no rule): %s\n", explain_action(abi->default_action, buf));
		for (uint32_t i = 0; i < abi->syscall_count; i++) {
			const struct zviz_syscall_chain *c = &abi->syscalls[i];

			fprintf(f, "  %s (%" PRIu32 "): ", c->name ? c->name : "?", c->nr);
			out_chain(&o, abi->arch, c);
			putc('\n', f);
		}
	}
}

static int write_program_line(void *ctx, const char *line)
{
	FILE *f = ctx;

	fprintf(f, "  %s\n", line);
	return 0;
}

static void text_program(FILE *f, const struct zviz_seccomp *s)
{
	fprintf(f, "\nBPF program (%" PRIu32 " instructions)\n", s->insn_count);
	disasm_program_lines(s->insns, s->insn_count, write_program_line, f);
}

static void explain_text(FILE *f, const struct zviz_policy *p)
{
	text_profile(f, p);
	text_seccomp(f, p);
	text_landlock(f, &p->landlock);
	text_limits(f, p);
	text_caps(f, &p->caps);
	fprintf(f, "\nNetwork\n  %s\n", explain_network_mode(p->network_mode));
	text_table(f, &p->model);
	text_program(f, &p->seccomp);
}

/* ---- JSON ------------------------------------------------------------------------------ */

static void json_key(FILE *f, const char *key, bool *first)
{
	if (!*first)
		fputs(", ", f);
	*first = false;
	fprintf(f, "\"%s\": ", key);
}

static void json_key_string(FILE *f, const char *key, const char *value, bool *first)
{
	json_key(f, key, first);
	explain_json_string(f, value);
}

static void json_key_u64(FILE *f, const char *key, uint64_t value, bool *first)
{
	json_key(f, key, first);
	fprintf(f, "%" PRIu64, value);
}

static void json_seccomp(FILE *f, const struct zviz_policy *p)
{
	char buf[EXPLAIN_NAME_MAX];
	bool first = true;

	fputs("{", f);
	json_key(f, "abis", &first);
	putc('[', f);
	for (uint32_t i = 0; i < p->seccomp.abi_count; i++) {
		if (i > 0)
			fputs(", ", f);
		explain_json_string(f, explain_abi_name(p->seccomp.abis[i], buf));
	}
	putc(']', f);
	json_key_string(f, "bad_arch_action", explain_action(p->model.bad_arch_action, buf), &first);
	json_key(f, "filter_flags", &first);
	json_bits(f, p->seccomp.filter_flags, explain_filter_flag);
	json_key_u64(f, "instructions", p->seccomp.insn_count, &first);
	fputs("}", f);
}

static void json_landlock(FILE *f, const struct zviz_landlock *l)
{
	bool first = true;

	fputs("{", f);
	json_key(f, "enabled", &first);
	fputs(l->min_abi != 0 ? "true" : "false", f);
	if (l->min_abi == 0) {
		fputs("}", f);
		return;
	}
	json_key_u64(f, "min_abi", l->min_abi, &first);
	json_key_string(f, "mode", l->best_effort ? "best-effort" : "required", &first);
	json_key(f, "handled_fs", &first);
	json_bits(f, l->handled_fs, explain_fs_right);
	json_key(f, "handled_net", &first);
	json_bits(f, l->handled_net, explain_net_right);
	json_key(f, "paths", &first);
	putc('[', f);
	for (uint32_t i = 0; i < l->path_count; i++) {
		fprintf(f, "%s{\"path\": ", i > 0 ? ", " : "");
		explain_json_string(f, l->paths[i].path);
		fputs(", \"rights\": ", f);
		json_bits(f, l->paths[i].access, explain_fs_right);
		putc('}', f);
	}
	putc(']', f);
	json_key(f, "ports", &first);
	putc('[', f);
	for (uint32_t i = 0; i < l->port_count; i++) {
		fprintf(f, "%s{\"port\": %" PRIu64 ", \"rights\": ", i > 0 ? ", " : "", l->ports[i].port);
		json_bits(f, l->ports[i].access, explain_net_right);
		putc('}', f);
	}
	putc(']', f);
	json_key(f, "scopes", &first);
	json_bits(f, l->scoped, explain_scope);
	fputs("}", f);
}

static void json_limit_value(FILE *f, uint64_t v)
{
	if (v == UINT64_MAX)
		fputs("\"unlimited\"", f);
	else
		fprintf(f, "%" PRIu64, v);
}

static void json_limits(FILE *f, const struct zviz_policy *p)
{
	const struct zviz_cgroup_limits *c = &p->cgroup;
	char buf[EXPLAIN_NAME_MAX];
	bool first = true;

	fputs("{", f);
	if (c->set & ZVIZ_CGROUP_MEMORY)
		json_key_u64(f, "memory", c->memory_max, &first);
	if (c->set & ZVIZ_CGROUP_SWAP)
		json_key_u64(f, "swap", c->swap_max, &first);
	if (c->set & ZVIZ_CGROUP_PIDS)
		json_key_u64(f, "pids", c->pids_max, &first);
	if (c->set & ZVIZ_CGROUP_CPU_QUOTA) {
		json_key(f, "cpu", &first);
		fprintf(f, "{\"quota_us\": %" PRIu64 ", \"period_us\": %" PRIu64 ", \"share\": ",
			c->cpu_quota_us, c->cpu_period_us);
		explain_json_string(f, explain_cpu_share(c->cpu_quota_us, c->cpu_period_us, buf));
		putc('}', f);
	}
	if (c->set & ZVIZ_CGROUP_CPU_WEIGHT)
		json_key_u64(f, "cpu_weight", c->cpu_weight, &first);
	json_key_u64(f, "wall_clock_ms", p->wall_clock_ms, &first);
	json_key(f, "rlimits", &first);
	putc('[', f);
	for (uint32_t i = 0; i < p->rlimits.count; i++) {
		const struct zviz_rlimit *r = &p->rlimits.items[i];
		const char *name = explain_rlimit_name(r->resource);

		fprintf(f, "%s{\"resource\": %" PRIu32 ", \"name\": ", i > 0 ? ", " : "", r->resource);
		if (name != NULL)
			explain_json_string(f, name);
		else
			fputs("null", f);
		fputs(", \"soft\": ", f);
		json_limit_value(f, r->soft);
		fputs(", \"hard\": ", f);
		json_limit_value(f, r->hard);
		putc('}', f);
	}
	fputs("]}", f);
}

static void json_caps(FILE *f, const struct zviz_capabilities *c)
{
	uint64_t sets[5];

	cap_sets(c, sets);
	fputs("{", f);
	for (unsigned s = 0; s < 5; s++) {
		fprintf(f, "%s\"%s\": ", s > 0 ? ", " : "", cap_set_names[s]);
		json_bits(f, sets[s], cap_word);
	}
	fputs("}", f);
}

static void json_table(FILE *f, const struct zviz_model *m)
{
	char buf[EXPLAIN_NAME_MAX];

	putc('[', f);
	for (uint32_t a = 0; a < m->abi_count; a++) {
		const struct zviz_abi_model *abi = &m->abis[a];

		fprintf(f, "%s{\"abi\": ", a > 0 ? ", " : "");
		explain_json_string(f, explain_abi_name(abi->arch, buf));
		fputs(", \"default\": ", f);
		explain_json_string(f, explain_action(abi->default_action, buf));
		fputs(", \"syscalls\": [", f);
		for (uint32_t i = 0; i < abi->syscall_count; i++) {
			const struct zviz_syscall_chain *c = &abi->syscalls[i];
			struct out o = { f, true };
			struct widths w;

			chain_widths(c, &w);
			fprintf(f, "%s{\"name\": ", i > 0 ? ", " : "");
			explain_json_string(f, c->name);
			fprintf(f, ", \"nr\": %" PRIu32 ", \"rules\": [", c->nr);
			for (uint32_t r = 0; r < c->rule_count; r++) {
				fprintf(f, "%s{\"action\": ", r > 0 ? ", " : "");
				explain_json_string(f, explain_action(c->rules[r].action, buf));
				fputs(", \"condition\": \"", f);
				out_rule_condition(&o, abi->arch, c->name, &c->rules[r], &w);
				fputs("\"}", f);
			}
			fputs("], \"fallback\": ", f);
			explain_json_string(f, explain_action(c->fallback, buf));
			fputs(", \"text\": \"", f);
			out_chain(&o, abi->arch, c);
			fputs("\"}", f);
		}
		fputs("]}", f);
	}
	putc(']', f);
}

struct json_lines {
	FILE *f;
	bool first;
};

static int json_program_line(void *ctx, const char *line)
{
	struct json_lines *jl = ctx;

	if (!jl->first)
		fputs(", ", jl->f);
	jl->first = false;
	explain_json_string(jl->f, line);
	return 0;
}

static void explain_json(FILE *f, const struct zviz_policy *p)
{
	struct json_lines jl = { f, true };
	bool first = true;

	fputs("{", f);
	json_key_string(f, "profile", p->metadata.profile_name, &first);
	json_key_string(f, "compiler_version", p->metadata.compiler_version, &first);
	json_key_string(f, "description", p->model.description, &first);
	json_key(f, "unsafe_reason", &first);
	if (p->model.unsafe_reason != NULL && p->model.unsafe_reason[0] != '\0')
		explain_json_string(f, p->model.unsafe_reason);
	else
		fputs("null", f);
	json_key(f, "seccomp", &first);
	json_seccomp(f, p);
	json_key(f, "landlock", &first);
	json_landlock(f, &p->landlock);
	json_key(f, "limits", &first);
	json_limits(f, p);
	json_key(f, "capabilities", &first);
	json_caps(f, &p->caps);
	json_key_string(f, "network", p->network_mode == ZVIZ_NETWORK_PRIVATE ? "private"
				      : p->network_mode == ZVIZ_NETWORK_HOST ? "host"
				      : p->network_mode == ZVIZ_NETWORK_GIVEN ? "given" : "unknown",
			&first);
	json_key(f, "table", &first);
	json_table(f, &p->model);
	json_key(f, "program", &first);
	putc('[', f);
	disasm_program_lines(p->seccomp.insns, p->seccomp.insn_count, json_program_line, &jl);
	fputs("]}\n", f);
}

int explain_policy(FILE *out, const struct zviz_policy *p, bool json)
{
	if (json)
		explain_json(out, p);
	else
		explain_text(out, p);
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return 0;
}
