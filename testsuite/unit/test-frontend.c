/* zvizc's front end: scanner, parser, includes, groups, extends and every
 * resolution rule, checked on the model it produces and the diagnostics
 * it reports. */
#include <config.h>

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "abi.h"
#include "landlock-abi.h"
#include "load.h"
#include "resolve.h"
#include "symbols.h"
#include "syscalls.h"

/* ---- fixture ----------------------------------------------------------------- */

struct fe {
	struct arena arena;
	struct diags diags;
	struct zvizc_syscalls *syscalls;
	struct zp_program prog;
	struct symbols sym;
	struct resolved_profile r;
};

static const char *const include_dirs[] = { TOP_SRCDIR "/profiles" };
static const struct load_options load_opts = { .include_dirs = include_dirs, .include_dir_count = 1 };

static struct fe *fe_new(void)
{
	struct fe *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	arena_init(&f->arena);
	diags_init(&f->diags, &f->arena);
	f->syscalls = zvizc_syscalls_load();
	assert_non_null(f->syscalls);
	return f;
}

static void fe_free(struct fe *f)
{
	zvizc_syscalls_free(f->syscalls);
	arena_free(&f->arena);
	free(f);
}

/* Parses TEXT (as "test.zp") and indexes its definitions. */
static struct fe *fe_load(const char *text)
{
	struct fe *f = fe_new();
	struct zp_source *src = source_from_memory(&f->arena, "test.zp", text, strlen(text));

	load_program_from_source(&f->arena, &f->diags, &load_opts, src, &f->prog);
	symbols_build(&f->sym, &f->arena, &f->diags, f->syscalls, &f->prog);
	return f;
}

static bool fe_resolve(struct fe *f, const char *profile)
{
	const struct profile_entry *e = symbols_profile(&f->sym, profile);

	if (e == NULL)
		fail_msg("no profile %s", profile);
	return resolve_profile(&f->sym, e, &f->r);
}

static void dump_diags(const struct fe *f)
{
	for (size_t i = 0; i < f->diags.count; i++)
		print_message("  %d:%d [%s] %s\n", f->diags.items[i].loc.line, f->diags.items[i].loc.col,
			      f->diags.items[i].rule->id, f->diags.items[i].message);
}

static size_t count_rule(const struct fe *f, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < f->diags.count; i++)
		n += strcmp(f->diags.items[i].rule->id, rule) == 0;
	return n;
}

/* The one diagnostic of RULE; fails unless exactly one, on LINE, says TEXT. */
static const struct diag *expect_diag(const struct fe *f, const char *rule, int line, const char *text)
{
	const struct diag *found = NULL;

	for (size_t i = 0; i < f->diags.count; i++) {
		if (strcmp(f->diags.items[i].rule->id, rule) != 0)
			continue;
		if (found != NULL) {
			dump_diags(f);
			fail_msg("more than one %s", rule);
		}
		found = &f->diags.items[i];
	}
	if (found == NULL || found->loc.line != line || strstr(found->message, text) == NULL) {
		dump_diags(f);
		fail_msg("expected %s on line %d saying \"%s\"", rule, line, text);
	}
	return found;
}

static void expect_clean(const struct fe *f)
{
	if (f->diags.count != 0) {
		dump_diags(f);
		fail_msg("expected no diagnostics, got %zu", f->diags.count);
	}
}

static const struct zviz_abi_model *abi_model(const struct fe *f, const char *abi_name)
{
	const struct zvizc_abi *abi = zvizc_abi_by_name(abi_name);

	for (uint32_t a = 0; a < f->r.policy.model.abi_count; a++)
		if (f->r.policy.model.abis[a].arch == abi->token)
			return &f->r.policy.model.abis[a];
	fail_msg("ABI %s not in the model", abi_name);
	return NULL;
}

/* NAME's chain on ABI, or NULL when the default decides it. */
static const struct zviz_syscall_chain *chain_on(const struct fe *f, const char *abi_name, const char *name)
{
	const struct zviz_abi_model *am = abi_model(f, abi_name);

	for (uint32_t i = 0; i < am->syscall_count; i++)
		if (strcmp(am->syscalls[i].name, name) == 0)
			return &am->syscalls[i];
	return NULL;
}

