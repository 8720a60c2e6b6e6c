/* test_redact_input.c -- what phiredact reads: policies (file:line
 * errors), findings files (sha256, bounds, UTF-8 boundaries), CSV
 * columns named by their header. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "phiredact/redact.h"

static int
policy(struct rd_policy *p, const char *yaml, struct ck_error *err)
{
	ck_error_clear(err);
	return rd_policy_load_buf(p, yaml, strlen(yaml), "p.yaml", err);
}

static void
test_policy_ok(void **state)
{
	struct rd_policy p;
	struct ck_error err;

	(void)state;
	assert_int_equal(policy(&p, "policy: x\ndefault: mask\ntypes:\n"
				"  SSN: tag\n"
				"  ADDRESS: tag\n"
				"  DATE: {operator: shift, max_days: 30}\n"
				"  MRN: {operator: tag, text: '<id>'}\n"
				"fields:\n  Patient_Name: NAME\n"
				"rules:\n  address.city: keep\n"
				"  ssn.x: {operator: tag, text: '#'}\n", &err),
			 0);
	/* a rule's operator wins over its type's */
	assert_int_equal(rd_policy_rule(&p, PHI_ADDRESS, "address.city")->op,
			 RD_KEEP);
	assert_int_equal(rd_policy_rule(&p, PHI_ADDRESS, "address.street")->op,
			 RD_TAG);
	assert_int_equal(rd_policy_rule(&p, PHI_ADDRESS, NULL)->op, RD_TAG);
	assert_string_equal(rd_policy_rule(&p, PHI_SSN, "ssn.x")->text, "#");
	assert_string_equal(p.name, "x");
	assert_int_equal(p.rules[PHI_SSN].op, RD_TAG);
	assert_int_equal(p.rules[PHI_DATE].op, RD_SHIFT);
	assert_int_equal(p.rules[PHI_DATE].max_days, 30);
	assert_string_equal(p.rules[PHI_MRN].text, "<id>");
	assert_int_equal(p.rules[PHI_NAME].op, RD_MASK);	/* default */
	assert_int_equal(rd_policy_keyed(&p), 1);
	/* keys compare without case, '_', '-', ' ' */
	assert_int_equal(rd_policy_field(&p, "patientName", 11), PHI_NAME);
	assert_int_equal(rd_policy_field(&p, "PATIENT-NAME", 12), PHI_NAME);
	assert_int_equal(rd_policy_field(&p, "Patient Name", 12), PHI_NAME);
	assert_int_equal(rd_policy_field(&p, "patient", 7), -1);
	assert_int_equal(rd_policy_rule(&p, PHI_NAME, "x.y")->op, RD_MASK);
	rd_policy_force(&p, RD_GENERALIZE);
	assert_int_equal(p.rules[PHI_ZIP].op, RD_GENERALIZE);
	assert_int_equal(p.rules[PHI_SSN].op, RD_TAG);	/* cannot: tag */
	rd_policy_release(&p);
}

static void
policy_err(const char *yaml, const char *want)
{
	struct rd_policy p;
	struct ck_error err;

	assert_int_equal(policy(&p, yaml, &err), -1);
	if (strstr(err.msg, want) == NULL)
		fail_msg("got '%s', want '%s'", err.msg, want);
}

static void
test_policy_errors(void **state)
{
	(void)state;
	policy_err("types:\n  SSN: tag\n  NOPE: tag\n",
		   "p.yaml:3: unknown type 'NOPE'");
	policy_err("types:\n  SSN: blur\n", "p.yaml:2: SSN: unknown operator");
	policy_err("types:\n  SSN: generalize\n", "p.yaml:2: SSN: generalize "
		   "does not apply");
	policy_err("types:\n  DATE: {operator: shift, max_days: 0}\n",
		   "p.yaml:2: DATE: max_days must be 1 to 36500");
	policy_err("types:\n  DATE: {operator: tag, max_days: 3}\n",
		   "p.yaml:2: DATE: 'max_days' is no setting of tag");
	policy_err("default: shift\n", "p.yaml:1: default: shift applies");
	policy_err("fields:\n  ssn: SOCIAL\n", "p.yaml:2: fields: ssn");
	policy_err("extra: 1\n", "p.yaml:1: unknown key 'extra'");
	policy_err("rules:\n  a.b: blur\n", "p.yaml:2: a.b: unknown operator");
	policy_err("rules: [a]\n", "p.yaml:1: rules: a mapping");
	policy_err("- a\n", "p.yaml:1: a policy is a mapping");
	policy_err("types: {SSN: [\n", "p.yaml:");
}

static const char doc[] = "Name: J\303\274rgen, SSN 219-09-9999\n";

static char *
findings_text(const char *sha, const char *finding)
{
	static char buf[1024];

	snprintf(buf, sizeof(buf),
		 "{\"kind\":\"finding\",\"path\":\"a.txt\",%s,\"type\":\"SSN\"}\n"
		 "{\"kind\":\"note\",\"path\":\"a.txt\"}\n"
		 "{\"kind\":\"summary\",\"path\":\"a.txt\",\"sha256\":\"%s\"}\n",
		 finding, sha);
	return buf;
}

static void
sha_hex(char hex[65])
{
	unsigned char d[CK_SHA256_LEN];

	ck_sha256(doc, strlen(doc), d);
	ck_hex_encode(d, CK_SHA256_LEN, hex);
}

static int
spans_for(const char *text, const char *path, struct rd_span **sp,
	  size_t *n, struct ck_error *err)
{
	struct rd_findings *f;
	int rc;

	ck_error_clear(err);
	f = rd_findings_load_buf(text, strlen(text), "f.jsonl", err);
	if (f == NULL)
		return -2;
	rc = rd_findings_for(f, path, doc, strlen(doc), sp, n, err);
	rd_findings_free(f);
	return rc;
}

