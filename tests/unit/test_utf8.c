/* test_utf8.c -- RFC 3629 edge cases and the 8-byte ASCII fast path. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/utf8.h"

#define CHECK(lit, expect) \
	assert_int_equal(ck_utf8_check(lit, sizeof(lit) - 1), (expect))

static void
test_valid(void **state)
{
	(void)state;
	CHECK("", 0);
	CHECK("plain ascii text", 16);
	CHECK("caf\xc3\xa9", 5);
	CHECK("\xe2\x82\xac", 3);			/* U+20AC */
	CHECK("\xf0\x9f\x98\x80", 4);			/* U+1F600 */
	CHECK("\xc2\x80", 2);				/* U+0080 */
	CHECK("\xdf\xbf", 2);				/* U+07FF */
	CHECK("\xe0\xa0\x80", 3);			/* U+0800 */
	CHECK("\xed\x9f\xbf", 3);			/* U+D7FF */
	CHECK("\xee\x80\x80", 3);			/* U+E000 */
	CHECK("\xef\xbf\xbf", 3);			/* U+FFFF */
	CHECK("\xf0\x90\x80\x80", 4);			/* U+10000 */
	CHECK("\xf4\x8f\xbf\xbf", 4);			/* U+10FFFF */
	/* NUL is valid UTF-8; callers that refuse it do so themselves. */
	CHECK("a\0b", 3);
}

static void
test_invalid(void **state)
{
	(void)state;
	CHECK("\xc0\x80", 0);				/* overlong NUL */
	CHECK("\xc1\xbf", 0);				/* overlong */
	CHECK("ab\xe0\x80\xaf", 2);			/* overlong '/' */
	CHECK("\xe0\x9f\xbf", 0);			/* overlong U+07FF */
	CHECK("\xf0\x8f\xbf\xbf", 0);			/* overlong U+FFFF */
	CHECK("x\xed\xa0\x80", 1);			/* surrogate D800 */
	CHECK("\xed\xbf\xbf", 0);			/* surrogate DFFF */
	CHECK("\xf4\x90\x80\x80", 0);			/* U+110000 */
	CHECK("\xf5\x80\x80\x80", 0);
	CHECK("\xff", 0);
	CHECK("\xfe", 0);
	CHECK("abc\x80", 3);				/* lone continuation */
	CHECK("\xc3\x28", 0);				/* bad continuation */
	CHECK("\xe2\x82\x28", 0);
	CHECK("\xf0\x9f\x98\x28", 0);
}

static void
test_truncated_at_end(void **state)
{
	(void)state;
	/* A cut-off sequence is invalid at its first byte. */
	CHECK("abc\xc3", 3);
	CHECK("abc\xe2\x82", 3);
	CHECK("abc\xf0\x9f\x98", 3);
	CHECK("\xf0", 0);
	/* Cut by len, not by content. */
	assert_int_equal(ck_utf8_check("ab\xe2\x82\xac", 4), 2);
}

static void
test_fast_path_positions(void **state)
{
	char buf[64];
	size_t i;

	(void)state;
	/* An invalid byte at each position of a long ASCII run must be found
	 * exactly, whether it falls in an 8-byte word or in the tail. */
	for (i = 0; i < sizeof(buf); i++) {
		memset(buf, 'a', sizeof(buf));
		buf[i] = (char)0xff;
		assert_int_equal(ck_utf8_check(buf, sizeof(buf)), i);
	}
	memset(buf, 'a', sizeof(buf));
	memcpy(buf + 13, "\xf0\x9f\x98\x80", 4);
	assert_int_equal(ck_utf8_check(buf, sizeof(buf)), sizeof(buf));
	/* Truncated 4-byte sequence right at the end. */
	memcpy(buf + 61, "\xf0\x9f\x98", 3);
	assert_int_equal(ck_utf8_check(buf, sizeof(buf)), 61);
}

static void
test_decode(void **state)
{
	uint32_t cp = 0;

	(void)state;
	assert_int_equal(ck_utf8_decode((const unsigned char *)"A", 1, &cp), 1);
	assert_int_equal(cp, 0x41);
	assert_int_equal(ck_utf8_decode((const unsigned char *)"\xc3\xa9", 2,
					&cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(ck_utf8_decode((const unsigned char *)"\xe2\x82\xac",
					3, &cp), 3);
	assert_int_equal(cp, 0x20AC);
	assert_int_equal(ck_utf8_decode(
		(const unsigned char *)"\xf4\x8f\xbf\xbf", 4, &cp), 4);
	assert_int_equal(cp, 0x10FFFF);
	assert_int_equal(ck_utf8_decode((const unsigned char *)"\xed\xa0\x80",
					3, &cp), 0);
	assert_int_equal(ck_utf8_decode((const unsigned char *)"\xe2\x82\xac",
					2, &cp), 0);
	assert_int_equal(ck_utf8_decode((const unsigned char *)"", 0, &cp), 0);
	assert_int_equal(ck_utf8_seqlen((const unsigned char *)"\xf0\x9f\x98\x80",
					4), 4);
	assert_int_equal(ck_utf8_seqlen((const unsigned char *)"\xc0\x80", 2), 0);
}

static void
test_exhaustive_two_three_bytes(void **state)
{
	unsigned char s[3];
	unsigned a, b, c;
	uint32_t cp;
	int n, want;

	(void)state;
	/* Every 2- and 3-byte pattern against the RFC 3629 definition:
	 * valid iff it decodes to the shortest form of a scalar value. */
	for (a = 0xC0; a <= 0xEF; a++)
		for (b = 0; b < 256; b++)
			for (c = 0; c < 256; c++) {
				s[0] = (unsigned char)a;
				s[1] = (unsigned char)b;
				s[2] = (unsigned char)c;
				if (a < 0xE0 && c > 0)
					continue;
				n = ck_utf8_decode(s, a < 0xE0 ? 2 : 3, &cp);
				if (a < 0xE0) {
					cp = (a & 0x1Fu) << 6 | (b & 0x3Fu);
					want = (b & 0xC0) == 0x80 &&
					       cp >= 0x80 ? 2 : 0;
				} else {
					cp = (a & 0x0Fu) << 12 |
					     (b & 0x3Fu) << 6 | (c & 0x3Fu);
					want = (b & 0xC0) == 0x80 &&
					       (c & 0xC0) == 0x80 &&
					       cp >= 0x800 &&
					       (cp < 0xD800 || cp > 0xDFFF)
					       ? 3 : 0;
				}
				assert_int_equal(n, want);
			}
}

/* The four hex digits of a \u escape, both cases; anything else is 0. */
static void
test_hex4(void **state)
{
	uint32_t v;

	(void)state;
	assert_int_equal(ck_utf8_hex4("00e9", &v), 1);
	assert_int_equal(v, 0xe9);
	assert_int_equal(ck_utf8_hex4("D83D", &v), 1);
	assert_int_equal(v, 0xd83d);
	assert_int_equal(ck_utf8_hex4("fFfF", &v), 1);
	assert_int_equal(v, 0xffff);
	assert_int_equal(ck_utf8_hex4("00g0", &v), 0);
	assert_int_equal(ck_utf8_hex4("12 4", &v), 0);
	assert_int_equal(ck_utf8_hex4("\xff" "123", &v), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_truncated_at_end),
		cmocka_unit_test(test_fast_path_positions),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_exhaustive_two_three_bytes),
		cmocka_unit_test(test_hex4),
	};

	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
