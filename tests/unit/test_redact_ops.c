/* test_redact_ops.c -- phiredact's operators: dates shifted in their own
 * format and cut to the year, Safe Harbor's ZIP and age rules, keyed
 * pseudonyms and surrogates (consistent, format-valid, never real),
 * shift offsets per subject, encrypt tokens. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "phiredact/redact.h"

static struct rd_keys key, key2;
static struct rd_names *names;

static void
write_key(const char *path, const char *bytes)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(bytes, fp);
	fclose(fp);
	chmod(path, 0600);
}

static int
setup(void **state)
{
	char p1[] = "/tmp/test_redact_keyXXXXXX", p2[] = "/tmp/test_redact_keyXXXXXX";
	struct ck_error err;
	int fd;

	(void)state;
	fd = mkstemp(p1);
	close(fd);
	fd = mkstemp(p2);
	close(fd);
	write_key(p1, "0123456789abcdef0123456789abcdef\n");
	write_key(p2, "another key, thirty-two bytes!!!");
	if (rd_keys_load(&key, p1, &err) < 0 ||
	    rd_keys_load(&key2, p2, &err) < 0)
		return -1;
	unlink(p1);
	unlink(p2);
	names = rd_names_load(CK_SRCDIR "/share/complykit", &err);
	return names == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	rd_keys_release(&key);
	rd_keys_release(&key2);
	rd_names_free(names);
	return 0;
}

static void
shift_is(const char *in, int days, const char *want)
{
	struct ck_buf b = CK_BUF_INIT;

	assert_int_equal(rd_date_shift(in, strlen(in), days, &b), 0);
	assert_string_equal(b.data, want);
	ck_buf_release(&b);
}

static void
test_date_shift(void **state)
{
	struct ck_buf b = CK_BUF_INIT;

	(void)state;
	shift_is("2021-03-04", 1, "2021-03-05");
	shift_is("2021-02-28", 1, "2021-03-01");
	shift_is("2020-02-28", 1, "2020-02-29");	/* leap year */
	shift_is("2021-12-31", 1, "2022-01-01");
	shift_is("03/14/1952", -14, "02/29/1952");
	shift_is("3/4/2021", 30, "4/3/2021");
	shift_is("14.03.1952", 1, "15.03.1952");	/* day.month.year */
	shift_is("25/12/2020", 7, "01/01/2021");	/* first > 12: a day */
	shift_is("4 Mar 2021", 31, "4 Apr 2021");
	shift_is("March 4, 2021", -4, "February 28, 2021");
	shift_is("MAR 4 2021", 365, "MAR 4 2022");
	shift_is("04-MAR-2021", 1, "05-MAR-2021");
	shift_is("20210304", 1, "20210305");
	shift_is("2021-03-04T10:22:00Z", 2, "2021-03-06T10:22:00Z");
	shift_is("03/04/21", 1, "03/05/21");
	shift_is("4th March 2021", 1, "5th March 2021");
	/* unreadable: no shift, the caller tags */
	assert_int_equal(rd_date_shift("March 2021", 10, 1, &b), -1);
	assert_int_equal(rd_date_shift("13/13/2021", 10, 1, &b), -1);
	assert_int_equal(rd_date_shift("2021-02-30", 10, 1, &b), -1);
	assert_int_equal(rd_date_shift("yesterday", 9, 1, &b), -1);
	/* found by fuzz_redact_tokens: eight digits that are no date */
	assert_int_equal(rd_date_shift("00000000", 8, 1, &b), -1);
	assert_int_equal(rd_date_shift("20211301", 8, 1, &b), -1);
	ck_buf_release(&b);
}

static void
test_date_year(void **state)
{
	struct ck_buf b = CK_BUF_INIT;

	(void)state;
	assert_int_equal(rd_date_year("03/14/1952", 10, &b), 0);
	assert_string_equal(b.data, "1952");
	ck_buf_reset(&b);
	assert_int_equal(rd_date_year("4 Mar 2021", 10, &b), 0);
	assert_string_equal(b.data, "2021");
	ck_buf_reset(&b);
	assert_int_equal(rd_date_year("03/04/21", 8, &b), -1);
	ck_buf_release(&b);
}

static struct rd_policy pol;

