/* YAML profiles: the tree yaml_parse_source() builds is the one the .zp
 * parser builds for the same profile, a YAML twin compiles to the same
 * policy.bin byte for byte, and every YAML mistake is reported at its
 * place under the "syntax" rule. */
#include <config.h>

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "compile.h"
#include "load.h"
#include "parse.h"
#include "resolve.h"
#include "symbols.h"
#include "syscalls.h"
#include "yaml-profile.h"

static struct zvizc_syscalls *syscalls;

static int setup(void **state)
{
	(void)state;
	syscalls = zvizc_syscalls_load();
	return syscalls ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	zvizc_syscalls_free(syscalls);
	return 0;
}

/* ---- compiling ------------------------------------------------------------------------------ */

struct compiled {
	struct arena arena;
	struct diags diags;
	struct zp_program prog;
	struct symbols sym;
};

static const char *const include_dirs[] = { TOP_SRCDIR "/profiles" };
static const struct load_options load_opts = { .include_dirs = include_dirs, .include_dir_count = 1 };

/* PATH (.zp or .yaml, by name) and what it includes, as zvizc loads it. */
static struct compiled *load_path(const char *path)
{
	struct compiled *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	arena_init(&c->arena);
	diags_init(&c->diags, &c->arena);
	if (load_program(&c->arena, &c->diags, &load_opts, path, &c->prog) < 0 || c->diags.errors > 0) {
		diags_print(&c->diags, stderr, DIAG_TEXT, "test");
		fail_msg("%s does not load", path);
	}
	symbols_build(&c->sym, &c->arena, &c->diags, syscalls, &c->prog);
	return c;
}

static void compiled_free(struct compiled *c)
{
	arena_free(&c->arena);
	free(c);
}

/* policy.bin of profile NAME of C (heap memory), or NULL with the
 * reason in ERR when the back end refuses the profile. */
static uint8_t *encode_profile(struct compiled *c, const char *name, size_t *len, struct zviz_error *err)
{
	struct resolved_profile r;
	struct verify_result v;
	uint8_t *blob;

	memset(&r, 0, sizeof(r));
	if (!resolve_profile(&c->sym, symbols_profile(&c->sym, name), &r)) {
		diags_print(&c->diags, stderr, DIAG_TEXT, "test");
		fail_msg("profile %s does not resolve", name);
	}
	if (compile_seccomp(&r, syscalls, &v, err) < 0) {
		compile_release(&r);
		return NULL;
	}
	assert_int_equal(v.mismatches, 0);
	if (zviz_policy_encode(&r.policy, &blob, len, err) < 0)
		fail_msg("encode %s: %s", name, err->msg);
	compile_release(&r);
	return blob;
}

/* ---- comparing trees (locations aside) ----------------------------------------------------- */

static void same_expr(const struct zp_expr *a, const struct zp_expr *b)
{
	for (; a != NULL || b != NULL; a = a->next, b = b->next) {
		assert_non_null(a);
		assert_non_null(b);
		assert_int_equal(a->kind, b->kind);
		assert_int_equal(a->op, b->op);
		assert_int_equal(a->parenthesized, b->parenthesized);
		assert_int_equal(a->negated, b->negated);
		assert_int_equal(a->number, b->number);
		if (a->name || b->name)
			assert_string_equal(a->name, b->name);
		same_expr(a->lhs, b->lhs);
		same_expr(a->rhs, b->rhs);
		same_expr(a->list, b->list);
	}
}

static void same_targets(const struct zp_target *a, const struct zp_target *b)
{
	for (; a != NULL || b != NULL; a = a->next, b = b->next) {
		assert_non_null(a);
		assert_non_null(b);
		assert_string_equal(a->name, b->name);
		assert_int_equal(a->is_group, b->is_group);
		assert_int_equal(a->removed, b->removed);
	}
}

static void same_values(const struct zp_value *a, const struct zp_value *b)
{
	for (; a != NULL || b != NULL; a = a->next, b = b->next) {
		assert_non_null(a);
		assert_non_null(b);
		assert_int_equal(a->is_word, b->is_word);
		if (a->is_word)
			assert_string_equal(a->word, b->word);
		assert_int_equal(a->number, b->number);
		assert_int_equal(a->range_end, b->range_end);
		assert_string_equal(a->suffix, b->suffix);
	}
}

