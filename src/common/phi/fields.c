/* fields.c -- the key map (field, column and key names -> PHI type), the
 * value shapes a field's value must have, and the "fields" detector that
 * runs the key/value scanner (fieldkv.c) or the table reader (fieldtab.c)
 * over a document.
 *
 * A value found by its key is strong evidence, so candidates carry
 * PHI_PRIO_FIELD; but keys lie (a schema file names "ssn" and holds
 * "VARCHAR(11)", a form holds the mask "MM/DD/YYYY"), so every value must
 * also have the shape of its type, and the check-digit types must pass
 * their validator. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/phi/fields.h"
#include "common/phi/validate.h"

/* ---- the key map ---------------------------------------------------- */

struct km_ent {
	char key[FLD_KEY_MAX + 1];
	unsigned char len;
	short code;
};

struct phi_keymap {
	struct km_ent *tab;		/* open addressing, power of two */
	size_t cap, n;
	struct km_ent *suffix;		/* "*npi": any key ending in npi */
	size_t nsuffix, capsuffix;
	struct km_ent *prefix;		/* "phone*": any key starting so */
	size_t nprefix, capprefix;
};

/* Set by the detector's init so other detectors can consult the map. */
static const struct phi_keymap *keymap_global;

size_t
fld_key_norm(const char *key, size_t n, char out[FLD_KEY_MAX + 1])
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)key[i];

		if (c == '_' || c == '-' || c == ' ' || c == '.')
			continue;
		if (c == '#' && o > 0 && o + 2 <= FLD_KEY_MAX) {
			/* "Chart #", "acct#": number */
			out[o++] = 'n';
			out[o++] = 'o';
			continue;
		}
		if (o == FLD_KEY_MAX)
			return 0;
		out[o++] = (char)(c < 0x80 ? tolower(c) : c);
	}
	out[o] = '\0';
	return o;
}

static uint32_t
km_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static struct km_ent *
km_slot(const struct phi_keymap *km, const char *norm, size_t n)
{
	size_t i;

	if (km->cap == 0)
		return NULL;
	i = km_hash(norm, n) & (km->cap - 1);
	for (;;) {
		struct km_ent *e = &km->tab[i];

		if (e->len == 0 ||
		    (e->len == n && memcmp(e->key, norm, n) == 0))
			return e;
		i = (i + 1) & (km->cap - 1);
	}
}

static int
km_grow(struct phi_keymap *km)
{
	struct phi_keymap nk = *km;
	size_t i;

	nk.cap = km->cap ? km->cap * 2 : 256;
	nk.tab = calloc(nk.cap, sizeof(*nk.tab));
	if (nk.tab == NULL)
		return -1;
	for (i = 0; i < km->cap; i++)
		if (km->tab[i].len > 0)
			*km_slot(&nk, km->tab[i].key, km->tab[i].len) =
				km->tab[i];
	free(km->tab);
	km->tab = nk.tab;
	km->cap = nk.cap;
	return 0;
}

/* Later packs override earlier ones: the last definition of a key wins. */
static int
km_add(struct phi_keymap *km, const char *spec, int code)
{
	char norm[FLD_KEY_MAX + 1];
	size_t n, sl = strlen(spec);
	int weak = 0, suffix = 0, prefix = 0;
	struct km_ent *e;

	if (sl > 0 && spec[sl - 1] == '?') {
		weak = 1;
		sl--;
	}
	if (sl > 0 && spec[0] == '*') {
		suffix = 1;
		spec++;
		sl--;
	} else if (sl > 0 && spec[sl - 1] == '*') {
		prefix = 1;
		sl--;
	}
	n = fld_key_norm(spec, sl, norm);
	if (n == 0)
		return 1;
	if (weak && code >= 0)
		code |= FLD_WEAK;
	if (suffix || prefix) {
		struct km_ent **v = suffix ? &km->suffix : &km->prefix;
		size_t *nv = suffix ? &km->nsuffix : &km->nprefix;
		size_t *cv = suffix ? &km->capsuffix : &km->capprefix;

		if (*nv == *cv) {
			size_t c = *cv ? *cv * 2 : 32;
			struct km_ent *p = realloc(*v, c * sizeof(*p));

			if (p == NULL)
				return -1;
			*v = p;
			*cv = c;
		}
		e = &(*v)[(*nv)++];
	} else {
		if ((km->n + 1) * 2 > km->cap && km_grow(km) < 0)
			return -1;
		e = km_slot(km, norm, n);
		if (e->len == 0)
			km->n++;
	}
	memcpy(e->key, norm, n + 1);
	e->len = (unsigned char)n;
	e->code = (short)code;
	return 0;
}

