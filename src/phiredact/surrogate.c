/* surrogate.c -- realistic fakes that keep a value's type and shape, and
 * are chosen by a keyed hash of the value, so one patient gets one fake
 * name in every file and run.
 *
 * Fakes are picked where the real world leaves a gap, so a fake cannot
 * be someone's real number: SSNs in area 9xx (never issued), phone
 * numbers 555-0100 to 555-0199 (reserved for fiction by NANPA), card
 * numbers with major industry identifier 0 (assigned to no issuer, yet
 * Luhn-valid), NPIs starting 3 (issued NPIs start 1 or 2, check digit
 * valid), ZIP codes 000xx, e-mail at example.com and addresses in the
 * documentation ranges (RFC 5737, RFC 3849).
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomic.h"
#include "common/utf8.h"
#include "phiredact/redact.h"

#define NAMES_MAX (16u << 20)

struct list {
	char *data;
	char **v;
	size_t n;
};

struct rd_names {
	struct list first, last;
};

/* A stream of keyed bytes: the seed, then SHA-256 of the last block. */
struct rng {
	unsigned char b[CK_SHA256_LEN];
	size_t at;
};

static unsigned
next(struct rng *g, unsigned bound)
{
	uint32_t x;

	if (g->at + 4 > sizeof(g->b)) {
		ck_sha256(g->b, sizeof(g->b), g->b);
		g->at = 0;
	}
	x = (uint32_t)g->b[g->at] << 24 | (uint32_t)g->b[g->at + 1] << 16 |
	    (uint32_t)g->b[g->at + 2] << 8 | g->b[g->at + 3];
	g->at += 4;
	return bound ? x % bound : x;
}

