/* libFuzzer harness for the config.json reader.  Any input must be either
 * refused with a "config.json: ..." message and a zeroed struct, or
 * accepted with every promise of bundle.h kept; a crash, a leak, a silent
 * refusal or a broken promise is a bug.
 *
 * The bundle directory is a temporary one with a rootfs/ in it, made once,
 * so that the seeds (testsuite/data/bundles, root.path "rootfs") are
 * accepted and the fuzzer starts from configs that pass every check. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char bundle_dir[] = "/tmp/zviz-fuzz-bundle-XXXXXX";
static char rootfs_dir[sizeof(bundle_dir) + 8];

static void remove_bundle_dir(void)
{
	rmdir(rootfs_dir);
	rmdir(bundle_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (mkdtemp(bundle_dir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	snprintf(rootfs_dir, sizeof(rootfs_dir), "%s/rootfs", bundle_dir);
	if (mkdir(rootfs_dir, 0755) < 0) {
		perror("mkdir");
		exit(1);
	}
	atexit(remove_bundle_dir);
	return 0;
}

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "accepted config breaks a promise: %s\n", what);
		abort();
	}
}

static void check_strings(const struct bundle_strings *list)
{
	size_t i;

	if (list->items == NULL) {
		check(list->count == 0, "a list without items has a count");
		return;
	}
	for (i = 0; i < list->count; i++)
		check(list->items[i] != NULL, "a list has a NULL item");
	check(list->items[list->count] == NULL, "a list is not NULL-terminated");
}

/* Absolute, no "//", no "." or ".." component, no trailing '/'. */
static void check_clean(const char *path)
{
	const char *p;

	check(path[0] == '/', "a clean path is not absolute");
	if (path[1] == '\0')
		return;
	check(path[strlen(path) - 1] != '/', "a clean path ends with '/'");
	check(strstr(path, "//") == NULL, "a clean path has \"//\"");
	for (p = path; *p != '\0'; p++) {
		size_t n;

		if (*p != '/')
			continue;
		n = strcspn(p + 1, "/");
		check(!(n == 1 && p[1] == '.'), "a clean path has a \".\"");
		check(!(n == 2 && p[1] == '.' && p[2] == '.'), "a clean path has a \"..\"");
	}
}

static void check_bundle(const struct bundle *b)
{
	size_t i;

	check(b->dir != NULL && b->dir[0] == '/', "dir");
	check(b->oci_version != NULL && b->oci_version[0] == '1' && b->oci_version[1] == '.', "ociVersion");
	check(b->root_path != NULL && b->root_path[0] == '/', "root.path");
	check_strings(&b->process.args);
	check(b->process.args.count >= 1 && b->process.args.items[0][0] != '\0', "process.args");
	check_strings(&b->process.env);
	for (i = 0; i < b->process.env.count; i++)
		check(strchr(b->process.env.items[i], '=') > b->process.env.items[i], "process.env");
	check(b->process.cwd != NULL && b->process.cwd[0] == '/', "process.cwd");
	check((b->process.additional_gids == NULL) == (b->process.additional_gid_count == 0),
	      "additionalGids");
	for (i = 0; i < b->process.rlimit_count; i++)
		check(b->process.rlimits[i].soft <= b->process.rlimits[i].hard, "rlimits");
	check_strings(&b->process.capabilities.bounding);
	check_strings(&b->process.capabilities.effective);
	check_strings(&b->process.capabilities.inheritable);
	check_strings(&b->process.capabilities.permitted);
	check_strings(&b->process.capabilities.ambient);
	check(b->hostname == NULL || strlen(b->hostname) <= BUNDLE_HOSTNAME_MAX, "hostname");
	for (i = 0; i < b->mount_count; i++) {
		const struct bundle_mount *m = &b->mounts[i];

		check_clean(m->destination);
		check(m->kind >= BUNDLE_MOUNT_BIND && m->kind <= BUNDLE_MOUNT_CGROUP2, "mount kind");
		check(m->data != NULL, "mount data");
		check_strings(&m->options);
		if (m->kind == BUNDLE_MOUNT_BIND)
			check(m->source != NULL && m->source[0] == '/' && m->data[0] == '\0' &&
			      (m->flags & MS_BIND), "bind mount");
	}
	for (i = 0; i < b->namespace_count; i++)
		check(b->namespaces[i].type != 0 &&
		      (b->namespaces[i].path == NULL || b->namespaces[i].path[0] == '/'), "namespace");
	check(b->uid_mapping_count <= BUNDLE_ID_MAPPINGS_MAX &&
		      b->gid_mapping_count <= BUNDLE_ID_MAPPINGS_MAX,
	      "id mappings");
	for (i = 0; i < b->uid_mapping_count; i++)
		check(b->uid_mappings[i].size > 0, "uidMappings size");
	check_strings(&b->masked_paths);
	for (i = 0; i < b->masked_paths.count; i++)
		check_clean(b->masked_paths.items[i]);
	check_strings(&b->readonly_paths);
	for (i = 0; i < b->readonly_paths.count; i++)
		check_clean(b->readonly_paths.items[i]);
	check(!b->resources.has_memory_limit || b->resources.memory_limit >= -1, "memory.limit");
	check(!b->resources.has_pids_limit || b->resources.pids_limit >= -1, "pids.limit");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct bundle zero;
	struct zviz_error err = { "" };
	struct bundle b;
	char *copy;

	/* An exact-size copy, so that ASan catches a read past LEN. */
	copy = malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	if (bundle_parse(copy, size, bundle_dir, &b, &err) < 0) {
		if (strncmp(err.msg, "config.json: ", 13) != 0 || err.msg[13] == '\0') {
			fprintf(stderr, "refused without a proper message: \"%s\"\n", err.msg);
			abort();
		}
		if (memcmp(&b, &zero, sizeof(b)) != 0) {
			fprintf(stderr, "refused, but the struct is not zeroed\n");
			abort();
		}
	} else {
		check_bundle(&b);
		bundle_free(&b);
		if (memcmp(&b, &zero, sizeof(b)) != 0)
			abort();
	}
	free(copy);
	return 0;
}
