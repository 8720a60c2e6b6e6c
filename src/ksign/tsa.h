/* tsa.h -- RFC 3161 timestamp tokens over a signature's subject, through
 * OpenSSL's TS API.
 *
 * ksign sign --tsa-token FILE takes a TimeStampResp (what `openssl ts
 * -reply` or a TSA returns for `openssl ts -query -data FILE -sha256
 * -cert`) or a bare TimeStampToken, checks that its message imprint is the
 * SHA-256 of the subject, and stores the token (DER) in the record, where
 * the signature covers it.  ksign verify --tsa-ca FILE checks the token's
 * signature chain to that CA, its imprint, and that the signature is not
 * dated before the token's time: the token proves the subject existed at
 * its genTime, from a clock the signer does not control. */
#ifndef KS_TSA_H
#define KS_TSA_H

#include <stddef.h>
#include "common/err.h"
#include "common/hash.h"
#include "common/timefmt.h"

/* Reads path; *tok is malloc'd DER of the token.  0 or -1 with err. */
int ks_tsa_load(const char *path, const unsigned char subject[CK_SHA256_LEN],
		unsigned char **tok, size_t *len, struct ck_error *err);
/* The genTime of a token, unverified.  0 or -1. */
int ks_tsa_time(const unsigned char *tok, size_t len, struct ck_time *t);
/* Verifies tok against cafile for subject; fills *t with genTime.  0, or
 * -1 with err saying why. */
int ks_tsa_verify(const unsigned char *tok, size_t len,
		  const unsigned char subject[CK_SHA256_LEN],
		  const char *cafile, struct ck_time *t, struct ck_error *err);

#endif
