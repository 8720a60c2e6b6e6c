/* dates_context.c -- the DATE detector's context: the keep and drop
 * phrase sets from the rule packs, the line around a date (clock times,
 * versions, operators, labels), table headers of reference data, and the
 * classification of a date as a person's or a system's own time. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/phi/phi.h"
#include "common/phi/detect.h"
#include "common/phi/dates_priv.h"
#include "common/phi/linestart.h"

/* ---- context ---------------------------------------------------------- */

/* Lowercase words with single spaces, camelCase split ("lastUpdated" ->
 * "last updated") and "_", "-", ":" and the like as separators, framed by
 * spaces so that " word " finds whole words only.  Bytes >= 0x80 count as
 * letters, so "©" can be a word. */
size_t
dates_normalise(const char *s, size_t n, char *out, size_t cap)
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

void
dates_phrases_free(struct phrases *p)
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

	k = dates_normalise(s, strlen(s), buf, sizeof(buf));
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

int
dates_phrases_load(struct phrases *p, const json_t *sec, const char *key,
		   const char *secname, struct ck_error *err)
{
	return phi_section_strings(sec, key, secname, phrase_fn, p, err);
}

/* Offset just past the last phrase of p found in the normalised text t
 * (" word word "), or 0. */
size_t
dates_phrases_last(const struct phrases *p, const char *t, size_t tl)
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

			/* A plural counts as its word ("migrations",
			 * "appointments"), but not "-ss" ("class"). */
			if (e > best && e - prev > 3 && t[e - 1] == 's' &&
			    t[e - 2] != 's' &&
			    phrases_has(p, fnv1a(h, t + prev, e - 1 - prev),
					t + a, e - 1 - a))
				best = e;
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

size_t
dates_line_start(const char *b, size_t i, int *cut)
{
	i = phi_line_start(b, i, i > CTX_SPAN ? i - CTX_SPAN : 0);
	*cut = i > 0 && b[i - 1] != '\n' && b[i - 1] != '\r';
	return i;
}

size_t
dates_line_end(const char *b, size_t n, size_t i)
{
	return phi_line_end(b, i, n - i > CTX_SPAN ? i + CTX_SPAN : n);
}

