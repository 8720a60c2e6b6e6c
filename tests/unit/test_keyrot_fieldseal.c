/* test_keyrot_fieldseal.c -- the field sealer (fieldseal.h) writes the
 * bytes kr_encrypt_stream writes for the same data key and wrap nonce,
 * its envelopes open by the stream path and the other way round, a
 * cached key version is dropped when another one comes, and every fault
 * fails without leaving plaintext behind; re-wrapping in memory
 * (kr_fseal_rewrap) gives the bytes of encrypting under the new version
 * with the same data key, and refuses any object that does not
 * authenticate. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keyrot/fieldseal.h"

static unsigned char vkey[KR_KEY_LEN], vkey2[KR_KEY_LEN];
static unsigned char dkey[KR_KEY_LEN], wnonce[12];
static unsigned char plain[10000];

static int
setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < KR_KEY_LEN; i++) {
		vkey[i] = (unsigned char)i;
		vkey2[i] = (unsigned char)(i + 1);
		dkey[i] = (unsigned char)(0xa0 ^ i);
	}
	for (size_t i = 0; i < sizeof(wnonce); i++)
		wnonce[i] = (unsigned char)(0x50 + i);
	for (size_t i = 0; i < sizeof(plain); i++)
		plain[i] = (unsigned char)(i * 29 + 3);
	return 0;
}

static void
stream_seal(const unsigned char *p, size_t n, uint32_t seg,
	    const unsigned char ctxh[32], struct ck_buf *out)
{
	struct kr_source src = { -1, p, n, 0 };
	struct kr_sink dst;
	struct ck_error err;

	memset(&dst, 0, sizeof(dst));
	dst.fd = -1;
	dst.mem = out;
	ck_buf_reset(out);
	assert_int_equal(kr_encrypt_stream_keyed(3, vkey, seg, ctxh, dkey,
						 wnonce, &src, &dst, &err), 0);
}

/* Opens env with the sealer: 0 and the plaintext in out, or -1. */
static int
fs_open(struct kr_fseal *s, const void *env, size_t n,
	const unsigned char *key, const unsigned char ctxh[32],
	struct ck_buf *out)
{
	struct kr_header h;
	struct ck_error err;

	ck_buf_reset(out);
	if (kr_header_parse(env, n, &h, &err) < 0)
		return -1;
	return kr_fseal_open(s, &h, key, ctxh, env, n, out, &err);
}

/* Opens env by the stream path. */
static int
stream_open(const void *p, size_t n, const unsigned char ctxh[32],
	    struct ck_buf *out)
{
	unsigned char raw[KR_HDR_LEN], key[KR_KEY_LEN];
	struct kr_source src = { -1, p, n, 0 };
	struct kr_sink dst;
	struct kr_header h;
	struct ck_error err;

	memset(&dst, 0, sizeof(dst));
	dst.fd = -1;
	dst.mem = out;
	ck_buf_reset(out);
	if (kr_read_header(&src, raw, &h, &err) < 0 ||
	    kr_unwrap(vkey, &h, ctxh, key, &err) < 0)
		return -1;
	return kr_decrypt_payload(&h, key, ctxh, &src, &dst, &err);
}

