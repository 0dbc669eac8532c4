/* zvizc: the zviz policy compiler's command line.
 *
 *   zvizc [OPTIONS] PROFILE.zp          compile and verify into policy.bin
 *   zvizc lint [OPTIONS] FILE…          check profiles, report findings
 *   zvizc import FILE.json [-o OUT.zp]  a Docker/OCI seccomp profile as .zp
 *   zvizc --list-syscalls [--abi ABI]   the syscall table zvizc uses
 *   zvizc --list-groups [-I DIR]        the groups of groups.zp
 *
 * Exit status: 0 success, 1 findings or a failed compile, 2 usage or I/O
 * errors. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "compile.h"
#include "diag.h"
#include "diagnostics.h"
#include "diff.h"
#include "explain.h"
#include "import.h"
#include "load.h"
#include "resolve.h"
#include "symbols.h"
#include "syscalls.h"

#define PROG "zvizc"
#define EXIT_FINDINGS 1
#define EXIT_USAGE 2
#define MAX_INCLUDE_DIRS 64

struct options {
	const char *include_dirs[MAX_INCLUDE_DIRS];
	size_t include_dir_count;
	enum diag_format format;
	bool werror;
	const char *abi;
	const char *profile;
	const char *output;
	bool raw_bpf;              /* -O bpf */
	bool stats;
};

static void usage(FILE *out)
{
	fputs("usage: zvizc [OPTIONS] PROFILE.zp [-o OUTPUT]\n"
	      "       zvizc lint [OPTIONS] FILE...\n"
	      "       zvizc explain [OPTIONS] POLICY.bin|PROFILE.zp\n"
	      "       zvizc diff [OPTIONS] A B\n"
	      "       zvizc import [--abi ABI] [--profile NAME] FILE.json [-o OUT.zp]\n"
	      "       zvizc --list-syscalls [--abi ABI]\n"
	      "       zvizc --list-groups [-I DIR]...\n"
	      "       zvizc --version | --help\n"
	      "\n"
	      "Commands:\n"
	      "  PROFILE.zp          compile one profile, verify the program against it, and\n"
	      "                      write policy.bin\n"
	      "  lint FILE...        check profiles: syntax, names, conflicts, bypasses, risky rules\n"
	      "  explain FILE        a policy in words: every section, the syscall table with its\n"
	      "                      conditions, and the BPF program disassembled\n"
	      "  diff A B            what changed between two policies (profiles or policy.bin);\n"
	      "                      exit 0 when they enforce the same, 1 when they differ\n"
	      "  import FILE.json    a Docker/moby seccomp profile, or an OCI config.json's\n"
	      "                      linux.seccomp, as an equivalent .zp profile (default: to\n"
	      "                      standard output); warnings say where zvizc is stricter\n"
	      "  --list-syscalls     print every system call zvizc knows, per ABI, with its number\n"
	      "  --list-groups       print the standard groups (groups.zp) and their members\n"
	      "\n"
	      "Options:\n"
	      "  -o, --output FILE       where to write (default: PROFILE-NAME.bin, or .bpf)\n"
	      "  -O, --output-format F   policy (default: the whole policy.bin) or bpf (the raw\n"
	      "                          sock_filter array, as bwrap --seccomp takes it)\n"
	      "  --stats                 print the program's size and cost per syscall\n"
	      "  -I, --include-dir DIR   look for included files in DIR (after the including\n"
	      "                          file's own directory; before " ZVIZ_PROFILE_DIR ")\n"
	      "  --profile NAME          the profile to compile, or to lint, of each file; with\n"
	      "                          import, the imported profile's name\n"
	      "  --format FORMAT         text (default), json, or sarif (SARIF 2.1.0; lint only)\n"
	      "  -Werror                 warnings fail the run too\n"
	      "  --abi ABI               with --list-syscalls: only this ABI; with import, the\n"
	      "                          machine imported for (default: this one); one of x86_64,\n"
	      "                          x32, i386, aarch64, arm, riscv64, native\n"
	      "  -h, --help              show this help\n"
	      "  -V, --version           show the version\n"
	      "\n"
	      "Exit status: 0 success, 1 findings, a failed compile, or (diff) a difference,\n"
	      "2 usage or I/O errors.\n"
	      "See zvizc(1) and zviz-profile(5).\n", out);
}

