/* shape.c -- operators that move data without arithmetic: Flatten,
 * Reshape, Constant, Concat, Squeeze, Unsqueeze, Transpose, Pad, Shape,
 * Gather, Slice, ConstantOfShape, Expand, Tile, Size.  They work on any
 * element type infer holds. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "infer/onnx.pb-c.h"
#include "infer/ops.h"

/* Row-major strides (in elements) of shape d, rank r. */
static void
row_strides(const int64_t *d, int r, int64_t *st)
{
	int64_t s = 1;

	for (int i = r - 1; i >= 0; i--) {
		st[i] = s;
		s *= d[i];
	}
}

/* One step of a row-major walk over shape d (rank r): advances idx and
 * returns the axis that moved, every later axis having wrapped to 0, or
 * -1 once the walk has passed its last element. */
static int
nd_next(int64_t *idx, const int64_t *d, int r)
{
	for (int k = r - 1; k >= 0; k--) {
		if (++idx[k] < d[k])
			return k;
		idx[k] = 0;
	}
	return -1;
}

/* For a walk over shape d that reads its source with stride s[k] along
 * axis k: jump[k] is how far the source offset moves when nd_next moves
 * axis k (one step along k, every later axis back from d - 1 to 0). */
static void
nd_jumps(const int64_t *s, const int64_t *d, int r, int64_t *jump)
{
	int64_t back = 0;

	for (int k = r - 1; k >= 0; k--) {
		jump[k] = s[k] - back;
		back += s[k] * (d[k] - 1);
	}
}

static int
reshaped_copy(struct tensor *o, const struct tensor *x, int rank,
	      const int64_t *dims, struct ck_error *err)
{
	if (tensor_alloc(o, x->dtype, rank, dims, err) < 0)
		return -1;
	if (o->n != x->n) {
		tensor_release(o);
		return ck_error_set(err, 0, "cannot reshape %zu elements into "
				    "%s shape", x->n, "a different");
	}
	if (x->n)
		memcpy(o->data, x->data, x->n * dtype_size(x->dtype));
	return 0;
}

static int
op_flatten(const struct node *n, const struct tensor *const *in,
	   struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0];
	int64_t axis = attr_int(n, "axis", 1), d[2] = { 1, 1 };

	if (axis < 0)
		axis += x->rank;
	if (axis < 0 || axis > x->rank)
		return ck_error_set(err, 0, "axis out of range");
	for (int i = 0; i < x->rank; i++)
		d[i < axis ? 0 : 1] *= x->dims[i];
	return reshaped_copy(&out[0], x, 2, d, err);
}

static int
op_reshape(const struct node *n, const struct tensor *const *in,
	   struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0], *s = in[1];
	int64_t d[INFER_MAX_RANK];
	int allowzero = (int)attr_int(n, "allowzero", 0), neg = -1;
	size_t known = 1;

	if (s->dtype != DT_INT64 || s->rank != 1)
		return ck_error_set(err, 0, "shape must be a 1-D int64 tensor");
	if (s->n > INFER_MAX_RANK)
		return ck_error_set(err, 0, "rank %zu exceeds the limit", s->n);
	for (size_t i = 0; i < s->n; i++) {
		d[i] = CI64(s)[i];
		if (d[i] == 0 && !allowzero) {
			if ((int)i >= x->rank)
				return ck_error_set(err, 0, "0 in shape beyond "
						    "the input's rank");
			d[i] = x->dims[i];
		}
		if (d[i] == -1) {
			if (neg >= 0)
				return ck_error_set(err, 0, "more than one -1 "
						    "in shape");
			neg = (int)i;
			continue;
		}
		if (d[i] < 0)
			return ck_error_set(err, 0, "negative dimension in shape");
		known *= (size_t)d[i];
		if (known > INFER_MAX_ELEMS)
			return ck_error_set(err, 0, "shape too large");
	}
	if (neg >= 0) {
		if (known == 0 || x->n % known)
			return ck_error_set(err, 0, "cannot infer the -1 "
					    "dimension");
		d[neg] = (int64_t)(x->n / known);
	}
	return reshaped_copy(&out[0], x, (int)s->n, d, err);
}

