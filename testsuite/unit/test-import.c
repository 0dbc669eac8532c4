/* zvizc import: Docker/moby and OCI seccomp JSON to .zp.  The imported
 * profile, compiled by zvizc, must decide every case as the original does
 * when libseccomp compiles it the way runc and crun do (seccomp_init with
 * the default action, one seccomp_rule_add per name and entry, for the
 * native ABI), except where zvizc knowingly differs — and each of those
 * differences must be one the import reported. */
#include <config.h>

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <json.h>

#include "abi.h"
#include "args.h"
#include "bpf.h"
#include "compile.h"
#include "import.h"
#include "load.h"
#include "resolve.h"
#include "symbols.h"
#include "syscalls.h"

#define DOCKER_JSON TOP_SRCDIR "/testsuite/data/docker-default-seccomp.json"

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

/* ---- importing -------------------------------------------------------------------------- */

struct imported {
	char *text;
	size_t len;
	struct import_report report;
};

static int import_file(const char *path, struct imported *im, struct zviz_error *err)
{
	FILE *out;
	int ret;

	memset(im, 0, sizeof(*im));
	out = open_memstream(&im->text, &im->len);
	assert_non_null(out);
	ret = import_seccomp_json(path, out, &im->report, err);
	assert_int_equal(fclose(out), 0);
	return ret;
}

static void imported_free(struct imported *im)
{
	import_report_free(&im->report);
	free(im->text);
}

static bool reported(const struct imported *im, const char *a, const char *b)
{
	for (size_t i = 0; i < im->report.warning_count; i++)
		if (strstr(im->report.warnings[i], a) && (b == NULL || strstr(im->report.warnings[i], b)))
			return true;
	return false;
}

/* Writes TEXT to a new temporary file; returns its path (free it). */
static char *temp_file(const char *text)
{
	char *path = strdup("/tmp/zviz-import-XXXXXX.json");
	int fd;

	assert_non_null(path);
	fd = mkstemps(path, 5);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* ---- zvizc's program -------------------------------------------------------------------- */

struct zprog {
	struct arena arena;
	struct diags diags;
	struct resolved_profile r;
};

static struct zprog *compile_text(const char *text)
{
	struct zprog *z = calloc(1, sizeof(*z));
	struct load_options opts = { .no_files = true };
	struct zp_program prog;
	struct symbols sym;
	struct verify_result v;
	struct zviz_error err;
	struct zp_source *src;

	assert_non_null(z);
	arena_init(&z->arena);
	diags_init(&z->diags, &z->arena);
	src = source_from_memory(&z->arena, "imported.zp", text, strlen(text));
	load_program_from_source(&z->arena, &z->diags, &opts, src, &prog);
	symbols_build(&sym, &z->arena, &z->diags, syscalls, &prog);
	assert_non_null(prog.root->profiles);
	if (!resolve_profile(&sym, symbols_profile(&sym, prog.root->profiles->name), &z->r) ||
	    z->diags.errors > 0) {
		diags_print(&z->diags, stderr, DIAG_TEXT, "test");
		fail_msg("the imported profile does not resolve");
	}
	if (compile_seccomp(&z->r, syscalls, &v, &err) < 0)
		fail_msg("compile: %s", err.msg);
	assert_int_equal(v.mismatches, 0);
	return z;
}

static void zprog_free(struct zprog *z)
{
	compile_release(&z->r);
	arena_free(&z->arena);
	free(z);
}

/* ---- the reference: libseccomp, the way runc and crun use it ---------------------------- */

struct reference {
	struct sock_filter *insns;
	uint32_t count;
	/* names libseccomp skipped (it does not know them), as runc does */
	char skipped[64][40];
	size_t skipped_count;
	/* every argument value the JSON compares with */
	uint64_t values[128];
	size_t value_count;
	bool used_index[6];
};

static uint32_t scmp_action(const char *action, json_object *errno_ret)
{
	int e = errno_ret ? (int)json_object_get_int64(errno_ret) : EPERM;

	if (strcmp(action, "SCMP_ACT_ALLOW") == 0)
		return SCMP_ACT_ALLOW;
	if (strcmp(action, "SCMP_ACT_ERRNO") == 0)
		return SCMP_ACT_ERRNO((uint32_t)e);
	if (strcmp(action, "SCMP_ACT_KILL") == 0 || strcmp(action, "SCMP_ACT_KILL_THREAD") == 0)
		return SCMP_ACT_KILL_THREAD;
	if (strcmp(action, "SCMP_ACT_KILL_PROCESS") == 0)
		return SCMP_ACT_KILL_PROCESS;
	if (strcmp(action, "SCMP_ACT_TRAP") == 0)
		return SCMP_ACT_TRAP;
	if (strcmp(action, "SCMP_ACT_LOG") == 0)
		return SCMP_ACT_LOG;
	fail_msg("action %s", action);
	return 0;
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v;

	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static bool has_string(json_object *arr, const char *s)
{
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(arr, i)), s) == 0)
			return true;
	return false;
}