static const struct zviz_syscall_chain *chain(const struct fe *f, const char *name)
{
	return chain_on(f, "x86_64", name);
}

/* The action NAME gets when no rule condition matches. */
static uint32_t fallback_of(const struct fe *f, const char *name)
{
	const struct zviz_syscall_chain *c = chain(f, name);

	return c ? c->fallback : abi_model(f, "x86_64")->default_action;
}

#define ERRNO(e) (SECCOMP_RET_ERRNO | (e))

/* ---- scanner and parser ------------------------------------------------------------ */

static void test_keywords_are_names_inside_rules(void **state)
{
	struct fe *f = fe_load("profile p { arch x86_64; default kill; allow read, write, kill, access, execve; }");

	(void)state;
	assert_true(fe_resolve(f, "p"));
	expect_clean(f);
	assert_int_equal(fallback_of(f, "read"), SECCOMP_RET_ALLOW);
	assert_int_equal(fallback_of(f, "write"), SECCOMP_RET_ALLOW);
	assert_int_equal(fallback_of(f, "kill"), SECCOMP_RET_ALLOW);
	assert_int_equal(fallback_of(f, "access"), SECCOMP_RET_ALLOW);
	assert_int_equal(fallback_of(f, "close"), SECCOMP_RET_KILL_PROCESS);
	fe_free(f);
}

static void test_numbers_and_units(void **state)
{
	struct fe *f = fe_load(
		"define A = 0x10 | 0o4 | 0b10 | 010;\n"
		"profile p { arch x86_64; default kill; allow execve; allow close if fd == A;\n"
		"  limits { memory 512M; swap 64K; pids 10; cpu 250%; cpu-weight 50; wall 5m;\n"
		"           nofile 256; cpu-time 2m; core 0; stack 8M; }\n"
		"  description \"a \\\"quoted\\\" \\\\ text\\twith tab\";\n}\n");
	const struct zviz_syscall_chain *c;

	(void)state;
	assert_true(fe_resolve(f, "p"));
	expect_clean(f);
	c = chain(f, "close");
	assert_non_null(c);
	assert_int_equal(c->rules[0].terms[0].cmps[0].value, 0x1e);
	assert_int_equal(f->r.policy.cgroup.memory_max, 512ull << 20);
	assert_int_equal(f->r.policy.cgroup.swap_max, 64ull << 10);
	assert_int_equal(f->r.policy.cgroup.pids_max, 10);
	assert_int_equal(f->r.policy.cgroup.cpu_quota_us, 250000);
	assert_int_equal(f->r.policy.cgroup.cpu_period_us, 100000);
	assert_int_equal(f->r.policy.cgroup.cpu_weight, 50);
	assert_int_equal(f->r.policy.wall_clock_ms, 300000);
	assert_int_equal(f->r.policy.rlimits.count, 4);
	assert_int_equal(f->r.policy.rlimits.items[0].resource, 0);     /* RLIMIT_CPU */
	assert_int_equal(f->r.policy.rlimits.items[0].hard, 120);
	assert_int_equal(f->r.policy.rlimits.items[1].resource, 3);     /* RLIMIT_STACK */
	assert_int_equal(f->r.policy.rlimits.items[3].soft, 256);       /* RLIMIT_NOFILE */
	assert_string_equal(f->r.policy.model.description, "a \"quoted\" \\ text\twith tab");
	fe_free(f);
}

static void test_syntax_errors_all_reported(void **state)
{
	struct fe *f = fe_load(
		"profile p {\n"
		"  allow read write;\n"          /* 2: missing comma */
		"  default kill;\n"
		"  errno(EPERM) = ;\n"           /* 4 */
		"  allow execve;\n"
		"  limits { memory @; }\n"       /* 6 */
		"}\n"
		"profile q { default kill; allow execve; }\n");

	(void)state;
	assert_int_equal(count_rule(f, "syntax"), 3);
	assert_int_equal(f->diags.items[0].loc.line, 2);
	assert_int_equal(f->diags.items[0].loc.col, 14);
	assert_int_equal(f->diags.items[1].loc.line, 4);
	assert_int_equal(f->diags.items[2].loc.line, 6);
	/* The parser went on: both profiles exist. */
	assert_non_null(symbols_profile(&f->sym, "p"));
	assert_non_null(symbols_profile(&f->sym, "q"));
	fe_free(f);
}

