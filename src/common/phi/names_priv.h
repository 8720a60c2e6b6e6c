/* names_priv.h -- internal interface of the NAME detector, shared by its
 * files (names_words.c: word sets, the census lists and the settings;
 * names_tokens.c: name-shaped tokens and sequences; names_cues.c: the
 * context before and after a sequence; names_judge.c: the decisions;
 * names.c: the detector).  Not for other modules: they use detect.h's
 * phi_names_*. */
#ifndef PHI_NAMES_PRIV_H
#define PHI_NAMES_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "common/phi/phi.h"

#define IS_DIGIT(c) ((unsigned)((unsigned char)(c) - '0') < 10u)
#define IS_ALPHA(c) ((unsigned)(((unsigned char)(c) | 0x20) - 'a') < 26u)
#define IS_UPPER(c) ((unsigned)((unsigned char)(c) - 'A') < 26u)
#define IS_LOWER(c) ((unsigned)((unsigned char)(c) - 'a') < 26u)
#define IS_ALNUM(c) (IS_DIGIT(c) || IS_ALPHA(c))
#define IS_HIGH(c) ((unsigned char)(c) >= 0x80)
#define LOWER(c) ((char)(IS_UPPER(c) ? ((c) | 0x20) : (c)))
#define U8(c) ((unsigned char)(c))

/* A set of lowercase strings: one arena, open addressing over offsets.
 * Lookups lowercase ASCII on the fly. */
struct wslot {
	uint32_t off;		/* offset + 1 in the arena, 0 = empty */
	uint16_t flags;		/* roles of the word (enum role) */
	uint8_t len;		/* length of the word */
	uint8_t tag;		/* top byte of its hash */
};

struct wset {
	char *arena;
	size_t alen, acap;
	struct wslot *slot;
	size_t cap, n;		/* cap a power of two */
};

/* What a word can be; one word may be several ("June": first name;
 * "Park": surname; "Dr": title).  One probe answers all. */
enum role {
	R_FIRST = 1 << 0,	/* census first name */
	R_LAST = 1 << 1,	/* census surname */
	R_HON = 1 << 2,		/* honorific, inside the span */
	R_TITLE = 1 << 3,	/* title, outside the span */
	R_CRED = 1 << 4,	/* credential (any case; exact check after) */
	R_ORG = 1 << 5,		/* organisation word */
	R_LABEL = 1 << 6,	/* one-word label */
	R_CUE = 1 << 7,		/* one-word cue */
	R_NOT = 1 << 8,		/* never a name: "None", "Null", "Doe" */
	R_COLON = 1 << 9,	/* a label only with ':' ("To:", "From:") */
	R_WEAK = 1 << 10,	/* a weak cue ("by", "Dear"): more evidence */
	R_ROLE = 1 << 11,	/* a role after the name: "(patient)" */
	R_LANG = 1 << 12,	/* a language: "Interpreter: Tagalog" */
	R_EPON = 1 << 13,	/* after an eponym: "Graves' disease" */
	R_GIVEN = 1 << 14,	/* a given name's label: "First:" */
	R_ANY = 1 << 15		/* present */
};

/* Every one-word role, the census lists included, in one table. */
struct phi_names {
	struct wset roles;
};

/* Strings compared exactly (credentials are case-sensitive: "MD", not
 * "Md"); short, and only consulted after a name-shaped sequence. */
struct strlist {
	char **v;
	size_t *len;
	size_t n;
};

struct names_shared {
	struct phi_names lists;	/* one-word roles and the census lists */
	struct wset labels;	/* "patient name" (words, one space) */
	struct wset closings;	/* "kind regards" */
	struct strlist creds;	/* case-sensitive, as written: "MD" */
};

enum tok_kind { TOK_TITLE, TOK_UPPER, TOK_INITIAL, TOK_PARTICLE };

struct tok {
	size_t s, e;		/* e excludes a possessive "'s" */
	int kind;
	unsigned roles;		/* enum role of a word token */
};

#define MAX_TOKS 6

struct seq {
	struct tok t[MAX_TOKS];
	int n;
	size_t s, e;
	int possessive;		/* ended with "'s": nothing may follow */
	int nick;		/* holds a quoted nickname: Jo "Bud" Kim */
};

struct names_state {
	const struct names_shared *sh;
	struct wset seen;	/* name words found so far in the document */
	uint64_t last_learn;	/* where a name word was last added */
};

/* Mentions are looked for this far after the last name learnt: a note
 * is short; a 6 MB file of licences is not one conversation. */
#define SEEN_SPAN 65536

#define SEEN_MAX 2048

enum cue_kind {
	CUE_NONE = 0,
	CUE_HONORIFIC,		/* "Mrs. Kim": the honorific is in the span */
	CUE_TITLE,		/* "Dr. Kim" */
	CUE_LABEL,		/* "Patient: Kim" */
	CUE_LABEL_CAPS,		/* "PATIENT Kim" opening a line */
	CUE_LABEL_WORD,		/* "Patient Emma Kim" */
	CUE_WORD,		/* "daughter Kim", "wife Ms. Kim" */
	CUE_WEAK,		/* "signed by Kim", "Dear Kim" */
	CUE_CRED,		/* "RN Jane Kim" */
	CUE_LABEL_IS		/* "the contact is Jane Kim" */
};

