/* test_key.c -- Ed25519 key files: RFC 8032 test vector, round trips,
 * 0600 secret files never overwritten, damaged files refused, base64. */
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

#include "common/atomic.h"
#include "common/b64.h"
#include "common/hash.h"
#include "common/key.h"
#include "common/seal.h"

static void
test_rfc8032(void **state)
{
	/* RFC 8032 §7.1 TEST 1 */
	unsigned char seed[32], want_pub[32], sig[64], want_sig[64];
	struct ck_key k;
	struct ck_error err;

	(void)state;
	ck_hex_decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac"
		      "031cae7f60", 64, seed, 32);
	ck_hex_decode("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a"
		      "68f707511a", 64, want_pub, 32);
	ck_hex_decode("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e0"
		      "65224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595b"
		      "be24655141438e7a100b", 128, want_sig, 64);
	assert_int_equal(ck_key_from_seed(&k, seed, &err), 0);
	assert_memory_equal(k.pub, want_pub, 32);
	assert_int_equal(ck_key_sign(&k, "", 0, sig, &err), 0);
	assert_memory_equal(sig, want_sig, 64);
	assert_int_equal(ck_key_verify(k.pub, "", 0, sig), 0);
	sig[10] ^= 1;
	assert_int_equal(ck_key_verify(k.pub, "", 0, sig), -1);
	assert_int_equal(ck_key_verify(k.pub, "x", 1, want_sig), -1);
	ck_key_clear(&k);
	assert_int_equal(k.has_secret, 0);
}

