/* fuzz_ksign_records.c -- differential, for ksign's record mode: whenever
 * canonical-from-text with reals (ck_canon_fast, reals set) says yes,
 * jansson (as ck_jsonl_read parses) and canon.c give the same bytes. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/canon.h"
#include "common/canonfast.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ck_canon_fast f;
	struct ck_error err;
	json_t *v;
	char *c;
	size_t len;
	int r;

	f.reals = 1;
	r = ck_canon_fast(&f, (const char *)data, size);
	if (r < 0)
		__builtin_trap();
	if (r == 0)
		return 0;
	v = json_loadb((const char *)data, size,
		       JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
	if (v == NULL || !json_is_object(v))
		__builtin_trap();
	c = ck_canon_string(v, &len, &err);
	if (c == NULL || len != f.out.len || memcmp(c, f.out.data, len) != 0)
		__builtin_trap();
	free(c);
	json_decref(v);
	return 0;
}
