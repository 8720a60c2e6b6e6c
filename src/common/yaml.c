/* yaml.c -- libyaml events into a jansson tree, with each node's line. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "common/atomic.h"
#include "common/yaml.h"

struct line_slot {
	const json_t *node;	/* NULL: empty */
	unsigned long line;
};

struct ck_yaml_doc {
	char *name;
	json_t *root;
	struct line_slot *slots;
	size_t cap;		/* power of two */
	size_t used;
};

/* One open mapping or sequence.  A mapping holds its pending key until
 * the value arrives. */
struct frame {
	json_t *node;		/* borrowed: the parent (or root) owns it */
	char *key;		/* malloc'd, or NULL if no key is pending */
};

struct loader {
	struct ck_yaml_doc *doc;
	const char *buf;
	size_t len;
	struct frame stack[CK_YAML_MAX_DEPTH];
	size_t depth;
	size_t nodes;
	int have_root;
	locale_t c_locale;
	struct ck_error *err;
};

static size_t
slot_hash(const json_t *p, size_t cap)
{
	/* Fibonacci hashing: pointers are aligned, so their low bits carry
	 * nothing; the multiply spreads the high ones. */
	uint64_t h = (uint64_t)(uintptr_t)p * UINT64_C(0x9E3779B97F4A7C15);

	return (size_t)(h >> 32) & (cap - 1);
}

static int
line_put(struct ck_yaml_doc *doc, const json_t *node, unsigned long line)
{
	size_t i;

	if ((doc->used + 1) * 2 > doc->cap) {
		struct line_slot *old = doc->slots, *ns;
		size_t oldcap = doc->cap, ncap = oldcap ? oldcap * 2 : 64, j;

		ns = calloc(ncap, sizeof(*ns));
		if (ns == NULL)
			return -1;
		for (j = 0; j < oldcap; j++) {
			if (old[j].node == NULL)
				continue;
			i = slot_hash(old[j].node, ncap);
			while (ns[i].node != NULL)
				i = (i + 1) & (ncap - 1);
			ns[i] = old[j];
		}
		free(old);
		doc->slots = ns;
		doc->cap = ncap;
	}
	i = slot_hash(node, doc->cap);
	while (doc->slots[i].node != NULL && doc->slots[i].node != node)
		i = (i + 1) & (doc->cap - 1);
	if (doc->slots[i].node == NULL)
		doc->used++;
	doc->slots[i].node = node;
	doc->slots[i].line = line;
	return 0;
}

unsigned long
ck_yaml_line(const struct ck_yaml_doc *doc, const json_t *node)
{
	size_t i;

	if (doc == NULL || node == NULL || doc->cap == 0)
		return 0;
	i = slot_hash(node, doc->cap);
	while (doc->slots[i].node != NULL) {
		if (doc->slots[i].node == node)
			return doc->slots[i].line;
		i = (i + 1) & (doc->cap - 1);
	}
	return 0;
}

json_t *
ck_yaml_root(const struct ck_yaml_doc *doc)
{
	return doc->root;
}

const char *
ck_yaml_name(const struct ck_yaml_doc *doc)
{
	return doc->name;
}

void
ck_yaml_free(struct ck_yaml_doc *doc)
{
	if (doc == NULL)
		return;
	json_decref(doc->root);
	free(doc->slots);
	free(doc->name);
	free(doc);
}

static int
fail_at(struct loader *ld, const yaml_mark_t *m, int errnum,
	const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
fail_at(struct loader *ld, const yaml_mark_t *m, int errnum,
	const char *fmt, ...)
{
	char what[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return ck_error_set(ld->err, errnum, "%s:%lu:%lu: %s", ld->doc->name,
			    (unsigned long)m->line + 1,
			    (unsigned long)m->column + 1, what);
}

/* YAML 1.2.2 section 10.3.2, core schema: which plain scalars are not
 * strings. */
static int
is_null(const char *s)
{
	return *s == '\0' || !strcmp(s, "~") || !strcmp(s, "null") ||
	       !strcmp(s, "Null") || !strcmp(s, "NULL");
}

static int
is_bool(const char *s, int *val)
{
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) {
		*val = 1;
		return 1;
	}
	if (!strcmp(s, "false") || !strcmp(s, "False") ||
	    !strcmp(s, "FALSE")) {
		*val = 0;
		return 1;
	}
	return 0;
}

static int
all_digits(const char *s, const char *set)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (strchr(set, *s) == NULL)
			return 0;
	return 1;
}

