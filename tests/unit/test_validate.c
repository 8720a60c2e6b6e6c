/* test_validate.c -- check digits and structure of identifiers: a valid
 * and an invalid instance of each, the standards' own examples where one
 * exists. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/phi/validate.h"

#define OK(fn, s) assert_int_equal(fn(s, strlen(s)), 1)
#define NO(fn, s) assert_int_equal(fn(s, strlen(s)), 0)

static void
test_ssn(void **state)
{
	(void)state;
	OK(phi_valid_ssn, "123-45-6789");
	OK(phi_valid_ssn, "123 45 6789");
	OK(phi_valid_ssn, "123456789");
	OK(phi_valid_ssn, "899-01-0001");
	NO(phi_valid_ssn, "000-12-3456");	/* area 000 */
	NO(phi_valid_ssn, "666-12-3456");	/* area 666 */
	NO(phi_valid_ssn, "912-12-3456");	/* 9xx: ITIN */
	NO(phi_valid_ssn, "123-00-4567");	/* group 00 */
	NO(phi_valid_ssn, "123-45-0000");	/* serial 0000 */
	NO(phi_valid_ssn, "123-45 6789");	/* mixed separators */
	NO(phi_valid_ssn, "123-456-789");
	NO(phi_valid_ssn, "XXX-XX-XXXX");
	NO(phi_valid_ssn, "12345678");
	NO(phi_valid_ssn, "");
}

static void
test_luhn_npi(void **state)
{
	(void)state;
	OK(phi_valid_luhn, "79927398713");	/* ISO/IEC 7812 example */
	NO(phi_valid_luhn, "79927398710");
	OK(phi_valid_luhn, "4539 1488 0343 6467");
	NO(phi_valid_luhn, "4539x1488");
	NO(phi_valid_luhn, "7");
	OK(phi_valid_npi, "1234567893");	/* CMS's worked example */
	NO(phi_valid_npi, "1234567890");
	NO(phi_valid_npi, "123456789");
	NO(phi_valid_npi, "3234567891");	/* first digit must be 1 or 2 */
	NO(phi_valid_npi, "12345-67893");
}

static void
test_dea(void **state)
{
	(void)state;
	/* 1+3+5 = 9, 2*(2+4+6) = 24, 33 -> check digit 3 */
	OK(phi_valid_dea, "AB1234563");
	OK(phi_valid_dea, "FS1234563");
	OK(phi_valid_dea, "M91234563");
	NO(phi_valid_dea, "AB1234564");		/* wrong check digit */
	NO(phi_valid_dea, "ZB1234563");		/* unknown registrant type */
	NO(phi_valid_dea, "ab1234563");
	NO(phi_valid_dea, "AB123456");
}

static void
test_card(void **state)
{
	(void)state;
	OK(phi_valid_card, "4532017365482192");		/* Visa */
	OK(phi_valid_card, "4532 0173 6548 2192");
	OK(phi_valid_card, "4532-0173-6548-2192");
	OK(phi_valid_card, "5520873164092751");		/* Mastercard */
	OK(phi_valid_card, "2223719048531265");		/* Mastercard 2-series */
	OK(phi_valid_card, "371462098517330");		/* Amex */
	OK(phi_valid_card, "6011738502941635");		/* Discover */
	NO(phi_valid_card, "4532017365482193");		/* Luhn fails */
	NO(phi_valid_card, "1234567812345670");		/* no such issuer */
	NO(phi_valid_card, "371462098517330 ");
	NO(phi_valid_card, "37146209851733");		/* Amex is 15 */
	NO(phi_valid_card, "0000000000000000");
}

/* The networks' and gateways' published test numbers, and numbers of
 * their structure, are fixtures, not cards. */
static void
test_card_test_numbers(void **state)
{
	(void)state;
	NO(phi_valid_card, "4111111111111111");		/* Visa test */
	NO(phi_valid_card, "4111 1111 1111 1111");
	NO(phi_valid_card, "4242-4242-4242-4242");
	NO(phi_valid_card, "5555555555554444");
	NO(phi_valid_card, "2223003122003222");
	NO(phi_valid_card, "378282246310005");		/* Amex test */
	NO(phi_valid_card, "6011111111111117");		/* Discover test */
	NO(phi_valid_card, "4012888888881881");		/* run of eight */
	NO(phi_valid_card, "4000000000000002");		/* decline-code shape */
	NO(phi_valid_card, "4242424242424242");		/* period two */
	OK(phi_valid_card, "4532017365482192");
}

