/* test_canonscan.c -- the fast canonical check never says "canonical"
 * where parsing and serialising again (RFC 8785, canon.c) would give other
 * bytes: hand-picked cases, then random mutations of canonical lines. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/canon.h"
#include "common/canonscan.h"
#include "mutate.h"

/* The slow truth: s parses (as verify parses) and is its own canonical
 * form. */
static int
slow(const char *s, size_t n)
{
	json_t *v = json_loadb(s, n, JSON_REJECT_DUPLICATES, NULL);
	struct ck_error err;
	size_t len;
	char *c;
	int ok;

	if (v == NULL || !json_is_object(v)) {
		json_decref(v);
		return 0;
	}
	c = ck_canon_string(v, &len, &err);
	ok = c != NULL && len == n && memcmp(c, s, n) == 0;
	free(c);
	json_decref(v);
	return ok;
}

static int
fast(const char *s)
{
	struct ck_canon_top top;

	return ck_canon_scan(s, strlen(s), &top);
}

static void
test_cases(void **state)
{
	static const struct { const char *s; int want; } cases[] = {
		{ "{}", 1 },
		{ "{\"a\":1,\"b\":[true,false,null,\"x\"],\"c\":{\"d\":-5}}", 1 },
		{ "{\"b\":1,\"a\":2}", 0 },		/* unsorted */
		{ "{\"a\":1,\"a\":2}", 0 },		/* duplicate */
		{ "{\"a\": 1}", 0 },			/* whitespace */
		{ "{\"a\":1.0}", 0 },			/* not shortest */
		{ "{\"a\":-0}", 0 },
		{ "{\"a\":01}", 0 },
		{ "{\"a\":\"\\u0041\"}", 0 },		/* needless escape */
		{ "{\"a\":\"\\/\"}", 0 },
		{ "{\"a\":\"\\u001F\"}", 0 },		/* uppercase hex */
		{ "{\"a\":\"\\u001f\\n\\\"\"}", 1 },
		{ "{\"a\":\"\\u0000\"}", 0 },		/* jansson refuses */
		{ "{\"a\":\"caf\xc3\xa9\"}", 1 },
		{ "{\"a\":\"\xc3\"}", 0 },		/* bad UTF-8 */
		{ "{\"a\":1}x", 0 },
		{ "[1]", 0 },
		{ "{\"a\":1234567890123456}", 0 },	/* 16 digits: slow path */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		int f = fast(cases[i].s);

		if (f != cases[i].want)
			fail_msg("case %zu: %s: fast %d", i, cases[i].s, f);
		if (f)
			assert_true(slow(cases[i].s, strlen(cases[i].s)));
	}
}

static void
test_top(void **state)
{
	const char *s = "{\"action\":\"a\",\"hash\":\"00\",\"seq\":12}";
	struct ck_canon_top top;

	(void)state;
	assert_int_equal(ck_canon_scan(s, strlen(s), &top), 1);
	assert_int_equal(top.count, 3);
	assert_memory_equal(s + top.m[1].key, "hash", 4);
	assert_int_equal(top.m[1].start, 14);
	assert_memory_equal(s + top.m[2].val, "12", top.m[2].vallen);
}

static void
test_mutations(void **state)
{
	static const char *seeds[] = {
		"{\"action\":\"read\",\"actor\":{\"id\":\"u1\",\"name\":\"Dana "
		"D\\u001faz\"},\"data\":{\"a\":[1,-2,{\"b\":null}],\"n\":3},"
		"\"phi\":{\"score\":23},\"seq\":4,\"time\":\"2026-11-22\"}",
		"{\"a\":\"caf\xc3\xa9 \\\"q\\\" \\\\\",\"b\":[true,false],"
		"\"c\":{}}",
	};
	static const char alphabet[] = "{}[]\":,\\0123456789-.eE aAbtfnu\xc3\xa9";
	char buf[512];
	unsigned seed = 1;
	long agree = 0, fasts = 0, i;

	(void)state;
	for (i = 0; i < 200000; i++) {
		const char *s = seeds[i % 2];
		size_t n = strlen(s), m;

		memcpy(buf, s, n + 1);
		for (m = 0; m < 1 + (size_t)(i % 3); m++)
			mutate(buf, &n, &seed, alphabet);
		if (fast(buf)) {
			fasts++;
			if (!slow(buf, strlen(buf)))
				fail_msg("fast says canonical, slow does not: "
					 "%s", buf);
		}
		agree++;
	}
	print_message("# %ld mutations, %ld judged canonical by the fast "
		      "check, all confirmed\n", agree, fasts);
	assert_true(fasts > 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_top),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests_name("canonscan", tests, NULL, NULL);
}
