/* dates_grammar.c -- the DATE detector's grammar: calendar dates in the
 * common written forms (numeric, ISO 8601 with a time, compact, month
 * names and ordinals), checked against the calendar; phi_date_length
 * (detect.h) is its entry point. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/phi/phi.h"
#include "common/phi/detect.h"
#include "common/phi/dates_priv.h"

/* ---- the date grammar ------------------------------------------------ */

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static int
days_in_month(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				   30, 31 };

	if (m == 2 && y >= 0 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* y < 0: a two-digit year, century unknown: allow 29 February. */
int
dates_valid_ymd(int y, int m, int d)
{
	if (m < 1 || m > 12 || d < 1)
		return 0;
	if (y < 0)
		return d <= (m == 2 ? 29 : days_in_month(2001, m));
	return d <= days_in_month(y, m);
}

int
dates_plausible_year(int y)
{
	return y >= 1880 && y <= 2099;
}

/* Digits at s[i..): their count (capped at 15) and value. */
size_t
dates_digits(const char *s, size_t n, size_t i, long *val)
{
	size_t k = 0;
	long v = 0;

	while (i + k < n && IS_DIGIT(s[i + k]) && k < 15) {
		v = v * 10 + (s[i + k] - '0');
		k++;
	}
	*val = v;
	return k;
}

/* A month name or abbreviation ("Mar", "Sept.", "MARCH") at s[i..);
 * returns the month (1-12) and sets *len (including a trailing '.' after
 * an abbreviation), else 0. */
int
dates_month_word(const char *s, size_t n, size_t i, size_t *len)
{
	char w[10];
	size_t k = 0, m;

	while (i + k < n && IS_ALPHA(s[i + k])) {
		if (k == sizeof(w) - 1)
			return 0;
		w[k] = LOWER(s[i + k]);
		k++;
	}
	if (k < 3)
		return 0;
	w[k] = '\0';
	for (m = 0; m < 12; m++) {
		size_t fl = strlen(month_names[m]);

		if (k == fl && memcmp(w, month_names[m], k) == 0) {
			*len = k;
			return (int)m + 1;
		}
		if ((k == 3 && memcmp(w, month_names[m], 3) == 0) ||
		    (m == 8 && k == 4 && memcmp(w, "sept", 4) == 0)) {
			*len = k;
			if (i + k < n && s[i + k] == '.')
				(*len)++;
			return (int)m + 1;
		}
	}
	return 0;
}

/* Not glued to a following digit, letter or another date-like part
 * ("1.2.3.4", "2024-03-12-rc1"). */
int
dates_ends_clean(const char *s, size_t n, size_t e)
{
	if (e >= n)
		return 1;
	if (IS_ALNUM(s[e]) || s[e] == '_')
		return 0;
	if ((s[e] == '.' || s[e] == '-' || s[e] == '/' || s[e] == ':') &&
	    e + 1 < n && IS_DIGIT(s[e + 1]))
		return 0;
	if (s[e] == '-' && e + 1 < n && IS_ALPHA(s[e + 1]))
		return 0;		/* "2024-03-12-rc1" is a tag */
	return 1;
}

/* "T08:30", "T08:30:00.123Z", "T083000-0500" after an ISO date: one token
 * with it.  Returns the length of the time part or 0. */
static size_t
iso_time(const char *s, size_t n, size_t i)
{
	size_t k = i;
	long v;

	if (k >= n || s[k] != 'T')
		return 0;
	k++;
	if (dates_digits(s, n, k, &v) != 2 || v > 23)
		return 0;
	k += 2;
	if (k < n && s[k] == ':')
		k++;
	if (dates_digits(s, n, k, &v) != 2 || v > 59)
		return 0;
	k += 2;
	if (k + 2 < n && s[k] == ':' && IS_DIGIT(s[k + 1])) {
		if (dates_digits(s, n, k + 1, &v) != 2 || v > 60)
			return 0;
		k += 3;
		if (k + 1 < n && (s[k] == '.' || s[k] == ',') &&
		    IS_DIGIT(s[k + 1])) {
			k++;
			while (k < n && IS_DIGIT(s[k]))
				k++;
		}
	}
	if (k < n && s[k] == 'Z') {
		k++;
	} else if (k + 2 < n && (s[k] == '+' || s[k] == '-') &&
		   dates_digits(s, n, k + 1, &v) >= 2) {
		size_t d = dates_digits(s, n, k + 1, &v);

		if (d == 2 && k + 5 < n && s[k + 3] == ':' &&
		    dates_digits(s, n, k + 4, &v) == 2)
			k += 6;
		else if (d == 2 || d == 4)
			k += 1 + d;
	}
	return k - i;
}

/* YYYYMMDD[HH[MM[SS[.f]]]][+-ZZZZ], the HL7 v2 DTM and compact form. */
static size_t
compact_date(const char *s, size_t n, size_t nd)
{
	long y, m, d, hh, mm, ss;
	size_t k;

	/* No 10-digit YYYYMMDDHH: it collides with phone numbers and NPIs. */
	if (nd != 8 && nd != 12 && nd != 14)
		return 0;
	dates_digits(s, 4, 0, &y);
	dates_digits(s + 4, 2, 0, &m);
	dates_digits(s + 6, 2, 0, &d);
	if (!dates_plausible_year((int)y) || !dates_valid_ymd((int)y, (int)m, (int)d))
		return 0;
	if (nd >= 12) {
		dates_digits(s + 8, 2, 0, &hh);
		if (hh > 23)
			return 0;
	}
	if (nd >= 12) {
		dates_digits(s + 10, 2, 0, &mm);
		if (mm > 59)
			return 0;
	}
	if (nd == 14) {
		dates_digits(s + 12, 2, 0, &ss);
		if (ss > 60)
			return 0;
	}
	k = nd;
	if (nd == 14 && k + 1 < n && s[k] == '.' && IS_DIGIT(s[k + 1])) {
		k++;
		while (k < n && IS_DIGIT(s[k]))
			k++;
	}
	if (nd >= 12 && k + 4 < n && (s[k] == '+' || s[k] == '-') &&
	    dates_digits(s, n, k + 1, &hh) == 4)
		k += 5;
	return dates_ends_clean(s, n, k) ? k : 0;
}

/* "st", "nd", "rd", "th" after a day number. */
int
dates_ordinal_suffix(char a, char b)
{
	return (a == 's' && b == 't') || (a == 'n' && b == 'd') ||
	       (a == 'r' && b == 'd') || (a == 't' && b == 'h');
}

/* Day then month name: "4 Mar 1961", "4th March 1961", "4th of March,
 * 1961", "05-MAR-2024", "04-Mar-61". */
static size_t
day_month_year(const char *s, size_t n, size_t nd, long day)
{
	size_t k = nd, ml;
	long y;
	size_t yd;
	int m;
	char sep;

	if (k + 1 < n && dates_ordinal_suffix(s[k], s[k + 1]))
		k += 2;
	if (k >= n)
		return 0;
	sep = s[k];
	if (sep != ' ' && sep != '-' && sep != '/')
		return 0;
	k++;
	/* "3rd of March 2021", "the 3 of March" */
	if (sep == ' ' && k + 3 < n && (s[k] == 'o' || s[k] == 'O') &&
	    (s[k + 1] == 'f' || s[k + 1] == 'F') && s[k + 2] == ' ')
		k += 3;
	m = dates_month_word(s, n, k, &ml);
	if (m == 0)
		return 0;
	k += ml;
	if (sep == ' ') {
		if (k < n && s[k] == ',')
			k++;
		if (k >= n || s[k] != ' ')
			return 0;
	} else if (k >= n || s[k] != sep) {
		return 0;
	}
	k++;
	yd = dates_digits(s, n, k, &y);
	if (yd == 4) {
		if (!dates_plausible_year((int)y))
			return 0;
	} else if (!(yd == 2 && sep != ' ')) {
		return 0;
	} else {
		y = -1;
	}
	if (!dates_valid_ymd((int)y, m, (int)day))
		return 0;
	k += yd;
	return dates_ends_clean(s, n, k) ? k : 0;
}

/* "04MAR1961", "4Mar1961": day, a month's three letters and a
 * four-digit year glued (SAS DATE9., pharmacy and military records). */
static size_t
day_mon_glued(const char *s, size_t n, size_t nd, long day)
{
	size_t k = nd, ml;
	long y;
	int m;

	m = dates_month_word(s, n, k, &ml);
	if (m == 0 || ml != 3)
		return 0;
	k += 3;
	if (dates_digits(s, n, k, &y) != 4 || !dates_plausible_year((int)y) ||
	    !dates_valid_ymd((int)y, m, (int)day))
		return 0;
	k += 4;
	return dates_ends_clean(s, n, k) ? k : 0;
}

/* Month name first: "March 4, 1961", "Mar. 4 1961", "March 4th, 1961". */
static size_t
month_day_year(const char *s, size_t n)
{
	size_t k, ml, dd, yd;
	long d, y;
	int m;

	m = dates_month_word(s, n, 0, &ml);
	if (m == 0)
		return 0;
	k = ml;
	if (k >= n || (s[k] != ' ' && s[k] != '-'))
		return 0;
	k++;
	dd = dates_digits(s, n, k, &d);
	if (dd == 0 || dd > 2)
		return 0;
	k += dd;
	if (k + 1 < n && dates_ordinal_suffix(s[k], s[k + 1]))
		k += 2;
	if (k < n && s[k] == ',')
		k++;
	if (k < n && s[k] == '-' && s[ml] == '-')
		k++;
	else if (k < n && s[k] == ' ')
		k++;
	else
		return 0;
	yd = dates_digits(s, n, k, &y);
	if (yd != 4 || !dates_plausible_year((int)y) ||
	    !dates_valid_ymd((int)y, m, (int)d))
		return 0;
	k += yd;
	return dates_ends_clean(s, n, k) ? k : 0;
}

/* Numbers with '/', '-' or '.' between them: Y-M-D, M/D/Y, D/M/Y. */
static size_t
numeric_date(const char *s, size_t n, size_t n1, long v1)
{
	size_t k = n1, n2, n3;
	long v2, v3;
	char sep;

	if (k + 1 >= n)
		return 0;
	sep = s[k];
	if (sep != '/' && sep != '-' && sep != '.')
		return 0;
	n2 = dates_digits(s, n, k + 1, &v2);
	if (n2 == 0 || n2 > 2)
		return 0;
	k += 1 + n2;
	if (k + 1 >= n || s[k] != sep)
		return 0;
	n3 = dates_digits(s, n, k + 1, &v3);
	k += 1 + n3;
	if (n1 == 4) {
		size_t t;

		if (n3 == 0 || n3 > 2 || !dates_plausible_year((int)v1) ||
		    !dates_valid_ymd((int)v1, (int)v2, (int)v3))
			return 0;
		if (sep == '-' && (t = iso_time(s, n, k)) > 0)
			k += t;
		return dates_ends_clean(s, n, k) ? k : 0;
	}
	if (n1 > 2)
		return 0;
	if (n3 == 4) {
		if (!dates_plausible_year((int)v3))
			return 0;
	} else if (n3 == 2 && sep != '.') {
		/* "3.10.12" is a version far more often than a date. */
		v3 = -1;
	} else {
		return 0;
	}
	if (!dates_valid_ymd((int)v3, (int)v1, (int)v2) &&
	    !dates_valid_ymd((int)v3, (int)v2, (int)v1))
		return 0;
	return dates_ends_clean(s, n, k) ? k : 0;
}

size_t
phi_date_length(const char *s, size_t n)
{
	long v;
	size_t nd;

	if (s == NULL || n == 0)
		return 0;
	if (IS_ALPHA(s[0]))
		return month_day_year(s, n);
	if (!IS_DIGIT(s[0]))
		return 0;
	nd = dates_digits(s, n, 0, &v);
	if (nd >= 8) {
		if (nd < n && IS_DIGIT(s[nd]))
			return 0;	/* longer than 15 digits */
		return compact_date(s, n, nd);
	}
	if (nd <= 2) {
		size_t r = day_month_year(s, n, nd, v);

		if (r == 0 && nd < n && IS_ALPHA(s[nd]))
			r = day_mon_glued(s, n, nd, v);
		if (r > 0)
			return r;
	}
	return numeric_date(s, n, nd, v);
}
