/* matmul.c -- Gemm and MatMul.
 *
 * Every output element is a float sum over k in ascending order, started
 * at 0 (a fixed reduction order: the tiles of gemm.c never split k), so
 * a row's result never depends on the batch it came in.  Two loop shapes
 * compute the same sums: gemm.c's tiles and dot products (small M with
 * transposed B). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "infer/gemm.h"
#include "infer/kernels.h"
#include "infer/ops.h"

/* C[M,N] = A[M,K] * B[K,N], both row-major with leading dims lda, ldb. */
static void
mm_ikj(size_t M, size_t N, size_t K, const float *A, size_t lda, size_t sak,
       const float *B, size_t ldb, float *C)
{
	gemm_f32(M, N, K, A, lda, sak, B, ldb, C, N, NULL);
}

static int
op_gemm(const struct node *n, const struct tensor *const *in,
	struct tensor *out, struct ck_error *err)
{
	const struct tensor *a = in[0], *b = in[1];
	const struct tensor *c = n->nin > 2 ? in[2] : NULL;
	int ta = (int)attr_int(n, "transA", 0), tb = (int)attr_int(n, "transB", 0);
	float alpha = attr_float(n, "alpha", 1.0f), beta = attr_float(n, "beta", 1.0f);
	size_t M, K, N, K2;
	int64_t dims[2];
	float *y;

	if (need_dtype(a, DT_FLOAT, "A", err) < 0 ||
	    need_dtype(b, DT_FLOAT, "B", err) < 0)
		return -1;
	if (a->rank != 2 || b->rank != 2)
		return ck_error_set(err, 0, "A and B must be matrices (ranks %d "
				    "and %d)", a->rank, b->rank);
	M = (size_t)(ta ? a->dims[1] : a->dims[0]);
	K = (size_t)(ta ? a->dims[0] : a->dims[1]);
	K2 = (size_t)(tb ? b->dims[1] : b->dims[0]);
	N = (size_t)(tb ? b->dims[0] : b->dims[1]);
	if (K != K2)
		return ck_error_set(err, 0, "inner dimensions differ (%zu and "
				    "%zu)", K, K2);
	dims[0] = (int64_t)M;
	dims[1] = (int64_t)N;
	if (c) {
		int r;
		int64_t bd[INFER_MAX_RANK];

		if (need_dtype(c, DT_FLOAT, "C", err) < 0)
			return -1;
		if (broadcast_shape(2, dims, c->rank, c->dims, &r, bd, err) < 0 ||
		    r != 2 || bd[0] != dims[0] || bd[1] != dims[1])
			return ck_error_set(err, 0, "C does not broadcast to "
					    "[%zu,%zu]", M, N);
	}
	if (tensor_alloc_uninit(&out[0], DT_FLOAT, 2, dims, err) < 0)
		return -1;
	y = F32(&out[0]);
	if (M == 0 || N == 0)
		return 0;
	if (n->state && ((const struct gemm_packed *)n->state)->K == K &&
	    ((const struct gemm_packed *)n->state)->N == N) {
		gemm_f32_packed(M, CF32(a), ta ? 1 : K, ta ? M : 1, n->state,
				y, N, NULL);
	} else if (!tb) {
		mm_ikj(M, N, K, CF32(a), ta ? 1 : K, ta ? M : 1, CF32(b), N, y);
	} else if (M < 4) {
		const float *A = CF32(a), *B = CF32(b);
		for (size_t i = 0; i < M; i++)
			for (size_t j = 0; j < N; j++) {
				float acc = 0.0f;
				for (size_t k = 0; k < K; k++)
					acc += A[ta ? k * M + i : i * K + k] *
					       B[j * K + k];
				y[i * N + j] = acc;
			}
	} else {
		float *bt = malloc(K * N * sizeof *bt + 1);
		const float *B = CF32(b);

		if (!bt) {
			tensor_release(&out[0]);
			return ck_error_set(err, ENOMEM, "out of memory");
		}
		for (size_t j = 0; j < N; j++)
			for (size_t k = 0; k < K; k++)
				bt[k * N + j] = B[j * K + k];
		mm_ikj(M, N, K, CF32(a), ta ? 1 : K, ta ? M : 1, bt, N, y);
		free(bt);
	}
	if (alpha != 1.0f)
		for (size_t i = 0; i < M * N; i++)
			y[i] *= alpha;
	if (c && beta != 0.0f) {
		int64_t s[2];
		broadcast_strides(c, 2, dims, s);
		for (size_t i = 0; i < M; i++)
			for (size_t j = 0; j < N; j++)
				y[i * N + j] += beta *
					CF32(c)[(int64_t)i * s[0] + (int64_t)j * s[1]];
	}
	if (n->epi) {	/* no per-channel step after a Gemm (fuse.c) */
		float *scratch = NULL;

		if (n->epi->needs_save &&
		    !(scratch = malloc(M * N * sizeof *scratch + 1))) {
			tensor_release(&out[0]);
			return ck_error_set(err, ENOMEM, "out of memory");
		}
		infer_epi_apply(n->epi, y, M * N, 0, scratch);
		free(scratch);
	}
	return 0;
}

