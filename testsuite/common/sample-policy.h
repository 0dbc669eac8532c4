/* A policy that fills every section of policy.bin, for the tests and the
 * fuzzing seed corpus. */
#ifndef ZVIZ_SAMPLE_POLICY_H
#define ZVIZ_SAMPLE_POLICY_H

#include "policy.h"

/* Fills *P with heap memory that zviz_policy_free() releases.  Returns
 * 0, or -1 when out of memory. */
int sample_policy_build(struct zviz_policy *p);

/* Encodes the sample into a heap blob (free it); aborts on failure. */
uint8_t *sample_policy_blob(size_t *len);

#endif
