/* x12.c -- ASC X12 EDI (HIPAA 5010: 837 claims, 835 remittance, 834
 * enrolment, 270/271 eligibility): a value's segment, position and
 * qualifier say what it is.
 *
 * The separators come from the ISA header: its 4th byte is the element
 * separator, ISA16 the component separator and the byte after ISA16 the
 * segment terminator.  A document is read as X12 only when it starts with
 * ISA (after white space) or, lacking the envelope, when its first window
 * holds a transaction set header ST*ddd* at the start of a segment; it is
 * then read with the defaults * : ~.  Line breaks after terminators are
 * skipped.  Envelope and header values (control numbers, creation dates
 * and times, sender ids) are system data: vetoed, never reported. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/phi/ascii.h"
#include "common/phi/fields.h"
#include "common/phi/validate.h"

#define MAXEL 32

static const char *const rules[PHI_NTYPES] = {
	"x12.name", "x12.date", "x12.age", "x12.address", "x12.zip",
	"x12.phone", "x12.fax", "x12.email", "x12.url", "x12.ip", "x12.ssn",
	"x12.npi", "x12.dea", "x12.credit_card", "x12.vehicle", "x12.icd10",
	"x12.mrn", "x12.health_plan", "x12.account", "x12.license",
	"x12.device", "x12.biometric", "x12.other_id"
};

struct x12_state {
	const struct fld_shared *sh;
	int mode;		/* 0 undecided, 1 X12, -1 not X12 */
	char es, cs, term;
	char ent[4];		/* entity identifier of the last NM1 */
	int person;		/* the last NM1 names a person */
	uint64_t resume;
};

/* One segment: its element bounds in the window (el 0 is the id). */
struct seg {
	struct fld_out *o;
	const struct x12_state *st;
	size_t s[MAXEL], e[MAXEL];
	int n;
};

static void
push(struct fld_out *o, int type, size_t s, size_t e)
{
	while (s < e && o->buf[s] == ' ')
		s++;
	while (e > s && o->buf[e - 1] == ' ')
		e--;
	if (e <= s || e > o->len)
		return;
	if (phi_cands_push(o->cands, o->base + s, o->base + e, type,
			   type == PHI_VETO ? PHI_CONF_LOW : PHI_CONF_HIGH,
			   type == PHI_VETO ? 0 : o->sh->weight[type],
			   PHI_PRIO_FIELD,
			   type == PHI_VETO ? "x12.none" : rules[type]) < 0)
		o->nomem = 1;
}

static int
el_eq(const struct seg *g, int k, const char *w)
{
	size_t n = strlen(w);

	return k < g->n && g->e[k] - g->s[k] == n &&
	       memcmp(g->o->buf + g->s[k], w, n) == 0;
}

/* Component k (1-based) of element el: its bounds; 0 if absent. */
static int
comp(const struct seg *g, int el, int k, size_t *cs, size_t *ce)
{
	const char *b = g->o->buf;
	size_t i, e;
	int n = 1;

	if (el >= g->n)
		return 0;
	i = g->s[el];
	e = g->e[el];
	while (n < k) {
		while (i < e && b[i] != g->st->cs)
			i++;
		if (i >= e)
			return 0;
		i++;
		n++;
	}
	*cs = i;
	while (i < e && b[i] != g->st->cs)
		i++;
	*ce = i;
	return 1;
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

/* A name part as X12 writes it: letters (any script), space, ' - . */
static int
name_part(const char *s, size_t n)
{
	size_t i, letters = 0;

	if (n == 0 || n > 60)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (ck_isalpha(c) || c >= 0x80)
			letters++;
		else if (c != ' ' && c != '\'' && c != '-' && c != '.')
			return 0;
	}
	return letters > 0;
}

static int
has_alnum(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ck_isalnum((unsigned char)s[i]))
			return 1;
	return 0;
}

