/* fieldkv.c -- key/value pairs in JSON, YAML, source code, logs, query
 * strings and XML, and the structure of FHIR JSON, in one forward pass.
 *
 * jansson gives no byte offsets and stops at the first error, but a finding
 * needs the value's exact offsets and the input is often minified, cut or
 * not JSON at all (a JS object, a Python call, a log line), so this is a
 * small tolerant tokenizer instead: strings, identifiers, numbers and
 * brackets, with a bounded stack of open objects and arrays that remembers
 * the key that opened each one.  It never rejects input: what it does not
 * recognise it steps over. */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/phi/fields.h"
#include "common/phi/validate.h"

#define MAX_DEPTH 48
#define MAX_STRING 4096
#define MAX_TUPLE 32

/* Keys with a meaning in FHIR's structure. */
enum pk { PK_NONE, PK_IDENTIFIER, PK_TELECOM, PK_TYPE, PK_CODING,
	  PK_PERSONREF };

enum sys { SYS_NONE, SYS_SSN, SYS_NPI, SYS_PLAN, SYS_LICENSE, SYS_PASSPORT,
	   SYS_ICD10, SYS_PHONE, SYS_FAX, SYS_EMAIL, SYS_URL, SYS_MRN,
	   SYS_OTHER };

#define F_PATIENT 1	/* resourceType Patient or Person */
#define F_REFPERSON 2	/* "reference" to a person resource */
#define F_REFOTHER 4	/* "reference" to anything else */
#define F_ACCOUNT 8	/* resourceType Encounter, Account, Claim, ... */
#define F_COVERAGE 16	/* resourceType Coverage */
#define F_PHI 32	/* a pair in this object was a person's data */
#define H_VAL 1
#define H_ID 2
#define H_CODE 4
#define H_DISP 8

struct frame {
	char kind;			/* '{' or '[' */
	unsigned char pk;		/* enum pk of the opening key */
	short pcode;			/* key map code of the opening key */
	char pnorm[24];			/* the opening key, normalised */
	unsigned char pnlen;
	unsigned char flags, has, sys;
	char code[8];			/* own or from type.coding[].code */
	unsigned char codelen;
	short tcode;			/* key map code of type.text */
	size_t val_s, val_e, id_s, id_e, code_s, code_e, disp_s, disp_e;
};

struct fld_kv {
	int yaml;
	int fhir;		/* a resourceType was seen */
	struct frame st[MAX_DEPTH];
	int depth;		/* may exceed MAX_DEPTH: frames then untracked */
	short tup_code[MAX_TUPLE];	/* a tuple of column names seen */
	int tup_n;
	short md_code[MAX_TUPLE];	/* the header of a Markdown table */
	int md_n;
	int xml_patient;	/* inside a CDA <patientRole> */
	int cda_header;		/* in a CDA header, before recordTarget */
};

/* One scan's working set. */
struct sc {
	struct fld_kv *kv;
	struct fld_out *o;
	const char *b;
	size_t lim;
	size_t ks, ke;		/* pending key, raw */
	int last;		/* the window ends the document */
	size_t from;		/* where this scan started */
	size_t stop;		/* resume here (an INSERT cut by the window) */
	int want;		/* a key and its separator were seen */
	int key_ls;		/* ... and the key opened its line */
	int key_quoted;
	char sep;		/* ':' '=' or '(' */
	size_t ls;		/* where the current line's content starts */
	size_t ind;		/* the current line's indentation */
	size_t yk_s, yk_e;	/* YAML key whose block list may follow */
	size_t yk_ind;
	int yk;
};

struct fld_kv *
fld_kv_new(void)
{
	return calloc(1, sizeof(struct fld_kv));
}

void
fld_kv_free(struct fld_kv *kv)
{
	free(kv);
}

void
fld_kv_begin(struct fld_kv *kv, int yaml)
{
	kv->yaml = yaml;
	kv->fhir = 0;
	kv->depth = 0;
	kv->tup_n = 0;
	kv->md_n = 0;
	kv->xml_patient = 0;
	kv->cda_header = 0;
}

static struct frame *
top(struct sc *c)
{
	int d = c->kv->depth;

	return d > 0 && d <= MAX_DEPTH ? &c->kv->st[d - 1] : NULL;
}

static const char *
family(struct sc *c)
{
	return c->kv->fhir ? "fhir" : "field";
}

static int
span_eq(const char *b, size_t s, size_t e, const char *w)
{
	return e - s == strlen(w) && strncasecmp(b + s, w, e - s) == 0;
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

static enum sys
classify_system(const char *b, size_t s, size_t e)
{
	/* FHIR telecom ContactPoint.system */
	if (span_eq(b, s, e, "phone") || span_eq(b, s, e, "sms") ||
	    span_eq(b, s, e, "pager"))
		return SYS_PHONE;
	if (span_eq(b, s, e, "fax"))
		return SYS_FAX;
	if (span_eq(b, s, e, "email"))
		return SYS_EMAIL;
	if (span_eq(b, s, e, "url"))
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
	if (span_has(b, s, e, "2.16.840.1.113883.4.3."))
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

static int
sys_type(int sys)
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
				t = sys_type(f->sys);
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
			t = sys_type(f->sys);
		}
		if (t >= 0)
			fld_emit(o, t, f->val_s, f->val_e, "fhir");
	}
	if ((f->has & H_CODE) && f->sys == SYS_ICD10)
		fld_emit(o, PHI_ICD10, f->code_s, f->code_e, "fhir");
	if (f->has & H_DISP) {
		if (f->flags & F_REFPERSON)
			fld_emit(o, PHI_NAME, f->disp_s, f->disp_e, "fhir");
		else if (!(f->flags & F_REFOTHER) && f->pk == PK_PERSONREF)
			fld_emit(o, PHI_NAME | FLD_WEAK, f->disp_s, f->disp_e,
				 "fhir");
	}
}