/* moby's choice, for GOARCH GOARCH and no capabilities. */
static bool moby_applies(json_object *e, const char *goarch)
{
	json_object *inc = get(e, "includes"), *exc = get(e, "excludes");

	if (get(exc, "arches") && has_string(get(exc, "arches"), goarch))
		return false;
	if (get(exc, "minKernel"))
		return false;
	if (get(inc, "arches") && !has_string(get(inc, "arches"), goarch))
		return false;
	if (get(inc, "caps") && json_object_array_length(get(inc, "caps")) > 0)
		return false;
	return true;
}

static void add_value(struct reference *ref, uint64_t v)
{
	for (size_t i = 0; i < ref->value_count; i++)
		if (ref->values[i] == v)
			return;
	if (ref->value_count < 128)
		ref->values[ref->value_count++] = v;
}

static void build_reference(const char *path, const char *goarch, struct reference *ref)
{
	json_object *root = json_object_from_file(path), *sc, *entries;
	scmp_filter_ctx ctx;
	FILE *tmp;
	long size;

	assert_non_null(root);
	memset(ref, 0, sizeof(*ref));
	sc = get(get(root, "linux"), "seccomp") ? get(get(root, "linux"), "seccomp") : root;
	ctx = seccomp_init(scmp_action(json_object_get_string(get(sc, "defaultAction")),
				       get(sc, "defaultErrnoRet")));
	assert_non_null(ctx);
	entries = get(sc, "syscalls");
	for (size_t i = 0; i < json_object_array_length(entries); i++) {
		json_object *e = json_object_array_get_idx(entries, i), *names = get(e, "names");
		json_object *args = get(e, "args");
		struct scmp_arg_cmp cmps[6];
		unsigned n = 0;
		uint32_t action;

		if (!moby_applies(e, goarch))
			continue;
		action = scmp_action(json_object_get_string(get(e, "action")), get(e, "errnoRet"));
		for (size_t a = 0; args && a < json_object_array_length(args) && n < 6; a++) {
			json_object *c = json_object_array_get_idx(args, a);
			const char *op = json_object_get_string(get(c, "op"));
			enum scmp_compare cmp = strcmp(op, "SCMP_CMP_EQ") == 0 ? SCMP_CMP_EQ
					      : strcmp(op, "SCMP_CMP_NE") == 0 ? SCMP_CMP_NE
					      : strcmp(op, "SCMP_CMP_LT") == 0 ? SCMP_CMP_LT
					      : strcmp(op, "SCMP_CMP_LE") == 0 ? SCMP_CMP_LE
					      : strcmp(op, "SCMP_CMP_GT") == 0 ? SCMP_CMP_GT
					      : strcmp(op, "SCMP_CMP_GE") == 0 ? SCMP_CMP_GE : SCMP_CMP_MASKED_EQ;
			uint64_t v1 = json_object_get_uint64(get(c, "value"));
			uint64_t v2 = get(c, "valueTwo") ? json_object_get_uint64(get(c, "valueTwo")) : 0;
			unsigned idx = (unsigned)json_object_get_int64(get(c, "index"));

			cmps[n++] = (struct scmp_arg_cmp){ idx, cmp, v1, v2 };
			ref->used_index[idx] = true;
			add_value(ref, v1);
			add_value(ref, v2);
		}
		for (size_t k = 0; k < json_object_array_length(names); k++) {
			const char *name = json_object_get_string(json_object_array_get_idx(names, k));
			int nr = seccomp_syscall_resolve_name(name);
			int rc;

			if (nr == __NR_SCMP_ERROR) {
				if (ref->skipped_count < 64)
					snprintf(ref->skipped[ref->skipped_count++], 40, "%s", name);
				continue;
			}
			rc = seccomp_rule_add_array(ctx, action, nr, n, cmps);
			if (rc < 0)
				fail_msg("libseccomp refuses syscalls[%zu] %s: %s", i, name, strerror(-rc));
		}
	}
	tmp = tmpfile();
	assert_non_null(tmp);
	assert_int_equal(seccomp_export_bpf(ctx, fileno(tmp)), 0);
	size = lseek(fileno(tmp), 0, SEEK_END);
	assert_true(size > 0 && size % (long)sizeof(struct sock_filter) == 0);
	ref->count = (uint32_t)(size / (long)sizeof(struct sock_filter));
	ref->insns = malloc((size_t)size);
	assert_non_null(ref->insns);
	assert_int_equal(pread(fileno(tmp), ref->insns, (size_t)size, 0), size);
	fclose(tmp);
	seccomp_release(ctx);
	json_object_put(root);
}

