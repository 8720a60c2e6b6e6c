/* test_ksign.c -- ksign's core: signature records (build, parse, every
 * field bound), the trust file, the verdict rules (windows, revocation,
 * future times), meanings, durations and agreement states. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/b64.h"
#include "common/canon.h"
#include "common/jsonl.h"
#include "ksign/agree.h"
#include "ksign/check.h"
#include "ksign/policy.h"
#include "ksign/sigrec.h"
#include "ksign/trust.h"

static struct ck_key key;
static struct ck_key_ctx *kctx;

static int
setup(void **state)
{
	struct ck_error err;

	(void)state;
	if (ck_key_generate(&key, &err) < 0 ||
	    ck_key_set_signer(&key, "chris@example.org", "Chris Chen",
			      &err) < 0)
		return -1;
	kctx = ck_key_ctx_new(&key, &err);
	return kctx == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	ck_key_ctx_free(kctx);
	ck_key_clear(&key);
	return 0;
}

static void
at(const char *s, struct ck_time *t)
{
	assert_int_equal(ck_time_parse(s, t), 0);
}

/* A trust file with the test key on one line with opts. */
static void
trust_with(struct ks_trust *t, const char *opts)
{
	char b64[CK_B64_LEN(32) + 1], text[1024];
	struct ck_error err;

	ck_b64_encode(key.pub, 32, b64);
	snprintf(text, sizeof text, "# test\n\nchris@example.org %s%sed25519 "
		 "%s\n", opts, *opts ? " " : "", b64);
	assert_int_equal(ks_trust_parse(t, text, strlen(text), "trusted",
					&err), 0);
}

static void
make(struct ks_sig *s, const char *when, const unsigned char *subj)
{
	struct ck_time t;
	struct ck_error err;

	at(when, &t);
	assert_int_equal(ks_sig_make(s, &key, kctx, "approval", &t, subj,
				     NULL, 0, &err), 0);
}

static void
test_record(void **state)
{
	unsigned char subj[32] = { 1, 2, 3 };
	struct ks_sig s, p;
	struct ck_error err;
	char *line;

	(void)state;
	make(&s, "2026-03-01T10:00:00Z", subj);
	assert_string_equal(s.key_id, key.id);
	assert_string_equal(s.signer_name, "Chris Chen");
	assert_int_equal(ks_sig_check(&s, kctx), 0);
	line = ck_json_compact(s.obj);
	assert_non_null(strstr(line, "{\"kind\":\"signature\",\"alg\":"
			       "\"ed25519\",\"key_id\":"));
	assert_int_equal(ks_sig_parse(&p, line, strlen(line), &err), 0);
	assert_int_equal(ks_sig_check(&p, kctx), 0);
	ks_sig_release(&p);
	/* every field is bound: change one character of each value */
	{
		static const char *const fields[] = {
			"\"key_id\":\"", "\"id\":\"", "\"name\":\"",
			"\"meaning\":\"", "\"time\":\"2", "\"sha256\":\"",
			"\"sig\":\""
		};
		for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
			char *c = strdup(line), *v = strstr(c, fields[i]);

			assert_non_null(v);
			v += strlen(fields[i]) + 1;
			*v = *v == '1' ? '2' : '1';
			if (ks_sig_parse(&p, c, strlen(c), &err) == 0) {
				assert_int_equal(ks_sig_check(&p, kctx), -1);
				ks_sig_release(&p);
			}
			free(c);
		}
	}
	/* an added member is covered too */
	{
		json_t *o = json_deep_copy(s.obj);

		json_object_set_new(o, "note", json_string("x"));
		assert_int_equal(ks_sig_from_json(&p, o, &err), 0);
		assert_int_equal(ks_sig_check(&p, kctx), -1);
		ks_sig_release(&p);
		json_decref(o);
	}
	/* shapes refused */
	assert_int_equal(ks_sig_parse(&p, "{}", 2, &err), -1);
	assert_int_equal(ks_sig_parse(&p, "[1]", 3, &err), -1);
	assert_int_equal(ks_sig_parse(&p, "{\"kind\":\"signature\"}", 20,
				      &err), -1);
	assert_int_equal(ks_sig_parse(&p, "nope", 4, &err), -1);
	free(line);
	ks_sig_release(&s);
}

