/* fieldkv_pairs.c -- the key/value scanner's pairs: the bounded stack of
 * open objects and arrays with the key that opened each, FHIR's
 * structure (resource types, identifier systems, telecom, references),
 * and what a key and its value mean once both are read. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/phi/ascii.h"
#include "common/phi/fields.h"
#include "common/phi/validate.h"
#include "common/phi/fieldkv_priv.h"

static void low_names(struct sc *c, struct frame *f);

/* 1 if b[s, e) holds no blank: one token. */
static int
no_blank(const char *b, size_t s, size_t e)
{
	for (; s < e; s++)
		if (b[s] == ' ' || b[s] == '\t')
			return 0;
	return 1;
}

struct frame *
fieldkv_top(struct sc *c)
{
	int d = c->kv->depth;

	return d > 0 && d <= MAX_DEPTH ? &c->kv->st[d - 1] : NULL;
}

const char *
fieldkv_family(struct sc *c)
{
	return c->kv->fhir ? "fhir" : "field";
}

/* 1 if the last segment of a system (after ':', '/', '.' or '-') ends
 * with w: "urn:state:NM:medlic", "http://x.org/lic". */
static int
seg_end(const char *b, size_t s, size_t e, const char *w)
{
	size_t m = strlen(w), k = e;

	while (k > s && !strchr(":/.-", b[k - 1]))
		k--;
	/* "public" is no licence */
	return e - k >= m && e - k <= m + 4 &&
	       strncasecmp(b + e - m, w, m) == 0 &&
	       !(e - k >= 6 && strncasecmp(b + e - 6, "public", 6) == 0);
}

static int
span_has(const char *b, size_t s, size_t e, const char *w)
{
	size_t m = strlen(w), i;

	for (i = s; i + m <= e; i++)
		if (strncasecmp(b + i, w, m) == 0)
			return 1;
	return 0;
}

enum sys
fieldkv_classify_system(const char *b, size_t s, size_t e)
{
	/* FHIR telecom ContactPoint.system */
	if (fieldkv_span_eq(b, s, e, "phone") || fieldkv_span_eq(b, s, e, "sms") ||
	    fieldkv_span_eq(b, s, e, "pager"))
		return SYS_PHONE;
	if (fieldkv_span_eq(b, s, e, "fax"))
		return SYS_FAX;
	if (fieldkv_span_eq(b, s, e, "email"))
		return SYS_EMAIL;
	if (fieldkv_span_eq(b, s, e, "url"))
		return SYS_URL;
	/* Identifier namespaces: FHIR sids and the HL7 OIDs
	 * (2.16.840.1.113883.4.1 SSA, .4.6 NPI, .4.927 MBI, .4.3.x state
	 * driver's licences, .4.330.x passports). */
	if (span_has(b, s, e, "us-ssn") ||
	    (e - s >= 21 && memcmp(b + e - 21, "2.16.840.1.113883.4.1", 21) == 0))
		return SYS_SSN;
	if (span_has(b, s, e, "us-npi") ||
	    span_has(b, s, e, "2.16.840.1.113883.4.6"))
		return SYS_NPI;
	if (span_has(b, s, e, "us-mbi") || span_has(b, s, e, "medicare") ||
	    span_has(b, s, e, "medicaid") ||
	    span_has(b, s, e, "2.16.840.1.113883.4.927"))
		return SYS_PLAN;
	if (span_has(b, s, e, "2.16.840.1.113883.4.3.") ||
	    span_has(b, s, e, "licen") || seg_end(b, s, e, "lic"))
		return SYS_LICENSE;
	if (span_has(b, s, e, "2.16.840.1.113883.4.330"))
		return SYS_PASSPORT;
	if (span_has(b, s, e, "icd-10") || span_has(b, s, e, "icd10"))
		return SYS_ICD10;
	/* A facility's own namespace often says what it numbers. */
	if (span_has(b, s, e, "mrn") || span_has(b, s, e, "medical-record") ||
	    span_has(b, s, e, "medicalrecord"))
		return SYS_MRN;
	return SYS_OTHER;
}