static int
op_constant(const struct node *n, const struct tensor *const *in,
	    struct tensor *out, struct ck_error *err)
{
	const Onnx__AttributeProto *a;
	const int64_t *iv;
	const float *fv;
	size_t k;

	(void)in;
	if ((a = attr_get(n, "value")) && a->t)
		return tensor_from_proto(&out[0], a->t, NULL, err);
	if ((a = attr_get(n, "value_float")) && a->has_f) {
		if (tensor_alloc(&out[0], DT_FLOAT, 0, NULL, err) < 0)
			return -1;
		F32(&out[0])[0] = a->f;
		return 0;
	}
	if ((a = attr_get(n, "value_int")) && a->has_i) {
		if (tensor_alloc(&out[0], DT_INT64, 0, NULL, err) < 0)
			return -1;
		I64(&out[0])[0] = a->i;
		return 0;
	}
	if ((a = attr_get(n, "value_floats"))) {
		int64_t d = (int64_t)(k = attr_floats(n, "value_floats", &fv));
		if (tensor_alloc(&out[0], DT_FLOAT, 1, &d, err) < 0)
			return -1;
		memcpy(out[0].data, fv, k * sizeof *fv);
		return 0;
	}
	if ((a = attr_get(n, "value_ints"))) {
		int64_t d = (int64_t)(k = attr_ints(n, "value_ints", &iv));
		if (tensor_alloc(&out[0], DT_INT64, 1, &d, err) < 0)
			return -1;
		memcpy(out[0].data, iv, k * sizeof *iv);
		return 0;
	}
	return ck_error_set(err, 0, "no supported value attribute");
}

static int
op_concat(const struct node *n, const struct tensor *const *in,
	  struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0];
	int axis;
	int64_t d[INFER_MAX_RANK];
	size_t outer = 1, es = dtype_size(x->dtype), off = 0;

	if (normalize_axis(attr_int(n, "axis", 0), x->rank, &axis, err) < 0)
		return -1;
	memcpy(d, x->dims, sizeof d);
	d[axis] = 0;
	for (int i = 0; i < n->nin; i++) {
		if (!in[i] || in[i]->dtype != x->dtype || in[i]->rank != x->rank)
			return ck_error_set(err, 0, "inputs differ in type or "
					    "rank");
		for (int j = 0; j < x->rank; j++)
			if (j != axis && in[i]->dims[j] != x->dims[j])
				return ck_error_set(err, 0, "inputs differ in "
						    "dimension %d", j);
		d[axis] += in[i]->dims[axis];
	}
	if (tensor_alloc(&out[0], x->dtype, x->rank, d, err) < 0)
		return -1;
	for (int i = 0; i < axis; i++)
		outer *= (size_t)x->dims[i];
	size_t orow = out[0].n / (outer ? outer : 1) * es;
	for (int i = 0; i < n->nin; i++) {
		size_t row = in[i]->n / (outer ? outer : 1) * es;
		for (size_t o = 0; o < outer && row; o++)
			memcpy((char *)out[0].data + o * orow + off,
			       (const char *)in[i]->data + o * row, row);
		off += row;
	}
	return 0;
}

/* axes from attribute (opset < 13) or input 1 */
static int
get_axes(const struct node *n, const struct tensor *const *in, int rank,
	 unsigned char *mask, int *count, struct ck_error *err)
{
	const int64_t *av = NULL;
	size_t na = 0;

	*count = 0;
	if (n->opset < 13) {
		na = attr_ints(n, "axes", &av);
		for (size_t i = 0; i < na; i++) {
			int a;
			if (normalize_axis(av[i], rank, &a, err) < 0)
				return -1;
			if (mask[a])
				return ck_error_set(err, 0, "repeated axis");
			mask[a] = 1;
			(*count)++;
		}
	} else if (n->nin > 1 && in[1]) {
		for (size_t i = 0; i < in[1]->n; i++) {
			int a;
			if (normalize_axis(tensor_get_i64(in[1], i), rank, &a,
					   err) < 0)
				return -1;
			if (mask[a])
				return ck_error_set(err, 0, "repeated axis");
			mask[a] = 1;
			(*count)++;
		}
	}
	return 0;
}

