/* zvizc import: Docker/moby and OCI seccomp JSON to .zp (see import.h). */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json.h>
#include <seccomp.h>

#include "abi.h"
#include "arena.h"
#include "args.h"
#include "constants.h"
#include "import.h"
#include "syscalls.h"

#define LINE_WIDTH 88

/* One applicable (syscalls[] entry, name): a rule of the output. */
struct rule {
	size_t entry;
	const char *name;
	const char *action;        /* "allow", "errno(EPERM)", ... */
	const char *condition;     /* NULL: unconditional */
};

struct importer {
	struct arena arena;
	struct import_report *report;
	struct zviz_error *err;
	const struct zvizc_abi *abi;
	struct zvizc_syscalls *syscalls;
	const char *path;
	bool docker;
	struct rule *rules;
	size_t rule_count;
	const char **unknown;      /* names zvizc does not know */
	size_t unknown_count;
	const char **absent;       /* names that are no syscall on the ABI */
	size_t absent_count;
	const char **supplement;   /* names libseccomp does not know */
	size_t supplement_count;
	const char **narrow;       /* "name arg" already warned about */
	size_t narrow_count;
	char **notes;              /* per entry: why kept or dropped ("" when nothing to say) */
	bool *dropped;
	size_t entry_count;
};

static void warn(struct importer *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(struct importer *im, const char *fmt, ...)
{
	struct import_report *r = im->report;
	va_list ap;
	char *msg;
	char **grown;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (msg == NULL)
		return;
	grown = realloc(r->warnings, (r->warning_count + 1) * sizeof(*grown));
	if (grown == NULL) {
		free(msg);
		return;
	}
	r->warnings = grown;
	r->warnings[r->warning_count++] = msg;
}

void import_report_free(struct import_report *report)
{
	if (report == NULL)
		return;
	for (size_t i = 0; i < report->warning_count; i++)
		free(report->warnings[i]);
	free(report->warnings);
	report->warnings = NULL;
	report->warning_count = 0;
}

/* Appends NAME to the set LIST (no duplicates). */
static void add_name(struct importer *im, const char ***list, size_t *count, const char *name)
{
	for (size_t i = 0; i < *count; i++)
		if (strcmp((*list)[i], name) == 0)
			return;
	*list = arena_grow(&im->arena, *list, *count, *count + 1, sizeof(**list));
	(*list)[(*count)++] = name;
}

static char *join_names(struct importer *im, const char *const *names, size_t count)
{
	size_t len = 1;
	char *s, *p;

	for (size_t i = 0; i < count; i++)
		len += strlen(names[i]) + 2;
	s = p = arena_alloc(&im->arena, len);
	for (size_t i = 0; i < count; i++)
		p += sprintf(p, "%s%s", i ? ", " : "", names[i]);
	return s;
}

/* ---- JSON helpers ------------------------------------------------------------------ */

static json_object *member(json_object *o, const char *key)
{
	json_object *v;

	if (o == NULL || !json_object_is_type(o, json_type_object))
		return NULL;
	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static bool is_array(json_object *o)
{
	return o != NULL && json_object_is_type(o, json_type_array);
}

/* A string member, or NULL. */
static const char *string_member(json_object *o, const char *key)
{
	json_object *v = member(o, key);

	return v != NULL && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* An unsigned integer member: false when absent or not a non-negative integer. */
static bool uint_member(json_object *o, const char *key, uint64_t *value, bool *present)
{
	json_object *v = member(o, key);

	*present = v != NULL && !json_object_is_type(v, json_type_null);
	if (!*present)
		return true;
	if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0)
		return false;
	*value = json_object_get_uint64(v);     /* json-c keeps values above INT64_MAX as uint64 */
	return true;
}

/* Whether the array member KEY of O holds a string equal to one of WORDS. */
static bool array_has(json_object *arr, const char *const *words)
{
	if (!is_array(arr))
		return false;
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *v = json_object_array_get_idx(arr, i);

		if (!json_object_is_type(v, json_type_string))
			continue;
		for (size_t j = 0; words[j] != NULL; j++)
			if (strcmp(json_object_get_string(v), words[j]) == 0)
				return true;
	}
	return false;
}

static char *array_text(struct importer *im, json_object *arr)
{
	const char **words = NULL;
	size_t n = 0;

	if (!is_array(arr))
		return "";
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *v = json_object_array_get_idx(arr, i);

		words = arena_grow(&im->arena, words, n, n + 1, sizeof(*words));
		words[n++] = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "?";
	}
	return join_names(im, words, n);
}

