/* libzviz: the policy.bin reader.  Nothing is returned until every byte
 * has been checked: header, checksum, each section's bounds, padding and
 * fields, the digest, and the rules of zviz_policy_validate_section(). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bytes.h"
#include "policy.h"

#define MAX_STRING_SIZE (ZVIZ_PATH_MAX + 1)

static int truncated(struct zviz_error *err, const char *what)
{
	return zviz_error_set(err, "truncated in %s", what);
}

/* Consumes the zero padding up to the next multiple of 8. */
static int get_padding(struct zviz_rbuf *r, struct zviz_error *err)
{
	size_t n = (8 - r->pos % 8) % 8;
	const uint8_t *p;

	if (!zviz_rbuf_get_bytes(r, n, &p))
		return truncated(err, "padding");
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return zviz_error_set(err, "non-zero padding byte");
	return 0;
}

static int get_zero_u32(struct zviz_rbuf *r, struct zviz_error *err)
{
	uint32_t v;

	if (!zviz_rbuf_get_u32(r, &v))
		return truncated(err, "reserved field");
	if (v != 0)
		return zviz_error_set(err, "reserved field is 0x%x, not 0", v);
	return 0;
}

static int get_string(struct zviz_rbuf *r, char **out, struct zviz_error *err)
{
	const uint8_t *p;
	uint32_t size;

	if (!zviz_rbuf_get_u32(r, &size))
		return truncated(err, "string size");
	if (size == 0)
		return zviz_error_set(err, "string of size 0 (the NUL counts)");
	if (size > MAX_STRING_SIZE)
		return zviz_error_set(err, "string of %u bytes, longer than %d", size, MAX_STRING_SIZE);
	if (!zviz_rbuf_get_bytes(r, size, &p))
		return truncated(err, "string");
	if (p[size - 1] != '\0')
		return zviz_error_set(err, "not NUL-terminated");
	if (memchr(p, '\0', size - 1) != NULL)
		return zviz_error_set(err, "NUL byte inside the string");
	if (get_padding(r, err) < 0)
		return -1;
	*out = malloc(size);
	if (*out == NULL)
		return zviz_error_set(err, "out of memory");
	memcpy(*out, p, size);
	return 0;
}

/* Allocates COUNT zeroed items of SIZE after checking that the section
 * still holds at least COUNT * MIN_ENCODED bytes, so a forged count can
 * never make us allocate more than the blob could describe. */
static int alloc_items(struct zviz_rbuf *r, uint32_t count, size_t size, size_t min_encoded,
		       void **out, const char *what, struct zviz_error *err)
{
	*out = NULL;
	if (count == 0)
		return 0;
	if (count > zviz_rbuf_left(r) / min_encoded)
		return zviz_error_set(err, "%u %s cannot fit in the %zu bytes left", count, what,
				      zviz_rbuf_left(r));
	*out = calloc(count, size);
	if (*out == NULL)
		return zviz_error_set(err, "out of memory");
	return 0;
}

static int get_metadata(struct zviz_rbuf *r, struct zviz_metadata *m, struct zviz_error *err)
{
	const uint8_t *digest;

	if (!zviz_rbuf_get_bytes(r, ZVIZ_SHA256_LEN, &digest))
		return truncated(err, "model digest");
	memcpy(m->model_digest, digest, ZVIZ_SHA256_LEN);
	if (get_string(r, &m->profile_name, err) < 0)
		return zviz_error_prefix(err, "profile name");
	if (get_string(r, &m->compiler_version, err) < 0)
		return zviz_error_prefix(err, "compiler version");
	return 0;
}

