/* fields_shapes.c -- the value shapes a field's value must have (a
 * person's name, an identifier, a phone, an HL7 date, a place), and the
 * candidates a field makes once its value has the shape of its type:
 * rule ids, trimming, addresses split into street, city and ZIP, vetoes.
 *
 * A value found by its key is strong evidence, so candidates carry
 * PHI_PRIO_FIELD; but keys lie (a schema file names "ssn" and holds
 * "VARCHAR(11)", a form holds the mask "MM/DD/YYYY"), so every value must
 * also have the shape of its type, and the check-digit types must pass
 * their validator. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/phi/ascii.h"
#include "common/phi/fields.h"
#include "common/phi/validate.h"
#include "common/phi/fields_priv.h"

/* ---- value shapes --------------------------------------------------- */

static int
is_alpha_or_utf8(unsigned char c)
{
	return ck_isalpha(c) || c >= 0x80;
}

/* The first letter turns most list words away before any strlen. */
static int
word_ieq(const char *s, size_t n, const char *w)
{
	if (n == 0)
		return w[0] == '\0';
	return ck_tolower((unsigned char)s[0]) ==
	       ck_tolower((unsigned char)w[0]) &&
	       strlen(w) == n && strncasecmp(s, w, n) == 0;
}

static int
in_list(const char *s, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (word_ieq(s, n, *list))
			return 1;
	return 0;
}

/* Lower-case particles of surnames ("van der Berg", "da Silva"). */
static const char *const particles[] = {
	"de", "da", "das", "do", "dos", "del", "della", "der", "den", "di",
	"du", "la", "le", "van", "von", "y", "bin", "ibn", "al", "el", "st",
	"an", "ap", "ter", "ten", "zu", "af", NULL
};
/* Values that sit where names go but are not one. */
static const char *const not_names[] = {
	"string", "null", "none", "nil", "unknown", "test", "n/a", "na",
	"tbd", "name", "first", "last", "patient", "redacted", "anonymous",
	"sample", "example", "firstname", "lastname", "fullname", "doe",
	"true", "false", "undefined", "varchar", "text", "required", "todo",
	"john doe", "jane doe", "string name", "first last", NULL
};
/* Words that mark an organisation, a product or a team. */
static const char *const org_words[] = {
	"hospital", "clinic", "center", "centre", "medical", "health",
	"healthcare", "inc", "llc", "ltd", "corp", "group", "service",
	"services", "team", "department", "dept", "university", "pharmacy",
	"labs", "laboratory", "bot", "system", "systems", "admin", "api",
	"server", "client", "build", "release", "deploy", "default", "config",
	"insurance", "associates", "partners", "foundation", "regional",
	"general", "county", "city", "street", NULL
};