/* CCYYMMDD with a plausible month and day. */
static int
is_d8(const char *s, size_t n)
{
	int m, d;

	if (n != 8 || !all_digits(s, 8) || (s[0] != '1' && s[0] != '2'))
		return 0;
	m = (s[4] - '0') * 10 + s[5] - '0';
	d = (s[6] - '0') * 10 + s[7] - '0';
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* A date element in format fmt (D8, RD8, DT, TS...). */
static void
do_date(struct seg *g, int fk, int vk)
{
	const char *b = g->o->buf;
	size_t s, e, i;

	if (vk >= g->n)
		return;
	s = g->s[vk];
	e = g->e[vk];
	if (el_eq(g, fk, "D8") || el_eq(g, fk, "DT") || el_eq(g, fk, "DTS")) {
		if (e - s >= 8 && is_d8(b + s, 8) && all_digits(b + s, e - s))
			push(g->o, PHI_DATE, s, e);
	} else if (el_eq(g, fk, "RD8")) {
		for (i = s; i < e && b[i] != '-'; i++)
			;
		if (is_d8(b + s, i - s))
			push(g->o, PHI_DATE, s, i);
		if (i < e && is_d8(b + i + 1, e - i - 1))
			push(g->o, PHI_DATE, i + 1, e);
	}
}

static void
do_id(struct seg *g, int qk, int vk)
{
	const char *b = g->o->buf;
	size_t s, e;
	int t;

	if (vk >= g->n || g->e[vk] <= g->s[vk])
		return;
	s = g->s[vk];
	e = g->e[vk];
	if (el_eq(g, qk, "XX")) {
		if (phi_valid_npi(b + s, e - s))
			push(g->o, PHI_NPI, s, e);
		return;
	}
	if (!g->st->person)
		return;		/* payer ids, tax ids of organisations */
	if (el_eq(g, qk, "MI") || el_eq(g, qk, "MR") || el_eq(g, qk, "N"))
		t = PHI_HEALTH_PLAN;
	else if (el_eq(g, qk, "34") || el_eq(g, qk, "SY"))
		t = phi_valid_ssn(b + s, e - s) ? PHI_SSN : -1;
	else if (el_eq(g, qk, "PI") || el_eq(g, qk, "XV") ||
		 el_eq(g, qk, "PP"))
		t = -1;		/* payer and plan ids */
	else
		t = PHI_OTHER_ID;
	if (t >= 0 && has_alnum(b + s, e - s))
		push(g->o, t, s, e);
}

static int
hi_qual(const char *s, size_t n)
{
	static const char *const q[] = {
		"ABK", "ABF", "ABJ", "ABN", "APR", "BK", "BF", "BJ", "BN",
		"PR", "DR", NULL
	};
	int i;

	for (i = 0; q[i] != NULL; i++)
		if (strlen(q[i]) == n && memcmp(q[i], s, n) == 0)
			return 1;
	return 0;
}

static void
do_per(struct seg *g)
{
	const char *b = g->o->buf;
	int k;

	if (g->n > 2 && fld_is_name(b + g->s[2], g->e[2] - g->s[2], 1))
		push(g->o, PHI_NAME, g->s[2], g->e[2]);
	else if (g->n > 2)
		push(g->o, PHI_VETO, g->s[2], g->e[2]);	/* "BILLING DEPT" */
	for (k = 3; k + 1 < g->n; k += 2) {
		size_t s = g->s[k + 1], e = g->e[k + 1];
		int t;

		if (el_eq(g, k, "TE") || el_eq(g, k, "HP") ||
		    el_eq(g, k, "WP") || el_eq(g, k, "CP") ||
		    el_eq(g, k, "BN"))
			t = PHI_PHONE;
		else if (el_eq(g, k, "FX"))
			t = PHI_FAX;
		else if (el_eq(g, k, "EM"))
			t = PHI_EMAIL;
		else
			continue;
		if (t == PHI_EMAIL ? memchr(b + s, '@', e - s) != NULL :
		    fld_is_phone(b + s, e - s))
			push(g->o, t, s, e);
	}
}

static void
do_ref(struct seg *g)
{
	static const struct { char q[3]; signed char t; } q[] = {
		{ "SY", PHI_SSN }, { "EA", PHI_MRN }, { "1W", PHI_HEALTH_PLAN },
		{ "IG", PHI_HEALTH_PLAN }, { "6P", PHI_HEALTH_PLAN },
		{ "0F", PHI_HEALTH_PLAN }, { "1L", PHI_HEALTH_PLAN },
		{ "EJ", PHI_ACCOUNT }, { "Q4", PHI_OTHER_ID },
		{ "ZZ", -1 }
	};
	const char *b = g->o->buf;
	size_t i, s, e;

	if (g->n < 3)
		return;
	s = g->s[2];
	e = g->e[2];
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++)
		if (el_eq(g, 1, q[i].q)) {
			if (q[i].t < 0 || !has_alnum(b + s, e - s))
				return;
			if (q[i].t == PHI_SSN && !phi_valid_ssn(b + s, e - s))
				return;
			push(g->o, q[i].t, s, e);
			return;
		}
}

