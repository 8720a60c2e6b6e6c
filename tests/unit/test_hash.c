/* test_hash.c -- SHA-256 (FIPS 180-4 examples), HMAC-SHA-256 (RFC 4231),
 * hex, constant-time comparison, random bytes. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/hash.h"

static void
assert_hex(const unsigned char *d, size_t n, const char *want)
{
	char hex[2 * CK_SHA256_LEN + 1];

	assert_true(n <= CK_SHA256_LEN);
	ck_hex_encode(d, n, hex);
	assert_string_equal(hex, want);
}

static void
test_sha256_oneshot(void **state)
{
	unsigned char d[CK_SHA256_LEN];
	const char *m448 =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	(void)state;
	assert_int_equal(ck_sha256("abc", 3, d), 0);
	assert_hex(d, 32, "ba7816bf8f01cfea414140de5dae2223"
			  "b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(ck_sha256(NULL, 0, d), 0);
	assert_hex(d, 32, "e3b0c44298fc1c149afbf4c8996fb924"
			  "27ae41e4649b934ca495991b7852b855");
	assert_int_equal(ck_sha256(m448, strlen(m448), d), 0);
	assert_hex(d, 32, "248d6a61d20638b8e5c026930c3e6039"
			  "a33ce45964ff2167f6ecedd419db06c1");
}

static void
test_sha256_streaming(void **state)
{
	unsigned char d[CK_SHA256_LEN], d2[CK_SHA256_LEN];
	struct ck_sha256 *h;
	char a[1000];
	int i;

	(void)state;
	h = ck_sha256_new();
	assert_non_null(h);
	/* One million 'a' (FIPS 180-2 appendix B.3), in odd chunks. */
	memset(a, 'a', sizeof(a));
	for (i = 0; i < 1000; i++) {
		assert_int_equal(ck_sha256_update(h, a, 999), 0);
		assert_int_equal(ck_sha256_update(h, a, 1), 0);
	}
	assert_int_equal(ck_sha256_final(h, d), 0);
	assert_hex(d, 32, "cdc76e5c9914fb9281a1c7e284d73e67"
			  "f1809a48a497200e046d39ccc7112cd0");
	/* Reuse after reset gives the one-shot answer. */
	assert_int_equal(ck_sha256_reset(h), 0);
	assert_int_equal(ck_sha256_update(h, "a", 1), 0);
	assert_int_equal(ck_sha256_update(h, "", 0), 0);
	assert_int_equal(ck_sha256_update(h, "bc", 2), 0);
	assert_int_equal(ck_sha256_final(h, d), 0);
	assert_int_equal(ck_sha256("abc", 3, d2), 0);
	assert_memory_equal(d, d2, sizeof(d));
	ck_sha256_free(h);
	ck_sha256_free(NULL);
}

struct hmac_case {
	unsigned char key[131];
	size_t keylen;
	const char *data;
	size_t datalen;
	const char *mac;
};