static void
test_files(void **state)
{
	char dir[] = "/tmp/ck-key-XXXXXX", sec[64], pub[64];
	struct ck_key k, s, p;
	struct ck_error err;
	struct stat st;
	char *text;
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sec, sizeof sec, "%s/k.sec", dir);
	snprintf(pub, sizeof pub, "%s/k.pub", dir);
	assert_int_equal(ck_key_generate(&k, &err), 0);
	assert_int_equal(strlen(k.id), 32);
	assert_int_equal(ck_key_save_secret(&k, sec, &err), 0);
	assert_int_equal(ck_key_save_public(&k, pub, &err), 0);
	assert_int_equal(stat(sec, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* never overwritten */
	assert_int_equal(ck_key_save_secret(&k, sec, &err), -1);
	assert_int_equal(ck_key_load(&s, sec, 1, &err), 0);
	assert_memory_equal(s.seed, k.seed, 32);
	assert_string_equal(s.id, k.id);
	assert_int_equal(ck_key_load(&p, pub, 0, &err), 0);
	assert_int_equal(p.has_secret, 0);
	assert_memory_equal(p.pub, k.pub, 32);
	/* a public file is not a secret key */
	assert_int_equal(ck_key_load(&p, pub, 1, &err), -1);
	assert_non_null(strstr(err.msg, "public key file"));
	/* a damaged file: one character of the secret changed */
	assert_int_equal(ck_read_file(sec, 4096, &text, &len, &err), 0);
	{
		char *v = strstr(text, "secret: ") + 8;

		*v = *v == 'A' ? 'B' : 'A';
		assert_int_equal(ck_key_parse(&s, text, len, "x", 1, &err), -1);
		/* the message never shows key bytes */
		assert_null(strstr(err.msg, v));
	}
	free(text);
	/* an unknown kdf is refused, not misread */
	{
		const char *enc = "complykit-key v1\ntype: ed25519-secret\n"
				  "key-id: 00000000000000000000000000000000\n"
				  "kdf: argon2\n";

		assert_int_equal(ck_key_parse(&s, enc, strlen(enc), "e", 1,
					      &err), -1);
		assert_string_equal(err.msg, "e:4: unknown kdf");
	}
	assert_int_equal(ck_key_parse(&s, "hello\n", 6, "h", 0, &err), -1);
	unlink(sec);
	unlink(pub);
	rmdir(dir);
	ck_key_clear(&k);
	ck_key_clear(&s);
}

/* A secret key sealed under a passphrase (scrypt + AES-GCM through
 * seal.h): round trip, identity lines, wrong passphrase with no hint,
 * every byte of the file guarded, group-readable files refused. */
static void
test_sealed(void **state)
{
	char dir[] = "/tmp/ck-key-XXXXXX", sec[64], pub[64];
	struct ck_key k, s, p;
	struct ck_error err;
	struct ck_cred good, bad;
	struct ck_seal_params sp = { 10, 8, 1 };
	struct stat st;
	char *text, *t2;
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sec, sizeof sec, "%s/k.key", dir);
	snprintf(pub, sizeof pub, "%s/k.pub", dir);
	assert_int_equal(ck_cred_passphrase(&good, "right", 5, &err), 0);
	assert_int_equal(ck_cred_passphrase(&bad, "wrong", 5, &err), 0);
	assert_int_equal(ck_key_generate(&k, &err), 0);
	assert_int_equal(ck_key_set_signer(&k, "chris@example.org",
					   "Chris Chen", &err), 0);
	assert_int_equal(ck_key_set_signer(&k, "a\nb", NULL, &err), -1);
	assert_int_equal(ck_key_save_sealed(&k, sec, &good, &sp, &err), 0);
	assert_int_equal(ck_key_save_sealed(&k, sec, &good, &sp, &err), -1);
	assert_int_equal(ck_key_save_public(&k, pub, &err), 0);
	assert_int_equal(stat(sec, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* public half and identity without the passphrase */
	assert_int_equal(ck_key_load_secret(&s, sec, NULL, &err), 0);
	assert_int_equal(s.sealed, 1);
	assert_int_equal(s.has_secret, 0);
	assert_string_equal(s.signer_name, "Chris Chen");
	assert_int_equal(ck_key_load(&s, sec, 1, &err), -1);
	assert_non_null(strstr(err.msg, "encrypted"));
	/* unlocked */
	assert_int_equal(ck_key_load_secret(&s, sec, &good, &err), 0);
	assert_int_equal(s.has_secret, 1);
	assert_memory_equal(s.seed, k.seed, 32);
	assert_string_equal(s.signer_id, "chris@example.org");
	/* wrong passphrase: the same words as a damaged file */
	assert_int_equal(ck_key_load_secret(&s, sec, &bad, &err), -1);
	assert_non_null(strstr(err.msg, "wrong passphrase or damaged key "
				"file"));
	/* the public file carries the identity */
	assert_int_equal(ck_key_load(&p, pub, 0, &err), 0);
	assert_string_equal(p.signer_id, "chris@example.org");
	assert_string_equal(p.id, k.id);
	/* any changed byte of the file fails */
	assert_int_equal(ck_read_file(sec, 4096, &text, &len, &err), 0);
	t2 = malloc(len);
	assert_non_null(t2);
	for (size_t i = 17; i < len; i += 7) {
		memcpy(t2, text, len);
		if (t2[i] == '\n')
			continue;
		t2[i] = t2[i] == 'A' ? 'B' : 'A';
		if (ck_key_parse_cred(&s, t2, len, "k", 1, &good, &err) == 0)
			/* only a signer line may change and still load */
			assert_true(strcmp(s.signer_id, k.signer_id) != 0 ||
				    strcmp(s.signer_name, k.signer_name) != 0);
	}
	/* truncated */
	assert_int_equal(ck_key_parse_cred(&s, text, len / 2, "k", 1, &good,
					   &err), -1);
	free(t2);
	free(text);
	/* readable by the group: refused like ssh */
	assert_int_equal(chmod(sec, 0640), 0);
	assert_int_equal(ck_key_load_secret(&s, sec, &good, &err), -1);
	assert_non_null(strstr(err.msg, "readable by others"));
	ck_cred_release(&good);
	ck_cred_release(&bad);
	ck_key_clear(&k);
	ck_key_clear(&s);
	unlink(sec);
	unlink(pub);
	rmdir(dir);
}

/* The cached key context signs and verifies as the one-shot calls. */
static void
test_ctx(void **state)
{
	struct ck_key k, pub;
	struct ck_key_ctx *c, *v;
	struct ck_error err;
	unsigned char sig[64], sig2[64];

	(void)state;
	assert_int_equal(ck_key_generate(&k, &err), 0);
	memset(&pub, 0, sizeof pub);
	memcpy(pub.pub, k.pub, 32);
	c = ck_key_ctx_new(&k, &err);
	v = ck_key_ctx_new(&pub, &err);
	assert_non_null(c);
	assert_non_null(v);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(ck_key_ctx_sign(c, "msg", 3, sig, &err), 0);
		assert_int_equal(ck_key_sign(&k, "msg", 3, sig2, &err), 0);
		assert_memory_equal(sig, sig2, 64);
		assert_int_equal(ck_key_ctx_verify(v, "msg", 3, sig), 0);
		assert_int_equal(ck_key_ctx_verify(v, "msG", 3, sig), -1);
	}
	assert_int_equal(ck_key_ctx_sign(v, "msg", 3, sig, &err), -1);
	ck_key_ctx_free(c);
	ck_key_ctx_free(v);
	ck_key_clear(&k);
}

static void
test_b64(void **state)
{
	unsigned char out[16];
	char enc[32];

	(void)state;
	/* RFC 4648 §10 */
	ck_b64_encode((const unsigned char *)"foobar", 6, enc);
	assert_string_equal(enc, "Zm9vYmFy");
	ck_b64_encode((const unsigned char *)"fo", 2, enc);
	assert_string_equal(enc, "Zm8=");
	ck_b64_encode((const unsigned char *)"f", 1, enc);
	assert_string_equal(enc, "Zg==");
	assert_int_equal(ck_b64_decode("Zm9vYmE=", 8, out, sizeof out), 5);
	assert_memory_equal(out, "fooba", 5);
	assert_int_equal(ck_b64_decode("Zg==", 4, out, sizeof out), 1);
	assert_int_equal(ck_b64_decode("", 0, out, sizeof out), 0);
	assert_int_equal(ck_b64_decode("Zh==", 4, out, sizeof out), -1);
	assert_int_equal(ck_b64_decode("Zm9", 3, out, sizeof out), -1);
	assert_int_equal(ck_b64_decode("Zm9v YmE", 8, out, sizeof out), -1);
	assert_int_equal(ck_b64_decode("Zg=a", 4, out, sizeof out), -1);
	assert_int_equal(ck_b64_decode("Zm9vYmFy", 8, out, 5), -1);
}

/* base64url without padding (RFC 4648 §5): the '-' and '_' letters, short
 * last groups, and the strict decoder's rejects. */
static void
test_b64url(void **state)
{
	static const unsigned char bin[] = { 0xfb, 0xff, 0xbf, 0x3e };
	unsigned char out[16];
	char enc[32];

	(void)state;
	ck_b64url_encode((const unsigned char *)"foobar", 6, enc);
	assert_string_equal(enc, "Zm9vYmFy");
	ck_b64url_encode((const unsigned char *)"fooba", 5, enc);
	assert_string_equal(enc, "Zm9vYmE");
	ck_b64url_encode((const unsigned char *)"f", 1, enc);
	assert_string_equal(enc, "Zg");
	assert_int_equal(CK_B64URL_LEN(1), 2);
	assert_int_equal(CK_B64URL_LEN(5), 7);
	assert_int_equal(CK_B64URL_LEN(6), 8);
	ck_b64url_encode(bin, sizeof bin, enc);
	assert_string_equal(enc, "-_-_Pg");
	assert_int_equal(ck_b64url_decode("-_-_Pg", 6, out, sizeof out), 4);
	assert_memory_equal(out, bin, 4);
	assert_int_equal(ck_b64url_decode("Zm9vYmE", 7, out, sizeof out), 5);
	assert_memory_equal(out, "fooba", 5);
	assert_int_equal(ck_b64url_decode("", 0, out, sizeof out), 0);
	assert_int_equal(ck_b64url_decode("Zh", 2, out, sizeof out), -1);
	assert_int_equal(ck_b64url_decode("Zm9vY", 5, out, sizeof out), -1);
	assert_int_equal(ck_b64url_decode("Zg==", 4, out, sizeof out), -1);
	assert_int_equal(ck_b64url_decode("+/+/", 4, out, sizeof out), -1);
	assert_int_equal(ck_b64url_decode("Zm9vYmE", 7, out, 4), -1);
	assert_int_equal(ck_b64url_val('-'), 62);
	assert_int_equal(ck_b64url_val('_'), 63);
	assert_int_equal(ck_b64url_val('='), -1);
	assert_int_equal(ck_b64url_val('\xc3'), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8032),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_sealed),
		cmocka_unit_test(test_ctx),
		cmocka_unit_test(test_b64),
		cmocka_unit_test(test_b64url),
	};

	return cmocka_run_group_tests_name("key", tests, NULL, NULL);
}
