/* zvizc: diagnostics (see diagnostics.h). */
#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diagnostics.h"

static const struct diag_rule rules[] = {
	/* errors: the profile cannot be compiled */
	{ "syntax", DIAG_ERROR, "The text does not follow the .zp grammar." },
	{ "io", DIAG_ERROR, "A file could not be read." },
	{ "include-cycle", DIAG_ERROR, "Files include each other in a cycle." },
	{ "extends-cycle", DIAG_ERROR, "Profiles extend each other in a cycle." },
	{ "duplicate-definition", DIAG_ERROR, "A profile, group or define is defined twice." },
	{ "unknown-profile", DIAG_ERROR, "A profile named by extends or --profile does not exist." },
	{ "unknown-syscall", DIAG_ERROR, "A name is not a system call on any known ABI." },
	{ "unknown-group", DIAG_ERROR, "A @group is not defined." },
	{ "unknown-constant", DIAG_ERROR, "A name is neither a define nor a known libc constant." },
	{ "unknown-argument", DIAG_ERROR, "A condition names an argument the system call does not have." },
	{ "unknown-abi", DIAG_ERROR, "An arch statement names an ABI zvizc does not know." },
	{ "invalid-value", DIAG_ERROR, "A value is out of range or of the wrong kind." },
	{ "bad-condition", DIAG_ERROR, "A condition is not a comparison of one argument with constants." },
	{ "pointer-argument", DIAG_ERROR, "A condition inspects a pointer argument, which seccomp cannot see." },
	{ "conflicting-rules", DIAG_ERROR, "Two unconditional rules give one system call different actions." },
	{ "group-conflict", DIAG_ERROR, "Two groups give one system call different actions and no explicit rule settles it." },
	{ "multiple-defaults", DIAG_ERROR, "A profile has more than one default action." },
	{ "missing-default", DIAG_ERROR, "A profile (with its parents) has no default action." },
	{ "errno-range", DIAG_ERROR, "An errno value is outside 1..4095." },
	{ "execve-denied", DIAG_ERROR, "execve is not allowed, so the loader could not start the workload." },
	{ "clone3-bypass", DIAG_ERROR, "clone is filtered by its flags while clone3, which takes its flags in memory, is allowed." },
	{ "socketcall-bypass", DIAG_ERROR, "socket is filtered by its arguments while socketcall reaches it unfiltered on a 32-bit ABI." },
	/* warnings: the profile compiles, but probably not to what was meant */
	{ "dangerous-syscall", DIAG_WARNING, "A system call that widens the kernel attack surface is allowed without an unsafe statement." },
	{ "unreachable-rule", DIAG_WARNING, "A rule can never match: an earlier rule always decides first." },
	{ "equivalent-gap", DIAG_WARNING, "A system call is denied while an equivalent one is allowed." },
	{ "absent-syscall", DIAG_WARNING, "A system call named explicitly does not exist on a declared ABI." },
	{ "unused-define", DIAG_WARNING, "A define is never used." },
	{ "unused-group", DIAG_WARNING, "A group is never used." },
	{ "default-allow", DIAG_WARNING, "The default action is allow: every system call not named is permitted." },
	{ "mask-precedence", DIAG_WARNING, "& is mixed with a comparison without parentheses." },
	{ "unfiltered-argument", DIAG_WARNING, "A condition uses argN of a system call zvizc has no argument table for." },
};

void diags_init(struct diags *d, struct arena *a)
{
	memset(d, 0, sizeof(*d));
	d->arena = a;
}

const struct diag_rule *diag_rules(size_t *count)
{
	*count = sizeof(rules) / sizeof(rules[0]);
	return rules;
}

const struct diag_rule *diag_rule_by_id(const char *id)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	return NULL;
}

