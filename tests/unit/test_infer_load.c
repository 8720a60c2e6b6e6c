/* test_infer_load.c -- the loader keeps one copy of the weights: a model
 * loaded from a file uses the raw_data of its initializers and Constant
 * nodes where it lies in the mapping when aligned for its type (copies the
 * rest, aligned), and gives the same tensors and outputs as the same bytes
 * loaded from memory (every weight copied). */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "infer/model.h"
#include "infer/onnx.pb-c.h"

static int
in_maps(const struct model *m, const void *p)
{
	for (size_t i = 0; i < m->nmaps; i++)
		if ((const char *)p >= (const char *)m->maps[i].p &&
		    (const char *)p < (const char *)m->maps[i].p + m->maps[i].len)
			return 1;
	return 0;
}

static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf;
	long n;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n > 0);
	rewind(fp);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* The raw_data of the Constant nodes' tensors of m, in node order. */
static size_t
constants(const struct model *m, const ProtobufCBinaryData **out, size_t max)
{
	const Onnx__GraphProto *g = m->proto->graph;
	size_t n = 0;

	for (size_t i = 0; i < g->n_node; i++)
		for (size_t j = 0; j < g->node[i]->n_attribute; j++) {
			const Onnx__TensorProto *t = g->node[i]->attribute[j]->t;
			if (t && t->has_raw_data && n < max)
				out[n++] = &t->raw_data;
		}
	return n;
}

static void
check_model(const char *name, size_t min_inits, size_t min_consts)
{
	char path[512];
	struct model mf, mm;
	struct ck_error err;
	size_t len, inplace = 0, nc, nc2;
	uint8_t *buf;
	const ProtobufCBinaryData *cf[512], *cm[512];

	snprintf(path, sizeof path, "%s/%s", INFER_TEST_DATA, name);
	assert_int_equal(model_load_file(&mf, path, &err), 0);
	buf = slurp(path, &len);
	assert_int_equal(model_load_mem(&mm, buf, len, NULL, &err), 0);
	free(buf);		/* the memory-loaded model keeps no pointer */
	assert_int_equal(mm.nmaps, 0);
	assert_true(mf.nmaps >= 1);
	assert_int_equal(mf.nvalues, mm.nvalues);
	for (size_t k = 0; k < mf.nvalues; k++) {
		const struct tensor *a = &mf.inits[k], *b = &mm.inits[k];
		size_t es;

		if (!mf.is_init[k])
			continue;
		es = dtype_size(a->dtype);
		assert_int_equal(a->dtype, b->dtype);
		assert_int_equal(a->n, b->n);
		assert_int_equal((uintptr_t)a->data % es, 0);
		assert_memory_equal(a->data, b->data, a->n * es);
		assert_false(in_maps(&mm, b->data));
		inplace += in_maps(&mf, a->data);
	}
	assert_true(inplace >= min_inits);
	nc = constants(&mf, cf, 512);
	nc2 = constants(&mm, cm, 512);
	assert_int_equal(nc, nc2);
	inplace = 0;
	for (size_t i = 0; i < nc; i++) {
		assert_int_equal(cf[i]->len, cm[i]->len);
		if (!cf[i]->len)
			continue;
		assert_int_equal((uintptr_t)cf[i]->data % 4, 0);
		assert_memory_equal(cf[i]->data, cm[i]->data, cf[i]->len);
		inplace += in_maps(&mf, cf[i]->data);
	}
	assert_true(inplace >= min_consts);

	/* the same outputs, bit for bit, on a made-up input */
	struct tensor in[4] = { 0 }, of[4] = { 0 }, om[4] = { 0 };
	assert_true(mf.ninputs <= 4 && mf.noutputs <= 4);
	for (size_t i = 0; i < mf.ninputs; i++) {
		const struct value_info *vi = &mf.inputs[i];
		int64_t d[INFER_MAX_RANK];
		for (int r = 0; r < vi->rank; r++)
			d[r] = vi->dims[r] >= 0 ? vi->dims[r] :
				r == 2 ? 48 : r == 3 ? 192 : 1;
		assert_int_equal(tensor_alloc(&in[i], vi->dtype, vi->rank, d,
					      &err), 0);
		for (size_t e = 0; e < in[i].n; e++)
			((float *)in[i].data)[e] = (float)(e % 97) / 97.0f;
	}
	assert_int_equal(model_run(&mf, in, of, &err), 0);
	assert_int_equal(model_run(&mm, in, om, &err), 0);
	for (size_t i = 0; i < mf.noutputs; i++) {
		assert_int_equal(of[i].n, om[i].n);
		assert_memory_equal(of[i].data, om[i].data,
				    of[i].n * dtype_size(of[i].dtype));
		tensor_release(&of[i]);
		tensor_release(&om[i]);
	}
	for (size_t i = 0; i < mf.ninputs; i++)
		tensor_release(&in[i]);
	model_release(&mf);
	model_release(&mm);
}

static void
test_weights_in_place_cnn(void **state)
{
	(void)state;
	/* four of its six initializers lie 4-byte aligned in the file */
	check_model("cnn_28x28_c8c16.onnx", 1, 0);
}

static void
test_weights_in_place_constants(void **state)
{
	(void)state;
	/* PaddleOCR keeps its weights in 250 Constant nodes */
	check_model("ch_ppocr_mobile_v2.0_cls_infer.onnx", 0, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weights_in_place_cnn),
		cmocka_unit_test(test_weights_in_place_constants),
	};

	return cmocka_run_group_tests_name("infer loader mapping", tests, NULL,
					   NULL);
}
