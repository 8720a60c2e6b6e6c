/* test_seal.c -- sealing under a passphrase (scrypt) and a key: round
 * trip, wrong credential, every header and ciphertext byte authenticated,
 * bounds on scrypt costs, credential readers. */
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

#include "common/seal.h"

static const struct ck_seal_params fast = { 10, 8, 1 };

static void
key_cred(struct ck_cred *c, unsigned char fill)
{
	c->kind = CK_CRED_KEY;
	c->secret = malloc(32);
	assert_non_null(c->secret);
	memset(c->secret, fill, 32);
	c->len = 32;
}

static void
test_roundtrip_key(void **state)
{
	struct ck_cred c;
	struct ck_buf s = CK_BUF_INIT, o = CK_BUF_INIT;
	struct ck_error err;

	(void)state;
	key_cred(&c, 7);
	assert_int_equal(ck_seal(&c, NULL, "secret bytes", 12, &s, &err), 0);
	assert_int_equal(s.len, CK_SEAL_HEADER_LEN + 12 + CK_SEAL_TAG_LEN);
	assert_null(memmem(s.data, s.len, "secret", 6));
	assert_int_equal(ck_unseal(&c, s.data, s.len, &o, &err), 0);
	assert_int_equal(o.len, 12);
	assert_memory_equal(o.data, "secret bytes", 12);
	ck_buf_release_secret(&o);
	ck_buf_release(&s);
	ck_cred_release(&c);
}

static void
test_roundtrip_passphrase(void **state)
{
	struct ck_cred c, bad;
	struct ck_buf s = CK_BUF_INIT, o = CK_BUF_INIT;
	struct ck_error err;
	struct ck_seal_info info;

	(void)state;
	assert_int_equal(ck_cred_passphrase(&c, "correct horse", 13, &err), 0);
	assert_int_equal(ck_seal(&c, &fast, "k", 1, &s, &err), 0);
	assert_int_equal(ck_seal_inspect(s.data, s.len, &info, &err), 0);
	assert_int_equal(info.kind, CK_CRED_PASSPHRASE);
	assert_int_equal(info.params.log_n, 10);
	assert_int_equal(info.params.r, 8);
	assert_int_equal(ck_unseal(&c, s.data, s.len, &o, &err), 0);
	assert_memory_equal(o.data, "k", 1);
	assert_int_equal(ck_cred_passphrase(&bad, "correct horsf", 13, &err), 0);
	assert_int_equal(ck_unseal(&bad, s.data, s.len, &o, &err), -1);
	assert_non_null(strstr(err.msg, "wrong master credential"));
	assert_int_equal(o.len, 0);
	ck_buf_release_secret(&o);
	ck_buf_release(&s);
	ck_cred_release(&c);
	ck_cred_release(&bad);
}

/* Every byte matters: a flipped bit anywhere fails to open. */
static void
test_every_byte(void **state)
{
	struct ck_cred c;
	struct ck_buf s = CK_BUF_INIT, o = CK_BUF_INIT;
	struct ck_error err;

	(void)state;
	key_cred(&c, 1);
	assert_int_equal(ck_seal(&c, NULL, "0123456789", 10, &s, &err), 0);
	for (size_t i = 0; i < s.len; i++) {
		s.data[i] ^= 0x10;
		assert_int_equal(ck_unseal(&c, s.data, s.len, &o, &err), -1);
		s.data[i] ^= 0x10;
	}
	assert_int_equal(ck_unseal(&c, s.data, s.len - 1, &o, &err), -1);
	assert_int_equal(ck_unseal(&c, s.data, s.len, &o, &err), 0);
	ck_buf_release_secret(&o);
	ck_buf_release(&s);
	ck_cred_release(&c);
}

static void
test_kind_and_bounds(void **state)
{
	struct ck_cred k, p;
	struct ck_buf s = CK_BUF_INIT, o = CK_BUF_INIT;
	struct ck_error err;
	struct ck_seal_params huge = { 30, 8, 1 };

	(void)state;
	key_cred(&k, 2);
	assert_int_equal(ck_cred_passphrase(&p, "pw", 2, &err), 0);
	assert_int_equal(ck_seal(&p, &huge, "x", 1, &s, &err), -1);
	assert_int_equal(ck_seal(&k, NULL, "x", 1, &s, &err), 0);
	assert_int_equal(ck_unseal(&p, s.data, s.len, &o, &err), -1);
	assert_non_null(strstr(err.msg, "sealed under a key"));
	/* a crafted header asking for N = 2^30 is refused before scrypt runs */
	assert_int_equal(ck_seal(&p, &fast, "x", 1, &s, &err), 0);
	s.data[9] = 30;
	assert_int_equal(ck_unseal(&p, s.data, s.len, &o, &err), -1);
	assert_non_null(strstr(err.msg, "out of bounds"));
	ck_cred_release(&p);
	assert_int_equal(ck_cred_passphrase(&p, "", 0, &err), -1);
	ck_buf_release(&s);
	ck_cred_release(&k);
	ck_cred_release(&p);
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	chmod(path, mode);
}

static void
test_readers(void **state)
{
	char dir[] = "/tmp/test_seal.XXXXXX", path[64];
	struct ck_cred c;
	struct ck_error err;
	static const char hex[] =
		"000102030405060708090a0b0c0d0e0f"
		"101112131415161718191a1b1c1d1e1f";

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/pw", dir);
	write_file(path, "hunter2\nsecond line\n", 0600);
	assert_int_equal(ck_cred_passphrase_file(&c, path, &err), 0);
	assert_int_equal(c.len, 7);
	assert_memory_equal(c.secret, "hunter2", 7);
	ck_cred_release(&c);
	chmod(path, 0644);
	assert_int_equal(ck_cred_passphrase_file(&c, path, &err), -1);
	assert_non_null(strstr(err.msg, "chmod 600"));
	write_file(path, hex, 0600);
	assert_int_equal(ck_cred_key_file(&c, path, &err), 0);
	assert_int_equal(c.len, 32);
	assert_int_equal(c.secret[31], 0x1f);
	ck_cred_release(&c);
	write_file(path, "abc\n", 0600);
	assert_int_equal(ck_cred_key_file(&c, path, &err), -1);
	unlink(path);
	setenv("TEST_SEAL_KEY", hex, 1);
	assert_int_equal(ck_cred_key_env(&c, "TEST_SEAL_KEY", &err), 1);
	assert_int_equal(c.secret[1], 1);
	ck_cred_release(&c);
	setenv("TEST_SEAL_KEY", "zz", 1);
	assert_int_equal(ck_cred_key_env(&c, "TEST_SEAL_KEY", &err), -1);
	unsetenv("TEST_SEAL_KEY");
	assert_int_equal(ck_cred_key_env(&c, "TEST_SEAL_KEY", &err), 0);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_key),
		cmocka_unit_test(test_roundtrip_passphrase),
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_kind_and_bounds),
		cmocka_unit_test(test_readers),
	};

	return cmocka_run_group_tests_name("seal", tests, NULL, NULL);
}