static int get_seccomp(struct zviz_rbuf *r, struct zviz_seccomp *s, struct zviz_error *err)
{
	uint32_t abi_count, insn_count;
	void *items;

	if (!zviz_rbuf_get_u32(r, &abi_count) || !zviz_rbuf_get_u32(r, &s->actions_needed) ||
	    !zviz_rbuf_get_u32(r, &s->filter_flags) || !zviz_rbuf_get_u32(r, &insn_count))
		return truncated(err, "header");
	if (alloc_items(r, abi_count, sizeof(uint32_t), 4, &items, "ABIs", err) < 0)
		return -1;
	s->abis = items;
	s->abi_count = abi_count;
	for (uint32_t i = 0; i < abi_count; i++)
		if (!zviz_rbuf_get_u32(r, &s->abis[i]))
			return truncated(err, "ABI list");
	if (get_padding(r, err) < 0)
		return -1;
	if (insn_count > 4096)
		return zviz_error_set(err, "%u instructions, more than seccomp loads (4096)", insn_count);
	if (alloc_items(r, insn_count, sizeof(struct sock_filter), 8, &items, "instructions", err) < 0)
		return -1;
	s->insns = items;
	s->insn_count = insn_count;
	for (uint32_t i = 0; i < insn_count; i++) {
		struct sock_filter *insn = &s->insns[i];

		if (!zviz_rbuf_get_u16(r, &insn->code) || !zviz_rbuf_get_u8(r, &insn->jt) ||
		    !zviz_rbuf_get_u8(r, &insn->jf) || !zviz_rbuf_get_u32(r, &insn->k))
			return truncated(err, "program");
	}
	return 0;
}

static int get_landlock(struct zviz_rbuf *r, struct zviz_landlock *l, struct zviz_error *err)
{
	uint32_t best_effort, path_count, port_count;
	void *items;

	if (!zviz_rbuf_get_u32(r, &l->min_abi) || !zviz_rbuf_get_u32(r, &best_effort) ||
	    !zviz_rbuf_get_u64(r, &l->handled_fs) || !zviz_rbuf_get_u64(r, &l->handled_net) ||
	    !zviz_rbuf_get_u64(r, &l->scoped) || !zviz_rbuf_get_u32(r, &path_count) ||
	    !zviz_rbuf_get_u32(r, &port_count))
		return truncated(err, "header");
	if (best_effort > 1)
		return zviz_error_set(err, "best-effort flag is %u, not 0 or 1", best_effort);
	l->best_effort = best_effort;
	/* 8 bytes of rights, 4 of size, at least 8 of padded string. */
	if (alloc_items(r, path_count, sizeof(*l->paths), 20, &items, "path rules", err) < 0)
		return -1;
	l->paths = items;
	l->path_count = path_count;
	for (uint32_t i = 0; i < path_count; i++) {
		if (!zviz_rbuf_get_u64(r, &l->paths[i].access))
			return truncated(err, "path rule");
		if (get_string(r, &l->paths[i].path, err) < 0)
			return zviz_error_prefix(err, "rule %u path", i + 1);
	}
	if (alloc_items(r, port_count, sizeof(*l->ports), 16, &items, "port rules", err) < 0)
		return -1;
	l->ports = items;
	l->port_count = port_count;
	for (uint32_t i = 0; i < port_count; i++)
		if (!zviz_rbuf_get_u64(r, &l->ports[i].access) || !zviz_rbuf_get_u64(r, &l->ports[i].port))
			return truncated(err, "port rule");
	return 0;
}

static int get_cgroup(struct zviz_rbuf *r, struct zviz_cgroup_limits *c, struct zviz_error *err)
{
	if (!zviz_rbuf_get_u32(r, &c->set))
		return truncated(err, "limits");
	if (get_zero_u32(r, err) < 0)
		return -1;
	if (!zviz_rbuf_get_u64(r, &c->memory_max) || !zviz_rbuf_get_u64(r, &c->swap_max) ||
	    !zviz_rbuf_get_u64(r, &c->pids_max) || !zviz_rbuf_get_u64(r, &c->cpu_quota_us) ||
	    !zviz_rbuf_get_u64(r, &c->cpu_period_us) || !zviz_rbuf_get_u64(r, &c->cpu_weight))
		return truncated(err, "limits");
	return 0;
}

