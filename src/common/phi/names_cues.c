/* names_cues.c -- the NAME detector's context: the cue before a sequence
 * (label, honorific, title, relation word, credential) and what follows
 * it (credentials, a ZIP or state, an organisation, an age, a role, the
 * sender's line after a closing). */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "common/phi/phi.h"
#include "common/phi/detect.h"
#include "common/phi/names_priv.h"
#include "common/phi/linestart.h"

/* ---- context ------------------------------------------------------------- */

/* b[0..2) is a US state's or territory's code. */
static int
state_code(const char *b)
{
	static const char codes[] =
		"AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD "
		"MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC "
		"SD TN TX UT VT VA WA WV WI WY DC PR VI GU AS MP ";
	char c[4];

	c[0] = b[0];
	c[1] = b[1];
	c[2] = ' ';
	c[3] = '\0';
	return strstr(codes, c) != NULL;
}

size_t
names_line_lo(const char *b, size_t i, size_t span)
{
	return phi_line_start(b, i, i > span ? i - span : 0);
}

/* Does the normalised text t (words, one space) end with a phrase of ws
 * (of one to four words)? */
static int
ends_with_phrase(const struct wset *ws, const char *t, size_t tl)
{
	size_t i, words = 0;

	if (ws->n == 0 || tl == 0)
		return 0;
	for (i = tl; i > 0 && words < 4; i--) {
		/* "Parent/guardian:": each alternative is a label. */
		if (t[i - 1] == ' ' || (t[i - 1] == '/' && i >= 2 &&
					t[i - 2] != ' ')) {
			words++;
			if (names_wset_has(ws, t + i, tl - i))
				return 1;
		}
	}
	return words < 4 && names_wset_has(ws, t, tl);
}

/* 1 if the word ending at we is a street suffix after a house number:
 * "68 Lincoln Dr. Apt. 895", "12 Martin Luther Dr Suite 4" -- one to
 * three capitalised words between the number and it. */
static int
street_suffix_at(const char *b, size_t lo, size_t ws)
{
	size_t i = ws;
	int words = 0;

	while (words < 4) {
		if (i <= lo || b[i - 1] != ' ')
			return 0;
		i--;
		while (i > lo && b[i - 1] == ' ')
			i--;
		if (i > lo && b[i - 1] >= '0' && b[i - 1] <= '9')
			return words > 0;
		while (i > lo && IS_ALPHA(b[i - 1]))
			i--;
		if (!IS_UPPER(b[i]))
			return 0;
		words++;
	}
	return 0;
}