static int
seg_is(const struct seg *g, const char *id)
{
	return el_eq(g, 0, id);
}

static void
segment(struct x12_state *st, struct fld_out *o, size_t s, size_t e)
{
	const char *b = o->buf;
	struct seg g;
	size_t i, cs, ce;
	int k;

	g.o = o;
	g.st = st;
	g.n = 0;
	for (i = s;;) {
		size_t j = i;

		while (j < e && b[j] != st->es)
			j++;
		g.s[g.n] = i;
		g.e[g.n] = j;
		g.n++;
		if (j >= e || g.n == MAXEL)
			break;
		i = j + 1;
	}
	if (g.e[0] - g.s[0] < 2 || g.e[0] - g.s[0] > 3)
		return;
	if (seg_is(&g, "NM1")) {
		int person = el_eq(&g, 2, "1");

		memset(st->ent, 0, sizeof(st->ent));
		if (g.n > 1 && g.e[1] - g.s[1] < sizeof(st->ent))
			memcpy(st->ent, b + g.s[1], g.e[1] - g.s[1]);
		st->person = person;
		if (person) {
			for (k = 3; k <= 5 && k < g.n; k++)
				if (name_part(b + g.s[k], g.e[k] - g.s[k]))
					push(o, PHI_NAME, g.s[k], g.e[k]);
		} else if (g.n > 3)
			push(o, PHI_VETO, g.s[3], g.e[3]);
		do_id(&g, 8, 9);
	} else if (seg_is(&g, "N1")) {
		/* an organisation: payer, payee, sponsor */
		memset(st->ent, 0, sizeof(st->ent));
		if (g.n > 1 && g.e[1] - g.s[1] < sizeof(st->ent))
			memcpy(st->ent, b + g.s[1], g.e[1] - g.s[1]);
		st->person = 0;
		if (g.n > 2)
			push(o, PHI_VETO, g.s[2], g.e[2]);
		do_id(&g, 3, 4);
	} else if (seg_is(&g, "N3")) {
		if (strcmp(st->ent, "PR") == 0) {
			/* the payer's address is no one's */
			for (k = 1; k < g.n; k++)
				push(o, PHI_VETO, g.s[k], g.e[k]);
			return;
		}
		for (k = 1; k <= 2 && k < g.n; k++)
			if (has_alnum(b + g.s[k], g.e[k] - g.s[k]))
				push(o, PHI_ADDRESS, g.s[k], g.e[k]);
	} else if (seg_is(&g, "N4")) {
		if (strcmp(st->ent, "PR") == 0) {
			for (k = 1; k < g.n; k++)
				push(o, PHI_VETO, g.s[k], g.e[k]);
			return;
		}
		if (g.n > 1 && name_part(b + g.s[1], g.e[1] - g.s[1]))
			push(o, PHI_ADDRESS, g.s[1], g.e[1]);
		if (g.n > 3 && (((g.e[3] - g.s[3] == 5 ||
				  g.e[3] - g.s[3] == 9) &&
				 all_digits(b + g.s[3], g.e[3] - g.s[3])) ||
				phi_valid_zip(b + g.s[3], g.e[3] - g.s[3])))
			push(o, PHI_ZIP, g.s[3], g.e[3]);
	} else if (seg_is(&g, "DMG")) {
		do_date(&g, 1, 2);
	} else if (seg_is(&g, "DTP")) {
		do_date(&g, 2, 3);
	} else if (seg_is(&g, "DTM")) {
		/* 835 DTM*405 is the production date of the file */
		if (!el_eq(&g, 1, "405") && g.n > 2 &&
		    g.e[2] - g.s[2] == 8 && is_d8(b + g.s[2], 8))
			push(o, PHI_DATE, g.s[2], g.e[2]);
	} else if (seg_is(&g, "PAT")) {
		do_date(&g, 5, 6);	/* date of death */
	} else if (seg_is(&g, "REF")) {
		do_ref(&g);
	} else if (seg_is(&g, "CLM") || seg_is(&g, "CLP")) {
		if (g.n > 1 && has_alnum(b + g.s[1], g.e[1] - g.s[1]))
			push(o, PHI_ACCOUNT, g.s[1], g.e[1]);
	} else if (seg_is(&g, "HI")) {
		for (k = 1; k < g.n; k++)
			if (comp(&g, k, 1, &cs, &ce) &&
			    hi_qual(b + cs, ce - cs) &&
			    comp(&g, k, 2, &cs, &ce) &&
			    phi_valid_icd10(b + cs, ce - cs))
				push(o, PHI_ICD10, cs, ce);
	} else if (seg_is(&g, "PER")) {
		do_per(&g);
	} else if (seg_is(&g, "SV1") || seg_is(&g, "SV2") ||
		   seg_is(&g, "SV3") || seg_is(&g, "SVC")) {
		/* procedure codes (CPT, HCPCS, CDT), amounts, units */
		for (k = 1; k < g.n; k++)
			push(o, PHI_VETO, g.s[k], g.e[k]);
	} else if (seg_is(&g, "ISA") || seg_is(&g, "GS") ||
		   seg_is(&g, "ST") || seg_is(&g, "SE") ||
		   seg_is(&g, "GE") || seg_is(&g, "IEA") ||
		   seg_is(&g, "BHT") || seg_is(&g, "TRN") ||
		   seg_is(&g, "BPR") || seg_is(&g, "HL")) {
		for (k = 1; k < g.n; k++)
			push(o, PHI_VETO, g.s[k], g.e[k]);
	}
}