/* ---- ABIs ---------------------------------------------------------------------------- */

struct abi_names {
	const char *zvizc;
	const char *scmp;
	const char *go[3];         /* moby's arch names (runtime.GOARCH and its own) */
};

static const struct abi_names abi_names[] = {
	{ "x86_64", "SCMP_ARCH_X86_64", { "amd64", NULL } },
	{ "i386", "SCMP_ARCH_X86", { "x86", "386", NULL } },
	{ "x32", "SCMP_ARCH_X32", { "x32", NULL } },
	{ "aarch64", "SCMP_ARCH_AARCH64", { "arm64", NULL } },
	{ "arm", "SCMP_ARCH_ARM", { "arm", NULL } },
	{ "riscv64", "SCMP_ARCH_RISCV64", { "riscv64", NULL } },
};

static const struct abi_names *names_of(const struct zvizc_abi *abi)
{
	for (size_t i = 0; i < sizeof(abi_names) / sizeof(abi_names[0]); i++)
		if (strcmp(abi_names[i].zvizc, abi->name) == 0)
			return &abi_names[i];
	return NULL;
}

static const char *zvizc_abi_of_scmp(const char *scmp)
{
	for (size_t i = 0; i < sizeof(abi_names) / sizeof(abi_names[0]); i++)
		if (strcmp(abi_names[i].scmp, scmp) == 0)
			return abi_names[i].zvizc;
	return NULL;
}

/* Whether libseccomp knows NAME on any architecture it supports (zvizc's
 * tables cover zvizc's ABIs only: s390_pci_mmio_read is libseccomp's). */
static bool libseccomp_knows(const char *name)
{
	static const uint32_t arches[] = {
		SCMP_ARCH_X86, SCMP_ARCH_X86_64, SCMP_ARCH_X32, SCMP_ARCH_ARM, SCMP_ARCH_AARCH64,
		SCMP_ARCH_MIPS, SCMP_ARCH_MIPS64, SCMP_ARCH_MIPS64N32, SCMP_ARCH_MIPSEL,
		SCMP_ARCH_MIPSEL64, SCMP_ARCH_MIPSEL64N32, SCMP_ARCH_PPC, SCMP_ARCH_PPC64,
		SCMP_ARCH_PPC64LE, SCMP_ARCH_S390, SCMP_ARCH_S390X,
#ifdef SCMP_ARCH_PARISC
		SCMP_ARCH_PARISC, SCMP_ARCH_PARISC64,
#endif
#ifdef SCMP_ARCH_RISCV64
		SCMP_ARCH_RISCV64,
#endif
	};

	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (seccomp_syscall_resolve_name_arch(arches[i], name) != __NR_SCMP_ERROR)
			return true;
	return false;
}

/* ---- actions ---------------------------------------------------------------------------- */

