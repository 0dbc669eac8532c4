/* libzviz: the policy.bin writer.  Builds the whole blob in memory; the
 * output depends on nothing but the policy (no time, no paths). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "policy.h"

/* u32 size (NUL included), the bytes, NUL, zero padding to 8. */
static void put_string(struct zviz_wbuf *b, const char *s)
{
	size_t n = strlen(s) + 1;

	zviz_wbuf_put_u32(b, (uint32_t)n);
	zviz_wbuf_put(b, s, n);
	zviz_wbuf_pad8(b);
}

static void put_metadata(struct zviz_wbuf *b, const struct zviz_metadata *m,
			 const uint8_t digest[ZVIZ_SHA256_LEN])
{
	zviz_wbuf_put(b, digest, ZVIZ_SHA256_LEN);
	put_string(b, m->profile_name);
	put_string(b, m->compiler_version);
}

static void put_seccomp(struct zviz_wbuf *b, const struct zviz_seccomp *s)
{
	zviz_wbuf_put_u32(b, s->abi_count);
	zviz_wbuf_put_u32(b, s->actions_needed);
	zviz_wbuf_put_u32(b, s->filter_flags);
	zviz_wbuf_put_u32(b, s->insn_count);
	for (uint32_t i = 0; i < s->abi_count; i++)
		zviz_wbuf_put_u32(b, s->abis[i]);
	zviz_wbuf_pad8(b);
	for (uint32_t i = 0; i < s->insn_count; i++) {
		zviz_wbuf_put_u16(b, s->insns[i].code);
		zviz_wbuf_put_u8(b, s->insns[i].jt);
		zviz_wbuf_put_u8(b, s->insns[i].jf);
		zviz_wbuf_put_u32(b, s->insns[i].k);
	}
}

static void put_landlock(struct zviz_wbuf *b, const struct zviz_landlock *l)
{
	zviz_wbuf_put_u32(b, l->min_abi);
	zviz_wbuf_put_u32(b, l->best_effort ? 1 : 0);
	zviz_wbuf_put_u64(b, l->handled_fs);
	zviz_wbuf_put_u64(b, l->handled_net);
	zviz_wbuf_put_u64(b, l->scoped);
	zviz_wbuf_put_u32(b, l->path_count);
	zviz_wbuf_put_u32(b, l->port_count);
	for (uint32_t i = 0; i < l->path_count; i++) {
		zviz_wbuf_put_u64(b, l->paths[i].access);
		put_string(b, l->paths[i].path);
	}
	for (uint32_t i = 0; i < l->port_count; i++) {
		zviz_wbuf_put_u64(b, l->ports[i].access);
		zviz_wbuf_put_u64(b, l->ports[i].port);
	}
}

static void put_cgroup(struct zviz_wbuf *b, const struct zviz_cgroup_limits *c)
{
	zviz_wbuf_put_u32(b, c->set);
	zviz_wbuf_put_u32(b, 0);
	zviz_wbuf_put_u64(b, c->memory_max);
	zviz_wbuf_put_u64(b, c->swap_max);
	zviz_wbuf_put_u64(b, c->pids_max);
	zviz_wbuf_put_u64(b, c->cpu_quota_us);
	zviz_wbuf_put_u64(b, c->cpu_period_us);
	zviz_wbuf_put_u64(b, c->cpu_weight);
}

static void put_rlimits(struct zviz_wbuf *b, const struct zviz_rlimits *r)
{
	zviz_wbuf_put_u32(b, r->count);
	zviz_wbuf_put_u32(b, 0);
	for (uint32_t i = 0; i < r->count; i++) {
		zviz_wbuf_put_u32(b, r->items[i].resource);
		zviz_wbuf_put_u32(b, 0);
		zviz_wbuf_put_u64(b, r->items[i].soft);
		zviz_wbuf_put_u64(b, r->items[i].hard);
	}
}

static void put_caps(struct zviz_wbuf *b, const struct zviz_capabilities *c)
{
	zviz_wbuf_put_u64(b, c->bounding);
	zviz_wbuf_put_u64(b, c->effective);
	zviz_wbuf_put_u64(b, c->permitted);
	zviz_wbuf_put_u64(b, c->inheritable);
	zviz_wbuf_put_u64(b, c->ambient);
}

static void put_chain(struct zviz_wbuf *b, const struct zviz_syscall_chain *sc)
{
	zviz_wbuf_put_u32(b, sc->nr);
	zviz_wbuf_put_u32(b, sc->fallback);
	zviz_wbuf_put_u32(b, sc->rule_count);
	zviz_wbuf_put_u32(b, 0);
	put_string(b, sc->name);
	for (uint32_t r = 0; r < sc->rule_count; r++) {
		const struct zviz_rule *rule = &sc->rules[r];

		zviz_wbuf_put_u32(b, rule->action);
		zviz_wbuf_put_u32(b, rule->term_count);
		for (uint32_t t = 0; t < rule->term_count; t++) {
			const struct zviz_term *term = &rule->terms[t];

			zviz_wbuf_put_u32(b, term->cmp_count);
			zviz_wbuf_put_u32(b, 0);
			for (uint32_t c = 0; c < term->cmp_count; c++) {
				const struct zviz_cmp *cmp = &term->cmps[c];

				zviz_wbuf_put_u8(b, cmp->arg);
				zviz_wbuf_put_u8(b, cmp->op);
				zviz_wbuf_put_u8(b, cmp->width);
				zviz_wbuf_put_u8(b, 0);
				zviz_wbuf_put_u32(b, 0);
				zviz_wbuf_put_u64(b, cmp->mask);
				zviz_wbuf_put_u64(b, cmp->value);
			}
		}
	}
}

