/* elementwise.c -- unary and binary elementwise operators with NumPy
 * broadcasting, Cast, Clip, Identity and inference-mode Dropout.
 *
 * Each output element depends on its own inputs only, so results do not
 * depend on batch size or thread count. */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "infer/ops.h"

/* ---- unary float ---- */

enum unop {
	U_RELU, U_SIGMOID, U_TANH, U_EXP, U_LOG, U_SQRT, U_ABS, U_NEG,
	U_FLOOR, U_CEIL, U_RECIP, U_SIN, U_COS, U_ERF, U_SOFTPLUS,
	U_SOFTSIGN, U_ELU, U_SELU, U_LEAKY, U_HSIG, U_HSWISH, U_TRELU, U_ROUND,
	U_SIGN, U_TAN, U_ATAN, U_SINH, U_COSH, U_ASIN, U_ACOS
};

static float
sigmoidf(float x)
{
	/* Stable in both tails. */
	if (x >= 0)
		return 1.0f / (1.0f + expf(-x));
	float e = expf(x);
	return e / (1.0f + e);
}

static int
run_unary(const struct node *n, const struct tensor *const *in,
	  struct tensor *out, struct ck_error *err, enum unop op)
{
	const struct tensor *x = in[0];
	float alpha = 0, beta = 0, gamma = 0;

	if (x->dtype == DT_INT64 && (op == U_NEG || op == U_ABS ||
				     op == U_SIGN || op == U_RELU)) {
		if (tensor_alloc(&out[0], DT_INT64, x->rank, x->dims, err) < 0)
			return -1;
		for (size_t i = 0; i < x->n; i++) {
			int64_t v = CI64(x)[i];
			I64(&out[0])[i] = op == U_NEG ? (int64_t)(0 - (uint64_t)v) :
				op == U_ABS ? (v < 0 ? (int64_t)(0 - (uint64_t)v) : v) :
				op == U_SIGN ? (v > 0) - (v < 0) : (v > 0 ? v : 0);
		}
		return 0;
	}
	if (need_dtype(x, DT_FLOAT, "input", err) < 0)
		return -1;
	switch (op) {
	case U_ELU: alpha = attr_float(n, "alpha", 1.0f); break;
	case U_SELU:
		alpha = attr_float(n, "alpha", 1.67326319217681884765625f);
		gamma = attr_float(n, "gamma", 1.05070102214813232421875f);
		break;
	case U_LEAKY: alpha = attr_float(n, "alpha", 0.01f); break;
	case U_HSIG:
		alpha = attr_float(n, "alpha", 0.2f);
		beta = attr_float(n, "beta", 0.5f);
		break;
	case U_TRELU: alpha = attr_float(n, "alpha", 1.0f); break;
	default: break;
	}
	if (tensor_alloc_uninit(&out[0], DT_FLOAT, x->rank, x->dims, err) < 0)
		return -1;
	const float *a = CF32(x);
	float *y = F32(&out[0]);
	size_t len = x->n;