static int get_rlimits(struct zviz_rbuf *r, struct zviz_rlimits *rl, struct zviz_error *err)
{
	uint32_t count;
	void *items;

	if (!zviz_rbuf_get_u32(r, &count))
		return truncated(err, "count");
	if (get_zero_u32(r, err) < 0)
		return -1;
	if (alloc_items(r, count, sizeof(*rl->items), 24, &items, "entries", err) < 0)
		return -1;
	rl->items = items;
	rl->count = count;
	for (uint32_t i = 0; i < count; i++) {
		struct zviz_rlimit *it = &rl->items[i];

		if (!zviz_rbuf_get_u32(r, &it->resource))
			return truncated(err, "entry");
		if (get_zero_u32(r, err) < 0)
			return zviz_error_prefix(err, "entry %u", i + 1);
		if (!zviz_rbuf_get_u64(r, &it->soft) || !zviz_rbuf_get_u64(r, &it->hard))
			return truncated(err, "entry");
	}
	return 0;
}

static int get_caps(struct zviz_rbuf *r, struct zviz_capabilities *c, struct zviz_error *err)
{
	if (!zviz_rbuf_get_u64(r, &c->bounding) || !zviz_rbuf_get_u64(r, &c->effective) ||
	    !zviz_rbuf_get_u64(r, &c->permitted) || !zviz_rbuf_get_u64(r, &c->inheritable) ||
	    !zviz_rbuf_get_u64(r, &c->ambient))
		return truncated(err, "capability sets");
	return 0;
}

static int get_cmp(struct zviz_rbuf *r, struct zviz_cmp *c, struct zviz_error *err)
{
	uint8_t reserved;

	if (!zviz_rbuf_get_u8(r, &c->arg) || !zviz_rbuf_get_u8(r, &c->op) ||
	    !zviz_rbuf_get_u8(r, &c->width) || !zviz_rbuf_get_u8(r, &reserved))
		return truncated(err, "comparison");
	if (reserved != 0)
		return zviz_error_set(err, "reserved byte is 0x%x, not 0", reserved);
	if (get_zero_u32(r, err) < 0)
		return -1;
	if (!zviz_rbuf_get_u64(r, &c->mask) || !zviz_rbuf_get_u64(r, &c->value))
		return truncated(err, "comparison");
	return 0;
}

static int get_rule(struct zviz_rbuf *r, struct zviz_rule *rule, struct zviz_error *err)
{
	uint32_t term_count;
	void *items;

	if (!zviz_rbuf_get_u32(r, &rule->action) || !zviz_rbuf_get_u32(r, &term_count))
		return truncated(err, "rule");
	if (alloc_items(r, term_count, sizeof(*rule->terms), 8 + 24, &items, "terms", err) < 0)
		return -1;
	rule->terms = items;
	rule->term_count = term_count;
	for (uint32_t t = 0; t < term_count; t++) {
		struct zviz_term *term = &rule->terms[t];
		uint32_t cmp_count;

		if (!zviz_rbuf_get_u32(r, &cmp_count))
			return truncated(err, "term");
		if (get_zero_u32(r, err) < 0)
			return zviz_error_prefix(err, "term %u", t + 1);
		if (alloc_items(r, cmp_count, sizeof(*term->cmps), 24, &items, "comparisons", err) < 0)
			return zviz_error_prefix(err, "term %u", t + 1);
		term->cmps = items;
		term->cmp_count = cmp_count;
		for (uint32_t c = 0; c < cmp_count; c++)
			if (get_cmp(r, &term->cmps[c], err) < 0)
				return zviz_error_prefix(err, "term %u comparison %u", t + 1, c + 1);
	}
	return 0;
}

static int get_chain(struct zviz_rbuf *r, struct zviz_syscall_chain *sc, struct zviz_error *err)
{
	uint32_t rule_count;
	void *items;

	if (!zviz_rbuf_get_u32(r, &sc->nr) || !zviz_rbuf_get_u32(r, &sc->fallback) ||
	    !zviz_rbuf_get_u32(r, &rule_count))
		return truncated(err, "syscall");
	if (get_zero_u32(r, err) < 0)
		return -1;
	if (get_string(r, &sc->name, err) < 0)
		return zviz_error_prefix(err, "name");
	if (alloc_items(r, rule_count, sizeof(*sc->rules), 8, &items, "rules", err) < 0)
		return -1;
	sc->rules = items;
	sc->rule_count = rule_count;
	for (uint32_t i = 0; i < rule_count; i++)
		if (get_rule(r, &sc->rules[i], err) < 0)
			return zviz_error_prefix(err, "rule %u", i + 1);
	return 0;
}

