/* reduce.c -- Softmax, LogSoftmax, Hardmax, ArgMax, ArgMin and the Reduce*
 * family.  Reductions visit their elements in ascending index order. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "infer/ops.h"

/* Splits x around axis into outer x len x inner; for opset < 13 softmax
 * semantics (coerced to 2-D) inner is folded into len. */
static int
split_axis(const struct tensor *x, int64_t axis_attr, int coerce,
	   size_t *outer, size_t *len, size_t *inner, struct ck_error *err)
{
	int axis;

	if (normalize_axis(axis_attr, x->rank, &axis, err) < 0)
		return -1;
	*outer = *len = *inner = 1;
	for (int i = 0; i < x->rank; i++) {
		if (i < axis)
			*outer *= (size_t)x->dims[i];
		else if (i == axis || coerce)
			*len *= (size_t)x->dims[i];
		else
			*inner *= (size_t)x->dims[i];
	}
	return 0;
}

enum smx { S_SOFTMAX, S_LOGSOFTMAX, S_HARDMAX };

static int
run_softmax(const struct node *n, const struct tensor *const *in,
	    struct tensor *out, struct ck_error *err, enum smx kind)
{
	const struct tensor *x = in[0];
	int coerce = n->opset < 13;
	size_t outer, len, inner;

	if (need_dtype(x, DT_FLOAT, "input", err) < 0)
		return -1;
	if (x->rank == 0)
		return ck_error_set(err, 0, "input is a scalar");
	if (split_axis(x, attr_int(n, "axis", coerce ? 1 : -1), coerce,
		       &outer, &len, &inner, err) < 0)
		return -1;
	if (tensor_alloc(&out[0], DT_FLOAT, x->rank, x->dims, err) < 0)
		return -1;
	for (size_t o = 0; o < outer; o++)
		for (size_t i = 0; i < inner; i++) {
			const float *a = CF32(x) + o * len * inner + i;
			float *y = F32(&out[0]) + o * len * inner + i;
			float mx = a[0], sum = 0.0f;
			size_t arg = 0;

			for (size_t k = 1; k < len; k++)
				if (a[k * inner] > mx) {
					mx = a[k * inner];
					arg = k;
				}
			if (kind == S_HARDMAX) {
				for (size_t k = 0; k < len; k++)
					y[k * inner] = k == arg ? 1.0f : 0.0f;
				continue;
			}
			for (size_t k = 0; k < len; k++) {
				float e = expf(a[k * inner] - mx);
				if (kind == S_SOFTMAX)
					y[k * inner] = e;
				sum += e;
			}
			if (kind == S_SOFTMAX) {
				for (size_t k = 0; k < len; k++)
					y[k * inner] /= sum;
			} else {
				float ls = logf(sum);
				for (size_t k = 0; k < len; k++)
					y[k * inner] = a[k * inner] - mx - ls;
			}
		}
	return 0;
}

static int
op_softmax(const struct node *n, const struct tensor *const *in,
	   struct tensor *out, struct ck_error *err)
{
	return run_softmax(n, in, out, err, S_SOFTMAX);
}

static int
op_logsoftmax(const struct node *n, const struct tensor *const *in,
	      struct tensor *out, struct ck_error *err)
{
	return run_softmax(n, in, out, err, S_LOGSOFTMAX);
}

static int
op_hardmax(const struct node *n, const struct tensor *const *in,
	   struct tensor *out, struct ck_error *err)
{
	return run_softmax(n, in, out, err, S_HARDMAX);
}

static int
run_arg(const struct node *n, const struct tensor *const *in,
	struct tensor *out, struct ck_error *err, int want_max)
{
	const struct tensor *x = in[0];
	int keep = (int)attr_int(n, "keepdims", 1);
	int last = (int)attr_int(n, "select_last_index", 0);
	int axis;
	size_t outer, len, inner;
	int64_t dims[INFER_MAX_RANK];
	int r = 0;

