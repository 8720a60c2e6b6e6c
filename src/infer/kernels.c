/* kernels.c -- the epilogue of a fused Conv or Gemm and MaxPool's 2x2,
 * stride 2 window (kernels.h).  Every loop computes independent lanes
 * with the expression of the op it stands in for (-ffp-contract=off, no
 * reassociation), so vector and scalar versions give the same bits. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "infer/kernels.h"
#include "infer/model.h"
#include "infer/ops.h"

INFER_CLONES_EXTERN void
infer_epi_apply(const struct infer_epi *e, float *restrict y, size_t len,
		size_t ch, float *restrict s)
{
	const float *bn = e->bn;

	for (size_t k = 0; k < e->nsteps; k++) {
		const struct epi_step *st = &e->step[k];
		const float a = st->a, b = st->b;

		switch (st->kind) {
		case EPI_BN: {
			/* as op_batchnorm: (x - mean) * scale + bias */
			const float mu = bn[ch], sc = bn[e->channels + ch];
			const float bi = bn[2 * e->channels + ch];
			for (size_t i = 0; i < len; i++)
				y[i] = (y[i] - mu) * sc + bi;
			bn += 3 * e->channels;
			break;
		}
		case EPI_RELU:
			for (size_t i = 0; i < len; i++)
				y[i] = y[i] < 0 ? 0.0f : y[i];
			break;
		case EPI_CLIP:
			for (size_t i = 0; i < len; i++) {
				float v = y[i];
				y[i] = v < a ? a : v > b ? b : v;
			}
			break;
		case EPI_HSIG:
			for (size_t i = 0; i < len; i++)
				y[i] = fmaxf(0.0f, fminf(1.0f, a * y[i] + b));
			break;
		case EPI_ADDC:
			if (st->swap)
				for (size_t i = 0; i < len; i++) y[i] = a + y[i];
			else
				for (size_t i = 0; i < len; i++) y[i] = y[i] + a;
			break;
		case EPI_SUBC:
			if (st->swap)
				for (size_t i = 0; i < len; i++) y[i] = a - y[i];
			else
				for (size_t i = 0; i < len; i++) y[i] = y[i] - a;
			break;
		case EPI_MULC:
			if (st->swap)
				for (size_t i = 0; i < len; i++) y[i] = a * y[i];
			else
				for (size_t i = 0; i < len; i++) y[i] = y[i] * a;
			break;
		case EPI_DIVC:
			if (st->swap)
				for (size_t i = 0; i < len; i++) y[i] = a / y[i];
			else
				for (size_t i = 0; i < len; i++) y[i] = y[i] / a;
			break;
		case EPI_SAVE:
			memcpy(s, y, len * sizeof *y);
			break;
		case EPI_ADDS:
			if (st->swap)
				for (size_t i = 0; i < len; i++) y[i] = y[i] + s[i];
			else
				for (size_t i = 0; i < len; i++) y[i] = s[i] + y[i];
			break;
		case EPI_MULS:
			if (st->swap)
				for (size_t i = 0; i < len; i++) y[i] = y[i] * s[i];
			else
				for (size_t i = 0; i < len; i++) y[i] = s[i] * y[i];
			break;
		}
	}
}

void
infer_epi_free(struct infer_epi *e)
{
	if (!e)
		return;
	free(e->bn);
	free(e->pool);
	free(e);
}

/* ---- MaxPool 2x2, stride 2 ---- */

static inline float
max_step(float acc, float v)
{
	return v > acc || v != v ? v : acc;
}

/* One output of the window at r0 (row 2*o1) and r1 (row 2*o1 + 1),
 * columns c and c + 1: -inf stepped through (0,0), (0,1), (1,0), (1,1).
 * The first step always gives the first value's bits (v > -inf, or NaN,
 * or v is -inf itself), so the sum starts there. */
static inline float
max4(const float *r0, const float *r1, size_t c)
{
	float acc = r0[c];

	acc = max_step(acc, r0[c + 1]);
	acc = max_step(acc, r1[c]);
	return max_step(acc, r1[c + 1]);
}

#if defined(__GNUC__) && (__GNUC__ >= 12 || defined(__clang__))
#define POOL_VECTORS 1
typedef float pv8sf __attribute__((vector_size(32)));
typedef int pv8si __attribute__((vector_size(32)));
typedef float pv4sf __attribute__((vector_size(16)));
typedef int pv4si __attribute__((vector_size(16)));

/* max_step lane by lane: v where v > acc or v is NaN, else acc. */
#define VSTEP(VT, IT, acc, v) \
	((VT)((((IT)((v) > (acc)) | (IT)((v) != (v))) & (IT)(v)) | \
	      (~((IT)((v) > (acc)) | (IT)((v) != (v))) & (IT)(acc))))