static void
test_same_bytes(void **state)
{
	static const size_t sizes[] = { 0, 1, 11, 1023, 1024, 1025, 4096,
					4097, 10000 };
	static const uint32_t segs[] = { 1024, 4096 };
	struct kr_fseal *s = kr_fseal_new();
	struct ck_buf a = CK_BUF_INIT, b = CK_BUF_INIT, out = CK_BUF_INIT;
	unsigned char ctxh[32], h2[32];
	struct ck_error err;

	(void)state;
	assert_non_null(s);
	kr_context_hash("record:1\nfield:ssn", 18, ctxh);
	kr_fseal_hash(s, "record:1\nfield:ssn", 18, h2);
	assert_memory_equal(ctxh, h2, 32);
	for (size_t j = 0; j < 2; j++)
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			stream_seal(plain, sizes[i], segs[j], ctxh, &a);
			ck_buf_reset(&b);
			assert_int_equal(kr_fseal_seal_keyed(s, 3, vkey,
				segs[j], ctxh, dkey, wnonce, plain, sizes[i],
				&b, &err), 0);
			assert_int_equal(a.len, b.len);
			assert_memory_equal(a.data, b.data, a.len);
			assert_int_equal(fs_open(s, b.data, b.len, vkey, ctxh,
						 &out), 0);
			assert_int_equal(out.len, sizes[i]);
			if (sizes[i] > 0)
				assert_memory_equal(out.data, plain, sizes[i]);
		}
	kr_fseal_free(s);
	ck_buf_release(&a);
	ck_buf_release(&b);
	ck_buf_release(&out);
}

static void
test_fresh_keys(void **state)
{
	struct kr_fseal *s = kr_fseal_new();
	struct ck_buf a = CK_BUF_INIT, b = CK_BUF_INIT, out = CK_BUF_INIT;
	unsigned char ctxh[32];
	struct ck_error err;

	(void)state;
	kr_context_hash("c", 1, ctxh);
	/* more than a pool's worth, so the pool is refilled */
	for (int i = 0; i < 200; i++) {
		ck_buf_reset(&a);
		assert_int_equal(kr_fseal_seal(s, 3, vkey, 4096, ctxh, plain,
					       20, &a, &err), 0);
		assert_true(b.len == 0 || memcmp(a.data + 16, b.data + 16,
						 KR_HDR_LEN - 16) != 0);
		assert_int_equal(stream_open(a.data, a.len, ctxh, &out), 0);
		assert_memory_equal(out.data, plain, 20);
		ck_buf_reset(&b);
		ck_buf_append(&b, a.data, a.len);
	}
	kr_fseal_free(s);
	ck_buf_release(&a);
	ck_buf_release(&b);
	ck_buf_release(&out);
}

static void
test_key_switch(void **state)
{
	struct kr_fseal *s = kr_fseal_new();
	struct ck_buf a = CK_BUF_INIT, b = CK_BUF_INIT, out = CK_BUF_INIT;
	unsigned char ctxh[32];
	struct ck_error err;

	(void)state;
	kr_context_hash("c", 1, ctxh);
	assert_int_equal(kr_fseal_seal(s, 3, vkey, 4096, ctxh, plain, 5, &a,
				       &err), 0);
	assert_int_equal(kr_fseal_seal(s, 4, vkey2, 4096, ctxh, plain, 6, &b,
				       &err), 0);
	assert_int_equal(fs_open(s, a.data, a.len, vkey2, ctxh, &out), -1);
	assert_int_equal(fs_open(s, a.data, a.len, vkey, ctxh, &out), 0);
	assert_int_equal(out.len, 5);
	assert_int_equal(fs_open(s, b.data, b.len, vkey, ctxh, &out), -1);
	assert_int_equal(fs_open(s, b.data, b.len, vkey2, ctxh, &out), 0);
	assert_int_equal(out.len, 6);
	kr_fseal_free(s);
	ck_buf_release(&a);
	ck_buf_release(&b);
	ck_buf_release(&out);
}

