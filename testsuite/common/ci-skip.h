/* Skipping a test: allowed on a developer's odd machine, never in CI,
 * where a skipped security test counts as a failed one. */
#ifndef ZVIZ_CI_SKIP_H
#define ZVIZ_CI_SKIP_H

#include <stdlib.h>

#define skip_unless_ci(reason)                                                        \
	do {                                                                          \
		if (getenv("CI") != NULL)                                             \
			fail_msg("cannot run here (%s), and CI allows no skips", reason); \
		skip();                                                               \
	} while (0)

#endif
