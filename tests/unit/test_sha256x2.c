/* test_sha256x2.c -- two SHA-256 digests at once (sha256x2.h) against
 * OpenSSL's SHA-256 of each message: the FIPS 180-4 examples, every
 * length from 0 to 300 bytes (all the padding cases), lengths past the
 * stack buffer, pieces split anywhere, messages of different block
 * counts paired both ways round; and the audit line reader that uses it
 * against the one that does not. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/audit.h"
#include "common/hash.h"
#include "common/merkle.h"
#include "common/sha256x2.h"

static void
ref(const unsigned char *p, size_t n, unsigned char d[32])
{
	assert_int_equal(ck_sha256(p, n, d), 0);
}

/* m as pieces of p[0..n) cut at random places. */
static void
split(struct ck_sha256_msg *m, const unsigned char *p, size_t n,
      unsigned *seed)
{
	size_t c1 = n ? (size_t)rand_r(seed) % (n + 1) : 0;
	size_t c2 = c1 + (n - c1 ? (size_t)rand_r(seed) % (n - c1 + 1) : 0);

	m->np = 3;
	m->p[0] = p;
	m->n[0] = c1;
	m->p[1] = p + c1;
	m->n[1] = c2 - c1;
	m->p[2] = p + c2;
	m->n[2] = n - c2;
}

static void
check_pair(const unsigned char *a, size_t na, const unsigned char *b,
	   size_t nb, unsigned *seed)
{
	struct ck_sha256_msg ma, mb;
	unsigned char da[32], db[32], ra[32], rb[32];

	split(&ma, a, na, seed);
	split(&mb, b, nb, seed);
	ck_sha256_two(&ma, da, &mb, db);
	ref(a, na, ra);
	ref(b, nb, rb);
	assert_memory_equal(da, ra, 32);
	assert_memory_equal(db, rb, 32);
}

static void
test_fips(void **state)
{
	static const char abc[] = "abc";
	static const char two[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	struct ck_sha256_msg ma = { { abc }, { 3 }, 1 };
	struct ck_sha256_msg mb = { { two }, { sizeof two - 1 }, 1 };
	unsigned char da[32], db[32];
	char hex[65];

	(void)state;
	ck_sha256_two(&ma, da, &mb, db);
	ck_hex_encode(da, 32, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
				 "b00361a396177a9cb410ff61f20015ad");
	ck_hex_encode(db, 32, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039"
				 "a33ce45964ff2167f6ecedd419db06c1");
	printf("# SHA extensions: %s\n", ck_sha256_two_accel() ? "yes" : "no");
}

static void
test_lengths(void **state)
{
	unsigned char *buf = malloc(9000);
	unsigned seed = 1;
	size_t i, j;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < 9000; i++)
		buf[i] = (unsigned char)rand_r(&seed);
	for (i = 0; i <= 300; i++) {
		check_pair(buf, i, buf + 1, i, &seed);
		check_pair(buf, i, buf + 7, 300 - i, &seed);
	}
	for (i = 0; i < 200; i++) {
		size_t na = (size_t)rand_r(&seed) % 8900;
		size_t nb = (size_t)rand_r(&seed) % (i % 2 ? 8900 : 700);

		j = (size_t)rand_r(&seed) % 100;
		check_pair(buf + j, na, buf, nb, &seed);
		check_pair(buf, nb, buf + j, na, &seed);
	}
	free(buf);
}

/* n messages at once (the AVX-512 path where there is one): lengths
 * around every block boundary, some past the 1 KB the lanes take. */
