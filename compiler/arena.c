/* zvizc: arena allocation (see arena.h). */
#include <config.h>

#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define BLOCK_PAYLOAD (64 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t used;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

static void out_of_memory(void)
{
	fputs("zvizc: out of memory\n", stderr);
	exit(2);
}

void arena_init(struct arena *a)
{
	a->head = NULL;
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b != NULL) {
		struct arena_block *next = b->next;

		free(b);
		b = next;
	}
	a->head = NULL;
}

void *arena_alloc(struct arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	struct arena_block *b = a->head;
	size_t start;

	if (size > SIZE_MAX / 2)
		out_of_memory();
	size = size ? size : 1;
	start = b ? (b->used + align - 1) / align * align : 0;
	if (b == NULL || start + size > b->size) {
		size_t payload = size > BLOCK_PAYLOAD ? size : BLOCK_PAYLOAD;

		b = malloc(sizeof(*b) + payload);
		if (b == NULL)
			out_of_memory();
		b->next = a->head;
		b->used = 0;
		b->size = payload;
		a->head = b;
		start = 0;
	}
	b->used = start + size;
	memset(b->data + start, 0, size);
	return b->data + start;
}

void *arena_calloc(struct arena *a, size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / 2 / size)
		out_of_memory();
	return arena_alloc(a, count * size);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory();
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(struct arena *a, const void *old, size_t old_count, size_t new_count, size_t size)
{
	void *p = arena_calloc(a, new_count, size);

	if (old_count > 0)
		memcpy(p, old, old_count * size);
	return p;
}
