/* config.json reader: real `crun spec` output and runc-style files parse to
 * the values they hold; every way a config can be wrong is refused with a
 * message that names the field or the line; valid JSON that YAML-minded
 * parsers choke on is taken as it is. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "bundle.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define DATA_DIR TOP_SRCDIR "/testsuite/data/bundles"

/* The members of a "process" that is valid and small. */
#define PROCESS_OK "\"args\": [\"/bin/true\"], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0}"

/* Each test gets a fresh bundle directory with an empty rootfs/. */
struct fixture {
	char dir[64];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char rootfs[128];

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/zviz-test-bundle-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(rootfs, sizeof(rootfs), "%s/rootfs", f->dir);
	if (mkdir(rootfs, 0755) < 0) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

static bool is_zeroed(const struct bundle *b)
{
	static const struct bundle zero;

	return memcmp(b, &zero, sizeof(zero)) == 0;
}

/* A config.json: the given members of "process" (PROCESS_OK when NULL) and
 * more top-level members (EXTRA, may be ""); the caller frees it. */
static char *config(const char *process, const char *extra)
{
#define CONFIG_FORMAT "{\n\t\"ociVersion\": \"1.0.2\",\n\t\"root\": {\"path\": \"rootfs\"},\n" \
		      "\t\"process\": {%s}%s%s\n}\n"
	size_t size = sizeof(CONFIG_FORMAT) + strlen(process ? process : PROCESS_OK) + strlen(extra) + 8;
	char *text = malloc(size);

	assert_non_null(text);
	snprintf(text, size, CONFIG_FORMAT, process ? process : PROCESS_OK, extra[0] ? ",\n\t" : "", extra);
	return text;
#undef CONFIG_FORMAT
}

static void parse_ok(const struct fixture *f, const char *json, struct bundle *b)
{
	struct zviz_error err = { "" };

	if (bundle_parse(json, strlen(json), f->dir, b, &err) < 0)
		fail_msg("refused: %s\n%s", err.msg, json);
}

/* JSON must be refused with a message that starts with "config.json: "
 * and contains WANT, leaving the struct zeroed. */
static void expect_error_text(const struct fixture *f, const char *json, size_t len, const char *want)
{
	struct zviz_error err = { "" };
	struct bundle b;

	memset(&b, 0xa5, sizeof(b));
	if (bundle_parse(json, len, f->dir, &b, &err) == 0) {
		bundle_free(&b);
		fail_msg("accepted, but should fail with \"%s\":\n%.*s", want, (int)len, json);
	}
	if (strncmp(err.msg, "config.json: ", 13) != 0 || strstr(err.msg, want) == NULL)
		fail_msg("error \"%s\" does not say \"%s\"", err.msg, want);
	assert_true(is_zeroed(&b));
}

static void expect_error(const struct fixture *f, const char *json, const char *want)
{
	expect_error_text(f, json, strlen(json), want);
}

static void expect_config_error(const struct fixture *f, const char *process, const char *extra,
				const char *want)
{
	char *json = config(process, extra);

	expect_error(f, json, want);
	free(json);
}

static void expect_config_ok(const struct fixture *f, const char *process, const char *extra)
{
	char *json = config(process, extra);
	struct bundle b;

	parse_ok(f, json, &b);
	bundle_free(&b);
	free(json);
}

static char *read_data_file(const char *name, size_t *len)
{
	char path[PATH_MAX];
	FILE *file;
	char *text;
	long size;

	snprintf(path, sizeof(path), "%s/%s", DATA_DIR, name);
	file = fopen(path, "rb");
	if (file == NULL)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	assert_int_equal(fseek(file, 0, SEEK_END), 0);
	size = ftell(file);
	assert_true(size > 0);
	rewind(file);
	text = malloc((size_t)size + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)size, file), (size_t)size);
	text[size] = '\0';
	fclose(file);
	*len = (size_t)size;
	return text;
}

static void write_file(const char *dir, const char *name, const char *text, size_t len)
{
	char path[PATH_MAX];
	FILE *file;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	file = fopen(path, "wb");
	assert_non_null(file);
	assert_int_equal(fwrite(text, 1, len, file), len);
	assert_int_equal(fclose(file), 0);
}

/* Copies a data file into the fixture's bundle and loads it from there. */
static void load_data_bundle(const struct fixture *f, const char *name, struct bundle *b)
{
	struct zviz_error err = { "" };
	size_t len;
	char *text = read_data_file(name, &len);

	write_file(f->dir, "config.json", text, len);
	free(text);
	if (bundle_load(f->dir, b, &err) < 0)
		fail_msg("%s refused: %s", name, err.msg);
}

static void expect_load_error(const struct fixture *f, const char *want)
{
	struct zviz_error err = { "" };
	struct bundle b;

	if (bundle_load(f->dir, &b, &err) == 0) {
		bundle_free(&b);
		fail_msg("bundle_load accepted, but should fail with \"%s\"", want);
	}
	if (strncmp(err.msg, "config.json: ", 13) != 0 || strstr(err.msg, want) == NULL)
		fail_msg("error \"%s\" does not say \"%s\"", err.msg, want);
	assert_true(is_zeroed(&b));
}

static void assert_strings(const struct bundle_strings *list, const char *const *want, size_t count)
{
	size_t i;

	assert_int_equal(list->count, count);
	assert_non_null(list->items);
	for (i = 0; i < count; i++)
		assert_string_equal(list->items[i], want[i]);
	assert_null(list->items[count]);
}

static const char *const spec_capabilities[] = {
	"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE",
};

static const char *const spec_masked_paths[] = {
	"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
	"/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
	"/sys/devices/virtual/powercap",
};

