/* jsontape.c -- the validating one-pass JSON scanner (see jsontape.h).
 *
 * What jansson 2.14 accepts, and so what a "yes" here must imply: the
 * top value an object or array; whitespace ' ', '\t', '\n', '\r'; strings
 * without raw controls, valid UTF-8, the escapes of RFC 8259 with a
 * \uXXXX high surrogate always followed by a \u low one and no lone low
 * one (\u0000 allowed in values with JSON_ALLOW_NUL); numbers as the RFC
 * writes them, integers within a long long, reals that do not overflow
 * a double; no duplicate key in any object; at most 2048 levels. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsontape.h"
#include "common/plainrun.h"
#include "common/utf8.h"

struct scan {
	const unsigned char *s;
	size_t n, i;
	int depth;
	struct ck_jtape *tp;
};

/* Results inside the scanner: go on, not sure, out of memory. */
enum { OK = 1, UNSURE = 0, NOMEM = -1 };

void
ck_jtape_init(struct ck_jtape *tp)
{
	memset(tp, 0, sizeof *tp);
}

void
ck_jtape_release(struct ck_jtape *tp)
{
	free(tp->t);
	free(tp->hash);
	memset(tp, 0, sizeof *tp);
}

static void
skip_ws(struct scan *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
			       p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
}

/* A new token of type t starting at p->i; its index, or -1 (ENOMEM). */
static long
push(struct scan *p, enum ck_jtype t)
{
	struct ck_jtape *tp = p->tp;
	struct ck_jtok *k;

	if (tp->n == tp->cap) {
		size_t cap = tp->cap ? tp->cap * 2 : 256;
		void *nt = realloc(tp->t, cap * sizeof *tp->t);

		if (nt == NULL)
			return -1;
		tp->t = nt;
		tp->cap = cap;
	}
	k = &tp->t[tp->n];
	k->start = (uint32_t)p->i;
	k->type = (uint8_t)t;
	k->esc = 0;
	k->next = (uint32_t)(tp->n + 1);
	return (long)tp->n++;
}

/* A string at p->i ('"').  Keys with escapes are not sure: jansson
 * compares them decoded, and rejects a decoded NUL in a key. */
static int
string(struct scan *p, int key)
{
	const unsigned char *s = p->s;
	long k = push(p, CK_JT_STRING);
	uint32_t cp, lo;

	if (k < 0)
		return NOMEM;
	p->i++;
	for (;;) {
		p->i = ck_plain_run(s, p->i, p->n);
		if (p->i >= p->n)
			return UNSURE;
		if (s[p->i] == '"') {
			p->i++;
			p->tp->t[k].end = (uint32_t)p->i;
			return OK;
		}
		if (s[p->i] == '\\') {
			if (key || p->n - p->i < 2)
				return UNSURE;
			p->tp->t[k].esc = 1;
			switch (s[p->i + 1]) {
			case '"': case '\\': case '/': case 'b': case 'f':
			case 'n': case 'r': case 't':
				p->i += 2;
				continue;
			case 'u':
				break;
			default:
				return UNSURE;
			}
			if (p->n - p->i < 6 ||
			    !ck_utf8_hex4((const char *)s + p->i + 2, &cp))
				return UNSURE;
			p->i += 6;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return UNSURE;	/* a lone low surrogate */
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (p->n - p->i < 6 || s[p->i] != '\\' ||
				    s[p->i + 1] != 'u' ||
				    !ck_utf8_hex4((const char *)s + p->i + 2,
						  &lo) ||
				    lo < 0xdc00 || lo > 0xdfff)
					return UNSURE;
				p->i += 6;
			}
			continue;
		}
		if (s[p->i] < 0x20)
			return UNSURE;	/* a raw control */
		{
			int l = ck_utf8_seqlen(s + p->i, p->n - p->i);

			if (l == 0)
				return UNSURE;
			p->i += (size_t)l;
		}
	}
}

#define is_digit(c) ((c) >= '0' && (c) <= '9')

/* A number at p->i.  Integers of up to 18 digits fit a long long; a
 * real below 10^300 cannot overflow a double (underflow is no error to
 * jansson).  Anything bigger is not sure. */
static int
number(struct scan *p)
{
	const unsigned char *s = p->s;
	size_t d0, idig;
	long e = 0;
	int real = 0, eneg = 0, edig = 0;

	if (push(p, CK_JT_NUMBER) < 0)
		return NOMEM;
	if (s[p->i] == '-')
		p->i++;
	d0 = p->i;
	if (p->i >= p->n || !is_digit(s[p->i]))
		return UNSURE;
	if (s[p->i] == '0') {
		p->i++;
		if (p->i < p->n && is_digit(s[p->i]))
			return UNSURE;	/* a leading zero */
	} else {
		while (p->i < p->n && is_digit(s[p->i]))
			p->i++;
	}
	idig = p->i - d0;
	if (p->i < p->n && s[p->i] == '.') {
		real = 1;
		p->i++;
		if (p->i >= p->n || !is_digit(s[p->i]))
			return UNSURE;
		while (p->i < p->n && is_digit(s[p->i]))
			p->i++;
	}
	if (p->i < p->n && (s[p->i] == 'e' || s[p->i] == 'E')) {
		real = 1;
		p->i++;
		if (p->i < p->n && (s[p->i] == '+' || s[p->i] == '-'))
			eneg = s[p->i++] == '-';
		if (p->i >= p->n || !is_digit(s[p->i]))
			return UNSURE;
		while (p->i < p->n && is_digit(s[p->i])) {
			if (++edig > 4)
				return UNSURE;
			e = e * 10 + (s[p->i++] - '0');
		}
	}
	if (!real ? idig > 18 : (long)idig + (eneg ? -e : e) > 300)
		return UNSURE;
	p->tp->t[p->tp->n - 1].end = (uint32_t)p->i;
	return OK;
}

