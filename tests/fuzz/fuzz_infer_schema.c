/* fuzz_infer_schema.c -- bytes through infer's YAML schema loader, and
 * every loaded schema applied to a few values. */
#include <config.h>

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "infer/schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ck_error err;
	struct schema s;
	static const double probe[] = { 0, -1, 1e9, NAN, INFINITY, 42.5 };

	if (schema_load_buf(&s, (const char *)data, size, "fuzz", &err) < 0)
		return 0;
	for (size_t i = 0; i < sizeof probe / sizeof probe[0]; i++)
		(void)schema_check_value(&s, i, probe[i], &err);
	schema_release(&s);
	return 0;
}
