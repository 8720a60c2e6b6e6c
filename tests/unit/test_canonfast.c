/* test_canonfast.c -- canonical JSON straight from text agrees with the
 * jansson path (parse with JSON_REJECT_DUPLICATES as ck_jsonl_read does,
 * then canon.c) whenever it says "yes": hand-picked tricky inputs, the
 * member lookup, then random mutations of event lines. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/canon.h"
#include "common/canonfast.h"
#include "mutate.h"

/* The jansson path: NULL when it refuses s or s is not an object. */
static char *
slow(const char *s, size_t n, size_t *len)
{
	json_t *v = json_loadb(s, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
			       NULL);
	struct ck_error err;
	char *c = NULL;

	if (v != NULL && json_is_object(v))
		c = ck_canon_string(v, len, &err);
	json_decref(v);
	return c;
}

/* Runs both on s: the fast answer, after checking a "yes" against the
 * slow path byte for byte, and its top-level members against the text. */
static int
check(struct ck_canon_fast *f, const char *s, size_t n)
{
	size_t len, i;
	char *c;
	int r = ck_canon_fast(f, s, n);

	assert_true(r == 0 || r == 1);
	if (r == 0)
		return 0;
	c = slow(s, n, &len);
	if (c == NULL || len != f->out.len || memcmp(c, f->out.data, len) != 0)
		fail_msg("fast and slow differ on %.*s:\n  fast %.*s\n  slow %s",
			 (int)n, s, (int)f->out.len, f->out.data,
			 c ? c : "(refused)");
	free(c);
	for (i = 0; i < f->top.count; i++) {
		const struct ck_canon_member *m = &f->top.m[i];

		assert_int_equal(f->out.data[m->start], '"');
		assert_int_equal(m->key, m->start + 1);
		assert_int_equal(f->out.data[m->val - 1], ':');
		assert_true(m->val + m->vallen < f->out.len);
		assert_true(f->out.data[m->val + m->vallen] == ',' ||
			    f->out.data[m->val + m->vallen] == '}');
	}
	return 1;
}

static void
test_cases(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "{}", "{}" },
		{ " { } ", "{}" },
		{ "{\"b\":1, \"a\" : [ true ,false,null, \"x\" ] }",
		  "{\"a\":[true,false,null,\"x\"],\"b\":1}" },
		{ "{\"z\":{\"y\":1,\"x\":{\"w\":[],\"v\":{}}},\"A\":-5}",
		  "{\"A\":-5,\"z\":{\"x\":{\"v\":{},\"w\":[]},\"y\":1}}" },
		{ "{\"a\":\"\\u0041\\/\\u00e9\\u20ac\"}",
		  "{\"a\":\"A/\xc3\xa9\xe2\x82\xac\"}" },
		{ "{\"a\":\"\\u001F\\u0008\\u000a\\\"\\\\\\u005c\\u0022\"}",
		  "{\"a\":\"\\u001f\\b\\n\\\"\\\\\\\\\\\"\"}" },
		{ "{\"a\":\"\\ud83d\\ude00\"}", "{\"a\":\"\xf0\x9f\x98\x80\"}" },
		{ "{\"a\":\"\\uD83D\\uDE00\x7f\"}",
		  "{\"a\":\"\xf0\x9f\x98\x80\x7f\"}" },
		{ "{\"a\":\"caf\xc3\xa9\",\"ab\":1,\"a b\":2,\"\":3}",
		  "{\"\":3,\"a\":\"caf\xc3\xa9\",\"a b\":2,\"ab\":1}" },
		{ "{\"n\":999999999999999,\"m\":-999999999999999,\"z\":0}",
		  "{\"m\":-999999999999999,\"n\":999999999999999,\"z\":0}" },
		{ "\t{\"a\":1}\r", "{\"a\":1}" },
	};
	/* Not sure: the jansson path decides (an error, or other digits). */
	static const char *const unsure[] = {
		"", "[1]", "\"x\"", "1", "{", "{\"a\":1", "{\"a\":1}x",
		"{\"a\":1,}", "{,}", "{\"a\"1}", "{\"a\":}", "{'a':1}",
		"{\"a\":1,\"a\":2}", "{\"b\":{\"x\":1,\"x\":1}}",
		"{\"a\":1.0}", "{\"a\":1e3}", "{\"a\":-0}", "{\"a\":01}",
		"{\"a\":-}", "{\"a\":1234567890123456}", "{\"a\":tru}",
		"{\"a\":nul}", "{\"a\":\"\\u0000\"}", "{\"a\":\"\\ud800\"}",
		"{\"a\":\"\\udc00\"}", "{\"a\":\"\\ud800\\u0041\"}",
		"{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"\t\"}",
		"{\"a\":\"\xc3\"}", "{\"a\":\"\xed\xa0\x80\"}",
		"{\"\\u0061\":1}", "{\"caf\xc3\xa9\":1}", "{\"a\":[1,]}",
		"{\"a\":\"x}", "\xef\xbb\xbf{}", "{\"a\":1}\n{}",
	};
	struct ck_canon_fast f;
	size_t i;

	(void)state;
	ck_canon_fast_init(&f);
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		if (!check(&f, cases[i].in, strlen(cases[i].in)))
			fail_msg("case %zu: not sure of %s", i, cases[i].in);
		assert_int_equal(f.out.len, strlen(cases[i].out));
		assert_memory_equal(f.out.data, cases[i].out, f.out.len);
	}
	for (i = 0; i < sizeof unsure / sizeof *unsure; i++)
		if (check(&f, unsure[i], strlen(unsure[i])))
			fail_msg("unsure %zu: said yes to %s", i, unsure[i]);
	ck_canon_fast_release(&f);
}

