/* provenance.c -- hashes and descriptions that make a prediction
 * reproducible: the model's SHA-256, output hashes in ort_bench.js's
 * format, and --describe. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/hash.h"
#include "infer/infer.h"
#include "infer/onnx.pb-c.h"

int
infer_tensors_sha256(const char *const *names, const struct tensor *t,
		     size_t n, unsigned char out[32])
{
	struct ck_sha256 *h = ck_sha256_new();
	int rc = 0;

	if (!h)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char dims[INFER_MAX_RANK * 24 + 1] = "";
		size_t off = 0;

		for (int d = 0; d < t[i].rank; d++)
			off += (size_t)snprintf(dims + off, sizeof dims - off,
						"%s%lld", d ? "," : "",
						(long long)t[i].dims[d]);
		rc |= ck_sha256_update(h, names[i], strlen(names[i]) + 1);
		rc |= ck_sha256_update(h, dtype_name(t[i].dtype),
				       strlen(dtype_name(t[i].dtype)) + 1);
		rc |= ck_sha256_update(h, dims, off + 1);
		if (t[i].n)
			rc |= ck_sha256_update(h, t[i].data,
					       t[i].n * dtype_size(t[i].dtype));
	}
	if (rc == 0)
		rc = ck_sha256_final(h, out);
	ck_sha256_free(h);
	return rc ? -1 : 0;
}

json_t *
infer_json_float(float f)
{
	char buf[32];

	if (!isfinite(f))
		return json_null();
	for (int p = 1; p <= 9; p++) {
		snprintf(buf, sizeof buf, "%.*g", p, (double)f);
		if (strtof(buf, NULL) == f)
			break;
	}
	return json_real(strtod(buf, NULL));
}

static json_t *
value_info_json(const struct value_info *vi)
{
	json_t *o = json_object(), *shape = json_array();

	json_object_set_new(o, "name", json_string(vi->name));
	json_object_set_new(o, "dtype", json_string(vi->dtype ?
			    dtype_name(vi->dtype) : "unknown"));
	if (vi->rank < 0) {
		json_decref(shape);
		json_object_set_new(o, "shape", json_null());
		return o;
	}
	for (int i = 0; i < vi->rank; i++) {
		if (vi->dims[i] >= 0)
			json_array_append_new(shape, json_integer(vi->dims[i]));
		else
			json_array_append_new(shape, json_string(
				vi->dim_names[i] ? vi->dim_names[i] : "?"));
	}
	json_object_set_new(o, "shape", shape);
	return o;
}

json_t *
infer_describe(const struct model *m, const char *path)
{
	json_t *o = json_object(), *a, *opset = json_object();
	char hex[65];
	const char *slash = strrchr(path, '/');

	ck_hex_encode(m->sha256, 32, hex);
	json_object_set_new(o, "model", json_string(slash ? slash + 1 : path));
	json_object_set_new(o, "sha256", json_string(hex));
	json_object_set_new(o, "bytes", json_integer((json_int_t)m->bytes));
	json_object_set_new(o, "ir_version", json_integer(m->ir_version));
	json_object_set_new(o, "producer", json_string(m->producer));
	json_object_set_new(opset, "ai.onnx", json_integer(m->opset));
	if (m->opset_ml)
		json_object_set_new(opset, "ai.onnx.ml",
				    json_integer(m->opset_ml));
	json_object_set_new(o, "opset", opset);
	a = json_array();
	for (size_t i = 0; i < m->ninputs; i++)
		json_array_append_new(a, value_info_json(&m->inputs[i]));
	json_object_set_new(o, "inputs", a);
	a = json_array();
	for (size_t i = 0; i < m->noutputs; i++)
		json_array_append_new(a, value_info_json(&m->outputs[i]));
	json_object_set_new(o, "outputs", a);
	a = json_array();
	for (size_t i = 0; i < m->nops_used; i++)
		json_array_append_new(a, json_string(m->ops_used[i]));
	json_object_set_new(o, "ops", a);
	/* the file's nodes, not those left after fuse.c folded some */
	json_object_set_new(o, "nodes", json_integer((json_int_t)
		(m->proto && m->proto->graph ? m->proto->graph->n_node :
		 m->nnodes)));
	return o;
}
