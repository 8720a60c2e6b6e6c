/* kernels.h -- compute kernels that stand in for a run of separate ops
 * with the same bits: the epilogue a producing Conv or Gemm applies to its
 * outputs in place of the elementwise nodes that followed it (fuse.c finds
 * them at load time), and MaxPool's 2x2, stride 2 window.
 *
 * An epilogue is a short list of steps, each the exact expression of the
 * op it replaces (elementwise.c, conv.c), applied to each output value in
 * the op's order: so the fused output is the bits the separate nodes gave. */
#ifndef INFER_KERNELS_H
#define INFER_KERNELS_H

#include <stddef.h>

struct model;
struct node;
struct ck_error;

enum epi_kind {
	EPI_BN,		/* v = (v - mu[c]) * sc[c] + bi[c] (BatchNormalization) */
	EPI_RELU,	/* v = v < 0 ? 0 : v */
	EPI_CLIP,	/* v = v < a ? a : v > b ? b : v */
	EPI_HSIG,	/* v = fmaxf(0, fminf(1, a * v + b)) */
	EPI_ADDC,	/* v = v + a, or a + v when swap */
	EPI_SUBC,	/* v = v - a, or a - v */
	EPI_MULC,	/* v = v * a, or a * v */
	EPI_DIVC,	/* v = v / a, or a / v */
	EPI_SAVE,	/* s = v (the value a later EPI_*S step reads) */
	EPI_ADDS,	/* v = s + v, or v + s when swap */
	EPI_MULS	/* v = s * v, or v * s */
};

#define INFER_EPI_MAX 12

struct epi_step {
	enum epi_kind kind;
	float a, b;
	int swap;		/* the constant (or s) is the second operand */
};

struct infer_epi {
	size_t nsteps;
	struct epi_step step[INFER_EPI_MAX];
	size_t channels;	/* per-channel arrays of EPI_BN, 0 if none */
	float *bn;		/* per EPI_BN step: mu, sc, bi (3 x channels) */
	int needs_save;		/* a scratch plane for EPI_SAVE */
	/* a MaxPool or AveragePool reading the result, folded into a Conv
	 * (its attributes; in and out unused), or NULL */
	struct node *pool;
};

/* Applies e to the len values y of channel ch (the index into the EPI_BN
 * arrays); scratch holds len floats when e->needs_save. */
void infer_epi_apply(const struct infer_epi *e, float *y, size_t len,
		     size_t ch, float *scratch);
void infer_epi_free(struct infer_epi *e);

/* Folds the elementwise nodes that only refine a Conv's (or Gemm's)
 * output -- BatchNormalization with constant parameters, Relu, Clip,
 * HardSigmoid, Add/Sub/Mul/Div by a constant scalar, and x * f(x) or
 * x + f(x) of those (HardSwish as Add, Clip, Mul, Div) -- into the
 * producer's epilogue (node.epi), and a MaxPool or AveragePool after a
 * Conv's steps (pooled image by image as the Conv computes them), and drops them and the Constant nodes
 * nothing reads any more from m->nodes.  A value that is a graph output
 * or that other nodes read is never folded away.  0, or -1 with err (out
 * of memory: the nodes are all still there, for model_release). */
int model_fuse(struct model *m, struct ck_error *err);
/* 1 (the default): model_fuse folds; 0: it does nothing (for the tests
 * that compare the two). */
extern int infer_fuse_enabled;

/* MaxPool with a 2x2 window, stride 2, no padding or dilation, over
 * planes of ih x iw (oh <= ih / 2, ow <= iw / 2): each output is
 * -inf stepped through its window in row-major order by
 *     acc = v > acc || v != v ? v : acc
 * as conv.c's general loop does (the same bits, NaN and -0 included). */
void infer_maxpool_2x2(const float *x, float *y, size_t planes, size_t ih,
		       size_t iw, size_t oh, size_t ow);

/* One output row of a depthwise convolution: yr[j] for j < ow is 0 plus
 * k[t] * base[toff[t] + j] for the taps t < nt in ascending order, then
 * *bias when bias is not NULL -- the order of conv.c's loop over taps. */
void infer_dw_row(float *yr, size_t ow, const float *base, const size_t *toff,
		  const float *k, size_t nt, const float *bias);

#endif
