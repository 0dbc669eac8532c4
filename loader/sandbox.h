/* zviz-load: starting the sandbox and supervising it.  The parent clones
 * the first process into new namespaces, writes its id maps, puts it in
 * its cgroup and releases it; the child builds its world, drops
 * everything and execs; the parent then forwards signals, enforces the
 * wall clock, reaps, cleans up and reports the workload's status. */
#ifndef ZVIZ_LOAD_SANDBOX_H
#define ZVIZ_LOAD_SANDBOX_H

#include "launch.h"

#define EXIT_LOADER_ERROR 125

struct sandbox_options {
	const char *cgroup_parent;     /* NULL: under the loader's own cgroup */
	unsigned timeout_seconds;      /* 0: the profile's wall clock, if any */
	bool best_effort;              /* run without limits no cgroup can enforce here */
	bool verbose;
};

/* Runs L to its end; returns the exit status the loader should exit
 * with (the workload's, 128 + a signal, or 125 for a loader error, with
 * the reason already printed). */
int sandbox_run(struct launch *l, const struct sandbox_options *opts);

#endif
