/* fuzz_key.c -- the key file parser never crashes and never accepts a
 * file whose key-id does not match its key. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/b64.h"
#include "common/key.h"
#include "common/seal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every "kdf-params: " line asks for N=1024 r=8 p=1. */
static int
cheap_kdf(const char *p, size_t n)
{
	static const char key[] = "kdf-params: ", want[] = "N=1024 r=8 p=1\n";
	const char *end = p + n;

	while (p < end) {
		const char *q = memmem(p, (size_t)(end - p), key,
				       sizeof key - 1);

		if (q == NULL)
			return 1;
		q += sizeof key - 1;
		if ((size_t)(end - q) < sizeof want - 1 ||
		    memcmp(q, want, sizeof want - 1) != 0)
			return 0;
		p = q;
	}
	return 1;
}

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
	/* Sealed keys too, with a passphrase, where the file's scrypt cost is
	 * the cheapest (a dearer one is refused before scrypt runs unless
	 * the sealed header agrees, and would only be slow). */
	if (cheap_kdf((const char *)data, size)) {
		struct ck_cred c;

		if (ck_cred_passphrase(&c, "fuzz", 4, &err) == 0 &&
		    ck_key_parse_cred(&k, (const char *)data, size, "fuzz", 1,
				      &c, &err) == 0 && !k.has_secret)
			__builtin_trap();
		ck_cred_release(&c);
		ck_key_clear(&k);
	}
	(void)ck_b64_decode((const char *)data, size, out, sizeof out);
	return 0;
}