static int get_model(struct zviz_rbuf *r, struct zviz_model *m, struct zviz_error *err)
{
	uint32_t abi_count;
	void *items;

	if (!zviz_rbuf_get_u32(r, &m->bad_arch_action) || !zviz_rbuf_get_u32(r, &abi_count))
		return truncated(err, "header");
	if (get_string(r, &m->description, err) < 0)
		return zviz_error_prefix(err, "description");
	if (get_string(r, &m->unsafe_reason, err) < 0)
		return zviz_error_prefix(err, "unsafe reason");
	if (alloc_items(r, abi_count, sizeof(*m->abis), 16, &items, "ABIs", err) < 0)
		return -1;
	m->abis = items;
	m->abi_count = abi_count;
	for (uint32_t a = 0; a < abi_count; a++) {
		struct zviz_abi_model *abi = &m->abis[a];
		uint32_t syscall_count;

		if (!zviz_rbuf_get_u32(r, &abi->arch) || !zviz_rbuf_get_u32(r, &abi->default_action) ||
		    !zviz_rbuf_get_u32(r, &syscall_count))
			return truncated(err, "ABI");
		if (get_zero_u32(r, err) < 0)
			return zviz_error_prefix(err, "ABI %u", a + 1);
		/* 16 bytes of chain header and at least 8 of name. */
		if (alloc_items(r, syscall_count, sizeof(*abi->syscalls), 24, &items, "syscalls", err) < 0)
			return zviz_error_prefix(err, "ABI %u", a + 1);
		abi->syscalls = items;
		abi->syscall_count = syscall_count;
		for (uint32_t i = 0; i < syscall_count; i++)
			if (get_chain(r, &abi->syscalls[i], err) < 0)
				return zviz_error_prefix(err, "ABI %u syscall %u", a + 1, i + 1);
	}
	return 0;
}

static int get_section(struct zviz_rbuf *r, uint32_t type, struct zviz_policy *p,
		       struct zviz_error *err)
{
	switch (type) {
	case ZVIZ_SECTION_METADATA: return get_metadata(r, &p->metadata, err);
	case ZVIZ_SECTION_SECCOMP: return get_seccomp(r, &p->seccomp, err);
	case ZVIZ_SECTION_LANDLOCK: return get_landlock(r, &p->landlock, err);
	case ZVIZ_SECTION_CGROUP: return get_cgroup(r, &p->cgroup, err);
	case ZVIZ_SECTION_RLIMITS: return get_rlimits(r, &p->rlimits, err);
	case ZVIZ_SECTION_CAPABILITIES: return get_caps(r, &p->caps, err);
	case ZVIZ_SECTION_NETWORK:
		if (!zviz_rbuf_get_u32(r, &p->network_mode))
			return truncated(err, "mode");
		return get_zero_u32(r, err);
	case ZVIZ_SECTION_WALL_CLOCK:
		if (!zviz_rbuf_get_u64(r, &p->wall_clock_ms))
			return truncated(err, "duration");
		return 0;
	case ZVIZ_SECTION_MODEL: return get_model(r, &p->model, err);
	}
	return zviz_error_set(err, "unknown section type %u", type);
}

static int check_header(const uint8_t *blob, size_t len, uint32_t *section_count,
			struct zviz_error *err)
{
	uint8_t checksum[ZVIZ_SHA256_LEN];
	uint32_t version, flags, reserved;
	uint64_t total;

