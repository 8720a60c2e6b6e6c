/* fields_keymap.c -- the key map: field, column and key names -> PHI
 * type, normalised ("dateOfBirth", "date_of_birth" and "DOB" alike),
 * with known tails ("patient_ssn") and abbreviations ("pt_dob"), loaded
 * from the rule packs' "keys" section. */
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

/* ---- the key map ---------------------------------------------------- */

/* Set by the detector's init so other detectors can consult the map. */
const struct phi_keymap *fld_keymap_global;

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
		out[o++] = (char)(c < 0x80 ? ck_tolower(c) : c);
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

/* Every change to any map takes a new stamp, so that a lookup cached
 * for one map is never answered for another at the same address. */
static uint64_t km_stamps;

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
		uint32_t **chain = suffix ? &km->snext : &km->pnext;
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
		/* Unindexed (linear walks) until km_index runs again. */
		free(*chain);
		*chain = NULL;
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
	km->stamp = __atomic_add_fetch(&km_stamps, 1, __ATOMIC_RELAXED);
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
	if (km->snext == NULL || km->pnext == NULL) {
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
	/* The same walks, over the entries that end (begin) with the
	 * key's last (first) byte only. */
	for (i = km->shead[(unsigned char)norm[n - 1]]; i != 0;
	     i = km->snext[i - 1]) {
		e = &km->suffix[i - 1];
		if (e->len < n &&
		    memcmp(norm + n - e->len, e->key, e->len) == 0 &&
		    (best == NULL || e->len >= best->len))
			best = e;
	}
	for (i = km->phead[(unsigned char)norm[0]]; i != 0;
	     i = km->pnext[i - 1]) {
		e = &km->prefix[i - 1];
		if (e->len < n && memcmp(norm, e->key, e->len) == 0 &&
		    (best == NULL || e->len > best->len))
			best = e;
	}
	return best != NULL ? best->code : FLD_UNKNOWN;
}

/* Chains the entries of v by their first or last byte (see struct
 * phi_keymap), keeping the order of addition; 0 or -1. */
static int
km_chain(const struct km_ent *v, size_t n, int last, uint32_t head[256],
	 uint32_t **next)
{
	uint32_t *nx = malloc((n ? n : 1) * sizeof(*nx));
	size_t i;

	if (nx == NULL)
		return -1;
	memset(head, 0, 256 * sizeof(*head));
	for (i = n; i-- > 0;) {
		unsigned char c = (unsigned char)v[i].key[last ? v[i].len - 1
							       : 0];

		nx[i] = head[c];
		head[c] = (uint32_t)i + 1;
	}
	free(*next);
	*next = nx;
	return 0;
}

