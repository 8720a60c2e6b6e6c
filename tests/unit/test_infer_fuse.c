/* test_infer_fuse.c -- kernels.c against the code it stands in for, bit
 * for bit: MaxPool's 2x2 stride 2 kernel against the general pooling
 * loop's order (NaN, -0 and -inf included), and the elementwise nodes
 * folded into a Conv or Gemm (fuse.c) against the same model run node by
 * node -- built models (BatchNormalization, Relu, HardSwish as Add, Clip,
 * Mul, Div, HardSigmoid, pooling, a value also read elsewhere) and the
 * shipped CNN and PaddleOCR classifier. */
#include <config.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "infer/kernels.h"
#include "infer/model.h"
#include "infer/onnx.pb-c.h"
#include "infer/ops.h"

static uint32_t
lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

/* Mostly values with many significant bits, some special ones. */
static float
rnd(uint32_t *s)
{
	uint32_t r = lcg(s);

	switch (r % 64) {
	case 0: return NAN;
	case 1: return -0.0f;
	case 2: return 0.0f;
	case 3: return -INFINITY;
	case 4: return INFINITY;
	default: return (float)((int32_t)(r % 2000001u) - 1000000) / 77777.0f;
	}
}

/* ---- MaxPool 2x2, stride 2 ---- */

/* The general loop of conv.c for one window: -inf, then each value in
 * row-major order. */
static float
ref_max(const float *r0, const float *r1, size_t c)
{
	const float v[4] = { r0[c], r0[c + 1], r1[c], r1[c + 1] };
	float acc = -INFINITY;

	for (int i = 0; i < 4; i++)
		if (v[i] > acc || v[i] != v[i])
			acc = v[i];
	return acc;
}

static void
test_maxpool_2x2(void **state)
{
	uint32_t seed = 3;

	(void)state;
	for (size_t ih = 2; ih <= 9; ih++)
	for (size_t iw = 2; iw <= 41; iw++) {
		size_t oh = ih / 2, ow = iw / 2, planes = 3;
		float *x = malloc(planes * ih * iw * sizeof *x);
		float *y = malloc(planes * oh * ow * sizeof *y);
		float *r = malloc(planes * oh * ow * sizeof *r);

		assert_non_null(x);
		assert_non_null(y);
		assert_non_null(r);
		for (size_t i = 0; i < planes * ih * iw; i++)
			x[i] = rnd(&seed);
		/* some NaNs with payloads, to see which one comes out */
		x[lcg(&seed) % (planes * ih * iw)] = -NAN;
		for (size_t p = 0; p < planes; p++)
			for (size_t a = 0; a < oh; a++)
				for (size_t b = 0; b < ow; b++) {
					const float *r0 = x + (p * ih + 2 * a) * iw;
					r[(p * oh + a) * ow + b] =
						ref_max(r0, r0 + iw, 2 * b);
				}
		infer_maxpool_2x2(x, y, planes, ih, iw, oh, ow);
		assert_memory_equal(y, r, planes * oh * ow * sizeof *y);
		free(x);
		free(y);
		free(r);
	}
}

/* ---- building models ---- */

#define MB_NODES 12
#define MB_INITS 16

struct mb {
	Onnx__ModelProto m;
	Onnx__GraphProto g;
	Onnx__OperatorSetIdProto os, *osp;
	Onnx__NodeProto nodes[MB_NODES], *np[MB_NODES];
	Onnx__AttributeProto attrs[32], *ap[MB_NODES][4];
	size_t nattrs;
	Onnx__TensorProto inits[MB_INITS], *ip[MB_INITS];
	Onnx__ValueInfoProto vin, vout[2], *vinp, *voutp[2];
	Onnx__TypeProto ty[3];
	Onnx__TypeProto__Tensor tt[3];
	char *names[MB_NODES][3];
	char *outs[MB_NODES];
};