	switch (op) {
	case U_RELU: for (size_t i = 0; i < len; i++) y[i] = a[i] < 0 ? 0.0f : a[i]; break;
	case U_SIGMOID: for (size_t i = 0; i < len; i++) y[i] = sigmoidf(a[i]); break;
	case U_TANH: for (size_t i = 0; i < len; i++) y[i] = tanhf(a[i]); break;
	case U_EXP: for (size_t i = 0; i < len; i++) y[i] = expf(a[i]); break;
	case U_LOG: for (size_t i = 0; i < len; i++) y[i] = logf(a[i]); break;
	case U_SQRT: for (size_t i = 0; i < len; i++) y[i] = sqrtf(a[i]); break;
	case U_ABS: for (size_t i = 0; i < len; i++) y[i] = fabsf(a[i]); break;
	case U_NEG: for (size_t i = 0; i < len; i++) y[i] = -a[i]; break;
	case U_FLOOR: for (size_t i = 0; i < len; i++) y[i] = floorf(a[i]); break;
	case U_CEIL: for (size_t i = 0; i < len; i++) y[i] = ceilf(a[i]); break;
	case U_ROUND: for (size_t i = 0; i < len; i++) y[i] = nearbyintf(a[i]); break;
	case U_RECIP: for (size_t i = 0; i < len; i++) y[i] = 1.0f / a[i]; break;
	case U_SIN: for (size_t i = 0; i < len; i++) y[i] = sinf(a[i]); break;
	case U_COS: for (size_t i = 0; i < len; i++) y[i] = cosf(a[i]); break;
	case U_TAN: for (size_t i = 0; i < len; i++) y[i] = tanf(a[i]); break;
	case U_ATAN: for (size_t i = 0; i < len; i++) y[i] = atanf(a[i]); break;
	case U_ASIN: for (size_t i = 0; i < len; i++) y[i] = asinf(a[i]); break;
	case U_ACOS: for (size_t i = 0; i < len; i++) y[i] = acosf(a[i]); break;
	case U_SINH: for (size_t i = 0; i < len; i++) y[i] = sinhf(a[i]); break;
	case U_COSH: for (size_t i = 0; i < len; i++) y[i] = coshf(a[i]); break;
	case U_ERF: for (size_t i = 0; i < len; i++) y[i] = erff(a[i]); break;
	case U_SIGN: for (size_t i = 0; i < len; i++) y[i] = a[i] > 0 ? 1.0f : a[i] < 0 ? -1.0f : a[i]; break;
	case U_SOFTPLUS: for (size_t i = 0; i < len; i++) y[i] = a[i] > 0 ? a[i] + log1pf(expf(-a[i])) : log1pf(expf(a[i])); break;
	case U_SOFTSIGN: for (size_t i = 0; i < len; i++) y[i] = a[i] / (1.0f + fabsf(a[i])); break;
	case U_ELU: for (size_t i = 0; i < len; i++) y[i] = a[i] < 0 ? alpha * (expf(a[i]) - 1.0f) : a[i]; break;
	case U_SELU: for (size_t i = 0; i < len; i++) y[i] = gamma * (a[i] > 0 ? a[i] : alpha * (expf(a[i]) - 1.0f)); break;
	case U_LEAKY: for (size_t i = 0; i < len; i++) y[i] = a[i] < 0 ? alpha * a[i] : a[i]; break;
	case U_TRELU: for (size_t i = 0; i < len; i++) y[i] = a[i] > alpha ? a[i] : 0.0f; break;
	case U_HSIG: for (size_t i = 0; i < len; i++) y[i] = fmaxf(0.0f, fminf(1.0f, alpha * a[i] + beta)); break;
	case U_HSWISH: for (size_t i = 0; i < len; i++) y[i] = a[i] * fmaxf(0.0f, fminf(1.0f, a[i] / 6.0f + 0.5f)); break;
	default: memset(y, 0, len * sizeof *y); break;
	}
	return 0;
}

#define UNARY(fn, op) \
	static int fn(const struct node *n, const struct tensor *const *in, \
		      struct tensor *out, struct ck_error *err) \
	{ return run_unary(n, in, out, err, op); }
UNARY(op_relu, U_RELU) UNARY(op_sigmoid, U_SIGMOID) UNARY(op_tanh, U_TANH)
UNARY(op_exp, U_EXP) UNARY(op_log, U_LOG) UNARY(op_sqrt, U_SQRT)
UNARY(op_abs, U_ABS) UNARY(op_neg, U_NEG) UNARY(op_floor, U_FLOOR)
UNARY(op_ceil, U_CEIL) UNARY(op_recip, U_RECIP) UNARY(op_sin, U_SIN)
UNARY(op_cos, U_COS) UNARY(op_erf, U_ERF) UNARY(op_softplus, U_SOFTPLUS)
UNARY(op_softsign, U_SOFTSIGN) UNARY(op_elu, U_ELU) UNARY(op_selu, U_SELU)
UNARY(op_leaky, U_LEAKY) UNARY(op_hsig, U_HSIG) UNARY(op_hswish, U_HSWISH)
UNARY(op_trelu, U_TRELU) UNARY(op_round, U_ROUND) UNARY(op_sign, U_SIGN)
UNARY(op_tan, U_TAN) UNARY(op_atan, U_ATAN) UNARY(op_sinh, U_SINH)
UNARY(op_cosh, U_COSH) UNARY(op_asin, U_ASIN) UNARY(op_acos, U_ACOS)

