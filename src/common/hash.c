/* hash.c -- SHA-256 and HMAC-SHA-256 through OpenSSL 3, hex, constant time
 * comparison, wiping and random bytes. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "common/hash.h"

struct ck_sha256 {
	EVP_MD_CTX *ctx;
};

struct ck_sha256 *
ck_sha256_new(void)
{
	struct ck_sha256 *h;

	h = malloc(sizeof(*h));
	if (h == NULL)
		return NULL;
	h->ctx = EVP_MD_CTX_new();
	if (h->ctx == NULL ||
	    EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(h->ctx);
		free(h);
		errno = ENOMEM;
		return NULL;
	}
	return h;
}

int
ck_sha256_update(struct ck_sha256 *h, const void *p, size_t n)
{
	if (n == 0)
		return 0;
	return EVP_DigestUpdate(h->ctx, p, n) == 1 ? 0 : -1;
}

int
ck_sha256_final(struct ck_sha256 *h, unsigned char out[CK_SHA256_LEN])
{
	unsigned int len = 0;

	if (EVP_DigestFinal_ex(h->ctx, out, &len) != 1 ||
	    len != CK_SHA256_LEN)
		return -1;
	return 0;
}

int
ck_sha256_reset(struct ck_sha256 *h)
{
	return EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) == 1 ? 0 : -1;
}

void
ck_sha256_free(struct ck_sha256 *h)
{
	if (h == NULL)
		return;
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

int
ck_sha256(const void *p, size_t n, unsigned char out[CK_SHA256_LEN])
{
	unsigned int len = 0;

	if (EVP_Digest(n ? p : "", n, out, &len, EVP_sha256(), NULL) != 1 ||
	    len != CK_SHA256_LEN)
		return -1;
	return 0;
}

int
ck_hmac_sha256(const void *key, size_t keylen, const void *msg, size_t n,
	       unsigned char out[CK_SHA256_LEN])
{
	unsigned int len = 0;
	static const unsigned char empty[1];

	/* HMAC() takes the key length as an int. */
	if (keylen > INT_MAX)
		return -1;
	if (HMAC(EVP_sha256(), keylen ? key : empty, (int)keylen,
		 n ? msg : empty, n, out, &len) == NULL ||
	    len != CK_SHA256_LEN)
		return -1;
	return 0;
}

void
ck_hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0x0F];
	}
	out[2 * n] = '\0';
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
ck_hex_decode(const char *hex, size_t hexlen, unsigned char *out, size_t n)
{
	size_t i;
	int hi, lo;

	if (n > SIZE_MAX / 2 || hexlen != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		hi = hexval(hex[2 * i]);
		lo = hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

int
ck_ct_equal(const void *a, const void *b, size_t n)
{
	/* A comparison that stops at the first difference leaks, through its
	 * timing, how many leading bytes of a forged MAC were right. */
	return CRYPTO_memcmp(a, b, n) == 0;
}

void
ck_wipe(void *p, size_t n)
{
	if (p != NULL && n > 0)
		OPENSSL_cleanse(p, n);
}

int
ck_random_bytes(void *out, size_t n, struct ck_error *err)
{
	unsigned char *p = out;
	int chunk;

	while (n > 0) {
		chunk = n > INT_MAX ? INT_MAX : (int)n;
		if (RAND_bytes(p, chunk) != 1) {
			ERR_clear_error();
			return ck_error_set(err, 0,
					    "cannot get random bytes from openssl");
		}
		p += chunk;
		n -= (size_t)chunk;
	}
	return 0;
}