static void
test_gtin(void **state)
{
	(void)state;
	OK(phi_valid_gtin, "0100884426167307");
	OK(phi_valid_gtin, "(01)00884426167307(17)290131(10)LT7");
	OK(phi_valid_gtin, "01076123004155881729013110LT7");
	NO(phi_valid_gtin, "0100884426167308");		/* check digit */
	NO(phi_valid_gtin, "0200884426167307");		/* not AI 01 */
	NO(phi_valid_gtin, "01008844261673");		/* too short */
	NO(phi_valid_gtin, "0100000000000000");		/* one digit */
}

static void
test_vin(void **state)
{
	(void)state;
	OK(phi_valid_vin, "1M8GDM9AXKP042788");	/* 49 CFR 565 example */
	OK(phi_valid_vin, "1HGCM82633A004352");
	NO(phi_valid_vin, "1M8GDM9A1KP042788");	/* check digit */
	NO(phi_valid_vin, "1M8GDM9AXKP04278");	/* 16 chars */
	NO(phi_valid_vin, "1M8GDM9AXKP04278O");	/* letter O */
	NO(phi_valid_vin, "1m8gdm9axkp042788");	/* lower case */
	NO(phi_valid_vin, "11111111111111111");	/* no letter */
}

static void
test_icd10(void **state)
{
	(void)state;
	OK(phi_valid_icd10, "E11.9");
	OK(phi_valid_icd10, "I10");
	OK(phi_valid_icd10, "J45.909");
	OK(phi_valid_icd10, "S72.001A");
	OK(phi_valid_icd10, "W19.XXXA");
	OK(phi_valid_icd10, "M1A.0710");
	OK(phi_valid_icd10, "E119");
	OK(phi_valid_icd10, "U07.1");		/* COVID-19, adopted by CM */
	NO(phi_valid_icd10, "U12.3");		/* rest of U is WHO's reserve */
	NO(phi_valid_icd10, "E1.9");
	NO(phi_valid_icd10, "EE1.9");
	NO(phi_valid_icd10, "E11.");
	NO(phi_valid_icd10, "E11.90012");
	NO(phi_valid_icd10, "e11.9");
	NO(phi_valid_icd10, "S72.00XX");		/* X cannot be the 7th */
}

static void
test_ip(void **state)
{
	(void)state;
	OK(phi_valid_ipv4_public, "73.42.118.9");
	OK(phi_valid_ipv4_public, "8.8.44.44");
	NO(phi_valid_ipv4_public, "127.0.0.1");
	NO(phi_valid_ipv4_public, "0.0.0.0");
	NO(phi_valid_ipv4_public, "10.1.2.3");
	NO(phi_valid_ipv4_public, "172.20.1.1");
	NO(phi_valid_ipv4_public, "192.168.0.10");
	NO(phi_valid_ipv4_public, "169.254.10.20");
	NO(phi_valid_ipv4_public, "192.0.2.44");
	NO(phi_valid_ipv4_public, "198.51.100.7");
	NO(phi_valid_ipv4_public, "203.0.113.200");
	NO(phi_valid_ipv4_public, "239.1.1.1");
	NO(phi_valid_ipv4_public, "255.255.255.255");
	NO(phi_valid_ipv4_public, "256.1.1.1");
	NO(phi_valid_ipv4_public, "73.042.118.9");
	NO(phi_valid_ipv4_public, "4.1.2.10");		/* a version */
	NO(phi_valid_ipv4_public, "73.42.118");
	OK(phi_valid_ipv6_public, "2600:1700:abcd:12::5");
	NO(phi_valid_ipv6_public, "2001:db8::1");
	NO(phi_valid_ipv6_public, "::1");
	NO(phi_valid_ipv6_public, "fe80::1");
	NO(phi_valid_ipv6_public, "fd00::1");
	NO(phi_valid_ipv6_public, "2600:zz::1");
}

