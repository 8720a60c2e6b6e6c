/* gemm.h -- the float32 matrix product behind Gemm, MatMul and Conv.
 *
 * Every output element is
 *     C[i,j] = (((0 + A[i,0]*B[0,j]) + A[i,1]*B[1,j]) + ...) [+ bias[i]]
 * summed over k in ascending order, each product rounded before the add
 * (no fused multiply-add).  Blocking, vector width, the instruction set
 * picked at run time and the number of threads only decide which elements
 * are computed together, never the order of one element's sum: so the
 * result is bit-identical on every path and machine, and a row's result
 * never depends on the rows computed with it. */
#ifndef INFER_GEMM_H
#define INFER_GEMM_H

#include <stddef.h>

enum gemm_isa { GEMM_SCALAR = 0, GEMM_SSE2, GEMM_AVX2, GEMM_AVX512, GEMM_NISA };

/* C[M,N] (leading dimension ldc) = A[M,K] * B[K,N] (+ bias[i] per row when
 * bias is not NULL).  A[i,k] is A[i*lda + k*sak]; B[k,j] is B[k*ldb + j]. */
void gemm_f32(size_t M, size_t N, size_t K, const float *A, size_t lda,
	      size_t sak, const float *B, size_t ldb, float *C, size_t ldc,
	      const float *bias);

/* The same product on a given path (for the tests that compare paths bit
 * for bit); a path the CPU lacks falls back to the best one it has. */
void gemm_f32_isa(enum gemm_isa isa, size_t M, size_t N, size_t K,
		  const float *A, size_t lda, size_t sak, const float *B,
		  size_t ldb, float *C, size_t ldc, const float *bias);

/* A constant B (a weight) packed once, at load time, into zero-padded
 * panels of the tile width of the path in use, so that products with it
 * copy nothing.  The product is the same sum as gemm_f32's. */
struct gemm_packed {
	float *p;		/* ceil(N/nr) panels of K x nr */
	size_t K, N, nr;
	enum gemm_isa isa;
};
/* Packs B[k,j] = B[k*sbk + j*sbn]; 0 or -1 (out of memory). */
int gemm_pack_b(struct gemm_packed *pk, size_t K, size_t N, const float *B,
		size_t sbk, size_t sbn);
void gemm_packed_release(struct gemm_packed *pk);
/* C[M,N] = A[M,K] * the packed B (+ bias per row). */
void gemm_f32_packed(size_t M, const float *A, size_t lda, size_t sak,
		     const struct gemm_packed *pk, float *C, size_t ldc,
		     const float *bias);

/* The best path this CPU runs. */
enum gemm_isa gemm_best_isa(void);

#endif