	if (len < ZVIZ_POLICY_HEADER_SIZE)
		return zviz_error_set(err, "truncated: %zu bytes, shorter than the %d-byte header",
				      len, ZVIZ_POLICY_HEADER_SIZE);
	if (memcmp(blob, ZVIZ_POLICY_MAGIC, ZVIZ_POLICY_MAGIC_LEN) != 0)
		return zviz_error_set(err, "not a policy.bin (bad magic)");
	version = zviz_load_le32(blob + 8);
	flags = zviz_load_le32(blob + 12);
	total = zviz_load_le64(blob + 16);
	*section_count = zviz_load_le32(blob + 24);
	reserved = zviz_load_le32(blob + 28);
	if (version != ZVIZ_POLICY_VERSION)
		return zviz_error_set(err, "format version %u, this reader knows only %d",
				      version, ZVIZ_POLICY_VERSION);
	if (flags != 0)
		return zviz_error_set(err, "unknown header flags 0x%x", flags);
	if (total != len)
		return zviz_error_set(err, "%s: header says %llu bytes, found %zu",
				      total > len ? "truncated" : "trailing data",
				      (unsigned long long)total, len);
	if (len > ZVIZ_POLICY_MAX_SIZE)
		return zviz_error_set(err, "%zu bytes, larger than the %u allowed", len,
				      ZVIZ_POLICY_MAX_SIZE);
	if (len % 8 != 0)
		return zviz_error_set(err, "length %zu is not a multiple of 8", len);
	if (reserved != 0)
		return zviz_error_set(err, "reserved header field is 0x%x, not 0", reserved);
	if (*section_count == 0 || *section_count > ZVIZ_SECTION_MAX_COUNT)
		return zviz_error_set(err, "section count %u outside 1..%d", *section_count,
				      ZVIZ_SECTION_MAX_COUNT);
	zviz_sha256(blob + ZVIZ_POLICY_HEADER_SIZE, len - ZVIZ_POLICY_HEADER_SIZE, checksum);
	if (memcmp(checksum, blob + 32, ZVIZ_SHA256_LEN) != 0)
		return zviz_error_set(err, "checksum mismatch: the file is corrupt or was edited");
	return 0;
}

/* Walks the sections after the header; fills P and records where the
 * metadata section ends (*POLICY_START), where the digest begins. */
static int walk_sections(const uint8_t *blob, size_t len, uint32_t count, struct zviz_policy *p,
			 size_t *policy_start, struct zviz_error *err)
{
	size_t offset = ZVIZ_POLICY_HEADER_SIZE;
	uint32_t last_type = 0;

	*policy_start = 0;
	for (uint32_t index = 1; index <= count; index++) {
		uint32_t type, flags;
		uint64_t size;
		size_t padded;
		struct zviz_rbuf r;

		if (len - offset < ZVIZ_SECTION_HEADER_SIZE)
			return zviz_error_set(err, "section %u: truncated header", index);
		type = zviz_load_le32(blob + offset);
		flags = zviz_load_le32(blob + offset + 4);
		size = zviz_load_le64(blob + offset + 8);
		offset += ZVIZ_SECTION_HEADER_SIZE;
		if (size > len - offset)
			return zviz_error_set(err, "section %u (%s): %llu bytes, past the end of the file",
					      index, zviz_section_name(type), (unsigned long long)size);
		padded = (size_t)size + (8 - size % 8) % 8;
		if (padded > len - offset)
			return zviz_error_set(err, "section %u (%s): padding past the end of the file",
					      index, zviz_section_name(type));
		for (size_t i = (size_t)size; i < padded; i++)
			if (blob[offset + i] != 0)
				return zviz_error_set(err, "section %u (%s): non-zero padding",
						      index, zviz_section_name(type));
		if (flags & ~ZVIZ_SECTION_CRITICAL)
			return zviz_error_set(err, "section %u (%s): unknown flags 0x%x", index,
					      zviz_section_name(type), flags);
		if (type == 0 || type > ZVIZ_SECTION_LAST) {
			/* A later minor version's section: skip it unless
			 * it says that ignoring it would be unsafe. */
			if (flags & ZVIZ_SECTION_CRITICAL)
				return zviz_error_set(err, "section %u: required section of unknown type %u",
						      index, type);
			offset += padded;
			continue;
		}
		if (flags != ZVIZ_SECTION_CRITICAL)
			return zviz_error_set(err, "section %u (%s): not marked required", index,
					      zviz_section_name(type));
		if (type != last_type + 1)
			return zviz_error_set(err, "section %u (%s): %s", index, zviz_section_name(type),
					      type <= last_type ? "out of order or repeated"
								: "follows a missing section");
		zviz_rbuf_init(&r, blob + offset, (size_t)size);
		if (get_section(&r, type, p, err) < 0 ||
		    (zviz_rbuf_left(&r) != 0 &&
		     zviz_error_set(err, "%zu bytes left over", zviz_rbuf_left(&r)) < 0) ||
		    zviz_policy_validate_section(p, type, err) < 0)
			return zviz_error_prefix(err, "section %u (%s)", index, zviz_section_name(type));
		offset += padded;
		last_type = type;
		if (type == ZVIZ_SECTION_METADATA)
			*policy_start = offset;
	}
	if (offset != len)
		return zviz_error_set(err, "%zu bytes after the last section", len - offset);
	if (last_type != ZVIZ_SECTION_LAST)
		return zviz_error_set(err, "section %s missing", zviz_section_name(last_type + 1));
	return 0;
}

