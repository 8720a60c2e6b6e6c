/* test_infer.c -- infer's engine: the loader's refusals (unknown ops,
 * control flow, local functions, opsets, absurd dimensions, external
 * data), broadcasting, and batch and thread independence of Gemm, Conv
 * and the tree ensembles.  Models are built here with the generated
 * protobuf-c code. */
#include <config.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "infer/model.h"
#include "infer/onnx.pb-c.h"
#include "infer/schema.h"

/* ---- building models ---- */

struct mb {
	Onnx__ModelProto m;
	Onnx__GraphProto g;
	Onnx__OperatorSetIdProto os[2], *osp[2];
	Onnx__NodeProto nodes[8], *np[8];
	Onnx__AttributeProto attrs[16], *ap[8][4];
	size_t nattrs;
	Onnx__TensorProto inits[8], *ip[8];
	Onnx__ValueInfoProto vin[4], vout[4], *vinp[4], *voutp[4];
	Onnx__TypeProto ty[8];
	Onnx__TypeProto__Tensor tt[8];
	Onnx__TensorShapeProto sh[8];
	Onnx__TensorShapeProto__Dimension dim[8][4], *dimp[8][4];
	size_t nty;
};

static void
mb_init(struct mb *b, int64_t opset)
{
	memset(b, 0, sizeof *b);
	onnx__model_proto__init(&b->m);
	onnx__graph_proto__init(&b->g);
	b->m.has_ir_version = 1;
	b->m.ir_version = 8;
	b->m.graph = &b->g;
	onnx__operator_set_id_proto__init(&b->os[0]);
	b->os[0].domain = "";
	b->os[0].has_version = 1;
	b->os[0].version = opset;
	onnx__operator_set_id_proto__init(&b->os[1]);
	b->os[1].domain = "ai.onnx.ml";
	b->os[1].has_version = 1;
	b->os[1].version = 1;
	b->osp[0] = &b->os[0];
	b->osp[1] = &b->os[1];
	b->m.opset_import = b->osp;
	b->m.n_opset_import = 2;
	b->g.node = b->np;
	b->g.initializer = b->ip;
	b->g.input = b->vinp;
	b->g.output = b->voutp;
}

/* A float tensor value info; dims -1 for a symbolic "N". */
static Onnx__ValueInfoProto *
mb_vi(struct mb *b, Onnx__ValueInfoProto *vi, const char *name, int dtype,
      int rank, const int64_t *dims)
{
	size_t k = b->nty++;

	onnx__value_info_proto__init(vi);
	onnx__type_proto__init(&b->ty[k]);
	onnx__type_proto__tensor__init(&b->tt[k]);
	onnx__tensor_shape_proto__init(&b->sh[k]);
	vi->name = (char *)name;
	vi->type = &b->ty[k];
	b->ty[k].value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
	b->ty[k].tensor_type = &b->tt[k];
	b->tt[k].has_elem_type = 1;
	b->tt[k].elem_type = dtype;
	b->tt[k].shape = &b->sh[k];
	b->sh[k].n_dim = (size_t)rank;
	b->sh[k].dim = b->dimp[k];
	for (int i = 0; i < rank; i++) {
		Onnx__TensorShapeProto__Dimension *d = &b->dim[k][i];
		onnx__tensor_shape_proto__dimension__init(d);
		if (dims[i] < 0) {
			d->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM;
			d->dim_param = "N";
		} else {
			d->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
			d->dim_value = dims[i];
		}
		b->dimp[k][i] = d;
	}
	return vi;
}

static void
mb_input(struct mb *b, const char *name, int rank, const int64_t *dims)
{
	b->vinp[b->g.n_input] = mb_vi(b, &b->vin[b->g.n_input], name, 1, rank,
				      dims);
	b->g.n_input++;
}

