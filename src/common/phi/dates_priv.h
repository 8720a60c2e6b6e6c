/* dates_priv.h -- internal interface of the DATE detector, shared by its
 * files (dates_grammar.c: the date grammar, phi_date_length;
 * dates_context.c: the phrase sets, the line around a date, table headers
 * and the classification of a date as a person's or a system's; dates.c:
 * the detector).  Not for other modules: they use detect.h's
 * phi_date_length. */
#ifndef PHI_DATES_PRIV_H
#define PHI_DATES_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "common/err.h"
#include "common/phi/phi.h"

#define IS_DIGIT(c) ((unsigned)((unsigned char)(c) - '0') < 10u)
#define IS_ALPHA(c) ((unsigned)(((unsigned char)(c) | 0x20) - 'a') < 26u)
#define IS_ALNUM(c) (IS_DIGIT(c) || IS_ALPHA(c))
#define LOWER(c) ((char)(IS_ALPHA(c) ? ((c) | 0x20) : (c)))

/* Phrases from the rule packs, normalised like the text they are looked
 * for in (lowercase words, one space between), in a hash set probed with
 * every run of up to PHRASE_WORDS words of the text. */
#define PHRASE_WORDS 3

struct phrases {
	char **v;		/* open addressing, NULL = empty */
	size_t *len;
	size_t cap;		/* power of two, or 0 */
	size_t n;
};

struct dates_shared {
	struct phrases keep;	/* person events: "birth", "admitted" */
	struct phrases drop;	/* machine events: "released", "build" */
	struct phrases table_drop;	/* reference columns: "effective" */
	struct phrases reference;	/* reference documents: "fee schedule" */
	struct phrases math;	/* arithmetic: "ratio", "quotient" */
};

/* Columns of a table (CSV, TSV) we track from its header line. */
#define TAB_COLS 64

struct dates_state {
	const struct dates_shared *sh;
	/* The current HL7 message's MSH-7: ORC-9, OBR-22 and the like repeat
	 * the message time, which is not the patient's. */
	char msg_time[32];
	size_t msg_time_len;
	/* The document's first line, when it is a table's header with no
	 * column of a person's data: its delimiter and the columns whose
	 * dates are a reference's or a system's ("effective", "updated"). */
	char tab_delim;
	uint64_t tab_machine;
	/* Any table header read from the first line: its delimiter and the
	 * columns whose heading names a person's date ("dob", "admitted"). */
	char tab_any_delim;
	size_t tab_cells;
	uint64_t tab_person_date;
	/* The document is a configuration or a crontab (by its name): its
	 * comments' dates are its maintainers', not a person's care. */
	int config;
};

/* 1 if path names a configuration file or a crontab. */
int dates_config_path(const char *path);

enum { DATE_DROP = 0, DATE_KEEP = 1, DATE_PERSON = 2 };

/* ---- dates_grammar.c ----------------------------------------------------- */

/* 1 if y-m-d is on the calendar; y < 0: a two-digit year. */
int dates_valid_ymd(int y, int m, int d);

/* 1 if y is a year a person's date may have (1880-2099). */
int dates_plausible_year(int y);

/* Digits at s[i..): their count (capped at 15); *val their value. */
size_t dates_digits(const char *s, size_t n, size_t i, long *val);

/* A month name at s[i..): its number 1-12 and *len, or 0. */
int dates_month_word(const char *s, size_t n, size_t i, size_t *len);

/* 1 if nothing date-like is glued after s[e] ("2024-03-12-rc1"). */
int dates_ends_clean(const char *s, size_t n, size_t e);

/* 1 if a, b are "st", "nd", "rd" or "th" after a day number. */
int dates_ordinal_suffix(char a, char b);

/* ---- dates_context.c ----------------------------------------------------- */

/* Normalises s into out: " words single-spaced "; the length. */
size_t dates_normalise(const char *s, size_t n, char *out, size_t cap);

/* Frees the phrase set and leaves it empty. */
void dates_phrases_free(struct phrases *p);

/* Adds the strings of sec[key] to p; 0, or -1 with err. */
int dates_phrases_load(struct phrases *p, const json_t *sec, const char *key,
		       const char *secname, struct ck_error *err);

/* End of the last phrase of p in normalised t, or 0. */
size_t dates_phrases_last(const struct phrases *p, const char *t, size_t tl);

/* Start of b[i]'s line, looking back a bounded span; *cut if further. */
size_t dates_line_start(const char *b, size_t i, int *cut);

/* End of b[i]'s line, looking on a bounded span. */
size_t dates_line_end(const char *b, size_t n, size_t i);

/* The rule id of the date s[0..n): "date.text", ".compact", ... */
const char *dates_rule_of(const char *s, size_t n);

/* Reads a table's header from the first line b[0..le). */
void dates_table_header(struct dates_state *st, const char *b, size_t le);

/* 1 if a keep phrase is in the few words before b[s]. */
int dates_cue_near(const struct dates_shared *sh, const char *b, size_t ls,
		   size_t s);

/* 1 if a keep phrase is in the words before b[s] on its line. */
int dates_keep_before(const struct dates_shared *sh, const char *b, size_t ls,
		      size_t s);

/* DATE_DROP, DATE_KEEP or DATE_PERSON for the date b[s..e). */
int dates_classify(struct dates_state *st, const char *b, size_t n, size_t s,
		   size_t e);

/* Length of a date in code ("date(1961, 3, 4)") from b[s], or 0. */
size_t dates_code_date(const char *b, size_t n, size_t s);

/* A date in code from keyword arguments ("year: 2004, month: 12, day: 6",
 * "year=1961, month=3, day=4") whose first number is at b[s]: its end,
 * and *start, the first keyword; or 0. */
size_t dates_code_kwdate(const char *b, size_t n, size_t s, size_t *start);

#endif