/* ---- binary with broadcasting ---- */

enum binop { B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAX, B_MIN };

static inline float
fbin(enum binop op, float a, float b)
{
	switch (op) {
	case B_ADD: return a + b;
	case B_SUB: return a - b;
	case B_MUL: return a * b;
	case B_DIV: return a / b;
	case B_POW: return powf(a, b);
	case B_MAX: return (a != a || b != b) ? NAN : a > b ? a : b;
	case B_MIN: return (a != a || b != b) ? NAN : a < b ? a : b;
	}
	return 0;
}

/* z[j] = x[j*la] op y[j*lb] for j < n: the common stride patterns of a
 * broadcast row (contiguous or one repeated value) as plain loops the
 * compiler vectorises, lane by lane, so the same bits as one at a time. */
INFER_CLONES
static void
frow(enum binop op, float *restrict z, const float *x, int64_t la,
     const float *y, int64_t lb, int64_t n)
{
	if (la == 1 && lb == 0 && op <= B_DIV) {
		const float v = y[0];
		switch (op) {
		case B_ADD: for (int64_t j = 0; j < n; j++) z[j] = x[j] + v; return;
		case B_SUB: for (int64_t j = 0; j < n; j++) z[j] = x[j] - v; return;
		case B_MUL: for (int64_t j = 0; j < n; j++) z[j] = x[j] * v; return;
		default: for (int64_t j = 0; j < n; j++) z[j] = x[j] / v; return;
		}
	}
	if (la == 0 && lb == 1 && op <= B_DIV) {
		const float v = x[0];
		switch (op) {
		case B_ADD: for (int64_t j = 0; j < n; j++) z[j] = v + y[j]; return;
		case B_SUB: for (int64_t j = 0; j < n; j++) z[j] = v - y[j]; return;
		case B_MUL: for (int64_t j = 0; j < n; j++) z[j] = v * y[j]; return;
		default: for (int64_t j = 0; j < n; j++) z[j] = v / y[j]; return;
		}
	}
	for (int64_t j = 0; j < n; j++)
		z[j] = fbin(op, x[j * la], y[j * lb]);
}

static inline int64_t
ibin(enum binop op, int64_t a, int64_t b, int *bad)
{
	switch (op) {
	case B_ADD: return (int64_t)((uint64_t)a + (uint64_t)b);
	case B_SUB: return (int64_t)((uint64_t)a - (uint64_t)b);
	case B_MUL: return (int64_t)((uint64_t)a * (uint64_t)b);
	case B_DIV:
		if (b == 0 || (a == INT64_MIN && b == -1)) {
			*bad = 1;
			return 0;
		}
		return a / b;
	case B_POW: {
		int64_t r = 1;
		if (b < 0) {
			*bad = 1;
			return 0;
		}
		for (int64_t k = 0; k < b && k < 64; k++)
			r = (int64_t)((uint64_t)r * (uint64_t)a);
		return r;
	}
	case B_MAX: return a > b ? a : b;
	case B_MIN: return a < b ? a : b;
	}
	return 0;
}

/* out = a op b; a and b already checked for dtype. */
INFER_CLONES static int
binary_into(struct tensor *o, const struct tensor *a, const struct tensor *b,
	    enum binop op, struct ck_error *err)
{
	int r, dt = a->dtype, bad = 0;
	int64_t dims[INFER_MAX_RANK], sa[INFER_MAX_RANK], sb[INFER_MAX_RANK];
	int64_t idx[INFER_MAX_RANK] = { 0 };
	float fb = 0;

