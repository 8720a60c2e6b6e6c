/* names.c -- NAME: person names in prose and code, by context (labels,
 * honorifics, titles, relation words, credentials after the name, the
 * sender's line after a closing) and by the US Census 1990 name lists
 * (a first name followed by a surname, both capitalised).
 *
 * Names already found in a document are remembered, so that a later
 * "Joachim underwent ..." or "lastName=Curry" is found too.
 *
 * One linear pass: only positions where a capitalised word starts are
 * looked at; eight bytes at a time the scan skips text with no capital
 * letter and no non-ASCII byte. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "common/phi/phi.h"
#include "common/phi/detect.h"

#define IS_DIGIT(c) ((unsigned)((unsigned char)(c) - '0') < 10u)
#define IS_ALPHA(c) ((unsigned)(((unsigned char)(c) | 0x20) - 'a') < 26u)
#define IS_UPPER(c) ((unsigned)((unsigned char)(c) - 'A') < 26u)
#define IS_LOWER(c) ((unsigned)((unsigned char)(c) - 'a') < 26u)
#define IS_ALNUM(c) (IS_DIGIT(c) || IS_ALPHA(c))
#define IS_HIGH(c) ((unsigned char)(c) >= 0x80)
#define LOWER(c) ((char)(IS_UPPER(c) ? ((c) | 0x20) : (c)))
#define U8(c) ((unsigned char)(c))

/* ---- word sets ---------------------------------------------------------- */

/* A set of lowercase strings: one arena, open addressing over offsets.
 * Lookups lowercase ASCII on the fly. */
struct wset {
	char *arena;
	size_t alen, acap;
	uint32_t *slot;		/* offset + 1, 0 = empty */
	uint16_t *flags;	/* roles of the word (enum role), per slot */
	size_t cap, n;		/* cap a power of two */
};

/* What a word can be; one word may be several ("June": first name;
 * "Park": surname; "Dr": title).  One probe answers all. */
enum role {
	R_FIRST = 1 << 0,	/* census first name */
	R_LAST = 1 << 1,	/* census surname */
	R_HON = 1 << 2,		/* honorific, inside the span */
	R_TITLE = 1 << 3,	/* title, outside the span */
	R_CRED = 1 << 4,	/* credential (any case; exact check after) */
	R_ORG = 1 << 5,		/* organisation word */
	R_LABEL = 1 << 6,	/* one-word label */
	R_CUE = 1 << 7,		/* one-word cue */
	R_NOT = 1 << 8,		/* never a name: "None", "Null", "Doe" */
	R_COLON = 1 << 9,	/* a label only with ':' ("To:", "From:") */
	R_WEAK = 1 << 10,	/* a weak cue ("by", "Dear"): more evidence */
	R_ROLE = 1 << 11,	/* a role after the name: "(patient)" */
	R_ANY = 1 << 15		/* present */
};

static uint32_t
hash_ci(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= U8(LOWER(s[i]));
		h *= 16777619u;
	}
	return h;
}

/* The roles of w (R_ANY set if present), or 0. */
static unsigned
wset_get(const struct wset *ws, const char *w, size_t n)
{
	size_t i, k;

	if (ws->cap == 0 || n == 0 || n > 64)
		return 0;
	for (i = hash_ci(w, n) & (ws->cap - 1); ws->slot[i] != 0;
	     i = (i + 1) & (ws->cap - 1)) {
		const char *e = ws->arena + ws->slot[i] - 1;

		for (k = 0; k < n && e[k] == LOWER(w[k]); k++)
			;
		if (k == n && e[n] == '\0')
			return ws->flags[i] | R_ANY;
	}
	return 0;
}

static int
wset_has(const struct wset *ws, const char *w, size_t n)
{
	return wset_get(ws, w, n) != 0;
}

static void
wset_free(struct wset *ws)
{
	free(ws->arena);
	free(ws->slot);
	free(ws->flags);
	memset(ws, 0, sizeof(*ws));
}

static int
wset_grow(struct wset *ws)
{
	size_t ncap = ws->cap ? ws->cap * 2 : 64, i, j;
	uint32_t *ns = calloc(ncap, sizeof(*ns));
	uint16_t *nf = calloc(ncap, sizeof(*nf));

	if (ns == NULL || nf == NULL) {
		free(ns);
		free(nf);
		return -1;
	}
	for (i = 0; i < ws->cap; i++) {
		const char *e;

		if (ws->slot[i] == 0)
			continue;
		e = ws->arena + ws->slot[i] - 1;
		for (j = hash_ci(e, strlen(e)) & (ncap - 1); ns[j] != 0;
		     j = (j + 1) & (ncap - 1))
			;
		ns[j] = ws->slot[i];
		nf[j] = ws->flags[i];
	}
	free(ws->slot);
	free(ws->flags);
	ws->slot = ns;
	ws->flags = nf;
	ws->cap = ncap;
	return 0;
}

/* Adds w (lowercased) with the roles in flags (or-ed into those of a
 * word already there); 0 or -1 (ENOMEM). */
static int
wset_add_roles(struct wset *ws, const char *w, size_t n, unsigned flags)
{
	size_t i, k;

	if (n == 0 || n > 64)
		return 0;
	if (ws->cap > 0) {
		for (i = hash_ci(w, n) & (ws->cap - 1); ws->slot[i] != 0;
		     i = (i + 1) & (ws->cap - 1)) {
			const char *e = ws->arena + ws->slot[i] - 1;

			for (k = 0; k < n && e[k] == LOWER(w[k]); k++)
				;
			if (k == n && e[n] == '\0') {
				ws->flags[i] |= (uint16_t)flags;
				return 0;
			}
		}
	}
	if (2 * (ws->n + 1) > ws->cap && wset_grow(ws) < 0)
		return -1;
	if (ws->alen + n + 1 > ws->acap) {
		size_t ncap = ws->acap ? ws->acap * 2 : 4096;
		char *na;

		while (ncap < ws->alen + n + 1)
			ncap *= 2;
		if (ncap > UINT32_MAX - 1 || (na = realloc(ws->arena, ncap)) ==
		    NULL)
			return -1;
		ws->arena = na;
		ws->acap = ncap;
	}
	for (k = 0; k < n; k++)
		ws->arena[ws->alen + k] = LOWER(w[k]);
	ws->arena[ws->alen + n] = '\0';
	for (i = hash_ci(w, n) & (ws->cap - 1); ws->slot[i] != 0;
	     i = (i + 1) & (ws->cap - 1))
		;
	ws->slot[i] = (uint32_t)ws->alen + 1;
	ws->flags[i] = (uint16_t)flags;
	ws->alen += n + 1;
	ws->n++;
	return 0;
}

static int
wset_add(struct wset *ws, const char *w, size_t n)
{
	return wset_add_roles(ws, w, n, 0);
}

/* ---- the census lists (detect.h) ---------------------------------------- */

/* Every one-word role, the census lists included, in one table. */
struct phi_names {
	struct wset roles;
};

/* Set by the detector's init, for the other detectors (fields.c) that
 * judge a value by the lists.  The engine is built once and read-only
 * afterwards, so readers need no lock. */
static const struct phi_names *names_loaded;

const struct phi_names *
phi_names_get(void)
{
	return names_loaded;
}

int
phi_names_is_first(const struct phi_names *nl, const char *w, size_t n)
{
	return nl != NULL && (wset_get(&nl->roles, w, n) & R_FIRST) != 0;
}

int
phi_names_is_last(const struct phi_names *nl, const char *w, size_t n)
{
	return nl != NULL && (wset_get(&nl->roles, w, n) & R_LAST) != 0;
}

static int
load_list(struct wset *ws, const char *dir, const char *file, unsigned role,
	  struct ck_error *err)
{
	char path[4096], line[256];
	unsigned long lineno = 0;
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s/names/%s", dir, file) >=
	    sizeof(path))
		return ck_error_set(err, ENAMETOOLONG, "%s/names/%s: path too "
				    "long", dir, file);
	if ((f = fopen(path, "r")) == NULL)
		return ck_error_set(err, errno, "cannot open %s", path);
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t n = strcspn(line, "\r\n");

		lineno++;
		if (n == sizeof(line) - 1 || n > 64) {
			fclose(f);
			return ck_error_set(err, 0, "%s:%lu: line too long",
					    path, lineno);
		}
		if (n == 0 || line[0] == '#')
			continue;
		if (wset_add_roles(ws, line, n, role) < 0) {
			fclose(f);
			return ck_error_set(err, ENOMEM, "out of memory");
		}
	}
	if (ferror(f)) {
		fclose(f);
		return ck_error_set(err, EIO, "cannot read %s", path);
	}
	fclose(f);
	return 0;
}

