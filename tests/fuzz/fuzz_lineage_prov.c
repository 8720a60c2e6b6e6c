/* fuzz_lineage_prov.c -- bytes through lineage import's PROV-JSON reader
 * (records, relations, our namespace). */
#include <config.h>

#include "fuzz_lineage_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import(ln_prov_parse, data, size);
}