	if (broadcast_shape(a->rank, a->dims, b->rank, b->dims, &r, dims,
			    err) < 0)
		return -1;
	if (tensor_alloc_uninit(o, dt, r, dims, err) < 0)
		return -1;
	if (o->n == 0)
		return 0;
	if (dt == DT_FLOAT && op == B_POW && b->dtype != DT_FLOAT) {
		/* integer exponent: computed in float */
		broadcast_strides(a, r, dims, sa);
		broadcast_strides(b, r, dims, sb);
		goto general;
	}
	if (dt == DT_FLOAT && a->n == o->n && b->n == o->n) {
		const float *x = CF32(a), *y = CF32(b);
		float *z = F32(o);
		switch (op) {
		case B_ADD: for (size_t i = 0; i < o->n; i++) z[i] = x[i] + y[i]; return 0;
		case B_SUB: for (size_t i = 0; i < o->n; i++) z[i] = x[i] - y[i]; return 0;
		case B_MUL: for (size_t i = 0; i < o->n; i++) z[i] = x[i] * y[i]; return 0;
		case B_DIV: for (size_t i = 0; i < o->n; i++) z[i] = x[i] / y[i]; return 0;
		default: for (size_t i = 0; i < o->n; i++) z[i] = fbin(op, x[i], y[i]); return 0;
		}
	}
	if (dt == DT_FLOAT && a->n == o->n && b->n == 1) {
		const float *x = CF32(a);
		float *z = F32(o);
		fb = CF32(b)[0];
		switch (op) {
		case B_ADD: for (size_t i = 0; i < o->n; i++) z[i] = x[i] + fb; return 0;
		case B_SUB: for (size_t i = 0; i < o->n; i++) z[i] = x[i] - fb; return 0;
		case B_MUL: for (size_t i = 0; i < o->n; i++) z[i] = x[i] * fb; return 0;
		case B_DIV: for (size_t i = 0; i < o->n; i++) z[i] = x[i] / fb; return 0;
		default: for (size_t i = 0; i < o->n; i++) z[i] = fbin(op, x[i], fb); return 0;
		}
	}
	broadcast_strides(a, r, dims, sa);
	broadcast_strides(b, r, dims, sb);
	/* Row fast path: the last dimension contiguous or broadcast in both. */
general:;
	int64_t last = r ? dims[r - 1] : 1;
	int64_t la = r ? sa[r - 1] : 0, lb = r ? sb[r - 1] : 0;
	size_t rows = o->n / (size_t)last;
	int64_t oa = 0, ob = 0;

	for (size_t row = 0; row < rows; row++) {
		size_t base = row * (size_t)last;

		if (dt == DT_FLOAT) {
			const float *x = CF32(a) + oa;
			float *z = F32(o) + base;
			if (b->dtype == DT_FLOAT) {
				frow(op, z, x, la, CF32(b) + ob, lb, last);
			} else {
				for (int64_t j = 0; j < last; j++)
					z[j] = fbin(op, x[j * la],
						    (float)tensor_get_f64(b,
							(size_t)(ob + j * lb)));
			}
		} else {
			const int64_t *x = CI64(a) + oa, *y = CI64(b) + ob;
			int64_t *z = I64(o) + base;
			for (int64_t j = 0; j < last; j++)
				z[j] = ibin(op, x[j * la], y[j * lb], &bad);
		}
		/* advance the odometer over dims[0..r-2] */
		for (int d = r - 2; d >= 0; d--) {
			idx[d]++;
			oa += sa[d];
			ob += sb[d];
			if (idx[d] < dims[d])
				break;
			oa -= sa[d] * dims[d];
			ob -= sb[d] * dims[d];
			idx[d] = 0;
		}
	}
	if (bad) {
		tensor_release(o);
		return ck_error_set(err, 0, "integer division by zero or "
				    "negative integer exponent");
	}
	return 0;
}

static int
run_binary(const struct tensor *const *in, struct tensor *out,
	   struct ck_error *err, enum binop op)
{
	const struct tensor *a = in[0], *b = in[1];