/* ---- comparing ------------------------------------------------------------------------------ */

struct comparison {
	unsigned long cases;
	unsigned long high_word;       /* zvizc reads a 32-bit argument's low half only */
	unsigned long libseccomp_unknown;
	char high_word_names[16][40];
	size_t high_word_name_count;
};

static bool ref_skipped(const struct reference *ref, const char *name)
{
	for (size_t i = 0; i < ref->skipped_count; i++)
		if (strcmp(ref->skipped[i], name) == 0)
			return true;
	return false;
}

static void note_name(struct comparison *c, const char *name)
{
	for (size_t i = 0; i < c->high_word_name_count; i++)
		if (strcmp(c->high_word_names[i], name) == 0)
			return;
	if (c->high_word_name_count < 16)
		snprintf(c->high_word_names[c->high_word_name_count++], 40, "%s", name);
}

/* Runs both programs on every syscall number of the native ABI with zero
 * arguments and with boundary vectors from the JSON's values, and
 * classifies each disagreement; an unexplained one fails the test. */
static void compare(const struct zprog *z, const struct reference *ref, struct comparison *c)
{
	const struct zvizc_abi *abi = zvizc_abi_native();
	uint32_t max = zvizc_syscalls_max_nr(syscalls, abi) + 8;
	uint64_t probes[1024];
	size_t np = 0;

	memset(c, 0, sizeof(*c));
	probes[np++] = 0;
	for (size_t i = 0; i < ref->value_count; i++) {
		uint64_t v = ref->values[i];
		const uint64_t around[] = { v - 1, v, v + 1, v | (1ull << 32), (v + 1) | (1ull << 32),
					    (v - 1) | 0xffffffff00000000ull, v & 0xffffffffull, ~v };

		for (size_t k = 0; k < sizeof(around) / sizeof(around[0]) && np < 1024; k++)
			probes[np++] = around[k];
	}
	for (uint32_t nr = 0; nr <= max; nr++) {
		const char *name = zvizc_syscalls_name(syscalls, abi, nr);
		const struct zvizc_syscall_args *table = name ? zvizc_args_lookup_abi(name, abi) : NULL;

		for (unsigned idx = 0; idx < 6; idx++) {
			if (idx > 0 && !ref->used_index[idx])
				continue;
			for (size_t p = 0; p < np; p++) {
				struct seccomp_data d = { .nr = (int)nr, .arch = abi->token };
				uint32_t got_z, got_l;

				if (idx > 0 && p == 0)
					continue;
				d.args[idx] = probes[p];
				got_z = zviz_bpf_run(z->r.policy.seccomp.insns, z->r.policy.seccomp.insn_count, &d, NULL);
				got_l = zviz_bpf_run(ref->insns, ref->count, &d, NULL);
				c->cases++;
				if (got_z == got_l)
					continue;
				if (name != NULL && ref_skipped(ref, name)) {
					c->libseccomp_unknown++;
					continue;
				}
				/* A 32-bit argument with junk in its high half: the kernel
				 * sees the low half, and so must both filters. */
				if (table != NULL && idx < table->count && table->args[idx].width == 32 &&
				    (probes[p] >> 32) != 0) {
					struct seccomp_data low = d;

					low.args[idx] &= 0xffffffffull;
					if (zviz_bpf_run(z->r.policy.seccomp.insns, z->r.policy.seccomp.insn_count,
							 &d, NULL) ==
					    zviz_bpf_run(ref->insns, ref->count, &low, NULL)) {
						c->high_word++;
						note_name(c, name);
						continue;
					}
				}
				fail_msg("nr %u (%s) arg%u = 0x%llx: zvizc 0x%08x, libseccomp 0x%08x", nr,
					 name ? name : "?", idx, (unsigned long long)probes[p], got_z, got_l);
			}
		}
	}
}

