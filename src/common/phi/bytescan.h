/* bytescan.h -- the next byte of a class (digit, capital, comma, byte
 * beyond ASCII) at or after an offset: the skip loop every detector runs
 * between its candidates.  Sixteen bytes a step with SSE2 (part of every
 * x86-64), else eight with the "hasbetween" bit trick; the class is a
 * constant at each call, so the tests for the other classes fold away. */
#ifndef CK_PHI_BYTESCAN_H
#define CK_PHI_BYTESCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define PHI_BC_DIGIT 1u		/* '0'..'9' */
#define PHI_BC_UPPER 2u		/* 'A'..'Z' */
#define PHI_BC_COMMA 4u		/* ',' */
#define PHI_BC_HIGH 8u		/* 0x80..0xff */

static inline int
phi_bc_is(unsigned char c, unsigned cls)
{
	return ((cls & PHI_BC_DIGIT) && (unsigned)(c - '0') < 10u) ||
	       ((cls & PHI_BC_UPPER) && (unsigned)(c - 'A') < 26u) ||
	       ((cls & PHI_BC_COMMA) && c == ',') ||
	       ((cls & PHI_BC_HIGH) && c >= 0x80);
}

#ifdef __SSE2__
/* 0xff in each byte of v within [lo, hi]: shifted so the range starts
 * at -128, one signed compare tells it. */
static inline __m128i
phi_bc_range(__m128i v, unsigned char lo, unsigned char hi)
{
	__m128i x = _mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - lo)));

	return _mm_cmplt_epi8(x, _mm_set1_epi8((char)(0x80 + hi - lo + 1)));
}
#endif

/* The offset of the first byte of class cls in b[i..n), or n. */
static inline size_t
phi_next_of(const char *b, size_t i, size_t n, unsigned cls)
{
#ifdef __SSE2__
	while (i + 16 <= n) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)
					    (b + i));
		__m128i m = _mm_setzero_si128();
		unsigned bits;

		if (cls & PHI_BC_DIGIT)
			m = _mm_or_si128(m, phi_bc_range(v, '0', '9'));
		if (cls & PHI_BC_UPPER)
			m = _mm_or_si128(m, phi_bc_range(v, 'A', 'Z'));
		if (cls & PHI_BC_COMMA)
			m = _mm_or_si128(m, _mm_cmpeq_epi8(v,
							   _mm_set1_epi8(',')));
		if (cls & PHI_BC_HIGH)
			m = _mm_or_si128(m, v);	/* the top bit is the test */
		bits = (unsigned)_mm_movemask_epi8(m);
		if (bits != 0)
			return i + (size_t)__builtin_ctz(bits);
		i += 16;
	}
#else
	const uint64_t ones = 0x0101010101010101ull;
	const uint64_t high = 0x8080808080808080ull;

	while (i + 8 <= n) {
		uint64_t x, lo, t = 0, c;

		memcpy(&x, b + i, 8);
		lo = x & (ones * 127);
		if (cls & PHI_BC_DIGIT)
			t |= (ones * (127 + ('9' + 1)) - lo) & ~x &
			     (lo + ones * (127 - ('0' - 1)));
		if (cls & PHI_BC_UPPER)
			t |= (ones * (127 + ('Z' + 1)) - lo) & ~x &
			     (lo + ones * (127 - ('A' - 1)));
		if (cls & PHI_BC_COMMA) {
			c = x ^ (ones * ',');
			t |= (c - ones) & ~c;
		}
		if (cls & PHI_BC_HIGH)
			t |= x;
		if ((t & high) != 0)
			break;
		i += 8;
	}
#endif
	while (i < n && !phi_bc_is((unsigned char)b[i], cls))
		i++;
	return i;
}

#endif