static void test_lexical_errors(void **state)
{
	struct fe *f = fe_load("profile p {\n  description \"open\n  default kill;\n}\n$\n");

	(void)state;
	assert_true(count_rule(f, "syntax") >= 2);
	assert_non_null(strstr(f->diags.items[0].message, "unterminated string"));
	assert_int_equal(f->diags.items[0].loc.line, 2);
	assert_int_equal(f->diags.items[0].loc.col, 15);
	fe_free(f);
}

/* ---- includes ------------------------------------------------------------------------ */

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void test_includes(void **state)
{
	char dir[] = "/tmp/zviz-test-include-XXXXXX";
	char root[600];
	struct fe *f = fe_new();

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* A diamond: read once, no duplicate definitions. */
	write_file(dir, "a.zp", "include \"b.zp\";\ninclude \"c.zp\";\n"
				"profile p { default kill; allow execve; allow @g; }\n");
	write_file(dir, "b.zp", "include \"c.zp\";\n");
	write_file(dir, "c.zp", "group @g { read, write };\n");
	/* A cycle, and a missing file. */
	write_file(dir, "x.zp", "include \"y.zp\";\n");
	write_file(dir, "y.zp", "\ninclude \"x.zp\";\ninclude \"nowhere.zp\";\n");

	snprintf(root, sizeof(root), "%s/a.zp", dir);
	assert_int_equal(load_program(&f->arena, &f->diags, &load_opts, root, &f->prog), 0);
	symbols_build(&f->sym, &f->arena, &f->diags, f->syscalls, &f->prog);
	assert_true(fe_resolve(f, "p"));
	expect_clean(f);
	assert_int_equal(fallback_of(f, "write"), SECCOMP_RET_ALLOW);

	snprintf(root, sizeof(root), "%s/x.zp", dir);
	assert_int_equal(load_program(&f->arena, &f->diags, &load_opts, root, &f->prog), 0);
	expect_diag(f, "include-cycle", 2, "closes a cycle");
	expect_diag(f, "io", 3, "cannot find 'nowhere.zp'");

	snprintf(root, sizeof(root), "%s/missing.zp", dir);
	assert_int_equal(load_program(&f->arena, &f->diags, &load_opts, root, &f->prog), -1);

	for (const char *const *n = (const char *const[]){ "a.zp", "b.zp", "c.zp", "x.zp", "y.zp", NULL }; *n; n++) {
		snprintf(root, sizeof(root), "%s/%s", dir, *n);
		unlink(root);
	}
	rmdir(dir);
	fe_free(f);
}

/* ---- groups and extends ----------------------------------------------------------------- */

static void test_group_subtraction_and_nesting(void **state)
{
	struct fe *f = fe_load(
		"group @a { read, write, close };\n"
		"group @b { @a - write, openat };\n"
		"profile p { arch x86_64; default kill; allow execve; allow @b - close; }\n");

	(void)state;
	assert_true(fe_resolve(f, "p"));
	expect_clean(f);
	assert_int_equal(fallback_of(f, "read"), SECCOMP_RET_ALLOW);
	assert_int_equal(fallback_of(f, "openat"), SECCOMP_RET_ALLOW);
	assert_int_equal(fallback_of(f, "write"), SECCOMP_RET_KILL_PROCESS);
	assert_int_equal(fallback_of(f, "close"), SECCOMP_RET_KILL_PROCESS);
	fe_free(f);
}