/* ---- tests ------------------------------------------------------------------------------------ */

static void test_docker_default_equivalent(void **state)
{
	struct imported im;
	struct zviz_error err;
	struct reference ref;
	struct comparison c;
	struct zprog *z;

	(void)state;
	if (zvizc_abi_native() == NULL || strcmp(zvizc_abi_native()->name, "x86_64") != 0)
		skip();     /* the expectations below are x86_64's */
	if (import_file(DOCKER_JSON, &im, &err) < 0)
		fail_msg("import: %s", err.msg);
	assert_string_equal(im.report.format, "docker");
	assert_int_equal(im.report.entries, 33);
	/* 19 dropped on amd64 without capabilities: 13 includes caps, 6 other arches */
	assert_int_equal(im.report.entries_dropped, 19);
	z = compile_text(im.text);
	build_reference(DOCKER_JSON, "amd64", &ref);
	compare(z, &ref, &c);
	print_message("docker default: %lu cases; expected differences: %lu on 32-bit arguments' high "
		      "words, %lu on %zu names libseccomp does not know\n", c.cases, c.high_word,
		      c.libseccomp_unknown, ref.skipped_count);
	assert_true(c.cases > 10000);
	/* The holes zvizc closes, each one reported by the import. */
	assert_true(c.high_word > 0);
	for (size_t i = 0; i < c.high_word_name_count; i++)
		if (!reported(&im, c.high_word_names[i], "32-bit argument"))
			fail_msg("the high-word difference on %s is not reported", c.high_word_names[i]);
	assert_int_equal(c.high_word_name_count, 2);   /* socket's domain, personality's persona */
	/* Names libseccomp 2.5.4 does not know: runc skips them, zvizc places them. */
	for (size_t i = 0; i < ref.skipped_count; i++) {
		if (strcmp(ref.skipped[i], "riscv_hwprobe") == 0)
			continue;       /* no syscall on x86_64: left out by both */
		if (!reported(&im, "unknown to the installed libseccomp", ref.skipped[i]))
			fail_msg("%s is not reported as unknown to libseccomp", ref.skipped[i]);
	}
	assert_true(reported(&im, "admits i386, x32", NULL));
	free(ref.insns);
	zprog_free(z);
	imported_free(&im);
}

static void test_docker_default_text(void **state)
{
	struct imported im;
	struct zviz_error err;

	(void)state;
	if (zvizc_abi_native() == NULL || strcmp(zvizc_abi_native()->name, "x86_64") != 0)
		skip();
	assert_int_equal(import_file(DOCKER_JSON, &im, &err), 0);
	assert_non_null(strstr(im.text, "profile docker-default-seccomp {\n"));
	assert_non_null(strstr(im.text, "    arch x86_64;\n    default errno(EPERM);\n"));
	assert_non_null(strstr(im.text, "    # syscalls[2]\n    allow socket if domain < 38;\n"));
	assert_non_null(strstr(im.text, "allow personality if persona == 0xffffffff;"));
	assert_non_null(strstr(im.text, "    # syscalls[18] (excludes caps CAP_SYS_ADMIN: applies, no "
				     "capabilities)\n    allow clone if (flags & 0x7e020000) == 0;\n"));
	assert_non_null(strstr(im.text, "    # syscalls[20] (excludes caps CAP_SYS_ADMIN: applies, no "
				     "capabilities)\n    errno(ENOSYS) clone3;\n"));
	assert_non_null(strstr(im.text, "# syscalls[17] (includes caps CAP_SYS_ADMIN: dropped, no capabilities)"));
	assert_non_null(strstr(im.text, "# syscalls[1] (minKernel 4.8: taken as satisfied)"));
	assert_non_null(strstr(im.text, "# syscalls[12] (includes arches amd64, x32)"));
	assert_non_null(strstr(im.text, "# syscalls[10] (includes arches ppc64le: dropped on x86_64)"));
	/* conditional rules come before the unconditional ones */
	assert_true(strstr(im.text, "allow clone if") < strstr(im.text, "    allow accept,"));
	imported_free(&im);
}