int
fld_is_name(const char *s, size_t n, int weak)
{
	size_t i = 0, words = 0, known = 0, commas = 0;
	const struct phi_names *nl = phi_names_get();

	if (n == 0 || n > 80 || in_list(s, n, not_names))
		return 0;
	while (i < n) {
		size_t w0, w1;

		while (i < n && (s[i] == ' ' || s[i] == ',')) {
			if (s[i] == ',')
				commas++;
			i++;
		}
		if (i == n)
			break;
		w0 = i;
		while (i < n && s[i] != ' ' && s[i] != ',') {
			unsigned char c = (unsigned char)s[i];

			if (c == '%' && i + 2 < n &&
			    ck_isxdigit((unsigned char)s[i + 1]) &&
			    ck_isxdigit((unsigned char)s[i + 2]))
				i += 3;
			else if (c == '\\' && i + 5 < n && s[i + 1] == 'u' &&
				 ck_isxdigit((unsigned char)s[i + 2]) &&
				 ck_isxdigit((unsigned char)s[i + 5]))
				i += 6;	/* JSON \u00fc, as written */
			else if (is_alpha_or_utf8(c) || c == '\'' ||
				 c == '-' || c == '.' ||
				 (c == '\\' && i + 1 < n && s[i + 1] == '\''))
				i++;
			else
				return 0;
		}
		w1 = i;
		words++;
		if (words > 5 || in_list(s + w0, w1 - w0, org_words))
			return 0;
		if (!is_alpha_or_utf8((unsigned char)s[w0]))
			return 0;
		/* Irish initial mutations: "Mac an tSaoi", "Ó hAodha",
		 * "Ní bhFaoláin" */
		if (ck_islower((unsigned char)s[w0]) &&
		    !in_list(s + w0, w1 - w0, particles) &&
		    !(w1 - w0 > 2 && ck_isupper((unsigned char)s[w0 + 1])) &&
		    !(w1 - w0 > 3 && strchr("bdgmpt", s[w0]) &&
		      s[w0 + 1] == 'h' && ck_isupper((unsigned char)s[w0 + 2])))
			return 0;
		if (nl != NULL && (phi_names_is_first(nl, s + w0, w1 - w0) ||
				   phi_names_is_last(nl, s + w0, w1 - w0)))
			known++;
	}
	if (words == 0)
		return 0;
	/* "name" and "display" also label products, jobs and steps. */
	/* ... but "Kim, Jane" and "KIM,JANE" are written only of people. */
	if (weak && (words < 2 || (nl != NULL && known == 0 &&
				   !(commas == 1 && words <= 3))))
		return 0;
	return 1;
}

