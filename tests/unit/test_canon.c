/* test_canon.c -- RFC 8785: Appendix B numbers, the section 3.2.2 and
 * 3.2.3 examples, UTF-16 member order, string escapes, errors. */
#include <config.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/buf.h"
#include "common/canon.h"
#include "common/hash.h"

static double
from_bits(uint64_t u)
{
	double d;

	memcpy(&d, &u, sizeof(d));
	return d;
}

static void
num(double d, const char *want)
{
	char out[32];

	assert_int_equal(ck_canon_number(d, out), 0);
	assert_string_equal(out, want);
	/* The output reads back as the same double. */
	if (d != 0)
		assert_true(strtod(out, NULL) == d);
}

static void
test_appendix_b(void **state)
{
	static const struct {
		uint64_t bits;
		const char *want;
	} v[] = {
		{ 0x0000000000000000ULL, "0" },
		{ 0x8000000000000000ULL, "0" },
		{ 0x0000000000000001ULL, "5e-324" },
		{ 0x8000000000000001ULL, "-5e-324" },
		{ 0x7fefffffffffffffULL, "1.7976931348623157e+308" },
		{ 0xffefffffffffffffULL, "-1.7976931348623157e+308" },
		{ 0x4340000000000000ULL, "9007199254740992" },
		{ 0xc340000000000000ULL, "-9007199254740992" },
		{ 0x4430000000000000ULL, "295147905179352830000" },
		{ 0x44b52d02c7e14af5ULL, "9.999999999999997e+22" },
		{ 0x44b52d02c7e14af6ULL, "1e+23" },
		{ 0x44b52d02c7e14af7ULL, "1.0000000000000001e+23" },
		{ 0x444b1ae4d6e2ef4eULL, "999999999999999700000" },
		{ 0x444b1ae4d6e2ef4fULL, "999999999999999900000" },
		{ 0x444b1ae4d6e2ef50ULL, "1e+21" },
		{ 0x3eb0c6f7a0b5ed8cULL, "9.999999999999997e-7" },
		{ 0x3eb0c6f7a0b5ed8dULL, "0.000001" },
		{ 0x41b3de4355555553ULL, "333333333.3333332" },
		{ 0x41b3de4355555554ULL, "333333333.33333325" },
		{ 0x41b3de4355555555ULL, "333333333.3333333" },
		{ 0x41b3de4355555556ULL, "333333333.3333334" },
		{ 0x41b3de4355555557ULL, "333333333.33333343" },
		{ 0xbecbf647612f3696ULL, "-0.0000033333333333333333" },
		{ 0x43143ff3c1cb0959ULL, "1424953923781206.2" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		num(from_bits(v[i].bits), v[i].want);
}

static void
test_number_layout(void **state)
{
	char out[32];

	(void)state;
	num(1, "1");
	num(-1, "-1");
	num(100, "100");
	num(0.1, "0.1");
	num(-1.5, "-1.5");
	num(123.456, "123.456");
	num(1e20, "100000000000000000000");
	num(1e21, "1e+21");
	num(1.5e21, "1.5e+21");
	num(1e-6, "0.000001");
	num(1.25e-6, "0.00000125");
	num(1e-7, "1e-7");
	num(1.5e-7, "1.5e-7");
	num(123e-20, "1.23e-18");
	num(1e300, "1e+300");
	num(2.2250738585072014e-308, "2.2250738585072014e-308");
	num(9007199254740993.0, "9007199254740992");
	num(0.30000000000000004, "0.30000000000000004");
	assert_int_equal(ck_canon_number(NAN, out), -1);
	assert_int_equal(ck_canon_number(INFINITY, out), -1);
	assert_int_equal(ck_canon_number(-INFINITY, out), -1);
}

static char *
canon_text(const char *json)
{
	struct ck_error err;
	json_error_t jerr;
	json_t *v;
	char *s;

	v = json_loads(json, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	if (v == NULL)
		fail_msg("bad test json: %s", jerr.text);
	s = ck_canon_string(v, NULL, &err);
	if (s == NULL)
		fail_msg("canon failed: %s", err.msg);
	json_decref(v);
	return s;
}

static void
canon_is(const char *json, const char *want)
{
	char *s = canon_text(json), *again;

	assert_string_equal(s, want);
	/* Canonical text is a fixed point. */
	again = canon_text(s);
	assert_string_equal(again, s);
	free(again);
	free(s);
}

static void
test_rfc_examples(void **state)
{
	(void)state;
	/* Section 3.2.2. */
	canon_is("{\n"
		 "  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, "
		 "0.000000000000000000000000001],\n"
		 "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022"
		 "\\u005c\\\\\\\"\\/\",\n"
		 "  \"literals\": [null, true, false]\n"
		 "}",
		 "{\"literals\":[null,true,false],"
		 "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
		 "\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
	/* Section 3.2.3: sorting by UTF-16 code units. */
	canon_is("{\n"
		 "  \"\\u20ac\": \"Euro Sign\",\n"
		 "  \"\\r\": \"Carriage Return\",\n"
		 "  \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\",\n"
		 "  \"1\": \"One\",\n"
		 "  \"\\ud83d\\ude00\": \"Emoji: Grinning Face\",\n"
		 "  \"\\u0080\": \"Control\",\n"
		 "  \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"\n"
		 "}",
		 "{\"\\r\":\"Carriage Return\",\"1\":\"One\","
		 "\"\xc2\x80\":\"Control\","
		 "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\","
		 "\"\xe2\x82\xac\":\"Euro Sign\","
		 "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
		 "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
}

static void
test_utf16_order(void **state)
{
	(void)state;
	/* U+10000 is D800 DC00 in UTF-16, so it sorts before U+E000 and
	 * U+FFFF, unlike in UTF-8 byte order; but after U+D7FF. */
	canon_is("{\"\\uffff\":3,\"\\ue000\":2,\"\\ud800\\udc00\":1,"
		 "\"\\ud7ff\":0}",
		 "{\"\xed\x9f\xbf\":0,\"\xf0\x90\x80\x80\":1,"
		 "\"\xee\x80\x80\":2,\"\xef\xbf\xbf\":3}");
	/* Prefixes sort first; ASCII by byte. */
	canon_is("{\"ab\":1,\"a\":2,\"B\":3,\"\":4,\"a!\":5}",
		 "{\"\":4,\"B\":3,\"a\":2,\"a!\":5,\"ab\":1}");
}

static void
test_strings_and_nesting(void **state)
{
	char *s;

	(void)state;
	canon_is("[\"\\u0000\\u0001\\u001f\\u007f\\b\\f\\n\\r\\t\\\"\\\\/\"]",
		 "[\"\\u0000\\u0001\\u001f\x7f\\b\\f\\n\\r\\t\\\"\\\\/\"]");
	canon_is("{\"b\":[],\"a\":{},\"c\":[{\"z\":null,\"y\":[1,[2,[3]]]}]}",
		 "{\"a\":{},\"b\":[],\"c\":[{\"y\":[1,[2,[3]]],\"z\":null}]}");
	canon_is("  \"x\"  ", "\"x\"");
	canon_is("-0.0", "0");
	canon_is("[1.0, -0, 10, 1e2]", "[1,0,10,100]");
	/* Not a fixed point for jansson, which refuses integers past
	 * INT64_MAX when it reads the canonical text back. */
	s = canon_text("[12345678901234567890.0]");
	assert_string_equal(s, "[12345678901234567000]");
	free(s);
}

/* The string writer on its own: raw bytes (an embedded NUL, no UTF-8
 * check), the short escapes, lowercase \u00xx, '/' and DEL untouched. */
static void
test_json_append_string(void **state)
{
	static const char in[] = "a\"b\\c\x01\x1f\b\f\n\r\t/\x7f\0\xc3\xa9";
	struct ck_buf b;

	(void)state;
	ck_buf_init(&b);
	assert_int_equal(ck_json_append_string(&b, in, sizeof(in) - 1), 0);
	assert_int_equal(ck_buf_append_char(&b, '\0'), 0);
	assert_string_equal(b.data, "\"a\\\"b\\\\c\\u0001\\u001f"
			    "\\b\\f\\n\\r\\t/\x7f\\u0000\xc3\xa9\"");
	ck_buf_reset(&b);
	assert_int_equal(ck_json_append_string(&b, "", 0), 0);
	assert_int_equal(b.len, 2);
	assert_memory_equal(b.data, "\"\"", 2);
	ck_buf_release(&b);
}

static void
test_integers_as_doubles(void **state)
{
	struct ck_error err;
	json_t *v;
	char *s;

	(void)state;
	v = json_pack("[I,I,I]", (json_int_t)9007199254740993LL,
		      (json_int_t)-9007199254740993LL,
		      (json_int_t)INT64_MAX);
	s = ck_canon_string(v, NULL, &err);
	assert_non_null(s);
	assert_string_equal(s, "[9007199254740992,-9007199254740992,"
			    "9223372036854776000]");
	free(s);
	json_decref(v);
}

static void
test_errors(void **state)
{
	struct ck_buf b = CK_BUF_INIT;
	struct ck_error err;
	json_t *v, *inner;
	int i;

	(void)state;
	/* jansson checks UTF-8 on json_stringn but not with _nocheck. */
	v = json_pack("{s:o}", "k", json_stringn_nocheck("a\xff", 2));
	assert_non_null(v);
	ck_error_clear(&err);
	assert_null(ck_canon_string(v, NULL, &err));
	assert_string_equal(err.msg, "string is not valid UTF-8");
	json_decref(v);
	v = json_object();
	json_object_set_new_nocheck(v, "\xc0\x80", json_true());
	assert_null(ck_canon_string(v, NULL, &err));
	assert_string_equal(err.msg, "object key is not valid UTF-8");
	json_decref(v);
	/* Deeper than any parsed document can be. */
	v = json_array();
	inner = v;
	for (i = 0; i < 3000; i++) {
		json_t *a = json_array();

		json_array_append_new(inner, a);
		inner = a;
	}
	assert_int_equal(ck_canon_append(&b, v, &err), -1);
	assert_non_null(strstr(err.msg, "nested deeper"));
	ck_buf_release(&b);
	json_decref(v);
	assert_int_equal(ck_canon_append(&b, NULL, &err), -1);
}

static void
test_sha256(void **state)
{
	unsigned char d[CK_SHA256_LEN], want[CK_SHA256_LEN];
	struct ck_error err;
	json_t *v;

	(void)state;
	v = json_pack("{s:i,s:s}", "b", 2, "a", "x");
	assert_int_equal(ck_canon_sha256(v, d, &err), 0);
	assert_int_equal(ck_sha256("{\"a\":\"x\",\"b\":2}", 15, want), 0);
	assert_memory_equal(d, want, sizeof(d));
	json_decref(v);
}

/* Compact output is read back by the next tool: a real of 2^63 or more
 * is written with an exponent there (jansson refuses such digits as an
 * integer), while the canonical form keeps RFC 8785's digits. */
static void
test_compact_big_reals(void **state)
{
	static const struct {
		double d;
		const char *compact, *canon;
	} cases[] = {
		{ 1e20, "1e+20", "100000000000000000000" },
		{ -1.2345678901234568e20, "-1.2345678901234568e+20",
		  "-123456789012345680000" },
		{ 9223372036854775808.0, "9.223372036854776e+18",
		  "9223372036854776000" },
		{ 9.2e18, "9200000000000000000", "9200000000000000000" },
		{ 1e21, "1e+21", "1e+21" },
		{ 123.5, "123.5", "123.5" },
		{ 1e-7, "1e-7", "1e-7" },
	};
	struct ck_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct ck_buf b = CK_BUF_INIT;
		json_t *v = json_real(cases[i].d), *back;
		char *c;

		assert_int_equal(ck_json_append_compact(&b, v, &err), 0);
		assert_int_equal(ck_buf_append_char(&b, '\0'), 0);
		assert_string_equal(b.data, cases[i].compact);
		/* read back as the same number */
		back = json_loads(b.data, JSON_DECODE_ANY, NULL);
		assert_non_null(back);
		assert_true(json_number_value(back) == cases[i].d);
		c = ck_canon_string(v, NULL, &err);
		assert_non_null(c);
		assert_string_equal(c, cases[i].canon);
		free(c);
		json_decref(back);
		json_decref(v);
		ck_buf_release(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_appendix_b),
		cmocka_unit_test(test_number_layout),
		cmocka_unit_test(test_rfc_examples),
		cmocka_unit_test(test_utf16_order),
		cmocka_unit_test(test_strings_and_nesting),
		cmocka_unit_test(test_json_append_string),
		cmocka_unit_test(test_integers_as_doubles),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_compact_big_reals),
	};

	return cmocka_run_group_tests_name("canon", tests, NULL, NULL);
}