static void
push_frame(struct sc *c, char kind)
{
	struct fld_kv *kv = c->kv;
	struct frame *p = top(c), *f;
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
	if (c->want) {
		const char *k = c->b + c->ks;
		size_t kn = c->ke - c->ks;

		n = fld_key_norm(k, kn, norm);
		f->pcode = (short)fld_keymap_find_norm(c->o->sh->km, norm, n);
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
		if (span_eq(k, 0, kn, "identifier"))
			f->pk = PK_IDENTIFIER;
		else if (span_eq(k, 0, kn, "telecom"))
			f->pk = PK_TELECOM;
		else if (span_eq(k, 0, kn, "type"))
			f->pk = PK_TYPE;
		else if (span_eq(k, 0, kn, "coding"))
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

static void
pop_frame(struct sc *c, char kind)
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
	kv->depth--;
	p = top(c);
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

	if (e - s < 2 || !isupper((unsigned char)b[s]))
		return 0;
	for (i = s; i < e; i++) {
		if (b[i] == '_' || isdigit((unsigned char)b[i]))
			mark = 1;
		else if (!isupper((unsigned char)b[i]))
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

		if (want == 'd' ? !isdigit((unsigned char)s[i]) :
		    want == 'T' ? (s[i] != 'T' && s[i] != ' ') : s[i] != want)
			return 0;
	}
	for (; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && !strchr(".,:+-Z", s[i]))
			return 0;
	return 1;
}

/* "$pass = 'X22098613'; // passport": a line comment right after the
 * value names it, when the key does not.  The key map code of the
 * comment's text (one to three words), or FLD_UNKNOWN. */
static size_t skip_blank(struct sc *c, size_t i);
static size_t line_end(struct sc *c, size_t i);

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
	j = skip_blank(c, j);
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
		else if (!isalnum((unsigned char)b[k]) && !strchr("_-.'", b[k]))
			return FLD_UNKNOWN;
	}
	if (words > 3)
		return FLD_UNKNOWN;
	return fld_keymap_find(c->o->sh->km, b + j, e - j);
}

/* A key and its value: the FHIR structure first, then the key map. */
static void
on_pair(struct sc *c, size_t ks, size_t ke, size_t vs, size_t ve, int quoted)
{
	const char *b = c->b;
	struct frame *f = top(c);
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
		if (strcmp(norm, "resourcetype") == 0) {
			c->kv->fhir = 1;
			if (span_eq(b, vs, ve, "Patient") ||
			    span_eq(b, vs, ve, "Person"))
				f->flags |= F_PATIENT;
			else if (span_eq(b, vs, ve, "Encounter") ||
				 span_eq(b, vs, ve, "Account") ||
				 span_eq(b, vs, ve, "Claim") ||
				 span_eq(b, vs, ve, "ExplanationOfBenefit") ||
				 span_eq(b, vs, ve, "Invoice"))
				f->flags |= F_ACCOUNT;
			else if (span_eq(b, vs, ve, "Coverage"))
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
			f->sys = (unsigned char)classify_system(b, vs, ve);
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
		if (i < ve && sys_type(classify_system(b, vs, i)) >= 0)
			fld_emit(c->o, sys_type(classify_system(b, vs, i)),
				 i + 1, ve, "fhir");
		return;
	}
	code = fld_keymap_find_norm(c->o->sh->km, norm, n);
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
	if (fld_emit(c->o, code, vs, ve, family(c)) > 0) {
		if (f != NULL)
			f->flags |= F_PHI;
	} else if ((code & FLD_WEAK) && FLD_TYPE(code) == PHI_NAME &&
		   config_symbol(c, vs, ve)) {
		/* "- name: UPSTREAM_URL": an environment variable, a
		 * constant */
		fld_veto(c->o, vs, ve);
	}
}

/* A string literal opening at b[i]: its content [*s, *e) and the index
 * after the closing quote, or 0 if it is unterminated. */
static size_t
string_end(struct sc *c, size_t i, size_t *s, size_t *e)
{
	const char *b = c->b;
	char q = b[i];
	size_t j = i + 1;

	for (; j < c->lim && j - i < MAX_STRING; j++) {
		if (b[j] == '\\') {
			j++;
			continue;
		}
		/* SQL and YAML double a single quote inside a string */
		if (b[j] == q && q == '\'' && j > i + 1 && j + 1 < c->lim &&
		    b[j + 1] == q) {
			j++;
			continue;
		}
		if (b[j] == q) {
			*s = i + 1;
			*e = j;
			return j + 1;
		}
		/* Multi-line template literals are read as code: what they
		 * hold (JSON, SQL) is what we look for. */
		if (b[j] == '\n' || b[j] == '\r')
			return 0;
	}
	return 0;
}

static int
ident_start(unsigned char ch)
{
	return isalpha(ch) || ch == '_' || ch == '$' || ch == '@';
}

static size_t
ident_end(struct sc *c, size_t i)
{
	const char *b = c->b;

	while (i < c->lim) {
		unsigned char ch = (unsigned char)b[i];

		if (isalnum(ch) || ch == '_' || ch == '$')
			i++;
		else if ((ch == '.' || ch == '-') && i + 1 < c->lim &&
			 (isalnum((unsigned char)b[i + 1]) || b[i + 1] == '_'))
			i++;
		else
			break;
	}
	return i;
}

static size_t
skip_blank(struct sc *c, size_t i)
{
	while (i < c->lim && (c->b[i] == ' ' || c->b[i] == '\t'))
		i++;
	return i;
}

/* Token of a bare value ("mrn=A123 next", "?dob=2002-08-27&x"). */
static size_t
bare_end(struct sc *c, size_t i)
{
	while (i < c->lim && !strchr(" \t\r\n,;&()[]{}\"'<>|", c->b[i]))
		i++;
	return i;
}

static size_t
line_end(struct sc *c, size_t i)
{
	while (i < c->lim && c->b[i] != '\n' && c->b[i] != '\r')
		i++;
	return i;
}

/* An identifier path at b[i] (ident_start): "x", "a.b", Rust and C++
 * "String::from". */
static size_t
path_end(struct sc *c, size_t i)
{
	const char *b = c->b;
	size_t e = ident_end(c, i + 1);

	while (e + 2 < c->lim && b[e] == ':' && b[e + 1] == ':' &&
	       ident_start((unsigned char)b[e + 2]))
		e = ident_end(c, e + 3);
	return e;
}