static void
test_record_subject(void **state)
{
	unsigned char a[32], b[32];
	struct ck_error err;
	json_t *r1 = json_loads("{\"b\":1,\"a\":\"x\"}", 0, NULL);
	json_t *r2 = json_loads("{\"a\":\"x\",\"b\":1,\"signatures\":[1]}", 0,
				NULL);

	(void)state;
	assert_int_equal(ks_record_subject(r1, a, &err), 0);
	assert_int_equal(ks_record_subject(r2, b, &err), 0);
	/* canonical, and without the signatures */
	assert_memory_equal(a, b, 32);
	assert_non_null(json_object_get(r2, "signatures"));
	json_object_set_new(r2, "b", json_integer(2));
	assert_int_equal(ks_record_subject(r2, b, &err), 0);
	assert_memory_not_equal(a, b, 32);
	json_decref(r1);
	json_decref(r2);
}

static void
test_trust_parse(void **state)
{
	struct ks_trust t;
	struct ck_error err;
	struct ks_trust_entry *e;
	const char *bad[] = {
		"x ed25519\n",
		"x ed25519 AAAA\n",
		"x rsa AAAAC3NzaC1lZDI1NTE5AAAAIB3e4g8pXkqJ5t7d9mqq2o3S7Y7bWbc=\n",
		"x foo=1 ed25519 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n",
		"x name=\"a ed25519 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n",
		"x valid-after=never ed25519 "
		"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n",
		"x ed25519 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo= extra\n",
	};

	(void)state;
	trust_with(&t, "name=\"Chris Chen\",role=customer,role=qa,"
		   "valid-after=2026-01-01T00:00:00Z,"
		   "valid-before=2027-01-01T00:00:00Z,revoked=2026-06-01T00:00:00Z");
	assert_int_equal(t.n, 1);
	e = ks_trust_find(&t, key.id);
	assert_non_null(e);
	assert_string_equal(e->identity, "chris@example.org");
	assert_string_equal(e->name, "Chris Chen");
	assert_int_equal(e->line, 3);
	assert_true(ks_trust_has_role(e, "customer"));
	assert_true(ks_trust_has_role(e, "qa"));
	assert_false(ks_trust_has_role(e, "provider"));
	assert_int_equal(e->has_after + e->has_before + e->has_revoked_at, 3);
	assert_null(ks_trust_find(&t, "00000000000000000000000000000000"));
	ks_trust_release(&t);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(ks_trust_parse(&t, bad[i], strlen(bad[i]),
						"tf", &err), -1);
		assert_non_null(strstr(err.msg, "tf:1: "));
		assert_int_equal(t.n, 0);
	}
	/* the same key twice */
	{
		const char *two = "a ed25519 "
			"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
			"b ed25519 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n";

		assert_int_equal(ks_trust_parse(&t, two, strlen(two), "tf",
						&err), -1);
		assert_string_equal(err.msg, "tf:2: key already listed on "
				    "line 1");
	}
}

