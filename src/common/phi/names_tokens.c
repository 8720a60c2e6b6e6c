/* names_tokens.c -- the NAME detector's tokens: capitalised words,
 * initials and particles (Latin-1 and Latin Extended-A included), read
 * into a sequence that may be a name. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "common/phi/phi.h"
#include "common/phi/detect.h"
#include "common/phi/names_priv.h"

/* ---- tokens ---------------------------------------------------------------- */

/* An uppercase letter at b[i]: ASCII, Latin-1 (U+00C0-U+00DE but not
 * U+00D7) or Latin Extended-A (even code points, as a close rule).
 * Returns its length in bytes or 0. */
size_t
names_upper_at(const char *b, size_t n, size_t i)
{
	unsigned c, d;

	if (i >= n)
		return 0;
	c = U8(b[i]);
	if (IS_UPPER(c))
		return 1;
	if (i + 1 >= n || (U8(b[i + 1]) & 0xc0) != 0x80)
		return 0;
	d = U8(b[i + 1]);
	if (c == 0xc3 && d >= 0x80 && d <= 0x9e && d != 0x97)
		return 2;
	if (c == 0xc4 || c == 0xc5) {
		/* Latin Extended-A pairs capital/small, but the parity flips
		 * at U+0139-U+0148 and U+0179-U+017E (Ł is U+0141). */
		unsigned cp = ((c & 0x1f) << 6) | (d & 0x3f);

		if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e))
			return (cp & 1) ? 2 : 0;
		if (cp == 0x178)
			return 2;
		return (cp & 1) == 0 && cp != 0x138 ? 2 : 0;
	}
	return 0;
}

/* A letter (any case) at b[i]: ASCII, or a two-byte sequence of the
 * Latin, Greek or Cyrillic blocks (U+00C0-U+04FF but not U+00D7/F7).
 * Returns its length or 0; symbols (°, ±, NBSP, dashes, quotes) are not
 * letters. */
size_t
names_letter_at(const char *b, size_t n, size_t i)
{
	unsigned c, d;

	if (i >= n)
		return 0;
	c = U8(b[i]);
	if (IS_ALPHA(c))
		return 1;
	/* U+1E00-U+1EFF, Latin Extended Additional (Vietnamese "ứ"). */
	if (c == 0xe1 && i + 2 < n && U8(b[i + 1]) >= 0xb8 &&
	    U8(b[i + 1]) <= 0xbb && (U8(b[i + 2]) & 0xc0) == 0x80)
		return 3;
	if (c < 0xc3 || c > 0xd3 || i + 1 >= n ||
	    (U8(b[i + 1]) & 0xc0) != 0x80)
		return 0;
	d = U8(b[i + 1]);
	if (c == 0xc3 && (d == 0x97 || d == 0xb7))
		return 0;
	return 2;
}

/* A byte that continues a word before b[i] (so b[i] does not start
 * one). */
int
names_word_before(const char *b, size_t i)
{
	unsigned c;

	if (i == 0)
		return 0;
	c = U8(b[i - 1]);
	if (IS_ALNUM(c) || c == '_')
		return 1;
	if (c >= 0x80 && c < 0xc0 && i >= 2) {
		unsigned p = U8(b[i - 2]);

		return p >= 0xc3 && p <= 0xd3 && !(p == 0xc3 && (c == 0x97 ||
								  c == 0xb7));
	}
	return 0;
}