static int
op_squeeze(const struct node *n, const struct tensor *const *in,
	   struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0];
	unsigned char mask[INFER_MAX_RANK] = { 0 };
	int64_t d[INFER_MAX_RANK];
	int cnt, r = 0;

	if (get_axes(n, in, x->rank, mask, &cnt, err) < 0)
		return -1;
	for (int i = 0; i < x->rank; i++) {
		if (cnt ? mask[i] : x->dims[i] == 1) {
			if (x->dims[i] != 1)
				return ck_error_set(err, 0, "axis %d has "
						    "dimension %lld, not 1", i,
						    (long long)x->dims[i]);
			continue;
		}
		d[r++] = x->dims[i];
	}
	return reshaped_copy(&out[0], x, r, d, err);
}

static int
op_unsqueeze(const struct node *n, const struct tensor *const *in,
	     struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0];
	unsigned char mask[INFER_MAX_RANK] = { 0 };
	int64_t d[INFER_MAX_RANK];
	int cnt, r, k = 0;
	const int64_t *av = NULL;
	size_t na = 0;

	/* axes refer to the output rank */
	if (n->opset < 13)
		na = attr_ints(n, "axes", &av);
	else if (n->nin > 1 && in[1])
		na = in[1]->n;
	r = x->rank + (int)na;
	if (r > INFER_MAX_RANK)
		return ck_error_set(err, 0, "rank exceeds the limit");
	if (get_axes(n, in, r, mask, &cnt, err) < 0)
		return -1;
	for (int i = 0; i < r; i++)
		d[i] = mask[i] ? 1 : x->dims[k++];
	return reshaped_copy(&out[0], x, r, d, err);
}

static int
op_transpose(const struct node *n, const struct tensor *const *in,
	     struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0];
	const int64_t *pv;
	size_t np = attr_ints(n, "perm", &pv);
	int perm[INFER_MAX_RANK];
	unsigned char seen[INFER_MAX_RANK] = { 0 };
	int64_t d[INFER_MAX_RANK], st[INFER_MAX_RANK], ps[INFER_MAX_RANK];
	int64_t idx[INFER_MAX_RANK] = { 0 }, jump[INFER_MAX_RANK], src = 0;
	size_t es = dtype_size(x->dtype);
	int r = x->rank, mv;

	if (np && (int)np != r)
		return ck_error_set(err, 0, "perm has %zu entries for rank %d",
				    np, r);
	for (int i = 0; i < r; i++) {
		perm[i] = np ? (int)pv[i] : r - 1 - i;
		if (perm[i] < 0 || perm[i] >= r || seen[perm[i]]++)
			return ck_error_set(err, 0, "perm is not a permutation");
	}
	row_strides(x->dims, r, st);
	for (int i = 0; i < r; i++) {
		d[i] = x->dims[perm[i]];
		ps[i] = st[perm[i]];
	}
	if (tensor_alloc(&out[0], x->dtype, r, d, err) < 0)
		return -1;
	nd_jumps(ps, d, r, jump);
	for (size_t o = 0; o < out[0].n; o++) {
		memcpy((char *)out[0].data + o * es,
		       (const char *)x->data + (size_t)src * es, es);
		if ((mv = nd_next(idx, d, r)) >= 0)
			src += jump[mv];
	}
	return 0;
}