/* ---- settings ------------------------------------------------------------ */

/* Strings compared exactly (credentials are case-sensitive: "MD", not
 * "Md"); short, and only consulted after a name-shaped sequence. */
struct strlist {
	char **v;
	size_t *len;
	size_t n;
};

static void
strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->len);
	memset(l, 0, sizeof(*l));
}

static int
strlist_add(struct strlist *l, const char *s, size_t n)
{
	char **nv;
	size_t *nl;

	nv = realloc(l->v, (l->n + 1) * sizeof(*nv));
	if (nv == NULL)
		return -1;
	l->v = nv;
	nl = realloc(l->len, (l->n + 1) * sizeof(*nl));
	if (nl == NULL)
		return -1;
	l->len = nl;
	if ((l->v[l->n] = malloc(n + 1)) == NULL)
		return -1;
	memcpy(l->v[l->n], s, n);
	l->v[l->n][n] = '\0';
	l->len[l->n] = n;
	l->n++;
	return 0;
}

static int
strlist_has(const struct strlist *l, const char *s, size_t n);

/* A credential as written ("MD", "PA-C"); roles is the word's entry. */
static int
is_cred(const struct strlist *l, unsigned roles, const char *s, size_t n)
{
	return (roles & R_CRED) != 0 && strlist_has(l, s, n);
}

static int
strlist_has(const struct strlist *l, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->len[i] == n && memcmp(l->v[i], s, n) == 0)
			return 1;
	return 0;
}

struct names_shared {
	struct phi_names lists;	/* one-word roles and the census lists */
	struct wset labels;	/* "patient name" (words, one space) */
	struct wset closings;	/* "kind regards" */
	struct strlist creds;	/* case-sensitive, as written: "MD" */
};

/* Lowercase words with single spaces; '_', '-', '.', ':' and the like
 * separate words.  Returns the length written (no framing spaces). */
static size_t
norm_phrase(const char *s, size_t n, char *out, size_t cap)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < cap; i++) {
		char c = s[i];

		if (IS_ALNUM(c) || IS_HIGH(c) || c == '/') {
			out[k++] = LOWER(c);
		} else if (k > 0 && out[k - 1] != ' ') {
			out[k++] = ' ';
		}
	}
	while (k > 0 && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
	return k;
}

/* Where load_words puts the strings of one key. */
struct words_dest {
	struct wset *roles;
	unsigned role;
	struct wset *ws;
	struct strlist *exact;
};

