/* address.c -- ADDRESS (street line, PO box, city), ZIP and AGE (over 89)
 * in prose and code.  This file holds the detector and what each kind of
 * position (a digit, a comma, a capital) starts; see address_priv.h for
 * the others.
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
#include "common/phi/address_priv.h"
#include "common/phi/bytescan.h"

/* "still in St. Cloud. Zip is 14846", "in Tampa, zip 33601": the place
 * after "in" just before the ZIP's label is its city. */
static int
city_before_zip_label(const struct phi_window *w, struct phi_cands *out,
		      size_t i, struct ck_error *err)
{
	const char *b = w->buf;
	size_t k = i, lo = addr_line_floor(b, i, 96), cs, ce;

	while (k > lo && i - k < 20 && (IS_ALPHA(b[k - 1]) ||
					 b[k - 1] == ' ' || b[k - 1] == ':' ||
					 b[k - 1] == '#' || b[k - 1] == '='))
		k--;
	if (k < lo + 6 || (b[k - 1] != '.' && b[k - 1] != ',') || b[k] != ' ')
		return 0;
	ce = k - 1;
	cs = addr_city_before(b, lo, ce);
	if (cs >= ce || addr_is_state_name(b, cs, ce) || cs < lo + 4 ||
	    memcmp(b + cs - 4, " in ", 4) != 0)
		return 0;
	return addr_push(out, w, cs, ce, PHI_ADDRESS, PHI_CONF_MEDIUM, 3,
			 PHI_PRIO_CONTEXT, "address.city", err);
}

/* "new addr is 12 oak st, apt 4 tulsa", "address: po box 9 erie": a
 * street line or a PO box in lower case, as typed in a chat, after an
 * address cue; and the city closing the line.  k: the digits' end. */
static int
lower_street(const struct addr_shared *sh, const struct phi_window *w,
	     struct phi_cands *out, size_t i, size_t k, size_t *next,
	     struct ck_error *err)
{
	const char *b = w->buf;
	size_t n = w->len, s = i, e, ce, lo = addr_line_floor(b, i, 64);

	if (i >= lo + 7 && memcmp(b + i - 7, "po box ", 7) == 0 &&
	    (k >= n || !IS_ALNUM(b[k]))) {
		s = i - 7;
		e = k;
	} else if (k + 1 < n && b[k] == ' ' && IS_LOWER(b[k + 1])) {
		e = addr_street_line_lower(b, n, i);
		if (e == i)
			return 0;
	} else {
		return 0;
	}
	if (!addr_cue_before(&sh->street, b, lo, s))
		return 0;
	*next = e;
	if (addr_push(out, w, s, e, PHI_ADDRESS, PHI_CONF_MEDIUM, 3,
		      PHI_PRIO_CONTEXT, "address.street", err) < 0)
		return -1;
	ce = addr_lower_city_after(b, n, e);
	if (ce > e) {
		*next = ce;
		if (addr_push(out, w, e + 1, ce, PHI_ADDRESS, PHI_CONF_MEDIUM, 3,
			      PHI_PRIO_CONTEXT, "address.city", err) < 0)
			return -1;
	}
	return 1;
}

/* A unit on the line after a street line ("12 Oak St\nApt 4\n"): its
 * own span.  s: where the unit starts; returns its end, or s. */