static const char *const spec_readonly_paths[] = {
	"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};

static const char *const spec_env[] = {
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm",
};

static void assert_mount(const struct bundle_mount *m, const char *destination,
			 enum bundle_mount_kind kind, const char *source, unsigned long flags,
			 const char *data)
{
	assert_string_equal(m->destination, destination);
	assert_int_equal(m->kind, kind);
	if (source == NULL)
		assert_null(m->source);
	else
		assert_string_equal(m->source, source);
	assert_int_equal(m->flags, flags);
	assert_string_equal(m->data, data);
}

/* The seven mounts `crun spec` and `runc spec` both write. */
static void assert_spec_mounts(const struct bundle *b, const char *pts_data)
{
	const unsigned long nsn = MS_NOSUID | MS_NOEXEC | MS_NODEV;

	assert_int_equal(b->mount_count, 7);
	assert_mount(&b->mounts[0], "/proc", BUNDLE_MOUNT_PROC, "proc", 0, "");
	assert_string_equal(b->mounts[0].type, "proc");
	assert_null(b->mounts[0].options.items);
	assert_mount(&b->mounts[1], "/dev", BUNDLE_MOUNT_TMPFS, "tmpfs", MS_NOSUID | MS_STRICTATIME,
		     "mode=755,size=65536k");
	assert_int_equal(b->mounts[1].options.count, 4);
	assert_string_equal(b->mounts[1].options.items[2], "mode=755");
	assert_mount(&b->mounts[2], "/dev/pts", BUNDLE_MOUNT_DEVPTS, "devpts", MS_NOSUID | MS_NOEXEC,
		     pts_data);
	assert_mount(&b->mounts[3], "/dev/shm", BUNDLE_MOUNT_TMPFS, "shm", nsn, "mode=1777,size=65536k");
	assert_mount(&b->mounts[4], "/dev/mqueue", BUNDLE_MOUNT_MQUEUE, "mqueue", nsn, "");
	assert_mount(&b->mounts[5], "/sys", BUNDLE_MOUNT_SYSFS, "sysfs", nsn | MS_RDONLY, "");
	/* The read-only cgroup mount. */
	assert_mount(&b->mounts[6], "/sys/fs/cgroup", BUNDLE_MOUNT_CGROUP, "cgroup",
		     nsn | MS_RELATIME | MS_RDONLY, "");
	assert_int_equal(b->mounts[6].propagation, 0);
}

static void assert_spec_process(const struct bundle *b)
{
	assert_true(b->process.terminal);
	assert_int_equal(b->process.args.count, 1);
	assert_string_equal(b->process.args.items[0], "sh");
	assert_strings(&b->process.env, spec_env, 2);
	assert_string_equal(b->process.cwd, "/");
	assert_int_equal(b->process.uid, 0);
	assert_int_equal(b->process.gid, 0);
	assert_int_equal(b->process.additional_gid_count, 0);
	assert_int_equal(b->process.rlimit_count, 1);
	assert_int_equal(b->process.rlimits[0].resource, RLIMIT_NOFILE);
	assert_int_equal(b->process.rlimits[0].soft, 1024);
	assert_int_equal(b->process.rlimits[0].hard, 1024);
	assert_true(b->process.capabilities.present);
	assert_strings(&b->process.capabilities.bounding, spec_capabilities, 3);
	assert_strings(&b->process.capabilities.effective, spec_capabilities, 3);
	assert_strings(&b->process.capabilities.permitted, spec_capabilities, 3);
}

static void assert_namespaces(const struct bundle *b, const int *types, size_t count)
{
	size_t i;

	assert_int_equal(b->namespace_count, count);
	for (i = 0; i < count; i++) {
		assert_int_equal(b->namespaces[i].type, types[i]);
		assert_null(b->namespaces[i].path);
	}
}

static void assert_root_path(const struct fixture *f, const struct bundle *b, const char *rest)
{
	char want[PATH_MAX];

	snprintf(want, sizeof(want), "%s%s", f->dir, rest);
	assert_string_equal(b->root_path, want);
	assert_string_equal(b->dir, f->dir);
}

/* ---- real configs ------------------------------------------------------- */

static void test_crun_spec(void **state)
{
	static const int namespaces[] = { CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS,
					  CLONE_NEWNS };
	const struct fixture *f = *state;
	struct bundle b;

	load_data_bundle(f, "crun-spec/config.json", &b);
	assert_string_equal(b.oci_version, "1.0.0");
	assert_spec_process(&b);
	assert_int_equal(b.process.capabilities.inheritable.count, 0);
	assert_non_null(b.process.capabilities.inheritable.items);   /* given, empty */
	assert_strings(&b.process.capabilities.ambient, spec_capabilities, 3);
	assert_root_path(f, &b, "/rootfs");
	assert_true(b.root_readonly);
	assert_string_equal(b.hostname, "crun");
	assert_spec_mounts(&b, "newinstance,ptmxmode=0666,mode=0620,gid=5");
	assert_namespaces(&b, namespaces, 5);
	assert_strings(&b.masked_paths, spec_masked_paths, 10);
	assert_strings(&b.readonly_paths, spec_readonly_paths, 5);
	assert_int_equal(b.uid_mapping_count, 0);
	assert_int_equal(b.gid_mapping_count, 0);
	assert_false(b.resources.has_memory_limit);
	assert_false(b.resources.has_pids_limit);
	assert_false(b.has_seccomp);
	assert_false(b.has_hooks);
	assert_null(b.cgroups_path);
	bundle_free(&b);
	assert_true(is_zeroed(&b));
}

static void test_crun_spec_rootless(void **state)
{
	static const int namespaces[] = { CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS,
					  CLONE_NEWUSER, CLONE_NEWNS };
	const struct fixture *f = *state;
	struct bundle b;

	load_data_bundle(f, "crun-spec-rootless/config.json", &b);
	assert_spec_process(&b);
	assert_spec_mounts(&b, "newinstance,ptmxmode=0666,mode=0620");
	assert_namespaces(&b, namespaces, 6);
	bundle_free(&b);
}

static void test_runc_spec(void **state)
{
	static const int namespaces[] = { CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWNS,
					  CLONE_NEWCGROUP };
	const struct fixture *f = *state;
	struct bundle b;

	load_data_bundle(f, "runc-spec/config.json", &b);
	assert_string_equal(b.oci_version, "1.2.0");
	assert_spec_process(&b);
	assert_null(b.process.capabilities.inheritable.items);        /* not given */
	assert_null(b.process.capabilities.ambient.items);
	assert_root_path(f, &b, "/rootfs");
	assert_true(b.root_readonly);
	assert_string_equal(b.hostname, "runc");
	assert_spec_mounts(&b, "newinstance,ptmxmode=0666,mode=0620,gid=5");
	assert_namespaces(&b, namespaces, 6);
	assert_strings(&b.masked_paths, spec_masked_paths, 11);
	assert_strings(&b.readonly_paths, spec_readonly_paths, 5);
	bundle_free(&b);
}

static void test_full_config(void **state)
{
	static const char *const args[] = { "/usr/bin/env", "", "--argument with spaces" };
	static const char *const env[] = { "PATH=/usr/bin:/bin", "EMPTY=", "EQUALS=a=b" };
	static const char *const masked[] = { "/proc/kcore", "/sys/firmware" };
	const struct fixture *f = *state;
	char data_source[PATH_MAX];
	struct bundle b;

	load_data_bundle(f, "full/config.json", &b);
	assert_string_equal(b.oci_version, "1.0.2-dev+zviz.test");
	assert_false(b.process.terminal);
	assert_strings(&b.process.args, args, 3);
	assert_strings(&b.process.env, env, 3);
	assert_string_equal(b.process.cwd, "/home/user");
	assert_int_equal(b.process.uid, 1000);
	assert_int_equal(b.process.gid, 1000);
	assert_int_equal(b.process.additional_gid_count, 2);
	assert_int_equal(b.process.additional_gids[0], 5);
	assert_int_equal(b.process.additional_gids[1], UINT32_MAX);
	assert_int_equal(b.process.rlimit_count, 3);
	assert_int_equal(b.process.rlimits[0].resource, RLIMIT_NOFILE);
	assert_int_equal(b.process.rlimits[0].soft, 1024);
	assert_int_equal(b.process.rlimits[0].hard, 4096);
	assert_int_equal(b.process.rlimits[1].resource, RLIMIT_CORE);
	assert_true(b.process.rlimits[1].hard == UINT64_MAX);
	assert_int_equal(b.process.rlimits[2].resource, RLIMIT_NPROC);
	assert_int_equal(b.process.capabilities.bounding.count, 2);
	assert_string_equal(b.process.capabilities.bounding.items[1], "CAP_NET_RAW");
	assert_int_equal(b.process.capabilities.effective.count, 0);

	assert_root_path(f, &b, "/rootfs/");
	assert_false(b.root_readonly);
	assert_string_equal(b.hostname, "sandbox");

	assert_int_equal(b.mount_count, 5);
	assert_mount(&b.mounts[0], "/proc", BUNDLE_MOUNT_PROC, "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, "");
	/* "//tmp/./scratch/" tidied; rw clears nothing that was set. */
	assert_mount(&b.mounts[1], "/tmp/scratch", BUNDLE_MOUNT_TMPFS, "tmpfs",
		     MS_NOSUID | MS_NODEV | MS_NOATIME, "mode=1777,size=65536k");
	assert_int_equal(b.mounts[1].propagation, MS_PRIVATE | MS_REC);
	/* A relative bind source is taken against the bundle directory. */
	snprintf(data_source, sizeof(data_source), "%s/data", f->dir);
	assert_mount(&b.mounts[2], "/data", BUNDLE_MOUNT_BIND, data_source,
		     MS_BIND | MS_REC | MS_RDONLY | MS_NOSUID, "");
	assert_string_equal(b.mounts[2].type, "none");
	assert_int_equal(b.mounts[2].propagation, MS_SLAVE | MS_REC);
	/* Type "bind" without a bind option is still a (non-recursive) bind. */
	assert_mount(&b.mounts[3], "/etc/resolv.conf", BUNDLE_MOUNT_BIND, "/etc/resolv.conf",
		     MS_BIND | MS_RDONLY, "");
	assert_mount(&b.mounts[4], "/sys/fs/cgroup", BUNDLE_MOUNT_CGROUP2, "cgroup2",
		     MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RELATIME | MS_RDONLY, "");

	assert_int_equal(b.namespace_count, 8);
	assert_int_equal(b.namespaces[1].type, CLONE_NEWNET);
	assert_string_equal(b.namespaces[1].path, "/var/run/netns/sandbox");
	assert_int_equal(b.namespaces[5].type, CLONE_NEWUSER);
	assert_int_equal(b.namespaces[7].type, CLONE_NEWTIME);
	assert_null(b.namespaces[7].path);

	assert_int_equal(b.uid_mapping_count, 1);
	assert_int_equal(b.uid_mappings[0].container_id, 0);
	assert_int_equal(b.uid_mappings[0].host_id, 100000);
	assert_int_equal(b.uid_mappings[0].size, 65536);
	assert_int_equal(b.gid_mapping_count, 2);
	assert_int_equal(b.gid_mappings[1].container_id, 1000);
	assert_int_equal(b.gid_mappings[1].host_id, 1000);
	assert_int_equal(b.gid_mappings[1].size, 1);

	assert_true(b.resources.has_memory_limit);
	assert_int_equal(b.resources.memory_limit, 536870912);
	assert_true(b.resources.has_memory_swap);
	assert_int_equal(b.resources.memory_swap, -1);
	assert_true(b.resources.has_pids_limit);
	assert_int_equal(b.resources.pids_limit, 64);
	assert_true(b.resources.has_cpu_quota);
	assert_int_equal(b.resources.cpu_quota, 50000);
	assert_true(b.resources.has_cpu_period);
	assert_int_equal(b.resources.cpu_period, 100000);
	assert_true(b.resources.has_cpu_shares);
	assert_int_equal(b.resources.cpu_shares, 512);

	assert_true(b.has_seccomp);
	assert_true(b.has_hooks);
	assert_string_equal(b.cgroups_path, "/zviz/test");
	assert_strings(&b.masked_paths, masked, 2);
	assert_int_equal(b.readonly_paths.count, 1);
	bundle_free(&b);
	bundle_free(&b);            /* twice is harmless */
}

static void test_minimal_defaults(void **state)
{
	const struct fixture *f = *state;
	char *json = config(NULL, "");
	struct bundle b;

	parse_ok(f, json, &b);
	assert_false(b.process.terminal);
	assert_null(b.process.env.items);
	assert_false(b.process.capabilities.present);
	assert_false(b.root_readonly);
	assert_null(b.hostname);
	assert_int_equal(b.mount_count, 0);
	assert_null(b.mounts);
	assert_int_equal(b.namespace_count, 0);
	assert_null(b.masked_paths.items);
	assert_false(b.resources.has_memory_limit);
	assert_false(b.resources.has_cpu_shares);
	bundle_free(&b);
	free(json);
}

static void test_free_zeroed(void **state)
{
	struct bundle b;

	(void)state;
	memset(&b, 0, sizeof(b));
	bundle_free(&b);
	bundle_free(&b);
	bundle_free(NULL);
	assert_true(is_zeroed(&b));
}

/* ---- the file ----------------------------------------------------------- */

static void test_load_missing(void **state)
{
	expect_load_error(*state, "No such file or directory");
}

static void test_load_not_regular(void **state)
{
	const struct fixture *f = *state;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/config.json", f->dir);
	assert_int_equal(mkdir(path, 0755), 0);
	expect_load_error(f, "is not a regular file");
	assert_int_equal(rmdir(path), 0);
	/* A FIFO is refused, not waited on. */
	assert_int_equal(mkfifo(path, 0644), 0);
	expect_load_error(f, "is not a regular file");
}

static void test_load_too_large(void **state)
{
	const struct fixture *f = *state;
	size_t len = BUNDLE_CONFIG_MAX_SIZE + 1;
	char *text = malloc(len);
	struct zviz_error err = { "" };
	struct bundle b;

	assert_non_null(text);
	memset(text, ' ', len);
	write_file(f->dir, "config.json", text, len);
	expect_load_error(f, "is larger than 1048576 bytes");
	assert_int_equal(bundle_parse(text, len, f->dir, &b, &err), -1);
	assert_non_null(strstr(err.msg, "more than the 1048576 allowed"));
	free(text);
}

static void test_load_relative_dir(void **state)
{
	const struct fixture *f = *state;
	struct zviz_error err = { "" };
	char *json = config(NULL, "");
	char cwd[PATH_MAX];
	struct bundle b;
	int r;

	write_file(f->dir, "config.json", json, strlen(json));
	free(json);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(f->dir), 0);
	r = bundle_load(".", &b, &err);
	assert_int_equal(chdir(cwd), 0);
	if (r < 0)
		fail_msg("refused: %s", err.msg);
	/* Made absolute, however the bundle was named. */
	assert_root_path(f, &b, "/rootfs");
	bundle_free(&b);
}

/* ---- JSON syntax -------------------------------------------------------- */

static void test_malformed_json(void **state)
{
	const struct fixture *f = *state;

	expect_error(f,
		     "{\n\t\"ociVersion\": \"1.0.2\",\n\t\"process\": {\n\t\t\"args\": [\"sh\",]\n\t}\n}\n",
		     "line 4, column 17: unexpected character");
	expect_error(f, "{\n\t\"ociVersion\" \"1.0.2\"\n}", "line 2, column 15: expected ':' after a key");
	expect_error(f, "{\n\t\"ociVersion\": \"1.0.2\"\n", "line 3, column 1: unexpected end of data");
	expect_error(f, "{\"a\": \"open", "line 1, column 7: unterminated string");
	expect_error(f, "", "line 1, column 1: unexpected end of data");
	expect_error(f, "   \n  ", "line 2, column 3: unexpected end of data");
	expect_error(f, "{\"a\": [1 2]}", "line 1, column 10: unexpected character");
	expect_error(f, "{a: 1}", "line 1, column 2: expected a quoted key");
	expect_error(f, "{\"a\": tru}", "line 1, column 7: unexpected character");
	expect_error(f, "{\"a\": \"\\x\"}", "line 1, column 8: invalid escape sequence");
	expect_error(f, "{\"a\": \"\\u12g4\"}", "line 1, column 8: invalid \\u escape");
	expect_error(f, "[1, 2]", "the top level is an array, not an object");
	expect_error(f, "null", "the top level is null, not an object");
	expect_error(f, "\"config\"", "the top level is a string, not an object");
	expect_error(f, " 5 ", "the top level is a number, not an object");
	expect_error(f, "false", "the top level is a boolean, not an object");
}

/* What json-c's strict mode lets through, the scanner does not. */
static void test_json_c_leniency_refused(void **state)
{
	const struct fixture *f = *state;

	expect_error(f, "{'ociVersion': '1.0.2'}", "line 1, column 2: expected a quoted key");
	expect_error(f, "{\"a\": 'x'}", "line 1, column 7: unexpected character");
	expect_error(f, "{\"a\": NaN}", "line 1, column 7: unexpected character");
	expect_error(f, "{\"a\": -Infinity}", "line 1, column 8: unexpected character");
	expect_error(f, "{\"a\": 1.}", "line 1, column 9: unexpected character");
	expect_error(f, "{\"a\": 01}", "line 1, column 7: a number has a leading zero");
	expect_error(f, "{\"a\": \"tab\there\"}", "line 1, column 11: control character in a string");
	expect_error(f, "{\"a\": /* c */ 1}", "line 1, column 7: unexpected character");
	expect_error(f, "{\"a\": 18446744073709551616}", "line 1, column 7: integer out of the 64-bit range");
	expect_error(f, "{\"a\": -9223372036854775809}", "line 1, column 7: integer out of the 64-bit range");
	expect_error(f, "\xef\xbb\xbf{}", "line 1, column 1: unexpected character");
	expect_error(f, "{\"a\": \"\xc0\x80\"}", "line 1, column 8: invalid UTF-8");
	expect_error(f, "{\"a\": \"\xed\xa0\x80\"}", "line 1, column 8: invalid UTF-8");
	expect_error(f, "{\"a\": \"\xff\"}", "line 1, column 8: invalid UTF-8");
	expect_error(f, "{\v\"a\": 1}", "line 1, column 2: expected a quoted key");
	/* json-c would cut this key at the NUL and merge it with "a". */
	expect_error(f, "{\"a\\u0000b\": 1, \"a\": 2}", "line 1, column 4: a key contains \\u0000");
	expect_error_text(f, "{\"a\": 1}\0{\"b\": 2}", 17, "line 1, column 9: trailing characters");
}

static void test_trailing_garbage(void **state)
{
	const struct fixture *f = *state;
	char *json = config(NULL, "");
	size_t len = strlen(json);
	char *more = malloc(len + 16);
	struct zviz_error err = { "" };
	struct bundle b;

	assert_non_null(more);
	snprintf(more, len + 16, "%s x", json);
	expect_error(f, more, "line 6, column 2: trailing characters after the JSON text");
	snprintf(more, len + 16, "%s{}", json);
	expect_error(f, more, "line 6, column 1: trailing characters after the JSON text");
	/* White space after the object is fine, and so is a buffer that goes
	 * on past LEN. */
	snprintf(more, len + 16, "%s \r\n\t", json);
	parse_ok(f, more, &b);
	bundle_free(&b);
	snprintf(more, len + 16, "%sGARBAGE", json);
	assert_int_equal(bundle_parse(more, len, f->dir, &b, &err), 0);
	bundle_free(&b);
	free(more);
	free(json);
}

static void test_nesting_limit(void **state)
{
	const struct fixture *f = *state;
	char extra[256], *p;
	int i;

	/* The top-level object and 31 arrays: 32 levels, json-c's limit, are
	 * accepted; one more is refused. */
	p = extra + sprintf(extra, "\"annotations\": ");
	for (i = 0; i < 31; i++)
		*p++ = '[';
	for (i = 0; i < 31; i++)
		*p++ = ']';
	*p = '\0';
	expect_config_ok(f, NULL, extra);
	p = extra + sprintf(extra, "\"annotations\": ");
	for (i = 0; i < 32; i++)
		*p++ = '[';
	for (i = 0; i < 32; i++)
		*p++ = ']';
	*p = '\0';
	expect_config_error(f, NULL, extra, "nesting too deep");
}

/* Valid JSON that libyaml (or a YAML-minded reader) would refuse. */
static void test_yaml_unfriendly_json_accepted(void **state)
{
	const struct fixture *f = *state;
	struct bundle b;
	char *json, *key;
	size_t i, size;

	/* A surrogate pair, \/ and a newline before a ':'. */
	json = config("\"args\": [\"/bin/echo\", \"\\ud83d\\ude00\", \"a\\/b\"], \"cwd\"\n: \"/\",\n"
		      "\"env\"\r\n\t:\t[\"SMILE=\\uD83D\\uDE00\"], \"user\" : {\"uid\"\n:\n0, \"gid\": 0}",
		      "\"hostname\"\n:\"h\"");
	parse_ok(f, json, &b);
	assert_string_equal(b.process.args.items[1], "\xf0\x9f\x98\x80");
	assert_string_equal(b.process.args.items[2], "a/b");
	assert_string_equal(b.process.env.items[0], "SMILE=\xf0\x9f\x98\x80");
	assert_string_equal(b.hostname, "h");
	bundle_free(&b);
	free(json);

	/* A key of 5000 characters (libyaml stops at 1024 for a simple key). */
	size = 5000 + 64;
	key = malloc(size);
	assert_non_null(key);
	i = (size_t)sprintf(key, "\"annotations\": {\"");
	memset(key + i, 'k', 5000);
	i += 5000;
	sprintf(key + i, "\": \"v\", \"k\": \"w\"}");
	expect_config_ok(f, NULL, key);
	free(key);

	/* Equal keys in different objects are not duplicates; keys that differ
	 * only in case are different keys. */
	expect_config_ok(f, NULL,
			 "\"annotations\": {\"a\": {\"x\": 1}, \"b\": {\"x\": 1}, \"A\": [{\"x\": 1}, "
			 "{\"x\": 2}]}, \"Hostname\": 5");
	/* An empty object, an empty array and all the literals. */
	expect_config_ok(f, NULL, "\"x\": {}, \"y\": [], \"z\": [true, false, null, -0, 1.5e-3, 2E+8, \"\"]");
	/* A top-level object spread over CRLF lines, with tabs. */
	parse_ok(f, "{\r\n\t\"ociVersion\"\t:\t\"1.0.2\",\r\n\t\"root\":{\"path\":\"rootfs\"},\r\n"
		    "\t\"process\":{" PROCESS_OK "}\r\n}\r\n", &b);
	bundle_free(&b);
}

static void test_duplicate_keys(void **state)
{
	const struct fixture *f = *state;

	expect_error(f, "{\"ociVersion\": \"1.0.2\", \"ociVersion\": \"1.0.2\"}",
		     "line 1, column 25: duplicate key \"ociVersion\" in the top-level object");
	expect_config_error(f, PROCESS_OK ", \"args\": [\"/bin/false\"]", "",
			    "duplicate key \"args\" in process");
	/* The same key spelled with an escape is the same key. */
	expect_config_error(f, PROCESS_OK ", \"\\u0061rgs\": [\"/bin/false\"]", "",
			    "duplicate key \"args\" in process");
	expect_config_error(f, "\"\\u0061\\u0072\\u0067\\u0073\": [\"x\"], " PROCESS_OK, "",
			    "duplicate key \"args\" in process");
	expect_config_error(f, NULL, "\"hostname\": \"a\", \"host\\u006eame\": \"b\"",
			    "duplicate key \"hostname\" in the top-level object");
	expect_config_error(f, NULL, "\"a\\/b\": 1, \"a/b\": 2", "duplicate key \"a/b\"");
	/* Nested, in arrays, in extension keys nobody reads. */
	expect_config_error(f,
			    "\"args\": [\"sh\"], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0, "
			    "\"uid\": 1}",
			    "", "duplicate key \"uid\" in process.user");
	expect_config_error(f, NULL,
			    "\"mounts\": [{\"destination\": \"/a\", \"type\": \"tmpfs\"}, "
			    "{\"destination\": \"/b\", \"type\": \"tmpfs\", \"type\": \"proc\"}]",
			    "duplicate key \"type\" in mounts[1]");
	expect_config_error(f, NULL, "\"annotations\": {\"x\": [{\"k\": 1, \"k\": 1}]}",
			    "duplicate key \"k\" in annotations.x[0]");
	/* A surrogate pair and the UTF-8 it stands for; two unpaired
	 * surrogates, which json-c both turns into U+FFFD. */
	expect_config_error(f, NULL, "\"annotations\": {\"\\ud83d\\ude00\": 1, \"\xf0\x9f\x98\x80\": 2}",
			    "duplicate key \"\\xf0\\x9f\\x98\\x80\" in annotations");
	expect_config_error(f, NULL, "\"annotations\": {\"\\ud800\": 1, \"\\udbff\": 2}",
			    "duplicate key \"\\xef\\xbf\\xbd\" in annotations");
	expect_config_error(f, NULL, "\"annotations\": {\"\\udc00x\": 1, \"\\ufffdx\": 2}",
			    "duplicate key");
	/* A key that is not a plain name is quoted in the path. */
	expect_config_error(f, NULL, "\"annotations\": {\"a.b\": {\"k\": 1, \"k\": 2}}",
			    "in annotations.\"a.b\"");
}

/* ---- fields --------------------------------------------------------------- */

struct type_case {
	const char *process;         /* NULL: PROCESS_OK */
	const char *extra;
	const char *want;
};

static void test_wrong_types(void **state)
{
	static const struct type_case cases[] = {
		{ "\"args\": \"sh\", \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0}", "",
		  "process.args: expected an array of strings, not a string" },
		{ "\"args\": [\"a\", \"b\", 3], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0}", "",
		  "process.args[2]: expected a string, not an integer" },
		{ PROCESS_OK ", \"terminal\": \"yes\"", "",
		  "process.terminal: expected a boolean, not a string" },
		{ "\"args\": [\"a\"], \"cwd\": 1, \"user\": {\"uid\": 0, \"gid\": 0}", "",
		  "process.cwd: expected a string, not an integer" },
		{ "\"args\": [\"a\"], \"cwd\": \"/\", \"user\": {\"uid\": \"0\", \"gid\": 0}", "",
		  "process.user.uid: expected an integer, not a string" },
		{ "\"args\": [\"a\"], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 1.5}", "",
		  "process.user.gid: expected an integer, not a non-integer number" },
		{ "\"args\": [\"a\"], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 1e3}", "",
		  "process.user.gid: expected an integer, not a non-integer number" },
		{ "\"args\": [\"a\"], \"cwd\": \"/\", \"user\": {\"uid\": -1, \"gid\": 0}", "",
		  "process.user.uid: -1 is negative" },
		{ "\"args\": [\"a\"], \"cwd\": \"/\", \"user\": {\"uid\": 4294967296, \"gid\": 0}", "",
		  "process.user.uid: 4294967296 is out of range (at most 4294967295)" },
		{ "\"args\": [\"a\"], \"cwd\": \"/\", \"user\": [0, 0]", "",
		  "process.user: expected an object, not an array" },
		{ "\"args\": [\"a\"], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0, "
		  "\"additionalGids\": [\"5\"]}",
		  "", "process.user.additionalGids[0]: expected an integer, not a string" },
		{ "\"args\": [\"a\"], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0, "
		  "\"additionalGids\": 5}",
		  "", "process.user.additionalGids: expected an array of integers, not an integer" },
		{ PROCESS_OK ", \"env\": \"PATH=/bin\"", "",
		  "process.env: expected an array of strings, not a string" },
		{ PROCESS_OK ", \"env\": [null]", "", "process.env[0]: expected a string, not null" },
		{ PROCESS_OK ", \"rlimits\": {}", "",
		  "process.rlimits: expected an array of objects, not an object" },
		{ PROCESS_OK ", \"rlimits\": [\"RLIMIT_NOFILE\"]", "",
		  "process.rlimits[0]: expected an object, not a string" },
		{ PROCESS_OK ", \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": \"1\", \"hard\": 1}]",
		  "", "process.rlimits[0].soft: expected an integer, not a string" },
		{ PROCESS_OK ", \"rlimits\": [{\"type\": 7, \"soft\": 1, \"hard\": 1}]", "",
		  "process.rlimits[0].type: expected a string, not an integer" },
		{ PROCESS_OK ", \"capabilities\": [\"CAP_KILL\"]", "",
		  "process.capabilities: expected an object, not an array" },
		{ PROCESS_OK ", \"capabilities\": {\"bounding\": [1]}", "",
		  "process.capabilities.bounding[0]: expected a string, not an integer" },
		{ PROCESS_OK ", \"noNewPrivileges\": \"true\"", "",
		  "process.noNewPrivileges: expected a boolean, not a string" },
		{ NULL, "\"hostname\": 5", "hostname: expected a string, not an integer" },
		{ NULL, "\"hostname\": null", "hostname: expected a string, not null" },
		{ NULL, "\"mounts\": {}", "mounts: expected an array of objects, not an object" },
		{ NULL, "\"mounts\": [\"/tmp\"]", "mounts[0]: expected an object, not a string" },
		{ NULL,
		  "\"mounts\": [{\"destination\": \"/tmp\", \"type\": \"tmpfs\", \"options\": \"ro\"}]",
		  "mounts[0].options: expected an array of strings, not a string" },
		{ NULL,
		  "\"mounts\": [{\"destination\": \"/tmp\", \"type\": \"tmpfs\", \"options\": [\"ro\", "
		  "false]}]",
		  "mounts[0].options[1]: expected a string, not a boolean" },
		{ NULL, "\"mounts\": [{\"destination\": [\"/tmp\"], \"type\": \"tmpfs\"}]",
		  "mounts[0].destination: expected a string, not an array" },
		{ NULL, "\"mounts\": [{\"destination\": \"/tmp\", \"type\": 1}]",
		  "mounts[0].type: expected a string, not an integer" },
		{ NULL, "\"mounts\": [{\"destination\": \"/tmp\", \"type\": \"tmpfs\", \"source\": {}}]",
		  "mounts[0].source: expected a string, not an object" },
		{ NULL, "\"linux\": []", "linux: expected an object, not an array" },
		{ NULL, "\"linux\": {\"namespaces\": {}}",
		  "linux.namespaces: expected an array of objects, not an object" },
		{ NULL, "\"linux\": {\"namespaces\": [{\"type\": \"pid\", \"path\": 1}]}",
		  "linux.namespaces[0].path: expected a string, not an integer" },
		{ NULL,
		  "\"linux\": {\"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": \"1\"}]}",
		  "linux.uidMappings[0].size: expected an integer, not a string" },
		{ NULL, "\"linux\": {\"gidMappings\": {}}",
		  "linux.gidMappings: expected an array of objects, not an object" },
		{ NULL, "\"linux\": {\"maskedPaths\": [1]}",
		  "linux.maskedPaths[0]: expected a string, not an integer" },
		{ NULL, "\"linux\": {\"readonlyPaths\": \"/proc\"}",
		  "linux.readonlyPaths: expected an array of strings, not a string" },
		{ NULL, "\"linux\": {\"resources\": {\"memory\": {\"limit\": \"1G\"}}}",
		  "linux.resources.memory.limit: expected an integer, not a string" },
		{ NULL, "\"linux\": {\"resources\": {\"pids\": 5}}",
		  "linux.resources.pids: expected an object, not an integer" },
		{ NULL, "\"linux\": {\"resources\": {\"cpu\": {\"period\": -1}}}",
		  "linux.resources.cpu.period: -1 is negative" },
		{ NULL, "\"linux\": {\"resources\": {\"cpu\": {\"shares\": 1.5}}}",
		  "linux.resources.cpu.shares: expected an integer, not a non-integer number" },
		{ NULL, "\"linux\": {\"resources\": {\"memory\": {\"swap\": 9223372036854775808}}}",
		  "linux.resources.memory.swap: 9223372036854775808 is out of range" },
		{ NULL, "\"linux\": {\"seccomp\": []}", "linux.seccomp: expected an object, not an array" },
		{ NULL, "\"linux\": {\"cgroupsPath\": 1}",
		  "linux.cgroupsPath: expected a string, not an integer" },
		{ NULL, "\"hooks\": []", "hooks: expected an object, not an array" },
	};
	const struct fixture *f = *state;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_config_error(f, cases[i].process, cases[i].extra, cases[i].want);

	expect_error(f,
		     "{\"ociVersion\": 1, \"root\": {\"path\": \"rootfs\"}, \"process\": {" PROCESS_OK "}}",
		     "ociVersion: expected a string, not an integer");
	expect_error(f, "{\"ociVersion\": \"1.0.2\", \"root\": \"rootfs\", \"process\": {" PROCESS_OK "}}",
		     "root: expected an object, not a string");
	expect_error(f,
		     "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": [\"rootfs\"]}, \"process\": "
		     "{" PROCESS_OK "}}",
		     "root.path: expected a string, not an array");
	expect_error(f, "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\", \"readonly\": 1}, "
		     "\"process\": {" PROCESS_OK "}}", "root.readonly: expected a boolean, not an integer");
	expect_error(f, "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, \"process\": []}",
		     "process: expected an object, not an array");
}

static void test_missing_required(void **state)
{
	const struct fixture *f = *state;

	expect_error(f, "{\"root\": {\"path\": \"rootfs\"}, \"process\": {" PROCESS_OK "}}",
		     "ociVersion: missing");
	expect_error(f, "{\"ociVersion\": \"1.0.2\", \"process\": {" PROCESS_OK "}}", "root: missing");
	expect_error(f,
		     "{\"ociVersion\": \"1.0.2\", \"root\": {\"readonly\": true}, \"process\": {" PROCESS_OK
		     "}}",
		     "root.path: missing");
	expect_error(f, "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}}", "process: missing");
	expect_config_error(f, "\"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0}", "",
			    "process.args: missing");
	expect_config_error(f, "\"args\": [\"sh\"], \"user\": {\"uid\": 0, \"gid\": 0}", "",
			    "process.cwd: missing");
	expect_config_error(f, "\"args\": [\"sh\"], \"cwd\": \"/\"", "", "process.user: missing");
	expect_config_error(f, "\"args\": [\"sh\"], \"cwd\": \"/\", \"user\": {\"gid\": 0}", "",
			    "process.user.uid: missing");
	expect_config_error(f, PROCESS_OK ", \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"hard\": 1}]", "",
			    "process.rlimits[0].soft: missing");
	expect_config_error(f, NULL, "\"mounts\": [{\"type\": \"tmpfs\"}]", "mounts[0].destination: missing");
	expect_config_error(f, NULL, "\"linux\": {\"namespaces\": [{\"path\": \"/proc/1/ns/pid\"}]}",
			    "linux.namespaces[0].type: missing");
	expect_config_error(f, NULL, "\"linux\": {\"uidMappings\": [{\"containerID\": 0, \"size\": 1}]}",
			    "linux.uidMappings[0].hostID: missing");
}

static void test_oci_version(void **state)
{
	static const char *const good[] = { "1.0.0", "1.0.2", "1.2.0", "1.0.0-rc5", "1.1.0+dev",
					    "1.0.2-dev.1+build.5", "1.10.100" };
	static const struct {
		const char *version;
		const char *want;
	} bad[] = {
		{ "2.0", "ociVersion: \"2.0\": major version 2 of the runtime spec is not supported" },
		{ "2.0.0", "major version 2" },
		{ "0.5.0-dev", "major version 0" },
		{ "10.0.0", "major version 10" },
		{ "1.0", "ociVersion: \"1.0\" is not a semantic version" },
		{ "1", "is not a semantic version" },
		{ "v1.0.0", "is not a semantic version" },
		{ "01.0.0", "is not a semantic version" },
		{ "1.00.0", "is not a semantic version" },
		{ "1.0.0-", "is not a semantic version" },
		{ "1.0.0+", "is not a semantic version" },
		{ "1.0.0 ", "is not a semantic version" },
		{ "", "is not a semantic version" },
	};
	const struct fixture *f = *state;
	char json[512];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct bundle b;

		snprintf(json, sizeof(json), "{\"ociVersion\": \"%s\", \"root\": {\"path\": \"rootfs\"}, "
			 "\"process\": {" PROCESS_OK "}}", good[i]);
		parse_ok(f, json, &b);
		assert_string_equal(b.oci_version, good[i]);
		bundle_free(&b);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(json, sizeof(json), "{\"ociVersion\": \"%s\", \"root\": {\"path\": \"rootfs\"}, "
			 "\"process\": {" PROCESS_OK "}}", bad[i].version);
		expect_error(f, json, bad[i].want);
	}
}

static void test_process_values(void **state)
{
	const struct fixture *f = *state;

	expect_config_error(f, "\"args\": [], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0}", "",
			    "process.args: empty");
	expect_config_error(f,
			    "\"args\": [\"\", \"x\"], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0}",
			    "", "process.args[0]: empty");
	expect_config_error(f,
			    "\"args\": [\"sh\", \"a\\u0000b\"], \"cwd\": \"/\", \"user\": {\"uid\": 0, "
			    "\"gid\": 0}",
			    "", "process.args[1]: contains a NUL character");
	expect_config_error(f, "\"args\": [\"sh\"], \"cwd\": \"tmp\", \"user\": {\"uid\": 0, \"gid\": 0}", "",
			    "process.cwd: \"tmp\" is not absolute");
	expect_config_error(f, "\"args\": [\"sh\"], \"cwd\": \"\", \"user\": {\"uid\": 0, \"gid\": 0}", "",
			    "process.cwd: \"\" is not absolute");
	expect_config_error(f, PROCESS_OK ", \"env\": [\"A=1\", \"FOO\"]", "",
			    "process.env[1]: \"FOO\" is not KEY=VALUE");
	expect_config_error(f, PROCESS_OK ", \"env\": [\"=x\"]", "",
			    "process.env[0]: \"=x\" is not KEY=VALUE");
	/* Control characters in a value are shown escaped. */
	expect_config_error(f, PROCESS_OK ", \"env\": [\"\\u001b[31m\"]", "",
			    "process.env[0]: \"\\x1b[31m\" is not KEY=VALUE");
	expect_config_error(f, PROCESS_OK ", \"capabilities\": {\"ambient\": [\"CAP_KILL\", \"chown\"]}", "",
			    "process.capabilities.ambient[1]: \"chown\" is not a capability name");
	expect_config_error(f, PROCESS_OK ", \"capabilities\": {\"effective\": [\"CAP_\"]}", "",
			    "is not a capability name");
	expect_config_ok(
		f, PROCESS_OK ", \"capabilities\": {\"effective\": [\"CAP_SYS_ADMIN\", \"CAP_BPF\"]}", "");
	expect_config_error(f, NULL,
			    "\"hostname\": "
			    "\"12345678901234567890123456789012345678901234567890123456789012345\"",
			    "hostname: \"1234567890123456789012345678901234567890123456789012345...\" is "
			    "longer than 64 bytes");
	expect_config_ok(f, NULL,
			 "\"hostname\": "
			 "\"1234567890123456789012345678901234567890123456789012345678901234\"");
}

static void test_rlimits(void **state)
{
	const struct fixture *f = *state;
	struct bundle b;
	char *json;

	expect_config_error(f,
			    PROCESS_OK ", \"rlimits\": [{\"type\": \"RLIMIT_FOO\", \"soft\": 1, \"hard\": "
				       "1}]",
			    "", "process.rlimits[0].type: \"RLIMIT_FOO\" is not a Linux resource limit");
	expect_config_error(f,
			    PROCESS_OK ", \"rlimits\": [{\"type\": \"nofile\", \"soft\": 1, \"hard\": 1}]",
			    "", "\"nofile\" is not a Linux resource limit");
	expect_config_error(f,
			    PROCESS_OK ", \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1, "
				       "\"hard\": 1}, "
				       "{\"type\": \"RLIMIT_CPU\", \"soft\": 1, \"hard\": 1}, "
				       "{\"type\": \"RLIMIT_NOFILE\", \"soft\": 2, \"hard\": 2}]",
			    "",
			    "process.rlimits[2].type: RLIMIT_NOFILE is already set by process.rlimits[0]");
	expect_config_error(f,
			    PROCESS_OK ", \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 2048, "
				       "\"hard\": 1024}]",
			    "", "process.rlimits[0]: the soft limit 2048 is above the hard limit 1024");
	expect_config_error(f,
			    PROCESS_OK ", \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": -1, "
				       "\"hard\": 1}]",
			    "", "process.rlimits[0].soft: -1 is negative");

	json = config(PROCESS_OK ", \"rlimits\": [{\"type\": \"RLIMIT_AS\", \"soft\": 1, \"hard\": 2}, "
		      "{\"type\": \"RLIMIT_CPU\", \"soft\": 0, \"hard\": 0}, {\"type\": \"RLIMIT_STACK\", "
		      "\"soft\": 8388608, \"hard\": 18446744073709551615}, {\"type\": \"RLIMIT_RTTIME\", "
		      "\"soft\": 5, \"hard\": 5}]", "");
	parse_ok(f, json, &b);
	assert_int_equal(b.process.rlimit_count, 4);
	assert_int_equal(b.process.rlimits[0].resource, RLIMIT_AS);
	assert_int_equal(b.process.rlimits[1].resource, RLIMIT_CPU);
	assert_int_equal(b.process.rlimits[2].resource, RLIMIT_STACK);
	assert_true(b.process.rlimits[2].hard == UINT64_MAX);
	assert_int_equal(b.process.rlimits[3].resource, RLIMIT_RTTIME);
	bundle_free(&b);
	free(json);
}

static void test_root(void **state)
{
	const struct fixture *f = *state;
	char json[PATH_MAX + 256], path[PATH_MAX];
	struct bundle b;

	expect_error(f,
		     "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"nothere\"}, \"process\": "
		     "{" PROCESS_OK "}}",
		     "root.path: \"/tmp/zviz-test-bundle-");
	expect_error(f,
		     "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"nothere\"}, \"process\": "
		     "{" PROCESS_OK "}}",
		     "/nothere\" does not exist");
	write_file(f->dir, "file", "x", 1);
	expect_error(f,
		     "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"file\"}, \"process\": {" PROCESS_OK
		     "}}",
		     "/file\" is not a directory");
	expect_error(
		f, "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"\"}, \"process\": {" PROCESS_OK "}}",
		"root.path: empty");
	/* Errors in the text come before the stat(). */
	expect_error(f,
		     "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"nothere\"}, \"process\": {"
		     "\"args\": [], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0}}}",
		     "process.args: empty");

	/* An absolute root is used as it is; a symlink to a directory is a
	 * directory. */
	snprintf(json, sizeof(json), "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"%s/rootfs\", "
		 "\"readonly\": true}, \"process\": {" PROCESS_OK "}}", f->dir);
	parse_ok(f, json, &b);
	assert_root_path(f, &b, "/rootfs");
	assert_true(b.root_readonly);
	bundle_free(&b);
	snprintf(path, sizeof(path), "%s/link", f->dir);
	assert_int_equal(symlink("rootfs", path), 0);
	parse_ok(f,
		 "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"./link\"}, \"process\": {" PROCESS_OK
		 "}}",
		 &b);
	assert_root_path(f, &b, "/link");
	bundle_free(&b);
}

static void test_mount_destinations(void **state)
{
	static const struct {
		const char *destination;
		const char *clean;
	} good[] = {
		{ "/", "/" }, { "/tmp", "/tmp" }, { "//tmp//x/", "/tmp/x" }, { "/./a/./b/.", "/a/b" },
		{ "/a/.../b", "/a/.../b" }, { "/..a/b..", "/..a/b.." }, { "///", "/" },
	};
	static const struct {
		const char *destination;
		const char *want;
	} bad[] = {
		{ "tmp", "mounts[0].destination: \"tmp\" is not absolute" },
		{ "", "mounts[0].destination: \"\" is not absolute" },
		{ "./tmp", "is not absolute" },
		{ "/a/../../etc", "mounts[0].destination: \"/a/../../etc\" has a \"..\" component" },
		{ "/..", "has a \"..\" component" },
		{ "/a/..", "has a \"..\" component" },
		{ "/a/../b", "has a \"..\" component" },
	};
	const struct fixture *f = *state;
	char extra[256];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct bundle b;
		char *json;

		snprintf(extra, sizeof(extra), "\"mounts\": [{\"destination\": \"%s\", \"type\": \"tmpfs\"}]",
			 good[i].destination);
		json = config(NULL, extra);
		parse_ok(f, json, &b);
		assert_string_equal(b.mounts[0].destination, good[i].clean);
		assert_null(b.mounts[0].source);
		bundle_free(&b);
		free(json);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(extra, sizeof(extra), "\"mounts\": [{\"destination\": \"%s\", \"type\": \"tmpfs\"}]",
			 bad[i].destination);
		expect_config_error(f, NULL, extra, bad[i].want);
	}
	/* The index names the right mount. */
	expect_config_error(f, NULL, "\"mounts\": [{\"destination\": \"/ok\", \"type\": \"tmpfs\"}, "
			    "{\"destination\": \"tmp\", \"type\": \"tmpfs\"}]",
			    "mounts[1].destination: \"tmp\" is not absolute");
}

