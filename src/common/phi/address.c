/* address.c -- ADDRESS (street line, PO box, city), ZIP and AGE (over 89)
 * in prose and code.
 *
 * HIPAA Safe Harbor (45 CFR 164.514(b)(2)(i)(B)) removes street address,
 * city, county and ZIP; (C) removes ages over 89.  States stay: they are
 * never part of a span.  The city is its own span, apart from the street
 * line and the ZIP, as the corpus conventions and CONTRACT say.
 *
 * One linear pass: eight bytes at a time the scan skips text holding no
 * digit, no capital letter and no comma; only those positions are looked
 * at closer. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/phi/phi.h"
#include "common/phi/detect.h"

#define IS_DIGIT(c) ((unsigned)((unsigned char)(c) - '0') < 10u)
#define IS_ALPHA(c) ((unsigned)(((unsigned char)(c) | 0x20) - 'a') < 26u)
#define IS_UPPER(c) ((unsigned)((unsigned char)(c) - 'A') < 26u)
#define IS_LOWER(c) ((unsigned)((unsigned char)(c) - 'a') < 26u)
#define IS_ALNUM(c) (IS_DIGIT(c) || IS_ALPHA(c))
#define IS_HIGH(c) ((unsigned char)(c) >= 0x80)
#define LOWER(c) ((char)(IS_UPPER(c) ? ((c) | 0x20) : (c)))

/* ---- closed lists ------------------------------------------------------ */

/* USPS Publication 28, appendix C1 (the suffixes in common use), full and
 * abbreviated, lowercase. */
