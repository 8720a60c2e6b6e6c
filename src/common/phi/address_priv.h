/* address_priv.h -- internal interface of the ADDRESS, ZIP and AGE
 * detector, shared by its files (address_lists.c: closed lists and the
 * cue phrases of the settings; address_street.c: words, street lines, PO
 * boxes; address_place.c: cities, states and ZIPs; address_age.c: ages
 * over 89; address.c: the detector).  Not for other modules. */
#ifndef PHI_ADDRESS_PRIV_H
#define PHI_ADDRESS_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "common/err.h"
#include "common/phi/phi.h"

#define IS_DIGIT(c) ((unsigned)((unsigned char)(c) - '0') < 10u)
#define IS_ALPHA(c) ((unsigned)(((unsigned char)(c) | 0x20) - 'a') < 26u)
#define IS_UPPER(c) ((unsigned)((unsigned char)(c) - 'A') < 26u)
#define IS_LOWER(c) ((unsigned)((unsigned char)(c) - 'a') < 26u)
#define IS_ALNUM(c) (IS_DIGIT(c) || IS_ALPHA(c))
#define IS_HIGH(c) ((unsigned char)(c) >= 0x80)
#define LOWER(c) ((char)(IS_UPPER(c) ? ((c) | 0x20) : (c)))

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
	struct cues age_word;	/* "nonagenarian" (, 91) */
	struct cues age_clause;	/* "still living at" (93;) */
	struct cues org;	/* "department", "inc" */
	struct cues county;	/* "county" (Pima County) */
	struct cues street;	/* "new address is" (12 oak st) */
};

/* ---- address_lists.c ----------------------------------------------------- */

/* USPS Publication 28 street suffixes, lowercase; NULL-ended. */
extern const char *const addr_street_suffixes[];

/* Directionals ("n", "northeast"), lowercase; NULL-ended. */
extern const char *const addr_directionals[];

/* Secondary unit words ("apt", "suite", "#"); NULL-ended. */
extern const char *const addr_unit_words[];

/* Capitalised words after "in" that are no place: months, days, rooms
 * ("in March", "in Room 4"); NULL-ended. */
extern const char *const addr_not_places[];

/* Abbreviations inside a place's name, before a period ("Port St.
 * Lucie", "Mt. Airy"); NULL-ended. */
extern const char *const addr_place_abbreviations[];

/* The states' (DC's, Puerto Rico's) names; NULL-ended. */
extern const char *const addr_state_names[];

/* Newspaper style abbreviations of the states ("Okla."); NULL-ended. */
extern const char *const addr_state_abbreviations[];

/* End of such an abbreviation at b[k], or k. */
size_t addr_state_abbreviation_at(const char *b, size_t n, size_t k);

/* Start of such an abbreviation ending at b[e], or SIZE_MAX. */
size_t addr_state_abbreviation_before(const char *b, size_t lo, size_t e);

/* 1 if w is in list (NULL-ended), ignoring ASCII case. */
int addr_in_list_ci(const char *const *list, const char *w, size_t n);

/* 1 if w is a state's code; unless strong, not a weak one. */
int addr_is_state_code(const char *w, size_t n, int strong);

/* Start of a state name ending just before b[e], or SIZE_MAX. */
size_t addr_state_name_before(const char *b, size_t lo, size_t e);

/* Frees the cue phrases. */
void addr_cues_free(struct cues *c);

/* Adds the strings of sec[key] to c; 0, or -1 with err. */
int addr_cues_load(struct cues *c, const json_t *sec, const char *key,
		   const char *secname, struct ck_error *err);

/* 1 if the text ending at b[e] on its line ends with a cue. */
int addr_cue_before(const struct cues *c, const char *b, size_t lo, size_t e);

/* ---- address_street.c ---------------------------------------------------- */

/* End of a word of letters, apostrophes and inner hyphens at b[i]. */
size_t addr_word_end(const char *b, size_t n, size_t i);

/* End of a capitalised word (Title or UPPER) at b[i], or i. */
size_t addr_cap_word(const char *b, size_t n, size_t i);

/* e if b[s, e) is a word in title case ("Tulsa", "Winston-Salem"),
 * else s. */
size_t addr_title_word(const char *b, size_t e, size_t s);

/* End of a street line whose house number is at b[i], or i. */
size_t addr_street_line(const char *b, size_t n, size_t i);

/* The same in lower case ("12 oak st, apt 4"); its end, or i. */
size_t addr_street_line_lower(const char *b, size_t n, size_t i);

/* A lower-case city closing the line after a street ending at b[e]
 * (" cedar rapids\n"); its end, or e. */
size_t addr_lower_city_after(const char *b, size_t n, size_t e);

/* End of a PO box ("PO Box 77", "RR 5 Box 74") at b[i], or i. */
size_t addr_po_box(const char *b, size_t n, size_t i);

/* Start of the city ending at b[e] (back to a comma), or e. */
size_t addr_city_before(const char *b, size_t lo, size_t e);

/* ---- address_place.c ----------------------------------------------------- */

/* Pushes the candidate b[s, e); 0, or -1 with err out of memory. */
int addr_push(struct phi_cands *out, const struct phi_window *w, size_t s,
	      size_t e, int type, int conf, int weight, int prio,
	      const char *rule, struct ck_error *err);

/* Start of b[i]'s line, looking back at most span bytes. */
size_t addr_line_floor(const char *b, size_t i, size_t span);

/* 1 if b[s..e) is a state's name: never a city. */
int addr_is_state_name(const char *b, size_t s, size_t e);

/* 1 if the line above b[s]'s line names an organisation. */
int addr_org_above(const struct addr_shared *sh, const char *b, size_t s,
		   int city);

/* Pushes the city ending at b[ce] before a state; 0 or -1. */
int addr_emit_city(const struct phi_window *w, struct phi_cands *out,
		   size_t ce, int conf, struct ck_error *err);

/* End of a ZIP (5 digits, optional -4) at b[i], or i. */
size_t addr_zip_shape(const char *b, size_t n, size_t i);

/* The ZIP at b[i] after a state, and the city; 1 if one. */
int addr_zip_after_state(const struct addr_shared *sh,
			 const struct phi_window *w, struct phi_cands *out,
			 size_t i, size_t ze, struct ck_error *err);

/* The city closing a line after its street: its end, or e. */
size_t addr_city_after_street(const struct phi_window *w,
			      struct phi_cands *out, size_t e, int *r,
			      struct ck_error *err);

/* ---- address_age.c ------------------------------------------------------- */

/* "Sex/Age: F/96": 1 if a sex and a slash after an age cue precede b[i]. */
int addr_sex_slash_age(const struct addr_shared *sh, const char *b, size_t n,
		       size_t i);

/* The number b[i, k) as an age over 89 with its context: 1, 0 or -1. */
int addr_age(const struct addr_shared *sh, const struct phi_window *w,
	     struct phi_cands *out, size_t i, size_t k, struct ck_error *err);

#endif