static void test_mount_types_and_options(void **state)
{
	const struct fixture *f = *state;
	struct bundle b;
	char *json;

	expect_config_error(f, NULL,
			    "\"mounts\": [{\"destination\": \"/mnt\", \"type\": \"ext4\", \"source\": "
			    "\"/dev/sda1\"}]",
			    "mounts[0].type: \"ext4\" is not supported (bind, tmpfs, proc, sysfs, devpts, "
			    "mqueue, "
			    "cgroup, cgroup2)");
	expect_config_error(f, NULL, "\"mounts\": [{\"destination\": \"/mnt\", \"type\": \"overlay\"}]",
			    "\"overlay\" is not supported");
	expect_config_error(f, NULL, "\"mounts\": [{\"destination\": \"/mnt\", \"source\": \"/x\"}]",
			    "mounts[0].type: missing (only a bind mount may leave it out)");
	expect_config_error(f, NULL, "\"mounts\": [{\"destination\": \"/mnt\", \"options\": [\"rbind\"]}]",
			    "mounts[0].source: missing (a bind mount needs one)");
	expect_config_error(f, NULL,
			    "\"mounts\": [{\"destination\": \"/mnt\", \"type\": \"bind\", \"source\": "
			    "\"\"}]",
			    "mounts[0].source: empty");
	expect_config_error(f, NULL,
			    "\"mounts\": [{\"destination\": \"/mnt\", \"type\": \"none\", \"source\": "
			    "\"/x\", "
			    "\"options\": [\"bind\", \"mode=755\"]}]",
			    "mounts[0].options: \"mode=755\": a bind mount takes no filesystem options");
	expect_config_error(f, NULL,
			    "\"mounts\": [{\"destination\": \"/mnt\", \"type\": \"none\", \"source\": "
			    "\"/x\", "
			    "\"options\": [\"rbind\", \"rro\"]}]",
			    "mounts[0].options[1]: \"rro\" is not supported by zviz-load");
	expect_config_error(f, NULL,
			    "\"mounts\": [{\"destination\": \"/mnt\", \"type\": \"bind\", \"source\": "
			    "\"/x\", "
			    "\"options\": [\"idmap\"]}]",
			    "\"idmap\" is not supported by zviz-load");
	expect_config_error(f, NULL, "\"mounts\": [{\"destination\": \"/mnt\", \"type\": \"tmpfs\", "
			    "\"options\": [\"tmpcopyup\"]}]", "\"tmpcopyup\" is not supported by zviz-load");
	expect_config_error(f, NULL, "\"mounts\": [{\"destination\": \"/mnt\", \"type\": \"tmpfs\", "
			    "\"options\": [\"ro\", \"\"]}]", "mounts[0].options[1]: empty");

	/* Any type with bind or rbind is a bind mount; later options win;
	 * the last propagation wins. */
	json = config(NULL, "\"mounts\": ["
			    "{\"destination\": \"/a\", \"type\": \"ext4\", \"source\": \"vol\", "
			    "\"options\": [\"bind\", \"ro\", \"nodev\", \"rw\", \"dev\", \"private\", "
			    "\"rshared\"]}, "
			    "{\"destination\": \"/b\", \"source\": \"/src\", \"options\": [\"rbind\", "
			    "\"remount\", "
			    "\"nosymfollow\", \"defaults\"]}, "
			    "{\"destination\": \"/c\", \"type\": \"cgroup2\"}, "
			    "{\"destination\": \"/d\", \"type\": \"tmpfs\", \"options\": [\"size=1k\", "
			    "\"noexec\", "
			    "\"nr_inodes=5\", \"exec\", \"sync\", \"async\", \"lazytime\", \"nodiratime\", "
			    "\"silent\"]}]");
	parse_ok(f, json, &b);
	assert_int_equal(b.mount_count, 4);
	assert_int_equal(b.mounts[0].kind, BUNDLE_MOUNT_BIND);
	assert_string_equal(b.mounts[0].type, "ext4");
	assert_int_equal(b.mounts[0].flags, MS_BIND);
	assert_int_equal(b.mounts[0].propagation, MS_SHARED | MS_REC);
	assert_int_equal(b.mounts[0].options.count, 7);
	assert_string_equal(b.mounts[0].options.items[6], "rshared");
	assert_int_equal(b.mounts[1].kind, BUNDLE_MOUNT_BIND);
	assert_null(b.mounts[1].type);
	assert_string_equal(b.mounts[1].source, "/src");
	assert_int_equal(b.mounts[1].flags, MS_BIND | MS_REC | MS_REMOUNT | MS_NOSYMFOLLOW);
	assert_int_equal(b.mounts[2].kind, BUNDLE_MOUNT_CGROUP2);
	assert_int_equal(b.mounts[2].flags, 0);
	assert_string_equal(b.mounts[2].data, "");
	assert_int_equal(b.mounts[3].kind, BUNDLE_MOUNT_TMPFS);
	assert_int_equal(b.mounts[3].flags, MS_LAZYTIME | MS_NODIRATIME | MS_SILENT);
	assert_string_equal(b.mounts[3].data, "size=1k,nr_inodes=5");
	assert_string_equal(bundle_mount_kind_name(b.mounts[3].kind), "tmpfs");
	bundle_free(&b);
	free(json);
}

