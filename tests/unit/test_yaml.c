/* test_yaml.c -- YAML loading: schema, lines, errors, bounds. */
#include <config.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/yaml.h"

static struct ck_yaml_doc *
load(const char *text, struct ck_error *err)
{
	ck_error_clear(err);
	return ck_yaml_load_buf(text, strlen(text), "t.yaml", err);
}

/* Loads text expecting failure, and checks the message starts with want. */
static void
expect_error(const char *text, const char *want)
{
	struct ck_error err;
	struct ck_yaml_doc *doc = load(text, &err);

	if (doc != NULL)
		fail_msg("loaded, expected error '%s'", want);
	if (strncmp(err.msg, want, strlen(want)) != 0)
		fail_msg("got '%s', want prefix '%s'", err.msg, want);
}

static void
test_mapping_and_lines(void **state)
{
	const char *text =
		"# rule pack\n"
		"name: demo\n"
		"rules:\n"
		"  - id: ssn.dashed\n"
		"    weight: 10\n"
		"    words: [patient, mrn]\n"
		"  - id: two\n"
		"    weight: 2.5\n";
	struct ck_error err;
	struct ck_yaml_doc *doc = load(text, &err);
	json_t *root, *rules, *r0, *r1, *words;
	const char *k;
	json_t *v;
	int i = 0;

	(void)state;
	assert_non_null(doc);
	assert_string_equal(ck_yaml_name(doc), "t.yaml");
	root = ck_yaml_root(doc);
	assert_true(json_is_object(root));
	assert_string_equal(json_string_value(json_object_get(root, "name")),
			    "demo");
	/* Insertion order is kept, as a reader of the file expects. */
	json_object_foreach(root, k, v) {
		assert_string_equal(k, i == 0 ? "name" : "rules");
		i++;
	}
	rules = json_object_get(root, "rules");
	assert_true(json_is_array(rules));
	assert_int_equal(json_array_size(rules), 2);
	r0 = json_array_get(rules, 0);
	r1 = json_array_get(rules, 1);
	assert_int_equal(json_integer_value(json_object_get(r0, "weight")), 10);
	assert_true(json_is_real(json_object_get(r1, "weight")));
	assert_true(json_real_value(json_object_get(r1, "weight")) == 2.5);
	words = json_object_get(r0, "words");
	assert_int_equal(json_array_size(words), 2);

	assert_int_equal(ck_yaml_line(doc, json_object_get(root, "name")), 2);
	assert_int_equal(ck_yaml_line(doc, rules), 4);
	assert_int_equal(ck_yaml_line(doc, r0), 4);
	assert_int_equal(ck_yaml_line(doc, json_object_get(r0, "id")), 4);
	assert_int_equal(ck_yaml_line(doc, words), 6);
	assert_int_equal(ck_yaml_line(doc, json_array_get(words, 1)), 6);
	assert_int_equal(ck_yaml_line(doc, r1), 7);
	assert_int_equal(ck_yaml_line(doc, json_object_get(r1, "weight")), 8);
	/* A node not from this document. */
	v = json_string("x");
	assert_int_equal(ck_yaml_line(doc, v), 0);
	json_decref(v);
	ck_yaml_free(doc);
}

struct want {
	const char *yaml;
	json_type type;
	const char *str;	/* for strings */
	json_int_t i;		/* for integers, and booleans as 0/1 */
	double d;		/* for reals */
};