	if (x->dtype != DT_FLOAT && x->dtype != DT_INT64)
		return ck_error_set(err, 0, "%s input not supported",
				    dtype_name(x->dtype));
	if (normalize_axis(attr_int(n, "axis", 0), x->rank, &axis, err) < 0 ||
	    split_axis(x, axis, 0, &outer, &len, &inner, err) < 0)
		return -1;
	if (len == 0)
		return ck_error_set(err, 0, "reduction over an empty axis");
	for (int i = 0; i < x->rank; i++)
		if (i != axis)
			dims[r++] = x->dims[i];
		else if (keep)
			dims[r++] = 1;
	if (tensor_alloc(&out[0], DT_INT64, r, dims, err) < 0)
		return -1;
	for (size_t o = 0; o < outer; o++)
		for (size_t i = 0; i < inner; i++) {
			size_t base = o * len * inner + i, best = 0;
			double bv = tensor_get_f64(x, base);

			for (size_t k = 1; k < len; k++) {
				double v = tensor_get_f64(x, base + k * inner);
				int better = want_max ? (v > bv) : (v < bv);
				if (better || (last && v == bv)) {
					best = k;
					bv = v;
				}
			}
			I64(&out[0])[o * inner + i] = (int64_t)best;
		}
	return 0;
}

static int
op_argmax(const struct node *n, const struct tensor *const *in,
	  struct tensor *out, struct ck_error *err)
{
	return run_arg(n, in, out, err, 1);
}

static int
op_argmin(const struct node *n, const struct tensor *const *in,
	  struct tensor *out, struct ck_error *err)
{
	return run_arg(n, in, out, err, 0);
}

enum red { R_SUM, R_MEAN, R_MAX, R_MIN, R_PROD, R_L1, R_L2, R_SUMSQ,
	   R_LOGSUM, R_LOGSUMEXP };

static int
run_reduce(const struct node *n, const struct tensor *const *in,
	   struct tensor *out, struct ck_error *err, enum red kind)
{
	const struct tensor *x = in[0];
	int keep = (int)attr_int(n, "keepdims", 1);
	unsigned char red[INFER_MAX_RANK] = { 0 };
	int64_t dims[INFER_MAX_RANK], ostr[INFER_MAX_RANK], idx[INFER_MAX_RANK] = { 0 };
	int r = 0, nax = 0, axes_input = kind == R_SUM && n->opset >= 13;
	double *acc;
	size_t *cnt, on = 1;

	if (need_dtype(x, DT_FLOAT, "input", err) < 0)
		return -1;
	if (axes_input && n->nin > 1 && in[1] && in[1]->n) {
		for (size_t i = 0; i < in[1]->n; i++) {
			int a;
			if (normalize_axis(tensor_get_i64(in[1], i), x->rank, &a,
					   err) < 0)
				return -1;
			red[a] = 1;
			nax++;
		}
	} else if (!axes_input) {
		const int64_t *ax;
		size_t na = attr_ints(n, "axes", &ax);
		for (size_t i = 0; i < na; i++) {
			int a;
			if (normalize_axis(ax[i], x->rank, &a, err) < 0)
				return -1;
			red[a] = 1;
			nax++;
		}
	}
	if (nax == 0) {
		if (axes_input && attr_int(n, "noop_with_empty_axes", 0))
			return tensor_copy(&out[0], x, err);
		for (int i = 0; i < x->rank; i++)
			red[i] = 1;
	}
	for (int i = 0; i < x->rank; i++)
		if (!red[i])
			dims[r++] = x->dims[i];
		else if (keep)
			dims[r++] = 1;
	if (tensor_alloc(&out[0], DT_FLOAT, r, dims, err) < 0)
		return -1;
	on = out[0].n;
	/* stride in the output for each input dim (0 where reduced) */
	{
		int64_t s = 1;
		for (int i = x->rank - 1; i >= 0; i--) {
			ostr[i] = red[i] ? 0 : s;
			if (!red[i])
				s *= x->dims[i];
		}
	}
	acc = calloc(on + 1, sizeof *acc);
	cnt = calloc(on + 1, sizeof *cnt);
	if (!acc || !cnt) {
		free(acc);
		free(cnt);
		tensor_release(&out[0]);
		return ck_error_set(err, 12, "out of memory");
	}
	{
		int64_t oi = 0;
		for (size_t i = 0; i < x->n; i++) {
			double v = CF32(x)[i];
			switch (kind) {
			case R_MAX: if (!cnt[oi] || v > acc[oi] || v != v) acc[oi] = v; break;
			case R_MIN: if (!cnt[oi] || v < acc[oi] || v != v) acc[oi] = v; break;
			case R_PROD: acc[oi] = cnt[oi] ? acc[oi] * v : v; break;
			case R_L1: acc[oi] += fabs(v); break;
			case R_L2: case R_SUMSQ: acc[oi] += v * v; break;
			case R_LOGSUMEXP: acc[oi] += exp(v); break;
			default: acc[oi] += v; break;
			}
			cnt[oi]++;
			for (int d = x->rank - 1; d >= 0; d--) {
				oi += ostr[d];
				if (++idx[d] < x->dims[d])
					break;
				oi -= ostr[d] * x->dims[d];
				idx[d] = 0;
			}
		}
	}
	for (size_t i = 0; i < on; i++) {
		double v = acc[i];
		switch (kind) {
		case R_MEAN: v = cnt[i] ? v / (double)cnt[i] : NAN; break;
		case R_MAX: if (!cnt[i]) v = -INFINITY; break;
		case R_MIN: if (!cnt[i]) v = INFINITY; break;
		case R_PROD: if (!cnt[i]) v = 1; break;
		case R_L2: v = sqrt(v); break;
		case R_LOGSUM: case R_LOGSUMEXP: v = log(v); break;
		default: break;
		}
		F32(&out[0])[i] = (float)v;
	}
	free(acc);
	free(cnt);
	return 0;
}

