/* test_timefmt.c -- RFC 3339 parsing (offsets, leap years, leap second,
 * rejects), formatting against gmtime_r, $COMPLYKIT_NOW. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "common/timefmt.h"

/* Parses s and checks its UTC form. */
static void
norm(const char *s, const char *want)
{
	struct ck_time t;
	char out[CK_TIME_LEN];

	if (ck_time_parse(s, &t) != 0)
		fail_msg("rejected valid time '%s'", s);
	ck_time_format(&t, out);
	assert_string_equal(out, want);
}

static void
bad(const char *s)
{
	struct ck_time t;

	if (ck_time_parse(s, &t) != -1)
		fail_msg("accepted invalid time '%s'", s ? s : "(null)");
}

static void
test_parse_utc(void **state)
{
	struct ck_time t;

	(void)state;
	assert_int_equal(ck_time_parse("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t.sec, 0);
	assert_int_equal(t.usec, 0);
	norm("2026-11-22T19:41:07.123456Z", "2026-11-22T19:41:07.123456Z");
	norm("2026-11-22t19:41:07z", "2026-11-22T19:41:07.000000Z");
	norm("2026-11-22T19:41:07.5Z", "2026-11-22T19:41:07.500000Z");
	/* Below a microsecond is truncated, never rounded up. */
	norm("2026-11-22T19:41:07.999999999Z", "2026-11-22T19:41:07.999999Z");
	norm("0000-01-01T00:00:00Z", "0000-01-01T00:00:00.000000Z");
	norm("9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z");
	assert_int_equal(ck_time_parse("2038-01-19T03:14:08Z", &t), 0);
	assert_int_equal(t.sec, INT64_C(2147483648));
	assert_int_equal(ck_time_parse("1969-12-31T23:59:59.25Z", &t), 0);
	assert_int_equal(t.sec, -1);
	assert_int_equal(t.usec, 250000);
}

static void
test_parse_offsets(void **state)
{
	(void)state;
	norm("2026-11-22T20:41:07.123456+01:00", "2026-11-22T19:41:07.123456Z");
	norm("2026-11-22T14:11:07-05:30", "2026-11-22T19:41:07.000000Z");
	norm("2026-11-22T19:41:07-00:00", "2026-11-22T19:41:07.000000Z");
	/* Offsets that cross a day, a month and a year. */
	norm("2027-01-01T00:30:00+01:00", "2026-12-31T23:30:00.000000Z");
	norm("2026-02-28T23:00:00-02:00", "2026-03-01T01:00:00.000000Z");
	norm("2024-02-28T23:00:00-02:00", "2024-02-29T01:00:00.000000Z");
	norm("2026-06-15T12:00:00+23:59", "2026-06-14T12:01:00.000000Z");
}

static void
test_leap_years_and_second(void **state)
{
	(void)state;
	norm("2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000000Z");
	norm("2000-02-29T12:00:00Z", "2000-02-29T12:00:00.000000Z");
	norm("1600-02-29T12:00:00Z", "1600-02-29T12:00:00.000000Z");
	bad("2026-02-29T00:00:00Z");
	bad("1900-02-29T00:00:00Z");
	bad("2100-02-29T00:00:00Z");
	bad("2024-02-30T00:00:00Z");
	/* RFC 3339 5.7: second 60 is a leap second. */
	norm("2016-12-31T23:59:60Z", "2016-12-31T23:59:59.999999Z");
	norm("2016-12-31T23:59:60.5Z", "2016-12-31T23:59:59.999999Z");
	norm("2017-01-01T00:59:60+01:00", "2016-12-31T23:59:59.999999Z");
}

static void
test_rejects(void **state)
{
	(void)state;
	bad("2026-11-22T24:00:00Z");
	bad("2026-11-22T23:60:00Z");
	bad("2026-11-22T23:59:61Z");
	bad("2026-13-01T00:00:00Z");
	bad("2026-00-01T00:00:00Z");
	bad("2026-11-00T00:00:00Z");
	bad("2026-04-31T00:00:00Z");
	bad("2026-11-22T19:41:07");		/* no offset */
	bad("2026-11-22 19:41:07Z");		/* space */
	bad("2026-11-22T19:41:07Z ");		/* trailing */
	bad(" 2026-11-22T19:41:07Z");
	bad("2026-11-22T19:41:07.Z");		/* empty fraction */
	bad("2026-11-22T19:41:07.1234567890Z");	/* ten digits */
	bad("2026-11-22T19:41:07+0100");
	bad("2026-11-22T19:41:07+01");
	bad("2026-11-22T19:41:07+24:00");
	bad("2026-11-22T19:41:07+01:60");
	bad("2026-11-22T19:41:07+01:00x");
	bad("2026-1-22T19:41:07Z");
	bad("+026-11-22T19:41:07Z");
	bad("2026-11-22T1 :41:07Z");
	bad("2026-11-22");
	bad("");
	bad(NULL);
}

static void
test_format_matches_gmtime(void **state)
{
	char out[CK_TIME_LEN], want[64];
	struct ck_time t, back;
	struct tm tm;
	uint64_t x = 88172645463325252ULL;
	time_t tt;
	int i;

	(void)state;
	if (sizeof(time_t) < 8)
		skip();
	/* xorshift over years 0000..9999, checked against the C library and
	 * parsed back. */
	for (i = 0; i < 200000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		t.sec = -62167219200LL +
			(int64_t)(x % (253402300800ULL + 62167219200ULL));
		t.usec = (int32_t)(x >> 40) % 1000000;
		tt = (time_t)t.sec;
		assert_non_null(gmtime_r(&tt, &tm));
		snprintf(want, sizeof(want),
			 "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			 tm.tm_hour, tm.tm_min, tm.tm_sec, (int)t.usec);
		ck_time_format(&t, out);
		assert_string_equal(out, want);
		assert_int_equal(ck_time_parse(out, &back), 0);
		assert_int_equal(back.sec, t.sec);
		assert_int_equal(back.usec, t.usec);
	}
}

static void
test_format_clamps(void **state)
{
	struct ck_time t;
	char out[CK_TIME_LEN];

	(void)state;
	t.sec = INT64_MAX;
	t.usec = 0;
	ck_time_format(&t, out);
	assert_string_equal(out, "9999-12-31T23:59:59.999999Z");
	t.sec = INT64_MIN;
	ck_time_format(&t, out);
	assert_string_equal(out, "0000-01-01T00:00:00.000000Z");
	assert_int_equal(strlen(out), CK_TIME_LEN - 1);
}

static void
test_now(void **state)
{
	struct ck_time t;
	char out[CK_TIME_LEN];
	time_t before;

	(void)state;
	setenv("COMPLYKIT_NOW", "2026-11-22T19:41:07.123456Z", 1);
	assert_int_equal(ck_time_now(&t), 0);
	ck_time_format(&t, out);
	assert_string_equal(out, "2026-11-22T19:41:07.123456Z");
	setenv("COMPLYKIT_NOW", "yesterday", 1);
	assert_int_equal(ck_time_now(&t), -1);
	unsetenv("COMPLYKIT_NOW");
	before = time(NULL);
	assert_int_equal(ck_time_now(&t), 0);
	assert_true(t.sec >= (int64_t)before && t.sec <= (int64_t)before + 2);
	assert_true(t.usec >= 0 && t.usec <= 999999);
}

/* The calendar pair: fixed points, both directions, and a round trip over
 * four centuries each side of the epoch (leap days, the 100/400 rules). */
static void
test_days_civil(void)
{
	int64_t z, y;
	unsigned m, d;

	assert_int_equal(ck_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(ck_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(ck_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(ck_days_from_civil(0, 1, 1), -719528);
	assert_int_equal(ck_days_from_civil(9999, 12, 31), 2932896);
	assert_int_equal(ck_days_from_civil(1900, 3, 1) -
			 ck_days_from_civil(1900, 2, 28), 1);
	assert_int_equal(ck_days_from_civil(2000, 3, 1) -
			 ck_days_from_civil(2000, 2, 28), 2);
	ck_civil_from_days(-1, &y, &m, &d);
	assert_true(y == 1969 && m == 12 && d == 31);
	ck_civil_from_days(11016, &y, &m, &d);
	assert_true(y == 2000 && m == 2 && d == 29);
	for (z = -146097; z <= 146097; z++) {
		ck_civil_from_days(z, &y, &m, &d);
		assert_true(m >= 1 && m <= 12 && d >= 1 && d <= 31);
		assert_int_equal(ck_days_from_civil(y, m, d), z);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_utc),
		cmocka_unit_test(test_parse_offsets),
		cmocka_unit_test(test_leap_years_and_second),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_format_matches_gmtime),
		cmocka_unit_test(test_format_clamps),
		cmocka_unit_test(test_now),
		cmocka_unit_test(test_days_civil),
	};

	return cmocka_run_group_tests_name("timefmt", tests, NULL, NULL);
}