/* The .zp action for ACTION (SCMP_ACT_*) and its errno; NULL when zvizc has none. */
static const char *action_text(struct importer *im, const char *action, json_object *errno_ret,
			       const char *where)
{
	uint64_t e = 1;           /* EPERM when errnoRet is absent, as runc and crun do */
	const char *name;

	if (action == NULL) {
		zviz_error_set(im->err, "%s: no action", where);
		return NULL;
	}
	if (strcmp(action, "SCMP_ACT_ALLOW") == 0)
		return "allow";
	if (strcmp(action, "SCMP_ACT_KILL") == 0 || strcmp(action, "SCMP_ACT_KILL_THREAD") == 0)
		return "kill-thread";
	if (strcmp(action, "SCMP_ACT_KILL_PROCESS") == 0)
		return "kill";
	if (strcmp(action, "SCMP_ACT_TRAP") == 0)
		return "trap";
	if (strcmp(action, "SCMP_ACT_LOG") == 0)
		return "log";
	if (strcmp(action, "SCMP_ACT_ERRNO") != 0) {
		zviz_error_set(im->err, "%s: action %s has no zvizc equivalent (allow, errno, kill, "
			       "kill-thread, trap and log do)", where, action);
		return NULL;
	}
	if (errno_ret != NULL && !json_object_is_type(errno_ret, json_type_null)) {
		if (!json_object_is_type(errno_ret, json_type_int) || json_object_get_int64(errno_ret) < 1 ||
		    json_object_get_int64(errno_ret) > 4095) {
			zviz_error_set(im->err, "%s: errnoRet %s is not an errno value (1..4095)", where,
				       json_object_to_json_string(errno_ret));
			return NULL;
		}
		e = (uint64_t)json_object_get_int64(errno_ret);
	}
	name = zvizc_errno_name((int)e);
	return name ? arena_printf(&im->arena, "errno(%s)", name)
		    : arena_printf(&im->arena, "errno(%u)", (unsigned)e);
}

/* ---- conditions --------------------------------------------------------------------------- */

static const char *number_text(struct importer *im, uint64_t v)
{
	if (v < 0x10000)
		return arena_printf(&im->arena, "%llu", (unsigned long long)v);
	return arena_printf(&im->arena, "0x%llx", (unsigned long long)v);
}

/* The condition for ARGS (an array of {index, value, valueTwo, op}) on
 * syscall NAME; NULL after an error.  *NARROW is set when a comparison
 * looks at a 32-bit argument on a 64-bit ABI. */
static const char *condition_text(struct importer *im, json_object *args, const char *name,
				  const char *where, const char **narrow)
{
	static const struct { const char *op, *zp; } ops[] = {
		{ "SCMP_CMP_EQ", "==" }, { "SCMP_CMP_NE", "!=" }, { "SCMP_CMP_LT", "<" },
		{ "SCMP_CMP_LE", "<=" }, { "SCMP_CMP_GT", ">" }, { "SCMP_CMP_GE", ">=" },
		{ "SCMP_CMP_MASKED_EQ", NULL },
	};
	const struct zvizc_syscall_args *table = zvizc_args_lookup_abi(name, im->abi);
	const char *text = NULL;
	size_t n = json_object_array_length(args);

	*narrow = NULL;
	for (size_t i = 0; i < n; i++) {
		json_object *a = json_object_array_get_idx(args, i);
		const char *op = string_member(a, "op"), *zp_op = NULL, *arg, *cmp;
		uint64_t index = 0, value = 0, value2 = 0;
		bool has_index, has_value, has_value2;
		size_t k;

		if (!uint_member(a, "index", &index, &has_index) || !has_index || index > 5 ||
		    !uint_member(a, "value", &value, &has_value) ||
		    !uint_member(a, "valueTwo", &value2, &has_value2) || op == NULL) {
			zviz_error_set(im->err, "%s: args[%zu] needs index 0..5, an op, and unsigned values",
				       where, i);
			return NULL;
		}
		for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
			if (strcmp(ops[k].op, op) == 0)
				break;
		if (k == sizeof(ops) / sizeof(ops[0])) {
			zviz_error_set(im->err, "%s: args[%zu]: operator %s is not one zvizc knows", where, i, op);
			return NULL;
		}
		zp_op = ops[k].zp;
		if (table != NULL && index < table->count) {
			arg = table->args[index].name;
			if (table->args[index].width == 32 && im->abi->bits == 64)
				*narrow = arg;
			if (table->args[index].kind == ZVIZC_ARG_POINTER)
				warn(im, "%s: %s compares argument %s, a pointer: zvizc refuses conditions on "
				     "pointers, which seccomp cannot see behind", where, name, arg);
		} else {
			arg = arena_printf(&im->arena, "arg%u", (unsigned)index);
		}
		if (zp_op != NULL)
			cmp = arena_printf(&im->arena, "%s %s %s", arg, zp_op, number_text(im, value));
		else
			cmp = arena_printf(&im->arena, "(%s & %s) == %s", arg, number_text(im, value),
					   number_text(im, value2));
		text = text ? arena_printf(&im->arena, "%s and %s", text, cmp) : cmp;
	}
	return text;
}