/* A clock time at b[i..): "08:30", "8:30:00"; sets *secs if seconds. */
static size_t
clock_time(const char *b, size_t n, size_t i, int *secs)
{
	long v;
	size_t d = dates_digits(b, n, i, &v), k;

	*secs = 0;
	if (d == 0 || d > 2 || v > 23 || i + d + 2 >= n || b[i + d] != ':')
		return 0;
	k = i + d + 1;
	if (dates_digits(b, n, k, &v) != 2 || v > 59)
		return 0;
	k += 2;
	if (k + 2 < n && b[k] == ':' && dates_digits(b, n, k + 1, &v) == 2) {
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
		len[p] = dates_digits(s, n, k, &v[p]);
		k += len[p] + 1;
	}
	if (len[0] > 2 || len[1] > 2)
		return 0;
	if (len[2] == 4)
		return dates_plausible_year((int)v[2]) &&
		       (dates_valid_ymd((int)v[2], (int)v[1], (int)v[0]) ||
			dates_valid_ymd((int)v[2], (int)v[0], (int)v[1]));
	return len[0] == 2 && len[1] == 2 && len[2] == 2 &&
	       (dates_valid_ymd(-1, (int)v[1], (int)v[0]) ||
		dates_valid_ymd(-1, (int)v[0], (int)v[1]));
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

const char *
dates_rule_of(const char *s, size_t n)
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

/* fields_keymap.c: the key map the fields detector loaded (NULL before
 * its init). */
const struct phi_keymap *phi_keymap_get(void);

/* 1 if the column heading h[0..n) names a person's data: a key the field
 * map knows (but a code system's, ICD-10), or a keep phrase ("dob"); 2 if
 * it names a person's date (a DATE key, or a keep phrase). */
static int
person_column(const struct dates_shared *sh, const char *h, size_t n)
{
	const struct phi_keymap *km = phi_keymap_get();
	char t[96];
	size_t tl;
	int ty = -1;

	tl = dates_normalise(h, n, t, sizeof(t));
	if (dates_phrases_last(&sh->keep, t, tl) > 0)
		return 2;
	if (km != NULL) {
		ty = phi_keymap_lookup(km, h, n);
		if (ty == PHI_DATE)
			return 2;
	}
	return ty >= 0 && ty != PHI_ICD10;
}

/* The document's first line b[0..le): if it is a table's header (cells
 * split by ',', '\t', ';' or '|') and no column holds a person's data,
 * remembers the columns whose dates are a machine's or a reference's
 * (a "drop" or "table_drop" phrase in the heading). */
void
dates_table_header(struct dates_state *st, const char *b, size_t le)
{
	static const char delims[] = ",\t;|";
	size_t cnt[4] = { 0, 0, 0, 0 }, i, d, best = 0, col = 0, cs;
	uint64_t machine = 0, pdate = 0;
	char delim;
	int person = 0, pc;

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
			/* Headings are short words (in any script): not a
			 * data row, a log line or prose that happens to hold
			 * commas. */
			if (a == e || IS_DIGIT(b[a]) || e - a > 48)
				return;
			for (d = a; d < e; d++)
				if (!IS_ALNUM(b[d]) && b[d] != ' ' &&
				    (unsigned char)b[d] < 0x80 &&
				    b[d] != '_' && b[d] != '-' &&
				    b[d] != '.' && b[d] != '/' &&
				    b[d] != '(' && b[d] != ')')
					return;
			if ((pc = person_column(st->sh, b + a, e - a)) != 0) {
				person = 1;
				if (pc == 2)
					pdate |= (uint64_t)1 << col;
			}
			tl = dates_normalise(b + a, e - a, t, sizeof(t));
			if (dates_phrases_last(&st->sh->drop, t, tl) > 0 ||
			    dates_phrases_last(&st->sh->table_drop, t, tl) > 0)
				machine |= (uint64_t)1 << col;
		}
		col++;
		cs = i + 1;
	}
	st->tab_any_delim = delim;
	st->tab_cells = col;
	st->tab_person_date = pdate;
	if (machine != 0 && !person) {
		st->tab_delim = delim;
		st->tab_machine = machine;
	}
}

/* The column of the cell at b[s] in a row of the table read from its
 * header (a line of as many cells as the header), or -1. */
static int
table_column(const struct dates_state *st, const char *b, size_t n,
	     size_t s)
{
	int cut, quoted = 0;
	size_t ls, le, i, col = 0, cells = 1;

	if (st->tab_any_delim == 0)
		return -1;
	ls = dates_line_start(b, s, &cut);
	le = dates_line_end(b, n, s);
	if (cut || (le < n && b[le] != '\n' && b[le] != '\r'))
		return -1;
	for (i = ls; i < le; i++) {
		if (i == s)
			col = cells - 1;
		if (b[i] == '"')
			quoted = !quoted;
		else if (b[i] == st->tab_any_delim && !quoted)
			cells++;
	}
	return cells == st->tab_cells && col < TAB_COLS ? (int)col : -1;
}

