/* fuzz_seal.c -- the sealed-blob header parser and opener on arbitrary
 * bytes, with a key credential (a passphrase would run scrypt at whatever
 * cost the input asks, within the bounds). */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/seal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char k[32];
	struct ck_cred c = { CK_CRED_KEY, k, sizeof(k) };
	struct ck_seal_info info;
	struct ck_buf out = CK_BUF_INIT;
	struct ck_error err;

	memset(k, 0x42, sizeof(k));
	if (ck_seal_inspect(data, size, &info, &err) == 0 &&
	    info.payload_len + CK_SEAL_HEADER_LEN + CK_SEAL_TAG_LEN != size)
		abort();
	if (ck_unseal(&c, data, size, &out, &err) == 0 && out.len > size)
		abort();
	ck_buf_release_secret(&out);
	return 0;
}