/* HL7 table 0203 identifier type codes (FHIR identifier.type, HL7 v2
 * CX.5). */
int
fld_id_type_code(const char *code, size_t n)
{
	static const struct { const char *c; int t; } map[] = {
		{ "MR", PHI_MRN }, { "MRT", PHI_MRN }, { "PI", PHI_MRN },
		{ "SS", PHI_SSN }, { "SB", PHI_OTHER_ID },
		{ "MB", PHI_HEALTH_PLAN }, { "SN", PHI_HEALTH_PLAN },
		{ "MC", PHI_HEALTH_PLAN }, { "MA", PHI_HEALTH_PLAN },
		{ "HC", PHI_HEALTH_PLAN }, { "MCN", PHI_DEVICE },
		{ "DL", PHI_LICENSE }, { "MD", PHI_LICENSE },
		{ "LN", PHI_LICENSE }, { "RN", PHI_LICENSE },
		{ "NPI", PHI_NPI }, { "DEA", PHI_DEA },
		{ "PPN", PHI_OTHER_ID }, { "PT", PHI_OTHER_ID },
		{ "AN", PHI_ACCOUNT }, { "VN", PHI_ACCOUNT },
		{ "BA", PHI_ACCOUNT }, { "BC", PHI_CREDIT_CARD },
		{ "EI", PHI_OTHER_ID }, { "DR", PHI_OTHER_ID },
		{ "ACSN", PHI_OTHER_ID }, { "SR", PHI_OTHER_ID },
		{ "NI", PHI_OTHER_ID }, { "PEN", PHI_OTHER_ID },
		{ "WC", PHI_OTHER_ID }, { "BR", PHI_OTHER_ID },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strlen(map[i].c) == n && memcmp(map[i].c, code, n) == 0)
			return map[i].t;
	return -1;
}

int
fieldkv_sys_type(int sys)
{
	switch (sys) {
	case SYS_SSN: return PHI_SSN;
	case SYS_NPI: return PHI_NPI;
	case SYS_PLAN: return PHI_HEALTH_PLAN;
	case SYS_LICENSE: return PHI_LICENSE;
	case SYS_PASSPORT: return PHI_OTHER_ID;
	case SYS_PHONE: return PHI_PHONE;
	case SYS_FAX: return PHI_FAX;
	case SYS_EMAIL: return PHI_EMAIL;
	case SYS_URL: return PHI_URL;
	case SYS_MRN: return PHI_MRN;
	default: return -1;
	}
}

static int
any_flag(struct sc *c, int flag)
{
	int i, d = c->kv->depth < MAX_DEPTH ? c->kv->depth : MAX_DEPTH;

	for (i = 0; i < d; i++)
		if (c->kv->st[i].flags & flag)
			return 1;
	return 0;
}

static int
any_patient(struct sc *c)
{
	return any_flag(c, F_PATIENT);
}

/* Keys under which a reference's display is a person. */
static int
person_key(const char *norm, size_t n)
{
	static const char *const k[] = {
		"subject", "patient", "performer", "recorder", "asserter",
		"author", "requester", "practitioner", "individual",
		"generalpractitioner", "informant", "attester", "party",
		"beneficiary", "subscriber", "policyholder", "enterer",
		"orderer", "source", "sender", "recipient", NULL
	};
	size_t i;

	for (i = 0; k[i] != NULL; i++)
		if (strlen(k[i]) == n && memcmp(k[i], norm, n) == 0)
			return 1;
	return 0;
}

/* 1 if an open object or array was opened by a key that says
 * diagnosis ("diagnosisCodeableConcept"): a code with no system there
 * is the patient's diagnosis, ICD-10 if it has the shape. */
static int
in_diagnosis(struct sc *c)
{
	int d = c->kv->depth < MAX_DEPTH ? c->kv->depth : MAX_DEPTH;

	while (d-- > 0)
		if (c->kv->st[d].pnlen >= 7 &&
		    memcmp(c->kv->st[d].pnorm, "diagnos", 7) == 0)
			return 1;
	return 0;
}

