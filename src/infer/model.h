/* model.h -- an ONNX model loaded for inference: the parsed protobuf, a
 * value table (initializers, graph inputs, node outputs) and the nodes in
 * the order they run.
 *
 * model_load refuses what infer cannot run exactly (an unknown op, control
 * flow, local functions, an opset above 17, sparse or string tensors,
 * absurd dimensions) with a message naming the op and the node. */
#ifndef INFER_MODEL_H
#define INFER_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "common/err.h"
#include "common/hash.h"
#include "infer/tensor.h"

struct Onnx__ModelProto;
struct Onnx__NodeProto;
struct Onnx__TensorProto;
struct op_def;
struct infer_epi;

#define INFER_MAX_OPSET 17

struct value_info {		/* a declared graph input or output */
	const char *name;
	int dtype;		/* DT_UNDEF if not declared */
	int rank;		/* -1 if unknown */
	int64_t dims[INFER_MAX_RANK];	/* -1 for a symbolic dimension */
	const char *dim_names[INFER_MAX_RANK];
	int value;		/* index in the value table */
	int not_tensor;		/* a sequence, map or optional */
};

struct node {
	const struct Onnx__NodeProto *p;
	const struct op_def *op;
	int opset;		/* of the node's domain */
	int nin, nout;
	int *in;		/* value indices, -1 for an omitted input */
	int *out;
	void *state;		/* per-op precomputed data (tree ensembles) */
	struct infer_epi *epi;	/* elementwise nodes folded in (kernels.h) */
};

struct infer_map {		/* a mapped file region, unmapped on release */
	void *p;
	size_t len;
};

struct model {
	struct Onnx__ModelProto *proto;
	struct infer_map *maps;	/* the model file, external data files */
	size_t nmaps;
	struct Onnx__TensorProto **inplace;	/* raw_data in a mapping */
	size_t ninplace;
	unsigned char sha256[CK_SHA256_LEN];
	size_t bytes;
	int64_t opset;		/* ai.onnx */
	int64_t opset_ml;	/* ai.onnx.ml, 0 if not imported */
	int64_t ir_version;
	const char *producer;

	size_t nvalues;
	char **value_names;	/* borrowed from proto */
	struct tensor *inits;	/* per value: initializer or empty */
	size_t ninits;		/* entries in inits */
	unsigned char *is_init;

	size_t ninputs, noutputs;
	struct value_info *inputs;	/* graph inputs that are not initializers */
	struct value_info *outputs;

	size_t nnodes;
	struct node *nodes;
	const char **ops_used;	/* sorted op types, "domain:Op" outside ai.onnx */
	size_t nops_used;
};

/* Parses bytes, resolving external data relative to dir (NULL: external
 * data refused); the weights are copied, bytes may go once this returns.
 * 0 or -1 with err. */
int model_load_mem(struct model *m, const void *bytes, size_t len,
		   const char *dir, struct ck_error *err);
/* Maps path and loads it: weights (raw_data, external data) aligned for
 * their type are used where they lie in the mapping, not copied; the
 * mapping lives as long as the model. */
int model_load_file(struct model *m, const char *path, struct ck_error *err);
void model_release(struct model *m);

/* Runs the graph.  in[i] is the tensor for m->inputs[i] (borrowed); out[i]
 * receives a new tensor for m->outputs[i] (caller releases).  0 or -1. */
int model_run(const struct model *m, const struct tensor *in,
	      struct tensor *out, struct ck_error *err);

/* The same over a batch cut into chunks of rows (0: the whole batch) run
 * on up to threads threads (rows.c): the same bits as model_run, with the
 * memory of intermediate values bounded by one chunk per thread.  Every
 * input must carry the batch as its first dimension, or the batch runs
 * whole. */
int model_run_rows(const struct model *m, const struct tensor *in,
		   struct tensor *out, size_t rows, int threads,
		   struct ck_error *err);
/* Input bytes of a chunk: with the activations they give rise to, a chunk
 * of rows stays in the caches (a PaddleOCR batch of 64 run whole is a
 * third slower per image than in chunks of 2) while tabular models still
 * run whole batches. */
#define INFER_CHUNK_BYTES ((size_t)256 << 10)
/* Rows per chunk for the batch in (at least 1; 0 when in has no batch
 * dimension): INFER_CHUNK_BYTES of input. */
size_t model_chunk_rows(const struct model *m, const struct tensor *in);

/* Converts a TensorProto (raw_data or typed fields; external data relative
 * to dir) into t, bounding its size first. */
int tensor_from_proto(struct tensor *t, const struct Onnx__TensorProto *tp,
		      const char *dir, struct ck_error *err);

/* For model.c (init.c).  model_add_map records a mapping the model unmaps
 * on release.  model_attach_raw gives each tensor whose raw_data wire.c
 * left out of the unpacked proto its bytes: in place when bytes is the
 * model's own mapping (own) and they are aligned for the type, else a copy
 * the proto owns; model_detach_raw unhooks the in-place ones before the
 * proto is freed.  model_load_init builds an initializer's tensor,
 * mapping aligned external data when own. */
struct raw_ref;
int model_add_map(struct model *m, void *p, size_t len, struct ck_error *err);
int model_attach_raw(struct model *m, const uint8_t *bytes,
		     const struct raw_ref *refs, size_t nrefs, int own,
		     struct ck_error *err);
void model_detach_raw(struct model *m);
int model_load_init(struct model *m, struct tensor *t,
		    const struct Onnx__TensorProto *tp, const char *dir,
		    int own, struct ck_error *err);

#endif
