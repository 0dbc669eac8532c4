/* zvizc: compiling a resolved profile (see compile.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codegen.h"
#include "compile.h"

int compile_seccomp(struct resolved_profile *r, const struct zvizc_syscalls *syscalls,
		    struct verify_result *result, struct zviz_error *err)
{
	struct zviz_seccomp *sc = &r->policy.seccomp;
	struct sock_filter *insns;
	uint32_t count;

	if (codegen_program(&r->policy.model, &insns, &count, err) < 0)
		return -1;
	if (verify_program(&r->policy.model, syscalls, insns, count, result, err) < 0) {
		free(insns);
		return zviz_error_prefix(err, "verification failed");
	}
	sc->insns = insns;
	sc->insn_count = count;
	sc->actions_needed = codegen_actions_needed(insns, count);
	sc->filter_flags = 0;
	return 0;
}

void compile_release(struct resolved_profile *r)
{
	free(r->policy.seccomp.insns);
	r->policy.seccomp.insns = NULL;
	r->policy.seccomp.insn_count = 0;
}

int write_file_atomic(const char *path, const void *data, size_t len, struct zviz_error *err)
{
	size_t n = strlen(path);
	char *tmp = malloc(n + 16);
	const char *p = data;
	int fd, saved;

	if (tmp == NULL)
		return zviz_error_set(err, "out of memory");
	snprintf(tmp, n + 16, "%s.tmp-XXXXXX", path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		saved = errno;
		free(tmp);
		return zviz_error_set(err, "cannot create a file beside it: %s", strerror(saved));
	}
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto fail;
		p += w;
		len -= (size_t)w;
	}
	if (fchmod(fd, 0644) < 0 || fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		fd = -1;
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return zviz_error_set(err, "cannot write: %s", strerror(saved));
}

const char *format_thousands(char *buf, size_t size, uint64_t n)
{
	char digits[32];
	size_t len, out = 0;

	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)n);
	len = strlen(digits);
	for (size_t i = 0; i < len && out + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[out++] = ',';
		buf[out++] = digits[i];
	}
	buf[out] = '\0';
	return buf;
}
