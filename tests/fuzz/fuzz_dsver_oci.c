/* fuzz_dsver_oci.c -- bytes through the OCI index and image manifest
 * readers that dsver import trusts no further than their digests. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "dsver/oci.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ck_error err;
	struct ds_oci_obj *l = NULL;
	unsigned char d[CK_SHA256_LEN];
	uint64_t sz;
	size_t n = 0;

	(void)ds_oci_parse_index((const char *)data, size, d, &sz, &err);
	if (ds_oci_parse_image((const char *)data, size, &l, &n, &err) == 0) {
		if (n == 0)
			abort();
		free(l);
	}
	return 0;
}
