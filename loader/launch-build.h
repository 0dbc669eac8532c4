/* zviz-load: gathering a launch from the policy and the bundle.  The
 * profile is the floor: where config.json asks for less isolation, the
 * stricter side wins and --verbose says so. */
#ifndef ZVIZ_LOAD_LAUNCH_BUILD_H
#define ZVIZ_LOAD_LAUNCH_BUILD_H

#include "bundle.h"
#include "error.h"
#include "launch.h"

int launch_build(struct launch *l, const struct zviz_policy *p, const struct bundle *b, bool verbose,
		 struct zviz_error *err);
void launch_free(struct launch *l);

#endif