static void
test_core_schema(void **state)
{
	static const struct want cases[] = {
		{ "~", JSON_NULL, NULL, 0, 0 },
		{ "null", JSON_NULL, NULL, 0, 0 },
		{ "NULL", JSON_NULL, NULL, 0, 0 },
		{ "", JSON_NULL, NULL, 0, 0 },
		{ "true", JSON_TRUE, NULL, 1, 0 },
		{ "False", JSON_FALSE, NULL, 0, 0 },
		{ "yes", JSON_STRING, "yes", 0, 0 },	/* YAML 1.1 only */
		{ "on", JSON_STRING, "on", 0, 0 },
		{ "42", JSON_INTEGER, NULL, 42, 0 },
		{ "-17", JSON_INTEGER, NULL, -17, 0 },
		{ "+12", JSON_INTEGER, NULL, 12, 0 },
		{ "012", JSON_INTEGER, NULL, 12, 0 },	/* not octal in 1.2 */
		{ "0x1F", JSON_INTEGER, NULL, 31, 0 },
		{ "0o17", JSON_INTEGER, NULL, 15, 0 },
		{ "9223372036854775807", JSON_INTEGER, NULL, INT64_MAX, 0 },
		{ "0x", JSON_STRING, "0x", 0, 0 },
		{ "0o8", JSON_STRING, "0o8", 0, 0 },
		{ "1.5", JSON_REAL, NULL, 0, 1.5 },
		{ ".5", JSON_REAL, NULL, 0, 0.5 },
		{ "-2.", JSON_REAL, NULL, 0, -2.0 },
		{ "1e3", JSON_REAL, NULL, 0, 1000.0 },
		{ "6.02E+23", JSON_REAL, NULL, 0, 6.02e23 },
		{ ".", JSON_STRING, ".", 0, 0 },
		{ "1e", JSON_STRING, "1e", 0, 0 },
		{ ".inf", JSON_STRING, ".inf", 0, 0 },
		{ "-.Inf", JSON_STRING, "-.Inf", 0, 0 },
		{ ".nan", JSON_STRING, ".nan", 0, 0 },
		{ "1.2.3", JSON_STRING, "1.2.3", 0, 0 },
		{ "\"42\"", JSON_STRING, "42", 0, 0 },
		{ "'true'", JSON_STRING, "true", 0, 0 },
		{ "!!str 42", JSON_STRING, "42", 0, 0 },
		{ "! 42", JSON_STRING, "42", 0, 0 },
		{ "!!int \"42\"", JSON_INTEGER, NULL, 42, 0 },
		{ "!!float 1", JSON_REAL, NULL, 0, 1.0 },
		{ "|\n  12\n", JSON_STRING, "12\n", 0, 0 },
		{ "\"caf\\u00e9\"", JSON_STRING, "caf\xc3\xa9", 0, 0 },
		{ "2026-11-22", JSON_STRING, "2026-11-22", 0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ck_error err;
		struct ck_yaml_doc *doc = load(cases[i].yaml, &err);
		json_t *v;

		if (doc == NULL)
			fail_msg("'%s': %s", cases[i].yaml, err.msg);
		v = ck_yaml_root(doc);
		if (json_typeof(v) != cases[i].type)
			fail_msg("'%s': type %d, want %d", cases[i].yaml,
				 (int)json_typeof(v), (int)cases[i].type);
		if (cases[i].type == JSON_STRING)
			assert_string_equal(json_string_value(v), cases[i].str);
		if (cases[i].type == JSON_INTEGER)
			assert_true(json_integer_value(v) == cases[i].i);
		if (cases[i].type == JSON_REAL)
			assert_true(json_real_value(v) == cases[i].d);
		ck_yaml_free(doc);
	}
}

static void
test_nul_in_string(void **state)
{
	struct ck_error err;
	struct ck_yaml_doc *doc = load("\"a\\0b\"", &err);
	json_t *v;

	(void)state;
	assert_non_null(doc);
	v = ck_yaml_root(doc);
	assert_int_equal(json_string_length(v), 3);
	assert_memory_equal(json_string_value(v), "a\0b", 3);
	ck_yaml_free(doc);
	/* The same bytes tagged as a number are not one. */
	expect_error("!!int \"1\\02\"", "t.yaml:1:1: value does not match its "
		     "tag 'tag:yaml.org,2002:int'");
}

static void
test_empty(void **state)
{
	static const char *const texts[] = {
		"", "# only a comment\n", "---\n", "---\n...\n", "\n\n"
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct ck_error err;
		struct ck_yaml_doc *doc = load(texts[i], &err);

		if (doc == NULL)
			fail_msg("'%s': %s", texts[i], err.msg);
		assert_true(json_is_null(ck_yaml_root(doc)));
		ck_yaml_free(doc);
	}
}

static void
test_syntax_errors(void **state)
{
	(void)state;
	/* libyaml's problem and context, with 1-based line:col. */
	expect_error("a: 1\nb: [1, 2\n",
		     "t.yaml:3:1: did not find expected ',' or ']' "
		     "(while parsing a flow sequence)");
	expect_error("a: 1\n  b: 2\n", "t.yaml:2:4: mapping values are not "
		     "allowed in this context");
	expect_error("key: \"unterminated\n",
		     "t.yaml:2:1: found unexpected end of stream "
		     "(while scanning a quoted scalar)");
	expect_error("a:\n\tb: 1\n", "t.yaml:2:1: found character that "
		     "cannot start any token");
	/* Reader errors: position counted in characters. */
	expect_error("a: 1\nb: x\xff\n", "t.yaml:2:5: invalid leading UTF-8 "
		     "octet (byte 0xFF)");
	expect_error("a: \xc3\xa9\x01\n", "t.yaml:1:5: control characters "
		     "are not allowed (byte 0x01)");
}

static void
test_semantic_errors(void **state)
{
	(void)state;
	expect_error("a: 1\nb: 2\na: 3\n", "t.yaml:3:1: duplicate key 'a'");
	expect_error("r:\n  - x: 1\n    x: 2\n",
		     "t.yaml:3:5: duplicate key 'x'");
	expect_error("? [a]\n: 1\n", "t.yaml:1:3: mapping keys must be "
		     "scalars");
	expect_error("\"a\\0b\": 1\n", "t.yaml:1:1: key contains a NUL byte");
	expect_error("a: 99999999999999999999\n",
		     "t.yaml:1:4: integer out of range");
	expect_error("a: 0x8000000000000000\n",
		     "t.yaml:1:4: integer out of range");
	expect_error("a: 1e999\n", "t.yaml:1:4: number out of range");
	expect_error("a: !!binary aGVsbG8=\n",
		     "t.yaml:1:4: unsupported tag 'tag:yaml.org,2002:binary'");
	expect_error("a: !custom [1]\n", "t.yaml:1:4: unsupported tag "
		     "'!custom'");
	expect_error("a: !!bool maybe\n", "t.yaml:1:4: value does not match");
	expect_error("a: 1\n---\nb: 2\n", "t.yaml:2:1: more than one "
		     "document");
}

static void
test_aliases_refused(void **state)
{
	const char *laughs =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";

	(void)state;
	expect_error(laughs, "t.yaml:1:4: anchors are not allowed");
	expect_error("a: 1\nb: *x\n", "t.yaml:2:4: aliases are not allowed");
	expect_error("- &s scalar\n", "t.yaml:1:3: anchors are not allowed");
	expect_error("x: &m {k: v}\n", "t.yaml:1:4: anchors are not allowed");
}

static void
test_depth_bound(void **state)
{
	char text[2 * (CK_YAML_MAX_DEPTH + 1) + 1];
	struct ck_error err;
	struct ck_yaml_doc *doc;
	size_t i;

	(void)state;
	/* Exactly the bound loads. */
	for (i = 0; i < CK_YAML_MAX_DEPTH; i++)
		text[i] = '[';
	for (i = 0; i < CK_YAML_MAX_DEPTH; i++)
		text[CK_YAML_MAX_DEPTH + i] = ']';
	text[2 * CK_YAML_MAX_DEPTH] = '\0';
	doc = load(text, &err);
	if (doc == NULL)
		fail_msg("%s", err.msg);
	ck_yaml_free(doc);
	/* One more level does not. */
	for (i = 0; i <= CK_YAML_MAX_DEPTH; i++)
		text[i] = '[';
	for (i = 0; i <= CK_YAML_MAX_DEPTH; i++)
		text[CK_YAML_MAX_DEPTH + 1 + i] = ']';
	text[2 * (CK_YAML_MAX_DEPTH + 1)] = '\0';
	expect_error(text, "t.yaml:1:65: nested deeper than 64 levels");
}

static void
test_node_bound(void **state)
{
	size_t n = CK_YAML_MAX_NODES, i;
	char *text = malloc(2 * n + 3);
	struct ck_error err;
	struct ck_yaml_doc *doc;

	(void)state;
	assert_non_null(text);
	/* A sequence of n - 1 zeros: n nodes with the sequence. */
	text[0] = '[';
	for (i = 0; i < n - 1; i++) {
		text[1 + 2 * i] = '0';
		text[2 + 2 * i] = ',';
	}
	text[2 * (n - 1)] = ']';
	text[2 * (n - 1) + 1] = '\0';
	doc = load(text, &err);
	if (doc == NULL)
		fail_msg("%s", err.msg);
	assert_int_equal(json_array_size(ck_yaml_root(doc)), n - 1);
	ck_yaml_free(doc);
	/* One more node is refused. */
	text[2 * (n - 1)] = ',';
	text[2 * (n - 1) + 1] = '0';
	text[2 * (n - 1) + 2] = ']';
	text[2 * (n - 1) + 3] = '\0';
	doc = load(text, &err);
	assert_null(doc);
	assert_non_null(strstr(err.msg, "more than 1048576 nodes"));
	free(text);
}

static void
test_load_file(void **state)
{
	char dir[] = "/tmp/ck-yaml-XXXXXX", path[64];
	struct ck_error err;
	struct ck_yaml_doc *doc;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/p.yaml", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("a:\n  - 1\n  - b: [x]\n", fp);
	fclose(fp);
	doc = ck_yaml_load_file(path, &err);
	if (doc == NULL)
		fail_msg("%s", err.msg);
	assert_string_equal(ck_yaml_name(doc), path);
	assert_int_equal(ck_yaml_line(doc, json_array_get(json_object_get(
		ck_yaml_root(doc), "a"), 1)), 3);
	ck_yaml_free(doc);

	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("a: 1\na: 2\n", fp);
	fclose(fp);
	assert_null(ck_yaml_load_file(path, &err));
	assert_non_null(strstr(err.msg, "/p.yaml:2:1: duplicate key 'a'"));
	assert_int_equal(unlink(path), 0);

	assert_null(ck_yaml_load_file(path, &err));
	assert_int_equal(err.errnum, ENOENT);
	assert_non_null(strstr(err.msg, "cannot open "));
	assert_null(ck_yaml_load_file(dir, &err));
	assert_non_null(strstr(err.msg, "not a regular file"));
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mapping_and_lines),
		cmocka_unit_test(test_core_schema),
		cmocka_unit_test(test_nul_in_string),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_semantic_errors),
		cmocka_unit_test(test_aliases_refused),
		cmocka_unit_test(test_depth_bound),
		cmocka_unit_test(test_node_bound),
		cmocka_unit_test(test_load_file),
	};

	return cmocka_run_group_tests_name("yaml", tests, NULL, NULL);
}
