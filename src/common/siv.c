/* siv.c -- AES-256-SIV and HKDF through OpenSSL 3's EVP. */
#include <config.h>

#include <limits.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "common/siv.h"

static EVP_CIPHER *
fetch(void)
{
	return EVP_CIPHER_fetch(NULL, "AES-256-SIV", NULL);
}

int
ck_siv_available(void)
{
	EVP_CIPHER *c = fetch();

	EVP_CIPHER_free(c);
	return c != NULL;
}

/* enc 1: in is plaintext, tag is written; enc 0: tag is checked. */
static int
run(int enc, const unsigned char *key, const void *ad, size_t adlen,
    const unsigned char *in, size_t n, unsigned char *out,
    unsigned char *tag, struct ck_error *err)
{
	EVP_CIPHER *c = NULL;
	EVP_CIPHER_CTX *ctx = NULL;
	int outl = 0, rc = -1;

	if (n == 0 || n > INT_MAX || adlen > INT_MAX)
		return ck_error_set(err, 0, "AES-SIV: bad length");
	c = fetch();
	if (c == NULL)
		return ck_error_set(err, 0, "this OpenSSL has no AES-256-SIV");
	ctx = EVP_CIPHER_CTX_new();
	if (ctx == NULL ||
	    EVP_CipherInit_ex2(ctx, c, key, NULL, enc, NULL) != 1) {
		ck_error_set(err, 0, "AES-SIV: cannot set the key");
		goto out;
	}
	if (!enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG,
					CK_SIV_TAG_LEN, tag) != 1) {
		ck_error_set(err, 0, "AES-SIV: cannot set the tag");
		goto out;
	}
	/* SIV takes the associated data first, then the whole message in
	 * one update (RFC 5297 S2V works over complete strings). */
	if (adlen > 0 &&
	    EVP_CipherUpdate(ctx, NULL, &outl, ad, (int)adlen) != 1) {
		ck_error_set(err, 0, "AES-SIV: associated data refused");
		goto out;
	}
	if (EVP_CipherUpdate(ctx, out, &outl, in, (int)n) != 1 ||
	    (size_t)outl != n ||
	    EVP_CipherFinal_ex(ctx, out + outl, &outl) != 1) {
		ck_error_set(err, 0, enc ? "AES-SIV: encryption failed" :
				     "token does not authenticate (wrong key "
				     "or altered token)");
		goto out;
	}
	if (enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG,
				       CK_SIV_TAG_LEN, tag) != 1) {
		ck_error_set(err, 0, "AES-SIV: cannot read the tag");
		goto out;
	}
	rc = 0;
out:
	if (rc < 0 && !enc)
		OPENSSL_cleanse(out, n);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
	return rc;
}

int
ck_siv_seal(const unsigned char key[CK_SIV_KEY_LEN], const void *ad,
	    size_t adlen, const void *pt, size_t n, unsigned char *out,
	    struct ck_error *err)
{
	return run(1, key, ad, adlen, pt, n, out + CK_SIV_TAG_LEN, out, err);
}

int
ck_siv_open(const unsigned char key[CK_SIV_KEY_LEN], const void *ad,
	    size_t adlen, const unsigned char *in, size_t n,
	    unsigned char *out, struct ck_error *err)
{
	unsigned char tag[CK_SIV_TAG_LEN];

	if (n <= CK_SIV_TAG_LEN)
		return ck_error_set(err, 0, "token too short");
	memcpy(tag, in, CK_SIV_TAG_LEN);
	return run(0, key, ad, adlen, in + CK_SIV_TAG_LEN,
		   n - CK_SIV_TAG_LEN, out, tag, err);
}

int
ck_derive_key(const void *master, size_t mlen, const char *label,
	      unsigned char *out, size_t outlen, struct ck_error *err)
{
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
	EVP_KDF_CTX *ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	OSSL_PARAM p[4];
	int rc = -1;

	EVP_KDF_free(kdf);
	if (ctx == NULL)
		return ck_error_set(err, 0, "this OpenSSL has no HKDF");
	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						(char *)"SHA256", 0);
	p[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
						 (void *)master, mlen);
	p[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
						 (void *)label, strlen(label));
	p[3] = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(ctx, out, outlen, p) == 1)
		rc = 0;
	else
		ck_error_set(err, 0, "cannot derive a key");
	EVP_KDF_CTX_free(ctx);
	return rc;
}
