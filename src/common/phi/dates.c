/* dates.c -- DATE: calendar dates in the common written forms, kept when
 * they may belong to a person and dropped when the text around them marks
 * them as a system's own time (log and build stamps, release headings,
 * record metadata keys, copyright, card expiry, arithmetic).  This file
 * holds the detector and the dates that are dates only beside a person;
 * see dates_priv.h for the others.
 *
 * HIPAA Safe Harbor (45 CFR 164.514(b)(2)(i)(C)) removes every element of
 * a date but the year that relates to an individual, so the default is to
 * keep a date and the drop rules are about classes of machine text.
 *
 * One linear pass: only positions where a digit run or a word starting
 * with a month's initial begins are looked at. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/phi/phi.h"
#include "common/phi/detect.h"
#include "common/phi/dates_priv.h"
#include "common/phi/bytescan.h"

static void *
dates_init(const struct phi_engine *e, struct ck_error *err)
{
	struct dates_shared *sh = calloc(1, sizeof(*sh));
	const json_t *sec = e ? phi_engine_section(e, "dates") : NULL;

	if (sh == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	if (dates_phrases_load(&sh->keep, sec, "keep", "dates", err) < 0 ||
	    dates_phrases_load(&sh->drop, sec, "drop", "dates", err) < 0 ||
	    dates_phrases_load(&sh->table_drop, sec, "table_drop", "dates",
			       err) < 0 ||
	    dates_phrases_load(&sh->reference, sec, "reference", "dates",
			       err) < 0 ||
	    dates_phrases_load(&sh->math, sec, "math", "dates", err) < 0) {
		dates_phrases_free(&sh->keep);
		dates_phrases_free(&sh->drop);
		dates_phrases_free(&sh->table_drop);
		dates_phrases_free(&sh->reference);
		dates_phrases_free(&sh->math);
		free(sh);
		return NULL;
	}
	return sh;
}

static void
dates_fini(void *p)
{
	struct dates_shared *sh = p;

	if (sh == NULL)
		return;
	dates_phrases_free(&sh->keep);
	dates_phrases_free(&sh->drop);
	dates_phrases_free(&sh->table_drop);
	dates_phrases_free(&sh->reference);
	dates_phrases_free(&sh->math);
	free(sh);
}

static void *
dates_state_new(void *shared)
{
	struct dates_state *st = calloc(1, sizeof(*st));

	if (st != NULL)
		st->sh = shared;
	return st;
}

static void
dates_state_free(void *state)
{
	free(state);
}

static void
dates_begin(void *state, const char *path)
{
	struct dates_state *st = state;

	st->config = path != NULL && dates_config_path(path);
	st->msg_time_len = 0;
	st->tab_delim = 0;
	st->tab_machine = 0;
	st->tab_any_delim = 0;
	st->tab_cells = 0;
	st->tab_person_date = 0;
}

/* 1 if the word at s starts like a month name (three letters, any
 * case): a cheap filter before month_word. */
static int
month_prefix(const char *s, size_t n)
{
	uint32_t k;

	if (n < 3)
		return 0;
	k = (uint32_t)(unsigned char)(s[0] | 0x20) << 16 |
	    (uint32_t)(unsigned char)(s[1] | 0x20) << 8 |
	    (uint32_t)(unsigned char)(s[2] | 0x20);
	switch (k) {
	case 0x6a616e: case 0x666562: case 0x6d6172: case 0x617072:
	case 0x6d6179: case 0x6a756e: case 0x6a756c: case 0x617567:
	case 0x736570: case 0x6f6374: case 0x6e6f76: case 0x646563:
		return 1;
	}
	return 0;
}