/* ---- entries -------------------------------------------------------------------------------- */

/* Whether entry E applies on the target for a container without
 * capabilities; NOTE receives why (for the comment). */
static bool entry_applies(struct importer *im, json_object *e, char **note)
{
	const struct abi_names *an = names_of(im->abi);
	json_object *inc = member(e, "includes"), *exc = member(e, "excludes");
	const char *text = "";
	bool applies = true;

	if (is_array(member(exc, "arches")) && array_has(member(exc, "arches"), an->go)) {
		text = arena_printf(&im->arena, "%s; excludes arches %s: dropped on %s", text,
				    array_text(im, member(exc, "arches")), im->abi->name);
		applies = false;
	}
	if (is_array(member(inc, "arches")) && !array_has(member(inc, "arches"), an->go)) {
		text = arena_printf(&im->arena, "%s; includes arches %s: dropped on %s", text,
				    array_text(im, member(inc, "arches")), im->abi->name);
		applies = false;
	}
	if (is_array(member(inc, "caps")) && json_object_array_length(member(inc, "caps")) > 0) {
		text = arena_printf(&im->arena, "%s; includes caps %s: dropped, no capabilities", text,
				    array_text(im, member(inc, "caps")));
		applies = false;
	}
	if (is_array(member(exc, "caps")) && json_object_array_length(member(exc, "caps")) > 0)
		text = arena_printf(&im->arena, "%s; excludes caps %s: applies, no capabilities", text,
				    array_text(im, member(exc, "caps")));
	if (string_member(inc, "minKernel") != NULL)
		text = arena_printf(&im->arena, "%s; minKernel %s: taken as satisfied", text,
				    string_member(inc, "minKernel"));
	if (string_member(exc, "minKernel") != NULL) {
		text = arena_printf(&im->arena, "%s; excludes minKernel %s: taken as reached, dropped", text,
				    string_member(exc, "minKernel"));
		applies = false;
	}
	if (is_array(member(inc, "arches")) && applies)
		text = arena_printf(&im->arena, "%s; includes arches %s", text,
				    array_text(im, member(inc, "arches")));
	*note = arena_strdup(&im->arena, text[0] ? text + 2 : "");
	return applies;
}

/* Whether the 32-bit argument ARG of NAME was already reported. */
static bool seen_narrow(struct importer *im, const char *name, const char *arg)
{
	const char *key = arena_printf(&im->arena, "%s %s", name, arg);
	size_t before = im->narrow_count;

	add_name(im, &im->narrow, &im->narrow_count, key);
	return im->narrow_count == before;
}

