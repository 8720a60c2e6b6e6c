/* siv.h -- deterministic authenticated encryption: AES-256-SIV (RFC 5297)
 * through OpenSSL 3's EVP ("AES-256-SIV"), and keys derived from one
 * master secret.
 *
 * SIV is deterministic on purpose: the same key, associated data and
 * plaintext give the same ciphertext, so an encrypted identifier still
 * joins across files, while anyone without the key learns only equality.
 * The synthetic IV doubles as the authentication tag: a changed token or
 * a wrong key fails to open instead of giving garbage.
 */
#ifndef CK_SIV_H
#define CK_SIV_H

#include <stddef.h>
#include "common/err.h"

#define CK_SIV_KEY_LEN 64	/* AES-256-SIV takes two 256-bit keys */
#define CK_SIV_TAG_LEN 16	/* the synthetic IV, prepended */

/* 1 if this OpenSSL offers AES-256-SIV, else 0. */
int ck_siv_available(void);

/* Encrypts pt[0..n) (n > 0) under key with associated data ad; writes
 * tag || ciphertext (n + CK_SIV_TAG_LEN bytes) to out.  0 or -1 with err. */
int ck_siv_seal(const unsigned char key[CK_SIV_KEY_LEN], const void *ad,
		size_t adlen, const void *pt, size_t n, unsigned char *out,
		struct ck_error *err);
/* Opens in[0..n) (tag || ciphertext, n > CK_SIV_TAG_LEN) into out (n -
 * CK_SIV_TAG_LEN bytes).  0, or -1 with err when the tag does not verify
 * (wrong key, changed token or associated data). */
int ck_siv_open(const unsigned char key[CK_SIV_KEY_LEN], const void *ad,
		size_t adlen, const unsigned char *in, size_t n,
		unsigned char *out, struct ck_error *err);

/* Derives outlen bytes (up to 8160) for a purpose from a master secret:
 * HKDF-SHA-256 (RFC 5869) with an empty salt and info = label, so one key
 * file serves several operators without one's output revealing another's
 * key.  0 or -1 with err. */
int ck_derive_key(const void *master, size_t mlen, const char *label,
		  unsigned char *out, size_t outlen, struct ck_error *err);

#endif