static int
is_uuid(const char *s, size_t n)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	size_t i;

	if (n != sizeof(shape) - 1)
		return 0;
	for (i = 0; i < n; i++)
		if (shape[i] == '-' ? s[i] != '-' :
		    !ck_isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int
fld_is_ident(const char *s, size_t n)
{
	size_t i, digits = 0, hex = 0, run = 0, maxrun = 0;

	/* Paths (/dev/sda1) and relative names are not identifiers. */
	if (n < 3 || n > 40 || is_uuid(s, n) || s[0] == '/' || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (ck_isdigit(c))
			digits++;
		if (ck_isxdigit(c))
			hex++;
		if (!ck_isalnum(c) && !strchr("-_./#:() ", c))
			return 0;
		/* Masks: XXX-XX-1234, ***, ### */
		if (c == 'X' || c == 'x' || c == '#')
			run++;
		else
			run = 0;
		if (run > maxrun)
			maxrun = run;
	}
	if (digits == 0 || maxrun >= 3)
		return 0;
	/* Hashes and commit ids are not a person's identifier. */
	if (hex == n && n >= 24)
		return 0;
	for (i = 1; i < n && s[i] == s[0]; i++)
		;
	return i < n;
}

int
fld_is_phone(const char *s, size_t n)
{
	size_t i;

	char tmp[24];

	if (n < 7 || n > 24)
		return 0;
	/* "206/834-7824": the area code before a slash */
	if (n >= 11 && s[3] == '/' && ck_isdigit((unsigned char)s[0]) &&
	    ck_isdigit((unsigned char)s[1]) &&
	    ck_isdigit((unsigned char)s[2]) &&
	    memchr(s + 4, '/', n - 4) == NULL) {
		memcpy(tmp, s, n);
		tmp[3] = '-';
		s = tmp;
	}
	for (i = 0; i < n; i++)
		if (!ck_isdigit((unsigned char)s[i]) && !strchr(" -.()+", s[i]))
			return 0;
	return phi_valid_phone_us(s, n) || phi_valid_phone_e164(s, n);
}

static int
num2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int
fld_is_hl7_date(const char *s, size_t n)
{
	size_t d = 0;
	int y, m, day;

	while (d < n && ck_isdigit((unsigned char)s[d]))
		d++;
	if (d != 8 && d != 10 && d != 12 && d != 14)
		return 0;
	y = num2(s) * 100 + num2(s + 2);
	m = num2(s + 4);
	day = num2(s + 6);
	if (y < 1850 || y > 2199 || m < 1 || m > 12 || day < 1 || day > 31)
		return 0;
	if (d >= 10 && num2(s + 8) > 23)
		return 0;
	if (d >= 12 && num2(s + 10) > 59)
		return 0;
	if (d == 14 && num2(s + 12) > 60)
		return 0;
	if (d < n && s[d] == '.' && d == 14) {
		d++;
		while (d < n && ck_isdigit((unsigned char)s[d]))
			d++;
	}
	if (d + 5 == n && (s[d] == '+' || s[d] == '-')) {
		size_t k;

		for (k = d + 1; k < n; k++)
			if (!ck_isdigit((unsigned char)s[k]))
				return 0;
		d = n;
	}
	return d == n;
}

/* Length of the date at the start of s if it is the whole value, or is
 * followed only by a separate clock time ("2024-03-12 08:30"), else 0. */
static size_t
date_value(const char *s, size_t n)
{
	size_t k = phi_date_length(s, n), i;

	if (k == 0 && fld_is_hl7_date(s, n))
		return n;
	if (k == 0 || k == n)
		return k;
	if (s[k] != ' ' && s[k] != 'T')
		return 0;
	for (i = k + 1; i < n; i++)
		if (!ck_isdigit((unsigned char)s[i]) &&
		    !strchr(":.+-Z APMapm", s[i]))
			return 0;
	return ck_isdigit((unsigned char)s[k + 1]) ? k : 0;
}

static const char *const credentials[] = {
	"MD", "DO", "RN", "NP", "PA", "PA-C", "PhD", "DDS", "DMD", "LPN",
	"CNA", "MSW", "LCSW", "FNP", "FNP-C", "DNP", "PharmD", "RPh", "MBBS",
	"FACP", "FACS", "APRN", "CRNA", "BSN", "MSN", "OD", "DPM", "DC",
	"PT", "DPT", "OT", "CNM", "Jr", "Jr.", "Sr", "Sr.", NULL
};

/* Narrows [s, e) to the name proper: "Dr." and credentials are outside
 * a NAME span (CONTRACT). */
static void
name_trim(const char *b, size_t *s, size_t *e)
{
	size_t i;

	if (*e - *s > 3 && strncasecmp(b + *s, "Dr.", 3) == 0)
		*s += 3;
	else if (*e - *s > 3 && strncasecmp(b + *s, "Dr ", 3) == 0)
		*s += 3;
	while (*s < *e && b[*s] == ' ')
		(*s)++;
	for (;;) {
		for (i = *e; i > *s && b[i - 1] != ' ' && b[i - 1] != ',';
		     i--)
			;
		if (i == *s || !in_list(b + i, *e - i, credentials))
			break;
		/* "Jr" stays only when it is not the whole tail after a
		 * comma-free name: credentials are always dropped. */
		while (i > *s && (b[i - 1] == ' ' || b[i - 1] == ','))
			i--;
		*e = i;
	}
}

static int
is_zip_tail(const char *s, size_t n, size_t *zs)
{
	size_t i = n;

	while (i > 0 && (ck_isdigit((unsigned char)s[i - 1]) || s[i - 1] == '-'))
		i--;
	if (!phi_valid_zip(s + i, n - i))
		return 0;
	*zs = i;
	return 1;
}

static size_t
trim_left(const char *b, size_t s, size_t e)
{
	while (s < e && (b[s] == ' ' || b[s] == '\t'))
		s++;
	return s;
}

static size_t
trim_right(const char *b, size_t s, size_t e)
{
	while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t'))
		e--;
	return e;
}

static int
is_place(const char *s, size_t n)
{
	size_t i, letters = 0, run = 0, word = 0;

	if (n < 2 || n > 120)
		return 0;
	if (!ck_isupper((unsigned char)s[0]) && !ck_isdigit((unsigned char)s[0]) &&
	    s[0] != '#' && (unsigned char)s[0] < 0x80)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (is_alpha_or_utf8(c)) {
			letters++;
			if (++run > word)
				word = run;
		} else if (!ck_isdigit(c) && !strchr(" .,'#/-&()\\", c)) {
			return 0;
		} else {
			run = 0;
		}
	}
	/* "#131": a unit on its own line; a number with letters in it
	 * ("0.693L", "0x1029109f0") is none: a place has a word */
	return ((letters > 0 && word > 1) || (s[0] == '#' && n > 1)) &&
	       !in_list(s, n, not_names);
}

