/* zvizc: loading files and their includes (see load.h). */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load.h"
#include "parse.h"
#include "yaml-profile.h"

/* The files being loaded, innermost last: a cycle is a file that is
 * already on this stack. */
struct load_stack {
	const char *real_path;
	const struct load_stack *outer;
};

struct loader {
	struct arena *arena;
	struct diags *diags;
	const struct load_options *opts;
	struct zp_program *prog;
	/* the real path of every file loaded so far */
	const char **loaded;
	size_t loaded_count;
};

static void append_file(struct zp_program *prog, struct zp_file *file)
{
	struct zp_file **link = &prog->files;

	while (*link != NULL)
		link = &(*link)->next;
	*link = file;
}

static const char *directory_of(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return "";
	if (slash == path)
		return "/";
	return arena_strndup(a, path, (size_t)(slash - path));
}

static const char *join_path(struct arena *a, const char *dir, const char *name)
{
	if (name[0] == '/' || dir[0] == '\0')
		return name;
	return arena_printf(a, "%s/%s", dir, name);
}

/* Where INCLUDE names a readable file, in the order of precedence. */
static const char *find_include(struct loader *l, const char *including_dir, const char *name)
{
	const char *candidate;

	if (l->opts->no_files)
		return NULL;
	if (name[0] == '/')
		return access(name, R_OK) == 0 ? name : NULL;
	if (including_dir != NULL) {
		candidate = join_path(l->arena, including_dir, name);
		if (access(candidate, R_OK) == 0)
			return candidate;
	}
	for (size_t i = 0; i < l->opts->include_dir_count; i++) {
		candidate = join_path(l->arena, l->opts->include_dirs[i], name);
		if (access(candidate, R_OK) == 0)
			return candidate;
	}
	if (l->opts->profile_dir != NULL) {
		candidate = join_path(l->arena, l->opts->profile_dir, name);
		if (access(candidate, R_OK) == 0)
			return candidate;
	}
	return NULL;
}

static void load_includes(struct loader *l, struct zp_file *file, const char *dir,
			  const struct load_stack *stack);

static void load_file(struct loader *l, const char *path, const struct zp_loc *from,
		      const struct load_stack *stack)
{
	char resolved[PATH_MAX];
	const char *real_path;
	struct zp_source *src;
	struct zp_file *file;
	struct load_stack here;

	real_path = realpath(path, resolved) ? arena_strdup(l->arena, resolved) : path;
	for (const struct load_stack *s = stack; s != NULL; s = s->outer) {
		if (strcmp(s->real_path, real_path) == 0) {
			diag_add(l->diags, "include-cycle", from, "including '%s' closes a cycle", path);
			return;
		}
	}
	for (size_t i = 0; i < l->loaded_count; i++)
		if (strcmp(l->loaded[i], real_path) == 0)
			return;         /* already loaded through another include */

	src = source_read(l->arena, path);
	if (src == NULL) {
		diag_add(l->diags, "io", from, "cannot read '%s': %s", path,
			 errno == EILSEQ ? "it holds a NUL byte" : strerror(errno));
		return;
	}
	file = parse_any_source(l->arena, l->diags, src);   /* .zp or .yaml, by name */
	l->loaded = arena_grow(l->arena, l->loaded, l->loaded_count, l->loaded_count + 1,
			       sizeof(*l->loaded));
	l->loaded[l->loaded_count++] = real_path;
	if (stack == NULL)
		l->prog->root = file;
	here.real_path = real_path;
	here.outer = stack;
	load_includes(l, file, directory_of(l->arena, path), &here);
	/* After what it includes: definitions are then met in the order
	 * the text gives them, an include standing where it is written. */
	append_file(l->prog, file);
}

static void load_includes(struct loader *l, struct zp_file *file, const char *dir,
			  const struct load_stack *stack)
{
	for (struct zp_include *inc = file->includes; inc != NULL; inc = inc->next) {
		const char *path = find_include(l, dir, inc->path);

		if (path == NULL) {
			diag_add(l->diags, "io", &inc->loc, "cannot find '%s' (looked beside this file%s%s)",
				 inc->path, l->opts->include_dir_count ? ", in each -I directory" : "",
				 l->opts->profile_dir ? " and in the installed profiles" : "");
			continue;
		}
		load_file(l, path, &inc->loc, stack);
	}
}

int load_program(struct arena *a, struct diags *d, const struct load_options *opts, const char *path,
		 struct zp_program *prog)
{
	struct loader l = { .arena = a, .diags = d, .opts = opts, .prog = prog };
	size_t errors_before = d->errors;

	memset(prog, 0, sizeof(*prog));
	load_file(&l, path, NULL, NULL);
	return prog->root == NULL && d->errors > errors_before ? -1 : 0;
}

void load_program_from_source(struct arena *a, struct diags *d, const struct load_options *opts,
			      const struct zp_source *src, struct zp_program *prog)
{
	struct loader l = { .arena = a, .diags = d, .opts = opts, .prog = prog };
	struct load_stack here = { .real_path = src->path, .outer = NULL };
	struct zp_file *file;

	memset(prog, 0, sizeof(*prog));
	file = parse_any_source(a, d, src);
	prog->root = file;
	load_includes(&l, file, NULL, &here);
	append_file(prog, file);
}

bool load_had_syntax_errors(const struct zp_program *prog)
{
	for (const struct zp_file *f = prog->files; f != NULL; f = f->next)
		if (f->syntax_errors > 0)
			return true;
	return false;
}
