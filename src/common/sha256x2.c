/* sha256x2.c -- two SHA-256 digests computed together (sha256x2.h).
 *
 * FIPS 180-4 SHA-256 with the SHA-NI instructions: the state is kept as
 * the two halves ABEF and CDGH that SHA256RNDS2 works on, each group of
 * four rounds adds the next four schedule words to their constants, and
 * SHA256MSG1/MSG2 extend the schedule four words at a time.  Each step
 * is done for message a and then for message b, so the processor always
 * has the other message's round to issue while one waits. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include "common/sha256x2.h"

static size_t
msg_len(const struct ck_sha256_msg *m)
{
	size_t n = 0;
	unsigned i;

	for (i = 0; i < m->np; i++)
		n += m->n[i];
	return n;
}

static void
openssl_one(const struct ck_sha256_msg *m, unsigned char d[32])
{
	SHA256_CTX c;
	unsigned i;

	SHA256_Init(&c);
	for (i = 0; i < m->np; i++)
		SHA256_Update(&c, m->p[i], m->n[i]);
	SHA256_Final(d, &c);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>

#define SHANI __attribute__((target("sha,sse4.1,ssse3")))

static const uint32_t K[64] __attribute__((aligned(16))) = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b,
	0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
	0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
	0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152,
	0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
	0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
	0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
	0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* H as words (a b c d, e f g h) to the ABEF / CDGH halves and back. */
#define LOAD_STATE(h, s0, s1) do { \
	__m128i lo_ = _mm_loadu_si128((const __m128i *)(const void *)(h)); \
	__m128i hi_ = _mm_loadu_si128((const __m128i *)(const void *) \
				      ((h) + 4)); \
	__m128i feba_ = _mm_unpacklo_epi64(lo_, hi_); \
	__m128i dchg_ = _mm_unpackhi_epi64(hi_, lo_); \
	s0 = _mm_shuffle_epi32(feba_, 0x1B); \
	s1 = _mm_shuffle_epi32(dchg_, 0xB1); \
} while (0)
#define STORE_STATE(h, s0, s1) do { \
	__m128i feba_ = _mm_shuffle_epi32(s0, 0x1B); \
	__m128i dchg_ = _mm_shuffle_epi32(s1, 0xB1); \
	_mm_storeu_si128((__m128i *)(void *)(h), \
			 _mm_blend_epi16(feba_, dchg_, 0xF0)); \
	_mm_storeu_si128((__m128i *)(void *)((h) + 4), \
			 _mm_alignr_epi8(dchg_, feba_, 8)); \
} while (0)
/* Four rounds with schedule words w. */
#define ROUNDS4(s0, s1, w, i) do { \
	__m128i m_ = _mm_add_epi32(w, _mm_load_si128( \
		(const __m128i *)(const void *)&K[4 * (i)])); \
	s1 = _mm_sha256rnds2_epu32(s1, s0, m_); \
	m_ = _mm_shuffle_epi32(m_, 0x0E); \
	s0 = _mm_sha256rnds2_epu32(s0, s1, m_); \
} while (0)
/* w0..w3 = W[t-16..t-1] in fours; w0 becomes W[t..t+3]. */
#define SCHED(w0, w1, w2, w3) \
	((w0) = _mm_sha256msg2_epu32(_mm_add_epi32( \
		_mm_sha256msg1_epu32(w0, w1), _mm_alignr_epi8(w3, w2, 4)), w3))
#define GROUP(s0, s1, w, i) do { \
	if ((i) >= 4) \
		SCHED(w[(i) & 3], w[((i) + 1) & 3], w[((i) + 2) & 3], \
		      w[((i) + 3) & 3]); \
	ROUNDS4(s0, s1, w[(i) & 3], i); \
} while (0)
#define LOAD_BLOCK(w, p, mask) do { \
	w[0] = _mm_shuffle_epi8(_mm_loadu_si128( \
		(const __m128i *)(const void *)(p)), mask); \
	w[1] = _mm_shuffle_epi8(_mm_loadu_si128( \
		(const __m128i *)(const void *)((p) + 16)), mask); \
	w[2] = _mm_shuffle_epi8(_mm_loadu_si128( \
		(const __m128i *)(const void *)((p) + 32)), mask); \
	w[3] = _mm_shuffle_epi8(_mm_loadu_si128( \
		(const __m128i *)(const void *)((p) + 48)), mask); \
} while (0)
#define BOTH(i) do { \
	GROUP(a0, a1, wa, i); \
	GROUP(b0, b1, wb, i); \
} while (0)