static void
mb_output(struct mb *b, const char *name)
{
	b->voutp[b->g.n_output] = mb_vi(b, &b->vout[b->g.n_output], name, 1, 0,
					NULL);
	b->voutp[b->g.n_output]->type->tensor_type->shape = NULL;
	b->g.n_output++;
}

static Onnx__NodeProto *
mb_node(struct mb *b, const char *op, const char *name, char **in, size_t nin,
	char **out, size_t nout)
{
	Onnx__NodeProto *n = &b->nodes[b->g.n_node];

	onnx__node_proto__init(n);
	n->op_type = (char *)op;
	n->name = (char *)name;
	n->input = in;
	n->n_input = nin;
	n->output = out;
	n->n_output = nout;
	n->attribute = b->ap[b->g.n_node];
	b->np[b->g.n_node++] = n;
	return n;
}

static Onnx__AttributeProto *
mb_attr(struct mb *b, Onnx__NodeProto *n, const char *name)
{
	Onnx__AttributeProto *a = &b->attrs[b->nattrs++];

	onnx__attribute_proto__init(a);
	a->name = (char *)name;
	n->attribute[n->n_attribute++] = a;
	return a;
}

static Onnx__TensorProto *
mb_init_f(struct mb *b, const char *name, int rank, int64_t *dims,
	  float *vals, size_t n)
{
	Onnx__TensorProto *t = &b->inits[b->g.n_initializer];

	onnx__tensor_proto__init(t);
	t->name = (char *)name;
	t->n_dims = (size_t)rank;
	t->dims = dims;
	t->has_data_type = 1;
	t->data_type = 1;
	t->float_data = vals;
	t->n_float_data = n;
	b->ip[b->g.n_initializer++] = t;
	return t;
}

/* Packs b and loads it; returns the load's status, message in err. */
static int
mb_load(struct mb *b, struct model *m, const char *dir, struct ck_error *err)
{
	size_t len = onnx__model_proto__get_packed_size(&b->m);
	uint8_t *buf = malloc(len + 1);
	int rc;

	assert_non_null(buf);
	onnx__model_proto__pack(&b->m, buf);
	ck_error_clear(err);
	rc = model_load_mem(m, buf, len, dir, err);
	free(buf);
	return rc;
}

static char *XN[] = { "X" }, *YN[] = { "Y" }, *XW[] = { "X", "W" },
	*XWB[] = { "X", "W", "B" }, *LP[] = { "label", "probabilities" };

/* ---- loader refusals ---- */

static void
test_unknown_op(void **state)
{
	struct mb b;
	struct model m;
	struct ck_error err;
	int64_t d[] = { -1, 3 };

	(void)state;
	mb_init(&b, 13);
	mb_input(&b, "X", 2, d);
	mb_output(&b, "Y");
	mb_node(&b, "FancyOp", "n1", XN, 1, YN, 1);
	assert_int_equal(mb_load(&b, &m, NULL, &err), -1);
	assert_string_equal(err.msg, "unsupported op FancyOp (node 'n1')");
}

static void
test_control_flow(void **state)
{
	struct mb b;
	struct model m;
	struct ck_error err;
	Onnx__GraphProto sub = ONNX__GRAPH_PROTO__INIT;
	int64_t d[] = { -1, 3 };

	(void)state;
	mb_init(&b, 13);
	mb_input(&b, "X", 2, d);
	mb_output(&b, "Y");
	Onnx__NodeProto *n = mb_node(&b, "If", "branch", XN, 1, YN, 1);
	assert_int_equal(mb_load(&b, &m, NULL, &err), -1);
	assert_string_equal(err.msg, "unsupported op If (node 'branch')");
	/* a subgraph on an op infer knows is refused as control flow too */
	n->op_type = "Relu";
	Onnx__AttributeProto *a = mb_attr(&b, n, "then_branch");
	a->g = &sub;
	assert_int_equal(mb_load(&b, &m, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "control flow is not supported"));
	assert_non_null(strstr(err.msg, "'branch'"));
}

