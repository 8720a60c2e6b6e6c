/* gemm_tile.h -- one register tile of gemm.c for one instruction set,
 * included once per set with TILE_NAME (function name), TILE_TARGET (a
 * target attribute or nothing), TILE_VT (a GCC vector of floats), TILE_W
 * (its lanes) and TILE_MR (rows per tile) defined.
 *
 * A tile is R rows (1..TILE_MR) by 2*TILE_W columns: for each k in
 * ascending order one load of B's row, then per row one broadcast of
 * A[r,k], a multiply and an add into that row's accumulators.  So each
 * output is summed over k in ascending order, as the scalar path does;
 * separate multiply and add (no FMA: these files build with
 * -ffp-contract=off and no fma target) round as the scalar code does. */

#define TILE_CAT2(a, b) a##b
#define TILE_CAT(a, b) TILE_CAT2(a, b)
#define TILE_R TILE_CAT(TILE_NAME, _r)

TILE_TARGET static inline __attribute__((always_inline)) void
TILE_R(const size_t R, size_t K, const float *A, size_t lda, size_t sak,
       const float *B, size_t ldb, float *C, size_t ldc, const float *bias)
{
	TILE_VT acc[TILE_MR][2];

#pragma GCC unroll 16
	for (size_t r = 0; r < R; r++) {
		acc[r][0] = (TILE_VT){ 0 };
		acc[r][1] = (TILE_VT){ 0 };
	}
	for (size_t k = 0; k < K; k++) {
		TILE_VT b0, b1;
		const float *a = A + k * sak;

		memcpy(&b0, B + k * ldb, sizeof b0);
		memcpy(&b1, B + k * ldb + TILE_W, sizeof b1);
#pragma GCC unroll 16
		for (size_t r = 0; r < R; r++) {
			const float x = a[r * lda];

			acc[r][0] += b0 * x;
			acc[r][1] += b1 * x;
		}
	}
#pragma GCC unroll 16
	for (size_t r = 0; r < R; r++) {
		if (bias) {
			acc[r][0] += bias[r];
			acc[r][1] += bias[r];
		}
		memcpy(C + r * ldc, &acc[r][0], sizeof acc[r][0]);
		memcpy(C + r * ldc + TILE_W, &acc[r][1], sizeof acc[r][1]);
	}
}

TILE_TARGET static void
TILE_NAME(size_t R, size_t K, const float *A, size_t lda, size_t sak,
	  const float *B, size_t ldb, float *C, size_t ldc, const float *bias)
{
	switch (R) {
#define TILE_CASE(n) case n: TILE_R(n, K, A, lda, sak, B, ldb, C, ldc, bias); break;
	TILE_CASE(1) TILE_CASE(2) TILE_CASE(3) TILE_CASE(4)
#if TILE_MR > 4
	TILE_CASE(5) TILE_CASE(6)
#endif
#if TILE_MR > 6
	TILE_CASE(7) TILE_CASE(8)
#endif
#undef TILE_CASE
	default: break;
	}
}

#undef TILE_R
#undef TILE_CAT
#undef TILE_CAT2
#undef TILE_NAME
#undef TILE_TARGET
#undef TILE_VT
#undef TILE_W
#undef TILE_MR
