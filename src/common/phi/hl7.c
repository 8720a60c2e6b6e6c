/* hl7.c -- HL7 v2 messages: a value's segment and field position says what
 * it is (HL7 v2.5 chapters 2, 3, 4, 6 and 7).
 *
 * Segments end at \r (the standard), \n or \r\n (files and logs).  The
 * field separator and encoding characters come from MSH-1/MSH-2; a
 * segment pasted without its MSH (a log line, a ticket) is read with the
 * defaults |^~\&.  Timestamps of the message itself (MSH-7, EVN-2, ORC-9)
 * are system times and are not reported. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/phi/ascii.h"
#include "common/phi/fields.h"
#include "common/phi/validate.h"

/* How a field's data type is read. */
enum kind {
	K_CX,		/* ID^^^authority^type code */
	K_XPN,		/* family^given^middle: one contiguous NAME */
	K_XCN,		/* ID^family^given^middle: NPI, then each part */
	K_XAD,		/* street^other^city^state^zip^country^type^^county */
	K_XTN,		/* number^use^equipment^email^...^area^local */
	K_DTM,		/* a date/time of the person's care */
	K_ST,		/* the first component, of the given type */
	K_DLN,		/* licence^issuing state^expiry */
	K_CE_DX,	/* code^text^system: ICD-10 diagnoses */
	K_EIP,		/* placer&...^filler&...: specimen ids */
	K_OBX5,		/* an observation's value: what OBX-3 says it is */
	K_ACSN		/* filler order number: an accession number */
};

struct fmap {
	char seg[4];
	unsigned char field;
	unsigned char kind;
	signed char type;	/* default type for K_CX / K_ST / K_EIP */
};

