/* zvizc: YAML profiles (see yaml.h and zviz-profile(5), "YAML PROFILES").
 *
 * libyaml's event parser feeds a small tree of our own (scalars,
 * sequences, mappings, each with its place), which refuses what the
 * profile shape has no use for — anchors, aliases, duplicate keys, keys
 * that are not scalars, several documents — and is then read into the
 * syntax tree of ast.h exactly as grammar/zp.y would build it for the
 * same profile.  Conditions and constant expressions are .zp expressions
 * in YAML strings, read by a recursive-descent parser with the grammar's
 * operators and precedence. */
#include <config.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "parse.h"
#include "suggest.h"
#include "yaml-profile.h"

#define MAX_DEPTH 64

/* ---- the document tree -------------------------------------------------------------- */

enum ynode_kind { Y_SCALAR, Y_SEQUENCE, Y_MAPPING };

struct ynode {
	enum ynode_kind kind;
	const char *text;          /* Y_SCALAR */
	bool plain;                /* an unquoted scalar */
	bool multiline;            /* the scalar's text spans lines */
	int line, col;             /* 1-based, where the node starts */
	int text_col;              /* column of the scalar's first character */
	int end_line, end_col;     /* inclusive */
	struct ynode *items;       /* sequence items, or mapping keys */
	struct ynode *value;       /* a mapping key's value */
	struct ynode *next;
};

struct yctx {
	struct arena *arena;
	struct diags *diags;
	const struct zp_source *src;
	struct zp_file *file;
	yaml_parser_t parser;
	unsigned errors;
};

#define NEW(y, type) ((type *)arena_alloc((y)->arena, sizeof(type)))

/* Appends ITEM to the list at *HEAD (linked through NEXT_OFFSET). */
static void append_node(void *head, void *item, size_t next_offset)
{
	void **link = head;

	while (*link != NULL)
		link = (void **)((char *)*link + next_offset);
	*link = item;
}

#define APPEND(type, head, item) append_node(&(head), (item), offsetof(type, next))

static struct zp_loc node_loc(const struct yctx *y, const struct ynode *n)
{
	struct zp_loc loc = { y->src, n->line, n->col, n->end_line, n->end_col };

	if (loc.end_line < loc.line || (loc.end_line == loc.line && loc.end_col < loc.col)) {
		loc.end_line = loc.line;
		loc.end_col = loc.col;
	}
	return loc;
}

/* The place of LEN characters at OFFSET in scalar N's text: exact for
 * one-line scalars without escapes, the whole scalar otherwise. */
static struct zp_loc text_loc(const struct yctx *y, const struct ynode *n, size_t offset, size_t len)
{
	struct zp_loc loc = node_loc(y, n);
	size_t line_len;

	if (n->multiline || offset > 4096 || len > 4096)
		return loc;
	source_line(y->src, n->line, &line_len);
	if ((size_t)n->text_col + offset + (len ? len - 1 : 0) > line_len + 1)
		return loc;
	loc.line = loc.end_line = n->line;
	loc.col = n->text_col + (int)offset;
	loc.end_col = loc.col + (len ? (int)len - 1 : 0);
	return loc;
}

/* The 1-based place of a libyaml mark.  libyaml counts characters, and
 * counts a lone CR (and NEL, LS, PS) as a line break where the source
 * counts bytes and LFs only: a place past the text's last line is put at
 * the start of that line. */
static void mark_position(const struct zp_source *src, const yaml_mark_t *mark, int *line, int *col)
{
	*line = 1;
	*col = 1;
	if (mark->line >= src->line_count || mark->column >= (size_t)INT32_MAX - 1) {
		*line = src->line_count > 0 && src->line_count < (size_t)INT32_MAX ? (int)src->line_count : 1;
		return;
	}
	*line = (int)mark->line + 1;
	*col = (int)mark->column + 1;
}