static void
mb_init(struct mb *b, int64_t opset, const char *input)
{
	memset(b, 0, sizeof *b);
	onnx__model_proto__init(&b->m);
	onnx__graph_proto__init(&b->g);
	b->m.has_ir_version = 1;
	b->m.ir_version = 8;
	b->m.graph = &b->g;
	onnx__operator_set_id_proto__init(&b->os);
	b->os.domain = "";
	b->os.has_version = 1;
	b->os.version = opset;
	b->osp = &b->os;
	b->m.opset_import = &b->osp;
	b->m.n_opset_import = 1;
	b->g.node = b->np;
	b->g.initializer = b->ip;
	b->g.input = &b->vinp;
	b->g.output = b->voutp;
	onnx__value_info_proto__init(&b->vin);
	onnx__type_proto__init(&b->ty[0]);
	onnx__type_proto__tensor__init(&b->tt[0]);
	b->vin.name = (char *)input;
	b->vin.type = &b->ty[0];
	b->ty[0].value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
	b->ty[0].tensor_type = &b->tt[0];
	b->tt[0].has_elem_type = 1;
	b->tt[0].elem_type = 1;
	b->vinp = &b->vin;
	b->g.n_input = 1;
}

static void
mb_output(struct mb *b, const char *name)
{
	size_t k = b->g.n_output;

	onnx__value_info_proto__init(&b->vout[k]);
	onnx__type_proto__init(&b->ty[k + 1]);
	onnx__type_proto__tensor__init(&b->tt[k + 1]);
	b->vout[k].name = (char *)name;
	b->vout[k].type = &b->ty[k + 1];
	b->ty[k + 1].value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
	b->ty[k + 1].tensor_type = &b->tt[k + 1];
	b->tt[k + 1].has_elem_type = 1;
	b->tt[k + 1].elem_type = 1;
	b->voutp[k] = &b->vout[k];
	b->g.n_output++;
}

/* A node reading up to three values (NULL ends the list) into out. */
static Onnx__NodeProto *
mb_node(struct mb *b, const char *op, const char *out, const char *i0,
	const char *i1, const char *i2)
{
	size_t k = b->g.n_node++;
	Onnx__NodeProto *n = &b->nodes[k];

	onnx__node_proto__init(n);
	n->op_type = (char *)op;
	b->names[k][0] = (char *)i0;
	b->names[k][1] = (char *)i1;
	b->names[k][2] = (char *)i2;
	n->input = b->names[k];
	n->n_input = i2 ? 3 : i1 ? 2 : 1;
	b->outs[k] = (char *)out;
	n->output = &b->outs[k];
	n->n_output = 1;
	n->attribute = b->ap[k];
	b->np[k] = n;
	return n;
}

static void
mb_attr_f(struct mb *b, Onnx__NodeProto *n, const char *name, float v)
{
	Onnx__AttributeProto *a = &b->attrs[b->nattrs++];

	onnx__attribute_proto__init(a);
	a->name = (char *)name;
	a->type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT;
	a->has_f = 1;
	a->f = v;
	n->attribute[n->n_attribute++] = a;
}

static void
mb_attr_i(struct mb *b, Onnx__NodeProto *n, const char *name, int64_t v)
{
	Onnx__AttributeProto *a = &b->attrs[b->nattrs++];

	onnx__attribute_proto__init(a);
	a->name = (char *)name;
	a->type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT;
	a->has_i = 1;
	a->i = v;
	n->attribute[n->n_attribute++] = a;
}

static void
mb_attr_ints(struct mb *b, Onnx__NodeProto *n, const char *name,
	     int64_t *v, size_t k)
{
	Onnx__AttributeProto *a = &b->attrs[b->nattrs++];

	onnx__attribute_proto__init(a);
	a->name = (char *)name;
	a->type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS;
	a->ints = v;
	a->n_ints = k;
	n->attribute[n->n_attribute++] = a;
}

static void
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
}

/* Loads b with fusion on or off. */
static void
mb_load(struct mb *b, struct model *m, int fuse)
{
	size_t len = onnx__model_proto__get_packed_size(&b->m);
	uint8_t *buf = malloc(len + 1);
	struct ck_error err;

	assert_non_null(buf);
	onnx__model_proto__pack(&b->m, buf);
	ck_error_clear(&err);
	infer_fuse_enabled = fuse;
	assert_int_equal(model_load_mem(m, buf, len, NULL, &err), 0);
	infer_fuse_enabled = 1;
	free(buf);
}

