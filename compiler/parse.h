/* zvizc: parsing one .zp source into a syntax tree (grammar/zp.y, zp.l). */
#ifndef ZVIZC_PARSE_H
#define ZVIZC_PARSE_H

#include <stdbool.h>

#include "arena.h"
#include "ast.h"
#include "diagnostics.h"
#include "source.h"

/* What the scanner and the parser share while one file is read. */
struct zp_parse_ctx {
	struct arena *arena;
	struct diags *diags;
	const struct zp_source *src;
	struct zp_file *file;
	/* Scanner state: statement keywords are only keywords where a
	 * statement can start, so `allow read, kill;` names syscalls. */
	bool keyword_next;
	bool in_group_body;        /* a group's { } holds names, not statements */
	int line, col;             /* position of the next character */
	unsigned syntax_errors;
};

/* Parses SRC.  Syntax errors go to DIAGS with their locations; the parser
 * recovers at the next `;` or `}` so one run reports all of them.
 * Always returns a file (possibly partial). */
struct zp_file *zp_parse_source(struct arena *a, struct diags *d, const struct zp_source *src);

/* Helpers the grammar's actions use. */
struct zp_loc zp_loc_make(const struct zp_parse_ctx *ctx, int line, int col, int end_line, int end_col);

#endif
