/* dates.c -- DATE: calendar dates in the common written forms, kept when
 * they may belong to a person and dropped when the text around them marks
 * them as a system's own time (log and build stamps, release headings,
 * record metadata keys, copyright, card expiry, arithmetic).
 *
 * HIPAA Safe Harbor (45 CFR 164.514(b)(2)(i)(C)) removes every element of
 * a date but the year that relates to an individual, so the default is to
 * keep a date and the drop rules are about classes of machine text.
 *
 * One linear pass: only positions where a digit run or a word starting
 * with a month's initial begins are looked at. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/phi/phi.h"
#include "common/phi/detect.h"

#define IS_DIGIT(c) ((unsigned)((unsigned char)(c) - '0') < 10u)
#define IS_ALPHA(c) ((unsigned)(((unsigned char)(c) | 0x20) - 'a') < 26u)
#define IS_ALNUM(c) (IS_DIGIT(c) || IS_ALPHA(c))
#define LOWER(c) ((char)(IS_ALPHA(c) ? ((c) | 0x20) : (c)))

/* ---- the date grammar ------------------------------------------------ */

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static int
days_in_month(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				   30, 31 };

	if (m == 2 && y >= 0 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* y < 0: a two-digit year, century unknown: allow 29 February. */
static int
valid_ymd(int y, int m, int d)
{
	if (m < 1 || m > 12 || d < 1)
		return 0;
	if (y < 0)
		return d <= (m == 2 ? 29 : days_in_month(2001, m));
	return d <= days_in_month(y, m);
}

static int
plausible_year(int y)
{
	return y >= 1880 && y <= 2099;
}

/* Digits at s[i..): their count (capped at 15) and value. */
static size_t
digits(const char *s, size_t n, size_t i, long *val)
{
	size_t k = 0;
	long v = 0;

	while (i + k < n && IS_DIGIT(s[i + k]) && k < 15) {
		v = v * 10 + (s[i + k] - '0');
		k++;
	}
	*val = v;
	return k;
}

/* A month name or abbreviation ("Mar", "Sept.", "MARCH") at s[i..);
 * returns the month (1-12) and sets *len (including a trailing '.' after
 * an abbreviation), else 0. */
static int
month_word(const char *s, size_t n, size_t i, size_t *len)
{
	char w[10];
	size_t k = 0, m;

	while (i + k < n && IS_ALPHA(s[i + k])) {
		if (k == sizeof(w) - 1)
			return 0;
		w[k] = LOWER(s[i + k]);
		k++;
	}
	if (k < 3)
		return 0;
	w[k] = '\0';
	for (m = 0; m < 12; m++) {
		size_t fl = strlen(month_names[m]);

		if (k == fl && memcmp(w, month_names[m], k) == 0) {
			*len = k;
			return (int)m + 1;
		}
		if ((k == 3 && memcmp(w, month_names[m], 3) == 0) ||
		    (m == 8 && k == 4 && memcmp(w, "sept", 4) == 0)) {
			*len = k;
			if (i + k < n && s[i + k] == '.')
				(*len)++;
			return (int)m + 1;
		}
	}
	return 0;
}

/* Not glued to a following digit, letter or another date-like part
 * ("1.2.3.4", "2024-03-12-rc1"). */
static int
ends_clean(const char *s, size_t n, size_t e)
{
	if (e >= n)
		return 1;
	if (IS_ALNUM(s[e]) || s[e] == '_')
		return 0;
	if ((s[e] == '.' || s[e] == '-' || s[e] == '/' || s[e] == ':') &&
	    e + 1 < n && IS_DIGIT(s[e + 1]))
		return 0;
	if (s[e] == '-' && e + 1 < n && IS_ALPHA(s[e + 1]))
		return 0;		/* "2024-03-12-rc1" is a tag */
	return 1;
}

/* "T08:30", "T08:30:00.123Z", "T083000-0500" after an ISO date: one token
 * with it.  Returns the length of the time part or 0. */
static size_t
iso_time(const char *s, size_t n, size_t i)
{
	size_t k = i;
	long v;

	if (k >= n || s[k] != 'T')
		return 0;
	k++;
	if (digits(s, n, k, &v) != 2 || v > 23)
		return 0;
	k += 2;
	if (k < n && s[k] == ':')
		k++;
	if (digits(s, n, k, &v) != 2 || v > 59)
		return 0;
	k += 2;
	if (k + 2 < n && s[k] == ':' && IS_DIGIT(s[k + 1])) {
		if (digits(s, n, k + 1, &v) != 2 || v > 60)
			return 0;
		k += 3;
		if (k + 1 < n && (s[k] == '.' || s[k] == ',') &&
		    IS_DIGIT(s[k + 1])) {
			k++;
			while (k < n && IS_DIGIT(s[k]))
				k++;
		}
	}
	if (k < n && s[k] == 'Z') {
		k++;
	} else if (k + 2 < n && (s[k] == '+' || s[k] == '-') &&
		   digits(s, n, k + 1, &v) >= 2) {
		size_t d = digits(s, n, k + 1, &v);

		if (d == 2 && k + 5 < n && s[k + 3] == ':' &&
		    digits(s, n, k + 4, &v) == 2)
			k += 6;
		else if (d == 2 || d == 4)
			k += 1 + d;
	}
	return k - i;
}

/* YYYYMMDD[HH[MM[SS[.f]]]][+-ZZZZ], the HL7 v2 DTM and compact form. */
static size_t
compact_date(const char *s, size_t n, size_t nd)
{
	long y, m, d, hh, mm, ss;
	size_t k;

	/* No 10-digit YYYYMMDDHH: it collides with phone numbers and NPIs. */
	if (nd != 8 && nd != 12 && nd != 14)
		return 0;
	digits(s, 4, 0, &y);
	digits(s + 4, 2, 0, &m);
	digits(s + 6, 2, 0, &d);
	if (!plausible_year((int)y) || !valid_ymd((int)y, (int)m, (int)d))
		return 0;
	if (nd >= 12) {
		digits(s + 8, 2, 0, &hh);
		if (hh > 23)
			return 0;
	}
	if (nd >= 12) {
		digits(s + 10, 2, 0, &mm);
		if (mm > 59)
			return 0;
	}
	if (nd == 14) {
		digits(s + 12, 2, 0, &ss);
		if (ss > 60)
			return 0;
	}
	k = nd;
	if (nd == 14 && k + 1 < n && s[k] == '.' && IS_DIGIT(s[k + 1])) {
		k++;
		while (k < n && IS_DIGIT(s[k]))
			k++;
	}
	if (nd >= 12 && k + 4 < n && (s[k] == '+' || s[k] == '-') &&
	    digits(s, n, k + 1, &hh) == 4)
		k += 5;
	return ends_clean(s, n, k) ? k : 0;
}

/* "st", "nd", "rd", "th" after a day number. */
static int
ordinal_suffix(char a, char b)
{
	return (a == 's' && b == 't') || (a == 'n' && b == 'd') ||
	       (a == 'r' && b == 'd') || (a == 't' && b == 'h');
}

/* Day then month name: "4 Mar 1961", "4th March 1961", "4th of March,
 * 1961", "05-MAR-2024", "04-Mar-61". */
static size_t
day_month_year(const char *s, size_t n, size_t nd, long day)
{
	size_t k = nd, ml;
	long y;
	size_t yd;
	int m;
	char sep;

	if (k + 1 < n && ordinal_suffix(s[k], s[k + 1]))
		k += 2;
	if (k >= n)
		return 0;
	sep = s[k];
	if (sep != ' ' && sep != '-' && sep != '/')
		return 0;
	k++;
	/* "3rd of March 2021", "the 3 of March" */
	if (sep == ' ' && k + 3 < n && (s[k] == 'o' || s[k] == 'O') &&
	    (s[k + 1] == 'f' || s[k + 1] == 'F') && s[k + 2] == ' ')
		k += 3;
	m = month_word(s, n, k, &ml);
	if (m == 0)
		return 0;
	k += ml;
	if (sep == ' ') {
		if (k < n && s[k] == ',')
			k++;
		if (k >= n || s[k] != ' ')
			return 0;
	} else if (k >= n || s[k] != sep) {
		return 0;
	}
	k++;
	yd = digits(s, n, k, &y);
	if (yd == 4) {
		if (!plausible_year((int)y))
			return 0;
	} else if (!(yd == 2 && sep != ' ')) {
		return 0;
	} else {
		y = -1;
	}
	if (!valid_ymd((int)y, m, (int)day))
		return 0;
	k += yd;
	return ends_clean(s, n, k) ? k : 0;
}

/* Month name first: "March 4, 1961", "Mar. 4 1961", "March 4th, 1961". */
static size_t
month_day_year(const char *s, size_t n)
{
	size_t k, ml, dd, yd;
	long d, y;
	int m;

	m = month_word(s, n, 0, &ml);
	if (m == 0)
		return 0;
	k = ml;
	if (k >= n || (s[k] != ' ' && s[k] != '-'))
		return 0;
	k++;
	dd = digits(s, n, k, &d);
	if (dd == 0 || dd > 2)
		return 0;
	k += dd;
	if (k + 1 < n && ordinal_suffix(s[k], s[k + 1]))
		k += 2;
	if (k < n && s[k] == ',')
		k++;
	if (k < n && s[k] == '-' && s[ml] == '-')
		k++;
	else if (k < n && s[k] == ' ')
		k++;
	else
		return 0;
	yd = digits(s, n, k, &y);
	if (yd != 4 || !plausible_year((int)y) ||
	    !valid_ymd((int)y, m, (int)d))
		return 0;
	k += yd;
	return ends_clean(s, n, k) ? k : 0;
}

/* Numbers with '/', '-' or '.' between them: Y-M-D, M/D/Y, D/M/Y. */
static size_t
numeric_date(const char *s, size_t n, size_t n1, long v1)
{
	size_t k = n1, n2, n3;
	long v2, v3;
	char sep;

	if (k + 1 >= n)
		return 0;
	sep = s[k];
	if (sep != '/' && sep != '-' && sep != '.')
		return 0;
	n2 = digits(s, n, k + 1, &v2);
	if (n2 == 0 || n2 > 2)
		return 0;
	k += 1 + n2;
	if (k + 1 >= n || s[k] != sep)
		return 0;
	n3 = digits(s, n, k + 1, &v3);
	k += 1 + n3;
	if (n1 == 4) {
		size_t t;

		if (n3 == 0 || n3 > 2 || !plausible_year((int)v1) ||
		    !valid_ymd((int)v1, (int)v2, (int)v3))
			return 0;
		if (sep == '-' && (t = iso_time(s, n, k)) > 0)
			k += t;
		return ends_clean(s, n, k) ? k : 0;
	}
	if (n1 > 2)
		return 0;
	if (n3 == 4) {
		if (!plausible_year((int)v3))
			return 0;
	} else if (n3 == 2 && sep != '.') {
		/* "3.10.12" is a version far more often than a date. */
		v3 = -1;
	} else {
		return 0;
	}
	if (!valid_ymd((int)v3, (int)v1, (int)v2) &&
	    !valid_ymd((int)v3, (int)v2, (int)v1))
		return 0;
	return ends_clean(s, n, k) ? k : 0;
}

size_t
phi_date_length(const char *s, size_t n)
{
	long v;
	size_t nd;

	if (s == NULL || n == 0)
		return 0;
	if (IS_ALPHA(s[0]))
		return month_day_year(s, n);
	if (!IS_DIGIT(s[0]))
		return 0;
	nd = digits(s, n, 0, &v);
	if (nd >= 8) {
		if (nd < n && IS_DIGIT(s[nd]))
			return 0;	/* longer than 15 digits */
		return compact_date(s, n, nd);
	}
	if (nd <= 2) {
		size_t r = day_month_year(s, n, nd, v);

		if (r > 0)
			return r;
	}
	return numeric_date(s, n, nd, v);
}

/* ---- context ---------------------------------------------------------- */

/* Phrases from the rule packs, normalised like the text they are looked
 * for in (lowercase words, one space between), in a hash set probed with
 * every run of up to PHRASE_WORDS words of the text. */
#define PHRASE_WORDS 3

struct phrases {
	char **v;		/* open addressing, NULL = empty */
	size_t *len;
	size_t cap;		/* power of two, or 0 */
	size_t n;
};

struct dates_shared {
	struct phrases keep;	/* person events: "birth", "admitted" */
	struct phrases drop;	/* machine events: "released", "build" */
	struct phrases table_drop;	/* reference columns: "effective" */
};

/* Columns of a table (CSV, TSV) we track from its header line. */
#define TAB_COLS 64

struct dates_state {
	const struct dates_shared *sh;
	/* The current HL7 message's MSH-7: ORC-9, OBR-22 and the like repeat
	 * the message time, which is not the patient's. */
	char msg_time[32];
	size_t msg_time_len;
	/* The document's first line, when it is a table's header with no
	 * column of a person's data: its delimiter and the columns whose
	 * dates are a reference's or a system's ("effective", "updated"). */
	char tab_delim;
	uint64_t tab_machine;
};

/* Lowercase words with single spaces, camelCase split ("lastUpdated" ->
 * "last updated") and "_", "-", ":" and the like as separators, framed by
 * spaces so that " word " finds whole words only.  Bytes >= 0x80 count as
 * letters, so "©" can be a word. */
static size_t
normalise(const char *s, size_t n, char *out, size_t cap)
{
	size_t i, k = 0;
	int prev_lower = 0;

	if (cap < 3)
		return 0;
	out[k++] = ' ';
	for (i = 0; i < n && k + 2 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		if (IS_ALNUM(c) || c >= 0x80) {
			if (prev_lower && c >= 'A' && c <= 'Z' &&
			    out[k - 1] != ' ')
				out[k++] = ' ';
			if (k + 2 >= cap)
				break;
			out[k++] = LOWER((char)c);
			prev_lower = (c >= 'a' && c <= 'z') || IS_DIGIT(c);
		} else {
			if (out[k - 1] != ' ')
				out[k++] = ' ';
			prev_lower = 0;
		}
	}
	if (out[k - 1] != ' ')
		out[k++] = ' ';
	out[k] = '\0';
	return k;
}

#define FNV_INIT 2166136261u

static uint32_t
fnv1a(uint32_t h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static void
phrases_free(struct phrases *p)
{
	size_t i;

	for (i = 0; i < p->cap; i++)
		free(p->v[i]);
	free(p->v);
	free(p->len);
	p->v = NULL;
	p->len = NULL;
	p->n = p->cap = 0;
}

/* h is fnv1a(FNV_INIT, s, n). */
static int
phrases_has(const struct phrases *p, uint32_t h, const char *s, size_t n)
{
	size_t i;

	for (i = h & (p->cap - 1); p->v[i] != NULL; i = (i + 1) & (p->cap - 1))
		if (p->len[i] == n && memcmp(p->v[i], s, n) == 0)
			return 1;
	return 0;
}

static void
phrases_insert(struct phrases *p, char *s)
{
	size_t i, n = strlen(s);

	for (i = fnv1a(FNV_INIT, s, n) & (p->cap - 1); p->v[i] != NULL;
	     i = (i + 1) & (p->cap - 1))
		if (p->len[i] == n && memcmp(p->v[i], s, n) == 0) {
			free(s);
			return;
		}
	p->v[i] = s;
	p->len[i] = n;
	p->n++;
}

static int
phrases_add(struct phrases *p, const char *s, struct ck_error *err)
{
	char buf[128], *copy;
	size_t k, i;

	k = normalise(s, strlen(s), buf, sizeof(buf));
	if (k <= 2)
		return 0;		/* nothing but separators */
	buf[k - 1] = '\0';		/* drop the framing spaces */
	if (2 * (p->n + 1) > p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 64;
		struct phrases np = { NULL, NULL, ncap, 0 };

		np.v = calloc(ncap, sizeof(*np.v));
		np.len = calloc(ncap, sizeof(*np.len));
		if (np.v == NULL || np.len == NULL) {
			free(np.v);
			free(np.len);
			return ck_error_set(err, ENOMEM, "out of memory");
		}
		for (i = 0; i < p->cap; i++)
			if (p->v[i] != NULL)
				phrases_insert(&np, p->v[i]);
		free(p->v);
		free(p->len);
		*p = np;
	}
	copy = strdup(buf + 1);
	if (copy == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	phrases_insert(p, copy);
	return 0;
}

static int
phrase_fn(void *ctx, const char *str, struct ck_error *err)
{
	return phrases_add(ctx, str, err);
}

static int
phrases_load(struct phrases *p, const json_t *sec, const char *key,
	     const char *secname, struct ck_error *err)
{
	return phi_section_strings(sec, key, secname, phrase_fn, p, err);
}

/* Offset just past the last phrase of p found in the normalised text t
 * (" word word "), or 0. */
static size_t
phrases_last(const struct phrases *p, const char *t, size_t tl)
{
	size_t starts[64], ns = 0, i, j, best = 0;

	if (p->n == 0)
		return 0;
	for (i = 0; i < tl && ns < 64; i++)
		if (t[i] == ' ')
			starts[ns++] = i + 1;
	/* starts[j] .. starts[j + w] - 1 is a run of w words; the hash of
	 * the longer run continues that of the shorter. */
	for (j = 0; j + 1 < ns; j++) {
		uint32_t h = FNV_INIT;
		size_t a = starts[j], prev = a;

		for (i = 1; i <= PHRASE_WORDS && j + i < ns; i++) {
			size_t e = starts[j + i] - 1;

			h = fnv1a(h, t + prev, e - prev);
			if (e > best && phrases_has(p, h, t + a, e - a))
				best = e;
			h = fnv1a(h, " ", 1);
			prev = e + 1;
		}
	}
	return best;
}

/* The context looked at is bounded (CTX_SPAN bytes each side), so a
 * gigabyte on one line costs no more than many short lines.  When the
 * line starts further back, *cut is set: the date does not open a line. */
#define CTX_SPAN 160

static size_t
line_start(const char *b, size_t i, int *cut)
{
	size_t lim = i > CTX_SPAN ? i - CTX_SPAN : 0;

	while (i > lim && b[i - 1] != '\n' && b[i - 1] != '\r')
		i--;
	*cut = i > 0 && b[i - 1] != '\n' && b[i - 1] != '\r';
	return i;
}

static size_t
line_end(const char *b, size_t n, size_t i)
{
	size_t lim = n - i > CTX_SPAN ? i + CTX_SPAN : n;

	while (i < lim && b[i] != '\n' && b[i] != '\r')
		i++;
	return i;
}

/* A clock time at b[i..): "08:30", "8:30:00"; sets *secs if seconds. */
static size_t
clock_time(const char *b, size_t n, size_t i, int *secs)
{
	long v;
	size_t d = digits(b, n, i, &v), k;

	*secs = 0;
	if (d == 0 || d > 2 || v > 23 || i + d + 2 >= n || b[i + d] != ':')
		return 0;
	k = i + d + 1;
	if (digits(b, n, k, &v) != 2 || v > 59)
		return 0;
	k += 2;
	if (k + 2 < n && b[k] == ':' && digits(b, n, k + 1, &v) == 2) {
		*secs = 1;
		k += 3;
	}
	return k - i;
}

/* "28.07.2024", "17.09.23": three dotted numbers that read as a day,
 * month and year (D.M.YYYY with a plausible year, or DD.MM.YY with two
 * digits in each part) rather than as a version.  s[0..n) is the run. */
static int
dotted_date(const char *s, size_t n)
{
	long v[3];
	size_t len[3], k = 0, p;

	for (p = 0; p < 3; p++) {
		len[p] = digits(s, n, k, &v[p]);
		k += len[p] + 1;
	}
	if (len[0] > 2 || len[1] > 2)
		return 0;
	if (len[2] == 4)
		return plausible_year((int)v[2]) &&
		       (valid_ymd((int)v[2], (int)v[1], (int)v[0]) ||
			valid_ymd((int)v[2], (int)v[0], (int)v[1]));
	return len[0] == 2 && len[1] == 2 && len[2] == 2 &&
	       (valid_ymd(-1, (int)v[1], (int)v[0]) ||
		valid_ymd(-1, (int)v[0], (int)v[1]));
}

/* "1.2.3", "v2.0.1" outside [ds, de): a release or build line.  A major
 * of one or two digits (or a 'v') tells a version from a dotted phone
 * number (850.591.9200). */
static int
line_has_version(const char *b, size_t ls, size_t le, size_t ds, size_t de)
{
	size_t i = ls;

	while (i < le) {
		size_t k, parts = 0, first = 0;
		int vee;

		if (!IS_DIGIT(b[i]) || (i > ls && (IS_DIGIT(b[i - 1]) ||
		    b[i - 1] == '.' || (IS_ALPHA(b[i - 1]) &&
		    b[i - 1] != 'v' && b[i - 1] != 'V')))) {
			i++;
			continue;
		}
		vee = i > ls && IS_ALPHA(b[i - 1]);
		k = i;
		for (;;) {
			size_t p0 = k;

			while (k < le && IS_DIGIT(b[k]))
				k++;
			if (parts++ == 0)
				first = k - p0;
			if (k + 1 < le && b[k] == '.' && IS_DIGIT(b[k + 1]))
				k++;
			else
				break;
		}
		if (parts == 3 && (vee || first <= 2) && (i >= de || k <= ds) &&
		    (vee || !dotted_date(b + i, k - i)))
			return 1;
		i = k > i ? k : i + 1;
	}
	return 0;
}

static int
is_op_byte(const char *b, size_t n, size_t i)
{
	unsigned char c = (unsigned char)b[i];

	if (c == '=' || c == '*' || c == '+' || c == '<' || c == '>' ||
	    c == '^')
		return 1;
	/* U+00D7 ×, U+00F7 ÷, U+2248 ≈, U+2260 ≠, U+2264 ≤, U+2265 ≥ */
	if (c == 0xc3 && i + 1 < n && (b[i + 1] == (char)0x97 ||
				       b[i + 1] == (char)0xb7))
		return 1;
	if (c == 0xe2 && i + 2 < n && b[i + 1] == (char)0x89 &&
	    (b[i + 2] == (char)0x88 || b[i + 2] == (char)0xa0 ||
	     b[i + 2] == (char)0xa4 || b[i + 2] == (char)0xa5))
		return 1;
	return 0;
}

static const char *
rule_of(const char *s, size_t n)
{
	size_t i, nd = 0;

	for (i = 0; i < n; i++) {
		if (IS_ALPHA(s[i]) && s[i] != 'T' && s[i] != 'Z')
			return "date.text";
		nd += IS_DIGIT(s[i]);
	}
	if (nd == n || (nd >= 12 && IS_DIGIT(s[7])))
		return "date.compact";
	return "date.numeric";
}

enum { DATE_DROP = 0, DATE_KEEP = 1, DATE_PERSON = 2 };

/* Decides whether the date at b[s..e) is a system's own time. */
/* Dates a system uses as placeholders or epochs, never a person's. */
static int
sentinel(const char *b, size_t s, size_t e)
{
	char d[16];
	size_t i, k = 0;

	for (i = s; i < e && k < sizeof(d) - 1; i++)
		if (IS_DIGIT(b[i]))
			d[k++] = b[i];
	d[k] = '\0';
	return strcmp(d, "19000101") == 0 || strcmp(d, "19700101") == 0 ||
	       strcmp(d, "01011900") == 0 || strcmp(d, "01011970") == 0;
}

/* ---- tables of reference data ---------------------------------------- */

/* fields.c: the key map its detector loaded (NULL before its init). */
const struct phi_keymap *phi_keymap_get(void);

/* 1 if the column heading h[0..n) names a person's data: a key the field
 * map knows (but a code system's, ICD-10), or a keep phrase ("dob"). */
static int
person_column(const struct dates_shared *sh, const char *h, size_t n)
{
	const struct phi_keymap *km = phi_keymap_get();
	char t[96];
	size_t tl;
	int ty;

	if (km != NULL) {
		ty = phi_keymap_lookup(km, h, n);
		if (ty >= 0 && ty != PHI_ICD10)
			return 1;
	}
	tl = normalise(h, n, t, sizeof(t));
	return phrases_last(&sh->keep, t, tl) > 0;
}

/* The document's first line b[0..le): if it is a table's header (cells
 * split by ',', '\t', ';' or '|') and no column holds a person's data,
 * remembers the columns whose dates are a machine's or a reference's
 * (a "drop" or "table_drop" phrase in the heading). */
static void
table_header(struct dates_state *st, const char *b, size_t le)
{
	static const char delims[] = ",\t;|";
	size_t cnt[4] = { 0, 0, 0, 0 }, i, d, best = 0, col = 0, cs;
	uint64_t machine = 0;
	char delim;

	for (i = 0; i < le; i++)
		for (d = 0; d < 4; d++)
			cnt[d] += b[i] == delims[d];
	for (d = 1; d < 4; d++)
		if (cnt[d] > cnt[best])
			best = d;
	if (cnt[best] < 2 || cnt[best] >= TAB_COLS)
		return;
	delim = delims[best];
	for (cs = 0, i = 0; i <= le; i++) {
		if (i < le && b[i] != delim)
			continue;
		{
			size_t a = cs, e = i;
			char t[96];
			size_t tl;

			while (a < e && (b[a] == ' ' || b[a] == '"' ||
					 b[a] == '\'' || b[a] == '#'))
				a++;
			while (e > a && (b[e - 1] == ' ' || b[e - 1] == '"' ||
					 b[e - 1] == '\'' || b[e - 1] == '\r'))
				e--;
			/* Headings are short words: not a data row, a log
			 * line or prose that happens to hold commas. */
			if (a == e || IS_DIGIT(b[a]) || e - a > 48)
				return;
			for (d = a; d < e; d++)
				if (!IS_ALNUM(b[d]) && b[d] != ' ' &&
				    b[d] != '_' && b[d] != '-' &&
				    b[d] != '.' && b[d] != '/' &&
				    b[d] != '(' && b[d] != ')')
					return;
			if (person_column(st->sh, b + a, e - a))
				return;
			tl = normalise(b + a, e - a, t, sizeof(t));
			if (phrases_last(&st->sh->drop, t, tl) > 0 ||
			    phrases_last(&st->sh->table_drop, t, tl) > 0)
				machine |= (uint64_t)1 << col;
		}
		col++;
		cs = i + 1;
	}
	if (machine != 0) {
		st->tab_delim = delim;
		st->tab_machine = machine;
	}
}

/* 1 if the date at b[s] lies in a machine column of the table. */
static int
table_machine_cell(const struct dates_state *st, const char *b, size_t s)
{
	int cut, quoted = 0;
	size_t ls, i, col = 0;

	if (st->tab_delim == 0)
		return 0;
	ls = line_start(b, s, &cut);
	if (cut)
		return 0;
	for (i = ls; i < s; i++) {
		if (b[i] == '"')
			quoted = !quoted;
		else if (b[i] == st->tab_delim && !quoted)
			col++;
	}
	return col < TAB_COLS && (st->tab_machine >> col & 1);
}

/* A "keep" phrase among the last few words before b[s] on its line, with
 * no "drop" phrase after it: "dob 13.04.60", "signed consent on the
 * 10th". */
#define NEAR_WORDS 4

static int
cue_near(const struct dates_shared *sh, const char *b, size_t ls, size_t s)
{
	char t[80];
	size_t k = s > ls + 48 ? s - 48 : ls, tl, j;
	int sp = 0;

	tl = normalise(b + k, s - k, t, sizeof(t));
	/* Keep the last NEAR_WORDS words: " w1 w2 w3 w4 ". */
	for (j = tl; j > 0; j--)
		if (t[j - 1] == ' ' && ++sp == NEAR_WORDS + 1)
			break;
	if (j > 0) {
		memmove(t, t + j - 1, tl - (j - 1) + 1);
		tl -= j - 1;
	}
	j = phrases_last(&sh->keep, t, tl);
	return j > 0 && j >= phrases_last(&sh->drop, t, tl);
}

/* A keep phrase in the words before b[s] on its line, as classify reads
 * them. */
static int
keep_before(const struct dates_shared *sh, const char *b, size_t ls,
	    size_t s)
{
	char t[160];
	size_t i = s > ls + 72 ? s - 72 : ls, tl;

	tl = normalise(b + i, s - i, t, sizeof(t));
	return phrases_last(&sh->keep, t, tl) > 0;
}

/* "2026-05-07T20:39:11.123Z": a date-time to the millisecond in UTC is
 * what logs, databases and Time.parse write, not what a person is told. */
static int
machine_stamp(const char *s, size_t n)
{
	size_t i;

	if (n < 20 || s[n - 1] != 'Z')
		return 0;
	for (i = n - 1; i > 0 && IS_DIGIT(s[i - 1]); i--)
		;
	return i < n - 1 && i > 0 && (s[i - 1] == '.' || s[i - 1] == ',');
}

/* A label of a few words opening the line right before b[s] ("Filed:",
 * "Time of event:"): the value of a report's own field. */
static int
line_label(const char *b, size_t ls, size_t s)
{
	size_t i = s, k, words = 0;

	while (i > ls && (b[i - 1] == ' ' || b[i - 1] == '\t'))
		i--;
	if (i == ls || b[i - 1] != ':')
		return 0;
	i--;
	k = ls;
	while (k < i && (b[k] == ' ' || b[k] == '\t'))
		k++;
	if (k == i)
		return 0;
	for (; k < i; k++) {
		if (b[k] == ' ')
			words++;
		else if (!IS_ALPHA(b[k]) && b[k] != '/' && b[k] != '-')
			return 0;
	}
	return words < 4;
}

static int
classify(struct dates_state *st, const char *b, size_t n, size_t s,
	 size_t e)
{
	const struct dates_shared *sh = st->sh;
	int cut;
	size_t ls = line_start(b, s, &cut), le = line_end(b, n, e), i;
	size_t keep_at, drop_at, tl;
	char tail[160];
	int secs, iso_t = 0;

	if (sentinel(b, s, e) || table_machine_cell(st, b, s))
		return DATE_DROP;

	/* HL7 v2 MSH-7 and EVN-2 are message times, not the patient's; so
	 * are the transaction times that repeat MSH-7. */
	if (le - ls >= 4 && b[ls + 3] == '|') {
		if (memcmp(b + ls, "MSH", 3) == 0) {
			if (e - s < sizeof(st->msg_time)) {
				memcpy(st->msg_time, b + s, e - s);
				st->msg_time_len = e - s;
			}
			return DATE_DROP;
		}
		if (memcmp(b + ls, "EVN", 3) == 0)
			return DATE_DROP;
		if (st->msg_time_len == e - s &&
		    memcmp(st->msg_time, b + s, e - s) == 0)
			return DATE_DROP;
	}

	/* A date with its time as one token (ISO "T", HL7 14 digits). */
	for (i = s + 1; i < e; i++)
		if (b[i] == 'T' && IS_DIGIT(b[i - 1]))
			iso_t = 1;
	if (e - s >= 12 && strcmp(rule_of(b + s, e - s), "date.compact") == 0)
		iso_t = 1;

	/* A time stamp opening a line is a log, CI or metrics record. */
	i = ls;
	while (i < s && (b[i] == ' ' || b[i] == '\t' || b[i] == '[' ||
			 b[i] == '"' || b[i] == '(' || b[i] == '\''))
		i++;
	if (i == s && !cut) {
		if (iso_t)
			return DATE_DROP;
		i = e;
		if (i < n && (b[i] == ' ' || b[i] == ',' || b[i] == '_'))
			i++;
		if (i < n && clock_time(b, n, i, &secs) > 0)
			return DATE_DROP;
	}

	/* "12 Mar 2024 08:30:00 GMT": RFC 5322 / HTTP header dates. */
	i = e;
	if (i < n && b[i] == ' ') {
		size_t t = clock_time(b, n, i + 1, &secs);

		if (t > 0 && secs && i + 1 + t + 1 < n && b[i + 1 + t] == ' ' &&
		    (b[i + 2 + t] == '+' || b[i + 2 + t] == '-' ||
		     memcmp(b + i + 2 + t, "GMT", n - (i + 2 + t) >= 3 ? 3 : 0)
		     == 0 || (n - (i + 2 + t) >= 3 &&
			      memcmp(b + i + 2 + t, "UTC", 3) == 0)))
			return DATE_DROP;
	}

	/* Arithmetic: "7/4/65 = 0.027", "x = 3/4/61 * 2". */
	i = e;
	while (i < n && (b[i] == ' ' || b[i] == '\t'))
		i++;
	/* "+1 870 382 8117" after a date is a phone in the next column. */
	if (i < n && is_op_byte(b, n, i) &&
	    !(b[i] == '+' && i + 1 < n && IS_DIGIT(b[i + 1])))
		return DATE_DROP;
	i = s;
	while (i > ls && (b[i - 1] == ' ' || b[i - 1] == '\t'))
		i--;
	if (i > ls) {
		size_t j = i - 1;

		while (j > ls && ((unsigned char)b[j] & 0xc0) == 0x80)
			j--;
		/* "dob=1961-03-04" assigns; "x = 3/4/61 * 2" computes. */
		if (is_op_byte(b, n, j) && b[j] != '>' && b[j] != '<' &&
		    !(b[j] == '=' && i == s && j > ls &&
		      (IS_ALNUM(b[j - 1]) || b[j - 1] == '_')))
			return DATE_DROP;
	}

	if (line_has_version(b, ls, le, s, e))
		return DATE_DROP;

	/* Words before the date on its line, nearest last. */
	i = s > ls + 72 ? s - 72 : ls;
	tl = normalise(b + i, s - i, tail, sizeof(tail));
	keep_at = phrases_last(&sh->keep, tail, tl);
	drop_at = phrases_last(&sh->drop, tail, tl);
	if (drop_at > keep_at)
		return DATE_DROP;
	if (machine_stamp(b + s, e - s) && !line_label(b, ls, s) &&
	    !cue_near(sh, b, ls, s))
		return DATE_DROP;
	return keep_at > 0 ? DATE_PERSON : DATE_KEEP;
}

/* date(1961, 3, 4), LocalDate.of(1961, 3, 4), new Date(1961, 2, 4),
 * new DateTime(1961, 3, 4, 8, 30): the argument list from the year on.
 * b[s] is the first digit of the year. */
static size_t
code_date(const char *b, size_t n, size_t s)
{
	size_t i, k, nd, args = 0, last_end = s;
	long v[3] = { 0, 0, 0 }, x;
	char ident[64];
	size_t il = 0;

	i = s;
	while (i > 0 && (b[i - 1] == ' ' || b[i - 1] == '\t'))
		i--;
	if (i == 0 || b[i - 1] != '(')
		return 0;
	i--;
	/* The callee's path: "date", "LocalDate.of", "NaiveDate::from_ymd_opt",
	 * "Utc.with_ymd_and_hms". */
	while (i > 0 && il < sizeof(ident) - 1 &&
	       (IS_ALNUM(b[i - 1]) || b[i - 1] == '_' || b[i - 1] == '.' ||
		b[i - 1] == ':')) {
		ident[il++] = LOWER(b[i - 1]);
		i--;
	}
	ident[il] = '\0';
	/* ident is reversed: look for "date", "calendar" or "ymd" reversed. */
	if (strstr(ident, "etad") == NULL && strstr(ident, "radnelac") == NULL &&
	    strstr(ident, "dmy") == NULL)
		return 0;
	k = s;
	for (;;) {
		nd = digits(b, n, k, &x);
		if (nd == 0 || nd > 4)
			break;
		if (args < 3)
			v[args] = x;
		args++;
		k += nd;
		last_end = k;
		while (k < n && (b[k] == ' ' || b[k] == '\t'))
			k++;
		if (k < n && b[k] == ',') {
			k++;
			while (k < n && (b[k] == ' ' || b[k] == '\t'))
				k++;
			continue;
		}
		break;
	}
	if (args < 3 || k >= n || b[k] != ')')
		return 0;
	/* JavaScript months count from 0. */
	if (!plausible_year((int)v[0]) || v[1] > 12 || v[2] < 1 || v[2] > 31)
		return 0;
	/* The epochs: datetime(1970, 1, 1), new Date(1900, 0, 1). */
	if ((v[0] == 1970 || v[0] == 1900) && v[1] <= 1 && v[2] == 1)
		return 0;
	return last_end - s;
}

static void *
dates_init(const struct phi_engine *e, struct ck_error *err)
{
	struct dates_shared *sh = calloc(1, sizeof(*sh));
	const json_t *sec = e ? phi_engine_section(e, "dates") : NULL;

	if (sh == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	if (phrases_load(&sh->keep, sec, "keep", "dates", err) < 0 ||
	    phrases_load(&sh->drop, sec, "drop", "dates", err) < 0 ||
	    phrases_load(&sh->table_drop, sec, "table_drop", "dates",
			 err) < 0) {
		phrases_free(&sh->keep);
		phrases_free(&sh->drop);
		phrases_free(&sh->table_drop);
		free(sh);
		return NULL;
	}
	return sh;
}

static void
dates_fini(void *p)
{
	struct dates_shared *sh = p;

	if (sh == NULL)
		return;
	phrases_free(&sh->keep);
	phrases_free(&sh->drop);
	phrases_free(&sh->table_drop);
	free(sh);
}

static void *
dates_state_new(void *shared)
{
	struct dates_state *st = calloc(1, sizeof(*st));

	if (st != NULL)
		st->sh = shared;
	return st;
}

static void
dates_state_free(void *state)
{
	free(state);
}

static void
dates_begin(void *state, const char *path)
{
	struct dates_state *st = state;

	(void)path;
	st->msg_time_len = 0;
	st->tab_delim = 0;
	st->tab_machine = 0;
}

/* 1 if the word at s starts like a month name (three letters, any
 * case): a cheap filter before month_word. */
static int
month_prefix(const char *s, size_t n)
{
	uint32_t k;

	if (n < 3)
		return 0;
	k = (uint32_t)(unsigned char)(s[0] | 0x20) << 16 |
	    (uint32_t)(unsigned char)(s[1] | 0x20) << 8 |
	    (uint32_t)(unsigned char)(s[2] | 0x20);
	switch (k) {
	case 0x6a616e: case 0x666562: case 0x6d6172: case 0x617072:
	case 0x6d6179: case 0x6a756e: case 0x6a756c: case 0x617567:
	case 0x736570: case 0x6f6374: case 0x6e6f76: case 0x646563:
		return 1;
	}
	return 0;
}

static int
push(struct phi_cands *out, const struct phi_window *w, size_t s, size_t e,
     int conf, int weight, int prio, const char *rule, struct ck_error *err)
{
	if (phi_cands_push(out, w->base + s, w->base + e, PHI_DATE, conf,
			   weight, prio, rule) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

/* Offset of the first ASCII digit in b[i..n), or n.  Eight bytes at a
 * time: every written date holds a digit, so text without digits is
 * skipped at memory speed. */
static size_t
next_digit(const char *b, size_t i, size_t n)
{
	const uint64_t ones = 0x0101010101010101ull;
	const uint64_t high = 0x8080808080808080ull;

	while (i + 8 <= n) {
		uint64_t x, lo, t;

		memcpy(&x, b + i, 8);
		/* Bytes in ('0' - 1, '9' + 1) exclusive, ASCII only (the
		 * "hasbetween" bit trick). */
		lo = x & (ones * 127);
		t = ((ones * (127 + ('9' + 1)) - lo) & ~x &
		     (lo + ones * (127 - ('0' - 1)))) & high;
		if (t != 0)
			break;
		i += 8;
	}
	while (i < n && !IS_DIGIT(b[i]))
		i++;
	return i;
}

/* "March 4, 1961": the month word before the day at b[i], or i. */
static size_t
month_before(const char *b, size_t i)
{
	size_t k = i, e;

	if (k < 4 || (b[k - 1] != ' ' && b[k - 1] != '-'))
		return i;
	k--;
	if (b[k - 1] == '.')
		k--;
	e = k;
	while (k > 0 && IS_ALPHA(b[k - 1]) && e - k < 10)
		k--;
	if (e - k < 3 || (k > 0 && (IS_ALNUM(b[k - 1]) || b[k - 1] == '_')) ||
	    !month_prefix(b + k, e - k))
		return i;
	return k;
}

/* ---- dates that are dates only beside a person ---------------------- */

/* "Jun 27", "November 27th", "Thursday, May 21", "the 3rd of May", "the
 * 18th", "13.04.60": month and day without the year, or a day-first date
 * with a two-digit year that reads as a version just as well.  Safe
 * Harbor removes them when they date a person's care or life, so they are
 * reported only when the words before them on the line tie them to one
 * (the "keep" phrases) or a date label ("Event date:") asks for a date. */

static int
weak_end(const char *b, size_t n, size_t k)
{
	if (!ends_clean(b, n, k))
		return 0;
	/* "Jun 27 10:22:01 host", "May 3, 4 and 5": a number follows. */
	while (k < n && (b[k] == ' ' || b[k] == ',' || b[k] == '\t'))
		k++;
	return !(k < n && IS_DIGIT(b[k]));
}

static int
upper_start(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* Month name (capitalised) at b[ms], one space, the day at b[i]. */
static size_t
yearless_month_day(const char *b, size_t n, size_t ms, size_t i)
{
	size_t ml, dd, k;
	long d;
	int m;

	if (ms >= i || b[i - 1] != ' ' || !upper_start(b[ms]))
		return 0;
	m = month_word(b, n, ms, &ml);
	if (m == 0 || ms + ml + 1 != i)
		return 0;
	dd = digits(b, n, i, &d);
	if (dd == 0 || dd > 2 || !valid_ymd(-1, m, (int)d))
		return 0;
	k = i + dd;
	if (k + 1 < n && ordinal_suffix(LOWER(b[k]), LOWER(b[k + 1])))
		k += 2;
	return weak_end(b, n, k) ? k : 0;
}

/* The day at b[i], then "[of ]Month": "3rd of May", "27 June". */
static size_t
yearless_day_month(const char *b, size_t n, size_t i)
{
	size_t ml, dd, k;
	long d;
	int m;

	dd = digits(b, n, i, &d);
	if (dd == 0 || dd > 2)
		return 0;
	k = i + dd;
	if (k + 1 < n && ordinal_suffix(LOWER(b[k]), LOWER(b[k + 1])))
		k += 2;
	if (k >= n || b[k] != ' ')
		return 0;
	k++;
	if (k + 3 < n && LOWER(b[k]) == 'o' && LOWER(b[k + 1]) == 'f' &&
	    b[k + 2] == ' ')
		k += 3;
	if (k >= n || !upper_start(b[k]))
		return 0;
	m = month_word(b, n, k, &ml);
	if (m == 0 || !valid_ymd(-1, m, (int)d))
		return 0;
	k += ml;
	return weak_end(b, n, k) ? k : 0;
}

/* "the 18th" closing a phrase: "on the 18th.", "planned the 2nd, ...". */
static size_t
the_ordinal(const char *b, size_t n, size_t i)
{
	size_t dd, k;
	long d;

	dd = digits(b, n, i, &d);
	if (dd == 0 || dd > 2 || d < 1 || d > 31 || i + dd + 1 >= n ||
	    !ordinal_suffix(LOWER(b[i + dd]), LOWER(b[i + dd + 1])))
		return 0;
	k = i + dd + 2;
	if (k >= n || b[k] == '\n' || b[k] == '\r')
		return k;
	if (b[k] != '\0' && strchr(".,;:?!)", b[k]) != NULL &&
	    (k + 1 >= n || !IS_ALNUM(b[k + 1])))
		return k;
	return 0;
}

/* "the " (any case, a word) ending at b[i]. */
static int
the_before(const char *b, size_t i)
{
	return i >= 4 && LOWER(b[i - 4]) == 't' && LOWER(b[i - 3]) == 'h' &&
	       LOWER(b[i - 2]) == 'e' && b[i - 1] == ' ' &&
	       (i == 4 || !IS_ALNUM(b[i - 5]));
}

/* DD.MM.YY, two digits each, day first ("2.9.19" is a version). */
static size_t
dotted_yy(const char *b, size_t n, size_t i)
{
	long v1, v2, v3;
	size_t k = i;

	if (digits(b, n, k, &v1) != 2 || k + 8 > n || b[k + 2] != '.' ||
	    digits(b, n, k + 3, &v2) != 2 || b[k + 5] != '.' ||
	    digits(b, n, k + 6, &v3) != 2)
		return 0;
	k += 8;
	if (!valid_ymd(-1, (int)v2, (int)v1))
		return 0;
	return ends_clean(b, n, k) ? k : 0;
}

/* A full weekday name ("Thursday"; with ok3, also "Thu", "Thurs.")
 * ending at b[e]; its start, or e. */
static size_t
weekday_before(const char *b, size_t e, int ok3)
{
	static const char *const days[7] = {
		"monday", "tuesday", "wednesday", "thursday", "friday",
		"saturday", "sunday"
	};
	size_t e0 = e, k = e, l, d, j, full;

	if (ok3 && k > 0 && b[k - 1] == '.')
		e = --k;
	while (k > 0 && IS_ALPHA(b[k - 1]) && e - k < 10)
		k--;
	if (k > 0 && (IS_ALNUM(b[k - 1]) || b[k - 1] == '_'))
		return e0;
	l = e - k;
	for (d = 0; d < 7; d++) {
		full = strlen(days[d]);
		if (l != full && !(ok3 && l >= 3 && l < full))
			continue;
		for (j = 0; j < l && LOWER(b[k + j]) == days[d][j]; j++)
			;
		if (j == l)
			return k;
	}
	return e0;
}

/* A label asking for a date just before b[s]: "Date:", "Event date/time:",
 * "Date of procedure:". */
static int
date_label_before(const char *b, size_t ls, size_t s)
{
	char t[64];
	size_t i = s, k;

	while (i > ls && (b[i - 1] == ' ' || b[i - 1] == '\t'))
		i--;
	if (i == ls || b[i - 1] != ':')
		return 0;
	i--;
	k = i > ls + 40 ? i - 40 : ls;
	normalise(b + k, i - k, t, sizeof(t));
	return strstr(t, " date ") != NULL || strstr(t, " dt ") != NULL;
}

/* A "drop" phrase right after the date: "Jun 27 release", "May 4 build". */
static int
drop_after(const struct dates_shared *sh, const char *b, size_t n, size_t e)
{
	char t[64];
	size_t le = line_end(b, n, e), lim = e + 40 < le ? e + 40 : le, tl, k;
	int sp = 0;

	tl = normalise(b + e, lim - e, t, sizeof(t));
	/* Its first two words. */
	for (k = 0; k < tl; k++)
		if (t[k] == ' ' && ++sp == 3) {
			tl = k + 1;
			break;
		}
	t[tl] = '\0';
	return phrases_last(&sh->drop, t, tl) > 0;
}

/* What a weak date is: a month name and a day, the same opened by a
 * full weekday name, or a bare number ("13.04.60", "the 18th") that needs
 * its person cue close by. */
enum { WEAK_MONTH, WEAK_WEEKDAY, WEAK_NUMBER };

/* A weak date at b[i] (the first digit): its span [*ws, return), or 0. */
static size_t
weak_date(const char *b, size_t n, size_t i, size_t *ws, int *kind)
{
	size_t e, s;

	*kind = WEAK_NUMBER;
	if ((e = dotted_yy(b, n, i)) > 0) {
		*ws = i;
		return e;
	}
	s = month_before(b, i);
	if (s < i && (e = yearless_month_day(b, n, s, i)) > 0) {
		size_t k = s, d;

		/* "Thursday, May 21", "Thu May 21" */
		if (k >= 2 && b[k - 1] == ' ') {
			k--;
			if (k > 0 && b[k - 1] == ',')
				k--;
			d = weekday_before(b, k, 1);
			if (d < k) {
				if (weekday_before(b, k, 0) < k)
					*kind = WEAK_WEEKDAY;
				s = d;
			}
		}
		if (*kind != WEAK_WEEKDAY)
			*kind = WEAK_MONTH;
		*ws = s;
		return e;
	}
	if ((e = yearless_day_month(b, n, i)) > 0) {
		*kind = WEAK_MONTH;
		*ws = the_before(b, i) ? i - 4 : i;
		return e;
	}
	if (the_before(b, i) && (e = the_ordinal(b, n, i)) > 0) {
		*ws = i - 4;
		return e;
	}
	return 0;
}

static int
dates_scan(void *state, const struct phi_window *w, struct phi_cands *out,
	   struct ck_error *err)
{
	struct dates_state *st = state;
	const char *b = w->buf;
	size_t n = w->len, i = 0, len, s;
	int cls, wk;

	if (w->base == 0) {
		size_t le = 0;

		while (le < n && le < 4096 && b[le] != '\n')
			le++;
		if (le < n)
			table_header(st, b, le);
	}

	while ((i = next_digit(b, i, n)) < n) {
		/* Not a start inside "A123", "x_1", "1.2.3" or "12-34-56". */
		if (i > 0 && (IS_ALNUM(b[i - 1]) || b[i - 1] == '_' ||
			      (i > 1 && (b[i - 1] == '-' || b[i - 1] == '/' ||
					 b[i - 1] == '.' || b[i - 1] == ':') &&
			       IS_DIGIT(b[i - 2])))) {
			while (i < n && IS_DIGIT(b[i]))
				i++;
			continue;
		}
		s = month_before(b, i);
		len = s < i ? phi_date_length(b + s, n - s) : 0;
		if (len == 0) {
			s = i;
			len = phi_date_length(b + i, n - i);
		}
		if (len == 0) {
			len = code_date(b, n, i);
			if (len > 0) {
				if (push(out, w, i, i + len, PHI_CONF_HIGH, 5,
					 PHI_PRIO_CONTEXT, "date.code",
					 err) < 0)
					return -1;
				i += len;
				continue;
			}
			len = weak_date(b, n, i, &s, &wk);
			if (len > 0) {
				int cut, ok;
				size_t ls = line_start(b, s, &cut);

				/* The cheap tests first: a person's cue or a
				 * date label, then the full context. */
				ok = wk == WEAK_WEEKDAY ||
				     date_label_before(b, ls, s) ||
				     (wk == WEAK_NUMBER ?
				      cue_near(st->sh, b, ls, s) :
				      keep_before(st->sh, b, ls, s));
				cls = ok ? classify(st, b, n, s, len) :
					   DATE_KEEP;
				ok = ok && cls != DATE_DROP &&
				     !drop_after(st->sh, b, n, len);
				if (ok && push(out, w, s, len,
					       cls == DATE_PERSON ?
					       PHI_CONF_HIGH : PHI_CONF_MEDIUM,
					       3, PHI_PRIO_PATTERN,
					       rule_of(b + s, len - s), err) < 0)
					return -1;
				if (cls != DATE_DROP) {
					i = len;
					continue;
				}
			}
			while (i < n && IS_DIGIT(b[i]))
				i++;
			continue;
		}
		cls = classify(st, b, n, s, s + len);
		if (cls != DATE_DROP &&
		    push(out, w, s, s + len,
			 cls == DATE_PERSON ? PHI_CONF_HIGH : PHI_CONF_MEDIUM,
			 cls == DATE_PERSON ? 5 : 3, PHI_PRIO_PATTERN,
			 rule_of(b + s, len), err) < 0)
			return -1;
		i = s + len;
	}
	return 0;
}

const struct phi_detector phi_detector_dates = {
	"dates", dates_init, dates_fini, dates_state_new, dates_state_free,
	dates_begin, dates_scan
};