/* "12 Oak St, Apt 4B, Tampa, FL 33601" in one field: the street line, the
 * city and the ZIP are separate spans (CONTRACT). */
/* After an address's ZIP, "county Hillsborough" or "Hillsborough
 * County": the county is a place of the address too. */
static void
emit_county(struct fld_out *o, int conf, size_t s, size_t e, const char *fam)
{
	const char *b = o->buf;
	size_t n;

	s = trim_left(b, s, e);
	e = trim_right(b, s, e);
	if (memchr(b + s, ',', e - s) != NULL)
		return;
	n = e - s;
	if (n > 7 && strncasecmp(b + s, "county ", 7) == 0)
		s = trim_left(b, s + 7, e);
	else if (!(n > 7 && strncmp(b + e - 7, " County", 7) == 0) &&
		 !(n > 7 && strncmp(b + e - 7, " Parish", 7) == 0))
		return;
	if (e > s && ck_isupper((unsigned char)b[s]) && is_place(b + s, e - s))
		fld_push(o, PHI_ADDRESS, conf, s, e, fam);
}

static int
emit_address(struct fld_out *o, int conf, size_t s, size_t e,
	     const char *fam)
{
	const char *b = o->buf;
	size_t c1 = e, c2, zs, i, ts;

	/* "12 Oak St, Tampa, FL 33601, county Hillsborough": the address
	 * ends with its ZIP; what follows is no part of it */
	for (i = s; i < e; i++)
		if (b[i] == ',' && i > s) {
			size_t se = trim_right(b, s, i);

			/* "..., SC 29677" then a comma */
			if (se > s && ck_isdigit((unsigned char)b[se - 1]) &&
			    is_zip_tail(b + s, se - s, &zs) && zs > 1 &&
			    b[s + zs - 1] == ' ' &&
			    ck_isalpha((unsigned char)b[s + zs - 2]) &&
			    memchr(b + s, ',', zs) != NULL) {
				emit_county(o, conf, i + 1, e, fam);
				e = se;
				break;
			}
		}
	for (i = e; i > s; i--)
		if (b[i - 1] == ',') {
			c1 = i - 1;
			break;
		}
	if (c1 == e || !is_zip_tail(b + c1 + 1, e - c1 - 1, &zs)) {
		if (!is_place(b + s, e - s))
			return 0;
		fld_push(o, PHI_ADDRESS, conf, s, e, fam);
		return 1;
	}
	zs += c1 + 1;
	/* What precedes the ZIP after the last comma is the state, or the
	 * city and state ("Tampa FL 33601") when there is no second comma. */
	ts = trim_left(b, c1 + 1, zs);
	for (c2 = c1; c2 > s && b[c2 - 1] != ','; c2--)
		;
	if (c2 > s) {
		size_t cs = trim_left(b, c2, c1), ce = trim_right(b, c2, c1);

		if (!is_place(b + s, c2 - 1 - s) || !is_place(b + cs, ce - cs))
			return 0;
		fld_push(o, PHI_ADDRESS, conf, s, trim_right(b, s, c2 - 1),
			 fam);
		fld_push(o, PHI_ADDRESS, conf, cs, ce, fam);
	} else {
		if (!is_place(b + s, c1 - s))
			return 0;
		fld_push(o, PHI_ADDRESS, conf, s, trim_right(b, s, c1), fam);
	}
	(void)ts;
	fld_push(o, PHI_ZIP, conf, zs, e, fam);
	return 1;
}

/* Rule ids: "<family>.<type>", static. */
#define RULE_TYPES(f) { \
	f ".name", f ".date", f ".age", f ".address", f ".zip", f ".phone", \
	f ".fax", f ".email", f ".url", f ".ip", f ".ssn", f ".npi", \
	f ".dea", f ".credit_card", f ".vehicle", f ".icd10", f ".mrn", \
	f ".health_plan", f ".account", f ".license", f ".device", \
	f ".biometric", f ".other_id" }