static size_t
unit_line(const char *b, size_t n, size_t e, size_t *s)
{
	size_t k = e, we, ue;

	if (k < n && b[k] == '\r')
		k++;
	if (k >= n || b[k] != '\n')
		return e;
	k++;
	while (k < n && (b[k] == ' ' || b[k] == '\t') && k - e < 12)
		k++;
	if (k >= n)
		return e;
	*s = k;
	we = b[k] == '#' ? k + 1 : addr_cap_word(b, n, k);
	if (we == k || !addr_in_list_ci(addr_unit_words, b + k, we - k))
		return e;
	ue = we;
	if (ue < n && b[ue] == '.')
		ue++;
	if (ue < n && b[ue] == ' ')
		ue++;
	if (ue < n && b[ue] == '#')
		ue++;
	we = ue;
	while (we < n && (IS_ALNUM(b[we]) || b[we] == '-') && we - ue < 8)
		we++;
	if (we == ue || (!IS_DIGIT(b[we - 1]) && !IS_DIGIT(b[ue])))
		return e;
	if (we < n && b[we] != '\n' && b[we] != '\r')
		return e;
	return we;
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
	if (i > 0 && b[i - 1] == '/' && addr_sex_slash_age(sh, b, n, i))
		return addr_age(sh, w, out, i, k, err);
	if (i > 0 && (IS_ALNUM(b[i - 1]) || b[i - 1] == '_' ||
		      b[i - 1] == '.' || b[i - 1] == '/' ||
		      (b[i - 1] == '-' && i > 1 && IS_DIGIT(b[i - 2]))))
		return 0;
	if ((r = addr_age(sh, w, out, i, k, err)) != 0)
		return r;
	e = addr_zip_shape(b, n, i);
	if (e > i) {
		if ((r = addr_zip_after_state(sh, w, out, i, e, err)) != 0) {
			*next = e;
			return r;
		}
		if (addr_cue_before(&sh->zip, b, (i > 64 ? i - 64 : 0), i)) {
			*next = e;
			return addr_push(out, w, i, e, PHI_ZIP, PHI_CONF_HIGH, 3,
					 PHI_PRIO_CONTEXT, "zip.label", err) < 0 ||
			       city_before_zip_label(w, out, i, err) < 0 ?
			       -1 : 1;
		}
	}
	/* ZIP+4 without its dash after a state: "FL 336011234". */
	if (k - i == 9 && (k >= n || !(IS_ALNUM(b[k]) || b[k] == '_' ||
				       b[k] == '.' || b[k] == '-')) &&
	    (r = addr_zip_after_state(sh, w, out, i, k, err)) != 0)
		return r;
	if ((r = lower_street(sh, w, out, i, k, next, err)) != 0)
		return r;
	e = addr_street_line(b, n, i);
	if (e > i) {
		*next = e;
		if (addr_org_above(sh, b, i, 0))
			return 1;
		if (addr_push(out, w, i, e, PHI_ADDRESS, PHI_CONF_HIGH, 5,
			      PHI_PRIO_PATTERN, "address.street", err) < 0)
			return -1;
		{
			size_t us, ue = unit_line(b, n, e, &us);

			if (ue > e) {
				*next = ue;
				return addr_push(out, w, us, ue, PHI_ADDRESS,
						 PHI_CONF_HIGH, 5,
						 PHI_PRIO_PATTERN,
						 "address.street", err) < 0 ?
				       -1 : 1;
			}
		}
		*next = addr_city_after_street(w, out, e, &r, err);
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
	if (addr_is_state_code(b + k, 2, 0)) {
		k += 2;
	} else if ((j = addr_state_abbreviation_at(b, n, k)) > k) {
		/* "Tulsa, Okla." ends a sentence or goes on; not "Vt..."
		 * nor a citation's "Reading, Mass.: Publisher". */
		k = j;
		if (k < n && b[k] != ' ' && b[k] != '\n' && b[k] != '\r' &&
		    b[k] != ',' && b[k] != ')' && b[k] != ';')
			return 0;
		if (k < n)
			k++;
		for (j = 0; k < n && (b[k] == ' ' || b[k] == '\t') && j < 3; j++)
			k++;
		if (k < n && IS_DIGIT(b[k]))
			return 0;
		return addr_emit_city(w, out, i, PHI_CONF_MEDIUM, err);
	} else {
		for (j = 0; addr_state_names[j] != NULL; j++) {
			size_t l;

			if (addr_state_names[j][0] != b[k] ||
			    addr_state_names[j][1] != b[k + 1])
				continue;
			l = strlen(addr_state_names[j]);
			if (n - k >= l && memcmp(b + k, addr_state_names[j], l) == 0)
				break;
		}
		if (addr_state_names[j] == NULL)
			return 0;
		k += strlen(addr_state_names[j]);
	}
	if (k < n && (IS_ALNUM(b[k]) || IS_HIGH(b[k]) || b[k] == '=' ||
		      b[k] == '_' || b[k] == ':' || b[k] == ']' ||
		      b[k] == '\'' || b[k] == '"'))
		return 0;
	/* A ZIP after it ("TX 75201", "TX, 75201") is handled (with higher
	 * confidence) from the digits. */
	if (k + 1 < n && b[k] == ',' && b[k + 1] == ' ')
		k++;
	for (j = 0; k < n && (b[k] == ' ' || b[k] == '\t') && j < 3; j++)
		k++;
	if (k < n && IS_DIGIT(b[k]))
		return 0;
	return addr_emit_city(w, out, i, PHI_CONF_MEDIUM, err);
}

/* "(Jane) of Duluth,", "Betty, a 97 y/o, of Wichita, passed away": a
 * place after "of" right after a parenthesis or a comma (a name's
 * aside), where "of" says where the person lives. */
static int
of_after_aside(const char *b, size_t lo, size_t i)
{
	size_t k, words = 0;

	if (i < lo + 8 || memcmp(b + i - 4, " of ", 4) != 0)
		return 0;
	/* "Reported by Jane Kim (jkim) of Acme": a credit names a firm. */
	for (k = lo; k + 4 <= i; k++)
		if ((b[k] == 'b' || b[k] == 'B') && b[k + 1] == 'y' &&
		    b[k + 2] == ' ' && (k == lo || !IS_ALPHA(b[k - 1])))
			return 0;
	k = i - 5;
	if (b[k] == ')') {
		/* "(Dolores) of": a name in the parenthesis. */
		while (k > lo && words < 3) {
			size_t ws = k;

			while (ws > lo && (IS_ALPHA(b[ws - 1]) ||
					   IS_HIGH(b[ws - 1]) ||
					   b[ws - 1] == '-' || b[ws - 1] == '\''))
				ws--;
			if (ws == k || addr_title_word(b, k, ws) != k)
				return 0;
			words++;
			if (ws > lo && b[ws - 1] == '(')
				return 1;
			if (ws == lo || b[ws - 1] != ' ')
				return 0;
			k = ws - 1;
		}
		return 0;
	}
	/* "Betty, a 97 y/o, of", "Kate, 91, of": an age in the aside. */
	if (b[k] != ',')
		return 0;
	for (; k > lo && i - k < 32 && b[k - 1] != ',' && b[k - 1] != '\n';
	     k--)
		if (IS_DIGIT(b[k - 1]))
			return 1;
	return 0;
}

/* The place after such an "of" ends its clause: ",", ".", ";", ")",
 * the line's end or " and " before a capital ("of Fresno and Jane"). */
static int
of_place_ends(const char *b, size_t n, size_t e)
{
	if (e >= n || b[e] == ',' || b[e] == ';' || b[e] == ')' ||
	    b[e] == '\n' || b[e] == '\r')
		return 1;
	if (b[e] == '.')
		return e + 1 >= n || !IS_ALNUM(b[e + 1]);
	return e + 5 < n && memcmp(b + e, " and ", 5) == 0 &&
	       IS_UPPER(b[e + 5]);
}

/* 1 if the word b[s, e) ends a county's name ("Pima County"). */
static int
county_word(const char *b, size_t s, size_t e)
{
	return (e - s == 6 && memcmp(b + s, "County", 6) == 0) ||
	       (e - s == 6 && memcmp(b + s, "Parish", 6) == 0) ||
	       (e - s == 7 && memcmp(b + s, "Borough", 7) == 0);
}

/* "lives in Tampa", "moved to San Luis Obispo", "Birthplace: Manila",
 * "(Jane) of Port St. Lucie,", "county Pima County": the city (or the
 * county) after a cue. */
static int
at_capital(const struct addr_shared *sh, const struct phi_window *w,
	   struct phi_cands *out, size_t i, size_t *next,
	   struct ck_error *err)
{
	const char *b = w->buf;
	size_t n = w->len, e = i, words = 0, j, lo, last = i;
	int of = 0, county = 0;

	*next = i + 1;
	if (i < 3 || b[i - 1] != ' ' || !(IS_ALPHA(b[i - 2]) ||
					 b[i - 2] == ':'))
		return 0;
	lo = addr_line_floor(b, i, 64);
	if (addr_cue_before(&sh->city, b, lo, i))
		;
	else if (b[i - 2] != ':' && of_after_aside(b, lo, i))
		of = 1;
	else if (addr_cue_before(&sh->county, b, lo, i))
		county = 1;
	else
		return 0;
	while (words < 3) {
		size_t we = addr_cap_word(b, n, e);

		/* "Coeur d'Alene": an elided article, after the first word. */
		if (we == e && words > 0 && e + 2 < n && IS_LOWER(b[e]) &&
		    b[e + 1] == '\'' && IS_UPPER(b[e + 2])) {
			e = addr_word_end(b, n, e);
			words++;
			if (e + 1 < n && b[e] == ' ' && IS_UPPER(b[e + 1])) {
				e++;
				continue;
			}
			break;
		}
		if (we == e)
			break;
		for (j = 0; addr_state_names[j] != NULL; j++)
			if (strlen(addr_state_names[j]) == we - e &&
			    memcmp(addr_state_names[j], b + e, we - e) == 0)
				return 0;
		if (of && ((addr_title_word(b, we, e) != we &&
			    !(we < n && b[we] == '.' &&
			      addr_in_list_ci(addr_place_abbreviations, b + e,
					      we - e))) ||
			   (words == 0 &&
			    (addr_in_list_ci(addr_not_places, b + e, we - e) ||
			     addr_in_list_ci(addr_street_suffixes, b + e,
					     we - e)))))
			return 0;
		last = e;
		/* "Port St. Lucie", "Mt. Airy": an abbreviation inside. */
		if (we + 2 < n && b[we] == '.' && b[we + 1] == ' ' &&
		    IS_UPPER(b[we + 2]) && words < 2 &&
		    addr_in_list_ci(addr_place_abbreviations, b + e, we - e)) {
			e = we + 2;
			words++;
			continue;
		}
		e = we;
		words++;
		if (e + 2 < n && b[e] == ' ' && (IS_UPPER(b[e + 1]) ||
						 (IS_LOWER(b[e + 1]) &&
						  b[e + 2] == '\'')))
			e++;
		else
			break;
	}
	while (e > i && b[e - 1] == ' ')
		e--;
	if (e == i || (e > i && b[e - 1] == '.'))
		return 0;
	if (of && (e + 1 < n && b[e] == ' ' && IS_UPPER(b[e + 1])))
		return 0;
	if (of && !of_place_ends(b, n, e))
		return 0;
	if (county && !county_word(b, last, e))
		return 0;
	*next = e;
	return addr_push(out, w, i, e, PHI_ADDRESS, PHI_CONF_MEDIUM, 3,
			 PHI_PRIO_CONTEXT, "address.city", err) < 0 ? -1 : 1;
}

/* Offset of the next digit, capital letter or comma in b[i..n), or n. */
static size_t
next_interesting(const char *b, size_t i, size_t n)
{
	return phi_next_of(b, i, n, PHI_BC_DIGIT | PHI_BC_UPPER | PHI_BC_COMMA);
}

static void *
addr_init(const struct phi_engine *e, struct ck_error *err)
{
	struct addr_shared *sh = calloc(1, sizeof(*sh));

	if (sh == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	if (addr_cues_load(&sh->city, e ? phi_engine_section(e, "address") : NULL,
			   "city_cues", "address", err) < 0 ||
	    addr_cues_load(&sh->zip, e ? phi_engine_section(e, "address") : NULL,
			   "zip_labels", "address", err) < 0 ||
	    addr_cues_load(&sh->age, e ? phi_engine_section(e, "ages") : NULL,
			   "before", "ages", err) < 0 ||
	    addr_cues_load(&sh->age_word, e ? phi_engine_section(e, "ages") : NULL,
			   "descriptors", "ages", err) < 0 ||
	    addr_cues_load(&sh->age_clause, e ? phi_engine_section(e, "ages") : NULL,
			   "clause_cues", "ages", err) < 0 ||
	    addr_cues_load(&sh->org, e ? phi_engine_section(e, "address") : NULL,
			   "org_lines", "address", err) < 0 ||
	    addr_cues_load(&sh->county, e ? phi_engine_section(e, "address") : NULL,
			   "county_cues", "address", err) < 0 ||
	    addr_cues_load(&sh->street, e ? phi_engine_section(e, "address") : NULL,
			   "street_cues", "address", err) < 0) {
		addr_cues_free(&sh->org);
		addr_cues_free(&sh->county);
		addr_cues_free(&sh->street);
		addr_cues_free(&sh->city);
		addr_cues_free(&sh->zip);
		addr_cues_free(&sh->age);
		addr_cues_free(&sh->age_word);
		addr_cues_free(&sh->age_clause);
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
	addr_cues_free(&sh->city);
	addr_cues_free(&sh->zip);
	addr_cues_free(&sh->age);
	addr_cues_free(&sh->age_word);
	addr_cues_free(&sh->age_clause);
	addr_cues_free(&sh->org);
	addr_cues_free(&sh->county);
	addr_cues_free(&sh->street);
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
			    b[i + 1] == 'C')) && (e = addr_po_box(b, n, i)) > i) {
				next = e;
				r = addr_org_above(sh, b, i, 0) ? 1 :
				    addr_push(out, w, i, e, PHI_ADDRESS,
					      PHI_CONF_HIGH, 5, PHI_PRIO_PATTERN,
					      "address.pobox", err);
				if (r == 0) {
					next = addr_city_after_street(w, out, e,
								      &r, err);
					r = r < 0 ? -1 : 0;
				} else if (r == 1) {
					r = 0;
				}
			} else {
				r = at_capital(sh, w, out, i, &next, err);
			}
			if (next == i + 1)
				next = addr_word_end(b, n, i + 1);
		} else {
			next = addr_word_end(b, n, i);
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