/* ---- lint ------------------------------------------------------------------------- */

static int lint_files(const struct options *opts, char **files, int count)
{
	struct load_options lo = {
		.include_dirs = opts->include_dirs, .include_dir_count = opts->include_dir_count,
		.profile_dir = ZVIZ_PROFILE_DIR,
	};
	struct zvizc_syscalls *syscalls = zvizc_syscalls_load();
	struct arena arena;
	struct diags diags;
	int status = 0;
	bool profile_found = opts->profile == NULL;

	if (syscalls == NULL) {
		zviz_diag(PROG, "syscall table", "out of memory");
		return EXIT_USAGE;
	}
	arena_init(&arena);
	diags_init(&diags, &arena);
	for (int i = 0; i < count; i++) {
		struct zp_program prog;
		struct symbols symbols;

		if (load_program(&arena, &diags, &lo, files[i], &prog) < 0) {
			zviz_diag_errno(PROG, files[i], errno);
			status = EXIT_USAGE;
			continue;
		}
		symbols_build(&symbols, &arena, &diags, syscalls, &prog);
		if (load_had_syntax_errors(&prog))
			continue;       /* the tree lacks what the parser dropped */
		for (const struct zp_profile *p = prog.root->profiles; p != NULL; p = p->next) {
			const struct profile_entry *entry = symbols_profile(&symbols, p->name);
			struct resolved_profile resolved;

			if (entry == NULL || entry->profile != p)
				continue;       /* a duplicate, already reported */
			if (opts->profile != NULL && strcmp(opts->profile, p->name) != 0)
				continue;
			profile_found = true;
			resolve_profile(&symbols, entry, &resolved);
		}
		symbols_report_unused(&symbols);
	}
	diags_print(&diags, stdout, opts->format, PACKAGE_VERSION);
	if (!profile_found) {
		zviz_diag(PROG, opts->profile, "no such profile in the files given");
		status = EXIT_USAGE;
	}
	if (status == 0 && diags_failed(&diags, opts->werror))
		status = EXIT_FINDINGS;
	arena_free(&arena);
	zvizc_syscalls_free(syscalls);
	return status;
}

/* ---- compile -------------------------------------------------------------------------- */

/* The profile to compile: --profile, or the file's only one. */
static const struct profile_entry *pick_profile(const struct options *opts, const struct symbols *symbols,
						const struct zp_program *prog, const char *path)
{
	const struct zp_profile *only = NULL;
	size_t count = 0;

	if (opts->profile != NULL) {
		const struct profile_entry *e = symbols_profile(symbols, opts->profile);

		if (e == NULL)
			zviz_diag(PROG, path, "no profile named '%s'", opts->profile);
		return e;
	}
	for (const struct zp_profile *p = prog->root->profiles; p != NULL; p = p->next, count++)
		only = p;
	if (count == 1)
		return symbols_profile(symbols, only->name);
	if (count == 0)
		zviz_diag(PROG, path, "defines no profile");
	else
		zviz_diag(PROG, path, "defines %zu profiles; choose one with --profile", count);
	return NULL;
}

static void print_stats(const struct resolved_profile *r, const struct verify_result *v)
{
	printf("program: %u instructions\n", r->policy.seccomp.insn_count);
	printf("per syscall number, arguments zero: %.1f instructions on average, %u at worst "
	       "(%llu numbers)\n", v->numbers ? (double)v->steps_all / (double)v->numbers : 0.0,
	       v->worst_all, (unsigned long long)v->numbers);
	printf("per allowed syscall: %.1f on average, %u at worst (%llu numbers)\n",
	       v->allowed_numbers ? (double)v->steps_allowed / (double)v->allowed_numbers : 0.0,
	       v->worst_allowed, (unsigned long long)v->allowed_numbers);
	printf("unconditional allows the kernel caches (no filter run at all): %u of %u\n",
	       v->allows_cacheable, v->allows);
}