static void same_action(const struct zp_action *a, const struct zp_action *b)
{
	assert_int_equal(a->kind, b->kind);
	same_expr(a->errno_value, b->errno_value);
}

static void same_stmts(const struct zp_stmt *a, const struct zp_stmt *b)
{
	for (; a != NULL || b != NULL; a = a->next, b = b->next) {
		const struct zp_fs_rule *fa = NULL, *fb = NULL;
		const struct zp_net_rule *na = NULL, *nb = NULL;
		const struct zp_setting *sa = NULL, *sb = NULL;

		assert_non_null(a);
		assert_non_null(b);
		assert_int_equal(a->kind, b->kind);
		if (a->text || b->text)
			assert_string_equal(a->text, b->text);
		same_values(a->words, b->words);
		same_action(&a->action, &b->action);
		same_targets(a->targets, b->targets);
		same_expr(a->condition, b->condition);
		for (fa = a->fs, fb = b->fs; fa || fb; fa = fa->next, fb = fb->next) {
			assert_non_null(fa);
			assert_non_null(fb);
			assert_int_equal(fa->kind, fb->kind);
			same_values(fa->paths, fb->paths);
			same_values(fa->rights, fb->rights);
		}
		for (na = a->net, nb = b->net; na || nb; na = na->next, nb = nb->next) {
			assert_non_null(na);
			assert_non_null(nb);
			assert_int_equal(na->kind, nb->kind);
			same_values(na->word, nb->word);
			same_values(na->ports, nb->ports);
		}
		for (sa = a->settings, sb = b->settings; sa || sb; sa = sa->next, sb = sb->next) {
			assert_non_null(sa);
			assert_non_null(sb);
			same_values(sa->name, sb->name);
			same_values(sa->value, sb->value);
		}
	}
}

/* Include paths are compared without their extension (a YAML twin may
 * include the YAML twin of a library). */
static void same_include(const char *a, const char *b)
{
	size_t la = strcspn(a, "."), lb = strcspn(b, ".");

	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
}

static void same_file(const struct zp_file *a, const struct zp_file *b)
{
	const struct zp_include *ia, *ib;
	const struct zp_define *da, *db;
	const struct zp_group *ga, *gb;
	const struct zp_profile *pa, *pb;

	assert_int_equal(a->syntax_errors, 0);
	assert_int_equal(b->syntax_errors, 0);
	for (ia = a->includes, ib = b->includes; ia || ib; ia = ia->next, ib = ib->next) {
		assert_non_null(ia);
		assert_non_null(ib);
		same_include(ia->path, ib->path);
	}
	for (da = a->defines, db = b->defines; da || db; da = da->next, db = db->next) {
		assert_non_null(da);
		assert_non_null(db);
		assert_string_equal(da->name, db->name);
		same_expr(da->value, db->value);
	}
	for (ga = a->groups, gb = b->groups; ga || gb; ga = ga->next, gb = gb->next) {
		assert_non_null(ga);
		assert_non_null(gb);
		assert_string_equal(ga->name, gb->name);
		same_targets(ga->members, gb->members);
	}
	for (pa = a->profiles, pb = b->profiles; pa || pb; pa = pa->next, pb = pb->next) {
		assert_non_null(pa);
		assert_non_null(pb);
		assert_string_equal(pa->name, pb->name);
		if (pa->parent || pb->parent)
			assert_string_equal(pa->parent, pb->parent);
		same_stmts(pa->stmts, pb->stmts);
	}
}

/* ---- twins ------------------------------------------------------------------------------------ */

/* Compiles every profile of ZP and of YAML (paths under the source tree)
 * and requires the same tree and the same policy.bin bytes, or the same
 * refusal from the back end (some lint cases are not compilable); returns
 * the number of profiles compared byte for byte. */