static void vreport(struct yctx *y, const struct zp_loc *loc, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void vreport(struct yctx *y, const struct zp_loc *loc, const char *fmt, va_list ap)
{
	diag_addv(y->diags, "syntax", loc, fmt, ap);
	y->errors++;
}

static void error_at(struct yctx *y, const struct zp_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void error_at(struct yctx *y, const struct zp_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(y, loc, fmt, ap);
	va_end(ap);
}

static void error_node(struct yctx *y, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void error_node(struct yctx *y, const struct ynode *n, const char *fmt, ...)
{
	struct zp_loc loc = node_loc(y, n);
	va_list ap;

	va_start(ap, fmt);
	vreport(y, &loc, fmt, ap);
	va_end(ap);
}

static void error_mark(struct yctx *y, const yaml_mark_t *mark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void error_mark(struct yctx *y, const yaml_mark_t *mark, const char *fmt, ...)
{
	struct zp_loc loc = { y->src, 1, 1, 1, 1 };
	va_list ap;

	mark_position(y->src, mark, &loc.line, &loc.col);
	loc.end_line = loc.line;
	loc.end_col = loc.col;
	va_start(ap, fmt);
	vreport(y, &loc, fmt, ap);
	va_end(ap);
}

/* ---- from libyaml events to the tree ------------------------------------------------ */

static bool next_event(struct yctx *y, yaml_event_t *ev)
{
	if (yaml_parser_parse(&y->parser, ev))
		return true;
	if (y->parser.context != NULL)
		error_mark(y, &y->parser.problem_mark, "YAML: %s: %s", y->parser.context,
			   y->parser.problem ? y->parser.problem : "invalid YAML");
	else
		error_mark(y, &y->parser.problem_mark, "YAML: %s",
			   y->parser.problem ? y->parser.problem : "invalid YAML");
	return false;
}

static void set_marks(const struct yctx *y, struct ynode *n, const yaml_event_t *ev)
{
	const yaml_mark_t *s = &ev->start_mark, *e = &ev->end_mark;

	mark_position(y->src, s, &n->line, &n->col);
	n->text_col = n->col;
	n->end_line = n->line;
	n->end_col = n->col;
	if (e->line == s->line && e->column > s->column && e->column < (size_t)INT32_MAX &&
	    n->line == (int)s->line + 1)
		n->end_col = (int)e->column;
}

static void refuse_anchor(struct yctx *y, const yaml_event_t *ev, const yaml_char_t *anchor)
{
	if (anchor != NULL)
		error_mark(y, &ev->start_mark, "anchors and aliases are not allowed in a profile");
}

/* Reads one node whose first event is EV (consumed by the caller).
 * Returns NULL after a YAML syntax error, which ends the document. */
static struct ynode *read_node(struct yctx *y, yaml_event_t *ev, int depth);

static bool read_children(struct yctx *y, struct ynode *n, yaml_event_type_t end, int depth)
{
	struct ynode *last_key = NULL;

	for (;;) {
		yaml_event_t ev;
		struct ynode *child, *value;
		bool dup = false;

		if (!next_event(y, &ev))
			return false;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return true;
		}
		child = read_node(y, &ev, depth + 1);
		if (child == NULL)
			return false;
		if (n->kind == Y_SEQUENCE) {
			APPEND(struct ynode, n->items, child);
			continue;
		}
		if (!next_event(y, &ev))
			return false;
		value = read_node(y, &ev, depth + 1);
		if (value == NULL)
			return false;
		if (child->kind != Y_SCALAR) {
			error_node(y, child, "a mapping key must be a plain value, not a %s",
				   child->kind == Y_MAPPING ? "mapping" : "list");
			continue;
		}
		for (struct ynode *k = n->items; k != NULL; k = k->next) {
			if (strcmp(k->text, child->text) == 0) {
				error_node(y, child, "duplicate key '%s' (first on line %d)", child->text,
					   k->line);
				dup = true;
				break;
			}
		}
		if (dup)
			continue;
		child->value = value;
		if (last_key == NULL)
			n->items = child;
		else
			last_key->next = child;
		last_key = child;
	}
}

static struct ynode *read_node(struct yctx *y, yaml_event_t *ev, int depth)
{
	struct ynode *n = NEW(y, struct ynode);

	set_marks(y, n, ev);
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		refuse_anchor(y, ev, ev->data.scalar.anchor);
		n->kind = Y_SCALAR;
		if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length) != NULL)
			error_node(y, n, "a value holds a NUL character");
		n->text = arena_strndup(y->arena, (const char *)ev->data.scalar.value,
					ev->data.scalar.length);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		n->multiline = ev->end_mark.line != ev->start_mark.line ||
			       ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
			       ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
		if (ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
		    ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
			n->text_col = n->col + 1;
		yaml_event_delete(ev);
		return n;
	case YAML_ALIAS_EVENT:
		error_mark(y, &ev->start_mark, "anchors and aliases are not allowed in a profile");
		n->kind = Y_SCALAR;
		n->text = "";
		yaml_event_delete(ev);
		return n;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		bool seq = ev->type == YAML_SEQUENCE_START_EVENT;

		refuse_anchor(y, ev, seq ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor);
		n->kind = seq ? Y_SEQUENCE : Y_MAPPING;
		if (depth >= MAX_DEPTH) {
			error_mark(y, &ev->start_mark, "the document is nested more than %d levels deep",
				   MAX_DEPTH);
			yaml_event_delete(ev);
			return NULL;
		}
		yaml_event_delete(ev);
		if (!read_children(y, n, seq ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT, depth))
			return NULL;
		return n;
	}
	default:
		error_mark(y, &ev->start_mark, "YAML: unexpected event");
		yaml_event_delete(ev);
		return NULL;
	}
}

/* The document's root node: NULL for an empty file or after an error. */
static struct ynode *read_document(struct yctx *y)
{
	yaml_event_t ev;
	struct ynode *root = NULL;

	if (!next_event(y, &ev))
		return NULL;
	yaml_event_delete(&ev);                /* STREAM-START */
	if (!next_event(y, &ev))
		return NULL;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		return NULL;
	}
	yaml_event_delete(&ev);                /* DOCUMENT-START */
	if (!next_event(y, &ev))
		return NULL;
	root = read_node(y, &ev, 0);
	if (root == NULL)
		return NULL;
	if (!next_event(y, &ev))               /* DOCUMENT-END */
		return NULL;
	yaml_event_delete(&ev);
	if (!next_event(y, &ev))
		return NULL;
	if (ev.type != YAML_STREAM_END_EVENT) {
		error_mark(y, &ev.start_mark, "a profile file holds one YAML document, not several");
		yaml_event_delete(&ev);
		return NULL;
	}
	yaml_event_delete(&ev);
	return root;
}

/* ---- values --------------------------------------------------------------------------- */

static const char *kind_name(enum ynode_kind k)
{
	return k == Y_SCALAR ? "value" : k == Y_SEQUENCE ? "list" : "mapping";
}

static bool is_null(const struct ynode *n)
{
	return n->kind == Y_SCALAR && n->plain &&
	       (n->text[0] == '\0' || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0 ||
		strcmp(n->text, "Null") == 0 || strcmp(n->text, "NULL") == 0);
}

static bool want(struct yctx *y, const struct ynode *n, enum ynode_kind kind, const char *what)
{
	if (n->kind == kind && !(kind == Y_SCALAR && is_null(n)))
		return true;
	if (is_null(n))
		error_node(y, n, "%s needs a %s", what, kind_name(kind));
	else
		error_node(y, n, "%s must be a %s, not a %s", what, kind_name(kind), kind_name(n->kind));
	return false;
}

/* The items of a list, or a single value standing for a one-item list.
 * Returns the count; *ITEMS is an arena array. */
static size_t list_items(struct yctx *y, struct ynode *n, const char *what, struct ynode ***items)
{
	size_t count = 0, i = 0;

	*items = NULL;
	if (n->kind == Y_SCALAR) {
		if (!want(y, n, Y_SCALAR, what))
			return 0;
		*items = arena_alloc(y->arena, sizeof(**items));
		(*items)[0] = n;
		return 1;
	}
	if (n->kind != Y_SEQUENCE) {
		error_node(y, n, "%s must be a list, not a mapping", what);
		return 0;
	}
	for (struct ynode *c = n->items; c != NULL; c = c->next)
		count++;
	if (count == 0) {
		error_node(y, n, "%s needs at least one item", what);
		return 0;
	}
	*items = arena_calloc(y->arena, count, sizeof(**items));
	for (struct ynode *c = n->items; c != NULL; c = c->next) {
		if (c->kind != Y_SCALAR) {
			error_node(y, c, "an item of %s must be a value, not a %s", what, kind_name(c->kind));
			continue;
		}
		if (is_null(c)) {
			error_node(y, c, "an item of %s is empty", what);
			continue;
		}
		(*items)[i++] = c;
	}
	return i;
}

static bool word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The length of the .zp name at S (letters, digits, _, single hyphens
 * between parts), 0 when S does not start with one. */