static const char *const rules_field[PHI_NTYPES] = RULE_TYPES("field");
static const char *const rules_csv[PHI_NTYPES] = RULE_TYPES("csv");
static const char *const rules_sql[PHI_NTYPES] = RULE_TYPES("sql");
static const char *const rules_fhir[PHI_NTYPES] = RULE_TYPES("fhir");
static const char *const rules_hl7[PHI_NTYPES] = RULE_TYPES("hl7");

static const char *
rule_id(const char *fam, int type)
{
	switch (fam[0]) {
	case 'c': return rules_csv[type];
	case 's': return rules_sql[type];
	case 'f': return fam[1] == 'h' ? rules_fhir[type] : rules_field[type];
	case 'h': return rules_hl7[type];
	default: return rules_field[type];
	}
}

void
fld_push(struct fld_out *o, int type, int conf, size_t s, size_t e,
	 const char *fam)
{
	if (type < 0 || type >= PHI_NTYPES || e <= s || e > o->len)
		return;
	if (phi_cands_push(o->cands, o->base + s, o->base + e, type, conf,
			   o->sh->weight[type], PHI_PRIO_FIELD,
			   rule_id(fam, type)) < 0)
		o->nomem = 1;
}

void
fld_veto(struct fld_out *o, size_t s, size_t e)
{
	s = trim_left(o->buf, s, e);
	e = trim_right(o->buf, s, e);
	if (e <= s || e > o->len)
		return;
	if (phi_cands_push(o->cands, o->base + s, o->base + e, PHI_VETO,
			   PHI_CONF_LOW, 0, PHI_PRIO_FIELD, "field.none") < 0)
		o->nomem = 1;
}