	if (a->dtype != DT_FLOAT && a->dtype != DT_INT64)
		return ck_error_set(err, 0, "%s tensors not supported",
				    dtype_name(a->dtype));
	if (op == B_POW && a->dtype == DT_FLOAT) {
		if (b->dtype != DT_FLOAT && b->dtype != DT_INT64 &&
		    b->dtype != DT_INT32)
			return ck_error_set(err, 0, "%s exponent not supported",
					    dtype_name(b->dtype));
	} else if (b->dtype != a->dtype) {
		return ck_error_set(err, 0, "operands of different types (%s "
				    "and %s) not supported", dtype_name(a->dtype),
				    dtype_name(b->dtype));
	}
	return binary_into(&out[0], a, b, op, err);
}

#define BINARY(fn, op) \
	static int fn(const struct node *n, const struct tensor *const *in, \
		      struct tensor *out, struct ck_error *err) \
	{ (void)n; return run_binary(in, out, err, op); }
BINARY(op_add, B_ADD) BINARY(op_sub, B_SUB) BINARY(op_mul, B_MUL)
BINARY(op_div, B_DIV) BINARY(op_pow, B_POW)

/* Variadic Sum, Max, Min, Mean: folded left to right. */
static int
run_variadic(const struct node *n, const struct tensor *const *in,
	     struct tensor *out, struct ck_error *err, enum binop op, int mean)
{
	struct tensor acc = { 0 }, next;

	for (int i = 0; i < n->nin; i++)
		if (!in[i] || (in[i]->dtype != DT_FLOAT &&
			       in[i]->dtype != DT_INT64) ||
		    in[i]->dtype != in[0]->dtype)
			return ck_error_set(err, 0, "%s inputs not supported "
					    "(all float32 or all int64 required)",
					    in[i] ? dtype_name(in[i]->dtype) : "omitted");
	if (tensor_copy(&acc, in[0], err) < 0)
		return -1;
	for (int i = 1; i < n->nin; i++) {
		memset(&next, 0, sizeof next);
		if (binary_into(&next, &acc, in[i], op, err) < 0) {
			tensor_release(&acc);
			return -1;
		}
		tensor_move(&acc, &next);
	}
	if (mean && acc.dtype == DT_FLOAT)
		for (size_t i = 0; i < acc.n; i++)
			F32(&acc)[i] /= (float)n->nin;
	out[0] = acc;
	return 0;
}

#define VARIADIC(fn, op, mean) \
	static int fn(const struct node *n, const struct tensor *const *in, \
		      struct tensor *out, struct ck_error *err) \
	{ return run_variadic(n, in, out, err, op, mean); }
VARIADIC(op_sum, B_ADD, 0) VARIADIC(op_max, B_MAX, 0)
VARIADIC(op_min, B_MIN, 0) VARIADIC(op_mean, B_ADD, 1)

static int
op_prelu(const struct node *n, const struct tensor *const *in,
	 struct tensor *out, struct ck_error *err)
{
	struct tensor prod = { 0 };
	int r;

	(void)n;
	if (need_dtype(in[0], DT_FLOAT, "X", err) < 0 ||
	    need_dtype(in[1], DT_FLOAT, "slope", err) < 0)
		return -1;
	if (binary_into(&prod, in[0], in[1], B_MUL, err) < 0)
		return -1;
	r = prod.n == in[0]->n ? 0 : -1;
	if (r < 0) {
		tensor_release(&prod);
		return ck_error_set(err, 0, "slope does not broadcast to X");
	}
	for (size_t i = 0; i < prod.n; i++)
		if (CF32(in[0])[i] >= 0)
			F32(&prod)[i] = CF32(in[0])[i];
	out[0] = prod;
	return 0;
}

/* ---- Identity, Dropout, Clip, Cast ---- */

static int
op_identity(const struct node *n, const struct tensor *const *in,
	    struct tensor *out, struct ck_error *err)
{
	(void)n;
	return tensor_copy(&out[0], in[0], err);
}

static int
op_dropout(const struct node *n, const struct tensor *const *in,
	   struct tensor *out, struct ck_error *err)
{
	if (n->nin > 2 && in[2] && in[2]->n && tensor_get_i64(in[2], 0))
		return ck_error_set(err, 0, "training mode is not supported");
	if (tensor_copy(&out[0], in[0], err) < 0)
		return -1;
	if (n->nout > 1) {
		if (tensor_alloc(&out[1], DT_BOOL, in[0]->rank, in[0]->dims,
				 err) < 0)
			return -1;
		memset(out[1].data, 1, out[1].n);
	}
	return 0;
}