static const struct fmap fmap[] = {
	{ "PID", 2, K_CX, PHI_OTHER_ID }, { "PID", 3, K_CX, PHI_MRN },
	{ "PID", 4, K_CX, PHI_OTHER_ID }, { "PID", 5, K_XPN, PHI_NAME },
	{ "PID", 6, K_XPN, PHI_NAME }, { "PID", 7, K_DTM, PHI_DATE },
	{ "PID", 9, K_XPN, PHI_NAME }, { "PID", 11, K_XAD, PHI_ADDRESS },
	{ "PID", 13, K_XTN, PHI_PHONE }, { "PID", 14, K_XTN, PHI_PHONE },
	{ "PID", 18, K_CX, PHI_ACCOUNT }, { "PID", 19, K_ST, PHI_SSN },
	{ "PID", 20, K_DLN, PHI_LICENSE }, { "PID", 21, K_CX, PHI_OTHER_ID },
	{ "PID", 29, K_DTM, PHI_DATE },
	{ "PD1", 4, K_XCN, PHI_NAME },
	{ "NK1", 2, K_XPN, PHI_NAME }, { "NK1", 4, K_XAD, PHI_ADDRESS },
	{ "NK1", 5, K_XTN, PHI_PHONE }, { "NK1", 6, K_XTN, PHI_PHONE },
	{ "NK1", 16, K_DTM, PHI_DATE }, { "NK1", 30, K_XPN, PHI_NAME },
	{ "NK1", 31, K_XTN, PHI_PHONE }, { "NK1", 32, K_XAD, PHI_ADDRESS },
	{ "NK1", 33, K_CX, PHI_OTHER_ID }, { "NK1", 37, K_ST, PHI_SSN },
	{ "PV1", 7, K_XCN, PHI_NAME }, { "PV1", 8, K_XCN, PHI_NAME },
	{ "PV1", 9, K_XCN, PHI_NAME }, { "PV1", 17, K_XCN, PHI_NAME },
	{ "PV1", 19, K_CX, PHI_ACCOUNT }, { "PV1", 44, K_DTM, PHI_DATE },
	{ "PV1", 45, K_DTM, PHI_DATE }, { "PV1", 50, K_CX, PHI_ACCOUNT },
	{ "PV1", 52, K_XCN, PHI_NAME },
	{ "PV2", 8, K_DTM, PHI_DATE }, { "PV2", 9, K_DTM, PHI_DATE },
	{ "IN1", 16, K_XPN, PHI_NAME }, { "IN1", 18, K_DTM, PHI_DATE },
	{ "IN1", 19, K_XAD, PHI_ADDRESS },
	{ "IN1", 36, K_ST, PHI_HEALTH_PLAN },
	{ "IN1", 49, K_CX, PHI_HEALTH_PLAN },
	{ "IN2", 2, K_ST, PHI_SSN }, { "IN2", 6, K_ST, PHI_HEALTH_PLAN },
	{ "IN2", 8, K_ST, PHI_HEALTH_PLAN },
	{ "GT1", 2, K_CX, PHI_ACCOUNT }, { "GT1", 3, K_XPN, PHI_NAME },
	{ "GT1", 5, K_XAD, PHI_ADDRESS }, { "GT1", 6, K_XTN, PHI_PHONE },
	{ "GT1", 7, K_XTN, PHI_PHONE }, { "GT1", 8, K_DTM, PHI_DATE },
	{ "GT1", 12, K_ST, PHI_SSN },
	{ "DG1", 3, K_CE_DX, PHI_ICD10 }, { "DG1", 5, K_DTM, PHI_DATE },
	{ "DG1", 19, K_DTM, PHI_DATE },
	{ "PR1", 5, K_DTM, PHI_DATE }, { "PR1", 8, K_XCN, PHI_NAME },
	{ "PR1", 11, K_XCN, PHI_NAME }, { "PR1", 12, K_XCN, PHI_NAME },
	/* Filler order numbers: the lab's accession number */
	{ "ORC", 3, K_ACSN, PHI_OTHER_ID }, { "OBR", 3, K_ACSN, PHI_OTHER_ID },
	{ "OBX", 5, K_OBX5, PHI_AGE },
	{ "ORC", 10, K_XCN, PHI_NAME }, { "ORC", 11, K_XCN, PHI_NAME },
	{ "ORC", 12, K_XCN, PHI_NAME },
	{ "OBR", 7, K_DTM, PHI_DATE }, { "OBR", 8, K_DTM, PHI_DATE },
	{ "OBR", 14, K_DTM, PHI_DATE }, { "OBR", 16, K_XCN, PHI_NAME },
	{ "OBR", 28, K_XCN, PHI_NAME },
	{ "OBX", 14, K_DTM, PHI_DATE }, { "OBX", 16, K_XCN, PHI_NAME },
	{ "OBX", 19, K_DTM, PHI_DATE },
	{ "SPM", 2, K_EIP, PHI_OTHER_ID }, { "SPM", 17, K_DTM, PHI_DATE },
	{ "SPM", 18, K_DTM, PHI_DATE },
	{ "MRG", 1, K_CX, PHI_MRN }, { "MRG", 3, K_CX, PHI_ACCOUNT },
	{ "MRG", 5, K_CX, PHI_ACCOUNT }, { "MRG", 7, K_XPN, PHI_NAME },
};

/* Segments whose ID alone, followed by '|', marks HL7 text. */
static int
known_segment(const char *s)
{
	static const char ids[][4] = {
		"MSH", "PID", "PD1", "NK1", "PV1", "PV2", "IN1", "IN2", "GT1",
		"DG1", "PR1", "ORC", "OBR", "OBX", "SPM", "MRG", "EVN", "NTE",
		"AL1"
	};
	size_t i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (memcmp(s, ids[i], 3) == 0)
			return 1;
	return 0;
}

struct hl7_state {
	const struct fld_shared *sh;
	int have_msh;
	char fs, cs, rs, ss;
	uint64_t resume;
};

struct seg {
	struct fld_out *o;
	const struct hl7_state *st;
	size_t e;		/* segment end */
	size_t obx3_s, obx3_e;	/* OBX-3, for OBX-5 */
};

/* Component k (1-based) of [s, e): its bounds; 0 if absent. */
static int
component(const char *b, size_t s, size_t e, char sep, int k,
	  size_t *cs, size_t *ce)
{
	int n = 1;
	size_t i = s;

	while (n < k) {
		while (i < e && b[i] != sep)
			i++;
		if (i >= e)
			return 0;
		i++;
		n++;
	}
	*cs = i;
	while (i < e && b[i] != sep)
		i++;
	*ce = i;
	return 1;
}

