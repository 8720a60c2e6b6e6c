/* conv.c -- Conv, MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool,
 * BatchNormalization and InstanceNormalization over NC[D][H]W tensors with
 * up to three spatial dimensions.
 *
 * Conv is im2col followed by the fixed-order product of gemm.c (a 1x1
 * convolution without stride or padding reads the input directly), or,
 * for a depthwise convolution, a direct loop over a zero-padded copy of
 * each plane.  Either way each output is 0 plus the products over
 * (channel, kernel offsets) in ascending order, padding included as
 * zeros, then the bias: the same bits on every path. */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "infer/gemm.h"
#include "infer/kernels.h"
#include "infer/ops.h"

/* Geometry of a sliding window over 3 spatial dims (unused ones are 1). */
struct win {
	int ns;			/* spatial rank as given (1..3) */
	int64_t in[3], k[3], s[3], dil[3], pb[3], pe[3], out[3];
};

static int
window(const struct node *n, const struct tensor *x, const int64_t *kshape,
       int is_pool, struct win *w, struct ck_error *err)
{
	const int64_t *v;
	size_t c;
	const char *ap = attr_str(n, "auto_pad", "NOTSET");
	int ceil_mode = is_pool ? (int)attr_int(n, "ceil_mode", 0) : 0;
	int ns = x->rank - 2;

	if (ns < 1 || ns > 3)
		return ck_error_set(err, 0, "input of rank %d: 1 to 3 spatial "
				    "dimensions supported", x->rank);
	memset(w, 0, sizeof *w);
	w->ns = ns;
	for (int i = 0; i < 3; i++) {
		int j = i - (3 - ns);	/* spatial index in the input */
		w->in[i] = j >= 0 ? x->dims[2 + j] : 1;
		w->k[i] = j >= 0 ? kshape[j] : 1;
		w->s[i] = w->dil[i] = 1;
	}
	if ((c = attr_ints(n, "strides", &v))) {
		if ((int)c != ns) return ck_error_set(err, 0, "strides of the wrong length");
		for (int i = 0; i < ns; i++) w->s[3 - ns + i] = v[i];
	}
	if ((c = attr_ints(n, "dilations", &v))) {
		if ((int)c != ns) return ck_error_set(err, 0, "dilations of the wrong length");
		for (int i = 0; i < ns; i++) w->dil[3 - ns + i] = v[i];
	}
	if ((c = attr_ints(n, "pads", &v))) {
		if ((int)c != 2 * ns) return ck_error_set(err, 0, "pads of the wrong length");
		for (int i = 0; i < ns; i++) {
			w->pb[3 - ns + i] = v[i];
			w->pe[3 - ns + i] = v[i + ns];
		}
	}
	for (int i = 0; i < 3; i++) {
		int64_t ek;

		if (w->k[i] < 1 || w->s[i] < 1 || w->dil[i] < 1 ||
		    w->pb[i] < 0 || w->pe[i] < 0 || w->k[i] > 65536 ||
		    w->s[i] > 65536 || w->dil[i] > 65536 ||
		    w->pb[i] > 65536 || w->pe[i] > 65536)
			return ck_error_set(err, 0, "kernel, strides, dilations "
					    "or pads out of range");
		ek = (w->k[i] - 1) * w->dil[i] + 1;
		if (i == 2 && w->k[0] * w->k[1] * w->k[2] > 65536)
			return ck_error_set(err, 0, "kernel of more than 65536 "
					    "elements");
		if (!strcmp(ap, "SAME_UPPER") || !strcmp(ap, "SAME_LOWER")) {
			int64_t o = (w->in[i] + w->s[i] - 1) / w->s[i];
			int64_t tot = (o - 1) * w->s[i] + ek - w->in[i];
			if (tot < 0) tot = 0;
			w->pb[i] = !strcmp(ap, "SAME_UPPER") ? tot / 2 : tot - tot / 2;
			w->pe[i] = tot - w->pb[i];
			w->out[i] = o;
			continue;
		} else if (!strcmp(ap, "VALID")) {
			w->pb[i] = w->pe[i] = 0;
		} else if (strcmp(ap, "NOTSET")) {
			return ck_error_set(err, 0, "auto_pad '%s' not supported", ap);
		}
		int64_t span = w->in[i] + w->pb[i] + w->pe[i] - ek;
		if (span < 0)
			return ck_error_set(err, 0, "kernel larger than the padded "
					    "input");
		if (ceil_mode) {
			w->out[i] = (span + w->s[i] - 1) / w->s[i] + 1;
			if ((w->out[i] - 1) * w->s[i] >= w->in[i] + w->pb[i])
				w->out[i]--;
		} else {
			w->out[i] = span / w->s[i] + 1;
		}
	}
	return 0;
}

