/* tensor.c -- allocation, copies and broadcasting of infer tensors. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "infer/tensor.h"

size_t infer_max_elems = (size_t)1 << 28;

size_t
dtype_size(int dtype)
{
	switch (dtype) {
	case DT_FLOAT: case DT_INT32: return 4;
	case DT_INT64: case DT_DOUBLE: return 8;
	case DT_BOOL: case DT_UINT8: case DT_INT8: return 1;
	default: return 0;
	}
}

const char *
dtype_name(int dtype)
{
	switch (dtype) {
	case DT_FLOAT: return "float32";
	case DT_INT32: return "int32";
	case DT_INT64: return "int64";
	case DT_DOUBLE: return "float64";
	case DT_BOOL: return "bool";
	case DT_UINT8: return "uint8";
	case DT_INT8: return "int8";
	default: return "unsupported";
	}
}

int
tensor_check_shape(struct tensor *t, struct ck_error *err)
{
	size_t n = 1;

	if (t->rank < 0 || t->rank > INFER_MAX_RANK)
		return ck_error_set(err, 0, "rank %d exceeds the limit of %d",
				    t->rank, INFER_MAX_RANK);
	for (int i = 0; i < t->rank; i++) {
		if (t->dims[i] < 0)
			return ck_error_set(err, 0, "negative dimension %lld",
					    (long long)t->dims[i]);
		if (t->dims[i] > (int64_t)INFER_MAX_ELEMS)
			return ck_error_set(err, 0, "dimension %lld exceeds the "
					    "limit of %zu elements",
					    (long long)t->dims[i],
					    INFER_MAX_ELEMS);
		n *= (size_t)t->dims[i];
		if (n > INFER_MAX_ELEMS)
			return ck_error_set(err, 0, "tensor of more than %zu "
					    "elements", INFER_MAX_ELEMS);
	}
	t->n = n;
	return 0;
}

/* zero: calloc'd, else left undefined for an op that writes it all */
static int
alloc_shaped(struct tensor *t, int dtype, int rank, const int64_t *dims,
	     int zero, struct ck_error *err)
{
	size_t es = dtype_size(dtype);

	memset(t, 0, sizeof *t);
	if (es == 0)
		return ck_error_set(err, 0, "unsupported element type %d",
				    dtype);
	t->dtype = dtype;
	t->rank = rank;
	if (rank < 0 || rank > INFER_MAX_RANK)
		return ck_error_set(err, 0, "rank %d exceeds the limit of %d",
				    rank, INFER_MAX_RANK);
	if (rank > 0)
		memcpy(t->dims, dims, (size_t)rank * sizeof *dims);
	if (tensor_check_shape(t, err) < 0)
		return -1;
	/* n * es cannot overflow: tensor_check_shape bounds n */
	t->data = zero ? calloc(t->n ? t->n : 1, es) :
		malloc(t->n ? t->n * es : 1);
	if (!t->data)
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

int
tensor_alloc(struct tensor *t, int dtype, int rank, const int64_t *dims,
	     struct ck_error *err)
{
	return alloc_shaped(t, dtype, rank, dims, 1, err);
}

int
tensor_alloc_uninit(struct tensor *t, int dtype, int rank, const int64_t *dims,
		    struct ck_error *err)
{
	return alloc_shaped(t, dtype, rank, dims, 0, err);
}

void
tensor_release(struct tensor *t)
{
	if (!t->borrowed)
		free(t->data);
	memset(t, 0, sizeof *t);
}

int
tensor_copy(struct tensor *dst, const struct tensor *src,
	    struct ck_error *err)
{
	if (tensor_alloc(dst, src->dtype, src->rank, src->dims, err) < 0)
		return -1;
	if (src->n)
		memcpy(dst->data, src->data, src->n * dtype_size(src->dtype));
	return 0;
}

void
tensor_move(struct tensor *dst, struct tensor *src)
{
	tensor_release(dst);
	*dst = *src;
	memset(src, 0, sizeof *src);
}

int
broadcast_shape(int ra, const int64_t *da, int rb, const int64_t *db,
		int *rout, int64_t *dout, struct ck_error *err)
{
	int r = ra > rb ? ra : rb;

	for (int i = 0; i < r; i++) {
		int ia = i - (r - ra), ib = i - (r - rb);
		int64_t a = ia >= 0 ? da[ia] : 1, b = ib >= 0 ? db[ib] : 1;

		if (a == b || b == 1)
			dout[i] = a;
		else if (a == 1)
			dout[i] = b;
		else
			return ck_error_set(err, 0, "shapes cannot be broadcast "
					    "(%lld against %lld)",
					    (long long)a, (long long)b);
	}
	*rout = r;
	return 0;
}

void
broadcast_strides(const struct tensor *t, int rout, const int64_t *dout,
		  int64_t *strides)
{
	int64_t s = 1;

	for (int i = rout - 1; i >= 0; i--) {
		int it = i - (rout - t->rank);

		if (it < 0 || (t->dims[it] == 1 && dout[i] != 1)) {
			strides[i] = 0;
		} else {
			strides[i] = t->dims[it] == 1 ? 0 : s;
			s *= t->dims[it];
		}
	}
}

int64_t
tensor_get_i64(const struct tensor *t, size_t i)
{
	switch (t->dtype) {
	case DT_INT64: return ((const int64_t *)t->data)[i];
	case DT_INT32: return ((const int32_t *)t->data)[i];
	case DT_BOOL: case DT_UINT8: return ((const uint8_t *)t->data)[i];
	case DT_INT8: return ((const int8_t *)t->data)[i];
	case DT_FLOAT: return (int64_t)((const float *)t->data)[i];
	case DT_DOUBLE: return (int64_t)((const double *)t->data)[i];
	default: return 0;
	}
}

double
tensor_get_f64(const struct tensor *t, size_t i)
{
	switch (t->dtype) {
	case DT_FLOAT: return ((const float *)t->data)[i];
	case DT_DOUBLE: return ((const double *)t->data)[i];
	default: return (double)tensor_get_i64(t, i);
	}
}

int
normalize_axis(int64_t axis, int rank, int *out, struct ck_error *err)
{
	if (axis < -rank || axis >= (rank ? rank : 1))
		return ck_error_set(err, 0, "axis %lld out of range for rank %d",
				    (long long)axis, rank);
	*out = (int)(axis < 0 ? axis + rank : axis);
	return 0;
}