/* ---- names_words.c ------------------------------------------------------- */

/* The roles of w (R_ANY set if present), or 0. */
unsigned names_wset_get(const struct wset *ws, const char *w, size_t n);

/* 1 if w (any case) is in the set. */
int names_wset_has(const struct wset *ws, const char *w, size_t n);

/* Frees the set and leaves it empty. */
void names_wset_free(struct wset *ws);

/* Adds w, lowercased, with no role; 0, or -1 out of memory. */
int names_wset_add(struct wset *ws, const char *w, size_t n);

/* The lists phi_names_get returns; set by the detector's init. */
extern const struct phi_names *names_loaded;

/* Adds the words of dir/file, one a line, to ws with role; 0 or -1. */
int names_load_list(struct wset *ws, const char *dir, const char *file,
		    unsigned role, struct ck_error *err);

/* Frees the list and leaves it empty. */
void names_strlist_free(struct strlist *l);

/* 1 if s is a credential as written ("MD"); roles is its entry. */
int names_is_cred(const struct strlist *l, unsigned roles, const char *s,
		  size_t n);

/* Lowercases s into out, words single-spaced; the length written. */
size_t names_norm_phrase(const char *s, size_t n, char *out, size_t cap);

/* Reads names[key]: words into roles, phrases into ws, exact; 0/-1. */
int names_load_words(struct wset *roles, unsigned role, struct wset *ws,
		     struct strlist *exact, const json_t *sec, const char *key,
		     struct ck_error *err);

/* ---- names_tokens.c ------------------------------------------------------ */

/* Length of an uppercase letter at b[i] (Latin-1, Ext-A), or 0. */
size_t names_upper_at(const char *b, size_t n, size_t i);

/* Length of a letter (any case) at b[i], or 0. */
size_t names_letter_at(const char *b, size_t n, size_t i);

/* 1 if b[i - 1] continues a word, so b[i] starts none. */
int names_word_before(const char *b, size_t i);

/* Reads the name token at b[i] (a capital) into t; its end, or i. */
size_t names_name_token(const char *b, size_t n, size_t i, struct tok *t);

/* 1 if b[s, e) is a surname particle ("van", "de", "bin"). */
int names_is_particle(const char *b, size_t s, size_t e);

/* Reads the longest run of name tokens from b[i] into q. */
void names_read_seq(const struct wset *rt, const char *b, size_t n, size_t i,
		    struct seq *q);

/* ---- names_cues.c -------------------------------------------------------- */

/* Start of b[i]'s line, looking back at most span bytes. */
size_t names_line_lo(const char *b, size_t i, size_t span);

/* The cue (enum cue_kind) before the name at b[s]; *hs, *lroles. */
int names_cue_before(const struct names_shared *sh, const char *b, size_t s,
		     size_t *hs, unsigned *lroles);

/* 1 if a state code and its ZIP follow at b[k] ("MA 02110"). */
int names_zip_follows(const char *b, size_t n, size_t k);

/* A credential after b[e]: 2 set off, 1 after a space, 0 none. */
int names_credential_after(const struct names_shared *sh, const char *b,
			   size_t n, size_t e);

/* 1 if a state's code follows the words at b[e] (", FL"). */
int names_state_after(const char *b, size_t n, size_t e);

/* 1 if the word after b[e] is an organisation word. */
int names_org_after(const struct names_shared *sh, const char *b, size_t n,
		    size_t e);

/* 1 if b[s, e) is a name alone on the line after a closing. */
int names_after_closing(const struct names_shared *sh, const char *b, size_t n,
			size_t s, size_t e);

/* Where a chat line's timestamp before b[p] ends, or SIZE_MAX. */
size_t names_ts_prefix(const char *b, size_t p);

/* The line holds only a timestamp, or nothing, before b[s]. */
int names_line_head(const char *b, size_t s);

/* What follows the name at b[e]: 1 says a person ("Jane Kim, DOB"),
 * 2 may say whom a document is for ("(patient)"), 3 is a phone number
 * ("at 412-638-2671"), someone to call, 4 a party's role on the next
 * line of a court caption ("JANE KIM,\n  Plaintiff,"); 0 nothing. */
int names_person_after(const struct names_shared *sh, const char *b, size_t n,
		       size_t e);

/* 1 if b[e]'s line lists two people or more with their roles. */
int names_role_list(const struct names_shared *sh, const char *b, size_t n,
		    size_t e);

/* ---- names_judge.c ------------------------------------------------------- */

/* Judges the capitalised sequence at b[i]; sets *next; 0 or -1. */
int names_judge(struct names_state *st, const struct phi_window *w,
		struct phi_cands *out, size_t i, size_t *next,
		struct ck_error *err);

/* Same for a CJK name after a label or relation word. */
int names_judge_cjk(struct names_state *st, const struct phi_window *w,
		    struct phi_cands *out, size_t i, size_t *next,
		    struct ck_error *err);

#endif
