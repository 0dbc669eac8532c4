/* libFuzzer harness for `zvizc import`: json-c, the Docker/moby and OCI
 * readers and the .zp writer.  Whatever the input, the import must not
 * crash, leak or hang, and whatever .zp it writes must parse without a
 * single syntax error (it may still fail to resolve: a JSON profile can
 * say things zvizc refuses, such as a condition on a pointer). */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The import reads a path: one scratch file per fuzzing process. */
static char scratch[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_report report;
	struct zviz_error err;
	char *text = NULL;
	size_t len = 0;
	FILE *fp, *out;
	int ret;

	if (size > 256 * 1024)
		return 0;
	if (scratch[0] == '\0') {
		int fd;

		snprintf(scratch, sizeof(scratch), "/tmp/fuzz-import-%ld-XXXXXX", (long)getpid());
		fd = mkstemp(scratch);
		if (fd < 0)
			abort();
		close(fd);
	}
	fp = fopen(scratch, "wb");
	if (fp == NULL || fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
	memset(&report, 0, sizeof(report));
	out = open_memstream(&text, &len);
	if (out == NULL)
		abort();
	ret = import_seccomp_json(scratch, out, &report, &err);
	fclose(out);
	if (ret == 0) {
		struct arena arena;
		struct diags diags;
		struct zp_file *file;

		arena_init(&arena);
		diags_init(&diags, &arena);
		file = zp_parse_source(&arena, &diags, source_from_memory(&arena, "imported.zp", text, len));
		if (file->syntax_errors > 0 || file->profiles == NULL) {
			diags_print(&diags, stderr, DIAG_TEXT, "fuzz");
			fputs(text, stderr);
			abort();
		}
		arena_free(&arena);
	} else if (len != 0) {
		fputs("a failed import wrote something\n", stderr);
		abort();
	}
	free(text);
	import_report_free(&report);
	return 0;
}
