/* zvizc: lookups over the generated constant tables (see constants.h). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "constants.h"

/* The same limit errno(N) has in a profile: SECCOMP_RET_DATA keeps 16
 * bits, but the kernel and libc read return values above -4096 as errors. */
#define ERRNO_MAX 4095

static int compare_constant_name(const void *key, const void *element)
{
	const struct zvizc_constant *c = element;

	return strcmp(key, c->name);
}

static int compare_errno_name(const void *key, const void *element)
{
	const struct zvizc_errno_entry *e = element;

	return strcmp(key, e->name);
}

const struct zvizc_constant *zvizc_constant_lookup(const char *name)
{
	if (name == NULL)
		return NULL;
	return bsearch(name, zvizc_constant_table, zvizc_constant_table_count,
		       sizeof(zvizc_constant_table[0]), compare_constant_name);
}

const struct zvizc_constant *zvizc_constants_all(size_t *count)
{
	*count = zvizc_constant_table_count;
	return zvizc_constant_table;
}

int zvizc_errno_by_name(const char *name)
{
	const struct zvizc_errno_entry *e;

	if (name == NULL)
		return -1;
	e = bsearch(name, zvizc_errno_table, zvizc_errno_table_count,
		    sizeof(zvizc_errno_table[0]), compare_errno_name);
	if (e == NULL || e->value < 1 || e->value > ERRNO_MAX)
		return -1;
	return e->value;
}

const char *zvizc_errno_name(int value)
{
	const char *alias = NULL;

	for (size_t i = 0; i < zvizc_errno_table_count; i++) {
		if (zvizc_errno_table[i].value != value)
			continue;
		if (!zvizc_errno_table[i].alias)
			return zvizc_errno_table[i].name;
		if (alias == NULL)
			alias = zvizc_errno_table[i].name;
	}
	return alias;	/* only if the headers define nothing but aliases for it */
}

const struct zvizc_errno_entry *zvizc_errno_all(size_t *count)
{
	*count = zvizc_errno_table_count;
	return zvizc_errno_table;
}