static void
test_faults(void **state)
{
	struct kr_fseal *s = kr_fseal_new();
	struct ck_buf a = CK_BUF_INIT, out = CK_BUF_INIT;
	unsigned char ctxh[32], other[32];
	struct ck_error err;
	size_t n;

	(void)state;
	kr_context_hash("record:1\nfield:ssn", 18, ctxh);
	kr_context_hash("record:2\nfield:ssn", 18, other);
	assert_int_equal(kr_fseal_seal_keyed(s, 3, vkey, 1024, ctxh, dkey,
					     wnonce, plain, 2500, &a, &err),
			 0);
	n = a.len;
	for (size_t i = 0; i < n * 8; i++) {
		a.data[i / 8] ^= (char)(1 << (i % 8));
		assert_int_equal(fs_open(s, a.data, n, vkey, ctxh, &out), -1);
		assert_int_equal(out.len, 0);
		a.data[i / 8] ^= (char)(1 << (i % 8));
	}
	assert_int_equal(fs_open(s, a.data, n, vkey, other, &out), -1);
	/* truncated at a segment boundary, one byte short, extended */
	assert_int_equal(fs_open(s, a.data, KR_HDR_LEN + 2 * 1040, vkey, ctxh,
				 &out), -1);
	assert_int_equal(fs_open(s, a.data, n - 1, vkey, ctxh, &out), -1);
	assert_int_equal(fs_open(s, a.data, KR_HDR_LEN, vkey, ctxh, &out),
			 -1);
	ck_buf_append(&a, "x", 1);
	assert_int_equal(fs_open(s, a.data, a.len, vkey, ctxh, &out), -1);
	assert_int_equal(out.len, 0);
	assert_int_equal(fs_open(s, a.data, n, vkey, ctxh, &out), 0);
	assert_int_equal(out.len, 2500);
	kr_fseal_free(s);
	ck_buf_release(&a);
	ck_buf_release(&out);
}

static void
stream_seal_v(uint32_t version, const unsigned char *key,
	      const unsigned char nonce[12], const unsigned char *p, size_t n,
	      uint32_t seg, const unsigned char ctxh[32], struct ck_buf *out)
{
	struct kr_source src = { -1, p, n, 0 };
	struct kr_sink dst;
	struct ck_error err;

	memset(&dst, 0, sizeof(dst));
	dst.fd = -1;
	dst.mem = out;
	ck_buf_reset(out);
	assert_int_equal(kr_encrypt_stream_keyed(version, key, seg, ctxh, dkey,
						 nonce, &src, &dst, &err), 0);
}

static void
test_rewrap_same_bytes(void **state)
{
	static const size_t sizes[] = { 0, 1, 1000, 1024, 1025, 10000 };
	static const uint32_t segs[] = { 1024, 65536 };
	static const unsigned char n2[12] = { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
					      1, 2 };
	struct kr_fseal *s = kr_fseal_new();
	struct ck_buf a = CK_BUF_INIT, b = CK_BUF_INIT, scratch = CK_BUF_INIT;
	unsigned char ctxh[32], raw[KR_HDR_LEN];
	struct kr_header h;
	struct ck_error err;

	(void)state;
	kr_context_hash("o000001", 7, ctxh);
	for (size_t j = 0; j < 2; j++)
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			stream_seal_v(3, vkey, wnonce, plain, sizes[i], segs[j],
				      ctxh, &a);
			stream_seal_v(4, vkey2, n2, plain, sizes[i], segs[j],
				      ctxh, &b);
			assert_int_equal(kr_header_parse(a.data, a.len, &h,
							 &err), 0);
			assert_int_equal(kr_fseal_rewrap_keyed(s, &h, vkey, 4,
				vkey2, ctxh, n2, (unsigned char *)a.data,
				a.len, &scratch, raw, &err), 0);
			assert_int_equal(scratch.len, 0);
			/* the new header is the one encrypting under
			 * version 4 writes; the payload is untouched */
			assert_int_equal(a.len, b.len);
			assert_memory_equal(raw, b.data, KR_HDR_LEN);
			assert_memory_equal(a.data + KR_HDR_LEN,
					    b.data + KR_HDR_LEN,
					    a.len - KR_HDR_LEN);
			/* in place over the bytes read, as keyrot does */
			assert_int_equal(kr_fseal_rewrap(s, &h, vkey, 4, vkey2,
				ctxh, (unsigned char *)a.data, a.len, &scratch,
				(unsigned char *)a.data, &err), 0);
			assert_memory_not_equal(a.data + 16, b.data + 16, 12);
			assert_int_equal(kr_header_parse(a.data, a.len, &h,
							 &err), 0);
			assert_int_equal(h.version, 4);
			ck_buf_reset(&b);
			assert_int_equal(kr_fseal_open(s, &h, vkey2, ctxh,
				(unsigned char *)a.data, a.len, &b, &err), 0);
			assert_int_equal(b.len, sizes[i]);
			if (sizes[i] > 0)
				assert_memory_equal(b.data, plain, sizes[i]);
		}
	kr_fseal_free(s);
	ck_buf_release(&a);
	ck_buf_release(&b);
	ck_buf_release(&scratch);
}

