/* fuzz_key.c -- the key file parser never crashes and never accepts a
 * file whose key-id does not match its key. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/b64.h"
#include "common/key.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ck_key k;
	struct ck_error err;
	unsigned char out[256];
	char id[CK_KEY_ID_HEXLEN + 1];

	if (ck_key_parse(&k, (const char *)data, size, "fuzz", 0, &err) == 0) {
		ck_key_id(k.pub, id);
		if (strcmp(id, k.id) != 0)
			__builtin_trap();
	}
	ck_key_clear(&k);
	(void)ck_b64_decode((const char *)data, size, out, sizeof out);
	return 0;
}