static void test_group_errors(void **state)
{
	struct fe *f = fe_load(
		"group @a { @b };\ngroup @b { @a };\n"
		"group @c { reed };\n"
		"profile p { default kill; allow execve; allow @procss; }\n");

	(void)state;
	assert_int_equal(count_rule(f, "invalid-value"), 1);          /* the cycle, once */
	assert_non_null(strstr(f->diags.items[0].message, "contains itself"));
	expect_diag(f, "unknown-syscall", 3, "did you mean 'read'?");
	fe_resolve(f, "p");
	expect_diag(f, "unknown-group", 4, "unknown group '@procss'");
	fe_free(f);
}

static void test_extends(void **state)
{
	struct fe *f = fe_load(
		"profile base { arch x86_64; default kill; allow execve, read; errno(EPERM) write;\n"
		"  limits { pids 10; memory 64M; } }\n"
		"profile child extends base { allow write; default errno(ENOSYS);\n"
		"  limits { pids 20; } }\n");

	(void)state;
	assert_true(fe_resolve(f, "child"));
	expect_clean(f);
	assert_int_equal(fallback_of(f, "write"), SECCOMP_RET_ALLOW);      /* overridden */
	assert_int_equal(fallback_of(f, "read"), SECCOMP_RET_ALLOW);       /* inherited */
	assert_int_equal(fallback_of(f, "close"), ERRNO(38));              /* child's default */
	assert_int_equal(f->r.policy.cgroup.pids_max, 20);
	assert_int_equal(f->r.policy.cgroup.memory_max, 64ull << 20);
	assert_true(fe_resolve(f, "base"));
	assert_int_equal(fallback_of(f, "write"), ERRNO(1));
	fe_free(f);
}

static void test_extends_errors(void **state)
{
	struct fe *f = fe_load(
		"profile a extends b { default kill; }\n"
		"profile b extends a { default kill; }\n"
		"profile c extends bsae { default kill; }\n"
		"profile base { default kill; }\n");

	(void)state;
	assert_false(fe_resolve(f, "a"));
	assert_int_equal(count_rule(f, "extends-cycle"), 1);
	assert_false(fe_resolve(f, "c"));
	expect_diag(f, "unknown-profile", 3, "did you mean 'base'?");
	fe_free(f);
}

/* ---- resolution rules ------------------------------------------------------------------------ */

static void test_explicit_beats_group(void **state)
{
	struct fe *f = fe_load(
		"group @io { read, write };\n"
		"profile p { arch x86_64; default kill; allow execve; allow @io; errno(EPERM) write; }\n");

	(void)state;
	assert_true(fe_resolve(f, "p"));
	expect_clean(f);
	assert_int_equal(fallback_of(f, "write"), ERRNO(1));
	assert_int_equal(fallback_of(f, "read"), SECCOMP_RET_ALLOW);
	fe_free(f);
}

static void test_conflicts(void **state)
{
	struct fe *f = fe_load(
		"group @x { read, write };\ngroup @y { write };\n"
		"profile p { default kill; allow execve;\n"
		"  allow close;\n"                  /* 4 */
		"  errno(EPERM) close;\n"           /* 5 */
		"  allow @x;\n"                     /* 6 */
		"  errno(EACCES) @y;\n"             /* 7 */
		"}\n");
	const struct diag *d;

	(void)state;
	assert_false(fe_resolve(f, "p"));
	d = expect_diag(f, "conflicting-rules", 5, "'close' is given errno(EPERM) here and allow before");
	assert_int_equal(d->related_count, 1);
	assert_int_equal(d->related[0].loc.line, 4);
	d = expect_diag(f, "group-conflict", 7, "groups give 'write' both allow and errno(EACCES)");
	assert_int_equal(d->related[0].loc.line, 6);
	fe_free(f);
}

