/* ops.h -- the operator table of infer and the helpers operators share.
 *
 * An operator computes its outputs from its inputs: in[i] is NULL for an
 * omitted optional input; out[i] are empty tensors it must allocate.  It
 * returns 0 or -1 with err (the caller prefixes the node). */
#ifndef INFER_OPS_H
#define INFER_OPS_H

#include "infer/model.h"
#include "infer/tensor.h"

struct Onnx__AttributeProto;

typedef int (*op_fn)(const struct node *n, const struct tensor *const *in,
		     struct tensor *out, struct ck_error *err);
/* At load time, with the initializers loaded (m->inits). */
typedef int (*op_prepare_fn)(struct node *n, const struct model *m,
			     struct ck_error *err);

struct op_def {
	const char *domain;	/* "" for ai.onnx, "ai.onnx.ml" */
	const char *name;
	int min_in, max_in, min_out, max_out;
	op_fn run;
	op_prepare_fn prepare;	/* optional, at load time */
	void (*release)(struct node *n);
};

/* The op named name in domain, NULL if infer does not implement it. */
const struct op_def *op_find(const char *domain, const char *name);
/* Prints every supported op, one a line. */
void op_list(void (*emit)(const char *domain, const char *name, void *),
	     void *arg);

/* Attribute access (NULL / default when absent). */
const struct Onnx__AttributeProto *attr_get(const struct node *n,
					     const char *name);
int64_t attr_int(const struct node *n, const char *name, int64_t def);
float attr_float(const struct node *n, const char *name, float def);
const char *attr_str(const struct node *n, const char *name, const char *def);
/* Integer list; returns count (0 if absent) and sets *v (borrowed). */
size_t attr_ints(const struct node *n, const char *name, const int64_t **v);
size_t attr_floats(const struct node *n, const char *name, const float **v);

/* Op families (one file each). */
extern const struct op_def ops_elementwise[];
extern const struct op_def ops_matmul[];
extern const struct op_def ops_conv[];
extern const struct op_def ops_reduce[];
extern const struct op_def ops_shape[];
extern const struct op_def ops_tree[];

/* On an x86-64 loop-heavy op: versions for AVX-512F, AVX2 and the baseline,
 * one picked at load time.  The vectorised loops only ever compute
 * independent lanes (no reassociation, no FMA: -ffp-contract=off), so
 * every version gives the same bits. */
#if defined(__GNUC__) && defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define INFER_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
#endif
#ifndef INFER_CLONES
#define INFER_CLONES
#endif
/* The same for a function other files call.  clang 14 emits no ifunc for
 * an external target_clones function (callers in other files find no
 * symbol), so under clang, the fuzzing build's compiler, such a function
 * is built once for the baseline. */
#if defined(__clang__)
#define INFER_CLONES_EXTERN
#else
#define INFER_CLONES_EXTERN INFER_CLONES
#endif

/* Shorthand used by the op files. */
#define F32(t) ((float *)(t)->data)
#define CF32(t) ((const float *)(t)->data)
#define I64(t) ((int64_t *)(t)->data)
#define CI64(t) ((const int64_t *)(t)->data)
int need_dtype(const struct tensor *t, int dtype, const char *what,
	       struct ck_error *err);

#endif