SHANI static void
compress1(uint32_t h[8], const unsigned char *p, size_t n)
{
	const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
					    0x0405060700010203ULL);
	__m128i a0, a1, wa[4];

	LOAD_STATE(h, a0, a1);
	for (; n > 0; n--, p += 64) {
		__m128i sa0 = a0, sa1 = a1;

		LOAD_BLOCK(wa, p, mask);
		GROUP(a0, a1, wa, 0); GROUP(a0, a1, wa, 1);
		GROUP(a0, a1, wa, 2); GROUP(a0, a1, wa, 3);
		GROUP(a0, a1, wa, 4); GROUP(a0, a1, wa, 5);
		GROUP(a0, a1, wa, 6); GROUP(a0, a1, wa, 7);
		GROUP(a0, a1, wa, 8); GROUP(a0, a1, wa, 9);
		GROUP(a0, a1, wa, 10); GROUP(a0, a1, wa, 11);
		GROUP(a0, a1, wa, 12); GROUP(a0, a1, wa, 13);
		GROUP(a0, a1, wa, 14); GROUP(a0, a1, wa, 15);
		a0 = _mm_add_epi32(a0, sa0);
		a1 = _mm_add_epi32(a1, sa1);
	}
	STORE_STATE(h, a0, a1);
}

SHANI static void
compress2(uint32_t ha[8], const unsigned char *pa, uint32_t hb[8],
	  const unsigned char *pb, size_t n)
{
	const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
					    0x0405060700010203ULL);
	__m128i a0, a1, b0, b1, wa[4], wb[4];

	LOAD_STATE(ha, a0, a1);
	LOAD_STATE(hb, b0, b1);
	for (; n > 0; n--, pa += 64, pb += 64) {
		__m128i sa0 = a0, sa1 = a1, sb0 = b0, sb1 = b1;

		LOAD_BLOCK(wa, pa, mask);
		LOAD_BLOCK(wb, pb, mask);
		BOTH(0); BOTH(1); BOTH(2); BOTH(3);
		BOTH(4); BOTH(5); BOTH(6); BOTH(7);
		BOTH(8); BOTH(9); BOTH(10); BOTH(11);
		BOTH(12); BOTH(13); BOTH(14); BOTH(15);
		a0 = _mm_add_epi32(a0, sa0);
		a1 = _mm_add_epi32(a1, sa1);
		b0 = _mm_add_epi32(b0, sb0);
		b1 = _mm_add_epi32(b1, sb1);
	}
	STORE_STATE(ha, a0, a1);
	STORE_STATE(hb, b0, b1);
}

/* Sixteen messages in the sixteen 32-bit lanes of AVX-512 registers:
 * the plain FIPS 180-4 rounds, one message a lane, each message padded
 * into its own STRIDE bytes of stage and its words gathered from there.
 * A lane whose message has ended keeps its state (masked adds). */
#define X16_STRIDE 1024
#define AVX512 __attribute__((target("avx512f,avx512bw")))
#define ROR(x, n) _mm512_ror_epi32(x, n)

