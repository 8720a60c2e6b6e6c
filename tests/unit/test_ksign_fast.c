/* test_ksign_fast.c -- record mode's fast path gives the same bytes as the
 * general one: ck_canon_number (now three conversions at most) against
 * the seventeen-step search it replaced, on a large random sample;
 * ck_canon_fast with reals against jansson and canon.c; the signature
 * template against ks_sig_make for awkward signer names. */
#include <config.h>

#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/canon.h"
#include "common/canonfast.h"
#include "ksign/sigrec.h"
#include "mutate.h"

/* ck_canon_number as it was: the first of precisions 1..17 that reads
 * back as d, trailing zeros dropped, then ECMAScript's layout. */
static int
ref_number(double d, char out[32])
{
	char sci[40], digits[20], *p = out;
	int prec, exp10, k, n, i;
	const char *s;

	if (isnan(d) || isinf(d))
		return -1;
	if (d == 0) {
		strcpy(out, "0");
		return 0;
	}
	if (fabs(d) < 9007199254740992.0 && d == floor(d)) {
		snprintf(out, 32, "%lld", (long long)d);
		return 0;
	}
	if (d < 0) {
		*p++ = '-';
		d = -d;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(sci, sizeof(sci), "%.*e", prec - 1, d);
		if (strtod(sci, NULL) == d)
			break;
	}
	k = 0;
	for (s = sci; *s != 'e' && *s != '\0'; s++)
		if (*s >= '0' && *s <= '9' && k < (int)sizeof(digits) - 1)
			digits[k++] = *s;
	if (*s != 'e')
		return -1;
	exp10 = atoi(s + 1);
	while (k > 1 && digits[k - 1] == '0')
		k--;
	digits[k] = '\0';
	n = exp10 + 1;
	if (k <= n && n <= 21) {
		memcpy(p, digits, (size_t)k);
		p += k;
		for (i = 0; i < n - k; i++)
			*p++ = '0';
	} else if (0 < n && n <= 21) {
		memcpy(p, digits, (size_t)n);
		p += n;
		*p++ = '.';
		memcpy(p, digits + n, (size_t)(k - n));
		p += k - n;
	} else if (-6 < n && n <= 0) {
		*p++ = '0';
		*p++ = '.';
		for (i = 0; i < -n; i++)
			*p++ = '0';
		memcpy(p, digits, (size_t)k);
		p += k;
	} else {
		*p++ = digits[0];
		if (k > 1) {
			*p++ = '.';
			memcpy(p, digits + 1, (size_t)(k - 1));
			p += k - 1;
		}
		p += sprintf(p, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
	}
	*p = '\0';
	return 0;
}

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned long checked;

static void
same(double d)
{
	char a[32], b[32];
	int ra = ck_canon_number(d, a), rb = ref_number(d, b);

	assert_int_equal(ra, rb);
	if (ra == 0 && strcmp(a, b) != 0)
		fail_msg("%.17g: %s, was %s", d, a, b);
	checked++;
}

static double
bits(uint64_t u)
{
	double d;

	memcpy(&d, &u, sizeof d);
	return d;
}

/* CK_CANONNUM_SAMPLES (default 15,000) of each kind: bench/RESULTS.md
 * has a run with many more. */
static void
test_number(void **state)
{
	const char *env = getenv("CK_CANONNUM_SAMPLES");
	unsigned long n = env ? strtoul(env, NULL, 10) : 15000, i;
	char text[64];

	(void)state;
	/* every bit pattern is as likely: mostly huge and tiny exponents */
	for (i = 0; i < n; i++)
		same(bits(next()));
	/* decimals of 1 to 17 digits at any exponent, as records hold */
	for (i = 0; i < n; i++) {
		uint64_t r = next(), p10 = 10;
		int digits = (int)(r % 17) + 1, e = (int)(r >> 8 & 0x3ff) % 640 - 330;

		for (int k = 1; k < digits; k++)
			p10 *= 10;
		snprintf(text, sizeof text, "%llue%d",
			 (unsigned long long)(next() % p10), e);
		same(strtod(text, NULL));
		same(-strtod(text, NULL));
	}
	/* near 1: fractions, quotients, one ulp either side */
	for (i = 0; i < n; i++) {
		double q = (double)(next() % 1000000) / (double)(next() % 999 + 1);

		same(q);
		same(nextafter(q, 0));
		same(nextafter(q, 1e300));
	}
	/* the edges: powers of ten and two with their neighbours,
	 * subnormals, the ends of the normal range */
	for (int k = -325; k <= 309; k++) {
		snprintf(text, sizeof text, "1e%d", k);
		double p = strtod(text, NULL);

		same(p);
		same(nextafter(p, 0));
		same(nextafter(p, INFINITY));
		same(ldexp(1.0, k * 3));
		same(ldexp(1.0, k * 3) * 0.75);
	}
	for (i = 1; i < 8000; i++) {
		same(bits(i));
		same(bits(i * 4503599627370ull));
		same(DBL_MIN + bits(i));
		same(DBL_MIN - bits(i));
		same(bits(0x7fefffffffffffffull - i));
	}
	for (i = 0; i < 7000; i++)
		same((double)(i % 7) / 7 + (double)(i / 7));
	print_message("%lu doubles compared\n", checked);
}

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

/* The fast answer on s, checked against the slow path when "yes". */
static int
check(struct ck_canon_fast *f, const char *s, size_t n)
{
	size_t len;
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
	return 1;
}

static void
test_reals(void **state)
{
	static const char *yes[] = {
		"{\"a\":0.5}", "{\"a\":-0.0}", "{\"a\":0.0}", "{\"a\":1E2}",
		"{\"a\":1e-7}", "{\"a\":1.5e+300,\"b\":[2.5,-3.25e-2]}",
		"{\"s\":0.14285714285714285}", "{\"a\":2.2250738585072014e-308}",
		"{\"a\":1.7976931348623157e308}", "{\"a\":123456.789e3}",
		"{\"a\":-0.5}", "{\"a\":0.30000000000000004}",
		"{\"a\":1e21}", "{\"a\":1e-6}", "{\"a\":1e-7}",
		"{\"a\":100000000000000000000000.0}",
	};
	static const char *unsure[] = {
		"{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":1e+}",
		"{\"a\":01.5}", "{\"a\":-.5}", "{\"a\":1.5.2}", "{\"a\":1e5e5}",
		"{\"a\":1E400}", "{\"a\":-1e400}", "{\"a\":1e-400}",
		"{\"a\":5e-324}",	/* subnormal: strtod says ERANGE */
		"{\"a\":0x1p3}", "{\"a\":1.5x}", "{\"a\":+1.5}", "{\"a\":-0}",
		"{\"a\":1234567890123456}", "{\"a\":NaN}", "{\"a\":1.0e}",
	};
	struct ck_canon_fast f, off;
	char buf[256];
	unsigned seed = 7;
	size_t i, n, yes_count = 0;

	(void)state;
	ck_canon_fast_init(&f);
	ck_canon_fast_init(&off);
	f.reals = 1;
	for (i = 0; i < sizeof yes / sizeof *yes; i++) {
		assert_int_equal(check(&f, yes[i], strlen(yes[i])), 1);
		/* without reals set, as auditlog uses it: not sure */
		assert_int_equal(ck_canon_fast(&off, yes[i], strlen(yes[i])), 0);
	}
	for (i = 0; i < sizeof unsure / sizeof *unsure; i++)
		assert_int_equal(check(&f, unsure[i], strlen(unsure[i])), 0);
	/* random numbers in records, then random edits of them */
	for (i = 0; i < 40000; i++) {
		uint64_t r = next();
		char num[48];

		switch (r % 5) {
		case 0:
			snprintf(num, sizeof num, "%.17g", bits(next()));
			break;
		case 1:
			snprintf(num, sizeof num, "%llu.%llue%d",
				 (unsigned long long)(next() % 100000),
				 (unsigned long long)(next() % 1000000000000ull),
				 (int)(next() % 700) - 350);
			break;
		case 2:
			snprintf(num, sizeof num, "-0.%0*llu", (int)(r >> 8) % 20 + 1,
				 (unsigned long long)(next() % 1000000000000000000ull));
			break;
		case 3:
			snprintf(num, sizeof num, "%.*e", (int)(r >> 8) % 18,
				 (double)(next() % 1000000) / 7);
			break;
		default:
			snprintf(num, sizeof num, "%lld.%d",
				 (long long)(next() % 9000000000000000000ull) -
				 (long long)4000000000000000000ll,
				 (int)(r >> 8) % 100);
			break;
		}
		n = (size_t)snprintf(buf, sizeof buf - 2,
				     "{\"id\":%zu,\"x\":%s,\"y\":[%s]}", i, num,
				     num);
		yes_count += (size_t)check(&f, buf, n);
		if (i % 4 == 0) {
			mutate(buf, &n, &seed, "0123456789.eE+-,]}\" ");
			check(&f, buf, n);
		}
	}
	print_message("%zu of 40000 records taken by the fast path\n",
		      yes_count);
	assert_true(yes_count > 30000);
	ck_canon_fast_release(&f);
	ck_canon_fast_release(&off);
}

