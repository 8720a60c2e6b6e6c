/* timefmt.c -- RFC 3339 UTC times with microseconds.
 *
 * Civil dates are converted with the days-from-civil arithmetic of the
 * proleptic Gregorian calendar (H. Hinnant), not timegm/gmtime: the result
 * does not depend on TZ, on the C library, or on the width of time_t. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "common/timefmt.h"

/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the four-digit years of
 * RFC 3339, and what fits the 27-character form. */
#define SEC_MIN INT64_C(-62167219200)
#define SEC_MAX INT64_C(253402300799)

int64_t
ck_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
ck_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned
month_days(int64_t y, unsigned m)
{
	static const unsigned char days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Exactly n ASCII digits (no sign, no space, unlike strtol). */
static int
digits(const char **sp, int n, unsigned *out)
{
	const char *s = *sp;
	unsigned v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*sp = s + n;
	*out = v;
	return 0;
}

static int
expect(const char **sp, char c)
{
	if (**sp != c)
		return -1;
	(*sp)++;
	return 0;
}

int
ck_time_parse(const char *s, struct ck_time *t)
{
	unsigned y, mo, d, h, mi, se, oh = 0, om = 0, frac = 0;
	int i, sign = 0;
	int64_t sec;

	if (s == NULL)
		return -1;
	/* RFC 3339 section 5.6: full-date "T" full-time. */
	if (digits(&s, 4, &y) < 0 || expect(&s, '-') < 0 ||
	    digits(&s, 2, &mo) < 0 || expect(&s, '-') < 0 ||
	    digits(&s, 2, &d) < 0)
		return -1;
	if (*s != 'T' && *s != 't')
		return -1;
	s++;
	if (digits(&s, 2, &h) < 0 || expect(&s, ':') < 0 ||
	    digits(&s, 2, &mi) < 0 || expect(&s, ':') < 0 ||
	    digits(&s, 2, &se) < 0)
		return -1;
	if (*s == '.') {
		s++;
		for (i = 0; s[i] >= '0' && s[i] <= '9'; i++) {
			if (i >= 9)
				return -1;
			/* Below a microsecond is truncated, not rounded, so
			 * a time never moves into the next second. */
			if (i < 6)
				frac = frac * 10 + (unsigned)(s[i] - '0');
		}
		if (i == 0)
			return -1;
		for (; i < 6; i++)
			frac *= 10;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = *s == '+' ? 1 : -1;
		s++;
		if (digits(&s, 2, &oh) < 0 || expect(&s, ':') < 0 ||
		    digits(&s, 2, &om) < 0)
			return -1;
	} else {
		return -1;
	}
	if (*s != '\0')
		return -1;
	/* RFC 3339 section 5.7 ranges; 24:00 is not a time of day here. */
	if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) ||
	    h > 23 || mi > 59 || se > 60 || oh > 23 || om > 59)
		return -1;
	if (se == 60) {
		/* A leap second is kept inside its minute, as the last
		 * representable instant, so order is preserved. */
		se = 59;
		frac = 999999;
	}
	sec = ck_days_from_civil(y, mo, d) * 86400 +
	      (int64_t)h * 3600 + (int64_t)mi * 60 + se;
	/* Local time = UTC + offset. */
	sec -= sign * ((int64_t)oh * 3600 + (int64_t)om * 60);
	t->sec = sec;
	t->usec = (int32_t)frac;
	return 0;
}

/* n decimal digits, zero-padded; the ranges are fixed above, so the
 * 27-character layout cannot shift. */
static void
put(char *p, unsigned v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void
ck_time_format(const struct ck_time *t, char out[CK_TIME_LEN])
{
	int64_t sec = t->sec, days, rem, y;
	int32_t usec = t->usec;
	unsigned m, d;

	if (usec < 0 || usec > 999999)
		usec = 0;
	if (sec < SEC_MIN) {
		sec = SEC_MIN;
		usec = 0;
	} else if (sec > SEC_MAX) {
		sec = SEC_MAX;
		usec = 999999;
	}
	days = sec / 86400;
	rem = sec % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	ck_civil_from_days(days, &y, &m, &d);
	put(out, (unsigned)y, 4);
	out[4] = '-';
	put(out + 5, m, 2);
	out[7] = '-';
	put(out + 8, d, 2);
	out[10] = 'T';
	put(out + 11, (unsigned)(rem / 3600), 2);
	out[13] = ':';
	put(out + 14, (unsigned)(rem / 60 % 60), 2);
	out[16] = ':';
	put(out + 17, (unsigned)(rem % 60), 2);
	out[19] = '.';
	put(out + 20, (unsigned)usec, 6);
	out[26] = 'Z';
	out[27] = '\0';
}

int
ck_time_now(struct ck_time *t)
{
	const char *fixed = getenv("COMPLYKIT_NOW");
	struct timespec ts;

	if (fixed != NULL && *fixed != '\0') {
		if (ck_time_parse(fixed, t) < 0) {
			errno = EINVAL;
			return -1;
		}
		return 0;
	}
	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return -1;
	t->sec = (int64_t)ts.tv_sec;
	t->usec = (int32_t)(ts.tv_nsec / 1000);
	return 0;
}
