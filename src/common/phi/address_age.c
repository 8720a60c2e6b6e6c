/* address_age.c -- AGE over 89 (HIPAA Safe Harbor (C)): "92-year-old",
 * "F/96", "96/F", "she is 91", and an age after a cue phrase. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/phi/phi.h"
#include "common/phi/detect.h"
#include "common/phi/address_priv.h"

/* "92-year-old", "92 year old", "92 years old", "92 y/o", "92 y.o.",
 * "92yo", "92 yo", "92-yo", "92 yr old", "92yrs": the form after the
 * number. */
static int
age_after(const char *b, size_t n, size_t k)
{
	static const char *const forms[] = {
		"-year-old", " year-old", " year old", "-year old",
		" years old", " years of age", " years-old", "-years-old",
		" y/o", " y.o.", " y.o", "y/o", "y.o.", "yo", " yo", "-yo",
		" yr old", " yr-old", "-yr-old", " yrs old", " yo.", "-y/o",
		" YO", "YO", " Y/O", "yrs", "yr", "-yrs", NULL
	};
	size_t j;

	for (j = 0; forms[j] != NULL; j++) {
		size_t l = strlen(forms[j]);

		if (n - k >= l && memcmp(b + k, forms[j], l) == 0) {
			char last = forms[j][l - 1];

			/* "92yo" but not "92 young", "92 years older". */
			if (k + l < n && IS_ALPHA(b[k + l]) &&
			    !(last == 'o' && (b[k + l] == 'M' ||
					      b[k + l] == 'F')))
				continue;
			return 1;
		}
	}
	return 0;
}

/* "Sex/Age: F/96": the sex, a slash, the age, after an age cue. */
int
addr_sex_slash_age(const struct addr_shared *sh, const char *b, size_t n,
		   size_t i)
{
	char c;

	(void)n;
	if (i < 3 || b[i - 1] != '/')
		return 0;
	c = b[i - 2];
	if (c != 'F' && c != 'M' && c != 'f' && c != 'm')
		return 0;
	if (IS_ALNUM(b[i - 3]))
		return 0;
	return addr_cue_before(&sh->age, b, (i > 66 ? i - 66 : 0), i - 2);
}

/* "Age/Sex: 96/F": the age, a slash, the sex, after "age/sex". */
static int
age_slash_sex(const char *b, size_t n, size_t i, size_t k)
{
	size_t j = i, lo = i > 24 ? i - 24 : 0;
	char c;

	if (k + 1 >= n || b[k] != '/')
		return 0;
	c = b[k + 1];
	if ((c != 'F' && c != 'M' && c != 'f' && c != 'm') ||
	    (k + 2 < n && IS_ALNUM(b[k + 2])))
		return 0;
	while (j > lo && (b[j - 1] == ' ' || b[j - 1] == ':' ||
			  b[j - 1] == '\t'))
		j--;
	return j >= lo + 7 && LOWER(b[j - 7]) == 'a' &&
	       LOWER(b[j - 6]) == 'g' && LOWER(b[j - 5]) == 'e' &&
	       b[j - 4] == '/' && LOWER(b[j - 3]) == 's' &&
	       LOWER(b[j - 2]) == 'e' && LOWER(b[j - 1]) == 'x' &&
	       (j == lo + 7 || !IS_ALPHA(b[j - 8]));
}

/* "she's 99!", "he is 94.": a person's age said in a chat or a
 * transcript, the number ending the clause. */
static int
pronoun_age(const char *b, size_t n, size_t i, size_t k)
{
	static const char *const forms[] = {
		"she's ", "he's ", "she is ", "he is ", "She's ", "He's ",
		"She is ", "He is ", "she\xe2\x80\x99s ", "he\xe2\x80\x99s ",
		NULL
	};
	size_t j;

	if (k < n && b[k] != '.' && b[k] != '!' && b[k] != ',' &&
	    b[k] != '?' && b[k] != ';' && b[k] != ')' && b[k] != '\n' &&
	    b[k] != '\r')
		return 0;
	if (k + 1 < n && b[k] == '.' && IS_DIGIT(b[k + 1]))
		return 0;
	for (j = 0; forms[j] != NULL; j++) {
		size_t l = strlen(forms[j]);

		if (i >= l && memcmp(b + i - l, forms[j], l) == 0 &&
		    (i == l || !IS_ALPHA(b[i - l - 1])))
			return 1;
	}
	return 0;
}

/* "Age (years): 95", "age (yrs) 93": a unit in parentheses between the
 * age cue and the number.  The end of the text before the unit, or i. */
