/* detect.h -- helpers the detector modules share with each other. */
#ifndef PHISCAN_DETECT_H
#define PHISCAN_DETECT_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "common/err.h"

/* rules.c: calls fn(ctx, string, err) for each string of sec[key], where
 * sec is a rule-pack section: a mapping of lists of strings (a lone string
 * counts as a list of one), or a list of such mappings (packs concatenate).
 * A missing section or key is empty.  Errors name "secname.key".  0, or -1
 * with err (fn's own failure, or a section of the wrong shape). */
typedef int (*phi_string_fn)(void *ctx, const char *s, struct ck_error *err);
int phi_section_strings(const json_t *sec, const char *key,
			const char *secname, phi_string_fn fn, void *ctx,
			struct ck_error *err);

/* dates_grammar.c: if a date in any supported format starts at s[0] (and
 * is not glued to a preceding/following digit), returns its length,
 * else 0.
 * Formats: 03/04/1961 3/4/61 1961-03-04 2024-03-12T08:30:00-05:00
 * 20240312083000 19610304 March 4, 1961  4 Mar 1961  04-MAR-1961 ... */
size_t phi_date_length(const char *s, size_t n);

/* names_words.c: 1 if the word (any case) is in the first-name / surname
 * lists loaded from datadir/names.  The lists are loaded once by the
 * names detector's init; before that these return 0. */
struct phi_names;
const struct phi_names *phi_names_get(void);
int phi_names_is_first(const struct phi_names *nl, const char *w, size_t n);
int phi_names_is_last(const struct phi_names *nl, const char *w, size_t n);

/* fields_keymap.c: the PHI type a field / column / key name stands for
 * ("first_name", "dateOfBirth", "MRN", "member-id"), or -1.  Comparison
 * ignores case, '_', '-', ' ' and '.'. */
struct phi_keymap;
int phi_keymap_lookup(const struct phi_keymap *km, const char *key, size_t n);

#endif
