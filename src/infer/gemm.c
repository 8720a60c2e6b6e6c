/* gemm.c -- the float32 matrix product (gemm.h): register tiles of R rows
 * by two vectors of columns, the instruction set picked once at run time
 * (SSE2, AVX2 or AVX-512F), the last columns by narrower tiles, and those
 * that fill no tile copied into a zero-padded panel.  Each output's sum
 * runs over k in ascending order on every path, so every path gives the
 * scalar reference's bits. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "infer/gemm.h"

typedef void tile_fn(size_t R, size_t K, const float *A, size_t lda,
		     size_t sak, const float *B, size_t ldb, float *C,
		     size_t ldc, const float *bias);

static void
gemm_scalar(size_t M, size_t N, size_t K, const float *A, size_t lda,
	    size_t sak, const float *B, size_t ldb, float *C, size_t ldc,
	    const float *bias)
{
	for (size_t i = 0; i < M; i++)
		for (size_t j = 0; j < N; j++) {
			float acc = 0.0f;

			for (size_t k = 0; k < K; k++)
				acc += A[i * lda + k * sak] * B[k * ldb + j];
			if (bias)
				acc += bias[i];
			C[i * ldc + j] = acc;
		}
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define GEMM_X86 1

typedef float v4sf __attribute__((vector_size(16)));
typedef float v8sf __attribute__((vector_size(32)));
typedef float v16sf __attribute__((vector_size(64)));

#define TILE_NAME tile_sse2
#define TILE_TARGET __attribute__((target("sse2")))
#define TILE_VT v4sf
#define TILE_W 4
#define TILE_MR 6
#include "infer/gemm_tile.h"

#define TILE_NAME tile_avx2
#define TILE_TARGET __attribute__((target("avx2")))
#define TILE_VT v8sf
#define TILE_W 8
#define TILE_MR 6
#include "infer/gemm_tile.h"

#define TILE_NAME tile_avx512
#define TILE_TARGET __attribute__((target("avx512f")))
#define TILE_VT v16sf
#define TILE_W 16
#define TILE_MR 8
#include "infer/gemm_tile.h"

#include <immintrin.h>

/* The last columns on AVX-512F: R (1..8) rows by w (1..16) columns, B's
 * row read and C written through a mask.  Lanes past w sum zeros and are
 * dropped; the others are the sums of the full tile, k ascending, the
 * product rounded before the add. */
__attribute__((target("avx512f"))) static inline
__attribute__((always_inline)) void
narrow_r(const size_t R, size_t w, size_t K, const float *A, size_t lda,
	 size_t sak, const float *B, size_t ldb, float *C, size_t ldc,
	 const float *bias)
{
	const __mmask16 mk = (__mmask16)((1u << w) - 1u);
	__m512 acc[8];

#pragma GCC unroll 8
	for (size_t r = 0; r < R; r++)
		acc[r] = _mm512_setzero_ps();
	for (size_t k = 0; k < K; k++) {
		const __m512 b = _mm512_maskz_loadu_ps(mk, B + k * ldb);
		const float *a = A + k * sak;

#pragma GCC unroll 8
		for (size_t r = 0; r < R; r++)
			acc[r] = _mm512_add_ps(acc[r], _mm512_mul_ps(b,
					_mm512_set1_ps(a[r * lda])));
	}
#pragma GCC unroll 8
	for (size_t r = 0; r < R; r++) {
		if (bias)
			acc[r] = _mm512_add_ps(acc[r], _mm512_set1_ps(bias[r]));
		_mm512_mask_storeu_ps(C + r * ldc, mk, acc[r]);
	}
}

__attribute__((target("avx512f"))) static void
narrow_avx512(size_t M, size_t w, size_t K, const float *A, size_t lda,
	      size_t sak, const float *B, size_t ldb, float *C, size_t ldc,
	      const float *bias)
{
	for (size_t j0 = 0; j0 < w; j0 += 16) {
		size_t wj = w - j0 < 16 ? w - j0 : 16;

		for (size_t i0 = 0; i0 < M; i0 += 8) {
			size_t R = M - i0 < 8 ? M - i0 : 8;
			const float *a = A + i0 * lda, *bi = bias ? bias + i0 : NULL;
			float *c = C + i0 * ldc + j0;

			switch (R) {
#define NARROW_CASE(n) case n: narrow_r(n, wj, K, a, lda, sak, B + j0, ldb, \
					c, ldc, bi); break;
			NARROW_CASE(1) NARROW_CASE(2) NARROW_CASE(3)
			NARROW_CASE(4) NARROW_CASE(5) NARROW_CASE(6)
			NARROW_CASE(7) NARROW_CASE(8)
#undef NARROW_CASE
			default: break;
			}
		}
	}
}
#endif

struct isa {
	tile_fn *tile;
	size_t mr, nr;		/* rows and columns of a tile */
};

static const struct isa isas[GEMM_NISA] = {
#ifdef GEMM_X86
	[GEMM_SSE2] = { tile_sse2, 6, 8 },
	[GEMM_AVX2] = { tile_avx2, 6, 16 },
	[GEMM_AVX512] = { tile_avx512, 8, 32 },
#endif
	[GEMM_SCALAR] = { NULL, 0, 0 },
};

enum gemm_isa
gemm_best_isa(void)
{
	static int best = -1;

	if (__atomic_load_n(&best, __ATOMIC_RELAXED) < 0) {
		int b = GEMM_SCALAR;
#ifdef GEMM_X86
		__builtin_cpu_init();
		if (__builtin_cpu_supports("avx512f"))
			b = GEMM_AVX512;
		else if (__builtin_cpu_supports("avx2"))
			b = GEMM_AVX2;
		else if (__builtin_cpu_supports("sse2"))
			b = GEMM_SSE2;
#endif
		/* the same value from every thread: a benign race */
		__atomic_store_n(&best, b, __ATOMIC_RELAXED);
	}
	return (enum gemm_isa)__atomic_load_n(&best, __ATOMIC_RELAXED);
}