static int
comp_eq(const char *b, size_t s, size_t e, const char *w)
{
	return e - s == strlen(w) && memcmp(b + s, w, e - s) == 0;
}

/* A name part: letters, and the subcomponent separator between parts
 * ("VAN&DER BERG"). */
static int
name_part(const struct seg *g, size_t s, size_t e)
{
	const char *b = g->o->buf;
	size_t i = s, j;

	if (s >= e)
		return 0;
	while (i < e) {
		for (j = i; j < e && b[j] != g->st->ss; j++)
			;
		if (j > i && !fld_is_name(b + i, j - i, 0))
			return 0;
		i = j + 1;
	}
	return 1;
}

static void
do_cx(struct seg *g, size_t s, size_t e, int deftype)
{
	const char *b = g->o->buf;
	size_t is, ie, ts, te;
	int t = deftype;

	if (!component(b, s, e, g->st->cs, 1, &is, &ie) || is == ie)
		return;
	if (component(b, s, e, g->st->cs, 5, &ts, &te) && te > ts) {
		int c = fld_id_type_code(b + ts, te - ts);

		if (c >= 0)
			t = c;
	} else if (component(b, s, e, g->st->cs, 4, &ts, &te) && te > ts &&
		   te == e && comp_eq(b, ts, te, "SS")) {
		/* "123456789^^^SS": the type code one place early, where
		 * no assigning authority would be called "SS" */
		t = PHI_SSN;
	}
	fld_emit(g->o, t, is, ie, "hl7");
}

static void
do_xpn(struct seg *g, size_t s, size_t e, int first)
{
	const char *b = g->o->buf;
	size_t cs[4], ce[4], ns = 0, ne = 0;
	int k, any = 0;

	for (k = 0; k < 3; k++) {
		if (!component(b, s, e, g->st->cs, first + k, &cs[k], &ce[k]))
			break;
		if (ce[k] == cs[k])
			continue;
		if (!name_part(g, cs[k], ce[k]))
			return;
		if (!any)
			ns = cs[k];
		ne = ce[k];
		any = 1;
	}
	if (any)
		fld_push(g->o, PHI_NAME, PHI_CONF_HIGH, ns, ne, "hl7");
}

static void
do_xcn(struct seg *g, size_t s, size_t e)
{
	const char *b = g->o->buf;
	size_t cs, ce;
	int k;

	if (component(b, s, e, g->st->cs, 1, &cs, &ce) && ce > cs &&
	    phi_valid_npi(b + cs, ce - cs))
		fld_push(g->o, PHI_NPI, PHI_CONF_HIGH, cs, ce, "hl7");
	/* Where the format splits the name, each part is its own span. */
	for (k = 2; k <= 4; k++)
		if (component(b, s, e, g->st->cs, k, &cs, &ce) && ce > cs &&
		    name_part(g, cs, ce))
			fld_push(g->o, PHI_NAME, PHI_CONF_HIGH, cs, ce, "hl7");
}

static int
has_letter(const char *b, size_t s, size_t e)
{
	for (; s < e; s++)
		if (ck_isalpha((unsigned char)b[s]) || (unsigned char)b[s] >= 0x80)
			return 1;
	return 0;
}

static void
do_xad(struct seg *g, size_t s, size_t e)
{
	const char *b = g->o->buf;
	size_t s1, e1, s2, e2;

	/* Street and other designation form one line ("12 OAK ST^APT 4B"). */
	if (component(b, s, e, g->st->cs, 1, &s1, &e1) && e1 > s1 &&
	    has_letter(b, s1, e1)) {
		if (component(b, s, e, g->st->cs, 2, &s2, &e2) && e2 > s2)
			e1 = e2;
		fld_push(g->o, PHI_ADDRESS, PHI_CONF_HIGH, s1, e1, "hl7");
	}
	if (component(b, s, e, g->st->cs, 3, &s1, &e1))
		fld_emit(g->o, PHI_ADDRESS, s1, e1, "hl7");
	if (component(b, s, e, g->st->cs, 5, &s1, &e1))
		fld_emit(g->o, PHI_ZIP, s1, e1, "hl7");
	if (component(b, s, e, g->st->cs, 9, &s1, &e1))
		fld_emit(g->o, PHI_ADDRESS, s1, e1, "hl7");
}

