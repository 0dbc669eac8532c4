/* zvizc: profiles written in YAML.  A .yaml (or .yml) file says what a
 * .zp file says, in the shape doc/zviz-profile.5 ("YAML PROFILES")
 * describes, and is read into the same syntax tree (ast.h) the .zp parser
 * builds, with every location pointing into the YAML text, so everything
 * after parsing (includes, names, resolution, lints, code) is shared. */
#ifndef ZVIZC_YAML_PROFILE_H
#define ZVIZC_YAML_PROFILE_H

#include <stdbool.h>

#include "arena.h"
#include "ast.h"
#include "diagnostics.h"
#include "source.h"

/* Parses SRC as a YAML profile file.  Every problem — YAML syntax (as
 * libyaml reports it), anchors and aliases, duplicate keys, unknown keys
 * (with a suggestion), values of the wrong kind, conditions and constant
 * expressions that do not follow the .zp expression syntax — is reported
 * to D under the "syntax" rule at its place, and counted in the returned
 * file's syntax_errors.  Always returns a file (possibly partial), like
 * zp_parse_source(). */
struct zp_file *yaml_parse_source(struct arena *a, struct diags *d, const struct zp_source *src);

/* Whether PATH names a YAML profile: it ends in .yaml or .yml. */
bool yaml_path_is_yaml(const char *path);

/* yaml_parse_source() for a .yaml or .yml path, zp_parse_source() for
 * anything else: what the loader calls for every file it reads. */
struct zp_file *parse_any_source(struct arena *a, struct diags *d, const struct zp_source *src);

#endif