static const char oci_config[] =
	"{ \"ociVersion\": \"1.0.2\", \"process\": { \"args\": [\"sh\"] },\n"
	"  \"linux\": { \"seccomp\": {\n"
	"    \"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38,\n"
	"    \"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"],\n"
	"    \"syscalls\": [\n"
	"      { \"names\": [\"read\", \"write\", \"close\", \"exit_group\", \"execve\", \"brk\"],\n"
	"        \"action\": \"SCMP_ACT_ALLOW\" },\n"
	"      { \"names\": [\"mmap\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"        \"args\": [ { \"index\": 2, \"value\": 6, \"valueTwo\": 2, \"op\": \"SCMP_CMP_MASKED_EQ\" },\n"
	"                  { \"index\": 4, \"value\": 100, \"op\": \"SCMP_CMP_LE\" } ] },\n"
	"      { \"names\": [\"lseek\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"        \"args\": [ { \"index\": 2, \"value\": 3, \"op\": \"SCMP_CMP_NE\" } ] },\n"
	"      { \"names\": [\"dup3\"], \"action\": \"SCMP_ACT_LOG\",\n"
	"        \"args\": [ { \"index\": 1, \"value\": 10, \"op\": \"SCMP_CMP_GE\" } ] },\n"
	"      { \"names\": [\"ptrace\"], \"action\": \"SCMP_ACT_KILL_PROCESS\" },\n"
	"      { \"names\": [\"kexec_load\"], \"action\": \"SCMP_ACT_KILL\" },\n"
	"      { \"names\": [\"reboot\"], \"action\": \"SCMP_ACT_TRAP\" },\n"
	"      { \"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13 },\n"
	"      { \"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ERRNO\" }\n"
	"    ] } } }\n";

static void test_oci_config_equivalent(void **state)
{
	char *path = temp_file(oci_config);
	struct imported im;
	struct zviz_error err;
	struct reference ref;
	struct comparison c;
	struct zprog *z;

	(void)state;
	if (zvizc_abi_native() == NULL || strcmp(zvizc_abi_native()->name, "x86_64") != 0)
		skip();
	if (import_file(path, &im, &err) < 0)
		fail_msg("import: %s", err.msg);
	assert_string_equal(im.report.format, "oci");
	assert_non_null(strstr(im.text, "default errno(ENOSYS);"));
	assert_non_null(strstr(im.text, "allow mmap if (prot & 6) == 2 and fd <= 100;"));
	assert_non_null(strstr(im.text, "log dup3 if newfd >= 10;"));
	assert_non_null(strstr(im.text, "kill ptrace;"));
	assert_non_null(strstr(im.text, "kill-thread kexec_load;"));
	assert_non_null(strstr(im.text, "trap reboot;"));
	assert_non_null(strstr(im.text, "errno(EACCES) mkdir;"));
	assert_non_null(strstr(im.text, "errno(EPERM) getpid;"));
	assert_true(reported(&im, "admits i386", NULL));
	z = compile_text(im.text);
	build_reference(path, "amd64", &ref);
	compare(z, &ref, &c);
	print_message("oci config: %lu cases, %lu high-word differences\n", c.cases, c.high_word);
	/* mmap's prot (int) and fd (int), dup3's newfd (unsigned int) */
	assert_true(c.high_word > 0);
	for (size_t i = 0; i < c.high_word_name_count; i++)
		assert_true(reported(&im, c.high_word_names[i], "32-bit argument"));
	assert_int_equal(c.libseccomp_unknown, 0);
	free(ref.insns);
	zprog_free(z);
	imported_free(&im);
	unlink(path);
	free(path);
}

/* One error names every unknown name. */
static void test_unknown_names_one_error(void **state)
{
	char *path = temp_file("{ \"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n"
			       " { \"names\": [\"read\", \"frobnicate\"], \"action\": \"SCMP_ACT_ALLOW\" },\n"
			       " { \"names\": [\"execve\", \"open_sesame\", \"frobnicate\"], \"action\": \"SCMP_ACT_ALLOW\" }"
			       "] }\n");
	struct imported im;
	struct zviz_error err;

	(void)state;
	assert_int_equal(import_file(path, &im, &err), -1);
	assert_non_null(strstr(err.msg, "2 system call names neither libseccomp nor zvizc know: "
				       "frobnicate, open_sesame"));
	assert_int_equal(im.len, 0);          /* nothing written */
	imported_free(&im);
	unlink(path);
	free(path);
}

