/* sha256x2.h -- two SHA-256 digests computed together.
 *
 * verify hashes every event twice (the chain hash and the Merkle leaf
 * hash), two independent messages of about the same length.  With the
 * x86 SHA extensions one message is bound by the latency of the round
 * instruction; interleaving the rounds of two messages keeps the unit
 * busy.  Without them (or on another processor) this is OpenSSL's
 * SHA-256 twice.  The digests are plain SHA-256 either way. */
#ifndef CK_SHA256X2_H
#define CK_SHA256X2_H

#include <stddef.h>

/* A message given as the concatenation of up to four pieces. */
struct ck_sha256_msg {
	const void *p[4];
	size_t n[4];
	unsigned np;
};

/* da = SHA-256(a), db = SHA-256(b). */
void ck_sha256_two(const struct ck_sha256_msg *a, unsigned char da[32],
		   const struct ck_sha256_msg *b, unsigned char db[32]);

/* d[i] = SHA-256(m[i]) for n <= 16 messages: in the sixteen lanes of
 * AVX-512 registers when the processor has AVX-512 (messages under 1 KB;
 * $COMPLYKIT_NO_AVX512 set: never), else by ck_sha256_two in pairs. */
void ck_sha256_many(const struct ck_sha256_msg *m, unsigned n,
		    unsigned char (*d)[32]);

/* 1 when ck_sha256_two uses the SHA extensions on this machine
 * ($COMPLYKIT_NO_SHANI set: never). */
int ck_sha256_two_accel(void);

#endif
