/* utf8.h -- strict UTF-8 validation (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF). */
#ifndef CK_UTF8_H
#define CK_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Returns len if s[0..len) is valid UTF-8, else the byte offset of the
 * first byte of the first invalid sequence.  A sequence cut off by the end
 * of the buffer is invalid at its first byte. */
size_t ck_utf8_check(const char *s, size_t len);

/* Length of the valid sequence starting at s (1..4), or 0 if invalid. */
int ck_utf8_seqlen(const unsigned char *s, size_t avail);

/* Decodes one valid sequence; returns its length (1..4) or 0 if invalid. */
int ck_utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp);

/* The four hex digits of a JSON \u escape at s (the caller checked that
 * four bytes are there) into *v: 1, or 0 when one is not a hex digit. */
int ck_utf8_hex4(const char *s, uint32_t *v);

#endif