static int read_entry(struct importer *im, json_object *e, size_t index)
{
	const char *where = arena_printf(&im->arena, "syscalls[%zu]", index);
	json_object *names = member(e, "names"), *args = member(e, "args");
	const char *action, *condition = NULL, *narrow = NULL;
	const char **list = NULL;
	size_t count = 0;

	if (!json_object_is_type(e, json_type_object))
		return zviz_error_set(im->err, "%s is not an object", where);
	if (string_member(e, "name") != NULL) {
		list = arena_alloc(&im->arena, sizeof(*list));
		list[count++] = string_member(e, "name");
	}
	if (is_array(names)) {
		for (size_t i = 0; i < json_object_array_length(names); i++) {
			json_object *v = json_object_array_get_idx(names, i);

			if (!json_object_is_type(v, json_type_string))
				return zviz_error_set(im->err, "%s: names[%zu] is not a string", where, i);
			list = arena_grow(&im->arena, list, count, count + 1, sizeof(*list));
			list[count++] = json_object_get_string(v);
		}
	} else if (names != NULL && !json_object_is_type(names, json_type_null)) {
		return zviz_error_set(im->err, "%s: names is not a list", where);
	}
	if (count == 0)
		return zviz_error_set(im->err, "%s names no system call", where);
	if (!entry_applies(im, e, &im->notes[index])) {
		im->dropped[index] = true;
		im->report->entries_dropped++;
		return 0;
	}
	action = action_text(im, string_member(e, "action"), member(e, "errnoRet"), where);
	if (action == NULL)
		return -1;
	if (args != NULL && !json_object_is_type(args, json_type_null) && !is_array(args))
		return zviz_error_set(im->err, "%s: args is not a list", where);
	for (size_t i = 0; i < count; i++) {
		const struct zvizc_syscall_entry *known;
		struct rule *r;

		if (!zvizc_syscalls_known(im->syscalls, list[i]) && !libseccomp_knows(list[i])) {
			add_name(im, &im->unknown, &im->unknown_count, list[i]);
			continue;
		}
		known = zvizc_syscalls_lookup(im->syscalls, im->abi, list[i]);
		if (known == NULL) {
			add_name(im, &im->absent, &im->absent_count, list[i]);
			continue;
		}
		if (strncmp(known->origin, "supplement", 10) == 0)
			add_name(im, &im->supplement, &im->supplement_count, list[i]);
		if (is_array(args) && json_object_array_length(args) > 0) {
			condition = condition_text(im, args, list[i], where, &narrow);
			if (condition == NULL)
				return -1;
			if (narrow != NULL && !seen_narrow(im, list[i], narrow))
				warn(im, "%s: %s's %s is a 32-bit argument: zvizc compares its low 32 bits, as "
				     "the kernel reads it, where libseccomp compares all 64, so values with "
				     "bits in the upper half are decided differently (zvizc closes that hole; "
				     "later entries on it alike)",
				     where, list[i], narrow);
		}
		im->rules = arena_grow(&im->arena, im->rules, im->rule_count, im->rule_count + 1,
				       sizeof(*im->rules));
		r = &im->rules[im->rule_count++];
		r->entry = index;
		r->name = list[i];
		r->action = action;
		r->condition = condition;
	}
	return 0;
}

/* ---- writing ------------------------------------------------------------------------------ */

/* Writes "    ACTION a, b, c;" wrapped at LINE_WIDTH. */
static void write_names(FILE *out, const char *action, const char *const *names, size_t count)
{
	size_t col = (size_t)fprintf(out, "    %s", action);

	for (size_t i = 0; i < count; i++) {
		size_t len = strlen(names[i]) + 2;

		if (i > 0 && col + len > LINE_WIDTH) {
			fputs("\n       ", out);
			col = 7;
		}
		col += (size_t)fprintf(out, " %s%s", names[i], i + 1 < count ? "," : ";\n");
	}
}

/* S with every control character replaced by '?', for a comment (which
 * runs to the end of the line); with QUOTE, also with " and \ escaped,
 * for a .zp string. */
static const char *printable(struct importer *im, const char *s, bool quote)
{
	char *out = arena_alloc(&im->arena, 2 * strlen(s) + 1), *p = out;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (quote && (c == '"' || c == '\\'))
			*p++ = '\\';
		*p++ = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	*p = '\0';
	return out;
}

/* Writes "    # PREFIX" and WORDS (comma-separated text), wrapped as comments. */
static void write_comment_list(FILE *out, const char *prefix, const char *words)
{
	size_t col = (size_t)fprintf(out, "    # %s", prefix);

	while (*words) {
		size_t len = strcspn(words, ",");

		if (col + len + 2 > LINE_WIDTH) {
			fputs("\n    #  ", out);
			col = 7;
		}
		col += (size_t)fprintf(out, " %.*s%s", (int)len, words, words[len] ? "," : "");
		words += len;
		if (*words == ',')
			words++;
		while (*words == ' ')
			words++;
	}
	fputc('\n', out);
}

