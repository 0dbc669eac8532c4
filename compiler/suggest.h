/* zvizc: "did you mean …" — the closest candidate to a misspelt name. */
#ifndef ZVIZC_SUGGEST_H
#define ZVIZC_SUGGEST_H

#include <stddef.h>

struct suggestion {
	const char *word;
	const char *best;
	size_t best_distance;
};

void suggest_start(struct suggestion *s, const char *word);
/* Offers one candidate. */
void suggest_offer(struct suggestion *s, const char *candidate);
/* The best candidate if it is close enough to be a likely typo, else NULL. */
const char *suggest_result(const struct suggestion *s);

#endif
