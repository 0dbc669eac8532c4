/* zvizc: "did you mean" by edit distance (see suggest.h). */
#include <config.h>

#include <string.h>

#include "suggest.h"

#define MAX_WORD 64

/* Levenshtein distance with adjacent transpositions, case-insensitive
 * for ASCII; words longer than MAX_WORD are never close. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t prev2[MAX_WORD + 1], prev[MAX_WORD + 1], cur[MAX_WORD + 1];

	if (la > MAX_WORD || lb > MAX_WORD)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	memset(prev2, 0, sizeof(prev2));
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			char ca = a[i - 1] | (a[i - 1] >= 'A' && a[i - 1] <= 'Z' ? 0x20 : 0);
			char cb = b[j - 1] | (b[j - 1] >= 'A' && b[j - 1] <= 'Z' ? 0x20 : 0);
			size_t cost = ca == cb ? 0 : 1;
			size_t best = prev[j - 1] + cost;

			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
		memcpy(prev2, prev, sizeof(prev));
		memcpy(prev, cur, sizeof(cur));
	}
	return prev[lb];
}

void suggest_start(struct suggestion *s, const char *word)
{
	s->word = word;
	s->best = NULL;
	s->best_distance = (size_t)-1;
}

void suggest_offer(struct suggestion *s, const char *candidate)
{
	size_t d = distance(s->word, candidate);

	/* Ties go to the first offered, so results are deterministic. */
	if (d < s->best_distance) {
		s->best = candidate;
		s->best_distance = d;
	}
}

const char *suggest_result(const struct suggestion *s)
{
	size_t len = strlen(s->word);
	size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;

	return s->best != NULL && s->best_distance > 0 && s->best_distance <= limit ? s->best : NULL;
}
