/* test_infer_kernels.c -- infer's vector kernels against plain scalar
 * references, bit for bit: the matrix product on every instruction set the
 * CPU has and with B packed (odd shapes, tails, strided A, bias), Conv's
 * paths (im2col with gemm, 1x1 direct, depthwise) against a naive
 * convolution that sums (channel, kh, kw) in ascending order with padding
 * as zeros, and the global poolings against a loop per plane. */
#include <config.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "infer/gemm.h"
#include "infer/onnx.pb-c.h"
#include "infer/ops.h"

static uint32_t
lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

/* Values with many significant bits, so that a different order or a
 * fused multiply-add would show in the last bits. */
static float
rnd(uint32_t *s)
{
	return (float)((int32_t)(lcg(s) % 2000001u) - 1000000) / 77777.0f;
}

static void
test_gemm_paths_match_scalar(void **state)
{
	static const size_t Ms[] = { 1, 2, 5, 6, 7, 8, 9, 13, 17 };
	static const size_t Ns[] = { 1, 3, 4, 7, 8, 10, 15, 16, 17, 31, 32, 33,
				     49, 100, 196 };
	static const size_t Ks[] = { 0, 1, 2, 9, 37, 72 };
	uint32_t seed = 11;
	enum gemm_isa best = gemm_best_isa();

	(void)state;
	for (size_t a = 0; a < sizeof Ms / sizeof *Ms; a++)
	for (size_t b = 0; b < sizeof Ns / sizeof *Ns; b++)
	for (size_t c = 0; c < sizeof Ks / sizeof *Ks; c++)
	for (int tr = 0; tr < 2; tr++) {
		size_t M = Ms[a], N = Ns[b], K = Ks[c], ldb = N + 3, ldc = N + 1;
		float *A = malloc((M * K + 1) * sizeof *A);
		float *B = malloc((K * ldb + 1) * sizeof *B);
		float *bias = malloc(M * sizeof *bias);
		float *ref = malloc(M * ldc * sizeof *ref);
		float *got = malloc(M * ldc * sizeof *got);

		assert_non_null(A);
		assert_non_null(B);
		assert_non_null(bias);
		assert_non_null(ref);
		assert_non_null(got);
		for (size_t i = 0; i < M * K; i++)
			A[i] = rnd(&seed);
		for (size_t i = 0; i < K * ldb; i++)
			B[i] = rnd(&seed);
		for (size_t i = 0; i < M; i++)
			bias[i] = rnd(&seed);
		/* tr: A stored transposed (Gemm's transA), bias added */
		size_t lda = tr ? 1 : K, sak = tr ? M : 1;
		const float *bi = tr ? bias : NULL;
		memset(ref, 0, M * ldc * sizeof *ref);
		gemm_f32_isa(GEMM_SCALAR, M, N, K, A, lda, sak, B, ldb, ref,
			     ldc, bi);
		for (int isa = GEMM_SSE2; isa <= (int)best; isa++) {
			memset(got, 0, M * ldc * sizeof *got);
			gemm_f32_isa((enum gemm_isa)isa, M, N, K, A, lda, sak, B,
				     ldb, got, ldc, bi);
			for (size_t i = 0; i < M; i++) {
				assert_memory_equal(got + i * ldc, ref + i * ldc,
						    N * sizeof *got);
				/* nothing written past the N columns */
				assert_true(got[i * ldc + N] == 0.0f);
			}
		}
		/* B packed once (a weight), as Gemm and MatMul do */
		struct gemm_packed pk;
		assert_int_equal(gemm_pack_b(&pk, K, N, B, ldb, 1), 0);
		memset(got, 0, M * ldc * sizeof *got);
		gemm_f32_packed(M, A, lda, sak, &pk, got, ldc, bi);
		for (size_t i = 0; i < M; i++) {
			assert_memory_equal(got + i * ldc, ref + i * ldc,
					    N * sizeof *got);
			assert_true(got[i * ldc + N] == 0.0f);
		}
		gemm_packed_release(&pk);
		free(A);
		free(B);
		free(bias);
		free(ref);
		free(got);
	}
}

/* ---- Conv against a naive reference ---- */

struct conv_case {
	int64_t n, c, h, w, m, kh, kw, group;
	int64_t strides[2], pads[4], dil[2];
	int bias;
};