/* A type in a declaration, "name: String", "phone: String?", "dob:
 * LocalDate,", "tags: List<String>": if b[s, e) names a common built-in
 * type and what follows ends an annotation, the end of the type (with a
 * nullable '?'), else 0. */
static size_t
type_annotation(struct sc *c, size_t s, size_t e)
{
	static const char *const types[] = {
		"String", "string", "str", "Int", "int", "Integer", "long",
		"Byte", "Boolean", "boolean", "Bool", "bool",
		"Double", "double", "Float", "float", "Char", "char", "Any",
		"any", "Unit", "number", "unknown", "Number", "Date",
		"LocalDate", "LocalDateTime", "Instant", "ZonedDateTime",
		"OffsetDateTime", "DateTime", "UUID", "BigDecimal", "Decimal",
		"List", "Map", "Set", "Array", "Option", "Optional", "Vec",
		"i32", "i64", "u32", "u64", "f64", "usize", "Text", NULL
	};
	const char *b = c->b;
	size_t i, k;

	for (i = 0; types[i] != NULL; i++)
		if (span_eq(b, s, e, types[i]) &&
		    strncmp(b + s, types[i], e - s) == 0)
			break;
	if (types[i] == NULL)
		return 0;
	if (e < c->lim && b[e] == '?')
		e++;
	k = skip_blank(c, e);
	if (k >= c->lim || strchr(",)<=;[|{\r\n", b[k]))
		return e;
	return 0;
}

/* "date(1961, 3, 4)": the argument list is the date (labelled so in
 * code).  j indexes the first argument. */
static size_t
numeric_date_args(struct sc *c, size_t j)
{
	const char *b = c->b;
	size_t k = j, part = 0, val[3];

	for (;;) {
		size_t d0 = k;

		val[part] = 0;
		while (k < c->lim && isdigit((unsigned char)b[k]) && k - d0 < 5)
			val[part] = val[part] * 10 + (size_t)(b[k++] - '0');
		if (k == d0)
			return 0;
		if (++part == 3)
			break;
		k = skip_blank(c, k);
		if (k >= c->lim || b[k] != ',')
			return 0;
		k = skip_blank(c, k + 1);
	}
	if (val[0] < 1850 || val[0] > 2199 || val[1] < 1 || val[1] > 12 ||
	    val[2] < 1 || val[2] > 31)
		return 0;
	return k;
}

/* Constructors of a calendar date from numbers. */
static int
date_ctor(const char *s, size_t n)
{
	static const char *const ends[] = {
		"LocalDate.of", "LocalDateTime.of", "datetime.date",
		"datetime.datetime", "DateOnly", "DateTime", "Date.new",
		"make_date", "MAKEDATE", "DATEFROMPARTS", "from_ymd",
		"from_ymd_opt", "NaiveDate::from_ymd", NULL
	};
	size_t i, m;

	if ((n == 4 && memcmp(s, "date", 4) == 0) ||
	    (n == 8 && memcmp(s, "datetime", 8) == 0))
		return 1;
	for (i = 0; ends[i] != NULL; i++) {
		m = strlen(ends[i]);
		if (n >= m && memcmp(s + n - m, ends[i], m) == 0 &&
		    (n == m || s[n - m - 1] == '.' || s[n - m - 1] == ':'))
			return 1;
	}
	return 0;
}

/* The value after "key=" or "key:" that is not a quoted string or a
 * bracket: a constructor or call, a YAML plain scalar, or a bare token. */
static size_t
bare_value(struct sc *c, size_t i)
{
	const char *b = c->b;
	size_t j = i, e, k;
	int code;

	if (span_eq(b, j, j + 4 < c->lim ? j + 4 : j, "new "))
		j = skip_blank(c, j + 4);
	if (j < c->lim && ident_start((unsigned char)b[j])) {
		e = path_end(c, j);
		if (c->sep == ':' && j == i && !c->kv->yaml &&
		    islower((unsigned char)b[c->ks]) &&
		    (k = type_annotation(c, j, e)) > 0) {
			/* "val name: String," is a declaration */
			fld_veto(c->o, j, k);
			return k;
		}
		if (skip_blank(c, e) < c->lim && b[skip_blank(c, e)] == '{')
			/* Go / Rust struct literal "Addr: Address{City: ..."
			 * heading a line: the braces hold the pairs */
			return e;
		k = j > i ? skip_blank(c, e) : e;	/* "new X (" */
		if (k < c->lim && b[k] == '(') {
			/* LocalDate.parse("..."), date(1961, 3, 4) */
			k = skip_blank(c, k + 1);
			if (k < c->lim && (b[k] == '"' || b[k] == '\'')) {
				size_t s, se, end = string_end(c, k, &s, &se);
				size_t a = skip_blank(c, end);

				if (end > 0 && a + 2 < c->lim &&
				    ((b[a] == ':' && b[a + 1] != ':') ||
				     (b[a] == 't' && b[a + 1] == 'o' &&
				      b[a + 2] == ' ') ||
				     (b[a] == '-' && b[a + 1] == '>') ||
				     (b[a] == '=' && b[a + 1] == '>')))
					/* mapOf("k" to "v"), dict(**{"k": v}):
					 * the string is a key */
					return k;
				if (end > 0) {
					on_pair(c, c->ks, c->ke, s, se, 1);
					return end;
				}
				return k + 1;
			}
			code = fld_keymap_find(c->o->sh->km, b + c->ks,
					       c->ke - c->ks);
			if (code >= 0 && FLD_TYPE(code) == PHI_DATE &&
			    (e = numeric_date_args(c, k)) > 0) {
				fld_push(c->o, PHI_DATE, PHI_CONF_HIGH, k, e,
					 family(c));
				if (top(c) != NULL)
					top(c)->flags |= F_PHI;
				return e;
			}
			if (code != FLD_IGNORE && top(c) != NULL &&
			    (top(c)->flags & F_PHI) &&
			    date_ctor(b + j, path_end(c, j) - j) &&
			    (e = numeric_date_args(c, k)) > 0) {
				/* "service: NaiveDate::from_ymd_opt(2025, 6,
				 * 18)" in a record that holds a person's
				 * data: a date of their care */
				fld_push(c->o, PHI_DATE, PHI_CONF_MEDIUM, k, e,
					 family(c));
				return e;
			}
			return k;
		}
	}
	if (c->key_ls && !c->key_quoted && j == i) {
		/* YAML plain scalar, or "DOB: 03/04/1961" heading a line:
		 * to the end of the line, less a comment and a JS comma. */
		e = line_end(c, i);
		if (e == c->lim && c->lim < c->o->len)
			return e;
		for (k = i; k + 1 < e; k++)
			if (b[k] == ' ' && b[k + 1] == '#') {
				e = k;
				break;
			}
		while (e > i && strchr(" \t,;", b[e - 1]))
			e--;
		on_pair(c, c->ks, c->ke, i, e, 0);
		return e;
	}
	code = fld_keymap_find(c->o->sh->km, b + c->ks, c->ke - c->ks);
	if (c->sep == ':' && code >= 0 && (FLD_TYPE(code) == PHI_NAME ||
					   FLD_TYPE(code) == PHI_ADDRESS))
		/* "Attending: Dr Gerald Ricciardi" in running text: one
		 * word would be part of a name; the prose detectors take
		 * the whole of it */
		return bare_end(c, i);
	e = bare_end(c, i);
	if (e < c->lim && b[e] == '|' && span_eq(b, c->ks, c->ke, "identifier"))
		e = bare_end(c, e + 1);
	if (e > i && !(e == c->lim && c->lim < c->o->len))
		on_pair(c, c->ks, c->ke, i, e, 0);
	return e > i ? e : i + 1;
}