static void *
x12_init(const struct phi_engine *e, struct ck_error *err)
{
	return fld_shared_new(e, 0, err);
}

static void
x12_fini(void *p)
{
	fld_shared_free(p);
}

static void *
x12_state_new(void *shared)
{
	struct x12_state *st = calloc(1, sizeof(*st));

	if (st != NULL)
		st->sh = shared;
	return st;
}

static void
x12_state_free(void *p)
{
	free(p);
}

static void
x12_begin(void *p, const char *path)
{
	struct x12_state *st = p;

	(void)path;
	st->mode = 0;
	st->resume = 0;
	st->es = '*';
	st->cs = ':';
	st->term = '~';
	st->ent[0] = '\0';
	st->person = 0;
}

static int
sep_char(char c)
{
	return c != '\0' && !ck_isalnum((unsigned char)c) && c != ' ';
}

/* Reads the separators from the ISA at b[i]: 1 if it is one. */
static int
read_isa(struct x12_state *st, const char *b, size_t i, size_t len)
{
	size_t j;
	int k = 0;
	char es;

	if (len - i < 8 || memcmp(b + i, "ISA", 3) != 0 || !sep_char(b[i + 3]))
		return 0;
	es = b[i + 3];
	/* ISA16 follows the 16th element separator; the terminator
	 * follows it.  The ISA is 106 bytes; allow padding errors. */
	for (j = i + 3; j < len && j < i + 200; j++)
		if (b[j] == es && ++k == 16)
			break;
	if (k != 16 || j + 2 >= len)
		return 0;
	st->es = es;
	st->cs = b[j + 1];
	st->term = b[j + 2];
	if (st->term == '\r' || st->term == '\n' || st->term == es ||
	    st->cs == es || !sep_char(st->term))
		st->term = st->term == '\r' || st->term == '\n' ? '\n' : '~';
	return 1;
}