/* What stands before the name at b[s]; *hs is where an honorific starts. */
int
names_cue_before(const struct names_shared *sh, const char *b, size_t s,
		 size_t *hs, unsigned *lroles)
{
	size_t lo = s > 80 ? s - 80 : 0, we = s, ws, i, spaces = 0;
	int strong_sep = 0, dot = 0, comma = 0, leader = 0;
	size_t cap = 12;
	unsigned r;
	char t[96];
	size_t tl;

	/* "the contact is Jane Kim": a label and "is" (names_judge() asks two
	 * words of a name then). */
	if (s >= 5 && memcmp(b + s - 4, " is ", 4) == 0 &&
	    IS_ALPHA(b[s - 5])) {
		lo = names_line_lo(b, s - 4, 48);
		tl = names_norm_phrase(b + lo, s - 4 - lo, t, sizeof(t));
		ws = s - 4;
		while (ws > lo && IS_ALPHA(b[ws - 1]))
			ws--;
		*lroles = names_wset_get(&sh->lists.roles, b + ws, s - 4 - ws);
		if (!(*lroles & R_COLON) &&
		    ends_with_phrase(&sh->labels, t, tl))
			return CUE_LABEL_IS;
		return CUE_NONE;
	}
	/* "wife of 40 years, Ann": a relation word and how long. */
	if (s >= 16 && b[s - 1] == ' ' && b[s - 2] == ',' &&
	    memcmp(b + s - 7, "years", 5) == 0 && b[s - 8] == ' ') {
		i = s - 8;
		while (i > 0 && IS_DIGIT(b[i - 1]) && s - 8 - i < 3)
			i--;
		if (i < s - 8 && i >= 5 && memcmp(b + i - 4, " of ", 4) == 0) {
			we = i - 4;
			ws = we;
			while (ws > lo && IS_ALPHA(b[ws - 1]))
				ws--;
			r = names_wset_get(&sh->lists.roles, b + ws, we - ws);
			*lroles = r;
			if (ws < we && (r & R_CUE) && !(r & R_LABEL))
				return CUE_WORD;
			we = s;
		}
	}
	/* The separator: spaces, tabs and label punctuation. */
	while (we > lo && s - we < cap) {
		char c = b[we - 1];

		/* A leader of dots: "Patient ........ Kim". */
		if (c == '.' && we >= 2 && b[we - 2] == '.' && !leader) {
			while (we > lo && b[we - 1] == '.' && s - we < 48)
				we--;
			strong_sep = leader = 1;
			cap = s - we + 3;
			continue;
		}
		if (c == ' ')
			spaces++;
		else if (c == ':' || c == '#' || c == '=' || c == '\t' ||
			 c == '"' || c == '\'' || c == '>' || c == '(' ||
			 c == '*')
			strong_sep = 1;
		else if (c == ',' && we == s - spaces && !comma)
			comma = 1;	/* "the patient, Jane Kim, called" */
		else if (c == '-' && we >= 2 && b[we - 2] == ' ')
			strong_sep = 1;
		else if (c == '.' && !dot && we == s - spaces)
			dot = 1;
		else
			break;
		we--;
	}
	if (spaces >= 2)
		strong_sep = 1;
	ws = we;
	while (ws > lo && (IS_ALPHA(b[ws - 1]) || IS_HIGH(b[ws - 1])))
		ws--;
	if (ws == we)
		return CUE_NONE;
	/* "Dr. Kim", "Dr Kim", "DR. KIM", but not "XT DR MRI". */
	r = names_wset_get(&sh->lists.roles, b + ws, we - ws);
	*lroles = r;
	if (!strong_sep && !comma && spaces <= 1 && names_upper_at(b, we, ws) > 0 &&
	    (dot || IS_LOWER(b[we - 1]))) {
		if ((r & (R_HON | R_TITLE)) && we - ws == 2 &&
		    (b[ws] == 'D' || b[ws] == 'd') &&
		    (b[ws + 1] == 'r' || b[ws + 1] == 'R') &&
		    street_suffix_at(b, lo, ws))
			return CUE_NONE;	/* Drive, not Doctor */
		if (r & R_HON) {
			*hs = ws;
			return CUE_HONORIFIC;
		}
		if (r & R_TITLE)
			return CUE_TITLE;
	}
	if (!strong_sep && !comma && !dot && spaces == 1 && (r & R_WEAK))
		return CUE_WEAK;
	if (!strong_sep && !comma && !dot && spaces == 1 && (r & R_CUE))
		return CUE_WORD;
	/* "the interpreter Jane Kim": a role word, then a full name. */
	if (!strong_sep && !comma && !dot && spaces == 1 && (r & R_ROLE) &&
	    IS_LOWER(b[ws]))
		return CUE_LABEL_WORD;
	/* "Called RN Jane Kim": a credential written before the name (not
	 * one that is also a state's code: "MD Anderson", "PA Medicaid"). */
	if (!strong_sep && !comma && !dot && spaces == 1 && we - ws >= 2 &&
	    IS_UPPER(b[ws]) && IS_UPPER(b[ws + 1]) &&
	    names_is_cred(&sh->creds, r, b + ws, we - ws) &&
	    !(we - ws == 2 && state_code(b + ws)))
		return CUE_CRED;
	/* A label: "Patient Name:", "Pt:", "patient=", or "PATIENT " alone
	 * in capitals at the start of the line. */
	if (comma && !strong_sep)
		return spaces == 1 && (r & (R_LABEL | R_CUE)) &&
		       !(r & R_COLON) ? CUE_LABEL_WORD : CUE_NONE;
	if (!strong_sep) {
		/* Without punctuation: "PATIENT Kim" opening a line in
		 * capitals, or a capitalised label word ("Patient Emma
		 * Kim"); names_judge() asks more of the name then. */
		if (spaces != 1 || dot || names_upper_at(b, we, ws) == 0)
			return CUE_NONE;
		if (!(r & R_LABEL) || (r & R_COLON))
			return CUE_NONE;
		lo = names_line_lo(b, we, 80);
		for (i = lo; i < we; i++)
			if (b[i] != ' ' && b[i] != '\t' && !IS_UPPER(b[i]))
				return CUE_LABEL_WORD;
		return CUE_LABEL_CAPS;
	}
	/* "Attending MD: Kim", "Submitting RN .. Kim": a label naming
	 * someone by their credential. */
	if (leader && we - ws >= 2 && IS_UPPER(b[ws]) &&
	    names_is_cred(&sh->creds, r, b + ws, we - ws) &&
	    !(we - ws == 2 && b[ws] == 'D'))
		return CUE_LABEL;
	lo = names_line_lo(b, we, 48);
	tl = names_norm_phrase(b + lo, we - lo, t, sizeof(t));
	if (!ends_with_phrase(&sh->labels, t, tl))
		return CUE_NONE;
	/* "To", "From", "Re" are words of running text too: only "To:"
	 * and the like count. */
	if ((r & R_COLON) && memchr(b + we, ':', s - we) == NULL)
		return CUE_NONE;
	return strong_sep ? CUE_LABEL : CUE_LABEL_CAPS;
}