static const char *
apply(int op, int type, const char *v, const struct rd_keys *k,
      const char *subject, int *used)
{
	static struct ck_buf b;
	struct rd_ctx c = { &pol, k, names, subject };
	struct ck_error err;
	int t;

	for (t = 0; t < PHI_NTYPES; t++) {
		pol.rules[t].op = op;
		pol.rules[t].max_days = 365;
	}
	ck_buf_reset(&b);
	ck_error_clear(&err);
	assert_int_equal(rd_apply(&c, type, NULL, v, strlen(v), &b, used,
				  &err), 0);
	return b.data ? b.data : "";
}

static void
test_generalize(void **state)
{
	int used;

	(void)state;
	assert_string_equal(apply(RD_GENERALIZE, PHI_ZIP, "53711", NULL, NULL,
				  &used), "537");
	assert_string_equal(apply(RD_GENERALIZE, PHI_ZIP, "53711-2207", NULL,
				  NULL, &used), "537");
	/* Safe Harbor's low-population three-digit areas */
	assert_string_equal(apply(RD_GENERALIZE, PHI_ZIP, "03601", NULL, NULL,
				  &used), "000");
	assert_string_equal(apply(RD_GENERALIZE, PHI_ZIP, "89301", NULL, NULL,
				  &used), "000");
	assert_string_equal(apply(RD_GENERALIZE, PHI_AGE, "93", NULL, NULL,
				  &used), "90+");
	assert_string_equal(apply(RD_GENERALIZE, PHI_AGE, "104 years", NULL,
				  NULL, &used), "90+");
	assert_string_equal(apply(RD_GENERALIZE, PHI_DATE, "2019-05-06", NULL,
				  NULL, &used), "2019");
	assert_int_equal(used, RD_GENERALIZE);
	/* no four-digit year: tagged, never kept */
	assert_string_equal(apply(RD_GENERALIZE, PHI_DATE, "May 6", NULL,
				  NULL, &used), "[DATE]");
	assert_int_equal(used, RD_TAG);
}

static void
test_fixed_points(void **state)
{
	struct rd_rule r;
	struct ck_buf b = CK_BUF_INIT;
	struct ck_error err;
	const char *s;
	int used;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.op = RD_TAG;
	assert_true(rd_is_redacted(&r, PHI_SSN, "[SSN]", 5));
	assert_false(rd_is_redacted(&r, PHI_SSN, "[MRN]", 5));
	r.text = (char *)"<gone>";
	assert_true(rd_is_redacted(&r, PHI_SSN, "<gone>", 6));
	r.text = NULL;
	r.op = RD_PSEUDONYM;
	assert_true(rd_is_redacted(&r, PHI_MRN, "[MRN-7a16791ae97b]", 18));
	assert_false(rd_is_redacted(&r, PHI_MRN, "[MRN-7a16791ae97G]", 18));
	r.op = RD_GENERALIZE;
	assert_true(rd_is_redacted(&r, PHI_DATE, "1952", 4));
	assert_false(rd_is_redacted(&r, PHI_DATE, "1952-03-14", 10));
	assert_true(rd_is_redacted(&r, PHI_AGE, "90+", 3));
	assert_true(rd_is_redacted(&r, PHI_ZIP, "537", 3));
	assert_true(rd_is_redacted(&r, PHI_ZIP, "WI 537", 6));
	assert_false(rd_is_redacted(&r, PHI_ZIP, "53711", 5));
	r.op = RD_ENCRYPT;
	assert_int_equal(rd_token_seal(&key, PHI_SSN, "123-45-6789", 11, &b,
				       &err), 0);
	assert_true(rd_is_redacted(&r, PHI_SSN, b.data, b.len));
	/* through rd_apply: kept, and reported as kept */
	s = apply(RD_GENERALIZE, PHI_DATE, "1952", NULL, NULL, &used);
	assert_string_equal(s, "1952");
	assert_int_equal(used, RD_KEEP);
	/* a ZIP span with its label keeps the label */
	s = apply(RD_GENERALIZE, PHI_ZIP, "NJ^08653", NULL, NULL, &used);
	assert_string_equal(s, "NJ^086");
	assert_int_equal(used, RD_GENERALIZE);
	ck_buf_release(&b);
}