/* The template signs the same message and writes the same record as
 * ks_sig_make + ck_json_append_compact, whatever the names hold. */
static void
test_template(void **state)
{
	static const char *names[] = {
		"Chris Chen", "Zo\xc3\xab \"Q\" O'Brien", "back\\slash",
		"tab\there", "ctl\x01\x1f", "\xf0\x9f\x98\x80 emoji",
		"\xe2\x80\xa8 line sep", "/slash/",
	};
	static const char *meanings[] = { "approval", "review", "x\"y" };
	struct ck_key k;
	struct ck_key_ctx *ctx;
	struct ck_error err;

	(void)state;
	assert_int_equal(ck_key_generate(&k, &err), 0);
	assert_non_null(ctx = ck_key_ctx_new(&k, &err));
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		for (size_t j = 0; j < sizeof meanings / sizeof *meanings; j++) {
			struct ks_sig_tmpl t;

			snprintf(k.signer_id, sizeof k.signer_id, "%s@x", names[i]);
			snprintf(k.signer_name, sizeof k.signer_name, "%s",
				 names[i]);
			ks_sig_tmpl_init(&t, &k, ctx, meanings[j]);
			assert_int_equal(t.ok, 1);
			for (int r = 0; r < 20; r++) {
				struct ck_time when = { 1700000000 + r * 86399,
							r * 49999 };
				unsigned char subj[CK_SHA256_LEN];
				struct ck_buf fast = CK_BUF_INIT,
					      slow_b = CK_BUF_INIT;
				struct ks_sig s;

				for (size_t b = 0; b < sizeof subj; b++)
					subj[b] = (unsigned char)next();
				assert_int_equal(ks_sig_tmpl_sign(&t, ctx, &when,
								  subj, &fast,
								  &err), 0);
				assert_int_equal(ks_sig_make(&s, &k, ctx,
							     meanings[j], &when,
							     subj, NULL, 0,
							     &err), 0);
				assert_int_equal(ck_json_append_compact(
						 &slow_b, s.obj, &err), 0);
				assert_int_equal(fast.len, slow_b.len);
				assert_memory_equal(fast.data, slow_b.data,
						    fast.len);
				ks_sig_release(&s);
				ck_buf_release(&fast);
				ck_buf_release(&slow_b);
			}
			ks_sig_tmpl_release(&t);
		}
	/* a name that is not UTF-8: no template, and ks_sig_make refuses */
	{
		struct ks_sig_tmpl t;

		snprintf(k.signer_name, sizeof k.signer_name, "bad\xff");
		ks_sig_tmpl_init(&t, &k, ctx, "approval");
		assert_int_equal(t.ok, 0);
		ks_sig_tmpl_release(&t);
	}
	ck_key_ctx_free(ctx);
	ck_key_clear(&k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_reals),
		cmocka_unit_test(test_template),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