/* 8 outputs from columns c .. c + 15 of rows r0 and r1. */
static inline __attribute__((always_inline)) void
max8(const float *r0, const float *r1, size_t c, float *out)
{
	pv8sf a0, a1, b0, b1, e0, o0, e1, o1, acc;

	memcpy(&a0, r0 + c, sizeof a0);
	memcpy(&a1, r0 + c + 8, sizeof a1);
	memcpy(&b0, r1 + c, sizeof b0);
	memcpy(&b1, r1 + c + 8, sizeof b1);
	e0 = __builtin_shufflevector(a0, a1, 0, 2, 4, 6, 8, 10, 12, 14);
	o0 = __builtin_shufflevector(a0, a1, 1, 3, 5, 7, 9, 11, 13, 15);
	e1 = __builtin_shufflevector(b0, b1, 0, 2, 4, 6, 8, 10, 12, 14);
	o1 = __builtin_shufflevector(b0, b1, 1, 3, 5, 7, 9, 11, 13, 15);
	acc = e0;
	acc = VSTEP(pv8sf, pv8si, acc, o0);
	acc = VSTEP(pv8sf, pv8si, acc, e1);
	acc = VSTEP(pv8sf, pv8si, acc, o1);
	memcpy(out, &acc, sizeof acc);
}

static inline __attribute__((always_inline)) void
max4v(const float *r0, const float *r1, size_t c, float *out)
{
	pv4sf a0, a1, b0, b1, e0, o0, e1, o1, acc;

	memcpy(&a0, r0 + c, sizeof a0);
	memcpy(&a1, r0 + c + 4, sizeof a1);
	memcpy(&b0, r1 + c, sizeof b0);
	memcpy(&b1, r1 + c + 4, sizeof b1);
	e0 = __builtin_shufflevector(a0, a1, 0, 2, 4, 6);
	o0 = __builtin_shufflevector(a0, a1, 1, 3, 5, 7);
	e1 = __builtin_shufflevector(b0, b1, 0, 2, 4, 6);
	o1 = __builtin_shufflevector(b0, b1, 1, 3, 5, 7);
	acc = e0;
	acc = VSTEP(pv4sf, pv4si, acc, o0);
	acc = VSTEP(pv4sf, pv4si, acc, e1);
	acc = VSTEP(pv4sf, pv4si, acc, o1);
	memcpy(out, &acc, sizeof acc);
}
#endif

INFER_CLONES_EXTERN void
infer_maxpool_2x2(const float *x, float *y, size_t planes, size_t ih,
		  size_t iw, size_t oh, size_t ow)
{
	for (size_t p = 0; p < planes; p++) {
		const float *xs = x + p * ih * iw;

		for (size_t o1 = 0; o1 < oh; o1++, y += ow) {
			const float *r0 = xs + 2 * o1 * iw, *r1 = r0 + iw;
			size_t o2 = 0;

#ifdef POOL_VECTORS
			/* vectors of outputs; the last one overlaps the one
			 * before it rather than leave a scalar tail (the
			 * outputs it writes twice get the same bits) */
			if (ow >= 8) {
				for (;; o2 += 8) {
					if (o2 + 8 > ow)
						o2 = ow - 8;
					max8(r0, r1, 2 * o2, y + o2);
					if (o2 + 8 == ow)
						break;
				}
				continue;
			}
			if (ow >= 4) {
				max4v(r0, r1, 0, y);
				max4v(r0, r1, 2 * (ow - 4), y + ow - 4);
				continue;
			}
#endif
			for (; o2 < ow; o2++)
				y[o2] = max4(r0, r1, 2 * o2);
		}
	}
}

/* ---- depthwise convolution, one output row ---- */

#ifdef POOL_VECTORS
typedef float dv16sf __attribute__((vector_size(64)));

/* NV vectors of 16 outputs from column j: accumulators in registers
 * across the taps. */
#define DW_BLOCK(NV) \
	do { \
		dv16sf acc[NV]; \
		for (int v = 0; v < NV; v++) \
			acc[v] = (dv16sf){ 0 }; \
		for (size_t t = 0; t < nt; t++) { \
			const float *xt = base + toff[t] + j; \
			const float kv = k[t]; \
			for (int v = 0; v < NV; v++) { \
				dv16sf xv; \
				memcpy(&xv, xt + 16 * v, sizeof xv); \
				acc[v] += kv * xv; \
			} \
		} \
		if (bias) \
			for (int v = 0; v < NV; v++) \
				acc[v] += *bias; \
		memcpy(yr + j, acc, sizeof acc); \
	} while (0)
#endif

INFER_CLONES_EXTERN void
infer_dw_row(float *restrict yr, size_t ow, const float *base,
	     const size_t *toff, const float *k, size_t nt, const float *bias)
{
	size_t j = 0;

#ifdef POOL_VECTORS
	for (; j + 64 <= ow; j += 64)
		DW_BLOCK(4);
	for (; j + 16 <= ow; j += 16)
		DW_BLOCK(1);
	if (j < ow && ow >= 16) {
		/* the last 16 again, overlapping: the same bits */
		j = ow - 16;
		DW_BLOCK(1);
		return;
	}
#endif
	for (; j < ow; j++) {
		float acc = 0.0f;

		for (size_t t = 0; t < nt; t++)
			acc += k[t] * base[toff[t] + j];
		if (bias)
			acc += *bias;
		yr[j] = acc;
	}
}
