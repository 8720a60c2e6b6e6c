/* vcal.c -- vCard (RFC 2426, 6350) and iCalendar (RFC 5545): a content
 * line's property name and parameters say what its value is.
 *
 * Blocks run from a line BEGIN:VCARD or BEGIN:VCALENDAR to the matching
 * END, anywhere in a document.  Folded lines (a line starting with a space
 * or tab continues the previous one) are read through: a value crossing a
 * fold is one span over the raw bytes.  vCard: FN, the N parts, BDAY, ADR
 * (street, unit, city, postal code; never the region), TEL (FAX by its
 * TYPE), EMAIL, URL.  iCalendar: the CN of ORGANIZER and ATTENDEE, their
 * mailto: addresses, DTSTART / DTEND / DUE of an event (not of a
 * VTIMEZONE rule), the street line of a LOCATION with a house number.
 * DTSTAMP, CREATED, LAST-MODIFIED, REV, UID and PRODID are system data:
 * vetoed.  A full name the block gives (FN, CN) is also found where the
 * block's SUMMARY, DESCRIPTION, COMMENT or NOTE repeats it. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/phi/ascii.h"
#include "common/phi/fields.h"
#include "common/phi/validate.h"

#define VC_NAMES 8
#define VC_NAME_MAX 64
#define VC_TEXTS 8

static const char *const rules_vcard[PHI_NTYPES] = {
	"vcard.name", "vcard.date", "vcard.age", "vcard.address",
	"vcard.zip", "vcard.phone", "vcard.fax", "vcard.email", "vcard.url",
	"vcard.ip", "vcard.ssn", "vcard.npi", "vcard.dea",
	"vcard.credit_card", "vcard.vehicle", "vcard.icd10", "vcard.mrn",
	"vcard.health_plan", "vcard.account", "vcard.license",
	"vcard.device", "vcard.biometric", "vcard.other_id"
};
static const char *const rules_ical[PHI_NTYPES] = {
	"ical.name", "ical.date", "ical.age", "ical.address", "ical.zip",
	"ical.phone", "ical.fax", "ical.email", "ical.url", "ical.ip",
	"ical.ssn", "ical.npi", "ical.dea", "ical.credit_card",
	"ical.vehicle", "ical.icd10", "ical.mrn", "ical.health_plan",
	"ical.account", "ical.license", "ical.device", "ical.biometric",
	"ical.other_id"
};

struct vc_state {
	const struct fld_shared *sh;
	int card;		/* inside BEGIN:VCARD */
	int cal;		/* inside BEGIN:VCALENDAR */
	int tz;			/* inside VTIMEZONE (depth) */
	int org;		/* the card is KIND:org / group / location */
	uint64_t resume;
	/* full names the current block gives, and its free-text values */
	char name[VC_NAMES][VC_NAME_MAX];
	unsigned char nlen[VC_NAMES];
	int nnames;
	uint64_t ts[VC_TEXTS], te[VC_TEXTS];
	int ntexts;
	uint64_t event;		/* where the current VEVENT / VTODO began */
};

struct line {
	struct fld_out *o;
	struct vc_state *st;
	size_t ns, ne;		/* property name, group dropped */
	size_t ps, pe;		/* parameters, after the first ';' */
	size_t vs, ve;		/* value */
};

static void
push_prio(struct fld_out *o, const struct vc_state *st, int type, size_t s,
	  size_t e, int prio)
{
	const char *const *r = st->card ? rules_vcard : rules_ical;

	while (s < e && (o->buf[s] == ' ' || o->buf[s] == '\t'))
		s++;
	while (e > s && (o->buf[e - 1] == ' ' || o->buf[e - 1] == '\t' ||
			 o->buf[e - 1] == '\r' || o->buf[e - 1] == '\n'))
		e--;
	if (e <= s || e > o->len)
		return;
	if (phi_cands_push(o->cands, o->base + s, o->base + e, type,
			   type == PHI_VETO ? PHI_CONF_LOW : PHI_CONF_HIGH,
			   type == PHI_VETO ? 0 : o->sh->weight[type], prio,
			   type == PHI_VETO ? "vcal.none" : r[type]) < 0)
		o->nomem = 1;
}

static void
push(struct line *l, int type, size_t s, size_t e)
{
	push_prio(l->o, l->st, type, s, e, PHI_PRIO_FIELD);
}

/* The raw index after b[i], stepping over a fold (CRLF or LF, then one
 * space or tab) that follows it. */
static size_t
nx(const char *b, size_t i, size_t e)
{
	i++;
	for (;;) {
		if (i + 2 < e && b[i] == '\r' && b[i + 1] == '\n' &&
		    (b[i + 2] == ' ' || b[i + 2] == '\t'))
			i += 3;
		else if (i + 1 < e && b[i] == '\n' &&
			 (b[i + 1] == ' ' || b[i + 1] == '\t'))
			i += 2;
		else
			return i;
	}
}

/* The logical text of [s, e) (folds dropped) in out[cap]: its length,
 * or 0 if it does not fit. */
