/* libFuzzer harness for the .zp front end: scanner, parser, symbols and
 * resolution.  Whatever the input, zvizc must not crash, leak or hang, and
 * every error it reports must carry a location; an input with syntax
 * errors must report at least one. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "load.h"
#include "resolve.h"
#include "symbols.h"
#include "syscalls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Built once: the table is the same for every input. */
static struct zvizc_syscalls *syscalls;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct load_options opts = { .no_files = true };
	struct arena arena;
	struct diags diags;
	struct zp_source *src;
	struct zp_program prog;
	struct symbols symbols;

	if (syscalls == NULL && (syscalls = zvizc_syscalls_load()) == NULL)
		abort();
	if (size > 64 * 1024)
		return 0;
	arena_init(&arena);
	diags_init(&diags, &arena);
	src = source_from_memory(&arena, "fuzz.zp", (const char *)data, size);
	load_program_from_source(&arena, &diags, &opts, src, &prog);
	symbols_build(&symbols, &arena, &diags, syscalls, &prog);
	for (size_t i = 0; i < symbols.profile_count; i++) {
		struct resolved_profile resolved;

		resolve_profile(&symbols, &symbols.profiles[i], &resolved);
	}
	symbols_report_unused(&symbols);
	for (size_t i = 0; i < diags.count; i++) {
		if (diags.items[i].loc.src == NULL || diags.items[i].loc.line < 1) {
			fprintf(stderr, "diagnostic without a location: %s\n", diags.items[i].message);
			abort();
		}
	}
	arena_free(&arena);
	return 0;
}