/* Depthwise convolution (one input channel per group and one output
 * channel per group, at most two spatial dimensions): for each plane, a
 * zero-padded copy split into s2 column phases (so a strided row is read
 * contiguously), then per output row the kernel offsets in ascending
 * order, each added across the row -- per output the order of im2col. */
INFER_CLONES
static int
conv_depthwise(const struct win *w, const float *x, const float *wt,
	       const float *b, float *y, size_t planes, size_t C,
	       const struct infer_epi *e, float *scratch, struct ck_error *err)
{
	size_t hp = (size_t)(w->in[1] + w->pb[1] + w->pe[1]);
	size_t wp = (size_t)(w->in[2] + w->pb[2] + w->pe[2]);
	size_t oh = (size_t)w->out[1], ow = (size_t)w->out[2];
	size_t kh = (size_t)w->k[1], kw = (size_t)w->k[2];
	size_t s1 = (size_t)w->s[1], s2 = (size_t)w->s[2];
	size_t d1 = (size_t)w->dil[1], d2 = (size_t)w->dil[2];
	size_t ih = (size_t)w->in[1], iw = (size_t)w->in[2];
	size_t wq = (wp + s2 - 1) / s2, phase = hp * wq;
	float *pad = calloc(phase * s2 + 1, sizeof *pad);
	size_t *toff = malloc(kh * kw * sizeof *toff + 1);

	if (!pad || !toff) {
		free(pad);
		free(toff);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	/* tap (a, c) of output row o1 reads column o2*s2 + c*d2 of padded
	 * row o1*s1 + a*d1: phase (c*d2) % s2 at (c*d2) / s2 + o2 */
	for (size_t a = 0; a < kh; a++)
		for (size_t c = 0; c < kw; c++)
			toff[a * kw + c] = a * d1 * wq + (c * d2 % s2) * phase +
				c * d2 / s2;
	for (size_t pl = 0; pl < planes; pl++) {
		const float *xs = x + pl * ih * iw;
		const float *k = wt + (pl % C) * kh * kw;
		float *yo = y + pl * oh * ow;

		/* padded column pc goes to phase pc % s2 at pc / s2; the
		 * borders stay zero from calloc: only the inside changes */
		for (size_t r = 0; r < ih; r++) {
			float *prow = pad + (r + (size_t)w->pb[1]) * wq;
			if (s2 == 1) {
				memcpy(prow + (size_t)w->pb[2], xs + r * iw,
				       iw * sizeof *pad);
				continue;
			}
			for (size_t c = 0; c < iw; c++) {
				size_t pc = c + (size_t)w->pb[2];
				prow[(pc % s2) * phase + pc / s2] = xs[r * iw + c];
			}
		}
		for (size_t o1 = 0; o1 < oh; o1++)
			infer_dw_row(yo + o1 * ow, ow, pad + o1 * s1 * wq, toff,
				     k, kh * kw, b ? b + pl % C : NULL);
		if (e)
			infer_epi_apply(e, yo, oh * ow, pl % C, scratch);
	}
	free(pad);
	free(toff);
	return 0;
}

/* dst[0..n) = src[0..n): the rows of a small plane are short, and a call
 * to memcpy per row costs more than the copy; 8 floats at a time, the
 * last 8 overlapping the ones before (dst and src do not overlap). */
static inline __attribute__((always_inline)) void
copy_row(float *restrict dst, const float *restrict src, size_t n)
{
	size_t i = 0;

	if (n < 8) {
		for (; i < n; i++)
			dst[i] = src[i];
		return;
	}
	for (; i + 8 <= n; i += 8)
		memcpy(dst + i, src + i, 8 * sizeof *dst);
	if (i < n)
		memcpy(dst + n - 8, src + n - 8, 8 * sizeof *dst);
}

/* im2col for at most two spatial dimensions: rows (channel, kh, kw) in
 * ascending order, each the input seen through that kernel offset, read
 * from a zero-padded copy of the plane (pad, whose borders stay zero) so
 * that a row is a run of copies. */
INFER_CLONES static void
im2col_2d(const struct win *w, const float *xs, size_t Cg, float *pad,
	  float *col)
{
	size_t wp = (size_t)(w->in[2] + w->pb[2] + w->pe[2]);
	size_t oh = (size_t)w->out[1], ow = (size_t)w->out[2];
	size_t ih = (size_t)w->in[1], iw = (size_t)w->in[2];
	size_t s1 = (size_t)w->s[1], s2 = (size_t)w->s[2];
	size_t d1 = (size_t)w->dil[1], d2 = (size_t)w->dil[2];
	float *row = col;

	/* rows of a small plane are short: plain loops, not a call to
	 * memcpy per row */
	for (size_t c = 0; c < Cg; c++) {
		for (size_t r = 0; r < ih; r++) {
			float *restrict dst = pad + (r + (size_t)w->pb[1]) * wp +
				(size_t)w->pb[2];
			copy_row(dst, xs + (c * ih + r) * iw, iw);
		}
		for (size_t a = 0; a < (size_t)w->k[1]; a++)
			for (size_t b = 0; b < (size_t)w->k[2]; b++) {
				for (size_t o1 = 0; o1 < oh; o1++) {
					const float *restrict src = pad +
						(o1 * s1 + a * d1) * wp + b * d2;
					float *restrict dst = row + o1 * ow;

					if (s2 == 1)
						copy_row(dst, src, ow);
					else
						for (size_t o2 = 0; o2 < ow; o2++)
							dst[o2] = src[o2 * s2];
				}
				row += oh * ow;
			}
	}
}

static int pool_window(const struct node *n, const struct tensor *x,
		       struct win *w, int64_t *od, struct ck_error *err);
static int pool_compute(const struct win *wp, int is_max, int cip,
			const float *xd, size_t planes, float *y,
			struct ck_error *err);

/* im2col of one image's group (Cg channels at xs) for any geometry:
 * kernel offsets outside the input read as zeros. */
static void
im2col_general(const struct win *wp, const float *xs, size_t Cg, size_t P,
	       float *col)
{
	const struct win w = *wp;
	size_t ipl = (size_t)(w.in[0] * w.in[1] * w.in[2]), row = 0;

	for (size_t c = 0; c < Cg; c++)
	for (int64_t kd = 0; kd < w.k[0]; kd++)
	for (int64_t kh = 0; kh < w.k[1]; kh++)
	for (int64_t kw = 0; kw < w.k[2]; kw++, row++) {
		float *cr = col + row * P;
		size_t p = 0;
		for (int64_t o0 = 0; o0 < w.out[0]; o0++) {
		int64_t i0 = o0 * w.s[0] - w.pb[0] + kd * w.dil[0];
		for (int64_t o1 = 0; o1 < w.out[1]; o1++) {
		int64_t i1 = o1 * w.s[1] - w.pb[1] + kh * w.dil[1];
		int ok01 = i0 >= 0 && i0 < w.in[0] && i1 >= 0 && i1 < w.in[1];
		const float *xr = xs + c * ipl +
			(size_t)((ok01 ? i0 : 0) * w.in[1] + (ok01 ? i1 : 0)) * (size_t)w.in[2];
		/* valid o2: 0 <= o2*s - pb + kw*dil < in */
		int64_t off2 = kw * w.dil[2] - w.pb[2];
		int64_t lo = 0, hi = w.out[2];
		while (lo < hi && lo * w.s[2] + off2 < 0) lo++;
		while (hi > lo && (hi - 1) * w.s[2] + off2 >= w.in[2]) hi--;
		if (!ok01) {
			lo = hi = 0;
		}
		for (int64_t o2 = 0; o2 < lo; o2++)
			cr[p + (size_t)o2] = 0.0f;
		if (w.s[2] == 1) {
			for (int64_t o2 = lo; o2 < hi; o2++)
				cr[p + (size_t)o2] = xr[o2 + off2];
		} else {
			for (int64_t o2 = lo; o2 < hi; o2++)
				cr[p + (size_t)o2] = xr[o2 * w.s[2] + off2];
		}
		for (int64_t o2 = hi > lo ? hi : lo; o2 < w.out[2]; o2++)
			cr[p + (size_t)o2] = 0.0f;
		p += (size_t)w.out[2];
		}
		}
	}
}

/* With a pooling node folded in (fuse.c), each image's convolution goes
 * to a buffer of one image (yt) and is pooled from there into the
 * output, while it is in the caches. */
static int
op_conv(const struct node *n, const struct tensor *const *in,
	struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0], *wt = in[1];
	const struct tensor *b = n->nin > 2 ? in[2] : NULL;
	int64_t group = attr_int(n, "group", 1), od[5], pod[5];
	struct win w, pw;
	size_t N, C, M, Cg, Mg, P, Kc, PP = 0;
	float *col = NULL, *pad = NULL, *scratch = NULL, *yt = NULL;
	const struct infer_epi *e = n->epi;
	const struct node *pool = e ? e->pool : NULL;
	int pool_max = pool && !strcmp(pool->op->name, "MaxPool");
	int pool_cip = pool ? (int)attr_int(pool, "count_include_pad", 0) : 0;

	if (need_dtype(x, DT_FLOAT, "X", err) < 0 ||
	    need_dtype(wt, DT_FLOAT, "W", err) < 0)
		return -1;
	if (wt->rank != x->rank)
		return ck_error_set(err, 0, "W and X differ in rank");
	if (window(n, x, wt->dims + 2, 0, &w, err) < 0)
		return -1;
	{
		const int64_t *ks;
		size_t nk = attr_ints(n, "kernel_shape", &ks);
		for (size_t i = 0; i < nk && (int)i < w.ns; i++)
			if (ks[i] != wt->dims[2 + i])
				return ck_error_set(err, 0, "kernel_shape differs "
						    "from W");
	}
	N = (size_t)x->dims[0];
	C = (size_t)x->dims[1];
	M = (size_t)wt->dims[0];
	if (group < 1 || C % (size_t)group || M % (size_t)group ||
	    (size_t)wt->dims[1] * (size_t)group != C)
		return ck_error_set(err, 0, "channels do not match the groups");
	if (b && (need_dtype(b, DT_FLOAT, "B", err) < 0 || b->n != M))
		return ck_error_set(err, 0, "bias of the wrong size");
	if (e && e->channels && e->channels != M)
		return ck_error_set(err, 0, "folded BatchNormalization of %zu "
				    "channels after %zu", e->channels, M);
	Cg = C / (size_t)group;
	Mg = M / (size_t)group;
	od[0] = (int64_t)N;
	od[1] = (int64_t)M;
	for (int i = 0; i < w.ns; i++)
		od[2 + i] = w.out[3 - w.ns + i];
	P = (size_t)(w.out[0] * w.out[1] * w.out[2]);
	Kc = Cg * (size_t)(w.k[0] * w.k[1] * w.k[2]);
	if (Kc * P > INFER_MAX_ELEMS)
		return ck_error_set(err, 0, "convolution too large");
	if (pool) {
		/* the pool's window over one image's convolution */
		struct tensor one = { .dtype = DT_FLOAT, .rank = x->rank };

		memcpy(one.dims, od, sizeof od);
		one.dims[0] = 1;
		if (pool_window(pool, &one, &pw, pod, err) < 0)
			return -1;
		pod[0] = (int64_t)N;
		PP = (size_t)(pw.out[0] * pw.out[1] * pw.out[2]);
	}
	if (tensor_alloc_uninit(&out[0], DT_FLOAT, x->rank, pool ? pod : od,
				err) < 0)
		return -1;
	if ((e && e->needs_save && !(scratch = malloc(P * sizeof *scratch + 1))) ||
	    (pool && !(yt = malloc(M * P * sizeof *yt + 1))))
		goto oom;
	if (Cg == 1 && Mg == 1 && w.ns <= 2) {
		/* depthwise: the batch at once, or image by image */
		size_t ipl = (size_t)(w.in[1] * w.in[2]);
		for (size_t bn = 0; bn < (pool ? N : 1); bn++) {
			if (conv_depthwise(&w, CF32(x) + (pool ? bn * C * ipl : 0),
					   CF32(wt), b ? CF32(b) : NULL,
					   pool ? yt : F32(&out[0]),
					   pool ? C : N * C, C, e, scratch,
					   err) < 0)
				goto fail;
			if (pool && pool_compute(&pw, pool_max, pool_cip, yt, M,
						 F32(&out[0]) + bn * M * PP,
						 err) < 0)
				goto fail;
		}
		goto done;
	}
	int direct = Kc == Cg && w.s[0] == 1 && w.s[1] == 1 && w.s[2] == 1 &&
		!w.pb[0] && !w.pb[1] && !w.pb[2] && !w.pe[0] && !w.pe[1] && !w.pe[2];
	if (!direct) {
		col = malloc(Kc * P * sizeof *col + 1);
		if (w.ns <= 2)	/* zero borders, written once */
			pad = calloc((size_t)((w.in[1] + w.pb[1] + w.pe[1]) *
					      (w.in[2] + w.pb[2] + w.pe[2])) + 1,
				     sizeof *pad);
		if (!col || (w.ns <= 2 && !pad))
			goto oom;
	}
	size_t ipl = (size_t)(w.in[0] * w.in[1] * w.in[2]);
	for (size_t bn = 0; bn < N; bn++) {
		float *yi = pool ? yt : F32(&out[0]) + bn * M * P;

		for (size_t g = 0; g < (size_t)group; g++) {
			const float *xs = CF32(x) + (bn * C + g * Cg) * ipl;
			const float *B = xs;
			float *y = yi + g * Mg * P;

			if (!direct && pad) {
				im2col_2d(&w, xs, Cg, pad, col);
				B = col;
			} else if (!direct) {
				im2col_general(&w, xs, Cg, P, col);
				B = col;
			}
			gemm_f32(Mg, P, Kc, CF32(wt) + g * Mg * Kc, Kc, 1, B, P,
				 y, P, b ? CF32(b) + g * Mg : NULL);
			if (e)	/* while the block is in the caches */
				for (size_t mi = 0; mi < Mg; mi++)
					infer_epi_apply(e, y + mi * P, P,
							g * Mg + mi, scratch);
		}
		if (pool && pool_compute(&pw, pool_max, pool_cip, yt, M,
					 F32(&out[0]) + bn * M * PP, err) < 0)
			goto fail;
	}
done:
	free(col);
	free(pad);
	free(scratch);
	free(yt);
	return 0;
oom:
	ck_error_set(err, ENOMEM, "out of memory");
fail:
	free(col);
	free(pad);
	free(scratch);
	free(yt);
	tensor_release(&out[0]);
	return -1;
}