static void test_chain_and_unreachable(void **state)
{
	struct fe *f = fe_load(
		"profile p { arch x86_64; default kill; allow execve;\n"
		"  allow socket if domain == AF_UNIX;\n"
		"  allow socket if domain == AF_UNIX;\n"           /* 3: shadowed */
		"  errno(EAFNOSUPPORT) socket;\n"
		"  allow socket if domain == AF_INET;\n"           /* 5: after the fallback */
		"}\n");
	const struct zviz_syscall_chain *c;

	(void)state;
	assert_true(fe_resolve(f, "p"));
	assert_int_equal(count_rule(f, "unreachable-rule"), 2);
	c = chain(f, "socket");
	assert_non_null(c);
	assert_int_equal(c->rule_count, 1);
	assert_int_equal(c->rules[0].action, SECCOMP_RET_ALLOW);
	assert_int_equal(c->rules[0].term_count, 1);
	assert_int_equal(c->rules[0].terms[0].cmp_count, 1);
	assert_int_equal(c->rules[0].terms[0].cmps[0].arg, 0);
	assert_int_equal(c->rules[0].terms[0].cmps[0].op, ZVIZ_CMP_EQ);
	assert_int_equal(c->rules[0].terms[0].cmps[0].width, 32);
	assert_int_equal(c->rules[0].terms[0].cmps[0].value, 1);
	assert_int_equal(c->fallback, ERRNO(97));
	fe_free(f);
}

/* ---- conditions ------------------------------------------------------------------------------ */

/* Resolves `allow SYSCALL if COND` and returns its chain's first rule. */
static const struct zviz_rule *compile_condition(struct fe **fp, const char *syscall, const char *cond)
{
	char text[1024];
	const struct zviz_syscall_chain *c;

	snprintf(text, sizeof(text),
		 "include \"groups.zp\";\n"
		 "profile p { arch x86_64; default kill; allow execve; errno(ENOSYS) clone3;\n"
		 "  allow %s if %s; }\n", syscall, cond);
	*fp = fe_load(text);
	fe_resolve(*fp, "p");
	c = chain(*fp, syscall);
	return c && c->rule_count ? &c->rules[0] : NULL;
}

static void test_condition_masks_and_width(void **state)
{
	struct fe *f;
	const struct zviz_rule *r;

	(void)state;
	r = compile_condition(&f, "clone", "(flags & CLONE_NEW_ANY) == 0");
	expect_clean(f);
	assert_non_null(r);
	assert_int_equal(r->terms[0].cmps[0].op, ZVIZ_CMP_MASKED_EQ);
	assert_int_equal(r->terms[0].cmps[0].width, 64);
	assert_int_equal(r->terms[0].cmps[0].mask, 0x7e020080);
	assert_int_equal(r->terms[0].cmps[0].value, 0);
	fe_free(f);

	/* A 32-bit argument: constants are cut to the low word. */
	r = compile_condition(&f, "close", "fd != ~0");
	expect_clean(f);
	assert_int_equal(r->terms[0].cmps[0].width, 32);
	assert_int_equal(r->terms[0].cmps[0].value, 0xffffffff);
	assert_int_equal(r->terms[0].cmps[0].op, ZVIZ_CMP_NE);
	fe_free(f);

	r = compile_condition(&f, "close", "fd == 0x100000000");
	expect_diag(f, "invalid-value", 3, "does not fit the 32-bit argument");
	fe_free(f);
}

static void test_condition_negations(void **state)
{
	struct fe *f;
	const struct zviz_rule *r;

	(void)state;
	/* not (a or b) = not a and not b */
	r = compile_condition(&f, "socket", "not (domain == AF_UNIX or type == SOCK_RAW)");
	expect_clean(f);
	assert_int_equal(r->term_count, 1);
	assert_int_equal(r->terms[0].cmp_count, 2);
	assert_int_equal(r->terms[0].cmps[0].op, ZVIZ_CMP_NE);
	assert_int_equal(r->terms[0].cmps[1].op, ZVIZ_CMP_NE);
	assert_int_equal(r->terms[0].cmps[1].arg, 1);
	fe_free(f);

	/* in = one term per value; not in = one term of != */
	r = compile_condition(&f, "socket", "domain in (AF_UNIX, AF_INET, AF_INET6)");
	assert_int_equal(r->term_count, 3);
	assert_int_equal(r->terms[2].cmps[0].value, 10);
	fe_free(f);
	r = compile_condition(&f, "socket", "domain not in (AF_PACKET, AF_NETLINK)");
	assert_int_equal(r->term_count, 1);
	assert_int_equal(r->terms[0].cmp_count, 2);
	fe_free(f);

	/* (x & 0x3) != 1: one bit differs — bit 0 clear or bit 1 set */
	r = compile_condition(&f, "socket", "(type & 0x3) != 1");
	assert_int_equal(r->term_count, 2);
	assert_int_equal(r->terms[0].cmps[0].mask, 1);
	assert_int_equal(r->terms[0].cmps[0].value, 0);
	assert_int_equal(r->terms[1].cmps[0].mask, 2);
	assert_int_equal(r->terms[1].cmps[0].value, 2);
	fe_free(f);

	/* constant OP argument flips the comparison */
	r = compile_condition(&f, "close", "3 < fd");
	assert_int_equal(r->terms[0].cmps[0].op, ZVIZ_CMP_GT);
	fe_free(f);
}