static void
close_object(struct sc *c, struct frame *f)
{
	struct fld_out *o = c->o;
	int t = -1;

	if ((f->has & H_ID) && (f->flags & F_PATIENT))
		fld_emit(o, PHI_OTHER_ID, f->id_s, f->id_e, "fhir");
	if (f->has & H_VAL) {
		if (f->pk == PK_IDENTIFIER) {
			t = f->codelen ? fld_id_type_code(f->code, f->codelen) : -1;
			if (t < 0)
				t = fieldkv_sys_type(f->sys);
			if (t < 0 && f->tcode >= 0)	/* type.text */
				t = FLD_TYPE(f->tcode);
			/* Encounter.identifier is a visit number,
			 * Coverage.identifier a member id */
			if (t < 0 && any_flag(c, F_ACCOUNT))
				t = PHI_ACCOUNT;
			if (t < 0 && any_flag(c, F_COVERAGE))
				t = PHI_HEALTH_PLAN;
			if (t < 0 && any_patient(c))
				t = PHI_OTHER_ID;
		} else if (f->pk == PK_TELECOM || f->sys == SYS_PHONE ||
			   f->sys == SYS_FAX || f->sys == SYS_EMAIL) {
			t = fieldkv_sys_type(f->sys);
		}
		/* "age": {"value": 94, "unit": "a"}; {"field":
		 * "patient.age", "value": 92} */
		if (t < 0 && f->pk == PK_NONE && f->pcode >= 0)
			t = f->pcode;
		if (t < 0 && f->fcode >= 0)
			t = f->fcode;
		if (t >= 0)
			fld_emit(o, t, f->val_s, f->val_e,
				 t == f->pcode || t == f->fcode ?
				 fieldkv_family(c) : "fhir");
	}
	if ((f->has & H_CODE) && (f->sys == SYS_ICD10 ||
				  (f->sys == SYS_NONE && in_diagnosis(c))))
		fld_emit(o, PHI_ICD10, f->code_s, f->code_e, "fhir");
	if (f->has & H_DISP) {
		if (f->flags & F_REFPERSON)
			fld_emit(o, PHI_NAME, f->disp_s, f->disp_e, "fhir");
		else if (!(f->flags & F_REFOTHER) && f->pk == PK_PERSONREF)
			fld_emit(o, PHI_NAME | FLD_WEAK, f->disp_s, f->disp_e,
				 "fhir");
	}
}

void
fieldkv_push_frame(struct sc *c, char kind)
{
	struct fld_kv *kv = c->kv;
	struct frame *p = fieldkv_top(c), *f;
	char norm[FLD_KEY_MAX + 1];
	size_t n = 0;

	kv->depth++;
	if (kv->depth > MAX_DEPTH)
		return;
	f = &kv->st[kv->depth - 1];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->pcode = FLD_UNKNOWN;
	f->tcode = FLD_UNKNOWN;
	f->fcode = FLD_UNKNOWN;
	if (c->want) {
		const char *k = c->b + c->ks;
		size_t kn = c->ke - c->ks;

		n = fld_key_norm(k, kn, norm);
		f->pcode = (short)fld_keymap_find_norm(c->o->sh->km, norm, n);
		if (f->pcode == FLD_UNKNOWN)
			f->pcode = (short)fld_keymap_find(c->o->sh->km, k, kn);
		if (f->pcode == FLD_UNKNOWN && p != NULL && p->pnlen > 0 &&
		    p->pnlen + n <= FLD_KEY_MAX) {
			/* "address": {"line": [...]} */
			char comp[FLD_KEY_MAX + 1];

			memcpy(comp, p->pnorm, p->pnlen);
			memcpy(comp + p->pnlen, norm, n + 1);
			f->pcode = (short)fld_keymap_find_norm(c->o->sh->km,
							       comp,
							       p->pnlen + n);
		}
		if (fieldkv_span_eq(k, 0, kn, "identifier"))
			f->pk = PK_IDENTIFIER;
		else if (fieldkv_span_eq(k, 0, kn, "telecom"))
			f->pk = PK_TELECOM;
		else if (fieldkv_span_eq(k, 0, kn, "type"))
			f->pk = PK_TYPE;
		else if (fieldkv_span_eq(k, 0, kn, "coding"))
			f->pk = PK_CODING;
		else if (person_key(norm, n))
			f->pk = PK_PERSONREF;
		if (n < sizeof(f->pnorm)) {
			memcpy(f->pnorm, norm, n);
			f->pnlen = (unsigned char)n;
		}
	} else if (p != NULL && p->kind == '[') {
		/* Elements of "identifier": [...] are identifiers. */
		f->pk = p->pk;
		f->pcode = p->pcode;
		memcpy(f->pnorm, p->pnorm, sizeof(f->pnorm));
		f->pnlen = p->pnlen;
	}
	c->want = 0;
}

