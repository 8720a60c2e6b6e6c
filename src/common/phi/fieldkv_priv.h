/* fieldkv_priv.h -- internal interface of the key/value scanner, shared
 * by its files (fieldkv_pairs.c: the stack of open objects, FHIR's
 * structure and what a pair means; fieldkv_syntax.c: tokens, key
 * separators in JSON, YAML and code, labels and identifiers;
 * fieldkv_code.c: code literals, tuples and test assertions;
 * fieldkv_markup.c: XML and Markdown tables; fieldkv.c: the scan).  Not
 * for other modules: they use fields.h's fld_kv_*. */
#ifndef PHI_FIELDKV_PRIV_H
#define PHI_FIELDKV_PRIV_H

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "common/phi/ascii.h"
#include "common/phi/fields.h"

#define MAX_DEPTH 48
#define MAX_STRING 4096
#define MAX_TUPLE 32

/* Keys with a meaning in FHIR's structure. */
enum pk { PK_NONE, PK_IDENTIFIER, PK_TELECOM, PK_TYPE, PK_CODING,
	  PK_PERSONREF };

enum sys { SYS_NONE, SYS_SSN, SYS_NPI, SYS_PLAN, SYS_LICENSE, SYS_PASSPORT,
	   SYS_ICD10, SYS_PHONE, SYS_FAX, SYS_EMAIL, SYS_URL, SYS_MRN,
	   SYS_OTHER };

#define F_PATIENT 1	/* resourceType Patient or Person */
#define F_REFPERSON 2	/* "reference" to a person resource */
#define F_REFOTHER 4	/* "reference" to anything else */
#define F_ACCOUNT 8	/* resourceType Encounter, Account, Claim, ... */
#define F_COVERAGE 16	/* resourceType Coverage */
#define F_PHI 32	/* a pair in this object was a person's data */
#define F_LOWNAME 64	/* a lower-case name the lists know */
#define MAX_LOW 16	/* lower-case names an array keeps */
#define F_NAMED 128	/* a pair in this object was a name part */
#define H_VAL 1
#define H_ID 2
#define H_CODE 4
#define H_DISP 8

struct frame {
	char kind;			/* '{' or '[' */
	unsigned char pk;		/* enum pk of the opening key */
	short pcode;			/* key map code of the opening key */
	char pnorm[24];			/* the opening key, normalised */
	unsigned char pnlen;
	unsigned char flags, has, sys;
	char code[8];			/* own or from type.coding[].code */
	unsigned char codelen;
	short tcode;			/* key map code of type.text */
	unsigned char nlow;		/* lower-case names held back */
	size_t wn_s, wn_e;		/* a one-word value of an ambiguous
					 * name key ("nom"), held back */
	unsigned int low_s[MAX_LOW], low_e[MAX_LOW];
	short fcode;			/* key map code of the key a
					 * "field": "patient.age" names */
	size_t val_s, val_e, id_s, id_e, code_s, code_e, disp_s, disp_e;
};

struct fld_kv {
	int yaml;
	int fhir;		/* a resourceType was seen */
	struct frame st[MAX_DEPTH];
	int depth;		/* may exceed MAX_DEPTH: frames then untracked */
	short tup_code[MAX_TUPLE];	/* a tuple of column names seen */
	int tup_n;
	short md_code[MAX_TUPLE];	/* the header of a Markdown table */
	int md_n;
	struct fld_sql_table sqlt;	/* the last CREATE TABLE */
	int xml_patient;	/* inside a CDA <patientRole> */
	int cda_header;		/* in a CDA header, before recordTarget */
};

/* One scan's working set. */
struct sc {
	struct fld_kv *kv;
	struct fld_out *o;
	const char *b;
	size_t lim;
	size_t ks, ke;		/* pending key, raw */
	int last;		/* the window ends the document */
	size_t from;		/* where this scan started */
	size_t stop;		/* resume here (an INSERT cut by the window) */
	int want;		/* a key and its separator were seen */
	int key_ls;		/* ... and the key opened its line */
	int key_quoted;
	char sep;		/* ':' '=' or '(' */
	size_t ls;		/* where the current line's content starts */
	size_t ind;		/* the current line's indentation */
	size_t yk_s, yk_e;	/* YAML key whose block list may follow */
	size_t yk_ind;
	int yk;
};

/* ---- fieldkv_pairs.c ----------------------------------------------------- */

/* The innermost open object or array, or NULL (none, or untracked). */
struct frame *fieldkv_top(struct sc *c);

/* The rule family of this document's pairs: "fhir" or "field". */
const char *fieldkv_family(struct sc *c);

/* 1 if b[s, e) is w, ignoring ASCII case.  Inline: w is a literal
 * nearly always, so its length is a constant, and most spans differ
 * from it in length or first letter. */
