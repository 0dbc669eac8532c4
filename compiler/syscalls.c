/* zvizc: syscall names and numbers per ABI (see syscalls.h for what the
 * tables hold and in which order they are filled). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <seccomp.h>

#include "syscall-supplement.h"
#include "syscalls.h"

#define ORIGIN_LIBSECCOMP "libseccomp"

/* Ranges of numbers to ask libseccomp about.  Every Linux table we know
 * ends below 2048 (x32's legacy range is 512..547); ARM also has private
 * syscalls at __ARM_NR_BASE = 0xf0000 (cacheflush, set_tls, ...). */
struct nr_range {
	uint32_t first, end;
};
static const struct nr_range generic_ranges[] = { { 0, 2048 } };
static const struct nr_range arm_ranges[] = { { 0, 2048 }, { 0xf0000, 0xf0800 } };

struct abi_table {
	const struct zvizc_abi *abi;
	struct zvizc_syscall_entry *by_nr;		/* ascending nr once built */
	size_t count, cap;
	const struct zvizc_syscall_entry **by_name;	/* by name, then nr */
};

struct zvizc_syscalls {
	struct abi_table *tables;
	size_t table_count;
	char **owned_names;	/* libseccomp's names, one copy each, sorted */
	size_t owned_count;
	const char **names;	/* every name on any ABI, sorted, unique */
	size_t name_count;
};

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int compare_entries_by_nr(const void *a, const void *b)
{
	const struct zvizc_syscall_entry *x = a, *y = b;

	return (x->nr > y->nr) - (x->nr < y->nr);
}

static int compare_entry_ptrs_by_name(const void *a, const void *b)
{
	const struct zvizc_syscall_entry *x = *(const struct zvizc_syscall_entry *const *)a;
	const struct zvizc_syscall_entry *y = *(const struct zvizc_syscall_entry *const *)b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : (x->nr > y->nr) - (x->nr < y->nr);
}

/* libseccomp's x32 numbers already carry the x32 bit in 2.5.4; make sure. */
static uint32_t kernel_nr(const struct zvizc_abi *abi, uint32_t nr)
{
	if (abi->token == SCMP_ARCH_X32)
		nr |= ZVIZC_X32_SYSCALL_BIT;
	return nr;
}

static bool table_add(struct abi_table *table, const char *name, uint32_t nr, const char *origin)
{
	if (table->count == table->cap) {
		size_t cap = table->cap ? table->cap * 2 : 512;
		struct zvizc_syscall_entry *grown = realloc(table->by_nr, cap * sizeof(*grown));

		if (grown == NULL)
			return false;
		table->by_nr = grown;
		table->cap = cap;
	}
	table->by_nr[table->count++] = (struct zvizc_syscall_entry){ name, nr, origin };
	return true;
}

/* Linear lookups, used only while building (the tables are unsorted then). */
static const struct zvizc_syscall_entry *table_find_nr(const struct abi_table *table, uint32_t nr)
{
	for (size_t i = 0; i < table->count; i++) {
		if (table->by_nr[i].nr == nr)
			return &table->by_nr[i];
	}
	return NULL;
}

static bool table_has_name(const struct abi_table *table, const char *name)
{
	for (size_t i = 0; i < table->count; i++) {
		if (strcmp(table->by_nr[i].name, name) == 0)
			return true;
	}
	return false;
}

static const struct abi_table *find_table(const struct zvizc_syscalls *t, const struct zvizc_abi *abi)
{
	if (t == NULL || abi == NULL)
		return NULL;
	for (size_t i = 0; i < t->table_count; i++) {
		if (t->tables[i].abi->token == abi->token)
			return &t->tables[i];
	}
	return NULL;
}

/* Step 1: every number libseccomp can name.  The names are libseccomp's
 * malloc'd strings until intern_names() replaces them. */
static bool walk_libseccomp(struct abi_table *table)
{
	const struct nr_range *ranges = generic_ranges;
	size_t range_count = sizeof(generic_ranges) / sizeof(generic_ranges[0]);
	uint32_t base = table->abi->token == SCMP_ARCH_X32 ? ZVIZC_X32_SYSCALL_BIT : 0;

	if (table->abi->token == SCMP_ARCH_ARM) {
		ranges = arm_ranges;
		range_count = sizeof(arm_ranges) / sizeof(arm_ranges[0]);
	}
	for (size_t r = 0; r < range_count; r++) {
		for (uint32_t n = ranges[r].first; n < ranges[r].end; n++) {
			char *name = seccomp_syscall_resolve_num_arch(table->abi->token, (int)(base | n));

			if (name == NULL)
				continue;
			if (!table_add(table, name, base | n, ORIGIN_LIBSECCOMP)) {
				free(name);
				return false;
			}
		}
	}
	return true;
}

