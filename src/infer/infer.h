/* infer.h -- the infer tool: record filter, describe and provenance over
 * the engine in libinfer.a (model.h, ops.h). */
#ifndef INFER_INFER_H
#define INFER_INFER_H

#include <stdio.h>
#include <jansson.h>
#include "common/err.h"
#include "infer/model.h"
#include "infer/schema.h"

#define INFER_DEFAULT_BATCH 64
#define INFER_MAX_BATCH 4096
#define INFER_MAX_JOBS 256

struct infer_opts {
	const char *model_path;
	const char *field;	/* NULL: schema's, else "features" */
	const char *schema_path;
	const char *expect_path;
	int skip_errors;	/* --on-error skip */
	size_t batch;
	int jobs;		/* -j: threads running a batch's chunks */
};

/* Runs the filter over the named inputs (NULL-terminated; none or "-" is
 * standard input) writing records to out.  Returns the exit status. */
int infer_filter(const struct infer_opts *o, const struct model *m,
		 const struct schema *s, const char *const *paths, FILE *out);

/* The JSON description of a model (--describe); new reference. */
json_t *infer_describe(const struct model *m, const char *path);

/* SHA-256 of tensors in the hash format of onnxruntime's ort_bench.js:
 * for each, name NUL type NUL dims-joined-by-comma NUL, then the raw
 * little-endian bytes. */
int infer_tensors_sha256(const char *const *names, const struct tensor *t,
			 size_t n, unsigned char out[32]);

/* Shortest decimal that reads back as the same float32, as a JSON real. */
json_t *infer_json_float(float f);

#endif
