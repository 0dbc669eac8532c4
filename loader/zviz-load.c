/* zviz-load: runs an OCI bundle's process under a compiled zviz policy,
 * as PID 1 of new namespaces, and exits with its status.
 *
 *   zviz-load [OPTIONS] POLICY.bin BUNDLE [-- ARGS...]
 *
 * Everything is checked before anything starts: the policy (every byte,
 * and its program by the kernel's rules), the bundle, and the kernel's
 * seccomp actions and Landlock ABI.  Loader errors exit 125. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "diag.h"
#include "launch-build.h"
#include "sandbox.h"

#define PROG "zviz-load"

static void usage(FILE *out)
{
	fputs("usage: zviz-load [OPTIONS] POLICY.bin BUNDLE [-- ARGS...]\n"
	      "\n"
	      "Runs BUNDLE's process (config.json) under POLICY.bin, as PID 1 of new user, pid,\n"
	      "mount, ipc, uts, cgroup (and, unless the profile says host, network) namespaces,\n"
	      "and exits with its status.  ARGS, when given, replace process.args.\n"
	      "\n"
	      "Options:\n"
	      "  --best-effort        where no cgroup can enforce the profile's limits (rootless,\n"
	      "                       no such controller), run without them and say so; never\n"
	      "                       weakens Landlock or the seccomp filter\n"
	      "  --cgroup-parent PATH create the sandbox's cgroup under PATH (a cgroup path, such\n"
	      "                       as /zviz), not under the loader's own cgroup\n"
	      "  --init               run a tiny init as PID 1 that forwards signals to the\n"
	      "                       workload (PID 2) and reaps orphans\n"
	      "  --timeout SEC        kill the sandbox after SEC seconds (exit 137); replaces the\n"
	      "                       profile's wall clock\n"
	      "  --verbose            say what each stage does and what the profile overrode\n"
	      "  -h, --help           show this help\n"
	      "  -V, --version        show the version\n"
	      "\n"
	      "Exit status: the workload's, 128+N when a signal N ended it, 137 when the wall\n"
	      "clock did, 125 when the loader could not start it.  See zviz-load(1).\n", out);
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ "cgroup-parent", required_argument, NULL, 'c' },
		{ "best-effort", no_argument, NULL, 'b' },
		{ "init", no_argument, NULL, 'i' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct sandbox_options opts = { 0 };
	struct zviz_policy policy;
	struct zviz_error err = { "" };
	struct bundle bundle;
	struct launch launch;
	struct bundle_strings bundle_args;
	bool init = false;
	int c, status;

	while ((c = getopt_long(argc, argv, "+hV", long_options, NULL)) != -1) {
		switch (c) {
		case 't': {
			char *end;
			unsigned long v;

			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (errno || *end || v == 0 || v > 86400 * 365) {
				zviz_diag(PROG, "--timeout", "'%s' is not a number of seconds", optarg);
				return EXIT_LOADER_ERROR;
			}
			opts.timeout_seconds = (unsigned)v;
			break;
		}
		case 'v':
			opts.verbose = true;
			break;
		case 'i':
			init = true;
			break;
		case 'b':
			opts.best_effort = true;
			break;
		case 'c':
			if (optarg[0] != '/') {
				zviz_diag(PROG, "--cgroup-parent", "'%s' is not an absolute cgroup path", optarg);
				return EXIT_LOADER_ERROR;
			}
			opts.cgroup_parent = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("zviz-load %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return EXIT_LOADER_ERROR;
		}
	}
	if (argc - optind < 2) {
		usage(stderr);
		return EXIT_LOADER_ERROR;
	}

	if (zviz_policy_read_file(argv[optind], &policy, &err) < 0) {
		zviz_diag(PROG, argv[optind], "%s", err.msg);
		return EXIT_LOADER_ERROR;
	}
	if (bundle_load(argv[optind + 1], &bundle, &err) < 0) {
		zviz_diag(PROG, "bundle", "%s", err.msg);
		zviz_policy_free(&policy);
		return EXIT_LOADER_ERROR;
	}
	bundle_args = bundle.process.args;
	if (argc - optind > 2) {
		/* POLICY BUNDLE -- ARGS...: the arguments replace process.args. */
		int first = optind + 2;

		if (strcmp(argv[first], "--") == 0)
			first++;
		if (first == argc) {
			zviz_diag(PROG, "arguments", "nothing after --");
			bundle_free(&bundle);
			zviz_policy_free(&policy);
			return EXIT_LOADER_ERROR;
		}
		bundle.process.args.items = argv + first;
		bundle.process.args.count = (size_t)(argc - first);
	}
	status = EXIT_LOADER_ERROR;
	if (launch_build(&launch, &policy, &bundle, opts.verbose, &err) < 0) {
		zviz_diag(PROG, "bundle", "%s", err.msg);
		goto out;
	}
	launch.init = init;
	if (seccomp_check_actions(policy.seccomp.actions_needed, &err) < 0) {
		zviz_diag(PROG, "seccomp", "%s", err.msg);
		goto out_launch;
	}
	{
		/* A best-effort profile runs with the rights the kernel has and
		 * says which it lost; a required one does not run at all. */
		if (landlock_plan(&policy.landlock, landlock_kernel_abi(), &launch.landlock, &err) < 0) {
			zviz_diag(PROG, "landlock", "%s", err.msg);
			goto out_launch;
		}
		if (launch.landlock.dropped[0] != '\0')
			zviz_diag(PROG, "landlock", "best effort: %s", launch.landlock.dropped);
		if (opts.verbose)
			zviz_diag(PROG, "landlock", launch.landlock.enabled ? "ABI %d: enforced" : "ABI %d: not used",
				  launch.landlock.kernel_abi);
	}
	status = sandbox_run(&launch, &opts);
out_launch:
	launch_free(&launch);
out:
	bundle.process.args = bundle_args;
	bundle_free(&bundle);
	zviz_policy_free(&policy);
	return status;
}
