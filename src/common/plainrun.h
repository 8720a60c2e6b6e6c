/* plainrun.h -- the end of a run of bytes a JSON string holds as they
 * are, for the canonical-form scanners (canonscan.c, canonfast.c).
 *
 * "Plain" is printable ASCII but '"' and '\\': RFC 8785 3.2.2.2 escapes
 * only those and the C0 controls, and bytes above 0x7f need a UTF-8
 * check.  Most of an event's bytes are plain, so this loop is most of
 * the scan; with SSE2 it looks at 16 bytes a step. */
#ifndef CK_PLAINRUN_H
#define CK_PLAINRUN_H

#include <stddef.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The first i' >= i with s[i'] not plain, or n. */
static inline size_t
ck_plain_run(const unsigned char *s, size_t i, size_t n)
{
#ifdef __SSE2__
	const __m128i q = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
	const __m128i sp = _mm_set1_epi8(0x20);

	while (n - i >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* signed: bytes above 0x7f are negative, so below ' ' too */
		__m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, q),
							_mm_cmpeq_epi8(v, bs)),
					   _mm_cmplt_epi8(v, sp));
		int m = _mm_movemask_epi8(bad);

		if (m != 0)
			return i + (size_t)__builtin_ctz((unsigned)m);
		i += 16;
	}
#endif
	while (i < n && s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' &&
	       s[i] != '\\')
		i++;
	return i;
}

#endif