/* The window of pooling node n over x and the output's dims od. */
static int
pool_window(const struct node *n, const struct tensor *x, struct win *w,
	    int64_t *od, struct ck_error *err)
{
	const int64_t *ks;
	size_t nk = attr_ints(n, "kernel_shape", &ks);

	if (need_dtype(x, DT_FLOAT, "X", err) < 0)
		return -1;
	if ((int)nk != x->rank - 2)
		return ck_error_set(err, 0, "kernel_shape of the wrong length");
	if (attr_int(n, "storage_order", 0))
		return ck_error_set(err, 0, "storage_order 1 not supported");
	if (window(n, x, ks, 1, w, err) < 0)
		return -1;
	od[0] = x->dims[0];
	od[1] = x->dims[1];
	for (int i = 0; i < w->ns; i++)
		od[2 + i] = w->out[3 - w->ns + i];
	return 0;
}

/* Pools the planes of x (w->in each) into y (w->out each). */
static int
pool_compute(const struct win *wp, int is_max, int cip, const float *xd,
	     size_t planes, float *y, struct ck_error *err)
{
	const struct win w = *wp;

	/* 2x2 windows, stride 2, all inside the input: kernels.c */
	if (is_max && w.ns == 2 && w.k[1] == 2 && w.k[2] == 2 &&
	    w.s[1] == 2 && w.s[2] == 2 && w.dil[1] == 1 && w.dil[2] == 1 &&
	    !w.pb[1] && !w.pb[2] && 2 * w.out[1] <= w.in[1] &&
	    2 * w.out[2] <= w.in[2]) {
		infer_maxpool_2x2(xd, y, planes, (size_t)w.in[1],
				  (size_t)w.in[2], (size_t)w.out[1],
				  (size_t)w.out[2]);
		return 0;
	}
	/* Per spatial dimension and output position: the kernel offsets
	 * inside the input and the padded extent's count, computed once. */
	size_t tot = (size_t)(w.out[0] + w.out[1] + w.out[2]);
	int64_t *rng = malloc(3 * tot * sizeof *rng + 1);
	int64_t *klo[3], *khi[3], *pc[3];
	if (!rng)
		return ck_error_set(err, ENOMEM, "out of memory");
	for (int i = 0, at = 0; i < 3; at += (int)w.out[i], i++) {
		klo[i] = rng + at;
		khi[i] = rng + tot + at;
		pc[i] = rng + 2 * tot + at;
		for (int64_t o = 0; o < w.out[i]; o++) {
			int64_t base = o * w.s[i] - w.pb[i], lo = 0, hi = w.k[i];
			int64_t end = base + (w.k[i] - 1) * w.dil[i] + 1, c = 0;

			while (lo < hi && base + lo * w.dil[i] < 0)
				lo++;
			while (hi > lo && base + (hi - 1) * w.dil[i] >= w.in[i])
				hi--;
			klo[i][o] = lo;
			khi[i][o] = hi;
			/* window clipped to the padded extent */
			if (end > w.in[i] + w.pe[i])
				end = w.in[i] + w.pe[i];
			for (int64_t t = base; t < end; t += w.dil[i])
				c++;
			pc[i][o] = c;
		}
	}
	size_t ipl = (size_t)(w.in[0] * w.in[1] * w.in[2]);
	/* Outputs whose window along the last dimension lies wholly inside
	 * the input: [ia, ib), run a row at a time (vectorised) below. */
	int64_t ia = 0, ib = w.out[2];
	while (ia < ib && (klo[2][ia] || khi[2][ia] != w.k[2]))
		ia++;
	while (ib > ia && (klo[2][ib - 1] || khi[2][ib - 1] != w.k[2]))
		ib--;
	for (size_t pl = 0; pl < planes; pl++) {
		const float *xs = xd + pl * ipl;
		for (int64_t o0 = 0; o0 < w.out[0]; o0++)
		for (int64_t o1 = 0; o1 < w.out[1]; o1++) {
			float *restrict yr = y;

			/* the interior: each output visits (k0, k1, k2) in the
			 * same ascending order as the loop after it */
			for (int64_t o2 = ia; o2 < ib; o2++)
				yr[o2] = is_max ? -INFINITY : 0.0f;
			for (int64_t k0 = klo[0][o0]; k0 < khi[0][o0] && ia < ib; k0++) {
				int64_t i0 = o0 * w.s[0] - w.pb[0] + k0 * w.dil[0];
				for (int64_t k1 = klo[1][o1]; k1 < khi[1][o1]; k1++) {
					int64_t i1 = o1 * w.s[1] - w.pb[1] + k1 * w.dil[1];
					const float *row = xs + (i0 * w.in[1] + i1) * w.in[2] - w.pb[2];
					for (int64_t k2 = 0; k2 < w.k[2]; k2++) {
						const float *restrict v = row + k2 * w.dil[2];
						int64_t s2 = w.s[2];
						if (is_max)
							for (int64_t o2 = ia; o2 < ib; o2++) {
								float a = v[o2 * s2];
								yr[o2] = a > yr[o2] || a != a ? a : yr[o2];
							}
						else
							for (int64_t o2 = ia; o2 < ib; o2++)
								yr[o2] += v[o2 * s2];
					}
				}
			}
			if (!is_max && ia < ib) {
				int64_t c01 = (khi[0][o0] - klo[0][o0]) * (khi[1][o1] - klo[1][o1]);
				for (int64_t o2 = ia; o2 < ib; o2++)
					yr[o2] = cip ? yr[o2] / (float)(pc[0][o0] * pc[1][o1] * pc[2][o2]) :
						c01 ? yr[o2] / (float)(c01 * w.k[2]) : 0.0f;
			}
		for (int64_t o2 = 0; o2 < w.out[2]; o2++) {
			float acc = is_max ? -INFINITY : 0.0f;
			int64_t cnt = 0;
			int64_t b2 = o2 * w.s[2] - w.pb[2];
			int64_t lo2 = klo[2][o2], hi2 = khi[2][o2];

			if (o2 == ia && ia < ib) {
				o2 = ib - 1;
				continue;
			}
			for (int64_t k0 = klo[0][o0]; k0 < khi[0][o0]; k0++) {
				int64_t i0 = o0 * w.s[0] - w.pb[0] + k0 * w.dil[0];
				for (int64_t k1 = klo[1][o1]; k1 < khi[1][o1]; k1++) {
					int64_t i1 = o1 * w.s[1] - w.pb[1] + k1 * w.dil[1];
					const float *row = xs + (i0 * w.in[1] + i1) * w.in[2] + b2;
					for (int64_t k2 = lo2; k2 < hi2; k2++) {
						float v = row[k2 * w.dil[2]];
						if (is_max) {
							if (v > acc || v != v) acc = v;
						} else {
							acc += v;
						}
					}
					cnt += hi2 - lo2;
				}
			}
			if (!is_max)
				acc = cip ? acc / (float)(pc[0][o0] * pc[1][o1] * pc[2][o2]) :
					cnt ? acc / (float)cnt : 0.0f;
			yr[o2] = acc;
		}
			y += w.out[2];
		}
	}
	free(rng);
	return 0;
}

