/* fuzz_dates.c -- phi_date_length on arbitrary bytes: never reads past
 * n, never returns more than n, and a date it accepts is accepted again
 * on its own bytes with the same length (no dependence on what follows
 * beyond the clean-end check). */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/phi/detect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy;
	size_t i, len;

	/* An exact-size heap copy, so ASan sees any read past the end. */
	copy = malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	for (i = 0; i < size && i < 64; i++) {
		len = phi_date_length(copy + i, size - i);
		if (len > size - i)
			abort();
		if (len > 0) {
			char *only = malloc(len);

			if (only == NULL)
				break;
			memcpy(only, copy + i, len);
			if (phi_date_length(only, len) != len)
				abort();
			free(only);
		}
	}
	free(copy);
	return 0;
}