static inline int
fieldkv_span_eq(const char *b, size_t s, size_t e, const char *w)
{
	size_t m;

	/* The first letter turns most words away before any strlen. */
	if (w[0] == '\0')
		return e == s;
	if (e <= s || ck_tolower((unsigned char)b[s]) !=
		      ck_tolower((unsigned char)w[0]))
		return 0;
	m = strlen(w);
	return e - s == m && strncasecmp(b + s, w, m) == 0;
}

/* The identifier or telecom system named by b[s, e). */
enum sys fieldkv_classify_system(const char *b, size_t s, size_t e);

/* The PHI type of a system (enum sys), or -1. */
int fieldkv_sys_type(int sys);

/* Opens an object or array under the pending key. */
void fieldkv_push_frame(struct sc *c, char kind);

/* An element of an array opened under a key ("given": ["Ann", "bo"],
 * "age": [97, 40]): b[s, e) is a string's content if quoted. */
void fieldkv_array_elem(struct sc *c, size_t s, size_t e, int quoted);

/* Closes the innermost object or array, reporting what it held. */
void fieldkv_pop_frame(struct sc *c, char kind);

/* A key and its value: the FHIR structure first, then the key map. */
void fieldkv_on_pair(struct sc *c, size_t ks, size_t ke, size_t vs, size_t ve,
		     int quoted);

/* ---- fieldkv_syntax.c ---------------------------------------------------- */

/* A string literal at b[i]: its content [*s, *e); past it, or 0. */
size_t fieldkv_string_end(struct sc *c, size_t i, size_t *s, size_t *e);

/* The next three run for nearly every byte of a document, so they are
 * inline here rather than calls into fieldkv_syntax.c. */

/* 1 if ch may start an identifier. */
static inline int
fieldkv_ident_start(unsigned char ch)
{
	return ck_isalpha(ch) || ch == '_' || ch == '$' || ch == '@';
}

/* The end of the identifier whose rest starts at b[i]. */
static inline size_t
fieldkv_ident_end(struct sc *c, size_t i)
{
	const char *b = c->b;

	while (i < c->lim) {
		unsigned char ch = (unsigned char)b[i];

		/* UTF-8 letters too: "Straße:", "município =" */
		if (ck_isalnum(ch) || ch == '_' || ch == '$' || ch >= 0x80)
			i++;
		else if ((ch == '.' || ch == '-') && i + 1 < c->lim &&
			 (ck_isalnum((unsigned char)b[i + 1]) ||
			  b[i + 1] == '_'))
			i++;
		else
			break;
	}
	return i;
}

/* The first byte at or after b[i] that is no space or tab. */
static inline size_t
fieldkv_skip_blank(struct sc *c, size_t i)
{
	while (i < c->lim && (c->b[i] == ' ' || c->b[i] == '\t'))
		i++;
	return i;
}

/* End of a bare value ("mrn=A123 next", "?dob=2002-08-27&x"). */
size_t fieldkv_bare_end(struct sc *c, size_t i);

/* The end of b[i]'s line. */
size_t fieldkv_line_end(struct sc *c, size_t i);

/* End of an identifier path at b[i]: "a.b", "String::from". */
size_t fieldkv_path_end(struct sc *c, size_t i);

/* Records the key whose separator is at b[j]; past it, or 0. */
size_t fieldkv_key_sep(struct sc *c, size_t ks, size_t ke, size_t j,
		       int quoted);

/* Kotlin's "k" to "v", Scala's "k" -> "v": like key_sep. */
size_t fieldkv_pair_op(struct sc *c, size_t ks, size_t ke, size_t j);

/* An identifier at b[i]: a key, a setter, an INSERT, or nothing. */
size_t fieldkv_ident(struct sc *c, size_t i);

/* ---- fieldkv_code.c ------------------------------------------------------ */

/* "date(1961, 3, 4)": the end of the arguments, or 0. */
size_t fieldkv_numeric_date_args(struct sc *c, size_t j);

/* 1 if s[0..n) constructs a calendar date from numbers. */
int fieldkv_date_ctor(const char *s, size_t n);

/* The value after "key=" or "key:" that is no string or bracket. */
size_t fieldkv_bare_value(struct sc *c, size_t i);

/* A tuple of column names, or a row under one, at b[i]. */
void fieldkv_tuple(struct sc *c, size_t i);

/* assertEquals("Kim", p.getLastName()): the expected value. */
void fieldkv_expected_actual(struct sc *c, size_t vs, size_t ve, size_t j);

/* The "k=v" pairs inside a string: a query, a log message. */
void fieldkv_inner_pairs(struct sc *c, size_t s, size_t e);

/* ---- fieldkv_markup.c ---------------------------------------------------- */

/* <family>Kim</family>, <family value="Kim"/>: past the tag. */
size_t fieldkv_xml_tag(struct sc *c, size_t i);

/* A Markdown table at b[i]: the end of its line, or i. */
size_t fieldkv_md_table(struct sc *c, size_t i);

#endif
