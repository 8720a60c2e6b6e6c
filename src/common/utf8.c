/* utf8.c -- strict UTF-8 validation (RFC 3629). */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include "common/utf8.h"

#define ASCII_MASK UINT64_C(0x8080808080808080)

int
ck_utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
	unsigned char c;
	uint32_t v;
	int n, i;

	if (avail == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		if (cp != NULL)
			*cp = c;
		return 1;
	}
	/* RFC 3629 section 4: C0, C1 and F5..FF never appear (C0/C1 could
	 * only start overlong two-byte forms). */
	if (c < 0xC2 || c > 0xF4)
		return 0;
	if (c < 0xE0) {
		n = 2;
		v = c & 0x1F;
	} else if (c < 0xF0) {
		n = 3;
		v = c & 0x0F;
	} else {
		n = 4;
		v = c & 0x07;
	}
	if (avail < (size_t)n)
		return 0;
	/* The second byte's range rules out overlongs (E0 80..9F, F0 80..8F),
	 * UTF-16 surrogates (ED A0..BF) and code points above U+10FFFF
	 * (F4 90..BF), as in the table of RFC 3629 section 4. */
	switch (c) {
	case 0xE0:
		if (s[1] < 0xA0 || s[1] > 0xBF)
			return 0;
		break;
	case 0xED:
		if (s[1] < 0x80 || s[1] > 0x9F)
			return 0;
		break;
	case 0xF0:
		if (s[1] < 0x90 || s[1] > 0xBF)
			return 0;
		break;
	case 0xF4:
		if (s[1] < 0x80 || s[1] > 0x8F)
			return 0;
		break;
	default:
		if ((s[1] & 0xC0) != 0x80)
			return 0;
		break;
	}
	v = (v << 6) | (s[1] & 0x3F);
	for (i = 2; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (cp != NULL)
		*cp = v;
	return n;
}

int
ck_utf8_seqlen(const unsigned char *s, size_t avail)
{
	return ck_utf8_decode(s, avail, NULL);
}

size_t
ck_utf8_check(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	uint64_t w;
	int n;

	while (i < len) {
		/* Text is mostly ASCII: skip eight such bytes per step. */
		while (len - i >= 8) {
			memcpy(&w, p + i, 8);
			if (w & ASCII_MASK)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = ck_utf8_decode(p + i, len - i, NULL);
		if (n == 0)
			return i;
		i += (size_t)n;
	}
	return len;
}

int
ck_utf8_hex4(const char *s, uint32_t *v)
{
	*v = 0;
	for (int k = 0; k < 4; k++) {
		unsigned char c = (unsigned char)s[k];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (uint32_t)(c - 'A' + 10);
		else
			return 0;
	}
	return 1;
}