static void test_condition_errors(void **state)
{
	struct fe *f;

	(void)state;
	compile_condition(&f, "openat", "pathname == 0");
	expect_diag(f, "pointer-argument", 3, "'pathname' of openat is a pointer");
	fe_free(f);
	compile_condition(&f, "socket", "domian == AF_UNIX");
	expect_diag(f, "unknown-argument", 3, "did you mean 'domain'?");
	fe_free(f);
	compile_condition(&f, "socket", "domain == AF_UNX");
	expect_diag(f, "unknown-constant", 3, "did you mean 'AF_UNIX'?");
	fe_free(f);
	compile_condition(&f, "socket", "domain == type");
	expect_diag(f, "bad-condition", 3, "cannot compute with arguments");
	fe_free(f);
	compile_condition(&f, "socket", "(domain & 1) < 3");
	expect_diag(f, "bad-condition", 3, "only with == or !=");
	fe_free(f);
	compile_condition(&f, "socket", "domain");
	expect_diag(f, "bad-condition", 3, "not a condition");
	fe_free(f);
	compile_condition(&f, "getcpu", "arg0 == 1");
	expect_diag(f, "unfiltered-argument", 3, "compared on all 64 bits");
	fe_free(f);
	compile_condition(&f, "socket", "flags & 1 == 0 or domain == 1");
	expect_diag(f, "mask-precedence", 3, "binds tighter");
	fe_free(f);
}

/* ---- defaults, errno, bypasses, lints ---------------------------------------------------------------- */

static void test_defaults_and_errno(void **state)
{
	struct fe *f = fe_load(
		"profile a { default kill; default allow; allow execve; }\n"
		"profile b { allow execve; }\n"
		"profile c { default errno(0); allow execve; errno(4096) read; errno(EPRM) write; }\n");

	(void)state;
	assert_false(fe_resolve(f, "a"));
	expect_diag(f, "multiple-defaults", 1, "more than one default");
	assert_false(fe_resolve(f, "b"));
	expect_diag(f, "missing-default", 2, "no default action");
	assert_false(fe_resolve(f, "c"));
	assert_int_equal(count_rule(f, "errno-range"), 2);
	expect_diag(f, "unknown-constant", 3, "did you mean 'EPERM'?");
	fe_free(f);
}

static void test_bypasses(void **state)
{
	struct fe *f = fe_load(
		"define NS = CLONE_NEWUSER;\n"
		"profile clone3open { arch x86_64; default kill; allow execve, clone3;\n"
		"  allow clone if (flags & NS) == 0; }\n"
		"profile sockcall { arch x86_64, i386; default kill; allow execve, socketcall;\n"
		"  allow socket if domain == AF_UNIX; }\n"
		"profile noexec { arch x86_64; default kill; errno(EPERM) execve; }\n");

	(void)state;
	assert_false(fe_resolve(f, "clone3open"));
	expect_diag(f, "clone3-bypass", 3, "clone3");
	assert_false(fe_resolve(f, "sockcall"));
	expect_diag(f, "socketcall-bypass", 5, "on i386 socketcall");
	assert_false(fe_resolve(f, "noexec"));
	expect_diag(f, "execve-denied", 6, "execve is not allowed");
	fe_free(f);
}