/* An empty name on a required input (found by fuzz_infer_model) is refused
 * at load time, not dereferenced when the model runs. */
static void
test_empty_required_input(void **state)
{
	struct mb b;
	struct model m;
	struct ck_error err;
	int64_t d[] = { -1, 3 };
	static char *EW[] = { "", "X" }, *XE[] = { "X", "", "" };

	(void)state;
	mb_init(&b, 13);
	mb_input(&b, "X", 2, d);
	mb_output(&b, "Y");
	Onnx__NodeProto *n = mb_node(&b, "Gemm", "g", EW, 2, YN, 1);
	assert_int_equal(mb_load(&b, &m, NULL, &err), -1);
	assert_string_equal(err.msg, "op Gemm (node 'g'): input #1 is "
			    "required but has no name");
	/* an omitted optional input is still fine: Clip's min and max */
	n->op_type = "Clip";
	n->input = XE;
	n->n_input = 3;
	assert_int_equal(mb_load(&b, &m, NULL, &err), 0);
	model_release(&m);
}

static void
test_functions_and_opset(void **state)
{
	struct mb b;
	struct model m;
	struct ck_error err;
	Onnx__FunctionProto f = ONNX__FUNCTION_PROTO__INIT, *fp = &f;
	int64_t d[] = { -1, 3 };

	(void)state;
	mb_init(&b, 13);
	mb_input(&b, "X", 2, d);
	mb_output(&b, "Y");
	mb_node(&b, "Relu", "r", XN, 1, YN, 1);
	f.name = "my_fn";
	b.m.functions = &fp;
	b.m.n_functions = 1;
	assert_int_equal(mb_load(&b, &m, NULL, &err), -1);
	assert_string_equal(err.msg, "model-local functions are not supported "
			    "(function 'my_fn')");
	b.m.n_functions = 0;
	b.os[0].version = 18;
	assert_int_equal(mb_load(&b, &m, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "opset 18 is newer than 17"));
	b.os[0].version = 17;
	assert_int_equal(mb_load(&b, &m, NULL, &err), 0);
	model_release(&m);
	/* an input used before it is defined */
	b.nodes[0].input[0] = "Z";
	assert_int_equal(mb_load(&b, &m, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "input 'Z' is not defined"));
	b.nodes[0].input[0] = "X";
}