/* "Boston MA 02110": a state code and its ZIP, not a credential ("Kim,
 * MD 5th of May" is one). */
int
names_zip_follows(const char *b, size_t n, size_t k)
{
	size_t z = k, d;

	while (z < n && b[z] == ' ' && z - k < 3)
		z++;
	if (z == k)
		return 0;
	for (d = z; d < n && IS_DIGIT(b[d]); d++)
		;
	return d - z == 5 && (d == n || !IS_ALNUM(b[d]));
}

/* A credential after the name ("Kim, MD", "Kim MD", "Kim (PA-C)");
 * returns 2 if a comma or parenthesis sets it off, 1 if only a space,
 * else 0. */
int
names_credential_after(const struct names_shared *sh, const char *b, size_t n,
		       size_t e)
{
	size_t k = e, ts;

	int comma = 0;

	if (k < n && b[k] == ',')
		k++, comma = 1;
	while (k < n && b[k] == ' ' && k - e < 3)
		k++;
	if (k < n && b[k] == '(')
		k++, comma = 1;
	if (k == e)
		return 0;
	ts = k;
	while (k < n && (IS_ALPHA(b[k]) || b[k] == '-' || b[k] == '/') &&
	       k - ts < 10)
		k++;
	if (k == ts || (k < n && IS_ALNUM(b[k])))
		return 0;
	if (!names_is_cred(&sh->creds,
			   names_wset_get(&sh->lists.roles, b + ts, k - ts),
			   b + ts, k - ts))
		return 0;
	/* "Worcester, MA 01613": a state and its ZIP. */
	if (names_zip_follows(b, n, k))
		return 0;
	/* "RT(R)": a registry mark after the credential. */
	if (k + 2 < n && b[k] == '(' && IS_UPPER(b[k + 1]) && b[k + 2] == ')')
		return 2;
	return comma ? 2 : 1;
}