static void
test_pseudonym(void **state)
{
	const char *a;
	char keep[64];
	int used;

	(void)state;
	a = apply(RD_PSEUDONYM, PHI_SSN, "123-45-6789", &key, NULL, &used);
	strcpy(keep, a);
	assert_int_equal(strncmp(keep, "[SSN-", 5), 0);
	assert_int_equal(strlen(keep), 18);
	/* written differently, the same value: the same pseudonym */
	assert_string_equal(apply(RD_PSEUDONYM, PHI_SSN, "123 45 6789", &key,
				  NULL, &used), keep);
	/* another value, another key, another type: another pseudonym */
	assert_string_not_equal(apply(RD_PSEUDONYM, PHI_SSN, "123-45-6780",
				      &key, NULL, &used), keep);
	assert_string_not_equal(apply(RD_PSEUDONYM, PHI_SSN, "123-45-6789",
				      &key2, NULL, &used), keep);
	assert_string_not_equal(apply(RD_PSEUDONYM, PHI_MRN, "123-45-6789",
				      &key, NULL, &used) + 5, keep + 5);
}

static int
luhn_ok(const char *s, const char *prefix)
{
	char d[64];
	size_t n = 0, i;
	int sum = 0, dbl = 0, x;

	for (i = 0; prefix[i]; i++)
		d[n++] = prefix[i];
	for (i = 0; s[i]; i++)
		if (s[i] >= '0' && s[i] <= '9')
			d[n++] = s[i];
	for (i = n; i-- > 0;) {
		x = d[i] - '0';
		if (dbl && (x *= 2) > 9)
			x -= 9;
		sum += x;
		dbl = !dbl;
	}
	return sum % 10 == 0;
}

static void
test_surrogate(void **state)
{
	const char *s;
	char keep[128];
	int used;

	(void)state;
	s = apply(RD_SURROGATE, PHI_SSN, "123-45-6789", &key, NULL, &used);
	assert_int_equal(strlen(s), 11);
	assert_int_equal(s[0], '9');	/* area 9xx: never issued */
	assert_int_equal(s[3], '-');
	strcpy(keep, s);
	assert_string_equal(apply(RD_SURROGATE, PHI_SSN, "123-45-6789", &key,
				  NULL, &used), keep);
	s = apply(RD_SURROGATE, PHI_PHONE, "(608) 555-2718", &key, NULL,
		  &used);
	assert_int_equal(strlen(s), 14);
	assert_memory_equal(s + 6, "555-01", 6);	/* fictional range */
	s = apply(RD_SURROGATE, PHI_CREDIT_CARD, "4111 1111 1111 1111", &key,
		  NULL, &used);
	assert_int_equal(s[0], '0');
	assert_int_equal(s[4], ' ');
	assert_true(luhn_ok(s, ""));
	s = apply(RD_SURROGATE, PHI_NPI, "1234567893", &key, NULL, &used);
	assert_int_equal(s[0], '3');
	assert_true(luhn_ok(s, "80840"));
	s = apply(RD_SURROGATE, PHI_ZIP, "53711", &key, NULL, &used);
	assert_memory_equal(s, "000", 3);
	s = apply(RD_SURROGATE, PHI_EMAIL, "ada@mailbox.org", &key, NULL,
		  &used);
	assert_non_null(strstr(s, "@example.com"));
	s = apply(RD_SURROGATE, PHI_IP, "8.8.4.4", &key, NULL, &used);
	assert_memory_equal(s, "192.0.2.", 8);
	/* a name for a name, in its case, surname after a comma first */
	s = apply(RD_SURROGATE, PHI_NAME, "Ada Lovelace", &key, NULL, &used);
	assert_true(s[0] >= 'A' && s[0] <= 'Z');
	assert_non_null(strchr(s, ' '));
	assert_string_not_equal(s, "Ada Lovelace");
	s = apply(RD_SURROGATE, PHI_NAME, "LOVELACE, ADA", &key, NULL, &used);
	assert_non_null(strstr(s, ", "));
	assert_true(s[1] >= 'A' && s[1] <= 'Z');
	/* MRN keeps its shape */
	s = apply(RD_SURROGATE, PHI_MRN, "AB-123456", &key, NULL, &used);
	assert_int_equal(strlen(s), 9);
	assert_int_equal(s[2], '-');
}