static int
run_pool(const struct node *n, const struct tensor *const *in,
	 struct tensor *out, struct ck_error *err, int is_max)
{
	const struct tensor *x = in[0];
	struct win w;
	int64_t od[5];

	if (pool_window(n, x, &w, od, err) < 0 ||
	    tensor_alloc_uninit(&out[0], DT_FLOAT, x->rank, od, err) < 0)
		return -1;
	if (pool_compute(&w, is_max, (int)attr_int(n, "count_include_pad", 0),
			 CF32(x), (size_t)(x->dims[0] * x->dims[1]),
			 F32(&out[0]), err) < 0) {
		tensor_release(&out[0]);
		return -1;
	}
	return 0;
}

static int
op_maxpool(const struct node *n, const struct tensor *const *in,
	   struct tensor *out, struct ck_error *err)
{
	return run_pool(n, in, out, err, 1);
}

static int
op_avgpool(const struct node *n, const struct tensor *const *in,
	   struct tensor *out, struct ck_error *err)
{
	return run_pool(n, in, out, err, 0);
}

INFER_CLONES static int
run_global(const struct tensor *x, struct tensor *out, struct ck_error *err,
	   int is_max)
{
	int64_t od[INFER_MAX_RANK];
	size_t planes, len = 1;

	if (need_dtype(x, DT_FLOAT, "X", err) < 0)
		return -1;
	if (x->rank < 3)
		return ck_error_set(err, 0, "input of rank %d", x->rank);
	od[0] = x->dims[0];
	od[1] = x->dims[1];
	for (int i = 2; i < x->rank; i++) {
		od[i] = 1;
		len *= (size_t)x->dims[i];
	}
	if (tensor_alloc_uninit(&out[0], DT_FLOAT, x->rank, od, err) < 0)
		return -1;
	planes = (size_t)(x->dims[0] * x->dims[1]);
	/* eight planes side by side: eight sums in flight instead of one
	 * chain of dependent adds, each still in its own order */
	size_t p = 0;
	for (; !is_max && p + 8 <= planes; p += 8) {
		const float *a = CF32(x) + p * len;
		float acc[8] = { 0 };

		for (size_t i = 0; i < len; i++)
#pragma GCC unroll 8
			for (size_t q = 0; q < 8; q++)
				acc[q] += a[q * len + i];
		for (size_t q = 0; q < 8; q++)
			F32(&out[0])[p + q] = acc[q] / (float)len;
	}
	for (; p < planes; p++) {
		const float *a = CF32(x) + p * len;
		float acc = is_max ? -INFINITY : 0.0f;
		for (size_t i = 0; i < len; i++)
			if (is_max) {
				if (a[i] > acc || a[i] != a[i]) acc = a[i];
			} else {
				acc += a[i];
			}
		F32(&out[0])[p] = is_max ? acc : acc / (float)len;
	}
	return 0;
}

