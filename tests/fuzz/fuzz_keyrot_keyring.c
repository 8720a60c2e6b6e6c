/* fuzz_keyrot_keyring.c -- the keyring's sealed plaintext parser on
 * arbitrary bytes: what parses must serialise and parse back the same. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyrot/keyring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kr_keyring kr, back;
	struct ck_buf b = CK_BUF_INIT;
	struct ck_error err;

	if (kr_keyring_parse(data, size, &kr, &err) == 0) {
		if (kr_keyring_primary(&kr) == NULL ||
		    kr_keyring_serialize(&kr, &b, &err) < 0 ||
		    kr_keyring_parse(b.data, b.len, &back, &err) < 0 ||
		    back.n != kr.n)
			abort();
		for (size_t i = 0; i < kr.n; i++)
			if (back.v[i].id != kr.v[i].id ||
			    back.v[i].state != kr.v[i].state ||
			    memcmp(back.v[i].key, kr.v[i].key, KR_KEY_LEN) != 0)
				abort();
		kr_keyring_release(&back);
		kr_keyring_release(&kr);
	}
	ck_buf_release_secret(&b);
	return 0;
}