static void
ref_conv(const struct conv_case *cc, const float *x, const float *w,
	 const float *b, float *y, int64_t oh, int64_t ow)
{
	int64_t cg = cc->c / cc->group, mg = cc->m / cc->group;

	for (int64_t n = 0; n < cc->n; n++)
	for (int64_t m = 0; m < cc->m; m++)
	for (int64_t p = 0; p < oh; p++)
	for (int64_t q = 0; q < ow; q++) {
		int64_t g = m / mg;
		float acc = 0.0f;

		for (int64_t c = 0; c < cg; c++)
		for (int64_t a = 0; a < cc->kh; a++)
		for (int64_t e = 0; e < cc->kw; e++) {
			int64_t i = p * cc->strides[0] - cc->pads[0] + a * cc->dil[0];
			int64_t j = q * cc->strides[1] - cc->pads[1] + e * cc->dil[1];
			float v = 0.0f;

			if (i >= 0 && i < cc->h && j >= 0 && j < cc->w)
				v = x[((n * cc->c + g * cg + c) * cc->h + i) *
				      cc->w + j];
			acc += w[((m * cg + c) * cc->kh + a) * cc->kw + e] * v;
		}
		if (b)
			acc += b[m];
		y[((n * cc->m + m) * oh + p) * ow + q] = acc;
	}
}

static Onnx__AttributeProto *
ints_attr(Onnx__AttributeProto *a, const char *name, int64_t *v, size_t n)
{
	onnx__attribute_proto__init(a);
	a->name = (char *)name;
	a->type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS;
	a->ints = v;
	a->n_ints = n;
	return a;
}

static void
run_conv_case(const struct conv_case *cc, uint32_t *seed)
{
	Onnx__NodeProto np;
	Onnx__AttributeProto at[4], *atp[4];
	int64_t grp[1] = { cc->group };
	struct node nd = { 0 };
	struct tensor x = { 0 }, w = { 0 }, b = { 0 }, y = { 0 };
	const struct tensor *in[3] = { &x, &w, cc->bias ? &b : NULL };
	struct ck_error err;
	int64_t xd[4] = { cc->n, cc->c, cc->h, cc->w };
	int64_t wd[4] = { cc->m, cc->c / cc->group, cc->kh, cc->kw };
	int64_t bd[1] = { cc->m };
	int64_t oh, ow;

	onnx__node_proto__init(&np);
	np.op_type = "Conv";
	atp[0] = ints_attr(&at[0], "strides", (int64_t *)cc->strides, 2);
	atp[1] = ints_attr(&at[1], "pads", (int64_t *)cc->pads, 4);
	atp[2] = ints_attr(&at[2], "dilations", (int64_t *)cc->dil, 2);
	onnx__attribute_proto__init(&at[3]);
	at[3].name = "group";
	at[3].type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT;
	at[3].has_i = 1;
	at[3].i = grp[0];
	atp[3] = &at[3];
	np.attribute = atp;
	np.n_attribute = 4;
	nd.p = &np;
	nd.op = op_find("", "Conv");
	nd.opset = 13;
	nd.nin = cc->bias ? 3 : 2;
	nd.nout = 1;
	assert_non_null(nd.op);
	assert_int_equal(tensor_alloc(&x, DT_FLOAT, 4, xd, &err), 0);
	assert_int_equal(tensor_alloc(&w, DT_FLOAT, 4, wd, &err), 0);
	assert_int_equal(tensor_alloc(&b, DT_FLOAT, 1, bd, &err), 0);
	for (size_t i = 0; i < x.n; i++)
		F32(&x)[i] = rnd(seed);
	for (size_t i = 0; i < w.n; i++)
		F32(&w)[i] = rnd(seed);
	for (size_t i = 0; i < b.n; i++)
		F32(&b)[i] = rnd(seed);
	assert_int_equal(nd.op->run(&nd, in, &y, &err), 0);
	oh = (cc->h + cc->pads[0] + cc->pads[2] - (cc->kh - 1) * cc->dil[0] - 1) /
		cc->strides[0] + 1;
	ow = (cc->w + cc->pads[1] + cc->pads[3] - (cc->kw - 1) * cc->dil[1] - 1) /
		cc->strides[1] + 1;
	assert_int_equal(y.rank, 4);
	assert_int_equal(y.dims[2], oh);
	assert_int_equal(y.dims[3], ow);
	float *ref = calloc(y.n + 1, sizeof *ref);
	assert_non_null(ref);
	ref_conv(cc, CF32(&x), CF32(&w), cc->bias ? CF32(&b) : NULL, ref, oh, ow);
	assert_memory_equal(F32(&y), ref, y.n * sizeof *ref);
	free(ref);
	tensor_release(&x);
	tensor_release(&w);
	tensor_release(&b);
	tensor_release(&y);
}