/* A name token at b[i] (which starts with a capital); its end, or i. */
size_t
names_name_token(const char *b, size_t n, size_t i, struct tok *t)
{
	size_t k, l = names_upper_at(b, n, i);
	int lower = 0, letters = 1;

	if (l == 0)
		return i;
	k = i + l;
	for (;;) {
		if (k >= n)
			break;
		if ((l = names_letter_at(b, n, k)) > 0) {
			if (IS_LOWER(b[k]) || (l >= 2 && names_upper_at(b, n, k) == 0))
				lower = 1;
			k += l;
			letters++;
			continue;
		}
		/* O'Brien, O’Brien, O\'Brien (code), O''Brien (SQL). */
		if (b[k] == '\'' && k + 1 < n && names_letter_at(b, n, k + 1)) {
			k++;
			continue;
		}
		if (b[k] == '\\' && k + 2 < n && b[k + 1] == '\'' &&
		    names_letter_at(b, n, k + 2)) {
			k += 2;
			continue;
		}
		if (b[k] == '\'' && k + 2 < n && b[k + 1] == '\'' &&
		    names_upper_at(b, n, k + 2)) {
			k += 2;
			continue;
		}
		if (U8(b[k]) == 0xe2 && k + 3 < n && U8(b[k + 1]) == 0x80 &&
		    U8(b[k + 2]) == 0x99 && names_letter_at(b, n, k + 3)) {
			k += 3;
			continue;
		}
		/* Smith-Jones, Jean-Luc, Al-Amin. */
		if (b[k] == '-' && k + 1 < n && names_upper_at(b, n, k + 1)) {
			k++;
			continue;
		}
		/* "Min-jun", "Seo-yeon": a short given name's second
		 * syllable in lowercase. */
		if (b[k] == '-' && lower && k - i >= 2 && k - i <= 4 &&
		    k + 3 < n && IS_LOWER(b[k + 1])) {
			size_t m = k + 1;

			while (m < n && IS_LOWER(b[m]) && m - k <= 5)
				m++;
			if (m - k - 1 >= 2 && m - k - 1 <= 4 &&
			    (m >= n || (names_letter_at(b, n, m) == 0 &&
					b[m] != '-' && b[m] != '\''))) {
				letters += (int)(m - k - 1);
				k = m;
				continue;
			}
		}
		break;
	}
	t->s = i;
	t->e = k;
	if (letters == 1) {
		t->kind = TOK_INITIAL;
		if (k < n && b[k] == '.')
			k++;
		return k;
	}
	t->kind = lower ? TOK_TITLE : TOK_UPPER;
	/* A possessive is not part of the name. */
	if (k - i > 3 && LOWER(b[k - 1]) == 's' && (b[k - 2] == '\'' ||
	    (U8(b[k - 2]) == 0x99 && U8(b[k - 4]) == 0xe2)))
		t->e = b[k - 2] == '\'' ? k - 2 : k - 4;
	return k;
}

static const char *const particles[] = {
	"de", "del", "della", "der", "den", "di", "da", "dos", "das", "du",
	"la", "le", "van", "von", "ter", "ten", "bin", "ibn", "al", "el",
	"y", "st", NULL
};

int
names_is_particle(const char *b, size_t s, size_t e)
{
	size_t i;

	/* Most lowercase words after a capital are ordinary words: reject
	 * them on length and first letter before comparing. */
	if (e - s > 5 || e == s)
		return 0;
	switch (b[s]) {
	case 'a': case 'b': case 'd': case 'e': case 'i': case 'l': case 's':
	case 't': case 'v': case 'y':
		break;
	default:
		return 0;
	}
	for (i = 0; particles[i] != NULL; i++)
		if (strlen(particles[i]) == e - s &&
		    memcmp(particles[i], b + s, e - s) == 0)
			return 1;
	return 0;
}

/* A separator between name words: one space, or "%20" in a URL. */
static size_t
name_gap(const char *b, size_t n, size_t k)
{
	if (k < n && b[k] == ' ')
		return 1;
	if (k + 2 < n && b[k] == '%' && b[k + 1] == '2' && b[k + 2] == '0')
		return 3;
	return 0;
}

/* A nickname in quotes after a given name, then a space and a capital:
 * Jo "Bud" Kim, Jo “Bud” Kim.  Its word into t and where the capital
 * after it starts, or 0. */