/* The value of attribute name in the tag whose attributes start at b[i]
 * (before its '>'): [*s, *e), or 0. */
static int
xml_attr(struct sc *c, size_t i, const char *name, size_t *s, size_t *e)
{
	const char *b = c->b;
	size_t m = strlen(name), j;

	for (j = i; j + m + 2 < c->lim && j < i + 512 && b[j] != '>' &&
	     b[j] != '\n'; j++) {
		if ((b[j] == ' ' || b[j] == '\t') &&
		    strncmp(b + j + 1, name, m) == 0 && b[j + m + 1] == '=' &&
		    (b[j + m + 2] == '"' || b[j + m + 2] == '\''))
			return string_end(c, j + m + 2, s, e) > 0;
	}
	return 0;
}

/* CDA / HL7 v3 II: <id root="OID" extension="value"/>.  The root says
 * what the value numbers (SSN, NPI, a facility's MRN namespace); a
 * patientRole's own ids are its record numbers. */
static size_t
xml_id(struct sc *c, size_t i)
{
	size_t rs, re, es, ee;
	int t = -1;

	if (!xml_attr(c, i, "extension", &es, &ee))
		return i;
	if (xml_attr(c, i, "root", &rs, &re))
		t = sys_type(classify_system(c->b, rs, re));
	if (t < 0 && c->kv->xml_patient)
		t = PHI_MRN;
	if (t >= 0)
		fld_emit(c->o, t, es, ee, family(c));
	return ee;
}

/* <family>Kim</family>, <family value="Kim"/> (FHIR XML). */
static size_t
xml_tag(struct sc *c, size_t i)
{
	const char *b = c->b;
	size_t n0 = i + 1, ns, ne, vs, ve, j;

	if (n0 + 12 < c->lim && b[n0] == '/' &&
	    strncmp(b + n0 + 1, "patientRole>", 12) == 0)
		c->kv->xml_patient = 0;
	if (n0 >= c->lim || !isalpha((unsigned char)b[n0]))
		return i + 1;
	ne = n0;
	while (ne < c->lim && (isalnum((unsigned char)b[ne]) ||
			       strchr("_:-.", b[ne])))
		ne++;
	ns = n0;
	for (j = ne; j > n0; j--)	/* drop a namespace prefix */
		if (b[j - 1] == ':') {
			ns = j;
			break;
		}
	if (span_eq(b, ns, ne, "patientRole"))
		c->kv->xml_patient = 1;
	if (span_eq(b, ns, ne, "ClinicalDocument"))
		c->kv->cda_header = 1;
	else if (span_eq(b, ns, ne, "recordTarget") ||
		 span_eq(b, ns, ne, "author") ||
		 span_eq(b, ns, ne, "component"))
		c->kv->cda_header = 0;
	if (span_eq(b, ns, ne, "id") && ne < c->lim && b[ne] == ' ')
		return xml_id(c, ne);
	if (ne < c->lim && b[ne] == '>') {
		vs = ne + 1;
		for (ve = vs; ve < c->lim && b[ve] != '<' && b[ve] != '\n';
		     ve++)
			;
		if (ve + 3 + (ne - n0) <= c->lim && b[ve] == '<' &&
		    b[ve + 1] == '/' &&
		    memcmp(b + ve + 2, b + n0, ne - n0) == 0 &&
		    b[ve + 2 + (ne - n0)] == '>') {
			on_pair(c, ns, ne, vs, ve, 0);
			return ve;
		}
		return ne + 1;
	}
	if (ne + 8 < c->lim && strncmp(b + ne, " value=\"", 8) == 0) {
		size_t s, e, end = string_end(c, ne + 7, &s, &e);

		if (end > 0 && c->kv->cda_header &&
		    span_eq(b, ns, ne, "effectiveTime")) {
			/* ClinicalDocument/effectiveTime: when the
			 * document was made, not a date of care */
			fld_veto(c->o, s, e);
			return end;
		}
		if (end > 0) {
			on_pair(c, ns, ne, s, e, 1);
			return end;
		}
	}
	return ne;
}

/* The cells of a Markdown table row b[i, e) (i at its first '|'): up to
 * MAX_TUPLE [s, e) pairs; returns their number, 0 if there are none. */