static void
test_findings(void **state)
{
	struct rd_span *sp = NULL;
	struct ck_error err;
	char hex[65];
	size_t n;

	(void)state;
	sha_hex(hex);
	/* "219-09-9999" sits at bytes 19..30 */
	assert_int_equal(spans_for(findings_text(hex, "\"start\":19,\"end\":30"),
				   "a.txt", &sp, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(sp[0].start, 19);
	assert_int_equal(sp[0].type, PHI_SSN);
	free(sp);
	/* past the end */
	assert_int_equal(spans_for(findings_text(hex,
		"\"start\":19,\"end\":300"), "a.txt", &sp, &n, &err), -1);
	assert_non_null(strstr(err.msg, "f.jsonl:1: finding at bytes 19-300 "
			       "runs past the end"));
	/* inside the two bytes of "ü" (bytes 7 and 8) */
	assert_int_equal(spans_for(findings_text(hex, "\"start\":8,\"end\":12"),
				   "a.txt", &sp, &n, &err), -1);
	assert_non_null(strstr(err.msg, "splits a UTF-8 sequence"));
	assert_int_equal(spans_for(findings_text(hex, "\"start\":6,\"end\":8"),
				   "a.txt", &sp, &n, &err), -1);
	/* a changed document */
	hex[0] = hex[0] == '0' ? '1' : '0';
	assert_int_equal(spans_for(findings_text(hex, "\"start\":19,\"end\":30"),
				   "a.txt", &sp, &n, &err), -1);
	assert_non_null(strstr(err.msg, "changed since it was scanned"));
	sha_hex(hex);
	/* not listed */
	assert_int_equal(spans_for(findings_text(hex, "\"start\":19,\"end\":30"),
				   "b.txt", &sp, &n, &err), -1);
	assert_non_null(strstr(err.msg, "b.txt: not in f.jsonl"));
	/* malformed records */
	assert_int_equal(spans_for(findings_text(hex, "\"start\":30,\"end\":19"),
				   "a.txt", &sp, &n, &err), -2);
	assert_non_null(strstr(err.msg, "f.jsonl:1:"));
	assert_int_equal(spans_for("{\"kind\":\"summary\",\"path\":\"a.txt\"}\n",
				   "a.txt", &sp, &n, &err), -2);
	assert_non_null(strstr(err.msg, "without a sha256"));
	assert_int_equal(spans_for("[1]\n", "a.txt", &sp, &n, &err), -2);
}

static void
test_findings_overlap(void **state)
{
	struct rd_span *sp = NULL;
	struct ck_error err;
	char hex[65], text[1024];
	size_t n;

	(void)state;
	sha_hex(hex);
	snprintf(text, sizeof(text),
		 "{\"kind\":\"finding\",\"path\":\"a.txt\",\"start\":19,"
		 "\"end\":30,\"type\":\"SSN\"}\n"
		 "{\"kind\":\"finding\",\"path\":\"a.txt\",\"start\":6,"
		 "\"end\":13,\"type\":\"NAME\"}\n"
		 "{\"kind\":\"summary\",\"path\":\"a.txt\",\"sha256\":\"%s\"}\n",
		 hex);
	assert_int_equal(spans_for(text, "a.txt", &sp, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(sp[0].type, PHI_NAME);	/* sorted */
	free(sp);
	snprintf(text, sizeof(text),
		 "{\"kind\":\"finding\",\"path\":\"a.txt\",\"start\":19,"
		 "\"end\":30,\"type\":\"SSN\"}\n"
		 "{\"kind\":\"finding\",\"path\":\"a.txt\",\"start\":25,"
		 "\"end\":30,\"type\":\"SSN\"}\n"
		 "{\"kind\":\"summary\",\"path\":\"a.txt\",\"sha256\":\"%s\"}\n",
		 hex);
	assert_int_equal(spans_for(text, "a.txt", &sp, &n, &err), -1);
	assert_non_null(strstr(err.msg, "overlaps"));
}

static void
test_csv_columns(void **state)
{
	struct rd_policy p;
	struct ck_error err;
	struct rd_span *sp = NULL;
	size_t n = 0, cap = 0;
	const char *csv = "id,SSN,\"Patient Name\",note\r\n"
			  "1,219-09-9999,\"Byron, George\",x\r\n"
			  "2,,Ada,\"a, \"\"b\"\"\"\r\n";

	(void)state;
	assert_int_equal(policy(&p, "fields:\n  ssn: SSN\n  patient_name: "
				"NAME\n", &err), 0);
	assert_int_equal(rd_csv_columns(&p, "x.txt", csv, strlen(csv), &sp,
					&n, &cap), 0);
	assert_int_equal(n, 0);		/* not a CSV by name */
	assert_int_equal(rd_csv_columns(&p, "x.CSV", csv, strlen(csv), &sp,
					&n, &cap), 0);
	assert_int_equal(n, 3);		/* the empty cell is no span */
	assert_int_equal(sp[0].type, PHI_SSN);
	assert_memory_equal(csv + sp[0].start, "219-09-9999", 11);
	assert_int_equal(sp[1].type, PHI_NAME);
	assert_memory_equal(csv + sp[1].start, "Byron, George", 13);
	assert_int_equal(sp[1].end - sp[1].start, 13);
	assert_memory_equal(csv + sp[2].start, "Ada", 3);
	free(sp);
	rd_policy_release(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy_ok),
		cmocka_unit_test(test_policy_errors),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_findings_overlap),
		cmocka_unit_test(test_csv_columns),
	};

	return cmocka_run_group_tests_name("redact_input", tests, NULL, NULL);
}