static int
km_find(const struct phi_keymap *km, const char *norm, size_t n)
{
	const struct km_ent *e, *best = NULL;
	size_t i;

	if (n == 0)
		return FLD_UNKNOWN;
	e = km_slot(km, norm, n);
	if (e != NULL && e->len > 0)
		return e->code;
	/* The longest suffix wins, so "*birthdate" beats "*date". */
	for (i = 0; i < km->nsuffix; i++) {
		e = &km->suffix[i];
		if (e->len < n &&
		    memcmp(norm + n - e->len, e->key, e->len) == 0 &&
		    (best == NULL || e->len >= best->len))
			best = e;
	}
	for (i = 0; i < km->nprefix; i++) {
		e = &km->prefix[i];
		if (e->len < n && memcmp(norm, e->key, e->len) == 0 &&
		    (best == NULL || e->len > best->len))
			best = e;
	}
	return best != NULL ? best->code : FLD_UNKNOWN;
}

static int
km_find_tails(const struct phi_keymap *km, const char *norm, size_t n)
{
	/* "mrnId", "ssnNumber", "npi_no": a word naming the kind of
	 * value, after a key that names the thing. */
	static const char *const tails[] = {
		"id", "no", "nbr", "num", "number", "value", "val", "str", NULL
	};
	char buf[FLD_KEY_MAX + 1];
	size_t i, k, m = 0;
	int code;

	code = km_find(km, norm, n);
	if (code != FLD_UNKNOWN)
		return code;
	for (i = 0; tails[i] != NULL; i++) {
		m = strlen(tails[i]);
		if (n > m + 2 && memcmp(norm + n - m, tails[i], m) == 0)
			break;
	}
	if (tails[i] == NULL)
		return FLD_UNKNOWN;
	code = km_find(km, norm, n - m);
	if (code != FLD_UNKNOWN || i > 5)
		return code;
	/* "member_num" for "member_no": one of the words for the other */
	for (k = 0; k < 5; k++) {
		size_t t = strlen(tails[k]);

		if (k == i || n - m + t > FLD_KEY_MAX)
			continue;
		memcpy(buf, norm, n - m);
		memcpy(buf + n - m, tails[k], t + 1);
		code = km_find(km, buf, n - m + t);
		if (code != FLD_UNKNOWN)
			return code;
	}
	return FLD_UNKNOWN;
}

/* Abbreviations of column and field names, after normalisation: a
 * leading word that says whose value it is ("pt_last", "ins_member_no",
 * "Ins. ID"), and a trailing one that says what it is ("patient_nm",
 * "home_ph"). */
static const struct { const char *abbr, *word; int owner; } km_heads[] = {
	{ "pt", "patient", 1 }, { "pat", "patient", 1 },
	{ "ins", "insurance", 1 }, { "insd", "insured", 1 },
	{ "subscr", "subscriber", 1 }, { "emerg", "emergency", 1 },
	/* events: "adm_dt", "disch_date", "svc_dt", "appt_dt" */
	{ "adm", "admit", 0 }, { "disch", "discharge", 0 },
	{ "dc", "discharge", 0 }, { "svc", "service", 0 },
	{ "appt", "appointment", 0 }, { "proc", "procedure", 0 },
	{ NULL, NULL, 0 }
};
static const struct { const char *abbr, *word; } km_ends[] = {
	{ "nm", "name" }, { "nme", "name" }, { "ph", "phone" },
	{ "phn", "phone" }, { "tel", "phone" }, { "dt", "date" },
	{ "addr", "address" }, { NULL, NULL }
};