static void expect_import_error(const char *json, const char *want)
{
	char *path = temp_file(json);
	struct imported im;
	struct zviz_error err;

	assert_int_equal(import_file(path, &im, &err), -1);
	if (strstr(err.msg, want) == NULL)
		fail_msg("error '%s' lacks '%s'", err.msg, want);
	assert_int_equal(im.len, 0);
	imported_free(&im);
	unlink(path);
	free(path);
}

static void test_errors(void **state)
{
	struct imported im;
	struct zviz_error err;

	(void)state;
	assert_int_equal(import_file("/nonexistent/seccomp.json", &im, &err), -1);
	assert_non_null(strstr(err.msg, "/nonexistent/seccomp.json"));
	imported_free(&im);
	expect_import_error("{ \"defaultAction\": ", "");
	expect_import_error("[1, 2]", "not a JSON object");
	expect_import_error("{ \"syscalls\": [] }", "no defaultAction");
	expect_import_error("{ \"ociVersion\": \"1.0\", \"linux\": {} }", "without linux.seccomp");
	expect_import_error("{ \"defaultAction\": \"SCMP_ACT_NOTIFY\" }", "has no zvizc equivalent");
	expect_import_error("{ \"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [ { \"names\": [\"read\"], "
			    "\"action\": \"SCMP_ACT_TRACE\" } ] }", "syscalls[0]: action SCMP_ACT_TRACE");
	expect_import_error("{ \"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [ { \"names\": [\"read\"], "
			    "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [ { \"index\": 0, \"value\": 1, "
			    "\"op\": \"SCMP_CMP_XOR\" } ] } ] }", "operator SCMP_CMP_XOR");
	expect_import_error("{ \"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [ { \"names\": [\"read\"], "
			    "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [ { \"index\": 7, \"value\": 1, "
			    "\"op\": \"SCMP_CMP_EQ\" } ] } ] }", "index 0..5");
	expect_import_error("{ \"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [ { \"names\": [\"read\"], "
			    "\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 5000 } ] }", "errnoRet 5000");
	expect_import_error("{ \"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
			    " { \"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\" },"
			    " { \"names\": [\"read\"], \"action\": \"SCMP_ACT_KILL\" } ] }",
			    "syscalls[0] gives read allow, syscalls[1] kill-thread");
	expect_import_error("{ \"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [ { \"action\": "
			    "\"SCMP_ACT_ALLOW\" } ] }", "names no system call");
}

/* Another target than the host: includes.arches decide for it. */
static void test_other_arch(void **state)
{
	struct imported im;
	struct zviz_error err;

	(void)state;
	memset(&im, 0, sizeof(im));
	im.report.arch = "aarch64";
	{
		FILE *out = open_memstream(&im.text, &im.len);

		assert_int_equal(import_seccomp_json(DOCKER_JSON, out, &im.report, &err), 0);
		fclose(out);
	}
	assert_string_equal(im.report.abi, "aarch64");
	assert_non_null(strstr(im.text, "    arch aarch64;\n"));
	/* syscalls[11] applies on arm64, but its names are arm's (32-bit) */
	assert_non_null(strstr(im.text, "# Not system calls on aarch64"));
	assert_non_null(strstr(strstr(im.text, "# Not system calls on aarch64"), "arm_fadvise64_64"));
	assert_non_null(strstr(im.text, "# syscalls[12] (includes arches amd64, x32: dropped on aarch64)"));
	assert_true(reported(&im, "admits arm", NULL));
	imported_free(&im);
	im.report.arch = "vax";
	assert_int_equal(import_seccomp_json(DOCKER_JSON, stdout, &im.report, &err), -1);
	assert_non_null(strstr(err.msg, "vax"));
	import_report_free(&im.report);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docker_default_equivalent),
		cmocka_unit_test(test_docker_default_text),
		cmocka_unit_test(test_oci_config_equivalent),
		cmocka_unit_test(test_unknown_names_one_error),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_other_arch),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
