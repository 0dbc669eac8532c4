/* zvizc: loading a profile file and everything it includes. */
#ifndef ZVIZC_LOAD_H
#define ZVIZC_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "ast.h"
#include "diagnostics.h"

struct load_options {
	const char *const *include_dirs;   /* -I, in order */
	size_t include_dir_count;
	const char *profile_dir;           /* the installed profiles; may be NULL */
	bool no_files;                     /* read no include at all (fuzzing) */
};

/* Every file of one compilation, each loaded once. */
struct zp_program {
	struct zp_file *files;             /* each after the files it includes; the root last */
	struct zp_file *root;
};

/* Parses PATH and, depth first, each file it includes: relative to the
 * including file, then each include directory, then the profile
 * directory.  A file reached twice is read once; a cycle is an error.
 * Problems go to DIAGS.  Returns -1 only when PATH itself cannot be read. */
int load_program(struct arena *a, struct diags *d, const struct load_options *opts, const char *path,
		 struct zp_program *prog);

/* Whether any file of PROG has syntax errors: resolving it would report
 * consequences of statements the parser had to drop. */
bool load_had_syntax_errors(const struct zp_program *prog);

/* The same for a source held in memory (tests, fuzzing); includes are
 * resolved against the include directories only. */
void load_program_from_source(struct arena *a, struct diags *d, const struct load_options *opts,
			      const struct zp_source *src, struct zp_program *prog);

#endif