/* 1 if the date at b[s] lies in a machine column of the table. */
static int
table_machine_cell(const struct dates_state *st, const char *b, size_t s)
{
	int cut, quoted = 0;
	size_t ls, i, col = 0;

	if (st->tab_delim == 0)
		return 0;
	ls = dates_line_start(b, s, &cut);
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

int
dates_cue_near(const struct dates_shared *sh, const char *b, size_t ls,
	       size_t s)
{
	char t[80];
	size_t k = s > ls + 48 ? s - 48 : ls, tl, j;
	int sp = 0;

	tl = dates_normalise(b + k, s - k, t, sizeof(t));
	/* Keep the last NEAR_WORDS words: " w1 w2 w3 w4 ". */
	for (j = tl; j > 0; j--)
		if (t[j - 1] == ' ' && ++sp == NEAR_WORDS + 1)
			break;
	if (j > 0) {
		memmove(t, t + j - 1, tl - (j - 1) + 1);
		tl -= j - 1;
	}
	j = dates_phrases_last(&sh->keep, t, tl);
	return j > 0 && j >= dates_phrases_last(&sh->drop, t, tl);
}

/* A keep phrase in the words before b[s] on its line, as classify reads
 * them. */
int
dates_keep_before(const struct dates_shared *sh, const char *b, size_t ls,
		  size_t s)
{
	char t[160];
	size_t i = s > ls + 72 ? s - 72 : ls, tl;

	tl = dates_normalise(b + i, s - i, t, sizeof(t));
	return dates_phrases_last(&sh->keep, t, tl) > 0;
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

/* The last w words of the normalised text t[0..tl) (" a b "), in
 * place; their length. */
static size_t
last_words(char *t, size_t tl, int w)
{
	size_t j;
	int sp = 0;

	for (j = tl; j > 0; j--)
		if (t[j - 1] == ' ' && ++sp == w + 1)
			break;
	if (j > 0) {
		memmove(t, t + j - 1, tl - (j - 1) + 1);
		tl -= j - 1;
	}
	return tl;
}

/* A header "name:" (any case) opening the line at b[i]. */
static int
header_is(const char *b, size_t n, size_t i, const char *name)
{
	size_t k, l = strlen(name);

	if (n - i <= l || b[i + l] != ':')
		return 0;
	for (k = 0; k < l; k++)
		if (LOWER(b[i + k]) != name[k])
			return 0;
	return 1;
}

/* Notes the header line at b[i] of an e-mail header block. */
static void
mail_header_seen(const char *b, size_t n, size_t i, int *from, int *other)
{
	static const char *const others[] = {
		"to", "cc", "subject", "message-id", "received", "return-path",
		"reply-to", "sent", "in-reply-to", "mime-version"
	};
	size_t k;

	if (header_is(b, n, i, "from") && *from == 0)
		*from = 1;
	/* git format-patch: a change's mail, a program's history. */
	if (header_is(b, n, i, "subject") && n - i > 10 &&
	    (b[i + 9] == '[' || (b[i + 8] == ' ' && b[i + 9] == '[')) &&
	    n - i > 15 && memcmp(b + i + 10, "PATCH", 5) == 0)
		*from = -1;
	for (k = 0; k < sizeof(others) / sizeof(others[0]); k++)
		if (header_is(b, n, i, others[k]))
			*other = 1;
}

/* 1 if the line at b[ls] is the "Date:" header of an e-mail message
 * (its header block, up to a blank line each way, has "From:" and
 * another of a message's headers): the date of a person's message, not
 * of an HTTP response or a server's log. */
#define MAIL_LINES 30
#define MAIL_SPAN 3072

static int
mail_header_date(const char *b, size_t n, size_t ls)
{
	size_t i, p, ps, lines;
	int from = 0, other = 0;

	if (!header_is(b, n, ls, "date"))
		return 0;
	/* Back, line by line. */
	for (i = ls, lines = 0; i > 0 && lines < MAIL_LINES &&
	     ls - i < MAIL_SPAN && !(from && other); lines++) {
		if (b[i - 1] != '\n')
			break;
		p = i - 1;
		if (p > 0 && b[p - 1] == '\r')
			p--;
		for (ps = p; ps > 0 && b[ps - 1] != '\n' && ls - ps < MAIL_SPAN;
		     ps--)
			;
		if (ps == p || (ps > 0 && b[ps - 1] != '\n'))
			break;
		mail_header_seen(b, n, ps, &from, &other);
		i = ps;
	}
	/* On, line by line. */
	for (i = ls, lines = 0; i < n && lines < MAIL_LINES &&
	     i - ls < MAIL_SPAN && !(from && other); lines++) {
		while (i < n && b[i] != '\n' && i - ls < MAIL_SPAN)
			i++;
		if (i >= n || b[i] != '\n')
			break;
		i++;
		if (i >= n || b[i] == '\n' || b[i] == '\r')
			break;
		mail_header_seen(b, n, i, &from, &other);
	}
	return from > 0 && other;
}

int
dates_config_path(const char *path)
{
	static const char *const exts[] = {
		"conf", "cfg", "cnf", "ini", "service", "timer", "properties",
		"cron"
	};
	const char *base = strrchr(path, '/'), *dot;
	size_t i, bl;

	base = base != NULL ? base + 1 : path;
	bl = strlen(base);
	for (i = 0; i + 4 <= bl; i++)
		if (LOWER(base[i]) == 'c' && LOWER(base[i + 1]) == 'r' &&
		    LOWER(base[i + 2]) == 'o' && LOWER(base[i + 3]) == 'n')
			return 1;
	if ((dot = strrchr(base, '.')) == NULL)
		return 0;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strcasecmp(dot + 1, exts[i]) == 0)
			return 1;
	return 0;
}

/* A comment line ('#' or ';' opening it) at b[ls]. */
static int
comment_line(const char *b, size_t ls, size_t s)
{
	size_t k = ls;

	while (k < s && (b[k] == ' ' || b[k] == '\t'))
		k++;
	return k < s && (b[k] == '#' || b[k] == ';');
}

/* "x = 1961-03-04", "birth = 1961-03-04": the '=' at b[j] assigns the
 * date at b[s] to a name opening the line (TOML, INI, shell), when the
 * date is year-first or the name is a person's date. */
static int
assigned(const struct dates_shared *sh, const char *b, size_t ls, size_t j,
	 size_t s)
{
	size_t k = j, ke;
	char t[80];

	while (k > ls && (b[k - 1] == ' ' || b[k - 1] == '\t'))
		k--;
	ke = k;
	while (k > ls && (IS_ALNUM(b[k - 1]) || b[k - 1] == '_' ||
			  b[k - 1] == '.' || b[k - 1] == '-'))
		k--;
	if (k == ke || ke - k > 64)
		return 0;
	/* The old form: "dob=1961-03-04", glued. */
	if (ke == j && j + 1 == s)
		return 1;
	while (k > ls && (b[k - 1] == ' ' || b[k - 1] == '\t'))
		k--;
	if (k != ls)
		return 0;
	if (IS_DIGIT(b[s + 3]) && b[s + 4] == '-')
		return 1;
	k = ke;
	while (k > ls && b[k - 1] != ' ' && b[k - 1] != '\t')
		k--;
	return dates_phrases_last(&sh->keep, t,
				  dates_normalise(b + k, ke - k, t, sizeof(t))) > 0;
}

/* "* 2024/08/19 at 10:30": the '*' at b[j] opens a list item, it does
 * not multiply.  Not for a dotted number ("* 8.2.1909: fix"), a version
 * as often as a date. */
static int
bullet(const char *b, size_t n, size_t ls, size_t j, size_t s, size_t e)
{
	size_t k;

	if (!IS_ALPHA(b[s]) && memchr(b + s, '.', e - s) != NULL)
		return 0;
	if (b[j] != '*' || j + 1 >= n ||
	    (b[j + 1] != ' ' && b[j + 1] != '\t'))
		return 0;
	for (k = ls; k < j; k++)
		if (b[k] != ' ' && b[k] != '\t')
			return 0;
	/* Not the '*' of a C block comment's line: no "/" "*" before it
	 * that a closing one follows (a bounded look back). */
	for (k = ls; k > 0 && ls - k < 4096; k--) {
		if (b[k - 1] == '/' && k >= 2 && b[k - 2] == '*')
			break;
		if (b[k - 1] == '*' && k >= 2 && b[k - 2] == '/')
			return 0;
	}
	return 1;
}

int
dates_classify(struct dates_state *st, const char *b, size_t n, size_t s,
	       size_t e)
{
	const struct dates_shared *sh = st->sh;
	int cut;
	size_t ls = dates_line_start(b, s, &cut), le = dates_line_end(b, n, e), i;
	size_t keep_at, drop_at, tl;
	char tail[160];
	int secs, iso_t = 0;

	if (sentinel(b, s, e) || table_machine_cell(st, b, s))
		return DATE_DROP;

	/* A row of a table with a time to the second: "2025-03-01
	 * 04:14:00", "2025-03-01T04:14:00", a load's or an audit's stamp,
	 * unless its column is a person's date ("admitted_at"). */
	if (st->tab_any_delim != 0) {
		size_t t = 0;

		secs = 0;
		if (e < n && b[e] == ' ')
			t = clock_time(b, n, e + 1, &secs);
		for (i = s + 1; t == 0 && i + 8 < e; i++)
			if (b[i] == 'T' && IS_DIGIT(b[i - 1]))
				t = clock_time(b, e, i + 1, &secs);
		if (t > 0 && secs) {
			int col = table_column(st, b, n, s);

			if (col > 0 && !(st->tab_person_date >> col & 1) &&
			    !dates_cue_near(sh, b, ls, s))
				return DATE_DROP;
		}
	}

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
	if (e - s >= 12 && strcmp(dates_rule_of(b + s, e - s), "date.compact") == 0)
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
			      memcmp(b + i + 2 + t, "UTC", 3) == 0))) {
			/* An e-mail's "Date:" dates a person's message. */
			if (!cut && mail_header_date(b, n, ls))
				return DATE_KEEP;
			return DATE_DROP;
		}
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
		    !(b[j] == '=' && assigned(sh, b, ls, j, s)) &&
		    !bullet(b, n, ls, j, s, e))
			return DATE_DROP;
	}

	if (line_has_version(b, ls, le, s, e))
		return DATE_DROP;

	/* Words before the date on its line, nearest last. */
	i = s > ls + 72 ? s - 72 : ls;
	tl = dates_normalise(b + i, s - i, tail, sizeof(tail));
	keep_at = dates_phrases_last(&sh->keep, tail, tl);
	drop_at = dates_phrases_last(&sh->drop, tail, tl);
	if (drop_at > keep_at)
		return DATE_DROP;
	/* "# last touched 2025-07-12 by ops" in a crontab or a config. */
	if (keep_at == 0 && st->config && comment_line(b, ls, s))
		return DATE_DROP;
	if (keep_at == 0) {
		char w[48], line[400];
		size_t wl;

		wl = dates_normalise(b + (s > ls + 40 ? s - 40 : ls),
				     s - (s > ls + 40 ? s - 40 : ls), w,
				     sizeof(w));
		/* "Ratio 8/13/65 of", "quotient 3/4/61": a fraction. */
		if (memchr(b + s, '/', e - s) != NULL && !IS_ALPHA(b[s]) &&
		    dates_phrases_last(&sh->math, w, last_words(w, wl, 2)) > 0)
			return DATE_DROP;
		/* "Fee schedule (effective 2024-10-01)": a reference
		 * document's own date. */
		wl = dates_normalise(b + (s > ls + 40 ? s - 40 : ls),
				     s - (s > ls + 40 ? s - 40 : ls), w,
				     sizeof(w));
		if (dates_phrases_last(&sh->table_drop, w,
				       last_words(w, wl, 3)) > 0 &&
		    dates_phrases_last(&sh->reference, line,
				       dates_normalise(b + ls, le - ls, line,
						       sizeof(line))) > 0)
			return DATE_DROP;
	}
	if (machine_stamp(b + s, e - s) && !line_label(b, ls, s) &&
	    !dates_cue_near(sh, b, ls, s))
		return DATE_DROP;
	return keep_at > 0 ? DATE_PERSON : DATE_KEEP;
}