static int
words_fn(void *ctx, const char *s, struct ck_error *err)
{
	const struct words_dest *d = ctx;
	char buf[128];
	size_t n;

	if (d->exact) {
		/* Stored as written; looked up with the exact comparison
		 * below. */
		n = strlen(s);
		if (n == 0 || n >= sizeof(buf))
			return 0;
		memcpy(buf, s, n + 1);
	} else {
		n = norm_phrase(s, strlen(s), buf, sizeof(buf));
	}
	if (n == 0)
		return 0;
	if ((d->exact != NULL && strlist_add(d->exact, buf, n) < 0) ||
	    (d->ws != NULL && wset_add(d->ws, buf, n) < 0) ||
	    (memchr(buf, ' ', n) == NULL &&
	     wset_add_roles(d->roles, buf, n, d->role) < 0))
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

/* Reads names[key] (a list of strings): one-word entries into roles with
 * the role, phrases into ws (if not NULL), and as written into exact (if
 * not NULL). */
static int
load_words(struct wset *roles, unsigned role, struct wset *ws,
	   struct strlist *exact, const json_t *sec, const char *key,
	   struct ck_error *err)
{
	struct words_dest d = { roles, role, ws, exact };

	return phi_section_strings(sec, key, "names", words_fn, &d, err);
}

/* ---- tokens ---------------------------------------------------------------- */

enum tok_kind { TOK_TITLE, TOK_UPPER, TOK_INITIAL, TOK_PARTICLE };

struct tok {
	size_t s, e;		/* e excludes a possessive "'s" */
	int kind;
	unsigned roles;		/* enum role of a word token */
};

#define MAX_TOKS 6

struct seq {
	struct tok t[MAX_TOKS];
	int n;
	size_t s, e;
	int possessive;		/* ended with "'s": nothing may follow */
};

/* An uppercase letter at b[i]: ASCII, Latin-1 (U+00C0-U+00DE but not
 * U+00D7) or Latin Extended-A (even code points, as a close rule).
 * Returns its length in bytes or 0. */
static size_t
upper_at(const char *b, size_t n, size_t i)
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
static size_t
letter_at(const char *b, size_t n, size_t i)
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
static int
word_before(const char *b, size_t i)
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
static size_t
name_token(const char *b, size_t n, size_t i, struct tok *t)
{
	size_t k, l = upper_at(b, n, i);
	int lower = 0, letters = 1;

	if (l == 0)
		return i;
	k = i + l;
	for (;;) {
		if (k >= n)
			break;
		if ((l = letter_at(b, n, k)) > 0) {
			if (IS_LOWER(b[k]) || (l >= 2 && upper_at(b, n, k) == 0))
				lower = 1;
			k += l;
			letters++;
			continue;
		}
		/* O'Brien, O’Brien, O\'Brien (code), O''Brien (SQL). */
		if (b[k] == '\'' && k + 1 < n && letter_at(b, n, k + 1)) {
			k++;
			continue;
		}
		if (b[k] == '\\' && k + 2 < n && b[k + 1] == '\'' &&
		    letter_at(b, n, k + 2)) {
			k += 2;
			continue;
		}
		if (b[k] == '\'' && k + 2 < n && b[k + 1] == '\'' &&
		    upper_at(b, n, k + 2)) {
			k += 2;
			continue;
		}
		if (U8(b[k]) == 0xe2 && k + 3 < n && U8(b[k + 1]) == 0x80 &&
		    U8(b[k + 2]) == 0x99 && letter_at(b, n, k + 3)) {
			k += 3;
			continue;
		}
		/* Smith-Jones, Jean-Luc, Al-Amin. */
		if (b[k] == '-' && k + 1 < n && upper_at(b, n, k + 1)) {
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
			    (m >= n || (letter_at(b, n, m) == 0 &&
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

static int
is_particle(const char *b, size_t s, size_t e)
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

/* The longest run of name tokens from b[i]; roles looked up in rt. */
static void
read_seq(const struct wset *rt, const char *b, size_t n, size_t i,
	 struct seq *q)
{
	size_t k = i, g;

	q->n = 0;
	q->s = i;
	q->e = i;
	q->possessive = 0;
	while (q->n < MAX_TOKS) {
		struct tok t;
		size_t e = name_token(b, n, k, &t);

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
			if (!is_particle(b, k, pe) ||
			    (g = name_gap(b, n, pe)) == 0)
				break;
			ne = pe + g;
			while (ne < n && IS_LOWER(b[ne]) && ne - pe - g < 5)
				ne++;
			if (upper_at(b, n, pe + g) == 0 &&
			    !(is_particle(b, pe + g, ne) &&
			      name_gap(b, n, ne) == 1 && ne + 1 < n &&
			      upper_at(b, n, ne + 1) > 0))
				break;
			t.s = k;
			t.e = pe;
			t.kind = TOK_PARTICLE;
			e = pe;
		}
		t.roles = t.kind == TOK_TITLE || t.kind == TOK_UPPER ?
			  wset_get(rt, b + t.s, t.e - t.s) : 0;
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
		if (upper_at(b, n, e + g) == 0 && !IS_LOWER(b[e + g]))
			break;
		k = e + g;
	}
	/* Never end on a particle. */
	while (q->n > 0 && q->t[q->n - 1].kind == TOK_PARTICLE)
		q->n--;
	if (q->n > 0 && q->t[q->n - 1].kind != TOK_INITIAL)
		q->e = q->t[q->n - 1].e;
}

/* ---- context ------------------------------------------------------------- */

struct names_state {
	const struct names_shared *sh;
	struct wset seen;	/* name words found so far in the document */
	uint64_t last_learn;	/* where a name word was last added */
};

/* Mentions are looked for this far after the last name learnt: a note
 * is short; a 6 MB file of licences is not one conversation. */
#define SEEN_SPAN 65536

#define SEEN_MAX 2048

enum cue_kind {
	CUE_NONE = 0,
	CUE_HONORIFIC,		/* "Mrs. Kim": the honorific is in the span */
	CUE_TITLE,		/* "Dr. Kim" */
	CUE_LABEL,		/* "Patient: Kim" */
	CUE_LABEL_CAPS,		/* "PATIENT Kim" opening a line */
	CUE_LABEL_WORD,		/* "Patient Emma Kim" */
	CUE_WORD,		/* "daughter Kim", "wife Ms. Kim" */
	CUE_WEAK,		/* "signed by Kim", "Dear Kim" */
	CUE_CRED,		/* "RN Jane Kim" */
	CUE_LABEL_IS		/* "the contact is Jane Kim" */
};

/* b[0..2) is a US state's or territory's code. */
static int
state_code(const char *b)
{
	static const char codes[] =
		"AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD "
		"MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC "
		"SD TN TX UT VT VA WA WV WI WY DC PR VI GU AS MP ";
	char c[4];

	c[0] = b[0];
	c[1] = b[1];
	c[2] = ' ';
	c[3] = '\0';
	return strstr(codes, c) != NULL;
}

static size_t
line_lo(const char *b, size_t i, size_t span)
{
	size_t lim = i > span ? i - span : 0;

	while (i > lim && b[i - 1] != '\n' && b[i - 1] != '\r')
		i--;
	return i;
}

/* Does the normalised text t (words, one space) end with a phrase of ws
 * (of one to four words)? */
static int
ends_with_phrase(const struct wset *ws, const char *t, size_t tl)
{
	size_t i, words = 0;

	if (ws->n == 0 || tl == 0)
		return 0;
	for (i = tl; i > 0 && words < 4; i--) {
		if (t[i - 1] == ' ') {
			words++;
			if (wset_has(ws, t + i, tl - i))
				return 1;
		}
	}
	return words < 4 && wset_has(ws, t, tl);
}

/* What stands before the name at b[s]; *hs is where an honorific starts. */
static int
cue_before(const struct names_shared *sh, const char *b, size_t s,
	   size_t *hs, unsigned *lroles)
{
	size_t lo = s > 80 ? s - 80 : 0, we = s, ws, i, spaces = 0;
	int strong_sep = 0, dot = 0, comma = 0;
	unsigned r;
	char t[96];
	size_t tl;

	/* "the contact is Jane Kim": a label and "is" (judge() asks two
	 * words of a name then). */
	if (s >= 5 && memcmp(b + s - 4, " is ", 4) == 0 &&
	    IS_ALPHA(b[s - 5])) {
		lo = line_lo(b, s - 4, 48);
		tl = norm_phrase(b + lo, s - 4 - lo, t, sizeof(t));
		ws = s - 4;
		while (ws > lo && IS_ALPHA(b[ws - 1]))
			ws--;
		*lroles = wset_get(&sh->lists.roles, b + ws, s - 4 - ws);
		if (!(*lroles & R_COLON) &&
		    ends_with_phrase(&sh->labels, t, tl))
			return CUE_LABEL_IS;
		return CUE_NONE;
	}
	/* The separator: spaces, tabs and label punctuation. */
	while (we > lo && s - we < 12) {
		char c = b[we - 1];

		if (c == ' ')
			spaces++;
		else if (c == ':' || c == '#' || c == '=' || c == '\t' ||
			 c == '"' || c == '\'' || c == '>' || c == '(' ||
			 c == '*')
			strong_sep = 1;
		else if (c == ',' && we == s - spaces && !comma)
			comma = 1;	/* "the patient, Jane Kim, called" */
		else if (c == '-' && we >= 2 && b[we - 2] == ' ')
			strong_sep = 1;
		else if (c == '.' && !dot && we == s - spaces)
			dot = 1;
		else
			break;
		we--;
	}
	if (spaces >= 2)
		strong_sep = 1;
	ws = we;
	while (ws > lo && (IS_ALPHA(b[ws - 1]) || IS_HIGH(b[ws - 1])))
		ws--;
	if (ws == we)
		return CUE_NONE;
	/* "Dr. Kim", "Dr Kim", "DR. KIM", but not "XT DR MRI". */
	r = wset_get(&sh->lists.roles, b + ws, we - ws);
	*lroles = r;
	if (!strong_sep && !comma && spaces <= 1 && upper_at(b, we, ws) > 0 &&
	    (dot || IS_LOWER(b[we - 1]))) {
		if (r & R_HON) {
			*hs = ws;
			return CUE_HONORIFIC;
		}
		if (r & R_TITLE)
			return CUE_TITLE;
	}
	if (!strong_sep && !comma && !dot && spaces == 1 && (r & R_WEAK))
		return CUE_WEAK;
	if (!strong_sep && !comma && !dot && spaces == 1 && (r & R_CUE))
		return CUE_WORD;
	/* "the interpreter Jane Kim": a role word, then a full name. */
	if (!strong_sep && !comma && !dot && spaces == 1 && (r & R_ROLE) &&
	    IS_LOWER(b[ws]))
		return CUE_LABEL_WORD;
	/* "Called RN Jane Kim": a credential written before the name (not
	 * one that is also a state's code: "MD Anderson", "PA Medicaid"). */
	if (!strong_sep && !comma && !dot && spaces == 1 && we - ws >= 2 &&
	    IS_UPPER(b[ws]) && IS_UPPER(b[ws + 1]) &&
	    is_cred(&sh->creds, r, b + ws, we - ws) &&
	    !(we - ws == 2 && state_code(b + ws)))
		return CUE_CRED;
	/* A label: "Patient Name:", "Pt:", "patient=", or "PATIENT " alone
	 * in capitals at the start of the line. */
	if (comma && !strong_sep)
		return spaces == 1 && (r & R_LABEL) ? CUE_LABEL_WORD : CUE_NONE;
	if (!strong_sep) {
		/* Without punctuation: "PATIENT Kim" opening a line in
		 * capitals, or a capitalised label word ("Patient Emma
		 * Kim"); judge() asks more of the name then. */
		if (spaces != 1 || dot || upper_at(b, we, ws) == 0)
			return CUE_NONE;
		if (!(r & R_LABEL) || (r & R_COLON))
			return CUE_NONE;
		lo = line_lo(b, we, 80);
		for (i = lo; i < we; i++)
			if (b[i] != ' ' && b[i] != '\t' && !IS_UPPER(b[i]))
				return CUE_LABEL_WORD;
		return CUE_LABEL_CAPS;
	}
	lo = line_lo(b, we, 48);
	tl = norm_phrase(b + lo, we - lo, t, sizeof(t));
	if (!ends_with_phrase(&sh->labels, t, tl))
		return CUE_NONE;
	/* "To", "From", "Re" are words of running text too: only "To:"
	 * and the like count. */
	if ((r & R_COLON) && memchr(b + we, ':', s - we) == NULL)
		return CUE_NONE;
	return strong_sep ? CUE_LABEL : CUE_LABEL_CAPS;
}

/* "Boston MA 02110": a state code and its ZIP, not a credential ("Kim,
 * MD 5th of May" is one). */
static int
zip_follows(const char *b, size_t n, size_t k)
{
	size_t z = k, d;

	while (z < n && b[z] == ' ' && z - k < 3)
		z++;
	if (z == k)
		return 0;
	for (d = z; d < n && IS_DIGIT(b[d]); d++)
		;
	return d - z == 5 && (d == n || !IS_ALNUM(b[d]));
}

/* A credential after the name ("Kim, MD", "Kim MD", "Kim (PA-C)");
 * returns 2 if a comma or parenthesis sets it off, 1 if only a space,
 * else 0. */
static int
credential_after(const struct names_shared *sh, const char *b, size_t n,
		 size_t e)
{
	size_t k = e, ts;

	int comma = 0;

	if (k < n && b[k] == ',')
		k++, comma = 1;
	while (k < n && b[k] == ' ' && k - e < 3)
		k++;
	if (k < n && b[k] == '(')
		k++, comma = 1;
	if (k == e)
		return 0;
	ts = k;
	while (k < n && (IS_ALPHA(b[k]) || b[k] == '-' || b[k] == '/') &&
	       k - ts < 10)
		k++;
	if (k == ts || (k < n && IS_ALNUM(b[k])))
		return 0;
	if (!is_cred(&sh->creds, wset_get(&sh->lists.roles, b + ts, k - ts),
		     b + ts, k - ts))
		return 0;
	/* "Worcester, MA 01613": a state and its ZIP. */
	if (zip_follows(b, n, k))
		return 0;
	/* "RT(R)": a registry mark after the credential. */
	if (k + 2 < n && b[k] == '(' && IS_UPPER(b[k + 1]) && b[k + 2] == ')')
		return 2;
	return comma ? 2 : 1;
}

/* ", FL" (or " FL 33601") after the words: a city, not a person. */
static int
state_after(const char *b, size_t n, size_t e)
{
	if (e + 4 < n && b[e] == ' ' && IS_UPPER(b[e + 1]) &&
	    IS_UPPER(b[e + 2]) && b[e + 3] == ' ' &&
	    (IS_DIGIT(b[e + 4]) || (b[e + 4] == ' ' && e + 5 < n &&
				    IS_DIGIT(b[e + 5]))))
		return 1;
	static const char codes[] =
		"AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD "
		"MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC "
		"SD TN TX UT VT VA WA WV WI WY DC PR ";
	char c[4];

	if (e + 4 > n || b[e] != ',' || b[e + 1] != ' ' ||
	    !IS_UPPER(b[e + 2]) || !IS_UPPER(b[e + 3]) ||
	    (e + 4 < n && IS_ALNUM(b[e + 4])))
		return 0;
	c[0] = b[e + 2];
	c[1] = b[e + 3];
	c[2] = ' ';
	c[3] = '\0';
	return strstr(codes, c) != NULL;
}

/* The next word after the name is an organisation word ("Valley Care
 * Medical Center", "Heritage Memorial"). */
static int
org_after(const struct names_shared *sh, const char *b, size_t n, size_t e)
{
	size_t k = e + 1, we;

	if (e >= n || b[e] != ' ' || k >= n || upper_at(b, n, k) == 0)
		return 0;
	we = k;
	while (we < n && (letter_at(b, n, we) > 0))
		we += letter_at(b, n, we);
	return (wset_get(&sh->lists.roles, b + k, we - k) & R_ORG) != 0;
}

/* The line is the name alone (and perhaps a credential), and the line
 * before it (blank lines skipped) closes a message: "Thanks", "Kind
 * regards,". */
static int
after_closing(const struct names_shared *sh, const char *b, size_t n,
	      size_t s, size_t e)
{
	size_t i = s, le, ls, k, blank = 0;
	char t[48];

	if (sh->closings.n == 0)
		return 0;
	while (i > 0 && (b[i - 1] == ' ' || b[i - 1] == '\t'))
		i--;
	if (i > 0 && b[i - 1] != '\n' && b[i - 1] != '\r')
		return 0;
	for (k = e; k < n && b[k] != '\n' && b[k] != '\r'; k++)
		if (k - e > 40)
			return 0;
	/* Back over the line break(s) to the previous non-blank line. */
	while (i > 0 && blank < 6) {
		le = i;
		while (le > 0 && (b[le - 1] == '\n' || b[le - 1] == '\r' ||
				  b[le - 1] == ' ' || b[le - 1] == '\t'))
			le--;
		if (le == 0)
			return 0;
		ls = le;
		while (ls > 0 && b[ls - 1] != '\n' && b[ls - 1] != '\r' &&
		       le - ls < 40)
			ls--;
		if (ls > 0 && b[ls - 1] != '\n' && b[ls - 1] != '\r')
			return 0;
		k = norm_phrase(b + ls, le - ls, t, sizeof(t));
		return wset_has(&sh->closings, t, k);
	}
	return 0;
}

/* A chat or transcript line: the text from the start of the line to p is
 * a timestamp ("[15:54] ", "14:09 ", "[2026-01-02 10:15] ") and spaces.
 * Returns where the timestamp ends (spaces skipped), or SIZE_MAX. */
static size_t
ts_prefix(const char *b, size_t p)
{
	size_t lo = line_lo(b, p, 40), k = lo, colon = 0, digits = 0;
	int br = 0;

	while (k < p && (b[k] == ' ' || b[k] == '\t'))
		k++;
	if (k < p && b[k] == '[')
		k++, br = 1;
	for (; k < p; k++) {
		char c = b[k];

		if (IS_DIGIT(c))
			digits++;
		else if (c == ':' && k > lo && IS_DIGIT(b[k - 1]) &&
			 k + 2 < p && IS_DIGIT(b[k + 1]) && IS_DIGIT(b[k + 2]))
			colon++;
		else if (br && (c == '-' || c == '/' || c == '.' || c == ' ' ||
				c == 'T' || c == 'Z' || c == 'A' || c == 'P' ||
				c == 'M'))
			;
		else
			break;
	}
	if (colon == 0 || digits < 3)
		return SIZE_MAX;
	if (br) {
		if (k >= p || b[k] != ']')
			return SIZE_MAX;
		k++;
	}
	if (k >= p || (b[k] != ' ' && b[k] != '\t'))
		return SIZE_MAX;
	while (k < p && (b[k] == ' ' || b[k] == '\t'))
		k++;
	return k;
}

/* The line holds only a timestamp, or nothing, before b[s]. */
static int
line_head(const char *b, size_t s)
{
	size_t lo = line_lo(b, s, 80), k = lo;

	while (k < s && (b[k] == ' ' || b[k] == '\t'))
		k++;
	return k == s || ts_prefix(b, s) == s;
}

/* ---- decisions ------------------------------------------------------------ */

static int
tok_is_word(const struct tok *t)
{
	return t->kind == TOK_TITLE || t->kind == TOK_UPPER;
}

static int
emit(struct names_state *st, const struct phi_window *w,
     struct phi_cands *out, const char *b, size_t s, size_t e,
     const struct seq *q1, const struct seq *q2, int conf, int prio,
     const char *rule, int learn, struct ck_error *err)
{
	const struct seq *qs[2] = { q1, q2 };
	int j, k;

	if (phi_cands_push(out, w->base + s, w->base + e, PHI_NAME, conf,
			   conf == PHI_CONF_HIGH ? 5 : 3, prio, rule) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (!learn)
		return 0;
	st->last_learn = w->base + e;
	/* Remember the words for later mentions ("Joachim underwent"). */
	for (j = 0; j < 2; j++) {
		if (qs[j] == NULL)
			continue;
		for (k = 0; k < qs[j]->n; k++) {
			const struct tok *t = &qs[j]->t[k];

			/* Words with another role ("Patient", "Care", "Dr")
			 * would spread to every later use. */
			if (!tok_is_word(t) || t->e - t->s < 3 ||
			    st->seen.n >= SEEN_MAX ||
			    (t->roles & (R_LABEL | R_ORG | R_CUE | R_TITLE |
					 R_HON | R_CRED)))
				continue;
			if (wset_add(&st->seen, b + t->s, t->e - t->s) < 0)
				return ck_error_set(err, ENOMEM,
						    "out of memory");
		}
	}
	return 0;
}


/* Cuts the sequence before a credential written as a word ("Lura MSW",
 * "Ravi Schäfer MD"); 1 if it did. */
static int
cut_credential(const struct names_shared *sh, const char *b, size_t n,
	       struct seq *q)
{
	int k;

	for (k = 1; k < q->n; k++)
		if (is_cred(&sh->creds, q->t[k].roles, b + q->t[k].s,
			    q->t[k].e - q->t[k].s) &&
		    !zip_follows(b, n, q->t[k].e)) {
			q->n = k;
			q->e = q->t[k - 1].kind == TOK_INITIAL ?
			       q->t[k - 1].e : q->t[k - 1].e;
			return 1;
		}
	return 0;
}

static int
any_org(const struct seq *q)
{
	int k;

	for (k = 0; k < q->n; k++)
		if (q->t[k].roles & R_ORG)
			return 1;
	return 0;
}

static int
any_role(const struct seq *q, unsigned roles)
{
	int k;

	for (k = 0; k < q->n; k++)
		if (q->t[k].roles & roles)
			return 1;
	return 0;
}

static int
all_seen(const struct names_state *st, const char *b, const struct seq *q)
{
	int k, words = 0;

	for (k = 0; k < q->n; k++) {
		if (!tok_is_word(&q->t[k]))
			continue;
		if (!wset_has(&st->seen, b + q->t[k].s, q->t[k].e - q->t[k].s))
			return 0;
		words++;
	}
	return words > 0;
}

/* A first name then a surname from the census lists ("Barbara Wallace",
 * "Mary J. Blige"): the first word and the last word. */
static int
weekday(const char *w, size_t n)
{
	static const char *const days[] = {
		"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
		"sat", "sun", "monday", "tuesday", "wednesday", "thursday",
		"friday", "saturday", "sunday", NULL
	};
	size_t i, k;

	for (i = 0; days[i] != NULL; i++) {
		if (strlen(days[i]) != n)
			continue;
		for (k = 0; k < n && LOWER(w[k]) == days[i][k]; k++)
			;
		if (k == n)
			return 1;
	}
	return 0;
}

/* "seen by ROBERT HALE today": a name in capitals inside a line of
 * mixed case (a line all in capitals is a heading), its words of three
 * letters or more. */
static int
caps_in_prose(const char *b, size_t n, const struct seq *q)
{
	size_t lo = line_lo(b, q->s, 200), k;
	int k2, lower = 0;

	if (q->t[0].kind != TOK_UPPER)
		return 0;
	for (k2 = 0; k2 < q->n; k2++)
		if (q->t[k2].kind != TOK_UPPER || q->t[k2].e - q->t[k2].s < 3)
			return 0;
	for (k = lo; k < q->s && !lower; k++)
		lower = IS_LOWER(b[k]);
	for (k = q->e; k < n && k - q->e < 200 && b[k] != '\n' &&
	     b[k] != '\r' && !lower; k++)
		lower = IS_LOWER(b[k]);
	return lower;
}

static int
list_pair(const char *b, size_t n, const struct seq *q)
{
	const struct tok *f = &q->t[0], *l = &q->t[q->n - 1];
	int k, words = 0;

	if (q->n < 2 || q->n > 4 || f->kind != l->kind ||
	    (f->kind != TOK_TITLE && !caps_in_prose(b, n, q)))
		return 0;
	for (k = 0; k < q->n; k++)
		words += tok_is_word(&q->t[k]);
	if (words > 3 || weekday(b + f->s, f->e - f->s))
		return 0;
	/* "Thu May 8", "June Smith 2019": a date, not a name. */
	if (q->e + 1 < n && b[q->e] == ' ' && IS_DIGIT(b[q->e + 1]))
		return 0;
	return (f->roles & R_FIRST) && (l->roles & R_LAST);
}

/* "Kim, Jane A.", "KIM,JANE", "De Luca, Bianca": the given part after
 * the comma, read into q2; its end or 0. */
static size_t
comma_given(const struct wset *rt, const char *b, size_t n,
	    const struct seq *q, struct seq *q2)
{
	size_t k = q->e;

	if (q->possessive || q->n > 2 || k >= n || b[k] != ',' ||
	    q->t[0].kind != q->t[q->n - 1].kind)
		return 0;
	k++;
	if (k < n && b[k] == ' ')
		k++;
	if (k >= n || upper_at(b, n, k) == 0)
		return 0;
	read_seq(rt, b, n, k, q2);
	/* "VAN DIJK, Anna" (mixed) is judged on stronger evidence. */
	if (q2->n == 0 || q2->n > 3 || !tok_is_word(&q2->t[0]) ||
	    (q2->t[0].kind != q->t[q->n - 1].kind &&
	     !(q->t[q->n - 1].kind == TOK_UPPER &&
	       q2->t[0].kind == TOK_TITLE)))
		return 0;
	return q2->e;
}

/* The words are the whole of a string literal: "Jane Kim", 'Kim, Jane'. */
static int
quoted(const char *b, size_t n, size_t s, size_t e)
{
	return s > 0 && e < n && (b[s - 1] == '"' || b[s - 1] == '\'') &&
	       b[e] == b[s - 1];
}

/* A first name from the list and a capitalised surname not known as
 * anything else, in a string literal of its own: code fixtures spell
 * names the lists do not hold ("Effie van Ommeren"). */
static int
quoted_pair(const char *b, size_t n, const struct seq *q)
{
	const struct tok *f = &q->t[0], *l = &q->t[q->n - 1];

	return q->n >= 2 && q->n <= 4 && f->kind == TOK_TITLE &&
	       l->kind == TOK_TITLE && (f->roles & R_FIRST) &&
	       !(l->roles & (R_ORG | R_LABEL | R_TITLE | R_CRED)) &&
	       quoted(b, n, q->s, q->e);
}

/* new Patient("Anthony", "Hashimoto", ...): a quoted first name and a
 * quoted capitalised word side by side in an argument list are a given
 * name and a surname.  q is one quoted word; 1 if its neighbour makes
 * the pair. */
static int
quoted_args(const struct wset *rt, const char *b, size_t n,
	    const struct seq *q)
{
	const struct tok *t = &q->t[0];
	size_t k;
	struct tok o;
	char qc;

	if (q->n != 1 || t->kind != TOK_TITLE || !quoted(b, n, q->s, q->e) ||
	    (t->roles & (R_ORG | R_LABEL | R_TITLE | R_CRED)))
		return 0;
	qc = b[q->e];
	/* The literal after: "Anthony", "Hashimoto" seen from "Anthony". */
	k = q->e + 1;
	if ((t->roles & R_FIRST) && k + 3 < n && b[k] == ',' &&
	    b[k + 1] == ' ' && b[k + 2] == qc && name_token(b, n, k + 3, &o) >
	    k + 3 && o.kind == TOK_TITLE && o.e < n && b[o.e] == qc)
		return 1;
	/* The literal before, seen from "Hashimoto". */
	k = q->s - 1;
	if (k >= 4 && b[k - 1] == ' ' && b[k - 2] == ',' && b[k - 3] == qc) {
		size_t e0 = k - 3, s0 = e0;

		while (s0 > 0 && IS_ALPHA(b[s0 - 1]) && e0 - s0 < 20)
			s0--;
		if (s0 > 0 && b[s0 - 1] == qc && s0 < e0 && IS_UPPER(b[s0]) &&
		    (wset_get(rt, b + s0, e0 - s0) & R_FIRST))
			return 1;
	}
	return 0;
}

/* An age after a comma: "26 y/o", "32-year-old", "77 yo", "41 years
 * old". */
static int
age_after(const char *b, size_t n, size_t k)
{
	static const char *const units[] = {
		" y/o", " yo", "yo", "-yo", " y.o.", "-year-old", " year old",
		" years old", " yrs", "y/o", NULL
	};
	size_t d = k, i;

	while (d < n && IS_DIGIT(b[d]) && d - k < 4)
		d++;
	if (d == k || d - k > 3)
		return 0;
	for (i = 0; units[i] != NULL; i++) {
		size_t l = strlen(units[i]);

		if (n - d >= l && memcmp(b + d, units[i], l) == 0 &&
		    (d + l == n || !IS_ALNUM(b[d + l])))
			return 1;
	}
	return 0;
}

/* A word of rs roles at b[k], ended by punctuation or the line's end:
 * "daughter,", "caregiver)". */
static int
role_word_at(const struct names_shared *sh, const char *b, size_t n,
	     size_t k, unsigned rs, int close)
{
	size_t we = k;
	unsigned r;

	while (we < n && IS_ALPHA(b[we]) && we - k < 20)
		we++;
	if (we == k || (we < n && (IS_HIGH(b[we]) || IS_DIGIT(b[we]))))
		return 0;
	r = wset_get(&sh->lists.roles, b + k, we - k);
	if (!(r & rs) || (r & (R_COLON | R_NOT)))
		return 0;
	if (close)
		return we < n && b[we] == ')';
	return we == n || b[we] == ',' || b[we] == '.' || b[we] == ';' ||
	       b[we] == ')' || b[we] == '\n' || b[we] == '\r';
}

/* "Jane Kim, DOB 03/04/1961", "Jane Kim (DOB", "Kim, Jane, 71 y/o",
 * "Jane Kim, daughter,", "Jane Kim (caregiver)": the words after say a
 * person. */
static int
person_after(const struct names_shared *sh, const char *b, size_t n,
	     size_t e)
{
	static const char *const forms[] = {
		", dob", " dob", " (dob", ", born", ", age ", ", aged ",
		" (age ", ", mrn", " (mrn", NULL
	};
	size_t i, k;

	for (i = 0; forms[i] != NULL; i++) {
		size_t l = strlen(forms[i]);

		for (k = 0; k < l && e + k < n &&
		     LOWER(b[e + k]) == forms[i][k]; k++)
			;
		if (k == l && (e + l == n || !IS_ALPHA(b[e + l]) ||
			       forms[i][l - 1] == ' '))
			return 1;
	}
	if (e + 2 < n && b[e] == ',' && b[e + 1] == ' ') {
		if (age_after(b, n, e + 2) ||
		    role_word_at(sh, b, n, e + 2, R_CUE, 0))
			return 1;
		return role_word_at(sh, b, n, e + 2, R_ROLE, 0) ? 2 : 0;
	}
	/* "(sitter)", "(daughter)" say a person; "(patient)", "(member)"
	 * may say whom a document is for: 2, judged further. */
	if (e + 2 < n && b[e] == ' ' && b[e + 1] == '(') {
		if (!role_word_at(sh, b, n, e + 2, R_CUE | R_ROLE | R_LABEL,
				  1))
			return 0;
		return role_word_at(sh, b, n, e + 2, R_LABEL, 1) ? 2 : 1;
	}
	return 0;
}

/* The line around b[e] lists two people or more with their roles in
 * parentheses ("A (clinician), B (patient)"). */
static int
role_list(const struct names_shared *sh, const char *b, size_t n, size_t e)
{
	size_t k = line_lo(b, e, 400), c;
	int count = 0, comma = 0;

	for (; k + 1 < n && k < e + 400 && b[k] != '\n' && b[k] != '\r';
	     k++) {
		if (b[k] != '(' || k == 0 || b[k - 1] != ' ' ||
		    !role_word_at(sh, b, n, k + 1, R_CUE | R_ROLE | R_LABEL,
				  1))
			continue;
		count++;
		c = k + 1;
		while (c < n && b[c] != ')')
			c++;
		comma |= c + 1 < n && b[c + 1] == ',';
	}
	return count >= 2 && comma;
}

/* The words look like a name of their own: no other role, and a listed
 * first name and surname, or a letter beyond ASCII ("Jiří Novák"); not
 * "See Consent Form (patient)". */
static int
name_like(const char *b, const struct seq *q)
{
	int k, high = 0;
	size_t i;

	for (k = 0; k < q->n; k++) {
		const struct tok *t = &q->t[k];

		if (t->roles & ~(unsigned)(R_FIRST | R_LAST | R_ANY))
			return 0;
		for (i = t->s; i < t->e; i++)
			high |= IS_HIGH(b[i]);
	}
	return high || ((q->t[0].roles & R_FIRST) &&
			(q->t[q->n - 1].roles & R_LAST));
}

/* "Last Name", "Patient Name": a header or a label, not a name. */
static int
header_like(const struct names_shared *sh, const char *b, const struct seq *q)
{
	char t[96];
	size_t tl = norm_phrase(b + q->s, q->e - q->s, t, sizeof(t));

	return wset_has(&sh->labels, t, tl) ||
	       (tl >= 4 && memcmp(t + tl - 4, "name", 4) == 0 &&
		(tl == 4 || t[tl - 5] == ' '));
}

/* Could a later word of q start a name when q as a whole is none?  Only
 * if it has a role (a first name for a pair, a label or title before the
 * rest) or was seen before in the document. */
static int
tail_may_name(const struct names_state *st, const char *b,
	      const struct seq *q)
{
	int k;

	for (k = 1; k < q->n; k++) {
		const struct tok *t = &q->t[k];

		if (!tok_is_word(t))
			continue;
		if ((t->roles & (R_FIRST | R_LABEL | R_HON | R_TITLE |
				 R_CUE)) ||
		    wset_has(&st->seen, b + t->s, t->e - t->s))
			return 1;
	}
	return 0;
}

/* A speaker's handle opening a chat line: "[15:54] Khalid B.: ...",
 * "Ana r.: ...", "[09:12] Mira Kovacs: ...".  The end of the span (after
 * the initial's dot) or 0. */
static size_t
speaker_handle(const struct names_shared *sh, const char *b, size_t n,
	       const struct seq *q)
{
	const struct tok *f = &q->t[0], *l = &q->t[q->n - 1];
	size_t e = q->e, ts = ts_prefix(b, q->s);
	int k, words = 0, initial = 0;
	unsigned bad = R_LABEL | R_ORG | R_TITLE | R_HON | R_CUE | R_NOT;

	if (q->n > 3 || f->kind != TOK_TITLE || q->possessive ||
	    !line_head(b, q->s))
		return 0;
	for (k = 0; k < q->n; k++) {
		const struct tok *t = &q->t[k];

		if ((t->roles & bad) || is_cred(&sh->creds, t->roles,
						b + t->s, t->e - t->s))
			return 0;
		words += tok_is_word(t);
	}
	if (l->kind == TOK_INITIAL) {
		initial = 1;
	} else if (q->n == 1 && e + 3 < n && b[e] == ' ' &&
		   IS_LOWER(b[e + 1]) && b[e + 2] == '.') {
		/* "Ana r.:": a lowercase initial. */
		e += 3;
		initial = 1;
	}
	if (e >= n || b[e] != ':' || (e + 1 < n && b[e + 1] != ' ' &&
				      b[e + 1] != '\t'))
		return 0;
	if (initial && words == 1 &&
	    (ts != SIZE_MAX || (f->roles & R_FIRST)))
		return e;
	if (initial || ts == SIZE_MAX)
		return 0;
	/* The surname list holds "Worker", "Server", "Main": a log's
	 * "[10:02] Worker: ..." needs a listed first name. */
	if (f->roles & R_FIRST)
		return e;
	return 0;
}

/* The label before b[p] is a speaker's in a transcript:
 * "[10:02] Patient: " -- a timestamp, one or two words, a colon. */
static int
speaker_label(const char *b, size_t p)
{
	size_t k = p, words = 0;

	while (k > 0 && (b[k - 1] == ' ' || b[k - 1] == '\t'))
		k--;
	if (k == 0 || b[k - 1] != ':')
		return 0;
	k--;
	while (k > 0 && words < 3) {
		size_t we = k;

		while (k > 0 && (IS_ALPHA(b[k - 1]) || IS_HIGH(b[k - 1])) &&
		       we - k < 24)
			k--;
		if (k == we)
			return 0;
		words++;
		if (ts_prefix(b, k) == k)
			return 1;
		if (k == 0 || b[k - 1] != ' ')
			return 0;
		k--;
	}
	return 0;
}

/* The value at b[s..e) ends a "key: value" line of a config ("  - name:
 * UPSTREAM"): the line holds only indentation, a list dash, the key and
 * the value. */
static int
config_key(const char *b, size_t n, size_t s, size_t e)
{
	size_t k = line_lo(b, s, 80);

	while (k < s && (b[k] == ' ' || b[k] == '\t'))
		k++;
	if (k < s && b[k] == '-' && k + 1 < s && b[k + 1] == ' ')
		k += 2;
	while (k < s && (IS_ALNUM(b[k]) || b[k] == '_'))
		k++;
	if (k >= s || b[k] != ':')
		return 0;
	for (k++; k < s; k++)
		if (b[k] != ' ')
			return 0;
	return e >= n || b[e] == '\n' || b[e] == '\r';
}

/* A lone word after a label goes on as running text: "Sure, it's ...",
 * "My cell ...", or after a colon label ("RE:") a number: "Level 1
 * appeal". */
static int
running_after(const char *b, size_t n, size_t e, int colon_label)
{
	size_t k = e;

	if (k + 2 < n && b[k] == ',' && b[k + 1] == ' ' && IS_LOWER(b[k + 2]))
		return 1;
	if (k + 1 >= n || b[k] != ' ')
		return 0;
	k++;
	if (colon_label && IS_DIGIT(b[k]))
		return 1;
	if (!IS_LOWER(b[k]))
		return 0;
	/* "Patient: Kim is ...": a lowercase particle may be in a name. */
	while (k < n && IS_LOWER(b[k]))
		k++;
	return k - e - 1 > 3 || (k < n && b[k] == ' ' && k + 1 < n &&
				 IS_LOWER(b[k + 1]));
}

/* "by Tomasz Novák": two or three capitalised words, one with a letter
 * beyond ASCII, none with another role; the lists hold few such names. */
static int
accented_pair(const char *b, const struct seq *q)
{
	int k, high = 0;
	size_t i;

	if (q->n < 2 || q->n > 3)
		return 0;
	for (k = 0; k < q->n; k++) {
		const struct tok *t = &q->t[k];

		if (t->kind != TOK_TITLE || (t->roles & ~(unsigned)(R_FIRST |
							     R_LAST | R_ANY)))
			return 0;
		for (i = t->s; i < t->e; i++)
			high |= IS_HIGH(b[i]);
	}
	return high;
}

static int
judge(struct names_state *st, const struct phi_window *w,
      struct phi_cands *out, size_t i, size_t *next, struct ck_error *err)
{
	const struct names_shared *sh = st->sh;
	const char *b = w->buf;
	size_t n = w->len, hs = SIZE_MAX, s, e, ps;
	struct seq q, q2;
	int cue, cred, words = 0, k, conf = PHI_CONF_MEDIUM, learn = 1;
	unsigned lroles = 0;
	int pa;
	const char *rule = NULL;

	/* Cheap look at the first word before any lookup: identifiers
	 * ("SIZE_MAX", "Foo2", "Patient(", "Map<") and lone short capitals
	 * ("NULL;", "IO.") start no name. */
	{
		struct tok t0;
		size_t e0 = name_token(b, n, i, &t0);

		if (e0 == i)
			return 0;
		if (e0 < n && (b[e0] == '_' || IS_DIGIT(b[e0]) ||
			       b[e0] == '<' || b[e0] == '[' || b[e0] == '{' ||
			       (b[e0] == '(' && t0.kind != TOK_UPPER) ||
			       (b[e0] == '.' && e0 + 1 < n &&
				IS_ALPHA(b[e0 + 1]) && t0.kind != TOK_INITIAL))) {
			while (e0 < n && (IS_ALNUM(b[e0]) || b[e0] == '_'))
				e0++;
			*next = e0;
			return 0;
		}
		if (t0.kind == TOK_UPPER && t0.e - t0.s <= 3 && e0 < n &&
		    b[e0] != ' ' && b[e0] != ',' && b[e0] != '\'' &&
		    b[e0] != '^') {
			*next = e0;
			return 0;
		}
	}
	if (st->seen.n > 0 && w->base + i > st->last_learn + SEEN_SPAN) {
		memset(st->seen.arena, 0, st->seen.acap);
		wset_free(&st->seen);
	}
	read_seq(&sh->lists.roles, b, n, i, &q);
	*next = q.n > 0 ? q.t[0].e : i + 1;
	if (q.n == 0 || *next <= i)
		*next = i + 1;
	if (q.n == 0)
		return 0;
	/* "Dr", "Mrs", "RN", "MD" open no name: the name follows them;
	 * "None", "Null", "Doe" are never one. */
	if (any_role(&q, R_NOT))
		return 0;
	if ((q.t[0].roles & (R_TITLE | R_HON)) ||
	    is_cred(&sh->creds, q.t[0].roles, b + q.t[0].s,
		    q.t[0].e - q.t[0].s))
		return 0;
	if ((e = speaker_handle(sh, b, n, &q)) > 0) {
		*next = e;
		return emit(st, w, out, b, q.s, e, &q, NULL, PHI_CONF_HIGH,
			    PHI_PRIO_CONTEXT, "name.context", 1, err);
	}
	/* "Patient Emma Kim": the label in front is not part of the name;
	 * nor "Daughter Emma" opening a sentence. */
	if (q.n >= 2 && ((q.t[0].roles & R_LABEL) ||
			 ((q.t[0].roles & R_CUE) && q.t[0].kind == TOK_TITLE &&
			  !(q.t[0].roles & (R_FIRST | R_LAST))))) {
		*next = q.t[0].e;
		return 0;
	}
	cred = cut_credential(sh, b, n, &q);
	/* "VARCHAR(100)", "Date.parse(": code, not a name. */
	if (!cred && q.e < n && (b[q.e] == '(' || (b[q.e] == '.' &&
	    q.e + 1 < n && IS_ALPHA(b[q.e + 1]))))
		return 0;
	for (k = 0; k < q.n; k++)
		words += tok_is_word(&q.t[k]);
	if (words == 0)
		return 0;
	/* "BP", "ICU", "MAC": short capitals alone are abbreviations. */
	if (q.n == 1 && q.t[0].kind == TOK_UPPER && q.t[0].e - q.t[0].s <= 3)
		return 0;
	/* "Mercy Hospital", "Heritage Memorial", "Boston Scientific". */
	if (any_org(&q) || org_after(sh, b, n, q.e)) {
		*next = q.e;
		return 0;
	}
	/* "Dr. van Hulst", "Mrs. van de Ven": particles before the
	 * capital belong to the name. */
	ps = i;
	for (k = 0; k < 3 && ps >= 3 && b[ps - 1] == ' '; k++) {
		size_t ws = ps - 1;

		while (ws > 0 && IS_LOWER(b[ws - 1]) && ps - 1 - ws < 5)
			ws--;
		if (ws == ps - 1 || word_before(b, ws) ||
		    !is_particle(b, ws, ps - 1))
			break;
		ps = ws;
	}
	cue = cue_before(sh, b, ps, &hs, &lroles);
	if (ps < i && cue == CUE_NONE)
		ps = i;
	q.s = ps;
	/* "PATIENT BILLING STATEMENT" is a heading; "PATIENT Navarro" is
	 * not. */
	if (cue == CUE_LABEL_CAPS && q.t[0].kind != TOK_TITLE)
		cue = CUE_NONE;
	/* "the provider is Blue Cross Plan": after "is", the words must
	 * look like a name, a listed first name or a letter beyond ASCII. */
	if (cue == CUE_LABEL_IS)
		cue = words >= 2 && q.t[0].kind == TOK_TITLE &&
		      !any_role(&q, ~(unsigned)(R_FIRST | R_LAST | R_ANY)) &&
		      ((q.t[0].roles & R_FIRST) || accented_pair(b, &q)) ?
		      CUE_LABEL_WORD : CUE_NONE;
	/* After a credential: two capitalised words, one of them listed
	 * ("RN Jane Okafor"; not "PT Evaluation Note"). */
	if (cue == CUE_CRED &&
	    (words < 2 || q.t[0].kind != TOK_TITLE ||
	     q.t[q.n - 1].kind != TOK_TITLE ||
	     !((q.t[0].roles & R_FIRST) || (q.t[q.n - 1].roles & R_LAST))))
		cue = CUE_NONE;
	/* "- name: UPSTREAM" in a config: an identifier in capitals, not a
	 * listed name. */
	if (cue == CUE_LABEL && q.n == 1 && q.t[0].kind == TOK_UPPER &&
	    !(q.t[0].roles & (R_FIRST | R_LAST)) && config_key(b, n, ps, q.e))
		cue = CUE_NONE;
	/* "[10:02] Nurse: Okay, ..." opens an utterance, not a field;
	 * "RE: Stage 2 review" is a subject line. */
	if ((cue == CUE_LABEL || cue == CUE_LABEL_CAPS) &&
	    (speaker_label(b, ps) || (q.n == 1 && running_after(b, n, q.e,
						(lroles & R_COLON) != 0))))
		cue = CUE_NONE;

	/* A house number before: a street ("12 Martin Luther King Jr"). */
	if (cue == CUE_NONE && i >= 2 && b[i - 1] == ' ' &&
	    IS_DIGIT(b[i - 2])) {
		*next = q.e;
		return 0;
	}
	if (!cred)
		cred = credential_after(sh, b, n, q.e);

	/* "Last, First" as one span. */
	if (comma_given(&sh->lists.roles, b, n, &q, &q2) > 0) {
		struct seq g = q2;
		int gcred = cut_credential(sh, b, n, &g);

		if (g.n > 0 && !state_after(b, n, q.e) &&
		    !state_after(b, n, g.e) &&
		    !is_cred(&sh->creds, g.t[0].roles, b + g.t[0].s,
			     g.t[0].e - g.t[0].s) &&
		    !any_org(&g)) {
			/* Listed, or a given name alone in a string literal
			 * ("Gonçalves, Priya"). */
			int lf = ((g.t[0].roles & R_FIRST) &&
				  (q.t[q.n - 1].roles & R_LAST)) ||
				 (((g.t[0].roles & R_FIRST) ||
				   (q.t[q.n - 1].roles & R_LAST)) &&
				  quoted(b, n, q.s, g.e));

			int mixed = g.t[0].kind != q.t[q.n - 1].kind;
			int gpa = person_after(sh, b, n, g.e);

			if (!gcred)
				gcred = credential_after(sh, b, n, g.e);
			if (mixed && cue == CUE_NONE && !gcred && !gpa)
				lf = 0;
			else if (gpa)
				lf = 1;
			if ((cue != CUE_NONE || gcred || lf ||
			     (all_seen(st, b, &q) && all_seen(st, b, &g))) &&
			    !header_like(sh, b, &q)) {
				*next = g.e;
				return emit(st, w, out, b, q.s, g.e, &q, &g,
					    cue != CUE_NONE || gcred ?
					    PHI_CONF_HIGH : PHI_CONF_MEDIUM,
					    cue != CUE_NONE || gcred ?
					    PHI_PRIO_CONTEXT : PHI_PRIO_LIST,
					    "name.context", !quoted(b, n, q.s, g.e) ||
					    cue != CUE_NONE || gcred, err);
			}
		}
	}
	if (cue == CUE_LABEL_WORD && (q.t[0].kind != TOK_TITLE || words < 2))
		cue = CUE_NONE;
	/* "signed by Jane Kim", "sister Mary": but not "by You", "by
	 * Sections 1", "BY APPLICABLE LAW": a listed name word is needed. */
	if (cue == CUE_WEAK && (q.t[0].kind != TOK_TITLE ||
				(q.n >= 2 && !(q.t[0].roles & R_FIRST) &&
				 !accented_pair(b, &q)) ||
				(q.n == 1 && !(q.t[0].roles & R_FIRST) &&
				 (!(q.t[0].roles & R_LAST) ||
				  q.t[0].e - q.t[0].s < 4))))
		cue = CUE_NONE;
	if (cue == CUE_WORD && q.t[0].kind != TOK_TITLE)
		cue = CUE_NONE;
	if (state_after(b, n, q.e) && cue != CUE_HONORIFIC &&
	    cue != CUE_TITLE && !cred)
		return 0;
	s = cue == CUE_HONORIFIC ? hs : q.s;
	e = q.e;
	if (cue != CUE_NONE || after_closing(sh, b, n, q.s, q.e)) {
		conf = PHI_CONF_HIGH;
		rule = "name.context";
		/* Weak cues find the name but teach nothing. */
		learn = cue != CUE_WEAK && cue != CUE_LABEL_WORD;
	} else if (cred && (q.t[q.n - 1].kind == TOK_TITLE || cred == 2)) {
		/* "Lura MSW", "Jane Kim, MD"; not "PELVIS WITH IV". */
		conf = PHI_CONF_HIGH;
		rule = "name.credential";
	} else if (list_pair(b, n, &q)) {
		rule = "name.list";
	} else if (quoted_pair(b, n, &q) ||
		   quoted_args(&sh->lists.roles, b, n, &q)) {
		rule = "name.list";
		learn = 0;
	} else if ((words >= 2 || (q.n >= 2 &&
				   q.t[0].kind == TOK_INITIAL)) &&
		   q.t[0].kind != TOK_UPPER &&
		   q.t[q.n - 1].kind == TOK_TITLE &&
		   (pa = person_after(sh, b, n, q.e)) != 0 &&
		   (pa == 1 || name_like(b, &q) ||
		    role_list(sh, b, n, q.e))) {
		rule = "name.context";
		learn = 0;
	} else if (all_seen(st, b, &q)) {
		rule = "name.mention";
		learn = 0;
	}
	if (rule != NULL && !header_like(sh, b, &q)) {
		*next = q.e;
		return emit(st, w, out, b, s, e, &q, NULL, conf,
			    conf == PHI_CONF_HIGH ? PHI_PRIO_CONTEXT :
			    PHI_PRIO_LIST, rule, learn, err);
	}
	/* Skip the words after the first when none of them could start a
	 * name: each lookup costs a cache miss. */
	if (!tail_may_name(st, b, &q))
		*next = q.e;
	return 0;
}

/* "Patient: 王小明": a CJK name after a label or a relation word. */
static int
judge_cjk(struct names_state *st, const struct phi_window *w,
	  struct phi_cands *out, size_t i, size_t *next, struct ck_error *err)
{
	const char *b = w->buf;
	size_t n = w->len, k = i, chars = 0, hs;
	unsigned lroles = 0;
	int cue;

	/* U+3040-U+30FF kana, U+4E00-U+9FFF CJK ideographs, U+AC00-U+D7A3
	 * Hangul: three-byte sequences with leads E3..ED. */
	while (k + 2 < n && U8(b[k]) >= 0xe3 && U8(b[k]) <= 0xed &&
	       (U8(b[k + 1]) & 0xc0) == 0x80 && (U8(b[k + 2]) & 0xc0) == 0x80 &&
	       chars < 8) {
		k += 3;
		chars++;
	}
	*next = k > i ? k : i + 1;
	if (chars < 2 || chars > 5)
		return 0;
	cue = cue_before(st->sh, b, i, &hs, &lroles);
	if (cue != CUE_LABEL && cue != CUE_LABEL_CAPS && cue != CUE_WORD)
		return 0;
	return emit(st, w, out, b, i, k, NULL, NULL, PHI_CONF_HIGH,
		    PHI_PRIO_CONTEXT, "name.context", 0, err);
}

/* Offset of the next capital letter or non-ASCII byte in b[i..n), or n:
 * eight bytes at a time. */
static size_t
next_capital(const char *b, size_t i, size_t n)
{
	const uint64_t ones = 0x0101010101010101ull;
	const uint64_t high = 0x8080808080808080ull;

	while (i + 8 <= n) {
		uint64_t x, lo, u;

		memcpy(&x, b + i, 8);
		lo = x & (ones * 127);
		u = (ones * (127 + ('Z' + 1)) - lo) & ~x &
		    (lo + ones * (127 - ('A' - 1)));
		if (((u | x) & high) != 0)
			break;
		i += 8;
	}
	while (i < n && !IS_UPPER(b[i]) && !IS_HIGH(b[i]))
		i++;
	return i;
}

/* ---- the detector ------------------------------------------------------- */

static void
names_fini(void *p)
{
	struct names_shared *sh = p;

	if (sh == NULL)
		return;
	if (names_loaded == &sh->lists)
		names_loaded = NULL;
	wset_free(&sh->lists.roles);
	wset_free(&sh->labels);
	wset_free(&sh->closings);
	strlist_free(&sh->creds);
	free(sh);
}

/* The lists live in DATADIR/names (ck_datadir: $COMPLYKIT_DATADIR, the
 * installed pkgdatadir, or the source tree of an uninstalled build). */
static const char *
names_datadir(void)
{
	return ck_datadir();
}

static void *
names_init(const struct phi_engine *e, struct ck_error *err)
{
	struct names_shared *sh = calloc(1, sizeof(*sh));
	const json_t *sec = e ? phi_engine_section(e, "names") : NULL;
	const char *dir = names_datadir();
	struct wset *r;

	if (sh == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	r = &sh->lists.roles;

	if (load_list(r, dir, "first.txt", R_FIRST, err) < 0 ||
	    load_list(r, dir, "last.txt", R_LAST, err) < 0 ||
	    load_words(r, R_LABEL, &sh->labels, NULL, sec, "labels", err) < 0 ||
	    load_words(r, R_CUE, NULL, NULL, sec, "cues", err) < 0 ||
	    load_words(r, R_HON, NULL, NULL, sec, "honorifics", err) < 0 ||
	    load_words(r, R_TITLE, NULL, NULL, sec, "titles", err) < 0 ||
	    load_words(r, R_ORG, NULL, NULL, sec, "organisations", err) < 0 ||
	    load_words(r, R_NOT, NULL, NULL, sec, "not_names", err) < 0 ||
	    load_words(r, R_COLON, NULL, NULL, sec, "colon_labels", err) < 0 ||
	    load_words(r, R_WEAK, NULL, NULL, sec, "weak_cues", err) < 0 ||
	    load_words(r, R_ROLE, NULL, NULL, sec, "roles", err) < 0 ||
	    load_words(r, 0, &sh->closings, NULL, sec, "closings", err) < 0 ||
	    load_words(r, R_CRED, NULL, &sh->creds, sec, "credentials",
		       err) < 0) {
		names_fini(sh);
		return NULL;
	}
	names_loaded = &sh->lists;
	return sh;
}

static void *
names_state_new(void *shared)
{
	struct names_state *st = calloc(1, sizeof(*st));

	if (st != NULL)
		st->sh = shared;
	return st;
}

static void
names_state_free(void *state)
{
	struct names_state *st = state;

	if (st == NULL)
		return;
	wset_free(&st->seen);
	free(st);
}

/* A new document: forget the names of the last one (they are PHI too). */
static void
names_begin(void *state, const char *path)
{
	struct names_state *st = state;

	(void)path;
	if (st->seen.arena != NULL)
		memset(st->seen.arena, 0, st->seen.acap);
	wset_free(&st->seen);
	st->last_learn = 0;
}

static int
names_scan(void *state, const struct phi_window *w, struct phi_cands *out,
	   struct ck_error *err)
{
	struct names_state *st = state;
	const char *b = w->buf;
	size_t n = w->len, i = 0, next;

	while ((i = next_capital(b, i, n)) < n) {
		int r = 0;

		next = i + 1;
		if (word_before(b, i)) {
			while (next < n && (IS_ALNUM(b[next]) ||
					    IS_HIGH(b[next])))
				next++;
		} else if (upper_at(b, n, i) > 0) {
			r = judge(st, w, out, i, &next, err);
		} else if (U8(b[i]) >= 0xe3 && U8(b[i]) <= 0xed) {
			r = judge_cjk(st, w, out, i, &next, err);
		} else {
			while (next < n && (U8(b[next]) & 0xc0) == 0x80)
				next++;
		}
		if (r < 0)
			return -1;
		i = next > i ? next : i + 1;
	}
	return 0;
}

const struct phi_detector phi_detector_names = {
	"names", names_init, names_fini, names_state_new, names_state_free,
	names_begin, names_scan
};
