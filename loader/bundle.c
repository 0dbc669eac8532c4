/* zviz-load: the OCI bundle's config.json (see bundle.h).
 *
 * Three passes over the text, each cheap:
 *   1. a small scanner of our own checks the raw text as strict JSON (RFC
 *      8259) and finds duplicate keys.  json-c cannot do either: its
 *      strict mode still takes single quotes, NaN, "1.", raw control
 *      characters and integers past 64 bits (clamped), and of two equal
 *      keys it keeps the last without a word.  The scanner compares keys
 *      *decoded* ("\u0061rgs" is "args");
 *   2. json-c (strict mode) builds the tree; should it refuse what the
 *      scanner took, its offset is turned into a line and a column too;
 *   3. the tree is read into struct bundle, checking every value the
 *      loader will use, with the field's path in every message. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json.h>

#include "bundle.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif
#ifndef MS_LAZYTIME
#define MS_LAZYTIME (1 << 25)
#endif

/* json-c's own default; far deeper than any real config.json (about 6). */
#define JSON_MAX_DEPTH JSON_TOKENER_DEFAULT_DEPTH

#define WHERE_SIZE 160          /* a field path: "mounts[3].options[12]" */
#define QUOTED_SIZE 64          /* a value quoted for a message */

/* ---- messages ----------------------------------------------------------- */

/* S (LEN bytes) quoted for a message: printable ASCII as it is, anything
 * else as \xNN so that no byte of config.json reaches a terminal raw, and
 * cut with "..." when long. */