/* Keeps one copy of each libseccomp name (sorted, in t->owned_names) and
 * points every entry at it, freeing the other copies. */
static bool intern_names(struct zvizc_syscalls *t)
{
	size_t total = 0, unique = 0;

	for (size_t i = 0; i < t->table_count; i++)
		total += t->tables[i].count;
	t->owned_names = malloc((total ? total : 1) * sizeof(*t->owned_names));
	if (t->owned_names == NULL)
		return false;
	for (size_t i = 0; i < t->table_count; i++) {
		for (size_t j = 0; j < t->tables[i].count; j++)
			t->owned_names[unique++] = (char *)t->tables[i].by_nr[j].name;
	}
	qsort(t->owned_names, total, sizeof(*t->owned_names), compare_strings);
	unique = 0;
	for (size_t i = 0; i < total; i++) {
		if (unique == 0 || strcmp(t->owned_names[unique - 1], t->owned_names[i]) != 0)
			t->owned_names[unique++] = t->owned_names[i];
	}
	t->owned_count = unique;
	for (size_t i = 0; i < t->table_count; i++) {
		for (size_t j = 0; j < t->tables[i].count; j++) {
			struct zvizc_syscall_entry *e = &t->tables[i].by_nr[j];
			char **canonical = bsearch(&e->name, t->owned_names, t->owned_count,
						   sizeof(*t->owned_names), compare_strings);

			if (*canonical != e->name) {
				free((char *)e->name);
				e->name = *canonical;
			}
		}
	}
	return true;
}

/* Step 2: whatever the name resolver knows that the walk did not find. */
static bool add_resolver_numbers(struct zvizc_syscalls *t, struct abi_table *table)
{
	for (size_t i = 0; i < t->owned_count; i++) {
		int rc = seccomp_syscall_resolve_name_arch(table->abi->token, t->owned_names[i]);
		uint32_t nr;

		if (rc < 0)
			continue;
		nr = kernel_nr(table->abi, (uint32_t)rc);
		if (table_find_nr(table, nr) != NULL)
			continue;	/* named already (by this name or libseccomp's own for it) */
		if (!table_add(table, t->owned_names[i], nr, ORIGIN_LIBSECCOMP))
			return false;
	}
	return true;
}

/* Step 3: the supplement, where libseccomp has no word for the name at all.
 * A pseudo-number is a word ("not on this ABI") and wins. */
static bool add_supplement(struct abi_table *table)
{
	const struct zvizc_syscall_supplement *supplement;
	size_t count;

	supplement = zvizc_syscall_supplement(&count);
	for (size_t i = 0; i < count; i++) {
		const struct zvizc_syscall_supplement *s = &supplement[i];
		uint32_t nr;

		if (!zvizc_syscall_supplement_nr(s, table->abi, &nr))
			continue;
		if (seccomp_syscall_resolve_name_arch(table->abi->token, s->name) != __NR_SCMP_ERROR)
			continue;
		if (table_has_name(table, s->name) || table_find_nr(table, nr) != NULL)
			continue;
		if (!table_add(table, s->name, nr, s->origin))
			return false;
	}
	return true;
}

static bool index_table(struct abi_table *table)
{
	qsort(table->by_nr, table->count, sizeof(*table->by_nr), compare_entries_by_nr);
	table->by_name = malloc((table->count ? table->count : 1) * sizeof(*table->by_name));
	if (table->by_name == NULL)
		return false;
	for (size_t i = 0; i < table->count; i++)
		table->by_name[i] = &table->by_nr[i];
	qsort(table->by_name, table->count, sizeof(*table->by_name), compare_entry_ptrs_by_name);
	return true;
}

static bool collect_all_names(struct zvizc_syscalls *t)
{
	size_t total = 0, unique = 0;

	for (size_t i = 0; i < t->table_count; i++)
		total += t->tables[i].count;
	t->names = malloc((total ? total : 1) * sizeof(*t->names));
	if (t->names == NULL)
		return false;
	for (size_t i = 0; i < t->table_count; i++) {
		for (size_t j = 0; j < t->tables[i].count; j++)
			t->names[unique++] = t->tables[i].by_nr[j].name;
	}
	qsort(t->names, total, sizeof(*t->names), compare_strings);
	unique = 0;
	for (size_t i = 0; i < total; i++) {
		if (unique == 0 || strcmp(t->names[unique - 1], t->names[i]) != 0)
			t->names[unique++] = t->names[i];
	}
	t->name_count = unique;
	return true;
}

struct zvizc_syscalls *zvizc_syscalls_load(void)
{
	const struct zvizc_abi *abis;
	struct zvizc_syscalls *t;
	size_t abi_count;
	bool walked = true;

	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	abis = zvizc_abi_list(&abi_count);
	t->tables = calloc(abi_count, sizeof(*t->tables));
	if (t->tables == NULL) {
		free(t);
		return NULL;
	}
	t->table_count = abi_count;
	for (size_t i = 0; i < abi_count; i++)
		t->tables[i].abi = &abis[i];