static int
op_shape(const struct node *n, const struct tensor *const *in,
	 struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0];
	int64_t start = attr_int(n, "start", 0), end = attr_int(n, "end", x->rank);
	int64_t len;

	if (start < 0) start += x->rank;
	if (end < 0) end += x->rank;
	if (start < 0) start = 0;
	if (end > x->rank) end = x->rank;
	len = end > start ? end - start : 0;
	if (tensor_alloc(&out[0], DT_INT64, 1, &len, err) < 0)
		return -1;
	for (int64_t i = 0; i < len; i++)
		I64(&out[0])[i] = x->dims[start + i];
	return 0;
}

static int
op_size(const struct node *n, const struct tensor *const *in,
	struct tensor *out, struct ck_error *err)
{
	(void)n;
	if (tensor_alloc(&out[0], DT_INT64, 0, NULL, err) < 0)
		return -1;
	I64(&out[0])[0] = (int64_t)in[0]->n;
	return 0;
}

static int
op_gather(const struct node *n, const struct tensor *const *in,
	  struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0], *ix = in[1];
	int axis, r = 0;
	int64_t d[INFER_MAX_RANK];
	size_t outer = 1, inner = 1, es = dtype_size(x->dtype);

	if (ix->dtype != DT_INT64 && ix->dtype != DT_INT32)
		return ck_error_set(err, 0, "indices must be int64 or int32");
	if (x->rank == 0)
		return ck_error_set(err, 0, "data is a scalar");
	if (normalize_axis(attr_int(n, "axis", 0), x->rank, &axis, err) < 0)
		return -1;
	if (x->rank - 1 + ix->rank > INFER_MAX_RANK)
		return ck_error_set(err, 0, "rank exceeds the limit");
	for (int i = 0; i < axis; i++) {
		d[r++] = x->dims[i];
		outer *= (size_t)x->dims[i];
	}
	for (int i = 0; i < ix->rank; i++)
		d[r++] = ix->dims[i];
	for (int i = axis + 1; i < x->rank; i++) {
		d[r++] = x->dims[i];
		inner *= (size_t)x->dims[i];
	}
	for (size_t k = 0; k < ix->n; k++) {
		int64_t v = tensor_get_i64(ix, k);
		if (v < -x->dims[axis] || v >= x->dims[axis])
			return ck_error_set(err, 0, "index %lld out of range",
					    (long long)v);
	}
	if (tensor_alloc(&out[0], x->dtype, r, d, err) < 0)
		return -1;
	for (size_t o = 0; o < outer; o++)
		for (size_t k = 0; k < ix->n; k++) {
			int64_t v = tensor_get_i64(ix, k);
			if (v < 0)
				v += x->dims[axis];
			memcpy((char *)out[0].data + ((o * ix->n + k) * inner) * es,
			       (const char *)x->data +
			       ((o * (size_t)x->dims[axis] + (size_t)v) * inner) * es,
			       inner * es);
		}
	return 0;
}