static unsigned check_twin(const char *zp, const char *yaml)
{
	char zp_path[512], yaml_path[512];
	struct compiled *a, *b;
	unsigned n = 0;

	snprintf(zp_path, sizeof(zp_path), "%s/%s", TOP_SRCDIR, zp);
	snprintf(yaml_path, sizeof(yaml_path), "%s/%s", TOP_SRCDIR, yaml);
	a = load_path(zp_path);
	b = load_path(yaml_path);
	same_file(a->prog.root, b->prog.root);
	for (const struct zp_profile *p = a->prog.root->profiles; p != NULL; p = p->next) {
		uint8_t *blob_a, *blob_b;
		size_t len_a, len_b;

		struct zviz_error err_a, err_b;

		blob_a = encode_profile(a, p->name, &len_a, &err_a);
		blob_b = encode_profile(b, p->name, &len_b, &err_b);
		if (blob_a == NULL || blob_b == NULL) {
			if (blob_a != NULL || blob_b != NULL)
				fail_msg("%s: profile %s compiles from one file only", zp, p->name);
			print_message("%s: %s: %s\n", zp, p->name, err_a.msg);
			assert_string_equal(err_a.msg, err_b.msg);
			continue;
		}
		if (len_a != len_b || memcmp(blob_a, blob_b, len_a) != 0)
			fail_msg("%s and %s: profile %s compiles to different bytes (%zu and %zu)", zp, yaml,
				 p->name, len_a, len_b);
		free(blob_a);
		free(blob_b);
		n++;
	}
	assert_int_equal(a->diags.errors, 0);
	assert_int_equal(b->diags.errors, 0);
	/* the same warnings too (unused defines, dangerous calls, ...) */
	assert_int_equal(a->diags.warnings, b->diags.warnings);
	compiled_free(a);
	compiled_free(b);
	return n;
}

static void test_twins_compile(void **state)
{
	(void)state;
	assert_int_equal(check_twin("testsuite/compile/clone-flags.zp", "testsuite/yaml/clone-flags.yaml"), 1);
	assert_int_equal(check_twin("testsuite/compile/ranges.zp", "testsuite/yaml/ranges.yaml"), 1);
	assert_int_equal(check_twin("testsuite/compile/sockets.zp", "testsuite/yaml/sockets.yaml"), 1);
	assert_int_equal(check_twin("testsuite/yaml/mixed.zp", "testsuite/yaml/mixed.yaml"), 1);
}

static void test_twins_lint_good(void **state)
{
	static const char *const names[] = {
		"ci-runner", "conditions", "extends", "library", "multiarch", "unsafe", "uses-library",
		"web-server",
	};
	unsigned profiles = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char zp[128], yaml[128];

		snprintf(zp, sizeof(zp), "testsuite/lint/good/%s.zp", names[i]);
		snprintf(yaml, sizeof(yaml), "testsuite/yaml/%s.yaml", names[i]);
		profiles += check_twin(zp, yaml);
	}
	/* 9 profiles; the back end refuses 3 of them from either file, the
	 * same way: runtime-worker exceeds 4096 instructions, and
	 * legacy-daemon and log-shipper name a syscall libseccomp 2.5 cannot
	 * place on a foreign ABI (statmount, through @file-read). */
	assert_int_equal(profiles, 6);
}

/* Every built-in profile (profiles/NAME.zp) has a YAML twin
 * (testsuite/yaml/profile-NAME.yaml) that compiles to the same bytes. */
static void test_twins_builtin_profiles(void **state)
{
	static const char *const names[] = {
		"ci-runner", "hostile-tenant", "web-server", "batch-job", "development",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char zp[128], yaml[128];

		snprintf(zp, sizeof(zp), "profiles/%s.zp", names[i]);
		snprintf(yaml, sizeof(yaml), "testsuite/yaml/profile-%s.yaml", names[i]);
		print_message("twin %s\n", yaml);
		assert_int_equal(check_twin(zp, yaml), 1);
	}
}

/* ---- expressions --------------------------------------------------------------------------- */

struct parsed {
	struct arena arena;
	struct diags diags;
	struct zp_file *file;
};

static struct parsed *parse_text(const char *name, const char *text)
{
	struct parsed *p = calloc(1, sizeof(*p));
	struct zp_source *src;

	assert_non_null(p);
	arena_init(&p->arena);
	diags_init(&p->diags, &p->arena);
	src = source_from_memory(&p->arena, name, text, strlen(text));
	p->file = parse_any_source(&p->arena, &p->diags, src);
	return p;
}

static void parsed_free(struct parsed *p)
{
	arena_free(&p->arena);
	free(p);
}