AVX512 static void
compress16(uint32_t out[16][8], const unsigned char *stage,
	   const unsigned nblk[16], unsigned lanes)
{
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	const __m512i idx = _mm512_mullo_epi32(
		_mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2,
				 1, 0), _mm512_set1_epi32(X16_STRIDE));
	const __m512i bswap = _mm512_set4_epi32(0x0c0d0e0f, 0x08090a0b,
						0x04050607, 0x00010203);
	__m512i st[8], w[16];
	uint32_t tmp[8][16] __attribute__((aligned(64)));
	unsigned maxb = 0, i, j, b;

	for (j = 0; j < 8; j++)
		st[j] = _mm512_set1_epi32((int)h0[j]);
	for (i = 0; i < lanes; i++)
		if (nblk[i] > maxb)
			maxb = nblk[i];
	for (b = 0; b < maxb; b++) {
		__m512i a = st[0], bb = st[1], c = st[2], d = st[3];
		__m512i e = st[4], f = st[5], g = st[6], h = st[7];
		__mmask16 act = 0;
		int t;

		for (i = 0; i < lanes; i++)
			if (nblk[i] > b)
				act |= (__mmask16)(1u << i);
		for (t = 0; t < 16; t++)
			w[t] = _mm512_shuffle_epi8(_mm512_mask_i32gather_epi32(
				_mm512_setzero_si512(), act, idx,
				stage + 64 * b + 4 * (unsigned)t, 1), bswap);
		for (t = 0; t < 64; t++) {
			__m512i wt, t1, t2;

			if (t < 16) {
				wt = w[t];
			} else {
				__m512i x15 = w[(t - 15) & 15], x2 = w[(t - 2) & 15];
				__m512i s0 = _mm512_ternarylogic_epi32(
					ROR(x15, 7), ROR(x15, 18),
					_mm512_srli_epi32(x15, 3), 0x96);
				__m512i s1 = _mm512_ternarylogic_epi32(
					ROR(x2, 17), ROR(x2, 19),
					_mm512_srli_epi32(x2, 10), 0x96);

				wt = _mm512_add_epi32(
					_mm512_add_epi32(w[t & 15], s0),
					_mm512_add_epi32(w[(t - 7) & 15], s1));
				w[t & 15] = wt;
			}
			t1 = _mm512_add_epi32(
				_mm512_add_epi32(h, _mm512_ternarylogic_epi32(
					ROR(e, 6), ROR(e, 11), ROR(e, 25), 0x96)),
				_mm512_add_epi32(
					_mm512_ternarylogic_epi32(e, f, g, 0xCA),
					_mm512_add_epi32(wt, _mm512_set1_epi32(
						(int)K[t]))));
			t2 = _mm512_add_epi32(
				_mm512_ternarylogic_epi32(ROR(a, 2), ROR(a, 13),
							  ROR(a, 22), 0x96),
				_mm512_ternarylogic_epi32(a, bb, c, 0xE8));
			h = g;
			g = f;
			f = e;
			e = _mm512_add_epi32(d, t1);
			d = c;
			c = bb;
			bb = a;
			a = _mm512_add_epi32(t1, t2);
		}
		st[0] = _mm512_mask_add_epi32(st[0], act, st[0], a);
		st[1] = _mm512_mask_add_epi32(st[1], act, st[1], bb);
		st[2] = _mm512_mask_add_epi32(st[2], act, st[2], c);
		st[3] = _mm512_mask_add_epi32(st[3], act, st[3], d);
		st[4] = _mm512_mask_add_epi32(st[4], act, st[4], e);
		st[5] = _mm512_mask_add_epi32(st[5], act, st[5], f);
		st[6] = _mm512_mask_add_epi32(st[6], act, st[6], g);
		st[7] = _mm512_mask_add_epi32(st[7], act, st[7], h);
	}
	for (j = 0; j < 8; j++)
		_mm512_store_si512((void *)tmp[j], st[j]);
	for (i = 0; i < lanes; i++)
		for (j = 0; j < 8; j++)
			out[i][j] = tmp[j][i];
}

static int
detect16(void)
{
	const char *off = getenv("COMPLYKIT_NO_AVX512");

	if (off != NULL && *off != '\0')
		return 0;
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx512f") &&
	       __builtin_cpu_supports("avx512bw");
}

static int
accel16(void)
{
	static int have = -1;
	int h = __atomic_load_n(&have, __ATOMIC_RELAXED);

	if (h < 0) {
		h = detect16();
		__atomic_store_n(&have, h, __ATOMIC_RELAXED);
	}
	return h;
}

static int
detect(void)
{
	unsigned a, b, c, d;
	const char *off = getenv("COMPLYKIT_NO_SHANI");

	if (off != NULL && *off != '\0')
		return 0;
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) ||
	    !(c & bit_SSE4_1))
		return 0;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || !(b & bit_SHA))
		return 0;
	return 1;
}

int
ck_sha256_two_accel(void)
{
	static int have = -1;
	int h = __atomic_load_n(&have, __ATOMIC_RELAXED);

	if (h < 0) {
		h = detect();
		__atomic_store_n(&have, h, __ATOMIC_RELAXED);
	}
	return h;
}

/* m padded (FIPS 180-4 5.1.1) into buf of cap bytes (or a malloc'd
 * buffer when larger, in *big); the number of blocks, 0 on ENOMEM. */