static void
test_hmac_rfc4231(void **state)
{
	static struct hmac_case c[7];
	unsigned char d[CK_SHA256_LEN], dd[50], cd[50];
	size_t i;

	(void)state;
	memset(dd, 0xdd, sizeof(dd));
	memset(cd, 0xcd, sizeof(cd));
	/* 4.2 */
	memset(c[0].key, 0x0b, 20);
	c[0].keylen = 20;
	c[0].data = "Hi There";
	c[0].datalen = 8;
	c[0].mac = "b0344c61d8db38535ca8afceaf0bf12b"
		   "881dc200c9833da726e9376c2e32cff7";
	/* 4.3: key shorter than the output */
	memcpy(c[1].key, "Jefe", 4);
	c[1].keylen = 4;
	c[1].data = "what do ya want for nothing?";
	c[1].datalen = 28;
	c[1].mac = "5bdcc146bf60754e6a042426089575c7"
		   "5a003f089d2739839dec58b964ec3843";
	/* 4.4 */
	memset(c[2].key, 0xaa, 20);
	c[2].keylen = 20;
	c[2].data = (const char *)dd;
	c[2].datalen = 50;
	c[2].mac = "773ea91e36800e46854db8ebd09181a7"
		   "2959098b3ef8c122d9635514ced565fe";
	/* 4.5 */
	for (i = 0; i < 25; i++)
		c[3].key[i] = (unsigned char)(i + 1);
	c[3].keylen = 25;
	c[3].data = (const char *)cd;
	c[3].datalen = 50;
	c[3].mac = "82558a389a443c0ea4cc819899f2083a"
		   "85f0faa3e578f8077a2e3ff46729665b";
	/* 4.6: truncated to 128 bits */
	memset(c[4].key, 0x0c, 20);
	c[4].keylen = 20;
	c[4].data = "Test With Truncation";
	c[4].datalen = 20;
	c[4].mac = "a3b6167473100ee06e0c796c2955552b";
	/* 4.7 and 4.8: key longer than the block, hashed first */
	memset(c[5].key, 0xaa, 131);
	c[5].keylen = 131;
	c[5].data = "Test Using Larger Than Block-Size Key - Hash Key First";
	c[5].datalen = strlen(c[5].data);
	c[5].mac = "60e431591ee0b67f0d8a26aacbf5b77f"
		   "8e0bc6213728c5140546040f0ee37f54";
	memset(c[6].key, 0xaa, 131);
	c[6].keylen = 131;
	c[6].data = "This is a test using a larger than block-size key and "
		    "a larger than block-size data. The key needs to be "
		    "hashed before being used by the HMAC algorithm.";
	c[6].datalen = strlen(c[6].data);
	c[6].mac = "9b09ffa71b942fcb27635fbcd5b0e944"
		   "bfdc63644f0713938a7f51535c3a35e2";
	for (i = 0; i < 7; i++) {
		assert_int_equal(ck_hmac_sha256(c[i].key, c[i].keylen,
						c[i].data, c[i].datalen, d), 0);
		assert_hex(d, strlen(c[i].mac) / 2, c[i].mac);
	}
	/* Empty key and message are allowed (the MAC is still defined). */
	assert_int_equal(ck_hmac_sha256(NULL, 0, NULL, 0, d), 0);
	assert_hex(d, 32, "b613679a0814d9ec772f95d778c35fc5"
			  "ff1697c493715653c6c712144292c5ad");
}

static void
test_hex(void **state)
{
	unsigned char in[] = { 0x00, 0x01, 0xab, 0xff }, out[4];
	char hex[9];

	(void)state;
	ck_hex_encode(in, 4, hex);
	assert_string_equal(hex, "0001abff");
	ck_hex_encode(in, 0, hex);
	assert_string_equal(hex, "");
	assert_int_equal(ck_hex_decode("0001ABff", 8, out, 4), 0);
	assert_memory_equal(in, out, 4);
	assert_int_equal(ck_hex_decode("0001abf", 7, out, 4), -1);
	assert_int_equal(ck_hex_decode("0001abfg", 8, out, 4), -1);
	assert_int_equal(ck_hex_decode("0001ab", 6, out, 4), -1);
	assert_int_equal(ck_hex_decode(" 001abff", 8, out, 4), -1);
}

static void
test_ct_equal_and_wipe(void **state)
{
	unsigned char a[32], b[32];

	(void)state;
	memset(a, 0x5a, sizeof(a));
	memcpy(b, a, sizeof(b));
	assert_int_equal(ck_ct_equal(a, b, sizeof(a)), 1);
	b[31] ^= 1;
	assert_int_equal(ck_ct_equal(a, b, sizeof(a)), 0);
	b[31] ^= 1;
	b[0] ^= 0x80;
	assert_int_equal(ck_ct_equal(a, b, sizeof(a)), 0);
	assert_int_equal(ck_ct_equal(a, b, 0), 1);
	ck_wipe(a, sizeof(a));
	memset(b, 0, sizeof(b));
	assert_memory_equal(a, b, sizeof(a));
	ck_wipe(NULL, 10);
}

static void
test_random(void **state)
{
	unsigned char a[64], b[64], zero[64];
	struct ck_error err;

	(void)state;
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	memset(zero, 0, sizeof(zero));
	assert_int_equal(ck_random_bytes(a, sizeof(a), &err), 0);
	assert_int_equal(ck_random_bytes(b, sizeof(b), &err), 0);
	/* 2^-512 chance of a false failure. */
	assert_memory_not_equal(a, b, sizeof(a));
	assert_memory_not_equal(a, zero, sizeof(a));
	assert_int_equal(ck_random_bytes(a, 0, &err), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_oneshot),
		cmocka_unit_test(test_sha256_streaming),
		cmocka_unit_test(test_hmac_rfc4231),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_ct_equal_and_wipe),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests_name("hash", tests, NULL, NULL);
}