static int
op_gavg(const struct node *n, const struct tensor *const *in,
	struct tensor *out, struct ck_error *err)
{
	(void)n;
	return run_global(in[0], out, err, 0);
}

static int
op_gmax(const struct node *n, const struct tensor *const *in,
	struct tensor *out, struct ck_error *err)
{
	(void)n;
	return run_global(in[0], out, err, 1);
}

INFER_CLONES static int
op_batchnorm(const struct node *n, const struct tensor *const *in,
	     struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0];
	float eps = attr_float(n, "epsilon", 1e-5f);
	size_t C, inner = 1, N;

	if (attr_int(n, "training_mode", 0))
		return ck_error_set(err, 0, "training mode is not supported");
	if (n->opset < 9 && !attr_int(n, "spatial", 1))
		return ck_error_set(err, 0, "spatial=0 is not supported");
	for (int i = 0; i < 5; i++)
		if (need_dtype(in[i], DT_FLOAT, "input", err) < 0)
			return -1;
	if (x->rank < 2)
		return ck_error_set(err, 0, "input of rank %d", x->rank);
	N = (size_t)x->dims[0];
	C = (size_t)x->dims[1];
	for (int i = 1; i < 5; i++)
		if (in[i]->n != C)
			return ck_error_set(err, 0, "parameter %d has %zu values "
					    "for %zu channels", i, in[i]->n, C);
	for (int i = 2; i < x->rank; i++)
		inner *= (size_t)x->dims[i];
	if (tensor_alloc_uninit(&out[0], DT_FLOAT, x->rank, x->dims, err) < 0)
		return -1;
	for (size_t c = 0; c < C; c++) {
		float sc = CF32(in[1])[c] / sqrtf(CF32(in[4])[c] + eps);
		float bi = CF32(in[2])[c], mu = CF32(in[3])[c];
		for (size_t b = 0; b < N; b++) {
			const float *a = CF32(x) + (b * C + c) * inner;
			float *y = F32(&out[0]) + (b * C + c) * inner;
			for (size_t i = 0; i < inner; i++)
				y[i] = (a[i] - mu) * sc + bi;
		}
	}
	return 0;
}