static void
test_absurd_dims(void **state)
{
	struct mb b;
	struct model m;
	struct ck_error err;
	int64_t d[] = { -1, 3 };
	int64_t huge[] = { (int64_t)1 << 40, (int64_t)1 << 40 };
	int64_t neg[] = { 3, -2 };
	int64_t many[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	float v[4] = { 1, 2, 3, 4 };
	Onnx__TensorProto *t;

	(void)state;
	mb_init(&b, 13);
	mb_input(&b, "X", 2, d);
	mb_output(&b, "Y");
	mb_node(&b, "Add", "a", XW, 2, YN, 1);
	t = mb_init_f(&b, "W", 2, huge, v, 4);
	assert_int_equal(mb_load(&b, &m, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "exceeds the limit"));
	t->dims = neg;
	assert_int_equal(mb_load(&b, &m, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "negative dimension"));
	t->dims = many;
	t->n_dims = 9;
	assert_int_equal(mb_load(&b, &m, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "rank 9 exceeds"));
	/* raw data that does not fit the shape */
	int64_t two[] = { 2 };
	t->dims = two;
	t->n_dims = 1;
	t->n_float_data = 0;
	t->has_raw_data = 1;
	t->raw_data.data = (uint8_t *)v;
	t->raw_data.len = 12;
	assert_int_equal(mb_load(&b, &m, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "holds 12 bytes of data for 2"));
	t->raw_data.len = 8;
	assert_int_equal(mb_load(&b, &m, NULL, &err), 0);
	model_release(&m);
}

static void
test_external_data(void **state)
{
	struct mb b;
	struct model m;
	struct ck_error err;
	int64_t d[] = { -1, 2 }, wd[] = { 2 };
	float w[2] = { 10.0f, 20.0f }, x[4] = { 1, 2, 3, 4 };
	Onnx__StringStringEntryProto loc = ONNX__STRING_STRING_ENTRY_PROTO__INIT;
	Onnx__StringStringEntryProto off = ONNX__STRING_STRING_ENTRY_PROTO__INIT;
	Onnx__StringStringEntryProto *ext[2] = { &loc, &off };
	char dir[] = "/tmp/infer-ext-XXXXXX", path[64];
	FILE *fp;
	Onnx__TensorProto *t;
	struct tensor in, out;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/w.bin", dir);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fwrite("pad!", 1, 4, fp);
	fwrite(w, sizeof *w, 2, fp);
	fclose(fp);
	mb_init(&b, 13);
	mb_input(&b, "X", 2, d);
	mb_output(&b, "Y");
	mb_node(&b, "Add", "a", XW, 2, YN, 1);
	t = mb_init_f(&b, "W", 1, wd, NULL, 0);
	t->has_data_location = 1;
	t->data_location = ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL;
	t->external_data = ext;
	t->n_external_data = 2;
	loc.key = "location";
	off.key = "offset";
	off.value = "4";
	loc.value = "../etc/passwd";
	assert_int_equal(mb_load(&b, &m, dir, &err), -1);
	assert_non_null(strstr(err.msg, "relative path inside"));
	loc.value = "w.bin";
	assert_int_equal(mb_load(&b, &m, NULL, &err), -1);
	assert_int_equal(mb_load(&b, &m, dir, &err), 0);
	assert_int_equal(tensor_alloc(&in, 1, 2, (int64_t[]){ 2, 2 }, &err), 0);
	memcpy(in.data, x, sizeof x);
	assert_int_equal(model_run(&m, &in, &out, &err), 0);
	assert_true(((float *)out.data)[0] == 11.0f);
	assert_true(((float *)out.data)[3] == 24.0f);
	tensor_release(&out);
	model_release(&m);
	/* loaded from a file, aligned external data is mapped, not read */
	char mpath[64];
	size_t len = onnx__model_proto__get_packed_size(&b.m);
	uint8_t *buf = malloc(len + 1);
	assert_non_null(buf);
	onnx__model_proto__pack(&b.m, buf);
	snprintf(mpath, sizeof mpath, "%s/m.onnx", dir);
	fp = fopen(mpath, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(buf, 1, len, fp), len);
	fclose(fp);
	free(buf);
	assert_int_equal(model_load_file(&m, mpath, &err), 0);
	assert_int_equal(m.nmaps, 2);	/* the model and w.bin */
	for (size_t k = 0; k < m.nvalues; k++)
		if (m.is_init[k])
			assert_ptr_equal(m.inits[k].data,
					 (char *)m.maps[0].p + 4);
	assert_int_equal(model_run(&m, &in, &out, &err), 0);
	assert_true(((float *)out.data)[3] == 24.0f);
	tensor_release(&out);
	tensor_release(&in);
	model_release(&m);
	unlink(mpath);
	off.value = "8";	/* runs past the end of the file */
	assert_int_equal(mb_load(&b, &m, dir, &err), -1);
	assert_non_null(strstr(err.msg, "shorter than the tensor"));
	unlink(path);
	rmdir(dir);
}

/* ---- broadcasting and batch independence ---- */

static void
test_broadcast(void **state)
{
	struct mb b;
	struct model m;
	struct ck_error err;
	int64_t d[] = { 2, 1, 3 }, wd[] = { 4, 1 };
	float w[4] = { 100, 200, 300, 400 };
	struct tensor in, out;

	(void)state;
	mb_init(&b, 13);
	mb_input(&b, "X", 3, d);
	mb_output(&b, "Y");
	mb_node(&b, "Sub", "s", XW, 2, YN, 1);
	mb_init_f(&b, "W", 2, wd, w, 4);
	assert_int_equal(mb_load(&b, &m, NULL, &err), 0);
	assert_int_equal(tensor_alloc(&in, 1, 3, d, &err), 0);
	for (int i = 0; i < 6; i++)
		((float *)in.data)[i] = (float)i;
	assert_int_equal(model_run(&m, &in, &out, &err), 0);
	/* [2,1,3] - [4,1] -> [2,4,3]; out[b][r][c] = x[b][c] - w[r] */
	assert_int_equal(out.rank, 3);
	assert_int_equal(out.dims[0], 2);
	assert_int_equal(out.dims[1], 4);
	assert_int_equal(out.dims[2], 3);
	for (int bb = 0; bb < 2; bb++)
		for (int r = 0; r < 4; r++)
			for (int c = 0; c < 3; c++)
				assert_true(((float *)out.data)[(bb * 4 + r) * 3 + c] ==
					    (float)(bb * 3 + c) - w[r]);
	tensor_release(&out);
	tensor_release(&in);
	/* incompatible shapes are an error, not a crash */
	int64_t bad2[] = { 2, 2, 5 };
	assert_int_equal(tensor_alloc(&in, 1, 3, bad2, &err), 0);
	assert_int_equal(model_run(&m, &in, &out, &err), -1);
	assert_non_null(strstr(err.msg, "cannot be broadcast"));
	assert_non_null(strstr(err.msg, "node 's'"));
	tensor_release(&in);
	model_release(&m);
}

static uint32_t
lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

/* Runs a model on rows [0,n) as one batch, one by one, and in chunks of
 * rows on 1 to 4 threads (model_run_rows, -j): the same bits. */
static void
check_rows(struct model *m, int rank, const int64_t *rowdims, size_t n)
{
	struct ck_error err;
	struct tensor in, out, one, o1;
	int64_t d[INFER_MAX_RANK];
	size_t per = 1;
	uint32_t seed = 42;

	d[0] = (int64_t)n;
	for (int i = 0; i < rank; i++) {
		d[i + 1] = rowdims[i];
		per *= (size_t)rowdims[i];
	}
	assert_int_equal(tensor_alloc(&in, 1, rank + 1, d, &err), 0);
	for (size_t i = 0; i < in.n; i++)
		((float *)in.data)[i] = (float)(lcg(&seed) % 20001) / 1000.0f - 10.0f;
	assert_int_equal(model_run(m, &in, &out, &err), 0);
	size_t outper = out.n / n;
	static const size_t chunk[] = { 1, 2, 4, 0, 3 };
	static const int threads[] = { 1, 2, 3, 4, 2 };
	for (size_t c = 0; c < sizeof chunk / sizeof *chunk; c++) {
		struct tensor oj;

		assert_int_equal(model_run_rows(m, &in, &oj, chunk[c], threads[c],
						&err), 0);
		assert_int_equal(oj.rank, out.rank);
		assert_memory_equal(oj.dims, out.dims, sizeof oj.dims);
		assert_memory_equal(oj.data, out.data,
				    out.n * dtype_size(out.dtype));
		tensor_release(&oj);
	}
	for (size_t r = 0; r < n; r++) {
		d[0] = 1;
		assert_int_equal(tensor_alloc(&one, 1, rank + 1, d, &err), 0);
		memcpy(one.data, (float *)in.data + r * per, per * sizeof(float));
		assert_int_equal(model_run(m, &one, &o1, &err), 0);
		assert_int_equal(o1.n, outper);
		assert_memory_equal(o1.data, (char *)out.data +
				    r * outper * dtype_size(out.dtype),
				    outper * dtype_size(out.dtype));
		tensor_release(&o1);
		tensor_release(&one);
	}
	tensor_release(&out);
	tensor_release(&in);
}

static void
test_gemm_batch_independent(void **state)
{
	struct mb b;
	struct model m;
	struct ck_error err;
	int64_t d[] = { -1, 37 }, wd[] = { 5, 37 }, bd[] = { 5 };
	float w[5 * 37], bias[5];
	uint32_t seed = 7;

	(void)state;
	for (size_t i = 0; i < 5 * 37; i++)
		w[i] = (float)(lcg(&seed) % 2001) / 1000.0f - 1.0f;
	for (size_t i = 0; i < 5; i++)
		bias[i] = (float)i / 3.0f;
	mb_init(&b, 13);
	mb_input(&b, "X", 2, d);
	mb_output(&b, "Y");
	Onnx__NodeProto *n = mb_node(&b, "Gemm", "g", XWB, 3, YN, 1);
	Onnx__AttributeProto *a = mb_attr(&b, n, "transB");
	a->has_i = 1;
	a->i = 1;
	mb_init_f(&b, "W", 2, wd, w, 5 * 37);
	mb_init_f(&b, "B", 1, bd, bias, 5);
	assert_int_equal(mb_load(&b, &m, NULL, &err), 0);
	/* batch 9 takes the transposed path, batch 1 the dot products */
	check_rows(&m, 1, d + 1, 9);
	model_release(&m);
}

static void
test_conv_batch_independent(void **state)
{
	struct mb b;
	struct model m;
	struct ck_error err;
	int64_t d[] = { -1, 2, 7, 6 }, wd[] = { 3, 2, 3, 3 }, bd[] = { 3 };
	float w[54], bias[3] = { 0.5f, -1, 2 };
	int64_t pads[] = { 1, 0, 1, 2 }, strides[] = { 2, 1 };
	uint32_t seed = 9;

	(void)state;
	for (size_t i = 0; i < 54; i++)
		w[i] = (float)(lcg(&seed) % 2001) / 1000.0f - 1.0f;
	mb_init(&b, 13);
	mb_input(&b, "X", 4, d);
	mb_output(&b, "Y");
	Onnx__NodeProto *n = mb_node(&b, "Conv", "c", XWB, 3, YN, 1);
	Onnx__AttributeProto *a = mb_attr(&b, n, "pads");
	a->ints = pads;
	a->n_ints = 4;
	a = mb_attr(&b, n, "strides");
	a->ints = strides;
	a->n_ints = 2;
	mb_init_f(&b, "W", 4, wd, w, 54);
	mb_init_f(&b, "B", 1, bd, bias, 3);
	assert_int_equal(mb_load(&b, &m, NULL, &err), 0);
	check_rows(&m, 3, d + 1, 5);
	model_release(&m);
}

static void
test_tree_cycle(void **state)
{
	struct mb b;
	struct model m;
	struct ck_error err;
	int64_t d[] = { -1, 2 };
	int64_t tids[] = { 0, 0, 0 }, nids[] = { 0, 1, 2 }, fids[] = { 0, 1, 0 };
	int64_t tn[] = { 1, 0, 0 }, fn[] = { 2, 0, 0 };
	float vals[] = { 0.5f, 0.5f, 0 };
	int64_t ct[] = { 0 }, cn[] = { 2 }, ci[] = { 0 }, labels[] = { 0, 1 };
	float cw[] = { 0.75f };
	ProtobufCBinaryData modes[3] = {
		{ 10, (uint8_t *)"BRANCH_LEQ" }, { 10, (uint8_t *)"BRANCH_LEQ" },
		{ 4, (uint8_t *)"LEAF" } };
	struct tensor in, out[2];

	(void)state;
	mb_init(&b, 13);
	mb_input(&b, "X", 2, d);
	mb_output(&b, "label");
	mb_output(&b, "probabilities");
	Onnx__NodeProto *n = mb_node(&b, "TreeEnsembleClassifier", "t", XN, 1,
				     LP, 2);
	n->domain = "ai.onnx.ml";
#define INTS(nm, v, k) do { Onnx__AttributeProto *x = mb_attr(&b, n, nm); \
		x->ints = v; x->n_ints = k; } while (0)
#define FLOATS(nm, v, k) do { Onnx__AttributeProto *x = mb_attr(&b, n, nm); \
		x->floats = v; x->n_floats = k; } while (0)
	INTS("nodes_treeids", tids, 3);
	INTS("nodes_nodeids", nids, 3);
	INTS("nodes_featureids", fids, 3);
	INTS("nodes_truenodeids", tn, 3);
	INTS("nodes_falsenodeids", fn, 3);
	FLOATS("nodes_values", vals, 3);
	Onnx__AttributeProto *mo = mb_attr(&b, n, "nodes_modes");
	mo->strings = modes;
	mo->n_strings = 3;
	INTS("class_treeids", ct, 1);
	INTS("class_nodeids", cn, 1);
	INTS("class_ids", ci, 1);
	FLOATS("class_weights", cw, 1);
	INTS("classlabels_int64s", labels, 2);
	assert_int_equal(mb_load(&b, &m, NULL, &err), 0);
	assert_int_equal(tensor_alloc(&in, 1, 2, (int64_t[]){ 1, 2 }, &err), 0);
	/* x0 > 0.5 goes to the leaf: binary case, p = 0.75 -> label 1 */
	((float *)in.data)[0] = 1;
	assert_int_equal(model_run(&m, &in, out, &err), 0);
	assert_int_equal(((int64_t *)out[0].data)[0], 1);
	assert_true(((float *)out[1].data)[0] == 0.25f);
	assert_true(((float *)out[1].data)[1] == 0.75f);
	tensor_release(&out[0]);
	tensor_release(&out[1]);
	/* x0 <= 0.5 and x1 <= 0.5 loops 0 -> 1 -> 0: caught */
	((float *)in.data)[0] = 0;
	((float *)in.data)[1] = 0;
	assert_int_equal(model_run(&m, &in, out, &err), -1);
	assert_non_null(strstr(err.msg, "has a cycle"));
	tensor_release(&in);
	model_release(&m);
	/* a branch to a node that does not exist is refused at load */
	tn[0] = 7;
	assert_int_equal(mb_load(&b, &m, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "leads nowhere"));
}