static void test_expressions_match_grammar(void **state)
{
	static const char *const conditions[] = {
		"domain == AF_UNIX",
		"domain in (AF_UNIX, AF_INET, AF_INET6)",
		"(type & SOCK_TYPE_MASK) not in (SOCK_RAW, SOCK_PACKET)",
		"flags & X == 0",
		"not (flags == 0 or flags == O_CLOEXEC)",
		"not a == 1 and b != 2 or c < 3 and d <= 4",
		"a >= 1 or b > 2 or not c in (1, 2 | 3)",
		"(a & ~B) == 0 and c << 2 >= d >> 1",
		"~~a | b & c << 1 == 0x10",
		"((a)) == (0b101 | 0o17 | 017)",
		"a-b == kill-thread",
		"arg0 == 18446744073709551615",
		"a in ((1), 2) and not not b == 3",
	};
	static const char *const defines[] = {
		"CLONE_NEWNS | CLONE_NEWUSER", "~0xfffff", "2", "(1 << 3) | A & B", "PROT_READ|PROT_WRITE",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(conditions) / sizeof(conditions[0]); i++) {
		char *zp, *yaml;
		struct parsed *a, *b;

		assert_true(asprintf(&zp, "profile p { allow x if %s; }\n", conditions[i]) > 0);
		assert_true(asprintf(&yaml, "profiles:\n  p:\n    rules:\n      - allow: x\n        if: \"%s\"\n",
				     conditions[i]) > 0);
		a = parse_text("t.zp", zp);
		b = parse_text("t.yaml", yaml);
		if (a->diags.count != 0 || b->diags.count != 0) {
			diags_print(&a->diags, stderr, DIAG_TEXT, "test");
			diags_print(&b->diags, stderr, DIAG_TEXT, "test");
			fail_msg("condition %s", conditions[i]);
		}
		same_file(a->file, b->file);
		parsed_free(a);
		parsed_free(b);
		free(zp);
		free(yaml);
	}
	for (size_t i = 0; i < sizeof(defines) / sizeof(defines[0]); i++) {
		char *zp, *yaml;
		struct parsed *a, *b;

		assert_true(asprintf(&zp, "define D = %s;\n", defines[i]) > 0);
		assert_true(asprintf(&yaml, "define: { D: \"%s\" }\n", defines[i]) > 0);
		a = parse_text("t.zp", zp);
		b = parse_text("t.yaml", yaml);
		assert_int_equal(a->diags.count, 0);
		assert_int_equal(b->diags.count, 0);
		same_file(a->file, b->file);
		parsed_free(a);
		parsed_free(b);
		free(zp);
		free(yaml);
	}
}

/* Locations inside a condition scalar: line, scalar column + offset. */
static void test_expression_locations(void **state)
{
	struct parsed *p = parse_text("t.yaml",
		"profiles:\n"
		"  p:\n"
		"    rules:\n"
		"      - allow: socket\n"
		"        if: domain == AF_UNIX and (type & 3) == 1\n"
		"      - errno(EPERM): [read, \"@io\", -ptrace]\n");
	const struct zp_stmt *s;
	const struct zp_expr *e;

	(void)state;
	assert_int_equal(p->diags.count, 0);
	s = p->file->profiles->stmts;
	assert_int_equal(s->loc.line, 4);
	assert_int_equal(s->loc.col, 9);
	e = s->condition;
	assert_int_equal(e->op, ZP_OP_AND);
	assert_int_equal(e->loc.line, 5);
	assert_int_equal(e->loc.col, 13);
	assert_int_equal(e->lhs->lhs->loc.col, 13);          /* domain */
	assert_int_equal(e->lhs->rhs->loc.col, 23);          /* AF_UNIX */
	assert_int_equal(e->rhs->lhs->loc.col, 36);          /* type & 3, inside ( ) */
	assert_true(e->rhs->lhs->parenthesized);
	assert_int_equal(s->targets->loc.line, 4);
	assert_int_equal(s->targets->loc.col, 16);
	s = s->next;
	assert_int_equal(s->action.kind, ZP_ERRNO);
	assert_string_equal(s->action.errno_value->name, "EPERM");
	assert_int_equal(s->action.errno_value->loc.col, 15);
	assert_string_equal(s->targets->next->name, "io");
	assert_true(s->targets->next->is_group);
	assert_int_equal(s->targets->next->loc.col, 31);     /* the @, inside the quotes */
	assert_true(s->targets->next->next->removed);
	assert_int_equal(s->targets->next->next->loc.col, 38);   /* the name after - */
	parsed_free(p);
}