static int
km_find_abbr(const struct phi_keymap *km, const char *norm, size_t n,
	     int ends)
{
	char buf[FLD_KEY_MAX + 1];
	size_t i, a, w;
	int code;

	code = km_find_tails(km, norm, n);
	if (code != FLD_UNKNOWN)
		return code;
	for (i = 0; km_heads[i].abbr != NULL; i++) {
		a = strlen(km_heads[i].abbr);
		w = strlen(km_heads[i].word);
		if (n < a + 2 || memcmp(norm, km_heads[i].abbr, a) != 0 ||
		    memcmp(norm, km_heads[i].word, w < n ? w : n) == 0)
			continue;
		if (n - a + w <= FLD_KEY_MAX) {
			memcpy(buf, km_heads[i].word, w);
			memcpy(buf + w, norm + a, n - a);
			buf[n - a + w] = '\0';
			code = km_find_tails(km, buf, n - a + w);
			if (code != FLD_UNKNOWN)
				return code;
		}
		/* "pt_last": the patient's is implied */
		if (km_heads[i].owner && n - a >= 3) {
			code = km_find_tails(km, norm + a, n - a);
			if (code != FLD_UNKNOWN)
				return code;
		}
	}
	if (!ends)
		return FLD_UNKNOWN;
	for (i = 0; km_ends[i].abbr != NULL; i++) {
		a = strlen(km_ends[i].abbr);
		w = strlen(km_ends[i].word);
		if (n < a + 2 || memcmp(norm + n - a, km_ends[i].abbr, a) != 0 ||
		    n - a + w > FLD_KEY_MAX)
			continue;
		memcpy(buf, norm, n - a);
		memcpy(buf + n - a, km_ends[i].word, w);
		buf[n - a + w] = '\0';
		code = km_find_abbr(km, buf, n - a + w, 0);
		if (code != FLD_UNKNOWN)
			return code;
	}
	return FLD_UNKNOWN;
}

int
fld_keymap_find_norm(const struct phi_keymap *km, const char *norm, size_t n)
{
	if (km == NULL || n == 0)
		return FLD_UNKNOWN;
	return km_find_abbr(km, norm, n, 1);
}

int
fld_keymap_find(const struct phi_keymap *km, const char *key, size_t n)
{
	char norm[FLD_KEY_MAX + 1];

	return fld_keymap_find_norm(km, norm, fld_key_norm(key, n, norm));
}

int
phi_keymap_lookup(const struct phi_keymap *km, const char *key, size_t n)
{
	int c = fld_keymap_find(km, key, n);

	return c < 0 ? -1 : FLD_TYPE(c);
}

/* Not in detect.h yet: the map the fields detector loaded, for other
 * detectors ("Name:" in prose); NULL before the detector's init. */
const struct phi_keymap *phi_keymap_get(void);

const struct phi_keymap *
phi_keymap_get(void)
{
	return keymap_global;
}

static void
km_free(struct phi_keymap *km)
{
	if (km == NULL)
		return;
	free(km->tab);
	free(km->suffix);
	free(km->prefix);
	free(km);
}

static int
km_type_code(const char *name)
{
	if (strcasecmp(name, "IGNORE") == 0 || strcasecmp(name, "NONE") == 0)
		return FLD_IGNORE;
	return phi_type_parse(name);
}

static int
km_add_list(struct phi_keymap *km, const char *tname, const json_t *list,
	    struct ck_error *err)
{
	int code = km_type_code(tname);
	size_t i;
	json_t *v;