static int
md_cells(struct sc *c, size_t i, size_t e, size_t *cs, size_t *ce)
{
	const char *b = c->b;
	size_t j = i + 1, k;
	int n = 0;

	while (e > j && (b[e - 1] == ' ' || b[e - 1] == '\t'))
		e--;
	while (j < e && n < MAX_TUPLE) {
		for (k = j; k < e && !(b[k] == '|' && b[k - 1] != '\\'); k++)
			;
		if (k == e && k == j)
			break;
		cs[n] = j;
		ce[n] = k;
		n++;
		j = k + 1;
	}
	return n;
}

static int
md_separator(const char *b, size_t i, size_t e)
{
	size_t dashes = 0;

	for (; i < e; i++) {
		if (b[i] == '-')
			dashes++;
		else if (!strchr("|: \t", b[i]))
			return 0;
	}
	return dashes >= 3;
}

/* A Markdown table: a header row whose cells the key map knows, its
 * "|---|" line, then rows whose cells take their column's type.  Returns
 * the end of the line when it was a table's, else i. */
static size_t
md_table(struct sc *c, size_t i)
{
	struct fld_kv *kv = c->kv;
	const char *b = c->b;
	size_t e = line_end(c, i), cs[MAX_TUPLE], ce[MAX_TUPLE], n2, e2;
	int n, k, mapped = 0;

	if (e == c->lim && c->lim < c->o->len)
		return i;
	n = md_cells(c, i, e, cs, ce);
	if (kv->md_n > 0) {
		if (md_separator(b, i, e))
			return e;
		for (k = 0; k < n && k < kv->md_n; k++)
			if (kv->md_code[k] >= 0)
				fld_emit(c->o, kv->md_code[k], cs[k], ce[k],
					 family(c));
		return e;
	}
	if (n < 2)
		return i;
	n2 = e;
	if (n2 < c->lim && b[n2] == '\r')
		n2++;
	if (n2 < c->lim && b[n2] == '\n')
		n2++;
	e2 = line_end(c, n2);
	if (n2 >= c->lim && c->lim < c->o->len && i > c->from) {
		/* the separator is in the next window: read the header
		 * there */
		c->stop = i;
		return c->lim;
	}
	if (n2 >= c->lim || b[skip_blank(c, n2)] != '|' ||
	    !md_separator(b, n2, e2))
		return i;
	for (k = 0; k < n; k++) {
		kv->md_code[k] = (short)fld_keymap_find(c->o->sh->km,
							b + cs[k],
							ce[k] - cs[k]);
		if (kv->md_code[k] >= 0)
			mapped++;
	}
	if (mapped < 2)
		return i;
	fld_header_people(kv->md_code, n);
	kv->md_n = n;
	return e;
}

/* Line start: indentation, a YAML "- " item, and block lists under a
 * "key:" that ended the line before. */
static size_t
new_line(struct sc *c, size_t i)
{
	const char *b = c->b;
	size_t ind, j = i;

	while (j < c->lim && (b[j] == ' ' || b[j] == '\t'))
		j++;
	ind = j - i;
	c->ind = ind;
	c->ls = j;
	if (j < c->lim && b[j] == '|')
		return md_table(c, j);
	if (j < c->lim)		/* not the end of the window */
		c->kv->md_n = 0;
	if (j + 1 < c->lim && b[j] == '-' && b[j + 1] == ' ') {
		c->ls = skip_blank(c, j + 1);
		if (c->yk && ind >= c->yk_ind) {
			size_t v = c->ls, e = line_end(c, v);

			if (v < e && (b[v] == '"' || b[v] == '\'')) {
				size_t s, se;

				if (string_end(c, v, &s, &se) > 0)
					on_pair(c, c->yk_s, c->yk_e, s, se, 1);
			} else if (v < e && memchr(b + v, ':', e - v) == NULL &&
				   !(e == c->lim && c->lim < c->o->len)) {
				on_pair(c, c->yk_s, c->yk_e, v, e, 0);
			} else {
				return c->ls;	/* "- key: value" */
			}
			return e;
		}
	} else if (j < c->lim && b[j] != '\n' && b[j] != '\r' &&
		   ind <= c->yk_ind) {
		c->yk = 0;
	}
	return j;
}

/* The key whose separator is at b[j] (':' '=' '=>' or a setter's '('):
 * records it and returns the index after the separator, or 0 if b[j]
 * makes this no key. */
static size_t
key_sep(struct sc *c, size_t ks, size_t ke, size_t j, int quoted)
{
	const char *b = c->b;

	if (j >= c->lim)
		return 0;
	if (b[j] == ':' && j + 1 < c->lim && b[j + 1] == '=') {
		/* Go and Pascal "x := value" */
		c->key_ls = 0;
		j += 2;
	} else if (b[j] == ':' && (j + 1 >= c->lim || b[j + 1] != ':') &&
		   (j + 1 >= c->lim || b[j + 1] != '/')) {
		c->key_ls = (ks == c->ls || (quoted && ks == c->ls + 1));
		c->key_quoted = quoted;
		j++;
		if (c->key_ls && skip_blank(c, j) < c->lim &&
		    strchr("\r\n", b[skip_blank(c, j)])) {
			/* "given:" ending its line: a block may follow */
			c->yk = 1;
			c->yk_s = ks;
			c->yk_e = ke;
			c->yk_ind = c->ind;
		}
	} else if (b[j] == '=' && (j + 1 >= c->lim ||
				   (b[j + 1] != '=' && b[j + 1] != '~'))) {
		c->key_ls = 0;
		j += (j + 1 < c->lim && b[j + 1] == '>') ? 2 : 1;
	} else if (!quoted && j + 1 < c->lim && b[j] == '=' &&
		   b[j + 1] == '=' && memchr(b + ks, '.', ke - ks) != NULL) {
		/* assert patient.display_name == "Kim, Jane" */
		c->key_ls = 0;
		j += (j + 2 < c->lim && b[j + 2] == '=') ? 3 : 2;
	} else {
		return 0;
	}
	c->sep = b[j - 1] == ':' ? ':' : '=';
	c->ks = ks;
	c->ke = ke;
	c->want = 1;
	return j;
}

/* Ruby blocks "first_name { 'Ann' }", "age { 97 }" (FactoryBot, Sequel
 * defaults): a key, then a brace holding one literal.  Returns the index
 * after the closing brace, or 0 if b[j] opens anything else. */