/* ---- errors ------------------------------------------------------------------------------------ */

/* The diagnostics of TEXT must include one of rule "syntax" at LINE:COL
 * whose message contains WANT; returns the number of diagnostics. */
static size_t expect_error(const char *text, int line, int col, const char *want)
{
	struct parsed *p = parse_text("bad.yaml", text);
	size_t count = p->diags.count;
	bool found = false;

	for (size_t i = 0; i < p->diags.count; i++) {
		const struct diag *d = &p->diags.items[i];

		if (strcmp(d->rule->id, "syntax") == 0 && d->loc.line == line && d->loc.col == col &&
		    strstr(d->message, want) != NULL)
			found = true;
	}
	if (!found) {
		diags_print(&p->diags, stderr, DIAG_TEXT, "test");
		fail_msg("no syntax error at %d:%d with '%s'", line, col, want);
	}
	assert_int_equal(p->file->syntax_errors, p->diags.errors);
	assert_true(p->file->syntax_errors > 0);
	parsed_free(p);
	return count;
}

static void test_yaml_syntax_errors(void **state)
{
	(void)state;
	expect_error("profiles:\n  p: [a\n", 3, 1, "YAML:");
	expect_error("profiles:\n  p:\n    default: kill\n   bad: 1\n", 4, 4, "YAML:");
	expect_error("a: \"unterminated\n", 2, 1, "YAML:");
	expect_error("profiles: {}\n---\nprofiles: {}\n", 2, 1, "one YAML document");
}

static void test_anchors_and_aliases_refused(void **state)
{
	(void)state;
	expect_error("groups:\n  \"@a\": &x [read]\n  \"@b\": *x\n", 2, 9, "anchors and aliases are not allowed");
	expect_error("groups:\n  \"@a\": [read]\n  \"@b\": *x\n", 3, 9, "anchors and aliases");
}

static void test_duplicate_keys_refused(void **state)
{
	(void)state;
	expect_error("profiles:\n  p:\n    default: kill\n    default: allow\n", 4, 5,
		     "duplicate key 'default' (first on line 3)");
	expect_error("define: { A: 1, A: 2 }\n", 1, 17, "duplicate key 'A'");
}

static void test_unknown_keys_suggest(void **state)
{
	(void)state;
	expect_error("profiles:\n  p:\n    descripton: x\n", 3, 5,
		     "unknown key 'descripton' in a profile; did you mean 'description'?");
	expect_error("profile:\n  p: {}\n", 1, 1, "did you mean 'profiles'?");
	expect_error("profiles:\n  p:\n    filesystem: { reed: [/etc] }\n", 3, 19, "did you mean 'read'?");
	expect_error("profiles:\n  p:\n    network: { conect: { tcp: [1] } }\n", 3, 16,
		     "did you mean 'connect'?");
	expect_error("profiles:\n  p:\n    rules:\n      - alow: read\n", 4, 9, "did you mean 'allow'?");
	expect_error("profiles:\n  p:\n    zzzzzz: 1\n", 3, 5, "unknown key 'zzzzzz' in a profile");
}

static void test_wrong_types_refused(void **state)
{
	(void)state;
	expect_error("- a\n- b\n", 1, 1, "a profile file is a mapping");
	expect_error("profiles: [a, b]\n", 1, 11, "profiles must be a mapping, not a list");
	expect_error("profiles:\n  p:\n    limits: [memory]\n", 3, 13, "limits must be a mapping, not a list");
	expect_error("profiles:\n  p:\n    default: [kill]\n", 3, 14, "default must be a value, not a list");
	expect_error("profiles:\n  p:\n    rules: { allow: read }\n", 3, 12, "rules must be a list");
	expect_error("profiles:\n  p:\n    rules:\n      - allow: { a: b }\n", 4, 16,
		     "a rule's targets must be a list, not a mapping");
	expect_error("profiles:\n  p:\n    arch: [[x86_64]]\n", 3, 12, "an item of arch must be a value");
	expect_error("profiles:\n  p:\n    description:\n", 3, 17, "description needs a value");
	expect_error("{ [a]: 1 }\n", 1, 3, "a mapping key must be a plain value");
}

