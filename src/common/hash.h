/* hash.h -- SHA-256 and HMAC-SHA-256 through OpenSSL EVP, hex, constant
 * time comparison and wiping of secrets. */
#ifndef CK_HASH_H
#define CK_HASH_H

#include <stddef.h>
#include "common/err.h"

#define CK_SHA256_LEN 32
#define CK_SHA256_HEXLEN 64

struct ck_sha256;	/* streaming context (heap) */

struct ck_sha256 *ck_sha256_new(void);
int ck_sha256_update(struct ck_sha256 *h, const void *p, size_t n);
/* Writes the digest; the context can be reused after ck_sha256_reset. */
int ck_sha256_final(struct ck_sha256 *h, unsigned char out[CK_SHA256_LEN]);
int ck_sha256_reset(struct ck_sha256 *h);
void ck_sha256_free(struct ck_sha256 *h);

/* One-shot helpers; 0 or -1. */
int ck_sha256(const void *p, size_t n, unsigned char out[CK_SHA256_LEN]);
int ck_hmac_sha256(const void *key, size_t keylen, const void *msg,
		   size_t n, unsigned char out[CK_SHA256_LEN]);

/* Lowercase hex; out must hold 2n+1 bytes. */
void ck_hex_encode(const unsigned char *in, size_t n, char *out);
/* Decodes exactly 2n hex digits into n bytes; 0 or -1. */
int ck_hex_decode(const char *hex, size_t hexlen, unsigned char *out,
		  size_t n);

/* 1 if equal.  Constant time in n (CRYPTO_memcmp): use it for MACs. */
int ck_ct_equal(const void *a, const void *b, size_t n);
/* Wipes memory in a way the compiler cannot drop (OPENSSL_cleanse). */
void ck_wipe(void *p, size_t n);

/* n cryptographically random bytes (RAND_bytes); 0 or -1 with err. */
int ck_random_bytes(void *out, size_t n, struct ck_error *err);

#endif