static size_t
block_literal(struct sc *c, size_t ks, size_t ke, size_t j)
{
	const char *b = c->b;
	size_t k = skip_blank(c, j + 1), vs, ve, r;
	int quoted = 0;

	if (k >= c->lim)
		return 0;
	if (b[k] == '"' || b[k] == '\'') {
		if ((r = string_end(c, k, &vs, &ve)) == 0)
			return 0;
		quoted = 1;
	} else if (isdigit((unsigned char)b[k])) {
		vs = k;
		for (r = k; r < c->lim && isdigit((unsigned char)b[r]); r++)
			;
		ve = r;
	} else {
		return 0;
	}
	r = skip_blank(c, r);
	if (r >= c->lim || b[r] != '}')
		return 0;
	c->want = 0;
	on_pair(c, ks, ke, vs, ve, quoted);
	return r + 1;
}

/* Kotlin "k" to "v" (mapOf, pairs) and Scala / Groovy "k" -> "v" after
 * the quoted key b[ks, ke): like key_sep. */
static size_t
pair_op(struct sc *c, size_t ks, size_t ke, size_t j)
{
	const char *b = c->b;

	if (j + 3 < c->lim && b[j] == 't' && b[j + 1] == 'o' &&
	    (b[j + 2] == ' ' || b[j + 2] == '\t'))
		j += 2;
	else if (j + 2 < c->lim && b[j] == '-' && b[j + 1] == '>')
		j += 2;
	else
		return 0;
	c->key_ls = 0;
	c->key_quoted = 1;
	c->sep = '=';
	c->ks = ks;
	c->ke = ke;
	c->want = 1;
	return j;
}

/* Jest / Chai "expect(fmtName(p)).toBe('Kim, Jane')", "expect(p.dob)
 * .toEqual('1961-03-04')": the matcher's string is the value of what
 * expect() was given, the property or the function named last.  i
 * indexes the matcher's name, e its end.  Returns the index after the
 * string, or 0. */
static size_t
expect_matcher(struct sc *c, size_t i, size_t e)
{
	static const char *const verbs[] = {
		"get", "fmt", "format", "display", "render", "compute",
		"build", "to", NULL
	};
	const char *b = c->b;
	size_t k, a, ks, ke, vs, ve, r, v;

	if (!(span_eq(b, i, e, "toBe") || span_eq(b, i, e, "toEqual") ||
	      span_eq(b, i, e, "toStrictEqual") || span_eq(b, i, e, "equal") ||
	      span_eq(b, i, e, "eql")) || i == 0 || b[i - 1] != '.' ||
	    e >= c->lim || b[e] != '(')
		return 0;
	k = skip_blank(c, e + 1);
	if (k >= c->lim || (b[k] != '\'' && b[k] != '"') ||
	    (r = string_end(c, k, &vs, &ve)) == 0 ||
	    skip_blank(c, r) >= c->lim || b[skip_blank(c, r)] != ')')
		return 0;
	/* the expect( on this line */
	for (a = i; a > c->ls + 6 && i - a < 256; a--)
		if (b[a - 1] == '(' && strncmp(b + a - 7, "expect", 6) == 0)
			break;
	if (a <= c->ls + 6 || i - a >= 256)
		return 0;
	/* "p.lastName", or the function of "fmtName(patient)" */
	if (!ident_start((unsigned char)b[a]))
		return 0;
	ks = a;
	ke = ident_end(c, a + 1);
	for (k = ks; k < ke; k++)
		if (b[k] == '.')
			ks = k + 1;
	if (ke <= ks || ke >= i)
		return 0;
	for (v = 0; verbs[v] != NULL; v++) {
		size_t m = strlen(verbs[v]);

		if (ke - ks > m && strncmp(b + ks, verbs[v], m) == 0 &&
		    isupper((unsigned char)b[ks + m])) {
			ks += m;
			break;
		}
	}
	c->want = 0;
	on_pair(c, ks, ke, vs, ve, 1);
	return r;
}

/* A label of words heading a line, "Employee ID: E0761", "Date of
 * birth: ...", "Employee ID of reporter: ..." (the part before "of"
 * when the whole is unknown), and "Sex/Age: F/96" (each part of the
 * label with its part of the value).  The value runs to the end of the
 * line and must have its type's shape.  Returns the end of the line, or
 * 0 if b[i] starts no such label. */
static size_t
label_line(struct sc *c, size_t i)
{
	const char *b = c->b;
	size_t k = i, of = 0, slash = 0, vs, e, m;
	int words = 0, code, c2;

	for (;;) {
		size_t w = k;

		while (k < c->lim && (isalpha((unsigned char)b[k]) ||
				      (k > w && strchr(".#'/-", b[k])))) {
			if (b[k] == '/')
				slash = slash ? (size_t)-1 : k;
			k++;
		}
		if (k == w)
			return 0;
		if (++words > 6)
			return 0;
		if (k - w == 2 && strncasecmp(b + w, "of", 2) == 0 && !of)
			of = w - 1;
		if (k + 1 < c->lim && b[k] == ' ' &&
		    isalpha((unsigned char)b[k + 1])) {
			k++;
			continue;
		}
		break;
	}
	if (k + 1 >= c->lim || b[k] != ':' || b[k + 1] == ':' ||
	    b[k + 1] == '/' || (words < 2 && slash == 0) ||
	    slash == (size_t)-1)
		return 0;
	vs = skip_blank(c, k + 1);
	e = line_end(c, vs);
	if (e == c->lim && c->lim < c->o->len)
		return 0;
	while (e > vs && strchr(" \t,;.", b[e - 1]))
		e--;
	if (e <= vs)
		return 0;
	if (slash > 0) {
		/* "Sex/Age: F/96" */
		const char *vsl = memchr(b + vs, '/', e - vs);

		if (vsl == NULL || memchr(vsl + 1, '/', e - (size_t)(vsl + 1 -
							     b)) != NULL)
			return 0;
		m = (size_t)(vsl - b);
		code = fld_keymap_find(c->o->sh->km, b + i, slash - i);
		c2 = fld_keymap_find(c->o->sh->km, b + slash + 1, k - slash - 1);
		if (code >= 0 && FLD_TYPE(code) == PHI_NAME)
			code = FLD_UNKNOWN;
		if (c2 >= 0 && FLD_TYPE(c2) == PHI_NAME)
			c2 = FLD_UNKNOWN;
		if (code >= 0)
			fld_emit(c->o, code, vs, m, family(c));
		if (c2 >= 0)
			fld_emit(c->o, c2, m + 1, e, family(c));
		return code >= 0 || c2 >= 0 ? e : 0;
	}
	code = fld_keymap_find(c->o->sh->km, b + i, k - i);
	if (code == FLD_UNKNOWN && of > i)
		code = fld_keymap_find(c->o->sh->km, b + i, of - i);
	/* Names and places run on in prose ("Renée Patel, MD"): the prose
	 * detectors take those.  An identifier is one token. */
	if (code < 0 || FLD_TYPE(code) == PHI_NAME ||
	    FLD_TYPE(code) == PHI_ADDRESS)
		return 0;
	if (FLD_TYPE(code) != PHI_DATE) {
		e = bare_end(c, vs);
		while (e > vs && strchr(":.", b[e - 1]))
			e--;
	}
	if (fld_emit(c->o, code, vs, e, family(c)) == 0)
		return 0;
	return e;
}