static const char *vformat(struct arena *a, const char *fmt, va_list ap)
{
	va_list copy;
	char *p;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		n = 0;
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

/* Same file (by name: a file may be loaded once per command-line
 * argument), line and column. */
static bool same_place(const struct zp_loc *a, const struct zp_loc *b)
{
	if (b == NULL)
		return a->src == NULL;
	if ((a->src == NULL) != (b->src == NULL))
		return false;
	return (a->src == NULL || strcmp(a->src->path, b->src->path) == 0) && a->line == b->line &&
	       a->col == b->col;
}

void diags_mute(struct diags *d)
{
	d->muted++;
}

void diags_unmute(struct diags *d)
{
	d->muted--;
}

struct diag *diag_add(struct diags *d, const char *rule_id, const struct zp_loc *loc, const char *fmt, ...)
{
	struct diag *diag;
	va_list ap;

	va_start(ap, fmt);
	diag = diag_addv(d, rule_id, loc, fmt, ap);
	va_end(ap);
	return diag;
}

struct diag *diag_addv(struct diags *d, const char *rule_id, const struct zp_loc *loc, const char *fmt,
		       va_list ap)
{
	const struct diag_rule *rule = diag_rule_by_id(rule_id);
	const char *message;
	struct diag *diag;

	if (rule == NULL) {
		fprintf(stderr, "zvizc: internal error: unknown diagnostic rule %s\n", rule_id);
		abort();
	}
	if (d->muted)
		return NULL;
	message = vformat(d->arena, fmt, ap);
	/* The same finding reached twice (a parent profile resolved for each
	 * child, a file included by several) is reported once. */
	for (size_t i = 0; i < d->count; i++)
		if (same_place(&d->items[i].loc, loc) && d->items[i].rule == rule &&
		    strcmp(d->items[i].message, message) == 0)
			return NULL;
	if (d->count == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;

		d->items = arena_grow(d->arena, d->items, d->count, cap, sizeof(*d->items));
		d->cap = cap;
	}
	diag = &d->items[d->count++];
	memset(diag, 0, sizeof(*diag));
	diag->rule = rule;
	if (loc != NULL)
		diag->loc = *loc;
	diag->message = message;
	if (rule->severity == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
	return diag;
}

void diag_relate(struct diags *d, struct diag *diag, const struct zp_loc *loc, const char *fmt, ...)
{
	va_list ap;

	if (diag == NULL)
		return;
	diag->related = arena_grow(d->arena, diag->related, diag->related_count,
				   diag->related_count + 1, sizeof(*diag->related));
	diag->related[diag->related_count].loc = *loc;
	va_start(ap, fmt);
	diag->related[diag->related_count].message = vformat(d->arena, fmt, ap);
	va_end(ap);
	diag->related_count++;
}

bool diags_failed(const struct diags *d, bool werror)
{
	return d->errors > 0 || (werror && d->warnings > 0);
}

/* ---- order ------------------------------------------------------------------ */

static int compare_place(const void *a, const void *b)
{
	const struct diag *x = *(const struct diag *const *)a, *y = *(const struct diag *const *)b;
	int c;

	/* Diagnostics without a place first, then by file, line, column,
	 * and in the order they were found. */
	if ((x->loc.src == NULL) != (y->loc.src == NULL))
		return x->loc.src == NULL ? -1 : 1;
	if (x->loc.src != NULL) {
		c = strcmp(x->loc.src->path, y->loc.src->path);
		if (c != 0)
			return c;
		if (x->loc.line != y->loc.line)
			return x->loc.line < y->loc.line ? -1 : 1;
		if (x->loc.col != y->loc.col)
			return x->loc.col < y->loc.col ? -1 : 1;
	}
	return x < y ? -1 : x > y;
}

/* The diagnostics in reading order (an array of pointers into D). */
static const struct diag **sorted(const struct diags *d)
{
	const struct diag **order = arena_calloc(d->arena, d->count ? d->count : 1, sizeof(*order));

	for (size_t i = 0; i < d->count; i++)
		order[i] = &d->items[i];
	qsort(order, d->count, sizeof(*order), compare_place);
	return order;
}

/* ---- text ------------------------------------------------------------------ */

static void print_excerpt(FILE *out, const struct zp_loc *loc)
{
	size_t len;
	const char *line;
	int last;

	if (loc->src == NULL || loc->line < 1)
		return;
	line = source_line(loc->src, loc->line, &len);
	fprintf(out, "%5d | %.*s\n      | ", loc->line, (int)len, line);
	/* Tabs stay tabs so the caret lines up under the same text. */
	for (int i = 1; i < loc->col && (size_t)(i - 1) < len; i++)
		fputc(line[i - 1] == '\t' ? '\t' : ' ', out);
	fputc('^', out);
	last = loc->end_line == loc->line ? loc->end_col : (int)len;
	for (int i = loc->col + 1; i <= last && (size_t)(i - 1) < len; i++)
		fputc('~', out);
	fputc('\n', out);
}

static void print_place(FILE *out, const struct zp_loc *loc)
{
	if (loc->src != NULL)
		fprintf(out, "%s:%d:%d: ", loc->src->path, loc->line, loc->col);
	else
		fputs("zvizc: ", out);
}

static void print_text(const struct diags *d, FILE *out)
{
	const struct diag **order = sorted(d);

	for (size_t i = 0; i < d->count; i++) {
		const struct diag *diag = order[i];

		print_place(out, &diag->loc);
		fprintf(out, "%s: %s [%s]\n", diag->rule->severity == DIAG_ERROR ? "error" : "warning",
			diag->message, diag->rule->id);
		print_excerpt(out, &diag->loc);
		for (size_t r = 0; r < diag->related_count; r++) {
			print_place(out, &diag->related[r].loc);
			fprintf(out, "note: %s\n", diag->related[r].message);
			print_excerpt(out, &diag->related[r].loc);
		}
	}
	if (d->errors || d->warnings)
		fprintf(out, "%zu error%s, %zu warning%s\n", d->errors, d->errors == 1 ? "" : "s",
			d->warnings, d->warnings == 1 ? "" : "s");
}

/* ---- JSON and SARIF ---------------------------------------------------------- */

static void print_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

static void print_json_loc(FILE *out, const struct zp_loc *loc)
{
	if (loc->src == NULL) {
		fputs("null", out);
		return;
	}
	fputs("{\"file\": ", out);
	print_json_string(out, loc->src->path);
	fprintf(out, ", \"line\": %d, \"column\": %d, \"endLine\": %d, \"endColumn\": %d}",
		loc->line, loc->col, loc->end_line, loc->end_col);
}

static void print_json(const struct diags *d, FILE *out)
{
	const struct diag **order = sorted(d);

	fputs("{\n  \"diagnostics\": [", out);
	for (size_t i = 0; i < d->count; i++) {
		const struct diag *diag = order[i];

		fputs(i ? ",\n    {" : "\n    {", out);
		fprintf(out, "\"severity\": \"%s\", \"rule\": \"%s\", \"message\": ",
			diag->rule->severity == DIAG_ERROR ? "error" : "warning", diag->rule->id);
		print_json_string(out, diag->message);
		fputs(", \"location\": ", out);
		print_json_loc(out, &diag->loc);
		fputs(", \"related\": [", out);
		for (size_t r = 0; r < diag->related_count; r++) {
			fputs(r ? ", {\"message\": " : "{\"message\": ", out);
			print_json_string(out, diag->related[r].message);
			fputs(", \"location\": ", out);
			print_json_loc(out, &diag->related[r].loc);
			fputc('}', out);
		}
		fputs("]}", out);
	}
	fprintf(out, "%s],\n  \"errors\": %zu,\n  \"warnings\": %zu\n}\n", d->count ? "\n  " : "",
		d->errors, d->warnings);
}

static void print_sarif_location(FILE *out, const struct zp_loc *loc)
{
	fputs("{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
	print_json_string(out, loc->src->path);
	fprintf(out, "}, \"region\": {\"startLine\": %d, \"startColumn\": %d, \"endLine\": %d, "
		"\"endColumn\": %d}}}", loc->line, loc->col, loc->end_line, loc->end_col + 1);
}

static void print_sarif(const struct diags *d, FILE *out, const char *version)
{
	size_t nrules;
	const struct diag_rule *all = diag_rules(&nrules);
	const struct diag **order = sorted(d);

	fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	      "  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
	      "    \"tool\": {\"driver\": {\"name\": \"zvizc\", \"version\": ", out);
	print_json_string(out, version);
	fputs(", \"rules\": [", out);
	for (size_t i = 0; i < nrules; i++) {
		fprintf(out, "%s\n      {\"id\": \"%s\", \"shortDescription\": {\"text\": ",
			i ? "," : "", all[i].id);
		print_json_string(out, all[i].summary);
		fprintf(out, "}, \"defaultConfiguration\": {\"level\": \"%s\"}}",
			all[i].severity == DIAG_ERROR ? "error" : "warning");
	}
	fputs("\n    ]}},\n    \"results\": [", out);
	for (size_t i = 0; i < d->count; i++) {
		const struct diag *diag = order[i];

		fprintf(out, "%s\n      {\"ruleId\": \"%s\", \"ruleIndex\": %td, \"level\": \"%s\", "
			"\"message\": {\"text\": ", i ? "," : "", diag->rule->id, diag->rule - all,
			diag->rule->severity == DIAG_ERROR ? "error" : "warning");
		print_json_string(out, diag->message);
		fputs("}, \"locations\": [", out);
		if (diag->loc.src != NULL)
			print_sarif_location(out, &diag->loc);
		fputs("]", out);
		if (diag->related_count > 0) {
			fputs(", \"relatedLocations\": [", out);
			for (size_t r = 0; r < diag->related_count; r++) {
				fprintf(out, "%s{\"id\": %zu, \"message\": {\"text\": ", r ? ", " : "", r + 1);
				print_json_string(out, diag->related[r].message);
				fputs("}, ", out);
				/* Splice the location's members into this object. */
				fputs("\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
				print_json_string(out, diag->related[r].loc.src->path);
				fprintf(out, "}, \"region\": {\"startLine\": %d, \"startColumn\": %d}}}",
					diag->related[r].loc.line, diag->related[r].loc.col);
			}
			fputs("]", out);
		}
		fputs("}", out);
	}
	fputs(d->count ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n", out);
}

void diags_print(const struct diags *d, FILE *out, enum diag_format format, const char *tool_version)
{
	switch (format) {
	case DIAG_TEXT: print_text(d, out); break;
	case DIAG_JSON: print_json(d, out); break;
	case DIAG_SARIF: print_sarif(d, out, tool_version); break;
	}
}