static size_t word_length(const char *s)
{
	size_t i = 0;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
		return 0;
	for (;;) {
		while (word_char(s[i]))
			i++;
		if (s[i] == '-' && word_char(s[i + 1]))
			i++;
		else
			return i;
	}
}

static bool is_word(const char *s)
{
	size_t n = word_length(s);

	return n > 0 && s[n] == '\0';
}

/* @name: lowercase letters, digits, _, single hyphens between parts. */
static bool is_group_name(const char *s)
{
	size_t i = 1;

	if (s[0] != '@' || !((s[1] >= 'a' && s[1] <= 'z') || (s[1] >= '0' && s[1] <= '9')))
		return false;
	for (;;) {
		while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_')
			i++;
		if (s[i] == '-' && ((s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
				    (s[i + 1] >= '0' && s[i + 1] <= '9') || s[i + 1] == '_'))
			i++;
		else
			return s[i] == '\0';
	}
}

static const char *name_value(struct yctx *y, struct ynode *n, const char *what)
{
	if (!want(y, n, Y_SCALAR, what))
		return NULL;
	if (!is_word(n->text)) {
		error_node(y, n, "'%s' is not a name (%s)", n->text, what);
		return NULL;
	}
	return n->text;
}

static struct zp_value *word_value(struct yctx *y, const char *word, struct zp_loc loc)
{
	struct zp_value *v = NEW(y, struct zp_value);

	v->is_word = true;
	v->word = word;
	v->suffix = "";
	v->loc = loc;
	return v;
}

/* A list of names (arch, scope, capabilities, access rights). */
static struct zp_value *words_value(struct yctx *y, struct ynode *n, const char *what)
{
	struct ynode **items;
	size_t count = list_items(y, n, what, &items);
	struct zp_value *head = NULL;

	for (size_t i = 0; i < count; i++) {
		const char *w = name_value(y, items[i], what);

		if (w != NULL)
			APPEND(struct zp_value, head, word_value(y, w, node_loc(y, items[i])));
	}
	return head;
}

/* A list of paths (strings). */
static struct zp_value *paths_value(struct yctx *y, struct ynode *n, const char *what)
{
	struct ynode **items;
	size_t count = list_items(y, n, what, &items);
	struct zp_value *head = NULL;

	for (size_t i = 0; i < count; i++)
		APPEND(struct zp_value, head, word_value(y, items[i]->text, node_loc(y, items[i])));
	return head;
}

/* A number as the .zp scanner reads one: decimal, 0x, 0o, leading-0
 * octal, 0b, then a unit suffix (kept for later checks).  TEXT holds the
 * number only; errors are reported at LOC. */
static bool parse_number(struct yctx *y, const char *text, const struct zp_loc *loc, uint64_t *value,
			 const char **suffix)
{
	const char *digits = text;
	int base = 10;
	uint64_t v = 0;
	size_t i;
	bool ok = true;

	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		digits = text + 2;
	} else if (text[0] == '0' && (text[1] == 'b' || text[1] == 'B')) {
		base = 2;
		digits = text + 2;
	} else if (text[0] == '0' && (text[1] == 'o' || text[1] == 'O')) {
		base = 8;
		digits = text + 2;
	} else if (text[0] == '0' && text[1] >= '0' && text[1] <= '9') {
		base = 8;
		digits = text + 1;
	}
	for (i = 0; digits[i]; i++) {
		char c = digits[i];
		int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		if (d >= base) {
			error_at(y, loc, "invalid digit in number '%s'", text);
			ok = false;
			break;
		}
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) {
			error_at(y, loc, "number does not fit in 64 bits: '%s'", text);
			ok = false;
			break;
		}
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (ok && i == 0) {
		error_at(y, loc, "number without digits '%s'", text);
		ok = false;
	}
	if (ok && base == 16 && digits[i] != '\0') {
		error_at(y, loc, "invalid hexadecimal number '%s'", text);
		ok = false;
	}
	if (ok && digits[i] != '\0') {
		/* the scanner's NUMBER: [0-9][0-9A-Za-z_]*%? */
		for (size_t j = i; digits[j]; j++) {
			if (!(word_char(digits[j]) || (digits[j] == '%' && digits[j + 1] == '\0'))) {
				error_at(y, loc, "'%s' is not a number", text);
				ok = false;
				break;
			}
		}
	}
	*value = v;
	*suffix = arena_strdup(y->arena, base == 16 ? "" : digits + i);
	return ok;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A limit's value: a number with its unit, or a word (unlimited). */
static struct zp_value *limit_value(struct yctx *y, struct ynode *n)
{
	struct zp_loc loc = node_loc(y, n);
	struct zp_value *v;

	if (!want(y, n, Y_SCALAR, "a limit"))
		return NULL;
	if (!is_digit(n->text[0])) {
		const char *w = name_value(y, n, "a limit's value");

		return w ? word_value(y, w, loc) : NULL;
	}
	v = NEW(y, struct zp_value);
	v->loc = loc;
	if (!parse_number(y, n->text, &loc, &v->number, &v->suffix))
		return NULL;
	v->range_end = v->number;
	return v;
}

/* A port or a range of ports: 443, "8000-8010", "8000 - 8010". */
static struct zp_value *port_value(struct yctx *y, struct ynode *n)
{
	struct zp_loc loc = node_loc(y, n);
	struct zp_value *v = NEW(y, struct zp_value);
	const char *dash = strchr(n->text, '-'), *s1, *s2;
	char *first;
	size_t len;
	const char *suffix2 = "";

	v->loc = loc;
	len = dash ? (size_t)(dash - n->text) : strlen(n->text);
	while (len > 0 && (n->text[len - 1] == ' ' || n->text[len - 1] == '\t'))
		len--;
	first = arena_strndup(y->arena, n->text, len);
	s1 = first;
	if (!is_digit(s1[0])) {
		error_node(y, n, "a port is a number or a range (8000-8010), not '%s'", n->text);
		return NULL;
	}
	if (!parse_number(y, s1, &loc, &v->number, &v->suffix))
		return NULL;
	v->range_end = v->number;
	if (dash != NULL) {
		s2 = dash + 1;
		while (*s2 == ' ' || *s2 == '\t')
			s2++;
		if (!is_digit(s2[0])) {
			error_node(y, n, "a port is a number or a range (8000-8010), not '%s'", n->text);
			return NULL;
		}
		if (!parse_number(y, s2, &loc, &v->range_end, &suffix2))
			return NULL;
		if (v->suffix[0] == '\0')
			v->suffix = suffix2;
	}
	return v;
}

/* Offers every word of KNOWN and reports KEY as unknown in WHERE. */
static void unknown_key(struct yctx *y, const struct ynode *key, const char *where,
			const char *const *known)
{
	struct suggestion s;
	const char *best;

	suggest_start(&s, key->text);
	for (size_t i = 0; known[i] != NULL; i++)
		suggest_offer(&s, known[i]);
	best = suggest_result(&s);
	if (best != NULL)
		error_node(y, key, "unknown key '%s' in %s; did you mean '%s'?", key->text, where, best);
	else
		error_node(y, key, "unknown key '%s' in %s", key->text, where);
}

static int key_index(const char *key, const char *const *known)
{
	for (int i = 0; known[i] != NULL; i++)
		if (strcmp(known[i], key) == 0)
			return i;
	return -1;
}

/* ---- expressions ------------------------------------------------------------------------ */

enum tok {
	T_END, T_ERROR, T_NAME, T_NUMBER,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_SHL, T_SHR,
	T_BITAND, T_BITOR, T_TILDE, T_LPAREN, T_RPAREN, T_COMMA,
	T_AND, T_OR, T_NOT, T_IN, T_NOT_IN, T_KEYWORD,
};

struct lexer {
	struct yctx *y;
	const struct ynode *node;
	const char *s;
	size_t pos;
	/* the current token */
	enum tok tok;
	size_t start, len;
	bool failed;
};

static void lex_next(struct lexer *lx)
{
	const char *s = lx->s;
	size_t p = lx->pos, n;

	while (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r')
		p++;
	lx->start = p;
	lx->len = 1;
	if (s[p] == '\0') {
		lx->tok = T_END;
		lx->len = 0;
		lx->pos = p;
		return;
	}
	if ((n = word_length(s + p)) > 0) {
		lx->len = n;
		lx->tok = T_NAME;
		if (n == 3 && strncmp(s + p, "and", 3) == 0)
			lx->tok = T_AND;
		else if (n == 2 && strncmp(s + p, "or", 2) == 0)
			lx->tok = T_OR;
		else if (n == 2 && strncmp(s + p, "in", 2) == 0)
			lx->tok = T_IN;
		else if ((n == 2 && strncmp(s + p, "if", 2) == 0) ||
			 (n == 7 && strncmp(s + p, "extends", 7) == 0))
			lx->tok = T_KEYWORD;
		else if (n == 3 && strncmp(s + p, "not", 3) == 0) {
			size_t q = p + 3;

			lx->tok = T_NOT;
			while (s[q] == ' ' || s[q] == '\t' || s[q] == '\n' || s[q] == '\r')
				q++;
			if (q > p + 3 && s[q] == 'i' && s[q + 1] == 'n' && s[q + 2] != '\0' &&
			    !word_char(s[q + 2]) && s[q + 2] != '-') {
				lx->tok = T_NOT_IN;
				lx->len = q + 2 - p;
			}
		}
		lx->pos = p + lx->len;
		return;
	}
	if (is_digit(s[p])) {
		n = 1;
		while (word_char(s[p + n]))
			n++;
		if (s[p + n] == '%')
			n++;
		lx->tok = T_NUMBER;
		lx->len = n;
		lx->pos = p + n;
		return;
	}
	lx->tok = T_ERROR;
	if (s[p + 1] != '\0') {
		static const struct { char a, b; enum tok t; } two[] = {
			{ '=', '=', T_EQ }, { '!', '=', T_NE }, { '<', '=', T_LE }, { '>', '=', T_GE },
			{ '<', '<', T_SHL }, { '>', '>', T_SHR },
		};

		for (size_t i = 0; i < sizeof(two) / sizeof(two[0]); i++) {
			if (s[p] == two[i].a && s[p + 1] == two[i].b) {
				lx->tok = two[i].t;
				lx->len = 2;
				lx->pos = p + 2;
				return;
			}
		}
	}
	switch (s[p]) {
	case '<': lx->tok = T_LT; break;
	case '>': lx->tok = T_GT; break;
	case '&': lx->tok = T_BITAND; break;
	case '|': lx->tok = T_BITOR; break;
	case '~': lx->tok = T_TILDE; break;
	case '(': lx->tok = T_LPAREN; break;
	case ')': lx->tok = T_RPAREN; break;
	case ',': lx->tok = T_COMMA; break;
	default: break;
	}
	lx->pos = p + 1;
}

static struct zp_loc tok_loc(const struct lexer *lx)
{
	return text_loc(lx->y, lx->node, lx->start, lx->len ? lx->len : 1);
}

static void expr_error(struct lexer *lx, const char *expected)
{
	struct zp_loc loc = tok_loc(lx);

	if (lx->failed)
		return;
	lx->failed = true;
	if (lx->tok == T_END)
		error_at(lx->y, &loc, "syntax error in '%s': unexpected end, expecting %s", lx->s, expected);
	else
		error_at(lx->y, &loc, "syntax error in '%s': unexpected '%.*s', expecting %s", lx->s,
			 (int)lx->len, lx->s + lx->start, expected);
}

static struct zp_expr *new_expr(struct lexer *lx, enum zp_expr_kind kind, enum zp_op op, struct zp_loc loc)
{
	struct zp_expr *e = NEW(lx->y, struct zp_expr);

	e->kind = kind;
	e->op = op;
	e->loc = loc;
	return e;
}

static struct zp_loc span(struct zp_loc a, struct zp_loc b)
{
	a.end_line = b.end_line;
	a.end_col = b.end_col;
	return a;
}

static struct zp_expr *binary(struct lexer *lx, enum zp_op op, struct zp_expr *l, struct zp_expr *r)
{
	struct zp_expr *e = new_expr(lx, ZP_EXPR_BINARY, op, span(l->loc, r->loc));

	e->lhs = l;
	e->rhs = r;
	return e;
}

static struct zp_expr *parse_or(struct lexer *lx, int depth);

static struct zp_expr *parse_primary(struct lexer *lx, int depth)
{
	struct zp_expr *e;
	struct zp_loc loc = tok_loc(lx);

	if (depth > MAX_DEPTH) {
		if (!lx->failed)
			error_at(lx->y, &loc, "the expression is nested too deeply");
		lx->failed = true;
		return NULL;
	}
	switch (lx->tok) {
	case T_TILDE:
		lex_next(lx);
		e = new_expr(lx, ZP_EXPR_UNARY, ZP_OP_BITNOT, loc);
		e->lhs = parse_primary(lx, depth + 1);
		if (e->lhs == NULL)
			return NULL;
		e->loc = span(loc, e->lhs->loc);
		return e;
	case T_LPAREN:
		lex_next(lx);
		e = parse_or(lx, depth + 1);
		if (e == NULL)
			return NULL;
		if (lx->tok != T_RPAREN) {
			expr_error(lx, "')'");
			return NULL;
		}
		lex_next(lx);
		e->parenthesized = true;
		return e;
	case T_NAME:
		e = new_expr(lx, ZP_EXPR_NAME, ZP_OP_NONE, loc);
		e->name = arena_strndup(lx->y->arena, lx->s + lx->start, lx->len);
		lex_next(lx);
		return e;
	case T_NUMBER: {
		const char *text = arena_strndup(lx->y->arena, lx->s + lx->start, lx->len);
		const char *suffix;

		e = new_expr(lx, ZP_EXPR_NUMBER, ZP_OP_NONE, loc);
		if (!parse_number(lx->y, text, &loc, &e->number, &suffix)) {
			lx->failed = true;
			return NULL;
		}
		if (suffix[0] != '\0') {
			error_at(lx->y, &loc, "a unit ('%s') has no meaning in an expression", suffix);
			lx->failed = true;
			return NULL;
		}
		lex_next(lx);
		return e;
	}
	default:
		expr_error(lx, "a name, a number, '~' or '('");
		return NULL;
	}
}

static struct zp_expr *parse_shift(struct lexer *lx, int depth)
{
	struct zp_expr *e = parse_primary(lx, depth);

	while (e != NULL && (lx->tok == T_SHL || lx->tok == T_SHR)) {
		enum zp_op op = lx->tok == T_SHL ? ZP_OP_SHL : ZP_OP_SHR;
		struct zp_expr *r;

		lex_next(lx);
		r = parse_primary(lx, depth);
		e = r ? binary(lx, op, e, r) : NULL;
	}
	return e;
}

static struct zp_expr *parse_bitand(struct lexer *lx, int depth)
{
	struct zp_expr *e = parse_shift(lx, depth);

	while (e != NULL && lx->tok == T_BITAND) {
		struct zp_expr *r;

		lex_next(lx);
		r = parse_shift(lx, depth);
		e = r ? binary(lx, ZP_OP_BITAND, e, r) : NULL;
	}
	return e;
}

static struct zp_expr *parse_bitor(struct lexer *lx, int depth)
{
	struct zp_expr *e = parse_bitand(lx, depth);

	while (e != NULL && lx->tok == T_BITOR) {
		struct zp_expr *r;

		lex_next(lx);
		r = parse_bitand(lx, depth);
		e = r ? binary(lx, ZP_OP_BITOR, e, r) : NULL;
	}
	return e;
}

static bool is_comparison(enum tok t)
{
	return t == T_EQ || t == T_NE || t == T_LT || t == T_LE || t == T_GT || t == T_GE ||
	       t == T_IN || t == T_NOT_IN;
}

/* Comparisons do not chain (%nonassoc in the grammar). */
static struct zp_expr *parse_comparison(struct lexer *lx, int depth)
{
	static const enum zp_op ops[] = {
		[T_EQ] = ZP_OP_EQ, [T_NE] = ZP_OP_NE, [T_LT] = ZP_OP_LT,
		[T_LE] = ZP_OP_LE, [T_GT] = ZP_OP_GT, [T_GE] = ZP_OP_GE,
	};
	struct zp_expr *e = parse_bitor(lx, depth), *r;
	enum tok t = lx->tok;

	if (e == NULL || !is_comparison(t))
		return e;
	lex_next(lx);
	if (t == T_IN || t == T_NOT_IN) {
		struct zp_expr *in = new_expr(lx, ZP_EXPR_IN, ZP_OP_NONE, e->loc), *item;

		in->lhs = e;
		in->negated = t == T_NOT_IN;
		if (lx->tok != T_LPAREN) {
			expr_error(lx, "'('");
			return NULL;
		}
		do {
			lex_next(lx);
			item = parse_or(lx, depth + 1);
			if (item == NULL)
				return NULL;
			APPEND(struct zp_expr, in->list, item);
		} while (lx->tok == T_COMMA);
		if (lx->tok != T_RPAREN) {
			expr_error(lx, "',' or ')'");
			return NULL;
		}
		in->loc = span(e->loc, tok_loc(lx));
		lex_next(lx);
		r = in;
	} else {
		r = parse_bitor(lx, depth);
		if (r == NULL)
			return NULL;
		r = binary(lx, ops[t], e, r);
	}
	if (is_comparison(lx->tok)) {
		expr_error(lx, "'and', 'or' or the end (comparisons do not chain)");
		return NULL;
	}
	return r;
}

static struct zp_expr *parse_not(struct lexer *lx, int depth)
{
	struct zp_loc loc = tok_loc(lx);
	struct zp_expr *e;

	if (lx->tok != T_NOT)
		return parse_comparison(lx, depth);
	if (depth > MAX_DEPTH) {
		if (!lx->failed)
			error_at(lx->y, &loc, "the expression is nested too deeply");
		lx->failed = true;
		return NULL;
	}
	lex_next(lx);
	e = new_expr(lx, ZP_EXPR_UNARY, ZP_OP_NOT, loc);
	e->lhs = parse_not(lx, depth + 1);
	if (e->lhs == NULL)
		return NULL;
	e->loc = span(loc, e->lhs->loc);
	return e;
}

static struct zp_expr *parse_and(struct lexer *lx, int depth)
{
	struct zp_expr *e = parse_not(lx, depth);

	while (e != NULL && lx->tok == T_AND) {
		struct zp_expr *r;

		lex_next(lx);
		r = parse_not(lx, depth);
		e = r ? binary(lx, ZP_OP_AND, e, r) : NULL;
	}
	return e;
}

static struct zp_expr *parse_or(struct lexer *lx, int depth)
{
	struct zp_expr *e = parse_and(lx, depth);

	while (e != NULL && lx->tok == T_OR) {
		struct zp_expr *r;

		lex_next(lx);
		r = parse_and(lx, depth);
		e = r ? binary(lx, ZP_OP_OR, e, r) : NULL;
	}
	return e;
}

/* Parses scalar N as a whole .zp expression; NULL after an error. */
static struct zp_expr *parse_expression(struct yctx *y, struct ynode *n, const char *what)
{
	struct lexer lx = { .y = y, .node = n };
	struct zp_expr *e;

	if (!want(y, n, Y_SCALAR, what))
		return NULL;
	lx.s = n->text;
	lex_next(&lx);
	e = parse_or(&lx, 0);
	if (e != NULL && lx.tok != T_END) {
		expr_error(&lx, "'and', 'or' or the end");
		e = NULL;
	}
	return e;
}

/* ---- actions and targets ------------------------------------------------------------- */

static const char *const action_words[] = {
	"allow", "kill", "kill-thread", "trap", "log", "errno(...)", NULL,
};

/* Reads an action: allow, kill, kill-thread, trap, log, errno(NAME|N). */
static bool parse_action(struct yctx *y, struct ynode *n, struct zp_action *out, bool report)
{
	static const struct { const char *word; enum zp_action_kind kind; } simple[] = {
		{ "allow", ZP_ALLOW }, { "kill", ZP_KILL }, { "kill-thread", ZP_KILL_THREAD },
		{ "trap", ZP_TRAP }, { "log", ZP_LOG },
	};
	const char *s = n->text;
	size_t p, start, len;
	struct zp_loc loc;

	memset(out, 0, sizeof(*out));
	out->loc = node_loc(y, n);
	for (size_t i = 0; i < sizeof(simple) / sizeof(simple[0]); i++) {
		if (strcmp(s, simple[i].word) == 0) {
			out->kind = simple[i].kind;
			return true;
		}
	}
	if (strncmp(s, "errno", 5) != 0)
		goto bad;
	p = 5;
	while (s[p] == ' ')
		p++;
	if (s[p] != '(')
		goto bad;
	p++;
	while (s[p] == ' ')
		p++;
	start = p;
	if ((len = word_length(s + p)) == 0 && is_digit(s[p]))
		for (len = 0; word_char(s[p + len]) || s[p + len] == '%'; len++)
			;
	if (len == 0)
		goto bad;
	p += len;
	while (s[p] == ' ')
		p++;
	if (s[p] != ')' || s[p + 1] != '\0')
		goto bad;
	out->kind = ZP_ERRNO;
	loc = text_loc(y, n, start, len);
	out->errno_value = NEW(y, struct zp_expr);
	out->errno_value->loc = loc;
	if (is_digit(s[start])) {
		const char *suffix;

		out->errno_value->kind = ZP_EXPR_NUMBER;
		if (!parse_number(y, arena_strndup(y->arena, s + start, len), &loc,
				  &out->errno_value->number, &suffix))
			return false;
		if (suffix[0] != '\0') {
			error_at(y, &loc, "an errno value takes no unit");
			return false;
		}
	} else {
		out->errno_value->kind = ZP_EXPR_NAME;
		out->errno_value->name = arena_strndup(y->arena, s + start, len);
	}
	return true;
bad:
	if (report)
		error_node(y, n, "'%s' is not an action (allow, kill, kill-thread, trap, log, errno(NAME))",
			   s);
	return false;
}

/* System calls and groups: read, "@io", "-ptrace", "-@network". */
static struct zp_target *targets_value(struct yctx *y, struct ynode *n, const char *what)
{
	struct ynode **items;
	size_t count = list_items(y, n, what, &items);
	struct zp_target *head = NULL;

	for (size_t i = 0; i < count; i++) {
		const char *s = items[i]->text;
		struct zp_target *t;
		size_t off = 0;
		bool removed = false;

		if (s[0] == '-') {
			removed = true;
			off = 1;
			while (s[off] == ' ')
				off++;
		}
		if (!(s[off] == '@' ? is_group_name(s + off) : is_word(s + off))) {
			error_node(y, items[i], "'%s' is neither a system call nor a @group", s);
			continue;
		}
		if (removed && head == NULL) {
			error_node(y, items[i], "'%s': the first target cannot be removed ('-')", s);
			continue;
		}
		t = NEW(y, struct zp_target);
		t->removed = removed;
		t->is_group = s[off] == '@';
		t->name = arena_strdup(y->arena, s + off + (t->is_group ? 1 : 0));
		t->loc = text_loc(y, items[i], off, strlen(s + off));
		APPEND(struct zp_target, head, t);
	}
	return head;
}

/* ---- profile statements ---------------------------------------------------------------- */

static struct zp_stmt *new_stmt(struct yctx *y, enum zp_stmt_kind kind, const struct ynode *key)
{
	struct zp_stmt *s = NEW(y, struct zp_stmt);

	s->kind = kind;
	s->loc = node_loc(y, key);
	return s;
}

static struct zp_stmt *rule_stmt(struct yctx *y, struct ynode *item)
{
	struct ynode *action_key = NULL, *cond = NULL;
	struct zp_stmt *s;
	struct zp_action action;

	if (item->kind != Y_MAPPING) {
		error_node(y, item, "a rule must be a mapping such as '{ allow: [read, write] }', not a %s",
			   kind_name(item->kind));
		return NULL;
	}
	for (struct ynode *k = item->items; k != NULL; k = k->next) {
		if (strcmp(k->text, "if") == 0) {
			cond = k;
		} else if (parse_action(y, k, &action, false)) {
			if (action_key != NULL) {
				error_node(y, k, "a rule has one action; '%s' is its second", k->text);
				return NULL;
			}
			action_key = k;
		} else if (strncmp(k->text, "errno", 5) == 0) {
			parse_action(y, k, &action, true);
			return NULL;
		} else {
			static const char *const rule_keys[] = {
				"allow", "kill", "kill-thread", "trap", "log", "errno", "if", NULL,
			};

			unknown_key(y, k, "a rule", rule_keys);
			return NULL;
		}
	}
	if (action_key == NULL) {
		error_node(y, item, "a rule needs an action (%s, %s, %s, %s, %s or %s)", action_words[0],
			   action_words[1], action_words[2], action_words[3], action_words[4],
			   action_words[5]);
		return NULL;
	}
	s = new_stmt(y, ZP_STMT_RULE, action_key);
	parse_action(y, action_key, &s->action, true);
	s->targets = targets_value(y, action_key->value, "a rule's targets");
	if (s->targets == NULL)
		return NULL;
	if (cond != NULL) {
		s->condition = parse_expression(y, cond->value, "a condition");
		if (s->condition == NULL)
			return NULL;
	}
	return s;
}

static struct zp_stmt *filesystem_stmt(struct yctx *y, struct ynode *key)
{
	static const char *const fs_keys[] = { "mode", "read", "write", "execute", "device", "access", NULL };
	static const enum zp_fs_kind kinds[] = { 0, ZP_FS_READ, ZP_FS_WRITE, ZP_FS_EXECUTE, ZP_FS_DEVICE };
	struct zp_stmt *s = new_stmt(y, ZP_STMT_FILESYSTEM, key);

	if (!want(y, key->value, Y_MAPPING, "filesystem"))
		return NULL;
	for (struct ynode *k = key->value->items; k != NULL; k = k->next) {
		int i = key_index(k->text, fs_keys);
		struct zp_fs_rule *r;

		if (i < 0) {
			unknown_key(y, k, "filesystem", fs_keys);
			continue;
		}
		if (i == 0) {
			const char *mode = name_value(y, k->value, "filesystem's mode");

			if (mode != NULL)
				s->words = word_value(y, mode, node_loc(y, k->value));
			continue;
		}
		if (i < 5) {
			r = NEW(y, struct zp_fs_rule);
			r->kind = kinds[i];
			r->loc = node_loc(y, k);
			r->paths = paths_value(y, k->value, arena_printf(y->arena, "filesystem's %s", k->text));
			if (r->paths != NULL)
				APPEND(struct zp_fs_rule, s->fs, r);
			continue;
		}
		if (!want(y, k->value, Y_MAPPING, "filesystem's access (path: [rights])"))
			continue;
		for (struct ynode *p = k->value->items; p != NULL; p = p->next) {
			r = NEW(y, struct zp_fs_rule);
			r->kind = ZP_FS_ACCESS;
			r->loc = node_loc(y, p);
			r->paths = word_value(y, p->text, node_loc(y, p));
			r->rights = words_value(y, p->value, "access rights");
			if (r->rights != NULL)
				APPEND(struct zp_fs_rule, s->fs, r);
		}
	}
	return s;
}

static struct zp_stmt *network_stmt(struct yctx *y, struct ynode *key)
{
	static const char *const net_keys[] = { "namespace", "bind", "connect", NULL };
	struct zp_stmt *s = new_stmt(y, ZP_STMT_NETWORK, key);

	if (!want(y, key->value, Y_MAPPING, "network"))
		return NULL;
	for (struct ynode *k = key->value->items; k != NULL; k = k->next) {
		int i = key_index(k->text, net_keys);
		struct zp_net_rule *r;

		if (i < 0) {
			unknown_key(y, k, "network", net_keys);
			continue;
		}
		if (i == 0) {
			const char *mode = name_value(y, k->value, "network's namespace");

			if (mode == NULL)
				continue;
			r = NEW(y, struct zp_net_rule);
			r->kind = ZP_NET_NAMESPACE;
			r->loc = node_loc(y, k);
			r->word = word_value(y, mode, node_loc(y, k->value));
			APPEND(struct zp_net_rule, s->net, r);
			continue;
		}
		if (!want(y, k->value, Y_MAPPING, arena_printf(y->arena, "network's %s (tcp: [ports])",
							      k->text)))
			continue;
		for (struct ynode *p = k->value->items; p != NULL; p = p->next) {
			struct ynode **items;
			size_t count;

			if (!is_word(p->text)) {
				error_node(y, p, "'%s' is not a name (a protocol)", p->text);
				continue;
			}
			r = NEW(y, struct zp_net_rule);
			r->kind = i == 1 ? ZP_NET_BIND : ZP_NET_CONNECT;
			r->loc = node_loc(y, k);
			r->word = word_value(y, p->text, node_loc(y, p));
			count = list_items(y, p->value, "ports", &items);
			for (size_t j = 0; j < count; j++) {
				struct zp_value *v = port_value(y, items[j]);

				if (v != NULL)
					APPEND(struct zp_value, r->ports, v);
			}
			if (r->ports != NULL)
				APPEND(struct zp_net_rule, s->net, r);
		}
	}
	return s;
}

static struct zp_stmt *limits_stmt(struct yctx *y, struct ynode *key)
{
	struct zp_stmt *s = new_stmt(y, ZP_STMT_LIMITS, key);

	if (!want(y, key->value, Y_MAPPING, "limits"))
		return NULL;
	for (struct ynode *k = key->value->items; k != NULL; k = k->next) {
		struct zp_setting *set;
		struct zp_value *v;

		if (!is_word(k->text)) {
			error_node(y, k, "'%s' is not a name (a limit)", k->text);
			continue;
		}
		v = limit_value(y, k->value);
		if (v == NULL)
			continue;
		set = NEW(y, struct zp_setting);
		set->name = word_value(y, k->text, node_loc(y, k));
		set->value = v;
		set->loc = node_loc(y, k);
		APPEND(struct zp_setting, s->settings, set);
	}
	return s;
}

enum profile_key {
	PK_EXTENDS, PK_DESCRIPTION, PK_UNSAFE, PK_ARCH, PK_DEFAULT, PK_RULES,
	PK_FILESYSTEM, PK_NETWORK, PK_SCOPE, PK_LIMITS, PK_CAPABILITIES,
};

static const char *const profile_keys[] = {
	[PK_EXTENDS] = "extends", [PK_DESCRIPTION] = "description", [PK_UNSAFE] = "unsafe",
	[PK_ARCH] = "arch", [PK_DEFAULT] = "default", [PK_RULES] = "rules",
	[PK_FILESYSTEM] = "filesystem", [PK_NETWORK] = "network", [PK_SCOPE] = "scope",
	[PK_LIMITS] = "limits", [PK_CAPABILITIES] = "capabilities", NULL,
};

static struct zp_stmt *profile_stmt(struct yctx *y, struct zp_profile *p, struct ynode *k)
{
	struct zp_stmt *s = NULL;
	int index = key_index(k->text, profile_keys);

	if (index < 0) {
		unknown_key(y, k, "a profile", profile_keys);
		return NULL;
	}
	switch ((enum profile_key)index) {
	case PK_EXTENDS:
		p->parent = name_value(y, k->value, "extends");
		if (p->parent != NULL)
			p->parent_loc = node_loc(y, k->value);
		return NULL;
	case PK_DESCRIPTION:
	case PK_UNSAFE:
		if (!want(y, k->value, Y_SCALAR, k->text))
			return NULL;
		s = new_stmt(y, k->text[0] == 'd' ? ZP_STMT_DESCRIPTION : ZP_STMT_UNSAFE, k);
		s->text = k->value->text;
		return s;
	case PK_ARCH:
	case PK_SCOPE:
	case PK_CAPABILITIES:
		s = new_stmt(y, k->text[0] == 'a' ? ZP_STMT_ARCH : k->text[0] == 's' ? ZP_STMT_SCOPE
										      : ZP_STMT_CAPABILITIES, k);
		s->words = words_value(y, k->value, k->text);
		return s->words ? s : NULL;
	case PK_DEFAULT:
		if (!want(y, k->value, Y_SCALAR, "default"))
			return NULL;
		s = new_stmt(y, ZP_STMT_DEFAULT, k);
		return parse_action(y, k->value, &s->action, true) ? s : NULL;
	case PK_RULES:
		/* handled by the caller: one statement per rule */
		return NULL;
	case PK_FILESYSTEM:
		return filesystem_stmt(y, k);
	case PK_NETWORK:
		return network_stmt(y, k);
	case PK_LIMITS:
		return limits_stmt(y, k);
	}
	return NULL;
}

static void read_profile(struct yctx *y, struct ynode *key)
{
	struct zp_profile *p;

	if (!is_word(key->text)) {
		error_node(y, key, "'%s' is not a name (a profile)", key->text);
		return;
	}
	p = NEW(y, struct zp_profile);
	p->name = key->text;
	p->loc = node_loc(y, key);
	if (is_null(key->value)) {
		APPEND(struct zp_profile, y->file->profiles, p);
		return;
	}
	if (!want(y, key->value, Y_MAPPING, arena_printf(y->arena, "profile '%s'", key->text)))
		return;
	for (struct ynode *k = key->value->items; k != NULL; k = k->next) {
		struct zp_stmt *s;

		if (strcmp(k->text, "rules") == 0) {
			if (!want(y, k->value, Y_SEQUENCE, "rules"))
				continue;
			for (struct ynode *item = k->value->items; item != NULL; item = item->next)
				if ((s = rule_stmt(y, item)) != NULL)
					APPEND(struct zp_stmt, p->stmts, s);
			continue;
		}
		if ((s = profile_stmt(y, p, k)) != NULL)
			APPEND(struct zp_stmt, p->stmts, s);
	}
	APPEND(struct zp_profile, y->file->profiles, p);
}

/* ---- the top level ---------------------------------------------------------------------- */

static void read_includes(struct yctx *y, struct ynode *n)
{
	struct ynode **items;
	size_t count = list_items(y, n, "include", &items);

	for (size_t i = 0; i < count; i++) {
		struct zp_include *inc = NEW(y, struct zp_include);

		inc->path = items[i]->text;
		inc->loc = node_loc(y, items[i]);
		APPEND(struct zp_include, y->file->includes, inc);
	}
}

static void read_defines(struct yctx *y, struct ynode *n)
{
	if (!want(y, n, Y_MAPPING, "define"))
		return;
	for (struct ynode *k = n->items; k != NULL; k = k->next) {
		struct zp_define *def;
		struct zp_expr *value;

		if (!is_word(k->text)) {
			error_node(y, k, "'%s' is not a name (a define)", k->text);
			continue;
		}
		value = parse_expression(y, k->value, "a define's value");
		if (value == NULL)
			continue;
		def = NEW(y, struct zp_define);
		def->name = k->text;
		def->value = value;
		def->loc = node_loc(y, k);
		APPEND(struct zp_define, y->file->defines, def);
	}
}

static void read_groups(struct yctx *y, struct ynode *n)
{
	if (!want(y, n, Y_MAPPING, "groups"))
		return;
	for (struct ynode *k = n->items; k != NULL; k = k->next) {
		struct zp_group *g;
		struct zp_target *members;

		if (!is_group_name(k->text)) {
			error_node(y, k, "'%s' is not a group name (@ and lowercase letters, digits, _ or -)",
				   k->text);
			continue;
		}
		members = targets_value(y, k->value, "a group's members");
		if (members == NULL)
			continue;
		g = NEW(y, struct zp_group);
		g->name = k->text + 1;
		g->members = members;
		g->loc = node_loc(y, k);
		APPEND(struct zp_group, y->file->groups, g);
	}
}

static void read_file(struct yctx *y, struct ynode *root)
{
	static const char *const top_keys[] = { "include", "define", "groups", "profiles", NULL };

	if (root == NULL || is_null(root))
		return;
	if (root->kind != Y_MAPPING) {
		error_node(y, root, "a profile file is a mapping of include, define, groups and profiles, "
			   "not a %s", kind_name(root->kind));
		return;
	}
	for (struct ynode *k = root->items; k != NULL; k = k->next) {
		switch (key_index(k->text, top_keys)) {
		case 0:
			read_includes(y, k->value);
			break;
		case 1:
			read_defines(y, k->value);
			break;
		case 2:
			read_groups(y, k->value);
			break;
		case 3:
			if (!want(y, k->value, Y_MAPPING, "profiles"))
				break;
			for (struct ynode *p = k->value->items; p != NULL; p = p->next)
				read_profile(y, p);
			break;
		default:
			unknown_key(y, k, "the file", top_keys);
			break;
		}
	}
}

struct zp_file *yaml_parse_source(struct arena *a, struct diags *d, const struct zp_source *src)
{
	struct yctx y = { .arena = a, .diags = d, .src = src };

	y.file = arena_alloc(a, sizeof(*y.file));
	y.file->src = src;
	if (!yaml_parser_initialize(&y.parser)) {
		fputs("zvizc: cannot start the YAML parser\n", stderr);
		y.file->syntax_errors = 1;
		return y.file;
	}
	yaml_parser_set_input_string(&y.parser, (const unsigned char *)src->text, src->len);
	read_file(&y, read_document(&y));
	yaml_parser_delete(&y.parser);
	y.file->syntax_errors = y.errors;
	return y.file;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

bool yaml_path_is_yaml(const char *path)
{
	return path != NULL && (ends_with(path, ".yaml") || ends_with(path, ".yml"));
}

struct zp_file *parse_any_source(struct arena *a, struct diags *d, const struct zp_source *src)
{
	if (yaml_path_is_yaml(src->path))
		return yaml_parse_source(a, d, src);
	return zp_parse_source(a, d, src);
}
