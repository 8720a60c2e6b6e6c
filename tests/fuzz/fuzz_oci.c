/* fuzz_oci.c -- bytes through the generic OCI image index and image
 * manifest parsers (src/common/oci.c), which a layout reader trusts no
 * further than their digests. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/oci.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ck_error err;
	struct ck_oci_index ix;
	struct ck_oci_manifest m;

	if (ck_oci_index_parse((const char *)data, size, "f", &ix, &err) == 0) {
		struct ck_buf b = CK_BUF_INIT;

		/* what parses builds again */
		if (ck_oci_index_build(ix.manifests, ix.n, &b, &err) < 0)
			abort();
		ck_buf_release(&b);
		ck_oci_index_release(&ix);
	} else if (err.msg[0] == '\0') {
		abort();	/* a refusal always says why */
	}
	if (ck_oci_manifest_parse((const char *)data, size, "f", &m, &err) ==
	    0) {
		struct ck_buf b = CK_BUF_INIT;

		if (ck_oci_manifest_build(m.artifact_type[0] ? m.artifact_type
					  : NULL, &m.config, m.layers,
					  m.nlayers, m.annotations, &b,
					  &err) < 0)
			abort();
		ck_buf_release(&b);
		ck_oci_manifest_release(&m);
	}
	return 0;
}
