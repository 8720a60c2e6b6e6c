/* address_street.c -- the address detector's street lines: words,
 * ordinals, a street line ("1200 N. Main St., Apt 4"), a PO box, and the
 * city before a state. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/phi/phi.h"
#include "common/phi/detect.h"
#include "common/phi/address_priv.h"

/* ---- words ------------------------------------------------------------- */

/* A word of letters (any script: bytes >= 0x80 count), apostrophes and
 * inner hyphens at b[i..); returns its end. */
size_t
addr_word_end(const char *b, size_t n, size_t i)
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
size_t
addr_cap_word(const char *b, size_t n, size_t i)
{
	if (i >= n)
		return i;
	if (IS_UPPER(b[i]))
		return addr_word_end(b, n, i + 1);
	if ((unsigned char)b[i] == 0xc3 && i + 1 < n &&
	    (unsigned char)b[i + 1] >= 0x80 && (unsigned char)b[i + 1] <= 0x9e)
		return addr_word_end(b, n, i + 2);
	return i;
}

/* A word in title case ending at b[e] and starting at b[s]: a capital
 * (ASCII or Latin-1), then at least one letter, lower case but after a
 * hyphen or an apostrophe ("Winston-Salem", "O'Fallon").  Returns e if
 * it is one, else s. */
size_t
addr_title_word(const char *b, size_t e, size_t s)
{
	size_t k = s, lower = 0;

	if (IS_UPPER(b[k]))
		k++;
	else if ((unsigned char)b[k] == 0xc3 && k + 1 < e &&
		 (unsigned char)b[k + 1] >= 0x80 &&
		 (unsigned char)b[k + 1] <= 0x9e)
		k += 2;
	else
		return s;
	for (; k < e; k++) {
		if (IS_LOWER(b[k]) || IS_HIGH(b[k])) {
			lower++;
		} else if ((b[k] == '-' || b[k] == '\'') && k + 1 < e &&
			   IS_ALPHA(b[k + 1])) {
			k++;
		} else {
			return s;
		}
	}
	return lower >= 1 ? e : s;
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
static size_t street_line(const char *b, size_t n, size_t i, int lower);

size_t
addr_street_line(const char *b, size_t n, size_t i)
{
	return street_line(b, n, i, 0);
}

/* A lower-case word ("martin", "hwy") at b[i..); its end or i. */
static size_t
lower_word(const char *b, size_t n, size_t i)
{
	size_t e = i;

	while (e < n && (IS_LOWER(b[e]) || ((unsigned char)b[e] == 0xc3 &&
					    e + 1 < n &&
					    (unsigned char)b[e + 1] >= 0xa0)))
		e += IS_LOWER(b[e]) ? 1 : 2;
	return e < n && (IS_ALNUM(b[e]) || IS_HIGH(b[e])) ? i : e;
}

size_t
addr_lower_city_after(const char *b, size_t n, size_t e)
{
	size_t k = e, words = 0, we;

	if (k + 1 >= n || b[k] != ' ')
		return e;
	k++;
	while (words < 3 && (we = lower_word(b, n, k)) > k) {
		if (addr_in_list_ci(addr_not_places, b + k, we - k))
			return e;
		words++;
		k = we;
		if (k + 1 < n && b[k] == ' ' && IS_LOWER(b[k + 1]))
			k++;
		else
			break;
	}
	if (words == 0 || b[k - 1] == ' ')
		return e;
	if (k < n && b[k] == '.')
		k++;
	if (k < n && b[k] != '\n' && b[k] != '\r')
		return e;
	return b[k - 1] == '.' ? k - 1 : k;
}

size_t
addr_street_line_lower(const char *b, size_t n, size_t i)
{
	return street_line(b, n, i, 1);
}

/* lower: the words are in lower case ("12 oak st, apt 4"), as typed in
 * a chat; the first run of suffixes ends the street. */
static size_t
street_line(const char *b, size_t n, size_t i, int lower)
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
		size_t we = lower ? lower_word(b, n, pos) :
				    addr_cap_word(b, n, pos);

		if (we == pos)
			we = ordinal(b, n, pos);
		if (we == pos && nw > 0 && IS_LOWER(b[pos])) {
			size_t pe = addr_word_end(b, n, pos);

			if (addr_in_list_ci(street_particles, b + pos, pe - pos) &&
			    pe < n && b[pe] == ' ' && addr_cap_word(b, n, pe + 1) >
			    pe + 1) {
				pos = pe + 1;
				continue;
			}
		}
		if (we == pos)
			break;
		suffix[nw] = addr_in_list_ci(addr_street_suffixes, b + pos, we - pos);
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
	/* The last suffix after at least one name word ends the street;
	 * in lower case, the first run of them ("willow bend blvd"). */
	if (lower) {
		for (j = 1; j < nw && !suffix[j]; j++)
			;
		if (j >= nw)
			return i;
		while (j + 1 < nw && suffix[j + 1])
			j++;
	} else {
		for (j = nw - 1; j >= 1; j--)
			if (suffix[j])
				break;
		if (j < 1)
			return i;
	}
	end = ends[j];
	{
		size_t ws = end;

		while (ws > i && (IS_ALPHA(b[ws - 1]) || IS_HIGH(b[ws - 1])))
			ws--;
		if (end < n && b[end] == '.' &&
		    addr_in_list_ci(abbreviations, b + ws, end - ws))
			end++;
	}
	/* Post-directional: "100 Main St NW". */
	if (end + 2 < n && b[end] == ' ' && IS_UPPER(b[end + 1])) {
		size_t we = addr_word_end(b, n, end + 1);

		if (we - end - 1 <= 2 &&
		    addr_in_list_ci(addr_directionals, b + end + 1, we - end - 1) &&
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
			else if (IS_UPPER(b[k]) || (lower && IS_LOWER(b[k])))
				we = addr_word_end(b, n, k);
			if (we > k && addr_in_list_ci(addr_unit_words, b + k, we - k)) {
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
size_t
addr_po_box(const char *b, size_t n, size_t i)
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
size_t
addr_city_before(const char *b, size_t lo, size_t e)
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
		if (addr_in_list_ci(addr_street_suffixes, b + ws, s - ws) ||
		    addr_in_list_ci(addr_unit_words, b + ws, s - ws))
			break;
		s = ws;
		words++;
		/* "St. Louis", "Port St. Lucie", "Mt. Airy". */
		if (s >= lo + 4 && b[s - 1] == ' ' && b[s - 2] == '.') {
			size_t as = s - 2;

			while (as > lo && IS_ALPHA(b[as - 1]) && s - as < 6)
				as--;
			if (as < s - 2 && IS_UPPER(b[as]) &&
			    (as == lo || !IS_ALNUM(b[as - 1])) &&
			    addr_in_list_ci(addr_place_abbreviations, b + as,
					    s - 2 - as)) {
				s = as;
				if (s > lo + 1 && b[s - 1] == ' ' &&
				    (IS_ALPHA(b[s - 2]) || IS_HIGH(b[s - 2])) &&
				    words < 3) {
					s--;
					continue;
				}
				break;
			}
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