/* Runs in on the model fused and node by node: the same bits in every
 * output, and the fused model has nodes fewer nodes. */
static void
same_bits(struct mb *b, const struct tensor *in, size_t fewer)
{
	struct model mf, mp;
	struct tensor of[2], op[2];
	struct ck_error err;

	mb_load(b, &mf, 1);
	mb_load(b, &mp, 0);
	assert_int_equal(mp.nnodes - mf.nnodes, fewer);
	if (model_run(&mf, in, of, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(model_run(&mp, in, op, &err), 0);
	for (size_t i = 0; i < mp.noutputs; i++) {
		assert_int_equal(of[i].n, op[i].n);
		assert_memory_equal(of[i].dims, op[i].dims, sizeof of[i].dims);
		assert_memory_equal(of[i].data, op[i].data,
				    op[i].n * sizeof(float));
		tensor_release(&of[i]);
		tensor_release(&op[i]);
	}
	model_release(&mf);
	model_release(&mp);
}

static void
fill(struct tensor *t, int rank, const int64_t *dims, uint32_t *seed)
{
	struct ck_error err;

	assert_int_equal(tensor_alloc(t, DT_FLOAT, rank, dims, &err), 0);
	for (size_t i = 0; i < t->n; i++)
		F32(t)[i] = rnd(seed);
}

/* Conv, BatchNormalization, HardSwish (Add, Clip, Mul, Div), on the
 * im2col, 1x1 and depthwise paths; then Conv, Relu, MaxPool, and a Conv
 * whose output is also a graph output (not folded). */
static void
test_fuse_conv(void **state)
{
	static const int64_t groups[] = { 1, 1, 4 }, ks[] = { 3, 1, 3 };
	uint32_t seed = 17;
	int64_t xd[] = { 2, 4, 9, 11 };
	struct tensor x;

	(void)state;
	fill(&x, 4, xd, &seed);
	for (int path = 0; path < 3; path++) {
		struct mb b;
		int64_t g = groups[path], k = ks[path], M = 4;
		int64_t wd[] = { M, 4 / g, k, k }, cd[] = { M }, sd[] = { 1 };
		int64_t pads[] = { k / 2, k / 2, k / 2, k / 2 };
		float w[4 * 4 * 9], bias[4], bn[4][4], three = 3, six = 6;
		Onnx__NodeProto *n;

		for (size_t i = 0; i < sizeof w / sizeof *w; i++)
			w[i] = (float)((int)(lcg(&seed) % 2001) - 1000) / 997.0f;
		for (int i = 0; i < 4; i++) {
			bias[i] = (float)i / 7.0f;
			bn[0][i] = 1.0f + (float)i / 3.0f;	/* scale */
			bn[1][i] = (float)i / 5.0f - 0.3f;	/* B */
			bn[2][i] = (float)i / 11.0f;		/* mean */
			bn[3][i] = 0.5f + (float)i;		/* var */
		}
		mb_init(&b, 9, "X");
		mb_output(&b, "Y");
		n = mb_node(&b, "Conv", "c", "X", "W", "Bc");
		mb_attr_ints(&b, n, "pads", pads, 4);
		mb_attr_i(&b, n, "group", g);
		n = mb_node(&b, "BatchNormalization", "bn", "c", "s", "bb");
		n->input = (char *[]){ "c", "s", "bb", "mu", "var" };
		n->n_input = 5;
		mb_attr_f(&b, n, "epsilon", 1e-5f);
		mb_node(&b, "Add", "t", "bn", "three", NULL);
		n = mb_node(&b, "Clip", "u", "t", NULL, NULL);
		mb_attr_f(&b, n, "min", 0);
		mb_attr_f(&b, n, "max", 6);
		mb_node(&b, "Mul", "v", "bn", "u", NULL);
		mb_node(&b, "Div", "Y", "v", "six", NULL);
		mb_init_f(&b, "W", 4, wd, w, (size_t)(M * (4 / g) * k * k));
		mb_init_f(&b, "Bc", 1, cd, bias, 4);
		mb_init_f(&b, "s", 1, cd, bn[0], 4);
		mb_init_f(&b, "bb", 1, cd, bn[1], 4);
		mb_init_f(&b, "mu", 1, cd, bn[2], 4);
		mb_init_f(&b, "var", 1, cd, bn[3], 4);
		mb_init_f(&b, "three", 1, sd, &three, 1);
		mb_init_f(&b, "six", 0, NULL, &six, 1);
		same_bits(&b, &x, 5);
	}
	{
		/* Conv, Relu, MaxPool; and HardSigmoid, Mul by a constant on
		 * the left, Sub after a second Conv also read as an output */
		struct mb b;
		int64_t wd[] = { 3, 4, 3, 3 }, pads[] = { 1, 1, 1, 1 };
		int64_t two[] = { 2, 2 }, sd[] = { 1, 1, 1, 1 };
		float w[3 * 4 * 9], half = 0.5f;
		Onnx__NodeProto *n;

		for (size_t i = 0; i < sizeof w / sizeof *w; i++)
			w[i] = (float)((int)(lcg(&seed) % 2001) - 1000) / 997.0f;
		mb_init(&b, 13, "X");
		mb_output(&b, "Y");
		mb_output(&b, "c2");
		n = mb_node(&b, "Conv", "c", "X", "W", NULL);
		mb_attr_ints(&b, n, "pads", pads, 4);
		mb_node(&b, "Relu", "r", "c", NULL, NULL);
		n = mb_node(&b, "MaxPool", "p", "r", NULL, NULL);
		mb_attr_ints(&b, n, "kernel_shape", two, 2);
		mb_attr_ints(&b, n, "strides", two, 2);
		n = mb_node(&b, "HardSigmoid", "h", "p", NULL, NULL);
		n = mb_node(&b, "Conv", "c2", "X", "W", NULL);
		mb_attr_ints(&b, n, "pads", pads, 4);
		mb_node(&b, "Mul", "m", "half", "c2", NULL);
		n = mb_node(&b, "MaxPool", "q", "m", NULL, NULL);
		mb_attr_ints(&b, n, "kernel_shape", two, 2);
		mb_attr_ints(&b, n, "strides", two, 2);
		mb_node(&b, "Sub", "Y", "q", "h", NULL);
		mb_init_f(&b, "W", 4, wd, w, 3 * 4 * 9);
		mb_init_f(&b, "half", 4, sd, &half, 1);
		/* the Relu and MaxPool fold: c2 is an output, the
		 * HardSigmoid follows the pool, the Sub reads two computed
		 * values */
		same_bits(&b, &x, 2);
	}
	{
		/* depthwise, Relu, AveragePool 3x3 stride 2 with padding
		 * (the general pooling loop, image by image) */
		struct mb b;
		int64_t wd[] = { 4, 1, 3, 3 }, pads[] = { 1, 1, 1, 1 };
		int64_t three[] = { 3, 3 }, two[] = { 2, 2 };
		float w[4 * 9];
		Onnx__NodeProto *n;

		for (size_t i = 0; i < sizeof w / sizeof *w; i++)
			w[i] = (float)((int)(lcg(&seed) % 2001) - 1000) / 997.0f;
		mb_init(&b, 13, "X");
		mb_output(&b, "Y");
		n = mb_node(&b, "Conv", "c", "X", "W", NULL);
		mb_attr_ints(&b, n, "pads", pads, 4);
		mb_attr_i(&b, n, "group", 4);
		mb_node(&b, "Relu", "r", "c", NULL, NULL);
		n = mb_node(&b, "AveragePool", "Y", "r", NULL, NULL);
		mb_attr_ints(&b, n, "kernel_shape", three, 2);
		mb_attr_ints(&b, n, "strides", two, 2);
		mb_attr_ints(&b, n, "pads", pads, 4);
		mb_init_f(&b, "W", 4, wd, w, 4 * 9);
		same_bits(&b, &x, 2);
	}
	tensor_release(&x);
}

/* Gemm, Relu, Sub from a constant, x + Clip(x) (opset 13: min and max as
 * inputs, one a Constant node's output). */
static void
test_fuse_gemm(void **state)
{
	struct mb b;
	uint32_t seed = 23;
	int64_t xd[] = { 5, 7 }, wd[] = { 6, 7 }, bd[] = { 6 };
	float w[42], bias[6], lo = -1.5f, one = 1;
	struct tensor x;
	Onnx__NodeProto *n;
	Onnx__AttributeProto va;
	Onnx__TensorProto vt;

	(void)state;
	fill(&x, 2, xd, &seed);
	for (int i = 0; i < 42; i++)
		w[i] = (float)((int)(lcg(&seed) % 2001) - 1000) / 997.0f;
	for (int i = 0; i < 6; i++)
		bias[i] = (float)i / 3.0f - 1.0f;
	mb_init(&b, 13, "X");
	mb_output(&b, "Y");
	n = mb_node(&b, "Gemm", "g", "X", "W", "B");
	mb_attr_i(&b, n, "transB", 1);
	mb_node(&b, "Relu", "r", "g", NULL, NULL);
	mb_node(&b, "Sub", "s", "one", "r", NULL);
	n = mb_node(&b, "Constant", "hi", NULL, NULL, NULL);
	n->n_input = 0;
	onnx__attribute_proto__init(&va);
	onnx__tensor_proto__init(&vt);
	vt.has_data_type = 1;
	vt.data_type = 1;
	vt.float_data = &one;
	vt.n_float_data = 1;
	va.name = "value";
	va.type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__TENSOR;
	va.t = &vt;
	n->attribute[n->n_attribute++] = &va;
	mb_node(&b, "Clip", "c", "s", "lo", "hi");
	mb_node(&b, "Add", "Y", "s", "c", NULL);
	mb_init_f(&b, "W", 2, wd, w, 42);
	mb_init_f(&b, "B", 1, bd, bias, 6);
	mb_init_f(&b, "lo", 0, NULL, &lo, 1);
	mb_init_f(&b, "one", 0, NULL, &one, 1);
	/* Relu, Sub, Clip, Add and the Constant only the Clip read */
	same_bits(&b, &x, 5);
	tensor_release(&x);
}

/* The shipped CNN and PaddleOCR classifier, fused and node by node. */
static void
shipped(const char *file, const int64_t *dims, size_t fewer_min)
{
	char path[4096];
	struct model mf, mp;
	struct tensor x, of, op;
	struct ck_error err;
	uint32_t seed = 31;

	snprintf(path, sizeof path, "%s/%s", INFER_TEST_DATA, file);
	assert_int_equal(model_load_file(&mf, path, &err), 0);
	infer_fuse_enabled = 0;
	assert_int_equal(model_load_file(&mp, path, &err), 0);
	infer_fuse_enabled = 1;
	assert_true(mp.nnodes - mf.nnodes >= fewer_min);
	assert_int_equal(tensor_alloc(&x, DT_FLOAT, 4, dims, &err), 0);
	for (size_t i = 0; i < x.n; i++)
		F32(&x)[i] = (float)(lcg(&seed) % 100001) / 100000.0f;
	assert_int_equal(model_run(&mf, &x, &of, &err), 0);
	assert_int_equal(model_run(&mp, &x, &op, &err), 0);
	assert_int_equal(of.n, op.n);
	assert_memory_equal(of.data, op.data, op.n * sizeof(float));
	tensor_release(&of);
	tensor_release(&op);
	tensor_release(&x);
	model_release(&mf);
	model_release(&mp);
}

static void
test_fuse_shipped(void **state)
{
	static const int64_t cnn[] = { 3, 1, 28, 28 }, ocr[] = { 2, 3, 48, 192 };

	(void)state;
	shipped("cnn_28x28_c8c16.onnx", cnn, 4);	/* Relu, MaxPool x 2 */
	/* 35 BatchNormalization, 15 Relu, 9 HardSigmoid after a Conv,
	 * most of 18 HardSwish (4 nodes each), their Constants */
	shipped("ch_ppocr_mobile_v2.0_cls_infer.onnx", ocr, 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_maxpool_2x2),
		cmocka_unit_test(test_fuse_conv),
		cmocka_unit_test(test_fuse_gemm),
		cmocka_unit_test(test_fuse_shipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