static void
test_schema(void **state)
{
	struct schema s;
	struct ck_error err;
	const char *ok = "field: x\nmin: 0\nfeatures:\n  - {index: 2, name: age, "
		"min: 0, max: 120}\n";

	(void)state;
	ck_error_clear(&err);
	assert_int_equal(schema_load_buf(&s, ok, strlen(ok), "s.yaml", &err), 0);
	assert_string_equal(s.field, "x");
	assert_int_equal(schema_check_value(&s, 2, 121, &err), -1);
	assert_string_equal(err.msg, "age (position 2) is outside [0, 120]");
	assert_int_equal(schema_check_value(&s, 3, 121, &err), 0);
	assert_int_equal(schema_check_value(&s, 3, -1, &err), -1);
	assert_int_equal(schema_check_value(&s, 3, NAN, &err), -1);
	schema_release(&s);
	assert_int_equal(schema_load_buf(&s, "shape: [1, -2]\n", 15, "t.yaml",
					 &err), -1);
	assert_string_equal(err.msg, "t.yaml:1: dimension is not a non-negative "
			    "integer");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_op),
		cmocka_unit_test(test_control_flow),
		cmocka_unit_test(test_empty_required_input),
		cmocka_unit_test(test_functions_and_opset),
		cmocka_unit_test(test_absurd_dims),
		cmocka_unit_test(test_external_data),
		cmocka_unit_test(test_broadcast),
		cmocka_unit_test(test_gemm_batch_independent),
		cmocka_unit_test(test_conv_batch_independent),
		cmocka_unit_test(test_tree_cycle),
		cmocka_unit_test(test_schema),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
