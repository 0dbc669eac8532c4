/* zvizc: running the scanner and parser over one source (see parse.h). */
#include <config.h>

#include <stdint.h>
#include <stdio.h>

#include "parse.h"
#include "zp-parse.h"

/* From the flex-generated scanner. */
typedef void *zp_scan_t;
typedef struct yy_buffer_state *YY_BUFFER_STATE;
int zp_lex_init_extra(struct zp_parse_ctx *extra, zp_scan_t *scanner);
int zp_lex_destroy(zp_scan_t scanner);
YY_BUFFER_STATE zp__scan_bytes(const char *bytes, int len, zp_scan_t scanner);

struct zp_loc zp_loc_make(const struct zp_parse_ctx *ctx, int line, int col, int end_line, int end_col)
{
	struct zp_loc loc = { ctx->src, line, col, end_line, end_col };

	if (loc.end_line < loc.line || (loc.end_line == loc.line && loc.end_col < loc.col)) {
		loc.end_line = line;
		loc.end_col = col;
	}
	return loc;
}

struct zp_file *zp_parse_source(struct arena *a, struct diags *d, const struct zp_source *src)
{
	struct zp_parse_ctx ctx = {
		.arena = a, .diags = d, .src = src,
		.keyword_next = true, .line = 1, .col = 1,
	};
	zp_scan_t scanner;

	ctx.file = arena_alloc(a, sizeof(*ctx.file));
	ctx.file->src = src;
	if (src->len > INT32_MAX || zp_lex_init_extra(&ctx, &scanner) != 0) {
		fputs("zvizc: cannot start the scanner\n", stderr);
		return ctx.file;
	}
	zp__scan_bytes(src->text, (int)src->len, scanner);
	zp_parse(scanner, &ctx);
	zp_lex_destroy(scanner);
	ctx.file->syntax_errors = ctx.syntax_errors;
	return ctx.file;
}
