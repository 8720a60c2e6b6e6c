/* address_lists.c -- the address detector's lists: street suffixes,
 * directionals, unit words, states' codes and names (closed lists), and
 * the cue phrases of the settings ("lives in", "zip code", "aged"). */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/phi/phi.h"
#include "common/phi/detect.h"
#include "common/phi/address_priv.h"

/* ---- closed lists ------------------------------------------------------ */

/* USPS Publication 28, appendix C1 (the suffixes in common use), full and
 * abbreviated, lowercase. */
const char *const addr_street_suffixes[] = {
	"alley", "aly", "avenue", "ave", "av", "bend", "bluff", "blf",
	"boulevard", "blvd", "branch", "brook", "bypass", "byp", "causeway",
	"cswy", "circle", "cir", "cliff", "close", "common", "commons",
	"court", "ct", "cove", "cv", "creek", "crk", "crescent", "cres",
	"crossing", "xing", "drive", "dr", "estates", "ests", "expressway",
	"expy", "extension", "ext", "freeway", "fwy", "gardens", "gdns",
	"glen", "grove", "grv", "harbor", "hbr", "heights", "hts", "highway",
	"hwy", "hill", "hills", "hollow", "holw", "junction", "jct", "knoll",
	"landing", "lndg", "lane", "ln", "loop", "manor", "mnr", "meadow",
	"meadows", "mdws", "mews", "oval", "parkway", "pkwy", "pass", "path",
	"pike", "place", "pl", "plaza", "plz", "point", "pt", "pointe",
	"ridge", "rdg", "road", "rd", "route", "rte", "row", "run", "spur",
	"square", "sq", "street", "st", "summit", "smt", "terrace", "ter",
	"trace", "trce", "trail", "trl", "turnpike", "tpke", "view", "vw",
	"vista", "vis", "walk", "way", "wynd", NULL
};

const char *const addr_directionals[] = {
	"n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east",
	"west", "northeast", "northwest", "southeast", "southwest", NULL
};

const char *const addr_unit_words[] = {
	"apt", "apartment", "unit", "suite", "ste", "bldg", "building", "fl",
	"floor", "rm", "room", "lot", "trlr", "spc", "space", "dept", "#",
	NULL
};

const char *const addr_not_places[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december", "jan",
	"feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
	"nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "room", "ward", "bed", "bay", "wing", "the",
	"english", "spanish", "french", "person", "private", "general",
	"town", "city", "county", "state", "spring", "summer", "fall",
	"autumn", "winter", "time", "order", "addition", "total", "care",
	NULL
};

const char *const addr_place_abbreviations[] = {
	"st", "ste", "mt", "ft", "pt", NULL
};

/* USPS two-letter codes: states, DC and territories. */
static const char state_codes[] =
	"AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI "
	"MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT "
	"VT VA WA WV WI WY DC PR VI GU AS MP ";

/* Codes that are also common credentials or words when no ZIP follows
 * ("Jane Kim, MD", "Smith, PA", "IN", "OR", "OK"). */
static const char weak_codes[] = "MD PA MA DE CO OR IN ME OK HI OH LA ";

const char *const addr_state_names[] = {
	"Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado",
	"Connecticut", "Delaware", "Florida", "Georgia", "Hawaii", "Idaho",
	"Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana",
	"Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota",
	"Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
	"New Hampshire", "New Jersey", "New Mexico", "New York",
	"North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon",
	"Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
	"Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
	"West Virginia", "Wisconsin", "Wyoming", "District of Columbia",
	"Puerto Rico", NULL
};

/* The states' abbreviations of newspaper style ("Tulsa, Okla."), with
 * their periods; not "Miss.", "Ind.", "Pa." nor "Mo.", which say other
 * things ("Thanks, Pa."). */
