/* canonfast.c -- canonical JSON straight from text (see canonfast.h). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/canon.h"
#include "common/canonfast.h"
#include "common/plainrun.h"
#include "common/utf8.h"

#define FAST_MAX_DEPTH 64
#define FAST_MAX_MEMBERS CK_CANON_TOP_MAX

struct ck_canon_fast_member {
	const char *key;	/* in the input: keys have no escapes */
	size_t klen;
	size_t val, vlen;	/* canonical value text in out */
};

struct parse {
	const char *s;
	size_t n, i;
	int depth;
	struct ck_canon_fast *f;
};

/* Results inside the parser: go on, not sure, out of memory. */
enum { OK = 1, UNSURE = 0, NOMEM = -1 };

/* Key bytes taken without a second look: printable ASCII but '"' and
 * '\\', so byte order is UTF-16 code unit order. */
#define key_byte(c) ((c) >= 0x20 && (c) < 0x7f && (c) != '"' && (c) != '\\')

void
ck_canon_fast_init(struct ck_canon_fast *f)
{
	memset(f, 0, sizeof *f);
}

void
ck_canon_fast_release(struct ck_canon_fast *f)
{
	ck_buf_release(&f->out);
	ck_buf_release(&f->tmp);
	free(f->m);
	memset(f, 0, sizeof *f);
}

static void
skip_ws(struct parse *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
			       p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
}

static int
put(struct parse *p, const void *b, size_t n)
{
	return ck_buf_append(&p->f->out, b, n) < 0 ? NOMEM : OK;
}

/* One code point from a \u escape, written as canon.c writes it: the
 * short escapes, \u00xx for other controls, '"' and '\\' escaped, the
 * rest as UTF-8. */
static int
put_cp(struct parse *p, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		return ck_json_append_escaped(&p->f->out, b, 1) < 0 ? NOMEM
								   : OK;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return put(p, b, n);
}