INFER_CLONES static int
op_clip(const struct node *n, const struct tensor *const *in,
	struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0];
	float lo = -INFINITY, hi = INFINITY;

	if (n->opset < 11) {
		lo = attr_float(n, "min", -3.402823e+38f);
		hi = attr_float(n, "max", 3.402823e+38f);
	} else {
		if (n->nin > 1 && in[1]) {
			if (in[1]->n != 1 || in[1]->dtype != x->dtype)
				return ck_error_set(err, 0, "min must be a scalar "
						    "of the input's type");
			lo = (float)tensor_get_f64(in[1], 0);
		}
		if (n->nin > 2 && in[2]) {
			if (in[2]->n != 1 || in[2]->dtype != x->dtype)
				return ck_error_set(err, 0, "max must be a scalar "
						    "of the input's type");
			hi = (float)tensor_get_f64(in[2], 0);
		}
	}
	if (x->dtype == DT_INT64) {
		if (tensor_copy(&out[0], x, err) < 0)
			return -1;
		int64_t ilo = n->nin > 1 && in[1] ? tensor_get_i64(in[1], 0) : INT64_MIN;
		int64_t ihi = n->nin > 2 && in[2] ? tensor_get_i64(in[2], 0) : INT64_MAX;
		for (size_t i = 0; i < x->n; i++) {
			int64_t v = I64(&out[0])[i];
			I64(&out[0])[i] = v < ilo ? ilo : v > ihi ? ihi : v;
		}
		return 0;
	}
	if (need_dtype(x, DT_FLOAT, "input", err) < 0)
		return -1;
	if (tensor_alloc_uninit(&out[0], DT_FLOAT, x->rank, x->dims, err) < 0)
		return -1;
	for (size_t i = 0; i < x->n; i++) {
		float v = CF32(x)[i];
		F32(&out[0])[i] = v < lo ? lo : v > hi ? hi : v;
	}
	return 0;
}

static int
op_cast(const struct node *n, const struct tensor *const *in,
	struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0];
	int to = (int)attr_int(n, "to", 0);

	if (dtype_size(to) == 0 || dtype_size(x->dtype) == 0)
		return ck_error_set(err, 0, "cast from %s to type %d not "
				    "supported", dtype_name(x->dtype), to);
	if (tensor_alloc(&out[0], to, x->rank, x->dims, err) < 0)
		return -1;
	for (size_t i = 0; i < x->n; i++) {
		double v = tensor_get_f64(x, i);
		int fl = x->dtype == DT_FLOAT || x->dtype == DT_DOUBLE;

		switch (to) {
		case DT_FLOAT:
			F32(&out[0])[i] = x->dtype == DT_INT64 ?
				(float)CI64(x)[i] : (float)v;
			break;
		case DT_DOUBLE: ((double *)out[0].data)[i] = x->dtype == DT_INT64 ? (double)CI64(x)[i] : v; break;
		case DT_BOOL: ((uint8_t *)out[0].data)[i] = v != 0; break;
		default: {
			int64_t iv;
			if (fl) {
				if (!(v > -9.2233720368547758e18 &&
				      v < 9.2233720368547758e18)) {
					tensor_release(&out[0]);
					return ck_error_set(err, 0, "value out of "
							    "range of the "
							    "integer type");
				}
				iv = (int64_t)v;
			} else {
				iv = tensor_get_i64(x, i);
			}
			switch (to) {
			case DT_INT64: I64(&out[0])[i] = iv; break;
			case DT_INT32: ((int32_t *)out[0].data)[i] = (int32_t)iv; break;
			case DT_INT8: ((int8_t *)out[0].data)[i] = (int8_t)iv; break;
			case DT_UINT8: ((uint8_t *)out[0].data)[i] = (uint8_t)iv; break;
			}
		}
		}
	}
	return 0;
}

