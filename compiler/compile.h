/* zvizc: from a resolved profile to a verified policy and its bytes. */
#ifndef ZVIZC_COMPILE_H
#define ZVIZC_COMPILE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "resolve.h"
#include "verify.h"

/* Generates R's seccomp program, verifies it against R's model and fills
 * R's seccomp section.  The program is heap memory: compile_release()
 * frees it.  Nothing is written anywhere. */
int compile_seccomp(struct resolved_profile *r, const struct zvizc_syscalls *syscalls,
		    struct verify_result *result, struct zviz_error *err);
void compile_release(struct resolved_profile *r);

/* Writes LEN bytes to PATH through a temporary file in the same
 * directory, renamed into place only when complete: a failed compile
 * never leaves a half-written policy behind. */
int write_file_atomic(const char *path, const void *data, size_t len, struct zviz_error *err);

/* "1,412" */
const char *format_thousands(char *buf, size_t size, uint64_t n);

#endif