static void
test_many(void **state)
{
	unsigned char *buf = malloc(3000), d[16][32], r[32];
	struct ck_sha256_msg m[16];
	unsigned seed = 5, n, i, round;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < 3000; i++)
		buf[i] = (unsigned char)rand_r(&seed);
	for (round = 0; round < 400; round++) {
		size_t len[16];

		n = round % 17;
		for (i = 0; i < n; i++) {
			len[i] = round < 200 ? (size_t)rand_r(&seed) % 1100
					     : (size_t)(round * 7 + i) % 2000;
			split(&m[i], buf + i, len[i], &seed);
		}
		ck_sha256_many(m, n, d);
		for (i = 0; i < n; i++) {
			ref(buf + i, len[i], r);
			assert_memory_equal(d[i], r, 32);
		}
	}
	free(buf);
}

/* Eight lines at once give what one at a time gives. */
static void
test_lines_many(void **state)
{
	static const char good[] =
		"{\"action\":\"read\",\"actor\":{\"id\":\"u1\"},"
		"\"hash\":\"4f2a55d4f47b2f1d9d8e5d0e8c3b8a1b2e8f5c0d9e8a7b6c5d4e3f2a1b0c9d8e\","
		"\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\","
		"\"seq\":1,\"time\":\"2026-11-22T10:00:00.000000Z\"}";
	char lines[8][sizeof good];
	const char *lp[8];
	size_t len[8];
	struct ck_audit_line l[8], one;
	ck_mhash leaf[8], leaf1;
	int fast[8], f1;
	unsigned n, i;

	(void)state;
	for (i = 0; i < 8; i++) {
		memcpy(lines[i], good, sizeof good);
		lines[i][i % 3 == 1 ? 1 : 30] = i % 3 == 1 ? ' ' : (char)('0' + i);
		lp[i] = lines[i];
		len[i] = sizeof good - 1 - i;	/* some cut short: not JSON */
		if (i % 2 == 0)
			len[i] = sizeof good - 1;
	}
	for (n = 0; n <= 8; n++) {
		memset(l, 0, sizeof l);
		ck_audit_lines_read_leaf(lp, len, n, l, leaf, fast);
		for (i = 0; i < n; i++) {
			memset(&one, 0, sizeof one);
			f1 = ck_audit_line_read_leaf(lp[i], len[i], &one, leaf1);
			assert_int_equal(fast[i], f1);
			assert_memory_equal(leaf[i], leaf1, 32);
			if (f1) {
				assert_int_equal(l[i].hash_ok, one.hash_ok);
				assert_true(l[i].seq == one.seq);
			}
		}
	}
}

/* A stored line read with both hashes at once gives what the plain
 * reader and ck_merkle_leaf_hash give, for a good line, a line with a
 * changed byte and a line off the fast path. */
static void
test_audit_line(void **state)
{
	static const char good[] =
		"{\"action\":\"read\",\"actor\":{\"id\":\"u1\"},"
		"\"hash\":\"4f2a55d4f47b2f1d9d8e5d0e8c3b8a1b2e8f5c0d9e8a7b6c5d4e3f2a1b0c9d8e\","
		"\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\","
		"\"seq\":1,\"time\":\"2026-11-22T10:00:00.000000Z\"}";
	char line[sizeof good];
	struct ck_audit_line l1, l2;
	ck_mhash leaf, want;
	int k;

	(void)state;
	for (k = 0; k < 3; k++) {
		memcpy(line, good, sizeof good);
		if (k == 1)
			line[12] = 'X';
		if (k == 2)
			line[1] = ' ';
		memset(&l1, 0, sizeof l1);
		memset(&l2, 0, sizeof l2);
		assert_int_equal(ck_audit_line_read_leaf(line, sizeof good - 1,
							 &l2, leaf),
				 ck_audit_line_read(line, sizeof good - 1, &l1));
		ck_merkle_leaf_hash(line, sizeof good - 1, want);
		assert_memory_equal(leaf, want, 32);
		if (k < 2) {
			assert_int_equal(l1.hash_ok, l2.hash_ok);
			assert_true(l1.seq == l2.seq);
			assert_memory_equal(l1.prev, l2.prev, 32);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fips),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_audit_line),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_lines_many),
	};

	return cmocka_run_group_tests_name("sha256x2", tests, NULL, NULL);
}
