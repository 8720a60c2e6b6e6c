/* wire.h -- an ONNX model's protobuf bytes without the weights, so that
 * the weights can be used where they lie (a mapped file) instead of being
 * copied by protobuf-c's unpack. */
#ifndef INFER_WIRE_H
#define INFER_WIRE_H

#include <stddef.h>
#include <stdint.h>

struct raw_ref {		/* where a tensor's raw_data lies */
	size_t off, len;	/* in the original bytes */
	int has;		/* 0: the tensor holds no raw_data */
	int in_node;		/* 0: graph.initializer[i]; 1: the tensor
				 * of graph.node[i].attribute[j] (Constant) */
	size_t i, j;
};

/* Copies the ModelProto in p[0..len) to a new buffer *out (*outlen bytes),
 * each raw_data of the top-level graph's initializers and of its nodes'
 * tensor attributes replaced by an empty one, and records in *refs (*nrefs
 * entries, one per such tensor) where the bytes were.  Returns 0, or -1 when the bytes are not laid out
 * as expected (a graph given twice, a group, a bad length...) or memory
 * runs out: the caller then unpacks the bytes as they are.  The caller
 * frees *out and *refs. */
int wire_strip_raw(const uint8_t *p, size_t len, uint8_t **out,
		   size_t *outlen, struct raw_ref **refs, size_t *nrefs);

#endif
