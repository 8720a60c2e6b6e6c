/* address_place.c -- the address detector's places: the lines around a
 * match, organisations' lines, cities (after a street line, before a
 * state) and ZIP codes after a state. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/phi/phi.h"
#include "common/phi/detect.h"
#include "common/phi/address_priv.h"
#include "common/phi/linestart.h"

int
addr_push(struct phi_cands *out, const struct phi_window *w, size_t s,
	  size_t e, int type, int conf, int weight, int prio, const char *rule,
	  struct ck_error *err)
{
	if (phi_cands_push(out, w->base + s, w->base + e, type, conf, weight,
			   prio, rule) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

size_t
addr_line_floor(const char *b, size_t i, size_t span)
{
	return phi_line_start(b, i, i > span ? i - span : 0);
}

/* b[s..e) is a state's name ("Montana", "New York"): never a city. */
int
addr_is_state_name(const char *b, size_t s, size_t e)
{
	size_t j;

	for (j = 0; addr_state_names[j] != NULL; j++)
		if (strlen(addr_state_names[j]) == e - s &&
		    memcmp(addr_state_names[j], b + s, e - s) == 0)
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
	*pls = addr_line_floor(b, e, 160);
	return *ple > *pls;
}

/* An organisation's mailing address: the line at b[s] opens with the
 * street or PO box, and the line right above it names a department or a
 * company ("Claims Department\nPO Box 1\nCity, ST 00001"); for the city
 * line, two lines up. */
int
addr_org_above(const struct addr_shared *sh, const char *b, size_t s, int city)
{
	size_t ls = addr_line_floor(b, s, 160), pls, ple;

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
int
addr_emit_city(const struct phi_window *w, struct phi_cands *out, size_t ce,
	       int conf, struct ck_error *err)
{
	const char *b = w->buf;
	size_t lo = addr_line_floor(b, ce, 96), cs;

	if (ce == lo || !(IS_ALPHA(b[ce - 1]) || IS_HIGH(b[ce - 1])))
		return 0;
	cs = addr_city_before(b, lo, ce);
	/* "clinics in Montana, Texas and Ohio": a list of states. */
	if (cs >= ce || addr_is_state_name(b, cs, ce))
		return 0;
	return addr_push(out, w, cs, ce, PHI_ADDRESS, conf, 3, PHI_PRIO_CONTEXT,
			 "address.city", err);
}

/* A ZIP at b[i..) (5 digits, optional -4); its end or i. */
size_t
addr_zip_shape(const char *b, size_t n, size_t i)
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
int
addr_zip_after_state(const struct addr_shared *sh, const struct phi_window *w,
		     struct phi_cands *out, size_t i, size_t ze,
		     struct ck_error *err)
{
	const char *b = w->buf;
	size_t k = i, lo = (i > 128 ? i - 128 : 0), ss;

	/* "FL 33601", "FL  33601", "^FL^33601", "FL / 33601", "FL,
	 * 33601". */
	while (k > lo && (b[k - 1] == ' ' || b[k - 1] == '\t' ||
			  b[k - 1] == '^' || b[k - 1] == '/' ||
			  (b[k - 1] == ',' && k < i && b[k] == ' ')) &&
	       i - k < 3)
		k--;
	if (k == i)
		return 0;
	if (k >= lo + 2 && addr_is_state_code(b + k - 2, 2, 1) &&
	    (k == lo + 2 || !IS_ALNUM(b[k - 3])))
		ss = k - 2;
	else if ((ss = addr_state_name_before(b, lo, k)) == SIZE_MAX &&
		 (ss = addr_state_abbreviation_before(b, lo, k)) == SIZE_MAX)
		return 0;
	if (addr_org_above(sh, b, ss, 1))
		return 1;
	if (addr_push(out, w, i, ze, PHI_ZIP, PHI_CONF_HIGH, 3, PHI_PRIO_CONTEXT,
		      "zip.state", err) < 0)
		return -1;
	/* "Tampa, FL", "Tampa FL", "TAMPA^FL", "Tampa / FL". */
	k = ss;
	if (k > lo && (b[k - 1] == ' ' || b[k - 1] == '^'))
		k--;
	if (k > lo && b[k - 1] == '/' && memchr(b + ss, '/', i - ss) != NULL) {
		k--;
		while (k > lo && b[k - 1] == ' ' && ss - k < 4)
			k--;
	} else if (k > lo && b[k - 1] == ',')
		k--;
	else if (k < ss && b[k] == ' ' && k > lo && b[k - 1] == ',')
		k--;
	if (addr_emit_city(w, out, k, PHI_CONF_HIGH, err) < 0)
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

		if (j < n && b[j] == ' ' && (e = addr_cap_word(b, n, j + 1)) >
		    j + 1)
			return e;
	}
	/* "Mt. Airy", "Ft. Myers": an abbreviation and its period. */
	if ((e = addr_cap_word(b, n, k)) > k && e + 2 < n && b[e] == '.' &&
	    b[e + 1] == ' ' &&
	    addr_in_list_ci(addr_place_abbreviations, b + k, e - k) &&
	    (e = addr_cap_word(b, n, e + 2)) > k)
		return e;
	if ((e = addr_cap_word(b, n, k)) > k)
		return addr_in_list_ci(addr_street_suffixes, b + k, e - k) ||
		       addr_in_list_ci(addr_unit_words, b + k, e - k) ||
		       addr_in_list_ci(addr_directionals, b + k, e - k) ? k : e;
	/* "Coeur d'Alene", "L'Anse": an elided article. */
	if (!first && k + 2 < n && IS_LOWER(b[k]) && b[k + 1] == '\'' &&
	    addr_cap_word(b, n, k + 2) > k + 2)
		return addr_word_end(b, n, k);
	return k;
}