static size_t
unfold(const char *b, size_t s, size_t e, char *out, size_t cap)
{
	size_t n = 0, i;

	for (i = s; i < e; i = nx(b, i, e)) {
		if (n == cap)
			return 0;
		out[n++] = b[i];
	}
	return n;
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Drops white space (and so folds) at both ends of [*s, *e). */
static void
trim(const char *b, size_t *s, size_t *e)
{
	while (*s < *e && is_ws(b[*s]))
		(*s)++;
	while (*e > *s && is_ws(b[*e - 1]))
		(*e)--;
}

/* Component k (1-based) of [s, e) split at unescaped sep. */
static int
comp(const char *b, size_t s, size_t e, char sep, int k, size_t *cs,
     size_t *ce)
{
	size_t i = s;
	int n = 1;

	*cs = s;
	while (i < e) {
		if (b[i] == '\\') {
			i = nx(b, i, e);
			if (i < e)
				i = nx(b, i, e);
			continue;
		}
		if (b[i] == sep) {
			if (n == k) {
				*ce = i;
				return 1;
			}
			n++;
			i = nx(b, i, e);
			*cs = i;
			continue;
		}
		i = nx(b, i, e);
	}
	if (n == k) {
		*ce = e;
		return 1;
	}
	return 0;
}

static int
word_is(const char *b, size_t s, size_t e, const char *w)
{
	size_t n = strlen(w);

	return e - s == n && strncasecmp(b + s, w, n) == 0;
}

/* A person's name as written in a value: letters (any script), spaces,
 * ' - . and escaped commas; at most 6 words, no org words (fld_is_name). */
static int
name_ok(const char *b, size_t s, size_t e)
{
	size_t i, letters = 0, words = 0;
	int inword = 0;

	while (s < e && b[s] == ' ')
		s++;
	while (e > s && b[e - 1] == ' ')
		e--;
	if (e <= s || e - s > 80)
		return 0;
	for (i = s; i < e; i++) {
		unsigned char c = (unsigned char)b[i];

		if (ck_isalpha(c) || c >= 0x80) {
			letters++;
			if (!inword)
				words++;
			inword = 1;
			continue;
		}
		inword = c == '\'' || c == '-' || c == '.';
		if (!inword && c != ' ' && c != ',' && c != '\\' &&
		    c != '\r' && c != '\n' && c != '\t')
			return 0;
	}
	if (letters == 0 || words > 6)
		return 0;
	/* org words, placeholders ("Conference Room", "Front Desk"
	 * pass; "Billing Department" does not) */
	return words > 1 ? fld_is_name(b + s, e - s, 0) ||
			   memchr(b + s, '\\', e - s) != NULL ||
			   memchr(b + s, '\n', e - s) != NULL : 1;
}

/* A city: letters (any script), spaces, ' - . ; no digits. */
static int
city_ok(const char *b, size_t s, size_t e)
{
	size_t i, letters = 0;

	while (s < e && b[s] == ' ')
		s++;
	while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\r'))
		e--;
	if (e <= s || e - s > 60 || !(ck_isupper((unsigned char)b[s]) ||
				       (unsigned char)b[s] >= 0x80))
		return 0;
	for (i = s; i < e; i++) {
		unsigned char c = (unsigned char)b[i];

		if (ck_isalpha(c) || c >= 0x80)
			letters++;
		else if (c != ' ' && c != '\'' && c != '-' && c != '.')
			return 0;
	}
	return letters >= 2;
}

static void
keep_name(struct vc_state *st, const char *b, size_t s, size_t e)
{
	char u[VC_NAME_MAX];
	size_t n;

	trim(b, &s, &e);
	n = unfold(b, s, e, u, sizeof(u));
	if (st->nnames == VC_NAMES || n < 4 || memchr(u, ' ', n) == NULL)
		return;
	memcpy(st->name[st->nnames], u, n);
	st->nlen[st->nnames++] = (unsigned char)n;
}

/* Words of the names of places, services and groups that sit where a
 * person's name goes (FN, CN), beyond fld_is_name's own. */
static const char *const not_person[] = {
	"medicine", "family", "practice", "office", "room", "desk",
	"reception", "scheduling", "schedule", "calendar", "support",
	"billing", "conference", "meeting", "lab", "radiology", "imaging",
	"pediatrics", "paediatrics", "orthopedics", "orthopaedics", "dental",
	"care", "wellness", "urgent", "noreply", "info", "staff", "unit",
	"ward", "suite", "holidays", "holiday", "birthdays", "contacts",
	"appointments", "mailbox", "shared", "resource", "equipment", NULL
};

/* A whole name (FN, CN): one word must be a listed first or last name;
 * no word may name a place or service. */
static int
full_name_ok(const char *b, size_t s, size_t e)
{
	char u[96];
	size_t n = unfold(b, s, e, u, sizeof(u)), i = 0, w, words = 0;
	const struct phi_names *nl = phi_names_get();
	int k;

	if (n == 0)
		return 0;
	while (i < n) {
		while (i < n && (u[i] == ' ' || u[i] == ',' || u[i] == '\\'))
			i++;
		for (w = i; i < n && u[i] != ' ' && u[i] != ','; i++)
			;
		if (i == w)
			continue;
		words++;
		for (k = 0; not_person[k] != NULL; k++)
			if (i - w == strlen(not_person[k]) &&
			    strncasecmp(u + w, not_person[k], i - w) == 0)
				return 0;
	}
	if (words == 1 && nl != NULL)
		return phi_names_is_first(nl, u, n) || phi_names_is_last(nl, u, n);
	return words > 0;
}

/* Credentials written after a name; outside its span. */
static const char *const credentials[] = {
	"MD", "M.D.", "DO", "D.O.", "RN", "NP", "PA", "PA-C", "PhD",
	"Ph.D.", "DDS", "DMD", "LCSW", "MSW", "FNP", "FNP-C", "APRN", "DPT",
	"PT", "OT", "CNM", "CRNA", "LPN", "DC", "OD", "PharmD", "FACP",
	"FACS", "MBBS", "BSN", "MSN", "DNP", "LMFT", "LPC", "Jr.", NULL
};

/* A person's name in [s, e): without the title Dr. before it and
 * credentials after it (the label conventions' span); pushed and kept
 * for the block's text. */
static void
person_name(struct line *l, size_t s, size_t e)
{
	const char *b = l->o->buf;
	int k, cut = 1;

	trim(l->o->buf, &s, &e);
	if (e - s > 4 && (strncmp(b + s, "Dr. ", 4) == 0 ||
			  strncmp(b + s, "DR. ", 4) == 0))
		s += 4;
	else if (e - s > 3 && (strncmp(b + s, "Dr ", 3) == 0 ||
			       strncmp(b + s, "DR ", 3) == 0))
		s += 3;
	while (cut) {
		size_t w = e;

		cut = 0;
		while (w > s && b[w - 1] != ' ' && b[w - 1] != ',')
			w--;
		if (w <= s)
			break;
		for (k = 0; credentials[k] != NULL; k++)
			if (e - w == strlen(credentials[k]) &&
			    memcmp(b + w, credentials[k], e - w) == 0) {
				e = w;
				while (e > s && (b[e - 1] == ' ' ||
						 b[e - 1] == ',' ||
						 b[e - 1] == '\\'))
					e--;
				cut = 1;
				break;
			}
	}
	if (!name_ok(b, s, e) || !full_name_ok(b, s, e))
		return;
	push(l, PHI_NAME, s, e);
	keep_name(l->st, b, s, e);
}

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!ck_isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

static int
is_d8(const char *s)
{
	int m = (s[4] - '0') * 10 + s[5] - '0';
	int d = (s[6] - '0') * 10 + s[7] - '0';

	return all_digits(s, 8) && (s[0] == '1' || s[0] == '2') && m >= 1 &&
	       m <= 12 && d >= 1 && d <= 31;
}

/* An iCalendar DATE or DATE-TIME token: 20261227, 20261227T154500[Z]. */
static int
ical_dt(const char *b, size_t s, size_t e)
{
	size_t n = e - s;

	if (n < 8 || !is_d8(b + s))
		return 0;
	if (n == 8)
		return 1;
	if (b[s + 8] != 'T' || (n != 15 && n != 16) ||
	    !all_digits(b + s + 9, 6))
		return 0;
	return n == 15 || b[s + 15] == 'Z';
}

/* A parameter name=value in [ps, pe): the value's bounds (quotes
 * dropped). */
static int
param(const char *b, size_t ps, size_t pe, const char *name, size_t *vs,
      size_t *ve)
{
	size_t i = ps, n = strlen(name);

	while (i < pe) {
		size_t k = i, q;

		while (k < pe && b[k] != '=' && b[k] != ';')
			k++;
		if (k < pe && b[k] == '=') {
			q = k + 1;
			if (q < pe && b[q] == '"') {
				size_t j = q + 1;

				while (j < pe && b[j] != '"')
					j = nx(b, j, pe);
				if (k - i == n && strncasecmp(b + i, name, n) == 0) {
					*vs = q + 1;
					*ve = j;
					return 1;
				}
				k = j < pe ? j + 1 : pe;
			} else {
				size_t j = q;

				while (j < pe && b[j] != ';')
					j = nx(b, j, pe);
				if (k - i == n && strncasecmp(b + i, name, n) == 0) {
					*vs = q;
					*ve = j;
					return 1;
				}
				k = j;
			}
			while (k < pe && b[k] != ';')
				k++;
		}
		i = k + 1;
	}
	return 0;
}

static int
ci_find(const char *b, size_t s, size_t e, const char *w)
{
	size_t n = strlen(w), i;

	for (i = s; i + n <= e; i++)
		if (strncasecmp(b + i, w, n) == 0)
			return 1;
	return 0;
}

/* example.com / .org / .net are documentation addresses. */
static int
doc_domain(const char *b, size_t s, size_t e)
{
	const char *at = memchr(b + s, '@', e - s);
	size_t a;

	if (at == NULL)
		return 1;
	a = (size_t)(at - b) + 1;
	return e - a == 11 && (strncasecmp(b + a, "example.com", 11) == 0 ||
			       strncasecmp(b + a, "example.org", 11) == 0 ||
			       strncasecmp(b + a, "example.net", 11) == 0);
}

static void
email(struct line *l, size_t s, size_t e)
{
	const char *b = l->o->buf;
	char u[256];
	size_t n;

	trim(b, &s, &e);
	if (e - s > 7 && strncasecmp(b + s, "mailto:", 7) == 0)
		s += 7;
	n = unfold(b, s, e, u, sizeof(u));
	if (n > 0 && !doc_domain(u, 0, n) && phi_valid_email(u, n))
		push(l, PHI_EMAIL, s, e);
}

/* A street line: a house number and a word, or a post office, highway
 * contract or rural route box ("PO Box 12", "HC 3 Box 40"). */
static int
street_line(const char *b, size_t s, size_t e)
{
	size_t i, words = 1;

	if (e <= s || !ck_isalnum((unsigned char)b[e - 1]))
		return 0;
	for (i = s; i < e; i++)
		if (b[i] == ' ')
			words++;
	if (words > 8)
		return 0;
	for (i = s; i < e && ck_isdigit((unsigned char)b[i]); i++)
		;
	if (i > s && i - s <= 6 && i + 1 < e && b[i] == ' ' &&
	    ck_isalpha((unsigned char)b[i + 1]))
		return 1;
	if (e - s > 7 && (strncasecmp(b + s, "PO Box ", 7) == 0 ||
			  strncasecmp(b + s, "P.O. Box ", 9) == 0))
		return 1;
	if (e - s > 8 && (strncasecmp(b + s, "HC ", 3) == 0 ||
			  strncasecmp(b + s, "RR ", 3) == 0)) {
		for (i = s + 3; i < e && ck_isdigit((unsigned char)b[i]); i++)
			;
		return i > s + 3 && e - i > 5 &&
		       strncasecmp(b + i, " Box ", 5) == 0;
	}
	return 0;
}

/* Free text (TEXT values escape commas): "Ride: 12 Oak St\, Tampa".
 * After a label's colon or a line break, a street line, an escaped
 * comma and a city that ends the clause: the street line and the city. */
static void
text_addresses(struct line *l)
{
	const char *b = l->o->buf;
	size_t i, s, c, ce;

	for (i = l->vs; i + 2 < l->ve; i++) {
		if (b[i] != '\\' || b[i + 1] != ',' || b[i + 2] != ' ')
			continue;
		/* the clause before: back to ':' or an escaped \n */
		for (s = i; s > l->vs && b[s - 1] != ':' &&
		     !(b[s - 1] == 'n' && s - 1 > l->vs && b[s - 2] == '\\');
		     s--)
			;
		while (s < i && b[s] == ' ')
			s++;
		if (!street_line(b, s, i))
			continue;
		/* the city: to the end, a line break, '.', ';' or a comma
		 * before a state code */
		c = i + 3;
		for (ce = c; ce < l->ve && b[ce] != '\\' && b[ce] != ';' &&
		     b[ce] != '\r' && b[ce] != '\n'; ce++)
			if (b[ce] == '.' && ce >= c + 4 &&
			    ck_isalpha((unsigned char)b[ce - 4]))
				break;	/* a sentence's end, not "St." */
		if (ce < l->ve && b[ce] == '\\' &&
		    !(ce + 1 < l->ve && (b[ce + 1] == 'n' || b[ce + 1] == ',')))
			continue;
		if (!city_ok(b, c, ce))
			continue;
		push_prio(l->o, l->st, PHI_ADDRESS, s, i, PHI_PRIO_CONTEXT);
		push_prio(l->o, l->st, PHI_ADDRESS, c, ce, PHI_PRIO_CONTEXT);
	}
}

static void
add_text(struct vc_state *st, struct line *l)
{
	if (st->ntexts < VC_TEXTS && l->ve > l->vs) {
		st->ts[st->ntexts] = l->o->base + l->vs;
		st->te[st->ntexts++] = l->o->base + l->ve;
	}
	text_addresses(l);
}

/* One line of a LABEL: a street line (house number or PO box), or
 * "City, ST 12345". */
static void
label_part(struct line *l, size_t s, size_t e)
{
	const char *b = l->o->buf;
	size_t i, c, z;

	trim(b, &s, &e);
	for (i = s; i < e && ck_isdigit((unsigned char)b[i]); i++)
		;
	if ((i > s && i - s <= 6 && i + 1 < e && b[i] == ' ' &&
	     ck_isalpha((unsigned char)b[i + 1])) ||
	    (e - s > 7 && (strncasecmp(b + s, "PO Box ", 7) == 0 ||
			   strncasecmp(b + s, "P.O. Box", 8) == 0))) {
		push(l, PHI_ADDRESS, s, e);
		return;
	}
	for (c = s; c < e && b[c] != ','; c++)
		;
	if (c >= e)
		return;
	i = c + 1;
	while (i < e && b[i] == ' ')
		i++;
	if (i + 3 >= e || !ck_isupper((unsigned char)b[i]) ||
	    !ck_isupper((unsigned char)b[i + 1]) || b[i + 2] != ' ')
		return;
	for (z = i + 3; z < e && b[z] == ' '; z++)
		;
	for (i = z; i < e && (ck_isdigit((unsigned char)b[i]) || b[i] == '-');
	     i++)
		;
	if (!phi_valid_zip(b + z, i - z))
		return;
	if (c > s && b[c - 1] == '\\')
		c--;
	if (city_ok(b, s, c))
		push(l, PHI_ADDRESS, s, c);
	push(l, PHI_ZIP, z, i);
}

/* LABEL: the address as printed, its lines separated by an escaped \n
 * or, quoted-printable, =0D=0A. */
static void
label(struct line *l)
{
	const char *b = l->o->buf;
	size_t p = l->vs, q, e = l->ve, sep;

	while (p < e) {
		sep = 0;
		for (q = p; q < e; q++) {
			if (b[q] == '\\' && q + 1 < e &&
			    (b[q + 1] == 'n' || b[q + 1] == 'N')) {
				sep = 2;
				break;
			}
			if (b[q] == '=' && q + 2 < e && b[q + 1] == '0' &&
			    (b[q + 2] == 'A' || b[q + 2] == 'D')) {
				sep = q + 5 < e && b[q + 3] == '=' &&
				      b[q + 4] == '0' && b[q + 5] == 'A' ? 6 : 3;
				break;
			}
		}
		label_part(l, p, q);
		if (sep == 0)
			break;
		p = q + sep;
	}
}

static void
vcard_line(struct line *l)
{
	const char *b = l->o->buf;
	struct vc_state *st = l->st;
	char u[64];
	size_t s, e, k, n;
	int i;

	if (word_is(b, l->ns, l->ne, "KIND"))
		st->org = !word_is(b, l->vs, l->ve, "individual");
	else if (word_is(b, l->ns, l->ne, "FN")) {
		if (!st->org)
			person_name(l, l->vs, l->ve);
	} else if (word_is(b, l->ns, l->ne, "N")) {
		if (st->org)
			return;
		/* a card with an empty N is an organisation's (vCard 3 has
		 * no KIND): "N:;;;;" then "FN:Acme Imaging" */
		for (s = l->vs; s < l->ve && (b[s] == ';' || is_ws(b[s])); s++)
			;
		if (s == l->ve) {
			st->org = 1;
			return;
		}
		for (i = 1; i <= 3; i++) {
			if (!comp(b, l->vs, l->ve, ';', i, &s, &e))
				break;
			/* several given or middle names: "Ann,Marie" */
			for (k = 1; comp(b, s, e, ',', (int)k, &l->ps, &l->pe);
			     k++)
				if (name_ok(b, l->ps, l->pe))
					push(l, PHI_NAME, l->ps, l->pe);
		}
	} else if (word_is(b, l->ns, l->ne, "BDAY") ||
		   word_is(b, l->ns, l->ne, "ANNIVERSARY") ||
		   word_is(b, l->ns, l->ne, "DEATHDATE")) {
		s = l->vs;
		e = l->ve;
		trim(b, &s, &e);
		n = unfold(b, s, e, u, sizeof(u));
		if (n >= 8 && (phi_date_length(u, n) == n || ical_dt(u, 0, n)))
			push(l, PHI_DATE, s, e);
	} else if (word_is(b, l->ns, l->ne, "ADR")) {
		if (st->org)
			return;
		/* post office box, extended address, street, locality,
		 * region, postal code, country */
		for (i = 1; i <= 3; i++)
			if (comp(b, l->vs, l->ve, ';', i, &s, &e)) {
				size_t j;

				for (j = s; j < e && !ck_isalnum((unsigned char)b[j]); j++)
					;
				if (j < e)
					push(l, PHI_ADDRESS, s, e);
			}
		if (comp(b, l->vs, l->ve, ';', 4, &s, &e) && city_ok(b, s, e))
			push(l, PHI_ADDRESS, s, e);
		if (comp(b, l->vs, l->ve, ';', 6, &s, &e)) {
			trim(b, &s, &e);
			n = unfold(b, s, e, u, sizeof(u));
			if (n > 0 && (phi_valid_zip(u, n) ||
				      ((n == 5 || n == 9) && all_digits(u, n))))
				push(l, PHI_ZIP, s, e);
		}
	} else if (word_is(b, l->ns, l->ne, "LABEL")) {
		if (!st->org)
			label(l);
	} else if (word_is(b, l->ns, l->ne, "TEL")) {
		int t = ci_find(b, l->ps, l->pe, "fax") ? PHI_FAX : PHI_PHONE;

		s = l->vs;
		e = l->ve;
		if (e - s > 4 && strncasecmp(b + s, "tel:", 4) == 0)
			s += 4;
		trim(b, &s, &e);
		n = unfold(b, s, e, u, sizeof(u));
		if (n > 0 && fld_is_phone(u, n))
			push(l, t, s, e);
	} else if (word_is(b, l->ns, l->ne, "EMAIL")) {
		email(l, l->vs, l->ve);
	} else if (word_is(b, l->ns, l->ne, "URL")) {
		if (!st->org && l->ve - l->vs > 8 &&
		    (strncasecmp(b + l->vs, "http", 4) == 0 ||
		     strncasecmp(b + l->vs, "www.", 4) == 0))
			push(l, PHI_URL, l->vs, l->ve);
	} else if (word_is(b, l->ns, l->ne, "NOTE")) {
		add_text(st, l);
	} else if (word_is(b, l->ns, l->ne, "REV") ||
		   word_is(b, l->ns, l->ne, "UID") ||
		   word_is(b, l->ns, l->ne, "PRODID") ||
		   word_is(b, l->ns, l->ne, "PHOTO") ||
		   word_is(b, l->ns, l->ne, "LOGO") ||
		   word_is(b, l->ns, l->ne, "SOUND") ||
		   word_is(b, l->ns, l->ne, "KEY") ||
		   word_is(b, l->ns, l->ne, "ORG") ||
		   word_is(b, l->ns, l->ne, "TITLE") ||
		   word_is(b, l->ns, l->ne, "ROLE") ||
		   word_is(b, l->ns, l->ne, "CATEGORIES")) {
		push(l, PHI_VETO, l->vs, l->ve);
	}
}

/* LOCATION: "1200 Harbor Blvd\, Suite 3\, Springfield\, IL 62701": the
 * street line when it starts with a house number; then the city and the
 * ZIP when a state code follows the city. */
static void
location(struct line *l)
{
	const char *b = l->o->buf;
	size_t s = l->vs, e = l->ve, i, cs, ce;

	while (s < e && b[s] == ' ')
		s++;
	for (i = s; i < e && ck_isdigit((unsigned char)b[i]); i++)
		;
	if (i == s || i - s > 6 || i + 2 >= e || b[i] != ' ' ||
	    !ck_isalpha((unsigned char)b[i + 1]))
		return;
	/* the street line ends at the first (escaped) comma */
	for (i = s; i < e && b[i] != ',' && b[i] != ';' && b[i] != '\\'; i++)
		;
	push(l, PHI_ADDRESS, s, i);
	/* an optional unit, then the city, then "ST 12345" */
	for (;;) {
		if (i < e && b[i] == '\\')
			i++;
		if (i >= e || b[i] != ',')
			return;
		cs = ++i;
		while (cs < e && b[cs] == ' ')
			cs++;
		for (ce = cs; ce < e && b[ce] != ',' && b[ce] != '\\'; ce++)
			;
		i = ce;
		if (ce - cs >= 3 && ck_isalpha((unsigned char)b[cs]) &&
		    !(ce - cs >= 2 && ck_isupper((unsigned char)b[cs]) &&
		      ck_isupper((unsigned char)b[cs + 1]) &&
		      (ce - cs == 2 || b[cs + 2] == ' '))) {
			size_t j = i, ss, z;

			if (j < e && b[j] == '\\')
				j++;
			if (j >= e || b[j] != ',')
				continue;	/* a unit or a last part */
			ss = j + 1;
			while (ss < e && b[ss] == ' ')
				ss++;
			if (ss + 2 > e || !ck_isupper((unsigned char)b[ss]) ||
			    !ck_isupper((unsigned char)b[ss + 1]) ||
			    (ss + 2 < e && b[ss + 2] != ' ' &&
			     b[ss + 2] != '\r'))
				continue;
			if (!city_ok(b, cs, ce))
				return;
			push(l, PHI_ADDRESS, cs, ce);
			z = ss + 2;
			while (z < e && b[z] == ' ')
				z++;
			for (j = z; j < e && (ck_isdigit((unsigned char)b[j]) ||
					      b[j] == '-'); j++)
				;
			if (phi_valid_zip(b + z, j - z))
				push(l, PHI_ZIP, z, j);
			return;
		}
	}
}

/* CONTACT: "Name\, Organisation\, phone": a person's name (proved by
 * the name lists), phone numbers, e-mail addresses. */
static void
contact(struct line *l)
{
	const char *b = l->o->buf;
	char u[64];
	size_t p = l->vs, q, s, e, n;
	int k;

	for (k = 1; k <= 6 && p < l->ve; k++, p = q + 1) {
		/* parts end at a comma, escaped (TEXT) or not */
		for (q = p; q < l->ve && b[q] != ','; q++)
			;
		s = p;
		e = q;
		if (e > s && b[e - 1] == '\\')
			e--;
		trim(b, &s, &e);
		n = unfold(b, s, e, u, sizeof(u));
		if (n == 0)
			continue;
		if (k == 1 && memchr(u, ' ', n) != NULL &&
		    fld_is_name(u, n, 0))
			push(l, PHI_NAME, s, e);
		else if (fld_is_phone(u, n))
			push(l, PHI_PHONE, s, e);
		else if (memchr(u, '@', n) != NULL)
			email(l, s, e);
	}
}

/* Words that make an event without participants an appointment. */
static const char *const appt_words[] = {
	"appointment", "appt", "patient", "visit", "follow-up", "follow up",
	"consult", "clinic", "therapy", "surgery", "procedure", "check-up",
	"checkup", "doctor", "dr.", "dentist", "mrn", "dob", "telehealth",
	"infusion", "dialysis", "vaccination", "physio", NULL
};

/* The event around the line (from its BEGIN to its END, as far as the
 * window holds it) has participants, a contact, or words that make it an
 * appointment; 1 too when its end lies beyond the window. */
static int
appointment(const struct line *l)
{
	const char *b = l->o->buf, *p;
	size_t s = 0, e, len = l->o->len;
	int k;

	if (l->st->event > l->o->base)
		s = (size_t)(l->st->event - l->o->base);
	if (s > l->vs)
		s = l->vs;
	p = memmem(b + l->ve, len - l->ve, "END:V", 5);
	if (p == NULL)
		return 1;
	e = (size_t)(p - b);
	if (ci_find(b, s, e, "ATTENDEE") || ci_find(b, s, e, "ORGANIZER") ||
	    ci_find(b, s, e, "CONTACT"))
		return 1;
	for (k = 0; appt_words[k] != NULL; k++) {
		size_t n = strlen(appt_words[k]), i;

		/* at the start of a word */
		for (i = s; i + n <= e; i++)
			if ((i == 0 || !ck_isalpha((unsigned char)b[i - 1])) &&
			    strncasecmp(b + i, appt_words[k], n) == 0)
				return 1;
	}
	return 0;
}

static void
ical_line(struct line *l)
{
	const char *b = l->o->buf;
	struct vc_state *st = l->st;
	char u[32];
	size_t s, e, n;

	if (word_is(b, l->ns, l->ne, "DTSTART") ||
	    word_is(b, l->ns, l->ne, "DTEND") ||
	    word_is(b, l->ns, l->ne, "DUE") ||
	    word_is(b, l->ns, l->ne, "RECURRENCE-ID")) {
		s = l->vs;
		e = l->ve;
		trim(b, &s, &e);
		n = unfold(b, s, e, u, sizeof(u));
		if (st->tz)
			push(l, PHI_VETO, s, e);
		else if (n > 0 && ical_dt(u, 0, n))
			push(l, appointment(l) ? PHI_DATE : PHI_VETO, s, e);
	} else if (word_is(b, l->ns, l->ne, "DTSTAMP") ||
		   word_is(b, l->ns, l->ne, "CREATED") ||
		   word_is(b, l->ns, l->ne, "LAST-MODIFIED") ||
		   word_is(b, l->ns, l->ne, "UID") ||
		   word_is(b, l->ns, l->ne, "PRODID") ||
		   word_is(b, l->ns, l->ne, "TZID") ||
		   word_is(b, l->ns, l->ne, "RRULE") ||
		   word_is(b, l->ns, l->ne, "SEQUENCE")) {
		push(l, PHI_VETO, l->vs, l->ve);
	} else if (word_is(b, l->ns, l->ne, "ORGANIZER") ||
		   word_is(b, l->ns, l->ne, "ATTENDEE")) {
		int room = param(b, l->ps, l->pe, "CUTYPE", &s, &e) &&
			   (word_is(b, s, e, "ROOM") ||
			    word_is(b, s, e, "RESOURCE"));

		if (!room && param(b, l->ps, l->pe, "CN", &s, &e)) {
			if (memchr(b + s, '@', e - s) != NULL)
				email(l, s, e);	/* CN=jkim@mail.net */
			else
				person_name(l, s, e);
		}
		if (param(b, l->ps, l->pe, "SENT-BY", &s, &e))
			email(l, s, e);
		if (param(b, l->ps, l->pe, "EMAIL", &s, &e))
			email(l, s, e);
		if (!room)
			email(l, l->vs, l->ve);
	} else if (word_is(b, l->ns, l->ne, "CONTACT")) {
		contact(l);
	} else if (word_is(b, l->ns, l->ne, "LOCATION")) {
		location(l);
	} else if (word_is(b, l->ns, l->ne, "SUMMARY") ||
		   word_is(b, l->ns, l->ne, "DESCRIPTION") ||
		   word_is(b, l->ns, l->ne, "COMMENT")) {
		add_text(st, l);
	}
}

static void block_reset(struct vc_state *st);

/* "Jane Roe (A2291047)": an identifier in parentheses right after the
 * person's name, in a scheduling or contact record, is her record
 * number.  It has digits, is no phone number and no year. */
static void
record_id(struct vc_state *st, struct fld_out *o, size_t i, size_t e)
{
	const char *b = o->buf;
	size_t s, j, digits = 0;

	if (i + 2 >= e || b[i] != ' ' || b[i + 1] != '(')
		return;
	s = i + 2;
	for (j = s; j < e && (ck_isalnum((unsigned char)b[j]) || b[j] == '-');
	     j++)
		if (ck_isdigit((unsigned char)b[j]))
			digits++;
	if (j >= e || b[j] != ')' || j - s < 5 || j - s > 14 || digits < 5 ||
	    !ck_isalnum((unsigned char)b[s]) || b[j - 1] == '-' ||
	    fld_is_phone(b + s, j - s))
		return;
	push_prio(o, st, PHI_MRN, s, j, PHI_PRIO_CONTEXT);
}

/* A block ends: the full names it gave, where its free text repeats
 * them (and the text lies in this window). */
static void
names_in_text(struct vc_state *st, struct fld_out *o)
{
	const char *b = o->buf;
	int t, k;

	for (t = 0; t < st->ntexts; t++) {
		size_t s, e;

		if (st->ts[t] < o->base || st->te[t] > o->base + o->len)
			continue;
		s = (size_t)(st->ts[t] - o->base);
		e = (size_t)(st->te[t] - o->base);
		for (k = 0; k < st->nnames; k++) {
			size_t n = st->nlen[k], i = s;
			const char *p;

			while (i + n <= e &&
			       (p = memmem(b + i, e - i, st->name[k], n)) !=
			       NULL) {
				size_t at = (size_t)(p - b);

				if ((at == s || !ck_isalnum((unsigned char)b[at - 1])) &&
				    (at + n == e ||
				     !ck_isalnum((unsigned char)b[at + n]))) {
					push_prio(o, st, PHI_NAME, at, at + n,
						  PHI_PRIO_CONTEXT);
					record_id(st, o, at + n, e);
				}
				i = at + n;
			}
		}
	}
	block_reset(st);
}

static void
block_reset(struct vc_state *st)
{
	st->nnames = 0;
	st->ntexts = 0;
	st->org = 0;
}

/* One logical line [s, e) (folds inside); 0 if it is not a content
 * line. */
static int
content_line(struct vc_state *st, struct fld_out *o, size_t s, size_t e)
{
	const char *b = o->buf;
	struct line l;
	size_t i;

	l.o = o;
	l.st = st;
	l.ns = l.ne = s;
	for (i = s; i < e && (ck_isalnum((unsigned char)b[i]) || b[i] == '-' ||
			      b[i] == '.'); i = nx(b, i, e)) {
		if (b[i] == '.')
			l.ns = nx(b, i, e);	/* group prefix */
		l.ne = i + 1;	/* not past a fold after the name */
	}
	if (l.ne <= l.ns || i >= e || (b[i] != ';' && b[i] != ':'))
		return 0;
	l.ps = l.pe = i;
	if (b[i] == ';') {
		int q = 0;

		l.ps = nx(b, i, e);
		for (i = l.ps; i < e && (q || b[i] != ':'); i = nx(b, i, e))
			if (b[i] == '"')
				q = !q;
		l.pe = i;
		if (i >= e)
			return 0;
	}
	l.vs = nx(b, i, e);
	l.ve = e;
	while (l.ve > l.vs && (b[l.ve - 1] == '\r' || b[l.ve - 1] == '\n'))
		l.ve--;
	if (word_is(b, l.ns, l.ne, "BEGIN") || word_is(b, l.ns, l.ne, "END")) {
		int begin = b[l.ns] == 'B' || b[l.ns] == 'b';
		size_t vs = l.vs, ve = l.ve;

		while (ve > vs && b[ve - 1] == ' ')
			ve--;
		if (word_is(b, vs, ve, "VCARD")) {
			if (!begin)
				names_in_text(st, o);
			st->card = begin;
			block_reset(st);
		} else if (word_is(b, vs, ve, "VCALENDAR")) {
			st->cal = begin;
			st->tz = 0;
			block_reset(st);
		} else if (word_is(b, vs, ve, "VTIMEZONE")) {
			st->tz = begin;
		} else if (word_is(b, vs, ve, "VEVENT") ||
			   word_is(b, vs, ve, "VTODO") ||
			   word_is(b, vs, ve, "VJOURNAL")) {
			if (begin) {
				block_reset(st);
				st->event = o->base + s;
			} else
				names_in_text(st, o);
		}
		return 1;
	}
	if (st->card)
		vcard_line(&l);
	else if (st->cal)
		ical_line(&l);
	return 1;
}

static void *
vc_init(const struct phi_engine *e, struct ck_error *err)
{
	return fld_shared_new(e, 0, err);
}

static void
vc_fini(void *p)
{
	fld_shared_free(p);
}

static void *
vc_state_new(void *shared)
{
	struct vc_state *st = calloc(1, sizeof(*st));

	if (st != NULL)
		st->sh = shared;
	return st;
}

static void
vc_state_free(void *p)
{
	free(p);
}

static void
vc_begin(void *p, const char *path)
{
	struct vc_state *st = p;

	(void)path;
	st->card = st->cal = st->tz = st->org = 0;
	st->resume = 0;
	block_reset(st);
}

/* The start of the line of the next "BEGIN:V" in b[i, lim), or lim. */
static size_t
next_begin(const char *b, size_t i, size_t lim)
{
	while (i < lim) {
		const char *p = memmem(b + i, lim - i, "BEGIN:V", 7);
		size_t at, ls;

		if (p == NULL)
			return lim;
		at = (size_t)(p - b);
		for (ls = at; ls > 0 && (b[ls - 1] == ' ' || b[ls - 1] == '\t');
		     ls--)
			;
		if (ls == 0 || b[ls - 1] == '\n' || b[ls - 1] == '\r')
			return at;
		i = at + 7;
	}
	return lim;
}

static int
vc_scan(void *p, const struct phi_window *w, struct phi_cands *out,
	struct ck_error *err)
{
	struct vc_state *st = p;
	struct fld_out o = { out, st->sh, w->buf, w->len, w->base, 0 };
	const char *b = w->buf;
	size_t i = 0, lim = w->len, le;

	if (st->resume > w->base)
		i = st->resume - w->base > w->len ? w->len :
		    (size_t)(st->resume - w->base);
	if (!w->last) {
		size_t l1 = lim;

		while (l1 > i && b[l1 - 1] != '\n')
			l1--;
		if (l1 == i)
			/* a line longer than the window, or one that the
			 * next window holds whole */
			lim = i == 0 ? w->len : i;
		else if (l1 == w->len || b[l1] == ' ' || b[l1] == '\t') {
			/* the last logical line may go on in the next
			 * window: hold it back */
			lim = l1 - 1;
			for (;;) {
				while (lim > i && b[lim - 1] != '\n')
					lim--;
				if (lim > i && (b[lim] == ' ' || b[lim] == '\t'))
					lim--;
				else
					break;
			}
		} else
			lim = l1;
	}
	while (i < lim) {
		if (!st->card && !st->cal) {
			i = next_begin(b, i, lim);
			if (i >= lim)
				break;
		}
		while (i < lim && (b[i] == ' ' || b[i] == '\t'))
			i++;
		/* the logical line: through the folds that follow */
		for (le = i; le < lim; le++) {
			if (b[le] != '\n')
				continue;
			if (le + 1 < lim && (b[le + 1] == ' ' || b[le + 1] == '\t'))
				continue;
			break;
		}
		if (le > i && !content_line(st, &o, i, le) &&
		    !ck_isspace((unsigned char)b[i])) {
			/* not a content line: the block is over */
			st->card = st->cal = st->tz = 0;
			block_reset(st);
		}
		i = le < lim ? le + 1 : lim;
	}
	st->resume = w->base + lim;
	if (o.nomem)
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

const struct phi_detector phi_detector_vcal = {
	"vcal", vc_init, vc_fini, vc_state_new, vc_state_free, vc_begin,
	vc_scan
};