const char *const addr_state_abbreviations[] = {
	"Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.",
	"Ga.", "Ill.", "Kan.", "Kans.", "Ky.", "La.", "Md.", "Mass.",
	"Mich.", "Minn.", "Mont.", "Neb.", "Nebr.", "Nev.", "N.H.",
	"N.J.", "N.M.", "N.Y.", "N.C.", "N.D.", "Okla.", "Ore.",
	"R.I.", "S.C.", "S.D.", "Tenn.", "Tex.", "Vt.", "Va.", "Wash.",
	"W.Va.", "W. Va.", "Wis.", "Wyo.", NULL
};

size_t
addr_state_abbreviation_at(const char *b, size_t n, size_t k)
{
	size_t j;

	for (j = 0; addr_state_abbreviations[j] != NULL; j++) {
		size_t l = strlen(addr_state_abbreviations[j]);

		if (n - k >= l && b[k] == addr_state_abbreviations[j][0] &&
		    memcmp(b + k, addr_state_abbreviations[j], l) == 0)
			return k + l;
	}
	return k;
}

size_t
addr_state_abbreviation_before(const char *b, size_t lo, size_t e)
{
	size_t j;

	if (e == lo || b[e - 1] != '.')
		return SIZE_MAX;
	for (j = 0; addr_state_abbreviations[j] != NULL; j++) {
		size_t l = strlen(addr_state_abbreviations[j]);

		if (e - lo >= l &&
		    memcmp(b + e - l, addr_state_abbreviations[j], l) == 0 &&
		    (e - lo == l || !IS_ALPHA(b[e - l - 1])))
			return e - l;
	}
	return SIZE_MAX;
}

int
addr_in_list_ci(const char *const *list, const char *w, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; list[i] != NULL; i++) {
		size_t k;

		if (list[i][0] != LOWER(w[0]) || strlen(list[i]) != n)
			continue;
		for (k = 0; k < n && LOWER(w[k]) == list[i][k]; k++)
			;
		if (k == n)
			return 1;
	}
	return 0;
}

int
addr_is_state_code(const char *w, size_t n, int strong)
{
	char code[4];

	if (n != 2 || !IS_UPPER(w[0]) || !IS_UPPER(w[1]))
		return 0;
	code[0] = w[0];
	code[1] = w[1];
	code[2] = ' ';
	code[3] = '\0';
	if (strstr(state_codes, code) == NULL)
		return 0;
	return strong || strstr(weak_codes, code) == NULL;
}

/* A state name ending just before b[e]; returns its start or SIZE_MAX. */
size_t
addr_state_name_before(const char *b, size_t lo, size_t e)
{
	size_t i;

	if (e == lo || !IS_LOWER(b[e - 1]))
		return SIZE_MAX;
	for (i = 0; addr_state_names[i] != NULL; i++) {
		size_t l = strlen(addr_state_names[i]);

		if (e - lo >= l && b[e - l] == addr_state_names[i][0] &&
		    memcmp(b + e - l, addr_state_names[i], l) == 0 &&
		    (e - lo == l || !IS_ALPHA(b[e - l - 1])))
			return e - l;
	}
	return SIZE_MAX;
}

/* ---- settings ---------------------------------------------------------- */

void
addr_cues_free(struct cues *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	free(c->len);
	c->v = NULL;
	c->len = NULL;
	c->n = 0;
}