void
fieldkv_pop_frame(struct sc *c, char kind)
{
	struct fld_kv *kv = c->kv;
	struct frame *f, *p;

	if (kv->depth == 0)
		return;
	if (kv->depth > MAX_DEPTH) {
		kv->depth--;
		return;
	}
	f = &kv->st[kv->depth - 1];
	/* A stray closer in code ("}" of a block we never saw open) is
	 * dropped rather than unwinding real frames. */
	if ((kind == '}' && f->kind != '{') || (kind == ']' && f->kind != '['))
		return;
	if (f->kind == '{')
		close_object(c, f);
	else if (f->nlow > 0)
		low_names(c, f);
	kv->depth--;
	p = fieldkv_top(c);
	/* type.coding[].code reaches its identifier. */
	if (p != NULL && f->codelen > 0 && p->codelen == 0 &&
	    (f->pk == PK_TYPE || f->pk == PK_CODING)) {
		memcpy(p->code, f->code, f->codelen);
		p->codelen = f->codelen;
	}
	if (p != NULL && f->tcode >= 0 && p->tcode < 0 && f->pk == PK_TYPE)
		p->tcode = f->tcode;
}

/* A constant's or environment variable's name: one ALL-CAPS token, with
 * an '_' or a digit unless the document is YAML (k8s env lists). */
static int
config_symbol(struct sc *c, size_t s, size_t e)
{
	const char *b = c->b;
	size_t i;
	int mark = c->kv->yaml;

	if (e - s < 2 || !ck_isupper((unsigned char)b[s]))
		return 0;
	for (i = s; i < e; i++) {
		if (b[i] == '_' || ck_isdigit((unsigned char)b[i]))
			mark = 1;
		else if (!ck_isupper((unsigned char)b[i]))
			return 0;
	}
	return mark;
}

/* An ISO 8601 timestamp to the second or finer, as systems write them:
 * 2026-10-27T22:16:45Z, 2026-10-27 22:16:45.342+00:00. */
static int
machine_time(const char *s, size_t n)
{
	size_t i;

	if (n < 19 || n > 35)
		return 0;
	for (i = 0; i < 19; i++) {
		char want = "dddd-dd-ddTdd:dd:dd"[i];

		if (want == 'd' ? !ck_isdigit((unsigned char)s[i]) :
		    want == 'T' ? (s[i] != 'T' && s[i] != ' ') : s[i] != want)
			return 0;
	}
	for (; i < n; i++)
		if (!ck_isdigit((unsigned char)s[i]) && !strchr(".,:+-Z", s[i]))
			return 0;
	return 1;
}

/* "$pass = 'X22098613'; // passport": a line comment right after the
 * value names it, when the key does not.  The key map code of the
 * comment's text (one to three words), or FLD_UNKNOWN. */
static int
comment_key(struct sc *c, size_t ve)
{
	const char *b = c->b;
	size_t j = ve + 1, e, words = 1, k;

	while (j < c->lim && j < ve + 8 && strchr(" \t;,)", b[j]))
		j++;
	if (j + 1 < c->lim && b[j] == '/' && b[j + 1] == '/')
		j += 2;
	else if (j < c->lim && b[j] == '#')
		j++;
	else
		return FLD_UNKNOWN;
	j = fieldkv_skip_blank(c, j);
	/* a short comment: its line ends within 48 bytes */
	for (e = j; e < c->lim && e < j + 48 && b[e] != '\n' && b[e] != '\r';
	     e++)
		;
	if (e == j + 48 || (e == c->lim && c->lim < c->o->len))
		return FLD_UNKNOWN;
	while (e > j && (b[e - 1] == ' ' || b[e - 1] == '\t'))
		e--;
	if (e <= j || e - j > 40)
		return FLD_UNKNOWN;
	for (k = j; k < e; k++) {
		if (b[k] == ' ')
			words++;
		else if (!ck_isalnum((unsigned char)b[k]) && !strchr("_-.'", b[k]))
			return FLD_UNKNOWN;
	}
	if (words > 3)
		return FLD_UNKNOWN;
	return fld_keymap_find(c->o->sh->km, b + j, e - j);
}