/* 1 if s is an int of the core schema (range checked in *range_ok). */
static int
is_int(const char *s, json_int_t *val, int *range_ok)
{
	unsigned long long u;
	char *end;
	int base = 10;
	const char *digits = s;

	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		digits = s + 2;
		if (!all_digits(digits, "0123456789abcdefABCDEF"))
			return 0;
	} else if (s[0] == '0' && s[1] == 'o') {
		base = 8;
		digits = s + 2;
		if (!all_digits(digits, "01234567"))
			return 0;
	} else {
		const char *d = (*s == '-' || *s == '+') ? s + 1 : s;

		if (!all_digits(d, "0123456789"))
			return 0;
	}
	errno = 0;
	if (base == 10) {
		long long v = strtoll(s, &end, 10);

		*range_ok = errno != ERANGE;
		*val = (json_int_t)v;
		return 1;
	}
	u = strtoull(digits, &end, base);
	*range_ok = errno != ERANGE && u <= (unsigned long long)LLONG_MAX;
	*val = (json_int_t)u;
	return 1;
}

/* [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )? */
static int
is_float(const char *s)
{
	size_t intd = 0, fracd = 0;

	if (*s == '-' || *s == '+')
		s++;
	while (*s >= '0' && *s <= '9') {
		s++;
		intd++;
	}
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9') {
			s++;
			fracd++;
		}
		if (intd == 0 && fracd == 0)
			return 0;
	} else if (intd == 0) {
		return 0;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

enum want {
	WANT_ANY,		/* plain, untagged: resolve by the schema */
	WANT_STR,
	WANT_NULL,
	WANT_BOOL,
	WANT_INT,
	WANT_FLOAT
};

#define TAG_PREFIX "tag:yaml.org,2002:"

static int
scalar_want(const yaml_event_t *ev, enum want *w)
{
	const char *tag = (const char *)ev->data.scalar.tag;

	if (tag == NULL) {
		*w = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ?
		     WANT_ANY : WANT_STR;
		return 0;
	}
	if (!strcmp(tag, "!") || !strcmp(tag, TAG_PREFIX "str"))
		*w = WANT_STR;
	else if (!strcmp(tag, TAG_PREFIX "null"))
		*w = WANT_NULL;
	else if (!strcmp(tag, TAG_PREFIX "bool"))
		*w = WANT_BOOL;
	else if (!strcmp(tag, TAG_PREFIX "int"))
		*w = WANT_INT;
	else if (!strcmp(tag, TAG_PREFIX "float"))
		*w = WANT_FLOAT;
	else
		return -1;
	return 0;
}

/* A new reference for the scalar, or NULL with ld->err set. */
static json_t *
make_scalar(struct loader *ld, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const yaml_mark_t *m = &ev->start_mark;
	enum want w;
	json_int_t iv;
	int bv, range_ok;
	json_t *v;

	if (scalar_want(ev, &w) < 0) {
		fail_at(ld, m, 0, "unsupported tag '%.64s'",
			(const char *)ev->data.scalar.tag);
		return NULL;
	}
	/* An escaped NUL can only be in a string. */
	if (w == WANT_ANY && strlen(s) != n)
		w = WANT_STR;
	else if (w != WANT_STR && strlen(s) != n)
		goto mismatch;
	if ((w == WANT_ANY || w == WANT_NULL) && is_null(s))
		return json_null();
	if ((w == WANT_ANY || w == WANT_BOOL) && is_bool(s, &bv))
		return json_boolean(bv);
	if ((w == WANT_ANY || w == WANT_INT) && is_int(s, &iv, &range_ok)) {
		if (!range_ok) {
			fail_at(ld, m, ERANGE, "integer out of range");
			return NULL;
		}
		v = json_integer(iv);
		goto made;
	}
	if ((w == WANT_ANY || w == WANT_FLOAT) && is_float(s)) {
		/* The schema's decimal point is '.', whatever LC_NUMERIC
		 * the tool runs under. */
		locale_t old = uselocale(ld->c_locale);
		double d = strtod(s, NULL);

		uselocale(old);
		if (!isfinite(d)) {
			fail_at(ld, m, ERANGE, "number out of range");
			return NULL;
		}
		v = json_real(d);
		goto made;
	}
	if (w != WANT_ANY && w != WANT_STR) {
mismatch:
		fail_at(ld, m, 0, "value does not match its tag '%.64s'",
			(const char *)ev->data.scalar.tag);
		return NULL;
	}
	/* .inf and .nan stay strings: JSON has no such numbers, and RFC
	 * 8785 refuses them. */
	v = json_stringn(s, n);
made:
	if (v == NULL)
		fail_at(ld, m, ENOMEM, "out of memory");
	return v;
}

/* Attaches v (a new reference, consumed) where the open container wants
 * it, or makes it the root. */
static int
attach(struct loader *ld, json_t *v, const yaml_mark_t *m)
{
	struct frame *f;
	int rc;

	if (line_put(ld->doc, v, (unsigned long)m->line + 1) < 0) {
		json_decref(v);
		return fail_at(ld, m, ENOMEM, "out of memory");
	}
	if (ld->depth == 0) {
		ld->doc->root = v;
		ld->have_root = 1;
		return 0;
	}
	f = &ld->stack[ld->depth - 1];
	if (json_is_array(f->node)) {
		rc = json_array_append_new(f->node, v);
	} else {
		rc = json_object_set_new(f->node, f->key, v);
		free(f->key);
		f->key = NULL;
	}
	if (rc < 0)
		return fail_at(ld, m, ENOMEM, "out of memory");
	return 0;
}

static int
count_node(struct loader *ld, const yaml_mark_t *m)
{
	if (++ld->nodes > CK_YAML_MAX_NODES)
		return fail_at(ld, m, 0, "more than %u nodes",
			       (unsigned)CK_YAML_MAX_NODES);
	return 0;
}

/* 1 if the open container is a mapping waiting for a key. */
static int
wants_key(const struct loader *ld)
{
	const struct frame *f;

	if (ld->depth == 0)
		return 0;
	f = &ld->stack[ld->depth - 1];
	return json_is_object(f->node) && f->key == NULL;
}

static int
on_scalar(struct loader *ld, const yaml_event_t *ev)
{
	const yaml_mark_t *m = &ev->start_mark;
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	struct frame *f;
	json_t *v;

	if (count_node(ld, m) < 0)
		return -1;
	if (wants_key(ld)) {
		f = &ld->stack[ld->depth - 1];
		if (strlen(s) != n)
			return fail_at(ld, m, 0, "key contains a NUL byte");
		if (json_object_get(f->node, s) != NULL)
			return fail_at(ld, m, 0, "duplicate key '%.64s'", s);
		f->key = strdup(s);
		if (f->key == NULL)
			return fail_at(ld, m, ENOMEM, "out of memory");
		return 0;
	}
	v = make_scalar(ld, ev);
	if (v == NULL)
		return -1;
	return attach(ld, v, m);
}

static int
on_start(struct loader *ld, const yaml_event_t *ev, int mapping)
{
	const yaml_mark_t *m = &ev->start_mark;
	const char *tag = (const char *)(mapping ?
		ev->data.mapping_start.tag : ev->data.sequence_start.tag);
	json_t *v;

	if (count_node(ld, m) < 0)
		return -1;
	if (wants_key(ld))
		return fail_at(ld, m, 0, "mapping keys must be scalars");
	if (tag != NULL && strcmp(tag, "!") != 0 &&
	    strcmp(tag, mapping ? TAG_PREFIX "map" : TAG_PREFIX "seq") != 0)
		return fail_at(ld, m, 0, "unsupported tag '%.64s'", tag);
	if (ld->depth >= CK_YAML_MAX_DEPTH)
		return fail_at(ld, m, 0, "nested deeper than %u levels",
			       (unsigned)CK_YAML_MAX_DEPTH);
	v = mapping ? json_object() : json_array();
	if (v == NULL)
		return fail_at(ld, m, ENOMEM, "out of memory");
	if (attach(ld, v, m) < 0)
		return -1;
	ld->stack[ld->depth].node = v;
	ld->stack[ld->depth].key = NULL;
	ld->depth++;
	return 0;
}

/* libyaml's own errors carry a problem, a mark and a context. */
static int
parser_error(struct loader *ld, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "malformed YAML";
	unsigned long line = 1, col = 1;
	size_t i;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return ck_error_set(ld->err, ENOMEM, "%s: out of memory",
				    ld->doc->name);
	case YAML_READER_ERROR:
		/* Reader marks are byte offsets; count lines ourselves. */
		for (i = 0; i < p->problem_offset && i < ld->len; i++) {
			if (ld->buf[i] == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)ld->buf[i] & 0xC0) != 0x80) {
				col++;
			}
		}
		if (p->problem_value != -1)
			return ck_error_set(ld->err, 0,
					    "%s:%lu:%lu: %s (byte 0x%02X)",
					    ld->doc->name, line, col, problem,
					    (unsigned)p->problem_value & 0xFF);
		return ck_error_set(ld->err, 0, "%s:%lu:%lu: %s",
				    ld->doc->name, line, col, problem);
	default:
		break;
	}
	if (p->context != NULL)
		return ck_error_set(ld->err, 0, "%s:%lu:%lu: %s (%s)",
				    ld->doc->name,
				    (unsigned long)p->problem_mark.line + 1,
				    (unsigned long)p->problem_mark.column + 1,
				    problem, p->context);
	return ck_error_set(ld->err, 0, "%s:%lu:%lu: %s", ld->doc->name,
			    (unsigned long)p->problem_mark.line + 1,
			    (unsigned long)p->problem_mark.column + 1,
			    problem);
}