void
fld_veto_date(struct fld_out *o, size_t s, size_t e)
{
	if (e > o->len)
		return;
	s = trim_left(o->buf, s, e);
	e = trim_right(o->buf, s, e);
	if (e > s && date_value(o->buf + s, e - s) > 0)
		fld_veto(o, s, e);
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
all_upper(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!ck_isupper((unsigned char)s[i]) && !ck_isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Under a bare "license" key: a licence number, not a software licence
 * ("MIT", "Apache-2.0", "GPL-3.0-or-later"): letters and digits, at
 * least five digits, no dots. */
static int
licence_number(const char *s, size_t n)
{
	size_t i, digits = 0;

	if (!fld_is_ident(s, n))
		return 0;
	for (i = 0; i < n; i++) {
		if (ck_isdigit((unsigned char)s[i]))
			digits++;
		else if (!ck_isalpha((unsigned char)s[i]) && !strchr(" -", s[i]))
			return 0;
	}
	return digits >= 5;
}

/* A unit of years after an age: "y", " yrs", " years old", " ans". */
static int
age_unit(const char *s, size_t n)
{
	static const char *const units[] = {
		"y", "yr", "yrs", "year", "years", "years old", "yo", "y/o",
		"y.o.", "a", "ans", "años", "anos", "jahre", "jaar", "anni",
		NULL
	};
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	return in_list(s + i, n - i, units);
}

int
fld_emit(struct fld_out *o, int code, size_t s, size_t e, const char *fam)
{
	const char *b = o->buf;
	int type, weak, ok = 0, conf;
	size_t n, k;

	if (code < 0 || e > o->len)
		return 0;
	type = FLD_TYPE(code);
	weak = (code & FLD_WEAK) != 0;
	conf = weak ? PHI_CONF_MEDIUM : PHI_CONF_HIGH;
	s = trim_left(b, s, e);
	e = trim_right(b, s, e);
	n = e - s;
	if (n == 0 || n > 256)
		return 0;
	switch (type) {
	case PHI_NAME:
		name_trim(b, &s, &e);
		ok = fld_is_name(b + s, e - s, weak);
		break;
	case PHI_DATE:
		k = date_value(b + s, n);
		if (k > 0) {
			e = s + k;
			ok = 1;
		}
		break;
	case PHI_AGE:
		/* "94", "94 years", "94y", "94 ans": the number */
		for (k = 0; k < n && k < 4 && ck_isdigit((unsigned char)b[s + k]);
		     k++)
			;
		if (k > 0 && k < n && age_unit(b + s + k, n - k)) {
			e = s + k;
			n = k;
		}
		ok = n <= 3 && all_digits(b + s, n) && atoi(b + s) > 89 &&
		     atoi(b + s) < 130;
		break;
	case PHI_ADDRESS:
		return emit_address(o, conf, s, e, fam);
	case PHI_ZIP:
		ok = phi_valid_zip(b + s, n);
		break;
	case PHI_PHONE:
	case PHI_FAX:
		if (n > 4 && strncasecmp(b + s, "tel:", 4) == 0)	/* RFC 3966 */
			s += 4;
		ok = fld_is_phone(b + s, e - s);
		break;
	case PHI_EMAIL:
		if (n > 7 && strncasecmp(b + s, "mailto:", 7) == 0)
			s += 7;
		ok = phi_valid_email(b + s, e - s);
		break;
	case PHI_URL:
		ok = (n > 10 && (strncasecmp(b + s, "https://", 8) == 0 ||
				 strncasecmp(b + s, "http://", 7) == 0) &&
		      memchr(b + s, ' ', n) == NULL);
		break;
	case PHI_IP:
		ok = phi_valid_ipv4_public(b + s, n) ||
		     phi_valid_ipv6_public(b + s, n);
		break;
	case PHI_SSN:
		ok = phi_valid_ssn(b + s, n);
		break;
	case PHI_NPI:
		ok = phi_valid_npi(b + s, n);
		break;
	case PHI_DEA:
		ok = phi_valid_dea(b + s, n);
		break;
	case PHI_CREDIT_CARD:
		ok = phi_valid_card(b + s, n);
		break;
	case PHI_ICD10:
		ok = phi_valid_icd10(b + s, n);
		break;
	case PHI_VEHICLE:
		ok = phi_valid_vin(b + s, n) ||
		     (n <= 10 && fld_is_ident(b + s, n));
		break;
	case PHI_LICENSE:
		/* "NY 123 456 789": the issuing state is not the number */
		if (n > 5 && ck_isupper((unsigned char)b[s]) &&
		    ck_isupper((unsigned char)b[s + 1]) && b[s + 2] == ' ' &&
		    ck_isalnum((unsigned char)b[s + 3])) {
			s += 3;
			n -= 3;
		}
		/* Some states' licences are letters only (Washington's
		 * WDL... numbers) */
		ok = weak ? licence_number(b + s, n) :
		     fld_is_ident(b + s, n) ||
		     (n >= 6 && n <= 20 && all_upper(b + s, n));
		break;
	default:	/* MRN, HEALTH_PLAN, ACCOUNT, DEVICE, ... */
		ok = fld_is_ident(b + s, n) &&
		     (!weak || (n >= 5 && !all_digits(b + s, n)) || n >= 6);
		break;
	}
	if (!ok)
		return 0;
	fld_push(o, type, conf, s, e, fam);
	return 1;
}

void
fld_header_people(short *code, int n)
{
	int k, strong = 0, weak = 0;

	for (k = 0; k < n; k++)
		if (code[k] >= 0 && !(code[k] & FLD_WEAK) &&
		    FLD_TYPE(code[k]) != PHI_ICD10)
			strong++;
		else if (code[k] >= 0 && FLD_TYPE(code[k]) != PHI_NAME)
			weak++;
	if (strong < 1 || strong + weak < 2)
		return;
	for (k = 0; k < n; k++)
		if (code[k] >= 0 && FLD_TYPE(code[k]) == PHI_NAME)
			code[k] = (short)FLD_TYPE(code[k]);
}