static const char *const street_suffixes[] = {
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

static const char *const directionals[] = {
	"n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east",
	"west", "northeast", "northwest", "southeast", "southwest", NULL
};

static const char *const unit_words[] = {
	"apt", "apartment", "unit", "suite", "ste", "bldg", "building", "fl",
	"floor", "rm", "room", "lot", "trlr", "spc", "space", "dept", "#",
	NULL
};

/* USPS two-letter codes: states, DC and territories. */
static const char state_codes[] =
	"AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI "
	"MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT "
	"VT VA WA WV WI WY DC PR VI GU AS MP ";

/* Codes that are also common credentials or words when no ZIP follows
 * ("Jane Kim, MD", "Smith, PA", "IN", "OR", "OK"). */
static const char weak_codes[] = "MD PA MA DE CO OR IN ME OK HI OH LA ";

static const char *const state_names[] = {
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

static int
in_list_ci(const char *const *list, const char *w, size_t n)
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

static int
is_state_code(const char *w, size_t n, int strong)
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
static size_t
state_name_before(const char *b, size_t lo, size_t e)
{
	size_t i;

	if (e == lo || !IS_LOWER(b[e - 1]))
		return SIZE_MAX;
	for (i = 0; state_names[i] != NULL; i++) {
		size_t l = strlen(state_names[i]);

		if (e - lo >= l && b[e - l] == state_names[i][0] &&
		    memcmp(b + e - l, state_names[i], l) == 0 &&
		    (e - lo == l || !IS_ALPHA(b[e - l - 1])))
			return e - l;
	}
	return SIZE_MAX;
}

/* ---- settings ---------------------------------------------------------- */

/* Phrases from the rule packs (lowercase, single spaces), compared with
 * the end of the text before a candidate. */
struct cues {
	char **v;
	size_t *len;
	size_t n;
};

struct addr_shared {
	struct cues city;	/* "lives in" */
	struct cues zip;	/* "zip code" */
	struct cues age;	/* "aged" */
	struct cues org;	/* "department", "inc" */
};

static void
cues_free(struct cues *c)
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

static int
cues_load(struct cues *c, const json_t *sec, const char *key,
	  const char *secname, struct ck_error *err)
{
	return phi_section_strings(sec, key, secname, cue_fn, c, err);
}

/* 1 if the text ending at b[e] (on the same line) ends with a cue, as a
 * whole word, with trailing separators (": ", " = ", "\"", "#") skipped. */
static int
cue_before(const struct cues *c, const char *b, size_t lo, size_t e)
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

/* ---- words ------------------------------------------------------------- */

/* A word of letters (any script: bytes >= 0x80 count), apostrophes and
 * inner hyphens at b[i..); returns its end. */
static size_t
word_end(const char *b, size_t n, size_t i)
{
	while (i < n) {
		char c = b[i];

		if (IS_ALPHA(c) || IS_HIGH(c))
			i++;
		else if ((c == '\'' || c == '-') && i + 1 < n &&
			 IS_ALPHA(b[i + 1]))
			i++;
		else
			break;
	}
	return i;
}

/* A capitalised word (Title or UPPER; first letter ASCII or a Latin-1
 * capital) at b[i..); its end or i. */
static size_t
cap_word(const char *b, size_t n, size_t i)
{
	if (i >= n)
		return i;
	if (IS_UPPER(b[i]))
		return word_end(b, n, i + 1);
	if ((unsigned char)b[i] == 0xc3 && i + 1 < n &&
	    (unsigned char)b[i + 1] >= 0x80 && (unsigned char)b[i + 1] <= 0x9e)
		return word_end(b, n, i + 2);
	return i;
}

/* An ordinal ("5th", "22nd", "103rd") at b[i..); its end or i. */
static size_t
ordinal(const char *b, size_t n, size_t i)
{
	size_t k = i;

	while (k < n && IS_DIGIT(b[k]) && k - i < 4)
		k++;
	if (k == i || k + 2 > n)
		return i;
	if ((LOWER(b[k]) == 's' && LOWER(b[k + 1]) == 't') ||
	    (LOWER(b[k]) == 'n' && LOWER(b[k + 1]) == 'd') ||
	    (LOWER(b[k]) == 'r' && LOWER(b[k + 1]) == 'd') ||
	    (LOWER(b[k]) == 't' && LOWER(b[k + 1]) == 'h')) {
		k += 2;
		if (k < n && IS_ALNUM(b[k]))
			return i;
		return k;
	}
	return i;
}

/* Abbreviated suffixes and designators take their period into the span
 * ("56 Beacon St.", "71 5th Dr."); a full word's period ends a sentence. */
static const char *const abbreviations[] = {
	"aly", "ave", "av", "blf", "blvd", "byp", "cswy", "cir", "ct", "cv",
	"crk", "cres", "xing", "dr", "ests", "expy", "ext", "fwy", "gdns",
	"grv", "hbr", "hts", "hwy", "holw", "jct", "lndg", "ln", "mnr",
	"mdws", "pkwy", "pl", "plz", "pt", "rdg", "rd", "rte", "sq", "st",
	"smt", "ter", "trce", "trl", "tpke", "vw", "vis", "n", "s", "e", "w",
	"ne", "nw", "se", "sw", "jr", "sr", NULL
};

/* Small words inside street names ("Camino del Sol Street"). */
static const char *const street_particles[] = {
	"del", "de", "la", "las", "los", "el", "of", "the", "von", "van",
	"da", "di", "du", "le", NULL
};

#define MAX_STREET_WORDS 7

/* A street line starting with the house number at b[i]: "12 Oak St",
 * "52-48 Kissena Blvd, Apt 4B", "4781 E Colfax Pkwy", "12 OAK ST^APT 4B".
 * Returns its end, or i. */
static size_t
street_line(const char *b, size_t n, size_t i)
{
	size_t k = i, nd = 0, pos, end = 0, ends[MAX_STREET_WORDS];
	int suffix[MAX_STREET_WORDS], nw = 0, j;

	while (k < n && IS_DIGIT(b[k]) && nd < 7)
		k++, nd++;
	if (nd == 0 || nd > 6)
		return i;
	if (k + 1 < n && b[k] == '-' && IS_DIGIT(b[k + 1])) {
		k++;			/* Queens style "52-48" */
		for (nd = 0; k < n && IS_DIGIT(b[k]) && nd < 5; k++, nd++)
			;
	}
	if (k >= n || b[k] != ' ')
		return i;
	pos = k + 1;
	while (nw < MAX_STREET_WORDS) {
		size_t we = cap_word(b, n, pos);

		if (we == pos)
			we = ordinal(b, n, pos);
		if (we == pos && nw > 0 && IS_LOWER(b[pos])) {
			size_t pe = word_end(b, n, pos);

			if (in_list_ci(street_particles, b + pos, pe - pos) &&
			    pe < n && b[pe] == ' ' && cap_word(b, n, pe + 1) >
			    pe + 1) {
				pos = pe + 1;
				continue;
			}
		}
		if (we == pos)
			break;
		suffix[nw] = in_list_ci(street_suffixes, b + pos, we - pos);
		ends[nw++] = we;
		if (we < n && b[we] == '.')
			we++;
		if (we + 1 < n && b[we] == ' ' &&
		    (IS_ALPHA(b[we + 1]) || IS_HIGH(b[we + 1]) ||
		     IS_DIGIT(b[we + 1]))) {
			pos = we + 1;
			continue;
		}
		break;
	}
	/* The last suffix after at least one name word ends the street. */
	for (j = nw - 1; j >= 1; j--)
		if (suffix[j])
			break;
	if (j < 1)
		return i;
	end = ends[j];
	{
		size_t ws = end;

		while (ws > i && (IS_ALPHA(b[ws - 1]) || IS_HIGH(b[ws - 1])))
			ws--;
		if (end < n && b[end] == '.' &&
		    in_list_ci(abbreviations, b + ws, end - ws))
			end++;
	}
	/* Post-directional: "100 Main St NW". */
	if (end + 2 < n && b[end] == ' ' && IS_UPPER(b[end + 1])) {
		size_t we = word_end(b, n, end + 1);

		if (we - end - 1 <= 2 &&
		    in_list_ci(directionals, b + end + 1, we - end - 1) &&
		    (we >= n || !IS_ALNUM(b[we])))
			end = we;
	}
	/* Unit: ", Apt 4B", " Unit 22", " #5", "^APT 4B", ", Suite 100";
	 * two of them: "Bldg C Apt 315". */
	for (j = 0; j < 2; j++) {
		size_t unit_from = end;

		k = end;
		if (k < n && (b[k] == ',' || b[k] == '^'))
			k++;
		while (k < n && b[k] == ' ' && k - end < 3)
			k++;
		if (k > end && k < n) {
			size_t we = k, ue;

			if (b[k] == '#')
				we = k + 1;
			else if (IS_UPPER(b[k]))
				we = word_end(b, n, k);
			if (we > k && in_list_ci(unit_words, b + k, we - k)) {
				ue = we;
				if (ue < n && b[ue] == '.')
					ue++;
				if (ue < n && b[ue] == ' ')
					ue++;
				if (ue < n && b[ue] == '#')
					ue++;
				we = ue;
				while (we < n && (IS_ALNUM(b[we]) ||
						  b[we] == '-') && we - ue < 8)
					we++;
				if (we > ue && b[we - 1] != '-' &&
				    (we >= n || !IS_ALNUM(b[we])))
					end = we;
			}
		}
		if (end == unit_from)
			break;
	}
	return end;
}

static size_t
digits_after(const char *b, size_t n, size_t k, size_t max)
{
	size_t s = k;

	while (k < n && IS_DIGIT(b[k]) && k - s < max)
		k++;
	if (k == s || (k < n && IS_ALNUM(b[k])))
		return s;
	return k;
}

/* "PO Box 77", "P.O. Box 77", "Post Office Box 77", and the rural
 * "RR 5 Box 74", "Rural Route 5 Box 74", "HC 3 Box 12". */
static size_t
po_box(const char *b, size_t n, size_t i)
{
	static const char *const forms[] = {
		"PO Box ", "P.O. Box ", "P. O. Box ", "P O Box ", "PO BOX ",
		"P.O. BOX ", "Post Office Box ", "POB ", "Po Box ", NULL
	};
	static const char *const routes[] = {
		"RR ", "R.R. ", "Rural Route ", "RURAL ROUTE ", "HC ", "Rte ",
		NULL
	};
	size_t j, k, e;

	for (j = 0; forms[j] != NULL; j++) {
		size_t l = strlen(forms[j]);

		if (n - i > l && memcmp(b + i, forms[j], l) == 0)
			return digits_after(b, n, i + l, 10) > i + l ?
			       digits_after(b, n, i + l, 10) : i;
	}
	for (j = 0; routes[j] != NULL; j++) {
		size_t l = strlen(routes[j]);

		if (n - i > l && memcmp(b + i, routes[j], l) == 0)
			break;
	}
	if (routes[j] == NULL)
		return i;
	k = i + strlen(routes[j]);
	e = digits_after(b, n, k, 4);
	if (e == k || n - e < 6 || (memcmp(b + e, " Box ", 5) != 0 &&
				    memcmp(b + e, " BOX ", 5) != 0))
		return i;
	k = e + 5;
	e = digits_after(b, n, k, 6);
	return e > k ? e : i;
}

/* The city: capitalised words ending at b[e] ("Miami", "San Luis
 * Obispo", "St. Louis", "MANCHESTER"), back to a comma, '^', a digit or
 * the line start; not a street suffix.  Returns its start or e. */
static size_t
city_before(const char *b, size_t lo, size_t e)
{
	size_t s = e, words = 0;

	while (words < 3) {
		size_t ws = s;

		while (ws > lo && (IS_ALPHA(b[ws - 1]) || IS_HIGH(b[ws - 1]) ||
				   b[ws - 1] == '\'' || b[ws - 1] == '-'))
			ws--;
		if (ws == s)
			break;
		/* The first byte must be a capital (ASCII or Latin-1), or
		 * an elided article before one ("Coeur d'Alene"). */
		if (!IS_UPPER(b[ws]) && !((unsigned char)b[ws] == 0xc3 &&
					  (unsigned char)b[ws + 1] <= 0x9e) &&
		    !(IS_LOWER(b[ws]) && s - ws > 3 && b[ws + 1] == '\'' &&
		      IS_UPPER(b[ws + 2]) && ws > lo + 1 && b[ws - 1] == ' ' &&
		      (IS_ALPHA(b[ws - 2]) || IS_HIGH(b[ws - 2]))))
			break;
		if (ws > lo && IS_DIGIT(b[ws - 1]))
			break;
		if (in_list_ci(street_suffixes, b + ws, s - ws) ||
		    in_list_ci(unit_words, b + ws, s - ws))
			break;
		s = ws;
		words++;
		if (s >= lo + 2 && b[s - 1] == ' ' && b[s - 2] == '.' &&
		    s >= lo + 4 && memcmp(b + s - 4, "St", 2) == 0) {
			s -= 4;		/* "St. Louis" */
			continue;
		}
		if (s > lo + 1 && b[s - 1] == ' ' &&
		    (IS_ALPHA(b[s - 2]) || IS_HIGH(b[s - 2])))
			s--;
		else
			break;
	}
	while (s < e && b[s] == ' ')
		s++;
	return s;
}

static int
push(struct phi_cands *out, const struct phi_window *w, size_t s, size_t e,
     int type, int conf, int weight, int prio, const char *rule,
     struct ck_error *err)
{
	if (phi_cands_push(out, w->base + s, w->base + e, type, conf, weight,
			   prio, rule) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

static size_t
line_floor(const char *b, size_t i, size_t span)
{
	size_t lim = i > span ? i - span : 0;

	while (i > lim && b[i - 1] != '\n' && b[i - 1] != '\r')
		i--;
	return i;
}

/* b[s..e) is a state's name ("Montana", "New York"): never a city. */
static int
is_state_name(const char *b, size_t s, size_t e)
{
	size_t j;

	for (j = 0; state_names[j] != NULL; j++)
		if (strlen(state_names[j]) == e - s &&
		    memcmp(state_names[j], b + s, e - s) == 0)
			return 1;
	return 0;
}

/* The line b[ls..le) ends with an organisation's word ("Appeals
 * Department", "Acme Insurance Company", "Initech, Inc."). */
static int
org_line(const struct addr_shared *sh, const char *b, size_t ls, size_t le)
{
	size_t we = le, ws, j;

	while (we > ls && !IS_ALPHA(b[we - 1]) && !IS_HIGH(b[we - 1]))
		we--;
	ws = we;
	while (ws > ls && IS_ALPHA(b[ws - 1]))
		ws--;
	if (ws == we || !IS_UPPER(b[ws]))
		return 0;
	for (j = 0; j < sh->org.n; j++)
		if (sh->org.len[j] == we - ws) {
			size_t k;

			for (k = 0; k < we - ws &&
			     LOWER(b[ws + k]) == sh->org.v[j][k]; k++)
				;
			if (k == we - ws)
				return 1;
		}
	return 0;
}

/* The line before the one starting at ls: its bounds; 0 if none. */
static int
prev_line(const char *b, size_t ls, size_t *pls, size_t *ple)
{
	size_t e = ls;

	if (e == 0)
		return 0;
	if (b[e - 1] == '\n')
		e--;
	if (e > 0 && b[e - 1] == '\r')
		e--;
	*ple = e;
	*pls = line_floor(b, e, 160);
	return *ple > *pls;
}

/* An organisation's mailing address: the line at b[s] opens with the
 * street or PO box, and the line right above it names a department or a
 * company ("Claims Department\nPO Box 1\nCity, ST 00001"); for the city
 * line, two lines up. */
static int
org_above(const struct addr_shared *sh, const char *b, size_t s, int city)
{
	size_t ls = line_floor(b, s, 160), pls, ple;

	if (!prev_line(b, ls, &pls, &ple))
		return 0;
	if (!city)
		return s == ls && org_line(sh, b, pls, ple);
	if (!(IS_DIGIT(b[pls]) || b[pls] == 'P'))
		return 0;
	ls = pls;
	return prev_line(b, ls, &pls, &ple) && org_line(sh, b, pls, ple);
}

/* A city ending at b[ce] before a state: its span, or nothing. */
static int
emit_city(const struct phi_window *w, struct phi_cands *out, size_t ce,
	  int conf, struct ck_error *err)
{
	const char *b = w->buf;
	size_t lo = line_floor(b, ce, 96), cs;

	if (ce == lo || !(IS_ALPHA(b[ce - 1]) || IS_HIGH(b[ce - 1])))
		return 0;
	cs = city_before(b, lo, ce);
	/* "clinics in Montana, Texas and Ohio": a list of states. */
	if (cs >= ce || is_state_name(b, cs, ce))
		return 0;
	return push(out, w, cs, ce, PHI_ADDRESS, conf, 3, PHI_PRIO_CONTEXT,
		    "address.city", err);
}

/* A ZIP at b[i..) (5 digits, optional -4); its end or i. */
static size_t
zip_shape(const char *b, size_t n, size_t i)
{
	size_t k = i;

	while (k < n && IS_DIGIT(b[k]) && k - i < 6)
		k++;
	if (k - i != 5)
		return i;
	if (k + 4 < n && b[k] == '-' && IS_DIGIT(b[k + 1]) &&
	    IS_DIGIT(b[k + 2]) && IS_DIGIT(b[k + 3]) && IS_DIGIT(b[k + 4]) &&
	    (k + 5 >= n || !IS_ALNUM(b[k + 5])))
		return k + 5;
	if (k < n && (IS_ALNUM(b[k]) || b[k] == '_' ||
		      ((b[k] == '.' || b[k] == '-') && k + 1 < n &&
		       IS_DIGIT(b[k + 1]))))
		return i;
	if (memcmp(b + i, "00000", 5) == 0)
		return i;
	return k;
}

/* The ZIP at b[i] after "FL ", "FL  ", "^FL^", "Florida ": emits the ZIP
 * and the city before the state.  1 if it was one. */
static int
zip_after_state(const struct addr_shared *sh, const struct phi_window *w,
		struct phi_cands *out, size_t i, size_t ze,
		struct ck_error *err)
{
	const char *b = w->buf;
	size_t k = i, lo = (i > 128 ? i - 128 : 0), ss;

	while (k > lo && (b[k - 1] == ' ' || b[k - 1] == '\t' ||
			  b[k - 1] == '^') && i - k < 3)
		k--;
	if (k == i)
		return 0;
	if (k >= lo + 2 && is_state_code(b + k - 2, 2, 1) &&
	    (k == lo + 2 || !IS_ALNUM(b[k - 3])))
		ss = k - 2;
	else if ((ss = state_name_before(b, lo, k)) == SIZE_MAX)
		return 0;
	if (org_above(sh, b, ss, 1))
		return 1;
	if (push(out, w, i, ze, PHI_ZIP, PHI_CONF_HIGH, 3, PHI_PRIO_CONTEXT,
		 "zip.state", err) < 0)
		return -1;
	/* "Tampa, FL", "Tampa FL", "TAMPA^FL". */
	k = ss;
	if (k > lo && (b[k - 1] == ' ' || b[k - 1] == '^'))
		k--;
	if (k > lo && b[k - 1] == ',')
		k--;
	else if (k < ss && b[k] == ' ' && k > lo && b[k - 1] == ',')
		k--;
	if (emit_city(w, out, k, PHI_CONF_HIGH, err) < 0)
		return -1;
	return 1;
}

/* A word of a city name at b[k]: "Joplin", "Mayagüez", "Winston-Salem",
 * "St. Cloud" (one word here), or after the first "d'Alene".  Its end
 * or k. */
static size_t
city_word(const char *b, size_t n, size_t k, int first)
{
	size_t e;

	if (k + 4 < n && b[k] == 'S' && b[k + 1] == 't' &&
	    (b[k + 2] == '.' || b[k + 2] == ' ')) {
		size_t j = k + (b[k + 2] == '.' ? 3 : 2);

		if (j < n && b[j] == ' ' && (e = cap_word(b, n, j + 1)) >
		    j + 1)
			return e;
	}
	if ((e = cap_word(b, n, k)) > k)
		return in_list_ci(street_suffixes, b + k, e - k) ||
		       in_list_ci(unit_words, b + k, e - k) ||
		       in_list_ci(directionals, b + k, e - k) ? k : e;
	/* "Coeur d'Alene", "L'Anse": an elided article. */
	if (!first && k + 2 < n && IS_LOWER(b[k]) && b[k + 1] == '\'' &&
	    cap_word(b, n, k + 2) > k + 2)
		return word_end(b, n, k);
	return k;
}

/* The city closing an address line after its street or PO box, without a
 * state: ", Joplin." or ", St. Cloud 43098" and the line's end.  Emits
 * the city (and the ZIP); returns where it ends, or e. */
static size_t
city_after_street(const struct phi_window *w, struct phi_cands *out,
		  size_t e, int *r, struct ck_error *err)
{
	const char *b = w->buf;
	size_t n = w->len, k = e, cs, ce, words = 0, z, ze;

	*r = 0;
	if (k + 2 >= n || b[k] != ',' || b[k + 1] != ' ')
		return e;
	cs = k = k + 2;
	ce = cs;
	while (words < 3) {
		size_t we = city_word(b, n, k, words == 0);

		if (we == k)
			break;
		ce = we;
		words++;
		if (we + 1 < n && b[we] == ' ' &&
		    (IS_UPPER(b[we + 1]) || IS_HIGH(b[we + 1]) ||
		     (IS_LOWER(b[we + 1]) && we + 2 < n && b[we + 2] == '\'')))
			k = we + 1;
		else
			break;
	}
	if (words == 0 || is_state_name(b, cs, ce))
		return e;
	/* A ZIP after the city, then the line's end. */
	z = ce;
	while (z < n && b[z] == ' ' && z - ce < 3)
		z++;
	ze = z > ce ? zip_shape(b, n, z) : z;
	if (ze > z) {
		size_t t = ze;

		while (t < n && (b[t] == ' ' || b[t] == '\t'))
			t++;
		if (t < n && b[t] != '\n' && b[t] != '\r' && b[t] != '.' &&
		    b[t] != ';')
			return e;
	} else if (ce < n && b[ce] != '.' && b[ce] != ';' && b[ce] != '\n' &&
		   b[ce] != '\r' && b[ce] != ')') {
		return e;
	} else if (ce + 1 < n && b[ce] == '.' && IS_ALNUM(b[ce + 1])) {
		return e;
	}
	if (push(out, w, cs, ce, PHI_ADDRESS, PHI_CONF_MEDIUM, 3,
		 PHI_PRIO_CONTEXT, "address.city", err) < 0 ||
	    (ze > z && push(out, w, z, ze, PHI_ZIP, PHI_CONF_MEDIUM, 3,
			    PHI_PRIO_CONTEXT, "zip.city", err) < 0)) {
		*r = -1;
		return e;
	}
	*r = 1;
	return ze > z ? ze : ce;
}

/* "92-year-old", "92 year old", "92 years old", "92 y/o", "92 y.o.",
 * "92yo", "92 yo", "92-yo", "92 yr old": the form after the number. */
static int
age_after(const char *b, size_t n, size_t k)
{
	static const char *const forms[] = {
		"-year-old", " year-old", " year old", "-year old",
		" years old", " years of age", " years-old", "-years-old",
		" y/o", " y.o.", " y.o", "y/o", "y.o.", "yo", " yo", "-yo",
		" yr old", " yr-old", "-yr-old", " yrs old", " yo.", "-y/o",
		" YO", "YO", " Y/O", NULL
	};
	size_t j;

	for (j = 0; forms[j] != NULL; j++) {
		size_t l = strlen(forms[j]);

		if (n - k >= l && memcmp(b + k, forms[j], l) == 0) {
			char last = forms[j][l - 1];

			/* "92yo" but not "92 young", "92 years older". */
			if (k + l < n && IS_ALPHA(b[k + l]) &&
			    !(last == 'o' && (b[k + l] == 'M' ||
					      b[k + l] == 'F')))
				continue;
			return 1;
		}
	}
	return 0;
}

/* "Sex/Age: F/96": the sex, a slash, the age, after an age cue. */
static int
sex_slash_age(const struct addr_shared *sh, const char *b, size_t n,
	      size_t i)
{
	char c;

	(void)n;
	if (i < 3 || b[i - 1] != '/')
		return 0;
	c = b[i - 2];
	if (c != 'F' && c != 'M' && c != 'f' && c != 'm')
		return 0;
	if (IS_ALNUM(b[i - 3]))
		return 0;
	return cue_before(&sh->age, b, (i > 66 ? i - 66 : 0), i - 2);
}

/* "Age/Sex: 96/F": the age, a slash, the sex, after "age/sex". */
static int
age_slash_sex(const char *b, size_t n, size_t i, size_t k)
{
	size_t j = i, lo = i > 24 ? i - 24 : 0;
	char c;

	if (k + 1 >= n || b[k] != '/')
		return 0;
	c = b[k + 1];
	if ((c != 'F' && c != 'M' && c != 'f' && c != 'm') ||
	    (k + 2 < n && IS_ALNUM(b[k + 2])))
		return 0;
	while (j > lo && (b[j - 1] == ' ' || b[j - 1] == ':' ||
			  b[j - 1] == '\t'))
		j--;
	return j >= lo + 7 && LOWER(b[j - 7]) == 'a' &&
	       LOWER(b[j - 6]) == 'g' && LOWER(b[j - 5]) == 'e' &&
	       b[j - 4] == '/' && LOWER(b[j - 3]) == 's' &&
	       LOWER(b[j - 2]) == 'e' && LOWER(b[j - 1]) == 'x' &&
	       (j == lo + 7 || !IS_ALPHA(b[j - 8]));
}

/* "she's 99!", "he is 94.": a person's age said in a chat or a
 * transcript, the number ending the clause. */
static int
pronoun_age(const char *b, size_t n, size_t i, size_t k)
{
	static const char *const forms[] = {
		"she's ", "he's ", "she is ", "he is ", "She's ", "He's ",
		"She is ", "He is ", "she\xe2\x80\x99s ", "he\xe2\x80\x99s ",
		NULL
	};
	size_t j;

	if (k < n && b[k] != '.' && b[k] != '!' && b[k] != ',' &&
	    b[k] != '?' && b[k] != ';' && b[k] != ')' && b[k] != '\n' &&
	    b[k] != '\r')
		return 0;
	if (k + 1 < n && b[k] == '.' && IS_DIGIT(b[k + 1]))
		return 0;
	for (j = 0; forms[j] != NULL; j++) {
		size_t l = strlen(forms[j]);

		if (i >= l && memcmp(b + i - l, forms[j], l) == 0 &&
		    (i == l || !IS_ALPHA(b[i - l - 1])))
			return 1;
	}
	return 0;
}

static int
addr_age(const struct addr_shared *sh, const struct phi_window *w,
	 struct phi_cands *out, size_t i, size_t k, struct ck_error *err)
{
	const char *b = w->buf;
	long v = 0;
	size_t j;

	if (k - i < 2 || k - i > 3)
		return 0;
	for (j = i; j < k; j++)
		v = v * 10 + (b[j] - '0');
	/* Safe Harbor: ages over 89; beyond 125 is not an age. */
	if (v < 90 || v > 125)
		return 0;
	if (k < w->len && b[k] == '.' && k + 1 < w->len && IS_DIGIT(b[k + 1]))
		return 0;
	if (!age_after(b, w->len, k) &&
	    !cue_before(&sh->age, b, (i > 64 ? i - 64 : 0), i) &&
	    !sex_slash_age(sh, b, w->len, i) &&
	    !age_slash_sex(b, w->len, i, k) && !pronoun_age(b, w->len, i, k))
		return 0;
	if (push(out, w, i, k, PHI_AGE, PHI_CONF_HIGH, 5, PHI_PRIO_CONTEXT,
		 "age.over89", err) < 0)
		return -1;
	return 1;
}

/* "still in St. Cloud. Zip is 14846", "in Tampa, zip 33601": the place
 * after "in" just before the ZIP's label is its city. */
static int
city_before_zip_label(const struct phi_window *w, struct phi_cands *out,
		      size_t i, struct ck_error *err)
{
	const char *b = w->buf;
	size_t k = i, lo = line_floor(b, i, 96), cs, ce;

	while (k > lo && i - k < 20 && (IS_ALPHA(b[k - 1]) ||
					 b[k - 1] == ' ' || b[k - 1] == ':' ||
					 b[k - 1] == '#' || b[k - 1] == '='))
		k--;
	if (k < lo + 6 || (b[k - 1] != '.' && b[k - 1] != ',') || b[k] != ' ')
		return 0;
	ce = k - 1;
	cs = city_before(b, lo, ce);
	if (cs >= ce || is_state_name(b, cs, ce) || cs < lo + 4 ||
	    memcmp(b + cs - 4, " in ", 4) != 0)
		return 0;
	return push(out, w, cs, ce, PHI_ADDRESS, PHI_CONF_MEDIUM, 3,
		    PHI_PRIO_CONTEXT, "address.city", err);
}

static int
at_digit(const struct addr_shared *sh, const struct phi_window *w,
	 struct phi_cands *out, size_t i, size_t *next, struct ck_error *err)
{
	const char *b = w->buf;
	size_t n = w->len, k = i, e;
	int r;

	while (k < n && IS_DIGIT(b[k]))
		k++;
	*next = k;
	/* House numbers, ZIPs and ages stand alone: not "A12", "1.5",
	 * "555-1234". */
	if (i > 0 && b[i - 1] == '/' && sex_slash_age(sh, b, n, i))
		return addr_age(sh, w, out, i, k, err);
	if (i > 0 && (IS_ALNUM(b[i - 1]) || b[i - 1] == '_' ||
		      b[i - 1] == '.' || b[i - 1] == '/' ||
		      (b[i - 1] == '-' && i > 1 && IS_DIGIT(b[i - 2]))))
		return 0;
	if ((r = addr_age(sh, w, out, i, k, err)) != 0)
		return r;
	e = zip_shape(b, n, i);
	if (e > i) {
		if ((r = zip_after_state(sh, w, out, i, e, err)) != 0) {
			*next = e;
			return r;
		}
		if (cue_before(&sh->zip, b, (i > 64 ? i - 64 : 0), i)) {
			*next = e;
			return push(out, w, i, e, PHI_ZIP, PHI_CONF_HIGH, 3,
				    PHI_PRIO_CONTEXT, "zip.label", err) < 0 ||
			       city_before_zip_label(w, out, i, err) < 0 ?
			       -1 : 1;
		}
	}
	e = street_line(b, n, i);
	if (e > i) {
		*next = e;
		if (org_above(sh, b, i, 0))
			return 1;
		if (push(out, w, i, e, PHI_ADDRESS, PHI_CONF_HIGH, 5,
			 PHI_PRIO_PATTERN, "address.street", err) < 0)
			return -1;
		*next = city_after_street(w, out, e, &r, err);
		return r < 0 ? -1 : 1;
	}
	return 0;
}

/* ", TX" / ", Texas" not followed by a ZIP: the city before the comma. */
static int
at_comma(const struct phi_window *w, struct phi_cands *out, size_t i,
	 struct ck_error *err)
{
	const char *b = w->buf;
	size_t n = w->len, k = i + 1, j;

	/* ", TX": a space after the comma ("EMBED,ID=1" is no city). */
	if (k >= n || b[k] != ' ')
		return 0;
	k++;
	if (k + 2 > n || !IS_UPPER(b[k]))
		return 0;
	if (is_state_code(b + k, 2, 0)) {
		k += 2;
	} else {
		for (j = 0; state_names[j] != NULL; j++) {
			size_t l;

			if (state_names[j][0] != b[k] ||
			    state_names[j][1] != b[k + 1])
				continue;
			l = strlen(state_names[j]);
			if (n - k >= l && memcmp(b + k, state_names[j], l) == 0)
				break;
		}
		if (state_names[j] == NULL)
			return 0;
		k += strlen(state_names[j]);
	}
	if (k < n && (IS_ALNUM(b[k]) || IS_HIGH(b[k]) || b[k] == '=' ||
		      b[k] == '_' || b[k] == ':' || b[k] == ']' ||
		      b[k] == '\'' || b[k] == '"'))
		return 0;
	/* A ZIP after it is handled (with higher confidence) from the
	 * digits. */
	for (j = 0; k < n && (b[k] == ' ' || b[k] == '\t') && j < 3; j++)
		k++;
	if (k < n && IS_DIGIT(b[k]))
		return 0;
	return emit_city(w, out, i, PHI_CONF_MEDIUM, err);
}

/* "lives in Tampa", "moved to San Luis Obispo": the city after a cue. */
static int
at_capital(const struct addr_shared *sh, const struct phi_window *w,
	   struct phi_cands *out, size_t i, size_t *next,
	   struct ck_error *err)
{
	const char *b = w->buf;
	size_t n = w->len, e = i, words = 0, j;

	*next = i + 1;
	if (i < 3 || b[i - 1] != ' ' || !IS_ALPHA(b[i - 2]))
		return 0;
	if (!cue_before(&sh->city, b, (i > 64 ? i - 64 : 0), i))
		return 0;
	while (words < 3) {
		size_t we = cap_word(b, n, e);

		if (we == e)
			break;
		for (j = 0; state_names[j] != NULL; j++)
			if (strlen(state_names[j]) == we - e &&
			    memcmp(state_names[j], b + e, we - e) == 0)
				return 0;
		e = we;
		words++;
		if (e + 1 < n && b[e] == ' ' && IS_UPPER(b[e + 1]))
			e++;
		else
			break;
	}
	while (e > i && b[e - 1] == ' ')
		e--;
	if (e == i)
		return 0;
	*next = e;
	return push(out, w, i, e, PHI_ADDRESS, PHI_CONF_MEDIUM, 3,
		    PHI_PRIO_CONTEXT, "address.city", err) < 0 ? -1 : 1;
}

/* Offset of the next digit, capital letter or comma in b[i..n), or n;
 * eight bytes at a time with the "hasbetween" / "haszero" bit tricks. */
static size_t
next_interesting(const char *b, size_t i, size_t n)
{
	const uint64_t ones = 0x0101010101010101ull;
	const uint64_t high = 0x8080808080808080ull;

	while (i + 8 <= n) {
		uint64_t x, lo, d, u, c;

		memcpy(&x, b + i, 8);
		lo = x & (ones * 127);
		d = (ones * (127 + ('9' + 1)) - lo) & ~x &
		    (lo + ones * (127 - ('0' - 1)));
		u = (ones * (127 + ('Z' + 1)) - lo) & ~x &
		    (lo + ones * (127 - ('A' - 1)));
		c = x ^ (ones * ',');
		c = (c - ones) & ~c;
		if (((d | u | c) & high) != 0)
			break;
		i += 8;
	}
	while (i < n && !IS_DIGIT(b[i]) && !IS_UPPER(b[i]) && b[i] != ',')
		i++;
	return i;
}

static void *
addr_init(const struct phi_engine *e, struct ck_error *err)
{
	struct addr_shared *sh = calloc(1, sizeof(*sh));

	if (sh == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	if (cues_load(&sh->city, e ? phi_engine_section(e, "address") : NULL,
		      "city_cues", "address", err) < 0 ||
	    cues_load(&sh->zip, e ? phi_engine_section(e, "address") : NULL,
		      "zip_labels", "address", err) < 0 ||
	    cues_load(&sh->age, e ? phi_engine_section(e, "ages") : NULL,
		      "before", "ages", err) < 0 ||
	    cues_load(&sh->org, e ? phi_engine_section(e, "address") : NULL,
		      "org_lines", "address", err) < 0) {
		cues_free(&sh->org);
		cues_free(&sh->city);
		cues_free(&sh->zip);
		cues_free(&sh->age);
		free(sh);
		return NULL;
	}
	return sh;
}

static void
addr_fini(void *p)
{
	struct addr_shared *sh = p;

	if (sh == NULL)
		return;
	cues_free(&sh->city);
	cues_free(&sh->zip);
	cues_free(&sh->age);
	cues_free(&sh->org);
	free(sh);
}

/* Stateless across windows: the shared settings serve as the state. */
static void *
addr_state_new(void *shared)
{
	return shared;
}

static void
addr_state_free(void *state)
{
	(void)state;
}

static void
addr_begin(void *state, const char *path)
{
	(void)state;
	(void)path;
}

static int
addr_scan(void *state, const struct phi_window *w, struct phi_cands *out,
	  struct ck_error *err)
{
	const struct addr_shared *sh = state;
	const char *b = w->buf;
	size_t n = w->len, i = 0, next, e;

	while ((i = next_interesting(b, i, n)) < n) {
		int r = 0;

		next = i + 1;
		if (IS_DIGIT(b[i])) {
			r = at_digit(sh, w, out, i, &next, err);
		} else if (b[i] == ',') {
			r = at_comma(w, out, i, err);
		} else if (i == 0 || !(IS_ALPHA(b[i - 1]) ||
				       IS_HIGH(b[i - 1]))) {
			if (i + 1 < n && ((b[i] == 'P' && (b[i + 1] == 'O' ||
			    b[i + 1] == '.' || b[i + 1] == ' ' ||
			    b[i + 1] == 'o')) || (b[i] == 'R' &&
			    (b[i + 1] == 'R' || b[i + 1] == '.' ||
			     b[i + 1] == 'u' || b[i + 1] == 'U' ||
			     b[i + 1] == 't')) || (b[i] == 'H' &&
			    b[i + 1] == 'C')) && (e = po_box(b, n, i)) > i) {
				next = e;
				r = org_above(sh, b, i, 0) ? 1 :
				    push(out, w, i, e, PHI_ADDRESS,
					 PHI_CONF_HIGH, 5, PHI_PRIO_PATTERN,
					 "address.pobox", err);
				if (r == 0) {
					next = city_after_street(w, out, e,
								 &r, err);
					r = r < 0 ? -1 : 0;
				} else if (r == 1) {
					r = 0;
				}
			} else {
				r = at_capital(sh, w, out, i, &next, err);
			}
			if (next == i + 1)
				next = word_end(b, n, i + 1);
		} else {
			next = word_end(b, n, i);
		}
		if (r < 0)
			return -1;
		i = next > i ? next : i + 1;
	}
	return 0;
}

const struct phi_detector phi_detector_address = {
	"address", addr_init, addr_fini, addr_state_new, addr_state_free,
	addr_begin, addr_scan
};
