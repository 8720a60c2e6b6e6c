/* test_rules.c -- rule packs: loading, override and patch by id, disabling,
 * section merging, and every error naming file:line. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/phi/phi.h"
#include "common/phi/detect.h"
#include "common/phi/rules.h"

static const char base_pack[] =
	"version: 1\n"
	"rules:\n"
	"  - id: t.ssn\n"
	"    type: SSN\n"
	"    pattern: '\\d{3}-\\d{2}-\\d{4}'\n"
	"    validator: ssn\n"
	"    weight: 10\n"
	"    confidence: high\n"
	"  - id: t.mrn\n"
	"    type: MRN\n"
	"    pattern: 'MRN:? ?(?<v>\\d{6,10})'\n"
	"    context: {window: 20, require: [chart], deny: [demo]}\n"
	"names:\n"
	"  labels: [patient]\n"
	"  extra: {a: 1}\n";

static int
load(struct phi_ruleset *rs, const char *text, const char *name,
     struct ck_error *err)
{
	return phi_ruleset_load_buf(rs, text, strlen(text), name, err);
}

static struct phi_rule *
find(struct phi_ruleset *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].id, id) == 0)
			return &rs->v[i];
	return NULL;
}

static void
test_load(void **state)
{
	struct phi_ruleset rs;
	struct ck_error err;
	struct phi_rule *r;

	(void)state;
	phi_ruleset_init(&rs);
	assert_int_equal(load(&rs, base_pack, "a.yaml", &err), 0);
	assert_int_equal(phi_ruleset_finish(&rs, &err), 0);
	assert_int_equal(rs.n, 2);
	r = find(&rs, "t.ssn");
	assert_non_null(r);
	assert_int_equal(r->type, PHI_SSN);
	assert_int_equal(r->weight, 10);
	assert_int_equal(r->conf, PHI_CONF_HIGH);
	assert_int_equal(r->prio, PHI_PRIO_PATTERN);
	assert_non_null(r->validator);
	r = find(&rs, "t.mrn");
	assert_non_null(r);
	assert_true(r->value_group > 0);
	assert_int_equal(r->prio, PHI_PRIO_CONTEXT);
	assert_int_equal(r->window, 20);
	assert_int_equal(r->require.n, 1);
	assert_int_equal(r->deny.n, 1);
	assert_int_equal(rs.score_high, 15);
	assert_int_equal(rs.score_medium, 5);
	phi_ruleset_release(&rs);
}

static void
test_override_patch_disable(void **state)
{
	struct phi_ruleset rs;
	struct ck_error err;
	struct phi_rule *r;

	(void)state;
	phi_ruleset_init(&rs);
	assert_int_equal(load(&rs, base_pack, "a.yaml", &err), 0);
	/* Same id with a pattern: replaced outright (no validator now). */
	assert_int_equal(load(&rs,
		"version: 1\nrules:\n"
		"  - id: t.ssn\n    type: SSN\n    pattern: 'x\\d{9}'\n",
		"b.yaml", &err), 0);
	r = find(&rs, "t.ssn");
	assert_string_equal(r->pattern, "x\\d{9}");
	assert_null(r->validator);
	assert_int_equal(r->weight, 5);
	assert_string_equal(r->file, "b.yaml");
	/* Without a pattern: a patch keeping the rest. */
	assert_int_equal(load(&rs,
		"rules:\n  - id: t.mrn\n    weight: 2\n", "c.yaml", &err), 0);
	r = find(&rs, "t.mrn");
	assert_int_equal(r->weight, 2);
	assert_int_equal(r->require.n, 1);
	assert_true(r->enabled);
	assert_int_equal(load(&rs,
		"rules:\n  - {id: t.mrn, enabled: false}\n", "d.yaml", &err), 0);
	assert_false(find(&rs, "t.mrn")->enabled);
	/* Disabling a rule nobody defined is not an error. */
	assert_int_equal(load(&rs,
		"rules:\n  - {id: nobody, enabled: false}\n", "e.yaml", &err),
		0);
	assert_int_equal(rs.n, 3);
	phi_ruleset_release(&rs);
}

static void
test_sections_merge(void **state)
{
	struct phi_ruleset rs;
	struct ck_error err;
	const json_t *names;

	(void)state;
	phi_ruleset_init(&rs);
	assert_int_equal(load(&rs, base_pack, "a.yaml", &err), 0);
	assert_int_equal(load(&rs,
		"names:\n  labels: [guardian, spouse]\n  extra: {a: 2, b: 3}\n"
		"scoring: {high: 20, test_words: [qa]}\n"
		"allow: ['0{9}']\n", "b.yaml", &err), 0);
	assert_int_equal(phi_ruleset_finish(&rs, &err), 0);
	names = json_object_get(rs.sections, "names");
	assert_non_null(names);
	assert_int_equal(json_array_size(json_object_get(names, "labels")), 3);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(names, "extra"), "a")), 2);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(names, "extra"), "b")), 3);
	assert_int_equal(rs.score_high, 20);
	assert_int_equal(rs.test_words.n, 1);
	assert_int_equal(rs.allow.n, 1);
	phi_ruleset_release(&rs);
}

