/* fuzz_dsver_csv.c -- bytes through the CSV column describer. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>

#include "dsver/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *v = ds_csv_columns((const char *)data, size);

	json_decref(v);
	return 0;
}