static void
test_check(void **state)
{
	unsigned char subj[32] = { 9 }, other[32] = { 8 };
	struct ks_trust t;
	struct ks_trust_entry *e;
	struct ks_sig s;
	struct ck_time now;

	(void)state;
	at("2026-03-01T12:00:00Z", &now);
	make(&s, "2026-03-01T10:00:00Z", subj);
	trust_with(&t, "");
	assert_int_equal(ks_check(&t, &s, subj, &now, 300, &e), KS_OK);
	assert_int_equal(ks_check(&t, &s, other, &now, 300, &e), KS_MODIFIED);
	ks_trust_release(&t);
	trust_with(&t, "name=\"Someone Else\"");
	assert_int_equal(ks_check(&t, &s, subj, &now, 300, &e),
			 KS_WRONG_SIGNER);
	ks_trust_release(&t);
	trust_with(&t, "valid-after=2026-03-02T00:00:00Z");
	assert_int_equal(ks_check(&t, &s, subj, &now, 300, &e),
			 KS_NOT_YET_VALID);
	ks_trust_release(&t);
	/* rotation: the old key holds inside its window, not after */
	trust_with(&t, "valid-before=2026-03-01T10:00:00.000001Z");
	assert_int_equal(ks_check(&t, &s, subj, &now, 300, &e), KS_OK);
	ks_trust_release(&t);
	trust_with(&t, "valid-before=2026-03-01T10:00:00Z");
	assert_int_equal(ks_check(&t, &s, subj, &now, 300, &e),
			 KS_KEY_EXPIRED);
	ks_trust_release(&t);
	/* revocation: later signatures fail, earlier ones stand */
	trust_with(&t, "revoked=2026-03-01T09:00:00Z");
	assert_int_equal(ks_check(&t, &s, subj, &now, 300, &e), KS_REVOKED);
	ks_trust_release(&t);
	trust_with(&t, "revoked=2026-03-01T11:00:00Z");
	assert_int_equal(ks_check(&t, &s, subj, &now, 300, &e), KS_OK);
	ks_trust_release(&t);
	trust_with(&t, "revoked");
	assert_int_equal(ks_check(&t, &s, subj, &now, 300, &e), KS_REVOKED);
	ks_trust_release(&t);
	/* unknown key */
	t.v = NULL;
	t.n = 0;
	assert_int_equal(ks_check(&t, &s, subj, &now, 300, &e),
			 KS_UNKNOWN_KEY);
	/* future: beyond the tolerance only */
	trust_with(&t, "");
	at("2026-03-01T09:56:00Z", &now);
	assert_int_equal(ks_check(&t, &s, subj, &now, 300, &e), KS_OK);
	at("2026-03-01T09:54:59Z", &now);
	assert_int_equal(ks_check(&t, &s, subj, &now, 300, &e), KS_FUTURE);
	ks_trust_release(&t);
	assert_string_equal(ks_verdict_name(KS_REVOKED), "revoked");
	ks_sig_release(&s);
}

static void
test_policy(void **state)
{
	struct ks_policy p;
	struct ck_error err;
	const char *text = "# ours\nrelease   approved for release\n\n"
			   "  witness\n";

	(void)state;
	assert_true(ks_policy_allows(NULL, "approval"));
	assert_true(ks_policy_allows(NULL, "responsibility"));
	assert_false(ks_policy_allows(NULL, "release"));
	assert_int_equal(ks_policy_parse(&p, text, strlen(text), "pol", &err),
			 0);
	assert_int_equal(p.n, 2);
	assert_true(ks_policy_allows(&p, "release"));
	assert_true(ks_policy_allows(&p, "witness"));
	assert_false(ks_policy_allows(&p, "approved"));
	ks_policy_release(&p);
	assert_int_equal(ks_policy_parse(&p, "ok\nBad\n", 7, "pol", &err), -1);
	assert_string_equal(err.msg, "pol:2: bad meaning (want "
			    "[a-z][a-z0-9_-]*)");
}