static void
test_rewrap_faults(void **state)
{
	struct kr_fseal *s = kr_fseal_new();
	struct ck_buf a = CK_BUF_INIT, scratch = CK_BUF_INIT;
	unsigned char ctxh[32], other[32], raw[KR_HDR_LEN], before[KR_HDR_LEN];
	struct kr_header h;
	struct ck_error err;
	size_t n;

	(void)state;
	kr_context_hash("a.txt", 5, ctxh);
	kr_context_hash("b.txt", 5, other);
	stream_seal_v(3, vkey, wnonce, plain, 2500, 1024, ctxh, &a);
	n = a.len;
	memset(raw, 0xee, sizeof(raw));
	memcpy(before, raw, sizeof(raw));
	/* every bit flipped: refused (or not parsed), nothing written */
	for (size_t i = 0; i < n * 8; i++) {
		a.data[i / 8] ^= (char)(1 << (i % 8));
		if (kr_header_parse(a.data, n, &h, &err) == 0)
			assert_int_equal(kr_fseal_rewrap(s, &h, vkey, 4, vkey2,
				ctxh, (unsigned char *)a.data, n, &scratch,
				raw, &err), -1);
		assert_int_equal(scratch.len, 0);
		assert_memory_equal(raw, before, sizeof(raw));
		a.data[i / 8] ^= (char)(1 << (i % 8));
	}
	assert_int_equal(kr_header_parse(a.data, n, &h, &err), 0);
	/* the wrong old key, another object's context */
	assert_int_equal(kr_fseal_rewrap(s, &h, vkey2, 4, vkey2, ctxh,
		(unsigned char *)a.data, n, &scratch, raw, &err), -1);
	assert_int_equal(kr_fseal_rewrap(s, &h, vkey, 4, vkey2, other,
		(unsigned char *)a.data, n, &scratch, raw, &err), -1);
	/* truncated at a segment boundary, one byte short, extended */
	assert_int_equal(kr_fseal_rewrap(s, &h, vkey, 4, vkey2, ctxh,
		(unsigned char *)a.data, KR_HDR_LEN + 2 * 1040, &scratch, raw,
		&err), -1);
	assert_int_equal(kr_fseal_rewrap(s, &h, vkey, 4, vkey2, ctxh,
		(unsigned char *)a.data, n - 1, &scratch, raw, &err), -1);
	assert_int_equal(kr_fseal_rewrap(s, &h, vkey, 4, vkey2, ctxh,
		(unsigned char *)a.data, KR_HDR_LEN, &scratch, raw, &err), -1);
	ck_buf_append(&a, "x", 1);
	assert_int_equal(kr_fseal_rewrap(s, &h, vkey, 4, vkey2, ctxh,
		(unsigned char *)a.data, a.len, &scratch, raw, &err), -1);
	assert_memory_equal(raw, before, sizeof(raw));
	assert_int_equal(kr_fseal_rewrap(s, &h, vkey, 4, vkey2, ctxh,
		(unsigned char *)a.data, n, &scratch, raw, &err), 0);
	kr_fseal_free(s);
	ck_buf_release(&a);
	ck_buf_release(&scratch);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_fresh_keys),
		cmocka_unit_test(test_key_switch),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_rewrap_same_bytes),
		cmocka_unit_test(test_rewrap_faults),
	};

	return cmocka_run_group_tests_name("keyrot_fieldseal", tests, setup,
					   NULL);
}