static void test_namespaces(void **state)
{
	const struct fixture *f = *state;

	expect_config_error(f, NULL, "\"linux\": {\"namespaces\": [{\"type\": \"net\"}]}",
			    "linux.namespaces[0].type: \"net\" is not a namespace type");
	expect_config_error(f, NULL, "\"linux\": {\"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"uts\"}, "
			    "{\"type\": \"pid\", \"path\": \"/proc/1/ns/pid\"}]}",
			    "linux.namespaces[2].type: pid is already listed at linux.namespaces[0]");
	expect_config_error(f, NULL,
			    "\"linux\": {\"namespaces\": [{\"type\": \"user\", \"path\": "
			    "\"proc/1/ns/user\"}]}",
			    "linux.namespaces[0].path: \"proc/1/ns/user\" is not absolute");
	expect_config_error(f, NULL, "\"linux\": {\"namespaces\": [\"pid\"]}",
			    "linux.namespaces[0]: expected an object, not a string");
}

/* "linux": {"uidMappings": [...]} with COUNT entries. */
static char *mappings(size_t count)
{
	static const char entry[] = "{\"containerID\": 0, \"hostID\": 100000, \"size\": 1}";
	size_t size = 64 + count * (sizeof(entry) + 2), i, o;
	char *text = malloc(size);

	assert_non_null(text);
	o = (size_t)sprintf(text, "\"linux\": {\"uidMappings\": [");
	for (i = 0; i < count; i++)
		o += (size_t)sprintf(text + o, "%s%s", i ? ", " : "", entry);
	sprintf(text + o, "]}");
	return text;
}

