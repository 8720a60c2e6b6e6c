/* test_siv.c -- AES-256-SIV through EVP (determinism, round trip, tag
 * checks) and HKDF-SHA-256 (RFC 5869 test case 3). */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/hash.h"
#include "common/siv.h"

static unsigned char key[CK_SIV_KEY_LEN];

static int
setup(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)i;
	return 0;
}

static void
test_available(void **state)
{
	(void)state;
	assert_int_equal(ck_siv_available(), 1);
}

static void
test_round_trip(void **state)
{
	unsigned char ct[64], ct2[64], pt[64];
	struct ck_error err;

	(void)state;
	assert_int_equal(ck_siv_seal(key, "SSN", 3, "123-45-6789", 11, ct,
				     &err), 0);
	/* Deterministic: the same input, the same token (joins survive). */
	assert_int_equal(ck_siv_seal(key, "SSN", 3, "123-45-6789", 11, ct2,
				     &err), 0);
	assert_memory_equal(ct, ct2, 11 + CK_SIV_TAG_LEN);
	assert_memory_not_equal(ct + CK_SIV_TAG_LEN, "123-45-6789", 11);
	assert_int_equal(ck_siv_open(key, "SSN", 3, ct, 11 + CK_SIV_TAG_LEN,
				     pt, &err), 0);
	assert_memory_equal(pt, "123-45-6789", 11);
	/* Another value or other associated data: another ciphertext. */
	assert_int_equal(ck_siv_seal(key, "SSN", 3, "123-45-6780", 11, ct2,
				     &err), 0);
	assert_memory_not_equal(ct, ct2, 11 + CK_SIV_TAG_LEN);
	assert_int_equal(ck_siv_seal(key, "MRN", 3, "123-45-6789", 11, ct2,
				     &err), 0);
	assert_memory_not_equal(ct, ct2, 11 + CK_SIV_TAG_LEN);
}

static void
test_tamper(void **state)
{
	unsigned char ct[64], pt[64], other[CK_SIV_KEY_LEN];
	struct ck_error err;

	(void)state;
	assert_int_equal(ck_siv_seal(key, "SSN", 3, "123-45-6789", 11, ct,
				     &err), 0);
	/* wrong associated data */
	assert_int_equal(ck_siv_open(key, "MRN", 3, ct, 27, pt, &err), -1);
	assert_non_null(strstr(err.msg, "does not authenticate"));
	/* a flipped bit in the ciphertext, then in the tag */
	ct[20] ^= 1;
	assert_int_equal(ck_siv_open(key, "SSN", 3, ct, 27, pt, &err), -1);
	ct[20] ^= 1;
	ct[0] ^= 0x80;
	assert_int_equal(ck_siv_open(key, "SSN", 3, ct, 27, pt, &err), -1);
	ct[0] ^= 0x80;
	/* another key */
	memcpy(other, key, sizeof(other));
	other[63] ^= 1;
	assert_int_equal(ck_siv_open(other, "SSN", 3, ct, 27, pt, &err), -1);
	/* too short, empty plaintext */
	assert_int_equal(ck_siv_open(key, "SSN", 3, ct, 16, pt, &err), -1);
	assert_int_equal(ck_siv_seal(key, "SSN", 3, "", 0, ct, &err), -1);
	/* and the genuine one still opens */
	assert_int_equal(ck_siv_open(key, "SSN", 3, ct, 27, pt, &err), 0);
}

static void
test_hkdf_rfc5869_case3(void **state)
{
	unsigned char ikm[22], okm[42];
	char hex[85];
	struct ck_error err;

	(void)state;
	memset(ikm, 0x0b, sizeof(ikm));
	assert_int_equal(ck_derive_key(ikm, sizeof(ikm), "", okm, sizeof(okm),
				       &err), 0);
	ck_hex_encode(okm, sizeof(okm), hex);
	assert_string_equal(hex, "8da4e775a563c18f715f802a063c5a31"
				 "b8a11f5c5ee1879ec3454e5f3c738d2d"
				 "9d201395faa4b61a96c8");
	/* labels separate keys */
	assert_int_equal(ck_derive_key(ikm, sizeof(ikm), "a", okm, 32, &err),
			 0);
	assert_memory_not_equal(okm, "\x8d\xa4\xe7\x75", 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_available),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_tamper),
		cmocka_unit_test(test_hkdf_rfc5869_case3),
	};

	return cmocka_run_group_tests_name("siv", tests, setup, NULL);
}
