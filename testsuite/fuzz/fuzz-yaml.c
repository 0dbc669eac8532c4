/* libFuzzer harness for YAML profiles: libyaml's events, the document
 * tree, the expression parser, then symbols and resolution of whatever
 * tree came out.  Whatever the input, zvizc must not crash, leak or hang;
 * every diagnostic must carry a location inside the input, and the
 * file's syntax_errors must count every syntax diagnostic (at least: the
 * diagnostics drop a repeat of the same message at the same place). */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resolve.h"
#include "symbols.h"
#include "syscalls.h"
#include "yaml-profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Built once: the table is the same for every input. */
static struct zvizc_syscalls *syscalls;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena arena;
	struct diags diags;
	struct zp_source *src;
	struct zp_program prog;
	struct symbols symbols;
	size_t syntax = 0;

	if (syscalls == NULL && (syscalls = zvizc_syscalls_load()) == NULL)
		abort();
	if (size > 64 * 1024)
		return 0;
	arena_init(&arena);
	diags_init(&diags, &arena);
	src = source_from_memory(&arena, "fuzz.yaml", (const char *)data, size);
	memset(&prog, 0, sizeof(prog));
	prog.root = prog.files = yaml_parse_source(&arena, &diags, src);
	for (size_t i = 0; i < diags.count; i++)
		if (strcmp(diags.items[i].rule->id, "syntax") == 0)
			syntax++;
	if (syntax > prog.root->syntax_errors || (syntax == 0) != (prog.root->syntax_errors == 0)) {
		fprintf(stderr, "%zu syntax diagnostics, syntax_errors %u\n", syntax, prog.root->syntax_errors);
		abort();
	}
	symbols_build(&symbols, &arena, &diags, syscalls, &prog);
	for (size_t i = 0; i < symbols.profile_count; i++) {
		struct resolved_profile resolved;

		resolve_profile(&symbols, &symbols.profiles[i], &resolved);
	}
	symbols_report_unused(&symbols);
	for (size_t i = 0; i < diags.count; i++) {
		const struct zp_loc *loc = &diags.items[i].loc;

		if (loc->src == NULL || loc->line < 1 || loc->col < 1 ||
		    (size_t)loc->line > src->line_count + 1) {
			fprintf(stderr, "diagnostic without a place in the input: %s\n", diags.items[i].message);
			abort();
		}
	}
	arena_free(&arena);
	return 0;
}
