/* rules.h -- rule packs: loading, merging and compiling the YAML packs
 * (schema in rules.c and share/complykit/rules/README).  Internal to the
 * engine; the front end sees rules through phi_engine_rules(). */
#ifndef PHISCAN_RULES_H
#define PHISCAN_RULES_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <jansson.h>

#include "common/err.h"
#include "common/phi/phi.h"
#include "common/phi/validate.h"

/* A list of words, compared without regard to ASCII case. */
struct phi_words {
	char **v;
	size_t *len;
	size_t n;
	/* Words chained by first byte (both cases): head[c] is 1 + the
	 * first word starting with c, next[k] 1 + the following one; 0
	 * ends a chain.  A position costs one lookup unless a word may
	 * start there. */
	unsigned short head[256];
	unsigned short *next;
};

/* Compiled allowlist: a value matching any regex in full is never
 * reported. */
struct phi_allow {
	pcre2_code **re;
	char **src;
	size_t n;
	/* The capture-free regexes as one alternation: one call per value
	 * instead of one per regex.  Built by phi_allow_seal(). */
	pcre2_code *all;
	unsigned char *in_all;
};

/* The separator a rule's `list: true` means: a comma or semicolon
 * (perhaps then "and"/"or"), a slash or ampersand, or "and"/"or" alone.
 * A listed value needs PHI_LIST_DIGITS digits ("MRN 4471823, A1C 7.2"
 * lists nothing). */
#define PHI_LIST_SEP "[ \\t]{0,3}(?:[,;][ \\t]{0,3}(?:(?:and|or)[ \\t]{1,3})?" \
	"|[/&][ \\t]{0,3}|(?:and|or)[ \\t]{1,3})"
#define PHI_LIST_DIGITS 4
#define PHI_LIST_MAX 16

/* The bytes that join the digits of a numeric run ("digits:"), in the
 * order of the bits of phi_rule.joins. */
#define PHI_JOINS " -.()/+"
#define PHI_JOINS_ALL 0x7fu

struct phi_rule {
	char *id;
	char *description;
	char *pattern;
	char *prefilter;		/* cheaper regex every match contains,
					 * NULL: the pattern itself */
	char *validator_name;		/* NULL: none */
	phi_validator_fn validator;
	int type;
	int weight;
	int conf;
	int prio;			/* enum phi_prio */
	int enabled;
	unsigned window;		/* context window, bytes */
	unsigned width;			/* declared max match width, 0: auto */
	unsigned reach_before;		/* with a prefilter: how far a match
					 * may start before the prefilter's end
					 * (width: [before, after]) */
	unsigned digits;		/* >0: every match has this many digits
					 * within one numeric run */
	unsigned joins;			/* with digits: bit k set if
					 * PHI_JOINS[k] may stand between two
					 * of a match's digits */
	struct phi_words require, raise, lower, deny, fax;
	struct phi_allow allow;
	pcre2_code *re;
	int jit;			/* re was JIT-compiled */
	/* list: values that follow a match in a list ("serial A, B and C"):
	 * the separator regex, NULL for none, and the anchored regex of
	 * separator + the pattern's own (?<v>...), tried at a match's end
	 * and after each value it finds (at most PHI_LIST_MAX). */
	char *list;
	pcre2_code *list_re;
	int list_group;			/* capture number of v in list_re */
	int value_group;		/* capture number of (?<v>...), 0: whole */
	unsigned lookbehind;		/* PCRE2_INFO_MAXLOOKBEHIND */
	json_t *spec;			/* the merged definition, for patches */
	char *file;			/* where it was defined, for messages */
	unsigned long line;
};

struct phi_ruleset {
	struct phi_rule *v;		/* in definition order; disabled ones
					 * kept so a later pack can patch */
	size_t n, cap;
	struct phi_allow allow;		/* top-level allow, all packs */
	json_t *sections;		/* merged detector sections */
	int score_high, score_medium;
	double test_factor;
	struct phi_words test_words;	/* path components */
	struct phi_words test_text;	/* phrases in the text */
};

void phi_ruleset_init(struct phi_ruleset *rs);
void phi_ruleset_release(struct phi_ruleset *rs);

/* Loads datadir/rules/ *.yaml in name order (unless no_default_rules),
 * then the rule files in order.  0, or -1 with "file:line: message". */
int phi_ruleset_load(struct phi_ruleset *rs, const struct phi_engine_opts *o,
		     struct ck_error *err);
/* One pack, merged over what is loaded. */
int phi_ruleset_load_file(struct phi_ruleset *rs, const char *path,
			  struct ck_error *err);
int phi_ruleset_load_buf(struct phi_ruleset *rs, const char *buf, size_t len,
			 const char *name, struct ck_error *err);
/* Recomputes scoring and other derived settings after the last pack. */
int phi_ruleset_finish(struct phi_ruleset *rs, struct ck_error *err);

/* Word lists: add a copy (0, -1 on ENOMEM), free all. */
int phi_words_add(struct phi_words *w, const char *s);
void phi_words_free(struct phi_words *w);

/* Builds the combined regex after the last regex is added; 0 or -1
 * (ENOMEM: matching still works, one regex at a time). */
int phi_allow_seal(struct phi_allow *a);
/* 1 if s[0..n) matches one of the regexes in full. */
int phi_allow_match(const struct phi_allow *a, const char *s, size_t n,
		    pcre2_match_data *md);

/* 1 if a word of w occurs in s[0..n), ignoring ASCII case, at a word
 * start (not glued to a preceding letter or digit, camelCase allowed). */
int phi_words_find(const struct phi_words *w, const char *s, size_t n);

#endif