/* An aside after a place closes it: " (residence)", " -- call",
 * " \xe2\x80\x94 call" (an em or en dash). */
static int
aside_after(const char *b, size_t n, size_t k)
{
	if (k + 2 >= n || b[k] != ' ')
		return 0;
	k++;
	if (b[k] == '(' && IS_LOWER(b[k + 1]))
		return 1;
	if (k + 3 < n && (unsigned char)b[k] == 0xe2 &&
	    (unsigned char)b[k + 1] == 0x80 &&
	    ((unsigned char)b[k + 2] == 0x94 ||
	     (unsigned char)b[k + 2] == 0x93) && b[k + 3] == ' ')
		return 1;
	return k + 2 < n && b[k] == '-' && (b[k + 1] == ' ' ||
					    (b[k + 1] == '-' && b[k + 2] == ' '));
}

/* The city closing an address line after its street or PO box, without a
 * state: ", Joplin." or ", St. Cloud 43098" and the line's end.  Emits
 * the city (and the ZIP); returns where it ends, or e. */
size_t
addr_city_after_street(const struct phi_window *w, struct phi_cands *out,
		       size_t e, int *r, struct ck_error *err)
{
	const char *b = w->buf;
	size_t n = w->len, k = e, cs, ce, words = 0, z, ze;
	int in = 0;

	*r = 0;
	/* ", Joplin", "\\, Joplin" (iCalendar's escaped comma), and " in
	 * Joplin for now" (then the city may run into its sentence). */
	if (k + 3 < n && b[k] == '\\' && b[k + 1] == ',' && b[k + 2] == ' ')
		k++;
	if (k + 4 < n && memcmp(b + k, " in ", 4) == 0)
		in = 1, k += 2;
	else if (k + 2 >= n || b[k] != ',' || b[k + 1] != ' ')
		return e;
	cs = k = k + 2;
	ce = cs;
	while (words < 3) {
		size_t we = city_word(b, n, k, words == 0);

		/* "Erie PA 16501": the state ends the city. */
		if (we == k || (words > 0 && addr_is_state_code(b + k, we - k,
								 1)))
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
	if (words == 0 || addr_is_state_name(b, cs, ce) ||
	    (in && (!IS_LOWER(b[ce - 1]) ||
		    addr_in_list_ci(addr_not_places, b + cs,
				    addr_word_end(b, n, cs) - cs))))
		return e;
	/* A ZIP after the city, then the line's end. */
	z = ce;
	while (z < n && b[z] == ' ' && z - ce < 3)
		z++;
	ze = z > ce ? addr_zip_shape(b, n, z) : z;
	if (ze > z) {
		size_t t = ze;

		while (t < n && (b[t] == ' ' || b[t] == '\t'))
			t++;
		if (t < n && b[t] != '\n' && b[t] != '\r' && b[t] != '.' &&
		    b[t] != ';')
			return e;
	} else if (ce < n && b[ce] != '.' && b[ce] != ';' && b[ce] != '\n' &&
		   b[ce] != '\r' && b[ce] != ')' && !aside_after(b, n, ce) &&
		   !(in && b[ce] == ' ' && ce + 1 < n && IS_LOWER(b[ce + 1]))) {
		return e;
	} else if (ce + 1 < n && b[ce] == '.' && IS_ALNUM(b[ce + 1])) {
		return e;
	}
	if (addr_push(out, w, cs, ce, PHI_ADDRESS, PHI_CONF_MEDIUM, 3,
		      PHI_PRIO_CONTEXT, "address.city", err) < 0 ||
	    (ze > z && addr_push(out, w, z, ze, PHI_ZIP, PHI_CONF_MEDIUM, 3,
				 PHI_PRIO_CONTEXT, "zip.city", err) < 0)) {
		*r = -1;
		return e;
	}
	*r = 1;
	return ze > z ? ze : ce;
}