/* Each bad pack must fail with its name and the right line. */
static void
expect_error(const char *text, const char *want)
{
	struct phi_ruleset rs;
	struct ck_error err;

	phi_ruleset_init(&rs);
	ck_error_clear(&err);
	assert_int_equal(load(&rs, text, "bad.yaml", &err), -1);
	if (strstr(err.msg, want) == NULL)
		fail_msg("error '%s' lacks '%s'", err.msg, want);
	phi_ruleset_release(&rs);
}

static void
test_errors(void **state)
{
	(void)state;
	expect_error("version: 1\nrules:\n  - id: a\n    type: SSN\n"
		     "    pattern: 'x'\n    validator: nosuch\n",
		     "bad.yaml:6: rule 'a': unknown validator");
	expect_error("version: 1\nrules:\n  - id: a\n    type: SSN\n"
		     "    pattern: 'ab(c'\n",
		     "bad.yaml:5: pattern: bad regex at offset 4");
	expect_error("version: 1\nfrobnicate: 1\n",
		     "bad.yaml:2: unknown top-level key 'frobnicate'");
	expect_error("version: 2\n", "bad.yaml:1: unsupported rule pack");
	expect_error("rules:\n  - id: a\n    type: NOPE\n    pattern: x\n",
		     "bad.yaml:3: rule 'a': unknown type");
	expect_error("rules:\n  - id: a\n    type: SSN\n",
		     "bad.yaml:2: rule 'a' has no pattern");
	expect_error("rules:\n  - type: SSN\n    pattern: x\n",
		     "bad.yaml:2: rule without an id");
	expect_error("rules:\n  - id: a\n    type: SSN\n    pattern: x\n"
		     "    colour: red\n", "bad.yaml:5: rule 'a': unknown key");
	expect_error("rules:\n  - id: a\n    type: SSN\n    pattern: x\n"
		     "    weight: lots\n", "bad.yaml:5: weight must be");
	expect_error("rules:\n  - id: a\n    type: SSN\n    pattern: x\n"
		     "    prefilter: y\n", "bad.yaml:2: rule 'a': a prefilter "
		     "needs a width");
	expect_error("rules:\n  - id: a\n    type: SSN\n    pattern: x\n"
		     "    context:\n      window: 10\n      requires: [x]\n",
		     "unknown context key 'requires'");
	expect_error("allow:\n  - '[z-a]'\n", "bad.yaml:2: allow: bad regex");
	expect_error("rules:\n  - id: a\n    type: SSN\n    pattern: x\n"
		     "    digits: 9\n    joins: '-_'\n",
		     "bad.yaml:6: rule 'a': joins must be a string of");
	expect_error("rules: {id: a}\n", "bad.yaml:1: rules must be a list");
	expect_error("rules:\n  - id: a\n    type: MRN\n    pattern: x\n"
		     "    list: true\n", "bad.yaml:5: rule 'a': list needs a "
		     "(?<v>...) group");
	expect_error("rules:\n  - id: a\n    type: MRN\n"
		     "    pattern: 'M(?<v>\\d+)'\n    list: 3\n",
		     "bad.yaml:5: rule 'a': list must be true, false or");
	expect_error("rules:\n  - id: a\n    type: MRN\n"
		     "    pattern: 'M(?<v>\\d+)'\n    list: '(,'\n",
		     "bad.yaml:5: list: bad regex");
	/* A YAML syntax error comes from the loader, with the line. */
	expect_error("rules:\n  - id: a\n   type: [\n", "bad.yaml:");
	expect_error("- a\n- b\n", "bad.yaml:1: a rule pack must be a mapping");
}