/* Feeds every event to the tree; 0 at the end of the stream. */
static int
run(struct loader *ld, yaml_parser_t *p)
{
	yaml_event_t ev;
	int docs = 0, rc = 0, done = 0;

	while (!done && rc == 0) {
		if (!yaml_parser_parse(p, &ev))
			return parser_error(ld, p);
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			/* A second document would be silently ignored by
			 * a reader that takes the first: refuse it, so
			 * that no rule is dropped unseen. */
			if (++docs > 1)
				rc = fail_at(ld, &ev.start_mark, 0,
					     "more than one document");
			break;
		case YAML_ALIAS_EVENT:
			rc = fail_at(ld, &ev.start_mark, 0,
				     "aliases are not allowed (they can "
				     "expand exponentially: billion laughs)");
			break;
		case YAML_SCALAR_EVENT:
			if (ev.data.scalar.anchor != NULL)
				goto anchor;
			rc = on_scalar(ld, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			if (ev.data.sequence_start.anchor != NULL)
				goto anchor;
			rc = on_start(ld, &ev, 0);
			break;
		case YAML_MAPPING_START_EVENT:
			if (ev.data.mapping_start.anchor != NULL)
				goto anchor;
			rc = on_start(ld, &ev, 1);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (ld->depth > 0) {
				ld->depth--;
				free(ld->stack[ld->depth].key);
				ld->stack[ld->depth].key = NULL;
			}
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		continue;
anchor:
		rc = fail_at(ld, &ev.start_mark, 0,
			     "anchors are not allowed (aliases to them can "
			     "expand exponentially: billion laughs)");
		yaml_event_delete(&ev);
	}
	return rc;
}

struct ck_yaml_doc *
ck_yaml_load_buf(const char *buf, size_t len, const char *name,
		 struct ck_error *err)
{
	struct loader *ld;
	struct ck_yaml_doc *doc;
	yaml_parser_t parser;
	size_t i;
	int rc;

	/* The loader holds a 64-frame stack: keep it off the caller's. */
	ld = calloc(1, sizeof(*ld));
	doc = calloc(1, sizeof(*doc));
	if (ld == NULL || doc == NULL)
		goto nomem;
	doc->name = strdup(name != NULL ? name : "<yaml>");
	if (doc->name == NULL)
		goto nomem;
	ld->doc = doc;
	ld->buf = buf;
	ld->len = len;
	ld->err = err;
	ld->c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (ld->c_locale == (locale_t)0)
		goto nomem;
	if (!yaml_parser_initialize(&parser)) {
		freelocale(ld->c_locale);
		goto nomem;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	rc = run(ld, &parser);
	yaml_parser_delete(&parser);
	freelocale(ld->c_locale);
	for (i = 0; i < ld->depth; i++)
		free(ld->stack[i].key);
	if (rc == 0 && !ld->have_root) {
		/* An empty stream: the document is null. */
		doc->root = json_null();
		if (line_put(doc, doc->root, 1) < 0)
			rc = ck_error_set(err, ENOMEM, "%s: out of memory",
					  doc->name);
	}
	free(ld);
	if (rc < 0) {
		ck_yaml_free(doc);
		return NULL;
	}
	return doc;
nomem:
	free(ld);
	ck_yaml_free(doc);
	ck_error_set(err, ENOMEM, "%s: out of memory",
		     name != NULL ? name : "<yaml>");
	return NULL;
}

struct ck_yaml_doc *
ck_yaml_load_file(const char *path, struct ck_error *err)
{
	struct ck_yaml_doc *doc;
	char *buf;
	size_t len;

	if (ck_read_file(path, CK_YAML_MAX_FILE, &buf, &len, err) < 0)
		return NULL;
	doc = ck_yaml_load_buf(buf, len, path, err);
	free(buf);
	return doc;
}