/* An identifier at b[i]: a key, a setter, an INSERT, or nothing. */
static size_t
ident(struct sc *c, size_t i)
{
	const char *b = c->b;
	size_t e = ident_end(c, i + 1), j, r, last = i, k;

	if (c->want) {
		r = bare_value(c, i);
		c->want = 0;
		return r;
	}
	if (i == c->ls && (r = label_line(c, i)) > 0)
		return r;
	if (e - i == 6 && strncasecmp(b + i, "INSERT", 6) == 0 &&
	    (i == 0 || !isalnum((unsigned char)b[i - 1]))) {
		r = fld_sql_insert(c->o, i, c->last);
		if (r != (size_t)-1)
			return r;
		/* Cut by the window: the next one takes it whole, unless it
		 * is bigger than a window. */
		if (i > 0) {
			c->stop = i;
			return c->lim;
		}
		return e;
	}
	j = skip_blank(c, e);
	if ((r = key_sep(c, i, e, j, 0)) > 0)
		return r;
	if (j < c->lim && b[j] == '{' && (r = block_literal(c, i, e, j)) > 0)
		return r;
	if (j == e && (r = expect_matcher(c, i, e)) > 0)
		return r;
	if (j == e && j < c->lim && b[j] == '(' && date_ctor(b + i, e - i) &&
	    (r = numeric_date_args(c, skip_blank(c, j + 1))) > 0) {
		/* LocalDate.of(2021, 2, 13) as an argument: the numbers are
		 * the date, whatever the call */
		fld_push(c->o, PHI_DATE, PHI_CONF_MEDIUM, skip_blank(c, j + 1),
			 r, family(c));
		return r;
	}
	if (j < c->lim && b[j] == '(') {
		/* setFirstName("x"), .firstName("x"), withDob("x") */
		for (k = i; k < e; k++)
			if (b[k] == '.')
				last = k + 1;
		if (e - last > 3 && strncmp(b + last, "set", 3) == 0 &&
		    isupper((unsigned char)b[last + 3]))
			last += 3;
		else if (e - last > 4 && strncmp(b + last, "with", 4) == 0 &&
			 isupper((unsigned char)b[last + 4]))
			last += 4;
		else if (!(last > i || (i > 0 && b[i - 1] == '.')))
			return e;
		c->ks = last;
		c->ke = e;
		c->key_ls = 0;
		c->sep = '(';
		c->want = 1;
		return j + 1;
	}
	return e;
}