/* Rows [0,M) by the w (<= nr) columns of one panel bp (ldb lb): full
 * panels are written in place, a narrower one through a tile buffer. */
static void
run_panel(const struct isa *is, size_t M, size_t K, const float *A,
	  size_t lda, size_t sak, const float *bp, size_t lb, size_t w,
	  float *C, size_t ldc, const float *bias)
{
	float tmp[8 * 32];

	for (size_t i0 = 0; i0 < M; i0 += is->mr) {
		size_t R = M - i0 < is->mr ? M - i0 : is->mr;
		const float *bi = bias ? bias + i0 : NULL;

		if (w == is->nr) {
			is->tile(R, K, A + i0 * lda, lda, sak, bp, lb,
				 C + i0 * ldc, ldc, bi);
			continue;
		}
		is->tile(R, K, A + i0 * lda, lda, sak, bp, lb, tmp, is->nr, bi);
		for (size_t r = 0; r < R; r++)
			memcpy(C + (i0 + r) * ldc, tmp + r * is->nr,
			       w * sizeof *tmp);
	}
}

void
gemm_f32_isa(enum gemm_isa which, size_t M, size_t N, size_t K,
	     const float *A, size_t lda, size_t sak, const float *B,
	     size_t ldb, float *C, size_t ldc, const float *bias)
{
	enum gemm_isa best = gemm_best_isa();
	const struct isa *is;

	if (which > best)
		which = best;
	is = &isas[which];
	if (!is->tile || M == 0 || N == 0) {
		gemm_scalar(M, N, K, A, lda, sak, B, ldb, C, ldc, bias);
		return;
	}
	for (size_t j0 = 0; j0 < N;) {
		size_t w = N - j0;
		float *panel;

		if (w >= is->nr) {
			run_panel(is, M, K, A, lda, sak, B + j0, ldb, is->nr,
				  C + j0, ldc, bias);
			j0 += is->nr;
			continue;
		}
#ifdef GEMM_X86
		if (which == GEMM_AVX512) {
			narrow_avx512(M, w, K, A, lda, sak, B + j0, ldb, C + j0,
				      ldc, bias);
			break;
		}
#endif
		if (which > GEMM_SSE2) {
			/* narrower tiles read the last columns in place: every
			 * path sums alike, so mixing them changes no bit */
			is = &isas[--which];
			continue;
		}
		/* fewer columns than the narrowest tile: zero-padded */
		panel = malloc(K * is->nr * sizeof *panel + 1);
		if (!panel) {
			gemm_scalar(M, w, K, A, lda, sak, B + j0, ldb, C + j0,
				    ldc, bias);
			break;
		}
		for (size_t k = 0; k < K; k++) {
			memcpy(panel + k * is->nr, B + k * ldb + j0,
			       w * sizeof *panel);
			memset(panel + k * is->nr + w, 0,
			       (is->nr - w) * sizeof *panel);
		}
		run_panel(is, M, K, A, lda, sak, panel, is->nr, w, C + j0, ldc,
			  bias);
		free(panel);
		break;
	}
}

int
gemm_pack_b(struct gemm_packed *pk, size_t K, size_t N, const float *B,
	    size_t sbk, size_t sbn)
{
	size_t np;

	memset(pk, 0, sizeof *pk);
	pk->isa = gemm_best_isa();
	pk->nr = isas[pk->isa].nr ? isas[pk->isa].nr : 1;
	pk->K = K;
	pk->N = N;
	np = (N + pk->nr - 1) / pk->nr;
	pk->p = calloc(np * K * pk->nr + 1, sizeof *pk->p);
	if (!pk->p)
		return -1;
	for (size_t j = 0; j < N; j++)
		for (size_t k = 0; k < K; k++)
			pk->p[((j / pk->nr) * K + k) * pk->nr + j % pk->nr] =
				B[k * sbk + j * sbn];
	return 0;
}

void
gemm_packed_release(struct gemm_packed *pk)
{
	free(pk->p);
	memset(pk, 0, sizeof *pk);
}

void
gemm_f32_packed(size_t M, const float *A, size_t lda, size_t sak,
		const struct gemm_packed *pk, float *C, size_t ldc,
		const float *bias)
{
	const struct isa *is = &isas[pk->isa];

	for (size_t j0 = 0, p = 0; j0 < pk->N; j0 += pk->nr, p++) {
		size_t w = pk->N - j0 < pk->nr ? pk->N - j0 : pk->nr;
		const float *bp = pk->p + p * pk->K * pk->nr;

		if (!is->tile || M == 0)	/* panels of one column */
			gemm_scalar(M, w, pk->K, A, lda, sak, bp, pk->nr,
				    C + j0, ldc, bias);
#ifdef GEMM_X86
		else if (pk->isa == GEMM_AVX512 && w < pk->nr)
			narrow_avx512(M, w, pk->K, A, lda, sak, bp, pk->nr,
				      C + j0, ldc, bias);
#endif
		else
			run_panel(is, M, pk->K, A, lda, sak, bp, pk->nr, w,
				  C + j0, ldc, bias);
	}
}

void
gemm_f32(size_t M, size_t N, size_t K, const float *A, size_t lda,
	 size_t sak, const float *B, size_t ldb, float *C, size_t ldc,
	 const float *bias)
{
	gemm_f32_isa(gemm_best_isa(), M, N, K, A, lda, sak, B, ldb, C, ldc,
		     bias);
}