static void
test_deep(void **state)
{
	struct ck_canon_fast f;
	char buf[600];
	size_t n = 0, k;

	(void)state;
	ck_canon_fast_init(&f);
	/* 64 levels are taken, 65 are left to the slow path */
	for (k = 0; k < 63; k++)
		n += (size_t)sprintf(buf + n, "{\"a\":");
	n += (size_t)sprintf(buf + n, "{}");
	for (k = 0; k < 63; k++)
		buf[n++] = '}';
	assert_int_equal(check(&f, buf, n), 1);
	memmove(buf + 5, buf, n);
	memcpy(buf, "{\"a\":", 5);
	buf[n + 5] = '}';
	assert_int_equal(check(&f, buf, n + 6), 0);
	ck_canon_fast_release(&f);
}

static void
test_member(void **state)
{
	const char *s = "{\"a\":\"x\\\"}\",\"actor\":{\"id\":\"u\",\"n\":[1,{\"id\":2}]},"
			"\"id\":[\"}\"],\"z\":-3}";
	size_t v, vl, n = strlen(s);

	(void)state;
	assert_int_equal(ck_canon_member(s, n, "actor", &v, &vl), 1);
	assert_int_equal(vl, strlen("{\"id\":\"u\",\"n\":[1,{\"id\":2}]}"));
	assert_memory_equal(s + v, "{\"id\":\"u\"", 9);
	assert_int_equal(ck_canon_member(s + v, vl, "id", &v, &vl), 1);
	assert_int_equal(vl, 3);
	assert_int_equal(ck_canon_member(s, n, "id", &v, &vl), 1);
	assert_memory_equal(s + v, "[\"}\"]", vl);
	assert_int_equal(ck_canon_member(s, n, "z", &v, &vl), 1);
	assert_memory_equal(s + v, "-3", vl);
	assert_int_equal(ck_canon_member(s, n, "n", &v, &vl), 0);
	assert_int_equal(ck_canon_member(s, n, "ac", &v, &vl), 0);
	assert_int_equal(ck_canon_member("{}", 2, "a", &v, &vl), 0);
	assert_int_equal(ck_canon_member("{\"a\":1", 6, "b", &v, &vl), 0);
}

static void
test_mutations(void **state)
{
	static const char *seeds[] = {
		"{\"actor\":{\"id\":\"u1\",\"name\":\"Dana \\u00e9 D\\u001faz\"},"
		"\"action\":\"read\",\"data\":{\"a\":[1,-2,{\"b\":null}],"
		"\"n\":3,\"s\":\"\\ud83d\\ude00 \\/ \\t\"},\"phi\":{\"score\":23}}",
		"{ \"b\" : [ true , false ] , \"a\" : \"caf\xc3\xa9 \\\"q\\\" "
		"\\\\\" , \"c\" : { } }",
	};
	static const char alphabet[] =
		"{}[]\":,\\0123456789-.eE \tabtfnu/\xc3\xa9\xf0\x9f";
	struct ck_canon_fast f;
	char buf[512];
	unsigned seed = 7;
	long yes = 0, i;

	(void)state;
	ck_canon_fast_init(&f);
	for (i = 0; i < 200000; i++) {
		const char *s = seeds[i % 2];
		size_t n = strlen(s), m;

		memcpy(buf, s, n + 1);
		for (m = 0; m < (size_t)(i % 4); m++)
			mutate(buf, &n, &seed, alphabet);
		yes += check(&f, buf, n);
	}
	print_message("# 200000 mutations, %ld taken by the fast path, all "
		      "equal to the jansson path\n", yes);
	assert_true(yes > 1000);
	ck_canon_fast_release(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_member),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests_name("canonfast", tests, NULL, NULL);
}
