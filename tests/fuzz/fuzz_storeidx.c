/* fuzz_storeidx.c -- bytes through the pack index check: it must refuse
 * or accept without reading out of bounds; an accepted index has every
 * entry inside the pack it names. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>

#include "common/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ck_error err;
	uint64_t pack = 0;

	if (size < 2)
		return 0;
	pack = (uint64_t)data[0] << 8 | data[1];
	(void)ck_store_idx_check(data + 2, size - 2, pack, &err);
	return 0;
}