static void test_warnings(void **state)
{
	struct fe *f = fe_load(
		"define UNUSED = 1;\n"
		"group @unused { read };\n"
		"profile p { arch x86_64; default allow; errno(EPERM) open; allow ptrace; }\n"
		"profile q { arch x86_64; default kill; allow execve, ptrace; unsafe \"debugger\"; }\n");

	(void)state;
	assert_true(fe_resolve(f, "p"));
	assert_true(fe_resolve(f, "q"));
	symbols_report_unused(&f->sym);
	expect_diag(f, "default-allow", 3, "default is allow");
	expect_diag(f, "equivalent-gap", 3, "'open' is denied but 'openat'");
	expect_diag(f, "dangerous-syscall", 3, "'ptrace' is allowed");      /* p only: q is unsafe */
	expect_diag(f, "unused-define", 1, "UNUSED");
	expect_diag(f, "unused-group", 2, "@unused");
	assert_string_equal(f->r.policy.model.unsafe_reason, "debugger");
	fe_free(f);
}

static void test_library_files_are_not_unused(void **state)
{
	struct fe *f = fe_load("include \"groups.zp\";\nprofile p { default kill; allow execve; }\n");

	(void)state;
	assert_true(fe_resolve(f, "p"));
	symbols_report_unused(&f->sym);
	expect_clean(f);
	fe_free(f);
}

/* ---- ABIs, sections, and the model ------------------------------------------------------------------- */

static void test_abis(void **state)
{
	struct fe *f = fe_load("profile p { arch aarch64, x86_64; default kill; allow execve, read, open; }\n"
			       "profile q { arch x68_64; default kill; allow execve; }\n");
	const struct zviz_syscall_chain *c;

	(void)state;
	assert_true(fe_resolve(f, "p"));
	expect_clean(f);
	assert_int_equal(f->r.policy.model.abi_count, 2);
	assert_int_equal(f->r.policy.model.abis[0].arch, AUDIT_ARCH_X86_64);     /* ascending */
	assert_int_equal(f->r.policy.model.abis[1].arch, AUDIT_ARCH_AARCH64);
	assert_int_equal(f->r.policy.seccomp.abis[1], AUDIT_ARCH_AARCH64);
	c = chain_on(f, "aarch64", "read");
	assert_non_null(c);
	assert_int_equal(c->nr, 63);
	assert_int_equal(chain(f, "read")->nr, 0);
	assert_null(chain_on(f, "aarch64", "open"));      /* no open on aarch64 */
	assert_non_null(chain(f, "open"));
	assert_false(fe_resolve(f, "q"));
	expect_diag(f, "unknown-abi", 2, "did you mean 'x86_64'?");
	fe_free(f);
}