static int
literal(struct scan *p, enum ck_jtype t, const char *w, size_t l)
{
	if (push(p, t) < 0)
		return NOMEM;
	if (p->n - p->i < l || memcmp(p->s + p->i, w, l) != 0)
		return UNSURE;
	p->i += l;
	p->tp->t[p->tp->n - 1].end = (uint32_t)p->i;
	return OK;
}

static int value(struct scan *p);

static int
keys_equal(const struct scan *p, const struct ck_jtok *a,
	   const struct ck_jtok *b)
{
	return a->end - a->start == b->end - b->start &&
	       memcmp(p->s + a->start, p->s + b->start,
		      a->end - a->start) == 0;
}

/* UNSURE when two members of the object at token o have the same key
 * (jansson says "duplicate object key").  Keys have no escapes here, so
 * equal values are equal bytes. */
static int
no_duplicates(struct scan *p, size_t o)
{
	struct ck_jtape *tp = p->tp;
	const struct ck_jtok *t = tp->t;
	size_t end = t[o].next, m = 0, cap, mask;

	for (size_t i = o + 1; i < end; i = t[i + 1].next)
		m++;
	if (m < 2)
		return OK;
	if (m <= 8) {
		for (size_t i = o + 1; i < end; i = t[i + 1].next)
			for (size_t j = t[i + 1].next; j < end;
			     j = t[j + 1].next)
				if (keys_equal(p, &t[i], &t[j]))
					return UNSURE;
		return OK;
	}
	for (cap = 16; cap < m * 2; cap *= 2)
		;
	if (cap > tp->hashcap) {
		free(tp->hash);
		if ((tp->hash = malloc(cap * sizeof *tp->hash)) == NULL) {
			tp->hashcap = 0;
			return NOMEM;
		}
		tp->hashcap = cap;
	}
	memset(tp->hash, 0, cap * sizeof *tp->hash);
	mask = cap - 1;
	for (size_t i = o + 1; i < end; i = t[i + 1].next) {
		uint64_t h = 1469598103934665603ull;
		size_t k;

		for (uint32_t b = t[i].start; b < t[i].end; b++)
			h = (h ^ p->s[b]) * 1099511628211ull;
		for (k = (size_t)h & mask; tp->hash[k] != 0;
		     k = (k + 1) & mask)
			if (keys_equal(p, &t[tp->hash[k] - 1], &t[i]))
				return UNSURE;
		tp->hash[k] = (uint32_t)(i + 1);
	}
	return OK;
}

static int
container(struct scan *p, int obj)
{
	long c = push(p, obj ? CK_JT_OBJECT : CK_JT_ARRAY);
	char closer = obj ? '}' : ']';
	int r;

	if (c < 0)
		return NOMEM;
	if (++p->depth > CK_JTAPE_MAX_DEPTH)
		return UNSURE;
	p->i++;
	skip_ws(p);
	if (p->i < p->n && p->s[p->i] == closer)
		goto done;
	for (;;) {
		if (obj) {
			if (p->i >= p->n || p->s[p->i] != '"')
				return UNSURE;
			if ((r = string(p, 1)) != OK)
				return r;
			skip_ws(p);
			if (p->i >= p->n || p->s[p->i] != ':')
				return UNSURE;
			p->i++;
			skip_ws(p);
		}
		if ((r = value(p)) != OK)
			return r;
		skip_ws(p);
		if (p->i >= p->n)
			return UNSURE;
		if (p->s[p->i] == closer)
			break;
		if (p->s[p->i] != ',')
			return UNSURE;
		p->i++;
		skip_ws(p);
	}
done:
	p->i++;
	p->depth--;
	p->tp->t[c].end = (uint32_t)p->i;
	p->tp->t[c].next = (uint32_t)p->tp->n;
	return obj ? no_duplicates(p, (size_t)c) : OK;
}

static int
value(struct scan *p)
{
	if (p->i >= p->n)
		return UNSURE;
	switch (p->s[p->i]) {
	case '{': return container(p, 1);
	case '[': return container(p, 0);
	case '"': return string(p, 0);
	case 't': return literal(p, CK_JT_TRUE, "true", 4);
	case 'f': return literal(p, CK_JT_FALSE, "false", 5);
	case 'n': return literal(p, CK_JT_NULL, "null", 4);
	default: return number(p);
	}
}

int
ck_jtape_scan(struct ck_jtape *tp, const char *s, size_t n)
{
	struct scan p = { (const unsigned char *)s, n, 0, 0, tp };
	int r;

	tp->n = 0;
	if (n >= UINT32_MAX)
		return 0;	/* offsets are 32 bits */
	skip_ws(&p);
	if (p.i >= n || (s[p.i] != '{' && s[p.i] != '['))
		return 0;
	r = container(&p, s[p.i] == '{');
	if (r == NOMEM) {
		errno = ENOMEM;
		return -1;
	}
	if (r != OK)
		return 0;
	skip_ws(&p);
	return p.i == n;
}

size_t
ck_jtape_member(const struct ck_jtape *tp, const char *s, size_t obj,
		const char *key, size_t len)
{
	const struct ck_jtok *t = tp->t;

	if (t[obj].type != CK_JT_OBJECT)
		return 0;
	for (size_t i = obj + 1; i < t[obj].next; i = t[i + 1].next)
		if (t[i].end - t[i].start == len + 2 &&
		    memcmp(s + t[i].start + 1, key, len) == 0)
			return i + 1;
	return 0;
}
