/* fuzz_infer_model.c -- bytes through infer's model loader.  A model that
 * loads is run once on zeros of its declared input shapes (symbolic
 * dimensions 1), under a lowered tensor size bound, so operators see
 * whatever attributes and initializers the fuzzer invents.  Any outcome
 * but a crash, a leak or undefined behaviour is fine. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "infer/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ck_error err;
	struct model m;
	struct tensor *in, *out;

	infer_max_elems = (size_t)1 << 16;
	if (model_load_mem(&m, data, size, NULL, &err) < 0)
		return 0;
	in = calloc(m.ninputs + 1, sizeof *in);
	out = calloc(m.noutputs + 1, sizeof *out);
	int ok = in && out && m.nnodes <= 64;
	for (size_t i = 0; ok && i < m.ninputs; i++) {
		const struct value_info *vi = &m.inputs[i];
		int64_t d[INFER_MAX_RANK];
		int rank = vi->rank < 0 ? 0 : vi->rank;

		for (int k = 0; k < rank; k++)
			d[k] = vi->dims[k] < 0 ? 1 : vi->dims[k];
		if (tensor_alloc(&in[i], vi->dtype ? vi->dtype : 1, rank, d,
				 &err) < 0)
			ok = 0;
	}
	if (ok && model_run(&m, in, out, &err) == 0)
		for (size_t i = 0; i < m.noutputs; i++)
			tensor_release(&out[i]);
	if (in)
		for (size_t i = 0; i < m.ninputs; i++)
			tensor_release(&in[i]);
	free(in);
	free(out);
	model_release(&m);
	return 0;
}