/* A name written in lower case, as data cleaning leaves it ("maría",
 * "de la cruz"): letters, at most three words, none a known non-name. */
static int
lower_name(struct sc *c, size_t s, size_t e, int *known)
{
	const struct phi_names *nl = phi_names_get();
	char tmp[81];
	size_t i, w0 = s, words = 0;

	if (e - s < 2 || e - s >= sizeof(tmp))
		return 0;
	*known = 0;
	for (i = s; i <= e; i++) {
		unsigned char ch = i < e ? (unsigned char)c->b[i] : ' ';

		if (ch == ' ') {
			if (i > w0) {
				words++;
				if (nl != NULL &&
				    (phi_names_is_first(nl, c->b + w0, i - w0) ||
				     phi_names_is_last(nl, c->b + w0, i - w0)))
					*known = 1;
			}
			w0 = i + 1;
		} else if (!(ck_islower(ch) || ch >= 0x80 ||
			     ((ch == '-' || ch == '\'') && i > w0))) {
			return 0;
		}
	}
	if (words == 0 || words > 3)
		return 0;
	/* The shape checks of a capitalised name: no list word, no
	 * organisation */
	memcpy(tmp, c->b + s, e - s);
	for (i = 0; i < e - s; i++)
		if (ck_islower((unsigned char)tmp[i]) &&
		    (i == 0 || tmp[i - 1] == ' '))
			tmp[i] = (char)ck_toupper((unsigned char)tmp[i]);
	return fld_is_name(tmp, e - s, 0);
}

void
fieldkv_array_elem(struct sc *c, size_t s, size_t e, int quoted)
{
	struct frame *f = fieldkv_top(c);
	int known;

	if (f == NULL || f->kind != '[' || f->pcode < 0)
		return;
	if (fld_emit(c->o, f->pcode, s, e, fieldkv_family(c)) > 0) {
		f->flags |= F_PHI;
		return;
	}
	/* given = listOf("Mei", "K"): a middle initial after a name */
	if (quoted && (f->flags & F_PHI) && FLD_TYPE(f->pcode) == PHI_NAME &&
	    !(f->pcode & FLD_WEAK) && ck_isupper((unsigned char)c->b[s]) &&
	    (e == s + 1 || (e == s + 2 && c->b[s + 1] == '.'))) {
		fld_push(c->o, PHI_NAME, PHI_CONF_MEDIUM, s, s + 1,
			 fieldkv_family(c));
		return;
	}
	/* "given": ["bogdan", "ana"] under a key that says names: each
	 * is one, once the array shows a name the lists know */
	if (quoted && FLD_TYPE(f->pcode) == PHI_NAME &&
	    !(f->pcode & FLD_WEAK) && f->nlow < MAX_LOW &&
	    s <= UINT32_MAX && e <= UINT32_MAX &&
	    lower_name(c, s, e, &known)) {
		if (known)
			f->flags |= F_LOWNAME;
		f->low_s[f->nlow] = (unsigned int)s;
		f->low_e[f->nlow++] = (unsigned int)e;
	}
}

/* The lower-case names an array held back, once one of them is a name
 * the lists know. */
static void
low_names(struct sc *c, struct frame *f)
{
	unsigned k;

	if (!(f->flags & F_LOWNAME))
		return;
	for (k = 0; k < f->nlow; k++)
		fld_push(c->o, PHI_NAME, PHI_CONF_MEDIUM, f->low_s[k],
			 f->low_e[k], fieldkv_family(c));
}