/* ", FL" (or " FL 33601") after the words: a city, not a person. */
int
names_state_after(const char *b, size_t n, size_t e)
{
	if (e + 4 < n && b[e] == ' ' && IS_UPPER(b[e + 1]) &&
	    IS_UPPER(b[e + 2]) && b[e + 3] == ' ' &&
	    (IS_DIGIT(b[e + 4]) || (b[e + 4] == ' ' && e + 5 < n &&
				    IS_DIGIT(b[e + 5]))))
		return 1;
	static const char codes[] =
		"AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD "
		"MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC "
		"SD TN TX UT VT VA WA WV WI WY DC PR ";
	char c[4];

	if (e + 4 > n || b[e] != ',' || b[e + 1] != ' ' ||
	    !IS_UPPER(b[e + 2]) || !IS_UPPER(b[e + 3]) ||
	    (e + 4 < n && IS_ALNUM(b[e + 4])))
		return 0;
	c[0] = b[e + 2];
	c[1] = b[e + 3];
	c[2] = ' ';
	c[3] = '\0';
	return strstr(codes, c) != NULL;
}

/* The next word after the name is an organisation word ("Valley Care
 * Medical Center", "Heritage Memorial"). */
int
names_org_after(const struct names_shared *sh, const char *b, size_t n,
		size_t e)
{
	size_t k = e + 1, we;

	if (e >= n || b[e] != ' ' || k >= n || names_upper_at(b, n, k) == 0)
		return 0;
	we = k;
	while (we < n && (names_letter_at(b, n, we) > 0))
		we += names_letter_at(b, n, we);
	return (names_wset_get(&sh->lists.roles, b + k, we - k) & R_ORG) != 0;
}

/* The line is the name alone (and perhaps a credential), and the line
 * before it (blank lines skipped) closes a message: "Thanks", "Kind
 * regards,". */
int
names_after_closing(const struct names_shared *sh, const char *b, size_t n,
		    size_t s, size_t e)
{
	size_t i = s, le, ls, k, blank = 0;
	char t[48];

	if (sh->closings.n == 0)
		return 0;
	while (i > 0 && (b[i - 1] == ' ' || b[i - 1] == '\t'))
		i--;
	if (i > 0 && b[i - 1] != '\n' && b[i - 1] != '\r')
		return 0;
	for (k = e; k < n && b[k] != '\n' && b[k] != '\r'; k++)
		if (k - e > 40)
			return 0;
	/* Back over the line break(s) to the previous non-blank line. */
	while (i > 0 && blank < 6) {
		le = i;
		while (le > 0 && (b[le - 1] == '\n' || b[le - 1] == '\r' ||
				  b[le - 1] == ' ' || b[le - 1] == '\t'))
			le--;
		if (le == 0)
			return 0;
		ls = le;
		while (ls > 0 && b[ls - 1] != '\n' && b[ls - 1] != '\r' &&
		       le - ls < 40)
			ls--;
		if (ls > 0 && b[ls - 1] != '\n' && b[ls - 1] != '\r')
			return 0;
		k = names_norm_phrase(b + ls, le - ls, t, sizeof(t));
		return names_wset_has(&sh->closings, t, k);
	}
	return 0;
}

/* A chat or transcript line: the text from the start of the line to p is
 * a timestamp ("[15:54] ", "14:09 ", "[2026-01-02 10:15] ") and spaces.
 * Returns where the timestamp ends (spaces skipped), or SIZE_MAX. */
size_t
names_ts_prefix(const char *b, size_t p)
{
	size_t lo = names_line_lo(b, p, 40), k = lo, colon = 0, digits = 0;
	int br = 0;

	while (k < p && (b[k] == ' ' || b[k] == '\t'))
		k++;
	if (k < p && b[k] == '[')
		k++, br = 1;
	for (; k < p; k++) {
		char c = b[k];

		if (IS_DIGIT(c))
			digits++;
		else if (c == ':' && k > lo && IS_DIGIT(b[k - 1]) &&
			 k + 2 < p && IS_DIGIT(b[k + 1]) && IS_DIGIT(b[k + 2]))
			colon++;
		else if (br && (c == '-' || c == '/' || c == '.' || c == ' ' ||
				c == 'T' || c == 'Z' || c == 'A' || c == 'P' ||
				c == 'M'))
			;
		else
			break;
	}
	if (colon == 0 || digits < 3)
		return SIZE_MAX;
	if (br) {
		if (k >= p || b[k] != ']')
			return SIZE_MAX;
		k++;
	}
	if (k >= p || (b[k] != ' ' && b[k] != '\t'))
		return SIZE_MAX;
	while (k < p && (b[k] == ' ' || b[k] == '\t'))
		k++;
	return k;
}