static void test_id_mappings(void **state)
{
	const struct fixture *f = *state;
	char *extra;

	extra = mappings(340);
	expect_config_ok(f, NULL, extra);
	free(extra);
	extra = mappings(341);
	expect_config_error(f, NULL, extra, "linux.uidMappings: 341 entries, more than the kernel's 340");
	free(extra);
	expect_config_error(f, NULL,
			    "\"linux\": {\"gidMappings\": [{\"containerID\": 0, \"hostID\": 1, \"size\": "
			    "0}]}",
			    "linux.gidMappings[0].size: 0 maps no id");
	expect_config_error(f, NULL,
			    "\"linux\": {\"uidMappings\": [{\"containerID\": 4294967295, \"hostID\": 1, "
			    "\"size\": 2}]}",
			    "linux.uidMappings[0]: the range runs past id 4294967295");
	expect_config_error(f, NULL,
			    "\"linux\": {\"uidMappings\": [{\"containerID\": 0, \"hostID\": 4294967000, "
			    "\"size\": 1000}]}",
			    "the range runs past id 4294967295");
	expect_config_ok(f, NULL,
			 "\"linux\": {\"uidMappings\": [{\"containerID\": 4294967294, \"hostID\": 0, "
			 "\"size\": 2}]}");
}

static void test_linux_paths_and_limits(void **state)
{
	const struct fixture *f = *state;
	struct bundle b;
	char *json;

	expect_config_error(f, NULL, "\"linux\": {\"maskedPaths\": [\"/proc/kcore\", \"proc/keys\"]}",
			    "linux.maskedPaths[1]: \"proc/keys\" is not absolute");
	expect_config_error(f, NULL, "\"linux\": {\"readonlyPaths\": [\"/proc/../etc\"]}",
			    "linux.readonlyPaths[0]: \"/proc/../etc\" has a \"..\" component");
	expect_config_error(f, NULL, "\"linux\": {\"cgroupsPath\": \"/a/../../b\"}",
			    "linux.cgroupsPath: \"/a/../../b\" has a \"..\" component");
	expect_config_error(f, NULL, "\"linux\": {\"cgroupsPath\": \"..\"}", "has a \"..\" component");
	expect_config_error(f, NULL, "\"linux\": {\"resources\": {\"memory\": {\"limit\": -2}}}",
			    "linux.resources.memory.limit: -2 is negative (-1 means unlimited)");
	expect_config_error(f, NULL, "\"linux\": {\"resources\": {\"pids\": {\"limit\": -5}}}",
			    "linux.resources.pids.limit: -5 is negative");

	json = config(NULL, "\"linux\": {\"cgroupsPath\": \"zviz:..slice:x\", \"maskedPaths\": [], "
		      "\"resources\": {\"memory\": {\"limit\": -1}, \"pids\": {}, \"cpu\": {\"quota\": -1, "
		      "\"period\": 18446744073709551615}}, \"seccomp\": {}}");
	parse_ok(f, json, &b);
	assert_string_equal(b.cgroups_path, "zviz:..slice:x");
	assert_int_equal(b.masked_paths.count, 0);
	assert_non_null(b.masked_paths.items);
	assert_true(b.resources.has_memory_limit);
	assert_int_equal(b.resources.memory_limit, -1);
	assert_false(b.resources.has_memory_swap);
	assert_false(b.resources.has_pids_limit);
	assert_true(b.resources.has_cpu_quota);
	assert_int_equal(b.resources.cpu_quota, -1);
	assert_true(b.resources.cpu_period == UINT64_MAX);
	assert_false(b.resources.has_cpu_shares);
	assert_true(b.has_seccomp);
	bundle_free(&b);
	free(json);
}