static const char *quoted(const char *s, size_t len, char buf[static QUOTED_SIZE])
{
	size_t o = 0, i;

	buf[o++] = '"';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		/* Room for this byte escaped, "...", '"' and the NUL? */
		if (o + 4 + 3 + 2 > QUOTED_SIZE) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (c >= 0x20 && c < 0x7f) {
			buf[o++] = (char)c;
		} else {
			snprintf(buf + o, 5, "\\x%02x", c);
			o += 4;
		}
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

static const char *quoted_str(const char *s, char buf[static QUOTED_SIZE])
{
	return quoted(s, strlen(s), buf);
}

/* Appends S to the path in BUF at *O, cutting it short when full. */
static void append(char buf[static WHERE_SIZE], size_t *o, const char *s)
{
	size_t n = strlen(s);

	if (n > WHERE_SIZE - 1 - *o)
		n = WHERE_SIZE - 1 - *o;
	memcpy(buf + *o, s, n);
	*o += n;
	buf[*o] = '\0';
}

/* PARENT.KEY, the path of a member, in BUF. */
static const char *field(char buf[static WHERE_SIZE], const char *parent, const char *key)
{
	size_t o = 0;

	buf[0] = '\0';
	append(buf, &o, parent);
	if (parent[0] != '\0')
		append(buf, &o, ".");
	append(buf, &o, key);
	return buf;
}

/* PARENT[INDEX], the path of an element, in BUF. */
static const char *element(char buf[static WHERE_SIZE], const char *parent, size_t index)
{
	char subscript[32];
	size_t o = 0;

	snprintf(subscript, sizeof(subscript), "[%zu]", index);
	buf[0] = '\0';
	append(buf, &o, parent);
	append(buf, &o, subscript);
	return buf;
}

static int out_of_memory(struct zviz_error *err)
{
	return zviz_error_set(err, "out of memory");
}

/* 1-based line and column (in bytes) of OFFSET in TEXT. */
static void line_column(const char *text, size_t offset, size_t *line, size_t *column)
{
	size_t i, line_start = 0;

	*line = 1;
	for (i = 0; i < offset; i++) {
		if (text[i] == '\n') {
			(*line)++;
			line_start = i + 1;
		}
	}
	*column = offset - line_start + 1;
}

static int error_at(struct zviz_error *err, const char *text, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int error_at(struct zviz_error *err, const char *text, size_t offset, const char *fmt, ...)
{
	char what[ZVIZ_ERROR_MAX];
	size_t line, column;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	line_column(text, offset, &line, &column);
	return zviz_error_set(err, "line %zu, column %zu: %s", line, column, what);
}

static bool is_json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ---- pass 1: the strict scanner ---------------------------------------- */

/* A key of the object being read: duplicates are found by sorting these
 * when the object closes (O(n log n) whatever the keys, where a hash set
 * could be made quadratic by keys chosen to collide). */
struct key_entry {
	const char *key;             /* decoded, in scan->keys */
	size_t len;
	size_t pos;                  /* offset of its opening quote */
};

/* One open object or array, and where in it the scanner is. */
struct scan_level {
	bool is_object;
	size_t index;                /* array: the element being read */
	size_t key_off, key_len;     /* object: the member being read */
	size_t first_key;            /* object: its first entry in scan->entries */
};

struct json_scan {
	const char *text;
	size_t len;
	size_t pos;
	struct zviz_error *err;
	struct scan_level levels[JSON_MAX_DEPTH];
	int depth;
	char *keys;                  /* decoded keys, back to back; never longer
	                                than the text they come from */
	size_t keys_used;
	struct key_entry *entries;   /* keys of the open objects, innermost last */
	size_t entry_count;
	size_t entry_capacity;
	size_t members;
};

static int scan_value(struct json_scan *scan);

static int add_key_entry(struct json_scan *scan, size_t key_off, size_t key_len, size_t pos)
{
	if (scan->entry_count == scan->entry_capacity) {
		size_t capacity = scan->entry_capacity ? scan->entry_capacity * 2 : 64;
		struct key_entry *entries = realloc(scan->entries, capacity * sizeof(*entries));

		if (entries == NULL)
			return out_of_memory(scan->err);
		scan->entries = entries;
		scan->entry_capacity = capacity;
	}
	scan->entries[scan->entry_count++] = (struct key_entry){
		.key = scan->keys + key_off, .len = key_len, .pos = pos,
	};
	return 0;
}

/* By key, then by position, so that equal keys sit together with their
 * first occurrence first. */
static int compare_key_entries(const void *a, const void *b)
{
	const struct key_entry *x = a, *y = b;
	int c = memcmp(x->key, y->key, x->len < y->len ? x->len : y->len);

	if (c != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The path of the object or array at level UPTO, for a message:
 * "process.capabilities", "mounts[1]", or "" for the top level.  Keys
 * other than plain names are shown quoted and escaped. */
static void scan_path(const struct json_scan *scan, int upto, char *buf, size_t size)
{
	size_t o = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < upto && o < size; i++) {
		const struct scan_level *level = &scan->levels[i];
		const char *key = scan->keys + level->key_off;
		bool plain = level->key_len > 0 && level->key_len <= 32;
		char q[QUOTED_SIZE];
		size_t k;
		int n;

		if (!level->is_object) {
			n = snprintf(buf + o, size - o, "[%zu]", level->index);
		} else {
			for (k = 0; plain && k < level->key_len; k++) {
				unsigned char c = (unsigned char)key[k];

				plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
					(c >= '0' && c <= '9') || c == '_' || c == '-';
			}
			if (plain)
				n = snprintf(buf + o, size - o, "%s%.*s", i > 0 ? "." : "",
					     (int)level->key_len, key);
			else
				n = snprintf(buf + o, size - o, "%s%s", i > 0 ? "." : "",
					     quoted(key, level->key_len, q));
		}
		if (n < 0)
			break;
		o += (size_t)n;
	}
}

/* The object at the innermost level is complete: refuses the first
 * repeated key in it (by position), then forgets its keys. */
static int check_object_keys(struct json_scan *scan)
{
	const struct scan_level *level = &scan->levels[scan->depth - 1];
	struct key_entry *keys = scan->entries + level->first_key;
	size_t count = scan->entry_count - level->first_key, i;
	const struct key_entry *repeat = NULL;
	char where[WHERE_SIZE], q[QUOTED_SIZE];

	qsort(keys, count, sizeof(*keys), compare_key_entries);
	for (i = 1; i < count; i++)
		if (keys[i].len == keys[i - 1].len &&
		    memcmp(keys[i].key, keys[i - 1].key, keys[i].len) == 0 &&
		    (repeat == NULL || keys[i].pos < repeat->pos))
			repeat = &keys[i];
	if (repeat != NULL) {
		scan_path(scan, scan->depth - 1, where, sizeof(where));
		return error_at(scan->err, scan->text, repeat->pos, "duplicate key %s %s%s",
				quoted(repeat->key, repeat->len, q),
				where[0] ? "in " : "in the top-level object", where);
	}
	scan->entry_count = level->first_key;
	return 0;
}

static void skip_space(struct json_scan *scan)
{
	while (scan->pos < scan->len && is_json_space(scan->text[scan->pos]))
		scan->pos++;
}

static int unexpected(struct json_scan *scan)
{
	if (scan->pos >= scan->len)
		return error_at(scan->err, scan->text, scan->len, "unexpected end of data");
	return error_at(scan->err, scan->text, scan->pos, "unexpected character");
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The code unit of a \uXXXX escape at POS, or -1. */
static long read_u_escape(const struct json_scan *scan, size_t pos)
{
	long unit = 0;
	int i, d;

	if (pos + 6 > scan->len || scan->text[pos] != '\\' || scan->text[pos + 1] != 'u')
		return -1;
	for (i = 2; i < 6; i++) {
		d = hex_digit(scan->text[pos + i]);
		if (d < 0)
			return -1;
		unit = unit * 16 + d;
	}
	return unit;
}

static size_t put_utf8(char *out, unsigned long cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Length of the well-formed UTF-8 sequence at S (AVAIL bytes), or 0:
 * no overlong forms, no surrogates, nothing past U+10FFFF. */
static size_t utf8_length(const unsigned char *s, size_t avail)
{
	size_t n, i;
	unsigned long cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (avail < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* A string at scan->pos (on its '"').  A key is decoded into scan->keys
 * the way json-c decodes it (an unpaired surrogate becomes U+FFFD), so
 * that two spellings of one key compare equal. */
static int scan_string(struct json_scan *scan, bool is_key, size_t *key_off, size_t *key_len)
{
	const unsigned char *text = (const unsigned char *)scan->text;
	size_t start = scan->pos, n;
	char *out = is_key ? scan->keys + scan->keys_used : NULL;
	size_t o = 0;
	char decoded[4];
	size_t dlen;

	scan->pos++;
	for (;;) {
		unsigned char c;

		if (scan->pos >= scan->len)
			return error_at(scan->err, scan->text, start, "unterminated string");
		c = text[scan->pos];
		if (c == '"') {
			scan->pos++;
			break;
		}
		if (c < 0x20)
			return error_at(scan->err, scan->text, scan->pos,
					"control character in a string (it must be escaped)");
		if (c >= 0x80) {
			n = utf8_length(text + scan->pos, scan->len - scan->pos);
			if (n == 0)
				return error_at(scan->err, scan->text, scan->pos, "invalid UTF-8");
			if (out != NULL)
				memcpy(out + o, text + scan->pos, n);
			o += n;
			scan->pos += n;
			continue;
		}
		if (c != '\\') {
			if (out != NULL)
				out[o] = (char)c;
			o++;
			scan->pos++;
			continue;
		}
		if (scan->pos + 1 >= scan->len)
			return error_at(scan->err, scan->text, start, "unterminated string");
		dlen = 1;
		switch (text[scan->pos + 1]) {
		case '"': decoded[0] = '"'; break;
		case '\\': decoded[0] = '\\'; break;
		case '/': decoded[0] = '/'; break;
		case 'b': decoded[0] = '\b'; break;
		case 'f': decoded[0] = '\f'; break;
		case 'n': decoded[0] = '\n'; break;
		case 'r': decoded[0] = '\r'; break;
		case 't': decoded[0] = '\t'; break;
		case 'u': {
			long unit = read_u_escape(scan, scan->pos), low;
			unsigned long cp;

			if (unit < 0)
				return error_at(scan->err, scan->text, scan->pos, "invalid \\u escape");
			cp = (unsigned long)unit;
			if (unit >= 0xd800 && unit <= 0xdbff) {
				low = read_u_escape(scan, scan->pos + 6);
				if (low >= 0xdc00 && low <= 0xdfff) {
					cp = 0x10000 + (((unsigned long)unit - 0xd800) << 10) +
					     ((unsigned long)low - 0xdc00);
					scan->pos += 6;
				} else {
					cp = 0xfffd;
				}
			} else if (unit >= 0xdc00 && unit <= 0xdfff) {
				cp = 0xfffd;
			}
			/* json-c cuts a key at its first NUL: refuse rather than
			 * let "a\u0000b" and "a" be one key. */
			if (is_key && cp == 0)
				return error_at(scan->err, scan->text, scan->pos,
						"a key contains \\u0000");
			dlen = put_utf8(decoded, cp);
			scan->pos += 4;
			break;
		}
		default:
			return error_at(scan->err, scan->text, scan->pos, "invalid escape sequence");
		}
		scan->pos += 2;
		if (out != NULL)
			memcpy(out + o, decoded, dlen);
		o += dlen;
	}
	if (is_key) {
		*key_off = scan->keys_used;
		*key_len = o;
		scan->keys_used += o;
	}
	return 0;
}

/* Compares the digits of an integer with the largest magnitude allowed. */
static bool digits_exceed(const char *digits, size_t n, const char *limit)
{
	size_t limit_len = strlen(limit);

	if (n != limit_len)
		return n > limit_len;
	return memcmp(digits, limit, n) > 0;
}

static bool is_digit_at(const struct json_scan *scan, size_t pos)
{
	return pos < scan->len && scan->text[pos] >= '0' && scan->text[pos] <= '9';
}

static void skip_digits_at(struct json_scan *scan)
{
	while (is_digit_at(scan, scan->pos))
		scan->pos++;
}

static int scan_number(struct json_scan *scan)
{
	const char *t = scan->text;
	size_t start = scan->pos, digits, digits_end;
	bool negative = false, integer = true;

	if (t[scan->pos] == '-') {
		negative = true;
		scan->pos++;
	}
	digits = scan->pos;
	if (!is_digit_at(scan, scan->pos))
		return unexpected(scan);
	if (t[scan->pos] == '0') {
		scan->pos++;
		if (is_digit_at(scan, scan->pos))
			return error_at(scan->err, t, start, "a number has a leading zero");
	} else {
		skip_digits_at(scan);
	}
	digits_end = scan->pos;
	if (scan->pos < scan->len && t[scan->pos] == '.') {
		integer = false;
		scan->pos++;
		if (!is_digit_at(scan, scan->pos))
			return unexpected(scan);
		skip_digits_at(scan);
	}
	if (scan->pos < scan->len && (t[scan->pos] == 'e' || t[scan->pos] == 'E')) {
		integer = false;
		scan->pos++;
		if (scan->pos < scan->len && (t[scan->pos] == '+' || t[scan->pos] == '-'))
			scan->pos++;
		if (!is_digit_at(scan, scan->pos))
			return unexpected(scan);
		skip_digits_at(scan);
	}
	/* json-c clamps an integer past 64 bits without a word. */
	if (integer && digits_exceed(t + digits, digits_end - digits,
				     negative ? "9223372036854775808" : "18446744073709551615"))
		return error_at(scan->err, t, start, "integer out of the 64-bit range");
	return 0;
}

static int scan_literal(struct json_scan *scan, const char *word)
{
	size_t n = strlen(word);

	if (scan->len - scan->pos < n || memcmp(scan->text + scan->pos, word, n) != 0)
		return unexpected(scan);
	scan->pos += n;
	return 0;
}

static int enter(struct json_scan *scan, bool is_object, struct scan_level **level)
{
	if (scan->depth >= JSON_MAX_DEPTH)
		return error_at(scan->err, scan->text, scan->pos, "nesting too deep");
	*level = &scan->levels[scan->depth++];
	**level = (struct scan_level){ .is_object = is_object, .first_key = scan->entry_count };
	scan->pos++;
	skip_space(scan);
	return 0;
}

static int scan_object(struct json_scan *scan)
{
	struct scan_level *level;
	size_t key_start, key_off, key_len;

	if (enter(scan, true, &level) < 0)
		return -1;
	if (scan->pos < scan->len && scan->text[scan->pos] == '}') {
		scan->pos++;
		scan->depth--;
		return 0;
	}
	for (;;) {
		if (scan->pos >= scan->len)
			return unexpected(scan);
		if (scan->text[scan->pos] != '"')
			return error_at(scan->err, scan->text, scan->pos, "expected a quoted key");
		key_start = scan->pos;
		if (scan_string(scan, true, &key_off, &key_len) < 0 ||
		    add_key_entry(scan, key_off, key_len, key_start) < 0)
			return -1;
		level->key_off = key_off;
		level->key_len = key_len;
		scan->members++;
		skip_space(scan);
		if (scan->pos >= scan->len)
			return unexpected(scan);
		if (scan->text[scan->pos] != ':')
			return error_at(scan->err, scan->text, scan->pos, "expected ':' after a key");
		scan->pos++;
		skip_space(scan);
		if (scan_value(scan) < 0)
			return -1;
		skip_space(scan);
		if (scan->pos < scan->len && scan->text[scan->pos] == ',') {
			scan->pos++;
			skip_space(scan);
			continue;
		}
		if (scan->pos < scan->len && scan->text[scan->pos] == '}') {
			scan->pos++;
			break;
		}
		return unexpected(scan);
	}
	if (check_object_keys(scan) < 0)
		return -1;
	scan->depth--;
	return 0;
}

static int scan_array(struct json_scan *scan)
{
	struct scan_level *level;

	if (enter(scan, false, &level) < 0)
		return -1;
	if (scan->pos < scan->len && scan->text[scan->pos] == ']') {
		scan->pos++;
		scan->depth--;
		return 0;
	}
	for (;;) {
		if (scan_value(scan) < 0)
			return -1;
		skip_space(scan);
		if (scan->pos < scan->len && scan->text[scan->pos] == ',') {
			scan->pos++;
			skip_space(scan);
			level->index++;
			continue;
		}
		if (scan->pos < scan->len && scan->text[scan->pos] == ']') {
			scan->pos++;
			break;
		}
		return unexpected(scan);
	}
	scan->depth--;
	return 0;
}

static int scan_value(struct json_scan *scan)
{
	if (scan->pos >= scan->len)
		return unexpected(scan);
	switch (scan->text[scan->pos]) {
	case '{':
		return scan_object(scan);
	case '[':
		return scan_array(scan);
	case '"':
		return scan_string(scan, false, NULL, NULL);
	case 't':
		return scan_literal(scan, "true");
	case 'f':
		return scan_literal(scan, "false");
	case 'n':
		return scan_literal(scan, "null");
	default:
		if (scan->text[scan->pos] == '-' ||
		    (scan->text[scan->pos] >= '0' && scan->text[scan->pos] <= '9'))
			return scan_number(scan);
		return unexpected(scan);
	}
}

/* What the top-level value of valid JSON TEXT is, or NULL for an object. */
static const char *top_level_kind(const char *text, size_t len)
{
	size_t i = 0;

	while (i < len && is_json_space(text[i]))
		i++;
	switch (i < len ? text[i] : '{') {
	case '{':
		return NULL;
	case '[':
		return "an array";
	case '"':
		return "a string";
	case 'n':
		return "null";
	case 't':
	case 'f':
		return "a boolean";
	default:
		return "a number";
	}
}

/* Checks TEXT as strict JSON with no duplicate key; *MEMBERS gets the
 * number of object members in it. */
static int check_json_text(const char *text, size_t len, size_t *members, struct zviz_error *err)
{
	struct json_scan scan = { .text = text, .len = len, .err = err };
	int r = -1;

	scan.keys = malloc(len + 1);
	if (scan.keys == NULL)
		return out_of_memory(err);
	skip_space(&scan);
	if (scan_value(&scan) < 0)
		goto out;
	skip_space(&scan);
	if (scan.pos < len) {
		error_at(err, text, scan.pos, "trailing characters after the JSON text");
		goto out;
	}
	/* Said here, since json-c leaves a bare literal or number at the end
	 * of the text pending, as if more could follow. */
	if (top_level_kind(text, len) != NULL) {
		zviz_error_set(err, "the top level is %s, not an object", top_level_kind(text, len));
		goto out;
	}
	*members = scan.members;
	r = 0;
out:
	free(scan.keys);
	free(scan.entries);
	return r;
}

/* ---- pass 2: json-c ----------------------------------------------------- */

static int parse_with_json_c(const char *text, size_t len, json_object **root, struct zviz_error *err)
{
	struct json_tokener *tok;
	enum json_tokener_error jerr;
	size_t end;

	*root = NULL;
	tok = json_tokener_new_ex(JSON_MAX_DEPTH);
	if (tok == NULL)
		return out_of_memory(err);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	*root = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);

	if (jerr == json_tokener_continue)
		return error_at(err, text, len, "unexpected end of data");
	if (jerr != json_tokener_success) {
		json_object_put(*root);
		*root = NULL;
		return error_at(err, text, end < len ? end : len, "%s", json_tokener_error_desc(jerr));
	}
	/* json-c stops after one value (or at a NUL byte): only white space
	 * may follow. */
	while (end < len && is_json_space(text[end]))
		end++;
	if (end < len) {
		json_object_put(*root);
		*root = NULL;
		return error_at(err, text, end, "trailing characters after the JSON text");
	}
	return 0;
}

/* Members of every object in the tree, to compare with the scanner's
 * count. */
static size_t count_members(json_object *value)
{
	size_t n = 0, i, len;

	if (json_object_is_type(value, json_type_object)) {
		json_object_object_foreach(value, key, member) {
			(void)key;
			n += 1 + count_members(member);
		}
	} else if (json_object_is_type(value, json_type_array)) {
		len = json_object_array_length(value);
		for (i = 0; i < len; i++)
			n += count_members(json_object_array_get_idx(value, i));
	}
	return n;
}

/* ---- pass 3: typed access to the tree ---------------------------------- */

static const char *json_kind(json_object *value)
{
	switch (json_object_get_type(value)) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "a boolean";
	case json_type_double:
		return "a non-integer number";
	case json_type_int:
		return "an integer";
	case json_type_string:
		return "a string";
	case json_type_array:
		return "an array";
	case json_type_object:
		return "an object";
	}
	return "something else";
}

static int expected(struct zviz_error *err, const char *where, const char *what, json_object *value)
{
	return zviz_error_set(err, "%s: expected %s, not %s", where, what, json_kind(value));
}

static int missing(struct zviz_error *err, const char *where)
{
	return zviz_error_set(err, "%s: missing (it is required)", where);
}

/* A member of OBJ that must be there. */
static int required(json_object *obj, const char *key, const char *where, json_object **value,
		    struct zviz_error *err)
{
	if (!json_object_object_get_ex(obj, key, value))
		return missing(err, where);
	return 0;
}

static int want_object(json_object *value, const char *where, struct zviz_error *err)
{
	if (!json_object_is_type(value, json_type_object))
		return expected(err, where, "an object", value);
	return 0;
}

static int want_array(json_object *value, const char *where, const char *what, struct zviz_error *err)
{
	if (!json_object_is_type(value, json_type_array))
		return expected(err, where, what, value);
	return 0;
}

static int get_bool(json_object *value, const char *where, bool *out, struct zviz_error *err)
{
	if (!json_object_is_type(value, json_type_boolean))
		return expected(err, where, "a boolean", value);
	*out = json_object_get_boolean(value);
	return 0;
}

/* A string without NUL bytes (json-c keeps "\u0000" inside a string). */
static int get_string(json_object *value, const char *where, const char **out, struct zviz_error *err)
{
	const char *s;

	if (!json_object_is_type(value, json_type_string))
		return expected(err, where, "a string", value);
	s = json_object_get_string(value);
	if (strlen(s) != (size_t)json_object_get_string_len(value))
		return zviz_error_set(err, "%s: contains a NUL character", where);
	*out = s;
	return 0;
}

static int dup_string(json_object *value, const char *where, char **out, struct zviz_error *err)
{
	const char *s;

	if (get_string(value, where, &s, err) < 0)
		return -1;
	*out = strdup(s);
	if (*out == NULL)
		return out_of_memory(err);
	return 0;
}

/* An integer in 0..MAX. */
static int get_unsigned(json_object *value, const char *where, uint64_t max, uint64_t *out,
			struct zviz_error *err)
{
	uint64_t v;

	if (!json_object_is_type(value, json_type_int))
		return expected(err, where, "an integer", value);
	if (json_object_get_int64(value) < 0)
		return zviz_error_set(err, "%s: %lld is negative", where,
				      (long long)json_object_get_int64(value));
	v = json_object_get_uint64(value);
	if (v > max)
		return zviz_error_set(err, "%s: %llu is out of range (at most %llu)", where,
				      (unsigned long long)v, (unsigned long long)max);
	*out = v;
	return 0;
}

static int get_uint32(json_object *value, const char *where, uint32_t *out, struct zviz_error *err)
{
	uint64_t v;

	if (get_unsigned(value, where, UINT32_MAX, &v, err) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* An int64 limit: -1 (unlimited) or a value >= 0. */
static int get_limit(json_object *value, const char *where, int64_t *out, struct zviz_error *err)
{
	int64_t v;

	if (!json_object_is_type(value, json_type_int))
		return expected(err, where, "an integer", value);
	v = json_object_get_int64(value);
	if (v == INT64_MAX && json_object_get_uint64(value) > (uint64_t)INT64_MAX)
		return zviz_error_set(err, "%s: %llu is out of range (at most %lld)", where,
				      (unsigned long long)json_object_get_uint64(value),
				      (long long)INT64_MAX);
	if (v < -1)
		return zviz_error_set(err, "%s: %lld is negative (-1 means unlimited)", where, (long long)v);
	*out = v;
	return 0;
}

static void strings_free(struct bundle_strings *list)
{
	size_t i;

	if (list->items != NULL)
		for (i = 0; i < list->count; i++)
			free(list->items[i]);
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

/* An array of strings; OUT gets a NULL-terminated copy (freed by
 * bundle_free even when this fails half-way). */
static int get_strings(json_object *value, const char *where, struct bundle_strings *out,
		       struct zviz_error *err)
{
	char w[WHERE_SIZE];
	size_t n, i;

	if (want_array(value, where, "an array of strings", err) < 0)
		return -1;
	n = json_object_array_length(value);
	out->items = calloc(n + 1, sizeof(*out->items));
	if (out->items == NULL)
		return out_of_memory(err);
	out->count = n;
	for (i = 0; i < n; i++)
		if (dup_string(json_object_array_get_idx(value, i), element(w, where, i),
			       &out->items[i], err) < 0)
			return -1;
	return 0;
}

/* ---- paths -------------------------------------------------------------- */

/* A clean copy of the absolute container path PATH: "//", "." and a
 * trailing "/" are tidied away; ".." is refused, since the loader resolves
 * these paths under the new root and ".." is how one climbs out of it. */
static int clean_absolute(const char *path, const char *where, char **out, struct zviz_error *err)
{
	char q[QUOTED_SIZE];
	size_t len = strlen(path), o = 0;
	const char *p = path;
	char *clean;

	if (path[0] != '/')
		return zviz_error_set(err, "%s: %s is not absolute", where, quoted_str(path, q));
	if (len >= PATH_MAX)
		return zviz_error_set(err, "%s: longer than %d bytes", where, PATH_MAX - 1);
	clean = malloc(len + 2);
	if (clean == NULL)
		return out_of_memory(err);
	while (*p != '\0') {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.')) {
			p += n;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			free(clean);
			return zviz_error_set(err, "%s: %s has a \"..\" component", where,
					      quoted_str(path, q));
		}
		clean[o++] = '/';
		memcpy(clean + o, p, n);
		o += n;
		p += n;
	}
	if (o == 0)
		clean[o++] = '/';
	clean[o] = '\0';
	*out = clean;
	return 0;
}

/* DIR + "/" + PATH, without "./" in front of PATH or a doubled slash;
 * DIR alone (without trailing slashes) when PATH is "" or ".". */
static char *join_path(const char *dir, const char *path)
{
	size_t dlen = strlen(dir);
	char *joined;

	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (path[0] == '/')
			path++;
	}
	if (strcmp(path, ".") == 0)
		path = "";
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	joined = malloc(dlen + strlen(path) + 2);
	if (joined == NULL)
		return NULL;
	memcpy(joined, dir, dlen);
	if (path[0] != '\0' && (dlen == 0 || dir[dlen - 1] != '/'))
		joined[dlen++] = '/';
	strcpy(joined + dlen, path);
	return joined;
}

/* PATH made absolute against DIR (itself absolute). */
static int absolute_against(const char *dir, const char *path, char **out, struct zviz_error *err)
{
	*out = path[0] == '/' ? strdup(path) : join_path(dir, path);
	if (*out == NULL)
		return out_of_memory(err);
	return 0;
}

static int absolute_bundle_dir(const char *dir, char **out, struct zviz_error *err)
{
	char *cwd;

	if (dir == NULL || dir[0] == '\0')
		return zviz_error_set(err, "no bundle directory given");
	if (dir[0] == '/') {
		*out = join_path(dir, "");
	} else {
		cwd = getcwd(NULL, 0);
		if (cwd == NULL)
			return zviz_error_set(err, "cannot find the current directory: %s", strerror(errno));
		*out = join_path(cwd, dir);
		free(cwd);
	}
	if (*out == NULL)
		return out_of_memory(err);
	return 0;
}

/* ---- ociVersion --------------------------------------------------------- */

static const char *skip_digits(const char *s)
{
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

/* SemVer 2.0.0 number: digits, no leading zero. */
static const char *semver_number(const char *s)
{
	const char *end = skip_digits(s);

	if (end == s || (s[0] == '0' && end - s > 1))
		return NULL;
	return end;
}

/* Dot-separated identifiers of [0-9A-Za-z-], none empty. */
static const char *semver_identifiers(const char *s)
{
	for (;;) {
		const char *start = s;

		while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		       *s == '-')
			s++;
		if (s == start)
			return NULL;
		if (*s != '.')
			return s;
		s++;
	}
}

static int check_oci_version(const char *version, struct zviz_error *err)
{
	char q[QUOTED_SIZE];
	const char *p = semver_number(version);

	if (p != NULL && !(p - version == 1 && version[0] == '1'))
		return zviz_error_set(err, "ociVersion: %s: major version %.*s of the runtime spec is "
				      "not supported (zviz-load reads 1.x)",
				      quoted_str(version, q), (int)(p - version), version);
	if (p != NULL && *p == '.')
		p = semver_number(p + 1);
	else
		p = NULL;
	if (p != NULL && *p == '.')
		p = semver_number(p + 1);
	else
		p = NULL;
	if (p != NULL && *p == '-')
		p = semver_identifiers(p + 1);
	if (p != NULL && *p == '+')
		p = semver_identifiers(p + 1);
	if (p == NULL || *p != '\0')
		return zviz_error_set(err, "ociVersion: %s is not a semantic version (like 1.0.2)",
				      quoted_str(version, q));
	return 0;
}

/* ---- process ------------------------------------------------------------ */

static const struct {
	const char *name;
	int resource;
} rlimit_types[] = {
	{ "RLIMIT_AS", RLIMIT_AS },
	{ "RLIMIT_CORE", RLIMIT_CORE },
	{ "RLIMIT_CPU", RLIMIT_CPU },
	{ "RLIMIT_DATA", RLIMIT_DATA },
	{ "RLIMIT_FSIZE", RLIMIT_FSIZE },
	{ "RLIMIT_LOCKS", RLIMIT_LOCKS },
	{ "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK },
	{ "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE },
	{ "RLIMIT_NICE", RLIMIT_NICE },
	{ "RLIMIT_NOFILE", RLIMIT_NOFILE },
	{ "RLIMIT_NPROC", RLIMIT_NPROC },
	{ "RLIMIT_RSS", RLIMIT_RSS },
	{ "RLIMIT_RTPRIO", RLIMIT_RTPRIO },
	{ "RLIMIT_RTTIME", RLIMIT_RTTIME },
	{ "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
	{ "RLIMIT_STACK", RLIMIT_STACK },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int read_rlimit(json_object *value, const char *where, struct bundle_process *p, size_t index,
		       struct zviz_error *err)
{
	struct bundle_rlimit *limit = &p->rlimits[index];
	char w[WHERE_SIZE], q[QUOTED_SIZE];
	json_object *member;
	const char *type;
	size_t i;

	if (want_object(value, where, err) < 0 ||
	    required(value, "type", field(w, where, "type"), &member, err) < 0 ||
	    get_string(member, w, &type, err) < 0)
		return -1;
	for (i = 0; i < ARRAY_SIZE(rlimit_types); i++)
		if (strcmp(type, rlimit_types[i].name) == 0)
			break;
	if (i == ARRAY_SIZE(rlimit_types))
		return zviz_error_set(err, "%s: %s is not a Linux resource limit (RLIMIT_NOFILE, ...)", w,
				      quoted_str(type, q));
	limit->resource = rlimit_types[i].resource;
	/* "If rlimits contains duplicated entries with same type, the runtime
	 * MUST generate an error." */
	for (i = 0; i < index; i++)
		if (p->rlimits[i].resource == limit->resource)
			return zviz_error_set(err, "%s: %s is already set by process.rlimits[%zu]", w, type,
					      i);
	if (required(value, "soft", field(w, where, "soft"), &member, err) < 0 ||
	    get_unsigned(member, w, UINT64_MAX, &limit->soft, err) < 0 ||
	    required(value, "hard", field(w, where, "hard"), &member, err) < 0 ||
	    get_unsigned(member, w, UINT64_MAX, &limit->hard, err) < 0)
		return -1;
	if (limit->soft > limit->hard)
		return zviz_error_set(err, "%s: the soft limit %llu is above the hard limit %llu", where,
				      (unsigned long long)limit->soft, (unsigned long long)limit->hard);
	return 0;
}

static bool is_capability_name(const char *s)
{
	if (strncmp(s, "CAP_", 4) != 0 || s[4] == '\0')
		return false;
	for (s += 4; *s != '\0'; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static int read_capabilities(json_object *value, struct bundle_capabilities *caps, struct zviz_error *err)
{
	static const char *const where = "process.capabilities";
	struct {
		const char *name;
		struct bundle_strings *set;
	} sets[] = {
		{ "bounding", &caps->bounding },
		{ "effective", &caps->effective },
		{ "inheritable", &caps->inheritable },
		{ "permitted", &caps->permitted },
		{ "ambient", &caps->ambient },
	};
	char w[WHERE_SIZE], we[WHERE_SIZE], q[QUOTED_SIZE];
	json_object *member;
	size_t i, j;

	if (want_object(value, where, err) < 0)
		return -1;
	caps->present = true;
	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		if (!json_object_object_get_ex(value, sets[i].name, &member))
			continue;
		if (get_strings(member, field(w, where, sets[i].name), sets[i].set, err) < 0)
			return -1;
		for (j = 0; j < sets[i].set->count; j++)
			if (!is_capability_name(sets[i].set->items[j]))
				return zviz_error_set(err, "%s: %s is not a capability name (CAP_...)",
						      element(we, w, j),
						      quoted_str(sets[i].set->items[j], q));
	}
	return 0;
}

static int read_user(json_object *value, struct bundle_process *p, struct zviz_error *err)
{
	static const char *const where = "process.user";
	char w[WHERE_SIZE], we[WHERE_SIZE];
	json_object *member;
	size_t n, i;

	if (want_object(value, where, err) < 0 ||
	    required(value, "uid", field(w, where, "uid"), &member, err) < 0 ||
	    get_uint32(member, w, &p->uid, err) < 0 ||
	    required(value, "gid", field(w, where, "gid"), &member, err) < 0 ||
	    get_uint32(member, w, &p->gid, err) < 0)
		return -1;
	if (!json_object_object_get_ex(value, "additionalGids", &member))
		return 0;
	field(w, where, "additionalGids");
	if (want_array(member, w, "an array of integers", err) < 0)
		return -1;
	n = json_object_array_length(member);
	if (n > BUNDLE_GROUPS_MAX)
		return zviz_error_set(err, "%s: %zu groups, more than the kernel's %d", w, n,
				      BUNDLE_GROUPS_MAX);
	if (n == 0)
		return 0;
	p->additional_gids = calloc(n, sizeof(*p->additional_gids));
	if (p->additional_gids == NULL)
		return out_of_memory(err);
	p->additional_gid_count = n;
	for (i = 0; i < n; i++)
		if (get_uint32(json_object_array_get_idx(member, i), element(we, w, i),
			       &p->additional_gids[i], err) < 0)
			return -1;
	return 0;
}

static int read_process(json_object *value, struct bundle_process *p, struct zviz_error *err)
{
	static const char *const where = "process";
	char w[WHERE_SIZE], we[WHERE_SIZE], q[QUOTED_SIZE];
	json_object *member;
	bool ignored;
	size_t n, i;

	if (want_object(value, where, err) < 0)
		return -1;
	if (json_object_object_get_ex(value, "terminal", &member) &&
	    get_bool(member, field(w, where, "terminal"), &p->terminal, err) < 0)
		return -1;

	/* The spec makes args optional, but "at least one entry is REQUIRED
	 * (non-Windows)". */
	if (required(value, "args", field(w, where, "args"), &member, err) < 0 ||
	    get_strings(member, w, &p->args, err) < 0)
		return -1;
	if (p->args.count == 0)
		return zviz_error_set(err, "%s: empty (it needs at least the program to run)", w);
	if (p->args.items[0][0] == '\0')
		return zviz_error_set(err, "%s[0]: empty (it names the program to run)", w);

	if (json_object_object_get_ex(value, "env", &member)) {
		if (get_strings(member, field(w, where, "env"), &p->env, err) < 0)
			return -1;
		for (i = 0; i < p->env.count; i++) {
			const char *eq = strchr(p->env.items[i], '=');

			if (eq == NULL || eq == p->env.items[i])
				return zviz_error_set(err, "%s: %s is not KEY=VALUE", element(we, w, i),
						      quoted_str(p->env.items[i], q));
		}
	}

	if (required(value, "cwd", field(w, where, "cwd"), &member, err) < 0 ||
	    dup_string(member, w, &p->cwd, err) < 0)
		return -1;
	if (p->cwd[0] != '/')
		return zviz_error_set(err, "%s: %s is not absolute", w, quoted_str(p->cwd, q));

	if (required(value, "user", field(w, where, "user"), &member, err) < 0 ||
	    read_user(member, p, err) < 0)
		return -1;

	if (json_object_object_get_ex(value, "rlimits", &member)) {
		field(w, where, "rlimits");
		if (want_array(member, w, "an array of objects", err) < 0)
			return -1;
		n = json_object_array_length(member);
		if (n > 0) {
			p->rlimits = calloc(n, sizeof(*p->rlimits));
			if (p->rlimits == NULL)
				return out_of_memory(err);
			p->rlimit_count = n;
		}
		for (i = 0; i < n; i++)
			if (read_rlimit(json_object_array_get_idx(member, i), element(we, w, i), p, i,
					err) < 0)
				return -1;
	}

	if (json_object_object_get_ex(value, "capabilities", &member) &&
	    read_capabilities(member, &p->capabilities, err) < 0)
		return -1;

	/* Checked for its type only: zviz-load always sets no_new_privs. */
	if (json_object_object_get_ex(value, "noNewPrivileges", &member) &&
	    get_bool(member, field(w, where, "noNewPrivileges"), &ignored, err) < 0)
		return -1;
	return 0;
}

/* ---- mounts ------------------------------------------------------------- */

static const struct {
	const char *name;
	bool clear;                  /* the option clears FLAG rather than sets it */
	unsigned long flag;
} mount_flag_options[] = {
	{ "defaults", false, 0 },
	{ "ro", false, MS_RDONLY },
	{ "rw", true, MS_RDONLY },
	{ "nosuid", false, MS_NOSUID },
	{ "suid", true, MS_NOSUID },
	{ "nodev", false, MS_NODEV },
	{ "dev", true, MS_NODEV },
	{ "noexec", false, MS_NOEXEC },
	{ "exec", true, MS_NOEXEC },
	{ "sync", false, MS_SYNCHRONOUS },
	{ "async", true, MS_SYNCHRONOUS },
	{ "dirsync", false, MS_DIRSYNC },
	{ "mand", false, MS_MANDLOCK },
	{ "nomand", true, MS_MANDLOCK },
	{ "noatime", false, MS_NOATIME },
	{ "atime", true, MS_NOATIME },
	{ "nodiratime", false, MS_NODIRATIME },
	{ "diratime", true, MS_NODIRATIME },
	{ "relatime", false, MS_RELATIME },
	{ "norelatime", true, MS_RELATIME },
	{ "strictatime", false, MS_STRICTATIME },
	{ "nostrictatime", true, MS_STRICTATIME },
	{ "lazytime", false, MS_LAZYTIME },
	{ "nolazytime", true, MS_LAZYTIME },
	{ "iversion", false, MS_I_VERSION },
	{ "noiversion", true, MS_I_VERSION },
	{ "nosymfollow", false, MS_NOSYMFOLLOW },
	{ "symfollow", true, MS_NOSYMFOLLOW },
	{ "silent", false, MS_SILENT },
	{ "loud", true, MS_SILENT },
	{ "remount", false, MS_REMOUNT },
	{ "bind", false, MS_BIND },
	{ "rbind", false, MS_BIND | MS_REC },
};

static const struct {
	const char *name;
	unsigned long propagation;
} mount_propagation_options[] = {
	{ "private", MS_PRIVATE },
	{ "rprivate", MS_PRIVATE | MS_REC },
	{ "slave", MS_SLAVE },
	{ "rslave", MS_SLAVE | MS_REC },
	{ "shared", MS_SHARED },
	{ "rshared", MS_SHARED | MS_REC },
	{ "unbindable", MS_UNBINDABLE },
	{ "runbindable", MS_UNBINDABLE | MS_REC },
};

/* Options the spec names that zviz-load does not implement (recursive
 * mount_setattr() attributes, idmapped mounts, crun's tmpcopyup): refused
 * by name, since passed on as filesystem data they would fail obscurely
 * or, on a bind mount, be silently dropped. */
static const char *const mount_unsupported_options[] = {
	"rro", "rrw", "rnosuid", "rsuid", "rnodev", "rdev", "rnoexec", "rexec",
	"rnodiratime", "rdiratime", "rrelatime", "rnorelatime", "rnoatime", "ratime",
	"rstrictatime", "rnostrictatime", "rnosymfollow", "rsymfollow",
	"idmap", "ridmap", "tmpcopyup",
};

static const struct {
	const char *type;
	enum bundle_mount_kind kind;
} mount_types[] = {
	{ "bind", BUNDLE_MOUNT_BIND },
	{ "tmpfs", BUNDLE_MOUNT_TMPFS },
	{ "proc", BUNDLE_MOUNT_PROC },
	{ "sysfs", BUNDLE_MOUNT_SYSFS },
	{ "devpts", BUNDLE_MOUNT_DEVPTS },
	{ "mqueue", BUNDLE_MOUNT_MQUEUE },
	{ "cgroup", BUNDLE_MOUNT_CGROUP },
	{ "cgroup2", BUNDLE_MOUNT_CGROUP2 },
};

const char *bundle_mount_kind_name(enum bundle_mount_kind kind)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mount_types); i++)
		if (mount_types[i].kind == kind)
			return mount_types[i].type;
	return "unknown";
}

/* Splits the options into mount(2) flags, a propagation type and the
 * filesystem data string. */
static int parse_mount_options(struct bundle_mount *m, const char *where, struct zviz_error *err)
{
	char w[WHERE_SIZE], q[QUOTED_SIZE];
	size_t total = 1, i, j, o = 0;

	for (i = 0; i < m->options.count; i++)
		total += strlen(m->options.items[i]) + 1;
	m->data = malloc(total);
	if (m->data == NULL)
		return out_of_memory(err);
	for (i = 0; i < m->options.count; i++) {
		const char *option = m->options.items[i];
		bool known = false;

		element(w, where, i);
		if (option[0] == '\0')
			return zviz_error_set(err, "%s: empty", w);
		for (j = 0; j < ARRAY_SIZE(mount_flag_options) && !known; j++) {
			if (strcmp(option, mount_flag_options[j].name) != 0)
				continue;
			if (mount_flag_options[j].clear)
				m->flags &= ~mount_flag_options[j].flag;
			else
				m->flags |= mount_flag_options[j].flag;
			known = true;
		}
		for (j = 0; j < ARRAY_SIZE(mount_propagation_options) && !known; j++) {
			if (strcmp(option, mount_propagation_options[j].name) != 0)
				continue;
			m->propagation = mount_propagation_options[j].propagation;
			known = true;
		}
		for (j = 0; j < ARRAY_SIZE(mount_unsupported_options) && !known; j++)
			if (strcmp(option, mount_unsupported_options[j]) == 0)
				return zviz_error_set(err, "%s: %s is not supported by zviz-load", w,
						      quoted_str(option, q));
		if (known)
			continue;
		/* Anything else is filesystem data ("mode=755"), as the spec
		 * says runtimes should treat unknown options. */
		if (o > 0)
			m->data[o++] = ',';
		strcpy(m->data + o, option);
		o += strlen(option);
	}
	m->data[o] = '\0';
	return 0;
}

static int read_mount(json_object *value, const char *where, const char *bundle_dir,
		      struct bundle_mount *m, struct zviz_error *err)
{
	char w[WHERE_SIZE], q[QUOTED_SIZE];
	json_object *member;
	const char *source = NULL, *destination;
	size_t i;

	if (want_object(value, where, err) < 0 ||
	    required(value, "destination", field(w, where, "destination"), &member, err) < 0 ||
	    get_string(member, w, &destination, err) < 0 ||
	    clean_absolute(destination, w, &m->destination, err) < 0)
		return -1;
	if (json_object_object_get_ex(value, "type", &member) &&
	    dup_string(member, field(w, where, "type"), &m->type, err) < 0)
		return -1;
	if (json_object_object_get_ex(value, "source", &member) &&
	    get_string(member, field(w, where, "source"), &source, err) < 0)
		return -1;
	if (json_object_object_get_ex(value, "options", &member) &&
	    get_strings(member, field(w, where, "options"), &m->options, err) < 0)
		return -1;
	if (parse_mount_options(m, field(w, where, "options"), err) < 0)
		return -1;

	/* "A mount is a bind mount if it has either bind or rbind in the
	 * options"; type "bind" alone is taken to mean one too. */
	if ((m->flags & MS_BIND) || (m->type != NULL && strcmp(m->type, "bind") == 0)) {
		m->kind = BUNDLE_MOUNT_BIND;
		m->flags |= MS_BIND;
	} else if (m->type == NULL) {
		return zviz_error_set(err, "%s.type: missing (only a bind mount may leave it out)", where);
	} else {
		for (i = 0; i < ARRAY_SIZE(mount_types); i++)
			if (strcmp(m->type, mount_types[i].type) == 0)
				m->kind = mount_types[i].kind;
		if (m->kind == 0)
			return zviz_error_set(err,
					      "%s.type: %s is not supported (bind, tmpfs, proc, sysfs, "
					      "devpts, mqueue, cgroup, cgroup2)",
					      where, quoted_str(m->type, q));
	}

	if (m->kind == BUNDLE_MOUNT_BIND) {
		if (source == NULL)
			return zviz_error_set(err, "%s.source: missing (a bind mount needs one)", where);
		if (source[0] == '\0')
			return zviz_error_set(err, "%s.source: empty", where);
		if (m->data[0] != '\0')
			return zviz_error_set(err, "%s.options: %s: a bind mount takes no filesystem "
					      "options (these are not mount flags zviz-load knows)",
					      where, quoted_str(m->data, q));
		/* "Path values for bind mounts are either absolute or
		 * relative to the bundle." */
		return absolute_against(bundle_dir, source, &m->source, err);
	}
	if (source != NULL) {
		m->source = strdup(source);
		if (m->source == NULL)
			return out_of_memory(err);
	}
	return 0;
}

static int read_mounts(json_object *value, struct bundle *b, struct zviz_error *err)
{
	char w[WHERE_SIZE];
	size_t n, i;

	if (want_array(value, "mounts", "an array of objects", err) < 0)
		return -1;
	n = json_object_array_length(value);
	if (n == 0)
		return 0;
	b->mounts = calloc(n, sizeof(*b->mounts));
	if (b->mounts == NULL)
		return out_of_memory(err);
	b->mount_count = n;
	for (i = 0; i < n; i++)
		if (read_mount(json_object_array_get_idx(value, i), element(w, "mounts", i), b->dir,
			       &b->mounts[i], err) < 0)
			return -1;
	return 0;
}

/* ---- linux ---------------------------------------------------------------- */

static const struct {
	const char *name;
	int flag;
} namespace_types[] = {
	{ "pid", CLONE_NEWPID },
	{ "network", CLONE_NEWNET },
	{ "mount", CLONE_NEWNS },
	{ "ipc", CLONE_NEWIPC },
	{ "uts", CLONE_NEWUTS },
	{ "user", CLONE_NEWUSER },
	{ "cgroup", CLONE_NEWCGROUP },
	{ "time", CLONE_NEWTIME },
};

static int read_namespaces(json_object *value, struct bundle *b, struct zviz_error *err)
{
	static const char *const where = "linux.namespaces";
	char w[WHERE_SIZE], wm[WHERE_SIZE], q[QUOTED_SIZE];
	json_object *member;
	const char *type;
	size_t n, i, j;

	if (want_array(value, where, "an array of objects", err) < 0)
		return -1;
	n = json_object_array_length(value);
	if (n == 0)
		return 0;
	b->namespaces = calloc(n, sizeof(*b->namespaces));
	if (b->namespaces == NULL)
		return out_of_memory(err);
	b->namespace_count = n;
	for (i = 0; i < n; i++) {
		json_object *entry = json_object_array_get_idx(value, i);
		struct bundle_namespace *ns = &b->namespaces[i];

		element(w, where, i);
		if (want_object(entry, w, err) < 0 ||
		    required(entry, "type", field(wm, w, "type"), &member, err) < 0 ||
		    get_string(member, wm, &type, err) < 0)
			return -1;
		for (j = 0; j < ARRAY_SIZE(namespace_types); j++)
			if (strcmp(type, namespace_types[j].name) == 0)
				ns->type = namespace_types[j].flag;
		if (ns->type == 0)
			return zviz_error_set(err, "%s: %s is not a namespace type (pid, network, mount, "
					      "ipc, uts, user, cgroup, time)", wm, quoted_str(type, q));
		/* "If a namespaces field contains duplicated namespaces with
		 * same type, the runtime MUST generate an error." */
		for (j = 0; j < i; j++)
			if (b->namespaces[j].type == ns->type)
				return zviz_error_set(err, "%s: %s is already listed at %s[%zu]", wm, type,
						      where, j);
		if (!json_object_object_get_ex(entry, "path", &member))
			continue;
		if (dup_string(member, field(wm, w, "path"), &ns->path, err) < 0)
			return -1;
		if (ns->path[0] != '/')
			return zviz_error_set(err, "%s: %s is not absolute", wm, quoted_str(ns->path, q));
	}
	return 0;
}

static int read_id_mappings(json_object *value, const char *where, struct bundle_id_mapping **out,
			    size_t *count, struct zviz_error *err)
{
	char w[WHERE_SIZE], wm[WHERE_SIZE];
	json_object *member;
	size_t n, i;

	if (want_array(value, where, "an array of objects", err) < 0)
		return -1;
	n = json_object_array_length(value);
	if (n > BUNDLE_ID_MAPPINGS_MAX)
		return zviz_error_set(err, "%s: %zu entries, more than the kernel's %d", where, n,
				      BUNDLE_ID_MAPPINGS_MAX);
	if (n == 0)
		return 0;
	*out = calloc(n, sizeof(**out));
	if (*out == NULL)
		return out_of_memory(err);
	*count = n;
	for (i = 0; i < n; i++) {
		json_object *entry = json_object_array_get_idx(value, i);
		struct bundle_id_mapping *map = &(*out)[i];

		element(w, where, i);
		if (want_object(entry, w, err) < 0 ||
		    required(entry, "containerID", field(wm, w, "containerID"), &member, err) < 0 ||
		    get_uint32(member, wm, &map->container_id, err) < 0 ||
		    required(entry, "hostID", field(wm, w, "hostID"), &member, err) < 0 ||
		    get_uint32(member, wm, &map->host_id, err) < 0 ||
		    required(entry, "size", field(wm, w, "size"), &member, err) < 0 ||
		    get_uint32(member, wm, &map->size, err) < 0)
			return -1;
		if (map->size == 0)
			return zviz_error_set(err, "%s: 0 maps no id", wm);
		if ((uint64_t)map->container_id + map->size > (uint64_t)UINT32_MAX + 1 ||
		    (uint64_t)map->host_id + map->size > (uint64_t)UINT32_MAX + 1)
			return zviz_error_set(err, "%s: the range runs past id %lu", w,
					      (unsigned long)UINT32_MAX);
	}
	return 0;
}

static int read_clean_paths(json_object *value, const char *where, struct bundle_strings *out,
			    struct zviz_error *err)
{
	char w[WHERE_SIZE];
	size_t i;

	if (get_strings(value, where, out, err) < 0)
		return -1;
	for (i = 0; i < out->count; i++) {
		char *clean;

		if (clean_absolute(out->items[i], element(w, where, i), &clean, err) < 0)
			return -1;
		free(out->items[i]);
		out->items[i] = clean;
	}
	return 0;
}

/* An optional int64 limit at PARENT.KEY. */
static int read_limit(json_object *parent, const char *where, const char *key, bool *has, int64_t *out,
		      struct zviz_error *err)
{
	char w[WHERE_SIZE];
	json_object *member;

	if (!json_object_object_get_ex(parent, key, &member))
		return 0;
	if (get_limit(member, field(w, where, key), out, err) < 0)
		return -1;
	*has = true;
	return 0;
}

static int read_u64(json_object *parent, const char *where, const char *key, bool *has, uint64_t *out,
		    struct zviz_error *err)
{
	char w[WHERE_SIZE];
	json_object *member;

	if (!json_object_object_get_ex(parent, key, &member))
		return 0;
	if (get_unsigned(member, field(w, where, key), UINT64_MAX, out, err) < 0)
		return -1;
	*has = true;
	return 0;
}

static int read_resources(json_object *value, struct bundle_resources *r, struct zviz_error *err)
{
	static const char *const where = "linux.resources";
	char w[WHERE_SIZE];
	json_object *member;

	if (want_object(value, where, err) < 0)
		return -1;
	if (json_object_object_get_ex(value, "memory", &member)) {
		field(w, where, "memory");
		if (want_object(member, w, err) < 0 ||
		    read_limit(member, w, "limit", &r->has_memory_limit, &r->memory_limit, err) < 0 ||
		    read_limit(member, w, "swap", &r->has_memory_swap, &r->memory_swap, err) < 0)
			return -1;
	}
	if (json_object_object_get_ex(value, "pids", &member)) {
		field(w, where, "pids");
		if (want_object(member, w, err) < 0 ||
		    read_limit(member, w, "limit", &r->has_pids_limit, &r->pids_limit, err) < 0)
			return -1;
	}
	if (json_object_object_get_ex(value, "cpu", &member)) {
		field(w, where, "cpu");
		if (want_object(member, w, err) < 0 ||
		    read_limit(member, w, "quota", &r->has_cpu_quota, &r->cpu_quota, err) < 0 ||
		    read_u64(member, w, "period", &r->has_cpu_period, &r->cpu_period, err) < 0 ||
		    read_u64(member, w, "shares", &r->has_cpu_shares, &r->cpu_shares, err) < 0)
			return -1;
	}
	return 0;
}

static bool has_dotdot_component(const char *path)
{
	const char *p = path;

	while (*p != '\0') {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return true;
		p += n;
		while (*p == '/')
			p++;
	}
	return false;
}

static int read_linux(json_object *value, struct bundle *b, struct zviz_error *err)
{
	char q[QUOTED_SIZE];
	json_object *member;

	if (want_object(value, "linux", err) < 0)
		return -1;
	if (json_object_object_get_ex(value, "namespaces", &member) && read_namespaces(member, b, err) < 0)
		return -1;
	if (json_object_object_get_ex(value, "uidMappings", &member) &&
	    read_id_mappings(member, "linux.uidMappings", &b->uid_mappings, &b->uid_mapping_count, err) < 0)
		return -1;
	if (json_object_object_get_ex(value, "gidMappings", &member) &&
	    read_id_mappings(member, "linux.gidMappings", &b->gid_mappings, &b->gid_mapping_count, err) < 0)
		return -1;
	if (json_object_object_get_ex(value, "maskedPaths", &member) &&
	    read_clean_paths(member, "linux.maskedPaths", &b->masked_paths, err) < 0)
		return -1;
	if (json_object_object_get_ex(value, "readonlyPaths", &member) &&
	    read_clean_paths(member, "linux.readonlyPaths", &b->readonly_paths, err) < 0)
		return -1;
	if (json_object_object_get_ex(value, "resources", &member) &&
	    read_resources(member, &b->resources, err) < 0)
		return -1;
	if (json_object_object_get_ex(value, "seccomp", &member)) {
		if (want_object(member, "linux.seccomp", err) < 0)
			return -1;
		b->has_seccomp = true;
	}
	if (json_object_object_get_ex(value, "cgroupsPath", &member)) {
		if (dup_string(member, "linux.cgroupsPath", &b->cgroups_path, err) < 0)
			return -1;
		/* Taken under the cgroup mount point: ".." would leave it. */
		if (has_dotdot_component(b->cgroups_path))
			return zviz_error_set(err, "linux.cgroupsPath: %s has a \"..\" component",
					      quoted_str(b->cgroups_path, q));
	}
	return 0;
}

/* ---- the whole file ----------------------------------------------------- */

static int read_root(json_object *value, struct bundle *b, struct zviz_error *err)
{
	json_object *member;
	const char *path;

	if (want_object(value, "root", err) < 0 ||
	    required(value, "path", "root.path", &member, err) < 0 ||
	    get_string(member, "root.path", &path, err) < 0)
		return -1;
	if (path[0] == '\0')
		return zviz_error_set(err, "root.path: empty");
	if (absolute_against(b->dir, path, &b->root_path, err) < 0)
		return -1;
	if (json_object_object_get_ex(value, "readonly", &member) &&
	    get_bool(member, "root.readonly", &b->root_readonly, err) < 0)
		return -1;
	return 0;
}

/* "A directory MUST exist at the path declared by the field." */
static int check_root_directory(const struct bundle *b, struct zviz_error *err)
{
	char q[QUOTED_SIZE];
	struct stat st;

	if (stat(b->root_path, &st) < 0) {
		if (errno == ENOENT)
			return zviz_error_set(err, "root.path: %s does not exist",
					      quoted_str(b->root_path, q));
		return zviz_error_set(err, "root.path: %s: %s", quoted_str(b->root_path, q), strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return zviz_error_set(err, "root.path: %s is not a directory", quoted_str(b->root_path, q));
	return 0;
}

static int read_config(json_object *top, struct bundle *b, struct zviz_error *err)
{
	char q[QUOTED_SIZE];
	json_object *member;

	if (required(top, "ociVersion", "ociVersion", &member, err) < 0 ||
	    dup_string(member, "ociVersion", &b->oci_version, err) < 0 ||
	    check_oci_version(b->oci_version, err) < 0)
		return -1;
	if (required(top, "root", "root", &member, err) < 0 || read_root(member, b, err) < 0)
		return -1;
	if (required(top, "process", "process", &member, err) < 0 ||
	    read_process(member, &b->process, err) < 0)
		return -1;
	if (json_object_object_get_ex(top, "hostname", &member)) {
		if (dup_string(member, "hostname", &b->hostname, err) < 0)
			return -1;
		if (strlen(b->hostname) > BUNDLE_HOSTNAME_MAX)
			return zviz_error_set(err, "hostname: %s is longer than %d bytes",
					      quoted_str(b->hostname, q), BUNDLE_HOSTNAME_MAX);
	}
	if (json_object_object_get_ex(top, "mounts", &member) && read_mounts(member, b, err) < 0)
		return -1;
	if (json_object_object_get_ex(top, "linux", &member) && read_linux(member, b, err) < 0)
		return -1;
	if (json_object_object_get_ex(top, "hooks", &member)) {
		if (want_object(member, "hooks", err) < 0)
			return -1;
		b->has_hooks = true;
	}
	/* Last, so that every mistake in the text is reported before one in
	 * the file system. */
	return check_root_directory(b, err);
}

int bundle_parse(const char *json, size_t len, const char *bundle_dir, struct bundle *out,
		 struct zviz_error *err)
{
	json_object *top = NULL;
	size_t members = 0;

	memset(out, 0, sizeof(*out));
	if (json == NULL)
		json = "";
	if (len > BUNDLE_CONFIG_MAX_SIZE) {
		zviz_error_set(err, "%zu bytes, more than the %u allowed", len, BUNDLE_CONFIG_MAX_SIZE);
		goto fail;
	}
	if (check_json_text(json, len, &members, err) < 0 || parse_with_json_c(json, len, &top, err) < 0)
		goto fail;
	/* The scanner decodes keys as json-c does; should the two ever
	 * differ, json-c has merged two keys that the scanner kept apart. */
	if (count_members(top) != members) {
		zviz_error_set(err, "duplicate keys (two keys in one object are equal once decoded)");
		goto fail;
	}
	if (!json_object_is_type(top, json_type_object)) {
		zviz_error_set(err, "the top level is %s, not an object", json_kind(top));
		goto fail;
	}
	if (absolute_bundle_dir(bundle_dir, &out->dir, err) < 0 || read_config(top, out, err) < 0)
		goto fail;
	json_object_put(top);
	return 0;
fail:
	json_object_put(top);
	bundle_free(out);
	return zviz_error_prefix(err, "config.json");
}

/* Reads the whole of FD, a regular file, refusing more than the limit
 * (the file may grow between fstat() and read()). */
static int read_config_file(int fd, const char *path, char **text, size_t *len, struct zviz_error *err)
{
	size_t used = 0;
	char *buf;
	ssize_t n;

	buf = malloc(BUNDLE_CONFIG_MAX_SIZE + 1);
	if (buf == NULL)
		return out_of_memory(err);
	for (;;) {
		n = read(fd, buf + used, BUNDLE_CONFIG_MAX_SIZE + 1 - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return zviz_error_set(err, "cannot read %s: %s", path, strerror(errno));
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if (used > BUNDLE_CONFIG_MAX_SIZE) {
			free(buf);
			return zviz_error_set(err, "%s is larger than %u bytes", path,
					      BUNDLE_CONFIG_MAX_SIZE);
		}
	}
	*text = buf;
	*len = used;
	return 0;
}

int bundle_load(const char *bundle_dir, struct bundle *out, struct zviz_error *err)
{
	char *path = NULL, *text = NULL;
	struct stat st;
	size_t len = 0;
	int fd = -1, r = -1;

	memset(out, 0, sizeof(*out));
	if (bundle_dir == NULL || bundle_dir[0] == '\0') {
		zviz_error_set(err, "config.json: no bundle directory given");
		return -1;
	}
	path = join_path(bundle_dir, "config.json");
	if (path == NULL) {
		out_of_memory(err);
		return zviz_error_prefix(err, "config.json");
	}
	/* O_NONBLOCK: a FIFO planted as config.json must not hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		zviz_error_set(err, "config.json: cannot open %s: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) < 0) {
		zviz_error_set(err, "config.json: cannot stat %s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		zviz_error_set(err, "config.json: %s is not a regular file", path);
		goto out;
	}
	if (st.st_size > (off_t)BUNDLE_CONFIG_MAX_SIZE) {
		zviz_error_set(err, "config.json: %s is larger than %u bytes (%lld)", path,
			       BUNDLE_CONFIG_MAX_SIZE, (long long)st.st_size);
		goto out;
	}
	if (read_config_file(fd, path, &text, &len, err) < 0) {
		zviz_error_prefix(err, "config.json");
		goto out;
	}
	r = bundle_parse(text, len, bundle_dir, out, err);
out:
	if (fd >= 0)
		close(fd);
	free(text);
	free(path);
	return r;
}

/* ---- freeing -------------------------------------------------------------- */

void bundle_free(struct bundle *b)
{
	size_t i;

	if (b == NULL)
		return;
	free(b->dir);
	free(b->oci_version);
	strings_free(&b->process.args);
	strings_free(&b->process.env);
	free(b->process.cwd);
	free(b->process.additional_gids);
	free(b->process.rlimits);
	strings_free(&b->process.capabilities.bounding);
	strings_free(&b->process.capabilities.effective);
	strings_free(&b->process.capabilities.inheritable);
	strings_free(&b->process.capabilities.permitted);
	strings_free(&b->process.capabilities.ambient);
	free(b->root_path);
	free(b->hostname);
	if (b->mounts != NULL) {
		for (i = 0; i < b->mount_count; i++) {
			struct bundle_mount *m = &b->mounts[i];

			free(m->destination);
			free(m->type);
			free(m->source);
			strings_free(&m->options);
			free(m->data);
		}
	}
	free(b->mounts);
	if (b->namespaces != NULL)
		for (i = 0; i < b->namespace_count; i++)
			free(b->namespaces[i].path);
	free(b->namespaces);
	free(b->uid_mappings);
	free(b->gid_mappings);
	strings_free(&b->masked_paths);
	strings_free(&b->readonly_paths);
	free(b->cgroups_path);
	memset(b, 0, sizeof(*b));
}