	for (size_t i = 0; i < abi_count && walked; i++)
		walked = walk_libseccomp(&t->tables[i]);
	if (!walked || !intern_names(t)) {
		/* Names are still libseccomp's separate copies: free each. */
		for (size_t i = 0; i < t->table_count; i++) {
			for (size_t j = 0; j < t->tables[i].count; j++)
				free((char *)t->tables[i].by_nr[j].name);
			t->tables[i].count = 0;
		}
		zvizc_syscalls_free(t);
		return NULL;
	}
	for (size_t i = 0; i < abi_count; i++) {
		if (!add_resolver_numbers(t, &t->tables[i]) || !add_supplement(&t->tables[i]) ||
		    !index_table(&t->tables[i])) {
			zvizc_syscalls_free(t);
			return NULL;
		}
	}
	if (!collect_all_names(t)) {
		zvizc_syscalls_free(t);
		return NULL;
	}
	return t;
}

void zvizc_syscalls_free(struct zvizc_syscalls *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->table_count; i++) {
		free(t->tables[i].by_nr);
		free(t->tables[i].by_name);
	}
	free(t->tables);
	for (size_t i = 0; i < t->owned_count; i++)
		free(t->owned_names[i]);
	free(t->owned_names);
	free(t->names);
	free(t);
}

static const struct zvizc_syscall_entry *find_by_nr(const struct abi_table *table, uint32_t nr)
{
	struct zvizc_syscall_entry key = { NULL, nr, NULL };

	return bsearch(&key, table->by_nr, table->count, sizeof(*table->by_nr), compare_entries_by_nr);
}

static const struct zvizc_syscall_entry *find_by_name(const struct abi_table *table, const char *name)
{
	size_t lo = 0, hi = table->count;

	/* Lower bound, so that a name listed twice answers with its lowest nr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(table->by_name[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < table->count && strcmp(table->by_name[lo]->name, name) == 0)
		return table->by_name[lo];
	return NULL;
}

const struct zvizc_syscall_entry *zvizc_syscalls_lookup(const struct zvizc_syscalls *t,
							const struct zvizc_abi *abi,
							const char *name)
{
	const struct abi_table *table = find_table(t, abi);
	int rc;

	if (table == NULL || name == NULL)
		return NULL;
	/* libseccomp's resolver first: where a name has two numbers, its
	 * answer is the one libseccomp itself would filter on. */
	rc = seccomp_syscall_resolve_name_arch(abi->token, name);
	if (rc >= 0) {
		const struct zvizc_syscall_entry *e = find_by_nr(table, kernel_nr(abi, (uint32_t)rc));

		if (e != NULL && strcmp(e->name, name) == 0)
			return e;
	}
	/* Then the table: direct numbers behind i386's pseudo-numbers, and the
	 * supplement. */
	return find_by_name(table, name);
}

bool zvizc_syscalls_number(const struct zvizc_syscalls *t, const struct zvizc_abi *abi,
			   const char *name, uint32_t *nr)
{
	const struct zvizc_syscall_entry *e = zvizc_syscalls_lookup(t, abi, name);

	if (e == NULL)
		return false;
	*nr = e->nr;
	return true;
}

const char *zvizc_syscalls_name(const struct zvizc_syscalls *t, const struct zvizc_abi *abi,
				uint32_t nr)
{
	const struct abi_table *table = find_table(t, abi);
	const struct zvizc_syscall_entry *e;

	if (table == NULL)
		return NULL;
	e = find_by_nr(table, nr);
	return e != NULL ? e->name : NULL;
}

size_t zvizc_syscalls_abi_entries(const struct zvizc_syscalls *t, const struct zvizc_abi *abi,
				  const struct zvizc_syscall_entry **entries)
{
	const struct abi_table *table = find_table(t, abi);

	if (table == NULL) {
		*entries = NULL;
		return 0;
	}
	*entries = table->by_nr;
	return table->count;
}

size_t zvizc_syscalls_all_names(const struct zvizc_syscalls *t, const char *const **names)
{
	*names = t->names;
	return t->name_count;
}

bool zvizc_syscalls_known(const struct zvizc_syscalls *t, const char *name)
{
	if (t == NULL || name == NULL)
		return false;
	return bsearch(&name, t->names, t->name_count, sizeof(*t->names), compare_strings) != NULL;
}

uint32_t zvizc_syscalls_max_nr(const struct zvizc_syscalls *t, const struct zvizc_abi *abi)
{
	const struct abi_table *table = find_table(t, abi);

	if (table == NULL || table->count == 0)
		return 0;
	return table->by_nr[table->count - 1].nr;
}