static size_t
nickname(const char *b, size_t n, size_t k, struct tok *t)
{
	size_t e, c;
	int curly = 0;

	if (k + 4 >= n)
		return 0;
	if (b[k] == '"') {
		k++;
	} else if (U8(b[k]) == 0xe2 && U8(b[k + 1]) == 0x80 &&
		   U8(b[k + 2]) == 0x9c) {
		k += 3;
		curly = 1;
	} else {
		return 0;
	}
	e = names_name_token(b, n, k, t);
	if (e == k || t->kind != TOK_TITLE || t->e != e || e - k > 20)
		return 0;
	/* A two-word nickname: "Big Jim". */
	if (e + 1 < n && b[e] == ' ' && names_upper_at(b, n, e + 1) > 0) {
		struct tok t2;
		size_t e2 = names_name_token(b, n, e + 1, &t2);

		if (e2 > e + 1 && t2.kind == TOK_TITLE && t2.e == e2) {
			e = e2;
			t->e = e2;
		}
	}
	if (curly) {
		if (e + 3 >= n || U8(b[e]) != 0xe2 || U8(b[e + 1]) != 0x80 ||
		    U8(b[e + 2]) != 0x9d)
			return 0;
		c = e + 3;
	} else {
		if (e >= n || b[e] != '"')
			return 0;
		c = e + 1;
	}
	if (c + 1 >= n || b[c] != ' ' || names_upper_at(b, n, c + 1) == 0)
		return 0;
	return c + 1;
}

/* The longest run of name tokens from b[i]; roles looked up in rt. */
void
names_read_seq(const struct wset *rt, const char *b, size_t n, size_t i,
	       struct seq *q)
{
	size_t k = i, g;

	q->n = 0;
	q->s = i;
	q->e = i;
	q->possessive = 0;
	q->nick = 0;
	while (q->n < MAX_TOKS) {
		struct tok t;
		size_t e = names_name_token(b, n, k, &t), c;

		/* Jo "Bud" Kim: the nickname is a word of the name. */
		if (e == k && q->n == 1 && !q->nick &&
		    q->t[0].kind == TOK_TITLE &&
		    (c = nickname(b, n, k, &t)) > 0) {
			t.roles = 0;
			q->t[q->n++] = t;
			q->nick = 1;
			k = c;
			continue;
		}
		if (e == k) {
			/* A lowercase particle between two capitals. */
			size_t pe = k;

			size_t ne;

			if (q->n == 0 || !IS_LOWER(b[k]))
				break;
			while (pe < n && IS_LOWER(b[pe]) && pe - k < 5)
				pe++;
			/* "van der Wal", "de la Cruz": up to two particles
			 * before a capital. */
			if (!names_is_particle(b, k, pe) ||
			    (g = name_gap(b, n, pe)) == 0)
				break;
			ne = pe + g;
			while (ne < n && IS_LOWER(b[ne]) && ne - pe - g < 5)
				ne++;
			if (names_upper_at(b, n, pe + g) == 0 &&
			    !(names_is_particle(b, pe + g, ne) &&
			      name_gap(b, n, ne) == 1 && ne + 1 < n &&
			      names_upper_at(b, n, ne + 1) > 0))
				break;
			t.s = k;
			t.e = pe;
			t.kind = TOK_PARTICLE;
			e = pe;
		}
		t.roles = t.kind == TOK_TITLE || t.kind == TOK_UPPER ?
			  names_wset_get(rt, b + t.s, t.e - t.s) : 0;
		q->t[q->n++] = t;
		q->e = t.e;
		if (t.e < e && t.kind != TOK_INITIAL) {
			q->possessive = 1;
			break;
		}
		if (t.kind == TOK_INITIAL)
			q->e = e;
		if ((g = name_gap(b, n, e)) == 0 || e + g >= n)
			break;
		if (names_upper_at(b, n, e + g) == 0 && !IS_LOWER(b[e + g]) &&
		    !(q->n == 1 && (b[e + g] == '"' || U8(b[e + g]) == 0xe2)))
			break;
		k = e + g;
	}
	/* Never end on a particle. */
	while (q->n > 0 && q->t[q->n - 1].kind == TOK_PARTICLE)
		q->n--;
	if (q->n > 0 && q->t[q->n - 1].kind != TOK_INITIAL)
		q->e = q->t[q->n - 1].e;
}