/* The line holds only a timestamp, or nothing, before b[s]. */
int
names_line_head(const char *b, size_t s)
{
	size_t lo = names_line_lo(b, s, 80), k = lo;

	while (k < s && (b[k] == ' ' || b[k] == '\t'))
		k++;
	return k == s || names_ts_prefix(b, s) == s;
}

/* An age after a comma: "26 y/o", "32-year-old", "77 yo", "41 years
 * old". */
static int
age_after(const char *b, size_t n, size_t k)
{
	static const char *const units[] = {
		" y/o", " yo", "yo", "-yo", " y.o.", "-year-old", " year old",
		" years old", " yrs", "y/o", NULL
	};
	size_t d = k, i;

	while (d < n && IS_DIGIT(b[d]) && d - k < 4)
		d++;
	if (d == k || d - k > 3)
		return 0;
	for (i = 0; units[i] != NULL; i++) {
		size_t l = strlen(units[i]);

		if (n - d >= l && memcmp(b + d, units[i], l) == 0 &&
		    (d + l == n || !IS_ALNUM(b[d + l])))
			return 1;
	}
	return 0;
}

/* A word of rs roles at b[k], ended by punctuation or the line's end:
 * "daughter,", "caregiver)". */
static int
role_word_at(const struct names_shared *sh, const char *b, size_t n,
	     size_t k, unsigned rs, int close)
{
	size_t we = k;
	unsigned r;

	while (we < n && IS_ALPHA(b[we]) && we - k < 20)
		we++;
	if (we == k || (we < n && (IS_HIGH(b[we]) || IS_DIGIT(b[we]))))
		return 0;
	r = names_wset_get(&sh->lists.roles, b + k, we - k);
	if (!(r & rs) || (r & (R_COLON | R_NOT)))
		return 0;
	if (close)
		return we < n && b[we] == ')';
	return we == n || b[we] == ',' || b[we] == '.' || b[we] == ';' ||
	       b[we] == ')' || b[we] == '\n' || b[we] == '\r';
}

/* A phone number at b[k]: 10 digits, or 11 after a 1, among the bytes
 * of a written number ("(412) 638-2671", "+1 412.638.2671"), then no
 * letter or digit. */
static int
phone_at(const char *b, size_t n, size_t k)
{
	size_t i = k, digits = 0, end = k;

	if (i < n && b[i] == '+')
		i++;
	if (i >= n || !(IS_DIGIT(b[i]) || b[i] == '('))
		return 0;
	for (; i < n && i - k < 20; i++) {
		if (IS_DIGIT(b[i])) {
			digits++;
			end = i + 1;
		} else if (b[i] != ' ' && b[i] != '-' && b[i] != '.' &&
			   b[i] != '(' && b[i] != ')') {
			break;
		}
	}
	if (end < n && (IS_ALNUM(b[end]) || IS_HIGH(b[end])))
		return 0;
	return digits == 10 || (digits == 11 && b[k + (b[k] == '+')] == '1');
}

/* "Jane Kim at 412-638-2671", "Jane Kim (4126382671)", "Jane Kim, +1
 * 412 638 2671": a phone number right after the words. */