static size_t
pad(const struct ck_sha256_msg *m, unsigned char *buf, size_t cap,
    unsigned char **big, const unsigned char **out)
{
	size_t len = msg_len(m), nb = (len + 8) / 64 + 1, o = 0;
	uint64_t bits = (uint64_t)len * 8;
	unsigned char *b = buf;
	unsigned i;

	*big = NULL;
	if (nb * 64 > cap) {
		b = *big = malloc(nb * 64);
		if (b == NULL)
			return 0;
	}
	for (i = 0; i < m->np; i++) {
		if (m->n[i] > 0)
			memcpy(b + o, m->p[i], m->n[i]);
		o += m->n[i];
	}
	b[o++] = 0x80;
	memset(b + o, 0, nb * 64 - o);
	for (i = 0; i < 8; i++)
		b[nb * 64 - 1 - i] = (unsigned char)(bits >> (8 * i));
	*out = b;
	return nb;
}

static void
put_digest(const uint32_t h[8], unsigned char d[32])
{
	int i;

	for (i = 0; i < 8; i++) {
		d[4 * i] = (unsigned char)(h[i] >> 24);
		d[4 * i + 1] = (unsigned char)(h[i] >> 16);
		d[4 * i + 2] = (unsigned char)(h[i] >> 8);
		d[4 * i + 3] = (unsigned char)h[i];
	}
}

void
ck_sha256_two(const struct ck_sha256_msg *a, unsigned char da[32],
	      const struct ck_sha256_msg *b, unsigned char db[32])
{
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	unsigned char bufa[2048], bufb[2048], *biga, *bigb;
	const unsigned char *pa, *pb;
	uint32_t ha[8], hb[8];
	size_t na, nb, n;

	if (!ck_sha256_two_accel()) {
		openssl_one(a, da);
		openssl_one(b, db);
		return;
	}
	na = pad(a, bufa, sizeof bufa, &biga, &pa);
	nb = pad(b, bufb, sizeof bufb, &bigb, &pb);
	if (na == 0 || nb == 0) {	/* out of memory: no copies */
		free(biga);
		free(bigb);
		openssl_one(a, da);
		openssl_one(b, db);
		return;
	}
	memcpy(ha, h0, sizeof ha);
	memcpy(hb, h0, sizeof hb);
	n = na < nb ? na : nb;
	compress2(ha, pa, hb, pb, n);
	if (na > n)
		compress1(ha, pa + 64 * n, na - n);
	if (nb > n)
		compress1(hb, pb + 64 * n, nb - n);
	put_digest(ha, da);
	put_digest(hb, db);
	free(biga);
	free(bigb);
}


void
ck_sha256_many(const struct ck_sha256_msg *m, unsigned n,
	       unsigned char (*d)[32])
{
	unsigned char stage[16 * X16_STRIDE] __attribute__((aligned(64)));
	uint32_t out[16][8];
	unsigned nblk[16], lane[16], k = 0, i;

	if (!accel16()) {
		for (i = 0; i + 1 < n; i += 2)
			ck_sha256_two(&m[i], d[i], &m[i + 1], d[i + 1]);
		if (i < n)
			openssl_one(&m[i], d[i]);
		return;
	}
	for (i = 0; i < n; i++) {
		size_t len = msg_len(&m[i]), nb = (len + 8) / 64 + 1;
		unsigned char *b, *big;
		const unsigned char *p;

		if (nb * 64 > X16_STRIDE || k == 16) {
			openssl_one(&m[i], d[i]);	/* a long one */
			continue;
		}
		b = stage + (size_t)k * X16_STRIDE;
		(void)pad(&m[i], b, X16_STRIDE, &big, &p);
		nblk[k] = (unsigned)nb;
		lane[k++] = i;
	}
	if (k == 0)
		return;
	compress16(out, stage, nblk, k);
	for (i = 0; i < k; i++)
		put_digest(out[i], d[lane[i]]);
}

#else	/* no SHA extensions to use */

int
ck_sha256_two_accel(void)
{
	return 0;
}

void
ck_sha256_two(const struct ck_sha256_msg *a, unsigned char da[32],
	      const struct ck_sha256_msg *b, unsigned char db[32])
{
	openssl_one(a, da);
	openssl_one(b, db);
}

void
ck_sha256_many(const struct ck_sha256_msg *m, unsigned n,
	       unsigned char (*d)[32])
{
	unsigned i;

	for (i = 0; i < n; i++)
		openssl_one(&m[i], d[i]);
}

#endif