static int
push(struct phi_cands *out, const struct phi_window *w, size_t s, size_t e,
     int conf, int weight, int prio, const char *rule, struct ck_error *err)
{
	if (phi_cands_push(out, w->base + s, w->base + e, PHI_DATE, conf,
			   weight, prio, rule) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

/* Offset of the first ASCII digit in b[i..n), or n: every written date
 * holds a digit, so text without digits is skipped at memory speed. */
static size_t
next_digit(const char *b, size_t i, size_t n)
{
	return phi_next_of(b, i, n, PHI_BC_DIGIT);
}

/* "March 4, 1961": the month word before the day at b[i], or i. */
static size_t
month_before(const char *b, size_t i)
{
	size_t k = i, e;

	if (k < 4 || (b[k - 1] != ' ' && b[k - 1] != '-'))
		return i;
	k--;
	if (b[k - 1] == '.')
		k--;
	e = k;
	while (k > 0 && IS_ALPHA(b[k - 1]) && e - k < 10)
		k--;
	if (e - k < 3 || (k > 0 && (IS_ALNUM(b[k - 1]) || b[k - 1] == '_')) ||
	    !month_prefix(b + k, e - k))
		return i;
	return k;
}

/* ---- dates that are dates only beside a person ---------------------- */

/* "Jun 27", "November 27th", "Thursday, May 21", "the 3rd of May", "the
 * 18th", "13.04.60": month and day without the year, or a day-first date
 * with a two-digit year that reads as a version just as well.  Safe
 * Harbor removes them when they date a person's care or life, so they are
 * reported only when the words before them on the line tie them to one
 * (the "keep" phrases) or a date label ("Event date:") asks for a date. */

static int
weak_end(const char *b, size_t n, size_t k)
{
	if (!dates_ends_clean(b, n, k))
		return 0;
	/* "Jun 27 10:22:01 host", "May 3, 4 and 5": a number follows. */
	while (k < n && (b[k] == ' ' || b[k] == ',' || b[k] == '\t'))
		k++;
	return !(k < n && IS_DIGIT(b[k]));
}

static int
upper_start(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* Month name (capitalised) at b[ms], one space, the day at b[i]. */
static size_t
yearless_month_day(const char *b, size_t n, size_t ms, size_t i)
{
	size_t ml, dd, k;
	long d;
	int m;

	if (ms >= i || b[i - 1] != ' ' || !upper_start(b[ms]))
		return 0;
	m = dates_month_word(b, n, ms, &ml);
	if (m == 0 || ms + ml + 1 != i)
		return 0;
	dd = dates_digits(b, n, i, &d);
	if (dd == 0 || dd > 2 || !dates_valid_ymd(-1, m, (int)d))
		return 0;
	k = i + dd;
	if (k + 1 < n && dates_ordinal_suffix(LOWER(b[k]), LOWER(b[k + 1])))
		k += 2;
	return weak_end(b, n, k) ? k : 0;
}

/* The day at b[i], then "[of ]Month": "3rd of May", "27 June". */
static size_t
yearless_day_month(const char *b, size_t n, size_t i)
{
	size_t ml, dd, k;
	long d;
	int m;

	dd = dates_digits(b, n, i, &d);
	if (dd == 0 || dd > 2)
		return 0;
	k = i + dd;
	if (k + 1 < n && dates_ordinal_suffix(LOWER(b[k]), LOWER(b[k + 1])))
		k += 2;
	if (k >= n || b[k] != ' ')
		return 0;
	k++;
	if (k + 3 < n && LOWER(b[k]) == 'o' && LOWER(b[k + 1]) == 'f' &&
	    b[k + 2] == ' ')
		k += 3;
	if (k >= n || !upper_start(b[k]))
		return 0;
	m = dates_month_word(b, n, k, &ml);
	if (m == 0 || !dates_valid_ymd(-1, m, (int)d))
		return 0;
	k += ml;
	return weak_end(b, n, k) ? k : 0;
}

/* "the 18th" closing a phrase: "on the 18th.", "planned the 2nd, ...". */
static size_t
the_ordinal(const char *b, size_t n, size_t i)
{
	size_t dd, k;
	long d;

	dd = dates_digits(b, n, i, &d);
	if (dd == 0 || dd > 2 || d < 1 || d > 31 || i + dd + 1 >= n ||
	    !dates_ordinal_suffix(LOWER(b[i + dd]), LOWER(b[i + dd + 1])))
		return 0;
	k = i + dd + 2;
	if (k >= n || b[k] == '\n' || b[k] == '\r')
		return k;
	if (b[k] != '\0' && strchr(".,;:?!)", b[k]) != NULL &&
	    (k + 1 >= n || !IS_ALNUM(b[k + 1])))
		return k;
	return 0;
}

/* "the " (any case, a word) ending at b[i]. */
static int
the_before(const char *b, size_t i)
{
	return i >= 4 && LOWER(b[i - 4]) == 't' && LOWER(b[i - 3]) == 'h' &&
	       LOWER(b[i - 2]) == 'e' && b[i - 1] == ' ' &&
	       (i == 4 || !IS_ALNUM(b[i - 5]));
}

/* DD.MM.YY, two digits each, day first ("2.9.19" is a version). */
static size_t
dotted_yy(const char *b, size_t n, size_t i)
{
	long v1, v2, v3;
	size_t k = i;

	if (dates_digits(b, n, k, &v1) != 2 || k + 8 > n || b[k + 2] != '.' ||
	    dates_digits(b, n, k + 3, &v2) != 2 || b[k + 5] != '.' ||
	    dates_digits(b, n, k + 6, &v3) != 2)
		return 0;
	k += 8;
	if (!dates_valid_ymd(-1, (int)v2, (int)v1))
		return 0;
	return dates_ends_clean(b, n, k) ? k : 0;
}

/* A full weekday name ("Thursday"; with ok3, also "Thu", "Thurs.")
 * ending at b[e]; its start, or e. */
static size_t
weekday_before(const char *b, size_t e, int ok3)
{
	static const char *const days[7] = {
		"monday", "tuesday", "wednesday", "thursday", "friday",
		"saturday", "sunday"
	};
	size_t e0 = e, k = e, l, d, j, full;

	if (ok3 && k > 0 && b[k - 1] == '.')
		e = --k;
	while (k > 0 && IS_ALPHA(b[k - 1]) && e - k < 10)
		k--;
	if (k > 0 && (IS_ALNUM(b[k - 1]) || b[k - 1] == '_'))
		return e0;
	l = e - k;
	for (d = 0; d < 7; d++) {
		full = strlen(days[d]);
		if (l != full && !(ok3 && l >= 3 && l < full))
			continue;
		for (j = 0; j < l && LOWER(b[k + j]) == days[d][j]; j++)
			;
		if (j == l)
			return k;
	}
	return e0;
}

/* A label asking for a date just before b[s]: "Date:", "Event date/time:",
 * "Date of procedure:". */
static int
date_label_before(const char *b, size_t ls, size_t s)
{
	char t[64];
	size_t i = s, k;

	while (i > ls && (b[i - 1] == ' ' || b[i - 1] == '\t'))
		i--;
	if (i == ls || b[i - 1] != ':')
		return 0;
	i--;
	k = i > ls + 40 ? i - 40 : ls;
	dates_normalise(b + k, i - k, t, sizeof(t));
	return strstr(t, " date ") != NULL || strstr(t, " dt ") != NULL;
}

/* A "drop" phrase right after the date: "Jun 27 release", "May 4 build". */
static int
drop_after(const struct dates_shared *sh, const char *b, size_t n, size_t e)
{
	char t[64];
	size_t le = dates_line_end(b, n, e), lim = e + 40 < le ? e + 40 : le, tl, k;
	int sp = 0;

	tl = dates_normalise(b + e, lim - e, t, sizeof(t));
	/* Its first two words. */
	for (k = 0; k < tl; k++)
		if (t[k] == ' ' && ++sp == 3) {
			tl = k + 1;
			break;
		}
	t[tl] = '\0';
	return dates_phrases_last(&sh->drop, t, tl) > 0;
}

/* What a weak date is: a month name and a day, the same opened by a
 * full weekday name, or a bare number ("13.04.60", "the 18th") that needs
 * its person cue close by. */
enum { WEAK_MONTH, WEAK_WEEKDAY, WEAK_NUMBER };

/* A weak date at b[i] (the first digit): its span [*ws, return), or 0. */
static size_t
weak_date(const char *b, size_t n, size_t i, size_t *ws, int *kind)
{
	size_t e, s;

	*kind = WEAK_NUMBER;
	if ((e = dotted_yy(b, n, i)) > 0) {
		*ws = i;
		return e;
	}
	s = month_before(b, i);
	if (s < i && (e = yearless_month_day(b, n, s, i)) > 0) {
		size_t k = s, d;

		/* "Thursday, May 21", "Thu May 21" */
		if (k >= 2 && b[k - 1] == ' ') {
			k--;
			if (k > 0 && b[k - 1] == ',')
				k--;
			d = weekday_before(b, k, 1);
			if (d < k) {
				if (weekday_before(b, k, 0) < k)
					*kind = WEAK_WEEKDAY;
				s = d;
			}
		}
		if (*kind != WEAK_WEEKDAY)
			*kind = WEAK_MONTH;
		*ws = s;
		return e;
	}
	if ((e = yearless_day_month(b, n, i)) > 0) {
		*kind = WEAK_MONTH;
		*ws = the_before(b, i) ? i - 4 : i;
		return e;
	}
	if (the_before(b, i) && (e = the_ordinal(b, n, i)) > 0) {
		*ws = i - 4;
		return e;
	}
	return 0;
}

static int
dates_scan(void *state, const struct phi_window *w, struct phi_cands *out,
	   struct ck_error *err)
{
	struct dates_state *st = state;
	const char *b = w->buf;
	size_t n = w->len, i = 0, len, s;
	int cls, wk;

	if (w->base == 0) {
		size_t le = 0;

		while (le < n && le < 4096 && b[le] != '\n')
			le++;
		if (le < n)
			dates_table_header(st, b, le);
	}

	while ((i = next_digit(b, i, n)) < n) {
		/* Not a start inside "A123", "x_1", "1.2.3" or "12-34-56". */
		if (i > 0 && (IS_ALNUM(b[i - 1]) || b[i - 1] == '_' ||
			      (i > 1 && (b[i - 1] == '-' || b[i - 1] == '/' ||
					 b[i - 1] == '.' || b[i - 1] == ':') &&
			       IS_DIGIT(b[i - 2])))) {
			while (i < n && IS_DIGIT(b[i]))
				i++;
			continue;
		}
		s = month_before(b, i);
		len = s < i ? phi_date_length(b + s, n - s) : 0;
		if (len == 0) {
			s = i;
			len = phi_date_length(b + i, n - i);
		}
		if (len == 0) {
			len = dates_code_date(b, n, i);
			if (len > 0) {
				if (push(out, w, i, i + len, PHI_CONF_HIGH, 5,
					 PHI_PRIO_CONTEXT, "date.code",
					 err) < 0)
					return -1;
				i += len;
				continue;
			}
			len = dates_code_kwdate(b, n, i, &s);
			if (len > 0) {
				if (push(out, w, s, len, PHI_CONF_HIGH, 5,
					 PHI_PRIO_CONTEXT, "date.code",
					 err) < 0)
					return -1;
				i = len;
				continue;
			}
			len = weak_date(b, n, i, &s, &wk);
			if (len > 0) {
				int cut, ok;
				size_t ls = dates_line_start(b, s, &cut);

				/* The cheap tests first: a person's cue or a
				 * date label, then the full context. */
				ok = wk == WEAK_WEEKDAY ||
				     date_label_before(b, ls, s) ||
				     (wk == WEAK_NUMBER ?
				      dates_cue_near(st->sh, b, ls, s) :
				      dates_keep_before(st->sh, b, ls, s));
				cls = ok ? dates_classify(st, b, n, s, len) :
					   DATE_KEEP;
				ok = ok && cls != DATE_DROP &&
				     !drop_after(st->sh, b, n, len);
				if (ok && push(out, w, s, len,
					       cls == DATE_PERSON ?
					       PHI_CONF_HIGH : PHI_CONF_MEDIUM,
					       3, PHI_PRIO_PATTERN,
					       dates_rule_of(b + s, len - s), err) < 0)
					return -1;
				if (cls != DATE_DROP) {
					i = len;
					continue;
				}
			}
			while (i < n && IS_DIGIT(b[i]))
				i++;
			continue;
		}
		cls = dates_classify(st, b, n, s, s + len);
		if (cls != DATE_DROP &&
		    push(out, w, s, s + len,
			 cls == DATE_PERSON ? PHI_CONF_HIGH : PHI_CONF_MEDIUM,
			 cls == DATE_PERSON ? 5 : 3, PHI_PRIO_PATTERN,
			 dates_rule_of(b + s, len), err) < 0)
			return -1;
		i = s + len;
	}
	return 0;
}

const struct phi_detector phi_detector_dates = {
	"dates", dates_init, dates_fini, dates_state_new, dates_state_free,
	dates_begin, dates_scan
};