static int
cues_add(struct cues *c, const char *s, struct ck_error *err)
{
	char buf[64], **nv;
	size_t k = 0, *nl;

	for (; *s != '\0' && k < sizeof(buf) - 1; s++) {
		if (*s == ' ' || *s == '\t' || *s == '_' || *s == '-') {
			if (k > 0 && buf[k - 1] != ' ')
				buf[k++] = ' ';
		} else {
			buf[k++] = LOWER(*s);
		}
	}
	while (k > 0 && buf[k - 1] == ' ')
		k--;
	if (k == 0)
		return 0;
	buf[k] = '\0';
	nv = realloc(c->v, (c->n + 1) * sizeof(*nv));
	if (nv == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	c->v = nv;
	nl = realloc(c->len, (c->n + 1) * sizeof(*nl));
	if (nl == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	c->len = nl;
	c->len[c->n] = k;
	if ((c->v[c->n] = strdup(buf)) == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	c->n++;
	return 0;
}

static int
cue_fn(void *ctx, const char *str, struct ck_error *err)
{
	return cues_add(ctx, str, err);
}

int
addr_cues_load(struct cues *c, const json_t *sec, const char *key,
	       const char *secname, struct ck_error *err)
{
	return phi_section_strings(sec, key, secname, cue_fn, c, err);
}

/* 1 if the text ending at b[e] (on the same line) ends with a cue, as a
 * whole word, with trailing separators (": ", " = ", "\"", "#") skipped. */
int
addr_cue_before(const struct cues *c, const char *b, size_t lo, size_t e)
{
	char t[48];
	size_t k = sizeof(t) - 1, i = e, j;

	if (c->n == 0)
		return 0;
	/* "Zip is 14846", "age was 93": a verb between the cue and the
	 * value. */
	{
		size_t v = e;

		while (v > lo && b[v - 1] == ' ' && e - v < 3)
			v--;
		if (v < e && v >= lo + 4 && memcmp(b + v - 3, " is", 3) == 0)
			e = i = v - 3;
		else if (v < e && v >= lo + 5 &&
			 memcmp(b + v - 4, " was", 4) == 0)
			e = i = v - 4;
	}
	t[k] = '\0';
	/* Cheap filter first: the word before must end some cue. */
	{
		size_t we = e, ws;

		while (we > lo && e - we < 14 && !IS_ALPHA(b[we - 1]) &&
		       b[we - 1] != '\n')
			we--;
		/* The last word, or the last part of a camelCase word. */
		ws = we;
		while (ws > lo && IS_ALPHA(b[ws - 1]) && we - ws < 16) {
			ws--;
			if (IS_UPPER(b[ws]) && ws > lo && IS_LOWER(b[ws - 1]))
				break;
		}
		if (ws == we)
			return 0;
		for (j = 0; j < c->n; j++) {
			size_t l = c->len[j], q;

			if (l < we - ws)
				continue;
			for (q = 0; q < we - ws; q++)
				if (c->v[j][l - (we - ws) + q] !=
				    LOWER(b[ws + q]))
					break;
			if (q == we - ws)
				break;
		}
		if (j == c->n)
			return 0;
	}
	while (i > lo && (b[i - 1] == ' ' || b[i - 1] == '\t' ||
			  b[i - 1] == ':' || b[i - 1] == '=' ||
			  b[i - 1] == '"' || b[i - 1] == '\'' ||
			  b[i - 1] == '#' || b[i - 1] == '-' ||
			  b[i - 1] == '(' || b[i - 1] == '{') && e - i < 14)
		i--;
	/* Backwards, lowercased, camelCase split ("setPostalCode" reads
	 * "set postal code"). */
	while (i > lo && k > 1 && b[i - 1] != '\n' && b[i - 1] != '\r') {
		char ch = b[i - 1];

		if (ch == ' ' || ch == '\t' || ch == '_' || ch == '-') {
			if (t[k] != ' ')
				t[--k] = ' ';
		} else if (IS_ALPHA(ch)) {
			t[--k] = LOWER(ch);
			if (IS_UPPER(ch) && i >= 2 && IS_LOWER(b[i - 2]))
				t[--k] = ' ';
		} else {
			break;
		}
		i--;
	}
	for (j = 0; j < c->n; j++) {
		size_t l = c->len[j], tl = sizeof(t) - 1 - k;

		if (tl >= l && memcmp(t + sizeof(t) - 1 - l, c->v[j], l) == 0 &&
		    (tl == l || t[sizeof(t) - 2 - l] == ' '))
			return 1;
	}
	return 0;
}
