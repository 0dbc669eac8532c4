/* Writes the seed corpus for fuzz-policy: the sample policy whole, its
 * variants, and a few cuts of it, into the directory named by argv[1]. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "sample-policy.h"

static int write_seed(const char *dir, const char *name, const uint8_t *data, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "make-seeds: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct zviz_policy p;
	struct zviz_error err;
	uint8_t *blob, *other;
	size_t len, other_len;
	int ret = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: make-seeds DIR\n");
		return 2;
	}
	blob = sample_policy_blob(&len);
	ret |= write_seed(argv[1], "sample.bin", blob, len);
	ret |= write_seed(argv[1], "header-only.bin", blob, ZVIZ_POLICY_HEADER_SIZE);

	/* A smaller policy: Landlock off, no limits, private network. */
	if (sample_policy_build(&p) < 0)
		return 1;
	for (uint32_t i = 0; i < p.landlock.path_count; i++)
		free(p.landlock.paths[i].path);
	free(p.landlock.paths);
	free(p.landlock.ports);
	memset(&p.landlock, 0, sizeof(p.landlock));
	memset(&p.cgroup, 0, sizeof(p.cgroup));
	p.network_mode = ZVIZ_NETWORK_PRIVATE;
	if (zviz_policy_encode(&p, &other, &other_len, &err) < 0) {
		fprintf(stderr, "make-seeds: %s\n", err.msg);
		return 1;
	}
	ret |= write_seed(argv[1], "small.bin", other, other_len);
	free(other);
	zviz_policy_free(&p);
	free(blob);
	return ret ? 1 : 0;
}
