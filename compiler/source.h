/* zvizc: source files and locations inside them. */
#ifndef ZVIZC_SOURCE_H
#define ZVIZC_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct zp_source {
	const char *path;          /* as the user or the include named it */
	const char *text;          /* NUL-terminated copy of the file */
	size_t len;
	size_t *line_starts;       /* byte offset of each line */
	size_t line_count;
};

/* A span in a source: 1-based lines and columns (columns count bytes). */
struct zp_loc {
	const struct zp_source *src;
	int line, col;
	int end_line, end_col;     /* inclusive */
};

/* A source from memory (NAME is shown in diagnostics). */
struct zp_source *source_from_memory(struct arena *a, const char *name, const char *text, size_t len);

/* Reads PATH; returns NULL and sets errno on failure.  Refuses files with
 * NUL bytes (EILSEQ) and files over 4 MiB (EFBIG). */
struct zp_source *source_read(struct arena *a, const char *path);

/* Text of line LINE (1-based) without its newline; *LEN receives its length. */
const char *source_line(const struct zp_source *src, int line, size_t *len);

#endif