static void put_model(struct zviz_wbuf *b, const struct zviz_model *m)
{
	zviz_wbuf_put_u32(b, m->bad_arch_action);
	zviz_wbuf_put_u32(b, m->abi_count);
	put_string(b, m->description);
	put_string(b, m->unsafe_reason);
	for (uint32_t a = 0; a < m->abi_count; a++) {
		const struct zviz_abi_model *abi = &m->abis[a];

		zviz_wbuf_put_u32(b, abi->arch);
		zviz_wbuf_put_u32(b, abi->default_action);
		zviz_wbuf_put_u32(b, abi->syscall_count);
		zviz_wbuf_put_u32(b, 0);
		for (uint32_t i = 0; i < abi->syscall_count; i++)
			put_chain(b, &abi->syscalls[i]);
	}
}

/* Appends one section: header, payload, zero padding. */
static void put_section(struct zviz_wbuf *out, uint32_t type, const struct zviz_wbuf *payload)
{
	zviz_wbuf_put_u32(out, type);
	zviz_wbuf_put_u32(out, ZVIZ_SECTION_CRITICAL);
	zviz_wbuf_put_u64(out, payload->len);
	zviz_wbuf_put(out, payload->data, payload->len);
	zviz_wbuf_pad8(out);
}

/* Everything after the metadata section: the policy proper. */
static void put_policy_sections(struct zviz_wbuf *out, const struct zviz_policy *p)
{
	struct zviz_wbuf payload;

	for (uint32_t type = ZVIZ_SECTION_SECCOMP; type <= ZVIZ_SECTION_LAST; type++) {
		zviz_wbuf_init(&payload);
		switch (type) {
		case ZVIZ_SECTION_SECCOMP: put_seccomp(&payload, &p->seccomp); break;
		case ZVIZ_SECTION_LANDLOCK: put_landlock(&payload, &p->landlock); break;
		case ZVIZ_SECTION_CGROUP: put_cgroup(&payload, &p->cgroup); break;
		case ZVIZ_SECTION_RLIMITS: put_rlimits(&payload, &p->rlimits); break;
		case ZVIZ_SECTION_CAPABILITIES: put_caps(&payload, &p->caps); break;
		case ZVIZ_SECTION_NETWORK:
			zviz_wbuf_put_u32(&payload, p->network_mode);
			zviz_wbuf_put_u32(&payload, 0);
			break;
		case ZVIZ_SECTION_WALL_CLOCK: zviz_wbuf_put_u64(&payload, p->wall_clock_ms); break;
		case ZVIZ_SECTION_MODEL: put_model(&payload, &p->model); break;
		}
		if (payload.failed)
			out->failed = true;
		put_section(out, type, &payload);
		zviz_wbuf_free(&payload);
	}
}

int zviz_policy_encode(const struct zviz_policy *p, uint8_t **out, size_t *out_len,
		       struct zviz_error *err)
{
	static const uint8_t zeros[ZVIZ_SHA256_LEN];
	struct zviz_wbuf body, meta, blob;
	uint8_t digest[ZVIZ_SHA256_LEN];
	bool out_of_memory;
	int ret = -1;

	*out = NULL;
	*out_len = 0;
	if (zviz_policy_validate(p, err) < 0)
		return -1;

	zviz_wbuf_init(&body);
	zviz_wbuf_init(&meta);
	zviz_wbuf_init(&blob);

	put_policy_sections(&body, p);
	zviz_sha256(body.data, body.len, digest);
	put_metadata(&meta, &p->metadata, digest);

	zviz_wbuf_put(&blob, ZVIZ_POLICY_MAGIC, ZVIZ_POLICY_MAGIC_LEN);
	zviz_wbuf_put_u32(&blob, ZVIZ_POLICY_VERSION);
	zviz_wbuf_put_u32(&blob, 0);                    /* flags */
	zviz_wbuf_put_u64(&blob, 0);                    /* total length, patched below */
	zviz_wbuf_put_u32(&blob, ZVIZ_SECTION_LAST);     /* one section per type */
	zviz_wbuf_put_u32(&blob, 0);                    /* reserved */
	zviz_wbuf_put(&blob, zeros, sizeof(zeros));     /* checksum, patched below */
	put_section(&blob, ZVIZ_SECTION_METADATA, &meta);
	zviz_wbuf_put(&blob, body.data, body.len);

	out_of_memory = blob.failed || body.failed || meta.failed;
	if (out_of_memory) {
		zviz_error_set(err, "out of memory");
	} else if (blob.len > ZVIZ_POLICY_MAX_SIZE) {
		zviz_error_set(err, "policy of %zu bytes is larger than the %u allowed",
			       blob.len, ZVIZ_POLICY_MAX_SIZE);
	} else {
		zviz_wbuf_patch_u64(&blob, 16, blob.len);
		zviz_sha256(blob.data + ZVIZ_POLICY_HEADER_SIZE, blob.len - ZVIZ_POLICY_HEADER_SIZE,
			    blob.data + 32);
		*out = blob.data;
		*out_len = blob.len;
		zviz_wbuf_init(&blob);          /* ownership moved to the caller */
		ret = 0;
	}
	zviz_wbuf_free(&blob);
	zviz_wbuf_free(&body);
	zviz_wbuf_free(&meta);
	return ret;
}