static int
op_instnorm(const struct node *n, const struct tensor *const *in,
	    struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0];
	float eps = attr_float(n, "epsilon", 1e-5f);
	size_t C, inner = 1, N;

	for (int i = 0; i < 3; i++)
		if (need_dtype(in[i], DT_FLOAT, "input", err) < 0)
			return -1;
	if (x->rank < 3)
		return ck_error_set(err, 0, "input of rank %d", x->rank);
	N = (size_t)x->dims[0];
	C = (size_t)x->dims[1];
	if (in[1]->n != C || in[2]->n != C)
		return ck_error_set(err, 0, "scale or bias of the wrong size");
	for (int i = 2; i < x->rank; i++)
		inner *= (size_t)x->dims[i];
	if (tensor_alloc_uninit(&out[0], DT_FLOAT, x->rank, x->dims, err) < 0)
		return -1;
	for (size_t b = 0; b < N; b++)
		for (size_t c = 0; c < C; c++) {
			const float *a = CF32(x) + (b * C + c) * inner;
			float *y = F32(&out[0]) + (b * C + c) * inner;
			double mu = 0, var = 0;
			for (size_t i = 0; i < inner; i++)
				mu += a[i];
			mu /= (double)inner;
			for (size_t i = 0; i < inner; i++)
				var += (a[i] - mu) * (a[i] - mu);
			var /= (double)inner;
			float sc = CF32(in[1])[c] / (float)sqrt(var + eps);
			for (size_t i = 0; i < inner; i++)
				y[i] = (float)(a[i] - mu) * sc + CF32(in[2])[c];
		}
	return 0;
}

const struct op_def ops_conv[] = {
	{ "", "Conv", 2, 3, 1, 1, op_conv, NULL, NULL },
	{ "", "MaxPool", 1, 1, 1, 1, op_maxpool, NULL, NULL },
	{ "", "AveragePool", 1, 1, 1, 1, op_avgpool, NULL, NULL },
	{ "", "GlobalAveragePool", 1, 1, 1, 1, op_gavg, NULL, NULL },
	{ "", "GlobalMaxPool", 1, 1, 1, 1, op_gmax, NULL, NULL },
	{ "", "BatchNormalization", 5, 5, 1, 1, op_batchnorm, NULL, NULL },
	{ "", "InstanceNormalization", 3, 3, 1, 1, op_instnorm, NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};