static int64_t
clamp64(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int
op_slice(const struct node *n, const struct tensor *const *in,
	 struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0];
	int64_t start[INFER_MAX_RANK], step[INFER_MAX_RANK], d[INFER_MAX_RANK];
	int64_t st[INFER_MAX_RANK], idx[INFER_MAX_RANK] = { 0 };
	int64_t jump[INFER_MAX_RANK], src = 0;
	size_t es = dtype_size(x->dtype), ns;
	int r = x->rank, mv;

	for (int i = 0; i < r; i++) {
		start[i] = 0;
		step[i] = 1;
		d[i] = x->dims[i];
	}
	const int64_t *as = NULL, *ae = NULL, *aa = NULL;
	const struct tensor *ts = NULL, *te = NULL, *ta = NULL, *tp = NULL;
	size_t na;
	if (n->opset < 10) {
		ns = attr_ints(n, "starts", &as);
		if (attr_ints(n, "ends", &ae) != ns)
			return ck_error_set(err, 0, "starts and ends differ in length");
		na = attr_ints(n, "axes", &aa);
		if (na && na != ns)
			return ck_error_set(err, 0, "axes of the wrong length");
	} else {
		if (n->nin < 3 || !in[1] || !in[2])
			return ck_error_set(err, 0, "starts and ends are required");
		ts = in[1];
		te = in[2];
		ta = n->nin > 3 ? in[3] : NULL;
		tp = n->nin > 4 ? in[4] : NULL;
		ns = ts->n;
		if (te->n != ns || (ta && ta->n != ns) || (tp && tp->n != ns))
			return ck_error_set(err, 0, "starts, ends, axes and "
					    "steps differ in length");
	}
	unsigned char seen[INFER_MAX_RANK] = { 0 };
	for (size_t k = 0; k < ns; k++) {
		int64_t a = aa ? aa[k] : ta ? tensor_get_i64(ta, k) : (int64_t)k;
		int ax;
		int64_t s = as ? as[k] : tensor_get_i64(ts, k);
		int64_t e = ae ? ae[k] : tensor_get_i64(te, k);
		int64_t p = tp ? tensor_get_i64(tp, k) : 1;
		int64_t dim;

		if (normalize_axis(a, r, &ax, err) < 0)
			return -1;
		if (seen[ax]++)
			return ck_error_set(err, 0, "repeated axis");
		if (p == 0)
			return ck_error_set(err, 0, "step is 0");
		dim = x->dims[ax];
		if (s < 0) s = s < -dim ? 0 : s + dim;
		if (e < 0) e = e < -dim ? -1 : e + dim;
		if (p > 0) {
			s = clamp64(s, 0, dim);
			e = clamp64(e, 0, dim);
			d[ax] = e > s ? (e - s + p - 1) / p : 0;
		} else {
			s = clamp64(s, 0, dim - 1);
			e = clamp64(e, -1, dim - 1);
			d[ax] = s > e ? (s - e + (-p) - 1) / (-p) : 0;
		}
		start[ax] = s;
		step[ax] = p;
	}
	if (tensor_alloc(&out[0], x->dtype, r, d, err) < 0)
		return -1;
	/* element idx of the output is start + idx * step of the input */
	row_strides(x->dims, r, st);
	for (int i = 0; i < r; i++) {
		src += start[i] * st[i];
		st[i] *= step[i];
	}
	nd_jumps(st, d, r, jump);
	for (size_t o = 0; o < out[0].n; o++) {
		memcpy((char *)out[0].data + o * es,
		       (const char *)x->data + (size_t)src * es, es);
		if ((mv = nd_next(idx, d, r)) >= 0)
			src += jump[mv];
	}
	return 0;
}

