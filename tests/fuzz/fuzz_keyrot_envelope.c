/* fuzz_keyrot_envelope.c -- the envelope header parser and the payload
 * opener on arbitrary bytes, under a fixed key and context: nothing may
 * crash, and whatever opens must have authenticated; the field sealer's
 * opener (fieldseal.h) must agree with the stream path. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyrot/envelope.h"
#include "keyrot/fieldseal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char key[KR_KEY_LEN], ctxh[32], raw[KR_HDR_LEN];
	unsigned char dkey[KR_KEY_LEN];
	struct kr_source src = { -1, data, size, 0 };
	struct kr_sink dst;
	struct kr_header h;
	struct ck_buf out = CK_BUF_INIT, out2 = CK_BUF_INIT;
	struct ck_error err;
	static struct kr_fseal *fs;
	int opened = -1;

	memset(key, 0x11, sizeof(key));
	kr_context_hash("fuzz", 4, ctxh);
	memset(&dst, 0, sizeof(dst));
	dst.fd = -1;
	dst.mem = &out;
	if (kr_read_header(&src, raw, &h, &err) == 0) {
		if (h.segsize < KR_SEG_MIN || h.segsize > KR_SEG_MAX)
			abort();
		/* a fresh data key makes the payload checkable too */
		memset(dkey, 0x22, sizeof(dkey));
		if (kr_unwrap(key, &h, ctxh, dkey, &err) < 0)
			memset(dkey, 0x22, sizeof(dkey));
		else
			opened = 0;
		if (h.segsize <= 65536 &&
		    kr_decrypt_payload(&h, dkey, ctxh, &src, &dst, &err) == 0 &&
		    out.len > size)
			abort();
		if (fs == NULL && (fs = kr_fseal_new()) == NULL)
			abort();
		if (h.segsize <= 65536 &&
		    kr_fseal_open(fs, &h, key, ctxh, data, size, &out2,
				  &err) == 0 &&
		    (opened < 0 || out2.len != out.len ||
		     memcmp(out2.data, out.data, out.len) != 0))
			abort();
	}
	ck_buf_release(&out);
	ck_buf_release(&out2);
	return 0;
}