static int
phone_after(const char *b, size_t n, size_t e)
{
	static const char *const forms[] = { " at ", " on ", ", ", " (",
		" - ", ": ", NULL };

	for (size_t i = 0; forms[i] != NULL; i++) {
		size_t l = strlen(forms[i]);

		if (e + l < n && memcmp(b + e, forms[i], l) == 0)
			return phone_at(b, n, e + l);
	}
	return 0;
}

/* "Jane Kim, DOB 03/04/1961", "Jane Kim (DOB", "Kim, Jane, 71 y/o",
 * "Jane Kim, daughter,", "Jane Kim (caregiver)": the words after say a
 * person. */
int
names_person_after(const struct names_shared *sh, const char *b, size_t n,
		   size_t e)
{
	static const char *const forms[] = {
		", dob", " dob", " (dob", ", born", ", age ", ", aged ",
		" (age ", ", mrn", " (mrn", NULL
	};
	size_t i, k;

	for (i = 0; forms[i] != NULL; i++) {
		size_t l = strlen(forms[i]);

		for (k = 0; k < l && e + k < n &&
		     LOWER(b[e + k]) == forms[i][k]; k++)
			;
		if (k == l && (e + l == n || !IS_ALPHA(b[e + l]) ||
			       forms[i][l - 1] == ' '))
			return 1;
	}
	/* A court caption: "JANE KIM,\n      Plaintiff,": 4. */
	if (e + 2 < n && b[e] == ',' && (b[e + 1] == '\n' || b[e + 1] == '\r')) {
		k = e + 1;
		while (k < n && (b[k] == '\n' || b[k] == '\r' || b[k] == ' ' ||
				 b[k] == '\t') && k - e < 40)
			k++;
		if (k < n && IS_UPPER(b[k]) &&
		    role_word_at(sh, b, n, k, R_ROLE, 0)) {
			while (k < n && IS_ALPHA(b[k]))
				k++;
			if (k + 1 < n && (b[k] == ',' || b[k] == '.') &&
			    (b[k + 1] == '\n' || b[k + 1] == '\r'))
				return 4;
		}
		return 0;
	}
	if (e + 2 < n && b[e] == ',' && b[e + 1] == ' ') {
		if (age_after(b, n, e + 2) ||
		    role_word_at(sh, b, n, e + 2, R_CUE, 0))
			return 1;
		return role_word_at(sh, b, n, e + 2, R_ROLE, 0) ? 2 : 0;
	}
	/* "(sitter)", "(daughter)" say a person; "(patient)", "(member)"
	 * may say whom a document is for: 2, judged further. */
	if (e + 3 < n && b[e] == ' ' && b[e + 1] == ' ' && b[e + 2] == '(')
		e++;		/* "KIM, Jane  (patient)" */
	if (e + 2 < n && b[e] == ' ' && b[e + 1] == '(' &&
	    role_word_at(sh, b, n, e + 2, R_CUE | R_ROLE | R_LABEL, 1))
		return role_word_at(sh, b, n, e + 2, R_LABEL, 1) ? 2 : 1;
	/* a phone number says someone to call, a person or a desk: 3,
	 * judged further ("Scheduling Desk at ..." is no name) */
	return phone_after(b, n, e) ? 3 : 0;
}

/* The line around b[e] lists two people or more with their roles in
 * parentheses ("A (clinician), B (patient)"). */
int
names_role_list(const struct names_shared *sh, const char *b, size_t n,
		size_t e)
{
	size_t k = names_line_lo(b, e, 400), c;
	int count = 0, comma = 0;

	for (; k + 1 < n && k < e + 400 && b[k] != '\n' && b[k] != '\r';
	     k++) {
		if (b[k] != '(' || k == 0 || b[k - 1] != ' ' ||
		    !role_word_at(sh, b, n, k + 1, R_CUE | R_ROLE | R_LABEL,
				  1))
			continue;
		count++;
		c = k + 1;
		while (c < n && b[c] != ')')
			c++;
		comma |= c + 1 < n && b[c + 1] == ',';
	}
	return count >= 2 && comma;
}