/* Unknown keys anywhere are ignored, known keys keep their meaning. */
static void test_unknown_keys_ignored(void **state)
{
	const struct fixture *f = *state;
	struct bundle b;
	char *json;

	json = config(PROCESS_OK ", \"apparmorProfile\": 5, \"x-extension\": {\"args\": 1}",
		      "\"annotations\": {\"process\": []}, \"windows\": null, \"vm\": [1, 2], "
		      "\"linux\": {\"sysctl\": {\"a\": \"b\"}, \"devices\": 7, \"personality\": {}}, "
		      "\"mounts\": [{\"destination\": \"/x\", \"type\": \"proc\", \"uidMappings\": \"?\"}]");
	parse_ok(f, json, &b);
	assert_string_equal(b.process.args.items[0], "/bin/true");
	assert_int_equal(b.mount_count, 1);
	bundle_free(&b);
	free(json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_crun_spec, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crun_spec_rootless, setup, teardown),
		cmocka_unit_test_setup_teardown(test_runc_spec, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_minimal_defaults, setup, teardown),
		cmocka_unit_test(test_free_zeroed),
		cmocka_unit_test_setup_teardown(test_load_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_too_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_relative_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_c_leniency_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trailing_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nesting_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_yaml_unfriendly_json_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_required, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oci_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_process_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rlimits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mount_destinations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mount_types_and_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_namespaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_id_mappings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_linux_paths_and_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_keys_ignored, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
