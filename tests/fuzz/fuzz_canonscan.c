/* fuzz_canonscan.c -- differential: whenever the fast canonical check
 * says yes, parsing and serialising again gives the same bytes. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/canon.h"
#include "common/canonscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ck_canon_top top;
	struct ck_error err;
	json_t *v;
	char *c;
	size_t len;

	if (!ck_canon_scan((const char *)data, size, &top))
		return 0;
	v = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (v == NULL)
		__builtin_trap();
	c = ck_canon_string(v, &len, &err);
	if (c == NULL || len != size || memcmp(c, data, size) != 0)
		__builtin_trap();
	free(c);
	json_decref(v);
	return 0;
}
