/* libzviz: how zviz's programs report a failure: one line on stderr,
 * "prog: what: why", the same in the compiler and the loader. */
#ifndef ZVIZ_DIAG_H
#define ZVIZ_DIAG_H

/* Prints "PROG: WHAT: WHY" where WHY is formatted from FMT. */
void zviz_diag(const char *prog, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prints "PROG: WHAT: strerror(ERRNUM)". */
void zviz_diag_errno(const char *prog, const char *what, int errnum);

#endif
