/* fuzz_canonfast.c -- differential: whenever canonical-from-text says
 * yes, parsing with jansson (as ck_jsonl_read does) and serialising with
 * canon.c gives the same bytes, and the member lookup finds every
 * top-level member where the fast path put it. */
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
	char *c, key[256];
	size_t len, i, val, vl;
	int r = ck_canon_fast(&f, (const char *)data, size);

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
	for (i = 0; i < f.top.count; i++) {
		const struct ck_canon_member *m = &f.top.m[i];

		if (m->keylen >= sizeof key)
			continue;
		memcpy(key, f.out.data + m->key, m->keylen);
		key[m->keylen] = '\0';
		if (!ck_canon_member(f.out.data, f.out.len, key, &val, &vl) ||
		    val != m->val || vl != m->vallen)
			__builtin_trap();
	}
	free(c);
	json_decref(v);
	return 0;
}
