/* canonscan.c -- the fast canonical-form check (see canonscan.h). */
#include <config.h>

#include <string.h>

#include "common/canonscan.h"
#include "common/plainrun.h"
#include "common/utf8.h"

struct scan {
	const char *s;
	size_t n, i;
	int depth;
};

static int value(struct scan *p);

/* A string at p->i in the form RFC 8785 writes (ck_canon's writer):
 * only '"', '\\' and C0 controls escaped, short forms where JSON has
 * them, lowercase \u00xx otherwise (never \u0000, which jansson
 * refuses), valid UTF-8.  *plain says it had no escape and no byte
 * above 0x7f (for keys, whose order is then byte order). */
static int
string(struct scan *p, int *plain)
{
	const unsigned char *s = (const unsigned char *)p->s;

	*plain = 1;
	if (p->i >= p->n || s[p->i] != '"')
		return 0;
	p->i++;
	while (p->i < p->n) {
		unsigned char c;

		p->i = ck_plain_run(s, p->i, p->n);
		if (p->i >= p->n)
			break;
		c = s[p->i];
		if (c == '"') {
			p->i++;
			return 1;
		}
		if (c < 0x20)
			return 0;
		if (c == '\\') {
			*plain = 0;
			if (p->i + 1 >= p->n)
				return 0;
			switch (s[p->i + 1]) {
			case '"': case '\\': case 'b': case 'f': case 'n':
			case 'r': case 't':
				p->i += 2;
				continue;
			case 'u':
				if (p->i + 5 >= p->n || s[p->i + 2] != '0' ||
				    s[p->i + 3] != '0')
					return 0;
				{
					static const char hex[] =
						"0123456789abcdef";
					const char *h = strchr(hex, s[p->i + 4]);
					const char *l = strchr(hex, s[p->i + 5]);
					unsigned v;

					if (h == NULL || l == NULL || !*h || !*l)
						return 0;
					v = (unsigned)((h - hex) * 16 + (l - hex));
					/* only controls without a short form */
					if (v == 0 || v >= 0x20 || v == '\b' ||
					    v == '\f' || v == '\n' ||
					    v == '\r' || v == '\t')
						return 0;
				}
				p->i += 6;
				continue;
			default:
				return 0;
			}
		}
		if (c >= 0x80) {
			int l = ck_utf8_seqlen(s + p->i, p->n - p->i);

			if (l == 0)
				return 0;
			*plain = 0;
			p->i += (size_t)l;
			continue;
		}
		p->i++;
	}
	return 0;
}

/* Integers of 1 to 15 digits: exact as doubles, so their canonical form
 * is the digits themselves.  Anything else is left to the slow path. */
static int
number(struct scan *p)
{
	size_t start;
	int neg = 0;

	if (p->i < p->n && p->s[p->i] == '-') {
		neg = 1;
		p->i++;
	}
	start = p->i;
	if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
		return 0;
	if (p->s[p->i] == '0') {
		if (neg)
			return 0;	/* -0 is written 0 */
		p->i++;
	} else {
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
	}
	if (p->i - start > 15)
		return 0;
	/* no fraction, no exponent */
	if (p->i < p->n && (p->s[p->i] == '.' || p->s[p->i] == 'e' ||
			    p->s[p->i] == 'E'))
		return 0;
	return 1;
}

/* memcmp's sign for short keys (plain ASCII here), without the call:
 * keys are a few bytes and usually differ in the first. */
static inline int
keycmp(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return (unsigned char)a[i] < (unsigned char)b[i] ? -1 : 1;
	return 0;
}

static int
object(struct scan *p, struct ck_canon_top *top)
{
	size_t prevkey = 0, prevlen = 0;
	int first = 1, plain;

	if (++p->depth > 64)
		return 0;
	p->i++;	/* '{' */
	if (p->i < p->n && p->s[p->i] == '}') {
		p->i++;
		p->depth--;
		return 1;
	}
	for (;;) {
		size_t kstart = p->i, klen, c;

		if (!string(p, &plain) || !plain)
			return 0;
		klen = p->i - kstart - 2;
		if (!first) {
			/* strictly increasing: sorted, no duplicates */
			c = prevlen < klen ? prevlen : klen;
			int r = keycmp(p->s + prevkey, p->s + kstart + 1, c);

			if (r > 0 || (r == 0 && prevlen >= klen))
				return 0;
		}
		prevkey = kstart + 1;
		prevlen = klen;
		first = 0;
		if (p->i >= p->n || p->s[p->i] != ':')
			return 0;
		p->i++;
		if (top != NULL) {
			struct ck_canon_member *m;

			if (top->count >= CK_CANON_TOP_MAX)
				return 0;
			m = &top->m[top->count++];
			m->start = kstart;
			m->key = kstart + 1;
			m->keylen = klen;
			m->val = p->i;
		}
		if (!value(p))
			return 0;
		if (top != NULL)
			top->m[top->count - 1].vallen =
				p->i - top->m[top->count - 1].val;
		if (p->i >= p->n)
			return 0;
		if (p->s[p->i] == '}') {
			p->i++;
			p->depth--;
			return 1;
		}
		if (p->s[p->i] != ',')
			return 0;
		p->i++;
	}
}

static int
array(struct scan *p)
{
	if (++p->depth > 64)
		return 0;
	p->i++;	/* '[' */
	if (p->i < p->n && p->s[p->i] == ']') {
		p->i++;
		p->depth--;
		return 1;
	}
	for (;;) {
		if (!value(p) || p->i >= p->n)
			return 0;
		if (p->s[p->i] == ']') {
			p->i++;
			p->depth--;
			return 1;
		}
		if (p->s[p->i] != ',')
			return 0;
		p->i++;
	}
}

static int
lit(struct scan *p, const char *w)
{
	size_t l = strlen(w);

	if (p->n - p->i < l || memcmp(p->s + p->i, w, l) != 0)
		return 0;
	p->i += l;
	return 1;
}

static int
value(struct scan *p)
{
	int plain;

	if (p->i >= p->n)
		return 0;
	switch (p->s[p->i]) {
	case '{': return object(p, NULL);
	case '[': return array(p);
	case '"': return string(p, &plain);
	case 't': return lit(p, "true");
	case 'f': return lit(p, "false");
	case 'n': return lit(p, "null");
	default: return number(p);
	}
}

int
ck_canon_scan(const char *s, size_t n, struct ck_canon_top *top)
{
	struct scan p = { s, n, 0, 0 };

	top->count = 0;
	if (n == 0 || s[0] != '{')
		return 0;
	if (!object(&p, top))
		return 0;
	return p.i == n;
}

const struct ck_canon_member *
ck_canon_top_find(const char *s, const struct ck_canon_top *top,
		  const char *key)
{
	size_t i, kl = strlen(key);

	for (i = 0; i < top->count; i++)
		if (top->m[i].keylen == kl &&
		    memcmp(s + top->m[i].key, key, kl) == 0)
			return &top->m[i];
	return NULL;
}
