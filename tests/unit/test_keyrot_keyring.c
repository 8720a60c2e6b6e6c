/* test_keyrot_keyring.c -- the keyring's sealed plaintext (serialise,
 * parse, malformations), versions and the journal parser. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keyrot/keyring.h"

static void
test_roundtrip(void **state)
{
	struct kr_keyring kr = { NULL, 0, 30 }, back;
	struct ck_time now = { 1700000000, 5 };
	struct ck_buf b = CK_BUF_INIT;
	struct ck_error err;

	(void)state;
	assert_int_equal(kr_keyring_add(&kr, &now, &err), 0);
	now.sec += 100;
	assert_int_equal(kr_keyring_add(&kr, &now, &err), 0);
	assert_int_equal(kr.n, 2);
	assert_int_equal(kr_keyring_primary(&kr)->id, 2);
	assert_int_equal(kr.v[0].state, KR_ACTIVE);
	assert_int_equal(kr.v[0].deactivated.sec, 1700000100);
	assert_int_equal(kr_keyring_serialize(&kr, &b, &err), 0);
	/* no key byte is in the JSON part */
	assert_null(strstr(b.data + 12 + 72, "key\""));
	assert_int_equal(kr_keyring_parse(b.data, b.len, &back, &err), 0);
	assert_int_equal(back.n, 2);
	assert_int_equal(back.retention_days, 30);
	assert_memory_equal(back.v[1].key, kr.v[1].key, KR_KEY_LEN);
	assert_int_equal(back.v[0].created.usec, 5);
	kr_keyring_release(&back);
	/* a destroyed version keeps no key */
	memset(kr.v[0].key, 0, KR_KEY_LEN);
	kr.v[0].has_key = 0;
	kr.v[0].state = KR_DESTROYED;
	kr.v[0].destroyed = now;
	assert_int_equal(kr_keyring_serialize(&kr, &b, &err), 0);
	assert_int_equal(kr_keyring_parse(b.data, b.len, &back, &err), 0);
	assert_int_equal(back.v[0].has_key, 0);
	kr_keyring_release(&back);
	kr_keyring_release(&kr);
	ck_buf_release_secret(&b);
}

static void
test_malformed(void **state)
{
	struct kr_keyring kr = { NULL, 0, 30 }, back;
	struct ck_time now = { 1700000000, 0 };
	struct ck_buf b = CK_BUF_INIT;
	struct ck_error err;
	char *p;

	(void)state;
	assert_int_equal(kr_keyring_add(&kr, &now, &err), 0);
	assert_int_equal(kr_keyring_serialize(&kr, &b, &err), 0);
	assert_int_equal(kr_keyring_parse(b.data, 10, &back, &err), -1);
	b.data[11] = 9;	/* more keys than bytes */
	assert_int_equal(kr_keyring_parse(b.data, b.len, &back, &err), -1);
	b.data[11] = 1;
	p = strstr(b.data + 48, "primary");
	assert_non_null(p);
	memcpy(p, "active!", 7);
	assert_int_equal(kr_keyring_parse(b.data, b.len, &back, &err), -1);
	memcpy(p, "active\" ", 8);
	assert_int_equal(kr_keyring_parse(b.data, b.len, &back, &err), -1);
	assert_non_null(strstr(err.msg, "primary"));
	kr_keyring_release(&kr);
	ck_buf_release_secret(&b);
}

static void
test_journal(void **state)
{
	static const char ok[] =
		"{\"op\":\"rewrap\",\"to\":3,\"started\":\"x\"}\n"
		"{\"headers\":[[\"a\",\"00\"],[\"b\",\"11\"]]}\n"
		"{\"done\":2,\"paths\":[\"a\",\"b\"]}\n"
		"{\"done\":1,\"paths\":[\"c\"]}\n"
		"{\"done\":5,\"pa";	/* torn by a kill: ignored */
	struct kr_journal j;
	struct ck_error err;

	(void)state;
	assert_int_equal(kr_journal_parse(ok, strlen(ok), &j, &err), 0);
	assert_string_equal(j.op, "rewrap");
	assert_int_equal(j.to, 3);
	assert_int_equal(j.done, 3);
	assert_int_equal(j.complete, 0);
	assert_int_equal(kr_journal_parse("{\"op\":\"x\",\"to\":1}\n", 18, &j,
					  &err), -1);
	assert_int_equal(kr_journal_parse("", 0, &j, &err), -1);
	assert_int_equal(kr_journal_parse("{\"op\":\"rewrap\",\"to\":1}\n"
					  "{\"headers\":1}\n", 37, &j, &err),
			 -1);
	assert_int_equal(kr_journal_parse("{\"op\":\"reencrypt\",\"to\":1}\n"
					  "{\"end\":true}\n", 39, &j, &err), 0);
	assert_int_equal(j.complete, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_journal),
	};

	return cmocka_run_group_tests_name("keyrot_keyring", tests, NULL, NULL);
}