static int
column_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 40 || !isalpha((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_- ", s[i]))
			return 0;
	return 1;
}

/* ("first_name", "dob", ...) then rows ("Ann", "1961-03-04", ...): a
 * tuple of column names maps the tuples of the same length after it, as
 * a CSV header does (Python ETL, JSON "columns"/"rows"). */
static void
tuple(struct sc *c, size_t i)
{
	const char *b = c->b;
	char close = b[i] == '(' ? ')' : ']';
	size_t vs[MAX_TUPLE], ve[MAX_TUPLE], j = i + 1, r;
	int n = 0, strings = 0, names = 0, mapped = 0, k, comment;
	short code[MAX_TUPLE];

	for (;;) {
		while (j < c->lim && isspace((unsigned char)b[j]))
			j++;
		if (j >= c->lim || n == MAX_TUPLE)
			return;
		if (b[j] == '"' || b[j] == '\'') {
			r = string_end(c, j, &vs[n], &ve[n]);
			if (r == 0)
				return;
			strings++;
			if (column_name(b + vs[n], ve[n] - vs[n])) {
				names++;
				code[n] = (short)fld_keymap_find(c->o->sh->km,
						b + vs[n], ve[n] - vs[n]);
				if (code[n] >= 0)
					mapped++;
			}
			j = r;
		} else if (isalnum((unsigned char)b[j]) || b[j] == '-' ||
			   b[j] == '_') {
			vs[n] = j;
			while (j < c->lim && (isalnum((unsigned char)b[j]) ||
					      strchr("-.+_", b[j])))
				j++;
			ve[n] = j;
			if (column_name(b + vs[n], ve[n] - vs[n])) {
				names++;
				code[n] = (short)fld_keymap_find(c->o->sh->km,
						b + vs[n], ve[n] - vs[n]);
				if (code[n] >= 0)
					mapped++;
			}
		} else {
			return;
		}
		n++;
		while (j < c->lim && isspace((unsigned char)b[j]))
			j++;
		if (j < c->lim && b[j] == ',') {
			j++;
			continue;
		}
		if (j < c->lim && b[j] == close)
			break;
		return;
	}
	/* "# rows: (last, first, dob, member_id)": a comment names the
	 * columns of the tuples after it */
	comment = c->ls < c->lim && (b[c->ls] == '#' ||
				     (c->ls + 1 < c->lim && b[c->ls] == '/' &&
				      b[c->ls + 1] == '/') ||
				     (c->ls + 1 < c->lim && b[c->ls] == '-' &&
				      b[c->ls + 1] == '-'));
	if (n >= 2 && (strings == n || (comment && strings == 0)) &&
	    names == n && mapped >= 2) {
		memcpy(c->kv->tup_code, code, sizeof(short) * (size_t)n);
		c->kv->tup_n = n;
		return;
	}
	if (n != c->kv->tup_n)
		return;
	for (k = 0; k < n; k++)
		if (c->kv->tup_code[k] >= 0)
			fld_emit(c->o, c->kv->tup_code[k], vs[k], ve[k],
				 family(c));
}

/* assertEquals("Kim", p.getLastName()), Assert.Equal("Kim", x.LastName):
 * the expected value, then the property it is compared with. */
static void
expected_actual(struct sc *c, size_t vs, size_t ve, size_t j)
{
	const char *b = c->b;
	size_t ks, ke, last, k;

	j = skip_blank(c, j);
	if (j >= c->lim || !ident_start((unsigned char)b[j]))
		return;
	ks = j;
	ke = ident_end(c, j + 1);
	k = ke;
	if (k + 1 < c->lim && b[k] == '(' && b[k + 1] == ')')
		k += 2;
	if (k >= c->lim || b[k] != ')' || memchr(b + ks, '.', ke - ks) == NULL)
		return;
	for (last = ks, k = ks; k < ke; k++)
		if (b[k] == '.')
			last = k + 1;
	if (ke - last > 3 && strncmp(b + last, "get", 3) == 0 &&
	    isupper((unsigned char)b[last + 3]))
		last += 3;
	c->want = 0;
	on_pair(c, last, ke, vs, ve, 1);
}

/* A string that is neither key nor value but holds "k=v" pairs: a URL's
 * query, a log message. */
static void
inner_pairs(struct sc *c, size_t s, size_t e)
{
	const char *b = c->b;
	size_t i, ks, ve;

	for (i = s; i < e; i++) {
		if (b[i] != '=' || i == s)
			continue;
		for (ks = i; ks > s && (isalnum((unsigned char)b[ks - 1]) ||
					strchr("_.-", b[ks - 1])); ks--)
			;
		if (ks == i || (ks > s && !strchr("?&; \t", b[ks - 1])))
			continue;
		for (ve = i + 1; ve < e && !strchr("&; \t#", b[ve]); ve++)
			;
		if (ve > i + 1) {
			c->want = 0;
			on_pair(c, ks, i, i + 1, ve, 0);
		}
		i = ve;
	}
}

size_t
fld_kv_scan(struct fld_kv *kv, struct fld_out *o, size_t from, int last)
{
	struct sc c;
	const char *b = o->buf;
	size_t i = from, s, e, r, j;

	memset(&c, 0, sizeof(c));
	c.kv = kv;
	c.o = o;
	c.b = b;
	c.lim = o->len;
	c.last = last;
	c.from = from;
	kv->depth = 0;
	if (!last) {
		/* Work on whole lines; the next window takes the rest. */
		while (c.lim > from && b[c.lim - 1] != '\n')
			c.lim--;
		if (c.lim == from)
			c.lim = o->len;
	}
	i = new_line(&c, i);
	while (i < c.lim) {
		unsigned char ch = (unsigned char)b[i];

		switch (ch) {
		case '\n':
		case '\r':
			c.want = 0;
			i = new_line(&c, i + 1);
			continue;
		case ' ':
		case '\t':
			i++;
			continue;
		case '"':
		case '\'':
		case '`':
			if (i + 2 < c.lim && b[i + 1] == '`' && b[i + 2] == '`') {
				i += 3;		/* a Markdown fence */
				continue;
			}
			r = string_end(&c, i, &s, &e);
			if (r == 0) {
				i++;
				continue;
			}
			j = skip_blank(&c, r);
			if (!c.want && (j = key_sep(&c, s, e, j, 1)) > 0) {
				i = j;
				continue;
			}
			j = skip_blank(&c, r);
			if (!c.want && (j = pair_op(&c, s, e, j)) > 0) {
				i = j;
				continue;
			}
			j = skip_blank(&c, r);
			if (c.want) {
				c.want = 0;
				on_pair(&c, c.ks, c.ke, s, e, 1);
			} else if (top(&c) != NULL && top(&c)->kind == '[' &&
				   top(&c)->pcode >= 0) {
				/* "given": ["Ann", "Bo"] */
				fld_emit(o, top(&c)->pcode, s, e, family(&c));
			} else if (memchr(b + s, '=', e - s) != NULL) {
				inner_pairs(&c, s, e);
			} else if (j < c.lim && b[j] == ',') {
				expected_actual(&c, s, e, j + 1);
			}
			i = r;
			continue;
		case '(':
			tuple(&c, i);
			break;
		case '{':
		case '[':
			if (ch == '[')
				tuple(&c, i);
			push_frame(&c, (char)ch);
			i++;
			continue;
		case '}':
		case ']':
			pop_frame(&c, (char)ch);
			c.want = 0;
			i++;
			continue;
		case '<':
			c.want = 0;
			i = xml_tag(&c, i);
			continue;
		default:
			break;
		}
		if (ident_start(ch)) {
			i = ident(&c, i);
		} else if (c.want && ch != ',' && ch != ';' && ch != ')') {
			i = bare_value(&c, i);
			c.want = 0;
		} else {
			/* Skip the rest of a number or word so that "2024abc"
			 * is not read as the key "abc". */
			c.want = 0;
			if (isalnum(ch))
				while (i < c.lim &&
				       isalnum((unsigned char)b[i]))
					i++;
			else
				i++;
		}
	}
	/* Objects left open at the end of the data still say what they
	 * know (a cut or broken document). */
	if (last)
		while (kv->depth > 0) {
			struct frame *f = top(&c);

			pop_frame(&c, f != NULL ? (f->kind == '{' ? '}' : ']')
				  : '}');
		}
	kv->depth = 0;
	if (c.stop > 0)
		return c.stop;
	return i > c.lim ? i : c.lim;
}