/* A month as a named constant at b[k]: "Month.MARCH", "time.March",
 * "Calendar.MARCH" (a qualified name ending in a month's full name):
 * its length, with the month (1-12) in the bits from 8 up; or 0. */
static size_t
month_constant(const char *b, size_t n, size_t k)
{
	size_t i = k, last = k, ml;
	int m;

	while (i < n && (IS_ALNUM(b[i]) || b[i] == '_' || b[i] == '.') &&
	       i - k < 40) {
		if (b[i] == '.')
			last = i + 1;
		i++;
	}
	if (last == k || i - last < 3 || (i < n && IS_ALNUM(b[i])))
		return 0;
	m = dates_month_word(b, i, last, &ml);
	/* Full names only: "Month.MAR" is no constant of any library. */
	if (m == 0 || last + ml != i || ml <= 3 + (m == 9))
		return 0;
	return (i - k) | (size_t)m << 8;
}

/* date(1961, 3, 4), LocalDate.of(1961, 3, 4), new Date(1961, 2, 4),
 * new DateTime(1961, 3, 4, 8, 30): the argument list from the year on.
 * b[s] is the first digit of the year. */
size_t
dates_code_date(const char *b, size_t n, size_t s)
{
	size_t i, k, nd, args = 0, last_end = s, ymd_end = s;
	long v[3] = { 0, 0, 0 }, x;
	int named, trailing = 0, zero_time = 1;
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
	/* ident is reversed: look for "date", "calendar" or "ymd" reversed;
	 * else the month must be a named constant ("Calendar.MARCH"). */
	named = strstr(ident, "etad") != NULL ||
		strstr(ident, "radnelac") != NULL || strstr(ident, "dmy") != NULL;
	k = s;
	for (;;) {
		nd = dates_digits(b, n, k, &x);
		if (nd == 0 && args == 1 && (nd = month_constant(b, n, k)) > 0) {
			x = (long)(nd >> 8);
			nd &= 0xff;
			named = 1;
		} else if (nd == 0 || nd > 4) {
			/* "time.Date(1961, 3, 4, 0, 0, 0, 0, time.UTC)" */
			if (nd == 0 && args >= 3 && k < n && IS_ALPHA(b[k]) &&
			    k > 0 && b[k - 1] != '(')
				trailing = 1;
			break;
		}
		if (args < 3) {
			v[args] = x;
			ymd_end = k + nd;
		} else if (x != 0) {
			zero_time = 0;
		}
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
	if (!named || args < 3 || (!trailing && (k >= n || b[k] != ')')))
		return 0;
	/* A time of midnight is no part of the date: "1961, 3, 4". */
	if (zero_time)
		last_end = ymd_end;
	/* JavaScript months count from 0. */
	if (!dates_plausible_year((int)v[0]) || v[1] > 12 || v[2] < 1 || v[2] > 31)
		return 0;
	/* The epochs: datetime(1970, 1, 1), new Date(1900, 0, 1). */
	if ((v[0] == 1970 || v[0] == 1900) && v[1] <= 1 && v[2] == 1)
		return 0;
	return last_end - s;
}

/* The keyword of a date's part ending at b[e] ("year", "month", "day",
 * "dayOfMonth", "hour"...): 1 year, 2 month, 3 day, 4 a time's part, 0
 * other; *ks its start. */
static int
date_keyword(const char *b, size_t e, size_t *ks)
{
	static const struct { const char *w; int part; } kw[] = {
		{ "year", 1 }, { "month", 2 }, { "day", 3 },
		{ "dayofmonth", 3 }, { "hour", 4 }, { "minute", 4 },
		{ "second", 4 }, { "millisecond", 4 }, { "microsecond", 4 },
		{ "nanosecond", 4 }
	};
	char w[16];
	size_t k = e, l = 0, j, i;

	while (k > 0 && (IS_ALPHA(b[k - 1]) || b[k - 1] == '_') && e - k < 15)
		k--;
	if (k > 0 && (IS_ALNUM(b[k - 1]) || b[k - 1] == '_' ||
		      b[k - 1] == '"' || b[k - 1] == '\''))
		return 0;
	for (j = k; j < e; j++)
		if (b[j] != '_')
			w[l++] = LOWER(b[j]);
	w[l] = '\0';
	*ks = k;
	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (strcmp(w, kw[i].w) == 0)
			return kw[i].part;
	return 0;
}

/* The keyword argument whose value starts at b[s]: "year: 2004",
 * "month=3", "day = 6"; its part (date_keyword) and *ks, or 0. */
static int
kw_before(const char *b, size_t s, size_t *ks)
{
	size_t k = s;

	while (k > 0 && (b[k - 1] == ' ' || b[k - 1] == '\t'))
		k--;
	if (k == 0 || (b[k - 1] != ':' && b[k - 1] != '='))
		return 0;
	k--;
	if (b[k] == ':' && k > 0 && b[k - 1] == ':')
		return 0;		/* "Calendar::year" */
	while (k > 0 && (b[k - 1] == ' ' || b[k - 1] == '\t'))
		k--;
	return date_keyword(b, k, ks);
}

size_t
dates_code_kwdate(const char *b, size_t n, size_t s, size_t *start)
{
	long v[4] = { -1, -1, -1, -1 }, x;
	size_t k = s, ks, end = 0, nd, first, args = 0;
	int part;

	if ((part = kw_before(b, s, &first)) == 0)
		return 0;
	/* The first of the date's keyword arguments: after "(" or a ","
	 * that follows something else ("calendar: .current,"). */
	k = first;
	while (k > 0 && (b[k - 1] == ' ' || b[k - 1] == '\t' ||
			 b[k - 1] == '\n' || b[k - 1] == '\r'))
		k--;
	if (k == 0 || (b[k - 1] != '(' && b[k - 1] != ','))
		return 0;
	k = s;
	for (;;) {
		nd = dates_digits(b, n, k, &x);
		if (nd == 0 || nd > 4 || (k + nd < n && (IS_ALPHA(b[k + nd]) ||
					   b[k + nd] == '.')))
			break;
		if ((v[part - 1] >= 0 && part != 4) || ++args > 9)
			return 0;	/* "year" twice; not a date's */
		v[part - 1] = x;
		k += nd;
		end = k;
		while (k < n && (b[k] == ' ' || b[k] == '\t'))
			k++;
		if (k >= n || b[k] != ',')
			break;
		k++;
		while (k < n && (b[k] == ' ' || b[k] == '\t' || b[k] == '\n' ||
				 b[k] == '\r'))
			k++;
		/* The next argument: a date keyword and a number. */
		ks = k;
		while (k < n && (IS_ALPHA(b[k]) || b[k] == '_') && k - ks < 16)
			k++;
		while (k < n && (b[k] == ' ' || b[k] == '\t'))
			k++;
		if (k >= n || (b[k] != ':' && b[k] != '='))
			break;
		k++;
		while (k < n && (b[k] == ' ' || b[k] == '\t'))
			k++;
		if (k >= n || !IS_DIGIT(b[k]) ||
		    (part = kw_before(b, k, &ks)) == 0)
			break;
	}
	if (end == 0 || !dates_plausible_year((int)v[0]) ||
	    !dates_valid_ymd((int)v[0], (int)v[1], (int)v[2]))
		return 0;
	*start = first;
	return end;
}
