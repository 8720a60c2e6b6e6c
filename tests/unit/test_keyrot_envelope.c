/* test_keyrot_envelope.c -- the envelope format: round trips across
 * segment boundaries, header layout, and that every fault the format
 * exists to catch is caught: a flipped bit anywhere, truncation (also at
 * a segment boundary), extension, swapped segments, another context,
 * another key version. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keyrot/envelope.h"

static unsigned char vkey[KR_KEY_LEN], vkey2[KR_KEY_LEN];

static int
setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < KR_KEY_LEN; i++) {
		vkey[i] = (unsigned char)i;
		vkey2[i] = (unsigned char)(i + 1);
	}
	return 0;
}

static void
seal(const void *p, size_t n, uint32_t seg, const char *ctx,
     struct ck_buf *out)
{
	unsigned char ctxh[32];
	struct kr_source src = { -1, p, n, 0 };
	struct kr_sink dst;
	struct ck_error err;

	memset(&dst, 0, sizeof(dst));
	dst.fd = -1;
	dst.mem = out;
	ck_buf_reset(out);
	kr_context_hash(ctx, strlen(ctx), ctxh);
	assert_int_equal(kr_encrypt_stream(7, vkey, seg, ctxh, &src, &dst,
					   &err), 0);
}

/* 0 and the plaintext in out, or -1. */
static int
open_env(const void *p, size_t n, const unsigned char *key, const char *ctx,
	 struct ck_buf *out)
{
	unsigned char ctxh[32], raw[KR_HDR_LEN], dkey[KR_KEY_LEN];
	struct kr_source src = { -1, p, n, 0 };
	struct kr_sink dst;
	struct kr_header h;
	struct ck_error err;

	memset(&dst, 0, sizeof(dst));
	dst.fd = -1;
	dst.mem = out;
	ck_buf_reset(out);
	kr_context_hash(ctx, strlen(ctx), ctxh);
	if (kr_read_header(&src, raw, &h, &err) < 0 ||
	    kr_unwrap(key, &h, ctxh, dkey, &err) < 0)
		return -1;
	return kr_decrypt_payload(&h, dkey, ctxh, &src, &dst, &err);
}

static void
test_roundtrip_sizes(void **state)
{
	static const size_t sizes[] = { 0, 1, 1023, 1024, 1025, 2048, 5000,
					1024 * 16, 1024 * 16 + 1, 1024 * 40 };
	struct ck_buf env = CK_BUF_INIT, out = CK_BUF_INIT;
	unsigned char *p = malloc(1024 * 40);

	(void)state;
	for (size_t i = 0; i < 1024 * 40; i++)
		p[i] = (unsigned char)(i * 31 + 7);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t nseg = sizes[i] == 0 ? 1 : (sizes[i] + 1023) / 1024;

		seal(p, sizes[i], 1024, "a.txt", &env);
		assert_int_equal(env.len, KR_HDR_LEN + sizes[i] +
				 nseg * KR_TAG_LEN);
		assert_int_equal(open_env(env.data, env.len, vkey, "a.txt",
					  &out), 0);
		assert_int_equal(out.len, sizes[i]);
		if (sizes[i] > 0)
			assert_memory_equal(out.data, p, sizes[i]);
	}
	free(p);
	ck_buf_release(&env);
	ck_buf_release(&out);
}

static void
test_header_layout(void **state)
{
	struct ck_buf env = CK_BUF_INIT;
	struct kr_header h;
	struct ck_error err;

	(void)state;
	seal("x", 1, 4096, "c", &env);
	assert_memory_equal(env.data, "KEYROT\x01\x00\x00\x00\x00\x07", 12);
	assert_int_equal(kr_header_parse(env.data, env.len, &h, &err), 0);
	assert_int_equal(h.version, 7);
	assert_int_equal(h.segsize, 4096);
	env.data[6] = 2;
	assert_int_equal(kr_header_parse(env.data, env.len, &h, &err), -1);
	assert_non_null(strstr(err.msg, "version 2"));
	env.data[6] = 1;
	env.data[12] = 0x7f;	/* segment size out of bounds */
	assert_int_equal(kr_header_parse(env.data, env.len, &h, &err), -1);
	assert_int_equal(kr_header_parse(env.data, 40, &h, &err), -1);
	ck_buf_release(&env);
}

