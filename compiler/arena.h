/* zvizc: an arena for everything one compilation allocates (sources, the
 * syntax tree, the resolved model).  Freed in one call, so a failing path
 * never has to unwind a tree by hand; allocation failure is fatal (the
 * compiler is a short-lived CLI and has nothing sensible to fall back to). */
#ifndef ZVIZC_ARENA_H
#define ZVIZC_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
/* Zeroed, aligned for any object. */
void *arena_alloc(struct arena *a, size_t size);
void *arena_calloc(struct arena *a, size_t count, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A copy of OLD (OLD_COUNT items) with room for NEW_COUNT; for growing arrays. */
void *arena_grow(struct arena *a, const void *old, size_t old_count, size_t new_count, size_t size);

#endif