#define REDUCE(fn, kind) \
	static int fn(const struct node *n, const struct tensor *const *in, \
		      struct tensor *out, struct ck_error *err) \
	{ return run_reduce(n, in, out, err, kind); }
REDUCE(op_rsum, R_SUM) REDUCE(op_rmean, R_MEAN) REDUCE(op_rmax, R_MAX)
REDUCE(op_rmin, R_MIN) REDUCE(op_rprod, R_PROD) REDUCE(op_rl1, R_L1)
REDUCE(op_rl2, R_L2) REDUCE(op_rsumsq, R_SUMSQ) REDUCE(op_rlogsum, R_LOGSUM)
REDUCE(op_rlogsumexp, R_LOGSUMEXP)

const struct op_def ops_reduce[] = {
	{ "", "Softmax", 1, 1, 1, 1, op_softmax, NULL, NULL },
	{ "", "LogSoftmax", 1, 1, 1, 1, op_logsoftmax, NULL, NULL },
	{ "", "Hardmax", 1, 1, 1, 1, op_hardmax, NULL, NULL },
	{ "", "ArgMax", 1, 1, 1, 1, op_argmax, NULL, NULL },
	{ "", "ArgMin", 1, 1, 1, 1, op_argmin, NULL, NULL },
	{ "", "ReduceSum", 1, 2, 1, 1, op_rsum, NULL, NULL },
	{ "", "ReduceMean", 1, 1, 1, 1, op_rmean, NULL, NULL },
	{ "", "ReduceMax", 1, 1, 1, 1, op_rmax, NULL, NULL },
	{ "", "ReduceMin", 1, 1, 1, 1, op_rmin, NULL, NULL },
	{ "", "ReduceProd", 1, 1, 1, 1, op_rprod, NULL, NULL },
	{ "", "ReduceL1", 1, 1, 1, 1, op_rl1, NULL, NULL },
	{ "", "ReduceL2", 1, 1, 1, 1, op_rl2, NULL, NULL },
	{ "", "ReduceSumSquare", 1, 1, 1, 1, op_rsumsq, NULL, NULL },
	{ "", "ReduceLogSum", 1, 1, 1, 1, op_rlogsum, NULL, NULL },
	{ "", "ReduceLogSumExp", 1, 1, 1, 1, op_rlogsumexp, NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};