static void
test_shift_subject(void **state)
{
	char a[32], b[32];
	int used, d1, d2;

	(void)state;
	/* one subject, one offset: intervals survive */
	strcpy(a, apply(RD_SHIFT, PHI_DATE, "2026-02-03", &key, "p1", &used));
	strcpy(b, apply(RD_SHIFT, PHI_DATE, "2026-02-09", &key, "p1", &used));
	shift_is(a, 6, b);
	/* another subject: another offset */
	assert_string_not_equal(apply(RD_SHIFT, PHI_DATE, "2026-02-03", &key,
				      "p2", &used), a);
	d1 = rd_shift_days(&key, "p1", 365);
	d2 = rd_shift_days(&key, "p1", 365);
	assert_int_equal(d1, d2);
	assert_true(d1 != 0 && d1 >= -365 && d1 <= 365);
	assert_int_equal(rd_shift_days(&key, "p1", 1) * rd_shift_days(&key,
		"p1", 1), 1);
	/* a thousand subjects: offsets spread, never 0 */
	{
		int i, seen_neg = 0, seen_pos = 0;
		char s[16];

		for (i = 0; i < 1000; i++) {
			snprintf(s, sizeof(s), "s%d", i);
			d1 = rd_shift_days(&key, s, 30);
			assert_true(d1 != 0 && d1 >= -30 && d1 <= 30);
			seen_neg |= d1 < 0;
			seen_pos |= d1 > 0;
		}
		assert_true(seen_neg && seen_pos);
	}
	/* shift only moves dates it can read */
	assert_string_equal(apply(RD_SHIFT, PHI_DATE, "last spring", &key,
				  "p1", &used), "[DATE]");
}

static void
test_tokens(void **state)
{
	struct ck_buf b = CK_BUF_INIT, o = CK_BUF_INIT;
	struct ck_error err;
	const char *data;
	struct rd_keys both[2];
	size_t dlen, n;
	char id[9];
	int type;

	(void)state;
	assert_int_equal(rd_token_seal(&key, PHI_SSN, "123-45-6789", 11, &b,
				       &err), 0);
	assert_int_equal(strncmp(b.data, "ENC[SSN.", 8), 0);
	assert_memory_equal(b.data + 8, key.id, 8);
	n = rd_token_parse(b.data, b.len, &type, id, &data, &dlen);
	assert_int_equal(n, b.len);
	assert_int_equal(type, PHI_SSN);
	assert_string_equal(id, key.id);
	assert_int_equal(rd_token_open(&key, 1, type, id, data, dlen, &o,
				       &err), 0);
	assert_string_equal(o.data, "123-45-6789");
	/* the key version picks the key */
	both[0] = key2;
	both[1] = key;
	ck_buf_reset(&o);
	assert_int_equal(rd_token_open(both, 2, type, id, data, dlen, &o,
				       &err), 0);
	/* a wrong key: named, not tried */
	assert_int_equal(rd_token_open(&key2, 1, type, id, data, dlen, &o,
				       &err), -1);
	assert_non_null(strstr(err.msg, "token made with key"));
	/* another type's slot: does not authenticate */
	assert_int_equal(rd_token_open(&key, 1, PHI_MRN, id, data, dlen, &o,
				       &err), -1);
	/* malformed tokens are no tokens */
	assert_int_equal(rd_token_parse("ENC[SSN.1234567.abc]", 20, &type, id,
					&data, &dlen), 0);
	assert_int_equal(rd_token_parse("ENC[FOO.12345678.abc]", 21, &type,
					id, &data, &dlen), 0);
	assert_int_equal(rd_token_parse("ENC[SSN.12345678.ab", 19, &type, id,
					&data, &dlen), 0);
	assert_int_equal(rd_token_parse("ENC[SSN.12345678.a=]", 20, &type, id,
					&data, &dlen), 0);
	ck_buf_release(&b);
	ck_buf_release(&o);
}

static void
test_keyed_needs_key(void **state)
{
	struct rd_ctx c = { &pol, NULL, names, NULL };
	struct ck_buf b = CK_BUF_INIT;
	struct ck_error err;
	int used;

	(void)state;
	pol.rules[PHI_SSN].op = RD_PSEUDONYM;
	assert_int_equal(rd_apply(&c, PHI_SSN, NULL, "123-45-6789", 11, &b,
				  &used, &err), -1);
	assert_non_null(strstr(err.msg, "needs --key"));
	ck_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_shift),
		cmocka_unit_test(test_date_year),
		cmocka_unit_test(test_generalize),
		cmocka_unit_test(test_fixed_points),
		cmocka_unit_test(test_pseudonym),
		cmocka_unit_test(test_surrogate),
		cmocka_unit_test(test_shift_subject),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_keyed_needs_key),
	};

	return cmocka_run_group_tests_name("redact_ops", tests, setup,
					   teardown);
}