static void
test_duration(void **state)
{
	struct ks_duration d;
	struct ck_time t, u;
	char buf[CK_TIME_LEN];

	(void)state;
	assert_int_equal(ks_duration_parse("90d", &d), 0);
	assert_int_equal(d.sec, 90 * 86400);
	assert_int_equal(ks_duration_parse("5min", &d), 0);
	assert_int_equal(d.sec, 300);
	assert_int_equal(ks_duration_parse("18mo", &d), 0);
	assert_int_equal(d.months, 18);
	assert_int_equal(ks_duration_parse("1y", &d), 0);
	assert_int_equal(d.months, 12);
	assert_int_equal(ks_duration_parse("2w", &d), 0);
	assert_int_equal(d.sec, 14 * 86400);
	assert_int_equal(ks_duration_parse("d", &d), -1);
	assert_int_equal(ks_duration_parse("1", &d), -1);
	assert_int_equal(ks_duration_parse("1x", &d), -1);
	assert_int_equal(ks_duration_parse("-1d", &d), -1);
	assert_int_equal(ks_duration_parse("99999999999d", &d), -1);
	/* calendar years, clamped at the month's end */
	at("2024-02-29T08:00:00Z", &t);
	ks_duration_parse("1y", &d);
	ks_duration_add(&t, &d, &u);
	ck_time_format(&u, buf);
	assert_string_equal(buf, "2025-02-28T08:00:00.000000Z");
	at("2026-01-31T00:00:00Z", &t);
	ks_duration_parse("1mo", &d);
	ks_duration_add(&t, &d, &u);
	ck_time_format(&u, buf);
	assert_string_equal(buf, "2026-02-28T00:00:00.000000Z");
	at("1969-12-31T23:00:00Z", &t);
	ks_duration_parse("1y", &d);
	ks_duration_add(&t, &d, &u);
	ck_time_format(&u, buf);
	assert_string_equal(buf, "1970-12-31T23:00:00.000000Z");
}

static void
test_status(void **state)
{
	struct ks_req *r;
	size_t n;
	struct ck_error err;
	struct ks_status st;
	struct ks_duration year, warn;
	struct ck_time now;

	(void)state;
	ks_duration_parse("1y", &year);
	ks_duration_parse("30d", &warn);
	assert_int_equal(ks_reqs_parse("customer:approval,provider:approval",
				       &r, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(r[1].role, "provider");
	at("2026-06-01T00:00:00Z", &now);
	ks_status_eval(r, n, &year, &warn, &now, &st);
	assert_int_equal(st.state, KS_UNSIGNED);
	r[0].met = 1;
	at("2026-03-01T10:00:00Z", &r[0].when);
	ks_status_eval(r, n, &year, &warn, &now, &st);
	assert_int_equal(st.state, KS_PARTIAL);
	r[1].met = 1;
	at("2026-03-05T10:00:00Z", &r[1].when);
	ks_status_eval(r, n, &year, &warn, &now, &st);
	assert_int_equal(st.state, KS_EXECUTED);
	/* effective when the last party signed */
	assert_int_equal(st.effective.sec, r[1].when.sec);
	assert_int_equal(st.has_expiry, 1);
	at("2027-02-20T10:00:00Z", &now);
	ks_status_eval(r, n, &year, &warn, &now, &st);
	assert_int_equal(st.state, KS_EXPIRING);
	assert_int_equal(st.days_left, 13);
	at("2027-03-05T10:00:00Z", &now);
	ks_status_eval(r, n, &year, &warn, &now, &st);
	assert_int_equal(st.state, KS_EXPIRED);
	ks_status_eval(r, n, NULL, &warn, &now, &st);
	assert_int_equal(st.state, KS_EXECUTED);
	assert_int_equal(st.has_expiry, 0);
	assert_string_equal(ks_state_name(KS_PARTIAL), "partially-signed");
	ks_reqs_free(r, n);
	assert_int_equal(ks_reqs_parse("customer", &r, &n, &err), -1);
	assert_int_equal(ks_reqs_parse("a:b,", &r, &n, &err), -1);
	assert_int_equal(ks_reqs_parse(":b", &r, &n, &err), -1);
	assert_int_equal(ks_reqs_parse("a:b:c", &r, &n, &err), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_record_subject),
		cmocka_unit_test(test_trust_parse),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_status),
	};

	return cmocka_run_group_tests_name("ksign", tests, setup, teardown);
}
