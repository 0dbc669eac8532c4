/* zvizc: source files (see source.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"

#define MAX_SOURCE_SIZE (4u << 20)

struct zp_source *source_from_memory(struct arena *a, const char *name, const char *text, size_t len)
{
	struct zp_source *src = arena_alloc(a, sizeof(*src));
	size_t lines = 1, n = 0;

	src->path = arena_strdup(a, name);
	src->text = arena_strndup(a, text, len);
	src->len = len;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			lines++;
	src->line_starts = arena_calloc(a, lines, sizeof(size_t));
	src->line_starts[n++] = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			src->line_starts[n++] = i + 1;
	src->line_count = lines;
	return src;
}

struct zp_source *source_read(struct arena *a, const char *path)
{
	struct zp_source *src = NULL;
	struct stat st;
	char *buf;
	size_t got = 0;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (st.st_size > MAX_SOURCE_SIZE) {
		errno = EFBIG;
		goto fail;
	}
	buf = malloc(MAX_SOURCE_SIZE + 1);
	if (buf == NULL)
		goto fail;
	for (;;) {
		ssize_t r = read(fd, buf + got, MAX_SOURCE_SIZE + 1 - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			saved = errno;
			free(buf);
			errno = saved;
			goto fail;
		}
		if (r == 0)
			break;
		got += (size_t)r;
		if (got > MAX_SOURCE_SIZE) {
			free(buf);
			errno = EFBIG;
			goto fail;
		}
	}
	if (memchr(buf, '\0', got) != NULL) {
		free(buf);
		errno = EILSEQ;
		goto fail;
	}
	src = source_from_memory(a, path, buf, got);
	free(buf);
	close(fd);
	return src;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return NULL;
}

const char *source_line(const struct zp_source *src, int line, size_t *len)
{
	size_t start, end;

	if (line < 1 || (size_t)line > src->line_count) {
		*len = 0;
		return "";
	}
	start = src->line_starts[line - 1];
	end = (size_t)line < src->line_count ? src->line_starts[line] - 1 : src->len;
	if (end > start && src->text[end - 1] == '\r')
		end--;
	*len = end - start;
	return src->text + start;
}