	if (code == -1)
		return ck_error_set(err, 0, "keys: unknown type '%s'", tname);
	if (json_is_string(list))
		return km_add(km, json_string_value(list), code) < 0 ?
			ck_error_set(err, ENOMEM, "out of memory") : 0;
	if (!json_is_array(list))
		return ck_error_set(err, 0,
				    "keys: %s must be a list of key names",
				    tname);
	json_array_foreach(list, i, v) {
		if (!json_is_string(v))
			return ck_error_set(err, 0,
					    "keys: %s[%zu] is not a string",
					    tname, i);
		if (km_add(km, json_string_value(v), code) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
	}
	return 0;
}

/* keys: {NAME: [first_name, ...], IGNORE: [created_at]} or, so that packs
 * concatenate, keys: [{type: NAME, keys: [...]}, ...]. */
static int
km_load(struct phi_keymap *km, const json_t *sec, struct ck_error *err)
{
	const char *k;
	json_t *v;
	size_t i;

	if (sec == NULL)
		return 0;
	if (json_is_object(sec)) {
		json_object_foreach((json_t *)sec, k, v)
			if (km_add_list(km, k, v, err) < 0)
				return -1;
		return 0;
	}
	if (!json_is_array(sec))
		return ck_error_set(err, 0, "keys: must be a mapping of type "
				    "to key names");
	json_array_foreach(sec, i, v) {
		const json_t *t = json_object_get(v, "type");
		const json_t *l = json_object_get(v, "keys");

		if (!json_is_string(t) || l == NULL)
			return ck_error_set(err, 0, "keys[%zu]: needs type and "
					    "keys", i);
		if (km_add_list(km, json_string_value(t), l, err) < 0)
			return -1;
	}
	return 0;
}

/* ---- value shapes --------------------------------------------------- */

static int
is_alpha_or_utf8(unsigned char c)
{
	return isalpha(c) || c >= 0x80;
}

static int
word_ieq(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(s, w, n) == 0;
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
			    isxdigit((unsigned char)s[i + 1]) &&
			    isxdigit((unsigned char)s[i + 2]))
				i += 3;
			else if (c == '\\' && i + 5 < n && s[i + 1] == 'u' &&
				 isxdigit((unsigned char)s[i + 2]) &&
				 isxdigit((unsigned char)s[i + 5]))
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
		if (islower((unsigned char)s[w0]) &&
		    !in_list(s + w0, w1 - w0, particles) &&
		    !(w1 - w0 > 2 && isupper((unsigned char)s[w0 + 1])) &&
		    !(w1 - w0 > 3 && strchr("bdgmpt", s[w0]) &&
		      s[w0 + 1] == 'h' && isupper((unsigned char)s[w0 + 2])))
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
		    !isxdigit((unsigned char)s[i]))
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

		if (isdigit(c))
			digits++;
		if (isxdigit(c))
			hex++;
		if (!isalnum(c) && !strchr("-_./#:() ", c))
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

	if (n < 7 || n > 24)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && !strchr(" -.()+", s[i]))
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

	while (d < n && isdigit((unsigned char)s[d]))
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
		while (d < n && isdigit((unsigned char)s[d]))
			d++;
	}
	if (d + 5 == n && (s[d] == '+' || s[d] == '-')) {
		size_t k;

		for (k = d + 1; k < n; k++)
			if (!isdigit((unsigned char)s[k]))
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
		if (!isdigit((unsigned char)s[i]) &&
		    !strchr(":.+-Z APMapm", s[i]))
			return 0;
	return isdigit((unsigned char)s[k + 1]) ? k : 0;
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

	while (i > 0 && (isdigit((unsigned char)s[i - 1]) || s[i - 1] == '-'))
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
	size_t i, letters = 0;

	if (n < 2 || n > 120)
		return 0;
	if (!isupper((unsigned char)s[0]) && !isdigit((unsigned char)s[0]) &&
	    s[0] != '#' && (unsigned char)s[0] < 0x80)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (is_alpha_or_utf8(c))
			letters++;
		else if (!isdigit(c) && !strchr(" .,'#/-&()\\", c))
			return 0;
	}
	/* "#131": a unit on its own line */
	return (letters > 0 || (s[0] == '#' && n > 1)) &&
	       !in_list(s, n, not_names);
}

/* "12 Oak St, Apt 4B, Tampa, FL 33601" in one field: the street line, the
 * city and the ZIP are separate spans (CONTRACT). */
static int
emit_address(struct fld_out *o, int conf, size_t s, size_t e,
	     const char *fam)
{
	const char *b = o->buf;
	size_t c1 = e, c2, zs, i, ts;

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

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

static int
all_upper(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i]))
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
		if (isdigit((unsigned char)s[i]))
			digits++;
		else if (!isalpha((unsigned char)s[i]) && !strchr(" -", s[i]))
			return 0;
	}
	return digits >= 5;
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
		if (n > 5 && isupper((unsigned char)b[s]) &&
		    isupper((unsigned char)b[s + 1]) && b[s + 2] == ' ' &&
		    isalnum((unsigned char)b[s + 3])) {
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

/* ---- the detector --------------------------------------------------- */

static const int default_weight[PHI_NTYPES] = {
	[PHI_NAME] = 5, [PHI_DATE] = 3, [PHI_AGE] = 3, [PHI_ADDRESS] = 4,
	[PHI_ZIP] = 2, [PHI_PHONE] = 4, [PHI_FAX] = 4, [PHI_EMAIL] = 4,
	[PHI_URL] = 3, [PHI_IP] = 3, [PHI_SSN] = 10, [PHI_NPI] = 4,
	[PHI_DEA] = 6, [PHI_CREDIT_CARD] = 10, [PHI_VEHICLE] = 5,
	[PHI_ICD10] = 4, [PHI_MRN] = 8, [PHI_HEALTH_PLAN] = 8,
	[PHI_ACCOUNT] = 6, [PHI_LICENSE] = 7, [PHI_DEVICE] = 5,
	[PHI_BIOMETRIC] = 8, [PHI_OTHER_ID] = 5
};

/* fields: {weights: {SSN: 10, ...}} */
static int
load_weights(struct fld_shared *sh, const json_t *sec, struct ck_error *err)
{
	const json_t *w = json_object_get(sec, "weights");
	const char *k;
	json_t *v;

	if (w == NULL)
		return 0;
	if (!json_is_object(w))
		return ck_error_set(err, 0, "fields: weights must be a mapping");
	json_object_foreach((json_t *)w, k, v) {
		int t = phi_type_parse(k);

		if (t < 0)
			return ck_error_set(err, 0, "fields: weights: unknown "
					    "type '%s'", k);
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 1000)
			return ck_error_set(err, 0, "fields: weights: %s must "
					    "be an integer 0-1000", k);
		sh->weight[t] = (int)json_integer_value(v);
	}
	return 0;
}

