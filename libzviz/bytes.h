/* libzviz: little-endian byte buffers.  The writer grows a heap buffer; the
 * reader walks a bounded slice and never reads past its end.  All of
 * policy.bin's integers go through these, so byte order and bounds are
 * handled in one place. */
#ifndef ZVIZ_BYTES_H
#define ZVIZ_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growing output buffer.  After an allocation failure `failed` is set,
 * further writes are ignored, and the owner reports ENOMEM once at the end. */
struct zviz_wbuf {
	uint8_t *data;
	size_t len;
	size_t cap;
	bool failed;
};

void zviz_wbuf_init(struct zviz_wbuf *buf);
void zviz_wbuf_free(struct zviz_wbuf *buf);
void zviz_wbuf_put(struct zviz_wbuf *buf, const void *bytes, size_t len);
void zviz_wbuf_put_u8(struct zviz_wbuf *buf, uint8_t v);
void zviz_wbuf_put_u16(struct zviz_wbuf *buf, uint16_t v);
void zviz_wbuf_put_u32(struct zviz_wbuf *buf, uint32_t v);
void zviz_wbuf_put_u64(struct zviz_wbuf *buf, uint64_t v);
/* Zero bytes up to the next multiple of 8. */
void zviz_wbuf_pad8(struct zviz_wbuf *buf);
/* Overwrites 4 or 8 bytes at OFFSET (already written). */
void zviz_wbuf_patch_u32(struct zviz_wbuf *buf, size_t offset, uint32_t v);
void zviz_wbuf_patch_u64(struct zviz_wbuf *buf, size_t offset, uint64_t v);

/* A read-only window over LEN bytes.  `pos` only moves forward. */
struct zviz_rbuf {
	const uint8_t *data;
	size_t len;
	size_t pos;
};

void zviz_rbuf_init(struct zviz_rbuf *r, const void *data, size_t len);
size_t zviz_rbuf_left(const struct zviz_rbuf *r);
/* Each getter returns false, consuming nothing, when too few bytes are left. */
bool zviz_rbuf_get_u8(struct zviz_rbuf *r, uint8_t *v);
bool zviz_rbuf_get_u16(struct zviz_rbuf *r, uint16_t *v);
bool zviz_rbuf_get_u32(struct zviz_rbuf *r, uint32_t *v);
bool zviz_rbuf_get_u64(struct zviz_rbuf *r, uint64_t *v);
/* Points *P at the next LEN bytes and skips them. */
bool zviz_rbuf_get_bytes(struct zviz_rbuf *r, size_t len, const uint8_t **p);

/* Little-endian loads and stores on raw memory. */
uint32_t zviz_load_le32(const uint8_t *p);
uint64_t zviz_load_le64(const uint8_t *p);
void zviz_store_le32(uint8_t *p, uint32_t v);
void zviz_store_le64(uint8_t *p, uint64_t v);

#endif
