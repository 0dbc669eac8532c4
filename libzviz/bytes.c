/* libzviz: little-endian byte buffers (see bytes.h). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "bytes.h"

void zviz_wbuf_init(struct zviz_wbuf *buf)
{
	memset(buf, 0, sizeof(*buf));
}

void zviz_wbuf_free(struct zviz_wbuf *buf)
{
	free(buf->data);
	zviz_wbuf_init(buf);
}

static bool reserve(struct zviz_wbuf *buf, size_t more)
{
	size_t want;
	uint8_t *grown;

	if (buf->failed)
		return false;
	if (more <= buf->cap - buf->len)
		return true;
	if (more > SIZE_MAX / 2 - buf->len) {
		buf->failed = true;
		return false;
	}
	want = buf->cap ? buf->cap : 256;
	while (want - buf->len < more)
		want *= 2;
	grown = realloc(buf->data, want);
	if (grown == NULL) {
		buf->failed = true;
		return false;
	}
	buf->data = grown;
	buf->cap = want;
	return true;
}

void zviz_wbuf_put(struct zviz_wbuf *buf, const void *bytes, size_t len)
{
	if (len == 0 || !reserve(buf, len))
		return;
	memcpy(buf->data + buf->len, bytes, len);
	buf->len += len;
}

void zviz_wbuf_put_u8(struct zviz_wbuf *buf, uint8_t v)
{
	zviz_wbuf_put(buf, &v, 1);
}

void zviz_wbuf_put_u16(struct zviz_wbuf *buf, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	zviz_wbuf_put(buf, b, sizeof(b));
}

void zviz_wbuf_put_u32(struct zviz_wbuf *buf, uint32_t v)
{
	uint8_t b[4];

	zviz_store_le32(b, v);
	zviz_wbuf_put(buf, b, sizeof(b));
}

void zviz_wbuf_put_u64(struct zviz_wbuf *buf, uint64_t v)
{
	uint8_t b[8];

	zviz_store_le64(b, v);
	zviz_wbuf_put(buf, b, sizeof(b));
}

void zviz_wbuf_pad8(struct zviz_wbuf *buf)
{
	static const uint8_t zeros[8];

	zviz_wbuf_put(buf, zeros, (8 - buf->len % 8) % 8);
}

void zviz_wbuf_patch_u32(struct zviz_wbuf *buf, size_t offset, uint32_t v)
{
	if (!buf->failed && offset <= buf->len && buf->len - offset >= 4)
		zviz_store_le32(buf->data + offset, v);
}

void zviz_wbuf_patch_u64(struct zviz_wbuf *buf, size_t offset, uint64_t v)
{
	if (!buf->failed && offset <= buf->len && buf->len - offset >= 8)
		zviz_store_le64(buf->data + offset, v);
}

void zviz_rbuf_init(struct zviz_rbuf *r, const void *data, size_t len)
{
	r->data = data;
	r->len = len;
	r->pos = 0;
}

size_t zviz_rbuf_left(const struct zviz_rbuf *r)
{
	return r->len - r->pos;
}

bool zviz_rbuf_get_bytes(struct zviz_rbuf *r, size_t len, const uint8_t **p)
{
	if (len > zviz_rbuf_left(r))
		return false;
	*p = r->data + r->pos;
	r->pos += len;
	return true;
}

bool zviz_rbuf_get_u8(struct zviz_rbuf *r, uint8_t *v)
{
	const uint8_t *p;

	if (!zviz_rbuf_get_bytes(r, 1, &p))
		return false;
	*v = p[0];
	return true;
}

bool zviz_rbuf_get_u16(struct zviz_rbuf *r, uint16_t *v)
{
	const uint8_t *p;

	if (!zviz_rbuf_get_bytes(r, 2, &p))
		return false;
	*v = (uint16_t)(p[0] | p[1] << 8);
	return true;
}

bool zviz_rbuf_get_u32(struct zviz_rbuf *r, uint32_t *v)
{
	const uint8_t *p;

	if (!zviz_rbuf_get_bytes(r, 4, &p))
		return false;
	*v = zviz_load_le32(p);
	return true;
}

bool zviz_rbuf_get_u64(struct zviz_rbuf *r, uint64_t *v)
{
	const uint8_t *p;

	if (!zviz_rbuf_get_bytes(r, 8, &p))
		return false;
	*v = zviz_load_le64(p);
	return true;
}

uint32_t zviz_load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t zviz_load_le64(const uint8_t *p)
{
	return (uint64_t)zviz_load_le32(p) | (uint64_t)zviz_load_le32(p + 4) << 32;
}

void zviz_store_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void zviz_store_le64(uint8_t *p, uint64_t v)
{
	zviz_store_le32(p, (uint32_t)v);
	zviz_store_le32(p + 4, (uint32_t)(v >> 32));
}