static int
op_pad(const struct node *n, const struct tensor *const *in,
       struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0];
	int r = x->rank;
	int64_t pb[INFER_MAX_RANK], pe[INFER_MAX_RANK], d[INFER_MAX_RANK];
	int64_t idx[INFER_MAX_RANK] = { 0 }, st[INFER_MAX_RANK];
	const char *mode = attr_str(n, "mode", "constant");
	int m = !strcmp(mode, "constant") ? 0 : !strcmp(mode, "reflect") ? 1 :
		!strcmp(mode, "edge") ? 2 : -1;
	double cval = 0;
	size_t es = dtype_size(x->dtype);

	if (m < 0)
		return ck_error_set(err, 0, "pad mode '%s' not supported", mode);
	if (x->dtype != DT_FLOAT && x->dtype != DT_INT64)
		return ck_error_set(err, 0, "%s input not supported",
				    dtype_name(x->dtype));
	if (n->opset < 11) {
		const int64_t *pv;
		if (attr_ints(n, "pads", &pv) != (size_t)(2 * r))
			return ck_error_set(err, 0, "pads must have 2*rank entries");
		for (int i = 0; i < r; i++) {
			pb[i] = pv[i];
			pe[i] = pv[i + r];
		}
		cval = attr_float(n, "value", 0.0f);
	} else {
		if (in[1]->n != (size_t)(2 * r))
			return ck_error_set(err, 0, "pads must have 2*rank entries");
		for (int i = 0; i < r; i++) {
			pb[i] = tensor_get_i64(in[1], (size_t)i);
			pe[i] = tensor_get_i64(in[1], (size_t)(i + r));
		}
		if (n->nin > 2 && in[2] && in[2]->n)
			cval = tensor_get_f64(in[2], 0);
	}
	for (int i = 0; i < r; i++) {
		if (pb[i] < -x->dims[i] || pe[i] < -x->dims[i] ||
		    pb[i] > (int64_t)INFER_MAX_ELEMS || pe[i] > (int64_t)INFER_MAX_ELEMS)
			return ck_error_set(err, 0, "pads out of range");
		d[i] = x->dims[i] + pb[i] + pe[i];
		if (d[i] < 0)
			return ck_error_set(err, 0, "pads out of range");
		if (m && x->dims[i] == 0 && d[i] > 0)
			return ck_error_set(err, 0, "cannot pad an empty axis");
		if (m == 1 && (pb[i] >= x->dims[i] || pe[i] >= x->dims[i]))
			return ck_error_set(err, 0, "reflect pads must be "
					    "smaller than the dimension");
	}
	if (tensor_alloc(&out[0], x->dtype, r, d, err) < 0)
		return -1;
	row_strides(x->dims, r, st);
	for (size_t o = 0; o < out[0].n; o++, nd_next(idx, d, r)) {
		int64_t src = 0;
		int inside = 1;
		for (int i = 0; i < r && inside; i++) {
			int64_t c = idx[i] - pb[i], dim = x->dims[i];
			if (c < 0 || c >= dim) {
				if (m == 0) {
					inside = 0;
					break;
				}
				if (m == 2)
					c = c < 0 ? 0 : dim - 1;
				else
					c = c < 0 ? -c : 2 * (dim - 1) - c;
			}
			src += c * st[i];
		}
		if (inside)
			memcpy((char *)out[0].data + o * es,
			       (const char *)x->data + (size_t)src * es, es);
		else if (x->dtype == DT_FLOAT)
			F32(&out[0])[o] = (float)cval;
		else
			I64(&out[0])[o] = (int64_t)cval;
	}
	return 0;
}

static int
shape_input(const struct tensor *s, int64_t *d, int *r, struct ck_error *err)
{
	if (s->dtype != DT_INT64 || s->rank != 1 || s->n > INFER_MAX_RANK)
		return ck_error_set(err, 0, "shape must be a 1-D int64 tensor "
				    "of at most %d entries", INFER_MAX_RANK);
	*r = (int)s->n;
	for (size_t i = 0; i < s->n; i++)
		d[i] = CI64(s)[i];
	return 0;
}

static int
op_constantofshape(const struct node *n, const struct tensor *const *in,
		   struct tensor *out, struct ck_error *err)
{
	const Onnx__AttributeProto *a = attr_get(n, "value");
	struct tensor v = { 0 };
	int64_t d[INFER_MAX_RANK];
	int r;
	size_t es;

	if (shape_input(in[0], d, &r, err) < 0)
		return -1;
	if (a && a->t) {
		if (tensor_from_proto(&v, a->t, NULL, err) < 0)
			return -1;
		if (v.n != 1) {
			tensor_release(&v);
			return ck_error_set(err, 0, "value must hold one element");
		}
	} else if (tensor_alloc(&v, DT_FLOAT, 0, NULL, err) < 0) {
		return -1;
	}
	es = dtype_size(v.dtype);
	if (tensor_alloc(&out[0], v.dtype, r, d, err) < 0) {
		tensor_release(&v);
		return -1;
	}
	for (size_t i = 0; i < out[0].n; i++)
		memcpy((char *)out[0].data + i * es, v.data, es);
	tensor_release(&v);
	return 0;
}