/* Loads, resolves, compiles and verifies the profile of PATH into
 * *RESOLVED (arena memory, and a program compile_release() frees).
 * Findings are printed on stderr.  Returns 0, EXIT_FINDINGS or EXIT_USAGE. */
static int build_policy(const struct options *opts, const char *path, struct arena *arena,
			const struct zvizc_syscalls *syscalls, struct resolved_profile *resolved,
			struct verify_result *verified)
{
	struct load_options lo = {
		.include_dirs = opts->include_dirs, .include_dir_count = opts->include_dir_count,
		.profile_dir = ZVIZ_PROFILE_DIR,
	};
	const struct profile_entry *entry;
	struct zp_program prog;
	struct symbols symbols;
	struct zviz_error err;
	struct diags diags;

	memset(resolved, 0, sizeof(*resolved));
	diags_init(&diags, arena);
	if (load_program(arena, &diags, &lo, path, &prog) < 0) {
		zviz_diag_errno(PROG, path, errno);
		return EXIT_USAGE;
	}
	symbols_build(&symbols, arena, &diags, syscalls, &prog);
	entry = pick_profile(opts, &symbols, &prog, path);
	if (entry != NULL && !load_had_syntax_errors(&prog)) {
		resolve_profile(&symbols, entry, resolved);
		symbols_report_unused(&symbols);
	}
	diags_print(&diags, stderr, opts->format, PACKAGE_VERSION);
	if (entry == NULL)
		return EXIT_USAGE;
	if (diags_failed(&diags, opts->werror))
		return EXIT_FINDINGS;
	if (compile_seccomp(resolved, syscalls, verified, &err) < 0) {
		zviz_diag(PROG, resolved->name, "%s", err.msg);
		return EXIT_FINDINGS;
	}
	return 0;
}

static int compile_file(const struct options *opts, const char *path)
{
	struct zvizc_syscalls *syscalls = zvizc_syscalls_load();
	struct resolved_profile resolved;
	struct verify_result verified;
	struct zviz_error err;
	struct arena arena;
	const char *output;
	uint8_t *blob = NULL;
	size_t blob_len = 0;
	int status;
	char cases[32];

	if (syscalls == NULL) {
		zviz_diag(PROG, "syscall table", "out of memory");
		return EXIT_USAGE;
	}
	arena_init(&arena);
	status = build_policy(opts, path, &arena, syscalls, &resolved, &verified);
	if (status != 0)
		goto out;
	status = EXIT_FINDINGS;
	if (opts->raw_bpf) {
		blob_len = resolved.policy.seccomp.insn_count * sizeof(struct sock_filter);
	} else if (zviz_policy_encode(&resolved.policy, &blob, &blob_len, &err) < 0) {
		zviz_diag(PROG, resolved.name, "cannot encode the policy: %s", err.msg);
		goto out;
	}
	output = opts->output ? opts->output
			      : arena_printf(&arena, "%s.%s", resolved.name, opts->raw_bpf ? "bpf" : "bin");
	if (write_file_atomic(output, opts->raw_bpf ? (const void *)resolved.policy.seccomp.insns : blob,
			      blob_len, &err) < 0) {
		zviz_diag(PROG, output, "%s", err.msg);
		status = EXIT_USAGE;
		goto out;
	}
	printf("%s: profile %s: verified: %u ABI%s, %s cases, 0 mismatches; %u/%u allows cacheable\n",
	       output, resolved.name, verified.abis, verified.abis == 1 ? "" : "s",
	       format_thousands(cases, sizeof(cases), verified.cases), verified.allows_cacheable,
	       verified.allows);
	if (opts->stats)
		print_stats(&resolved, &verified);
	status = 0;
out:
	free(blob);
	compile_release(&resolved);
	arena_free(&arena);
	zvizc_syscalls_free(syscalls);
	return status;
}

/* ---- explain and diff ---------------------------------------------------------------- */

/* A policy from a policy.bin (known by its magic) or from a profile
 * compiled and verified now. */
struct any_policy {
	bool from_blob;
	struct zviz_policy decoded;
	struct resolved_profile resolved;
	const struct zviz_policy *policy;
};

