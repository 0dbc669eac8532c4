/* libzviz: "prog: what: why" on stderr (see diag.h). */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

void zviz_diag(const char *prog, const char *what, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: ", prog, what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void zviz_diag_errno(const char *prog, const char *what, int errnum)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errnum));
}