/* The escape at p->i (after its '\\'). */
static int
escape(struct parse *p)
{
	uint32_t cp, lo;
	const char *s = p->s;

	if (p->i >= p->n)
		return UNSURE;
	switch (s[p->i]) {
	case '"': p->i++; return put(p, "\\\"", 2);
	case '\\': p->i++; return put(p, "\\\\", 2);
	case '/': p->i++; return put(p, "/", 1);
	case 'b': p->i++; return put(p, "\\b", 2);
	case 'f': p->i++; return put(p, "\\f", 2);
	case 'n': p->i++; return put(p, "\\n", 2);
	case 'r': p->i++; return put(p, "\\r", 2);
	case 't': p->i++; return put(p, "\\t", 2);
	case 'u':
		break;
	default:
		return UNSURE;
	}
	if (p->n - p->i < 5 || !ck_utf8_hex4(s + p->i + 1, &cp))
		return UNSURE;
	p->i += 5;
	/* jansson refuses \u0000 without JSON_ALLOW_NUL, and a lone
	 * surrogate: let it say so. */
	if (cp == 0 || (cp >= 0xdc00 && cp <= 0xdfff))
		return UNSURE;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (p->n - p->i < 6 || s[p->i] != '\\' || s[p->i + 1] != 'u' ||
		    !ck_utf8_hex4(s + p->i + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
			return UNSURE;
		p->i += 6;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	return put_cp(p, cp);
}

/* A string value at p->i ('"'), written canonically. */
static int
string(struct parse *p)
{
	const unsigned char *s = (const unsigned char *)p->s;
	size_t run;
	int r;

	p->i++;
	if (put(p, "\"", 1) < 0)
		return NOMEM;
	for (;;) {
		run = p->i;
		p->i = ck_plain_run(s, p->i, p->n);
		if (p->i > run && put(p, s + run, p->i - run) < 0)
			return NOMEM;
		if (p->i >= p->n)
			return UNSURE;
		if (s[p->i] == '"') {
			p->i++;
			return put(p, "\"", 1);
		}
		if (s[p->i] == '\\') {
			p->i++;
			if ((r = escape(p)) != OK)
				return r;
			continue;
		}
		if (s[p->i] < 0x20)
			return UNSURE;	/* a raw control: not JSON */
		/* UTF-8, copied as it is once it is known valid */
		{
			int l = ck_utf8_seqlen(s + p->i, p->n - p->i);

			if (l == 0)
				return UNSURE;
			if (put(p, s + p->i, (size_t)l) < 0)
				return NOMEM;
			p->i += (size_t)l;
		}
	}
}

/* A real (a fraction or an exponent) from p->s[start..], its integer
 * part read up to p->i: as jansson reads it (strtod) and canon.c writes
 * it (ck_canon_number).  Not sure when it does not end where the JSON
 * grammar says, is too long, or is out of range (jansson refuses an
 * overflow; an underflow is left to it too). */
static int
real(struct parse *p, size_t start)
{
	const char *s = p->s;
	char text[64], num[32], *end;
	size_t len;
	double v;
	int saved = errno;

#define DIGIT(c) ((c) >= '0' && (c) <= '9')
	if (p->i < p->n && s[p->i] == '.') {
		if (++p->i >= p->n || !DIGIT(s[p->i]))
			return UNSURE;
		while (p->i < p->n && DIGIT(s[p->i]))
			p->i++;
	}
	if (p->i < p->n && (s[p->i] == 'e' || s[p->i] == 'E')) {
		if (++p->i < p->n && (s[p->i] == '+' || s[p->i] == '-'))
			p->i++;
		if (p->i >= p->n || !DIGIT(s[p->i]))
			return UNSURE;
		while (p->i < p->n && DIGIT(s[p->i]))
			p->i++;
	}
#undef DIGIT
	len = p->i - start;
	if (len >= sizeof text)
		return UNSURE;
	memcpy(text, s + start, len);
	text[len] = '\0';
	errno = 0;
	v = strtod(text, &end);
	/* a locale whose radix is not '.' stops strtod early: not sure */
	if (end != text + len || errno == ERANGE || ck_canon_number(v, num) < 0) {
		errno = saved;
		return UNSURE;
	}
	errno = saved;
	return put(p, num, strlen(num));
}

/* Integers of 1 to 15 digits: exact as doubles, so canon.c writes the
 * digits themselves.  Reals when f->reals is set (see real()).  Longer
 * integers and -0 are not sure. */
static int
number(struct parse *p)
{
	size_t start = p->i, d;

	if (p->s[p->i] == '-')
		p->i++;
	d = p->i;
	if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
		return UNSURE;
	if (p->s[p->i] == '0') {
		p->i++;
	} else {
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
	}
	if (p->i < p->n && (p->s[p->i] == '.' || p->s[p->i] == 'e' ||
			    p->s[p->i] == 'E'))
		return p->f->reals ? real(p, start) : UNSURE;
	if (d > start && p->s[d] == '0')
		return UNSURE;	/* -0 is written 0 */
	if (p->i - d > 15)
		return UNSURE;
	return put(p, p->s + start, p->i - start);
}

static int
literal(struct parse *p, const char *w, size_t l)
{
	if (p->n - p->i < l || memcmp(p->s + p->i, w, l) != 0)
		return UNSURE;
	p->i += l;
	return put(p, w, l);
}

static int value(struct parse *p);

static int
array(struct parse *p)
{
	int r;

	if (++p->depth > FAST_MAX_DEPTH)
		return UNSURE;
	p->i++;
	if (put(p, "[", 1) < 0)
		return NOMEM;
	skip_ws(p);
	if (p->i < p->n && p->s[p->i] == ']') {
		p->i++;
		p->depth--;
		return put(p, "]", 1);
	}
	for (;;) {
		if ((r = value(p)) != OK)
			return r;
		skip_ws(p);
		if (p->i >= p->n)
			return UNSURE;
		if (p->s[p->i] == ']') {
			p->i++;
			p->depth--;
			return put(p, "]", 1);
		}
		if (p->s[p->i] != ',')
			return UNSURE;
		p->i++;
		if (put(p, ",", 1) < 0)
			return NOMEM;
		skip_ws(p);
	}
}

static int
key_cmp(const struct ck_canon_fast_member *a,
	const struct ck_canon_fast_member *b)
{
	size_t n = a->klen < b->klen ? a->klen : b->klen;
	int r = memcmp(a->key, b->key, n);

	if (r != 0)
		return r;
	return a->klen < b->klen ? -1 : a->klen > b->klen;
}

/* The members m[0..n) sorted by key (insertion sort: objects here are
 * small), or UNSURE on a duplicate key (jansson reports it). */
static int
sort_members(struct ck_canon_fast_member *m, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct ck_canon_fast_member t = m[i];
		int c = 1;

		for (j = i; j > 0 && (c = key_cmp(&m[j - 1], &t)) > 0; j--)
			m[j] = m[j - 1];
		if (j > 0 && c == 0)
			return UNSURE;
		m[j] = t;
	}
	return OK;
}

/* Writes the object whose member values were written from `base` on,
 * sorted by key, in place of those values. */
static int
assemble(struct parse *p, size_t base, size_t mbase, int top)
{
	struct ck_canon_fast *f = p->f;
	struct ck_canon_fast_member *m = f->m + mbase;
	size_t n = f->mlen - mbase, k, at;

	if (sort_members(m, n) != OK)
		return UNSURE;
	ck_buf_reset(&f->tmp);
	if (ck_buf_append_char(&f->tmp, '{') < 0)
		return NOMEM;
	for (k = 0; k < n; k++) {
		if (k > 0 && ck_buf_append_char(&f->tmp, ',') < 0)
			return NOMEM;
		at = f->tmp.len;
		if (ck_buf_append_char(&f->tmp, '"') < 0 ||
		    ck_buf_append(&f->tmp, m[k].key, m[k].klen) < 0 ||
		    ck_buf_append(&f->tmp, "\":", 2) < 0)
			return NOMEM;
		if (top) {
			struct ck_canon_member *t = &f->top.m[k];

			t->start = base + at;
			t->key = base + at + 1;
			t->keylen = m[k].klen;
			t->val = base + f->tmp.len;
			t->vallen = m[k].vlen;
		}
		if (ck_buf_append(&f->tmp, f->out.data + m[k].val,
				  m[k].vlen) < 0)
			return NOMEM;
	}
	if (ck_buf_append_char(&f->tmp, '}') < 0)
		return NOMEM;
	if (top)
		f->top.count = n;
	f->out.len = base;
	f->mlen = mbase;
	return put(p, f->tmp.data, f->tmp.len);
}

static int
object(struct parse *p)
{
	struct ck_canon_fast *f = p->f;
	size_t base = f->out.len, mbase = f->mlen, k0;
	const unsigned char *s = (const unsigned char *)p->s;
	int r, top = p->depth == 0;

	if (++p->depth > FAST_MAX_DEPTH)
		return UNSURE;
	p->i++;
	skip_ws(p);
	if (p->i < p->n && p->s[p->i] == '}') {
		p->i++;
		p->depth--;
		if (top)
			f->top.count = 0;
		return put(p, "{}", 2);
	}
	for (;;) {
		struct ck_canon_fast_member *m;

		if (p->i >= p->n || s[p->i] != '"')
			return UNSURE;
		k0 = ++p->i;
		while (p->i < p->n && key_byte(s[p->i]))
			p->i++;
		if (p->i >= p->n || s[p->i] != '"')
			return UNSURE;	/* escaped, non-ASCII or unended */
		if (f->mlen - mbase >= FAST_MAX_MEMBERS)
			return UNSURE;
		if (f->mlen == f->mcap) {
			size_t cap = f->mcap ? f->mcap * 2 : 64;
			void *nm = realloc(f->m, cap * sizeof *f->m);

			if (nm == NULL)
				return NOMEM;
			f->m = nm;
			f->mcap = cap;
		}
		m = &f->m[f->mlen++];
		m->key = p->s + k0;
		m->klen = p->i - k0;
		p->i++;
		skip_ws(p);
		if (p->i >= p->n || p->s[p->i] != ':')
			return UNSURE;
		p->i++;
		skip_ws(p);
		m->val = f->out.len;
		if ((r = value(p)) != OK)
			return r;
		/* value() may have grown f->m */
		f->m[f->mlen - 1].vlen = f->out.len - f->m[f->mlen - 1].val;
		skip_ws(p);
		if (p->i >= p->n)
			return UNSURE;
		if (p->s[p->i] == '}') {
			p->i++;
			p->depth--;
			return assemble(p, base, mbase, top);
		}
		if (p->s[p->i] != ',')
			return UNSURE;
		p->i++;
		skip_ws(p);
	}
}

static int
value(struct parse *p)
{
	if (p->i >= p->n)
		return UNSURE;
	switch (p->s[p->i]) {
	case '{': return object(p);
	case '[': return array(p);
	case '"': return string(p);
	case 't': return literal(p, "true", 4);
	case 'f': return literal(p, "false", 5);
	case 'n': return literal(p, "null", 4);
	default: return number(p);
	}
}

int
ck_canon_fast(struct ck_canon_fast *f, const char *s, size_t n)
{
	struct parse p = { s, n, 0, 0, f };
	int r;

	ck_buf_reset(&f->out);
	f->mlen = 0;
	f->top.count = 0;
	skip_ws(&p);
	if (p.i >= n || s[p.i] != '{')
		return 0;
	r = object(&p);
	if (r == NOMEM) {
		errno = ENOMEM;
		return -1;
	}
	if (r != OK)
		return 0;
	skip_ws(&p);
	return p.i == n;
}

/* Past the string at *i ('"') of canonical text. */
static int
skip_string(const char *s, size_t n, size_t *i)
{
	for ((*i)++; *i < n; (*i)++) {
		if (s[*i] == '\\')
			(*i)++;
		else if (s[*i] == '"') {
			(*i)++;
			return 1;
		}
	}
	return 0;
}

static int
skip_value(const char *s, size_t n, size_t *i)
{
	int depth = 0;

	if (*i >= n)
		return 0;
	if (s[*i] == '"')
		return skip_string(s, n, i);
	if (s[*i] != '{' && s[*i] != '[') {
		while (*i < n && s[*i] != ',' && s[*i] != '}' && s[*i] != ']')
			(*i)++;
		return 1;
	}
	while (*i < n) {
		switch (s[*i]) {
		case '"':
			if (!skip_string(s, n, i))
				return 0;
			continue;
		case '{': case '[':
			depth++;
			break;
		case '}': case ']':
			if (--depth == 0) {
				(*i)++;
				return 1;
			}
			break;
		}
		(*i)++;
	}
	return 0;
}

int
ck_canon_member(const char *obj, size_t len, const char *key, size_t *val,
		size_t *vallen)
{
	size_t kl = strlen(key), i = 1, k0, klen, v0;

	if (len < 2 || obj[0] != '{' || obj[1] == '}')
		return 0;
	while (i < len && obj[i] == '"') {
		k0 = i + 1;
		if (!skip_string(obj, len, &i) || i >= len || obj[i] != ':')
			return 0;
		klen = i - 1 - k0;
		v0 = ++i;
		if (!skip_value(obj, len, &i))
			return 0;
		if (klen == kl && memcmp(obj + k0, key, kl) == 0) {
			*val = v0;
			*vallen = i - v0;
			return 1;
		}
		if (i >= len || obj[i] != ',')
			return 0;
		i++;
	}
	return 0;
}
