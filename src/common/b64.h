/* b64.h -- strict standard base64 (RFC 4648 §4, with padding), and
 * base64url (§5) without padding for tokens that sit inside text.
 *
 * Used for keys, signatures and Merkle hashes in text formats.  The
 * decoder rejects anything that is not canonical base64: characters out of
 * the alphabet, missing or extra padding, whitespace, non-zero pad bits. */
#ifndef CK_B64_H
#define CK_B64_H

#include <stddef.h>

/* Length of the encoding of n bytes, without the NUL. */
#define CK_B64_LEN(n) ((((n) + 2) / 3) * 4)

/* Writes the encoding of in[0..n) and a NUL to out (CK_B64_LEN(n) + 1). */
void ck_b64_encode(const unsigned char *in, size_t n, char *out);
/* Decodes s[0..len) into out (room for cap bytes).  Returns the number of
 * bytes written, or -1 when s is not canonical base64 or does not fit. */
long ck_b64_decode(const char *s, size_t len, unsigned char *out, size_t cap);

/* Length of the unpadded base64url encoding of n bytes, without the NUL. */
#define CK_B64URL_LEN(n) (((n) / 3) * 4 + ((n) % 3 ? (n) % 3 + 1 : 0))

/* Writes the unpadded base64url encoding of in[0..n) and a NUL to out
 * (CK_B64URL_LEN(n) + 1). */
void ck_b64url_encode(const unsigned char *in, size_t n, char *out);
/* Decodes unpadded base64url s[0..len) into out (room for cap bytes; len
 * is always enough).  Strict: no '=', nothing outside the alphabet, a
 * length that is not 1 mod 4, zero leftover bits.  The number of bytes
 * written, or -1. */
long ck_b64url_decode(const char *s, size_t len, unsigned char *out,
		      size_t cap);
/* The 6-bit value of a base64url character, or -1 if c is not one. */
int ck_b64url_val(char c);

#endif