static void
test_conv_paths_match_reference(void **state)
{
	static const struct conv_case cases[] = {
		/* im2col + gemm: asymmetric pads, stride, odd sizes */
		{ 2, 3, 9, 11, 5, 3, 3, 1, { 2, 1 }, { 1, 0, 1, 2 }, { 1, 1 }, 1 },
		/* the same with dilation and no bias */
		{ 1, 2, 10, 13, 7, 3, 2, 1, { 1, 2 }, { 2, 1, 0, 1 }, { 2, 1 }, 0 },
		/* 1x1 without stride or padding: the input read directly */
		{ 3, 6, 5, 7, 9, 1, 1, 1, { 1, 1 }, { 0, 0, 0, 0 }, { 1, 1 }, 1 },
		/* grouped (two input and three output channels per group) */
		{ 2, 4, 7, 6, 6, 3, 3, 2, { 1, 1 }, { 1, 1, 1, 1 }, { 1, 1 }, 1 },
		/* depthwise 3x3 stride 2, 5x5 stride 1, dilated */
		{ 2, 5, 9, 11, 5, 3, 3, 5, { 2, 2 }, { 1, 1, 1, 1 }, { 1, 1 }, 1 },
		{ 1, 4, 12, 17, 4, 5, 5, 4, { 1, 1 }, { 2, 2, 2, 2 }, { 1, 1 }, 0 },
		{ 1, 3, 11, 9, 3, 3, 3, 3, { 1, 2 }, { 0, 2, 1, 0 }, { 2, 1 }, 1 },
		/* stride 1: im2col at the padded width (the CNN's two
		 * convolutions, dilated with asymmetric pads) */
		{ 2, 1, 28, 28, 8, 3, 3, 1, { 1, 1 }, { 1, 1, 1, 1 }, { 1, 1 }, 1 },
		{ 2, 8, 14, 14, 16, 3, 3, 1, { 1, 1 }, { 1, 1, 1, 1 }, { 1, 1 }, 1 },
		{ 1, 3, 12, 30, 4, 3, 3, 1, { 1, 1 }, { 2, 1, 2, 3 }, { 2, 2 }, 0 },
		/* depthwise rows of 4 and 1 vectors and an overlapping
		 * tail: 150 and 96 columns, PaddleOCR's 5x5 stride (2, 1) */
		{ 2, 3, 5, 150, 3, 5, 5, 3, { 1, 1 }, { 2, 2, 2, 2 }, { 1, 1 }, 1 },
		{ 1, 4, 6, 96, 4, 5, 5, 4, { 2, 1 }, { 2, 2, 2, 2 }, { 1, 1 }, 0 },
		{ 1, 2, 7, 41, 2, 3, 3, 2, { 1, 1 }, { 1, 1, 1, 1 }, { 1, 1 }, 1 },
	};
	uint32_t seed = 5;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		run_conv_case(&cases[i], &seed);
}

/* GlobalAveragePool and GlobalMaxPool against a plain loop per plane
 * (the average sums eight planes side by side). */
static void
test_global_pool(void **state)
{
	static const int64_t shapes[][4] = {
		{ 2, 9, 3, 7 }, { 1, 8, 1, 1 }, { 3, 5, 4, 4 }, { 1, 17, 2, 96 },
	};
	uint32_t seed = 13;

	(void)state;
	for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++)
	for (int is_max = 0; is_max < 2; is_max++) {
		Onnx__NodeProto np;
		struct node nd = { 0 };
		struct tensor x = { 0 }, y = { 0 };
		const struct tensor *in[1] = { &x };
		struct ck_error err;
		size_t planes = (size_t)(shapes[s][0] * shapes[s][1]);
		size_t len = (size_t)(shapes[s][2] * shapes[s][3]);

		onnx__node_proto__init(&np);
		np.op_type = is_max ? "GlobalMaxPool" : "GlobalAveragePool";
		nd.p = &np;
		nd.op = op_find("", np.op_type);
		nd.opset = 13;
		nd.nin = nd.nout = 1;
		assert_non_null(nd.op);
		assert_int_equal(tensor_alloc(&x, DT_FLOAT, 4, shapes[s], &err), 0);
		for (size_t i = 0; i < x.n; i++)
			F32(&x)[i] = rnd(&seed);
		assert_int_equal(nd.op->run(&nd, in, &y, &err), 0);
		assert_int_equal(y.n, planes);
		for (size_t p = 0; p < planes; p++) {
			const float *a = CF32(&x) + p * len;
			float acc = is_max ? -INFINITY : 0.0f;
			for (size_t i = 0; i < len; i++)
				if (is_max) {
					if (a[i] > acc || a[i] != a[i]) acc = a[i];
				} else {
					acc += a[i];
				}
			if (!is_max)
				acc /= (float)len;
			assert_memory_equal(&F32(&y)[p], &acc, sizeof acc);
		}
		tensor_release(&x);
		tensor_release(&y);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gemm_paths_match_scalar),
		cmocka_unit_test(test_conv_paths_match_reference),
		cmocka_unit_test(test_global_pool),
	};

	return cmocka_run_group_tests_name("infer kernels", tests, NULL, NULL);
}