struct fld_shared *
fld_shared_new(const struct phi_engine *e, int with_keys,
	       struct ck_error *err)
{
	struct fld_shared *sh = calloc(1, sizeof(*sh));

	if (sh == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(sh->weight, default_weight, sizeof(sh->weight));
	sh->km = calloc(1, sizeof(*sh->km));
	if (sh->km == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto fail;
	}
	if ((with_keys &&
	     km_load(sh->km, phi_engine_section(e, "keys"), err) < 0) ||
	    load_weights(sh, phi_engine_section(e, "fields"), err) < 0)
		goto fail;
	return sh;
fail:
	km_free(sh->km);
	free(sh);
	return NULL;
}

void
fld_shared_free(struct fld_shared *sh)
{
	if (sh == NULL)
		return;
	if (keymap_global == sh->km)
		keymap_global = NULL;
	km_free(sh->km);
	free(sh);
}

static void *
fields_init(const struct phi_engine *e, struct ck_error *err)
{
	struct fld_shared *sh = fld_shared_new(e, 1, err);

	if (sh != NULL)
		keymap_global = sh->km;
	return sh;
}

static void
fields_fini(void *p)
{
	fld_shared_free(p);
}

enum { MODE_NEW, MODE_KV, MODE_TABLE };

struct fld_state {
	const struct fld_shared *sh;
	struct fld_kv *kv;
	struct fld_table *tab;
	int mode;
	int yaml;
	uint64_t resume;	/* absolute offset to go on from */
};

static void *
fields_state_new(void *shared)
{
	struct fld_state *st = calloc(1, sizeof(*st));

	if (st == NULL)
		return NULL;
	st->sh = shared;
	st->kv = fld_kv_new();
	st->tab = fld_table_new();
	if (st->kv == NULL || st->tab == NULL) {
		fld_kv_free(st->kv);
		fld_table_free(st->tab);
		free(st);
		return NULL;
	}
	return st;
}

static void
fields_state_free(void *p)
{
	struct fld_state *st = p;

	if (st == NULL)
		return;
	fld_kv_free(st->kv);
	fld_table_free(st->tab);
	free(st);
}

static int
has_ext(const char *path, const char *ext)
{
	size_t n, m = strlen(ext);

	if (path == NULL)
		return 0;
	n = strlen(path);
	return n > m && path[n - m - 1] == '.' &&
	       strcasecmp(path + n - m, ext) == 0;
}

static void
fields_begin(void *p, const char *path)
{
	struct fld_state *st = p;

	st->mode = MODE_NEW;
	st->resume = 0;
	st->yaml = has_ext(path, "yaml") || has_ext(path, "yml");
	fld_kv_begin(st->kv, st->yaml);
	fld_table_begin(st->tab, path);
}

static int
fields_scan(void *p, const struct phi_window *w, struct phi_cands *out,
	    struct ck_error *err)
{
	struct fld_state *st = p;
	struct fld_out o = { out, st->sh, w->buf, w->len, w->base, 0 };
	size_t from = 0, r;

	if (st->resume > w->base)
		from = st->resume - w->base > w->len ? w->len :
		       (size_t)(st->resume - w->base);
	if (st->mode == MODE_NEW) {
		if (w->base != 0)
			st->mode = MODE_KV;
		else
			st->mode = fld_table_sniff(st->tab, &o, w->last) ?
				   MODE_TABLE : MODE_KV;
	}
	if (st->mode == MODE_TABLE)
		r = fld_table_scan(st->tab, &o, from, w->last);
	else
		r = fld_kv_scan(st->kv, &o, from, w->last);
	st->resume = w->base + r;
	if (o.nomem)
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

const struct phi_detector phi_detector_fields = {
	"fields", fields_init, fields_fini, fields_state_new,
	fields_state_free, fields_begin, fields_scan
};