static int
list_load(struct list *l, const char *path, struct ck_error *err)
{
	size_t len, i, n = 0;
	char *p;

	if (ck_read_file(path, NAMES_MAX, &l->data, &len, err) < 0)
		return -1;
	for (i = 0; i < len; i++)
		n += l->data[i] == '\n';
	l->v = malloc((n + 1) * sizeof(*l->v));
	if (l->v == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	for (p = l->data; p < l->data + len;) {
		char *nl = memchr(p, '\n', (size_t)(l->data + len - p));

		if (nl == NULL)
			nl = l->data + len;
		*nl = '\0';
		if (*p != '\0' && *p != '#')
			l->v[l->n++] = p;
		p = nl + 1;
	}
	if (l->n == 0)
		return ck_error_set(err, 0, "%s: no names", path);
	return 0;
}

struct rd_names *
rd_names_load(const char *datadir, struct ck_error *err)
{
	struct rd_names *nm = calloc(1, sizeof(*nm));
	struct ck_buf p = CK_BUF_INIT;

	if (nm == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	if (ck_buf_appendf(&p, "%s/names/first.txt", datadir) < 0 ||
	    list_load(&nm->first, p.data, err) < 0)
		goto bad;
	ck_buf_reset(&p);
	if (ck_buf_appendf(&p, "%s/names/last.txt", datadir) < 0 ||
	    list_load(&nm->last, p.data, err) < 0)
		goto bad;
	ck_buf_release(&p);
	return nm;
bad:
	if (err->msg[0] == '\0')
		ck_error_set(err, ENOMEM, "out of memory");
	ck_buf_release(&p);
	rd_names_free(nm);
	return NULL;
}

void
rd_names_free(struct rd_names *nm)
{
	if (nm == NULL)
		return;
	free(nm->first.data);
	free(nm->first.v);
	free(nm->last.data);
	free(nm->last.v);
	free(nm);
}

static int
is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Appends a name in the case of the word it replaces. */
static int
put_word(struct ck_buf *out, const char *name, const unsigned char *orig,
	 size_t olen)
{
	int all = olen > 1 && is_upper(orig[0]) && is_upper(orig[1]);
	int low = olen > 0 && is_lower(orig[0]);
	size_t i;

	for (i = 0; name[i] != '\0'; i++) {
		char c = name[i];

		if (all || (i == 0 && !low))
			c = is_lower((unsigned char)c) ? (char)(c - 32) : c;
		if (ck_buf_append_char(out, c) < 0)
			return -1;
	}
	return 0;
}

/* Each word becomes a first name, the last word (or, in "Last, First",
 * the one before the comma) a surname, an initial another initial. */
static int
fake_name(const struct rd_names *nm, const unsigned char *v, size_t n,
	  struct rng *g, struct ck_buf *out)
{
	size_t i = 0, j, lastw = 0, comma = SIZE_MAX;

	for (j = 0; j < n; j++)
		if (v[j] == ',' && comma == SIZE_MAX)
			comma = j;
	for (j = 0; j < n; j++)
		if ((j == 0 || v[j - 1] == ' ') && v[j] != ' ')
			lastw = j;
	while (i < n) {
		if (v[i] == ' ' || v[i] == ',' || v[i] == '.' ||
		    v[i] == '-' || v[i] == '\'' || v[i] == '^') {
			if (ck_buf_append_char(out, (char)v[i]) < 0)
				return -1;
			i++;
			continue;
		}
		for (j = i; j < n && v[j] != ' ' && v[j] != ',' &&
			    v[j] != '.' && v[j] != '-' && v[j] != '\'' &&
			    v[j] != '^'; j++)
			;
		if (j - i == 1) {
			char c = (char)('A' + next(g, 26));

			if (ck_buf_append_char(out, is_lower(v[i]) ?
						    (char)(c + 32) : c) < 0)
				return -1;
		} else {
			int surname = comma != SIZE_MAX ? j <= comma
							: i == lastw;
			const struct list *l = surname ? &nm->last
						       : &nm->first;

			if (put_word(out, l->v[next(g, (unsigned)l->n)],
				     v + i, j - i) < 0)
				return -1;
		}
		i = j;
	}
	return 0;
}

/* Words an address keeps: they say what kind of line it is, not where. */
static const char *const street_words[] = {
	"st", "street", "rd", "road", "ave", "avenue", "blvd", "boulevard",
	"dr", "drive", "ln", "lane", "way", "ct", "court", "pl", "place",
	"ter", "terrace", "hwy", "highway", "pkwy", "cir", "circle", "apt",
	"suite", "ste", "unit", "po", "box", "n", "s", "e", "w", "ne", "nw",
	"se", "sw", "north", "south", "east", "west", "county", NULL
};

static int
street_word(const unsigned char *w, size_t n)
{
	size_t i, k;

	for (k = 0; street_words[k] != NULL; k++) {
		if (strlen(street_words[k]) != n)
			continue;
		for (i = 0; i < n; i++)
			if ((w[i] | 0x20) != street_words[k][i])
				break;
		if (i == n)
			return 1;
	}
	return 0;
}

/* "1742 Larkspur Hollow Rd" -> "8154 Marsh Abney Rd": numbers keyed,
 * names of places from the surname list, street types kept. */
static int
fake_address(const struct rd_names *nm, const unsigned char *v, size_t n,
	     struct rng *g, struct ck_buf *out)
{
	size_t i = 0, j;

	while (i < n) {
		if (is_upper(v[i]) || is_lower(v[i])) {
			for (j = i; j < n && (is_upper(v[j]) || is_lower(v[j]));
			     j++)
				;
			if (street_word(v + i, j - i)) {
				if (ck_buf_append(out, v + i, j - i) < 0)
					return -1;
			} else if (put_word(out, nm->last.v[next(g, (unsigned)
								 nm->last.n)],
					    v + i, j - i) < 0)
				return -1;
			i = j;
		} else if (is_digit(v[i])) {
			if (ck_buf_append_char(out, (char)('0' + (i == 0 ||
				!is_digit(v[i - 1]) ? 1 + next(g, 9) :
				next(g, 10)))) < 0)
				return -1;
			i++;
		} else if (v[i] >= 0x80) {
			/* a non-ASCII word: a surname too */
			for (j = i; j < n && v[j] != ' ' && v[j] != ','; j++)
				;
			if (put_word(out, nm->last.v[next(g, (unsigned)
							  nm->last.n)],
				     (const unsigned char *)"Aa", 2) < 0)
				return -1;
			i = j;
		} else {
			if (ck_buf_append_char(out, (char)v[i]) < 0)
				return -1;
			i++;
		}
	}
	return 0;
}

/* Digits and letters replaced by keyed ones of the same class, anything
 * else kept; a non-ASCII character becomes a letter. */
static int
fake_shape(const unsigned char *v, size_t n, struct rng *g,
	   struct ck_buf *out)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = v[i];
		char o;
		int len = 1;

		if (is_digit(c))
			o = (char)('0' + next(g, 10));
		else if (is_upper(c))
			o = (char)('A' + next(g, 26));
		else if (is_lower(c))
			o = (char)('a' + next(g, 26));
		else if (c >= 0x80) {
			len = ck_utf8_seqlen(v + i, n - i);
			if (len == 0)
				len = 1;
			o = (char)('a' + next(g, 26));
		} else
			o = (char)c;
		if (ck_buf_append_char(out, o) < 0)
			return -1;
		i += (size_t)len;
	}
	return 0;
}