static bool is_policy_blob(const char *path)
{
	char magic[ZVIZ_POLICY_MAGIC_LEN];
	FILE *fp = fopen(path, "rb");
	bool blob;

	if (fp == NULL)
		return false;       /* the profile loader will say why */
	blob = fread(magic, 1, sizeof(magic), fp) == sizeof(magic) &&
	       memcmp(magic, ZVIZ_POLICY_MAGIC, ZVIZ_POLICY_MAGIC_LEN) == 0;
	fclose(fp);
	return blob;
}

static int load_any_policy(const struct options *opts, const char *path, struct arena *arena,
			   const struct zvizc_syscalls *syscalls, struct any_policy *out)
{
	struct verify_result verified;
	struct zviz_error err;
	int status;

	memset(out, 0, sizeof(*out));
	if (is_policy_blob(path)) {
		if (zviz_policy_read_file(path, &out->decoded, &err) < 0) {
			zviz_diag(PROG, path, "%s", err.msg);
			return EXIT_USAGE;
		}
		out->from_blob = true;
		out->policy = &out->decoded;
		return 0;
	}
	status = build_policy(opts, path, arena, syscalls, &out->resolved, &verified);
	out->policy = &out->resolved.policy;
	return status;
}

static void release_any_policy(struct any_policy *p)
{
	if (p->from_blob)
		zviz_policy_free(&p->decoded);
	else
		compile_release(&p->resolved);
}

/* `zvizc explain FILE` (N == 1) or `zvizc diff A B` (N == 2). */
static int report(const struct options *opts, char **files, int n)
{
	struct zvizc_syscalls *syscalls = zvizc_syscalls_load();
	struct any_policy policies[2];
	struct arena arena;
	int status = 0, loaded = 0;

	if (syscalls == NULL) {
		zviz_diag(PROG, "syscall table", "out of memory");
		return EXIT_USAGE;
	}
	arena_init(&arena);
	/* A policy that cannot be had is an error (2), never "they differ" (1). */
	for (; loaded < n && status == 0; loaded++)
		if (load_any_policy(opts, files[loaded], &arena, syscalls, &policies[loaded]) != 0)
			status = EXIT_USAGE;
	if (status == 0) {
		int rc = n == 1 ? explain_policy(stdout, policies[0].policy, opts->format == DIAG_JSON)
				: diff_policies(stdout, policies[0].policy, policies[1].policy,
						opts->format == DIAG_JSON);

		if (rc < 0 || fflush(stdout) != 0) {
			zviz_diag_errno(PROG, "standard output", errno ? errno : EIO);
			status = EXIT_USAGE;
		} else {
			status = rc;        /* diff: 1 when the policies differ */
		}
	}
	for (int i = 0; i < loaded; i++)
		release_any_policy(&policies[i]);
	arena_free(&arena);
	zvizc_syscalls_free(syscalls);
	return status;
}

/* ---- listings ----------------------------------------------------------------------- */

static int list_syscalls(const struct options *opts)
{
	struct zvizc_syscalls *syscalls = zvizc_syscalls_load();
	const struct zvizc_abi *only = NULL;
	size_t abi_count;
	const struct zvizc_abi *abis = zvizc_abi_list(&abi_count);

	if (syscalls == NULL) {
		zviz_diag(PROG, "syscall table", "out of memory");
		return EXIT_USAGE;
	}
	if (opts->abi != NULL) {
		only = zvizc_abi_by_name(opts->abi);
		if (only == NULL) {
			zviz_diag(PROG, opts->abi, "unknown ABI (x86_64, x32, i386, aarch64, arm, riscv64, native)");
			zvizc_syscalls_free(syscalls);
			return EXIT_USAGE;
		}
	}
	printf("%-10s %-28s %10s  %s\n", "abi", "syscall", "number", "from");
	for (size_t a = 0; a < abi_count; a++) {
		const struct zvizc_syscall_entry *entries;
		size_t n;

		if (only != NULL && only != &abis[a])
			continue;
		n = zvizc_syscalls_abi_entries(syscalls, &abis[a], &entries);
		for (size_t i = 0; i < n; i++)
			printf("%-10s %-28s %10u  %s\n", abis[a].name, entries[i].name, entries[i].nr,
			       entries[i].origin);
	}
	zvizc_syscalls_free(syscalls);
	return 0;
}