const struct op_def ops_elementwise[] = {
	{ "", "Relu", 1, 1, 1, 1, op_relu, NULL, NULL },
	{ "", "Sigmoid", 1, 1, 1, 1, op_sigmoid, NULL, NULL },
	{ "", "Tanh", 1, 1, 1, 1, op_tanh, NULL, NULL },
	{ "", "Exp", 1, 1, 1, 1, op_exp, NULL, NULL },
	{ "", "Log", 1, 1, 1, 1, op_log, NULL, NULL },
	{ "", "Sqrt", 1, 1, 1, 1, op_sqrt, NULL, NULL },
	{ "", "Abs", 1, 1, 1, 1, op_abs, NULL, NULL },
	{ "", "Neg", 1, 1, 1, 1, op_neg, NULL, NULL },
	{ "", "Floor", 1, 1, 1, 1, op_floor, NULL, NULL },
	{ "", "Ceil", 1, 1, 1, 1, op_ceil, NULL, NULL },
	{ "", "Round", 1, 1, 1, 1, op_round, NULL, NULL },
	{ "", "Reciprocal", 1, 1, 1, 1, op_recip, NULL, NULL },
	{ "", "Sin", 1, 1, 1, 1, op_sin, NULL, NULL },
	{ "", "Cos", 1, 1, 1, 1, op_cos, NULL, NULL },
	{ "", "Tan", 1, 1, 1, 1, op_tan, NULL, NULL },
	{ "", "Asin", 1, 1, 1, 1, op_asin, NULL, NULL },
	{ "", "Acos", 1, 1, 1, 1, op_acos, NULL, NULL },
	{ "", "Atan", 1, 1, 1, 1, op_atan, NULL, NULL },
	{ "", "Sinh", 1, 1, 1, 1, op_sinh, NULL, NULL },
	{ "", "Cosh", 1, 1, 1, 1, op_cosh, NULL, NULL },
	{ "", "Erf", 1, 1, 1, 1, op_erf, NULL, NULL },
	{ "", "Sign", 1, 1, 1, 1, op_sign, NULL, NULL },
	{ "", "Softplus", 1, 1, 1, 1, op_softplus, NULL, NULL },
	{ "", "Softsign", 1, 1, 1, 1, op_softsign, NULL, NULL },
	{ "", "Elu", 1, 1, 1, 1, op_elu, NULL, NULL },
	{ "", "Selu", 1, 1, 1, 1, op_selu, NULL, NULL },
	{ "", "LeakyRelu", 1, 1, 1, 1, op_leaky, NULL, NULL },
	{ "", "ThresholdedRelu", 1, 1, 1, 1, op_trelu, NULL, NULL },
	{ "", "HardSigmoid", 1, 1, 1, 1, op_hsig, NULL, NULL },
	{ "", "HardSwish", 1, 1, 1, 1, op_hswish, NULL, NULL },
	{ "", "PRelu", 2, 2, 1, 1, op_prelu, NULL, NULL },
	{ "", "Add", 2, 2, 1, 1, op_add, NULL, NULL },
	{ "", "Sub", 2, 2, 1, 1, op_sub, NULL, NULL },
	{ "", "Mul", 2, 2, 1, 1, op_mul, NULL, NULL },
	{ "", "Div", 2, 2, 1, 1, op_div, NULL, NULL },
	{ "", "Pow", 2, 2, 1, 1, op_pow, NULL, NULL },
	{ "", "Sum", 1, 64, 1, 1, op_sum, NULL, NULL },
	{ "", "Max", 1, 64, 1, 1, op_max, NULL, NULL },
	{ "", "Min", 1, 64, 1, 1, op_min, NULL, NULL },
	{ "", "Mean", 1, 64, 1, 1, op_mean, NULL, NULL },
	{ "", "Identity", 1, 1, 1, 1, op_identity, NULL, NULL },
	{ "", "Dropout", 1, 3, 1, 2, op_dropout, NULL, NULL },
	{ "", "Clip", 1, 3, 1, 1, op_clip, NULL, NULL },
	{ "", "Cast", 1, 1, 1, 1, op_cast, NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};