static void
test_every_bit(void **state)
{
	struct ck_buf env = CK_BUF_INIT, out = CK_BUF_INIT;
	unsigned char p[3000];

	(void)state;
	memset(p, 'q', sizeof(p));
	seal(p, sizeof(p), 1024, "rec", &env);
	for (size_t i = 0; i < env.len; i++) {
		for (int bit = 0; bit < 8; bit += 3) {
			env.data[i] ^= (char)(1 << bit);
			assert_int_equal(open_env(env.data, env.len, vkey,
						  "rec", &out), -1);
			env.data[i] ^= (char)(1 << bit);
		}
	}
	assert_int_equal(open_env(env.data, env.len, vkey, "rec", &out), 0);
	ck_buf_release(&env);
	ck_buf_release(&out);
}

static void
test_truncate_extend_swap(void **state)
{
	struct ck_buf env = CK_BUF_INIT, out = CK_BUF_INIT;
	unsigned char p[3072], seg[1024 + KR_TAG_LEN];
	const size_t sc = 1024 + KR_TAG_LEN;

	(void)state;
	for (size_t i = 0; i < sizeof(p); i++)
		p[i] = (unsigned char)i;
	seal(p, sizeof(p), 1024, "f", &env);	/* three full segments */
	/* cut at each segment boundary: the last kept one is not final */
	for (size_t k = 0; k < 3; k++)
		assert_int_equal(open_env(env.data, KR_HDR_LEN + k * sc, vkey,
					  "f", &out), -1);
	assert_int_equal(open_env(env.data, env.len - 1, vkey, "f", &out), -1);
	ck_buf_append(&env, "Z", 1);
	assert_int_equal(open_env(env.data, env.len, vkey, "f", &out), -1);
	env.len--;
	/* an appended copy of a whole segment */
	memcpy(seg, env.data + KR_HDR_LEN, sc);
	ck_buf_append(&env, seg, sc);
	assert_int_equal(open_env(env.data, env.len, vkey, "f", &out), -1);
	env.len -= sc;
	/* swap segments 0 and 1 */
	memcpy(seg, env.data + KR_HDR_LEN, sc);
	memcpy(env.data + KR_HDR_LEN, env.data + KR_HDR_LEN + sc, sc);
	memcpy(env.data + KR_HDR_LEN + sc, seg, sc);
	assert_int_equal(open_env(env.data, env.len, vkey, "f", &out), -1);
	ck_buf_release(&env);
	ck_buf_release(&out);
}

static void
test_context_and_key(void **state)
{
	struct ck_buf env = CK_BUF_INIT, out = CK_BUF_INIT;

	(void)state;
	seal("123-45-6789", 11, 1024, "record:1\nfield:ssn", &env);
	assert_int_equal(open_env(env.data, env.len, vkey,
				  "record:2\nfield:ssn", &out), -1);
	assert_int_equal(open_env(env.data, env.len, vkey,
				  "record:1\nfield:dob", &out), -1);
	assert_int_equal(open_env(env.data, env.len, vkey2,
				  "record:1\nfield:ssn", &out), -1);
	assert_int_equal(open_env(env.data, env.len, vkey,
				  "record:1\nfield:ssn", &out), 0);
	assert_memory_equal(out.data, "123-45-6789", 11);
	ck_buf_release(&env);
	ck_buf_release(&out);
}

/* Re-wrapping changes the header only; the payload still opens. */
static void
test_rewrap(void **state)
{
	struct ck_buf env = CK_BUF_INIT, out = CK_BUF_INIT;
	unsigned char ctxh[32], dkey[KR_KEY_LEN];
	struct kr_header h;
	struct ck_error err;

	(void)state;
	seal("payload", 7, 1024, "c", &env);
	kr_context_hash("c", 1, ctxh);
	assert_int_equal(kr_header_parse(env.data, env.len, &h, &err), 0);
	assert_int_equal(kr_unwrap(vkey, &h, ctxh, dkey, &err), 0);
	h.version = 8;
	assert_int_equal(kr_wrap(vkey2, &h, ctxh, dkey, &err), 0);
	kr_header_write(&h, (unsigned char *)env.data);
	assert_int_equal(open_env(env.data, env.len, vkey, "c", &out), -1);
	assert_int_equal(open_env(env.data, env.len, vkey2, "c", &out), 0);
	assert_memory_equal(out.data, "payload", 7);
	ck_buf_release(&env);
	ck_buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_sizes),
		cmocka_unit_test(test_header_layout),
		cmocka_unit_test(test_every_bit),
		cmocka_unit_test(test_truncate_extend_swap),
		cmocka_unit_test(test_context_and_key),
		cmocka_unit_test(test_rewrap),
	};

	return cmocka_run_group_tests_name("keyrot_envelope", tests, setup,
					   NULL);
}