int zviz_policy_decode(const uint8_t *blob, size_t len, struct zviz_policy *p,
		       struct zviz_error *err)
{
	uint8_t digest[ZVIZ_SHA256_LEN];
	uint32_t count = 0;
	size_t policy_start;

	memset(p, 0, sizeof(*p));
	if (check_header(blob, len, &count, err) < 0)
		return -1;
	if (walk_sections(blob, len, count, p, &policy_start, err) < 0)
		goto fail;
	zviz_sha256(blob + policy_start, len - policy_start, digest);
	if (memcmp(digest, p->metadata.model_digest, ZVIZ_SHA256_LEN) != 0) {
		zviz_error_set(err, "section 1 (metadata): model digest does not match the policy");
		goto fail;
	}
	return 0;
fail:
	zviz_policy_free(p);
	return -1;
}

int zviz_policy_read_file(const char *path, struct zviz_policy *p, struct zviz_error *err)
{
	struct stat st;
	uint8_t *blob;
	size_t got = 0;
	int fd, ret;

	memset(p, 0, sizeof(*p));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return zviz_error_set(err, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) < 0) {
		ret = zviz_error_set(err, "cannot stat: %s", strerror(errno));
		close(fd);
		return ret;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > ZVIZ_POLICY_MAX_SIZE) {
		close(fd);
		return zviz_error_set(err, S_ISREG(st.st_mode) ? "larger than %u bytes"
							       : "not a regular file", ZVIZ_POLICY_MAX_SIZE);
	}
	/* One byte more than expected, to notice a file that grew. */
	blob = malloc((size_t)st.st_size + 1);
	if (blob == NULL) {
		close(fd);
		return zviz_error_set(err, "out of memory");
	}
	for (;;) {
		ssize_t n = read(fd, blob + got, (size_t)st.st_size + 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = zviz_error_set(err, "cannot read: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		if (got > (size_t)st.st_size) {
			ret = zviz_error_set(err, "changed while being read");
			goto out;
		}
	}
	ret = zviz_policy_decode(blob, got, p, err);
out:
	free(blob);
	close(fd);
	return ret;
}

int zviz_policy_reseal(uint8_t *blob, size_t len)
{
	const size_t digest_at = ZVIZ_POLICY_HEADER_SIZE + ZVIZ_SECTION_HEADER_SIZE;
	uint64_t meta_size;
	size_t policy_start;

	if (len < digest_at + ZVIZ_SHA256_LEN)
		return -1;
	meta_size = zviz_load_le64(blob + ZVIZ_POLICY_HEADER_SIZE + 8);
	if (meta_size < ZVIZ_SHA256_LEN || meta_size > len - digest_at)
		return -1;
	policy_start = digest_at + (size_t)meta_size + (8 - meta_size % 8) % 8;
	if (policy_start > len)
		return -1;
	zviz_sha256(blob + policy_start, len - policy_start, blob + digest_at);
	zviz_sha256(blob + ZVIZ_POLICY_HEADER_SIZE, len - ZVIZ_POLICY_HEADER_SIZE, blob + 32);
	return 0;
}
