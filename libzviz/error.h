/* libzviz: error reports.  Library functions return 0 or -1 and, on -1,
 * leave one sentence in a caller-provided struct zviz_error; the program
 * that called them prints it through its diagnostics ("prog: what: why"). */
#ifndef ZVIZ_ERROR_H
#define ZVIZ_ERROR_H

#include <stddef.h>

#define ZVIZ_ERROR_MAX 256

struct zviz_error {
	char msg[ZVIZ_ERROR_MAX];
};

/* Sets ERR's message (printf-style); ERR may be NULL.  Always returns -1,
 * so a failing path can say `return zviz_error_set(err, ...);`. */
int zviz_error_set(struct zviz_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Puts "PREFIX: " in front of ERR's message; returns -1. */
int zviz_error_prefix(struct zviz_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