static void
test_phone(void **state)
{
	(void)state;
	OK(phi_valid_phone_us, "(412) 555-2671");
	OK(phi_valid_phone_us, "412-638-2671");
	OK(phi_valid_phone_us, "412.638.2671");
	OK(phi_valid_phone_us, "+1 412 638 2671");
	OK(phi_valid_phone_us, "1-412-638-2671");
	OK(phi_valid_phone_us, "4126382671");
	OK(phi_valid_phone_us, "412/638-2671");		/* slash after NPA */
	NO(phi_valid_phone_us, "412/638/2671");
	NO(phi_valid_phone_us, "4126/38-2671");
	NO(phi_valid_phone_us, "412-555-0123");	/* fictional range */
	NO(phi_valid_phone_us, "2147483647");		/* INT_MAX */
	NO(phi_valid_phone_us, "4294967297");		/* 2^32 + 1 */
	NO(phi_valid_phone_us, "(999) 999-9999");	/* input mask */
	NO(phi_valid_phone_us, "112-638-2671");	/* NPA starts with 1 */
	NO(phi_valid_phone_us, "412-038-2671");	/* NXX starts with 0 */
	NO(phi_valid_phone_us, "911-638-2671");	/* N11 */
	NO(phi_valid_phone_us, "2-412-638-2671");
	NO(phi_valid_phone_us, "412638267");
	OK(phi_valid_phone_e164, "+442071838750");
	OK(phi_valid_phone_e164, "+44 20 7183 8750");
	OK(phi_valid_phone_e164, "+14126382671");
	NO(phi_valid_phone_e164, "+1412555010");
	NO(phi_valid_phone_e164, "+0123456789");
	NO(phi_valid_phone_e164, "442071838750");
	NO(phi_valid_phone_e164, "+1234567");
	OK(phi_valid_phone, "+44 20 7183 8750");
	OK(phi_valid_phone, "412-638-2671");
}

static void
test_email_zip(void **state)
{
	(void)state;
	OK(phi_valid_email, "jane.kim@gmail.com");
	OK(phi_valid_email, "j_kim+clinic@mail.health-net.org");
	NO(phi_valid_email, "user@example.com");
	NO(phi_valid_email, "user@mail.EXAMPLE.org");
	NO(phi_valid_email, "user@example.net");
	NO(phi_valid_email, "a@b.test");
	NO(phi_valid_email, "a@host.invalid");
	NO(phi_valid_email, "a@localhost");
	NO(phi_valid_email, "a..b@gmail.com");
	NO(phi_valid_email, "@gmail.com");
	NO(phi_valid_email, "a@gmail.c");
	NO(phi_valid_email, "a@@gmail.com");
	NO(phi_valid_email, "a@gmail.123");
	OK(phi_valid_zip, "33601");
	OK(phi_valid_zip, "33601-1234");
	NO(phi_valid_zip, "00000");
	NO(phi_valid_zip, "3360");
	NO(phi_valid_zip, "33601 1234");
}

static void
test_mbi_imei(void **state)
{
	(void)state;
	OK(phi_valid_mbi, "1EG4-TE5-MK73");	/* CMS's example */
	OK(phi_valid_mbi, "1EG4TE5MK73");
	NO(phi_valid_mbi, "0EG4-TE5-MK73");	/* starts with 0 */
	NO(phi_valid_mbi, "1SG4-TE5-MK73");	/* S is excluded */
	NO(phi_valid_mbi, "1EG4-TE5-MK7");
	NO(phi_valid_mbi, "1EG4TE5-MK73");
	OK(phi_valid_imei, "490154203237518");	/* 3GPP example */
	NO(phi_valid_imei, "490154203237519");
	NO(phi_valid_imei, "49015420323751");
}

static void
test_lookup(void **state)
{
	(void)state;
	assert_ptr_equal(phi_validator_lookup("ssn"), phi_valid_ssn);
	assert_ptr_equal(phi_validator_lookup("npi"), phi_valid_npi);
	assert_ptr_equal(phi_validator_lookup("zip"), phi_valid_zip);
	assert_ptr_equal(phi_validator_lookup("card"), phi_valid_card);
	assert_ptr_equal(phi_validator_lookup("gtin"), phi_valid_gtin);
	assert_null(phi_validator_lookup("nope"));
	assert_null(phi_validator_lookup(NULL));
	assert_null(phi_validator_lookup(""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ssn),
		cmocka_unit_test(test_luhn_npi),
		cmocka_unit_test(test_dea),
		cmocka_unit_test(test_card),
		cmocka_unit_test(test_card_test_numbers),
		cmocka_unit_test(test_gtin),
		cmocka_unit_test(test_vin),
		cmocka_unit_test(test_icd10),
		cmocka_unit_test(test_ip),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_email_zip),
		cmocka_unit_test(test_mbi_imei),
		cmocka_unit_test(test_lookup),
	};

	return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