static void test_value_errors(void **state)
{
	(void)state;
	expect_error("profiles:\n  p:\n    default: errno(EPERM\n", 3, 14, "is not an action");
	expect_error("profiles:\n  p:\n    default: errno(12K)\n", 3, 20, "an errno value takes no unit");
	expect_error("profiles:\n  p:\n    rules:\n      - allow: read\n        if: domain == == 1\n", 5, 23,
		     "unexpected '=='");
	expect_error("profiles:\n  p:\n    rules:\n      - allow: read\n        if: a == 1 == 2\n", 5, 20,
		     "comparisons do not chain");
	expect_error("profiles:\n  p:\n    rules:\n      - allow: read\n        if: a == 5M\n", 5, 18,
		     "a unit ('M') has no meaning");
	expect_error("profiles:\n  p:\n    rules:\n      - allow: read\n        if: a in (1, 2\n", 5, 23,
		     "unexpected end");
	expect_error("profiles:\n  p:\n    rules:\n      - allow: read\n        if: \"a == 0x1g\"\n", 5, 19,
		     "invalid hexadecimal number");
	expect_error("profiles:\n  p:\n    rules:\n      - allow: read\n        kill: write\n", 5, 9,
		     "a rule has one action");
	expect_error("profiles:\n  p:\n    rules:\n      - if: a == 1\n", 4, 9, "a rule needs an action");
	expect_error("profiles:\n  p:\n    rules:\n      - allow: [\"read write\"]\n", 4, 17,
		     "neither a system call nor a @group");
	expect_error("profiles:\n  p:\n    network: { bind: { tcp: [http] } }\n", 3, 30, "a port is a number");
	expect_error("profiles:\n  p:\n    arch: \"x86 64\"\n", 3, 11, "is not a name");
	expect_error("groups:\n  io: [read]\n", 2, 3, "is not a group name");
	expect_error("profiles:\n  \"my profile\": {}\n", 2, 3, "is not a name (a profile)");
}

/* Every error of a file is reported, not only the first. */
static void test_all_errors_reported(void **state)
{
	struct parsed *p = parse_text("bad.yaml",
		"profiles:\n"
		"  p:\n"
		"    descripton: x\n"
		"    default: errno(\n"
		"    rules:\n"
		"      - allow: read\n"
		"        if: a ==\n"
		"      - alow: write\n");

	(void)state;
	assert_int_equal(p->diags.errors, 4);
	assert_int_equal(p->file->syntax_errors, 4);
	parsed_free(p);
}

/* After parsing, every diagnostic points into the YAML text. */
static void test_later_diagnostics_point_into_yaml(void **state)
{
	struct compiled *c = calloc(1, sizeof(*c));
	struct zp_source *src;
	struct resolved_profile r;
	bool unknown = false, constant = false;
	const char *text =
		"profiles:\n"
		"  p:\n"
		"    default: kill\n"
		"    rules:\n"
		"      - allow: [execve, raed]\n"
		"      - allow: socket\n"
		"        if: domain == AF_UNX\n";

	(void)state;
	arena_init(&c->arena);
	diags_init(&c->diags, &c->arena);
	src = source_from_memory(&c->arena, "p.yaml", text, strlen(text));
	c->prog.root = c->prog.files = yaml_parse_source(&c->arena, &c->diags, src);
	assert_int_equal(c->diags.count, 0);
	symbols_build(&c->sym, &c->arena, &c->diags, syscalls, &c->prog);
	assert_false(resolve_profile(&c->sym, symbols_profile(&c->sym, "p"), &r));
	for (size_t i = 0; i < c->diags.count; i++) {
		const struct diag *d = &c->diags.items[i];

		assert_ptr_equal(d->loc.src, src);
		if (strcmp(d->rule->id, "unknown-syscall") == 0) {
			assert_int_equal(d->loc.line, 5);
			assert_int_equal(d->loc.col, 25);
			unknown = true;
		}
		if (strcmp(d->rule->id, "unknown-constant") == 0) {
			assert_int_equal(d->loc.line, 7);
			assert_int_equal(d->loc.col, 23);
			constant = true;
		}
	}
	assert_true(unknown);
	assert_true(constant);
	compiled_free(c);
}