static int list_groups(const struct options *opts)
{
	struct load_options lo = {
		.include_dirs = opts->include_dirs, .include_dir_count = opts->include_dir_count,
		.profile_dir = ZVIZ_PROFILE_DIR,
	};
	struct zvizc_syscalls *syscalls = zvizc_syscalls_load();
	struct zp_source *src;
	struct zp_program prog;
	struct symbols symbols;
	struct arena arena;
	struct diags diags;
	int status = 0;

	if (syscalls == NULL) {
		zviz_diag(PROG, "syscall table", "out of memory");
		return EXIT_USAGE;
	}
	arena_init(&arena);
	diags_init(&diags, &arena);
	src = source_from_memory(&arena, "<list-groups>", "include \"groups.zp\";\n", 21);
	load_program_from_source(&arena, &diags, &lo, src, &prog);
	symbols_build(&symbols, &arena, &diags, syscalls, &prog);
	if (diags.errors > 0) {
		diags_print(&diags, stderr, DIAG_TEXT, PACKAGE_VERSION);
		status = EXIT_USAGE;
	} else {
		for (size_t g = 0; g < symbols.group_count; g++) {
			const struct group_entry *e = &symbols.groups[g];

			printf("@%s (%zu):", e->group->name, e->count);
			for (size_t i = 0; i < e->count; i++)
				printf(" %s", e->names[i]);
			putchar('\n');
		}
	}
	arena_free(&arena);
	zvizc_syscalls_free(syscalls);
	return status;
}

/* ---- import --------------------------------------------------------------------------- */

/* `zvizc import FILE`: the .zp goes to OUTPUT (written as a compiled
 * policy is, so a failed import leaves no file) or stdout. */
static int import_file(const struct options *opts, const char *path)
{
	struct import_report report = { .arch = opts->abi, .profile_name = opts->profile };
	struct zviz_error err = { "" };
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int rc, status = 0;

	if (out == NULL) {
		zviz_diag_errno(PROG, "import", errno);
		return EXIT_USAGE;
	}
	rc = import_seccomp_json(path, out, &report, &err);
	if (fclose(out) != 0 && rc == 0)
		rc = zviz_error_set(&err, "out of memory");
	for (size_t i = 0; i < report.warning_count; i++)
		zviz_diag(PROG, path, "warning: %s", report.warnings[i]);
	if (rc == 0)
		zviz_diag(PROG, path, "%s profile: %u entries (%u dropped), %u rules for %s",
			  report.format, report.entries, report.entries_dropped, report.rules, report.abi);
	else
		zviz_diag(PROG, "import", "%s", err.msg);   /* the message names the file */
	import_report_free(&report);
	if (rc < 0) {
		status = EXIT_FINDINGS;
	} else if (opts->output != NULL) {
		if (write_file_atomic(opts->output, text, len, &err) < 0) {
			zviz_diag(PROG, opts->output, "%s", err.msg);
			status = EXIT_USAGE;
		}
	} else if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
		zviz_diag_errno(PROG, "standard output", errno);
		status = EXIT_USAGE;
	}
	free(text);
	return status;
}

/* ---- main ------------------------------------------------------------------------------ */

enum {
	OPT_LIST_SYSCALLS = 256, OPT_LIST_GROUPS, OPT_ABI, OPT_FORMAT, OPT_PROFILE, OPT_WERROR, OPT_STATS,
};

#define PARSED_OK (-1)

/* Parses options up to the first operand (getopt's "+").  Returns
 * PARSED_OK, or the status main should exit with. */
