/* conv.c -- Conv, MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool,
 * BatchNormalization and InstanceNormalization over NC[D][H]W tensors with
 * up to three spatial dimensions.
 *
 * Conv is im2col followed by the fixed-order product of matmul.c: each
 * output is the sum over (channel, kernel offsets) in ascending order. */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "infer/ops.h"

void mm_ikj(size_t M, size_t N, size_t K, const float *A, size_t lda,
	    size_t sak, const float *B, size_t ldb, float *C);

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

static int
op_conv(const struct node *n, const struct tensor *const *in,
	struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0], *wt = in[1];
	const struct tensor *b = n->nin > 2 ? in[2] : NULL;
	int64_t group = attr_int(n, "group", 1), od[5];
	struct win w;
	size_t N, C, M, Cg, Mg, P, Kc;
	float *col = NULL;

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
	Cg = C / (size_t)group;
	Mg = M / (size_t)group;
	od[0] = (int64_t)N;
	od[1] = (int64_t)M;
	for (int i = 0; i < w.ns; i++)
		od[2 + i] = w.out[3 - w.ns + i];
	if (tensor_alloc(&out[0], DT_FLOAT, x->rank, od, err) < 0)
		return -1;
	P = (size_t)(w.out[0] * w.out[1] * w.out[2]);
	Kc = Cg * (size_t)(w.k[0] * w.k[1] * w.k[2]);
	if (Kc * P > INFER_MAX_ELEMS) {
		tensor_release(&out[0]);
		return ck_error_set(err, 0, "convolution too large");
	}
	int direct = Kc == Cg && w.s[0] == 1 && w.s[1] == 1 && w.s[2] == 1 &&
		!w.pb[0] && !w.pb[1] && !w.pb[2] && !w.pe[0] && !w.pe[1] && !w.pe[2];
	if (!direct) {
		col = malloc(Kc * P * sizeof *col + 1);
		if (!col) {
			tensor_release(&out[0]);
			return ck_error_set(err, ENOMEM, "out of memory");
		}
	}
	size_t ipl = (size_t)(w.in[0] * w.in[1] * w.in[2]);
	for (size_t bn = 0; bn < N; bn++)
		for (size_t g = 0; g < (size_t)group; g++) {
			const float *xs = CF32(x) + (bn * C + g * Cg) * ipl;
			const float *B = xs;
			if (!direct) {
				size_t row = 0;
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
				B = col;
			}
			float *y = F32(&out[0]) + (bn * M + g * Mg) * P;
			mm_ikj(Mg, P, Kc, CF32(wt) + g * Mg * Kc, Kc, 1, B, P, y);
			if (b)
				for (size_t m = 0; m < Mg; m++) {
					float bv = CF32(b)[g * Mg + m];
					for (size_t p = 0; p < P; p++)
						y[m * P + p] += bv;
				}
		}
	free(col);
	return 0;
}

static int
run_pool(const struct node *n, const struct tensor *const *in,
	 struct tensor *out, struct ck_error *err, int is_max)
{
	const struct tensor *x = in[0];
	const int64_t *ks;
	size_t nk = attr_ints(n, "kernel_shape", &ks);
	int cip = (int)attr_int(n, "count_include_pad", 0);
	struct win w;
	int64_t od[5];

	if (need_dtype(x, DT_FLOAT, "X", err) < 0)
		return -1;
	if ((int)nk != x->rank - 2)
		return ck_error_set(err, 0, "kernel_shape of the wrong length");
	if (attr_int(n, "storage_order", 0))
		return ck_error_set(err, 0, "storage_order 1 not supported");
	if (window(n, x, ks, 1, &w, err) < 0)
		return -1;
	od[0] = x->dims[0];
	od[1] = x->dims[1];
	for (int i = 0; i < w.ns; i++)
		od[2 + i] = w.out[3 - w.ns + i];
	if (tensor_alloc(&out[0], DT_FLOAT, x->rank, od, err) < 0)
		return -1;
	size_t planes = (size_t)(x->dims[0] * x->dims[1]);
	size_t ipl = (size_t)(w.in[0] * w.in[1] * w.in[2]);
	float *y = F32(&out[0]);
	for (size_t pl = 0; pl < planes; pl++) {
		const float *xs = CF32(x) + pl * ipl;
		for (int64_t o0 = 0; o0 < w.out[0]; o0++)
		for (int64_t o1 = 0; o1 < w.out[1]; o1++)
		for (int64_t o2 = 0; o2 < w.out[2]; o2++) {
			float acc = is_max ? -INFINITY : 0.0f;
			int64_t cnt = 0, padcnt = 1;
			int64_t o[3] = { o0, o1, o2 };
			for (int i = 0; i < 3 && !is_max && cip; i++) {
				/* window clipped to the padded extent */
				int64_t lo = o[i] * w.s[i] - w.pb[i];
				int64_t hi = lo + (w.k[i] - 1) * w.dil[i] + 1;
				if (hi > w.in[i] + w.pe[i])
					hi = w.in[i] + w.pe[i];
				int64_t c = 0;
				for (int64_t t = lo; t < hi; t += w.dil[i])
					c++;
				padcnt *= c;
			}
			int64_t klo[3], khi[3];
			for (int i = 0; i < 3; i++) {
				int64_t base = o[i] * w.s[i] - w.pb[i];
				klo[i] = 0;
				khi[i] = w.k[i];
				while (klo[i] < khi[i] && base + klo[i] * w.dil[i] < 0)
					klo[i]++;
				while (khi[i] > klo[i] &&
				       base + (khi[i] - 1) * w.dil[i] >= w.in[i])
					khi[i]--;
			}
			for (int64_t k0 = klo[0]; k0 < khi[0]; k0++) {
				int64_t i0 = o0 * w.s[0] - w.pb[0] + k0 * w.dil[0];
				for (int64_t k1 = klo[1]; k1 < khi[1]; k1++) {
					int64_t i1 = o1 * w.s[1] - w.pb[1] + k1 * w.dil[1];
					const float *row = xs + (i0 * w.in[1] + i1) * w.in[2] +
						o2 * w.s[2] - w.pb[2];
					for (int64_t k2 = klo[2]; k2 < khi[2]; k2++) {
						float v = row[k2 * w.dil[2]];
						if (is_max) {
							if (v > acc || v != v) acc = v;
						} else {
							acc += v;
						}
					}
					cnt += khi[2] - klo[2];
				}
			}
			if (!is_max)
				acc = cip ? acc / (float)padcnt :
					cnt ? acc / (float)cnt : 0.0f;
			*y++ = acc;
		}
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

static int
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
	if (tensor_alloc(&out[0], DT_FLOAT, x->rank, od, err) < 0)
		return -1;
	planes = (size_t)(x->dims[0] * x->dims[1]);
	for (size_t p = 0; p < planes; p++) {
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

static int
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
	if (tensor_alloc(&out[0], DT_FLOAT, x->rank, x->dims, err) < 0)
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
	if (tensor_alloc(&out[0], DT_FLOAT, x->rank, x->dims, err) < 0)
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