static void test_landlock_sections(void **state)
{
	struct fe *f = fe_load(
		"profile p { default kill; allow execve;\n"
		"  filesystem best-effort { read \"/etc\"; write \"/tmp\"; execute \"/usr\";\n"
		"    read \"/tmp\"; device \"/dev/null\"; access \"/srv\" read_file, TRUNCATE; }\n"
		"  network { namespace host; bind tcp 8080; connect tcp 443, 8000 - 8002; }\n"
		"  scope signal;\n"
		"  capabilities CAP_NET_BIND_SERVICE;\n}\n"
		"profile bad { default kill; allow execve;\n"
		"  filesystem { read \"etc\", \"/a/../b\", \"/x/\"; device \"/tmp/d\"; access \"/a\" reed; }\n"
		"  network { connect tcp 0, 70000; bind udp 53; }\n"
		"  limits { memroy 1G; memory 12s; wall 10; }\n"
		"  capabilities CAP_NOPE;\n}\n");
	const struct zviz_landlock *ll;

	(void)state;
	assert_true(fe_resolve(f, "p"));
	expect_clean(f);
	ll = &f->r.policy.landlock;
	assert_int_equal(ll->min_abi, 6);
	assert_true(ll->best_effort);
	assert_int_equal(ll->handled_fs, ZVIZ_LANDLOCK_FS_ALL);
	assert_int_equal(ll->handled_net, ZVIZ_LANDLOCK_NET_ALL);
	assert_int_equal(ll->scoped, ZVIZ_LL_SCOPE_SIGNAL);
	assert_int_equal(ll->path_count, 5);
	assert_string_equal(ll->paths[0].path, "/dev/null");
	assert_string_equal(ll->paths[1].path, "/etc");
	assert_string_equal(ll->paths[2].path, "/srv");
	assert_int_equal(ll->paths[2].access, ZVIZ_LL_FS_READ_FILE | ZVIZ_LL_FS_TRUNCATE);
	assert_string_equal(ll->paths[3].path, "/tmp");
	assert_true(ll->paths[3].access & ZVIZ_LL_FS_MAKE_REG);
	assert_false(ll->paths[3].access & (ZVIZ_LL_FS_MAKE_CHAR | ZVIZ_LL_FS_MAKE_BLOCK));
	assert_int_equal(ll->paths[4].access, ZVIZ_LL_FS_EXECUTE | ZVIZ_LL_FS_READ_FILE | ZVIZ_LL_FS_READ_DIR);
	assert_int_equal(ll->port_count, 5);
	assert_int_equal(ll->ports[0].port, 443);
	assert_int_equal(ll->ports[4].port, 8080);
	assert_int_equal(ll->ports[4].access, ZVIZ_LL_NET_BIND_TCP);
	assert_int_equal(f->r.policy.network_mode, ZVIZ_NETWORK_HOST);
	assert_int_equal(f->r.policy.caps.ambient, 1ull << 10);
	/* The resolved sections satisfy the format's own rules. */
	for (uint32_t type = 1; type <= ZVIZ_SECTION_LAST; type++) {
		struct zviz_error err;

		if (type == ZVIZ_SECTION_SECCOMP)
			continue;       /* no program before the back end */
		if (zviz_policy_validate_section(&f->r.policy, type, &err) < 0)
			fail_msg("section %s: %s", zviz_section_name(type), err.msg);
	}

	assert_false(fe_resolve(f, "bad"));
	/* 3 bad paths, device, right, 2 ports, udp, an unknown limit, 2 wrong
	 * units, a capability */
	assert_int_equal(count_rule(f, "invalid-value"), 12);
	fe_free(f);
}

static void test_canonical_chains(void **state)
{
	struct fe *f = fe_load(
		"profile p { arch x86_64; default kill; allow execve;\n"
		"  kill read;\n"                                   /* same as the default */
		"  allow close if fd == 3; allow close;\n"          /* trailing rule = fallback */
		"}\n");

	(void)state;
	assert_true(fe_resolve(f, "p"));
	assert_null(chain(f, "read"));
	assert_non_null(chain(f, "close"));
	assert_int_equal(chain(f, "close")->rule_count, 0);
	assert_int_equal(chain(f, "close")->fallback, SECCOMP_RET_ALLOW);
	fe_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keywords_are_names_inside_rules),
		cmocka_unit_test(test_numbers_and_units),
		cmocka_unit_test(test_syntax_errors_all_reported),
		cmocka_unit_test(test_lexical_errors),
		cmocka_unit_test(test_includes),
		cmocka_unit_test(test_group_subtraction_and_nesting),
		cmocka_unit_test(test_group_errors),
		cmocka_unit_test(test_extends),
		cmocka_unit_test(test_extends_errors),
		cmocka_unit_test(test_explicit_beats_group),
		cmocka_unit_test(test_conflicts),
		cmocka_unit_test(test_chain_and_unreachable),
		cmocka_unit_test(test_condition_masks_and_width),
		cmocka_unit_test(test_condition_negations),
		cmocka_unit_test(test_condition_errors),
		cmocka_unit_test(test_defaults_and_errno),
		cmocka_unit_test(test_bypasses),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_library_files_are_not_unused),
		cmocka_unit_test(test_abis),
		cmocka_unit_test(test_landlock_sections),
		cmocka_unit_test(test_canonical_chains),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