/* A constant B (an initializer) is packed once for gemm_f32_packed. */
static int
prepare_packed(struct node *n, const struct model *m, int trans)
{
	const struct tensor *b;
	struct gemm_packed *pk;
	size_t K, N;

	if (n->nin < 2 || n->in[1] < 0 || !m->is_init[n->in[1]])
		return 0;
	b = &m->inits[n->in[1]];
	if (b->dtype != DT_FLOAT || b->rank != 2 || b->n == 0)
		return 0;
	K = (size_t)b->dims[trans ? 1 : 0];
	N = (size_t)b->dims[trans ? 0 : 1];
	pk = malloc(sizeof *pk);
	if (!pk || gemm_pack_b(pk, K, N, CF32(b), trans ? 1 : N,
			       trans ? K : 1) < 0) {
		free(pk);
		return 0;	/* runs unpacked */
	}
	n->state = pk;
	return 0;
}

static int
prepare_gemm(struct node *n, const struct model *m, struct ck_error *err)
{
	(void)err;
	return prepare_packed(n, m, (int)attr_int(n, "transB", 0));
}

static int
prepare_matmul(struct node *n, const struct model *m, struct ck_error *err)
{
	(void)err;
	return prepare_packed(n, m, 0);
}

static void
release_packed(struct node *n)
{
	if (n->state)
		gemm_packed_release(n->state);
	free(n->state);
	n->state = NULL;
}

static int
op_matmul(const struct node *n, const struct tensor *const *in,
	  struct tensor *out, struct ck_error *err)
{
	const struct tensor *a = in[0], *b = in[1];
	int64_t ad[INFER_MAX_RANK], bd[INFER_MAX_RANK], od[INFER_MAX_RANK];
	int64_t bo[INFER_MAX_RANK];
	int ar = a->rank, br = b->rank, r, orank;
	size_t M, K, N, batch = 1;
	struct tensor av = { 0 }, bv = { 0 };
	int64_t sa[INFER_MAX_RANK], sb[INFER_MAX_RANK], idx[INFER_MAX_RANK] = { 0 };

	if (need_dtype(a, DT_FLOAT, "A", err) < 0 ||
	    need_dtype(b, DT_FLOAT, "B", err) < 0)
		return -1;
	if (ar < 1 || br < 1)
		return ck_error_set(err, 0, "MatMul of a scalar");
	memcpy(ad, a->dims, sizeof ad);
	memcpy(bd, b->dims, sizeof bd);
	if (ar == 1) {		/* [K] -> [1,K] */
		ad[1] = ad[0];
		ad[0] = 1;
		ar = 2;
	}
	if (br == 1) {		/* [K] -> [K,1] */
		bd[1] = 1;
		br = 2;
	}
	M = (size_t)ad[ar - 2];
	K = (size_t)ad[ar - 1];
	N = (size_t)bd[br - 1];
	if ((size_t)bd[br - 2] != K)
		return ck_error_set(err, 0, "inner dimensions differ (%zu and "
				    "%lld)", K, (long long)bd[br - 2]);
	/* batch dims */
	av.rank = ar - 2;
	memcpy(av.dims, ad, sizeof(int64_t) * (size_t)av.rank);
	bv.rank = br - 2;
	memcpy(bv.dims, bd, sizeof(int64_t) * (size_t)bv.rank);
	if (broadcast_shape(av.rank, av.dims, bv.rank, bv.dims, &r, bo,
			    err) < 0)
		return -1;
	broadcast_strides(&av, r, bo, sa);
	broadcast_strides(&bv, r, bo, sb);
	for (int i = 0; i < r; i++)
		batch *= (size_t)bo[i];
	orank = 0;
	for (int i = 0; i < r; i++)
		od[orank++] = bo[i];
	if (a->rank >= 2)
		od[orank++] = (int64_t)M;
	if (b->rank >= 2)
		od[orank++] = (int64_t)N;
	if (tensor_alloc_uninit(&out[0], DT_FLOAT, orank, od, err) < 0)
		return -1;
	if (out[0].n == 0)
		return 0;
	for (size_t bi = 0; bi < batch; bi++) {
		int64_t oa = 0, ob = 0;
		for (int d = 0; d < r; d++) {
			oa += idx[d] * sa[d];
			ob += idx[d] * sb[d];
		}
		if (n->state && b->rank == 2 &&
		    ((const struct gemm_packed *)n->state)->K == K &&
		    ((const struct gemm_packed *)n->state)->N == N)
			gemm_f32_packed(M, CF32(a) + (size_t)oa * M * K, K, 1,
					n->state, F32(&out[0]) + bi * M * N, N,
					NULL);
		else
			mm_ikj(M, N, K, CF32(a) + (size_t)oa * M * K, K, 1,
			       CF32(b) + (size_t)ob * K * N, N,
			       F32(&out[0]) + bi * M * N);
		for (int d = r - 1; d >= 0; d--) {
			if (++idx[d] < bo[d])
				break;
			idx[d] = 0;
		}
	}
	return 0;
}

const struct op_def ops_matmul[] = {
	{ "", "Gemm", 2, 3, 1, 1, op_gemm, prepare_gemm, release_packed },
	{ "", "MatMul", 2, 2, 1, 1, op_matmul, prepare_matmul, release_packed },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};
