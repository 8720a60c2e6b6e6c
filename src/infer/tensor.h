/* tensor.h -- dense tensors of infer: float32, int64 and a few storage
 * types, with NumPy broadcasting helpers.
 *
 * A tensor owns its data unless borrowed is set (initializers that point
 * into the parsed model).  Every allocation is bounded first: no tensor
 * larger than INFER_MAX_ELEMS elements or INFER_MAX_RANK dimensions. */
#ifndef INFER_TENSOR_H
#define INFER_TENSOR_H

#include <stddef.h>
#include <stdint.h>
#include "common/err.h"

#define INFER_MAX_RANK 8
/* Elements in one tensor: 2^28 (1 GiB of float32); the fuzzer lowers it. */
extern size_t infer_max_elems;
#define INFER_MAX_ELEMS infer_max_elems

/* ONNX TensorProto.DataType values. */
enum infer_dtype {
	DT_UNDEF = 0, DT_FLOAT = 1, DT_UINT8 = 2, DT_INT8 = 3, DT_INT32 = 6,
	DT_INT64 = 7, DT_BOOL = 9, DT_DOUBLE = 11
};

struct tensor {
	int dtype;
	int rank;
	int64_t dims[INFER_MAX_RANK];
	size_t n;		/* product of dims */
	void *data;
	int borrowed;		/* data not freed by tensor_release */
};

/* Size of one element, 0 for a type infer does not hold. */
size_t dtype_size(int dtype);
/* "float32", "int64", ... (the names onnxruntime-node prints). */
const char *dtype_name(int dtype);

/* Checks rank and dims (non-negative, product bounded); sets t->n. */
int tensor_check_shape(struct tensor *t, struct ck_error *err);
/* Allocates t (zeroed) with dtype and shape; 0 or -1 with err. */
int tensor_alloc(struct tensor *t, int dtype, int rank, const int64_t *dims,
		 struct ck_error *err);
/* The same, contents left undefined: for an op that writes every element
 * (zeroing a large output it then overwrites costs as much as a pass). */
int tensor_alloc_uninit(struct tensor *t, int dtype, int rank,
			const int64_t *dims, struct ck_error *err);
void tensor_release(struct tensor *t);
/* Deep copy (src may be borrowed; dst owns). */
int tensor_copy(struct tensor *dst, const struct tensor *src,
		struct ck_error *err);
/* Moves src into dst (dst released first); src is left empty. */
void tensor_move(struct tensor *dst, struct tensor *src);

/* Broadcast shape of a and b (NumPy rules); -1 with err if incompatible. */
int broadcast_shape(int ra, const int64_t *da, int rb, const int64_t *db,
		    int *rout, int64_t *dout, struct ck_error *err);
/* Strides of t (in elements) aligned to an output of rank rout, 0 where t
 * is broadcast. */
void broadcast_strides(const struct tensor *t, int rout, const int64_t *dout,
		       int64_t *strides);

/* Reads element i of an integer tensor (int64/int32/...) as int64. */
int64_t tensor_get_i64(const struct tensor *t, size_t i);
/* Reads element i of a numeric tensor as double. */
double tensor_get_f64(const struct tensor *t, size_t i);

int normalize_axis(int64_t axis, int rank, int *out, struct ck_error *err);

#endif