static void write_entry_comment(struct importer *im, FILE *out, size_t entry, json_object *entries)
{
	const char *comment = string_member(json_object_array_get_idx(entries, entry), "comment");

	fprintf(out, "    # syscalls[%zu]", entry);
	if (im->notes[entry][0])
		fprintf(out, " (%s)", printable(im, im->notes[entry], false));
	if (comment != NULL && comment[0])
		fprintf(out, ": %s", printable(im, comment, false));
	fputc('\n', out);
}

static const char *profile_name(struct importer *im)
{
	const char *base = strrchr(im->path, '/') ? strrchr(im->path, '/') + 1 : im->path;
	char *name = arena_strdup(&im->arena, base), *dot = strrchr(name, '.');
	size_t j = 0;

	if (im->report->profile_name != NULL)
		return im->report->profile_name;
	if (dot != NULL && dot != name)
		*dot = '\0';
	/* a .zp name: letters, digits, _ and single hyphens, a letter first */
	for (size_t i = 0; name[i]; i++) {
		char c = name[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';

		if (!ok && j > 0 && name[j - 1] != '-')
			name[j++] = '-';
		else if (ok)
			name[j++] = c;
	}
	while (j > 0 && name[j - 1] == '-')
		j--;
	name[j] = '\0';
	if (j == 0 || !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z')))
		return arena_printf(&im->arena, "imported%s%s", j ? "-" : "", name);
	return name;
}

static void write_profile(struct importer *im, FILE *out, json_object *seccomp, const char *default_action,
			  const char *sub_arches)
{
	json_object *entries = member(seccomp, "syscalls");
	const char *base = strrchr(im->path, '/') ? strrchr(im->path, '/') + 1 : im->path;
	const char **actions = NULL;
	size_t action_count = 0;
	bool any_dropped = false;

	fprintf(out, "# Imported by zvizc import from %s (%s seccomp profile)\n", printable(im, base, false),
		im->docker ? "Docker/moby" : "OCI");
	fprintf(out, "# for %s, as runc or crun would load it there for a container with no\n"
		"# capabilities on a kernel that meets every minKernel.\n", im->abi->name);
	if (sub_arches != NULL && sub_arches[0])
		fprintf(out, "# The original also admits %s with the same rules; this profile names\n"
			"# %s only, so system calls through those ABIs kill the process.\n", printable(im, sub_arches, false),
			im->abi->name);
	fprintf(out, "\nprofile %s {\n", profile_name(im));
	fprintf(out, "    description \"Imported from %s\";\n", printable(im, base, true));
	fprintf(out, "    arch %s;\n", im->abi->name);
	fprintf(out, "    default %s;\n", default_action);

	/* Conditional rules first, in the file's order: each one is tried
	 * before its system call's unconditional rule. */
	for (size_t i = 0; i < im->rule_count; i++) {
		const struct rule *r = &im->rules[i];

		if (r->condition == NULL)
			continue;
		fputc('\n', out);
		write_entry_comment(im, out, r->entry, entries);
		fprintf(out, "    %s %s if %s;\n", r->action, r->name, r->condition);
		im->report->rules++;
		im->report->names++;
	}
	/* Then the unconditional ones, by action, each name once. */
	for (size_t i = 0; i < im->rule_count; i++)
		if (im->rules[i].condition == NULL)
			add_name(im, &actions, &action_count, im->rules[i].action);
	for (size_t a = 0; a < action_count; a++) {
		const char **names = NULL;
		size_t count = 0, last_entry = SIZE_MAX;

		fputc('\n', out);
		for (size_t i = 0; i < im->rule_count; i++) {
			const struct rule *r = &im->rules[i];
			size_t before = count;

			if (r->condition != NULL || strcmp(r->action, actions[a]) != 0)
				continue;
			add_name(im, &names, &count, r->name);
			if (count > before && r->entry != last_entry) {
				write_entry_comment(im, out, r->entry, entries);
				last_entry = r->entry;
			}
		}
		write_names(out, actions[a], names, count);
		im->report->rules++;
		im->report->names += (unsigned)count;
	}
	if (im->absent_count > 0) {
		fprintf(out, "\n    # Not system calls on %s, left out as libseccomp leaves them out:\n", im->abi->name);
		write_comment_list(out, " ", join_names(im, im->absent, im->absent_count));
	}
	for (size_t i = 0; i < im->entry_count; i++) {
		json_object *e = json_object_array_get_idx(entries, i);

		if (!im->dropped[i])
			continue;
		if (!any_dropped)
			fputs("\n    # Entries that do not apply:\n", out);
		any_dropped = true;
		fprintf(out, "    # syscalls[%zu] (%s):\n", i, printable(im, im->notes[i], false));
		write_comment_list(out, " ", printable(im, string_member(e, "name") ? string_member(e, "name")
								  : array_text(im, member(e, "names")), false));
	}
	fputs("}\n", out);
}

/* ---- the whole import ------------------------------------------------------------------------ */

/* The sub-architectures Docker's archMap or OCI's architectures admit
 * beside the target, as text ("" when none); warns about foreign lists. */
static const char *other_arches(struct importer *im, json_object *seccomp)
{
	const struct abi_names *an = names_of(im->abi);
	json_object *map = member(seccomp, "archMap"), *arches = member(seccomp, "architectures");
	const char **names = NULL;
	size_t count = 0;

	if (is_array(map)) {
		bool found = false;

		for (size_t i = 0; i < json_object_array_length(map); i++) {
			json_object *m = json_object_array_get_idx(map, i);
			const char *arch = string_member(m, "architecture");

			if (arch == NULL || strcmp(arch, an->scmp) != 0)
				continue;
			found = true;
			arches = member(m, "subArchitectures");
		}
		if (!found) {
			warn(im, "archMap has no entry for %s (%s): Docker would load the filter for the "
			     "native architecture only, as this profile does", an->scmp, im->abi->name);
			return "";
		}
	}
	if (!is_array(arches))
		return "";
	for (size_t i = 0; i < json_object_array_length(arches); i++) {
		json_object *v = json_object_array_get_idx(arches, i);
		const char *scmp = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
		const char *zname;

		if (scmp == NULL || strcmp(scmp, an->scmp) == 0)
			continue;
		zname = zvizc_abi_of_scmp(scmp);
		add_name(im, &names, &count, zname ? zname : scmp);
	}
	if (count > 0)
		warn(im, "the original admits %s beside %s with the same rules; the imported profile "
		     "names %s only, so those ABIs are killed (add them to arch to admit them)",
		     join_names(im, names, count), im->abi->name, im->abi->name);
	return join_names(im, names, count);
}

static int do_import(struct importer *im, json_object *root, FILE *out)
{
	json_object *seccomp = root, *entries;
	const char *default_action, *sub;
	char *text = NULL;
	size_t text_len = 0;
	FILE *mem;

	if (!json_object_is_type(root, json_type_object))
		return zviz_error_set(im->err, "%s: not a JSON object", im->path);
	if (member(root, "linux") != NULL || member(root, "ociVersion") != NULL) {
		seccomp = member(member(root, "linux"), "seccomp");
		if (seccomp == NULL)
			return zviz_error_set(im->err, "%s: an OCI config without linux.seccomp", im->path);
		im->report->format = "oci";
	} else {
		im->report->format = "docker";
	}
	im->docker = strcmp(im->report->format, "docker") == 0;
	if (string_member(seccomp, "defaultAction") == NULL)
		return zviz_error_set(im->err, "%s: no defaultAction: not a seccomp profile", im->path);
	if (is_array(member(seccomp, "flags")) && json_object_array_length(member(seccomp, "flags")) > 0)
		warn(im, "flags %s are ignored (they are how the filter is loaded, not what it decides)",
		     array_text(im, member(seccomp, "flags")));
	default_action = action_text(im, string_member(seccomp, "defaultAction"),
				     member(seccomp, "defaultErrnoRet"), "defaultAction");
	if (default_action == NULL)
		return -1;
	sub = other_arches(im, seccomp);
	entries = member(seccomp, "syscalls");
	if (entries != NULL && !json_object_is_type(entries, json_type_null) && !is_array(entries))
		return zviz_error_set(im->err, "%s: syscalls is not a list", im->path);
	im->entry_count = is_array(entries) ? json_object_array_length(entries) : 0;
	im->report->entries = (unsigned)im->entry_count;
	im->notes = arena_calloc(&im->arena, im->entry_count + 1, sizeof(*im->notes));
	im->dropped = arena_calloc(&im->arena, im->entry_count + 1, sizeof(*im->dropped));
	for (size_t i = 0; i < im->entry_count; i++)
		if (read_entry(im, json_object_array_get_idx(entries, i), i) < 0)
			return -1;
	if (im->unknown_count > 0)
		return zviz_error_set(im->err, "%s: %zu system call name%s neither libseccomp nor zvizc "
				      "know%s: %s", im->path, im->unknown_count,
				      im->unknown_count == 1 ? "" : "s", im->unknown_count == 1 ? "s" : "",
				      join_names(im, im->unknown, im->unknown_count));
	if (im->supplement_count > 0)
		warn(im, "%zu name%s unknown to the installed libseccomp, so runc and crun built with it "
		     "skip them and leave them to the default action; zvizc places them from its "
		     "supplement table: %s", im->supplement_count, im->supplement_count == 1 ? " is" : "s are",
		     join_names(im, im->supplement, im->supplement_count));
	/* Two unconditional rules giving one name different actions: libseccomp
	 * refuses the second, and so would zvizc. */
	for (size_t i = 0; i < im->rule_count; i++) {
		for (size_t j = 0; j < i; j++) {
			const struct rule *a = &im->rules[j], *b = &im->rules[i];

			if (a->condition == NULL && b->condition == NULL && strcmp(a->name, b->name) == 0 &&
			    strcmp(a->action, b->action) != 0)
				return zviz_error_set(im->err, "%s: syscalls[%zu] gives %s %s, syscalls[%zu] %s",
						      im->path, a->entry, a->name, a->action, b->entry, b->action);
		}
	}
	mem = open_memstream(&text, &text_len);
	if (mem == NULL)
		return zviz_error_set(im->err, "out of memory");
	write_profile(im, mem, seccomp, default_action, sub);
	if (fclose(mem) != 0) {
		free(text);
		return zviz_error_set(im->err, "out of memory");
	}
	if (fwrite(text, 1, text_len, out) != text_len || fflush(out) != 0) {
		free(text);
		return zviz_error_set(im->err, "cannot write the profile: %s", strerror(errno));
	}
	free(text);
	return 0;
}

int import_seccomp_json(const char *path, FILE *out, struct import_report *report, struct zviz_error *err)
{
	struct import_report local;
	struct importer im;
	json_object *root;
	int ret;

	if (report == NULL) {
		memset(&local, 0, sizeof(local));
		report = &local;
	}
	memset(&im, 0, sizeof(im));
	im.report = report;
	im.err = err;
	im.path = path;
	report->format = NULL;
	report->entries = report->entries_dropped = report->rules = report->names = 0;
	im.abi = report->arch ? zvizc_abi_by_name(report->arch) : zvizc_abi_native();
	if (im.abi == NULL || names_of(im.abi) == NULL)
		return zviz_error_set(err, "%s: no such ABI for zvizc", report->arch ? report->arch : "native");
	report->abi = im.abi->name;
	root = json_object_from_file(path);
	if (root == NULL) {
		const char *why = json_util_get_last_err();

		ret = zviz_error_set(err, "%s: %s", path, why ? why : "not valid JSON");
		/* json-c's message ends with a newline */
		if (err != NULL && strlen(err->msg) > 0 && err->msg[strlen(err->msg) - 1] == '\n')
			err->msg[strlen(err->msg) - 1] = '\0';
		goto out;
	}
	im.syscalls = zvizc_syscalls_load();
	if (im.syscalls == NULL) {
		json_object_put(root);
		ret = zviz_error_set(err, "out of memory");
		goto out;
	}
	arena_init(&im.arena);
	ret = do_import(&im, root, out);
	arena_free(&im.arena);
	zvizc_syscalls_free(im.syscalls);
	json_object_put(root);
out:
	if (report == &local)
		import_report_free(&local);
	return ret;
}