static void
do_xtn(struct seg *g, size_t s, size_t e)
{
	const char *b = g->o->buf;
	size_t s1, e1, s2, e2;
	int t = PHI_PHONE;

	/* Table 0202 equipment type FX, or a fax use code. */
	if ((component(b, s, e, g->st->cs, 3, &s1, &e1) &&
	     comp_eq(b, s1, e1, "FX")) ||
	    (component(b, s, e, g->st->cs, 2, &s1, &e1) &&
	     (comp_eq(b, s1, e1, "FX") || comp_eq(b, s1, e1, "FAX"))))
		t = PHI_FAX;
	if (component(b, s, e, g->st->cs, 1, &s1, &e1))
		fld_emit(g->o, t, s1, e1, "hl7");
	if (component(b, s, e, g->st->cs, 4, &s1, &e1))
		fld_emit(g->o, PHI_EMAIL, s1, e1, "hl7");
	if (component(b, s, e, g->st->cs, 6, &s1, &e1) && e1 - s1 == 3 &&
	    component(b, s, e, g->st->cs, 7, &s2, &e2) && e2 - s2 >= 7 &&
	    e2 - s2 <= 8) {
		/* Area code and local number in components 6 and 7
		 * ("^^^415^2708529", "^^^415^270-8529"): one number, one
		 * span over both */
		char num[12];

		memcpy(num, b + s1, 3);
		memcpy(num + 3, b + s2, e2 - s2);
		if (e2 - s2 == 8 && num[6] == '-')
			memmove(num + 6, num + 7, 4);
		if (ck_isdigit((unsigned char)b[s1]) &&
		    fld_is_phone(num, 10))
			fld_push(g->o, t, PHI_CONF_HIGH, s1, e2, "hl7");
	}
	if (component(b, s, e, g->st->cs, 12, &s1, &e1))
		fld_emit(g->o, t, s1, e1, "hl7");
}

static void
do_dtm(struct seg *g, size_t s, size_t e)
{
	const char *b = g->o->buf;
	size_t s1, e1;

	if (!component(b, s, e, g->st->cs, 1, &s1, &e1) || e1 == s1)
		return;
	if (fld_is_hl7_date(b + s1, e1 - s1))
		fld_push(g->o, PHI_DATE, PHI_CONF_HIGH, s1, e1, "hl7");
	else
		fld_emit(g->o, PHI_DATE, s1, e1, "hl7");
}

static void
do_dx(struct seg *g, size_t s, size_t e)
{
	const char *b = g->o->buf;
	size_t s1, e1, s3, e3;

	/* Only ICD-10 coding systems (table 0396: I10, I10C; or blank). */
	if (component(b, s, e, g->st->cs, 3, &s3, &e3) && e3 > s3 &&
	    !comp_eq(b, s3, e3, "I10") && !comp_eq(b, s3, e3, "I10C") &&
	    !comp_eq(b, s3, e3, "ICD10") && !comp_eq(b, s3, e3, "ICD10CM") &&
	    !comp_eq(b, s3, e3, "ICD-10-CM"))
		return;
	if (component(b, s, e, g->st->cs, 1, &s1, &e1))
		fld_emit(g->o, PHI_ICD10, s1, e1, "hl7");
}

/* OBX-3 (observation identifier, CE/CWE) names a patient's age: the
 * text "Age" / "Patient age", or LOINC 30525-0 (Age), 21612-7 (Age,
 * reported), 29553-5 (Age, calculated). */