static size_t
skip_age_unit(const char *b, size_t lo, size_t i)
{
	static const char *const units[] = {
		"(years)", "(yrs)", "(yr)", "(y)", "(in years)", NULL
	};
	size_t e = i, j;

	while (e > lo && (b[e - 1] == ' ' || b[e - 1] == ':' ||
			  b[e - 1] == '\t') && i - e < 4)
		e--;
	if (e == lo || b[e - 1] != ')')
		return i;
	for (j = 0; units[j] != NULL; j++) {
		size_t l = strlen(units[j]), q;

		if (e - lo < l)
			continue;
		for (q = 0; q < l && LOWER(b[e - l + q]) == units[j][q]; q++)
			;
		if (q == l)
			return e - l;
	}
	return i;
}

/* The number ends its clause: "..., 91, of", "at 93;", "(96)". */
static int
clause_end(const char *b, size_t n, size_t k)
{
	if (k >= n)
		return 1;
	if (b[k] == '.' && k + 1 < n && IS_DIGIT(b[k + 1]))
		return 0;
	return b[k] == '.' || b[k] == ',' || b[k] == ';' || b[k] == ')' ||
	       b[k] == '!' || b[k] == '?' || b[k] == '\n' || b[k] == '\r' ||
	       (b[k] == ' ' && k + 1 < n && b[k + 1] == '(');
}

/* A word saying the age ("nonagenarian, 91", "ninety-something (96)")
 * or a clause that needs one ("still living at 93;") before b[i]: the
 * settings' ages.descriptors, then a comma, '(' or ':' and the number
 * ending its clause. */
static int
descriptor_age(const struct addr_shared *sh, const char *b, size_t n,
	       size_t i, size_t k)
{
	size_t e = i, lo = i > 64 ? i - 64 : 0;

	if (!clause_end(b, n, k))
		return 0;
	while (e > lo && b[e - 1] == ' ' && i - e < 2)
		e--;
	if (e > lo && (b[e - 1] == ',' || b[e - 1] == '(' || b[e - 1] == ':'))
		e--;
	else if (e == i)
		return 0;
	if (addr_cue_before(&sh->age_word, b, lo, e))
		return 1;
	/* "still living at 93;": the clause must end at the number. */
	return e < i && b[e] == ' ' && addr_cue_before(&sh->age_clause, b, lo, e);
}

/* "Jo Hale, 94, of Enid", "Jo Hale, 94, died": an obituary's age
 * between commas after a name. */
static int
obituary_age(const char *b, size_t n, size_t i, size_t k)
{
	static const char *const after[] = {
		", of ", ", died", ", passed", ", went", NULL
	};
	size_t j;

	if (i < 4 || b[i - 1] != ' ' || b[i - 2] != ',' ||
	    !(IS_LOWER(b[i - 3]) || IS_HIGH(b[i - 3])))
		return 0;
	for (j = 0; after[j] != NULL; j++) {
		size_t l = strlen(after[j]);

		if (n - k > l && memcmp(b + k, after[j], l) == 0)
			break;
	}
	if (after[j] == NULL || (j == 0 && !IS_UPPER(b[k + 5])))
		return 0;
	/* The word before the comma is a capitalised one: the name. */
	for (j = i - 3; j > 0 && (IS_ALPHA(b[j - 1]) || IS_HIGH(b[j - 1]) ||
				  b[j - 1] == '\'' || b[j - 1] == '-'); j--)
		;
	return IS_UPPER(b[j]) || ((unsigned char)b[j] == 0xc3 &&
				  (unsigned char)b[j + 1] <= 0x9e);
}

int
addr_age(const struct addr_shared *sh, const struct phi_window *w,
	 struct phi_cands *out, size_t i, size_t k, struct ck_error *err)
{
	const char *b = w->buf;
	long v = 0;
	size_t j;

	if (k - i < 2 || k - i > 3)
		return 0;
	for (j = i; j < k; j++)
		v = v * 10 + (b[j] - '0');
	/* Safe Harbor: ages over 89; beyond 125 is not an age. */
	if (v < 90 || v > 125)
		return 0;
	if (k < w->len && b[k] == '.' && k + 1 < w->len && IS_DIGIT(b[k + 1]))
		return 0;
	if (!age_after(b, w->len, k) &&
	    !addr_cue_before(&sh->age, b, (i > 64 ? i - 64 : 0), i) &&
	    !addr_cue_before(&sh->age, b, (i > 64 ? i - 64 : 0),
			     skip_age_unit(b, (i > 64 ? i - 64 : 0), i)) &&
	    !descriptor_age(sh, b, w->len, i, k) &&
	    !obituary_age(b, w->len, i, k) &&
	    !addr_sex_slash_age(sh, b, w->len, i) &&
	    !age_slash_sex(b, w->len, i, k) && !pronoun_age(b, w->len, i, k))
		return 0;
	if (addr_push(out, w, i, k, PHI_AGE, PHI_CONF_HIGH, 5, PHI_PRIO_CONTEXT,
		      "age.over89", err) < 0)
		return -1;
	return 1;
}