/* The positions of the digits of out[from..], up to max. */
static size_t
digits_at(const struct ck_buf *out, size_t from, size_t *pos, size_t max)
{
	size_t i, k = 0;

	for (i = from; i < out->len && k < max; i++)
		if (is_digit((unsigned char)out->data[i]))
			pos[k++] = i;
	return k;
}

/* Sets the last digit so that the digits (after prefix) pass Luhn. */
static void
luhn_fix(struct ck_buf *out, const size_t *pos, size_t k, const char *prefix)
{
	int sum = 0, dbl = 1, d;
	size_t i;

	if (k < 2)
		return;
	for (i = k - 1; i-- > 0;) {
		d = out->data[pos[i]] - '0';
		if (dbl && (d *= 2) > 9)
			d -= 9;
		sum += d;
		dbl = !dbl;
	}
	for (i = strlen(prefix); i-- > 0;) {
		d = prefix[i] - '0';
		if (dbl && (d *= 2) > 9)
			d -= 9;
		sum += d;
		dbl = !dbl;
	}
	out->data[pos[k - 1]] = (char)('0' + (10 - sum % 10) % 10);
}

int
rd_surrogate(const struct rd_names *nm, int type, const char *value,
	     size_t n, const unsigned char seed[CK_SHA256_LEN],
	     struct ck_buf *out)
{
	const unsigned char *v = (const unsigned char *)value;
	size_t from = out->len, pos[32], k;
	struct rng g;

	memcpy(g.b, seed, sizeof(g.b));
	g.at = 0;
	switch (type) {
	case PHI_NAME:
		if (nm == NULL)
			break;
		return fake_name(nm, v, n, &g, out);
	case PHI_ADDRESS:
		if (nm == NULL)
			break;
		return fake_address(nm, v, n, &g, out);
	case PHI_EMAIL:
		if (nm == NULL)
			break;
		return ck_buf_appendf(out, "%s.%s@example.com",
				      nm->first.v[next(&g, (unsigned)
						       nm->first.n)],
				      nm->last.v[next(&g, (unsigned)
						      nm->last.n)]);
	case PHI_URL:
		return ck_buf_appendf(out, "https://example.org/p/%08x",
				      next(&g, 0));
	case PHI_IP:
		if (memchr(v, ':', n) != NULL)
			return ck_buf_appendf(out, "2001:db8::%x",
					      next(&g, 0xfffe) + 1);
		return ck_buf_appendf(out, "192.0.2.%u", next(&g, 254) + 1);
	case PHI_AGE:
		return ck_buf_appendf(out, "%u", 90 + next(&g, 15));
	default:
		break;
	}
	if (fake_shape(v, n, &g, out) < 0)
		return -1;
	k = digits_at(out, from, pos, sizeof(pos) / sizeof(pos[0]));
	switch (type) {
	case PHI_SSN:
		if (k == 9)
			out->data[pos[0]] = '9';
		break;
	case PHI_PHONE: case PHI_FAX:
		if (k >= 7) {
			static const char fic[] = "55501";
			size_t i;

			for (i = 0; i < 5; i++)
				out->data[pos[k - 7 + i]] = fic[i];
		}
		break;
	case PHI_CREDIT_CARD:
		if (k >= 12) {
			out->data[pos[0]] = '0';
			luhn_fix(out, pos, k, "");
		}
		break;
	case PHI_NPI:
		if (k == 10) {
			out->data[pos[0]] = '3';
			/* NPI check digit: Luhn over 80840 and the digits */
			luhn_fix(out, pos, k, "80840");
		}
		break;
	case PHI_ZIP:
		if (k >= 5) {
			out->data[pos[0]] = '0';
			out->data[pos[1]] = '0';
			out->data[pos[2]] = '0';
		}
		break;
	default:
		break;
	}
	return 0;
}