/* "ST*ddd*" at the start of a segment in b[0, n). */
static int
has_st(const char *b, size_t n)
{
	const char *p = b, *end = b + n;

	while ((p = memchr(p, 'S', (size_t)(end - p))) != NULL) {
		size_t at = (size_t)(p - b);

		if (end - p >= 8 && p[1] == 'T' && p[2] == '*' &&
		    ck_isdigit((unsigned char)p[3]) &&
		    ck_isdigit((unsigned char)p[4]) &&
		    ck_isdigit((unsigned char)p[5]) && p[6] == '*' &&
		    (at == 0 || b[at - 1] == '~' || b[at - 1] == '\n'))
			return 1;
		p++;
	}
	return 0;
}

static void
sniff(struct x12_state *st, const struct phi_window *w)
{
	const char *b = w->buf;
	size_t i = 0;

	st->mode = -1;
	if (w->base != 0)
		return;
	if (w->len >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < w->len && ck_isspace((unsigned char)b[i]))
		i++;
	if (read_isa(st, b, i, w->len)) {
		st->mode = 1;
		return;
	}
	if (w->len - i >= 3 && ck_isupper((unsigned char)b[i]) &&
	    has_st(b, w->len < 65536 ? w->len : 65536)) {
		st->mode = 1;
		/* segments one a line, without terminators */
		if (memchr(b, '~', w->len < 65536 ? w->len : 65536) == NULL)
			st->term = '\n';
	}
}

static int
x12_scan(void *p, const struct phi_window *w, struct phi_cands *out,
	 struct ck_error *err)
{
	struct x12_state *st = p;
	struct fld_out o = { out, st->sh, w->buf, w->len, w->base, 0 };
	const char *b = w->buf;
	size_t i = 0, lim = w->len, e;

	if (st->mode == 0)
		sniff(st, w);
	if (st->mode < 0)
		return 0;
	if (st->resume > w->base)
		i = st->resume - w->base > w->len ? w->len :
		    (size_t)(st->resume - w->base);
	if (!w->last) {
		while (lim > i && b[lim - 1] != st->term)
			lim--;
		if (lim == i)
			lim = w->len;	/* one segment longer than a window */
	}
	while (i < lim) {
		const char *q;

		while (i < lim && (ck_isspace((unsigned char)b[i]) ||
				   b[i] == '\0'))
			i++;
		if (i >= lim)
			break;
		q = memchr(b + i, st->term, lim - i);
		e = q != NULL ? (size_t)(q - b) : lim;
		/* a terminator of \n leaves the \r of \r\n */
		{
			size_t se = e;

			while (se > i && (b[se - 1] == '\r' || b[se - 1] == '\n'))
				se--;
			if (se > i)
				segment(st, &o, i, se);
		}
		i = e < lim ? e + 1 : lim;
	}
	st->resume = w->base + lim;
	if (o.nomem)
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

const struct phi_detector phi_detector_x12 = {
	"x12", x12_init, x12_fini, x12_state_new, x12_state_free, x12_begin,
	x12_scan
};