static void
test_files_and_datadir(void **state)
{
	char dir[256], path[300], path2[300];
	const char *tmp = getenv("TMPDIR");
	const char *files[2];
	struct phi_engine_opts o;
	struct phi_engine *e;
	struct ck_error err;
	const struct phi_rule_info *info;
	size_t n, i;
	FILE *f;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/test_rules.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/user.yaml", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("version: 1\nrules:\n  - id: ssn.dashed\n    enabled: false\n"
	      "  - id: user.badge\n    type: OTHER_ID\n"
	      "    pattern: 'BADGE-(?<v>\\d{5})'\n", f);
	fclose(f);
	snprintf(path2, sizeof(path2), "%s/broken.yaml", dir);
	f = fopen(path2, "w");
	assert_non_null(f);
	fputs("version: 1\nrules:\n  - id: x\n    type: SSN\n"
	      "    pattern: '(('\n", f);
	fclose(f);

	/* The shipped packs (COMPLYKIT_DATADIR is the source tree's share)
	 * load and compile, then a user pack overrides them. */
	memset(&o, 0, sizeof(o));
	files[0] = path;
	o.rule_files = files;
	o.n_rule_files = 1;
	e = phi_engine_new(&o, &err);
	if (e == NULL)
		fail_msg("%s", err.msg);
	n = phi_engine_rules(e, &info);
	assert_true(n > 20);
	for (i = 0; i < n; i++)
		assert_string_not_equal(info[i].id, "ssn.dashed");
	assert_string_equal(info[n - 1].id, "user.badge");
	assert_non_null(strstr(phi_engine_backend(e), "PCRE2"));
	phi_engine_free(e);

	files[0] = path2;
	o.no_default_rules = 1;
	assert_null(phi_engine_new(&o, &err));
	assert_non_null(strstr(err.msg, "broken.yaml:5:"));

	files[0] = "/nonexistent/pack.yaml";
	assert_null(phi_engine_new(&o, &err));
	assert_non_null(strstr(err.msg, "/nonexistent/pack.yaml"));
	unlink(path);
	unlink(path2);
	rmdir(dir);
}

static void
test_words(void **state)
{
	struct phi_ruleset rs;
	struct ck_error err;
	struct phi_rule *r;

	(void)state;
	phi_ruleset_init(&rs);
	assert_int_equal(load(&rs,
		"rules:\n  - id: a\n    type: FAX\n    pattern: x\n"
		"    context: {fax: [fax, facsimile]}\n", "w.yaml", &err), 0);
	r = find(&rs, "a");
	assert_true(phi_words_find(&r->fax, "Fax: 1", 6));
	assert_true(phi_words_find(&r->fax, "homeFax=1", 9));
	assert_true(phi_words_find(&r->fax, "by FACSIMILE", 12));
	assert_false(phi_words_find(&r->fax, "relax", 5));
	assert_false(phi_words_find(&r->fax, "fa", 2));
	assert_false(phi_words_find(&r->fax, "", 0));
	phi_ruleset_release(&rs);
}

/* phi_section_strings: the shapes a section may take, and its errors. */
static int
collect(void *ctx, const char *str, struct ck_error *err)
{
	char *acc = ctx;

	(void)err;
	if (strcmp(str, "fail") == 0)
		return ck_error_set(err, 0, "callback failed");
	strcat(acc, str);
	strcat(acc, ",");
	return 0;
}

static void
test_section_strings(void **state)
{
	struct ck_error err = { 0 };
	char acc[256] = "";
	json_t *sec;

	(void)state;
	assert_int_equal(phi_section_strings(NULL, "k", "s", collect, acc,
					     &err), 0);
	sec = json_loads("[{\"k\": [\"a\", \"b\"]}, {\"k\": \"c\"},"
			 " {\"other\": [\"x\"]}]", 0, NULL);
	assert_non_null(sec);
	assert_int_equal(phi_section_strings(sec, "k", "s", collect, acc,
					     &err), 0);
	assert_string_equal(acc, "a,b,c,");
	json_decref(sec);

	sec = json_loads("{\"k\": 3}", 0, NULL);
	assert_int_equal(phi_section_strings(sec, "k", "sec", collect, acc,
					     &err), -1);
	assert_non_null(strstr(err.msg, "sec.k must be a list"));
	json_decref(sec);

	sec = json_loads("{\"k\": [\"a\", 1]}", 0, NULL);
	assert_int_equal(phi_section_strings(sec, "k", "sec", collect, acc,
					     &err), -1);
	json_decref(sec);

	sec = json_loads("[\"not a mapping\"]", 0, NULL);
	assert_int_equal(phi_section_strings(sec, "k", "sec", collect, acc,
					     &err), -1);
	assert_non_null(strstr(err.msg, "section 'sec' must be"));
	json_decref(sec);

	sec = json_loads("{\"k\": [\"fail\"]}", 0, NULL);
	assert_int_equal(phi_section_strings(sec, "k", "sec", collect, acc,
					     &err), -1);
	assert_non_null(strstr(err.msg, "callback failed"));
	json_decref(sec);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_override_patch_disable),
		cmocka_unit_test(test_sections_merge),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_files_and_datadir),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_section_strings),
	};

	/* Engines built here must not write the user's cache. */
	setenv("PHISCAN_NO_CACHE", "1", 1);
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