/* A key and its value: the FHIR structure first, then the key map. */
void
fieldkv_on_pair(struct sc *c, size_t ks, size_t ke, size_t vs, size_t ve,
		int quoted)
{
	const char *b = c->b;
	struct frame *f = fieldkv_top(c);
	char norm[FLD_KEY_MAX + 1], comp[FLD_KEY_MAX + 1];
	size_t n, i, dot = ks;
	int code;

	for (i = ks; i < ke; i++)
		if (b[i] == '.' || b[i] == ':')
			dot = i + 1;
	n = fld_key_norm(b + dot, ke - dot, norm);
	if (n == 0)
		return;
	if (f != NULL && f->kind == '{') {
		if ((strcmp(norm, "typename") == 0 ||
		     strcmp(norm, "@type") == 0) &&
		    (fieldkv_span_eq(b, vs, ve, "Patient") ||
		     fieldkv_span_eq(b, vs, ve, "Person"))) {
			/* GraphQL "__typename", JSON-LD "@type": the node's
			 * "id" is the patient's */
			f->flags |= F_PATIENT;
			return;
		}
		if (strcmp(norm, "resourcetype") == 0) {
			c->kv->fhir = 1;
			if (fieldkv_span_eq(b, vs, ve, "Patient") ||
			    fieldkv_span_eq(b, vs, ve, "Person"))
				f->flags |= F_PATIENT;
			else if (fieldkv_span_eq(b, vs, ve, "Encounter") ||
				 fieldkv_span_eq(b, vs, ve, "Account") ||
				 fieldkv_span_eq(b, vs, ve, "Claim") ||
				 fieldkv_span_eq(b, vs, ve, "ExplanationOfBenefit") ||
				 fieldkv_span_eq(b, vs, ve, "Invoice"))
				f->flags |= F_ACCOUNT;
			else if (fieldkv_span_eq(b, vs, ve, "Coverage"))
				f->flags |= F_COVERAGE;
			return;
		}
		if (strcmp(norm, "id") == 0 && quoted) {
			f->id_s = vs;
			f->id_e = ve;
			f->has |= H_ID;
			return;
		}
		if (strcmp(norm, "system") == 0) {
			f->sys = (unsigned char)fieldkv_classify_system(b, vs, ve);
			return;
		}
		if (strcmp(norm, "code") == 0 && ve - vs < sizeof(f->code)) {
			memcpy(f->code, b + vs, ve - vs);
			f->codelen = (unsigned char)(ve - vs);
			f->code_s = vs;
			f->code_e = ve;
			f->has |= H_CODE;
		}
		if (strcmp(norm, "text") == 0 && f->pk == PK_TYPE) {
			/* "type": {"text": "Medical record number"} */
			f->tcode = (short)fld_keymap_find(c->o->sh->km, b + vs,
							  ve - vs);
			return;
		}
		if ((strcmp(norm, "field") == 0 ||
		     strcmp(norm, "fieldname") == 0 ||
		     strcmp(norm, "attribute") == 0 ||
		     strcmp(norm, "property") == 0 ||
		     strcmp(norm, "param") == 0) && quoted) {
			/* "field": "patient.age": the key of "value" */
			int k = fld_keymap_find(c->o->sh->km, b + vs, ve - vs);

			if (k == FLD_UNKNOWN) {
				for (i = ve; i > vs && b[i - 1] != '.'; i--)
					;
				if (i > vs)
					k = fld_keymap_find(c->o->sh->km,
							    b + i, ve - i);
			}
			f->fcode = (short)k;
			return;
		}
		if (strcmp(norm, "value") == 0) {
			f->val_s = vs;
			f->val_e = ve;
			f->has |= H_VAL;
			return;
		}
		if (strcmp(norm, "display") == 0) {
			f->disp_s = vs;
			f->disp_e = ve;
			f->has |= H_DISP;
			return;
		}
		if (strcmp(norm, "reference") == 0) {
			static const char *const people[] = {
				"Patient/", "Practitioner/", "RelatedPerson/",
				"Person/", NULL
			};
			size_t k;

			f->flags |= F_REFOTHER;
			for (k = 0; people[k] != NULL; k++) {
				size_t m = strlen(people[k]);

				if (ve - vs > m &&
				    memcmp(b + vs, people[k], m) == 0) {
					f->flags &= ~F_REFOTHER;
					f->flags |= F_REFPERSON;
					if (k == 0)
						fld_emit(c->o, PHI_OTHER_ID,
							 vs + m, ve, "fhir");
				}
			}
			return;
		}
	}
	if (strcmp(norm, "identifier") == 0) {
		/* FHIR token search: identifier=<system>|<value> */
		for (i = vs; i < ve && b[i] != '|'; i++)
			;
		if (i < ve && fieldkv_sys_type(fieldkv_classify_system(b, vs, i)) >= 0)
			fld_emit(c->o, fieldkv_sys_type(fieldkv_classify_system(b, vs, i)),
				 i + 1, ve, "fhir");
		return;
	}
	code = fld_keymap_find_norm(c->o->sh->km, norm, n);
	if (code == FLD_UNKNOWN)	/* "PROV_NM": abbreviated words */
		code = fld_keymap_find(c->o->sh->km, b + dot, ke - dot);
	if (code == FLD_UNKNOWN && dot > ks) {
		/* patient.dob: the whole dotted path */
		code = fld_keymap_find(c->o->sh->km, b + ks, ke - ks);
	}
	if (code == FLD_UNKNOWN && f != NULL && f->pnlen > 0 &&
	    f->pnlen + n <= FLD_KEY_MAX) {
		/* "address": {"line": ...}, "name": {"text": ...} */
		memcpy(comp, f->pnorm, f->pnlen);
		memcpy(comp + f->pnlen, norm, n + 1);
		code = fld_keymap_find_norm(c->o->sh->km, comp, f->pnlen + n);
	}
	if (code == FLD_UNKNOWN && quoted)
		code = comment_key(c, ve);
	if (code == FLD_IGNORE && machine_time(b + vs, ve - vs)) {
		/* touched_at = '2026-10-27T22:16:45.342Z' */
		fld_veto(c->o, vs, ve);
		return;
	}
	if (code < 0)
		return;
	if (fld_emit(c->o, code, vs, ve, fieldkv_family(c)) > 0) {
		if (f != NULL)
			f->flags |= F_PHI;
		if (f != NULL && code == PHI_NAME) {
			/* 'prenom' => 'Ana', 'nom' => 'Ruiz': the object
			 * splits a name, so the ambiguous key holds a part */
			f->flags |= F_NAMED;
			if (f->wn_e > f->wn_s)
				fld_push(c->o, PHI_NAME, PHI_CONF_MEDIUM,
					 f->wn_s, f->wn_e, fieldkv_family(c));
			f->wn_s = f->wn_e = 0;
		}
	} else if ((code & FLD_WEAK) && FLD_TYPE(code) == PHI_NAME &&
		   f != NULL && quoted &&
		   strcmp(norm, "name") != 0 && no_blank(b, vs, ve) &&
		   fld_is_name(b + vs, ve - vs, 0)) {
		if (f->flags & F_NAMED)
			fld_push(c->o, PHI_NAME, PHI_CONF_MEDIUM, vs, ve,
				 fieldkv_family(c));
		else {
			f->wn_s = vs;
			f->wn_e = ve;
		}
	} else if ((code & FLD_WEAK) && FLD_TYPE(code) == PHI_NAME &&
		   strcmp(norm, "patient") == 0 && (quoted || c->sep == '=') &&
		   no_blank(b, vs, ve) &&
		   fld_emit(c->o, PHI_OTHER_ID | FLD_WEAK, vs, ve,
			    fieldkv_family(c)) > 0) {
		/* "?patient=pt-40213": a FHIR search by the patient's
		 * id, a reference to Patient/pt-40213 */
	} else if ((code & FLD_WEAK) && FLD_TYPE(code) == PHI_NAME &&
		   config_symbol(c, vs, ve)) {
		/* "- name: UPSTREAM_URL": an environment variable, a
		 * constant */
		fld_veto(c->o, vs, ve);
	}
}