static int
obx_is_age(struct seg *g)
{
	const char *b = g->o->buf;
	size_t s = g->obx3_s, e = g->obx3_e, cs, ce, i;
	int k;

	if (e <= s)
		return 0;
	if (component(b, s, e, g->st->cs, 1, &cs, &ce) &&
	    (comp_eq(b, cs, ce, "30525-0") || comp_eq(b, cs, ce, "21612-7") ||
	     comp_eq(b, cs, ce, "29553-5")))
		return 1;
	for (k = 2; k <= 5; k += 3) {
		if (!component(b, s, e, g->st->cs, k, &cs, &ce) || ce - cs < 3)
			continue;
		/* the last word of the text is "age" */
		for (i = ce; i > cs && ck_isalpha((unsigned char)b[i - 1]); i--)
			;
		if (ce - i == 3 && strncasecmp(b + i, "age", 3) == 0)
			return 1;
	}
	return 0;
}

static void
do_field(struct seg *g, const struct fmap *m, size_t s, size_t e)
{
	const char *b = g->o->buf;
	size_t rs = s, re, s1, e1;

	/* Each repetition on its own. */
	while (rs <= e) {
		for (re = rs; re < e && b[re] != g->st->rs; re++)
			;
		if (re > rs) {
			switch (m->kind) {
			case K_CX: do_cx(g, rs, re, m->type); break;
			case K_XPN: do_xpn(g, rs, re, 1); break;
			case K_XCN: do_xcn(g, rs, re); break;
			case K_XAD: do_xad(g, rs, re); break;
			case K_XTN: do_xtn(g, rs, re); break;
			case K_DTM: do_dtm(g, rs, re); break;
			case K_CE_DX: do_dx(g, rs, re); break;
			case K_ST:
			case K_DLN:
				if (component(b, rs, re, g->st->cs, 1, &s1,
					      &e1))
					fld_emit(g->o, m->type, s1, e1, "hl7");
				break;
			case K_ACSN:
				/* "S24-10387", "CYT-2024-0042": a case or
				 * specimen accession; a bare sequence number
				 * is the order's, not the person's */
				if (component(b, rs, re, g->st->cs, 1, &s1,
					      &e1) && has_letter(b, s1, e1))
					fld_emit(g->o, m->type, s1, e1, "hl7");
				break;
			case K_OBX5:
				if (obx_is_age(g) &&
				    component(b, rs, re, g->st->cs, 1, &s1,
					      &e1))
					fld_emit(g->o, m->type, s1, e1, "hl7");
				break;
			case K_EIP:
				if (component(b, rs, re, g->st->cs, 1, &s1,
					      &e1) &&
				    component(b, s1, e1, g->st->ss, 1, &s1,
					      &e1))
					fld_emit(g->o, m->type, s1, e1, "hl7");
				break;
			}
		}
		rs = re + 1;
	}
}

static void
segment(struct hl7_state *st, struct fld_out *o, size_t s, size_t e)
{
	const char *b = o->buf;
	struct seg g = { o, st, e, 0, 0 };
	size_t i, fs;
	unsigned field = 0, k;
	char sep = st->fs;

	for (k = 0; k < sizeof(fmap) / sizeof(fmap[0]); k++)
		if (memcmp(fmap[k].seg, b + s, 3) == 0)
			break;
	if (k == sizeof(fmap) / sizeof(fmap[0]))
		return;
	for (i = s + 3; i < e;) {
		fs = i + 1;
		for (i = fs; i < e && b[i] != sep; i++)
			;
		field++;
		if (field == 3 && memcmp(b + s, "OBX", 3) == 0) {
			g.obx3_s = fs;
			g.obx3_e = i;
		}
		for (k = 0; k < sizeof(fmap) / sizeof(fmap[0]); k++)
			if (fmap[k].field == field &&
			    memcmp(fmap[k].seg, b + s, 3) == 0) {
				do_field(&g, &fmap[k], fs, i);
				break;
			}
	}
}

static void *
hl7_init(const struct phi_engine *e, struct ck_error *err)
{
	return fld_shared_new(e, 0, err);
}

static void
hl7_fini(void *p)
{
	fld_shared_free(p);
}

static void *
hl7_state_new(void *shared)
{
	struct hl7_state *st = calloc(1, sizeof(*st));

	if (st != NULL)
		st->sh = shared;
	return st;
}

static void
hl7_state_free(void *p)
{
	free(p);
}

static void
defaults(struct hl7_state *st)
{
	st->fs = '|';
	st->cs = '^';
	st->rs = '~';
	st->ss = '&';
}

