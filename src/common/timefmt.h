/* timefmt.h -- RFC 3339 UTC times with microseconds, as CONTRACT fixes:
 * 2026-11-22T19:41:07.123456Z */
#ifndef CK_TIMEFMT_H
#define CK_TIMEFMT_H

#include <stdint.h>

#define CK_TIME_LEN 28	/* 27 characters and the NUL */

struct ck_time {
	int64_t sec;	/* seconds since the Unix epoch, UTC */
	int32_t usec;	/* 0..999999 */
};

/* Current time; honours $COMPLYKIT_NOW (an RFC 3339 time) so tests and
 * reproducible runs can fix the clock.  0, or -1 (errno EINVAL when
 * $COMPLYKIT_NOW does not parse). */
int ck_time_now(struct ck_time *t);
/* Always the UTC "Z" form with six fraction digits; times outside years
 * 0000..9999 are clamped to those bounds. */
void ck_time_format(const struct ck_time *t, char out[CK_TIME_LEN]);
/* Parses RFC 3339 (any offset, 0-9 fraction digits, 'T' or 't', 'Z' or
 * 'z'), normalises to UTC, truncating below a microsecond.  Checks ranges
 * (month days, leap years, leap second 60 accepted as :59.999999).
 * 0 or -1. */
int ck_time_parse(const char *s, struct ck_time *t);

/* Proleptic Gregorian calendar arithmetic (H. Hinnant's days_from_civil and
 * civil_from_days), exact for any year that fits, independent of TZ, the C
 * library and time_t.  Days are counted from 1970-01-01 (day 0); m is
 * 1..12 and d 1..31, unchecked: callers validate the date first. */
int64_t ck_days_from_civil(int64_t y, unsigned m, unsigned d);
/* The inverse: day z since 1970-01-01 to its year, month and day. */
void ck_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

#endif