static int
op_expand(const struct node *n, const struct tensor *const *in,
	  struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0];
	int64_t d[INFER_MAX_RANK], od[INFER_MAX_RANK], s[INFER_MAX_RANK];
	int64_t idx[INFER_MAX_RANK] = { 0 }, jump[INFER_MAX_RANK], src = 0;
	int r, orank, mv;
	size_t es = dtype_size(x->dtype);

	(void)n;
	if (shape_input(in[1], d, &r, err) < 0 ||
	    broadcast_shape(x->rank, x->dims, r, d, &orank, od, err) < 0)
		return -1;
	if (tensor_alloc(&out[0], x->dtype, orank, od, err) < 0)
		return -1;
	broadcast_strides(x, orank, od, s);
	nd_jumps(s, od, orank, jump);
	for (size_t o = 0; o < out[0].n; o++) {
		memcpy((char *)out[0].data + o * es,
		       (const char *)x->data + (size_t)src * es, es);
		if ((mv = nd_next(idx, od, orank)) >= 0)
			src += jump[mv];
	}
	return 0;
}

static int
op_tile(const struct node *n, const struct tensor *const *in,
	struct tensor *out, struct ck_error *err)
{
	const struct tensor *x = in[0], *rep = in[1];
	int64_t d[INFER_MAX_RANK], st[INFER_MAX_RANK], idx[INFER_MAX_RANK] = { 0 };
	int r = x->rank;
	size_t es = dtype_size(x->dtype);

	(void)n;
	if (rep->dtype != DT_INT64 || rep->n != (size_t)r)
		return ck_error_set(err, 0, "repeats must be int64 of length rank");
	for (int i = 0; i < r; i++) {
		int64_t k = CI64(rep)[i];
		if (k < 0 || (x->dims[i] && k > (int64_t)INFER_MAX_ELEMS / x->dims[i]))
			return ck_error_set(err, 0, "repeats out of range");
		d[i] = x->dims[i] * k;
	}
	if (tensor_alloc(&out[0], x->dtype, r, d, err) < 0)
		return -1;
	row_strides(x->dims, r, st);
	for (size_t o = 0; o < out[0].n; o++, nd_next(idx, d, r)) {
		int64_t src = 0;
		for (int i = 0; i < r; i++)
			src += (idx[i] % x->dims[i]) * st[i];
		memcpy((char *)out[0].data + o * es,
		       (const char *)x->data + (size_t)src * es, es);
	}
	return 0;
}

const struct op_def ops_shape[] = {
	{ "", "Flatten", 1, 1, 1, 1, op_flatten, NULL, NULL },
	{ "", "Reshape", 2, 2, 1, 1, op_reshape, NULL, NULL },
	{ "", "Constant", 0, 0, 1, 1, op_constant, NULL, NULL },
	{ "", "Concat", 1, 256, 1, 1, op_concat, NULL, NULL },
	{ "", "Squeeze", 1, 2, 1, 1, op_squeeze, NULL, NULL },
	{ "", "Unsqueeze", 1, 2, 1, 1, op_unsqueeze, NULL, NULL },
	{ "", "Transpose", 1, 1, 1, 1, op_transpose, NULL, NULL },
	{ "", "Shape", 1, 1, 1, 1, op_shape, NULL, NULL },
	{ "", "Size", 1, 1, 1, 1, op_size, NULL, NULL },
	{ "", "Gather", 2, 2, 1, 1, op_gather, NULL, NULL },
	{ "", "Slice", 1, 5, 1, 1, op_slice, NULL, NULL },
	{ "", "Pad", 1, 3, 1, 1, op_pad, NULL, NULL },
	{ "", "ConstantOfShape", 1, 1, 1, 1, op_constantofshape, NULL, NULL },
	{ "", "Expand", 2, 2, 1, 1, op_expand, NULL, NULL },
	{ "", "Tile", 2, 2, 1, 1, op_tile, NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};