static void
hl7_begin(void *p, const char *path)
{
	struct hl7_state *st = p;

	(void)path;
	st->have_msh = 0;
	st->resume = 0;
	defaults(st);
}

static int
sep_char(char c)
{
	return c != '\0' && ck_ispunct((unsigned char)c);
}

/* The first '|' in b[i..lim), or lim. */
static size_t
next_bar(const char *b, size_t i, size_t lim)
{
	const char *p = i < lim ? memchr(b + i, '|', lim - i) : NULL;

	return p != NULL ? (size_t)(p - b) : lim;
}

/* The first "MSH" in b[i..lim), or lim. */
static size_t
next_msh(const char *b, size_t i, size_t lim)
{
	const char *p;

	while (i + 3 <= lim && (p = memchr(b + i, 'M', lim - i - 2)) != NULL) {
		i = (size_t)(p - b);
		if (b[i + 1] == 'S' && b[i + 2] == 'H')
			return i;
		i++;
	}
	return lim;
}

static int
hl7_scan(void *p, const struct phi_window *w, struct phi_cands *out,
	 struct ck_error *err)
{
	struct hl7_state *st = p;
	struct fld_out o = { out, st->sh, w->buf, w->len, w->base, 0 };
	const char *b = w->buf;
	size_t i = 0, lim = w->len, le, bar, s, nbar = 0, nmsh = 0;
	int looked = 0;

	if (st->resume > w->base)
		i = st->resume - w->base > w->len ? w->len :
		    (size_t)(st->resume - w->base);
	if (!w->last) {
		while (lim > i && b[lim - 1] != '\r' && b[lim - 1] != '\n')
			lim--;
		if (lim == i)
			lim = w->len;	/* one line longer than a window */
	}
	while (i < lim) {
		if (!st->have_msh || st->fs == '|') {
			/* Only a line holding a '|' (a segment, the
			 * separator being '|') or starting "MSH" can say
			 * anything: go to the line of the next of either.
			 * nbar and nmsh stay the next ones while >= i. */
			size_t q;

			if (!looked || nbar < i)
				nbar = next_bar(b, i, lim);
			if (!looked || nmsh < i)
				nmsh = next_msh(b, i, lim);
			looked = 1;
			q = nbar < nmsh ? nbar : nmsh;
			if (q >= lim) {
				i = lim;
				break;
			}
			while (q > i && b[q - 1] != '\r' && b[q - 1] != '\n')
				q--;
			i = q;
		}
		for (le = i; le < lim && b[le] != '\r' && b[le] != '\n'; le++)
			;
		if (le - i >= 8 && memcmp(b + i, "MSH", 3) == 0 &&
		    sep_char(b[i + 3]) && sep_char(b[i + 4]) &&
		    sep_char(b[i + 5]) && b[i + 4] != b[i + 3]) {
			st->have_msh = 1;
			st->fs = b[i + 3];
			st->cs = b[i + 4];
			st->rs = b[i + 5];
			st->ss = sep_char(b[i + 7]) && b[i + 7] != st->fs ?
				 b[i + 7] : '&';
		} else if (le - i >= 4 && st->have_msh &&
			   b[i + 3] == st->fs && ck_isupper((unsigned char)b[i])) {
			segment(st, &o, i, le);
		} else {
			/* A segment pasted into a log line or a ticket:
			 * "... DEBUG [pid-parser] PID|1||..." */
			bar = i;
			while (bar < le && b[bar] != '|')
				bar++;
			s = bar >= i + 3 ? bar - 3 : bar;
			if (bar < le && bar >= i + 3 && known_segment(b + s) &&
			    (s == i || strchr(" \t>\"'", b[s - 1]))) {
				struct hl7_state d = *st;

				defaults(&d);
				segment(&d, &o, s, le);
			}
		}
		i = le;
		while (i < lim && (b[i] == '\r' || b[i] == '\n'))
			i++;
	}
	st->resume = w->base + lim;
	if (o.nomem)
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

const struct phi_detector phi_detector_hl7 = {
	"hl7", hl7_init, hl7_fini, hl7_state_new, hl7_state_free, hl7_begin,
	hl7_scan
};