/* The mask-precedence lint sees the parentheses a condition had. */
static void test_mask_precedence_lint(void **state)
{
	struct compiled *c = calloc(1, sizeof(*c));
	struct zp_source *src;
	struct resolved_profile r;
	size_t lints = 0;
	const char *text =
		"profiles:\n"
		"  p:\n"
		"    arch: x86_64\n"
		"    default: kill\n"
		"    rules:\n"
		"      - allow: execve\n"
		"      - allow: clone\n"
		"        if: flags & 1 == 0\n"
		"      - allow: mmap\n"
		"        if: (prot & 1) == 0\n"
		"      - errno(ENOSYS): clone3\n";

	(void)state;
	arena_init(&c->arena);
	diags_init(&c->diags, &c->arena);
	src = source_from_memory(&c->arena, "p.yaml", text, strlen(text));
	c->prog.root = c->prog.files = yaml_parse_source(&c->arena, &c->diags, src);
	symbols_build(&c->sym, &c->arena, &c->diags, syscalls, &c->prog);
	assert_true(resolve_profile(&c->sym, symbols_profile(&c->sym, "p"), &r));
	for (size_t i = 0; i < c->diags.count; i++) {
		if (strcmp(c->diags.items[i].rule->id, "mask-precedence") == 0) {
			assert_int_equal(c->diags.items[i].loc.line, 8);
			lints++;
		}
	}
	assert_int_equal(lints, 1);
	compiled_free(c);
}

static void test_parse_any_source_dispatch(void **state)
{
	struct parsed *p;

	(void)state;
	p = parse_text("a.yml", "profiles: { p: { default: kill } }\n");
	assert_int_equal(p->diags.count, 0);
	assert_string_equal(p->file->profiles->name, "p");
	parsed_free(p);
	p = parse_text("a.zp", "profile p { default kill; }\n");
	assert_int_equal(p->diags.count, 0);
	assert_string_equal(p->file->profiles->name, "p");
	parsed_free(p);
	/* an empty YAML file is an empty profile file */
	p = parse_text("empty.yaml", "# nothing\n");
	assert_int_equal(p->diags.count, 0);
	assert_null(p->file->profiles);
	parsed_free(p);
	assert_true(yaml_path_is_yaml("x/p.yaml"));
	assert_true(yaml_path_is_yaml("p.yml"));
	assert_false(yaml_path_is_yaml("p.zp"));
	assert_false(yaml_path_is_yaml(".yaml"));
}

/* Through compiler/load.c, once it picks the parser by extension. */
static void test_loader_reads_yaml(void **state)
{
	struct arena arena;
	struct diags diags;
	struct zp_program prog;

	(void)state;
	arena_init(&arena);
	diags_init(&diags, &arena);
	assert_int_equal(load_program(&arena, &diags, &load_opts, TOP_SRCDIR "/testsuite/yaml/mixed.yaml", &prog), 0);
	assert_int_equal(diags.errors, 0);
	assert_non_null(prog.root->profiles);
	assert_string_equal(prog.root->profiles->name, "mixed");
	arena_free(&arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_twins_compile),
		cmocka_unit_test(test_twins_lint_good),
		cmocka_unit_test(test_twins_builtin_profiles),
		cmocka_unit_test(test_expressions_match_grammar),
		cmocka_unit_test(test_expression_locations),
		cmocka_unit_test(test_yaml_syntax_errors),
		cmocka_unit_test(test_anchors_and_aliases_refused),
		cmocka_unit_test(test_duplicate_keys_refused),
		cmocka_unit_test(test_unknown_keys_suggest),
		cmocka_unit_test(test_wrong_types_refused),
		cmocka_unit_test(test_value_errors),
		cmocka_unit_test(test_all_errors_reported),
		cmocka_unit_test(test_later_diagnostics_point_into_yaml),
		cmocka_unit_test(test_mask_precedence_lint),
		cmocka_unit_test(test_parse_any_source_dispatch),
		cmocka_unit_test(test_loader_reads_yaml),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