static int parse_options(int argc, char **argv, struct options *opts, int *command)
{
	static const struct option long_options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "include-dir", required_argument, NULL, 'I' },
		{ "list-syscalls", no_argument, NULL, OPT_LIST_SYSCALLS },
		{ "list-groups", no_argument, NULL, OPT_LIST_GROUPS },
		{ "abi", required_argument, NULL, OPT_ABI },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "Werror", no_argument, NULL, OPT_WERROR },
		{ "output", required_argument, NULL, 'o' },
		{ "output-format", required_argument, NULL, 'O' },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "+hVI:o:O:", long_options, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("zvizc %s\n", PACKAGE_VERSION);
			return 0;
		case 'I':
			if (opts->include_dir_count == MAX_INCLUDE_DIRS) {
				zviz_diag(PROG, "-I", "more than %d include directories", MAX_INCLUDE_DIRS);
				return EXIT_USAGE;
			}
			opts->include_dirs[opts->include_dir_count++] = optarg;
			break;
		case OPT_LIST_SYSCALLS:
		case OPT_LIST_GROUPS:
			*command = c;
			break;
		case OPT_ABI:
			opts->abi = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0) {
				opts->format = DIAG_TEXT;
			} else if (strcmp(optarg, "json") == 0) {
				opts->format = DIAG_JSON;
			} else if (strcmp(optarg, "sarif") == 0) {
				opts->format = DIAG_SARIF;
			} else {
				zviz_diag(PROG, "--format", "'%s' is not text, json or sarif", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_PROFILE:
			opts->profile = optarg;
			break;
		case OPT_WERROR:
			opts->werror = true;
			break;
		case 'o':
			opts->output = optarg;
			break;
		case 'O':
			if (strcmp(optarg, "bpf") == 0) {
				opts->raw_bpf = true;
			} else if (strcmp(optarg, "policy") == 0) {
				opts->raw_bpf = false;
			} else {
				zviz_diag(PROG, "-O", "'%s' is not policy or bpf", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_STATS:
			opts->stats = true;
			break;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	return PARSED_OK;
}

int main(int argc, char **argv)
{
	struct options opts = { .format = DIAG_TEXT };
	int command = 0, status;

	/* -Werror is a single-dash long option, as in compilers. */
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "-Werror") == 0)
			argv[i] = "--Werror";
	status = parse_options(argc, argv, &opts, &command);
	if (status != PARSED_OK)
		return status;
	if (command == OPT_LIST_SYSCALLS)
		return list_syscalls(&opts);
	if (command == OPT_LIST_GROUPS)
		return list_groups(&opts);
	if (optind < argc && (strcmp(argv[optind], "explain") == 0 || strcmp(argv[optind], "diff") == 0)) {
		int want = strcmp(argv[optind], "explain") == 0 ? 1 : 2;
		const char *cmd = argv[optind++];

		status = parse_options(argc, argv, &opts, &command);
		if (status != PARSED_OK)
			return status;
		if (argc - optind != want) {
			zviz_diag(PROG, cmd, "takes %s", want == 1 ? "one file" : "two files");
			return EXIT_USAGE;
		}
		if (opts.format == DIAG_SARIF) {
			zviz_diag(PROG, cmd, "--format takes text or json here");
			return EXIT_USAGE;
		}
		return report(&opts, argv + optind, want);
	}
	if (optind < argc && strcmp(argv[optind], "import") == 0) {
		const char *path;

		optind++;
		status = parse_options(argc, argv, &opts, &command);
		if (status != PARSED_OK)
			return status;
		if (optind >= argc) {
			zviz_diag(PROG, "import", "no file given");
			return EXIT_USAGE;
		}
		path = argv[optind++];
		status = parse_options(argc, argv, &opts, &command);     /* -o after the file */
		if (status != PARSED_OK)
			return status;
		if (optind < argc) {
			zviz_diag(PROG, argv[optind], "import takes one file");
			return EXIT_USAGE;
		}
		return import_file(&opts, path);
	}
	if (optind < argc && strcmp(argv[optind], "lint") == 0) {
		optind++;
		status = parse_options(argc, argv, &opts, &command);     /* options after `lint` */
		if (status != PARSED_OK)
			return status;
		if (optind >= argc) {
			zviz_diag(PROG, "lint", "no file given");
			return EXIT_USAGE;
		}
		return lint_files(&opts, argv + optind, argc - optind);
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	{
		const char *path = argv[optind++];

		/* Options may follow the profile too. */
		status = parse_options(argc, argv, &opts, &command);
		if (status != PARSED_OK)
			return status;
		if (optind < argc) {
			zviz_diag(PROG, argv[optind], "one profile file at a time");
			return EXIT_USAGE;
		}
		return compile_file(&opts, path);
	}
}