static int
km_index(struct phi_keymap *km)
{
	return km_chain(km->suffix, km->nsuffix, 1, km->shead,
			&km->snext) < 0 ||
	       km_chain(km->prefix, km->nprefix, 0, km->phead,
			&km->pnext) < 0 ? -1 : 0;
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

/* The detectors ask for the same few keys again and again, and a key
 * that is not in the map costs a walk of the suffix and prefix lists
 * and of every abbreviation: answers are kept per thread. */
#define KM_CACHE 4096
struct km_cached {
	uint64_t stamp;
	const struct phi_keymap *km;
	short code;
	unsigned char len;
	char key[FLD_KEY_MAX];
};
static _Thread_local struct km_cached km_cache[KM_CACHE];

int
fld_keymap_find_norm(const struct phi_keymap *km, const char *norm, size_t n)
{
	struct km_cached *c;

	if (km == NULL || n == 0)
		return FLD_UNKNOWN;
	if (n > FLD_KEY_MAX || km->stamp == 0)
		return km_find_abbr(km, norm, n, 1);
	c = &km_cache[km_hash(norm, n) & (KM_CACHE - 1)];
	if (c->km == km && c->stamp == km->stamp && c->len == n &&
	    memcmp(c->key, norm, n) == 0)
		return c->code;
	c->code = (short)km_find_abbr(km, norm, n, 1);
	c->km = km;
	c->stamp = km->stamp;
	c->len = (unsigned char)n;
	memcpy(c->key, norm, n);
	return c->code;
}

/* Abbreviated words of column names, as database schemas write them
 * ("LST_NM", "BRTH_DT", "CTY_NM", "MBR_ID", "PH_NBR", "EML_ADR",
 * "ADDR_LN_1", "_ingest_ts"): each whole word of the key, split at '_',
 * '-', ' ', '.', a lower-to-upper change or a digit, is expanded on its
 * own, so that a word is never taken for the start of another. */
/* The longest abbreviation below; fld_keymap_load refuses to run if one
 * is longer (every test that loads the rules would fail). */
#define KM_ABBR_MAX 6
#define KW(a, w) { a, w, sizeof a - 1 }
static const struct {
	const char *abbr, *word;
	size_t alen;			/* strlen(abbr) */
} km_words[] = {
	KW("nm", "name"), KW("nme", "name"), KW("nam", "name"),
	KW("frst", "first"), KW("fst", "first"), KW("lst", "last"),
	KW("mdl", "middle"), KW("midl", "middle"),
	KW("brth", "birth"), KW("bth", "birth"), KW("brt", "birth"),
	KW("dt", "date"), KW("dte", "date"), KW("dth", "death"),
	KW("cty", "city"), KW("addr", "address"), KW("adr", "address"),
	KW("adrs", "address"), KW("cd", "code"),
	KW("pstl", "postal"), KW("nbr", "number"), KW("num", "number"),
	KW("nmbr", "number"), KW("ph", "phone"), KW("phn", "phone"),
	KW("tel", "phone"), KW("telno", "phonenumber"), KW("eml", "email"),
	KW("mbr", "member"), KW("mem", "member"), KW("pt", "patient"),
	KW("pat", "patient"), KW("ptnt", "patient"), KW("sbscr", "subscriber"),
	KW("subscr", "subscriber"), KW("emerg", "emergency"),
	KW("acct", "account"), KW("hm", "home"), KW("lic", "license"),
	KW("pol", "policy"), KW("prov", "provider"), KW("phys", "physician"),
	KW("ts", "timestamp"), KW("tstamp", "timestamp"),
	KW("drv", "driver"), KW("clm", "claim"),
	KW("emp", "employee"), KW("empl", "employee"),
	KW("guar", "guarantor"), KW("gtor", "guarantor"),
	KW("rndr", "rendering"), KW("rend", "rendering"),
	KW("attnd", "attending"), KW("att", "attending"),
	KW("cnty", "county"), KW("pst", "postal"), KW("post", "postal"),
	KW("ref", "referring"), KW("refg", "referring"),
	{ NULL, NULL, 0 }
};
/* The index of the final { NULL, NULL }. */
#define KM_NWORDS (sizeof km_words / sizeof km_words[0] - 1)

/* Expands the abbreviated words of key into out (normalised); returns
 * the length, or 0 if the key has fewer than two words or none of them
 * is abbreviated. */
static size_t
km_expand_words(const char *key, size_t n, char out[FLD_KEY_MAX + 1])
{
	size_t i = 0, o = 0, words = 0, k;
	int changed = 0;

	/* One word ("address", "patientName" is two): nothing to expand,
	 * and most keys are such; decided before any lookup. */
	for (k = 1; k < n; k++) {
		unsigned char c = (unsigned char)key[k];

		if (c == '_' || c == '-' || c == ' ' || c == '.' ||
		    !ck_isdigit(c) != !ck_isdigit((unsigned char)key[k - 1]) ||
		    (ck_isupper(c) && ck_islower((unsigned char)key[k - 1])))
			break;
	}
	if (k >= n)
		return 0;
	while (i < n) {
		size_t w0, w1, wl;
		unsigned char c = (unsigned char)key[i];

		if (c == '_' || c == '-' || c == ' ' || c == '.') {
			i++;
			continue;
		}
		w0 = i;
		if (ck_isdigit(c)) {
			while (i < n && ck_isdigit((unsigned char)key[i]))
				i++;
		} else {
			i++;
			while (i < n) {
				unsigned char d = (unsigned char)key[i];

				if (d == '_' || d == '-' || d == ' ' ||
				    d == '.' || ck_isdigit(d) ||
				    (ck_isupper(d) &&
				     ck_islower((unsigned char)key[i - 1])))
					break;
				i++;
			}
		}
		w1 = i;
		words++;
		wl = w1 - w0;
		/* no abbreviation is longer than KM_ABBR_MAX bytes */
		k = KM_NWORDS;
		if (wl <= KM_ABBR_MAX)
			for (k = 0; km_words[k].abbr != NULL; k++)
				if (km_words[k].alen == wl &&
				    ck_tolower((unsigned char)key[w0]) ==
				    km_words[k].abbr[0] &&
				    strncasecmp(key + w0, km_words[k].abbr,
						wl) == 0)
					break;
		/* "ADDR_LN_1": a line only of an address ("__ln_2" is a
		 * logarithm) */
		if (km_words[k].abbr == NULL && wl == 2 &&
		    strncasecmp(key + w0, "ln", 2) == 0 && o >= 6 &&
		    (memcmp(out + o - 6, "street", 6) == 0 ||
		     (o >= 7 && memcmp(out + o - 7, "address", 7) == 0))) {
			if (o + 4 > FLD_KEY_MAX)
				return 0;
			memcpy(out + o, "line", 4);
			o += 4;
			changed = 1;
			continue;
		}
		if (km_words[k].abbr != NULL) {
			size_t m = strlen(km_words[k].word);

			if (o + m > FLD_KEY_MAX)
				return 0;
			memcpy(out + o, km_words[k].word, m);
			o += m;
			changed = 1;
			continue;
		}
		for (; w0 < w1; w0++) {
			c = (unsigned char)key[w0];
			if (o == FLD_KEY_MAX)
				return 0;
			out[o++] = (char)(c < 0x80 ? ck_tolower(c) : c);
		}
	}
	out[o] = '\0';
	return words >= 2 && changed ? o : 0;
}

int
fld_keymap_find(const struct phi_keymap *km, const char *key, size_t n)
{
	char norm[FLD_KEY_MAX + 1], xnorm[FLD_KEY_MAX + 1];
	size_t m;
	int code;

	m = fld_key_norm(key, n, norm);
	code = fld_keymap_find_norm(km, norm, m);
	if (code != FLD_UNKNOWN || km == NULL || m == 0)
		return code;
	if (km_expand_words(key, n, xnorm) > 0) {
		m = strlen(xnorm);
		memcpy(norm, xnorm, m + 1);
		code = fld_keymap_find_norm(km, norm, m);
	}
	/* "city_name", "CTY_NM": the name of a place is the place */
	if (code == FLD_UNKNOWN && m >= 4 + 3 &&
	    memcmp(norm + m - 4, "name", 4) == 0) {
		int c2 = fld_keymap_find_norm(km, norm, m - 4);

		/* ... and the name of a person the person's name:
		 * "ATTND_PHYS_NM" */
		if (c2 >= 0 && (FLD_TYPE(c2) == PHI_ADDRESS ||
				(FLD_TYPE(c2) == PHI_NAME && !(c2 & FLD_WEAK))))
			code = c2;
	}
	return code;
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
	return fld_keymap_global;
}

void
fld_keymap_free(struct phi_keymap *km)
{
	if (km == NULL)
		return;
	free(km->tab);
	free(km->suffix);
	free(km->prefix);
	free(km->snext);
	free(km->pnext);
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
int
fld_keymap_load(struct phi_keymap *km, const json_t *sec, struct ck_error *err)
{
	const char *k;
	json_t *v;
	size_t i;

	for (i = 0; i < KM_NWORDS; i++)
		if (km_words[i].alen > KM_ABBR_MAX)
			return ck_error_set(err, 0, "internal: abbreviation "
					    "'%s' longer than KM_ABBR_MAX",
					    km_words[i].abbr);
	if (sec == NULL)
		return 0;
	if (json_is_object(sec)) {
		json_object_foreach((json_t *)sec, k, v)
			if (km_add_list(km, k, v, err) < 0)
				return -1;
		return km_index(km) < 0 ?
			ck_error_set(err, ENOMEM, "out of memory") : 0;
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
	return km_index(km) < 0 ? ck_error_set(err, ENOMEM, "out of memory")
				: 0;
}
